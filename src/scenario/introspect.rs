//! The fields serde expects for a struct, read from its derived `Deserialize`: their names,
//! what kind of value each takes, and which ones are required.
//!
//! CSV headers are checked against these before any row is read, so that one misspelt or
//! missing column is reported once, not once per row; cells are checked against the kinds so
//! that every bad cell of a row is reported with its column and its text.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;

/// What a field holds, as far as the file format is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Integer,
    /// `true`/`false`, read leniently (`flexible_bool` in raw.rs: the only self-describing
    /// field there, which is how it is recognised).
    Bool,
    List,
    Table,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldInfo {
    pub name: &'static str,
    pub kind: Kind,
    /// Absent → serde reports "missing field" (no `Option`, no `#[serde(default)]`).
    pub required: bool,
}

#[derive(Debug)]
enum Probe {
    Missing(&'static str),
    Other,
}

impl std::fmt::Display for Probe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("probe")
    }
}
impl std::error::Error for Probe {}
impl de::Error for Probe {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Probe::Other
    }
    fn missing_field(field: &'static str) -> Self {
        Probe::Missing(field)
    }
}

/// Stands for a whole struct: hands the visitor every field but `omit`, each with a value that
/// takes whatever type is asked of it, and notes which type that was.
struct Top<'a> {
    omit: Option<&'static str>,
    seen: &'a RefCell<Vec<(&'static str, Kind)>>,
}

impl<'de> Deserializer<'de> for Top<'_> {
    type Error = Probe;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Probe> {
        Err(Probe::Other)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Probe> {
        visitor.visit_map(Fields {
            fields,
            omit: self.omit,
            next: 0,
            seen: Some(self.seen),
        })
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

struct Fields<'a> {
    fields: &'static [&'static str],
    omit: Option<&'static str>,
    next: usize,
    seen: Option<&'a RefCell<Vec<(&'static str, Kind)>>>,
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = Probe;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Probe> {
        while let Some(&f) = self.fields.get(self.next) {
            if Some(f) != self.omit {
                return seed
                    .deserialize(de::value::BorrowedStrDeserializer::new(f))
                    .map(Some);
            }
            self.next += 1;
        }
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Probe> {
        let name = self.fields[self.next];
        self.next += 1;
        let kind = RefCell::new(None);
        let out = seed.deserialize(Any { kind: &kind });
        if let Some(seen) = self.seen {
            seen.borrow_mut()
                .push((name, kind.into_inner().unwrap_or(Kind::Other)));
        }
        out
    }
}

/// A value of any type: the first typed request it gets decides the field's kind.
struct Any<'a> {
    kind: &'a RefCell<Option<Kind>>,
}

impl Any<'_> {
    fn note(&self, k: Kind) {
        let mut kind = self.kind.borrow_mut();
        if kind.is_none() {
            *kind = Some(k);
        }
    }
}

struct NoItems;
impl<'de> SeqAccess<'de> for NoItems {
    type Error = Probe;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        _: T,
    ) -> Result<Option<T::Value>, Probe> {
        Ok(None)
    }
}
impl<'de> MapAccess<'de> for NoItems {
    type Error = Probe;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, _: K) -> Result<Option<K::Value>, Probe> {
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, _: V) -> Result<V::Value, Probe> {
        Err(Probe::Other)
    }
}

macro_rules! typed {
    ($($method:ident => $kind:expr, $visit:ident($($val:expr)?);)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Probe> {
            self.note($kind);
            visitor.$visit($($val)?)
        }
    )*};
}

impl<'de> Deserializer<'de> for Any<'_> {
    type Error = Probe;
    typed! {
        deserialize_any => Kind::Bool, visit_bool(false);
        deserialize_bool => Kind::Bool, visit_bool(false);
        deserialize_i8 => Kind::Integer, visit_i64(0);
        deserialize_i16 => Kind::Integer, visit_i64(0);
        deserialize_i32 => Kind::Integer, visit_i64(0);
        deserialize_i64 => Kind::Integer, visit_i64(0);
        deserialize_u8 => Kind::Integer, visit_u64(0);
        deserialize_u16 => Kind::Integer, visit_u64(0);
        deserialize_u32 => Kind::Integer, visit_u64(0);
        deserialize_u64 => Kind::Integer, visit_u64(0);
        deserialize_f32 => Kind::Number, visit_f64(0.0);
        deserialize_f64 => Kind::Number, visit_f64(0.0);
        deserialize_char => Kind::Text, visit_str("x");
        deserialize_str => Kind::Text, visit_str("");
        deserialize_string => Kind::Text, visit_str("");
        deserialize_identifier => Kind::Text, visit_str("");
        deserialize_bytes => Kind::Other, visit_bytes(&[]);
        deserialize_byte_buf => Kind::Other, visit_bytes(&[]);
        deserialize_unit => Kind::Other, visit_unit();
        deserialize_ignored_any => Kind::Other, visit_unit();
        deserialize_seq => Kind::List, visit_seq(NoItems);
        deserialize_map => Kind::Table, visit_map(NoItems);
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Probe> {
        visitor.visit_some(self)
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Probe> {
        self.deserialize_unit(visitor)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Probe> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Probe> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Probe> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Probe> {
        self.note(Kind::Table);
        visitor.visit_map(Fields {
            fields,
            omit: None,
            next: 0,
            seen: None,
        })
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Probe> {
        self.note(Kind::Other);
        Err(Probe::Other)
    }
}

/// Every field of `T`, in declaration order.
pub fn schema<T: for<'de> Deserialize<'de>>() -> Vec<FieldInfo> {
    let seen = RefCell::new(Vec::new());
    let _ = T::deserialize(Top {
        omit: None,
        seen: &seen,
    });
    let kinds = seen.into_inner();
    kinds
        .iter()
        .map(|&(name, kind)| {
            let scratch = RefCell::new(Vec::new());
            let required = matches!(
                T::deserialize(Top { omit: Some(name), seen: &scratch }),
                Err(Probe::Missing(f)) if f == name
            );
            FieldInfo {
                name,
                kind,
                required,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::raw::*;

    #[test]
    fn reads_project_fields() {
        let f: Vec<&str> = schema::<RawProject>().iter().map(|f| f.name).collect();
        assert!(f.contains(&"need_mu") && f.contains(&"min_share"));
    }

    #[test]
    fn knows_kinds_and_required_fields() {
        let s = schema::<RawProject>();
        let get = |n: &str| *s.iter().find(|f| f.name == n).unwrap();
        assert_eq!(
            get("id"),
            FieldInfo {
                name: "id",
                kind: Kind::Text,
                required: true
            }
        );
        assert_eq!(
            get("need_mu"),
            FieldInfo {
                name: "need_mu",
                kind: Kind::Number,
                required: false
            }
        );
        assert_eq!(get("outside_boundary").kind, Kind::Bool);
        assert!(!get("outside_boundary").required);
        let pools = schema::<RawPool>();
        assert!(
            pools
                .iter()
                .any(|f| f.name == "categories" && f.kind == Kind::List && f.required)
        );
        let rules = schema::<RawRules>();
        assert!(rules.iter().all(|f| !f.required), "{rules:?}");
        assert!(
            rules
                .iter()
                .any(|f| f.name == "stock_linkage" && f.kind == Kind::Table)
        );
    }
}

//! The field names serde expects for a struct, read from its derived `Deserialize`.
//!
//! CSV headers are checked against these names before any row is read, so that one misspelt
//! column is reported once, not once per row.

use serde::de::{self, Deserialize, Deserializer, Visitor};

struct Grab(std::cell::Cell<Option<&'static [&'static str]>>);

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stop")
    }
}
impl std::error::Error for Stop {}
impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for &Grab {
    type Error = Stop;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        self.0.set(Some(fields));
        Err(Stop)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

pub fn struct_fields<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let grab = Grab(std::cell::Cell::new(None));
    let _ = T::deserialize(&grab);
    grab.0.get().unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_project_fields() {
        let f = super::struct_fields::<crate::scenario::raw::RawProject>();
        assert!(f.contains(&"need_mu") && f.contains(&"min_share"));
    }
}

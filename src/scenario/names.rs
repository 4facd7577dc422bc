//! Names wherever ids go. An officer's list names a county by 南湖区, a category by 重大基础设施,
//! a tier by 省重点项目, where the scenario's ids are `nanhu`, `infrastructure`, `provincial`.
//! After loading (and after `--set` edits) every reference is read as an id if it is one, else
//! as the name the scenario declares for exactly one record (compared after trimming and
//! making full-width letters and digits half-width); a name two records share, or a name that
//! is another record's id, is an error listing both. What is left unknown, validation reports
//! with a "did you mean" that shows ids with their names. A note says how many references
//! were read by name, per file and field.

use super::aliases::{normalise_value, tier};
use super::diag::{Diagnostics, Note, Origin};
use super::raw::{
    RawCategory, RawCounty, RawCountyYear, RawPool, RawProject, RawRules, RawTownship,
};
use super::record::Record;
use crate::i18n::Msg;
use crate::msg;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// The ids and names of one section.
struct Names {
    /// Exact ids.
    ids: HashMap<String, ()>,
    /// Normalised id or name → the ids it names (in file order, without repeats).
    keys: HashMap<String, Vec<String>>,
    /// id → name, for messages.
    labels: HashMap<String, String>,
}

enum Found {
    /// The value is an id: kept.
    Id,
    /// A name (or a differently written id) of one record: this id.
    Name(String),
    /// Several records: their ids.
    Ambiguous(Vec<String>),
    Unknown,
}

impl Names {
    fn build<'a>(entries: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> Self {
        let mut n = Names {
            ids: HashMap::new(),
            keys: HashMap::new(),
            labels: HashMap::new(),
        };
        for (id, name) in entries {
            n.ids.insert(id.to_string(), ());
            let mut add = |key: String| {
                if key.is_empty() {
                    return;
                }
                let ids = n.keys.entry(key).or_default();
                if !ids.iter().any(|i| i == id) {
                    ids.push(id.to_string());
                }
            };
            add(normalise_value(id));
            if let Some(name) = name {
                add(normalise_value(name));
                n.labels.insert(id.to_string(), name.trim().to_string());
            }
        }
        n
    }

    fn find(&self, value: &str) -> Found {
        let key = normalise_value(value);
        let named: &[String] = self.keys.get(&key).map_or(&[], Vec::as_slice);
        if self.ids.contains_key(value) {
            // An id that is also another record's name is ambiguous.
            return if named.iter().all(|i| i == value) {
                Found::Id
            } else {
                Found::Ambiguous(named.to_vec())
            };
        }
        match named {
            [] => Found::Unknown,
            [one] => Found::Name(one.clone()),
            many => Found::Ambiguous(many.to_vec()),
        }
    }

    fn show(&self, id: &str) -> String {
        match self.labels.get(id).filter(|n| *n != id) {
            Some(name) => format!("{id}（{name}）"),
            None => id.to_string(),
        }
    }
}

/// How many references of one file and field were read by name, and the first few (name, id).
type Read = (usize, Vec<(String, String)>);

/// References read by name, per (file, field), for the notes.
#[derive(Default)]
struct ByName(BTreeMap<(PathBuf, String), Read>);

impl ByName {
    fn add(&mut self, o: &Origin, field: &str, from: &str, to: &str) {
        let e = self
            .0
            .entry((o.file.clone(), field.to_string()))
            .or_default();
        e.0 += 1;
        if e.1.len() < 8 && !e.1.iter().any(|(f, _)| f == from) {
            e.1.push((from.to_string(), to.to_string()));
        }
    }
}

struct Ctx<'a> {
    by_name: &'a mut ByName,
    problems: Vec<super::diag::Diagnostic>,
}

impl Ctx<'_> {
    /// Resolves one reference in place; `what` names the kind of record for messages.
    fn resolve(
        &mut self,
        names: &Names,
        what: Msg,
        origin: &mut Origin,
        field: &str,
        note_field: &str,
        value: &mut String,
    ) {
        if value.is_empty() {
            return;
        }
        match names.find(value) {
            Found::Id | Found::Unknown => {}
            Found::Name(id) => {
                self.by_name.add(origin, note_field, value, &id);
                *value = id;
            }
            Found::Ambiguous(ids) => {
                let list: Vec<String> = ids.iter().map(|i| names.show(i)).collect();
                self.problems.push(origin.error(
                    field,
                    msg!(
                        "name-ambiguous",
                        what = what,
                        value = value.as_str(),
                        list = list.join(", ")
                    ),
                    msg!("name-ambiguous-hint"),
                ));
                // Reported: validation says nothing more about it.
                origin.unloaded.push(field.to_string());
            }
        }
    }
}

fn names_of<T>(
    recs: &[Record<T>],
    id: impl Fn(&T) -> &str,
    name: impl Fn(&T) -> Option<&str>,
) -> Names {
    Names::build(recs.iter().map(|r| (id(&r.raw), name(&r.raw))))
}

/// The parts of a raw scenario that references are resolved in (the loader's
/// `RawScenario`, borrowed field by field).
pub struct Sections<'a> {
    pub categories: &'a [Record<RawCategory>],
    pub counties: &'a [Record<RawCounty>],
    pub pools: &'a mut [Record<RawPool>],
    pub townships: &'a mut [Record<RawTownship>],
    pub projects: &'a mut [Record<RawProject>],
    pub county_years: &'a mut [Record<RawCountyYear>],
    pub rules: Option<&'a mut Record<RawRules>>,
    pub problems: &'a mut Diagnostics,
    pub notes: &'a mut Vec<Note>,
}

/// Reads every reference given by name as its id; the problems found (ambiguous names) go to
/// `problems`, and a note per file and field says what was read by name.
pub fn resolve(raw: Sections<'_>) {
    let counties = names_of(raw.counties, |c| &c.id, |c| c.name.as_deref());
    let categories = names_of(raw.categories, |c| &c.id, |c| c.name.as_deref());
    let pools = names_of(raw.pools, |p| &p.id, |p| p.name.as_deref());
    // Townships by county: a township's name is unique within its county only.
    let mut townships: HashMap<String, Vec<(String, Option<String>)>> = HashMap::new();
    let mut by_name = ByName::default();
    let mut cx = Ctx {
        by_name: &mut by_name,
        problems: Vec::new(),
    };
    let county = || msg!("val-what-county");
    let category = || msg!("val-what-category");
    for r in raw.townships.iter_mut() {
        cx.resolve(
            &counties,
            county(),
            &mut r.origin,
            "county",
            "county",
            &mut r.raw.county,
        );
        townships
            .entry(r.raw.county.clone())
            .or_default()
            .push((r.raw.id.clone(), r.raw.name.clone()));
    }
    let townships: HashMap<String, Names> = townships
        .iter()
        .map(|(c, list)| {
            (
                c.clone(),
                Names::build(list.iter().map(|(i, n)| (i.as_str(), n.as_deref()))),
            )
        })
        .collect();
    for r in raw.projects.iter_mut() {
        let (p, o) = (&mut r.raw, &mut r.origin);
        cx.resolve(&counties, county(), o, "county", "county", &mut p.county);
        cx.resolve(
            &categories,
            category(),
            o,
            "category",
            "category",
            &mut p.category,
        );
        if let Some(id) = tier(&p.tier) {
            if p.tier != id {
                cx.by_name.add(o, "tier", &p.tier, id);
            }
            p.tier = id.to_string();
        }
        if let (Some(t), Some(names)) = (p.township.as_mut(), townships.get(&p.county)) {
            cx.resolve(
                names,
                msg!("load-what-township"),
                o,
                "township",
                "township",
                t,
            );
        }
    }
    for r in raw.county_years.iter_mut() {
        cx.resolve(
            &counties,
            county(),
            &mut r.origin,
            "county",
            "county",
            &mut r.raw.county,
        );
    }
    for r in raw.pools.iter_mut() {
        let (p, o) = (&mut r.raw, &mut r.origin);
        for (j, c) in p.categories.iter_mut().enumerate() {
            cx.resolve(
                &categories,
                category(),
                o,
                &format!("categories[{j}]"),
                "categories",
                c,
            );
        }
        // A pool's counties may also be cities (by name): only county names are read here.
        for (j, c) in p.counties.iter_mut().flatten().enumerate() {
            cx.resolve(
                &counties,
                county(),
                o,
                &format!("counties[{j}]"),
                "counties",
                c,
            );
        }
    }
    if let Some(r) = raw.rules {
        let (rules, o) = (&mut r.raw, &mut r.origin);
        if let Some(s) = &mut rules.stock_linkage {
            for (j, p) in s.pools.iter_mut().enumerate() {
                let f = format!("stock_linkage.pools[{j}]");
                cx.resolve(
                    &pools,
                    msg!("val-what-pool"),
                    o,
                    &f,
                    "stock_linkage.pools",
                    p,
                );
            }
        }
        for (k, e) in rules.earmarks.iter_mut().enumerate() {
            if let Some(c) = &mut e.category {
                let f = format!("earmarks[{k}].category");
                cx.resolve(&categories, category(), o, &f, "earmarks.category", c);
            }
        }
        for (rule, ex) in [
            ("freeze", &mut rules.freeze),
            ("consolidation", &mut rules.consolidation),
        ] {
            if let Some(ex) = ex {
                for (j, c) in ex.exempt_categories.iter_mut().enumerate() {
                    let f = format!("{rule}.exempt_categories[{j}]");
                    let nf = format!("{rule}.exempt_categories");
                    cx.resolve(&categories, category(), o, &f, &nf, c);
                }
            }
        }
    }
    let problems = std::mem::take(&mut cx.problems);
    for d in problems {
        raw.problems.push(d);
    }
    for ((file, field), (count, pairs)) in by_name.0 {
        let list: Vec<String> = pairs.iter().map(|(a, b)| format!("{a} → {b}")).collect();
        let note = Note {
            file,
            location: super::diag::Location::File,
            message: msg!(
                "note-by-name",
                field = field,
                count = count,
                list = list.join(", ")
            ),
        };
        // A second pass (after --set edits) finds nothing new to say about the same file.
        if !raw.notes.contains(&note) {
            raw.notes.push(note);
        }
    }
}

/// The id a `--set` path segment names among `entries` (id, name): the id itself, or the
/// name of exactly one record (`pools.城市分批次及其他.capacity`). `None` if neither.
pub fn id_in<'a>(
    entries: impl Iterator<Item = (&'a str, Option<&'a str>)>,
    segment: &str,
) -> Option<String> {
    match Names::build(entries).find(segment) {
        Found::Id => Some(segment.to_string()),
        Found::Name(id) => Some(id),
        Found::Ambiguous(_) | Found::Unknown => None,
    }
}

/// The name closest to a misspelt one, counted in characters: at most one edit in three
/// characters (南湖 → 南湖区), never all of them, so that an unrelated three-character name is
/// not offered for another.
pub fn closest_name<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    names
        .into_iter()
        .map(|n| (strsim::damerau_levenshtein(word, n), n))
        .filter(|(d, n)| {
            let longest = len.max(n.chars().count());
            *d > 0 && *d < longest && *d <= (longest / 3).max(1)
        })
        .min_by_key(|(d, n)| (*d, *n))
        .map(|(_, n)| n)
}

/// `id（name）` for the ids of a section that have a name other than the id, for "did you
/// mean" hints.
pub fn shown<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> HashMap<&'a str, String> {
    entries
        .filter(|(id, name)| !name.is_empty() && id != name)
        .map(|(id, name)| (id, format!("{id}（{name}）")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_names_and_ambiguity() {
        let n = Names::build(
            [
                ("nanhu", Some("南湖区")),
                ("xiuzhou", Some("秀洲区")),
                ("a", Some("同名")),
                ("b", Some("同名")),
                ("c", Some("nanhu")),
            ]
            .into_iter(),
        );
        assert!(matches!(n.find("xiuzhou"), Found::Id));
        assert!(matches!(n.find("南湖区"), Found::Name(id) if id == "nanhu"));
        assert!(matches!(n.find(" 秀洲区 "), Found::Name(id) if id == "xiuzhou"));
        assert!(matches!(n.find("ｘｉｕｚｈｏｕ"), Found::Name(id) if id == "xiuzhou"));
        assert!(matches!(n.find("同名"), Found::Ambiguous(ids) if ids == ["a", "b"]));
        // An id that is another record's name: both are listed.
        assert!(matches!(n.find("nanhu"), Found::Ambiguous(ids) if ids == ["nanhu", "c"]));
        assert!(matches!(n.find("南湖"), Found::Unknown));
        assert_eq!(n.show("nanhu"), "nanhu（南湖区）");
    }

    #[test]
    fn near_names_are_near_in_characters() {
        let names = ["南湖区", "秀洲区", "海宁市", "重大基础设施"];
        assert_eq!(closest_name("南湖", names), Some("南湖区"));
        assert_eq!(closest_name("秀州区", names), Some("秀洲区"));
        assert_eq!(closest_name("重大基础设施类", names), Some("重大基础设施"));
        // Two of three characters differ: no suggestion.
        assert_eq!(closest_name("杭州市", names), None);
        assert_eq!(closest_name("北京", names), None);
    }
}

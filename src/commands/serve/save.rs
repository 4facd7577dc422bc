//! A variant saved as a scenario of its own: `DIR/<name>/scenario.toml`, which `extends` the
//! base and writes down what the edits changed, as values (a relative edit, `=*0.8`, is saved
//! as the number it gave, so the file means the same whatever the base's file says later).
//!
//! What changed is found by comparing the base's records with the edited ones field by field,
//! not by rewriting the `--set` paths: the records know each field's real name (`capacity` is
//! `capacity_mu`), and a list such as `rules.earmarks` is written whole, as `extends` replaces
//! it whole.

use crate::i18n::Msg;
use crate::msg;
use crate::scenario::load::RawScenario;
use crate::scenario::{Diagnostics, overrides};
use serde::Serialize;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// Longest name of a saved variant, in characters.
pub const MAX_NAME: usize = 64;

/// Why a variant was not saved.
#[derive(Debug)]
pub enum SaveError {
    /// The name is not a safe folder name (the message says why).
    Name(Msg),
    /// The edits do not give a valid scenario.
    Edits(Diagnostics),
    /// The file would replace one of the scenario's inputs.
    Input(PathBuf),
    /// Writing failed.
    Io(String),
}

/// A name that is one plain folder inside DIR on every system: letters (any script), digits,
/// `-`, `_` and `.`, not starting with a dot, not a name Windows reserves.
pub fn check_name(name: &str) -> Result<(), Msg> {
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME {
        return Err(msg!("serve-name-length", max = MAX_NAME));
    }
    if name.starts_with('.') {
        return Err(msg!("serve-name-dot"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(msg!("serve-name-char", char = c.to_string()));
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"];
    let numbered = ["COM", "LPT"]
        .iter()
        .any(|p| stem.len() == 4 && stem.starts_with(p) && stem.as_bytes()[3].is_ascii_digit());
    if reserved.contains(&stem.as_str()) || numbered {
        return Err(msg!("serve-name-reserved", name = name));
    }
    Ok(())
}

/// Writes `dir/<name>/scenario.toml` and returns its path.
pub fn save(
    base_path: &Path,
    base: &RawScenario,
    set: &[String],
    name: &str,
    dir: &Path,
) -> Result<PathBuf, SaveError> {
    check_name(name).map_err(SaveError::Name)?;
    // The same check as a solve: only a valid variant is saved (so every edit parses).
    super::edited(base, set).map_err(SaveError::Edits)?;
    let edits: Vec<_> = set
        .iter()
        .filter_map(|arg| overrides::parse_set(arg).ok())
        .collect();
    let mut after = base.clone();
    overrides::apply(&mut after, &edits);
    let folder = dir.join(name);
    let path = folder.join("scenario.toml");
    if let Some((_, input)) = crate::fsutil::overwrites([path.as_path()], &base.inputs) {
        return Err(SaveError::Input(input.to_path_buf()));
    }
    let base_file =
        crate::scenario::load::resolve(base_path).map_err(|d| SaveError::Io(d.to_string()))?;
    std::fs::create_dir_all(&folder)
        .map_err(|e| SaveError::Io(crate::fsutil::with_path(&folder, e).to_string()))?;
    let extends = relative(
        &crate::fsutil::canonical(&folder),
        &crate::fsutil::canonical(&base_file),
    );
    let text = document(base, &after, set, &extends, name);
    crate::fsutil::write_atomic(&path, text.as_bytes())
        .map_err(|e| SaveError::Io(e.to_string()))?;
    Ok(path)
}

/// The scenario file: a comment with the edits, `extends`, the name, and every changed field.
fn document(
    base: &RawScenario,
    after: &RawScenario,
    set: &[String],
    extends: &str,
    name: &str,
) -> String {
    let mut doc = Table::new();
    doc.insert("extends".into(), Value::String(extends.into()));
    for (section, a, b) in [
        (
            "scenario",
            value(&base.meta.as_ref().map(|r| &r.raw)),
            value(&after.meta.as_ref().map(|r| &r.raw)),
        ),
        (
            "objective",
            value(&base.objective.as_ref().map(|r| &r.raw)),
            value(&after.objective.as_ref().map(|r| &r.raw)),
        ),
        (
            "rules",
            value(&base.rules.as_ref().map(|r| &r.raw)),
            value(&after.rules.as_ref().map(|r| &r.raw)),
        ),
    ] {
        if let Some(t) = changed_leaves(&a, &b) {
            doc.insert(section.into(), Value::Table(t));
        }
    }
    // The saved scenario is named after its base and the variant, unless the edits name it.
    let scenario = doc
        .entry("scenario")
        .or_insert_with(|| Value::Table(Table::new()));
    if let Value::Table(t) = scenario
        && !t.contains_key("name")
    {
        let base_name = base
            .meta
            .as_ref()
            .and_then(|m| m.raw.name.clone())
            .unwrap_or_else(|| "scenario".into());
        t.insert("name".into(), Value::String(format!("{base_name}-{name}")));
    }
    let sections: [(&str, Vec<Value>, Vec<Value>); 5] = [
        (
            "categories",
            records(&base.categories),
            records(&after.categories),
        ),
        ("pools", records(&base.pools), records(&after.pools)),
        (
            "counties",
            records(&base.counties),
            records(&after.counties),
        ),
        (
            "townships",
            records(&base.townships),
            records(&after.townships),
        ),
        (
            "projects",
            records(&base.projects),
            records(&after.projects),
        ),
    ];
    for (section, before, now) in sections {
        let entries: Vec<Value> = now
            .iter()
            .filter_map(|n| {
                let id = n.get("id")?;
                let old = before.iter().find(|b| b.get("id") == Some(id))?;
                changed_fields(old, n).map(|mut t| {
                    t.insert("id".into(), id.clone());
                    Value::Table(t)
                })
            })
            .collect();
        if !entries.is_empty() {
            doc.insert(section.into(), Value::Array(entries));
        }
    }
    let mut text =
        String::from("# Saved by `landquota serve`: the base scenario with these edits\n");
    for s in set {
        text.push_str(&format!("#   --set {}\n", s.replace('\n', " ")));
    }
    text.push_str(&toml::to_string(&doc).unwrap_or_default());
    text
}

fn value<T: Serialize>(x: &Option<&T>) -> Value {
    x.and_then(|r| Value::try_from(r).ok())
        .unwrap_or_else(|| Value::Table(Table::new()))
}

fn records<T: Serialize>(recs: &[crate::scenario::load::Record<T>]) -> Vec<Value> {
    recs.iter()
        .filter_map(|r| Value::try_from(&r.raw).ok())
        .collect()
}

/// The fields of a record whose values changed (a field the edit added included).
fn changed_fields(before: &Value, after: &Value) -> Option<Table> {
    let (Value::Table(b), Value::Table(a)) = (before, after) else {
        return None;
    };
    let t: Table = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    (!t.is_empty()).then_some(t)
}

/// The leaves of a section that changed, nested as in the file; lists whole (`extends`
/// replaces a list whole).
fn changed_leaves(before: &Value, after: &Value) -> Option<Table> {
    let Value::Table(a) = after else {
        return None;
    };
    let empty = Table::new();
    let b = before.as_table().unwrap_or(&empty);
    let mut out = Table::new();
    for (k, v) in a {
        match (b.get(k), v) {
            (Some(old), _) if old == v => {}
            (old, Value::Table(_)) => {
                let old = old.cloned().unwrap_or_else(|| Value::Table(Table::new()));
                if let Some(inner) = changed_leaves(&old, v) {
                    out.insert(k.clone(), Value::Table(inner));
                }
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `to` relative to the folder `from` (both absolute), with `/` between parts (read on every
/// system); `to` itself when they share no root.
fn relative(from: &Path, to: &Path) -> String {
    let (f, t): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.display().to_string();
    }
    let mut parts: Vec<String> = vec!["..".into(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_folder_names() {
        for ok in ["cut20", "urban-cut_2025", "城区压减20", "v1.2"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "../x", "a/b", "a\\b", ".hidden", "con", "COM1.txt", "a b", "x:y",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        assert!(check_name(&"a".repeat(MAX_NAME + 1)).is_err());
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative(
                Path::new("/w/out/cut20"),
                Path::new("/w/scenarios/j/scenario.toml")
            ),
            "../../scenarios/j/scenario.toml"
        );
        assert_eq!(
            relative(Path::new("/w/j/what-if/a"), Path::new("/w/j/scenario.toml")),
            "../../scenario.toml"
        );
    }
}

//! What-if overrides: `--set PATH=VALUE` on the command line, and the entries of a scenario that
//! `extends` another. Both become [`Edit`]s applied to the base scenario's raw records before
//! validation, so an override is validated like everything else and its problems point at
//! where the override was written.
//!
//! Paths: `pools.<id>.<field>`, `counties.<id>.<field>`, `projects.<id>.<field>`,
//! `townships.<id>.<field>`, `categories.<id>.<field>`, `scenario.<field>`,
//! `objective.<field>` (`objective.tier_weights.city`), `rules.<rule>.<field>`
//! (`rules.stock_linkage.alpha`, `rules.earmarks.<category>.min_share`). An area field may be
//! named without its unit (`capacity` for `capacity_mu`).

use super::diag::{Diagnostic, Diagnostics, Location, Origin, closest};
use super::introspect::schema;
use super::load::{RawScenario, Record};
use crate::i18n::Msg;
use crate::msg;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

#[derive(Debug, Clone)]
pub enum Edit {
    /// Set one field, creating the rule table if needed.
    Set {
        path: String,
        value: toml::Value,
        origin: Origin,
    },
    /// Add a whole record to a table section (pools, counties, projects, ...).
    Add {
        section: String,
        record: toml::Table,
        origin: Origin,
    },
    /// Change a number relative to its value (`--set capacity=*0.8`).
    Change {
        path: String,
        change: Change,
        origin: Origin,
    },
    /// Remove the record with this id from a table section.
    Remove {
        section: String,
        id: String,
        origin: Origin,
    },
}

impl Edit {
    /// The same edit, its problems blamed on `origin` (a sweep's variant, not `--set`).
    pub fn with_origin(mut self, to: Origin) -> Edit {
        match &mut self {
            Edit::Set { origin, .. }
            | Edit::Change { origin, .. }
            | Edit::Add { origin, .. }
            | Edit::Remove { origin, .. } => *origin = to,
        }
        self
    }

    pub fn origin(&self) -> &Origin {
        match self {
            Edit::Set { origin, .. }
            | Edit::Change { origin, .. }
            | Edit::Add { origin, .. }
            | Edit::Remove { origin, .. } => origin,
        }
    }
}

/// Sections whose entries are records with ids.
pub const TABLES: [&str; 5] = ["categories", "pools", "counties", "townships", "projects"];

/// The origin of a command-line override: messages name `--set` and the path.
pub fn command_line() -> Origin {
    Origin::file(Path::new("--set"))
}

/// A change relative to the value a number has: `*0.8`, `+500`, `-20%`, `+10%`, or (written
/// `PATH-=500`) minus an amount. `-500` alone is the value −500, not a change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    Times(f64),
    Plus(f64),
    Percent(f64),
}

impl Change {
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Change::Times(f) => x * f,
            Change::Plus(d) => x + d,
            Change::Percent(p) => x * (1.0 + p / 100.0),
        }
    }

    fn parse(text: &str) -> Option<Change> {
        let t = text.trim();
        if let Some(f) = t.strip_prefix('*') {
            return f.trim().parse().ok().map(Change::Times);
        }
        if let Some(p) = t.strip_suffix('%')
            && t.starts_with(['+', '-'])
        {
            return p.trim().parse().ok().map(Change::Percent);
        }
        if let Some(d) = t.strip_prefix('+') {
            return d.trim().parse().ok().map(Change::Plus);
        }
        None
    }
}

/// Parses `PATH=VALUE`. VALUE is read as a TOML value (`25000`, `true`, `0.6`, `"text"`,
/// `["a", "b"]`); anything else is taken as text, so `objective.mode=lexicographic` works.
/// A number may be changed relative to its value: `PATH=*0.8`, `PATH=+500`, `PATH=-20%`,
/// `PATH-=500`.
pub fn parse_set(arg: &str) -> Result<Edit, Diagnostic> {
    let origin = command_line();
    // A line break would let TOML read a second key and drop the rest of the value unseen;
    // no field takes control characters.
    if let Some(c) = arg.chars().find(|c| c.is_control()) {
        return Err(Diagnostic {
            file: "--set".into(),
            location: Location::File,
            field: Some(arg.escape_debug().to_string()),
            message: msg!("set-control-char", code = format!("U+{:04X}", c as u32)),
            hint: Some(msg!("set-control-char-hint")),
        });
    }
    if let Some((path, value)) = arg.split_once('=') {
        let change = match path.strip_suffix('-') {
            Some(_) => value.trim().parse::<f64>().ok().map(|d| Change::Plus(-d)),
            None => Change::parse(value),
        };
        if let Some(change) = change {
            return Ok(Edit::Change {
                path: path.trim().trim_end_matches('-').trim().to_string(),
                change,
                origin,
            });
        }
        if path.ends_with('-') {
            return Err(Diagnostic {
                file: "--set".into(),
                location: Location::File,
                field: Some(arg.to_string()),
                message: crate::msg!("set-minus-number"),
                hint: Some(crate::msg!("set-forms")),
            });
        }
    }
    let Some((path, value)) = arg.split_once('=') else {
        return Err(Diagnostic {
            file: "--set".into(),
            location: Location::File,
            field: Some(arg.to_string()),
            message: msg!("ovr-expected-path-value"),
            hint: Some(msg!("ovr-expected-path-value-hint")),
        });
    };
    let text = value.trim();
    let value = toml::from_str::<toml::Table>(&format!("v = {text}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(text.to_string()));
    Ok(Edit::Set {
        path: path.trim().to_string(),
        value,
        origin,
    })
}

fn problem(
    origin: &Origin,
    path: &str,
    message: impl Into<Msg>,
    hint: impl Into<Msg>,
) -> Diagnostic {
    let hint = hint.into();
    Diagnostic {
        file: origin.file.clone(),
        location: origin.at(path),
        field: Some(path.to_string()),
        message: message.into(),
        hint: (!hint.is_empty()).then_some(hint),
    }
}

/// Applies edits in order; every edit that cannot be applied is reported, the rest are applied.
pub fn apply(raw: &mut RawScenario, edits: &[Edit]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for e in edits {
        if let Err(d) = apply_one(raw, e) {
            diags.push(d);
        }
    }
    if !edits.is_empty() {
        // An edit may name a county or category by its name too.
        super::load::resolve_names(raw);
    }
    diags
}

/// The id a path segment names in a section: the id, or the name of one record
/// (`pools.城市分批次及其他.capacity`); the segment as it is when it is neither.
fn id_of(raw: &RawScenario, section: &str, segment: &str) -> String {
    fn entries<T>(
        recs: &[Record<T>],
        id: impl Fn(&T) -> &str,
        name: impl Fn(&T) -> Option<&str>,
    ) -> Vec<(&str, Option<&str>)> {
        recs.iter().map(|r| (id(&r.raw), name(&r.raw))).collect()
    }
    let list = match section {
        "pools" => entries(&raw.pools, |p| &p.id, |p| p.name.as_deref()),
        "counties" => entries(&raw.counties, |c| &c.id, |c| c.name.as_deref()),
        "categories" => entries(&raw.categories, |c| &c.id, |c| c.name.as_deref()),
        "projects" => entries(&raw.projects, |p| &p.id, |p| p.name.as_deref()),
        "townships" => entries(&raw.townships, |t| &t.id, |t| t.name.as_deref()),
        _ => return segment.to_string(),
    };
    super::names::id_in(list.into_iter(), segment).unwrap_or_else(|| segment.to_string())
}

/// A `--set` path with a record named by its name rewritten to its id.
fn by_id(raw: &RawScenario, path: &str) -> String {
    let segs: Vec<&str> = path.split('.').collect();
    match segs.as_slice() {
        [section, id, rest @ ..] if TABLES.contains(section) && !rest.is_empty() => {
            let mut out = vec![section.to_string(), id_of(raw, section, id)];
            out.extend(rest.iter().map(|s| s.to_string()));
            out.join(".")
        }
        // An earmark by its category's name: rules.earmarks.农民建房.min_share.
        ["rules", "earmarks", category, field] => {
            format!(
                "rules.earmarks.{}.{field}",
                id_of(raw, "categories", category)
            )
        }
        _ => path.to_string(),
    }
}

fn apply_one(raw: &mut RawScenario, edit: &Edit) -> Result<(), Diagnostic> {
    match edit {
        Edit::Set {
            path,
            value,
            origin,
        } => set(raw, &by_id(raw, path), value.clone(), origin),
        Edit::Change {
            path,
            change,
            origin,
        } => {
            let path = &by_id(raw, path);
            let (path, now) =
                current(raw, path).map_err(|m| problem(origin, path, m, Msg::default()))?;
            let new = change.apply(now);
            // Whole numbers stay integers (a year, a capacity in whole mu).
            let value = if new.fract() == 0.0 && new.abs() < 1e15 {
                toml::Value::Integer(new as i64)
            } else {
                toml::Value::Float(new)
            };
            set(raw, &path, value, origin)
        }
        Edit::Add {
            section,
            record,
            origin,
        } => {
            let v = toml::Value::Table(record.clone());
            let err =
                |m: String| problem(origin, section, m, msg!("ovr-add-hint", section = section));
            match section.as_str() {
                "categories" => raw.categories.push(Record {
                    raw: v
                        .try_into()
                        .map_err(|e: toml::de::Error| err(e.message().to_string()))?,
                    origin: origin.clone(),
                }),
                "pools" => raw.pools.push(Record {
                    raw: v
                        .try_into()
                        .map_err(|e: toml::de::Error| err(e.message().to_string()))?,
                    origin: origin.clone(),
                }),
                "counties" => raw.counties.push(Record {
                    raw: v
                        .try_into()
                        .map_err(|e: toml::de::Error| err(e.message().to_string()))?,
                    origin: origin.clone(),
                }),
                "townships" => raw.townships.push(Record {
                    raw: v
                        .try_into()
                        .map_err(|e: toml::de::Error| err(e.message().to_string()))?,
                    origin: origin.clone(),
                }),
                "projects" => raw.projects.push(Record {
                    raw: v
                        .try_into()
                        .map_err(|e: toml::de::Error| err(e.message().to_string()))?,
                    origin: origin.clone(),
                }),
                other => {
                    return Err(problem(
                        origin,
                        other,
                        msg!("ovr-cannot-add", section = other),
                        msg!("ovr-cannot-add-hint", sections = TABLES.join(", ")),
                    ));
                }
            }
            Ok(())
        }
        Edit::Remove {
            section,
            id,
            origin,
        } => {
            let path = format!("{section}.{id}");
            let id = &id_of(raw, section, id);
            let removed = match section.as_str() {
                "categories" => remove_by_id(&mut raw.categories, id, |r| &r.id),
                "pools" => remove_by_id(&mut raw.pools, id, |r| &r.id),
                "counties" => remove_by_id(&mut raw.counties, id, |r| &r.id),
                "townships" => remove_by_id(&mut raw.townships, id, |r| &r.id),
                "projects" => remove_by_id(&mut raw.projects, id, |r| &r.id),
                other => {
                    return Err(problem(
                        origin,
                        &path,
                        msg!("ovr-cannot-remove", section = other),
                        msg!("ovr-cannot-remove-hint", sections = TABLES.join(", ")),
                    ));
                }
            };
            if removed {
                Ok(())
            } else {
                Err(problem(
                    origin,
                    &path,
                    msg!("ovr-remove-none", section = section, id = id),
                    Msg::default(),
                ))
            }
        }
    }
}

fn remove_by_id<T>(recs: &mut Vec<Record<T>>, id: &str, key: impl Fn(&T) -> &String) -> bool {
    let before = recs.len();
    recs.retain(|r| key(&r.raw) != id);
    recs.len() != before
}

fn set(
    raw: &mut RawScenario,
    path: &str,
    value: toml::Value,
    origin: &Origin,
) -> Result<(), Diagnostic> {
    let segs: Vec<&str> = path.split('.').collect();
    let bad = |message: Msg, hint: Msg| problem(origin, path, message, hint);
    match segs[0] {
        "pools" => set_record(&mut raw.pools, &segs, value, origin, path, |r| &r.id),
        "counties" => set_record(&mut raw.counties, &segs, value, origin, path, |r| &r.id),
        "projects" => set_record(&mut raw.projects, &segs, value, origin, path, |r| &r.id),
        "townships" => set_record(&mut raw.townships, &segs, value, origin, path, |r| &r.id),
        "categories" => set_record(&mut raw.categories, &segs, value, origin, path, |r| &r.id),
        "scenario" => set_section(&mut raw.meta, &segs[1..], value, origin, path, &raw.path),
        "objective" => set_section(
            &mut raw.objective,
            &segs[1..],
            value,
            origin,
            path,
            &raw.path,
        ),
        "rules" => set_section(&mut raw.rules, &segs[1..], value, origin, path, &raw.path),
        other => {
            let sections = super::load::SECTIONS;
            let hint = match closest(other, sections) {
                Some(c) => msg!("ovr-section-near", near = c, sections = sections.join(", ")),
                None => msg!("ovr-section-list", sections = sections.join(", ")),
            };
            Err(bad(msg!("ovr-unknown-section", section = other), hint))
        }
    }
}

fn set_record<T: Serialize + DeserializeOwned + for<'de> serde::Deserialize<'de>>(
    recs: &mut [Record<T>],
    segs: &[&str],
    value: toml::Value,
    origin: &Origin,
    path: &str,
    key: impl Fn(&T) -> &String,
) -> Result<(), Diagnostic> {
    let section = segs[0];
    let fields: Vec<&str> = schema::<T>().iter().map(|f| f.name).collect();
    // A table by year takes one year: `pools.<id>.capacity_by_year_mu.2027`.
    let by_year =
        segs.len() == 4 && resolve_field(segs[2], &fields).is_some_and(|f| f.contains("_by_year_"));
    if segs.len() != 3 && !by_year {
        return Err(problem(
            origin,
            path,
            msg!("ovr-expected-record-path", section = section),
            msg!("ovr-fields-of", what = section, fields = fields.join(", ")),
        ));
    }
    let (id, field) = (segs[1], segs[2]);
    let matches: Vec<usize> = recs
        .iter()
        .enumerate()
        .filter(|(_, r)| key(&r.raw) == id)
        .map(|(i, _)| i)
        .collect();
    let i = match matches.as_slice() {
        [i] => *i,
        [] => {
            let ids: Vec<&str> = recs.iter().map(|r| key(&r.raw).as_str()).collect();
            let hint = match closest(id, ids.iter().copied()) {
                Some(c) => msg!("ovr-id-near", path = format!("{section}.{c}.{field}")),
                None if ids.len() <= 12 => msg!("ovr-known-ids", ids = ids.join(", ")),
                None => msg!("ovr-no-such-id", section = section),
            };
            return Err(problem(
                origin,
                path,
                msg!("ovr-unknown-id", section = section, id = id),
                hint,
            ));
        }
        _ => {
            return Err(problem(
                origin,
                path,
                msg!(
                    "ovr-id-ambiguous",
                    count = matches.len(),
                    section = section,
                    id = id
                ),
                msg!("ovr-id-ambiguous-hint"),
            ));
        }
    };
    let field = resolve_field(field, &fields)
        .ok_or_else(|| unknown_field(origin, path, field, section, &fields))?;
    // Other tables refer to a record by its id: renaming it here would leave them pointing at
    // nothing (their rows, not this edit, would then be blamed).
    if field == "id" {
        return Err(problem(
            origin,
            path,
            msg!("ovr-id-rename", section = section, id = id),
            msg!("ovr-id-rename-hint", section = section),
        ));
    }
    // The years a by-year table is given for: a table value is merged into the record's table
    // (the years it names replace theirs, the others stay), so that setting 2026 never drops
    // 2027 back to the plan year's capacity.
    let years: Vec<(String, toml::Value)> = match (&value, by_year) {
        (_, true) => vec![(segs[3].trim().to_string(), value.clone())],
        (toml::Value::Table(t), false) if field.contains("_by_year_") => {
            t.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
        }
        _ => Vec::new(),
    };
    let mut named = vec![field.to_string()];
    if years.is_empty() {
        set_in(&mut recs[i].raw, &[field], value)
            .map_err(|m| problem(origin, path, m, type_hint(field)))?;
    } else {
        for (year, v) in years {
            set_in(&mut recs[i].raw, &[field, year.as_str()], v)
                .map_err(|m| problem(origin, path, m, type_hint(field)))?;
            named.push(format!("{field}.{year}"));
        }
    }
    let target = &mut recs[i].origin;
    for name in named {
        target.fields.retain(|(k, _)| !within(k, &name));
        target.fields.push((name.clone(), origin.location.clone()));
        target.overridden.retain(|(k, _)| *k != name);
        target.overridden.push((name.clone(), origin.file.clone()));
        target.shown_as.retain(|(k, _)| *k != name);
        target
            .shown_as
            .push((name.clone(), format!("{section}.{id}.{name}")));
    }
    Ok(())
}

/// Whether the field path `k` is `name` or inside it (`earmarks[0].min_share` in `earmarks`).
fn within(k: &str, name: &str) -> bool {
    k.strip_prefix(name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// `capacity` names `capacity_mu`: areas without a unit are mu.
fn resolve_field<'a>(field: &str, fields: &[&'a str]) -> Option<&'a str> {
    fields
        .iter()
        .find(|f| **f == field)
        .or_else(|| fields.iter().find(|f| **f == format!("{field}_mu")))
        .copied()
}

fn unknown_field(
    origin: &Origin,
    path: &str,
    field: &str,
    what: &str,
    fields: &[&str],
) -> Diagnostic {
    // Compare without units too, so that `capacty` finds `capacity_mu`.
    let bare = |f: &str| {
        f.trim_end_matches("_mu")
            .trim_end_matches("_ha")
            .to_string()
    };
    let near = closest(field, fields.iter().copied()).or_else(|| {
        let bares: Vec<String> = fields.iter().map(|f| bare(f)).collect();
        closest(field, bares.iter().map(String::as_str))
            .and_then(|b| fields.iter().copied().find(|f| bare(f) == b))
    });
    let hint = match near {
        Some(c) => msg!(
            "ovr-field-near",
            near = c,
            what = what,
            fields = fields.join(", ")
        ),
        None => msg!("ovr-fields-of", what = what, fields = fields.join(", ")),
    };
    problem(origin, path, msg!("ovr-unknown-field", field = field), hint)
}

fn type_hint(field: &str) -> Msg {
    if field.ends_with("_mu")
        || field.ends_with("_ha")
        || field.contains("share")
        || field == "alpha"
        || field == "beta"
    {
        msg!("ovr-number-hint")
    } else {
        Msg::default()
    }
}

fn set_section<T: Serialize + DeserializeOwned + Default>(
    slot: &mut Option<Record<T>>,
    keys: &[&str],
    value: toml::Value,
    origin: &Origin,
    path: &str,
    file: &Path,
) -> Result<(), Diagnostic> {
    if keys.is_empty() {
        return Err(problem(
            origin,
            path,
            msg!("ovr-expected-field"),
            Msg::default(),
        ));
    }
    let rec = slot.get_or_insert_with(|| Record {
        raw: T::default(),
        origin: Origin::file(file),
    });
    let last = keys[keys.len() - 1];
    let (set_field, written) = match set_in(&mut rec.raw, keys, value.clone()) {
        // An area named without its unit is in mu.
        Err(m) if is_unknown_field(&m) && !last.ends_with("_mu") && !last.ends_with("_ha") => {
            let with_unit = format!("{last}_mu");
            let mut k: Vec<&str> = keys.to_vec();
            *k.last_mut().expect("non-empty") = &with_unit;
            let written = set_in(&mut rec.raw, &k, value)
                .map_err(|_| problem(origin, path, m, Msg::default()))?;
            (k.join("."), written)
        }
        r => {
            let written = r.map_err(|m| problem(origin, path, m, type_hint(last)))?;
            (keys.join("."), written)
        }
    };
    // Problems with the new value are the override's, not the line of the file it replaced:
    // under both names (validation names an entry of a list by position, the override by its
    // category or id), and shown by the override's name.
    let target = &mut rec.origin;
    for name in [set_field.clone(), written.clone()] {
        // The value replaced goes with everything inside it (a whole list of earmarks).
        target.fields.retain(|(k, _)| !within(k, &name));
        target.fields.push((name.clone(), origin.location.clone()));
        target.overridden.retain(|(k, _)| *k != name);
        target.overridden.push((name, origin.file.clone()));
    }
    let shown = format!("{}.{set_field}", path.split('.').next().unwrap_or_default());
    for name in [set_field, written] {
        target.shown_as.retain(|(k, _)| *k != name);
        target.shown_as.push((name, shown.clone()));
    }
    Ok(())
}

/// Whether `set_in` failed on a field the record does not have.
fn is_unknown_field(m: &Msg) -> bool {
    m.to_string().starts_with("unknown field")
}

/// Sets `keys` inside `raw` by a round trip through a TOML value, so the record's own
/// deserialisation checks the new value. Arrays of tables are addressed by their `id` or
/// `category` (`earmarks.farmer_housing.min_share`).
fn set_in<T: Serialize + DeserializeOwned>(
    raw: &mut T,
    keys: &[&str],
    value: toml::Value,
) -> Result<String, Msg> {
    let mut doc = toml::Value::try_from(&*raw).map_err(|e| Msg::Lit(e.to_string()))?;
    let mut cur = &mut doc;
    // The path as validation names it: array entries by position (`earmarks[0].min_share`).
    let mut written = String::new();
    for (n, k) in keys.iter().enumerate() {
        let last = n + 1 == keys.len();
        cur = match cur {
            toml::Value::Table(t) => {
                if !written.is_empty() {
                    written.push('.');
                }
                written.push_str(k);
                if last {
                    // An area replaces its value in the other unit.
                    if let Some(stem) = k.strip_suffix("_mu") {
                        t.remove(&format!("{stem}_ha"));
                    } else if let Some(stem) = k.strip_suffix("_ha") {
                        t.remove(&format!("{stem}_mu"));
                    }
                    t.insert(k.to_string(), value);
                    break;
                }
                t.entry(k.to_string())
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            }
            toml::Value::Array(items) => {
                let pos = items.iter().position(|it| {
                    it.get("id").and_then(|v| v.as_str()) == Some(k)
                        || it.get("category").and_then(|v| v.as_str()) == Some(k)
                });
                match pos {
                    Some(p) if !last => {
                        written.push_str(&format!("[{p}]"));
                        &mut items[p]
                    }
                    _ => return Err(msg!("ovr-no-entry", key = *k)),
                }
            }
            _ => return Err(msg!("ovr-not-in-table", key = *k)),
        };
    }
    *raw = doc.try_into().map_err(|e: toml::de::Error| {
        let m = e.message().trim().to_string();
        if m.starts_with("unknown field") {
            let ticked: Vec<&str> = m.split('`').skip(1).step_by(2).collect();
            match ticked.as_slice() {
                [f, known @ ..] if !known.is_empty() => match closest(f, known.iter().copied()) {
                    Some(c) => msg!(
                        "ovr-unknown-field-near",
                        field = *f,
                        near = c,
                        fields = known.join(", ")
                    ),
                    None => msg!(
                        "ovr-unknown-field-valid",
                        field = *f,
                        fields = known.join(", ")
                    ),
                },
                _ => Msg::Lit(m),
            }
        } else if let Some(rest) = m.strip_prefix("invalid type: ") {
            // "string \"x\", expected f64" → "expected a number, found the text \"x\""
            let (found, expected) = rest
                .split_once(", expected ")
                .unwrap_or((rest, "another type"));
            let expected = match expected {
                "f64" | "i64" => msg!("ovr-type-number"),
                "a boolean" | "bool" => msg!("ovr-type-bool"),
                e => Msg::Lit(e.to_string()),
            };
            let found = found
                .strip_prefix("string ")
                .map(|t| msg!("ovr-found-text", text = t))
                .unwrap_or_else(|| Msg::Lit(found.to_string()));
            msg!("ovr-expected-found", expected = expected, found = found)
        } else {
            Msg::Lit(m)
        }
    })?;
    Ok(written)
}

/// The number a `--set` path names now, and the path with the field's real name (`capacity`
/// → `capacity_mu`, or `capacity_ha` when the area is given in hectares).
fn current(raw: &RawScenario, path: &str) -> Result<(String, f64), Msg> {
    let segs: Vec<&str> = path.split('.').collect();
    fn find<T: Serialize>(
        recs: &[Record<T>],
        key: impl Fn(&T) -> &String,
        id: &str,
    ) -> Option<toml::Value> {
        recs.iter()
            .find(|r| key(&r.raw) == id)
            .and_then(|r| toml::Value::try_from(&r.raw).ok())
    }
    let (doc, keys): (Option<toml::Value>, &[&str]) = match segs.as_slice() {
        ["pools", id, f] => (find(&raw.pools, |r| &r.id, id), std::slice::from_ref(f)),
        // One year of a pool's capacity table; a year it does not list has the plan year's.
        ["pools", id, f, year] if f.starts_with("capacity_by_year") => {
            let doc = find(&raw.pools, |r| &r.id, id);
            let field = if f.ends_with("_ha") {
                f.to_string()
            } else {
                "capacity_by_year_mu".to_string()
            };
            let listed = doc
                .as_ref()
                .and_then(|d| d.get(&field))
                .and_then(|t| t.get(year.trim()))
                .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)));
            let unit = if field.ends_with("_ha") {
                super::validate::MU_PER_HA
            } else {
                1.0
            };
            let plan_year = doc.as_ref().and_then(|d| {
                let n = |v: &toml::Value| v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
                d.get("capacity_mu").and_then(n).or_else(|| {
                    d.get("capacity_ha")
                        .and_then(n)
                        .map(|x| x * super::validate::MU_PER_HA)
                })
            });
            return match listed.map(|x| x * unit).or(plan_year) {
                Some(x) => Ok((format!("pools.{id}.capacity_by_year_mu.{}", year.trim()), x)),
                None => Err(msg!("ovr-no-number", path = path)),
            };
        }
        ["counties", id, f] => (find(&raw.counties, |r| &r.id, id), std::slice::from_ref(f)),
        ["projects", id, f] => (find(&raw.projects, |r| &r.id, id), std::slice::from_ref(f)),
        ["townships", id, f] => (find(&raw.townships, |r| &r.id, id), std::slice::from_ref(f)),
        ["scenario", rest @ ..] => (
            raw.meta
                .as_ref()
                .and_then(|r| toml::Value::try_from(&r.raw).ok()),
            rest,
        ),
        ["objective", rest @ ..] => (
            raw.objective
                .as_ref()
                .and_then(|r| toml::Value::try_from(&r.raw).ok()),
            rest,
        ),
        ["rules", rest @ ..] => (
            raw.rules
                .as_ref()
                .and_then(|r| toml::Value::try_from(&r.raw).ok()),
            rest,
        ),
        _ => (None, &[]),
    };
    let not_set = || msg!("ovr-no-number", path = path);
    let mut cur = doc.ok_or_else(not_set)?;
    let (last, parents) = keys.split_last().ok_or_else(not_set)?;
    for k in parents {
        cur = match cur {
            toml::Value::Table(mut t) => t.remove(*k).ok_or_else(not_set)?,
            toml::Value::Array(items) => items
                .into_iter()
                .find(|it| {
                    it.get("id").and_then(|v| v.as_str()) == Some(k)
                        || it.get("category").and_then(|v| v.as_str()) == Some(k)
                })
                .ok_or_else(not_set)?,
            _ => return Err(not_set()),
        };
    }
    let number = |v: &toml::Value| v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
    let base: String = segs[..segs.len() - 1].join(".");
    for name in [last.to_string(), format!("{last}_mu")] {
        if let Some(x) = cur.get(&name).and_then(number) {
            return Ok((format!("{base}.{name}"), x));
        }
    }
    // `capacity` given in hectares: the change is made in mu (`+500` is 500 mu), and the
    // result replaces the hectares.
    if let Some(x) = cur.get(format!("{last}_ha")).and_then(number) {
        return Ok((format!("{base}.{last}_mu"), x * super::validate::MU_PER_HA));
    }
    Err(not_set())
}

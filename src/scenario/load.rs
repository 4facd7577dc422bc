//! Reading a scenario from disk into raw records, each tagged with where it came from.
//!
//! The TOML document is parsed once into a spanned tree; each section and each table of an
//! array is then deserialized on its own, so one bad project does not hide the next one. A
//! table that does not deserialize is retried without the offending field until it does, so
//! that every problem in it is found in one run. Only TOML syntax errors (and files that cannot
//! be read at all) stop early; otherwise the problems found here are kept in
//! [`RawScenario::problems`] and validation runs on whatever could be read.

use super::diag::{Diagnostic, Diagnostics, Location, Note, Origin, closest, line_col};
use super::introspect::{FieldInfo, Kind, schema};
use super::raw::*;
use super::record::{Collect, io_message, leading_number};
pub use super::record::{Failed, Record};
use super::tables::{TableSpec, load_table};
use crate::i18n::Msg;
use crate::msg;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

#[derive(Debug, Default, Clone)]
pub struct RawScenario {
    /// The scenario file actually read (resolved from a directory if one was given).
    pub path: PathBuf,
    pub meta: Option<Record<RawMeta>>,
    pub objective: Option<Record<RawObjective>>,
    pub rules: Option<Record<RawRules>>,
    pub categories: Vec<Record<RawCategory>>,
    pub pools: Vec<Record<RawPool>>,
    pub counties: Vec<Record<RawCounty>>,
    pub townships: Vec<Record<RawTownship>>,
    pub projects: Vec<Record<RawProject>>,
    /// Multi-year: counties' figures for later years.
    pub county_years: Vec<Record<RawCountyYear>>,
    /// Origin of each top-level section key, for problems about a whole section.
    pub sections: Vec<(String, Origin)>,
    /// Records left out because they could not be read.
    pub failed: Vec<Failed>,
    /// Problems found while reading; validation adds its own to these.
    pub problems: Diagnostics,
    /// How the tables were read (encodings, title and total rows, ignored columns).
    pub notes: Vec<Note>,
    /// Every file read: the scenario file, the files it extends, its tables. Outputs must never
    /// replace one of them.
    pub inputs: Vec<PathBuf>,
}

impl RawScenario {
    pub fn section(&self, name: &str) -> Origin {
        self.sections
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, o)| o.clone())
            .unwrap_or_else(|| Origin::file(&self.path))
    }

    /// Whether some record of a section could not be read.
    pub fn has_failed(&self, section: &str) -> bool {
        self.failed.iter().any(|f| f.section == section)
    }

    /// Ids of the records of a section that could not be read.
    pub fn failed_ids(&self, section: &str) -> Vec<&str> {
        self.failed
            .iter()
            .filter(|f| f.section == section)
            .filter_map(|f| f.id.as_deref())
            .collect()
    }

    /// Whether a section lost records whose ids are unknown (a CSV file that could not be
    /// read, a record without a readable id): then any id may be one of them.
    pub fn ids_unknown(&self, section: &str) -> bool {
        self.failed
            .iter()
            .any(|f| f.section == section && f.id.is_none())
    }
}

/// Top-level keys of a scenario that extends another one, besides the sections.
const EXTENDS_KEYS: [&str; 2] = ["extends", "remove"];

pub const SECTIONS: [&str; 9] = [
    "scenario",
    "objective",
    "rules",
    "categories",
    "pools",
    "counties",
    "townships",
    "projects",
    "county_years",
];

/// "a project" for `projects`: what one entry of a section is called in messages.
fn singular(section: &str) -> &str {
    match section {
        "categories" => "category",
        "pools" => "pool",
        "counties" => "county",
        "townships" => "township",
        "projects" => "project",
        "county_years" => "county year",
        other => other,
    }
}

/// [`singular`] in the reader's language (other words, such as a section's name, as they are).
fn what_msg(what: &str) -> Msg {
    match what {
        "category" => msg!("val-what-category"),
        "pool" => msg!("val-what-pool"),
        "county" => msg!("val-what-county"),
        "township" => msg!("load-what-township"),
        "project" => msg!("val-what-project"),
        "county year" => msg!("load-what-county-year"),
        other => Msg::Lit(other.to_string()),
    }
}

/// The file name looked for when a scenario is given as a directory.
pub const SCENARIO_FILE: &str = "scenario.toml";

/// Resolves a directory to its `scenario.toml`.
pub fn resolve(path: &Path) -> Result<PathBuf, Diagnostic> {
    if path.is_dir() {
        let inner = path.join(SCENARIO_FILE);
        if inner.is_file() {
            return Ok(inner);
        }
        return Err(Diagnostic {
            file: path.to_path_buf(),
            location: Location::File,
            field: None,
            message: msg!("load-dir-no-scenario", file = SCENARIO_FILE),
            hint: Some(msg!("load-dir-no-scenario-hint", file = SCENARIO_FILE)),
        });
    }
    Ok(path.to_path_buf())
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// Not UTF-8; the position of the first bad byte.
    NotUtf8 {
        line: usize,
        col: usize,
    },
}

impl ReadError {
    /// The problem, for a file `path`; `io_hint` says where to look when it cannot be read.
    fn diagnostic(&self, path: &Path, io_hint: Msg) -> Diagnostic {
        match self {
            ReadError::Io(e) => Diagnostic {
                file: path.to_path_buf(),
                location: Location::File,
                field: None,
                message: io_message(e),
                hint: Some(io_hint),
            },
            ReadError::NotUtf8 { line, col } => Diagnostic {
                file: path.to_path_buf(),
                location: Location::Toml {
                    line: *line,
                    col: *col,
                },
                field: None,
                message: msg!("load-not-utf8"),
                hint: Some(msg!("load-not-utf8-hint")),
            },
        }
    }
}

/// Reads a whole file as UTF-8 text, without a byte-order mark.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = crate::fsutil::read_regular(path).map_err(ReadError::Io)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let src = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, col) = line_col(&src, valid);
        ReadError::NotUtf8 { line, col }
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// Loads a scenario file and the CSV files it names. `Err` only when nothing sensible can be
/// read (a missing file, a TOML syntax error); otherwise the problems are in `problems`.
pub fn load(path: &Path) -> Result<RawScenario, Diagnostics> {
    let path = resolve(path).map_err(|d| Diagnostics(vec![d]))?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        return Err(Diagnostics(vec![Diagnostic {
            file: path.clone(),
            location: Location::File,
            field: None,
            message: msg!("load-csv-not-scenario"),
            hint: Some(msg!("load-csv-not-scenario-hint")),
        }]));
    }
    let src = read_text(&path).map_err(|e| {
        Diagnostics(vec![e.diagnostic(
            &path,
            msg!("load-check-path-hint", file = SCENARIO_FILE),
        )])
    })?;
    load_source(&src, &path)
}

/// Loads a scenario from text; `path` names it in messages and anchors relative CSV paths.
/// References given by name (南湖区 for `nanhu`) are read as their ids.
pub fn load_source(src: &str, path: &Path) -> Result<RawScenario, Diagnostics> {
    let mut raw = load_source_as_written(src, path)?;
    resolve_names(&mut raw);
    Ok(raw)
}

/// Reads the references given by name as ids (src/scenario/names.rs); again after edits.
pub(crate) fn resolve_names(raw: &mut RawScenario) {
    super::names::resolve(super::names::Sections {
        categories: &raw.categories,
        counties: &raw.counties,
        pools: &mut raw.pools,
        townships: &mut raw.townships,
        projects: &mut raw.projects,
        county_years: &mut raw.county_years,
        rules: raw.rules.as_mut(),
        problems: &mut raw.problems,
        notes: &mut raw.notes,
    });
}

fn load_source_as_written(src: &str, path: &Path) -> Result<RawScenario, Diagnostics> {
    let mut diags = Diagnostics::default();
    let path = path.to_path_buf();
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut out = RawScenario {
        path: path.clone(),
        ..Default::default()
    };
    let ctx = TomlCtx { src, file: &path };

    let (root, errors) = DeTable::parse_recoverable(src);
    // One per line: the errors after the first on a line are mostly its echoes.
    let mut lines_seen = Vec::new();
    for e in errors.iter() {
        let d = ctx.syntax_error(e);
        let line = match d.location {
            Location::Toml { line, .. } => line,
            _ => 0,
        };
        if !lines_seen.contains(&line) && lines_seen.len() < 20 {
            lines_seen.push(line);
            diags.push(d);
        }
    }
    if !errors.is_empty() {
        // A document with syntax errors would give misleading follow-on errors.
        diags.sort(&path);
        return Err(diags);
    }
    let root = root.into_inner();
    if let Some((_, base)) = root.iter().find(|(k, _)| k.get_ref().as_ref() == "extends") {
        return load_extending(&ctx, &root, base);
    }
    if root.is_empty() {
        diags.push(Diagnostic {
            file: path.clone(),
            location: Location::Toml { line: 1, col: 1 },
            field: None,
            message: msg!("load-empty"),
            hint: Some(msg!("load-empty-hint")),
        });
        return Err(diags);
    }

    let mut failed = Vec::new();
    let mut notes = Vec::new();
    let mut inputs = vec![path.clone()];
    for (key, value) in root.iter() {
        let name = key.get_ref().as_ref();
        let origin = ctx.origin(value, name);
        if !SECTIONS.contains(&name) {
            let key_loc = ctx.loc(key.span().start);
            let suggestion = closest(name, SECTIONS);
            if let Some(c) = suggestion {
                // Most likely that section, misspelt: do not also call it missing.
                failed.push(Failed {
                    section: c.to_string(),
                    id: None,
                });
            }
            diags.push(Diagnostic {
                file: path.clone(),
                location: key_loc,
                field: Some(name.to_string()),
                message: match suggestion {
                    Some(c) => msg!("load-unknown-section-near", near = c),
                    None => msg!("load-unknown-section"),
                },
                hint: Some(msg!("load-known-sections", list = SECTIONS.join(", "))),
            });
            continue;
        }
        out.sections.push((name.to_string(), origin));
        let mut c = Collect {
            diags: &mut diags,
            failed: &mut failed,
            notes: &mut notes,
            inputs: &mut inputs,
        };
        match name {
            "scenario" => out.meta = ctx.one(value, name, &mut c),
            "objective" => out.objective = ctx.one(value, name, &mut c),
            "rules" => out.rules = ctx.one(value, name, &mut c),
            "categories" => out.categories = ctx.many(value, name, &mut c),
            "pools" => out.pools = ctx.many(value, name, &mut c),
            "counties" => out.counties = ctx.many(value, name, &mut c),
            "townships" => out.townships = ctx.many(value, name, &mut c),
            "projects" => out.projects = ctx.many(value, name, &mut c),
            "county_years" => out.county_years = ctx.many(value, name, &mut c),
            _ => unreachable!("checked against SECTIONS"),
        }
    }
    out.failed = failed;
    out.problems = diags;
    out.notes = notes;
    out.inputs = inputs;
    Ok(out)
}

/// One step of a path inside a TOML table.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn path_str(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if s.is_empty() => s.push_str(k),
            Seg::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn join(record: &str, field: &str) -> String {
    match (record.is_empty(), field.is_empty()) {
        (true, _) => field.to_string(),
        (_, true) => record.to_string(),
        _ if field.starts_with('[') => format!("{record}{field}"),
        _ => format!("{record}.{field}"),
    }
}

fn contains(span: &std::ops::Range<usize>, offset: usize) -> bool {
    span.contains(&offset) || (span.is_empty() && span.start == offset)
}

/// The path of the deepest key (by the span of the key or of its value) or array element
/// holding `offset`. Tables opened by a `[header]` span only their header, so every branch is
/// searched, not only those whose span holds the offset.
fn locate(v: &DeValue<'_>, offset: usize) -> Vec<Seg> {
    fn inner(v: &DeValue<'_>, offset: usize) -> Option<Vec<Seg>> {
        type Child<'a, 'i> = (
            Seg,
            Option<std::ops::Range<usize>>,
            &'a Spanned<DeValue<'i>>,
        );
        let children: Vec<Child<'_, '_>> = match v {
            DeValue::Table(t) => t
                .iter()
                .map(|(k, val)| (Seg::Key(k.get_ref().to_string()), Some(k.span()), val))
                .collect(),
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, it)| (Seg::Index(i), None, it))
                .collect(),
            _ => return None,
        };
        for (seg, key_span, val) in children {
            let here =
                key_span.is_some_and(|s| contains(&s, offset)) || contains(&val.span(), offset);
            match inner(val.get_ref(), offset) {
                Some(mut deeper) => {
                    deeper.insert(0, seg);
                    return Some(deeper);
                }
                None if here => return Some(vec![seg]),
                None => {}
            }
        }
        None
    }
    inner(v, offset).unwrap_or_default()
}

fn get<'a, 'i>(v: &'a DeValue<'i>, path: &[Seg]) -> Option<&'a Spanned<DeValue<'i>>> {
    let (first, rest) = path.split_first()?;
    let item = match (v, first) {
        (DeValue::Table(t), Seg::Key(k)) => t.get(k.as_str())?,
        (DeValue::Array(a), Seg::Index(i)) => a.get(*i)?,
        _ => return None,
    };
    if rest.is_empty() {
        Some(item)
    } else {
        get(item.get_ref(), rest)
    }
}

/// Takes what is at `path` out of the tree: a key is removed; an array element is replaced by
/// an empty table or an empty string, so that the positions of the others do not shift.
fn take_out(v: &mut DeValue<'_>, path: &[Seg]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    match (v, first) {
        (DeValue::Table(t), Seg::Key(k)) => {
            if rest.is_empty() {
                t.remove(k.as_str()).is_some()
            } else {
                t.get_mut(k.as_str())
                    .is_some_and(|item| take_out(item.get_mut(), rest))
            }
        }
        (DeValue::Array(a), Seg::Index(i)) => {
            let Some(item) = a.get_mut(*i) else {
                return false;
            };
            if rest.is_empty() {
                let placeholder = if item.get_ref().is_table() {
                    DeValue::Table(DeTable::new())
                } else {
                    DeValue::String("".into())
                };
                *item = Spanned::new(item.span(), placeholder);
                true
            } else {
                take_out(item.get_mut(), rest)
            }
        }
        _ => false,
    }
}

/// The text between backticks in a serde message, in order.
fn ticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// The `id` of a table, if it is there as text (or a number: `id = 7` is reported, but a
/// reference to "7" is still not unknown).
fn table_id(v: &DeValue<'_>) -> Option<String> {
    match v.as_table()?.get("id")?.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Integer(i) => Some(i.as_str().to_string()),
        _ => None,
    }
}

/// serde's "expected f64" in words.
fn expected_words(expected: &str) -> String {
    match expected {
        "f64" | "f32" => "a number".into(),
        "i64" | "i32" | "u64" | "u32" | "i16" | "u16" | "i8" | "u8" => "a whole number".into(),
        "a string" | "a borrowed string" => "text in quotes".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list".into(),
        e if e.starts_with("struct ") || e == "a map" => "a table".into(),
        e => e.to_string(),
    }
}

/// [`expected_words`] in the reader's language.
fn words_msg(words: &str) -> Msg {
    match words {
        "a number" => msg!("load-type-number"),
        "a whole number" => msg!("load-type-integer"),
        "text in quotes" => msg!("load-type-text"),
        "true or false" => msg!("load-type-bool"),
        "a list" => msg!("load-type-list"),
        "a table" => msg!("load-type-table"),
        other => Msg::Lit(other.to_string()),
    }
}

/// serde's "string \"100\"" in words.
fn found_words(found: &str) -> Msg {
    if let Some(s) = found.strip_prefix("string ") {
        return msg!("load-found-text", text = s);
    }
    for (prefix, number) in [
        ("integer ", true),
        ("floating point ", true),
        ("boolean ", false),
    ] {
        if let Some(v) = found.strip_prefix(prefix) {
            let v = v.trim_matches('`');
            return if number {
                msg!("load-found-number", number = v)
            } else {
                Msg::Lit(v.to_string())
            };
        }
    }
    match found {
        "sequence" => words_msg("a list"),
        "map" => words_msg("a table"),
        f => Msg::Lit(f.to_string()),
    }
}

struct TomlCtx<'a> {
    src: &'a str,
    file: &'a Path,
}

impl TomlCtx<'_> {
    fn loc(&self, offset: usize) -> Location {
        let (line, col) = line_col(self.src, offset);
        Location::Toml { line, col }
    }

    fn origin(&self, value: &Spanned<DeValue<'_>>, record: &str) -> Origin {
        let mut fields = Vec::new();
        self.collect_fields(value.get_ref(), "", &mut fields);
        Origin {
            file: self.file.to_path_buf(),
            location: self.loc(value.span().start),
            fields,
            record: record.to_string(),
            unloaded: Vec::new(),
            overridden: Vec::new(),
            shown_as: Vec::new(),
            labels: Vec::new(),
        }
    }

    /// Positions of every key and array element below a value, as paths
    /// (`earmarks[0].min_share`, `categories[1]`).
    fn collect_fields(&self, v: &DeValue<'_>, prefix: &str, out: &mut Vec<(String, Location)>) {
        match v {
            DeValue::Table(t) => {
                for (k, v) in t.iter() {
                    let path = join(prefix, k.get_ref());
                    // Point at the value: that is what is wrong far more often than the key.
                    out.push((path.clone(), self.loc(v.span().start)));
                    self.collect_fields(v.get_ref(), &path, out);
                }
            }
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("{prefix}[{i}]");
                    out.push((path.clone(), self.loc(item.span().start)));
                    self.collect_fields(item.get_ref(), &path, out);
                }
            }
            _ => {}
        }
    }

    fn diag(
        &self,
        offset: usize,
        field: String,
        message: impl Into<Msg>,
        hint: Option<impl Into<Msg>>,
    ) -> Diagnostic {
        Diagnostic {
            file: self.file.to_path_buf(),
            location: self.loc(offset),
            field: Some(field).filter(|f| !f.is_empty()),
            message: message.into(),
            hint: hint.map(Into::into),
        }
    }

    /// A syntax error, with the key of the line it is on and advice for the usual mistakes.
    fn syntax_error(&self, e: &toml::de::Error) -> Diagnostic {
        // The parser's own words, passed through as they are.
        let message = e.message().trim().to_string();
        let Some(mut start) = e.span().map(|s| s.start.min(self.src.len())) else {
            return Diagnostic {
                file: self.file.to_path_buf(),
                location: Location::File,
                field: None,
                message: Msg::Lit(message),
                hint: None,
            };
        };
        while !self.src.is_char_boundary(start) {
            start -= 1;
        }
        let line_start = self.src[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line_end = self.src[line_start..]
            .find('\n')
            .map(|i| line_start + i)
            .unwrap_or(self.src.len());
        let line = self.src[line_start..line_end].trim_end_matches('\r');
        // Advice about the value only if the error is after the `=` (not in the key).
        let in_value = line.find('=').is_some_and(|eq| start >= line_start + eq);
        let duplicate = message.starts_with("duplicate key");
        let Some((key, value)) = key_value(line).filter(|_| in_value || duplicate) else {
            let hint = if line.trim_start().starts_with('[') {
                Some(msg!("load-syntax-header-hint"))
            } else if message.contains("key") {
                Some(msg!("load-syntax-key-hint"))
            } else {
                None
            };
            return self.diag(start, String::new(), message, hint);
        };
        let field = format!("{}{key}", table_prefix(&self.src[..line_start]));
        let numeric = looks_numeric(&key);
        let generic = if numeric {
            msg!("load-syntax-number-hint", key = &key)
        } else {
            msg!("load-syntax-text-hint", key = &key)
        };
        let yes_no = matches!(
            value.to_lowercase().as_str(),
            "yes" | "no" | "y" | "n" | "是" | "否"
        );
        let in_string = message.contains("string");
        let message = Msg::Lit(message);
        let (message, hint) = if duplicate {
            (msg!("load-duplicate-key"), msg!("load-duplicate-key-hint"))
        } else if value.is_empty() {
            let example = if numeric {
                format!("{key} = 50")
            } else {
                format!("{key} = \"...\"")
            };
            (
                msg!("load-value-missing"),
                msg!("load-value-missing-hint", example = example),
            )
        } else if value.starts_with('"') || value.starts_with('\'') {
            let hint = if in_string {
                msg!("load-close-quotes-hint", key = &key)
            } else {
                generic
            };
            (message, hint)
        } else if let (Some(n), true) = (leading_number(&value), value.ends_with('%')) {
            let frac = n
                .parse::<f64>()
                .map(|x| super::diag::num(x / 100.0))
                .unwrap_or(n);
            (
                msg!("load-not-a-number", value = &value),
                msg!("load-share-fraction-hint", key = &key, frac = frac),
            )
        } else if value
            .starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.')
        {
            match leading_number(&value) {
                Some(n) => (
                    msg!("load-not-a-number", value = &value),
                    msg!("load-hint-plain-number", fix = format!("{key} = {n}")),
                ),
                None => (message, generic),
            }
        } else if yes_no {
            (
                msg!("load-expected-bool"),
                msg!("load-hint-bool", key = &key),
            )
        } else if value.starts_with(|c: char| c.is_alphabetic()) {
            (
                msg!("load-text-needs-quotes"),
                msg!("load-hint-write-text", key = &key, value = &value),
            )
        } else {
            (message, generic)
        };
        self.diag(start, field, message, Some(hint))
    }

    /// A problem reported by serde while deserializing the table at `value`, for the field at
    /// `path` inside it.
    fn value_error(
        &self,
        e: &toml::de::Error,
        record: &str,
        path: &[Seg],
        value: &Spanned<DeValue<'_>>,
    ) -> Diagnostic {
        let msg = e.message().trim();
        let span = e.span().unwrap_or(value.span());
        let field = join(record, &path_str(path));
        let key = path
            .iter()
            .rev()
            .find_map(|s| match s {
                Seg::Key(k) => Some(k.as_str()),
                Seg::Index(_) => None,
            })
            .unwrap_or("value");
        let written = self.src.get(span.clone()).unwrap_or("").trim();
        let lhs = match path.last() {
            Some(Seg::Index(_)) => String::new(),
            _ => format!("{key} = "),
        };
        if msg.starts_with("unknown field") {
            let t = ticked(msg);
            let known = t.get(1..).unwrap_or(&[]);
            let name = t.first().copied().unwrap_or("");
            let (message, hint) = match closest(name, known.iter().copied()) {
                Some(c) => (
                    msg!("load-unknown-field-near", near = c),
                    msg!("load-accepted-fields", list = known.join(", ")),
                ),
                None if known.is_empty() => {
                    (msg!("load-unknown-field"), msg!("load-no-fields-hint"))
                }
                None => (
                    msg!("load-unknown-field"),
                    msg!("load-remove-or-accepted-hint", list = known.join(", ")),
                ),
            };
            return self.diag(span.start, field, message, Some(hint));
        }
        if let Some((found, expected)) = msg
            .strip_prefix("invalid type: ")
            .and_then(|r| r.split_once(", expected "))
        {
            let exp = expected_words(expected);
            let message = msg!(
                "load-expected-found",
                expected = words_msg(&exp),
                found = found_words(found)
            );
            let inner = written.trim_matches(|c| c == '"' || c == '\'');
            let hint = match exp.as_str() {
                "a number" | "a whole number"
                    if found.starts_with("string") && inner.trim().parse::<f64>().is_ok() =>
                {
                    msg!(
                        "load-hint-remove-quotes",
                        fix = format!("{lhs}{}", inner.trim())
                    )
                }
                "a number" | "a whole number" => match leading_number(inner) {
                    Some(n) => msg!("load-hint-plain-number", fix = format!("{lhs}{n}")),
                    None => msg!("load-hint-write-number", key = key),
                },
                "text in quotes" => msg!("load-hint-quotes", fix = format!("{lhs}\"{inner}\"")),
                "a list" => msg!("load-hint-list", fix = format!("{lhs}[{written}]")),
                "true or false" => msg!("load-hint-bool", key = key),
                "a table" => msg!(
                    "load-hint-table",
                    key = key,
                    table = join(record, &path_str(path))
                ),
                _ => msg!("load-hint-types"),
            };
            return self.diag(span.start, field, message, Some(hint));
        }
        if msg.starts_with("expected true or false") || msg.contains("untagged enum") {
            // The words of `raw::opt_bool` ("expected true or false, found the number 2"), or
            // serde's for an untagged enum (then what is written is shown).
            let found = match msg.strip_prefix("expected true or false, found ") {
                Some(f) => match (f.strip_prefix("the number "), f.strip_prefix("the text ")) {
                    (Some(n), _) => Some(msg!("load-found-number", number = n)),
                    (_, Some(t)) => Some(msg!("load-found-text", text = t)),
                    _ => None,
                },
                None if msg.starts_with("expected") => None,
                None => Some(Msg::Lit(written.to_string())),
            };
            let message = match found {
                Some(found) => msg!("load-expected-bool-found", found = found),
                None => Msg::Lit(msg.to_string()),
            };
            return self.diag(
                span.start,
                field,
                message,
                Some(msg!("load-hint-bool", key = key)),
            );
        }
        self.diag(span.start, field, msg.to_string(), None::<Msg>)
    }

    fn missing(
        &self,
        offset: usize,
        field: String,
        info: Option<&FieldInfo>,
        id: Option<&str>,
        what: &str,
    ) -> Diagnostic {
        let name = field.rsplit('.').next().unwrap_or(&field).to_string();
        let example = match info.map(|f| f.kind) {
            Some(Kind::List) => Msg::Lit(format!("{name} = [\"...\"]")),
            Some(Kind::Number | Kind::Integer) => Msg::Lit(format!("{name} = 0")),
            Some(Kind::Bool) => Msg::Lit(format!("{name} = true")),
            Some(Kind::Table) => msg!("load-example-table", table = &field),
            Some(Kind::Text) => Msg::Lit(format!("{name} = \"...\"")),
            _ => msg!("load-example-field", field = &name),
        };
        let message = match id {
            Some(id) => msg!("load-required-missing-of", what = what_msg(what), id = id),
            None => msg!("load-required-missing"),
        };
        self.diag(
            offset,
            field,
            message,
            Some(msg!("load-required-missing-hint", example = example)),
        )
    }

    /// Deserializes the table at `value`. Whatever serde rejects is reported and taken out, and
    /// the rest is tried again, so every problem of the table is found. Returns the record (if
    /// it could be read at all), the fields taken out, and whether it was read without problems.
    fn read_table<T: DeserializeOwned>(
        &self,
        value: &Spanned<DeValue<'_>>,
        record: &str,
        what: &str,
        diags: &mut Diagnostics,
    ) -> (Option<T>, Vec<String>, bool) {
        let mut work = value.clone();
        let mut unloaded: Vec<String> = Vec::new();
        let mut clean = true;
        let id = table_id(value.get_ref());
        let fields = schema::<T>();
        // Every missing required field at once (serde stops at the first).
        let mut reported: Vec<String> = Vec::new();
        if let Some(t) = value.get_ref().as_table() {
            for f in fields
                .iter()
                .filter(|f| f.required && t.get(f.name).is_none())
            {
                diags.push(self.missing(
                    value.span().start,
                    join(record, f.name),
                    Some(f),
                    id.as_deref(),
                    what,
                ));
                reported.push(f.name.to_string());
                clean = false;
            }
        }
        let mut last: Option<(String, Option<std::ops::Range<usize>>)> = None;
        for _ in 0..200 {
            let e = match T::deserialize(ValueDeserializer::from(work.clone())) {
                Ok(raw) => return (Some(raw), unloaded, clean),
                Err(e) => e,
            };
            clean = false;
            let this = (e.message().to_string(), e.span());
            if last.as_ref() == Some(&this) {
                break; // could not take it out: give up on this table
            }
            last = Some(this);
            let path = e
                .span()
                .map(|s| locate(value.get_ref(), s.start))
                .unwrap_or_default();
            if let Some(field) = e
                .message()
                .strip_prefix("missing field `")
                .and_then(|r| r.split('`').next())
            {
                // The table it is missing from: the deepest table on the path.
                let depth = (0..=path.len())
                    .rev()
                    .find(|&n| {
                        n == 0
                            || get(value.get_ref(), &path[..n])
                                .is_some_and(|v| v.get_ref().is_table())
                    })
                    .unwrap_or(0);
                let parent = &path[..depth];
                let full = join(&path_str(parent), field);
                let follow_on = reported.contains(&full) || unloaded.contains(&full);
                if !follow_on {
                    let at = get(value.get_ref(), parent)
                        .map(|v| v.span().start)
                        .unwrap_or(value.span().start);
                    let info = (parent.is_empty())
                        .then(|| fields.iter().find(|f| f.name == field))
                        .flatten();
                    diags.push(self.missing(at, join(record, &full), info, id.as_deref(), what));
                }
                if parent.is_empty() || !take_out(work.get_mut(), parent) {
                    return (None, unloaded, false);
                }
                unloaded.push(path_str(parent));
                continue;
            }
            diags.push(self.value_error(&e, record, &path, value));
            if path.is_empty() || !take_out(work.get_mut(), &path) {
                return (None, unloaded, false);
            }
            if e.message().starts_with("unknown field") {
                // `nede_mu`: say nothing more about the `need_mu` it was meant to be.
                let t = ticked(e.message());
                if let Some(c) = t
                    .first()
                    .and_then(|name| closest(name, t[1..].iter().copied()))
                {
                    let mut meant = path.clone();
                    meant.pop();
                    meant.push(Seg::Key(c.to_string()));
                    unloaded.push(path_str(&meant));
                }
            }
            unloaded.push(path_str(&path));
        }
        (None, unloaded, false)
    }

    /// A section that is one table (`[scenario]`, `[objective]`, `[rules]`): what can be read
    /// of it is kept.
    fn one<T: DeserializeOwned>(
        &self,
        value: &Spanned<DeValue<'_>>,
        name: &str,
        c: &mut Collect<'_>,
    ) -> Option<Record<T>> {
        if !value.get_ref().is_table() {
            c.diags.push(Diagnostic {
                file: self.file.to_path_buf(),
                location: self.loc(value.span().start),
                field: Some(name.to_string()),
                message: msg!("load-expected-table", found = value.get_ref().type_str()),
                hint: Some(msg!("load-section-table-hint", section = name)),
            });
            return None;
        }
        let (raw, unloaded, _) = self.read_table::<T>(value, name, name, c.diags);
        let mut origin = self.origin(value, name);
        origin.unloaded = unloaded;
        raw.map(|raw| Record { raw, origin })
    }

    /// The long form of a table section: `{ file = "...", sheet = "...", columns = { field =
    /// "header" } }`. Problems are reported at the key that has them.
    fn table_spec(
        &self,
        value: &Spanned<DeValue<'_>>,
        t: &DeTable<'_>,
        name: &str,
        c: &mut Collect<'_>,
    ) -> Option<TableSpec> {
        let named_at = self.origin(value, name);
        let mut problem =
            |at: usize, field: String, message: crate::i18n::Msg, hint: crate::i18n::Msg| {
                c.diags.push(Diagnostic {
                    file: self.file.to_path_buf(),
                    location: self.loc(at),
                    field: Some(field),
                    message,
                    hint: Some(hint),
                });
            };
        let example = format!("{name} = {{ file = \"{name}.xlsx\", sheet = \"Sheet1\" }}");
        let mut file = None;
        let mut sheet = None;
        let mut columns = Vec::new();
        let mut accept_total_mismatch = false;
        let mut ok = true;
        for (k, v) in t.iter() {
            let key = k.get_ref().as_ref();
            let at = v.span().start;
            match (key, v.get_ref()) {
                ("file", DeValue::String(s)) => file = Some(s.to_string()),
                // A total row known to differ from its rows (issue 25): a note, not an error.
                ("accept_total_mismatch", DeValue::Boolean(b)) => accept_total_mismatch = *b,
                ("accept_total_mismatch", _) => {
                    ok = false;
                    problem(
                        at,
                        format!("{name}.{key}"),
                        crate::msg!("spec-expected-bool"),
                        crate::msg!("spec-accept-total-example"),
                    );
                }
                ("sheet", DeValue::String(s)) => sheet = Some(s.to_string()),
                ("columns", DeValue::Table(cols)) => {
                    for (f, h) in cols.iter() {
                        match h.get_ref() {
                            DeValue::String(h) => {
                                columns.push((f.get_ref().to_string(), h.to_string()))
                            }
                            _ => {
                                ok = false;
                                problem(
                                    h.span().start,
                                    format!("{name}.columns.{}", f.get_ref()),
                                    crate::msg!("spec-column-text"),
                                    crate::msg!(
                                        "spec-column-text-hint",
                                        field = f.get_ref().to_string()
                                    ),
                                );
                            }
                        }
                    }
                }
                ("file" | "sheet", _) => {
                    ok = false;
                    problem(
                        at,
                        format!("{name}.{key}"),
                        crate::msg!("spec-expected-text"),
                        crate::msg!("spec-example", example = example.clone()),
                    );
                }
                ("columns", _) => {
                    ok = false;
                    problem(
                        at,
                        format!("{name}.columns"),
                        crate::msg!("spec-columns-table"),
                        crate::msg!("spec-columns-example"),
                    );
                }
                (other, _) => {
                    ok = false;
                    problem(
                        at,
                        format!("{name}.{other}"),
                        crate::msg!("spec-unknown-key"),
                        crate::msg!("spec-keys"),
                    );
                }
            }
        }
        if file.is_none() {
            ok = false;
            problem(
                value.span().start,
                format!("{name}.file"),
                crate::msg!("spec-no-file"),
                crate::msg!("spec-example", example = example.clone()),
            );
        }
        if !ok {
            return None;
        }
        Some(TableSpec {
            path: super::sheet::resolve(self.file, &file?),
            sheet,
            columns,
            named_at,
            accept_total_mismatch,
        })
    }

    /// A list section: `[[tables]]` or the path of a CSV file. A table with a problem is left
    /// out (its id is remembered).
    fn many<T: DeserializeOwned>(
        &self,
        value: &Spanned<DeValue<'_>>,
        name: &str,
        c: &mut Collect<'_>,
    ) -> Vec<Record<T>> {
        match value.get_ref() {
            DeValue::String(rel) => {
                let spec = TableSpec {
                    path: super::sheet::resolve(self.file, rel),
                    sheet: None,
                    columns: Vec::new(),
                    named_at: self.origin(value, name),
                    accept_total_mismatch: false,
                };
                load_table(&spec, name, c)
            }
            DeValue::Table(t) => match self.table_spec(value, t, name, c) {
                Some(spec) => load_table(&spec, name, c),
                None => {
                    c.failed.push(Failed {
                        section: name.to_string(),
                        id: None,
                    });
                    Vec::new()
                }
            },
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let record = format!("{name}[{i}]");
                    if !item.get_ref().is_table() {
                        c.diags.push(Diagnostic {
                            file: self.file.to_path_buf(),
                            location: self.loc(item.span().start),
                            field: Some(record),
                            message: msg!("load-expected-table", found = item.get_ref().type_str()),
                            hint: Some(msg!("load-entry-table-hint", section = name)),
                        });
                        c.failed.push(Failed {
                            section: name.to_string(),
                            id: Some(String::new()),
                        });
                        continue;
                    }
                    match self.read_table::<T>(item, &record, singular(name), c.diags) {
                        (Some(raw), _, true) => out.push(Record {
                            raw,
                            origin: self.origin(item, &record),
                        }),
                        // Without a readable id (reported) it cannot be referred to anyway.
                        _ => c.failed.push(Failed {
                            section: name.to_string(),
                            id: Some(table_id(item.get_ref()).unwrap_or_default()),
                        }),
                    }
                }
                out
            }
            other => {
                c.diags.push(Diagnostic {
                    file: self.file.to_path_buf(),
                    location: self.loc(value.span().start),
                    field: Some(name.to_string()),
                    message: msg!(
                        "load-expected-tables-or-csv",
                        section = name,
                        found = other.type_str()
                    ),
                    hint: Some(msg!("load-csv-path-hint", section = name)),
                });
                c.failed.push(Failed {
                    section: name.to_string(),
                    id: None,
                });
                Vec::new()
            }
        }
    }
}

/// `need_mu = 50 mu  # comment` → (`need_mu`, `50 mu`); `None` if the line is no `key = value`.
fn key_value(line: &str) -> Option<(String, String)> {
    let t = line.trim_start();
    if t.starts_with('[') || t.starts_with('#') {
        return None;
    }
    let (key, value) = t.split_once('=')?;
    let key = key.trim();
    let bare =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | '\'' | ' ');
    if key.is_empty() || !key.chars().all(bare) {
        return None;
    }
    let value = value.trim();
    let value = if value.starts_with('"') || value.starts_with('\'') {
        value
    } else {
        value.split('#').next().unwrap_or("").trim()
    };
    let key: String = key
        .split('.')
        .map(|k| k.trim().trim_matches(|c| c == '"' || c == '\''))
        .collect::<Vec<_>>()
        .join(".");
    Some((key, value.to_string()))
}

/// The table a line belongs to, from the headers above it: `projects[2].` after the third
/// `[[projects]]`, `rules.stock_linkage.` after `[rules.stock_linkage]`, empty at the top.
fn table_prefix(before: &str) -> String {
    let mut arrays: Vec<(String, usize)> = Vec::new();
    let mut current: Option<String> = None;
    for line in before.lines() {
        let t = line.trim();
        let (name, array) = if let Some(r) = t.strip_prefix("[[") {
            (r.split("]]").next().unwrap_or(""), true)
        } else if let Some(r) = t.strip_prefix('[') {
            (r.split(']').next().unwrap_or(""), false)
        } else {
            continue;
        };
        let name: Vec<&str> = name
            .split('.')
            .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\''))
            .collect();
        let full = name.join(".");
        if array {
            match arrays.iter_mut().find(|(n, _)| *n == full) {
                Some((_, count)) => *count += 1,
                None => arrays.push((full.clone(), 1)),
            }
        }
        let mut out = String::new();
        for i in 0..name.len() {
            out = join(&out, name[i]);
            if let Some((_, count)) = arrays.iter().find(|(n, _)| *n == name[..=i].join(".")) {
                out.push_str(&format!("[{}]", count - 1));
            }
        }
        current = Some(out);
    }
    current.map(|c| format!("{c}.")).unwrap_or_default()
}

/// Whether a key holds a number, judging by its name (for hints on lines that do not parse).
fn looks_numeric(key: &str) -> bool {
    let last = key.rsplit('.').next().unwrap_or(key);
    last.ends_with("_mu")
        || last.ends_with("_ha")
        || last.contains("share")
        || matches!(
            last,
            "alpha"
                | "beta"
                | "year"
                | "consolidated_bonus"
                | "national"
                | "provincial"
                | "city"
                | "county"
                | "block"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_prefix_follows_headers() {
        assert_eq!(table_prefix("a = 1\n"), "");
        assert_eq!(table_prefix("[scenario]\nname = 1\n"), "scenario.");
        assert_eq!(
            table_prefix("[[projects]]\nid = 1\n[[projects]]\n"),
            "projects[1]."
        );
        assert_eq!(
            table_prefix("[[rules.earmarks]]\n[rules.stock_linkage]\n"),
            "rules.stock_linkage."
        );
    }

    #[test]
    fn key_value_splits_lines() {
        assert_eq!(
            key_value("need_mu = 50 mu # x"),
            Some(("need_mu".into(), "50 mu".into()))
        );
        assert_eq!(key_value("[[projects]]"), None);
        assert_eq!(
            key_value("name = \"a # b\""),
            Some(("name".into(), "\"a # b\"".into()))
        );
    }

    #[test]
    fn leading_numbers() {
        assert_eq!(leading_number("50 mu").as_deref(), Some("50"));
        assert_eq!(leading_number("\"1,234\"").as_deref(), Some("1234"));
        assert_eq!(leading_number("abc"), None);
    }
}

/// How many scenarios deep `extends` may go (a what-if of a what-if of ... a base).
pub const MAX_EXTENDS_DEPTH: usize = 16;

thread_local! {
    /// Files being loaded through `extends`, to report a cycle instead of recursing forever.
    static EXTENDS_CHAIN: std::cell::RefCell<Vec<PathBuf>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A scenario that starts from another one (`extends = "../base"`) and overrides parts of it:
/// its sections' fields replace the base's, entries of table sections are matched by id
/// (fields replaced, or the entry added when the id is new), and `[remove]` lists ids to drop.
fn load_extending(
    ctx: &TomlCtx<'_>,
    root: &DeTable<'_>,
    base: &Spanned<DeValue<'_>>,
) -> Result<RawScenario, Diagnostics> {
    use super::overrides::{Edit, TABLES, apply};
    let here = |v: &Spanned<DeValue<'_>>, field: &str| {
        Diagnostics(vec![Diagnostic {
            file: ctx.file.to_path_buf(),
            location: ctx.loc(v.span().start),
            field: Some(field.to_string()),
            message: Msg::default(),
            hint: None,
        }])
    };
    let with = |mut d: Diagnostics, message: Msg, hint: Msg| {
        d.0[0].message = message;
        d.0[0].hint = Some(hint);
        d
    };
    let Some(rel) = base.get_ref().as_str() else {
        return Err(with(
            here(base, "extends"),
            msg!("load-extends-path"),
            msg!("load-extends-path-hint"),
        ));
    };
    let base_path = ctx.file.parent().unwrap_or(Path::new(".")).join(rel);
    let key = std::fs::canonicalize(&base_path).unwrap_or(base_path.clone());
    let (cycle, depth) = EXTENDS_CHAIN.with(|c| (c.borrow().contains(&key), c.borrow().len()));
    if !cycle && depth >= MAX_EXTENDS_DEPTH {
        return Err(with(
            here(base, "extends"),
            msg!(
                "load-extends-deep",
                max = MAX_EXTENDS_DEPTH,
                path = base_path.display().to_string()
            ),
            msg!("load-extends-deep-hint"),
        ));
    }
    if cycle {
        return Err(with(
            here(base, "extends"),
            msg!("load-extends-cycle", path = base_path.display().to_string()),
            msg!("load-extends-cycle-hint"),
        ));
    }
    EXTENDS_CHAIN.with(|c| c.borrow_mut().push(key));
    let loaded = load(&base_path);
    EXTENDS_CHAIN.with(|c| c.borrow_mut().pop());
    let mut raw = loaded?;

    let to_value = |v: &Spanned<DeValue<'_>>| -> Option<toml::Value> {
        serde::Deserialize::deserialize(ValueDeserializer::from(v.clone())).ok()
    };
    let mut edits = Vec::new();
    let mut problems = Diagnostics::default();
    for (k, v) in root.iter() {
        let name = k.get_ref().as_ref();
        match name {
            "extends" => {}
            "remove" => {
                let DeValue::Table(t) = v.get_ref() else {
                    problems.extend(with(
                        here(v, "remove"),
                        msg!("load-remove-table"),
                        msg!("load-remove-table-hint"),
                    ));
                    continue;
                };
                for (sk, sv) in t.iter() {
                    let section = sk.get_ref().to_string();
                    let ids: Vec<String> = match to_value(sv) {
                        Some(toml::Value::Array(a)) => a
                            .iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect(),
                        _ => {
                            problems.extend(with(
                                here(sv, &format!("remove.{section}")),
                                msg!("load-remove-list"),
                                msg!("load-remove-list-hint"),
                            ));
                            continue;
                        }
                    };
                    for id in ids {
                        edits.push(Edit::Remove {
                            section: section.clone(),
                            id,
                            origin: ctx.origin(sv, &format!("remove.{section}")),
                        });
                    }
                }
            }
            "scenario" | "objective" | "rules" => leaf_edits(ctx, v, name, &mut edits),
            // Later years' county figures have no ids: an extending file adds rows (a row for
            // a county and year the base has too is reported as a duplicate).
            "county_years" => {
                let (mut failed, mut notes, mut inputs) = (Vec::new(), Vec::new(), Vec::new());
                let mut c = Collect {
                    diags: &mut problems,
                    failed: &mut failed,
                    notes: &mut notes,
                    inputs: &mut inputs,
                };
                let rows = ctx.many(v, name, &mut c);
                raw.county_years.extend(rows);
                raw.failed.extend(failed);
                raw.notes.extend(notes);
                raw.inputs.extend(inputs);
            }
            s if TABLES.contains(&s) => {
                let DeValue::Array(items) = v.get_ref() else {
                    problems.extend(with(
                        here(v, s),
                        msg!("load-extends-entries"),
                        msg!("load-extends-entries-hint"),
                    ));
                    continue;
                };
                for (i, item) in items.iter().enumerate() {
                    let record = format!("{s}[{i}]");
                    let Some(toml::Value::Table(table)) = to_value(item) else {
                        problems.extend(with(
                            here(item, &record),
                            msg!("load-expected-table-only"),
                            msg!("load-entry-table-hint", section = s),
                        ));
                        continue;
                    };
                    let Some(id) = table.get("id").and_then(|x| x.as_str()).map(str::to_string)
                    else {
                        problems.extend(with(
                            here(item, &record),
                            msg!("load-entry-id"),
                            msg!("load-entry-id-hint"),
                        ));
                        continue;
                    };
                    let origin = ctx.origin(item, &record);
                    if has_id(&raw, s, &id) {
                        for (field, value) in table.iter().filter(|(f, _)| f.as_str() != "id") {
                            let mut o = origin.clone();
                            o.location = origin.at(field);
                            edits.push(Edit::Set {
                                path: format!("{s}.{id}.{field}"),
                                value: value.clone(),
                                origin: o,
                            });
                        }
                    } else {
                        edits.push(Edit::Add {
                            section: s.to_string(),
                            record: table,
                            origin,
                        });
                    }
                }
            }
            other => {
                let known: Vec<&str> = SECTIONS
                    .iter()
                    .chain(EXTENDS_KEYS.iter())
                    .copied()
                    .collect();
                problems.extend(with(
                    here(v, other),
                    msg!("load-unknown-section"),
                    msg!("load-known-here", list = known.join(", ")),
                ));
            }
        }
    }
    problems.extend(apply(&mut raw, &edits));
    raw.problems.extend(problems);
    raw.inputs.push(ctx.file.to_path_buf());
    Ok(raw)
}

/// One `Set` per leaf value of a section (arrays, such as `rules.earmarks`, replace the base's).
fn leaf_edits(
    ctx: &TomlCtx<'_>,
    v: &Spanned<DeValue<'_>>,
    path: &str,
    edits: &mut Vec<super::overrides::Edit>,
) {
    match v.get_ref() {
        DeValue::Table(t) => {
            for (k, inner) in t.iter() {
                leaf_edits(ctx, inner, &format!("{path}.{}", k.get_ref()), edits);
            }
        }
        _ => {
            if let Ok(value) = serde::Deserialize::deserialize(ValueDeserializer::from(v.clone())) {
                let mut origin = ctx.origin(v, "");
                origin.record = String::new();
                edits.push(super::overrides::Edit::Set {
                    path: path.to_string(),
                    value,
                    origin,
                });
            }
        }
    }
}

fn has_id(raw: &RawScenario, section: &str, id: &str) -> bool {
    match section {
        "categories" => raw.categories.iter().any(|r| r.raw.id == id),
        "pools" => raw.pools.iter().any(|r| r.raw.id == id),
        "counties" => raw.counties.iter().any(|r| r.raw.id == id),
        "townships" => raw.townships.iter().any(|r| r.raw.id == id),
        "projects" => raw.projects.iter().any(|r| r.raw.id == id),
        _ => false,
    }
}

//! Reading a scenario from disk into raw records, each tagged with where it came from.
//!
//! The TOML document is parsed once into a spanned tree; each section and each table of an
//! array is then deserialized on its own, so one bad project does not hide the next one.

use super::diag::{Diagnostic, Diagnostics, Location, Origin, closest, line_col};
use super::introspect::struct_fields;
use super::raw::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// A raw record with its origin in a TOML table or a CSV row.
#[derive(Debug)]
pub struct Record<T> {
    pub raw: T,
    pub origin: Origin,
}

#[derive(Debug, Default)]
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
    /// Origin of each top-level section key, for problems about a whole section.
    pub sections: Vec<(String, Origin)>,
}

impl RawScenario {
    pub fn section(&self, name: &str) -> Origin {
        self.sections
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, o)| o.clone())
            .unwrap_or_else(|| Origin::file(&self.path))
    }
}

const SECTIONS: [&str; 8] = [
    "scenario",
    "objective",
    "rules",
    "categories",
    "pools",
    "counties",
    "townships",
    "projects",
];

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
            message: format!("is a directory without a {SCENARIO_FILE}"),
            hint: Some(format!(
                "give the scenario's TOML file, or a directory holding {SCENARIO_FILE}"
            )),
        });
    }
    Ok(path.to_path_buf())
}

pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let file_error = |message: String, hint: &str| Diagnostic {
        file: path.to_path_buf(),
        location: Location::File,
        field: None,
        message,
        hint: Some(hint.to_string()),
    };
    let bytes = std::fs::read(path).map_err(|e| {
        file_error(
            format!("cannot read file: {e}"),
            "check the path; paths inside a scenario are relative to the scenario file",
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let src = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, col) = line_col(&src, valid);
        Diagnostic {
            file: path.to_path_buf(),
            location: Location::Toml { line, col },
            field: None,
            message: "file is not valid UTF-8 text".into(),
            hint: Some("save the file as UTF-8 (spreadsheets: \"CSV UTF-8\"); GBK is not accepted".into()),
        }
    })?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text))
}

/// Loads a scenario file and the CSV files it names. Returns every problem found.
pub fn load(path: &Path) -> Result<RawScenario, Diagnostics> {
    let path = resolve(path).map_err(|d| Diagnostics(vec![d]))?;
    let src = read_text(&path).map_err(|d| Diagnostics(vec![d]))?;
    load_source(&src, &path)
}

/// Loads a scenario from text; `path` names it in messages and anchors relative CSV paths.
pub fn load_source(src: &str, path: &Path) -> Result<RawScenario, Diagnostics> {
    let mut diags = Diagnostics::default();
    let path = path.to_path_buf();
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut out = RawScenario {
        path: path.clone(),
        ..Default::default()
    };
    let ctx = TomlCtx { src, file: &path };

    let (root, errors) = DeTable::parse_recoverable(src);
    for e in errors.iter().take(20) {
        diags.push(ctx.toml_error(e, None));
    }
    if !errors.is_empty() {
        // A document with syntax errors would give misleading follow-on errors.
        return Err(diags);
    }
    let root = root.into_inner();
    if root.is_empty() {
        diags.push(Diagnostic {
            file: path.clone(),
            location: Location::File,
            field: None,
            message: "the scenario is empty".into(),
            hint: Some("a scenario needs at least [scenario], [[categories]], [[pools]], counties and projects; see scenarios/tutorial".into()),
        });
        return Err(diags);
    }

    for (key, value) in root.iter() {
        let name = key.get_ref().as_ref();
        let origin = ctx.origin(value, name);
        if !SECTIONS.contains(&name) {
            let key_loc = ctx.loc(key.span().start);
            diags.push(Diagnostic {
                file: path.clone(),
                location: key_loc,
                field: Some(name.to_string()),
                message: "unknown section".into(),
                hint: Some(match closest(name, SECTIONS) {
                    Some(c) => format!("did you mean `{c}`? known sections: {}", SECTIONS.join(", ")),
                    None => format!("known sections: {}", SECTIONS.join(", ")),
                }),
            });
            continue;
        }
        out.sections.push((name.to_string(), origin));
        match name {
            "scenario" => out.meta = ctx.one(value, name, &mut diags),
            "objective" => out.objective = ctx.one(value, name, &mut diags),
            "rules" => out.rules = ctx.one(value, name, &mut diags),
            "categories" => out.categories = ctx.many(value, name, &mut diags),
            "pools" => out.pools = ctx.many(value, name, &mut diags),
            "counties" => out.counties = ctx.many(value, name, &mut diags),
            "townships" => out.townships = ctx.many(value, name, &mut diags),
            "projects" => out.projects = ctx.many(value, name, &mut diags),
            _ => unreachable!("checked against SECTIONS"),
        }
    }
    if diags.is_empty() { Ok(out) } else { Err(diags) }
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
        if let DeValue::Table(t) = value.get_ref() {
            self.collect_fields(t, "", &mut fields);
        }
        Origin {
            file: self.file.to_path_buf(),
            location: self.loc(value.span().start),
            fields,
            record: record.to_string(),
        }
    }

    /// Positions of every key below a table, as dotted paths (`earmarks[0].min_share`).
    fn collect_fields(&self, t: &DeTable<'_>, prefix: &str, out: &mut Vec<(String, Location)>) {
        for (k, v) in t.iter() {
            let path = if prefix.is_empty() {
                k.get_ref().to_string()
            } else {
                format!("{prefix}.{}", k.get_ref())
            };
            // Point at the value: that is what is wrong far more often than the key.
            out.push((path.clone(), self.loc(v.span().start)));
            match v.get_ref() {
                DeValue::Table(inner) => self.collect_fields(inner, &path, out),
                DeValue::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let DeValue::Table(inner) = item.get_ref() {
                            self.collect_fields(inner, &format!("{path}[{i}]"), out);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn toml_error(&self, e: &toml::de::Error, record: Option<&str>) -> Diagnostic {
        let location = e
            .span()
            .map(|s| self.loc(s.start))
            .unwrap_or(Location::File);
        let message = e.message().trim().to_string();
        Diagnostic {
            file: self.file.to_path_buf(),
            location,
            field: record.map(str::to_string),
            hint: serde_hint(&message),
            message,
        }
    }

    fn one<T: DeserializeOwned>(
        &self,
        value: &Spanned<DeValue<'_>>,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Option<Record<T>> {
        if !value.get_ref().is_table() {
            diags.push(Diagnostic {
                file: self.file.to_path_buf(),
                location: self.loc(value.span().start),
                field: Some(name.to_string()),
                message: format!("expected a table, found {}", value.get_ref().type_str()),
                hint: Some(format!("write it as a [{name}] section")),
            });
            return None;
        }
        match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(raw) => Some(Record {
                raw,
                origin: self.origin(value, name),
            }),
            Err(e) => {
                diags.push(self.toml_error(&e, Some(name)));
                None
            }
        }
    }

    fn many<T: DeserializeOwned>(
        &self,
        value: &Spanned<DeValue<'_>>,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Vec<Record<T>> {
        match value.get_ref() {
            DeValue::String(rel) => {
                let origin = self.origin(value, name);
                let base = self.file.parent().unwrap_or(Path::new("."));
                load_csv(&base.join(rel.as_ref()), &origin, name, diags)
            }
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let record = format!("{name}[{i}]");
                    if !item.get_ref().is_table() {
                        diags.push(Diagnostic {
                            file: self.file.to_path_buf(),
                            location: self.loc(item.span().start),
                            field: Some(record),
                            message: format!("expected a table, found {}", item.get_ref().type_str()),
                            hint: Some(format!("write each entry as a [[{name}]] table")),
                        });
                        continue;
                    }
                    match T::deserialize(ValueDeserializer::from(item.clone())) {
                        Ok(raw) => out.push(Record {
                            raw,
                            origin: self.origin(item, &record),
                        }),
                        Err(e) => diags.push(self.toml_error(&e, Some(&record))),
                    }
                }
                out
            }
            other => {
                diags.push(Diagnostic {
                    file: self.file.to_path_buf(),
                    location: self.loc(value.span().start),
                    field: Some(name.to_string()),
                    message: format!(
                        "expected [[{name}]] tables or the path of a CSV file, found {}",
                        other.type_str()
                    ),
                    hint: Some(format!("e.g. {name} = \"{name}.csv\" (relative to the scenario file)")),
                });
                Vec::new()
            }
        }
    }
}

/// A hint for serde's own messages: name the closest field for an unknown one.
fn serde_hint(message: &str) -> Option<String> {
    let ticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field") && ticked.len() > 1 {
        let known = &ticked[1..];
        return Some(match closest(ticked[0], known.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("remove it, or use one of: {}", known.join(", ")),
        });
    }
    if message.starts_with("missing field") {
        return Some("add the field; see scenarios/tutorial/scenario.toml for every field".into());
    }
    if message.starts_with("invalid type") {
        return Some("numbers are written without quotes, text with quotes, booleans as true/false".into());
    }
    None
}

/// Reads one CSV table. Header problems are reported once; row problems with their row number.
pub fn load_csv<T: DeserializeOwned>(
    path: &Path,
    named_at: &Origin,
    table: &str,
    diags: &mut Diagnostics,
) -> Vec<Record<T>> {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(mut d) => {
            // Point at the TOML line that names the file, and still say which file is missing.
            d.message = format!("{}: {}", path.display(), d.message);
            d.file = named_at.file.clone();
            d.location = named_at.location.clone();
            d.field = Some(table.to_string());
            diags.push(d);
            return Vec::new();
        }
    };
    let known = struct_fields::<T>();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let file_diag = |location: Location, field: Option<String>, message: String, hint: String| Diagnostic {
        file: path.to_path_buf(),
        location,
        field,
        message,
        hint: Some(hint),
    };
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            diags.push(file_diag(Location::File, None, format!("cannot read the header row: {e}"), "the first row must name the columns".into()));
            return Vec::new();
        }
    };
    if headers.is_empty() || headers.iter().all(str::is_empty) {
        diags.push(file_diag(Location::File, None, "the file is empty or has no header row".into(), format!("the first row must name the columns: {}", known.join(", "))));
        return Vec::new();
    }
    let header_loc = Location::Csv { row: 0, line: 1 };
    let mut keep = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if known.contains(&h) {
            if headers.iter().take(i).any(|prev| prev == h) {
                diags.push(file_diag(header_loc.clone(), Some(h.to_string()), "column appears twice".into(), "remove one of the two columns".into()));
            } else {
                keep.push(i);
            }
        } else {
            let hint = match closest(h, known.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("known columns: {}", known.join(", ")),
            };
            diags.push(file_diag(header_loc.clone(), Some(h.to_string()), "unknown column".into(), hint));
        }
    }
    let kept_headers: csv::StringRecord = keep.iter().map(|&i| &headers[i]).collect();
    let mut out = Vec::new();
    let mut missing_reported = false;
    for (row_idx, rec) in reader.records().enumerate() {
        let row = row_idx + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(row + 1);
                diags.push(file_diag(Location::Csv { row, line }, None, format!("malformed row: {e}"), "every row needs as many cells as the header; quote cells that contain commas".into()));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(row + 1);
        if rec.iter().all(str::is_empty) {
            continue; // spreadsheets leave blank rows at the end
        }
        let kept: csv::StringRecord = keep.iter().map(|&i| &rec[i]).collect();
        match kept.deserialize::<T>(Some(&kept_headers)) {
            Ok(raw) => out.push(Record {
                raw,
                origin: Origin {
                    file: path.to_path_buf(),
                    location: Location::Csv { row, line },
                    fields: Vec::new(),
                    record: String::new(),
                },
            }),
            Err(e) => {
                let (field, message) = csv_error(&e, &kept_headers);
                if message.starts_with("missing field") {
                    if !missing_reported {
                        missing_reported = true;
                        diags.push(file_diag(header_loc.clone(), field, format!("{message} (a required column is absent)"), format!("add the column; known columns: {}", known.join(", "))));
                    }
                    continue;
                }
                let hint = if message.contains("float") || message.contains("integer") {
                    "write plain numbers: no thousands separators, units or text".to_string()
                } else {
                    serde_hint(&message).unwrap_or_else(|| "fix the cell".into())
                };
                diags.push(file_diag(Location::Csv { row, line }, field, message, hint));
            }
        }
    }
    out
}

fn csv_error(e: &csv::Error, headers: &csv::StringRecord) -> (Option<String>, String) {
    if let csv::ErrorKind::Deserialize { err, .. } = e.kind() {
        let field = err
            .field()
            .and_then(|i| headers.get(i as usize))
            .map(str::to_string);
        let msg = match err.kind() {
            csv::DeserializeErrorKind::Message(m) | csv::DeserializeErrorKind::Unsupported(m) => {
                m.clone()
            }
            csv::DeserializeErrorKind::ParseFloat(p) => format!("expected a number: {p}"),
            csv::DeserializeErrorKind::ParseInt(p) => format!("expected an integer: {p}"),
            csv::DeserializeErrorKind::ParseBool(p) => format!("expected true or false: {p}"),
            other => other.to_string(),
        };
        return (field, msg);
    }
    (None, e.to_string())
}

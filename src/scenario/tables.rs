//! One table section read from a file (CSV or a workbook sheet): the header row found below any
//! title rows, columns mapped to fields (by name, by the scenario's `columns` mapping, or by the
//! alias table), each cell checked against its field's kind, total rows and blank rows skipped.
//! Header problems are reported once; row problems with their row (and, in workbooks, the
//! column letter and header). What was skipped or assumed becomes a note for `check`.

use super::aliases;
use super::diag::{Diagnostic, Location, Note, Origin, closest};
use super::introspect::{FieldInfo, Kind, schema};
use super::raw::{BOOL_WORDS, parse_bool_text};
use super::record::{Collect, Failed, Record, io_message, leading_number};
use super::sheet::{self, Grid, GridRow, Odd, ReadFailure, Source};
use crate::i18n::Msg;
use crate::msg;
use serde::de::DeserializeOwned;
use std::path::PathBuf;

/// Where a table section's rows are: `projects = "projects.csv"`, or the long form
/// `projects = { file = "projects.xlsx", sheet = "项目清单", columns = { need_mu = "用地面积（亩）" } }`.
#[derive(Debug, Clone)]
pub struct TableSpec {
    pub path: PathBuf,
    pub sheet: Option<String>,
    /// Field → header as written in the file.
    pub columns: Vec<(String, String)>,
    /// The TOML value naming the file (and where each mapping entry is).
    pub named_at: Origin,
    /// `accept_total_mismatch = true`: a total row that differs from the rows' sum is a note
    /// (a known mismatch), not an error.
    pub accept_total_mismatch: bool,
}

/// How many rows from the top may be titles above the header.
const MAX_TITLE_ROWS: usize = 10;

/// How one column of the header is read.
#[derive(Debug, Clone, Copy)]
enum Col<'a> {
    Field(&'a FieldInfo),
    /// Not a field: ignored (a note says so).
    Ignored,
}

fn blank(row: &GridRow) -> bool {
    !row.unreadable && row.cells.iter().all(|c| c.trim().is_empty())
}

pub fn load_table<T: DeserializeOwned>(
    spec: &TableSpec,
    table: &str,
    c: &mut Collect<'_>,
) -> Vec<Record<T>> {
    let path = spec.path.as_path();
    let fail_all = |c: &mut Collect<'_>| {
        c.failed.push(Failed {
            section: table.to_string(),
            id: None,
        })
    };
    let fields = schema::<T>();
    let known: Vec<&'static str> = fields.iter().map(|f| f.name).collect();
    let file_diag = |location: Location, field: Option<&str>, message: Msg, hint: Msg| Diagnostic {
        file: path.to_path_buf(),
        location,
        field: field.map(str::to_string),
        message,
        hint: Some(hint),
    };
    if let Some(list) = fields.iter().find(|f| f.kind == Kind::List) {
        c.diags.push(file_diag(
            Location::File,
            None,
            msg!("table-has-list", table = table, field = list.name),
            msg!("table-has-list-hint", table = table),
        ));
        fail_all(c);
        return Vec::new();
    }
    // The mapping names real fields.
    let mut mapping: Vec<(&'static str, String)> = Vec::new();
    for (field, header) in &spec.columns {
        match known.iter().find(|k| **k == field) {
            Some(k) => mapping.push((k, header.clone())),
            None => {
                let near = closest(field, known.iter().copied());
                c.diags.push(Diagnostic {
                    file: spec.named_at.file.clone(),
                    location: spec.named_at.at(&format!("columns.{field}")),
                    field: Some(format!("{table}.columns.{field}")),
                    message: match near {
                        Some(n) => msg!("mapping-unknown-field-near", field = field, near = n),
                        None => msg!("mapping-unknown-field", field = field),
                    },
                    hint: Some(msg!("mapping-fields", list = known.join(", "))),
                });
            }
        }
    }

    c.inputs.push(path.to_path_buf());
    let mut grid = match sheet::read(path, spec.sheet.as_deref()) {
        Ok(g) => g,
        Err(ReadFailure::Io(e)) => {
            let folder = path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            // Point at the TOML line that names the file, and still say which file it is.
            c.diags.push(Diagnostic {
                file: spec.named_at.file.clone(),
                location: spec.named_at.location.clone(),
                field: Some(table.to_string()),
                message: msg!(
                    "load-io-path",
                    error = io_message(&e),
                    path = path.display().to_string()
                ),
                hint: Some(msg!("table-relative-paths", folder = folder)),
            });
            fail_all(c);
            return Vec::new();
        }
        Err(ReadFailure::Problem(d)) => {
            c.diags.push(d);
            fail_all(c);
            return Vec::new();
        }
    };
    let note = |c: &mut Collect<'_>, location: Location, message: Msg| {
        c.notes.push(Note {
            file: path.to_path_buf(),
            location,
            message,
        })
    };
    match &grid.source {
        Source::Csv { encoding } => note(
            c,
            Location::File,
            msg!("note-encoding", encoding = *encoding),
        ),
        Source::Sheet { name } => note(c, Location::File, msg!("note-sheet", sheet = name)),
    }
    if matches!(grid.source, Source::Csv { .. }) && sheet::is_workbook(path) {
        note(c, Location::File, msg!("note-text-named-workbook"));
    }

    // A header cell's field: by the mapping, by name, or by the alias table.
    let recognise = |h: &str| -> Option<(&FieldInfo, bool)> {
        let n = aliases::normalise(h);
        if n.is_empty() {
            return None;
        }
        if let Some((f, _)) = mapping.iter().find(|(_, m)| aliases::normalise(m) == n) {
            return fields.iter().find(|x| x.name == *f).map(|x| (x, false));
        }
        if mapping.iter().any(|(f, _)| *f == h) {
            // A column named like a mapped field but not the mapped header: not that field.
            return None;
        }
        if let Some(f) = fields.iter().find(|f| f.name == h) {
            return Some((f, false));
        }
        let a = aliases::header(table, h, &known)?;
        fields
            .iter()
            .find(|f| f.name == a.field)
            .map(|f| (f, a.unit_assumed))
    };
    // The header: the first row (of the first few) naming at least two fields; else the first
    // row with anything in it. Rows above it are titles.
    let first_filled = grid.rows.iter().position(|r| !blank(r));
    let Some(first_filled) = first_filled else {
        // Where the header should have been: the first line (or row) of the file.
        let top = match &grid.source {
            Source::Csv { .. } => Location::Line { line: 1 },
            Source::Sheet { name } => Location::Sheet {
                sheet: name.clone(),
                row: 1,
                col: None,
                header: None,
            },
        };
        c.diags.push(file_diag(
            top,
            None,
            msg!("table-empty"),
            msg!("table-empty-hint", list = known.join(", ")),
        ));
        fail_all(c);
        return Vec::new();
    };
    let header_idx = grid
        .rows
        .iter()
        .enumerate()
        .skip(first_filled)
        .take(MAX_TITLE_ROWS + 1)
        .find(|(_, r)| r.cells.iter().filter(|h| recognise(h).is_some()).count() >= 2)
        .map_or(first_filled, |(i, _)| i);
    let filled = fill_merges(&mut grid, header_idx);
    for r in grid.rows[..header_idx].iter().filter(|r| !blank(r)) {
        let text: Vec<&str> = r
            .cells
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let at = match grid.location(r, 0, None, None) {
            Location::Csv { line, .. } => Location::Line { line },
            other => other,
        };
        note(c, at, msg!("note-title-row", text = text.join(" ")));
    }
    let header_row = &grid.rows[header_idx];
    let headers: Vec<String> = header_row
        .cells
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let body = &grid.rows[header_idx + 1..];
    let header_loc = |col: Option<usize>| {
        grid.location(
            header_row,
            0,
            col,
            col.and_then(|i| headers.get(i)).map(String::as_str),
        )
    };
    let is_sheet = matches!(grid.source, Source::Sheet { .. });
    // An unnamed column with nothing in it (a trailing comma in every row) is harmless.
    let blank_column = |i: usize| {
        headers[i].is_empty()
            && body
                .iter()
                .all(|r| r.cells.get(i).is_none_or(|s| s.trim().is_empty()))
    };

    if !filled.is_empty() {
        note(
            c,
            header_loc(None),
            msg!("note-merged", list = filled.join(", ")),
        );
    }
    // A header cell merged over several columns is one header, in its first column; the
    // columns it covers have no header of their own.
    let header_line = header_row.line;
    let under_merge = |i: usize| {
        grid.merges
            .iter()
            .find(|m| {
                m.first_row <= header_line
                    && header_line <= m.last_row
                    && m.first_col < i
                    && i <= m.last_col
            })
            .map(|m| m.first_col)
    };
    let mut under_merged: Vec<(usize, usize)> = Vec::new();
    let present: Vec<&str> = headers
        .iter()
        .filter_map(|h| recognise(h).map(|(f, _)| f.name))
        .collect();
    let mut columns: Vec<Col<'_>> = Vec::new();
    let mut unloaded = Vec::new();
    // Fields whose column is reported already (a misspelt header): not also "missing".
    let mut reported: Vec<&str> = Vec::new();
    let mut ignored = Vec::new();
    let mut labels = Vec::new();
    let mut renamed = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let seen_before = |f: &FieldInfo| {
            columns
                .iter()
                .any(|c| matches!(c, Col::Field(g) if g.name == f.name))
        };
        match recognise(h) {
            Some((f, _)) if seen_before(f) => {
                c.diags.push(file_diag(
                    header_loc(Some(i)),
                    Some(f.name),
                    msg!("column-twice"),
                    msg!("column-twice-hint"),
                ));
                columns.push(Col::Ignored);
            }
            Some((f, unit_assumed)) => {
                if h != f.name {
                    labels.push((f.name.to_string(), h.clone()));
                    let letter = super::diag::column_letter(i);
                    renamed.push(if unit_assumed {
                        msg!(
                            "note-column-mu",
                            column = letter,
                            header = h,
                            field = f.name
                        )
                    } else {
                        msg!("note-column", column = letter, header = h, field = f.name)
                    });
                }
                columns.push(Col::Field(f));
            }
            None if blank_column(i) => columns.push(Col::Ignored),
            None if h.is_empty() && under_merge(i).is_some() => {
                under_merged.push((i, under_merge(i).expect("checked")));
                columns.push(Col::Ignored);
            }
            None if h.is_empty() => {
                c.diags.push(file_diag(
                    header_loc(Some(i)),
                    Some(&format!("column {}", i + 1)),
                    msg!("column-unnamed"),
                    msg!("column-unnamed-hint", list = known.join(", ")),
                ));
                columns.push(Col::Ignored);
            }
            None => {
                // A near miss of a field name or of an accepted Chinese header is most likely
                // that field, misspelt: one error at the header cell (the rows say nothing
                // more). Anything else (备注, 序号, a column of the officer's own) is ignored.
                // Not when that field has a column already: then this is another column
                // (占地面积 beside 用地需求), the office's own.
                let chinese = aliases::near_header(table, h, &known)
                    .filter(|(f, _)| !present.iter().any(|p| same_field(p, f)));
                match closest(h, known.iter().copied()).filter(|_| h.is_ascii()) {
                    None if chinese.is_some() => {
                        let (field, like) = chinese.expect("checked");
                        unloaded.push(field.to_string());
                        reported.push(field);
                        c.diags.push(file_diag(
                            // The message quotes the header: the location does not repeat it.
                            grid.location(header_row, 0, Some(i), None),
                            None,
                            msg!("column-unknown-header-near", header = h, near = like),
                            msg!(
                                "column-accepted",
                                field = field,
                                list = accepted_list(table, field)
                            ),
                        ));
                    }
                    Some(near) => {
                        unloaded.push(near.to_string());
                        c.diags.push(file_diag(
                            header_loc(Some(i)),
                            Some(h),
                            msg!("column-unknown-near", near = near),
                            msg!("column-known", list = known.join(", ")),
                        ));
                    }
                    None => ignored.push(i),
                }
                columns.push(Col::Ignored);
            }
        }
    }
    if !renamed.is_empty() {
        note(
            c,
            header_loc(None),
            msg!("note-columns", list = Msg::List(renamed)),
        );
    }
    if !under_merged.is_empty() {
        let list: Vec<String> = under_merged
            .iter()
            .map(|&(i, first)| {
                format!(
                    "{} ({} {})",
                    super::diag::column_letter(i),
                    super::diag::column_letter(first),
                    headers[first]
                )
            })
            .collect();
        note(
            c,
            header_loc(None),
            msg!("note-merged-header", list = list.join(", ")),
        );
    }
    if !ignored.is_empty() {
        let list: Vec<String> = ignored
            .iter()
            .map(|&i| format!("{} ({})", super::diag::column_letter(i), headers[i]))
            .collect();
        note(
            c,
            header_loc(None),
            msg!("note-ignored-columns", list = list.join(", ")),
        );
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let mut header_ok = true;
    let has_column = |f: &str| {
        columns
            .iter()
            .any(|c| matches!(c, Col::Field(g) if g.name == f))
    };
    // A table of names without ids (a county table kept by name): ids made from the names.
    let name_col = columns
        .iter()
        .position(|c| matches!(c, Col::Field(g) if g.name == "name"));
    let derive_ids = required.contains(&"id") && !has_column("id") && name_col.is_some();
    if let Some(col) = name_col.filter(|_| derive_ids) {
        note(
            c,
            header_loc(None),
            msg!(
                "note-ids-from-names",
                column = super::diag::column_letter(col),
                header = headers[col].as_str()
            ),
        );
    }
    for f in &required {
        if *f == "id" && derive_ids {
            continue;
        }
        if reported.contains(f) {
            header_ok = false;
            continue;
        }
        if !has_column(f) {
            header_ok = false;
            let mapped = mapping.iter().find(|(m, _)| m == f);
            c.diags.push(file_diag(
                header_loc(None),
                Some(f),
                match mapped {
                    Some((_, h)) => msg!("column-mapped-missing", header = h.as_str()),
                    None => msg!("column-missing"),
                },
                match mapped {
                    Some(_) => msg!("column-headers", list = headers.join(", ")),
                    None if !aliases::accepted(table, f).is_empty() => msg!(
                        "column-missing-accepted",
                        field = *f,
                        list = accepted_list(table, f)
                    ),
                    None => msg!(
                        "column-missing-hint",
                        field = *f,
                        list = required.join(", ")
                    ),
                },
            ));
        }
    }
    // An area every record needs (a project's need), in mu or in hectares: one error here,
    // not one per row.
    for stem in aliases::required_areas(table) {
        let (mu, ha) = (format!("{stem}_mu"), format!("{stem}_ha"));
        let Some(mu) = known.iter().copied().find(|k| *k == mu) else {
            continue;
        };
        if has_column(mu) || has_column(&ha) || reported.contains(&mu) {
            continue;
        }
        unloaded.push(mu.to_string());
        c.diags.push(file_diag(
            header_loc(None),
            Some(mu),
            msg!("column-missing"),
            msg!(
                "column-missing-accepted",
                field = mu,
                list = accepted_list(table, mu)
            ),
        ));
    }
    let kept: Vec<(usize, &FieldInfo)> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Col::Field(f) => Some((i, *f)),
            Col::Ignored => None,
        })
        .collect();
    let mut kept_headers: csv::StringRecord = kept.iter().map(|(_, f)| f.name).collect();
    if derive_ids {
        kept_headers.push_field("id");
    }
    let id_col = kept.iter().find(|(_, f)| f.name == "id").map(|(i, _)| *i);
    let derived_id = |row: &GridRow| {
        let name = name_col
            .and_then(|i| row.cells.get(i))
            .map_or("", |s| s.trim());
        aliases::derived_id(table, name)
    };
    // A total row is compared with a complete sum only: no row may have failed before it.
    let failed_before = c.failed.len();

    let mut out = Vec::new();
    let mut sums: Vec<f64> = vec![0.0; headers.len()];
    for (i, row) in body.iter().enumerate() {
        let data_row = i + 1;
        let loc = |col: Option<usize>| {
            grid.location(
                row,
                data_row,
                col,
                col.and_then(|i| headers.get(i)).map(String::as_str),
            )
        };
        if row.unreadable {
            c.diags.push(file_diag(
                loc(None),
                None,
                msg!("row-unreadable"),
                msg!("row-unreadable-hint"),
            ));
            fail_all(c);
            continue;
        }
        if blank(row) {
            continue; // spreadsheets leave blank rows, often at the end
        }
        let cell = |i: usize| row.cells.get(i).map_or("", |s| s.trim());
        let id = match id_col {
            Some(i) => Some(cell(i).to_string()),
            None if derive_ids => Some(derived_id(row)),
            None => None,
        };
        // A total row: labelled 合计/总计/Total in its first cells, with no id of its own.
        let label = row.cells.iter().map(|s| s.trim()).find(|s| !s.is_empty());
        let own_id = match (id_col, name_col) {
            (None, Some(n)) if derive_ids => Some(cell(n).to_string()),
            _ => id.clone(),
        };
        if label.is_some_and(aliases::is_total) && own_id.as_deref().is_none_or(aliases::is_total) {
            // A subtotal (小计) covers a group, not the rows above it: it is not compared.
            let grand = label.is_some_and(|l| !aliases::is_subtotal(l));
            let complete = c.failed.len() == failed_before;
            let mut checks = Vec::new();
            for &(i, f) in &kept {
                if !matches!(f.kind, Kind::Number) || cell(i).is_empty() {
                    continue;
                }
                if let Some(total) =
                    aliases::number(cell(i), false).and_then(|t| t.parse::<f64>().ok())
                {
                    let sum = super::diag::num((sums[i] * 1e6).round() / 1e6);
                    checks.push(if (total - sums[i]).abs() <= 1e-6 * total.abs().max(1.0) {
                        msg!(
                            "note-total-matches",
                            header = headers[i].as_str(),
                            total = super::diag::num(total)
                        )
                    } else {
                        if grand && complete && !spec.accept_total_mismatch {
                            c.diags.push(file_diag(
                                loc(Some(i)),
                                None,
                                msg!(
                                    "total-differs",
                                    label = label.unwrap_or_default(),
                                    header = headers[i].as_str(),
                                    total = super::diag::num(total),
                                    sum = sum.clone(),
                                    diff =
                                        super::diag::num(((total - sums[i]) * 1e6).round() / 1e6)
                                ),
                                msg!("total-differs-hint"),
                            ));
                        }
                        msg!(
                            "note-total-differs",
                            header = headers[i].as_str(),
                            total = super::diag::num(total),
                            sum = sum
                        )
                    });
                }
            }
            note(
                c,
                loc(None),
                msg!(
                    "note-total-row",
                    label = label.unwrap_or_default(),
                    checks = Msg::List(checks)
                ),
            );
            continue;
        }
        let failed = Failed {
            section: table.to_string(),
            id: id.clone(),
        };
        if !is_sheet && row.cells.len() != headers.len() {
            let n = row.cells.len();
            let hint = if row.cells.iter().any(|c| c.contains(['\n', ','])) {
                msg!("row-cells-quotes")
            } else if n > headers.len() {
                msg!("row-cells-comma")
            } else {
                msg!("row-cells-missing")
            };
            c.diags.push(file_diag(
                loc(None),
                None,
                if n == 1 {
                    msg!("row-cells-one", columns = headers.len())
                } else {
                    msg!("row-cells", cells = n, columns = headers.len())
                },
                hint,
            ));
            c.failed.push(failed);
            continue;
        }
        let mut ok = header_ok;
        let mut values: Vec<String> = Vec::new();
        for &(i, f) in &kept {
            let text = cell(i);
            let share = f.name.contains("share");
            let odd = row.odd.iter().find(|(c, _)| *c == i).map(|(_, o)| o);
            // Full-width digits (１５０) read as the digits they are.
            let plain = aliases::normalise_value(text);
            let (value, problem) = match f.kind {
                Kind::Number | Kind::Integer if odd.is_some() => {
                    (String::new(), Some(odd_problem(odd.expect("checked"))))
                }
                Kind::Number | Kind::Integer if text.is_empty() && f.required => (
                    String::new(),
                    Some((msg!("cell-empty", field = f.name), msg!("cell-empty-hint"))),
                ),
                Kind::Number if !text.is_empty() => match aliases::number(&plain, share) {
                    Some(n) => (n, None),
                    None => (
                        String::new(),
                        Some((msg!("cell-not-number", text = text), number_hint(text))),
                    ),
                },
                Kind::Integer if !text.is_empty() && plain.parse::<i64>().is_err() => (
                    String::new(),
                    Some((msg!("cell-not-integer", text = text), number_hint(text))),
                ),
                Kind::Bool if parse_bool_text(text).is_none() => (
                    String::new(),
                    Some((
                        msg!("cell-not-bool", text = text),
                        msg!("cell-bool-hint", words = BOOL_WORDS),
                    )),
                ),
                _ if f.name == "tier" => (aliases::tier(text).unwrap_or(text).to_string(), None),
                Kind::Integer => (plain, None),
                _ => (text.to_string(), None),
            };
            if let Some((message, hint)) = problem {
                c.diags
                    .push(file_diag(loc(Some(i)), Some(f.name), message, hint));
                ok = false;
            } else if f.kind == Kind::Number
                && let Ok(v) = value.parse::<f64>()
            {
                sums[i] += v;
            }
            values.push(value);
        }
        if !ok {
            c.failed.push(failed);
            continue;
        }
        if derive_ids {
            values.push(id.clone().unwrap_or_default());
        }
        let record: csv::StringRecord = values.iter().map(String::as_str).collect();
        match record.deserialize::<T>(Some(&kept_headers)) {
            Ok(raw) => out.push(Record {
                raw,
                origin: Origin {
                    file: path.to_path_buf(),
                    location: loc(None),
                    fields: kept
                        .iter()
                        .map(|(i, f)| (f.name.to_string(), loc(Some(*i))))
                        .collect(),
                    record: String::new(),
                    unloaded: unloaded.clone(),
                    overridden: Vec::new(),
                    shown_as: Vec::new(),
                    labels: if is_sheet { Vec::new() } else { labels.clone() },
                },
            }),
            Err(e) => {
                let (field, message) = csv_error(&e, &kept_headers);
                let col = field
                    .as_deref()
                    .and_then(|f| kept.iter().find(|(_, k)| k.name == f))
                    .map(|(i, _)| *i);
                c.diags.push(file_diag(
                    loc(col),
                    field.as_deref(),
                    Msg::Lit(message),
                    msg!("cell-fix"),
                ));
                c.failed.push(failed);
            }
        }
    }
    out
}

/// Fills the merged regions below the header with their top-left value, in the region's
/// first column and in the rows that hold something (a county cell merged over its rows);
/// returns the regions filled ("C3:C18 (南湖区)") for a note. Regions in or above the header
/// (a title across the columns, a header over two columns) are left as they are: a merged
/// header is one header, in its first column.
fn fill_merges(grid: &mut Grid, header_idx: usize) -> Vec<String> {
    let Some(header_line) = grid.rows.get(header_idx).map(|r| r.line) else {
        return Vec::new();
    };
    let mut merges = grid.merges.clone();
    merges.sort_by_key(|m| (m.first_row, m.first_col));
    let mut filled = Vec::new();
    for m in merges {
        if m.first_row <= header_line || m.last_row == m.first_row {
            continue;
        }
        let Ok(top) = grid.rows.binary_search_by_key(&m.first_row, |r| r.line) else {
            continue;
        };
        let col = m.first_col;
        let Some(value) = grid.rows[top]
            .cells
            .get(col)
            .filter(|v| !v.is_empty())
            .cloned()
        else {
            continue;
        };
        let odd: Option<Odd> = grid.rows[top]
            .odd
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, o)| o.clone());
        let mut any = false;
        for row in grid.rows[top + 1..]
            .iter_mut()
            .take_while(|r| r.line <= m.last_row)
        {
            if row.cells.len() <= col {
                row.cells.resize(col + 1, String::new());
            }
            if row.cells[col].is_empty() {
                row.cells[col] = value.clone();
                if let Some(o) = &odd {
                    row.odd.push((col, o.clone()));
                }
                any = true;
            }
        }
        if any {
            filled.push(format!("{} ({value})", m.range()));
        }
    }
    filled
}

/// Whether two fields are one (`need_mu` and `need_ha` are one area in two units).
fn same_field(a: &str, b: &str) -> bool {
    let stem = |f: &str| {
        f.trim_end_matches("_mu")
            .trim_end_matches("_ha")
            .to_string()
    };
    stem(a) == stem(b)
}

/// The accepted headers of a field, for hints: its own name first, then the Chinese ones.
fn accepted_list(table: &str, field: &str) -> String {
    let mut list = vec![field.to_string()];
    list.extend(aliases::accepted(table, field));
    list.join(" / ")
}

/// A date, time, true/false value, error value or unsaved formula where a number belongs.
fn odd_problem(odd: &Odd) -> (Msg, Msg) {
    let text = odd.text();
    match odd {
        Odd::Date(_) => (msg!("cell-date", text = text), msg!("cell-date-hint")),
        Odd::Time(_) => (msg!("cell-time", text = text), msg!("cell-date-hint")),
        Odd::Bool(_) => (
            msg!("cell-bool-in-number", text = text),
            msg!("cell-number-hint"),
        ),
        Odd::Formula(_) => (
            msg!("cell-formula-unsaved", text = text),
            msg!("cell-formula-unsaved-hint"),
        ),
        Odd::Error(_) => (
            msg!("cell-error-value", text = text),
            msg!("cell-error-value-hint"),
        ),
    }
}

/// The text with letters that look like digits read as those digits (O → 0, l/I → 1), if
/// that makes it a number: `1,5O0` is most likely 1,500 typed with the letter O.
fn digits_for_letters(cell: &str) -> Option<String> {
    if !cell.chars().any(|c| matches!(c, 'O' | 'o' | 'l' | 'I')) {
        return None;
    }
    let fixed: String = cell
        .chars()
        .map(|c| match c {
            'O' | 'o' => '0',
            'l' | 'I' => '1',
            c => c,
        })
        .collect();
    aliases::number(fixed.trim(), false)
}

/// Hint for a cell that should hold a number.
fn number_hint(cell: &str) -> Msg {
    if let Some(n) = digits_for_letters(cell) {
        return msg!("cell-number-hint-letter", number = n);
    }
    if cell.contains(',') {
        return msg!("cell-number-hint-commas");
    }
    match leading_number(cell) {
        Some(n) if n != cell => msg!("cell-number-hint-as", number = n),
        _ => msg!("cell-number-hint"),
    }
}

/// A deserialization error the cell checks above did not foresee, in words.
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
            csv::DeserializeErrorKind::ParseFloat(_) => "expected a number".into(),
            csv::DeserializeErrorKind::ParseInt(_) => "expected a whole number".into(),
            csv::DeserializeErrorKind::ParseBool(_) => "expected true or false".into(),
            other => other.to_string(),
        };
        return (field, msg);
    }
    (None, e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_below_a_title_row_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.csv");
        let (gbk, _, _) = encoding_rs::GBK.encode(
            "2019年项目需求表,,,\r\n项目编号,项目名称,所属县（市、区）,备注\r\na,甲,x,\r\n,,,\r\n合计,,,\r\n",
        );
        std::fs::write(&p, &gbk).unwrap();
        let grid = sheet::read(&p, None).unwrap();
        assert_eq!(
            grid.source,
            Source::Csv {
                encoding: "GB18030"
            }
        );
        assert_eq!(grid.rows[1].cells[0], "项目编号");
        assert_eq!(grid.rows[2].line, 3);
    }
}

//! Workbooks read within limits. An .xlsx (or .xlsm) sheet is read cell by cell, keeping only
//! the cells that hold something: the sheet's declared dimension is not trusted (a stray value
//! in XFD1048576 would otherwise mean a grid of 17 billion cells), every cell reference is
//! checked against what a sheet can hold, and the parts of the file are inflated once, counted,
//! before the workbook library reads them (a small file can inflate to gigabytes of shared
//! strings). Dates, times, true/false values, error values and formulas without a saved value
//! are kept as what they are ([`Odd`]), so that a number column can refuse them by name.
//! Merged regions are passed on; `tables` fills the ones below the header.

use super::diag::{Location, column_letter};
use super::grid::{Grid, GridRow, Merge, Odd, ReadFailure, Source, problem};
use crate::msg;
use calamine::{Data, DataRef, Reader};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

/// The largest table file read (CSV or workbook), in bytes: 64 MiB, about six times the
/// nation's 88,000-project list as CSV.
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// The most one part of a workbook (a sheet, the shared strings) may inflate to: 256 MiB.
pub const MAX_PART_BYTES: u64 = 256 << 20;
/// The most all parts of a workbook together may inflate to: 512 MiB.
pub const MAX_INFLATED_BYTES: u64 = 512 << 20;
/// The most cells a table may hold, counting the empty cells left of a filled one in its
/// row: ten million (the nation's project list has about a million).
pub const MAX_CELLS: usize = 10_000_000;
/// What a sheet can hold (Excel's own limits).
const SHEET_ROWS: u32 = 1_048_576;
const SHEET_COLUMNS: u32 = 16_384;

/// The kind of file its first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// A zip archive: .xlsx, .xlsm, .xlsb or .ods.
    Zip,
    /// An OLE compound file: the old .xls.
    Ole,
    /// Anything else: text, read as CSV if it decodes.
    Text,
}

pub fn sniff(head: &[u8]) -> Content {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Content::Zip
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Content::Ole
    } else {
        Content::Text
    }
}

fn limit_problem(path: &Path, message: crate::i18n::Msg) -> ReadFailure {
    ReadFailure::Problem(problem(
        path,
        Location::File,
        message,
        msg!("table-limit-hint"),
    ))
}

fn unreadable(path: &Path, error: impl ToString) -> ReadFailure {
    ReadFailure::Problem(problem(
        path,
        Location::File,
        msg!("workbook-unreadable", error = error.to_string()),
        msg!("workbook-unreadable-hint"),
    ))
}

/// Inflates every part of a zip once, counting bytes and stopping at the limits, so that
/// the workbook library never meets a part larger than [`MAX_PART_BYTES`]. Returns the
/// names of the parts.
fn check_zip(path: &Path, bytes: &[u8]) -> Result<Vec<String>, ReadFailure> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(path, e))?;
    let mut total = 0u64;
    let mut names = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| unreadable(path, e))?;
        let name = part.name().map_err(|e| unreadable(path, e))?.to_string();
        let mut size = 0u64;
        loop {
            let n = match part.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Err(unreadable(path, format!("{name}: {e}"))),
            };
            size += n as u64;
            total += n as u64;
            if size > MAX_PART_BYTES {
                return Err(limit_problem(
                    path,
                    msg!(
                        "workbook-part-too-large",
                        part = name,
                        limit = MAX_PART_BYTES >> 20
                    ),
                ));
            }
            if total > MAX_INFLATED_BYTES {
                return Err(limit_problem(
                    path,
                    msg!("workbook-too-large", limit = MAX_INFLATED_BYTES >> 20),
                ));
            }
        }
        names.push(name);
    }
    Ok(names)
}

/// The sheet to read: the one named, or the first.
fn pick_sheet(path: &Path, names: &[String], sheet: Option<&str>) -> Result<String, ReadFailure> {
    match sheet {
        Some(s) => match names.iter().find(|n| n.trim() == s.trim()) {
            Some(n) => Ok(n.clone()),
            None => {
                let list = names.join(", ");
                let near = super::diag::closest(s, names.iter().map(String::as_str));
                Err(ReadFailure::Problem(problem(
                    path,
                    Location::File,
                    msg!("sheet-unknown", sheet = s),
                    match near {
                        Some(n) => msg!("sheet-unknown-near", near = n, list = list),
                        None => msg!("sheet-unknown-hint", list = list),
                    },
                )))
            }
        },
        None => names.first().cloned().ok_or_else(|| {
            ReadFailure::Problem(problem(
                path,
                Location::File,
                msg!("workbook-no-sheets"),
                msg!("workbook-unreadable-hint"),
            ))
        }),
    }
}

/// A date or time as text (2019-06-01, 08:30:00, 2019-06-01 08:30:00).
fn date_text(d: &calamine::ExcelDateTime) -> Odd {
    let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
    let time = format!("{h:02}:{mi:02}:{s:02}");
    if d.is_duration() || d.as_f64().abs() < 1.0 {
        return Odd::Time(time);
    }
    let date = format!("{y:04}-{mo:02}-{da:02}");
    Odd::Date(if (h, mi, s) == (0, 0, 0) {
        date
    } else {
        format!("{date} {time}")
    })
}

/// A cell as text, and what it really is when that is not text or a number.
fn cell_of(d: &DataRef<'_>) -> (String, Option<Odd>) {
    match d {
        DataRef::Empty => (String::new(), None),
        DataRef::Float(x) => (number_text(*x), None),
        DataRef::Int(i) => (i.to_string(), None),
        DataRef::String(s) => (s.trim().to_string(), None),
        DataRef::SharedString(s) => (s.trim().to_string(), None),
        DataRef::Bool(b) => (b.to_string(), Some(Odd::Bool(*b))),
        DataRef::DateTime(dt) => {
            let odd = date_text(dt);
            (odd.text().to_string(), Some(odd))
        }
        DataRef::DateTimeIso(s) => (s.clone(), Some(Odd::Date(s.clone()))),
        DataRef::DurationIso(s) => (s.clone(), Some(Odd::Time(s.clone()))),
        DataRef::Error(e) => {
            let t = e.to_string();
            (t.clone(), Some(Odd::Error(t)))
        }
    }
}

fn data_cell(d: &Data) -> (String, Option<Odd>) {
    match d {
        Data::Empty => cell_of(&DataRef::Empty),
        Data::Float(x) => cell_of(&DataRef::Float(*x)),
        Data::Int(i) => cell_of(&DataRef::Int(*i)),
        Data::String(s) => cell_of(&DataRef::SharedString(s)),
        Data::Bool(b) => cell_of(&DataRef::Bool(*b)),
        Data::DateTime(dt) => cell_of(&DataRef::DateTime(*dt)),
        Data::DateTimeIso(s) => cell_of(&DataRef::DateTimeIso(s.clone())),
        Data::DurationIso(s) => cell_of(&DataRef::DurationIso(s.clone())),
        Data::Error(e) => cell_of(&DataRef::Error(e.clone())),
    }
}

/// A numeric cell as text: whole numbers without a decimal point, others as Rust prints them
/// (the shortest text that reads back to the same number, so nothing is lost).
pub(super) fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

/// Cells gathered by row, only those that hold something, within the limits.
struct Cells<'p> {
    path: &'p Path,
    rows: BTreeMap<u32, Vec<(u32, String, Option<Odd>)>>,
    count: usize,
}

impl Cells<'_> {
    fn push(
        &mut self,
        (row, col): (u32, u32),
        text: String,
        odd: Option<Odd>,
    ) -> Result<(), ReadFailure> {
        if row >= SHEET_ROWS || col >= SHEET_COLUMNS {
            return Err(ReadFailure::Problem(problem(
                self.path,
                Location::File,
                msg!(
                    "workbook-cell-outside",
                    cell = format!("{}{}", column_letter(col as usize), row as u64 + 1)
                ),
                msg!("workbook-unreadable-hint"),
            )));
        }
        if text.is_empty() && odd.is_none() {
            return Ok(());
        }
        self.count += 1;
        if self.count > MAX_CELLS {
            return Err(limit_problem(
                self.path,
                msg!("table-too-many-cells", limit = MAX_CELLS),
            ));
        }
        self.rows.entry(row).or_default().push((col, text, odd));
        Ok(())
    }

    /// Dense rows, padded on the left so that a cell's index is its column in the sheet.
    fn into_rows(self) -> Result<Vec<GridRow>, ReadFailure> {
        let mut padded = 0usize;
        let mut out = Vec::with_capacity(self.rows.len());
        for (row, mut cells) in self.rows {
            cells.sort_by_key(|c| c.0);
            let width = cells.last().map_or(0, |c| c.0 as usize + 1);
            padded += width;
            if padded > MAX_CELLS {
                return Err(limit_problem(
                    self.path,
                    msg!("table-too-many-cells", limit = MAX_CELLS),
                ));
            }
            let mut texts = vec![String::new(); width];
            let mut odd = Vec::new();
            for (col, text, o) in cells {
                texts[col as usize] = text;
                if let Some(o) = o {
                    odd.push((col as usize, o));
                }
            }
            out.push(GridRow {
                cells: texts,
                line: row as usize + 1,
                unreadable: false,
                odd,
            });
        }
        Ok(out)
    }
}

fn merges_of(dims: Vec<calamine::Dimensions>) -> Vec<Merge> {
    dims.into_iter()
        .filter(|d| d.end.0 < SHEET_ROWS && d.end.1 < SHEET_COLUMNS && d.start <= d.end)
        .map(|d| Merge {
            first_row: d.start.0 as usize + 1,
            last_row: d.end.0 as usize + 1,
            first_col: d.start.1 as usize,
            last_col: d.end.1 as usize,
        })
        .collect()
}

/// Reads a workbook from its bytes, by its content (not its name).
pub(super) fn read(path: &Path, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Grid, ReadFailure> {
    match sniff(&bytes) {
        Content::Zip => {
            let parts = check_zip(path, &bytes)?;
            if parts.iter().any(|p| p == "xl/workbook.xml") {
                read_xlsx(path, bytes, sheet)
            } else if parts.iter().any(|p| p == "xl/workbook.bin") {
                let wb =
                    calamine::open_workbook_from_rs::<calamine::Xlsb<_>, _>(Cursor::new(bytes))
                        .map_err(|e| unreadable(path, e))?;
                read_range(path, wb, sheet)
            } else if parts.iter().any(|p| p == "content.xml") {
                let wb = calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(Cursor::new(bytes))
                    .map_err(|e| unreadable(path, e))?;
                read_range(path, wb, sheet)
            } else {
                Err(ReadFailure::Problem(problem(
                    path,
                    Location::File,
                    msg!("workbook-zip-not-workbook"),
                    msg!("workbook-unreadable-hint"),
                )))
            }
        }
        Content::Ole => {
            let wb = calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(Cursor::new(bytes))
                .map_err(|e| unreadable(path, e))?;
            read_range(path, wb, sheet)
        }
        Content::Text => unreachable!("text is read as CSV by the caller"),
    }
}

fn read_xlsx(path: &Path, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Grid, ReadFailure> {
    let mut wb = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes))
        .map_err(|e| unreadable(path, e))?;
    let name = pick_sheet(path, &wb.sheet_names(), sheet)?;
    let mut cells = Cells {
        path,
        rows: BTreeMap::new(),
        count: 0,
    };
    {
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| unreadable(path, e))?;
        while let Some(c) = reader
            .next_cell_with_formula()
            .map_err(|e| unreadable(path, e))?
        {
            let (text, odd) = match (&c.value, &c.formula) {
                // A formula whose value was never saved (a file written by a program, not
                // opened in Excel since): nothing to read.
                (DataRef::Empty, Some(f)) => (String::new(), Some(Odd::Formula(format!("={f}")))),
                (v, _) => cell_of(v),
            };
            cells.push(c.pos, text, odd)?;
        }
    }
    let merges = wb
        .merge_cells_by_sheet_name(&name)
        .map(merges_of)
        .unwrap_or_default();
    Ok(Grid {
        source: Source::Sheet { name },
        rows: cells.into_rows()?,
        merges,
    })
}

/// The other formats (.xls, .xlsb, .ods) through the library's whole-sheet reader; their
/// files are bounded by [`MAX_FILE_BYTES`] and an .xls sheet by its format (65,536 rows).
fn read_range<R: Reader<Cursor<Vec<u8>>>>(
    path: &Path,
    mut wb: R,
    sheet: Option<&str>,
) -> Result<Grid, ReadFailure>
where
    R::Error: std::fmt::Display,
{
    let name = pick_sheet(path, &wb.sheet_names(), sheet)?;
    let range = wb.worksheet_range(&name).map_err(|e| unreadable(path, e))?;
    let mut cells = Cells {
        path,
        rows: BTreeMap::new(),
        count: 0,
    };
    for (row, col, d) in range.used_cells() {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (text, odd) = data_cell(d);
        cells.push((r0 + row as u32, c0 + col as u32), text, odd)?;
    }
    Ok(Grid {
        source: Source::Sheet { name },
        rows: cells.into_rows()?,
        merges: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Content::Zip);
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Content::Ole
        );
        assert_eq!(sniff("项目编号,名称".as_bytes()), Content::Text);
    }

    #[test]
    fn numbers_keep_their_value() {
        assert_eq!(number_text(154.0), "154");
        assert_eq!(number_text(0.6), "0.6");
        assert_eq!(number_text(0.1 + 0.2).parse::<f64>().unwrap(), 0.1 + 0.2);
    }
}

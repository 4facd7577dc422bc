//! Tables as officers keep them: CSV in whatever encoding Excel or WPS wrote (UTF-8 with or
//! without a byte-order mark, GB18030/GBK, UTF-16 "Unicode text"), and workbooks (.xlsx,
//! .xlsm, .xls, .ods, read by calamine). Both become a [`Grid`] of text cells that knows where
//! each row came from; `load` finds the header, maps the columns and reads the records.

use super::diag::{Diagnostic, Location};
use crate::i18n::Msg;
use crate::msg;
use std::path::{Path, PathBuf};

/// Where a grid came from, for messages and for `check`'s notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A text file and the encoding it was read in ("UTF-8", "UTF-8 with BOM", "GB18030").
    Csv { encoding: &'static str },
    /// A sheet of a workbook, by name.
    Sheet { name: String },
}

#[derive(Debug, Clone)]
pub struct GridRow {
    pub cells: Vec<String>,
    /// CSV: the physical line the row starts on; sheet: the row number the spreadsheet shows.
    pub line: usize,
    /// A CSV row the reader could not split (bad quotes); its cells are empty.
    pub unreadable: bool,
}

#[derive(Debug, Clone)]
pub struct Grid {
    pub source: Source,
    pub rows: Vec<GridRow>,
}

impl Grid {
    /// The location of a row (`data_row` counts rows after the header, 1-based; 0 is the header)
    /// and, for sheets, of one of its cells.
    pub fn location(
        &self,
        row: &GridRow,
        data_row: usize,
        col: Option<usize>,
        header: Option<&str>,
    ) -> Location {
        match &self.source {
            Source::Csv { .. } => Location::Csv {
                row: data_row,
                line: row.line,
            },
            Source::Sheet { name } => Location::Sheet {
                sheet: name.clone(),
                row: row.line,
                col,
                header: header.map(str::to_string),
            },
        }
    }
}

/// File extensions read as workbooks.
pub const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn problem(path: &Path, location: Location, message: Msg, hint: Msg) -> Diagnostic {
    Diagnostic {
        file: path.to_path_buf(),
        location,
        field: None,
        message,
        hint: Some(hint),
    }
}

/// Reads a table file; `sheet` picks a workbook's sheet (default: the first). `Err` when the
/// file cannot be read at all; I/O errors are left to the caller, which knows who named it.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Grid, ReadFailure> {
    // A FIFO or a device would block the reader (or never end): refused before opening.
    crate::fsutil::check_regular(path).map_err(ReadFailure::Io)?;
    if is_workbook(path) {
        read_workbook(path, sheet)
    } else {
        let bytes = std::fs::read(path).map_err(ReadFailure::Io)?;
        if sheet.is_some() {
            return Err(ReadFailure::Problem(problem(
                path,
                Location::File,
                msg!("sheet-not-workbook"),
                msg!("sheet-not-workbook-hint"),
            )));
        }
        read_csv_bytes(path, &bytes)
    }
}

#[derive(Debug)]
pub enum ReadFailure {
    Io(std::io::Error),
    Problem(Diagnostic),
}

/// Decodes the bytes of a text table: a byte-order mark decides; else UTF-8 if the bytes are
/// valid UTF-8; else GB18030 (the superset of GBK that Chinese Windows' "ANSI" means), if the
/// bytes are valid GB18030. Short Chinese text is almost never valid UTF-8 by accident, so
/// the order cannot mistake a GBK file for UTF-8.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), (usize, usize)> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = match enc.name() {
            "UTF-8" => "UTF-8 with BOM",
            "UTF-16LE" => "UTF-16LE",
            _ => "UTF-16BE",
        };
        if !had_errors {
            return Ok((text.into_owned(), name));
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), "UTF-8")),
        Err(e) => {
            if let Some(text) =
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
            {
                return Ok((text.into_owned(), "GB18030"));
            }
            let valid = e.valid_up_to();
            let before = String::from_utf8_lossy(&bytes[..valid]);
            Err(super::diag::line_col(&before, before.len()))
        }
    }
}

fn read_csv_bytes(path: &Path, bytes: &[u8]) -> Result<Grid, ReadFailure> {
    let (text, encoding) = decode(bytes).map_err(|(line, col)| {
        ReadFailure::Problem(problem(
            path,
            Location::Toml { line, col },
            msg!("csv-not-text"),
            msg!("csv-not-text-hint"),
        ))
    })?;
    // "Unicode text" from Excel is tab-separated; so is a file whose first line has tabs and
    // no commas.
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter =
        if encoding.starts_with("UTF-16") || (first.contains('\t') && !first.contains(',')) {
            b'\t'
        } else {
            b','
        };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(csv::Trim::All)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut last_line = 0;
    let mut lines = Lines { at: 0, newlines: 0 };
    for rec in reader.records() {
        match rec {
            Ok(r) => {
                let line = r
                    .position()
                    .map_or(last_line + 1, |p| lines.line_at(&text, p.byte()));
                last_line = line;
                rows.push(GridRow {
                    cells: r.iter().map(str::to_string).collect(),
                    line,
                    unreadable: false,
                });
            }
            Err(e) => {
                let line = e
                    .position()
                    .map_or(last_line + 1, |p| lines.line_at(&text, p.byte()));
                last_line = line;
                rows.push(GridRow {
                    cells: Vec::new(),
                    line,
                    unreadable: true,
                });
            }
        }
    }
    Ok(Grid {
        source: Source::Csv { encoding },
        rows,
    })
}

/// The line a record starts on, from the byte offset the CSV reader gives. With CRLF line ends
/// the reader's offset (and its own line count) is still at the previous line's `\n`, so the
/// line breaks at the offset are skipped first. Records come in file order, so the newlines
/// are counted on from the previous record's offset, not from the start each time (that was
/// quadratic: three minutes to read the nation's 88,000 projects).
struct Lines {
    /// Bytes counted so far, and the newlines among them.
    at: usize,
    newlines: usize,
}

impl Lines {
    fn line_at(&mut self, text: &str, byte: u64) -> usize {
        let bytes = text.as_bytes();
        let mut b = (byte as usize).min(bytes.len());
        while b < bytes.len() && (bytes[b] == b'\n' || bytes[b] == b'\r') {
            b += 1;
        }
        if b < self.at {
            // (Never in file order; counted afresh if it happens.)
            (self.at, self.newlines) = (0, 0);
        }
        self.newlines += bytes[self.at..b].iter().filter(|&&c| c == b'\n').count();
        self.at = b;
        self.newlines + 1
    }
}

/// A numeric cell as text: whole numbers without a decimal point, others as Rust prints them
/// (the shortest text that reads back to the same number, so nothing is lost).
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Grid, ReadFailure> {
    use calamine::{Data, Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(io) => ReadFailure::Io(io),
        other => ReadFailure::Problem(problem(
            path,
            Location::File,
            msg!("workbook-unreadable", error = other.to_string()),
            msg!("workbook-unreadable-hint"),
        )),
    })?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => match names.iter().find(|n| n.trim() == s.trim()) {
            Some(n) => n.clone(),
            None => {
                let list = names.join(", ");
                let near = super::diag::closest(s, names.iter().map(String::as_str));
                return Err(ReadFailure::Problem(problem(
                    path,
                    Location::File,
                    msg!("sheet-unknown", sheet = s),
                    match near {
                        Some(n) => msg!("sheet-unknown-near", near = n, list = list),
                        None => msg!("sheet-unknown-hint", list = list),
                    },
                )));
            }
        },
        None => match names.first() {
            Some(n) => n.clone(),
            None => {
                return Err(ReadFailure::Problem(problem(
                    path,
                    Location::File,
                    msg!("workbook-no-sheets"),
                    msg!("workbook-unreadable-hint"),
                )));
            }
        },
    };
    let range = wb.worksheet_range(&name).map_err(|e| {
        ReadFailure::Problem(problem(
            path,
            Location::File,
            msg!("workbook-unreadable", error = e.to_string()),
            msg!("workbook-unreadable-hint"),
        ))
    })?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            // Pad on the left so that a cell's index is its column in the sheet.
            let mut cells = vec![String::new(); col0 as usize];
            cells.extend(r.iter().map(|d| match d {
                Data::Empty => String::new(),
                Data::Float(x) => number_text(*x),
                Data::Int(i) => i.to_string(),
                Data::String(s) => s.trim().to_string(),
                Data::Bool(b) => b.to_string(),
                Data::Error(e) => format!("#{e:?}"),
                other => other.to_string(),
            }));
            GridRow {
                cells,
                line: row0 as usize + i + 1,
                unreadable: false,
            }
        })
        .collect();
    Ok(Grid {
        source: Source::Sheet { name },
        rows,
    })
}

/// The file a table section names, resolved against the scenario's folder.
pub fn resolve(scenario_file: &Path, rel: &str) -> PathBuf {
    scenario_file.parent().unwrap_or(Path::new(".")).join(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_excel_writes() {
        let utf8 = "编号,名称\n".as_bytes().to_vec();
        assert_eq!(decode(&utf8).unwrap().1, "UTF-8");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(&utf8);
        assert_eq!(
            decode(&bom).unwrap(),
            ("编号,名称\n".to_string(), "UTF-8 with BOM")
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("编号,名称\r\n海宁市,1\r\n");
        let (text, enc) = decode(&gbk).unwrap();
        assert_eq!(
            (text.as_str(), enc),
            ("编号,名称\r\n海宁市,1\r\n", "GB18030")
        );
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "编号\t名称\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap().1, "UTF-16LE");
    }

    #[test]
    fn column_letters() {
        use super::super::diag::column_letter;
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(3), "D");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn numbers_keep_their_value() {
        assert_eq!(number_text(154.0), "154");
        assert_eq!(number_text(0.6), "0.6");
        assert_eq!(number_text(0.1 + 0.2).parse::<f64>().unwrap(), 0.1 + 0.2);
    }
}

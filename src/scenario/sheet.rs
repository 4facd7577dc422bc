//! Tables as officers keep them: CSV in whatever encoding Excel or WPS wrote (UTF-8 with or
//! without a byte-order mark, GB18030/GBK, UTF-16 "Unicode text"), and workbooks (.xlsx,
//! .xlsm, .xls, .ods, read by calamine). Both become a [`Grid`] of text cells that knows where
//! each row came from; `load` finds the header, maps the columns and reads the records.

use super::diag::Location;
use super::grid::problem;
pub use super::grid::{Grid, GridRow, Merge, Odd, ReadFailure, Source};
use crate::msg;
use std::path::{Path, PathBuf};

/// File extensions read as workbooks.
pub const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads a table file; `sheet` picks a workbook's sheet (default: the first). The content
/// decides how, not the name: a CSV saved with an .xls name is read as CSV (and a note says
/// so), a workbook named .csv as a workbook. `Err` when the file cannot be read at all; I/O
/// errors are left to the caller, which knows who named it.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Grid, ReadFailure> {
    use super::workbook::{Content, MAX_FILE_BYTES, sniff};
    // A FIFO or a device would block the reader (or never end): refused before opening.
    crate::fsutil::check_regular(path).map_err(ReadFailure::Io)?;
    let size = std::fs::metadata(path).map_err(ReadFailure::Io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadFailure::Problem(problem(
            path,
            Location::File,
            msg!(
                "table-file-too-large",
                size = size >> 20,
                limit = MAX_FILE_BYTES >> 20
            ),
            msg!("table-limit-hint"),
        )));
    }
    let bytes = std::fs::read(path).map_err(ReadFailure::Io)?;
    match sniff(&bytes) {
        Content::Zip | Content::Ole => super::workbook::read(path, bytes, sheet),
        Content::Text => {
            if sheet.is_some() {
                return Err(ReadFailure::Problem(problem(
                    path,
                    Location::File,
                    msg!("sheet-not-workbook"),
                    msg!("sheet-not-workbook-hint"),
                )));
            }
            let named_workbook = is_workbook(path);
            if named_workbook && looks_like_markup(&bytes) {
                // "Web page" or XML spreadsheet saved with an .xls name.
                return Err(ReadFailure::Problem(problem(
                    path,
                    Location::File,
                    msg!("workbook-is-markup"),
                    msg!("workbook-is-markup-hint"),
                )));
            }
            read_csv_bytes(path, &bytes)
        }
    }
}

/// An HTML or XML file (what "Save as Web page" or "XML Spreadsheet 2003" writes).
fn looks_like_markup(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with("<?xml") || t.starts_with("<html") || t.starts_with("<!doctype")
}

/// Where a text table stops being text: the encoding that read furthest, and the line and
/// byte where it failed (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText {
    pub encoding: &'static str,
    pub line: usize,
    pub byte: usize,
    /// The other encoding tried and the line it failed on, when it failed elsewhere (a file
    /// that mixes encodings).
    pub other: Option<(&'static str, usize)>,
}

/// The offset of the first byte GB18030 cannot read, if any.
fn gb18030_error(bytes: &[u8]) -> Option<usize> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        read += n;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return None,
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                return Some(read - bad as usize - after as usize);
            }
            encoding_rs::DecoderResult::OutputFull => out.reserve(bytes.len()),
        }
    }
}

/// Decodes the bytes of a text table: a byte-order mark decides; else UTF-8 if the bytes are
/// valid UTF-8; else GB18030 (the superset of GBK that Chinese Windows' "ANSI" means), if the
/// bytes are valid GB18030. Short Chinese text is almost never valid UTF-8 by accident, so
/// the order cannot mistake a GBK file for UTF-8. When neither reads the whole file, the one
/// that read further is named, with the line where it stopped.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), NotText> {
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
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok((s.to_string(), "UTF-8")),
        Err(e) => e.valid_up_to(),
    };
    let Some(gb_error) = gb18030_error(bytes) else {
        let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        return Ok((text.into_owned(), "GB18030"));
    };
    // A newline byte is a newline in both encodings (GBK's second bytes are 0x40 and up).
    let line_of = |at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let (enc, at, other, other_at) = if gb_error >= utf8_error {
        ("GB18030", gb_error, "UTF-8", utf8_error)
    } else {
        ("UTF-8", utf8_error, "GB18030", gb_error)
    };
    let (line, other_line) = (line_of(at), line_of(other_at));
    Err(NotText {
        encoding: enc,
        line,
        byte: at + 1,
        other: (other_line != line).then_some((other, other_line)),
    })
}

fn read_csv_bytes(path: &Path, bytes: &[u8]) -> Result<Grid, ReadFailure> {
    let (text, encoding) = decode(bytes).map_err(|e| {
        ReadFailure::Problem(problem(
            path,
            Location::Line { line: e.line },
            match e.other {
                Some((other, line)) => msg!(
                    "csv-not-text-mixed",
                    encoding = e.encoding,
                    byte = e.byte,
                    other = other,
                    other_line = line
                ),
                None => msg!("csv-not-text-at", encoding = e.encoding, byte = e.byte),
            },
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
                    odd: Vec::new(),
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
                    odd: Vec::new(),
                });
            }
        }
    }
    Ok(Grid {
        source: Source::Csv { encoding },
        rows,
        merges: Vec::new(),
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
    fn a_bad_byte_is_reported_at_its_line() {
        // GBK text with a byte GBK cannot read on line 101 (0x80 alone is not a GBK lead byte).
        let mut text = String::from("编号,名称\r\n");
        for i in 2..=100 {
            text.push_str(&format!("p{i},项目{i}\r\n"));
        }
        let (mut gbk, _, _) = encoding_rs::GBK.encode(&text);
        let mut bytes = gbk.to_mut().clone();
        bytes.extend(b"p101,\xFF\xFF\r\n");
        let e = decode(&bytes).unwrap_err();
        assert_eq!(
            (e.encoding, e.line, e.other),
            ("GB18030", 101, Some(("UTF-8", 1)))
        );
    }
}

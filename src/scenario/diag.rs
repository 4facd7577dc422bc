//! Problems found in input files, with enough location to fix them.
//!
//! Every loader and validator pushes into one [`Diagnostics`] list so that an officer sees every
//! problem of a scenario in one run instead of fixing them one at a time.

use crate::i18n::{Lang, Msg};
use crate::t;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The whole file (it is missing, unreadable, not UTF-8...).
    File,
    /// A TOML position, 1-based.
    Toml { line: usize, col: usize },
    /// A CSV data row (1-based, header excluded) and the physical line it starts on;
    /// row 0 is the header.
    Csv { row: usize, line: usize },
    /// A line of a text file that is no record (a title above a CSV header).
    Line { line: usize },
    /// A cell or row of a workbook sheet: the row number the spreadsheet shows (1-based) and,
    /// when known, the column (0-based; shown as a letter) and its header as written.
    Sheet {
        sheet: String,
        row: usize,
        col: Option<usize>,
        header: Option<String>,
    },
}

/// A column's letters as spreadsheets show them: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

impl Location {
    /// (line, column) for ordering; a whole-file problem comes first.
    fn sort_key(&self) -> (usize, usize) {
        match self {
            Location::File => (0, 0),
            Location::Toml { line, col } => (*line, *col),
            Location::Csv { line, .. } | Location::Line { line } => (*line, 0),
            Location::Sheet { row, col, .. } => (*row, col.map_or(0, |c| c + 1)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub location: Location,
    /// Dotted path of the offending field, e.g. `projects[3].need_mu`.
    pub field: Option<String>,
    pub message: Msg,
    pub hint: Option<Msg>,
}

impl Location {
    /// Where, after the file name: ":12:5", ":3: (row 2)", ", sheet 项目清单, row 17, column D
    /// (用地面积（亩）)".
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Location::File => String::new(),
            Location::Toml { line, col } => format!(":{line}:{col}"),
            Location::Csv { row: 0, line } => t!(lang, "loc-csv-header", line = line),
            Location::Csv { row, line } => t!(lang, "loc-csv-row", line = line, row = row),
            Location::Line { line } => t!(lang, "loc-line", line = line),
            Location::Sheet {
                sheet,
                row,
                col,
                header,
            } => {
                let mut s = t!(lang, "loc-sheet-row", sheet = sheet, row = row);
                if let Some(c) = col {
                    s.push_str(&match header.as_deref().filter(|h| !h.is_empty()) {
                        Some(h) => t!(
                            lang,
                            "loc-sheet-column-header",
                            column = column_letter(*c),
                            header = h
                        ),
                        None => t!(lang, "loc-sheet-column", column = column_letter(*c)),
                    });
                }
                s
            }
        }
    }
}

impl Diagnostic {
    /// The problem in words, in `lang` (English is what `{}` prints).
    pub fn render(&self, lang: Lang) -> String {
        let mut s = t!(
            lang,
            "diag-error",
            file = self.file.display(),
            location = self.location.render(lang)
        );
        if let Some(field) = &self.field {
            s.push_str(&t!(lang, "diag-field", field = field));
        }
        s.push_str(&t!(
            lang,
            "diag-message",
            message = self.message.render(lang)
        ));
        if let Some(hint) = &self.hint {
            s.push('\n');
            s.push_str(&t!(lang, "diag-hint", hint = hint.render(lang)));
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Something worth knowing about how a file was read that is not a problem: the encoding of a
/// CSV file, a title or total row skipped, a column ignored. `check` lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub file: PathBuf,
    pub location: Location,
    pub message: Msg,
}

impl Note {
    pub fn render(&self, lang: Lang) -> String {
        t!(
            lang,
            "note-line",
            file = self.file.display(),
            location = self.location.render(lang),
            message = self.message.render(lang)
        )
    }
}

/// A collection of problems. [`Diagnostics::sort`] puts them in file order (the scenario file
/// first, then the files it names, each by line and column), which is how they are returned.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    /// Orders the problems by file (`main` first, then the others by name), line and column;
    /// problems at the same place keep the order they were found in.
    pub fn sort(&mut self, main: &Path) {
        self.0
            .sort_by_cached_key(|d| (d.file != main, d.file.clone(), d.location.sort_key()));
    }
}

impl Diagnostics {
    /// Every problem, then how many, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut s = String::new();
        for d in &self.0 {
            s.push_str(&d.render(lang));
            s.push('\n');
        }
        s.push_str(&if self.0.len() == 1 {
            t!(lang, "diag-count-one")
        } else {
            t!(lang, "diag-count", count = self.0.len())
        });
        s
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for Diagnostics {}

/// A source position: a file and where in it, used to attach fields to problems.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: PathBuf,
    pub location: Location,
    /// Per-field positions, when the source format gives them (TOML keys do, CSV cells do not).
    pub fields: Vec<(String, Location)>,
    /// Human path of the record, e.g. `projects[3]`; empty for a CSV row.
    pub record: String,
    /// Fields of the record that could not be read (already reported when loading), as paths
    /// relative to the record (`need_mu`, `stock_linkage.pools[1]`); validation says nothing
    /// more about them or anything inside them.
    pub unloaded: Vec<String>,
    /// Fields set by an override written in another file (`extends`, `--set`): problems with
    /// them are reported in that file.
    pub overridden: Vec<(String, PathBuf)>,
    /// Fields an override set, by the path the override wrote (`pools.urban_batch.capacity_mu`,
    /// `rules.earmarks.farmer_housing.min_share`): problems with them are shown by that path
    /// rather than by the record's position in its file (`pools[0]`, `earmarks[0]`).
    pub shown_as: Vec<(String, String)>,
    /// Columns of a CSV table whose header is not the field's name (a Chinese header, a
    /// mapping): field → header as written, shown beside the field in messages.
    pub labels: Vec<(String, String)>,
}

impl Origin {
    pub fn file(file: &Path) -> Self {
        Origin {
            file: file.to_path_buf(),
            location: Location::File,
            fields: Vec::new(),
            record: String::new(),
            unloaded: Vec::new(),
            overridden: Vec::new(),
            shown_as: Vec::new(),
            labels: Vec::new(),
        }
    }

    /// Whether `field` (or what holds it) could not be read, so that a problem with it was
    /// reported already.
    pub fn unloaded(&self, field: &str) -> bool {
        self.unloaded.iter().any(|u| {
            field == u
                || field
                    .strip_prefix(u.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
    }

    /// Whether this record is a CSV row.
    pub fn is_csv(&self) -> bool {
        matches!(self.location, Location::Csv { .. } | Location::Sheet { .. })
    }

    /// Location of a field if known, else of the nearest table or list holding it, else of
    /// the record.
    pub fn at(&self, field: &str) -> Location {
        let mut f = field;
        while !f.is_empty() {
            if let Some((_, l)) = self.fields.iter().find(|(k, _)| k == f) {
                return l.clone();
            }
            f = &f[..f.rfind(['.', '[']).unwrap_or(0)];
        }
        self.location.clone()
    }

    pub fn field_path(&self, field: &str) -> String {
        // The override's own path for a field it set (or for something inside it).
        for (f, shown) in &self.shown_as {
            if let Some(rest) = field.strip_prefix(f.as_str())
                && (rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
            {
                return format!("{shown}{rest}");
            }
        }
        if let Some((_, header)) = self.labels.iter().find(|(f, _)| f == field) {
            format!("{field} ({header})")
        } else if self.record.is_empty() {
            field.to_string()
        } else if field.is_empty() {
            self.record.clone()
        } else {
            format!("{}.{field}", self.record)
        }
    }

    /// A problem with one field of this record.
    pub fn error(&self, field: &str, message: impl Into<Msg>, hint: impl Into<Msg>) -> Diagnostic {
        let hint = hint.into();
        let file = self
            .overridden
            .iter()
            .find(|(k, _)| {
                field.strip_prefix(k.as_str()).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
                })
            })
            .map(|(_, f)| f.clone())
            .unwrap_or_else(|| self.file.clone());
        Diagnostic {
            file,
            location: self.at(field),
            field: Some(self.field_path(field)).filter(|s| !s.is_empty()),
            message: message.into(),
            hint: (!hint.is_empty()).then_some(hint),
        }
    }
}

/// Converts a byte offset into a 1-based line and a 1-based column counted in characters,
/// which is what editors show for Chinese text.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..floor_char_boundary(src, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A number for messages: at most 9 decimals, no float noise (1.0999999999999999 → 1.1).
pub fn num(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    // Very large or very small magnitudes in exponent form, not as 300 digits.
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        return format!("{x:e}");
    }
    let s = format!("{x:.9}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// For a short list of allowed words: the closest one, or else the only one that starts like
/// `word` (first four letters: "provence" → "provincial").
pub fn closest_choice<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if let Some(c) = closest(word, candidates.iter().copied()) {
        return Some(c);
    }
    let head: String = word.chars().take(4).collect();
    let mut starting = candidates
        .iter()
        .filter(|c| head.chars().count() == 4 && c.starts_with(&head));
    match (starting.next(), starting.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The closest known name to a misspelt one, for "did you mean" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        // On a tie the field in mu comes first: `capacity` is far more often meant as
        // `capacity_mu` than `capacity_ha` (15 times smaller a number).
        .min_by_key(|(d, c)| (*d, !c.ends_with("_mu"), *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_not_bytes() {
        let src = "a = 1\nname = \"金华\" x";
        let off = src.find('x').unwrap();
        assert_eq!(line_col(src, off), (2, 13));
    }

    #[test]
    fn numbers_lose_float_noise() {
        assert_eq!(num(0.6 + 0.5 + 1e-16), "1.1");
        assert_eq!(num(1.0999999999999999), "1.1");
        assert_eq!(num(50.0), "50");
        assert_eq!(num(-750.0), "-750");
        assert_eq!(num(0.05), "0.05");
        assert_eq!(num(f64::INFINITY), "inf");
    }

    #[test]
    fn closest_suggests_near_names() {
        assert_eq!(
            closest("nede_mu", ["need_mu", "need_ha", "name"]),
            Some("need_mu")
        );
        assert_eq!(closest("zzzzzz", ["need_mu"]), None);
        assert_eq!(
            closest("capacity", ["capacity_ha", "capacity_mu"]),
            Some("capacity_mu")
        );
        let tiers = ["national", "provincial", "city", "county", "block"];
        assert_eq!(closest_choice("provence", &tiers), Some("provincial"));
        assert_eq!(closest_choice("town", &tiers), None);
    }
}

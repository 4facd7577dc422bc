//! Problems found in input files, with enough location to fix them.
//!
//! Every loader and validator pushes into one [`Diagnostics`] list so that an officer sees every
//! problem of a scenario in one run instead of fixing them one at a time.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The whole file (it is missing, unreadable, not UTF-8...).
    File,
    /// A TOML position, 1-based.
    Toml { line: usize, col: usize },
    /// A CSV data row (1-based, header excluded) and the physical line it starts on.
    Csv { row: usize, line: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub location: Location,
    /// Dotted path of the offending field, e.g. `projects[3].need_mu`.
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.file.display())?;
        match &self.location {
            Location::File => {}
            Location::Toml { line, col } => write!(f, ":{line}:{col}")?,
            Location::Csv { row, line } => write!(f, ":{line}: (row {row})")?,
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// An ordered collection of problems; order is the order they were found, which follows the file.
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
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(
            f,
            "{} problem{} found",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        )
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
    /// Human path of the record, e.g. `projects[3]` or `projects.csv row 4`.
    pub record: String,
}

impl Origin {
    pub fn file(file: &Path) -> Self {
        Origin {
            file: file.to_path_buf(),
            location: Location::File,
            fields: Vec::new(),
            record: String::new(),
        }
    }

    /// Location of a field if known, else of the record.
    pub fn at(&self, field: &str) -> Location {
        self.fields
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| self.location.clone())
    }

    pub fn field_path(&self, field: &str) -> String {
        if self.record.is_empty() {
            field.to_string()
        } else if field.is_empty() {
            self.record.clone()
        } else {
            format!("{}.{field}", self.record)
        }
    }

    /// A problem with one field of this record.
    pub fn error(&self, field: &str, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        let hint = hint.into();
        Diagnostic {
            file: self.file.clone(),
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

/// The closest known name to a misspelt one, for "did you mean" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, c)| (*d, *c))
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
    fn closest_suggests_near_names() {
        assert_eq!(closest("nede_mu", ["need_mu", "need_ha", "name"]), Some("need_mu"));
        assert_eq!(closest("zzzzzz", ["need_mu"]), None);
    }
}

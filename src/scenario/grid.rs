//! What a table file becomes once read, whatever its format: a [`Grid`] of text cells that
//! knows where each row came from, with the workbook cells that are no text or number
//! ([`Odd`]) and the merged regions; and how reading can fail.

use super::diag::{Diagnostic, Location};
use crate::i18n::Msg;
use std::path::Path;

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
    /// Workbook cells that hold something other than text or a number, by column (their
    /// text is in `cells` too); a number column refuses them by name.
    pub odd: Vec<(usize, Odd)>,
}

/// What a workbook cell holds when it is not text or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Odd {
    /// A date (or date and time), as 2019-06-01.
    Date(String),
    /// A time of day or a duration, as 08:30:00.
    Time(String),
    Bool(bool),
    /// A formula without a saved value, as =SUM(G3:G10).
    Formula(String),
    /// An error value (#DIV/0!, #REF!, #N/A).
    Error(String),
}

impl Odd {
    pub fn text(&self) -> &str {
        match self {
            Odd::Date(t) | Odd::Time(t) | Odd::Formula(t) | Odd::Error(t) => t,
            Odd::Bool(true) => "TRUE",
            Odd::Bool(false) => "FALSE",
        }
    }
}

/// A merged region of a sheet: rows as the spreadsheet shows them (1-based), columns 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: usize,
    pub last_row: usize,
    pub first_col: usize,
    pub last_col: usize,
}

impl Merge {
    /// As Excel writes it: C3:C18.
    pub fn range(&self) -> String {
        use super::diag::column_letter;
        format!(
            "{}{}:{}{}",
            column_letter(self.first_col),
            self.first_row,
            column_letter(self.last_col),
            self.last_row
        )
    }
}

#[derive(Debug, Clone)]
pub struct Grid {
    pub source: Source,
    /// The rows in file order; a workbook's rows without any value are left out.
    pub rows: Vec<GridRow>,
    /// A workbook sheet's merged regions.
    pub merges: Vec<Merge>,
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

pub(super) fn problem(path: &Path, location: Location, message: Msg, hint: Msg) -> Diagnostic {
    Diagnostic {
        file: path.to_path_buf(),
        location,
        field: None,
        message,
        hint: Some(hint),
    }
}

#[derive(Debug)]
pub enum ReadFailure {
    Io(std::io::Error),
    Problem(Diagnostic),
}

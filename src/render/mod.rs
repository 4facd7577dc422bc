//! The views: data in, bytes out. Each takes the output contract ([`crate::report`]), with the
//! scenario where it needs names, and returns text or bytes in the reader's language: tables
//! for the terminal, CSV, the workbook, the stories of `explain`, SVG charts and the HTML
//! documents. Nothing here solves, checks or writes a file.

pub mod csv;
pub mod diff;
pub mod html;
pub mod story;
pub mod svg;
pub mod table;
pub mod text;
pub mod xlsx;
pub mod years;

use crate::report::r6;
use comfy_table::{CellAlignment, Table, presets};

pub fn fmt_mu(v: f64) -> String {
    let v = r6(v);
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

pub(super) fn new_table(header: Vec<String>, numeric_from: usize) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    let n = header.len();
    t.set_header(header);
    for i in numeric_from..n {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

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
pub mod xlsx;
pub mod years;

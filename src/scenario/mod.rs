//! The scenario: reading files, validating them, and the domain types. Knows nothing of LPs.

pub mod aliases;
pub mod diag;
mod grid;
mod introspect;
pub mod load;
pub mod model;
mod names;
pub mod overrides;
pub mod raw;
mod record;
pub mod sheet;
mod tables;
pub mod validate;
mod workbook;

pub use diag::{Diagnostic, Diagnostics, Note};
pub use model::*;

use std::path::Path;

/// Reads and validates a scenario file (or a directory holding `scenario.toml`).
pub fn from_path(path: &Path) -> Result<Scenario, Diagnostics> {
    let raw = load::load(path)?;
    validate::validate(&raw)
}

/// Reads a scenario, applies command-line overrides (`--set`), and validates the result.
pub fn from_path_with(path: &Path, edits: &[overrides::Edit]) -> Result<Scenario, Diagnostics> {
    let mut raw = load::load(path)?;
    let problems = overrides::apply(&mut raw, edits);
    raw.problems.extend(problems);
    validate::validate(&raw)
}

/// As [`from_path_with`], with the notes on how the tables were read (encodings, columns,
/// merged cells, names) whether or not the scenario is valid: `check` prints them either way.
pub fn from_path_noting(
    path: &Path,
    edits: &[overrides::Edit],
) -> (Result<Scenario, Diagnostics>, Vec<Note>) {
    let mut raw = match load::load(path) {
        Ok(raw) => raw,
        Err(d) => return (Err(d), Vec::new()),
    };
    let problems = overrides::apply(&mut raw, edits);
    raw.problems.extend(problems);
    let notes = raw.notes.clone();
    (validate::validate(&raw), notes)
}

/// Reads and validates a scenario given as text; `path` is used in messages and for CSV paths.
pub fn from_source(src: &str, path: &Path) -> Result<Scenario, Diagnostics> {
    let raw = load::load_source(src, path)?;
    validate::validate(&raw)
}

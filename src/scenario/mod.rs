//! The scenario: reading files, validating them, and the domain types. Knows nothing of LPs.

pub mod aliases;
pub mod diag;
mod introspect;
pub mod load;
pub mod model;
pub mod overrides;
pub mod raw;
mod record;
pub mod sheet;
mod tables;
pub mod validate;

pub use diag::{Diagnostic, Diagnostics};
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

/// Reads and validates a scenario given as text; `path` is used in messages and for CSV paths.
pub fn from_source(src: &str, path: &Path) -> Result<Scenario, Diagnostics> {
    let raw = load::load_source(src, path)?;
    validate::validate(&raw)
}

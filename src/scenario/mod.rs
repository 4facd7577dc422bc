//! The scenario: reading files, validating them, and the domain types. Knows nothing of LPs.

pub mod diag;
mod introspect;
pub mod load;
pub mod model;
pub mod raw;
pub mod validate;

pub use diag::{Diagnostic, Diagnostics};
pub use model::*;

use std::path::Path;

/// Reads and validates a scenario file (or a directory holding `scenario.toml`).
pub fn from_path(path: &Path) -> Result<Scenario, Diagnostics> {
    let raw = load::load(path)?;
    validate::validate(&raw)
}

/// Reads and validates a scenario given as text; `path` is used in messages and for CSV paths.
pub fn from_source(src: &str, path: &Path) -> Result<Scenario, Diagnostics> {
    let raw = load::load_source(src, path)?;
    validate::validate(&raw)
}

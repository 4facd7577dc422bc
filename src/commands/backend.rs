//! The solvers a user can name (`--backend`), and the one used unless told otherwise. The
//! names are the application's: the solver crate offers backends, not command-line words.

use blocklp::Backend;
use blocklp::backend::Minilp;
use blocklp::decompose::Blocks;

/// The backend for a name given on the command line. `auto` decomposes block-angular LPs
/// (many blocks) and hands everything else to minilp; `minilp` never decomposes.
pub fn by_name(name: &str) -> Option<Box<dyn Backend>> {
    match name {
        "auto" => Some(Box::new(Blocks::new(Minilp))),
        "minilp" | "microlp" => Some(Box::new(Minilp)),
        _ => None,
    }
}

/// The names `--backend` takes.
pub const NAMES: &[&str] = &["auto", "minilp"];

/// What the command line uses unless told otherwise.
pub const DEFAULT: &str = "auto";

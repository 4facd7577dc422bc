//! `landquota export --mps`: the exact LP that `solve` solves, for other solvers.

use super::common::{prepare, refuse_overwrite};
use crate::report::exit;
use std::path::Path;

pub(super) fn run(
    scenario: &Path,
    set: &[String],
    mps: &Path,
    backend: &str,
    lang: crate::i18n::Lang,
) -> u8 {
    let (sc, b) = match prepare(scenario, set, backend, lang) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if let Err(code) = refuse_overwrite(&sc, &[mps.to_path_buf()], lang) {
        return code;
    }
    match crate::commands::export::mps(&sc, b.as_ref()) {
        Ok(m) => {
            if let Err(e) = crate::fsutil::write_atomic(mps, m.text.as_bytes()) {
                let m = crate::t!(lang, "cannot-write", error = e);
                eprintln!("{}", crate::t!(lang, "error", message = m));
                return exit::IO;
            }
            eprintln!(
                "{}",
                crate::t!(
                    lang,
                    "export-wrote",
                    path = mps.display(),
                    columns = m.columns,
                    rows = m.rows
                )
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("error: a lexicographic stage failed: {e}");
            exit::INFEASIBLE
        }
    }
}

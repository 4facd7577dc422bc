//! `landquota export --mps`: the exact LP that `solve` solves, for other solvers.

use crate::cli::{exit, prepare};
use crate::model;
use std::path::Path;

pub fn run_cli(
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
    if let Err(code) = crate::cli::refuse_overwrite(&sc, &[mps.to_path_buf()], lang) {
        return code;
    }
    match model::final_model(&sc, b.as_ref()) {
        Ok((model, _, _)) => {
            let text = blocklp::mps::to_mps(&model, &sc.meta.name);
            if let Err(e) = crate::fsutil::write_atomic(mps, text.as_bytes()) {
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
                    columns = model.columns.len(),
                    rows = model.rows.len()
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

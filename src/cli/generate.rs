//! `landquota generate`: a synthetic scenario of any size.

use crate::commands::generate::GenerateError;
use crate::i18n::Lang;
use crate::report::exit;
use std::path::Path;

pub(super) fn run(counties: u32, seed: u64, out: &Path, divisible_only: bool, lang: Lang) -> u8 {
    // A scenario folder of one's own is never overwritten, nor mixed with the files of another:
    // only a new or empty folder is written into (a usage error otherwise, nothing written).
    if std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!(
            "{}",
            crate::t!(
                lang,
                "error",
                message = crate::t!(lang, "generate-not-empty", path = out.display())
            )
        );
        return exit::USAGE;
    }
    let mut opts = crate::commands::generate::GenOptions::new(counties as usize, seed);
    opts.divisible_only = divisible_only;
    match crate::commands::generate::generate_with(&opts, out) {
        Ok(s) => {
            eprintln!(
                "{}",
                crate::t!(
                    lang,
                    "generate-wrote",
                    path = out.display(),
                    counties = s.counties,
                    projects = s.projects,
                    pools = s.pools,
                    plan = s.plan_mu,
                    demand = s.demand_mu
                )
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("{}", e.render(lang));
            exit_code(&e)
        }
    }
}

/// The README's exit code of each error (every kind chooses its own).
fn exit_code(e: &GenerateError) -> u8 {
    match e {
        GenerateError::NoCounties | GenerateError::TooManyCounties => exit::USAGE,
        // The generator could not prove its own scenario feasible: the table's nearest row is
        // a failed solve (no scenario is written).
        GenerateError::EarmarkOutOfReach { .. } | GenerateError::FloorOutOfReach { .. } => {
            exit::SOLVER
        }
        GenerateError::Write(_) => exit::IO,
    }
}

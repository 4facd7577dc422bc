//! `landquota generate`: a synthetic scenario of any size.

use crate::i18n::Lang;
use crate::report::exit;
use std::path::Path;

pub(super) fn run(counties: u32, seed: u64, out: &Path, divisible_only: bool, lang: Lang) -> u8 {
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
            eprintln!(
                "{}",
                crate::t!(
                    lang,
                    "error",
                    message = crate::t!(lang, "cannot-write", error = e)
                )
            );
            exit::IO
        }
    }
}

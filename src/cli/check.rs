//! `landquota check`: validate only; list every problem found.

use super::common::load;
use crate::i18n::Lang;
use crate::report::exit;
use std::path::Path;

pub(super) fn run(scenario: &Path, set: &[String], lang: Lang) -> u8 {
    match load(scenario, set, lang) {
        Ok(sc) => {
            for n in &sc.read_notes {
                println!("{}", n.render(lang));
            }
            println!(
                "{}",
                crate::t!(
                    lang,
                    "check-ok",
                    path = scenario.display(),
                    pools = sc.pools.len(),
                    counties = sc.counties.len(),
                    projects = sc.projects.len(),
                    plan = crate::report::r6(sc.plan_total_mu())
                )
            );
            exit::OK
        }
        Err(code) => code,
    }
}

//! `landquota check`: validate only; list every problem found. How each table was read (the
//! notes: encodings, columns, merged cells, names) is printed whether the scenario is valid or
//! not: a wrong reading is often the cause of the problems.

use crate::i18n::Lang;
use crate::report::exit;
use crate::scenario::{self, Diagnostics};
use std::path::Path;

pub(super) fn run(scenario: &Path, set: &[String], lang: Lang) -> u8 {
    let mut edits = Vec::new();
    let mut bad = Diagnostics::default();
    for arg in set {
        match scenario::overrides::parse_set(arg) {
            Ok(e) => edits.push(e),
            Err(d) => bad.push(d),
        }
    }
    let (result, notes) = scenario::from_path_noting(scenario, &edits);
    // A valid scenario's notes go to stdout with the summary; an invalid one's to stderr,
    // before its problems (a failed check prints nothing on stdout).
    let notes: String = notes.iter().map(|n| n.render(lang) + "\n").collect();
    // A malformed --set does not hide the scenario's own problems: all are listed at once.
    match result {
        Ok(sc) if bad.is_empty() => {
            print!("{notes}");
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
        Ok(_) => {
            eprint!("{notes}");
            eprintln!("{}", bad.render(lang));
            exit::INVALID
        }
        Err(d) => {
            bad.extend(d);
            eprint!("{notes}");
            eprintln!("{}", bad.render(lang));
            exit::INVALID
        }
    }
}

//! `landquota explain`: the full story of one project or county.

use super::common::{prepare, print_out};
use crate::report::exit;
use std::path::Path;

pub(super) fn run(
    scenario: &Path,
    set: &[String],
    project: Option<&str>,
    county: Option<&str>,
    backend: &str,
    lang: crate::i18n::Lang,
) -> u8 {
    let (sc, b) = match prepare(scenario, set, backend, lang) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let opts = crate::commands::solve::Options {
        explain: true,
        compare_pro_rata: false,
    };
    let spinner = super::common::Spinner::start(lang);
    let report = crate::commands::solve::run(&sc, b.as_ref(), opts);
    drop(spinner);
    let text = match (project, county) {
        (Some(id), _) => crate::render::story::project(&sc, &report, id, lang),
        (_, Some(id)) => crate::render::story::county(&sc, &report, id, lang),
        _ => unreachable!("clap requires one of them"),
    };
    match text {
        Ok(t) => {
            print_out(&t);
            report.status.exit_code()
        }
        Err(msg) => {
            eprintln!("{}", crate::t!(lang, "error", message = msg.render(lang)));
            exit::INVALID
        }
    }
}

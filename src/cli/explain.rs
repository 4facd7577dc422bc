//! `landquota explain`: the full story of one project or county, or its rows as JSON.

use super::common::{prepare, print_out};
use crate::report::exit;
use crate::scenario::{ProjectId, Scenario};
use std::path::Path;

pub(super) fn run(
    scenario: &Path,
    set: &[String],
    project: Option<&str>,
    county: Option<&str>,
    json: bool,
    backend: &str,
    lang: crate::i18n::Lang,
) -> u8 {
    let (sc, b) = match prepare(scenario, set, backend, lang) {
        Ok(x) => x,
        Err(code) => return code,
    };
    // The lines shown get their counterfactual reasons whatever the scenario's size.
    let lines = match shown(&sc, project, county) {
        Ok(lines) => lines,
        Err(msg) => {
            eprintln!("{}", crate::t!(lang, "error", message = msg.render(lang)));
            return exit::INVALID;
        }
    };
    let opts = crate::commands::solve::Options {
        explain: true,
        // For "why less than the pro-rata split".
        compare_pro_rata: true,
    };
    let spinner = super::common::Spinner::start(lang);
    let report = crate::commands::solve::run_for_lines(&sc, b.as_ref(), opts, &lines);
    drop(spinner);
    let text = match (project, county, json) {
        (Some(id), _, false) => crate::render::story::project(&sc, &report, id, lang),
        (_, Some(id), false) => crate::render::story::county(&sc, &report, id, lang),
        (Some(id), _, true) => crate::render::story::project_json(&sc, &report, id),
        (_, Some(id), true) => crate::render::story::county_json(&sc, &report, id),
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

/// The lines the story shows: the project, or every project of the county.
fn shown(
    sc: &Scenario,
    project: Option<&str>,
    county: Option<&str>,
) -> Result<Vec<ProjectId>, crate::i18n::Msg> {
    use crate::render::story::find;
    match (project, county) {
        (Some(id), _) => {
            let entries: Vec<(&str, &str)> = sc
                .projects
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str()))
                .collect();
            let i = find(crate::msg!("what-project"), id, &entries)?;
            Ok(vec![ProjectId(i as u32)])
        }
        (_, Some(id)) => {
            let entries: Vec<(&str, &str)> = sc
                .counties
                .iter()
                .map(|c| (c.id.as_str(), c.name.as_str()))
                .collect();
            let c = find(crate::msg!("what-county"), id, &entries)?;
            Ok(sc
                .project_ids()
                .filter(|&p| sc.project(p).county.idx() == c)
                .collect())
        }
        _ => Ok(Vec::new()),
    }
}

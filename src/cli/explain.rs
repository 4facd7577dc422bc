//! `landquota explain`: the full story of one project or county, its rows as JSON, or, with
//! `--county ID --format html|xlsx`, the county's document to issue (分解下达).

use super::ExplainFormat;
use super::common::{cannot_write, default_out, prepare, print_out, refuse_overwrite};
use crate::report::exit;
use crate::scenario::{ProjectId, Scenario};
use std::path::{Path, PathBuf};

#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    scenario: &Path,
    set: &[String],
    project: Option<&str>,
    county: Option<&str>,
    format: ExplainFormat,
    out: Option<PathBuf>,
    backend: &str,
    lang: crate::i18n::Lang,
) -> u8 {
    let document = matches!(format, ExplainFormat::Html | ExplainFormat::Xlsx);
    if document && county.is_none() {
        eprintln!(
            "{}",
            crate::t!(
                lang,
                "error",
                message = crate::t!(lang, "explain-document-county")
            )
        );
        return exit::USAGE;
    }
    if out.is_some() && !document {
        eprintln!(
            "{}",
            crate::t!(
                lang,
                "error",
                message = crate::t!(lang, "explain-out-document")
            )
        );
        return exit::USAGE;
    }
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
    let mut report = crate::commands::solve::run_for_lines(&sc, b.as_ref(), opts, &lines);
    drop(spinner);
    report.overrides = set.to_vec();
    let json = format == ExplainFormat::Json;
    let text = match (project, county, json) {
        (Some(id), _, false) => crate::render::story::project(&sc, &report, id, lang),
        (_, Some(id), false) => crate::render::story::county(&sc, &report, id, lang),
        (Some(id), _, true) => crate::render::story::project_json(&sc, &report, id),
        (_, Some(id), true) => crate::render::story::county_json(&sc, &report, id),
        _ => unreachable!("clap requires one of them"),
    };
    match text {
        Ok(t) => {
            if let (true, Some(asked)) = (document, county) {
                // The story found the county (by id or name, or said which it could not):
                // its id names the file.
                let Some(c) = sc
                    .counties
                    .iter()
                    .find(|c| c.id == asked || c.name == asked)
                else {
                    print_out(&t);
                    return report.status.exit_code();
                };
                if let Err(code) = write_document(&sc, &report, &c.id, format, out, lang) {
                    return code;
                }
            } else {
                print_out(&t);
            }
            report.status.exit_code()
        }
        Err(msg) => {
            eprintln!("{}", crate::t!(lang, "error", message = msg.render(lang)));
            exit::INVALID
        }
    }
}

/// `DIR/<county id>.html` or `DIR/<county id>.xlsx`.
fn write_document(
    sc: &crate::scenario::Scenario,
    report: &crate::report::Report,
    id: &str,
    format: ExplainFormat,
    out: Option<PathBuf>,
    lang: crate::i18n::Lang,
) -> Result<(), u8> {
    use crate::render::html::{county, plan};
    let dir = out.unwrap_or_else(|| default_out(&report.scenario));
    let stem = plan::county_file(id);
    let stem = stem.trim_end_matches(".html");
    let (path, bytes) = match format {
        ExplainFormat::Html => {
            let cx = crate::commands::solve::ProRata::of(sc).page_context(sc);
            let page = county::render(report, &cx, &plan::Extras::default(), id, lang);
            let Some(page) = page else {
                // No plan: the story says why, on the terminal.
                eprintln!(
                    "{}",
                    crate::render::story::county(sc, report, id, lang).unwrap_or_default()
                );
                return Err(report.status.exit_code());
            };
            (dir.join(format!("{stem}.html")), page.into_bytes())
        }
        ExplainFormat::Xlsx => {
            let path = dir.join(format!("{stem}.xlsx"));
            let bytes = crate::render::xlsx::county_workbook(report, id, lang)
                .map_err(|e| cannot_write(&path, &e, lang))?;
            (path, bytes)
        }
        // The story and its rows are printed, not written (no document).
        ExplainFormat::Table | ExplainFormat::Json => return Ok(()),
    };
    refuse_overwrite(sc, std::slice::from_ref(&path), lang)?;
    crate::fsutil::write_atomic(&path, &bytes).map_err(|e| cannot_write(&path, &e, lang))?;
    eprintln!("{}", crate::t!(lang, "wrote", path = path.display()));
    Ok(())
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

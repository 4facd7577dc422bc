//! `landquota explain`: the full story of one project or county; with `--county ID --format
//! html|xlsx`, the county's document to issue (分解下达) instead.

use super::ExplainFormat;
use super::common::{cannot_write, default_out, prepare, print_out, refuse_overwrite};
use crate::report::exit;
use std::path::{Path, PathBuf};

pub(super) fn run(
    scenario: &Path,
    set: &[String],
    project: Option<&str>,
    county: Option<&str>,
    document: Option<(ExplainFormat, Option<PathBuf>)>,
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
    let mut report = crate::commands::solve::run(&sc, b.as_ref(), opts);
    drop(spinner);
    report.overrides = set.to_vec();
    let text = match (project, county) {
        (Some(id), _) => crate::render::story::project(&sc, &report, id, lang),
        (_, Some(id)) => crate::render::story::county(&sc, &report, id, lang),
        _ => unreachable!("clap requires one of them"),
    };
    match text {
        Ok(t) => {
            if let (Some((format, out)), Some(asked)) = (document, county) {
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
    };
    refuse_overwrite(sc, std::slice::from_ref(&path), lang)?;
    crate::fsutil::write_atomic(&path, &bytes).map_err(|e| cannot_write(&path, &e, lang))?;
    eprintln!("{}", crate::t!(lang, "wrote", path = path.display()));
    Ok(())
}

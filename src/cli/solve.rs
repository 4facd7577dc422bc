//! `landquota solve`: solve a scenario and write the plan in the format asked for.

use super::common::{cannot_write, default_out, prepare, print_json, print_out, refuse_overwrite};
use super::{Compare, Format};
use crate::commands::solve::ProRata;
use crate::i18n::Lang;
use crate::report::Report;
use crate::scenario::Scenario;
use std::path::{Path, PathBuf};

#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    scenario: &Path,
    set: &[String],
    format: Format,
    out: Option<&Path>,
    all_projects: bool,
    backend: &str,
    compare: Option<Compare>,
    no_explain: bool,
    time_limit: Option<std::time::Duration>,
    lang: Lang,
) -> u8 {
    let (sc, b) = match prepare(scenario, set, backend, lang) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let opts = crate::commands::solve::Options {
        explain: !no_explain,
        compare_pro_rata: compare == Some(Compare::ProRata),
    };
    // The pro-rata split, once, for every output that shows it.
    let pro_rata = (opts.compare_pro_rata || matches!(format, Format::Html | Format::Xlsx))
        .then(|| ProRata::of(&sc));
    let deadline = time_limit.map(|l| std::time::Instant::now() + l);
    let spinner = super::common::Spinner::start(lang);
    let (report, _) = blocklp::deadline::with_deadline(deadline, || {
        crate::commands::solve::run_with(&sc, b.as_ref(), opts, pro_rata.as_ref())
    });
    drop(spinner);
    if let Err(code) = emit(
        &sc,
        &report,
        format,
        out,
        all_projects,
        pro_rata.as_ref(),
        lang,
    ) {
        return code;
    }
    report.status.exit_code()
}

fn emit(
    sc: &Scenario,
    report: &Report,
    format: Format,
    out: Option<&Path>,
    all_projects: bool,
    pro_rata: Option<&ProRata>,
    lang: Lang,
) -> Result<(), u8> {
    let io = |path: &Path, e: &dyn std::fmt::Display| cannot_write(path, e, lang);
    let wrote = |p: &Path| eprintln!("{}", crate::t!(lang, "wrote", path = p.display()));
    let dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_out(&report.scenario));
    match format {
        Format::Table => {
            // plan.txt is read with `cat`: the same filter as the terminal.
            let text = crate::render::text::terminal(&crate::render::table::render(
                report,
                all_projects,
                lang,
            ))
            .into_owned();
            // With --out the table also goes to a file; without, it is only printed.
            if out.is_some() {
                let path = dir.join("plan.txt");
                refuse_overwrite(sc, std::slice::from_ref(&path), lang)?;
                crate::fsutil::write_atomic(&path, text.as_bytes()).map_err(|e| io(&path, &e))?;
                wrote(&path);
            }
            print_out(&text);
        }
        Format::Json => {
            let json = report.to_json();
            if out.is_some() {
                let path = dir.join("result.json");
                refuse_overwrite(sc, std::slice::from_ref(&path), lang)?;
                crate::fsutil::write_atomic(&path, json.as_bytes()).map_err(|e| io(&path, &e))?;
            }
            print_json(&json);
        }
        Format::Csv => {
            let files: Vec<(PathBuf, Vec<u8>)> = crate::render::csv::tables(report, lang)
                .map_err(|e| io(&dir, &e))?
                .into_iter()
                .map(|(n, bytes)| (dir.join(n), bytes))
                .collect();
            let names: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
            refuse_overwrite(sc, &names, lang)?;
            // One set: a failure part-way leaves the previous run's files, not a mix of runs.
            crate::fsutil::write_set_atomic(&files).map_err(|e| io(&dir, &e))?;
            for p in &names {
                wrote(p);
            }
        }
        Format::Html => {
            let path = dir.join("plan.html");
            refuse_overwrite(sc, std::slice::from_ref(&path), lang)?;
            let cx = pro_rata.map(|p| p.page_context(sc)).unwrap_or_default();
            let page = crate::render::html::plan::render(report, &cx, lang);
            crate::fsutil::write_atomic(&path, page.as_bytes()).map_err(|e| io(&path, &e))?;
            wrote(&path);
        }
        Format::Xlsx => {
            let path = dir.join(crate::render::xlsx::FILE_NAME);
            refuse_overwrite(sc, std::slice::from_ref(&path), lang)?;
            let by_county = pro_rata.map(|p| p.by_county(sc)).unwrap_or_default();
            let bytes = crate::render::xlsx::workbook(report, &by_county, lang)
                .map_err(|e| io(&path, &e))?;
            crate::fsutil::write_atomic(&path, &bytes).map_err(|e| io(&path, &e))?;
            wrote(&path);
        }
    }
    Ok(())
}

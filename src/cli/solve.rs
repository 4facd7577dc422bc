//! `landquota solve`: solve a scenario and write the plan in the format asked for.

use super::common::{cannot_write, default_out, prepare, print_json, print_out, refuse_overwrite};
use super::{Compare, Format};
use crate::commands::solve::ProRata;
use crate::i18n::Lang;
use crate::report::Report;
use crate::scenario::Scenario;
use std::path::{Path, PathBuf};

/// What to write, and where.
pub(super) struct Outputs<'a> {
    pub format: Format,
    pub out: Option<&'a Path>,
    pub all_projects: bool,
    /// `--previous FILE`: the previous plan to compare with.
    pub previous: Option<&'a Path>,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    scenario: &Path,
    set: &[String],
    outputs: Outputs,
    backend: &str,
    compare: Option<Compare>,
    no_explain: bool,
    time_limit: Option<std::time::Duration>,
    lang: Lang,
) -> u8 {
    let Outputs {
        format,
        out,
        all_projects,
        previous,
    } = outputs;
    let (sc, b) = match prepare(scenario, set, backend, lang) {
        Ok(x) => x,
        Err(code) => return code,
    };
    // The previous plan is read before solving: a bad file is reported at once.
    let previous = match previous.map(|p| super::previous::read(p, lang)).transpose() {
        Ok(p) => p,
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
    let (mut report, _) = blocklp::deadline::with_deadline(deadline, || {
        crate::commands::solve::run_with(&sc, b.as_ref(), opts, pro_rata.as_ref())
    });
    // A what-if says so in every output: the edits exactly as given.
    report.overrides = set.to_vec();
    if let Some(prev) = &previous {
        super::previous::apply(&mut report, prev);
    }
    drop(spinner);
    if let Err(code) = emit(
        &sc,
        &report,
        Outputs {
            format,
            out,
            all_projects,
            previous: None,
        },
        previous.as_ref(),
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
    outputs: Outputs,
    previous: Option<&crate::render::html::plan::Previous>,
    pro_rata: Option<&ProRata>,
    lang: Lang,
) -> Result<(), u8> {
    let Outputs {
        format,
        out,
        all_projects,
        ..
    } = outputs;
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
            let cx = pro_rata.map(|p| p.page_context(sc)).unwrap_or_default();
            let files = html_pages(report, &cx, previous, &dir, lang);
            let names: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
            refuse_overwrite(sc, &names, lang)?;
            // One set: plan.html and its county pages always come from the same run.
            crate::fsutil::write_set_atomic(&files).map_err(|e| io(&dir, &e))?;
            wrote(&names[0]);
            if names.len() > 1 {
                wrote(&dir.join("counties"));
            }
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

/// plan.html and, with a plan, one page per county under `counties/` (分解下达), linked from it.
fn html_pages(
    report: &Report,
    cx: &crate::render::html::plan::Context,
    previous: Option<&crate::render::html::plan::Previous>,
    dir: &Path,
    lang: Lang,
) -> Vec<(PathBuf, Vec<u8>)> {
    use crate::render::html::{county, plan};
    let counties: Vec<(PathBuf, Vec<u8>)> = report
        .counties
        .iter()
        .filter_map(|c| {
            let ex = plan::Extras {
                county_pages: true,
                previous: previous.cloned(),
            };
            county::render(report, cx, &ex, &c.id, lang).map(|page| {
                (
                    dir.join("counties").join(plan::county_file(&c.id)),
                    page.into_bytes(),
                )
            })
        })
        .collect();
    let ex = plan::Extras {
        county_pages: !counties.is_empty(),
        previous: previous.cloned(),
    };
    let mut files = vec![(
        dir.join("plan.html"),
        plan::render_with(report, cx, &ex, lang).into_bytes(),
    )];
    files.extend(counties);
    files
}

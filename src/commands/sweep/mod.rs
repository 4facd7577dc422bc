//! Sweeps: many what-if variants of one base scenario, run in parallel, summarised in one table.
//!
//! A sweep file names a base scenario and how to vary it: named `[[variants]]` (each a set of
//! overrides), a `[[grid]]` over several paths (each a list of values or a range with a step;
//! the variants are the Cartesian product), and `[random]` draws (uniform in ranges, from a
//! seed). Variant order, and so every output's row order, is: named variants, then the grid in
//! row-major order (first axis slowest), then the random draws.
//!
//! Outputs in `--out DIR`: `results.jsonl` (one line per finished variant, appended as variants
//! finish, so an interrupted sweep keeps its work and `--resume` skips it), then, written by
//! [`out`] from the collected results: `summary.csv` and `summary.json` (one row
//! per variant, in variant order, one column per varied path), `counties.csv` (one row per
//! variant × county), `sweep.html` (results against each varied parameter) — all
//! byte-identical whatever the thread count — and `timings.csv` (build and solve seconds,
//! which vary from run to run).
//!
//! A sweep too big for one machine runs in shards (`--shard K/N`, e.g. the tasks of a Slurm
//! array), each appending to its own journal, and `--merge` writes the outputs from the journals
//! with the same [`out::write_outputs`] as a single run: see [`shard`].

pub mod error;
pub mod file;
pub mod journal;
pub mod out;
pub mod shard;
pub mod status;

use crate::commands::solve::{Options, run_timed};
use crate::fsutil::write_atomic;
use crate::i18n::Lang;
use crate::report::{Grant, Report, Status, r6};
use crate::scenario::diag::Diagnostics;
use crate::scenario::load::{self, RawScenario};
use crate::scenario::overrides::Edit;
use crate::scenario::validate;
use blocklp::Backend;
pub use error::SweepError;
use out::{CountyGrant, county_grants};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
pub use status::VariantStatus;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One variant: a name and its overrides, in order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Variant {
    pub index: usize,
    pub name: String,
    pub overrides: Vec<(String, String)>,
}

impl Variant {
    /// The overrides as one cell: `path=value; path=value`.
    pub fn overrides_text(&self) -> String {
        self.overrides
            .iter()
            .map(|(p, v)| format!("{p}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

pub struct Sweep {
    pub name: String,
    pub base: PathBuf,
    /// The sweep file's hash, for the journals' [`journal::Fingerprint`].
    pub source_hash: String,
    pub variants: Vec<Variant>,
    pub layout: Layout,
}

/// Where each kind of variant sits in `variants` (named, then grid, then random draws) and
/// which paths the grid and the draws vary: what the sweep page plots against.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub named: usize,
    pub grid: usize,
    pub random: usize,
    pub grid_axes: Vec<String>,
    pub random_paths: Vec<String>,
}

pub use file::{MAX_VARIANTS, read};

/// One row of the summary. Everything here is deterministic; timings are kept apart.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Row {
    pub index: usize,
    pub name: String,
    pub overrides: String,
    /// optimal, infeasible, invalid (an override or the varied scenario is invalid), error...
    pub status: VariantStatus,
    pub objective: Option<f64>,
    pub weighted_mu: Option<f64>,
    pub granted_mu: Option<f64>,
    pub by_tier_mu: BTreeMap<String, f64>,
    pub by_pool_mu: BTreeMap<String, f64>,
    /// Pool marginal values: one number, or "more/less" at a degenerate point.
    pub pool_values: BTreeMap<String, String>,
    pub full: usize,
    pub partial: usize,
    pub none: usize,
    /// Conflicting rules of an infeasible variant, or the error.
    pub message: String,
    /// Multi-year plans: mu granted in each year.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_year_mu: BTreeMap<String, f64>,
    /// Scenarios with trading: mu traded per indicator (absent: no trading rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traded_mu: Option<BTreeMap<String, f64>>,
}

/// A finished variant, as logged in the journal (`results.jsonl`, or a shard's): what every
/// output is written from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Done {
    pub variant: Variant,
    pub row: Row,
    pub build_s: f64,
    pub solve_s: f64,
    /// The value at each varied path this variant ran with (override or base value).
    #[serde(default)]
    pub varied: Vec<(String, String)>,
    /// The scenario's pools in declared order: (id, name).
    #[serde(default)]
    pub pools: Vec<(String, String)>,
    /// Every county's grant, for counties.csv (empty without a plan).
    #[serde(default)]
    pub counties: Vec<CountyGrant>,
    /// What the result depends on besides the overrides (absent in journals written before
    /// fingerprints: such records are neither resumed nor merged).
    #[serde(default)]
    pub fingerprint: Option<journal::Fingerprint>,
}

pub struct SweepOptions {
    pub out: PathBuf,
    pub threads: Option<usize>,
    pub keep_allocations: bool,
    pub resume: bool,
    pub explain: bool,
    /// Draw a progress bar (only when stderr is a terminal).
    pub progress: bool,
    /// Language of the sweep page (sweep.html).
    pub lang: Lang,
    /// `--time-limit`: for each variant.
    pub time_limit: Option<std::time::Duration>,
}

pub struct Outcome {
    pub rows: Vec<Row>,
    pub skipped: usize,
    pub seconds: f64,
    /// A partial last line removed from the journal before resuming (a run cut short).
    pub dropped_partial: bool,
    /// Records of another sweep file, base or options (or a variant recorded twice) removed
    /// from the journal before resuming: their variants are run again.
    pub dropped_outdated: usize,
}

/// Runs every variant; a variant that fails is recorded with its error and the rest go on.
pub fn run_sweep(
    sweep: &Sweep,
    backend: &dyn Backend,
    opts: &SweepOptions,
) -> Result<Outcome, SweepError> {
    run_selected(sweep, backend, opts, None)
}

/// Runs the whole sweep (`shard` None: journal `results.jsonl`, then the outputs) or one shard
/// of it (only its variants, into its own journal; `--merge` writes the outputs later).
fn run_selected(
    sweep: &Sweep,
    backend: &dyn Backend,
    opts: &SweepOptions,
    shard: Option<shard::Shard>,
) -> Result<Outcome, SweepError> {
    let started = std::time::Instant::now();
    std::fs::create_dir_all(&opts.out).map_err(|e| SweepError::create_dir(&opts.out, e))?;
    let log_path = match shard {
        Some(s) => s.journal(&opts.out),
        None => opts.out.join("results.jsonl"),
    };
    let mine = shard.map(|s| s.variants(sweep.variants.len()));
    if let Some(dir) = log_path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| SweepError::create_dir(dir, e))?;
    }
    let base = load::load(&sweep.base);
    let fingerprint = journal::Fingerprint::new(
        sweep,
        &journal::base_bytes(
            base.as_ref().map(|r| r.inputs.as_slice()).unwrap_or(&[]),
            &sweep.base,
        ),
        backend.name(),
        opts.explain,
    );
    let mut done: BTreeMap<usize, Done> = BTreeMap::new();
    let mut dropped_partial = false;
    let mut dropped_outdated = 0;
    if opts.resume {
        let cannot = |e: std::io::Error| SweepError::ResumeUnreadable {
            error: e.to_string(),
        };
        // Cut back to the last complete line first, so that the next record starts a line of
        // its own; then every whole record of this sweep, base and options is kept.
        dropped_partial = journal::recover(&log_path).map_err(cannot)?;
        let parsed = journal::read(&log_path).map_err(cannot)?;
        let total = parsed.records.len();
        for d in parsed.records {
            if sweep.variants.get(d.variant.index) == Some(&d.variant)
                && d.fingerprint.as_ref() == Some(&fingerprint)
                && mine
                    .as_ref()
                    .is_none_or(|m| m.binary_search(&d.variant.index).is_ok())
            {
                done.insert(d.variant.index, d);
            }
        }
        // Records of another sweep file, base or options are redone, and leave the journal:
        // else a merge would find both (and refuse the mix).
        dropped_outdated = total - done.len();
        if dropped_outdated > 0 || parsed.partial > 0 {
            let mut text = String::new();
            for d in done.values() {
                text.push_str(
                    &serde_json::to_string(d)
                        .map_err(|e| SweepError::journal_write(&log_path, e))?,
                );
                text.push('\n');
            }
            write_atomic(&log_path, text.as_bytes())
                .map_err(|e| SweepError::journal_write(&log_path, e))?;
        }
    } else {
        let _ = std::fs::remove_file(&log_path);
    }
    let skipped = done.len();
    let todo: Vec<&Variant> = sweep
        .variants
        .iter()
        .filter(|v| !done.contains_key(&v.index))
        .filter(|v| {
            mine.as_ref()
                .is_none_or(|m| m.binary_search(&v.index).is_ok())
        })
        .collect();
    let log =
        journal::Journal::open(&log_path).map_err(|e| SweepError::journal_write(&log_path, e))?;
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(todo.len() as u64),
        if opts.progress {
            indicatif::ProgressDrawTarget::stderr()
        } else {
            indicatif::ProgressDrawTarget::hidden()
        },
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .map_err(|e| SweepError::Threads {
            error: e.to_string(),
        })?;
    let run_opts = Options {
        explain: opts.explain,
        compare_pro_rata: false,
    };
    // Variants share the base's rows: a backend that can start from the base's solution
    // (the decomposition, from its prices) gets it once, before the variants fan out.
    let warm = base
        .as_ref()
        .ok()
        .and_then(|raw| warm_backend(raw, backend));
    let backend: &dyn Backend = warm.as_deref().unwrap_or(backend);
    let varied = out::varied_paths(sweep);
    let fresh: Vec<Done> = pool.install(|| {
        todo.par_iter()
            .filter_map(|v| {
                // After a failed write (a full disk) no other result could be kept either.
                if log.stopped() {
                    return None;
                }
                let deadline = opts.time_limit.map(|l| std::time::Instant::now() + l);
                let d = blocklp::deadline::with_deadline(deadline, || {
                    run_variant(
                        &base,
                        v,
                        &varied,
                        backend,
                        run_opts,
                        opts.keep_allocations.then_some(opts.out.as_path()),
                    )
                });
                let d = Done {
                    fingerprint: Some(fingerprint.clone()),
                    ..d
                };
                log.append(&d);
                bar.inc(1);
                Some(d)
            })
            .collect()
    });
    bar.finish_and_clear();
    let ran = fresh.len();
    for d in fresh {
        done.insert(d.variant.index, d);
    }
    let unrecorded = log.failed();
    if let Some((_, _, error)) = unrecorded.first() {
        // The run fails: what is not in the journal would be lost to --resume and --merge, and
        // a summary without it would not be the sweep's.
        return Err(SweepError::RecordsLost {
            journal: log_path.clone(),
            error: error.clone(),
            kept: skipped + ran - unrecorded.len(),
            unrun: todo.len() - ran,
            names: unrecorded.into_iter().map(|(_, n, _)| n).collect(),
        });
    }
    let rows: Vec<Row> = done.values().map(|d| d.row.clone()).collect();
    if shard.is_none() {
        let all: Vec<&Done> = done.values().collect();
        out::write_outputs(&opts.out, sweep, &all, opts.lang).map_err(|e| SweepError::Summary {
            error: e.to_string(),
        })?;
    }
    Ok(Outcome {
        rows,
        skipped,
        seconds: started.elapsed().as_secs_f64(),
        dropped_partial,
        dropped_outdated,
    })
}

fn run_variant(
    base: &Result<RawScenario, Diagnostics>,
    v: &Variant,
    varied: &[String],
    backend: &dyn Backend,
    opts: Options,
    keep: Option<&Path>,
) -> Done {
    let failed = |status: VariantStatus, message: String| Done {
        variant: v.clone(),
        row: Row {
            index: v.index,
            name: v.name.clone(),
            overrides: v.overrides_text(),
            status,
            objective: None,
            weighted_mu: None,
            granted_mu: None,
            by_tier_mu: BTreeMap::new(),
            by_pool_mu: BTreeMap::new(),
            pool_values: BTreeMap::new(),
            full: 0,
            partial: 0,
            none: 0,
            message,
            by_year_mu: BTreeMap::new(),
            traded_mu: None,
        },
        build_s: 0.0,
        solve_s: 0.0,
        varied: Vec::new(),
        pools: Vec::new(),
        counties: Vec::new(),
        fingerprint: None,
    };
    let mut raw = match base {
        Ok(r) => r.clone(),
        Err(d) => return failed(VariantStatus::Invalid, one_line(d)),
    };
    // A problem with an edit names the variant (it came from the sweep file, not a `--set`).
    let origin = crate::scenario::diag::Origin::file(Path::new(&format!("variant {}", v.name)));
    let edits: Vec<Edit> = v
        .overrides
        .iter()
        .map(
            |(p, val)| match crate::scenario::overrides::parse_set(&format!("{p}={val}")) {
                Ok(e) => e.with_origin(origin.clone()),
                Err(_) => Edit::Set {
                    path: p.clone(),
                    value: toml::Value::String(val.clone()),
                    origin: origin.clone(),
                },
            },
        )
        .collect();
    let problems = crate::scenario::overrides::apply(&mut raw, &edits);
    // A relative edit shows the number it produced only when the edits applied.
    let applied = problems.is_empty();
    raw.problems.extend(problems);
    let varied: Vec<(String, String)> = varied
        .iter()
        .map(|p| {
            let own = v
                .overrides
                .iter()
                .find(|(k, _)| k == p)
                .map(|(_, x)| x.clone());
            (p.clone(), out::ran_with(&raw, p, own, applied))
        })
        .collect();
    let sc = match validate::validate(&raw) {
        Ok(sc) => sc,
        Err(d) => {
            return Done {
                varied,
                ..failed(VariantStatus::Invalid, one_line(&d))
            };
        }
    };
    // A panic in one variant must not take the others down.
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_timed(&sc, backend, opts)
    }));
    let (report, t) = match ran {
        Ok(r) => r,
        Err(_) => {
            return Done {
                varied,
                ..failed(
                    VariantStatus::Error,
                    "internal error (panic) while solving this variant".into(),
                )
            };
        }
    };
    let mut row = row_of(v, &report);
    if let Some(dir) = keep {
        // `read` accepts only safe names; a sweep built another way is checked here too, so
        // that nothing is written outside `variants/`. A file not written is an error of the
        // variant, not silence.
        let written = match file::unsafe_name(&v.name) {
            Some(why) => Err(format!("no file written for this variant: {why}")),
            None => {
                let file = dir.join("variants").join(format!("{}.json", v.name));
                write_atomic(&file, report.to_json().as_bytes())
                    .map_err(|e| format!("cannot write the variant's result: {e}"))
            }
        };
        if let Err(e) = written {
            row.message = format!("{} (solved: {}) {}", e, row.status, row.message)
                .trim_end()
                .to_string();
            row.status = VariantStatus::Error;
        }
    }
    Done {
        variant: v.clone(),
        row,
        build_s: t.build_s,
        solve_s: t.solve_s,
        varied,
        pools: sc
            .pools
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect(),
        counties: county_grants(&report),
        fingerprint: None,
    }
}

fn warm_backend(raw: &RawScenario, backend: &dyn Backend) -> Option<Box<dyn Backend>> {
    let sc = validate::validate(raw).ok()?;
    let (model, _, _) = crate::model::solve::final_model(&sc, backend).ok()?;
    backend.warm_for(&model)
}

fn one_line(d: &Diagnostics) -> String {
    d.iter()
        .map(|x| x.to_string().replace('\n', " "))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn row_of(v: &Variant, r: &Report) -> Row {
    let status = VariantStatus::Solved(r.status);
    let count = |g: Grant| r.projects.iter().filter(|p| p.status == g).count();
    let message = if r.status == Status::Infeasible {
        r.conflicts
            .iter()
            .map(|c| format!("{}.{}: {}", c.rule, c.id, c.suggestion))
            .collect::<Vec<_>>()
            .join(" | ")
    } else {
        r.message
            .as_ref()
            .map(|m| m.to_string())
            .unwrap_or_default()
    };
    Row {
        index: v.index,
        name: v.name.clone(),
        overrides: v.overrides_text(),
        status,
        objective: r.objective.map(r6),
        weighted_mu: r.weighted_mu.filter(|_| r.objective.is_some()).map(r6),
        granted_mu: r.objective.map(|_| r6(r.granted_mu)),
        by_tier_mu: r
            .by_tier
            .iter()
            .map(|t| (t.tier.to_string(), r6(t.granted_mu)))
            .collect(),
        by_pool_mu: r
            .pools
            .iter()
            .map(|p| (p.id.clone(), r6(p.used_mu)))
            .collect(),
        pool_values: r
            .pools
            .iter()
            .filter(|p| p.marginal_value_more.is_some() || p.marginal_value_less.is_some())
            .map(|p| {
                let text = match (
                    p.marginal_value,
                    p.marginal_value_more,
                    p.marginal_value_less,
                ) {
                    (Some(x), _, _) => format!("{}", r6(x)),
                    (None, m, l) => format!(
                        "{}/{}",
                        m.map(|x| r6(x).to_string()).unwrap_or("-".into()),
                        l.map(|x| r6(x).to_string()).unwrap_or("-".into())
                    ),
                };
                (p.id.clone(), text)
            })
            .collect(),
        full: count(Grant::Full),
        partial: count(Grant::Partial),
        none: count(Grant::None),
        message,
        by_year_mu: r
            .years
            .iter()
            .map(|y| (y.year.to_string(), r6(y.granted_mu)))
            .collect(),
        traded_mu: r.trades.as_ref().map(|ts| {
            let mut m = BTreeMap::new();
            for t in ts {
                *m.entry(t.indicator.as_str().to_string()).or_insert(0.0) += t.mu;
            }
            m.into_iter().map(|(k, v)| (k, r6(v))).collect()
        }),
    }
}

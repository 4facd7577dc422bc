//! Build and solve times on generated scenarios (`src/commands/generate.rs`; figures in
//! BENCHMARKS.md).
//!
//!     cargo bench --bench solve                              # 10, 90, 400 counties
//!     LANDQUOTA_BENCH_NATION=1 cargo bench --bench solve     # also 2,844 counties
//!     cargo bench --bench solve -- build/                    # a filter (also applies to the
//!                                                            # solves timed once, below)
//!
//! Two measurements, as `run::run_timed` splits them:
//! - `build/<variant>/<counties>`: `model::build::build` (the LP from the validated scenario);
//! - `solve/<variant>/<counties>`: `model::solve_model` on a model from `final_model`
//!   (the backend's solve, snapping, and mapping the solution to an allocation); the model is
//!   built outside the timed part.
//!
//! `<variant>` is `mixed` (3% all-or-nothing and 2% minimum-share projects: one binary each)
//! or `divisible` (`--divisible-only`: a pure LP) with `tie_break = "list-order"` (the plain
//! solve); `divisible-fair` and `mixed-fair` are the same scenarios as generated, with the
//! default `tie_break = "fair"` (the priority solve, then the fair stage: `model::fair`), so
//! the two stand side by side. Scenarios are generated with seed 2025 into
//! a temporary directory and read back with `scenario::from_path`, as the CLI does. The backend
//! is the default (`auto`: the decomposition, for LPs and integer plans alike);
//! `LANDQUOTA_BENCH_BACKEND=minilp` measures the plain solver.
//!
//! The fair variants run at 10, 90 and 400 counties; `LANDQUOTA_BENCH_FAIR_LARGE=1` adds the
//! nation (with `LANDQUOTA_BENCH_NATION=1`).
//!
//! Criterion wants at least 10 samples; a solve that takes more than `ONE_SHOT_ABOVE_S`
//! seconds (plain minilp: about 1.5 minutes for the divisible LP at 400 counties, 6 minutes
//! with branch and bound) is instead timed once, outside criterion, and printed as
//! `solve/<variant>/<counties>: ... s (1 run)`. `LANDQUOTA_BENCH_MIXED_LARGE=0` skips the mixed
//! variant above 90 counties (for the plain solver, where it takes hours).
//!
//! The 2,844-county solves run last, each in a thread with a time limit
//! (`LANDQUOTA_BENCH_SOLVE_LIMIT_S`, default 600): past it the bench prints `> N s (stopped)`
//! and exits, since a solve cannot be interrupted (microlp is expected to take hours there;
//! see BENCHMARKS.md).

use blocklp::Backend;
use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use landquota::commands::backend;
use landquota::commands::generate::{GenOptions, generate_with};
use landquota::model::build::build;
use landquota::model::{final_model, solve_model};
use landquota::scenario::{self, Scenario, TieBreak};
use std::path::Path;
use std::time::{Duration, Instant};

const SEED: u64 = 2025;
/// Solves slower than this (seconds, first run) are timed once instead of sampled.
const ONE_SHOT_ABOVE_S: f64 = 5.0;

fn sizes() -> Vec<usize> {
    let mut s = vec![10, 90, 400];
    if flag("LANDQUOTA_BENCH_NATION") {
        s.push(2844);
    }
    s
}

fn load(dir: &Path, counties: usize, divisible_only: bool) -> Scenario {
    let opts = GenOptions {
        counties,
        seed: SEED,
        divisible_only,
    };
    let out = dir.join(landquota::commands::generate::default_name(&opts));
    generate_with(&opts, &out).expect("generate");
    scenario::from_path(&out).unwrap_or_else(|d| panic!("generated scenario invalid:\n{d}"))
}

fn solve_once(sc: &Scenario) -> f64 {
    let fm = final_model(sc, bench_backend().as_ref()).expect("model");
    let t = Instant::now();
    let solved =
        solve_model(sc, bench_backend().as_ref(), fm).expect("generated scenarios are feasible");
    let s = t.elapsed().as_secs_f64();
    std::hint::black_box(solved);
    s
}

fn flag(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| v != "0")
}

/// The filters given on the command line (`cargo bench --bench solve -- build/mixed`), so that
/// the solves timed outside criterion respect them too. Criterion options taking a value are
/// skipped.
fn filters() -> Vec<String> {
    const WITH_VALUE: &[&str] = &[
        "--save-baseline",
        "--baseline",
        "--baseline-lenient",
        "--load-baseline",
        "--sample-size",
        "--warm-up-time",
        "--measurement-time",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--profile-time",
        "--output-format",
        "--color",
        "--plotting-backend",
        "--format",
    ];
    let mut out = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if WITH_VALUE.contains(&a.as_str()) {
            args.next();
        } else if !a.starts_with('-') {
            out.push(a);
        }
    }
    out
}

fn wanted(filters: &[String], id: &str) -> bool {
    filters.is_empty() || filters.iter().any(|f| id.contains(f.as_str()))
}

fn benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mixed_large = std::env::var_os("LANDQUOTA_BENCH_MIXED_LARGE").is_none_or(|v| v != "0");
    let limit: f64 = std::env::var("LANDQUOTA_BENCH_SOLVE_LIMIT_S")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(600.0);
    let mut one_shot: Vec<String> = Vec::new();
    let mut nation: Vec<(String, Scenario)> = Vec::new();
    let filters = filters();
    for (variant, divisible, fair) in [
        ("divisible", true, false),
        ("mixed", false, false),
        ("divisible-fair", true, true),
        ("mixed-fair", false, true),
    ] {
        for n in sizes() {
            let mut sc = load(tmp.path(), n, divisible);
            if fair {
                if n > 400 && !flag("LANDQUOTA_BENCH_FAIR_LARGE") {
                    println!("solve/{variant}/{n}: skipped (LANDQUOTA_BENCH_FAIR_LARGE=1 adds it)");
                    continue;
                }
                sc.objective.tie_break = TieBreak::Fair;
            } else {
                // Generated scenarios take the default (fair): the plain solve beside it.
                sc.objective.tie_break = TieBreak::ListOrder;
            }
            let mut g = c.benchmark_group(format!("build/{variant}"));
            g.sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_millis(300))
                .measurement_time(Duration::from_secs(if n > 400 { 10 } else { 2 }));
            g.bench_with_input(BenchmarkId::from_parameter(n), &sc, |b, sc| {
                b.iter(|| build(sc))
            });
            g.finish();

            let name = format!("solve/{variant}/{n}");
            if !wanted(&filters, &name) {
                continue;
            }
            if !divisible && n > 90 && !mixed_large {
                println!("{name}: skipped (LANDQUOTA_BENCH_MIXED_LARGE=0)");
                continue;
            }
            if n > 1000 {
                nation.push((name, sc));
                continue;
            }
            let first = solve_once(&sc);
            if first > ONE_SHOT_ABOVE_S {
                let line = format!("{name}: {first:.2} s (1 run)");
                println!("{line}");
                one_shot.push(line);
                continue;
            }
            // Flat sampling: 10 samples of equal iteration counts (about 10 solves in all when
            // one solve takes a second or more).
            let mut g = c.benchmark_group(format!("solve/{variant}"));
            g.sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_millis(100))
                .measurement_time(Duration::from_secs_f64((10.0 * first).max(1.0)));
            g.bench_with_input(BenchmarkId::from_parameter(n), &sc, |b, sc| {
                b.iter_batched(
                    || final_model(sc, bench_backend().as_ref()).expect("model"),
                    |fm| solve_model(sc, bench_backend().as_ref(), fm).expect("feasible"),
                    BatchSize::PerIteration,
                )
            });
            g.finish();
        }
    }
    let mut stopped = false;
    for (name, sc) in nation {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(solve_once(&sc));
        });
        let line = match rx.recv_timeout(Duration::from_secs_f64(limit)) {
            Ok(s) => format!("{name}: {s:.2} s (1 run)"),
            Err(_) => {
                stopped = true;
                format!("{name}: > {limit:.0} s (stopped; LANDQUOTA_BENCH_SOLVE_LIMIT_S)")
            }
        };
        println!("{line}");
        one_shot.push(line);
        if stopped {
            break;
        }
    }
    if !one_shot.is_empty() {
        println!("\nTimed once (too slow for criterion's 10 samples):");
        for l in &one_shot {
            println!("  {l}");
        }
    }
    if stopped {
        // The solve still running in its thread cannot be interrupted.
        std::process::exit(0);
    }
}

criterion_group!(solve, benches);
criterion_main!(solve);

/// The backend under test: `auto` (the CLI's default: the decomposition where it applies), or
/// the one named by LANDQUOTA_BENCH_BACKEND (e.g. `minilp`, to measure the plain solver).
fn bench_backend() -> Box<dyn Backend> {
    let name = std::env::var("LANDQUOTA_BENCH_BACKEND").unwrap_or_else(|_| backend::DEFAULT.into());
    backend::by_name(&name).unwrap_or_else(|| panic!("unknown backend {name}"))
}

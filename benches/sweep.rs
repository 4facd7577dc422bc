//! Sweep throughput on a generated 90-county (province-size) scenario, with 1 and 2 threads
//! (figures in BENCHMARKS.md).
//!
//!     cargo bench --bench sweep
//!     LANDQUOTA_BENCH_SWEEP_COUNTIES=10 LANDQUOTA_BENCH_RUNS=3 cargo bench --bench sweep
//!
//! The sweep is written to a temporary directory: base = the scenario generated with 90
//! counties, seed 2025, and a `[[grid]]` of 16 values of the `provincial_urgent` pool's
//! capacity (85% to 100% of it, 1% apart). Each run is `sweep::run_sweep` with `explain: false`
//! (no marginal values), as `landquota sweep --no-explain --threads N`. Reported: wall seconds,
//! variants per second, and the parallel efficiency rate(2 threads) / (2 × rate(1 thread));
//! then, in the same run, the explained sweep (1 thread) against the bare one, and the bare
//! sweep against the variants solved cold one by one (issue 22's two sweep goals).
//!
//! Not criterion: criterion takes at least 10 samples, and one 16-variant sweep at 90 counties
//! takes close to a minute on one thread with microlp. Each configuration is run
//! `LANDQUOTA_BENCH_RUNS` times (default 1) and the best run is kept (the least disturbed by
//! other processes). `LANDQUOTA_BENCH_SWEEP_DIVISIBLE=1` uses the `--divisible-only` scenario.

use blocklp::Backend;
use landquota::commands::backend;
use landquota::commands::generate::{GenOptions, generate_with};
use landquota::commands::sweep::{SweepOptions, read, run_sweep};
use std::time::Instant;

const VARIANTS: usize = 16;

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench` (and any filter); a filter not matching "sweep" skips us.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !filters.is_empty() && !filters.iter().any(|f| "sweep".contains(f.as_str())) {
        return;
    }
    let counties = env_num("LANDQUOTA_BENCH_SWEEP_COUNTIES", 90);
    let runs = env_num("LANDQUOTA_BENCH_RUNS", 1).max(1);
    let divisible_only =
        std::env::var_os("LANDQUOTA_BENCH_SWEEP_DIVISIBLE").is_some_and(|v| v != "0");
    let tmp = tempfile::tempdir().expect("temp dir");
    let opts = GenOptions {
        counties,
        seed: 2025,
        divisible_only,
    };
    let base = tmp.path().join("base");
    let summary = generate_with(&opts, &base).expect("generate");
    let sc = landquota::scenario::from_path(&base).expect("valid");
    let pool = sc
        .pools
        .iter()
        .find(|p| p.id == "provincial_urgent")
        .expect("generated scenarios have the provincial_urgent pool");
    let values: Vec<String> = (0..VARIANTS)
        .map(|i| format!("{}", (pool.capacity_mu * (0.85 + 0.01 * i as f64)).round()))
        .collect();
    let sweep_file = tmp.path().join("sweep.toml");
    let text = format!(
        "base = {:?}\nname = \"bench-sweep\"\n[[grid]]\npath = \"pools.provincial_urgent.capacity\"\nvalues = [{}]\n",
        base.display().to_string(),
        values.join(", ")
    );
    std::fs::write(&sweep_file, text).expect("write sweep file");
    let sweep = read(&sweep_file).unwrap_or_else(|d| panic!("sweep file:\n{d}"));
    assert_eq!(sweep.variants.len(), VARIANTS);
    println!("sweep bench: {summary}");
    println!(
        "{VARIANTS} variants (pools.provincial_urgent.capacity = {} .. {} mu), explain off, best of {runs} run(s)",
        values[0],
        values[VARIANTS - 1]
    );
    let mut rate = [0.0f64; 2];
    for (i, threads) in [1usize, 2].into_iter().enumerate() {
        let mut best = f64::INFINITY;
        for r in 0..runs {
            let out = tmp.path().join(format!("out-{threads}-{r}"));
            let t = Instant::now();
            let outcome = run_sweep(
                &sweep,
                bench_backend().as_ref(),
                &SweepOptions {
                    out,
                    threads: Some(threads),
                    keep_allocations: false,
                    resume: false,
                    explain: false,
                    progress: false,
                    lang: landquota::i18n::Lang::En,
                    time_limit: None,
                },
            )
            .expect("sweep runs");
            let s = t.elapsed().as_secs_f64();
            let optimal = outcome
                .rows
                .iter()
                .filter(|r| r.status == "optimal")
                .count();
            assert_eq!(optimal, VARIANTS, "every variant should be optimal");
            best = best.min(s);
        }
        rate[i] = VARIANTS as f64 / best;
        println!(
            "sweep/{counties}c/threads={threads}: {best:.2} s, {:.2} variants/s",
            rate[i]
        );
    }
    println!(
        "sweep/{counties}c: parallel efficiency with 2 threads: {:.0}%",
        100.0 * rate[1] / (2.0 * rate[0])
    );
    // The issue-22 rows, in the same run: the explained sweep against the bare one (1 thread),
    // and the bare sweep against each variant solved cold (`model::solve` with a new backend,
    // so nothing is shared: what running the variants one by one would cost).
    let mut explained = f64::INFINITY;
    for r in 0..runs {
        let t = Instant::now();
        run_sweep(
            &sweep,
            bench_backend().as_ref(),
            &SweepOptions {
                out: tmp.path().join(format!("out-explained-{r}")),
                threads: Some(1),
                keep_allocations: false,
                resume: false,
                explain: true,
                progress: false,
                lang: landquota::i18n::Lang::En,
                time_limit: None,
            },
        )
        .expect("sweep runs");
        explained = explained.min(t.elapsed().as_secs_f64());
    }
    let bare = VARIANTS as f64 / rate[0];
    println!(
        "sweep/{counties}c/explained: {explained:.2} s, {:.2}x the bare sweep",
        explained / bare
    );
    let mut cold = 0.0;
    for v in &values {
        let set = landquota::scenario::overrides::parse_set(&format!(
            "pools.provincial_urgent.capacity_mu={v}"
        ))
        .expect("a valid override");
        let sc = landquota::scenario::from_path_with(&base, &[set]).expect("valid");
        let t = Instant::now();
        landquota::model::solve(&sc, bench_backend().as_ref()).expect("solves");
        cold += t.elapsed().as_secs_f64();
    }
    println!(
        "sweep/{counties}c/cold: {VARIANTS} variants solved one by one {cold:.2} s; the bare sweep (1 thread) is {:.2} of it",
        bare / cold
    );
}

/// The backend under test: `auto` (the CLI's default: the decomposition where it applies), or
/// the one named by LANDQUOTA_BENCH_BACKEND (e.g. `minilp`, to measure the plain solver).
fn bench_backend() -> Box<dyn Backend> {
    let name = std::env::var("LANDQUOTA_BENCH_BACKEND").unwrap_or_else(|_| backend::DEFAULT.into());
    backend::by_name(&name).unwrap_or_else(|| panic!("unknown backend {name}"))
}

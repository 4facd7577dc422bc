//! Explanations against the bare solve, side by side and in one run (figures in BENCHMARKS.md).
//!
//!     cargo bench --bench explain                              # 90 and 400 counties, sweeps
//!     LANDQUOTA_BENCH_NATION=1 cargo bench --bench explain     # also 2,844 counties
//!     cargo bench --bench explain -- sweep                     # only the cases named so
//!
//! Every case times `commands::solve::run_timed` in process: build, solve, check, report and,
//! explained, the marginal values, reasons, certificate (`explain: true`, the CLI's default)
//! or, for an infeasible scenario, the conflicts. Scenarios are generated with seed 2025 and
//! read back as the CLI reads them (outside the timed part). Bare and explained runs
//! alternate, `LANDQUOTA_BENCH_RUNS` times (default 5; once at 2,844 counties and for the
//! lexicographic explained run, which takes tens of seconds), so that both see the same load;
//! the medians and their ratio are printed with the goal of issue 13:
//!
//! - `explain/<divisible|mixed>/<counties>`: explained ≤ 2× bare;
//! - `lexicographic/90`: the mixed province with `objective.mode = "lexicographic"`,
//!   explained, ≤ 3× the weighted mode explained (`explain/mixed/90`);
//! - `infeasible/<counties>`: the mixed scenario with one county's floor at 10⁶ mu,
//!   explained (conflicts named), ≤ 3× the feasible bare solve (`explain/mixed/<counties>`);
//! - `sweep/zhejiang-alpha-beta`: the shipped 24-variant sweep of the 90-county province
//!   (`scenarios/sweeps/zhejiang-alpha-beta.toml`) on 2 threads, explained ≤ 2× bare, and bare
//!   ≤ 0.2× its 24 variants solved cold one after the other (each read, validated and run
//!   with a backend of its own, as 24 `landquota solve --no-explain` would; their own
//!   pricing uses the machine's 2 threads), and the parallel efficiency of the bare sweep,
//!   rate(2 threads) / (2 × rate(1 thread)) ≥ 90%.
//!
//! Not criterion: the ratios are the point, and criterion's groups are sampled apart, minutes
//! from each other on a shared machine. Peak memory is measured on the whole command
//! (`/usr/bin/time -f %M`, see BENCHMARKS.md).

use blocklp::Backend;
use landquota::commands::backend;
use landquota::commands::generate::{GenOptions, generate_with};
use landquota::commands::solve::{Options, run_timed};
use landquota::commands::sweep::{SweepOptions, read, run_sweep};
use landquota::report::Status;
use landquota::scenario::{self, Scenario, overrides};
use std::path::{Path, PathBuf};
use std::time::Instant;

const SEED: u64 = 2025;

fn flag(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| v != "0")
}

fn runs() -> usize {
    std::env::var("LANDQUOTA_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5usize)
        .max(1)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn backend() -> Box<dyn Backend> {
    let name = std::env::var("LANDQUOTA_BENCH_BACKEND").unwrap_or_else(|_| backend::DEFAULT.into());
    backend::by_name(&name).unwrap_or_else(|| panic!("unknown backend {name}"))
}

const BARE: Options = Options {
    explain: false,
    compare_pro_rata: false,
};
const EXPLAINED: Options = Options {
    explain: true,
    compare_pro_rata: false,
};

fn generated(dir: &Path, counties: usize, divisible_only: bool) -> PathBuf {
    let opts = GenOptions {
        counties,
        seed: SEED,
        divisible_only,
    };
    let out = dir.join(landquota::commands::generate::default_name(&opts));
    if !out.exists() {
        generate_with(&opts, &out).expect("generate");
    }
    out
}

fn load(path: &Path, sets: &[&str]) -> Scenario {
    let edits: Vec<overrides::Edit> = sets
        .iter()
        .map(|s| overrides::parse_set(s).expect("override"))
        .collect();
    scenario::from_path_with(path, &edits)
        .unwrap_or_else(|d| panic!("scenario {} invalid:\n{d}", path.display()))
}

/// Seconds of one run, and the report's status.
fn time_run(sc: &Scenario, opts: Options) -> (f64, Status) {
    let b = backend();
    let t = Instant::now();
    let (report, _) = run_timed(sc, b.as_ref(), opts);
    let s = t.elapsed().as_secs_f64();
    (s, report.status)
}

/// Medians of `a` and `b` run alternately `n` times each.
fn alternate(n: usize, mut a: impl FnMut() -> f64, mut b: impl FnMut() -> f64) -> (f64, f64) {
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for _ in 0..n {
        ta.push(a());
        tb.push(b());
    }
    (median(ta), median(tb))
}

fn verdict(ratio: f64, goal: f64, below: bool) -> &'static str {
    if (ratio <= goal) == below {
        "met"
    } else {
        "NOT met"
    }
}

fn wanted(filters: &[String], id: &str) -> bool {
    filters.is_empty() || filters.iter().any(|f| id.contains(f.as_str()))
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let tmp = tempfile::tempdir().expect("temp dir");
    let n_runs = runs();
    let mut sizes = vec![90, 400];
    if flag("LANDQUOTA_BENCH_NATION") {
        sizes.push(2844);
    }
    println!(
        "explain bench: medians of {n_runs} alternating runs (1 at 2,844 counties), seed {SEED}, {} threads",
        rayon::current_num_threads()
    );
    // Weighted-mode explained and bare times of the mixed scenarios, for the ratios below.
    let mut mixed = std::collections::BTreeMap::new();
    for n in sizes.iter().copied() {
        for (variant, divisible) in [("divisible", true), ("mixed", false)] {
            let id = format!("explain/{variant}/{n}");
            let needed_later =
                !divisible && (wanted(&filters, "lexicographic") || wanted(&filters, "infeasible"));
            if !wanted(&filters, &id) && !needed_later {
                continue;
            }
            let sc = load(&generated(tmp.path(), n, divisible), &[]);
            let k = if n > 1000 { 1 } else { n_runs };
            let (bare, expl) = alternate(
                k,
                || {
                    let (s, st) = time_run(&sc, BARE);
                    assert_eq!(st, Status::Optimal, "{id} bare");
                    s
                },
                || {
                    let (s, st) = time_run(&sc, EXPLAINED);
                    assert_eq!(st, Status::Optimal, "{id} explained");
                    s
                },
            );
            let r = expl / bare;
            println!(
                "{id}: bare {bare:.3} s, explained {expl:.3} s, ratio {r:.2}x (goal <= 2x: {})",
                verdict(r, 2.0, true)
            );
            if !divisible {
                mixed.insert(n, (bare, expl));
            }
        }
    }

    if wanted(&filters, "lexicographic") {
        let path = generated(tmp.path(), 90, false);
        let lex = load(&path, &["objective.mode=lexicographic"]);
        let weighted = load(&path, &[]);
        let bare = median((0..n_runs).map(|_| time_run(&lex, BARE).0).collect());
        // Once each (the explained lexicographic run takes tens of seconds), back to back.
        let lex_expl = time_run(&lex, EXPLAINED).0;
        let weighted_expl = time_run(&weighted, EXPLAINED).0;
        let r = lex_expl / weighted_expl;
        println!(
            "lexicographic/90: bare {bare:.3} s, explained {lex_expl:.3} s (1 run); weighted explained {weighted_expl:.3} s (1 run, just after); ratio {r:.2}x (goal <= 3x: {})",
            verdict(r, 3.0, true)
        );
    }

    if wanted(&filters, "infeasible") {
        for n in sizes.iter().copied() {
            let path = generated(tmp.path(), n, false);
            let inf = load(&path, &["counties.c0001.floor=1000000"]);
            let feasible = load(&path, &[]);
            let k = if n > 1000 { 1 } else { n_runs };
            let (expl, bare) = alternate(
                k,
                || {
                    let (s, st) = time_run(&inf, EXPLAINED);
                    assert_eq!(st, Status::Infeasible, "infeasible/{n}");
                    s
                },
                || time_run(&feasible, BARE).0,
            );
            let r = expl / bare;
            println!(
                "infeasible/{n}: explained {expl:.3} s, feasible bare {bare:.3} s, ratio {r:.2}x (goal <= 3x: {})",
                verdict(r, 3.0, true)
            );
        }
    }

    if wanted(&filters, "sweep") {
        sweeps(tmp.path(), n_runs.min(3));
    }
}

fn sweeps(tmp: &Path, n_runs: usize) {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweeps/zhejiang-alpha-beta.toml");
    let sweep = read(&file).unwrap_or_else(|d| panic!("sweep file:\n{d}"));
    let n = sweep.variants.len();
    let mut k = 0;
    let mut sweep_s = |threads: usize, explain: bool| {
        k += 1;
        let t = Instant::now();
        let out = run_sweep(
            &sweep,
            backend().as_ref(),
            &SweepOptions {
                out: tmp.join(format!("sweep-{k}")),
                threads: Some(threads),
                keep_allocations: false,
                resume: false,
                explain,
                progress: false,
                lang: landquota::i18n::Lang::En,
                time_limit: None,
            },
        )
        .expect("sweep runs");
        let s = t.elapsed().as_secs_f64();
        assert!(out.rows.iter().all(|r| r.status == "optimal"));
        s
    };
    let cold = || {
        let t = Instant::now();
        for v in &sweep.variants {
            let sets: Vec<String> = v
                .overrides
                .iter()
                .map(|(p, x)| format!("{p}={x}"))
                .collect();
            let sets: Vec<&str> = sets.iter().map(String::as_str).collect();
            let sc = load(&sweep.base, &sets);
            let (_, st) = time_run(&sc, BARE);
            assert_eq!(st, Status::Optimal);
        }
        t.elapsed().as_secs_f64()
    };
    let (mut bare2, mut expl2, mut bare1, mut colds) = (vec![], vec![], vec![], vec![]);
    for _ in 0..n_runs {
        bare2.push(sweep_s(2, false));
        expl2.push(sweep_s(2, true));
        bare1.push(sweep_s(1, false));
        colds.push(cold());
    }
    let (bare2, expl2, bare1, cold) = (median(bare2), median(expl2), median(bare1), median(colds));
    let r = expl2 / bare2;
    let c = bare2 / cold;
    let eff = bare1 / (2.0 * bare2);
    println!(
        "sweep/zhejiang-alpha-beta ({n} variants, medians of {n_runs}): bare 2 threads {bare2:.3} s ({:.1} variants/s), explained 2 threads {expl2:.3} s, bare 1 thread {bare1:.3} s, {n} cold solves {cold:.3} s",
        n as f64 / bare2
    );
    println!(
        "sweep: explained / bare {r:.2}x (goal <= 2x: {}); bare / cold {c:.2} (goal <= 0.2: {}); parallel efficiency {:.0}% (goal >= 90%: {})",
        verdict(r, 2.0, true),
        verdict(c, 0.2, true),
        100.0 * eff,
        verdict(eff, 0.9, false)
    );
}

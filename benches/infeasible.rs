//! Infeasible scenarios explained, against a feasible solve of the same size (issue 12's goal:
//! an infeasible nation explained in at most 3× a feasible solve). Figures in BENCHMARKS.md.
//!
//!     cargo bench --bench infeasible                           # 400 counties
//!     LANDQUOTA_BENCH_NATION=1 cargo bench --bench infeasible  # also 2,844 counties
//!
//! Per size, each timed as the CLI's `solve` runs it (`commands::solve::run`, default backend):
//! `feasible/no-explain`, `feasible/explain` (the generated scenario, seed 2025, with all-or-
//! nothing projects), and three infeasible what-ifs with explanations (the conflicting rules
//! and the mu each must give): `floor` (county c0001's floor far above what it can get),
//! `earmark` (farmer housing 50% of the plan), `pools-0` (every pool at 0 against the
//! generated county floors). Criterion: 10 flat samples each.

use blocklp::Backend;
use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use landquota::commands::backend;
use landquota::commands::generate::{GenOptions, generate_with};
use landquota::commands::solve::{Options, run};
use landquota::report::Status;
use landquota::scenario::{self, Scenario, overrides::parse_set};
use std::path::Path;
use std::time::Duration;

fn load(dir: &Path, counties: usize, sets: &[String]) -> Scenario {
    let opts = GenOptions::new(counties, 2025);
    let out = dir.join(format!("g{counties}"));
    if !out.exists() {
        generate_with(&opts, &out).expect("generate");
    }
    let edits: Vec<_> = sets.iter().map(|s| parse_set(s).expect("set")).collect();
    scenario::from_path_with(&out, &edits).unwrap_or_else(|d| panic!("invalid:\n{d}"))
}

fn benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut sizes = vec![400];
    if std::env::var_os("LANDQUOTA_BENCH_NATION").is_some_and(|v| v != "0") {
        sizes.push(2844);
    }
    let b: Box<dyn Backend> = backend::by_name(backend::DEFAULT).expect("backend");
    for n in sizes {
        let base = load(tmp.path(), n, &[]);
        let pools: Vec<String> = base
            .pools
            .iter()
            .map(|p| format!("pools.{}.capacity=0", p.id))
            .collect();
        let cases: Vec<(&str, Vec<String>, bool)> = vec![
            ("feasible/no-explain", vec![], false),
            ("feasible/explain", vec![], true),
            (
                "infeasible/floor",
                vec!["counties.c0001.floor_mu=100000".into()],
                true,
            ),
            (
                "infeasible/earmark",
                vec!["rules.earmarks.farmer_housing.min_share=0.5".into()],
                true,
            ),
            ("infeasible/pools-0", pools, true),
        ];
        for (name, sets, explain) in cases {
            let sc = load(tmp.path(), n, &sets);
            let opts = Options {
                explain,
                compare_pro_rata: false,
            };
            let r = run(&sc, b.as_ref(), opts);
            let want_infeasible = name.starts_with("infeasible");
            assert_eq!(r.status == Status::Infeasible, want_infeasible, "{name}");
            assert!(
                !want_infeasible || !r.conflicts.is_empty(),
                "{name}: no conflicts"
            );
            let mut g = c.benchmark_group(name);
            g.sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_millis(100))
                .measurement_time(Duration::from_secs(if n > 400 { 300 } else { 30 }));
            g.bench_with_input(BenchmarkId::from_parameter(n), &sc, |bench, sc| {
                bench.iter(|| run(sc, b.as_ref(), opts))
            });
            g.finish();
        }
    }
}

criterion_group!(infeasible, benches);
criterion_main!(infeasible);

//! A three-year rolling plan against the one-year plan of the same province (issue 16's
//! "a 3-year province must solve in at most 3× the time of one year"; figures in
//! BENCHMARKS.md).
//!
//!     cargo bench --bench horizon
//!
//! Scenarios: the 90-county generated province (seed 2025, `divisible` and `mixed`, as in
//! `benches/solve.rs`) and the shipped `scenarios/zhejiang-2024`, each solved as it is
//! (`1-year`) and as a three-year horizon (`3-year`): every year gets the plan year's pool
//! capacities, the counties' disposal repeats and half their indicators are banked again each
//! year, block demand lines ask for three years' worth (so that each year's earmarks and floors
//! can be met), every project may be granted in any of the three years (the largest LP the same
//! projects can give: three grant columns where one year has one), discount 0.9, 10% of
//! each pool may be carried over. Counties stay the blocks of the decomposition; the pool ×
//! year rows link them. Timed: `solve_model` on a model from `final_model`, as in solve.rs,
//! with the default backend (`auto`).

use blocklp::Backend;
use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use landquota::commands::backend;
use landquota::commands::generate::{GenOptions, generate_with};
use landquota::model::{final_model, solve_model};
use landquota::scenario::{self, CountyYear, Horizon, Scenario, Tier};
use std::path::Path;
use std::time::Duration;

fn generated(dir: &Path, divisible_only: bool) -> Scenario {
    let opts = GenOptions {
        counties: 90,
        seed: 2025,
        divisible_only,
    };
    let out = dir.join(landquota::commands::generate::default_name(&opts));
    generate_with(&opts, &out).expect("generate");
    scenario::from_path(&out).unwrap_or_else(|d| panic!("generated scenario invalid:\n{d}"))
}

/// The same province planned over three years (see the module comment).
fn three_years(sc: &Scenario) -> Scenario {
    let mut s = sc.clone();
    let first = sc.meta.year.unwrap_or(2025);
    s.meta.year = Some(first);
    s.horizon = Horizon {
        years: vec![first, first + 1, first + 2],
        discount: 0.9,
    };
    for p in &mut s.pools {
        p.later_capacity_mu = vec![p.capacity_mu; 2];
        p.carry_over_max_mu = 0.1 * p.capacity_mu;
    }
    for c in &mut s.counties {
        let later = CountyYear {
            disposed_unsupplied_mu: c.disposed_unsupplied_mu,
            disposed_idle_mu: c.disposed_idle_mu,
            farmland_added_mu: 0.5 * c.farmland_held_mu,
            forest_added_mu: 0.5 * c.forest_held_mu,
            linkage_added_mu: 0.0,
            deduction_mu: 0.0,
        };
        c.later_years = vec![later; 2];
    }
    for p in &mut s.projects {
        p.ready = 0;
        p.last = 2;
        if p.tier == Tier::Block {
            p.need_mu *= 3.0;
            p.farmland_mu *= 3.0;
            p.forest_mu *= 3.0;
        }
    }
    s
}

fn bench_backend() -> Box<dyn Backend> {
    backend::by_name(backend::DEFAULT).expect("default backend")
}

fn benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let zhejiang = scenario::from_path(Path::new("scenarios/zhejiang-2024")).expect("zhejiang");
    let cases = [
        ("divisible-90", generated(tmp.path(), true)),
        ("mixed-90", generated(tmp.path(), false)),
        ("zhejiang-2024", zhejiang),
    ];
    for (name, one) in cases {
        let three = three_years(&one);
        let mut g = c.benchmark_group(format!("horizon/{name}"));
        g.sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(6));
        for (years, sc) in [("1-year", &one), ("3-year", &three)] {
            let (model, _, _) = final_model(sc, bench_backend().as_ref()).expect("model");
            println!(
                "horizon/{name}/{years}: {} columns, {} rows, backend {}",
                model.columns.len(),
                model.rows.len(),
                bench_backend().name_for(&model)
            );
            g.bench_with_input(BenchmarkId::from_parameter(years), sc, |b, sc| {
                b.iter_batched(
                    || final_model(sc, bench_backend().as_ref()).expect("model"),
                    |fm| solve_model(sc, bench_backend().as_ref(), fm).expect("feasible"),
                    BatchSize::PerIteration,
                )
            });
        }
        g.finish();
    }
}

criterion_group!(horizon, benches);
criterion_main!(horizon);

//! The solver on generated block-angular LPs and MIPs, in LP terms only (no caller's domain).
//!
//!     cargo bench -p blocklp --bench blocks
//!
//! Each LP has `B` blocks of 10-40 "items"; an item has one column per resource it may draw on
//! (1-3 of 12), a local upper bound on its total, and every block a local cap on its sum. The
//! 12 resources are linking rows with capacities at about 40% of what the items could use, so
//! they bind and the decomposition has to price them. Objective weights are 1-5. In the `mixed`
//! variant one item in twenty is all-or-nothing (a binary column and an equality row), as in
//! the MIPs the decomposition handles. Benchmarks:
//!
//! - `decompose/<variant>/<B>`: `decompose::Blocks` over minilp, the default path;
//! - `minilp/lp/<B>`: minilp alone on the same LP (where it takes under a few seconds);
//! - `dense/30x80`: one warm re-solve of a block-sized dense tableau after a price change.

use blocklp::backend::{Backend, Minilp};
use blocklp::decompose::Blocks;
use blocklp::dense::DenseLp;
use blocklp::model::{Column, LpModel, Row, Sense};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use splitmix::Rng;

const RESOURCES: usize = 12;

fn block_lp(blocks: usize, mixed: bool, seed: u64) -> LpModel {
    let mut rng = Rng(seed);
    let mut lp = LpModel::default();
    let mut linking: Vec<Vec<(usize, f64)>> = vec![Vec::new(); RESOURCES];
    let mut demand = [0.0; RESOURCES];
    for b in 0..blocks {
        let items = 10 + (rng.unit() * 31.0) as usize;
        let mut block_terms = Vec::new();
        let mut block_need = 0.0;
        for i in 0..items {
            let need = (10.0 + rng.unit() * 990.0).round();
            let weight = 1.0 + (rng.unit() * 5.0).floor();
            let width = 1 + (rng.unit() * 3.0) as usize;
            let first = (rng.unit() * RESOURCES as f64) as usize;
            let mut item_terms = Vec::new();
            for r in 0..width {
                let k = (first + r) % RESOURCES;
                let j = lp.add_column(Column {
                    name: format!("x.{b}.{i}.{k}"),
                    lower: 0.0,
                    upper: need,
                    integer: false,
                    obj: weight,
                });
                item_terms.push((j, 1.0));
                linking[k].push((j, 1.0));
                demand[k] += need / width as f64;
            }
            block_terms.extend(item_terms.iter().copied());
            block_need += need;
            let all_or_nothing = mixed && rng.unit() < 0.05;
            let mut row = item_terms.clone();
            let sense = if all_or_nothing {
                let y = lp.add_column(Column {
                    name: format!("y.{b}.{i}"),
                    lower: 0.0,
                    upper: 1.0,
                    integer: true,
                    obj: 0.0,
                });
                row.push((y, -need));
                Sense::Eq
            } else {
                Sense::Le
            };
            let rhs = if all_or_nothing { 0.0 } else { need };
            let mut r = Row::new(format!("need.{b}.{i}"), row, sense, rhs);
            r.linking = false;
            lp.rows.push(r);
        }
        let mut cap = Row::new(
            format!("cap.{b}"),
            block_terms,
            Sense::Le,
            (block_need * (0.5 + 0.4 * rng.unit())).round(),
        );
        cap.linking = false;
        lp.rows.push(cap);
    }
    for (k, terms) in linking.into_iter().enumerate() {
        lp.rows.push(Row::new(
            format!("resource.{k}"),
            terms,
            Sense::Le,
            (0.4 * demand[k]).round(),
        ));
    }
    lp
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("decompose");
    g.sample_size(10);
    for &(variant, mixed) in &[("lp", false), ("mixed", true)] {
        for &n in &[90usize, 400] {
            let lp = block_lp(n, mixed, 2025 + n as u64);
            let solver = Blocks::new(Minilp);
            assert_eq!(
                solver.name_for(&lp),
                "blocks",
                "the generated LP must decompose"
            );
            g.bench_with_input(BenchmarkId::new(variant, n), &lp, |b, lp| {
                b.iter(|| solver.solve(lp).expect("solves"))
            });
        }
    }
    g.finish();

    let mut g = c.benchmark_group("minilp");
    g.sample_size(10);
    let lp = block_lp(90, false, 2025 + 90);
    g.bench_with_input(BenchmarkId::new("lp", 90), &lp, |b, lp| {
        b.iter(|| Minilp.solve(lp).expect("solves"))
    });
    g.finish();

    // One block-sized tableau, re-solved warm after its objective moves.
    let lp = block_lp(1, false, 7);
    let (lower, upper): (Vec<f64>, Vec<f64>) =
        lp.columns.iter().map(|c| (c.lower, c.upper)).unzip();
    let rows: Vec<_> = lp
        .rows
        .iter()
        .map(|r| (r.coeffs.clone(), r.sense, r.rhs))
        .collect();
    let c0: Vec<f64> = lp.columns.iter().map(|c| c.obj).collect();
    c.bench_function("dense/block", |b| {
        let mut t = DenseLp::new(&lower, &upper, &rows);
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            let obj: Vec<f64> = c0
                .iter()
                .enumerate()
                .map(|(j, &v)| if flip && j % 3 == 0 { v + 0.5 } else { v })
                .collect();
            t.solve(&obj).expect("solves")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! The decomposition fast path (`crates/blocklp/src/decompose/mod.rs`) against plain minilp on
//! generated scenarios: same optimum, every rule check holding, a vertex, and duals that certify
//! it.

use blocklp::Backend;
use blocklp::backend::Minilp;
use blocklp::decompose::{Blocks, Structure, solve_blocks_stats};
use blocklp::model::{LpModel, Sense};
use landquota::check::check;
use landquota::commands::generate::{GenOptions, generate_with};
use landquota::model::{self as lp, final_model};
use landquota::scenario::overrides::{Edit, parse_set};
use landquota::scenario::{self, Scenario};

fn generated(counties: usize, seed: u64, sets: &[&str]) -> Scenario {
    generated_with(counties, seed, true, sets)
}

/// With `divisible_only` false: all-or-nothing and minimum-share projects, one binary each.
fn generated_with(counties: usize, seed: u64, divisible_only: bool, sets: &[&str]) -> Scenario {
    let tmp = tempfile::tempdir().unwrap();
    let mut opts = GenOptions::new(counties, seed);
    opts.divisible_only = divisible_only;
    generate_with(&opts, tmp.path()).unwrap();
    // The fast path of the priority solve, as the plain solve measures it: list-order ties
    // (generated scenarios take the default, the fair rule).
    let edits: Vec<Edit> = std::iter::once("objective.tie_break=list-order")
        .chain(sets.iter().copied())
        .map(|s| parse_set(s).unwrap())
        .collect();
    scenario::from_path_with(tmp.path(), &edits)
        .unwrap_or_else(|d| panic!("generated scenario is invalid:\n{d}"))
}

/// A basic solution: the columns strictly inside their bounds are linearly independent on the
/// rows that bind. (A point where they are not is a mix of two feasible points: ties spread.)
fn assert_vertex(lp: &LpModel, x: &[f64]) {
    let tol = |v: f64| 1e-7 * v.abs().max(1.0);
    let inside: Vec<usize> = (0..lp.columns.len())
        .filter(|&j| {
            let c = &lp.columns[j];
            x[j] > c.lower + tol(c.lower) && x[j] < c.upper - tol(c.upper)
        })
        .collect();
    let mut pos = vec![usize::MAX; lp.columns.len()];
    for (k, &j) in inside.iter().enumerate() {
        pos[j] = k;
    }
    let mut m: Vec<Vec<f64>> = lp
        .rows
        .iter()
        .filter(|r| {
            let act = lp.row_activity(r, x);
            r.sense == Sense::Eq || (act - r.rhs).abs() <= tol(r.rhs)
        })
        .map(|r| {
            let mut v = vec![0.0; inside.len()];
            for &(j, a) in &r.coeffs {
                if pos[j] != usize::MAX {
                    v[pos[j]] = a;
                }
            }
            v
        })
        .collect();
    // Rank by Gaussian elimination with partial pivoting over the binding rows.
    let mut rank = 0;
    for col in 0..inside.len() {
        let Some(p) = (rank..m.len())
            .filter(|&r| m[r][col].abs() > 1e-9)
            .max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
        else {
            continue;
        };
        m.swap(rank, p);
        let pivot = m[rank].clone();
        for row in m.iter_mut().skip(rank + 1) {
            let f = row[col] / pivot[col];
            if f != 0.0 {
                for (a, b) in row.iter_mut().zip(&pivot).skip(col) {
                    *a -= f * b;
                }
            }
        }
        rank += 1;
    }
    assert_eq!(
        rank,
        inside.len(),
        "not a vertex: {} columns strictly inside their bounds, rank {rank} on the binding rows",
        inside.len()
    );
}

fn agree(sc: &Scenario, what: &str) {
    let fast = Blocks::new(Minilp);
    let (model, _, _) = final_model(sc, &fast).unwrap();
    let s = Structure::detect(&model).unwrap_or_else(|| panic!("{what}: no block structure"));
    let (sol, stats) = solve_blocks_stats(&model, &s, &Minilp).unwrap();
    assert!(!stats.fallback, "{what}: fell back to minilp ({stats:?})");

    let plain = lp::solve(sc, &Minilp).unwrap();
    let mut quick = lp::solve(sc, &fast).unwrap();
    let (a, b) = (plain.objective, quick.objective);
    // A MIP's plan is accepted within MIP_GAP of its bound; minilp's branch and bound closes
    // the gap to its own tolerances.
    let tol = if model.has_integers() { 1e-7 } else { 1e-9 };
    assert!(
        (a - b).abs() <= tol * a.abs().max(1.0),
        "{what}: minilp {a} vs fast path {b}"
    );
    assert!(
        (model.objective_value(&sol.x) - b).abs() <= 1e-9 * b.abs().max(1.0),
        "{what}: stats run and solve disagree"
    );
    if model.has_integers() {
        // The bound from the blocks' integer optima holds minilp's optimum too.
        let bound = quick
            .bound
            .unwrap_or_else(|| panic!("{what}: MIP without a bound"));
        assert!(
            bound >= a - 1e-9 * a.abs(),
            "{what}: bound {bound} below minilp's {a}"
        );
        assert!(
            bound - b <= 1e-7 * b.abs(),
            "{what}: plan {b}, bound {bound}"
        );
        for (c, v) in quick.model.columns.iter().zip(&quick.x) {
            if c.integer {
                assert!(*v == v.round(), "{what}: {} = {v}", c.name);
            }
        }
    }
    for c in check(sc, &quick.allocation) {
        assert!(
            c.holds,
            "{what}: {} broken by {} mu",
            c.rule, c.max_violation_mu
        );
    }
    assert_vertex(&quick.model, &quick.x);

    // The duals that come with the fast path certify the optimum on their own.
    let an = lp::solve::analyse(&fast, &mut quick).unwrap();
    assert!(an.certificate.optimal, "{what}: {:?}", an.certificate);

    // The same through the state the solve keeps, as an explained `solve` runs it: the same
    // plan, a certificate, and marginal values that agree with those measured from scratch.
    let fm = final_model(sc, &fast).unwrap();
    let mut kept = lp::solve_model_for_analysis(sc, &fast, fm).unwrap();
    assert!(kept.retained.is_some(), "{what}: the solve kept nothing");
    assert_eq!(
        kept.x, quick.x,
        "{what}: keeping the solve's state moved the plan"
    );
    let an_kept = lp::solve::analyse(&fast, &mut kept).unwrap();
    assert!(
        an_kept.certificate.optimal,
        "{what}: {:?}",
        an_kept.certificate
    );
    assert_eq!(kept.model.has_integers(), quick.model.has_integers());
    assert!(an.values_error.is_none() && an_kept.values_error.is_none());
    assert_eq!(an.values.len(), an_kept.values.len());
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-5 * a.abs().max(1.0),
        (a, b) => a == b,
    };
    for (v, w) in an.values.iter().zip(&an_kept.values) {
        assert_eq!(v.row, w.row);
        assert!(
            close(v.value.more, w.value.more) && close(v.value.less, w.value.less),
            "{what}: {} from scratch {:?}, from the solve {:?}",
            kept.model.rows[v.row].name,
            v.value,
            w.value
        );
    }
}

#[test]
fn fast_path_agrees_with_minilp_on_generated_provinces() {
    for (counties, seed) in [(20, 1), (24, 2), (30, 2025)] {
        let sc = generated(counties, seed, &[]);
        agree(&sc, &format!("{counties} counties, seed {seed}"));
    }
}

#[test]
fn fast_path_agrees_without_tie_break_and_in_lexicographic_mode() {
    let sc = generated(20, 3, &["objective.tie_break=none"]);
    agree(&sc, "tie_break none");
    let sc = generated(20, 4, &["objective.mode=lexicographic"]);
    agree(&sc, "lexicographic");
}

#[test]
fn fast_path_agrees_when_pools_are_cut_or_generous() {
    // Scarce pools push prices up; generous ones leave some pools slack (price 0).
    let sc = generated(20, 5, &[]);
    let pool = sc.pools[0].id.clone();
    let cap = sc.pools[0].capacity_mu;
    for f in [0.3, 3.0] {
        let set = format!("pools.{pool}.capacity_mu={}", (cap * f).round());
        let v = generated(20, 5, &[&set]);
        agree(&v, &set);
    }
}

#[test]
fn fast_path_agrees_with_minilp_branch_and_bound_on_mixed_provinces() {
    for (counties, seed) in [(20, 1), (24, 2), (30, 2025)] {
        let sc = generated_with(counties, seed, false, &[]);
        agree(&sc, &format!("mixed, {counties} counties, seed {seed}"));
    }
    let sc = generated_with(20, 4, false, &["objective.mode=lexicographic"]);
    agree(&sc, "mixed, lexicographic");
}

#[test]
fn fast_path_agrees_on_mixed_provinces_with_scarce_pools() {
    // Scarce pools leave all-or-nothing projects that fit only in part: the blocks' branch
    // and bound and the restricted search over the mixed blocks have work to do.
    let sc = generated_with(20, 6, false, &[]);
    let mut fractional = 0;
    for f in [0.3, 0.6] {
        let sets: Vec<String> = sc
            .pools
            .iter()
            .map(|p| format!("pools.{}.capacity_mu={}", p.id, (p.capacity_mu * f).round()))
            .collect();
        let sets: Vec<&str> = sets.iter().map(String::as_str).collect();
        let v = generated_with(20, 6, false, &sets);
        agree(&v, &format!("mixed, pools x{f}"));
        // The LP relaxation alone would not do: some binary is fractional in it.
        let (mut model, _, _) = final_model(&v, &Minilp).unwrap();
        for c in &mut model.columns {
            c.integer = false;
        }
        let relaxed = Blocks::new(Minilp).solve(&model).unwrap();
        fractional += model
            .columns
            .iter()
            .zip(&relaxed.x)
            .filter(|(c, v)| c.name.starts_with("y.") && (*v - v.round()).abs() > 1e-6)
            .count();
    }
    assert!(fractional > 0, "no binary was fractional in any relaxation");
}

#[test]
fn small_models_are_left_to_minilp() {
    let sc = generated(4, 1, &[]);
    let (model, _, _) = final_model(&sc, &Minilp).unwrap();
    assert!(
        Structure::detect(&model).is_none(),
        "4 counties: too few blocks"
    );
}

/// Shifted optima from the decomposition's brackets (`crates/blocklp/src/decompose/shifts.rs`)
/// against minilp's warm re-solves, as slopes over ±1 and ±¼ mu of every row the marginal values
/// look at, on an LP province and on the integer-fixed LP of a mixed one.
#[test]
fn shifted_optima_agree_with_minilp() {
    use blocklp::decompose::shifts::ShiftBase;
    use blocklp::sensitivity::fix_integers;
    for (divisible, seed) in [(true, 8), (false, 9)] {
        let sc = generated_with(24, seed, divisible, &[]);
        let fast = Blocks::new(Minilp);
        let solved = lp::solve(&sc, &fast).unwrap();
        let fixed = fix_integers(&solved.model, &solved.x);
        let s = Structure::detect(&fixed).expect("block structure");
        let base = ShiftBase::new(&fixed, &s, &Minilp)
            .unwrap()
            .expect("the decomposition did not fall back");
        let rows = solved.model.rows_of_interest();
        assert!(rows.len() > 50, "only {} rows of interest", rows.len());
        let mut shifts = vec![(rows[0], 0.0)];
        for &r in &rows {
            for d in [1.0, -1.0, 0.25, -0.25] {
                shifts.push((r, d));
            }
        }
        // Open shifts solved in full by the decomposition (0: never by minilp).
        let got = base.optima(&fixed, &s, &Minilp, &shifts, 0).unwrap();
        let want = Minilp.shifted_optima(&fixed, &shifts).unwrap();
        let (g0, w0) = (got[0].unwrap(), want[0].unwrap());
        for (n, &(r, d)) in shifts.iter().enumerate().skip(1) {
            match (got[n], want[n]) {
                (None, None) => {}
                (Some(g), Some(w)) => {
                    let (sg, sw) = ((g - g0) / d, (w - w0) / d);
                    assert!(
                        (sg - sw).abs() <= 1e-5 * sw.abs().max(1.0),
                        "{} by {d}: slope {sg} vs minilp {sw}",
                        fixed.rows[r].name
                    );
                }
                (g, w) => panic!("{} by {d}: {g:?} vs minilp {w:?}", fixed.rows[r].name),
            }
        }
        let open = base.left_open.load(std::sync::atomic::Ordering::Relaxed);
        assert!(
            open * 10 <= shifts.len(),
            "{open} of {} shifts were left open by the brackets",
            shifts.len()
        );
    }
}

/// A sweep's warm start (`Backend::warm_for`: the base's prices, blocks and master columns):
/// variants that move only pools, and one that moves a county's rows, reach plain minilp's
/// optimum with every rule check holding, for an LP and for an integer plan.
#[test]
fn warm_started_variants_agree_with_minilp() {
    for (divisible, seed) in [(true, 12), (false, 13)] {
        let base = generated_with(20, seed, divisible, &[]);
        let fast = Blocks::new(Minilp);
        let (model, _, _) = final_model(&base, &fast).unwrap();
        let warm = fast
            .warm_for(&model)
            .expect("a decomposed base gives a warm backend");
        let pool = base.pools[0].id.clone();
        let cap = base.pools[0].capacity_mu;
        let county = base.counties[3].id.clone();
        let sets = [
            format!("pools.{pool}.capacity_mu={}", (cap * 0.8).round()),
            format!("pools.{pool}.capacity_mu={}", (cap * 1.3).round()),
            format!("counties.{county}.frozen=true"),
        ];
        for set in &sets {
            let v = generated_with(20, seed, divisible, &[set]);
            let quick = lp::solve(&v, warm.as_ref()).unwrap();
            let plain = lp::solve(&v, &Minilp).unwrap();
            let tol = if divisible { 1e-9 } else { 1e-7 };
            let (a, b) = (plain.objective, quick.objective);
            assert!(
                (a - b).abs() <= tol * a.abs().max(1.0),
                "{set}: minilp {a} vs warm {b}"
            );
            for c in check(&v, &quick.allocation) {
                assert!(
                    c.holds,
                    "{set}: {} broken by {} mu",
                    c.rule, c.max_violation_mu
                );
            }
        }
    }
}

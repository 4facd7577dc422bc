//! Accepted ranges (README "Accepted ranges"): numbers outside them are named validation
//! errors; numbers at their edges are solved right (optimal, every rule holds, both backends
//! agree).

use crate::common::*;
use blocklp::Backend;
use blocklp::backend::Minilp;
use blocklp::decompose::Blocks;
use landquota::commands::generate::generate;
use landquota::commands::solve::{Options, run};
use landquota::report::Status;
use landquota::scenario::{self, overrides::parse_set};
use std::path::Path;

fn load_with(path: &Path, sets: &[&str]) -> Result<scenario::Scenario, String> {
    let edits: Vec<_> = sets.iter().map(|s| parse_set(s).unwrap()).collect();
    scenario::from_path_with(path, &edits).map_err(|d| d.to_string())
}

#[test]
fn numbers_outside_the_ranges_are_named_errors() {
    let tut = repo().join("scenarios/tutorial");
    for (set, field, expected) in [
        (
            "projects.hz-rail.need_mu=2e10",
            "need_mu",
            "at most 14400000000 mu",
        ),
        (
            "projects.hz-rail.need_mu=1e13",
            "need_mu",
            "China's land area",
        ),
        (
            "pools.sme.capacity_ha=1e9",
            "capacity_ha",
            "at most 960000000 ha",
        ),
        (
            "counties.wucheng.farmland_held_mu=1e300",
            "farmland_held_mu",
            "at most",
        ),
        (
            "objective.tier_weights.national=1e308",
            "tier_weights.national",
            "0 or a number from 0.001 to 1000",
        ),
        (
            "objective.tier_weights.block=1e-9",
            "tier_weights.block",
            "0 or a number from 0.001 to 1000",
        ),
        (
            "objective.consolidated_bonus=1e6",
            "consolidated_bonus",
            "from 0 to 10",
        ),
        (
            "rules.stock_linkage.alpha=1e308",
            "stock_linkage.alpha",
            "from 0 to 100",
        ),
        (
            "rules.stock_linkage.beta=1.797e308",
            "stock_linkage.beta",
            "from 0 to 100",
        ),
    ] {
        let err = load_with(&tut, &[set]).expect_err(set);
        assert!(
            err.contains(field) && err.contains(expected) && err.contains("--set"),
            "{set}: {err}"
        );
    }
}

fn assert_solved_right(path: &Path, sets: &[&str]) {
    let sc = load_with(path, sets).unwrap_or_else(|e| panic!("{sets:?} rejected: {e}"));
    let opts = Options {
        explain: true,
        compare_pro_rata: false,
    };
    let mut objectives = Vec::new();
    let backends: [&dyn Backend; 2] = [&Minilp, &Blocks::new(Minilp)];
    for b in backends {
        let r = run(&sc, b, opts);
        assert_eq!(
            r.status,
            Status::Optimal,
            "{sets:?} on {}: {:?}",
            b.name(),
            r.message
        );
        assert!(r.checks.iter().all(|c| c.holds), "{sets:?}: {:?}", r.checks);
        let cert = r.certificate.as_ref().expect("a certificate");
        assert!(cert.optimal, "{sets:?}: {cert:?}");
        objectives.push(r.objective.unwrap());
    }
    let (a, b) = (objectives[0], objectives[1]);
    assert!(
        (a - b).abs() <= 1e-7 * a.abs().max(1.0),
        "{sets:?}: minilp {a}, decomposition {b}"
    );
}

#[test]
fn the_edges_of_the_ranges_are_solved_right() {
    let tmp = tempfile::tempdir().unwrap();
    let g = tmp.path().join("g20");
    generate(20, 1, &g).unwrap();
    let tut = repo().join("scenarios/tutorial");
    for sets in [
        // An all-or-nothing project the size of China: it cannot be funded, the rest is solved.
        &["projects.hz-rail.need_mu=1.44e10"][..],
        &["projects.wc-park.need_ha=9.6e8"],
        &["projects.jd-ring.need_mu=1.44e10"],
        &[
            "counties.wucheng.disposed_unsupplied_mu=1.44e10",
            "rules.stock_linkage.alpha=100",
        ],
        &[
            "objective.tier_weights.national=1000",
            "objective.tier_weights.block=0.001",
        ],
        &["objective.consolidated_bonus=10"],
    ] {
        assert_solved_right(&tut, sets);
    }
    for sets in [
        &[
            "rules.stock_linkage.alpha=100",
            "rules.stock_linkage.beta=100",
        ][..],
        &["projects.c0001-urg01.need_mu=1.44e10"],
        &["projects.c0002-inf01.need_mu=1.44e10"],
        &["counties.c0001.disposed_unsupplied_mu=1.44e10"],
        &[
            "objective.tier_weights.national=1000",
            "objective.tier_weights.county=0.001",
        ],
    ] {
        // List-order ties, as written for (generated scenarios take the default, fair).
        let sets: Vec<&str> = std::iter::once("objective.tie_break=list-order")
            .chain(sets.iter().copied())
            .collect();
        assert_solved_right(&g, &sets);
    }
    // Issue 27: money at the top of its range (a transaction cost of 10¹³ yuan a mu, 10⁸ per
    // weighted mu among weights of 1 to 3) is solved and certified, under the default fair
    // rule, and no mu is worth trading then: the plan's objective is that of a run at 10⁶
    // yuan, which trades nothing either (it was not_proven_optimal, 0.41 below, exit 7).
    let trading = repo().join("scenarios/jinhua-2025-trading");
    let top = ["rules.trading.transaction_cost_yuan_per_mu=1e13"];
    assert_solved_right(&trading, &top);
    let objective_at = |sets: &[&str]| {
        let sc = load_with(&trading, sets).unwrap();
        let r = run(
            &sc,
            &Minilp,
            Options {
                explain: false,
                compare_pro_rata: false,
            },
        );
        assert!(
            r.trades.as_ref().is_none_or(|t| t.is_empty()),
            "{sets:?}: {:?}",
            r.trades
        );
        r.objective.unwrap()
    };
    let (high, top_of_range) = (
        objective_at(&["rules.trading.transaction_cost_yuan_per_mu=1e6"]),
        objective_at(&top),
    );
    assert!(
        (high - top_of_range).abs() <= 1e-7 * high,
        "1e6 yuan: {high}, 1e13 yuan: {top_of_range}"
    );
}

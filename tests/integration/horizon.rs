//! Multi-year plans (R10), rewards to named counties and deductions: one small scenario per
//! rule with the optimum computed by hand in the comments and asserted exactly
//! (`tie_break = "none"`, so the objective is exactly Σ weight × discount^t × mu), and random
//! multi-year scenarios whose optimum passes every check.

use crate::common::*;
use landquota::check::{all_hold, check};
use landquota::report::Status;
use landquota::scenario::{self, ProjectId, Scenario};
use proptest::prelude::*;
use std::fmt::Write;
use std::path::Path;

fn id(sc: &Scenario, id: &str) -> ProjectId {
    ProjectId(sc.projects.iter().position(|p| p.id == id).unwrap() as u32)
}

fn in_year(sc: &Scenario, s: &landquota::model::Solved, p: &str, t: usize) -> f64 {
    s.allocation.granted_in(id(sc, p), t)
}

/// One category `u`, one pool `p`, counties A and B, two years with a 0.9 discount.
fn two_years(pool: &str, counties: &str, projects: &str, rules: &str) -> String {
    format!(
        r#"
[scenario]
name = "years"
year = 2025
[objective]
tie_break = "none"
[[categories]]
id = "u"
[[pools]]
id = "p"
categories = ["u"]
{pool}
[[counties]]
id = "A"
{counties}
[[counties]]
id = "B"
{projects}
[rules.horizon]
years = [2025, 2026]
discount = 0.9
{rules}
"#
    )
}

fn project(id: &str, county: &str, tier: &str, need: f64, extra: &str) -> String {
    format!(
        "[[projects]]\nid = \"{id}\"\ncounty = \"{county}\"\ncategory = \"u\"\ntier = \"{tier}\"\nneed_mu = {need}\n{extra}\n"
    )
}

#[test]
fn r10_ready_year_discount_and_a_binding_carry_over() {
    // 2025: 100 mu, 2026: 50 mu, at most 30 carried. a (city, 3) needs 60, ready now; b
    // (provincial, 4) needs 100, ready only from 2026, where it weighs 4 × 0.9 = 3.6.
    // a takes 60 in 2025; 30 of the 40 left are carried; b gets 50 + 30 = 80 in 2026.
    // Objective 3·60 + 3.6·80 = 468. Without the limit a would give up 10 mu to b, whose
    // 2026 mu weighs 3.6: a 50, b 100, 150 + 360 = 510.
    let src = two_years(
        "capacity_mu = 100\ncapacity_by_year_mu = { 2026 = 50 }\ncarry_over_max_mu = 30",
        "",
        &(project("a", "A", "city", 60.0, "")
            + &project("b", "A", "provincial", 100.0, "ready_from = 2026")),
        "",
    );
    let sc = parse(&src);
    let s = solve_ok(&sc);
    assert_close(in_year(&sc, &s, "a", 0), 60.0, "a in 2025");
    assert_close(in_year(&sc, &s, "b", 0), 0.0, "b in 2025");
    assert_close(in_year(&sc, &s, "b", 1), 80.0, "b in 2026");
    assert_close(s.allocation.carry[0][0], 30.0, "carried");
    assert_close(s.objective, 468.0, "objective");
    let unlimited = parse(&src.replace("carry_over_max_mu = 30", "carry_over_max_mu = 1000"));
    assert_close(
        solve_ok(&unlimited).objective,
        510.0,
        "objective without the limit",
    );

    // The report: the carry-over row binds at 3.6 per mu; b's reason names its first year.
    let r = landquota::commands::solve::run(
        &sc,
        &blocklp::backend::Minilp,
        landquota::commands::solve::Options {
            explain: true,
            compare_pro_rata: false,
        },
    );
    assert_eq!(r.status, Status::Optimal);
    let carry = r
        .marginal_values
        .iter()
        .find(|v| v.rule == "carry_over")
        .expect("carry-over row");
    assert!(carry.binding);
    assert_eq!(carry.year, Some(2025));
    assert_close(carry.marginal_value.unwrap(), 3.6, "value of carry-over");
    let b = r.projects.iter().find(|p| p.id == "b").unwrap();
    let why = b.reason.as_ref().unwrap().to_string();
    assert!(why.starts_with("ready only from 2026"), "{why}");
    assert!(
        why.contains("carry-over from 2025 is at its limit (30 mu)"),
        "{why}"
    );
    let y = &r.years[1].pools[0];
    assert_close(y.carried_in_mu, 30.0, "carried in");
    assert_close(y.used_mu, 80.0, "used in 2026");
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["projects"][1]["by_year"]["2026"], 80.0);
    assert_eq!(json["years"][0]["pools"][0]["carried_out_mu"], 30.0);
}

#[test]
fn r10_borrowing_ahead_and_last_useful_year() {
    // 2025: 50 mu, 2026: 100, up to 20 of 2026's used in 2025. a (city, 3) needs 100 but is
    // of use only in 2025; b (block, 1) needs 200. a: 50 + 20 borrowed = 70 (210); b: the 80
    // left in 2026 (0.9·80 = 72). Objective 282 (without borrowing: 150 + 90 = 240).
    let src = two_years(
        "capacity_mu = 50\ncapacity_by_year_mu = { 2026 = 100 }\nborrow_max_mu = 20",
        "",
        &(project("a", "A", "city", 100.0, "last_year = 2025")
            + &project("b", "B", "block", 200.0, "")),
        "",
    );
    let sc = parse(&src);
    let s = solve_ok(&sc);
    assert_close(in_year(&sc, &s, "a", 0), 70.0, "a in 2025");
    assert_close(in_year(&sc, &s, "a", 1), 0.0, "a in 2026");
    assert_close(in_year(&sc, &s, "b", 1), 80.0, "b in 2026");
    assert_close(s.allocation.borrow[0][0], 20.0, "borrowed");
    assert_close(s.objective, 282.0, "objective");
    let none = parse(&src.replace("borrow_max_mu = 20", ""));
    assert_close(
        solve_ok(&none).objective,
        240.0,
        "objective without borrowing",
    );
}

#[test]
fn r10_banked_indicators_move_a_project_to_the_next_year() {
    // 100 mu a year. A holds 20 mu of farmland compensation and banks 30 more in 2026. a
    // (city, 3) needs 100 and occupies 0.5 mu of farmland per mu: 40 mu in 2025 (20 held),
    // 60 more in 2026 (50 banked in all). Objective 3·40 + 2.7·60 = 282.
    let src = two_years(
        "capacity_mu = 100",
        "farmland_held_mu = 20",
        &project("a", "A", "city", 100.0, "farmland_mu = 50"),
        "[rules.farmland]\n[[county_years]]\ncounty = \"A\"\nyear = 2026\nfarmland_held_mu = 30",
    );
    let sc = parse(&src);
    let s = solve_ok(&sc);
    assert_close(in_year(&sc, &s, "a", 0), 40.0, "a in 2025");
    assert_close(in_year(&sc, &s, "a", 1), 60.0, "a in 2026");
    assert_close(s.objective, 282.0, "objective");
}

#[test]
fn r10_stock_linkage_per_year_uses_that_years_disposal() {
    // Ceilings: 2025 0.5·100 = 50, 2026 0.5·40 = 20 (county_years). a (city, 3) needs 100.
    // 50 in 2025 and 20 in 2026: 150 + 54 = 204.
    let src = two_years(
        "capacity_mu = 100",
        "disposed_unsupplied_mu = 100",
        &project("a", "A", "city", 100.0, ""),
        "[rules.stock_linkage]\nalpha = 0.5\nbeta = 0\npools = [\"p\"]\n[[county_years]]\ncounty = \"A\"\nyear = 2026\ndisposed_unsupplied_mu = 40",
    );
    let sc = parse(&src);
    let s = solve_ok(&sc);
    assert_close(in_year(&sc, &s, "a", 0), 50.0, "2025");
    assert_close(in_year(&sc, &s, "a", 1), 20.0, "2026");
    assert_close(s.objective, 204.0, "objective");
}

#[test]
fn r10_outside_boundary_share_per_year_and_over_the_horizon() {
    // 100 mu a year. a (city, 3, outside the boundary) needs 100; b (block, 1) needs 300.
    // Each year outside ≤ 50% of that year's grants; over both years ≤ 25%: with all 200 mu
    // granted, 50 outside, best in 2025. 3·50 + 50 + 0.9·100 = 290.
    let src = two_years(
        "capacity_mu = 100",
        "",
        &(project("a", "A", "city", 100.0, "outside_boundary = true")
            + &project("b", "B", "block", 300.0, "")),
        "[rules.outside_boundary]\nmax_share_total = 0.5\nmax_share_horizon = 0.25",
    );
    let sc = parse(&src);
    let s = solve_ok(&sc);
    assert_close(in_year(&sc, &s, "a", 0), 50.0, "a in 2025");
    assert_close(in_year(&sc, &s, "a", 1), 0.0, "a in 2026");
    assert_close(s.objective, 290.0, "objective");
}

#[test]
fn rewards_go_only_to_the_named_counties_or_cities() {
    // One year. `reward` (100 mu) names county A; `p` (50 mu) is for all. b in B (city, 3)
    // can draw only on p: 50. a in A (block, 1) gets the whole reward: 100. Objective 250.
    let src = r#"
[scenario]
name = "reward"
[objective]
tie_break = "none"
[[categories]]
id = "u"
[[pools]]
id = "reward"
capacity_mu = 100
categories = ["u"]
counties = ["A"]
[[pools]]
id = "p"
capacity_mu = 50
categories = ["u"]
[[counties]]
id = "A"
city = "金华市"
[[counties]]
id = "B"
city = "嘉兴市"
[[projects]]
id = "a"
county = "A"
category = "u"
tier = "block"
need_mu = 200
[[projects]]
id = "b"
county = "B"
category = "u"
tier = "city"
need_mu = 200
"#;
    let sc = parse(src);
    let s = solve_ok(&sc);
    let (a, b) = (id(&sc, "a"), id(&sc, "b"));
    assert_close(
        s.allocation.from_pool(a, landquota::scenario::PoolId(0)),
        100.0,
        "a from reward",
    );
    assert_close(
        s.allocation.from_pool(b, landquota::scenario::PoolId(0)),
        0.0,
        "b from reward",
    );
    assert_close(s.allocation.granted(b), 50.0, "b");
    assert_close(s.objective, 250.0, "objective");
    // A city's name stands for its counties: naming 嘉兴市 gives the reward to B (3·150 = 450).
    let sc = parse(&src.replace("counties = [\"A\"]", "counties = [\"嘉兴市\"]"));
    let s = solve_ok(&sc);
    assert_close(
        s.allocation.granted(id(&sc, "b")),
        150.0,
        "b with the city named",
    );
    assert_close(s.objective, 450.0, "objective with the city named");
    // The checker catches a grant from the reward pool to an unnamed county.
    let mut bad = s.allocation.clone();
    bad.grants[id(&sc, "a").idx()].push((landquota::scenario::PoolId(0), 10.0));
    let broken: Vec<_> = check(&sc, &bad).into_iter().filter(|c| !c.holds).collect();
    assert!(broken.iter().any(|c| c.rule == "eligibility"), "{broken:?}");
    // An unknown county is named with the known ones.
    let err = scenario::from_source(
        &src.replace("counties = [\"A\"]", "counties = [\"C\"]"),
        Path::new("t.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("unknown county \"C\""), "{err}");
}

#[test]
fn deductions_lower_the_cap_or_else_the_demand() {
    // One year, pool 200. A's project a (city, 3) needs 150; B's b (block, 1) needs 200.
    // A has a cap of 100 and a deduction of 30: at most 70. a 70, b 130: 340.
    let src = r#"
[scenario]
name = "deduction"
[objective]
tie_break = "none"
[[categories]]
id = "u"
[[pools]]
id = "p"
capacity_mu = 200
categories = ["u"]
[[counties]]
id = "A"
cap_mu = 100
deduction_mu = 30
[[counties]]
id = "B"
[[projects]]
id = "a"
county = "A"
category = "u"
tier = "city"
need_mu = 150
[[projects]]
id = "b"
county = "B"
category = "u"
tier = "block"
need_mu = 200
"#;
    let sc = parse(src);
    let s = solve_ok(&sc);
    assert_close(s.allocation.granted(id(&sc, "a")), 70.0, "a");
    assert_close(s.objective, 340.0, "objective");
    // Without a cap the deduction comes off the county's demand: 150 − 30 = 120; 360 + 80.
    let sc = parse(&src.replace("cap_mu = 100\n", ""));
    let s = solve_ok(&sc);
    assert_close(s.allocation.granted(id(&sc, "a")), 120.0, "a without cap");
    assert_close(s.objective, 440.0, "objective without cap");
    let r = landquota::commands::solve::judge(&sc, "minilp", &Ok(s), None);
    assert_eq!(r.counties[0].deduction_mu, Some(30.0));
    assert!(
        r.checks
            .iter()
            .any(|c| c.rule == "county_deduction" && c.holds)
    );
}

#[test]
fn horizon_problems_are_named() {
    let base = two_years(
        "capacity_mu = 10",
        "",
        &project("a", "A", "city", 5.0, ""),
        "",
    );
    for (from, to, expected) in [
        (
            "years = [2025, 2026]",
            "years = [2025, 2027]",
            "are not consecutive",
        ),
        (
            "years = [2025, 2026]",
            "years = [2024, 2025]",
            "the scenario's year is 2025",
        ),
        (
            "discount = 0.9",
            "discount = 1.5",
            "expected a discount in (0, 1]",
        ),
        (
            "need_mu = 5\n",
            "need_mu = 5\nready_from = 2026\nlast_year = 2025\n",
            "before ready_from",
        ),
        (
            "capacity_mu = 10",
            "capacity_mu = 10\ncapacity_by_year_mu = { 2030 = 5 }",
            "2030 is not a year of the horizon",
        ),
    ] {
        let src = base.replace(from, to);
        assert_ne!(src, base, "{from}");
        let err = scenario::from_source(&src, Path::new("t.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{to}: {err}");
    }
    // Later-year fields in a one-year scenario.
    let one = base.replace(
        "[rules.horizon]\nyears = [2025, 2026]\ndiscount = 0.9\n",
        "",
    );
    let err = scenario::from_source(
        &one.replace(
            "capacity_mu = 10",
            "capacity_mu = 10\ncarry_over_max_mu = 5",
        ),
        Path::new("t.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("plans one year only"), "{err}");
}

/// A random two- or three-year scenario: the one-year property cases' shape (see props.rs),
/// with later-year capacities, carry-over and borrowing limits, and ready years.
#[derive(Debug, Clone)]
struct Years {
    n: usize,
    pools: Vec<(u32, Vec<u32>, u32, u32)>,
    projects: Vec<(usize, usize, u32, u32, usize, bool)>,
    held: Vec<(u32, u32)>,
    outside_horizon: Option<u32>,
}

fn years_case() -> impl Strategy<Value = Years> {
    (2..=3usize).prop_flat_map(|n| {
        (
            prop::collection::vec(
                (
                    0..200u32,
                    prop::collection::vec(0..200u32, n - 1),
                    0..60u32,
                    0..60u32,
                ),
                1..=2,
            ),
            prop::collection::vec(
                (
                    0..2usize,
                    0..5usize,
                    1..150u32,
                    0..60u32,
                    0..n,
                    prop::bool::weighted(0.3),
                ),
                2..=7,
            ),
            prop::collection::vec((0..80u32, 0..80u32), 2),
            prop::option::weighted(0.4, 5..50u32),
        )
            .prop_map(move |(pools, projects, held, outside_horizon)| Years {
                n,
                pools,
                projects,
                held,
                outside_horizon,
            })
    })
}

const TIERS: [&str; 5] = ["national", "provincial", "city", "county", "block"];

fn render_years(c: &Years, reverse: bool) -> String {
    let years: Vec<i64> = (0..c.n as i64).map(|t| 2025 + t).collect();
    let mut s = String::from(
        "[scenario]\nname = \"years\"\nyear = 2025\n[objective]\ntie_break = \"none\"\n[[categories]]\nid = \"u\"\n",
    );
    for (i, (cap, later, carry, borrow)) in c.pools.iter().enumerate() {
        let by: Vec<String> = later
            .iter()
            .enumerate()
            .map(|(t, v)| format!("{} = {v}", years[t + 1]))
            .collect();
        let _ = writeln!(
            s,
            "[[pools]]\nid = \"p{i}\"\ncapacity_mu = {cap}\ncategories = [\"u\"]\ncapacity_by_year_mu = {{ {} }}\ncarry_over_max_mu = {carry}\nborrow_max_mu = {borrow}",
            by.join(", ")
        );
    }
    for (i, (f, w)) in c.held.iter().enumerate() {
        let _ = writeln!(
            s,
            "[[counties]]\nid = \"c{i}\"\nfarmland_held_mu = {f}\ndisposed_unsupplied_mu = {w}"
        );
    }
    let mut order: Vec<usize> = (0..c.projects.len()).collect();
    if reverse {
        order.reverse();
    }
    for i in order {
        let (county, tier, need, farm, ready, outside) = c.projects[i];
        let _ = writeln!(
            s,
            "[[projects]]\nid = \"x{i}\"\ncounty = \"c{county}\"\ncategory = \"u\"\ntier = \"{}\"\nneed_mu = {need}\nfarmland_mu = {}\nready_from = {}\noutside_boundary = {outside}",
            TIERS[tier],
            need as f64 * farm as f64 / 100.0,
            years[ready]
        );
    }
    let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let _ = writeln!(
        s,
        "[rules.horizon]\nyears = [{}]\ndiscount = 0.85\n[rules.farmland]\nshared_pool_mu = 10\n[rules.stock_linkage]\nalpha = 1.5\nbeta = 0\nbase_mu = 20\npools = [\"p0\"]",
        list.join(", ")
    );
    for (t, year) in years.iter().enumerate().skip(1) {
        for k in 0..c.held.len() {
            let _ = writeln!(
                s,
                "[[county_years]]\ncounty = \"c{k}\"\nyear = {year}\nfarmland_held_mu = {}",
                5 * t
            );
        }
    }
    if let Some(o) = c.outside_horizon {
        let _ = writeln!(
            s,
            "[rules.outside_boundary]\nmax_share_horizon = {}",
            o as f64 / 100.0
        );
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Every rule holds in every year on the optimum; the objective is the discounted weighted
    /// mu of the plan; the same optimum whatever the order of the projects.
    #[test]
    fn multi_year_optimum_is_valid_and_order_free(c in years_case()) {
        let src = render_years(&c, false);
        let sc = parse(&src);
        let solved = solve(&sc).expect("no floors or earmarks: always feasible");
        let checks = check(&sc, &solved.allocation);
        prop_assert!(all_hold(&checks), "checks failed: {:?}\n{}", checks, src);
        let opt = solved.allocation.weighted_mu(&sc);
        prop_assert!((opt - solved.objective).abs() <= 1e-6 * opt.abs().max(1.0), "{} vs {}\n{}", opt, solved.objective, src);
        let reversed = parse(&render_years(&c, true));
        let other = solve(&reversed).unwrap().objective;
        prop_assert!((other - solved.objective).abs() <= 1e-6 * opt.abs().max(1.0), "reversed order: {} vs {}", other, solved.objective);
        // Any grant outside a project's window, or a carry beyond its limit, is caught.
        let mut bad = solved.allocation.clone();
        bad.carry[0][0] = sc.pools[0].carry_over_max_mu + 1.0;
        prop_assert!(!all_hold(&check(&sc, &bad)));
    }

    /// A later year with nothing in it changes nothing: the plan year alone is the one-year
    /// optimum.
    #[test]
    fn an_empty_later_year_leaves_the_one_year_optimum(c in years_case()) {
        let mut c = c;
        c.n = 2;
        for p in &mut c.pools {
            p.1 = vec![0];
            p.2 = 0;
            p.3 = 0;
        }
        for p in &mut c.projects {
            p.4 = 0;
        }
        c.outside_horizon = None;
        let multi = parse(&render_years(&c, false));
        let one_src = render_years(&c, false)
            .replace("years = [2025, 2026]", "years = [2025]")
            .replace("capacity_by_year_mu = { 2026 = 0 }\n", "")
            .replace("carry_over_max_mu = 0\nborrow_max_mu = 0\n", "");
        let one_src: String = one_src.split("[[county_years]]").next().unwrap().to_string();
        let one = parse(&one_src);
        let a = solve(&multi).unwrap().objective;
        let b = solve(&one).unwrap().objective;
        prop_assert!((a - b).abs() <= 1e-6 * a.abs().max(1.0), "{} vs {}", a, b);
    }
}

/// Issue 27: a minimum share holds over the whole horizon, so a line too large for one year's
/// pool or cap is funded across its years, not left at nothing (nor the scenario infeasible).
#[test]
fn r10_a_minimum_share_is_reached_over_the_years_not_in_one() {
    // 100 mu in each of 2025 and 2026; a (city, 3) needs 140, all or nothing. a: 100 in 2025
    // and 40 in 2026: 3·100 + 2.7·40 = 408 (one year's 100 < 140 used to leave it unfunded).
    let pool = two_years(
        "capacity_mu = 100",
        "",
        &project("a", "A", "city", 140.0, "min_share = 1.0"),
        "",
    );
    let sc = parse(&pool);
    let s = solve_ok(&sc);
    assert_close(in_year(&sc, &s, "a", 0), 100.0, "a in 2025");
    assert_close(in_year(&sc, &s, "a", 1), 40.0, "a in 2026");
    assert_close(s.objective, 408.0, "objective");

    // A's cap is 130 mu a year; a needs 200, all or nothing, from a pool of 500 a year: 130 in
    // 2025, 70 in 2026: 390 + 2.7·70 = 579.
    let cap = two_years(
        "capacity_mu = 500",
        "cap_mu = 130",
        &project("a", "A", "city", 200.0, "min_share = 1.0"),
        "",
    );
    let sc = parse(&cap);
    let s = solve_ok(&sc);
    assert_close(in_year(&sc, &s, "a", 0), 130.0, "a in 2025 under the cap");
    assert_close(in_year(&sc, &s, "a", 1), 70.0, "a in 2026 under the cap");
    assert_close(s.objective, 579.0, "objective under the cap");

    // Three years of 140 mu, A's floor 2 mu a year, a needs 330 all or nothing: 140 + 140 +
    // 50 meets every rule (it was reported infeasible): 3·(140 + 0.9·140 + 0.81·50) = 919.5.
    let floor = two_years(
        "capacity_mu = 140",
        "floor_mu = 2",
        &project("a", "A", "city", 330.0, "min_share = 1.0"),
        "",
    )
    .replace("years = [2025, 2026]", "years = [2025, 2026, 2027]");
    let sc = parse(&floor);
    let s = solve_ok(&sc);
    assert_close(in_year(&sc, &s, "a", 0), 140.0, "a in 2025 with a floor");
    assert_close(in_year(&sc, &s, "a", 1), 140.0, "a in 2026 with a floor");
    assert_close(in_year(&sc, &s, "a", 2), 50.0, "a in 2027 with a floor");
    assert_close(s.objective, 919.5, "objective with a floor");

    // The bound still spares what truly cannot be reached: a ready only in 2026 with no
    // carry-over sees 100 mu, not 200, and stays at nothing (objective 0).
    let late = parse(&two_years(
        "capacity_mu = 100",
        "",
        &project(
            "a",
            "A",
            "city",
            140.0,
            "min_share = 1.0\nready_from = 2026",
        ),
        "",
    ));
    assert_close(solve_ok(&late).objective, 0.0, "objective when ready late");
}

/// Issue 27: the fair rule is applied on small multi-year scenarios. On this one (two years,
/// 12 lines, four minimum-share lines) microlp answered "Singular matrix" in the stage that
/// settles ties among indivisible lines, and the whole fair stage was dropped (the plan "an
/// optimum as the solver found it"). Now the dense simplex takes over such a small stage: the
/// fair rule is applied, every rule holds and the optimum is that of the priorities alone.
#[test]
fn the_fair_rule_is_applied_where_the_indivisible_stage_was_singular() {
    let path = repo().join("tests/data/fair-multi-year");
    let sc = scenario::from_path(&path).unwrap();
    let auto = landquota::commands::backend::by_name("auto").unwrap();
    let fair = landquota::model::solve(&sc, auto.as_ref()).expect("solved");
    match &fair.fairness {
        Some(Ok(f)) => assert!(f.lines.iter().any(|l| l.is_some())),
        other => panic!("the fair stage was not applied: {other:?}"),
    }
    assert!(all_hold(&check(&sc, &fair.allocation)));
    let mut plain = sc.clone();
    plain.objective.tie_break = scenario::TieBreak::None;
    let optimum = landquota::model::solve(&plain, auto.as_ref())
        .unwrap()
        .objective;
    assert_close(fair.objective, optimum, "objective of the fair plan");

    let out = cli(&[
        "solve",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--no-explain",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["status"], "optimal");
    assert!(json["message"].is_null(), "{}", json["message"]);
}

//! One small scenario per rule, with the optimum computed by hand in the comments and asserted.
//! Tie-breaking is off (`tie_break = "none"`) so the objective is exactly Σ weight × mu.

use crate::common::*;
use landquota::report::Status;

/// Two counties A and B, one pool `p` funding categories `u` (urban) and `fh` (farmer
/// housing), default tier weights (national 5, provincial 4, city 3, county 2, block 1).
fn scenario(pool_mu: f64, counties: &str, projects: &str, rules: &str) -> String {
    format!(
        r#"
[scenario]
name = "rule-test"
[objective]
tie_break = "none"
[[categories]]
id = "u"
[[categories]]
id = "fh"
rural = true
[[pools]]
id = "p"
capacity_mu = {pool_mu}
categories = ["u", "fh"]
[[counties]]
id = "A"
{counties}
[[counties]]
id = "B"
{projects}
{rules}
"#
    )
}

fn project(id: &str, county: &str, tier: &str, need: f64, extra: &str) -> String {
    format!(
        "[[projects]]\nid = \"{id}\"\ncounty = \"{county}\"\ncategory = \"u\"\ntier = \"{tier}\"\nneed_mu = {need}\n{extra}\n"
    )
}

fn run(src: &str) -> (landquota::scenario::Scenario, landquota::model::Solved) {
    let sc = parse(src);
    let s = solve_ok(&sc);
    (sc, s)
}

#[test]
fn r1_pool_capacity_goes_to_the_heavier_tier() {
    // Pool 100; a city project (weight 3) needs 80, a block line (1) needs 50:
    // a gets 80, b the remaining 20. Objective 3·80 + 1·20 = 260.
    let src = scenario(
        100.0,
        "",
        &(project("a", "A", "city", 80.0, "") + &project("b", "B", "block", 50.0, "")),
        "",
    );
    let (sc, s) = run(&src);
    assert_close(granted(&sc, &s.allocation, "a"), 80.0, "a");
    assert_close(granted(&sc, &s.allocation, "b"), 20.0, "b");
    assert_close(s.objective, 260.0, "objective");
}

#[test]
fn r2_all_or_nothing_and_minimum_share() {
    // Pool 100. a: national (5), 70, all-or-nothing. b: provincial (4), 60, all-or-nothing.
    // c: block (1), 100, divisible. a and b cannot both fit; a + 30 of c = 380 beats b + 40 of c = 280.
    let ps = project("a", "A", "national", 70.0, "min_share = 1")
        + &project("b", "A", "provincial", 60.0, "min_share = 1")
        + &project("c", "B", "block", 100.0, "");
    let (sc, s) = run(&scenario(100.0, "", &ps, ""));
    assert_close(granted(&sc, &s.allocation, "a"), 70.0, "a");
    assert_close(granted(&sc, &s.allocation, "b"), 0.0, "b");
    assert_close(s.objective, 380.0, "objective");

    // With b accepting half (min_share 0.5): a 70 + b 30 = 350 + 120 = 470.
    let ps = project("a", "A", "national", 70.0, "min_share = 1")
        + &project("b", "A", "provincial", 60.0, "min_share = 0.5")
        + &project("c", "B", "block", 100.0, "");
    let (sc, s) = run(&scenario(100.0, "", &ps, ""));
    assert_close(granted(&sc, &s.allocation, "b"), 30.0, "b");
    assert_close(s.objective, 470.0, "objective");
}

#[test]
fn r2_minimum_share_rather_nothing_than_too_little() {
    // Pool 40; a (national, 100, min_share 0.5) would need at least 50: it gets nothing,
    // and the block line b takes the 40. Objective 40.
    let ps = project("a", "A", "national", 100.0, "min_share = 0.5")
        + &project("b", "B", "block", 100.0, "");
    let (sc, s) = run(&scenario(40.0, "", &ps, ""));
    assert_close(granted(&sc, &s.allocation, "a"), 0.0, "a");
    assert_close(s.objective, 40.0, "objective");
}

#[test]
fn r3_stock_linkage_limits_linked_pools_only() {
    // Ceiling = 0.5 × unsupplied + 1 × idle + 10 base. A: 0.5·100 + 20 + 10 = 80; B: 10.
    // Pool p (200) is linked; pool q (50) is not. a (city, 150 in A) takes 80 from p and 50 from q;
    // b (block, 150 in B) takes 10 from p. Objective 3·130 + 1·10 = 400.
    let src = scenario(
        200.0,
        "disposed_unsupplied_mu = 100\ndisposed_idle_mu = 20",
        &(project("a", "A", "city", 150.0, "") + &project("b", "B", "block", 150.0, "")),
        "[[pools]]\nid = \"q\"\ncapacity_mu = 50\ncategories = [\"u\"]\n[rules.stock_linkage]\nalpha = 0.5\nbeta = 1.0\nbase_mu = 10\npools = [\"p\"]",
    );
    let (sc, s) = run(&src);
    assert_close(granted(&sc, &s.allocation, "a"), 130.0, "a");
    assert_close(granted(&sc, &s.allocation, "b"), 10.0, "b");
    assert_close(s.objective, 400.0, "objective");
}

#[test]
fn r4_farmland_balance_with_shared_pool() {
    // A holds 20 mu of compensation indicators, the shared pool has 10. a (city, 100, half of it
    // farmland) can take at most (20 + 10) / 0.5 = 60. b (block, 100 in A) takes no farmland.
    // c (county tier, 40 in B, all farmland, B holds 0) would use the shared pool at 2 per mu of
    // farmland; a uses it at 3 × 2 = 6: the shared pool goes to a. Pool 200: a 60, b 100, c 0.
    // Objective 3·60 + 100 = 280.
    let ps = project("a", "A", "city", 100.0, "farmland_mu = 50")
        + &project("b", "A", "block", 100.0, "")
        + &project("c", "B", "county", 40.0, "farmland_mu = 40");
    let src = scenario(
        200.0,
        "farmland_held_mu = 20",
        &ps,
        "[rules.farmland]\nshared_pool_mu = 10",
    );
    let (sc, s) = run(&src);
    assert_close(granted(&sc, &s.allocation, "a"), 60.0, "a");
    assert_close(granted(&sc, &s.allocation, "c"), 0.0, "c");
    assert_close(s.objective, 280.0, "objective");
}

#[test]
fn r5_forest_balance_without_shared_pool() {
    // A holds 15 mu of forest quota; a (city, 100, 30 of it forest) can take 15 / 0.3 = 50.
    // b (block, 100) fills the rest of pool 120: 70. Objective 150 + 70 = 220.
    let ps =
        project("a", "A", "city", 100.0, "forest_mu = 30") + &project("b", "B", "block", 100.0, "");
    let (sc, s) = run(&scenario(
        120.0,
        "forest_held_mu = 15",
        &ps,
        "[rules.forest]",
    ));
    assert_close(granted(&sc, &s.allocation, "a"), 50.0, "a");
    assert_close(s.objective, 220.0, "objective");
}

#[test]
fn r6_outside_boundary_total_share() {
    // At most 20% of what is granted may go outside: a ≤ 0.2 (a + b), i.e. a ≤ b / 4.
    // b (block, inside, 100) is granted fully, a (city, outside, 100) gets 25. 3·25 + 100 = 175.
    let ps = project("a", "A", "city", 100.0, "outside_boundary = true")
        + &project("b", "B", "block", 100.0, "");
    let (sc, s) = run(&scenario(
        200.0,
        "",
        &ps,
        "[rules.outside_boundary]\nmax_share_total = 0.2",
    ));
    assert_close(granted(&sc, &s.allocation, "a"), 25.0, "a");
    assert_close(s.objective, 175.0, "objective");
}

#[test]
fn r6_outside_boundary_county_share() {
    // Per county at most half outside: in A, a (outside, city, 100) ≤ a2 (inside, block, 30).
    // a 30, a2 30; B's line b (block, 20) full. Objective 90 + 30 + 20 = 140.
    let ps = project("a", "A", "city", 100.0, "outside_boundary = true")
        + &project("a2", "A", "block", 30.0, "")
        + &project("b", "B", "block", 20.0, "");
    let (sc, s) = run(&scenario(
        200.0,
        "",
        &ps,
        "[rules.outside_boundary]\nmax_share_county = 0.5",
    ));
    assert_close(granted(&sc, &s.allocation, "a"), 30.0, "a");
    assert_close(s.objective, 140.0, "objective");
}

fn farmer_housing(id: &str, county: &str, need: f64, extra: &str) -> String {
    format!(
        "[[projects]]\nid = \"{id}\"\ncounty = \"{county}\"\ncategory = \"fh\"\ntier = \"block\"\nneed_mu = {need}\n{extra}\n"
    )
}

#[test]
fn r7_earmark_share_of_plan() {
    // Farmer housing ≥ 10% of the plan (pool 100): h ≥ 10, so a (city, 100) gets 90.
    // Objective 3·90 + 10 = 280.
    let ps = project("a", "A", "city", 100.0, "") + &farmer_housing("h", "B", 50.0, "");
    let (sc, s) = run(&scenario(
        100.0,
        "",
        &ps,
        "[[rules.earmarks]]\ncategory = \"fh\"\nmin_share = 0.1",
    ));
    assert_close(granted(&sc, &s.allocation, "h"), 10.0, "h");
    assert_close(s.objective, 280.0, "objective");
}

#[test]
fn r7_earmark_share_of_granted() {
    // h ≥ 20% of everything granted: h ≥ (a + h) / 5 → h ≥ a / 4; with a + h ≤ 100: a 80, h 20.
    // Objective 240 + 20 = 260.
    let ps = project("a", "A", "city", 100.0, "") + &farmer_housing("h", "B", 50.0, "");
    let (sc, s) = run(&scenario(
        100.0,
        "",
        &ps,
        "[[rules.earmarks]]\ncategory = \"fh\"\nmin_share = 0.2\nbasis = \"granted\"",
    ));
    assert_close(granted(&sc, &s.allocation, "a"), 80.0, "a");
    assert_close(s.objective, 260.0, "objective");
}

#[test]
fn r8_frozen_county_gets_only_farmer_housing() {
    // A is frozen: a (city, 50) gets nothing, its farmer housing h (30) is exempt and granted.
    // Pool 150: b (county tier, 100 in B) 100, h 30. Objective 2·100 + 30 = 230.
    let ps = project("a", "A", "city", 50.0, "")
        + &farmer_housing("h", "A", 30.0, "")
        + &project("b", "B", "county", 100.0, "");
    let (sc, s) = run(&scenario(
        150.0,
        "frozen = true",
        &ps,
        "[rules.freeze]\nexempt_categories = [\"fh\"]",
    ));
    assert_close(granted(&sc, &s.allocation, "a"), 0.0, "a");
    assert_close(granted(&sc, &s.allocation, "h"), 30.0, "h");
    assert_close(s.objective, 230.0, "objective");
}

#[test]
fn r8_no_consolidation_no_rural_land() {
    // Township t (in A) has no recent consolidation. Rural category `fh` is exempt there, but a
    // second rural category `ri` is not: r gets nothing, h is granted. Pool 100: h 30, b (70) 70.
    let src = scenario(
        100.0,
        "",
        &(farmer_housing("h", "A", 30.0, "township = \"t\"")
            + "[[projects]]\nid = \"r\"\ncounty = \"A\"\ntownship = \"t\"\ncategory = \"ri\"\ntier = \"city\"\nneed_mu = 40\n"
            + &project("b", "B", "block", 70.0, "")),
        "[[categories]]\nid = \"ri\"\nrural = true\n[[pools]]\nid = \"q\"\ncapacity_mu = 40\ncategories = [\"ri\"]\n[[townships]]\nid = \"t\"\ncounty = \"A\"\nconsolidated = false\n[rules.consolidation]\nexempt_categories = [\"fh\"]",
    );
    let (sc, s) = run(&src);
    assert_close(granted(&sc, &s.allocation, "r"), 0.0, "r");
    assert_close(granted(&sc, &s.allocation, "h"), 30.0, "h");
    assert_close(s.objective, 100.0, "objective");
}

#[test]
fn r9_county_floor_and_cap() {
    // B is guaranteed 40: a (city, A) 60, b (block, B) 40. Objective 180 + 40 = 220.
    let ps = project("a", "A", "city", 100.0, "") + &project("b", "B", "block", 100.0, "");
    let src = scenario(100.0, "", &ps, "").replace("id = \"B\"\n", "id = \"B\"\nfloor_mu = 40\n");
    let (sc, s) = run(&src);
    assert_close(granted(&sc, &s.allocation, "b"), 40.0, "b");
    assert_close(s.objective, 220.0, "objective");
    // A is capped at 30: a 30, b 70. Objective 90 + 70 = 160.
    let (sc, s) = run(&scenario(100.0, "cap_mu = 30", &ps, ""));
    assert_close(granted(&sc, &s.allocation, "a"), 30.0, "a");
    assert_close(s.objective, 160.0, "objective");
}

#[test]
fn r9_lexicographic_tiers_beat_weights() {
    // Weights favour provincial (10) over national (1); pool 100, n (national, 50), v (provincial, 100).
    // Weighted: v takes all 100 (1000). Lexicographic: n first (50), then v 50: 50 + 500 = 550.
    let ps = project("n", "A", "national", 50.0, "") + &project("v", "B", "provincial", 100.0, "");
    let weights = "[objective.tier_weights]\nnational = 1\nprovincial = 10";
    let weighted = scenario(100.0, "", &ps, "").replace(
        "[[categories]]\nid = \"u\"",
        &format!("{weights}\n[[categories]]\nid = \"u\""),
    );
    let (sc, s) = run(&weighted);
    assert_close(granted(&sc, &s.allocation, "n"), 0.0, "n weighted");
    assert_close(s.objective, 1000.0, "weighted objective");
    let lex = weighted.replace(
        "tie_break = \"none\"",
        "tie_break = \"none\"\nmode = \"lexicographic\"",
    );
    let (sc, s) = run(&lex);
    assert_close(granted(&sc, &s.allocation, "n"), 50.0, "n lexicographic");
    assert_close(s.objective, 550.0, "lexicographic objective");
    assert_eq!(s.stages.len(), 2);
}

#[test]
fn hectares_are_converted_to_mu() {
    // 10 ha = 150 mu of pool; one block line of 2 ha (30 mu) and one of 120 mu: both full.
    let ps = project("a", "A", "block", 0.0, "").replace("need_mu = 0", "need_ha = 2")
        + &project("b", "B", "block", 120.0, "");
    let src = scenario(0.0, "", &ps, "").replace("capacity_mu = 0", "capacity_ha = 10");
    let (sc, s) = run(&src);
    assert_close(sc.pools[0].capacity_mu, 150.0, "capacity");
    assert_close(granted(&sc, &s.allocation, "a"), 30.0, "a");
    assert_close(s.allocation.total(), 150.0, "total");
}

#[test]
fn list_order_breaks_ties() {
    // Two identical block lines, pool 50: with list-order tie-break the first listed wins.
    let ps = project("first", "A", "block", 50.0, "") + &project("second", "B", "block", 50.0, "");
    let src =
        scenario(50.0, "", &ps, "").replace("tie_break = \"none\"", "tie_break = \"list-order\"");
    let (sc, s) = run(&src);
    assert_close(granted(&sc, &s.allocation, "first"), 50.0, "first");
    assert_close(granted(&sc, &s.allocation, "second"), 0.0, "second");
    // The tie-break moves the objective by at most 1e-6 relative.
    assert_close(s.allocation.weighted_mu(&sc), 50.0, "weighted mu");
    assert!((s.objective - 50.0).abs() <= 50.0 * 1e-6);
    // Swapping the order swaps the winner.
    let swapped = scenario(
        50.0,
        "",
        &(project("second", "B", "block", 50.0, "") + &project("first", "A", "block", 50.0, "")),
        "",
    )
    .replace("tie_break = \"none\"", "tie_break = \"list-order\"");
    let (sc, s) = run(&swapped);
    assert_close(
        granted(&sc, &s.allocation, "second"),
        50.0,
        "second first in list",
    );
}

#[test]
fn floor_above_stock_ceiling_is_infeasible() {
    // B's floor (50) is above its stock-linkage ceiling (base 10): no plan meets both.
    let ps = project("a", "A", "city", 100.0, "") + &project("b", "B", "block", 100.0, "");
    let src = scenario(
        100.0,
        "",
        &ps,
        "[rules.stock_linkage]\nalpha = 0.5\nbeta = 1\nbase_mu = 10\npools = [\"p\"]",
    )
    .replace("id = \"B\"\n", "id = \"B\"\nfloor_mu = 50\n");
    let sc = parse(&src);
    let result = solve(&sc);
    assert!(
        matches!(result, Err(blocklp::SolveError::Infeasible)),
        "expected infeasible"
    );
    let report = landquota::commands::solve::judge(&sc, "minilp", &result, None);
    assert_eq!(report.status, Status::Infeasible);
    assert!(report.projects.is_empty() && report.objective.is_none());
}

//! Marginal values against re-solving with the capacity moved by δ; one-sided values at
//! degenerate points; a catalogue of infeasible scenarios and their named conflicts; the
//! certificate, the reasons and the pro-rata baseline.

use crate::common::*;
use blocklp::backend::Minilp;
use landquota::commands::solve::{Options, run};
use landquota::report::{Report, Status};
use landquota::scenario::Scenario;

const EXPLAIN: Options = Options {
    explain: true,
    compare_pro_rata: false,
};

fn optimum(sc: &Scenario) -> Option<f64> {
    solve(sc).ok().map(|s| s.objective)
}

/// Moves the right-hand side of a rule by `d` mu through the scenario itself, when the rule
/// has a right-hand side an officer can set.
fn shifted(sc: &Scenario, rule: &str, id: &str, d: f64) -> Option<Scenario> {
    let mut s = sc.clone();
    let county = s.counties.iter().position(|c| c.id == id);
    match rule {
        "pool_capacity" => s.pools.iter_mut().find(|p| p.id == id)?.capacity_mu += d,
        "farmland_balance" => s.counties[county?].farmland_held_mu += d,
        "forest_balance" => s.counties[county?].forest_held_mu += d,
        "county_cap" => *s.counties[county?].cap_mu.as_mut()? += d,
        "county_floor" => *s.counties[county?].floor_mu.as_mut()? += d,
        "farmland_shared_pool" => s.rules.farmland.as_mut()?.shared_pool_mu += d,
        "forest_shared_pool" => s.rules.forest.as_mut()?.shared_pool_mu += d,
        "stock_linkage" => {
            // The ceiling is α·unsupplied + β·idle + base: move it through the idle land.
            let beta = s.rules.stock_linkage.as_ref()?.beta;
            if beta <= 0.0 {
                return None;
            }
            s.counties[county?].disposed_idle_mu += d / beta;
        }
        _ => return None,
    }
    Some(s)
}

/// Every binding rule's one-sided values agree with (z(b ± δ) − z(b)) / δ from cold solves.
fn check_against_resolves(sc: &Scenario, report: &Report) -> usize {
    let z = report.objective.unwrap();
    let d = 1e-3;
    let mut checked = 0;
    for v in report.marginal_values.iter().filter(|v| v.binding) {
        let (Some(up), Some(down)) = (
            shifted(sc, v.rule, &v.id, d),
            shifted(sc, v.rule, &v.id, -d),
        ) else {
            continue;
        };
        let more = optimum(&up).map(|zu| (zu - z) / d);
        let less = optimum(&down).map(|zd| (z - zd) / d);
        for (what, measured, reported) in [
            ("more", more, v.marginal_value_more),
            ("less", less, v.marginal_value_less),
        ] {
            match (measured, reported) {
                (Some(m), Some(r)) => assert!(
                    (m - r).abs() <= 1e-3 * r.abs().max(1.0),
                    "{}.{} {what}: re-solve gives {m}, reported {r}",
                    v.rule,
                    v.id
                ),
                (None, None) => {}
                (m, r) => panic!(
                    "{}.{} {what}: re-solve gives {m:?}, reported {r:?}",
                    v.rule, v.id
                ),
            }
        }
        checked += 1;
    }
    checked
}

#[test]
fn marginal_values_match_resolves_on_the_tutorial() {
    let sc = landquota::scenario::from_path(&repo().join("scenarios/tutorial")).unwrap();
    let report = run(&sc, &Minilp, EXPLAIN);
    assert_eq!(report.status, Status::Optimal);
    assert!(check_against_resolves(&sc, &report) >= 4);
    // Pool values by hand: one more mu of infrastructure funds 1 mu of jd-ring (weight 4) and,
    // since it lies inside the boundary in jindong, 0.3/0.7 mu more of jd-urban outside (weight 1).
    let infra = report
        .pools
        .iter()
        .find(|p| p.id == "infrastructure")
        .unwrap();
    assert_close(
        infra.marginal_value.unwrap(),
        4.0 + 0.3 / 0.7,
        "infrastructure value",
    );
    let urban = report.pools.iter().find(|p| p.id == "urban_batch").unwrap();
    assert_eq!(
        urban.marginal_value,
        Some(0.0),
        "urban batch has free capacity"
    );
}

#[test]
fn marginal_values_match_resolves_on_jinhua() {
    let sc = landquota::scenario::from_path(&repo().join("scenarios/jinhua-2025")).unwrap();
    let report = run(&sc, &Minilp, EXPLAIN);
    assert_eq!(report.status, Status::Optimal);
    assert!(check_against_resolves(&sc, &report) >= 5);
}

const ONE_POOL: &str = r#"
[scenario]
name = "degenerate"
[objective]
tie_break = "none"
[[categories]]
id = "u"
[[pools]]
id = "p"
capacity_mu = 100
categories = ["u"]
[[counties]]
id = "A"
[[projects]]
id = "a"
county = "A"
category = "u"
tier = "city"
need_mu = 100
"#;

#[test]
fn degenerate_values_are_one_sided() {
    // Pool 100 = the only need (city, weight 3): one more mu buys nothing, one less loses 3.
    let sc = parse(ONE_POOL);
    let report = run(&sc, &Minilp, EXPLAIN);
    let p = &report.pools[0];
    assert_eq!(p.marginal_value, None, "no two-sided value at a kink");
    assert_close(p.marginal_value_more.unwrap(), 0.0, "more");
    assert_close(p.marginal_value_less.unwrap(), 3.0, "less");
    let json = report.to_json();
    assert!(
        json.contains("\"marginal_value\": null") && json.contains("\"marginal_value_less\": 3.0")
    );
}

#[test]
fn certificate_proves_the_shipped_plans_optimal() {
    for name in ["tutorial", "jinhua-2025", "jiaxing-2019"] {
        let sc = landquota::scenario::from_path(&repo().join("scenarios").join(name)).unwrap();
        let report = run(&sc, &Minilp, EXPLAIN);
        let c = report
            .certificate
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no certificate: {:?}", report.message));
        assert!(c.optimal && c.relative_gap <= 1e-7, "{name}: {c:?}");
        assert_close(
            c.primal_objective,
            report.objective.unwrap(),
            "certificate primal = objective",
        );
        assert!(c.max_primal_violation <= 1e-6 && c.max_dual_violation <= 1e-6);
    }
}

#[test]
fn every_shortfall_has_a_reason() {
    let sc = landquota::scenario::from_path(&repo().join("scenarios/tutorial")).unwrap();
    let report = run(&sc, &Minilp, EXPLAIN);
    let reason = |id: &str| {
        report
            .projects
            .iter()
            .find(|p| p.id == id)
            .unwrap()
            .reason
            .as_ref()
            .map(|m| m.to_string())
    };
    for p in &report.projects {
        assert_eq!(
            p.reason.is_some(),
            p.status != landquota::report::Grant::Full,
            "{}",
            p.id
        );
    }
    // Plain words and names (issue 24): no marginal values or weights in a reason.
    assert_eq!(
        reason("jd-ring").unwrap(),
        "the pool 重大基础设施 is used up (900 mu)"
    );
    assert_eq!(reason("pj-road").unwrap(), "county frozen");
    assert!(reason("jd-rural").unwrap().contains("land consolidation"));
    assert!(
        reason("jd-urban")
            .unwrap()
            .contains("金东区 has reached the share of quota allowed outside the urban development boundary (30% of what it is granted)")
    );
    let jindong = report.counties.iter().find(|c| c.id == "jindong").unwrap();
    assert!(
        jindong
            .binding
            .iter()
            .any(|b| b.rule == "outside_boundary_county")
    );
}

fn conflicts(src: &str) -> Vec<(String, String, f64, Option<f64>, String)> {
    let sc = parse(src);
    let report = run(&sc, &Minilp, EXPLAIN);
    assert_eq!(report.status, Status::Infeasible);
    report
        .conflicts
        .iter()
        .map(|c| {
            (
                c.rule.to_string(),
                c.id.clone(),
                c.relax_mu,
                c.relax_alone_mu,
                c.suggestion.to_string(),
            )
        })
        .collect()
}

fn find<'a>(
    cs: &'a [(String, String, f64, Option<f64>, String)],
    rule: &str,
    id: &str,
) -> &'a (String, String, f64, Option<f64>, String) {
    cs.iter()
        .find(|c| c.0 == rule && c.1 == id)
        .unwrap_or_else(|| panic!("no conflict {rule}.{id} in {cs:?}"))
}

const TWO_COUNTIES: &str = r#"
[scenario]
name = "infeasible"
[[categories]]
id = "u"
[[categories]]
id = "fh"
[[pools]]
id = "p"
capacity_mu = 100
categories = ["u", "fh"]
[[counties]]
id = "A"
[[counties]]
id = "B"
[[projects]]
id = "a"
county = "A"
category = "u"
tier = "city"
need_mu = 100
[[projects]]
id = "h"
county = "B"
category = "fh"
tier = "block"
need_mu = 4
"#;

#[test]
fn infeasible_earmark_above_demand() {
    // Farmer housing ≥ 10% of a 100 mu plan = 10 mu, but only 4 mu is asked: 6 mu short.
    let cs = conflicts(&format!(
        "{TWO_COUNTIES}[[rules.earmarks]]\ncategory = \"fh\"\nmin_share = 0.1\n"
    ));
    let e = find(&cs, "earmark", "fh");
    assert_close(e.2, 6.0, "joint");
    assert_close(e.3.unwrap(), 6.0, "alone");
    assert!(e.4.contains("earmark for fh cannot be met"));
}

#[test]
fn infeasible_floor_above_stock_ceiling() {
    // B's floor 50 against a stock-linkage ceiling of 10: either gives 40 mu alone.
    let src = TWO_COUNTIES
        .replace("id = \"B\"\n", "id = \"B\"\nfloor_mu = 50\n")
        .replace("need_mu = 4", "need_mu = 60")
        + "[rules.stock_linkage]\nalpha = 0.5\nbeta = 1\nbase_mu = 10\npools = [\"p\"]\n";
    let cs = conflicts(&src);
    let floor = find(&cs, "county_floor", "B");
    let stock = find(&cs, "stock_linkage", "B");
    assert_close(floor.3.unwrap(), 40.0, "floor alone");
    assert_close(stock.3.unwrap(), 40.0, "stock alone");
    assert_close(
        floor.2 + stock.2,
        40.0,
        "the joint relaxation is 40 mu in all",
    );
    assert!(
        stock
            .4
            .contains("raise county B's stock-linkage ceiling (10 mu) by 40 mu"),
        "{}",
        stock.4
    );
}

#[test]
fn infeasible_frozen_county_with_floor() {
    let src = TWO_COUNTIES.replace("id = \"A\"\n", "id = \"A\"\nfrozen = true\nfloor_mu = 30\n");
    let cs = conflicts(&src);
    let f = find(&cs, "county_floor", "A");
    assert_close(f.3.unwrap(), 30.0, "alone");
    assert!(f.4.contains("is frozen"), "{}", f.4);
}

#[test]
fn infeasible_floors_above_the_pool() {
    // Floors of 80 (A) and 50 (B, which asks 60) exceed the 100 mu pool by 30.
    let src = TWO_COUNTIES
        .replace("id = \"A\"\n", "id = \"A\"\nfloor_mu = 80\n")
        .replace("id = \"B\"\n", "id = \"B\"\nfloor_mu = 50\n")
        .replace("need_mu = 4", "need_mu = 60");
    let cs = conflicts(&src);
    assert_close(
        find(&cs, "pool_capacity", "p").3.unwrap(),
        30.0,
        "pool alone",
    );
    assert_close(
        find(&cs, "county_floor", "A").3.unwrap(),
        30.0,
        "floor A alone",
    );
    assert_close(
        find(&cs, "county_floor", "B").3.unwrap(),
        30.0,
        "floor B alone",
    );
}

#[test]
fn infeasible_floor_above_farmland_held() {
    // A's only project occupies farmland on half its area; A holds 10 mu: at most 20 mu, floor 50.
    let src = TWO_COUNTIES
        .replace(
            "id = \"A\"\n",
            "id = \"A\"\nfloor_mu = 50\nfarmland_held_mu = 10\n",
        )
        .replace("need_mu = 100", "need_mu = 100\nfarmland_mu = 50")
        + "[rules.farmland]\n";
    let cs = conflicts(&src);
    assert_close(
        find(&cs, "county_floor", "A").3.unwrap(),
        30.0,
        "floor alone",
    );
    assert_close(
        find(&cs, "farmland_balance", "A").3.unwrap(),
        15.0,
        "farmland alone: 30 mu more at 0.5 farmland per mu",
    );
}

#[test]
fn pro_rata_baseline_by_hand() {
    // Pool 100 split by remaining need: a asks 100, h asks 4 → a 100·100/104, h 400/104.
    let sc = parse(TWO_COUNTIES);
    let report = run(
        &sc,
        &Minilp,
        Options {
            explain: false,
            compare_pro_rata: true,
        },
    );
    let b = report.baseline.as_ref().unwrap();
    assert_close(b.granted_mu, 100.0, "pro-rata grants the whole pool");
    assert_close(
        b.weighted_mu,
        3.0 * 10000.0 / 104.0 + 400.0 / 104.0,
        "pro-rata weighted mu",
    );
    assert!(b.weighted_mu < report.weighted_mu.unwrap());
    assert!(b.broken.is_empty());
    // With an earmark the spreadsheet split breaks the rule, and the baseline says by how much.
    let sc = parse(&format!(
        "{TWO_COUNTIES}[[rules.earmarks]]\ncategory = \"fh\"\nmin_share = 0.04\n"
    ));
    let report = run(
        &sc,
        &Minilp,
        Options {
            explain: false,
            compare_pro_rata: true,
        },
    );
    let broken = &report.baseline.as_ref().unwrap().broken;
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0].rule, "earmark");
    assert_close(
        broken[0].max_violation_mu,
        4.0 - 400.0 / 104.0,
        "earmark shortfall",
    );
}

/// `explain --project`'s appendix "Rules that touch it" names each rule in words (its title in
/// the rule vocabulary) and what holds it by name: the pool and the category with their id in
/// parentheses (the id the `--set` edits above use), the county by its name alone, rules of
/// the whole plan as "all counties", a market by its indicator and city; never a bare id.
#[test]
fn the_rules_appendix_names_rules_and_what_holds_them() {
    use landquota::i18n::Lang;
    use landquota::rules::RuleId;
    for (scenario, project) in [
        ("scenarios/tutorial", "jd-ring"),
        ("scenarios/jinhua-2025-trading", "pujiang-inf01"),
    ] {
        let sc = landquota::scenario::from_path(&repo().join(scenario)).unwrap();
        let report = run(&sc, &Minilp, EXPLAIN);
        let p = sc.projects.iter().find(|p| p.id == project).unwrap();
        let county = &sc.counties[p.county.idx()];
        for lang in [Lang::En, Lang::Zh] {
            let text = landquota::render::story::project(&sc, &report, project, lang).unwrap();
            let head = landquota::t!(
                lang,
                "story-rules-touching",
                unit = landquota::t!(lang, "value-unit")
            );
            let lines: Vec<&str> = text
                .split(head.as_str())
                .nth(1)
                .expect("the appendix")
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect();
            assert!(lines.len() >= 3, "{text}");
            for l in &lines {
                let rule = RuleId::ALL
                    .iter()
                    .find(|r| l.trim_start().starts_with(&r.title().render(lang)))
                    .unwrap_or_else(|| panic!("{scenario} {lang:?}: no rule title in {l:?}"));
                // No rule id, no county id, no bare "all", no market id.
                let words: Vec<&str> = l.split_whitespace().collect();
                for w in &words {
                    assert!(RuleId::from_id(w).is_none(), "{l:?}");
                    assert!(!w.contains('@'), "{l:?}");
                }
                assert!(!l.contains(&county.id), "{l:?}");
                assert!(
                    !l.contains(" all ") || l.contains(" all counties "),
                    "{l:?}"
                );
                if *rule == RuleId::PoolCapacity {
                    let pool = sc
                        .pools
                        .iter()
                        .find(|q| l.contains(&q.name))
                        .unwrap_or_else(|| panic!("{l:?} names no pool"));
                    let id = match lang {
                        Lang::En => format!("{} ({})", pool.name, pool.id),
                        Lang::Zh => format!("{}（{}）", pool.name, pool.id),
                    };
                    assert!(l.contains(&id), "{l:?}");
                }
                if [RuleId::FarmlandBalance, RuleId::CountyCap].contains(rule) {
                    assert!(l.contains(&county.name), "{l:?}");
                }
                if *rule == RuleId::TradeClearing {
                    assert!(l.contains(&county.city), "{l:?}");
                }
            }
        }
    }
}

//! The shipped multi-year and trading scenarios end to end: the CLI, MPS export, diff against
//! the one-year plan and sweeps over the new fields.

use crate::common::*;
use blocklp::backend::Minilp;
use landquota::commands::diff::{self, DiffOptions, Kind};
use landquota::commands::sweep::{SweepOptions, read, run_sweep};
use serde_json::Value;

fn solve_json(path: &str, extra: &[&str]) -> Value {
    let mut args = vec!["solve", path, "--format", "json"];
    args.extend_from_slice(extra);
    let out = cli(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn three_year_plan_follows_the_contract() {
    let v = solve_json("scenarios/jinhua-2025-2027", &[]);
    assert_eq!(v["status"], "optimal");
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.len(), 3);
    for (y, year) in years.iter().zip([2025, 2026, 2027]) {
        assert_eq!(y["year"], year);
        for key in ["granted_mu", "plan_mu"] {
            assert!(y[key].is_number(), "{key}");
        }
        for p in y["pools"].as_array().unwrap() {
            for key in [
                "id",
                "capacity_mu",
                "used_mu",
                "carried_in_mu",
                "carried_out_mu",
            ] {
                assert!(!p[key].is_null(), "years[].pools[].{key}");
            }
        }
    }
    // The years add up to the horizon's totals; each project's years to its grant.
    let sum: f64 = years
        .iter()
        .map(|y| y["granted_mu"].as_f64().unwrap())
        .sum();
    assert_close(sum, v["granted_mu"].as_f64().unwrap(), "years' grants");
    for p in v["projects"].as_array().unwrap() {
        let by: f64 = p["by_year"]
            .as_object()
            .unwrap()
            .values()
            .map(|x| x.as_f64().unwrap())
            .sum();
        assert_close(by, p["granted_mu"].as_f64().unwrap(), "by_year");
    }
    // The carry-over limit binds: 400 mu of major infrastructure carried into 2026.
    let carried = &years[0]["pools"][1];
    assert_eq!(carried["id"], "major_infra");
    assert_eq!(carried["carried_out_mu"], 400.0);
    assert_eq!(years[1]["pools"][1]["carried_in_mu"], 400.0);
    let limit = v["marginal_values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["rule"] == "carry_over" && m["id"] == "major_infra" && m["year"] == 2025)
        .unwrap();
    assert_eq!(limit["binding"], true);
    assert!(limit["marginal_value"].as_f64().unwrap() > 0.0);
    // Some projects ready in 2025 are granted only later.
    let later = v["projects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["by_year"]["2025"] == 0.0 && p["granted_mu"].as_f64().unwrap() > 0.0)
        .count();
    assert!(later > 0);
    // A one-year scenario has none of the new fields.
    let one = solve_json("scenarios/jinhua-2025", &["--no-explain"]);
    for key in ["years", "horizon", "trades"] {
        assert!(one.get(key).is_none(), "{key}");
    }
    assert!(one["projects"][0].get("by_year").is_none());
}

#[test]
fn trading_scenario_lists_trades_and_counties_purchases() {
    let v = solve_json("scenarios/jinhua-2025-trading", &[]);
    let trades = v["trades"].as_array().unwrap();
    assert!(!trades.is_empty());
    let mut paid = std::collections::BTreeMap::<String, f64>::new();
    for t in trades {
        for key in [
            "from",
            "to",
            "indicator",
            "mu",
            "price_yuan_per_mu",
            "amount_yuan",
        ] {
            assert!(!t[key].is_null(), "trades[].{key}");
        }
        let amount = t["mu"].as_f64().unwrap() * t["price_yuan_per_mu"].as_f64().unwrap();
        assert!((amount - t["amount_yuan"].as_f64().unwrap()).abs() < 0.01);
        *paid.entry(t["to"].as_str().unwrap().into()).or_default() += amount;
    }
    for c in v["counties"].as_array().unwrap() {
        let want = paid.get(c["id"].as_str().unwrap()).copied().unwrap_or(0.0);
        assert!((c["paid_yuan"].as_f64().unwrap() - want).abs() < 0.01);
    }
    // Without sales the plan is worse.
    let none = solve_json(
        "scenarios/jinhua-2025-trading",
        &["--set", "rules.trading.max_sell_share=0", "--no-explain"],
    );
    assert!(none["trades"].as_array().unwrap().is_empty());
    assert!(v["objective"].as_f64().unwrap() > none["objective"].as_f64().unwrap() + 1.0);
}

#[test]
fn export_names_years_and_markets() {
    let dir = tempfile::tempdir().unwrap();
    for (scenario, names) in [
        (
            "scenarios/jinhua-2025-2027",
            &[
                "pool_capacity.major_infra.2026",
                "carry.major_infra.2025",
                "carry_over.major_infra.2025",
                "borrowing.urban_batch.2025",
                "outside_boundary_horizon",
                "county_deduction.yongkang.2025",
            ][..],
        ),
        (
            "scenarios/jinhua-2025-trading",
            &[
                "trade_clearing.farmland.scope0",
                "buy.farmland.lanxi",
                "sell.linkage.pujiang",
                "trade_budget.lanxi",
                "linkage_held.wuyi",
            ][..],
        ),
    ] {
        let mps = dir.path().join("m.mps");
        let out = cli(&["export", scenario, "--mps", mps.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0));
        let text = std::fs::read_to_string(&mps).unwrap();
        for n in names {
            assert!(text.contains(n), "{scenario}: no {n} in the MPS");
        }
    }
}

#[test]
fn diff_shows_trades_and_years() {
    let opts = DiffOptions {
        show_all: false,
        limit: None,
    };
    let d = diff::diff_paths(
        &repo().join("scenarios/jinhua-2025"),
        &repo().join("scenarios/jinhua-2025-trading"),
        &opts,
    )
    .unwrap();
    // Which counties trade is the optimum's choice among equally good plans (the fair rule
    // picks jindong's purchase where list order picked lanxi's): every purchase is a change,
    // and what is bought is what is sold.
    let total = |field: &str| -> f64 {
        d.rows
            .iter()
            .filter(|r| r.kind == Kind::County)
            .flat_map(|r| r.fields.iter().filter(|f| f.field == field))
            .map(|f| f.delta.unwrap())
            .sum()
    };
    let bought = total("bought_mu.farmland");
    assert!(
        bought > 1.0,
        "a county's farmland purchase is a change: {bought}"
    );
    assert_close(bought, total("sold_mu.farmland"), "farmland bought = sold");
    let d = diff::diff_paths(
        &repo().join("scenarios/jinhua-2025"),
        &repo().join("scenarios/jinhua-2025-2027"),
        &opts,
    )
    .unwrap();
    assert!(
        d.rows
            .iter()
            .any(|r| r.fields.iter().any(|f| f.field == "by_year.2026")),
        "a project's 2026 grant is a change"
    );
}

#[test]
fn sweeps_vary_the_new_fields() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sweep.toml");
    std::fs::write(
        &file,
        format!(
            r#"
base = "{}"
name = "rolling"
[[grid]]
path = "rules.trading.max_sell_share"
values = [0.0, 0.5]
[[grid]]
path = "counties.lanxi.deduction"
values = [0, 3000]
"#,
            repo().join("scenarios/jinhua-2025-trading").display()
        ),
    )
    .unwrap();
    let s = read(&file).unwrap();
    let out = run_sweep(
        &s,
        &Minilp,
        &SweepOptions {
            out: dir.path().join("out"),
            threads: Some(1),
            keep_allocations: false,
            resume: false,
            explain: false,
            progress: false,
            lang: landquota::i18n::Lang::En,
            time_limit: None,
        },
    )
    .unwrap();
    assert_eq!(out.rows.len(), 4);
    for r in &out.rows {
        assert_eq!(r.status, "optimal", "{r:?}");
    }
    let traded = |r: &landquota::commands::sweep::Row| -> f64 {
        r.traded_mu.as_ref().unwrap().values().sum()
    };
    assert_eq!(traded(&out.rows[0]), 0.0);
    assert!(traded(&out.rows[2]) > 0.0);
    // Lanxi's demand is about 4,000 mu: a deduction of 3,000 binds and costs the objective.
    assert!(out.rows[1].objective.unwrap() < out.rows[0].objective.unwrap());
    let csv = std::fs::read_to_string(dir.path().join("out/summary.csv")).unwrap();
    assert!(csv.lines().next().unwrap().contains("traded_farmland_mu"));

    // A three-year base: the discount and a carry-over limit.
    std::fs::write(
        &file,
        format!(
            r#"
base = "{}"
name = "years"
[[variants]]
name = "no-carry"
set = {{ "pools.major_infra.carry_over_max" = 0 }}
[[variants]]
name = "flat"
set = {{ "rules.horizon.discount" = 1.0 }}
"#,
            repo().join("scenarios/jinhua-2025-2027").display()
        ),
    )
    .unwrap();
    let s = read(&file).unwrap();
    let out = run_sweep(
        &s,
        &Minilp,
        &SweepOptions {
            out: dir.path().join("out2"),
            threads: Some(2),
            keep_allocations: false,
            resume: false,
            explain: false,
            progress: false,
            lang: landquota::i18n::Lang::En,
            time_limit: None,
        },
    )
    .unwrap();
    assert!(out.rows.iter().all(|r| r.status == "optimal"));
    assert_eq!(out.rows[0].by_year_mu.len(), 3);
    let csv = std::fs::read_to_string(dir.path().join("out2/summary.csv")).unwrap();
    assert!(csv.lines().next().unwrap().contains("year_2026_mu"));
}

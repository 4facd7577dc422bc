//! Indicator trading (R11): hand-computed optima for trades, sell shares, budgets, scopes and
//! linkage surplus; random scenarios in which trading never lowers the optimum and every trade
//! passes the checker.

use crate::common::*;
use landquota::check::{all_hold, check};
use landquota::scenario::{self, CountyId, Indicator, ProjectId, Scenario};
use proptest::prelude::*;
use std::fmt::Write;
use std::path::Path;

fn granted_of(sc: &Scenario, s: &landquota::model::Solved, id: &str) -> f64 {
    let p = sc.projects.iter().position(|p| p.id == id).unwrap();
    s.allocation.granted(ProjectId(p as u32))
}

/// Pool 200. A holds 100 mu of farmland compensation; B none. a (A, block, 1) needs 100 and
/// occupies 1 mu of farmland per mu; b (B, city, 3) needs 100 and occupies 0.5 per mu.
/// A trade costs 1,000 yuan per mu, a weighted mu is worth 100,000 yuan: 0.01 per mu traded.
fn market(trading: &str, city_b: &str) -> String {
    format!(
        r#"
[scenario]
name = "trade"
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
name = "兰溪市"
city = "金华市"
farmland_held_mu = 100
[[counties]]
id = "B"
city = "{city_b}"
[[projects]]
id = "a"
county = "A"
category = "u"
tier = "block"
need_mu = 100
farmland_mu = 100
[[projects]]
id = "b"
county = "B"
category = "u"
tier = "city"
need_mu = 100
farmland_mu = 50
[rules.farmland]
[rules.trading]
indicators = ["farmland"]
floor_price_yuan_per_mu = {{ farmland = 30000 }}
transaction_cost_yuan_per_mu = 1000
yuan_per_weighted_mu = 100000
{trading}
"#
    )
}

#[test]
fn r11_a_trade_moves_compensation_to_the_heavier_project() {
    // A sells s mu to B: b ≤ 2s, a ≤ 100 − s. Objective 3·2s + (100 − s) − 0.01s, best at
    // s = 50 (b's need): 100 + 4.99·50 = 349.5; one trade of 50 mu at 30,000 = 1.5 million.
    let sc = parse(&market("", "金华市"));
    let s = solve_ok(&sc);
    assert_close(granted_of(&sc, &s, "b"), 100.0, "b");
    assert_close(granted_of(&sc, &s, "a"), 50.0, "a");
    assert_close(s.objective, 349.5, "objective");
    assert_eq!(s.allocation.trades.len(), 1);
    let t = &s.allocation.trades[0];
    assert_eq!(
        (t.from, t.to, t.indicator),
        (CountyId(0), CountyId(1), Indicator::Farmland)
    );
    assert_close(t.mu, 50.0, "traded");
    assert_close(t.amount_yuan(), 1_500_000.0, "paid");

    let r = landquota::commands::solve::run(
        &sc,
        &blocklp::backend::Minilp,
        landquota::commands::solve::Options {
            explain: true,
            compare_pro_rata: false,
        },
    );
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let trade = &json["trades"][0];
    assert_eq!(trade["from"], "A");
    assert_eq!(trade["to"], "B");
    assert_eq!(trade["indicator"], "farmland");
    assert_eq!(trade["mu"], 50.0);
    assert_eq!(trade["price_yuan_per_mu"], 30000.0);
    assert_eq!(trade["amount_yuan"], 1_500_000.0);
    assert_eq!(json["counties"][1]["bought_mu"]["farmland"], 50.0);
    assert_eq!(json["counties"][1]["paid_yuan"], 1_500_000.0);
    assert_eq!(json["counties"][0]["received_yuan"], 1_500_000.0);
    // The market's marginal value: one more mu on the market lets A sell one mu less for the
    // same 50 bought (b is full), so a gets one more mu: 1 per mu, 100,000 yuan against the
    // 30,000 yuan floor.
    let market = r
        .marginal_values
        .iter()
        .find(|v| v.rule == "trade_clearing")
        .expect("market row");
    assert_eq!(market.id, "farmland@金华市");
    assert_close(market.marginal_value_more.unwrap(), 1.0, "market value");
    let a = r.projects.iter().find(|p| p.id == "a").unwrap();
    let why = a.reason.as_ref().unwrap().to_string();
    assert!(why.contains("the farmland balance of"), "{why}");
}

#[test]
fn r11_sell_share_budget_and_scope_limit_trades() {
    // At most 20% of A's 100 mu may be sold: s = 20, 100 + 4.99·20 = 199.8.
    let sc = parse(&market("max_sell_share = 0.2", "金华市"));
    assert_close(solve_ok(&sc).objective, 199.8, "sell share");
    // B may spend 900,000 yuan: 30 mu at 30,000. 100 + 4.99·30 = 249.7.
    let sc = parse(
        &market("", "金华市").replace("id = \"B\"\n", "id = \"B\"\ntrade_budget_yuan = 900000\n"),
    );
    assert_close(solve_ok(&sc).objective, 249.7, "budget");
    // At a price above the floor (40,000), the same budget buys 22.5 mu: 100 + 4.99·22.5.
    let sc = parse(
        &market("price_yuan_per_mu = { farmland = 40000 }", "金华市")
            .replace("id = \"B\"\n", "id = \"B\"\ntrade_budget_yuan = 900000\n"),
    );
    let s = solve_ok(&sc);
    assert_close(s.objective, 100.0 + 4.99 * 22.5, "budget at 40,000");
    assert_close(s.allocation.trades[0].price_yuan_per_mu, 40000.0, "price");
    // B in another city: no trade within cities (100), one within the province (349.5).
    let sc = parse(&market("", "嘉兴市"));
    let s = solve_ok(&sc);
    assert!(s.allocation.trades.is_empty());
    assert_close(s.objective, 100.0, "other city");
    let sc = parse(&market("scope = \"province\"", "嘉兴市"));
    assert_close(solve_ok(&sc).objective, 349.5, "province scope");
    // Neither county names its city: no market between them within cities (100), the
    // province's as before (349.5).
    let no_city = |trading: &str| {
        market(trading, "").replace(
            "city = \"金华市\"\nfarmland_held_mu",
            "city = \"\"\nfarmland_held_mu",
        )
    };
    let sc = parse(&no_city(""));
    assert!(sc.counties.iter().all(|c| c.city.is_empty()));
    let s = solve_ok(&sc);
    assert!(s.allocation.trades.is_empty(), "{:?}", s.allocation.trades);
    assert_close(s.objective, 100.0, "no city");
    let sc = parse(&no_city("scope = \"province\""));
    assert_close(solve_ok(&sc).objective, 349.5, "no city, province scope");
}

#[test]
fn r11_the_checker_rejects_bad_trades() {
    let sc = parse(&market("", "金华市"));
    let s = solve_ok(&sc);
    let broken = |a: &landquota::alloc::Allocation| -> Vec<&'static str> {
        check(&sc, a)
            .into_iter()
            .filter(|c| !c.holds)
            .map(|c| c.rule)
            .collect()
    };
    let mut below_floor = s.allocation.clone();
    below_floor.trades[0].price_yuan_per_mu = 29000.0;
    assert!(broken(&below_floor).contains(&"trade"));
    let mut too_much = s.allocation.clone();
    too_much.trades[0].mu = 120.0;
    let b = broken(&too_much);
    assert!(b.contains(&"trade_sell_limit"), "{b:?}");
    let mut none = s.allocation.clone();
    none.trades.clear();
    assert!(broken(&none).contains(&"farmland_balance"));
}

#[test]
fn r11_linkage_surplus_is_used_at_home_or_sold() {
    // A county-held pool `L` (linkage surplus): A holds 50, B nothing. b (B, city, 3) needs
    // 40 and may use L; A has no demand for it. B buys 40 from A: 3·40 − 0.01·40 = 119.6.
    let src = r#"
[scenario]
name = "linkage"
[objective]
tie_break = "none"
[[categories]]
id = "u"
[[pools]]
id = "L"
county_held = true
categories = ["u"]
[[counties]]
id = "A"
linkage_surplus_mu = 50
[[counties]]
id = "B"
[[projects]]
id = "b"
county = "B"
category = "u"
tier = "city"
need_mu = 40
[rules.trading]
scope = "province"
indicators = ["linkage"]
floor_price_yuan_per_mu = { linkage = 150000 }
transaction_cost_yuan_per_mu = 1000
yuan_per_weighted_mu = 100000
"#;
    let sc = parse(src);
    let s = solve_ok(&sc);
    assert_close(granted_of(&sc, &s, "b"), 40.0, "b");
    assert_close(s.objective, 119.6, "objective");
    let t = &s.allocation.trades[0];
    assert_eq!(t.indicator, Indicator::Linkage);
    assert_close(t.amount_yuan(), 6_000_000.0, "paid");
    let r = landquota::commands::solve::judge(&sc, "minilp", &Ok(s), None);
    assert_eq!(r.pools[0].capacity_mu, 50.0);
    // Without trading the surplus stays with A, which cannot use it.
    let no = parse(&src.replace("[rules.trading]", "[rules.trading]\nmax_sell_share = 0"));
    assert_close(solve_ok(&no).objective, 0.0, "without trading");
}

#[test]
fn trading_problems_are_named() {
    let base = market("", "金华市");
    for (from, to, expected) in [
        (
            "[rules.trading]\n",
            "[rules.trading]\nprice_yuan_per_mu = { farmland = 20000 }\n",
            "below the floor price",
        ),
        (
            "floor_price_yuan_per_mu = { farmland = 30000 }\n",
            "",
            "no floor price",
        ),
        (
            "yuan_per_weighted_mu = 100000\n",
            "",
            "needs yuan_per_weighted_mu",
        ),
        (
            "indicators = [\"farmland\"]",
            "indicators = [\"farmlnd\"]",
            "did you mean \"farmland\"",
        ),
        (
            "indicators = [\"farmland\"]",
            "indicators = [\"linkage\"]",
            "no pool is held by the counties",
        ),
        (
            "[rules.trading]\n",
            "[rules.trading]\nscope = \"county\"\n",
            "unknown trading scope",
        ),
    ] {
        let src = base.replacen(from, to, 1);
        assert_ne!(src, base, "{from}");
        let err = scenario::from_source(&src, Path::new("t.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{to}: {err}");
    }
}

/// Random counties in two cities with farmland and forest holdings, projects occupying both.
#[derive(Debug, Clone)]
struct Market {
    counties: Vec<(u32, u32, bool, Option<u32>)>,
    projects: Vec<(usize, usize, u32, u32, u32)>,
    share: u32,
    province: bool,
}

fn market_case() -> impl Strategy<Value = Market> {
    (2..=4usize).prop_flat_map(|nc| {
        (
            prop::collection::vec(
                (
                    0..100u32,
                    0..100u32,
                    prop::bool::ANY,
                    prop::option::weighted(0.3, 0..3_000_000u32),
                ),
                nc,
            ),
            prop::collection::vec((0..nc, 0..5usize, 1..120u32, 0..80u32, 0..20u32), 2..=8),
            0..=100u32,
            prop::bool::ANY,
        )
            .prop_map(|(counties, projects, share, province)| Market {
                counties,
                projects,
                share,
                province,
            })
    })
}

fn render_market(m: &Market, share: Option<f64>) -> String {
    const TIERS: [&str; 5] = ["national", "provincial", "city", "county", "block"];
    let mut s = String::from(
        "[scenario]\nname = \"market\"\n[objective]\ntie_break = \"none\"\n[[categories]]\nid = \"u\"\n[[pools]]\nid = \"p\"\ncapacity_mu = 300\ncategories = [\"u\"]\n",
    );
    for (i, (farm, forest, east, budget)) in m.counties.iter().enumerate() {
        let _ = writeln!(
            s,
            "[[counties]]\nid = \"c{i}\"\ncity = \"{}\"\nfarmland_held_mu = {farm}\nforest_held_mu = {forest}",
            if *east { "east" } else { "west" }
        );
        if let Some(b) = budget {
            let _ = writeln!(s, "trade_budget_yuan = {b}");
        }
    }
    for (i, (c, tier, need, farm, forest)) in m.projects.iter().enumerate() {
        let need = *need as f64;
        let _ = writeln!(
            s,
            "[[projects]]\nid = \"x{i}\"\ncounty = \"c{c}\"\ncategory = \"u\"\ntier = \"{}\"\nneed_mu = {need}\nfarmland_mu = {}\nforest_mu = {}",
            TIERS[*tier],
            need * *farm as f64 / 100.0,
            need * *forest as f64 / 100.0
        );
    }
    let _ = writeln!(
        s,
        "[rules.farmland]\nshared_pool_mu = 5\n[rules.forest]\n[rules.trading]\nscope = \"{}\"\nindicators = [\"farmland\", \"forest\"]\nfloor_price_yuan_per_mu = {{ farmland = 30000, forest = 10000 }}\nmax_sell_share = {}",
        if m.province { "province" } else { "city" },
        share.unwrap_or(m.share as f64 / 100.0)
    );
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Every rule holds, trades included; trading never lowers the optimum (not trading is
    /// always allowed), beyond the trades' own tiny cost.
    #[test]
    fn trading_is_valid_and_never_hurts(m in market_case()) {
        let src = render_market(&m, None);
        let sc = parse(&src);
        let solved = solve(&sc).expect("always feasible");
        let checks = check(&sc, &solved.allocation);
        prop_assert!(all_hold(&checks), "checks failed: {:?}\n{}", checks, src);
        for t in &solved.allocation.trades {
            prop_assert!(t.from != t.to);
            prop_assert!(m.province || sc.county(t.from).city == sc.county(t.to).city);
        }
        let without = solve(&parse(&render_market(&m, Some(0.0)))).unwrap();
        prop_assert!(without.allocation.trades.is_empty());
        prop_assert!(solved.objective >= without.objective - 1e-6 * without.objective.abs().max(1.0),
            "trading {} < without {}\n{}", solved.objective, without.objective, src);
    }
}

/// Issue 27: a traded mu costs the converted transaction cost discounted as its year's grants
/// are, never below 10⁻⁶ after the discount (README, R11). With 0.15 yuan a mu and 100,000 yuan
/// a weighted mu, 1.5·10⁻⁶ in 2025; × 0.5 in 2026 would be 7.5·10⁻⁷: the floor, 10⁻⁶.
/// With 1,000 yuan: 0.01 and 0.005.
#[test]
fn r11_a_trade_costs_its_years_present_value_and_never_below_the_floor() {
    let costs = |yuan: &str| -> Vec<(usize, f64)> {
        let src = market("", "金华市").replace(
            "transaction_cost_yuan_per_mu = 1000",
            &format!("transaction_cost_yuan_per_mu = {yuan}"),
        ) + "[rules.horizon]\nyears = [2025, 2026]\ndiscount = 0.5\n";
        let sc = parse(&src);
        let (lp, _) = landquota::model::build::build(&sc);
        let mut out: Vec<(usize, f64)> = lp
            .kinds
            .iter()
            .zip(&lp.columns)
            .filter_map(|(k, c)| match *k {
                landquota::model::ColumnKind::Trade {
                    year, sell: false, ..
                } => Some((year, -c.obj)),
                _ => None,
            })
            .collect();
        out.sort_by(|a, b| a.partial_cmp(b).unwrap());
        out
    };
    let cheap = costs("0.15");
    assert!(!cheap.is_empty(), "B buys in both years");
    for (year, cost) in &cheap {
        let expected = if *year == 0 { 1.5e-6 } else { 1e-6 };
        assert!(
            (cost - expected).abs() < 1e-15,
            "year {year}: cost {cost}, expected {expected}"
        );
    }
    for (year, cost) in costs("1000") {
        let expected = if year == 0 { 0.01 } else { 0.005 };
        assert!(
            (cost - expected).abs() < 1e-12,
            "year {year}: cost {cost}, expected {expected}"
        );
    }
}

//! Validation of the rules beyond one year's allocation: the horizon of a rolling multi-year
//! plan (R10), rewards to named counties, deductions, and indicator trading (R11).

use super::super::diag::num;
use super::super::load::{RawScenario, Record};
use super::super::model::*;
use super::super::raw::*;
use super::{Index, V};
use crate::msg;
use std::collections::BTreeMap;

/// Years accepted anywhere (README, "Accepted ranges"): the plan year, the horizon's years,
/// `ready_from` and `last_year`.
pub const YEARS: std::ops::RangeInclusive<i64> = 1949..=2200;

/// Weight of a mu granted one year later, relative to one granted in the plan year.
pub const DEFAULT_DISCOUNT: f64 = 0.9;

/// The horizon: `[rules.horizon]`, or the plan year alone.
pub(super) fn horizon(v: &mut V, raw: &RawScenario, year: Option<i64>) -> Horizon {
    let single = Horizon {
        years: vec![year.unwrap_or(0)],
        discount: 1.0,
    };
    let Some(r) = &raw.rules else { return single };
    let Some(h) = &r.raw.horizon else {
        return single;
    };
    let o = &r.origin;
    if h.years.is_empty() {
        v.horizon_invalid = true;
        v.err(
            o,
            "horizon.years",
            msg!("val-horizon-no-years"),
            msg!("val-horizon-no-years-hint"),
        );
        return single;
    }
    let outside: Vec<i64> = h
        .years
        .iter()
        .copied()
        .filter(|y| !YEARS.contains(y))
        .collect();
    if !outside.is_empty() {
        for y in outside {
            v.err(
                o,
                "horizon.years",
                msg!("val-year-range", year = y),
                msg!("val-year-range-hint"),
            );
        }
        v.horizon_invalid = true;
        return single;
    }
    let consecutive = h.years.windows(2).all(|w| w[1] == w[0] + 1);
    if !consecutive {
        v.horizon_invalid = true;
        let list: Vec<String> = h.years.iter().map(|y| y.to_string()).collect();
        v.err(
            o,
            "horizon.years",
            msg!("val-years-not-consecutive", years = list.join(", ")),
            msg!(
                "val-years-not-consecutive-hint",
                first = h.years[0],
                second = h.years[0] + 1,
                third = h.years[0] + 2
            ),
        );
        return single;
    }
    if let Some(y) = year
        && y != h.years[0]
    {
        v.horizon_invalid = true;
        v.err(
            o,
            "horizon.years",
            msg!("val-horizon-start", start = h.years[0], year = y),
            msg!("val-horizon-start-hint"),
        );
    }
    let discount = match h.discount {
        None => DEFAULT_DISCOUNT,
        Some(d) if d.is_finite() && d > 0.0 && d <= 1.0 => d,
        Some(d) => {
            v.err(
                o,
                "horizon.discount",
                msg!("val-discount", found = num(d)),
                msg!("val-discount-hint"),
            );
            DEFAULT_DISCOUNT
        }
    };
    Horizon {
        years: h.years.clone(),
        discount,
    }
}

/// Position of `year` in the horizon, or a problem naming the horizon.
fn year_index(v: &mut V, o: &super::Origin, field: &str, year: i64, h: &Horizon) -> Option<usize> {
    let i = h.years.iter().position(|&y| y == year);
    if i.is_none() && !v.horizon_invalid {
        let list: Vec<String> = h.years.iter().map(|y| y.to_string()).collect();
        let hint = if h.years.len() == 1 {
            msg!("val-not-horizon-year-one-hint")
        } else {
            msg!("val-not-horizon-year-hint", years = list.join(", "))
        };
        v.err(o, field, msg!("val-not-horizon-year", year = year), hint);
    }
    i
}

/// A pool's capacity in each year of the horizon, and its carry-over and borrowing limits.
pub(super) fn pool_years(
    v: &mut V,
    r: &Record<RawPool>,
    h: &Horizon,
    capacity: f64,
) -> (Vec<f64>, f64, f64) {
    let (o, p) = (&r.origin, &r.raw);
    let mut caps = vec![capacity; h.years.len() - 1];
    let by_year = match (&p.capacity_by_year_mu, &p.capacity_by_year_ha) {
        (Some(_), Some(_)) => {
            v.err(
                o,
                "capacity_by_year_ha",
                msg!("val-area-both", short = "capacity_by_year"),
                msg!("val-area-both-hint", ratio = num(super::MU_PER_HA)),
            );
            None
        }
        (Some(m), None) => Some(("capacity_by_year_mu", m, 1.0)),
        (None, Some(m)) => Some(("capacity_by_year_ha", m, super::MU_PER_HA)),
        (None, None) => None,
    };
    if let Some((field, map, unit)) = by_year {
        let given = later_years(v, o, field, map, h);
        for (t, x) in given {
            caps[t - 1] = x * unit;
        }
    }
    let carry = v
        .area(
            o,
            "carry_over_max",
            p.carry_over_max_mu,
            p.carry_over_max_ha,
            false,
        )
        .unwrap_or(0.0);
    let borrow = v
        .area(o, "borrow_max", p.borrow_max_mu, p.borrow_max_ha, false)
        .unwrap_or(0.0);
    if h.years.len() == 1 && !v.horizon_invalid {
        for (field, given) in [
            ("capacity_by_year_mu", by_year.is_some()),
            ("carry_over_max_mu", carry > 0.0),
            ("borrow_max_mu", borrow > 0.0),
        ] {
            if given {
                v.err(
                    o,
                    field,
                    msg!("val-one-year-only"),
                    msg!("val-one-year-only-hint"),
                );
            }
        }
    }
    (caps, carry, borrow)
}

/// Later years' values of a `{ "2026" = x, ... }` table: (year index, value ≥ 0).
fn later_years(
    v: &mut V,
    o: &super::Origin,
    field: &str,
    map: &BTreeMap<String, f64>,
    h: &Horizon,
) -> Vec<(usize, f64)> {
    let mut out = Vec::new();
    for (k, &x) in map {
        let f = format!("{field}.{k}");
        let Ok(year) = k.trim().parse::<i64>() else {
            v.err(
                o,
                &f,
                msg!("val-not-a-year", key = k),
                msg!("val-not-a-year-hint"),
            );
            continue;
        };
        let Some(t) = year_index(v, o, &f, year, h) else {
            continue;
        };
        if t == 0 {
            // The plan year's capacity is the pool's own field; this table lists later years.
            let own = field.replace("_by_year", "");
            v.err(
                o,
                &f,
                msg!("val-by-year-plan-year", year = year),
                msg!("val-by-year-plan-year-hint", field = own),
            );
            continue;
        }
        if !x.is_finite() || x < 0.0 {
            v.err(
                o,
                &f,
                msg!("val-capacity-negative", found = num(x)),
                msg!("val-capacity-negative-hint"),
            );
            continue;
        }
        out.push((t, x));
    }
    out
}

/// Fills each county's later years: disposal repeats the county's figures unless a
/// `county_years` row gives that year's; indicators banked and deductions are 0 unless given.
pub(super) fn county_years(
    v: &mut V,
    raw: &RawScenario,
    county_ix: &Index,
    h: &Horizon,
    counties: &mut [County],
) {
    for c in counties.iter_mut() {
        let later = CountyYear {
            disposed_unsupplied_mu: c.disposed_unsupplied_mu,
            disposed_idle_mu: c.disposed_idle_mu,
            ..CountyYear::default()
        };
        c.later_years = vec![later; h.years.len() - 1];
    }
    let mut seen: BTreeMap<(u32, usize), usize> = BTreeMap::new();
    for (i, r) in raw.county_years.iter().enumerate() {
        let (o, y) = (&r.origin, &r.raw);
        let county = county_ix.get(v, o, "county", &y.county);
        let t = year_index(v, o, "year", y.year, h);
        if t == Some(0) {
            v.err(
                o,
                "year",
                msg!("val-plan-year", year = y.year),
                msg!("val-plan-year-hint"),
            );
            continue;
        }
        let (Some(c), Some(t)) = (county, t) else {
            continue;
        };
        if let Some(&first) = seen.get(&(c, t)) {
            let place = super::place(&raw.county_years[first].origin);
            v.err(
                o,
                "year",
                msg!(
                    "val-county-year-twice",
                    county = &y.county,
                    year = y.year,
                    place = place
                ),
                msg!("val-county-year-twice-hint"),
            );
            continue;
        }
        seen.insert((c, t), i);
        let mut area =
            |name: &str, mu: Option<f64>, ha: Option<f64>| v.area(o, name, mu, ha, false);
        let cy = &mut counties[c as usize].later_years[t - 1];
        if let Some(x) = area(
            "disposed_unsupplied",
            y.disposed_unsupplied_mu,
            y.disposed_unsupplied_ha,
        ) {
            cy.disposed_unsupplied_mu = x;
        }
        if let Some(x) = area("disposed_idle", y.disposed_idle_mu, y.disposed_idle_ha) {
            cy.disposed_idle_mu = x;
        }
        if let Some(x) = area("farmland_held", y.farmland_held_mu, y.farmland_held_ha) {
            cy.farmland_added_mu = x;
        }
        if let Some(x) = area("forest_held", y.forest_held_mu, y.forest_held_ha) {
            cy.forest_added_mu = x;
        }
        if let Some(x) = area(
            "linkage_surplus",
            y.linkage_surplus_mu,
            y.linkage_surplus_ha,
        ) {
            cy.linkage_added_mu = x;
        }
        if let Some(x) = area("deduction", y.deduction_mu, y.deduction_ha) {
            cy.deduction_mu = x;
        }
    }
}

/// The years (indices) in which a project can use quota.
pub(super) fn project_window(v: &mut V, r: &Record<RawProject>, h: &Horizon) -> (usize, usize) {
    let (o, p) = (&r.origin, &r.raw);
    let end = h.years.len() - 1;
    let first = h.years[0];
    let last_year = h.years[end];
    let no_year = h.years.len() == 1 && first == 0;
    let mut ready = 0;
    let mut last = end;
    for (field, year) in [("ready_from", p.ready_from), ("last_year", p.last_year)] {
        if let Some(y) = year.filter(|y| !YEARS.contains(y)) {
            v.err(
                o,
                field,
                msg!("val-year-range", year = y),
                msg!("val-year-range-hint"),
            );
        }
    }
    if v.horizon_invalid {
        return (ready, last);
    }
    if let Some(y) = p.ready_from {
        if no_year {
            v.err(
                o,
                "ready_from",
                msg!("val-no-year"),
                msg!("val-no-year-hint"),
            );
        } else if y > last_year {
            // Ready only after the horizon: nothing can be granted; it stays in the report.
            ready = end + 1;
        } else {
            ready = (y - first).max(0) as usize;
        }
    }
    if let Some(y) = p.last_year {
        if no_year {
            v.err(
                o,
                "last_year",
                msg!("val-no-year"),
                msg!("val-no-year-hint"),
            );
        } else if y < first {
            v.err(
                o,
                "last_year",
                msg!("val-last-before-plan", last = y, first = first),
                msg!("val-last-before-plan-hint"),
            );
        } else {
            last = ((y - first) as usize).min(end);
        }
        if let Some(r) = p.ready_from
            && r > y
        {
            v.err(
                o,
                "last_year",
                msg!("val-last-before-ready", last = y, ready = r),
                msg!("val-last-before-ready-hint"),
            );
        }
    }
    (ready, last)
}

/// A pool's named counties (ids of counties, or names of cities meaning all their counties).
pub(super) fn pool_counties(
    v: &mut V,
    r: &Record<RawPool>,
    county_ix: &Index,
    counties: &[County],
) -> Vec<CountyId> {
    let Some(list) = &r.raw.counties else {
        return Vec::new();
    };
    let o = &r.origin;
    if list.is_empty() {
        v.err(
            o,
            "counties",
            msg!("val-counties-empty"),
            msg!("val-counties-empty-hint"),
        );
    }
    let mut out = Vec::new();
    for (j, name) in list.iter().enumerate() {
        let in_city: Vec<CountyId> = counties
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.city.is_empty() && c.city == *name)
            .map(|(i, _)| CountyId(i as u32))
            .collect();
        if !in_city.is_empty() && !county_ix.map.contains_key(name.as_str()) {
            out.extend(in_city);
        } else if let Some(c) = county_ix.get(v, o, &format!("counties[{j}]"), name) {
            out.push(CountyId(c));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `[rules.trading]`: which indicators trade, where, and at what price.
pub(super) fn trading(
    v: &mut V,
    o: &super::Origin,
    t: &RawTrading,
    has_linkage_pool: bool,
) -> Trading {
    let f = "trading";
    let scope = match t.scope.as_deref() {
        None => TradeScope::City,
        Some(s) => match v.choice(
            o,
            &format!("{f}.scope"),
            msg!("val-what-trading-scope"),
            s,
            &["city", "province"],
            Some(msg!("val-trading-scope-explained")),
        ) {
            Some(1) => TradeScope::Province,
            _ => TradeScope::City,
        },
    };
    let names: Vec<&str> = Indicator::ALL.iter().map(|i| i.as_str()).collect();
    let mut indicators = Vec::new();
    if t.indicators.is_empty() {
        v.err(
            o,
            &format!("{f}.indicators"),
            msg!("val-no-indicator"),
            msg!("val-no-indicator-hint"),
        );
    }
    for (j, name) in t.indicators.iter().enumerate() {
        let field = format!("{f}.indicators[{j}]");
        if let Some(i) = v.choice(
            o,
            &field,
            msg!("val-what-indicator"),
            name,
            &names,
            Some(msg!("val-indicator-explained")),
        ) {
            let ind = Indicator::ALL[i];
            if ind == Indicator::Linkage && !has_linkage_pool {
                v.err(
                    o,
                    &field,
                    msg!("val-linkage-traded-no-pool"),
                    msg!("val-linkage-traded-no-pool-hint"),
                );
            }
            if indicators.contains(&ind) {
                v.err(
                    o,
                    &field,
                    msg!("val-listed-twice", name = name),
                    msg!("val-listed-twice-hint"),
                );
            } else {
                indicators.push(ind);
            }
        }
    }
    indicators.sort();
    let mut floor = [0.0; 3];
    let mut price = [f64::NAN; 3];
    for (name, map, slot) in [
        (
            "floor_price_yuan_per_mu",
            &t.floor_price_yuan_per_mu,
            &mut floor,
        ),
        ("price_yuan_per_mu", &t.price_yuan_per_mu, &mut price),
    ] {
        for (k, &x) in map.iter().flatten() {
            let field = format!("{f}.{name}.{k}");
            let Some(i) = v.choice(o, &field, msg!("val-what-indicator"), k, &names, None) else {
                continue;
            };
            match v.nonneg(o, &field, x, msg!("val-price-hint")) {
                Some(x) => slot[i] = x,
                None => continue,
            }
        }
    }
    for &ind in &indicators {
        let i = ind.idx();
        let has_floor = t
            .floor_price_yuan_per_mu
            .as_ref()
            .is_some_and(|m| m.contains_key(ind.as_str()));
        if !has_floor {
            v.err(
                o,
                &format!("{f}.floor_price_yuan_per_mu"),
                msg!("val-no-floor-price", indicator = ind.as_str()),
                msg!("val-no-floor-price-hint", indicator = ind.as_str()),
            );
        }
        if price[i].is_nan() {
            price[i] = floor[i];
        } else if price[i] < floor[i] {
            v.err(
                o,
                &format!("{f}.price_yuan_per_mu.{}", ind.as_str()),
                msg!(
                    "val-price-below-floor",
                    price = num(price[i]),
                    floor = num(floor[i])
                ),
                msg!("val-price-below-floor-hint"),
            );
        }
    }
    for p in price.iter_mut().filter(|p| p.is_nan()) {
        *p = 0.0;
    }
    let max_sell_share = t
        .max_sell_share
        .and_then(|s| v.share(o, &format!("{f}.max_sell_share"), s))
        .unwrap_or(1.0);
    let cost_yuan = t
        .transaction_cost_yuan_per_mu
        .and_then(|x| {
            v.nonneg(
                o,
                &format!("{f}.transaction_cost_yuan_per_mu"),
                x,
                msg!("val-cost-hint"),
            )
        })
        .unwrap_or(0.0);
    let yuan_per_wmu = t.yuan_per_weighted_mu.and_then(|x| {
        if x.is_finite() && x > 0.0 {
            Some(x)
        } else {
            v.err(
                o,
                &format!("{f}.yuan_per_weighted_mu"),
                msg!("val-expected-positive", found = num(x)),
                msg!("val-yuan-per-wmu-hint"),
            );
            None
        }
    });
    if cost_yuan > 0.0 && yuan_per_wmu.is_none() && t.yuan_per_weighted_mu.is_none() {
        v.err(
            o,
            &format!("{f}.transaction_cost_yuan_per_mu"),
            msg!("val-cost-needs-rate"),
            msg!("val-cost-needs-rate-hint"),
        );
    }
    let cost = match yuan_per_wmu {
        Some(y) => cost_yuan / y,
        None => 0.0,
    };
    Trading {
        scope,
        indicators,
        floor_price: floor,
        price,
        max_sell_share,
        transaction_cost_yuan_per_mu: cost_yuan,
        yuan_per_weighted_mu: yuan_per_wmu,
        cost_per_mu: cost,
    }
}

/// Per-county trading fields: a budget ≥ 0, a share in [0, 1].
pub(super) fn county_trading(v: &mut V, r: &Record<RawCounty>) -> (Option<f64>, Option<f64>) {
    let (o, c) = (&r.origin, &r.raw);
    let budget = c
        .trade_budget_yuan
        .and_then(|b| v.nonneg(o, "trade_budget_yuan", b, msg!("val-budget-hint")));
    let share = c
        .max_sell_share
        .and_then(|s| v.share(o, "max_sell_share", s));
    (budget, share)
}

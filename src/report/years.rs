//! The parts of a report for a multi-year horizon (R10) and for trading (R11): per-year pools
//! with their carry-over, per-project grants by year, and the trades with what each county
//! bought, sold and paid. All absent from a one-year scenario without trading.

use super::{ByPool, ser_opt_r6, ser_r6};
use crate::alloc::Allocation;
use crate::scenario::*;
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Serialize)]
pub struct HorizonRow {
    pub years: Vec<i64>,
    /// A mu granted t years after the plan year weighs discount^t in the objective.
    pub discount: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearPoolRow {
    pub id: String,
    /// The pool's own capacity in the year.
    #[serde(serialize_with = "ser_r6")]
    pub capacity_mu: f64,
    #[serde(serialize_with = "ser_r6")]
    pub used_mu: f64,
    /// Unused capacity brought from the year before (结转).
    #[serde(serialize_with = "ser_r6")]
    pub carried_in_mu: f64,
    /// Unused capacity carried to the next year.
    #[serde(serialize_with = "ser_r6")]
    pub carried_out_mu: f64,
    /// Next year's capacity used in this one (预支).
    #[serde(serialize_with = "ser_r6")]
    pub borrowed_mu: f64,
    /// This year's capacity used the year before.
    #[serde(serialize_with = "ser_r6")]
    pub lent_mu: f64,
    #[serde(serialize_with = "ser_opt_r6")]
    pub marginal_value: Option<f64>,
    #[serde(serialize_with = "ser_opt_r6")]
    pub marginal_value_more: Option<f64>,
    #[serde(serialize_with = "ser_opt_r6")]
    pub marginal_value_less: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    pub year: i64,
    /// The year's plan: Σ of the pools' own capacities in it.
    #[serde(serialize_with = "ser_r6")]
    pub plan_mu: f64,
    #[serde(serialize_with = "ser_r6")]
    pub granted_mu: f64,
    pub pools: Vec<YearPoolRow>,
    /// mu granted to each county in the year, in county order.
    pub by_county: ByPool,
}

/// mu per year of the horizon, as `{"2025": mu, ...}`.
#[derive(Debug, Clone, Default)]
pub struct ByYear(pub Vec<(i64, f64)>);

impl Serialize for ByYear {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(y, v)| (y.to_string(), super::r6(*v))))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TradeRow {
    /// Seller and buyer county ids.
    pub from: String,
    pub to: String,
    /// "farmland" (补充耕地指标), "forest" (林地定额) or "linkage" (增减挂钩节余指标).
    pub indicator: Indicator,
    #[serde(serialize_with = "ser_r6")]
    pub mu: f64,
    pub price_yuan_per_mu: f64,
    #[serde(serialize_with = "ser_r2")]
    pub amount_yuan: f64,
    pub year: i64,
}

/// Yuan to the fen (0.01).
fn ser_r2<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    let r = (v * 100.0).round() / 100.0;
    s.serialize_f64(if r == 0.0 { 0.0 } else { r })
}

/// What a county bought and sold (mu per indicator) and paid and received (yuan).
#[derive(Debug, Clone, Serialize)]
pub struct CountyTrading {
    pub bought_mu: ByPool,
    pub sold_mu: ByPool,
    #[serde(serialize_with = "ser_r2")]
    pub paid_yuan: f64,
    #[serde(serialize_with = "ser_r2")]
    pub received_yuan: f64,
}

pub fn horizon(sc: &Scenario) -> Option<HorizonRow> {
    sc.multi_year().then(|| HorizonRow {
        years: sc.horizon.years.clone(),
        discount: sc.horizon.discount,
    })
}

pub fn years(sc: &Scenario, a: &Allocation) -> Vec<YearRow> {
    if !sc.multi_year() {
        return Vec::new();
    }
    let flow = |v: &Vec<Vec<f64>>, k: PoolId, t: usize| {
        v.get(k.idx())
            .and_then(|f| f.get(t))
            .copied()
            .unwrap_or(0.0)
    };
    let before = |v: &Vec<Vec<f64>>, k: PoolId, t: usize| {
        if t > 0 { flow(v, k, t - 1) } else { 0.0 }
    };
    (0..sc.n_years())
        .map(|t| {
            let pools = sc
                .pool_ids()
                .map(|k| YearPoolRow {
                    id: sc.pool(k).id.clone(),
                    capacity_mu: sc.pool(k).capacity_in(t),
                    used_mu: a.pool_used_in(k, t),
                    carried_in_mu: before(&a.carry, k, t),
                    carried_out_mu: flow(&a.carry, k, t),
                    borrowed_mu: flow(&a.borrow, k, t),
                    lent_mu: before(&a.borrow, k, t),
                    marginal_value: None,
                    marginal_value_more: None,
                    marginal_value_less: None,
                })
                .collect();
            let by_county = sc
                .county_ids()
                .map(|c| {
                    let mu: f64 = sc
                        .project_ids()
                        .filter(|&p| sc.project(p).county == c)
                        .map(|p| a.granted_in(p, t))
                        .sum();
                    (sc.county(c).id.clone(), mu)
                })
                .collect();
            YearRow {
                year: sc.horizon.years[t],
                plan_mu: sc.plan_in(t),
                granted_mu: sc.project_ids().map(|p| a.granted_in(p, t)).sum(),
                pools,
                by_county: ByPool(by_county),
            }
        })
        .collect()
}

pub fn by_year(sc: &Scenario, a: &Allocation, p: ProjectId) -> Option<ByYear> {
    sc.multi_year().then(|| {
        ByYear(
            (0..sc.n_years())
                .map(|t| (sc.horizon.years[t], a.granted_in(p, t)))
                .collect(),
        )
    })
}

pub fn trades(sc: &Scenario, a: &Allocation) -> Option<Vec<TradeRow>> {
    sc.rules.trading.as_ref()?;
    Some(
        a.trades
            .iter()
            .map(|t| TradeRow {
                from: sc.county(t.from).id.clone(),
                to: sc.county(t.to).id.clone(),
                indicator: t.indicator,
                mu: t.mu,
                price_yuan_per_mu: t.price_yuan_per_mu,
                amount_yuan: t.amount_yuan(),
                year: sc.horizon.years[t.year],
            })
            .collect(),
    )
}

pub fn county_trading(sc: &Scenario, a: &Allocation, c: CountyId) -> Option<CountyTrading> {
    let tr = sc.rules.trading.as_ref()?;
    let mut out = CountyTrading {
        bought_mu: ByPool::default(),
        sold_mu: ByPool::default(),
        paid_yuan: 0.0,
        received_yuan: 0.0,
    };
    for &i in &tr.indicators {
        let (bought, sold, paid, received) = a.traded(c, i);
        if super::r6(bought) != 0.0 {
            out.bought_mu.0.push((i.as_str().to_string(), bought));
        }
        if super::r6(sold) != 0.0 {
            out.sold_mu.0.push((i.as_str().to_string(), sold));
        }
        out.paid_yuan += paid;
        out.received_yuan += received;
    }
    Some(out)
}

/// A trading market (an indicator, within the province or a city) and its floor price, beside
/// which the documents show what one more mu on the market is worth (its `trade_clearing`
/// marginal value, converted to yuan when the scenario says what a weighted mu is worth).
#[derive(Debug, Clone, Serialize)]
pub struct MarketRow {
    /// As in the `trade_clearing` rows: `farmland`, or `farmland@金华市` within cities.
    pub id: String,
    pub indicator: Indicator,
    pub floor_price_yuan_per_mu: f64,
    pub price_yuan_per_mu: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yuan_per_weighted_mu: Option<f64>,
    /// mu traded on the market over the horizon.
    #[serde(serialize_with = "ser_r6")]
    pub traded_mu: f64,
}

pub fn markets(sc: &Scenario, a: &Allocation) -> Option<Vec<MarketRow>> {
    let tr = sc.rules.trading.as_ref()?;
    let (groups, of) = sc.trading_scopes();
    let mut out = Vec::new();
    for &i in &tr.indicators {
        for (g, (_, members)) in groups.iter().enumerate() {
            // A county alone in its market can trade with nobody: no market to show.
            if members.len() < 2 {
                continue;
            }
            out.push(MarketRow {
                id: super::explain::market_id(sc, i, g),
                indicator: i,
                floor_price_yuan_per_mu: tr.floor_price[i.idx()],
                price_yuan_per_mu: tr.price[i.idx()],
                yuan_per_weighted_mu: tr.yuan_per_weighted_mu,
                traded_mu: a
                    .trades
                    .iter()
                    .filter(|t| t.indicator == i && of[t.from.idx()] == g)
                    .map(|t| t.mu)
                    .sum(),
            });
        }
    }
    Some(out)
}

/// mu per year, by pool: `{"2025": {"urban_batch": mu, ...}, ...}` (pools with a grant only).
#[derive(Debug, Clone, Default)]
pub struct YearPools(pub Vec<(i64, ByPool)>);

impl Serialize for YearPools {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(y, v)| (y.to_string(), v)))
    }
}

/// A county's grant in each year by pool (multi-year plans): what the county's row of the
/// 分解下达表 shows for each year.
pub fn county_year_pools(sc: &Scenario, a: &Allocation, c: CountyId) -> Option<YearPools> {
    if !sc.multi_year() {
        return None;
    }
    let ps: Vec<ProjectId> = sc
        .project_ids()
        .filter(|&p| sc.project(p).county == c)
        .collect();
    Some(YearPools(
        (0..sc.n_years())
            .map(|t| {
                let by = sc
                    .pool_ids()
                    .map(|k| {
                        let v: f64 = ps
                            .iter()
                            .flat_map(|&p| a.in_year(p, t).iter())
                            .filter(|(kk, _)| *kk == k)
                            .map(|(_, v)| *v)
                            .sum();
                        (sc.pool(k).id.clone(), v)
                    })
                    .filter(|(_, v)| super::r6(*v) != 0.0)
                    .collect();
                (sc.horizon.years[t], ByPool(by))
            })
            .collect(),
    ))
}

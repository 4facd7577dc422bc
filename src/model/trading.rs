//! Indicator trading between counties (R11): farmland compensation (补充耕地指标), forest
//! quota (林地定额) and linkage surplus (增减挂钩节余指标), within a scope (a city's counties,
//! 市域调剂, or the whole scenario), at the trading price (≥ the floor price, 最低保护价).
//!
//! Each county buys and sells on a market per scope, indicator and year: its columns
//! `buy.<indicator>.<county>` and `sell.<indicator>.<county>` enter its own balance rows, so
//! they stay in its block, and one clearing row per market (bought = sold) links the blocks,
//! as a pool row does. Since every trade of a market is at the same price, what each county
//! buys, sells and pays is decided by the LP; which seller a buyer is paired with is not a
//! decision (any pairing gives the same plan and the same payments) and is stated by
//! [`match_trades`]: sellers and buyers in county order, each buyer served by the first sellers
//! with something left.

use super::*;
use crate::alloc::Trade;
use crate::scenario::*;

/// Budget rows are written in 10,000 yuan (万元), so that their numbers are of the size of the
/// other rows'.
pub const BUDGET_UNIT_YUAN: f64 = 1e4;

/// The trading scopes: (label, counties) and each county's scope (see
/// [`Scenario::trading_scopes`]).
pub fn scopes(sc: &Scenario) -> (Vec<(String, Vec<CountyId>)>, Vec<usize>) {
    sc.trading_scopes()
}

/// Indicators a county has banked up to and including year `t`.
pub fn held_upto(c: &County, i: Indicator, t: usize) -> f64 {
    c.banked_upto(t, |y| match i {
        Indicator::Farmland => y.farmland_added_mu,
        Indicator::Forest => y.forest_added_mu,
        Indicator::Linkage => y.linkage_added_mu,
    })
}

/// The market columns of a model, by county, indicator and year.
pub struct Market {
    buy: Vec<[Vec<Option<usize>>; 3]>,
    sell: Vec<[Vec<Option<usize>>; 3]>,
    groups: Vec<(String, Vec<CountyId>)>,
}

impl Market {
    /// The buy and sell columns of every county that can use, or holds, a tradable indicator.
    pub fn columns(
        sc: &Scenario,
        lp: &mut RuleModel,
        grants: &Grants,
        by_county: &[Vec<ProjectId>],
    ) -> Market {
        let ny = sc.n_years();
        let empty = || vec![[vec![None; ny], vec![None; ny], vec![None; ny]]; sc.counties.len()];
        let (groups, group_of) = scopes(sc);
        let mut m = Market {
            buy: empty(),
            sell: empty(),
            groups,
        };
        let Some(tr) = &sc.rules.trading else {
            return m;
        };
        let linkage_pool = sc.pools.iter().position(|p| p.county_held);
        // Whether a county has grants that use the indicator at all.
        let uses = |c: CountyId, i: Indicator| -> bool {
            by_county[c.idx()].iter().any(|&p| {
                let proj = sc.project(p);
                let cols = &grants.cols[p.idx()];
                match i {
                    Indicator::Farmland => {
                        sc.rules.farmland.is_some() && proj.farmland_mu > 0.0 && !cols.is_empty()
                    }
                    Indicator::Forest => {
                        sc.rules.forest.is_some() && proj.forest_mu > 0.0 && !cols.is_empty()
                    }
                    Indicator::Linkage => cols.iter().any(|&j| {
                        matches!(lp.kinds[j], ColumnKind::Grant { pool, .. } if Some(pool.idx()) == linkage_pool)
                    }),
                }
            })
        };
        let uses: Vec<[bool; 3]> = sc
            .county_ids()
            .map(|c| Indicator::ALL.map(|i| tr.trades(i) && uses(c, i)))
            .collect();
        for c in sc.county_ids() {
            let cty = sc.county(c);
            let peers: Vec<CountyId> = m.groups[group_of[c.idx()]]
                .1
                .iter()
                .copied()
                .filter(|&o| o != c)
                .collect();
            for &i in &tr.indicators {
                for t in 0..ny {
                    let for_sale: f64 = peers
                        .iter()
                        .map(|&o| held_upto(sc.county(o), i, t) * tr.sell_share(sc.county(o)))
                        .sum();
                    if uses[c.idx()][i.idx()] && for_sale > 0.0 {
                        m.buy[c.idx()][i.idx()][t] = Some(lp.add_column(
                            ColumnKind::Trade {
                                county: c,
                                indicator: i,
                                year: t,
                                sell: false,
                            },
                            Column {
                                name: named(sc, format!("buy.{}.{}", i.as_str(), cty.id), t),
                                lower: 0.0,
                                upper: for_sale,
                                integer: false,
                                obj: -tr.objective_cost(sc.year_factor(t)),
                            },
                        ));
                    }
                    let own = held_upto(cty, i, t) * tr.sell_share(cty);
                    if own > 0.0 && peers.iter().any(|o| uses[o.idx()][i.idx()]) {
                        m.sell[c.idx()][i.idx()][t] = Some(lp.add_column(
                            ColumnKind::Trade {
                                county: c,
                                indicator: i,
                                year: t,
                                sell: true,
                            },
                            Column {
                                name: named(sc, format!("sell.{}.{}", i.as_str(), cty.id), t),
                                lower: 0.0,
                                upper: own,
                                integer: false,
                                obj: 0.0,
                            },
                        ));
                    }
                }
            }
        }
        m
    }

    /// A county's trades up to year `t` in its balance of an indicator: bought mu add to what
    /// it holds (−1 on the "used ≤ held" side), sold mu take away (+1).
    pub fn terms_upto(&self, c: CountyId, i: Indicator, t: usize) -> Vec<(usize, f64)> {
        let mut out = Vec::new();
        for s in 0..=t {
            if let Some(j) = self.buy[c.idx()][i.idx()][s] {
                out.push((j, -1.0));
            }
            if let Some(j) = self.sell[c.idx()][i.idx()][s] {
                out.push((j, 1.0));
            }
        }
        out
    }

    /// The clearing row of each market, and the counties' sell-share and budget rows.
    pub fn rows(&self, sc: &Scenario, lp: &mut RuleModel) {
        let Some(tr) = &sc.rules.trading else {
            return;
        };
        let province = tr.scope == TradeScope::Province;
        for t in 0..sc.n_years() {
            let mut rows = Vec::new();
            for &i in &tr.indicators {
                for (g, (_, members)) in self.groups.iter().enumerate() {
                    let mut coeffs = Vec::new();
                    for &c in members {
                        coeffs.extend(self.buy[c.idx()][i.idx()][t].map(|j| (j, 1.0)));
                        coeffs.extend(self.sell[c.idx()][i.idx()][t].map(|j| (j, -1.0)));
                    }
                    if coeffs.is_empty() {
                        continue;
                    }
                    let base = if province {
                        format!("trade_clearing.{}", i.as_str())
                    } else {
                        format!("trade_clearing.{}.scope{g}", i.as_str())
                    };
                    rows.push((
                        Owner::Market {
                            indicator: i,
                            group: g,
                        },
                        Row::new(named(sc, base, t), coeffs, Sense::Eq, 0.0),
                    ));
                }
            }
            lp.add_block_in(RuleKind::TradeClearing, tag(sc, t), rows);
        }
        for t in 0..sc.n_years() {
            let mut rows = Vec::new();
            for c in sc.county_ids() {
                let cty = sc.county(c);
                let share = tr.sell_share(cty);
                if share >= 1.0 {
                    continue;
                }
                for &i in &tr.indicators {
                    let coeffs: Vec<(usize, f64)> = (0..=t)
                        .filter_map(|s| self.sell[c.idx()][i.idx()][s].map(|j| (j, 1.0)))
                        .collect();
                    if coeffs.is_empty() {
                        continue;
                    }
                    rows.push((
                        Owner::County(c),
                        Row::new(
                            named(sc, format!("trade_sell_limit.{}.{}", i.as_str(), cty.id), t),
                            coeffs,
                            Sense::Le,
                            share * held_upto(cty, i, t),
                        ),
                    ));
                }
            }
            lp.add_block_in(RuleKind::TradeSellLimit, tag(sc, t), rows);
        }
        for t in 0..sc.n_years() {
            let rows = sc
                .county_ids()
                .filter_map(|c| {
                    let budget = sc.county(c).trade_budget_yuan?;
                    let coeffs: Vec<(usize, f64)> = tr
                        .indicators
                        .iter()
                        .filter_map(|&i| {
                            self.buy[c.idx()][i.idx()][t]
                                .map(|j| (j, tr.price[i.idx()] / BUDGET_UNIT_YUAN))
                        })
                        .filter(|&(_, a)| a > 0.0)
                        .collect();
                    if coeffs.is_empty() {
                        return None;
                    }
                    Some((
                        Owner::County(c),
                        Row::new(
                            named(sc, format!("trade_budget.{}", sc.county(c).id), t),
                            coeffs,
                            Sense::Le,
                            budget / BUDGET_UNIT_YUAN,
                        ),
                    ))
                })
                .collect();
            lp.add_block_in(RuleKind::TradeBudget, tag(sc, t), rows);
        }
    }
}

/// Below this (mu) a bought or sold amount is solver noise, not a trade.
const TRADE_EPS: f64 = 1e-7;

/// Pairs what counties bought and sold on each market into trades: per scope, indicator and
/// year, sellers and buyers in county order, each buyer served by the first sellers with
/// something left (the northwest-corner rule). `amounts` holds (county, indicator, year,
/// sell, mu) for every market column.
pub fn match_trades(
    sc: &Scenario,
    amounts: &[(CountyId, Indicator, usize, bool, f64)],
) -> Vec<Trade> {
    let Some(tr) = &sc.rules.trading else {
        return Vec::new();
    };
    let (groups, group_of) = scopes(sc);
    let mut out = Vec::new();
    for t in 0..sc.n_years() {
        for &i in &tr.indicators {
            for g in 0..groups.len() {
                // A county on both sides of a market (solver noise) trades its net amount.
                let mut net: Vec<(CountyId, f64)> = Vec::new();
                for a in amounts
                    .iter()
                    .filter(|a| a.1 == i && a.2 == t && group_of[a.0.idx()] == g)
                {
                    let signed = if a.3 { -a.4 } else { a.4 };
                    match net.iter_mut().find(|n| n.0 == a.0) {
                        Some(n) => n.1 += signed,
                        None => net.push((a.0, signed)),
                    }
                }
                net.sort_by_key(|n| n.0);
                let mut sellers: Vec<(CountyId, f64)> = net
                    .iter()
                    .filter(|n| n.1 < -TRADE_EPS)
                    .map(|n| (n.0, -n.1))
                    .collect();
                let buyers: Vec<(CountyId, f64)> =
                    net.iter().filter(|n| n.1 > TRADE_EPS).copied().collect();
                let mut s = 0;
                for (to, mut want) in buyers {
                    while want > TRADE_EPS && s < sellers.len() {
                        let last = s + 1 == sellers.len();
                        let (from, left) = &mut sellers[s];
                        // The last seller covers any rounding residue of the clearing row.
                        let mu = if last { want } else { want.min(*left) };
                        out.push(Trade {
                            from: *from,
                            to,
                            indicator: i,
                            year: t,
                            mu,
                            price_yuan_per_mu: tr.price[i.idx()],
                        });
                        want -= mu;
                        *left -= mu;
                        if *left <= TRADE_EPS {
                            s += 1;
                        }
                    }
                }
            }
        }
    }
    out
}

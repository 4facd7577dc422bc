//! The trading rules (R11), recomputed from the scenario and the plan's list of trades.

use super::{Acc, Check};
use crate::alloc::Allocation;
use crate::rules::RuleId;
use crate::scenario::*;

pub fn check(sc: &Scenario, a: &Allocation) -> Vec<Check> {
    let ny = sc.horizon.years.len();
    let at = |id: &str, t: usize| -> String {
        if ny > 1 {
            format!("{id}@{}", sc.horizon.years[t])
        } else {
            id.to_string()
        }
    };
    let mut valid = Acc::new(RuleId::Trade);
    let mut sold = vec![[vec![0.0; ny], vec![0.0; ny], vec![0.0; ny]]; sc.counties.len()];
    let mut paid = vec![vec![0.0; ny]; sc.counties.len()];
    for tr in &a.trades {
        let known = tr.from.idx() < sc.counties.len() && tr.to.idx() < sc.counties.len();
        let id = if known {
            format!(
                "{}>{}/{}",
                sc.county(tr.from).id,
                sc.county(tr.to).id,
                tr.indicator.as_str()
            )
        } else {
            "unknown county".to_string()
        };
        let id = at(&id, tr.year.min(ny.saturating_sub(1)));
        // A trade that should not exist at all is wrong by all of its mu.
        let allowed = known
            && tr.year < ny
            && tr.from != tr.to
            && sc.rules.trading.as_ref().is_some_and(|t| {
                t.indicators.contains(&tr.indicator)
                    && match t.scope {
                        TradeScope::Province => true,
                        TradeScope::City => {
                            let (a, b) = (&sc.county(tr.from).city, &sc.county(tr.to).city);
                            !a.is_empty() && a == b
                        }
                    }
                    && tr.price_yuan_per_mu >= t.floor_price[tr.indicator.idx()]
            });
        valid.see(&id, if allowed { -tr.mu } else { tr.mu.abs() });
        if allowed {
            sold[tr.from.idx()][tr.indicator.idx()][tr.year] += tr.mu;
            paid[tr.to.idx()][tr.year] += tr.mu * tr.price_yuan_per_mu;
        }
    }
    let mut out = vec![valid.done()];
    let Some(t) = &sc.rules.trading else {
        return out;
    };

    let mut limit = Acc::new(RuleId::TradeSellLimit);
    for c in sc.county_ids() {
        let cty = sc.county(c);
        let share = cty.max_sell_share.unwrap_or(t.max_sell_share);
        for &i in &t.indicators {
            let (mut held, mut sold_upto) = (0.0, 0.0);
            for (y, sold_y) in sold[c.idx()][i.idx()].iter().enumerate() {
                let year = cty.year(y);
                held += match i {
                    Indicator::Farmland => year.farmland_added_mu,
                    Indicator::Forest => year.forest_added_mu,
                    Indicator::Linkage => year.linkage_added_mu,
                };
                sold_upto += sold_y;
                limit.see(
                    &at(&format!("{}/{}", cty.id, i.as_str()), y),
                    sold_upto - share * held,
                );
            }
        }
    }
    out.push(limit.done());

    let mut budget = Acc::new(RuleId::TradeBudget);
    // Measured in mu of the dearest tradable indicator, so that the tolerance is in mu.
    let dearest = t
        .indicators
        .iter()
        .map(|i| t.price[i.idx()])
        .fold(0.0, f64::max)
        .max(1.0);
    for c in sc.county_ids() {
        if let Some(b) = sc.county(c).trade_budget_yuan {
            for (y, p) in paid[c.idx()].iter().enumerate() {
                budget.see(&at(&sc.county(c).id, y), (p - b) / dearest);
            }
        }
    }
    if budget.n > 0 {
        out.push(budget.done());
    }
    out
}

//! The allocation a solution stands for: the LP's columns read back into domain terms.

use super::Grants;
use super::{ColumnKind, Resource, RuleModel};
use crate::alloc::Allocation;
use crate::scenario::Scenario;

impl Allocation {
    /// The allocation of the solution `x` of the model `lp` (its grant columns per project in
    /// `grants`).
    pub fn from_columns(sc: &Scenario, lp: &RuleModel, grants: &Grants, x: &[f64]) -> Self {
        let mut out = Self::empty(sc);
        let ny = sc.n_years();
        let multi = sc.multi_year();
        if multi {
            out.yearly = vec![vec![Vec::new(); ny]; sc.projects.len()];
            out.carry = vec![vec![0.0; ny]; sc.pools.len()];
            out.borrow = vec![vec![0.0; ny]; sc.pools.len()];
            out.draws = vec![[vec![0.0; ny], vec![0.0; ny]]; sc.counties.len()];
        }
        for (p, cols) in grants.cols.iter().enumerate() {
            for &j in cols {
                if let ColumnKind::Grant { pool, year, .. } = lp.kinds[j]
                    && x[j] > 0.0
                {
                    if multi {
                        out.yearly[p][year].push((pool, x[j]));
                        match out.grants[p].iter_mut().find(|(k, _)| *k == pool) {
                            Some((_, v)) => *v += x[j],
                            None => out.grants[p].push((pool, x[j])),
                        }
                    } else {
                        out.grants[p].push((pool, x[j]));
                    }
                }
            }
            out.grants[p].sort_by_key(|(k, _)| *k);
            if multi {
                for y in &mut out.yearly[p] {
                    y.sort_by_key(|(k, _)| *k);
                }
            }
            // In pool order, whatever order the LP's columns are in.
            out.grants[p].sort_by_key(|&(k, _)| k);
        }
        let mut traded = Vec::new();
        for (j, kind) in lp.kinds.iter().enumerate() {
            match *kind {
                ColumnKind::Carry { pool, year } if multi => out.carry[pool.idx()][year] = x[j],
                ColumnKind::Borrow { pool, year } if multi => out.borrow[pool.idx()][year] = x[j],
                ColumnKind::SharedDraw {
                    county,
                    resource,
                    year,
                } if multi => {
                    let r = match resource {
                        Resource::Farmland => 0,
                        Resource::Forest => 1,
                    };
                    out.draws[county.idx()][r][year] = x[j];
                }
                ColumnKind::Trade {
                    county,
                    indicator,
                    year,
                    sell,
                } => traded.push((county, indicator, year, sell, x[j])),
                _ => {}
            }
        }
        out.trades = super::trading::match_trades(sc, &traded);
        out
    }
}

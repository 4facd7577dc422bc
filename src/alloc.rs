//! An allocation plan in domain terms: mu per project per pool. Solver-independent, so the
//! rule checker and the pro-rata baseline work on the same type.

use crate::model::build::Grants;
use crate::model::{ColumnKind, Resource, RuleModel};
use crate::scenario::{CountyId, Indicator, PoolId, ProjectId, Scenario};

/// One trade of indicators between two counties.
#[derive(Debug, Clone, PartialEq)]
pub struct Trade {
    pub from: CountyId,
    pub to: CountyId,
    pub indicator: Indicator,
    /// Year of the horizon (index; 0 is the plan year).
    pub year: usize,
    pub mu: f64,
    pub price_yuan_per_mu: f64,
}

impl Trade {
    pub fn amount_yuan(&self) -> f64 {
        self.mu * self.price_yuan_per_mu
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    /// Per project, (pool, mu) for every pool it drew on with a positive amount, in pool order;
    /// over the whole horizon in a multi-year plan.
    pub grants: Vec<Vec<(PoolId, f64)>>,
    /// Multi-year plans: per project and year, (pool, mu). Empty in a one-year plan, whose
    /// only year is `grants`.
    pub yearly: Vec<Vec<Vec<(PoolId, f64)>>>,
    /// Multi-year plans: per pool and year, mu carried to the next year.
    pub carry: Vec<Vec<f64>>,
    /// Multi-year plans: per pool and year, mu of the next year's capacity used in this one.
    pub borrow: Vec<Vec<f64>>,
    /// Multi-year plans: per county, resource (farmland, forest) and year, mu drawn from the
    /// shared pool (a one-year plan's draws are what the counties lack).
    pub draws: Vec<[Vec<f64>; 2]>,
    /// Trades between counties, by year, indicator, scope, seller.
    pub trades: Vec<Trade>,
}

impl Allocation {
    pub fn empty(sc: &Scenario) -> Self {
        Allocation {
            grants: vec![Vec::new(); sc.projects.len()],
            yearly: Vec::new(),
            carry: Vec::new(),
            borrow: Vec::new(),
            draws: Vec::new(),
            trades: Vec::new(),
        }
    }

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
        out.trades = crate::model::trading::match_trades(sc, &traded);
        out
    }

    /// (pool, mu) granted to a project in year `t` of the horizon.
    pub fn in_year(&self, p: ProjectId, t: usize) -> &[(PoolId, f64)] {
        if self.yearly.is_empty() {
            &self.grants[p.idx()]
        } else {
            &self.yearly[p.idx()][t]
        }
    }

    pub fn granted_in(&self, p: ProjectId, t: usize) -> f64 {
        self.in_year(p, t).iter().map(|(_, v)| v).sum()
    }

    pub fn granted(&self, p: ProjectId) -> f64 {
        self.grants[p.idx()].iter().map(|(_, v)| v).sum()
    }

    pub fn from_pool(&self, p: ProjectId, k: PoolId) -> f64 {
        self.grants[p.idx()]
            .iter()
            .filter(|(q, _)| *q == k)
            .map(|(_, v)| v)
            .sum()
    }

    pub fn pool_used(&self, k: PoolId) -> f64 {
        self.grants
            .iter()
            .flatten()
            .filter(|(q, _)| *q == k)
            .map(|(_, v)| v)
            .sum()
    }

    /// Mu of a pool used in year `t`.
    pub fn pool_used_in(&self, k: PoolId, t: usize) -> f64 {
        (0..self.grants.len())
            .flat_map(|p| self.in_year(ProjectId(p as u32), t))
            .filter(|(q, _)| *q == k)
            .map(|(_, v)| v)
            .sum()
    }

    pub fn county_granted(&self, sc: &Scenario, c: CountyId) -> f64 {
        sc.project_ids()
            .filter(|&p| sc.project(p).county == c)
            .map(|p| self.granted(p))
            .sum()
    }

    pub fn total(&self) -> f64 {
        self.grants.iter().flatten().map(|(_, v)| v).sum()
    }

    /// Σ tier weight × mu: the officer-facing objective, without the tie-break perturbation;
    /// in a multi-year plan each year's mu are discounted as in the objective.
    pub fn weighted_mu(&self, sc: &Scenario) -> f64 {
        if self.yearly.is_empty() {
            return sc
                .project_ids()
                .map(|p| sc.weight(p) * self.granted(p))
                .sum();
        }
        sc.project_ids()
            .map(|p| {
                (0..sc.n_years())
                    .map(|t| sc.year_factor(t) * self.granted_in(p, t))
                    .sum::<f64>()
                    * sc.weight(p)
            })
            .sum()
    }

    /// (bought, sold, paid yuan, received yuan) of a county in all its trades of an indicator.
    pub fn traded(&self, c: CountyId, i: Indicator) -> (f64, f64, f64, f64) {
        let mut out = (0.0, 0.0, 0.0, 0.0);
        for t in self.trades.iter().filter(|t| t.indicator == i) {
            if t.to == c {
                out.0 += t.mu;
                out.2 += t.amount_yuan();
            }
            if t.from == c {
                out.1 += t.mu;
                out.3 += t.amount_yuan();
            }
        }
        out
    }
}

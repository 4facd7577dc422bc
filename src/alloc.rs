//! An allocation plan in domain terms: mu per project per pool. Solver-independent (it imports
//! only the scenario), so the rule checker and the pro-rata baseline work on the same type;
//! the model reads one from the LP's columns (`model::columns`).

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

//! An allocation plan in domain terms: mu per project per pool. Solver-independent, so the
//! rule checker and the pro-rata baseline work on the same type.

use crate::model::build::Grants;
use crate::model::{ColumnKind, RuleModel};
use crate::scenario::{CountyId, PoolId, ProjectId, Scenario};

#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    /// Per project, (pool, mu) for every pool it drew on with a positive amount, in pool order.
    pub grants: Vec<Vec<(PoolId, f64)>>,
}

impl Allocation {
    pub fn empty(sc: &Scenario) -> Self {
        Allocation {
            grants: vec![Vec::new(); sc.projects.len()],
        }
    }

    pub fn from_columns(sc: &Scenario, lp: &RuleModel, grants: &Grants, x: &[f64]) -> Self {
        let mut out = Self::empty(sc);
        for (p, cols) in grants.cols.iter().enumerate() {
            for &j in cols {
                if let ColumnKind::Grant { pool, .. } = lp.kinds[j]
                    && x[j] > 0.0
                {
                    out.grants[p].push((pool, x[j]));
                }
            }
        }
        out
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

    pub fn county_granted(&self, sc: &Scenario, c: CountyId) -> f64 {
        sc.project_ids()
            .filter(|&p| sc.project(p).county == c)
            .map(|p| self.granted(p))
            .sum()
    }

    pub fn total(&self) -> f64 {
        self.grants.iter().flatten().map(|(_, v)| v).sum()
    }

    /// Σ tier weight × mu: the officer-facing objective, without the tie-break perturbation.
    pub fn weighted_mu(&self, sc: &Scenario) -> f64 {
        sc.project_ids()
            .map(|p| sc.weight(p) * self.granted(p))
            .sum()
    }
}

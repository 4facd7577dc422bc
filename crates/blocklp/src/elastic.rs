//! Why an LP is infeasible: the smallest relaxation of its rows that makes it feasible.
//!
//! Every row of interest gets an elastic column (by how much the row is allowed to give), and the sum
//! of elastic columns is minimised. Rows that give in that solution conflict; so do the rows
//! that stand against them (binding rows whose relaxation would shrink the total). For each
//! of these, a second LP with only that row elastic says whether relaxing it alone suffices,
//! and by how much: "lower this ≥ row by 40, or raise that ≤ row by 40".

use super::backend::{Backend, SolveError};
use super::model::{Column, LpModel, Sense};
use super::sensitivity::{fix_integers, marginal_values};

#[derive(Debug, Clone)]
pub struct Conflict {
    pub row: usize,
    /// How much this row gives in the smallest joint relaxation (0 if it only stands in the way).
    pub joint_mu: f64,
    /// How much this row would have to give if it alone were relaxed (`None`: not enough alone).
    pub alone_mu: Option<f64>,
}

const TOL: f64 = 1e-7;

/// The least and the most a row's activity can be within the column bounds.
fn activity_range(m: &LpModel, i: usize) -> (f64, f64) {
    let (mut low, mut high) = (0.0, 0.0);
    for &(j, a) in &m.rows[i].coeffs {
        let c = &m.columns[j];
        let (u, v) = (a * c.lower, a * c.upper);
        low += u.min(v);
        high += u.max(v);
    }
    (low, high)
}

/// Adds elastic columns to `rows`; returns the model and the elastic columns per row.
pub(crate) fn elastic(lp: &LpModel, rows: &[usize]) -> (LpModel, Vec<(usize, usize)>) {
    let mut m = lp.clone();
    for c in &mut m.columns {
        c.obj = 0.0;
    }
    let mut cols = Vec::new();
    for &i in rows {
        let signs: &[f64] = match m.rows[i].sense {
            Sense::Le => &[-1.0],
            Sense::Ge => &[1.0],
            Sense::Eq => &[-1.0, 1.0],
        };
        let (low, high) = activity_range(&m, i);
        for &s in signs {
            // As much as the row can ever be violated: more would never be used, and a finite
            // bound keeps the LP block-angular for the decomposition (an elastic column on a
            // local row joins that row's block; on a linking row it is a block of its own).
            let most = if s < 0.0 {
                high - m.rows[i].rhs
            } else {
                m.rows[i].rhs - low
            };
            let j = m.add_column(Column {
                name: format!("elastic.{}", m.rows[i].name),
                lower: 0.0,
                upper: most.max(0.0),
                integer: false,
                obj: -1.0,
            });
            m.rows[i].coeffs.push((j, s));
            cols.push((i, j));
        }
    }
    (m, cols)
}

/// The rows among `rows` that conflict in the infeasible `lp` (only these are made elastic).
pub fn find_conflicts(
    backend: &dyn Backend,
    lp: &LpModel,
    rows: &[usize],
) -> Result<Vec<Conflict>, SolveError> {
    let (m, cols) = elastic(lp, rows);
    let sol = backend.solve(&m)?;
    let mut joint = vec![0.0; lp.rows.len()];
    for &(i, j) in &cols {
        joint[i] += sol.x[j];
    }
    let mut candidates: Vec<usize> = rows.iter().copied().filter(|&i| joint[i] > TOL).collect();
    // Rows that bind against the relaxation: relaxing them would shrink the total.
    let fixed = fix_integers(&m, &sol.x);
    let values = marginal_values(backend, &fixed, &sol.x, rows)?;
    for v in values {
        let helps = match lp.rows[v.row].sense {
            Sense::Le => v.value.more.is_some_and(|s| s > TOL),
            Sense::Ge => v.value.less.is_some_and(|s| s < -TOL),
            Sense::Eq => {
                v.value.more.is_some_and(|s| s.abs() > TOL)
                    || v.value.less.is_some_and(|s| s.abs() > TOL)
            }
        };
        if helps && !candidates.contains(&v.row) {
            candidates.push(v.row);
        }
    }
    candidates.sort_by(|&a, &b| joint[b].total_cmp(&joint[a]).then(a.cmp(&b)));
    candidates.truncate(20);
    let mut out = Vec::new();
    for &i in &candidates {
        let (alone, _) = elastic(lp, &[i]);
        let alone_mu = match backend.solve(&alone) {
            Ok(s) => Some(-alone.objective_value(&s.x)),
            Err(SolveError::Infeasible) => None,
            Err(e) => return Err(e),
        };
        out.push(Conflict {
            row: i,
            joint_mu: joint[i],
            alone_mu,
        });
    }
    Ok(out)
}

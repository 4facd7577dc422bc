//! Marginal values of rows: how much the optimum changes per unit of right-hand side.
//!
//! The default backend gives no duals, and duals alone would be wrong at degenerate vertices,
//! where the optimum's slope differs for more and for less. So the one-sided slopes are
//! measured: the LP (integer columns fixed at their optimal values) is re-optimised with the
//! row's right-hand side moved by ±δ and ±2δ; a concave piecewise-linear function whose slope
//! is the same on [0, δ] and [δ, 2δ] is linear on [0, 2δ], so that slope is exact. If the two
//! differ, a breakpoint lies within 2δ and δ is shrunk. Rows with slack keep the optimum for
//! small shifts in both directions, so their value is 0 without any solve.

use super::backend::{Backend, SolveError};
use super::model::{LpModel, Sense};

/// Objective units per unit of right-hand side, measured on each side of the current value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneSided {
    /// Change in the optimum per extra unit of right-hand side (`None`: infeasible beyond).
    pub more: Option<f64>,
    /// Change in the optimum lost per unit taken away (`None`: infeasible beyond).
    pub less: Option<f64>,
}

impl OneSided {
    pub const ZERO: OneSided = OneSided {
        more: Some(0.0),
        less: Some(0.0),
    };

    /// The two-sided value when both sides agree within `tol` (relative), else `None`.
    pub fn value(&self) -> Option<f64> {
        match (self.more, self.less) {
            (Some(a), Some(b)) if (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0) => Some(a),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct RowValue {
    pub row: usize,
    /// Right-hand side minus activity, in the row's own direction (≥ 0 when it holds).
    pub slack: f64,
    pub binding: bool,
    pub value: OneSided,
}

/// The LP with integer columns fixed at their values in `x`, the usual basis for MIP duals.
pub fn fix_integers(lp: &LpModel, x: &[f64]) -> LpModel {
    let mut m = lp.clone();
    for (c, v) in m.columns.iter_mut().zip(x) {
        if c.integer {
            let v = v.round();
            c.lower = v;
            c.upper = v;
            c.integer = false;
        }
    }
    m
}

pub fn slack(lp: &LpModel, row: usize, x: &[f64]) -> f64 {
    let r = &lp.rows[row];
    let act = lp.row_activity(r, x);
    match r.sense {
        Sense::Le => r.rhs - act,
        Sense::Ge => act - r.rhs,
        Sense::Eq => -(act - r.rhs).abs(),
    }
}

pub fn is_binding(lp: &LpModel, row: usize, x: &[f64]) -> bool {
    slack(lp, row, x) <= 1e-7 * lp.rows[row].rhs.abs().max(1.0)
}

/// Marginal values of `rows` for the LP `fixed` (no integer columns) whose optimum is `x`.
pub fn marginal_values(
    backend: &dyn Backend,
    fixed: &LpModel,
    x: &[f64],
    rows: &[usize],
) -> Result<Vec<RowValue>, SolveError> {
    let out = marginal_values_by(&|s| backend.shifted_optima(fixed, s), fixed, x, rows);
    backend.end_shifts();
    out
}

/// Optima of an LP with one right-hand side moved, for each `(row, shift)` taken alone
/// (`None`: infeasible), as [`Backend::shifted_optima`] gives them.
pub type ShiftedOptima<'a> = &'a dyn Fn(&[(usize, f64)]) -> Result<Vec<Option<f64>>, SolveError>;

/// As [`marginal_values`], measuring the shifted optima with `measure` (the state a solve kept,
/// say: [`crate::Retained::shifted_optima`]).
pub fn marginal_values_by(
    measure: ShiftedOptima,
    fixed: &LpModel,
    x: &[f64],
    rows: &[usize],
) -> Result<Vec<RowValue>, SolveError> {
    let mut z = fixed.objective_value(x);
    let mut out: Vec<RowValue> = rows
        .iter()
        .map(|&row| RowValue {
            row,
            slack: slack(fixed, row, x),
            binding: is_binding(fixed, row, x),
            value: OneSided::ZERO,
        })
        .collect();
    // Solver noise in the optimum, relative; slopes are trusted beyond noise / δ.
    let noise = 1e-10 * z.abs().max(1.0);
    let mut pending: Vec<usize> = (0..out.len()).filter(|&i| out[i].binding).collect();
    let mut delta = 1.0;
    for attempt in 0..4 {
        if pending.is_empty() {
            break;
        }
        // The first batch also measures the unshifted optimum: slopes are differences of one
        // solver's optima, so `x` from another solver (equally optimal, but a different
        // vertex among near-ties, 1e-12 lower, say) must not be one end of them.
        let base: Option<(usize, f64)> = (attempt == 0).then(|| (out[pending[0]].row, 0.0));
        let shifts: Vec<(usize, f64)> =
            base.into_iter()
                .chain(pending.iter().flat_map(|&i| {
                    [delta, 2.0 * delta, -delta, -2.0 * delta].map(|d| (out[i].row, d))
                }))
                .collect();
        let mut optima = measure(&shifts)?;
        if base.is_some()
            && let Some(z0) = optima.remove(0)
        {
            z = z0;
        }
        let mut retry = Vec::new();
        for (n, &i) in pending.iter().enumerate() {
            let [p1, p2, m1, m2] = [
                optima[4 * n],
                optima[4 * n + 1],
                optima[4 * n + 2],
                optima[4 * n + 3],
            ];
            let side = |a: Option<f64>, b: Option<f64>, sign: f64| -> (Option<f64>, bool) {
                match (a, b) {
                    (Some(a), Some(b)) => {
                        let s1 = sign * (a - z) / delta;
                        let s2 = sign * (b - a) / delta;
                        let linear =
                            (s1 - s2).abs() <= 1e-7 * s1.abs().max(1.0) + 2.0 * noise / delta;
                        (Some(clean(s1)), linear)
                    }
                    // Feasible one step out but not two: the step to δ is still a true slope
                    // only if no breakpoint lies within it, which cannot be confirmed.
                    (Some(a), None) => (Some(clean(sign * (a - z) / delta)), false),
                    (None, _) => (None, true),
                }
            };
            let (more, ok_more) = side(p1, p2, 1.0);
            let (less, ok_less) = side(m1, m2, -1.0);
            out[i].value = OneSided { more, less };
            if !(ok_more && ok_less) && attempt < 3 {
                retry.push(i);
            }
        }
        pending = retry;
        delta /= 16.0;
    }
    Ok(out)
}

/// Snaps measurement noise: slopes are rounded to 1e-9 objective units per unit.
fn clean(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 { 0.0 } else { r }
}

//! Optima of a decomposed LP with one right-hand side shifted: ranging at scale.
//!
//! The plain way (re-solving the whole LP per shift, even warm) is what makes marginal values
//! cost seconds at 90 blocks and hours at 2,844. The decomposition brackets each shifted
//! optimum between two numbers that cost almost nothing:
//!
//! - **Above**, the Lagrangian at the final prices π: with block b's row shifted, only block b's
//!   optimum at π changes (one warm re-solve of a small tableau); with a linking row shifted,
//!   the bound moves by π_r·δ. Weak duality makes this an upper bound for any π.
//! - **Below**, a point that meets every row: block b at its shifted optimum, the other blocks
//!   held where the plan has them, except the blocks the master mixes, which are re-optimised
//!   with what is left of the linking rows (a small restricted LP, warm-started across shifts).
//!
//! When their changes from the base meet (they do whenever the prices stay optimal across the
//! shift, the usual case for the shifts of a slope), the shifted optimum is known to the
//! tolerance, and the value reported is the base plus the upper end's change. The shifts they
//! do not pin down go together to the inner backend's warm re-solves on LPs small enough for
//! it, else each to a decomposed solve seeded with the base's blocks and master columns.

use super::{Kept, Structure, decomposed, held_plan, restricted_lp};
use crate::backend::dense::dense_err;
use crate::backend::{Backend, SolveError};
use crate::dense::{DenseError, DenseLp};
use crate::model::{LpModel, Sense};
use rayon::prelude::*;
use std::collections::HashMap;

/// Shifts measured per restricted tableau: fixed, so that which warm starts a shift sees (and
/// so the result, to rounding) does not depend on the number of threads.
const CHUNK: usize = 32;
/// Dual simplex pivots a shift may take on the side of a kept tableau (see
/// [`DenseLp::rhs_dual_step`]) before a copy of it is re-solved instead.
const SIDE_PIVOTS: usize = 64;

/// Everything the shifts of one LP share: its decomposition at the optimum and the restricted
/// problem over the mixed blocks.
pub struct ShiftBase {
    kept: Kept,
    /// Plan objective.
    z0: f64,
    /// Per model row: linking index, or (block, local row).
    place: Vec<Place>,
    /// The restricted problem, solved at the base, and its optimum there.
    restricted: DenseLp,
    r_obj: Vec<f64>,
    r_base: f64,
    /// Model row → restricted row, and the restricted rows' base right-hand sides.
    r_row: Vec<Option<usize>>,
    r_rhs: Vec<f64>,
    /// Activity of the plan on each linking row, and that row's sense and rhs.
    link_activity: Vec<f64>,
    /// The plan's columns of each block (in block order).
    block_x: Vec<Vec<f64>>,
    prices: HashMap<String, f64>,
    /// How many shifts the brackets left open (for the trace and the tests).
    pub left_open: std::sync::atomic::AtomicUsize,
    /// Shifts whose kept tableau (a block's, or the restricted problem's) could not step
    /// through them and that a copy re-solved instead (for the trace).
    pub resolved: std::sync::atomic::AtomicUsize,
}

/// A thread's copy of the restricted problem for the shifts its basis cannot step through
/// (made when the first such shift comes), and the rows it has moved from the base.
struct Work {
    lp: Option<DenseLp>,
    moved: Vec<usize>,
}

#[derive(Clone, Copy)]
enum Place {
    Link(usize),
    Block(usize, usize),
}

impl ShiftBase {
    /// `None` when the decomposition itself fell back (its prices are then not to be trusted).
    pub fn new(
        lp: &LpModel,
        s: &Structure,
        inner: &dyn Backend,
    ) -> Result<Option<ShiftBase>, SolveError> {
        if lp.has_integers() {
            return Ok(None);
        }
        let (sol, _, kept) = decomposed(lp, s, inner, None, None, false)?;
        let Some(kept) = kept else {
            return Ok(None);
        };
        ShiftBase::from_kept(lp, s, kept, &sol.x).map(Some)
    }

    /// From what a decomposed solve of `lp` (no integer columns) left, and its solution `x`:
    /// the same state as [`Self::new`] without decomposing again.
    pub(super) fn from_kept(
        lp: &LpModel,
        s: &Structure,
        mut kept: Kept,
        x: &[f64],
    ) -> Result<ShiftBase, SolveError> {
        let z0 = lp.objective_value(x);
        let (_, free, _) = held_plan(lp, s, &kept.subs, &kept.lambda, true);
        // Each block the master does not mix re-takes the plan's vertex as its basis (at the
        // final prices its block optimum has ties, and the tableau may sit on another optimal
        // vertex, whose shift would move the linking rows by hundreds of units for nothing).
        let pi = kept.pi.clone();
        let steered: Vec<Option<(f64, Vec<f64>)>> = kept
            .subs
            .par_iter_mut()
            .zip(&s.blocks)
            .map(|(sub, part)| {
                if part.cols.iter().any(|&j| free[j]) {
                    return None;
                }
                let xb: Vec<f64> = part.cols.iter().map(|&j| x[j]).collect();
                if !sub.lp.warm_at(&xb) {
                    return None;
                }
                let c = sub.priced(&pi);
                sub.lp.solve(&c).ok().map(|s| (s.objective, s.x))
            })
            .collect();
        for (b, st) in steered.into_iter().enumerate() {
            if let Some((v, x)) = st {
                kept.block_values[b] = v;
                kept.block_x[b] = x;
            }
        }
        let mut place = vec![Place::Link(usize::MAX); lp.rows.len()];
        for (li, &r) in s.linking.iter().enumerate() {
            place[r] = Place::Link(li);
        }
        for (b, part) in s.blocks.iter().enumerate() {
            for (lr, &r) in part.rows.iter().enumerate() {
                place[r] = Place::Block(b, lr);
            }
        }
        let (rm, _) = restricted_lp(lp, &free, x);
        let mut r_row = vec![None; lp.rows.len()];
        let mut next = 0;
        for (i, row) in lp.rows.iter().enumerate() {
            if row.coeffs.iter().any(|&(j, _)| free[j]) {
                r_row[i] = Some(next);
                next += 1;
            }
        }
        let (mut restricted, r_obj) = DenseLp::from_model(&rm);
        let r_base = if rm.columns.is_empty() {
            0.0
        } else {
            // The plan's columns are a vertex of the restricted problem, and optimal there:
            // starting on it saves the cold solve (at 90 blocks, most of building this base).
            let x_free: Vec<f64> = (0..lp.columns.len())
                .filter(|&j| free[j])
                .map(|j| x[j])
                .collect();
            restricted.warm_at(&x_free);
            restricted.solve(&r_obj).map_err(dense_err)?.objective
        };
        let link_activity = s
            .linking
            .iter()
            .map(|&r| lp.row_activity(&lp.rows[r], x))
            .collect();
        let block_x = s
            .blocks
            .iter()
            .map(|b| b.cols.iter().map(|&j| x[j]).collect())
            .collect();
        let prices = s
            .linking
            .iter()
            .zip(&kept.pi)
            .map(|(&r, &p)| (lp.rows[r].name.clone(), p))
            .collect();
        Ok(ShiftBase {
            kept,
            z0,
            place,
            restricted,
            r_obj,
            r_base,
            r_rhs: rm.rows.iter().map(|r| r.rhs).collect(),
            r_row,
            link_activity,
            block_x,
            prices,
            left_open: Default::default(),
            resolved: Default::default(),
        })
    }

    /// The optimum of `lp` with each `(row, δ)` applied alone (`None`: infeasible).
    /// Shifts the brackets do not pin down go, all together, to the inner backend's warm
    /// re-solves when the LP has at most `inner_columns` columns (one simplex state for all of
    /// them), else each to a full decomposed solve.
    pub fn optima(
        &self,
        lp: &LpModel,
        s: &Structure,
        inner: &dyn Backend,
        shifts: &[(usize, f64)],
        inner_columns: usize,
    ) -> Result<Vec<Option<f64>>, SolveError> {
        let chunks: Vec<Result<Vec<Option<Option<f64>>>, SolveError>> = shifts
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut work = Work {
                    lp: None,
                    moved: Vec::new(),
                };
                chunk
                    .iter()
                    .map(|&(row, delta)| self.bracket(lp, s, &mut work, row, delta))
                    .collect()
            })
            .collect();
        let mut out = Vec::with_capacity(shifts.len());
        for c in chunks {
            out.extend(c?);
        }
        let open: Vec<usize> = (0..shifts.len()).filter(|&n| out[n].is_none()).collect();
        self.left_open
            .fetch_add(open.len(), std::sync::atomic::Ordering::Relaxed);
        if !open.is_empty() {
            // Slopes are differences from the base, so these optima are re-based: each source
            // also measures the unshifted LP, and its own difference is added to `z0` (a
            // different solver's base differs by its tolerance, 1e-12 relative, which over a
            // shift of 1/4096 would tilt a slope by hundredths).
            let mut rest: Vec<(usize, f64)> = vec![(shifts[open[0]].0, 0.0)];
            rest.extend(open.iter().map(|&n| shifts[n]));
            let solved: Vec<Option<f64>> = if lp.columns.len() <= inner_columns {
                inner.shifted_optima(lp, &rest)?
            } else {
                rest.par_iter()
                    .map(|&(row, delta)| self.full(lp, s, inner, row, delta))
                    .collect::<Result<_, _>>()?
            };
            let base = solved[0].unwrap_or(self.z0);
            for (&n, v) in open.iter().zip(&solved[1..]) {
                out[n] = Some(v.map(|v| self.z0 + (v - base)));
            }
        }
        Ok(out.into_iter().map(|v| v.flatten()).collect())
    }

    /// The shifted optimum if the bracket pins it down (`Some(None)`: infeasible), else `None`.
    fn bracket(
        &self,
        lp: &LpModel,
        s: &Structure,
        work: &mut Work,
        row: usize,
        delta: f64,
    ) -> Result<Option<Option<f64>>, SolveError> {
        if delta == 0.0 {
            return Ok(Some(Some(self.z0)));
        }
        let new_rhs = lp.rows[row].rhs + delta;
        // (upper − base bound, changes to the restricted rows, lower-plan value change outside
        // the restricted problem, linking rows outside it that the change must still meet)
        let mut r_changes: Vec<(usize, f64)> = Vec::new();
        let mut outside_value = 0.0;
        let mut outside_link: Vec<(usize, f64)> = Vec::new();
        let d_upper = match self.place[row] {
            Place::Link(li) => {
                match self.r_row[row] {
                    Some(rr) => r_changes.push((rr, delta)),
                    None => outside_link.push((li, 0.0)),
                }
                self.kept.pi[li] * delta
            }
            Place::Block(b, lr) => {
                let sub = &self.kept.subs[b];
                // The block's new optimum at the prices: by the basis it has, when that stays
                // feasible, else by a re-solve of a copy.
                let (d_upper, x_new) = match sub.lp.rhs_dual_step(&[(lr, delta)], SIDE_PIVOTS) {
                    Some((dz, dx)) => {
                        let mut x = self.kept.block_x[b].clone();
                        for (j, d) in dx {
                            x[j] += d;
                        }
                        (dz, x)
                    }
                    None => {
                        self.resolved
                            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let mut blp = sub.lp.clone();
                        blp.set_rhs(lr, new_rhs);
                        let c = sub.priced(&self.kept.pi);
                        match blp.resolve_rhs(&c) {
                            Ok(sol) => (sol.objective - self.kept.block_values[b], sol.x),
                            // The block's own rows cannot be met: neither can the LP's.
                            Err(DenseError::Infeasible) => return Ok(Some(None)),
                            Err(e) => return Err(dense_err(e)),
                        }
                    }
                };
                match self.r_row[row] {
                    // A block the master mixes: its rows are in the restricted problem.
                    Some(rr) => r_changes.push((rr, delta)),
                    None => {
                        // Block b moves to its shifted optimum; what it uses of the linking
                        // rows changes by Δu, which the mixed blocks must absorb.
                        let old = &self.block_x[b];
                        let mut du = vec![0.0; s.linking.len()];
                        for (l, (&xn, &xo)) in x_new.iter().zip(old).enumerate() {
                            let d = xn - xo;
                            if d != 0.0 {
                                outside_value += sub.obj[l] * d;
                                for &(li, a) in &sub.link[l] {
                                    du[li] += a * d;
                                }
                            }
                        }
                        for (li, &d) in du.iter().enumerate() {
                            if d == 0.0 {
                                continue;
                            }
                            match self.r_row[s.linking[li]] {
                                Some(rr) => r_changes.push((rr, -d)),
                                None => outside_link.push((li, d)),
                            }
                        }
                    }
                }
                d_upper
            }
        };
        // z(δ) lies in [z0 + d_lower, bound0 + d_upper] and z(0) in [z0, bound0]: the change
        // reported, d_upper, is then within (d_upper − d_lower) + (bound0 − z0) of the true
        // change. The second term is the base's own gap (1e-11 relative, say), common to
        // every shift and every solver's finite differences; the first is what is checked.
        let lower = self.lower(lp, s, work, &r_changes, &outside_link, row, delta);
        let d_lower = lower.map(|d| outside_value + d);
        let tol = 1e-11 * self.z0.abs().max(1.0) + 1e-9 * d_upper.abs();
        match d_lower {
            Some(lo) if d_upper - lo <= tol => Ok(Some(Some(self.z0 + d_upper))),
            _ => Ok(None),
        }
    }

    /// Change of the restricted problem's optimum when its rows move by `changes` (row, Δ),
    /// or `None` when the lower
    /// plan is not feasible (a linking row outside the restricted problem would break, or the
    /// restricted problem has no solution).
    #[allow(clippy::too_many_arguments)]
    fn lower(
        &self,
        lp: &LpModel,
        s: &Structure,
        work: &mut Work,
        changes: &[(usize, f64)],
        outside_link: &[(usize, f64)],
        row: usize,
        delta: f64,
    ) -> Option<f64> {
        for &(li, du) in outside_link {
            let r = &lp.rows[s.linking[li]];
            let rhs = if s.linking[li] == row {
                r.rhs + delta
            } else {
                r.rhs
            };
            let act = self.link_activity[li] + du;
            let tol = 1e-9 * r.rhs.abs().max(1.0);
            let ok = match r.sense {
                Sense::Le => act <= rhs + tol,
                Sense::Ge => act >= rhs - tol,
                Sense::Eq => (act - rhs).abs() <= tol,
            };
            if !ok {
                return None;
            }
        }
        if changes.is_empty() {
            return Some(0.0);
        }
        // The base tableau, never moved, answers whenever its basis survives the step or a
        // few dual pivots on the side repair it; the working copy re-solves the rest, warm
        // from the last such shift.
        if let Some((dz, _)) = self.restricted.rhs_dual_step(changes, SIDE_PIVOTS) {
            return Some(dz);
        }
        self.resolved
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let wlp = work.lp.get_or_insert_with(|| self.restricted.clone());
        for rr in work.moved.drain(..) {
            wlp.set_rhs(rr, self.r_rhs[rr]);
        }
        for &(rr, d) in changes {
            wlp.set_rhs(rr, self.r_rhs[rr] + d);
            work.moved.push(rr);
        }
        wlp.resolve_rhs(&self.r_obj)
            .ok()
            .map(|s| s.objective - self.r_base)
    }

    /// The shifted LP solved by the decomposition, from the base's prices, blocks and master
    /// columns (a shifted block drops its points, which its new rows may exclude).
    fn full(
        &self,
        lp: &LpModel,
        s: &Structure,
        inner: &dyn Backend,
        row: usize,
        delta: f64,
    ) -> Result<Option<f64>, SolveError> {
        let mut m = lp.clone();
        m.rows[row].rhs += delta;
        let mut subs = self.kept.subs.clone();
        if let Place::Block(b, lr) = self.place[row] {
            subs[b].lp.set_rhs(lr, m.rows[row].rhs);
            subs[b].points.clear();
        }
        match decomposed(&m, s, inner, Some(&self.prices), Some(subs), true) {
            Ok((sol, _, _)) => Ok(Some(m.objective_value(&sol.x))),
            Err(SolveError::Infeasible) => Ok(None),
            // Numerical trouble in a block: the plain decomposition, which falls back in turn.
            Err(_) => match super::solve_blocks_from(&m, s, inner, Some(&self.prices)) {
                Ok((sol, _)) => Ok(Some(m.objective_value(&sol.x))),
                Err(SolveError::Infeasible) => Ok(None),
                Err(e) => Err(e),
            },
        }
    }
}

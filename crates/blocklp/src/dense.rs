//! A dense-tableau, bounded-variable primal simplex for the many tiny LPs of a decomposition.
//!
//! The blocks are small (tens of rows, around a hundred columns) and are re-solved
//! many times with the same constraints and a new objective. So the whole tableau
//! `B⁻¹[A | I]` is kept between solves: a new objective only changes the reduced costs, the
//! previous optimal basis stays primal feasible, and phase 2 restarts from it, usually for a
//! pivot or two. A dense tableau costs `m·(n+m)` per pivot, which at this size is cheaper than
//! any factorisation bookkeeping and vectorises well.
//!
//! Every row gets a slack (`a·x + s = b`), so the slack block of the tableau is `B⁻¹` itself:
//! basic values and duals are recomputed from the rows through it rather than trusted from
//! accumulated updates, and the duals are minus the slack reduced costs.
//!
//! Phase 1 needs no artificials: it starts from the slack basis and minimises the sum of the
//! basic variables' bound violations (the composite method). The same pass cleans up should
//! a recomputed vertex come out infeasible after rounding.
//!
//! The LP is scaled (rows and columns by powers of two, so exactly) before anything else, so
//! that the absolute pivot and feasibility tolerances mean much the same for every entry: on
//! random blocks with coefficients from 1e-3 to 1e4 and bounds up to 1e6 it takes the worst
//! row error from about 1e-6 to 1e-7 of the row's magnitude.

use super::model::Sense;
use crate::model::LpModel;

/// Primal feasibility tolerance, relative to the bound (for a slack, the right-hand side).
const FEAS_TOL: f64 = 1e-9;
/// Reduced-cost tolerance, relative to the largest objective coefficient.
const OPT_TOL: f64 = 1e-9;
/// Smaller tableau entries are never pivoted on: dividing by them would amplify rounding.
const PIV_TOL: f64 = 1e-9;
/// Pivots below this, relative to the largest entry of their column (or to 1 if that is
/// smaller), are taken only when no other entering column can improve: two or three of them
/// in a row at a degenerate vertex can blow the tableau up by ten orders of magnitude.
const PIV_SMALL: f64 = 1e-5;
/// Steps at most this long make no progress and count towards a degenerate run.
const DEGENERATE_STEP: f64 = 1e-12;
/// Degenerate pivots in a row after which pricing switches to Bland's rule (which cannot cycle)
/// until a step makes progress again.
const DEGENERATE_RUN: usize = 50;
/// Relative error beyond which a recomputed vertex counts as wrong (the tableau has drifted,
/// or rounding left it infeasible), and phase 1 calls rows infeasible. Looser than FEAS_TOL so
/// that ill-conditioned but sound blocks are not rebuilt on every solve.
const DRIFT_TOL: f64 = 1e-8;

/// One row: sparse coefficients (column, a), sense, right-hand side.
pub type DenseRow = (Vec<(usize, f64)>, Sense, f64);

/// One small LP: maximise c·x subject to rows a_i·x (<=,>=,=) b_i and l <= x <= u (finite bounds).
#[derive(Clone, Debug)]
pub struct DenseLp {
    n: usize,
    m: usize,
    /// Tableau width: structural columns then one slack per row.
    w: usize,
    /// The rows, scaled, dense and row-major (m × n): basic values and duals are recomputed
    /// from these rather than from the drifting tableau.
    a: Vec<f64>,
    b: Vec<f64>,
    sense: Vec<Sense>,
    /// Everything works on the scaled LP: row i multiplied by `row_scale[i]`, column j (its
    /// coefficients and objective) by `col_scale[j]`, so its bounds divided by it.
    row_scale: Vec<f64>,
    col_scale: Vec<f64>,
    /// Largest |coefficient| of each row, unscaled.
    row_amax: Vec<f64>,
    /// The caller's column bounds, copied into the solution for nonbasic columns.
    lower: Vec<f64>,
    upper: Vec<f64>,
    /// Scaled bounds of all w variables; slacks have one infinite side, except on Eq rows.
    lo: Vec<f64>,
    hi: Vec<f64>,
    /// Feasibility tolerance at each variable's lower and upper bound. A column's is relative
    /// to that bound, not to the column's range: basic columns are clipped into their bounds
    /// at the end, and 1e-9 of an upper bound of 1e6 allowed at a lower bound of 0 would let
    /// the clipping move the rows far beyond rounding.
    ftol_lo: Vec<f64>,
    ftol_hi: Vec<f64>,
    /// `B⁻¹[A | I]`, row-major (m × w). Basic columns are kept as exact unit vectors.
    tab: Vec<f64>,
    /// Variable basic in each tableau row.
    basis: Vec<usize>,
    status: Vec<Status>,
    /// Direction in which each variable can move from its bound: +1 at a lower bound, −1 at
    /// an upper one, 0 if basic or fixed. Pricing multiplies by it instead of branching on
    /// `status`, whose pattern no branch predictor can learn.
    dirs: Vec<f64>,
    /// Values of the basic variables, by tableau row.
    beta: Vec<f64>,
    /// Bounds and tolerances of each row's basic variable, by row, so that the ratio test reads
    /// them in order.
    blo: Vec<f64>,
    bhi: Vec<f64>,
    btol_lo: Vec<f64>,
    btol_hi: Vec<f64>,
    /// Reduced costs of all w variables for the current phase.
    d: Vec<f64>,
    /// `d` holds the phase-2 reduced costs of the current basis for the last objective (set
    /// when phase 2 ends; anything that changes the basis or the costs otherwise clears it).
    d_fresh: bool,
    /// Reduced-cost tolerance per variable. In phase 2 it is OPT_TOL·max|c| in the caller's
    /// units, which scaling turns into a different figure for every column and slack.
    dtol: Vec<f64>,
    /// OPT_TOL·max(1, max|c|) for the current objective, unscaled.
    dtol_unscaled: f64,
    /// Devex reference weights: approximate squared norms of the edge directions, relative to
    /// the nonbasic set at the start of the phase. Pricing by d²/weight instead of |d| takes
    /// about a sixth fewer iterations for a few operations per column.
    weights: Vec<f64>,
    /// Objective of the current solve, scaled.
    c: Vec<f64>,
    /// `y` holds c_B·B⁻¹ for the current objective and basis (no pivot since it was computed).
    y_fresh: bool,
    state: State,
    /// Pivots since the tableau was last built from the original rows.
    since_invert: usize,
    /// The basic values were recomputed from the rows and found right, and nothing has moved
    /// since: a warm solve that needs no pivot can skip recomputing them.
    clean: bool,
    last_iterations: usize,
    // Scratch space, so that solves do not allocate.
    prow: Vec<f64>,
    col: Vec<f64>,
    score: Vec<f64>,
    /// Entering candidates rejected for numerical reasons since the last step.
    rejected: Vec<usize>,
    /// Whether pivots below PIV_SMALL are taken (only once nothing else improves).
    allow_small: bool,
    /// Phase-1 cost of each row's basic variable: +1 below its lower bound, −1 above its
    /// upper one.
    infeas: Vec<f64>,
    order: Vec<usize>,
    xn: Vec<f64>,
    work: Vec<f64>,
    y: Vec<f64>,
    resid: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DenseError {
    /// No point satisfies the rows and bounds (phase 1 ended with violations it cannot reduce).
    Infeasible,
    /// More than 50·(rows + columns) + 1000 iterations in one solve.
    IterationLimit,
    /// The vertex found is off its rows or bounds by more than rounding, even after
    /// rebuilding the tableau and starting over: a badly conditioned block, to be handed to a
    /// more careful solver.
    Numerical,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DenseSolution {
    /// Structural column values, a basic (vertex) solution: nonbasic columns exactly at a bound.
    pub x: Vec<f64>,
    /// One per row: y_i = d(optimum)/d(b_i); Le rows y >= 0, Ge rows y <= 0, Eq free.
    pub duals: Vec<f64>,
    pub objective: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Basic,
    Lower,
    Upper,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// No basis yet, or the last one was lost: the next solve starts from the slack basis.
    Fresh,
    /// A basis to start from, primal feasible unless a solve was cut short in phase 1.
    Ready,
    /// Phase 1 proved the rows infeasible; they never change, so neither does the verdict.
    Infeasible,
}

enum Step {
    /// The entering variable reaches its other bound before any basic variable blocks.
    Flip(f64),
    Pivot {
        row: usize,
        to_upper: bool,
        step: f64,
    },
    /// No usable pivot. With finite column bounds this only happens when the reduced cost is
    /// rounding noise on a column whose entries are all below the pivot tolerance.
    Reject,
}

/// Dantzig/Devex pricing normally; Bland's rule after a run of degenerate pivots, until a step
/// makes progress again.
#[derive(Default)]
struct AntiCycling {
    degenerate: usize,
    bland: bool,
}

impl AntiCycling {
    fn record(&mut self, step: f64) {
        if step <= DEGENERATE_STEP {
            self.degenerate += 1;
            self.bland |= self.degenerate >= DEGENERATE_RUN;
        } else {
            *self = AntiCycling::default();
        }
    }
}

impl DenseLp {
    /// `m` (finite bounds) as a dense tableau, and its objective.
    pub fn from_model(m: &LpModel) -> (DenseLp, Vec<f64>) {
        let lower: Vec<f64> = m.columns.iter().map(|c| c.lower).collect();
        let upper: Vec<f64> = m.columns.iter().map(|c| c.upper).collect();
        let rows: Vec<DenseRow> = m
            .rows
            .iter()
            .map(|r| (r.coeffs.clone(), r.sense, r.rhs))
            .collect();
        let c = m.columns.iter().map(|c| c.obj).collect();
        (DenseLp::new(&lower, &upper, &rows), c)
    }

    /// rows: (sparse coefficients (col, a), sense, rhs). Panics only on programmer error (index
    /// out of range, bounds of different lengths or not finite). Repeated columns in a row add up.
    pub fn new(lower: &[f64], upper: &[f64], rows: &[DenseRow]) -> Self {
        assert_eq!(
            lower.len(),
            upper.len(),
            "DenseLp: bound vectors differ in length"
        );
        assert!(
            lower.iter().chain(upper).all(|v| v.is_finite()),
            "DenseLp: column bounds must be finite"
        );
        let n = lower.len();
        let m = rows.len();
        let w = n + m;
        let mut a = vec![0.0; m * n];
        let mut b = Vec::with_capacity(m);
        let mut sense = Vec::with_capacity(m);
        for (i, (coeffs, s, rhs)) in rows.iter().enumerate() {
            for &(j, v) in coeffs {
                assert!(j < n, "DenseLp: row {i} refers to column {j} of {n}");
                a[i * n + j] += v;
            }
            b.push(*rhs);
            sense.push(*s);
        }
        let row_amax: Vec<f64> = rows
            .iter()
            .enumerate()
            .map(|(i, (coeffs, _, _))| {
                let abs = coeffs.iter().map(|&(j, _)| a[i * n + j].abs());
                abs.fold(f64::MIN_POSITIVE, |acc, v| if v > acc { v } else { acc })
            })
            .collect();
        let (row_scale, col_scale) = scale_factors(&a, rows, n);
        for i in 0..m {
            for (aij, cj) in a[i * n..(i + 1) * n].iter_mut().zip(&col_scale) {
                *aij *= row_scale[i] * cj;
            }
            b[i] *= row_scale[i];
        }
        let mut lo: Vec<f64> = lower.iter().zip(&col_scale).map(|(l, s)| l / s).collect();
        let mut hi: Vec<f64> = upper.iter().zip(&col_scale).map(|(u, s)| u / s).collect();
        let tol = |v: &f64| FEAS_TOL * v.abs().max(1.0);
        let mut ftol_lo: Vec<f64> = lo.iter().map(tol).collect();
        let mut ftol_hi: Vec<f64> = hi.iter().map(tol).collect();
        for (s, bi) in sense.iter().zip(&b) {
            let (l, u) = match s {
                Sense::Le => (0.0, f64::INFINITY),
                Sense::Ge => (f64::NEG_INFINITY, 0.0),
                Sense::Eq => (0.0, 0.0),
            };
            lo.push(l);
            hi.push(u);
            ftol_lo.push(tol(bi));
            ftol_hi.push(tol(bi));
        }
        let state = if lower.iter().zip(upper).any(|(l, u)| l > u) {
            State::Infeasible
        } else {
            State::Fresh
        };
        DenseLp {
            n,
            m,
            w,
            a,
            b,
            sense,
            row_scale,
            col_scale,
            row_amax,
            lower: lower.to_vec(),
            upper: upper.to_vec(),
            lo,
            hi,
            ftol_lo,
            ftol_hi,
            tab: vec![0.0; m * w],
            basis: vec![0; m],
            status: vec![Status::Lower; w],
            dirs: vec![0.0; w],
            beta: vec![0.0; m],
            blo: vec![0.0; m],
            bhi: vec![0.0; m],
            btol_lo: vec![0.0; m],
            btol_hi: vec![0.0; m],
            d: vec![0.0; w],
            d_fresh: false,
            dtol: vec![OPT_TOL; w],
            dtol_unscaled: OPT_TOL,
            weights: vec![1.0; w],
            c: vec![0.0; n],
            y_fresh: false,
            state,
            since_invert: 0,
            clean: false,
            last_iterations: 0,
            prow: vec![0.0; w],
            col: vec![0.0; m],
            score: vec![0.0; w],
            rejected: Vec::new(),
            allow_small: false,
            infeas: vec![0.0; m],
            order: Vec::with_capacity(n),
            xn: vec![0.0; n],
            work: vec![0.0; m],
            y: vec![0.0; m],
            resid: vec![0.0; m],
        }
    }

    pub fn n_cols(&self) -> usize {
        self.n
    }

    pub fn n_rows(&self) -> usize {
        self.m
    }

    /// Simplex iterations (pivots and bound flips, both phases) of the last `solve`.
    pub fn last_iterations(&self) -> usize {
        self.last_iterations
    }

    /// Column `j`'s bounds from now on (branch and bound tightens and restores them). The
    /// basis is kept: a nonbasic column moves to its new bound, and the next solve's phase 1
    /// repairs whatever that pushes out of bounds, usually in a pivot or two.
    pub fn set_bounds(&mut self, j: usize, lower: f64, upper: f64) {
        assert!(j < self.n, "DenseLp::set_bounds: column {j} of {}", self.n);
        assert!(
            lower.is_finite() && upper.is_finite(),
            "DenseLp: column bounds must be finite"
        );
        if self.lower[j] == lower && self.upper[j] == upper {
            return;
        }
        self.lower[j] = lower;
        self.upper[j] = upper;
        let s = self.col_scale[j];
        self.lo[j] = lower / s;
        self.hi[j] = upper / s;
        self.ftol_lo[j] = FEAS_TOL * self.lo[j].abs().max(1.0);
        self.ftol_hi[j] = FEAS_TOL * self.hi[j].abs().max(1.0);
        self.set_status(j, self.status[j]);
        if self.status[j] == Status::Basic
            && let Some(k) = self.basis.iter().position(|&v| v == j)
        {
            self.sync_row_bounds(k);
        }
        self.clean = false;
        self.y_fresh = false;
        self.d_fresh = false;
        // An infeasibility verdict was for the old bounds; crossed bounds are one by themselves.
        self.state = if self.lower.iter().zip(&self.upper).any(|(l, u)| l > u) {
            State::Infeasible
        } else if self.state == State::Infeasible {
            State::Fresh
        } else {
            self.state
        };
    }

    /// Row `i`'s right-hand side from now on (marginal values shift it). As with
    /// [`Self::set_bounds`], the basis is kept and the next solve repairs its feasibility.
    pub fn set_rhs(&mut self, i: usize, rhs: f64) {
        assert!(i < self.m, "DenseLp::set_rhs: row {i} of {}", self.m);
        assert!(rhs.is_finite(), "DenseLp: right-hand sides must be finite");
        let scaled = rhs * self.row_scale[i];
        if self.b[i] == scaled {
            return;
        }
        self.b[i] = scaled;
        let v = self.n + i;
        let tol = FEAS_TOL * scaled.abs().max(1.0);
        self.ftol_lo[v] = tol;
        self.ftol_hi[v] = tol;
        if self.status[v] == Status::Basic
            && let Some(k) = self.basis.iter().position(|&u| u == v)
        {
            self.sync_row_bounds(k);
        }
        self.clean = false;
        self.y_fresh = false;
        if self.state == State::Infeasible
            && !self.lower.iter().zip(&self.upper).any(|(l, u)| l > u)
        {
            self.state = State::Fresh;
        }
    }

    /// Right after an optimal solve: what moving right-hand sides by `delta` (row, Δ) does,
    /// if the optimal basis stays primal feasible (it then stays optimal, the objective being
    /// the same): the optimum's change y·Δ, and the structural columns' changes B⁻¹Δ. `None`
    /// when some basic variable would leave its bounds (a pivot is needed: re-solve instead),
    /// or there is no fresh optimal basis. Nothing is changed.
    pub fn rhs_step(&self, delta: &[(usize, f64)]) -> Option<(f64, Vec<(usize, f64)>)> {
        if self.state != State::Ready || !self.y_fresh || !self.clean {
            return None;
        }
        let (n, w) = (self.n, self.w);
        let mut dx = Vec::new();
        for k in 0..self.m {
            // The slack block of the tableau is B⁻¹ (scaled).
            let row = &self.tab[k * w + n..(k + 1) * w];
            let step: f64 = delta
                .iter()
                .map(|&(i, d)| row[i] * d * self.row_scale[i])
                .sum();
            if step == 0.0 {
                continue;
            }
            let v = self.beta[k] + step;
            if v < self.blo[k] - self.btol_lo[k] || v > self.bhi[k] + self.btol_hi[k] {
                return None;
            }
            let j = self.basis[k];
            if j < n {
                dx.push((j, step * self.col_scale[j]));
            }
        }
        let dz = delta
            .iter()
            .map(|&(i, d)| self.y[i] * self.row_scale[i] * d)
            .sum();
        Some((dz, dx))
    }

    /// As [`Self::solve`], for an LP whose right-hand sides (and nothing else) moved since its
    /// last optimal solve for the same objective `c`. That basis is still dual feasible, so
    /// dual simplex pivots restore primal feasibility, one or two for the shifts of a marginal
    /// value, where the composite phase 1 would wander through many (each a pass over the
    /// whole tableau). The usual solve then starts from where they end and checks the vertex
    /// as always, taking over wherever the pivots stopped short.
    pub fn resolve_rhs(&mut self, c: &[f64]) -> Result<DenseSolution, DenseError> {
        assert_eq!(c.len(), self.n, "DenseLp::resolve_rhs: objective length");
        let reinvert_after = 2 * (self.m + self.n) + 100;
        if self.state == State::Ready && self.since_invert <= reinvert_after {
            self.dual_pivots(c);
        }
        self.solve(c)
    }

    /// Dual simplex pivots from a dual feasible basis until the basic values are within
    /// their bounds; stops (leaving the rest to the primal phases) on a basis that is not
    /// dual feasible, a row no pivot can repair, a small pivot, or after a few pivots.
    fn dual_pivots(&mut self, c: &[f64]) {
        let (n, m, w) = (self.n, self.m, self.w);
        // The reduced costs left by the last solve hold for the same objective.
        let same = self.d_fresh
            && c.iter()
                .zip(&self.col_scale)
                .zip(&self.c)
                .all(|((&v, s), &cj)| v * s == cj);
        for ((cj, &v), s) in self.c.iter_mut().zip(c).zip(&self.col_scale) {
            *cj = v * s;
        }
        self.dtol_unscaled = OPT_TOL * c.iter().fold(1.0_f64, |acc, v| acc.max(v.abs()));
        let t = self.dtol_unscaled;
        for (dj, s) in self.dtol[..n].iter_mut().zip(&self.col_scale) {
            *dj = t * s;
        }
        for (dj, r) in self.dtol[n..].iter_mut().zip(&self.row_scale) {
            *dj = t / r;
        }
        self.recompute_beta();
        if !same {
            self.recompute_reduced_costs();
        }
        if (0..w).any(|j| self.d[j] * self.dirs[j] > self.dtol[j]) {
            return;
        }
        for _ in 0..(m + 10).min(200) {
            // Leaving: the basic variable furthest outside its bounds (beyond tolerance).
            let mut pick = None;
            let mut worst = 0.0;
            for k in 0..m {
                let x = self.beta[k];
                let below = self.blo[k] - self.btol_lo[k] - x;
                let above = x - self.bhi[k] - self.btol_hi[k];
                let v = below.max(above);
                if v > worst {
                    worst = v;
                    pick = Some((k, below > 0.0));
                }
            }
            let Some((k, below)) = pick else {
                return;
            };
            let Some(q) = dual_entering(
                &self.tab[k * w..(k + 1) * w],
                &self.d,
                &self.dirs,
                &self.dtol,
                below,
            ) else {
                return;
            };
            let dir = self.dirs[q];
            for (kk, ck) in self.col.iter_mut().enumerate() {
                *ck = dir * self.tab[kk * w + q];
            }
            let bound = if below { self.blo[k] } else { self.bhi[k] };
            let step = ((self.beta[k] - bound) / self.col[k]).max(0.0);
            self.exchange(q, dir, k, !below, step);
        }
    }

    /// As [`Self::rhs_step`], allowing up to `max_pivots` dual simplex pivots where the basis
    /// does not stay primal feasible (a degenerate vertex: a basic variable at its bound
    /// that the shift pushes out). The pivots are made on the side, as eta vectors over the
    /// kept tableau, which is not changed: each costs a pass over one row and one column,
    /// where pivoting a copy of the tableau costs a pass over all of it. The basis stays
    /// dual feasible throughout, so once the basic values are back within their bounds it is
    /// the shifted LP's optimum. `None` when more pivots would be needed, a pivot is small,
    /// no pivot can repair a row (which a full solve then calls infeasible or not), or there
    /// is no fresh optimal basis.
    pub fn rhs_dual_step(
        &self,
        delta: &[(usize, f64)],
        max_pivots: usize,
    ) -> Option<(f64, Vec<(usize, f64)>)> {
        if self.state != State::Ready || !self.y_fresh || !self.clean || !self.d_fresh {
            return None;
        }
        let (n, m, w) = (self.n, self.m, self.w);
        let mut beta = self.beta.clone();
        let mut dz = 0.0;
        for &(i, d) in delta {
            let db = d * self.row_scale[i];
            if db == 0.0 {
                continue;
            }
            dz += self.y[i] * db;
            for (k, bk) in beta.iter_mut().enumerate() {
                *bk += self.tab[k * w + n + i] * db;
            }
        }
        let mut basis = self.basis.clone();
        // Copied on the first pivot only.
        let mut dirs: Option<Vec<f64>> = None;
        let mut d: Option<Vec<f64>> = None;
        // (pivot row, entering column, pivot row divided by the pivot, column before it).
        type Eta = (usize, usize, Vec<f64>, Vec<f64>);
        let mut etas: Vec<Eta> = Vec::new();
        loop {
            let mut pick = None;
            let mut worst = 0.0;
            for (k, &x) in beta.iter().enumerate() {
                let v = basis[k];
                let below = self.lo[v] - self.ftol_lo[v] - x;
                let above = x - self.hi[v] - self.ftol_hi[v];
                let viol = below.max(above);
                if viol > worst {
                    worst = viol;
                    pick = Some((k, below > 0.0));
                }
            }
            let Some((p, below)) = pick else {
                break;
            };
            if etas.len() >= max_pivots {
                return None;
            }
            let dirs = dirs.get_or_insert_with(|| self.dirs.clone());
            let d = d.get_or_insert_with(|| self.d.clone());
            let mut row = self.tab[p * w..(p + 1) * w].to_vec();
            for (pe, qe, prow, _) in &etas {
                if *pe == p {
                    row.copy_from_slice(prow);
                } else {
                    let f = row[*qe];
                    if f != 0.0 {
                        for (r, &e) in row.iter_mut().zip(prow) {
                            *r -= f * e;
                        }
                        row[*qe] = 0.0;
                    }
                }
            }
            let q = dual_entering(&row, d, dirs, &self.dtol, below)?;
            let mut col: Vec<f64> = (0..m).map(|k| self.tab[k * w + q]).collect();
            for (pe, _, _, col_e) in &etas {
                let f = col[*pe] / col_e[*pe];
                for (c, &e) in col.iter_mut().zip(col_e) {
                    *c -= e * f;
                }
                col[*pe] = f;
            }
            let alpha = row[q];
            let dir = dirs[q];
            let leaving = basis[p];
            let bound = if below {
                self.lo[leaving]
            } else {
                self.hi[leaving]
            };
            let step = ((beta[p] - bound) / (dir * col[p])).max(0.0);
            let entering = if dir > 0.0 { self.lo[q] } else { self.hi[q] } + dir * step;
            for (bk, &ck) in beta.iter_mut().zip(&col) {
                *bk -= dir * ck * step;
            }
            beta[p] = entering;
            dz += d[q] * dir * step;
            let mut prow = row;
            for v in prow.iter_mut() {
                *v /= alpha;
            }
            prow[q] = 1.0;
            let dq = d[q];
            for (dj, &e) in d.iter_mut().zip(&prow) {
                *dj -= dq * e;
            }
            d[q] = 0.0;
            let movable = self.lo[leaving] < self.hi[leaving];
            dirs[leaving] = match (movable, below) {
                (false, _) => 0.0,
                (true, true) => 1.0,
                (true, false) => -1.0,
            };
            dirs[q] = 0.0;
            basis[p] = q;
            etas.push((p, q, prow, col));
        }
        if etas.is_empty() {
            let dx = (0..m)
                .filter(|&k| self.basis[k] < n && beta[k] != self.beta[k])
                .map(|k| {
                    let j = self.basis[k];
                    (j, (beta[k] - self.beta[k]) * self.col_scale[j])
                })
                .collect();
            return Some((dz, dx));
        }
        // Column values before and after, over the columns basic in either basis (every
        // other column sits at the bound it sat at).
        let dirs = dirs.expect("set by the first pivot");
        let mut new_x: Vec<(usize, f64)> = (0..m)
            .filter(|&k| basis[k] < n)
            .map(|k| (basis[k], beta[k]))
            .collect();
        for &v in self.basis.iter().filter(|&&v| v < n && !basis.contains(&v)) {
            let x = if dirs[v] < 0.0 {
                self.hi[v]
            } else {
                self.lo[v]
            };
            new_x.push((v, x));
        }
        let old = |j: usize| match self.basis.iter().position(|&v| v == j) {
            Some(k) => self.beta[k],
            None => self.value(j),
        };
        let dx = new_x
            .into_iter()
            .map(|(j, x)| (j, (x - old(j)) * self.col_scale[j]))
            .filter(|&(_, dxj)| dxj != 0.0)
            .collect();
        Some((dz, dx))
    }

    /// Takes a basis of the vertex `x` (structural values, e.g. a solution this LP gave at
    /// other prices), so that the next solve starts there: columns strictly inside their
    /// bounds and slacks of rows that do not bind are basic, the rest of the basis is made of
    /// binding rows' slacks. Returns false (and the next solve starts afresh) if `x` is no
    /// vertex of these rows, or its basis is numerically singular.
    pub fn warm_at(&mut self, x: &[f64]) -> bool {
        assert_eq!(x.len(), self.n, "DenseLp::warm_at: point length");
        let (n, m) = (self.n, self.m);
        if self.state == State::Infeasible {
            return false;
        }
        let mut basics = 0;
        for (j, &v) in x.iter().enumerate() {
            let (l, u) = (self.lower[j], self.upper[j]);
            let st = if v <= l {
                Status::Lower
            } else if v >= u {
                Status::Upper
            } else {
                basics += 1;
                Status::Basic
            };
            self.set_status(j, st);
        }
        let xs: Vec<f64> = x.iter().zip(&self.col_scale).map(|(v, s)| v / s).collect();
        for i in 0..m {
            let v = n + i;
            let slack = self.b[i] - dot(&self.a[i * n..(i + 1) * n], &xs);
            let tol = FEAS_TOL * self.b[i].abs().max(1.0);
            let binds = slack <= self.lo[v] + tol || slack >= self.hi[v] - tol;
            let st = if !binds {
                basics += 1;
                Status::Basic
            } else if slack >= self.hi[v] - tol && self.hi[v].is_finite() && self.lo[v] < self.hi[v]
            {
                Status::Upper
            } else if self.lo[v].is_finite() {
                Status::Lower
            } else {
                Status::Upper
            };
            self.set_status(v, st);
        }
        if basics > m {
            self.state = State::Fresh;
            return false;
        }
        // `reinvert` pivots the basic columns in on rows whose slack is not basic; the slacks
        // it leaves in place are the binding ones that complete the basis.
        if !self.reinvert() {
            self.state = State::Fresh;
            return false;
        }
        for k in 0..m {
            let v = self.basis[k];
            if self.status[v] != Status::Basic {
                self.set_basic(k, v);
            }
        }
        self.state = State::Ready;
        self.clean = false;
        self.y_fresh = false;
        true
    }

    /// Column `j`'s current bounds.
    pub fn bounds(&self, j: usize) -> (f64, f64) {
        (self.lower[j], self.upper[j])
    }

    /// Maximise c·x. First call: phase 1 then phase 2. Later calls: warm start from the last
    /// optimal basis (constraints unchanged), phase 2 only.
    pub fn solve(&mut self, c: &[f64]) -> Result<DenseSolution, DenseError> {
        self.solve_with(c, true)
    }

    /// As [`Self::solve`] without the duals (`duals` is empty): pricing in a decomposition
    /// needs only the vertex and its value, and the duals' refinement is a tenth of a warm
    /// solve.
    pub fn solve_primal(&mut self, c: &[f64]) -> Result<DenseSolution, DenseError> {
        self.solve_with(c, false)
    }

    fn solve_with(&mut self, c: &[f64], duals: bool) -> Result<DenseSolution, DenseError> {
        assert_eq!(c.len(), self.n, "DenseLp::solve: objective length");
        for ((cj, &v), s) in self.c.iter_mut().zip(c).zip(&self.col_scale) {
            *cj = v * s;
        }
        self.y_fresh = false;
        self.d_fresh = false;
        self.dtol_unscaled = OPT_TOL * c.iter().fold(1.0_f64, |acc, v| acc.max(v.abs()));
        let cap = 50 * (self.m + self.n) + 1000;
        let mut iters = 0;
        let result = self
            .solve_inner(cap, &mut iters)
            .map(|()| self.extract(c, duals));
        self.last_iterations = iters;
        result
    }

    fn solve_inner(&mut self, cap: usize, iters: &mut usize) -> Result<(), DenseError> {
        // Rebuilding the tableau from the rows bounds the drift of long warm-start chains; at
        // this interval it costs a few percent of the pivots it follows.
        let reinvert_after = 2 * (self.m + self.n) + 100;
        let mut finished = false;
        for attempt in 0..3 {
            let fresh = match self.state {
                State::Infeasible => return Err(DenseError::Infeasible),
                State::Fresh => {
                    self.init_tableau();
                    true
                }
                State::Ready => {
                    let kept = self.since_invert <= reinvert_after || self.reinvert();
                    if !kept {
                        self.init_tableau();
                    }
                    !kept
                }
            };
            self.state = State::Ready;
            if !self.clean {
                self.recompute_beta();
            }
            finished = false;
            match self.phase1(cap, iters) {
                // Phase 1 stuck on a basis it did not start from itself (a warm or rebuilt
                // one, after rounding pushed it out of bounds) proves nothing: start over.
                Err(DenseError::Infeasible | DenseError::Numerical) if !fresh => {
                    self.state = State::Fresh;
                    continue;
                }
                Err(DenseError::Numerical) => {
                    self.state = State::Fresh;
                    return Err(DenseError::Numerical);
                }
                r => r?,
            }
            self.phase2(cap, iters)?;
            finished = true;
            if self.clean {
                return Ok(());
            }
            self.recompute_beta();
            // Basic columns get clipped into their bounds, moving the rows; more than about
            // the Harris tolerance outside calls for a phase-1 cleanup.
            if self.within_drift(2.0, true) {
                self.clean = true;
                return Ok(());
            }
            // The recomputed vertex is off its rows or its bounds. Rebuild B⁻¹ from the rows
            // (phase 1 then removes what infeasibility is left) or, on the second failure,
            // start again from the slack basis.
            if attempt > 0 || !self.reinvert() {
                self.state = State::Fresh;
            }
        }
        // Three attempts: a vertex off by more than the Harris tolerance but within DRIFT_TOL
        // is returned, its basic columns clipped into their bounds; anything worse is not.
        if finished && self.within_drift(DRIFT_TOL / FEAS_TOL, true) {
            return Ok(());
        }
        self.state = State::Fresh;
        Err(DenseError::Numerical)
    }

    /// The slack basis, columns at the bounds `crash` picks.
    fn init_tableau(&mut self) {
        let (n, w) = (self.n, self.w);
        self.clean = false;
        self.d_fresh = false;
        self.y_fresh = false;
        self.crash();
        self.tab.fill(0.0);
        for i in 0..self.m {
            let row = &mut self.tab[i * w..(i + 1) * w];
            row[..n].copy_from_slice(&self.a[i * n..(i + 1) * n]);
            row[n + i] = 1.0;
            self.set_basic(i, n + i);
        }
        self.since_invert = 0;
    }

    /// Starting bounds for the columns: each column with a positive weight, heaviest first,
    /// goes to its upper bound unless that takes some row further outside its bounds. Phase 2
    /// then starts near a good vertex instead of at the bottom of the box (on the 30 × 80 test
    /// blocks this halves the iterations of a cold solve).
    fn crash(&mut self) {
        let (n, m) = (self.n, self.m);
        for j in 0..n {
            self.set_status(j, Status::Lower);
        }
        // Slack values b − A·x as columns move.
        for i in 0..m {
            self.work[i] = self.b[i] - dot(&self.a[i * n..(i + 1) * n], &self.lo[..n]);
        }
        self.order.clear();
        self.order.extend((0..n).filter(|&j| self.c[j] > 0.0));
        let c = &self.c;
        self.order
            .sort_unstable_by(|&i, &j| c[j].total_cmp(&c[i]).then(i.cmp(&j)));
        for oi in 0..self.order.len() {
            let j = self.order[oi];
            let range = self.hi[j] - self.lo[j];
            // Every row is checked, without branches (a zero coefficient leaves its row as it
            // is): a column's nonzeros are few and scattered, so branching on them would
            // mispredict more often than the arithmetic costs.
            let mut worse = false;
            for (i, &v) in self.work.iter().enumerate() {
                let (l, u) = (self.lo[n + i], self.hi[n + i]);
                let outside = |v: f64| (l - v).max(v - u).max(0.0);
                worse |= outside(v - self.a[i * n + j] * range) > outside(v);
            }
            if !worse {
                for (i, v) in self.work.iter_mut().enumerate() {
                    *v -= self.a[i * n + j] * range;
                }
                self.set_status(j, Status::Upper);
            }
        }
    }

    /// Value of a nonbasic variable (the bound it sits at).
    fn value(&self, j: usize) -> f64 {
        match self.status[j] {
            Status::Upper => self.hi[j],
            _ => self.lo[j],
        }
    }

    fn set_status(&mut self, j: usize, st: Status) {
        self.status[j] = st;
        let movable = self.lo[j] < self.hi[j];
        self.dirs[j] = match st {
            Status::Lower if movable => 1.0,
            Status::Upper if movable => -1.0,
            _ => 0.0,
        };
    }

    fn set_basic(&mut self, k: usize, v: usize) {
        self.basis[k] = v;
        self.set_status(v, Status::Basic);
        self.sync_row_bounds(k);
    }

    fn sync_row_bounds(&mut self, k: usize) {
        let v = self.basis[k];
        self.blo[k] = self.lo[v];
        self.bhi[k] = self.hi[v];
        self.btol_lo[k] = self.ftol_lo[v];
        self.btol_hi[k] = self.ftol_hi[v];
    }

    /// Phase 1: while some basic variable is outside its bounds, minimise the sum of the
    /// violations. Returns at once if the basis is feasible, as after every warm start.
    fn phase1(&mut self, cap: usize, iters: &mut usize) -> Result<(), DenseError> {
        if self.set_phase1_costs() == 0 {
            return Ok(());
        }
        self.d_fresh = false;
        self.dtol.fill(OPT_TOL);
        self.weights.fill(1.0);
        self.rejected.clear();
        self.allow_small = false;
        let mut cycling = AntiCycling::default();
        let mut stuck = 0;
        loop {
            if self.set_phase1_costs() == 0 {
                return Ok(());
            }
            // The costs change whenever a basic variable gets in or out of its bounds, so the
            // reduced costs are recomputed rather than updated: d = −Σ cost_k·(tableau row k).
            let w = self.w;
            self.d.fill(0.0);
            for (k, &f) in self.infeas.iter().enumerate() {
                if f != 0.0 {
                    for (dj, &t) in self.d.iter_mut().zip(&self.tab[k * w..(k + 1) * w]) {
                        *dj -= f * t;
                    }
                }
            }
            let Some(q) = self.price(cycling.bland) else {
                if !self.rejected.is_empty() && !self.allow_small {
                    // As in phase 2: small pivots before giving up.
                    self.allow_small = true;
                    self.rejected.clear();
                    continue;
                }
                // No column reduces the violations. Before the verdict, make sure that is not
                // drift (recompute the values from the rows), then that it is not a column
                // whose small reduced cost would still remove the violation over a long step
                // (badly scaled bounds): retry with a thousandth of the tolerance.
                stuck += 1;
                if stuck == 1 {
                    self.recompute_beta();
                    continue;
                }
                if stuck == 2 {
                    self.dtol.fill(OPT_TOL * 1e-3);
                    continue;
                }
                if self.within_drift(DRIFT_TOL / FEAS_TOL, false) {
                    return Ok(());
                }
                if !self.rejected.is_empty() {
                    // Some column would reduce the violations but has no usable pivot: no
                    // proof of infeasibility, just lost accuracy.
                    return Err(DenseError::Numerical);
                }
                self.state = State::Infeasible;
                return Err(DenseError::Infeasible);
            };
            self.iterate(q, true, &mut cycling, cap, iters)?;
        }
    }

    /// Phase-1 costs of the basic variables (in `infeas`); returns how many are outside their
    /// bounds.
    fn set_phase1_costs(&mut self) -> usize {
        let mut count = 0;
        for k in 0..self.m {
            let x = self.beta[k];
            let below = x < self.blo[k] - self.btol_lo[k];
            let above = x > self.bhi[k] + self.btol_hi[k];
            self.infeas[k] = if below {
                1.0
            } else if above {
                -1.0
            } else {
                0.0
            };
            count += usize::from(below || above);
        }
        count
    }

    /// Phase 2 from a primal feasible basis, reduced costs recomputed from the objective.
    fn phase2(&mut self, cap: usize, iters: &mut usize) -> Result<(), DenseError> {
        let (n, t) = (self.n, self.dtol_unscaled);
        for (dj, s) in self.dtol[..n].iter_mut().zip(&self.col_scale) {
            *dj = t * s;
        }
        for (dj, r) in self.dtol[n..].iter_mut().zip(&self.row_scale) {
            *dj = t / r;
        }
        self.recompute_reduced_costs();
        self.weights.fill(1.0);
        self.rejected.clear();
        self.allow_small = false;
        let mut cycling = AntiCycling::default();
        loop {
            let Some(q) = self.price(cycling.bland) else {
                if self.rejected.is_empty() || self.allow_small {
                    self.d_fresh = true;
                    return Ok(());
                }
                // Only columns with small pivots could still improve: take those rather than
                // stop short of the optimum.
                self.allow_small = true;
                self.rejected.clear();
                continue;
            };
            self.iterate(q, false, &mut cycling, cap, iters)?;
        }
    }

    /// One iteration with entering column q: a bound flip or a pivot.
    fn iterate(
        &mut self,
        q: usize,
        phase1: bool,
        cycling: &mut AntiCycling,
        cap: usize,
        iters: &mut usize,
    ) -> Result<(), DenseError> {
        if *iters >= cap {
            return Err(DenseError::IterationLimit);
        }
        *iters += 1;
        let dir = self.dirs[q];
        let w = self.w;
        for (k, ck) in self.col.iter_mut().enumerate() {
            *ck = dir * self.tab[k * w + q];
        }
        match self.ratio(q, phase1, cycling.bland) {
            Step::Flip(range) => {
                self.flip(q, range);
                self.rejected.clear();
                self.allow_small = false;
                cycling.record(range);
            }
            Step::Pivot { row, .. } if !self.allow_small && self.small_pivot(row) => {
                self.rejected.push(q);
            }
            Step::Pivot {
                row,
                to_upper,
                step,
            } => {
                self.exchange(q, dir, row, to_upper, step);
                self.rejected.clear();
                self.allow_small = false;
                cycling.record(step);
            }
            Step::Reject => self.rejected.push(q),
        }
        Ok(())
    }

    /// Whether the pivot on `row` is small: below PIV_SMALL, or below PIV_SMALL times the
    /// column's largest entry when that exceeds 1 (the growth it would cause in the tableau).
    fn small_pivot(&self, row: usize) -> bool {
        let colmax = self.col.iter().fold(1.0_f64, |acc, v| acc.max(v.abs()));
        self.col[row].abs() < PIV_SMALL * colmax
    }

    /// Entering variable: largest d²/weight (Devex), or under Bland's rule the lowest-indexed
    /// improving one.
    fn price(&mut self, bland: bool) -> Option<usize> {
        let gains = self.d.iter().zip(&self.dirs).map(|(d, s)| d * s);
        if bland {
            return gains
                .zip(&self.dtol)
                .enumerate()
                .find(|&(j, (g, &tol))| g > tol && !self.rejected.contains(&j))
                .map(|(j, _)| j);
        }
        // The squared gains first, without branches (about half the columns can improve, in
        // no pattern, so a branch per column would mispredict half the time); then the
        // arg-max, cross-multiplied rather than divided, whose branch is rarely taken.
        for ((sc, gain), &tol) in self.score.iter_mut().zip(gains).zip(&self.dtol) {
            let g = select(gain > tol, gain, 0.0);
            *sc = g * g;
        }
        for &j in &self.rejected {
            self.score[j] = 0.0;
        }
        let mut best = None;
        let (mut best_g2, mut best_w) = (0.0, 1.0);
        for (j, (&g2, &wj)) in self.score.iter().zip(&self.weights).enumerate() {
            if g2 * best_w > best_g2 * wj {
                best_g2 = g2;
                best_w = wj;
                best = Some(j);
            }
        }
        best
    }

    /// Where row k's basic variable blocks as the entering one moves with tableau entry
    /// `alpha` (its value falls by alpha·t): the distance to that bound, whether it is the
    /// upper one, and the tolerance there. An infinite distance if it never blocks.
    ///
    /// Phase 2 (and a feasible variable in phase 1): the bound in the direction of motion. In
    /// phase 1 a variable outside its bounds and moving towards them blocks where it becomes
    /// feasible; moving away it does not block (its growing violation is in the reduced cost).
    #[inline(always)]
    fn blocking(&self, k: usize, alpha: f64, phase1: bool) -> (f64, bool, f64) {
        let x = self.beta[k];
        let (l, u) = (self.blo[k], self.bhi[k]);
        let (tl, tu) = (self.btol_lo[k], self.btol_hi[k]);
        let down = alpha > 0.0;
        // Both sides computed and then selected: the sign of a tableau entry is unpredictable,
        // and mispredicted branches here once cost as much as the pivot itself.
        let towards = (select(down, x - l, u - x), !down, select(down, tl, tu));
        if !phase1 {
            return towards;
        }
        let below = x < l - tl;
        let above = x > u + tu;
        if (down && above) || (!down && below) {
            (select(above, x - u, l - x), above, select(above, tu, tl))
        } else if below || above {
            (f64::INFINITY, false, 0.0)
        } else {
            towards
        }
    }

    /// Ratio test for entering column q, whose tableau column times its direction of motion is
    /// in `col`.
    ///
    /// Normally Harris's two passes: the longest step that keeps every basic variable within
    /// its tolerance, then among the rows blocking within that step the largest pivot, which
    /// avoids tiny pivots at degenerate vertices. Under Bland's rule the textbook test with
    /// ties to the lowest variable index, which the anti-cycling proof needs.
    fn ratio(&self, q: usize, phase1: bool, bland: bool) -> Step {
        let range = self.hi[q] - self.lo[q];
        if bland {
            let mut pick: Option<(usize, bool)> = None;
            let mut t_min = f64::INFINITY;
            for (k, &alpha) in self.col.iter().enumerate() {
                if alpha.abs() <= PIV_TOL {
                    continue;
                }
                let (gap, to_upper, _) = self.blocking(k, alpha, phase1);
                let t = (gap / alpha.abs()).max(0.0);
                let better = match pick {
                    None => t < f64::INFINITY,
                    Some((r, _)) => t < t_min || (t == t_min && self.basis[k] < self.basis[r]),
                };
                if better {
                    pick = Some((k, to_upper));
                    t_min = t;
                }
            }
            return match pick {
                _ if range <= t_min => Step::Flip(range),
                Some((row, to_upper)) => Step::Pivot {
                    row,
                    to_upper,
                    step: t_min,
                },
                None => Step::Reject,
            };
        }
        let mut t_harris = f64::INFINITY;
        for (k, &alpha) in self.col.iter().enumerate() {
            let (gap, _, tol) = self.blocking(k, alpha, phase1);
            let t = (gap + tol) / alpha.abs();
            t_harris = t_harris.min(select(alpha.abs() > PIV_TOL, t, f64::INFINITY));
        }
        if range <= t_harris {
            return Step::Flip(range);
        }
        let mut pick = None;
        let mut best_abs = PIV_TOL;
        for (k, &alpha) in self.col.iter().enumerate() {
            let (gap, to_upper, _) = self.blocking(k, alpha, phase1);
            let t = gap / alpha.abs();
            // Few rows block within t_harris, so testing that first keeps the branch predictable.
            if t <= t_harris && alpha.abs() > best_abs {
                best_abs = alpha.abs();
                pick = Some((k, to_upper, t.max(0.0)));
            }
        }
        match pick {
            Some((row, to_upper, step)) => Step::Pivot {
                row,
                to_upper,
                step,
            },
            None => Step::Reject,
        }
    }

    fn flip(&mut self, q: usize, range: f64) {
        self.clean = false;
        for (bk, &ck) in self.beta.iter_mut().zip(&self.col) {
            *bk -= ck * range;
        }
        let to = if self.status[q] == Status::Lower {
            Status::Upper
        } else {
            Status::Lower
        };
        self.set_status(q, to);
    }

    /// Moves entering q by `step` and swaps it with the basic variable of `row`, which leaves at
    /// the bound it reached.
    fn exchange(&mut self, q: usize, dir: f64, row: usize, to_upper: bool, step: f64) {
        let w = self.w;
        if step != 0.0 {
            for (bk, &ck) in self.beta.iter_mut().zip(&self.col) {
                *bk -= ck * step;
            }
        }
        let entering_value = self.value(q) + dir * step;
        let leaving = self.basis[row];
        // Where the step took the leaving variable: the Harris test may leave it up to a
        // tolerance beyond its bound.
        let reached = self.beta[row];
        self.pivot(row, q, true);
        // Devex update from the pivot row (now divided by the pivot): the leaving variable's
        // weight is the entering one's over the pivot squared.
        let wq = self.weights[q];
        for (wj, &pr) in self.weights.iter_mut().zip(&self.prow) {
            let cand = pr * pr * wq;
            *wj = select(cand > *wj, cand, *wj);
        }
        self.weights[leaving] = (wq * self.prow[leaving] * self.prow[leaving]).max(1.0);
        self.beta[row] = entering_value;
        self.set_basic(row, q);
        self.set_status(
            leaving,
            if to_upper {
                Status::Upper
            } else {
                Status::Lower
            },
        );
        // The leaving variable is put exactly on its bound, and the basic values absorb the
        // difference through its new tableau column (x_B = B⁻¹b − Σ column_j·x_j), so that they
        // stay consistent with the nonbasic values.
        let snap = self.value(leaving) - reached;
        if snap != 0.0 {
            for (k, bk) in self.beta.iter_mut().enumerate() {
                *bk -= self.tab[k * w + leaving] * snap;
            }
        }
        self.since_invert += 1;
    }

    /// Gauss–Jordan pivot on (r, q): row r is divided by the pivot, every other row with a
    /// nonzero in column q loses a multiple of it, and so (if asked) do the reduced costs.
    fn pivot(&mut self, r: usize, q: usize, update_d: bool) {
        let w = self.w;
        self.clean = false;
        self.y_fresh = false;
        let inv = 1.0 / self.tab[r * w + q];
        {
            let row = &mut self.tab[r * w..(r + 1) * w];
            for t in row.iter_mut() {
                *t *= inv;
            }
            // Exactly 1, so that the eliminations below leave exact zeros in column q.
            row[q] = 1.0;
            self.prow.copy_from_slice(row);
        }
        for (k, row) in self.tab.chunks_exact_mut(w).enumerate() {
            let f = row[q];
            if k == r || f == 0.0 {
                continue;
            }
            for (t, &pr) in row.iter_mut().zip(&self.prow) {
                *t -= f * pr;
            }
            row[q] = 0.0;
        }
        if update_d {
            let f = self.d[q];
            if f != 0.0 {
                for (dj, &pr) in self.d.iter_mut().zip(&self.prow) {
                    *dj -= f * pr;
                }
            }
            self.d[q] = 0.0;
        }
    }

    /// Basic values from scratch: x_B = B⁻¹(b − A_N·x_N), with B⁻¹ read from the slack block
    /// and A_N from the rows (nonbasic slacks all sit at 0).
    fn recompute_beta(&mut self) {
        let (n, w) = (self.n, self.w);
        for j in 0..n {
            self.xn[j] = if self.status[j] == Status::Basic {
                0.0
            } else {
                self.value(j)
            };
        }
        for (i, r) in self.work.iter_mut().enumerate() {
            *r = self.b[i] - dot(&self.a[i * n..(i + 1) * n], &self.xn);
        }
        for (k, bk) in self.beta.iter_mut().enumerate() {
            *bk = dot(&self.tab[k * w + n..(k + 1) * w], &self.work);
        }
    }

    /// y = c_B·B⁻¹, from the objective and the slack block, then one step of iterative
    /// refinement against the rows (y += (c_B − y·B)·B⁻¹). The tableau's B⁻¹ carries the
    /// rounding of every pivot since it was built, and on badly scaled blocks that shows in
    /// the duals (reduced costs of basic columns off zero by 1e-6 of the objective) well
    /// before it shows in the primal values.
    fn compute_y(&mut self) {
        let (n, w) = (self.n, self.w);
        self.y_fresh = true;
        self.y.fill(0.0);
        for (k, &v) in self.basis.iter().enumerate() {
            let cb = if v < n { self.c[v] } else { 0.0 };
            if cb != 0.0 {
                for (yi, &t) in self.y.iter_mut().zip(&self.tab[k * w + n..(k + 1) * w]) {
                    *yi += cb * t;
                }
            }
        }
        for (k, &v) in self.basis.iter().enumerate() {
            self.resid[k] = if v < n {
                let column = self.a[v..].iter().step_by(n);
                self.c[v] - column.zip(&self.y).map(|(a, y)| a * y).sum::<f64>()
            } else {
                -self.y[v - n]
            };
        }
        for (k, &r) in self.resid.iter().enumerate() {
            if r != 0.0 {
                for (yi, &t) in self.y.iter_mut().zip(&self.tab[k * w + n..(k + 1) * w]) {
                    *yi += r * t;
                }
            }
        }
    }

    /// Phase-2 reduced costs from scratch, d_j = c_j − y·a_j against the rows, so that a warm
    /// start does not inherit the previous objective's updates. A slack's column is e_i and its
    /// cost 0, so its reduced cost is −y_i.
    fn recompute_reduced_costs(&mut self) {
        let n = self.n;
        self.compute_y();
        self.d[..n].copy_from_slice(&self.c);
        for (i, &yi) in self.y.iter().enumerate() {
            if yi != 0.0 {
                for (dj, &aij) in self.d[..n].iter_mut().zip(&self.a[i * n..(i + 1) * n]) {
                    *dj -= yi * aij;
                }
            }
            self.d[n + i] = -yi;
        }
        for &v in &self.basis {
            self.d[v] = 0.0;
        }
    }

    /// Whether every basic column is within `bound_factor` feasibility tolerances of its
    /// bounds, every basic slack within DRIFT_TOL of its row's magnitude and, if `rows_too`,
    /// every row holds to DRIFT_TOL against the recomputed values (else the B⁻¹ in the
    /// tableau has drifted).
    fn within_drift(&mut self, bound_factor: f64, rows_too: bool) -> bool {
        let n = self.n;
        for j in 0..n {
            self.xn[j] = self.value(j);
        }
        self.work.fill(0.0);
        let mut slack_off = false;
        for (k, &v) in self.basis.iter().enumerate() {
            let x = self.beta[k];
            let off = x < self.blo[k] - bound_factor * self.btol_lo[k]
                || x > self.bhi[k] + bound_factor * self.btol_hi[k];
            if v < n {
                if off {
                    return false;
                }
                self.xn[v] = x;
            } else {
                slack_off |= off;
                self.work[v - n] = x;
            }
        }
        if !rows_too && !slack_off {
            return true;
        }
        for i in 0..self.m {
            let arow = &self.a[i * n..(i + 1) * n];
            let s = self.work[i];
            let act = dot(arow, &self.xn);
            let resid = (s + act - self.b[i]).abs();
            let outside = (self.lo[n + i] - s).max(s - self.hi[n + i]).max(0.0);
            let quick = DRIFT_TOL * self.b[i].abs().max(1.0);
            if (!rows_too || resid <= quick) && outside <= quick {
                continue;
            }
            // Only now is the row's magnitude worth summing.
            let mag: f64 = arow.iter().zip(&self.xn).map(|(a, x)| (a * x).abs()).sum();
            let tol = DRIFT_TOL * (mag + self.b[i].abs().max(1.0));
            if (rows_too && resid > tol) || outside > tol {
                return false;
            }
        }
        true
    }

    /// Rebuilds the tableau for the current basis from the rows, shedding the rounding of many
    /// pivots: from `[A | I]`, each basic column is pivoted in, on the row (among those whose
    /// slack must leave) with the largest entry. False if the basis is numerically singular.
    fn reinvert(&mut self) -> bool {
        let (n, m, w) = (self.n, self.m, self.w);
        self.clean = false;
        self.d_fresh = false;
        self.tab.fill(0.0);
        for i in 0..m {
            let row = &mut self.tab[i * w..(i + 1) * w];
            row[..n].copy_from_slice(&self.a[i * n..(i + 1) * n]);
            row[n + i] = 1.0;
            self.basis[i] = n + i;
        }
        // `status` still marks the basis being rebuilt.
        for j in 0..n {
            if self.status[j] != Status::Basic {
                continue;
            }
            let mut pick = None;
            let mut best_abs = PIV_TOL;
            for k in 0..m {
                let v = self.basis[k];
                let t = self.tab[k * w + j].abs();
                if v >= n && self.status[v] != Status::Basic && t > best_abs {
                    best_abs = t;
                    pick = Some(k);
                }
            }
            let Some(r) = pick else {
                return false;
            };
            self.pivot(r, j, false);
            self.basis[r] = j;
        }
        for k in 0..m {
            self.sync_row_bounds(k);
        }
        self.since_invert = 0;
        true
    }

    /// The vertex and its duals, unscaled. Nonbasic columns take the caller's bound as given;
    /// basic ones are clipped into their bounds, which moves the rows by at most a feasibility
    /// tolerance but keeps the bounds exact.
    fn extract(&mut self, c: &[f64], with_duals: bool) -> DenseSolution {
        let n = self.n;
        let mut x: Vec<f64> = (0..n)
            .map(|j| match self.status[j] {
                Status::Upper => self.upper[j],
                _ => self.lower[j],
            })
            .collect();
        for (k, &v) in self.basis.iter().enumerate() {
            if v < n {
                x[v] = (self.beta[k] * self.col_scale[v]).clamp(self.lower[v], self.upper[v]);
            }
        }
        if !with_duals {
            return DenseSolution {
                objective: dot(c, &x),
                x,
                duals: Vec::new(),
            };
        }
        if !self.y_fresh {
            self.compute_y();
        }
        // Duals of the wrong sign within the optimality tolerance are rounding noise on a
        // degenerate slack: zeroed, so that callers can rely on the sign rules. Zeroing one
        // moves the reduced costs of its row's columns by |y·a|, so only duals that small
        // against the row's largest coefficient are zeroed.
        let duals = (0..self.m)
            .map(|i| {
                let y = self.y[i] * self.row_scale[i];
                let noise = self.dtol_unscaled / self.row_amax[i];
                match self.sense[i] {
                    Sense::Le if y < 0.0 && y >= -noise => 0.0,
                    Sense::Ge if y > 0.0 && y <= noise => 0.0,
                    _ => y,
                }
            })
            .collect();
        DenseSolution {
            objective: dot(c, &x),
            x,
            duals,
        }
    }
}

/// The dual simplex's entering variable for a leaving row whose tableau row is `row` and
/// whose basic variable lies below (`below`) or above its bounds: a nonbasic variable whose
/// move in its free direction pushes that basic variable back, at the least reduced cost per
/// unit of the push (Harris's two passes, the larger pivot among near-ties), so that the
/// reduced costs keep their optimal signs. `None` if no pivot is usable or the best is small
/// against the row (no entry at all: the row cannot be repaired).
fn dual_entering(row: &[f64], d: &[f64], dirs: &[f64], dtol: &[f64], below: bool) -> Option<usize> {
    let sign = if below { -1.0 } else { 1.0 };
    let rmax = row.iter().fold(1.0_f64, |acc, v| acc.max(v.abs()));
    let mut t_harris = f64::INFINITY;
    for j in 0..row.len() {
        let a = row[j] * dirs[j] * sign;
        if a > PIV_TOL {
            let slack = (-d[j] * dirs[j]).max(0.0);
            t_harris = t_harris.min((slack + dtol[j]) / a);
        }
    }
    let mut q = None;
    let mut best = PIV_TOL;
    for j in 0..row.len() {
        let a = row[j] * dirs[j] * sign;
        if a > best && (-d[j] * dirs[j]).max(0.0) / a <= t_harris {
            best = a;
            q = Some(j);
        }
    }
    q.filter(|_| best >= PIV_SMALL * rmax)
}

/// Row and column scale factors for `a` (dense m × n; `rows` says where its nonzeros are): a
/// few alternating passes of geometric scaling, each row (then column) divided by the
/// geometric mean of its smallest and largest entry. Powers of two, so that scaling is exact
/// and bounds survive the round trip bit for bit; worked out on approximate base-2 logarithms
/// read off the exponent bits, since scaling only needs to be roughly right and log2, exp2
/// and round are library calls on baseline x86-64.
fn scale_factors(a: &[f64], rows: &[DenseRow], n: usize) -> (Vec<f64>, Vec<f64>) {
    let m = rows.len();
    // (column, log2 |a|) for every nonzero, row after row (row i's from row_start[i]).
    let mut entries = Vec::with_capacity(rows.iter().map(|r| r.0.len()).sum());
    let mut row_start = Vec::with_capacity(m + 1);
    for (i, (coeffs, _, _)) in rows.iter().enumerate() {
        row_start.push(entries.len());
        for &(j, _) in coeffs {
            let v = a[i * n + j].abs();
            if v.is_normal() {
                let bits = v.to_bits();
                let exponent = ((bits >> 52) & 0x7ff) as f64 - 1023.0;
                // log2(1 + f) ≈ f, within 0.09.
                let fraction = (bits & ((1 << 52) - 1)) as f64 / (1u64 << 52) as f64;
                entries.push((j, exponent + fraction));
            }
        }
    }
    row_start.push(entries.len());
    // `f64::round` is a libm call on baseline x86-64; the exponents are small, so shifting to
    // positive and truncating does the same. Plain comparisons instead of `f64::min`/`max`,
    // whose NaN handling (there are no NaNs here) doubles the cost of the loops.
    let round = |x: f64| ((x.clamp(-1000.0, 1000.0) + 1024.5) as i64 - 1024) as f64;
    let min = |a: f64, b: f64| if b < a { b } else { a };
    let max = |a: f64, b: f64| if b > a { b } else { a };
    let mut re = vec![0.0_f64; m];
    let mut ce = vec![0.0_f64; n];
    let mut lo = vec![0.0_f64; n];
    let mut hi = vec![0.0_f64; n];
    // Two passes at most (each about 1.5 µs on a 30 × 80 block); well-scaled blocks stop
    // after the first.
    for _ in 0..2 {
        let mut changed = false;
        lo.fill(f64::INFINITY);
        hi.fill(f64::NEG_INFINITY);
        for i in 0..m {
            let row = &entries[row_start[i]..row_start[i + 1]];
            if row.is_empty() {
                continue;
            }
            let (mut rlo, mut rhi) = (f64::INFINITY, f64::NEG_INFINITY);
            for &(j, l) in row {
                let v = l + ce[j];
                rlo = min(rlo, v);
                rhi = max(rhi, v);
            }
            let e = round(-(rlo + rhi) / 2.0);
            changed |= e != re[i];
            re[i] = e;
            for &(j, l) in row {
                lo[j] = min(lo[j], l + e);
                hi[j] = max(hi[j], l + e);
            }
        }
        for j in 0..n {
            if lo[j] <= hi[j] {
                let e = round(-(lo[j] + hi[j]) / 2.0);
                changed |= e != ce[j];
                ce[j] = e;
            }
        }
        if !changed {
            break;
        }
    }
    // 2^e straight into the exponent bits; |e| is far below the exponent range here, the clamp
    // only guards against nonsense input.
    let pow2 = |e: &f64| f64::from_bits(((e.clamp(-500.0, 500.0) as i64 + 1023) as u64) << 52);
    (re.iter().map(pow2).collect(), ce.iter().map(pow2).collect())
}

/// `if c { a } else { b }` on the bits, so that it cannot be compiled to a branch: in the ratio
/// test and pricing the condition follows no pattern a predictor could learn.
#[inline(always)]
fn select(c: bool, a: f64, b: f64) -> f64 {
    let mask = (c as u64).wrapping_neg();
    f64::from_bits((a.to_bits() & mask) | (b.to_bits() & !mask))
}

/// Dot product with eight independent partial sums: a single running sum would wait on the
/// latency of every addition, which dominates the cost of a warm solve.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut tail = 0.0;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        tail += x * y;
    }
    let mut s = [0.0; 8];
    for (x, y) in ca.zip(cb) {
        for ((acc, &xi), &yi) in s.iter_mut().zip(x).zip(y) {
            *acc += xi * yi;
        }
    }
    ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])) + tail
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::Backend;
    use crate::backend::Minilp;
    use crate::model::{Column, LpModel, Row};
    use splitmix::Rng;

    type Rows = Vec<DenseRow>;

    /// The checks a caller relies on: bounds exact, a basic solution (no more columns strictly
    /// inside their bounds than there are rows), rows within 1e-7 of their magnitude, dual
    /// signs, reduced-cost signs against the bound each column sits at, and strong duality.
    fn check(lower: &[f64], upper: &[f64], rows: &Rows, c: &[f64], sol: &DenseSolution) {
        let n = lower.len();
        let x = &sol.x;
        assert_eq!(x.len(), n);
        assert_eq!(sol.duals.len(), rows.len());
        for j in 0..n {
            assert!(
                lower[j] <= x[j] && x[j] <= upper[j],
                "x[{j}] = {} outside [{}, {}]",
                x[j],
                lower[j],
                upper[j]
            );
        }
        let cmax = c.iter().fold(1.0_f64, |a, v| a.max(v.abs()));
        let dtol = 1e-8 * cmax;
        let mut d = c.to_vec();
        let inside = (0..n)
            .filter(|&j| lower[j] < x[j] && x[j] < upper[j])
            .count();
        assert!(
            inside <= rows.len(),
            "{inside} columns inside their bounds, not a vertex"
        );
        for (i, (coeffs, sense, rhs)) in rows.iter().enumerate() {
            let act: f64 = coeffs.iter().map(|&(j, a)| a * x[j]).sum();
            let mag: f64 = coeffs.iter().map(|&(j, a)| (a * x[j]).abs()).sum();
            let ftol = 1e-7 * rhs.abs().max(mag).max(1.0);
            let y = sol.duals[i];
            match sense {
                Sense::Le => {
                    assert!(act <= rhs + ftol, "row {i}: {act} > {rhs}");
                    assert!(y >= -dtol, "row {i} (<=): dual {y} < 0");
                }
                Sense::Ge => {
                    assert!(act >= rhs - ftol, "row {i}: {act} < {rhs}");
                    assert!(y <= dtol, "row {i} (>=): dual {y} > 0");
                }
                Sense::Eq => assert!((act - rhs).abs() <= ftol, "row {i}: {act} != {rhs}"),
            }
            for &(j, a) in coeffs {
                d[j] -= y * a;
            }
        }
        for j in 0..n {
            if lower[j] == upper[j] {
                continue;
            }
            if x[j] == lower[j] {
                assert!(d[j] <= dtol, "d[{j}] = {} at lower", d[j]);
            } else if x[j] == upper[j] {
                assert!(d[j] >= -dtol, "d[{j}] = {} at upper", d[j]);
            } else {
                assert!(d[j].abs() <= dtol, "d[{j}] = {} strictly inside", d[j]);
            }
        }
        let primal: f64 = c.iter().zip(x).map(|(a, b)| a * b).sum();
        let mut dual = 0.0;
        let mut mag = 1.0 + c.iter().zip(x).map(|(a, b)| (a * b).abs()).sum::<f64>();
        for (y, (_, _, rhs)) in sol.duals.iter().zip(rows) {
            dual += y * rhs;
            mag += (y * rhs).abs();
        }
        for j in 0..n {
            dual += d[j] * x[j];
            mag += (d[j] * x[j]).abs();
        }
        assert!(
            (primal - dual).abs() <= 1e-9 * mag,
            "strong duality: primal {primal} dual {dual}"
        );
        assert!((sol.objective - primal).abs() <= 1e-12 * mag);
    }

    fn solve_checked(lower: &[f64], upper: &[f64], rows: &Rows, c: &[f64]) -> DenseSolution {
        let sol = DenseLp::new(lower, upper, rows)
            .solve(c)
            .expect("feasible LP reported as failed");
        check(lower, upper, rows, c, &sol);
        sol
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn knapsack() {
        // Ratios 3.33, 3.25, 3.5: c and a fill 5 of the 7, b takes the remaining half.
        let rows = vec![(vec![(0, 3.0), (1, 4.0), (2, 2.0)], Sense::Le, 7.0)];
        let c = [10.0, 13.0, 7.0];
        let sol = solve_checked(&[0.0; 3], &[1.0; 3], &rows, &c);
        assert_eq!(sol.x, vec![1.0, 0.5, 1.0]);
        assert!(close(sol.objective, 23.5));
        assert!(close(sol.duals[0], 3.25));
    }

    #[test]
    fn chvatal_three_rows() {
        // Chvátal, Linear Programming, ch. 2: optimum 13 at (2, 0, 1), duals (1, 0, 1).
        let rows = vec![
            (vec![(0, 2.0), (1, 3.0), (2, 1.0)], Sense::Le, 5.0),
            (vec![(0, 4.0), (1, 1.0), (2, 2.0)], Sense::Le, 11.0),
            (vec![(0, 3.0), (1, 4.0), (2, 2.0)], Sense::Le, 8.0),
        ];
        let sol = solve_checked(&[0.0; 3], &[10.0; 3], &rows, &[5.0, 4.0, 3.0]);
        assert!(close(sol.objective, 13.0));
        for (a, b) in sol.x.iter().zip([2.0, 0.0, 1.0]) {
            assert!(close(*a, b));
        }
        for (a, b) in sol.duals.iter().zip([1.0, 0.0, 1.0]) {
            assert!(close(*a, b));
        }
    }

    #[test]
    fn ge_row() {
        // min x1 + 2·x2 with x1 + x2 >= 3, x1 <= 2: x1 at its upper bound, x2 = 1.
        let rows = vec![(vec![(0, 1.0), (1, 1.0)], Sense::Ge, 3.0)];
        let sol = solve_checked(&[0.0, 0.0], &[2.0, 5.0], &rows, &[-1.0, -2.0]);
        assert_eq!(sol.x[0], 2.0);
        assert!(close(sol.x[1], 1.0));
        assert!(close(sol.objective, -4.0));
        assert!(close(sol.duals[0], -2.0));
    }

    #[test]
    fn eq_rows() {
        // x + y = 4, x − y <= 1: x = 2.5, y = 1.5; duals solve 3 = y1 + y2, 2 = y1 − y2.
        let rows = vec![
            (vec![(0, 1.0), (1, 1.0)], Sense::Eq, 4.0),
            (vec![(0, 1.0), (1, -1.0)], Sense::Le, 1.0),
        ];
        let sol = solve_checked(&[0.0; 2], &[10.0; 2], &rows, &[3.0, 2.0]);
        assert!(close(sol.x[0], 2.5) && close(sol.x[1], 1.5));
        assert!(close(sol.objective, 10.5));
        assert!(close(sol.duals[0], 2.5) && close(sol.duals[1], 0.5));
        // A negative equality dual: more right-hand side can only go to the penalised column.
        let rows = vec![(vec![(0, 1.0), (1, 1.0)], Sense::Eq, 4.0)];
        let sol = solve_checked(&[0.0; 2], &[3.0, 10.0], &rows, &[1.0, -1.0]);
        assert_eq!(sol.x[0], 3.0);
        assert!(close(sol.x[1], 1.0));
        assert!(close(sol.duals[0], -1.0));
    }

    #[test]
    fn infeasible() {
        let cases: Vec<(Vec<f64>, Vec<f64>, Rows)> = vec![
            (
                vec![0.0; 2],
                vec![2.0; 2],
                vec![(vec![(0, 1.0), (1, 1.0)], Sense::Ge, 5.0)],
            ),
            (
                vec![0.0; 2],
                vec![1.0; 2],
                vec![(vec![(0, 1.0), (1, -1.0)], Sense::Eq, 3.0)],
            ),
            (
                vec![0.0; 2],
                vec![100.0; 2],
                vec![
                    (vec![(0, 1.0), (1, 1.0)], Sense::Le, 1.0),
                    (vec![(0, 1.0), (1, 1.0)], Sense::Ge, 2.0),
                ],
            ),
            (vec![1.0], vec![0.0], vec![]),
        ];
        for (lower, upper, rows) in cases {
            let mut lp = DenseLp::new(&lower, &upper, &rows);
            let c = vec![1.0; lower.len()];
            assert_eq!(lp.solve(&c).unwrap_err(), DenseError::Infeasible);
            // The verdict sticks: the rows do not change between solves.
            assert_eq!(lp.solve(&c).unwrap_err(), DenseError::Infeasible);
        }
    }

    #[test]
    fn optimum_at_upper_bounds() {
        let rows = vec![(vec![(0, 1.0), (1, 1.0)], Sense::Le, 10.0)];
        let sol = solve_checked(&[0.0; 2], &[3.0; 2], &rows, &[2.0, 3.0]);
        assert_eq!(sol.x, vec![3.0, 3.0]);
        assert_eq!(sol.objective, 15.0);
        assert_eq!(sol.duals, vec![0.0]);
    }

    #[test]
    fn degenerate_vertex() {
        // Five rows all binding at (1, 1).
        let rows = vec![
            (vec![(0, 1.0)], Sense::Le, 1.0),
            (vec![(1, 1.0)], Sense::Le, 1.0),
            (vec![(0, 1.0), (1, 1.0)], Sense::Le, 2.0),
            (vec![(0, 1.0), (1, 2.0)], Sense::Le, 3.0),
            (vec![(0, 2.0), (1, 1.0)], Sense::Le, 3.0),
        ];
        let sol = solve_checked(&[0.0; 2], &[5.0; 2], &rows, &[1.0, 1.0]);
        assert!(close(sol.x[0], 1.0) && close(sol.x[1], 1.0));
        assert!(close(sol.objective, 2.0));
    }

    #[test]
    fn beale_cycling_example() {
        // Beale's example as in Chvátal (ch. 3): cycles under largest-coefficient pricing with
        // lowest-index ties; optimum 1 at (1, 0, 1, 0). Degenerate from the start (b = 0).
        let rows = vec![
            (
                vec![(0, 0.5), (1, -5.5), (2, -2.5), (3, 9.0)],
                Sense::Le,
                0.0,
            ),
            (
                vec![(0, 0.5), (1, -1.5), (2, -0.5), (3, 1.0)],
                Sense::Le,
                0.0,
            ),
            (vec![(0, 1.0)], Sense::Le, 1.0),
        ];
        let sol = solve_checked(&[0.0; 4], &[100.0; 4], &rows, &[10.0, -57.0, -9.0, -24.0]);
        assert!(close(sol.objective, 1.0), "{sol:?}");
        for (a, b) in sol.x.iter().zip([1.0, 0.0, 1.0, 0.0]) {
            assert!(close(*a, b));
        }
    }

    #[test]
    fn edge_shapes() {
        // No rows: every column goes to the bound its weight prefers.
        let sol = solve_checked(
            &[0.0, -1.0, 2.0],
            &[4.0, 1.0, 2.0],
            &vec![],
            &[1.0, -1.0, 5.0],
        );
        assert_eq!(sol.x, vec![4.0, -1.0, 2.0]);
        // A fixed column and an equality row that pins the other column.
        let rows = vec![(vec![(0, 2.0), (1, 1.0)], Sense::Eq, 7.0)];
        let sol = solve_checked(&[3.0, 0.0], &[3.0, 5.0], &rows, &[1.0, 1.0]);
        assert_eq!(sol.x[0], 3.0);
        assert!(close(sol.x[1], 1.0));
    }

    fn int(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
        lo + (rng.unit() * (hi - lo + 1) as f64) as i64
    }

    /// A random small LP around a random point in the box, so most are feasible (and, with
    /// integer data, degenerate); `perturb` moves one right-hand side at random, which makes
    /// some infeasible.
    fn random_lp(rng: &mut Rng, n: usize, m: usize, perturb: bool) -> (Vec<f64>, Vec<f64>, Rows) {
        let lower = vec![0.0; n];
        let upper: Vec<f64> = (0..n)
            .map(|_| match int(rng, 0, 19) {
                0 => 0.0,
                1 => 0.5 + rng.unit() * 10.0,
                k => k as f64,
            })
            .collect();
        let x0: Vec<f64> = upper
            .iter()
            .map(|&u| match int(rng, 0, 3) {
                0 => 0.0,
                1 => u,
                _ => (rng.unit() * u).round().min(u),
            })
            .collect();
        let mixed = rng.unit() < 0.5;
        let mut rows = Vec::with_capacity(m);
        for _ in 0..m {
            let mut coeffs = Vec::new();
            for j in 0..n {
                if rng.unit() < 0.5 {
                    let mut a = int(rng, 1, 9) as f64;
                    if rng.unit() < 0.3 {
                        a /= 4.0;
                    }
                    if mixed && rng.unit() < 0.4 {
                        a = -a;
                    }
                    coeffs.push((j, a));
                }
            }
            if coeffs.is_empty() {
                coeffs.push((int(rng, 0, n as i64 - 1) as usize, 1.0));
            }
            let act: f64 = coeffs.iter().map(|&(j, a)| a * x0[j]).sum();
            let gap = if rng.unit() < 0.4 {
                0.0
            } else {
                int(rng, 1, 5) as f64
            };
            let (sense, rhs) = match int(rng, 0, 5) {
                0..=2 => (Sense::Le, act + gap),
                3 | 4 => (Sense::Ge, act - gap),
                _ => (Sense::Eq, act),
            };
            rows.push((coeffs, sense, rhs));
        }
        if perturb {
            let i = int(rng, 0, m as i64 - 1) as usize;
            rows[i].2 = int(rng, -40, 40) as f64;
        }
        (lower, upper, rows)
    }

    fn random_objective(rng: &mut Rng, n: usize) -> Vec<f64> {
        (0..n)
            .map(|_| {
                let v = int(rng, -10, 10) as f64;
                if rng.unit() < 0.3 { v + rng.unit() } else { v }
            })
            .collect()
    }

    pub(crate) fn to_model(lower: &[f64], upper: &[f64], rows: &Rows, c: &[f64]) -> LpModel {
        let mut model = LpModel::default();
        for j in 0..lower.len() {
            model.add_column(Column {
                name: format!("x{j}"),
                lower: lower[j],
                upper: upper[j],
                integer: false,
                obj: c[j],
            });
        }
        for (i, (coeffs, sense, rhs)) in rows.iter().enumerate() {
            model.rows.push(Row {
                name: format!("r{i}"),
                coeffs: coeffs.clone(),
                sense: *sense,
                rhs: *rhs,
                linking: true,
            });
        }
        model
    }

    #[test]
    fn random_lps_match_minilp() {
        let mut rng = Rng(0x5eed_0001);
        let (mut feasible, mut infeasible) = (0, 0);
        for case in 0..200 {
            let n = int(&mut rng, 1, 12) as usize;
            let m = int(&mut rng, 1, 8) as usize;
            let perturb = rng.unit() < 0.25;
            let (lower, upper, rows) = random_lp(&mut rng, n, m, perturb);
            let c = random_objective(&mut rng, n);
            let model = to_model(&lower, &upper, &rows, &c);
            let reference = Minilp.solve(&model);
            let ours = DenseLp::new(&lower, &upper, &rows).solve(&c);
            match (reference, ours) {
                (Ok(r), Ok(sol)) => {
                    let want = model.objective_value(&r.x);
                    assert!(
                        (want - sol.objective).abs() <= 1e-7 * want.abs().max(1.0),
                        "case {case}: minilp {want}, dense {}",
                        sol.objective
                    );
                    check(&lower, &upper, &rows, &c, &sol);
                    feasible += 1;
                }
                (Err(SolveError::Infeasible), Err(DenseError::Infeasible)) => infeasible += 1,
                (r, o) => panic!("case {case}: minilp {r:?}, dense {o:?}"),
            }
        }
        // The generator must exercise both verdicts.
        assert!(
            feasible > 100 && infeasible > 10,
            "{feasible} / {infeasible}"
        );
    }

    use crate::SolveError;

    /// Random objective changes, each warm solve compared with a cold solve of a fresh copy.
    #[test]
    fn warm_start_matches_cold() {
        let mut rng = Rng(0x5eed_0002);
        let mut warm_pivots = 0;
        let mut cold_pivots = 0;
        for _ in 0..20 {
            let n = int(&mut rng, 10, 40) as usize;
            let m = int(&mut rng, 5, 20) as usize;
            let (lower, upper, rows) = random_lp(&mut rng, n, m, false);
            let mut lp = DenseLp::new(&lower, &upper, &rows);
            let mut c = random_objective(&mut rng, n);
            lp.solve(&c).expect("built around a feasible point");
            for round in 0..8 {
                if round % 2 == 0 {
                    // Small change, as between decomposition iterations.
                    for cj in c.iter_mut() {
                        *cj += 0.2 * (rng.unit() - 0.5);
                    }
                } else {
                    c = random_objective(&mut rng, n);
                }
                let warm = lp.solve(&c).expect("warm solve");
                warm_pivots += lp.last_iterations();
                check(&lower, &upper, &rows, &c, &warm);
                let mut fresh = DenseLp::new(&lower, &upper, &rows);
                let cold = fresh.solve(&c).expect("cold solve");
                cold_pivots += fresh.last_iterations();
                assert!(
                    close(warm.objective, cold.objective),
                    "{warm:?} vs {cold:?}"
                );
            }
        }
        assert!(warm_pivots < cold_pivots, "{warm_pivots} vs {cold_pivots}");
    }

    /// Moved right-hand sides and bounds: a warm re-solve equals a cold solve of the changed
    /// LP; a basis step, when it is allowed, predicts the new optimum; and `warm_at` on a
    /// vertex found before starts the next solve there.
    #[test]
    fn moved_rows_and_bounds_match_cold_solves() {
        let mut rng = Rng(0x5eed_0003);
        let (mut steps, mut stepped, mut warmed) = (0, 0, 0);
        for _ in 0..30 {
            let n = int(&mut rng, 10, 40) as usize;
            let m = int(&mut rng, 5, 20) as usize;
            let (lower, upper, mut rows) = random_lp(&mut rng, n, m, false);
            let c = random_objective(&mut rng, n);
            let mut lp = DenseLp::new(&lower, &upper, &rows);
            let base = lp.solve(&c).expect("built around a feasible point");
            // warm_at: a fresh LP put on the optimal vertex needs no pivot to prove it.
            let mut again = DenseLp::new(&lower, &upper, &rows);
            if again.warm_at(&base.x) {
                warmed += 1;
                let sol = again.solve(&c).expect("from a feasible vertex");
                assert!(close(sol.objective, base.objective));
                assert!(again.last_iterations() <= 2, "{}", again.last_iterations());
            }
            for _ in 0..4 {
                let i = int(&mut rng, 0, m as i64 - 1) as usize;
                let d = int(&mut rng, -3, 3) as f64 / 2.0;
                let step = lp.rhs_step(&[(i, d)]);
                let old = rows[i].2;
                rows[i].2 = old + d;
                lp.set_rhs(i, old + d);
                let warm = lp.solve(&c);
                let cold = DenseLp::new(&lower, &upper, &rows).solve(&c);
                match (&warm, &cold) {
                    (Ok(w), Ok(k)) => {
                        check(&lower, &upper, &rows, &c, w);
                        assert!(close(w.objective, k.objective), "{w:?} vs {k:?}");
                    }
                    (Err(DenseError::Infeasible), Err(DenseError::Infeasible)) => {}
                    other => panic!("warm and cold differ: {other:?}"),
                }
                steps += 1;
                if let (Some((dz, _)), Ok(w)) = (step, &warm) {
                    stepped += 1;
                    let before = base_objective_of(&lower, &upper, &rows, &c, i, old);
                    assert!(
                        close(before + dz, w.objective),
                        "{before} + {dz} vs {}",
                        w.objective
                    );
                }
                // Back, so that the next step starts from the base LP.
                rows[i].2 = old;
                lp.set_rhs(i, old);
                lp.solve(&c).expect("the base LP again");
            }
            // A tightened bound and its release, as branch and bound does.
            let j = int(&mut rng, 0, n as i64 - 1) as usize;
            let mid = (upper[j] / 2.0).floor();
            lp.set_bounds(j, lower[j], mid);
            let mut up = upper.clone();
            up[j] = mid;
            let warm = lp.solve(&c);
            let cold = DenseLp::new(&lower, &up, &rows).solve(&c);
            match (&warm, &cold) {
                (Ok(w), Ok(k)) => assert!(close(w.objective, k.objective)),
                (Err(DenseError::Infeasible), Err(DenseError::Infeasible)) => {}
                other => panic!("bound change: warm and cold differ: {other:?}"),
            }
            lp.set_bounds(j, lower[j], upper[j]);
            assert!(close(lp.solve(&c).unwrap().objective, base.objective));
        }
        assert!(
            stepped * 4 >= steps,
            "only {stepped} of {steps} shifts stepped"
        );
        assert!(warmed >= 20, "warm_at took only {warmed} of 30 vertices");
    }

    /// Dual pivots on the side of a kept tableau (`rhs_dual_step`) and on the tableau itself
    /// (`resolve_rhs`) against cold solves of the shifted LP: the same optimum, and columns
    /// that meet the shifted rows; the kept tableau is left as it was.
    #[test]
    fn dual_steps_match_cold_solves() {
        let mut rng = Rng(0x5eed_0007);
        let (mut tried, mut side, mut pivoted) = (0, 0, 0);
        for _ in 0..40 {
            let n = int(&mut rng, 10, 40) as usize;
            let m = int(&mut rng, 5, 20) as usize;
            // Integral data, so that the optimal vertex is degenerate now and then.
            let (lower, upper, rows) = random_lp(&mut rng, n, m, false);
            let c = random_objective(&mut rng, n);
            let mut lp = DenseLp::new(&lower, &upper, &rows);
            let base = lp.solve(&c).expect("built around a feasible point");
            let mut work = lp.clone();
            for _ in 0..6 {
                let i = int(&mut rng, 0, m as i64 - 1) as usize;
                let d = int(&mut rng, -6, 6) as f64 / 2.0;
                let mut moved = rows.clone();
                moved[i].2 += d;
                let cold = DenseLp::new(&lower, &upper, &moved).solve(&c);
                tried += 1;
                if let Some((dz, dx)) = lp.rhs_dual_step(&[(i, d)], 8) {
                    side += 1;
                    pivoted += usize::from(lp.rhs_step(&[(i, d)]).is_none());
                    let k = cold.as_ref().expect("a dual step found a feasible point");
                    assert!(close(base.objective + dz, k.objective), "{dz} vs {k:?}");
                    let mut x = base.x.clone();
                    for (j, v) in dx {
                        x[j] += v;
                    }
                    for (j, &v) in x.iter().enumerate() {
                        assert!(v >= lower[j] - 1e-7 && v <= upper[j] + 1e-7, "x{j} = {v}");
                    }
                    for (coeffs, sense, rhs) in &moved {
                        let act: f64 = coeffs.iter().map(|&(j, a)| a * x[j]).sum();
                        let tol = 1e-7 * rhs.abs().max(1.0);
                        match sense {
                            Sense::Le => assert!(act <= rhs + tol),
                            Sense::Ge => assert!(act >= rhs - tol),
                            Sense::Eq => assert!((act - rhs).abs() <= tol),
                        }
                    }
                }
                work.set_rhs(i, rows[i].2 + d);
                let warm = work.resolve_rhs(&c);
                match (&warm, &cold) {
                    (Ok(w), Ok(k)) => {
                        check(&lower, &upper, &moved, &c, w);
                        assert!(close(w.objective, k.objective), "{w:?} vs {k:?}");
                    }
                    (Err(DenseError::Infeasible), Err(DenseError::Infeasible)) => {}
                    other => panic!("warm and cold differ: {other:?}"),
                }
                work.set_rhs(i, rows[i].2);
            }
            // The kept tableau is untouched: the base LP needs no pivot.
            let again = lp.solve(&c).unwrap();
            assert_eq!(lp.last_iterations(), 0);
            assert!(close(again.objective, base.objective));
        }
        assert!(side * 2 >= tried, "only {side} of {tried} shifts stepped");
        assert!(
            pivoted >= 10,
            "only {pivoted} shifts needed a pivot on the side"
        );
    }

    /// The optimum of `rows` with row `i`'s right-hand side set to `rhs`.
    fn base_objective_of(
        lower: &[f64],
        upper: &[f64],
        rows: &Rows,
        c: &[f64],
        i: usize,
        rhs: f64,
    ) -> f64 {
        let mut r = rows.clone();
        r[i].2 = rhs;
        DenseLp::new(lower, upper, &r).solve(c).unwrap().objective
    }

    /// Enough warm solves on one block that the tableau is rebuilt from the rows several times.
    #[test]
    fn long_warm_chain() {
        let mut rng = Rng(0x5eed_0003);
        let (lower, upper, rows) = random_lp(&mut rng, 30, 12, false);
        let mut lp = DenseLp::new(&lower, &upper, &rows);
        let mut c = random_objective(&mut rng, 30);
        for _ in 0..400 {
            for cj in c.iter_mut() {
                *cj += rng.unit() - 0.5;
            }
            let warm = lp.solve(&c).expect("warm solve");
            check(&lower, &upper, &rows, &c, &warm);
            let cold = DenseLp::new(&lower, &upper, &rows).solve(&c).expect("cold");
            assert!(close(warm.objective, cold.objective));
        }
    }

    /// Coefficients from 1e-3 to 1e4 and bounds up to 1e6, spread evenly in magnitude, with
    /// mixed signs and senses, each LP built around a point that satisfies it: the range the
    /// blocks may have, at its most awkward. (Over 20,000 such LPs about one in a thousand
    /// comes back as `Numerical`, none wrong; this seed has none.)
    #[test]
    fn badly_scaled_lps() {
        let mut rng = Rng(0x5eed_0005);
        let mag = |rng: &mut Rng, lo: f64, hi: f64| 10f64.powf(lo + (hi - lo) * rng.unit());
        for case in 0..150 {
            let n = int(&mut rng, 5, 50) as usize;
            let m = int(&mut rng, 2, 25) as usize;
            let lower = vec![0.0; n];
            let upper: Vec<f64> = (0..n).map(|_| mag(&mut rng, 0.0, 6.0)).collect();
            let x0: Vec<f64> = upper
                .iter()
                .map(|u| {
                    if rng.unit() < 0.3 {
                        0.0
                    } else {
                        u * rng.unit()
                    }
                })
                .collect();
            let mut rows: Rows = Vec::new();
            for _ in 0..m {
                let mut coeffs = Vec::new();
                for j in 0..n {
                    if rng.unit() < 0.3 {
                        let sign = if rng.unit() < 0.2 { -1.0 } else { 1.0 };
                        coeffs.push((j, sign * mag(&mut rng, -3.0, 4.0)));
                    }
                }
                if coeffs.is_empty() {
                    coeffs.push((0, 1.0));
                }
                let act: f64 = coeffs.iter().map(|&(j, a)| a * x0[j]).sum();
                let slack = act.abs() * 0.1 * rng.unit();
                let (sense, rhs) = match int(&mut rng, 0, 5) {
                    0..=2 => (Sense::Le, act + slack),
                    3 | 4 => (Sense::Ge, act - slack),
                    _ => (Sense::Eq, act),
                };
                rows.push((coeffs, sense, rhs));
            }
            let c: Vec<f64> = (0..n)
                .map(|_| {
                    let sign = if rng.unit() < 0.3 { -1.0 } else { 1.0 };
                    sign * mag(&mut rng, -2.0, 2.0)
                })
                .collect();
            let mut lp = DenseLp::new(&lower, &upper, &rows);
            let sol = lp
                .solve(&c)
                .unwrap_or_else(|e| panic!("case {case}: {e:?}"));
            check(&lower, &upper, &rows, &c, &sol);
        }
    }

    /// A 30 × 80 block: sparse nonnegative rows, mostly capacities.
    fn block_30x80(rng: &mut Rng) -> (Vec<f64>, Vec<f64>, Rows, Vec<f64>) {
        let n = 80;
        let lower = vec![0.0; n];
        let upper: Vec<f64> = (0..n).map(|_| 1.0 + 999.0 * rng.unit()).collect();
        let x0: Vec<f64> = upper.iter().map(|u| u * rng.unit()).collect();
        let mut rows = Vec::new();
        for i in 0..30 {
            let mut coeffs = Vec::new();
            for j in 0..n {
                if rng.unit() < 0.15 {
                    coeffs.push((j, 0.5 + 1.5 * rng.unit()));
                }
            }
            let act: f64 = coeffs.iter().map(|&(j, a)| a * x0[j]).sum();
            let (sense, rhs) = match i % 10 {
                0 => (Sense::Ge, 0.8 * act),
                1 => (Sense::Eq, act),
                _ => (Sense::Le, act * (1.0 + 0.3 * rng.unit())),
            };
            rows.push((coeffs, sense, rhs));
        }
        let c = (0..n).map(|_| rng.unit() * 10.0 - 2.0).collect();
        (lower, upper, rows, c)
    }

    /// `cargo test --release --lib dense::tests::timing -- --ignored --nocapture`
    ///
    /// Per-solve times over passes of 50 blocks: the median pass and the fastest one (the
    /// latter is the better figure on a shared machine).
    #[test]
    #[ignore]
    fn timing() {
        use std::time::Instant;
        let mut rng = Rng(0x5eed_0004);
        let blocks: Vec<_> = (0..50).map(|_| block_30x80(&mut rng)).collect();
        let reps = 100;
        let per_solve = |mut passes: Vec<f64>| {
            passes.sort_by(f64::total_cmp);
            let k = blocks.len() as f64;
            (passes[passes.len() / 2] / k * 1e6, passes[0] / k * 1e6)
        };
        let mut passes = Vec::new();
        let mut cold_iters = 0;
        for _ in 0..reps {
            let t = Instant::now();
            for (l, u, rows, c) in &blocks {
                let mut lp = DenseLp::new(l, u, rows);
                std::hint::black_box(lp.solve(c).expect("feasible"));
                cold_iters += lp.last_iterations();
            }
            passes.push(t.elapsed().as_secs_f64());
        }
        let cold = per_solve(passes);
        let mut lps: Vec<DenseLp> = blocks
            .iter()
            .map(|(l, u, rows, c)| {
                let mut lp = DenseLp::new(l, u, rows);
                lp.solve(c).expect("feasible");
                lp
            })
            .collect();
        // Each pass moves every objective coefficient by up to ±1%.
        let objectives: Vec<Vec<Vec<f64>>> = blocks
            .iter()
            .map(|(_, _, _, c)| {
                (0..reps)
                    .map(|_| {
                        c.iter()
                            .map(|v| v * (1.0 + 0.02 * (rng.unit() - 0.5)))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut passes = Vec::new();
        let mut warm_iters = 0;
        for r in 0..reps {
            let t = Instant::now();
            for (lp, cs) in lps.iter_mut().zip(&objectives) {
                std::hint::black_box(lp.solve(&cs[r]).expect("feasible"));
                warm_iters += lp.last_iterations();
            }
            passes.push(t.elapsed().as_secs_f64());
        }
        let warm = per_solve(passes);
        let runs = (reps * blocks.len()) as f64;
        println!(
            "30x80: cold {:.1} us (fastest pass {:.1}; {:.1} iterations), \
             warm {:.2} us (fastest pass {:.2}; {:.2} iterations)",
            cold.0,
            cold.1,
            cold_iters as f64 / runs,
            warm.0,
            warm.1,
            warm_iters as f64 / runs
        );
    }
}

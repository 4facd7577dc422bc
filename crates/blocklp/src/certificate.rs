//! Optimality certificate: primal feasibility, a dual solution and the duality gap, all
//! recomputed from the model's numbers rather than trusted from a solver.
//!
//! The dual of `max cᵀx s.t. A x (≤ | ≥ | =) b, 0 ≤ x ≤ u` is
//! `min bᵀy + uᵀw s.t. Aᵀy + w ≥ c, w ≥ 0`, with `y ≥ 0` on ≤ rows, `y ≤ 0` on ≥ rows and free
//! on = rows; a column fixed at `l = u` takes a free `r` instead of `w`, with `Aᵀy + r = c`.
//! It is built in the crate's own form and solved by the same backend.

use super::backend::{Backend, SolveError};
use super::model::{Column, LpModel, Row, Sense};

/// A plan is called optimal when the relative duality gap is at most this.
pub const GAP_TOL: f64 = 1e-7;
/// Primal and dual violations allowed, in row units and in objective units per row unit respectively.
pub const VIOLATION_TOL: f64 = 1e-6;

#[derive(Debug, Clone)]
pub struct Certificate {
    pub primal_objective: f64,
    pub dual_objective: f64,
    /// |primal − dual| / max(1, |primal|).
    pub relative_gap: f64,
    /// Largest violation of any LP row or bound by the point, in row units.
    pub max_primal_violation: f64,
    /// Largest violation of any dual constraint or sign by the dual solution.
    pub max_dual_violation: f64,
    pub gap_tolerance: f64,
    pub optimal: bool,
    /// What the certificate covers (for MIPs: the LP with integer columns fixed).
    pub scope: &'static str,
    /// A MIP answered by the decomposition: its proven upper bound on the integer optimum (the
    /// best Lagrangian value, from each block's integer optimum), and the plan's distance to
    /// it relative to the plan's objective. Branch and bound needs neither: it closes the gap.
    pub integer_bound: Option<f64>,
    pub integer_gap: Option<f64>,
}

/// What a certificate of a MIP plan answered with a Lagrangian bound covers.
pub const BOUND_SCOPE: &str = "LP with integer columns fixed at the plan's values; the integer \
     optimum is at most integer_bound (Lagrangian bound from every block's integer optimum)";

impl Certificate {
    /// Records the bound a MIP plan was accepted against (see [`BOUND_SCOPE`]).
    pub fn with_integer_bound(mut self, bound: f64) -> Self {
        self.integer_bound = Some(bound);
        self.integer_gap =
            Some((bound - self.primal_objective).max(0.0) / self.primal_objective.abs().max(1.0));
        self.scope = BOUND_SCOPE;
        self
    }
}

/// The dual of `fixed` in the crate's form (a maximisation of minus the dual objective, whose
/// optimum therefore is −(dual optimum) − the fixed columns' constant); its first
/// `fixed.rows.len()` columns are the row duals `y`. Columns fixed at `l = u` (integers of a
/// MIP) are moved to the right-hand sides first: they need no dual column, and the free
/// columns they would need make microlp report a false "unbounded".
pub fn dual_model(fixed: &LpModel) -> LpModel {
    let mut dual = LpModel::default();
    let mut rhs: Vec<f64> = fixed.rows.iter().map(|r| r.rhs).collect();
    for (r, row) in fixed.rows.iter().enumerate() {
        for &(j, a) in &row.coeffs {
            let c = &fixed.columns[j];
            if c.lower == c.upper {
                rhs[r] -= a * c.upper;
            }
        }
    }
    for (i, r) in fixed.rows.iter().enumerate() {
        let (lower, upper) = dual_bounds(r.sense);
        dual.add_column(aux(format!("y{i}"), lower, upper, -rhs[i]));
    }
    let by_col = fixed.by_column();
    for (j, c) in fixed.columns.iter().enumerate() {
        if c.lower == c.upper {
            continue;
        }
        let mut coeffs = by_col[j].clone();
        if c.upper.is_finite() {
            let w = dual.add_column(aux(format!("w{j}"), 0.0, f64::INFINITY, -c.upper));
            coeffs.push((w, 1.0));
        }
        dual.rows.push(Row {
            name: format!("c{j}"),
            coeffs,
            sense: Sense::Ge,
            rhs: c.obj,
            linking: true,
        });
    }
    dual
}

/// Dual values from the optimality conditions at `x`: only binding rows get a dual, only columns
/// at their upper bound a bound dual, and columns strictly inside their bounds need a zero
/// reduced cost. `None` if that LP cannot be solved (then the full dual is).
fn restricted_duals(backend: &dyn Backend, fixed: &LpModel, x: &[f64]) -> Option<Vec<f64>> {
    // A column at its lower bound whose cost is far below every other column's (a transaction
    // cost of 10¹³ yuan among weights of 1 to 1,000) can only bind its dual row at duals that
    // large: its row is left out first, since its right-hand side alone makes the simplex's
    // tolerances too coarse for the rows that matter (the LP was then called infeasible). The
    // duals found are checked against the rows left out, and if one is broken, solved with all.
    let (_, far) = fixed.cost_scale();
    if let Some(far) = far {
        let tol = |v: f64| 1e-7 * v.abs().max(1.0);
        let skip = |j: usize| {
            let c = &fixed.columns[j];
            c.obj < -far && (x[j] - c.lower).abs() <= tol(c.lower)
        };
        if let Some(y) = restricted_duals_skipping(backend, fixed, x, &skip) {
            let by_col = fixed.by_column();
            let holds = (0..fixed.columns.len()).filter(|&j| skip(j)).all(|j| {
                let c = &fixed.columns[j];
                let reduced = c.obj - by_col[j].iter().map(|&(i, a)| a * y[i]).sum::<f64>();
                reduced <= VIOLATION_TOL
            });
            if holds {
                return Some(y);
            }
        }
    }
    restricted_duals_skipping(backend, fixed, x, &|_| false)
}

/// [`restricted_duals`] without the dual rows of the columns `skip` names.
fn restricted_duals_skipping(
    backend: &dyn Backend,
    fixed: &LpModel,
    x: &[f64],
    skip: &dyn Fn(usize) -> bool,
) -> Option<Vec<f64>> {
    let tol = |v: f64| 1e-7 * v.abs().max(1.0);
    let mut m = LpModel::default();
    let mut ycol = vec![None; fixed.rows.len()];
    for (i, r) in fixed.rows.iter().enumerate() {
        let act = fixed.row_activity(r, x);
        if (act - r.rhs).abs() > tol(r.rhs) {
            continue;
        }
        let (lower, upper) = dual_bounds(r.sense);
        ycol[i] = Some(m.add_column(aux(format!("y{i}"), lower, upper, -r.rhs)));
    }
    // The matrix by column, restricted to the rows that keep a dual.
    let by_col: Vec<Vec<(usize, f64)>> = fixed
        .by_column()
        .into_iter()
        .map(|col| {
            col.into_iter()
                .filter_map(|(i, a)| ycol[i].map(|c| (c, a)))
                .collect()
        })
        .collect();
    for (j, c) in fixed.columns.iter().enumerate() {
        if c.lower == c.upper || skip(j) {
            continue;
        }
        let mut coeffs = by_col[j].clone();
        let at_upper = (x[j] - c.upper).abs() <= tol(c.upper);
        let at_lower = (x[j] - c.lower).abs() <= tol(c.lower);
        if at_upper {
            let w = m.add_column(aux(format!("w{j}"), 0.0, f64::INFINITY, -c.upper));
            coeffs.push((w, 1.0));
        }
        let sense = if at_lower || at_upper {
            Sense::Ge
        } else {
            Sense::Eq
        };
        if coeffs.is_empty() {
            // 0 ≥ c_j: holds or not, nothing to solve for; the final check will tell.
            continue;
        }
        m.rows.push(Row {
            name: format!("c{j}"),
            coeffs,
            sense,
            rhs: c.obj,
            linking: true,
        });
    }
    let sol = backend.solve(&m).ok()?;
    Some(
        ycol.iter()
            .map(|c| c.map(|c| sol.x[c]).unwrap_or(0.0))
            .collect(),
    )
}

/// The dual objective of `y` (with the best bound duals for it: `w = max(0, reduced cost)` on
/// bounded columns, the exact reduced cost on fixed ones) and the largest reduced-cost violation
/// on columns without an upper bound.
fn dual_objective(fixed: &LpModel, y: &[f64], by_col: &[Vec<(usize, f64)>]) -> (f64, f64) {
    let mut dual: f64 = fixed.rows.iter().zip(y).map(|(r, yi)| r.rhs * yi).sum();
    let mut violation: f64 = 0.0;
    for (j, c) in fixed.columns.iter().enumerate() {
        let reduced = c.obj - by_col[j].iter().map(|&(i, a)| a * y[i]).sum::<f64>();
        if c.lower == c.upper {
            dual += c.upper * reduced;
        } else if c.upper.is_finite() {
            dual += c.upper * reduced.max(0.0);
        } else {
            violation = violation.max(reduced);
        }
    }
    (dual, violation)
}

/// Relative duality gap of `y` for the primal point `x` (infinite if `y` is not dual feasible).
fn gap_of(fixed: &LpModel, x: &[f64], y: &[f64], by_col: &[Vec<(usize, f64)>]) -> f64 {
    let primal = fixed.objective_value(x);
    let (dual, violation) = dual_objective(fixed, y, by_col);
    if violation > VIOLATION_TOL {
        return f64::INFINITY;
    }
    (primal - dual).abs() / primal.abs().max(1.0)
}

/// Sign of a row's dual in a maximisation: ≥ 0 on ≤ rows, ≤ 0 on ≥ rows, free on = rows.
fn dual_bounds(sense: Sense) -> (f64, f64) {
    match sense {
        Sense::Le => (0.0, f64::INFINITY),
        Sense::Ge => (f64::NEG_INFINITY, 0.0),
        Sense::Eq => (f64::NEG_INFINITY, f64::INFINITY),
    }
}

/// A column of a derived LP (the dual) that stands for no domain object.
fn aux(name: String, lower: f64, upper: f64, obj: f64) -> Column {
    Column {
        name,
        lower,
        upper,
        integer: false,
        obj,
    }
}

/// Row duals that certify `x` as optimal for `fixed` (no integer columns): `hint` if it
/// closes the duality gap, else the duals of the complementary-slackness LP, else those of the
/// full dual LP (which then may not close the gap: [`certify`] says so). Any optimal duals of an
/// LP certify every optimal point, so these also describe the LP's optimal face.
pub fn duals(
    backend: &dyn Backend,
    fixed: &LpModel,
    x: &[f64],
    hint: Option<&[f64]>,
) -> Result<Vec<f64>, SolveError> {
    duals_by(backend, fixed, x, hint, &fixed.by_column())
}

/// The relative duality gap of duals `y` for the point `x` (infinite when `y` is not dual
/// feasible).
pub fn duality_gap(fixed: &LpModel, x: &[f64], y: &[f64]) -> f64 {
    if y.len() != fixed.rows.len() {
        return f64::INFINITY;
    }
    gap_of(fixed, x, y, &fixed.by_column())
}

fn duals_by(
    backend: &dyn Backend,
    fixed: &LpModel,
    x: &[f64],
    hint: Option<&[f64]>,
    by_col: &[Vec<(usize, f64)>],
) -> Result<Vec<f64>, SolveError> {
    let m = fixed.rows.len();
    let hinted = hint
        .filter(|y| y.len() == m && gap_of(fixed, x, y, by_col) <= GAP_TOL)
        .map(<[f64]>::to_vec);
    Ok(
        match hinted.or_else(|| restricted_duals(backend, fixed, x)) {
            Some(y) if gap_of(fixed, x, &y, by_col) <= GAP_TOL => y,
            // The dual LP of a feasible, bounded plan is feasible and bounded: "unbounded" or
            // "infeasible" from its solver is a numerical failure of that solve, not a verdict
            // on the plan's LP (which must never be called unbounded when it is not).
            _ => backend
                .solve(&dual_model(fixed))
                .map_err(|e| match e {
                    SolveError::Unbounded | SolveError::Infeasible => SolveError::Other(format!(
                        "the dual LP that certifies the plan could not be solved (its solver answered \"{e}\": a numerical failure, not a verdict on the plan's LP)"
                    )),
                    e => e,
                })?
                .x[..m]
                .to_vec(),
        },
    )
}

pub fn certify(
    backend: &dyn Backend,
    fixed: &LpModel,
    x: &[f64],
    had_integers: bool,
    hint: Option<&[f64]>,
) -> Result<Certificate, SolveError> {
    let by_col = fixed.by_column();
    // A backend's own duals first (checked like any other), then complementary slackness: a
    // much smaller LP than the dual. The checks below do not trust either: if the y does not
    // close the gap, the full dual is solved.
    let y = duals_by(backend, fixed, x, hint, &by_col)?;
    let y = &y[..];

    // Everything below is recomputed from the numbers, not read from the dual solve.
    let primal_objective = fixed.objective_value(x);
    let mut max_primal_violation: f64 = 0.0;
    for r in &fixed.rows {
        let act = fixed.row_activity(r, x);
        let v = match r.sense {
            Sense::Le => act - r.rhs,
            Sense::Ge => r.rhs - act,
            Sense::Eq => (act - r.rhs).abs(),
        };
        max_primal_violation = max_primal_violation.max(v);
    }
    for (c, v) in fixed.columns.iter().zip(x) {
        max_primal_violation = max_primal_violation.max(c.lower - v).max(v - c.upper);
    }
    let mut max_dual_violation: f64 = 0.0;
    for (r, yi) in fixed.rows.iter().zip(y) {
        let v = match r.sense {
            Sense::Le => -yi,
            Sense::Ge => *yi,
            Sense::Eq => 0.0,
        };
        max_dual_violation = max_dual_violation.max(v);
    }
    let (dual_objective, reduced_violation) = dual_objective(fixed, y, &by_col);
    max_dual_violation = max_dual_violation.max(reduced_violation);
    let relative_gap = (primal_objective - dual_objective).abs() / primal_objective.abs().max(1.0);
    Ok(Certificate {
        primal_objective,
        dual_objective,
        relative_gap,
        max_primal_violation: max_primal_violation.max(0.0),
        max_dual_violation,
        gap_tolerance: GAP_TOL,
        optimal: relative_gap <= GAP_TOL
            && max_primal_violation <= VIOLATION_TOL
            && max_dual_violation <= VIOLATION_TOL,
        scope: if had_integers {
            "LP with integer columns fixed at their optimal values (branch and bound closed the integer gap)"
        } else {
            "LP"
        },
        integer_bound: None,
        integer_gap: None,
    })
}

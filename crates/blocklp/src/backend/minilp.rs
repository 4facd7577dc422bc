//! good_lp's `minilp` feature (the microlp crate): pure Rust simplex with branch and bound.

use super::{Backend, LpSolution, SolveError};
use crate::model::{LpModel, Sense};
use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable, variable,
};

#[derive(Clone, Copy)]
pub struct Minilp;

impl Backend for Minilp {
    fn name(&self) -> &'static str {
        "minilp"
    }

    /// Under a time limit (see [`crate::deadline`]) the solve runs on a thread of its own,
    /// given up at the deadline: microlp cannot be interrupted, so that thread finishes (or
    /// the process ends) in the background.
    fn solve(&self, lp: &LpModel) -> Result<LpSolution, SolveError> {
        let Some(left) = crate::deadline::remaining() else {
            return solve_now(lp);
        };
        if left.is_zero() {
            return Err(SolveError::TimeLimit);
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let lp = lp.clone();
        std::thread::spawn(move || {
            let _ = tx.send(solve_now(&lp));
        });
        rx.recv_timeout(left).unwrap_or(Err(SolveError::TimeLimit))
    }

    fn shifted_optima(
        &self,
        lp: &LpModel,
        shifts: &[(usize, f64)],
    ) -> Result<Vec<Option<f64>>, SolveError> {
        if shifts.is_empty() {
            return Ok(Vec::new());
        }
        if crate::deadline::expired() {
            return Err(SolveError::TimeLimit);
        }
        self.warm_shifts(lp, shifts)
    }
}

fn solve_now(lp: &LpModel) -> Result<LpSolution, SolveError> {
    {
        let mut vars = ProblemVariables::new();
        let cols: Vec<Variable> = lp
            .columns
            .iter()
            .map(|c| {
                let mut def = variable().bounds(c.lower..=c.upper);
                if c.integer {
                    def = def.integer();
                }
                vars.add(def)
            })
            .collect();
        let objective: Expression = lp
            .columns
            .iter()
            .zip(&cols)
            .filter(|(c, _)| c.obj != 0.0)
            .map(|(c, &v)| c.obj * v)
            .sum();
        let mut model = vars.maximise(objective).using(good_lp::microlp);
        for row in &lp.rows {
            let mut e = Expression::with_capacity(row.coeffs.len());
            for &(j, a) in &row.coeffs {
                e.add_mul(a, cols[j]);
            }
            model.add_constraint(match row.sense {
                Sense::Le => e.leq(row.rhs),
                Sense::Ge => e.geq(row.rhs),
                Sense::Eq => e.eq(row.rhs),
            });
        }
        let sol = model.solve().map_err(|e| match e {
            ResolutionError::Infeasible => SolveError::Infeasible,
            ResolutionError::Unbounded => unbounded(lp),
            other => SolveError::Other(other.to_string()),
        })?;
        Ok(LpSolution {
            x: cols.iter().map(|&v| sol.value(v)).collect(),
            duals: None,
            bound: None,
        })
    }
}

impl Minilp {
    /// Warm-started right-hand-side shifts.
    ///
    /// Each row `i` that may be shifted gets two columns, `up_i` and `down_i` ∈ [0, ∞), entering
    /// the row as `a·x − up_i + down_i (sense) b_i`, i.e. its right-hand side becomes
    /// `b_i + up_i − down_i`. Both carry an objective penalty far above any marginal value, so
    /// at the optimum they are 0 and the optimum is that of the original LP (checked). Fixing
    /// `up_i = δ` on a copy of the optimal simplex state and re-optimising (a few dual simplex
    /// pivots, not a new solve) gives the optimum with `b_i + δ`, plus the known penalty.
    fn warm_shifts(
        &self,
        lp: &LpModel,
        shifts: &[(usize, f64)],
    ) -> Result<Vec<Option<f64>>, SolveError> {
        use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem};
        let max_obj = lp.columns.iter().map(|c| c.obj.abs()).fold(1.0, f64::max);
        let penalty = 1e6 * max_obj;
        let mut rows: Vec<usize> = shifts.iter().map(|&(i, _)| i).collect();
        rows.sort_unstable();
        rows.dedup();
        let mut prob = Problem::new(OptimizationDirection::Maximize);
        let cols: Vec<microlp::Variable> = lp
            .columns
            .iter()
            .map(|c| prob.add_var(c.obj, (c.lower, c.upper)))
            .collect();
        let mut shift_cols = std::collections::HashMap::new();
        for &i in &rows {
            let up = prob.add_var(-penalty, (0.0, f64::INFINITY));
            let down = prob.add_var(-penalty, (0.0, f64::INFINITY));
            shift_cols.insert(i, (up, down));
        }
        for (i, row) in lp.rows.iter().enumerate() {
            let mut e = LinearExpr::empty();
            for &(j, a) in &row.coeffs {
                e.add(cols[j], a);
            }
            if let Some(&(up, down)) = shift_cols.get(&i) {
                e.add(up, -1.0);
                e.add(down, 1.0);
            }
            let op = match row.sense {
                Sense::Le => ComparisonOp::Le,
                Sense::Ge => ComparisonOp::Ge,
                Sense::Eq => ComparisonOp::Eq,
            };
            prob.add_constraint(e, op, row.rhs);
        }
        // The penalised copy is only a faster route to the same optima: if the solver trips
        // on it (the penalty spans many orders of magnitude), the cold re-solves answer.
        let base = match prob.solve() {
            Ok(b) => b
                .into_solution()
                .map_err(|_| SolveError::Other("interrupted".into()))?,
            Err(microlp::Error::Infeasible) => return Err(SolveError::Infeasible),
            Err(_) => return self.cold_shifts(lp, shifts),
        };
        if shift_cols
            .values()
            .any(|&(u, d)| base.var_value(u).abs() > 1e-9 || base.var_value(d).abs() > 1e-9)
        {
            // A marginal value above the penalty: fall back to exact cold re-solves.
            return self.cold_shifts(lp, shifts);
        }
        // Shifts of one row in one direction are applied in increasing order to one copy of the
        // optimal state: each step re-optimises from the previous one (fixing a column again
        // replaces its value), so a row costs one copy per direction, not one per shift.
        let mut out: Vec<Option<Option<f64>>> = vec![None; shifts.len()];
        let mut groups: std::collections::BTreeMap<(usize, bool), Vec<usize>> = Default::default();
        for (n, &(i, d)) in shifts.iter().enumerate() {
            groups.entry((i, d >= 0.0)).or_default().push(n);
        }
        for ((i, up_side), mut members) in groups {
            members.sort_by(|&a, &b| shifts[a].1.abs().total_cmp(&shifts[b].1.abs()));
            let (up, down) = shift_cols[&i];
            let var = if up_side { up } else { down };
            let mut state = Some(base.clone());
            for n in members {
                let amount = shifts[n].1.abs();
                let Some(current) = state.take() else {
                    // Infeasible at a smaller shift: infeasible further out too.
                    out[n] = Some(None);
                    continue;
                };
                match current.fix_var(var, amount) {
                    Ok(outcome) => match outcome.into_solution() {
                        Ok(sol) => {
                            out[n] = Some(Some(sol.objective() + penalty * amount));
                            state = Some(sol);
                        }
                        Err(_) => return Err(SolveError::Other("interrupted".into())),
                    },
                    Err(microlp::Error::Infeasible) => out[n] = Some(None),
                    Err(_) => return self.cold_shifts(lp, shifts),
                }
            }
        }
        Ok(out
            .into_iter()
            .map(|v| v.expect("every shift is in a group"))
            .collect())
    }

    fn cold_shifts(
        &self,
        lp: &LpModel,
        shifts: &[(usize, f64)],
    ) -> Result<Vec<Option<f64>>, SolveError> {
        struct Cold<'a>(&'a Minilp);
        impl Backend for Cold<'_> {
            fn name(&self) -> &'static str {
                "minilp-cold"
            }
            fn solve(&self, lp: &LpModel) -> Result<LpSolution, SolveError> {
                self.0.solve(lp)
            }
        }
        Cold(self).shifted_optima(lp, shifts)
    }
}

/// What the solver's "unbounded" means for `lp`: an LP whose columns all have finite bounds
/// cannot be unbounded, so there it is a numerical failure, never a verdict.
fn unbounded(lp: &LpModel) -> SolveError {
    if lp
        .columns
        .iter()
        .all(|c| c.lower.is_finite() && c.upper.is_finite())
    {
        SolveError::Other(
            "the simplex reported an unbounded LP, but every column is bounded: a numerical \
             failure"
                .into(),
        )
    } else {
        SolveError::Unbounded
    }
}

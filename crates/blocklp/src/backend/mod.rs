//! Solvers behind one trait. Only the modules in this folder touch a solver crate.

pub(crate) mod dense;
mod minilp;

pub use dense::Dense;
pub use minilp::Minilp;

use super::model::LpModel;

#[derive(Debug, Clone)]
pub struct LpSolution {
    /// Column values, in model order.
    pub x: Vec<f64>,
    /// Row duals (∂ optimum / ∂ right-hand side), when the backend has them. Only a hint: the
    /// certificate checks them against the model's numbers before using them. For a MIP
    /// answered by the decomposition: the linking rows' Lagrangian prices (0 on other rows),
    /// a warm start for variants; a MIP's analysis uses its integer-fixed LP's duals instead.
    pub duals: Option<Vec<f64>>,
    /// For a MIP answered without a full branch-and-bound proof: a proven upper bound on its
    /// optimum (the plan's objective is within `bound − objective` of the best possible).
    pub bound: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    #[error("the LP is infeasible")]
    Infeasible,
    #[error("the LP is unbounded (a column without an upper bound has a positive weight)")]
    Unbounded,
    #[error("solver failure: {0}")]
    Other(String),
    /// The deadline set by [`crate::deadline::with_deadline`] passed before an answer.
    #[error("the time limit was reached before the solver finished")]
    TimeLimit,
}

/// What a solve keeps for questions about the same LP afterwards (see
/// [`Backend::solve_retaining`]): a decomposition keeps its blocks at the final prices, so that
/// marginal values and the LP with integer columns fixed start from them instead of solving
/// again. Dropping it (or [`Retained::release`]) frees that state.
pub trait Retained: Send + Sync {
    /// The solved LP with its integer columns fixed at the solution's values (`fixed`, as
    /// [`crate::sensitivity::fix_integers`] makes it), solved from this state: its solution,
    /// with row duals where the backend has them, and the state for its own questions. Takes
    /// the blocks out of this state. `Err`: ask the backend instead.
    fn fixed(&self, fixed: &LpModel)
    -> Result<(LpSolution, Option<Box<dyn Retained>>), SolveError>;

    /// As [`Backend::shifted_optima`], for the LP this state came from (with no integer
    /// columns), without solving it again.
    fn shifted_optima(
        &self,
        lp: &LpModel,
        shifts: &[(usize, f64)],
    ) -> Result<Vec<Option<f64>>, SolveError>;

    /// Frees what the state holds; later questions are answered less quickly or not at all.
    fn release(&self) {}
}

/// One solver. `solve` maximises the model's objective.
pub trait Backend: Send + Sync {
    fn name(&self) -> &'static str;
    /// Solves `lp` (a sweep's base) and returns a backend for LPs like it (same rows, changed
    /// numbers: the variants) that starts from what that solve found. `None`: this backend
    /// has no use for a warm start (or the base could not be solved).
    fn warm_for(&self, _lp: &LpModel) -> Option<Box<dyn Backend>> {
        None
    }

    /// A backend from [`Self::warm_for`]: the blocks' own levels the fair stage has found, for
    /// the variants' fillings (exact: see [`crate::memo::Memo`]). `None`: not kept.
    fn level_memo(&self) -> Option<&crate::memo::Memo> {
        None
    }

    /// Whether `solve(lp)` comes with row duals (`LpSolution::duals`).
    fn gives_duals(&self, _lp: &LpModel) -> bool {
        false
    }

    /// The name of what actually solves `lp` (a backend that delegates says to whom).
    fn name_for(&self, _lp: &LpModel) -> &'static str {
        self.name()
    }
    fn solve(&self, lp: &LpModel) -> Result<LpSolution, SolveError>;

    /// As [`Self::solve`] (the same solution), keeping what the solve found for questions
    /// about `lp` afterwards, when the backend has a use for it (`None`: ask the backend).
    fn solve_retaining(
        &self,
        lp: &LpModel,
    ) -> Result<(LpSolution, Option<Box<dyn Retained>>), SolveError> {
        self.solve(lp).map(|s| (s, None))
    }

    /// Called once a caller is done with `shifted_optima` on one LP (a backend may keep state
    /// between its calls: the decomposition keeps every block's tableau, 200 MB at the
    /// largest sizes, which whatever the caller does next must not have to share memory with).
    fn end_shifts(&self) {}

    /// The optimum of `lp` with the right-hand side of one row moved, for each `(row, shift)`
    /// taken one at a time (`None`: infeasible after the shift). `lp` must have no integer
    /// columns. The default re-solves from scratch; a backend may warm-start.
    fn shifted_optima(
        &self,
        lp: &LpModel,
        shifts: &[(usize, f64)],
    ) -> Result<Vec<Option<f64>>, SolveError> {
        shifts
            .iter()
            .map(|&(i, d)| {
                let mut m = lp.clone();
                m.rows[i].rhs += d;
                match self.solve(&m) {
                    Ok(sol) => Ok(Some(m.objective_value(&sol.x))),
                    Err(SolveError::Infeasible) => Ok(None),
                    Err(e) => Err(e),
                }
            })
            .collect()
    }
}

//! The dense bounded simplex ([`crate::dense`]) as a backend, and the mapping of its errors
//! (and of its branch and bound's) into [`SolveError`] for the decomposition and the fair stage.

use super::{Backend, LpSolution, SolveError};
use crate::branch::{BranchError, solve_mip};
use crate::dense::{DenseError, DenseLp, DenseSolution};
use crate::model::LpModel;

/// The dense bounded simplex ([`crate::dense`]) as a backend, with duals: for small LPs (a
/// few thousand columns at most: its tableau is dense), every column bounded. Integer columns
/// are branched on ([`crate::branch`], at most [`DENSE_MIP_NODES`] nodes; no duals then).
pub struct Dense;

/// Most nodes of the dense backend's branch and bound.
pub const DENSE_MIP_NODES: usize = 100_000;

impl Backend for Dense {
    fn name(&self) -> &'static str {
        "dense"
    }
    fn gives_duals(&self, lp: &LpModel) -> bool {
        !lp.has_integers()
    }
    fn solve(&self, lp: &LpModel) -> Result<LpSolution, SolveError> {
        if lp
            .columns
            .iter()
            .any(|c| !c.lower.is_finite() || !c.upper.is_finite())
        {
            return Err(SolveError::Other(
                "the dense simplex needs finite bounds on every column".into(),
            ));
        }
        let (mut dense, c) = DenseLp::from_model(lp);
        let ints: Vec<usize> = (0..lp.columns.len())
            .filter(|&j| lp.columns[j].integer)
            .collect();
        if !ints.is_empty() {
            // Branch and bound on the tableau (exact to its tolerances; no duals for a MIP).
            let sol = solve_by_branching(&mut dense, &c, &ints, DENSE_MIP_NODES, None)?;
            return Ok(LpSolution {
                x: sol.x,
                duals: None,
                bound: None,
            });
        }
        let sol = dense.solve(&c).map_err(dense_err)?;
        Ok(LpSolution {
            x: sol.x,
            duals: Some(sol.duals),
            bound: None,
        })
    }
}

/// The dense simplex's failure as a solve error (infeasible stays infeasible).
pub(crate) fn dense_err(e: DenseError) -> SolveError {
    match e {
        DenseError::Infeasible => SolveError::Infeasible,
        other => SolveError::Other(format!("block simplex: {other:?}")),
    }
}

/// The integer optimum of `lp` by branch and bound (at most `nodes` nodes), from `incumbent`.
pub(crate) fn solve_by_branching(
    lp: &mut DenseLp,
    c: &[f64],
    ints: &[usize],
    nodes: usize,
    incumbent: Option<&[f64]>,
) -> Result<DenseSolution, SolveError> {
    match solve_mip(lp, c, ints, nodes, incumbent) {
        Ok(Some(sol)) => Ok(sol),
        Ok(None) => Err(SolveError::Infeasible),
        Err(BranchError::Lp(e)) => Err(dense_err(e)),
        Err(BranchError::NodeLimit) => Err(SolveError::Other(format!(
            "branch and bound: more than {nodes} nodes"
        ))),
    }
}

//! Issue 12's classes that are not about input files: no "optimal" without a certificate, no
//! "unbounded" for a bounded LP.

use crate::common::*;
use blocklp::backend::Minilp;
use blocklp::{Backend, LpModel, LpSolution, SolveError};
use landquota::commands::solve::{Options, run};
use landquota::report::Status;

/// Solves the scenario's own LP, and fails every other solve (dual LPs, shifted LPs) the way
/// the simplex failed on a 600-line county: "unbounded".
struct FailsAnalysis {
    primal_columns: usize,
}

impl Backend for FailsAnalysis {
    fn name(&self) -> &'static str {
        "fails-analysis"
    }
    fn solve(&self, lp: &LpModel) -> Result<LpSolution, SolveError> {
        if lp.columns.len() == self.primal_columns {
            Minilp.solve(lp)
        } else {
            Err(SolveError::Unbounded)
        }
    }
    fn shifted_optima(
        &self,
        _lp: &LpModel,
        _shifts: &[(usize, f64)],
    ) -> Result<Vec<Option<f64>>, SolveError> {
        Err(SolveError::Unbounded)
    }
}

#[test]
fn a_plan_without_a_certificate_is_not_called_optimal() {
    let sc = landquota::scenario::from_path(&repo().join("scenarios/tutorial")).unwrap();
    let (model, _) = landquota::model::build::build(&sc);
    let backend = FailsAnalysis {
        primal_columns: model.columns.len(),
    };
    let opts = Options {
        explain: true,
        compare_pro_rata: false,
    };
    let r = run(&sc, &backend, opts);
    assert!(r.checks.iter().all(|c| c.holds));
    if r.certificate.as_ref().is_none_or(|c| !c.optimal) {
        assert_eq!(r.status, Status::NotProvenOptimal, "{:?}", r.message);
    }
    assert_ne!(r.status, Status::Optimal);
}

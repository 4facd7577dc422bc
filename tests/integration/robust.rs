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

/// The inner backend, refusing to solve the whole LP: what takes hours at the nation must not
/// be asked. (Its warm re-solves for marginal values, which the decomposition hands it below
/// 20,000 columns, are allowed.)
#[derive(Clone)]
struct NoWholeLp {
    limit: usize,
}

impl Backend for NoWholeLp {
    fn name(&self) -> &'static str {
        "no-whole-lp"
    }
    fn solve(&self, lp: &LpModel) -> Result<LpSolution, SolveError> {
        if lp.columns.len() > self.limit {
            return Err(SolveError::Other(format!(
                "the inner backend was asked for an LP of {} columns",
                lp.columns.len()
            )));
        }
        Minilp.solve(lp)
    }
    fn shifted_optima(
        &self,
        lp: &LpModel,
        shifts: &[(usize, f64)],
    ) -> Result<Vec<Option<f64>>, SolveError> {
        Minilp.shifted_optima(lp, shifts)
    }
}

fn generated(counties: usize, seed: u64, sets: &[&str]) -> landquota::scenario::Scenario {
    let tmp = tempfile::tempdir().unwrap();
    landquota::commands::generate::generate(counties, seed, tmp.path()).unwrap();
    let edits: Vec<_> = sets
        .iter()
        .map(|s| landquota::scenario::overrides::parse_set(s).unwrap())
        .collect();
    landquota::scenario::from_path_with(tmp.path(), &edits).unwrap()
}

/// Infeasible scenarios at decomposition scale: the verdict and the conflicting rules come
/// from decomposed LPs (the inner backend never sees the whole LP or its elastic LP), and
/// name the same rules, giving the same mu, as plain minilp.
#[test]
fn infeasible_scenarios_are_explained_by_the_decomposition() {
    let pools: Vec<String> = [
        "urban_batch",
        "stock_linked",
        "rural_revitalization",
        "major_infra",
        "provincial_urgent",
        "sme_special",
        "industry_reward",
        "provincial_reserve",
    ]
    .iter()
    .map(|p| format!("pools.{p}.capacity=0"))
    .collect();
    let pools: Vec<&str> = pools.iter().map(String::as_str).collect();
    let cases: [&[&str]; 3] = [
        &["counties.c0001.floor_mu=100000"],
        &["rules.earmarks.farmer_housing.min_share=0.5"],
        &pools,
    ];
    let opts = Options {
        explain: true,
        compare_pro_rata: false,
    };
    for sets in cases {
        let sc = generated(20, 3, sets);
        let (model, _) = landquota::model::build::build(&sc);
        let blocks = blocklp::decompose::Blocks::new(NoWholeLp {
            limit: model.columns.len() / 2,
        });
        let fast = run(&sc, &blocks, opts);
        let slow = run(&sc, &Minilp, opts);
        assert_eq!(
            fast.status,
            Status::Infeasible,
            "{sets:?}: {:?}",
            fast.message
        );
        assert_eq!(slow.status, Status::Infeasible);
        assert!(!fast.conflicts.is_empty(), "{sets:?}: {:?}", fast.message);
        // The smallest joint relaxation is unique in size, not always in which rules give.
        let total =
            |r: &landquota::report::Report| r.conflicts.iter().map(|c| c.relax_mu).sum::<f64>();
        let (a, b) = (total(&fast), total(&slow));
        assert!(
            (a - b).abs() <= 1e-6 * b.max(1.0),
            "{sets:?}: {a} against minilp's {b}"
        );
        if sets.len() == 1 {
            let giving = |r: &landquota::report::Report| {
                let mut v: Vec<(String, String)> = r
                    .conflicts
                    .iter()
                    .filter(|c| c.relax_mu > 1e-6)
                    .map(|c| (c.rule.to_string(), c.id.clone()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(giving(&fast), giving(&slow), "{sets:?}");
        }
    }
}

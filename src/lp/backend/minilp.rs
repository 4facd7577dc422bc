//! good_lp's `minilp` feature (the microlp crate): pure Rust simplex with branch and bound.

use super::{Backend, LpSolution, SolveError};
use crate::lp::model::{LpModel, Sense};
use good_lp::{Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable, variable};

pub struct Minilp;

impl Backend for Minilp {
    fn name(&self) -> &'static str {
        "minilp"
    }

    fn solve(&self, lp: &LpModel) -> Result<LpSolution, SolveError> {
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
            ResolutionError::Unbounded => SolveError::Unbounded,
            other => SolveError::Other(other.to_string()),
        })?;
        Ok(LpSolution {
            x: cols.iter().map(|&v| sol.value(v)).collect(),
        })
    }
}

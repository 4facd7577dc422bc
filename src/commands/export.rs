//! `export --mps`: the exact LP that `solve` solves, as MPS text for other solvers.

use crate::model;
use crate::scenario::Scenario;
use blocklp::{Backend, SolveError};

/// The MPS text of the scenario's final LP, with its size.
pub struct Mps {
    pub text: String,
    pub columns: usize,
    pub rows: usize,
}

/// The LP `solve` solves (after any lexicographic stages), as free-format MPS.
pub fn mps(sc: &Scenario, backend: &dyn Backend) -> Result<Mps, SolveError> {
    let (model, _, _) = model::final_model(sc, backend)?;
    Ok(Mps {
        text: blocklp::mps::to_mps(&model, &sc.meta.name),
        columns: model.columns.len(),
        rows: model.rows.len(),
    })
}

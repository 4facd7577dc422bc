//! What a decomposed solve keeps for questions about its LP afterwards ([`Retained`]): the
//! blocks at the final prices and the solution. Marginal values bracket their shifts from
//! them ([`ShiftBase::from_kept`]) instead of decomposing the LP a second time, and a MIP's LP
//! with integer columns fixed is decomposed from the MIP's blocks (those columns fixed in each
//! tableau, the points that agree with them kept as master columns) and its prices, in a few
//! rounds instead of a solve from scratch.

use super::shifts::ShiftBase;
use super::{Kept, MAX_SHIFT_COLUMNS, Structure, decomposed};
use crate::backend::{Backend, LpSolution, Retained, SolveError};
use crate::model::LpModel;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub(super) struct KeptSolve<B> {
    s: Structure,
    /// The solution as the decomposition gave it (the caller may snap its copy).
    x: Vec<f64>,
    /// Rows and columns of the LP solved, to catch a question about another LP.
    shape: (usize, usize),
    mip: bool,
    kept: Mutex<Option<Kept>>,
    /// Built from `kept` on the first shift asked for.
    base: Mutex<Option<Arc<ShiftBase>>>,
    inner: B,
}

impl<B: Backend + Clone + Send + 'static> KeptSolve<B> {
    pub fn new(lp: &LpModel, s: Structure, kept: Kept, sol: &LpSolution, inner: B) -> Self {
        KeptSolve {
            s,
            x: sol.x.clone(),
            shape: (lp.rows.len(), lp.columns.len()),
            mip: lp.has_integers(),
            kept: Mutex::new(Some(kept)),
            base: Mutex::new(None),
            inner,
        }
    }

    fn same_shape(&self, lp: &LpModel) -> bool {
        self.shape == (lp.rows.len(), lp.columns.len())
    }
}

fn not_kept(what: &str) -> SolveError {
    SolveError::Other(format!("no decomposition kept for {what}"))
}

impl<B: Backend + Clone + Send + 'static> Retained for KeptSolve<B> {
    fn fixed(
        &self,
        fixed: &LpModel,
    ) -> Result<(LpSolution, Option<Box<dyn Retained>>), SolveError> {
        if !self.mip || !self.same_shape(fixed) {
            return Err(not_kept("this LP"));
        }
        let s = Structure::detect(fixed)
            .filter(|f| {
                f.blocks.len() == self.s.blocks.len()
                    && f.blocks
                        .iter()
                        .zip(&self.s.blocks)
                        .all(|(a, b)| a.cols == b.cols)
            })
            .ok_or_else(|| not_kept("an LP split otherwise"))?;
        let mut kept = self
            .kept
            .lock()
            .expect("kept blocks")
            .take()
            .ok_or_else(|| not_kept("a second question"))?;
        for (sub, part) in kept.subs.iter_mut().zip(&self.s.blocks) {
            let ints = std::mem::take(&mut sub.ints);
            let value = |l: usize| fixed.columns[part.cols[l]].lower;
            for &l in &ints {
                sub.lp.set_bounds(l, value(l), value(l));
            }
            // Points with other integer values are not solutions of the fixed block.
            sub.points
                .retain(|p| ints.iter().all(|&l| p.x[l] == value(l)));
        }
        let prices: HashMap<String, f64> = s
            .linking
            .iter()
            .zip(&kept.pi)
            .map(|(&r, &p)| (fixed.rows[r].name.clone(), p))
            .collect();
        let t = std::time::Instant::now();
        let (sol, stats, kept) = decomposed(
            fixed,
            &s,
            &self.inner,
            Some(&prices),
            Some(kept.subs),
            false,
        )?;
        log::debug!(target: "blocklp::blocks",
            "integers fixed: {} rounds, {} master columns, in {:.3} s",
            stats.rounds,
            stats.master_columns,
            t.elapsed().as_secs_f64()
        );
        let next = kept.map(|k| {
            Box::new(KeptSolve::new(fixed, s, k, &sol, self.inner.clone())) as Box<dyn Retained>
        });
        Ok((sol, next))
    }

    fn shifted_optima(
        &self,
        lp: &LpModel,
        shifts: &[(usize, f64)],
    ) -> Result<Vec<Option<f64>>, SolveError> {
        if self.mip || !self.same_shape(lp) {
            return Err(not_kept("this LP"));
        }
        if shifts.is_empty() {
            return Ok(Vec::new());
        }
        let base = {
            let mut slot = self.base.lock().expect("shift base");
            if slot.is_none() {
                let t = std::time::Instant::now();
                let kept = self
                    .kept
                    .lock()
                    .expect("kept blocks")
                    .take()
                    .ok_or_else(|| not_kept("shifts"))?;
                *slot = Some(Arc::new(ShiftBase::from_kept(lp, &self.s, kept, &self.x)?));
                log::debug!(target: "blocklp::blocks", "shift base in {:.3} s", t.elapsed().as_secs_f64());
            }
            slot.clone().expect("just set")
        };
        let t = std::time::Instant::now();
        let out = base.optima(lp, &self.s, &self.inner, shifts, MAX_SHIFT_COLUMNS);
        log::debug!(target: "blocklp::blocks",
            "shifts: {} in {:.3} s, {} left open by the brackets so far, {} re-solved on a copy",
            shifts.len(),
            t.elapsed().as_secs_f64(),
            base.left_open.load(std::sync::atomic::Ordering::Relaxed),
            base.resolved.load(std::sync::atomic::Ordering::Relaxed)
        );
        out
    }

    fn release(&self) {
        self.kept.lock().expect("kept blocks").take();
        self.base.lock().expect("shift base").take();
    }
}

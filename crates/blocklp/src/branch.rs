//! Depth-first branch and bound over a [`DenseLp`], for the few integer columns of one block
//! (typically a handful of binaries that switch groups of continuous columns on or off).
//!
//! Every node is a warm re-solve of the same tableau with one bound moved, so a node costs a
//! pivot or two. The search is exact: a node is pruned only when its LP bound does not beat
//! the incumbent, so the value returned is the integer optimum, to the LP's tolerances.

use super::dense::{DenseError, DenseLp, DenseSolution};

/// An LP value within this of integral counts as integral (the binaries are 0/1: this is far
/// below any unit that matters, and far above the simplex's rounding).
pub const INT_TOL: f64 = 1e-9;

/// The result of a search that was cut short by its node limit.
#[derive(Debug, Clone, PartialEq)]
pub enum BranchError {
    Lp(DenseError),
    NodeLimit,
}

impl From<DenseError> for BranchError {
    fn from(e: DenseError) -> Self {
        BranchError::Lp(e)
    }
}

/// Maximises `c·x` over `lp` with the columns `ints` integral. `lp`'s bounds are restored
/// before returning. `Ok(None)`: no integral point (the LP relaxation may still be feasible).
/// `incumbent`: a known integral point of `lp` (a decomposition's last solution of this
/// block), which prunes from the start; when nothing beats it, it is the answer.
pub fn solve_mip(
    lp: &mut DenseLp,
    c: &[f64],
    ints: &[usize],
    node_limit: usize,
    incumbent: Option<&[f64]>,
) -> Result<Option<DenseSolution>, BranchError> {
    let best = incumbent.map(|x| DenseSolution {
        objective: c.iter().zip(x).map(|(a, b)| a * b).sum(),
        x: x.to_vec(),
        duals: Vec::new(),
    });
    let mut search = Search {
        c,
        ints,
        best,
        nodes: 0,
        node_limit,
        scale: c.iter().fold(1.0_f64, |a, v| a.max(v.abs())),
    };
    let out = search.node(lp);
    out.map(|()| search.best)
}

struct Search<'a> {
    c: &'a [f64],
    ints: &'a [usize],
    best: Option<DenseSolution>,
    nodes: usize,
    node_limit: usize,
    scale: f64,
}

impl Search<'_> {
    fn node(&mut self, lp: &mut DenseLp) -> Result<(), BranchError> {
        self.nodes += 1;
        if self.nodes > self.node_limit {
            return Err(BranchError::NodeLimit);
        }
        let sol = match lp.solve_primal(self.c) {
            Ok(s) => s,
            Err(DenseError::Infeasible) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        if self.pruned(sol.objective) {
            return Ok(());
        }
        let frac = self
            .ints
            .iter()
            .copied()
            .filter(|&j| (sol.x[j] - sol.x[j].round()).abs() > INT_TOL)
            .max_by(|&a, &b| {
                let f = |j: usize| (sol.x[j] - sol.x[j].round()).abs();
                f(a).total_cmp(&f(b)).then(b.cmp(&a))
            });
        let Some(j) = frac else {
            return self.integral(lp, sol);
        };
        let v = sol.x[j];
        let (lo, hi) = lp.bounds(j);
        // The side the LP leans to first: it usually holds the better integral point, which
        // then prunes the other side.
        let down = (lo, v.floor());
        let up = (v.ceil(), hi);
        let sides = if v - v.floor() >= 0.5 {
            [up, down]
        } else {
            [down, up]
        };
        let mut out = Ok(());
        for (l, u) in sides {
            lp.set_bounds(j, l, u);
            out = self.node(lp);
            if out.is_err() {
                break;
            }
        }
        lp.set_bounds(j, lo, hi);
        out
    }

    fn pruned(&self, bound: f64) -> bool {
        self.best
            .as_ref()
            .is_some_and(|b| bound <= b.objective + 1e-12 * self.scale.max(b.objective.abs()))
    }

    /// An LP optimum whose integer columns are within `INT_TOL` of integers: hold them at those
    /// integers and re-solve, so that the continuous columns match them exactly.
    fn integral(&mut self, lp: &mut DenseLp, sol: DenseSolution) -> Result<(), BranchError> {
        if self.ints.iter().all(|&j| sol.x[j] == sol.x[j].round()) {
            self.best = Some(sol);
            return Ok(());
        }
        let saved: Vec<(f64, f64)> = self.ints.iter().map(|&j| lp.bounds(j)).collect();
        for &j in self.ints {
            let r = sol.x[j].round();
            lp.set_bounds(j, r, r);
        }
        let out = lp.solve_primal(self.c);
        for (&j, &(l, u)) in self.ints.iter().zip(&saved) {
            lp.set_bounds(j, l, u);
        }
        match out {
            Ok(s) if !self.pruned(s.objective) => self.best = Some(s),
            Ok(_) | Err(DenseError::Infeasible) => {}
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Backend;
    use crate::backend::Minilp;
    use crate::dense::DenseRow;
    use crate::model::{LpModel, Sense};
    use splitmix::Rng;

    /// The block as an `LpModel` for minilp, its integer columns marked.
    fn model(
        lower: &[f64],
        upper: &[f64],
        rows: &[DenseRow],
        c: &[f64],
        ints: &[usize],
    ) -> LpModel {
        let mut m = crate::dense::tests::to_model(lower, upper, &rows.to_vec(), c);
        for &j in ints {
            m.columns[j].integer = true;
        }
        m
    }

    fn below(rng: &mut Rng, n: usize) -> usize {
        (rng.unit() * n as f64) as usize
    }

    #[test]
    fn knapsack_needs_branching() {
        // LP: a and c whole, b half (23.5). Integral: a and b (23) beats a and c (17) and b
        // and c (20).
        let rows = vec![(vec![(0, 3.0), (1, 4.0), (2, 2.0)], Sense::Le, 7.0)];
        let c = [10.0, 13.0, 7.0];
        let mut lp = DenseLp::new(&[0.0; 3], &[1.0; 3], &rows);
        let sol = solve_mip(&mut lp, &c, &[0, 1, 2], 1000, None)
            .unwrap()
            .unwrap();
        assert_eq!(sol.x, vec![1.0, 1.0, 0.0]);
        assert_eq!(sol.objective, 23.0);
        // Bounds restored: the relaxation is back.
        assert_eq!(lp.solve(&c).unwrap().objective, 23.5);
    }

    #[test]
    fn all_or_nothing_project() {
        // x0 + x1 = 100·y (all or nothing), x0 ≤ 60 by a cap, x0 + x1 ≤ 90 by a block cap:
        // the relaxation takes y = 0.9; the MIP must give nothing.
        let rows = vec![
            (vec![(0, 1.0), (1, 1.0), (2, -100.0)], Sense::Eq, 0.0),
            (vec![(0, 1.0), (1, 1.0), (3, 1.0)], Sense::Le, 90.0),
        ];
        let c = [3.0, 2.0, 0.0, 1.0];
        let mut lp = DenseLp::new(&[0.0; 4], &[60.0, 100.0, 1.0, 50.0], &rows);
        let sol = solve_mip(&mut lp, &c, &[2], 100, None).unwrap().unwrap();
        assert_eq!(sol.x[2], 0.0);
        assert_eq!(sol.x[3], 50.0);
        assert_eq!(sol.objective, 50.0);
    }

    #[test]
    fn no_integral_point() {
        // 2y = 1 has a relaxed solution but no integral one.
        let rows = vec![(vec![(0, 2.0)], Sense::Eq, 1.0)];
        let mut lp = DenseLp::new(&[0.0], &[1.0], &rows);
        assert_eq!(solve_mip(&mut lp, &[1.0], &[0], 100, None).unwrap(), None);
        assert_eq!(lp.solve(&[1.0]).unwrap().x, vec![0.5]);
    }

    #[test]
    fn node_limit_is_reported() {
        let rows = vec![(vec![(0, 3.0), (1, 4.0), (2, 2.0)], Sense::Le, 7.0)];
        let mut lp = DenseLp::new(&[0.0; 3], &[1.0; 3], &rows);
        let out = solve_mip(&mut lp, &[10.0, 13.0, 7.0], &[0, 1, 2], 2, None);
        assert_eq!(out, Err(BranchError::NodeLimit));
    }

    /// Random blocks: groups of continuous columns, binaries that switch a group on (all or
    /// nothing, or a minimum share of its upper bound), a cap over all groups. The optimum must equal minilp's branch and bound, for cold and warm
    /// (re-priced) searches on the same tableau.
    #[test]
    fn random_blocks_match_minilp() {
        let mut rng = Rng(7);
        let mut branched = 0;
        for case in 0..60 {
            let groups = 3 + below(&mut rng, 6);
            let mut lower = Vec::new();
            let mut upper = Vec::new();
            let mut rows: Vec<DenseRow> = Vec::new();
            let mut ints = Vec::new();
            let mut cap = Vec::new();
            let mut need_total = 0.0;
            for p in 0..groups {
                let need = (20 + below(&mut rng, 300)) as f64;
                need_total += need;
                let width = 1 + below(&mut rng, 3);
                let first = lower.len();
                for _ in 0..width {
                    lower.push(0.0);
                    upper.push(need);
                }
                let group: Vec<(usize, f64)> = (first..first + width).map(|j| (j, 1.0)).collect();
                cap.extend(group.iter().copied());
                let kind = if p % 2 == 0 { below(&mut rng, 3) } else { 0 };
                if kind == 0 {
                    rows.push((group, Sense::Le, need));
                    continue;
                }
                let y = lower.len();
                lower.push(0.0);
                upper.push(1.0);
                ints.push(y);
                let mut up = group.clone();
                up.push((y, -need));
                if kind == 1 {
                    rows.push((up, Sense::Eq, 0.0));
                } else {
                    let share = 0.3 + 0.1 * below(&mut rng, 4) as f64;
                    let mut low = group.clone();
                    low.push((y, -share * need));
                    rows.push((up, Sense::Le, 0.0));
                    rows.push((low, Sense::Ge, 0.0));
                }
            }
            let frac = 0.3 + 0.5 * below(&mut rng, 100) as f64 / 100.0;
            rows.push((cap, Sense::Le, (need_total * frac).round()));
            let mut lp = DenseLp::new(&lower, &upper, &rows);
            let mut last: Option<Vec<f64>> = None;
            for round in 0..3 {
                let c: Vec<f64> = (0..lower.len())
                    .map(|j| {
                        if ints.contains(&j) {
                            0.0
                        } else {
                            1.0 + below(&mut rng, 1000) as f64 / 100.0
                        }
                    })
                    .collect();
                let m = model(&lower, &upper, &rows, &c, &ints);
                let want = Minilp.solve(&m).expect("minilp solves the block");
                let want = m.objective_value(&want.x);
                // Alternately cold and with the last round's answer as incumbent, as the
                // decomposition calls it.
                let start = (round % 2 == 1).then(|| last.clone()).flatten();
                let got = solve_mip(&mut lp, &c, &ints, 100_000, start.as_deref())
                    .expect("search finishes")
                    .expect("an integral point exists (all zero)");
                last = Some(got.x.clone());
                assert!(
                    (got.objective - want).abs() <= 1e-7 * want.abs().max(1.0),
                    "case {case} round {round}: {} != minilp {want}",
                    got.objective
                );
                let relaxed = lp.solve(&c).expect("relaxation").objective;
                branched += usize::from(relaxed > got.objective + 1e-6);
                for &j in &ints {
                    assert!(got.x[j] == 0.0 || got.x[j] == 1.0, "y = {}", got.x[j]);
                }
                for (coeffs, sense, rhs) in &rows {
                    let act: f64 = coeffs.iter().map(|&(j, a)| a * got.x[j]).sum();
                    let tol = 1e-7 * rhs.abs().max(1.0) + 1e-7 * need_total;
                    match sense {
                        Sense::Le => assert!(act <= rhs + tol),
                        Sense::Ge => assert!(act >= rhs - tol),
                        Sense::Eq => assert!((act - rhs).abs() <= tol),
                    }
                }
            }
        }
        // The relaxation must have been fractional often enough for this to test branching.
        assert!(branched >= 20, "only {branched} searches branched");
    }
}

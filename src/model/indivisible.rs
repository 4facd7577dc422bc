//! Ties among indivisible lines under the fair rule (`tie_break = "fair"`).
//!
//! All-or-nothing and minimum-share lines cannot share: when several choices of which of them
//! to fund reach the same priority optimum, the rule is stated, not left to the solver:
//!
//! 1. fund as many of them as the optimum allows;
//! 2. among choices funding equally many, the one whose funded lines score most, a line
//!    scoring `1/(1 + rank)²` by its rank in the order of need (smallest first), then id:
//!    a choice that funds the smallest need wins over one that funds only larger ones.
//!
//! It is a second integer stage: the priority objective is held at its optimum (less the
//! lexicographic stages' margin, 10⁻⁹ relative), and the stated preference is maximised over
//! the funding columns: line `p` weighs `1 + ½/(1 + rank_p)²`, so that one more line funded
//! outweighs any sum of scores (they add up to less than π²/12 < 1). Score differences below
//! the integer search's relative gap (10⁻⁷, reached around rank 100) are not told apart: the
//! search's choice on the id-ordered LP stands there, the same for any row order. The grants
//! are then re-optimised for the priority objective with that funding fixed, and the fair
//! rule shares what is left among the divisible lines.

use super::{ColumnKind, RuleModel};
use crate::scenario::Scenario;
use blocklp::model::{Row, Sense};
use blocklp::{Backend, SolveError};

/// Up to this many columns the stage runs. Above, the decomposition's master can cycle on
/// the stage's LP (a hold row over every block, weights all near 1), and its fallback, a
/// search over the whole integer LP, takes 1.8 s on zhejiang-2024 (3,990 columns) and hours
/// at the nation: there the search's choice on the id-ordered LP stands (README).
pub const MAX_COLUMNS: usize = 3_000;

/// Relative margin below the priority optimum the preference stage may use (the solvers'
/// tolerance; as the lexicographic stages).
const HOLD_REL: f64 = 1e-9;
const HOLD_ABS: f64 = 1e-7;

/// The funding columns of `model` with each line's preference, in id order of the lines.
fn preferences(sc: &Scenario, model: &RuleModel) -> Vec<(usize, f64)> {
    let mut funded: Vec<(usize, f64, &str)> = model
        .kinds
        .iter()
        .enumerate()
        .filter_map(|(j, k)| match k {
            ColumnKind::Funded { project } => {
                let p = sc.project(*project);
                Some((j, p.need_mu, p.id.as_str()))
            }
            _ => None,
        })
        .collect();
    funded.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.2.cmp(b.2)));
    funded
        .iter()
        .enumerate()
        .map(|(rank, &(j, _, _))| (j, 1.0 + 0.5 / ((1 + rank) as f64).powi(2)))
        .collect()
}

/// The plan with the funding of indivisible lines settled by the stated rule, when it differs
/// from `x`'s (`None`: `x`'s funding already is the rule's, or there is nothing to settle).
pub fn settle(
    sc: &Scenario,
    backend: &dyn Backend,
    model: &RuleModel,
    x: &[f64],
) -> Result<Option<Vec<f64>>, SolveError> {
    let prefs = preferences(sc, model);
    if prefs.is_empty() || model.columns.len() > MAX_COLUMNS {
        return Ok(None);
    }
    let z = model.objective_value(x);
    let mut stage = model.lp.clone();
    let held: Vec<(usize, f64)> = stage
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.obj != 0.0)
        .map(|(j, c)| (j, c.obj))
        .collect();
    stage.rows.push(Row::new(
        "priority_hold".into(),
        held,
        Sense::Ge,
        z - (HOLD_REL * z.abs()).max(HOLD_ABS),
    ));
    for c in &mut stage.columns {
        c.obj = 0.0;
    }
    for &(j, w) in &prefs {
        stage.columns[j].obj = w;
    }
    let chosen = solve_small_safely(backend, &stage)?.x;
    let same = prefs
        .iter()
        .all(|&(j, _)| chosen[j].round() == x[j].round());
    if same {
        return Ok(None);
    }
    // The grants for that funding, optimal for the priority objective.
    let mut fixed = model.lp.clone();
    for &(j, _) in &prefs {
        let v = chosen[j].round();
        let c = &mut fixed.columns[j];
        (c.lower, c.upper, c.integer) = (v, v, false);
    }
    let mut out = solve_small_safely(backend, &fixed)?.x;
    for &(j, _) in &prefs {
        out[j] = chosen[j].round();
    }
    Ok(Some(out))
}

/// `backend`'s answer, or, when its solver fails on a stage this small (microlp's "singular
/// matrix" on the hold row, seen on 12-line multi-year scenarios), the dense simplex's with
/// its branch and bound: the stated rule is then still applied rather than dropped.
fn solve_small_safely(
    backend: &dyn Backend,
    lp: &blocklp::LpModel,
) -> Result<blocklp::LpSolution, SolveError> {
    match backend.solve(lp) {
        Err(SolveError::Other(_)) if lp.columns.len() <= blocklp::fair::MAX_DENSE => {
            blocklp::backend::Dense.solve(lp)
        }
        other => other,
    }
}

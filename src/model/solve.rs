//! Solving a scenario: one LP in weighted mode, one stage per tier then the weighted LP in
//! lexicographic mode. Maps the solution back to an [`Allocation`].

use super::build::{Grants, build};
use super::{ColumnKind, Owner, Row, RuleKind, RuleModel, Sense};
use crate::alloc::Allocation;
use crate::scenario::{ObjectiveMode, Scenario, TieBreak, Tier};
use blocklp::{Backend, SolveError};

/// Solver noise below this (mu) is snapped to the bound it sits on.
const SNAP_MU: f64 = 1e-7;

pub struct Solved {
    /// The LP that gave the final answer (in lexicographic mode, with the tier-fix rows).
    pub model: RuleModel,
    pub x: Vec<f64>,
    /// Objective of `model` at `x`: what another solver's optimum of the exported MPS equals.
    pub objective: f64,
    /// Lexicographic mode: each tier's optimum, in order.
    pub stages: Vec<(Tier, f64)>,
    pub allocation: Allocation,
    /// Row duals of `model` at `x`, when the backend gave them (a hint for the certificate).
    pub duals: Option<Vec<f64>>,
    /// A MIP solved without a full branch-and-bound proof: the proven upper bound on its optimum.
    pub bound: Option<f64>,
    /// What the backend kept of the solve for [`analyse`] ([`solve_model_for_analysis`]).
    pub retained: Option<Box<dyn blocklp::Retained>>,
    /// `tie_break = "fair"`: how each line was settled (see `super::fair`); `Err` when the fair
    /// stage failed and the plan is the optimum as the solver found it.
    pub fairness: Option<Result<super::fair::Fairness, super::fair::Unsettled>>,
}

/// The LP that `solve` answers with. In lexicographic mode this runs the tier stages.
/// The final LP, its grant columns, and each lexicographic stage's optimum.
pub type FinalModel = (RuleModel, Grants, Vec<(Tier, f64)>);

/// How far below a stage's optimum the later stages hold it: the solvers meet rows to about
/// 1e-9 of their magnitude, so a stage optimum can be overstated by that much and holding it
/// exactly would make the next stage infeasible. At least `STAGE_ABS_MU`, so that a tier whose
/// optimum is noise (1e-8 mu left over by a higher tier's margin) is held at 0, not at a
/// value below every solver's tolerance.
const STAGE_REL: f64 = 1e-9;
const STAGE_ABS_MU: f64 = 1e-7;
/// A stage that is infeasible with the higher tiers held is numerical trouble, not the
/// scenario's (the first stage found a plan): the margins widen tenfold, up to this many times
/// (at most 1e-6 relative or 1e-4 mu, still below what a report shows as a change).
const STAGE_RETRIES: i32 = 3;

/// What a tier whose stage optimum is `z` is held at (≥ row), at retry `level`.
fn held_at(z: f64, level: i32) -> f64 {
    let margin = (STAGE_REL * z.abs()).max(STAGE_ABS_MU) * 10f64.powi(level);
    (z - margin).max(0.0)
}

/// Sets every tier-fix row of `lp` to its stage optimum less the margin of `level`.
fn hold_stages(lp: &mut RuleModel, stages: &[(Tier, f64)], level: i32) {
    let rows: Vec<(usize, Tier)> = lp
        .rows_with_owner()
        .filter_map(|(r, rule, owner)| match (rule, owner) {
            (RuleKind::TierFix, Owner::Tier(t)) => Some((r, t)),
            _ => None,
        })
        .collect();
    for (r, t) in rows {
        if let Some(&(_, z)) = stages.iter().find(|(s, _)| *s == t) {
            lp.rows[r].rhs = held_at(z, level);
        }
    }
}

fn stage_trouble(tier: Option<Tier>) -> SolveError {
    let what = tier.map_or("the final weighted stage".to_string(), |t| {
        format!("the lexicographic stage of tier {t}")
    });
    SolveError::Other(format!(
        "{what} is infeasible with the higher tiers held even 1e-6 below their optima; the \
         scenario itself is feasible (the first stage found a plan): numerical trouble, try \
         --backend minilp"
    ))
}

/// Solves `lp`; in a lexicographic stage after the first, "infeasible" widens the margins of
/// the tier-fix rows and tries again (see [`STAGE_RETRIES`]). Returns the solution and the
/// margin level reached.
fn solve_held(
    backend: &dyn Backend,
    lp: &mut RuleModel,
    stages: &[(Tier, f64)],
    mut level: i32,
    tier: Option<Tier>,
) -> Result<(blocklp::LpSolution, i32), SolveError> {
    solve_held_keeping(backend, lp, stages, &mut level, tier, false).map(|(sol, _)| (sol, level))
}

/// [`solve_held`], keeping what the backend found when `keep` (see
/// [`Backend::solve_retaining`]); `level` is updated to the margin level reached.
fn solve_held_keeping(
    backend: &dyn Backend,
    lp: &mut RuleModel,
    stages: &[(Tier, f64)],
    level: &mut i32,
    tier: Option<Tier>,
    keep: bool,
) -> Result<(blocklp::LpSolution, Option<Box<dyn blocklp::Retained>>), SolveError> {
    loop {
        let answer = if keep {
            backend.solve_retaining(lp)
        } else {
            backend.solve(lp).map(|s| (s, None))
        };
        match answer {
            Err(SolveError::Infeasible) if !stages.is_empty() => {
                if *level >= STAGE_RETRIES {
                    return Err(stage_trouble(tier));
                }
                *level += 1;
                hold_stages(lp, stages, *level);
            }
            other => return other,
        }
    }
}

pub fn final_model(sc: &Scenario, backend: &dyn Backend) -> Result<FinalModel, SolveError> {
    let (mut lp, grants) = match sc.objective.tie_break {
        TieBreak::Fair => super::canonical::build_in_id_order(sc),
        _ => build(sc),
    };
    let mut stages: Vec<(Tier, f64)> = Vec::new();
    if sc.objective.mode == ObjectiveMode::Lexicographic {
        let weighted: Vec<f64> = lp.columns.iter().map(|c| c.obj).collect();
        let mut level = 0;
        for tier in Tier::ALL {
            let in_tier: Vec<usize> = tier_columns(sc, &lp, tier);
            if in_tier.is_empty() {
                continue;
            }
            let mut member = vec![false; lp.columns.len()];
            for &j in &in_tier {
                member[j] = true;
            }
            for (c, &m) in lp.columns.iter_mut().zip(&member) {
                c.obj = if m { 1.0 } else { 0.0 };
            }
            let (sol, reached) = solve_held(backend, &mut lp, &stages, level, Some(tier))?;
            level = reached;
            let z = lp.objective_value(&sol.x);
            stages.push((tier, z));
            let row = Row::new(
                format!("tier_fix.{tier}"),
                in_tier.iter().map(|&j| (j, 1.0)).collect(),
                Sense::Ge,
                held_at(z, level),
            );
            let r = lp.rows.len();
            lp.rows.push(row);
            lp.blocks.push(super::Block {
                rule: RuleKind::TierFix,
                rows: r..r + 1,
                owners: vec![Owner::Tier(tier)],
            });
        }
        for (c, w) in lp.columns.iter_mut().zip(weighted) {
            c.obj = w;
        }
    }
    Ok((lp, grants, stages))
}

fn tier_columns(sc: &Scenario, lp: &RuleModel, tier: Tier) -> Vec<usize> {
    lp.kinds
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c, ColumnKind::Grant { project, .. } if sc.project(*project).tier == tier))
        .map(|(j, _)| j)
        .collect()
}

pub fn solve(sc: &Scenario, backend: &dyn Backend) -> Result<Solved, SolveError> {
    solve_model(sc, backend, final_model(sc, backend)?)
}

/// Solves a model built by [`final_model`] (separate so that callers can time the two).
pub fn solve_model(
    sc: &Scenario,
    backend: &dyn Backend,
    fm: FinalModel,
) -> Result<Solved, SolveError> {
    solve_model_keeping(sc, backend, fm, false)
}

/// As [`solve_model`] (the same plan), keeping what the backend found for [`analyse`], so
/// that the explanations start from the solve instead of solving again.
pub fn solve_model_for_analysis(
    sc: &Scenario,
    backend: &dyn Backend,
    fm: FinalModel,
) -> Result<Solved, SolveError> {
    solve_model_keeping(sc, backend, fm, true)
}

fn solve_model_keeping(
    sc: &Scenario,
    backend: &dyn Backend,
    fm: FinalModel,
    keep: bool,
) -> Result<Solved, SolveError> {
    let (mut model, grants, stages) = fm;
    crate::progress::report(crate::progress::Stage::Priority);
    let (
        blocklp::LpSolution {
            mut x,
            duals,
            bound,
        },
        mut retained,
    ) = solve_held_keeping(backend, &mut model, &stages, &mut 0, None, keep)?;
    snap(&model, &mut x);
    let mut fairness = None;
    let mut duals = duals;
    if sc.objective.tie_break == TieBreak::Fair && model.has_integers() {
        // Which indivisible lines are funded, by the stated rule (`model::indivisible`).
        match super::indivisible::settle(sc, backend, &model, &x) {
            Ok(Some(settled)) => {
                x = settled;
                snap(&model, &mut x);
                // What the solve found was for the other funding.
                duals = None;
                retained = None;
            }
            Ok(None) => {}
            Err(e) => fairness = Some(Err(super::fair::Unsettled::of(&e, Vec::new()))),
        }
    }
    if sc.objective.tie_break == TieBreak::Fair && fairness.is_none() {
        fairness = Some(
            match settle_fair(sc, backend, &model, &grants, &x, duals.as_deref()) {
                Ok((fx, y, f)) => {
                    // Clamped into the bounds, not snapped: the fair point is no vertex, and
                    // snapping thousands of columns near a bound would add up on a row.
                    x = fx
                        .iter()
                        .zip(&model.columns)
                        .map(|(&v, c)| v.clamp(c.lower, c.upper))
                        .collect();
                    duals = Some(y);
                    Ok(f)
                }
                Err(e) => Err(e),
            },
        );
    }
    let objective = model.objective_value(&x);
    let allocation = Allocation::from_columns(sc, &model, &grants, &x);
    Ok(Solved {
        model,
        x,
        objective,
        stages,
        allocation,
        duals,
        bound,
        retained,
        fairness,
    })
}

/// [`super::fair::settle`], its rounds told to the progress display when one listens.
fn settle_fair(
    sc: &Scenario,
    backend: &dyn Backend,
    model: &RuleModel,
    grants: &super::Grants,
    x: &[f64],
    duals: Option<&[f64]>,
) -> Result<(Vec<f64>, Vec<f64>, super::fair::Fairness), super::fair::Unsettled> {
    let settle = || super::fair::settle(sc, backend, model, grants, x, duals);
    if !crate::progress::listening() {
        return settle();
    }
    blocklp::fair::observing_rounds(
        Box::new(|round, level, open| {
            crate::progress::report(crate::progress::Stage::FairRound { round, level, open })
        }),
        settle,
    )
}

fn snap(model: &RuleModel, x: &mut [f64]) {
    for (v, c) in x.iter_mut().zip(&model.columns) {
        if (*v - c.lower).abs() < SNAP_MU {
            *v = c.lower;
        } else if (*v - c.upper).abs() < SNAP_MU {
            *v = c.upper;
        }
    }
}

/// What the explanations need beyond the plan: marginal values and the optimality certificate.
pub struct Analysis {
    pub certificate: blocklp::certificate::Certificate,
    /// One entry per row of interest (see `sensitivity::rows_of_interest`), in row order;
    /// empty when they could not be measured (`values_error` says why).
    pub values: Vec<blocklp::sensitivity::RowValue>,
    pub values_error: Option<String>,
}

impl Analysis {
    /// The LP whose rows the values are about: `solved`'s final LP. (The values and the
    /// certificate are those of that LP with its integer columns fixed at their optimal
    /// values, which has the same rows.)
    pub fn lp<'a>(&'a self, solved: &'a Solved) -> &'a RuleModel {
        &solved.model
    }

    pub fn value_of(&self, row: usize) -> Option<&blocklp::sensitivity::RowValue> {
        self.values
            .binary_search_by_key(&row, |v| v.row)
            .ok()
            .map(|i| &self.values[i])
    }
}

/// Marginal values and the certificate of the LP `solved` answered, its integer columns fixed
/// at their optimal values. Those are fixed in `solved.model` itself while this runs, and
/// restored before it returns (a copy of the model would be tens of MB at 2,844 counties).
pub fn analyse(backend: &dyn Backend, solved: &mut Solved) -> Result<Analysis, SolveError> {
    let had_integers = solved.model.has_integers();
    let integers: Vec<(usize, f64, f64)> = solved
        .model
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.integer)
        .map(|(j, c)| (j, c.lower, c.upper))
        .collect();
    for &(j, _, _) in &integers {
        let v = solved.x[j].round();
        let c = &mut solved.model.columns[j];
        (c.lower, c.upper, c.integer) = (v, v, false);
    }
    let out = analyse_fixed(backend, solved, had_integers);
    for (j, lower, upper) in integers {
        let c = &mut solved.model.columns[j];
        (c.lower, c.upper, c.integer) = (lower, upper, true);
    }
    out
}

/// [`analyse`] on `solved.model` with its integer columns fixed (`had_integers`: it had some).
fn analyse_fixed(
    backend: &dyn Backend,
    solved: &Solved,
    had_integers: bool,
) -> Result<Analysis, SolveError> {
    use blocklp::{certificate, sensitivity};
    let fixed: &RuleModel = &solved.model;
    // What the solve kept answers for the LP it solved; for a MIP, it first solves the LP
    // with the integers fixed (whose duals and shifts are the ones asked for) from there.
    let (fixed_solve, fixed_kept) = match &solved.retained {
        Some(r) if had_integers => match r.fixed(fixed) {
            Ok((sol, kept)) => (Some(sol), kept),
            Err(_) => (None, None),
        },
        _ => (None, None),
    };
    let kept: Option<&dyn blocklp::Retained> = if had_integers {
        fixed_kept.as_deref()
    } else {
        solved.retained.as_deref()
    };
    // A MIP's duals are not those of the LP with its integers fixed: solve that LP for them,
    // when the backend gives duals for it at all.
    let fixed_duals = match fixed_solve {
        Some(sol) => sol.duals,
        None => (had_integers && backend.gives_duals(fixed))
            .then(|| backend.solve(fixed).ok().and_then(|s| s.duals))
            .flatten(),
    };
    let rows = fixed.rows_of_interest();
    // The values first, so that the solve's state is freed before the certificate's own
    // copies of the matrix are made (at 2,844 counties the two together set the peak).
    let measured = match kept {
        Some(k) => {
            let by_kept = sensitivity::marginal_values_by(
                &|s| k.shifted_optima(fixed, s),
                fixed,
                &solved.x,
                &rows,
            );
            k.release();
            by_kept.or_else(|_| sensitivity::marginal_values(backend, fixed, &solved.x, &rows))
        }
        None => sensitivity::marginal_values(backend, fixed, &solved.x, &rows),
    };
    if let Some(r) = &solved.retained {
        r.release();
    }
    drop(fixed_kept);
    let duals = if had_integers {
        fixed_duals.as_deref()
    } else {
        solved.duals.as_deref()
    };
    let certificate = certificate::certify(backend, fixed, &solved.x, had_integers, duals)?;
    let certificate = match solved.bound {
        Some(b) if had_integers => certificate.with_integer_bound(b),
        _ => certificate,
    };
    // Without marginal values the certificate still stands: report it, and why they are missing.
    let (mut values, values_error) = match measured {
        Ok(v) => (v, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    values.sort_by_key(|v| v.row);
    Ok(Analysis {
        certificate,
        values,
        values_error,
    })
}

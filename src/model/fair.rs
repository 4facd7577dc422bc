//! The fair rule (`tie_break = "fair"`, the default): among all plans that reach the optimum
//! of the priority-weighted objective, the one whose fulfilment ratios (granted / need, per
//! demand line) are lexicographically max-min: the lowest ratio is raised as far as it can go
//! without losing any of the optimum, then the next lowest, and so on.
//!
//! Consequences: equal-weight lines competing for the same exhausted pool, that no rule of
//! their own stops, end at the same ratio (pro-rata among equals); a line its own rule stops
//! (county cap, stock linkage, farmland balance, ...) gets what that rule allows and the others
//! share the rest in ratio. The plan depends on no row order: the LP is built from the tables
//! sorted by id ([`super::canonical`]), and the fair ratios are unique whatever the order.
//!
//! All-or-nothing and minimum-share lines cannot be split: their funding (the binaries) is
//! settled by the optimum of the priority objective, computed on the LP in id order, and then
//! held; a minimum-share line that is funded takes part in the sharing above its minimum.
//!
//! The solver side (the optimal face, the filling rounds) is `blocklp::fair`, in LP terms;
//! this module says which ratios there are and what the rounds mean for each line.

use super::build::Grants;
use super::{Owner, RuleKind, RuleModel};
use crate::scenario::{ProjectId, Scenario};
use blocklp::backend::Dense;
use blocklp::fair::{Ratio, free_ratios, leximin, optimal_face};
use blocklp::sensitivity::fix_integers;
use blocklp::{Backend, SolveError, certificate};

/// How one line's grant was settled.
#[derive(Debug, Clone, PartialEq)]
pub enum Settled {
    /// The optimum of the priority objective alone fixes it (every optimal plan gives the
    /// same), or the line is indivisible (its funding is the optimum's).
    Priority,
    /// Raised with the others until it could rise no further without lowering a line at or
    /// below its ratio: frozen in `round` at `ratio`, stopped by `rules` (the binding rules
    /// of the round that touch the line).
    Level {
        round: usize,
        ratio: f64,
        rules: Vec<(RuleKind, Owner)>,
        /// Lines frozen in the same round that share one of `rules` that links counties
        /// (a pool, ...), this one included; 0 when only rules of its own county stop it.
        shared_by: usize,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Fairness {
    /// Per project (scenario order): `None` for lines that take no part (no grant column).
    pub lines: Vec<Option<Settled>>,
    pub rounds: usize,
    /// LPs solved by the fair stage.
    pub solves: usize,
}

/// The fair stage not done: why, and the lines it would have settled (those whose grant the
/// optimum of the priorities leaves free), in scenario order.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsettled {
    pub error: String,
    /// Stopped by `--time-limit`.
    pub time_limit: bool,
    pub lines: Vec<ProjectId>,
}

impl Unsettled {
    pub fn of(error: &SolveError, lines: Vec<ProjectId>) -> Unsettled {
        Unsettled {
            error: error.to_string(),
            time_limit: *error == SolveError::TimeLimit,
            lines,
        }
    }
}

impl Fairness {
    pub fn of(&self, p: ProjectId) -> Option<&Settled> {
        self.lines.get(p.idx()).and_then(|s| s.as_ref())
    }
}

/// The fair plan on the optimal face of `model` (solved at `x`, with the backend's duals if
/// any): the new point, duals of the primary LP that certify it, and how each line was settled.
pub fn settle(
    sc: &Scenario,
    backend: &dyn Backend,
    model: &RuleModel,
    grants: &Grants,
    x: &[f64],
    duals: Option<&[f64]>,
) -> Result<(Vec<f64>, Vec<f64>, Fairness), Unsettled> {
    let had_integers = model.has_integers();
    let fixed = if had_integers {
        fix_integers(model, x)
    } else {
        model.lp.clone()
    };
    let y = primary_duals(backend, &fixed, x, if had_integers { None } else { duals })
        .map_err(|e| Unsettled::of(&e, Vec::new()))?;
    let face = optimal_face(&fixed, x, &y);

    let mut ratios = Vec::new();
    // In id order, as the LP: the rounds' LPs then do not depend on the rows' order either.
    let mut in_id_order: Vec<ProjectId> = sc.project_ids().collect();
    in_id_order.sort_by(|a, b| sc.project(*a).id.cmp(&sc.project(*b).id));
    for p in in_id_order {
        let cols = &grants.cols[p.idx()];
        let proj = sc.project(p);
        let granted: f64 = cols.iter().map(|&j| x[j]).sum();
        // Indivisible lines keep the optimum's funding; an unfunded minimum-share line is 0.
        if cols.is_empty() || proj.min_share >= 1.0 || (proj.min_share > 0.0 && granted <= 0.0) {
            continue;
        }
        ratios.push((
            p,
            Ratio {
                terms: cols.iter().map(|&j| (j, 1.0)).collect(),
                scale: proj.need_mu,
                offset: 0.0,
            },
        ));
    }
    let (owners, rs): (Vec<ProjectId>, Vec<Ratio>) = ratios.into_iter().unzip();
    let lex = leximin(backend, &face.lp, x, &rs).map_err(|e| {
        let mut lines: Vec<ProjectId> = free_ratios(&face.lp, x, &rs)
            .into_iter()
            .map(|i| owners[i])
            .collect();
        lines.sort_unstable_by_key(|p| p.idx());
        Unsettled::of(&e, lines)
    })?;

    let row_rule = {
        let mut out = vec![None; model.rows.len()];
        for (r, rule, owner) in model.rows_with_owner() {
            out[r] = Some((rule, owner));
        }
        out
    };
    // The rules of face rows (a row held tight and its second side are one rule).
    let rules_of = |rows: &[usize]| -> Vec<(RuleKind, Owner)> {
        let mut rs: Vec<usize> = rows.iter().map(|&r| face.origin[r]).collect();
        rs.sort_unstable();
        rs.dedup();
        // One entry per rule (a multi-year model has a row per year).
        let mut out: Vec<(RuleKind, Owner)> = Vec::new();
        for rule in rs.into_iter().filter_map(|r| row_rule[r]) {
            if !out.contains(&rule) {
                out.push(rule);
            }
        }
        out
    };
    let mut out: Vec<Option<Settled>> = sc
        .project_ids()
        .map(|p| (!grants.cols[p.idx()].is_empty()).then_some(Settled::Priority))
        .collect();
    for (round_no, round) in lex.rounds.iter().enumerate() {
        // Per row linking counties, how many of the round's lines it stops.
        let mut sharing: std::collections::BTreeMap<usize, usize> = Default::default();
        for f in &round.frozen {
            let mut rows: Vec<usize> = f.rows.iter().map(|&r| face.origin[r]).collect();
            rows.sort_unstable();
            rows.dedup();
            for r in rows.into_iter().filter(|&r| model.rows[r].linking) {
                *sharing.entry(r).or_default() += 1;
            }
        }
        for f in &round.frozen {
            let shared_by = if f.shared {
                f.rows
                    .iter()
                    .filter_map(|&r| sharing.get(&face.origin[r]))
                    .copied()
                    .max()
                    .unwrap_or(0)
            } else {
                0
            };
            out[owners[f.ratio].idx()] = Some(Settled::Level {
                round: round_no,
                ratio: f.level,
                rules: rules_of(&f.rows),
                shared_by,
            });
        }
    }
    let fairness = Fairness {
        lines: out,
        rounds: lex.rounds.len(),
        solves: lex.solves,
    };
    Ok((lex.x, y, fairness))
}

/// Duals of the primary LP (integer columns fixed) that certify `x`: the backend's own if they
/// do, else from a re-solve by a backend that gives duals (the decomposition), else from the
/// complementary-slackness LP.
fn primary_duals(
    backend: &dyn Backend,
    fixed: &blocklp::LpModel,
    x: &[f64],
    hint: Option<&[f64]>,
) -> Result<Vec<f64>, SolveError> {
    let ok = |y: &[f64]| certificate::duality_gap(fixed, x, y) <= certificate::GAP_TOL;
    if let Some(y) = hint.filter(|y| ok(y)) {
        return Ok(y.to_vec());
    }
    if backend.gives_duals(fixed)
        && let Some(y) = backend.solve(fixed)?.duals.filter(|y| ok(y))
    {
        return Ok(y);
    }
    if fixed.columns.len() <= blocklp::fair::MAX_DENSE
        && let Ok(sol) = Dense.solve(fixed)
        && let Some(y) = sol.duals.filter(|y| ok(y))
    {
        return Ok(y);
    }
    certificate::duals(backend, fixed, x, None)
}

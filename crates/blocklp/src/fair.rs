//! Lexicographic max-min of ratios over the optimal face of an LP ("progressive filling").
//!
//! Given an optimal point `x*` of `max cᵀx` and duals `y*` that certify it, every optimal point
//! satisfies complementary slackness with `y*`: columns with a nonzero reduced cost stay at the
//! bound `x*` sits on, rows with a nonzero dual stay tight. [`optimal_face`] writes that set as
//! an LP of the same shape (so a block-angular LP stays block-angular, with no objective row
//! linking every block), with a zero objective.
//!
//! [`leximin`] then raises a list of ratios `rᵢ = Σ aᵢⱼ xⱼ / sᵢ` over that face as evenly as
//! possible: the lowest as far as it goes, then the next, and so on. Each round finds the
//! highest level `t*` that every ratio not yet frozen can reach together, and freezes the ratios
//! that cannot rise above it. The level is found without a column coupling the ratios (which
//! would tie every block of a decomposed LP together): for a fixed `t`, the *shortfall*
//! `v(t) = min Σᵢ dᵢ / sᵢ` subject to `Σ aᵢⱼ xⱼ + dᵢ ≥ t·sᵢ` is an LP with the face's block
//! structure (each shortfall column sits in its ratio's block). `v` is convex and piecewise
//! linear, zero up to `t*`; Newton's method from above (`t ← t − v(t)/v'(t)`, the slope from
//! the rows' duals) lands on `t*` after one step per linear piece crossed. The duals at the
//! last level above `t*` certify which ratios are stuck: a ratio whose row has a nonzero dual
//! there equals `t*` in every point of the face where the others reach `t*` (complementary
//! slackness with a dual that is optimal at `t*` too), so it is frozen; at least one is.
//!
//! It knows nothing of what the ratios stand for.

use super::backend::Minilp;
use super::backend::dense::dense_err;
use super::backend::{Backend, Dense, SolveError};
use super::certificate;
use super::decompose::{BlockPart, Chain, Structure};
use super::dense::{DenseLp, DenseRow};
use super::memo::Memo;
use super::model::{Column, LpModel, Row, Sense};
use rayon::prelude::*;
use std::sync::Arc;

/// Reduced costs and duals at most this, relative to the largest objective weight, count as
/// zero when the face is written. Weights that differ by less would be taken as equal.
pub const FACE_TOL: f64 = 1e-9;
/// A shortfall at most this per open ratio (in ratio units) counts as none: the solvers meet
/// rows to about 1e-9 relative.
const SHORTFALL_TOL: f64 = 1e-10;
/// A ratio's row dual (times its scale, in ratio units) above this marks it stuck.
const STUCK_TOL: f64 = 1e-7;
/// A frozen ratio is held this much (relative to its scale) below its level, so that the
/// next round's LP is not made infeasible by the solver's own rounding; if it is all the same
/// (a round's point meets a row with a large right-hand side only to the solvers' relative
/// tolerance), the filling starts again with the holds a hundred times looser, up to
/// [`MAX_HOLD_SLACK`].
const HOLD_SLACK: f64 = 1e-9;
const MAX_HOLD_SLACK: f64 = 1e-5;
const MAX_NEWTON: usize = 60;
/// A level is met when its shortfall is at most this fraction of the tolerance (the solvers'
/// noise); between that and the tolerance, see the Newton steps in `fill`.
const MET_FRACTION: f64 = 1e-3;
/// Up to this many columns an LP without blocks goes to the dense simplex.
pub const MAX_DENSE: usize = 3_000;
/// Up to this many free columns the rounds are dense LPs with the level as a column.
const MAX_DENSE_ROUNDS: usize = 600;

thread_local! {
    static ON_ROUND: std::cell::RefCell<Option<RoundObserver>> =
        const { std::cell::RefCell::new(None) };
}

/// Told after each round of a filling on the thread that observes: the round's number, its
/// common level and how many ratios are still open.
pub type RoundObserver = Box<dyn Fn(usize, f64, usize)>;

/// Runs `body` with `observer` told of every round of the fillings it runs on this thread
/// (a progress display; the blocks' own fillings, on other threads, are not told).
pub fn observing_rounds<R>(observer: RoundObserver, body: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            ON_ROUND.with(|o| *o.borrow_mut() = None);
        }
    }
    ON_ROUND.with(|o| *o.borrow_mut() = Some(observer));
    let _reset = Reset;
    body()
}

fn tell_round(round: usize, level: f64, open: usize) {
    ON_ROUND.with(|o| {
        if let Some(f) = o.borrow().as_ref() {
            f(round, level, open);
        }
    });
}

/// An LP's optimal face (see [`optimal_face`]).
#[derive(Debug, Clone)]
pub struct Face {
    pub lp: LpModel,
    /// Per row of `lp`, the row of the original LP it comes from.
    pub origin: Vec<usize>,
}

/// The optimal face of `lp` at the optimum `x` certified by `duals`: the same columns and
/// rows, a zero objective, integer columns fixed at their values, columns with a nonzero
/// reduced cost fixed at the bound they sit on, rows with a nonzero dual made equalities. The
/// values fixed are `x`'s own (at the bound and at the right-hand side to the solver's
/// tolerance), so that `x` lies in the face exactly.
pub fn optimal_face(lp: &LpModel, x: &[f64], duals: &[f64]) -> Face {
    // Tolerances relative to the ordinary costs; a column's own cost, if far above them, sets
    // its own (else a cost of 10⁸ would let columns whose reduced cost is 0.01 move off the
    // optimum).
    let (scale, _) = lp.cost_scale();
    let tol = FACE_TOL * scale;
    let by_col = lp.by_column();
    let mut face = lp.clone();
    for (j, c) in face.columns.iter_mut().enumerate() {
        let reduced = c.obj - by_col[j].iter().map(|&(i, a)| a * duals[i]).sum::<f64>();
        let own_tol = tol.max(FACE_TOL * c.obj.abs());
        c.obj = 0.0;
        if c.integer {
            let v = x[j].round();
            (c.lower, c.upper, c.integer) = (v, v, false);
        } else if reduced.abs() > own_tol {
            (c.lower, c.upper) = (x[j], x[j]);
        }
    }
    for (r, y) in face.rows.iter_mut().zip(duals) {
        if y.abs() > tol {
            r.sense = Sense::Eq;
            r.rhs = r.coeffs.iter().map(|&(j, a)| a * x[j]).sum();
        }
    }
    let origin = (0..face.rows.len()).collect();
    Face { lp: face, origin }
}

/// A ratio to even out: `Σ a·x` over `terms`, divided by `scale` (> 0).
#[derive(Debug, Clone)]
pub struct Ratio {
    pub terms: Vec<(usize, f64)>,
    pub scale: f64,
    /// A constant part of the numerator (columns the face pins, taken out of the LP).
    pub offset: f64,
}

/// A ratio frozen in a round, and why.
#[derive(Debug, Clone)]
pub struct Frozen {
    pub ratio: usize,
    pub level: f64,
    /// Rows of the face that stop it: rows touching its columns with a nonzero dual in the
    /// certificate that it cannot rise. Empty when its own bounds stop it.
    pub rows: Vec<usize>,
    /// Stopped at the round's common level (with the other ratios stopped there), rather than
    /// by its own bounds or its block's own rows at a level of its own. `rows` then include
    /// the linking rows of the certificate, if none touches it directly.
    pub shared: bool,
}

/// One round of the filling.
#[derive(Debug, Clone)]
pub struct Round {
    /// The common level the open ratios reached together.
    pub level: f64,
    pub frozen: Vec<Frozen>,
}

#[derive(Debug, Clone)]
pub struct Leximin {
    /// A point of the face at the lexicographic max-min.
    pub x: Vec<f64>,
    /// Per ratio, the level it was frozen at (its value at `x`, to the solver's tolerance).
    pub level: Vec<f64>,
    /// Per ratio, the round that froze it; `None` when the face fixes it.
    pub round: Vec<Option<usize>>,
    pub rounds: Vec<Round>,
    /// LPs solved, blocks' own included.
    pub solves: usize,
}

fn value(r: &Ratio, x: &[f64]) -> f64 {
    (r.terms.iter().map(|&(j, a)| a * x[j]).sum::<f64>() + r.offset) / r.scale
}

/// The largest value a ratio can take within its columns' bounds.
fn ceiling(r: &Ratio, face: &LpModel) -> f64 {
    (r.terms
        .iter()
        .map(|&(j, a)| {
            let c = &face.columns[j];
            if a > 0.0 { a * c.upper } else { a * c.lower }
        })
        .sum::<f64>()
        + r.offset)
        / r.scale
}

/// Lexicographic max-min of `ratios` over `face` (from [`optimal_face`]); `x0` is a point of
/// the face (the optimum it came from). The ratios' rows are added as local rows, so `face`'s
/// block structure (if any) is kept and `backend` may decompose every LP solved here.
///
/// When `face` decomposes, the levels at which a block's own rows stop its ratios are found
/// first, block by block (each a small leximin on the dense simplex, with the rows linking
/// blocks left out); a round then asks every open ratio for the lower of the common level and
/// its block's own level, so one round freezes every ratio stopped inside its block below
/// the level that rows linking blocks allow, and those rows' bottleneck as well. Up to the
/// first level at which a linking row stops anything, the filling inside each block is the
/// block's own (a block's rows hold in the whole LP), so this is the same filling, in as many
/// rounds as there are levels set by linking rows.
pub fn leximin(
    backend: &dyn Backend,
    face: &LpModel,
    x0: &[f64],
    ratios: &[Ratio],
) -> Result<Leximin, SolveError> {
    leximin_dense_up_to(backend, face, x0, ratios, MAX_DENSE_ROUNDS)
}

/// [`leximin`], with faces of up to `dense_limit` free columns filled by dense rounds and
/// larger ones by the chain (the tests force small cases onto the chain with 0).
fn leximin_dense_up_to(
    backend: &dyn Backend,
    face: &LpModel,
    x0: &[f64],
    ratios: &[Ratio],
    dense_limit: usize,
) -> Result<Leximin, SolveError> {
    let reduced = Reduced::of(face, x0, ratios);
    log::debug!(target: "blocklp::fair",
        "fair: face {} columns, {} rows, {} ratios; reduced to {} columns, {} rows, {} ratios",
        face.columns.len(),
        face.rows.len(),
        ratios.len(),
        reduced.lp.columns.len(),
        reduced.lp.rows.len(),
        reduced.ratios.len()
    );
    let x_red: Vec<f64> = reduced.cols.iter().map(|&j| x0[j]).collect();
    let inner = leximin_reduced(backend, &reduced.lp, &x_red, &reduced.ratios, dense_limit)?;
    Ok(reduced.expand(inner, x0, ratios))
}

/// The ratios (indices into `ratios`) that the face leaves free to move: those a filling could
/// change. What a caller names when the filling is stopped before it is done.
pub fn free_ratios(face: &LpModel, x0: &[f64], ratios: &[Ratio]) -> Vec<usize> {
    Reduced::of(face, x0, ratios).of
}

/// The face with what it fixes taken out: columns whose bounds pin them (their values moved
/// into the right-hand sides), rows that then touch no column, and ratios that the face fixes
/// (no column that moves, or an equality row over exactly their moving columns). The filling
/// of the rest is the filling of the whole: the rows dropped hold at every point that keeps
/// the pinned columns, and the ratios dropped have one value on the face.
struct Reduced {
    lp: LpModel,
    /// Per column of `lp`, its column in the face.
    cols: Vec<usize>,
    /// Per row of `lp`, its row in the face.
    rows: Vec<usize>,
    ratios: Vec<Ratio>,
    /// Per ratio of `ratios`, its index in the caller's list.
    of: Vec<usize>,
}

impl Reduced {
    fn of(face: &LpModel, x0: &[f64], ratios: &[Ratio]) -> Reduced {
        let moves = |j: usize| face.columns[j].lower < face.columns[j].upper;
        let mut new_col = vec![usize::MAX; face.columns.len()];
        let mut cols = Vec::new();
        for j in (0..face.columns.len()).filter(|&j| moves(j)) {
            new_col[j] = cols.len();
            cols.push(j);
        }
        let mut lp = LpModel {
            columns: cols.iter().map(|&j| face.columns[j].clone()).collect(),
            rows: Vec::new(),
        };
        let mut rows = Vec::new();
        for (i, r) in face.rows.iter().enumerate() {
            let mut coeffs = Vec::new();
            let mut pinned = 0.0;
            for &(j, a) in &r.coeffs {
                if new_col[j] == usize::MAX {
                    pinned += a * x0[j];
                } else {
                    coeffs.push((new_col[j], a));
                }
            }
            if coeffs.is_empty() {
                continue;
            }
            rows.push(i);
            lp.rows.push(Row {
                name: r.name.clone(),
                coeffs,
                sense: r.sense,
                rhs: r.rhs - pinned,
                linking: r.linking,
            });
        }
        // Equality rows by the columns they touch: a ratio over exactly those columns, in
        // proportion, is fixed by the row.
        let mut eq_rows: std::collections::HashMap<Vec<usize>, Vec<usize>> = Default::default();
        for (i, r) in lp.rows.iter().enumerate() {
            if r.sense == Sense::Eq {
                let mut key: Vec<usize> = r.coeffs.iter().map(|&(j, _)| j).collect();
                key.sort_unstable();
                eq_rows.entry(key).or_default().push(i);
            }
        }
        let fixed_by_row = |terms: &[(usize, f64)]| -> bool {
            let mut key: Vec<usize> = terms.iter().map(|&(j, _)| j).collect();
            key.sort_unstable();
            let Some(found) = eq_rows.get(&key) else {
                return false;
            };
            found.iter().any(|&i| {
                let row = &lp.rows[i].coeffs;
                let (j0, a0) = terms[0];
                let Some(&(_, b0)) = row.iter().find(|&&(j, _)| j == j0) else {
                    return false;
                };
                let k = b0 / a0;
                terms.iter().all(|&(j, a)| {
                    row.iter()
                        .find(|&&(jj, _)| jj == j)
                        .is_some_and(|&(_, b)| (b - k * a).abs() <= 1e-12 * b.abs().max(1.0))
                })
            })
        };
        let mut kept = Vec::new();
        let mut of = Vec::new();
        for (i, r) in ratios.iter().enumerate() {
            let moving: Vec<(usize, f64)> = r
                .terms
                .iter()
                .filter(|&&(j, _)| new_col[j] != usize::MAX)
                .map(|&(j, a)| (new_col[j], a))
                .collect();
            if moving.is_empty() || fixed_by_row(&moving) {
                continue;
            }
            // The pinned part is a constant of the ratio.
            let pinned: f64 = r
                .terms
                .iter()
                .filter(|&&(j, _)| new_col[j] == usize::MAX)
                .map(|&(j, a)| a * x0[j])
                .sum();
            kept.push(Ratio {
                terms: moving,
                scale: r.scale,
                offset: r.offset + pinned,
            });
            of.push(i);
        }
        Reduced {
            lp,
            cols,
            rows,
            ratios: kept,
            of,
        }
    }

    fn expand(&self, inner: Leximin, x0: &[f64], ratios: &[Ratio]) -> Leximin {
        let mut x = x0.to_vec();
        for (k, &j) in self.cols.iter().enumerate() {
            x[j] = inner.x[k];
        }
        let mut level: Vec<f64> = ratios.iter().map(|r| value(r, &x)).collect();
        let mut round = vec![None; ratios.len()];
        for (k, &i) in self.of.iter().enumerate() {
            level[i] = inner.level[k];
            round[i] = inner.round[k];
        }
        let rounds = inner
            .rounds
            .into_iter()
            .map(|r| Round {
                level: r.level,
                frozen: r
                    .frozen
                    .into_iter()
                    .map(|f| Frozen {
                        ratio: self.of[f.ratio],
                        rows: f.rows.iter().map(|&r| self.rows[r]).collect(),
                        ..f
                    })
                    .collect(),
            })
            .collect();
        Leximin {
            x,
            level,
            round,
            rounds,
            solves: inner.solves,
        }
    }
}

fn leximin_reduced(
    backend: &dyn Backend,
    face: &LpModel,
    x0: &[f64],
    ratios: &[Ratio],
    dense_limit: usize,
) -> Result<Leximin, SolveError> {
    let structure = Structure::detect(face);
    // A small LP without blocks: the dense simplex, which gives its duals directly.
    let backend = if structure.is_none() && face.columns.len() <= MAX_DENSE {
        &Dense
    } else {
        backend
    };
    // What the face leaves free is small at a city's scale: one dense LP per round, from
    // scratch, is then quicker than anything that searches for levels.
    if face.columns.len() <= dense_limit {
        return with_looser_holds(|slack| fill_rounds(face, x0, ratios, slack));
    }
    with_looser_holds(|slack| fill(backend, face, x0, ratios, structure.as_ref(), slack))
}

fn with_looser_holds(
    mut fill: impl FnMut(f64) -> Result<Leximin, SolveError>,
) -> Result<Leximin, SolveError> {
    let mut slack = HOLD_SLACK;
    loop {
        match fill(slack) {
            Err(SolveError::Infeasible) if slack < MAX_HOLD_SLACK => {
                log::debug!(target: "blocklp::fair",
                    "fair: infeasible with holds {slack:e} below their levels: again, looser"
                );
                slack *= 100.0;
            }
            out => return out,
        }
    }
}

/// Progressive filling on the dense simplex, one warm re-solve per round: the highest level
/// `t` every open ratio reaches together (`max t` subject to `ratioᵢ ≥ zᵢ`, `t ≤ zᵢ + uᵢ`
/// with `uᵢ` held at 0), the ratios whose `t ≤ zᵢ + uᵢ` rows carry a price at that level
/// frozen there. A price means raising that ratio would lower the level, so every plan that
/// keeps the level holds it there; the prices add up to the weight of `t`, so at least one
/// ratio is frozen per round. Freezing pins `zᵢ` at the level (less the hold slack) and frees
/// `uᵢ`, so that `t` rises past it: only bounds change between rounds, so each round starts
/// from the last one's basis. `t` is a column in every ratio's row, which would
/// tie all blocks of a decomposed LP together: this is for faces small enough to solve whole.
fn fill_rounds(
    face: &LpModel,
    x0: &[f64],
    ratios: &[Ratio],
    hold_slack: f64,
) -> Result<Leximin, SolveError> {
    let n = face.columns.len();
    let trace = log::log_enabled!(target: "blocklp::fair", log::Level::Debug);
    let clock = std::time::Instant::now();
    let by_col = face.by_column();
    let movable = |r: &Ratio| {
        r.terms
            .iter()
            .any(|&(j, _)| face.columns[j].lower < face.columns[j].upper)
    };
    let mut level: Vec<f64> = ratios.iter().map(|r| value(r, x0)).collect();
    let mut round: Vec<Option<usize>> = vec![None; ratios.len()];
    let mut frozen: Vec<bool> = ratios.iter().map(|r| !movable(r)).collect();
    let ceilings: Vec<f64> = ratios.iter().map(|r| ceiling(r, face)).collect();
    let mut rounds: Vec<Round> = Vec::new();
    let mut x = x0.to_vec();
    if frozen.iter().all(|&f| f) {
        return Ok(Leximin {
            x,
            level,
            round,
            rounds,
            solves: 0,
        });
    }
    // Columns: the face's, then zᵢ per ratio, uᵢ per ratio, then t. Rows: the face's, then
    // per ratio `Σ a x − s·zᵢ ≥ −offset`, then per ratio `t − zᵢ − uᵢ ≤ 0`.
    let top_all = ceilings.iter().copied().fold(0.0, f64::max).max(1e-9);
    let k = ratios.len();
    let z = |i: usize| n + i;
    let u = |i: usize| n + k + i;
    let t_col = n + 2 * k;
    let mut lower: Vec<f64> = face.columns.iter().map(|c| c.lower).collect();
    let mut upper: Vec<f64> = face.columns.iter().map(|c| c.upper).collect();
    for (i, _) in ratios.iter().enumerate() {
        // A ratio the face fixes needs no row of its own: zᵢ = 0 makes it none.
        lower.push(0.0);
        upper.push(if frozen[i] { 0.0 } else { top_all });
    }
    for &f in &frozen {
        lower.push(0.0);
        upper.push(if f { top_all } else { 0.0 });
    }
    lower.push(0.0);
    upper.push(top_all);
    let mut rows: Vec<DenseRow> = face
        .rows
        .iter()
        .map(|r| (r.coeffs.clone(), r.sense, r.rhs))
        .collect();
    for (i, r) in ratios.iter().enumerate() {
        let mut terms = r.terms.clone();
        terms.push((z(i), -r.scale));
        rows.push((terms, Sense::Ge, -r.offset));
    }
    let first_link = rows.len();
    for i in 0..ratios.len() {
        rows.push((
            vec![(t_col, 1.0), (z(i), -1.0), (u(i), -1.0)],
            Sense::Le,
            0.0,
        ));
    }
    let mut dense = DenseLp::new(&lower, &upper, &rows);
    let mut c = vec![0.0; t_col + 1];
    c[t_col] = 1.0;
    let mut solves = 0;
    while frozen.iter().any(|f| !f) {
        let open: Vec<usize> = (0..ratios.len()).filter(|&i| !frozen[i]).collect();
        let top = open.iter().map(|&i| ceilings[i]).fold(0.0, f64::max);
        dense.set_bounds(t_col, 0.0, top.max(1e-12));
        let sol = dense.solve(&c).map_err(dense_err)?;
        solves += 1;
        let y = &sol.duals;
        let t = sol.x[t_col];
        let at_top = t >= top - 1e-9 * top.max(1.0);
        let prices = Priced::new(face, y);
        let mut now: Vec<Frozen> = Vec::new();
        for &i in &open {
            let price = y[first_link + i];
            let own = ceilings[i] <= t + 1e-9 * t.max(1.0);
            if !(at_top || own || price > STUCK_TOL) {
                continue;
            }
            let (rows, shared) = if own {
                (Vec::new(), false)
            } else {
                let rows = prices.stopping(face, &by_col, &ratios[i]);
                let shared = rows.iter().any(|&r| face.rows[r].linking);
                (rows, shared)
            };
            now.push(Frozen {
                ratio: i,
                level: t.min(ceilings[i]),
                rows,
                shared,
            });
        }
        if now.is_empty() {
            return Err(SolveError::Other(format!(
                "fair stage: no ratio found stuck at level {t}"
            )));
        }
        x = sol.x[..n].to_vec();
        let r = rounds.len();
        for f in &now {
            frozen[f.ratio] = true;
            round[f.ratio] = Some(r);
            level[f.ratio] = f.level;
            let held = f.level.min(value(&ratios[f.ratio], &x)) - hold_slack;
            dense.set_bounds(z(f.ratio), held, held);
            dense.set_bounds(u(f.ratio), 0.0, top_all);
        }
        if trace {
            log::debug!(
                target: "blocklp::fair",
                "fair: round {r} level {t:.9} froze {} of {} open, {:.3} s",
                now.len(),
                open.len(),
                clock.elapsed().as_secs_f64()
            );
        }
        rounds.push(Round {
            level: t,
            frozen: now,
        });
    }
    Ok(Leximin {
        x,
        level,
        round,
        rounds,
        solves,
    })
}

fn fill(
    backend: &dyn Backend,
    face: &LpModel,
    x0: &[f64],
    ratios: &[Ratio],
    structure: Option<&Structure>,
    hold_slack: f64,
) -> Result<Leximin, SolveError> {
    let n = face.columns.len();
    let movable = |r: &Ratio| {
        r.terms.iter().any(|&(j, _)| {
            let c = &face.columns[j];
            c.lower < c.upper
        })
    };
    let mut level: Vec<f64> = ratios.iter().map(|r| value(r, x0)).collect();
    let mut held: Vec<f64> = level.clone();
    let mut round: Vec<Option<usize>> = vec![None; ratios.len()];
    let mut frozen: Vec<bool> = ratios.iter().map(|r| !movable(r)).collect();
    let ceilings: Vec<f64> = ratios.iter().map(|r| ceiling(r, face)).collect();
    let mut rounds: Vec<Round> = Vec::new();
    let mut solves = 0;
    let mut x = x0.to_vec();
    let clock = std::time::Instant::now();
    let trace = log::log_enabled!(target: "blocklp::fair", log::Level::Debug);
    let by_col = face.by_column();
    // Per block (when the face decomposes): its ratios, and its own levels while valid.
    let blocks = structure.map(|s| BlockRatios::new(s, ratios, face.columns.len()));
    let mut local: Vec<Option<LocalLevel>> = vec![None; ratios.len()];
    let mut stale: Vec<bool> = blocks
        .as_ref()
        .map_or(Vec::new(), |b| vec![true; b.of_block.len()]);
    // One LP for every round: the face, then per ratio the face lets move a shortfall
    // column `dᵢ` and a level row `Σ a x + dᵢ ≥ (asked)·sᵢ − offset`, where an open ratio asks
    // the lower of the common level and its block's own, and a frozen one its hold. Only the
    // right-hand sides change from one LP to the next, so each is decomposed from where the
    // last one ended (a [`Chain`]). A frozen ratio's hold is met at no cost wherever the open
    // ones reach the level asked (the rounds' levels are met), so the shortfall is zero up to
    // the common level as before; above it, its dual still certifies who is stuck.
    let mut lp = face.clone();
    // Shortfalls in ratio units, times the mean scale so that weights are about 1 (as the
    // solvers' tolerances expect), whatever the unit of the ratios.
    let moving: Vec<usize> = (0..ratios.len()).filter(|&i| !frozen[i]).collect();
    let unit = moving.iter().map(|&i| ratios[i].scale).sum::<f64>() / moving.len().max(1) as f64;
    // Slightly different weights (a fixed pseudo-random factor within 1%) keep the LP from
    // ties that make the decomposition's master cycle; any positive weights give the same
    // levels.
    let weight = |i: usize| unit / ratios[i].scale * (1.0 + 0.01 * jitter(i));
    let top_all = ceilings.iter().copied().fold(0.0, f64::max).max(1.0);
    let mut level_row: Vec<Option<usize>> = vec![None; ratios.len()];
    let mut short_col: Vec<Option<usize>> = vec![None; ratios.len()];
    for &i in &moving {
        let r = &ratios[i];
        let d = lp.add_column(Column {
            name: format!("short.{i}"),
            lower: 0.0,
            // Never binding: a shortfall is at most the level asked, at most `top_all`.
            upper: 2.0 * top_all * r.scale,
            integer: false,
            obj: -weight(i),
        });
        let mut terms = r.terms.clone();
        terms.push((d, 1.0));
        level_row[i] = Some(lp.rows.len());
        short_col[i] = Some(d);
        lp.rows.push(local_row(format!("level.{i}"), terms, 0.0));
    }
    let n_rows = moving.len();
    // A weighted shortfall at most this is none (per ratio, in ratio units).
    let tol = SHORTFALL_TOL * (n_rows as f64).max(1.0) * unit;
    // Levels equal but for rounding.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0);
    let mut chain = match structure {
        Some(_) if backend.name_for(face) == "blocks" => {
            Structure::detect(&lp).map(|s| {
                let mut chain = Chain::new(&lp, s);
                // Where minilp cannot answer a link that does not close (the nation), a gap
                // of a hundredth of what counts as no shortfall is closed enough; below that
                // size the exact answer is affordable, and the stuck ratios are read off its
                // duals (inexact ones freeze the wrong ratios).
                if lp.columns.len() > crate::decompose::MAX_SHIFT_COLUMNS {
                    chain.gap_floor = 0.01 * tol;
                }
                chain
            })
        }
        _ => None,
    };
    let mut warm: Option<Option<Box<dyn Backend>>> = None;
    let mut last_level = 0.0f64;
    while frozen.iter().any(|f| !f) {
        let open: Vec<usize> = (0..ratios.len()).filter(|&i| !frozen[i]).collect();
        if let (Some(s), Some(b)) = (structure, &blocks) {
            let todo: Vec<usize> = (0..b.of_block.len())
                .filter(|&k| stale[k] && b.of_block[k].iter().any(|&i| !frozen[i]))
                .collect();
            let found: Vec<Result<BlockLevels, SolveError>> = todo
                .par_iter()
                .map(|&k| {
                    block_levels(
                        face,
                        &s.blocks[k],
                        &b.of_block[k],
                        ratios,
                        &Holds {
                            frozen: &frozen,
                            held: &held,
                            slack: hold_slack,
                        },
                        &x,
                        backend.level_memo(),
                    )
                })
                .collect();
            for f in found {
                let (levels, n_solves) = f?;
                solves += n_solves;
                for (i, l) in levels {
                    local[i] = Some(l);
                }
            }
            for k in todo {
                stale[k] = false;
            }
        }
        // A ratio asks for the lower of the common level and its block's own level.
        let own = |i: usize| {
            local[i]
                .as_ref()
                .map_or(ceilings[i], |l| l.level.min(ceilings[i]))
        };
        let top = open.iter().map(|&i| own(i)).fold(0.0, f64::max);
        let mut evaluate = |t: f64, lp: &mut LpModel| -> Result<Eval, SolveError> {
            for (i, r) in ratios.iter().enumerate() {
                let Some(row) = level_row[i] else { continue };
                let asked = if frozen[i] {
                    held[i] - hold_slack
                } else {
                    t.min(own(i))
                };
                lp.rows[row].rhs = asked * r.scale - r.offset;
            }
            let sol = match &mut chain {
                Some(chain) => chain.solve(lp, &Minilp),
                None => {
                    let warm = warm.get_or_insert_with(|| backend.warm_for(lp));
                    let backend: &dyn Backend = warm.as_deref().unwrap_or(backend);
                    backend.solve(lp)
                }
            }
            .map_err(|e| {
                if trace {
                    log::debug!(target: "blocklp::fair", "fair: level {t}: {e}");
                    // The LP that failed, for a reproduction (trace level: it is large).
                    log::trace!(target: "blocklp::fair", "{}", crate::mps::to_mps(lp, "fair"));
                }
                e
            })?;
            solves += 1;
            let short: f64 = (0..ratios.len())
                .filter_map(|i| short_col[i].map(|d| sol.x[d] * weight(i)))
                .sum();
            if trace {
                log::debug!(target: "blocklp::fair", "fair:   level {t:.12}: shortfall {short:e} (tolerance {tol:e})");
            }
            // Met only at the solvers' noise. A shortfall below `tol` but above that may be a
            // level a hair above the common one, on another piece of the shortfall than the
            // last short level's: its duals, not those, then say who is stuck (see the
            // Newton steps below, which tell the two apart by the step they imply).
            if short <= tol * MET_FRACTION {
                return Ok(Eval::Met(sol.x));
            }
            let y = match sol.duals {
                Some(y) if chain.is_some() || backend.gives_duals(lp) => y,
                _ => certificate::duals(backend, lp, &sol.x, None)?,
            };
            // Only the ratios asking for the common level move with it (own levels equal to
            // it but for rounding count: they are no piece boundary, see `breaks`).
            let slope: f64 = open
                .iter()
                .filter(|&&i| own(i) >= t || close(own(i), t))
                .filter_map(|&i| level_row[i].map(|row| -y[row] * ratios[i].scale))
                .sum();
            Ok(Eval::Short {
                short,
                slope,
                y,
                x: sol.x,
            })
        };
        // The own levels below `top` split [0, top] into pieces on which the shortfall is
        // convex; find the piece holding the common level (galloping, then bisection), then
        // Newton on it.
        // (The last round's level was met by every ratio still open: no piece below it.)
        let mut lo = last_level.min(top);
        let mut breaks: Vec<f64> = open
            .iter()
            .map(|&i| own(i))
            .filter(|&l| l < top && l > lo && !close(l, top))
            .collect();
        breaks.sort_by(f64::total_cmp);
        // Own levels equal to rounding are one piece boundary, not several LPs to solve.
        breaks.dedup_by(|a, b| close(*a, *b));
        if trace {
            log::debug!(
                target: "blocklp::fair",
                "fair:   top {top:.12}, {} own levels between {lo:.12} and it",
                breaks.len()
            );
        }
        // A galloping search from below, then bisection, `top` last: the common level is
        // usually just above the last round's (levels rise by little from one round to the
        // next), so the first own levels above it are tried first (1st, 2nd, 4th, 8th, ...)
        // and the bisection runs only between the last met and the first short; `top` is short
        // in every round but the last, so its LP is needed only when every own level below it
        // is met.
        let mut hi: Option<(f64, Eval)> = None;
        let mut met = None;
        let (mut a, mut b) = (0usize, breaks.len());
        let mut step = 1usize;
        // Invariant: breaks[..a] are met or unknown below a met one, breaks[b..] short.
        while a < b {
            let mid = if step > 0 {
                let probe = (a + step - 1).min(b - 1);
                step *= 2;
                probe
            } else {
                (a + b) / 2
            };
            // (Within the tolerance counts as met here, as it always did: the search only picks
            // the piece; the Newton steps below settle the level.)
            let found = match evaluate(breaks[mid], &mut lp)? {
                Eval::Short { short, x, .. } if short <= tol => Eval::Met(x),
                e => e,
            };
            match found {
                Eval::Met(xm) => {
                    lo = breaks[mid];
                    met = Some((breaks[mid], xm));
                    a = mid + 1;
                }
                short => {
                    hi = Some((breaks[mid], short));
                    b = mid;
                    // Found the first short one galloping: bisect what lies below it.
                    step = 0;
                }
            }
        }
        let hi = match hi {
            Some(hi) => Some(hi),
            None => match match evaluate(top, &mut lp)? {
                Eval::Short { short, x, .. } if short <= tol => Eval::Met(x),
                e => e,
            } {
                Eval::Met(xm) => {
                    met = Some((top, xm));
                    None
                }
                short => Some((top, short)),
            },
        };
        let mut last_short = None;
        if let Some(mut hi) = hi {
            let mut newton = 0;
            loop {
                let Eval::Short { short, slope, .. } = &hi.1 else {
                    unreachable!("hi is short")
                };
                newton += 1;
                let next = (hi.0 - short / slope).max(lo);
                if !(*slope > 0.0 && next < hi.0) || newton > MAX_NEWTON {
                    return Err(SolveError::Other(format!(
                        "fair stage: the level search stalled at {} (shortfall {short:e}, slope {slope:e})",
                        hi.0
                    )));
                }
                if next <= lo {
                    break;
                }
                match evaluate(next, &mut lp)? {
                    Eval::Met(xm) => {
                        met = Some((next, xm));
                        break;
                    }
                    // A shortfall within the tolerance whose own Newton step would be longer
                    // than the one that led here, or reach the last level: no piece of the
                    // shortfall, but noise on a level that is met (a real piece's steps
                    // shrink). Met there; `hi`'s duals, on the last real piece, say who is
                    // stuck.
                    Eval::Short {
                        short,
                        slope,
                        x: xn,
                        ..
                    } if short <= tol
                        && !(slope > 0.0
                            && short / slope < hi.0 - next
                            && next - short / slope > lo) =>
                    {
                        met = Some((next, xn));
                        break;
                    }
                    short => hi = (next, short),
                }
            }
            last_short = Some(hi);
        }
        let (t, at) = match met {
            Some(m) => m,
            // The level of the last round, met then.
            None => (lo, x.clone()),
        };
        last_level = t;
        let y = match &last_short {
            Some((_, Eval::Short { y, .. })) if t < top => Some(y),
            _ => None,
        };
        let prices = y.map(|y| Priced::new(face, y));
        let mut now: Vec<Frozen> = Vec::new();
        let mut at_common: Vec<usize> = Vec::new();
        for &i in &open {
            let own_i = own(i);
            if own_i <= t + 1e-12 * t.max(1.0) {
                // Stopped at its own level: by its bounds, or by its block's rows.
                let rows = local[i].as_ref().map_or(Vec::new(), |l| l.rows.clone());
                now.push(Frozen {
                    ratio: i,
                    level: own_i,
                    rows,
                    shared: false,
                });
            } else if let (Some(y), Some(prices), Some(row)) = (y, &prices, level_row[i])
                && -y[row] * ratios[i].scale > STUCK_TOL * unit
            {
                let rows = prices.stopping(face, &by_col, &ratios[i]);
                at_common.push(i);
                now.push(Frozen {
                    ratio: i,
                    level: t,
                    rows,
                    shared: true,
                });
            }
        }
        if now.is_empty() {
            return Err(SolveError::Other(format!(
                "fair stage: no ratio found stuck at level {t}"
            )));
        }
        x = at[..n].to_vec();
        let r = rounds.len();
        for f in &now {
            frozen[f.ratio] = true;
            round[f.ratio] = Some(r);
            level[f.ratio] = f.level;
            held[f.ratio] = f.level.min(value(&ratios[f.ratio], &x));
        }
        // A block whose ratios froze at the common level has new holds: its own levels change.
        if let Some(b) = &blocks {
            for &i in &at_common {
                stale[b.block_of[i]] = true;
            }
        }
        if trace {
            log::debug!(
                target: "blocklp::fair",
                "fair: round {r} level {t:.9} froze {} of {} open ({} at the common level), {solves} solves, {:.3} s",
                now.len(),
                open.len(),
                at_common.len(),
                clock.elapsed().as_secs_f64()
            );
        }
        tell_round(r, t, frozen.iter().filter(|f| !**f).count());
        rounds.push(Round {
            level: t,
            frozen: now,
        });
    }
    // The chain's answers are the master's points, which meet the rows only to the block
    // simplex's relative tolerance (about 1e-6 on a row over thousands of columns): the plan
    // is one more LP of the chain, every ratio at its hold, made an exact vertex (the
    // restricted problem, polished by minilp).
    if let Some(chain) = &mut chain {
        for (i, r) in ratios.iter().enumerate() {
            if let Some(row) = level_row[i] {
                lp.rows[row].rhs = (held[i] - hold_slack) * r.scale - r.offset;
            }
        }
        let sol = chain.polish(&lp, &Minilp)?;
        solves += 1;
        x = sol.x[..n].to_vec();
    }
    Ok(Leximin {
        x,
        level,
        round,
        rounds,
        solves,
    })
}

/// Which rows of a face carry a price in a round's duals (above 10⁻⁹ of the largest).
struct Priced {
    priced: Vec<bool>,
    /// The priced rows that link blocks.
    linking: Vec<usize>,
}

impl Priced {
    /// `y`: duals of an LP whose first rows are the face's.
    fn new(face: &LpModel, y: &[f64]) -> Priced {
        let m = face.rows.len();
        let scale = y.iter().take(m).map(|v| v.abs()).fold(0.0, f64::max);
        let priced: Vec<bool> = y[..m].iter().map(|v| v.abs() > 1e-9 * scale).collect();
        let linking = (0..m)
            .filter(|&r| priced[r] && face.rows[r].linking)
            .collect();
        Priced { priced, linking }
    }

    /// The rows that stop a ratio frozen at a common level: the priced rows touching its
    /// columns; if none of them links blocks, it is stopped through other ratios, and the
    /// priced linking rows are what it competes for.
    fn stopping(&self, face: &LpModel, by_col: &[Vec<(usize, f64)>], r: &Ratio) -> Vec<usize> {
        let mut rows: Vec<usize> = r
            .terms
            .iter()
            .flat_map(|&(j, _)| by_col[j].iter().map(|&(row, _)| row))
            .filter(|&row| self.priced[row])
            .collect();
        if !rows.iter().any(|&row| face.rows[row].linking) {
            rows.extend(&self.linking);
        }
        rows.sort_unstable();
        rows.dedup();
        rows
    }
}

/// A number in [0, 1) fixed by `i` (SplitMix64).
fn jitter(i: usize) -> f64 {
    let mut z = (i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

enum Eval {
    Met(Vec<f64>),
    Short {
        short: f64,
        slope: f64,
        y: Vec<f64>,
        x: Vec<f64>,
    },
}

/// A block's own levels (per ratio of the block) and the LPs solved to find them.
type BlockLevels = (Vec<(usize, LocalLevel)>, usize);

/// A ratio's level inside its own block, and the block's rows (face indices) that stop it.
#[derive(Debug, Clone)]
struct LocalLevel {
    level: f64,
    rows: Vec<usize>,
}

/// The ratios of each block (by the block of their first column).
struct BlockRatios {
    of_block: Vec<Vec<usize>>,
    block_of: Vec<usize>,
}

impl BlockRatios {
    fn new(s: &Structure, ratios: &[Ratio], n: usize) -> BlockRatios {
        let mut col_block = vec![usize::MAX; n];
        for (k, b) in s.blocks.iter().enumerate() {
            for &j in &b.cols {
                col_block[j] = k;
            }
        }
        let mut of_block = vec![Vec::new(); s.blocks.len()];
        let block_of: Vec<usize> = ratios
            .iter()
            .map(|r| r.terms.first().map_or(usize::MAX, |&(j, _)| col_block[j]))
            .collect();
        for (i, &k) in block_of.iter().enumerate() {
            if k != usize::MAX {
                of_block[k].push(i);
            }
        }
        BlockRatios { of_block, block_of }
    }
}

/// Which ratios are frozen, at what level, and how far below it they are held.
struct Holds<'a> {
    frozen: &'a [bool],
    held: &'a [f64],
    slack: f64,
}

/// The leximin of one block's open ratios under its own rows only (rows linking blocks left
/// out), the block's frozen ratios held: each open ratio's level and stopping rows.
fn block_levels(
    face: &LpModel,
    part: &BlockPart,
    mine: &[usize],
    ratios: &[Ratio],
    holds: &Holds,
    x: &[f64],
    memo: Option<&Memo>,
) -> Result<BlockLevels, SolveError> {
    let local = |j: usize| part.cols.binary_search(&j).expect("column of this block");
    let mut sub = LpModel::default();
    for &j in &part.cols {
        sub.add_column(face.columns[j].clone());
    }
    let mut rows_back = Vec::new();
    for &r in &part.rows {
        let row = &face.rows[r];
        sub.rows.push(Row {
            name: row.name.clone(),
            coeffs: row.coeffs.iter().map(|&(j, a)| (local(j), a)).collect(),
            sense: row.sense,
            rhs: row.rhs,
            linking: false,
        });
        rows_back.push(r);
    }
    let mut open = Vec::new();
    let mut sub_ratios = Vec::new();
    for &i in mine {
        let terms: Vec<(usize, f64)> = ratios[i]
            .terms
            .iter()
            .map(|&(j, a)| (local(j), a))
            .collect();
        if holds.frozen[i] {
            sub.rows.push(local_row(
                format!("hold.{i}"),
                terms,
                (holds.held[i] - holds.slack) * ratios[i].scale - ratios[i].offset,
            ));
        } else {
            open.push(i);
            sub_ratios.push(Ratio {
                terms,
                scale: ratios[i].scale,
                offset: ratios[i].offset,
            });
        }
    }
    let sx: Vec<f64> = part.cols.iter().map(|&j| x[j]).collect();
    let key = memo.map(|_| memo_key(&sub, &sx, &sub_ratios, holds.slack));
    // A sweep's variants share the blocks' own levels (see `crate::memo`): looked up by every
    // number the filling reads, so a hit is the level a new filling finds, bit for bit.
    let known = memo
        .zip(key.as_ref())
        .and_then(|(m, k)| m.get::<LocalLevels>(k));
    let (found, solves) = match known {
        Some(found) => (found, 0),
        None => {
            let lex = fill_rounds(&sub, &sx, &sub_ratios, holds.slack).map_err(|e| {
                log::debug!(target: "blocklp::fair", "fair: block of {} columns: {e}", part.cols.len());
                e
            })?;
            let found = Arc::new(local_levels(&lex));
            if let (Some(m), Some(k)) = (memo, key) {
                m.put(k, found.clone());
            }
            (found, lex.solves)
        }
    };
    let out = found
        .iter()
        .map(|(k, l)| {
            (
                open[*k],
                LocalLevel {
                    level: l.level,
                    rows: l
                        .rows
                        .iter()
                        .filter_map(|&r| rows_back.get(r).copied())
                        .collect(),
                },
            )
        })
        .collect();
    Ok((out, solves))
}

/// A block's filling as [`block_levels`] reads it: per open ratio (its place among them),
/// its level and the rows (of the block's LP) that stop it.
fn local_levels(lex: &Leximin) -> Vec<(usize, LocalLevel)> {
    let mut out = Vec::new();
    for f in lex.rounds.iter().flat_map(|r| &r.frozen) {
        out.push((
            f.ratio,
            LocalLevel {
                level: f.level,
                rows: f.rows.clone(),
            },
        ));
    }
    // Ratios the block's own rows fix (no round froze them) stay at their value.
    for (k, round) in lex.round.iter().enumerate() {
        if round.is_none() {
            out.push((
                k,
                LocalLevel {
                    level: lex.level[k],
                    rows: Vec::new(),
                },
            ));
        }
    }
    out
}

/// A block's own levels as kept in a sweep's memo (see [`local_levels`]).
type LocalLevels = Vec<(usize, LocalLevel)>;

/// Everything [`fill_rounds`] reads of a block's LP, in bits: bounds, rows (senses,
/// right-hand sides, coefficients), the ratios, the hold slack, and the start's values of
/// columns whose bounds pin them (a ratio over those alone takes its value there).
fn memo_key(sub: &LpModel, x: &[f64], ratios: &[Ratio], slack: f64) -> Vec<u64> {
    let mut k = vec![
        sub.columns.len() as u64,
        sub.rows.len() as u64,
        ratios.len() as u64,
    ];
    for (c, &v) in sub.columns.iter().zip(x) {
        k.extend([c.lower.to_bits(), c.upper.to_bits()]);
        if c.lower >= c.upper {
            k.push(v.to_bits());
        }
    }
    for r in &sub.rows {
        k.extend([r.sense as u64, r.rhs.to_bits(), r.coeffs.len() as u64]);
        for &(j, a) in &r.coeffs {
            k.extend([j as u64, a.to_bits()]);
        }
    }
    for r in ratios {
        k.extend([r.scale.to_bits(), r.offset.to_bits(), r.terms.len() as u64]);
        for &(j, a) in &r.terms {
            k.extend([j as u64, a.to_bits()]);
        }
    }
    k.push(slack.to_bits());
    k
}

/// `Σ terms ≥ rhs`, local: it ties only columns of one block (a ratio's own).
fn local_row(name: String, terms: Vec<(usize, f64)>, rhs: f64) -> Row {
    Row {
        name,
        coeffs: terms,
        sense: Sense::Ge,
        rhs,
        linking: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Minilp;

    fn col(name: &str, upper: f64, obj: f64) -> Column {
        Column {
            name: name.into(),
            lower: 0.0,
            upper,
            integer: false,
            obj,
        }
    }

    /// Columns `x0..` with the given uppers and weights, under one pool row `pool` (row 0).
    fn one_pool(cols: &[(f64, f64)], pool: f64) -> LpModel {
        let mut lp = LpModel::default();
        for (i, &(upper, obj)) in cols.iter().enumerate() {
            lp.add_column(col(&format!("x{i}"), upper, obj));
        }
        lp.rows.push(Row::new(
            "pool".into(),
            (0..cols.len()).map(|j| (j, 1.0)).collect(),
            Sense::Le,
            pool,
        ));
        lp
    }

    /// One ratio per column, `x_j / scales[j]`.
    fn per_column(scales: &[f64]) -> Vec<Ratio> {
        scales
            .iter()
            .enumerate()
            .map(|(j, &s)| Ratio {
                terms: vec![(j, 1.0)],
                scale: s,
                offset: 0.0,
            })
            .collect()
    }

    /// The leximin of `ratios` over the optimal face of `lp` at `x0`.
    fn fill_face(lp: &LpModel, x0: &[f64], ratios: &[Ratio]) -> Leximin {
        let y = certificate::duals(&Minilp, lp, x0, None).unwrap();
        let face = optimal_face(lp, x0, &y).lp;
        leximin(&Minilp, &face, x0, ratios).unwrap()
    }

    /// max x0 + x1 + x2, x ≤ (100, 50, 50), x0 + x1 + x2 ≤ 100: every split of 100 is optimal;
    /// ratios x/need even out at 1/2.
    #[test]
    fn equal_weights_share_in_ratio() {
        let lp = one_pool(&[(100.0, 1.0), (50.0, 1.0), (50.0, 1.0)], 100.0);
        let x0 = vec![100.0, 0.0, 0.0];
        let out = fill_face(&lp, &x0, &per_column(&[100.0, 50.0, 50.0]));
        for (v, want) in out.x.iter().zip([50.0, 25.0, 25.0]) {
            assert!((v - want).abs() < 1e-7, "{:?}", out.x);
        }
        assert_eq!(out.rounds.len(), 1);
        let frozen: Vec<usize> = out.rounds[0].frozen.iter().map(|f| f.ratio).collect();
        assert_eq!(frozen, vec![0, 1, 2]);
        for f in &out.rounds[0].frozen {
            assert!(
                f.rows.contains(&0) || f.rows.contains(&1),
                "the pool stops them: {:?}",
                f.rows
            );
            assert!(f.shared);
        }
    }

    /// As above, with x1 capped at 10 by a row of its own: it gets 10, the others share 90
    /// (x0 60, x2 30: ratio 0.6 each), in two rounds.
    #[test]
    fn a_capped_ratio_gets_its_cap_and_the_others_share_the_rest() {
        let mut lp = one_pool(&[(100.0, 1.0), (50.0, 1.0), (50.0, 1.0)], 100.0);
        lp.rows
            .push(Row::new("cap".into(), vec![(1, 1.0)], Sense::Le, 10.0));
        let x0 = vec![90.0, 10.0, 0.0];
        let out = fill_face(&lp, &x0, &per_column(&[100.0, 50.0, 50.0]));
        for (v, want) in out.x.iter().zip([60.0, 10.0, 30.0]) {
            assert!((v - want).abs() < 1e-7, "{:?}", out.x);
        }
        assert_eq!(out.rounds.len(), 2);
        let frozen = |r: usize| {
            out.rounds[r]
                .frozen
                .iter()
                .map(|f| f.ratio)
                .collect::<Vec<_>>()
        };
        assert_eq!(frozen(0), vec![1]);
        assert!((out.rounds[0].level - 0.2).abs() < 1e-9);
        assert!(
            out.rounds[0].frozen[0].rows.contains(&1),
            "its cap stops it"
        );
        assert_eq!(frozen(1), vec![0, 2]);
    }

    /// A ratio over a column the face pins (a: weight 3, always at its bound 30) and one it
    /// leaves free (b): the pinned part is a constant of the ratio. (30 + b)/80 and c/50 with
    /// b + c = 50 even out at b = 2500/130.
    #[test]
    fn a_ratio_keeps_the_part_the_face_pins() {
        let lp = one_pool(&[(30.0, 3.0), (50.0, 1.0), (50.0, 1.0)], 80.0);
        let x0 = vec![30.0, 50.0, 0.0];
        let ratios = vec![
            Ratio {
                terms: vec![(0, 1.0), (1, 1.0)],
                scale: 80.0,
                offset: 0.0,
            },
            Ratio {
                terms: vec![(2, 1.0)],
                scale: 50.0,
                offset: 0.0,
            },
        ];
        let out = fill_face(&lp, &x0, &ratios);
        let b = 2500.0 / 130.0;
        for (v, want) in out.x.iter().zip([30.0, b, 50.0 - b]) {
            assert!((v - want).abs() < 1e-6, "{:?}", out.x);
        }
        for l in &out.level {
            assert!((l - (30.0 + b) / 80.0).abs() < 1e-9, "{:?}", out.level);
        }
    }

    /// A random block-angular LP: `blocks` counties, each with a few lines drawing on one or
    /// two of three pools (linking rows), a county cap (local), a need per line (local); equal
    /// weights but for a few heavier lines, so that the face leaves most of it free. Returns
    /// the LP and one ratio per line (its grant over its need).
    fn random_province(seed: u64, blocks: usize) -> (LpModel, Vec<Ratio>) {
        let mut rng = splitmix::Rng(seed);
        let mut lp = LpModel::default();
        let mut ratios = Vec::new();
        let pools = 3;
        let mut pool_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); pools];
        for b in 0..blocks {
            let lines = 2 + (rng.unit() * 3.0) as usize;
            let mut county = Vec::new();
            for l in 0..lines {
                let need = (10.0 + 90.0 * rng.unit()).round();
                let weight = if rng.unit() < 0.15 { 2.0 } else { 1.0 };
                let first = (rng.unit() * pools as f64) as usize;
                let draws: Vec<usize> = if rng.unit() < 0.4 {
                    vec![first, (first + 1) % pools]
                } else {
                    vec![first]
                };
                let mut terms = Vec::new();
                for &k in &draws {
                    let j = lp.add_column(col(&format!("x{b}_{l}_{k}"), need, weight));
                    terms.push((j, 1.0));
                    pool_terms[k].push((j, 1.0));
                    county.push((j, 1.0));
                }
                lp.rows.push(Row {
                    linking: false,
                    ..Row::new(format!("need{b}_{l}"), terms.clone(), Sense::Le, need)
                });
                ratios.push(Ratio {
                    terms,
                    scale: need,
                    offset: 0.0,
                });
            }
            let total: f64 = county.len() as f64 * 40.0;
            let cap = (total * (0.3 + 0.7 * rng.unit())).round();
            lp.rows.push(Row {
                linking: false,
                ..Row::new(format!("cap{b}"), county, Sense::Le, cap)
            });
        }
        for (k, terms) in pool_terms.into_iter().enumerate() {
            let demand = terms.len() as f64 * 30.0;
            let cap = (demand * (0.3 + 0.4 * rng.unit())).round();
            lp.rows
                .push(Row::new(format!("pool{k}"), terms, Sense::Le, cap));
        }
        (lp, ratios)
    }

    /// The textbook progressive filling on the whole face, by minilp: the highest level `t`
    /// every open ratio reaches together (`max t`), then each open ratio alone pushed as high
    /// as it goes with the others at `t` or more; those that cannot pass `t` are frozen there.
    fn plain_filling(face: &LpModel, ratios: &[Ratio]) -> Vec<f64> {
        let n = face.columns.len();
        let mut level: Vec<Option<f64>> = vec![None; ratios.len()];
        let hold = 1e-9;
        let with_rows = |level: &[Option<f64>], open_at: Option<f64>, objective: Option<usize>| {
            let mut m = face.clone();
            let t = m.add_column(col("t", 10.0, if objective.is_none() { 1.0 } else { 0.0 }));
            if open_at.is_some() {
                m.columns[t].upper = 0.0;
            }
            for (i, r) in ratios.iter().enumerate() {
                let mut terms = r.terms.clone();
                let rhs = match (level[i], open_at) {
                    (Some(l), _) => (l - hold) * r.scale - r.offset,
                    (None, Some(t0)) => (t0 - hold) * r.scale - r.offset,
                    (None, None) => {
                        terms.push((t, -r.scale));
                        -r.offset
                    }
                };
                m.rows
                    .push(Row::new(format!("r{i}"), terms, Sense::Ge, rhs));
            }
            if let Some(i) = objective {
                for &(j, a) in &ratios[i].terms {
                    m.columns[j].obj = a / ratios[i].scale;
                }
            }
            Minilp.solve(&m).expect("the plain filling's LP").x[..=n].to_vec()
        };
        while level.iter().any(|l| l.is_none()) {
            let t = with_rows(&level, None, None)[n];
            let mut froze = false;
            for i in 0..ratios.len() {
                if level[i].is_some() {
                    continue;
                }
                let x = with_rows(&level, Some(t), Some(i));
                if value(&ratios[i], &x[..n]) <= t + 1e-5 {
                    level[i] = Some(t);
                    froze = true;
                }
            }
            assert!(froze, "the plain filling froze nothing at {t}");
        }
        level.into_iter().map(|l| l.unwrap()).collect()
    }

    /// The fair stage's path for large faces (the chain of shortfall LPs on the decomposition,
    /// with the blocks' own levels and the galloping search), forced onto small random
    /// provinces, against the textbook filling by minilp on the whole face: the same levels.
    #[test]
    fn the_chain_fills_as_the_textbook_filling_does() {
        let backend = crate::decompose::Blocks::new(Minilp);
        for seed in 1..=12u64 {
            let (lp, ratios) = random_province(seed, 18);
            let x0 = Minilp.solve(&lp).unwrap().x;
            let y = certificate::duals(&Minilp, &lp, &x0, None).unwrap();
            let face = optimal_face(&lp, &x0, &y).lp;
            let want = plain_filling(&face, &ratios);
            let got = leximin_dense_up_to(&backend, &face, &x0, &ratios, 0)
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            for (i, (g, w)) in got.level.iter().zip(&want).enumerate() {
                assert!(
                    (g - w).abs() <= 1e-6,
                    "seed {seed}, ratio {i}: chain {g}, textbook {w}"
                );
                let at = value(&ratios[i], &got.x);
                assert!(
                    (at - w).abs() <= 1e-6,
                    "seed {seed}, ratio {i}: plan {at}, textbook {w}"
                );
            }
            assert!(
                (lp.objective_value(&got.x) - lp.objective_value(&x0)).abs()
                    <= 1e-7 * lp.objective_value(&x0).abs().max(1.0),
                "seed {seed}: the fair point leaves the optimum"
            );
        }
    }

    /// A heavier column is fixed by the face: the primary optimum is kept.
    #[test]
    fn the_face_keeps_the_optimum() {
        let lp = one_pool(&[(80.0, 3.0), (50.0, 1.0), (50.0, 1.0)], 100.0);
        let x0 = vec![80.0, 20.0, 0.0];
        let y = certificate::duals(&Minilp, &lp, &x0, None).unwrap();
        let face = optimal_face(&lp, &x0, &y).lp;
        assert_eq!((face.columns[0].lower, face.columns[0].upper), (80.0, 80.0));
        let out = leximin(&Minilp, &face, &x0, &per_column(&[80.0, 50.0, 50.0])).unwrap();
        assert!((lp.objective_value(&out.x) - 260.0).abs() < 1e-7);
        for (v, want) in out.x.iter().zip([80.0, 10.0, 10.0]) {
            assert!((v - want).abs() < 1e-7, "{:?}", out.x);
        }
        assert_eq!(out.round[0], None);
    }
}

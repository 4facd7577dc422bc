//! Dantzig–Wolfe decomposition of block-angular LPs and MIPs.
//!
//! The LP couples its blocks (the columns tied together by local rows) only through a few
//! linking rows (typically shared capacities, a few global shares, objective-fix rows). For
//! prices `π` on those rows the LP falls apart into small block LPs, solved in parallel by the
//! dense simplex in [`crate::dense`] (branch and bound for a block's integers), each
//! warm-started from its previous basis. The master, a primal simplex over the block solutions
//! found so far with one convexity row per block kept implicit ([`crate::gub`]), sets the next
//! prices, until no block has a solution that would improve it.
//!
//! The answer is then made a vertex of the whole LP: blocks whose master weight sits on one
//! solution keep it (a vertex of their own block); the few blocks the master mixes are solved
//! together, exactly, with the linking rows' right-hand sides reduced by what the kept blocks
//! use. The duals (prices plus each block's own duals at those prices) come back with the
//! solution so that the certificate can check optimality from the model's numbers without
//! solving a dual LP.
//!
//! Children: [`keep`] (a solve's blocks kept for the questions asked about the same LP
//! afterwards), [`shifts`] (optima after one right-hand side moves: ranging), [`warm`] (warm
//! starts for LPs of the same shape: a sweep's variants). [`Chain`] decomposes a sequence of LPs
//! of one shape, each from where the previous one ended (the fair stage's shortfall LPs).

mod keep;
pub mod shifts;
mod warm;

use super::backend::dense::{dense_err, solve_by_branching};
use super::backend::{Backend, LpSolution, Retained, SolveError};
use super::dense::{DenseLp, DenseRow, DenseSolution};
use super::gub::{GubMaster, MasterError};
use super::model::{LpModel, Row, Sense};
use rayon::prelude::*;
use shifts::ShiftBase;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use warm::WarmBase;

/// Identifies an LP's numbers and shape (for the shift cache): every bound, objective
/// coefficient, right-hand side, sense and coefficient.
fn fingerprint(lp: &LpModel) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for c in &lp.columns {
        (
            c.lower.to_bits(),
            c.upper.to_bits(),
            c.obj.to_bits(),
            c.integer,
        )
            .hash(&mut h);
    }
    for r in &lp.rows {
        (r.rhs.to_bits(), r.sense as u8).hash(&mut h);
        for &(j, a) in &r.coeffs {
            (j, a.to_bits()).hash(&mut h);
        }
    }
    h.finish()
}

/// Below this many blocks the inner backend alone is quick (about 30 ms at 10 blocks of ~100 columns) and
/// the decomposition's rounds would not pay for themselves.
pub const MIN_BLOCKS: usize = 16;
/// A block larger than this (columns) is not "small": the dense simplex would be slow on it.
pub const MAX_BLOCK_COLS: usize = 1200;
/// Above this many columns the inner backend's marginal-value re-solves are not attempted.
pub const MAX_SHIFT_COLUMNS: usize = 20_000;
/// More linking rows than this and the master would be the whole problem (a dual LP, say).
pub const MAX_LINKING: usize = 100;
/// Relative gap between the Lagrangian bound and the master at which column generation stops.
const GAP: f64 = 1e-12;
/// A block solution enters the master when it beats the block's best by this much (relative).
const IMPROVE: f64 = 1e-12;
const MAX_ROUNDS: usize = 500;
/// Wentges smoothing weight on the best-bound prices, for solves started from given prices.
const WARM_SMOOTHING: f64 = 0.5;
/// The plan must be this close (relative) to the Lagrangian bound, else the inner backend solves.
const FINAL_GAP: f64 = 1e-8;
/// With integer columns, the plan must be this close (relative) to the bound from the blocks'
/// integer optima, else the inner backend's branch and bound answers. Ten times inside the
/// 1e-6 that counts as exact for the plan, and far below any unit that matters at the sizes measured.
pub const MIP_GAP: f64 = 1e-7;
/// More integer columns than this in one block and its branch and bound could be slow.
pub const MAX_BLOCK_INTS: usize = 16;
/// Node limits of the searches: a block's (a handful of binaries), and the restricted
/// problem's over the blocks the master mixes.
const BLOCK_NODES: usize = 20_000;
const RESTRICTED_NODES: usize = 20_000;
/// Up to this many columns the restricted problem is solved by the dense simplex (its tableau
/// is rows × (columns + rows): a few MB here).
const MAX_RESTRICTED_DENSE: usize = 3_000;
/// How far (relative to a row's size) an LP's restricted problem may give when rounding makes
/// it infeasible: the rows' own tolerance.
const RESTRICTED_WIDEN: f64 = 1e-9;
/// ... and never more than this (absolute): a plan must meet every row to 1e-6 (a caller's
/// unit, mu say) to pass an independent check.
const RESTRICTED_WIDEN_MAX: f64 = 1e-7;

/// The decomposition path, falling back to `inner` for LPs without the block structure.
pub struct Blocks<B: Backend> {
    pub inner: B,
    /// Starting prices of linking rows, by row name (a sweep's base solve).
    pub start: Option<Arc<HashMap<String, f64>>>,
    /// The last LP whose shifts were measured (marginal values ask several times, with
    /// smaller shifts, for the same LP), by fingerprint.
    shift_base: Mutex<Option<(u64, Arc<ShiftBase>)>>,
    /// A sweep's base, whose unchanged blocks its variants start from.
    warm: Option<Arc<WarmBase>>,
    /// A sweep's variants' blocks' own levels in the fair stage, shared between them.
    level_memo: Option<crate::memo::Memo>,
}

impl<B: Backend> Blocks<B> {
    pub fn new(inner: B) -> Self {
        Blocks {
            inner,
            start: None,
            shift_base: Mutex::new(None),
            warm: None,
            level_memo: None,
        }
    }
}

impl<B: Backend + Clone + Send + 'static> Backend for Blocks<B> {
    /// The base's linking-row prices start every variant; for an LP also its blocks (see
    /// [`super::warm`]), from the same single solve.
    fn warm_for(&self, lp: &LpModel) -> Option<Box<dyn Backend>> {
        let s = Structure::detect(lp)?;
        let (sol, _, kept) = decomposed(lp, &s, &self.inner, None, None, false).ok()?;
        let warm = kept.map(|k| Arc::new(WarmBase::new(lp, &s, k.subs)));
        let prices = sol.duals?;
        let prices = s
            .linking
            .iter()
            .map(|&r| (lp.rows[r].name.clone(), prices[r]))
            .collect();
        Some(Box::new(Blocks {
            inner: self.inner.clone(),
            start: Some(Arc::new(prices)),
            shift_base: Mutex::new(None),
            warm,
            level_memo: Some(Default::default()),
        }))
    }

    fn level_memo(&self) -> Option<&crate::memo::Memo> {
        self.level_memo.as_ref()
    }

    fn name(&self) -> &'static str {
        "auto"
    }

    fn gives_duals(&self, lp: &LpModel) -> bool {
        match Structure::detect(lp) {
            Some(_) => !lp.has_integers(),
            None => self.inner.gives_duals(lp),
        }
    }

    fn name_for(&self, lp: &LpModel) -> &'static str {
        match Structure::detect(lp) {
            Some(_) => "blocks",
            None => self.inner.name_for(lp),
        }
    }

    /// Decomposed LPs: bracketed between the Lagrangian at the final prices and a plan that
    /// moves only the shifted block and the mixed ones (see [`super::shifts`]); each shift the
    /// two do not pin down is solved in full. Otherwise, or if the decomposition fell back,
    /// the inner backend's warm re-solves.
    fn shifted_optima(
        &self,
        lp: &LpModel,
        shifts: &[(usize, f64)],
    ) -> Result<Vec<Option<f64>>, SolveError> {
        if shifts.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(s) = Structure::detect(lp).filter(|_| !lp.has_integers()) {
            let key = fingerprint(lp);
            let cached = self
                .shift_base
                .lock()
                .expect("shift cache")
                .as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, b)| b.clone());
            let base = match cached {
                Some(b) => Some(b),
                None => ShiftBase::new(lp, &s, &self.inner)?.map(Arc::new),
            };
            if let Some(base) = base {
                *self.shift_base.lock().expect("shift cache") = Some((key, base.clone()));
                let t = std::time::Instant::now();
                let out = base.optima(lp, &s, &self.inner, shifts, MAX_SHIFT_COLUMNS);
                log::debug!(target: "blocklp::blocks",
                    "shifts: {} in {:.3} s, {} left open by the brackets so far",
                    shifts.len(),
                    t.elapsed().as_secs_f64(),
                    base.left_open.load(std::sync::atomic::Ordering::Relaxed)
                );
                return out;
            }
        }
        if lp.columns.len() > MAX_SHIFT_COLUMNS {
            return Err(SolveError::Other(format!(
                "one-sided marginal values are measured by warm minilp re-solves, which take \
                 hours for an LP of {} columns (limit {MAX_SHIFT_COLUMNS}); the plan and its \
                 certificate are unaffected",
                lp.columns.len()
            )));
        }
        self.inner.shifted_optima(lp, shifts)
    }

    fn end_shifts(&self) {
        *self.shift_base.lock().expect("shift cache") = None;
    }

    fn solve(&self, lp: &LpModel) -> Result<LpSolution, SolveError> {
        let Some(s) = Structure::detect(lp) else {
            return self.inner.solve(lp);
        };
        let init = self.warm.as_ref().and_then(|w| w.blocks_for(lp, &s));
        solve_blocks(lp, &s, &self.inner, self.start.as_deref(), init, false).map(|(sol, _)| sol)
    }

    /// The same solve, keeping its blocks at the final prices (see [`keep`]).
    fn solve_retaining(
        &self,
        lp: &LpModel,
    ) -> Result<(LpSolution, Option<Box<dyn Retained>>), SolveError> {
        let Some(s) = Structure::detect(lp) else {
            return self.inner.solve_retaining(lp);
        };
        let init = self.warm.as_ref().and_then(|w| w.blocks_for(lp, &s));
        let (sol, kept) = solve_blocks(lp, &s, &self.inner, self.start.as_deref(), init, true)?;
        let kept = kept.map(|k| {
            Box::new(keep::KeptSolve::new(lp, s, k, &sol, self.inner.clone())) as Box<dyn Retained>
        });
        Ok((sol, kept))
    }
}

/// How an LP splits: linking rows, and blocks of columns with the rows that touch only them.
pub struct Structure {
    pub linking: Vec<usize>,
    pub blocks: Vec<BlockPart>,
}

pub struct BlockPart {
    /// Model columns, ascending.
    pub cols: Vec<usize>,
    /// Model rows that touch only these columns.
    pub rows: Vec<usize>,
    /// Positions in `cols` of integer columns.
    pub ints: Vec<usize>,
}

impl Structure {
    /// `None` when the LP should not be decomposed: too few blocks, a block too large for the
    /// dense simplex or with too many integer columns for its branch and bound.
    pub fn detect(lp: &LpModel) -> Option<Structure> {
        if lp
            .columns
            .iter()
            .any(|c| !c.upper.is_finite() || !c.lower.is_finite())
        {
            return None;
        }
        let n = lp.columns.len();
        let linking_row: Vec<bool> = lp.rows.iter().map(|r| r.linking).collect();
        let mut uf = UnionFind::new(n);
        for (i, row) in lp.rows.iter().enumerate() {
            if linking_row[i] {
                continue;
            }
            if let Some(&(first, _)) = row.coeffs.first() {
                for &(j, _) in &row.coeffs[1..] {
                    uf.union(first, j);
                }
            }
        }
        let mut block_of_root = vec![usize::MAX; n];
        let mut blocks: Vec<BlockPart> = Vec::new();
        let mut block_of_col = vec![0; n];
        for (j, b) in block_of_col.iter_mut().enumerate() {
            let r = uf.find(j);
            if block_of_root[r] == usize::MAX {
                block_of_root[r] = blocks.len();
                blocks.push(BlockPart {
                    cols: Vec::new(),
                    rows: Vec::new(),
                    ints: Vec::new(),
                });
            }
            *b = block_of_root[r];
            let block = &mut blocks[*b];
            if lp.columns[j].integer {
                block.ints.push(block.cols.len());
            }
            block.cols.push(j);
        }
        let mut linking = Vec::new();
        for (i, row) in lp.rows.iter().enumerate() {
            match row.coeffs.first() {
                _ if linking_row[i] => linking.push(i),
                Some(&(j, _)) => blocks[block_of_col[j]].rows.push(i),
                // An empty row that survived the builder is violated: keep it visible.
                None => linking.push(i),
            }
        }
        let largest = blocks.iter().map(|b| b.cols.len()).max().unwrap_or(0);
        let most_ints = blocks.iter().map(|b| b.ints.len()).max().unwrap_or(0);
        if blocks.len() < MIN_BLOCKS
            || largest > MAX_BLOCK_COLS
            || most_ints > MAX_BLOCK_INTS
            || linking.len() > MAX_LINKING
        {
            return None;
        }
        Some(Structure { linking, blocks })
    }
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }
    fn find(&mut self, mut a: usize) -> usize {
        while self.0[a] != a {
            self.0[a] = self.0[self.0[a]];
            a = self.0[a];
        }
        a
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller index as root keeps the block order independent of union order.
        if ra < rb {
            self.0[rb] = ra;
        } else {
            self.0[ra] = rb;
        }
    }
}

/// One block during column generation.
#[derive(Clone)]
pub(super) struct Sub {
    pub lp: DenseLp,
    /// True objective per local column.
    pub obj: Vec<f64>,
    /// Linking-row entries per local column: (linking index, coefficient).
    pub link: Vec<Vec<(usize, f64)>>,
    /// Block solutions found so far (the master's columns for this block).
    pub points: Vec<Point>,
    /// Local integer columns: pricing is then a branch and bound, and the master convexifies
    /// the block's integral points (a bound at least as tight as the LP relaxation).
    pub ints: Vec<usize>,
}

#[derive(Clone)]
pub(super) struct Point {
    pub x: Vec<f64>,
    /// True objective at `x`.
    pub value: f64,
    /// Linking-row activity at `x`, dense over the linking rows.
    pub usage: Vec<f64>,
}

impl Sub {
    pub fn point(&self, x: Vec<f64>, k: usize) -> Point {
        let mut usage = vec![0.0; k];
        let mut value = 0.0;
        for (j, &v) in x.iter().enumerate() {
            if v != 0.0 {
                value += self.obj[j] * v;
                for &(i, a) in &self.link[j] {
                    usage[i] += a * v;
                }
            }
        }
        Point { x, value, usage }
    }

    /// Objective of the block priced at `pi`: its own weight less the linking rows' prices.
    pub fn priced(&self, pi: &[f64]) -> Vec<f64> {
        self.obj
            .iter()
            .zip(&self.link)
            .map(|(c, l)| c - l.iter().map(|&(i, a)| a * pi[i]).sum::<f64>())
            .collect()
    }

    fn reduced(&self, p: &Point, pi: &[f64]) -> f64 {
        p.value - dot(&p.usage, pi)
    }

    /// The block's best solution for objective `c` (integral in its integer columns).
    fn best(&mut self, c: &[f64]) -> Result<DenseSolution, SolveError> {
        if self.ints.is_empty() {
            return self.lp.solve_primal(c).map_err(dense_err);
        }
        let last = self.points.last().map(|p| p.x.as_slice());
        solve_by_branching(&mut self.lp, c, &self.ints, BLOCK_NODES, last)
    }
}

pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Statistics of the last decomposed solve, for benchmarks and the note.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub blocks: usize,
    pub linking_rows: usize,
    pub rounds: usize,
    pub master_columns: usize,
    pub mixed_blocks: usize,
    pub restricted_columns: usize,
    /// Column generation did not close the gap and the inner backend answered.
    pub fallback: bool,
    pub pricing_s: f64,
    pub master_s: f64,
    pub restricted_s: f64,
    /// Simplex iterations of the master, over all rounds.
    pub master_iterations: usize,
    /// Integer columns: the bound from the blocks' integer optima, and the plan's relative
    /// distance to it.
    pub bound: Option<f64>,
    pub mip_gap: Option<f64>,
}

fn solve_blocks(
    lp: &LpModel,
    s: &Structure,
    inner: &dyn Backend,
    start: Option<&HashMap<String, f64>>,
    init: Option<(Vec<Sub>, usize)>,
    keep: bool,
) -> Result<(LpSolution, Option<Kept>), SolveError> {
    let t = std::time::Instant::now();
    let (init, reused) = match init {
        Some((subs, n)) => (Some(subs), n),
        None => (None, 0),
    };
    let out = solve_blocks_kept(lp, s, inner, start, init);
    if let Ok((_, st, _)) = &out {
        log::debug!(
            target: "blocklp::blocks",
            "blocks: {st:?}, {reused} from the base, in {:.3} s",
            t.elapsed().as_secs_f64()
        );
    }
    // Without `keep` the blocks go now: at 2,844 blocks their tableaus are 200 MB.
    out.map(|(sol, _, kept)| (sol, kept.filter(|_| keep)))
}

pub fn solve_blocks_stats(
    lp: &LpModel,
    s: &Structure,
    inner: &dyn Backend,
) -> Result<(LpSolution, Stats), SolveError> {
    solve_blocks_from(lp, s, inner, None)
}

/// As [`solve_blocks_stats`], pricing first at `start` (linking-row prices by row name).
/// A numerical failure in a block, or a search over its node limit, hands the whole problem
/// to the inner backend (`Stats::fallback`); an infeasible block is the problem's verdict.
pub fn solve_blocks_from(
    lp: &LpModel,
    s: &Structure,
    inner: &dyn Backend,
    start: Option<&HashMap<String, f64>>,
) -> Result<(LpSolution, Stats), SolveError> {
    solve_blocks_init(lp, s, inner, start, None)
}

/// As [`solve_blocks_from`], with blocks from an earlier solve (see [`decomposed`]).
pub(super) fn solve_blocks_init(
    lp: &LpModel,
    s: &Structure,
    inner: &dyn Backend,
    start: Option<&HashMap<String, f64>>,
    init: Option<Vec<Sub>>,
) -> Result<(LpSolution, Stats), SolveError> {
    solve_blocks_kept(lp, s, inner, start, init).map(|(sol, stats, _)| (sol, stats))
}

/// As [`solve_blocks_init`], with what the decomposition left when it answered itself.
fn solve_blocks_kept(
    lp: &LpModel,
    s: &Structure,
    inner: &dyn Backend,
    start: Option<&HashMap<String, f64>>,
    init: Option<Vec<Sub>>,
) -> Result<(LpSolution, Stats, Option<Kept>), SolveError> {
    match decomposed(lp, s, inner, start, init, false) {
        Err(SolveError::Other(e)) => {
            log::debug!(target: "blocklp::blocks", "blocks: falling back to the inner backend: {e}");
            let stats = Stats {
                blocks: s.blocks.len(),
                linking_rows: s.linking.len(),
                fallback: true,
                ..Stats::default()
            };
            inner.solve(lp).map(|sol| (sol, stats, None))
        }
        out => out,
    }
}

/// What a decomposed solve leaves: every block's tableau and points, for a sweep's variants
/// (see [`super::warm`]); for an LP also each block's optimum at the final prices, for
/// measuring right-hand-side shifts of the same LP (see [`super::shifts`]).
pub(super) struct Kept {
    pub subs: Vec<Sub>,
    /// Final linking-row prices.
    pub pi: Vec<f64>,
    /// Each block's priced optimum at `pi`, and the vertex its tableau holds.
    pub block_values: Vec<f64>,
    pub block_x: Vec<Vec<f64>>,
    /// The master's weights, per block and point.
    pub lambda: Vec<Vec<f64>>,
}

/// The decomposition proper; `Kept` only when answered without falling back. `init`:
/// the blocks as an earlier solve of a nearby LP left them (warm tableaus, and points that
/// are still solutions of their block), whose points seed the master. `big_m_verdict`: a
/// master that still needs its artificial columns (priced at 10⁴ × the largest weight) once
/// no block improves it means "infeasible", without the inner backend's proof (which takes
/// hours at 2,844 blocks; marginal values use this for their shifted LPs).
pub(super) fn decomposed(
    lp: &LpModel,
    s: &Structure,
    inner: &dyn Backend,
    start: Option<&HashMap<String, f64>>,
    init: Option<Vec<Sub>>,
    big_m_verdict: bool,
) -> Result<(LpSolution, Stats, Option<Kept>), SolveError> {
    decomposed_mode(
        lp,
        s,
        inner,
        start,
        init,
        big_m_verdict,
        false,
        true,
        true,
        0.0,
    )
}

/// A relaxation (in the LP's row units) below which a phase-one LP counts as feasible.
const PHASE_ONE_TOL: f64 = 1e-6;

/// Whether the linking rows of `lp` (whose blocks are each feasible) can be met: the
/// phase-one LP (every linking row elastic, the total relaxation minimised) is decomposed
/// too, and a Lagrangian bound (any round's) below −`PHASE_ONE_TOL` proves that every plan
/// needs a relaxation, i.e. `lp` is infeasible. `None` when not proven either way.
fn phase_one_infeasible(lp: &LpModel, s: &Structure, inner: &dyn Backend) -> Option<bool> {
    let (m, _) = super::elastic::elastic(lp, &s.linking);
    let ms = Structure::detect(&m)?;
    match decomposed_mode(&m, &ms, inner, None, None, false, true, true, true, 0.0) {
        Err(SolveError::Infeasible) => Some(true),
        Ok((sol, _, _)) if -m.objective_value(&sol.x) <= PHASE_ONE_TOL => Some(false),
        _ => None,
    }
}

/// As [`decomposed`]; with `phase_one` the LP is a phase-one LP (see
/// [`phase_one_infeasible`]): a Lagrangian bound below −`PHASE_ONE_TOL` is returned as
/// `Infeasible` (of the LP it relaxes), and nothing falls back to the inner backend.
#[allow(clippy::too_many_arguments)]
fn decomposed_mode(
    lp: &LpModel,
    s: &Structure,
    inner: &dyn Backend,
    start: Option<&HashMap<String, f64>>,
    init: Option<Vec<Sub>>,
    big_m_verdict: bool,
    phase_one: bool,
    vertex: bool,
    fallback: bool,
    gap_floor: f64,
) -> Result<(LpSolution, Stats, Option<Kept>), SolveError> {
    // Without `fallback`, what would go to the inner backend's whole-LP solve comes back as an
    // error instead (a [`Chain`] tries a cold start first).
    let inner_whole = |lp: &LpModel| {
        if fallback {
            inner.solve(lp)
        } else {
            Err(SolveError::Other(
                "the decomposition did not close (no fallback asked)".into(),
            ))
        }
    };
    let k = s.linking.len();
    let warm = init.is_some();
    let mut subs: Vec<Sub> = match init {
        Some(subs) => subs,
        None => new_subs(lp, s, |_| true).into_iter().flatten().collect(),
    };
    let rhs: Vec<f64> = s.linking.iter().map(|&r| lp.rows[r].rhs).collect();
    let senses: Vec<Sense> = s.linking.iter().map(|&r| lp.rows[r].sense).collect();
    // The cost of the master's artificial columns: far above any weight, so that they are used
    // only while the block solutions found so far cannot meet the linking rows.
    let max_obj = lp.columns.iter().map(|c| c.obj.abs()).fold(1.0, f64::max);
    let big = 1e4 * max_obj;

    let mut stats = Stats {
        blocks: subs.len(),
        linking_rows: k,
        ..Stats::default()
    };
    let mut pi: Vec<f64> = s
        .linking
        .iter()
        .map(|&r| {
            let p = start
                .and_then(|m| m.get(&lp.rows[r].name))
                .copied()
                .unwrap_or(0.0);
            // Only a price of the row's own sign is a valid Lagrangian price.
            match lp.rows[r].sense {
                Sense::Le => p.max(0.0),
                Sense::Ge => p.min(0.0),
                Sense::Eq => p,
            }
        })
        .collect();
    // From scratch, blocks are priced at the master's own prices: Wentges smoothing (pricing
    // between those and the best-bound prices) took more rounds at every scale (90 blocks:
    // 28 rounds against 13, 74 ms against 52; 2,844 blocks: 21 against 13-15). From a sweep's
    // base prices it is the other way round: they are a good centre to stay near, and plain
    // pricing wanders off them (a 90-block sweep: 18 variants/s plain, 24 smoothed).
    let alpha = if start.is_some() { WARM_SMOOTHING } else { 0.0 };
    let mut smooth = false;
    // The best Lagrangian bound and its prices: at the end these, not the master's last
    // prices (whose bound may still be loose), make the duals and the kept block states.
    let mut best_bound = f64::INFINITY;
    let mut best_pi = pi.clone();
    let mut master_value = f64::NEG_INFINITY;
    let mut lambda: Vec<Vec<f64>> = Vec::new();
    let mut artificial = true;
    let mut master = GubMaster::new(rhs.clone(), senses.clone(), subs.len(), big);
    for (b, sub) in subs.iter().enumerate() {
        for p in &sub.points {
            master.add_column(b, p.value, p.usage.clone());
        }
    }
    let mut have_master = false;
    let mut rounds = 0;
    loop {
        rounds += 1;
        if super::deadline::expired() {
            return Err(SolveError::TimeLimit);
        }
        let sep: Vec<f64> = if smooth {
            best_pi
                .iter()
                .zip(&pi)
                .map(|(c, p)| alpha * c + (1.0 - alpha) * p)
                .collect()
        } else {
            pi.clone()
        };
        let t = std::time::Instant::now();
        let found = price_blocks(&mut subs, &sep).inspect_err(|e| {
            log::debug!(target: "blocklp::blocks", "blocks: pricing: {e}");
        })?;
        stats.pricing_s += t.elapsed().as_secs_f64();
        // The Lagrangian value at these prices: an upper bound on the optimum.
        let bound = dot(&sep, &rhs) + found.iter().map(|(_, v)| v).sum::<f64>();
        // (Only prices of the rows' own signs give a bound.)
        if phase_one && bound < -PHASE_ONE_TOL && signs_ok(&sep, &senses) {
            return Err(SolveError::Infeasible);
        }
        if bound < best_bound {
            best_bound = bound;
            best_pi = sep;
        }
        // New master columns: block solutions that improve the master at its own prices.
        let sigma = have_master.then(|| master_sigma(&subs, &pi));
        let mut added = 0;
        for (b, (x, _)) in found.into_iter().enumerate() {
            let p = subs[b].point(x, k);
            let improves = match &sigma {
                None => true,
                Some(sig) => subs[b].reduced(&p, &pi) > sig[b] + IMPROVE * sig[b].abs().max(1.0),
            };
            if improves && !subs[b].points.iter().any(|q| same_point(&q.x, &p.x)) {
                master.add_column(b, p.value, p.usage.clone());
                subs[b].points.push(p);
                added += 1;
            }
        }
        if have_master
            && !artificial
            && best_bound - master_value <= GAP * master_value.abs().max(1.0)
        {
            break;
        }
        if added == 0 && have_master {
            if !smooth {
                // Exact pricing finds nothing better: the master is optimal.
                break;
            }
            // Mis-priced at the smoothed point: price at the master's own prices.
            smooth = false;
            continue;
        }
        // (A master seeded with every point pricing finds must still be solved once.)
        if rounds > MAX_ROUNDS {
            break;
        }
        let t = std::time::Instant::now();
        let m = match master.solve() {
            // Degenerate masters (many blocks exactly at a linking row's level) can cycle:
            // once more from a crash basis before giving up.
            Err(MasterError::IterationLimit) => {
                master.restart();
                master.solve()
            }
            other => other,
        }
        .map_err(|e| SolveError::Other(format!("master LP: {e:?}")))?;
        stats.master_s += t.elapsed().as_secs_f64();
        pi = m.pi;
        master_value = m.value;
        lambda = m.lambda;
        artificial = m.artificial;
        have_master = true;
        smooth = alpha > 0.0;
    }
    let pi = best_pi;
    stats.rounds = rounds;
    stats.master_columns = subs.iter().map(|s| s.points.len()).sum();
    stats.master_iterations = master.iterations;
    if artificial && big_m_verdict && rounds <= MAX_ROUNDS {
        return Err(SolveError::Infeasible);
    }
    if artificial && phase_one {
        return Err(SolveError::Other("phase one did not converge".into()));
    }
    if artificial && warm && !fallback {
        // A warm start whose points cannot meet the linking rows: the caller starts again
        // from scratch (a chain does), which settles feasibility itself; a phase one here
        // would be a second cold decomposition.
        return inner_whole(lp).map(|sol| (sol, stats, None));
    }
    if artificial {
        // The linking rows cannot all be met, it seems: a decomposed phase one proves it
        // (the inner backend's proof takes hours at 2,844 blocks); if it cannot, the inner
        // backend gives the verdict.
        if phase_one_infeasible(lp, s, inner) == Some(true) {
            return Err(SolveError::Infeasible);
        }
        stats.fallback = true;
        return inner_whole(lp).map(|sol| (sol, stats, None));
    }
    // Which blocks the master mixes, from its primal: a basic solution mixes at most as many
    // blocks as there are linking rows.
    // Columns on which a mixed block's weighted solutions agree at a bound stay there: that is
    // a face of the LP, so a vertex of what is left is a vertex of the LP. The rest, few, are
    // solved together exactly.
    // With integer columns a mix of integral block points is no integral point, and holding
    // the columns on which a mixed block's points agree is no longer exact: first try that
    // (small, quick), and if the plan misses the bound, re-optimise the mixed blocks whole.
    let is_mip = lp.has_integers();
    let attempts: &[bool] = if is_mip { &[false, true] } else { &[false] };
    let mut plan = None;
    // A MIP plan that meets every row but misses the bound: what a time-limited run answers
    // with (its gap to the bound proven) if the inner backend's search runs out of time.
    let mut best_mip: Option<(Vec<f64>, f64)> = None;
    for &whole in attempts {
        let (mut x, free, mixed) = held_plan(lp, s, &subs, &lambda, whole);
        stats.mixed_blocks = mixed;
        // Any optimum will do without `vertex`: the master's own point, if it meets the
        // linking rows (a master solved on an ill-conditioned basis can miss them by whole
        // units; the restricted problem below then makes the plan exact).
        let mixed_point = (!vertex && !is_mip)
            .then(|| {
                let mut mx = x.clone();
                mix_points(s, &subs, &lambda, &mut mx);
                mx
            })
            .filter(|mx| missed_linking_row(lp, s, mx).is_none());
        if let Some(mx) = mixed_point {
            x = mx;
        } else if free.iter().any(|&f| f) {
            let (restricted, cols) = restricted_lp(lp, &free, &x);
            stats.restricted_columns = cols.len();
            let t = std::time::Instant::now();
            let sol = match solve_restricted(&restricted, inner) {
                // An LP's restricted problem contains the master's point: "infeasible" is the
                // held columns' rounding against rows met to within their tolerance (narrow
                // two-sided windows, say). Once more with every row widened by that much.
                Err(SolveError::Infeasible) if !is_mip => {
                    solve_restricted(&widened(&restricted, RESTRICTED_WIDEN), inner)
                }
                other => other,
            };
            stats.restricted_s += t.elapsed().as_secs_f64();
            match sol {
                Ok(sol) => {
                    for (&j, &v) in cols.iter().zip(&sol) {
                        x[j] = v;
                    }
                }
                // The mixed blocks' integral points cannot meet what the others leave of the
                // linking rows: a larger restricted problem, or a real search.
                Err(SolveError::Infeasible) if is_mip => continue,
                // An LP's restricted problem holds the master's point, so "infeasible" even
                // widened is rounding in the held columns: the master's own point (its blocks'
                // points mixed by its weights) is an optimum, if not a vertex.
                Err(SolveError::Infeasible) => {
                    log::debug!(target: "blocklp::blocks",
                        "blocks: restricted problem infeasible by rounding: the master's point"
                    );
                    mix_points(s, &subs, &lambda, &mut x);
                    // Unless that point misses the linking rows itself (a master solved on an
                    // ill-conditioned basis): then the inner backend answers.
                    if let Some(r) = missed_linking_row(lp, s, &x) {
                        log::debug!(target: "blocklp::blocks", "blocks: the master's point misses {}", lp.rows[r].name);
                        stats.fallback = true;
                        return inner_whole(lp).map(|sol| (sol, stats, None));
                    }
                }
                Err(e) => {
                    log::debug!(target: "blocklp::blocks", "blocks: restricted problem ({} columns): {e}", cols.len());
                    return Err(e);
                }
            }
        }
        if !is_mip {
            plan = Some(x);
            break;
        }
        // Every round's Lagrangian value is an upper bound on the integer optimum (each block
        // was solved to integer optimality); the best of them against the plan.
        let bound = best_bound;
        let primal = lp.objective_value(&x);
        let gap = (bound - primal).max(0.0) / primal.abs().max(1.0);
        stats.bound = Some(bound);
        stats.mip_gap = Some(gap);
        if best_mip
            .as_ref()
            .is_none_or(|(b, _)| lp.objective_value(b) < primal)
        {
            best_mip = Some((x.clone(), bound.max(primal)));
        }
        if gap <= MIP_GAP {
            // Not LP duals (there are none for a MIP): the linking rows' Lagrangian prices,
            // which start a sweep's variants where this solve ended.
            let mut prices = vec![0.0; lp.rows.len()];
            for (li, &r) in s.linking.iter().enumerate() {
                prices[r] = pi[li];
            }
            return Ok((
                LpSolution {
                    x,
                    duals: Some(prices),
                    bound: Some(bound.max(primal)),
                },
                stats,
                // Blocks and their integral points, for a sweep's variants (no block values:
                // this is not an LP's state at prices).
                Some(Kept {
                    subs,
                    pi,
                    block_values: Vec::new(),
                    block_x: Vec::new(),
                    lambda,
                }),
            ));
        }
    }
    let Some(x) = plan else {
        if phase_one {
            return Err(SolveError::Other(
                "phase one: no plan within the gap".into(),
            ));
        }
        stats.fallback = true;
        return match (inner_whole(lp), best_mip) {
            (Err(SolveError::TimeLimit), Some((x, bound))) => Ok((
                LpSolution {
                    x,
                    duals: None,
                    bound: Some(bound),
                },
                stats,
                None,
            )),
            (sol, _) => sol.map(|sol| (sol, stats, None)),
        };
    };

    // Duals: the prices on linking rows, each block's own duals at those prices.
    let mut duals = vec![0.0; lp.rows.len()];
    for (li, &r) in s.linking.iter().enumerate() {
        duals[r] = pi[li];
    }
    type BlockAtPrices = Result<(Vec<f64>, f64, Vec<f64>), SolveError>;
    let block_duals: Vec<BlockAtPrices> = subs
        .par_iter_mut()
        .map(|sub| {
            let c = sub.priced(&pi);
            sub.lp
                .solve(&c)
                .map(|sol| (sol.duals, sol.objective, sol.x))
                .map_err(dense_err)
        })
        .collect();
    let mut bound = dot(&pi, &rhs);
    let mut block_values = Vec::with_capacity(subs.len());
    let mut block_x = Vec::with_capacity(subs.len());
    for (b, yd) in block_duals.into_iter().enumerate() {
        let (yd, v, bx) = yd?;
        bound += v;
        block_values.push(v);
        block_x.push(bx);
        for (&r, y) in s.blocks[b].rows.iter().zip(yd) {
            duals[r] = y;
        }
    }
    // The Lagrangian bound at the final prices against the plan: if column generation stopped
    // short (round limit, numerical trouble), the inner backend answers instead.
    let primal = lp.objective_value(&x);
    if (bound - primal) > (FINAL_GAP * primal.abs().max(1.0)).max(gap_floor) {
        if phase_one {
            return Err(SolveError::Other("phase one: gap not closed".into()));
        }
        stats.fallback = true;
        return inner_whole(lp).map(|sol| (sol, stats, None));
    }
    Ok((
        LpSolution {
            x,
            duals: Some(duals),
            bound: None,
        },
        stats,
        Some(Kept {
            subs,
            pi,
            block_values,
            block_x,
            lambda,
        }),
    ))
}

/// A linking row that `x` misses by more than a solver's rounding (the restricted problem's
/// widening), if any.
fn missed_linking_row(lp: &LpModel, s: &Structure, x: &[f64]) -> Option<usize> {
    s.linking.iter().copied().find(|&r| {
        let row = &lp.rows[r];
        let tol = (RESTRICTED_WIDEN * row.rhs.abs().max(1.0)).min(RESTRICTED_WIDEN_MAX);
        !row.holds(lp.row_activity(row, x), tol)
    })
}

/// The plan before the restricted solve: each block the master does not mix at its point;
/// in a mixed block the columns on which its weighted points agree at a bound held there
/// (with `whole`: none of them). Returns the plan, the columns left free, and how many blocks
/// are mixed.
/// The master's point in the columns of `x`: each block's points weighted by `lambda`.
fn mix_points(s: &Structure, subs: &[Sub], lambda: &[Vec<f64>], x: &mut [f64]) {
    for (b, sub) in subs.iter().enumerate() {
        let total: f64 = lambda[b].iter().sum();
        for (l, &j) in s.blocks[b].cols.iter().enumerate() {
            x[j] = sub
                .points
                .iter()
                .zip(&lambda[b])
                .map(|(p, &w)| w * p.x[l])
                .sum::<f64>()
                / total;
        }
    }
}

pub(super) fn held_plan(
    lp: &LpModel,
    s: &Structure,
    subs: &[Sub],
    lambda: &[Vec<f64>],
    whole: bool,
) -> (Vec<f64>, Vec<bool>, usize) {
    let mut x = vec![0.0; lp.columns.len()];
    let mut free = vec![false; lp.columns.len()];
    let mut mixed = 0;
    for (b, sub) in subs.iter().enumerate() {
        let weights = &lambda[b];
        let on: Vec<&Point> = (0..weights.len())
            .filter(|&j| weights[j] > 1e-9)
            .map(|j| &sub.points[j])
            .collect();
        if on.len() > 1 {
            mixed += 1;
        }
        for (l, &j) in s.blocks[b].cols.iter().enumerate() {
            let v = on[0].x[l];
            let c = &lp.columns[j];
            let at_bound = v == c.lower || v == c.upper;
            let agreed = at_bound && !whole && on.iter().all(|p| p.x[l] == v);
            if on.len() == 1 || agreed {
                x[j] = v;
            } else {
                free[j] = true;
            }
        }
    }
    (x, free, mixed)
}

/// Whether every price has its row's sign (≥ 0 on ≤ rows, ≤ 0 on ≥ rows).
fn signs_ok(pi: &[f64], senses: &[Sense]) -> bool {
    pi.iter().zip(senses).all(|(&p, s)| match s {
        Sense::Le => p >= 0.0,
        Sense::Ge => p <= 0.0,
        Sense::Eq => true,
    })
}

fn same_point(a: &[f64], b: &[f64]) -> bool {
    a.iter()
        .zip(b)
        .all(|(u, v)| (u - v).abs() <= 1e-9 * u.abs().max(1.0))
}

/// Each block's `Sub` built afresh where `which(b)`, else `None`.
pub(super) fn new_subs(
    lp: &LpModel,
    s: &Structure,
    which: impl Fn(usize) -> bool,
) -> Vec<Option<Sub>> {
    let mut link_index = vec![usize::MAX; lp.rows.len()];
    for (li, &r) in s.linking.iter().enumerate() {
        link_index[r] = li;
    }
    let by_col = lp.by_column();
    s.blocks
        .iter()
        .enumerate()
        .map(|(b, part)| which(b).then(|| build_sub(lp, part, &by_col, &link_index)))
        .collect()
}

fn build_sub(
    lp: &LpModel,
    b: &BlockPart,
    by_col: &[Vec<(usize, f64)>],
    link_index: &[usize],
) -> Sub {
    let local = |j: usize| b.cols.binary_search(&j).expect("row of this block");
    let lower: Vec<f64> = b.cols.iter().map(|&j| lp.columns[j].lower).collect();
    let upper: Vec<f64> = b.cols.iter().map(|&j| lp.columns[j].upper).collect();
    let rows: Vec<DenseRow> = b
        .rows
        .iter()
        .map(|&r| {
            let row = &lp.rows[r];
            (
                row.coeffs.iter().map(|&(j, a)| (local(j), a)).collect(),
                row.sense,
                row.rhs,
            )
        })
        .collect();
    let link = b
        .cols
        .iter()
        .map(|&j| {
            by_col[j]
                .iter()
                .filter(|&&(r, _)| link_index[r] != usize::MAX)
                .map(|&(r, a)| (link_index[r], a))
                .collect()
        })
        .collect();
    Sub {
        lp: DenseLp::new(&lower, &upper, &rows),
        obj: b.cols.iter().map(|&j| lp.columns[j].obj).collect(),
        link,
        points: Vec::new(),
        ints: b.ints.clone(),
    }
}

/// Every block's best solution at prices `pi`, with its priced value.
fn price_blocks(subs: &mut [Sub], pi: &[f64]) -> Result<Vec<(Vec<f64>, f64)>, SolveError> {
    subs.par_iter_mut()
        .map(|sub| {
            let c = sub.priced(pi);
            let sol = sub.best(&c)?;
            Ok((sol.x, sol.objective))
        })
        .collect()
}

/// σ_b: the best priced value among each block's master columns (the master dual's σ).
fn master_sigma(subs: &[Sub], pi: &[f64]) -> Vec<f64> {
    subs.iter()
        .map(|s| {
            s.points
                .iter()
                .map(|p| s.reduced(p, pi))
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect()
}

/// The restricted problem's optimum, by the dense simplex (with branch and bound over its
/// integer columns), then polished: the dense simplex's relative tolerances allow 1e-6 on a
/// row summing thousands of columns, so the columns it leaves strictly inside their bounds are re-solved by
/// the inner backend, everything else held exactly where the dense vertex put it. Those few
/// columns are the vertex's basic ones: minilp meets the rows to 1e-9 in a millisecond.
fn solve_restricted(m: &LpModel, inner: &dyn Backend) -> Result<Vec<f64>, SolveError> {
    let ints: Vec<usize> = (0..m.columns.len())
        .filter(|&j| m.columns[j].integer)
        .collect();
    if m.columns.len() > MAX_RESTRICTED_DENSE {
        return inner.solve(m).map(|sol| sol.x);
    }
    let (mut dense, c) = DenseLp::from_model(m);
    let mut x = match solve_by_branching(&mut dense, &c, &ints, RESTRICTED_NODES, None) {
        Ok(sol) => sol.x,
        // An LP's restricted problem contains the master's point: "infeasible" is rounding.
        Err(SolveError::Infeasible) if !ints.is_empty() => return Err(SolveError::Infeasible),
        Err(_) => return inner.solve(m).map(|sol| sol.x),
    };
    let inside: Vec<bool> = m
        .columns
        .iter()
        .zip(&x)
        .map(|(c, &v)| !c.integer && c.lower < v && v < c.upper)
        .collect();
    let (basic, cols) = restricted_lp(m, &inside, &x);
    match inner.solve(&basic) {
        Ok(sol) => {
            for (&j, &v) in cols.iter().zip(&sol.x) {
                x[j] = v;
            }
            Ok(x)
        }
        // Held columns a rounding error off what the rows allow: solve without holding them
        // (integer columns still at the search's values).
        Err(_) => {
            let mut held = m.clone();
            for &j in &ints {
                let col = &mut held.columns[j];
                (col.lower, col.upper, col.integer) = (x[j], x[j], false);
            }
            inner.solve(&held).map(|sol| sol.x)
        }
    }
}

/// `m` with every row's right-hand side moved outwards by `rel` of the row's size (the
/// largest of its right-hand side and its terms at their bounds, at least 1), at most
/// [`RESTRICTED_WIDEN_MAX`]; an equality becomes two rows, that far either side.
fn widened(m: &LpModel, rel: f64) -> LpModel {
    let mut w = m.clone();
    let eqs: Vec<Row> = w
        .rows
        .iter()
        .filter(|r| r.sense == Sense::Eq)
        .map(|r| Row {
            sense: Sense::Ge,
            ..r.clone()
        })
        .collect();
    for r in &mut w.rows {
        if r.sense == Sense::Eq {
            r.sense = Sense::Le;
        }
    }
    w.rows.extend(eqs);
    for r in &mut w.rows {
        let size = r
            .coeffs
            .iter()
            .map(|&(j, a)| {
                let c = &m.columns[j];
                (a * c.lower).abs().max((a * c.upper).abs())
            })
            .fold(r.rhs.abs().max(1.0), f64::max);
        let give = (rel * size).min(RESTRICTED_WIDEN_MAX);
        match r.sense {
            Sense::Le => r.rhs += give,
            Sense::Ge => r.rhs -= give,
            Sense::Eq => unreachable!("split above"),
        }
    }
    w
}

/// The LP over the `free` columns, the others held at their values in `x`: rows touching a
/// free column, with the held columns moved to the right-hand side. Returns the LP and, per
/// restricted column, its model column.
pub(super) fn restricted_lp(lp: &LpModel, free: &[bool], x: &[f64]) -> (LpModel, Vec<usize>) {
    let cols: Vec<usize> = (0..lp.columns.len()).filter(|&j| free[j]).collect();
    let mut local = vec![usize::MAX; lp.columns.len()];
    let mut m = LpModel::default();
    for (l, &j) in cols.iter().enumerate() {
        local[j] = l;
        m.add_column(lp.columns[j].clone());
    }
    for row in &lp.rows {
        if !row.coeffs.iter().any(|&(j, _)| free[j]) {
            continue;
        }
        let mut rhs = row.rhs;
        let mut coeffs = Vec::new();
        for &(j, a) in &row.coeffs {
            if free[j] {
                coeffs.push((local[j], a));
            } else {
                rhs -= a * x[j];
            }
        }
        m.rows.push(Row {
            name: row.name.clone(),
            coeffs,
            sense: row.sense,
            rhs,
            linking: true,
        });
    }
    (m, cols)
}

/// A chain of LPs of one shape (the same columns, bounds, weights and rows; only right-hand
/// sides move from one to the next, as in the fair stage's shortfall LPs), each decomposed
/// from where the last one ended: its blocks' tableaus (re-seated at the new right-hand
/// sides), the block points still feasible as master columns, and its linking-row prices.
/// Each answer is an optimum with its duals, not necessarily a vertex (the master's own
/// point): the restricted problem, most of a warm re-solve's time, is skipped.
pub(super) struct Chain {
    s: Structure,
    /// Per row, a column of its block that only it touches (a shortfall): a point that no
    /// longer meets the row is repaired by moving that column, rather than dropped.
    repair: Vec<Option<(usize, f64)>>,
    subs: Option<Vec<Sub>>,
    prices: Option<HashMap<String, f64>>,
    /// An absolute gap between the Lagrangian bound and the plan that counts as closed (the
    /// caller's own tolerance on the objective: a chain's objectives go to zero, where a gap
    /// relative to them is out of reach for thousands of blocks' rounding).
    pub gap_floor: f64,
}

impl Chain {
    pub fn new(lp: &LpModel, s: Structure) -> Chain {
        // Columns that touch exactly one row, of the same block, with a positive coefficient on
        // a `≥` row (or negative on a `≤` row): raising them meets the row at their cost.
        let by_col = lp.by_column();
        let mut repair = vec![None; lp.rows.len()];
        for (j, entries) in by_col.iter().enumerate() {
            if let [(r, a)] = entries[..] {
                let row = &lp.rows[r];
                let helps = match row.sense {
                    Sense::Ge => a > 0.0,
                    Sense::Le => a < 0.0,
                    Sense::Eq => false,
                };
                if helps && !row.linking && repair[r].is_none() {
                    repair[r] = Some((j, a));
                }
            }
        }
        Chain {
            s,
            repair,
            gap_floor: 0.0,
            subs: None,
            prices: None,
        }
    }

    /// `lp`: the chain's shape with this link's right-hand sides. A warm start that does not
    /// close (the master cycling on a degenerate LP, or left with artificial columns by the
    /// points that no longer fit) is retried from scratch before `inner` solves the whole LP
    /// (seconds at 90 blocks, where a decomposed solve takes milliseconds).
    pub fn solve(&mut self, lp: &LpModel, inner: &dyn Backend) -> Result<LpSolution, SolveError> {
        let trace = log::log_enabled!(target: "blocklp::blocks", log::Level::Debug);
        let warm = self.subs.is_some();
        let init = self.reseated(lp);
        let attempt = |init: Option<Vec<Sub>>, prices: Option<&HashMap<String, f64>>| {
            let t = std::time::Instant::now();
            let out = decomposed_mode(
                lp,
                &self.s,
                inner,
                prices,
                init,
                false,
                false,
                false,
                false,
                self.gap_floor,
            );
            if trace {
                match &out {
                    Ok((_, stats, _)) => log::debug!(
                        target: "blocklp::blocks",
                        "blocks (chain): {stats:?}, in {:.3} s",
                        t.elapsed().as_secs_f64()
                    ),
                    Err(e) => log::debug!(target: "blocklp::blocks", "blocks (chain): {e}"),
                }
            }
            out
        };
        let prices = self.prices.take();
        let mut out = attempt(init, prices.as_ref());
        if warm && matches!(out, Err(SolveError::Other(_))) {
            out = attempt(None, None);
        }
        match out {
            Ok((sol, _, Some(k))) => {
                self.prices = Some(
                    self.s
                        .linking
                        .iter()
                        .zip(&k.pi)
                        .map(|(&r, &p)| (lp.rows[r].name.clone(), p))
                        .collect(),
                );
                // Master columns kept for the next link: the ones this master used and the
                // block's latest; without pruning they pile up (10,000 at 90 blocks after a
                // hundred links) and every master is solved over all of them.
                let mut subs = k.subs;
                for (sub, lambda) in subs.iter_mut().zip(&k.lambda) {
                    let n = sub.points.len();
                    let mut i = 0;
                    sub.points.retain(|_| {
                        let keep = lambda.get(i).is_some_and(|&w| w > 0.0) || i + KEEP_LATEST >= n;
                        i += 1;
                        keep
                    });
                }
                self.subs = Some(subs);
                Ok(sol)
            }
            Ok((sol, _, None)) => Ok(sol),
            Err(SolveError::Other(e)) if !whole_fallback(lp) => Err(SolveError::Other(e)),
            Err(SolveError::Other(_)) => inner.solve(lp),
            Err(e) => Err(e),
        }
    }
}

/// Whether a chain's inner backend may answer the whole LP when the decomposition does not
/// close: seconds up to `MAX_SHIFT_COLUMNS` columns, hours at the nation (an error then, which
/// the caller reports, rather than a run that never ends).
fn whole_fallback(lp: &LpModel) -> bool {
    lp.columns.len() <= MAX_SHIFT_COLUMNS
}

impl Chain {
    /// The chain's LP at these right-hand sides, made an exact vertex (as `Blocks::solve`
    /// answers: the restricted problem, then `inner` if the decomposition does not close).
    pub fn polish(&mut self, lp: &LpModel, inner: &dyn Backend) -> Result<LpSolution, SolveError> {
        let warm = self.subs.is_some();
        let init = self.reseated(lp);
        let prices = self.prices.take();
        let attempt = |init: Option<Vec<Sub>>, prices: Option<&HashMap<String, f64>>| {
            decomposed_mode(
                lp,
                &self.s,
                inner,
                prices,
                init,
                false,
                false,
                true,
                whole_fallback(lp),
                self.gap_floor,
            )
            .map(|(sol, _, _)| sol)
        };
        // A master that fails on the warm start (cycling to its iteration limit, a singular
        // basis) is an error, not a fallback, inside the decomposition: as in `solve`, the
        // plan is then decomposed cold, and failing that solved whole (a sweep's variant lost
        // its fair plan this way, which its own solve found).
        match attempt(init, prices.as_ref()) {
            Err(SolveError::Other(e)) if warm => {
                log::debug!(target: "blocklp::blocks", "blocks (chain): polish from cold after {e}");
                match attempt(None, None) {
                    Err(SolveError::Other(_)) if whole_fallback(lp) => inner.solve(lp),
                    out => out,
                }
            }
            Err(SolveError::Other(_)) if whole_fallback(lp) => inner.solve(lp),
            out => out,
        }
    }
}

impl Chain {
    /// The last link's blocks, taken out of the chain and re-seated at `lp`'s right-hand sides.
    fn reseated(&mut self, lp: &LpModel) -> Option<Vec<Sub>> {
        let mut subs = self.subs.take()?;
        reseat(lp, &self.s, &self.repair, &mut subs);
        Some(subs)
    }
}

/// Block points a [`Chain`] keeps for its next link besides those its master used: the latest.
const KEEP_LATEST: usize = 2;

/// Blocks of an earlier link of a [`Chain`] at `lp`'s right-hand sides: each tableau keeps
/// its basis (the next solve repairs it); a point that no longer meets a row with a repair
/// column has that column moved to meet it exactly (and lowered where the row now has room),
/// so that the master keeps its columns; points that still miss a row are dropped.
fn reseat(lp: &LpModel, s: &Structure, repair: &[Option<(usize, f64)>], subs: &mut [Sub]) {
    let k = s.linking.len();
    subs.par_iter_mut().zip(&s.blocks).for_each(|(sub, part)| {
        let local = |j: usize| part.cols.binary_search(&j).expect("a column of this block");
        for (lr, &r) in part.rows.iter().enumerate() {
            sub.lp.set_rhs(lr, lp.rows[r].rhs);
        }
        let points = std::mem::take(&mut sub.points);
        let meets = |x: &[f64], r: usize| {
            let row = &lp.rows[r];
            let act: f64 = row.coeffs.iter().map(|&(j, a)| a * x[local(j)]).sum();
            row.holds(act, 1e-9 * row.rhs.abs().max(1.0))
        };
        for mut p in points {
            let mut moved = false;
            for &r in &part.rows {
                let Some((d, a)) = repair[r] else { continue };
                let row = &lp.rows[r];
                let act: f64 = row.coeffs.iter().map(|&(j, a)| a * p.x[local(j)]).sum();
                let c = &lp.columns[d];
                let l = local(d);
                // The repair column's value that meets the row exactly, within bounds.
                let want = (p.x[l] + (row.rhs - act) / a).clamp(c.lower, c.upper);
                if want != p.x[l] {
                    p.x[l] = want;
                    moved = true;
                }
            }
            let ok = part.rows.iter().all(|&r| meets(&p.x, r));
            if moved {
                p = sub.point(p.x, k);
            }
            if ok && !sub.points.iter().any(|q| same_point(&q.x, &p.x)) {
                sub.points.push(p);
            }
        }
    });
}

//! The Dantzig–Wolfe master LP, by a primal simplex with generalized upper bounds (GUB).
//!
//! The master chooses convex weights λ over each block's columns (Σ λ = 1 per block) subject to
//! a few linking rows. A plain simplex would carry one row per block; with GUB each block keeps
//! one basic "key" column whose weight is 1 minus the others', and only a working basis with
//! one column per linking row is ever factorised. There are about a dozen linking rows, so
//! the working basis is rebuilt and factorised from scratch at every pivot (no updates, no
//! drift), and an iteration costs one pass over the columns to price them.
//!
//! Row i reads Σ a_ij λ_j + s_i + e⁺_i − e⁻_i = d_i, with the slack s_i signed by the row's
//! sense and the artificials e± priced at −big, so the master is feasible from the start and
//! prices at ±big say that the columns so far cannot meet the row. All nonbasic variables sit
//! at 0 (the only finite bound each has), which keeps the bookkeeping small. The basis is kept
//! between solves: new columns enter nonbasic at 0, so it stays feasible (a warm start).

use super::model::Sense;

const TOL: f64 = 1e-9;
/// Degenerate pivots in a row before pricing switches to Bland's rule, which cannot cycle.
const DEGENERATE_RUN: usize = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Var {
    Col(usize),
    Slack(usize),
    Plus(usize),
    Minus(usize),
}

struct MCol {
    block: usize,
    value: f64,
    usage: Vec<f64>,
}

pub struct GubMaster {
    k: usize,
    rhs: Vec<f64>,
    senses: Vec<Sense>,
    big: f64,
    cols: Vec<MCol>,
    /// Columns of each block, in the order added.
    by_block: Vec<Vec<usize>>,
    keys: Vec<Option<usize>>,
    /// The working basis: one variable per linking row.
    work: Vec<Var>,
    in_work: Vec<bool>,
    /// Where partial pricing resumes.
    cursor: usize,
    /// Largest column value seen: the unit of the pricing tolerance.
    scale: f64,
    pub iterations: usize,
    /// Price every column at every pivot (after a cycle with partial pricing).
    full_pricing: bool,
}

pub struct MasterSolution {
    /// Linking-row prices (∂ master optimum / ∂ d_i).
    pub pi: Vec<f64>,
    pub value: f64,
    /// Weight of each block's columns, in the order they were added.
    pub lambda: Vec<Vec<f64>>,
    /// Some artificial column is positive: the columns so far cannot meet the linking rows.
    pub artificial: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MasterError {
    Singular,
    IterationLimit,
    Unbounded,
}

impl GubMaster {
    pub fn new(rhs: Vec<f64>, senses: Vec<Sense>, blocks: usize, big: f64) -> Self {
        let k = rhs.len();
        GubMaster {
            k,
            rhs,
            senses,
            big,
            cols: Vec::new(),
            by_block: vec![Vec::new(); blocks],
            keys: vec![None; blocks],
            work: Vec::new(),
            in_work: Vec::new(),
            cursor: 0,
            scale: 1.0,
            iterations: 0,
            full_pricing: false,
        }
    }

    /// Adds a column of `block`; the first column of a block becomes its key.
    pub fn add_column(&mut self, block: usize, value: f64, usage: Vec<f64>) {
        let id = self.cols.len();
        self.scale = self.scale.max(value.abs());
        self.cols.push(MCol {
            block,
            value,
            usage,
        });
        self.in_work.push(false);
        self.by_block[block].push(id);
        if self.keys[block].is_none() {
            self.keys[block] = Some(id);
            // A new key changes what the working basis must cover: start it again.
            self.work.clear();
        }
    }

    fn key(&self, b: usize) -> usize {
        self.keys[b].expect("every block has a column before the master is solved")
    }

    /// The linking-row column of a variable, relative to its block's key for block columns.
    fn column(&self, v: Var, out: &mut [f64]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        match v {
            Var::Col(j) => {
                let key = &self.cols[self.key(self.cols[j].block)].usage;
                for ((o, a), b) in out.iter_mut().zip(&self.cols[j].usage).zip(key) {
                    *o = a - b;
                }
            }
            Var::Slack(i) | Var::Plus(i) => out[i] = 1.0,
            Var::Minus(i) => out[i] = -1.0,
        }
    }

    fn cost(&self, v: Var) -> f64 {
        match v {
            Var::Col(j) => self.cols[j].value - self.cols[self.key(self.cols[j].block)].value,
            Var::Slack(_) => 0.0,
            Var::Plus(_) | Var::Minus(_) => -self.big,
        }
    }

    fn bounds(&self, v: Var) -> (f64, f64) {
        match v {
            Var::Slack(i) => match self.senses[i] {
                Sense::Le => (0.0, f64::INFINITY),
                Sense::Ge => (f64::NEG_INFINITY, 0.0),
                Sense::Eq => (0.0, 0.0),
            },
            _ => (0.0, f64::INFINITY),
        }
    }

    /// A position in Bland's order.
    fn index(&self, v: Var) -> usize {
        let n = self.cols.len();
        match v {
            Var::Col(j) => j,
            Var::Slack(i) => n + i,
            Var::Plus(i) => n + self.k + i,
            Var::Minus(i) => n + 2 * self.k + i,
        }
    }

    /// Right-hand side left for the working basis once every key has weight 1.
    fn residual(&self) -> Vec<f64> {
        let mut r = self.rhs.clone();
        for b in 0..self.by_block.len() {
            for (ri, u) in r.iter_mut().zip(&self.cols[self.key(b)].usage) {
                *ri -= u;
            }
        }
        r
    }

    /// A feasible start: each row's slack, or an artificial where the slack cannot absorb
    /// the residual.
    fn crash(&mut self) {
        let r = self.residual();
        self.in_work.iter_mut().for_each(|w| *w = false);
        self.work = (0..self.k)
            .map(|i| {
                let (lo, hi) = self.bounds(Var::Slack(i));
                if r[i] >= lo - TOL && r[i] <= hi + TOL {
                    Var::Slack(i)
                } else if r[i] > 0.0 {
                    Var::Plus(i)
                } else {
                    Var::Minus(i)
                }
            })
            .collect();
    }

    fn reset_in_work(&mut self) {
        self.in_work.iter_mut().for_each(|w| *w = false);
        for &v in &self.work {
            if let Var::Col(j) = v {
                self.in_work[j] = true;
            }
        }
    }

    /// Drops the working basis: the next solve starts from a crash basis (a way out of a
    /// cycle the last one ran into).
    pub fn restart(&mut self) {
        self.crash();
        self.full_pricing = true;
    }

    pub fn solve(&mut self) -> Result<MasterSolution, MasterError> {
        let k = self.k;
        if self.work.len() != k {
            self.crash();
        }
        self.reset_in_work();
        let mut residual = self.residual();
        let mut degenerate = 0;
        let limit = 50 * (self.cols.len() + k) + 1000;
        let mut col = vec![0.0; k];
        let blocks = self.by_block.len();
        // Partial pricing: enough columns per pivot to find a good one, not all of them (one
        // pivot per block per round is typical, so a full scan each time would be quadratic).
        // A fixed chunk: the pivots per round grow with the blocks, so a chunk growing with the
        // columns would make a round quadratic (at 2,844 blocks, 256 takes the master from
        // 2.3 s to 1.0 s against a sixteenth of the columns).
        let chunk = if self.full_pricing { usize::MAX } else { 256 };
        // The basis before the last pivot, and the variable that entered: a pivot on an
        // element that is only rounding leaves a singular basis, which is taken back (the
        // variable sits out until the next pivot that makes progress) instead of failing
        // the master, whose caller would then solve the whole LP without the blocks (seconds).
        let mut before: Option<Before> = None;
        let mut banned: Vec<Var> = Vec::new();
        let mut crashed = false;
        for _ in 0..limit {
            self.iterations += 1;
            let lu = match self.factor() {
                Ok(lu) => lu,
                Err(e) => match before.take() {
                    Some(b) => {
                        self.work = b.work;
                        if let Some((block, key)) = b.key {
                            self.keys[block] = key;
                        }
                        residual = b.residual;
                        self.reset_in_work();
                        banned.push(b.entering);
                        continue;
                    }
                    // A warm basis that no longer factorises: start from a crash basis.
                    None if !crashed => {
                        crashed = true;
                        self.crash();
                        residual = self.residual();
                        continue;
                    }
                    None => return Err(e),
                },
            };
            let x = lu.solve(&residual);
            // Keys of blocks without working columns have weight 1.
            let key_value = |b: usize| -> f64 {
                1.0 - self
                    .work
                    .iter()
                    .zip(&x)
                    .filter(|(v, _)| matches!(v, Var::Col(j) if self.cols[*j].block == b))
                    .map(|(_, xr)| xr)
                    .sum::<f64>()
            };
            let cw: Vec<f64> = self.work.iter().map(|&v| self.cost(v)).collect();
            let pi = lu.solve_transposed(&cw);

            // Pricing: (improvement, direction, variable).
            let bland = degenerate >= DEGENERATE_RUN;
            let mut best: Option<(f64, f64, Var)> = None;
            // Gains below this are rounding in the columns' values, not progress: chasing them
            // makes the simplex cycle between two bases.
            let threshold = 1e-11 * self.scale;
            let consider = |gain: f64, dir: f64, v: Var, best: &mut Option<(f64, f64, Var)>| {
                if gain <= threshold || banned.contains(&v) {
                    return;
                }
                // Bland: the improving variable first in the order the ratio test uses too.
                let better = match best {
                    None => true,
                    Some((g, _, _)) if !bland => gain > *g,
                    Some((_, _, w)) => self.index(v) < self.index(*w),
                };
                if better {
                    *best = Some((gain, dir, v));
                }
            };
            for i in 0..k {
                for v in [Var::Slack(i), Var::Plus(i), Var::Minus(i)] {
                    if self.work.contains(&v) {
                        continue;
                    }
                    let (lo, hi) = self.bounds(v);
                    self.column(v, &mut col);
                    let d = self.cost(v) - dot(&pi, &col);
                    if hi > 0.0 {
                        consider(d, 1.0, v, &mut best);
                    }
                    if lo < 0.0 {
                        consider(-d, -1.0, v, &mut best);
                    }
                }
            }
            let mut scanned = 0;
            let mut visited = 0;
            while visited < blocks {
                // Bland's rule needs the lowest index: scan in block order from the start.
                let b = if bland {
                    visited
                } else {
                    (self.cursor + visited) % blocks
                };
                visited += 1;
                let key = self.key(b);
                let kc = &self.cols[key];
                let sigma = kc.value - dot(&pi, &kc.usage);
                for &j in &self.by_block[b] {
                    if j == key || self.in_work[j] {
                        continue;
                    }
                    let c = &self.cols[j];
                    let d = c.value - dot(&pi, &c.usage) - sigma;
                    consider(d, 1.0, Var::Col(j), &mut best);
                    scanned += 1;
                }
                if !bland && best.is_some() && scanned >= chunk {
                    break;
                }
            }
            if !bland {
                self.cursor = (self.cursor + visited) % blocks.max(1);
            }
            let Some((_, dir, entering)) = best else {
                let mut sol = self.solution(&x);
                sol.pi = pi;
                return Ok(sol);
            };

            // Ratio test along the entering direction.
            self.column(entering, &mut col);
            let alpha = lu.solve(&col);
            // Candidates: (largest step, rate, who leaves, Bland order).
            let mut cands: Vec<(f64, f64, Leaving, usize)> = Vec::new();
            // Only keys of blocks with a working column, or of the entering column, can move.
            let mut key_rate: Vec<(usize, f64)> = Vec::new();
            let bump = |b: usize, d: f64, key_rate: &mut Vec<(usize, f64)>| match key_rate
                .iter_mut()
                .find(|(bb, _)| *bb == b)
            {
                Some((_, r)) => *r += d,
                None => key_rate.push((b, d)),
            };
            if let Var::Col(j) = entering {
                bump(self.cols[j].block, -dir, &mut key_rate);
            }
            for (r, &v) in self.work.iter().enumerate() {
                let rate = -dir * alpha[r];
                if let Var::Col(j) = v {
                    bump(self.cols[j].block, -rate, &mut key_rate);
                }
                let (lo, hi) = self.bounds(v);
                if rate < -TOL && lo.is_finite() {
                    cands.push((
                        (x[r] - lo).max(0.0) / -rate,
                        rate,
                        Leaving::Work(r),
                        self.index(v),
                    ));
                } else if rate > TOL && hi.is_finite() {
                    cands.push((
                        (hi - x[r]).max(0.0) / rate,
                        rate,
                        Leaving::Work(r),
                        self.index(v),
                    ));
                }
            }
            for &(b, rate) in &key_rate {
                if rate < -TOL {
                    let key = self.key(b);
                    cands.push((key_value(b).max(0.0) / -rate, rate, Leaving::Key(b), key));
                }
            }
            let Some(step) = cands.iter().map(|c| c.0).min_by(f64::total_cmp) else {
                return Err(MasterError::Unbounded);
            };
            // Among the blocking candidates, the largest pivot (stability) or Bland's first.
            let who = cands
                .iter()
                .filter(|c| c.0 <= step + TOL)
                .min_by(|a, b| {
                    if bland {
                        a.3.cmp(&b.3)
                    } else {
                        b.1.abs().total_cmp(&a.1.abs()).then(a.3.cmp(&b.3))
                    }
                })
                .map(|c| c.2)
                .expect("the minimum is a candidate");
            let gain = best.map_or(0.0, |b| b.0);
            degenerate = if step * gain <= 1e-12 * self.scale {
                degenerate + 1
            } else {
                banned.clear();
                0
            };
            before = Some(Before {
                work: self.work.clone(),
                key: None,
                residual: residual.clone(),
                entering,
            });
            match who {
                Leaving::Work(r) => {
                    if let Var::Col(j) = self.work[r] {
                        self.in_work[j] = false;
                    }
                    self.work[r] = entering;
                }
                Leaving::Key(b) => {
                    let other = self
                        .work
                        .iter()
                        .position(|&v| matches!(v, Var::Col(j) if self.cols[j].block == b));
                    let new_key = match other {
                        Some(r) => {
                            let Var::Col(j) = self.work[r] else {
                                unreachable!("position matched a column")
                            };
                            self.in_work[j] = false;
                            self.work[r] = entering;
                            j
                        }
                        // Only the entering column moves this key: it takes its place.
                        None => match entering {
                            Var::Col(j) => j,
                            _ => return Err(MasterError::Singular),
                        },
                    };
                    let old = self.key(b);
                    if let Some(bf) = before.as_mut() {
                        bf.key = Some((b, self.keys[b]));
                    }
                    for ((r, a), o) in residual
                        .iter_mut()
                        .zip(&self.cols[new_key].usage)
                        .zip(&self.cols[old].usage)
                    {
                        *r -= a - o;
                    }
                    self.keys[b] = Some(new_key);
                    if other.is_none() {
                        continue;
                    }
                }
            }
            if let Var::Col(j) = entering {
                self.in_work[j] = true;
            }
        }
        Err(MasterError::IterationLimit)
    }

    fn solution(&self, x: &[f64]) -> MasterSolution {
        let mut lambda: Vec<Vec<f64>> = self.by_block.iter().map(|c| vec![0.0; c.len()]).collect();
        let pos = |j: usize| {
            let b = self.cols[j].block;
            (
                b,
                self.by_block[b]
                    .binary_search(&j)
                    .expect("column of its block"),
            )
        };
        let mut value = 0.0;
        let mut artificial = false;
        let mut key_value = vec![1.0; self.by_block.len()];
        for (r, &v) in self.work.iter().enumerate() {
            match v {
                Var::Col(j) => {
                    let (b, p) = pos(j);
                    lambda[b][p] = x[r].max(0.0);
                    key_value[b] -= x[r];
                    value += self.cols[j].value * x[r];
                }
                Var::Plus(_) | Var::Minus(_) => {
                    if x[r] > TOL {
                        artificial = true;
                    }
                    value -= self.big * x[r];
                }
                Var::Slack(_) => {}
            }
        }
        for (b, &kv) in key_value.iter().enumerate() {
            let (_, p) = pos(self.key(b));
            lambda[b][p] = kv.max(0.0);
            value += self.cols[self.key(b)].value * kv;
        }
        MasterSolution {
            pi: Vec::new(),
            value,
            lambda,
            artificial,
        }
    }

    /// The working basis matrix, factorised.
    fn factor(&self) -> Result<Lu, MasterError> {
        let k = self.k;
        let mut m = vec![0.0; k * k];
        let mut col = vec![0.0; k];
        for (c, &v) in self.work.iter().enumerate() {
            self.column(v, &mut col);
            for r in 0..k {
                m[r * k + c] = col[r];
            }
        }
        Lu::new(m, k).ok_or(MasterError::Singular)
    }
}

/// The master before a pivot, and the variable that entered: the working basis (one variable
/// per linking row) and the residual are copied, the key only if the pivot changes it (one
/// block's: copying every block's keys per pivot would cost the nation's master dearly).
struct Before {
    work: Vec<Var>,
    key: Option<(usize, Option<usize>)>,
    residual: Vec<f64>,
    entering: Var,
}

#[derive(Clone, Copy)]
enum Leaving {
    Work(usize),
    Key(usize),
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Dense LU with partial pivoting of a small square matrix (row-major).
struct Lu {
    k: usize,
    lu: Vec<f64>,
    perm: Vec<usize>,
}

impl Lu {
    fn new(mut a: Vec<f64>, k: usize) -> Option<Lu> {
        let mut perm: Vec<usize> = (0..k).collect();
        for c in 0..k {
            let p = (c..k).max_by(|&x, &y| a[x * k + c].abs().total_cmp(&a[y * k + c].abs()))?;
            if a[p * k + c].abs() < 1e-12 {
                return None;
            }
            if p != c {
                for j in 0..k {
                    a.swap(p * k + j, c * k + j);
                }
                perm.swap(p, c);
            }
            let d = a[c * k + c];
            for r in c + 1..k {
                let f = a[r * k + c] / d;
                if f != 0.0 {
                    a[r * k + c] = f;
                    for j in c + 1..k {
                        a[r * k + j] -= f * a[c * k + j];
                    }
                } else {
                    a[r * k + c] = 0.0;
                }
            }
        }
        Some(Lu { k, lu: a, perm })
    }

    /// Solves A x = b.
    fn solve(&self, b: &[f64]) -> Vec<f64> {
        let k = self.k;
        let mut y: Vec<f64> = self.perm.iter().map(|&p| b[p]).collect();
        for r in 0..k {
            for c in 0..r {
                y[r] -= self.lu[r * k + c] * y[c];
            }
        }
        for r in (0..k).rev() {
            for c in r + 1..k {
                y[r] -= self.lu[r * k + c] * y[c];
            }
            y[r] /= self.lu[r * k + r];
        }
        y
    }

    /// Solves Aᵀ x = b.
    fn solve_transposed(&self, b: &[f64]) -> Vec<f64> {
        let k = self.k;
        // Aᵀ = Uᵀ Lᵀ Pᵀ... with P A = L U: Aᵀ Pᵀ = Uᵀ Lᵀ, so solve Uᵀ z = b, Lᵀ w = z, x = Pᵀ w.
        let mut z = b.to_vec();
        for r in 0..k {
            for c in 0..r {
                z[r] -= self.lu[c * k + r] * z[c];
            }
            z[r] /= self.lu[r * k + r];
        }
        for r in (0..k).rev() {
            for c in r + 1..k {
                z[r] -= self.lu[c * k + r] * z[c];
            }
        }
        let mut x = vec![0.0; k];
        for (i, &p) in self.perm.iter().enumerate() {
            x[p] = z[i];
        }
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lu_solves_both_ways() {
        let a = vec![0.0, 2.0, 1.0, 1.0, 1.0, 0.0, 3.0, 0.0, 1.0];
        let lu = Lu::new(a.clone(), 3).unwrap();
        let b = [1.0, 2.0, 3.0];
        let x = lu.solve(&b);
        for r in 0..3 {
            let v: f64 = (0..3).map(|c| a[r * 3 + c] * x[c]).sum();
            assert!((v - b[r]).abs() < 1e-12);
        }
        let y = lu.solve_transposed(&b);
        for c in 0..3 {
            let v: f64 = (0..3).map(|r| a[r * 3 + c] * y[r]).sum();
            assert!((v - b[c]).abs() < 1e-12);
        }
    }

    #[test]
    fn two_blocks_share_one_row() {
        // Block 0: (value 10, use 6) or (value 4, use 1); block 1: (9, 5) or (0, 0); use ≤ 8.
        // Best: block 0 mixes? Enumerate: (10,6)+(0,0)=10 use 6; (4,1)+(9,5)=13 use 6;
        // (10,6)+(9,5) infeasible at 11. LP: block 1 at (9,5) leaves 3 for block 0:
        // λ(10,6)+(1−λ)(4,1) uses 1+5λ ≤ 3 → λ = 0.4, value 4+6·0.4 = 6.4, total 15.4.
        let mut m = GubMaster::new(vec![8.0], vec![Sense::Le], 2, 1e3);
        m.add_column(0, 10.0, vec![6.0]);
        m.add_column(1, 0.0, vec![0.0]);
        m.add_column(0, 4.0, vec![1.0]);
        m.add_column(1, 9.0, vec![5.0]);
        let s = m.solve().unwrap();
        assert!(!s.artificial);
        assert!((s.value - 15.4).abs() < 1e-9, "{}", s.value);
        assert!((s.lambda[0][0] - 0.4).abs() < 1e-9);
        assert!((s.lambda[1][1] - 1.0).abs() < 1e-9);
        // The row's price: block 0 trades 6 value for 5 use, 1.2 per unit.
        assert!((s.pi[0] - 1.2).abs() < 1e-9, "{:?}", s.pi);
        // Warm start after a new column: block 1 gets (8, 2).
        m.add_column(1, 8.0, vec![2.0]);
        let s = m.solve().unwrap();
        // Block 1 at (8,2) leaves 6 for block 0 → (10,6): 18.
        assert!((s.value - 18.0).abs() < 1e-9, "{}", s.value);
    }

    #[test]
    fn artificials_report_unmet_rows() {
        let mut m = GubMaster::new(vec![5.0], vec![Sense::Ge], 1, 1e3);
        m.add_column(0, 1.0, vec![1.0]);
        let s = m.solve().unwrap();
        assert!(s.artificial);
        m.add_column(0, 0.5, vec![6.0]);
        let s = m.solve().unwrap();
        assert!(!s.artificial);
        // λ·1 + (1−λ)·6 ≥ 5 → λ ≤ 0.2: value 0.5 + 0.5·0.2 = 0.6.
        assert!((s.value - 0.6).abs() < 1e-9, "{}", s.value);
    }

    /// Degenerate masters as the decomposition builds them (columns added between warm
    /// solves, many with equal values and usages on a coarse grid, rows of every sense at
    /// the level of a chosen point): every solve answers, and without artificials its value
    /// is minilp's optimum of the same LP written out.
    #[test]
    fn degenerate_masters_solve_to_the_whole_lp_optimum() {
        use crate::backend::Backend;
        let mut failures = 0;
        for seed in 0..1000u64 {
            let mut rng = splitmix::Rng(seed);
            let k = 1 + rng.below(8);
            let blocks = 2 + rng.below(20);
            // A coarse grid, now and then off it by rounding (near-parallel columns).
            let grid = |rng: &mut splitmix::Rng| {
                rng.below(4) as f64
                    + if rng.chance(0.1) {
                        1e-10 * rng.unit()
                    } else {
                        0.0
                    }
            };
            // A point per block that meets the rows, so the master is feasible at the end.
            let anchor: Vec<(f64, Vec<f64>)> = (0..blocks)
                .map(|_| (grid(&mut rng), (0..k).map(|_| grid(&mut rng)).collect()))
                .collect();
            let senses: Vec<Sense> = (0..k)
                .map(|_| *rng.pick(&[Sense::Le, Sense::Ge, Sense::Eq]))
                .collect();
            let rhs: Vec<f64> = (0..k)
                .map(|i| anchor.iter().map(|(_, u)| u[i]).sum())
                .collect();
            let mut m = GubMaster::new(rhs.clone(), senses.clone(), blocks, 1e3);
            let mut cols: Vec<(usize, f64, Vec<f64>)> = Vec::new();
            type Cols = Vec<(usize, f64, Vec<f64>)>;
            let add = |m: &mut GubMaster, cols: &mut Cols, b: usize, v: f64, u: Vec<f64>| {
                m.add_column(b, v, u.clone());
                cols.push((b, v, u));
            };
            for b in 0..blocks {
                let (v, u) = (grid(&mut rng), (0..k).map(|_| grid(&mut rng)).collect());
                add(&mut m, &mut cols, b, v, u);
            }
            for (b, (v, u)) in anchor.iter().enumerate() {
                add(&mut m, &mut cols, b, *v, u.clone());
            }
            for _round in 0..4 {
                for _ in 0..blocks {
                    let b = rng.below(blocks);
                    let (v, u) = (grid(&mut rng), (0..k).map(|_| grid(&mut rng)).collect());
                    add(&mut m, &mut cols, b, v, u);
                }
                let Ok(sol) = m.solve() else {
                    failures += 1;
                    break;
                };
                assert!(!sol.artificial, "seed {seed}: the anchors meet the rows");
                // The same LP, written out (λ per column, one convexity row per block) and
                // solved whole by minilp.
                let mut lp = crate::model::LpModel::default();
                for (j, (_, v, _)) in cols.iter().enumerate() {
                    lp.add_column(crate::model::Column {
                        name: format!("l{j}"),
                        lower: 0.0,
                        upper: f64::INFINITY,
                        integer: false,
                        obj: *v,
                    });
                }
                for b in 0..blocks {
                    let t = (0..cols.len())
                        .filter(|&j| cols[j].0 == b)
                        .map(|j| (j, 1.0))
                        .collect();
                    lp.rows
                        .push(crate::model::Row::new(format!("b{b}"), t, Sense::Eq, 1.0));
                }
                for i in 0..k {
                    let t = (0..cols.len()).map(|j| (j, cols[j].2[i])).collect();
                    lp.rows.push(crate::model::Row::new(
                        format!("r{i}"),
                        t,
                        senses[i],
                        rhs[i],
                    ));
                }
                let whole = crate::backend::Minilp
                    .solve(&lp)
                    .expect("minilp solves the explicit master");
                let best = lp.objective_value(&whole.x);
                assert!(
                    (sol.value - best).abs() <= 1e-5 * best.abs().max(1.0),
                    "seed {seed}: master {} against minilp {best}",
                    sol.value
                );
            }
        }
        assert_eq!(failures, 0, "masters that failed to answer");
    }
}

//! A sweep's base solve, kept for its variants.
//!
//! Variants change a few numbers of the base. A block whose numbers a variant leaves exactly
//! as they were (its columns' bounds and weights, its own rows, its entries in the linking
//! rows) is the same LP: the variant starts it from the base's tableau and gives the master
//! the base's solutions of it as columns, so column generation resumes near where the base
//! ended instead of starting over. A variant that moves only linking rows (a shared
//! capacity, say) keeps every block and converges in a few rounds. A block whose variant moves
//! only right-hand sides of its own rows (a ceiling computed from the caller's parameters,
//! say) is the same LP but for those: it keeps the base's tableau with the new right-hand
//! sides (the next solve repairs the basis from there), and of its solutions those that still
//! meet its rows. Blocks that changed otherwise are built afresh.

use super::{Structure, Sub, new_subs};
use crate::model::LpModel;
use std::hash::{Hash, Hasher};

pub struct WarmBase {
    /// Each block's columns and fingerprints in the base: of everything, and of everything
    /// but its own rows' right-hand sides.
    cols: Vec<Vec<usize>>,
    keys: Vec<u64>,
    shapes: Vec<u64>,
    subs: Vec<Sub>,
}

impl WarmBase {
    /// The blocks a decomposed solve of `lp` left (`Kept::subs`).
    pub(super) fn new(lp: &LpModel, s: &Structure, subs: Vec<Sub>) -> WarmBase {
        WarmBase {
            cols: s.blocks.iter().map(|b| b.cols.clone()).collect(),
            keys: block_keys(lp, s, true),
            shapes: block_keys(lp, s, false),
            subs,
        }
    }

    /// The blocks for a variant `lp` split as `s`: the base's where unchanged, new ones
    /// elsewhere. `None` when the variant's blocks are not the base's columns.
    pub(super) fn blocks_for(&self, lp: &LpModel, s: &Structure) -> Option<(Vec<Sub>, usize)> {
        if s.blocks.len() != self.cols.len()
            || s.blocks.iter().zip(&self.cols).any(|(b, c)| &b.cols != c)
        {
            return None;
        }
        let keys = block_keys(lp, s, true);
        let shapes = block_keys(lp, s, false);
        let same: Vec<bool> = keys.iter().zip(&self.keys).map(|(a, b)| a == b).collect();
        let moved: Vec<bool> = (0..keys.len())
            .map(|b| !same[b] && shapes[b] == self.shapes[b])
            .collect();
        let kept = same.iter().filter(|&&x| x).count();
        let fresh = new_subs(lp, s, |b| !same[b] && !moved[b]);
        let subs = fresh
            .into_iter()
            .enumerate()
            .map(|(b, f)| match f {
                Some(sub) => sub,
                None if moved[b] => self.moved_sub(lp, s, b),
                None => self.subs[b].clone(),
            })
            .collect();
        Some((subs, kept + moved.iter().filter(|&&x| x).count()))
    }

    /// Block `b` of the base with its rows' right-hand sides as in `lp`, and the base's
    /// solutions of it that still meet them (within the block simplex's tolerance).
    fn moved_sub(&self, lp: &LpModel, s: &Structure, b: usize) -> Sub {
        let part = &s.blocks[b];
        let mut sub = self.subs[b].clone();
        let local = |j: usize| part.cols.binary_search(&j).expect("a column of this block");
        for (lr, &r) in part.rows.iter().enumerate() {
            sub.lp.set_rhs(lr, lp.rows[r].rhs);
        }
        sub.points.retain(|p| {
            part.rows.iter().all(|&r| {
                let row = &lp.rows[r];
                let act: f64 = row.coeffs.iter().map(|&(j, a)| a * p.x[local(j)]).sum();
                row.holds(act, 1e-9 * row.rhs.abs().max(1.0))
            })
        });
        sub
    }
}

/// One fingerprint per block over every number that defines its LP and its linking entries
/// (without `rhs`, all but its own rows' right-hand sides).
fn block_keys(lp: &LpModel, s: &Structure, rhs: bool) -> Vec<u64> {
    let mut link = vec![false; lp.rows.len()];
    for &r in &s.linking {
        link[r] = true;
    }
    let mut block_of = vec![usize::MAX; lp.columns.len()];
    for (b, part) in s.blocks.iter().enumerate() {
        for &j in &part.cols {
            block_of[j] = b;
        }
    }
    let mut hashers: Vec<std::collections::hash_map::DefaultHasher> =
        vec![Default::default(); s.blocks.len()];
    for (b, part) in s.blocks.iter().enumerate() {
        let h = &mut hashers[b];
        for &j in &part.cols {
            let c = &lp.columns[j];
            (
                j,
                c.lower.to_bits(),
                c.upper.to_bits(),
                c.obj.to_bits(),
                c.integer,
            )
                .hash(h);
        }
        for &r in &part.rows {
            let row = &lp.rows[r];
            (r, row.sense as u8).hash(h);
            if rhs {
                row.rhs.to_bits().hash(h);
            }
            for &(j, a) in &row.coeffs {
                (j, a.to_bits()).hash(h);
            }
        }
    }
    for (r, row) in lp.rows.iter().enumerate() {
        if link[r] {
            for &(j, a) in &row.coeffs {
                (r, j, a.to_bits()).hash(&mut hashers[block_of[j]]);
            }
        }
    }
    hashers.into_iter().map(|h| h.finish()).collect()
}

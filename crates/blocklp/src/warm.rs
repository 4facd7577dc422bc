//! A sweep's base solve, kept for its variants.
//!
//! Variants change a few numbers of the base. A block whose numbers a variant leaves exactly
//! as they were (its columns' bounds and weights, its own rows, its entries in the linking
//! rows) is the same LP: the variant starts it from the base's tableau and gives the master
//! the base's solutions of it as columns, so column generation resumes near where the base
//! ended instead of starting over. A variant that moves only linking rows (a shared
//! capacity, say) keeps every block and converges in a few rounds. Blocks that did change are
//! built afresh.

use super::decompose::{Structure, Sub, new_subs};
use super::model::LpModel;
use std::hash::{Hash, Hasher};

pub struct WarmBase {
    /// Each block's columns and fingerprint in the base.
    cols: Vec<Vec<usize>>,
    keys: Vec<u64>,
    subs: Vec<Sub>,
}

impl WarmBase {
    /// The blocks a decomposed solve of `lp` left (`Kept::subs`).
    pub(super) fn new(lp: &LpModel, s: &Structure, subs: Vec<Sub>) -> WarmBase {
        WarmBase {
            cols: s.blocks.iter().map(|b| b.cols.clone()).collect(),
            keys: block_keys(lp, s),
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
        let keys = block_keys(lp, s);
        let same: Vec<bool> = keys.iter().zip(&self.keys).map(|(a, b)| a == b).collect();
        let kept = same.iter().filter(|&&x| x).count();
        let fresh = new_subs(lp, s, |b| !same[b]);
        let subs = fresh
            .into_iter()
            .enumerate()
            .map(|(b, f)| f.unwrap_or_else(|| self.subs[b].clone()))
            .collect();
        Some((subs, kept))
    }
}

/// One fingerprint per block over every number that defines its LP and its linking entries.
fn block_keys(lp: &LpModel, s: &Structure) -> Vec<u64> {
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
            (r, row.rhs.to_bits(), row.sense as u8).hash(h);
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

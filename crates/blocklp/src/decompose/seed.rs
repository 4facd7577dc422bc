//! A sweep's base fair stage, kept for its variants' chains.
//!
//! Every variant of a sweep runs the fair stage's [`Chain`] of shortfall LPs on its own
//! optimal face. The faces differ (the priority optimum moves with the variant's numbers, and
//! with it which columns the face pins), so the chains' LPs are not one shape: their columns
//! and rows are renumbered. What stays are most blocks: a county whose columns, rows and
//! coefficients are the base's, in the caller's numbering ([`ChainIds`]), is the same block
//! LP up to bounds, right-hand sides and weights. A variant's chain starts those blocks from
//! the base's first link (the tableau with the variant's bounds, the base's points that still
//! fit, as master columns) and the linking rows from the base's prices; the others are built
//! afresh. Only where each link starts changes: every link is still solved to its optimum.

use super::{BlockPart, Chain, Structure, Sub, new_subs};
use crate::model::LpModel;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// A chain LP's columns and rows named in a numbering that a family of LPs shares (a sweep's
/// variants): per column and per row, an id that means the same thing in each of them.
pub struct ChainIds {
    pub cols: Vec<u64>,
    pub rows: Vec<u64>,
}

/// The blocks and linking-row prices of one link of a base's chain.
pub struct ChainSeed {
    /// By the id of a block's first column: its key (see [`block_key`]) and its block.
    blocks: HashMap<u64, (u64, Sub)>,
    prices: HashMap<String, f64>,
}

/// A block's columns and own rows (senses and coefficients) in the shared numbering: what its
/// tableau is built from, but for bounds and right-hand sides.
fn block_key(lp: &LpModel, part: &BlockPart, ids: &ChainIds) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for &j in &part.cols {
        ids.cols[j].hash(&mut h);
    }
    for &r in &part.rows {
        let row = &lp.rows[r];
        (ids.rows[r], row.sense as u8).hash(&mut h);
        for &(j, a) in &row.coeffs {
            (ids.cols[j], a.to_bits()).hash(&mut h);
        }
    }
    h.finish()
}

impl Chain {
    /// The chain's blocks and prices as the last link left them, for a variant's chain
    /// ([`Self::start_from`]). `None` before the first link.
    pub fn seed(&self, lp: &LpModel, ids: &ChainIds) -> Option<ChainSeed> {
        let subs = self.subs.as_ref()?;
        let prices = self.prices.clone()?;
        let blocks = self
            .s
            .blocks
            .iter()
            .zip(subs)
            .map(|(part, sub)| {
                (
                    ids.cols[part.cols[0]],
                    (block_key(lp, part, ids), sub.clone()),
                )
            })
            .collect();
        Some(ChainSeed { blocks, prices })
    }

    /// Starts the chain of `lp` from `seed`: each block the seed has (the same key) from its
    /// tableau at `lp`'s bounds and its points within them (re-seated at `lp`'s right-hand
    /// sides by the first link, as between links), the others afresh. Returns how many blocks
    /// were taken from the seed; with none the chain starts cold.
    pub fn start_from(&mut self, lp: &LpModel, ids: &ChainIds, seed: &ChainSeed) -> usize {
        let found: Vec<Option<&Sub>> = self
            .s
            .blocks
            .iter()
            .map(|part| {
                seed.blocks
                    .get(&ids.cols[part.cols[0]])
                    .filter(|(key, sub)| {
                        *key == block_key(lp, part, ids) && sub.obj.len() == part.cols.len()
                    })
                    .map(|(_, sub)| sub)
            })
            .collect();
        let kept = found.iter().filter(|f| f.is_some()).count();
        if kept == 0 {
            return 0;
        }
        let fresh = new_subs(lp, &self.s, |b| found[b].is_none());
        let mut link_index = vec![usize::MAX; lp.rows.len()];
        for (li, &r) in self.s.linking.iter().enumerate() {
            link_index[r] = li;
        }
        let by_col = lp.by_column();
        let subs = fresh
            .into_iter()
            .zip(&found)
            .zip(&self.s.blocks)
            .map(|((f, seeded), part)| match (f, seeded) {
                (Some(sub), _) => sub,
                (None, Some(seeded)) => adopt(lp, &self.s, part, seeded, &by_col, &link_index),
                (None, None) => unreachable!("every block is fresh or seeded"),
            })
            .collect();
        self.subs = Some(subs);
        self.prices = Some(seed.prices.clone());
        kept
    }
}

/// `seeded`'s tableau and points for block `part` of `lp`, whose bounds, weights and linking
/// entries may differ: bounds set to `lp`'s, weights and linking entries taken from it,
/// points outside the bounds dropped, the others valued afresh.
fn adopt(
    lp: &LpModel,
    s: &Structure,
    part: &BlockPart,
    seeded: &Sub,
    by_col: &[Vec<(usize, f64)>],
    link_index: &[usize],
) -> Sub {
    let mut sub = seeded.clone();
    for (l, &j) in part.cols.iter().enumerate() {
        let c = &lp.columns[j];
        sub.lp.set_bounds(l, c.lower, c.upper);
    }
    sub.obj = part.cols.iter().map(|&j| lp.columns[j].obj).collect();
    sub.link = part
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
    sub.ints = part.ints.clone();
    let k = s.linking.len();
    let points = std::mem::take(&mut sub.points);
    for p in points {
        let inside = part.cols.iter().enumerate().all(|(l, &j)| {
            let c = &lp.columns[j];
            let tol = 1e-9 * p.x[l].abs().max(1.0);
            p.x[l] >= c.lower - tol && p.x[l] <= c.upper + tol
        });
        if inside {
            let x = p.x;
            sub.points.push(sub.point(x, k));
        }
    }
    sub
}

//! The years of a rolling plan (R10, 三年项目滚动库): one capacity row per pool and year, tied
//! across years by carry-over (unused capacity moved to the next year) and borrowing (the next
//! year's capacity used a year early), each up to the pool's limit.
//!
//! Pool × year rows are the only rows these columns touch, so they link the county blocks as
//! the one-year pool rows do; a county's years stay inside its block (its balances, ceilings
//! and its projects' need rows tie them together).

use super::*;
use crate::scenario::{Pool, Scenario, TieBreak};

/// Objective cost of a mu carried or borrowed, under the list-order tie-break: moving
/// capacity between years is then done only when a grant needs it, so the reported flows are
/// the smallest that support the plan. Far below any grant's weight (≥ 10⁻⁶ in practice).
pub const FLOW_COST: f64 = 1e-7;

/// Whether a pool can give nothing in year `t`: no capacity of its own and none that can be
/// carried in or borrowed.
pub fn empty_in(pool: &Pool, t: usize) -> bool {
    !pool.county_held
        && pool.capacity_in(t) <= 0.0
        && pool.carry_over_max_mu <= 0.0
        && pool.borrow_max_mu <= 0.0
}

/// Carry-over and borrowing columns, and every pool's capacity row in every year.
pub fn pool_rows(sc: &Scenario, lp: &mut RuleModel) {
    let ny = sc.n_years();
    let cost = match sc.objective.tie_break {
        TieBreak::ListOrder | TieBreak::Fair => FLOW_COST,
        TieBreak::None => 0.0,
    };
    let mut carry = vec![vec![None; ny]; sc.pools.len()];
    let mut borrow = vec![vec![None; ny]; sc.pools.len()];
    let mut limits = [Vec::new(), Vec::new()];
    for k in sc.pool_ids().filter(|&k| !sc.pool(k).county_held) {
        let pool = sc.pool(k);
        // The limits are rows, not column bounds, so that their marginal values are measured;
        // the columns' own bound (all of the pool's capacity) never binds before them.
        let all = pool.capacity_over(ny);
        for t in 0..ny.saturating_sub(1) {
            for (which, max, slot) in [
                (0, pool.carry_over_max_mu, &mut carry),
                (1, pool.borrow_max_mu, &mut borrow),
            ] {
                if max <= 0.0 {
                    continue;
                }
                let (kind, stem) = if which == 0 {
                    (ColumnKind::Carry { pool: k, year: t }, "carry")
                } else {
                    (ColumnKind::Borrow { pool: k, year: t }, "borrow")
                };
                let j = lp.add_column(
                    kind,
                    Column {
                        name: named(sc, format!("{stem}.{}", pool.id), t),
                        lower: 0.0,
                        upper: all.max(max),
                        integer: false,
                        obj: -cost,
                    },
                );
                slot[k.idx()][t] = Some(j);
                let rule = if which == 0 {
                    RuleKind::CarryOver
                } else {
                    RuleKind::Borrowing
                };
                limits[which].push((
                    t,
                    (
                        Owner::Pool(k),
                        Row::new(
                            named(sc, format!("{}.{}", rule.as_str(), pool.id), t),
                            vec![(j, 1.0)],
                            Sense::Le,
                            max,
                        ),
                    ),
                ));
            }
        }
    }
    let mut uses: Vec<Vec<Vec<(usize, f64)>>> = vec![vec![Vec::new(); ny]; sc.pools.len()];
    for (j, kind) in lp.kinds.iter().enumerate() {
        if let ColumnKind::Grant { pool, year, .. } = *kind {
            uses[pool.idx()][year].push((j, 1.0));
        }
    }
    for t in 0..ny {
        let rows = sc
            .pool_ids()
            .filter(|&k| !sc.pool(k).county_held)
            .map(|k| {
                let mut coeffs = std::mem::take(&mut uses[k.idx()][t]);
                // Year t: used + carried out + lent back ≤ capacity + carried in + borrowed.
                let flows = [
                    (carry[k.idx()][t], 1.0),
                    (t.checked_sub(1).and_then(|s| carry[k.idx()][s]), -1.0),
                    (borrow[k.idx()][t], -1.0),
                    (t.checked_sub(1).and_then(|s| borrow[k.idx()][s]), 1.0),
                ];
                coeffs.extend(flows.iter().filter_map(|&(j, a)| j.map(|j| (j, a))));
                (
                    Owner::Pool(k),
                    Row::new(
                        named(sc, format!("pool_capacity.{}", sc.pool(k).id), t),
                        coeffs,
                        Sense::Le,
                        sc.pool(k).capacity_in(t),
                    ),
                )
            })
            .collect();
        lp.add_block_in(RuleKind::PoolCapacity, tag(sc, t), rows);
    }
    for (rule, rows) in [RuleKind::CarryOver, RuleKind::Borrowing]
        .into_iter()
        .zip(limits)
    {
        for t in 0..ny {
            let in_year = rows
                .iter()
                .filter(|(y, _)| *y == t)
                .map(|(_, r)| r.clone())
                .collect();
            let start = lp.rows.len();
            lp.add_block_in(rule, tag(sc, t), in_year);
            // A limit touches its one flow column only: it ties no blocks together, so the
            // decomposition keeps it inside that column's block rather than in its master.
            for r in &mut lp.lp.rows[start..] {
                r.linking = false;
            }
        }
    }
}

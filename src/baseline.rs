//! The pro-rata split a spreadsheet produces today, for comparison with the optimum.
//!
//! Method, exactly:
//! 1. Projects that a penalty rule (R8) blocks, or that no pool funds, get nothing (an officer
//!    knows the freezes); every other rule is ignored, as in the spreadsheet.
//! 2. Pools are taken in declaration order. Each pool is split among the projects eligible for
//!    it in proportion to their remaining need (need minus what earlier pools gave); if the pool
//!    covers all remaining need, every project gets its remaining need and the rest of the pool
//!    stays unallocated. Remaining need carries over to the next pool.
//!
//! 3. In a multi-year plan the spreadsheet is run year by year: each year's pools (their own
//!    capacity, nothing carried or borrowed) among the projects that can use quota that year,
//!    remaining need carried to the next year.
//!
//! The result is checked by the same rule checker as the optimum, which lists what it breaks.

use crate::alloc::Allocation;
use crate::scenario::Scenario;

pub const METHOD: &str = "pools in declaration order; each split among eligible, unblocked projects in proportion to remaining need, capped at that need; remaining need carries to the next pool; stock linkage, farmland/forest balance, outside-boundary shares, earmarks, floors, caps and minimum shares are not enforced";

pub fn pro_rata(sc: &Scenario) -> Allocation {
    let mut a = Allocation::empty(sc);
    let ny = sc.n_years();
    if sc.multi_year() {
        a.yearly = vec![vec![Vec::new(); ny]; sc.projects.len()];
        a.carry = vec![vec![0.0; ny]; sc.pools.len()];
        a.borrow = vec![vec![0.0; ny]; sc.pools.len()];
        a.draws = vec![[vec![0.0; ny], vec![0.0; ny]]; sc.counties.len()];
    }
    let mut remaining: Vec<f64> = sc.projects.iter().map(|p| p.need_mu).collect();
    for t in 0..ny {
        for k in sc.pool_ids() {
            let eligible: Vec<_> = sc
                .project_ids()
                .filter(|&p| {
                    let proj = sc.project(p);
                    sc.blocked(p).is_none()
                        && remaining[p.idx()] > 0.0
                        && sc.in_window(p, t)
                        && sc.pool(k).categories.contains(&proj.category)
                        && sc.may_draw(k, proj.county)
                })
                .collect();
            let want: f64 = eligible.iter().map(|p| remaining[p.idx()]).sum();
            if want <= 0.0 {
                continue;
            }
            let ratio = (sc.pool(k).capacity_in(t) / want).min(1.0);
            for p in eligible {
                let g = remaining[p.idx()] * ratio;
                if g > 0.0 {
                    if sc.multi_year() {
                        a.yearly[p.idx()][t].push((k, g));
                        match a.grants[p.idx()].iter_mut().find(|(q, _)| *q == k) {
                            Some((_, v)) => *v += g,
                            None => a.grants[p.idx()].push((k, g)),
                        }
                    } else {
                        a.grants[p.idx()].push((k, g));
                    }
                    remaining[p.idx()] -= g;
                }
            }
        }
    }
    for g in &mut a.grants {
        g.sort_by_key(|(k, _)| *k);
    }
    a
}

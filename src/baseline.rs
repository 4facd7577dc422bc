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
//! The result is checked by the same rule checker as the optimum, which lists what it breaks.

use crate::alloc::Allocation;
use crate::scenario::Scenario;

pub const METHOD: &str = "pools in declaration order; each split among eligible, unblocked projects in proportion to remaining need, capped at that need; remaining need carries to the next pool; stock linkage, farmland/forest balance, outside-boundary shares, earmarks, floors, caps and minimum shares are not enforced";

pub fn pro_rata(sc: &Scenario) -> Allocation {
    let mut a = Allocation::empty(sc);
    let mut remaining: Vec<f64> = sc.projects.iter().map(|p| p.need_mu).collect();
    for k in sc.pool_ids() {
        let eligible: Vec<_> = sc
            .project_ids()
            .filter(|&p| {
                sc.blocked(p).is_none()
                    && remaining[p.idx()] > 0.0
                    && sc.pool(k).categories.contains(&sc.project(p).category)
            })
            .collect();
        let want: f64 = eligible.iter().map(|p| remaining[p.idx()]).sum();
        if want <= 0.0 {
            continue;
        }
        let ratio = (sc.pool(k).capacity_mu / want).min(1.0);
        for p in eligible {
            let g = remaining[p.idx()] * ratio;
            if g > 0.0 {
                a.grants[p.idx()].push((k, g));
                remaining[p.idx()] -= g;
            }
        }
    }
    a
}

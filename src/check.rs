//! Checks an allocation against every rule, recomputed from the scenario's domain data.
//!
//! Deliberately independent of the LP: it shares no code with `model::build`, so a modelling bug
//! there shows up here as a failed check rather than as a wrong plan reported as valid.

use crate::alloc::Allocation;
use crate::scenario::*;
use serde::Serialize;

/// A plan is reported only if every rule holds within this many mu.
pub const TOL_MU: f64 = 1e-6;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Check {
    pub rule: &'static str,
    pub holds: bool,
    /// Largest amount (mu) by which any instance of the rule is broken; 0 when it holds exactly.
    pub max_violation_mu: f64,
    /// How many instances (pools, counties, projects...) the rule was checked on.
    pub instances: usize,
    /// The id of the instance with the largest violation, when one is violated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worst: Option<String>,
}

struct Acc {
    rule: &'static str,
    max: f64,
    worst: Option<String>,
    n: usize,
}

impl Acc {
    fn new(rule: &'static str) -> Self {
        Acc {
            rule,
            max: 0.0,
            worst: None,
            n: 0,
        }
    }
    /// Records one instance whose violation is `v` mu (≤ 0 means it holds).
    fn see(&mut self, id: &str, v: f64) {
        self.n += 1;
        if v > self.max {
            self.max = v;
            self.worst = Some(id.to_string());
        }
    }
    fn done(self) -> Check {
        Check {
            rule: self.rule,
            holds: self.max <= TOL_MU,
            max_violation_mu: self.max,
            instances: self.n,
            worst: if self.max > TOL_MU { self.worst } else { None },
        }
    }
}

pub fn all_hold(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.holds)
}

pub fn check(sc: &Scenario, a: &Allocation) -> Vec<Check> {
    let mut out = Vec::new();
    let granted: Vec<f64> = sc.project_ids().map(|p| a.granted(p)).collect();
    let mut county_total = vec![0.0; sc.counties.len()];
    for p in sc.project_ids() {
        county_total[sc.project(p).county.idx()] += granted[p.idx()];
    }

    let mut nonneg = Acc::new("non_negative");
    let mut elig = Acc::new("eligibility");
    for p in sc.project_ids() {
        let proj = sc.project(p);
        for &(k, v) in &a.grants[p.idx()] {
            nonneg.see(&proj.id, -v);
            let ok = sc.pool(k).categories.contains(&proj.category);
            elig.see(
                &format!("{}/{}", proj.id, sc.pool(k).id),
                if ok { 0.0 } else { v.abs() },
            );
        }
    }
    out.push(nonneg.done());
    out.push(elig.done());

    let mut cap = Acc::new("pool_capacity");
    for k in sc.pool_ids() {
        cap.see(&sc.pool(k).id, a.pool_used(k) - sc.pool(k).capacity_mu);
    }
    out.push(cap.done());

    let mut need = Acc::new("project_need");
    let mut share = Acc::new("min_share");
    for p in sc.project_ids() {
        let proj = sc.project(p);
        let g = granted[p.idx()];
        need.see(&proj.id, g - proj.need_mu);
        if proj.min_share > 0.0 {
            let floor = proj.min_share * proj.need_mu;
            // Either nothing or at least the floor: the distance to the nearer of the two.
            share.see(&proj.id, if g < floor { g.min(floor - g) } else { 0.0 });
        }
    }
    out.push(need.done());
    if share.n > 0 {
        out.push(share.done());
    }

    let mut frozen = Acc::new("frozen_county");
    let mut consol = Acc::new("township_consolidation");
    for p in sc.project_ids() {
        let proj = sc.project(p);
        let g = granted[p.idx()];
        if sc.county(proj.county).frozen {
            let exempt = sc.rules.freeze_exempt.contains(&proj.category);
            frozen.see(&proj.id, if exempt { 0.0 } else { g });
        }
        if let (Some(exempt), Some(t)) = (&sc.rules.consolidation_exempt, proj.township)
            && sc.category(proj.category).rural
            && !sc.townships[t.idx()].consolidated
        {
            let exempt = exempt.contains(&proj.category);
            consol.see(&proj.id, if exempt { 0.0 } else { g });
        }
    }
    if frozen.n > 0 {
        out.push(frozen.done());
    }
    if consol.n > 0 {
        out.push(consol.done());
    }

    // Each county's projects, once: the per-county rules below would otherwise scan every
    // project for every county (quadratic at nation scale).
    let mut by_county: Vec<Vec<ProjectId>> = vec![Vec::new(); sc.counties.len()];
    for p in sc.project_ids() {
        by_county[sc.project(p).county.idx()].push(p);
    }
    if let Some(sl) = &sc.rules.stock_linkage {
        let mut acc = Acc::new("stock_linkage");
        for c in sc.county_ids() {
            let cty = sc.county(c);
            let drawn: f64 = by_county[c.idx()]
                .iter()
                .flat_map(|p| a.grants[p.idx()].iter())
                .filter(|(k, _)| sl.pools.contains(k))
                .map(|(_, v)| v)
                .sum();
            let ceiling =
                sl.alpha * cty.disposed_unsupplied_mu + sl.beta * cty.disposed_idle_mu + sl.base_mu;
            acc.see(&cty.id, drawn - ceiling);
        }
        out.push(acc.done());
    }

    for (rule, bal, occupied, held) in [
        (
            "farmland_balance",
            &sc.rules.farmland,
            (|p: &Project| p.farmland_mu) as fn(&Project) -> f64,
            (|c: &County| c.farmland_held_mu) as fn(&County) -> f64,
        ),
        (
            "forest_balance",
            &sc.rules.forest,
            |p: &Project| p.forest_mu,
            |c: &County| c.forest_held_mu,
        ),
    ] {
        let Some(bal) = bal else { continue };
        let mut acc = Acc::new(rule);
        let mut shortfall_total = 0.0;
        for c in sc.county_ids() {
            let used = occupation_of(sc, a, &by_county[c.idx()], occupied);
            let short = (used - held(sc.county(c))).max(0.0);
            shortfall_total += short;
            acc.see(&sc.county(c).id, short - bal.shared_pool_mu);
        }
        // What counties use beyond their own holdings must fit in the shared pool together.
        acc.see("shared_pool", shortfall_total - bal.shared_pool_mu);
        out.push(acc.done());
    }

    if let Some(ob) = &sc.rules.outside_boundary {
        let outside = |ps: &mut dyn Iterator<Item = ProjectId>| -> (f64, f64) {
            ps.fold((0.0, 0.0), |(o, t), p| {
                let g = granted[p.idx()];
                (
                    o + if sc.project(p).outside_boundary {
                        g
                    } else {
                        0.0
                    },
                    t + g,
                )
            })
        };
        if let Some(s) = ob.max_share_county {
            let mut acc = Acc::new("outside_boundary_county");
            for c in sc.county_ids() {
                let (o, t) = outside(&mut by_county[c.idx()].iter().copied());
                acc.see(&sc.county(c).id, o - s * t);
            }
            out.push(acc.done());
        }
        if let Some(s) = ob.max_share_total {
            let mut acc = Acc::new("outside_boundary_total");
            let (o, t) = outside(&mut sc.project_ids());
            acc.see("total", o - s * t);
            out.push(acc.done());
        }
    }

    if !sc.rules.earmarks.is_empty() {
        let mut acc = Acc::new("earmark");
        let total: f64 = granted.iter().sum();
        for e in &sc.rules.earmarks {
            let in_cat: f64 = sc
                .project_ids()
                .filter(|&p| sc.project(p).category == e.category)
                .map(|p| granted[p.idx()])
                .sum();
            let basis = match e.basis {
                EarmarkBasis::Plan => sc.plan_total_mu(),
                EarmarkBasis::Granted => total,
            };
            acc.see(&sc.category(e.category).id, e.min_share * basis - in_cat);
        }
        out.push(acc.done());
    }

    let mut floor = Acc::new("county_floor");
    let mut capc = Acc::new("county_cap");
    for c in sc.county_ids() {
        let cty = sc.county(c);
        if let Some(f) = cty.floor_mu {
            floor.see(&cty.id, f - county_total[c.idx()]);
        }
        if let Some(k) = cty.cap_mu {
            capc.see(&cty.id, county_total[c.idx()] - k);
        }
    }
    if floor.n > 0 {
        out.push(floor.done());
    }
    if capc.n > 0 {
        out.push(capc.done());
    }
    out
}

/// Farmland (or forest) occupied by these projects' grants: each occupies its share.
fn occupation_of(
    sc: &Scenario,
    a: &Allocation,
    ps: &[ProjectId],
    occupied: fn(&Project) -> f64,
) -> f64 {
    ps.iter()
        .map(|&p| {
            let proj = sc.project(p);
            occupied(proj) * a.granted(p) / proj.need_mu
        })
        .sum()
}

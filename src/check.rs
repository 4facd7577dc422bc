//! Checks an allocation against every rule, recomputed from the scenario's domain data.
//!
//! Deliberately independent of the LP: it imports only the scenario, the allocation and the rule
//! vocabulary (`rules`, names only), never the model (a test in `tests/integration/layers.rs`
//! guards this), so a modelling bug there shows up here as a failed check rather than as a wrong
//! plan reported as valid.

use crate::alloc::Allocation;
use crate::rules::RuleId;
use crate::scenario::*;
use serde::Serialize;

mod trades;

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

pub(crate) struct Acc {
    rule: RuleId,
    max: f64,
    worst: Option<String>,
    n: usize,
}

impl Acc {
    pub(crate) fn new(rule: RuleId) -> Self {
        Acc {
            rule,
            max: 0.0,
            worst: None,
            n: 0,
        }
    }
    /// Records one instance whose violation is `v` mu (≤ 0 means it holds).
    pub(crate) fn see(&mut self, id: &str, v: f64) {
        self.n += 1;
        if v > self.max {
            self.max = v;
            self.worst = Some(id.to_string());
        }
    }
    pub(crate) fn done(self) -> Check {
        Check {
            rule: self.rule.as_str(),
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
    let years = &sc.horizon.years;
    let ny = years.len();
    let multi = ny > 1;
    // An instance id, with its year in a multi-year plan (`wucheng@2026`).
    let at = |id: &str, t: usize| -> String {
        if multi {
            format!("{id}@{}", years[t])
        } else {
            id.to_string()
        }
    };
    // Per year and project: (pool, mu); a one-year plan's only year is its grants.
    let in_year = |p: ProjectId, t: usize| -> &[(PoolId, f64)] {
        if multi {
            a.yearly
                .get(p.idx())
                .and_then(|y| y.get(t))
                .map_or(&[], |v| v.as_slice())
        } else {
            &a.grants[p.idx()]
        }
    };
    let granted_y: Vec<Vec<f64>> = (0..ny)
        .map(|t| {
            sc.project_ids()
                .map(|p| in_year(p, t).iter().map(|(_, v)| v).sum())
                .collect()
        })
        .collect();
    let granted: Vec<f64> = if multi {
        sc.project_ids()
            .map(|p| (0..ny).map(|t| granted_y[t][p.idx()]).sum())
            .collect()
    } else {
        sc.project_ids().map(|p| a.granted(p)).collect()
    };
    let mut county_total = vec![vec![0.0; sc.counties.len()]; ny];
    for t in 0..ny {
        for p in sc.project_ids() {
            county_total[t][sc.project(p).county.idx()] += granted_y[t][p.idx()];
        }
    }

    let mut nonneg = Acc::new(RuleId::NonNegative);
    let mut elig = Acc::new(RuleId::Eligibility);
    for t in 0..ny {
        for p in sc.project_ids() {
            let proj = sc.project(p);
            for &(k, v) in in_year(p, t) {
                nonneg.see(&at(&proj.id, t), -v);
                let pool = sc.pool(k);
                let ok = pool.categories.contains(&proj.category)
                    && (pool.counties.is_empty() || pool.counties.contains(&proj.county));
                elig.see(
                    &at(&format!("{}/{}", proj.id, pool.id), t),
                    if ok { 0.0 } else { v.abs() },
                );
            }
        }
    }
    out.push(nonneg.done());
    out.push(elig.done());

    if multi {
        // Grants only in the years a project can use them; the totals are the years' sum.
        let mut window = Acc::new(RuleId::ProjectWindow);
        for p in sc.project_ids() {
            let proj = sc.project(p);
            let outside: f64 = (0..ny)
                .filter(|&t| t < proj.ready || t > proj.last)
                .map(|t| granted_y[t][p.idx()].abs())
                .sum();
            let total_gap = (a.granted(p) - granted[p.idx()]).abs();
            window.see(&proj.id, outside.max(total_gap));
        }
        out.push(window.done());
    }

    let flow = |v: &Vec<Vec<f64>>, k: PoolId, t: usize| -> f64 {
        v.get(k.idx())
            .and_then(|f| f.get(t))
            .copied()
            .unwrap_or(0.0)
    };
    let mut cap = Acc::new(RuleId::PoolCapacity);
    for t in 0..ny {
        for k in sc.pool_ids() {
            let pool = sc.pool(k);
            if pool.county_held {
                continue; // each county's own holding: see linkage_held
            }
            let used: f64 = sc
                .project_ids()
                .flat_map(|p| in_year(p, t))
                .filter(|(q, _)| *q == k)
                .map(|(_, v)| v)
                .sum();
            // Year t: used + carried out + lent to t−1 ≤ capacity + carried in + borrowed.
            let prev = |v: &Vec<Vec<f64>>| if t > 0 { flow(v, k, t - 1) } else { 0.0 };
            let out_flows = flow(&a.carry, k, t) + prev(&a.borrow);
            let in_flows = prev(&a.carry) + flow(&a.borrow, k, t);
            cap.see(
                &at(&pool.id, t),
                used + out_flows - in_flows - pool.capacity_in(t),
            );
        }
    }
    out.push(cap.done());
    if multi {
        for (rule, flows, limit) in [
            (
                RuleId::CarryOver,
                &a.carry,
                (|p: &Pool| p.carry_over_max_mu) as fn(&Pool) -> f64,
            ),
            (RuleId::Borrowing, &a.borrow, |p: &Pool| p.borrow_max_mu),
        ] {
            let mut acc = Acc::new(rule);
            for k in sc.pool_ids() {
                for t in 0..ny {
                    let v = flow(flows, k, t);
                    // Nothing moves past the last year; within the limit and ≥ 0 otherwise.
                    let max = if t + 1 < ny { limit(sc.pool(k)) } else { 0.0 };
                    acc.see(&at(&sc.pool(k).id, t), (v - max).max(-v));
                }
            }
            out.push(acc.done());
        }
    }

    let mut need = Acc::new(RuleId::ProjectNeed);
    let mut share = Acc::new(RuleId::MinShare);
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

    let mut frozen = Acc::new(RuleId::FrozenCounty);
    let mut consol = Acc::new(RuleId::TownshipConsolidation);
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
        let mut acc = Acc::new(RuleId::StockLinkage);
        for t in 0..ny {
            for c in sc.county_ids() {
                let cty = sc.county(c);
                let drawn: f64 = by_county[c.idx()]
                    .iter()
                    .flat_map(|&p| in_year(p, t).iter())
                    .filter(|(k, _)| sl.pools.contains(k))
                    .map(|(_, v)| v)
                    .sum();
                let y = cty.year(t);
                let ceiling =
                    sl.alpha * y.disposed_unsupplied_mu + sl.beta * y.disposed_idle_mu + sl.base_mu;
                acc.see(&at(&cty.id, t), drawn - ceiling);
            }
        }
        out.push(acc.done());
    }

    // Bought and sold per county, indicator and year (trades are checked further down).
    let mut net_bought = vec![[vec![0.0; ny], vec![0.0; ny], vec![0.0; ny]]; sc.counties.len()];
    for tr in &a.trades {
        if tr.year < ny && tr.to.idx() < sc.counties.len() && tr.from.idx() < sc.counties.len() {
            net_bought[tr.to.idx()][tr.indicator.idx()][tr.year] += tr.mu;
            net_bought[tr.from.idx()][tr.indicator.idx()][tr.year] -= tr.mu;
        }
    }

    for (rule, bal, occupied, added, ind, r) in [
        (
            RuleId::FarmlandBalance,
            &sc.rules.farmland,
            (|p: &Project| p.farmland_mu) as fn(&Project) -> f64,
            (|y: &CountyYear| y.farmland_added_mu) as fn(&CountyYear) -> f64,
            Indicator::Farmland,
            0,
        ),
        (
            RuleId::ForestBalance,
            &sc.rules.forest,
            |p: &Project| p.forest_mu,
            |y: &CountyYear| y.forest_added_mu,
            Indicator::Forest,
            1,
        ),
    ] {
        let Some(bal) = bal else { continue };
        let mut acc = Acc::new(rule);
        if !multi {
            let mut shortfall_total = 0.0;
            for c in sc.county_ids() {
                let used = occupation_of(sc, a, &by_county[c.idx()], occupied);
                let held = added(&sc.county(c).year(0)) + net_bought[c.idx()][ind.idx()][0];
                let short = (used - held).max(0.0);
                shortfall_total += short;
                acc.see(&sc.county(c).id, short - bal.shared_pool_mu);
            }
            // What counties use beyond their own holdings must fit in the shared pool together.
            acc.see("shared_pool", shortfall_total - bal.shared_pool_mu);
        } else {
            // Banked: up to each year, occupied ≤ added + drawn + bought − sold.
            let draw = |c: CountyId, t: usize| -> f64 {
                a.draws
                    .get(c.idx())
                    .and_then(|d| d[r].get(t))
                    .copied()
                    .unwrap_or(0.0)
            };
            for t in 0..ny {
                let mut drawn_total = 0.0;
                for c in sc.county_ids() {
                    let cty = sc.county(c);
                    let mut balance = 0.0;
                    for s in 0..=t {
                        let used: f64 = by_county[c.idx()]
                            .iter()
                            .map(|&p| {
                                let proj = sc.project(p);
                                occupied(proj) * granted_y[s][p.idx()] / proj.need_mu
                            })
                            .sum();
                        balance += used
                            - added(&cty.year(s))
                            - draw(c, s)
                            - net_bought[c.idx()][ind.idx()][s];
                    }
                    acc.see(&at(&cty.id, t), balance);
                    acc.see(&at(&format!("{}/draw", cty.id), t), -draw(c, t));
                    drawn_total += draw(c, t);
                }
                acc.see(&at("shared_pool", t), drawn_total - bal.shared_pool_mu);
            }
        }
        out.push(acc.done());
    }

    if let Some(k) = sc.pools.iter().position(|p| p.county_held) {
        let k = PoolId(k as u32);
        let mut acc = Acc::new(RuleId::LinkageHeld);
        for t in 0..ny {
            for c in sc.county_ids() {
                let cty = sc.county(c);
                let mut balance = 0.0;
                let bought = &net_bought[c.idx()][Indicator::Linkage.idx()];
                for (s, bought_s) in bought[..=t].iter().enumerate() {
                    let used: f64 = by_county[c.idx()]
                        .iter()
                        .flat_map(|&p| in_year(p, s).iter())
                        .filter(|(q, _)| *q == k)
                        .map(|(_, v)| v)
                        .sum();
                    balance += used - cty.year(s).linkage_added_mu - bought_s;
                }
                acc.see(&at(&cty.id, t), balance);
            }
        }
        out.push(acc.done());
    }

    if let Some(ob) = &sc.rules.outside_boundary {
        let outside = |ps: &mut dyn Iterator<Item = ProjectId>, g: &[f64]| -> (f64, f64) {
            ps.fold((0.0, 0.0), |(o, t), p| {
                let g = g[p.idx()];
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
            let mut acc = Acc::new(RuleId::OutsideBoundaryCounty);
            for (t, g) in granted_y.iter().enumerate() {
                for c in sc.county_ids() {
                    let (o, tot) = outside(&mut by_county[c.idx()].iter().copied(), g);
                    acc.see(&at(&sc.county(c).id, t), o - s * tot);
                }
            }
            out.push(acc.done());
        }
        if let Some(s) = ob.max_share_total {
            let mut acc = Acc::new(RuleId::OutsideBoundaryTotal);
            for (t, g) in granted_y.iter().enumerate() {
                let (o, tot) = outside(&mut sc.project_ids(), g);
                acc.see(&at("total", t), o - s * tot);
            }
            out.push(acc.done());
        }
        if let Some(s) = ob.max_share_horizon {
            let mut acc = Acc::new(RuleId::OutsideBoundaryHorizon);
            let (o, tot) = outside(&mut sc.project_ids(), &granted);
            acc.see("horizon", o - s * tot);
            out.push(acc.done());
        }
    }

    if !sc.rules.earmarks.is_empty() {
        let mut acc = Acc::new(RuleId::Earmark);
        for (t, g) in granted_y.iter().enumerate() {
            let total: f64 = g.iter().sum();
            let plan: f64 = sc
                .pools
                .iter()
                .filter(|p| !p.county_held)
                .map(|p| p.capacity_in(t))
                .sum();
            for e in &sc.rules.earmarks {
                let in_cat: f64 = sc
                    .project_ids()
                    .filter(|&p| sc.project(p).category == e.category)
                    .map(|p| g[p.idx()])
                    .sum();
                let basis = match e.basis {
                    EarmarkBasis::Plan => plan,
                    EarmarkBasis::Granted => total,
                };
                acc.see(
                    &at(&sc.category(e.category).id, t),
                    e.min_share * basis - in_cat,
                );
            }
        }
        out.push(acc.done());
    }

    let mut floor = Acc::new(RuleId::CountyFloor);
    let mut capc = Acc::new(RuleId::CountyCap);
    let mut deduct = Acc::new(RuleId::CountyDeduction);
    for (t, totals) in county_total.iter().enumerate() {
        for c in sc.county_ids() {
            let cty = sc.county(c);
            let total = totals[c.idx()];
            if let Some(f) = cty.floor_mu {
                floor.see(&at(&cty.id, t), f - total);
            }
            if let Some(k) = cty.cap_mu {
                capc.see(&at(&cty.id, t), total - k);
            }
            let d = cty.year(t).deduction_mu;
            if d > 0.0 {
                // The most it may receive, its cap or else all its ready projects' need, less d.
                let most = cty.cap_mu.unwrap_or_else(|| {
                    by_county[c.idx()]
                        .iter()
                        .filter(|&&p| {
                            let proj = sc.project(p);
                            sc.blocked(p).is_none() && proj.ready <= t && t <= proj.last
                        })
                        .map(|&p| sc.project(p).need_mu)
                        .sum()
                });
                deduct.see(&at(&cty.id, t), total - (most - d).max(0.0));
            }
        }
    }
    if floor.n > 0 {
        out.push(floor.done());
    }
    if capc.n > 0 {
        out.push(capc.done());
    }
    if deduct.n > 0 {
        out.push(deduct.done());
    }
    if sc.rules.trading.is_some() || !a.trades.is_empty() {
        out.extend(trades::check(sc, a));
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

//! Builds the allocation LP from a validated scenario.
//!
//! Columns: `x.<project>.<pool>` mu granted (only for eligible, unblocked pairs),
//! `y.<project>` binaries for indivisible and minimum-share projects, and
//! `draw.<resource>.<county>` draws on shared compensation pools. With a horizon of several
//! years every grant, draw and per-year row carries the year (`x.<project>.<pool>.<year>`,
//! `pool_capacity.<pool>.<year>`); carry-over and borrowing columns are in [`super::years`],
//! trading columns and rows in [`super::trading`].

pub use super::Grants;
use super::trading::Market;
use super::*;
use crate::scenario::*;

/// Relative size of the list-order tie-break; see [`objective_coeff`].
pub const TIE_EPS: f64 = 1e-6;

impl Grants {
    /// Terms of "mu granted to p" (over the horizon) scaled by `a`.
    fn terms(&self, p: ProjectId, a: f64) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.cols[p.idx()].iter().map(move |&j| (j, a))
    }

    /// Terms of "mu granted to p in year t" scaled by `a`.
    pub fn terms_in(
        &self,
        p: ProjectId,
        t: usize,
        a: f64,
    ) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.by_year[p.idx()][t].iter().map(move |&j| (j, a))
    }

    /// Terms of "mu granted to p up to and including year t" scaled by `a`.
    fn terms_upto(
        &self,
        p: ProjectId,
        t: usize,
        a: f64,
    ) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.by_year[p.idx()][..=t]
            .iter()
            .flatten()
            .map(move |&j| (j, a))
    }

    fn any_in(&self, p: ProjectId, t: usize) -> bool {
        !self.by_year[p.idx()][t].is_empty()
    }
}

/// Objective coefficient of a grant: the project's weight, lowered by at most `TIE_EPS`
/// (relative) in list order, so that among equally weighted grants the earlier project in the
/// file, then the earlier pool, is preferred, and the optimum is a unique, stated choice.
pub fn objective_coeff(sc: &Scenario, p: ProjectId, pool_rank: usize) -> f64 {
    let w = sc.weight(p);
    match sc.objective.tie_break {
        // The fair rule settles ties after the optimum (`super::fair`), not by the weights.
        TieBreak::None | TieBreak::Fair => w,
        TieBreak::ListOrder => {
            let n = sc.projects.len().max(1) as f64;
            let k = sc.pools.len().max(1) as f64;
            let rank = (p.idx() as f64 * k + pool_rank as f64) / (n * k);
            w * (1.0 - TIE_EPS * rank)
        }
    }
}

/// The most a project could be granted over its window whatever the other rules: its need, what
/// its eligible pools hold in its years, its county's cap in those years. A minimum share holds
/// over the whole horizon (README, R10), so this sums the window's years; a pool's years before
/// the window can add at most one carry-over into it and its years after at most one borrowing.
/// Generous, never short: it only spares the model a binary that could never be 1.
fn reachable_mu(sc: &Scenario, p: ProjectId) -> f64 {
    let proj = sc.project(p);
    let ny = sc.n_years();
    let window: Vec<usize> = (0..ny).filter(|&t| sc.in_window(p, t)).collect();
    let (Some(&first), Some(&last)) = (window.first(), window.last()) else {
        return 0.0;
    };
    let pools: f64 = sc
        .eligible_pools(p)
        .map(|k| {
            let pool = sc.pool(k);
            let held = if pool.county_held || ny == 1 {
                pool.capacity_mu
            } else {
                let own: f64 = window.iter().map(|&t| pool.capacity_in(t)).sum();
                let carried_in = if first > 0 {
                    pool.carry_over_max_mu
                } else {
                    0.0
                };
                let borrowed_in = if last + 1 < ny {
                    pool.borrow_max_mu
                } else {
                    0.0
                };
                own + carried_in + borrowed_in
            };
            held.min(proj.need_mu)
        })
        .sum();
    let cap = sc
        .county(proj.county)
        .cap_mu
        .map_or(f64::INFINITY, |c| c * window.len() as f64);
    proj.need_mu.min(pools).min(cap)
}

fn row(name: String, coeffs: Vec<(usize, f64)>, sense: Sense, rhs: f64) -> Row {
    Row::new(name, coeffs, sense, rhs)
}

/// The LP whose optimum is the plan (for lexicographic mode: its final stage, without the
/// tier-fix rows, which [`super::solve`] adds).
pub fn build(sc: &Scenario) -> (RuleModel, Grants) {
    let ny = sc.n_years();
    let mut lp = RuleModel::default();
    let mut grants = Grants {
        cols: vec![Vec::new(); sc.projects.len()],
        by_year: vec![vec![Vec::new(); ny]; sc.projects.len()],
    };

    for p in sc.project_ids() {
        if sc.blocked(p).is_some() {
            continue;
        }
        let proj = sc.project(p);
        for t in (0..ny).filter(|&t| sc.in_window(p, t)) {
            for (rank, k) in sc.eligible_pools(p).enumerate() {
                if sc.multi_year() && super::years::empty_in(sc.pool(k), t) {
                    continue; // nothing to grant from: no column
                }
                let j = lp.add_column(
                    ColumnKind::Grant {
                        project: p,
                        pool: k,
                        year: t,
                    },
                    Column {
                        name: named(sc, format!("x.{}.{}", proj.id, sc.pool(k).id), t),
                        lower: 0.0,
                        upper: proj.need_mu,
                        integer: false,
                        obj: objective_coeff(sc, p, rank) * sc.year_factor(t),
                    },
                );
                grants.cols[p.idx()].push(j);
                grants.by_year[p.idx()][t].push(j);
            }
        }
    }

    super::years::pool_rows(sc, &mut lp);

    let mut need_rows = Vec::new();
    let mut share_rows = Vec::new();
    for p in sc.project_ids() {
        let proj = sc.project(p);
        let cols = &grants.cols[p.idx()];
        if cols.is_empty() {
            continue;
        }
        // A project that could never reach its minimum share (its pools and its county's cap
        // hold less) gets nothing: its columns are fixed at 0 rather than tied to a binary
        // whose integrality tolerance, times a need of up to 10^10 mu, would be whole mu.
        if proj.min_share > 0.0
            && proj.min_share * proj.need_mu > reachable_mu(sc, p) * (1.0 + 1e-12)
        {
            for &j in cols {
                lp.columns[j].upper = 0.0;
            }
            continue;
        }
        if proj.min_share > 0.0 {
            let y = lp.add_column(
                ColumnKind::Funded { project: p },
                Column {
                    name: format!("y.{}", proj.id),
                    lower: 0.0,
                    upper: 1.0,
                    integer: true,
                    obj: 0.0,
                },
            );
            let mut up: Vec<_> = grants.terms(p, 1.0).collect();
            up.push((y, -proj.need_mu));
            if proj.min_share >= 1.0 {
                share_rows.push((
                    Owner::Project(p),
                    row(format!("min_share.{}", proj.id), up, Sense::Eq, 0.0),
                ));
            } else {
                let mut low: Vec<_> = grants.terms(p, 1.0).collect();
                low.push((y, -proj.min_share * proj.need_mu));
                need_rows.push((
                    Owner::Project(p),
                    row(format!("project_need.{}", proj.id), up, Sense::Le, 0.0),
                ));
                share_rows.push((
                    Owner::Project(p),
                    row(format!("min_share.{}", proj.id), low, Sense::Ge, 0.0),
                ));
            }
        } else if cols.len() > 1 {
            need_rows.push((
                Owner::Project(p),
                row(
                    format!("project_need.{}", proj.id),
                    grants.terms(p, 1.0).collect(),
                    Sense::Le,
                    proj.need_mu,
                ),
            ));
        }
    }
    lp.add_block(RuleKind::ProjectNeed, need_rows);
    lp.add_block(RuleKind::MinShare, share_rows);

    let by_county = sc.projects_by_county();
    let market = Market::columns(sc, &mut lp, &grants, &by_county);

    if let Some(sl) = &sc.rules.stock_linkage {
        for t in 0..ny {
            let rows = sc
                .county_ids()
                .map(|c| {
                    let cty = sc.county(c);
                    let coeffs = by_county[c.idx()]
                        .iter()
                        .flat_map(|&p| grants.by_year[p.idx()][t].iter().copied())
                        .filter(|&j| matches!(lp.kinds[j], ColumnKind::Grant { pool, .. } if sl.pools.contains(&pool)))
                        .map(|j| (j, 1.0))
                        .collect();
                    let rhs = sl.ceiling_in(cty, t);
                    let name = named(sc, format!("stock_linkage.{}", cty.id), t);
                    (Owner::County(c), row(name, coeffs, Sense::Le, rhs))
                })
                .collect();
            lp.add_block_in(RuleKind::StockLinkage, tag(sc, t), rows);
        }
    }

    for (resource, rule, shared_rule) in [
        (
            Resource::Farmland,
            RuleKind::FarmlandBalance,
            RuleKind::FarmlandShared,
        ),
        (
            Resource::Forest,
            RuleKind::ForestBalance,
            RuleKind::ForestShared,
        ),
    ] {
        let Some(bal) = (match resource {
            Resource::Farmland => &sc.rules.farmland,
            Resource::Forest => &sc.rules.forest,
        }) else {
            continue;
        };
        let indicator = resource.indicator();
        // Indicators are banked: year t's row counts everything occupied, drawn, bought and
        // sold up to t against everything added up to t.
        let mut county_draws: Vec<Vec<usize>> = vec![Vec::new(); sc.counties.len()];
        let occupies: Vec<bool> = sc
            .county_ids()
            .map(|c| {
                by_county[c.idx()].iter().any(|&p| {
                    !grants.cols[p.idx()].is_empty()
                        && occupied_per_mu(sc.project(p), resource) > 0.0
                })
            })
            .collect();
        for t in 0..ny {
            let mut rows = Vec::new();
            let mut draws = Vec::new();
            for c in sc.county_ids() {
                let cty = sc.county(c);
                let mut coeffs: Vec<(usize, f64)> = by_county[c.idx()]
                    .iter()
                    .flat_map(|&p| {
                        grants.terms_upto(p, t, occupied_per_mu(sc.project(p), resource))
                    })
                    .filter(|&(_, a)| a > 0.0)
                    .collect();
                let trades = market.terms_upto(c, indicator, t);
                // A county that occupies nothing in any year and cannot trade has no balance.
                if !occupies[c.idx()] && trades.is_empty() {
                    continue;
                }
                if bal.shared_pool_mu > 0.0 && occupies[c.idx()] {
                    let d = lp.add_column(
                        ColumnKind::SharedDraw {
                            county: c,
                            resource,
                            year: t,
                        },
                        Column {
                            name: named(sc, format!("draw.{}.{}", resource.as_str(), cty.id), t),
                            lower: 0.0,
                            upper: bal.shared_pool_mu,
                            integer: false,
                            obj: 0.0,
                        },
                    );
                    county_draws[c.idx()].push(d);
                    draws.push((d, 1.0));
                }
                coeffs.extend(county_draws[c.idx()].iter().map(|&d| (d, -1.0)));
                coeffs.extend(trades);
                let held = cty.banked_upto(t, |y| match resource {
                    Resource::Farmland => y.farmland_added_mu,
                    Resource::Forest => y.forest_added_mu,
                });
                rows.push((
                    Owner::County(c),
                    row(
                        named(sc, format!("{}.{}", rule.as_str(), cty.id), t),
                        coeffs,
                        Sense::Le,
                        held,
                    ),
                ));
            }
            lp.add_block_in(rule, tag(sc, t), rows);
            if !draws.is_empty() {
                let r = row(
                    named(sc, shared_rule.as_str().to_string(), t),
                    draws,
                    Sense::Le,
                    bal.shared_pool_mu,
                );
                lp.add_block_in(shared_rule, tag(sc, t), vec![(Owner::Scenario, r)]);
            }
        }
    }

    if let Some(k) = sc.pools.iter().position(|p| p.county_held) {
        let k = PoolId(k as u32);
        for t in 0..ny {
            let rows = sc
                .county_ids()
                .filter_map(|c| {
                    let cty = sc.county(c);
                    let mut coeffs: Vec<(usize, f64)> = by_county[c.idx()]
                        .iter()
                        .flat_map(|&p| grants.by_year[p.idx()][..=t].iter().flatten().copied())
                        .filter(
                            |&j| matches!(lp.kinds[j], ColumnKind::Grant { pool, .. } if pool == k),
                        )
                        .map(|j| (j, 1.0))
                        .collect();
                    coeffs.extend(market.terms_upto(c, Indicator::Linkage, t));
                    if coeffs.is_empty() {
                        return None;
                    }
                    let held = cty.banked_upto(t, |y| y.linkage_added_mu);
                    let name = named(sc, format!("linkage_held.{}", cty.id), t);
                    Some((Owner::County(c), row(name, coeffs, Sense::Le, held)))
                })
                .collect();
            lp.add_block_in(RuleKind::LinkageHeld, tag(sc, t), rows);
        }
    }

    if let Some(ob) = &sc.rules.outside_boundary {
        // "outside ≤ s × all granted" is written as Σ (outside_p − s)·g_p ≤ 0.
        let share_terms = |ps: &[ProjectId], s: f64, t: Option<usize>| -> Vec<(usize, f64)> {
            ps.iter()
                .flat_map(|&p| {
                    let a = if sc.project(p).outside_boundary {
                        1.0 - s
                    } else {
                        -s
                    };
                    let cols: &[usize] = match t {
                        Some(t) => &grants.by_year[p.idx()][t],
                        None => &grants.cols[p.idx()],
                    };
                    cols.iter().map(move |&j| (j, a))
                })
                .collect()
        };
        let all: Vec<ProjectId> = sc.project_ids().collect();
        let outside_in = |ps: &[ProjectId], t: Option<usize>| {
            ps.iter().any(|&p| {
                sc.project(p).outside_boundary
                    && match t {
                        Some(t) => grants.any_in(p, t),
                        None => !grants.cols[p.idx()].is_empty(),
                    }
            })
        };
        if let Some(s) = ob.max_share_county {
            for t in 0..ny {
                let rows = sc
                    .county_ids()
                    .filter(|c| outside_in(&by_county[c.idx()], Some(t)))
                    .map(|c| {
                        (
                            Owner::County(c),
                            row(
                                named(
                                    sc,
                                    format!("outside_boundary_county.{}", sc.county(c).id),
                                    t,
                                ),
                                share_terms(&by_county[c.idx()], s, Some(t)),
                                Sense::Le,
                                0.0,
                            ),
                        )
                    })
                    .collect();
                lp.add_block_in(RuleKind::OutsideBoundaryCounty, tag(sc, t), rows);
            }
        }
        if let Some(s) = ob.max_share_total {
            for t in 0..ny {
                if outside_in(&all, Some(t)) {
                    let r = row(
                        named(sc, "outside_boundary_total".into(), t),
                        share_terms(&all, s, Some(t)),
                        Sense::Le,
                        0.0,
                    );
                    lp.add_block_in(
                        RuleKind::OutsideBoundaryTotal,
                        tag(sc, t),
                        vec![(Owner::Scenario, r)],
                    );
                }
            }
        }
        if let Some(s) = ob.max_share_horizon
            && outside_in(&all, None)
        {
            let r = row(
                "outside_boundary_horizon".into(),
                share_terms(&all, s, None),
                Sense::Le,
                0.0,
            );
            lp.add_block(RuleKind::OutsideBoundaryHorizon, vec![(Owner::Scenario, r)]);
        }
    }

    for t in 0..ny {
        let plan = sc.plan_in(t);
        let rows = sc
            .rules
            .earmarks
            .iter()
            .map(|e| {
                let name = named(
                    sc,
                    format!(
                        "earmark.{}.{}",
                        sc.category(e.category).id,
                        e.basis.as_str()
                    ),
                    t,
                );
                let in_cat = |p: ProjectId| sc.project(p).category == e.category;
                let r = match e.basis {
                    EarmarkBasis::Plan => {
                        let coeffs = sc
                            .project_ids()
                            .filter(|&p| in_cat(p))
                            .flat_map(|p| grants.terms_in(p, t, 1.0))
                            .collect();
                        row(name, coeffs, Sense::Ge, e.min_share * plan)
                    }
                    EarmarkBasis::Granted => {
                        let coeffs = sc
                            .project_ids()
                            .flat_map(|p| {
                                grants.terms_in(
                                    p,
                                    t,
                                    if in_cat(p) {
                                        1.0 - e.min_share
                                    } else {
                                        -e.min_share
                                    },
                                )
                            })
                            .collect();
                        row(name, coeffs, Sense::Ge, 0.0)
                    }
                };
                (Owner::Category(e.category), r)
            })
            .collect();
        lp.add_block_in(RuleKind::Earmark, tag(sc, t), rows);
    }

    let county_total = |c: CountyId, t: usize| -> Vec<(usize, f64)> {
        by_county[c.idx()]
            .iter()
            .flat_map(|&p| grants.terms_in(p, t, 1.0))
            .collect()
    };
    for t in 0..ny {
        let floors = sc
            .county_ids()
            .filter_map(|c| sc.county(c).floor_mu.filter(|&f| f > 0.0).map(|f| (c, f)))
            .map(|(c, f)| {
                (
                    Owner::County(c),
                    row(
                        named(sc, format!("county_floor.{}", sc.county(c).id), t),
                        county_total(c, t),
                        Sense::Ge,
                        f,
                    ),
                )
            })
            .collect();
        lp.add_block_in(RuleKind::CountyFloor, tag(sc, t), floors);
    }
    for t in 0..ny {
        let caps = sc
            .county_ids()
            .filter_map(|c| sc.county(c).cap_mu.map(|k| (c, k)))
            .map(|(c, k)| {
                (
                    Owner::County(c),
                    row(
                        named(sc, format!("county_cap.{}", sc.county(c).id), t),
                        county_total(c, t),
                        Sense::Le,
                        k,
                    ),
                )
            })
            .collect();
        lp.add_block_in(RuleKind::CountyCap, tag(sc, t), caps);
    }
    for t in 0..ny {
        let rows = sc
            .county_ids()
            .filter(|&c| sc.county(c).year(t).deduction_mu > 0.0)
            .map(|c| {
                let rhs = deduction_bound(sc, c, t);
                (
                    Owner::County(c),
                    row(
                        named(sc, format!("county_deduction.{}", sc.county(c).id), t),
                        county_total(c, t),
                        Sense::Le,
                        rhs,
                    ),
                )
            })
            .collect();
        lp.add_block_in(RuleKind::CountyDeduction, tag(sc, t), rows);
    }

    market.rows(sc, &mut lp);

    (lp, grants)
}

/// What a county with a deduction may receive in year `t`: its cap, or else all its projects
/// that may draw that year could use (Σ need), less the deduction; never below 0.
pub fn deduction_bound(sc: &Scenario, c: CountyId, t: usize) -> f64 {
    let cty = sc.county(c);
    let most = cty.cap_mu.unwrap_or_else(|| {
        sc.project_ids()
            .filter(|&p| sc.project(p).county == c && sc.blocked(p).is_none() && sc.in_window(p, t))
            .map(|p| sc.project(p).need_mu)
            .sum()
    });
    (most - cty.year(t).deduction_mu).max(0.0)
}

/// Mu of farmland (or forest) occupied per mu granted: occupation scales with the grant.
pub fn occupied_per_mu(p: &Project, r: Resource) -> f64 {
    let occ = match r {
        Resource::Farmland => p.farmland_mu,
        Resource::Forest => p.forest_mu,
    };
    occ / p.need_mu
}

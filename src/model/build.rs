//! Builds the allocation LP from a validated scenario.
//!
//! Columns: `x.<project>.<pool>` mu granted (only for eligible, unblocked pairs),
//! `y.<project>` binaries for indivisible and minimum-share projects, and
//! `draw.<resource>.<county>` draws on shared compensation pools.

use super::*;
use crate::scenario::*;

/// Relative size of the list-order tie-break; see [`objective_coeff`].
pub const TIE_EPS: f64 = 1e-6;

/// Indices of each project's grant columns, the handle every row builder needs.
pub struct Grants {
    pub cols: Vec<Vec<usize>>,
}

impl Grants {
    /// Terms of "mu granted to p" scaled by `a`.
    fn terms(&self, p: ProjectId, a: f64) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.cols[p.idx()].iter().map(move |&j| (j, a))
    }
}

/// Objective coefficient of a grant: the project's weight, lowered by at most `TIE_EPS`
/// (relative) in list order, so that among equally weighted grants the earlier project in the
/// file, then the earlier pool, is preferred, and the optimum is a unique, stated choice.
pub fn objective_coeff(sc: &Scenario, p: ProjectId, pool_rank: usize) -> f64 {
    let w = sc.weight(p);
    match sc.objective.tie_break {
        TieBreak::None => w,
        TieBreak::ListOrder => {
            let n = sc.projects.len().max(1) as f64;
            let k = sc.pools.len().max(1) as f64;
            let rank = (p.idx() as f64 * k + pool_rank as f64) / (n * k);
            w * (1.0 - TIE_EPS * rank)
        }
    }
}

fn row(name: String, coeffs: Vec<(usize, f64)>, sense: Sense, rhs: f64) -> Row {
    Row::new(name, coeffs, sense, rhs)
}

/// The LP whose optimum is the plan (for lexicographic mode: its final stage, without the
/// tier-fix rows, which [`super::solve`] adds).
pub fn build(sc: &Scenario) -> (RuleModel, Grants) {
    let mut lp = RuleModel::default();
    let mut grants = Grants {
        cols: vec![Vec::new(); sc.projects.len()],
    };

    for p in sc.project_ids() {
        if sc.blocked(p).is_some() {
            continue;
        }
        let proj = sc.project(p);
        for (rank, k) in sc.eligible_pools(p).enumerate() {
            let j = lp.add_column(
                ColumnKind::Grant {
                    project: p,
                    pool: k,
                },
                Column {
                    name: format!("x.{}.{}", proj.id, sc.pool(k).id),
                    lower: 0.0,
                    upper: proj.need_mu,
                    integer: false,
                    obj: objective_coeff(sc, p, rank),
                },
            );
            grants.cols[p.idx()].push(j);
        }
    }

    let pools = sc
        .pool_ids()
        .map(|k| {
            let coeffs = lp
                .kinds
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c, ColumnKind::Grant { pool, .. } if *pool == k))
                .map(|(j, _)| (j, 1.0))
                .collect();
            (
                Owner::Pool(k),
                row(
                    format!("pool_capacity.{}", sc.pool(k).id),
                    coeffs,
                    Sense::Le,
                    sc.pool(k).capacity_mu,
                ),
            )
        })
        .collect();
    lp.add_block(RuleKind::PoolCapacity, pools);

    let mut need_rows = Vec::new();
    let mut share_rows = Vec::new();
    for p in sc.project_ids() {
        let proj = sc.project(p);
        let cols = &grants.cols[p.idx()];
        if cols.is_empty() {
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

    if let Some(sl) = &sc.rules.stock_linkage {
        let rows = sc
            .county_ids()
            .map(|c| {
                let cty = sc.county(c);
                let coeffs = by_county[c.idx()]
                    .iter()
                    .flat_map(|&p| grants.cols[p.idx()].iter().copied())
                    .filter(|&j| matches!(lp.kinds[j], ColumnKind::Grant { pool, .. } if sl.pools.contains(&pool)))
                    .map(|j| (j, 1.0))
                    .collect();
                let rhs = sl.ceiling(cty);
                (Owner::County(c), row(format!("stock_linkage.{}", cty.id), coeffs, Sense::Le, rhs))
            })
            .collect();
        lp.add_block(RuleKind::StockLinkage, rows);
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
        let mut rows = Vec::new();
        let mut draws = Vec::new();
        for c in sc.county_ids() {
            let cty = sc.county(c);
            let mut coeffs: Vec<(usize, f64)> = by_county[c.idx()]
                .iter()
                .flat_map(|&p| grants.terms(p, occupied_per_mu(sc.project(p), resource)))
                .filter(|&(_, a)| a > 0.0)
                .collect();
            if coeffs.is_empty() {
                continue;
            }
            if bal.shared_pool_mu > 0.0 {
                let d = lp.add_column(
                    ColumnKind::SharedDraw {
                        county: c,
                        resource,
                    },
                    Column {
                        name: format!("draw.{}.{}", resource.as_str(), cty.id),
                        lower: 0.0,
                        upper: bal.shared_pool_mu,
                        integer: false,
                        obj: 0.0,
                    },
                );
                coeffs.push((d, -1.0));
                draws.push((d, 1.0));
            }
            let held = match resource {
                Resource::Farmland => cty.farmland_held_mu,
                Resource::Forest => cty.forest_held_mu,
            };
            rows.push((
                Owner::County(c),
                row(
                    format!("{}.{}", rule.as_str(), cty.id),
                    coeffs,
                    Sense::Le,
                    held,
                ),
            ));
        }
        lp.add_block(rule, rows);
        if !draws.is_empty() {
            let r = row(
                shared_rule.as_str().to_string(),
                draws,
                Sense::Le,
                bal.shared_pool_mu,
            );
            lp.add_block(shared_rule, vec![(Owner::Scenario, r)]);
        }
    }

    if let Some(ob) = &sc.rules.outside_boundary {
        // "outside ≤ s × all granted" is written as Σ (outside_p − s)·g_p ≤ 0.
        let share_terms = |ps: &[ProjectId], s: f64| -> Vec<(usize, f64)> {
            ps.iter()
                .flat_map(|&p| {
                    grants.terms(
                        p,
                        if sc.project(p).outside_boundary {
                            1.0 - s
                        } else {
                            -s
                        },
                    )
                })
                .collect()
        };
        if let Some(s) = ob.max_share_county {
            let rows = sc
                .county_ids()
                .filter(|c| {
                    by_county[c.idx()].iter().any(|&p| {
                        sc.project(p).outside_boundary && !grants.cols[p.idx()].is_empty()
                    })
                })
                .map(|c| {
                    (
                        Owner::County(c),
                        row(
                            format!("outside_boundary_county.{}", sc.county(c).id),
                            share_terms(&by_county[c.idx()], s),
                            Sense::Le,
                            0.0,
                        ),
                    )
                })
                .collect();
            lp.add_block(RuleKind::OutsideBoundaryCounty, rows);
        }
        if let Some(s) = ob.max_share_total {
            let all: Vec<ProjectId> = sc.project_ids().collect();
            if all
                .iter()
                .any(|&p| sc.project(p).outside_boundary && !grants.cols[p.idx()].is_empty())
            {
                let r = row(
                    "outside_boundary_total".into(),
                    share_terms(&all, s),
                    Sense::Le,
                    0.0,
                );
                lp.add_block(RuleKind::OutsideBoundaryTotal, vec![(Owner::Scenario, r)]);
            }
        }
    }

    let plan = sc.plan_total_mu();
    let rows = sc
        .rules
        .earmarks
        .iter()
        .map(|e| {
            let name = format!(
                "earmark.{}.{}",
                sc.category(e.category).id,
                e.basis.as_str()
            );
            let in_cat = |p: ProjectId| sc.project(p).category == e.category;
            let r = match e.basis {
                EarmarkBasis::Plan => {
                    let coeffs = sc
                        .project_ids()
                        .filter(|&p| in_cat(p))
                        .flat_map(|p| grants.terms(p, 1.0))
                        .collect();
                    row(name, coeffs, Sense::Ge, e.min_share * plan)
                }
                EarmarkBasis::Granted => {
                    let coeffs = sc
                        .project_ids()
                        .flat_map(|p| {
                            grants.terms(
                                p,
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
    lp.add_block(RuleKind::Earmark, rows);

    let county_total = |c: CountyId| -> Vec<(usize, f64)> {
        by_county[c.idx()]
            .iter()
            .flat_map(|&p| grants.terms(p, 1.0))
            .collect()
    };
    let floors = sc
        .county_ids()
        .filter_map(|c| sc.county(c).floor_mu.filter(|&f| f > 0.0).map(|f| (c, f)))
        .map(|(c, f)| {
            (
                Owner::County(c),
                row(
                    format!("county_floor.{}", sc.county(c).id),
                    county_total(c),
                    Sense::Ge,
                    f,
                ),
            )
        })
        .collect();
    lp.add_block(RuleKind::CountyFloor, floors);
    let caps = sc
        .county_ids()
        .filter_map(|c| sc.county(c).cap_mu.map(|k| (c, k)))
        .map(|(c, k)| {
            (
                Owner::County(c),
                row(
                    format!("county_cap.{}", sc.county(c).id),
                    county_total(c),
                    Sense::Le,
                    k,
                ),
            )
        })
        .collect();
    lp.add_block(RuleKind::CountyCap, caps);

    (lp, grants)
}

/// The stock-linkage ceiling of a county (R3), in mu.
/// Mu of farmland (or forest) occupied per mu granted: occupation scales with the grant.
pub fn occupied_per_mu(p: &Project, r: Resource) -> f64 {
    let occ = match r {
        Resource::Farmland => p.farmland_mu,
        Resource::Forest => p.forest_mu,
    };
    occ / p.need_mu
}

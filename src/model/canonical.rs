//! The LP in an order that does not depend on the rows of the scenario's tables.
//!
//! A solver's path, and so which of several optimal vertices it returns, depends on the order
//! of the LP's columns and rows. Built from a copy of the scenario with every table sorted by
//! id, the LP is the same whatever order the files list pools, counties, townships, categories,
//! projects or earmarks in; its columns and rows are then labelled with the scenario's own
//! indices, so that everything downstream (allocation, explanations) reads it as usual.

use super::Grants;
use super::build::build;
use super::{ColumnKind, Owner, RuleModel};
use crate::scenario::*;

/// `order[new] = old`, and the inverse.
struct Perm {
    order: Vec<usize>,
    inverse: Vec<usize>,
}

impl Perm {
    fn by_key<T, K: Ord>(items: &[T], key: impl Fn(&T) -> K) -> Perm {
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| key(&items[i]));
        let mut inverse = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            inverse[old] = new;
        }
        Perm { order, inverse }
    }
    fn apply<T: Clone>(&self, items: &[T]) -> Vec<T> {
        self.order.iter().map(|&i| items[i].clone()).collect()
    }
}

/// The allocation LP of `sc` built from its tables sorted by id, labelled with `sc`'s indices.
pub fn build_in_id_order(sc: &Scenario) -> (RuleModel, Grants) {
    let pools = Perm::by_key(&sc.pools, |p| p.id.clone());
    let counties = Perm::by_key(&sc.counties, |c| c.id.clone());
    let townships = Perm::by_key(&sc.townships, |t| t.id.clone());
    let categories = Perm::by_key(&sc.categories, |c| c.id.clone());
    let projects = Perm::by_key(&sc.projects, |p| p.id.clone());
    let pool = |k: PoolId| PoolId(pools.inverse[k.idx()] as u32);
    let county = |c: CountyId| CountyId(counties.inverse[c.idx()] as u32);
    let category = |c: CategoryId| CategoryId(categories.inverse[c.idx()] as u32);
    let set = |cs: &[CategoryId]| {
        let mut v: Vec<CategoryId> = cs.iter().map(|&c| category(c)).collect();
        v.sort();
        v
    };

    let mut c = sc.clone();
    c.pools = pools.apply(&sc.pools);
    for p in &mut c.pools {
        p.categories = set(&p.categories);
        p.counties = p.counties.iter().map(|&k| county(k)).collect();
        p.counties.sort();
    }
    c.counties = counties.apply(&sc.counties);
    c.townships = townships.apply(&sc.townships);
    for t in &mut c.townships {
        t.county = county(t.county);
    }
    c.categories = categories.apply(&sc.categories);
    c.projects = projects.apply(&sc.projects);
    for p in &mut c.projects {
        p.county = county(p.county);
        p.category = category(p.category);
        p.township = p
            .township
            .map(|t| TownshipId(townships.inverse[t.idx()] as u32));
    }
    if let Some(sl) = &mut c.rules.stock_linkage {
        sl.pools = sl.pools.iter().map(|&k| pool(k)).collect();
        sl.pools.sort();
    }
    for e in &mut c.rules.earmarks {
        e.category = category(e.category);
    }
    c.rules
        .earmarks
        .sort_by_key(|e| (e.category, e.basis.as_str(), e.min_share.to_bits()));
    c.rules.freeze_exempt = set(&c.rules.freeze_exempt);
    if let Some(ex) = &mut c.rules.consolidation_exempt {
        *ex = set(ex);
    }

    let (mut lp, grants) = build(&c);
    let back_project = |p: ProjectId| ProjectId(projects.order[p.idx()] as u32);
    let back_pool = |k: PoolId| PoolId(pools.order[k.idx()] as u32);
    let back_county = |k: CountyId| CountyId(counties.order[k.idx()] as u32);
    // Trading markets are numbered by the order their cities first appear among the counties.
    let (groups, _) = super::trading::scopes(sc);
    let (canon_groups, _) = super::trading::scopes(&c);
    let back_group = |g: usize| {
        groups
            .iter()
            .position(|(label, _)| *label == canon_groups[g].0)
            .expect("the same cities")
    };
    for kind in &mut lp.kinds {
        *kind = match *kind {
            ColumnKind::Grant {
                project,
                pool,
                year,
            } => ColumnKind::Grant {
                project: back_project(project),
                pool: back_pool(pool),
                year,
            },
            ColumnKind::Funded { project } => ColumnKind::Funded {
                project: back_project(project),
            },
            ColumnKind::SharedDraw {
                county,
                resource,
                year,
            } => ColumnKind::SharedDraw {
                county: back_county(county),
                resource,
                year,
            },
            ColumnKind::Carry { pool, year } => ColumnKind::Carry {
                pool: back_pool(pool),
                year,
            },
            ColumnKind::Borrow { pool, year } => ColumnKind::Borrow {
                pool: back_pool(pool),
                year,
            },
            ColumnKind::Trade {
                county,
                indicator,
                year,
                sell,
            } => ColumnKind::Trade {
                county: back_county(county),
                indicator,
                year,
                sell,
            },
            ColumnKind::Auxiliary => ColumnKind::Auxiliary,
        };
    }
    for block in &mut lp.blocks {
        for o in &mut block.owners {
            *o = match *o {
                Owner::Pool(k) => Owner::Pool(back_pool(k)),
                Owner::County(k) => Owner::County(back_county(k)),
                Owner::Project(p) => Owner::Project(back_project(p)),
                Owner::Category(k) => Owner::Category(CategoryId(categories.order[k.idx()] as u32)),
                Owner::Market { indicator, group } => Owner::Market {
                    indicator,
                    group: back_group(group),
                },
                other => other,
            };
        }
    }
    let mut cols = vec![Vec::new(); sc.projects.len()];
    let mut by_year = vec![Vec::new(); sc.projects.len()];
    for (new, (js, ys)) in grants.cols.into_iter().zip(grants.by_year).enumerate() {
        cols[projects.order[new]] = js;
        by_year[projects.order[new]] = ys;
    }
    (lp, Grants { cols, by_year })
}

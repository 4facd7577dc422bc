//! Random small scenarios: every rule check holds on the optimum, and no feasible perturbation
//! of the optimum (more mu to one project, or mu moved between two projects) scores higher.

use crate::common::*;
use landquota::alloc::Allocation;
use landquota::check::{all_hold, check};
use landquota::scenario::{PoolId, ProjectId, Scenario};
use proptest::prelude::*;
use std::fmt::Write;

#[derive(Debug, Clone)]
struct County {
    unsupplied: u32,
    idle: u32,
    farmland: u32,
    forest: u32,
    floor: Option<u32>,
    cap: Option<u32>,
    frozen: bool,
}

#[derive(Debug, Clone)]
struct Project {
    county: usize,
    category: usize,
    tier: usize,
    need: u32,
    farmland_pct: u32,
    forest_pct: u32,
    outside: bool,
    min_share: usize,
}

#[derive(Debug, Clone)]
struct Case {
    counties: Vec<County>,
    pools: Vec<(u32, u8)>,
    projects: Vec<Project>,
    stock: Option<(u32, u32, u32)>,
    farmland_shared: Option<u32>,
    forest_shared: Option<u32>,
    outside: Option<u32>,
    earmark: Option<u32>,
}

const CATS: [&str; 3] = ["u", "fh", "ri"];
const TIERS: [&str; 5] = ["national", "provincial", "city", "county", "block"];
const SHARES: [f64; 5] = [0.0, 0.0, 0.0, 0.5, 1.0];

fn county() -> impl Strategy<Value = County> {
    (
        0..300u32,
        0..100u32,
        0..100u32,
        0..100u32,
        prop::option::weighted(0.2, 0..40u32),
        prop::option::weighted(0.3, 40..300u32),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(unsupplied, idle, farmland, forest, floor, cap, frozen)| County {
                unsupplied,
                idle,
                farmland,
                forest,
                floor,
                cap,
                frozen,
            },
        )
}

fn project(nc: usize) -> impl Strategy<Value = Project> {
    (
        0..nc,
        0..3usize,
        0..5usize,
        1..200u32,
        0..60u32,
        0..40u32,
        prop::bool::weighted(0.3),
        0..5usize,
    )
        .prop_map(
            |(county, category, tier, need, farmland_pct, forest_pct, outside, min_share)| {
                Project {
                    county,
                    category,
                    tier,
                    need,
                    farmland_pct,
                    forest_pct,
                    outside,
                    min_share,
                }
            },
        )
}

fn case() -> impl Strategy<Value = Case> {
    (1..=3usize).prop_flat_map(|nc| {
        (
            prop::collection::vec(county(), nc),
            prop::collection::vec((0..300u32, 1..8u8), 1..=3),
            prop::collection::vec(project(nc), 2..=8),
            prop::option::weighted(0.5, (0..100u32, 0..100u32, 0..100u32)),
            prop::option::weighted(0.5, 0..60u32),
            prop::option::weighted(0.3, 0..60u32),
            prop::option::weighted(0.4, 5..50u32),
            prop::option::weighted(0.3, 0..10u32),
        )
            .prop_map(
                |(
                    counties,
                    pools,
                    projects,
                    stock,
                    farmland_shared,
                    forest_shared,
                    outside,
                    earmark,
                )| Case {
                    counties,
                    pools,
                    projects,
                    stock,
                    farmland_shared,
                    forest_shared,
                    outside,
                    earmark,
                },
            )
    })
}

fn render(c: &Case) -> String {
    render_with(c, "none", 0)
}

/// Indices 0..n in an order fixed by `seed` (0: as they are).
fn order(n: usize, seed: u64) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    if seed != 0 {
        let mut rng = splitmix::Rng(seed);
        for i in (1..n).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
    v
}

/// The case as a scenario file with `tie_break`, every table's rows (categories, pools,
/// counties, projects) in an order fixed by `seed`; ids are the same whatever the order.
fn render_with(c: &Case, tie_break: &str, seed: u64) -> String {
    let mut s = format!("[scenario]\nname = \"prop\"\n[objective]\ntie_break = \"{tie_break}\"\n");
    for k in order(CATS.len(), seed) {
        let cat = CATS[k];
        let _ = writeln!(s, "[[categories]]\nid = \"{cat}\"\nrural = {}", cat != "u");
    }
    for i in order(c.pools.len(), seed.wrapping_mul(3)) {
        let (cap, mask) = &c.pools[i];
        // Pool 0 funds every category so that validation never rejects the case.
        let cats: Vec<String> = CATS
            .iter()
            .enumerate()
            .filter(|(j, _)| i == 0 || mask & (1 << j) != 0)
            .map(|(_, c)| format!("\"{c}\""))
            .collect();
        let _ = writeln!(
            s,
            "[[pools]]\nid = \"p{i}\"\ncapacity_mu = {cap}\ncategories = [{}]",
            cats.join(", ")
        );
    }
    for i in order(c.counties.len(), seed.wrapping_mul(5)) {
        let k = &c.counties[i];
        let _ = writeln!(
            s,
            "[[counties]]\nid = \"c{i}\"\ndisposed_unsupplied_mu = {}\ndisposed_idle_mu = {}\nfarmland_held_mu = {}\nforest_held_mu = {}\nfrozen = {}",
            k.unsupplied, k.idle, k.farmland, k.forest, k.frozen
        );
        if let Some(f) = k.floor {
            let _ = writeln!(s, "floor_mu = {f}");
        }
        if let Some(f) = k.cap {
            let _ = writeln!(s, "cap_mu = {f}");
        }
    }
    for i in order(c.projects.len(), seed.wrapping_mul(7)) {
        let p = &c.projects[i];
        let need = p.need as f64;
        let _ = writeln!(
            s,
            "[[projects]]\nid = \"x{i}\"\ncounty = \"c{}\"\ncategory = \"{}\"\ntier = \"{}\"\nneed_mu = {need}\nfarmland_mu = {}\nforest_mu = {}\noutside_boundary = {}\nmin_share = {}",
            p.county,
            CATS[p.category],
            TIERS[p.tier],
            need * p.farmland_pct as f64 / 100.0,
            need * p.forest_pct as f64 / 100.0,
            p.outside,
            SHARES[p.min_share]
        );
    }
    if let Some((a, b, base)) = c.stock {
        let _ = writeln!(
            s,
            "[rules.stock_linkage]\nalpha = {}\nbeta = {}\nbase_mu = {base}\npools = [\"p0\"]",
            a as f64 / 100.0,
            b as f64 / 100.0
        );
    }
    if let Some(f) = c.farmland_shared {
        let _ = writeln!(s, "[rules.farmland]\nshared_pool_mu = {f}");
    }
    if let Some(f) = c.forest_shared {
        let _ = writeln!(s, "[rules.forest]\nshared_pool_mu = {f}");
    }
    if let Some(o) = c.outside {
        let _ = writeln!(
            s,
            "[rules.outside_boundary]\nmax_share_total = {}\nmax_share_county = {}",
            o as f64 / 100.0,
            (o as f64 / 50.0).min(1.0)
        );
    }
    if let Some(e) = c.earmark {
        let _ = writeln!(
            s,
            "[[rules.earmarks]]\ncategory = \"fh\"\nmin_share = {}",
            e as f64 / 100.0
        );
    }
    s.push_str("[rules.freeze]\nexempt_categories = [\"fh\"]\n");
    s
}

fn with_grant(a: &Allocation, p: ProjectId, k: PoolId, delta: f64) -> Allocation {
    let mut b = a.clone();
    let g = &mut b.grants[p.idx()];
    match g.iter_mut().find(|(q, _)| *q == k) {
        Some((_, v)) => *v += delta,
        None => g.push((k, delta)),
    }
    b
}

/// Every feasible one-step perturbation of the optimum; returns the best weighted mu found.
fn best_perturbation(sc: &Scenario, a: &Allocation) -> Option<(f64, String)> {
    let mut best: Option<(f64, String)> = None;
    let mut consider = |b: Allocation, what: String| {
        if all_hold(&check(sc, &b)) {
            let v = b.weighted_mu(sc);
            if best.as_ref().is_none_or(|(bv, _)| v > *bv) {
                best = Some((v, what));
            }
        }
    };
    for p in sc.project_ids() {
        for k in sc.eligible_pools(p) {
            for delta in [0.5, 5.0, sc.project(p).need_mu - a.granted(p)] {
                if delta > 1e-9 {
                    consider(
                        with_grant(a, p, k, delta),
                        format!("+{delta} to {} from pool {}", sc.project(p).id, k.0),
                    );
                }
                for q in sc.project_ids().filter(|&q| q != p) {
                    let from_q = a.from_pool(q, k);
                    let d = delta.min(from_q);
                    if d > 1e-9 {
                        consider(
                            with_grant(&with_grant(a, q, k, -d), p, k, d),
                            format!(
                                "move {d} from {} to {} in pool {}",
                                sc.project(q).id,
                                sc.project(p).id,
                                k.0
                            ),
                        );
                    }
                }
            }
        }
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn optimum_is_valid_and_not_beaten(c in case()) {
        let src = render(&c);
        let sc = parse(&src);
        let Ok(solved) = solve(&sc) else {
            // Random floors and earmarks may conflict; infeasibility is tested elsewhere.
            return Ok(());
        };
        let checks = check(&sc, &solved.allocation);
        prop_assert!(all_hold(&checks), "checks failed: {:?}\n{}", checks, src);
        let opt = solved.allocation.weighted_mu(&sc);
        prop_assert!((opt - solved.objective).abs() <= 1e-6 * opt.abs().max(1.0));
        if let Some((v, what)) = best_perturbation(&sc, &solved.allocation) {
            prop_assert!(v <= opt + 1e-6 * opt.abs().max(1.0), "perturbation `{}` reaches {} > optimum {}\n{}", what, v, opt, src);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The fair plan: every rule holds, the priority objective is the plain optimum's, and
    /// shuffling the rows of every table (ids unchanged) gives the same plan, project by
    /// project and pool by pool.
    #[test]
    fn fair_plan_is_optimal_and_does_not_depend_on_row_order(c in case(), seed in 1..u64::MAX) {
        let plain = parse(&render_with(&c, "none", 0));
        let Ok(opt) = solve(&plain) else {
            return Ok(());
        };
        let sc = parse(&render_with(&c, "fair", 0));
        let fair = solve(&sc).expect("feasible as the plain one is");
        prop_assert!(matches!(fair.fairness, Some(Ok(_))), "fair stage: {:?}", fair.fairness.as_ref().map(|f| f.as_ref().err()));
        prop_assert!(all_hold(&check(&sc, &fair.allocation)), "{}", render_with(&c, "fair", 0));
        let (z, zf) = (opt.allocation.weighted_mu(&plain), fair.allocation.weighted_mu(&sc));
        // Equal to the solvers' tolerance on the face's rows (1e-9 relative per row).
        prop_assert!((z - zf).abs() <= 1e-8 * z.abs().max(1.0), "optimum {z}, fair plan {zf}");
        let shuffled = parse(&render_with(&c, "fair", seed));
        let again = solve(&shuffled).expect("the same scenario");
        for p in sc.project_ids() {
            let id = &sc.project(p).id;
            let q = shuffled.projects.iter().position(|x| &x.id == id).unwrap();
            let q = ProjectId(q as u32);
            let need = sc.project(p).need_mu;
            prop_assert!(
                (fair.allocation.granted(p) - again.allocation.granted(q)).abs() <= 1e-9 * need.max(1.0),
                "{id}: {} vs {} after shuffling\n{}", fair.allocation.granted(p), again.allocation.granted(q), render_with(&c, "fair", seed)
            );
            for k in sc.pool_ids() {
                let pool = &sc.pool(k).id;
                let k2 = PoolId(shuffled.pools.iter().position(|x| &x.id == pool).unwrap() as u32);
                prop_assert!(
                    (fair.allocation.from_pool(p, k) - again.allocation.from_pool(q, k2)).abs() <= 1e-9 * need.max(1.0),
                    "{id} from {pool} after shuffling"
                );
            }
        }
    }
}

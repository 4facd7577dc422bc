//! Lexicographic mode against an exact staged computation.
//!
//! With divisible projects, pool capacities, eligibility and county caps, the allocation is a
//! flow: source → county (cap) → project (need) → pool (eligible) → sink (capacity), and the
//! lexicographic optimum is a minimum-cost flow with tier costs far enough apart, computed
//! here exactly in integers (all amounts in tenths of a mu). Every stage the solver reports,
//! and every tier's total in the plan, must match it on both backends; and since granting
//! nothing is feasible, no case may be called infeasible.

use crate::common::*;
use blocklp::Backend;
use blocklp::backend::Minilp;
use blocklp::decompose::Blocks;
use landquota::check::{all_hold, check};
use landquota::model;
use landquota::scenario::Tier;
use proptest::prelude::*;
use std::fmt::Write;

const TIERS: [&str; 5] = ["national", "provincial", "city", "county", "block"];

#[derive(Debug, Clone)]
struct Case {
    /// Per county: its cap (tenths of a mu), if any.
    caps: Vec<Option<u32>>,
    /// Per pool: capacity (tenths of a mu) and a mask of the categories it funds (pool 0: all).
    pools: Vec<(u32, u8)>,
    /// county, category, tier, need (tenths of a mu).
    projects: Vec<(usize, usize, usize, u32)>,
    tie_break: bool,
    /// Every third project all-or-nothing, every fifth "nothing or half" (no exact answer then:
    /// only "never infeasible, every rule holds, stages are the plan's tier totals").
    indivisible: bool,
}

fn case() -> impl Strategy<Value = Case> {
    // 16+ counties reach the decomposition; fewer go to minilp directly.
    prop_oneof![1..=4usize, 16..=20usize].prop_flat_map(|nc| {
        (
            prop::collection::vec(prop::option::weighted(0.3, 0..3000u32), nc),
            prop::collection::vec((0..4000u32, 1..4u8), 1..=3),
            prop::collection::vec((0..nc, 0..2usize, 0..5usize, 1..2000u32), 1..=2 * nc),
            any::<bool>(),
        )
            .prop_map(|(caps, pools, projects, tie_break)| Case {
                caps,
                pools,
                projects,
                tie_break,
                indivisible: false,
            })
    })
}

fn tenths(v: u32) -> String {
    format!("{}.{}", v / 10, v % 10)
}

fn render(c: &Case) -> String {
    let mut s = format!(
        "[scenario]\nname = \"lex\"\n[objective]\nmode = \"lexicographic\"\ntie_break = \"{}\"\n",
        if c.tie_break { "list-order" } else { "none" }
    );
    for cat in ["a", "b"] {
        let _ = writeln!(s, "[[categories]]\nid = \"{cat}\"");
    }
    for (i, &(cap, mask)) in c.pools.iter().enumerate() {
        let cats: Vec<&str> = ["a", "b"]
            .iter()
            .enumerate()
            .filter(|(j, _)| i == 0 || mask & (1 << j) != 0)
            .map(|(_, c)| *c)
            .collect();
        let _ = writeln!(
            s,
            "[[pools]]\nid = \"p{i}\"\ncapacity_mu = {}\ncategories = {:?}",
            tenths(cap),
            cats
        );
    }
    for (i, cap) in c.caps.iter().enumerate() {
        let _ = writeln!(s, "[[counties]]\nid = \"c{i}\"");
        if let Some(cap) = cap {
            let _ = writeln!(s, "cap_mu = {}", tenths(*cap));
        }
    }
    for (i, &(county, cat, tier, need)) in c.projects.iter().enumerate() {
        let _ = writeln!(
            s,
            "[[projects]]\nid = \"x{i}\"\ncounty = \"c{county}\"\ncategory = \"{}\"\ntier = \"{}\"\nneed_mu = {}",
            ["a", "b"][cat],
            TIERS[tier],
            tenths(need)
        );
        if c.indivisible && i % 3 == 0 {
            s.push_str("min_share = 1\n");
        } else if c.indivisible && i % 5 == 0 {
            s.push_str("min_share = 0.5\n");
        }
    }
    s
}

/// An arc of the flow network: head, capacity left, cost per unit, index of the reverse arc.
struct Arc {
    to: usize,
    cap: i64,
    cost: i128,
    rev: usize,
}

fn add_arc(g: &mut [Vec<Arc>], from: usize, to: usize, cap: i64, cost: i128) -> (usize, usize) {
    let (a, b) = (g[from].len(), g[to].len());
    g[from].push(Arc {
        to,
        cap,
        cost,
        rev: b,
    });
    g[to].push(Arc {
        to: from,
        cap: 0,
        cost: -cost,
        rev: a,
    });
    (from, a)
}

/// Minimum-cost flow by successive shortest paths (Bellman–Ford: costs are negative), in
/// integers; stops when no path lowers the cost.
fn min_cost_flow(g: &mut [Vec<Arc>], s: usize, t: usize) {
    let n = g.len();
    loop {
        let mut dist = vec![i128::MAX; n];
        let mut prev: Vec<Option<(usize, usize)>> = vec![None; n];
        dist[s] = 0;
        for _ in 0..n {
            let mut changed = false;
            for u in 0..n {
                if dist[u] == i128::MAX {
                    continue;
                }
                for (i, a) in g[u].iter().enumerate() {
                    if a.cap > 0 && dist[u] + a.cost < dist[a.to] {
                        dist[a.to] = dist[u] + a.cost;
                        prev[a.to] = Some((u, i));
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        if dist[t] >= 0 {
            return;
        }
        let mut push = i64::MAX;
        let mut v = t;
        while let Some((u, i)) = prev[v] {
            push = push.min(g[u][i].cap);
            v = u;
        }
        let mut v = t;
        while let Some((u, i)) = prev[v] {
            g[u][i].cap -= push;
            let (to, rev) = (g[u][i].to, g[u][i].rev);
            g[to][rev].cap += push;
            v = u;
        }
    }
}

/// The exact lexicographic optimum, tenths of a mu per tier. Network: source → county (cap)
/// → project (need; cost −W^(4−tier)) → pool (eligible) → sink (capacity). W exceeds any
/// total flow, so the minimum cost orders the tiers strictly; integer data give an exact
/// answer.
fn exact_stages(c: &Case) -> [i64; 5] {
    let (nc, np, nk) = (c.caps.len(), c.projects.len(), c.pools.len());
    let (s, t) = (0, 1);
    let county = |i: usize| 2 + i;
    let project = |i: usize| 2 + nc + i;
    let pool = |i: usize| 2 + nc + np + i;
    let mut g: Vec<Vec<Arc>> = (0..2 + nc + np + nk).map(|_| Vec::new()).collect();
    let unbounded = i64::MAX / 4;
    for (i, cc) in c.caps.iter().enumerate() {
        add_arc(&mut g, s, county(i), cc.map_or(unbounded, i64::from), 0);
    }
    let w: i128 = c.pools.iter().map(|p| i128::from(p.0)).sum::<i128>() + 1;
    let mut need_arcs = Vec::new();
    for (i, &(cty, cat, tier, need)) in c.projects.iter().enumerate() {
        let cost = -w.pow(4 - tier as u32);
        need_arcs.push((
            tier,
            add_arc(&mut g, county(cty), project(i), i64::from(need), cost),
        ));
        for (k, &(_, mask)) in c.pools.iter().enumerate() {
            if k == 0 || mask & (1 << cat) != 0 {
                add_arc(&mut g, project(i), pool(k), unbounded, 0);
            }
        }
    }
    for (k, &(capacity, _)) in c.pools.iter().enumerate() {
        add_arc(&mut g, pool(k), t, i64::from(capacity), 0);
    }
    min_cost_flow(&mut g, s, t);
    let mut out = [0; 5];
    for (tier, (u, i)) in need_arcs {
        let a = &g[u][i];
        out[tier] += g[a.to][a.rev].cap;
    }
    out
}

fn check_case(c: &Case, backend: &dyn Backend) -> Result<(), TestCaseError> {
    let src = render(c);
    let sc = parse(&src);
    let solved = match model::solve(&sc, backend) {
        Ok(s) => s,
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "{}: {e} on a feasible scenario\n{src}",
                backend.name()
            )));
        }
    };
    prop_assert!(
        all_hold(&check(&sc, &solved.allocation)),
        "checks fail\n{src}"
    );
    let exact = exact_stages(c);
    let tol = 1e-6 * (c.pools.iter().map(|p| p.0).sum::<u32>() as f64 / 10.0).max(1.0);
    for (t, tier) in Tier::ALL.iter().enumerate() {
        if c.indivisible {
            let granted: f64 = sc
                .project_ids()
                .filter(|&p| sc.project(p).tier == *tier)
                .map(|p| solved.allocation.granted(p))
                .sum();
            if let Some(&(_, z)) = solved.stages.iter().find(|(t2, _)| t2 == tier) {
                prop_assert!(
                    (z - granted).abs() <= tol,
                    "stage {tier}: {z} but the plan grants {granted}\n{src}"
                );
            }
            continue;
        }
        let exact = exact[t] as f64 / 10.0;
        let granted: f64 = sc
            .project_ids()
            .filter(|&p| sc.project(p).tier == *tier)
            .map(|p| solved.allocation.granted(p))
            .sum();
        prop_assert!(
            (granted - exact).abs() <= tol,
            "{}: tier {tier} granted {granted}, exact lexicographic optimum {exact}\n{src}",
            backend.name()
        );
        if let Some(&(_, z)) = solved.stages.iter().find(|(t2, _)| t2 == tier) {
            prop_assert!(
                (z - exact).abs() <= tol,
                "{}: stage {tier} optimum {z}, exact {exact}\n{src}",
                backend.name()
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn lexicographic_stages_match_exact_flows(c in case()) {
        check_case(&c, &Minilp)?;
        check_case(&c, &Blocks::new(Minilp))?;
    }

    #[test]
    fn lexicographic_with_binaries_is_never_called_infeasible(c in case()) {
        let c = Case { indivisible: true, ..c };
        check_case(&c, &Minilp)?;
        check_case(&c, &Blocks::new(Minilp))?;
    }
}

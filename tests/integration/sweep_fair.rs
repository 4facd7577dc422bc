//! A sweep's variants on the warm path (`Backend::warm_for`: the base's prices and blocks, and
//! the blocks' own levels the variants share in the fair stage, `blocklp::memo::Memo`)
//! against each variant solved cold: the same fair plan, line by line.

use blocklp::Backend;
use blocklp::backend::Minilp;
use blocklp::decompose::Blocks;
use landquota::commands::generate::{GenOptions, generate_with};
use landquota::model::fair::Settled;
use landquota::model::{self as lp, final_model};
use landquota::scenario::overrides::{Edit, parse_set};
use landquota::scenario::{self, ProjectId, Scenario};
use std::path::Path;

fn with_sets(dir: &Path, sets: &[String]) -> Scenario {
    let edits: Vec<Edit> = sets.iter().map(|s| parse_set(s).unwrap()).collect();
    scenario::from_path_with(dir, &edits).unwrap_or_else(|d| panic!("invalid scenario:\n{d}"))
}

/// Every line has the same fair ratio in the warm and the cold plan to 1e-7 (its level, or
/// its funded share where the face fixes it: the warm priority solve may certify its optimum
/// with other duals, whose face leaves a line free that the cold one fixes, at the same
/// share); the fair rule was applied in both; and the warm memo was used (the second pass over
/// the same variants solves fewer LPs).
fn assert_warm_equals_cold(dir: &Path, sets: &[Vec<String>]) {
    let base = with_sets(dir, &[]);
    let cold = Blocks::new(Minilp);
    let (model, _, _) = final_model(&base, &cold).unwrap();
    let warm = cold
        .warm_for(&model)
        .expect("a decomposed base gives a warm backend");
    let mut first_solves = Vec::new();
    for pass in 0..2 {
        for (k, set) in sets.iter().enumerate() {
            let v = with_sets(dir, set);
            let w = lp::solve(&v, warm.as_ref()).unwrap();
            let c = lp::solve(&v, &cold).unwrap();
            let wf = match &w.fairness {
                Some(Ok(f)) => f,
                other => panic!("{set:?}: warm fair stage not applied: {other:?}"),
            };
            assert!(
                matches!(c.fairness, Some(Ok(_))),
                "{set:?}: cold fair stage not applied"
            );
            let cf = c.fairness.as_ref().and_then(|f| f.as_ref().ok()).unwrap();
            for (i, p) in v.projects.iter().enumerate() {
                let id = ProjectId(i as u32);
                // A line's fair ratio: its level, or its funded share where the face fixes it.
                let need = p.need_mu.max(1e-9);
                let ratio = |f: Option<&Settled>, grant: f64| match f {
                    Some(Settled::Level { ratio, .. }) => *ratio,
                    _ => grant / need,
                };
                let (a, b) = (
                    ratio(wf.of(id), w.allocation.granted(id)),
                    ratio(cf.of(id), c.allocation.granted(id)),
                );
                assert!(
                    (a - b).abs() <= 1e-7,
                    "{set:?}: line {} at ratio {a} warm, {b} cold",
                    p.id
                );
                // Grants: a line may sit above its level where the face leaves it room (the
                // final point is a vertex, the two fillings' vertices differ), by 2e-6 of its
                // need at most as measured on zhejiang-2024.
                let (a, b) = (w.allocation.granted(id), c.allocation.granted(id));
                assert!(
                    ((a - b) / need).abs() <= 1e-5,
                    "{set:?}: line {} funded {a} warm, {b} cold (need {need})",
                    p.id
                );
            }
            if pass == 0 {
                first_solves.push(wf.solves);
            } else {
                assert!(
                    wf.solves < first_solves[k],
                    "{set:?}: {} LPs on the second pass, {} on the first: the memo was not used",
                    wf.solves,
                    first_solves[k]
                );
            }
        }
    }
}

#[test]
fn warm_sweep_variants_have_the_cold_fair_plan_on_a_generated_province() {
    let tmp = tempfile::tempdir().unwrap();
    let mut opts = GenOptions::new(20, 12);
    opts.divisible_only = true;
    generate_with(&opts, tmp.path()).unwrap();
    let base = with_sets(tmp.path(), &[]);
    let pool = base
        .pools
        .iter()
        .find(|p| p.id == "provincial_urgent")
        .expect("generated scenarios have the provincial_urgent pool");
    let sets: Vec<Vec<String>> = [0.85, 0.95, 1.05]
        .iter()
        .map(|f| {
            vec![format!(
                "pools.provincial_urgent.capacity_mu={}",
                (pool.capacity_mu * f).round()
            )]
        })
        .collect();
    assert_warm_equals_cold(tmp.path(), &sets);
}

#[test]
fn warm_sweep_variants_have_the_cold_fair_plan_on_zhejiang() {
    let dir = super::common::repo().join("scenarios/zhejiang-2024");
    let sets: Vec<Vec<String>> = [(0.3, 0.5), (0.75, 2.0)]
        .iter()
        .map(|(a, b)| {
            vec![
                format!("rules.stock_linkage.alpha={a}"),
                format!("rules.stock_linkage.beta={b}"),
            ]
        })
        .collect();
    assert_warm_equals_cold(&dir, &sets);
}

//! What-if overrides: `--set` paths, `extends` files, and their errors.

use crate::common::*;
use landquota::scenario::{self, overrides};
use std::path::Path;

fn with_sets(path: &str, sets: &[&str]) -> Result<landquota::scenario::Scenario, String> {
    let edits: Vec<_> = sets
        .iter()
        .map(|s| overrides::parse_set(s).map_err(|d| d.to_string()))
        .collect::<Result<_, _>>()?;
    scenario::from_path_with(&repo().join(path), &edits).map_err(|d| d.to_string())
}

#[test]
fn set_changes_pool_county_rule_and_objective() {
    let sc = with_sets(
        "scenarios/tutorial",
        &[
            "pools.urban_batch.capacity=1000",
            "counties.jindong.frozen=true",
            "rules.stock_linkage.alpha=0.6",
            "objective.mode=lexicographic",
            "rules.earmarks.farmer_housing.min_share=0.04",
            "pools.sme.capacity_ha=10",
        ],
    )
    .unwrap();
    assert_eq!(sc.pools[0].capacity_mu, 1000.0);
    assert_eq!(sc.pools[2].capacity_mu, 150.0, "hectares converted");
    assert!(sc.counties[1].frozen);
    assert_eq!(sc.rules.stock_linkage.as_ref().unwrap().alpha, 0.6);
    assert_eq!(
        sc.objective.mode,
        landquota::scenario::ObjectiveMode::Lexicographic
    );
    assert_eq!(sc.rules.earmarks[0].min_share, 0.04);
}

#[test]
fn set_changes_the_optimum_as_expected() {
    // Cutting the infrastructure pool by 100 mu loses 100 × its marginal value (4.428571...),
    // as long as the cut stays within the linear piece (checked: jd-ring keeps a grant).
    let base = solve_ok(&with_sets("scenarios/tutorial", &[]).unwrap()).objective;
    let cut =
        solve_ok(&with_sets("scenarios/tutorial", &["pools.infrastructure.capacity=800"]).unwrap())
            .objective;
    assert_close(base - cut, 100.0 * (4.0 + 0.3 / 0.7), "objective lost");
}

#[test]
fn set_errors_name_the_path_and_what_is_valid() {
    let e = with_sets("scenarios/tutorial", &["pools.urban_bach.capacity=1"]).unwrap_err();
    assert!(
        e.contains("unknown pools id \"urban_bach\"")
            && e.contains("did you mean pools.urban_batch.capacity?"),
        "{e}"
    );
    let e = with_sets("scenarios/tutorial", &["pools.urban_batch.capacty=1"]).unwrap_err();
    assert!(
        e.contains("did you mean `capacity_mu`?")
            && e.contains("fields of pools: id, name, capacity_mu"),
        "{e}"
    );
    let e = with_sets("scenarios/tutorial", &["counties.jindong.frozen=maybe"]).unwrap_err();
    assert!(
        e.contains("expected true or false, found the text \"maybe\""),
        "{e}"
    );
    let e = with_sets("scenarios/tutorial", &["rules.stock_linkage.alfa=1"]).unwrap_err();
    assert!(e.contains("did you mean `alpha`?"), "{e}");
    let e = with_sets("scenarios/tutorial", &["pool.x.y=1"]).unwrap_err();
    assert!(
        e.contains("unknown section `pool`") && e.contains("did you mean `pools`?"),
        "{e}"
    );
    let e = with_sets("scenarios/tutorial", &["nonsense"]).unwrap_err();
    assert!(e.contains("expected PATH=VALUE"), "{e}");
    // A value that is valid to set but breaks a rule is reported by validation, as usual.
    let e = with_sets("scenarios/tutorial", &["pools.sme.capacity=-5"]).unwrap_err();
    assert!(e.contains("capacity_mu") && e.contains("-5"), "{e}");
    // The CLI reports the same and exits 1.
    let out = cli(&[
        "solve",
        "scenarios/tutorial",
        "--set",
        "counties.nowhere.frozen=true",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("error: --set: counties.nowhere.frozen: unknown counties id")
    );
}

#[test]
fn extends_overrides_adds_and_removes() {
    let sc = scenario::from_path(&repo().join("scenarios/jinhua-2025-whatif")).unwrap();
    let base = scenario::from_path(&repo().join("scenarios/jinhua-2025")).unwrap();
    assert_eq!(sc.meta.name, "jinhua-2025-whatif");
    assert_eq!(
        sc.pools
            .iter()
            .find(|p| p.id == "urban_batch")
            .unwrap()
            .capacity_mu,
        9417.0
    );
    assert!(sc.counties.iter().find(|c| c.id == "yiwu").unwrap().frozen);
    assert!(sc.projects.iter().any(|p| p.id == "jinhua-new-rail"));
    assert!(!sc.projects.iter().any(|p| p.id == "pujiang-urban"));
    assert_eq!(sc.projects.len(), base.projects.len());
    // Everything not overridden is the base's.
    assert_eq!(
        sc.rules.stock_linkage.as_ref().unwrap().alpha,
        base.rules.stock_linkage.as_ref().unwrap().alpha
    );
    let s = solve_ok(&sc);
    let yiwu = sc.counties.iter().position(|c| c.id == "yiwu").unwrap();
    for p in sc.project_ids() {
        let proj = sc.project(p);
        if proj.county.idx() == yiwu && sc.category(proj.category).id != "farmer_housing" {
            assert_eq!(s.allocation.granted(p), 0.0, "{} in frozen Yiwu", proj.id);
        }
    }
}

#[test]
fn extends_errors_point_at_the_overriding_file() {
    let dir = repo().join("scenarios/jinhua-2025-whatif");
    let bad = "extends = \"../jinhua-2025\"\n[[pools]]\nid = \"urban_batch\"\ncapacity_mu = \"x\"\n[[counties]]\nid = \"yiwu\"\nfrozn = true\n[remove]\nprojects = [\"nope\"]\n";
    let e = scenario::from_source(bad, &dir.join("bad.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(
            "bad.toml:4:15: pools.urban_batch.capacity_mu: expected a number, found the text \"x\""
        ),
        "{e}"
    );
    assert!(
        e.contains("bad.toml:7:9: counties.yiwu.frozn: unknown field `frozn`"),
        "{e}"
    );
    assert!(
        e.contains("no projects entry with id \"nope\" to remove"),
        "{e}"
    );
    // A cycle of extends is an error, not a hang.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.toml"), "extends = \"b.toml\"\n").unwrap();
    std::fs::write(tmp.path().join("b.toml"), "extends = \"a.toml\"\n").unwrap();
    let e = scenario::from_path(&tmp.path().join("a.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("extends itself"), "{e}");
    let _ = Path::new(".");
}

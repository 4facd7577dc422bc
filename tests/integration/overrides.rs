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

/// Issue 27: one year of a pool's capacity table is set by `--set` (absolute or relative), a
/// table value is merged into the pool's (2027 no longer falls back to the plan year's 11,771
/// mu when 2026 is set), and a key for the plan year is a named error (it panicked).
#[test]
fn one_year_of_a_capacity_table_is_set_and_tables_merge() {
    let base = "scenarios/jinhua-2025-2027";
    let later = |sets: &[&str]| -> Result<Vec<f64>, String> {
        let sc = with_sets(base, sets)?;
        let pool = sc.pools.iter().find(|p| p.id == "urban_batch").unwrap();
        Ok(pool.later_capacity_mu.clone())
    };
    assert_eq!(later(&[]).unwrap(), vec![10790.0, 9809.0]);
    assert_eq!(
        later(&["pools.urban_batch.capacity_by_year_mu.2027=9000"]).unwrap(),
        vec![10790.0, 9000.0]
    );
    assert_eq!(
        later(&["pools.urban_batch.capacity_by_year.2027=*0.5"]).unwrap(),
        vec![10790.0, 4904.5]
    );
    assert_eq!(
        later(&["pools.urban_batch.capacity_by_year_mu={2026=100}"]).unwrap(),
        vec![100.0, 9809.0]
    );
    for set in [
        "pools.urban_batch.capacity_by_year_mu.2025=1",
        "pools.urban_batch.capacity_by_year_mu={2025=5}",
    ] {
        let err = later(&[set]).unwrap_err();
        assert!(err.contains("2025 is the plan year"), "{set}: {err}");
        assert!(err.contains("capacity_mu"), "{set}: {err}");
    }
    let err = later(&["pools.urban_batch.capacity_by_year_mu.2030=1"]).unwrap_err();
    assert!(err.contains("2030 is not a year of the horizon"), "{err}");
}

/// Issue 27's messages: a problem with a `--set` value is the `--set`'s, named by the path it
/// wrote; an id cannot be renamed by an override; a control character in a `--set` is refused
/// (a line break used to cut the value silently); a wrong horizon is one problem, not 40; years
/// beyond 2200 are refused in the horizon and in a window.
#[test]
fn override_problems_name_the_override_and_stand_alone() {
    let one = |path: &str, sets: &[&str]| -> String {
        let err = with_sets(path, sets).unwrap_err();
        assert!(err.contains("1 problem found"), "{sets:?}: {err}");
        err
    };
    let e = one(
        "scenarios/jinhua-2025",
        &["rules.earmarks.farmer_housing.min_share=2"],
    );
    assert!(
        e.starts_with("error: --set: rules.earmarks.farmer_housing.min_share: expected a share"),
        "{e}"
    );
    let e = one("scenarios/jinhua-2025", &["pools.urban_batch.capacity=-5"]);
    assert!(
        e.starts_with("error: --set: pools.urban_batch.capacity_mu: expected an area ≥ 0"),
        "{e}"
    );
    let e = one("scenarios/jinhua-2025", &["counties.yiwu.id=yiwu2"]);
    assert!(
        e.contains("--set: counties.yiwu.id: an id cannot be changed"),
        "{e}"
    );
    assert!(!e.contains("projects.csv"), "{e}");

    let e = overrides::parse_set("objective.consolidated_bonus=0.1\n[x]")
        .unwrap_err()
        .to_string();
    assert!(e.contains("control character (U+000A"), "{e}");

    let base = "scenarios/jinhua-2025-2027";
    for (set, says) in [
        ("rules.horizon.years=[2025,2027]", "are not consecutive"),
        (
            "rules.horizon.years=[2024,2025]",
            "the horizon starts in 2024",
        ),
        (
            "rules.horizon.years=[2025,2026,2999]",
            "expected a year from 1949 to 2200, found 2999",
        ),
        (
            "projects.yiwu-urban.ready_from=2300",
            "expected a year from 1949 to 2200, found 2300",
        ),
        (
            "projects.yiwu-urban.last_year=2201",
            "expected a year from 1949 to 2200, found 2201",
        ),
    ] {
        let e = one(base, &[set]);
        assert!(e.contains(says), "{set}: {e}");
    }
}

/// Issue 27: a sweep value near the top of the doubles (10³⁰⁸) is shown as it is, not rounded to
/// "inf", and a variant's problem names the variant rather than `--set`.
#[test]
fn a_sweep_value_near_the_top_of_the_doubles_names_its_variant() {
    let tmp = tempfile::tempdir().unwrap();
    let base = repo().join("scenarios/jinhua-2025");
    let sweep = tmp.path().join("big.toml");
    std::fs::write(
        &sweep,
        format!(
            "base = {:?}\nname = \"big\"\n[[grid]]\npath = \"pools.urban_batch.capacity\"\nrange = {{ from = 1e308, to = 1.7e308, step = 1e308 }}\n[[variants]]\nname = \"times\"\nset = {{ \"pools.urban_batch.capacity\" = \"*1e308\" }}\n",
            base.to_string_lossy()
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = cli(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.code().is_some());
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let grid = summary.lines().find(|l| l.contains("grid-0001")).unwrap();
    assert!(grid.contains("capacity=1e308"), "{grid}");
    assert!(
        grid.contains("error: variant grid-0001: pools.urban_batch.capacity_mu"),
        "{grid}"
    );
    assert!(grid.contains("found 1e308"), "{grid}");
    assert!(!grid.contains("inf"), "{grid}");
    let times = summary.lines().find(|l| l.contains(",times,")).unwrap();
    assert!(times.contains("error: variant times:"), "{times}");
}

/// Issue 27: a rule list replaced by a scenario that `extends` another is blamed on the
/// extending file, at its entry, not on the base's line the list replaced (it said
/// `jinhua-2025/scenario.toml:117:13`).
#[test]
fn a_rule_list_set_by_an_extending_file_is_blamed_on_it() {
    let tmp = tempfile::tempdir().unwrap();
    let base = repo().join("scenarios/jinhua-2025");
    std::fs::write(
        tmp.path().join("scenario.toml"),
        format!(
            "extends = {:?}\n\n[scenario]\nname = \"ext\"\n\n[[rules.earmarks]]\ncategory = \"farmer_housing\"\nmin_share = 2\n",
            base.to_string_lossy()
        ),
    )
    .unwrap();
    let err = scenario::from_path(&tmp.path().join("scenario.toml"))
        .unwrap_err()
        .to_string();
    let ext = tmp.path().join("scenario.toml");
    assert!(
        err.contains(&format!(
            "{}:6:1: rules.earmarks[0].min_share",
            ext.display()
        )),
        "{err}"
    );
    assert!(!err.contains("jinhua-2025/scenario.toml"), "{err}");
}

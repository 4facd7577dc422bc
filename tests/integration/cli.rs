//! The commands as a user runs them: exit codes, formats, files written.

use crate::common::*;
use serde_json::Value;

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn check_accepts_the_tutorial() {
    let out = cli(&["check", "scenarios/tutorial"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("ok (3 pools, 3 counties, 11 projects, plan 2400 mu)")
    );
}

#[test]
fn solve_json_follows_the_contract() {
    let out = cli(&["solve", "scenarios/tutorial", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["status"], "optimal");
    assert_eq!(v["scenario"], "tutorial");
    assert!(v["objective"].as_f64().unwrap() > 0.0);
    for pool in v["pools"].as_array().unwrap() {
        assert!(pool["used_mu"].as_f64().unwrap() <= pool["capacity_mu"].as_f64().unwrap() + 1e-6);
        assert!(pool["id"].is_string());
    }
    for c in v["counties"].as_array().unwrap() {
        let by_pool: f64 = c["by_pool"]
            .as_object()
            .unwrap()
            .values()
            .map(|x| x.as_f64().unwrap())
            .sum();
        assert_close(
            by_pool,
            c["granted_mu"].as_f64().unwrap(),
            "county by_pool sum",
        );
        assert!(c["farmland_used_mu"].is_number() && c["forest_used_mu"].is_number());
    }
    for p in v["projects"].as_array().unwrap() {
        let g = p["granted_mu"].as_f64().unwrap();
        let need = p["need_mu"].as_f64().unwrap();
        let status = p["status"].as_str().unwrap();
        let expected = if g <= 0.0 {
            "none"
        } else if g >= need {
            "full"
        } else {
            "partial"
        };
        assert_eq!(status, expected, "project {}", p["id"]);
        assert!(p["county"].is_string());
    }
    let checks = v["checks"].as_array().unwrap();
    assert!(checks.len() >= 10);
    assert!(checks.iter().all(|c| c["holds"] == true
        && c["max_violation_mu"].as_f64().unwrap() <= 1e-6
        && c["rule"].is_string()));
}

#[test]
fn solve_is_byte_identical_across_runs() {
    let a = cli(&["solve", "scenarios/tutorial", "--format", "json"]);
    let b = cli(&["solve", "scenarios/tutorial", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn solve_csv_writes_three_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(&[
        "solve",
        "scenarios/tutorial",
        "--format",
        "csv",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let projects = std::fs::read_to_string(dir.path().join("projects.csv")).unwrap();
    // Since #14: a UTF-8 byte-order mark for Excel, and the reason column last.
    let projects = projects.strip_prefix('\u{feff}').expect("UTF-8 BOM");
    assert!(projects.starts_with("id,name,county,category,tier,need_mu,granted_mu,status,urban_batch_mu,infrastructure_mu,sme_mu,reason\n"));
    assert_eq!(projects.lines().count(), 12);
    assert!(projects.contains("杭温高铁金华段"));
    let counties = std::fs::read_to_string(dir.path().join("counties.csv")).unwrap();
    assert_eq!(counties.lines().count(), 4);
    let pools = std::fs::read_to_string(dir.path().join("pools.csv")).unwrap();
    assert!(pools.starts_with("\u{feff}id,name,capacity_mu,used_mu\n"));
    // Written atomically: no temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn solve_table_is_readable() {
    let out = cli(&["solve", "scenarios/tutorial"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "status: optimal",
        "Pools",
        "Counties",
        "婺城区",
        "Rule checks",
        "none: county frozen",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    golden(&repo().join("tests/golden/tutorial.txt"), &text);
}

#[test]
fn export_writes_mps_with_named_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mps = dir.path().join("t.mps");
    let out = cli(&[
        "export",
        "scenarios/tutorial",
        "--mps",
        mps.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&mps).unwrap();
    for needle in [
        "NAME tutorial",
        "OBJSENSE\n    MAX",
        " L  pool_capacity.urban_batch",
        " L  stock_linkage.wucheng",
        " G  county_floor.wucheng",
        " E  min_share.hz-rail",
        "'INTORG'",
        "x.wc-urban.urban_batch obj",
        "ENDATA",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
    // Every column in the solve's LP appears: one `obj` entry per column.
    let solve = json(&cli(&["solve", "scenarios/tutorial", "--format", "json"]));
    let granted_pairs: usize = solve["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["by_pool"].as_object().unwrap().len())
        .sum();
    let obj_entries = text
        .lines()
        .filter(|l| l.split_whitespace().nth(1) == Some("obj"))
        .count();
    assert!(obj_entries >= granted_pairs);
}

#[test]
fn infeasible_scenario_has_its_own_exit_code() {
    let out = cli(&[
        "solve",
        "tests/data/infeasible/floor-over-ceiling.toml",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let v = json(&out);
    assert_eq!(v["status"], "infeasible");
    assert!(v["objective"].is_null());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(cli(&["solve"]).status.code(), Some(2));
    assert_eq!(
        cli(&["solve", "scenarios/tutorial", "--format", "xml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(cli(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn invalid_scenario_exits_1_for_every_command() {
    for cmd in ["check", "solve", "export"] {
        let mut args = vec![cmd, "tests/data/infeasible"];
        if cmd == "export" {
            args.extend(["--mps", "/dev/null"]);
        }
        let out = cli(&args);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("is a directory without a scenario.toml")
        );
    }
}

#[test]
fn batch_and_diff_are_wired() {
    let out = cli(&[
        "batch",
        "scenarios/tutorial",
        "scenarios/jinhua-2025",
        "--csv",
        "--repeat",
        "2",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.lines().count() >= 3 && csv.contains("tutorial") && csv.contains("optimal"),
        "{csv}"
    );
    let out = cli(&["batch", "tests/data/infeasible/floor-over-ceiling.toml"]);
    assert_eq!(out.status.code(), Some(3));
    let out = cli(&[
        "diff",
        "scenarios/jinhua-2025",
        "scenarios/jinhua-2025-whatif",
        "--json",
        "--limit",
        "5",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 5);
    assert!(
        v["objective_delta"].as_f64().unwrap() < 0.0,
        "cutting a pool and freezing a county lowers the optimum"
    );
}

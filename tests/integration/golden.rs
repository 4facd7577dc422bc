//! Golden outputs of the shipped scenarios: any change to a plan, a value or a reason shows
//! up as a diff to review. Refresh with `UPDATE_GOLDEN=1 cargo test` after checking it.

use crate::common::*;
use serde_json::Value;

fn solve_golden(name: &str) {
    let out = cli(&[
        "solve",
        &format!("scenarios/{name}"),
        "--format",
        "json",
        "--compare",
        "pro-rata",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["status"], "optimal");
    assert_eq!(v["certificate"]["optimal"], true, "{name}");
    assert!(
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["holds"] == true)
    );
    golden(&repo().join(format!("tests/golden/{name}.json")), &text);
}

#[test]
fn tutorial_json() {
    solve_golden("tutorial");
}

#[test]
fn jinhua_2025_json() {
    solve_golden("jinhua-2025");
}

#[test]
fn jiaxing_2019_json() {
    solve_golden("jiaxing-2019");
}

#[test]
fn zhejiang_2024_json() {
    solve_golden("zhejiang-2024");
}

#[test]
fn jinhua_2025_2027_json() {
    solve_golden("jinhua-2025-2027");
}

#[test]
fn jinhua_2025_trading_json() {
    solve_golden("jinhua-2025-trading");
}

#[test]
fn explain_project_and_county() {
    let out = cli(&["explain", "scenarios/tutorial", "--project", "jd-ring"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    // The pool (900 mu) funds the national railway (500 mu) first; jd-ring (need 600) gets the
    // other 400, and all of 100 mu more.
    assert!(text.contains("why not more: the pool 重大基础设施 is used up (900 mu): with 100 mu more in the pool 重大基础设施 this project would get 100 mu more"), "{text}");
    golden(&repo().join("tests/golden/explain-jd-ring.txt"), &text);
    let out = cli(&["explain", "scenarios/tutorial", "--county", "pujiang"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("FROZEN") && text.contains("county frozen"),
        "{text}"
    );
    golden(&repo().join("tests/golden/explain-pujiang.txt"), &text);
    let out = cli(&["explain", "scenarios/tutorial", "--project", "jd-rnig"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean \"jd-ring\"?"));
}

#[test]
fn infeasible_report_names_the_conflict() {
    let out = cli(&["solve", "tests/data/infeasible/floor-over-ceiling.toml"]);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("county_floor")
            && text.contains("stock_linkage")
            && text.contains("lower the floor of county B by 40 mu"),
        "{text}"
    );
    golden(
        &repo().join("tests/golden/infeasible-floor-over-ceiling.txt"),
        &text,
    );
}

#[test]
fn shipped_infeasible_variant_is_explained() {
    // 12% of a 24,000 mu plan is 2,880 mu of farmer housing; the counties filed 2,000 mu.
    let out = cli(&[
        "solve",
        "scenarios/jinhua-2025-infeasible",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "infeasible");
    let c = &v["conflicts"][0];
    assert_eq!(
        (c["rule"].as_str(), c["id"].as_str()),
        (Some("earmark"), Some("farmer_housing"))
    );
    assert_close(c["relax_mu"].as_f64().unwrap(), 880.0, "shortfall");
    assert!(
        c["suggestion"]
            .as_str()
            .unwrap()
            .contains("lower it to at most 0.0833")
    );
}

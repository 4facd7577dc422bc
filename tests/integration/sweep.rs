//! Sweeps: expansion order, determinism across thread counts, failure isolation, resume.

use crate::common::*;
use blocklp::backend::Minilp;
use landquota::commands::sweep::{SweepOptions, read, run_sweep};
use std::path::Path;

const SWEEP: &str = r#"
base = "SCENARIO"
name = "t"
[[variants]]
name = "bad-override"
set = { "pools.nope.capacity" = 1 }
[[variants]]
name = "infeasible"
set = { "counties.wucheng.floor" = 5000 }
[[grid]]
path = "pools.infrastructure.capacity"
range = { from = 700, to = 900, step = 100 }
[[grid]]
path = "counties.jindong.frozen"
values = [false, true]
[random]
draws = 3
seed = 7
ranges = [{ path = "rules.stock_linkage.alpha", from = 0.3, to = 0.7 }]
"#;

fn sweep_file(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("sweep.toml");
    std::fs::write(
        &p,
        SWEEP.replace(
            "SCENARIO",
            &repo().join("scenarios/tutorial").to_string_lossy(),
        ),
    )
    .unwrap();
    p
}

fn opts(out: &Path, threads: usize, resume: bool) -> SweepOptions {
    SweepOptions {
        out: out.to_path_buf(),
        threads: Some(threads),
        keep_allocations: true,
        resume,
        explain: true,
        progress: false,
    }
}

#[test]
fn variants_expand_in_documented_order() {
    let dir = tempfile::tempdir().unwrap();
    let s = read(&sweep_file(dir.path())).unwrap();
    let names: Vec<&str> = s.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names[..4],
        ["bad-override", "infeasible", "grid-0001", "grid-0002"]
    );
    assert_eq!(s.variants.len(), 2 + 3 * 2 + 3);
    // Grid: first axis slowest.
    assert_eq!(
        s.variants[2].overrides_text(),
        "pools.infrastructure.capacity=700; counties.jindong.frozen=false"
    );
    assert_eq!(
        s.variants[3].overrides_text(),
        "pools.infrastructure.capacity=700; counties.jindong.frozen=true"
    );
    assert_eq!(
        s.variants[7].overrides_text(),
        "pools.infrastructure.capacity=900; counties.jindong.frozen=true"
    );
    // Random draws are reproducible and inside their range.
    let again = read(&sweep_file(dir.path())).unwrap();
    for (a, b) in s.variants[8..].iter().zip(&again.variants[8..]) {
        assert_eq!(a, b);
        let alpha: f64 = a.overrides[0].1.parse().unwrap();
        assert!((0.3..0.7).contains(&alpha));
    }
}

#[test]
fn same_outputs_with_one_and_two_threads_and_failures_isolated() {
    let dir = tempfile::tempdir().unwrap();
    let s = read(&sweep_file(dir.path())).unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let ra = run_sweep(&s, &Minilp, &opts(&a, 1, false)).unwrap();
    run_sweep(&s, &Minilp, &opts(&b, 2, false)).unwrap();
    for f in ["summary.csv", "summary.json"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between 1 and 2 threads"
        );
    }
    // The bad override and the infeasible variant are recorded; every other variant finished.
    assert_eq!(ra.rows[0].status, "invalid");
    assert!(
        ra.rows[0].message.contains("unknown pools id \"nope\""),
        "{}",
        ra.rows[0].message
    );
    assert_eq!(ra.rows[1].status, "infeasible");
    assert!(
        ra.rows[1].message.contains("county_floor.wucheng"),
        "{}",
        ra.rows[1].message
    );
    assert!(ra.rows[2..].iter().all(|r| r.status == "optimal"));
    // A variant's objective equals solving the same overrides directly.
    let direct = landquota::scenario::from_path_with(
        &repo().join("scenarios/tutorial"),
        &[
            landquota::scenario::overrides::parse_set("pools.infrastructure.capacity=800").unwrap(),
            landquota::scenario::overrides::parse_set("counties.jindong.frozen=true").unwrap(),
        ],
    )
    .unwrap();
    assert_close(
        ra.rows[5].objective.unwrap(),
        solve_ok(&direct).objective,
        "grid-0004 objective",
    );
    // Kept allocations are full results.
    let kept = std::fs::read_to_string(a.join("variants/grid-0004.json")).unwrap();
    assert!(kept.contains("\"status\": \"optimal\""));
}

#[test]
fn resume_skips_finished_variants() {
    let dir = tempfile::tempdir().unwrap();
    let s = read(&sweep_file(dir.path())).unwrap();
    let out = dir.path().join("out");
    run_sweep(&s, &Minilp, &opts(&out, 2, false)).unwrap();
    let full = std::fs::read(out.join("summary.csv")).unwrap();
    // Simulate an interruption: keep 4 finished lines and a line cut in half.
    let log = std::fs::read_to_string(out.join("results.jsonl")).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    let cut = format!(
        "{}\n{}",
        lines[..4].join("\n"),
        &lines[4][..lines[4].len() / 2]
    );
    std::fs::write(out.join("results.jsonl"), cut).unwrap();
    std::fs::remove_file(out.join("summary.csv")).unwrap();
    let o = run_sweep(&s, &Minilp, &opts(&out, 2, true)).unwrap();
    assert_eq!(o.skipped, 4);
    assert_eq!(o.rows.len(), s.variants.len());
    assert_eq!(
        std::fs::read(out.join("summary.csv")).unwrap(),
        full,
        "a resumed sweep gives the same summary"
    );
}

#[test]
fn shipped_sweep_runs_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(&[
        "sweep",
        "scenarios/sweeps/jinhua-pool-cut.toml",
        "--out",
        dir.path().to_str().unwrap(),
        "--threads",
        "2",
        "--no-explain",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(dir.path().join("summary.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 17);
    assert!(String::from_utf8_lossy(&out.stderr).contains("17 optimal"));
    let bad = cli(&["sweep", "scenarios/tutorial/scenario.toml"]);
    assert_eq!(bad.status.code(), Some(1), "a scenario is not a sweep file");
}

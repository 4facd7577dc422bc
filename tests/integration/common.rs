//! Helpers shared by the test modules.

#![allow(dead_code)]

use blocklp::{SolveError, backend::Minilp};
use landquota::alloc::Allocation;
use landquota::model::{self as lp, Solved};
use landquota::scenario::{self, Scenario};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn parse(src: &str) -> Scenario {
    match scenario::from_source(src, Path::new("test.toml")) {
        Ok(s) => s,
        Err(d) => panic!("test scenario is invalid:\n{d}"),
    }
}

pub fn solve(sc: &Scenario) -> Result<Solved, SolveError> {
    lp::solve(sc, &Minilp)
}

/// Solves and asserts that every rule check holds.
pub fn solve_ok(sc: &Scenario) -> Solved {
    let s = solve(sc).expect("scenario should be feasible");
    let checks = landquota::check::check(sc, &s.allocation);
    for c in &checks {
        assert!(
            c.holds,
            "rule {} broken by {} mu at {:?}",
            c.rule, c.max_violation_mu, c.worst
        );
    }
    s
}

pub fn granted(sc: &Scenario, a: &Allocation, id: &str) -> f64 {
    let p = sc
        .projects
        .iter()
        .position(|p| p.id == id)
        .unwrap_or_else(|| panic!("no project {id}"));
    a.granted(landquota::scenario::ProjectId(p as u32))
}

pub fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= 1e-6 * expected.abs().max(1.0),
        "{what}: expected {expected}, got {actual}"
    );
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the CLI from the repository root, in English whatever the developer's locale (tests
/// that want Chinese pass `--lang zh`).
pub fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_landquota"))
        .args(args)
        .env("LC_ALL", "C")
        .current_dir(repo())
        .output()
        .expect("binary runs")
}

/// Compares text with a golden file; `UPDATE_GOLDEN=1` rewrites it instead.
pub fn golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b);
        panic!(
            "{} differs from the output (first differing line: {:?}); if the change is intended, rerun with UPDATE_GOLDEN=1\n--- actual ---\n{actual}",
            path.display(),
            first.map(|i| i + 1)
        );
    }
}

//! Issue 12's classes that are not about input files: no "optimal" without a certificate, no
//! "unbounded" for a bounded LP.

use crate::common::*;
use blocklp::backend::Minilp;
use blocklp::{Backend, LpModel, LpSolution, SolveError};
use landquota::commands::solve::{Options, run};
use landquota::report::Status;

/// Solves the scenario's own LP, and fails every other solve (dual LPs, shifted LPs) the way
/// the simplex failed on a 600-line county: "unbounded".
struct FailsAnalysis {
    primal_columns: usize,
}

impl Backend for FailsAnalysis {
    fn name(&self) -> &'static str {
        "fails-analysis"
    }
    fn solve(&self, lp: &LpModel) -> Result<LpSolution, SolveError> {
        if lp.columns.len() == self.primal_columns {
            Minilp.solve(lp)
        } else {
            Err(SolveError::Unbounded)
        }
    }
    fn shifted_optima(
        &self,
        _lp: &LpModel,
        _shifts: &[(usize, f64)],
    ) -> Result<Vec<Option<f64>>, SolveError> {
        Err(SolveError::Unbounded)
    }
}

#[test]
fn a_plan_without_a_certificate_is_not_called_optimal() {
    let sc = landquota::scenario::from_path(&repo().join("scenarios/tutorial")).unwrap();
    let (model, _) = landquota::model::build::build(&sc);
    let backend = FailsAnalysis {
        primal_columns: model.columns.len(),
    };
    let opts = Options {
        explain: true,
        compare_pro_rata: false,
    };
    let r = run(&sc, &backend, opts);
    assert!(r.checks.iter().all(|c| c.holds));
    if r.certificate.as_ref().is_none_or(|c| !c.optimal) {
        assert_eq!(r.status, Status::NotProvenOptimal, "{:?}", r.message);
    }
    assert_ne!(r.status, Status::Optimal);
}

/// The inner backend, refusing to solve the whole LP: what takes hours at the nation must not
/// be asked. (Its warm re-solves for marginal values, which the decomposition hands it below
/// 20,000 columns, are allowed.)
#[derive(Clone)]
struct NoWholeLp {
    limit: usize,
}

impl Backend for NoWholeLp {
    fn name(&self) -> &'static str {
        "no-whole-lp"
    }
    fn solve(&self, lp: &LpModel) -> Result<LpSolution, SolveError> {
        if lp.columns.len() > self.limit {
            return Err(SolveError::Other(format!(
                "the inner backend was asked for an LP of {} columns",
                lp.columns.len()
            )));
        }
        Minilp.solve(lp)
    }
    fn shifted_optima(
        &self,
        lp: &LpModel,
        shifts: &[(usize, f64)],
    ) -> Result<Vec<Option<f64>>, SolveError> {
        Minilp.shifted_optima(lp, shifts)
    }
}

fn generated(counties: usize, seed: u64, sets: &[&str]) -> landquota::scenario::Scenario {
    let tmp = tempfile::tempdir().unwrap();
    landquota::commands::generate::generate(counties, seed, tmp.path()).unwrap();
    // List-order ties, as these tests were written for (generated scenarios take the default).
    let edits: Vec<_> = std::iter::once("objective.tie_break=list-order")
        .chain(sets.iter().copied())
        .map(|s| landquota::scenario::overrides::parse_set(s).unwrap())
        .collect();
    landquota::scenario::from_path_with(tmp.path(), &edits).unwrap()
}

/// Infeasible scenarios at decomposition scale: the verdict and the conflicting rules come
/// from decomposed LPs (the inner backend never sees the whole LP or its elastic LP), and
/// name the same rules, giving the same mu, as plain minilp.
#[test]
fn infeasible_scenarios_are_explained_by_the_decomposition() {
    let pools: Vec<String> = [
        "urban_batch",
        "stock_linked",
        "rural_revitalization",
        "major_infra",
        "provincial_urgent",
        "sme_special",
        "industry_reward",
        "provincial_reserve",
    ]
    .iter()
    .map(|p| format!("pools.{p}.capacity=0"))
    .collect();
    let pools: Vec<&str> = pools.iter().map(String::as_str).collect();
    let cases: [&[&str]; 3] = [
        &["counties.c0001.floor_mu=100000"],
        &["rules.earmarks.farmer_housing.min_share=0.5"],
        &pools,
    ];
    let opts = Options {
        explain: true,
        compare_pro_rata: false,
    };
    for sets in cases {
        let sc = generated(20, 3, sets);
        let (model, _) = landquota::model::build::build(&sc);
        let blocks = blocklp::decompose::Blocks::new(NoWholeLp {
            limit: model.columns.len() / 2,
        });
        let fast = run(&sc, &blocks, opts);
        let slow = run(&sc, &Minilp, opts);
        assert_eq!(
            fast.status,
            Status::Infeasible,
            "{sets:?}: {:?}",
            fast.message
        );
        assert_eq!(slow.status, Status::Infeasible);
        assert!(!fast.conflicts.is_empty(), "{sets:?}: {:?}", fast.message);
        // The smallest joint relaxation is unique in size, not always in which rules give.
        let total =
            |r: &landquota::report::Report| r.conflicts.iter().map(|c| c.relax_mu).sum::<f64>();
        let (a, b) = (total(&fast), total(&slow));
        assert!(
            (a - b).abs() <= 1e-6 * b.max(1.0),
            "{sets:?}: {a} against minilp's {b}"
        );
        if sets.len() == 1 {
            let giving = |r: &landquota::report::Report| {
                let mut v: Vec<(String, String)> = r
                    .conflicts
                    .iter()
                    .filter(|c| c.relax_mu > 1e-6)
                    .map(|c| (c.rule.to_string(), c.id.clone()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(giving(&fast), giving(&slow), "{sets:?}");
        }
    }
}

/// `landquota check ... 2>&1 | head`: the reader goes away before the messages are written.
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::process::{Command, Stdio};
    for args in [
        &["check", "tests/data/bad/many_problems"][..],
        &["solve", "scenarios/tutorial", "--format", "json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_landquota"))
            .args(args)
            .current_dir(repo())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Both read ends closed before the child writes anything.
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
        assert!(status.code().is_some(), "{args:?} killed by a signal");
    }
}

/// Runs the CLI with a time limit (a run that blocks is a failure, not a hung test).
fn cli_within(args: &[&str], secs: u64) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_landquota"))
        .args(args)
        .current_dir(repo())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() > secs {
            child.kill().unwrap();
            panic!("{args:?} still running after {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn fifos_are_refused_as_input_files() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("projects.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let scenario = dir.path().join("scenario.toml");
    let src = std::fs::read_to_string(repo().join("tests/data/bad/csv_missing_file/scenario.toml"))
        .unwrap();
    std::fs::write(&scenario, src).unwrap();
    let out = cli_within(&["check", scenario.to_str().unwrap()], 20);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("projects.csv") && err.contains("FIFO"),
        "{err}"
    );
    // The scenario file itself, and a sweep file.
    let fifo_toml = dir.path().join("fifo.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo_toml)
            .status()
            .unwrap()
            .success()
    );
    for cmd in ["check", "sweep"] {
        let out = cli_within(&[cmd, fifo_toml.to_str().unwrap()], 20);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        assert!(err.contains("FIFO"), "{cmd}: {err}");
    }
}

#[test]
fn a_failed_csv_write_leaves_the_previous_set_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let first = cli(&["solve", "scenarios/tutorial", "--format", "csv", "--out", o]);
    assert_eq!(first.status.code(), Some(0));
    let read = |f: &str| std::fs::read(out.join(f)).unwrap();
    let before = (read("projects.csv"), read("pools.csv"));
    // The second run's counties.csv cannot take its place (a directory holds the name), after
    // projects.csv has been replaced: that replacement must be undone.
    std::fs::remove_file(out.join("counties.csv")).unwrap();
    std::fs::create_dir_all(out.join("counties.csv/x")).unwrap();
    let second = cli(&[
        "solve",
        "scenarios/tutorial",
        "--set",
        "pools.sme.capacity=10",
        "--format",
        "csv",
        "--out",
        o,
    ]);
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(6), "{err}");
    assert!(
        err.contains("counties.csv"),
        "the error names the path: {err}"
    );
    assert_eq!((read("projects.csv"), read("pools.csv")), before);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn impossible_options_are_clear_usage_errors() {
    for args in [
        &[
            "sweep",
            "scenarios/sweeps/jinhua-pool-cut.toml",
            "--threads",
            "0",
        ][..],
        &[
            "sweep",
            "scenarios/sweeps/jinhua-pool-cut.toml",
            "--threads",
            "100000",
        ],
        &["batch", "scenarios/tutorial", "--threads", "0"],
        &["generate", "--counties", "0", "--out", "never-written"],
    ] {
        let out = cli(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("is not in 1..="), "{args:?}: {err}");
    }
    assert!(!repo().join("never-written").exists());
}

#[test]
fn a_too_deep_extends_chain_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("s0")).unwrap();
    std::fs::copy(
        repo().join("scenarios/tutorial/scenario.toml"),
        dir.path().join("s0/scenario.toml"),
    )
    .unwrap();
    for i in 1..=20 {
        let d = dir.path().join(format!("s{i}"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join("scenario.toml"),
            format!("extends = \"../s{}\"\n", i - 1),
        )
        .unwrap();
    }
    let out = cli(&["check", dir.path().join("s20").to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("deeper than 16"), "{err}");
    assert!(!err.contains("extends itself"), "{err}");
    let out = cli(&["check", dir.path().join("s10").to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn file_level_problems_have_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "# nothing\n").unwrap();
    let err =
        String::from_utf8_lossy(&cli(&["check", empty.to_str().unwrap()]).stderr).into_owned();
    assert!(
        err.contains("empty.toml:1:1: the scenario is empty"),
        "{err}"
    );
    let partial = dir.path().join("partial.toml");
    std::fs::write(&partial, "[scenario]\nname = \"x\"\n").unwrap();
    let err =
        String::from_utf8_lossy(&cli(&["check", partial.to_str().unwrap()]).stderr).into_owned();
    assert!(
        err.contains("partial.toml:1:1: categories: missing section `categories`"),
        "{err}"
    );
    let csv_dir = dir.path().join("csv");
    std::fs::create_dir_all(&csv_dir).unwrap();
    let src = std::fs::read_to_string(repo().join("tests/data/bad/csv_missing_file/scenario.toml"))
        .unwrap();
    std::fs::write(csv_dir.join("scenario.toml"), src).unwrap();
    std::fs::write(csv_dir.join("projects.csv"), "").unwrap();
    let err =
        String::from_utf8_lossy(&cli(&["check", csv_dir.to_str().unwrap()]).stderr).into_owned();
    assert!(err.contains("projects.csv:1: the file is empty"), "{err}");
}

#[test]
fn the_time_limit_ends_a_long_solve_with_a_documented_status() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g90");
    landquota::commands::generate::generate(90, 5, &g).unwrap();
    // minilp's branch and bound on 90 mixed counties takes minutes.
    let t = std::time::Instant::now();
    let out = cli_within(
        &[
            "solve",
            g.to_str().unwrap(),
            "--backend",
            "minilp",
            "--time-limit",
            "1",
            "--format",
            "json",
        ],
        60,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["status"], "time_limit", "{json}");
    assert_eq!(out.status.code(), Some(10));
    assert!(t.elapsed().as_secs() < 30, "{:?}", t.elapsed());
    // A limit the solve fits in changes nothing.
    let out = cli(&[
        "solve",
        "scenarios/tutorial",
        "--time-limit",
        "600",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn sweeps_and_batches_record_the_time_limit_per_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let o = cli(&[
        "sweep",
        "scenarios/sweeps/jinhua-pool-cut.toml",
        "--out",
        out.to_str().unwrap(),
        "--time-limit",
        "0.000001",
    ]);
    assert_eq!(o.status.code(), Some(8));
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.lines().skip(1).all(|l| l.contains(",time_limit,")),
        "{summary}"
    );
    let o = cli(&[
        "batch",
        "scenarios/tutorial",
        "--time-limit",
        "0.000001",
        "--csv",
    ]);
    assert_eq!(o.status.code(), Some(10));
    assert!(String::from_utf8_lossy(&o.stdout).contains("time_limit"));
}

//! `batch`: many scenario files in parallel, timed by stage (library level; the subcommand is
//! wired in src/cli/batch.rs separately).

use crate::common::*;
use blocklp::backend::Minilp;
use landquota::cli;
use landquota::commands::batch::{self, BatchOptions, BatchResult, FileResult, FileStatus, Stage};
use landquota::commands::solve::{Options, run};
use landquota::report::{Status, r6};
use landquota::scenario;
use std::path::{Path, PathBuf};

fn tutorial_text() -> String {
    std::fs::read_to_string(repo().join("scenarios/tutorial/scenario.toml")).unwrap()
}

/// `text` with `from` replaced by `to`, asserting that `from` was there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the text");
    text.replacen(from, to, 1)
}

fn run_batch(inputs: &[PathBuf], repeat: usize, threads: usize, out: Option<&Path>) -> BatchResult {
    let opts = BatchOptions {
        repeat,
        threads: Some(threads),
        out: out.map(Path::to_path_buf),
        time_limit: None,
    };
    batch::run(inputs, &opts, &Minilp).expect("thread pool starts")
}

fn file<'a>(r: &'a BatchResult, suffix: &str) -> &'a FileResult {
    r.files
        .iter()
        .find(|f| f.path.ends_with(suffix))
        .unwrap_or_else(|| panic!("no file {suffix} in {:?}", paths(r)))
}

fn paths(r: &BatchResult) -> Vec<PathBuf> {
    r.files.iter().map(|f| f.path.clone()).collect()
}

/// The file's result agrees with `run::run` (the `solve` command without explanations).
fn assert_same_as_run(f: &FileResult) {
    let sc = scenario::from_path(&f.path).expect("valid scenario");
    let report = run(&sc, &Minilp, Options::default());
    assert_eq!(
        f.objective,
        report.objective,
        "{}: objective",
        f.path.display()
    );
    assert_eq!(f.weighted_mu, report.weighted_mu, "{}", f.path.display());
    let expected_status = match report.status {
        Status::Optimal => FileStatus::Optimal,
        Status::Infeasible => FileStatus::Infeasible,
        other => panic!("unexpected status {other:?}"),
    };
    assert_eq!(f.status, expected_status, "{}", f.path.display());
    assert_eq!(f.scenario.as_deref(), Some(sc.meta.name.as_str()));
    assert_eq!(f.projects, Some(sc.projects.len()));
}

fn assert_ordered(f: &FileResult) {
    for s in Stage::ALL {
        if let Some(st) = f.stats(s) {
            assert!(
                st.min <= st.median && st.median <= st.max,
                "{} {}: {st:?}",
                f.path.display(),
                s.as_str()
            );
        }
    }
    let t = f.total().expect("at least one repetition");
    assert!(t.min <= t.median && t.median <= t.max);
}

#[test]
fn batch_over_scenarios_finds_every_shipped_scenario() {
    let out = tempfile::tempdir().unwrap();
    let r = run_batch(&[repo().join("scenarios")], 1, 2, Some(out.path()));
    let dir_of = |f: &FileResult| {
        let rel = f.path.strip_prefix(repo().join("scenarios")).unwrap();
        rel.parent().unwrap().display().to_string()
    };
    let found: Vec<String> = r.files.iter().map(dir_of).collect();
    let mut sorted = paths(&r);
    sorted.sort();
    assert_eq!(paths(&r), sorted, "in path order");
    // Other engineers add scenarios: these five must be there, whatever else is.
    let shipped = [
        ("jiaxing-2019", FileStatus::Optimal),
        ("jinhua-2025", FileStatus::Optimal),
        ("jinhua-2025-infeasible", FileStatus::Infeasible),
        ("tutorial", FileStatus::Optimal),
        ("zhejiang-2024", FileStatus::Optimal),
    ];
    // Other TOML files there (sweep definitions...) are skipped with a reason, not run.
    for s in &r.skipped {
        assert!(s.reason.to_string().contains("not a scenario"), "{s:?}");
    }
    for (name, expected) in shipped {
        let f = r
            .files
            .iter()
            .find(|f| dir_of(f) == name)
            .unwrap_or_else(|| panic!("{name} not found among {found:?}"));
        assert_eq!(f.status, expected, "{}: {:?}", f.path.display(), f.message);
        assert_eq!(f.repetitions, 1);
        for s in [
            Stage::Read,
            Stage::Validate,
            Stage::Build,
            Stage::Solve,
            Stage::Write,
        ] {
            assert_eq!(f.samples(s).len(), 1, "{} {}", f.path.display(), s.as_str());
        }
        let checked = if expected == FileStatus::Optimal {
            1
        } else {
            0
        };
        assert_eq!(f.samples(Stage::Check).len(), checked);
        assert!(f.columns.unwrap() > 0 && f.rows.unwrap() > 0);
        if expected == FileStatus::Optimal {
            assert!(f.objective.unwrap() > 0.0);
        } else {
            assert_eq!(f.objective, None);
        }
        // Each file's JSON report, as `solve --format json --no-explain` gives it.
        let written = f.output.as_ref().expect("a report is written");
        assert_eq!(
            written,
            &out.path()
                .join(format!("{}.json", f.scenario.as_ref().unwrap()))
        );
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(written).unwrap()).unwrap();
        assert_eq!(v["status"], f.status.as_str());
        assert_eq!(v["objective"].as_f64(), f.objective.map(r6));
        // Same objective as `run::run` on the same file.
        assert_same_as_run(f);
    }
    if r.files
        .iter()
        .all(|f| matches!(f.status, FileStatus::Optimal | FileStatus::Infeasible))
    {
        assert_eq!(
            r.exit_code(),
            3,
            "an infeasible scenario among optimal ones"
        );
    }
}

#[test]
fn repeat_gives_one_sample_per_stage_and_repetition() {
    let r = run_batch(
        &[
            repo().join("scenarios/tutorial"),
            repo().join("scenarios/jinhua-2025-infeasible/scenario.toml"),
        ],
        2,
        2,
        None,
    );
    assert_eq!(r.repeat, 2);
    let tut = file(&r, "tutorial/scenario.toml");
    assert_eq!(tut.status, FileStatus::Optimal);
    assert_eq!(tut.repetitions, 2);
    for s in Stage::ALL {
        assert_eq!(tut.samples(s).len(), 2, "{}", s.as_str());
        assert_eq!(tut.stats(s).unwrap().samples, 2);
    }
    assert_eq!(tut.total_samples().len(), 2);
    assert_ordered(tut);
    // Without an output directory nothing is written; the report is still serialised.
    assert_eq!(tut.output, None);

    let inf = file(&r, "jinhua-2025-infeasible/scenario.toml");
    assert_eq!(inf.status, FileStatus::Infeasible);
    assert_eq!(inf.samples(Stage::Solve).len(), 2);
    assert_eq!(inf.samples(Stage::Check).len(), 0, "no plan to check");
    assert!(inf.stats(Stage::Check).is_none());
    assert_eq!(inf.samples(Stage::Write).len(), 2);
    assert_ordered(inf);

    // The CSV: one row per file, min/median/max per stage; the check of an infeasible file empty.
    let csv = r.to_csv();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert!(records[0][col("path")].ends_with("jinhua-2025-infeasible/scenario.toml"));
    assert_eq!(&records[0][col("check_median_ms")], "");
    for rec in &records {
        assert_eq!(&rec[col("repetitions")], "2");
        let v = |n: &str| rec[col(n)].parse::<f64>().unwrap();
        assert!(
            v("solve_min_ms") <= v("solve_median_ms") && v("solve_median_ms") <= v("solve_max_ms")
        );
    }
}

/// A temporary directory with good, broken and non-scenario files.
fn mixed_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let tut = tutorial_text();
    std::fs::create_dir_all(p.join("good")).unwrap();
    std::fs::write(p.join("good/scenario.toml"), &tut).unwrap();
    std::fs::create_dir_all(p.join("broken")).unwrap();
    let broken = edit(&tut, "name = \"tutorial\"", "name = \"broken\"");
    let broken = edit(&broken, "capacity_mu = 1200", "capacity_mu = -1200");
    std::fs::write(p.join("broken/scenario.toml"), broken).unwrap();
    // A scenario with a TOML syntax error is still a scenario: reported invalid, not skipped.
    std::fs::write(
        p.join("syntax.toml"),
        edit(&tut, "year = 2025", "year = = 2025"),
    )
    .unwrap();
    // Lexicographic mode (build = the tier stages); same scenario name as good/.
    let lex = edit(&tut, "mode = \"weighted\"", "mode = \"lexicographic\"");
    std::fs::write(p.join("lex.toml"), lex).unwrap();
    // Not scenarios.
    std::fs::write(p.join("notes.toml"), "[settings]\ncolour = \"blue\"\n").unwrap();
    std::fs::write(p.join("data.csv"), "id,need_mu\na,1\n").unwrap();
    std::fs::create_dir_all(p.join(".hidden")).unwrap();
    std::fs::write(p.join(".hidden/scenario.toml"), &tut).unwrap();
    dir
}

#[test]
fn a_broken_scenario_is_reported_invalid_and_the_others_still_run() {
    let dir = mixed_dir();
    let p = dir.path();
    let r = run_batch(&[p.to_path_buf()], 1, 2, None);
    assert_eq!(
        paths(&r),
        [
            p.join("broken/scenario.toml"),
            p.join("good/scenario.toml"),
            p.join("lex.toml"),
            p.join("syntax.toml"),
        ]
    );
    let broken = file(&r, "broken/scenario.toml");
    assert_eq!(broken.status, FileStatus::Invalid);
    assert!(
        broken.message.as_ref().unwrap().contains("capacity_mu"),
        "{:?}",
        broken.message
    );
    assert!(broken.details.as_ref().unwrap().contains("problem"));
    assert_eq!(broken.samples(Stage::Read).len(), 1);
    assert_eq!(broken.samples(Stage::Validate).len(), 1);
    assert!(broken.stats(Stage::Build).is_none());
    assert_eq!((broken.objective, broken.columns), (None, None));

    let syntax = file(&r, "syntax.toml");
    assert_eq!(syntax.status, FileStatus::Invalid);
    assert!(syntax.stats(Stage::Validate).is_none(), "stops at read");

    let good = file(&r, "good/scenario.toml");
    let lex = file(&r, "lex.toml");
    assert_same_as_run(good);
    assert_same_as_run(lex);
    assert!(
        lex.rows.unwrap() > good.rows.unwrap(),
        "tier-fix rows in lexicographic mode"
    );

    assert_eq!(r.skipped.len(), 1, "{:?}", r.skipped);
    assert_eq!(r.skipped[0].path, p.join("notes.toml"));
    assert!(r.skipped[0].reason.to_string().contains("[scenario]"));
    assert_eq!(r.exit_code(), 1, "invalid files");
    let table = r.to_table();
    assert!(
        table.contains("invalid") && table.contains("skipped"),
        "{table}"
    );
}

#[test]
fn run_cli_writes_reports_and_csv_and_returns_the_worst_code() {
    let dir = mixed_dir();
    let out = tempfile::tempdir().unwrap();
    let code = cli::batch::run_cli(
        &[dir.path().to_path_buf()],
        1,
        Some(2),
        Some(out.path()),
        true,
    );
    assert_eq!(code, 1);
    // Scenario names as file names; a second "tutorial" (in path order) gets "-2".
    assert!(out.path().join("tutorial.json").is_file());
    assert!(out.path().join("tutorial-2.json").is_file());
    assert!(
        !out.path().join("broken.json").exists(),
        "nothing written for invalid files"
    );
    let csv = std::fs::read_to_string(out.path().join("batch.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let statuses: Vec<String> = rows.records().map(|r| r.unwrap()[2].to_string()).collect();
    assert_eq!(statuses, ["invalid", "optimal", "optimal", "invalid"]);
    let lex: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("tutorial-2.json")).unwrap())
            .unwrap();
    assert!(
        lex["stages"].as_array().is_some_and(|s| !s.is_empty()),
        "the lexicographic one"
    );

    // Exit codes: all optimal 0; an infeasible one 3; nothing found or a missing file 1.
    let tut = repo().join("scenarios/tutorial");
    assert_eq!(
        cli::batch::run_cli(std::slice::from_ref(&tut), 1, Some(1), None, true),
        0
    );
    let inf = repo().join("scenarios/jinhua-2025-infeasible");
    assert_eq!(
        cli::batch::run_cli(&[tut.clone(), inf], 1, Some(2), None, true),
        3
    );
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        cli::batch::run_cli(&[empty.path().to_path_buf()], 1, None, None, true),
        1
    );
    let missing = empty.path().join("nope.toml");
    let r = run_batch(&[missing.clone(), tut], 1, 1, None);
    assert_eq!(file(&r, "nope.toml").status, FileStatus::Invalid);
    assert!(
        file(&r, "nope.toml")
            .message
            .as_ref()
            .unwrap()
            .contains("not found")
    );
    assert_eq!(r.exit_code(), 1);
}

#[test]
fn non_timing_columns_do_not_depend_on_the_thread_count() {
    let dir = mixed_dir();
    let inputs = [
        repo().join("scenarios/tutorial"),
        repo().join("scenarios/jinhua-2025"),
        repo().join("scenarios/jiaxing-2019"),
        repo().join("scenarios/jinhua-2025-infeasible"),
        dir.path().to_path_buf(),
    ];
    let one = run_batch(&inputs, 1, 1, None);
    let two = run_batch(&inputs, 1, 2, None);
    assert_eq!(one.threads, 1);
    assert_eq!(two.threads, 2);
    assert_eq!(one.files.len(), 8);
    assert_eq!(one.outcomes_csv(), two.outcomes_csv());
    // The full CSV agrees on every column before the timings.
    let outcome_columns = |r: &BatchResult| -> Vec<Vec<String>> {
        let csv = r.to_csv();
        let mut rd = csv::Reader::from_reader(csv.as_bytes());
        let n = rd
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "repetitions")
            .unwrap();
        rd.records()
            .map(|rec| rec.unwrap().iter().take(n).map(str::to_string).collect())
            .collect()
    };
    assert_eq!(outcome_columns(&one), outcome_columns(&two));
    for (a, b) in one.files.iter().zip(&two.files) {
        assert_eq!(a.objective.map(f64::to_bits), b.objective.map(f64::to_bits));
    }
}

/// The batch's own words (skips, an invalid file, nothing found) follow `--lang` (they were
/// English whatever the language).
#[test]
fn batch_notes_and_errors_follow_the_language() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = tmp.path().join("sweep.toml");
    std::fs::write(&sweep, "base = \"x\"\n").unwrap();
    let out = cli(&["--lang", "zh", "batch", sweep.to_str().unwrap(), "--json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("说明：已跳过"), "{err}");
    assert!(err.contains("不是方案文件"), "{err}");
    assert!(err.contains("错误：输入中没有方案文件"), "{err}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reason = json["skipped"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("not a scenario"),
        "the JSON stays English: {reason}"
    );
}

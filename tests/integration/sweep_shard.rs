//! Sharded sweeps (no Slurm needed: the shards run one after another): merging the shards'
//! journals gives the single run's summaries byte for byte; missing variants are listed and stop
//! the merge; a shard resumes from its own journal; `--shard slurm` reads the array variables.

use crate::common::*;
use landquota::commands::sweep::shard::{Shard, merge, run_shard};
use landquota::commands::sweep::{Sweep, SweepOptions, read, run_sweep};
use landquota::i18n::Lang;
use std::path::Path;
use std::process::{Command, Output};

fn opts(out: &Path, threads: usize, resume: bool) -> SweepOptions {
    SweepOptions {
        out: out.to_path_buf(),
        threads: Some(threads),
        keep_allocations: false,
        resume,
        explain: true,
        progress: false,
        lang: Lang::En,
        time_limit: None,
    }
}

/// Every output a sweep writes but `timings.csv` (seconds, which vary from run to run).
const SUMMARIES: [&str; 4] = ["summary.csv", "summary.json", "counties.csv", "sweep.html"];

fn assert_same_summaries(single: &Path, merged: &Path, what: &str) {
    for f in SUMMARIES {
        let (a, b) = (
            std::fs::read(single.join(f)).unwrap(),
            std::fs::read(merged.join(f)).unwrap(),
        );
        assert!(a == b, "{what}: {f} differs from the single run's");
    }
}

/// Runs every shard of an `n`-way split in turn (alternating 1 and 2 threads), then merges.
fn run_split(sweep: &Sweep, out: &Path, n: usize) {
    let backend =
        landquota::commands::backend::by_name(landquota::commands::backend::DEFAULT).unwrap();
    let mut total = 0;
    for k in 1..=n {
        let o = run_shard(
            sweep,
            backend.as_ref(),
            &opts(out, 1 + k % 2, false),
            Shard { k, n },
        )
        .unwrap();
        total += o.rows.len();
        assert!(out.join(format!("shards/{k}-of-{n}.jsonl")).is_file());
    }
    assert_eq!(
        total,
        sweep.variants.len(),
        "{n} shards ran each variant once"
    );
    for f in SUMMARIES {
        assert!(!out.join(f).exists(), "shards write no {f}");
    }
    let m = merge(sweep, out, Lang::En).unwrap();
    assert!(m.written && m.missing.is_empty() && m.conflicts.is_empty() && m.stale == 0);
    assert_eq!(m.files.len(), n);
}

fn shipped_sweep_splits(file: &str, splits: &[usize]) {
    let sweep = read(&repo().join(file)).unwrap();
    let backend =
        landquota::commands::backend::by_name(landquota::commands::backend::DEFAULT).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("single");
    let o = run_sweep(&sweep, backend.as_ref(), &opts(&single, 2, false)).unwrap();
    assert!(o.rows.iter().all(|r| r.status == "optimal"));
    for &n in splits {
        let out = dir.path().join(format!("split-{n}"));
        run_split(&sweep, &out, n);
        assert_same_summaries(&single, &out, &format!("{file} in {n} shards"));
    }
}

#[test]
fn jinhua_pool_cut_in_1_to_5_shards_and_more_shards_than_variants() {
    // 17 variants; 20 shards leaves 3 of them empty.
    shipped_sweep_splits(
        "scenarios/sweeps/jinhua-pool-cut.toml",
        &[1, 2, 3, 4, 5, 20],
    );
}

#[test]
fn zhejiang_alpha_beta_in_1_to_4_shards() {
    shipped_sweep_splits("scenarios/sweeps/zhejiang-alpha-beta.toml", &[1, 2, 3, 4]);
}

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

/// The CLI in English, with no Slurm variables but those given.
fn landquota(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_landquota"));
    c.args(args).current_dir(repo()).env("LC_ALL", "C");
    for (k, _) in std::env::vars() {
        if k.starts_with("SLURM_") {
            c.env_remove(k);
        }
    }
    c.envs(env.iter().copied()).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn merge_lists_missing_variants_by_shard_and_writes_nothing_until_complete() {
    let dir = tempfile::tempdir().unwrap();
    let file = sweep_file(dir.path());
    let sweep = read(&file).unwrap();
    let (f, single, out) = (
        file.to_str().unwrap(),
        dir.path().join("single"),
        dir.path().join("out"),
    );
    let o = landquota(&["sweep", f, "--out", single.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(8), "{}", stderr(&o));
    let out_s = out.to_str().unwrap();
    for k in ["1/3", "3/3"] {
        let o = landquota(&["sweep", f, "--out", out_s, "--shard", k], &[]);
        assert!(matches!(o.status.code(), Some(0 | 8)), "{}", stderr(&o));
    }
    let o = landquota(&["sweep", f, "--out", out_s, "--merge"], &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(9), "{err}");
    let second = Shard { k: 2, n: 3 }.variants(sweep.variants.len());
    assert!(!second.is_empty());
    assert!(
        err.contains(&format!(
            "{} of {} variants have no result",
            second.len(),
            sweep.variants.len()
        )),
        "{err}"
    );
    assert!(
        err.contains("shard 2/3:") && err.contains("--shard 2/3"),
        "{err}"
    );
    for i in &second {
        assert!(err.contains(&sweep.variants[*i].name), "{err}");
    }
    for f in SUMMARIES {
        assert!(!out.join(f).exists(), "an incomplete merge writes no {f}");
    }
    // The last shard arrives: the merge completes, lists the failed variant, exits as a single run.
    let o = landquota(&["sweep", f, "--out", out_s, "--shard", "2/3"], &[]);
    assert!(matches!(o.status.code(), Some(0 | 8)), "{}", stderr(&o));
    let o = landquota(&["sweep", f, "--out", out_s, "--merge"], &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(8), "{err}");
    assert!(err.contains("bad-override (invalid)"), "{err}");
    assert!(
        !err.contains("infeasible (infeasible)"),
        "infeasible is a result: {err}"
    );
    assert_same_summaries(&single, &out, "three shards");
}

#[test]
fn a_shard_resumes_from_its_own_journal_and_stale_records_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = read(&sweep_file(dir.path())).unwrap();
    let backend =
        landquota::commands::backend::by_name(landquota::commands::backend::DEFAULT).unwrap();
    let (single, out) = (dir.path().join("single"), dir.path().join("out"));
    run_sweep(&sweep, backend.as_ref(), &opts(&single, 2, false)).unwrap();
    let first = Shard { k: 1, n: 2 };
    run_shard(&sweep, backend.as_ref(), &opts(&out, 2, false), first).unwrap();
    // An interruption: two finished lines and one cut short.
    let journal = first.journal(&out);
    let log = std::fs::read_to_string(&journal).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert!(lines.len() >= 3);
    let cut = format!(
        "{}\n{}\n{}",
        lines[0],
        lines[1],
        &lines[2][..lines[2].len() / 2]
    );
    std::fs::write(&journal, cut).unwrap();
    let o = run_shard(&sweep, backend.as_ref(), &opts(&out, 1, true), first).unwrap();
    assert_eq!(o.skipped, 2);
    assert_eq!(o.rows.len(), first.variants(sweep.variants.len()).len());
    // The other shard's journal also holds a record of an older version of the sweep file.
    let second = Shard { k: 2, n: 2 };
    run_shard(&sweep, backend.as_ref(), &opts(&out, 1, false), second).unwrap();
    let log = std::fs::read_to_string(second.journal(&out)).unwrap();
    let mut older: serde_json::Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    older["variant"]["name"] = "renamed-since".into();
    std::fs::write(second.journal(&out), format!("{log}{older}\n")).unwrap();
    let m = merge(&sweep, &out, Lang::En).unwrap();
    assert_eq!(m.stale, 1);
    assert!(m.written && m.missing.is_empty());
    assert_same_summaries(&single, &out, "a resumed shard");
}

#[test]
fn shard_slurm_takes_k_and_n_from_the_array_task() {
    let dir = tempfile::tempdir().unwrap();
    let file = sweep_file(dir.path());
    let (f, out) = (file.to_str().unwrap(), dir.path().join("out"));
    let args = [
        "sweep",
        f,
        "--out",
        out.to_str().unwrap(),
        "--shard",
        "slurm",
    ];
    let o = landquota(
        &args,
        &[
            ("SLURM_ARRAY_TASK_ID", "12"),
            ("SLURM_ARRAY_TASK_MIN", "10"),
            ("SLURM_ARRAY_TASK_MAX", "12"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ],
    );
    assert!(matches!(o.status.code(), Some(0 | 8)), "{}", stderr(&o));
    assert!(stderr(&o).contains("shard 3/3"), "{}", stderr(&o));
    assert!(out.join("shards/3-of-3.jsonl").is_file());
    // Outside an array task: a usage error that says what is missing and what to do instead.
    let o = landquota(&args, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("SLURM_ARRAY_TASK_ID is not set") && err.contains("--shard K/N"),
        "{err}"
    );
    let o = landquota(&["sweep", f, "--out", "x", "--shard", "4/3"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("1 ≤ K ≤ N"), "{}", stderr(&o));
}

/// Variants stopped by `--time-limit` count against a sharded sweep as against a single run
/// (README: exit 8 when some variants "reached the time limit"): the shard and the merge exit 8
/// like the single run, and the merge lists them.
#[test]
fn time_limited_variants_give_exit_8_in_shards_and_merge_as_in_a_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = sweep_file(dir.path());
    let file = file.to_str().unwrap();
    let single = dir.path().join("single");
    let sharded = dir.path().join("sharded");
    // A microsecond: no variant finishes.
    let limit = ["--time-limit", "0.000001"];
    let o = landquota(
        &[
            &["sweep", file, "--out", single.to_str().unwrap()][..],
            &limit,
        ]
        .concat(),
        &[],
    );
    assert_eq!(o.status.code(), Some(8), "single run: {}", stderr(&o));
    let o = landquota(
        &[
            &[
                "sweep",
                file,
                "--out",
                sharded.to_str().unwrap(),
                "--shard",
                "1/1",
            ][..],
            &limit,
        ]
        .concat(),
        &[],
    );
    assert_eq!(o.status.code(), Some(8), "shard: {}", stderr(&o));
    let o = landquota(
        &["sweep", file, "--out", sharded.to_str().unwrap(), "--merge"],
        &[],
    );
    assert_eq!(o.status.code(), Some(8), "merge: {}", stderr(&o));
    assert!(stderr(&o).contains("time_limit"), "{}", stderr(&o));
}

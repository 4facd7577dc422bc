//! A sweep's journals keep what was finished and take in nothing else (issue 27, "data loss"):
//! a journal cut inside a UTF-8 character (a full disk did it) loses only its last line, to
//! `--resume` and to `--merge` alike; a record that cannot be written fails the run and names
//! the variant; records carry a fingerprint (sweep file, base scenario, options), so that a
//! merge refuses shards run with other options, sets aside records of an edited base, and an
//! old `results.jsonl` cannot win over fresh shards.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SUMMARIES: [&str; 3] = ["summary.csv", "summary.json", "counties.csv"];

/// A copy of the tutorial (so that a test may edit it) and a sweep of four variants over it.
fn setup(dir: &Path) -> (PathBuf, PathBuf) {
    let base = dir.join("base");
    std::fs::create_dir_all(&base).unwrap();
    std::fs::copy(
        repo().join("scenarios/tutorial/scenario.toml"),
        base.join("scenario.toml"),
    )
    .unwrap();
    let sweep = dir.join("sweep.toml");
    std::fs::write(
        &sweep,
        format!(
            "base = {:?}\nname = \"journal\"\n[[grid]]\npath = \"pools.sme.capacity\"\nvalues = [200, 250, 300, 350]\n",
            base.to_string_lossy()
        ),
    )
    .unwrap();
    (base, sweep)
}

fn run(args: &[&str]) -> Output {
    let o = cli(args);
    eprintln!(
        "$ landquota {}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn summaries(dir: &Path) -> Vec<Vec<u8>> {
    SUMMARIES
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
        .collect()
}

/// Cuts the journal's last line inside a UTF-8 character (after the lead byte of a Chinese
/// name), as a full disk does.
fn cut_inside_a_character(journal: &Path) {
    let bytes = std::fs::read(journal).unwrap();
    let last = bytes[..bytes.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let lead = bytes[last..]
        .iter()
        .position(|&b| b >= 0xE0)
        .expect("a Chinese name in the record")
        + last;
    std::fs::write(journal, &bytes[..lead + 1]).unwrap();
    assert!(std::str::from_utf8(&std::fs::read(journal).unwrap()).is_err());
}

fn lines(journal: &Path) -> usize {
    std::fs::read_to_string(journal).unwrap().lines().count()
}

#[test]
fn a_journal_cut_inside_a_utf8_character_keeps_its_finished_variants() {
    let dir = tempfile::tempdir().unwrap();
    let (_, sweep) = setup(dir.path());
    let f = sweep.to_str().unwrap();
    let single = dir.path().join("single");
    let s = single.to_str().unwrap();
    assert_eq!(run(&["sweep", f, "--out", s]).status.code(), Some(0));
    let expected = summaries(&single);
    let journal = single.join("results.jsonl");
    cut_inside_a_character(&journal);
    for f in SUMMARIES {
        std::fs::remove_file(single.join(f)).unwrap();
    }
    // --resume keeps the three whole records, reruns the fourth and says why.
    let o = run(&["sweep", f, "--out", s, "--resume", "--threads", "1"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(err(&o).contains("(3 resumed)"), "{}", err(&o));
    assert!(err(&o).contains("cut short"), "{}", err(&o));
    assert_eq!(summaries(&single), expected);
    assert_eq!(
        lines(&journal),
        4,
        "the cut line is gone, the rerun appended"
    );
    // A shard cut the same way: the merge drops the partial record, says so, and lists the
    // variant as missing; after a resume of the shard it completes.
    let sharded = dir.path().join("sharded");
    let sh = sharded.to_str().unwrap();
    assert_eq!(
        run(&["sweep", f, "--out", sh, "--shard", "1/1"])
            .status
            .code(),
        Some(0)
    );
    cut_inside_a_character(&sharded.join("shards/1-of-1.jsonl"));
    let o = run(&["sweep", f, "--out", sh, "--merge"]);
    assert_eq!(o.status.code(), Some(9), "{}", err(&o));
    assert!(
        err(&o).contains("shards/1-of-1.jsonl: 1 lines cut short")
            && err(&o).contains("3 of 4 variants"),
        "{}",
        err(&o)
    );
    let o = run(&["sweep", f, "--out", sh, "--shard", "1/1", "--resume"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        run(&["sweep", f, "--out", sh, "--merge"]).status.code(),
        Some(0)
    );
    assert_eq!(summaries(&sharded), expected);
}

/// The CLI with a file-size limit of 1 KiB (bash's `ulimit -f 1`), SIGXFSZ ignored: a write
/// past the limit fails as on a full disk, after writing what fits.
fn with_a_full_disk(args: &[&str]) -> Output {
    let o = Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_landquota"))
        .args(args)
        .env("LC_ALL", "C")
        .current_dir(repo())
        .output()
        .expect("bash runs");
    eprintln!("$ landquota {} (1 KiB)\n{}", args.join(" "), err(&o));
    o
}

#[test]
fn a_record_that_cannot_be_written_fails_the_run_and_names_the_variant() {
    let dir = tempfile::tempdir().unwrap();
    let (_, sweep) = setup(dir.path());
    let f = sweep.to_str().unwrap();
    let fresh = dir.path().join("fresh");
    assert_eq!(
        run(&["sweep", f, "--out", fresh.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    for (out, shard) in [("single", None), ("sharded", Some("1/1"))] {
        let out = dir.path().join(out);
        let o = out.to_str().unwrap();
        let mut args = vec!["sweep", f, "--out", o, "--threads", "1"];
        args.extend(shard.iter().flat_map(|s| ["--shard", *s]));
        let r = with_a_full_disk(&args);
        let e = err(&r);
        assert_eq!(r.status.code(), Some(6), "{e}");
        let journal = if shard.is_some() {
            "shards/1-of-1.jsonl"
        } else {
            "results.jsonl"
        };
        assert!(
            e.contains("could not be written to the journal")
                && e.contains(journal)
                && e.contains("grid-0001")
                && e.contains("--resume"),
            "{e}"
        );
        assert!(!out.join("summary.csv").exists(), "no summary of a part");
        // Room again: the resume finishes it, as if nothing had happened.
        args.push("--resume");
        assert_eq!(run(&args).status.code(), Some(0));
        if shard.is_some() {
            assert_eq!(
                run(&["sweep", f, "--out", o, "--merge"]).status.code(),
                Some(0)
            );
        }
        assert_eq!(summaries(&out), summaries(&fresh));
    }
}

#[test]
fn a_merge_refuses_shards_run_with_other_options_and_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let (_, sweep) = setup(dir.path());
    let f = sweep.to_str().unwrap();
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    run(&["sweep", f, "--out", o, "--shard", "1/2", "--no-explain"]);
    run(&["sweep", f, "--out", o, "--shard", "2/2"]);
    let m = run(&["sweep", f, "--out", o, "--merge"]);
    let e = err(&m);
    assert_eq!(m.status.code(), Some(9), "{e}");
    assert!(
        e.contains("different options")
            && e.contains("no-explain: shards/1-of-2.jsonl")
            && e.contains(" explain: shards/2-of-2.jsonl"),
        "{e}"
    );
    assert!(!out.join("summary.csv").exists());
    // Rerun with the others' options (a resume redoes what ran with other options): merged.
    let r = run(&["sweep", f, "--out", o, "--shard", "1/2", "--resume"]);
    assert!(err(&r).contains("other options"), "{}", err(&r));
    assert_eq!(
        run(&["sweep", f, "--out", o, "--merge"]).status.code(),
        Some(0)
    );
    let single = dir.path().join("single");
    run(&["sweep", f, "--out", single.to_str().unwrap()]);
    assert_eq!(summaries(&out), summaries(&single));
}

#[test]
fn records_of_an_edited_base_or_an_old_results_file_are_set_aside_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let (base, sweep) = setup(dir.path());
    let f = sweep.to_str().unwrap();
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    // An old single run, then shard 1 of 2; then the base is edited, and shard 2 runs.
    run(&["sweep", f, "--out", o]);
    run(&["sweep", f, "--out", o, "--shard", "1/2"]);
    let toml = std::fs::read_to_string(base.join("scenario.toml")).unwrap();
    let edited = toml.replacen("capacity_mu = 1200", "capacity_mu = 1100", 1);
    assert_ne!(toml, edited);
    std::fs::write(base.join("scenario.toml"), edited).unwrap();
    run(&["sweep", f, "--out", o, "--shard", "2/2"]);
    let m = run(&["sweep", f, "--out", o, "--merge"]);
    let e = err(&m);
    assert_eq!(m.status.code(), Some(9), "{e}");
    for journal in ["results.jsonl: 4 records", "shards/1-of-2.jsonl: 2 records"] {
        assert!(
            e.contains(&format!(
                "{journal} set aside, made from another version of the base"
            )),
            "{journal}: {e}"
        );
    }
    assert!(e.contains("--shard 1/2"), "the rerun of shard 1: {e}");
    // Shard 1 rerun on the edited base: the merge is that of the edited base, not the old file.
    run(&["sweep", f, "--out", o, "--shard", "1/2", "--resume"]);
    assert_eq!(
        run(&["sweep", f, "--out", o, "--merge"]).status.code(),
        Some(0)
    );
    let now = dir.path().join("now");
    run(&["sweep", f, "--out", now.to_str().unwrap()]);
    assert_eq!(summaries(&out), summaries(&now));
}

/// The same failure in Chinese (issue 21: the sweep's errors follow `--lang`), the journal
/// and the first variant not recorded named.
#[test]
fn a_record_that_cannot_be_written_is_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (_, sweep) = setup(dir.path());
    let out = dir.path().join("out");
    let args = [
        "--lang",
        "zh",
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--threads",
        "1",
    ];
    let r = with_a_full_disk(&args);
    let e = err(&r);
    assert_eq!(r.status.code(), Some(6), "{e}");
    assert!(
        e.starts_with("错误：")
            && e.contains("未能写入日志")
            && e.contains("results.jsonl")
            && e.contains("grid-0001")
            && e.contains("--resume"),
        "{e}"
    );
    assert!(!out.join("summary.csv").exists());
}

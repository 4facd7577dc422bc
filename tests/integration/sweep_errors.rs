//! A sweep that stops says why in the reader's language (issue 21's typed errors): each kind of
//! `commands::sweep::SweepError` a person can meet, through the command line in English and
//! Chinese, with its exit code (6: the sweep's files cannot be read or written) and the path.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A sweep of two variants of the tutorial.
fn sweep_file(dir: &Path) -> PathBuf {
    let sweep = dir.join("sweep.toml");
    std::fs::write(
        &sweep,
        format!(
            "base = {:?}\nname = \"errors\"\n[[grid]]\npath = \"pools.sme.capacity\"\nvalues = [200, 300]\n",
            repo().join("scenarios/tutorial").to_string_lossy()
        ),
    )
    .unwrap();
    sweep
}

fn sweep(lang: &str, sweep: &Path, out: &Path, more: &[&str]) -> Output {
    let mut args = vec![
        "--lang",
        lang,
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(more);
    cli(&args)
}

/// Exit 6 and one line, in `lang`'s words, naming `path`.
fn assert_error(o: &Output, lang: &str, words: &str, path: &Path) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(6), "{lang}: {err}");
    let prefix = if lang == "zh" { "错误：" } else { "error: " };
    assert!(
        err.starts_with(prefix) && err.contains(words),
        "{lang}, {words:?}: {err}"
    );
    assert!(err.contains(&path.display().to_string()), "{lang}: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn an_output_folder_that_cannot_be_created() {
    let dir = tempfile::tempdir().unwrap();
    let f = sweep_file(dir.path());
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = file.join("out");
    for (lang, words) in [("en", "cannot create the folder"), ("zh", "无法创建文件夹")] {
        assert_error(&sweep(lang, &f, &out, &[]), lang, words, &out);
        let shard = sweep(lang, &f, &out, &["--shard", "1/2"]);
        assert_error(&shard, lang, words, &out);
    }
}

#[test]
fn a_journal_that_cannot_be_read_to_resume_or_written() {
    let dir = tempfile::tempdir().unwrap();
    let f = sweep_file(dir.path());
    let out = dir.path().join("out");
    // A folder where the journal goes: neither read back by --resume nor appended to.
    let journal = out.join("results.jsonl");
    std::fs::create_dir_all(&journal).unwrap();
    for (lang, resume, write) in [
        ("en", "cannot read the journal to resume", "cannot write "),
        ("zh", "无法读取日志以继续运行", "无法写入 "),
    ] {
        let o = sweep(lang, &f, &out, &["--resume"]);
        assert_error(&o, lang, resume, &journal);
        assert_error(&sweep(lang, &f, &out, &[]), lang, write, &journal);
    }
    assert!(!out.join("summary.csv").exists());
}

#[test]
fn a_summary_that_cannot_be_written_in_a_run_and_a_merge() {
    let dir = tempfile::tempdir().unwrap();
    let f = sweep_file(dir.path());
    let single = dir.path().join("single");
    let merged = dir.path().join("merged");
    for out in [&single, &merged] {
        std::fs::create_dir_all(out.join("summary.csv")).unwrap();
    }
    for k in ["1/2", "2/2"] {
        assert_eq!(
            sweep("en", &f, &merged, &["--shard", k]).status.code(),
            Some(0)
        );
    }
    for (lang, words) in [
        ("en", "cannot write the summary: "),
        ("zh", "无法写入汇总："),
    ] {
        let path = single.join("summary.csv");
        assert_error(&sweep(lang, &f, &single, &[]), lang, words, &path);
        let path = merged.join("summary.csv");
        assert_error(&sweep(lang, &f, &merged, &["--merge"]), lang, words, &path);
    }
}

#[test]
fn a_journal_that_cannot_be_read_to_merge() {
    let dir = tempfile::tempdir().unwrap();
    let f = sweep_file(dir.path());
    let out = dir.path().join("out");
    let journal = out.join("shards").join("1-of-2.jsonl");
    std::fs::create_dir_all(&journal).unwrap();
    for (lang, words) in [
        ("en", "cannot read a journal to merge: "),
        ("zh", "无法读取要合并的日志："),
    ] {
        assert_error(&sweep(lang, &f, &out, &["--merge"]), lang, words, &journal);
    }
}

//! Sweep files that must not lose or misplace anything: unsafe or duplicate names, sizes past
//! the limit, nonsense ranges; every problem named with its line and column, all at once.

use crate::common::*;
use landquota::commands::sweep::{SweepOptions, read, run_sweep};
use std::path::Path;

fn write(dir: &Path, body: &str) -> std::path::PathBuf {
    let p = dir.join("sweep.toml");
    let base = repo().join("scenarios/tutorial");
    std::fs::write(&p, format!("base = {:?}\n{body}", base.to_string_lossy())).unwrap();
    p
}

fn problems(body: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    match read(&write(dir.path(), body)) {
        Ok(s) => panic!("accepted with {} variants:\n{body}", s.variants.len()),
        Err(d) => d.to_string(),
    }
}

/// Every problem line has `file:line:col`. (Line 1 of each test file is `base`.)
fn assert_positioned(text: &str) {
    for l in text.lines().filter(|l| l.starts_with("error:")) {
        let place = l["error: ".len()..].split(": ").next().unwrap();
        let parts: Vec<&str> = place.rsplitn(3, ':').collect();
        assert!(
            parts.len() == 3
                && parts[0].parse::<usize>().is_ok()
                && parts[1].parse::<usize>().is_ok(),
            "no line:column in `{l}`"
        );
    }
}

#[test]
fn unsafe_and_duplicate_names_are_rejected_with_positions() {
    let text = problems(
        r#"name = "../up"
[[variants]]
name = "../../escaped"
set = { "pools.sme.capacity" = 1 }
[[variants]]
name = "a/b"
set = { "pools.sme.capacity" = 1 }
[[variants]]
name = "nul\u0000"
set = { "pools.sme.capacity" = 1 }
[[variants]]
name = "dup"
set = { "pools.sme.capacity" = 1 }
[[variants]]
name = "Dup"
set = { "pools.sme.capacity" = 2 }
[[variants]]
name = "grid-0001"
set = { "pools.sme.capacity" = 2 }
[[variants]]
name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
set = { "pools.sme.capacity" = 2 }
"#,
    );
    assert_positioned(&text);
    for expected in [
        ":2:8: name:",
        ":4:8: variants[0].name",
        ":7:8: variants[1].name: the name contains '/'",
        ":10:8: variants[2].name: the name contains '\\0'",
        ":16:8: variants[4].name: variant name \"Dup\" is already used by \"dup\"",
        ":19:8: variants[5].name",
        ":22:8: variants[6].name: the name has 100 characters",
        "7 problems found",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in\n{text}");
    }
}

#[test]
fn sizes_are_checked_before_anything_is_allocated() {
    // 65,536⁴ overflows a usize product on 64 bits; 10⁹ draws would allocate gigabytes.
    let axis =
        "[[grid]]\npath = \"pools.sme.capacity\"\nrange = { from = 0, to = 65535, step = 1 }\n";
    let text = problems(&axis.repeat(4));
    assert_positioned(&text);
    assert!(text.contains("more than 100000 variants"), "{text}");
    let text = problems(
        "[random]\ndraws = 1000000000\nseed = 1\nranges = [{ path = \"rules.stock_linkage.alpha\", from = 0.3, to = 0.7 }]\n",
    );
    assert_positioned(&text);
    assert!(
        text.contains(":3:9: random.draws: the sweep would have 1000000000 variants"),
        "{text}"
    );
}

#[test]
fn nonsense_ranges_are_rejected_with_positions() {
    let text = problems(
        r#"[[grid]]
path = "pools.sme.capacity"
range = { from = 0, to = nan, step = 1 }
[[grid]]
path = "pools.sme.capacity"
values = []
[[grid]]
path = "pools.sme.capacity"
range = { from = 10, to = 0, step = 1 }
[random]
draws = 2
seed = 1
ranges = [{ path = "rules.stock_linkage.alpha", from = inf, to = 1 }]
"#,
    );
    assert_positioned(&text);
    for expected in [
        ":4:9: grid[0].range",
        ":7:10: grid[1].values: grid `pools.sme.capacity`: the list of values is empty",
        ":10:9: grid[2].range",
        ":14:11: random.ranges[0]",
        "4 problems found",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in\n{text}");
    }
}

#[test]
fn a_sweep_file_that_is_not_utf8_gets_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.toml");
    std::fs::write(&p, b"base = \"x\"\nname = \"ab\xff\"\n").unwrap();
    let text = read(&p).err().unwrap().to_string();
    assert!(
        text.contains("s.toml:2:11: the sweep file is not UTF-8"),
        "{text}"
    );
}

#[test]
fn a_variant_file_that_cannot_be_written_is_an_error_of_that_variant() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = read(&write(
        dir.path(),
        "[[variants]]\nname = \"a\"\nset = { \"pools.sme.capacity\" = 100 }\n[[variants]]\nname = \"b\"\nset = { \"pools.sme.capacity\" = 200 }\n",
    ))
    .unwrap();
    let out = dir.path().join("out");
    // `variants/a.json` cannot be created: a directory stands in its place.
    std::fs::create_dir_all(out.join("variants/a.json/x")).unwrap();
    let o = run_sweep(
        &sweep,
        &blocklp::backend::Minilp,
        &SweepOptions {
            out: out.clone(),
            threads: Some(1),
            keep_allocations: true,
            resume: false,
            explain: false,
            progress: false,
            lang: landquota::i18n::Lang::En,
            time_limit: None,
        },
    )
    .unwrap();
    assert_eq!(o.rows[0].status, "error", "{:?}", o.rows[0]);
    assert!(
        o.rows[0].message.contains("variants/a.json"),
        "{}",
        o.rows[0].message
    );
    assert_eq!(o.rows[1].status, "optimal");
    assert!(out.join("variants/b.json").is_file());
}

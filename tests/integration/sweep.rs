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
        lang: landquota::i18n::Lang::En,
        time_limit: None,
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
    for f in ["summary.csv", "summary.json", "counties.csv", "sweep.html"] {
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

/// Reads a CSV into its header and rows.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Both shipped sweeps: one column per varied path holding the value each variant ran with,
/// pools in declared order, and the long counties.csv agreeing with the summary.
#[test]
fn shipped_sweeps_give_plot_ready_columns_and_the_long_county_file() {
    for (file, paths, counties) in [
        (
            "scenarios/sweeps/jinhua-pool-cut.toml",
            vec!["pools.urban_batch.capacity", "counties.yiwu.frozen"],
            9,
        ),
        (
            "scenarios/sweeps/zhejiang-alpha-beta.toml",
            vec!["rules.stock_linkage.alpha", "rules.stock_linkage.beta"],
            90,
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let s = read(&repo().join(file)).unwrap();
        // The 90-county sweep without marginal values: the columns are what is tested here,
        // and explaining 24 province-sized variants dominates a debug test run.
        let o = SweepOptions {
            explain: file.contains("jinhua"),
            ..opts(dir.path(), 2, false)
        };
        run_sweep(&s, &Minilp, &o).unwrap();
        let (header, rows) = read_csv(&dir.path().join("summary.csv"));
        assert_eq!(rows.len(), s.variants.len());
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("{file}: no column {name} in {header:?}"))
        };
        assert!(col("overrides") < col(paths[0]), "the packed column stays");
        for (row, v) in rows.iter().zip(&s.variants) {
            for (path, value) in &v.overrides {
                assert_eq!(&row[col(path)], value, "{file} {} {path}", v.name);
            }
            for p in &paths {
                assert!(!row[col(p)].is_empty() || v.name == "base" || v.name.starts_with("cut"));
            }
        }
        // The base values fill paths a variant does not set.
        if file.contains("jinhua") {
            assert_eq!(rows[0][col("pools.urban_batch.capacity")], "11771");
        }
        // Pools in the order the scenario declares them.
        let sc = landquota::scenario::from_path(&s.base).unwrap();
        let pool_cols: Vec<&String> = header
            .iter()
            .filter(|h| h.starts_with("pool_") && h.ends_with("_mu"))
            .collect();
        let declared: Vec<String> = sc
            .pools
            .iter()
            .map(|p| format!("pool_{}_mu", p.id))
            .collect();
        assert_eq!(pool_cols, declared.iter().collect::<Vec<_>>(), "{file}");
        // summary.json: the same paths as keys, numbers as numbers.
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("summary.json")).unwrap(),
        )
        .unwrap();
        for (row, v) in json.as_array().unwrap().iter().zip(&s.variants) {
            for (path, value) in &v.overrides {
                let got = &row[path.as_str()];
                match value.parse::<f64>() {
                    Ok(x) => assert_close(got.as_f64().unwrap(), x, path),
                    Err(_) => assert_eq!(got.to_string(), *value),
                }
            }
            let pools: Vec<&String> = row["by_pool_mu"].as_object().unwrap().keys().collect();
            assert!(!pools.is_empty());
        }
        // counties.csv: one row per variant × county; its pools add up to the county total
        // and its counties to the variant's granted mu.
        let (ch, crows) = read_csv(&dir.path().join("counties.csv"));
        assert_eq!(&ch[..3], ["variant", "county", "name"]);
        assert_eq!(ch.last().unwrap(), "granted_mu");
        assert_eq!(ch[3..ch.len() - 1], declared[..]);
        assert_eq!(crows.len(), s.variants.len() * counties, "{file}");
        for (row, v) in rows.iter().zip(&s.variants) {
            let mine: Vec<&Vec<String>> = crows.iter().filter(|c| c[0] == v.name).collect();
            assert_eq!(mine.len(), counties);
            let mut total = 0.0;
            for c in &mine {
                let g: f64 = c.last().unwrap().parse().unwrap();
                let by: f64 = c[3..c.len() - 1]
                    .iter()
                    .map(|x| x.parse::<f64>().unwrap())
                    .sum();
                assert!(
                    (g - by).abs() < 1e-5,
                    "{file} {} {}: {g} vs {by}",
                    v.name,
                    c[1]
                );
                total += g;
            }
            let granted: f64 = row[col("granted_mu")].parse().unwrap();
            assert!(
                (total - granted).abs() < 1e-4,
                "{file} {}: {total} vs {granted}",
                v.name
            );
        }
        // The page draws each varied path.
        let page = std::fs::read_to_string(dir.path().join("sweep.html")).unwrap();
        for p in &paths {
            assert!(page.contains(&format!("<code>{p}</code>")), "{file}: {p}");
        }
        assert!(page.contains("<svg") && !page.contains("http://") && !page.contains("https://"));
    }
}

/// Relative edits (`*0.8`, `+500`) show in their path's column as the number the variant ran
/// with, the one its own result reports, while `overrides` keeps the edit as written; an
/// absolute value stays as given. counties.csv starts with the UTF-8 byte-order mark solve's
/// CSV files carry (for Excel); summary.csv, read by scripts, does not.
#[test]
fn relative_edits_show_the_value_they_produced() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rel.toml");
    std::fs::write(
        &file,
        format!(
            r#"
base = "{}"
name = "rel"
[[variants]]
name = "times"
set = {{ "pools.infrastructure.capacity" = "*0.8", "pools.urban_batch.capacity" = "+500" }}
[[variants]]
name = "absolute"
set = {{ "pools.infrastructure.capacity" = 650 }}
[[variants]]
name = "base"
set = {{}}
[[variants]]
name = "broken"
set = {{ "pools.infrastructure.capacity" = "*0.8", "pools.nope.capacity" = 1 }}
"#,
            repo().join("scenarios/tutorial").display()
        ),
    )
    .unwrap();
    let s = read(&file).unwrap();
    run_sweep(&s, &Minilp, &opts(dir.path(), 1, false)).unwrap();
    let (header, rows) = read_csv(&dir.path().join("summary.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (infra, urban) = (
        col("pools.infrastructure.capacity"),
        col("pools.urban_batch.capacity"),
    );
    // What each variant's own result says its pools held.
    let capacity = |variant: &str, pool: &str| -> f64 {
        let v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(format!("variants/{variant}.json"))).unwrap(),
        )
        .unwrap();
        v["pools"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == pool)
            .unwrap()["capacity_mu"]
            .as_f64()
            .unwrap()
    };
    let by_name = |n: &str| rows.iter().find(|r| r[1] == n).unwrap();
    let times = by_name("times");
    // The tutorial's 900 and 1200 mu, ×0.8 and +500.
    assert_eq!(
        (times[infra].as_str(), times[urban].as_str()),
        ("720", "1700")
    );
    assert_close(capacity("times", "infrastructure"), 720.0, "×0.8");
    assert_close(capacity("times", "urban_batch"), 1700.0, "+500");
    assert!(times[col("overrides")].contains("*0.8"));
    assert!(times[col("overrides")].contains("+500"));
    assert_eq!(by_name("absolute")[infra], "650");
    assert_eq!(by_name("base")[infra], "900");
    // A variant whose edits do not apply ran with nothing: its edit is shown as written.
    let broken = by_name("broken");
    assert_eq!(broken[col("status")], "invalid");
    assert_eq!(broken[infra], "*0.8");
    // summary.json: numbers.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("summary.json")).unwrap())
            .unwrap();
    let t = json
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "times")
        .unwrap();
    assert_eq!(t["pools.infrastructure.capacity"].as_f64(), Some(720.0));
    assert_eq!(t["pools.urban_batch.capacity"].as_f64(), Some(1700.0));

    let bom = landquota::render::csv::BOM;
    assert!(
        std::fs::read(dir.path().join("counties.csv"))
            .unwrap()
            .starts_with(bom)
    );
    assert!(
        !std::fs::read(dir.path().join("summary.csv"))
            .unwrap()
            .starts_with(bom)
    );
    let (ch, crows) = read_csv(&dir.path().join("counties.csv"));
    assert_eq!(ch[0], "variant", "the mark is not part of the first header");
    assert_eq!(
        crows.len(),
        3 * 3,
        "three variants with a plan, three counties"
    );
    // The same mark as solve's own counties.csv.
    let out = dir.path().join("solved");
    let o = cli(&[
        "solve",
        "scenarios/tutorial",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        std::fs::read(out.join("counties.csv"))
            .unwrap()
            .starts_with(bom)
    );
}

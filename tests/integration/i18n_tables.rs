//! `diff`, `batch` and `sweep` terminal output in Chinese with `--lang zh`, English unchanged
//! with `--lang en`; the machine outputs (JSON) stay English either way.

use crate::common::*;

fn stdout(args: &[&str]) -> String {
    let out = cli(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn diff_table_in_chinese_and_english() {
    let args = [
        "diff",
        "scenarios/jinhua-2025",
        "--set",
        "pools.urban_batch.capacity=*0.8",
    ];
    let zh = stdout(&[&["--lang", "zh"][..], &args].concat());
    for want in [
        "对比 A jinhua-2025（最优，目标值 ",
        "：目标值变化 ",
        "  A：scenarios/jinhua-2025（方案文件，本次求解）",
        "加权总量 ",
        "安排面积 ",
        "\n指标池\n",
        "\n县（市、区）\n",
        "\n项目\n",
        "名称",
        "变化",
        "指标项",
        "增减",
        "有变化",
        "总量（亩）",
        // A pool by its name, not its id.
        "来自 城市分批次（亩）",
        " 行有变化",
    ] {
        assert!(zh.contains(want), "missing {want:?} in:\n{zh}");
    }
    for english in [
        "objective delta",
        "weighted mu",
        "Pools\n",
        "Counties\n",
        "capacity_mu",
        "rows changed",
        "(scenario)",
    ] {
        assert!(!zh.contains(english), "English {english:?} in:\n{zh}");
    }

    let en = stdout(&[&["--lang", "en"][..], &args].concat());
    for want in [
        "diff A jinhua-2025 (optimal, objective ",
        "): objective delta ",
        "  A: scenarios/jinhua-2025 (scenario)",
        "weighted mu ",
        "\nPools\n",
        "\nCounties\n",
        "\nProjects\n",
        "│ pool ",
        "change",
        "field",
        "delta",
        "capacity_mu",
        "by_pool.urban_batch",
        " rows changed",
    ] {
        assert!(en.contains(want), "missing {want:?} in:\n{en}");
    }
    assert_eq!(en, stdout(&args), "English is the default");

    // The JSON contract is the same in both languages.
    let json = |lang: &str| stdout(&[&["--lang", lang][..], &args, &["--json"]].concat());
    let (jz, je) = (json("zh"), json("en"));
    assert!(jz.contains("\"capacity_mu\"") && jz.contains("\"changed\""));
    assert_eq!(jz, je);
}

#[test]
fn batch_table_in_chinese() {
    let zh = stdout(&[
        "--lang",
        "zh",
        "batch",
        "scenarios/tutorial",
        "--repeat",
        "2",
    ]);
    for want in [
        "批量求解：1 个方案文件，重复 2 次，",
        "；总用时 ",
        "路径",
        "状态",
        "目标值",
        "项目数",
        "求解（毫秒）",
        "合计（毫秒）",
        "中位数（最小–最大）",
        "最优",
    ] {
        assert!(zh.contains(want), "missing {want:?} in:\n{zh}");
    }
    for english in ["batch:", "scenario file", "path", "median", "optimal"] {
        assert!(!zh.contains(english), "English {english:?} in:\n{zh}");
    }
    let en = stdout(&["--lang", "en", "batch", "scenarios/tutorial"]);
    assert!(en.starts_with("batch: 1 scenario file, repeat 1, "), "{en}");
    for want in ["path", "status", "solve ms", "total ms", "optimal"] {
        assert!(en.contains(want), "missing {want:?} in:\n{en}");
    }
    // CSV headers and statuses are machine words in every language.
    let csv = stdout(&["--lang", "zh", "batch", "scenarios/tutorial", "--csv"]);
    assert!(csv.starts_with("path,"), "{csv}");
    assert!(csv.contains(",optimal,"), "{csv}");
}

#[test]
fn sweep_line_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let run = cli(&[
        "--lang",
        "zh",
        "sweep",
        "scenarios/sweeps/jinhua-pool-cut.toml",
        "--out",
        out,
    ]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let err = String::from_utf8(run.stderr).unwrap();
    assert!(
        err.contains("批量情景 jinhua-pool-cut：共 17 个变体"),
        "{err}"
    );
    assert!(err.contains("最优 17 个"), "{err}");
    assert!(!err.contains("optimal"), "{err}");
    let summary = std::fs::read_to_string(dir.path().join("out/summary.csv")).unwrap();
    assert!(
        summary.contains("optimal"),
        "summary.csv keeps machine words"
    );
}

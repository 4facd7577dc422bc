//! Validation messages in the officer's language: a scenario with a few problems checked with
//! `--lang zh` reads Chinese (and no English sentence), with `--lang en` the English as before.

use crate::common::*;

const BAD: &str = r#"
[scenario]
name = "bad"
year = 2025

[[categories]]
id = "urban"

[[pools]]
id = "batch"
capacity_mu = "lots"
categories = ["urban"]

[[counties]]
id = "wucheng"

[[projects]]
id = "p1"
county = "wucheng"
category = "urban"
tier = "city"
need_mu = -50

[[projects]]
id = "p2"
county = "wuchen"
category = "urban"
tier = "city"
need_mu = 30
"#;

#[test]
fn validation_problems_in_chinese_and_english() {
    let (zh, en) = check_both(BAD);
    contains_all(
        &zh,
        &[
            "pools[0].capacity_mu：应为数字，实际为文本 \"lots\"",
            "请填写纯数字，不带引号或单位（例如 capacity_mu = 50）",
            "projects[0].need_mu：需求面积应为正数（单位：亩），实际为 -50",
            "需求面积是该项用地需求申请的面积；如无需求，请删除该行",
            "projects[1].county：未知的县（市、区）“wuchen”",
            "是否应为“wucheng”？已声明的县（市、区）：wucheng",
            "共发现 3 个问题",
        ],
    );
    contains_none(
        &zh,
        &[
            "expected a number",
            "write a plain number",
            "expected a positive area",
            "the need is the area",
            "unknown county",
            "did you mean",
            "known counties",
        ],
    );
    contains_all(
        &en,
        &[
            "pools[0].capacity_mu: expected a number, found the text \"lots\"",
            "hint: write a plain number, without quotes or units (e.g. capacity_mu = 50)",
            "projects[0].need_mu: expected a positive area in mu, found -50",
            "hint: the need is the area the demand line asks for; remove the line if nothing is asked",
            "projects[1].county: unknown county \"wuchen\"",
            "hint: did you mean \"wucheng\"? known counties: wucheng",
            "3 problems found",
        ],
    );
}

/// Runs `check` on a scenario in both languages; returns (Chinese, English) stderr.
fn check_both(src: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, src).unwrap();
    let path = path.to_str().unwrap();
    let run = |lang: &str| {
        let out = cli(&["--lang", lang, "check", path]);
        assert_eq!(out.status.code(), Some(1), "check --lang {lang}");
        String::from_utf8(out.stderr).unwrap()
    };
    (run("zh"), run("en"))
}

/// Asserts that `text` contains every one of `wants`.
fn contains_all(text: &str, wants: &[&str]) {
    for want in wants {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
}

/// Asserts that `text` contains none of `english` (sentences that must be translated).
fn contains_none(text: &str, english: &[&str]) {
    for e in english {
        assert!(!text.contains(e), "English {e:?} in:\n{text}");
    }
}

#[test]
fn unknown_field_in_chinese_and_english() {
    let src = r#"
[scenario]
name = "typo"
year = 2025

[[categories]]
id = "urban"

[[pools]]
id = "batch"
capcity_mu = 5
categories = ["urban"]

[[counties]]
id = "wucheng"

[[projects]]
id = "p1"
county = "wucheng"
category = "urban"
tier = "city"
need_mu = 50
"#;
    let (zh, en) = check_both(src);
    contains_all(
        &zh,
        &[
            "pools[0].capcity_mu：未知字段；是否应为 `capacity_mu`？",
            "提示：可用的字段：id, ",
        ],
    );
    contains_none(&zh, &["unknown field", "did you mean", "accepted fields"]);
    contains_all(
        &en,
        &[
            "pools[0].capcity_mu: unknown field; did you mean `capacity_mu`?",
            "hint: accepted fields: id, ",
        ],
    );
}

#[test]
fn toml_syntax_error_in_chinese_and_english() {
    let src = r#"
[scenario]
name = "syntax"
year = 2025

[[projects]]
id = "p1"
tier = block
need_mu = 50 mu
"#;
    let (zh, en) = check_both(src);
    contains_all(
        &zh,
        &[
            "projects[0].tier：文本须加引号",
            "提示：请写作 tier = \"block\"",
            "projects[0].need_mu：`50 mu` 不是数字",
            "提示：数字不带单位、引号或千位分隔符：need_mu = 50",
            "共发现 2 个问题",
        ],
    );
    contains_none(
        &zh,
        &[
            "text must be in quotes",
            "is not a number",
            "numbers are written",
        ],
    );
    contains_all(
        &en,
        &[
            "projects[0].tier: text must be in quotes",
            "hint: write tier = \"block\"",
            "projects[0].need_mu: `50 mu` is not a number",
            "hint: numbers are written without units, quotes or thousands separators: need_mu = 50",
            "2 problems found",
        ],
    );
}

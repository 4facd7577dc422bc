//! The catalogue of bad inputs: every directory under `tests/data/bad/` is one broken scenario.
//!
//! `landquota check tests/data/bad/<case>` must fail with exit code 1 and print exactly the
//! case's `expected.stderr` (rewrite them all with `UPDATE_GOLDEN=1` after an intended change,
//! then read the diff). The tests after the catalogue pin down what matters in a few key
//! messages, so the catalogue does not only freeze whatever happens to be printed.

use crate::common::{cli, golden, repo};
use std::path::{Path, PathBuf};
use std::process::Output;

const BAD: &str = "tests/data/bad";

/// Every case directory, sorted by name.
fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join(BAD))
        .expect("tests/data/bad exists")
        .map(|e| e.expect("readable entry"))
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().expect("case names are UTF-8"))
        .collect();
    names.sort();
    names
}

fn case_path(case: &str) -> String {
    format!("{BAD}/{case}")
}

/// Runs `check` on a case and returns its stderr, after the checks that hold for every case:
/// exit code 1 (so no signal either), nothing on stdout, no panic, a well-formed report.
fn check_case(case: &str) -> String {
    let path = case_path(case);
    let out: Output = cli(&["check", &path]);
    let stderr = String::from_utf8(out.stderr.clone())
        .unwrap_or_else(|e| panic!("{case}: stderr is not UTF-8: {e}"));
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            out.status.signal(),
            None,
            "{case}: killed by a signal\n{stderr}"
        );
    }
    assert!(
        !stderr.contains("panicked"),
        "{case}: the tool panicked\n{stderr}"
    );
    assert!(
        !stderr.contains("RUST_BACKTRACE"),
        "{case}: the tool panicked\n{stderr}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{case}: expected exit code 1 (invalid scenario)\n{stderr}"
    );
    assert!(
        !stderr.trim().is_empty(),
        "{case}: nothing printed on stderr"
    );
    assert!(
        out.stdout.is_empty(),
        "{case}: a failed check printed on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Structure: `error: <file in this case>...` lines, optional `  hint:` lines, then a count.
    let lines: Vec<&str> = stderr.lines().collect();
    let (last, body) = lines.split_last().expect("non-empty");
    let errors = body.iter().filter(|l| l.starts_with("error: ")).count();
    let expected_last = format!(
        "{errors} problem{} found",
        if errors == 1 { "" } else { "s" }
    );
    assert_eq!(
        *last, expected_last,
        "{case}: the count does not match the errors listed\n{stderr}"
    );
    assert!(errors >= 1, "{case}: no error line\n{stderr}");
    for l in body {
        assert!(
            l.starts_with(&format!("error: {path}")) || l.starts_with("  hint: "),
            "{case}: line neither names a file of the case nor is a hint: {l:?}\n{stderr}"
        );
    }
    stderr
}

fn problems(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

#[test]
fn every_bad_input_matches_its_expected_stderr() {
    let cases = cases();
    assert!(
        cases.len() >= 30,
        "the catalogue shrank to {} cases",
        cases.len()
    );
    let mut failed = Vec::new();
    for case in &cases {
        let expected: PathBuf = repo().join(BAD).join(case).join("expected.stderr");
        let result = std::panic::catch_unwind(|| {
            let stderr = check_case(case);
            golden(&expected, &stderr);
        });
        if result.is_err() {
            failed.push(case.as_str());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} bad-input cases failed: {failed:?}",
        failed.len(),
        cases.len()
    );
}

#[test]
fn every_case_directory_has_an_expected_stderr() {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        return; // being written right now
    }
    for case in cases() {
        let p = repo().join(BAD).join(&case).join("expected.stderr");
        assert!(
            p.is_file(),
            "{}: missing; run with UPDATE_GOLDEN=1",
            p.display()
        );
    }
}

#[test]
fn many_problems_are_all_reported_in_one_run() {
    let stderr = check_case("many_problems");
    let found = problems(&stderr);
    assert!(
        found.len() >= 5,
        "only {} problems reported:\n{stderr}",
        found.len()
    );
    let file = "tests/data/bad/many_problems/scenario.toml";
    // Each of these is in a different record or rule, and all must be in the same report.
    for needle in [
        format!("{file}:2:8: scenario.name: "),
        format!("{file}:6:8: objective.mode: unknown objective mode \"lexicograph\""),
        format!("{file}:15:15: pools[0].capacity_mu: "),
        format!("{file}:20:12: counties[0].floor_mu: floor (500 mu) is above cap (400 mu)"),
        format!("{file}:25:10: projects[0].county: unknown county \"wuchen\""),
        format!("{file}:29:13: projects[0].min_share: "),
        format!("{file}:32:6: projects[1].id: duplicate project id \"wc-urban\""),
        format!("{file}:34:12: projects[1].category: unknown category \"urbn\""),
        format!("{file}:35:8: projects[1].tier: unknown tier \"town\""),
        format!("{file}:39:19: rules.outside_boundary.max_share_total: "),
        format!("{file}:43:9: rules.stock_linkage.pools: unknown pool \"urban_batch\""),
    ] {
        assert!(stderr.contains(&needle), "missing {needle:?} in\n{stderr}");
    }
    assert!(stderr.contains("did you mean \"wucheng\"?"), "{stderr}");
    assert!(stderr.contains("did you mean \"urban\"?"), "{stderr}");
}

#[test]
fn misspelt_project_field_suggests_the_right_one() {
    let stderr = check_case("unknown_field_project");
    assert!(
        stderr.contains("tests/data/bad/unknown_field_project/scenario.toml:21:1: projects[0]: unknown field `nede_mu`"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: did you mean `need_mu`?"), "{stderr}");
}

#[test]
fn csv_number_error_names_row_and_column() {
    let stderr = check_case("csv_bad_number");
    let file = "tests/data/bad/csv_bad_number/projects.csv";
    // Row 3 ("1,234") is on line 4, row 4 ("12 mu") on line 5; both in one run.
    assert!(
        stderr.contains(&format!("{file}:4: (row 3): need_mu: expected a number")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{file}:5: (row 4): need_mu: expected a number")),
        "{stderr}"
    );
    assert!(
        stderr.contains("no thousands separators, units"),
        "{stderr}"
    );
    assert_eq!(problems(&stderr).len(), 2, "{stderr}");
}

#[test]
fn csv_header_problems_name_the_column() {
    let stderr = check_case("csv_unknown_column");
    assert!(
        stderr.contains("projects.csv:1: (row 0): farmland_muu: unknown column"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `farmland_mu`?"), "{stderr}");
    let stderr = check_case("csv_missing_column");
    assert!(stderr.contains("projects.csv:1: "), "{stderr}");
    assert!(stderr.contains("`category`"), "{stderr}");
}

#[test]
fn csv_problems_in_rows_point_at_the_row() {
    let stderr = check_case("csv_row_references");
    let file = "tests/data/bad/csv_row_references/projects.csv";
    assert!(
        stderr.contains(&format!(
            "{file}:4: (row 3): id: duplicate project id \"wc-b\""
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{file}:4: (row 3): county: unknown county \"jindong\""
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{file}:4: (row 3): category: unknown category \"urbn\""
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{file}:5: (row 4): need_mu: ")),
        "{stderr}"
    );
    let stderr = check_case("csv_wrong_cell_count");
    assert!(
        stderr.contains("projects.csv:4: (row 3): malformed row"),
        "{stderr}"
    );
}

#[test]
fn missing_csv_file_points_at_the_line_that_names_it() {
    let stderr = check_case("csv_missing_file");
    assert!(
        stderr.contains("tests/data/bad/csv_missing_file/scenario.toml:1:12: projects: tests/data/bad/csv_missing_file/projects.csv: cannot read file"),
        "{stderr}"
    );
}

#[test]
fn whole_file_problems_are_named() {
    let s = check_case("empty_file");
    assert!(
        s.starts_with("error: tests/data/bad/empty_file/scenario.toml: the scenario is empty"),
        "{s}"
    );
    let s = check_case("binary_garbage");
    // The first bad byte is the first byte of the GBK-encoded name on line 2, column 9.
    assert!(
        s.contains("binary_garbage/scenario.toml:2:9: file is not valid UTF-8 text"),
        "{s}"
    );
    assert!(s.contains("GBK"), "{s}");
    let s = check_case("directory_without_scenario");
    assert!(s.contains("error: tests/data/bad/directory_without_scenario: is a directory without a scenario.toml"), "{s}");
    let s = check_case("toml_syntax_error");
    assert!(s.contains("toml_syntax_error/scenario.toml:21:"), "{s}");
}

#[test]
fn references_and_ranges_are_explained() {
    let s = check_case("unknown_category");
    assert!(
        s.contains(":19:12: projects[0].category: unknown category \"urbam\""),
        "{s}"
    );
    assert!(s.contains("did you mean \"urban\"?"), "{s}");
    let s = check_case("unknown_section");
    assert!(s.contains(":23:2: objectve: unknown section"), "{s}");
    assert!(s.contains("did you mean `objective`?"), "{s}");
    let s = check_case("outside_boundary_percent");
    assert!(
        s.contains(
            "rules.outside_boundary.max_share_total: expected a share between 0 and 1, found 10"
        ),
        "{s}"
    );
    assert!(s.contains("0.06"), "{s}");
    let s = check_case("earmarks_over_one");
    assert!(
        s.contains("rules.earmarks: earmarks on the plan basis sum to 1.1, over 1"),
        "{s}"
    );
    let s = check_case("stock_linkage_unknown_pool");
    assert!(
        s.contains("rules.stock_linkage.pools: unknown pool \"urban_batch\""),
        "{s}"
    );
    let s = check_case("floor_above_cap");
    assert!(
        s.contains("counties[0].floor_mu: floor (300 mu) is above cap (200 mu)"),
        "{s}"
    );
    for (case, record) in [
        ("duplicate_pool_id", "pools[1]"),
        ("duplicate_county_id", "counties[1]"),
        ("duplicate_project_id", "projects[1]"),
    ] {
        let s = check_case(case);
        assert!(
            s.contains(&format!("{record}.id: duplicate")),
            "{case}: {s}"
        );
    }
}

#[test]
fn case_paths_are_relative_to_the_repo() {
    // The golden files hold repo-relative paths; make sure no absolute path leaks in.
    let root = repo();
    let root = root.to_string_lossy();
    for case in cases() {
        let p = Path::new(BAD).join(&case).join("expected.stderr");
        if let Ok(text) = std::fs::read_to_string(repo().join(&p)) {
            assert!(
                !text.contains(root.as_ref()),
                "{}: contains the absolute repo path",
                p.display()
            );
        }
    }
}

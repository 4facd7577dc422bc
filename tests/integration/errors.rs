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

    // Structure: `note:` lines on how the tables were read, `error: <file in this case>...`
    // lines, optional `  hint:` lines, then a count.
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
            l.starts_with(&format!("error: {path}"))
                || l.starts_with("  hint: ")
                || l.starts_with(&format!("note: {path}")),
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
        format!("{file}:15:15: pools[0].capacity_mu: expected an area ≥ 0 in mu, found -100"),
        // A list element is pointed at itself, not at the `[` of its list.
        format!("{file}:16:24: pools[0].categories[1]: unknown category \"industry\""),
        format!("{file}:20:12: counties[0].floor_mu: floor (500 mu) is above cap (400 mu)"),
        format!("{file}:25:10: projects[0].county: unknown county \"wuchen\""),
        format!("{file}:29:13: projects[0].min_share: "),
        format!(
            "{file}:32:6: projects[1].id: duplicate project id \"wc-urban\"; the first one is at line 23"
        ),
        format!("{file}:34:12: projects[1].category: unknown category \"urbn\""),
        format!("{file}:35:8: projects[1].tier: unknown tier \"town\""),
        format!("{file}:39:19: rules.outside_boundary.max_share_total: "),
        format!("{file}:41:1: rules.stock_linkage.beta: required field is missing"),
        format!("{file}:43:10: rules.stock_linkage.pools[0]: unknown pool \"urban_batch\""),
    ] {
        assert!(stderr.contains(&needle), "missing {needle:?} in\n{stderr}");
    }
    assert!(stderr.contains("did you mean \"wucheng\"?"), "{stderr}");
    assert!(stderr.contains("did you mean \"urban\"?"), "{stderr}");
    assert!(
        stderr.contains("did you mean \"lexicographic\"?"),
        "{stderr}"
    );
    assert!(stderr.contains("known categories: urban, sme"), "{stderr}");
    assert!(
        stderr.contains("10 looks like a percentage; write 0.10"),
        "{stderr}"
    );
}

/// The problems come in file order (line, then column), whatever order they were found in.
#[test]
fn problems_follow_the_file() {
    for case in [
        "many_problems",
        "load_problems_everywhere",
        "csv_cell_problems",
    ] {
        let stderr = check_case(case);
        let positions: Vec<(String, usize, usize)> = problems(&stderr)
            .iter()
            .map(|l| {
                let rest = l.trim_start_matches("error: ");
                let mut parts = rest.split(':');
                let file = parts.next().unwrap_or("").to_string();
                let line = parts
                    .next()
                    .and_then(|x| x.trim().parse().ok())
                    .unwrap_or(0);
                let col = parts
                    .next()
                    .and_then(|x| x.trim().parse().ok())
                    .unwrap_or(0);
                (file, line, col)
            })
            .collect();
        for w in positions.windows(2) {
            if w[0].0 == w[1].0 {
                assert!(
                    (w[0].1, w[0].2) <= (w[1].1, w[1].2),
                    "{case}: {:?} listed before {:?}\n{stderr}",
                    w[0],
                    w[1]
                );
            }
        }
        // The scenario file first, then the CSV files it names.
        if let Some(first_csv) = positions.iter().position(|p| p.0.ends_with(".csv")) {
            assert!(
                positions[first_csv..].iter().all(|p| p.0.ends_with(".csv")),
                "{case}: scenario.toml problems after CSV ones\n{stderr}"
            );
        }
    }
}

/// A record that cannot be read is left out, but validation still runs on the rest and the
/// references to the left-out record are not called unknown.
#[test]
fn loading_problems_do_not_stop_validation() {
    let stderr = check_case("load_and_validation_problems_mixed");
    let file = "tests/data/bad/load_and_validation_problems_mixed/scenario.toml";
    assert_eq!(problems(&stderr).len(), 3, "{stderr}");
    for needle in [
        format!("{file}:21:1: projects[0].nede_mu: unknown field; did you mean `need_mu`?"),
        format!("{file}:25:10: projects[1].county: unknown county \"jindong\""),
        format!("{file}:27:8: projects[1].tier: unknown tier \"town\""),
    ] {
        assert!(stderr.contains(&needle), "missing {needle:?} in\n{stderr}");
    }
    // Not "need_mu is missing" for the misspelt field.
    assert!(!stderr.contains("projects[0].need_mu"), "{stderr}");

    let stderr = check_case("load_problems_everywhere");
    let file = "tests/data/bad/load_problems_everywhere/scenario.toml";
    let found = problems(&stderr);
    assert!(
        found.len() >= 20,
        "only {} problems:\n{stderr}",
        found.len()
    );
    for needle in [
        // Several problems of one record, each at its own field.
        format!("{file}:2:8: scenario.name: expected text in quotes, found the number 5"),
        format!("{file}:3:8: scenario.year: expected a whole number, found the text \"2025\""),
        format!("{file}:4:1: scenario.nmae: unknown field; did you mean `name`?"),
        // The rest of a section with a bad field is still validated.
        format!("{file}:7:8: objective.mode: unknown objective mode \"lexico\""),
        format!(
            "{file}:10:12: objective.tier_weights.national: expected a number, found the text \"5\""
        ),
        format!("{file}:22:14: pools[0].categories: expected a list, found the text \"urban\""),
        format!(
            "{file}:27:24: pools[1].categories[1]: expected text in quotes, found the number 5"
        ),
        format!("{file}:51:1: projects[1].category: required field is missing (project \"b\")"),
        format!("{file}:51:1: projects[1].tier: required field is missing (project \"b\")"),
        format!("{file}:54:11: projects[1].need_mu: expected a number, found the text \"ten\""),
        format!(
            "{file}:66:9: rules.stock_linkage.alpha: expected a number, found the text \"0.5\""
        ),
        format!(
            "{file}:76:13: rules.earmarks[0].min_share: expected a number, found the text \"0.6\""
        ),
        format!("{file}:79:12: rules.earmarks[1].category: unknown category \"smee\""),
        format!("{file}:81:9: rules.earmarks[1].basis: unknown basis \"grant\""),
    ] {
        assert!(stderr.contains(&needle), "missing {needle:?} in\n{stderr}");
    }
    assert!(
        stderr.contains("hint: remove the quotes: national = 5"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: write a list in brackets: categories = [\"urban\"]"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean \"provincial\"?"), "{stderr}");
    assert!(stderr.contains("did you mean \"list-order\"?"), "{stderr}");
    assert!(stderr.contains("did you mean \"granted\"?"), "{stderr}");
    // Category "urban" failed to load (rural = "maybe"): references to it are not unknown.
    assert!(!stderr.contains("unknown category \"urban\""), "{stderr}");
    // The unreadable alpha is not also reported missing.
    assert!(
        !stderr.contains("rules.stock_linkage.alpha: required"),
        "{stderr}"
    );

    let stderr = check_case("csv_failed_row_still_known");
    assert_eq!(problems(&stderr).len(), 2, "{stderr}");
    assert!(
        stderr.contains(
            "counties.csv:2: (row 1): farmland_held_mu: expected a number, found \"1,1100\""
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("projects.csv:4: (row 3): county: unknown county \"pujiang\""),
        "{stderr}"
    );
    assert!(!stderr.contains("unknown county \"wucheng\""), "{stderr}");
}

#[test]
fn misspelt_project_field_suggests_the_right_one() {
    let stderr = check_case("unknown_field_project");
    assert!(
        stderr.contains("tests/data/bad/unknown_field_project/scenario.toml:21:1: projects[0].nede_mu: unknown field; did you mean `need_mu`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: accepted fields: id, name, county, "),
        "{stderr}"
    );
    let stderr = check_case("missing_required_field");
    assert!(
        stderr.contains(
            ":16:1: projects[0].category: required field is missing (project \"wc-urban\")"
        ),
        "{stderr}"
    );
    let stderr = check_case("wrong_type_quoted_number");
    assert!(
        stderr.contains(":21:11: projects[0].need_mu: expected a number, found the text \"100\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: remove the quotes: need_mu = 100"),
        "{stderr}"
    );
}

#[test]
fn csv_number_error_names_row_and_column() {
    let stderr = check_case("csv_bad_number");
    let file = "tests/data/bad/csv_bad_number/projects.csv";
    // Row 3 ("1,234", quoted) is read as 1234 since #14: thousands separators in quoted
    // numbers are unambiguous. Row 4 ("12 mu") on line 5 is still refused, with the cell.
    assert!(!stderr.contains(&format!("{file}:4:")), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{file}:5: (row 4): need_mu: expected a number, found \"12 mu\""
        )),
        "{stderr}"
    );
    assert!(stderr.contains("no units or text (12)"), "{stderr}");
    assert_eq!(problems(&stderr).len(), 1, "{stderr}");
}

#[test]
fn csv_header_problems_name_the_column() {
    let stderr = check_case("csv_unknown_column");
    assert!(
        stderr.contains("projects.csv:1: (header): farmland_muu: unknown column"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `farmland_mu`?"), "{stderr}");
    // Every missing required column, once each, at the header.
    let stderr = check_case("csv_missing_column");
    assert_eq!(problems(&stderr).len(), 2, "{stderr}");
    for column in ["category", "tier"] {
        assert!(
            stderr.contains(&format!(
                "projects.csv:1: (header): {column}: required column is missing"
            )),
            "{stderr}"
        );
    }
    assert!(!stderr.contains("(row 0)"), "{stderr}");
}

#[test]
fn csv_cells_are_named_and_quoted() {
    let stderr = check_case("csv_bad_boolean");
    assert!(
        stderr.contains("counties.csv:3: (row 2): frozen: expected true or false, found \"maybe\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: write true/false (also accepted: yes/no, 1/0, 是/否)"),
        "{stderr}"
    );
    let stderr = check_case("csv_cell_problems");
    let file = "tests/data/bad/csv_cell_problems";
    for needle in [
        // Two bad cells of one row, each with its column and its text as written.
        format!("{file}/counties.csv:2: (row 1): frozen: expected true or false, found \"Maybe\""),
        format!("{file}/counties.csv:2: (row 1): cap_mu: expected a number, found \"abc\""),
        format!("{file}/counties.csv:4: (row 3): id: the id is empty"),
        format!(
            "{file}/counties.csv:5: (row 4): id: duplicate county id \"jindong\"; the first one is at row 2"
        ),
        format!(
            "{file}/projects.csv:1: (header): nede_mu: unknown column; did you mean `need_mu`?"
        ),
        format!("{file}/projects.csv:3: (row 2): tier: unknown tier \"bloc\""),
        format!("{file}/projects.csv:5: (row 4): row has 7 cells but the header has 8 columns"),
    ] {
        assert!(stderr.contains(&needle), "missing {needle:?} in\n{stderr}");
    }
    // The unnamed, empty last column of counties.csv (trailing commas) is harmless; the
    // misspelt need_mu column is not also reported as an empty need in every row.
    assert!(!stderr.contains("column 6"), "{stderr}");
    assert!(
        !stderr.contains("need_mu is empty") && !stderr.contains("need_ha is empty"),
        "{stderr}"
    );
    // Rows that failed to load are not reported again by validation.
    assert!(!stderr.contains("unknown county \"pujiang\""), "{stderr}");
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
        stderr.contains(&format!("{file}:5: (row 4): need_mu: need_mu is empty")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{file}:4: (row 3): id: duplicate project id \"wc-b\"; the first one is at row 2"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("known counties: wucheng"), "{stderr}");
    let stderr = check_case("csv_wrong_cell_count");
    assert!(
        stderr.contains("projects.csv:4: (row 3): row has 9 cells but the header has 8 columns"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("CSV error") && !stderr.contains("byte"),
        "{stderr}"
    );
}

#[test]
fn missing_csv_file_points_at_the_line_that_names_it() {
    let stderr = check_case("csv_missing_file");
    assert!(
        stderr.contains("tests/data/bad/csv_missing_file/scenario.toml:1:12: projects: file not found: tests/data/bad/csv_missing_file/projects.csv"),
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
    assert!(
        stderr.contains("relative to the folder of the scenario file"),
        "{stderr}"
    );
    // The missing file is the one problem: not also "no projects".
    assert_eq!(problems(&stderr).len(), 1, "{stderr}");
}

#[test]
fn missing_command_line_path_is_not_blamed_on_the_scenario() {
    let path = "tests/data/bad/no_such_case/scenario.toml";
    let out = cli(&["check", path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("error: {path}: file not found")),
        "{stderr}"
    );
    assert!(!stderr.contains("inside a scenario"), "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
}

#[test]
fn whole_file_problems_are_named() {
    let s = check_case("empty_file");
    assert!(
        s.starts_with("error: tests/data/bad/empty_file/scenario.toml:1:1: the scenario is empty"),
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
    assert!(
        s.contains(
            "toml_syntax_error/scenario.toml:21:11: projects[0].need_mu: `50 mu` is not a number"
        ),
        "{s}"
    );
    assert!(
        s.contains(
            "hint: numbers are written without units, quotes or thousands separators: need_mu = 50"
        ),
        "{s}"
    );
    let s = check_case("toml_syntax_unquoted");
    assert!(
        s.contains(":20:8: projects[0].tier: text must be in quotes"),
        "{s}"
    );
    assert!(s.contains("hint: write tier = \"block\""), "{s}");
    assert!(
        s.contains(":28:12: projects[1].need_mu: `1,234` is not a number"),
        "{s}"
    );
    assert!(
        s.contains(":29:13: projects[1].min_share: `50%` is not a number"),
        "{s}"
    );
    assert!(
        s.contains("hint: shares are written as fractions: min_share = 0.5"),
        "{s}"
    );
}

#[test]
fn references_and_ranges_are_explained() {
    let s = check_case("unknown_category");
    assert!(
        s.contains(":19:12: projects[0].category: unknown category \"urbam\""),
        "{s}"
    );
    assert!(s.contains("did you mean \"urban\"?"), "{s}");
    let s = check_case("unknown_county");
    assert!(s.contains("known counties: wucheng"), "{s}");
    let s = check_case("pool_unknown_category");
    assert!(
        s.contains(":11:24: pools[0].categories[1]: unknown category \"industry\""),
        "{s}"
    );
    assert!(s.contains("known categories: urban"), "{s}");
    let s = check_case("unknown_section");
    assert!(
        s.contains(":23:2: objectve: unknown section; did you mean `objective`?"),
        "{s}"
    );
    let s = check_case("unknown_tier");
    assert!(
        s.contains("projects[0].tier: unknown tier \"provence\""),
        "{s}"
    );
    assert!(s.contains("did you mean \"provincial\"?"), "{s}");
    let s = check_case("unknown_township");
    assert!(s.contains("did you mean \"luodian\"?"), "{s}");
    let s = check_case("non_finite_area");
    assert!(
        s.contains("pools[0].capacity_mu: expected an area in mu, found inf"),
        "{s}"
    );
    assert!(
        s.contains("hint: nan/inf are not areas; write the area in mu"),
        "{s}"
    );
    assert!(!s.contains("write 0 for none"), "{s}");
    let s = check_case("negative_area");
    assert!(
        s.contains("projects[0].need_mu: expected a positive area in mu, found -50"),
        "{s}"
    );
    assert!(!s.contains("write 0 for none"), "{s}");
    let s = check_case("occupied_above_need");
    assert!(
        s.contains("farmland (40 mu) plus forest (20 mu) occupied exceed the need (50 mu)"),
        "{s}"
    );
    let s = check_case("outside_boundary_percent");
    assert!(
        s.contains(
            "rules.outside_boundary.max_share_total: expected a share between 0 and 1, found 10"
        ),
        "{s}"
    );
    assert!(s.contains("10 looks like a percentage; write 0.10"), "{s}");
    let s = check_case("earmarks_over_one");
    assert!(
        s.contains("rules.earmarks: earmarks on the plan basis sum to 1.1, over 1"),
        "{s}"
    );
    assert!(s.contains("urban 0.6 + farmer_housing 0.5"), "{s}");
    let s = check_case("stock_linkage_unknown_pool");
    assert!(
        s.contains("rules.stock_linkage.pools[0]: unknown pool \"urban_batch\""),
        "{s}"
    );
    let s = check_case("floor_above_cap");
    assert!(
        s.contains("counties[0].floor_mu: floor (300 mu) is above cap (200 mu)"),
        "{s}"
    );
    for (case, record, first) in [
        ("duplicate_pool_id", "pools[1]", 8),
        ("duplicate_county_id", "counties[1]", 13),
        ("duplicate_project_id", "projects[1]", 16),
    ] {
        let s = check_case(case);
        assert!(
            s.contains(&format!("{record}.id: duplicate")),
            "{case}: {s}"
        );
        assert!(
            s.contains(&format!("the first one is at line {first}")),
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

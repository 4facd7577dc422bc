//! Names made to harm whoever opens an output (issue 27, "dangerous to open"): a formula for
//! Excel or WPS, escape sequences for a terminal (clear the screen, retitle the window), a
//! right-to-left override for a browser. The shipped tutorial with such names: every CSV cell
//! that a spreadsheet would run is text, numbers stay numbers; nothing printed carries a control
//! character; in the pages every override is closed inside an isolate; the workbook holds no
//! formula; an id with a hidden character is refused, and the error says which and where.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

pub const FORMULA: &str = "=HYPERLINK(\"http://evil.example/?x\",\"click\")";
pub const CALC: &str = "=cmd|' /C calc'!A0";
/// Clears the screen, then retitles the window (OSC 0, ended by BEL).
pub const ESCAPES: &str = "\u{1b}[2J\u{1b}]0;owned\u{7}金东区";
/// A right-to-left override: "1500" would read "0051" after it.
pub const RLO: &str = "浦江\u{202e}县 1500";
/// A formula and an override: the sme pool, which the Chinese reasons name.
pub const SME: &str = "+1+1\u{202e} 300";

fn toml_str(s: &str) -> String {
    // TOML basic strings: escapes for quotes, backslashes and control characters.
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The tutorial with hostile names: counties, projects, a pool and the scenario itself.
pub fn hostile_tutorial(dir: &Path) -> PathBuf {
    let mut s = std::fs::read_to_string(repo().join("scenarios/tutorial/scenario.toml")).unwrap();
    for (old, new) in [
        ("\"tutorial\"", "=1+2 \u{1b}]0;batch\u{7}"),
        ("\"婺城区\"", FORMULA),
        ("\"金东区\"", ESCAPES),
        ("\"浦江县\"", RLO),
        ("\"杭温高铁金华段\"", CALC),
        ("\"金东环线\"", "@SUM(1+1)\u{9b}31m"),
        ("\"中小民营企业发展专项\"", SME),
        ("\"城市分批次\"", "城市\u{202e}分批次 900"),
        ("\"金东小微园\"", "-2+3"),
    ] {
        let at = s
            .find(&format!("name = {old}"))
            .unwrap_or_else(|| panic!("{old}"));
        s.replace_range(at..at + 7 + old.len(), &format!("name = {}", toml_str(new)));
    }
    let d = dir.join("hostile");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("scenario.toml"), s).unwrap();
    d
}

/// What a spreadsheet would run: a cell starting with = + - @, a tab or a carriage return
/// that is not a plain number.
pub fn runs_in_a_spreadsheet(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !cell
            .parse::<f64>()
            .is_ok_and(|v| v.is_finite() && !cell.contains(['i', 'I', 'n', 'N']))
}

/// Every cell of a CSV file (after its byte-order mark).
pub fn csv_cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn assert_csv_safe(name: &str, bytes: &[u8]) {
    for (i, row) in csv_cells(bytes).iter().enumerate() {
        for cell in row {
            assert!(
                !runs_in_a_spreadsheet(cell),
                "{name} row {}: {cell:?} would run as a formula",
                i + 1
            );
        }
    }
}

/// A character a terminal would act on (or a bidi control), anywhere in the bytes.
pub fn terminal_control(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

fn assert_terminal_safe(what: &str, o: &Output) {
    for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        if let Some(c) = terminal_control(&text) {
            panic!("{what}: {stream} carries {c:?}:\n{text}");
        }
    }
}

/// Walks text as the Unicode bidirectional algorithm opens and closes embeddings, overrides
/// and isolates: no override or embedding may be open outside an isolate (where it would
/// reorder the figures after a name).
pub fn overrides_stay_isolated(text: &str) -> Result<(), String> {
    let mut stack: Vec<bool> = Vec::new(); // true: isolate
    for (i, c) in text.char_indices() {
        match c {
            '\u{202a}' | '\u{202b}' | '\u{202d}' | '\u{202e}' => {
                if !stack.contains(&true) {
                    return Err(format!(
                        "an override outside any isolate at byte {i}: {:?}",
                        &text[i.saturating_sub(80)..(i + 80).min(text.len())]
                    ));
                }
                stack.push(false);
            }
            '\u{202c}' if stack.last() == Some(&false) => {
                stack.pop();
            }
            '\u{2066}'..='\u{2068}' => stack.push(true),
            '\u{2069}' => {
                if let Some(k) = stack.iter().rposition(|x| *x) {
                    stack.truncate(k);
                }
            }
            _ => {}
        }
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("{} bidi controls left open", stack.len()))
    }
}

/// The names holding an override, each as the page must show it: closed right after the name
/// (PDF), the whole isolated (FSI … PDI), whatever words or figures follow in the same text.
const OVERRIDDEN: [&str; 3] = [RLO, "城市\u{202e}分批次 900", SME];

fn assert_names_isolated(page: &str, what: &str) {
    overrides_stay_isolated(page).unwrap_or_else(|e| panic!("{what}: {e}"));
    let isolated: usize = OVERRIDDEN
        .iter()
        .map(|n| {
            page.matches(&format!("\u{2068}{n}\u{202c}\u{2069}"))
                .count()
        })
        .sum();
    assert!(isolated > 0, "{what}: the names are shown");
    assert_eq!(
        page.matches('\u{202e}').count(),
        isolated,
        "{what}: an override not closed at the end of its name"
    );
}

#[test]
fn csv_files_neutralise_formulas_and_keep_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let sc = hostile_tutorial(dir.path());
    let out = dir.path().join("out");
    let o = cli(&[
        "solve",
        sc.to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for f in ["projects.csv", "counties.csv", "pools.csv"] {
        assert_csv_safe(f, &std::fs::read(out.join(f)).unwrap());
    }
    let counties = csv_cells(&std::fs::read(out.join("counties.csv")).unwrap());
    let wucheng = counties.iter().find(|r| r[0] == "wucheng").unwrap();
    assert_eq!(wucheng[1], format!("'{FORMULA}"));
    // Numbers are numbers: every figure column reads back as one.
    let granted = counties[0].iter().position(|h| h == "granted_mu").unwrap();
    assert_eq!(wucheng[granted].parse::<f64>().unwrap(), 1500.0);
    let projects = csv_cells(&std::fs::read(out.join("projects.csv")).unwrap());
    let rail = projects.iter().find(|r| r[0] == "hz-rail").unwrap();
    assert_eq!(rail[1], format!("'{CALC}"));
    let sme = projects.iter().find(|r| r[0] == "jd-sme").unwrap();
    assert_eq!(sme[1], "'-2+3");
    let pools = csv_cells(&std::fs::read(out.join("pools.csv")).unwrap());
    assert!(pools.iter().any(|r| r[1] == format!("'{SME}")), "{pools:?}");
    // In Chinese the reasons name the pools: an override in a name ends with the name, not
    // with the cell (the name alone, in its own cell, is kept as it is).
    let zh = dir.path().join("zh");
    let o = cli(&[
        "--lang",
        "zh",
        "solve",
        sc.to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        zh.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let projects = csv_cells(&std::fs::read(zh.join("projects.csv")).unwrap());
    let reason = projects[0].iter().position(|h| h == "reason").unwrap();
    let with_override: Vec<&String> = projects
        .iter()
        .map(|r| &r[reason])
        .filter(|c| c.contains('\u{202e}'))
        .collect();
    assert!(!with_override.is_empty());
    for cell in with_override {
        overrides_stay_isolated(cell).unwrap_or_else(|e| panic!("{cell:?}: {e}"));
        assert!(
            cell.contains(&format!("\u{2068}{SME}\u{202c}\u{2069}")),
            "{cell:?}"
        );
    }
}

#[test]
fn sweep_and_batch_csv_neutralise_formulas_and_keep_negative_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let sc = hostile_tutorial(dir.path());
    let sweep = dir.path().join("sweep.toml");
    // A negative value in a varied column must stay a number (the variant is invalid: a
    // negative bonus is out of range, and says so in its message).
    std::fs::write(
        &sweep,
        format!(
            "base = {:?}\nname = \"hostile\"\n[[variants]]\nname = \"retitle\"\nset = {{ \"counties.wucheng.floor\" = \"\\u001B]0;owned\\u0007\" }}\n[[grid]]\npath = \"objective.consolidated_bonus\"\nvalues = [-0.05, 0.1]\n",
            sc.to_string_lossy()
        ),
    )
    .unwrap();
    let out = dir.path().join("sweep-out");
    let o = cli(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        matches!(o.status.code(), Some(0 | 8)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_terminal_safe("sweep", &o);
    for f in ["summary.csv", "counties.csv", "timings.csv"] {
        assert_csv_safe(f, &std::fs::read(out.join(f)).unwrap());
    }
    // The page names the pools (one holds an override) beside their marginal values.
    let page = std::fs::read_to_string(out.join("sweep.html")).unwrap();
    assert!(page.contains('\u{202e}'));
    assert_names_isolated(&page, "sweep.html");
    let summary = csv_cells(&std::fs::read(out.join("summary.csv")).unwrap());
    let col = summary[0]
        .iter()
        .position(|h| h == "objective.consolidated_bonus")
        .unwrap();
    assert_eq!(summary[2][col], "-0.05", "a negative number stays a number");
    // A merge lists the failed variants with their messages, which quote the value.
    let sharded = dir.path().join("sharded");
    let sh = sharded.to_str().unwrap();
    let f = sweep.to_str().unwrap();
    cli(&["sweep", f, "--out", sh, "--shard", "1/1"]);
    let o = cli(&["sweep", f, "--out", sh, "--merge"]);
    assert_eq!(
        o.status.code(),
        Some(8),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_terminal_safe("sweep --merge", &o);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("retitle (invalid)"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let counties = csv_cells(&std::fs::read(out.join("counties.csv")).unwrap());
    assert!(
        counties.iter().any(|r| r[2] == format!("'{FORMULA}")),
        "{counties:?}"
    );
    // Batch: the scenario's name is a formula too, on stdout and in batch.csv.
    let bout = dir.path().join("batch-out");
    let o = cli(&[
        "batch",
        sc.to_str().unwrap(),
        "--csv",
        "--out",
        bout.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_terminal_safe("batch --csv", &o);
    let cells = csv_cells(&std::fs::read(bout.join("batch.csv")).unwrap());
    assert_csv_safe("batch.csv", &std::fs::read(bout.join("batch.csv")).unwrap());
    assert!(cells[1][1].starts_with("'=1+2"), "{:?}", cells[1]);
}

#[test]
fn nothing_printed_carries_a_control_character() {
    let dir = tempfile::tempdir().unwrap();
    let sc = hostile_tutorial(dir.path());
    let s = sc.to_str().unwrap();
    let out = dir.path().join("out");
    let o = cli(&["solve", s, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_terminal_safe("solve", &o);
    let table = String::from_utf8_lossy(&o.stdout);
    // Shown, not obeyed: the sequence is there for the reader to see.
    assert!(
        table.contains("\\u{1b}[2J\\u{1b}]0;owned\\u{7}金东区"),
        "{table}"
    );
    assert!(table.contains("浦江\\u{202e}县 1500"), "{table}");
    let plan = std::fs::read_to_string(out.join("plan.txt")).unwrap();
    assert_eq!(terminal_control(&plan), None, "plan.txt:\n{plan}");
    assert_eq!(plan, table);
    for args in [
        &["explain", s, "--county", "jindong"][..],
        &["explain", s, "--project", "jd-ring"],
        &["solve", s, "--format", "json"],
        &["diff", s, "--set", "pools.sme.capacity=250"],
        &["diff", s, "--set", "pools.sme.capacity=250", "--json"],
        &["batch", s],
        &["--lang", "zh", "solve", s],
    ] {
        let o = cli(args);
        assert!(o.status.code().is_some_and(|c| c < 9), "{args:?}");
        assert_terminal_safe(&format!("{args:?}"), &o);
    }
    // JSON keeps the very names: a control is escaped, not changed.
    let o = cli(&["solve", s, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = json["counties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, [FORMULA, ESCAPES, RLO]);
    // check: a reference quoting escape sequences is an error printed inertly.
    let toml = std::fs::read_to_string(sc.join("scenario.toml"))
        .unwrap()
        .replacen("county = \"wucheng\"", "county = \"\\u001B]0;x\\u0007\"", 1);
    std::fs::write(sc.join("scenario.toml"), toml).unwrap();
    let o = cli(&["check", s]);
    assert_eq!(o.status.code(), Some(1));
    assert_terminal_safe("check", &o);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("\\u{1b}]0;x\\u{7}"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn pages_isolate_overrides_and_the_workbook_has_no_formula() {
    let dir = tempfile::tempdir().unwrap();
    let sc = hostile_tutorial(dir.path());
    let s = sc.to_str().unwrap();
    let out = dir.path().join("out");
    // In Chinese the reasons and the worked example name pools and counties in sentences.
    for lang in ["en", "zh"] {
        let o = cli(&[
            "--lang",
            lang,
            "solve",
            s,
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0));
        let html = std::fs::read_to_string(out.join("plan.html")).unwrap();
        assert!(
            html.contains('\u{202e}'),
            "the name is kept, letters and all"
        );
        assert_names_isolated(&html, &format!("plan.html ({lang})"));
    }
    let o = cli(&[
        "diff",
        s,
        "--set",
        "pools.urban_batch.capacity=900",
        "--all",
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.code().is_some_and(|c| c < 9));
    let html = std::fs::read_to_string(out.join("diff.html")).unwrap();
    assert_names_isolated(&html, "diff.html");
    let o = cli(&[
        "solve",
        s,
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(out.join("plan.xlsx")).unwrap();
    let mut names_found = 0;
    for sheet in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} holds a formula"
        );
        let cells = wb.worksheet_range(&sheet).unwrap();
        names_found += cells
            .used_cells()
            .filter(|(_, _, c)| matches!(c, Data::String(t) if t == FORMULA || t == CALC))
            .count();
    }
    assert!(names_found >= 2, "the names are text cells, as they are");
}

#[test]
fn an_id_with_a_hidden_character_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("s");
    std::fs::create_dir_all(&d).unwrap();
    let toml = std::fs::read_to_string(repo().join("scenarios/tutorial/scenario.toml"))
        .unwrap()
        .replacen("id = \"pj-road\"", "id = \"pj\\u202Edaor\"", 1)
        .replacen("id = \"jd-sme\"", "id = \"jd-sme\\u200B\"", 1);
    std::fs::write(d.join("scenario.toml"), &toml).unwrap();
    let line = |id: &str| toml.lines().position(|l| l.contains(id)).unwrap() + 1;
    for lang in ["en", "zh"] {
        let o = cli(&["--lang", lang, "check", d.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert_terminal_safe("check", &o);
        for (id, code) in [("pj\\u202Edaor", "U+202E"), ("jd-sme\\u200B", "U+200B")] {
            let at = format!("scenario.toml:{}:", line(id));
            let hit = err
                .lines()
                .find(|l| l.contains(&at))
                .unwrap_or_else(|| panic!("no error at {at}:\n{err}"));
            assert!(hit.contains(code) && hit.contains("id"), "{hit}");
        }
    }
}

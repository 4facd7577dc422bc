//! Officers' own files (#14): the Jiaxing project list as a workbook with Chinese headers, a
//! title row, 备注 and a 合计 row, and as GBK / BOM / CRLF CSV, all made here; the same plan
//! from every one of them; the plan as a workbook read back; outputs that never replace an
//! input; errors that point at the sheet, row and column; Chinese and English goldens.

use crate::common::*;
use calamine::{Data, Reader};
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The shipped Jiaxing project list: header and rows as text.
fn jiaxing_projects() -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(repo().join("scenarios/jiaxing-2019/projects.csv")).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// The Chinese header an officer writes for each field, and the Chinese tier.
fn officer_header(field: &str) -> &'static str {
    match field {
        "id" => "项目编号",
        "name" => "项目名称",
        "county" => "所属县（市、区）",
        "township" => "乡镇（街道）",
        "category" => "项目类别",
        "tier" => "项目层级",
        "need_mu" => "用地需求（亩）",
        "farmland_mu" => "占用耕地（亩）",
        "forest_mu" => "占用林地（亩）",
        "outside_boundary" => "是否位于城镇开发边界外",
        "min_share" => "最低保障比例",
        other => panic!("no officer header for {other}"),
    }
}

fn officer_value(field: &str, v: &str) -> String {
    match (field, v) {
        ("tier", "provincial") => "省级".into(),
        ("tier", "city") => "市级".into(),
        ("tier", "block") => "打捆".into(),
        ("outside_boundary", "true") => "是".into(),
        ("outside_boundary", "false") => "否".into(),
        _ => v.to_string(),
    }
}

/// A copy of jiaxing-2019 in a temporary folder whose projects come from `projects` (the value
/// of `projects = ...` in scenario.toml); `files` are written beside it.
fn scenario_with(projects: &str, files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = repo().join("scenarios/jiaxing-2019");
    let toml = std::fs::read_to_string(src.join("scenario.toml")).unwrap();
    let toml = toml.replace(
        "projects = \"projects.csv\"",
        &format!("projects = {projects}"),
    );
    std::fs::write(dir.path().join("scenario.toml"), toml).unwrap();
    std::fs::copy(src.join("counties.csv"), dir.path().join("counties.csv")).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

/// The officer's table: a title row, Chinese headers and values, 备注, a blank row, 合计.
fn officer_rows(header_of: impl Fn(&str) -> String) -> Vec<Vec<String>> {
    let (header, rows) = jiaxing_projects();
    let mut out = vec![vec![
        "2019年嘉兴市新增建设用地计划指标项目需求表".to_string(),
    ]];
    let mut h: Vec<String> = header.iter().map(|f| header_of(f)).collect();
    h.push("备注".into());
    out.push(h);
    let mut total = 0.0;
    for row in &rows {
        let mut cells: Vec<String> = header
            .iter()
            .zip(row)
            .map(|(f, v)| officer_value(f, v))
            .collect();
        total += row[header.iter().position(|f| f == "need_mu").unwrap()]
            .parse::<f64>()
            .unwrap();
        cells.push(if cells[0].ends_with("01") {
            "重点项目".into()
        } else {
            String::new()
        });
        out.push(cells);
    }
    out.push(vec![String::new(); header.len() + 1]);
    let mut t = vec![String::new(); header.len() + 1];
    t[0] = "合计".into();
    t[header.iter().position(|f| f == "need_mu").unwrap()] = format!("{total}");
    out.push(t);
    out
}

/// A workbook with one sheet; cells that read as numbers are written as numbers, except the
/// columns in `as_text` (numbers typed as text, with thousands separators where they apply).
fn workbook(sheet: &str, rows: &[Vec<String>], as_text: &[usize]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(x) if !as_text.contains(&c) || r < 2 => {
                    ws.write_number(r as u32, c as u16, x).unwrap();
                }
                Ok(x) if x >= 1000.0 && x.fract() == 0.0 => {
                    let s = format!("{x:.0}");
                    let (a, b) = s.split_at(s.len() - 3);
                    ws.write_string(r as u32, c as u16, format!("{a},{b}"))
                        .unwrap();
                }
                _ => {
                    ws.write_string(r as u32, c as u16, v).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn csv_text(rows: &[Vec<String>], eol: &str) -> String {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(if eol == "\r\n" {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn solve_json(dir: &Path) -> String {
    let out = cli(&["solve", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn check_out(dir: &Path) -> String {
    let out = cli(&["check", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The plan of an officer's table (solve's JSON) with its 备注 taken out, after checking that
/// they were carried as `notes`: 重点项目 on the lines whose id ends in 01, nothing on the others.
fn plan_without_notes(dir: &Path) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&solve_json(dir)).unwrap();
    for p in v["projects"].as_array_mut().unwrap() {
        let id = p["id"].as_str().unwrap().to_string();
        let note = p.as_object_mut().unwrap().remove("notes");
        assert_eq!(
            note.as_ref().and_then(|n| n.as_str()),
            id.ends_with("01").then_some("重点项目"),
            "{id}"
        );
    }
    v
}

#[test]
fn every_officer_format_gives_the_shipped_plan() {
    let expected: serde_json::Value =
        serde_json::from_str(&solve_json(&repo().join("scenarios/jiaxing-2019"))).unwrap();
    let rows = officer_rows(|f| officer_header(f).to_string());

    // GBK CSV with CRLF, as Chinese Excel and WPS save "CSV".
    let text = csv_text(&rows, "\r\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let d = scenario_with(
        "\"projects-gbk.csv\"",
        &[("projects-gbk.csv", gbk.into_owned())],
    );
    assert_eq!(plan_without_notes(d.path()), expected, "GBK CSV");
    let notes = check_out(d.path());
    for needle in [
        "projects-gbk.csv: read as GB18030",
        "title row skipped: 2019年嘉兴市新增建设用地计划指标项目需求表",
        "L (备注) → notes",
        "total row (合计) skipped",
        "equals the sum of the rows",
    ] {
        assert!(notes.contains(needle), "missing {needle:?} in\n{notes}");
    }

    // UTF-8 with a byte-order mark ("CSV UTF-8"), CRLF.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(csv_text(&rows, "\r\n").into_bytes());
    let d = scenario_with("\"projects-bom.csv\"", &[("projects-bom.csv", bom)]);
    assert_eq!(plan_without_notes(d.path()), expected, "UTF-8 BOM CSV");
    assert!(check_out(d.path()).contains("read as UTF-8 with BOM"));

    // A workbook, first sheet, Chinese headers read through the alias table; the need column
    // typed as text ("1,017").
    let need_col = jiaxing_projects()
        .0
        .iter()
        .position(|f| f == "need_mu")
        .unwrap();
    let xlsx = workbook("Sheet1", &rows, &[need_col]);
    let d = scenario_with("\"projects.xlsx\"", &[("projects.xlsx", xlsx)]);
    assert_eq!(plan_without_notes(d.path()), expected, "XLSX by aliases");

    // A workbook whose headers the alias table does not know, on a named sheet that is not
    // the first: the long form with a column mapping.
    let own = |f: &str| match f {
        "id" => "序列代码".to_string(),
        "need_mu" => "本年度申请新增建设用地（亩）".to_string(),
        other => officer_header(other).to_string(),
    };
    let rows = officer_rows(own);
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "填表说明")
        .unwrap();
    let bytes = workbook("项目清单", &rows, &[]);
    // Two sheets: the list second, so that `sheet` has to pick it.
    let list_path = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(list_path.path(), &bytes).unwrap();
    let mut book = calamine::open_workbook_auto(list_path.path()).unwrap();
    let range = book.worksheet_range("项目清单").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("项目清单").unwrap();
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Data::Float(x) => ws.write_number(r as u32, c as u16, *x).map(|_| ()),
                Data::String(s) => ws.write_string(r as u32, c as u16, s).map(|_| ()),
                _ => Ok(()),
            }
            .unwrap();
        }
    }
    let d = scenario_with(
        "{ file = \"需求表.xlsx\", sheet = \"项目清单\", columns = { id = \"序列代码\", need_mu = \"本年度申请新增建设用地（亩）\" } }",
        &[("需求表.xlsx", wb.save_to_buffer().unwrap())],
    );
    assert_eq!(
        plan_without_notes(d.path()),
        expected,
        "XLSX with a mapping"
    );
}

#[test]
fn shipped_officer_example_reads_like_the_csv() {
    // scenarios/jiaxing-2019-officer points at an XLSX with Chinese headers.
    let a = solve_json(&repo().join("scenarios/jiaxing-2019"));
    let b = solve_json(&repo().join("scenarios/jiaxing-2019-officer"));
    let strip = |s: &str| {
        let mut v: Value = serde_json::from_str(s).unwrap();
        v["scenario"] = Value::Null;
        v
    };
    assert_eq!(strip(&a), strip(&b));
}

#[test]
fn workbook_errors_name_sheet_row_column_and_header() {
    let mut rows = officer_rows(|f| officer_header(f).to_string());
    // Row index 16 is spreadsheet row 17; column G holds the need.
    rows[16][6] = "约150".into();
    rows[20][5] = "部级".into();
    let d = scenario_with(
        "{ file = \"p.xlsx\", sheet = \"项目清单\" }",
        &[("p.xlsx", workbook("项目清单", &rows, &[]))],
    );
    let out = cli(&["check", d.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("p.xlsx, sheet 项目清单, row 17, column G (用地需求（亩）): need_mu: expected a number, found \"约150\""),
        "{err}"
    );
    assert!(
        err.contains("row 21, column F (项目层级): tier: unknown tier \"部级\""),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
    let out = cli(&["--lang", "zh", "check", d.path().to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "工作表“项目清单”，第 17 行，G 列（用地需求（亩））：need_mu：应为数字，实际为“约150”"
        ),
        "{err}"
    );
    // A sheet that is not there: the sheets that are.
    let d = scenario_with(
        "{ file = \"p.xlsx\", sheet = \"项目表\" }",
        &[("p.xlsx", workbook("项目清单", &rows, &[]))],
    );
    let err = String::from_utf8(cli(&["check", d.path().to_str().unwrap()]).stderr).unwrap();
    assert!(
        err.contains("no sheet named \"项目表\"") && err.contains("项目清单"),
        "{err}"
    );
}

#[test]
fn the_plan_workbook_holds_every_grant() {
    let dir = tempfile::tempdir().unwrap();
    let json: Value =
        serde_json::from_str(&solve_json(&repo().join("scenarios/jiaxing-2019"))).unwrap();
    for lang in ["en", "zh"] {
        let out_dir = dir.path().join(lang);
        let out = cli(&[
            "--lang",
            lang,
            "solve",
            "scenarios/jiaxing-2019",
            "--format",
            "xlsx",
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut wb = calamine::open_workbook_auto(out_dir.join("plan.xlsx")).unwrap();
        let names = wb.sheet_names();
        let expected: &[&str] = if lang == "zh" {
            &[
                "概要",
                "指标池",
                "县（市、区）",
                "项目",
                "规则校验",
                "边际价值",
                "分解下达表",
            ]
        } else {
            &[
                "Summary",
                "Pools",
                "Counties",
                "Projects",
                "Rule checks",
                "Marginal values",
                "Allocation by county",
            ]
        };
        assert_eq!(names, expected);
        let projects = wb.worksheet_range(expected[3]).unwrap();
        let header: Vec<String> = projects
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let granted_col = header
            .iter()
            .position(|h| {
                h == if lang == "zh" {
                    "安排（亩）"
                } else {
                    "granted mu"
                }
            })
            .unwrap_or_else(|| panic!("{header:?}"));
        let mut seen = 0;
        for p in json["projects"].as_array().unwrap() {
            let row = projects
                .rows()
                .find(|r| r[0] == *p["id"].as_str().unwrap())
                .unwrap_or_else(|| panic!("{} missing", p["id"]));
            let Data::Float(g) = row[granted_col] else {
                panic!("granted is not a number: {:?}", row[granted_col]);
            };
            assert_close(
                g,
                p["granted_mu"].as_f64().unwrap(),
                p["id"].as_str().unwrap(),
            );
            seen += 1;
        }
        // Header, one row per project, the 合计 row.
        assert_eq!(seen, projects.height() - 2);
        let pools = wb.worksheet_range(expected[1]).unwrap();
        assert_eq!(pools.height(), 2 + json["pools"].as_array().unwrap().len());
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn outputs_never_replace_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let sc = dir.path().join("jx");
    copy_dir(&repo().join("scenarios/jiaxing-2019"), &sc);
    let before = snapshot(&sc);
    // The officer's run inside the scenario folder, writing into it.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_landquota"))
        .args(["solve", ".", "--format", "csv", "--out", "."])
        .env("LC_ALL", "C")
        .current_dir(&sc)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to write ./projects.csv: it is the input file ./projects.csv"),
        "{err}"
    );
    assert_eq!(snapshot(&sc), before, "nothing written, nothing changed");
    // The same folder by another path.
    let other = sc.join("..").join("jx");
    let out = cli(&[
        "solve",
        sc.to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        other.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(6));
    assert_eq!(snapshot(&sc), before);
    // Without --out: a folder of their own, the inputs untouched.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_landquota"))
        .args(["solve", ".", "--format", "csv"])
        .env("LC_ALL", "C")
        .current_dir(&sc)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(sc.join("jiaxing-2019-out/projects.csv").is_file());
    let after: Vec<_> = snapshot(&sc)
        .into_iter()
        .filter(|(p, _)| !p.ends_with("jiaxing-2019-out"))
        .collect();
    assert_eq!(after, before);
    // export --mps onto the scenario file.
    let out = cli(&[
        "export",
        sc.to_str().unwrap(),
        "--mps",
        sc.join("scenario.toml").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(6));
    assert_eq!(
        std::fs::read(sc.join("scenario.toml")).unwrap(),
        before
            .iter()
            .find(|(p, _)| p.ends_with("scenario.toml"))
            .unwrap()
            .1
    );
}

#[test]
fn csv_outputs_open_in_excel_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(&[
        "--lang",
        "zh",
        "solve",
        "scenarios/tutorial",
        "--format",
        "csv",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let bytes = std::fs::read(dir.path().join("projects.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid,"));
    let text = String::from_utf8(bytes).unwrap();
    let jd_ring = text.lines().find(|l| l.starts_with("jd-ring,")).unwrap();
    assert!(jd_ring.ends_with("“重大基础设施”指标已用完（900 亩）：若“重大基础设施”指标多 100 亩，本项目可多安排 100 亩"), "{jd_ring}");
}

#[test]
fn chinese_and_english_goldens() {
    for lang in ["en", "zh"] {
        let out = cli(&["--lang", lang, "solve", "scenarios/tutorial"]);
        assert_eq!(out.status.code(), Some(0));
        golden(
            &repo().join(format!("tests/golden/tutorial-table-{lang}.txt")),
            &String::from_utf8(out.stdout).unwrap(),
        );
        let out = cli(&[
            "--lang",
            lang,
            "explain",
            "scenarios/tutorial",
            "--project",
            "jd-ring",
        ]);
        golden(
            &repo().join(format!("tests/golden/explain-jd-ring-{lang}.txt")),
            &String::from_utf8(out.stdout).unwrap(),
        );
        let out = cli(&[
            "--lang",
            lang,
            "explain",
            "scenarios/tutorial",
            "--county",
            "pujiang",
        ]);
        golden(
            &repo().join(format!("tests/golden/explain-pujiang-{lang}.txt")),
            &String::from_utf8(out.stdout).unwrap(),
        );
    }
    // English stays what it was before the catalogue.
    assert_eq!(
        std::fs::read_to_string(repo().join("tests/golden/explain-jd-ring-en.txt")).unwrap(),
        std::fs::read_to_string(repo().join("tests/golden/explain-jd-ring.txt")).unwrap()
    );
    // Both languages rendered from one report in one process.
    let sc = landquota::scenario::from_path(&repo().join("scenarios/tutorial")).unwrap();
    let report = landquota::commands::solve::run(
        &sc,
        &blocklp::backend::Minilp,
        landquota::commands::solve::Options {
            explain: true,
            compare_pro_rata: false,
        },
    );
    use landquota::i18n::Lang;
    let en = landquota::render::table::render(&report, false, Lang::En);
    let zh = landquota::render::table::render(&report, false, Lang::Zh);
    assert!(en.contains("Why not more") && zh.contains("未能多安排的原因"));
    assert_eq!(
        en,
        landquota::render::table::render(&report, false, Lang::En)
    );
}

#[test]
fn explain_finds_chinese_names() {
    let out = cli(&[
        "--lang",
        "zh",
        "explain",
        "scenarios/jiaxing-2019",
        "--project",
        "海宁市城市分批次",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("项目 haining-urban 海宁市城市分批次")
    );
    let out = cli(&["explain", "scenarios/jiaxing-2019", "--county", "海宁市"]);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("County haining 海宁市")
    );
    let out = cli(&[
        "explain",
        "scenarios/jiaxing-2019",
        "--project",
        "海宁城市分批次",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("did you mean \"haining-urban\"") && err.contains("海宁市城市分批次"),
        "{err}"
    );
}

#[test]
fn relative_set_and_diff_of_a_variant() {
    let cap = |sets: &[&str]| {
        let mut args = vec!["solve", "scenarios/tutorial", "--format", "json"];
        for s in sets {
            args.extend(["--set", s]);
        }
        let out = cli(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["pools"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "urban_batch")
            .unwrap()["capacity_mu"]
            .as_f64()
            .unwrap()
    };
    // urban_batch is 1200 mu in the tutorial.
    assert_close(cap(&[]), 1200.0, "base");
    // (Much more than +10% makes the tutorial infeasible: its earmark is a share of the plan.)
    assert_close(cap(&["pools.urban_batch.capacity=*0.8"]), 960.0, "*0.8");
    assert_close(cap(&["pools.urban_batch.capacity=+50"]), 1250.0, "+50");
    assert_close(cap(&["pools.urban_batch.capacity=-20%"]), 960.0, "-20%");
    assert_close(cap(&["pools.urban_batch.capacity=+10%"]), 1320.0, "+10%");
    assert_close(cap(&["pools.urban_batch.capacity-=200"]), 1000.0, "-=200");
    // The sme pool is written in hectares (20 ha): +15 means 15 mu.
    let out = cli(&[
        "solve",
        "scenarios/tutorial",
        "--format",
        "json",
        "--set",
        "pools.sme.capacity=+15",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sme = v["pools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "sme")
        .unwrap()["capacity_mu"]
        .as_f64()
        .unwrap();
    assert_close(sme, 315.0, "sme +15 mu");

    let out = cli(&[
        "diff",
        "scenarios/tutorial",
        "--set",
        "pools.urban_batch.capacity=-20%",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = d.to_string();
    assert!(
        text.contains("capacity_mu") && text.contains("960"),
        "{text}"
    );
}

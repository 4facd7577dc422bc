//! The officer's spreadsheet as it is kept (#25): Chinese names for counties, categories and
//! tiers, a county table without ids, the county cell merged over its rows, real header
//! variants; a misspelt header as one error at its cell; a wrong 合计 as an error; dates,
//! true/false values and unsaved formulas in number columns; a CSV named .xls; bounded
//! reading of hostile workbooks and files. Every file is made here, as an officer's office
//! would have it; messages are checked in English and Chinese.

use crate::common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

/// A CSV file of the repository as header and rows.
fn table(rel: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(repo().join(rel)).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// The scenario's own names: category id → name, county id → name.
fn names() -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let toml: toml::Table =
        std::fs::read_to_string(repo().join("scenarios/jiaxing-2019/scenario.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let cats = toml["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let (h, rows) = table("scenarios/jiaxing-2019/counties.csv");
    let (id, name) = (
        h.iter().position(|f| f == "id").unwrap(),
        h.iter().position(|f| f == "name").unwrap(),
    );
    let counties = rows
        .iter()
        .map(|r| (r[id].clone(), r[name].clone()))
        .collect();
    (cats, counties)
}

fn tier_word(t: &str) -> &'static str {
    match t {
        "provincial" => "省重点项目",
        "city" => "市重点项目",
        "block" => "打捆",
        "county" => "县级",
        other => panic!("no tier word for {other}"),
    }
}

/// The header an office with its own habits writes (the real variants of issue 25).
fn variant_header(field: &str) -> &'static str {
    match field {
        "id" => "项目编码",
        "name" => "项目名称",
        "county" => "所在县（市、区）",
        "township" => "乡镇（街道）",
        "category" => "项目类别",
        "tier" => "项目层级",
        "need_mu" => "用地需求量（亩）",
        "farmland_mu" => "占用耕地（亩）",
        "forest_mu" => "占用林地（亩）",
        "outside_boundary" => "是否位于城镇开发边界外",
        "min_share" => "最低保障比例",
        other => panic!("no header for {other}"),
    }
}

/// One sheet of an officer's project list: a merged title, the header on row 2, rows
/// grouped by county with the county cell merged over its group, Chinese names and tiers,
/// 备注, a blank row and a 合计 row with `total_extra` added to the true total.
struct ProjectSheet {
    header: Vec<String>,
    /// The rows as written (the county only in a group's first row).
    rows: Vec<Vec<String>>,
    /// (first row, last row) of each county group, 0-based sheet rows.
    groups: Vec<(u32, u32, String)>,
    total: f64,
}

fn project_sheet(header_of: impl Fn(&str) -> String) -> ProjectSheet {
    let (fields, rows) = table("scenarios/jiaxing-2019/projects.csv");
    let (cats, counties) = names();
    let col = |f: &str| fields.iter().position(|x| x == f).unwrap();
    let mut rows = rows.clone();
    // Grouped by county, as a bureau keeps its list (a stable sort: the order within a county
    // stays).
    let order: Vec<String> = counties.keys().cloned().collect();
    rows.sort_by_key(|r| order.iter().position(|c| *c == r[col("county")]).unwrap());
    let mut out = Vec::new();
    let mut groups: Vec<(u32, u32, String)> = Vec::new();
    let mut total = 0.0;
    for (i, r) in rows.iter().enumerate() {
        let sheet_row = i as u32 + 2;
        let county = counties[&r[col("county")]].clone();
        let first = groups.last().is_none_or(|g| g.2 != county);
        if first {
            groups.push((sheet_row, sheet_row, county.clone()));
        } else {
            groups.last_mut().unwrap().1 = sheet_row;
        }
        total += r[col("need_mu")].parse::<f64>().unwrap();
        let mut cells: Vec<String> = fields
            .iter()
            .zip(r)
            .map(|(f, v)| match f.as_str() {
                "county" if first => county.clone(),
                "county" => String::new(),
                "category" => cats[v].clone(),
                "tier" => tier_word(v).to_string(),
                "outside_boundary" => if v == "true" { "是" } else { "否" }.to_string(),
                _ => v.clone(),
            })
            .collect();
        cells.push(String::new()); // 备注
        out.push(cells);
    }
    let mut header: Vec<String> = fields.iter().map(|f| header_of(f)).collect();
    header.push("备注".into());
    ProjectSheet {
        header,
        rows: out,
        groups,
        total,
    }
}

fn write_cell(ws: &mut Worksheet, r: u32, c: u16, v: &str) {
    if v.is_empty() {
        return;
    }
    match v.parse::<f64>() {
        Ok(x) => ws.write_number(r, c, x).map(|_| ()),
        Err(_) => ws.write_string(r, c, v).map(|_| ()),
    }
    .unwrap();
}

impl ProjectSheet {
    fn col(&self, header: &str) -> u16 {
        self.header.iter().position(|h| h == header).unwrap() as u16
    }

    /// The workbook; `edit` may change the sheet after the rows are written.
    fn xlsx(&self, total_extra: f64, edit: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("项目清单").unwrap();
        let last_col = self.header.len() as u16 - 1;
        ws.merge_range(
            0,
            0,
            0,
            last_col,
            "2019年嘉兴市新增建设用地计划指标项目需求表",
            &Format::new(),
        )
        .unwrap();
        for (c, h) in self.header.iter().enumerate() {
            ws.write_string(1, c as u16, h).unwrap();
        }
        let county_col = 2; // C, as in projects.csv's field order
        for (i, row) in self.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if c as u16 != county_col {
                    write_cell(ws, i as u32 + 2, c as u16, v);
                }
            }
        }
        for (first, last, county) in &self.groups {
            if first == last {
                ws.write_string(*first, county_col, county).unwrap();
            } else {
                ws.merge_range(
                    *first,
                    county_col,
                    *last,
                    county_col,
                    county,
                    &Format::new(),
                )
                .unwrap();
            }
        }
        let foot = self.rows.len() as u32 + 3; // after a blank row
        ws.write_string(foot, 0, "合计").unwrap();
        ws.write_number(foot, 6, self.total + total_extra).unwrap();
        edit(ws);
        wb.save_to_buffer().unwrap()
    }
}

/// The officer's county table: names only, no id column, a 序号 column of the office's own.
fn county_workbook() -> Vec<u8> {
    let (h, rows) = table("scenarios/jiaxing-2019/counties.csv");
    let header_of = |f: &str| match f {
        "name" => "县（市、区）",
        "city" => "所属市",
        "disposed_unsupplied_mu" => "消化批而未供（亩）",
        "disposed_idle_mu" => "处置闲置土地（亩）",
        "farmland_held_mu" => "补充耕地指标（亩）",
        "forest_held_mu" => "林地定额（亩）",
        "floor_mu" => "保底指标（亩）",
        "cap_mu" => "分配上限（亩）",
        "frozen" => "是否冻结",
        other => panic!("no county header for {other}"),
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "序号").unwrap();
    let kept: Vec<usize> = (0..h.len()).filter(|&i| h[i] != "id").collect();
    for (c, &i) in kept.iter().enumerate() {
        ws.write_string(0, c as u16 + 1, header_of(&h[i])).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        ws.write_number(r as u32 + 1, 0, r as f64 + 1.0).unwrap();
        for (c, &i) in kept.iter().enumerate() {
            write_cell(ws, r as u32 + 1, c as u16 + 1, &row[i]);
        }
    }
    wb.save_to_buffer().unwrap()
}

/// jiaxing-2019 in a folder of its own, with `counties` and `projects` as given.
fn scenario(counties: &str, projects: &str, files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = repo().join("scenarios/jiaxing-2019");
    let toml = std::fs::read_to_string(src.join("scenario.toml"))
        .unwrap()
        .replace(
            "counties = \"counties.csv\"",
            &format!("counties = {counties}"),
        )
        .replace(
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

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = cli(args);
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn check(dir: &Path, lang: &str) -> (Option<i32>, String, String) {
    run(&["--lang", lang, "check", dir.to_str().unwrap()])
}

/// Project name → (granted mu, status) of a solve.
fn plan_by_name(dir: &Path) -> BTreeMap<String, (String, String)> {
    let (code, out, err) = run(&["solve", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                (p["granted_mu"].to_string(), p["status"].to_string()),
            )
        })
        .collect()
}

#[test]
fn the_workbook_as_kept_gives_the_shipped_plan() {
    let sheet = project_sheet(|f| variant_header(f).to_string());
    let xlsx = sheet.xlsx(0.0, |_| {});
    let counties = county_workbook();
    let d = scenario(
        "\"县市区.xlsx\"",
        "\"项目需求表.xlsx\"",
        &[("县市区.xlsx", &counties), ("项目需求表.xlsx", &xlsx)],
    );
    let expected = plan_by_name(&repo().join("scenarios/jiaxing-2019"));
    assert_eq!(expected.len(), 129);
    assert_eq!(plan_by_name(d.path()), expected);

    let (code, out, err) = check(d.path(), "en");
    assert_eq!(code, Some(0), "{err}");
    let (first, last, county) = &sheet.groups[0];
    for needle in [
        "no id column: each row's id is made from its name in column B (县（市、区）)".to_string(),
        "not a field, ignored: A (序号)".to_string(),
        "C (所在县（市、区）) → county".to_string(),
        "A (项目编码) → id".to_string(),
        "G (用地需求量（亩）) → need_mu".to_string(),
        format!(
            "merged cells read as their top-left value in every row they cover: C{}:C{} ({county})",
            first + 1,
            last + 1
        ),
        "county given by name in 129 rows, read as ids".to_string(),
        "category given by name in 129 rows, read as ids: 重大基础设施 → infrastructure"
            .to_string(),
        "equals the sum of the rows".to_string(),
    ] {
        assert!(out.contains(&needle), "missing {needle:?} in\n{out}");
    }
    let (_, out, _) = check(d.path(), "zh");
    assert!(
        out.contains("合并单元格按其左上角的值读入所覆盖的每一行"),
        "{out}"
    );
    assert!(
        out.contains("没有编号列：各行的编号由 B 列（县（市、区））中的名称生成"),
        "{out}"
    );
}

#[test]
fn real_header_variants_are_known() {
    // Each of the four variants of issue 25 in place of the usual header, one at a time.
    for (field, variant) in [
        ("id", "项目编码"),
        ("county", "所在县（市、区）"),
        ("need_mu", "用地需求量（亩）"),
        ("need_mu", "申请用地面积（亩）"),
        ("need_mu", "申请面积（亩）"),
        ("county", "所在区县"),
    ] {
        let sheet = project_sheet(|f| {
            if f == field {
                variant.to_string()
            } else {
                variant_header(f).to_string()
            }
        });
        let d = scenario(
            "\"counties.csv\"",
            "\"p.xlsx\"",
            &[("p.xlsx", &sheet.xlsx(0.0, |_| {}))],
        );
        let (code, out, err) = check(d.path(), "en");
        assert_eq!(code, Some(0), "{variant}: {err}");
        assert!(
            out.contains(&format!("({variant}) → {field}")),
            "{variant}: {out}"
        );
    }
}

#[test]
fn a_misspelt_header_is_one_error_at_its_cell() {
    let sheet = project_sheet(|f| match f {
        "need_mu" => "用地需要（亩）".to_string(),
        other => variant_header(other).to_string(),
    });
    let d = scenario(
        "\"counties.csv\"",
        "\"p.xlsx\"",
        &[("p.xlsx", &sheet.xlsx(0.0, |_| {}))],
    );
    let (code, out, err) = check(d.path(), "en");
    assert_eq!(code, Some(1), "{err}");
    assert!(out.is_empty(), "a failed check printed on stdout: {out}");
    assert!(
        err.contains(
            "p.xlsx, sheet 项目清单, row 2, column G: unknown column \"用地需要（亩）\"; did you mean \"用地需求（亩）\"?"
        ),
        "{err}"
    );
    assert!(
        err.contains("headers accepted for need_mu: need_mu / 用地需求（亩） / 用地面积（亩）"),
        "{err}"
    );
    assert!(err.ends_with("1 problem found\n"), "{err}");
    // How the file was read is printed too, before the problem.
    assert!(
        err.contains("title row skipped: 2019年嘉兴市新增建设用地计划指标项目需求表"),
        "{err}"
    );
    assert!(
        err.find("note:").unwrap() < err.find("error:").unwrap(),
        "{err}"
    );

    let (code, _, err) = check(d.path(), "zh");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("第 2 行，G 列：未知的列名“用地需要（亩）”，是否指“用地需求（亩）”？"),
        "{err}"
    );
    assert!(
        err.contains("need_mu 可用的列名：need_mu / 用地需求（亩）"),
        "{err}"
    );
    assert_eq!(err.matches("错误：").count(), 1, "{err}");
}

#[test]
fn a_column_like_a_present_field_is_the_office_own() {
    // 占地面积（亩） is one edit from 用地面积（亩）, but the need has its column (G): another
    // column, ignored, not an error.
    let mut sheet = project_sheet(|f| variant_header(f).to_string());
    let last = sheet.header.len() - 1;
    sheet.header[last] = "占地面积（亩）".into();
    let d = scenario(
        "\"counties.csv\"",
        "\"p.xlsx\"",
        &[("p.xlsx", &sheet.xlsx(0.0, |_| {}))],
    );
    let (code, out, err) = check(d.path(), "en");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("not a field, ignored: L (占地面积（亩）)"),
        "{out}"
    );
}

#[test]
fn a_missing_column_is_one_error_listing_its_chinese_headers() {
    for (field, accepted) in [("category", "项目类别"), ("need_mu", "用地需求（亩）")] {
        let mut sheet = project_sheet(|f| variant_header(f).to_string());
        // The column is there but its header names nothing (备用): the field is missing.
        let c = sheet
            .header
            .iter()
            .position(|h| h == variant_header(field))
            .unwrap();
        sheet.header[c] = "备用".into();
        let d = scenario(
            "\"counties.csv\"",
            "\"p.xlsx\"",
            &[("p.xlsx", &sheet.xlsx(0.0, |_| {}))],
        );
        let (code, _, err) = check(d.path(), "en");
        assert_eq!(code, Some(1), "{err}");
        assert_eq!(err.matches("error:").count(), 1, "{field}: {err}");
        assert!(
            err.contains(&format!("{field}: required column is missing")),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "add a column for {field}; accepted headers: {field} / {accepted}"
            )),
            "{err}"
        );
        let (_, _, err) = check(d.path(), "zh");
        assert!(
            err.contains(&format!(
                "请增加 {field} 列；可用的列名：{field} / {accepted}"
            )),
            "{err}"
        );
    }
}

#[test]
fn a_wrong_total_is_an_error() {
    let sheet = project_sheet(|f| variant_header(f).to_string());
    let d = scenario(
        "\"counties.csv\"",
        "\"p.xlsx\"",
        &[("p.xlsx", &sheet.xlsx(154.0, |_| {}))],
    );
    let foot = sheet.rows.len() + 4;
    let total = sheet.total + 154.0;
    let (code, _, err) = check(d.path(), "en");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "row {foot}, column G (用地需求量（亩）): the 合计 row gives 用地需求量（亩） = {total}, but the rows sum to {} (a difference of 154)",
            sheet.total
        )),
        "{err}"
    );
    assert!(err.ends_with("1 problem found\n"), "{err}");
    let (_, _, err) = check(d.path(), "zh");
    assert!(
        err.contains(&format!(
            "合计行的“用地需求量（亩）”为 {total}，但各行之和为 {}（相差 154）",
            sheet.total
        )),
        "{err}"
    );
}

#[test]
fn a_known_total_mismatch_may_be_accepted() {
    let sheet = project_sheet(|f| variant_header(f).to_string());
    let d = scenario(
        "\"counties.csv\"",
        "{ file = \"p.xlsx\", accept_total_mismatch = true }",
        &[("p.xlsx", &sheet.xlsx(154.0, |_| {}))],
    );
    let (code, out, err) = check(d.path(), "en");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains(&format!(
            "its 用地需求量（亩） {} differs from the sum of the rows ({}): check the file",
            sheet.total + 154.0,
            sheet.total
        )),
        "{out}"
    );
}

#[test]
fn a_merged_header_is_one_header() {
    // 备注 merged over L and M, with remarks in both columns below, and a column of the
    // office's own after it.
    let sheet = project_sheet(|f| variant_header(f).to_string());
    let xlsx = sheet.xlsx(0.0, |ws| {
        ws.merge_range(1, 11, 1, 12, "备注", &Format::new())
            .unwrap();
        ws.write_string(1, 13, "联系人").unwrap();
        for r in 2..6 {
            ws.write_string(r, 12, "已报省厅").unwrap();
        }
    });
    let d = scenario("\"counties.csv\"", "\"p.xlsx\"", &[("p.xlsx", &xlsx)]);
    let (code, out, err) = check(d.path(), "en");
    assert_eq!(code, Some(0), "{err}");
    // 备注 is the projects' notes; the office's own column is ignored.
    assert!(out.contains("L (备注) → notes"), "{out}");
    assert!(out.contains("not a field, ignored: N (联系人)"), "{out}");
    assert!(
        out.contains("columns under a merged header cell, ignored (the header is read in its first column): M (L 备注)"),
        "{out}"
    );
}

#[test]
fn odd_cells_in_number_columns_are_named() {
    let sheet = project_sheet(|f| variant_header(f).to_string());
    let need = sheet.col("用地需求量（亩）");
    let farmland = sheet.col("占用耕地（亩）");
    let xlsx = sheet.xlsx(0.0, |ws| {
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let time = Format::new().set_num_format("hh:mm:ss");
        ws.write_datetime_with_format(4, need, ExcelDateTime::from_ymd(2019, 6, 1).unwrap(), &date)
            .unwrap();
        ws.write_datetime_with_format(5, need, ExcelDateTime::from_hms(8, 30, 0).unwrap(), &time)
            .unwrap();
        ws.write_boolean(6, need, true).unwrap();
        ws.write_formula(7, need, "=SUM(1,2)").unwrap();
        ws.write_string(8, need, "1,5O0").unwrap();
        // Full-width digits are the digits they look like.
        ws.write_string(9, farmland, "５１").unwrap();
    });
    // A formula saved by a program, never opened in Excel: no value stored.
    let xlsx = rezip(&xlsx, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace("<f>SUM(1,2)</f><v>0</v>", "<f>SUM(1,2)</f>")
    });
    let d = scenario("\"counties.csv\"", "\"p.xlsx\"", &[("p.xlsx", &xlsx)]);
    let (code, _, err) = check(d.path(), "en");
    assert_eq!(code, Some(1), "{err}");
    let at = |row: u32| format!("row {}, column G (用地需求量（亩）): need_mu: ", row + 1);
    for needle in [
        format!("{}expected a number, found a date (2019-06-01)", at(4)),
        "the cell is formatted as a date: format it as a number".to_string(),
        format!("{}expected a number, found a time (08:30:00)", at(5)),
        format!(
            "{}expected a number, found a true/false value (TRUE)",
            at(6)
        ),
        format!(
            "{}expected a number, found a formula without a saved value (=SUM(1,2))",
            at(7)
        ),
        format!("{}expected a number, found \"1,5O0\"", at(8)),
        "a letter looks like a digit here (O for 0, l for 1): write 1500".to_string(),
    ] {
        assert!(err.contains(&needle), "missing {needle:?} in\n{err}");
    }
    assert!(err.ends_with("5 problems found\n"), "{err}");
    let (_, _, err) = check(d.path(), "zh");
    for needle in [
        "应为数字，实际为日期（2019-06-01）",
        "应为数字，实际为时间（08:30:00）",
        "应为数字，实际为逻辑值（TRUE）",
        "应为数字，实际为未保存计算结果的公式（=SUM(1,2)）",
        "此处有字母像数字（O 当作 0，l 当作 1）：请写作 1500",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in\n{err}");
    }
}

/// The workbook with one part rewritten.
fn rezip(bytes: &[u8], part: &str, f: impl Fn(&str) -> String) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if name == part {
            data = f(&String::from_utf8(data).unwrap()).into_bytes();
        }
        zout.start_file(name, opts).unwrap();
        zout.write_all(&data).unwrap();
    }
    zout.finish().unwrap().into_inner()
}

#[test]
fn files_are_read_by_their_content() {
    // A GBK CSV saved under an .xls name (what "Save as" with the wrong type gives).
    let sheet = project_sheet(|f| variant_header(f).to_string());
    let mut text = sheet.header.join(",") + "\r\n";
    let county_col = 2;
    let mut county = String::new();
    for r in &sheet.rows {
        // A CSV has no merged cells: the county on every row.
        if !r[county_col].is_empty() {
            county = r[county_col].clone();
        }
        let mut r = r.clone();
        r[county_col] = county.clone();
        text.push_str(&r.join(","));
        text.push_str("\r\n");
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let d = scenario("\"counties.csv\"", "\"p.xls\"", &[("p.xls", &gbk)]);
    assert_eq!(
        plan_by_name(d.path()),
        plan_by_name(&repo().join("scenarios/jiaxing-2019"))
    );
    let (_, out, _) = check(d.path(), "en");
    assert!(out.contains("p.xls: read as GB18030"), "{out}");
    assert!(
        out.contains("the file has a workbook's name but holds text: read as CSV"),
        "{out}"
    );

    // A web page saved as .xls: refused in plain words, not "Invalid OLE".
    let html = "<html><body><table><tr><td>项目编号</td></tr></table></body></html>".as_bytes();
    let d = scenario("\"counties.csv\"", "\"p.xls\"", &[("p.xls", html)]);
    let (code, _, err) = check(d.path(), "en");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("p.xls: the file has a workbook's name but holds a web page or XML"),
        "{err}"
    );
    assert!(!err.contains("OLE"), "{err}");
    let (_, _, err) = check(d.path(), "zh");
    assert!(
        err.contains("该文件使用工作簿的扩展名，但内容是网页或 XML"),
        "{err}"
    );
}

#[test]
fn an_encoding_error_is_reported_at_its_line() {
    let (h, rows) = table("scenarios/jiaxing-2019/projects.csv");
    let mut text = h.join(",") + "\r\n";
    for r in &rows {
        text.push_str(&r.join(","));
        text.push_str("\r\n");
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut bytes = gbk.into_owned();
    // Line 101 gets a byte GBK cannot read, in place of its first letter.
    let at = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(99)
        .unwrap()
        .0
        + 1;
    bytes[at] = 0xFF;
    let d = scenario("\"counties.csv\"", "\"p.csv\"", &[("p.csv", &bytes)]);
    let (code, _, err) = check(d.path(), "en");
    assert_eq!(code, Some(1));
    assert!(
        err.contains(&format!(
            "p.csv:101: the file is not GB18030 text from byte {} on, nor UTF-8 or GB18030 throughout (UTF-8 stops at line 2): it mixes encodings",
            at + 1
        )),
        "{err}"
    );
    let (_, _, err) = check(d.path(), "zh");
    assert!(
        err.contains(&format!(
            "p.csv：第 101 行：从第 {} 个字节起，文件不是 GB18030 文本",
            at + 1
        )),
        "{err}"
    );
}

/// The exit code and stderr of a check, with the guarantee that it ended by itself.
fn bounded_check(d: &Path) -> String {
    use std::os::unix::process::ExitStatusExt;
    let out = cli(&["check", d.to_str().unwrap()]);
    assert_eq!(out.status.signal(), None, "killed by a signal");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn a_stray_cell_far_away_does_not_take_the_machine() {
    // XFD1048576: the sheet's declared dimension covers 17 billion cells.
    let sheet = project_sheet(|f| variant_header(f).to_string());
    let xlsx = sheet.xlsx(0.0, |ws| {
        ws.write_string(1_048_575, 16_383, "x").unwrap();
    });
    let d = scenario("\"counties.csv\"", "\"p.xlsx\"", &[("p.xlsx", &xlsx)]);
    let err = bounded_check(d.path());
    // The stray cell's row is a row like any other: its empty required cells are named.
    assert!(err.contains("sheet 项目清单, row 1048576"), "{err}");
}

#[test]
fn malformed_cell_references_are_refused() {
    let sheet = project_sheet(|f| variant_header(f).to_string());
    let xlsx = sheet.xlsx(0.0, |_| {});
    for (bad, says) in [
        ("XFE5", "outside what a sheet can hold: XFE5"),
        ("A1048577", "outside what a sheet can hold: A1048577"),
        ("ZZZZZZZZ5", "outside what a sheet can hold"),
        ("A0", "the workbook cannot be read"),
    ] {
        let x = rezip(&xlsx, "xl/worksheets/sheet1.xml", |xml| {
            xml.replacen("r=\"A5\"", &format!("r=\"{bad}\""), 1)
        });
        let d = scenario("\"counties.csv\"", "\"p.xlsx\"", &[("p.xlsx", &x)]);
        let err = bounded_check(d.path());
        assert!(err.contains(says), "{bad}: {err}");
    }
}

#[test]
fn a_zip_bomb_is_refused_with_the_limit() {
    // Shared strings inflating to 300 MiB from a file of a few hundred KiB.
    let sheet = project_sheet(|f| variant_header(f).to_string());
    let xlsx = sheet.xlsx(0.0, |_| {});
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(&xlsx)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        zout.start_file(name.clone(), opts).unwrap();
        if name == "xl/sharedStrings.xml" {
            zout.write_all(b"<sst><si><t>").unwrap();
            let chunk = vec![b'a'; 1 << 20];
            for _ in 0..300 {
                zout.write_all(&chunk).unwrap();
            }
            zout.write_all(b"</t></si></sst>").unwrap();
        } else {
            zout.write_all(&data).unwrap();
        }
    }
    let bomb = zout.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 << 20, "the bomb is {} bytes", bomb.len());
    let d = scenario("\"counties.csv\"", "\"p.xlsx\"", &[("p.xlsx", &bomb)]);
    let err = bounded_check(d.path());
    assert!(
        err.contains("the workbook's part xl/sharedStrings.xml inflates to more than 256 MiB"),
        "{err}"
    );
    assert!(err.contains("the limits are in the README"), "{err}");
}

#[test]
fn a_huge_csv_is_refused_before_it_is_read() {
    let d = scenario("\"counties.csv\"", "\"p.csv\"", &[]);
    let mut f = std::fs::File::create(d.path().join("p.csv")).unwrap();
    f.write_all(b"id,name,county,category,tier,need_mu\n")
        .unwrap();
    let line = b"p,name,nanhu,urban,block,1\n".repeat(1 << 15);
    while f.metadata().unwrap().len() <= 65 << 20 {
        f.write_all(&line).unwrap();
    }
    drop(f);
    let err = bounded_check(d.path());
    assert!(
        err.contains("the file is 65 MiB; table files of at most 64 MiB are read"),
        "{err}"
    );
}

#[test]
fn names_go_wherever_ids_go() {
    let jx = repo().join("scenarios/jiaxing-2019");
    let jx = jx.to_str().unwrap();
    // A pool by its name in --set: the same plan as by its id (the edit as written aside).
    let by = |set: &str| {
        let (code, out, err) = run(&["solve", jx, "--format", "json", "--set", set]);
        let mut v: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
        if let Some(o) = v.as_object_mut() {
            o.remove("overrides");
        }
        (code, v, err)
    };
    let (c1, a, e1) = by("pools.城市分批次及其他.capacity=*0.8");
    let (c2, b, _) = by("pools.urban_other.capacity=*0.8");
    assert_eq!((c1, c2), (Some(0), Some(0)), "{e1}");
    assert_eq!(a, b);
    let (_, base, _) = run(&["solve", jx, "--format", "json"]);
    let base: Value = serde_json::from_str(&base).unwrap();
    assert_ne!(a, base, "the edit changed nothing");
    // A county by name in a project edited with --set.
    let (c, _, e) = run(&["check", jx, "--set", "projects.nanhu-inf01.county=秀洲区"]);
    assert_eq!(c, Some(0), "{e}");

    // A near miss of a name: did you mean, with id and name; in both languages.
    let (_, e, _) = (
        0,
        run(&["check", jx, "--set", "projects.nanhu-inf01.county=南湖"]).2,
        0,
    );
    assert!(e.contains("unknown county \"南湖\""), "{e}");
    assert!(e.contains("did you mean \"nanhu（南湖区）\"?"), "{e}");
    let e = run(&[
        "--lang",
        "zh",
        "check",
        jx,
        "--set",
        "projects.nanhu-inf01.county=南湖",
    ])
    .2;
    assert!(e.contains("未知的县（市、区）“南湖”"), "{e}");
    assert!(e.contains("是否应为“nanhu（南湖区）”？"), "{e}");

    // A name two records share: an error listing both.
    let e = run(&[
        "check",
        jx,
        "--set",
        "counties.xiuzhou.name=南湖区",
        "--set",
        "projects.haining-inf01.county=南湖区",
    ])
    .2;
    assert!(
        e.contains("county \"南湖区\" could be any of: nanhu（南湖区）, xiuzhou（南湖区）"),
        "{e}"
    );
    assert!(e.contains("write the id instead of the name"), "{e}");
    // Categories and tiers by name in --set too.
    let (c, _, e) = run(&[
        "check",
        jx,
        "--set",
        "projects.nanhu-inf01.category=社会民生",
        "--set",
        "projects.nanhu-inf01.tier=市重点项目",
    ]);
    assert_eq!(c, Some(0), "{e}");
    // An earmark by its category's name.
    let (c1, a, e1) = by("rules.earmarks.农民建房.min_share=0.07");
    let (c2, b, _) = by("rules.earmarks.farmer_housing.min_share=0.07");
    assert_eq!((c1, c2), (Some(0), Some(0)), "{e1}");
    assert_eq!(a, b);
    // explain finds a county by its name.
    let (c, out, e) = run(&["explain", jx, "--county", "南湖区"]);
    assert_eq!(c, Some(0), "{e}");
    assert!(out.contains("nanhu"), "{out}");
}

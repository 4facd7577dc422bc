//! The documents an officer issues (issue 23): a rolling plan's years, trades, one page per
//! county, and what-ifs that say so, in the page, the workbook, the terminal and the JSON.
//! Workbooks are read back with calamine and compared with the JSON of the same run.

use crate::common::*;
use calamine::{Data, Reader};
use serde_json::Value;
use std::path::Path;

fn run_ok(args: &[&str]) -> String {
    let out = cli(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut a = vec!["solve"];
    a.extend_from_slice(args);
    a.extend(["--format", "json"]);
    serde_json::from_str(&run_ok(&a)).unwrap()
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let names = wb.sheet_names();
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("{name} not in {names:?}: {e}"));
    range.rows().map(|r| r.to_vec()).collect()
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The row whose first cell is `label`.
fn row<'a>(rows: &'a [Vec<Data>], label: &str) -> &'a [Data] {
    rows.iter()
        .find(|r| r.first().is_some_and(|c| *c == label))
        .unwrap_or_else(|| panic!("no row {label}"))
}

#[test]
fn a_rolling_plan_leads_with_its_plan_year_in_every_document() {
    let dir = tempfile::tempdir().unwrap();
    let j = json(&["scenarios/jinhua-2025-2027"]);
    let first = &j["years"][0];
    let plan_year = first["year"].as_i64().unwrap();
    let year_plan = first["plan_mu"].as_f64().unwrap();
    let year_granted = first["granted_mu"].as_f64().unwrap();
    // The plan year's plan is not the horizon's: the page must not show the horizon's total
    // as the year's.
    assert!(j["plan_mu"].as_f64().unwrap() > year_plan);
    for lang in ["en", "zh"] {
        let out = dir.path().join(lang);
        let o = out.to_str().unwrap();
        run_ok(&[
            "--lang",
            lang,
            "solve",
            "scenarios/jinhua-2025-2027",
            "--format",
            "html",
            "--out",
            o,
        ]);
        run_ok(&[
            "--lang",
            lang,
            "solve",
            "scenarios/jinhua-2025-2027",
            "--format",
            "xlsx",
            "--out",
            o,
        ]);
        let html = std::fs::read_to_string(out.join("plan.html")).unwrap();
        // The first card is the plan year's plan, the second its grant.
        let cards: Vec<&str> = html.split("class=\"card-value\">").skip(1).collect();
        let value = |i: usize| cards[i].split('<').next().unwrap().replace(',', "");
        assert_eq!(value(0).parse::<f64>().unwrap(), year_plan, "{lang}");
        assert_close(
            value(1).parse::<f64>().unwrap(),
            year_granted,
            "plan year's grant",
        );
        assert!(html.contains("id=\"years\""), "{lang}: no years section");
        assert!(html.contains(&plan_year.to_string()));

        // The workbook: the plan year's rows in the summary, the years sheet's 合计 rows equal
        // each year's plan and grant, the marginal values carry their year.
        let xlsx = out.join("plan.xlsx");
        let zh = lang == "zh";
        let summary = sheet(&xlsx, if zh { "概要" } else { "Summary" });
        let plan_label = if zh {
            format!("{plan_year}年度计划（亩）")
        } else {
            format!("{plan_year} annual plan (mu)")
        };
        assert_eq!(num(&row(&summary, &plan_label)[1]), year_plan);
        let years = sheet(&xlsx, if zh { "分年度" } else { "Years" });
        for y in j["years"].as_array().unwrap() {
            let label = if zh {
                format!("{}年合计", y["year"])
            } else {
                format!("{} total", y["year"])
            };
            let t = row(&years, &label);
            assert_close(num(&t[2]), y["plan_mu"].as_f64().unwrap(), &label);
            assert_close(num(&t[5]), y["granted_mu"].as_f64().unwrap(), &label);
        }
        let values = sheet(
            &xlsx,
            if zh {
                "边际价值"
            } else {
                "Marginal values"
            },
        );
        let mv = j["marginal_values"].as_array().unwrap();
        assert_eq!(values.len(), 1 + mv.len());
        for (r, v) in values[1..].iter().zip(mv) {
            assert_eq!(r[1].to_string(), v["id"].as_str().unwrap());
            assert_eq!(
                r[2].to_string(),
                v["year"]
                    .as_i64()
                    .map(|y| y.to_string())
                    .unwrap_or_default()
            );
        }
        // The 分解下达表: each county's 合计 row by year equals the JSON's grant of the year.
        let issue = sheet(
            &xlsx,
            if zh {
                "分解下达表"
            } else {
                "Allocation by county"
            },
        );
        for c in j["counties"].as_array().unwrap() {
            let name = c["name"].as_str().unwrap();
            let label = if zh {
                format!("{name}合计")
            } else {
                format!("{name} total")
            };
            let t = row(&issue, &label);
            for (i, y) in j["years"].as_array().unwrap().iter().enumerate() {
                assert_close(
                    num(&t[2 + i]),
                    y["by_county"][c["id"].as_str().unwrap()].as_f64().unwrap(),
                    &label,
                );
            }
            assert_close(
                num(t.last().unwrap()),
                c["granted_mu"].as_f64().unwrap(),
                &label,
            );
        }
    }
    // The terminal: each county's row carries its grant of each year, and a rule binding in
    // several years is named once.
    let table = run_ok(&["--lang", "zh", "solve", "scenarios/jinhua-2025-2027"]);
    assert!(table.contains(&format!("{plan_year}年（计划年度）")));
    assert!(
        !table.contains("增存挂钩、增存挂钩"),
        "a rule repeated per year"
    );
    assert!(table.contains("增存挂钩（2025、2026、2027）"));
}

#[test]
fn trades_are_in_the_page_and_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let j = json(&["scenarios/jinhua-2025-trading"]);
    let trades = j["trades"].as_array().unwrap();
    assert!(!trades.is_empty());
    let o = dir.path().to_str().unwrap();
    for format in ["html", "xlsx"] {
        run_ok(&[
            "--lang",
            "zh",
            "solve",
            "scenarios/jinhua-2025-trading",
            "--format",
            format,
            "--out",
            o,
        ]);
    }
    let html = std::fs::read_to_string(dir.path().join("plan.html")).unwrap();
    let section = &html[html.find("id=\"trades\"").expect("a trades section")..];
    let section = &section[..section.find("</section>").unwrap()];
    for t in trades {
        // Amounts in 万元, as Chinese officers count them.
        let wan = format!("{:.2}", t["amount_yuan"].as_f64().unwrap() / 10_000.0);
        let (int, frac) = wan.split_once('.').unwrap();
        let grouped = int
            .as_bytes()
            .rchunks(3)
            .rev()
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(",");
        assert!(
            section.contains(&format!(">{grouped}.{frac}<")),
            "{wan} 万元 not in the trades section"
        );
    }
    let xlsx = dir.path().join("plan.xlsx");
    let rows = sheet(&xlsx, "指标交易");
    assert_eq!(rows.len(), 1 + trades.len() + 1, "header, trades, 合计");
    let paid: f64 = trades
        .iter()
        .map(|t| t["amount_yuan"].as_f64().unwrap())
        .sum();
    assert_close(num(&row(&rows, "合计")[6]), paid / 10_000.0, "合计 万元");
    // Counties' paid and received columns equal the JSON's.
    let counties = sheet(&xlsx, "县（市、区）");
    let col = counties[0]
        .iter()
        .position(|h| *h == "支付（万元）")
        .expect("a paid column");
    for c in j["counties"].as_array().unwrap() {
        let r = row(&counties, c["id"].as_str().unwrap());
        assert_close(
            num(&r[col]),
            c["paid_yuan"].as_f64().unwrap() / 10_000.0,
            c["id"].as_str().unwrap(),
        );
    }
}

#[test]
fn a_what_if_names_its_edits_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let edit = "pools.urban_batch.capacity=*0.8";
    let j = json(&["scenarios/jinhua-2025", "--set", edit]);
    assert_eq!(j["overrides"], serde_json::json!([edit]));
    // The plan as filed has no such field, and its other keys are those of the what-if.
    let base = json(&["scenarios/jinhua-2025"]);
    assert!(base.get("overrides").is_none());
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let mut with: Vec<String> = keys(&j);
    with.retain(|k| k != "overrides");
    assert_eq!(with, keys(&base));
    let table = run_ok(&[
        "--lang",
        "zh",
        "solve",
        "scenarios/jinhua-2025",
        "--set",
        edit,
    ]);
    let head: Vec<&str> = table.lines().take(2).collect();
    assert!(
        head[1].contains("模拟方案") && head[1].contains(edit),
        "{head:?}"
    );
    for lang in ["en", "zh"] {
        let out = dir.path().join(lang);
        let o = out.to_str().unwrap();
        for format in ["html", "xlsx"] {
            run_ok(&[
                "--lang",
                lang,
                "solve",
                "scenarios/jinhua-2025",
                "--set",
                edit,
                "--format",
                format,
                "--out",
                o,
            ]);
        }
        let word = if lang == "zh" {
            "模拟方案"
        } else {
            "What-if"
        };
        let html = std::fs::read_to_string(out.join("plan.html")).unwrap();
        let title = &html[html.find("<title>").unwrap()..html.find("</title>").unwrap()];
        assert!(title.contains(word), "{title}");
        assert!(html.contains(&format!("data-overrides=\"{edit}\"")));
        // Every county page says so too.
        for e in std::fs::read_dir(out.join("counties")).unwrap() {
            let page = std::fs::read_to_string(e.unwrap().path()).unwrap();
            assert!(page.contains(edit) && page.contains(word));
        }
        let summary = sheet(
            &out.join("plan.xlsx"),
            if lang == "zh" { "概要" } else { "Summary" },
        );
        assert!(summary[1][0].to_string().contains(word), "{:?}", summary[1]);
        assert_eq!(summary[1][1].to_string(), edit);
    }
}

#[test]
fn every_county_gets_its_own_page_linked_from_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let j = json(&["scenarios/jiaxing-2019"]);
    let o = dir.path().to_str().unwrap();
    run_ok(&[
        "--lang",
        "zh",
        "solve",
        "scenarios/jiaxing-2019",
        "--format",
        "html",
        "--out",
        o,
    ]);
    let plan = std::fs::read_to_string(dir.path().join("plan.html")).unwrap();
    let counties = j["counties"].as_array().unwrap();
    assert_eq!(
        std::fs::read_dir(dir.path().join("counties"))
            .unwrap()
            .count(),
        counties.len()
    );
    for c in counties {
        let id = c["id"].as_str().unwrap();
        assert!(
            plan.contains(&format!("href=\"counties/{id}.html\"")),
            "{id}"
        );
        let page = std::fs::read_to_string(dir.path().join(format!("counties/{id}.html"))).unwrap();
        assert!(page.contains(c["name"].as_str().unwrap()));
        assert!(page.contains("href=\"../plan.html\""));
        // Its projects, and only its own.
        for p in j["projects"].as_array().unwrap() {
            let name = p["name"].as_str().unwrap();
            let here = page.contains(&format!(">{}</td>", p["id"].as_str().unwrap()))
                || page.contains(&format!(
                    "<span class=\"id\">{}</span>",
                    p["id"].as_str().unwrap()
                ));
            assert_eq!(here, p["county"] == c["id"], "{id}: {name}");
        }
    }
    // Jiaxing has no forest rule: no forest chart on the plan page.
    assert!(
        !plan.contains("林地占用与持有林地定额"),
        "an empty forest chart"
    );
    // Solver words are in the technical appendix, not before it. (The projects' reason texts
    // are left out: their words are issue 24's.)
    let mut text = String::new();
    for (i, part) in plan.split("<td class=\"reason\">").enumerate() {
        text.push_str(if i == 0 {
            part
        } else {
            &part[part.find("</td>").unwrap()..]
        });
    }
    let appendix = text.find("id=\"appendix\"").unwrap();
    for word in ["目标值", "对偶间隙", "边际价值", "加权亩"] {
        if let Some(at) = text.find(word) {
            assert!(at > appendix, "{word} before the appendix");
        }
    }
}

#[test]
fn the_previous_plan_is_compared_and_missing_ids_are_listed_not_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    let b = base.to_str().unwrap();
    run_ok(&[
        "solve",
        "scenarios/jinhua-2025",
        "--format",
        "json",
        "--out",
        b,
    ]);
    run_ok(&[
        "solve",
        "scenarios/jinhua-2025",
        "--format",
        "xlsx",
        "--out",
        b,
    ]);
    let then = json(&["scenarios/jinhua-2025"]);
    let granted = |v: &Value, kind: &str, id: &str| -> Option<f64> {
        v[kind]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["granted_mu"].as_f64().unwrap())
    };
    // The same previous plan read from its JSON and from its workbook.
    for file in ["result.json", "plan.xlsx"] {
        let prev = base.join(file);
        let now = json(&[
            "scenarios/jinhua-2025-whatif",
            "--previous",
            prev.to_str().unwrap(),
        ]);
        for c in now["counties"].as_array().unwrap() {
            let want = granted(&then, "counties", c["id"].as_str().unwrap()).unwrap();
            assert_close(c["previous_mu"].as_f64().unwrap(), want, "county");
        }
        let mut missing = 0;
        for p in now["projects"].as_array().unwrap() {
            match granted(&then, "projects", p["id"].as_str().unwrap()) {
                Some(want) => assert_close(p["previous_mu"].as_f64().unwrap(), want, "project"),
                None => {
                    // A project added by the what-if: null, not a guess.
                    assert!(p["previous_mu"].is_null(), "{}", p["id"]);
                    missing += 1;
                }
            }
        }
        assert!(missing > 0, "the what-if adds a project");
    }
    // The page: a previous-plan column and chart, and the project no longer in the plan named.
    let out = dir.path().join("page");
    run_ok(&[
        "--lang",
        "zh",
        "solve",
        "scenarios/jinhua-2025-whatif",
        "--previous",
        base.join("result.json").to_str().unwrap(),
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ]);
    let page = std::fs::read_to_string(out.join("plan.html")).unwrap();
    assert!(page.contains("上年计划（亩）"));
    let now = json(&["scenarios/jinhua-2025-whatif"]);
    for p in then["projects"].as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        if granted(&now, "projects", id).is_none() {
            assert!(page.contains(id), "{id} left the plan but is not listed");
        }
    }
    // A file that is no plan: exit 1, the file named, what to give instead.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{}").unwrap();
    let o = cli(&[
        "solve",
        "scenarios/jinhua-2025",
        "--previous",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.json") && err.contains("result.json"),
        "{err}"
    );
}

#[test]
fn explain_writes_a_county_document() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().to_str().unwrap();
    let j = json(&["scenarios/jinhua-2025"]);
    let yiwu = j["counties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "yiwu")
        .unwrap();
    // By name, in Chinese.
    run_ok(&[
        "--lang",
        "zh",
        "explain",
        "scenarios/jinhua-2025",
        "--county",
        "义乌市",
        "--format",
        "html",
        "--out",
        o,
    ]);
    let page = std::fs::read_to_string(dir.path().join("yiwu.html")).unwrap();
    assert!(page.contains("义乌市") && page.contains("lang=\"zh-CN\""));
    run_ok(&[
        "--lang",
        "zh",
        "explain",
        "scenarios/jinhua-2025",
        "--county",
        "yiwu",
        "--format",
        "xlsx",
        "--out",
        o,
    ]);
    let rows = sheet(&dir.path().join("yiwu.xlsx"), "分解下达表");
    assert_close(
        num(row(&rows, "义乌市合计").last().unwrap()),
        yiwu["granted_mu"].as_f64().unwrap(),
        "yiwu 合计",
    );
    let projects = sheet(&dir.path().join("yiwu.xlsx"), "项目");
    let own = j["projects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["county"] == "yiwu")
        .count();
    assert_eq!(projects.len(), 1 + own + 1, "header, its projects, 合计");
}

/// The number that ends `s` ("… 23,952" → 23952), commas allowed.
fn trailing_number(s: &str) -> Option<f64> {
    let t = s.trim_end();
    let start = t
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == ',' || *c == '.')
        .last()
        .map(|(i, _)| i)?;
    t[start..].trim_matches(',').replace(',', "").parse().ok()
}

/// The number that starts `s` ("19,200 mu …" → 19200).
fn leading_number(s: &str) -> Option<f64> {
    let t = s.trim_start();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(t.len());
    t[..end]
        .trim_end_matches(['.', ','])
        .replace(',', "")
        .parse()
        .ok()
}

/// Each number stated before `marker` in `text`, e.g. every "N trades".
fn stated(text: &str, marker: &str) -> Vec<f64> {
    text.match_indices(marker)
        .filter_map(|(i, _)| trailing_number(&text[..i]))
        .collect()
}

/// The "Solved" paragraph of a scenario's section of scenarios/README.md, on one line.
fn solved_paragraph(readme: &str, scenario: &str) -> String {
    let section = &readme[readme
        .find(&format!("## {scenario}\n"))
        .unwrap_or_else(|| panic!("no section {scenario}"))..];
    let at = section.find("\nSolved").expect("a Solved paragraph") + 1;
    let para = &section[at..];
    let end = para.find("\n\n").unwrap_or(para.len());
    para[..end].replace('\n', " ")
}

/// The figures scenarios/README.md states for the shipped scenarios are what a run gives:
/// mu granted of the plan, lines full / partial / none, each year's grant, the trades.
#[test]
fn scenarios_readme_figures_hold() {
    let readme = std::fs::read_to_string(repo().join("scenarios/README.md")).unwrap();
    let mut checked = 0;
    for name in [
        "jinhua-2025",
        "jiaxing-2019",
        "zhejiang-2024",
        "jinhua-2025-2027",
        "jinhua-2025-trading",
    ] {
        let text = solved_paragraph(&readme, name);
        let j = json(&[&format!("scenarios/{name}")]);
        let whole = |v: &Value| v.as_f64().unwrap().round();
        // "A of B mu granted" / "A of B mu over three years"
        if let Some(i) = text.find(" of ")
            && let (Some(a), Some(b)) =
                (trailing_number(&text[..i]), leading_number(&text[i + 4..]))
        {
            assert_eq!(a, whole(&j["granted_mu"]), "{name}: granted in {text}");
            assert_eq!(b, whole(&j["plan_mu"]), "{name}: plan in {text}");
            checked += 2;
        }
        let count = |s: &str| {
            j["projects"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["status"] == s)
                .count() as f64
        };
        for (marker, status) in [
            (" lines full", "full"),
            (" partial", "partial"),
            (" none", "none"),
        ] {
            // The counts are stated together: "N lines full, N partial ..., N none".
            if let Some(&n) = stated(&text, marker).first()
                && text.contains(" lines full")
            {
                assert_eq!(n, count(status), "{name}: {status} in {text}");
                checked += 1;
            }
        }
        // "stock linkage binds in N counties" (one-year plans: one row per county).
        if j["years"].is_null()
            && let Some(&n) = stated(&text, " counties").first()
            && text.contains("stock linkage binds in ")
        {
            let binding = j["marginal_values"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|v| v["rule"] == "stock_linkage" && v["binding"] == true)
                .count() as f64;
            assert_eq!(n, binding, "{name}: stock linkage in {text}");
            checked += 1;
        }
        // Each year's grant: "(19,761 / 22,400 / 15,010)".
        if let Some(years) = j["years"].as_array() {
            let want: Vec<String> = years
                .iter()
                .map(|y| {
                    let v = whole(&y["granted_mu"]) as i64;
                    let s = v.to_string();
                    let b = s.as_bytes();
                    b.rchunks(3)
                        .rev()
                        .map(|c| std::str::from_utf8(c).unwrap())
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect();
            assert!(
                text.contains(&format!("({})", want.join(" / "))),
                "{name}: years {want:?} in {text}"
            );
            checked += 1;
        }
        if let Some(trades) = j["trades"].as_array() {
            assert_eq!(
                stated(&text, " trades"),
                vec![trades.len() as f64],
                "{text}"
            );
            for t in trades {
                let mu = t["mu"].as_f64().unwrap();
                let shown = format!("{mu:.2}");
                let shown = shown.trim_end_matches('0').trim_end_matches('.');
                assert!(text.contains(&format!("({shown} mu")), "{name}: {shown} mu");
            }
            checked += 1 + trades.len();
            // "the objective rises from X to Y weighted mu (G mu granted instead of H)".
            let none = json(&[
                &format!("scenarios/{name}"),
                "--set",
                "rules.trading.max_sell_share=0",
            ]);
            let from = text.find("rises from ").expect("objective stated") + 11;
            let x = leading_number(&text[from..]).unwrap();
            let to = from + text[from..].find(" to ").unwrap() + 4;
            let y = leading_number(&text[to..]).unwrap();
            assert!(
                (x - none["objective"].as_f64().unwrap()).abs() < 0.01,
                "{x}"
            );
            assert!((y - j["objective"].as_f64().unwrap()).abs() < 0.01, "{y}");
            let g = text.find("weighted mu (").unwrap() + 13;
            assert_eq!(leading_number(&text[g..]).unwrap(), whole(&j["granted_mu"]));
            let h = text.find("instead of ").unwrap() + 11;
            assert_eq!(
                leading_number(&text[h..]).unwrap(),
                whole(&none["granted_mu"])
            );
            checked += 4;
        }
    }
    assert!(
        checked >= 20,
        "only {checked} figures found: the parser lost the text"
    );
}

/// The projects sheet shows names (county, category) and carries the township (乡镇); every
/// sheet of numbers ends with a 合计 row equal to the JSON's total.
#[test]
fn the_workbook_shows_names_townships_and_totals() {
    let dir = tempfile::tempdir().unwrap();
    let j = json(&["scenarios/jinhua-2025"]);
    let o = dir.path().to_str().unwrap();
    run_ok(&[
        "--lang",
        "zh",
        "solve",
        "scenarios/jinhua-2025",
        "--format",
        "xlsx",
        "--out",
        o,
    ]);
    let rows = sheet(&dir.path().join("plan.xlsx"), "项目");
    let col = |h: &str| {
        rows[0]
            .iter()
            .position(|c| *c == h)
            .unwrap_or_else(|| panic!("{h}"))
    };
    let (county, category, township, granted) = (
        col("县（市、区）"),
        col("项目类别"),
        col("乡镇"),
        col("安排（亩）"),
    );
    let name_of = |list: &str, id: &str| -> String {
        j[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["name"].as_str().unwrap().to_string())
            .unwrap()
    };
    let mut with_township = 0;
    for p in j["projects"].as_array().unwrap() {
        let r = row(&rows, p["id"].as_str().unwrap());
        assert_eq!(
            r[county],
            *name_of("counties", p["county"].as_str().unwrap())
        );
        assert_eq!(
            r[category],
            *name_of("categories", p["category"].as_str().unwrap())
        );
        match p["township"].as_str() {
            Some(t) => {
                assert_eq!(r[township], *t);
                with_township += 1;
            }
            None => assert_eq!(r[township], Data::Empty),
        }
    }
    assert!(with_township > 0);
    assert_close(
        num(&row(&rows, "合计")[granted]),
        j["granted_mu"].as_f64().unwrap(),
        "合计",
    );
}

/// The diff page: a county's bar is its change in granted mu (the JSON diff's own field), never a
/// single pool's; a project whose grant only moved between pools is not drawn; under zh, the
/// table's field names and statuses are words, not JSON paths.
#[test]
fn the_diff_page_draws_grant_changes_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().to_str().unwrap();
    let a = "scenarios/jinhua-2025";
    let b = "scenarios/jinhua-2025-whatif";
    let d: Value =
        serde_json::from_str(&run_ok(&["diff", a, b, "--format", "json", "--all"])).unwrap();
    run_ok(&[
        "--lang", "zh", "diff", a, b, "--format", "html", "--all", "--out", o,
    ]);
    let page = std::fs::read_to_string(dir.path().join("diff.html")).unwrap();
    let bar = |id: &str| -> Option<f64> {
        let key = format!("data-key=\"{id}\"");
        let at = page
            .find(&format!("class=\"seg up\" {key}"))
            .or_else(|| page.find(&format!("class=\"seg down\" {key}")))?;
        let v = &page[at..];
        let v = &v[v.find("data-value=\"").unwrap() + 12..];
        Some(v[..v.find('"').unwrap()].parse().unwrap())
    };
    let mut drawn = 0;
    for r in d["rows"].as_array().unwrap() {
        if r["kind"] == "pool" {
            continue;
        }
        let id = r["id"].as_str().unwrap();
        let granted = r["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == "granted_mu")
            .and_then(|f| f["delta"].as_f64());
        match (granted, bar(id)) {
            (Some(g), Some(v)) => {
                assert_close(v, g, id);
                drawn += 1;
            }
            // The chart keeps the 30 largest: a smaller change may be left out, never drawn
            // as another figure.
            (Some(_), None) => {}
            (None, Some(v)) if r["change"] == "changed" => {
                panic!("{id}: drawn as {v} but its grant did not change")
            }
            _ => {}
        }
    }
    assert!(drawn > 5, "{drawn} bars checked");
    let table = &page[page.find("id=\"table\"").unwrap()..];
    for raw in ["granted_mu", "by_pool.", ">full<", ">partial<", ">none<"] {
        assert!(!table.contains(raw), "{raw} in the zh diff table");
    }
}

/// The officer's 备注 column: read by its Chinese header, carried as written into the JSON
/// (`projects[].notes`), the workbook's projects sheet and the project tables of plan.html
/// and the county pages, and neutralised like a name: a text cell in the workbook (never a
/// formula), isolated on the page, escaped for the terminal. It changes nothing in the plan.
#[test]
fn the_officers_notes_reach_the_json_the_workbook_and_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let src = repo().join("scenarios/jiaxing-2019");
    let sc = dir.path().join("noted");
    std::fs::create_dir_all(&sc).unwrap();
    for f in ["scenario.toml", "counties.csv"] {
        std::fs::copy(src.join(f), sc.join(f)).unwrap();
    }
    let notes = [
        ("nanhu-inf01", "已完成用地预审"),
        ("nanhu-inf02", "=HYPERLINK(\"http://example.com\",\"x\")"),
        ("nanhu-inf03", "南湖\u{202e}备注 120"),
        ("nanhu-ind01", "\u{1b}[2J清屏"),
    ];
    let csv = std::fs::read_to_string(src.join("projects.csv")).unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    for (i, line) in csv.lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        cells.push(if i == 0 {
            "备注".into()
        } else {
            notes
                .iter()
                .find(|(id, _)| *id == cells[0])
                .map_or(String::new(), |(_, n)| n.to_string())
        });
        w.write_record(&cells).unwrap();
    }
    std::fs::write(sc.join("projects.csv"), w.into_inner().unwrap()).unwrap();
    let s = sc.to_str().unwrap();

    // JSON: as written, only where given; the plan is jiaxing-2019's. Printed to a terminal,
    // the escape is shown, not obeyed, and the JSON still reads back the same text.
    let out = cli(&["solve", s, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
    let j: Value = serde_json::from_str(&text).unwrap();
    let plain = json(&["scenarios/jiaxing-2019"]);
    let projects = j["projects"].as_array().unwrap();
    for (p, q) in projects.iter().zip(plain["projects"].as_array().unwrap()) {
        assert_eq!(p["id"], q["id"]);
        assert_eq!(p["granted_mu"], q["granted_mu"], "{}", p["id"]);
        let want = notes.iter().find(|(id, _)| p["id"] == *id).map(|n| n.1);
        assert_eq!(p["notes"].as_str(), want, "{}", p["id"]);
    }
    assert!(plain["projects"][0].get("notes").is_none());

    // The workbook: a 备注 column of text cells, no formula anywhere.
    let o = dir.path().join("out");
    let os = o.to_str().unwrap();
    run_ok(&["--lang", "zh", "solve", s, "--format", "xlsx", "--out", os]);
    let rows = sheet(&o.join("plan.xlsx"), "项目");
    let col = rows[0]
        .iter()
        .position(|c| *c == "备注")
        .expect("备注 column");
    for p in projects {
        let r = row(&rows, p["id"].as_str().unwrap());
        match p["notes"].as_str() {
            Some(n) => assert_eq!(r[col], Data::String(n.to_string())),
            None => assert_eq!(r[col], Data::Empty),
        }
    }
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(o.join("plan.xlsx")).unwrap();
    let formulas = wb.worksheet_formula("项目").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

    // The pages: a 备注/notes column, each note escaped and isolated.
    for (lang, head) in [("zh", "备注"), ("en", "notes")] {
        run_ok(&["--lang", lang, "solve", s, "--format", "html", "--out", os]);
        for page in ["plan.html", "counties/nanhu.html"] {
            let html = std::fs::read_to_string(o.join(page)).unwrap();
            assert!(html.contains(&format!(">{head}</th>")), "{lang} {page}");
            assert!(html.contains("已完成用地预审"), "{lang} {page}");
            assert!(
                html.contains("=HYPERLINK(&quot;http://example.com&quot;,&quot;x&quot;)"),
                "{lang} {page}"
            );
            assert!(
                html.contains("\u{2068}南湖\u{202e}备注 120\u{202c}\u{2069}"),
                "{lang} {page}: the override ends with the note"
            );
            crate::hostile::overrides_stay_isolated(&html).unwrap();
        }
    }
    // Without notes, no such column.
    let plain_out = dir.path().join("plain");
    let po = plain_out.to_str().unwrap();
    run_ok(&[
        "solve",
        "scenarios/jiaxing-2019",
        "--format",
        "html",
        "--out",
        po,
    ]);
    let html = std::fs::read_to_string(plain_out.join("plan.html")).unwrap();
    assert!(!html.contains(">notes</th>"));
}

//! `landquota diff`: the library functions the command calls (scenarios, saved results, rows
//! added and removed, statuses, unreadable inputs).

use crate::common::*;
use landquota::cli;
use landquota::commands::diff::{
    self, Change, Diff, DiffOptions, FieldChange, Kind, RowDiff, Source,
};
use landquota::render::diff::render_table;
use serde_json::Value;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

fn tutorial() -> PathBuf {
    repo().join("scenarios/tutorial")
}

fn tutorial_src() -> String {
    std::fs::read_to_string(tutorial().join("scenario.toml")).unwrap()
}

/// The tutorial with `from` replaced by `to` (exactly once), as `dir/name/scenario.toml`.
fn variant(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let src = tutorial_src();
    assert_eq!(src.matches(from).count(), 1, "{from:?} should occur once");
    let d = dir.join(name);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("scenario.toml"), src.replace(from, to)).unwrap();
    d
}

/// What `landquota solve SCENARIO --format json [--no-explain]` prints, saved to `out`.
fn save_result(scenario: &Path, out: &Path, explain: bool) {
    let sc = landquota::scenario::from_path(scenario).expect("valid scenario");
    let opts = landquota::commands::solve::Options {
        explain,
        compare_pro_rata: false,
    };
    let report = landquota::commands::solve::run(&sc, &blocklp::backend::Minilp, opts);
    std::fs::write(out, report.to_json()).unwrap();
}

fn diff(a: &Path, b: &Path) -> Diff {
    diff::diff_paths(a, b, &DiffOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn row<'a>(d: &'a Diff, kind: Kind, id: &str) -> &'a RowDiff {
    d.rows
        .iter()
        .find(|r| r.kind == kind && r.id == id)
        .unwrap_or_else(|| panic!("no {kind:?} row {id} in {:#?}", d.rows))
}

fn field<'a>(r: &'a RowDiff, name: &str) -> Option<&'a FieldChange> {
    r.fields.iter().find(|f| f.field == name)
}

fn delta(r: &RowDiff, name: &str) -> f64 {
    field(r, name)
        .unwrap_or_else(|| panic!("{} {} has no change in {name}", r.id, name))
        .delta
        .unwrap_or_else(|| panic!("{} {name} has no delta", r.id))
}

/// Every line of every box-drawn table has the same display width (Chinese names count 2).
fn assert_tables_aligned(text: &str) {
    let mut width = None;
    for line in text.lines() {
        let boxed = line.starts_with(['┌', '│', '╞', '├', '└']);
        if !boxed {
            width = None;
            continue;
        }
        let w = line.width();
        match width {
            None => width = Some(w),
            Some(w0) => assert_eq!(w, w0, "misaligned table line: {line}\n{text}"),
        }
    }
}

#[test]
fn a_scenario_against_itself_has_no_changes() {
    let d = diff(&tutorial(), &tutorial());
    assert!(d.rows_compared);
    assert!(!d.status_changed && !d.scenario_changed);
    assert_eq!(d.changed, 0);
    assert!(d.rows.is_empty());
    // 3 pools, 3 counties, 11 projects.
    assert_eq!((d.unchanged, d.hidden_unchanged), (17, 17));
    assert_eq!(d.objective_delta, Some(0.0));
    assert_eq!(d.granted_mu_delta, Some(0.0));
    assert_eq!(d.a.source, Source::Scenario);
    let text = render_table(&d);
    assert!(
        text.contains("no changes in pools, counties or projects"),
        "{text}"
    );
    assert!(text.contains("17 unchanged rows hidden"), "{text}");
    assert_eq!(d.exit_code(), 0);

    let all = diff::diff_paths(
        &tutorial(),
        &tutorial(),
        &DiffOptions {
            show_all: true,
            limit: None,
        },
    )
    .unwrap();
    assert_eq!(all.rows.len(), 17);
    assert!(all.rows.iter().all(|r| r.change == Change::Unchanged));
    assert_eq!(all.hidden_unchanged, 0);
    // Sorted with the same key as changes: pools, counties, projects, each by id.
    assert_eq!(all.rows[0].kind, Kind::Pool);
    assert_eq!(all.rows[0].id, "infrastructure");
    assert_eq!(all.rows[16].id, "wc-urban");
    let text = render_table(&all);
    assert!(text.contains("杭温高铁金华段"), "{text}");
    assert_tables_aligned(&text);
}

/// The tutorial's infrastructure pool cut from 900 to 600 mu. By hand: hz-rail (national,
/// all-or-nothing 500) keeps its 500, so jd-ring (provincial) loses 300 (400 → 100). Jindong's
/// outside-boundary cap (30% of the county's grant) then limits jd-urban: with
/// jd-ring 100 + jd-sme 100 + jd-housing 30 + u, u ≤ 0.3(230 + u), u = 690/7 = 98.571429
/// (before: 0.3(530 + u), u = 1590/7 = 227.142857), a loss of 900/7 mu, drawn from
/// urban_batch. Jindong loses 300 + 900/7 = 3000/7 mu; the weighted objective
/// 4·300 + 1·900/7 = 9300/7. Farmland in jindong: jd-ring 100/600 and jd-urban 80/600 per mu,
/// 100/6·300 + 80/600·900/7 = 470/7 less.
#[test]
fn smaller_infrastructure_pool_shows_every_change() {
    let tmp = tempfile::tempdir().unwrap();
    let b = variant(tmp.path(), "cut", "capacity_mu = 900", "capacity_mu = 600");
    let d = diff(&tutorial(), &b);
    assert!(d.rows_compared && !d.status_changed);
    assert_close(
        d.weighted_mu_delta.unwrap(),
        -9300.0 / 7.0,
        "weighted mu delta",
    );
    assert_close(
        d.granted_mu_delta.unwrap(),
        -3000.0 / 7.0,
        "granted mu delta",
    );
    // The tie-break perturbation moves the objective by less than 10⁻⁶ relative.
    assert!((d.objective_delta.unwrap() + 9300.0 / 7.0).abs() < 6013.0 * 1e-6);

    let infra = row(&d, Kind::Pool, "infrastructure");
    assert_eq!(infra.change, Change::Changed);
    assert_eq!(infra.name, "重大基础设施");
    assert_eq!(delta(infra, "capacity_mu"), -300.0);
    assert_eq!(delta(infra, "used_mu"), -300.0);
    let cap = field(infra, "capacity_mu").unwrap();
    assert_eq!((cap.a.as_f64(), cap.b.as_f64()), (Some(900.0), Some(600.0)));
    assert!(
        field(infra, "marginal_value").is_none(),
        "still 4 + 3/7 on both sides"
    );
    let urban = row(&d, Kind::Pool, "urban_batch");
    assert_close(delta(urban, "used_mu"), -900.0 / 7.0, "urban_batch used");
    assert_eq!(urban.fields.len(), 1);

    let jd = row(&d, Kind::County, "jindong");
    assert_close(delta(jd, "granted_mu"), -3000.0 / 7.0, "jindong granted");
    assert_eq!(delta(jd, "by_pool.infrastructure"), -300.0);
    assert_close(
        delta(jd, "by_pool.urban_batch"),
        -900.0 / 7.0,
        "jindong urban_batch",
    );
    assert_close(
        delta(jd, "farmland_used_mu"),
        -470.0 / 7.0,
        "jindong farmland",
    );
    assert!(field(jd, "by_pool.sme").is_none() && field(jd, "forest_used_mu").is_none());
    assert_eq!(jd.magnitude_mu, 428.571428);

    let ring = row(&d, Kind::Project, "jd-ring");
    let g = field(ring, "granted_mu").unwrap();
    assert_eq!(
        (g.a.as_f64(), g.b.as_f64(), g.delta),
        (Some(400.0), Some(100.0), Some(-300.0))
    );
    assert_eq!(delta(ring, "by_pool.infrastructure"), -300.0);
    assert!(field(ring, "status").is_none(), "partial on both sides");
    let reason = field(ring, "reason").expect("the reason names the capacity");
    assert!(reason.a.as_str().unwrap().contains("(900 mu)"));
    assert!(reason.b.as_str().unwrap().contains("(600 mu)"));
    assert_eq!(reason.delta, None);
    let ju = row(&d, Kind::Project, "jd-urban");
    assert_close(delta(ju, "granted_mu"), -900.0 / 7.0, "jd-urban granted");

    // Largest change first, ties (jd-urban and urban_batch: 128.571428) by kind, then id.
    let order: Vec<(Kind, &str)> = d.rows.iter().map(|r| (r.kind, r.id.as_str())).collect();
    assert_eq!(
        order,
        vec![
            (Kind::County, "jindong"),
            (Kind::Pool, "infrastructure"),
            (Kind::Project, "jd-ring"),
            (Kind::Pool, "urban_batch"),
            (Kind::Project, "jd-urban"),
        ]
    );
    let projects: Vec<f64> = d
        .rows
        .iter()
        .filter(|r| r.kind == Kind::Project)
        .map(|r| r.magnitude_mu)
        .collect();
    assert!(projects.windows(2).all(|w| w[0] >= w[1]), "{projects:?}");
    assert_eq!((d.changed, d.unchanged, d.hidden_unchanged), (5, 12, 12));
    // Project deltas add up to the total.
    let sum: f64 = d
        .rows
        .iter()
        .filter(|r| r.kind == Kind::Project)
        .map(|r| delta(r, "granted_mu"))
        .sum();
    assert_close(sum, d.granted_mu_delta.unwrap(), "sum of project deltas");

    let text = render_table(&d);
    let first = text.lines().next().unwrap();
    assert!(
        // The fair rule (the tutorial's tie-break) adds no perturbation to the objective.
        first.contains("tutorial (optimal, objective 6013.142857)")
            && first.contains("tutorial (optimal, objective 4684.571429)")
            && first.contains("objective delta -1328.571428"),
        "{first}"
    );
    for s in [
        "\nPools\n",
        "\nCounties\n",
        "\nProjects\n",
        "金东环线",
        "-300",
        "-128.57",
        "-428.57",
        "Reasons changed",
        "the pool 重大基础设施 is used up (600 mu)",
        "5 rows changed; 12 unchanged rows hidden (--all lists them)",
    ] {
        assert!(text.contains(s), "{s:?} missing from\n{text}");
    }
    let (p, c, j) = (
        text.find("\nPools\n").unwrap(),
        text.find("\nCounties\n").unwrap(),
        text.find("\nProjects\n").unwrap(),
    );
    assert!(p < c && c < j);
    assert!(text.find("jd-ring").unwrap() < text.find("jd-urban").unwrap());
    assert_tables_aligned(&text);

    // JSON: the Diff serialised, rounded to 10⁻⁶.
    let v: Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(v["rows"][0]["kind"], "county");
    assert_eq!(v["rows"][0]["id"], "jindong");
    assert_eq!(v["rows"][0]["change"], "changed");
    assert_eq!(v["rows"][0]["fields"][0]["field"], "granted_mu");
    assert_eq!(v["rows"][0]["fields"][0]["delta"], -428.571428);
    assert_eq!(v["a"]["status"], "optimal");
    assert_eq!(v["hidden_unchanged"], 12);

    // --limit keeps the largest changes.
    let lim = diff::diff_paths(
        &tutorial(),
        &b,
        &DiffOptions {
            show_all: false,
            limit: Some(2),
        },
    )
    .unwrap();
    assert_eq!(lim.rows.len(), 2);
    assert_eq!(lim.omitted, 3);
    assert_eq!(lim.rows[1].id, "infrastructure");
    assert!(render_table(&lim).contains("3 more rows not listed (--limit)"));
}

#[test]
fn saved_json_result_compares_like_the_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let saved = tmp.path().join("tutorial.json");
    save_result(&tutorial(), &saved, true);
    let cut = variant(tmp.path(), "cut", "capacity_mu = 900", "capacity_mu = 600");

    let same = diff(&saved, &tutorial());
    assert_eq!(same.a.source, Source::Result);
    assert_eq!(same.b.source, Source::Scenario);
    assert_eq!(same.changed, 0);
    assert_eq!(same.objective_delta, Some(0.0));
    assert!(same.notes.is_empty(), "{:?}", same.notes);

    let from_json = diff(&saved, &cut);
    let from_scenario = diff(&tutorial(), &cut);
    assert_eq!(
        serde_json::to_value(&from_json.rows).unwrap(),
        serde_json::to_value(&from_scenario.rows).unwrap()
    );

    // Both sides saved; the same again.
    let saved_cut = tmp.path().join("cut.json");
    save_result(&cut, &saved_cut, true);
    let both = diff(&saved, &saved_cut);
    assert_eq!(
        serde_json::to_value(&both.rows).unwrap(),
        serde_json::to_value(&from_scenario.rows).unwrap()
    );

    // A result saved with --no-explain has no marginal values or reasons: not compared.
    let bare = tmp.path().join("bare.json");
    save_result(&tutorial(), &bare, false);
    let d = diff(&bare, &cut);
    assert!(!d.a.explained && d.b.explained);
    assert!(
        d.notes.iter().any(|n| n.contains("--no-explain")),
        "{:?}",
        d.notes
    );
    let ring = row(&d, Kind::Project, "jd-ring");
    assert!(field(ring, "reason").is_none());
    assert_eq!(delta(ring, "granted_mu"), -300.0);
    assert_eq!(diff(&bare, &tutorial()).changed, 0);

    // The same through diff_values, on parsed JSON.
    let va: Value = serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    let vb: Value = serde_json::from_str(&std::fs::read_to_string(&saved_cut).unwrap()).unwrap();
    let dv = diff::diff_values(&va, "a", &vb, "b", &DiffOptions::default()).unwrap();
    assert_eq!(
        serde_json::to_value(&dv.rows).unwrap(),
        serde_json::to_value(&from_scenario.rows).unwrap()
    );
}

/// Renaming wc-housing (60 mu, full) and jd-rural (blocked, 0 mu) changes no allocation: each
/// old id is removed and each new one added, nothing else.
#[test]
fn added_and_removed_projects_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tutorial_src()
        .replace("id = \"wc-housing\"", "id = \"wc-housing-b\"")
        .replace("id = \"jd-rural\"", "id = \"jd-rural-b\"");
    let dir = tmp.path().join("renamed");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("scenario.toml"), src).unwrap();

    let d = diff(&tutorial(), &dir);
    let got: Vec<(&str, Change, f64)> = d
        .rows
        .iter()
        .map(|r| (r.id.as_str(), r.change, r.magnitude_mu))
        .collect();
    assert_eq!(
        got,
        vec![
            ("wc-housing", Change::Removed, 60.0),
            ("wc-housing-b", Change::Added, 60.0),
            ("jd-rural", Change::Removed, 0.0),
            ("jd-rural-b", Change::Added, 0.0),
        ]
    );
    assert_eq!(d.changed, 4);
    assert_eq!(d.granted_mu_delta, Some(0.0));

    let removed = row(&d, Kind::Project, "wc-housing");
    assert_eq!(removed.name, "罗店镇农民建房");
    let g = field(removed, "granted_mu").unwrap();
    assert_eq!(
        (g.a.as_f64(), g.b.is_null(), g.delta),
        (Some(60.0), true, Some(-60.0))
    );
    assert_eq!(field(removed, "status").unwrap().a, "full");
    assert_eq!(delta(removed, "by_pool.urban_batch"), -60.0);
    let added = row(&d, Kind::Project, "wc-housing-b");
    let g = field(added, "granted_mu").unwrap();
    assert_eq!(
        (g.a.is_null(), g.b.as_f64(), g.delta),
        (true, Some(60.0), Some(60.0))
    );
    let rural = row(&d, Kind::Project, "jd-rural-b");
    assert_eq!(field(rural, "status").unwrap().b, "none");
    assert_eq!(
        field(rural, "reason").unwrap().b,
        "township without land consolidation in the last 3 years"
    );

    let text = render_table(&d);
    assert!(text.contains("removed") && text.contains("added"), "{text}");
    assert!(!text.contains("\nPools\n") && !text.contains("\nCounties\n"));
    assert_tables_aligned(&text);
    let v: Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(v["rows"][0]["change"], "removed");
    assert_eq!(v["rows"][1]["change"], "added");
}

#[test]
fn statuses_are_compared_when_a_side_is_infeasible() {
    let tmp = tempfile::tempdir().unwrap();
    // Farmer housing needs 140 mu in all; half the 2,400 mu plan cannot be met.
    let inf = variant(tmp.path(), "inf", "min_share = 0.05", "min_share = 0.5");
    let d = diff(&tutorial(), &inf);
    assert!(d.status_changed && !d.rows_compared);
    assert_eq!(d.b.status, "infeasible");
    assert_eq!(d.objective_delta, None);
    assert_eq!(d.granted_mu_delta, None);
    assert!(d.rows.is_empty());
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("has no plan (status infeasible)")),
        "{:?}",
        d.notes
    );
    assert_eq!(d.exit_code(), 0);
    let text = render_table(&d);
    assert!(text.contains("status: optimal → infeasible"), "{text}");
    assert!(
        text.contains("tutorial (infeasible, objective -)"),
        "{text}"
    );
    assert_eq!(
        cli::diff::run_cli(&tutorial(), &inf, false, false, None),
        0,
        "a status change is a diff"
    );

    // Nothing but statuses on either side: exit code 3.
    let both = diff(&inf, &inf);
    assert!(!both.status_changed && !both.rows_compared);
    assert_eq!(both.exit_code(), 3);
    assert_eq!(cli::diff::run_cli(&inf, &inf, true, false, None), 3);
}

#[test]
fn unreadable_inputs_name_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let missing_json = tmp.path().join("nowhere.json");
    let e = diff::diff_paths(&missing_json, &tutorial(), &DiffOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&missing_json.display().to_string()) && e.contains("cannot read"),
        "{e}"
    );

    let missing_dir = tmp.path().join("no-such-scenario");
    let e = diff::diff_paths(&tutorial(), &missing_dir, &DiffOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains(&missing_dir.display().to_string()), "{e}");

    let garbage = tmp.path().join("garbage.json");
    std::fs::write(&garbage, "{ not json").unwrap();
    let e = diff::diff_paths(&garbage, &tutorial(), &DiffOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&garbage.display().to_string()) && e.contains("not valid JSON"),
        "{e}"
    );

    let other = tmp.path().join("other.json");
    std::fs::write(&other, r#"{"scenario": "x", "pools": []}"#).unwrap();
    let e = diff::diff_paths(&tutorial(), &other, &DiffOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&other.display().to_string()) && e.contains("not a landquota result"),
        "{e}"
    );

    // An invalid scenario: its diagnostics, with file and line.
    let bad = repo().join("tests/data/bad/negative_area");
    let e = diff::diff_paths(&bad, &tutorial(), &DiffOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("negative_area/scenario.toml:"), "{e}");
    assert!(e.contains("problem"), "{e}");

    // Both sides bad: both named.
    let e = diff::diff_paths(&missing_json, &garbage, &DiffOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("nowhere.json") && e.contains("garbage.json"),
        "{e}"
    );
    assert_eq!(
        cli::diff::run_cli(&missing_json, &tutorial(), false, false, None),
        1
    );
    assert_eq!(cli::diff::run_cli(&tutorial(), &bad, true, false, None), 1);

    // In the reader's language (the errors are typed, rendered by the command line).
    let e = diff::diff_paths(&missing_json, &other, &DiffOptions::default()).unwrap_err();
    let zh = e.render(landquota::i18n::Lang::Zh);
    assert!(zh.contains("错误：") && zh.contains("无法读取"), "{zh}");
    assert!(
        zh.contains("不是 landquota 的结果") && zh.contains("缺少"),
        "{zh}"
    );
    let out = cli_zh(&[
        "diff",
        garbage.to_str().unwrap(),
        tutorial().to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("不是有效的 JSON"), "{err}");
}

fn cli_zh(args: &[&str]) -> std::process::Output {
    let mut all = vec!["--lang", "zh"];
    all.extend_from_slice(args);
    cli(&all)
}

/// A reason of a side solved here is kept as catalogue words: under `--lang zh` the table and
/// the page say it in Chinese (the same reason as the English text compared); a saved result's
/// reason is shown as it was saved.
#[test]
fn reasons_are_said_in_the_readers_language_when_solved_here() {
    use landquota::i18n::Lang;
    use landquota::render::diff::render_table_in;
    use landquota::render::html::diff::render as page;
    use landquota::render::svg::esc;
    let tmp = tempfile::tempdir().unwrap();
    let cut = variant(tmp.path(), "cut", "capacity_mu = 900", "capacity_mu = 600");
    let d = diff(&tutorial(), &cut);
    let reason = field(row(&d, Kind::Project, "jd-ring"), "reason").expect("jd-ring's reason");
    let (en_a, en_b) = (reason.a.as_str().unwrap(), reason.b.as_str().unwrap());
    let am = reason.a_msg.as_ref().expect("A was solved here");
    let bm = reason.b_msg.as_ref().expect("B was solved here");
    // The words are those of the text compared (the JSON's English).
    assert_eq!(
        (am.render(Lang::En).as_str(), bm.render(Lang::En).as_str()),
        (en_a, en_b)
    );
    let (zh_a, zh_b) = (am.render(Lang::Zh), bm.render(Lang::Zh));
    assert!(
        zh_a != en_a && zh_b != en_b && zh_a != zh_b,
        "{zh_a} / {zh_b}"
    );

    let zh = render_table_in(&d, Lang::Zh);
    assert!(zh.contains(&format!("A: {zh_a}\n")), "{zh}");
    assert!(zh.contains(&format!("B: {zh_b}\n")), "{zh}");
    assert!(!zh.contains(en_a) && !zh.contains(en_b), "{zh}");
    let en = render_table(&d);
    assert!(en.contains(&format!("A: {en_a}\n")) && en.contains(&format!("B: {en_b}\n")));
    let zh_page = page(&d, Lang::Zh);
    assert!(zh_page.contains(&esc(&zh_a)) && zh_page.contains(&esc(&zh_b)));
    assert!(!zh_page.contains(&esc(en_a)) && !zh_page.contains(&esc(en_b)));
    let en_page = page(&d, Lang::En);
    assert!(en_page.contains(&esc(en_a)) && !en_page.contains(&esc(&zh_a)));
    // JSON keeps the English text and nothing else.
    let json: Value = serde_json::from_str(&d.to_json()).unwrap();
    let jr = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "jd-ring")
        .unwrap();
    let jf = jr["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "reason")
        .unwrap();
    assert_eq!(
        (jf["a"].as_str(), jf["b"].as_str()),
        (Some(en_a), Some(en_b))
    );
    assert_eq!(jf.as_object().unwrap().len(), 4, "{jf}");

    // Saved results hold only their text: shown as given, in any language.
    let (sa, sb) = (tmp.path().join("a.json"), tmp.path().join("b.json"));
    save_result(&tutorial(), &sa, true);
    save_result(&cut, &sb, true);
    let saved = diff(&sa, &sb);
    let r = field(row(&saved, Kind::Project, "jd-ring"), "reason").unwrap();
    assert!(r.a_msg.is_none() && r.b_msg.is_none());
    let zh = render_table_in(&saved, Lang::Zh);
    assert!(zh.contains(&format!("A: {en_a}\n")), "{zh}");
    assert!(page(&saved, Lang::Zh).contains(&esc(en_b)));
}

/// A pool whose own row did not change is not listed, yet the fields `by_pool.<pool>` of the
/// counties and projects that moved name it: by its name in the Chinese table and in the
/// page (both languages), never by its id; statuses are words under zh.
#[test]
fn pools_are_named_even_when_their_own_row_is_unchanged() {
    use landquota::i18n::Lang;
    use landquota::render::diff::render_table_in;
    use landquota::render::html::diff::render as page;
    use landquota::render::svg::esc;
    let b = repo().join("scenarios/jinhua-2025-whatif");
    let d = diff(&repo().join("scenarios/jinhua-2025"), &b);
    let sc = landquota::scenario::from_path(&b).unwrap();
    let listed: Vec<&str> = d
        .rows
        .iter()
        .filter(|r| r.kind == Kind::Pool)
        .map(|r| r.id.as_str())
        .collect();
    let unlisted: Vec<(&str, &str)> = sc
        .pools
        .iter()
        .filter(|p| !listed.contains(&p.id.as_str()))
        .filter(|p| {
            d.rows
                .iter()
                .flat_map(|r| &r.fields)
                .any(|f| f.field == format!("by_pool.{}", p.id))
        })
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    assert!(
        !unlisted.is_empty(),
        "the what-if moves grants of a pool whose row is unchanged"
    );
    let zh = render_table_in(&d, Lang::Zh);
    let (en_page, zh_page) = (page(&d, Lang::En), page(&d, Lang::Zh));
    for (id, name) in unlisted {
        assert_ne!(id, name);
        assert!(zh.contains(&format!("来自 {name}（亩）")), "{id}: {zh}");
        assert!(!zh.contains(&format!("来自 {id}")), "{id}");
        assert!(
            en_page.contains(&format!("from pool {}", esc(name))),
            "{id}"
        );
        assert!(!en_page.contains(&format!("from pool {id}")), "{id}");
        assert!(
            zh_page.contains(&format!("来自指标池 {}", esc(name))),
            "{id}"
        );
        assert!(!zh_page.contains(&format!("来自指标池 {id}")), "{id}");
    }
    // Statuses that changed are words in the Chinese table, not the JSON's.
    assert!(
        d.rows
            .iter()
            .flat_map(|r| &r.fields)
            .any(|f| f.field == "status"),
        "some status changed"
    );
    let cells: Vec<&str> = zh.split(['│', '┆', '\n']).map(str::trim).collect();
    for word in ["full", "partial", "none"] {
        assert!(!cells.contains(&word), "{word} in {zh}");
    }
    // English keeps the JSON's paths and words (the historical table).
    assert!(render_table(&d).contains("by_pool."));
}

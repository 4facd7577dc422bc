//! The diff page (`diff A B --format html`): what changed between two runs, as bars, largest
//! first, then every listed change in a table. It renders the same comparison as the table and
//! JSON views (`commands::diff`), so the three never disagree.

use super::charts::{self, DivRow};
use super::{Page, Td, card, figure, grant_word, mu, p, table};
use crate::i18n::{Lang, Msg};
use crate::render::svg::esc;
use crate::render::text::{isolate, isolate_msg};
use crate::report::Grant;
use crate::report::diff::{Change, Diff, Kind, RowDiff, Side};
use crate::report::explain::fmt_value;
use crate::t;
use serde_json::Value;

/// Rows drawn per chart; the table lists them all.
const MAX_BARS: usize = 30;

/// The field a row's bar shows: the mu field that changed most (its signed change), as the
/// diff sorts rows by it.
/// On a tie, the row's main figure (granted or used mu) wins over a pool's share of it.
pub fn main_change(r: &RowDiff) -> Option<(&str, f64)> {
    let main = |f: &str| f == "granted_mu" || f == "used_mu";
    r.fields
        .iter()
        .filter(|f| f.field != "marginal_value")
        .filter_map(|f| f.delta.map(|d| (f.field.as_str(), d)))
        .max_by(|a, b| {
            let (x, y) = (crate::report::r6(a.1.abs()), crate::report::r6(b.1.abs()));
            x.total_cmp(&y).then(main(a.0).cmp(&main(b.0)))
        })
}

fn kind_name(lang: Lang, k: Kind) -> String {
    match k {
        Kind::Pool => t!(lang, "html-diff-pools"),
        Kind::County => t!(lang, "html-counties"),
        Kind::Project => t!(lang, "html-projects"),
    }
}

fn change_name(lang: Lang, c: Change) -> String {
    match c {
        Change::Changed => t!(lang, "html-diff-changed"),
        Change::Added => t!(lang, "html-diff-added"),
        Change::Removed => t!(lang, "html-diff-removed"),
        Change::Unchanged => t!(lang, "html-diff-unchanged"),
    }
}

fn signed(v: f64) -> String {
    let s = mu(v);
    if v > 0.0 && s != "0" {
        format!("+{s}")
    } else {
        s
    }
}

/// A JSON value for a table cell.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => "–".into(),
        Value::Number(n) => n.as_f64().map(mu).unwrap_or_else(|| n.to_string()),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn value_td(v: &Value, names: &[&str]) -> Td {
    match v.as_f64() {
        Some(x) => Td::num(cell(v), x),
        None => Td::text(&isolate_names(&cell(v), names)).with_class("reason"),
    }
}

/// A text of the JSON (a reason) with every name of the diff's rows in it isolated: the
/// text was rendered before it came here, so a name's bidi controls would otherwise reorder
/// the figures after it. Longest names first, so that a name inside another is not split.
fn isolate_names(text: &str, names: &[&str]) -> String {
    let mut out = text.to_string();
    for name in names {
        let isolated = isolate(name);
        if !name.is_empty() && isolated.as_ref() != *name && out.contains(name) {
            out = out.replace(name, &isolated);
        }
    }
    out
}

/// A row's bar: the change in its total (a county's or project's granted mu, a pool's used
/// mu), never a single pool's share of it, so a grant that only moved between pools is not
/// drawn as growth. An added row counts from zero, a removed one to zero. `None` when the
/// total did not change.
pub fn total_change(r: &RowDiff) -> Option<f64> {
    let main = if r.kind == Kind::Pool {
        "used_mu"
    } else {
        "granted_mu"
    };
    let f = r.fields.iter().find(|f| f.field == main)?;
    let d = f.delta.or_else(|| match r.change {
        Change::Added => f.b.as_f64(),
        Change::Removed => f.a.as_f64().map(|v| -v),
        _ => None,
    })?;
    (crate::report::r6(d) != 0.0).then_some(d)
}

/// Rows whose grant only moved between pools (the total unchanged): listed, not drawn.
pub fn pool_moves(d: &Diff, kind: Kind) -> Vec<&RowDiff> {
    d.rows
        .iter()
        .filter(|r| r.kind == kind && r.change == Change::Changed)
        .filter(|r| total_change(r).is_none())
        .filter(|r| r.fields.iter().any(|f| f.field.starts_with("by_pool.")))
        .collect()
}

/// A field's name for people: "granted mu", "pool 城市分批次", ... (the JSON path stays in
/// the JSON view).
pub fn field_name(d: &Diff, f: &str, lang: Lang) -> String {
    // From every pool of both sides: a pool's own row is listed only when it changed.
    let pool = |id: &str| isolate(d.pool_name(id)).into_owned();
    match f {
        "granted_mu" => t!(lang, "html-col-granted"),
        "used_mu" => t!(lang, "doc-diff-used"),
        "capacity_mu" => t!(lang, "doc-diff-capacity"),
        "need_mu" => t!(lang, "html-col-need"),
        "status" => t!(lang, "html-col-status"),
        "reason" => t!(lang, "html-col-reason"),
        "marginal_value" => t!(lang, "html-col-value"),
        "farmland_used_mu" => t!(lang, "xl-farmland-used"),
        "forest_used_mu" => t!(lang, "xl-forest-used"),
        "paid_yuan" => t!(lang, "trades-paid"),
        _ => {
            let indicator = |id: &str| {
                crate::scenario::Indicator::ALL
                    .iter()
                    .find(|i| i.as_str() == id)
                    .map_or_else(
                        || id.to_string(),
                        |i| crate::report::explain::indicator_name(*i).render(lang),
                    )
            };
            if let Some(id) = f.strip_prefix("by_pool.") {
                t!(lang, "doc-diff-from-pool", pool = pool(id))
            } else if let Some(y) = f.strip_prefix("by_year.") {
                t!(lang, "doc-diff-in-year", year = y)
            } else if let Some(i) = f.strip_prefix("bought_mu.") {
                t!(lang, "doc-diff-bought", indicator = indicator(i))
            } else if let Some(i) = f.strip_prefix("sold_mu.") {
                t!(lang, "doc-diff-sold", indicator = indicator(i))
            } else {
                f.to_string()
            }
        }
    }
}

/// A status value in words (full/partial/none); a reason in the reader's language when its
/// side was solved here (its words, names isolated), as saved otherwise; anything else as it is.
fn value_words(v: &Value, msg: Option<&Msg>, field: &str, names: &[&str], lang: Lang) -> Td {
    match (field, v.as_str(), msg) {
        ("status", Some(s), _) if Grant::from_name(s).is_some() => {
            Td::text(&grant_word(lang, Grant::from_name(s).expect("matched")))
        }
        ("reason", Some(_), Some(m)) => Td::text(&isolate_msg(m).render(lang)).with_class("reason"),
        _ => value_td(v, names),
    }
}

/// The bars of one kind of row, largest change first.
pub fn chart(d: &Diff, kind: Kind, lang: Lang) -> Option<String> {
    let mut rows: Vec<DivRow> = d
        .rows
        .iter()
        .filter(|r| r.kind == kind && r.change != Change::Unchanged)
        .filter_map(|r| {
            let delta = total_change(r)?;
            let label = if r.name.is_empty() || r.name == r.id {
                r.id.clone()
            } else {
                // Isolated: composed with the field's name below.
                isolate(&r.name).into_owned()
            };
            Some(DivRow {
                key: r.id.clone(),
                label,
                value: delta,
                tip: format!("{} ({}): {}", isolate(&r.name), r.id, signed(delta)),
                note: signed(delta),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        crate::report::r6(b.value.abs())
            .total_cmp(&crate::report::r6(a.value.abs()))
            .then(a.key.cmp(&b.key))
    });
    rows.truncate(MAX_BARS);
    if rows.is_empty() {
        return None;
    }
    Some(charts::diverging(
        &rows,
        &t!(lang, "html-unit-mu"),
        &t!(lang, "html-diff-fig", kind = kind_name(lang, kind)),
    ))
}

/// A run's status in words (`optimal` → 最优); a word no status has, as it is.
fn status_words(lang: Lang, status: &str) -> String {
    crate::report::diff::status_word(lang, status)
}

fn side_text(lang: Lang, s: &Side) -> String {
    t!(
        lang,
        "html-diff-side",
        scenario = isolate(&s.scenario),
        path = &s.path,
        status = status_words(lang, &s.status),
        objective = s.objective.map(fmt_value).unwrap_or_else(|| "–".into())
    )
}

pub fn render(d: &Diff, lang: Lang) -> String {
    let title = t!(
        lang,
        "html-diff-title",
        a = isolate(&d.a.scenario),
        b = isolate(&d.b.scenario)
    );
    let mut page = Page::new(lang, &title);
    page.push(&format!(
        "<header class=\"doc\"><div class=\"kicker\">{}</div><h1>{}</h1><div class=\"meta\">A: {}<br>B: {}</div></header>\n",
        esc(&t!(lang, "html-diff-kicker")),
        esc(&title),
        esc(&side_text(lang, &d.a)),
        esc(&side_text(lang, &d.b)),
    ));
    let delta = |v: Option<f64>| v.map(signed).unwrap_or_else(|| "–".into());
    let mut cards = String::from("<div class=\"cards\">");
    cards.push_str(&card(
        &t!(lang, "html-diff-objective"),
        &d.objective_delta
            .map(|v| {
                let s = fmt_value(v);
                if v > 0.0 { format!("+{s}") } else { s }
            })
            .unwrap_or_else(|| "–".into()),
        &t!(lang, "html-diff-b-minus-a"),
    ));
    cards.push_str(&card(
        &t!(lang, "html-diff-granted"),
        &delta(d.granted_mu_delta),
        &t!(lang, "html-unit-mu"),
    ));
    cards.push_str(&card(
        &t!(lang, "html-diff-rows"),
        &d.changed.to_string(),
        &t!(lang, "html-diff-rows-sub", unchanged = d.unchanged),
    ));
    cards.push_str("</div>\n");
    page.push(&cards);
    if d.status_changed {
        page.push(&format!(
            "<div class=\"banner warn\">{}</div>\n",
            esc(&t!(
                lang,
                "html-diff-status",
                a = status_words(lang, &d.a.status),
                b = status_words(lang, &d.b.status)
            ))
        ));
    }
    // In the page's language (the JSON's `notes` are English).
    for n in crate::report::diff::notes_of(&d.a, &d.b, lang) {
        page.push(&p(&n));
    }
    let mut charts_html = String::new();
    for kind in [Kind::Pool, Kind::County, Kind::Project] {
        if let Some(svg) = chart(d, kind, lang) {
            charts_html.push_str(&format!("<h3>{}</h3>", esc(&kind_name(lang, kind))));
            charts_html.push_str(&figure(&svg, &t!(lang, "html-diff-cap", n = MAX_BARS)));
        }
        let moves = pool_moves(d, kind);
        if !moves.is_empty() {
            let names: Vec<String> = moves
                .iter()
                .map(|r| isolate(&r.name).into_owned())
                .collect();
            charts_html.push_str(&p(&t!(
                lang,
                "doc-diff-moves",
                n = moves.len(),
                list = names.join(&t!(lang, "list-comma"))
            )));
        }
    }
    if charts_html.is_empty() {
        charts_html = p(&t!(lang, "html-diff-nothing"));
    }
    page.section("changes", &t!(lang, "html-diff-changes"), &charts_html);
    let header = vec![
        (t!(lang, "html-diff-col-kind"), false),
        (t!(lang, "html-col-id"), false),
        (t!(lang, "html-diff-col-change"), false),
        (t!(lang, "html-diff-col-field"), false),
        ("A".to_string(), true),
        ("B".to_string(), true),
        (t!(lang, "html-diff-col-delta"), true),
    ];
    // Every name of the diff, longest first, for the texts (reasons) that hold them.
    let mut names: Vec<&str> = d.rows.iter().map(|r| r.name.as_str()).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    let mut rows = Vec::new();
    for r in &d.rows {
        for f in &r.fields {
            rows.push(vec![
                Td::text(&kind_name(lang, r.kind)).with_class("tight"),
                Td::html(format!(
                    "{} <span class=\"id\">{}</span>",
                    esc(&r.name),
                    esc(&r.id)
                )),
                Td::text(&change_name(lang, r.change)).with_class("tight"),
                Td::text(&field_name(d, &f.field, lang)),
                value_words(&f.a, f.a_msg.as_ref(), &f.field, &names, lang),
                value_words(&f.b, f.b_msg.as_ref(), &f.field, &names, lang),
                match f.delta {
                    Some(v) => Td::num(signed(v), v),
                    None => Td::text("–"),
                },
            ]);
        }
    }
    let mut table_html = table("diff", &header, rows, true);
    if d.omitted > 0 {
        table_html.push_str(&p(&t!(lang, "html-diff-omitted", n = d.omitted)));
    }
    page.section("table", &t!(lang, "html-diff-table"), &table_html);
    page.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::diff::{DiffOptions, diff_paths};
    use crate::render::html::charts::{attr, values_in};
    use std::path::Path;

    #[test]
    fn bars_are_the_diffs_changes_largest_first() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let d = diff_paths(
            &root.join("scenarios/jinhua-2025"),
            &root.join("scenarios/jinhua-2025-whatif"),
            &DiffOptions::default(),
        )
        .unwrap();
        let svg = chart(&d, Kind::County, Lang::En).expect("counties changed");
        let drawn = values_in(&svg, "class=\"seg");
        let want: Vec<f64> = d
            .rows
            .iter()
            .filter(|r| r.kind == Kind::County && r.change != Change::Unchanged)
            .filter_map(total_change)
            .collect();
        assert!(!want.is_empty());
        // Every drawn bar is a county's change in granted mu, from the diff's own fields.
        assert_eq!(drawn.len(), want.len().min(MAX_BARS));
        assert!(
            drawn.windows(2).all(|w| w[0].abs() >= w[1].abs() - 1e-9),
            "{drawn:?}"
        );
        for r in d.rows.iter().filter(|r| r.kind == Kind::County) {
            let granted = r
                .fields
                .iter()
                .find(|f| f.field == "granted_mu")
                .and_then(|f| f.delta);
            match total_change(r) {
                Some(v) => {
                    assert_eq!(granted, Some(v), "{}", r.id);
                    assert_eq!(values_in(&svg, &attr("data-key", &r.id)), vec![v]);
                }
                None => assert!(values_in(&svg, &attr("data-key", &r.id)).is_empty()),
            }
        }
        let html = render(&d, Lang::Zh);
        assert!(html.contains("<svg") && !html.contains("http"));
    }
}

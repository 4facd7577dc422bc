//! The diff of two runs as a table for the terminal.

use crate::i18n::Lang;
use crate::report::diff::{
    Change, Diff, Kind, RowDiff, Side, Source, field_label, notes_of, status_word,
};
use crate::report::explain::fmt_value;
use crate::report::r6;
use crate::t;
use comfy_table::{CellAlignment, Table, presets};
use serde_json::Value;

fn fmt_num(v: f64) -> String {
    let v = r6(v);
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        if s == "0.00" || s == "-0.00" {
            let s = format!("{v:.6}");
            s.trim_end_matches('0').to_string()
        } else {
            s
        }
    }
}

fn fmt_signed(v: f64) -> String {
    let s = fmt_num(v);
    if s.starts_with('-') || s == "0" {
        s
    } else {
        format!("+{s}")
    }
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map(|v| format!("{:.6}", r6(v))).unwrap_or("-".into())
}

fn fmt_cell(v: &Value, fk_value: bool) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(x) if fk_value => fmt_value(x),
            Some(x) => fmt_num(x),
            None => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// A project's status (`full`, `partial`, `none`) in the reader's words; English keeps the
/// JSON's word, anything else is shown as it is.
fn grant_word(v: &Value, lang: Lang) -> String {
    use crate::report::Grant;
    let g = match v.as_str() {
        Some("full") => Grant::Full,
        Some("partial") => Grant::Partial,
        Some("none") => Grant::None,
        _ => return fmt_cell(v, false),
    };
    crate::report::grant_name(g).render(lang)
}

/// The terminal view: a header, then Pools, Counties and Projects with every changed field.
/// In English; [`render_table_in`] for another language.
pub fn render_table(d: &Diff) -> String {
    render_table_in(d, Lang::En)
}

/// [`render_table`] in `lang`: words from the catalogue (`diff-*`), ids, names and numbers as
/// they are. The English is the historical text, byte for byte.
pub fn render_table_in(d: &Diff, lang: Lang) -> String {
    let mut out = String::new();
    let side = |s: &Side| {
        t!(
            lang,
            "diff-side",
            scenario = &s.scenario,
            status = status_word(lang, &s.status),
            objective = fmt_opt(s.objective)
        )
    };
    out.push_str(&t!(
        lang,
        "diff-head",
        a = side(&d.a),
        b = side(&d.b),
        delta = d
            .objective_delta
            .map(|v| format!("{:+.6}", r6(v)))
            .unwrap_or("-".into())
    ));
    out.push('\n');
    let source = |s: &Side| match s.source {
        Source::Scenario => t!(lang, "diff-source-scenario"),
        Source::Result => t!(lang, "diff-source-result"),
    };
    for (label, s) in [("A", &d.a), ("B", &d.b)] {
        out.push_str(&t!(
            lang,
            "diff-path",
            side = label,
            path = &s.path,
            source = source(s)
        ));
        out.push('\n');
    }
    if d.status_changed {
        out.push_str(&t!(
            lang,
            "diff-status",
            a = status_word(lang, &d.a.status),
            b = status_word(lang, &d.b.status)
        ));
        out.push('\n');
    }
    if d.rows_compared {
        out.push_str(&t!(
            lang,
            "diff-totals",
            weighted_a = fmt_opt(d.a.weighted_mu),
            weighted_b = fmt_opt(d.b.weighted_mu),
            weighted_delta = d.weighted_mu_delta.map(fmt_signed).unwrap_or("-".into()),
            granted_a = d.a.granted_mu.map(fmt_num).unwrap_or("-".into()),
            granted_b = d.b.granted_mu.map(fmt_num).unwrap_or("-".into()),
            granted_delta = d.granted_mu_delta.map(fmt_signed).unwrap_or("-".into()),
        ));
        out.push('\n');
    }
    for n in notes_of(&d.a, &d.b, lang) {
        out.push_str(&t!(lang, "diff-note", note = n));
        out.push('\n');
    }
    if !d.rows_compared {
        return out;
    }
    let mut reasons = Vec::new();
    for (kind, title, label) in [
        (Kind::Pool, "diff-pools", "col-pool"),
        (Kind::County, "diff-counties", "col-county"),
        (Kind::Project, "diff-projects", "col-project"),
    ] {
        let rows: Vec<&RowDiff> = d.rows.iter().filter(|r| r.kind == kind).collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{}\n", t!(lang, title)));
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED);
        t.set_header(
            [
                label,
                "col-name",
                "diff-col-change",
                "diff-col-field",
                "diff-col-a",
                "diff-col-b",
                "diff-col-delta",
            ]
            .iter()
            .map(|id| t!(lang, id))
            .collect::<Vec<_>>(),
        );
        for i in 4..7 {
            if let Some(c) = t.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        for r in rows {
            let mut fields = Vec::new();
            let mut a = Vec::new();
            let mut b = Vec::new();
            let mut delta = Vec::new();
            for f in &r.fields {
                fields.push(field_label(lang, &f.field, &|p| d.pool_name(p).to_string()));
                if f.field == "reason" {
                    reasons.push((
                        r.id.clone(),
                        f.text_in(false, lang)
                            .unwrap_or_else(|| fmt_cell(&f.a, false)),
                        f.text_in(true, lang)
                            .unwrap_or_else(|| fmt_cell(&f.b, false)),
                    ));
                    a.push(String::new());
                    b.push(String::new());
                    delta.push(t!(lang, "diff-changed-below"));
                    continue;
                }
                let is_value = f.field == "marginal_value";
                if f.field == "status" {
                    a.push(grant_word(&f.a, lang));
                    b.push(grant_word(&f.b, lang));
                } else {
                    a.push(fmt_cell(&f.a, is_value));
                    b.push(fmt_cell(&f.b, is_value));
                }
                delta.push(match f.delta {
                    Some(x) if is_value => {
                        let s = fmt_value(x);
                        if s.starts_with('-') || s == "0" {
                            s
                        } else {
                            format!("+{s}")
                        }
                    }
                    Some(x) => fmt_signed(x),
                    None if f.a != f.b && r.change == Change::Changed => {
                        t!(lang, "diff-change-changed")
                    }
                    None => String::new(),
                });
            }
            let change = match r.change {
                Change::Changed => "diff-change-changed",
                Change::Added => "diff-change-added",
                Change::Removed => "diff-change-removed",
                Change::Unchanged => "diff-change-unchanged",
            };
            t.add_row(vec![
                r.id.clone(),
                r.name.clone(),
                t!(lang, change),
                fields.join("\n"),
                a.join("\n"),
                b.join("\n"),
                delta.join("\n"),
            ]);
        }
        out.push_str(&format!("{t}\n"));
    }
    if !reasons.is_empty() {
        out.push('\n');
        out.push_str(&t!(lang, "diff-reasons"));
        out.push('\n');
        for (id, a, b) in reasons {
            out.push_str(&format!("  {id}\n    A: {a}\n    B: {b}\n"));
        }
    }
    out.push('\n');
    let count = |id_one: &str, id: &str, n: usize| {
        if n == 1 {
            t!(lang, id_one)
        } else {
            t!(lang, id, count = n)
        }
    };
    if d.changed == 0 {
        out.push_str(&t!(lang, "diff-no-changes"));
    } else {
        out.push_str(&count(
            "diff-rows-changed-one",
            "diff-rows-changed",
            d.changed,
        ));
    }
    if d.hidden_unchanged > 0 {
        out.push_str(&count(
            "diff-rows-hidden-one",
            "diff-rows-hidden",
            d.hidden_unchanged,
        ));
    } else if d.unchanged > 0 {
        out.push_str(&t!(lang, "diff-rows-unchanged", count = d.unchanged));
    }
    if d.omitted > 0 {
        out.push_str(&count(
            "diff-rows-omitted-one",
            "diff-rows-omitted",
            d.omitted,
        ));
    }
    out.push('\n');
    out
}

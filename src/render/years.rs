//! The multi-year and trading tables for the terminal.

use crate::i18n::Lang;
use crate::report::{ByPool, Report};
use crate::t;

/// The terminal view's year-by-year table (multi-year plans).
pub fn render_years(r: &Report, lang: Lang) -> String {
    use super::{fmt_mu, new_table};
    if r.years.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", t!(lang, "years-title"));
    let header = [
        "years-year",
        "years-pool",
        "years-capacity",
        "years-used",
        "years-carried-in",
        "years-carried-out",
        "years-borrowed",
        "years-lent",
    ]
    .iter()
    .map(|id| crate::i18n::tr(lang, id, &[]))
    .collect();
    let mut t = new_table(header, 2);
    for y in &r.years {
        for p in &y.pools {
            t.add_row(vec![
                y.year.to_string(),
                p.id.clone(),
                fmt_mu(p.capacity_mu),
                fmt_mu(p.used_mu),
                fmt_mu(p.carried_in_mu),
                fmt_mu(p.carried_out_mu),
                fmt_mu(p.borrowed_mu),
                fmt_mu(p.lent_mu),
            ]);
        }
        t.add_row(vec![
            y.year.to_string(),
            t!(lang, "years-all"),
            fmt_mu(y.plan_mu),
            fmt_mu(y.granted_mu),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out
}

/// The terminal view's trades and per-county purchases (scenarios with trading).
pub fn render_trades(r: &Report, lang: Lang) -> String {
    use super::{fmt_mu, new_table};
    use crate::report::explain::{fmt_value, indicator_name};
    let Some(trades) = &r.trades else {
        return String::new();
    };
    let mut out = format!("\n{}\n", t!(lang, "trades-title", n = trades.len()));
    if trades.is_empty() {
        return out;
    }
    let words = |ids: &[&str]| -> Vec<String> {
        ids.iter()
            .map(|id| crate::i18n::tr(lang, id, &[]))
            .collect()
    };
    let mut t = new_table(
        words(&[
            "years-year",
            "trades-from",
            "trades-to",
            "trades-indicator",
            "trades-mu",
            "trades-price",
            "trades-yuan",
        ]),
        4,
    );
    for tr in trades {
        t.add_row(vec![
            tr.year.to_string(),
            tr.from.clone(),
            tr.to.clone(),
            indicator_name(tr.indicator).render(lang),
            fmt_mu(tr.mu),
            fmt_value(tr.price_yuan_per_mu),
            format!("{:.2}", tr.amount_yuan),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    let mut t = new_table(
        words(&[
            "trades-county",
            "trades-bought",
            "trades-sold",
            "trades-paid",
            "trades-received",
        ]),
        1,
    );
    let list = |b: &ByPool| {
        b.0.iter()
            .map(|(k, v)| format!("{k} {}", fmt_mu(*v)))
            .collect::<Vec<_>>()
            .join(&t!(lang, "list-comma"))
    };
    for c in &r.counties {
        if let Some(ct) = &c.trading
            && (!ct.bought_mu.0.is_empty() || !ct.sold_mu.0.is_empty())
        {
            t.add_row(vec![
                c.id.clone(),
                list(&ct.bought_mu),
                list(&ct.sold_mu),
                format!("{:.2}", ct.paid_yuan),
                format!("{:.2}", ct.received_yuan),
            ]);
        }
    }
    out.push_str(&format!("{t}\n"));
    out
}

/// The line that marks a what-if in every document: the `--set` edits, verbatim.
pub fn what_if_line(r: &Report, lang: Lang) -> Option<String> {
    r.is_what_if().then(|| {
        t!(
            lang,
            "doc-what-if",
            edits = r.overrides.join(&t!(lang, "list-comma"))
        )
    })
}

/// The rules that bind a county, each once, with the years it binds in (a multi-year plan has
/// a row per year: "stock linkage (2025, 2026, 2027)", not the rule three times).
pub fn binding_list(b: &[crate::report::explain::RuleValue], lang: Lang) -> String {
    let mut rules: Vec<(&str, Vec<i64>)> = Vec::new();
    for v in b {
        match rules.iter_mut().find(|(r, _)| *r == v.rule) {
            Some((_, years)) => years.extend(v.year),
            None => rules.push((v.rule, v.year.into_iter().collect())),
        }
    }
    rules
        .iter()
        .map(|(rule, years)| {
            let name = crate::report::rule_name(rule).render(lang);
            if years.is_empty() {
                name
            } else {
                let ys: Vec<String> = years.iter().map(i64::to_string).collect();
                t!(
                    lang,
                    "doc-rule-in-years",
                    rule = name,
                    years = ys.join(&t!(lang, "list-comma"))
                )
            }
        })
        .collect::<Vec<_>>()
        .join(&t!(lang, "list-comma"))
}

/// Grants of a row by year, in the horizon's order (zero where a year is missing).
pub fn year_values(r: &Report, by_year: Option<&crate::report::years::ByYear>) -> Vec<f64> {
    let years = r.horizon.as_ref().map_or(&[][..], |h| &h.years[..]);
    years
        .iter()
        .map(|y| {
            by_year
                .and_then(|b| b.0.iter().find(|(k, _)| k == y))
                .map_or(0.0, |(_, v)| *v)
        })
        .collect()
}

/// Each county's grant in each year (from the year rows), in the horizon's order.
pub fn county_years(r: &Report, county: &str) -> Vec<f64> {
    r.years
        .iter()
        .map(|y| {
            y.by_county
                .0
                .iter()
                .find(|(k, _)| k == county)
                .map_or(0.0, |(_, v)| *v)
        })
        .collect()
}

/// The horizon's years as column headers: the plan year, then the later ones marked
/// provisional.
pub fn year_headers(r: &Report, lang: Lang) -> Vec<String> {
    r.horizon
        .as_ref()
        .map(|h| {
            h.years
                .iter()
                .enumerate()
                .map(|(i, y)| {
                    if i == 0 {
                        t!(lang, "doc-col-year-plan", year = y)
                    } else {
                        t!(lang, "doc-col-year-later", year = y)
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A multi-year plan's plan year, the annual plan being issued, beside the horizon's totals:
/// "plan year 2025: 19,761 of 25,000 mu granted; 2025–2027 together: 57,171 of 67,000".
pub fn plan_year_line(r: &Report, lang: Lang) -> Option<String> {
    let (first, last) = (r.years.first()?, r.years.last()?);
    Some(t!(
        lang,
        "doc-plan-year-line",
        year = first.year,
        granted = super::fmt_mu(first.granted_mu),
        plan = super::fmt_mu(first.plan_mu),
        from = first.year,
        to = last.year,
        horizon_granted = super::fmt_mu(r.granted_mu),
        horizon_plan = super::fmt_mu(r.plan_mu)
    ))
}

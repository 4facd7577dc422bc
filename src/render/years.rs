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

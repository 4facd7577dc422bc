//! The explanations' part of the output contract: marginal values by rule and id, conflicts of
//! an infeasible scenario, and the words and number formats every view shares for them. They
//! are computed from the LP in `commands::analysis`.

use crate::i18n::Msg;
use crate::msg;
use crate::scenario::*;
use serde::Serialize;

/// Mu by which a counterfactual reason relaxes a rule measured in mu (`projects[].stopped_by`:
/// `pools.<id>.capacity_mu=+100`, ...).
pub const STEP_MU: f64 = 100.0;
/// By how much it relaxes a rule measured as a share: one percentage point.
pub const STEP_SHARE: f64 = 0.01;

/// The unit of every marginal value in the output.
pub const VALUE_UNIT: &str = "objective (weighted mu) per mu";

#[derive(Debug, Clone, Serialize)]
pub struct RuleValue {
    pub rule: &'static str,
    pub id: String,
    pub binding: bool,
    #[serde(serialize_with = "super::ser_r6")]
    pub slack_mu: f64,
    /// Change in the objective per mu of the rule's right-hand side, when the same both ways.
    #[serde(serialize_with = "super::ser_opt_r6")]
    pub marginal_value: Option<f64>,
    /// Per extra mu (`null`: infeasible beyond).
    #[serde(serialize_with = "super::ser_opt_r6")]
    pub marginal_value_more: Option<f64>,
    /// Per mu taken away (`null`: infeasible beyond).
    #[serde(serialize_with = "super::ser_opt_r6")]
    pub marginal_value_less: Option<f64>,
    /// Multi-year plans: the year of the row (absent for rows over the whole horizon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConflictRow {
    pub rule: &'static str,
    pub id: String,
    /// Mu this rule gives in the smallest relaxation of all rules together.
    #[serde(serialize_with = "super::ser_r6")]
    pub relax_mu: f64,
    /// Mu it would have to give if relaxed alone (`null`: relaxing it alone is not enough).
    #[serde(serialize_with = "super::ser_opt_r6")]
    pub relax_alone_mu: Option<f64>,
    /// What to change, in words (English in JSON, the reader's language in tables).
    pub suggestion: Msg,
}

/// A market's id: the indicator, and the city when trading is within cities (`farmland@金华市`).
pub fn market_id(sc: &Scenario, i: Indicator, group: usize) -> String {
    let (groups, _) = sc.trading_scopes();
    match groups.get(group) {
        Some((city, _)) if !city.is_empty() => format!("{}@{city}", i.as_str()),
        _ => i.as_str().to_string(),
    }
}

/// An indicator's name for people.
pub fn indicator_name(i: Indicator) -> Msg {
    match i {
        Indicator::Farmland => msg!("indicator-farmland"),
        Indicator::Forest => msg!("indicator-forest"),
        Indicator::Linkage => msg!("indicator-linkage"),
    }
}

/// A value in objective units for people: 4 decimals, trailing zeros dropped (1.8, 0.3333).
/// This also hides the list-order tie-break (at most 10⁻⁶ relative); JSON keeps full precision.
pub fn fmt_value(v: f64) -> String {
    let s = format!("{:.4}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// "ready only from 2026", "of use only until 2026", or both: a project's window of years.
pub fn ready_text(sc: &Scenario, p: ProjectId) -> Msg {
    let proj = sc.project(p);
    let years = &sc.horizon.years;
    let first = years[0];
    let mut parts = Vec::new();
    if proj.ready > 0 {
        parts.push(msg!("window-ready", year = first + proj.ready as i64));
    }
    if proj.last + 1 < years.len() {
        parts.push(msg!("window-last", year = first + proj.last as i64));
    }
    Msg::List(parts)
}

/// The trades of a report that involve a county, one line each.
pub fn trade_lines(report: &super::Report, county: &str) -> Vec<Msg> {
    let Some(trades) = &report.trades else {
        return Vec::new();
    };
    trades
        .iter()
        .filter(|t| t.to == county || t.from == county)
        .map(|t| {
            let (id, other) = if t.to == county {
                ("story-bought-line", &t.from)
            } else {
                ("story-sold-line", &t.to)
            };
            msg!(id)
                .with("mu", fmt_value(t.mu))
                .with("indicator", indicator_name(t.indicator))
                .with("other", other.clone())
                .with("price", fmt_value(t.price_yuan_per_mu))
                .with("amount", fmt_value((t.amount_yuan * 100.0).round() / 100.0))
                .with("year", t.year)
        })
        .collect()
}

/// "34.2%" (one decimal; "100%", "0%" without).
pub fn percent(ratio: f64) -> String {
    let p = format!("{:.1}", 100.0 * ratio);
    let p = p.trim_end_matches(".0");
    format!("{p}%")
}

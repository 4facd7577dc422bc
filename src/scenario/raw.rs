//! Serde mirror of the scenario file: field names here are the file format.
//!
//! Everything is optional or loosely typed where a careless file could get it wrong, so that
//! validation (not serde) reports the problem with a hint, and reports all of them at once.
//! Areas come as `<name>_mu` or `<name>_ha`; `validate` converts hectares at the edge.

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub name: Option<String>,
    pub year: Option<i64>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    /// "weighted" (default) or "lexicographic".
    pub mode: Option<String>,
    /// "fair" (default), "list-order" or "none".
    pub tie_break: Option<String>,
    pub tier_weights: Option<RawTierWeights>,
    /// Relative weight bonus for projects in townships with recent land consolidation (优先配置).
    pub consolidated_bonus: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawTierWeights {
    pub national: Option<f64>,
    pub provincial: Option<f64>,
    pub city: Option<f64>,
    pub county: Option<f64>,
    pub block: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: String,
    pub name: Option<String>,
    /// Rural construction, subject to "no consolidation, no land" (无整治不用地).
    #[serde(default, deserialize_with = "flexible_bool")]
    pub rural: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPool {
    pub id: String,
    pub name: Option<String>,
    pub capacity_mu: Option<f64>,
    pub capacity_ha: Option<f64>,
    pub categories: Vec<String>,
    /// Rewards (奖励指标): the counties (ids) or cities (names) that may draw on this pool; all
    /// when absent.
    pub counties: Option<Vec<String>>,
    /// Multi-year: the capacity of each later year of the horizon, by year ("2026" = 12000).
    pub capacity_by_year_mu: Option<std::collections::BTreeMap<String, f64>>,
    pub capacity_by_year_ha: Option<std::collections::BTreeMap<String, f64>>,
    /// Multi-year: unused capacity that may be carried from one year to the next (default 0).
    pub carry_over_max_mu: Option<f64>,
    pub carry_over_max_ha: Option<f64>,
    /// Multi-year: capacity of next year that may be used a year early (预支, default 0).
    pub borrow_max_mu: Option<f64>,
    pub borrow_max_ha: Option<f64>,
    /// Linkage surplus (增减挂钩节余指标): the pool is held by the counties, each drawing at most
    /// its own `linkage_surplus_mu` (plus what it buys, less what it sells).
    #[serde(default, deserialize_with = "flexible_bool")]
    pub county_held: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCounty {
    pub id: String,
    pub name: Option<String>,
    pub city: Option<String>,
    pub disposed_unsupplied_mu: Option<f64>,
    pub disposed_unsupplied_ha: Option<f64>,
    pub disposed_idle_mu: Option<f64>,
    pub disposed_idle_ha: Option<f64>,
    pub farmland_held_mu: Option<f64>,
    pub farmland_held_ha: Option<f64>,
    pub forest_held_mu: Option<f64>,
    pub forest_held_ha: Option<f64>,
    pub floor_mu: Option<f64>,
    pub floor_ha: Option<f64>,
    pub cap_mu: Option<f64>,
    pub cap_ha: Option<f64>,
    #[serde(default, deserialize_with = "flexible_bool")]
    pub frozen: Option<bool>,
    /// Linkage surplus indicators (增减挂钩节余指标) held, for a `county_held` pool.
    pub linkage_surplus_mu: Option<f64>,
    pub linkage_surplus_ha: Option<f64>,
    /// Equal-area deduction (等量扣减) for illegal farmland occupation, in the plan year.
    pub deduction_mu: Option<f64>,
    pub deduction_ha: Option<f64>,
    /// Trading: the most the county may spend on indicators in a year (yuan).
    pub trade_budget_yuan: Option<f64>,
    /// Trading: the share of its holdings the county may sell (overrides the scenario's).
    pub max_sell_share: Option<f64>,
}

/// One county's figures for one later year of a multi-year horizon (`county_years`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCountyYear {
    pub county: String,
    pub year: i64,
    /// Stock disposed in that year (stock linkage); absent: the county's own figures.
    pub disposed_unsupplied_mu: Option<f64>,
    pub disposed_unsupplied_ha: Option<f64>,
    pub disposed_idle_mu: Option<f64>,
    pub disposed_idle_ha: Option<f64>,
    /// Indicators newly banked that year (added to what is left); absent: none.
    pub farmland_held_mu: Option<f64>,
    pub farmland_held_ha: Option<f64>,
    pub forest_held_mu: Option<f64>,
    pub forest_held_ha: Option<f64>,
    pub linkage_surplus_mu: Option<f64>,
    pub linkage_surplus_ha: Option<f64>,
    /// Deduction (等量扣减) from what the county may receive that year; absent: none.
    pub deduction_mu: Option<f64>,
    pub deduction_ha: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTownship {
    pub id: String,
    pub county: String,
    pub name: Option<String>,
    /// Land consolidation done in the last three years.
    #[serde(default, deserialize_with = "flexible_bool")]
    pub consolidated: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    pub id: String,
    pub name: Option<String>,
    pub county: String,
    pub township: Option<String>,
    pub category: String,
    pub tier: String,
    pub need_mu: Option<f64>,
    pub need_ha: Option<f64>,
    pub farmland_mu: Option<f64>,
    pub farmland_ha: Option<f64>,
    pub forest_mu: Option<f64>,
    pub forest_ha: Option<f64>,
    #[serde(default, deserialize_with = "flexible_bool")]
    pub outside_boundary: Option<bool>,
    /// 0 (default) divisible; 1 all-or-nothing; in between: nothing or at least this share.
    pub min_share: Option<f64>,
    /// Multi-year: the first year the project can use quota (default: the plan year).
    pub ready_from: Option<i64>,
    /// Multi-year: the last year a grant is of use to it (default: the end of the horizon).
    pub last_year: Option<i64>,
    /// The officer's own remarks (备注), carried to the outputs as written; no rule reads them.
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    pub stock_linkage: Option<RawStockLinkage>,
    pub farmland: Option<RawBalance>,
    pub forest: Option<RawBalance>,
    pub outside_boundary: Option<RawOutsideBoundary>,
    #[serde(default)]
    pub earmarks: Vec<RawEarmark>,
    pub freeze: Option<RawExemptions>,
    pub consolidation: Option<RawExemptions>,
    pub horizon: Option<RawHorizon>,
    pub trading: Option<RawTrading>,
}

/// A rolling multi-year plan (三年项目滚动库): the first year is the plan being decided.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHorizon {
    /// Required (validation says so); a default here lets `extends` and `--set` build the
    /// table one field at a time.
    #[serde(default)]
    pub years: Vec<i64>,
    /// Weight of a mu granted one year later relative to one granted now (default 0.9).
    pub discount: Option<f64>,
}

/// Indicator trading between counties (补充耕地指标, 林地定额, 增减挂钩节余指标 调剂).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrading {
    /// "city" (default: counties of the same city trade) or "province" (all of them).
    pub scope: Option<String>,
    /// Which indicators may be traded: "farmland", "forest", "linkage".
    #[serde(default)]
    pub indicators: Vec<String>,
    /// The floor price (最低保护价) per indicator, yuan per mu.
    pub floor_price_yuan_per_mu: Option<std::collections::BTreeMap<String, f64>>,
    /// The price trades are made at, per indicator (≥ the floor; default the floor).
    pub price_yuan_per_mu: Option<std::collections::BTreeMap<String, f64>>,
    /// Share of its holdings a county may sell (default 1); per county `max_sell_share`.
    pub max_sell_share: Option<f64>,
    /// Cost of a trade per mu (yuan), charged to the objective through `yuan_per_weighted_mu`.
    pub transaction_cost_yuan_per_mu: Option<f64>,
    /// What one weighted mu of quota is worth in yuan: converts costs and marginal values.
    pub yuan_per_weighted_mu: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStockLinkage {
    pub alpha: Option<f64>,
    pub beta: Option<f64>,
    pub base_mu: Option<f64>,
    pub base_ha: Option<f64>,
    pub pools: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBalance {
    pub shared_pool_mu: Option<f64>,
    pub shared_pool_ha: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutsideBoundary {
    pub max_share_total: Option<f64>,
    pub max_share_county: Option<f64>,
    /// Multi-year: the share over the whole horizon (each year's own share applies too).
    pub max_share_horizon: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEarmark {
    /// Required; optional here so that one unreadable earmark can be left out of the list
    /// without shifting the positions of the others (validation reports a missing one).
    pub category: Option<String>,
    pub min_share: Option<f64>,
    /// "plan" (default: share of the sum of pool capacities) or "granted".
    pub basis: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExemptions {
    #[serde(default)]
    pub exempt_categories: Vec<String>,
}

/// What `flexible_bool` accepts as text, for messages.
pub const BOOL_WORDS: &str = "true/false (also accepted: yes/no, 1/0, 是/否)";

/// Reads a boolean written as text: `Some(None)` for an empty cell, `None` if unreadable.
pub fn parse_bool_text(s: &str) -> Option<Option<bool>> {
    match s.trim().to_lowercase().as_str() {
        "" => Some(None),
        "true" | "yes" | "y" | "1" | "是" => Some(Some(true)),
        "false" | "no" | "n" | "0" | "否" => Some(Some(false)),
        _ => None,
    }
}

/// Spreadsheets write booleans many ways; accept the unambiguous ones.
fn flexible_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum B {
        Bool(bool),
        Int(i64),
        Str(String),
    }
    let v: Option<B> = Option::deserialize(d)?;
    match v {
        None => Ok(None),
        Some(B::Bool(b)) => Ok(Some(b)),
        Some(B::Int(0)) => Ok(Some(false)),
        Some(B::Int(1)) => Ok(Some(true)),
        Some(B::Int(i)) => Err(serde::de::Error::custom(format!(
            "expected true or false, found the number {i}"
        ))),
        Some(B::Str(s)) => parse_bool_text(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("expected true or false, found the text \"{s}\""))
        }),
    }
}

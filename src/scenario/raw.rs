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
    /// "list-order" (default) or "none".
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

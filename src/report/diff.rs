//! The diff of two runs (`landquota diff`), as the output contract: per pool, county and
//! project, what changed and by how much. Computed in `commands::diff`, shown by
//! `render::diff` and `render::html::diff`.

use crate::i18n::{Lang, Msg};
use crate::report::{Status, r6, status_name};
use crate::t;
use serde::{Serialize, Serializer};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Pool,
    County,
    Project,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Changed,
    Added,
    Removed,
    Unchanged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A scenario, solved by `diff` itself.
    Scenario,
    /// A saved `solve --format json` result.
    Result,
}

fn ser_opt_r6<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(&r6(*v)),
        None => s.serialize_none(),
    }
}

fn ser_r6<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(r6(*v))
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub path: String,
    pub source: Source,
    pub scenario: String,
    pub year: Option<i64>,
    pub status: String,
    #[serde(serialize_with = "ser_opt_r6")]
    pub objective: Option<f64>,
    #[serde(serialize_with = "ser_opt_r6")]
    pub weighted_mu: Option<f64>,
    #[serde(serialize_with = "ser_opt_r6")]
    pub granted_mu: Option<f64>,
    /// `optimal` or `not_proven_optimal`: pools, counties and projects are reported.
    pub has_plan: bool,
    /// Solved with explanations (marginal values and reasons are meaningful).
    pub explained: bool,
}

/// One compared field of a row. `a`/`b` are the JSON values (`null` when absent);
/// `delta` is `b − a` for numbers (for added/removed rows, mu fields only, the absent side
/// counted as 0).
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub a: Value,
    pub b: Value,
    #[serde(serialize_with = "ser_opt_r6")]
    pub delta: Option<f64>,
    /// A reason as catalogue words, on each side that was solved here: the views render it in
    /// the reader's language. `None` for a saved result, whose text (`a`/`b`, in the language
    /// it was saved in) is all there is. Not in the JSON, which keeps the English text.
    #[serde(skip)]
    pub a_msg: Option<Msg>,
    #[serde(skip)]
    pub b_msg: Option<Msg>,
}

impl FieldChange {
    /// Side A's (`b == false`) or B's value as text for people in `lang`: the catalogue words
    /// when that side was solved here, else the value as it is (`None` for a number or null).
    pub fn text_in(&self, b: bool, lang: Lang) -> Option<String> {
        let (msg, v) = if b {
            (&self.b_msg, &self.b)
        } else {
            (&self.a_msg, &self.a)
        };
        match (msg, v) {
            (Some(m), _) => Some(m.render(lang)),
            (None, Value::String(s)) => Some(s.clone()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RowDiff {
    pub kind: Kind,
    pub id: String,
    /// The name on side B (on side A for a removed row).
    pub name: String,
    pub change: Change,
    /// Largest absolute delta among the row's mu fields: the sort key.
    #[serde(serialize_with = "ser_r6")]
    pub magnitude_mu: f64,
    /// The fields that changed (for an unchanged row listed with `show_all`: its main figure).
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub a: Side,
    pub b: Side,
    pub scenario_changed: bool,
    pub status_changed: bool,
    #[serde(serialize_with = "ser_opt_r6")]
    pub objective_delta: Option<f64>,
    #[serde(serialize_with = "ser_opt_r6")]
    pub weighted_mu_delta: Option<f64>,
    #[serde(serialize_with = "ser_opt_r6")]
    pub granted_mu_delta: Option<f64>,
    /// False when a side has no plan (infeasible, ...): only the top level is compared.
    pub rows_compared: bool,
    pub notes: Vec<String>,
    /// Rows changed, added or removed (listed or not).
    pub changed: usize,
    pub unchanged: usize,
    /// Unchanged rows not listed (0 with `show_all`).
    pub hidden_unchanged: usize,
    /// Rows not listed because of `limit`.
    pub omitted: usize,
    pub rows: Vec<RowDiff>,
    /// Every pool's name by id (B's names first, then pools only A has), so that a field
    /// `by_pool.<id>` reads by name even when the pool's own row is unchanged and not listed.
    #[serde(skip)]
    pub pool_names: Vec<(String, String)>,
}

impl Diff {
    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("diff serialises");
        s.push('\n');
        s
    }

    /// The process exit code for this diff: 0, or 3 (4 if none is infeasible) when neither
    /// side has a plan, so that there is nothing but the statuses to compare.
    pub fn exit_code(&self) -> u8 {
        use super::exit;
        if self.a.has_plan || self.b.has_plan {
            exit::OK
        } else if self.a.status == "infeasible" || self.b.status == "infeasible" {
            exit::INFEASIBLE
        } else {
            exit::SOLVER
        }
    }
}

/// The notes on sides without a plan or without explanations, in `lang` (English in JSON).
pub fn notes_of(sa: &Side, sb: &Side, lang: Lang) -> Vec<String> {
    let rows_compared = sa.has_plan && sb.has_plan;
    let mut notes = Vec::new();
    for (label, s) in [("A", sa), ("B", sb)] {
        if !s.has_plan {
            notes.push(t!(
                lang,
                "diff-note-no-plan",
                side = label,
                path = &s.path,
                status = status_word(lang, &s.status)
            ));
        }
    }
    if rows_compared && !(sa.explained && sb.explained) {
        for (label, s) in [("A", sa), ("B", sb)]
            .into_iter()
            .filter(|(_, s)| !s.explained)
        {
            notes.push(t!(
                lang,
                "diff-note-no-explain",
                side = label,
                path = &s.path
            ));
        }
    }
    notes
}

/// A status word of the JSON contract (`optimal`, `infeasible`, ...) for people: the status's
/// name (in English, the word itself), else, for a word no status has, the word as it is.
pub fn status_word(lang: Lang, status: &str) -> String {
    Status::from_name(status).map_or_else(|| status.to_string(), |s| status_name(s).render(lang))
}

impl Diff {
    /// A pool's name for people (its id when it has none, or is unknown to both sides).
    pub fn pool_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.pool_names
            .iter()
            .find(|(p, n)| p == id && !n.is_empty())
            .map_or(id, |(_, n)| n.as_str())
    }
}

/// A compared field for people: `by_pool.urban` stays so in English (the JSON's path); in
/// Chinese the field's name comes from the catalogue (`diff-field-*`), with the map key in
/// words: a pool by its name (`pool_name`), an indicator by its name, a year as it is.
pub fn field_label(lang: Lang, field: &str, pool_name: &dyn Fn(&str) -> String) -> String {
    let (base, key) = match field.split_once('.') {
        Some((b, k)) => (b, Some(k)),
        None => (field, None),
    };
    let id = format!("diff-field-{base}");
    let w = match key {
        Some(k) => {
            let k = match (lang, base) {
                (Lang::En, _) => k.to_string(),
                (_, "by_pool") => pool_name(k),
                (_, "bought_mu" | "sold_mu") => crate::scenario::Indicator::ALL
                    .iter()
                    .find(|i| i.as_str() == k)
                    .map_or_else(
                        || k.to_string(),
                        |i| crate::report::explain::indicator_name(*i).render(lang),
                    ),
                _ => k.to_string(),
            };
            crate::i18n::tr(lang, &id, &[("key", k)])
        }
        None => crate::i18n::tr(lang, &id, &[]),
    };
    if w == id { field.to_string() } else { w }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every status word of the contract reads back as its status and is named in both
    /// languages; a word no status has (a hand-edited saved result) is shown as it is.
    #[test]
    fn status_words_by_the_status_type() {
        for s in [
            Status::Optimal,
            Status::Infeasible,
            Status::Unbounded,
            Status::CheckFailed,
            Status::NotProvenOptimal,
            Status::SolverError,
            Status::TimeLimit,
        ] {
            assert_eq!(Status::from_name(s.as_str()), Some(s));
            assert_eq!(status_word(Lang::En, s.as_str()), s.as_str());
            let zh = status_word(Lang::Zh, s.as_str());
            assert!(!zh.is_ascii() && !zh.contains("status-"), "{zh}");
        }
        assert_eq!(status_word(Lang::Zh, "optimal"), "最优");
        assert_eq!(Status::from_name("finished"), None);
        assert_eq!(status_word(Lang::Zh, "finished"), "finished");
    }
}

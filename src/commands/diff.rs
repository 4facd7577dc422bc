//! `landquota diff A B`: what changed between two runs, at the level of the JSON contract.
//!
//! Each side is a scenario (a `.toml` file or a directory holding `scenario.toml`; it is solved
//! here with explanations) or a saved result (a file ending `.json`, the output of
//! `landquota solve --format json`). Both are compared as JSON, so a saved result and a
//! scenario solved now compare exactly like two scenarios.
//!
//! Compared: the top-level `scenario`, `status`, `objective`, `weighted_mu`, `granted_mu`;
//! pools by id (`capacity_mu`, `used_mu`, `marginal_value`); counties by id (`granted_mu`,
//! `by_pool.<pool>`, `farmland_used_mu`, `forest_used_mu`, and with trading `bought_mu.<indicator>`,
//! `sold_mu.<indicator>`, `paid_yuan`); projects by id (`granted_mu`, `by_pool.<pool>`,
//! `by_year.<year>` in multi-year plans, `status`, `reason`). Numbers within 10⁻⁶ are equal. A row present on one
//! side only is `added` or `removed`; its mu fields get a delta as if the missing side were 0.
//! Rows are sorted by their largest absolute change in mu (marginal values, in objective units,
//! do not count), then pools before counties before projects, then by id.

use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::report::diff::notes_of;
pub use crate::report::diff::{Change, Diff, FieldChange, Kind, RowDiff, Side, Source};
use crate::report::r6;
use serde_json::{Map, Value};
use std::path::Path;

/// Two numbers closer than this (mu, or objective units) are equal.
pub const TOL: f64 = 1e-6;

#[derive(Debug, Clone, Copy, Default)]
pub struct DiffOptions {
    /// List unchanged rows too (otherwise they are only counted).
    pub show_all: bool,
    /// List at most this many rows (the largest changes); the rest are counted in `omitted`.
    pub limit: Option<usize>,
}

struct Loaded {
    side: Side,
    json: Map<String, Value>,
    /// A scenario solved here: each project's reason as catalogue words, by id, so that the
    /// views say it in the reader's language (the JSON holds it rendered in English). Empty
    /// for a saved result.
    reasons: std::collections::HashMap<String, crate::i18n::Msg>,
}

fn is_result_file(path: &Path) -> bool {
    !path.is_dir()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Why a diff could not be made: a side that cannot be read, validated or recognised. Typed
/// (the use-case layer's error), rendered in the reader's language by the command line.
#[derive(Debug, Clone)]
pub enum DiffError {
    /// A scenario that does not validate, or `--set` edits that do not parse.
    Scenario(crate::scenario::Diagnostics),
    /// A result file that cannot be read.
    Unreadable { path: String, error: String },
    /// A result file that is not JSON.
    NotJson { path: String, error: String },
    /// JSON that is not the output of `solve --format json`.
    NotAResult { label: String, what: Msg },
    /// Both sides failed.
    Both(Box<DiffError>, Box<DiffError>),
}

impl DiffError {
    /// Every problem, one per line, in `lang`, ready for stderr.
    pub fn render(&self, lang: Lang) -> String {
        let error = |m: Msg| crate::t!(lang, "error", message = m.render(lang));
        match self {
            DiffError::Scenario(d) => d.render(lang),
            DiffError::Unreadable { path, error: e } => error(msg!(
                "diff-err-unreadable",
                path = path.as_str(),
                error = e.as_str()
            )),
            DiffError::NotJson { path, error: e } => error(msg!(
                "diff-err-not-json",
                path = path.as_str(),
                error = e.as_str()
            )),
            DiffError::NotAResult { label, what } => error(msg!(
                "diff-err-not-result",
                label = label.as_str(),
                what = what.clone()
            )),
            DiffError::Both(a, b) => format!("{}\n{}", a.render(lang), b.render(lang)),
        }
    }
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// One error for both sides, or the one that failed.
fn either(
    a: Result<Loaded, DiffError>,
    b: Result<Loaded, DiffError>,
) -> Result<(Loaded, Loaded), DiffError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(ea), Err(eb)) => Err(DiffError::Both(Box::new(ea), Box::new(eb))),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

fn load(path: &Path) -> Result<Loaded, DiffError> {
    let (source, value) = if is_result_file(path) {
        let text = crate::fsutil::read_regular(path)
            .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other))
            .map_err(|e| DiffError::Unreadable {
                path: path.display().to_string(),
                error: e.to_string(),
            })?;
        let v: Value = serde_json::from_str(&text).map_err(|e| DiffError::NotJson {
            path: path.display().to_string(),
            error: e.to_string(),
        })?;
        (Source::Result, v)
    } else {
        let sc = crate::scenario::from_path(path).map_err(DiffError::Scenario)?;
        return solved(&sc, &path.display().to_string());
    };
    from_value(value, source, &path.display().to_string())
}

/// A scenario solved (with explanations) as one side of a diff, by the solver `solve` uses by
/// default.
fn solved(sc: &crate::scenario::Scenario, label: &str) -> Result<Loaded, DiffError> {
    let backend = crate::commands::backend::by_name(crate::commands::backend::DEFAULT)
        .expect("the default backend exists");
    let report = crate::commands::solve::run(
        sc,
        backend.as_ref(),
        crate::commands::solve::Options {
            explain: true,
            compare_pro_rata: false,
        },
    );
    let value = serde_json::from_str(&report.to_json()).expect("a report is valid JSON");
    let mut loaded = from_value(value, Source::Scenario, label)?;
    loaded.reasons = report
        .projects
        .iter()
        .filter_map(|p| Some((p.id.clone(), p.reason.clone()?)))
        .collect();
    Ok(loaded)
}

/// A scenario against its variant: B is A with `--set` edits (`diff A --set PATH=VALUE`), or
/// the scenario B with them when B is given. Errors are ready for stderr.
pub fn diff_variant(
    a: &Path,
    b: Option<&Path>,
    sets: &[String],
    opts: &DiffOptions,
) -> Result<Diff, DiffError> {
    let mut edits = Vec::new();
    let mut bad = crate::scenario::Diagnostics::default();
    for s in sets {
        match crate::scenario::overrides::parse_set(s) {
            Ok(e) => edits.push(e),
            Err(d) => bad.push(d),
        }
    }
    if !bad.is_empty() {
        return Err(DiffError::Scenario(bad));
    }
    let base = b.unwrap_or(a);
    let label = format!("{} --set {}", base.display(), sets.join(" --set "));
    let load_b = || {
        crate::scenario::from_path_with(base, &edits)
            .map_err(DiffError::Scenario)
            .and_then(|sc| solved(&sc, &label))
    };
    let (la, lb) = either_joined(|| load(a), load_b)?;
    Ok(diff_loaded(&la, &lb, opts))
}

/// Checks the shape of a result and takes its top level out.
fn from_value(value: Value, source: Source, label: &str) -> Result<Loaded, DiffError> {
    let bad = |what: Msg| DiffError::NotAResult {
        label: label.to_string(),
        what,
    };
    let Value::Object(json) = value else {
        return Err(bad(msg!("diff-what-not-object")));
    };
    let status = match json.get("status") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(bad(msg!("diff-what-no-text", key = "status"))),
    };
    let scenario = match json.get("scenario") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(bad(msg!("diff-what-no-text", key = "scenario"))),
    };
    for key in ["pools", "counties", "projects"] {
        let Some(Value::Array(rows)) = json.get(key) else {
            return Err(bad(msg!("diff-what-no-list", key = key)));
        };
        let mut seen = std::collections::HashSet::new();
        for (i, row) in rows.iter().enumerate() {
            match row.get("id") {
                Some(Value::String(id)) => {
                    if !seen.insert(id.as_str()) {
                        return Err(bad(msg!("diff-what-twice", key = key, id = id.as_str())));
                    }
                }
                _ => return Err(bad(msg!("diff-what-no-id", key = format!("{key}[{i}]")))),
            }
        }
    }
    let num = |k: &str| json.get(k).and_then(Value::as_f64);
    let has_plan = status == "optimal" || status == "not_proven_optimal";
    let explained = json.contains_key("certificate")
        || json
            .get("marginal_values")
            .and_then(Value::as_array)
            .is_some_and(|v| !v.is_empty());
    let side = Side {
        path: label.to_string(),
        source,
        scenario,
        year: json.get("year").and_then(Value::as_i64),
        status,
        objective: num("objective"),
        weighted_mu: num("weighted_mu"),
        // A report without a plan says 0 granted: not a figure to compare.
        granted_mu: num("granted_mu").filter(|_| has_plan),
        has_plan,
        explained,
    };
    Ok(Loaded {
        side,
        json,
        reasons: Default::default(),
    })
}

/// Loads (solving scenarios) both sides and compares them. The error names the file(s) that
/// cannot be read or validated, with the scenario diagnostics, ready for stderr.
pub fn diff_paths(a: &Path, b: &Path, opts: &DiffOptions) -> Result<Diff, DiffError> {
    let (la, lb) = either_joined(|| load(a), || load(b))?;
    Ok(diff_loaded(&la, &lb, opts))
}

/// Both sides loaded in parallel, or what failed.
fn either_joined(
    a: impl FnOnce() -> Result<Loaded, DiffError> + Send,
    b: impl FnOnce() -> Result<Loaded, DiffError> + Send,
) -> Result<(Loaded, Loaded), DiffError> {
    let (la, lb) = rayon::join(a, b);
    either(la, lb)
}

/// Compares two results given as JSON values (the `solve --format json` contract), e.g.
/// `serde_json::from_str(&report.to_json())`; the labels stand for the paths in the output.
pub fn diff_values(
    a: &Value,
    a_label: &str,
    b: &Value,
    b_label: &str,
    opts: &DiffOptions,
) -> Result<Diff, DiffError> {
    let la = from_value(a.clone(), Source::Result, a_label)?;
    let lb = from_value(b.clone(), Source::Result, b_label)?;
    Ok(diff_loaded(&la, &lb, opts))
}

fn opt_delta(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(r6(b? - a?))
}

fn diff_loaded(a: &Loaded, b: &Loaded, opts: &DiffOptions) -> Diff {
    let (sa, sb) = (&a.side, &b.side);
    let rows_compared = sa.has_plan && sb.has_plan;
    let explained = sa.explained && sb.explained;
    let notes = notes_of(sa, sb, Lang::En);
    let mut all = Vec::new();
    if rows_compared {
        let pool_order = pool_order(&a.json, &b.json);
        for kind in [Kind::Pool, Kind::County, Kind::Project] {
            all.extend(diff_rows(kind, &a.json, &b.json, &pool_order, explained));
        }
    }
    all.sort_by(|x, y| {
        (x.change == Change::Unchanged)
            .cmp(&(y.change == Change::Unchanged))
            .then_with(|| y.magnitude_mu.total_cmp(&x.magnitude_mu))
            .then_with(|| x.kind.cmp(&y.kind))
            .then_with(|| x.id.cmp(&y.id))
    });
    let unchanged = all.iter().filter(|r| r.change == Change::Unchanged).count();
    let changed = all.len() - unchanged;
    let mut rows: Vec<RowDiff> = all
        .into_iter()
        .filter(|r| opts.show_all || r.change != Change::Unchanged)
        .collect();
    let hidden_unchanged = if opts.show_all { 0 } else { unchanged };
    let mut omitted = 0;
    if let Some(n) = opts.limit
        && rows.len() > n
    {
        omitted = rows.len() - n;
        rows.truncate(n);
    }
    for r in rows.iter_mut().filter(|r| r.kind == Kind::Project) {
        for f in r.fields.iter_mut().filter(|f| f.field == "reason") {
            // Only where the words are the text compared: a side solved here says what its
            // JSON says (a null reason has no words).
            f.a_msg = a.reasons.get(&r.id).filter(|_| f.a.is_string()).cloned();
            f.b_msg = b.reasons.get(&r.id).filter(|_| f.b.is_string()).cloned();
        }
    }
    let mut pool_names: Vec<(String, String)> = Vec::new();
    for (id, row) in rows_of(&b.json, "pools")
        .into_iter()
        .chain(rows_of(&a.json, "pools"))
    {
        if !pool_names.iter().any(|(p, _)| p == id) {
            let name = row.get("name").and_then(Value::as_str).unwrap_or("");
            pool_names.push((id.to_string(), name.to_string()));
        }
    }
    Diff {
        scenario_changed: sa.scenario != sb.scenario,
        status_changed: sa.status != sb.status,
        objective_delta: opt_delta(sa.objective, sb.objective),
        weighted_mu_delta: opt_delta(sa.weighted_mu, sb.weighted_mu),
        granted_mu_delta: opt_delta(sa.granted_mu, sb.granted_mu),
        a: sa.clone(),
        b: sb.clone(),
        rows_compared,
        notes,
        changed,
        unchanged,
        hidden_unchanged,
        omitted,
        rows,
        pool_names,
    }
}

fn rows_of<'a>(json: &'a Map<String, Value>, key: &str) -> Vec<(&'a str, &'a Map<String, Value>)> {
    json.get(key)
        .and_then(Value::as_array)
        .map(|rows| {
            rows.iter()
                .filter_map(|r| {
                    let r = r.as_object()?;
                    Some((r.get("id")?.as_str()?, r))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Pool ids in declaration order, A's first: the order of `by_pool.<pool>` fields.
fn pool_order(a: &Map<String, Value>, b: &Map<String, Value>) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    for (id, _) in rows_of(a, "pools").into_iter().chain(rows_of(b, "pools")) {
        if !order.iter().any(|o| o == id) {
            order.push(id.to_string());
        }
    }
    order
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    /// A number in mu: counts for the sort.
    Mu,
    /// A number in objective units per mu (marginal values).
    Value,
    Text,
}

fn fields_of(kind: Kind, explained: bool) -> Vec<(&'static str, FieldKind)> {
    let mut f = match kind {
        Kind::Pool => vec![("capacity_mu", FieldKind::Mu), ("used_mu", FieldKind::Mu)],
        Kind::County => vec![
            ("granted_mu", FieldKind::Mu),
            ("by_pool", FieldKind::Mu),
            ("farmland_used_mu", FieldKind::Mu),
            ("forest_used_mu", FieldKind::Mu),
            ("bought_mu", FieldKind::Mu),
            ("sold_mu", FieldKind::Mu),
            ("paid_yuan", FieldKind::Value),
        ],
        Kind::Project => vec![
            ("granted_mu", FieldKind::Mu),
            ("by_pool", FieldKind::Mu),
            ("by_year", FieldKind::Mu),
            ("status", FieldKind::Text),
        ],
    };
    if explained {
        match kind {
            Kind::Pool => f.push(("marginal_value", FieldKind::Value)),
            Kind::Project => f.push(("reason", FieldKind::Text)),
            Kind::County => {}
        }
    }
    f
}

/// Fields holding a map of mu, expanded key by key.
const MAPS: [&str; 4] = ["by_pool", "by_year", "bought_mu", "sold_mu"];

/// The `(field name, value)` pairs of one row, maps (`by_pool`, ...) expanded per key.
fn values(
    row: &Map<String, Value>,
    fields: &[(&'static str, FieldKind)],
    pool_order: &[String],
    other: Option<&Map<String, Value>>,
) -> Vec<(String, FieldKind, Value)> {
    let mut out = Vec::new();
    for &(name, fk) in fields {
        // Maps (mu per pool, year or indicator) are compared key by key; absent on both sides
        // (a one-year plan's `by_year`, no trading), they are not compared at all.
        if MAPS.contains(&name) {
            if row.get(name).is_none() && other.is_none_or(|o| o.get(name).is_none()) {
                continue;
            }
            // Keys of both sides, in pool order, unknown ones after by name.
            let keys = |r: Option<&Map<String, Value>>| -> Vec<String> {
                r.and_then(|r| r.get(name))
                    .and_then(Value::as_object)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default()
            };
            let mut ks = keys(Some(row));
            for k in keys(other) {
                if !ks.contains(&k) {
                    ks.push(k);
                }
            }
            let rank = |k: &String| {
                pool_order
                    .iter()
                    .position(|p| p == k)
                    .unwrap_or(pool_order.len())
            };
            ks.sort_by(|x, y| rank(x).cmp(&rank(y)).then_with(|| x.cmp(y)));
            let map = row.get(name).and_then(Value::as_object);
            for k in ks {
                let v = map
                    .and_then(|m| m.get(&k))
                    .cloned()
                    .unwrap_or(Value::from(0.0));
                out.push((format!("{name}.{k}"), fk, v));
            }
        } else if name == "paid_yuan"
            && row.get(name).is_none()
            && other.is_none_or(|o| o.get(name).is_none())
        {
            continue;
        } else {
            out.push((
                name.to_string(),
                fk,
                row.get(name).cloned().unwrap_or(Value::Null),
            ));
        }
    }
    out
}

fn diff_rows(
    kind: Kind,
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    pool_order: &[String],
    explained: bool,
) -> Vec<RowDiff> {
    let key = match kind {
        Kind::Pool => "pools",
        Kind::County => "counties",
        Kind::Project => "projects",
    };
    let fields = fields_of(kind, explained);
    let ra = rows_of(a, key);
    let rb = rows_of(b, key);
    let name = |r: &Map<String, Value>| {
        r.get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let mut out = Vec::new();
    for &(id, row_a) in &ra {
        let row_b = rb.iter().find(|(i, _)| *i == id).map(|(_, r)| *r);
        let Some(row_b) = row_b else {
            out.push(one_sided(
                kind,
                id,
                name(row_a),
                row_a,
                &fields,
                pool_order,
                false,
            ));
            continue;
        };
        let va = values(row_a, &fields, pool_order, Some(row_b));
        let vb = values(row_b, &fields, pool_order, Some(row_a));
        let mut changes = Vec::new();
        let mut magnitude: f64 = 0.0;
        for ((field, fk, x), (_, _, y)) in va.into_iter().zip(vb) {
            let (changed, delta) = match (x.as_f64(), y.as_f64()) {
                (Some(p), Some(q)) if fk != FieldKind::Text => (!equal(p, q), Some(r6(q - p))),
                _ => (x != y, None),
            };
            if changed {
                if fk == FieldKind::Mu {
                    magnitude = magnitude.max(delta.map_or(0.0, f64::abs));
                }
                changes.push(FieldChange {
                    field,
                    a: x,
                    b: y,
                    delta,
                    a_msg: None,
                    b_msg: None,
                });
            }
        }
        let change = if changes.is_empty() {
            Change::Unchanged
        } else {
            Change::Changed
        };
        if changes.is_empty() {
            // Listed only with show_all: the row's main figure.
            let main = match kind {
                Kind::Pool => "used_mu",
                _ => "granted_mu",
            };
            let get = |r: &Map<String, Value>| r.get(main).cloned().unwrap_or(Value::Null);
            changes.push(FieldChange {
                field: main.into(),
                a: get(row_a),
                b: get(row_b),
                delta: Some(0.0),
                a_msg: None,
                b_msg: None,
            });
        }
        out.push(RowDiff {
            kind,
            id: id.to_string(),
            name: name(row_b),
            change,
            magnitude_mu: r6(magnitude),
            fields: changes,
        });
    }
    for &(id, row_b) in &rb {
        if !ra.iter().any(|(i, _)| *i == id) {
            out.push(one_sided(
                kind,
                id,
                name(row_b),
                row_b,
                &fields,
                pool_order,
                true,
            ));
        }
    }
    out
}

fn equal(p: f64, q: f64) -> bool {
    // Both sides are rounded to 10⁻⁶; allow for the binary representation of that rounding.
    (q - p).abs() <= TOL + 1e-9
}

/// An added (`on_b`) or removed row: every field, with the missing side `null`.
fn one_sided(
    kind: Kind,
    id: &str,
    name: String,
    row: &Map<String, Value>,
    fields: &[(&'static str, FieldKind)],
    pool_order: &[String],
    on_b: bool,
) -> RowDiff {
    let mut magnitude: f64 = 0.0;
    let mut changes = Vec::new();
    for (field, fk, v) in values(row, fields, pool_order, None) {
        if v.is_null() {
            continue;
        }
        // Mu absent on one side count as 0; a marginal value or a text has no such zero.
        let delta = if fk != FieldKind::Mu {
            None
        } else {
            v.as_f64().map(|x| r6(if on_b { x } else { -x }))
        };
        if fk == FieldKind::Mu {
            magnitude = magnitude.max(delta.map_or(0.0, f64::abs));
        }
        let (a, b) = if on_b {
            (Value::Null, v)
        } else {
            (v, Value::Null)
        };
        changes.push(FieldChange {
            field,
            a,
            b,
            delta,
            a_msg: None,
            b_msg: None,
        });
    }
    RowDiff {
        kind,
        id: id.to_string(),
        name,
        change: if on_b { Change::Added } else { Change::Removed },
        magnitude_mu: r6(magnitude),
        fields: changes,
    }
}

// ---------------------------------------------------------------------------------------------
// The table view.

//! A sweep's output files, written by one function from the collected variant results:
//! `summary.csv` and `summary.json` (one row per variant, one column per varied path),
//! `counties.csv` (one row per variant × county), `timings.csv` and `sweep.html` (the page).
//!
//! A single run, a resumed run and a merge of shards all call [`write_outputs`] with the same
//! records in variant order, so their files are byte-identical whatever the thread count or
//! the way the work was split.
//!
//! Columns, for plotting without parsing: every varied path gets a column named exactly as the
//! path (`pools.urban_batch.capacity`), holding the value the variant ran with (its override,
//! or the base scenario's value; empty when the base leaves the field unset and a default
//! applies). Paths come in sweep-file order: grid axes, then random ranges, then paths only
//! named variants set. Pools come in the order the scenario declares them. The packed
//! `overrides` column stays for reading by eye.

use super::{Done, Sweep};
use crate::fsutil::write_atomic;
use crate::i18n::Lang;
use crate::render::html::sweep as page;
use crate::report::r6;
use crate::scenario::Tier;
use crate::scenario::load::RawScenario;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io;
use std::path::Path;

/// One county's result in one variant.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CountyGrant {
    pub id: String,
    pub name: String,
    pub granted_mu: f64,
    /// mu by pool id, in declared order, every pool listed.
    pub by_pool: Vec<(String, f64)>,
}

/// What a variant's report gives the long file: every county, in declared order.
pub fn county_grants(r: &crate::report::Report) -> Vec<CountyGrant> {
    r.counties
        .iter()
        .map(|c| CountyGrant {
            id: c.id.clone(),
            name: c.name.clone(),
            granted_mu: r6(c.granted_mu),
            by_pool: r
                .pools
                .iter()
                .map(|p| {
                    let v = c
                        .by_pool
                        .0
                        .iter()
                        .find(|(k, _)| *k == p.id)
                        .map_or(0.0, |(_, v)| *v);
                    (p.id.clone(), r6(v))
                })
                .collect(),
        })
        .collect()
}

/// The value at a `--set` path in a raw scenario, as text (`None` when unset). Paths are those
/// of `--set`: `pools.<id>.<field>`, `rules.stock_linkage.alpha`, `rules.earmarks.<category>.
/// min_share`; an area field may be named without its `_mu`.
pub fn raw_value(raw: &RawScenario, path: &str) -> Option<String> {
    fn to_value<T: Serialize>(t: &T) -> Option<toml::Value> {
        toml::Value::try_from(t).ok()
    }
    fn record<T: Serialize>(
        recs: &[crate::scenario::load::Record<T>],
        id: &str,
        key: impl Fn(&T) -> &String,
    ) -> Option<toml::Value> {
        recs.iter()
            .find(|r| key(&r.raw) == id)
            .and_then(|r| to_value(&r.raw))
    }
    let segs: Vec<&str> = path.split('.').collect();
    let (root, rest): (Option<toml::Value>, &[&str]) = match *segs.first()? {
        "pools" => (record(&raw.pools, segs.get(1)?, |r| &r.id), &segs[2..]),
        "counties" => (record(&raw.counties, segs.get(1)?, |r| &r.id), &segs[2..]),
        "projects" => (record(&raw.projects, segs.get(1)?, |r| &r.id), &segs[2..]),
        "townships" => (record(&raw.townships, segs.get(1)?, |r| &r.id), &segs[2..]),
        "categories" => (record(&raw.categories, segs.get(1)?, |r| &r.id), &segs[2..]),
        "scenario" => (raw.meta.as_ref().and_then(|m| to_value(&m.raw)), &segs[1..]),
        "objective" => (
            raw.objective.as_ref().and_then(|m| to_value(&m.raw)),
            &segs[1..],
        ),
        "rules" => (
            raw.rules.as_ref().and_then(|m| to_value(&m.raw)),
            &segs[1..],
        ),
        _ => return None,
    };
    let mut v = root?;
    for (i, key) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        v = match v {
            toml::Value::Table(mut t) => match t.remove(*key) {
                Some(x) => x,
                None if last => t.remove(&format!("{key}_mu"))?,
                None => return None,
            },
            // Arrays of tables are addressed by their `id` or `category`, as `--set` does.
            toml::Value::Array(items) => items.into_iter().find(|x| {
                ["id", "category"]
                    .iter()
                    .any(|k| x.get(*k).and_then(|v| v.as_str()) == Some(*key))
            })?,
            _ => return None,
        };
    }
    Some(match v {
        toml::Value::String(s) => s,
        toml::Value::Float(f) => format!("{}", r6(f)),
        other => other.to_string(),
    })
}

/// The value a variant ran with at `path`, as its column shows it: its own override as given
/// (`own`), except a relative one (`*0.8`, `+500`, `-20%`), which shows the number it produced,
/// read from the edited scenario `raw` (the packed `overrides` column keeps the edit as
/// written); the base scenario's value when the variant does not set the path. When the
/// variant's edits did not apply (`applied` false: the variant is invalid), its edit is shown
/// as written: `raw` may not hold what it asked for.
pub fn ran_with(raw: &RawScenario, path: &str, own: Option<String>, applied: bool) -> String {
    let relative = |x: &str| {
        matches!(
            crate::scenario::overrides::parse_set(&format!("{path}={x}")),
            Ok(crate::scenario::overrides::Edit::Change { .. })
        )
    };
    match own {
        Some(x) if applied && relative(&x) => raw_value(raw, path).unwrap_or(x),
        Some(x) => x,
        None => raw_value(raw, path).unwrap_or_default(),
    }
}

/// The varied paths of a sweep, in column order.
pub fn varied_paths(s: &Sweep) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let named = s
        .variants
        .iter()
        .take(s.layout.named)
        .flat_map(|v| v.overrides.iter());
    for p in s
        .layout
        .grid_axes
        .iter()
        .chain(&s.layout.random_paths)
        .chain(named.map(|(p, _)| p))
    {
        if !out.contains(p) {
            out.push(p.clone());
        }
    }
    out
}

/// Pools over all variants: each variant's declared order, first seen first; pools known only
/// from summary rows (failed variants have none) come after, by id.
fn pool_order(done: &[&Done]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for d in done {
        for p in &d.pools {
            if !out.iter().any(|(id, _)| *id == p.0) {
                out.push(p.clone());
            }
        }
    }
    let mut extra: Vec<String> = done
        .iter()
        .flat_map(|d| d.row.by_pool_mu.keys())
        .filter(|k| !out.iter().any(|(id, _)| id == *k))
        .cloned()
        .collect();
    extra.sort();
    extra.dedup();
    out.extend(extra.into_iter().map(|k| (k.clone(), k)));
    out
}

fn tiers(done: &[&Done]) -> Vec<String> {
    Tier::ALL
        .iter()
        .map(|t| t.to_string())
        .filter(|t| done.iter().any(|d| d.row.by_tier_mu.contains_key(t)))
        .collect()
}

/// The value a variant ran with at each path, aligned with `paths`.
fn varied_values(d: &Done, paths: &[String]) -> Vec<String> {
    paths
        .iter()
        .map(|p| {
            d.varied
                .iter()
                .find(|(k, _)| k == p)
                .map(|(_, v)| v.clone())
                .or_else(|| {
                    d.variant
                        .overrides
                        .iter()
                        .find(|(k, _)| k == p)
                        .map(|(_, v)| v.clone())
                })
                .unwrap_or_default()
        })
        .collect()
}

/// A varied value in JSON: a number or a boolean when it reads as one, else text; `null` when
/// unset.
fn json_value(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else if let Ok(b) = s.parse::<bool>() {
        Value::Bool(b)
    } else if let Some(n) = s.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
        Value::Number(n)
    } else {
        Value::String(s.to_string())
    }
}

fn num(v: f64) -> Value {
    serde_json::Number::from_f64(r6(v)).map_or(Value::Null, Value::Number)
}

fn opt_num(v: Option<f64>) -> Value {
    v.map_or(Value::Null, num)
}

/// Writes every output of a sweep from its finished variants (in any order; they are sorted
/// by variant index here).
pub fn write_outputs(dir: &Path, sweep: &Sweep, done: &[&Done], lang: Lang) -> io::Result<()> {
    let mut done: Vec<&Done> = done.to_vec();
    done.sort_by_key(|d| d.variant.index);
    let paths = varied_paths(sweep);
    let pools = pool_order(&done);
    let tiers = tiers(&done);
    write_atomic(
        &dir.join("summary.json"),
        summary_json(&done, &paths, &pools, &tiers).as_bytes(),
    )?;
    write_atomic(
        &dir.join("summary.csv"),
        &summary_csv(&done, &paths, &pools, &tiers)?,
    )?;
    write_atomic(&dir.join("counties.csv"), &counties_csv(&done, &pools)?)?;
    write_atomic(&dir.join("timings.csv"), &timings_csv(&done)?)?;
    let data = page_data(sweep, &done, &paths, &pools, &tiers);
    write_atomic(
        &dir.join("sweep.html"),
        page::render(&data, lang).as_bytes(),
    )
}

/// A JSON value whose objects keep their key order (serde_json's `Map` sorts keys).
enum J {
    V(Value),
    O(Vec<(String, J)>),
}

/// Pretty-printed like `serde_json::to_string_pretty`, objects in their own order.
fn write_j(j: &J, depth: usize, out: &mut String) {
    match j {
        J::V(v) => out.push_str(&v.to_string()),
        J::O(pairs) if pairs.is_empty() => out.push_str("{}"),
        J::O(pairs) => {
            out.push('{');
            for (i, (k, v)) in pairs.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&"  ".repeat(depth + 1));
                out.push_str(&Value::String(k.clone()).to_string());
                out.push_str(": ");
                write_j(v, depth + 1, out);
            }
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
            out.push('}');
        }
    }
}

fn summary_json(
    done: &[&Done],
    paths: &[String],
    pools: &[(String, String)],
    tiers: &[String],
) -> String {
    let mut out = String::from("[");
    for (i, d) in done.iter().enumerate() {
        let r = &d.row;
        let v = |x: Value| J::V(x);
        let mut fields: Vec<(String, J)> = vec![
            ("index".into(), v(Value::from(r.index))),
            ("name".into(), v(Value::from(r.name.clone()))),
            ("overrides".into(), v(Value::from(r.overrides.clone()))),
        ];
        for (p, x) in paths.iter().zip(varied_values(d, paths)) {
            fields.push((p.clone(), v(json_value(&x))));
        }
        let by = |keys: Vec<&String>, get: &dyn Fn(&String) -> Option<Value>| {
            J::O(
                keys.into_iter()
                    .filter_map(|k| get(k).map(|x| (k.clone(), J::V(x))))
                    .collect(),
            )
        };
        let pool_ids: Vec<&String> = pools.iter().map(|(id, _)| id).collect();
        fields.extend([
            ("status".into(), v(Value::from(r.status.as_str()))),
            ("objective".into(), v(opt_num(r.objective))),
            ("weighted_mu".into(), v(opt_num(r.weighted_mu))),
            ("granted_mu".into(), v(opt_num(r.granted_mu))),
            (
                "by_tier_mu".into(),
                by(tiers.iter().collect(), &|t| {
                    r.by_tier_mu.get(t).map(|x| num(*x))
                }),
            ),
            (
                "by_pool_mu".into(),
                by(pool_ids.clone(), &|p| r.by_pool_mu.get(p).map(|x| num(*x))),
            ),
            (
                "pool_values".into(),
                by(pool_ids, &|p| {
                    r.pool_values.get(p).map(|x| Value::from(x.clone()))
                }),
            ),
            ("full".into(), v(Value::from(r.full))),
            ("partial".into(), v(Value::from(r.partial))),
            ("none".into(), v(Value::from(r.none))),
            ("message".into(), v(Value::from(r.message.clone()))),
        ]);
        // Multi-year and trading scenarios only: nothing is added to the others' output.
        if !r.by_year_mu.is_empty() {
            fields.push((
                "by_year_mu".into(),
                J::O(
                    r.by_year_mu
                        .iter()
                        .map(|(y, x)| (y.clone(), J::V(num(*x))))
                        .collect(),
                ),
            ));
        }
        if let Some(t) = &r.traded_mu {
            fields.push((
                "traded_mu".into(),
                J::O(t.iter().map(|(i, x)| (i.clone(), J::V(num(*x)))).collect()),
            ));
        }
        out.push_str(if i == 0 { "\n  " } else { ",\n  " });
        write_j(&J::O(fields), 1, &mut out);
    }
    out.push_str(if done.is_empty() { "]\n" } else { "\n]\n" });
    out
}

/// Through the one CSV writer, which keeps formulas in names from running in a spreadsheet;
/// with `bom`, a UTF-8 byte-order mark first, as `solve --format csv` writes its files, so
/// that Excel shows Chinese names (pandas and R read past it).
fn csv_bytes(header: Vec<String>, rows: Vec<Vec<String>>, bom: bool) -> io::Result<Vec<u8>> {
    crate::render::csv::write(&header, rows, bom).map_err(io::Error::other)
}

fn opt(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn summary_csv(
    done: &[&Done],
    paths: &[String],
    pools: &[(String, String)],
    tiers: &[String],
) -> io::Result<Vec<u8>> {
    let mut header: Vec<String> = ["index", "name", "overrides"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(paths.iter().cloned());
    header.extend(
        [
            "status",
            "objective",
            "weighted_mu",
            "granted_mu",
            "full",
            "partial",
            "none",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    header.extend(tiers.iter().map(|t| format!("{t}_mu")));
    header.extend(pools.iter().map(|(p, _)| format!("pool_{p}_mu")));
    header.extend(pools.iter().map(|(p, _)| format!("pool_{p}_value")));
    // Years and traded indicators: columns only when some variant has them.
    let mut years: Vec<String> = done
        .iter()
        .flat_map(|d| d.row.by_year_mu.keys().cloned())
        .collect();
    years.sort();
    years.dedup();
    let mut traded: Vec<String> = done
        .iter()
        .flat_map(|d| d.row.traded_mu.iter().flat_map(|m| m.keys().cloned()))
        .collect();
    traded.sort();
    traded.dedup();
    header.extend(years.iter().map(|y| format!("year_{y}_mu")));
    header.extend(traded.iter().map(|i| format!("traded_{i}_mu")));
    header.push("message".into());
    let rows = done
        .iter()
        .map(|d| {
            let r = &d.row;
            let mut rec = vec![r.index.to_string(), r.name.clone(), r.overrides.clone()];
            rec.extend(varied_values(d, paths));
            rec.extend([
                r.status.as_str().to_string(),
                opt(r.objective),
                opt(r.weighted_mu),
                opt(r.granted_mu),
                r.full.to_string(),
                r.partial.to_string(),
                r.none.to_string(),
            ]);
            rec.extend(tiers.iter().map(|t| opt(r.by_tier_mu.get(t).copied())));
            rec.extend(pools.iter().map(|(p, _)| opt(r.by_pool_mu.get(p).copied())));
            rec.extend(
                pools
                    .iter()
                    .map(|(p, _)| r.pool_values.get(p).cloned().unwrap_or_default()),
            );
            rec.extend(years.iter().map(|y| opt(r.by_year_mu.get(y).copied())));
            rec.extend(traded.iter().map(|i| {
                opt(r
                    .traded_mu
                    .as_ref()
                    .map(|m| m.get(i).copied().unwrap_or(0.0)))
            }));
            rec.push(r.message.clone());
            rec
        })
        .collect();
    // No byte-order mark: the table of variants is read by scripts first, which match its
    // header line as text (`index,name,...`); the long counties.csv is the one for Excel.
    csv_bytes(header, rows, false)
}

/// The long file: one row per variant × county, for `pandas.read_csv` and one pivot.
fn counties_csv(done: &[&Done], pools: &[(String, String)]) -> io::Result<Vec<u8>> {
    let mut header: Vec<String> = ["variant", "county", "name"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(pools.iter().map(|(p, _)| format!("pool_{p}_mu")));
    header.push("granted_mu".into());
    let mut rows = Vec::new();
    for d in done {
        for c in &d.counties {
            let mut rec = vec![d.variant.name.clone(), c.id.clone(), c.name.clone()];
            rec.extend(pools.iter().map(|(p, _)| {
                c.by_pool
                    .iter()
                    .find(|(k, _)| k == p)
                    .map(|(_, v)| v.to_string())
                    // A pool this variant does not have (added by another variant's override).
                    .unwrap_or_default()
            }));
            rec.push(c.granted_mu.to_string());
            rows.push(rec);
        }
    }
    // The counties' Chinese names, opened in Excel like solve's counties.csv: with the mark.
    csv_bytes(header, rows, true)
}

fn timings_csv(done: &[&Done]) -> io::Result<Vec<u8>> {
    let rows = done
        .iter()
        .map(|d| {
            vec![
                d.variant.index.to_string(),
                d.variant.name.clone(),
                format!("{:.6}", d.build_s),
                format!("{:.6}", d.solve_s),
            ]
        })
        .collect();
    csv_bytes(
        ["index", "name", "build_s", "solve_s"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rows,
        false,
    )
}

/// A pool's marginal value from its summary text: one number, or "more/less" (either may be
/// `-`, infeasible beyond) at a degenerate optimum.
pub fn parse_pool_value(s: &str) -> Option<(f64, Option<f64>)> {
    match s.split_once('/') {
        None => s.parse().ok().map(|v| (v, None)),
        Some((m, l)) => match (m.parse::<f64>().ok(), l.parse::<f64>().ok()) {
            (Some(m), Some(l)) => Some((m, Some(l))),
            (Some(v), None) | (None, Some(v)) => Some((v, None)),
            (None, None) => None,
        },
    }
}

fn page_data(
    sweep: &Sweep,
    done: &[&Done],
    paths: &[String],
    pools: &[(String, String)],
    tiers: &[String],
) -> page::SweepData {
    let l = &sweep.layout;
    page::SweepData {
        name: sweep.name.clone(),
        base: sweep.base.display().to_string(),
        paths: paths
            .iter()
            .map(|p| page::PathInfo {
                path: p.clone(),
                grid_axis: l.grid_axes.iter().position(|a| a == p),
                random: l.random_paths.contains(p),
            })
            .collect(),
        pools: pools.to_vec(),
        tiers: tiers.to_vec(),
        variants: done
            .iter()
            .map(|d| {
                let r = &d.row;
                let i = d.variant.index;
                page::VariantPoint {
                    index: i,
                    name: r.name.clone(),
                    kind: if i < l.named {
                        page::Kind::Named
                    } else if i < l.named + l.grid {
                        page::Kind::Grid
                    } else {
                        page::Kind::Random
                    },
                    varied: varied_values(d, paths),
                    status: r.status.as_str().to_string(),
                    objective: r.objective,
                    granted_mu: r.granted_mu,
                    by_tier: tiers.iter().map(|t| r.by_tier_mu.get(t).copied()).collect(),
                    pool_values: pools
                        .iter()
                        .map(|(p, _)| r.pool_values.get(p).and_then(|s| parse_pool_value(s)))
                        .collect(),
                    full: r.full,
                    partial: r.partial,
                    none: r.none,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_values_parse() {
        assert_eq!(parse_pool_value("2.5"), Some((2.5, None)));
        assert_eq!(parse_pool_value("0/2.6"), Some((0.0, Some(2.6))));
        assert_eq!(parse_pool_value("-/1"), Some((1.0, None)));
        assert_eq!(parse_pool_value("-/-"), None);
    }

    #[test]
    fn raw_values_by_path() {
        let raw = crate::scenario::load::load(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/jinhua-2025"
        )))
        .unwrap();
        assert_eq!(
            raw_value(&raw, "pools.urban_batch.capacity").as_deref(),
            Some("11771")
        );
        assert_eq!(
            raw_value(&raw, "pools.urban_batch.capacity_mu").as_deref(),
            Some("11771")
        );
        assert!(raw_value(&raw, "rules.stock_linkage.alpha").is_some());
        assert_eq!(raw_value(&raw, "pools.nope.capacity"), None);
        assert_eq!(raw_value(&raw, "nonsense"), None);
    }

    #[test]
    fn ordered_json_keeps_key_order() {
        let j = J::O(vec![
            ("b".into(), J::V(Value::from(1))),
            (
                "a".into(),
                J::O(vec![
                    ("z".into(), J::V(Value::from(2))),
                    ("y".into(), J::V(Value::Null)),
                ]),
            ),
            ("e".into(), J::O(vec![])),
        ]);
        let mut s = String::new();
        write_j(&j, 0, &mut s);
        assert_eq!(
            s,
            "{\n  \"b\": 1,\n  \"a\": {\n    \"z\": 2,\n    \"y\": null\n  },\n  \"e\": {}\n}"
        );
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["a"]["z"], 2);
    }
}

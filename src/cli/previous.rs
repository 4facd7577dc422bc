//! `solve --previous FILE`: the previous plan a county head compares with, read from a
//! `result.json` of an earlier run or from its `plan.xlsx` (either language). Ids are matched
//! exactly; a county or project missing on one side is left `null` and listed by the documents,
//! never guessed.

use crate::i18n::Lang;
use crate::render::html::plan::Previous;
use crate::report::{Report, exit};
use calamine::{Data, Reader};
use std::path::Path;

/// The previous plan, or the exit code after saying what is wrong with the file.
pub(super) fn read(path: &Path, lang: Lang) -> Result<Previous, u8> {
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let read = if is_xlsx {
        from_xlsx(path)
    } else {
        from_json(path)
    };
    let fail = |why: String| {
        eprintln!(
            "{}",
            crate::t!(
                lang,
                "error",
                message = crate::t!(
                    lang,
                    "previous-unreadable",
                    file = path.display(),
                    why = why
                )
            )
        );
        exit::INVALID
    };
    match read {
        Ok(p) if p.counties.is_empty() => Err(fail(crate::t!(lang, "previous-no-counties"))),
        Ok(p) => Ok(Previous {
            source: path.display().to_string(),
            ..p
        }),
        Err(e) => Err(fail(e)),
    }
}

/// `previous_mu` on every county and project of the report: the previous grant, or `null`.
pub(super) fn apply(report: &mut Report, prev: &Previous) {
    for c in &mut report.counties {
        c.previous_mu = Some(crate::report::Previous(prev.county(&c.id)));
    }
    for p in &mut report.projects {
        p.previous_mu = Some(crate::report::Previous(prev.project(&p.id)));
    }
}

/// A result.json: the plan year's grants when it has years (the annual plan then issued),
/// else the grants.
fn from_json(path: &Path) -> Result<Previous, String> {
    let bytes = crate::fsutil::read_regular(path).map_err(|e| e.to_string())?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    let first_year = v["years"].get(0);
    let year_key = first_year
        .and_then(|y| y["year"].as_i64())
        .map(|y| y.to_string());
    let rows = |key: &str| -> Vec<(String, f64)> {
        v[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| {
                        let id = r["id"].as_str()?.to_string();
                        let in_year = match (key, &year_key) {
                            ("counties", Some(_)) => first_year?["by_county"][&id].as_f64(),
                            ("projects", Some(y)) => r["by_year"][y].as_f64(),
                            _ => None,
                        };
                        Some((id, in_year.or_else(|| r["granted_mu"].as_f64())?))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(Previous {
        source: String::new(),
        counties: rows("counties"),
        projects: rows("projects"),
    })
}

/// A plan.xlsx written by `solve --format xlsx`, in Chinese or English: the counties and
/// projects sheets, first column the id, and the granted column found by its header.
fn from_xlsx(path: &Path) -> Result<Previous, String> {
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
    let mut sheet = |names: [&str; 2]| -> Vec<(String, f64)> {
        let Some(name) = names
            .iter()
            .find(|n| wb.sheet_names().iter().any(|s| s == *n))
        else {
            return Vec::new();
        };
        let Ok(range) = wb.worksheet_range(name) else {
            return Vec::new();
        };
        let mut rows = range.rows();
        let Some(header) = rows.next() else {
            return Vec::new();
        };
        // A rolling plan's plan-year column (the annual plan then issued), else the grant.
        let plan_year = header.iter().position(
            |h| matches!(h, Data::String(s) if s.ends_with("（计划年度）") || s.ends_with("(plan year)")),
        );
        let granted = header
            .iter()
            .position(|h| matches!(h, Data::String(s) if s == "安排（亩）" || s == "granted mu"));
        let Some(col) = plan_year.or(granted) else {
            return Vec::new();
        };
        rows.filter_map(|r| {
            let Data::String(id) = r.first()? else {
                return None;
            };
            // The 合计 row is no county or project.
            if id == "合计" || id == "Total" {
                return None;
            }
            match r.get(col)? {
                Data::Float(v) => Some((id.clone(), *v)),
                Data::Int(v) => Some((id.clone(), *v as f64)),
                _ => None,
            }
        })
        .collect()
    };
    let counties = sheet(["县（市、区）", "Counties"]);
    let projects = sheet(["项目", "Projects"]);
    Ok(Previous {
        source: String::new(),
        counties,
        projects,
    })
}

//! `landquota explain`: the full story of one project or one county, in prose and small tables.

use super::explain::{RuleValue, fmt_value};
use super::{Report, Status, r6};
use crate::scenario::diag::closest;
use crate::scenario::*;
use std::fmt::Write;

fn mu(v: f64) -> String {
    format!("{} mu", fmt_value(v))
}

/// ": pool 10 mu, pool 20 mu", or nothing when no pool gave anything.
fn by_pool_text(by: &super::ByPool) -> String {
    let parts: Vec<String> =
        by.0.iter()
            .map(|(k, v)| format!("{k} {}", mu(*v)))
            .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(", "))
    }
}

fn value_text(v: &RuleValue) -> String {
    match (
        v.marginal_value,
        v.marginal_value_more,
        v.marginal_value_less,
    ) {
        (Some(x), _, _) => fmt_value(x),
        (None, m, l) => format!(
            "{} per extra mu / {} per mu less",
            m.map(fmt_value).unwrap_or("infeasible".into()),
            l.map(fmt_value).unwrap_or("infeasible".into())
        ),
    }
}

fn rule_lines(out: &mut String, report: &Report, keys: &[(&str, String)]) {
    for (rule, id) in keys {
        if let Some(v) = report
            .marginal_values
            .iter()
            .find(|v| v.rule == *rule && &v.id == id)
        {
            let state = if v.binding {
                "binding".to_string()
            } else {
                format!("slack {}", mu(v.slack_mu))
            };
            let _ = writeln!(
                out,
                "  {rule:<24} {id:<16} {state:<22} marginal value {}",
                value_text(v)
            );
        }
    }
}

fn not_optimal(report: &Report) -> Option<String> {
    if report.status == Status::Optimal {
        return None;
    }
    let mut out = format!(
        "scenario {}: {}\n",
        report.scenario,
        report.message.clone().unwrap_or_default()
    );
    for c in &report.conflicts {
        let _ = writeln!(out, "  {} {}: {}", c.rule, c.id, c.suggestion);
    }
    Some(out)
}

fn unknown(what: &str, id: &str, ids: impl Iterator<Item = String>) -> String {
    let ids: Vec<String> = ids.collect();
    match closest(id, ids.iter().map(String::as_str)) {
        Some(c) => format!("unknown {what} \"{id}\"; did you mean \"{c}\"?"),
        None => format!("unknown {what} \"{id}\""),
    }
}

pub fn project(sc: &Scenario, report: &Report, id: &str) -> Result<String, String> {
    let Some(pi) = sc.projects.iter().position(|p| p.id == id) else {
        return Err(unknown(
            "project",
            id,
            sc.projects.iter().map(|p| p.id.clone()),
        ));
    };
    if let Some(t) = not_optimal(report) {
        return Ok(t);
    }
    let p = ProjectId(pi as u32);
    let proj = sc.project(p);
    let row = &report.projects[pi];
    let cty = sc.county(proj.county);
    let mut out = String::new();
    let _ = writeln!(out, "Project {} {}", proj.id, proj.name);
    let township = proj.township.map(|t| {
        let t = &sc.townships[t.idx()];
        format!(
            "{} {} ({})",
            t.id,
            t.name,
            if t.consolidated {
                "consolidated"
            } else {
                "no recent consolidation"
            }
        )
    });
    let _ = writeln!(
        out,
        "  county {} {}; township {}",
        cty.id,
        cty.name,
        township.unwrap_or("-".into())
    );
    let _ = writeln!(
        out,
        "  category {} {}; tier {} (weight {} per mu)",
        sc.category(proj.category).id,
        sc.category(proj.category).name,
        proj.tier,
        fmt_value(sc.weight(p))
    );
    let share = if proj.min_share >= 1.0 {
        "all or nothing".to_string()
    } else if proj.min_share > 0.0 {
        format!("nothing or at least {}", mu(proj.min_share * proj.need_mu))
    } else {
        "divisible".into()
    };
    let _ = writeln!(
        out,
        "  need {}; {share}; farmland {} and forest {} at full need; {} the urban development boundary",
        mu(proj.need_mu),
        mu(proj.farmland_mu),
        mu(proj.forest_mu),
        if proj.outside_boundary {
            "outside"
        } else {
            "inside"
        }
    );
    let status = row.status.as_str();
    let _ = writeln!(
        out,
        "  granted {} ({status}){}",
        mu(row.granted_mu),
        by_pool_text(&row.by_pool)
    );
    match &row.reason {
        Some(r) => {
            let _ = writeln!(out, "  why not more: {r}");
        }
        None => {
            let _ = writeln!(out, "  fully granted");
        }
    }
    let mut keys: Vec<(&str, String)> = sc
        .eligible_pools(p)
        .map(|k| ("pool_capacity", sc.pool(k).id.clone()))
        .collect();
    if let Some(sl) = &sc.rules.stock_linkage
        && sc.eligible_pools(p).any(|k| sl.pools.contains(&k))
    {
        keys.push(("stock_linkage", cty.id.clone()));
    }
    if proj.farmland_mu > 0.0 {
        keys.push(("farmland_balance", cty.id.clone()));
        keys.push(("farmland_shared_pool", "all".into()));
    }
    if proj.forest_mu > 0.0 {
        keys.push(("forest_balance", cty.id.clone()));
        keys.push(("forest_shared_pool", "all".into()));
    }
    keys.push(("outside_boundary_county", cty.id.clone()));
    keys.push(("outside_boundary_total", "all".into()));
    keys.push(("earmark", sc.category(proj.category).id.clone()));
    keys.push(("county_floor", cty.id.clone()));
    keys.push(("county_cap", cty.id.clone()));
    let _ = writeln!(
        out,
        "\nRules that touch it (marginal values in {}):",
        report.marginal_value_unit
    );
    rule_lines(&mut out, report, &keys);
    Ok(out)
}

pub fn county(sc: &Scenario, report: &Report, id: &str) -> Result<String, String> {
    let Some(ci) = sc.counties.iter().position(|c| c.id == id) else {
        return Err(unknown(
            "county",
            id,
            sc.counties.iter().map(|c| c.id.clone()),
        ));
    };
    if let Some(t) = not_optimal(report) {
        return Ok(t);
    }
    let cty = &sc.counties[ci];
    let row = &report.counties[ci];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "County {} {} ({}){}",
        cty.id,
        cty.name,
        cty.city,
        if cty.frozen {
            "  FROZEN: only exempt categories may be granted"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "  granted {}{}",
        mu(row.granted_mu),
        by_pool_text(&row.by_pool)
    );
    if let Some(sl) = &sc.rules.stock_linkage {
        let drawn: f64 = row
            .by_pool
            .0
            .iter()
            .filter(|(k, _)| sl.pools.iter().any(|&p| &sc.pool(p).id == k))
            .map(|(_, v)| v)
            .sum();
        let _ = writeln!(
            out,
            "  stock linkage: {} drawn from linked pools, ceiling {} = {}×{} unsupplied + {}×{} idle + {} base",
            mu(drawn),
            mu(sl.ceiling(cty)),
            fmt_value(sl.alpha),
            fmt_value(cty.disposed_unsupplied_mu),
            fmt_value(sl.beta),
            fmt_value(cty.disposed_idle_mu),
            fmt_value(sl.base_mu)
        );
    }
    let _ = writeln!(
        out,
        "  farmland occupied {} (held {}); forest occupied {} (held {})",
        mu(row.farmland_used_mu),
        mu(row.farmland_held_mu),
        mu(row.forest_used_mu),
        mu(row.forest_held_mu)
    );
    if cty.floor_mu.is_some() || cty.cap_mu.is_some() {
        let _ = writeln!(
            out,
            "  floor {}, cap {}",
            cty.floor_mu.map(mu).unwrap_or("-".into()),
            cty.cap_mu.map(mu).unwrap_or("-".into())
        );
    }
    if row.binding.is_empty() {
        let _ = writeln!(out, "  no county rule binds");
    } else {
        let _ = writeln!(
            out,
            "\nBinding rules (marginal values in {}):",
            report.marginal_value_unit
        );
        for v in &row.binding {
            let _ = writeln!(out, "  {:<24} {}", v.rule, value_text(v));
        }
    }
    let _ = writeln!(out, "\nProjects:");
    for (pi, p) in sc
        .projects
        .iter()
        .enumerate()
        .filter(|(_, p)| p.county.idx() == ci)
    {
        let r = &report.projects[pi];
        let status = r.status.as_str();
        let _ = writeln!(
            out,
            "  {} {} [{}] {} of {} ({status})",
            p.id,
            p.name,
            p.tier,
            fmt_value(r6(r.granted_mu)),
            mu(p.need_mu)
        );
        if let Some(reason) = &r.reason {
            let _ = writeln!(out, "      {reason}");
        }
    }
    Ok(out)
}

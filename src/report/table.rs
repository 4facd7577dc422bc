//! The terminal view: summary, pools, counties, the projects not fully granted, rule checks.
//! Column widths come from comfy-table, which measures Chinese characters as two cells.

use super::{Grant, Report, Status, r6};
use comfy_table::{CellAlignment, Table, presets};

fn fmt_mu(v: f64) -> String {
    let v = r6(v);
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.2}") }
}

fn new_table(header: Vec<String>, numeric_from: usize) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    let n = header.len();
    t.set_header(header);
    for i in numeric_from..n {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

pub fn render(r: &Report, all_projects: bool) -> String {
    let mut out = String::new();
    let status = serde_json::to_value(r.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    out.push_str(&format!("scenario {} ({})  status: {status}  backend: {}\n", r.scenario, r.year.map(|y| y.to_string()).unwrap_or("-".into()), r.backend));
    if let Some(m) = &r.message {
        out.push_str(&format!("{m}\n"));
    }
    if r.status != Status::Optimal {
        if !r.checks.is_empty() {
            out.push_str(&checks_table(r));
        }
        return out;
    }
    out.push_str(&format!(
        "granted {} of {} mu planned; objective {} (weighted mu {})\n",
        fmt_mu(r.granted_mu),
        fmt_mu(r.plan_mu),
        r.objective.map(|o| format!("{:.6}", r6(o))).unwrap_or("-".into()),
        r.weighted_mu.map(|o| format!("{:.6}", r6(o))).unwrap_or("-".into()),
    ));
    for s in &r.stages {
        out.push_str(&format!("  tier {}: {} mu (lexicographic stage optimum)\n", s.tier, fmt_mu(s.optimum_mu)));
    }

    out.push_str("\nPools\n");
    let mut t = new_table(vec!["pool".into(), "name".into(), "capacity mu".into(), "used mu".into(), "free mu".into()], 2);
    for p in &r.pools {
        t.add_row(vec![p.id.clone(), p.name.clone(), fmt_mu(p.capacity_mu), fmt_mu(p.used_mu), fmt_mu(p.capacity_mu - p.used_mu)]);
    }
    out.push_str(&format!("{t}\n"));

    out.push_str("\nCounties\n");
    let mut header: Vec<String> = vec!["county".into(), "name".into(), "granted mu".into()];
    header.extend(r.pools.iter().map(|p| p.id.clone()));
    header.extend(["farmland used/held".into(), "forest used/held".into(), "floor/cap".into()]);
    let mut t = new_table(header, 2);
    for c in &r.counties {
        let mut row = vec![if c.frozen { format!("{} (frozen)", c.id) } else { c.id.clone() }, c.name.clone(), fmt_mu(c.granted_mu)];
        row.extend(r.pools.iter().map(|p| fmt_mu(c.by_pool.0.iter().find(|(k, _)| *k == p.id).map(|(_, v)| *v).unwrap_or(0.0))));
        row.push(format!("{} / {}", fmt_mu(c.farmland_used_mu), fmt_mu(c.farmland_held_mu)));
        row.push(format!("{} / {}", fmt_mu(c.forest_used_mu), fmt_mu(c.forest_held_mu)));
        row.push(format!("{} / {}", c.floor_mu.map(fmt_mu).unwrap_or("-".into()), c.cap_mu.map(fmt_mu).unwrap_or("-".into())));
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));

    let count = |g: Grant| r.projects.iter().filter(|p| p.status == g).count();
    out.push_str(&format!(
        "\nProjects: {} full, {} partial, {} none{}\n",
        count(Grant::Full),
        count(Grant::Partial),
        count(Grant::None),
        if all_projects { "" } else { " (listing those not fully granted; --all-projects lists all)" }
    ));
    let mut t = new_table(vec!["project".into(), "name".into(), "county".into(), "tier".into(), "need mu".into(), "granted mu".into(), "status".into(), "pools".into()], 4);
    if let Some(c) = t.column_mut(6) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    if let Some(c) = t.column_mut(7) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    let mut shown = 0;
    for p in r.projects.iter().filter(|p| all_projects || p.status != Grant::Full) {
        let status = match (p.status, p.blocked) {
            (_, Some(b)) => format!("none: {}", b.as_str()),
            (Grant::Full, _) => "full".into(),
            (Grant::Partial, _) => "partial".into(),
            (Grant::None, _) => "none".into(),
        };
        let pools = p.by_pool.0.iter().map(|(k, v)| format!("{k} {}", fmt_mu(*v))).collect::<Vec<_>>().join(", ");
        t.add_row(vec![p.id.clone(), p.name.clone(), p.county.clone(), p.tier.to_string(), fmt_mu(p.need_mu), fmt_mu(p.granted_mu), status, pools]);
        shown += 1;
    }
    if shown > 0 {
        out.push_str(&format!("{t}\n"));
    }
    out.push_str(&checks_table(r));
    out
}

fn checks_table(r: &Report) -> String {
    let mut t = new_table(vec!["rule".into(), "holds".into(), "instances".into(), "max violation mu".into(), "worst".into()], 2);
    for c in &r.checks {
        t.add_row(vec![c.rule.to_string(), if c.holds { "yes".into() } else { "NO".into() }, c.instances.to_string(), format!("{:.6}", r6(c.max_violation_mu).max(0.0)), c.worst.clone().unwrap_or_default()]);
    }
    format!("\nRule checks (recomputed from the scenario, tolerance {} mu)\n{t}\n", crate::check::TOL_MU)
}

//! The terminal view: summary, pools, counties, the projects not fully granted, rule checks.
//! Column widths come from comfy-table, which measures Chinese characters as two cells.

use super::explain::fmt_value;
use super::{Grant, Report, Status, r6};
use comfy_table::{CellAlignment, Table, presets};

fn fmt_mu(v: f64) -> String {
    let v = r6(v);
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
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
    let status = r.status.as_str().to_string();
    out.push_str(&format!(
        "scenario {} ({})  status: {status}  backend: {}\n",
        r.scenario,
        r.year.map(|y| y.to_string()).unwrap_or("-".into()),
        r.backend
    ));
    if let Some(m) = &r.message {
        out.push_str(&format!("{m}\n"));
    }
    if !r.conflicts.is_empty() {
        out.push_str(
            "\nConflicting rules (the smallest relaxation that makes the scenario feasible)\n",
        );
        let mut t = new_table(
            vec![
                "rule".into(),
                "id".into(),
                "gives mu (jointly)".into(),
                "alone mu".into(),
                "suggestion".into(),
            ],
            2,
        );
        if let Some(c) = t.column_mut(4) {
            c.set_cell_alignment(CellAlignment::Left);
        }
        for c in &r.conflicts {
            t.add_row(vec![
                c.rule.to_string(),
                c.id.clone(),
                fmt_mu(c.relax_mu),
                c.relax_alone_mu.map(fmt_mu).unwrap_or("not alone".into()),
                c.suggestion.clone(),
            ]);
        }
        out.push_str(&format!("{t}\n"));
    }
    if r.status != Status::Optimal && r.status != Status::NotProvenOptimal {
        if !r.checks.is_empty() {
            out.push_str(&checks_table(r));
        }
        return out;
    }
    out.push_str(&format!(
        "granted {} of {} mu planned; objective {} (weighted mu {})\n",
        fmt_mu(r.granted_mu),
        fmt_mu(r.plan_mu),
        r.objective
            .map(|o| format!("{:.6}", r6(o)))
            .unwrap_or("-".into()),
        r.weighted_mu
            .map(|o| format!("{:.6}", r6(o)))
            .unwrap_or("-".into()),
    ));
    if let Some(c) = &r.certificate {
        out.push_str(&format!(
            "optimality: duality gap {:.1e} (tolerance {:.0e}), max primal violation {:.1e} mu, max dual violation {:.1e}: {}\n",
            c.relative_gap,
            c.gap_tolerance,
            c.max_primal_violation,
            c.max_dual_violation,
            if c.optimal { "proven optimal" } else { "NOT proven optimal" }
        ));
        if let (Some(b), Some(g)) = (c.integer_bound, c.integer_gap) {
            out.push_str(&format!(
                "integer optimum at most {:.6} (blocks' Lagrangian bound): plan within {g:.1e} of it\n",
                r6(b)
            ));
        }
    }
    for s in &r.stages {
        out.push_str(&format!(
            "  tier {}: {} mu (lexicographic stage optimum)\n",
            s.tier,
            fmt_mu(s.optimum_mu)
        ));
    }

    out.push_str("\nPools\n");
    let mut t = new_table(
        vec![
            "pool".into(),
            "name".into(),
            "capacity mu".into(),
            "used mu".into(),
            "free mu".into(),
            "marginal value".into(),
        ],
        2,
    );
    for p in &r.pools {
        let value = match (
            p.marginal_value,
            p.marginal_value_more,
            p.marginal_value_less,
        ) {
            (Some(v), _, _) => fmt_value(v),
            (None, Some(m), Some(l)) => format!("{} more / {} less", fmt_value(m), fmt_value(l)),
            _ => "-".into(),
        };
        t.add_row(vec![
            p.id.clone(),
            p.name.clone(),
            fmt_mu(p.capacity_mu),
            fmt_mu(p.used_mu),
            fmt_mu(p.capacity_mu - p.used_mu),
            value,
        ]);
    }
    out.push_str(&format!("{t}\n"));

    out.push_str("\nCounties\n");
    let mut header: Vec<String> = vec!["county".into(), "name".into(), "granted mu".into()];
    header.extend(r.pools.iter().map(|p| p.id.clone()));
    header.extend([
        "farmland used/held".into(),
        "forest used/held".into(),
        "floor/cap".into(),
        "binding rules".into(),
    ]);
    let mut t = new_table(header, 2);
    if let Some(c) = t.column_mut(r.pools.len() + 6) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    for c in &r.counties {
        let mut row = vec![
            if c.frozen {
                format!("{} (frozen)", c.id)
            } else {
                c.id.clone()
            },
            c.name.clone(),
            fmt_mu(c.granted_mu),
        ];
        row.extend(r.pools.iter().map(|p| {
            fmt_mu(
                c.by_pool
                    .0
                    .iter()
                    .find(|(k, _)| *k == p.id)
                    .map(|(_, v)| *v)
                    .unwrap_or(0.0),
            )
        }));
        row.push(format!(
            "{} / {}",
            fmt_mu(c.farmland_used_mu),
            fmt_mu(c.farmland_held_mu)
        ));
        row.push(format!(
            "{} / {}",
            fmt_mu(c.forest_used_mu),
            fmt_mu(c.forest_held_mu)
        ));
        row.push(format!(
            "{} / {}",
            c.floor_mu.map(fmt_mu).unwrap_or("-".into()),
            c.cap_mu.map(fmt_mu).unwrap_or("-".into())
        ));
        row.push(
            c.binding
                .iter()
                .map(|b| b.rule)
                .collect::<Vec<_>>()
                .join(", "),
        );
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));

    let count = |g: Grant| r.projects.iter().filter(|p| p.status == g).count();
    out.push_str(&format!(
        "\nProjects: {} full, {} partial, {} none{}\n",
        count(Grant::Full),
        count(Grant::Partial),
        count(Grant::None),
        if all_projects {
            ""
        } else {
            " (listing those not fully granted; --all-projects lists all)"
        }
    ));
    let mut t = new_table(
        vec![
            "project".into(),
            "name".into(),
            "county".into(),
            "tier".into(),
            "need mu".into(),
            "granted mu".into(),
            "status".into(),
            "pools".into(),
        ],
        4,
    );
    if let Some(c) = t.column_mut(6) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    if let Some(c) = t.column_mut(7) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    let mut shown = 0;
    for p in r
        .projects
        .iter()
        .filter(|p| all_projects || p.status != Grant::Full)
    {
        let status = match p.blocked {
            Some(b) => format!("none: {}", b.as_str()),
            None => p.status.as_str().to_string(),
        };
        let pools = p
            .by_pool
            .0
            .iter()
            .map(|(k, v)| format!("{k} {}", fmt_mu(*v)))
            .collect::<Vec<_>>()
            .join(", ");
        t.add_row(vec![
            p.id.clone(),
            p.name.clone(),
            p.county.clone(),
            p.tier.to_string(),
            fmt_mu(p.need_mu),
            fmt_mu(p.granted_mu),
            status,
            pools,
        ]);
        shown += 1;
    }
    if shown > 0 {
        out.push_str(&format!("{t}\n"));
    }
    let reasons: Vec<String> = r
        .projects
        .iter()
        .filter(|p| p.blocked.is_none())
        .filter_map(|p| p.reason.as_ref().map(|why| format!("  {}: {why}", p.id)))
        .collect();
    if !reasons.is_empty() {
        out.push_str(&format!(
            "\nWhy not more (marginal values in {}):\n{}\n",
            r.marginal_value_unit,
            reasons.join("\n")
        ));
    }
    if let Some(b) = &r.baseline {
        out.push_str(&baseline_table(r, b));
    }
    out.push_str(&checks_table(r));
    out
}

fn baseline_table(r: &Report, b: &super::Baseline) -> String {
    let mut out = format!(
        "\nOptimum vs pro-rata ({})\nweighted mu: optimum {} , pro-rata {} ({:+.2}%)\n",
        b.method,
        fmt_value(r.weighted_mu.unwrap_or(0.0)),
        fmt_value(b.weighted_mu),
        100.0 * (b.weighted_mu - r.weighted_mu.unwrap_or(0.0))
            / r.weighted_mu.unwrap_or(1.0).max(1e-9)
    );
    let mut t = new_table(
        vec![
            "tier".into(),
            "projects".into(),
            "need mu".into(),
            "optimum mu".into(),
            "pro-rata mu".into(),
            "optimum full".into(),
            "pro-rata full".into(),
        ],
        1,
    );
    for (o, p) in r.by_tier.iter().zip(&b.by_tier) {
        t.add_row(vec![
            o.tier.to_string(),
            o.projects.to_string(),
            fmt_mu(o.need_mu),
            fmt_mu(o.granted_mu),
            fmt_mu(p.granted_mu),
            o.full.to_string(),
            p.full.to_string(),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    if b.broken.is_empty() {
        out.push_str("the pro-rata plan breaks no rule\n");
    } else {
        out.push_str("rules the pro-rata plan breaks:\n");
        for c in &b.broken {
            out.push_str(&format!(
                "  {} by {} mu (worst: {})\n",
                c.rule,
                fmt_mu(c.max_violation_mu),
                c.worst.clone().unwrap_or_default()
            ));
        }
    }
    out
}

fn checks_table(r: &Report) -> String {
    let mut t = new_table(
        vec![
            "rule".into(),
            "holds".into(),
            "instances".into(),
            "max violation mu".into(),
            "worst".into(),
        ],
        2,
    );
    for c in &r.checks {
        t.add_row(vec![
            c.rule.to_string(),
            if c.holds { "yes".into() } else { "NO".into() },
            c.instances.to_string(),
            format!("{:.6}", r6(c.max_violation_mu).max(0.0)),
            c.worst.clone().unwrap_or_default(),
        ]);
    }
    format!(
        "\nRule checks (recomputed from the scenario, tolerance {} mu)\n{t}\n",
        crate::check::TOL_MU
    )
}

//! The terminal view: summary, pools, counties, the projects not fully granted, rule checks.
//! Column widths come from comfy-table, which measures Chinese characters as two cells.
//! Every word comes from the catalogue in the language asked for; ids and numbers are the same
//! in both.

use super::{fmt_mu, new_table};
use crate::i18n::{Lang, Msg};
use crate::report::explain::fmt_value;
use crate::report::{Grant, Report, Status, grant_name, r6, rule_name, status_name, tier_name};
use crate::{msg, t};
use comfy_table::CellAlignment;

fn headers(lang: Lang, words: &[Msg]) -> Vec<String> {
    words.iter().map(|m| m.render(lang)).collect()
}

/// The label of a pool in column headers and lists: its id in English, its name in Chinese
/// (officers know pools by name; ids are for files).
pub(crate) fn pool_label(r: &Report, id: &str, lang: Lang) -> String {
    match lang {
        Lang::En => id.to_string(),
        Lang::Zh => r
            .pools
            .iter()
            .find(|p| p.id == id && !p.name.is_empty())
            .map_or(id.to_string(), |p| p.name.clone()),
    }
}

pub fn render(r: &Report, all_projects: bool, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&t!(
        lang,
        "table-head",
        scenario = &r.scenario,
        year = r
            .year
            .map(|y| t!(lang, "year", year = y))
            .unwrap_or("-".into()),
        status = status_name(r.status).render(lang),
        backend = &r.backend
    ));
    out.push('\n');
    if let Some(w) = super::years::what_if_line(r, lang) {
        out.push_str(&format!("{w}\n"));
    }
    if let Some(m) = &r.message {
        out.push_str(&format!("{}\n", m.render(lang)));
    }
    if !r.conflicts.is_empty() {
        out.push('\n');
        out.push_str(&t!(lang, "table-conflicts"));
        out.push('\n');
        let mut t = new_table(
            headers(
                lang,
                &[
                    msg!("col-rule"),
                    msg!("col-id"),
                    msg!("col-gives-jointly"),
                    msg!("col-alone"),
                    msg!("col-suggestion"),
                ],
            ),
            2,
        );
        if let Some(c) = t.column_mut(4) {
            c.set_cell_alignment(CellAlignment::Left);
        }
        for c in &r.conflicts {
            t.add_row(vec![
                rule_name(c.rule).render(lang),
                c.id.clone(),
                fmt_mu(c.relax_mu),
                c.relax_alone_mu
                    .map(fmt_mu)
                    .unwrap_or(t!(lang, "not-alone")),
                c.suggestion.render(lang),
            ]);
        }
        out.push_str(&format!("{t}\n"));
    }
    if r.status != Status::Optimal && r.status != Status::NotProvenOptimal {
        if !r.checks.is_empty() {
            out.push_str(&checks_table(r, lang));
        }
        return out;
    }
    out.push_str(&t!(
        lang,
        "table-granted",
        granted = fmt_mu(r.granted_mu),
        plan = fmt_mu(r.plan_mu),
        objective = r
            .objective
            .map(|o| format!("{:.6}", r6(o)))
            .unwrap_or("-".into()),
        weighted = r
            .weighted_mu
            .map(|o| format!("{:.6}", r6(o)))
            .unwrap_or("-".into())
    ));
    out.push('\n');
    if let Some(y) = super::years::plan_year_line(r, lang) {
        out.push_str(&format!("{y}\n"));
    }
    if let Some(c) = &r.certificate {
        out.push_str(&t!(
            lang,
            "table-optimality",
            gap = format!("{:.1e}", c.relative_gap),
            tolerance = format!("{:.0e}", c.gap_tolerance),
            primal = format!("{:.1e}", c.max_primal_violation),
            dual = format!("{:.1e}", c.max_dual_violation),
            verdict = if c.optimal {
                t!(lang, "proven-optimal")
            } else {
                t!(lang, "not-proven-optimal")
            }
        ));
        out.push('\n');
        if let (Some(b), Some(g)) = (c.integer_bound, c.integer_gap) {
            out.push_str(&t!(
                lang,
                "table-integer-bound",
                bound = format!("{:.6}", r6(b)),
                gap = format!("{g:.1e}")
            ));
            out.push('\n');
        }
    }
    for s in &r.stages {
        out.push_str(&t!(
            lang,
            "table-stage",
            tier = tier_name(s.tier).render(lang),
            optimum = fmt_mu(s.optimum_mu)
        ));
        out.push('\n');
    }

    out.push('\n');
    out.push_str(&t!(lang, "table-pools"));
    out.push('\n');
    let mut t = new_table(
        headers(
            lang,
            &[
                msg!("col-pool"),
                msg!("col-name"),
                msg!("col-capacity-mu"),
                msg!("col-used-mu"),
                msg!("col-free-mu"),
                msg!("col-marginal-value"),
            ],
        ),
        2,
    );
    for p in &r.pools {
        let value = match (
            p.marginal_value,
            p.marginal_value_more,
            p.marginal_value_less,
        ) {
            (Some(v), _, _) => fmt_value(v),
            (None, Some(m), Some(l)) => t!(
                lang,
                "value-more-less-short",
                more = fmt_value(m),
                less = fmt_value(l)
            ),
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
    out.push_str(&super::years::render_years(r, lang));

    out.push('\n');
    out.push_str(&t!(lang, "table-counties"));
    out.push('\n');
    let mut header = headers(
        lang,
        &[msg!("col-county"), msg!("col-name"), msg!("col-granted-mu")],
    );
    header.extend(r.pools.iter().map(|p| pool_label(r, &p.id, lang)));
    // Multi-year plans: the grant of each year beside the horizon's.
    let years = super::years::year_headers(r, lang);
    header.extend(years.iter().cloned());
    header.extend(headers(
        lang,
        &[
            msg!("col-farmland-used-held"),
            msg!("col-forest-used-held"),
            msg!("col-floor-cap"),
            msg!("col-binding-rules"),
        ],
    ));
    let mut t = new_table(header, 2);
    if let Some(c) = t.column_mut(r.pools.len() + years.len() + 6) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    for c in &r.counties {
        let mut row = vec![
            if c.frozen {
                t!(lang, "county-frozen-mark", id = &c.id)
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
        row.extend(super::years::county_years(r, &c.id).into_iter().map(fmt_mu));
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
        row.push(super::years::binding_list(&c.binding, lang));
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));

    let count = |g: Grant| r.projects.iter().filter(|p| p.status == g).count();
    out.push('\n');
    out.push_str(&t!(
        lang,
        "table-projects",
        full = count(Grant::Full),
        partial = count(Grant::Partial),
        none = count(Grant::None),
        listing = if all_projects {
            String::new()
        } else {
            t!(lang, "table-projects-listing")
        }
    ));
    out.push('\n');
    let mut header = headers(
        lang,
        &[
            msg!("col-project"),
            msg!("col-name"),
            msg!("col-county"),
            msg!("col-tier"),
            msg!("col-need-mu"),
            msg!("col-granted-mu"),
        ],
    );
    header.extend(years.iter().cloned());
    header.extend(headers(lang, &[msg!("col-status"), msg!("col-pools")]));
    let mut t = new_table(header, 4);
    if let Some(c) = t.column_mut(6 + years.len()) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    if let Some(c) = t.column_mut(7 + years.len()) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    let mut shown = 0;
    for p in r
        .projects
        .iter()
        .filter(|p| all_projects || p.status != Grant::Full)
    {
        let status = match p.blocked {
            Some(b) => t!(lang, "status-blocked", why = b.msg().render(lang)),
            None => grant_name(p.status).render(lang),
        };
        let pools = p
            .by_pool
            .0
            .iter()
            .map(|(k, v)| format!("{} {}", pool_label(r, k, lang), fmt_mu(*v)))
            .collect::<Vec<_>>()
            .join(&t!(lang, "list-comma"));
        let mut row = vec![
            p.id.clone(),
            p.name.clone(),
            p.county.clone(),
            tier_name(p.tier).render(lang),
            fmt_mu(p.need_mu),
            fmt_mu(p.granted_mu),
        ];
        if !years.is_empty() {
            row.extend(
                super::years::year_values(r, p.by_year.as_ref())
                    .into_iter()
                    .map(fmt_mu),
            );
        }
        row.extend([status, pools]);
        t.add_row(row);
        shown += 1;
    }
    if shown > 0 {
        out.push_str(&format!("{t}\n"));
    }
    let reasons: Vec<String> = r
        .projects
        .iter()
        .filter(|p| p.blocked.is_none())
        .filter_map(|p| {
            p.reason
                .as_ref()
                .map(|why| t!(lang, "reason-line", id = &p.id, why = why.render(lang)))
        })
        .collect();
    if !reasons.is_empty() {
        out.push('\n');
        out.push_str(&t!(
            lang,
            "table-why-not-more",
            unit = t!(lang, "value-unit")
        ));
        out.push('\n');
        out.push_str(&reasons.join("\n"));
        out.push('\n');
    }
    out.push_str(&super::years::render_trades(r, lang));
    if let Some(b) = &r.baseline {
        out.push_str(&baseline_table(r, b, lang));
    }
    out.push_str(&checks_table(r, lang));
    out
}

fn baseline_table(r: &Report, b: &crate::report::Baseline, lang: Lang) -> String {
    let mut out = String::from("\n");
    out.push_str(&t!(lang, "table-baseline", method = b.method));
    out.push('\n');
    out.push_str(&t!(
        lang,
        "table-baseline-weighted",
        optimum = fmt_value(r.weighted_mu.unwrap_or(0.0)),
        baseline = fmt_value(b.weighted_mu),
        change = format!(
            "{:+.2}",
            100.0 * (b.weighted_mu - r.weighted_mu.unwrap_or(0.0))
                / r.weighted_mu.unwrap_or(1.0).max(1e-9)
        )
    ));
    out.push('\n');
    let mut t = new_table(
        headers(
            lang,
            &[
                msg!("col-tier"),
                msg!("col-projects"),
                msg!("col-need-mu"),
                msg!("col-optimum-mu"),
                msg!("col-pro-rata-mu"),
                msg!("col-optimum-full"),
                msg!("col-pro-rata-full"),
            ],
        ),
        1,
    );
    for (o, p) in r.by_tier.iter().zip(&b.by_tier) {
        t.add_row(vec![
            tier_name(o.tier).render(lang),
            o.projects.to_string(),
            fmt_mu(o.need_mu),
            fmt_mu(o.granted_mu),
            fmt_mu(p.granted_mu),
            o.full.to_string(),
            p.full.to_string(),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    // Per county: what the officer is asked ("what would we have got pro-rata?").
    let mut t = new_table(
        vec![
            "county".into(),
            "optimum mu".into(),
            "pro-rata mu".into(),
            "difference mu".into(),
        ],
        1,
    );
    for c in &b.counties {
        let opt = c.optimum_mu.unwrap_or(0.0);
        t.add_row(vec![
            c.id.clone(),
            c.optimum_mu.map(fmt_mu).unwrap_or("-".into()),
            fmt_mu(c.pro_rata_mu),
            fmt_mu(opt - c.pro_rata_mu),
        ]);
    }
    out.push_str(&format!(
        "by county (per project: JSON baseline.projects, or projects.csv's pro_rata_mu):\n{t}\n"
    ));
    if b.broken.is_empty() {
        out.push_str(&t!(lang, "baseline-breaks-none"));
        out.push('\n');
    } else {
        out.push_str(&t!(lang, "baseline-breaks"));
        out.push('\n');
        for c in &b.broken {
            out.push_str(&t!(
                lang,
                "baseline-broken-rule",
                rule = rule_name(c.rule).render(lang),
                by = fmt_mu(c.max_violation_mu),
                worst = c.worst.clone().unwrap_or_default()
            ));
            out.push('\n');
        }
    }
    out
}

fn checks_table(r: &Report, lang: Lang) -> String {
    let mut t = new_table(
        headers(
            lang,
            &[
                msg!("col-rule"),
                msg!("col-holds"),
                msg!("col-instances"),
                msg!("col-max-violation-mu"),
                msg!("col-worst"),
            ],
        ),
        2,
    );
    for c in &r.checks {
        t.add_row(vec![
            rule_name(c.rule).render(lang),
            if c.holds {
                t!(lang, "holds-yes")
            } else {
                t!(lang, "holds-no")
            },
            c.instances.to_string(),
            format!("{:.6}", r6(c.max_violation_mu).max(0.0)),
            c.worst.clone().unwrap_or_default(),
        ]);
    }
    format!(
        "\n{}\n{t}\n",
        t!(
            lang,
            "table-checks",
            tolerance = crate::report::TOL_MU.to_string()
        )
    )
}

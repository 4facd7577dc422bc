//! The plan document (`solve --format html`): the plan at a glance, charts, and the tables an
//! officer files with the annual allocation plan (年度计划指标分配方案). For an infeasible
//! scenario, the conflicting rules and what to change instead of a plan.

use super::charts::{self, BarRow, HBars, LegendItem, Mark, Seg, Swatch};
use super::{
    Page, Td, card, figure, grouped_table, mu, p, pct, rule_name, sci, table, tier_name, tier_short,
};
use crate::i18n::Lang;
use crate::render::svg::esc;
use crate::render::text::{isolate, isolate_msg};
use crate::report::explain::fmt_value;
use crate::report::{ByPool, Grant, Report, Status, r6};
use crate::t;

/// What the page needs from the scenario beyond the report: the pro-rata split per county
/// (today's spreadsheet method, `src/baseline.rs`) and the shared farmland/forest pools. Made
/// by `commands::solve::ProRata::page_context`.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub pro_rata: Option<ProRata>,
    pub farmland_shared_mu: Option<f64>,
    pub forest_shared_mu: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct ProRata {
    pub granted_mu: f64,
    pub weighted_mu: f64,
    /// Per county id: mu granted, and by pool.
    pub counties: Vec<(String, f64, ByPool)>,
    /// The rules the pro-rata split breaks (rule id, worst instance, mu).
    pub broken: Vec<(String, Option<String>, f64)>,
}

fn has_plan(r: &Report) -> bool {
    matches!(r.status, Status::Optimal | Status::NotProvenOptimal)
}

/// The whole page.
pub fn render(r: &Report, cx: &Context, lang: Lang) -> String {
    // Names composed with other words or figures are isolated first (bidi controls in a name
    // must not reorder what follows it); a name alone is isolated by `esc`.
    let title = t!(lang, "html-plan-title", scenario = isolate(&r.scenario));
    let mut page = Page::new(lang, &title);
    page.push(&header(r, lang, &title));
    page.push(&banner(r, lang));
    if has_plan(r) {
        page.push(&glance(r, cx, lang));
        page.section(
            "charts",
            &t!(lang, "html-charts"),
            &chart_section(r, cx, lang),
        );
        page.section(
            "counties",
            &t!(lang, "html-counties"),
            &county_table(r, cx, lang),
        );
        page.section("checks", &t!(lang, "html-checks"), &checks_section(r, lang));
        page.section("values", &t!(lang, "html-values"), &values_section(r, lang));
        page.push(&format!(
            "<section id=\"projects\" class=\"page-break\"><h2>{}</h2>{}</section>\n",
            esc(&t!(lang, "html-projects")),
            project_table(r, lang)
        ));
    } else {
        if !r.conflicts.is_empty() {
            page.section(
                "conflicts",
                &t!(lang, "html-conflicts"),
                &conflicts(r, lang),
            );
        }
        if !r.checks.is_empty() {
            page.section("checks", &t!(lang, "html-checks"), &checks_section(r, lang));
        }
    }
    page.finish()
}

fn header(r: &Report, lang: Lang, title: &str) -> String {
    let year = r.year.map(|y| y.to_string()).unwrap_or_else(|| "–".into());
    let mut nav = String::new();
    if has_plan(r) {
        for (id, key) in [
            ("glance", "html-glance"),
            ("charts", "html-charts"),
            ("counties", "html-counties"),
            ("checks", "html-checks"),
            ("values", "html-values"),
            ("projects", "html-projects"),
        ] {
            nav.push_str(&format!("<a href=\"#{id}\">{}</a>", esc(&t!(lang, key))));
        }
    }
    format!(
        "<header class=\"doc\"><div class=\"kicker\">{}</div><h1>{}</h1><div class=\"meta\">{}</div><nav class=\"toc\">{nav}</nav></header>\n",
        esc(&t!(lang, "html-plan-kicker")),
        esc(title),
        esc(&t!(
            lang,
            "html-plan-meta",
            year = year,
            backend = &r.backend
        )),
    )
}

fn banner(r: &Report, lang: Lang) -> String {
    let why = r.message.clone().unwrap_or_default();
    let (class, head, text) = match r.status {
        Status::Optimal => {
            let gap = r
                .certificate
                .as_ref()
                .map(|c| format!("{:.1e}", c.relative_gap))
                .unwrap_or_else(|| "–".into());
            let text = if r.certificate.is_some() {
                t!(lang, "html-status-optimal", gap = gap)
            } else {
                t!(lang, "html-status-optimal-unexplained")
            };
            ("", t!(lang, "html-status-optimal-title"), text)
        }
        Status::NotProvenOptimal => (
            "warn",
            t!(lang, "html-status-not-proven-title"),
            t!(lang, "html-status-not-proven", why = why),
        ),
        Status::Infeasible => (
            "bad",
            t!(lang, "html-status-infeasible-title"),
            t!(lang, "html-status-infeasible"),
        ),
        Status::CheckFailed => (
            "bad",
            t!(lang, "html-status-check-failed-title"),
            t!(lang, "html-status-check-failed"),
        ),
        Status::TimeLimit => (
            "bad",
            t!(lang, "html-status-time-limit-title"),
            t!(lang, "html-status-failed", why = why),
        ),
        Status::Unbounded | Status::SolverError => (
            "bad",
            t!(lang, "html-status-failed-title"),
            t!(lang, "html-status-failed", why = why),
        ),
    };
    format!(
        "<div class=\"banner {class}\" data-status=\"{}\"><strong>{}</strong>{}</div>\n",
        r.status.as_str(),
        esc(&head),
        esc(&text)
    )
}

fn glance(r: &Report, cx: &Context, lang: Lang) -> String {
    let count = |g: Grant| r.projects.iter().filter(|p| p.status == g).count();
    let (full, partial, none) = (
        count(Grant::Full),
        count(Grant::Partial),
        count(Grant::None),
    );
    let need: f64 = r.projects.iter().map(|p| p.need_mu).sum();
    let mut s = String::from("<div class=\"cards\">");
    s.push_str(&card(
        &t!(lang, "html-card-plan"),
        &mu(r.plan_mu),
        &t!(lang, "html-card-plan-sub", pools = r.pools.len()),
    ));
    s.push_str(&card(
        &t!(lang, "html-card-granted"),
        &mu(r.granted_mu),
        &t!(
            lang,
            "html-card-granted-sub",
            share = pct(r.granted_mu, r.plan_mu),
            need = mu(need)
        ),
    ));
    s.push_str(&card(
        &t!(lang, "html-card-projects"),
        &t!(
            lang,
            "html-card-projects-value",
            full = full,
            total = r.projects.len()
        ),
        &t!(
            lang,
            "html-card-projects-sub",
            partial = partial,
            none = none
        ),
    ));
    s.push_str(&card(
        &t!(lang, "html-card-objective"),
        &r.weighted_mu.map(mu).unwrap_or_else(|| "–".into()),
        &t!(lang, "html-card-objective-sub"),
    ));
    s.push_str("</div>\n");
    let header = vec![
        (t!(lang, "html-col-tier"), false),
        (t!(lang, "html-col-projects"), true),
        (t!(lang, "html-col-need"), true),
        (t!(lang, "html-col-granted"), true),
        (t!(lang, "html-col-share"), true),
        (t!(lang, "page-grant-full"), true),
        (t!(lang, "page-grant-partial"), true),
        (t!(lang, "page-grant-none"), true),
    ];
    let rows = r
        .by_tier
        .iter()
        .map(|ts| {
            vec![
                Td::text(&tier_name(lang, ts.tier.as_str())),
                Td::num(ts.projects.to_string(), ts.projects as f64),
                Td::mu(ts.need_mu),
                Td::mu(ts.granted_mu),
                Td::num(
                    pct(ts.granted_mu, ts.need_mu),
                    ts.granted_mu / ts.need_mu.max(1e-9),
                ),
                Td::num(ts.full.to_string(), ts.full as f64).with_class("num full"),
                Td::num(ts.partial.to_string(), ts.partial as f64).with_class("num partial"),
                Td::num(ts.none.to_string(), ts.none as f64).with_class("num none"),
            ]
        })
        .collect();
    s.push_str(&format!("<h3>{}</h3>", esc(&t!(lang, "html-by-tier"))));
    s.push_str(&table("tiers", &header, rows, false));
    if let (Some(pr), Some(w)) = (&cx.pro_rata, r.weighted_mu) {
        let broken: Vec<String> = pr
            .broken
            .iter()
            .map(|(rule, worst, v)| {
                let name = rule_name(lang, rule);
                match worst {
                    Some(id) => t!(lang, "html-broken-item", rule = name, id = id, mu = mu(*v)),
                    None => name,
                }
            })
            .collect();
        let text = t!(
            lang,
            "html-pro-rata-compare",
            granted = mu(pr.granted_mu),
            weighted = mu(pr.weighted_mu),
            plan_weighted = mu(w),
            gain = pct(w - pr.weighted_mu, pr.weighted_mu)
        );
        s.push_str(&p(&text));
        s.push_str(&p(&if broken.is_empty() {
            t!(lang, "html-pro-rata-holds")
        } else {
            t!(
                lang,
                "html-pro-rata-breaks",
                rules = broken.join(lang_sep(lang))
            )
        }));
    }
    format!(
        "<section id=\"glance\"><h2>{}</h2>{s}</section>\n",
        esc(&t!(lang, "html-glance"))
    )
}

fn lang_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "; ",
        Lang::Zh => "；",
    }
}

/// A pool's name, isolated: it is composed with figures ("城市分批次 740").
fn pool_name(r: &Report, id: &str) -> String {
    r.pools
        .iter()
        .find(|p| p.id == id)
        .map(|p| isolate(&p.name).into_owned())
        .unwrap_or_else(|| id.to_string())
}

fn pool_index(r: &Report, id: &str) -> usize {
    r.pools
        .iter()
        .position(|p| p.id == id)
        .unwrap_or(r.pools.len())
}

/// Each pool: used (filled) against capacity (the dashed frame behind).
pub fn pools_chart(r: &Report, lang: Lang) -> String {
    let rows = r
        .pools
        .iter()
        .enumerate()
        .map(|(i, p)| BarRow {
            key: p.id.clone(),
            label: p.name.clone(),
            segs: vec![Seg {
                series: "used".into(),
                value: p.used_mu,
                colour: charts::colour(i).into(),
                tip: t!(lang, "html-tip-used", mu = mu(p.used_mu)),
            }],
            back: Some(Mark {
                series: "capacity".into(),
                value: p.capacity_mu,
                tip: t!(lang, "html-tip-capacity", mu = mu(p.capacity_mu)),
            }),
            marker: None,
            note: t!(
                lang,
                "html-note-of",
                used = mu(p.used_mu),
                whole = mu(p.capacity_mu),
                share = pct(p.used_mu, p.capacity_mu)
            ),
        })
        .collect();
    charts::hbars(&HBars {
        rows,
        legend: vec![
            LegendItem {
                label: t!(lang, "html-legend-used"),
                colour: charts::colour(0).into(),
                swatch: Swatch::Fill,
            },
            LegendItem {
                label: t!(lang, "html-legend-capacity"),
                colour: String::new(),
                swatch: Swatch::Back,
            },
        ],
        percent: false,
        unit: t!(lang, "html-unit-mu"),
        label: t!(lang, "html-fig-pools"),
    })
}

/// Each county's grant, stacked by pool, with the pro-rata figure as a black tick.
pub fn counties_chart(r: &Report, cx: &Context, lang: Lang) -> String {
    let rows = r
        .counties
        .iter()
        .map(|c| {
            let pr = cx
                .pro_rata
                .as_ref()
                .and_then(|pr| pr.counties.iter().find(|(id, _, _)| *id == c.id));
            BarRow {
                key: c.id.clone(),
                label: c.name.clone(),
                segs: c
                    .by_pool
                    .0
                    .iter()
                    .map(|(k, v)| Seg {
                        series: k.clone(),
                        value: *v,
                        colour: charts::colour(pool_index(r, k)).into(),
                        tip: format!("{} · {}: {}", isolate(&c.name), pool_name(r, k), mu(*v)),
                    })
                    .collect(),
                back: None,
                marker: pr.map(|(_, g, _)| Mark {
                    series: "pro_rata".into(),
                    value: *g,
                    tip: t!(lang, "html-tip-pro-rata", mu = mu(*g)),
                }),
                note: match pr {
                    Some((_, g, _)) => t!(
                        lang,
                        "html-note-vs-pro-rata",
                        granted = mu(c.granted_mu),
                        delta = signed(c.granted_mu - g)
                    ),
                    None => mu(c.granted_mu),
                },
            }
        })
        .collect();
    let mut legend: Vec<LegendItem> = r
        .pools
        .iter()
        .enumerate()
        .map(|(i, p)| LegendItem {
            label: p.name.clone(),
            colour: charts::colour(i).into(),
            swatch: Swatch::Fill,
        })
        .collect();
    if cx.pro_rata.is_some() {
        legend.push(LegendItem {
            label: t!(lang, "html-legend-pro-rata"),
            colour: String::new(),
            swatch: Swatch::Marker,
        });
    }
    charts::hbars(&HBars {
        rows,
        legend,
        percent: false,
        unit: t!(lang, "html-unit-mu"),
        label: t!(lang, "html-fig-counties"),
    })
}

fn signed(v: f64) -> String {
    let s = mu(v);
    if r6(v) > 0.0 { format!("+{s}") } else { s }
}

/// Projects by tier: full, partial and none as shares of the tier's projects.
pub fn tiers_chart(r: &Report, lang: Lang) -> String {
    let status_colour = ["#59a14f", "#edc948", "#e15759"];
    let rows = r
        .by_tier
        .iter()
        .map(|ts| {
            let name = tier_name(lang, ts.tier.as_str());
            BarRow {
                key: ts.tier.as_str().into(),
                label: name.clone(),
                segs: [
                    ("full", ts.full),
                    ("partial", ts.partial),
                    ("none", ts.none),
                ]
                .iter()
                .zip(status_colour)
                .map(|(&(g, n), col)| Seg {
                    series: g.into(),
                    value: n as f64,
                    colour: col.into(),
                    tip: format!("{name} · {}: {n}", t!(lang, &format!("page-grant-{g}"))),
                })
                .collect(),
                back: None,
                marker: None,
                note: t!(
                    lang,
                    "html-note-tier",
                    granted = mu(ts.granted_mu),
                    need = mu(ts.need_mu),
                    share = pct(ts.granted_mu, ts.need_mu)
                ),
            }
        })
        .collect();
    charts::hbars(&HBars {
        rows,
        legend: ["full", "partial", "none"]
            .iter()
            .zip(status_colour)
            .map(|(g, c)| LegendItem {
                label: t!(lang, &format!("page-grant-{g}")),
                colour: c.into(),
                swatch: Swatch::Fill,
            })
            .collect(),
        percent: true,
        unit: String::new(),
        label: t!(lang, "html-fig-tiers"),
    })
}

#[derive(Clone, Copy)]
pub enum Land {
    Farmland,
    Forest,
}

/// Farmland (or forest) occupied per county: the part covered by the county's own holding, the
/// part drawn from the shared pool beyond it, and the holding as the dashed frame.
pub fn land_chart(r: &Report, land: Land, lang: Lang) -> String {
    let (own_colour, over_colour) = match land {
        Land::Farmland => ("#8cb369", "#f28e2b"),
        Land::Forest => ("#4d8b5b", "#f28e2b"),
    };
    let rows = r
        .counties
        .iter()
        .map(|c| {
            let (used, held) = match land {
                Land::Farmland => (c.farmland_used_mu, c.farmland_held_mu),
                Land::Forest => (c.forest_used_mu, c.forest_held_mu),
            };
            let own = used.min(held);
            let over = (used - held).max(0.0);
            let mut segs = vec![Seg {
                series: "own".into(),
                value: own,
                colour: own_colour.into(),
                tip: t!(lang, "html-tip-own", mu = mu(own)),
            }];
            if r6(over) > 0.0 {
                segs.push(Seg {
                    series: "shared".into(),
                    value: over,
                    colour: over_colour.into(),
                    tip: t!(lang, "html-tip-shared", mu = mu(over)),
                });
            }
            BarRow {
                key: c.id.clone(),
                label: c.name.clone(),
                segs,
                back: Some(Mark {
                    series: "held".into(),
                    value: held,
                    tip: t!(lang, "html-tip-held", mu = mu(held)),
                }),
                marker: None,
                note: t!(
                    lang,
                    "html-note-used-held",
                    used = mu(used),
                    held = mu(held)
                ),
            }
        })
        .collect();
    let label = match land {
        Land::Farmland => t!(lang, "html-fig-farmland"),
        Land::Forest => t!(lang, "html-fig-forest"),
    };
    charts::hbars(&HBars {
        rows,
        legend: vec![
            LegendItem {
                label: t!(lang, "html-legend-own"),
                colour: own_colour.into(),
                swatch: Swatch::Fill,
            },
            LegendItem {
                label: t!(lang, "html-legend-shared"),
                colour: over_colour.into(),
                swatch: Swatch::Fill,
            },
            LegendItem {
                label: t!(lang, "html-legend-held"),
                colour: String::new(),
                swatch: Swatch::Back,
            },
        ],
        percent: false,
        unit: t!(lang, "html-unit-mu"),
        label,
    })
}

fn chart_section(r: &Report, cx: &Context, lang: Lang) -> String {
    let mut s = String::new();
    s.push_str(&format!("<h3>{}</h3>", esc(&t!(lang, "html-fig-pools"))));
    s.push_str(&figure(&pools_chart(r, lang), &t!(lang, "html-cap-pools")));
    s.push_str(&format!("<h3>{}</h3>", esc(&t!(lang, "html-fig-counties"))));
    let cap = if cx.pro_rata.is_some() {
        t!(lang, "html-cap-counties")
    } else {
        t!(lang, "html-cap-counties-no-pro-rata")
    };
    s.push_str(&figure(&counties_chart(r, cx, lang), &cap));
    s.push_str(&format!("<h3>{}</h3>", esc(&t!(lang, "html-fig-tiers"))));
    s.push_str(&figure(&tiers_chart(r, lang), &t!(lang, "html-cap-tiers")));
    let shared = |v: Option<f64>| v.map(mu).unwrap_or_else(|| "0".into());
    s.push_str(&format!("<h3>{}</h3>", esc(&t!(lang, "html-fig-farmland"))));
    s.push_str(&figure(
        &land_chart(r, Land::Farmland, lang),
        &t!(
            lang,
            "html-cap-land",
            shared = shared(cx.farmland_shared_mu)
        ),
    ));
    s.push_str(&format!("<h3>{}</h3>", esc(&t!(lang, "html-fig-forest"))));
    s.push_str(&figure(
        &land_chart(r, Land::Forest, lang),
        &t!(lang, "html-cap-land", shared = shared(cx.forest_shared_mu)),
    ));
    s
}

fn county_name(r: &Report, id: &str) -> String {
    r.counties
        .iter()
        .find(|c| c.id == id)
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

fn name_and_id(name: &str, id: &str) -> Td {
    Td::html(format!(
        "{} <span class=\"id\">{}</span>",
        esc(name),
        esc(id)
    ))
}

/// Two tables, so that each fits an A4 page: grants by pool beside pro-rata; then land and
/// limits.
fn county_table(r: &Report, cx: &Context, lang: Lang) -> String {
    let mut header = vec![
        (t!(lang, "html-col-county"), false),
        (t!(lang, "html-col-granted"), true),
    ];
    header.extend(r.pools.iter().map(|p| (p.name.clone(), true)));
    if cx.pro_rata.is_some() {
        header.push((t!(lang, "html-col-pro-rata"), true));
        header.push((t!(lang, "html-col-vs-pro-rata"), true));
    }
    let rows = r
        .counties
        .iter()
        .map(|c| {
            let mut row = vec![name_and_id(&c.name, &c.id), Td::mu(c.granted_mu)];
            for p in &r.pools {
                let v = c
                    .by_pool
                    .0
                    .iter()
                    .find(|(k, _)| *k == p.id)
                    .map_or(0.0, |(_, v)| *v);
                row.push(Td::mu(v));
            }
            if let Some(pr) = &cx.pro_rata {
                let g = pr
                    .counties
                    .iter()
                    .find(|(id, _, _)| *id == c.id)
                    .map_or(0.0, |(_, g, _)| *g);
                row.push(Td::mu(g));
                row.push(Td::num(signed(c.granted_mu - g), c.granted_mu - g));
            }
            row
        })
        .collect();
    let mut s = p(&t!(lang, "html-counties-intro"));
    s.push_str(&table("counties", &header, rows, true));

    let header = vec![
        (t!(lang, "html-col-county"), false),
        (t!(lang, "html-col-farmland"), true),
        (t!(lang, "html-col-forest"), true),
        (t!(lang, "html-col-limits"), false),
    ];
    let rows = r
        .counties
        .iter()
        .map(|c| {
            let mut limits = Vec::new();
            if c.frozen {
                limits.push(t!(lang, "html-frozen"));
            }
            if let Some(f) = c.floor_mu {
                limits.push(t!(lang, "html-floor", mu = mu(f)));
            }
            if let Some(f) = c.cap_mu {
                limits.push(t!(lang, "html-cap", mu = mu(f)));
            }
            for b in &c.binding {
                limits.push(t!(
                    lang,
                    "html-binds",
                    rule = rule_name(lang, b.rule),
                    value = value_text(
                        b.marginal_value,
                        b.marginal_value_more,
                        b.marginal_value_less,
                        lang
                    )
                ));
            }
            vec![
                name_and_id(&c.name, &c.id),
                Td::num(
                    format!("{} / {}", mu(c.farmland_used_mu), mu(c.farmland_held_mu)),
                    c.farmland_used_mu,
                ),
                Td::num(
                    format!("{} / {}", mu(c.forest_used_mu), mu(c.forest_held_mu)),
                    c.forest_used_mu,
                ),
                Td::text(&limits.join(lang_sep(lang))).with_class("reason"),
            ]
        })
        .collect();
    s.push_str(&p(&t!(lang, "html-counties-limits-intro")));
    s.push_str(&table("county-limits", &header, rows, true));
    s
}

fn project_table(r: &Report, lang: Lang) -> String {
    let header = vec![
        (t!(lang, "html-col-project"), false),
        (t!(lang, "html-col-tier"), false),
        (t!(lang, "html-col-need"), true),
        (t!(lang, "html-col-granted"), true),
        (t!(lang, "html-col-status"), false),
        (t!(lang, "html-col-pools"), false),
        (t!(lang, "html-col-reason"), false),
    ];
    // Grouped by county, in the order counties are declared; within a county, in list order.
    let mut groups: Vec<(String, Vec<Vec<Td>>)> = r
        .counties
        .iter()
        .map(|c| (c.id.clone(), Vec::new()))
        .collect();
    for p in &r.projects {
        let i = match groups.iter().position(|(id, _)| *id == p.county) {
            Some(i) => i,
            None => {
                groups.push((p.county.clone(), Vec::new()));
                groups.len() - 1
            }
        };
        let pools: Vec<String> = p
            .by_pool
            .0
            .iter()
            .map(|(k, v)| format!("{} {}", pool_name(r, k), mu(*v)))
            .collect();
        let status = p.status.as_str();
        groups[i].1.push(vec![
            name_and_id(&p.name, &p.id).with_class("project"),
            Td::text(&tier_short(lang, p.tier.as_str())),
            Td::mu(p.need_mu),
            Td::mu(p.granted_mu),
            Td::text(&t!(lang, &format!("page-grant-{status}"))).with_class(match p.status {
                Grant::Full => "full",
                Grant::Partial => "partial",
                Grant::None => "none",
            }),
            Td::text(&pools.join(lang_sep(lang))).with_class("pools"),
            Td::text(
                &p.reason
                    .as_ref()
                    .map(|m| isolate_msg(m).render(lang))
                    .unwrap_or_default(),
            )
            .with_class("reason"),
        ]);
    }
    let groups = groups
        .into_iter()
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(id, rows)| {
            let name = county_name(r, &id);
            let granted: f64 = r
                .projects
                .iter()
                .filter(|p| p.county == id)
                .map(|p| p.granted_mu)
                .sum();
            let head = format!(
                "{} <span class=\"id\">{}</span> · {}",
                esc(&name),
                esc(&id),
                esc(&t!(
                    lang,
                    "html-group-county",
                    n = rows.len(),
                    granted = mu(granted)
                ))
            );
            (Some(head), rows)
        })
        .collect();
    let mut s = p(&t!(lang, "html-projects-intro", n = r.projects.len()));
    s.push_str(&grouped_table("projects", &header, groups, true));
    s
}

fn checks_section(r: &Report, lang: Lang) -> String {
    let header = vec![
        (t!(lang, "html-col-rule"), false),
        (t!(lang, "html-col-instances"), true),
        (t!(lang, "html-col-holds"), false),
        (t!(lang, "html-col-violation"), true),
    ];
    let rows = r
        .checks
        .iter()
        .map(|c| {
            vec![
                Td::html(format!(
                    "{} <span class=\"id\">{}</span>",
                    esc(&rule_name(lang, c.rule)),
                    esc(c.rule)
                )),
                Td::num(c.instances.to_string(), c.instances as f64),
                if c.holds {
                    Td::text(&t!(lang, "html-holds")).with_class("ok")
                } else {
                    Td::text(&t!(
                        lang,
                        "html-broken",
                        id = c.worst.clone().unwrap_or_default()
                    ))
                    .with_class("bad")
                },
                Td::num(sci(c.max_violation_mu), c.max_violation_mu),
            ]
        })
        .collect();
    let mut s = p(&t!(lang, "html-checks-intro"));
    s.push_str(&table("checks", &header, rows, false));
    if let Some(c) = &r.certificate {
        s.push_str(&format!("<h3>{}</h3>", esc(&t!(lang, "html-certificate"))));
        s.push_str(&p(&if c.optimal {
            t!(lang, "html-certificate-intro")
        } else {
            t!(lang, "html-certificate-not-proven")
        }));
        let mut dl = String::from("<dl class=\"cert\">");
        let mut item = |k: String, v: String| {
            dl.push_str(&format!("<dt>{}</dt><dd>{}</dd>", esc(&k), esc(&v)));
        };
        item(
            t!(lang, "html-cert-primal"),
            format!("{:.6}", c.primal_objective),
        );
        item(
            t!(lang, "html-cert-dual"),
            format!("{:.6}", c.dual_objective),
        );
        item(
            t!(lang, "html-cert-gap"),
            format!(
                "{:.1e} ({} {:.0e})",
                c.relative_gap,
                t!(lang, "html-cert-tolerance"),
                c.gap_tolerance
            ),
        );
        item(
            t!(lang, "html-cert-primal-violation"),
            sci(c.max_primal_violation),
        );
        item(
            t!(lang, "html-cert-dual-violation"),
            sci(c.max_dual_violation),
        );
        if let (Some(b), Some(g)) = (c.integer_bound, c.integer_gap) {
            item(t!(lang, "html-cert-integer"), format!("{:.6} ({g:.1e})", b));
        }
        item(t!(lang, "html-cert-scope"), c.scope.to_string());
        dl.push_str("</dl>");
        s.push_str(&dl);
    }
    s
}

/// A marginal value for people: one number, or "more / less" at a degenerate optimum.
pub fn value_text(v: Option<f64>, more: Option<f64>, less: Option<f64>, lang: Lang) -> String {
    let side = |x: Option<f64>| {
        x.map(fmt_value)
            .unwrap_or_else(|| t!(lang, "html-infeasible-beyond"))
    };
    match v {
        Some(x) => fmt_value(x),
        None => t!(
            lang,
            "html-value-sides",
            more = side(more),
            less = side(less)
        ),
    }
}

fn values_section(r: &Report, lang: Lang) -> String {
    if r.marginal_values.is_empty() {
        return p(&t!(lang, "html-values-none"));
    }
    let mut s = p(&t!(lang, "html-values-intro"));
    if let Some(best) = r
        .pools
        .iter()
        .filter_map(|p| p.marginal_value.map(|v| (p, v)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, v)| *v > 1e-9)
    {
        s.push_str(&p(&t!(
            lang,
            "html-values-example",
            pool = isolate(&best.0.name),
            value = fmt_value(best.1),
            hundred = fmt_value(best.1 * 100.0)
        )));
    }
    let header = vec![
        (t!(lang, "html-col-rule"), false),
        (t!(lang, "html-col-id"), false),
        (t!(lang, "html-col-binding"), false),
        (t!(lang, "html-col-slack"), true),
        (t!(lang, "html-col-value"), true),
    ];
    let name_of = |rule: &str, id: &str| -> String {
        if rule == "pool_capacity" {
            pool_name(r, id)
        } else if id == "all" {
            t!(lang, "html-all")
        } else {
            county_name(r, id)
        }
    };
    let shown: Vec<_> = r
        .marginal_values
        .iter()
        .filter(|v| {
            v.binding
                || v.rule == "pool_capacity"
                || [
                    v.marginal_value,
                    v.marginal_value_more,
                    v.marginal_value_less,
                ]
                .iter()
                .any(|x| x.is_some_and(|x| r6(x) != 0.0))
        })
        .collect();
    let rows = shown
        .iter()
        .map(|v| {
            let sort = v
                .marginal_value
                .or(v.marginal_value_more)
                .or(v.marginal_value_less)
                .unwrap_or(0.0);
            vec![
                Td::text(&rule_name(lang, v.rule)),
                if v.id == "all" {
                    Td::text(&name_of(v.rule, &v.id))
                } else {
                    name_and_id(&name_of(v.rule, &v.id), &v.id)
                },
                Td::text(&if v.binding {
                    t!(lang, "html-binding-yes")
                } else {
                    t!(lang, "html-binding-no")
                }),
                Td::mu(v.slack_mu),
                Td::num(
                    value_text(
                        v.marginal_value,
                        v.marginal_value_more,
                        v.marginal_value_less,
                        lang,
                    ),
                    sort,
                ),
            ]
        })
        .collect();
    s.push_str(&table("values", &header, rows, true));
    let hidden = r.marginal_values.len() - shown.len();
    if hidden > 0 {
        s.push_str(&p(&t!(lang, "html-values-hidden", n = hidden)));
    }
    s
}

fn conflicts(r: &Report, lang: Lang) -> String {
    let header = vec![
        (t!(lang, "html-col-rule"), false),
        (t!(lang, "html-col-id"), false),
        (t!(lang, "html-col-relax"), true),
        (t!(lang, "html-col-relax-alone"), true),
        (t!(lang, "html-col-suggestion"), false),
    ];
    let rows = r
        .conflicts
        .iter()
        .map(|c| {
            vec![
                Td::text(&rule_name(lang, c.rule)),
                Td::text(&c.id),
                Td::mu(c.relax_mu),
                match c.relax_alone_mu {
                    Some(v) => Td::mu(v),
                    None => Td::text(&t!(lang, "html-not-alone")),
                },
                Td::text(&isolate_msg(&c.suggestion).render(lang)).with_class("reason"),
            ]
        })
        .collect();
    let mut s = p(&t!(lang, "html-conflicts-intro"));
    s.push_str(&table("conflicts", &header, rows, false));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html::charts::{attr, values_in};
    use blocklp::backend::Minilp;

    fn jinhua() -> (Report, Context) {
        let sc = crate::scenario::from_path(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/jinhua-2025"
        )))
        .unwrap();
        let r = crate::commands::solve::run(
            &sc,
            &Minilp,
            crate::commands::solve::Options {
                explain: true,
                compare_pro_rata: true,
            },
        );
        let cx = crate::commands::solve::ProRata::of(&sc).page_context(&sc);
        (r, cx)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-6
    }

    /// The numbers drawn are the report's: read back from the SVG, compared with the JSON.
    #[test]
    fn chart_numbers_equal_the_json() {
        let (r, cx) = jinhua();
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        let pools = pools_chart(&r, Lang::En);
        for p in json["pools"].as_array().unwrap() {
            let id = p["id"].as_str().unwrap();
            let key = attr("data-key", id);
            let used = values_in(&pools, &format!("{key} {}", attr("data-series", "used")));
            let cap = values_in(
                &pools,
                &format!("{key} {}", attr("data-series", "capacity")),
            );
            assert_eq!(used, vec![p["used_mu"].as_f64().unwrap()], "{id}");
            assert_eq!(cap, vec![p["capacity_mu"].as_f64().unwrap()], "{id}");
        }
        let counties = counties_chart(&r, &cx, Lang::Zh);
        let farmland = land_chart(&r, Land::Farmland, Lang::En);
        let forest = land_chart(&r, Land::Forest, Lang::En);
        for c in json["counties"].as_array().unwrap() {
            let id = c["id"].as_str().unwrap();
            let key = attr("data-key", id);
            for (pool, v) in c["by_pool"].as_object().unwrap() {
                let drawn = values_in(&counties, &format!("{key} {}", attr("data-series", pool)));
                assert_eq!(drawn, vec![v.as_f64().unwrap()], "{id} {pool}");
            }
            // The stacked segments add up to the county's grant.
            let segs: f64 = values_in(&counties, &format!("class=\"seg\" {key}"))
                .iter()
                .sum();
            assert!(
                close(segs, c["granted_mu"].as_f64().unwrap()),
                "{id}: {segs}"
            );
            for (svg, used, held) in [
                (&farmland, "farmland_used_mu", "farmland_held_mu"),
                (&forest, "forest_used_mu", "forest_held_mu"),
            ] {
                let parts: f64 = values_in(svg, &format!("class=\"seg\" {key}")).iter().sum();
                assert!(
                    close(parts, c[used].as_f64().unwrap()),
                    "{id} {used}: {parts}"
                );
                let h = values_in(svg, &format!("{key} {}", attr("data-series", "held")));
                assert_eq!(h, vec![c[held].as_f64().unwrap()], "{id} {held}");
            }
        }
        // The pro-rata tick is the baseline module's figure for that county.
        let sc = crate::scenario::from_path(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/jinhua-2025"
        )))
        .unwrap();
        let a = crate::baseline::pro_rata(&sc);
        let by_county = sc.projects_by_county();
        for c in sc.county_ids() {
            let want: f64 = by_county[c.idx()].iter().map(|&p| a.granted(p)).sum();
            let key = attr("data-key", &sc.county(c).id);
            let tick = values_in(
                &counties,
                &format!("{key} {}", attr("data-series", "pro_rata")),
            );
            assert_eq!(tick.len(), 1);
            assert!(
                close(tick[0], want),
                "{}: {} vs {want}",
                sc.county(c).id,
                tick[0]
            );
        }
        let tiers = tiers_chart(&r, Lang::En);
        for t in json["by_tier"].as_array().unwrap() {
            let key = attr("data-key", t["tier"].as_str().unwrap());
            for g in ["full", "partial", "none"] {
                let v = values_in(&tiers, &format!("{key} {}", attr("data-series", g)));
                assert_eq!(v, vec![t[g].as_f64().unwrap()]);
            }
        }
    }

    #[test]
    fn page_names_every_county_and_pool_and_needs_no_network() {
        let (r, cx) = jinhua();
        for lang in [Lang::En, Lang::Zh] {
            let html = render(&r, &cx, lang);
            for c in &r.counties {
                assert!(html.contains(&c.name) && html.contains(&c.id), "{}", c.id);
            }
            for p in &r.pools {
                assert!(html.contains(&p.name), "{}", p.id);
            }
            for p in &r.projects {
                assert!(html.contains(&esc(&p.name)), "{}", p.id);
            }
            assert!(!html.contains("http://") && !html.contains("https://"));
            assert!(!html.contains(" src=") && !html.contains("<link"));
            assert!(html.contains("@page") && html.contains("size: A4"));
        }
        let zh = render(&r, &cx, Lang::Zh);
        assert!(
            zh.contains("lang=\"zh-CN\"") && zh.contains("最优"),
            "Chinese page"
        );
    }

    #[test]
    fn infeasible_scenario_gets_conflicts_instead_of_a_plan() {
        let sc = crate::scenario::from_path(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/jinhua-2025-infeasible"
        )))
        .unwrap();
        let r = crate::commands::solve::run(
            &sc,
            &Minilp,
            crate::commands::solve::Options {
                explain: true,
                compare_pro_rata: false,
            },
        );
        assert_eq!(r.status, Status::Infeasible);
        let cx = crate::commands::solve::ProRata::of(&sc).page_context(&sc);
        let html = render(&r, &cx, Lang::En);
        assert!(html.contains("data-status=\"infeasible\""));
        assert!(html.contains("id=\"conflicts\""));
        for c in &r.conflicts {
            assert!(
                html.contains(&esc(&c.suggestion.to_string())),
                "{}",
                c.suggestion
            );
        }
        assert!(!html.contains("<svg"), "no charts without a plan");
    }
}

//! The plan document (`solve --format html`): the plan at a glance, charts, and the tables an
//! officer files with the annual allocation plan (年度计划指标分配方案). For an infeasible
//! scenario, the conflicting rules and what to change instead of a plan.

use super::charts::{self, BarRow, HBars, LegendItem, Mark, Seg, Swatch};
use super::{
    Page, Td, card, figure, grant_word, grouped_table, mu, p, pct, rule_name, sci, table,
    tier_name, tier_short,
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

pub(super) fn has_plan(r: &Report) -> bool {
    matches!(r.status, Status::Optimal | Status::NotProvenOptimal)
}

/// What the documents carry beyond the page context: whether the county pages are written
/// beside the plan (`counties/<id>.html`, linked from it) and the previous year's plan.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    pub county_pages: bool,
    pub previous: Option<Previous>,
}

/// A previous plan (`solve --previous FILE`): what each county and project was granted in it.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// The file, as given.
    pub source: String,
    pub counties: Vec<(String, f64)>,
    pub projects: Vec<(String, f64)>,
}

impl Previous {
    pub fn county(&self, id: &str) -> Option<f64> {
        self.counties.iter().find(|(k, _)| k == id).map(|(_, v)| *v)
    }
    pub fn project(&self, id: &str) -> Option<f64> {
        self.projects.iter().find(|(k, _)| k == id).map(|(_, v)| *v)
    }
}

/// The whole page.
pub fn render(r: &Report, cx: &Context, lang: Lang) -> String {
    render_with(r, cx, &Extras::default(), lang)
}

/// The page title: the plan's, or a what-if's, which says so.
pub fn doc_title(r: &Report, lang: Lang) -> String {
    // Names composed with other words or figures are isolated first (bidi controls in a name
    // must not reorder what follows it); a name alone is isolated by `esc`.
    let title = t!(lang, "html-plan-title", scenario = isolate(&r.scenario));
    if r.is_what_if() {
        t!(lang, "doc-what-if-title", title = title)
    } else {
        title
    }
}

/// The plan page with its links to the county pages and its previous plan. Plain words
/// first (the plan year, what was asked and granted, who got less and why); the solver's
/// figures (objective, certificate, marginal values) in the technical appendix at the end.
pub fn render_with(r: &Report, cx: &Context, ex: &Extras, lang: Lang) -> String {
    let title = doc_title(r, lang);
    let mut page = Page::new(lang, &title);
    page.push(&header(r, lang, &title));
    page.push(&what_if_box(r, lang));
    page.push(&banner(r, lang));
    if has_plan(r) {
        page.push(&glance(r, lang));
        if !r.years.is_empty() {
            page.section("years", &t!(lang, "doc-years"), &years_section(r, lang));
        }
        page.section(
            "charts",
            &t!(lang, "html-charts"),
            &chart_section(r, cx, lang),
        );
        page.section(
            "counties",
            &t!(lang, "html-counties"),
            &county_table(r, cx, ex, lang),
        );
        if r.trades.is_some() {
            page.section("trades", &t!(lang, "doc-trades"), &trades_section(r, lang));
        }
        page.push(&format!(
            "<section id=\"projects\" class=\"page-break\"><h2>{}</h2>{}</section>\n",
            esc(&t!(lang, "html-projects")),
            project_table(r, ex, lang)
        ));
        page.push(&format!(
            "<section id=\"appendix\" class=\"page-break appendix\"><h2>{}</h2>{}</section>\n",
            esc(&t!(lang, "doc-appendix")),
            appendix(r, cx, lang)
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

/// A what-if says so at the top and, in print, on every page (a fixed element repeats on each
/// printed page): the `--set` edits, verbatim.
pub fn what_if_box(r: &Report, lang: Lang) -> String {
    match crate::render::years::what_if_line(r, lang) {
        Some(line) => format!(
            "<div class=\"whatif\" data-overrides=\"{}\"><strong>{}</strong> {}</div>\n",
            esc(&r.overrides.join("\n")),
            esc(&t!(lang, "doc-what-if-badge")),
            esc(&line)
        ),
        None => String::new(),
    }
}

fn header(r: &Report, lang: Lang, title: &str) -> String {
    let year = r.year.map(|y| y.to_string()).unwrap_or_else(|| "–".into());
    let mut nav = String::new();
    if has_plan(r) {
        let mut parts = vec![("glance", "html-glance")];
        if !r.years.is_empty() {
            parts.push(("years", "doc-years"));
        }
        parts.extend([("charts", "html-charts"), ("counties", "html-counties")]);
        if r.trades.is_some() {
            parts.push(("trades", "doc-trades"));
        }
        parts.extend([("projects", "html-projects"), ("appendix", "doc-appendix")]);
        for (id, key) in parts {
            nav.push_str(&format!("<a href=\"#{id}\">{}</a>", esc(&t!(lang, key))));
        }
    }
    format!(
        "<header class=\"doc\"><div class=\"kicker\">{}</div><h1>{}</h1><div class=\"meta\">{}</div><nav class=\"toc\">{nav}</nav></header>\n",
        esc(&if r.is_what_if() {
            t!(lang, "doc-what-if-kicker")
        } else {
            t!(lang, "html-plan-kicker")
        }),
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
            let text = if r.certificate.is_some() {
                t!(lang, "doc-status-optimal")
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

fn glance(r: &Report, lang: Lang) -> String {
    let count = |g: Grant| r.projects.iter().filter(|p| p.status == g).count();
    let (full, partial, none) = (
        count(Grant::Full),
        count(Grant::Partial),
        count(Grant::None),
    );
    let need: f64 = r.projects.iter().map(|p| p.need_mu).sum();
    let mut s = String::from("<div class=\"cards\">");
    // With a horizon the annual plan being issued is the plan year's; the horizon's totals
    // come after it, labelled as such.
    let (plan_mu, granted_mu, plan_label, granted_label) = match r.years.first() {
        Some(y) => (
            y.plan_mu,
            y.granted_mu,
            t!(lang, "doc-card-plan-year", year = y.year),
            t!(lang, "doc-card-granted-year", year = y.year),
        ),
        None => (
            r.plan_mu,
            r.granted_mu,
            t!(lang, "html-card-plan"),
            t!(lang, "html-card-granted"),
        ),
    };
    s.push_str(&card(
        &plan_label,
        &mu(plan_mu),
        &t!(lang, "html-card-plan-sub", pools = r.pools.len()),
    ));
    s.push_str(&card(
        &granted_label,
        &mu(granted_mu),
        &t!(
            lang,
            "doc-card-granted-sub",
            share = pct(granted_mu, plan_mu)
        ),
    ));
    if let (Some(first), Some(last)) = (r.years.first(), r.years.last()) {
        s.push_str(&card(
            &t!(lang, "doc-card-horizon", from = first.year, to = last.year),
            &mu(r.granted_mu),
            &t!(lang, "doc-card-horizon-sub", plan = mu(r.plan_mu)),
        ));
    }
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
    s.push_str("</div>\n");
    let short: f64 = r.projects.iter().map(|p| p.need_mu - p.granted_mu).sum();
    s.push_str(&p(&t!(
        lang,
        "doc-plain-summary",
        need = mu(need),
        granted = mu(r.granted_mu),
        n = partial + none,
        short = mu(short)
    )));
    // Who got least against what they asked: the three counties furthest from their need.
    let mut by_share: Vec<(&str, f64, f64)> = r
        .counties
        .iter()
        .map(|c| {
            let asked: f64 = r
                .projects
                .iter()
                .filter(|p| p.county == c.id)
                .map(|p| p.need_mu)
                .sum();
            (c.name.as_str(), c.granted_mu, asked)
        })
        .filter(|(_, _, asked)| *asked > 0.0)
        .collect();
    by_share.sort_by(|a, b| (a.1 / a.2).total_cmp(&(b.1 / b.2)).then(a.0.cmp(b.0)));
    let least: Vec<String> = by_share
        .iter()
        .take(3)
        .map(|(name, g, asked)| {
            t!(
                lang,
                "doc-least-item",
                county = isolate(name),
                share = pct(*g, *asked)
            )
        })
        .collect();
    if !least.is_empty() {
        s.push_str(&p(&t!(
            lang,
            "doc-least",
            counties = least.join(lang_sep(lang))
        )));
    }
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
    format!(
        "<section id=\"glance\"><h2>{}</h2>{s}</section>\n",
        esc(&t!(lang, "html-glance"))
    )
}

/// The pro-rata comparison in the solver's terms (weighted totals), for the appendix.
fn pro_rata_note(r: &Report, cx: &Context, lang: Lang) -> String {
    let (Some(pr), Some(w)) = (&cx.pro_rata, r.weighted_mu) else {
        return String::new();
    };
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
    let mut s = p(&t!(
        lang,
        "html-pro-rata-compare",
        granted = mu(pr.granted_mu),
        weighted = mu(pr.weighted_mu),
        plan_weighted = mu(w),
        gain = pct(w - pr.weighted_mu, pr.weighted_mu)
    ));
    s.push_str(&p(&if broken.is_empty() {
        t!(lang, "html-pro-rata-holds")
    } else {
        t!(
            lang,
            "html-pro-rata-breaks",
            rules = broken.join(lang_sep(lang))
        )
    }));
    s
}

/// The solver's side: what is maximised, the comparison in weighted mu, the independent rule
/// checks with the optimality certificate, and the marginal values.
fn appendix(r: &Report, cx: &Context, lang: Lang) -> String {
    let mut s = p(&t!(lang, "doc-appendix-intro"));
    s.push_str("<div class=\"cards\">");
    s.push_str(&card(
        &t!(lang, "html-card-objective"),
        &r.weighted_mu.map(mu).unwrap_or_else(|| "–".into()),
        &t!(lang, "html-card-objective-sub"),
    ));
    s.push_str("</div>\n");
    s.push_str(&pro_rata_note(r, cx, lang));
    s.push_str(&format!(
        "<h3 id=\"checks\">{}</h3>{}",
        esc(&t!(lang, "html-checks")),
        checks_section(r, lang)
    ));
    s.push_str(&format!(
        "<h3 id=\"values\">{}</h3>{}",
        esc(&t!(lang, "html-values")),
        values_section(r, lang)
    ));
    s
}

pub(super) fn lang_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "; ",
        Lang::Zh => "；",
    }
}

/// The legend of a chart of grants by pool: one swatch per pool, and the pro-rata tick when
/// the chart has one (the plan's county chart and a county page's place among the others).
pub(super) fn pool_legend(r: &Report, pro_rata: bool, lang: Lang) -> Vec<LegendItem> {
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
    if pro_rata {
        legend.push(LegendItem {
            label: t!(lang, "html-legend-pro-rata"),
            colour: String::new(),
            swatch: Swatch::Marker,
        });
    }
    legend
}

/// A pool's name, isolated: it is composed with figures ("城市分批次 740").
pub(super) fn pool_name(r: &Report, id: &str) -> String {
    r.pools
        .iter()
        .find(|p| p.id == id)
        .map(|p| isolate(&p.name).into_owned())
        .unwrap_or_else(|| id.to_string())
}

pub(super) fn pool_index(r: &Report, id: &str) -> usize {
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
    let legend = pool_legend(r, cx.pro_rata.is_some(), lang);
    charts::hbars(&HBars {
        rows,
        legend,
        percent: false,
        unit: t!(lang, "html-unit-mu"),
        label: t!(lang, "html-fig-counties"),
    })
}

pub(super) fn signed(v: f64) -> String {
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
                    (Grant::Full, ts.full),
                    (Grant::Partial, ts.partial),
                    (Grant::None, ts.none),
                ]
                .iter()
                .zip(status_colour)
                .map(|(&(g, n), col)| Seg {
                    series: g.as_str().into(),
                    value: n as f64,
                    colour: col.into(),
                    tip: format!("{name} · {}: {n}", grant_word(lang, g)),
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
        legend: [Grant::Full, Grant::Partial, Grant::None]
            .iter()
            .zip(status_colour)
            .map(|(&g, c)| LegendItem {
                label: grant_word(lang, g),
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
    // A land chart only for a rule the scenario has: a scenario without a forest rule (a
    // plain) holds and occupies no forest, and an empty chart says nothing.
    if has_land(r, cx, Land::Farmland) {
        s.push_str(&format!("<h3>{}</h3>", esc(&t!(lang, "html-fig-farmland"))));
        s.push_str(&figure(
            &land_chart(r, Land::Farmland, lang),
            &t!(
                lang,
                "html-cap-land",
                shared = shared(cx.farmland_shared_mu)
            ),
        ));
    }
    if has_land(r, cx, Land::Forest) {
        s.push_str(&format!("<h3>{}</h3>", esc(&t!(lang, "html-fig-forest"))));
        s.push_str(&figure(
            &land_chart(r, Land::Forest, lang),
            &t!(lang, "html-cap-land", shared = shared(cx.forest_shared_mu)),
        ));
    }
    s
}

/// Whether the scenario has the farmland (or forest) rule: a shared pool, or a county that
/// holds or occupies any.
pub fn has_land(r: &Report, cx: &Context, land: Land) -> bool {
    let (shared, any) = match land {
        Land::Farmland => (
            cx.farmland_shared_mu,
            r.counties
                .iter()
                .any(|c| r6(c.farmland_used_mu) > 0.0 || r6(c.farmland_held_mu) > 0.0),
        ),
        Land::Forest => (
            cx.forest_shared_mu,
            r.counties
                .iter()
                .any(|c| r6(c.forest_used_mu) > 0.0 || r6(c.forest_held_mu) > 0.0),
        ),
    };
    shared.is_some_and(|v| v > 0.0) || any
}

/// A total row's cell (合计).
pub(super) fn total(v: f64) -> Td {
    Td::mu(v).with_class("num total")
}

pub(super) fn total_label(lang: Lang) -> Td {
    Td::text(&t!(lang, "doc-total")).with_class("total")
}

/// The later years' label: provisional (预安排), the plan year the annual plan.
pub(super) fn year_kind(i: usize, lang: Lang) -> String {
    if i == 0 {
        t!(lang, "doc-year-plan")
    } else {
        t!(lang, "doc-year-later")
    }
}

/// Multi-year plans: the plan year first (the annual plan being issued), then the later years
/// as provisional; each pool's carry-over and borrowing; each county's grant by year.
fn years_section(r: &Report, lang: Lang) -> String {
    let discount = r.horizon.as_ref().map_or(1.0, |h| h.discount);
    let mut s = p(&t!(
        lang,
        "doc-years-intro",
        year = r.years[0].year,
        discount = fmt_value(discount)
    ));
    let header = vec![
        (t!(lang, "years-year"), false),
        (t!(lang, "doc-col-kind"), false),
        (t!(lang, "doc-col-plan"), true),
        (t!(lang, "html-col-granted"), true),
        (t!(lang, "html-col-share"), true),
    ];
    let mut rows: Vec<Vec<Td>> = r
        .years
        .iter()
        .enumerate()
        .map(|(i, y)| {
            vec![
                Td::text(&y.year.to_string()),
                Td::text(&year_kind(i, lang)),
                Td::mu(y.plan_mu),
                Td::mu(y.granted_mu),
                Td::num(
                    pct(y.granted_mu, y.plan_mu),
                    y.granted_mu / y.plan_mu.max(1e-9),
                ),
            ]
        })
        .collect();
    rows.push(vec![
        total_label(lang),
        Td::text(""),
        total(r.years.iter().map(|y| y.plan_mu).sum()),
        total(r.years.iter().map(|y| y.granted_mu).sum()),
        Td::text(""),
    ]);
    s.push_str(&table("years", &header, rows, false));

    s.push_str(&format!("<h3>{}</h3>", esc(&t!(lang, "doc-years-pools"))));
    let header = vec![
        (t!(lang, "html-col-pool"), false),
        (t!(lang, "years-capacity"), true),
        (t!(lang, "years-carried-in"), true),
        (t!(lang, "years-borrowed"), true),
        (t!(lang, "years-used"), true),
        (t!(lang, "years-carried-out"), true),
        (t!(lang, "years-lent"), true),
    ];
    let groups = r
        .years
        .iter()
        .enumerate()
        .map(|(i, y)| {
            let mut rows: Vec<Vec<Td>> = y
                .pools
                .iter()
                .map(|p| {
                    vec![
                        Td::text(&pool_name(r, &p.id)),
                        Td::mu(p.capacity_mu),
                        Td::mu(p.carried_in_mu),
                        Td::mu(p.borrowed_mu),
                        Td::mu(p.used_mu),
                        Td::mu(p.carried_out_mu),
                        Td::mu(p.lent_mu),
                    ]
                })
                .collect();
            let sum = |f: fn(&crate::report::years::YearPoolRow) -> f64| -> f64 {
                y.pools.iter().map(f).sum()
            };
            rows.push(vec![
                total_label(lang),
                total(sum(|p| p.capacity_mu)),
                total(sum(|p| p.carried_in_mu)),
                total(sum(|p| p.borrowed_mu)),
                total(sum(|p| p.used_mu)),
                total(sum(|p| p.carried_out_mu)),
                total(sum(|p| p.lent_mu)),
            ]);
            (
                Some(esc(&format!("{} · {}", y.year, year_kind(i, lang)))),
                rows,
            )
        })
        .collect();
    s.push_str(&grouped_table("year-pools", &header, groups, false));

    s.push_str(&format!(
        "<h3>{}</h3>",
        esc(&t!(lang, "doc-years-counties"))
    ));
    let mut header = vec![(t!(lang, "html-col-county"), false)];
    header.extend(
        crate::render::years::year_headers(r, lang)
            .into_iter()
            .map(|h| (h, true)),
    );
    header.push((t!(lang, "doc-col-horizon"), true));
    let mut rows: Vec<Vec<Td>> = r
        .counties
        .iter()
        .map(|c| {
            let mut row = vec![Td::text(&c.name)];
            row.extend(
                crate::render::years::county_years(r, &c.id)
                    .into_iter()
                    .map(Td::mu),
            );
            row.push(Td::mu(c.granted_mu));
            row
        })
        .collect();
    let mut sums = vec![total_label(lang)];
    sums.extend(r.years.iter().map(|y| total(y.granted_mu)));
    sums.push(total(r.granted_mu));
    rows.push(sums);
    s.push_str(&table("county-years", &header, rows, false));
    s
}

/// Money for people: 万元 (10,000 yuan) with two decimals in Chinese, yuan in English.
pub fn money(yuan: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            let s = format!("{:.2}", yuan / 10_000.0);
            let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
            format!("{}.{frac}", crate::render::svg::group_thousands(int))
        }
        Lang::En => mu(yuan),
    }
}

/// Trading: every trade (who sold what to whom, at what price), what each county bought, sold,
/// paid and received, and each market's worth against its floor price.
fn trades_section(r: &Report, lang: Lang) -> String {
    use crate::report::explain::indicator_name;
    let Some(trades) = &r.trades else {
        return String::new();
    };
    let mut s = p(&t!(lang, "doc-trades-intro", n = trades.len()));
    let header = vec![
        (t!(lang, "years-year"), false),
        (t!(lang, "trades-indicator"), false),
        (t!(lang, "doc-col-seller"), false),
        (t!(lang, "doc-col-buyer"), false),
        (t!(lang, "trades-mu"), true),
        (t!(lang, "doc-col-price"), true),
        (t!(lang, "doc-col-amount"), true),
    ];
    let mut rows: Vec<Vec<Td>> = trades
        .iter()
        .map(|tr| {
            vec![
                Td::text(&tr.year.to_string()),
                Td::text(&indicator_name(tr.indicator).render(lang)),
                Td::text(&county_name(r, &tr.from)),
                Td::text(&county_name(r, &tr.to)),
                Td::mu(tr.mu),
                Td::num(mu(tr.price_yuan_per_mu), tr.price_yuan_per_mu),
                Td::num(money(tr.amount_yuan, lang), tr.amount_yuan),
            ]
        })
        .collect();
    let paid: f64 = trades.iter().map(|t| t.amount_yuan).sum();
    rows.push(vec![
        total_label(lang),
        Td::text(""),
        Td::text(""),
        Td::text(""),
        total(trades.iter().map(|t| t.mu).sum()),
        Td::text(""),
        Td::num(money(paid, lang), paid).with_class("num total"),
    ]);
    s.push_str(&table("trades", &header, rows, false));

    s.push_str(&format!(
        "<h3>{}</h3>",
        esc(&t!(lang, "doc-trades-counties"))
    ));
    let header = vec![
        (t!(lang, "html-col-county"), false),
        (t!(lang, "trades-bought"), false),
        (t!(lang, "trades-sold"), false),
        (t!(lang, "doc-col-paid"), true),
        (t!(lang, "doc-col-received"), true),
    ];
    let list = |b: &ByPool| {
        b.0.iter()
            .map(|(k, v)| {
                let name = crate::scenario::Indicator::ALL
                    .iter()
                    .find(|i| i.as_str() == k)
                    .map_or_else(|| k.clone(), |i| indicator_name(*i).render(lang));
                format!("{name} {}", mu(*v))
            })
            .collect::<Vec<_>>()
            .join(lang_sep(lang))
    };
    let rows = r
        .counties
        .iter()
        .filter_map(|c| c.trading.as_ref().map(|t| (c, t)))
        .map(|(c, t)| {
            vec![
                Td::text(&c.name),
                Td::text(&list(&t.bought_mu)),
                Td::text(&list(&t.sold_mu)),
                Td::num(money(t.paid_yuan, lang), t.paid_yuan),
                Td::num(money(t.received_yuan, lang), t.received_yuan),
            ]
        })
        .collect();
    s.push_str(&table("county-trades", &header, rows, true));

    if let Some(markets) = r.markets.as_ref().filter(|m| !m.is_empty()) {
        s.push_str(&format!("<h3>{}</h3>", esc(&t!(lang, "doc-markets"))));
        let header = vec![
            (t!(lang, "doc-col-market"), false),
            (t!(lang, "trades-mu"), true),
            (t!(lang, "doc-col-floor"), true),
            (t!(lang, "doc-col-price"), true),
            (t!(lang, "doc-col-worth"), true),
        ];
        let rows = markets
            .iter()
            .map(|m| {
                let v = r
                    .marginal_values
                    .iter()
                    .find(|v| v.rule == "trade_clearing" && v.id == m.id)
                    .and_then(|v| v.marginal_value.or(v.marginal_value_more));
                let worth = match (v, m.yuan_per_weighted_mu) {
                    (Some(v), Some(y)) => Td::num(mu((v * y).round()), v * y),
                    (Some(v), None) => {
                        Td::num(t!(lang, "doc-worth-weighted", value = fmt_value(v)), v)
                    }
                    (None, _) => Td::text("–"),
                };
                let (ind, city) = m.id.split_once('@').unwrap_or((&m.id, ""));
                let name = crate::scenario::Indicator::ALL
                    .iter()
                    .find(|i| i.as_str() == ind)
                    .map_or_else(|| ind.to_string(), |i| indicator_name(*i).render(lang));
                vec![
                    Td::text(&if city.is_empty() {
                        name
                    } else {
                        format!("{name} · {city}")
                    }),
                    Td::mu(m.traded_mu),
                    Td::num(mu(m.floor_price_yuan_per_mu), m.floor_price_yuan_per_mu),
                    Td::num(mu(m.price_yuan_per_mu), m.price_yuan_per_mu),
                    worth,
                ]
            })
            .collect();
        s.push_str(&p(&t!(lang, "doc-markets-intro")));
        s.push_str(&table("markets", &header, rows, false));
    }
    s
}

pub(super) fn county_name(r: &Report, id: &str) -> String {
    r.counties
        .iter()
        .find(|c| c.id == id)
        .map_or_else(|| id.to_string(), |c| isolate(&c.name).into_owned())
}

fn name_and_id(name: &str, id: &str) -> Td {
    Td::html(format!(
        "{} <span class=\"id\">{}</span>",
        esc(name),
        esc(id)
    ))
}

/// A county's name, linked to its own page when the pages are written.
fn county_cell(c: &crate::report::CountyRow, ex: &Extras) -> Td {
    if ex.county_pages {
        Td::html(format!(
            "<a href=\"{}\">{}</a>",
            esc(&county_href(&c.id)),
            esc(&c.name)
        ))
    } else {
        Td::text(&c.name)
    }
}

/// Where a county's page is, relative to plan.html.
pub fn county_href(id: &str) -> String {
    format!("counties/{}", county_file(id))
}

/// A county's limits in words: frozen, its floor and cap, the rules that bind it (the plan's
/// county table and the county page both list them).
pub fn county_limits(c: &crate::report::CountyRow, lang: Lang) -> Vec<String> {
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
    let binds = crate::render::years::binding_list(&c.binding, lang);
    if !binds.is_empty() {
        limits.push(t!(lang, "doc-binds", rules = binds));
    }
    limits
}

/// A county page's file name: the id, with anything but letters, digits, `-` and `_` replaced,
/// so that no id can name a path outside `counties/`.
pub fn county_file(id: &str) -> String {
    format!("{}.html", crate::fsutil::safe_stem(id))
}

/// Two tables, so that each fits an A4 page: grants by pool beside pro-rata (and the previous
/// plan); then land and limits. Names, not ids; a 合计 row.
fn county_table(r: &Report, cx: &Context, ex: &Extras, lang: Lang) -> String {
    let mut header = vec![
        (t!(lang, "html-col-county"), false),
        (t!(lang, "html-col-granted"), true),
    ];
    header.extend(r.pools.iter().map(|p| (p.name.clone(), true)));
    if cx.pro_rata.is_some() {
        header.push((t!(lang, "html-col-pro-rata"), true));
        header.push((t!(lang, "html-col-vs-pro-rata"), true));
    }
    if ex.previous.is_some() {
        header.push((t!(lang, "doc-col-previous"), true));
        header.push((t!(lang, "doc-col-vs-previous"), true));
    }
    let pro_rata_of = |id: &str| {
        cx.pro_rata.as_ref().map(|pr| {
            pr.counties
                .iter()
                .find(|(k, _, _)| k == id)
                .map_or(0.0, |(_, g, _)| *g)
        })
    };
    let mut rows: Vec<Vec<Td>> = r
        .counties
        .iter()
        .map(|c| {
            let mut row = vec![county_cell(c, ex), Td::mu(c.granted_mu)];
            for p in &r.pools {
                let v = c
                    .by_pool
                    .0
                    .iter()
                    .find(|(k, _)| *k == p.id)
                    .map_or(0.0, |(_, v)| *v);
                row.push(Td::mu(v));
            }
            if let Some(g) = pro_rata_of(&c.id) {
                row.push(Td::mu(g));
                row.push(Td::num(signed(c.granted_mu - g), c.granted_mu - g));
            }
            if let Some(prev) = &ex.previous {
                match prev.county(&c.id) {
                    Some(g) => {
                        let now = now_for_previous(r, c);
                        row.push(Td::mu(g));
                        row.push(Td::num(signed(now - g), now - g));
                    }
                    None => {
                        row.push(Td::text(&t!(lang, "doc-not-in-previous")));
                        row.push(Td::text(""));
                    }
                }
            }
            row
        })
        .collect();
    let mut sums = vec![total_label(lang), total(r.granted_mu)];
    for p in &r.pools {
        sums.push(total(
            r.counties
                .iter()
                .flat_map(|c| c.by_pool.0.iter().filter(|(k, _)| *k == p.id))
                .map(|(_, v)| *v)
                .sum(),
        ));
    }
    if let Some(pr) = &cx.pro_rata {
        sums.push(total(pr.granted_mu));
        sums.push(Td::text(""));
    }
    if let Some(prev) = &ex.previous {
        let known: f64 = r.counties.iter().filter_map(|c| prev.county(&c.id)).sum();
        sums.push(total(known));
        sums.push(Td::text(""));
    }
    rows.push(sums);
    let mut s = p(&t!(lang, "html-counties-intro"));
    s.push_str(&table("counties", &header, rows, false));
    if let Some(prev) = &ex.previous {
        s.push_str(&previous_note(r, prev, lang));
        s.push_str(&previous_chart(r, prev, lang));
    }

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
            let limits = county_limits(c, lang);
            vec![
                county_cell(c, ex),
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

/// The projects table's header: names first (ids small beside them), the plan year and the
/// later ones for a multi-year plan, the previous plan when given.
pub fn project_header(r: &Report, ex: &Extras, lang: Lang) -> Vec<(String, bool)> {
    let mut header = vec![
        (t!(lang, "html-col-project"), false),
        (t!(lang, "html-col-tier"), false),
        (t!(lang, "html-col-need"), true),
        (t!(lang, "html-col-granted"), true),
    ];
    header.extend(
        crate::render::years::year_headers(r, lang)
            .into_iter()
            .map(|h| (h, true)),
    );
    if ex.previous.is_some() {
        header.push((t!(lang, "doc-col-previous"), true));
    }
    header.extend([
        (t!(lang, "html-col-status"), false),
        (t!(lang, "html-col-pools"), false),
        (t!(lang, "html-col-reason"), false),
    ]);
    if has_notes(r) {
        header.push((t!(lang, "fu-col-notes"), false));
    }
    header
}

/// Whether any project carries the officer's remarks (备注): the column is shown only then.
fn has_notes(r: &Report) -> bool {
    r.projects.iter().any(|p| p.notes.is_some())
}

/// One project's row, matching [`project_header`].
/// A project's row; `short`: its reason cut to [`REASON_PARTS`] parts (the plan's table), else
/// whole (the county's page).
pub fn project_row(
    r: &Report,
    p: &crate::report::ProjectRow,
    ex: &Extras,
    short: bool,
    lang: Lang,
) -> Vec<Td> {
    let pools: Vec<String> = p
        .by_pool
        .0
        .iter()
        .map(|(k, v)| format!("{} {}", pool_name(r, k), mu(*v)))
        .collect();
    let mut row = vec![
        name_and_id(&p.name, &p.id).with_class("project"),
        Td::text(&tier_short(lang, p.tier.as_str())).with_class("tight"),
        Td::mu(p.need_mu),
        Td::mu(p.granted_mu),
    ];
    if r.horizon.is_some() {
        row.extend(
            crate::render::years::year_values(r, p.by_year.as_ref())
                .into_iter()
                .map(Td::mu),
        );
    }
    if let Some(prev) = &ex.previous {
        row.push(match prev.project(&p.id) {
            Some(v) => Td::mu(v),
            None => Td::text("–"),
        });
    }
    row.extend([
        Td::text(&grant_word(lang, p.status)).with_class(match p.status {
            Grant::Full => "full tight",
            Grant::Partial => "partial tight",
            Grant::None => "none tight",
        }),
        Td::text(&pools.join(lang_sep(lang))).with_class("pools"),
        reason_cell(
            &p.reason
                .as_ref()
                .map(|m| isolate_msg(m).render(lang))
                .unwrap_or_default(),
            short,
            lang,
        ),
    ]);
    if has_notes(r) {
        // A text alone in its cell, like a name: escaped and isolated by `esc`.
        row.push(Td::text(p.notes.as_deref().unwrap_or_default()).with_class("notes"));
    }
    row
}

/// Parts of a reason the plan's table shows: the deciding rule and the first way to change it.
/// The whole reason is the cell's tooltip, and is printed in full on the county's page
/// (`counties/<id>.html`) and in the workbook, so the plan itself keeps 20 lines to an A4 page.
const REASON_PARTS: usize = 2;

/// A reason cell: its first [`REASON_PARTS`] parts (clauses separated by "; " or "；"), with
/// "…" when more follow.
fn reason_cell(full: &str, short: bool, lang: Lang) -> Td {
    let sep = if lang == Lang::Zh { "；" } else { "; " };
    let parts: Vec<&str> = full.split(sep).collect();
    if !short || parts.len() <= REASON_PARTS {
        return Td::text(full).with_class("reason");
    }
    let short = format!("{}{sep}…", parts[..REASON_PARTS].join(sep));
    Td::html(format!(
        "<span title=\"{}\">{}</span>",
        esc(full),
        esc(&short)
    ))
    .with_class("reason")
}

/// What a county's previous grant is compared with: its grant in the plan year (the annual
/// plan being issued), which is its grant in a one-year plan.
pub fn now_for_previous(r: &Report, c: &crate::report::CountyRow) -> f64 {
    crate::render::years::county_years(r, &c.id)
        .first()
        .copied()
        .unwrap_or(c.granted_mu)
}

/// Each county's change against the previous plan, as bars (counties missing on one side are
/// listed by [`previous_note`], not drawn).
fn previous_chart(r: &Report, prev: &Previous, lang: Lang) -> String {
    let rows: Vec<charts::DivRow> = r
        .counties
        .iter()
        .filter_map(|c| {
            let g = prev.county(&c.id)?;
            let d = now_for_previous(r, c) - g;
            Some(charts::DivRow {
                key: c.id.clone(),
                label: c.name.clone(),
                value: d,
                tip: t!(lang, "doc-county-previous", mu = mu(g)),
                note: signed(d),
            })
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let svg = charts::diverging(
        &rows,
        &t!(lang, "html-unit-mu"),
        &t!(lang, "doc-fig-previous"),
    );
    figure(&svg, &t!(lang, "doc-cap-previous"))
}

/// The previous plan: its total against this one's, and the counties and projects found on
/// one side only (listed, never guessed).
fn previous_note(r: &Report, prev: &Previous, lang: Lang) -> String {
    let known: f64 = r.counties.iter().filter_map(|c| prev.county(&c.id)).sum();
    let mut s = p(&t!(
        lang,
        "doc-previous-intro",
        file = &prev.source,
        previous = mu(known),
        granted = mu(r.granted_mu)
    ));
    let only_now: Vec<String> = r
        .counties
        .iter()
        .filter(|c| prev.county(&c.id).is_none())
        .map(|c| isolate(&c.name).into_owned())
        .collect();
    let only_then: Vec<String> = prev
        .counties
        .iter()
        .filter(|(id, _)| !r.counties.iter().any(|c| c.id == *id))
        .map(|(id, _)| id.clone())
        .collect();
    let new_projects = r
        .projects
        .iter()
        .filter(|p| prev.project(&p.id).is_none())
        .count();
    let gone: Vec<String> = prev
        .projects
        .iter()
        .filter(|(id, _)| !r.projects.iter().any(|p| p.id == *id))
        .map(|(id, _)| id.clone())
        .collect();
    if !only_now.is_empty() {
        s.push_str(&p(&t!(
            lang,
            "doc-previous-new-counties",
            list = only_now.join(lang_sep(lang))
        )));
    }
    if !only_then.is_empty() {
        s.push_str(&p(&t!(
            lang,
            "doc-previous-gone-counties",
            list = only_then.join(lang_sep(lang))
        )));
    }
    if new_projects > 0 || !gone.is_empty() {
        s.push_str(&p(&t!(
            lang,
            "doc-previous-projects",
            new = new_projects,
            gone = gone.len()
        )));
    }
    if !gone.is_empty() {
        s.push_str(&p(&t!(
            lang,
            "doc-previous-gone-projects",
            list = gone.join(lang_sep(lang))
        )));
    }
    s
}

fn project_table(r: &Report, ex: &Extras, lang: Lang) -> String {
    let header = project_header(r, ex, lang);
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
        groups[i].1.push(project_row(r, p, ex, true, lang));
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
    if let Some(h) = &r.horizon {
        s.push_str(&p(&t!(
            lang,
            "doc-values-discounted",
            year = h.years.first().copied().unwrap_or_default(),
            discount = fmt_value(h.discount)
        )));
    }
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
            // A multi-year plan has a row per year: the year is part of the row's name.
            let name = match v.year {
                Some(y) => format!("{} · {y}", name_of(v.rule, &v.id)),
                None => name_of(v.rule, &v.id),
            };
            vec![
                Td::text(&rule_name(lang, v.rule)),
                if v.id == "all" {
                    Td::text(&name)
                } else {
                    name_and_id(&name, &v.id)
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

//! One page per county (分解下达): what `solve --format html` writes beside the plan as
//! `counties/<county id>.html`, and what `explain --county ID --format html` writes alone. The
//! county's grant by pool (and by year), its place among the counties, its change against the
//! pro-rata split and the previous plan, the rules that bind it, its trades, and its projects
//! with their grants and reasons. Printable on A4, in the reader's language.

use super::charts::{self, BarRow, HBars, LegendItem, Mark, Seg, Swatch};
use super::plan::{
    Context, Extras, has_plan, lang_sep, pool_index, pool_legend, pool_name, project_header,
    project_row, signed, total, total_label, what_if_box,
};
use super::{Page, Td, card, figure, grouped_table, mu, p, pct, table};
use crate::i18n::Lang;
use crate::render::svg::esc;
use crate::render::text::{isolate, isolate_msg};
use crate::report::{CountyRow, Report};
use crate::t;

/// The county's page, or `None` when the report has no plan or no such county.
pub fn render(r: &Report, cx: &Context, ex: &Extras, id: &str, lang: Lang) -> Option<String> {
    if !has_plan(r) {
        return None;
    }
    let c = r.counties.iter().find(|c| c.id == id)?;
    let plan_title = super::plan::doc_title(r, lang);
    let title = t!(
        lang,
        "doc-county-title",
        county = isolate(&c.name),
        year = r.year.map(|y| y.to_string()).unwrap_or_default()
    );
    let mut page = Page::new(lang, &title);
    let back = if ex.county_pages {
        format!(
            "<nav class=\"crumbs\"><a href=\"../plan.html\">{}</a></nav>",
            esc(&t!(lang, "doc-county-back", plan = &plan_title))
        )
    } else {
        String::new()
    };
    page.push(&format!(
        "<header class=\"doc\">{back}<div class=\"kicker\">{}</div><h1>{}</h1><div class=\"meta\">{}</div></header>\n",
        esc(&t!(lang, "doc-county-kicker", plan = &plan_title)),
        esc(&title),
        esc(&t!(lang, "doc-county-meta", city = &c.city, id = &c.id)),
    ));
    page.push(&what_if_box(r, lang));
    page.push(&summary(r, cx, ex, c, lang));
    page.section("grant", &t!(lang, "doc-county-grant"), &grant(r, c, lang));
    page.section(
        "place",
        &t!(lang, "doc-county-place"),
        &place(r, cx, ex, c, lang),
    );
    page.section("rules", &t!(lang, "doc-county-rules"), &rules(r, c, lang));
    let projects: Vec<Vec<Td>> = r
        .projects
        .iter()
        .filter(|p| p.county == c.id)
        .map(|p| project_row(r, p, ex, false, lang))
        .collect();
    let n = projects.len();
    let mut s = p(&t!(lang, "doc-county-projects-intro", n = n));
    s.push_str(&grouped_table(
        "projects",
        &project_header(r, ex, lang),
        vec![(None, projects)],
        true,
    ));
    page.section("projects", &t!(lang, "html-projects"), &s);
    Some(page.finish())
}

/// The county's grant in the plan year (the horizon's beside it), and how it compares.
fn summary(r: &Report, cx: &Context, ex: &Extras, c: &CountyRow, lang: Lang) -> String {
    let asked: f64 = r
        .projects
        .iter()
        .filter(|p| p.county == c.id)
        .map(|p| p.need_mu)
        .sum();
    let mut s = String::from("<div class=\"cards\">");
    if let Some(y) = r.years.first() {
        let v = crate::render::years::county_years(r, &c.id)
            .first()
            .copied()
            .unwrap_or(0.0);
        s.push_str(&card(
            &t!(lang, "doc-card-granted-year", year = y.year),
            &mu(v),
            &t!(lang, "html-unit-mu"),
        ));
    }
    s.push_str(&card(
        &if r.years.is_empty() {
            t!(lang, "html-card-granted")
        } else {
            t!(lang, "doc-col-horizon")
        },
        &mu(c.granted_mu),
        &t!(
            lang,
            "doc-county-asked",
            asked = mu(asked),
            share = pct(c.granted_mu, asked)
        ),
    ));
    let rank = 1 + r
        .counties
        .iter()
        .filter(|o| o.granted_mu > c.granted_mu + 1e-6)
        .count();
    s.push_str(&card(
        &t!(lang, "doc-county-rank-label"),
        &t!(lang, "doc-county-rank", rank = rank, n = r.counties.len()),
        &t!(
            lang,
            "doc-county-share",
            share = pct(c.granted_mu, r.granted_mu)
        ),
    ));
    if let Some(g) = pro_rata(cx, &c.id) {
        s.push_str(&card(
            &t!(lang, "html-col-vs-pro-rata"),
            &signed(c.granted_mu - g),
            &t!(lang, "html-tip-pro-rata", mu = mu(g)),
        ));
    }
    if let Some(g) = ex.previous.as_ref().and_then(|p| p.county(&c.id)) {
        s.push_str(&card(
            &t!(lang, "doc-col-vs-previous"),
            &signed(super::plan::now_for_previous(r, c) - g),
            &t!(lang, "doc-county-previous", mu = mu(g)),
        ));
    }
    s.push_str("</div>\n");
    s
}

fn pro_rata(cx: &Context, id: &str) -> Option<f64> {
    cx.pro_rata.as_ref().map(|pr| {
        pr.counties
            .iter()
            .find(|(k, _, _)| k == id)
            .map_or(0.0, |(_, g, _)| *g)
    })
}

/// The grant by pool, and for a multi-year plan by year (the plan year, then the later ones
/// as provisional), each with its 合计 row.
fn grant(r: &Report, c: &CountyRow, lang: Lang) -> String {
    let header = vec![
        (t!(lang, "html-col-pool"), false),
        (t!(lang, "html-col-granted"), true),
        (t!(lang, "html-col-share"), true),
    ];
    let mut rows: Vec<Vec<Td>> = r
        .pools
        .iter()
        .map(|pool| {
            let v = c
                .by_pool
                .0
                .iter()
                .find(|(k, _)| *k == pool.id)
                .map_or(0.0, |(_, v)| *v);
            vec![
                Td::text(&pool.name),
                Td::mu(v),
                Td::num(pct(v, pool.used_mu), v / pool.used_mu.max(1e-9)),
            ]
        })
        .collect();
    rows.push(vec![
        total_label(lang),
        total(c.granted_mu),
        Td::num(
            pct(c.granted_mu, r.granted_mu),
            c.granted_mu / r.granted_mu.max(1e-9),
        ),
    ]);
    let mut s = p(&t!(lang, "doc-county-grant-intro"));
    s.push_str(&table("county-grant", &header, rows, false));
    if r.years.is_empty() {
        return s;
    }
    let header = vec![
        (t!(lang, "years-year"), false),
        (t!(lang, "doc-col-kind"), false),
        (t!(lang, "html-col-granted"), true),
    ];
    let mut rows: Vec<Vec<Td>> = r
        .years
        .iter()
        .zip(crate::render::years::county_years(r, &c.id))
        .enumerate()
        .map(|(i, (y, v))| {
            vec![
                Td::text(&y.year.to_string()),
                Td::text(&super::plan::year_kind(i, lang)),
                Td::mu(v),
            ]
        })
        .collect();
    rows.push(vec![total_label(lang), Td::text(""), total(c.granted_mu)]);
    s.push_str(&table("county-years", &header, rows, false));
    s
}

/// Where the county stands: every county's grant, this one marked, with the pro-rata tick and
/// the previous plan.
fn place(r: &Report, cx: &Context, ex: &Extras, c: &CountyRow, lang: Lang) -> String {
    let rows = r
        .counties
        .iter()
        .map(|o| BarRow {
            key: o.id.clone(),
            label: if o.id == c.id {
                format!("▶ {}", isolate(&o.name))
            } else {
                o.name.clone()
            },
            segs: o
                .by_pool
                .0
                .iter()
                .map(|(k, v)| Seg {
                    series: k.clone(),
                    value: *v,
                    colour: charts::colour(pool_index(r, k)).into(),
                    tip: format!("{} · {}: {}", isolate(&o.name), pool_name(r, k), mu(*v)),
                })
                .collect(),
            back: ex
                .previous
                .as_ref()
                .and_then(|p| p.county(&o.id))
                .map(|g| Mark {
                    series: "previous".into(),
                    value: g,
                    tip: t!(lang, "doc-county-previous", mu = mu(g)),
                }),
            marker: pro_rata(cx, &o.id).map(|g| Mark {
                series: "pro_rata".into(),
                value: g,
                tip: t!(lang, "html-tip-pro-rata", mu = mu(g)),
            }),
            note: mu(o.granted_mu),
        })
        .collect();
    let mut legend = pool_legend(r, cx.pro_rata.is_some(), lang);
    if ex.previous.is_some() {
        legend.push(LegendItem {
            label: t!(lang, "doc-legend-previous"),
            colour: String::new(),
            swatch: Swatch::Back,
        });
    }
    let svg = charts::hbars(&HBars {
        rows,
        legend,
        percent: false,
        unit: t!(lang, "html-unit-mu"),
        label: t!(lang, "doc-county-place"),
    });
    figure(
        &svg,
        &t!(lang, "doc-county-place-cap", county = isolate(&c.name)),
    )
}

/// The county's limits, the rules that bind it, its land and its trades, in words.
fn rules(r: &Report, c: &CountyRow, lang: Lang) -> String {
    let mut items = super::plan::county_limits(c, lang);
    if c.farmland_held_mu > 0.0 || c.farmland_used_mu > 0.0 {
        items.push(t!(
            lang,
            "doc-county-farmland",
            used = mu(c.farmland_used_mu),
            held = mu(c.farmland_held_mu)
        ));
    }
    if c.forest_held_mu > 0.0 || c.forest_used_mu > 0.0 {
        items.push(t!(
            lang,
            "doc-county-forest",
            used = mu(c.forest_used_mu),
            held = mu(c.forest_held_mu)
        ));
    }
    if let Some(t) = &c.trading {
        items.push(t!(
            lang,
            "doc-county-trading",
            paid = super::plan::money(t.paid_yuan, lang),
            received = super::plan::money(t.received_yuan, lang)
        ));
    }
    let mut s = String::new();
    if items.is_empty() {
        s.push_str(&p(&t!(lang, "doc-county-no-rules")));
    } else {
        s.push_str("<ul>");
        for i in &items {
            s.push_str(&format!("<li>{}</li>", esc(i)));
        }
        s.push_str("</ul>\n");
    }
    let trades = crate::report::explain::trade_lines(r, &c.id);
    if !trades.is_empty() {
        let lines: Vec<String> = trades.iter().map(|m| isolate_msg(m).render(lang)).collect();
        s.push_str(&p(&lines.join(lang_sep(lang))));
    }
    s
}

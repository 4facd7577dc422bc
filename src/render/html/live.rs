//! The live what-if page of `landquota serve`: the plan page (the same renderer,
//! [`super::plan::render`], its stylesheet and sorting script included as they are) beside a
//! panel of what an officer changes. The panel is built here from the scenario; the page's
//! script (`live.js`, plain JavaScript) turns each change into a `--set` edit, asks the server
//! for the variant and puts its plan and its changes against the base (the diff page's bars,
//! [`super::diff::chart`]) in place. Every word comes from the catalogue.

use super::{CSS, JS};
use crate::i18n::Lang;
use crate::render::svg::esc;
use crate::report::diff::{Change, Diff, Kind};
use crate::report::{Report, r6};
use crate::scenario::{Scenario, TradeScope};
use crate::t;

const LIVE_CSS: &str = include_str!("live.css");
const LIVE_JS: &str = include_str!("live.js");

/// How many rows moved against the base, per kind.
#[derive(Debug, Clone, Copy, Default)]
pub struct Moved {
    pub counties: usize,
    pub projects: usize,
    pub pools: usize,
}

/// Rows of `kind` whose figures changed (a marginal value alone does not count).
pub fn moved(d: &Diff, kind: Kind) -> usize {
    d.rows
        .iter()
        .filter(|r| r.kind == kind && r.change != Change::Unchanged)
        .filter(|r| super::diff::main_change(r).is_some_and(|(_, v)| r6(v) != 0.0))
        .count()
}

/// The content of a plan page's `<main>`, to put into the live page.
pub fn plan_fragment(page: &str) -> String {
    let start = page.find("<main>").map_or(0, |i| i + "<main>".len());
    let end = page.rfind("</main>").unwrap_or(page.len());
    page[start..end.max(start)].to_string()
}

/// What moved against the base plan: a line in words and the diff page's bars for counties,
/// projects and pools (nothing when nothing moved).
pub fn changes(d: &Diff, moved: Option<&Moved>, lang: Lang) -> String {
    let m = moved.copied().unwrap_or_default();
    if m.counties + m.projects + m.pools == 0 {
        return format!(
            "<p class=\"moved none\">{}</p>",
            esc(&t!(lang, "live-moved-none"))
        );
    }
    let mut s = format!(
        "<p class=\"moved\" data-counties=\"{}\" data-projects=\"{}\">{}</p>",
        m.counties,
        m.projects,
        esc(&t!(
            lang,
            "live-moved",
            counties = m.counties,
            projects = m.projects,
            pools = m.pools
        ))
    );
    if let Some(g) = d.granted_mu_delta {
        s.push_str(&format!(
            "<p class=\"moved-total\">{}</p>",
            esc(&t!(lang, "live-moved-granted", delta = signed(g)))
        ));
    }
    for kind in [Kind::County, Kind::Pool, Kind::Project] {
        if let Some(svg) = super::diff::chart(d, kind, lang) {
            s.push_str(&format!("<figure class=\"moved-{kind:?}\">{svg}</figure>"));
        }
    }
    s
}

fn signed(v: f64) -> String {
    let s = super::mu(v);
    if v > 0.0 && s != "0" {
        format!("+{s}")
    } else {
        s
    }
}

fn num(v: f64) -> String {
    format!("{}", r6(v))
}

/// A number the officer sets: its `--set` path, the base value (the input shows it).
fn number(path: &str, base: Option<f64>, label: &str, step: &str) -> String {
    let value = base.map(num).unwrap_or_default();
    format!(
        "<label class=\"ctl\"><span>{}</span><input type=\"number\" step=\"{step}\" data-path=\"{}\" data-base=\"{value}\" value=\"{value}\"></label>",
        esc(label),
        esc(path)
    )
}

fn group(id: &str, title: &str, open: bool, body: &str) -> String {
    format!(
        "<details id=\"ctl-{id}\"{}><summary>{}</summary>{body}</details>\n",
        if open { " open" } else { "" },
        esc(title)
    )
}

/// The panel of what an officer changes, for the scenario's own pools, rules and counties.
fn controls(sc: &Scenario, lang: Lang) -> String {
    let mut s = String::new();
    let mut pools = String::new();
    for p in &sc.pools {
        let path = format!("pools.{}.capacity", p.id);
        pools.push_str(&format!(
            "<div class=\"pool\" data-pool=\"{}\"><div class=\"pool-name\">{}</div><div class=\"row\">{}<label class=\"ctl pct\"><span>±%</span><input type=\"number\" step=\"1\" data-path=\"{}\" data-pct=\"1\" placeholder=\"0\"></label></div></div>",
            esc(&p.id),
            esc(&p.name),
            number(&path, Some(p.capacity_mu), &t!(lang, "live-capacity"), "any"),
            esc(&path)
        ));
    }
    s.push_str(&group("pools", &t!(lang, "live-pools"), true, &pools));
    if let Some(l) = &sc.rules.stock_linkage {
        s.push_str(&group(
            "linkage",
            &t!(lang, "live-linkage"),
            true,
            &format!(
                "<div class=\"row\">{}{}</div>",
                number("rules.stock_linkage.alpha", Some(l.alpha), "α", "0.05"),
                number("rules.stock_linkage.beta", Some(l.beta), "β", "0.05")
            ),
        ));
    }
    if let Some(o) = &sc.rules.outside_boundary {
        let mut body = String::from("<div class=\"row\">");
        if let Some(v) = o.max_share_total {
            body.push_str(&number(
                "rules.outside_boundary.max_share_total",
                Some(v),
                &t!(lang, "live-outside-total"),
                "0.01",
            ));
        }
        if let Some(v) = o.max_share_county {
            body.push_str(&number(
                "rules.outside_boundary.max_share_county",
                Some(v),
                &t!(lang, "live-outside-county"),
                "0.01",
            ));
        }
        body.push_str("</div>");
        s.push_str(&group("outside", &t!(lang, "live-outside"), false, &body));
    }
    if !sc.rules.earmarks.is_empty() {
        let mut body = String::new();
        for e in &sc.rules.earmarks {
            let c = &sc.categories[e.category.idx()];
            body.push_str(&number(
                &format!("rules.earmarks.{}.min_share", c.id),
                Some(e.min_share),
                &c.name,
                "0.01",
            ));
        }
        s.push_str(&group("earmarks", &t!(lang, "live-earmarks"), false, &body));
    }
    if sc.horizon.years.len() > 1 {
        s.push_str(&group(
            "years",
            &t!(lang, "live-years"),
            false,
            &number(
                "rules.horizon.discount",
                Some(sc.horizon.discount),
                &t!(lang, "live-discount"),
                "0.01",
            ),
        ));
    }
    if let Some(tr) = &sc.rules.trading {
        let scope = match tr.scope {
            TradeScope::City => "city",
            TradeScope::Province => "province",
        };
        let opt = |v: &str, key: &str| {
            format!(
                "<option value=\"{v}\"{}>{}</option>",
                if v == scope { " selected" } else { "" },
                esc(&t!(lang, key))
            )
        };
        s.push_str(&group(
            "trading",
            &t!(lang, "live-trading"),
            false,
            &format!(
                "<div class=\"row\"><label class=\"ctl\"><span>{}</span><select data-path=\"rules.trading.scope\" data-base=\"{scope}\">{}{}</select></label>{}</div>",
                esc(&t!(lang, "live-trading-scope")),
                opt("city", "live-trading-city"),
                opt("province", "live-trading-province"),
                number(
                    "rules.trading.max_sell_share",
                    Some(tr.max_sell_share),
                    &t!(lang, "live-trading-sell"),
                    "0.05"
                )
            ),
        ));
    }
    let mut rows = String::new();
    for c in &sc.counties {
        let cell = |field: &str, v: Option<f64>| {
            let value = v.map(num).unwrap_or_default();
            format!(
                "<td><input type=\"number\" step=\"any\" min=\"0\" data-path=\"counties.{}.{field}\" data-base=\"{value}\" value=\"{value}\"></td>",
                esc(&c.id)
            )
        };
        rows.push_str(&format!(
            "<tr data-county=\"{}\"><td>{}</td><td><input type=\"checkbox\" data-path=\"counties.{}.frozen\" data-base=\"{}\"{}></td>{}{}</tr>",
            esc(&c.id),
            esc(&c.name),
            esc(&c.id),
            c.frozen,
            if c.frozen { " checked" } else { "" },
            cell("floor", c.floor_mu),
            cell("cap", c.cap_mu)
        ));
    }
    s.push_str(&group(
        "counties",
        &t!(lang, "live-counties"),
        false,
        &format!(
            "<table class=\"ctl-counties\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{rows}</tbody></table>",
            esc(&t!(lang, "live-county")),
            esc(&t!(lang, "live-frozen")),
            esc(&t!(lang, "live-floor")),
            esc(&t!(lang, "live-cap"))
        ),
    ));
    s
}

/// The words the script shows, from the catalogue.
fn words(lang: Lang) -> String {
    let keys = [
        "live-solving",
        "live-solved",
        "live-bad-edits",
        "live-failed",
        "live-saved",
        "live-copied",
        "live-no-edits",
        "live-stale",
        "live-reloaded",
        "live-reasons-pending",
    ];
    let map: serde_json::Map<String, serde_json::Value> = keys
        .iter()
        .map(|k| (k.to_string(), crate::i18n::tr(lang, k, &[]).into()))
        .collect();
    // Inside <script>: no "</" can close the element early.
    serde_json::Value::Object(map)
        .to_string()
        .replace("</", "<\\/")
}

/// The whole page; the plan comes from the server once the script runs.
pub fn render(sc: &Scenario, base: &Report, lang: Lang) -> String {
    let html_lang = match lang {
        Lang::En => "en",
        Lang::Zh => "zh-CN",
    };
    let title = t!(lang, "live-title", scenario = &base.scenario);
    let button = |id: &str, key: &str| {
        format!(
            "<button type=\"button\" id=\"{id}\">{}</button>",
            esc(&t!(lang, key))
        )
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"landquota {version}\">\n<title>{title}</title>\n\
         <style>\n{CSS}{LIVE_CSS}</style>\n</head>\n<body class=\"live\">\n\
         <aside id=\"panel\">\n<div class=\"kicker\">{kicker}</div><h1>{title}</h1>\n\
         <div id=\"state\" class=\"state\" role=\"status\" aria-live=\"polite\"></div>\n\
         <div id=\"stale\" class=\"banner warn\" hidden>{stale} {reload}</div>\n\
         <section class=\"edits\"><h2>{edits_h}</h2><p class=\"hint\">{edits_hint}</p>\
         <ol id=\"edits\"></ol><div class=\"buttons\">{undo}{reset}{copy}</div></section>\n\
         {controls}\
         <section class=\"save\"><h2>{save_h}</h2><label class=\"ctl\"><span>{save_name}</span>\
         <input type=\"text\" id=\"save-name\" maxlength=\"64\" placeholder=\"cut20\"></label>{save}\
         <p id=\"save-result\" class=\"hint\"></p></section>\n\
         <section class=\"downloads\"><h2>{dl_h}</h2><a id=\"dl-xlsx\" href=\"#\" download>plan.xlsx</a> \
         <a id=\"dl-html\" href=\"#\" download>plan.html</a></section>\n\
         </aside>\n<main id=\"live\">\n<section id=\"changes\"><h2>{changes_h}</h2><div id=\"changes-body\"></div></section>\n\
         <div id=\"plan\"></div>\n</main>\n\
         <script type=\"application/json\" id=\"live-words\">{words}</script>\n\
         <script>\nfunction landquotaSortTables() {{\n{JS}}}\n{LIVE_JS}</script>\n</body>\n</html>\n",
        version = env!("CARGO_PKG_VERSION"),
        title = esc(&title),
        kicker = esc(&t!(lang, "live-kicker")),
        stale = esc(&t!(lang, "live-stale")),
        reload = button("reload", "live-reload"),
        edits_h = esc(&t!(lang, "live-edits")),
        edits_hint = esc(&t!(lang, "live-edits-hint")),
        undo = button("undo", "live-undo"),
        reset = button("reset", "live-reset"),
        copy = button("copy", "live-copy"),
        controls = controls(sc, lang),
        save_h = esc(&t!(lang, "live-save")),
        save_name = esc(&t!(lang, "live-save-name")),
        save = button("save", "live-save-button"),
        dl_h = esc(&t!(lang, "live-downloads")),
        changes_h = esc(&t!(lang, "live-changes")),
        words = words(lang),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_fragment_is_the_main_element_inside() {
        let page = "<html><body><main>\n<h1>x</h1></main><script></script></body></html>";
        assert_eq!(plan_fragment(page), "\n<h1>x</h1>");
    }
}

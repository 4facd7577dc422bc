//! Documents people read, print and send: one self-contained HTML file per page (the plan of
//! `solve --format html`, the sweep page, the diff page).
//!
//! Self-contained means no network at all: the stylesheet and the small sorting script are
//! inline, charts are inline SVG ([`charts`]), and text uses the fonts already on the reader's
//! computer (the font stack names the usual Chinese system fonts; nothing is downloaded or
//! embedded). Every word on a page comes from the message catalogue, in the `--lang` language.

pub mod charts;
pub mod county;
pub mod diff;
pub mod live;
pub mod plan;
pub mod sweep;

use crate::i18n::Lang;
use crate::render::svg::{esc, group_thousands};
use crate::report::r6;
use crate::t;

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

/// A page being assembled.
pub struct Page {
    lang: Lang,
    title: String,
    body: String,
}

impl Page {
    pub fn new(lang: Lang, title: &str) -> Page {
        Page {
            lang,
            title: title.to_string(),
            body: String::new(),
        }
    }

    pub fn push(&mut self, html: &str) {
        self.body.push_str(html);
    }

    /// A section with a heading (`id` for links) and its content.
    pub fn section(&mut self, id: &str, heading: &str, content: &str) {
        self.body.push_str(&format!(
            "<section id=\"{}\"><h2>{}</h2>{content}</section>\n",
            esc(id),
            esc(heading)
        ));
    }

    pub fn finish(self) -> String {
        let html_lang = match self.lang {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        };
        let footer = t!(
            self.lang,
            "html-footer",
            version = env!("CARGO_PKG_VERSION")
        );
        format!(
            "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"landquota {}\">\n\
             <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n{}\
             <footer>{}</footer>\n</main>\n<script>\n{JS}</script>\n</body>\n</html>\n",
            env!("CARGO_PKG_VERSION"),
            esc(&self.title),
            self.body,
            esc(&footer)
        )
    }
}

/// Mu for people: thousands grouped, at most two decimals (the JSON keeps six).
pub fn mu(v: f64) -> String {
    let v = r6(v);
    let s = if (v - v.round()).abs() < 0.005 {
        format!("{:.0}", v.round())
    } else {
        format!("{v:.2}")
    };
    group_thousands(if s == "-0" { "0" } else { &s })
}

/// A share as a percentage with one decimal.
pub fn pct(part: f64, whole: f64) -> String {
    if whole <= 0.0 {
        "–".into()
    } else {
        format!("{:.1}%", part / whole * 100.0)
    }
}

/// A table cell: its HTML, and for numbers the value it sorts by.
pub struct Td {
    pub html: String,
    pub sort: Option<f64>,
    pub class: &'static str,
}

impl Td {
    pub fn text(s: &str) -> Td {
        Td {
            html: esc(s),
            sort: None,
            class: "",
        }
    }
    pub fn html(s: String) -> Td {
        Td {
            html: s,
            sort: None,
            class: "",
        }
    }
    pub fn mu(v: f64) -> Td {
        Td {
            html: mu(v),
            sort: Some(r6(v)),
            class: "num",
        }
    }
    pub fn num(text: String, v: f64) -> Td {
        Td {
            html: esc(&text),
            sort: Some(v),
            class: "num",
        }
    }
    pub fn with_class(mut self, class: &'static str) -> Td {
        self.class = class;
        self
    }
}

/// A table; `sortable` adds click-to-sort on the headers (the script is inline). `numeric`
/// headers are right-aligned.
pub fn table(class: &str, header: &[(String, bool)], rows: Vec<Vec<Td>>, sortable: bool) -> String {
    grouped_table(class, header, vec![(None, rows)], sortable)
}

/// A table in groups, each its own `<tbody>` under a heading row (e.g. projects by county);
/// sorting reorders rows within their group, so the grouping survives.
pub fn grouped_table(
    class: &str,
    header: &[(String, bool)],
    groups: Vec<(Option<String>, Vec<Vec<Td>>)>,
    sortable: bool,
) -> String {
    let mut s = format!(
        "<div class=\"table-wrap\"><table class=\"{}{}\">\n<thead><tr>",
        esc(class),
        if sortable { " sortable" } else { "" }
    );
    for (h, numeric) in header {
        s.push_str(&format!(
            "<th{}>{}</th>",
            if *numeric { " class=\"num\"" } else { "" },
            esc(h)
        ));
    }
    s.push_str("</tr></thead>\n");
    for (heading, rows) in groups {
        s.push_str("<tbody>\n");
        if let Some(h) = heading {
            s.push_str(&format!(
                "<tr class=\"group\"><td colspan=\"{}\">{h}</td></tr>\n",
                header.len()
            ));
        }
        for row in rows {
            s.push_str("<tr>");
            for td in row {
                let mut attrs = String::new();
                if !td.class.is_empty() {
                    attrs.push_str(&format!(" class=\"{}\"", td.class));
                }
                if let Some(v) = td.sort {
                    attrs.push_str(&format!(" data-sort=\"{}\"", r6(v)));
                }
                s.push_str(&format!("<td{attrs}>{}</td>", td.html));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n");
    }
    s.push_str("</table></div>\n");
    s
}

/// A small number in scientific notation, or 0 (a violation of exactly zero reads as "0",
/// not "0.0e0").
pub fn sci(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v:.1e}")
    }
}

/// A figure: a chart with its caption (what it shows and how to read it).
pub fn figure(svg: &str, caption: &str) -> String {
    format!(
        "<figure>{svg}<figcaption>{}</figcaption></figure>\n",
        esc(caption)
    )
}

/// A key figure for the glance row.
pub fn card(label: &str, value: &str, sub: &str) -> String {
    format!(
        "<div class=\"card\"><div class=\"card-label\">{}</div><div class=\"card-value\">{}</div><div class=\"card-sub\">{}</div></div>",
        esc(label),
        esc(value),
        esc(sub)
    )
}

/// A paragraph of plain text.
pub fn p(text: &str) -> String {
    format!("<p>{}</p>\n", esc(text))
}

/// The title of a rule for people, from the rule vocabulary ([`crate::rules::RuleId::title`]), falling back
/// to its id for an id no rule has.
pub fn rule_name(lang: Lang, rule: &str) -> String {
    crate::rules::RuleId::from_id(rule).map_or_else(|| rule.to_string(), |r| r.title().render(lang))
}

/// A grant status in words (full, partial, none), by the status type: no id is composed.
pub fn grant_word(lang: Lang, g: crate::report::Grant) -> String {
    use crate::report::Grant;
    match g {
        Grant::Full => t!(lang, "page-grant-full"),
        Grant::Partial => t!(lang, "page-grant-partial"),
        Grant::None => t!(lang, "page-grant-none"),
    }
}

/// The name of a tier for people (`tier-<id>`).
pub fn tier_name(lang: Lang, tier: &str) -> String {
    crate::i18n::tr(lang, &format!("page-tier-{tier}"), &[])
}

/// The short name of a tier, for table cells (`tier-short-<id>`).
pub fn tier_short(lang: Lang, tier: &str) -> String {
    crate::i18n::tr(lang, &format!("page-tier-short-{tier}"), &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mu_for_people() {
        assert_eq!(mu(11737.377291), "11,737.38");
        assert_eq!(mu(6938.0), "6,938");
        assert_eq!(mu(-0.0000001), "0");
        assert_eq!(mu(999.999), "1,000");
    }

    /// Rule and tier names are looked up by a composed id: each must exist in both catalogues.
    #[test]
    fn every_rule_and_tier_has_a_name() {
        let rules = [
            "non_negative",
            "eligibility",
            "pool_capacity",
            "project_need",
            "min_share",
            "frozen_county",
            "township_consolidation",
            "stock_linkage",
            "farmland_balance",
            "farmland_shared_pool",
            "forest_balance",
            "forest_shared_pool",
            "outside_boundary_county",
            "outside_boundary_total",
            "earmark",
            "county_floor",
            "county_cap",
            "tier_fix",
        ];
        for lang in [Lang::En, Lang::Zh] {
            for r in rules {
                assert_ne!(rule_name(lang, r), format!("page-rule-{r}"), "{lang:?} {r}");
            }
            for t in crate::scenario::Tier::ALL {
                assert_ne!(tier_name(lang, t.as_str()), format!("page-tier-{t}"));
                assert_ne!(tier_short(lang, t.as_str()), format!("page-tier-short-{t}"));
            }
        }
    }
}

//! The sweep page (`sweep.html` in a sweep's output folder): the objective, granted mu by
//! tier and each pool's marginal value against each varied parameter, as small multiples. A
//! grid axis is drawn as lines (one per combination of the other axes' values); random draws
//! as points. Every variant is listed in a table below.

use super::charts::{self, Point, Series, XAxis, XY};
use super::{Page, Td, p, table, tier_name};
use crate::i18n::Lang;
use crate::render::svg::esc;
use crate::render::text::isolate;
use crate::report::explain::fmt_value;
use crate::t;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Named,
    Grid,
    Random,
}

/// A varied path: its position among the grid axes, and whether random draws vary it.
#[derive(Debug, Clone)]
pub struct PathInfo {
    pub path: String,
    pub grid_axis: Option<usize>,
    pub random: bool,
}

#[derive(Debug, Clone)]
pub struct VariantPoint {
    pub index: usize,
    pub name: String,
    pub kind: Kind,
    /// The value at each path of [`SweepData::paths`], as text ("" when unset).
    pub varied: Vec<String>,
    pub status: String,
    pub objective: Option<f64>,
    pub granted_mu: Option<f64>,
    /// Aligned with [`SweepData::tiers`].
    pub by_tier: Vec<Option<f64>>,
    /// Aligned with [`SweepData::pools`]: the value, and the other side when it differs for
    /// more and for less.
    pub pool_values: Vec<Option<(f64, Option<f64>)>>,
    pub full: usize,
    pub partial: usize,
    pub none: usize,
}

#[derive(Debug, Clone)]
pub struct SweepData {
    pub name: String,
    pub base: String,
    pub paths: Vec<PathInfo>,
    /// (id, name) in declared order.
    pub pools: Vec<(String, String)>,
    pub tiers: Vec<String>,
    pub variants: Vec<VariantPoint>,
}

/// A variant's figure for one chart: the value, and the other side of a range.
type Getter = Box<dyn Fn(&VariantPoint) -> Option<(f64, Option<f64>)>>;

/// One small chart's quantity.
struct Metric {
    key: String,
    title: String,
    unit: String,
    from_zero: bool,
    get: Getter,
}

fn metrics(d: &SweepData, lang: Lang) -> Vec<Metric> {
    let mut out = vec![Metric {
        key: "objective".into(),
        title: t!(lang, "html-sweep-objective"),
        unit: t!(lang, "html-sweep-unit-objective"),
        from_zero: false,
        get: Box::new(|v| v.objective.map(|x| (x, None))),
    }];
    for (i, tier) in d.tiers.iter().enumerate() {
        out.push(Metric {
            key: format!("tier:{tier}"),
            title: t!(lang, "html-sweep-tier", tier = tier_name(lang, tier)),
            unit: t!(lang, "html-unit-mu"),
            from_zero: true,
            get: Box::new(move |v| v.by_tier.get(i).copied().flatten().map(|x| (x, None))),
        });
    }
    for (i, (id, name)) in d.pools.iter().enumerate() {
        out.push(Metric {
            key: format!("pool:{id}"),
            title: t!(lang, "html-sweep-pool-value", pool = isolate(name)),
            unit: t!(lang, "html-sweep-unit-value"),
            from_zero: true,
            get: Box::new(move |v| v.pool_values.get(i).copied().flatten()),
        });
    }
    out
}

/// How a varied path's values become x positions: numbers, or named categories.
fn x_axis(values: &[&str]) -> (XAxis, Vec<String>) {
    if values.iter().all(|v| v.parse::<f64>().is_ok()) {
        return (XAxis::Numeric, Vec::new());
    }
    let mut cats: Vec<String> = Vec::new();
    for v in values {
        if !cats.iter().any(|c| c == v) {
            cats.push(v.to_string());
        }
    }
    // false before true, whatever order the file lists them in.
    if cats.iter().all(|c| c == "false" || c == "true") {
        cats.sort();
    }
    (XAxis::Categories(cats.clone()), cats)
}

/// The series of one panel: a line per combination of the other grid axes' values (grid
/// variants), and the random draws as points.
fn series_for(d: &SweepData, k: usize, lang: Lang) -> Vec<(String, Kind, Vec<usize>)> {
    let info = &d.paths[k];
    let mut out: Vec<(String, Kind, Vec<usize>)> = Vec::new();
    if info.grid_axis.is_some() {
        let others: Vec<usize> = d
            .paths
            .iter()
            .enumerate()
            .filter(|(i, p)| *i != k && p.grid_axis.is_some())
            .map(|(i, _)| i)
            .collect();
        for (vi, v) in d
            .variants
            .iter()
            .enumerate()
            .filter(|(_, v)| v.kind == Kind::Grid)
        {
            let name = if others.is_empty() {
                t!(lang, "html-sweep-grid")
            } else {
                others
                    .iter()
                    .map(|&o| format!("{} = {}", short_path(&d.paths[o].path), v.varied[o]))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            match out.iter_mut().find(|(n, _, _)| *n == name) {
                Some(s) => s.2.push(vi),
                None => out.push((name, Kind::Grid, vec![vi])),
            }
        }
    }
    if info.random {
        let draws: Vec<usize> = d
            .variants
            .iter()
            .enumerate()
            .filter(|(_, v)| v.kind == Kind::Random)
            .map(|(i, _)| i)
            .collect();
        if !draws.is_empty() {
            out.push((t!(lang, "html-sweep-random"), Kind::Random, draws));
        }
    }
    out
}

/// The last two segments of a path (`urban_batch.capacity`), for legends.
fn short_path(p: &str) -> String {
    let segs: Vec<&str> = p.split('.').collect();
    segs[segs.len().saturating_sub(2)..].join(".")
}

/// One panel: `metric` against path `k`.
pub fn panel(d: &SweepData, k: usize, m_key: &str, lang: Lang) -> Option<String> {
    let ms = metrics(d, lang);
    let m = ms.iter().find(|m| m.key == m_key)?;
    Some(panel_svg(d, k, m, &series_for(d, k, lang)))
}

fn panel_svg(d: &SweepData, k: usize, m: &Metric, series: &[(String, Kind, Vec<usize>)]) -> String {
    let values: Vec<&str> = series
        .iter()
        .flat_map(|(_, _, vs)| vs.iter().map(|&i| d.variants[i].varied[k].as_str()))
        .filter(|s| !s.is_empty())
        .collect();
    let (axis, cats) = x_axis(&values);
    let x_of = |s: &str| -> Option<f64> {
        if cats.is_empty() {
            s.parse().ok()
        } else {
            cats.iter().position(|c| c == s).map(|i| i as f64)
        }
    };
    let series = series
        .iter()
        .enumerate()
        .map(|(si, (name, kind, vs))| Series {
            key: format!("s{si}"),
            name: name.clone(),
            colour: if *kind == Kind::Random {
                "#444b55".into()
            } else {
                charts::colour(si).into()
            },
            line: *kind == Kind::Grid,
            points: vs
                .iter()
                .filter_map(|&i| {
                    let v = &d.variants[i];
                    let x = x_of(&v.varied[k])?;
                    let (y, y_to) = (m.get)(v)?;
                    let tip = format!(
                        "{} · {} = {} · {}",
                        v.name,
                        d.paths[k].path,
                        v.varied[k],
                        match y_to {
                            None => fmt_value(y),
                            Some(l) => format!("{} / {}", fmt_value(y), fmt_value(l)),
                        }
                    );
                    Some(Point { x, y, y_to, tip })
                })
                .collect(),
        })
        .collect();
    charts::xy(&XY {
        x_label: d.paths[k].path.clone(),
        y_label: format!("{} ({})", m.title, m.unit),
        x: axis,
        series,
        label: format!("{} — {}", m.title, d.paths[k].path),
        width: 380.0,
        height: 220.0,
        from_zero: m.from_zero,
    })
}

pub fn render(d: &SweepData, lang: Lang) -> String {
    let title = t!(lang, "html-sweep-title", name = &d.name);
    let mut page = Page::new(lang, &title);
    let mut counts: Vec<(String, usize)> = Vec::new();
    for v in &d.variants {
        match counts.iter_mut().find(|(s, _)| *s == v.status) {
            Some(c) => c.1 += 1,
            None => counts.push((v.status.clone(), 1)),
        }
    }
    let counts_text = counts
        .iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect::<Vec<_>>()
        .join(", ");
    page.push(&format!(
        "<header class=\"doc\"><div class=\"kicker\">{}</div><h1>{}</h1><div class=\"meta\">{}</div></header>\n",
        esc(&t!(lang, "html-sweep-kicker")),
        esc(&title),
        esc(&t!(
            lang,
            "html-sweep-meta",
            base = &d.base,
            n = d.variants.len(),
            counts = counts_text
        ))
    ));
    let failed = d.variants.iter().filter(|v| v.objective.is_none()).count();
    if failed > 0 {
        page.push(&format!(
            "<div class=\"banner warn\">{}</div>\n",
            esc(&t!(lang, "html-sweep-failures", n = failed))
        ));
    }
    page.push(&p(&t!(lang, "html-sweep-intro")));
    // A quantity no variant has (pool values of a --no-explain sweep) gets no empty charts.
    let ms: Vec<Metric> = metrics(d, lang)
        .into_iter()
        .filter(|m| d.variants.iter().any(|v| (m.get)(v).is_some()))
        .collect();
    let mut any = false;
    for (k, info) in d.paths.iter().enumerate() {
        if info.grid_axis.is_none() && !info.random {
            continue;
        }
        let series = series_for(d, k, lang);
        if series.is_empty() {
            continue;
        }
        any = true;
        let mut s = String::from("<div class=\"legend-html\">");
        for (si, (name, kind, _)) in series.iter().enumerate() {
            let colour = if *kind == Kind::Random {
                "#444b55"
            } else {
                charts::colour(si)
            };
            let what = if *kind == Kind::Random {
                t!(lang, "html-sweep-points")
            } else {
                t!(lang, "html-sweep-line")
            };
            s.push_str(&format!(
                "<span><i style=\"background:{colour}\"></i>{} <small>({})</small></span>",
                esc(name),
                esc(&what)
            ));
        }
        s.push_str("</div><div class=\"small-multiples\">");
        for m in &ms {
            s.push_str(&format!(
                "<figure><h4><span>{} <small>({})</small></span></h4>{}</figure>",
                esc(&m.title),
                esc(&m.unit),
                panel_svg(d, k, m, &series)
            ));
        }
        s.push_str("</div>\n");
        page.push(&format!(
            "<section id=\"path-{k}\"><h2>{} <code>{}</code></h2>{s}</section>\n",
            esc(&t!(lang, "html-sweep-against")),
            esc(&info.path)
        ));
    }
    if !any {
        page.push(&p(&t!(lang, "html-sweep-no-charts")));
    }
    page.section(
        "variants",
        &t!(lang, "html-sweep-variants"),
        &variants_table(d, lang),
    );
    page.section(
        "files",
        &t!(lang, "html-sweep-files"),
        &format!(
            "{}<pre>import pandas as pd\nsummary = pd.read_csv(\"summary.csv\")\ncounties = pd.read_csv(\"counties.csv\")\ncounties.pivot(index=\"variant\", columns=\"county\", values=\"granted_mu\").plot()</pre>",
            p(&t!(lang, "html-sweep-files-intro"))
        ),
    );
    page.finish()
}

fn variants_table(d: &SweepData, lang: Lang) -> String {
    // A page stays readable and small: very large sweeps list their first rows only (every
    // row is in summary.csv).
    const MAX_ROWS: usize = 1000;
    let mut header = vec![
        ("#".to_string(), true),
        (t!(lang, "html-sweep-col-name"), false),
    ];
    header.extend(d.paths.iter().map(|p| (p.path.clone(), false)));
    header.extend([
        (t!(lang, "html-sweep-col-status"), false),
        (t!(lang, "html-sweep-objective"), true),
        (t!(lang, "html-col-granted"), true),
        (t!(lang, "page-grant-full"), true),
        (t!(lang, "page-grant-partial"), true),
        (t!(lang, "page-grant-none"), true),
    ]);
    let rows = d
        .variants
        .iter()
        .take(MAX_ROWS)
        .map(|v| {
            let mut row = vec![
                Td::num(v.index.to_string(), v.index as f64),
                Td::text(&v.name),
            ];
            row.extend(v.varied.iter().map(|x| match x.parse::<f64>() {
                Ok(n) => Td::num(x.clone(), n),
                Err(_) => Td::text(x),
            }));
            row.push(Td::text(&v.status).with_class(if v.objective.is_some() {
                ""
            } else {
                "bad"
            }));
            row.push(match v.objective {
                Some(o) => Td::num(fmt_value(o), o),
                None => Td::text("–"),
            });
            row.push(match v.granted_mu {
                Some(g) => Td::mu(g),
                None => Td::text("–"),
            });
            for n in [v.full, v.partial, v.none] {
                row.push(Td::num(n.to_string(), n as f64));
            }
            row
        })
        .collect();
    let mut s = table("variants", &header, rows, true);
    if d.variants.len() > MAX_ROWS {
        s.push_str(&p(&t!(
            lang,
            "html-sweep-more-rows",
            n = d.variants.len() - MAX_ROWS
        )));
    }
    s
}

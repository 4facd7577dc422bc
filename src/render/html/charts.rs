//! The report's chart kinds, drawn with [`crate::render::svg`]: horizontal bars (stacked, with
//! a background bar and a marker), diverging bars, and an x-y chart of lines and points.
//!
//! Every drawn figure carries its number: `data-key` (the row's id), `data-series` (pool,
//! status...) and `data-value` (the figure, rounded as in the JSON), so the tests can read the
//! chart back and compare it with the report.

use crate::render::svg::{Svg, esc, text_width, tick_label, ticks};
use crate::report::r6;

/// Tableau 10: distinct in colour and in grey when printed, and readable by most colour-blind
/// readers.
pub const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

pub fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// A number as a `data-value`: rounded to a micro-mu like the JSON.
pub fn data_num(v: f64) -> String {
    format!("{}", r6(v))
}

const WIDTH: f64 = 760.0;

/// `s` shortened with "…" to at most `max` px wide (a label column has a fixed width; the full
/// text stays in the bar's tooltip and in the tables).
pub fn fit(s: &str, size: f64, max: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        let next = format!("{out}{c}…");
        if text_width(&next, size) > max {
            break;
        }
        out.push(c);
    }
    format!("{out}…")
}
const FONT: f64 = 12.0;
const SMALL: f64 = 11.0;

#[derive(Debug, Clone)]
pub struct Seg {
    pub series: String,
    pub value: f64,
    pub colour: String,
    pub tip: String,
}

/// A value drawn behind (`Back`, e.g. a pool's capacity) or across (`Marker`, e.g. the
/// pro-rata figure) a row's bar.
#[derive(Debug, Clone)]
pub struct Mark {
    pub series: String,
    pub value: f64,
    pub tip: String,
}

#[derive(Debug, Clone)]
pub struct BarRow {
    pub key: String,
    pub label: String,
    pub segs: Vec<Seg>,
    pub back: Option<Mark>,
    pub marker: Option<Mark>,
    /// Text in the right-hand column (the row's figure in words).
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    Fill,
    Back,
    Marker,
    Line,
    Point,
}

#[derive(Debug, Clone)]
pub struct LegendItem {
    pub label: String,
    pub colour: String,
    pub swatch: Swatch,
}

pub struct HBars {
    pub rows: Vec<BarRow>,
    pub legend: Vec<LegendItem>,
    /// Each row drawn as shares of its own total (0-100 %), e.g. full/partial/none projects.
    pub percent: bool,
    /// What the axis counts ("mu", "%").
    pub unit: String,
    pub label: String,
}

/// Lays out legend items left to right, wrapping; returns the height used.
fn legend(svg: &mut Svg, items: &[LegendItem], x0: f64, y0: f64, width: f64) -> f64 {
    if items.is_empty() {
        return 0.0;
    }
    let (mut x, mut y) = (x0, y0);
    for it in items {
        let w = 18.0 + text_width(&it.label, SMALL) + 16.0;
        if x + w > x0 + width && x > x0 {
            x = x0;
            y += 18.0;
        }
        let c = it.colour.clone();
        match it.swatch {
            Swatch::Fill => svg.rect(x, y, 12.0, 12.0, &[("fill", c)], ""),
            Swatch::Back => svg.rect(x, y, 12.0, 12.0, &[("class", "back".into())], ""),
            Swatch::Marker => svg.line(
                x + 6.0,
                y - 1.0,
                x + 6.0,
                y + 13.0,
                &[("class", "marker".into())],
            ),
            Swatch::Line => {
                svg.line(
                    x,
                    y + 6.0,
                    x + 12.0,
                    y + 6.0,
                    &[("stroke", c.clone()), ("stroke-width", "2".into())],
                );
                svg.circle(x + 6.0, y + 6.0, 3.0, &[("fill", c)], "");
            }
            Swatch::Point => svg.circle(x + 6.0, y + 6.0, 4.0, &[("fill", c)], ""),
        }
        svg.text(x + 17.0, y + 10.5, "start", "legend", &it.label);
        x += w;
    }
    y + 18.0 - y0 + 6.0
}

/// Horizontal bars, one row per item.
pub fn hbars(c: &HBars) -> String {
    let row_h = 24.0;
    let bar_h = 14.0;
    let label_w = c
        .rows
        .iter()
        .map(|r| text_width(&r.label, FONT))
        .fold(40.0, f64::max)
        .min(230.0)
        + 10.0;
    let note_w = c
        .rows
        .iter()
        .map(|r| text_width(&r.note, SMALL))
        .fold(0.0, f64::max)
        .min(240.0)
        + 12.0;
    let plot_x = label_w;
    let plot_w = (WIDTH - label_w - note_w).max(120.0);
    // The legend's height is known only once laid out: draw it into a scratch SVG first.
    let mut scratch = Svg::new(WIDTH, 0.0);
    let legend_h = legend(&mut scratch, &c.legend, plot_x, 0.0, WIDTH - plot_x);
    let top = legend_h + 6.0;
    let height = top + row_h * c.rows.len() as f64 + 20.0;
    let mut svg = Svg::new(WIDTH, height);
    legend(&mut svg, &c.legend, plot_x, 2.0, WIDTH - plot_x);

    let max = if c.percent {
        100.0
    } else {
        c.rows
            .iter()
            .map(|r| {
                let sum: f64 = r.segs.iter().map(|s| s.value.max(0.0)).sum();
                let b = r.back.as_ref().map_or(0.0, |m| m.value);
                let m = r.marker.as_ref().map_or(0.0, |m| m.value);
                sum.max(b).max(m)
            })
            .fold(0.0, f64::max)
    };
    let (tk, lo, hi) = ticks(0.0, max, 5);
    let step = if tk.len() > 1 { tk[1] - tk[0] } else { 1.0 };
    let scale = |v: f64| plot_x + (v - lo) / (hi - lo) * plot_w;
    let bottom = top + row_h * c.rows.len() as f64;
    for (i, t) in tk.iter().enumerate() {
        svg.line(
            scale(*t),
            top - 2.0,
            scale(*t),
            bottom,
            &[("class", "grid".into())],
        );
        let mut lab = tick_label(*t, step);
        if c.percent {
            lab.push('%');
        } else if i + 1 == tk.len() && !c.unit.is_empty() {
            // The unit once, after the last tick: "12,500 mu".
            lab = format!("{lab} {}", c.unit);
        }
        svg.text(scale(*t), bottom + 14.0, "middle", "tick", &lab);
    }
    for (i, r) in c.rows.iter().enumerate() {
        let y = top + i as f64 * row_h + (row_h - bar_h) / 2.0;
        svg.open_group(&[("class", "row".into()), ("data-key", r.key.clone())]);
        svg.text(
            plot_x - 8.0,
            y + bar_h - 3.0,
            "end",
            "label",
            &fit(&r.label, FONT, label_w - 10.0),
        );
        let total: f64 = r.segs.iter().map(|s| s.value.max(0.0)).sum();
        let to_axis = |v: f64| {
            if c.percent {
                if total > 0.0 { v / total * 100.0 } else { 0.0 }
            } else {
                v
            }
        };
        if let Some(b) = &r.back {
            let w = scale(to_axis(b.value)) - plot_x;
            svg.rect(
                plot_x,
                y - 2.0,
                w,
                bar_h + 4.0,
                &[
                    ("class", "back".into()),
                    ("data-key", r.key.clone()),
                    ("data-series", b.series.clone()),
                    ("data-value", data_num(b.value)),
                ],
                &b.tip,
            );
        }
        let mut x = 0.0;
        for s in &r.segs {
            let v = to_axis(s.value.max(0.0));
            svg.rect(
                scale(x),
                y,
                scale(x + v) - scale(x),
                bar_h,
                &[
                    ("fill", s.colour.clone()),
                    ("class", "seg".into()),
                    ("data-key", r.key.clone()),
                    ("data-series", s.series.clone()),
                    ("data-value", data_num(s.value)),
                ],
                &s.tip,
            );
            x += v;
        }
        if let Some(m) = &r.marker {
            let mx = scale(to_axis(m.value));
            svg.open_group(&[]);
            svg.rect(
                mx - 1.5,
                y - 4.0,
                3.0,
                bar_h + 8.0,
                &[
                    ("class", "marker".into()),
                    ("data-key", r.key.clone()),
                    ("data-series", m.series.clone()),
                    ("data-value", data_num(m.value)),
                ],
                &m.tip,
            );
            svg.close_group();
        }
        svg.text(
            WIDTH - note_w + 8.0,
            y + bar_h - 3.0,
            "start",
            "note",
            &r.note,
        );
        svg.close_group();
    }
    svg.finish("chart hbars", &c.label)
}

#[derive(Debug, Clone)]
pub struct DivRow {
    pub key: String,
    pub label: String,
    pub value: f64,
    pub tip: String,
    pub note: String,
}

/// Bars left (negative) or right (positive) of a zero line, in the order given.
pub fn diverging(rows: &[DivRow], unit: &str, label: &str) -> String {
    let row_h = 22.0;
    let bar_h = 13.0;
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label, FONT))
        .fold(40.0, f64::max)
        .min(260.0)
        + 10.0;
    let note_w = rows
        .iter()
        .map(|r| text_width(&r.note, SMALL))
        .fold(0.0, f64::max)
        .min(160.0)
        + 12.0;
    let plot_x = label_w;
    let plot_w = (WIDTH - label_w - note_w).max(120.0);
    let top = 8.0;
    let bottom = top + row_h * rows.len() as f64;
    let mut svg = Svg::new(WIDTH, bottom + 22.0);
    let amax = rows.iter().map(|r| r.value.abs()).fold(0.0, f64::max);
    let (tk, lo, hi) = ticks(-amax, amax, 6);
    let step = if tk.len() > 1 { tk[1] - tk[0] } else { 1.0 };
    let scale = |v: f64| plot_x + (v - lo) / (hi - lo) * plot_w;
    for (i, t) in tk.iter().enumerate() {
        let class = if *t == 0.0 { "zero" } else { "grid" };
        svg.line(
            scale(*t),
            top - 2.0,
            scale(*t),
            bottom,
            &[("class", class.into())],
        );
        let mut lab = tick_label(*t, step);
        if i + 1 == tk.len() {
            lab = format!("{lab} {unit}");
        }
        svg.text(scale(*t), bottom + 14.0, "middle", "tick", &lab);
    }
    for (i, r) in rows.iter().enumerate() {
        let y = top + i as f64 * row_h + (row_h - bar_h) / 2.0;
        svg.open_group(&[("class", "row".into()), ("data-key", r.key.clone())]);
        svg.text(
            plot_x - 8.0,
            y + bar_h - 3.0,
            "end",
            "label",
            &fit(&r.label, FONT, label_w - 10.0),
        );
        let (x0, x1) = if r.value >= 0.0 {
            (scale(0.0), scale(r.value))
        } else {
            (scale(r.value), scale(0.0))
        };
        let class = if r.value >= 0.0 { "seg up" } else { "seg down" };
        svg.rect(
            x0,
            y,
            (x1 - x0).max(1.0),
            bar_h,
            &[
                ("class", class.into()),
                ("data-key", r.key.clone()),
                ("data-value", data_num(r.value)),
            ],
            &r.tip,
        );
        svg.text(
            WIDTH - note_w + 8.0,
            y + bar_h - 3.0,
            "start",
            "note",
            &r.note,
        );
        svg.close_group();
    }
    svg.finish("chart diverging", label)
}

#[derive(Debug, Clone)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    /// The other end of a range drawn as a whisker (a marginal value that differs for more
    /// and for less at a degenerate optimum).
    pub y_to: Option<f64>,
    pub tip: String,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub key: String,
    pub name: String,
    pub colour: String,
    /// Joined by a line (a grid axis) or points only (random draws).
    pub line: bool,
    pub points: Vec<Point>,
}

pub enum XAxis {
    Numeric,
    /// Named positions 0, 1, ... (booleans, text values).
    Categories(Vec<String>),
}

pub struct XY {
    pub x_label: String,
    pub y_label: String,
    pub x: XAxis,
    pub series: Vec<Series>,
    pub label: String,
    pub width: f64,
    pub height: f64,
    /// Start the y axis at zero for positive data (amounts and prices, where the distance
    /// from zero matters); otherwise it follows the data (an objective that moves by 5 %).
    pub from_zero: bool,
}

/// Lines and points against one varied parameter.
pub fn xy(c: &XY) -> String {
    let (w, h) = (c.width, c.height);
    let left = 58.0;
    let right = 12.0;
    let top = 10.0;
    let bottom = 40.0;
    let pw = w - left - right;
    let ph = h - top - bottom;
    let mut svg = Svg::new(w, h);
    let pts = || c.series.iter().flat_map(|s| s.points.iter());
    let ys = pts().flat_map(|p| std::iter::once(p.y).chain(p.y_to));
    let (ymin, ymax) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    let (ymin, ymax) = if ymin.is_finite() {
        (ymin, ymax)
    } else {
        (0.0, 1.0)
    };
    let ymin = if c.from_zero && ymin > 0.0 { 0.0 } else { ymin };
    let (ytk, ylo, yhi) = ticks(ymin, ymax, 4);
    let ystep = if ytk.len() > 1 { ytk[1] - ytk[0] } else { 1.0 };
    let (xlo, xhi, xtk): (f64, f64, Vec<(f64, String)>) = match &c.x {
        XAxis::Numeric => {
            let (a, b) = pts().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.x), b.max(p.x))
            });
            let (a, b) = if a.is_finite() { (a, b) } else { (0.0, 1.0) };
            let (tk, lo, hi) = ticks(a, b, 5);
            let step = if tk.len() > 1 { tk[1] - tk[0] } else { 1.0 };
            // Ticks may overshoot the data; keep the axis to the data's span plus a margin.
            let pad = if b > a { (b - a) * 0.04 } else { step / 2.0 };
            let (lo, hi) = (lo.max(a - pad), hi.min(b + pad));
            let labels = tk
                .into_iter()
                .filter(|t| *t >= lo - 1e-9 && *t <= hi + 1e-9)
                .map(|t| (t, tick_label(t, step)))
                .collect();
            (lo, hi, labels)
        }
        XAxis::Categories(names) => (
            -0.5,
            names.len() as f64 - 0.5,
            names
                .iter()
                .enumerate()
                .map(|(i, s)| (i as f64, s.clone()))
                .collect(),
        ),
    };
    let sx = |x: f64| left + (x - xlo) / (xhi - xlo) * pw;
    let sy = |y: f64| top + ph - (y - ylo) / (yhi - ylo) * ph;
    for t in &ytk {
        svg.line(left, sy(*t), left + pw, sy(*t), &[("class", "grid".into())]);
        svg.text(
            left - 5.0,
            sy(*t) + 4.0,
            "end",
            "tick",
            &tick_label(*t, ystep),
        );
    }
    for (x, lab) in &xtk {
        svg.line(
            sx(*x),
            top + ph,
            sx(*x),
            top + ph + 4.0,
            &[("class", "axis".into())],
        );
        svg.text(sx(*x), top + ph + 15.0, "middle", "tick", lab);
    }
    svg.line(
        left,
        top + ph,
        left + pw,
        top + ph,
        &[("class", "axis".into())],
    );
    svg.text(left + pw / 2.0, h - 6.0, "middle", "axis-label", &c.x_label);
    for s in &c.series {
        svg.open_group(&[("class", "series".into()), ("data-series", s.key.clone())]);
        if s.line {
            // A line is broken where a point is a range: its value there is not one number.
            let mut run: Vec<(f64, f64)> = Vec::new();
            let mut sorted: Vec<&Point> = s.points.iter().collect();
            sorted.sort_by(|a, b| a.x.total_cmp(&b.x));
            for p in sorted {
                if p.y_to.is_some() {
                    if run.len() > 1 {
                        svg.polyline(
                            &run,
                            &[("stroke", s.colour.clone()), ("class", "line".into())],
                        );
                    }
                    run.clear();
                } else {
                    run.push((sx(p.x), sy(p.y)));
                }
            }
            if run.len() > 1 {
                svg.polyline(
                    &run,
                    &[("stroke", s.colour.clone()), ("class", "line".into())],
                );
            }
        }
        for p in &s.points {
            if let Some(y2) = p.y_to {
                svg.line(
                    sx(p.x),
                    sy(p.y),
                    sx(p.x),
                    sy(y2),
                    &[("stroke", s.colour.clone()), ("class", "whisker".into())],
                );
            }
            svg.circle(
                sx(p.x),
                sy(p.y),
                if s.line { 2.8 } else { 3.6 },
                &[
                    ("fill", s.colour.clone()),
                    ("class", if s.line { "pt" } else { "pt draw" }.into()),
                    ("data-x", data_num(p.x)),
                    ("data-value", data_num(p.y)),
                ],
                &p.tip,
            );
        }
        svg.close_group();
    }
    let label = format!("{} — {}", c.y_label, c.x_label);
    svg.finish(
        "chart xy",
        if c.label.is_empty() { &label } else { &c.label },
    )
}

/// The `data-value` numbers of the elements of `svg` whose attributes include `needle`
/// (e.g. `data-key="wucheng" data-series="urban_batch"`), in document order. For tests.
pub fn values_in(svg: &str, needle: &str) -> Vec<f64> {
    let mut out = Vec::new();
    for el in svg.split('<').filter(|e| e.contains(needle)) {
        if let Some(i) = el.find("data-value=\"") {
            let rest = &el[i + 12..];
            if let Some(j) = rest.find('"')
                && let Ok(v) = rest[..j].parse()
            {
                out.push(v);
            }
        }
    }
    out
}

/// An attribute written the way [`Svg`] writes it, for [`values_in`].
pub fn attr(k: &str, v: &str) -> String {
    format!("{k}=\"{}\"", esc(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, vals: &[f64], back: Option<f64>) -> BarRow {
        BarRow {
            key: key.into(),
            label: format!("县 {key}"),
            segs: vals
                .iter()
                .enumerate()
                .map(|(i, v)| Seg {
                    series: format!("s{i}"),
                    value: *v,
                    colour: colour(i).into(),
                    tip: String::new(),
                })
                .collect(),
            back: back.map(|v| Mark {
                series: "capacity".into(),
                value: v,
                tip: String::new(),
            }),
            marker: None,
            note: String::new(),
        }
    }

    #[test]
    fn stacked_bars_carry_their_values_and_widths_add_up() {
        let svg = hbars(&HBars {
            rows: vec![
                row("a", &[100.0, 50.5], Some(200.0)),
                row("b", &[10.0], None),
            ],
            legend: vec![],
            percent: false,
            unit: "mu".into(),
            label: "t".into(),
        });
        assert_eq!(
            values_in(&svg, &attr("data-key", "a")),
            vec![200.0, 100.0, 50.5]
        );
        assert_eq!(
            values_in(
                &svg,
                &format!("{} {}", attr("data-key", "b"), attr("data-series", "s0"))
            ),
            vec![10.0]
        );
        // The segments of a row sit end to end.
        let rects: Vec<(f64, f64)> = svg
            .split("<rect ")
            .skip(1)
            .filter(|e| e.contains("data-key=\"a\"") && e.contains("class=\"seg\""))
            .map(|e| {
                let num = |k: &str| {
                    let i = e.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                    e[i..i + e[i..].find('"').unwrap()].parse::<f64>().unwrap()
                };
                (num("x"), num("width"))
            })
            .collect();
        assert_eq!(rects.len(), 2);
        assert!(
            (rects[0].0 + rects[0].1 - rects[1].0).abs() < 0.02,
            "{rects:?}"
        );
        // 100 : 50.5 in width.
        assert!((rects[0].1 / rects[1].1 - 100.0 / 50.5).abs() < 0.01);
        assert!(svg.contains("县 a"));
    }

    #[test]
    fn lines_break_at_ranges_and_points_keep_values() {
        let svg = xy(&XY {
            x_label: "x".into(),
            y_label: "y".into(),
            x: XAxis::Numeric,
            series: vec![Series {
                key: "s".into(),
                name: "s".into(),
                colour: colour(0).into(),
                line: true,
                points: [
                    (1.0, 2.0, None),
                    (2.0, 3.0, None),
                    (3.0, 0.0, Some(1.0)),
                    (4.0, 1.5, None),
                    (5.0, 1.0, None),
                ]
                .iter()
                .map(|&(x, y, y_to)| Point {
                    x,
                    y,
                    y_to,
                    tip: String::new(),
                })
                .collect(),
            }],
            label: String::new(),
            width: 300.0,
            height: 200.0,
            from_zero: true,
        });
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(
            values_in(&svg, "class=\"pt\""),
            vec![2.0, 3.0, 0.0, 1.5, 1.0]
        );
        assert_eq!(svg.matches("whisker").count(), 1);
    }
}

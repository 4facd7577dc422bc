//! A small SVG writer for the report's charts: elements, escaping and axis ticks; the charts
//! themselves are in `render::html::charts`.
//!
//! Why our own writer rather than the plotters crate or a bundled JavaScript library: the pages
//! must open on an offline office PC, print on A4 and read in Chinese. SVG written here is plain
//! markup the browser lays out, so text uses the page's own fonts (the office PC's Chinese
//! fonts, with nothing embedded), scales cleanly when printed, and every bar carries its number
//! in `data-value` for the tests to compare with the JSON. plotters measures and places text
//! itself (it needs font files or guesses widths) and brings a dependency tree for the handful
//! of bars and lines we draw; a JS charting library would add ~100-200 kB of code to every
//! page and a runtime that can fail in an old browser. Bars, lines, points and ticks are a few
//! hundred lines of code we can read and keep.

use std::fmt::Write;

/// Escapes text for an XML/HTML text node or a double-quoted attribute. Text holding
/// bidirectional controls (a right-to-left override in a name) is isolated first, as `<bdi>`
/// would: it cannot reorder the figures around it (see [`super::text::isolate`]).
pub fn esc(s: &str) -> String {
    let s = super::text::isolate(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate: two decimals at most, so that files are small and stable.
pub fn n(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// The approximate width of text in the chart's font at `size` px: CJK characters are a full
/// em, Latin letters and digits about 0.58 em. Used only to leave room for labels.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                if c == ' ' || c == '.' || c == ',' {
                    0.3
                } else {
                    0.58
                }
            } else {
                1.0
            }
        })
        .sum::<f64>()
        * size
}

/// An SVG document being written. Attribute values pass through [`esc`].
pub struct Svg {
    width: f64,
    height: f64,
    body: String,
}

impl Svg {
    pub fn new(width: f64, height: f64) -> Svg {
        Svg {
            width,
            height,
            body: String::new(),
        }
    }

    fn attrs(extra: &[(&str, String)]) -> String {
        extra
            .iter()
            .map(|(k, v)| format!(" {k}=\"{}\"", esc(v)))
            .collect()
    }

    /// A rectangle with an optional tooltip (`<title>`, shown on hover and read by screen
    /// readers).
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, extra: &[(&str, String)], tip: &str) {
        let _ = write!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}",
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0)),
            Self::attrs(extra)
        );
        self.close(tip, "rect");
    }

    fn close(&mut self, tip: &str, tag: &str) {
        if tip.is_empty() {
            self.body.push_str("/>");
        } else {
            let _ = write!(self.body, "><title>{}</title></{tag}>", esc(tip));
        }
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, extra: &[(&str, String)]) {
        let _ = write!(
            self.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}/>",
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            Self::attrs(extra)
        );
    }

    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, extra: &[(&str, String)], tip: &str) {
        let _ = write!(
            self.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}",
            n(cx),
            n(cy),
            n(r),
            Self::attrs(extra)
        );
        self.close(tip, "circle");
    }

    pub fn polyline(&mut self, points: &[(f64, f64)], extra: &[(&str, String)]) {
        let pts: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
            .collect();
        let _ = write!(
            self.body,
            "<polyline points=\"{}\" fill=\"none\"{}/>",
            pts.join(" "),
            Self::attrs(extra)
        );
    }

    /// Text; `anchor` is start, middle or end.
    pub fn text(&mut self, x: f64, y: f64, anchor: &str, class: &str, s: &str) {
        let _ = write!(
            self.body,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" class=\"{}\">{}</text>",
            n(x),
            n(y),
            esc(class),
            esc(s)
        );
    }

    pub fn open_group(&mut self, extra: &[(&str, String)]) {
        let _ = write!(self.body, "<g{}>", Self::attrs(extra));
    }

    pub fn close_group(&mut self) {
        self.body.push_str("</g>");
    }

    /// The finished element, for inline use in HTML (no namespace needed there, and no URL in
    /// the page). It scales to its container's width (the viewBox keeps the
    /// proportions); `label` names the chart for screen readers.
    pub fn finish(self, class: &str, label: &str) -> String {
        format!(
            "<svg class=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">{}</svg>",
            esc(class),
            n(self.width),
            n(self.height),
            esc(label),
            self.body
        )
    }
}

/// About `target` round tick values covering `[lo, hi]` (1, 2, 2.5 or 5 × a power of ten),
/// with the axis's new ends.
pub fn ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64, f64) {
    let (lo, hi) = if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        if lo == 0.0 {
            (0.0, 1.0)
        } else {
            let pad = lo.abs() * 0.1;
            (lo - pad, hi + pad)
        }
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    let end = (hi / step).ceil() * step;
    let count = ((end - start) / step).round() as usize;
    let ticks = (0..=count)
        .map(|i| {
            let t = start + i as f64 * step;
            // Snap 0.6000000000000001 to 0.6 (ticks are round numbers by construction).
            let scale = 1e9 / mag;
            (t * scale).round() / scale
        })
        .collect();
    (ticks, start, end)
}

/// A tick label: thousands separated, decimals only as many as the step needs.
pub fn tick_label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 || step == 0.0 {
        0
    } else {
        (-step.log10()).ceil().clamp(0.0, 6.0) as usize
    };
    group_thousands(&format!("{:.*}", decimals, v))
}

/// `12345.6` → `12,345.6`.
pub fn group_thousands(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let out = format!("{sign}{out}");
    match frac {
        Some(f) => format!("{out}.{f}"),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("a<b & \"c\"'"), "a&lt;b &amp; &quot;c&quot;&#39;");
    }

    #[test]
    fn coordinates_are_short_and_stable() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.234), "1.23");
        assert_eq!(n(-0.001), "0");
        assert_eq!(n(10.5), "10.5");
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let (t, lo, hi) = ticks(0.0, 11771.0, 5);
        assert_eq!(lo, 0.0);
        assert!(hi >= 11771.0);
        assert_eq!(t, vec![0.0, 2500.0, 5000.0, 7500.0, 10000.0, 12500.0]);
        let (t, _, _) = ticks(0.3, 0.75, 4);
        assert_eq!(t, vec![0.2, 0.4, 0.6, 0.8]);
        let (t, _, _) = ticks(-2354.0, 2354.0, 6);
        assert!(t.contains(&0.0) && t[0] <= -2354.0 && *t.last().unwrap() >= 2354.0);
        // A flat series still gets an axis.
        let (t, lo, hi) = ticks(5.0, 5.0, 4);
        assert!(lo < 5.0 && hi > 5.0 && t.len() >= 2);
    }

    #[test]
    fn labels_group_thousands() {
        assert_eq!(group_thousands("11771"), "11,771");
        assert_eq!(group_thousands("-1234567.25"), "-1,234,567.25");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(tick_label(0.5, 0.1), "0.5");
        assert_eq!(tick_label(12500.0, 2500.0), "12,500");
    }
}

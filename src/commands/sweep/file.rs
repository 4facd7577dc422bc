//! Reading a sweep file and expanding it into variants, with every problem found at once and
//! at its position. Kept apart from running the variants (`sweep.rs`) because it is where
//! nothing may escape: each variant's name becomes a file name under `--out`, and the sweep's
//! name the default output directory, so names are checked to be safe and unique; sizes are
//! checked with checked arithmetic against [`MAX_VARIANTS`] before anything is allocated.

use super::{Layout, Sweep, Variant};
use crate::i18n::Msg;
use crate::report::r6;
use crate::scenario::diag::{Diagnostic, Diagnostics, Location, line_col};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use toml::Spanned;

/// The most variants one sweep may have (named, grid and random together); larger studies are
/// split into several sweeps.
pub const MAX_VARIANTS: usize = 100_000;
/// The longest variant or sweep name, in characters (file names allow 255 bytes; a CJK
/// character takes 3).
pub const MAX_NAME_CHARS: usize = 80;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepFile {
    /// The base scenario, relative to the sweep file.
    base: String,
    name: Option<Spanned<String>>,
    #[serde(default)]
    variants: Vec<NamedVariant>,
    #[serde(default)]
    grid: Vec<Spanned<Axis>>,
    random: Option<Spanned<Random>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedVariant {
    name: Spanned<String>,
    /// Path → value, as for `--set`.
    set: toml::Table,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Axis {
    path: String,
    values: Option<Spanned<Vec<toml::Value>>>,
    range: Option<Spanned<Range>>,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct Range {
    from: f64,
    to: f64,
    step: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Random {
    draws: Spanned<u64>,
    seed: u64,
    ranges: Vec<Spanned<RandomRange>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RandomRange {
    path: String,
    from: f64,
    to: f64,
}

struct Problems<'a> {
    path: &'a Path,
    text: &'a str,
    diags: Diagnostics,
}

impl Problems<'_> {
    fn at(&mut self, span: std::ops::Range<usize>, field: &str, message: String, hint: &str) {
        let (line, col) = line_col(self.text, span.start);
        self.diags.push(Diagnostic {
            file: self.path.to_path_buf(),
            location: Location::Toml { line, col },
            field: Some(field.to_string()),
            message: Msg::Lit(message),
            hint: Some(Msg::Lit(hint.to_string())),
        });
    }
}

/// Why `name` cannot be a file name (`None`: it can). Allowed: letters and digits of any
/// script, `-`, `_`, `.`, not starting with `.`.
pub fn unsafe_name(name: &str) -> Option<String> {
    let chars = name.chars().count();
    if name.is_empty() {
        return Some("the name is empty".into());
    }
    if chars > MAX_NAME_CHARS {
        return Some(format!(
            "the name has {chars} characters; at most {MAX_NAME_CHARS}"
        ));
    }
    if name.starts_with('.') {
        return Some("the name starts with `.`".into());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Some(format!("the name contains {c:?}"));
    }
    None
}

const NAME_HINT: &str = "names become file names: use letters, digits, `-`, `_` and `.` (not first), \
    e.g. \"cut-20pct\"";

/// Reads a sweep file and expands it into its variants.
pub fn read(path: &Path) -> Result<Sweep, Diagnostics> {
    let file_problem = |message: String, hint: &str| {
        Diagnostics(vec![Diagnostic {
            file: path.to_path_buf(),
            location: Location::File,
            field: None,
            message: Msg::Lit(message),
            hint: Some(Msg::Lit(hint.to_string())),
        }])
    };
    let bytes = crate::fsutil::read_regular(path).map_err(|e| {
        file_problem(
            format!("cannot read the sweep file: {e}"),
            "give the path of a sweep TOML file",
        )
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let (line, col) = line_col(&String::from_utf8_lossy(&bytes[..good]), good);
            return Err(Diagnostics(vec![Diagnostic {
                file: path.to_path_buf(),
                location: Location::Toml { line, col },
                field: None,
                message: "the sweep file is not UTF-8 text".into(),
                hint: Some(
                    "save it as UTF-8 (in WPS/Excel/Notepad: Save as, encoding UTF-8)".into(),
                ),
            }]));
        }
    };
    let file: SweepFile = toml::from_str(&text).map_err(|e| {
        let (line, col) = line_col(&text, e.span().map_or(0, |s| s.start));
        Diagnostics(vec![Diagnostic {
            file: path.to_path_buf(),
            location: Location::Toml { line, col },
            field: None,
            message: Msg::Lit(e.message().trim().to_string()),
            hint: Some("a sweep has `base`, and any of [[variants]] (name, set), [[grid]] (path, values or range), [random] (draws, seed, ranges); see scenarios/sweeps/".into()),
        }])
    })?;
    let mut p = Problems {
        path,
        text: &text,
        diags: Diagnostics::default(),
    };
    if let Some(n) = &file.name
        && let Some(why) = unsafe_name(n.get_ref())
    {
        // The default output directory is `<name>-out`: a `/` would put it elsewhere.
        p.at(n.span(), "name", format!("sweep name: {why}"), NAME_HINT);
    }

    // Sizes first, in checked arithmetic, before anything is allocated.
    let mut axes: Vec<(String, Vec<String>)> = Vec::new();
    let mut grid_total: Option<usize> = (!file.grid.is_empty()).then_some(1);
    for (i, a) in file.grid.iter().enumerate() {
        let field = format!("grid[{i}]");
        let n = axis_len(&mut p, a, &field);
        grid_total = match (grid_total, n) {
            (Some(t), Some(n)) => t.checked_mul(n).filter(|&t| t <= MAX_VARIANTS),
            _ => None,
        };
        if grid_total.is_none() && n.is_some() {
            p.at(
                a.span(),
                &field,
                format!("the grid has more than {MAX_VARIANTS} variants up to this axis"),
                "split the study into several sweeps, or use fewer values per axis",
            );
            break;
        }
        if let Some(n) = n {
            axes.push((a.get_ref().path.clone(), axis_values(a.get_ref(), n)));
        }
    }
    let draws = file
        .random
        .as_ref()
        .map_or(0, |r| *r.get_ref().draws.get_ref());
    if let Some(r) = &file.random {
        random_checks(&mut p, r.get_ref());
    }
    let total = (file.variants.len() as u64)
        .checked_add(grid_total.unwrap_or(0) as u64)
        .and_then(|t| t.checked_add(draws));
    if total.is_none_or(|t| t > MAX_VARIANTS as u64) {
        let span = file
            .random
            .as_ref()
            .map_or(0..0, |r| r.get_ref().draws.span());
        p.at(
            span,
            "random.draws",
            format!(
                "the sweep would have {} variants; at most {MAX_VARIANTS}",
                total.map_or("more than 2^64".to_string(), |t| t.to_string())
            ),
            "split the study into several sweeps",
        );
    }
    named_variant_names(&mut p, &file.variants);
    if !p.diags.is_empty() {
        p.diags.sort(path);
        return Err(p.diags);
    }

    let mut variants = Vec::new();
    let mut push = |name: String, overrides: Vec<(String, String)>| {
        let index = variants.len();
        variants.push(Variant {
            index,
            name,
            overrides,
        });
    };
    for v in &file.variants {
        push(
            v.name.get_ref().clone(),
            v.set
                .iter()
                .map(|(k, v)| (k.clone(), value_text(v)))
                .collect(),
        );
    }
    if let Some(total) = grid_total {
        for i in 0..total {
            let mut rem = i;
            let mut overrides = vec![(String::new(), String::new()); axes.len()];
            for (k, (p, vals)) in axes.iter().enumerate().rev() {
                overrides[k] = (p.clone(), vals[rem % vals.len()].clone());
                rem /= vals.len();
            }
            push(format!("grid-{:04}", i + 1), overrides);
        }
    }
    if let Some(r) = &file.random {
        let r = r.get_ref();
        let mut rng = splitmix::Rng(r.seed);
        for i in 0..draws {
            let overrides = r
                .ranges
                .iter()
                .map(|g| {
                    let g = g.get_ref();
                    (
                        g.path.clone(),
                        num_text(g.from + (g.to - g.from) * rng.unit()),
                    )
                })
                .collect();
            push(format!("random-{:04}", i + 1), overrides);
        }
    }
    let named = file.variants.len();
    let random = draws as usize;
    let layout = Layout {
        named,
        grid: variants.len() - named - random,
        random,
        grid_axes: file.grid.iter().map(|a| a.get_ref().path.clone()).collect(),
        random_paths: file
            .random
            .iter()
            .flat_map(|r| r.get_ref().ranges.iter().map(|g| g.get_ref().path.clone()))
            .collect(),
    };
    let base = path.parent().unwrap_or(Path::new(".")).join(&file.base);
    let name = file.name.map(|n| n.into_inner()).unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    Ok(Sweep {
        name,
        base,
        source_hash: super::journal::hash(text.as_bytes()),
        variants,
        layout,
    })
}

/// Named variants: safe file names, unique whatever the file system's case rules, and not
/// of the form the grid and the draws use (`grid-0001`, `random-0001`).
fn named_variant_names(p: &mut Problems, variants: &[NamedVariant]) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (i, v) in variants.iter().enumerate() {
        let (name, span) = (v.name.get_ref(), v.name.span());
        let field = format!("variants[{i}].name");
        if let Some(why) = unsafe_name(name) {
            p.at(span, &field, why, NAME_HINT);
            continue;
        }
        let lower = name.to_lowercase();
        let generated = ["grid-", "random-"].iter().any(|pre| {
            lower
                .strip_prefix(pre)
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        });
        if generated {
            p.at(
                span,
                &field,
                format!("variant name \"{name}\" is the form of a grid or random variant's name"),
                "grid-NNNN and random-NNNN name the grid's and the draws' variants: choose another",
            );
        } else if let Some(first) = seen.insert(lower, name) {
            p.at(
                span,
                &field,
                format!("variant name \"{name}\" is already used by \"{first}\""),
                "variant names must be unique, also ignoring case (they become file names)",
            );
        }
    }
}

/// The number of values of a grid axis, or a problem (`None`).
fn axis_len(p: &mut Problems, a: &Spanned<Axis>, field: &str) -> Option<usize> {
    let axis = a.get_ref();
    match (&axis.values, &axis.range) {
        (Some(v), None) if v.get_ref().is_empty() => {
            p.at(
                v.span(),
                &format!("{field}.values"),
                format!("grid `{}`: the list of values is empty", axis.path),
                "give at least one value, e.g. values = [false, true]",
            );
            None
        }
        (Some(v), None) => Some(v.get_ref().len()),
        (None, Some(r)) => {
            let (span, r) = (r.span(), *r.get_ref());
            let field = format!("{field}.range");
            if !(r.from.is_finite() && r.to.is_finite() && r.step.is_finite()) {
                p.at(
                    span,
                    &field,
                    format!(
                        "grid `{}`: from, to and step must be numbers (nan/inf given)",
                        axis.path
                    ),
                    "e.g. range = { from = 8000, to = 12000, step = 1000 }",
                );
                return None;
            }
            if r.step <= 0.0 || r.to < r.from {
                p.at(
                    span,
                    &field,
                    format!(
                        "grid `{}`: range needs from ≤ to and a positive step",
                        axis.path
                    ),
                    "e.g. range = { from = 8000, to = 12000, step = 1000 }",
                );
                return None;
            }
            let n = (r.to - r.from) / r.step + 1e-9;
            if n >= MAX_VARIANTS as f64 {
                p.at(
                    span,
                    &field,
                    format!(
                        "grid `{}`: the range has more than {MAX_VARIANTS} values",
                        axis.path
                    ),
                    "use a larger step",
                );
                return None;
            }
            Some(n.floor() as usize + 1)
        }
        _ => {
            p.at(
                a.span(),
                field,
                format!("grid `{}`: give either values or range", axis.path),
                "values = [1, 2] or range = { from = 1, to = 2, step = 0.5 }",
            );
            None
        }
    }
}

fn axis_values(a: &Axis, n: usize) -> Vec<String> {
    match (&a.values, &a.range) {
        (Some(v), _) => v.get_ref().iter().map(value_text).collect(),
        (None, Some(r)) => {
            let r = r.get_ref();
            (0..n)
                .map(|i| num_text(r.from + i as f64 * r.step))
                .collect()
        }
        (None, None) => Vec::new(),
    }
}

fn random_checks(p: &mut Problems, r: &Random) {
    if *r.draws.get_ref() > 0 && r.ranges.is_empty() {
        p.at(
            r.draws.span(),
            "random.ranges",
            "random draws with no ranges: every draw would be the base".into(),
            "add ranges = [{ path = \"rules.stock_linkage.alpha\", from = 0.3, to = 0.75 }]",
        );
    }
    for (i, g) in r.ranges.iter().enumerate() {
        let rr = g.get_ref();
        if !(rr.from.is_finite() && rr.to.is_finite()) || rr.to < rr.from {
            p.at(
                g.span(),
                &format!("random.ranges[{i}]"),
                format!(
                    "random range `{}`: needs finite from ≤ to (from = {}, to = {})",
                    rr.path, rr.from, rr.to
                ),
                "e.g. { path = \"rules.stock_linkage.alpha\", from = 0.3, to = 0.75 }",
            );
        }
    }
}

fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Float(f) => num_text(*f),
        other => other.to_string(),
    }
}

/// Numbers rounded to 1e-6 so that ranges give clean, stable values (0.3, not 0.30000000000000004).
/// Beyond 10¹⁵ in exponent form (1e308, not 309 digits).
fn num_text(v: f64) -> String {
    if v.abs() >= 1e15 {
        format!("{v:e}")
    } else {
        format!("{}", r6(v))
    }
}

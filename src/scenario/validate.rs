//! Turns raw records into a validated [`Scenario`], collecting every problem on the way.

use super::diag::{Diagnostic, Diagnostics, Location, Origin, closest, closest_choice, num};
use super::load::{RawScenario, Record};
use super::model::*;
use super::raw::*;
use crate::i18n::Msg;
use crate::msg;
use std::collections::HashMap;

mod extra;
pub use extra::DEFAULT_DISCOUNT;

/// One mu is 1/15 ha; hectare fields are converted here and nowhere else.
pub const MU_PER_HA: f64 = 15.0;

/// The largest area a scenario may give: China's land area, 9.6 million km² (1.44×10¹⁰ mu,
/// 9.6×10⁸ ha). Nothing real is larger, and past it the LP's numbers span more orders of
/// magnitude than the solvers' tolerances cover.
pub const MAX_AREA_MU: f64 = 1.44e10;
/// Tier weights are relative: 0 (the tier counts for nothing) or 10⁻³ to 10³.
pub const MIN_WEIGHT: f64 = 1e-3;
pub const MAX_WEIGHT: f64 = 1e3;
/// Stock-linkage multipliers (mu of quota per mu of stock land disposed): real ones are about 1.
pub const MAX_LINKAGE_FACTOR: f64 = 100.0;
/// Money (yuan; prices and costs per mu, budgets): up to 10¹³, ten trillion yuan, above any
/// budget or price there is.
pub const MAX_YUAN: f64 = 1e13;
/// The consolidated-township bonus: relative, 0 to 10 (11 times the weight).
pub const MAX_BONUS: f64 = 10.0;

/// Default weight per tier (national, provincial, city, county, block demand).
pub const DEFAULT_TIER_WEIGHTS: [f64; 5] = [5.0, 4.0, 3.0, 2.0, 1.0];

struct V {
    diags: Diagnostics,
    /// `[rules.horizon]` was reported wrong: what depends on its years (later capacities,
    /// `county_years`, windows) is not checked against the stand-in one-year horizon, which
    /// would only repeat the one problem in follow-on errors.
    horizon_invalid: bool,
}

impl V {
    /// Reports a problem, unless it is about a field that could not be read (already reported).
    fn err(&mut self, o: &Origin, field: &str, msg: impl Into<Msg>, hint: impl Into<Msg>) {
        if !o.unloaded(field) {
            self.diags.push(o.error(field, msg, hint));
        }
    }

    /// An area given as `<name>_mu` or `<name>_ha`: finite, ≥ 0, returned in mu.
    /// `name` may be a path (`stock_linkage.base`).
    fn area(
        &mut self,
        o: &Origin,
        name: &str,
        mu: Option<f64>,
        ha: Option<f64>,
        required: bool,
    ) -> Option<f64> {
        let short = name.rsplit('.').next().unwrap_or(name);
        let (field, unit, written) = match (mu, ha) {
            (Some(_), Some(_)) => {
                self.err(
                    o,
                    &format!("{name}_ha"),
                    msg!("val-area-both", short = short),
                    msg!("val-area-both-hint", ratio = num(MU_PER_HA)),
                );
                return None;
            }
            (Some(v), None) => (format!("{name}_mu"), "mu", v),
            (None, Some(v)) => (format!("{name}_ha"), "ha", v),
            (None, None) => {
                // Not if it was there but unreadable, or misspelt (reported already).
                if required
                    && !o.unloaded(&format!("{name}_mu"))
                    && !o.unloaded(&format!("{name}_ha"))
                {
                    let (mu_field, ha_field) = (format!("{name}_mu"), format!("{name}_ha"));
                    let column = |f: &str| o.fields.iter().any(|(k, _)| k == f);
                    let (field, msg, hint) = if !o.is_csv() {
                        (
                            mu_field,
                            msg!("val-required-missing"),
                            msg!("val-area-missing-hint", short = short),
                        )
                    } else if column(&mu_field) {
                        (
                            mu_field,
                            msg!("val-field-empty", field = format!("{short}_mu")),
                            msg!("val-area-empty-mu-hint", short = short),
                        )
                    } else if column(&ha_field) {
                        (
                            ha_field,
                            msg!("val-field-empty", field = format!("{short}_ha")),
                            msg!("val-area-empty-ha-hint", short = short),
                        )
                    } else {
                        (
                            mu_field,
                            msg!("val-area-no-column", short = short),
                            msg!("val-area-no-column-hint", short = short),
                        )
                    };
                    self.err(o, &field, msg, hint);
                }
                return None;
            }
        };
        let unit_msg = if unit == "ha" {
            msg!("val-unit-ha")
        } else {
            msg!("val-unit-mu")
        };
        if !written.is_finite() {
            self.err(
                o,
                &field,
                msg!(
                    "val-area-not-finite",
                    unit = &unit_msg,
                    found = num(written)
                ),
                msg!("val-area-not-finite-hint", unit = &unit_msg),
            );
            return None;
        }
        let max = if unit == "ha" {
            MAX_AREA_MU / MU_PER_HA
        } else {
            MAX_AREA_MU
        };
        if written > max {
            self.err(
                o,
                &field,
                msg!(
                    "val-area-too-large",
                    max = num(max),
                    unit = &unit_msg,
                    found = num(written)
                ),
                msg!("val-area-too-large-hint", unit = &unit_msg),
            );
            return None;
        }
        if written < 0.0 {
            // A need of 0 is rejected too, so do not suggest it there.
            let (message, hint) = if short == "need" {
                ("val-need-negative", "val-need-negative-hint")
            } else {
                ("val-area-negative", "val-area-negative-hint")
            };
            self.err(
                o,
                &field,
                Msg::Id(
                    message,
                    vec![("unit", unit_msg), ("found", num(written).into())],
                ),
                Msg::Id(hint, Vec::new()),
            );
            return None;
        }
        Some(if unit == "ha" {
            written * MU_PER_HA
        } else {
            written
        })
    }

    fn share(&mut self, o: &Origin, field: &str, v: f64) -> Option<f64> {
        if !v.is_finite() || !(0.0..=1.0).contains(&v) {
            let hint = if v > 1.0 && v <= 100.0 {
                let mut frac = num(v / 100.0);
                if frac.split('.').nth(1).is_none_or(|d| d.len() < 2) {
                    frac = format!("{:.2}", v / 100.0);
                }
                msg!("val-share-percent-hint", value = num(v), frac = frac)
            } else {
                msg!("val-share-hint")
            };
            self.err(o, field, msg!("val-share", found = num(v)), hint);
            return None;
        }
        Some(v)
    }

    /// An amount of money (yuan: prices, costs, budgets): 0 to [`MAX_YUAN`].
    fn nonneg(&mut self, o: &Origin, field: &str, v: f64, hint: Msg) -> Option<f64> {
        self.bounded(o, field, v, MAX_YUAN, None, hint)
    }

    /// A number in `0..=max` (and, if `min_positive` is given, 0 or at least that).
    fn bounded(
        &mut self,
        o: &Origin,
        field: &str,
        v: f64,
        max: f64,
        min_positive: Option<f64>,
        hint: Msg,
    ) -> Option<f64> {
        let too_small = min_positive.is_some_and(|m| v > 0.0 && v < m);
        if !v.is_finite() || v < 0.0 || v > max || too_small {
            let message = match min_positive {
                Some(m) => msg!(
                    "val-expected-range-min",
                    min = num(m),
                    max = num(max),
                    found = num(v)
                ),
                None => msg!("val-expected-range", max = num(max), found = num(v)),
            };
            self.err(o, field, message, hint);
            return None;
        }
        Some(v)
    }

    /// An enumerated text field: `Some(position)` in `options`, or a problem with a
    /// did-you-mean.
    fn choice(
        &mut self,
        o: &Origin,
        field: &str,
        what: Msg,
        value: &str,
        options: &[&str],
        explained: Option<Msg>,
    ) -> Option<usize> {
        if let Some(i) = options.iter().position(|x| *x == value) {
            return Some(i);
        }
        let list = explained.unwrap_or_else(|| Msg::Lit(options.join(", ")));
        if value.is_empty() {
            self.err(
                o,
                field,
                msg!("val-field-empty", field = short_field(field)),
                msg!("val-one-of", list = list),
            );
            return None;
        }
        let hint = match closest_choice(value, options) {
            Some(c) => msg!("val-did-you-mean-one-of", near = c, list = list),
            None => msg!("val-one-of", list = list),
        };
        self.err(
            o,
            field,
            msg!("val-unknown-value", what = what, value = value),
            hint,
        );
        None
    }

    fn id(&mut self, o: &Origin, field: &str, id: &str) {
        if id.is_empty() {
            self.err(o, field, msg!("val-id-empty"), msg!("val-id-empty-hint"));
        } else if let Some((at, c)) = invisible_char(id) {
            // Said apart from other characters: the id looks right on screen, and the error
            // must say what is hidden in it and where.
            self.err(
                o,
                field,
                msg!(
                    "val-id-invisible",
                    id = id.escape_debug().to_string(),
                    code = format!("U+{:04X}", c as u32),
                    position = at + 1
                ),
                msg!("val-id-invisible-hint"),
            );
        } else if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            self.err(
                o,
                field,
                msg!("val-id-chars", id = id),
                msg!("val-id-chars-hint"),
            );
        }
    }
}

/// The first character of `id` that cannot be seen or that reorders text, with its position
/// (0-based, in characters): a control, a bidirectional control (a right-to-left override can
/// make `a-b` read `b-a`) or a zero-width character (two ids that look alike but differ).
fn invisible_char(id: &str) -> Option<(usize, char)> {
    id.chars().enumerate().find(|&(_, c)| {
        c.is_control()
            || matches!(
                c,
                '\u{00AD}'
                    | '\u{061C}'
                    | '\u{180E}'
                    | '\u{200B}'..='\u{200F}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2060}'..='\u{2069}'
                    | '\u{FEFF}'
            )
    })
}

/// `projects[0].county` → `county`; `categories[1]` stays as it is.
fn short_field(field: &str) -> &str {
    field.rsplit('.').next().unwrap_or(field)
}

/// Where a record starts, for "the first one is at ..." messages: "line 17", "row 2", "sheet
/// 项目清单, row 5" (the words of [`Origin::place`], in the reader's language).
pub(super) fn place(o: &Origin) -> Msg {
    match &o.location {
        Location::File => Msg::Lit(o.file.display().to_string()),
        Location::Toml { line, .. } | Location::Line { line } => {
            msg!("val-place-line", line = *line)
        }
        Location::Csv { row, .. } => msg!("val-place-row", row = *row),
        Location::Sheet { sheet, row, .. } => {
            msg!("val-place-sheet", sheet = sheet, row = *row)
        }
    }
}

/// Where `first` is, as seen from `dup`: "line 17", "row 2", or with the file if it differs.
fn place_of_first(first: &Origin, dup: &Origin) -> Msg {
    if first.file == dup.file {
        place(first)
    } else {
        msg!(
            "val-place-in-file",
            file = first.file.display().to_string(),
            place = place(first)
        )
    }
}

/// The word for a kind of record (`category`, `pool`, `county`, `project`), in the reader's
/// language.
fn what_msg(what: &str) -> Msg {
    match what {
        "category" => msg!("val-what-category"),
        "pool" => msg!("val-what-pool"),
        "county" => msg!("val-what-county"),
        "project" => msg!("val-what-project"),
        other => Msg::Lit(other.to_string()),
    }
}

/// Looks up ids; reports unknown references with a "did you mean". Ids of records that could
/// not be read are not reported as unknown (their problem is already reported).
struct Index<'a> {
    what: &'static str,
    plural: &'static str,
    map: HashMap<&'a str, u32>,
    names: Vec<&'a str>,
    failed: Vec<&'a str>,
    ids_unknown: bool,
    /// id → "id（name）" for records whose name differs from the id: hints show both, and a
    /// misspelt name finds its record.
    labels: HashMap<&'a str, String>,
    names_of: Vec<(&'a str, &'a str)>,
}

impl<'a> Index<'a> {
    fn build<T>(
        v: &mut V,
        raw: &'a RawScenario,
        section: &'static str,
        what: &'static str,
        recs: &'a [Record<T>],
        id: impl Fn(&T) -> &str,
    ) -> Self {
        let mut map = HashMap::new();
        let mut names = Vec::new();
        for (i, r) in recs.iter().enumerate() {
            let key = id(&r.raw);
            v.id(&r.origin, "id", key);
            if let Some(first) = map.get(key) {
                let first = &recs[*first as usize].origin;
                v.err(
                    &r.origin,
                    "id",
                    msg!(
                        "val-duplicate-id",
                        what = what_msg(what),
                        id = key,
                        place = place_of_first(first, &r.origin)
                    ),
                    msg!("val-duplicate-id-hint", what = what_msg(what)),
                );
            } else {
                map.insert(key, i as u32);
                names.push(key);
            }
        }
        Index {
            what,
            plural: section,
            map,
            names,
            failed: raw.failed_ids(section),
            ids_unknown: raw.ids_unknown(section),
            labels: HashMap::new(),
            names_of: Vec::new(),
        }
    }

    /// The records' names, for hints (`nanhu（南湖区）`).
    fn with_names(mut self, entries: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        let entries: Vec<(&str, &str)> = entries.collect();
        self.labels = super::names::shown(entries.iter().copied());
        self.names_of = entries
            .into_iter()
            .filter(|(id, n)| !n.is_empty() && id != n)
            .map(|(id, n)| (n, id))
            .collect();
        self
    }

    fn show(&self, id: &str) -> String {
        self.labels
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn get(&self, v: &mut V, o: &Origin, field: &str, key: &str) -> Option<u32> {
        let found = self.map.get(key).copied();
        if found.is_some() || self.ids_unknown || (!key.is_empty() && self.failed.contains(&key)) {
            return found;
        }
        // Those that could not be read are declared too.
        let mut names: Vec<&str> = self.names.clone();
        names.extend(
            self.failed
                .iter()
                .filter(|f| !f.is_empty() && !self.names.contains(f)),
        );
        let what = what_msg(self.what);
        let known = if names.is_empty() {
            msg!("val-declare-first", section = self.plural)
        } else if names.len() <= 12 {
            let shown: Vec<String> = names.iter().map(|n| self.show(n)).collect();
            msg!(
                "val-known-list",
                section = self.plural,
                what = &what,
                list = shown.join(", ")
            )
        } else {
            msg!("val-must-be-declared", section = self.plural, what = &what)
        };
        if key.is_empty() {
            v.err(
                o,
                field,
                msg!("val-field-empty", field = short_field(field)),
                msg!("val-name-a", what = &what, known = known),
            );
            return None;
        }
        // Near an id, or near a name (南湖 → nanhu（南湖区）).
        let near = closest(key, names.iter().copied())
            .map(str::to_string)
            .or_else(|| {
                super::names::closest_name(key, self.names_of.iter().map(|(n, _)| *n))
                    .and_then(|n| self.names_of.iter().find(|(m, _)| *m == n))
                    .map(|(_, id)| id.to_string())
            });
        let hint = match near {
            Some(c) => msg!(
                "val-did-you-mean-known",
                near = self.show(&c),
                known = known
            ),
            None => known,
        };
        v.err(
            o,
            field,
            msg!("val-unknown-value", what = what, value = key),
            hint,
        );
        None
    }
}

/// Validates what was loaded. The problems found while loading (`raw.problems`) are returned
/// with the ones found here, in file order.
pub fn validate(raw: &RawScenario) -> Result<Scenario, Diagnostics> {
    let mut v = V {
        diags: Diagnostics::default(),
        horizon_invalid: false,
    };
    let scenario = check(&mut v, raw);
    let mut all = raw.problems.clone();
    all.extend(v.diags);
    if !all.is_empty() {
        all.sort(&raw.path);
        return Err(all);
    }
    Ok(scenario)
}

fn check(v: &mut V, raw: &RawScenario) -> Scenario {
    // A missing section has no line of its own: the top of the file, where sections start.
    let file = Origin {
        location: Location::Toml { line: 1, col: 1 },
        ..Origin::file(&raw.path)
    };
    for (section, present) in [
        (
            "scenario",
            raw.meta.is_some() || raw.sections.iter().any(|(s, _)| s == "scenario"),
        ),
        ("categories", !raw.categories.is_empty()),
        ("pools", !raw.pools.is_empty()),
        ("counties", !raw.counties.is_empty()),
        ("projects", !raw.projects.is_empty()),
    ] {
        // A section whose entries could not be read is there; its problems are reported.
        let present = present || raw.has_failed(section);
        if !present && !raw.sections.iter().any(|(s, _)| s == section) {
            v.err(
                &file,
                section,
                msg!("val-missing-section", section = section),
                msg!("val-missing-section-hint"),
            );
        } else if !present {
            v.err(
                &raw.section(section),
                "",
                msg!("val-section-empty", section = section),
                msg!("val-section-empty-hint"),
            );
        }
    }

    let meta = meta(v, raw);
    let objective = objective(v, raw);
    let horizon = extra::horizon(v, raw, meta.year);

    let cat_ix = Index::build(v, raw, "categories", "category", &raw.categories, |c| &c.id)
        .with_names(
            raw.categories
                .iter()
                .map(|c| (c.raw.id.as_str(), c.raw.name.as_deref().unwrap_or(""))),
        );
    let categories: Vec<Category> = raw
        .categories
        .iter()
        .map(|r| Category {
            id: r.raw.id.clone(),
            name: r.raw.name.clone().unwrap_or_else(|| r.raw.id.clone()),
            rural: r.raw.rural.unwrap_or(false),
        })
        .collect();

    let pool_ix = Index::build(v, raw, "pools", "pool", &raw.pools, |p| &p.id).with_names(
        raw.pools
            .iter()
            .map(|p| (p.raw.id.as_str(), p.raw.name.as_deref().unwrap_or(""))),
    );
    let mut pools = Vec::new();
    for r in &raw.pools {
        let o = &r.origin;
        let county_held = r.raw.county_held.unwrap_or(false);
        let capacity = v.area(
            o,
            "capacity",
            r.raw.capacity_mu,
            r.raw.capacity_ha,
            !county_held,
        );
        if r.raw.categories.is_empty() {
            v.err(
                o,
                "categories",
                msg!("val-pool-no-category"),
                msg!("val-pool-no-category-hint"),
            );
        }
        let cats = r
            .raw
            .categories
            .iter()
            .enumerate()
            .filter_map(|(j, c)| {
                cat_ix
                    .get(v, o, &format!("categories[{j}]"), c)
                    .map(CategoryId)
            })
            .collect();
        // The counties' holdings are a county-held pool's capacity (filled in below).
        let capacity = if county_held {
            if capacity.is_some() {
                v.err(
                    o,
                    "capacity_mu",
                    msg!("val-county-held-capacity"),
                    msg!("val-county-held-capacity-hint"),
                );
            }
            Some(0.0)
        } else {
            capacity
        };
        let (later_capacity_mu, carry, borrow) =
            extra::pool_years(v, r, &horizon, capacity.unwrap_or(0.0));
        pools.push(Pool {
            id: r.raw.id.clone(),
            name: r.raw.name.clone().unwrap_or_else(|| r.raw.id.clone()),
            capacity_mu: capacity.unwrap_or(0.0),
            categories: cats,
            counties: Vec::new(),
            later_capacity_mu,
            carry_over_max_mu: carry,
            borrow_max_mu: borrow,
            county_held,
        });
    }
    if pools.iter().filter(|p| p.county_held).count() > 1 {
        let second = raw
            .pools
            .iter()
            .filter(|r| r.raw.county_held == Some(true))
            .nth(1)
            .expect("two county-held pools");
        v.err(
            &second.origin,
            "county_held",
            msg!("val-second-county-held"),
            msg!("val-second-county-held-hint"),
        );
    }
    for (ci, c) in raw.categories.iter().enumerate() {
        let funded = pools
            .iter()
            .any(|p| p.categories.contains(&CategoryId(ci as u32)));
        // A pool that could not be read may fund it.
        if !funded && !raw.pools.is_empty() && !raw.has_failed("pools") {
            let users = match raw
                .projects
                .iter()
                .filter(|p| p.raw.category == c.raw.id)
                .count()
            {
                0 => msg!("val-users-none"),
                1 => msg!("val-users-one"),
                n => msg!("val-users", count = n),
            };
            v.err(
                &c.origin,
                "id",
                msg!("val-category-unfunded", category = &c.raw.id, users = users),
                msg!("val-category-unfunded-hint"),
            );
        }
    }

    let county_ix = Index::build(v, raw, "counties", "county", &raw.counties, |c| &c.id)
        .with_names(
            raw.counties
                .iter()
                .map(|c| (c.raw.id.as_str(), c.raw.name.as_deref().unwrap_or(""))),
        );
    let mut counties: Vec<County> = raw.counties.iter().map(|r| county(v, r)).collect();
    extra::county_years(v, raw, &county_ix, &horizon, &mut counties);
    for (pool, r) in pools.iter_mut().zip(&raw.pools) {
        pool.counties = extra::pool_counties(v, r, &county_ix, &counties);
        if pool.county_held {
            // The counties' own additions in each year (what is left stays with each county).
            pool.capacity_mu = counties.iter().map(|c| c.linkage_surplus_mu).sum();
            for (t, cap) in pool.later_capacity_mu.iter_mut().enumerate() {
                *cap = counties
                    .iter()
                    .map(|c| c.later_years[t].linkage_added_mu)
                    .sum();
            }
        }
    }

    let mut townships = Vec::new();
    // (county, township id) → (position in `townships`, position in `raw.townships`)
    let mut township_ix: HashMap<(u32, &str), (u32, usize)> = HashMap::new();
    let mut first_township: HashMap<(&str, &str), usize> = HashMap::new();
    for (ri, r) in raw.townships.iter().enumerate() {
        let o = &r.origin;
        v.id(o, "id", &r.raw.id);
        if let Some(&first) = first_township.get(&(r.raw.county.as_str(), r.raw.id.as_str())) {
            let first = &raw.townships[first].origin;
            v.err(
                o,
                "id",
                msg!(
                    "val-duplicate-township",
                    township = &r.raw.id,
                    county = &r.raw.county,
                    place = place_of_first(first, o)
                ),
                msg!("val-duplicate-township-hint"),
            );
            continue;
        }
        first_township.insert((r.raw.county.as_str(), r.raw.id.as_str()), ri);
        let Some(c) = county_ix.get(v, o, "county", &r.raw.county) else {
            continue;
        };
        township_ix.insert((c, r.raw.id.as_str()), (townships.len() as u32, ri));
        townships.push(Township {
            id: r.raw.id.clone(),
            name: r.raw.name.clone().unwrap_or_else(|| r.raw.id.clone()),
            county: CountyId(c),
            consolidated: r.raw.consolidated.unwrap_or(false),
        });
    }

    let _ = Index::build(v, raw, "projects", "project", &raw.projects, |p| &p.id);
    let failed_townships = raw.failed_ids("townships");
    let tier_names: Vec<&str> = Tier::ALL.iter().map(|t| t.as_str()).collect();
    let mut projects = Vec::new();
    for r in &raw.projects {
        let o = &r.origin;
        let p = &r.raw;
        let county = county_ix.get(v, o, "county", &p.county);
        let township = match (&p.township, county) {
            (Some(t), Some(c)) if !t.is_empty() => {
                let found = township_ix.get(&(c, t.as_str())).map(|&(i, _)| i);
                if found.is_none()
                    && !raw.ids_unknown("townships")
                    && !failed_townships.contains(&t.as_str())
                {
                    let mut here: Vec<&str> = township_ix
                        .keys()
                        .filter(|(tc, _)| *tc == c)
                        .map(|(_, id)| *id)
                        .collect();
                    here.sort_unstable();
                    let hint = match closest(t, here.iter().copied()) {
                        Some(m) => msg!(
                            "val-township-near",
                            near = m,
                            township = t,
                            county = &p.county
                        ),
                        None if here.is_empty() => {
                            msg!("val-township-none", county = &p.county)
                        }
                        None => msg!(
                            "val-township-list",
                            county = &p.county,
                            list = here.join(", ")
                        ),
                    };
                    v.err(
                        o,
                        "township",
                        msg!("val-township-unknown", township = t, county = &p.county),
                        hint,
                    );
                }
                found.map(TownshipId)
            }
            _ => None,
        };
        let category = cat_ix.get(v, o, "category", &p.category);
        let tier = v
            .choice(
                o,
                "tier",
                msg!("val-what-tier"),
                &p.tier,
                &tier_names,
                Some(Msg::Lit(super::aliases::tier_words())),
            )
            .map(|i| Tier::ALL[i]);
        let need = v.area(o, "need", p.need_mu, p.need_ha, true);
        if need == Some(0.0) {
            v.err(
                o,
                "need_mu",
                msg!("val-need-zero"),
                msg!("val-need-zero-hint"),
            );
        }
        let farmland = v
            .area(o, "farmland", p.farmland_mu, p.farmland_ha, false)
            .unwrap_or(0.0);
        let forest = v
            .area(o, "forest", p.forest_mu, p.forest_ha, false)
            .unwrap_or(0.0);
        if let Some(n) = need
            && farmland + forest > n * (1.0 + 1e-9)
        {
            let field = if p.farmland_ha.is_some() {
                "farmland_ha"
            } else {
                "farmland_mu"
            };
            v.err(
                o,
                field,
                msg!(
                    "val-occupied-exceeds",
                    farmland = num(farmland),
                    forest = num(forest),
                    need = num(n)
                ),
                msg!("val-occupied-exceeds-hint"),
            );
        }
        let min_share = p
            .min_share
            .map(|s| v.share(o, "min_share", s))
            .unwrap_or(Some(0.0));
        let (ready, last) = extra::project_window(v, r, &horizon);
        if let (Some(c), Some(cat), Some(tier), Some(need), Some(min_share)) =
            (county, category, tier, need, min_share)
        {
            projects.push(Project {
                id: p.id.clone(),
                name: p.name.clone().unwrap_or_else(|| p.id.clone()),
                county: CountyId(c),
                township,
                category: CategoryId(cat),
                tier,
                need_mu: need,
                farmland_mu: farmland,
                forest_mu: forest,
                outside_boundary: p.outside_boundary.unwrap_or(false),
                min_share,
                ready,
                last,
                notes: p
                    .notes
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_string),
            });
        }
    }

    let mut rules = rules(v, raw, &cat_ix, &pool_ix);
    if let Some(r) = &raw.rules {
        if let Some(t) = &r.raw.trading {
            let linkage = pools.iter().any(|p| p.county_held);
            rules.trading = Some(extra::trading(v, &r.origin, t, linkage));
        }
        if let Some(ob) = &rules.outside_boundary
            && ob.max_share_horizon.is_some()
            && horizon.years.len() == 1
            && !v.horizon_invalid
        {
            v.err(
                &r.origin,
                "outside_boundary.max_share_horizon",
                msg!("val-one-year-only"),
                msg!("val-horizon-share-one-year-hint"),
            );
        }
    }
    if counties.iter().any(|c| c.linkage_surplus_mu > 0.0)
        && !pools.iter().any(|p| p.county_held)
        && let Some(r) = raw.counties.iter().find(|r| {
            r.raw.linkage_surplus_mu.is_some_and(|x| x > 0.0)
                || r.raw.linkage_surplus_ha.is_some_and(|x| x > 0.0)
        })
    {
        v.err(
            &r.origin,
            "linkage_surplus_mu",
            msg!("val-linkage-no-pool"),
            msg!("val-linkage-no-pool-hint"),
        );
    }

    Scenario {
        meta,
        objective,
        categories,
        pools,
        counties,
        townships,
        projects,
        rules,
        read_notes: raw.notes.clone(),
        inputs: raw.inputs.clone(),
        horizon,
    }
}

fn meta(v: &mut V, raw: &RawScenario) -> Meta {
    let Some(r) = &raw.meta else {
        return Meta {
            name: String::new(),
            year: None,
            notes: String::new(),
        };
    };
    let name = r.raw.name.clone().unwrap_or_default();
    if name.trim().is_empty() {
        v.err(
            &r.origin,
            "name",
            msg!("val-name-missing"),
            msg!("val-name-missing-hint"),
        );
    }
    if let Some(y) = r.raw.year
        && !(1949..=2200).contains(&y)
    {
        v.err(
            &r.origin,
            "year",
            msg!("val-year-implausible", year = y),
            msg!("val-year-implausible-hint"),
        );
    }
    Meta {
        name,
        year: r.raw.year,
        notes: r.raw.notes.clone().unwrap_or_default(),
    }
}

fn objective(v: &mut V, raw: &RawScenario) -> Objective {
    let mut obj = Objective {
        mode: ObjectiveMode::Weighted,
        tie_break: TieBreak::Fair,
        tier_weights: DEFAULT_TIER_WEIGHTS,
        consolidated_bonus: 0.0,
    };
    let Some(r) = &raw.objective else { return obj };
    let o = &r.origin;
    if let Some(m) = r.raw.mode.as_deref()
        && v.choice(
            o,
            "mode",
            msg!("val-what-objective-mode"),
            m,
            &["weighted", "lexicographic"],
            None,
        ) == Some(1)
    {
        obj.mode = ObjectiveMode::Lexicographic;
    }
    if let Some(t) = r.raw.tie_break.as_deref() {
        match v.choice(
            o,
            "tie_break",
            msg!("val-what-tie-break"),
            t,
            &["fair", "list-order", "none"],
            None,
        ) {
            Some(1) => obj.tie_break = TieBreak::ListOrder,
            Some(2) => obj.tie_break = TieBreak::None,
            _ => {}
        }
    }
    if let Some(w) = &r.raw.tier_weights {
        for (i, (name, val)) in [
            ("national", w.national),
            ("provincial", w.provincial),
            ("city", w.city),
            ("county", w.county),
            ("block", w.block),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(x) = val
                && let Some(x) = v.bounded(
                    o,
                    &format!("tier_weights.{name}"),
                    x,
                    MAX_WEIGHT,
                    Some(MIN_WEIGHT),
                    msg!("val-weights-hint"),
                )
            {
                obj.tier_weights[i] = x;
            }
        }
    }
    if let Some(b) = r.raw.consolidated_bonus {
        obj.consolidated_bonus = v
            .bounded(
                o,
                "consolidated_bonus",
                b,
                MAX_BONUS,
                None,
                msg!("val-bonus-hint"),
            )
            .unwrap_or(0.0);
    }
    obj
}

fn county(v: &mut V, r: &Record<RawCounty>) -> County {
    let (o, c) = (&r.origin, &r.raw);
    let (budget, sell_share) = extra::county_trading(v, r);
    let floor = v.area(o, "floor", c.floor_mu, c.floor_ha, false);
    let cap = v.area(o, "cap", c.cap_mu, c.cap_ha, false);
    if let (Some(f), Some(k)) = (floor, cap)
        && f > k
    {
        let field = if c.floor_ha.is_some() {
            "floor_ha"
        } else {
            "floor_mu"
        };
        v.err(
            o,
            field,
            msg!("val-floor-above-cap", floor = num(f), cap = num(k)),
            msg!("val-floor-above-cap-hint"),
        );
    }
    County {
        id: c.id.clone(),
        name: c.name.clone().unwrap_or_else(|| c.id.clone()),
        city: c.city.clone().unwrap_or_default(),
        disposed_unsupplied_mu: v
            .area(
                o,
                "disposed_unsupplied",
                c.disposed_unsupplied_mu,
                c.disposed_unsupplied_ha,
                false,
            )
            .unwrap_or(0.0),
        disposed_idle_mu: v
            .area(
                o,
                "disposed_idle",
                c.disposed_idle_mu,
                c.disposed_idle_ha,
                false,
            )
            .unwrap_or(0.0),
        farmland_held_mu: v
            .area(
                o,
                "farmland_held",
                c.farmland_held_mu,
                c.farmland_held_ha,
                false,
            )
            .unwrap_or(0.0),
        forest_held_mu: v
            .area(o, "forest_held", c.forest_held_mu, c.forest_held_ha, false)
            .unwrap_or(0.0),
        floor_mu: floor,
        cap_mu: cap,
        frozen: c.frozen.unwrap_or(false),
        linkage_surplus_mu: v
            .area(
                o,
                "linkage_surplus",
                c.linkage_surplus_mu,
                c.linkage_surplus_ha,
                false,
            )
            .unwrap_or(0.0),
        deduction_mu: v
            .area(o, "deduction", c.deduction_mu, c.deduction_ha, false)
            .unwrap_or(0.0),
        trade_budget_yuan: budget,
        max_sell_share: sell_share,
        later_years: Vec::new(),
    }
}

fn rules(v: &mut V, raw: &RawScenario, cats: &Index, pools: &Index) -> Rules {
    let mut rules = Rules::default();
    let Some(r) = &raw.rules else { return rules };
    let o = &r.origin;
    let cat_list = |v: &mut V, field: &str, list: &[String]| -> Vec<CategoryId> {
        list.iter()
            .enumerate()
            .filter_map(|(j, c)| cats.get(v, o, &format!("{field}[{j}]"), c).map(CategoryId))
            .collect()
    };
    if let Some(s) = &r.raw.stock_linkage {
        let f = "stock_linkage";
        let explain = msg!("val-linkage-explain");
        let need = |v: &mut V, name: &str, x: Option<f64>| match x {
            Some(x) => v
                .bounded(
                    o,
                    &format!("{f}.{name}"),
                    x,
                    MAX_LINKAGE_FACTOR,
                    None,
                    explain.clone(),
                )
                .unwrap_or(0.0),
            None => {
                v.err(
                    o,
                    &format!("{f}.{name}"),
                    msg!("val-required-missing"),
                    explain.clone(),
                );
                0.0
            }
        };
        let alpha = need(v, "alpha", s.alpha);
        let beta = need(v, "beta", s.beta);
        let base = v
            .area(o, &format!("{f}.base"), s.base_mu, s.base_ha, false)
            .unwrap_or(0.0);
        if s.pools.is_empty() {
            v.err(
                o,
                &format!("{f}.pools"),
                msg!("val-linkage-no-pools"),
                msg!("val-linkage-no-pools-hint"),
            );
        }
        let ps = s
            .pools
            .iter()
            .enumerate()
            .filter_map(|(j, p)| pools.get(v, o, &format!("{f}.pools[{j}]"), p).map(PoolId))
            .collect();
        rules.stock_linkage = Some(StockLinkage {
            alpha,
            beta,
            base_mu: base,
            pools: ps,
        });
    }
    for (name, bal, slot) in [
        ("farmland", &r.raw.farmland, &mut rules.farmland),
        ("forest", &r.raw.forest, &mut rules.forest),
    ] {
        if let Some(b) = bal {
            let shared = v
                .area(
                    o,
                    &format!("{name}.shared_pool"),
                    b.shared_pool_mu,
                    b.shared_pool_ha,
                    false,
                )
                .unwrap_or(0.0);
            *slot = Some(Balance {
                shared_pool_mu: shared,
            });
        }
    }
    if let Some(ob) = &r.raw.outside_boundary {
        let t = ob
            .max_share_total
            .and_then(|s| v.share(o, "outside_boundary.max_share_total", s));
        let c = ob
            .max_share_county
            .and_then(|s| v.share(o, "outside_boundary.max_share_county", s));
        if ob.max_share_total.is_none()
            && ob.max_share_county.is_none()
            && ob.max_share_horizon.is_none()
        {
            v.err(
                o,
                "outside_boundary",
                msg!("val-no-limit"),
                msg!("val-no-limit-hint"),
            );
        }
        let hz = ob
            .max_share_horizon
            .and_then(|s| v.share(o, "outside_boundary.max_share_horizon", s));
        rules.outside_boundary = Some(OutsideBoundary {
            max_share_total: t,
            max_share_county: c,
            max_share_horizon: hz,
        });
    }
    // Per basis (plan, granted): the earmarks as (category, share), to explain a sum over 1.
    let mut by_basis: [Vec<(&str, f64)>; 2] = [Vec::new(), Vec::new()];
    for (i, e) in r.raw.earmarks.iter().enumerate() {
        let f = format!("earmarks[{i}]");
        if o.unloaded(&f) {
            continue; // could not be read; reported already
        }
        let cat = match &e.category {
            Some(c) => cats.get(v, o, &format!("{f}.category"), c).map(CategoryId),
            None => {
                v.err(
                    o,
                    &format!("{f}.category"),
                    msg!("val-required-missing"),
                    msg!("val-earmark-category-hint"),
                );
                None
            }
        };
        let share = match e.min_share {
            Some(s) => v.share(o, &format!("{f}.min_share"), s),
            None => {
                v.err(
                    o,
                    &format!("{f}.min_share"),
                    msg!("val-required-missing"),
                    msg!("val-earmark-share-hint"),
                );
                None
            }
        };
        let basis = match e.basis.as_deref() {
            None => Some(EarmarkBasis::Plan),
            Some(b) => v
                .choice(
                    o,
                    &format!("{f}.basis"),
                    msg!("val-what-basis"),
                    b,
                    &["plan", "granted"],
                    Some(msg!("val-basis-explained")),
                )
                .map(|i| {
                    if i == 0 {
                        EarmarkBasis::Plan
                    } else {
                        EarmarkBasis::Granted
                    }
                }),
        };
        if let (Some(cat), Some(share), Some(basis)) = (cat, share, basis) {
            let name = e.category.as_deref().unwrap_or("");
            if rules
                .earmarks
                .iter()
                .any(|x: &Earmark| x.category == cat && x.basis == basis)
            {
                v.err(
                    o,
                    &format!("{f}.category"),
                    msg!("val-earmark-twice", category = name),
                    msg!("val-earmark-twice-hint"),
                );
            }
            by_basis[(basis == EarmarkBasis::Granted) as usize].push((name, share));
            rules.earmarks.push(Earmark {
                category: cat,
                min_share: share,
                basis,
            });
        }
    }
    for (basis, list) in ["plan", "granted"].iter().zip(&by_basis) {
        let s: f64 = list.iter().map(|(_, x)| x).sum();
        if s > 1.0 + 1e-12 {
            let terms: Vec<String> = list
                .iter()
                .map(|(c, x)| format!("{c} {}", num(*x)))
                .collect();
            v.err(
                o,
                "earmarks",
                msg!("val-earmarks-over", basis = *basis, sum = num(s)),
                msg!("val-earmarks-over-hint", terms = terms.join(" + ")),
            );
        }
    }
    if let Some(f) = &r.raw.freeze {
        rules.freeze_exempt = cat_list(v, "freeze.exempt_categories", &f.exempt_categories);
    }
    if let Some(c) = &r.raw.consolidation {
        rules.consolidation_exempt = Some(cat_list(
            v,
            "consolidation.exempt_categories",
            &c.exempt_categories,
        ));
    }
    rules
}

/// A problem with the file as a whole, for callers outside this module.
pub fn file_problem(
    path: &std::path::Path,
    message: impl Into<Msg>,
    hint: impl Into<Msg>,
) -> Diagnostic {
    Origin::file(path).error("", message, hint)
}

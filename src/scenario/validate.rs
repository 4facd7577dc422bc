//! Turns raw records into a validated [`Scenario`], collecting every problem on the way.

use super::diag::{Diagnostic, Diagnostics, Origin, closest};
use super::load::{RawScenario, Record};
use super::model::*;
use super::raw::*;
use std::collections::HashMap;

/// One mu is 1/15 ha; hectare fields are converted here and nowhere else.
pub const MU_PER_HA: f64 = 15.0;

/// Default weight per tier (national, provincial, city, county, block demand).
pub const DEFAULT_TIER_WEIGHTS: [f64; 5] = [5.0, 4.0, 3.0, 2.0, 1.0];

struct V {
    diags: Diagnostics,
}

impl V {
    fn err(&mut self, o: &Origin, field: &str, msg: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(o.error(field, msg, hint));
    }

    /// An area given as `<name>_mu` or `<name>_ha`: finite, ≥ 0, returned in mu.
    fn area(&mut self, o: &Origin, name: &str, mu: Option<f64>, ha: Option<f64>, required: bool) -> Option<f64> {
        let (field, value) = match (mu, ha) {
            (Some(_), Some(_)) => {
                self.err(o, &format!("{name}_ha"), format!("both {name}_mu and {name}_ha are given"), format!("keep one of them; 1 ha = {MU_PER_HA} mu"));
                return None;
            }
            (Some(v), None) => (format!("{name}_mu"), v),
            (None, Some(v)) => (format!("{name}_ha"), v * MU_PER_HA),
            (None, None) => {
                if required {
                    self.err(o, &format!("{name}_mu"), format!("missing field `{name}_mu`"), format!("give the area in mu as {name}_mu (or in hectares as {name}_ha)"));
                }
                return None;
            }
        };
        if !value.is_finite() || value < 0.0 {
            self.err(o, &field, format!("expected a finite number ≥ 0, found {value}"), "areas cannot be negative; write 0 for none");
            return None;
        }
        Some(value)
    }

    fn share(&mut self, o: &Origin, field: &str, v: f64) -> Option<f64> {
        if !v.is_finite() || !(0.0..=1.0).contains(&v) {
            self.err(o, field, format!("expected a share between 0 and 1, found {v}"), "shares are fractions: write 6% as 0.06");
            return None;
        }
        Some(v)
    }

    fn nonneg(&mut self, o: &Origin, field: &str, v: f64) -> Option<f64> {
        if !v.is_finite() || v < 0.0 {
            self.err(o, field, format!("expected a finite number ≥ 0, found {v}"), "");
            return None;
        }
        Some(v)
    }

    fn id(&mut self, o: &Origin, field: &str, id: &str) {
        if id.is_empty() {
            self.err(o, field, "the id is empty", "every row needs an id");
        } else if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            self.err(o, field, format!("id \"{id}\" has characters other than ASCII letters, digits, '_' and '-'"), "ids name LP rows and columns; put Chinese text in `name` and use e.g. pinyin for the id");
        }
    }
}

/// Looks up ids; reports unknown references with a "did you mean".
struct Index<'a> {
    what: &'static str,
    map: HashMap<&'a str, u32>,
    names: Vec<&'a str>,
}

impl<'a> Index<'a> {
    fn build<T>(v: &mut V, what: &'static str, recs: &'a [Record<T>], id: impl Fn(&T) -> &str) -> Self {
        let mut map = HashMap::new();
        let mut names = Vec::new();
        for (i, r) in recs.iter().enumerate() {
            let key = id(&r.raw);
            v.id(&r.origin, "id", key);
            if map.insert(key, i as u32).is_some() {
                v.err(&r.origin, "id", format!("duplicate {what} id \"{key}\""), format!("each {what} id must be unique"));
            }
            names.push(key);
        }
        Index { what, map, names }
    }

    fn get(&self, v: &mut V, o: &Origin, field: &str, key: &str) -> Option<u32> {
        let found = self.map.get(key).copied();
        if found.is_none() {
            let hint = match closest(key, self.names.iter().copied()) {
                Some(c) => format!("did you mean \"{c}\"?"),
                None if self.names.len() <= 12 => format!("known {}s: {}", self.what, self.names.join(", ")),
                None => format!("declare it among the {}s first", self.what),
            };
            v.err(o, field, format!("unknown {} \"{key}\"", self.what), hint);
        }
        found
    }
}

pub fn validate(raw: &RawScenario) -> Result<Scenario, Diagnostics> {
    let mut v = V { diags: Diagnostics::default() };
    let file = Origin::file(&raw.path);
    for (section, present) in [
        ("scenario", raw.meta.is_some() || raw.sections.iter().any(|(s, _)| s == "scenario")),
        ("categories", !raw.categories.is_empty()),
        ("pools", !raw.pools.is_empty()),
        ("counties", !raw.counties.is_empty()),
        ("projects", !raw.projects.is_empty()),
    ] {
        if !present && !raw.sections.iter().any(|(s, _)| s == section) {
            v.err(&file, section, format!("missing section `{section}`"), "see scenarios/tutorial/scenario.toml for a complete example");
        } else if !present {
            v.err(&raw.section(section), "", format!("section `{section}` has no entries"), "a scenario needs at least one");
        }
    }

    let meta = meta(&mut v, raw);
    let objective = objective(&mut v, raw);

    let cat_ix = Index::build(&mut v, "category", &raw.categories, |c| &c.id);
    let categories: Vec<Category> = raw
        .categories
        .iter()
        .map(|r| Category {
            id: r.raw.id.clone(),
            name: r.raw.name.clone().unwrap_or_else(|| r.raw.id.clone()),
            rural: r.raw.rural.unwrap_or(false),
        })
        .collect();

    let pool_ix = Index::build(&mut v, "pool", &raw.pools, |p| &p.id);
    let mut pools = Vec::new();
    for r in &raw.pools {
        let o = &r.origin;
        let capacity = v.area(o, "capacity", r.raw.capacity_mu, r.raw.capacity_ha, true);
        if r.raw.categories.is_empty() {
            v.err(o, "categories", "a pool must fund at least one category", "list the project categories that may draw on this pool");
        }
        let cats = r.raw.categories.iter().filter_map(|c| cat_ix.get(&mut v, o, "categories", c).map(CategoryId)).collect();
        pools.push(Pool {
            id: r.raw.id.clone(),
            name: r.raw.name.clone().unwrap_or_else(|| r.raw.id.clone()),
            capacity_mu: capacity.unwrap_or(0.0),
            categories: cats,
        });
    }
    for (ci, c) in raw.categories.iter().enumerate() {
        let funded = pools.iter().any(|p| p.categories.contains(&CategoryId(ci as u32)));
        if !funded && !raw.pools.is_empty() {
            let users = raw.projects.iter().filter(|p| p.raw.category == c.raw.id).count();
            v.err(&c.origin, "id", format!("no pool funds category \"{}\" ({users} project(s) use it)", c.raw.id), "add it to the `categories` of a pool, or remove the category and its projects");
        }
    }

    let county_ix = Index::build(&mut v, "county", &raw.counties, |c| &c.id);
    let counties: Vec<County> = raw.counties.iter().map(|r| county(&mut v, r)).collect();

    let mut townships = Vec::new();
    let mut township_ix: HashMap<(u32, &str), u32> = HashMap::new();
    for r in &raw.townships {
        let o = &r.origin;
        v.id(o, "id", &r.raw.id);
        let Some(c) = county_ix.get(&mut v, o, "county", &r.raw.county) else { continue };
        if township_ix.insert((c, r.raw.id.as_str()), townships.len() as u32).is_some() {
            v.err(o, "id", format!("duplicate township \"{}\" in county \"{}\"", r.raw.id, r.raw.county), "township ids must be unique within a county");
        }
        townships.push(Township {
            id: r.raw.id.clone(),
            name: r.raw.name.clone().unwrap_or_else(|| r.raw.id.clone()),
            county: CountyId(c),
            consolidated: r.raw.consolidated.unwrap_or(false),
        });
    }

    let _ = Index::build(&mut v, "project", &raw.projects, |p| &p.id);
    let mut projects = Vec::new();
    for r in &raw.projects {
        let o = &r.origin;
        let p = &r.raw;
        let county = county_ix.get(&mut v, o, "county", &p.county);
        let township = match (&p.township, county) {
            (Some(t), Some(c)) if !t.is_empty() => {
                let found = township_ix.get(&(c, t.as_str())).copied();
                if found.is_none() {
                    v.err(o, "township", format!("unknown township \"{t}\" in county \"{}\"", p.county), "declare it under [[townships]] with this county, or leave the cell empty");
                }
                found.map(TownshipId)
            }
            _ => None,
        };
        let category = cat_ix.get(&mut v, o, "category", &p.category);
        let tier = Tier::parse(&p.tier);
        if tier.is_none() {
            v.err(o, "tier", format!("unknown tier \"{}\"", p.tier), "one of: national, provincial, city, county, block");
        }
        let need = v.area(o, "need", p.need_mu, p.need_ha, true);
        if need == Some(0.0) {
            v.err(o, "need_mu", "need is 0", "a demand line needs a positive area; remove the line if nothing is asked");
        }
        let farmland = v.area(o, "farmland", p.farmland_mu, p.farmland_ha, false).unwrap_or(0.0);
        let forest = v.area(o, "forest", p.forest_mu, p.forest_ha, false).unwrap_or(0.0);
        if let Some(n) = need {
            if farmland + forest > n * (1.0 + 1e-9) {
                v.err(o, "farmland_mu", format!("farmland ({farmland}) plus forest ({forest}) occupied exceed the need ({n} mu)"), "occupied farmland and forest are parts of the project's own area");
            }
        }
        let min_share = p.min_share.map(|s| v.share(o, "min_share", s)).unwrap_or(Some(0.0));
        if let (Some(c), Some(cat), Some(tier), Some(need), Some(min_share)) = (county, category, tier, need, min_share) {
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
            });
        }
    }

    let rules = rules(&mut v, raw, &cat_ix, &pool_ix);

    if !v.diags.is_empty() {
        return Err(v.diags);
    }
    Ok(Scenario {
        meta,
        objective,
        categories,
        pools,
        counties,
        townships,
        projects,
        rules,
    })
}

fn meta(v: &mut V, raw: &RawScenario) -> Meta {
    let Some(r) = &raw.meta else {
        return Meta { name: String::new(), year: None, notes: String::new() };
    };
    let name = r.raw.name.clone().unwrap_or_default();
    if name.trim().is_empty() {
        v.err(&r.origin, "name", "the scenario needs a name", "add name = \"...\" under [scenario]");
    }
    if let Some(y) = r.raw.year {
        if !(1949..=2200).contains(&y) {
            v.err(&r.origin, "year", format!("implausible year {y}"), "the plan year, e.g. 2025");
        }
    }
    Meta { name, year: r.raw.year, notes: r.raw.notes.clone().unwrap_or_default() }
}

fn objective(v: &mut V, raw: &RawScenario) -> Objective {
    let mut obj = Objective {
        mode: ObjectiveMode::Weighted,
        tie_break: TieBreak::ListOrder,
        tier_weights: DEFAULT_TIER_WEIGHTS,
        consolidated_bonus: 0.0,
    };
    let Some(r) = &raw.objective else { return obj };
    let o = &r.origin;
    match r.raw.mode.as_deref() {
        None | Some("weighted") => {}
        Some("lexicographic") => obj.mode = ObjectiveMode::Lexicographic,
        Some(m) => v.err(o, "mode", format!("unknown objective mode \"{m}\""), "one of: weighted, lexicographic"),
    }
    match r.raw.tie_break.as_deref() {
        None | Some("list-order") => {}
        Some("none") => obj.tie_break = TieBreak::None,
        Some(m) => v.err(o, "tie_break", format!("unknown tie_break \"{m}\""), "one of: list-order, none"),
    }
    if let Some(w) = &r.raw.tier_weights {
        for (i, (name, val)) in [("national", w.national), ("provincial", w.provincial), ("city", w.city), ("county", w.county), ("block", w.block)].into_iter().enumerate() {
            if let Some(x) = val {
                if let Some(x) = v.nonneg(o, &format!("tier_weights.{name}"), x) {
                    obj.tier_weights[i] = x;
                }
            }
        }
    }
    if let Some(b) = r.raw.consolidated_bonus {
        obj.consolidated_bonus = v.nonneg(o, "consolidated_bonus", b).unwrap_or(0.0);
    }
    obj
}

fn county(v: &mut V, r: &Record<RawCounty>) -> County {
    let (o, c) = (&r.origin, &r.raw);
    let floor = v.area(o, "floor", c.floor_mu, c.floor_ha, false);
    let cap = v.area(o, "cap", c.cap_mu, c.cap_ha, false);
    if let (Some(f), Some(k)) = (floor, cap) {
        if f > k {
            v.err(o, "floor_mu", format!("floor ({f} mu) is above cap ({k} mu)"), "a county's guaranteed floor cannot exceed its cap");
        }
    }
    County {
        id: c.id.clone(),
        name: c.name.clone().unwrap_or_else(|| c.id.clone()),
        city: c.city.clone().unwrap_or_default(),
        disposed_unsupplied_mu: v.area(o, "disposed_unsupplied", c.disposed_unsupplied_mu, c.disposed_unsupplied_ha, false).unwrap_or(0.0),
        disposed_idle_mu: v.area(o, "disposed_idle", c.disposed_idle_mu, c.disposed_idle_ha, false).unwrap_or(0.0),
        farmland_held_mu: v.area(o, "farmland_held", c.farmland_held_mu, c.farmland_held_ha, false).unwrap_or(0.0),
        forest_held_mu: v.area(o, "forest_held", c.forest_held_mu, c.forest_held_ha, false).unwrap_or(0.0),
        floor_mu: floor,
        cap_mu: cap,
        frozen: c.frozen.unwrap_or(false),
    }
}

fn rules(v: &mut V, raw: &RawScenario, cats: &Index, pools: &Index) -> Rules {
    let mut rules = Rules::default();
    let Some(r) = &raw.rules else { return rules };
    let o = &r.origin;
    let cat_list = |v: &mut V, field: &str, list: &[String]| -> Vec<CategoryId> {
        list.iter().filter_map(|c| cats.get(v, o, field, c).map(CategoryId)).collect()
    };
    if let Some(s) = &r.raw.stock_linkage {
        let f = "stock_linkage";
        let need = |v: &mut V, name: &str, x: Option<f64>| match x {
            Some(x) => v.nonneg(o, &format!("{f}.{name}"), x).unwrap_or(0.0),
            None => {
                v.err(o, f, format!("missing field `{name}`"), "stock linkage needs alpha (per mu of approved-but-unsupplied land disposed) and beta (per mu of idle land disposed)");
                0.0
            }
        };
        let alpha = need(v, "alpha", s.alpha);
        let beta = need(v, "beta", s.beta);
        let base = v.area(o, &format!("{f}.base"), s.base_mu, s.base_ha, false).unwrap_or(0.0);
        if s.pools.is_empty() {
            v.err(o, &format!("{f}.pools"), "stock linkage governs no pool", "list the pools whose draws are limited by stock disposal");
        }
        let ps = s.pools.iter().filter_map(|p| pools.get(v, o, &format!("{f}.pools"), p).map(PoolId)).collect();
        rules.stock_linkage = Some(StockLinkage { alpha, beta, base_mu: base, pools: ps });
    }
    for (name, bal, slot) in [("farmland", &r.raw.farmland, &mut rules.farmland), ("forest", &r.raw.forest, &mut rules.forest)] {
        if let Some(b) = bal {
            let shared = v.area(o, &format!("{name}.shared_pool"), b.shared_pool_mu, b.shared_pool_ha, false).unwrap_or(0.0);
            *slot = Some(Balance { shared_pool_mu: shared });
        }
    }
    if let Some(ob) = &r.raw.outside_boundary {
        let t = ob.max_share_total.and_then(|s| v.share(o, "outside_boundary.max_share_total", s));
        let c = ob.max_share_county.and_then(|s| v.share(o, "outside_boundary.max_share_county", s));
        if ob.max_share_total.is_none() && ob.max_share_county.is_none() {
            v.err(o, "outside_boundary", "no limit given", "set max_share_total and/or max_share_county (e.g. 0.10)");
        }
        rules.outside_boundary = Some(OutsideBoundary { max_share_total: t, max_share_county: c });
    }
    let mut sums = [0.0f64; 2];
    for (i, e) in r.raw.earmarks.iter().enumerate() {
        let f = format!("earmarks[{i}]");
        let cat = cats.get(v, o, &format!("{f}.category"), &e.category).map(CategoryId);
        let share = v.share(o, &format!("{f}.min_share"), e.min_share);
        let basis = match e.basis.as_deref() {
            None | Some("plan") => Some(EarmarkBasis::Plan),
            Some("granted") => Some(EarmarkBasis::Granted),
            Some(b) => {
                v.err(o, &format!("{f}.basis"), format!("unknown basis \"{b}\""), "one of: plan (share of the sum of pool capacities), granted (share of what is granted)");
                None
            }
        };
        if let (Some(cat), Some(share), Some(basis)) = (cat, share, basis) {
            if rules.earmarks.iter().any(|x: &Earmark| x.category == cat && x.basis == basis) {
                v.err(o, &format!("{f}.category"), format!("category \"{}\" is earmarked twice", e.category), "keep one earmark per category");
            }
            sums[(basis == EarmarkBasis::Granted) as usize] += share;
            rules.earmarks.push(Earmark { category: cat, min_share: share, basis });
        }
    }
    for (basis, s) in ["plan", "granted"].iter().zip(sums) {
        if s > 1.0 + 1e-12 {
            v.err(o, "earmarks", format!("earmarks on the {basis} basis sum to {s}, over 1"), "the minimum shares of all earmarked categories cannot exceed the whole");
        }
    }
    if let Some(f) = &r.raw.freeze {
        rules.freeze_exempt = cat_list(v, "freeze.exempt_categories", &f.exempt_categories);
    }
    if let Some(c) = &r.raw.consolidation {
        rules.consolidation_exempt = Some(cat_list(v, "consolidation.exempt_categories", &c.exempt_categories));
    }
    rules
}

/// A problem with the file as a whole, for callers outside this module.
pub fn file_problem(path: &std::path::Path, message: &str, hint: &str) -> Diagnostic {
    Origin::file(path).error("", message, hint)
}

//! Reasons as counterfactuals: for a line short of its need, the edits of the scenario (as
//! `--set` takes them) that relax the rules holding it, each with what the line would get
//! more, measured by solving the edited scenario again through the same pipeline (the fair
//! rule included), so that a reason is a fact about the plan, not a reading of the duals.
//!
//! One re-solve answers for every line at once: the cost is one solve per rule that holds
//! some line (and per set of rules that hold a line only together), not one per line.

use crate::alloc::Allocation;
use crate::commands::analysis::{Holding, owner_name, rule_key};
use crate::i18n::Msg;
use crate::model::{Owner, RuleKind};
use crate::msg;
use crate::report::explain::{STEP_MU, STEP_SHARE, fmt_value, percent};
use crate::report::{StoppedBy, r6};
use crate::scenario::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Gains below this (mu) are solver noise, not a reason.
pub const MIN_GAIN_MU: f64 = 1e-3;
/// At most this many entries per line.
pub const MAX_ENTRIES: usize = 3;
/// `solve` computes the counterfactuals of every short line when (re-solves × projects) is at
/// most this: every shipped city scenario (jinhua-2025: at most 19 binding rules × 160 projects).
/// Above it (a province: zhejiang-2024, 44 binding rules × 2,533 projects) they are computed
/// only for the lines `explain` shows.
pub const BUDGET: usize = 12_000;

/// For which lines to compute them.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every short line, when affordable (see [`BUDGET`]); none otherwise.
    Affordable,
    /// These lines (those `explain` shows), whatever the size.
    Lines(&'a [ProjectId]),
}

/// One relaxation of one rule, as an officer would make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Pool(PoolId),
    Farmland(CountyId),
    FarmlandShared,
    Forest(CountyId),
    ForestShared,
    /// The stock-linkage ceiling, through the approved-but-unsupplied land disposed of (α).
    Unsupplied(CountyId),
    /// The same through idle land (β), when α is 0.
    Idle(CountyId),
    OutsideTotal,
    OutsideCounty,
    Earmark(CategoryId),
    Cap(CountyId),
    Floor(CountyId),
}

/// The relaxation of a rule row, when the scenario has a number an officer can change for it.
/// (Rows of later years, carry-over, trading and deductions have none here: their lines keep
/// the reason in words.)
fn step_of(sc: &Scenario, rule: RuleKind, owner: Owner) -> Option<Step> {
    let county = match owner {
        Owner::County(c) => Some(c),
        _ => None,
    };
    let ob = sc.rules.outside_boundary.as_ref();
    Some(match (rule, owner) {
        (RuleKind::PoolCapacity, Owner::Pool(k)) if !sc.pool(k).county_held => Step::Pool(k),
        (RuleKind::FarmlandBalance, _) => Step::Farmland(county?),
        (RuleKind::ForestBalance, _) => Step::Forest(county?),
        (RuleKind::FarmlandShared, _) if sc.rules.farmland.is_some() => Step::FarmlandShared,
        (RuleKind::ForestShared, _) if sc.rules.forest.is_some() => Step::ForestShared,
        (RuleKind::StockLinkage, _) => {
            let sl = sc.rules.stock_linkage.as_ref()?;
            if sl.alpha > 0.0 {
                Step::Unsupplied(county?)
            } else if sl.beta > 0.0 {
                Step::Idle(county?)
            } else {
                return None;
            }
        }
        (RuleKind::OutsideBoundaryTotal, _) if ob?.max_share_total.is_some() => Step::OutsideTotal,
        (RuleKind::OutsideBoundaryCounty, _) if ob?.max_share_county.is_some() => {
            Step::OutsideCounty
        }
        (RuleKind::Earmark, Owner::Category(cat))
            if sc
                .rules
                .earmarks
                .iter()
                .any(|e| e.category == cat && e.min_share > 0.0) =>
        {
            Step::Earmark(cat)
        }
        (RuleKind::CountyCap, _) if sc.county(county?).cap_mu.is_some() => Step::Cap(county?),
        (RuleKind::CountyFloor, _) if sc.county(county?).floor_mu.is_some_and(|f| f > 0.0) => {
            Step::Floor(county?)
        }
        _ => return None,
    })
}

impl Step {
    /// How much the edit lowers a number that must stay ≥ 0 (an earmark's share, a floor).
    fn lowered(sc: &Scenario, s: Step) -> f64 {
        match s {
            Step::Earmark(cat) => sc
                .rules
                .earmarks
                .iter()
                .find(|e| e.category == cat)
                .map_or(0.0, |e| e.min_share.min(STEP_SHARE)),
            Step::Floor(c) => sc.county(c).floor_mu.unwrap_or(0.0).min(STEP_MU),
            _ => 0.0,
        }
    }

    /// The number the edit changes: where it is in the scenario, its `--set` path, and the
    /// change (`+d` or `−d`).
    fn target(self, sc: &mut Scenario) -> Option<(&mut f64, String, f64)> {
        let down = Step::lowered(sc, self);
        let county = |sc: &Scenario, c: CountyId| sc.county(c).id.clone();
        Some(match self {
            Step::Pool(k) => {
                let path = format!("pools.{}.capacity_mu", sc.pool(k).id);
                (&mut sc.pools[k.idx()].capacity_mu, path, STEP_MU)
            }
            Step::Farmland(c) => {
                let path = format!("counties.{}.farmland_held_mu", county(sc, c));
                (&mut sc.counties[c.idx()].farmland_held_mu, path, STEP_MU)
            }
            Step::Forest(c) => {
                let path = format!("counties.{}.forest_held_mu", county(sc, c));
                (&mut sc.counties[c.idx()].forest_held_mu, path, STEP_MU)
            }
            Step::FarmlandShared => (
                &mut sc.rules.farmland.as_mut()?.shared_pool_mu,
                "rules.farmland.shared_pool_mu".into(),
                STEP_MU,
            ),
            Step::ForestShared => (
                &mut sc.rules.forest.as_mut()?.shared_pool_mu,
                "rules.forest.shared_pool_mu".into(),
                STEP_MU,
            ),
            Step::Unsupplied(c) => {
                let path = format!("counties.{}.disposed_unsupplied_mu", county(sc, c));
                (
                    &mut sc.counties[c.idx()].disposed_unsupplied_mu,
                    path,
                    STEP_MU,
                )
            }
            Step::Idle(c) => {
                let path = format!("counties.{}.disposed_idle_mu", county(sc, c));
                (&mut sc.counties[c.idx()].disposed_idle_mu, path, STEP_MU)
            }
            Step::OutsideTotal => (
                sc.rules
                    .outside_boundary
                    .as_mut()?
                    .max_share_total
                    .as_mut()?,
                "rules.outside_boundary.max_share_total".into(),
                STEP_SHARE,
            ),
            Step::OutsideCounty => (
                sc.rules
                    .outside_boundary
                    .as_mut()?
                    .max_share_county
                    .as_mut()?,
                "rules.outside_boundary.max_share_county".into(),
                STEP_SHARE,
            ),
            Step::Earmark(cat) => {
                let path = format!("rules.earmarks.{}.min_share", sc.category(cat).id);
                let e = sc.rules.earmarks.iter_mut().find(|e| e.category == cat)?;
                (&mut e.min_share, path, -down)
            }
            Step::Cap(c) => {
                let path = format!("counties.{}.cap_mu", county(sc, c));
                (sc.counties[c.idx()].cap_mu.as_mut()?, path, STEP_MU)
            }
            Step::Floor(c) => {
                let path = format!("counties.{}.floor_mu", county(sc, c));
                (sc.counties[c.idx()].floor_mu.as_mut()?, path, -down)
            }
        })
    }

    /// Applies the edit to the validated scenario and returns it as `--set` takes it, with
    /// the new value (not a relative change: the field may be absent from the file, or given
    /// in hectares). The value is rounded to 10⁻⁹ so that it prints as it reads (0.11, not
    /// 0.11000000000000001) and the file edited with it is exactly this scenario.
    fn apply(self, sc: &mut Scenario) -> String {
        match self.target(sc) {
            Some((x, path, d)) => {
                *x = ((*x + d) * 1e9).round() / 1e9;
                format!("{path}={}", *x)
            }
            None => String::new(),
        }
    }

    /// The edit in words ("100 mu more compensation quota in 嘉善县").
    fn words(self, sc: &Scenario) -> Msg {
        let amount = fmt_value(STEP_MU);
        let points = fmt_value(100.0 * STEP_SHARE);
        let county = |c: CountyId| owner_name(sc, Owner::County(c));
        let ob = sc.rules.outside_boundary.as_ref();
        match self {
            Step::Pool(k) => msg!(
                "cf-edit-pool",
                amount = amount,
                name = owner_name(sc, Owner::Pool(k))
            ),
            Step::Farmland(c) => msg!("cf-edit-farmland", amount = amount, name = county(c)),
            Step::Forest(c) => msg!("cf-edit-forest", amount = amount, name = county(c)),
            Step::FarmlandShared => msg!("cf-edit-farmland-shared", amount = amount),
            Step::ForestShared => msg!("cf-edit-forest-shared", amount = amount),
            Step::Unsupplied(c) | Step::Idle(c) => {
                let sl = sc.rules.stock_linkage.as_ref();
                let (id, factor) = match self {
                    Step::Unsupplied(_) => ("cf-edit-unsupplied", sl.map_or(0.0, |s| s.alpha)),
                    _ => ("cf-edit-idle", sl.map_or(0.0, |s| s.beta)),
                };
                msg!(id)
                    .with("name", county(c))
                    .with("amount", amount)
                    .with("ceiling", fmt_value(factor * STEP_MU))
            }
            Step::OutsideTotal => msg!(
                "cf-edit-outside-total",
                points = points,
                share = percent(ob.and_then(|o| o.max_share_total).unwrap_or(0.0) + STEP_SHARE)
            ),
            Step::OutsideCounty => msg!(
                "cf-edit-outside-county",
                points = points,
                share = percent(ob.and_then(|o| o.max_share_county).unwrap_or(0.0) + STEP_SHARE)
            ),
            Step::Earmark(cat) => {
                let e = sc.rules.earmarks.iter().find(|e| e.category == cat);
                let down = Step::lowered(sc, self);
                msg!(
                    "cf-edit-earmark",
                    name = owner_name(sc, Owner::Category(cat)),
                    points = fmt_value(100.0 * down),
                    share = percent(e.map_or(0.0, |e| e.min_share) - down)
                )
            }
            Step::Cap(c) => msg!("cf-edit-cap", name = county(c), amount = amount),
            Step::Floor(c) => msg!(
                "cf-edit-floor",
                name = county(c),
                amount = fmt_value(Step::lowered(sc, self))
            ),
        }
    }
}

/// A set of rules relaxed together, and what that does to every line.
struct Lever {
    rules: Vec<(RuleKind, Owner)>,
    steps: Vec<Step>,
    states: Vec<Msg>,
    /// The edits as `--set` takes them.
    sets: Vec<String>,
    /// Grants of the re-solved plan (`None`: it could not be solved).
    grants: Option<Vec<f64>>,
}

/// The plan re-solved with the edits: the grant of every project (`None` when the pipeline
/// gives no plan, or not the fair one).
pub type Resolve<'a> = dyn Fn(&Scenario) -> Option<Allocation> + Sync + 'a;

fn solve_levers(sc: &Scenario, levers: &mut [Lever], resolve: &Resolve) {
    let solved: Vec<(Vec<String>, Option<Vec<f64>>)> = levers
        .par_iter()
        .map(|l| {
            let mut s = sc.clone();
            let sets = l.steps.iter().map(|st| st.apply(&mut s)).collect();
            let grants = resolve(&s).map(|a| s.project_ids().map(|p| a.granted(p)).collect());
            (sets, grants)
        })
        .collect();
    for (l, (sets, grants)) in levers.iter_mut().zip(solved) {
        l.sets = sets;
        l.grants = grants;
    }
}

/// The rows holding a line that have an edit, of the plan year only.
fn own_steps(sc: &Scenario, held: &[Holding]) -> Vec<(Step, Holding)> {
    let mut out: Vec<(Step, Holding)> = Vec::new();
    for h in held.iter().filter(|h| h.year.unwrap_or(0) == 0) {
        if let Some(s) = step_of(sc, h.rule, h.owner)
            && !out.iter().any(|(t, _)| *t == s)
        {
            out.push((s, h.clone()));
        }
    }
    out
}

/// What [`stopped_by`] re-solves for: the lines to explain, each with the rules of its own
/// that have an edit, the rules elsewhere that hold every line (earmarks, floors), and every
/// such rule once.
struct Targets {
    elsewhere_steps: Vec<(Step, Holding)>,
    singles: BTreeMap<Step, Holding>,
    own: BTreeMap<ProjectId, Vec<(Step, Holding)>>,
}

/// [`Targets`] of the lines in `scope`; `None` when nothing is to be re-solved (no short line
/// in scope, or [`Scope::Affordable`] above [`BUDGET`]).
fn targets(
    sc: &Scenario,
    base: &Allocation,
    holdings: &[Vec<Holding>],
    elsewhere: &[Holding],
    scope: Scope,
) -> Option<Targets> {
    let short =
        |p: ProjectId| r6(base.granted(p)) < r6(sc.project(p).need_mu) && sc.blocked(p).is_none();
    let lines: Vec<ProjectId> = match scope {
        Scope::Affordable => sc.project_ids().filter(|&p| short(p)).collect(),
        Scope::Lines(ls) => ls.iter().copied().filter(|&p| short(p)).collect(),
    };
    if lines.is_empty() {
        return None;
    }
    let elsewhere_steps = own_steps(sc, elsewhere);
    // Every rule that holds one of the lines, relaxed alone.
    let mut singles: BTreeMap<Step, Holding> = BTreeMap::new();
    let mut own: BTreeMap<ProjectId, Vec<(Step, Holding)>> = BTreeMap::new();
    for &p in &lines {
        let mine = own_steps(sc, &holdings[p.idx()]);
        for (s, h) in mine.iter().chain(&elsewhere_steps) {
            singles.entry(*s).or_insert_with(|| h.clone());
        }
        own.insert(p, mine);
    }
    if matches!(scope, Scope::Affordable) && singles.len() * sc.projects.len() > BUDGET {
        return None;
    }
    Some(Targets {
        elsewhere_steps,
        singles,
        own,
    })
}

/// The lines [`stopped_by`] would explain by re-solving (in id order; empty: it would answer
/// `None` for every line without solving anything). `serve` answers a plan first and its
/// counterfactuals after when this is not empty.
pub fn lines_to_resolve(
    sc: &Scenario,
    base: &Allocation,
    holdings: &[Vec<Holding>],
    elsewhere: &[Holding],
    scope: Scope,
) -> Vec<ProjectId> {
    targets(sc, base, holdings, elsewhere, scope)
        .map(|t| t.own.into_keys().collect())
        .unwrap_or_default()
}

/// The counterfactuals of the lines in `scope` (`None` for the others, and for all when the
/// scope is [`Scope::Affordable`] and they are not): `holdings` and `elsewhere` as
/// `analysis` finds them, `base` the plan explained, `resolve` the pipeline.
pub fn stopped_by(
    sc: &Scenario,
    base: &Allocation,
    holdings: &[Vec<Holding>],
    elsewhere: &[Holding],
    scope: Scope,
    resolve: &Resolve,
) -> Vec<Option<Vec<StoppedBy>>> {
    let mut out: Vec<Option<Vec<StoppedBy>>> = vec![None; sc.projects.len()];
    let Some(Targets {
        elsewhere_steps,
        singles,
        own,
    }) = targets(sc, base, holdings, elsewhere, scope)
    else {
        return out;
    };
    let mut levers: Vec<Lever> = singles
        .iter()
        .map(|(&s, h)| Lever {
            rules: vec![(h.rule, h.owner)],
            steps: vec![s],
            states: vec![h.state.clone()],
            sets: Vec::new(),
            grants: None,
        })
        .collect();
    solve_levers(sc, &mut levers, resolve);
    let gain = |l: &Lever, p: ProjectId| {
        l.grants
            .as_ref()
            .map_or(0.0, |g| g[p.idx()] - base.granted(p))
    };
    // Rules that hold a line only together: relaxing any one alone gives it nothing.
    let mut joints: BTreeSet<Vec<Step>> = BTreeSet::new();
    let mut needs_joint: BTreeSet<ProjectId> = BTreeSet::new();
    for (&p, mine) in &own {
        let alone = levers
            .iter()
            .filter(|l| mine.iter().any(|(s, _)| l.steps == [*s]))
            .any(|l| gain(l, p) >= MIN_GAIN_MU);
        if !alone && mine.len() >= 2 {
            joints.insert(mine.iter().map(|(s, _)| *s).collect());
            needs_joint.insert(p);
        }
    }
    let mut joint_levers: Vec<Lever> = joints
        .into_iter()
        .map(|steps| {
            let held: Vec<&Holding> = steps.iter().map(|s| &singles[s]).collect();
            Lever {
                rules: held.iter().map(|h| (h.rule, h.owner)).collect(),
                states: held.iter().map(|h| h.state.clone()).collect(),
                steps,
                sets: Vec::new(),
                grants: None,
            }
        })
        .collect();
    solve_levers(sc, &mut joint_levers, resolve);
    levers.extend(joint_levers);

    for (&p, mine) in &own {
        let county = sc.project(p).county;
        let mut found: Vec<(bool, f64, String, &Lever)> = levers
            .iter()
            .filter(|l| match l.steps.as_slice() {
                // A single of this line's own rules or of the rules elsewhere; the joint of
                // its own rules only when none of them alone gives it anything.
                [s] => mine.iter().chain(&elsewhere_steps).any(|(t, _)| t == s),
                steps => {
                    needs_joint.contains(&p)
                        && steps.len() == mine.len()
                        && steps.iter().all(|s| mine.iter().any(|(t, _)| t == s))
                }
            })
            .map(|l| {
                let key: Vec<String> = l.rules.iter().map(|&(r, o)| rule_key(sc, r, o)).collect();
                let own_county = l.rules.iter().any(|&(_, o)| o == Owner::County(county));
                (own_county, gain(l, p), key.join(","), l)
            })
            .filter(|f| f.1 >= MIN_GAIN_MU)
            .collect();
        // A rule of the line's own county first, then by gain (compared as printed), then
        // by rule id: the order does not depend on the solver's noise or the row order.
        found.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(r6(b.1).total_cmp(&r6(a.1)))
                .then(a.2.cmp(&b.2))
        });
        found.truncate(MAX_ENTRIES);
        let entries: Vec<StoppedBy> = found
            .into_iter()
            .map(|(_, g, _, l)| {
                let is_own = |s: &Step| mine.iter().any(|(t, _)| t == s);
                let states: Vec<Msg> = l
                    .states
                    .iter()
                    .zip(&l.steps)
                    .map(|(m, s)| {
                        if is_own(s) {
                            m.clone()
                        } else {
                            msg!("cf-elsewhere", state = m.clone())
                        }
                    })
                    .collect();
                let edits = l
                    .steps
                    .iter()
                    .map(|s| s.words(sc))
                    .reduce(|a, b| msg!("cf-and", a = a, b = b))
                    .unwrap_or_default();
                let gain_text = fmt_value((g * 100.0).round() / 100.0);
                let state = match states.len() {
                    1 => states.into_iter().next().unwrap_or_default(),
                    _ => Msg::List(states),
                };
                let text = if l.steps.len() > 1 {
                    msg!("cf-entry-joint", state = state.clone())
                } else {
                    msg!("cf-entry", state = state.clone())
                };
                StoppedBy {
                    rules: l.rules.iter().map(|&(r, o)| rule_key(sc, r, o)).collect(),
                    set: l.sets.clone(),
                    gain_mu: g,
                    text: text.with("edit", edits.clone()).with("gain", gain_text),
                    state,
                    edit: edits,
                }
            })
            .collect();
        // No edit was tried for a line none of whose rules has one (a later year's pool, a
        // market): not computed, rather than "nothing would help".
        if !(mine.is_empty() && entries.is_empty()) {
            out[p.idx()] = Some(entries);
        }
    }
    out
}

//! The output contract: the result of a run as serialisable types (the JSON of `solve --format
//! json`), its rounding, the one status type and the exit-code table. The views are in
//! `render`.

pub mod diff;
pub mod exit;
pub mod explain;
pub mod years;

use crate::alloc::Allocation;
use crate::check::Check;
/// A plan is reported only if every rule holds within this many mu (the checker's tolerance).
pub use crate::check::TOL_MU;
use crate::i18n::Msg;
use crate::msg;
use crate::rules::RuleId;
use crate::scenario::*;
use serde::{Deserialize, Serialize, Serializer};

/// A rule's name for people, from the rule vocabulary ([`RuleId::name`]); an id no rule has
/// (a hand-edited saved result) is shown as it is.
pub fn rule_name(rule: &str) -> Msg {
    RuleId::from_id(rule).map_or_else(|| Msg::Lit(rule.to_string()), RuleId::name)
}

/// A tier's name for people (国家级, 省级, ... in Chinese; the id in English).
pub fn tier_name(t: Tier) -> Msg {
    match t {
        Tier::National => msg!("table-tier-national"),
        Tier::Provincial => msg!("table-tier-provincial"),
        Tier::City => msg!("table-tier-city"),
        Tier::County => msg!("table-tier-county"),
        Tier::Block => msg!("table-tier-block"),
    }
}

/// A project's grant status for people.
pub fn grant_name(g: Grant) -> Msg {
    match g {
        Grant::Full => msg!("table-grant-full"),
        Grant::Partial => msg!("table-grant-partial"),
        Grant::None => msg!("table-grant-none"),
    }
}

/// A run's status for people.
pub fn status_name(s: Status) -> Msg {
    match s {
        Status::Optimal => msg!("status-optimal"),
        Status::Infeasible => msg!("status-infeasible"),
        Status::Unbounded => msg!("status-unbounded"),
        Status::CheckFailed => msg!("status-check_failed"),
        Status::NotProvenOptimal => msg!("status-not_proven_optimal"),
        Status::SolverError => msg!("status-solver_error"),
        Status::TimeLimit => msg!("status-time_limit"),
    }
}

/// Rounds to a micro-mu so that solver noise never reaches a report and outputs are stable.
pub fn r6(v: f64) -> f64 {
    // From 10¹⁵ on a double holds no digit at 10⁻⁶ anyway, and near 1.8·10³⁰² the product
    // below would overflow to infinity (a sweep's value of 10³⁰⁸ became "inf").
    if !v.is_finite() || v.abs() >= 1e15 {
        return v;
    }
    let r = (v * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
}

fn ser_r6<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(r6(*v))
}

fn ser_opt_r6<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(&r6(*v)),
        None => s.serialize_none(),
    }
}

/// mu per pool id, serialised as a JSON object in pool declaration order.
#[derive(Debug, Clone, Default)]
pub struct ByPool(pub Vec<(String, f64)>);

impl Serialize for ByPool {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, r6(*v))))
    }
}

/// Deserialize: a sweep's journal reads its variants' statuses back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Optimal,
    Infeasible,
    Unbounded,
    /// The solver answered but the independent checker found a broken rule: no plan is given.
    CheckFailed,
    /// A plan that meets every rule, but whose duality gap is above the tolerance.
    NotProvenOptimal,
    SolverError,
    /// `--time-limit` reached before any plan meeting every rule was found. (A plan found in
    /// time is reported as `NotProvenOptimal` with its gap.)
    TimeLimit,
}

impl Status {
    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Infeasible => "infeasible",
            Status::Unbounded => "unbounded",
            Status::CheckFailed => "check_failed",
            Status::NotProvenOptimal => "not_proven_optimal",
            Status::SolverError => "solver_error",
            Status::TimeLimit => "time_limit",
        }
    }

    /// The status a JSON or CSV word names, by the same serde names as the JSON (`None`: a
    /// word no status has, as in a hand-edited saved result).
    pub fn from_name(word: &str) -> Option<Status> {
        use serde::de::IntoDeserializer;
        Status::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(word))
            .ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grant {
    Full,
    Partial,
    None,
}

impl Grant {
    /// The status of its JSON word, if it is one.
    pub fn from_name(s: &str) -> Option<Grant> {
        [Grant::Full, Grant::Partial, Grant::None]
            .into_iter()
            .find(|g| g.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Grant::Full => "full",
            Grant::Partial => "partial",
            Grant::None => "none",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PoolRow {
    pub id: String,
    pub name: String,
    #[serde(serialize_with = "ser_r6")]
    pub capacity_mu: f64,
    #[serde(serialize_with = "ser_r6")]
    pub used_mu: f64,
    /// Objective gained per extra mu of capacity, when the same for more and for less.
    #[serde(serialize_with = "ser_opt_r6")]
    pub marginal_value: Option<f64>,
    #[serde(serialize_with = "ser_opt_r6")]
    pub marginal_value_more: Option<f64>,
    #[serde(serialize_with = "ser_opt_r6")]
    pub marginal_value_less: Option<f64>,
}

/// A grant in the previous plan: the mu, or `null` when the county or project was not in it
/// (listed, never guessed).
#[derive(Debug, Clone, Copy)]
pub struct Previous(pub Option<f64>);

impl Serialize for Previous {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ser_opt_r6(&self.0, s)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CountyRow {
    pub id: String,
    pub name: String,
    pub city: String,
    #[serde(serialize_with = "ser_r6")]
    pub granted_mu: f64,
    pub by_pool: ByPool,
    #[serde(serialize_with = "ser_r6")]
    pub farmland_used_mu: f64,
    #[serde(serialize_with = "ser_r6")]
    pub farmland_held_mu: f64,
    #[serde(serialize_with = "ser_r6")]
    pub forest_used_mu: f64,
    #[serde(serialize_with = "ser_r6")]
    pub forest_held_mu: f64,
    #[serde(serialize_with = "ser_opt_r6")]
    pub floor_mu: Option<f64>,
    #[serde(serialize_with = "ser_opt_r6")]
    pub cap_mu: Option<f64>,
    pub frozen: bool,
    /// Equal-area deduction (等量扣减) in the plan year, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_opt_r6")]
    pub deduction_mu: Option<f64>,
    /// Multi-year plans: mu granted in each year, by pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_year_pool: Option<years::YearPools>,
    /// The previous plan's grant (`solve --previous FILE`); `null` when the county is not in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_mu: Option<Previous>,
    /// Trading: what the county bought, sold, paid and received.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub trading: Option<years::CountyTrading>,
    /// The county's rules that bind at the optimum, with their marginal values.
    pub binding: Vec<explain::RuleValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    pub id: String,
    pub name: String,
    pub county: String,
    pub category: String,
    /// The township's name (乡镇), when the project is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub township: Option<String>,
    pub tier: Tier,
    #[serde(serialize_with = "ser_r6")]
    pub need_mu: f64,
    #[serde(serialize_with = "ser_r6")]
    pub granted_mu: f64,
    pub by_pool: ByPool,
    /// The previous plan's grant (`solve --previous FILE`); `null` when the project is not in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_mu: Option<Previous>,
    /// Multi-year plans: mu granted in each year of the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_year: Option<years::ByYear>,
    pub status: Grant,
    /// Set when a rule keeps the project at zero before any optimisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Blocked>,
    /// Why the project is not fully granted (`null` when it is); English in JSON.
    pub reason: Option<Msg>,
    /// The rules named in the reason, as `rule.id`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub binding_rules: Vec<String>,
    /// `tie_break = "fair"`: set when the grant was settled by sharing a rule that links
    /// counties (a pool, ...) pro-rata with other lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sharing: Option<Sharing>,
    /// What would change the grant: edits of the scenario that relax the rules holding it,
    /// each with the mu the line gains when re-solved (`null`/absent: not computed; see the
    /// README, "Reasons").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<Vec<StoppedBy>>,
    /// The officer's remarks (备注 in the project table), as written; absent when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One counterfactual reason: apply the `--set` edits `set` (which relax exactly the rules
/// `rules`) and the line gets `gain_mu` more, measured by re-solving the whole pipeline.
#[derive(Debug, Clone, Serialize)]
pub struct StoppedBy {
    /// The rules relaxed, as `rule.id` (as in `binding_rules`).
    pub rules: Vec<String>,
    /// The edits, as `--set` takes them.
    pub set: Vec<String>,
    #[serde(serialize_with = "ser_r6")]
    pub gain_mu: f64,
    /// The same in words, with names (English in JSON).
    pub text: Msg,
    /// Its two halves, for views that say it of a county: the rules' state ("the farmland
    /// balance of 嘉善县 is used up") and the edits ("100 mu more compensation quota in 嘉善县").
    #[serde(skip)]
    pub state: Msg,
    #[serde(skip)]
    pub edit: Msg,
}

/// An id and its name for people.
#[derive(Debug, Clone, Serialize)]
pub struct NameRow {
    pub id: String,
    pub name: String,
}

/// A line's grant settled by sharing (see `model::fair`).
#[derive(Debug, Clone, Serialize)]
pub struct Sharing {
    /// The fulfilment ratio (granted / need) every line of the group got.
    #[serde(serialize_with = "ser_r6")]
    pub ratio: f64,
    /// Lines of the group, this one included.
    pub lines: usize,
    /// The rules they compete for, as `rule.id`.
    pub competing_for: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierStats {
    pub tier: Tier,
    pub projects: usize,
    #[serde(serialize_with = "ser_r6")]
    pub need_mu: f64,
    #[serde(serialize_with = "ser_r6")]
    pub granted_mu: f64,
    pub full: usize,
    pub partial: usize,
    pub none: usize,
}

/// One county's or project's grant in the optimum and in the pro-rata split.
#[derive(Debug, Clone, Serialize)]
pub struct BaselineRow {
    pub id: String,
    /// `null` when there is no optimum to compare with (an infeasible scenario).
    #[serde(serialize_with = "ser_opt_r6")]
    pub optimum_mu: Option<f64>,
    #[serde(serialize_with = "ser_r6")]
    pub pro_rata_mu: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Baseline {
    pub method: &'static str,
    /// Σ tier weight × mu granted by the pro-rata plan: comparable with `weighted_mu`.
    #[serde(serialize_with = "ser_r6")]
    pub weighted_mu: f64,
    #[serde(serialize_with = "ser_r6")]
    pub granted_mu: f64,
    pub by_tier: Vec<TierStats>,
    /// The rules the pro-rata plan breaks, by how much.
    pub broken: Vec<Check>,
    pub checks: Vec<Check>,
    /// Per county and per project (scenario order): the optimum beside the pro-rata figure.
    pub counties: Vec<BaselineRow>,
    pub projects: Vec<BaselineRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageRow {
    pub tier: Tier,
    #[serde(serialize_with = "ser_r6")]
    pub optimum_mu: f64,
}

/// The optimality certificate of the plan: the solver's, field for field (converted in
/// `commands::solve`), so that the contract does not serialise a solver type.
#[derive(Debug, Clone, Serialize)]
pub struct Certificate {
    pub primal_objective: f64,
    pub dual_objective: f64,
    /// |primal − dual| / max(1, |primal|).
    pub relative_gap: f64,
    /// Largest violation of any LP row or bound by the point, in row units.
    pub max_primal_violation: f64,
    /// Largest violation of any dual constraint or sign by the dual solution.
    pub max_dual_violation: f64,
    pub gap_tolerance: f64,
    pub optimal: bool,
    /// What the certificate covers (for MIPs: the LP with integer columns fixed).
    pub scope: String,
    /// A MIP answered by the decomposition: its proven upper bound on the integer optimum, and
    /// the plan's distance to it relative to the plan's objective.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integer_bound: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integer_gap: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scenario: String,
    pub year: Option<i64>,
    /// A what-if: the `--set` edits the run was made with, exactly as given
    /// (`"pools.urban_other.capacity=*0.8"`). Absent for the scenario as filed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
    pub status: Status,
    pub backend: String,
    /// Optimum of the exported LP (tie-break included): what another solver's optimum equals.
    #[serde(serialize_with = "ser_opt_r6")]
    pub objective: Option<f64>,
    /// Σ tier weight × mu granted, without the tie-break perturbation.
    #[serde(serialize_with = "ser_opt_r6")]
    pub weighted_mu: Option<f64>,
    #[serde(serialize_with = "ser_r6")]
    pub plan_mu: f64,
    #[serde(serialize_with = "ser_r6")]
    pub granted_mu: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Msg>,
    /// Multi-year plans: the years and their discount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon: Option<years::HorizonRow>,
    pub pools: Vec<PoolRow>,
    /// Multi-year plans: each year's plan, grants, and pools with carry-over.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<years::YearRow>,
    pub counties: Vec<CountyRow>,
    pub projects: Vec<ProjectRow>,
    /// The project categories: id and name (for people: the documents show names).
    pub categories: Vec<NameRow>,
    /// Scenarios with trading: every trade between counties.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trades: Option<Vec<years::TradeRow>>,
    /// Scenarios with trading: each market and its floor price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markets: Option<Vec<years::MarketRow>>,
    pub checks: Vec<Check>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<StageRow>,
    pub by_tier: Vec<TierStats>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<Certificate>,
    pub marginal_value_unit: &'static str,
    /// Every rule row (pools, county balances, caps, floors, earmarks, outside-boundary caps).
    pub marginal_values: Vec<explain::RuleValue>,
    /// Infeasible scenarios: the rules that conflict and by how much each would have to give.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<explain::ConflictRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
}

impl Report {
    /// Drops the plan (no plan is reported when the run has none or it failed the checks).
    pub fn clear_plan(&mut self) {
        self.objective = None;
        self.weighted_mu = None;
        self.granted_mu = 0.0;
        self.pools.clear();
        self.years.clear();
        self.counties.clear();
        self.projects.clear();
        self.trades = None;
        self.markets = None;
        self.by_tier.clear();
    }

    /// The report of any allocation (the optimum, or a baseline), with its rule checks.
    pub fn plan(sc: &Scenario, backend: &str, a: &Allocation, checks: Vec<Check>) -> Report {
        let pools = sc
            .pool_ids()
            .map(|k| PoolRow {
                id: sc.pool(k).id.clone(),
                name: sc.pool(k).name.clone(),
                // Over the horizon in a multi-year plan.
                capacity_mu: sc.pool(k).capacity_over(sc.n_years()),
                used_mu: a.pool_used(k),
                marginal_value: None,
                marginal_value_more: None,
                marginal_value_less: None,
            })
            .collect();
        let by_county = sc.projects_by_county();
        let counties = sc
            .county_ids()
            .map(|c| {
                let cty = sc.county(c);
                let ps = &by_county[c.idx()];
                let by_pool = sc
                    .pool_ids()
                    .map(|k| {
                        (
                            sc.pool(k).id.clone(),
                            ps.iter().map(|&p| a.from_pool(p, k)).sum::<f64>(),
                        )
                    })
                    .filter(|(_, v)| r6(*v) != 0.0)
                    .collect();
                let occ = |f: fn(&Project) -> f64| {
                    ps.iter()
                        .map(|&p| f(sc.project(p)) * a.granted(p) / sc.project(p).need_mu)
                        .sum::<f64>()
                };
                CountyRow {
                    id: cty.id.clone(),
                    name: cty.name.clone(),
                    city: cty.city.clone(),
                    granted_mu: ps.iter().map(|&p| a.granted(p)).sum(),
                    by_pool: ByPool(by_pool),
                    farmland_used_mu: occ(|p| p.farmland_mu),
                    // Held over the horizon: what is banked in every year.
                    farmland_held_mu: cty.banked_upto(sc.n_years() - 1, |y| y.farmland_added_mu),
                    forest_used_mu: occ(|p| p.forest_mu),
                    forest_held_mu: cty.banked_upto(sc.n_years() - 1, |y| y.forest_added_mu),
                    floor_mu: cty.floor_mu,
                    cap_mu: cty.cap_mu,
                    frozen: cty.frozen,
                    deduction_mu: (cty.deduction_mu > 0.0).then_some(cty.deduction_mu),
                    by_year_pool: years::county_year_pools(sc, a, c),
                    previous_mu: None,
                    trading: years::county_trading(sc, a, c),
                    binding: Vec::new(),
                }
            })
            .collect();
        let projects = sc
            .project_ids()
            .map(|p| {
                let proj = sc.project(p);
                let g = a.granted(p);
                let status = if r6(g) <= 0.0 {
                    Grant::None
                } else if r6(g) >= r6(proj.need_mu) {
                    Grant::Full
                } else {
                    Grant::Partial
                };
                ProjectRow {
                    id: proj.id.clone(),
                    name: proj.name.clone(),
                    county: sc.county(proj.county).id.clone(),
                    category: sc.category(proj.category).id.clone(),
                    township: proj.township.map(|t| sc.townships[t.idx()].name.clone()),
                    tier: proj.tier,
                    need_mu: proj.need_mu,
                    granted_mu: g,
                    by_pool: ByPool(
                        a.grants[p.idx()]
                            .iter()
                            .map(|&(k, v)| (sc.pool(k).id.clone(), v))
                            .filter(|(_, v)| r6(*v) != 0.0)
                            .collect(),
                    ),
                    by_year: years::by_year(sc, a, p),
                    previous_mu: None,
                    status,
                    blocked: sc.blocked(p),
                    reason: None,
                    binding_rules: Vec::new(),
                    sharing: None,
                    stopped_by: None,
                    notes: proj.notes.clone(),
                }
            })
            .collect();
        Report {
            scenario: sc.meta.name.clone(),
            year: sc.meta.year,
            overrides: Vec::new(),
            status: Status::Optimal,
            backend: backend.to_string(),
            objective: None,
            weighted_mu: Some(a.weighted_mu(sc)),
            plan_mu: sc.plan_total_mu(),
            granted_mu: a.total(),
            message: None,
            horizon: years::horizon(sc),
            pools,
            years: years::years(sc, a),
            counties,
            projects,
            categories: sc
                .categories
                .iter()
                .map(|c| NameRow {
                    id: c.id.clone(),
                    name: c.name.clone(),
                })
                .collect(),
            trades: years::trades(sc, a),
            markets: years::markets(sc, a),
            checks,
            stages: Vec::new(),
            by_tier: Vec::new(),
            certificate: None,
            marginal_value_unit: explain::VALUE_UNIT,
            marginal_values: Vec::new(),
            conflicts: Vec::new(),
            baseline: None,
        }
        .with_tiers()
    }

    fn with_tiers(mut self) -> Self {
        self.by_tier = tier_stats(&self.projects);
        self
    }

    /// A category's name for people (its id when it has none).
    pub fn category_name(&self, id: &str) -> String {
        self.categories
            .iter()
            .find(|c| c.id == id && !c.name.is_empty())
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    }

    /// Whether this is a what-if (the scenario with `--set` edits), which every document says.
    pub fn is_what_if(&self) -> bool {
        !self.overrides.is_empty()
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("report serialises");
        s.push('\n');
        s
    }
}

pub fn tier_stats(projects: &[ProjectRow]) -> Vec<TierStats> {
    Tier::ALL
        .iter()
        .map(|&tier| {
            let ps: Vec<&ProjectRow> = projects.iter().filter(|p| p.tier == tier).collect();
            TierStats {
                tier,
                projects: ps.len(),
                need_mu: ps.iter().map(|p| p.need_mu).sum(),
                granted_mu: ps.iter().map(|p| p.granted_mu).sum(),
                full: ps.iter().filter(|p| p.status == Grant::Full).count(),
                partial: ps.iter().filter(|p| p.status == Grant::Partial).count(),
                none: ps.iter().filter(|p| p.status == Grant::None).count(),
            }
        })
        .filter(|t| t.projects > 0)
        .collect()
}

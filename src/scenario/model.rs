//! Validated, immutable domain types. Everything here has passed validation: references are
//! resolved to typed indices, areas are in mu, shares are in [0, 1].

use serde::Serialize;
use std::fmt;

macro_rules! typed_index {
    ($name:ident) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub struct $name(pub u32);
        impl $name {
            pub fn idx(self) -> usize {
                self.0 as usize
            }
        }
    };
}

typed_index!(PoolId);
typed_index!(CountyId);
typed_index!(TownshipId);
typed_index!(ProjectId);
typed_index!(CategoryId);

/// Project lists, highest priority first (national > provincial > city > county > block demand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    National,
    Provincial,
    City,
    County,
    /// A county's general block demand (urban batch, farmer housing...), not a listed project.
    Block,
}

impl Tier {
    pub const ALL: [Tier; 5] = [
        Tier::National,
        Tier::Provincial,
        Tier::City,
        Tier::County,
        Tier::Block,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::National => "national",
            Tier::Provincial => "provincial",
            Tier::City => "city",
            Tier::County => "county",
            Tier::Block => "block",
        }
    }
    pub fn parse(s: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.as_str() == s)
    }
    pub fn idx(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Meta {
    pub name: String,
    pub year: Option<i64>,
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectiveMode {
    /// Maximise the tier-weighted sum of mu granted.
    Weighted,
    /// Maximise mu of each tier in turn, national first, then the weighted sum.
    Lexicographic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieBreak {
    /// Among the optimal plans, the one whose fulfilment ratios (granted / need) are
    /// lexicographically max-min fair (see `model::fair`); never depends on row order.
    Fair,
    /// Among equally weighted grants, earlier projects in the list and earlier pools win.
    ListOrder,
    /// Leave ties to the solver (deterministic for a given input, but not a stated rule).
    None,
}

#[derive(Debug, Clone)]
pub struct Objective {
    pub mode: ObjectiveMode,
    pub tie_break: TieBreak,
    /// Weight per tier, indexed by `Tier::idx`.
    pub tier_weights: [f64; 5],
    pub consolidated_bonus: f64,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub rural: bool,
}

#[derive(Debug, Clone)]
pub struct Pool {
    pub id: String,
    pub name: String,
    /// Capacity in the plan year (for a `county_held` pool: what the counties hold in all).
    pub capacity_mu: f64,
    pub categories: Vec<CategoryId>,
    /// Counties that may draw on the pool (a reward pool's named counties); empty: all.
    pub counties: Vec<CountyId>,
    /// Capacity in each later year of the horizon (`[0]` is the year after the plan year).
    pub later_capacity_mu: Vec<f64>,
    /// Most unused capacity carried from one year to the next, mu.
    pub carry_over_max_mu: f64,
    /// Most capacity of the next year used a year early, mu.
    pub borrow_max_mu: f64,
    /// Linkage surplus (增减挂钩节余指标): held by the counties, not a shared capacity.
    pub county_held: bool,
}

impl Pool {
    /// Capacity in year `year` of the horizon (0: the plan year, `capacity_mu`).
    pub fn capacity_in(&self, year: usize) -> f64 {
        match year {
            0 => self.capacity_mu,
            t => self.later_capacity_mu[t - 1],
        }
    }

    /// Capacity summed over the `n` years of the horizon.
    pub fn capacity_over(&self, n: usize) -> f64 {
        (0..n).map(|t| self.capacity_in(t)).sum()
    }
}

#[derive(Debug, Clone)]
pub struct County {
    pub id: String,
    pub name: String,
    pub city: String,
    pub disposed_unsupplied_mu: f64,
    pub disposed_idle_mu: f64,
    pub farmland_held_mu: f64,
    pub forest_held_mu: f64,
    pub floor_mu: Option<f64>,
    pub cap_mu: Option<f64>,
    pub frozen: bool,
    /// Linkage surplus indicators held at the start of the plan year.
    pub linkage_surplus_mu: f64,
    /// Equal-area deduction (等量扣减) in the plan year.
    pub deduction_mu: f64,
    /// Trading: most the county may spend in a year, yuan.
    pub trade_budget_yuan: Option<f64>,
    /// Trading: share of its holdings it may sell (else the scenario's).
    pub max_sell_share: Option<f64>,
    /// Figures for each later year of the horizon (`[0]` is the year after the plan year);
    /// the plan year's are the fields above.
    pub later_years: Vec<CountyYear>,
}

impl County {
    /// The county's figures in year `t` of the horizon (0: the plan year, from its own fields).
    pub fn year(&self, t: usize) -> CountyYear {
        match t {
            0 => CountyYear {
                disposed_unsupplied_mu: self.disposed_unsupplied_mu,
                disposed_idle_mu: self.disposed_idle_mu,
                farmland_added_mu: self.farmland_held_mu,
                forest_added_mu: self.forest_held_mu,
                linkage_added_mu: self.linkage_surplus_mu,
                deduction_mu: self.deduction_mu,
            },
            t => self.later_years[t - 1].clone(),
        }
    }

    /// Indicators banked up to and including year `t`.
    pub fn banked_upto(&self, t: usize, f: impl Fn(&CountyYear) -> f64) -> f64 {
        (0..=t).map(|s| f(&self.year(s))).sum()
    }
}

/// A county's figures for one year of the horizon. Stock disposal is that year's (a flow);
/// indicators are what is newly banked that year (the plan year: what is held at its start),
/// and unused indicators stay banked for later years.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountyYear {
    pub disposed_unsupplied_mu: f64,
    pub disposed_idle_mu: f64,
    pub farmland_added_mu: f64,
    pub forest_added_mu: f64,
    pub linkage_added_mu: f64,
    pub deduction_mu: f64,
}

#[derive(Debug, Clone)]
pub struct Township {
    pub id: String,
    pub name: String,
    pub county: CountyId,
    pub consolidated: bool,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub county: CountyId,
    pub township: Option<TownshipId>,
    pub category: CategoryId,
    pub tier: Tier,
    pub need_mu: f64,
    /// Cultivated land occupied at full need; a partial grant occupies the same share.
    pub farmland_mu: f64,
    pub forest_mu: f64,
    pub outside_boundary: bool,
    /// 0: any amount; 1: all or nothing; in between: nothing or at least this share of need.
    /// Over the horizon in a multi-year plan.
    pub min_share: f64,
    /// Years of the horizon (indices) in which it can use quota: `ready..=last`.
    pub ready: usize,
    pub last: usize,
    /// The officer's remarks (备注) as written, for the outputs only; `None` when blank.
    pub notes: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StockLinkage {
    pub alpha: f64,
    pub beta: f64,
    pub base_mu: f64,
    pub pools: Vec<PoolId>,
}

#[derive(Debug, Clone)]
pub struct Balance {
    /// A shared (municipal/provincial) compensation pool any county may draw on.
    pub shared_pool_mu: f64,
}

#[derive(Debug, Clone)]
pub struct OutsideBoundary {
    pub max_share_total: Option<f64>,
    pub max_share_county: Option<f64>,
    /// Multi-year: over the whole horizon (all counties).
    pub max_share_horizon: Option<f64>,
}

/// The years of the plan: `years[0]` is the plan being decided, later ones are provisional.
#[derive(Debug, Clone, PartialEq)]
pub struct Horizon {
    pub years: Vec<i64>,
    /// A mu granted `t` years after the plan year weighs `discount^t` of one granted in it.
    pub discount: f64,
}

/// What can be traded between counties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// Farmland compensation indicators (补充耕地指标).
    Farmland,
    /// Forest land quota (林地定额).
    Forest,
    /// Linkage surplus indicators (增减挂钩节余指标).
    Linkage,
}

impl Indicator {
    pub const ALL: [Indicator; 3] = [Indicator::Farmland, Indicator::Forest, Indicator::Linkage];
    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::Farmland => "farmland",
            Indicator::Forest => "forest",
            Indicator::Linkage => "linkage",
        }
    }
    pub fn idx(self) -> usize {
        self as usize
    }
    /// Officers' words, for reasons.
    pub fn words(self) -> &'static str {
        match self {
            Indicator::Farmland => "farmland compensation (补充耕地指标)",
            Indicator::Forest => "forest quota (林地定额)",
            Indicator::Linkage => "linkage surplus (增减挂钩节余指标)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TradeScope {
    /// Counties of the same city (市域调剂).
    City,
    /// Any two counties of the scenario.
    Province,
}

#[derive(Debug, Clone)]
pub struct Trading {
    pub scope: TradeScope,
    /// Tradable indicators, in `Indicator` order.
    pub indicators: Vec<Indicator>,
    /// Floor price (最低保护价) per indicator (by `Indicator::idx`), yuan per mu.
    pub floor_price: [f64; 3],
    /// Price trades are made at, ≥ the floor, yuan per mu.
    pub price: [f64; 3],
    pub max_sell_share: f64,
    pub transaction_cost_yuan_per_mu: f64,
    pub yuan_per_weighted_mu: Option<f64>,
    /// The transaction cost of one mu traded in the objective's units (weighted mu), before
    /// the year's discount and the floor: see [`Trading::objective_cost`].
    pub cost_per_mu: f64,
}

/// Smallest objective cost of a traded mu: a trade that gains nothing is never made.
pub const MIN_TRADE_COST: f64 = 1e-6;

impl Trading {
    /// Objective cost of one mu traded in a year whose grants weigh `year_factor`
    /// (`discount^t`): the converted transaction cost, discounted as that year's grants are
    /// (both are worth their present value), and never below [`MIN_TRADE_COST`] after the
    /// discount, so that nothing is traded for nothing in any year (README, R11).
    pub fn objective_cost(&self, year_factor: f64) -> f64 {
        (self.cost_per_mu * year_factor).max(MIN_TRADE_COST)
    }

    pub fn trades(&self, i: Indicator) -> bool {
        self.indicators.contains(&i)
    }
    /// Whether two counties may trade with each other.
    pub fn same_scope(&self, a: &County, b: &County) -> bool {
        match self.scope {
            TradeScope::Province => true,
            // A county with no city belongs to no city's market (not to one of its own with
            // the other counties that give none).
            TradeScope::City => !a.city.is_empty() && a.city == b.city,
        }
    }
    pub fn sell_share(&self, c: &County) -> f64 {
        c.max_sell_share.unwrap_or(self.max_sell_share)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EarmarkBasis {
    /// Share of the annual plan: the sum of all pool capacities.
    Plan,
    /// Share of the total actually granted.
    Granted,
}

impl EarmarkBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            EarmarkBasis::Plan => "plan",
            EarmarkBasis::Granted => "granted",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Earmark {
    pub category: CategoryId,
    pub min_share: f64,
    pub basis: EarmarkBasis,
}

#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub stock_linkage: Option<StockLinkage>,
    pub farmland: Option<Balance>,
    pub forest: Option<Balance>,
    pub outside_boundary: Option<OutsideBoundary>,
    pub earmarks: Vec<Earmark>,
    /// Categories a frozen county may still receive (farmer housing, by national rule).
    pub freeze_exempt: Vec<CategoryId>,
    /// `Some` when "no consolidation, no land" applies: categories exempt from it.
    pub consolidation_exempt: Option<Vec<CategoryId>>,
    pub trading: Option<Trading>,
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub meta: Meta,
    pub objective: Objective,
    pub categories: Vec<Category>,
    pub pools: Vec<Pool>,
    pub counties: Vec<County>,
    pub townships: Vec<Township>,
    pub projects: Vec<Project>,
    pub rules: Rules,
    /// How the files were read (encodings, sheets, title and total rows skipped, columns
    /// ignored or read under another name): `check` lists them.
    pub read_notes: Vec<super::diag::Note>,
    /// Every file the scenario was read from; no output may replace one.
    pub inputs: Vec<std::path::PathBuf>,
    pub horizon: Horizon,
}

/// Why a project can draw on no pool at all, before any optimisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Blocked {
    CountyFrozen,
    TownshipNotConsolidated,
    NoEligiblePool,
    /// Ready only after the last year of the horizon (`ready_from`).
    NotReady,
}

impl Blocked {
    /// Why, for people (the English text is [`Blocked::as_str`]).
    pub fn msg(self) -> crate::i18n::Msg {
        match self {
            Blocked::CountyFrozen => crate::msg!("blocked-county-frozen"),
            Blocked::TownshipNotConsolidated => crate::msg!("blocked-township"),
            Blocked::NoEligiblePool => crate::msg!("blocked-no-pool"),
            Blocked::NotReady => crate::msg!("blocked-not-ready"),
        }
    }

    /// The English text, also the JSON `binding_rules` entry.
    pub fn as_str(self) -> &'static str {
        match self {
            Blocked::CountyFrozen => "county frozen",
            Blocked::TownshipNotConsolidated => {
                "township without land consolidation in the last 3 years"
            }
            Blocked::NoEligiblePool => "no eligible pool",
            Blocked::NotReady => "not ready within the years planned",
        }
    }
}

impl StockLinkage {
    /// Mu a county may draw on the governed pools: α·disposed unsupplied + β·disposed idle + base.
    pub fn ceiling(&self, c: &County) -> f64 {
        self.alpha * c.disposed_unsupplied_mu + self.beta * c.disposed_idle_mu + self.base_mu
    }
    /// The ceiling in one year of the horizon, from that year's disposal.
    pub fn ceiling_in(&self, c: &County, year: usize) -> f64 {
        let y = c.year(year);
        self.alpha * y.disposed_unsupplied_mu + self.beta * y.disposed_idle_mu + self.base_mu
    }
}

impl Scenario {
    /// Each county's projects, in project order.
    pub fn projects_by_county(&self) -> Vec<Vec<ProjectId>> {
        let mut out = vec![Vec::new(); self.counties.len()];
        for p in self.project_ids() {
            out[self.project(p).county.idx()].push(p);
        }
        out
    }

    /// The annual plan over the horizon: Σ capacities of every year (county-held linkage
    /// surplus is not part of the plan).
    pub fn plan_total_mu(&self) -> f64 {
        (0..self.n_years()).map(|t| self.plan_in(t)).sum()
    }

    /// One year's plan: Σ of the pools' capacities in that year.
    pub fn plan_in(&self, year: usize) -> f64 {
        self.pools
            .iter()
            .filter(|p| !p.county_held)
            .map(|p| p.capacity_in(year))
            .sum()
    }

    pub fn n_years(&self) -> usize {
        self.horizon.years.len()
    }

    /// Whether the scenario declares a horizon of more than one year.
    pub fn multi_year(&self) -> bool {
        self.horizon.years.len() > 1
    }

    /// Objective factor of a mu granted in year `t` of the horizon: `discount^t`.
    pub fn year_factor(&self, t: usize) -> f64 {
        self.horizon.discount.powi(t as i32)
    }

    /// Whether a project can use quota in year `t`.
    pub fn in_window(&self, p: ProjectId, t: usize) -> bool {
        let proj = self.project(p);
        proj.ready <= t && t <= proj.last
    }

    /// Whether a county may draw on a pool (a reward pool names its counties).
    pub fn may_draw(&self, k: PoolId, c: CountyId) -> bool {
        let pool = self.pool(k);
        pool.counties.is_empty() || pool.counties.contains(&c)
    }

    pub fn pool(&self, id: PoolId) -> &Pool {
        &self.pools[id.idx()]
    }
    pub fn county(&self, id: CountyId) -> &County {
        &self.counties[id.idx()]
    }
    pub fn project(&self, id: ProjectId) -> &Project {
        &self.projects[id.idx()]
    }
    pub fn category(&self, id: CategoryId) -> &Category {
        &self.categories[id.idx()]
    }

    pub fn project_ids(&self) -> impl Iterator<Item = ProjectId> + '_ {
        (0..self.projects.len() as u32).map(ProjectId)
    }
    pub fn pool_ids(&self) -> impl Iterator<Item = PoolId> + '_ {
        (0..self.pools.len() as u32).map(PoolId)
    }
    pub fn county_ids(&self) -> impl Iterator<Item = CountyId> + '_ {
        (0..self.counties.len() as u32).map(CountyId)
    }

    /// Pools whose categories include the project's, in declaration order.
    pub fn eligible_pools(&self, p: ProjectId) -> impl Iterator<Item = PoolId> + '_ {
        let (cat, county) = (self.project(p).category, self.project(p).county);
        self.pool_ids()
            .filter(move |&k| self.pool(k).categories.contains(&cat) && self.may_draw(k, county))
    }

    /// The penalty rules (R8) or missing eligibility that keep a project at zero, if any.
    pub fn blocked(&self, p: ProjectId) -> Option<Blocked> {
        let proj = self.project(p);
        if self.county(proj.county).frozen && !self.rules.freeze_exempt.contains(&proj.category) {
            return Some(Blocked::CountyFrozen);
        }
        if let (Some(exempt), Some(t)) = (&self.rules.consolidation_exempt, proj.township)
            && self.category(proj.category).rural
            && !self.townships[t.idx()].consolidated
            && !exempt.contains(&proj.category)
        {
            return Some(Blocked::TownshipNotConsolidated);
        }
        if self.eligible_pools(p).next().is_none() {
            return Some(Blocked::NoEligiblePool);
        }
        if proj.ready > proj.last {
            return Some(Blocked::NotReady);
        }
        None
    }

    /// Objective weight of one mu granted to this project, before tie-breaking.
    pub fn weight(&self, p: ProjectId) -> f64 {
        let proj = self.project(p);
        let base = self.objective.tier_weights[proj.tier.idx()];
        let consolidated = proj
            .township
            .is_some_and(|t| self.townships[t.idx()].consolidated);
        if consolidated {
            base * (1.0 + self.objective.consolidated_bonus)
        } else {
            base
        }
    }
}

impl Scenario {
    /// The trading scopes: (label, counties) — one per city under `scope = "city"` (in order of
    /// first appearance), one for all under `"province"` — and each county's scope.
    pub fn trading_scopes(&self) -> (Vec<(String, Vec<CountyId>)>, Vec<usize>) {
        let province = matches!(
            self.rules.trading.as_ref().map(|t| t.scope),
            Some(TradeScope::Province)
        );
        let mut groups: Vec<(String, Vec<CountyId>)> = Vec::new();
        let mut of = Vec::new();
        for c in self.county_ids() {
            let label = if province {
                String::new()
            } else if self.county(c).city.is_empty() {
                // No city: a market of its own (where it can trade with nobody), labelled by
                // the county, never one shared by every county without a city.
                format!("({})", self.county(c).id)
            } else {
                self.county(c).city.clone()
            };
            let g = match groups.iter().position(|(l, _)| *l == label) {
                Some(g) => g,
                None => {
                    groups.push((label, Vec::new()));
                    groups.len() - 1
                }
            };
            groups[g].1.push(c);
            of.push(g);
        }
        (groups, of)
    }
}

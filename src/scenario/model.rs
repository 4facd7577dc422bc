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
    pub capacity_mu: f64,
    pub categories: Vec<CategoryId>,
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
    pub min_share: f64,
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
}

/// Why a project can draw on no pool at all, before any optimisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Blocked {
    CountyFrozen,
    TownshipNotConsolidated,
    NoEligiblePool,
}

impl Blocked {
    /// Why, for people (the English text is [`Blocked::as_str`]).
    pub fn msg(self) -> crate::i18n::Msg {
        match self {
            Blocked::CountyFrozen => crate::msg!("blocked-county-frozen"),
            Blocked::TownshipNotConsolidated => crate::msg!("blocked-township"),
            Blocked::NoEligiblePool => crate::msg!("blocked-no-pool"),
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
        }
    }
}

impl StockLinkage {
    /// Mu a county may draw on the governed pools: α·disposed unsupplied + β·disposed idle + base.
    pub fn ceiling(&self, c: &County) -> f64 {
        self.alpha * c.disposed_unsupplied_mu + self.beta * c.disposed_idle_mu + self.base_mu
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

    pub fn plan_total_mu(&self) -> f64 {
        self.pools.iter().map(|p| p.capacity_mu).sum()
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
        let cat = self.project(p).category;
        self.pool_ids()
            .filter(move |&k| self.pool(k).categories.contains(&cat))
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

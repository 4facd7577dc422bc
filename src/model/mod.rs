//! The rules as an LP: `build` writes each rule as a block of rows of the solver's LP form
//! (named after the rule, owned by a pool, county, project, ...), `solve` runs it through a
//! backend and maps the answer back to an allocation. The blocks let results (values, duals,
//! slacks) be mapped back to rules and domain ids without the solver knowing anything of them.

pub mod build;
pub mod canonical;
mod columns;
pub mod fair;
pub mod indivisible;
pub mod solve;
pub mod trading;
pub mod years;

pub use blocklp::model::{Column, LpModel, Row, Sense};
pub use solve::{
    Analysis, FinalModel, Solved, final_model, solve, solve_model, solve_model_for_analysis,
};

use crate::scenario::{CategoryId, CountyId, Indicator, PoolId, ProjectId, Scenario, Tier};
use std::ops::{Deref, DerefMut, Range};

/// What a column stands for in the domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Mu granted to a project from a pool, in a year of the horizon (0: the plan year).
    Grant {
        project: ProjectId,
        pool: PoolId,
        year: usize,
    },
    /// 1 if an indivisible (or minimum-share) project is funded at all.
    Funded { project: ProjectId },
    /// Mu of a shared compensation pool (farmland or forest) drawn by a county.
    SharedDraw {
        county: CountyId,
        resource: Resource,
        year: usize,
    },
    /// Unused capacity of a pool carried from `year` to the next one.
    Carry { pool: PoolId, year: usize },
    /// Capacity of a pool's next year used in `year` (borrowed ahead).
    Borrow { pool: PoolId, year: usize },
    /// Mu of an indicator a county buys (`sell: false`) or sells on its market in a year.
    Trade {
        county: CountyId,
        indicator: Indicator,
        year: usize,
        sell: bool,
    },
    /// A helper column of a derived LP (dual, elastic), standing for no domain object.
    Auxiliary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Farmland,
    Forest,
}

impl Resource {
    /// The tradable indicator that balances this resource.
    pub fn indicator(self) -> Indicator {
        match self {
            Resource::Farmland => Indicator::Farmland,
            Resource::Forest => Indicator::Forest,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Farmland => "farmland",
            Resource::Forest => "forest",
        }
    }
}

/// The rule a block of rows encodes: the rule vocabulary's [`RuleId`](crate::rules::RuleId)
/// (its ids are the ones used in MPS row names and reports), under the model's name for it.
pub use crate::rules::RuleId as RuleKind;

/// The domain object a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Pool(PoolId),
    County(CountyId),
    Project(ProjectId),
    Category(CategoryId),
    Tier(Tier),
    /// A market: one indicator among the counties of a trading scope (`group` indexes
    /// [`trading::scopes`]).
    Market {
        indicator: Indicator,
        group: usize,
    },
    Scenario,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub rule: RuleKind,
    pub rows: Range<usize>,
    /// One owner per row of the block, in order.
    pub owners: Vec<Owner>,
}

/// The allocation LP with its meaning: what each column stands for and, for each row, the rule
/// and the domain object it encodes. The solver sees only `lp` (this dereferences to it).
#[derive(Debug, Clone, Default)]
pub struct RuleModel {
    pub lp: LpModel,
    /// One per column of `lp`.
    pub kinds: Vec<ColumnKind>,
    pub blocks: Vec<Block>,
    /// The year (index in the horizon) of each row of a multi-year model, by row; rows past
    /// the end or `None` belong to no single year.
    pub row_years: Vec<Option<usize>>,
}

impl Deref for RuleModel {
    type Target = LpModel;
    fn deref(&self) -> &LpModel {
        &self.lp
    }
}

impl DerefMut for RuleModel {
    fn deref_mut(&mut self) -> &mut LpModel {
        &mut self.lp
    }
}

impl RuleModel {
    pub fn add_column(&mut self, kind: ColumnKind, col: Column) -> usize {
        self.kinds.push(kind);
        self.lp.add_column(col)
    }

    /// Appends a block of rows for one rule; rows with no coefficients that cannot be violated
    /// are dropped, since they constrain nothing. Rows owned by a county or a project are local
    /// to that county's (or project's) block of columns; all others link blocks.
    pub fn add_block(&mut self, rule: RuleKind, rows: Vec<(Owner, Row)>) {
        self.add_block_in(rule, None, rows);
    }

    /// [`Self::add_block`] for the rows of one year of the horizon.
    pub fn add_block_in(&mut self, rule: RuleKind, year: Option<usize>, rows: Vec<(Owner, Row)>) {
        let start = self.lp.rows.len();
        let mut owners = Vec::new();
        for (owner, mut row) in rows {
            if row.coeffs.is_empty() && row.trivially_holds() {
                continue;
            }
            row.linking = !matches!(owner, Owner::County(_) | Owner::Project(_));
            owners.push(owner);
            self.lp.rows.push(row);
        }
        self.row_years.resize(start, None);
        self.row_years.resize(self.lp.rows.len(), year);
        if !owners.is_empty() {
            self.blocks.push(Block {
                rule,
                rows: start..self.lp.rows.len(),
                owners,
            });
        }
    }

    /// The same meaning over another LP of the same shape (integer columns fixed, say).
    pub fn with_lp(&self, lp: LpModel) -> RuleModel {
        RuleModel {
            lp,
            kinds: self.kinds.clone(),
            blocks: self.blocks.clone(),
            row_years: self.row_years.clone(),
        }
    }

    /// The year of a row, when it belongs to one year of a multi-year horizon.
    pub fn row_year(&self, r: usize) -> Option<usize> {
        self.row_years.get(r).copied().flatten()
    }

    /// Rows with their block's rule and owner.
    pub fn rows_with_owner(&self) -> impl Iterator<Item = (usize, RuleKind, Owner)> + '_ {
        self.blocks.iter().flat_map(|b| {
            b.rows
                .clone()
                .zip(b.owners.iter())
                .map(move |(r, o)| (r, b.rule, *o))
        })
    }

    /// Rows whose marginal value an officer asks about: every rule except the per-project rows.
    pub fn rows_of_interest(&self) -> Vec<usize> {
        self.blocks
            .iter()
            .filter(|b| {
                !matches!(
                    b.rule,
                    RuleKind::ProjectNeed | RuleKind::MinShare | RuleKind::TierFix
                )
            })
            .flat_map(|b| b.rows.clone())
            .collect()
    }
}

/// Indices of each project's grant columns, the handle every row builder needs.
pub struct Grants {
    pub cols: Vec<Vec<usize>>,
    /// Per project and year of the horizon: its grant columns of that year.
    pub by_year: Vec<Vec<Vec<usize>>>,
}

/// A row or column name, with the year appended in a multi-year scenario.
pub fn named(sc: &Scenario, base: String, t: usize) -> String {
    if sc.multi_year() {
        format!("{base}.{}", sc.horizon.years[t])
    } else {
        base
    }
}

/// The year a block of rows belongs to: `None` in a one-year scenario.
pub fn tag(sc: &Scenario, t: usize) -> Option<usize> {
    sc.multi_year().then_some(t)
}

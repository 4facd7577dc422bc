//! The rules as an LP: `build` writes each rule as a block of rows of the solver's LP form
//! (named after the rule, owned by a pool, county, project, ...), `solve` runs it through a
//! backend and maps the answer back to an allocation. The blocks let results (values, duals,
//! slacks) be mapped back to rules and domain ids without the solver knowing anything of them.

pub mod build;
pub mod solve;

pub use blocklp::model::{Column, LpModel, Row, Sense};
pub use solve::{Analysis, FinalModel, Solved, final_model, solve, solve_model};

use crate::scenario::{CategoryId, CountyId, PoolId, ProjectId, Tier};
use std::ops::{Deref, DerefMut, Range};

/// What a column stands for in the domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Mu granted to a project from a pool.
    Grant { project: ProjectId, pool: PoolId },
    /// 1 if an indivisible (or minimum-share) project is funded at all.
    Funded { project: ProjectId },
    /// Mu of a shared compensation pool (farmland or forest) drawn by a county.
    SharedDraw {
        county: CountyId,
        resource: Resource,
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
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Farmland => "farmland",
            Resource::Forest => "forest",
        }
    }
}

/// The rule a block of rows encodes. Names are the ones used in MPS row names and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleKind {
    PoolCapacity,
    ProjectNeed,
    MinShare,
    StockLinkage,
    FarmlandBalance,
    FarmlandShared,
    ForestBalance,
    ForestShared,
    OutsideBoundaryCounty,
    OutsideBoundaryTotal,
    Earmark,
    CountyFloor,
    CountyCap,
    /// Lexicographic mode: a higher tier's optimum, held while lower tiers are optimised.
    TierFix,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::PoolCapacity => "pool_capacity",
            RuleKind::ProjectNeed => "project_need",
            RuleKind::MinShare => "min_share",
            RuleKind::StockLinkage => "stock_linkage",
            RuleKind::FarmlandBalance => "farmland_balance",
            RuleKind::FarmlandShared => "farmland_shared_pool",
            RuleKind::ForestBalance => "forest_balance",
            RuleKind::ForestShared => "forest_shared_pool",
            RuleKind::OutsideBoundaryCounty => "outside_boundary_county",
            RuleKind::OutsideBoundaryTotal => "outside_boundary_total",
            RuleKind::Earmark => "earmark",
            RuleKind::CountyFloor => "county_floor",
            RuleKind::CountyCap => "county_cap",
            RuleKind::TierFix => "tier_fix",
        }
    }
}

/// The domain object a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Pool(PoolId),
    County(CountyId),
    Project(ProjectId),
    Category(CategoryId),
    Tier(Tier),
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
        }
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

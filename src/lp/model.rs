//! The crate's own LP form: named columns, and rows grouped in blocks by the rule they encode.
//!
//! Backends only see this form; the blocks let results (values, duals, slacks) be mapped back
//! to rules and domain ids without the backend knowing anything about quotas.

use crate::scenario::{CategoryId, CountyId, PoolId, ProjectId, Tier};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    Le,
    Ge,
    Eq,
}

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

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub kind: ColumnKind,
    pub lower: f64,
    pub upper: f64,
    pub integer: bool,
    pub obj: f64,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub coeffs: Vec<(usize, f64)>,
    pub sense: Sense,
    pub rhs: f64,
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

#[derive(Debug, Clone, Default)]
pub struct LpModel {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub blocks: Vec<Block>,
}

impl LpModel {
    pub fn add_column(&mut self, col: Column) -> usize {
        self.columns.push(col);
        self.columns.len() - 1
    }

    /// Appends a block of rows for one rule; rows with no coefficients that cannot be violated
    /// are dropped, since they constrain nothing.
    pub fn add_block(&mut self, rule: RuleKind, rows: Vec<(Owner, Row)>) {
        let start = self.rows.len();
        let mut owners = Vec::new();
        for (owner, row) in rows {
            if row.coeffs.is_empty() && trivially_holds(&row) {
                continue;
            }
            owners.push(owner);
            self.rows.push(row);
        }
        if !owners.is_empty() {
            self.blocks.push(Block {
                rule,
                rows: start..self.rows.len(),
                owners,
            });
        }
    }

    /// Objective value of a column vector.
    pub fn objective_value(&self, x: &[f64]) -> f64 {
        self.columns.iter().zip(x).map(|(c, v)| c.obj * v).sum()
    }

    pub fn row_activity(&self, row: &Row, x: &[f64]) -> f64 {
        row.coeffs.iter().map(|&(j, a)| a * x[j]).sum()
    }

    /// The matrix column by column: for each column, its (row, coefficient) entries.
    pub fn by_column(&self) -> Vec<Vec<(usize, f64)>> {
        let mut out = vec![Vec::new(); self.columns.len()];
        for (i, r) in self.rows.iter().enumerate() {
            for &(j, a) in &r.coeffs {
                out[j].push((i, a));
            }
        }
        out
    }

    pub fn has_integers(&self) -> bool {
        self.columns.iter().any(|c| c.integer)
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
}

fn trivially_holds(row: &Row) -> bool {
    match row.sense {
        Sense::Le => row.rhs >= 0.0,
        Sense::Ge => row.rhs <= 0.0,
        Sense::Eq => row.rhs == 0.0,
    }
}

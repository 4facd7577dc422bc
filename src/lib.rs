//! landquota: allocates the annual new construction-land quota (新增建设用地计划指标) from pools
//! to counties and projects as a linear program, checks the plan against every rule and explains it.

pub mod alloc;
pub mod baseline;
pub mod batch;
pub mod check;
pub mod cli;
pub mod diff;
pub mod fsutil;
pub mod generate;
pub mod lp;
pub mod report;
pub mod run;
pub mod scenario;
pub mod sweep;

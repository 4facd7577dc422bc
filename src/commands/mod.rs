//! The commands: each takes validated options from `cli` and produces its outputs.

pub mod analysis;
pub mod batch;
pub mod diff;
pub mod export;
pub mod generate;
pub mod solve;
pub mod sweep;

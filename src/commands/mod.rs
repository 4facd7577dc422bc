//! The use-cases, without clap, exit codes or printing: `cli` calls them and shows what they
//! return. [`solve`] owns the one pipeline (build → solve → check → status → explain →
//! compare); `explain`, [`diff`], [`batch`], [`sweep`] and [`serve`] call it.

pub mod analysis;
pub mod backend;
pub mod batch;
pub mod counterfactual;
pub mod diff;
pub mod export;
pub mod generate;
pub mod serve;
pub mod solve;
pub mod sweep;

//! One integration test binary; each module covers one part of the product.

mod batch;
mod browser;
mod cli;
mod common;
mod diff;
mod errors;
mod explain;
mod fair;
mod fastpath;
mod fuzz;
mod generate;
mod golden;
mod horizon;
mod i18n_validate;
mod lexico;
mod officer;
mod overrides;
mod props;
mod ranges;
mod robust;
mod rolling;
mod rules;
mod sweep;
mod sweep_safety;
mod sweep_shard;
mod trading;

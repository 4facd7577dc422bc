//! One integration test binary; each module covers one part of the product.

mod common;
mod batch;
mod cli;
mod errors;
mod explain;
mod golden;
mod overrides;
mod props;
mod rules;
mod sweep;
mod diff;
mod generate;

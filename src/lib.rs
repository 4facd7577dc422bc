//! landquota: allocates the annual new construction-land quota (新增建设用地计划指标) from pools
//! to counties and projects as a linear program, checks the plan against every rule and explains it.
//!
//! Layers that only call downward (see ARCHITECTURE.md): [`cli`] (flags, printing, exit
//! codes) → [`commands`] (the use-cases; [`commands::solve`] is the one pipeline: build, solve,
//! check, status, explain, compare) → [`render`] (the views) → [`report`] (the output contract)
//! → [`check`] (every rule recomputed independently), [`model`] (the rules as an LP of the
//! `blocklp` solver crate), [`alloc`], [`baseline`] → [`scenario`] (files in, validated domain
//! types), with the rule vocabulary in [`rules`] and words for people in [`i18n`] (Chinese and
//! English).

// A `Diagnostic` carries its message as a catalogue id with arguments (rendered in the reader's
// language when printed) and, for workbooks, the sheet, cell and header: bigger than clippy's
// 128-byte guess for `Result` errors. Problems are the cold path; boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod alloc;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod commands;
pub mod fsutil;
pub mod i18n;
pub mod model;
pub mod progress;
pub mod render;
pub mod report;
pub mod rules;
pub mod scenario;

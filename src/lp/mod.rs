//! From a validated scenario to an LP in our own form, solved through a backend.

pub mod backend;
pub mod branch;
pub mod build;
pub mod certificate;
pub mod conflicts;
pub mod decompose;
pub mod dense;
pub mod gub;
pub mod model;
pub mod mps;
pub mod sensitivity;
pub mod shifts;
pub mod solve;
pub mod warm;

pub use backend::{Backend, SolveError};
pub use model::{LpModel, RuleKind};
pub use solve::{Solved, solve};

//! blocklp: an exact solver for block-angular LPs and MIPs.
//!
//! An LP here ([`LpModel`]) is columns with bounds, integrality and objective weights, and rows
//! that are either local to one block of columns or link blocks. Around that form:
//!
//! - [`dense`]: a bounded dense simplex that keeps its tableau and warm-starts after price,
//!   bound or right-hand-side changes; `branch` (internal): depth-first branch and bound on it;
//! - `gub` (internal): the Dantzig–Wolfe master, a primal simplex with generalised upper
//!   bounds;
//! - [`decompose`]: block detection and the decomposition itself ([`Blocks`], a [`Backend`]),
//!   with its internals as children: warm starts for nearby LPs, optima after a shift of one
//!   right-hand side ([`decompose::shifts`]: ranging), a solve's blocks kept for later questions;
//! - [`sensitivity`]: one-sided marginal values of rows; [`certificate`]: a duality
//!   certificate recomputed from the model's numbers; [`elastic`]: the smallest relaxation of
//!   an infeasible LP; [`mps`]: free-format MPS;
//! - [`fair`]: an LP's optimal face, and the lexicographic max-min of ratios over it
//!   (progressive filling by shortfall LPs that keep the block structure);
//! - [`backend`]: the [`Backend`] trait, the minilp backend and the dense one ([`Dense`]).
//!
//! Which backend a user names, and any tracing, are the caller's: the crate reads no
//! environment variable and logs through `log` (targets `blocklp::blocks`, `blocklp::fair`).
//!
//! It knows nothing of what the rows and columns mean to its caller.

pub mod backend;
mod branch;
pub mod certificate;
pub mod deadline;
pub mod decompose;
pub mod dense;
pub mod elastic;
pub mod fair;
mod gub;
pub mod memo;
pub mod model;
pub mod mps;
pub mod sensitivity;

pub use backend::{Backend, Dense, LpSolution, Minilp, Retained, SolveError};
pub use certificate::Certificate;
pub use decompose::Blocks;
pub use model::{Column, LpModel, Row, Sense};

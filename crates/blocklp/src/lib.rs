//! blocklp: an exact solver for block-angular LPs and MIPs.
//!
//! An LP here ([`LpModel`]) is columns with bounds, integrality and objective weights, and rows
//! that are either local to one block of columns or link blocks. Around that form:
//!
//! - [`dense`]: a bounded dense simplex that keeps its tableau and warm-starts after price,
//!   bound or right-hand-side changes; [`branch`]: depth-first branch and bound on it;
//! - [`gub`]: the Dantzig–Wolfe master, a primal simplex with generalised upper bounds;
//! - [`decompose`]: block detection and the decomposition itself ([`decompose::Blocks`], a
//!   [`Backend`]); [`warm`]: warm starts for nearby LPs; [`shifts`]: optima after a shift of
//!   one right-hand side (ranging);
//! - [`sensitivity`]: one-sided marginal values of rows; [`certificate`]: a duality
//!   certificate recomputed from the model's numbers; [`elastic`]: the smallest relaxation of
//!   an infeasible LP; [`mps`]: free-format MPS;
//! - [`fair`]: an LP's optimal face, and the lexicographic max-min of ratios over it
//!   (progressive filling by shortfall LPs that keep the block structure);
//! - [`backend`]: the [`Backend`] trait and the minilp backend.
//!
//! It knows nothing of what the rows and columns mean to its caller.

pub mod backend;
pub mod branch;
pub mod certificate;
pub mod deadline;
pub mod decompose;
pub mod dense;
pub mod elastic;
pub mod fair;
pub mod gub;
mod keep;
pub mod model;
pub mod mps;
pub mod rng;
pub mod sensitivity;
pub mod shifts;
pub mod warm;

pub use backend::{Backend, LpSolution, Retained, SolveError};
pub use model::{Column, LpModel, Row, Sense};

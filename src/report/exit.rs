//! The exit codes, one table (the README's "Exit codes"), and the one place that maps a run's
//! status to its code.

use super::Status;

pub const OK: u8 = 0;
/// The scenario has problems (`check` lists them all).
pub const INVALID: u8 = 1;
/// Bad command-line usage (clap's own code).
pub const USAGE: u8 = 2;
/// No allocation satisfies every rule.
pub const INFEASIBLE: u8 = 3;
/// The solver failed or the LP is unbounded.
pub const SOLVER: u8 = 4;
/// The independent rule check rejected the solver's answer.
pub const CHECK_FAILED: u8 = 5;
/// An output file could not be written.
pub const IO: u8 = 6;
/// A sweep finished, but some variants were invalid or failed (see the summary).
pub const SWEEP_FAILURES: u8 = 8;
/// A plan meeting every rule, but its optimality is not proven (duality gap too large, or
/// the search stopped at `--time-limit` with this plan and its gap).
pub const NOT_PROVEN: u8 = 7;
/// `sweep --merge`: some variants have no result in the shards' journals (listed on stderr).
pub const SWEEP_INCOMPLETE: u8 = 9;
/// `--time-limit` reached before any plan meeting every rule was found.
pub const TIME_LIMIT: u8 = 10;

impl Status {
    /// The process exit code of a run that ended with this status.
    pub fn exit_code(self) -> u8 {
        match self {
            Status::Optimal => OK,
            Status::Infeasible => INFEASIBLE,
            Status::Unbounded | Status::SolverError => SOLVER,
            Status::CheckFailed => CHECK_FAILED,
            Status::NotProvenOptimal => NOT_PROVEN,
            Status::TimeLimit => TIME_LIMIT,
        }
    }
}

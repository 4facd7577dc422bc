//! A time limit for the solves of one run, without threading it through every call: the
//! caller sets a deadline for the current thread ([`with_deadline`]); the decomposition's
//! rounds and the minilp backend's whole-LP solves check it and give up with
//! [`SolveError::TimeLimit`](super::SolveError::TimeLimit). Work that runs on other threads
//! (a block's pricing, batches of warm re-solves) is short and is not interrupted.

use std::cell::Cell;
use std::time::{Duration, Instant};

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Runs `f` with `deadline` for this thread (restoring the previous one afterwards).
pub fn with_deadline<T>(deadline: Option<Instant>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Instant>);
    impl Drop for Restore {
        fn drop(&mut self) {
            DEADLINE.with(|d| d.set(self.0));
        }
    }
    let _restore = Restore(DEADLINE.with(|d| d.replace(deadline)));
    f()
}

/// The time left before this thread's deadline (`None`: no limit).
pub fn remaining() -> Option<Duration> {
    DEADLINE
        .with(Cell::get)
        .map(|d| d.saturating_duration_since(Instant::now()))
}

/// Whether this thread's deadline has passed.
pub fn expired() -> bool {
    remaining().is_some_and(|r| r.is_zero())
}

//! A time limit for the solves of one run, without threading it through every call: the
//! caller sets a deadline for the current thread ([`with_deadline`]); the decomposition's
//! rounds and the minilp backend's whole-LP solves check it and give up with
//! [`SolveError::TimeLimit`](super::SolveError::TimeLimit). Work that runs on other threads
//! (a block's pricing, batches of warm re-solves) is short and is not interrupted.
//!
//! A caller may also cancel the current thread's solves from elsewhere ([`with_cancel`]: a
//! flag another thread sets, e.g. when a newer request makes this one moot): the deadline is
//! then taken as passed at the next check.

use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    static CANCEL: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

/// Runs `f` with `flag` as this thread's cancellation (restoring the previous one afterwards):
/// once the flag is set, the solves in `f` stop at their next check with
/// [`SolveError::TimeLimit`](super::SolveError::TimeLimit).
pub fn with_cancel<T>(flag: Arc<AtomicBool>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Arc<AtomicBool>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CANCEL.with(|c| *c.borrow_mut() = self.0.take());
        }
    }
    let _restore = Restore(CANCEL.with(|c| c.borrow_mut().replace(flag)));
    f()
}

/// Whether this thread's solves were cancelled ([`with_cancel`]).
pub fn cancelled() -> bool {
    CANCEL.with(|c| {
        c.borrow()
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
    })
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
    if cancelled() {
        return Some(Duration::ZERO);
    }
    DEADLINE
        .with(Cell::get)
        .map(|d| d.saturating_duration_since(Instant::now()))
}

/// Whether this thread's deadline has passed.
pub fn expired() -> bool {
    remaining().is_some_and(|r| r.is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{Backend, Minilp, SolveError};
    use crate::model::{Column, LpModel, Row, Sense};

    fn lp() -> LpModel {
        let mut m = LpModel::default();
        let x = m.add_column(Column {
            name: "x".into(),
            lower: 0.0,
            upper: 10.0,
            integer: false,
            obj: 1.0,
        });
        m.rows
            .push(Row::new("r".into(), vec![(x, 1.0)], Sense::Le, 4.0));
        m
    }

    #[test]
    fn a_set_flag_stops_the_solves_and_is_restored_afterwards() {
        let flag = Arc::new(AtomicBool::new(false));
        let solved = with_cancel(Arc::clone(&flag), || Minilp.solve(&lp()));
        assert!(
            (solved.unwrap().x[0] - 4.0).abs() < 1e-9,
            "not cancelled: solved"
        );
        flag.store(true, Ordering::Relaxed);
        let cut = with_cancel(Arc::clone(&flag), || {
            assert!(cancelled() && expired());
            Minilp.solve(&lp())
        });
        assert_eq!(cut.unwrap_err(), SolveError::TimeLimit);
        assert!(!cancelled() && remaining().is_none(), "restored after");
    }
}

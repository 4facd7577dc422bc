//! Where a long solve is, for a person watching a terminal: the priority solve, the fair
//! stage's rounds with the level reached, the explanations. The CLI installs a reporter for the
//! calling thread (`cli::common::Spinner`, drawn only when stderr is a terminal); the model
//! and the pipeline say where they are; with none installed (tests, batch, sweeps, pipes)
//! nothing happens. A thread-local rather than a parameter: the stages are told from deep
//! inside the solve, which must not change shape for a view.

use std::cell::RefCell;

/// A stage of a solve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stage {
    /// The LP of the priorities (and its stages, in lexicographic mode).
    Priority,
    /// The fair rule: `round` done, the common level reached (a share of need, 0 to 1), the
    /// lines still open.
    FairRound {
        round: usize,
        level: f64,
        open: usize,
    },
    /// Marginal values, reasons and the certificate.
    Explain,
}

type Sink = Box<dyn Fn(Stage)>;

thread_local! {
    static SINK: RefCell<Option<Sink>> = const { RefCell::new(None) };
}

/// Installs `sink` for this thread until the guard is dropped.
pub fn install(sink: Sink) -> Installed {
    SINK.with(|s| *s.borrow_mut() = Some(sink));
    Installed(())
}

/// Removes the sink when dropped.
pub struct Installed(());

impl Drop for Installed {
    fn drop(&mut self) {
        SINK.with(|s| *s.borrow_mut() = None);
    }
}

/// Tells the sink of this thread, if any.
pub fn report(stage: Stage) {
    SINK.with(|s| {
        if let Some(f) = s.borrow().as_ref() {
            f(stage);
        }
    });
}

/// Whether a sink listens on this thread (so that callers skip work only a sink needs).
pub fn listening() -> bool {
    SINK.with(|s| s.borrow().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn stages_reach_the_installed_sink_and_none_after() {
        let seen = Rc::new(RefCell::new(Vec::new()));
        {
            let s = seen.clone();
            let _g = install(Box::new(move |st| s.borrow_mut().push(st)));
            assert!(listening());
            report(Stage::Priority);
            report(Stage::FairRound {
                round: 0,
                level: 0.5,
                open: 3,
            });
        }
        assert!(!listening());
        report(Stage::Explain);
        assert_eq!(seen.borrow().len(), 2);
        assert_eq!(seen.borrow()[0], Stage::Priority);
    }
}

//! Shared by the trait suites (`traits.rs`, `traits_issues.rs`): the
//! `differential!` macro that writes a case twice, once under each
//! attribute, and [`Trace`], which records what each call gave.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

use fast_async::{FastFuture, LocalFastFuture};
use fast_async_tests::block_on;

/// Writes the same items twice: in `mod fast` under `#[fast_async]` and in
/// `mod baseline` under `#[async_trait]`. Inside, `#[under_test]` (or
/// `#[under_test(?Send)]`) stands for the attribute, so both copies are the
/// same tokens and only the attribute differs. Each copy sees the enclosing
/// module's items through `use super::*`.
macro_rules! differential {
    ($($item:tt)*) => {
        pub(crate) mod fast {
            #![allow(unused_imports)]
            use super::*;
            use ::fast_async::fast_async as under_test;
            $($item)*
        }
        pub(crate) mod baseline {
            #![allow(unused_imports)]
            use super::*;
            use ::async_trait::async_trait as under_test;
            $($item)*
        }
    };
}
pub(crate) use differential;

/// A future a trait method returned: `#[fast_async]`'s can say whether it
/// was ready when the call returned; `#[async_trait]`'s box cannot.
pub(crate) trait Probe: Future + Sized {
    /// `Some(is_ready)` for the dyn form, `None` for `#[async_trait]`'s box.
    fn ready_at_call(&self) -> Option<bool>;
}

impl<'a, T: 'a> Probe for FastFuture<'a, T> {
    fn ready_at_call(&self) -> Option<bool> {
        Some(self.is_ready())
    }
}

impl<'a, T: 'a> Probe for LocalFastFuture<'a, T> {
    fn ready_at_call(&self) -> Option<bool> {
        Some(self.is_ready())
    }
}

impl<T> Probe for Pin<Box<dyn Future<Output = T> + Send + '_>> {
    fn ready_at_call(&self) -> Option<bool> {
        None
    }
}

impl<T> Probe for Pin<Box<dyn Future<Output = T> + '_>> {
    fn ready_at_call(&self) -> Option<bool> {
        None
    }
}

/// One call of a scenario: a label, whether its future was ready when the
/// call returned (see [`Probe`]), and its output (as `Debug` text, so that
/// a scenario can mix output types). Or a value the scenario noted (a side
/// effect), with no future.
#[derive(Debug)]
pub(crate) struct Step {
    pub(crate) label: &'static str,
    pub(crate) ready: Option<bool>,
    pub(crate) value: String,
    pub(crate) is_note: bool,
}

/// The calls of a scenario, in order.
#[derive(Debug, Default)]
pub(crate) struct Trace {
    pub(crate) steps: Vec<Step>,
}

impl Trace {
    pub(crate) fn new() -> Self {
        Trace::default()
    }

    /// Notes whether `future` is ready, drives it to completion and
    /// records its output.
    pub(crate) fn run<F>(&mut self, label: &'static str, future: F)
    where
        F: Probe,
        F::Output: Debug,
    {
        self.run_and_keep(label, future);
    }

    /// [`run`](Trace::run), returning the output too.
    pub(crate) fn run_and_keep<F>(&mut self, label: &'static str, future: F) -> F::Output
    where
        F: Probe,
        F::Output: Debug,
    {
        let ready = future.ready_at_call();
        let value = block_on(future);
        self.steps.push(Step {
            label,
            ready,
            value: format!("{value:?}"),
            is_note: false,
        });
        value
    }

    /// Records a value that is not a call's output (a side effect), to be
    /// compared like one.
    pub(crate) fn note(&mut self, label: &'static str, value: impl Debug) {
        self.steps.push(Step {
            label,
            ready: None,
            value: format!("{value:?}"),
            is_note: true,
        });
    }
}

/// The differential check: `fast` (the `#[fast_async]` copy) and `baseline`
/// (the `#[async_trait]` copy) made the same calls with the same outputs;
/// and every call of `fast` was ready at the call exactly when
/// `expect_ready(label)` says (`None`: either is fine).
#[track_caller]
pub(crate) fn check(fast: &Trace, baseline: &Trace, expect_ready: impl Fn(&str) -> Option<bool>) {
    let calls = |trace: &Trace| -> Vec<(&'static str, String)> {
        trace
            .steps
            .iter()
            .map(|s| (s.label, s.value.clone()))
            .collect()
    };
    assert!(!fast.steps.is_empty(), "the scenario made no call");
    assert_eq!(
        calls(fast),
        calls(baseline),
        "outputs differ from #[async_trait]"
    );
    for step in &baseline.steps {
        assert_eq!(
            step.ready, None,
            "{}: not an #[async_trait] box",
            step.label
        );
    }
    for step in fast.steps.iter().filter(|step| !step.is_note) {
        let Some(expected) = expect_ready(step.label) else {
            assert!(
                step.ready.is_some(),
                "{}: not a fast_async future",
                step.label
            );
            continue;
        };
        assert_eq!(
            step.ready,
            Some(expected),
            "{}: ready at the call should be {expected}",
            step.label
        );
    }
}

/// Compiles only if `T` is `Send`.
pub(crate) fn assert_send<T: Send>(_: &T) {}

//! `fast_async::__private`: not public API, but the code `#[fast_async]`
//! generates relies on it, so its behaviour is pinned here. `Try` and
//! `output` rewrite `?` in a function's prefix and must do exactly what `?`
//! does; `Value` is the coercion site that lets `&String` become `&str`;
//! `Captures` is implemented by every type, so that it only names lifetimes;
//! `bail` and `ensure` run `bail!` / `ensure!` at the call.

use std::ops::ControlFlow;

use fast_async::__private::{output, Captures, Try, Value};

mod support;

/// `expr?` as the macro writes it in a prefix, for a function returning
/// `$output`: `Ok(value)` to go on, `Err(early return)`.
macro_rules! question_mark {
    ($output:ty, $value:expr) => {
        match Try::branch($value) {
            ControlFlow::Continue(value) => Ok(value),
            ControlFlow::Break(residual) => Err(output::<$output, _>(move || match residual? {})),
        }
    };
}

#[derive(Debug, PartialEq)]
struct Wrapped(&'static str);

impl From<&'static str> for Wrapped {
    fn from(message: &'static str) -> Self {
        Wrapped(message)
    }
}

#[test]
fn result_continues_with_ok_and_breaks_with_err() {
    assert!(matches!(
        Ok::<u8, &str>(1).branch(),
        ControlFlow::Continue(1)
    ));
    assert!(matches!(
        Err::<u8, &str>("no").branch(),
        ControlFlow::Break(Err("no"))
    ));
}

#[test]
fn result_residual_converts_the_error_with_from() {
    let early = question_mark!(Result<String, Wrapped>, Err::<u8, _>("bad"));
    assert_eq!(early, Err(Err(Wrapped("bad"))));
    let early = question_mark!(Result<(), u64>, Err::<u8, u32>(7));
    assert_eq!(early, Err(Err(7_u64)));
    let went_on = question_mark!(Result<(), Wrapped>, Ok::<u8, &str>(3));
    assert_eq!(went_on, Ok(3));
}

#[test]
fn option_continues_with_some_and_breaks_with_none() {
    assert!(matches!(Some(2).branch(), ControlFlow::Continue(2)));
    assert!(matches!(None::<u8>.branch(), ControlFlow::Break(None)));
    assert_eq!(question_mark!(Option<String>, None::<u8>), Err(None));
    assert_eq!(question_mark!(Option<String>, Some(4_u8)), Ok(4));
}

#[test]
#[allow(clippy::init_numbered_fields)] // the macro's shape: not a call
fn value_is_a_coercion_site() {
    let owned = String::from("text");
    let coerced = Value::<&str> { 0: &owned }.0;
    assert_eq!(coerced, "text");
    let boxed = Value::<Box<dyn Fn() -> u8>> { 0: Box::new(|| 5) }.0;
    assert_eq!(boxed(), 5);
    assert_eq!(
        Value::<u8> { 0: 6 }
            .opaque::<std::future::Ready<u8>>()
            .into_ready()
            .ok(),
        Some(6)
    );
}

#[test]
fn output_is_the_closure_s_value() {
    assert_eq!(output::<u8, _>(|| 9), 9);
}

/// The shape the macro emits: an opaque type naming a lifetime it captures.
fn captures<'a, T: Clone + 'a>(value: &'a T) -> impl Fn() -> T + Captures<(&'a (),)> {
    move || value.clone()
}

#[test]
fn captures_names_a_lifetime_in_an_opaque_type() {
    let value = String::from("captured");
    assert_eq!(captures(&value)(), "captured");
}

/// Rule 8's tail pass-through: `Tail` hands on a pending `MaybeReady`
/// future whose output is exactly `R`, and calls the continuation for any
/// other future (one whose output only coerces to `R`, or not `MaybeReady`).
/// Written as the macro writes it: `(&tail)`, which the dispatch needs
/// (clippy sees only the cases where the first trait matches).
#[allow(clippy::needless_borrow)]
mod tail {
    use std::cell::Cell;
    use std::fmt::Display;

    use super::support::{block_on, pending_once};

    use fast_async::__private::{KeepContinuation as _, PassOn as _, Tail};
    use fast_async::{FastFuture, LocalFastFuture, ReadyOrBoxed};

    #[test]
    fn a_future_of_the_output_type_is_handed_on() {
        let pending: FastFuture<'static, u32> = FastFuture::boxed(pending_once(7));
        let tail = Tail::<u32, _, _>::fast(pending);
        let handed = (&tail)
            .fast_async_tail()
            .fast(tail, |_| -> FastFuture<'static, u32> {
                unreachable!("no continuation")
            });
        assert!(!handed.is_ready());
        assert_eq!(block_on(handed), 7);

        let opaque = ReadyOrBoxed::boxed(pending_once(8_u32));
        let tail = Tail::<u32, _, _>::local(opaque);
        let handed = (&tail)
            .fast_async_tail()
            .local(tail, |_| -> LocalFastFuture<'static, u32> {
                unreachable!("no continuation")
            });
        assert_eq!(block_on(handed), 8);
    }

    #[test]
    fn any_other_future_gets_the_continuation() {
        let called = Cell::new(0);
        let pending: FastFuture<'static, Box<u32>> = FastFuture::boxed(pending_once(Box::new(9)));
        let tail = Tail::<Box<dyn Display + Send>, _, _>::fast(pending);
        let continued = (&tail).fast_async_tail().fast(tail, |pending| {
            called.set(called.get() + 1);
            FastFuture::boxed(async move {
                let value: Box<dyn Display + Send> = pending.await;
                value
            })
        });
        assert_eq!(block_on(continued).to_string(), "9");

        let not_maybe_ready = pending_once(10_u32);
        let tail = Tail::<u32, _, _>::local(not_maybe_ready);
        let continued = (&tail).fast_async_tail().local(tail, |pending| {
            called.set(called.get() + 1);
            LocalFastFuture::boxed(pending)
        });
        assert_eq!(block_on(continued), 10);

        // Not `Send`, in the `Send` form: continued (where the macro's
        // continuation, which holds it, is then rustc's usual error).
        let local: LocalFastFuture<'static, u32> = LocalFastFuture::boxed(pending_once(11));
        let tail = Tail::<u32, _, _>::fast(local);
        let continued = (&tail).fast_async_tail().fast(tail, |_| {
            called.set(called.get() + 1);
            FastFuture::ready(12)
        });
        assert_eq!(block_on(continued), 12);
        assert_eq!(called.get(), 3);
    }
}

/// `bail!` / `ensure!` at the call (`__private::{bail, ensure, go_on}`): the
/// closure's return type comes from the function's output, so `.into()`
/// in it converts to that output's error; `ensure` breaks with the exit
/// and continues when the closure ends in `go_on()`.
#[test]
fn bail_and_ensure_return_the_exit_of_the_output_type() {
    use fast_async::__private::{bail, ensure, go_on};

    let exit: Result<u32, Wrapped> = bail::<Result<u32, Wrapped>, _>(|| Err("bad".into()));
    assert_eq!(exit, Err(Wrapped("bad")));
    let exit: Option<u32> = bail::<Option<u32>, _>(|| None);
    assert_eq!(exit, None);

    let check = |ok: bool| {
        ensure::<Result<u32, Wrapped>, _>(|| {
            if !ok {
                return Err("failed".into());
            }
            go_on()
        })
    };
    assert_eq!(check(true), ControlFlow::Continue(()));
    assert_eq!(check(false), ControlFlow::Break(Err(Wrapped("failed"))));
    let some = ensure::<Option<u32>, _>(go_on);
    assert_eq!(some, ControlFlow::Continue(()));
    let none = ensure::<Option<u32>, _>(|| None);
    assert_eq!(none, ControlFlow::Break(None));
}

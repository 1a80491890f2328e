//! `fast_async::__private`: not public API, but the code `#[fast_async]`
//! generates relies on it, so its behaviour is pinned here. `Try` and
//! `FromResidual` rewrite `?` in a function's prefix and must do exactly what
//! `?` does; `coerce` is the identity that lets `&String` become `&str`;
//! `Captures` is implemented by every type, so that it only names lifetimes.

use std::ops::ControlFlow;

use fast_async::__private::{coerce, Captures, FromResidual, Try};

/// `expr?` as the macro writes it in a prefix, for a function returning `R`.
fn question_mark<R, T>(value: T) -> Result<T::Output, R>
where
    T: Try,
    R: FromResidual<T::Residual>,
{
    match value.branch() {
        ControlFlow::Continue(output) => Ok(output),
        ControlFlow::Break(residual) => Err(R::from_residual(residual)),
    }
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
    let early = question_mark::<Result<String, Wrapped>, _>(Err::<u8, _>("bad"));
    assert_eq!(early, Err(Err(Wrapped("bad"))));
    let early = question_mark::<Result<(), u64>, _>(Err::<u8, u32>(7));
    assert_eq!(early, Err(Err(7_u64)));
    let went_on = question_mark::<Result<(), Wrapped>, _>(Ok::<u8, &str>(3));
    assert_eq!(went_on, Ok(3));
}

#[test]
fn option_continues_with_some_and_breaks_with_none() {
    assert!(matches!(Some(2).branch(), ControlFlow::Continue(2)));
    assert!(matches!(None::<u8>.branch(), ControlFlow::Break(None)));
    assert_eq!(question_mark::<Option<String>, _>(None::<u8>), Err(None));
    assert_eq!(question_mark::<Option<String>, _>(Some(4_u8)), Ok(4));
}

#[test]
fn coerce_is_the_identity_and_allows_unsizing_coercions() {
    let owned = String::from("text");
    let coerced: &str = coerce(&owned);
    assert_eq!(coerced, "text");
    let boxed: Box<dyn Fn() -> u8> = coerce(Box::new(|| 5));
    assert_eq!(boxed(), 5);
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

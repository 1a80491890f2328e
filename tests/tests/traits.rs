//! `#[fast_async]` on traits and their impls, as a drop-in for
//! `#[async_trait]` (issue 3).
//!
//! Each case is written once inside `differential! { .. }`, which emits it
//! twice: under `#[fast_async]` (`mod fast`) and under `#[async_trait]`
//! (`mod baseline`). A scenario in the case calls the methods over several
//! inputs through concrete types and `dyn`; the test asserts that both
//! copies give the same outputs, and that the fast copy's futures are ready
//! at the call exactly on the paths DESIGN.md makes ready (rules 1-8: no
//! await reached, or only awaits on ready `#[fast_async]` calls). The cases
//! of async-trait's own test suite are in `traits_issues.rs`.
//!
//! Where `#[async_trait]` compiles and `#[fast_async]` does not, or behaves
//! differently (found while writing these suites; each with its repro and
//! rustc's message in `traits_pending.rs`, which is compiled out):
//!  1. default body with `self: Arc<Self>` and no `Sync` supertrait;
//!  2. default body without receiver holding `Self` across an await, no
//!     `Send` supertrait;
//!  3. reference arguments the body never uses make the boxed future need
//!     their referent `Sync` (`_: &T`, `arg: &impl Trait`);
//!  4. `#[cfg]`-disabled arguments with an awaiting body (E0425);
//!  5. `ref` / `ref mut` bindings in argument patterns used after an await
//!     (E0515);
//!  6. `impl Trait` nested in an argument type, `Option<impl Display>`
//!     (E0309);
//!  7. awaiting a dyn-form call whose output is not `Send` (by design:
//!     `FastFuture<T>: Send` needs `T: Send`);
//!  8. a pattern argument in a method without body (E0642);
//!  9. a local borrowed from an owned argument before the first await and
//!     used after it (E0515, a documented limit);
//! 10. clippy `multiple_bound_locations` on inline bounds of a method's
//!     generic parameters (`<T: Send>`, `<'a, 'b: 'a>`);
//! 11. clippy `shadow_same` on arguments moved into the boxed future;
//! 12. clippy lints on ready bodies, which are now the fn's own body
//!     (`boxed_local`);
//! 13. a body without await runs at the call: one calling itself recurses
//!     forever (a panic there surfaces at the first poll since issue 10,
//!     `panics.rs`);
//! 14. ready path: arguments dropped when the call returns, not with the
//!     future;
//! 15. pending path: an owned argument mentioned before the first pending
//!     await (a permit checked then held, `self: Rc<Self>`) is dropped when
//!     the call returns, before the work it guards.
//!
//! And the other way round: `#[async_trait]` rejects elided lifetimes inside
//! `fn(&T)` and `impl FnMut(&str)` arguments; `#[fast_async]` accepts them
//! (`elision_inside_fn_types`, no baseline copy).

mod traits_support;

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Display;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use fast_async::{fast_async, FastFuture, LocalFastFuture};
use fast_async_tests::{block_on, yield_once};
use traits_support::{assert_send, check, differential, Trace};

/// Every receiver form, through the concrete type, `&dyn`, `&mut dyn`,
/// `Pin<&mut dyn>`, `Box<dyn>` and `Arc<dyn Trait + Send + Sync>`. Each
/// method is ready when its `by` is 0 and pending once otherwise.
mod receivers {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Counter: Send + Sync {
            async fn get(&self) -> u32;

            #[allow(clippy::needless_arbitrary_self_type)]
            async fn typed_ref(self: &Self, by: u32) -> u32;

            async fn add(&mut self, by: u32) -> u32;

            async fn pinned_add(self: Pin<&mut Self>, by: u32) -> u32;

            async fn into_total(self, by: u32) -> u32
            where
                Self: Sized;

            async fn boxed_total(self: Box<Self>, by: u32) -> u32;

            async fn arc_total(self: Arc<Self>, by: u32) -> u32;
        }

        pub(crate) struct Tally(pub(crate) u32);

        #[under_test]
        impl Counter for Tally {
            async fn get(&self) -> u32 {
                self.0
            }

            #[allow(clippy::needless_arbitrary_self_type)]
            async fn typed_ref(self: &Self, by: u32) -> u32 {
                if by == 0 {
                    return self.0;
                }
                self.0 + yield_once(by).await
            }

            async fn add(&mut self, by: u32) -> u32 {
                if by == 0 {
                    return self.0;
                }
                self.0 += yield_once(by).await;
                self.0
            }

            async fn pinned_add(self: Pin<&mut Self>, by: u32) -> u32 {
                let this = self.get_mut();
                if by == 0 {
                    return this.0;
                }
                this.0 += yield_once(by).await;
                this.0
            }

            async fn into_total(self, by: u32) -> u32 {
                if by == 0 {
                    return self.0;
                }
                self.0 + yield_once(by).await
            }

            async fn boxed_total(self: Box<Self>, by: u32) -> u32 {
                if by == 0 {
                    return self.0;
                }
                self.0 + yield_once(by).await
            }

            async fn arc_total(self: Arc<Self>, by: u32) -> u32 {
                if by == 0 {
                    return self.0;
                }
                self.0 + yield_once(by).await
            }
        }

        pub(crate) fn scenario(by: u32) -> Trace {
            let mut trace = Trace::new();
            let mut tally = Tally(1);
            trace.run("get", tally.get());
            trace.run("typed_ref", tally.typed_ref(by));
            trace.run("add", tally.add(by));
            trace.run("pinned_add", Pin::new(&mut tally).pinned_add(by));

            let shared: &dyn Counter = &tally;
            trace.run("get", shared.get());
            trace.run("typed_ref", shared.typed_ref(by));
            let unique: &mut dyn Counter = &mut tally;
            trace.run("add", unique.add(by));

            let mut pinned: Pin<Box<dyn Counter>> = Box::pin(Tally(10));
            trace.run("pinned_add", pinned.as_mut().pinned_add(by));
            trace.run("get", pinned.get());

            let boxed: Box<dyn Counter> = Box::new(Tally(20));
            trace.run("get", boxed.get());
            trace.run("boxed_total", boxed.boxed_total(by));

            let arc: Arc<dyn Counter + Send + Sync> = Arc::new(Tally(30));
            trace.run("get", arc.get());
            trace.run("typed_ref", arc.typed_ref(by));
            trace.run("arc_total", Arc::clone(&arc).arc_total(by));
            trace.run("boxed_total", Box::new(Tally(40)).boxed_total(by));
            trace.run("arc_total", Arc::new(Tally(50)).arc_total(by));
            trace.run("into_total", tally.into_total(by));
            trace
        }
    }

    #[test]
    fn same_results_and_ready_when_nothing_awaits() {
        for by in [0, 1, 7] {
            check(&fast::scenario(by), &baseline::scenario(by), |label| {
                Some(label == "get" || by == 0)
            });
        }
    }

    #[test]
    fn futures_from_arc_dyn_are_send() {
        let arc: Arc<dyn fast::Counter + Send + Sync> = Arc::new(fast::Tally(3));
        let ready = arc.get();
        let pending = Arc::clone(&arc).arc_total(2);
        assert_send(&ready);
        assert_send(&pending);
        assert_send(&arc.typed_ref(1));
        assert!(ready.is_ready());
        assert!(!pending.is_ready());
        // Awaited on another thread: what `Send` is for.
        let handle = std::thread::spawn(move || block_on(pending));
        assert_eq!(handle.join().unwrap(), 5);
        assert_eq!(block_on(ready), 3);
    }
}

/// Generic methods (with `where Self: Sized`, so the trait stays
/// dyn-compatible), a const-generic method, and a generic trait used
/// through `dyn Repo<String>`.
mod generics {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Mapper: Sync {
            async fn base(&self) -> u32;

            async fn map_with<F>(&self, f: F) -> u32
            where
                F: Fn(u32) -> u32 + Send,
                Self: Sized,
            {
                let base = self.base().await;
                f(base)
            }

            // Bounds in the where clause: inline ones trip clippy under
            // #[fast_async] (see traits_pending.rs).
            async fn first<T>(xs: Vec<T>) -> Option<T>
            where
                T: Send,
                Self: Sized,
            {
                xs.into_iter().next()
            }

            async fn sum<const N: usize>(&self, xs: [u32; N]) -> u32
            where
                Self: Sized,
            {
                if N == 0 {
                    return 0;
                }
                yield_once(xs.iter().sum()).await
            }
        }

        pub(crate) struct Base(pub(crate) u32);

        #[under_test]
        impl Mapper for Base {
            async fn base(&self) -> u32 {
                if self.0 % 2 == 0 {
                    return self.0;
                }
                yield_once(self.0).await
            }
        }

        #[under_test]
        pub(crate) trait Repo<T: Send + Sync>: Send + Sync {
            async fn put(&mut self, item: T) -> usize;

            async fn find(&self, wanted: &T) -> Option<usize>;

            async fn last(&self) -> Option<&T>;
        }

        pub(crate) struct VecRepo<T> {
            pub(crate) items: Vec<T>,
            pub(crate) capacity: usize,
        }

        #[under_test]
        impl<T: PartialEq + Send + Sync> Repo<T> for VecRepo<T> {
            async fn put(&mut self, item: T) -> usize {
                if self.items.len() >= self.capacity {
                    return self.items.len();
                }
                let item = yield_once(item).await;
                self.items.push(item);
                self.items.len()
            }

            async fn find(&self, wanted: &T) -> Option<usize> {
                self.items.iter().position(|item| item == wanted)
            }

            async fn last(&self) -> Option<&T> {
                if self.items.len() < self.capacity {
                    return self.items.last();
                }
                yield_once(self.items.last()).await
            }
        }

        pub(crate) fn scenario(n: u32) -> Trace {
            let mut trace = Trace::new();
            let base = Base(n);
            trace.run("base", base.base());
            trace.run("map_with", base.map_with(|x| x * 3));
            trace.run("first", <Base as Mapper>::first(vec![format!("first {n}")]));
            trace.run("sum0", base.sum([]));
            trace.run("sum3", base.sum([n, n, 1]));
            let dynamic: &dyn Mapper = &base;
            trace.run("base", dynamic.base());

            let mut repo = VecRepo { items: vec!["a".to_owned()], capacity: n as usize };
            let dynamic: &mut dyn Repo<String> = &mut repo;
            trace.run("put", dynamic.put(format!("item {n}")));
            trace.run("find", dynamic.find(&format!("item {n}")));
            trace.run("last", dynamic.last());
            trace
        }
    }

    #[test]
    fn same_results_and_ready_when_nothing_awaits() {
        for n in [0, 1, 2, 3] {
            check(
                &fast::scenario(n),
                &baseline::scenario(n),
                |label| match label {
                    // `map_with` awaits `base` first: ready when it is (rule 8).
                    "base" | "map_with" => Some(n % 2 == 0),
                    "sum3" => Some(false),
                    "put" => Some(n <= 1),
                    "last" => Some(n >= 3),
                    _ => Some(true),
                },
            );
        }
    }
}

/// Elided lifetimes inside `fn(&T)` and `impl FnMut(&str)` arguments are
/// those types' own and must stay elided. `#[async_trait]` rejects both (it
/// names them as if they were arguments' lifetimes: "lifetime may not live
/// long enough"), so these cases have no baseline copy.
mod elision_inside_fn_types {
    use super::*;

    #[fast_async]
    pub(crate) trait Find<T: Send + Sync>: Send + Sync {
        async fn first_matching(&self, pred: fn(&T) -> bool) -> Option<&T>;

        async fn each(&self, mut f: impl FnMut(&str) + Send, words: &[&str]) -> usize
        where
            Self: Sized,
        {
            for word in words {
                f(word);
            }
            if words.len() < 2 {
                return words.len();
            }
            yield_once(()).await;
            f("end");
            words.len() + 1
        }
    }

    struct Items(Vec<u32>);

    #[fast_async]
    impl Find<u32> for Items {
        async fn first_matching(&self, pred: fn(&u32) -> bool) -> Option<&u32> {
            if let Some(first) = self.0.first().filter(|x| pred(x)) {
                return Some(first);
            }
            yield_once(self.0.iter().find(|x| pred(x))).await
        }
    }

    #[test]
    fn fn_pointer_argument() {
        let items = Items(vec![1, 2, 3, 4]);
        let dynamic: &dyn Find<u32> = &items;
        let odd = dynamic.first_matching(|x| x % 2 == 1);
        assert!(odd.is_ready());
        assert_eq!(block_on(odd), Some(&1));
        let even = dynamic.first_matching(|x| x % 2 == 0);
        assert!(!even.is_ready());
        assert_eq!(block_on(even), Some(&2));
        assert_eq!(block_on(dynamic.first_matching(|x| *x > 9)), None);
    }

    #[test]
    fn closure_argument_taking_a_reference() {
        let items = Items(Vec::new());
        let mut seen = Vec::new();
        let one = items.each(|w| seen.push(w.to_owned()), &["a"]);
        assert!(one.is_ready());
        assert_eq!(block_on(one), 1);
        let two = items.each(|w| seen.push(w.to_owned()), &["b", "c"]);
        assert!(!two.is_ready());
        assert_eq!(block_on(two), 3);
        assert_eq!(seen, ["a", "b", "c", "end"]);
    }
}

/// Associated types, in the output of a method and behind
/// `dyn Parse<Output = .., Error = ..>`; `?` in the prefix gives a ready
/// `Err` converted with `From`.
mod associated_types {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct ParseError(String);

    impl From<std::num::ParseIntError> for ParseError {
        fn from(error: std::num::ParseIntError) -> Self {
            ParseError(error.to_string())
        }
    }

    differential! {
        #[under_test]
        pub(crate) trait Parse: Send + Sync {
            type Output: Send;
            type Error: Send;

            async fn parse(&self, input: &str) -> Result<Self::Output, Self::Error>;
        }

        pub(crate) struct Small;

        #[under_test]
        impl Parse for Small {
            type Output = u32;
            type Error = ParseError;

            async fn parse(&self, input: &str) -> Result<u32, ParseError> {
                let n: u32 = input.trim().parse()?;
                if n < 100 {
                    return Ok(n);
                }
                Ok(yield_once(n / 100).await)
            }
        }

        pub(crate) fn scenario(input: &str) -> Trace {
            let mut trace = Trace::new();
            trace.run("concrete", Small.parse(input));
            let dynamic: Box<dyn Parse<Output = u32, Error = ParseError>> = Box::new(Small);
            trace.run("dyn", dynamic.parse(input));
            trace
        }
    }

    #[test]
    fn same_results_and_errors_are_ready() {
        for input in ["7", " 42 ", "1234", "x", "", "-1", "99999999999"] {
            let pending = input.trim().parse::<u32>().is_ok_and(|n| n >= 100);
            check(&fast::scenario(input), &baseline::scenario(input), |_| {
                Some(!pending)
            });
        }
    }
}

/// Associated consts (and a static method returning an associated type):
/// the trait is not dyn-compatible, so it is called on concrete types only.
mod associated_consts {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Unit {
            const SYMBOL: &'static str;
            const SCALE: u32 = 1;
            type Raw: Send;

            async fn raw() -> Self::Raw;

            async fn show(&self, v: u32) -> String {
                format!("{}{}", v * Self::SCALE, Self::SYMBOL)
            }

            async fn show_raw(&self) -> String
            where
                Self::Raw: Display,
            {
                let raw = Self::raw().await;
                format!("{raw}{}", Self::SYMBOL)
            }
        }

        pub(crate) struct Metre;
        pub(crate) struct Kilo;

        #[under_test]
        impl Unit for Metre {
            const SYMBOL: &'static str = "m";
            type Raw = u8;

            async fn raw() -> u8 {
                yield_once(3).await
            }
        }

        #[under_test]
        impl Unit for Kilo {
            const SYMBOL: &'static str = "g";
            const SCALE: u32 = 1000;
            type Raw = &'static str;

            async fn raw() -> &'static str {
                "raw"
            }

            async fn show(&self, v: u32) -> String {
                if v == 0 {
                    return "nothing".to_owned();
                }
                yield_once(format!("{}k{}", v, Self::SYMBOL)).await
            }
        }

        pub(crate) fn scenario(v: u32) -> Trace {
            let mut trace = Trace::new();
            trace.run("metre.show", Metre.show(v));
            trace.run("metre.raw", Metre::raw());
            trace.run("metre.show_raw", Metre.show_raw());
            trace.run("kilo.show", Kilo.show(v));
            trace.run("kilo.raw", <Kilo as Unit>::raw());
            trace.run("kilo.show_raw", Kilo.show_raw());
            trace
        }
    }

    #[test]
    fn same_results_and_ready_when_nothing_awaits() {
        for v in [0, 1, 5] {
            check(&fast::scenario(v), &baseline::scenario(v), |label| {
                Some(match label {
                    // `show_raw` awaits `raw`: ready when it is (rule 8).
                    "metre.show" | "kilo.raw" | "kilo.show_raw" => true,
                    "kilo.show" => v == 0,
                    _ => false,
                })
            });
        }
    }

    #[test]
    fn consts_are_still_consts() {
        // Usable where only a constant is: the attribute left them alone.
        const SCALE: u32 = <fast::Kilo as fast::Unit>::SCALE;
        let buffer = [0_u8; <fast::Metre as fast::Unit>::SYMBOL.len()];
        assert_eq!((SCALE, buffer.len()), (1000, 1));
    }
}

/// Supertraits: a plain one providing a sync method, a `#[fast_async]` one
/// providing an async method; a default body in the subtrait uses both,
/// through `&dyn Greeter` too (and calls the supertrait's method on it).
mod supertraits {
    use super::*;

    pub(crate) trait Named {
        fn name(&self) -> String;
    }

    pub(crate) struct Person(pub(crate) &'static str, pub(crate) u32);

    impl Named for Person {
        fn name(&self) -> String {
            self.0.to_owned()
        }
    }

    differential! {
        #[under_test]
        pub(crate) trait Identified: Send + Sync {
            async fn id(&self) -> u32;
        }

        #[under_test]
        pub(crate) trait Greeter: Identified + Named {
            async fn greet(&self, polite: bool) -> String {
                if !polite {
                    return self.name();
                }
                let id = self.id().await;
                format!("hello {} #{id}", self.name())
            }
        }

        #[under_test]
        impl Identified for Person {
            async fn id(&self) -> u32 {
                if self.1 < 10 {
                    return self.1;
                }
                yield_once(self.1).await
            }
        }

        #[under_test]
        impl Greeter for Person {}

        pub(crate) fn scenario(id: u32) -> Trace {
            let mut trace = Trace::new();
            let person = Person("ann", id);
            trace.run("greet rude", person.greet(false));
            trace.run("greet polite", person.greet(true));
            let dynamic: &dyn Greeter = &person;
            trace.run("greet rude", dynamic.greet(false));
            trace.run("id", dynamic.id());
            let upcast: &dyn Identified = dynamic;
            trace.run("id", upcast.id());
            trace
        }
    }

    #[test]
    fn same_results_and_ready_when_nothing_awaits() {
        for id in [1, 42] {
            check(&fast::scenario(id), &baseline::scenario(id), |label| {
                Some(match label {
                    "greet rude" => true,
                    // `greet` awaits `id` and goes on when it is ready.
                    _ => id < 10,
                })
            });
        }
    }
}

/// `Self` in signatures (arguments, outputs, `Self` by value without a
/// receiver) and in bodies (constructors, patterns, enum variants, inside a
/// `macro_rules!` defined in the body).
mod self_type {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Shape: Sized + Send + Sync {
            fn area(&self) -> u32;

            async fn unit() -> Self;

            async fn scaled(&self, k: u32) -> Self;

            async fn bigger(self, other: Self) -> Self {
                if self.area() >= other.area() {
                    return self;
                }
                yield_once(other).await
            }

            async fn bigger_of(a: Self, b: Self) -> Self {
                a.bigger(b).await
            }
        }

        #[derive(Debug, Clone, PartialEq)]
        pub(crate) struct Square(pub(crate) u32);

        #[under_test]
        impl Shape for Square {
            fn area(&self) -> u32 {
                self.0 * self.0
            }

            async fn unit() -> Self {
                Self(1)
            }

            async fn scaled(&self, k: u32) -> Self {
                let Self(side) = self;
                if k == 1 {
                    return Self(*side);
                }
                Self(yield_once(side * k).await)
            }
        }

        #[derive(Debug, Clone, PartialEq)]
        pub(crate) enum Blob {
            Empty,
            Round { r: u32 },
        }

        #[under_test]
        impl Shape for Blob {
            fn area(&self) -> u32 {
                match self {
                    Self::Empty => 0,
                    Self::Round { r } => 3 * r * r,
                }
            }

            async fn unit() -> Self {
                Self::Round { r: 1 }
            }

            async fn scaled(&self, k: u32) -> Self {
                macro_rules! radius {
                    () => {
                        match self {
                            Self::Empty => 0,
                            Self::Round { r } => *r,
                        }
                    };
                }
                let Blob::Round { .. } = self else {
                    return Self::Empty;
                };
                let r: u32 = radius!();
                Self::Round { r: yield_once(r * k).await }
            }
        }

        pub(crate) fn scenario(k: u32) -> Trace {
            let mut trace = Trace::new();
            let square = Square(2);
            trace.run("square.unit", Square::unit());
            let scaled = trace.run_and_keep("square.scaled", square.scaled(k));
            trace.run("square.bigger", square.clone().bigger(scaled.clone()));
            trace.run("square.bigger_of", Square::bigger_of(scaled, square));
            for blob in [Blob::Empty, Blob::Round { r: 2 }] {
                trace.run("blob.unit", Blob::unit());
                let scaled = trace.run_and_keep("blob.scaled", blob.scaled(k));
                trace.run("blob.bigger", blob.bigger(scaled));
            }
            trace
        }
    }

    #[test]
    fn same_results() {
        for k in [0, 1, 3] {
            check(
                &fast::scenario(k),
                &baseline::scenario(k),
                |label| match label {
                    "square.unit" | "blob.unit" => Some(true),
                    "square.scaled" => Some(k == 1),
                    // The scaled square is at least as big when `k >= 1`.
                    "square.bigger" => Some(k <= 1),
                    // `a.bigger(b).await`: a method call on an owned local is
                    // not a propagated await (it might borrow the frame).
                    "square.bigger_of" => Some(false),
                    // Depend on the blob; the values are checked.
                    _ => None,
                },
            );
        }
    }

    #[test]
    fn ready_paths_of_self_methods() {
        use fast::Shape;
        assert!(fast::Blob::Empty.scaled(5).is_ready());
        assert!(!fast::Blob::Round { r: 1 }.scaled(5).is_ready());
        assert!(fast::Square(3).bigger(fast::Square(1)).is_ready());
        assert!(!fast::Square(1).bigger(fast::Square(3)).is_ready());
    }
}

/// Elided lifetimes in arguments (`&str`, `&[T]`, `Foo<'_>`) and in the
/// output, explicit ones (`fn f<'a>(&'a self, x: &'a str) -> &'a str`), a
/// trait with lifetime parameters, and impls for types with lifetimes
/// (`Foo<'_>` and `&'a ()` in the impl header).
mod lifetimes {
    use super::*;

    #[derive(Debug)]
    pub(crate) struct Ref<'a>(pub(crate) &'a str);

    differential! {
        #[under_test]
        pub(crate) trait Text: Send + Sync {
            async fn count(&self, s: &str) -> usize;
            async fn total(&self, xs: &[u32]) -> u32;
            async fn length(&self, r: Ref<'_>) -> usize;
            async fn pick<'a>(&'a self, x: &'a str) -> &'a str;
            async fn head(&self, x: &str) -> &str;
            async fn longest<'a>(&self, a: &'a str, b: &'a str) -> &'a str;
            async fn own<'a>(&'a self, x: &str) -> &'a str;
            async fn keep<'a>(&self, r: Ref<'a>) -> Ref<'a>;
        }

        pub(crate) struct Doc(pub(crate) String);

        #[under_test]
        impl Text for Doc {
            async fn count(&self, s: &str) -> usize {
                if s.is_empty() {
                    return 0;
                }
                yield_once(s.len()).await
            }

            async fn total(&self, xs: &[u32]) -> u32 {
                if xs.is_empty() {
                    return 0;
                }
                yield_once(xs.iter().sum()).await
            }

            async fn length(&self, r: Ref<'_>) -> usize {
                if r.0.is_empty() {
                    return 0;
                }
                yield_once(r.0.len()).await
            }

            async fn pick<'a>(&'a self, x: &'a str) -> &'a str {
                if x.is_empty() {
                    return &self.0;
                }
                yield_once(x).await
            }

            async fn head(&self, x: &str) -> &str {
                if x.is_empty() {
                    return &self.0;
                }
                yield_once(&self.0[..1]).await
            }

            async fn longest<'a>(&self, a: &'a str, b: &'a str) -> &'a str {
                if a.len() >= b.len() {
                    return a;
                }
                yield_once(b).await
            }

            async fn own<'a>(&'a self, x: &str) -> &'a str {
                if x.is_empty() {
                    return &self.0;
                }
                yield_once(()).await;
                &self.0[x.len().min(self.0.len())..]
            }

            async fn keep<'a>(&self, r: Ref<'a>) -> Ref<'a> {
                if r.0.is_empty() {
                    return r;
                }
                yield_once(r).await
            }
        }

        /// A trait with a lifetime parameter, implemented for an unsized
        /// type; a default body without a receiver awaits a required one.
        #[under_test]
        pub(crate) trait Split<'a> {
            async fn first(input: Ref<'a>) -> &'a str;

            async fn both(a: Ref<'a>, b: Ref<'a>) -> String {
                let a = Self::first(a).await;
                let b = Self::first(b).await;
                format!("{a}|{b}")
            }
        }

        #[under_test]
        impl<'a> Split<'a> for str {
            async fn first(input: Ref<'a>) -> &'a str {
                match input.0.split_once(' ') {
                    Some((first, _)) => first,
                    None => yield_once(input.0).await,
                }
            }
        }

        /// Impls whose header has a lifetime: elided, and named.
        #[under_test]
        pub(crate) trait Loader {
            async fn load(&self, key: &str) -> usize;
        }

        #[under_test]
        impl Loader for Ref<'_> {
            async fn load(&self, key: &str) -> usize {
                if key.is_empty() {
                    return self.0.len();
                }
                yield_once(self.0.len() + key.len()).await
            }
        }

        #[under_test]
        #[allow(clippy::needless_lifetimes)]
        impl<'a> Loader for &'a () {
            async fn load(&self, key: &str) -> usize {
                key.len()
            }
        }

        pub(crate) fn scenario(x: &str) -> Trace {
            let mut trace = Trace::new();
            let doc = Doc("document".to_owned());
            let dynamic: &dyn Text = &doc;
            trace.run("count", dynamic.count(x));
            let numbers: Vec<u32> = x.bytes().map(u32::from).collect();
            trace.run("total", dynamic.total(&numbers));
            trace.run("length", dynamic.length(Ref(x)));
            trace.run("pick", dynamic.pick(x));
            trace.run("head", dynamic.head(x));
            trace.run("longest", dynamic.longest("four", x));
            trace.run("own", dynamic.own(x));
            trace.run("keep", dynamic.keep(Ref(x)));
            trace.run("first", <str as Split<'_>>::first(Ref(x)));
            trace.run("both", <str as Split<'_>>::both(Ref(x), Ref("a b")));
            trace.run("load", Ref("abc").load(x));
            let unit: &dyn Loader = &&();
            trace.run("load unit", unit.load(x));
            trace
        }
    }

    #[test]
    fn same_results_and_ready_when_nothing_awaits() {
        for x in ["", "ab", "hello world", "longer than four"] {
            check(&fast::scenario(x), &baseline::scenario(x), |label| {
                Some(match label {
                    "load unit" => true,
                    "longest" => x.len() <= 4,
                    // `both` awaits `first` twice, ready when both are.
                    "first" | "both" => x.contains(' '),
                    _ => x.is_empty(),
                })
            });
        }
    }
}

/// `impl Trait` arguments, top-level (`impl IntoIterator`, `impl FnMut`)
/// and behind a reference (`&(impl Display + Sync)`).
mod impl_trait_arguments {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Sink: Send + Sync {
            async fn sum(&self, xs: impl IntoIterator<Item = u32> + Send) -> u32;

            async fn each(&self, mut f: impl FnMut(usize) + Send, words: &[&str]) -> usize {
                for word in words {
                    f(word.len());
                }
                if words.len() < 2 {
                    return words.len();
                }
                f(yield_once(0).await);
                words.len() + 1
            }

            async fn show(&self, x: &(impl Display + Sync)) -> String;
        }

        pub(crate) struct Tank;

        #[under_test]
        impl Sink for Tank {
            async fn sum(&self, xs: impl IntoIterator<Item = u32> + Send) -> u32 {
                let total: u32 = xs.into_iter().sum();
                if total < 10 {
                    return total;
                }
                yield_once(total).await
            }

            async fn show(&self, x: &(impl Display + Sync)) -> String {
                let shown = x.to_string();
                if shown.len() < 3 {
                    return shown;
                }
                yield_once(format!("<{x}>")).await
            }
        }

        pub(crate) fn scenario(n: u32) -> Trace {
            let mut trace = Trace::new();
            trace.run("sum", Tank.sum(0..n));
            trace.run("sum", Tank.sum(vec![n; 3]));
            let mut seen = Vec::new();
            let words = ["a", "bb", "ccc"];
            trace.run("each", Tank.each(|len| seen.push(len), &words[..n.min(3) as usize]));
            trace.note("each saw", seen);
            trace.run("show", Tank.show(&n));
            trace.run("show", Tank.show(&"text"));
            trace
        }
    }

    #[test]
    fn same_results_and_ready_when_nothing_awaits() {
        for n in [0, 1, 3, 5, 200] {
            check(&fast::scenario(n), &baseline::scenario(n), |_| None);
        }
    }

    #[test]
    fn ready_when_nothing_awaits() {
        use fast::Sink;
        assert!(fast::Tank.sum([1, 2]).is_ready());
        assert!(!fast::Tank.sum([10, 20]).is_ready());
        assert!(fast::Tank.show(&7).is_ready());
        assert!(!fast::Tank.show(&"long").is_ready());
        let mut calls = 0;
        let one = fast::Tank.each(|_| calls += 1, &["x"]);
        assert!(one.is_ready());
        assert_eq!(block_on(one), 1);
        assert_eq!(calls, 1);
    }
}

/// Default bodies: one calling a sync trait method, one awaiting a required
/// async method, one calling another default; an impl overriding a default
/// and one keeping them all. Through `Arc<dyn Account + Send + Sync>`.
mod default_methods {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Account: Send + Sync {
            fn limit(&self) -> u64;

            async fn balance(&self) -> u64;

            /// Sync method only: ready.
            async fn headroom(&self, spent: u64) -> u64 {
                self.limit().saturating_sub(spent)
            }

            /// Awaits a required method first: ready when that one is (rule 8).
            async fn can_spend(&self, amount: u64) -> bool {
                let balance = self.balance().await;
                amount <= balance
            }

            /// Checks synchronously, then awaits another default.
            async fn spend(&self, amount: u64) -> Result<i128, String> {
                if amount > self.limit() {
                    return Err(format!("{amount} is over the limit"));
                }
                if !self.can_spend(amount).await {
                    return Err("not enough".to_owned());
                }
                Ok(i128::from(self.balance().await) - i128::from(amount))
            }
        }

        pub(crate) struct Plain(pub(crate) u64);

        #[under_test]
        impl Account for Plain {
            fn limit(&self) -> u64 {
                100
            }

            async fn balance(&self) -> u64 {
                yield_once(self.0).await
            }
        }

        pub(crate) struct Overdraft(pub(crate) u64);

        #[under_test]
        impl Account for Overdraft {
            fn limit(&self) -> u64 {
                1000
            }

            async fn balance(&self) -> u64 {
                self.0
            }

            async fn can_spend(&self, amount: u64) -> bool {
                amount <= self.0 + 50
            }
        }

        pub(crate) fn scenario(amount: u64) -> Trace {
            let mut trace = Trace::new();
            let plain: Arc<dyn Account + Send + Sync> = Arc::new(Plain(60));
            let overdraft: Arc<dyn Account + Send + Sync> = Arc::new(Overdraft(60));
            trace.run("plain.headroom", plain.headroom(amount));
            trace.run("plain.balance", plain.balance());
            trace.run("plain.can_spend", plain.can_spend(amount));
            trace.run("plain.spend", plain.spend(amount));
            trace.run("overdraft.headroom", overdraft.headroom(amount));
            trace.run("overdraft.balance", overdraft.balance());
            trace.run("overdraft.can_spend", overdraft.can_spend(amount));
            trace.run("overdraft.spend", overdraft.spend(amount));
            trace
        }
    }

    #[test]
    fn same_results() {
        for amount in [0, 59, 60, 100, 101, 110, 2000] {
            check(
                &fast::scenario(amount),
                &baseline::scenario(amount),
                |label| match label {
                    "plain.headroom" | "overdraft.headroom" => Some(true),
                    // `Plain::balance` awaits, so does the default `can_spend`
                    // awaiting it; `Overdraft`'s are ready.
                    "plain.balance" | "plain.can_spend" => Some(false),
                    "overdraft.balance" | "overdraft.can_spend" => Some(true),
                    // Ready when rejected at once; `can_spend(..).await` in an
                    // `if` condition is not a propagated await (rule 8).
                    "plain.spend" => Some(amount > 100),
                    "overdraft.spend" => Some(amount > 1000),
                    _ => None,
                },
            );
        }
    }

    #[test]
    fn ready_on_the_paths_that_do_not_await() {
        use fast::Account;
        let plain = fast::Plain(60);
        let overdraft = fast::Overdraft(60);
        assert!(!plain.balance().is_ready());
        assert!(overdraft.balance().is_ready());
        // The default awaits `balance`, which is pending.
        assert!(!plain.can_spend(1).is_ready());
        // Overridden: no await at all.
        assert!(overdraft.can_spend(1).is_ready());
        assert!(plain.spend(101).is_ready());
        assert!(!plain.spend(1).is_ready());
        let dynamic: Arc<dyn Account + Send + Sync> = Arc::new(fast::Overdraft(60));
        let future = dynamic.headroom(30);
        assert_send(&future);
        assert!(future.is_ready());
        assert_eq!(future.into_ready().ok(), Some(970));
    }
}

/// Non-async items of an annotated trait (fns, default fns, types, consts)
/// and of its impls are left as written.
mod untouched_items {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Config: Send + Sync {
            const LIMIT: usize;
            type Key: Send + Sync + Clone;

            fn key(&self) -> Self::Key;

            fn describe(&self) -> String {
                format!("limit {}", Self::LIMIT)
            }

            async fn fetch(&self) -> Self::Key;
        }

        pub(crate) struct Local;

        #[under_test]
        impl Config for Local {
            const LIMIT: usize = 4;
            type Key = &'static str;

            fn key(&self) -> &'static str {
                "local"
            }

            async fn fetch(&self) -> &'static str {
                self.key()
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.note("describe", Local.describe());
            trace.note("key", Local.key());
            trace.run("fetch", Local.fetch());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| Some(true));
    }

    #[test]
    fn sync_items_keep_their_types() {
        use fast::Config;
        let describe: fn(&fast::Local) -> String = <fast::Local as Config>::describe;
        let key: fn(&fast::Local) -> &'static str = <fast::Local as Config>::key;
        let array = [0_u8; <fast::Local as Config>::LIMIT];
        let cloned: <fast::Local as Config>::Key = key(&fast::Local);
        assert_eq!(
            (describe(&fast::Local), cloned, array.len()),
            ("limit 4".to_owned(), "local", 4)
        );
    }
}

/// The trait in one module, its impls in others (one naming it by path),
/// the callers in a third.
mod across_modules {
    use super::*;

    differential! {
        pub(crate) mod api {
            use super::*;

            #[under_test]
            pub(crate) trait Clock: Send + Sync {
                async fn now(&self) -> u64;
            }
        }

        pub(crate) mod backends {
            use super::*;

            pub(crate) struct Fixed(pub(crate) u64);

            #[under_test]
            impl api::Clock for Fixed {
                async fn now(&self) -> u64 {
                    self.0
                }
            }

            pub(crate) mod remote {
                use super::super::api::Clock;
                use super::*;

                pub(crate) struct Remote(pub(crate) u64);

                #[under_test]
                impl Clock for Remote {
                    async fn now(&self) -> u64 {
                        yield_once(self.0 + 1).await
                    }
                }
            }
        }

        pub(crate) fn scenario(t: u64) -> Trace {
            let mut trace = Trace::new();
            let clocks: Vec<Box<dyn api::Clock>> =
                vec![Box::new(backends::Fixed(t)), Box::new(backends::remote::Remote(t))];
            for clock in &clocks {
                trace.run("now", clock.now());
            }
            trace
        }
    }

    #[test]
    fn same_results() {
        for t in [0, 9] {
            let fast = fast::scenario(t);
            check(&fast, &baseline::scenario(t), |_| None);
            let ready: Vec<_> = fast.steps.iter().map(|step| step.ready).collect();
            assert_eq!(ready, [Some(true), Some(false)]);
        }
    }
}

/// Recursion through `&dyn Trait`: a tree of boxed nodes whose base cases
/// (leaves, depth 0) are ready, and a method recursing on itself through
/// `&dyn`.
mod recursion_through_dyn {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Node: Send + Sync {
            async fn total(&self, depth: u32) -> u64;
        }

        pub(crate) struct Leaf(pub(crate) u64);

        pub(crate) struct Branch {
            pub(crate) value: u64,
            pub(crate) children: Vec<Box<dyn Node>>,
        }

        #[under_test]
        impl Node for Leaf {
            async fn total(&self, _depth: u32) -> u64 {
                self.0
            }
        }

        #[under_test]
        impl Node for Branch {
            async fn total(&self, depth: u32) -> u64 {
                if depth == 0 {
                    return self.value;
                }
                let mut sum = self.value;
                for child in &self.children {
                    sum += child.total(depth - 1).await;
                }
                sum
            }
        }

        #[under_test]
        pub(crate) trait Fib: Send + Sync {
            async fn fib(&self, n: u64) -> u64;
        }

        pub(crate) struct Memo(pub(crate) Vec<u64>);

        #[under_test]
        impl Fib for Memo {
            async fn fib(&self, n: u64) -> u64 {
                if let Some(known) = self.0.get(n as usize) {
                    return *known;
                }
                let me: &dyn Fib = self;
                me.fib(n - 1).await + me.fib(n - 2).await
            }
        }

        pub(crate) fn tree() -> Branch {
            Branch {
                value: 1,
                children: vec![
                    Box::new(Leaf(10)),
                    Box::new(Branch {
                        value: 100,
                        children: vec![Box::new(Leaf(1000)), Box::new(Branch { value: 10_000, children: vec![] })],
                    }),
                ],
            }
        }

        pub(crate) fn scenario(n: u32) -> Trace {
            let mut trace = Trace::new();
            let root: Box<dyn Node> = Box::new(tree());
            trace.run("total", root.total(n));
            trace.run("leaf", Leaf(5).total(n));
            let memo = Memo(vec![0, 1, 1]);
            let dynamic: &dyn Fib = &memo;
            trace.run("fib", dynamic.fib(u64::from(n) * 5));
            trace
        }
    }

    #[test]
    fn same_results_and_ready_base_cases() {
        for n in [0, 1, 2, 3] {
            check(&fast::scenario(n), &baseline::scenario(n), |label| {
                Some(label == "leaf" || n == 0)
            });
        }
        assert_eq!(fast::scenario(3).steps[2].value, "610");
    }
}

/// `?Send` traits: futures holding an `Rc` across an await, an
/// `self: Rc<Self>` receiver, and a default body, through `&dyn` and
/// `Rc<dyn>`.
mod local_futures {
    use super::*;

    differential! {
        #[under_test(?Send)]
        pub(crate) trait Shared {
            async fn add(&self, n: usize) -> usize;

            async fn owners(self: Rc<Self>) -> usize;

            async fn add_twice(&self, n: usize) -> usize {
                let held = Rc::new(n);
                yield_once(()).await;
                self.add(*held).await;
                self.add(*held).await
            }
        }

        pub(crate) struct Cells(pub(crate) Rc<Cell<usize>>);

        #[under_test(?Send)]
        impl Shared for Cells {
            async fn add(&self, n: usize) -> usize {
                if n == 0 {
                    return self.0.get();
                }
                let cell = Rc::clone(&self.0);
                yield_once(()).await;
                cell.set(cell.get() + n);
                cell.get()
            }

            // Counting a clone of `self` made before the await instead
            // differs: see traits_pending.rs (`self` dropped at the call).
            async fn owners(self: Rc<Self>) -> usize {
                if Rc::strong_count(&self) > 1 {
                    return Rc::strong_count(&self);
                }
                yield_once(()).await;
                Rc::strong_count(&self)
            }
        }

        pub(crate) fn scenario(n: usize) -> Trace {
            let mut trace = Trace::new();
            let cells = Rc::new(Cells(Rc::new(Cell::new(0))));
            let dynamic: &dyn Shared = &*cells;
            trace.run("add", dynamic.add(n));
            trace.run("add_twice", dynamic.add_twice(n));
            trace.run("owners", Rc::clone(&cells).owners());
            let only: Rc<dyn Shared> = Rc::new(Cells(Rc::new(Cell::new(1))));
            trace.run("owners", only.owners());
            trace
        }
    }

    #[test]
    fn same_results_and_ready_when_nothing_awaits() {
        for n in [0, 3] {
            check(
                &fast::scenario(n),
                &baseline::scenario(n),
                |label| match label {
                    "add" => Some(n == 0),
                    "add_twice" => Some(false),
                    _ => None,
                },
            );
        }
    }

    #[test]
    fn returns_local_fast_futures() {
        use fast::Shared;
        let cells = fast::Cells(Rc::new(Cell::new(2)));
        let future: LocalFastFuture<'_, usize> = cells.add(0);
        assert!(future.is_ready());
        let pending: LocalFastFuture<'_, usize> = cells.add(5);
        assert!(!pending.is_ready());
        assert_eq!(block_on(pending), 7);
    }
}

/// A `#[fast_async]` trait and an `#[async_trait]` trait side by side in
/// one module, implemented by one type, each calling the other.
mod mixed_with_async_trait {
    use super::*;

    #[fast_async]
    pub(crate) trait Fast: Send + Sync {
        async fn fast(&self, n: u32) -> u32;
    }

    #[async_trait::async_trait]
    pub(crate) trait Boxed: Send + Sync {
        async fn boxed(&self, n: u32) -> u32;
    }

    pub(crate) struct Both;

    #[fast_async]
    impl Fast for Both {
        async fn fast(&self, n: u32) -> u32 {
            if n == 0 {
                return 0;
            }
            self.boxed(n - 1).await + 1
        }
    }

    #[async_trait::async_trait]
    impl Boxed for Both {
        async fn boxed(&self, n: u32) -> u32 {
            self.fast(n).await * 2
        }
    }

    #[test]
    fn each_calls_the_other() {
        let dynamic: &dyn Fast = &Both;
        assert!(dynamic.fast(0).is_ready());
        assert!(!dynamic.fast(1).is_ready());
        // fast(n) = 2 * fast(n - 1) + 1
        assert_eq!(block_on(dynamic.fast(4)), 15);
        let boxed: &dyn Boxed = &Both;
        assert_eq!(block_on(boxed.boxed(3)), 14);
        let future: Pin<Box<dyn std::future::Future<Output = u32> + Send + '_>> = boxed.boxed(0);
        assert_eq!(block_on(future), 0);
        let fast: FastFuture<'_, u32> = Both.fast(2);
        assert_eq!(block_on(fast), 3);
    }
}

/// The cache scenario of the issue: `impl<T: ..> Store for Wrapper<T>` (an
/// impl for a generic type), and impls that forward to an inner store: for
/// `Box<dyn Store>`, for `&S` and for `Arc<S>` (generic over `S: ?Sized`).
mod generic_and_forwarding_impls {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Store: Send + Sync {
            async fn get(&self, key: &str) -> Option<String>;

            async fn get_or(&self, key: &str, default: &str) -> String {
                match self.get(key).await {
                    Some(v) => v,
                    None => default.to_owned(),
                }
            }
        }

        /// A cache in front of a slow store: hits are ready.
        pub(crate) struct Wrapper<T> {
            pub(crate) map: HashMap<String, T>,
        }

        #[under_test]
        impl<T: Display + Send + Sync> Store for Wrapper<T> {
            async fn get(&self, key: &str) -> Option<String> {
                if let Some(v) = self.map.get(key) {
                    return Some(v.to_string());
                }
                let slow = yield_once(key.len()).await;
                (slow > 3).then(|| format!("slow {key}"))
            }
        }

        #[under_test]
        impl Store for Box<dyn Store> {
            async fn get(&self, key: &str) -> Option<String> {
                (**self).get(key).await
            }

            async fn get_or(&self, key: &str, default: &str) -> String {
                (**self).get_or(key, default).await
            }
        }

        #[under_test]
        impl<S: Store + ?Sized> Store for &S {
            async fn get(&self, key: &str) -> Option<String> {
                S::get(self, key).await
            }
        }

        #[under_test]
        impl<S: Store + ?Sized> Store for Arc<S> {
            async fn get(&self, key: &str) -> Option<String> {
                S::get(self, key).await
            }
        }

        pub(crate) fn wrapper() -> Wrapper<u32> {
            Wrapper { map: HashMap::from([("one".to_owned(), 1), ("two".to_owned(), 2)]) }
        }

        pub(crate) fn scenario(key: &str) -> Trace {
            let mut trace = Trace::new();
            let direct = wrapper();
            trace.run("wrapper.get", direct.get(key));
            trace.run("wrapper.get_or", direct.get_or(key, "none"));
            let boxed: Box<dyn Store> = Box::new(wrapper());
            trace.run("box.get", boxed.get(key));
            trace.run("box.get_or", boxed.get_or(key, "none"));
            let by_ref: &Wrapper<u32> = &direct;
            trace.run("ref.get", Store::get(&by_ref, key));
            trace.run("ref.get_or", Store::get_or(&by_ref, key, "none"));
            let arc: Arc<dyn Store> = Arc::new(wrapper());
            trace.run("arc.get", Store::get(&arc, key));
            trace.run("arc.get_or", Store::get_or(&arc, key, "none"));
            // `Box<dyn Store>` is itself a `Store`: behind `dyn` once more.
            let twice: Box<dyn Store> = Box::new(boxed);
            trace.run("box box.get", twice.get(key));
            trace
        }
    }

    #[test]
    fn same_results() {
        for key in ["one", "two", "abc", "four", ""] {
            let hit = key == "one" || key == "two";
            check(
                &fast::scenario(key),
                &baseline::scenario(key),
                |label| match label {
                    // Forwarding `S::get(self, key).await` is ready when the
                    // inner call is (rule 8). `(**self).get(key).await` is
                    // not a propagated await (a method call on a deref): boxed.
                    // `get_or` awaits in a `match` scrutinee: ready when
                    // its `get` is (rule 8 on a scrutinee), except through
                    // the `Box<dyn Store>` impl, which forwards it.
                    "wrapper.get" | "ref.get" | "arc.get" => Some(hit),
                    "wrapper.get_or" | "ref.get_or" | "arc.get_or" => Some(hit),
                    _ => Some(false),
                },
            );
        }
    }

    #[test]
    fn futures_through_arc_dyn_are_send() {
        use fast::Store;
        let store: Arc<dyn Store + Send + Sync> = Arc::new(fast::wrapper());
        // `store.get(..)` would pick the forwarding impl for `Arc<S>`.
        let dynamic: &(dyn Store + Send + Sync) = &*store;
        let hit = dynamic.get("one");
        let miss = dynamic.get("three");
        let default = dynamic.get_or("one", "none");
        assert_send(&hit);
        assert_send(&miss);
        assert_send(&default);
        assert!(hit.is_ready());
        assert!(!miss.is_ready());
        assert_eq!(block_on(hit).as_deref(), Some("1"));
        assert_eq!(block_on(miss).as_deref(), Some("slow three"));
        assert_eq!(block_on(default), "1");
        let owned = Arc::clone(&store);
        let handle = std::thread::spawn(move || block_on(owned.get_or("five", "none")));
        assert_eq!(handle.join().unwrap(), "slow five");
    }
}

/// `unsafe trait`, `unsafe impl` and `async unsafe fn` methods (an
/// `unsafe` block in the body, as the `unsafe_op_in_unsafe_fn` lint asks).
mod unsafe_traits {
    use super::*;

    differential! {
        /// # Safety
        /// `get` must be called with `index < len()`.
        #[under_test]
        pub(crate) unsafe trait Buffer: Send + Sync {
            fn len(&self) -> usize;

            /// # Safety
            /// `index < self.len()`.
            async unsafe fn get(&self, index: usize) -> u32;
        }

        pub(crate) struct Bytes(pub(crate) Vec<u32>);

        // SAFETY: `get` reads only within `len()`.
        #[under_test]
        unsafe impl Buffer for Bytes {
            fn len(&self) -> usize {
                self.0.len()
            }

            async unsafe fn get(&self, index: usize) -> u32 {
                if index == 0 {
                    // SAFETY: the caller promised `index < len()`.
                    return unsafe { *self.0.get_unchecked(0) };
                }
                yield_once(()).await;
                // SAFETY: as above.
                unsafe { *self.0.get_unchecked(index) }
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            let bytes = Bytes(vec![5, 6, 7]);
            let dynamic: &dyn Buffer = &bytes;
            for index in 0..dynamic.len() {
                // SAFETY: `index < len()`.
                trace.run("get", unsafe { dynamic.get(index) });
            }
            trace
        }
    }

    #[test]
    fn same_results() {
        let fast = fast::scenario();
        check(&fast, &baseline::scenario(), |_| None);
        let ready: Vec<_> = fast.steps.iter().map(|step| step.ready).collect();
        assert_eq!(ready, [Some(true), Some(false), Some(false)]);
    }
}

/// Middleware, `tower`-style: a validating layer that rejects bad requests
/// synchronously (ready, no allocation) and forwards good ones to an inner
/// `Arc<dyn Service>` (boxed); a caching layer whose hits are ready.
mod middleware {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct Request {
        pub(crate) path: String,
        pub(crate) body: Vec<u8>,
    }

    #[derive(Debug, Clone, PartialEq)]
    pub(crate) enum Error {
        BadRequest(&'static str),
        TooLarge(usize),
        NotFound(String),
    }

    fn check_size(body: &[u8]) -> Result<usize, Error> {
        if body.len() > 8 {
            return Err(Error::TooLarge(body.len()));
        }
        Ok(body.len())
    }

    differential! {
        #[under_test]
        pub(crate) trait Service: Send + Sync {
            async fn call(&self, request: Request) -> Result<String, Error>;
        }

        /// The real work: always awaits.
        pub(crate) struct Backend;

        #[under_test]
        impl Service for Backend {
            async fn call(&self, request: Request) -> Result<String, Error> {
                let path = yield_once(request.path).await;
                if path == "/missing" {
                    return Err(Error::NotFound(path));
                }
                Ok(format!("{path}: {} bytes", request.body.len()))
            }
        }

        pub(crate) struct Validate {
            pub(crate) inner: Arc<dyn Service>,
        }

        #[under_test]
        impl Service for Validate {
            async fn call(&self, request: Request) -> Result<String, Error> {
                if !request.path.starts_with('/') {
                    return Err(Error::BadRequest("path must start with /"));
                }
                check_size(&request.body)?;
                self.inner.call(request).await
            }
        }

        pub(crate) struct Cache {
            pub(crate) inner: Arc<dyn Service>,
            pub(crate) hits: Mutex<HashMap<String, String>>,
        }

        #[under_test]
        impl Service for Cache {
            async fn call(&self, request: Request) -> Result<String, Error> {
                if let Some(hit) = self.hits.lock().unwrap().get(&request.path) {
                    return Ok(hit.clone());
                }
                let response = self.inner.call(request.clone()).await?;
                self.hits.lock().unwrap().insert(request.path, response.clone());
                Ok(response)
            }
        }

        pub(crate) fn cache() -> Cache {
            Cache { inner: Arc::new(Backend), hits: Mutex::default() }
        }

        /// Validation in front of a cache in front of the backend.
        pub(crate) fn stack() -> Arc<dyn Service + Send + Sync> {
            Arc::new(Validate { inner: Arc::new(cache()) })
        }

        pub(crate) fn scenario(requests: &[Request]) -> Trace {
            let mut trace = Trace::new();
            let validate = Validate { inner: Arc::new(Backend) };
            let cache = cache();
            let stack = stack();
            for request in requests {
                trace.run("validate", validate.call(request.clone()));
                trace.run("cache", cache.call(request.clone()));
                trace.run("cache again", cache.call(request.clone()));
                trace.run("stack", stack.call(request.clone()));
                trace.run("stack again", stack.call(request.clone()));
            }
            trace
        }
    }

    fn request(path: &str, len: usize) -> Request {
        Request {
            path: path.to_owned(),
            body: vec![0; len],
        }
    }

    #[test]
    fn same_results_and_rejections_are_ready() {
        let cases = [
            (request("/a", 1), true),
            (request("/missing", 0), true),
            (request("no-slash", 0), false),
            (request("/big", 9), false),
            (request("/ok", 8), true),
        ];
        for (request, valid) in cases {
            let requests = [request];
            let found = requests[0].path != "/missing";
            check(
                &fast::scenario(&requests),
                &baseline::scenario(&requests),
                |label| {
                    Some(match label {
                        // Rejected synchronously: ready. Forwarded: boxed (the
                        // forwarding `.await` ends the prefix, even when the
                        // inner cache would be ready: rule 8 of DESIGN.md).
                        "validate" | "stack" => !valid,
                        "cache" => false,
                        // A success is cached (and then ready); an error is not.
                        "cache again" => found,
                        // Validation goes on synchronously through a ready
                        // cache hit (rule 8).
                        _ => !valid || found,
                    })
                },
            );
        }
    }

    #[test]
    fn futures_are_send() {
        use fast::Service;
        let service = fast::stack();
        let rejected = service.call(request("bad", 0));
        let forwarded = service.call(request("/good", 2));
        assert_send(&rejected);
        assert_send(&forwarded);
        assert!(rejected.is_ready());
        assert!(!forwarded.is_ready());
        assert_eq!(
            block_on(rejected),
            Err(Error::BadRequest("path must start with /"))
        );
        let response = std::thread::scope(|scope| scope.spawn(|| block_on(forwarded)).join());
        assert_eq!(response.unwrap().as_deref(), Ok("/good: 2 bytes"));

        let cache: Arc<dyn Service + Send + Sync> = Arc::new(fast::cache());
        let miss = cache.call(request("/c", 0));
        assert!(!miss.is_ready());
        assert_eq!(block_on(miss).as_deref(), Ok("/c: 0 bytes"));
        let hit = cache.call(request("/c", 0));
        assert_send(&hit);
        assert!(hit.is_ready());
        assert_eq!(hit.into_ready().ok(), Some(Ok("/c: 0 bytes".to_owned())));
    }
}

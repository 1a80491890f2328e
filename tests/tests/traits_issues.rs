//! The cases of async-trait's own test suite (`tests/test.rs`, one module
//! per issue there, named after it), each written once in `differential!`
//! and so compiled under both `#[fast_async]` and `#[async_trait]`, then
//! exercised: called, with outputs compared (and readiness checked where a
//! path must be ready).
//!
//! Where async-trait's case does not compile under `#[fast_async]`, or
//! behaves differently, the case here is the nearest variant that does (the
//! comment says what changed) and the original is in `traits_pending.rs`.
//! Cases that need nightly or other crates (specialization, `tracing`,
//! `futures::select!`, `impl Trait` in associated types, `-> !`) are left
//! out.
#![deny(rust_2021_compatibility, unused_qualifications)]

mod traits_support;

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;

use fast_async::fast_async;
use fast_async_tests::{block_on, yield_once};
use traits_support::{assert_send, check, differential, Trace};

/// The expansions must not reach `core` by a relative path.
mod core {}

/// async-trait's first test: every receiver, a required static method
/// returning an associated type, elided and explicit lifetimes, a generic
/// type parameter, default bodies calling other methods through `self`,
/// `Self::` and `<Self>::`.
mod main_trait {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Trait {
            type Assoc;

            async fn selfvalue(self) -> u32
            where
                Self: Sized,
            {
                1
            }

            async fn selfref(&self) -> u32 {
                2
            }

            async fn selfmut(&mut self) -> u32 {
                3
            }

            async fn required() -> Self::Assoc;

            async fn elided_lifetime(x: &str) -> usize {
                x.len()
            }

            async fn explicit_lifetime<'a>(x: &'a str) -> &'a str {
                x
            }

            // Upstream writes `<T: Send>`, which trips clippy under
            // #[fast_async], and so does `boxed_local` here: the ready body
            // runs in the fn itself (see traits_pending.rs).
            #[allow(clippy::boxed_local)]
            async fn generic_type_param<T>(x: Box<T>) -> T
            where
                T: Send,
            {
                *x
            }

            async fn calls(&self) -> usize {
                self.selfref().await;
                Self::elided_lifetime("ab").await + <Self>::elided_lifetime("c").await
            }

            async fn calls_mut(&mut self) -> u32 {
                self.selfmut().await
            }
        }

        pub(crate) struct Struct;

        #[under_test]
        impl Trait for Struct {
            type Assoc = &'static str;

            async fn selfvalue(self) -> u32 {
                10
            }

            async fn selfref(&self) -> u32 {
                20
            }

            async fn selfmut(&mut self) -> u32 {
                yield_once(30).await
            }

            async fn required() -> Self::Assoc {
                "required"
            }

            async fn elided_lifetime(x: &str) -> usize {
                x.len() * 10
            }

            async fn explicit_lifetime<'a>(x: &'a str) -> &'a str {
                &x[1..]
            }

            async fn calls(&self) -> usize {
                self.selfref().await;
                Self::elided_lifetime("").await + <Self>::elided_lifetime("x").await
            }
        }

        pub(crate) struct Defaults;

        #[under_test]
        impl Trait for Defaults {
            type Assoc = u8;

            async fn required() -> u8 {
                yield_once(8).await
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            let mut s = Struct;
            trace.run("selfref", s.selfref());
            trace.run("selfmut", s.selfmut());
            trace.run("required", Struct::required());
            trace.run("elided_lifetime", Struct::elided_lifetime("abc"));
            trace.run("explicit_lifetime", Struct::explicit_lifetime("abc"));
            trace.run("generic_type_param", Struct::generic_type_param(Box::new("boxed")));
            trace.run("calls", s.calls());
            trace.run("calls_mut", s.calls_mut());
            trace.run("selfvalue", s.selfvalue());
            let mut d = Defaults;
            trace.run("d.selfref", d.selfref());
            trace.run("d.selfmut", d.selfmut());
            trace.run("d.required", Defaults::required());
            trace.run("d.elided_lifetime", Defaults::elided_lifetime("abc"));
            trace.run("d.explicit_lifetime", Defaults::explicit_lifetime("abc"));
            trace.run("d.calls", d.calls());
            trace.run("d.calls_mut", d.calls_mut());
            trace.run("d.selfvalue", d.selfvalue());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(!matches!(
                label,
                "selfmut" | "calls" | "calls_mut" | "d.required" | "d.calls" | "d.calls_mut"
            ))
        });
    }
}

/// `test_object_safe_without_default`, `_with_default` (a `Sync`
/// supertrait) and `test_object_no_send` (`?Send`): `&dyn` calls.
mod object_safe {
    use super::*;

    differential! {
        pub(crate) struct Struct;

        #[under_test]
        pub(crate) trait WithoutDefault {
            async fn f(&self) -> u8;
        }

        #[under_test]
        impl WithoutDefault for Struct {
            async fn f(&self) -> u8 {
                1
            }
        }

        #[under_test]
        pub(crate) trait WithDefault: Sync {
            async fn f(&self) -> u8 {
                yield_once(2).await
            }
        }

        #[under_test]
        impl WithDefault for Struct {}

        #[under_test(?Send)]
        pub(crate) trait NoSend: Sync {
            async fn f(&self) -> u8 {
                3
            }
        }

        #[under_test(?Send)]
        impl NoSend for Struct {
            async fn f(&self) -> u8 {
                yield_once(4).await
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("without default", (&Struct as &dyn WithoutDefault).f());
            trace.run("with default", (&Struct as &dyn WithDefault).f());
            trace.run("no send", (&Struct as &dyn NoSend).f());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label == "without default")
        });
    }
}

/// `unsafe trait`s with no methods, of every visibility, and an
/// `unsafe impl`.
mod unsafe_traits {
    use super::*;

    differential! {
        /// # Safety
        /// None needed: a marker.
        #[under_test]
        pub(crate) unsafe trait UnsafeTrait {
            fn marker(&self) -> &'static str {
                "unsafe trait"
            }
        }

        // SAFETY: a marker.
        #[under_test]
        unsafe impl UnsafeTrait for () {}

        /// # Safety
        /// None needed: a marker.
        #[under_test]
        #[allow(dead_code)]
        pub(crate) unsafe trait UnsafeTraitPubCrate {}

        /// # Safety
        /// None needed: a marker.
        #[under_test]
        #[allow(dead_code)]
        unsafe trait UnsafeTraitPrivate {}
    }

    #[test]
    fn still_unsafe_traits() {
        assert_eq!(fast::UnsafeTrait::marker(&()), "unsafe trait");
        assert_eq!(baseline::UnsafeTrait::marker(&()), "unsafe trait");
    }
}

/// `test_can_destruct`: patterns with `ref` and `ref mut` in the arguments
/// (a ready body; with an await, see traits_pending.rs).
mod can_destruct {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait CanDestruct {
            async fn f(&self, foos: (u8, u8, u8, u8)) -> u8;
        }

        pub(crate) struct Struct;

        #[under_test]
        impl CanDestruct for Struct {
            async fn f(&self, (a, ref mut b, ref c, d): (u8, u8, u8, u8)) -> u8 {
                let _a: u8 = a;
                let _b: &mut u8 = b;
                *_b += 1;
                let _c: &u8 = c;
                let _d: u8 = d;
                _a + *_b + *_c + _d
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("f", Struct.f((1, 2, 3, 4)));
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| Some(true));
        assert_eq!(fast::scenario().steps[0].value, "11");
    }
}

/// `test_self_in_macro`: `self` inside `format!` (async-trait renames
/// `self`; the macro must still see it).
mod self_in_macro {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Trait {
            async fn a(self) -> String;
            async fn b(&mut self) -> String;
            async fn c(&self) -> String;
        }

        #[under_test]
        impl Trait for String {
            async fn a(self) -> String {
                format!("a {}", self)
            }
            async fn b(&mut self) -> String {
                self.push('!');
                format!("b {}", self)
            }
            async fn c(&self) -> String {
                yield_once(()).await;
                format!("c {}", self)
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            let mut s = "s".to_owned();
            trace.run("b", s.b());
            trace.run("c", s.c());
            trace.run("a", s.a());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label != "c")
        });
    }
}

/// `test_inference`: a ready default body whose value must be coerced to
/// the declared output (`Box<Empty>` to `Box<dyn Iterator>`);
/// `test_internal_items`: an item with its own `self` inside a body;
/// `test_unimplemented`: a body that panics.
mod bodies {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Inference {
            async fn f() -> Box<dyn Iterator<Item = ()>> {
                Box::new(std::iter::empty())
            }
        }

        impl Inference for () {}

        #[under_test]
        #[allow(clippy::items_after_statements)]
        pub(crate) trait InternalItems: Sized {
            async fn f(self) -> u8 {
                struct Struct;

                impl Struct {
                    fn f(self) -> u8 {
                        let _ = self;
                        7
                    }
                }

                Struct.f()
            }
        }

        impl InternalItems for () {}

        #[under_test]
        pub(crate) trait Unimplemented {
            async fn f() {
                unimplemented!()
            }
        }

        impl Unimplemented for () {}

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.note("inference", block_on(<() as Inference>::f()).count());
            trace.run("internal items", ().f());
            let panicked = std::panic::catch_unwind(|| block_on(<() as Unimplemented>::f()));
            trace.note("unimplemented panics", panicked.is_err());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| Some(true));
    }

    #[test]
    fn ready() {
        use fast::Inference;
        assert!(<() as Inference>::f().is_ready());
    }
}

/// Issue 1: a generic method in an impl for a generic type.
mod issue1 {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Issue1 {
            async fn f<U>(&self) -> usize;
        }

        #[under_test]
        impl<T: Sync> Issue1 for Vec<T> {
            async fn f<U>(&self) -> usize {
                self.len() * size_of::<U>()
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("f", vec![1_u8, 2].f::<u32>());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| Some(true));
    }
}

/// Issue 2: a default body that awaits `self` (the trait extends
/// `Future`), then the future it gave.
mod issue2 {
    use super::*;
    use std::future::{ready, Future, Ready};

    differential! {
        #[under_test]
        pub(crate) trait Issue2: Future {
            async fn flatten(self) -> <Self::Output as Future>::Output
            where
                Self::Output: Future + Send,
                Self: Sized,
            {
                let nested_future = self.await;
                nested_future.await
            }
        }

        impl Issue2 for Ready<Ready<u32>> {}

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("flatten", ready(ready(5)).flatten());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| Some(false));
    }
}

/// Issue 9: `Self` by value without a receiver, `Send` from the
/// supertraits. Issue 11 and 210: `self: Arc<Self>`, required and default
/// (with `Send + Sync` supertraits; without them, see traits_pending.rs).
mod issue9_11_210 {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Issue9: Sized + Send {
            async fn f(x: Self) -> Self {
                yield_once(x).await
            }
        }

        impl Issue9 for u8 {}

        #[under_test]
        pub(crate) trait Issue11 {
            async fn example(self: Arc<Self>) -> usize;
        }

        pub(crate) struct Struct;

        #[under_test]
        impl Issue11 for Struct {
            async fn example(self: Arc<Self>) -> usize {
                Arc::strong_count(&self)
            }
        }

        #[under_test]
        pub(crate) trait Issue210: Send + Sync {
            async fn f(self: Arc<Self>) -> usize {
                yield_once(()).await;
                Arc::strong_count(&self)
            }
        }

        impl Issue210 for Struct {}

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("issue9", <u8 as Issue9>::f(9));
            let shared = Arc::new(Struct);
            trace.run("issue11", Arc::clone(&shared).example());
            let dynamic: Arc<dyn Issue210> = shared;
            trace.run("issue210", dynamic.f());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label == "issue11")
        });
    }

    #[test]
    fn arc_self_future_is_send() {
        use fast::Issue210;
        let dynamic: Arc<dyn Issue210> = Arc::new(fast::Struct);
        let future = dynamic.f();
        assert_send(&future);
        assert_eq!(
            std::thread::spawn(move || block_on(future)).join().unwrap(),
            1
        );
    }
}

/// Issue 15: an argument mentioning `dyn Trait + Send`. Issue 17: a
/// `self` field used in `println!`-style macros.
mod issue15_17 {
    use super::*;
    use std::marker::PhantomData;

    pub(crate) trait Marker {}

    differential! {
        #[under_test]
        pub(crate) trait Issue15 {
            async fn myfn(&self, _: PhantomData<dyn Marker + Send>) -> u8 {
                15
            }
        }

        #[under_test]
        pub(crate) trait Issue17 {
            async fn f(&self) -> String;
        }

        pub(crate) struct Struct {
            pub(crate) string: String,
        }

        impl Issue15 for Struct {}

        #[under_test]
        impl Issue17 for Struct {
            async fn f(&self) -> String {
                self.string.clone()
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            let s = Struct { string: "seventeen".to_owned() };
            trace.run("issue15", s.myfn(PhantomData));
            trace.run("issue17", s.f());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| Some(true));
    }
}

/// Issue 23: `mut self`, in an impl and in a default body (awaiting between
/// two mutations).
mod issue23 {
    use super::*;

    fn do_something(v: &mut Vec<u8>) {
        v.push(v.len() as u8);
    }

    differential! {
        #[under_test]
        pub(crate) trait Issue23: Sized {
            async fn f(self) -> Self;

            async fn g(mut self) -> Self
            where
                Self: AsMut<Vec<u8>> + Send,
            {
                do_something(self.as_mut());
                yield_once(()).await;
                do_something(self.as_mut());
                self
            }
        }

        #[derive(Debug)]
        pub(crate) struct S(pub(crate) Vec<u8>);

        impl AsMut<Vec<u8>> for S {
            fn as_mut(&mut self) -> &mut Vec<u8> {
                &mut self.0
            }
        }

        #[under_test]
        impl Issue23 for S {
            async fn f(mut self) -> Self {
                do_something(&mut self.0);
                self
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            let s = trace.run_and_keep("f", S(vec![]).f());
            trace.run("g", s.g());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label == "f")
        });
    }
}

/// Issue 28: traits with lifetime parameters (chained or not into the
/// arguments), an impl for the unsized `str`, an impl for `&'a ()`.
/// Issue 31: a default body without receiver awaiting `Self::` twice.
mod issue28_31 {
    use super::*;

    #[derive(Debug)]
    pub(crate) struct Str<'a>(pub(crate) &'a str);

    differential! {
        #[under_test]
        pub(crate) trait Trait1<'a> {
            async fn f(x: Str<'a>) -> &'a str;
            async fn g(x: Str<'a>) -> &'a str {
                x.0
            }
        }

        #[under_test]
        impl<'a> Trait1<'a> for str {
            async fn f(x: Str<'a>) -> &'a str {
                yield_once(&x.0[1..]).await
            }
        }

        #[under_test]
        pub(crate) trait Trait2 {
            async fn f() -> usize;
        }

        #[under_test]
        #[allow(clippy::needless_lifetimes)]
        impl<'a> Trait2 for &'a () {
            async fn f() -> usize {
                2
            }
        }

        #[under_test]
        pub(crate) trait Trait3<'a, 'b> {
            async fn f(_: &'a &'b ()) -> u8; // chain 'a and 'b
            async fn g(_: &'b ()) -> u8; // chain 'b only
            async fn h() -> u8; // do not chain
        }

        #[under_test]
        impl<'a, 'b> Trait3<'a, 'b> for () {
            async fn f(_: &'a &'b ()) -> u8 {
                yield_once(1).await
            }
            async fn g(_: &'b ()) -> u8 {
                2
            }
            async fn h() -> u8 {
                3
            }
        }

        #[under_test]
        pub(crate) trait Issue31<'a> {
            async fn hello(thing: Str<'a>) -> String;
            async fn hello_twice(one: Str<'a>, two: Str<'a>) -> String {
                let str1 = Self::hello(one).await;
                let str2 = Self::hello(two).await;
                str1 + &str2
            }
        }

        #[under_test]
        impl<'a> Issue31<'a> for () {
            async fn hello(thing: Str<'a>) -> String {
                format!("hello {}. ", thing.0)
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            let text = "abc".to_owned();
            trace.run("trait1.f", <str as Trait1<'_>>::f(Str(&text)));
            trace.run("trait1.g", <str as Trait1<'_>>::g(Str(&text)));
            trace.run("trait2", <&() as Trait2>::f());
            trace.run("trait3.f", <() as Trait3<'_, '_>>::f(&&()));
            trace.run("trait3.g", <() as Trait3<'_, '_>>::g(&()));
            trace.run("trait3.h", <() as Trait3<'_, '_>>::h());
            trace.run("issue31", <() as Issue31<'_>>::hello_twice(Str("a"), Str(&text)));
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            // `hello_twice` awaits two ready `hello`s: ready (rule 8).
            Some(!matches!(label, "trait1.f" | "trait3.f"))
        });
    }
}

/// Issue 42: a static method returning `Self`, its impl naming the type.
/// Issue 44: where clauses on the trait, an empty impl using the default.
mod issue42_44 {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Context: Sized {
            async fn from_parts() -> Self;
        }

        #[derive(Debug, Clone)]
        pub(crate) struct TokenContext;

        #[under_test]
        impl Context for TokenContext {
            async fn from_parts() -> TokenContext {
                TokenContext
            }
        }

        #[under_test]
        pub(crate) trait StaticWithWhereSelf
        where
            Box<Self>: Sized,
            Self: Sized + Send,
        {
            async fn get_one() -> u8 {
                1
            }
        }

        #[under_test]
        impl StaticWithWhereSelf for TokenContext {}

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("from_parts", TokenContext::from_parts());
            trace.run("get_one", TokenContext::get_one());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| Some(true));
    }
}

/// Issue 46: a trait written by `macro_rules!`, its generic parameter
/// coming from the macro's input. (The upstream body recursed forever
/// through `self.f(x).await`; this one counts down.)
mod issue46 {
    use super::*;

    differential! {
        macro_rules! implement_commands {
            ($tyargs:ident : $ty:ident) => {
                #[under_test]
                pub(crate) trait AsyncCommands: Sized {
                    fn count(&mut self) -> &mut u32;

                    // Upstream: `f<$tyargs: $ty>`; an inline bound trips
                    // clippy under #[fast_async] (see traits_pending.rs).
                    async fn f<$tyargs>(&mut self, x: $tyargs) -> u32
                    where
                        $tyargs: $ty,
                    {
                        if *self.count() == 0 {
                            return 0;
                        }
                        *self.count() -= 1;
                        self.f(x).await + 1
                    }
                }
            };
        }

        implement_commands!(K: Send);

        impl AsyncCommands for u32 {
            fn count(&mut self) -> &mut u32 {
                self
            }
        }

        pub(crate) fn scenario(n: u32) -> Trace {
            let mut trace = Trace::new();
            let mut counter = n;
            trace.run("f", counter.f("x"));
            trace
        }
    }

    #[test]
    fn same_results() {
        for n in [0, 3] {
            check(&fast::scenario(n), &baseline::scenario(n), |_| Some(n == 0));
        }
    }
}

/// Issues 53, 81, 87: `Self` as a unit, tuple and struct constructor and
/// in patterns, in impls for structs and enums.
mod issue53_81_87 {
    use super::*;

    differential! {
        pub(crate) struct Unit;
        pub(crate) struct Tuple(pub(crate) u8);
        pub(crate) struct Struct {
            pub(crate) x: u8,
        }
        pub(crate) enum Enum {
            Variant,
        }
        pub(crate) enum TupleEnum {
            V(),
        }
        pub(crate) enum StructEnum {
            V {},
        }

        #[under_test]
        pub(crate) trait Trait {
            async fn method() -> u8;
        }

        #[under_test]
        impl Trait for Unit {
            async fn method() -> u8 {
                let _ = Self;
                1
            }
        }

        #[under_test]
        impl Trait for Tuple {
            async fn method() -> u8 {
                Self(2).0
            }
        }

        #[under_test]
        impl Trait for Struct {
            async fn method() -> u8 {
                Self { x: 3 }.x
            }
        }

        #[under_test]
        impl Trait for std::marker::PhantomData<Struct> {
            async fn method() -> u8 {
                let _ = Self;
                4
            }
        }

        #[under_test]
        pub(crate) trait Handle {
            async fn handle(&self) -> u8;
        }

        #[under_test]
        impl Handle for Enum {
            async fn handle(&self) -> u8 {
                let Enum::Variant = self;
                let Self::Variant = self;
                yield_once(81).await
            }
        }

        #[under_test]
        impl Handle for TupleEnum {
            async fn handle(&self) -> u8 {
                let TupleEnum::V() = self;
                let Self::V() = self;
                let _ = Self::V;
                let _ = Self::V();
                87
            }
        }

        #[under_test]
        impl Handle for StructEnum {
            async fn handle(&self) -> u8 {
                let StructEnum::V {} = self;
                let Self::V {} = self;
                let _ = Self::V {};
                88
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("unit", Unit::method());
            trace.run("tuple", Tuple::method());
            trace.run("struct", Struct::method());
            trace.run("phantom", <std::marker::PhantomData<Struct> as Trait>::method());
            trace.run("enum", Enum::Variant.handle());
            trace.run("tuple enum", TupleEnum::V().handle());
            trace.run("struct enum", StructEnum::V {}.handle());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label != "enum")
        });
    }
}

/// Issue 57 and 134: const generic parameters, with and without `self`.
/// (Upstream writes `<T: Send, const C: usize>`: see traits_pending.rs.)
mod issue57_134 {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Trait {
            async fn const_generic<T, const C: usize>(xs: [T; C]) -> usize
            where
                T: Send,
            {
                xs.len()
            }

            async fn run<const DUMMY: bool>(self) -> bool
            where
                Self: Sized,
            {
                yield_once(DUMMY).await
            }
        }

        pub(crate) struct Struct;

        #[under_test]
        impl Trait for Struct {
            async fn const_generic<T, const C: usize>(xs: [T; C]) -> usize
            where
                T: Send,
            {
                xs.len() + 1
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("const_generic", Struct::const_generic([0; 10]));
            trace.run("run", Struct.run::<true>());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label == "const_generic")
        });
    }
}

/// Issue 68: a `macro_rules!` defined in a default body, naming `Self` and
/// `self`. Issue 73: an associated const read by a default body. Issue 83:
/// `self: &Self`.
mod issue68_73_83 {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Example {
            const ASSOCIATED: &'static str;

            async fn method(&self) -> String {
                macro_rules! t {
                    () => {{
                        let _: &Self = self;
                        Self::ASSOCIATED
                    }};
                }
                t!().to_owned()
            }

            async fn associated(&self) -> String {
                yield_once(format!("Associated:{}", Self::ASSOCIATED)).await
            }

            #[allow(clippy::needless_arbitrary_self_type)]
            async fn g(self: &Self) -> &'static str {
                Self::ASSOCIATED
            }
        }

        pub(crate) struct Struct;

        impl Example for Struct {
            const ASSOCIATED: &'static str = "assoc";
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("method", Struct.method());
            trace.run("associated", Struct.associated());
            trace.run("g", Struct.g());
            trace
        }
    }

    #[test]
    fn same_results() {
        // `method`'s body is a user macro `t!()`, which may await or
        // return (issue 10): boxed.
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label == "g")
        });
    }
}

/// Issue 85: attributes on methods are kept (`#[allow(non_snake_case)]`
/// under `#![deny(non_snake_case)]`).
mod issue85 {
    #![deny(non_snake_case)]

    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Trait {
            #[allow(non_snake_case)]
            async fn camelCase() -> u8;
        }

        pub(crate) struct Struct;

        #[under_test]
        impl Trait for Struct {
            async fn camelCase() -> u8 {
                85
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("camelCase", Struct::camelCase());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| Some(true));
    }
}

/// Issue 89: impls for trait objects (`dyn Send + Sync`, `dyn Fn(i8) + ..`,
/// a parenthesized one).
mod issue89 {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Trait {
            async fn f(&self) -> i16;
        }

        #[under_test]
        impl Trait for dyn Send + Sync {
            async fn f(&self) -> i16 {
                0
            }
        }

        #[under_test]
        impl Trait for dyn Fn(i8) -> i16 + Send + Sync {
            async fn f(&self) -> i16 {
                yield_once(self(8)).await
            }
        }

        #[under_test]
        #[allow(unused_parens)]
        impl Trait for (dyn Fn(u8) -> i16 + Send + Sync) {
            async fn f(&self) -> i16 {
                self(9)
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            let unit: &(dyn Send + Sync) = &();
            trace.run("dyn send", unit.f());
            let signed: &(dyn Fn(i8) -> i16 + Send + Sync) = &|x| i16::from(x) * 2;
            trace.run("dyn fn i8", signed.f());
            let unsigned: &(dyn Fn(u8) -> i16 + Send + Sync) = &|x| i16::from(x) * 3;
            trace.run("dyn fn u8", unsigned.f());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label != "dyn fn i8")
        });
    }
}

/// Issue 92: `Self` inside macro calls everywhere: in the trait's where
/// clause, in types, paths and expressions of the bodies; inherent items
/// of a generic type reached through `Self`. (Upstream's bodies also call
/// the method itself, `let _ = Self::associated2(self);`: see
/// traits_pending.rs.) Issue 92 (2): a `macro_rules!` in a default body
/// naming `Self`.
mod issue92 {
    use super::*;

    macro_rules! mac {
        ($($tt:tt)*) => {
            $($tt)*
        };
    }

    pub(crate) struct Struct<T> {
        _x: T,
    }

    impl<T> Struct<T> {
        const ASSOCIATED1: &'static str = "1";
        async fn associated1() {}
    }

    pub(crate) trait Trait1 {
        fn func1() -> u8;
    }

    impl Trait1 for () {
        fn func1() -> u8 {
            1
        }
    }

    differential! {
        #[under_test]
        pub(crate) trait Trait
        where
            mac!(Self): Send,
        {
            const ASSOCIATED2: &'static str;
            type Associated2;

            #[allow(path_statements, clippy::let_underscore_future, clippy::no_effect)]
            async fn associated2(&self) -> String {
                // trait items
                mac!(let _: Self::Associated2;);
                mac!(let _: <Self>::Associated2;);
                mac!(let _: <Self as Trait>::Associated2;);
                mac!(Self::ASSOCIATED2;);
                mac!(<Self>::ASSOCIATED2;);
                mac!(<Self as Trait>::ASSOCIATED2;);
                mac!(<Self as Trait>::ASSOCIATED2.to_owned())
            }
        }

        #[under_test]
        impl<T: Send + Sync> Trait for Struct<T>
        where
            mac!(Self): Send,
        {
            const ASSOCIATED2: &'static str = "2";
            type Associated2 = ();

            #[allow(path_statements, clippy::let_underscore_future, clippy::no_effect)]
            async fn associated2(&self) -> String {
                // inherent items
                mac!(Self::ASSOCIATED1;);
                mac!(<Self>::ASSOCIATED1;);
                mac!(let _ = Self::associated1(););
                mac!(let _ = <Self>::associated1(););

                // trait items
                mac!(let (): <Self as Trait>::Associated2;);
                mac!(Self::ASSOCIATED2;);
                mac!(<Self>::ASSOCIATED2;);
                mac!(<Self as Trait>::ASSOCIATED2;);
                yield_once(()).await;
                mac!(format!("{}{}", Self::ASSOCIATED1, <Self>::ASSOCIATED2))
            }
        }

        pub(crate) struct Unit;

        #[under_test]
        impl Trait for Unit {
            const ASSOCIATED2: &'static str = "2";
            type Associated2 = ();

            async fn associated2(&self) -> String {
                mac!(let Self = *self;);
                "unit".to_owned()
            }
        }

        pub(crate) struct Other;

        impl Trait for Other {
            const ASSOCIATED2: &'static str = "other";
            type Associated2 = u8;
        }

        #[under_test]
        pub(crate) trait Trait2: Trait1 {
            async fn func2() -> u8 {
                let one = mac!(Self::func1());

                macro_rules! mac2 {
                    ($($tt:tt)*) => {
                        Self::func1()
                    };
                }
                one + mac2!()
            }
        }

        impl Trait2 for () {}

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("struct", Struct { _x: 0_u8 }.associated2());
            trace.run("unit", Unit.associated2());
            trace.run("other", Other.associated2());
            trace.run("func2", <() as Trait2>::func2());
            trace
        }
    }

    #[test]
    fn same_results() {
        // A user macro may await or return (issue 10): every body here uses
        // `mac!`, so each one is boxed from its first `mac!` on.
        check(&fast::scenario(), &baseline::scenario(), |_| Some(false));
    }
}

/// Issue 104: an impl written by `macro_rules!`, its body a `$id:expr`.
mod issue104 {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait T1 {
            async fn id(&self) -> i32;
        }

        macro_rules! impl_t1 {
            ($ty:ty, $id:expr) => {
                #[under_test]
                impl T1 for $ty {
                    async fn id(&self) -> i32 {
                        $id
                    }
                }
            };
        }

        pub(crate) struct Foo;
        pub(crate) struct Bar;

        impl_t1!(Foo, 1);
        impl_t1!(Bar, if true { 2 } else { 3 });

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("foo", Foo.id());
            trace.run("bar", Bar.id());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| Some(true));
    }
}

/// Issue 106: a generic method whose closure argument takes
/// `&Self::ThreadPool`, forwarded by an impl for `&P`. One change from
/// upstream: `T: Send` (without it, see traits_pending.rs).
mod issue106 {
    use super::*;
    use std::future::Future;

    differential! {
        #[under_test]
        pub(crate) trait ProcessPool: Send + Sync {
            type ThreadPool;

            async fn spawn<F, Fut, T>(&self, work: F) -> T
            where
                F: FnOnce(&Self::ThreadPool) -> Fut + Send,
                Fut: Future<Output = T> + 'static,
                T: Send;
        }

        #[under_test]
        impl<P> ProcessPool for &P
        where
            P: ?Sized + ProcessPool,
        {
            type ThreadPool = P::ThreadPool;

            async fn spawn<F, Fut, T>(&self, work: F) -> T
            where
                F: FnOnce(&Self::ThreadPool) -> Fut + Send,
                Fut: Future<Output = T> + 'static,
                T: Send,
            {
                (**self).spawn(work).await
            }
        }

        pub(crate) struct Pool(pub(crate) u32);

        #[under_test]
        impl ProcessPool for Pool {
            type ThreadPool = u32;

            async fn spawn<F, Fut, T>(&self, work: F) -> T
            where
                F: FnOnce(&u32) -> Fut + Send,
                Fut: Future<Output = T> + 'static,
                T: Send,
            {
                // Not awaited here: `Fut` need not be `Send`.
                let future = work(&self.0);
                block_on(future)
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            let pool = Pool(7);
            trace.run("pool", pool.spawn(|n| std::future::ready(n * 2)));
            let by_ref = &pool;
            trace.run("&pool", ProcessPool::spawn(&by_ref, |n| yield_once(n * 3)));
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label == "pool")
        });
    }
}

/// Issue 110: an impl for a type with an elided lifetime (`Foo<'_>`).
/// Issue 120: `&self` of a `Copy` type under
/// `clippy::trivially_copy_pass_by_ref`.
mod issue110_120 {
    #![deny(clippy::trivially_copy_pass_by_ref)]

    use super::*;
    use std::marker::PhantomData;

    differential! {
        #[under_test]
        pub(crate) trait Loader {
            async fn load(&self, key: &str) -> usize;
        }

        pub(crate) struct AwsEc2MetadataLoader<'a> {
            pub(crate) marker: PhantomData<&'a ()>,
        }

        #[under_test]
        impl Loader for AwsEc2MetadataLoader<'_> {
            async fn load(&self, key: &str) -> usize {
                key.len()
            }
        }

        #[under_test]
        impl Loader for () {
            async fn load(&self, key: &str) -> usize {
                yield_once(key.len() + 1).await
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("110", AwsEc2MetadataLoader { marker: PhantomData }.load("key"));
            trace.run("120", ().load("key"));
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label == "110")
        });
    }
}

/// Issue 129: an argument named `_b`. Issue 183: an argument `_n` (upstream
/// checks it under `#![deny(clippy::shadow_same)]`, which `#[fast_async]`
/// trips: see traits_pending.rs).
mod issue129_183 {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait TestTrait {
            async fn a(_b: u8, c: u8) -> u8 {
                c
            }

            async fn foo(_n: i32) -> i32 {
                yield_once(183).await
            }
        }

        pub(crate) struct TestStruct;

        #[under_test]
        impl TestTrait for TestStruct {
            async fn a(_b: u8, c: u8) -> u8 {
                c + 1
            }
        }

        impl TestTrait for () {}

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("struct", TestStruct::a(1, 2));
            trace.run("unit", <() as TestTrait>::a(1, 2));
            trace.run("foo", <() as TestTrait>::foo(1));
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label != "foo")
        });
    }
}

/// async-trait PR 125: the order of drops. An `async fn` drops its
/// arguments after the body ran, `_` ones included; so must both.
mod drop_order {
    use super::*;

    pub(crate) struct Flagger<'a>(pub(crate) &'a AtomicBool);

    impl Drop for Flagger<'_> {
        fn drop(&mut self) {
            self.0.fetch_xor(true, Ordering::AcqRel);
        }
    }

    async fn standalone(_: Flagger<'_>, flag: &AtomicBool) {
        flag.fetch_or(true, Ordering::AcqRel);
    }

    differential! {
        #[under_test]
        pub(crate) trait Trait {
            async fn async_trait(_: Flagger<'_>, flag: &AtomicBool);
        }

        pub(crate) struct Struct;

        #[under_test]
        impl Trait for Struct {
            async fn async_trait(_: Flagger<'_>, flag: &AtomicBool) {
                flag.fetch_or(true, Ordering::AcqRel);
            }
        }

        #[under_test]
        pub(crate) trait SelfTrait {
            async fn async_trait(self, flag: &AtomicBool);
        }

        #[under_test]
        impl SelfTrait for Flagger<'_> {
            async fn async_trait(self, flag: &AtomicBool) {
                flag.fetch_or(true, Ordering::AcqRel);
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            // 0 : 0 ^ 1 = 1 | 1 = 1 (if flagger then block)
            // 0 : 0 | 1 = 1 ^ 1 = 0 (if block then flagger)
            let flag = AtomicBool::new(false);
            block_on(standalone(Flagger(&flag), &flag));
            trace.note("standalone", flag.load(Ordering::Acquire));
            trace.run("arg", Struct::async_trait(Flagger(&flag), &flag));
            trace.note("arg flag", flag.load(Ordering::Acquire));
            trace.run("self", Flagger(&flag).async_trait(&flag));
            trace.note("self flag", flag.load(Ordering::Acquire));
            trace
        }
    }

    #[test]
    fn same_results() {
        let fast = fast::scenario();
        check(&fast, &baseline::scenario(), |_| Some(true));
        let flags: Vec<_> = fast
            .steps
            .iter()
            .filter(|s| s.is_note)
            .map(|s| &*s.value)
            .collect();
        assert_eq!(flags, ["false"; 3]);
    }
}

/// Issue 145: associated types in a `Result` output under
/// `clippy::type_complexity`. Issue 147: `-> ()` and `unimplemented!()`
/// under `clippy::let_unit_value`. Issue 154: an item after statements.
/// Issue 158: `self::f()` (a path, not the receiver). Issue 169: a
/// supertrait written `::core::marker::Sync`.
mod lints_and_paths {
    #![deny(
        clippy::type_complexity,
        clippy::let_unit_value,
        clippy::items_after_statements
    )]

    use super::*;

    fn f() -> u8 {
        158
    }

    differential! {
        #[under_test]
        pub(crate) trait ManageConnection: Sized + Send + Sync + 'static {
            type Connection: Send + 'static;
            type Error: Send + 'static;

            async fn connect(&self) -> Result<Self::Connection, Self::Error>;
        }

        pub(crate) struct Manager;

        #[under_test]
        impl ManageConnection for Manager {
            type Connection = u16;
            type Error = String;

            async fn connect(&self) -> Result<u16, String> {
                Ok(145)
            }
        }

        #[under_test]
        pub(crate) trait MyTrait {
            async fn x();
            #[allow(clippy::unused_unit)]
            async fn y() -> ();
            async fn z();
        }

        #[under_test]
        impl MyTrait for Manager {
            async fn x() {}
            #[allow(clippy::unused_unit)]
            async fn y() -> () {}
            async fn z() {
                unimplemented!()
            }
        }

        #[under_test]
        pub(crate) trait Issue154 {
            async fn f(&self) -> u16;
        }

        #[under_test]
        impl Issue154 for Manager {
            #[allow(clippy::items_after_statements)]
            async fn f(&self) -> u16 {
                let base = 26;
                const MAX: u16 = 128;
                base + MAX
            }
        }

        #[under_test]
        #[allow(unused_qualifications)]
        pub(crate) trait Issue158 {
            async fn f(&self) -> u8 {
                self::f()
            }
        }

        impl Issue158 for Manager {}

        #[under_test]
        #[allow(unused_qualifications)]
        pub(crate) trait Issue169: ::core::marker::Sync {
            async fn f(&self) -> u8 {
                yield_once(169).await
            }
        }

        impl Issue169 for Manager {}

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("145", Manager.connect());
            trace.run("147 x", Manager::x());
            trace.run("147 y", Manager::y());
            let z = std::panic::catch_unwind(|| block_on(Manager::z()));
            trace.note("147 z panics", z.is_err());
            trace.run("154", Issue154::f(&Manager));
            trace.run("158", Issue158::f(&Manager));
            let dynamic: &dyn Issue169 = &Manager;
            trace.run("169", dynamic.f());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(label != "169")
        });
    }
}

/// Issue 149: a ready `return &Thing` coerced to `&'static dyn Ret`, as in
/// an `async fn`.
mod issue149 {
    use super::*;

    pub(crate) struct Thing;

    pub(crate) trait Ret {
        fn get(&self) -> u8;
    }

    impl Ret for Thing {
        fn get(&self) -> u8 {
            149
        }
    }

    #[allow(clippy::needless_return)]
    pub(crate) async fn ok() -> &'static dyn Ret {
        return &Thing;
    }

    differential! {
        #[under_test]
        pub(crate) trait Trait {
            #[allow(clippy::needless_return)]
            async fn fail() -> &'static dyn Ret {
                return &Thing;
            }
        }

        impl Trait for () {}

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.note("fail", block_on(<() as Trait>::fail()).get());
            trace.note("ok", block_on(ok()).get());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| None);
        use fast::Trait;
        assert!(<() as Trait>::fail().is_ready());
    }
}

/// Issue 177: an `impl FnMut(&str) + Send` argument (unused: when used,
/// `#[async_trait]` rejects it, see `traits.rs`). Issue 204: `&impl Trait`
/// and `*const impl Trait` arguments.
mod issue177_204 {
    use super::*;

    differential! {
        #[under_test]
        pub(crate) trait Trait {
            async fn foo(&self, _callback: impl FnMut(&str) + Send) -> u8 {
                177
            }
        }

        pub(crate) struct Struct;

        #[under_test]
        impl Trait for Struct {
            async fn foo(&self, _callback: impl FnMut(&str) + Send) -> u8 {
                178
            }
        }

        // `?Send`: a future holding a raw pointer cannot be `Send`.
        #[under_test(?Send)]
        pub(crate) trait Issue204 {
            async fn f(arg: &impl Issue204) -> u8;
            async fn g(arg: *const impl Issue204) -> u8;
        }

        #[under_test(?Send)]
        impl Issue204 for Struct {
            async fn f(_arg: &impl Issue204) -> u8 {
                204
            }
            async fn g(arg: *const impl Issue204) -> u8 {
                u8::from(arg.is_null())
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("177", Struct.foo(|_| {}));
            trace.run("204 f", Struct::f(&Struct));
            trace.run("204 g", Struct::g(std::ptr::null::<Struct>()));
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| Some(true));
    }
}

/// Issue 226: `#[cfg]` on arguments (ready bodies; with an await, see
/// traits_pending.rs). Issue 232: argument patterns through a reference to
/// a generic type (ready bodies; see traits_pending.rs). Issue 234:
/// `_` inside patterns of a type with drop glue.
mod argument_patterns {
    use super::*;

    pub(crate) struct Droppable<'a>(pub(crate) &'a AtomicU8);

    impl Drop for Droppable<'_> {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) struct Tuple<T, U>(pub(crate) T, pub(crate) U);

    differential! {
        #[under_test]
        pub(crate) trait Issue226 {
            async fn cfg_param(&self, param: u8) -> u8;
            async fn cfg_param_wildcard(&self, _: u8) -> u8;
            // async-trait writes `(left, right): (u8, u8)` here: see
            // traits_pending.rs.
            async fn cfg_param_tuple(&self, pair: (u8, u8)) -> u8;
        }

        pub(crate) struct Struct;

        #[under_test]
        impl Issue226 for Struct {
            async fn cfg_param(&self, #[cfg(any())] param: u8, #[cfg(all())] unused: u8) -> u8 {
                unused
            }

            async fn cfg_param_wildcard(&self, #[cfg(any())] _: u8, #[cfg(all())] _: u8) -> u8 {
                2
            }

            async fn cfg_param_tuple(
                &self,
                #[cfg(any())] (left, right): (u8, u8),
                #[cfg(all())] (left, right): (u8, u8),
            ) -> u8 {
                left * right
            }
        }

        #[under_test]
        pub(crate) trait Generic<T> {
            async fn take_ref(&self, thing: &T) -> u8;
        }

        pub(crate) struct One;

        #[under_test]
        impl<T> Generic<T> for One {
            async fn take_ref(&self, _: &T) -> u8 {
                1
            }
        }

        pub(crate) struct Two;

        #[under_test]
        impl<T: Sync + Copy + Into<u8>> Generic<(T, T)> for Two {
            async fn take_ref(&self, (a, b): &(T, T)) -> u8 {
                yield_once((*a).into() + (*b).into()).await
            }
        }

        pub(crate) struct Three;

        #[under_test]
        impl<T> Generic<(T, T, T)> for Three {
            async fn take_ref(&self, (_a, _b, _c): &(T, T, T)) -> u8 {
                3
            }
        }

        #[under_test]
        pub(crate) trait Issue234 {
            async fn f(arg: Tuple<Droppable<'_>, u8>) -> u8;
        }

        pub(crate) struct UnderscorePattern;

        #[under_test]
        impl Issue234 for UnderscorePattern {
            async fn f(Tuple(_, int): Tuple<Droppable<'_>, u8>) -> u8 {
                int
            }
        }

        pub(crate) struct DotDotPattern;

        #[under_test]
        impl Issue234 for DotDotPattern {
            async fn f(Tuple { 1: int, .. }: Tuple<Droppable<'_>, u8>) -> u8 {
                yield_once(int).await
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.run("226", Struct.cfg_param(1));
            trace.run("226 wildcard", Struct.cfg_param_wildcard(1));
            trace.run("226 tuple", Struct.cfg_param_tuple((2, 3)));
            let not_sync = Cell::new(0_u8);
            trace.run("232 one", One.take_ref(&not_sync));
            trace.run("232 two", Two.take_ref(&(2_u8, 3_u8)));
            trace.run("232 three", Three.take_ref(&(&not_sync, &not_sync, &not_sync)));
            let drops = AtomicU8::new(0);
            trace.run("234 underscore", UnderscorePattern::f(Tuple(Droppable(&drops), 4)));
            trace.run("234 dotdot", DotDotPattern::f(Tuple(Droppable(&drops), 5)));
            trace.note("234 drops", drops.load(Ordering::Relaxed));
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |label| {
            Some(!matches!(label, "232 two" | "234 dotdot"))
        });
    }
}

/// Issue 236: a ready body whose value is itself a future, under
/// `clippy::async_yields_async`. Issue 238: `impl Trait for &Struct` under
/// `single_use_lifetimes`.
mod issue236_238 {
    #![deny(clippy::async_yields_async, single_use_lifetimes)]

    use super::*;
    use std::future::{self, Ready};

    differential! {
        #[under_test]
        pub(crate) trait Trait {
            async fn f() -> Ready<u8> {
                future::ready(236)
            }
        }

        impl Trait for () {}

        #[under_test]
        pub(crate) trait Issue238 {
            async fn f() -> u8;
        }

        pub(crate) struct Struct;

        #[under_test]
        impl Issue238 for &Struct {
            async fn f() -> u8 {
                238
            }
        }

        pub(crate) fn scenario() -> Trace {
            let mut trace = Trace::new();
            trace.note("236", block_on(block_on(<() as Trait>::f())));
            trace.run("238", <&Struct as Issue238>::f());
            trace
        }
    }

    #[test]
    fn same_results() {
        check(&fast::scenario(), &baseline::scenario(), |_| Some(true));
    }
}

/// Issue 123: a trait parameter with a default, and a default body whose
/// output borrows `self`. async-trait needs `where T: 'async_trait` here
/// (its future is always boxed); the ready `#[fast_async]` body needs
/// nothing, so the two copies cannot share their source.
mod issue123 {
    use super::*;

    #[fast_async]
    pub(crate) trait Trait<T = ()> {
        async fn f(&self) -> &str {
            "default"
        }
    }

    #[fast_async]
    impl<T> Trait<T> for () {}

    #[async_trait::async_trait]
    pub(crate) trait Baseline<T = ()> {
        async fn f(&self) -> &str
        where
            T: 'async_trait,
        {
            "default"
        }
    }

    #[async_trait::async_trait]
    impl<T> Baseline<T> for () {}

    #[test]
    fn same_results() {
        let fast = <() as Trait<u8>>::f(&());
        assert!(fast.is_ready());
        assert_eq!(block_on(fast), "default");
        assert_eq!(block_on(<() as Baseline<u8>>::f(&())), "default");
    }
}

//! Unit tests of `expand`.

use super::fast_async;
use quote::quote;

/// One bad method is reported alone: the item is expanded, the bad
/// method as if its mistake were not there, so that its siblings (and
/// the impls of the trait) do not fail too.
#[test]
fn one_bad_method_does_not_hide_the_others() {
    let output = fast_async(
        quote!(),
        quote!(
            trait Store {
                async fn get(&self) -> u32;
                #[fast_async(foo)]
                async fn put(&self);
                const async fn len(&self) -> usize;
            }
        ),
    )
    .to_string();
    assert_eq!(output.matches("compile_error").count(), 2, "{output}");
    let item = &output[output.find("trait Store").expect("the trait")..];
    assert_eq!(item.matches("FastFuture").count(), 3, "{output}");
    assert!(!item.contains("async fn"), "{output}");
    assert!(!item.contains("const"), "{output}");
}

/// A bad argument on the block: the arguments that parse still apply.
#[test]
fn a_bad_block_argument_keeps_the_others() {
    let output = fast_async(
        quote!(?Send, foo),
        quote!(
            trait Store {
                async fn get(&self) -> u32;
            }
        ),
    )
    .to_string();
    assert_eq!(output.matches("compile_error").count(), 1, "{output}");
    assert!(output.contains("LocalFastFuture"), "{output}");
}

/// `err` / `ret` below #[fast_async]: reported, and removed from the
/// kept `#[instrument]`, whose other arguments stay.
#[test]
fn instrument_err_is_reported_and_removed() {
    let output = fast_async(
        quote!(),
        quote!(
            #[tracing::instrument(level = "debug", err, ret(Debug))]
            async fn f(_: u8) -> Result<u8, ()> {
                g().await
            }
        ),
    )
    .to_string();
    assert_eq!(output.matches("compile_error").count(), 2, "{output}");
    assert!(
        output.contains(r#"# [tracing :: instrument (level = "debug" , skip (__arg0))]"#),
        "{output}"
    );
}

/// Odd or invalid input gets tokens back (the item, and an error where
/// there is one), never a panic in the macro.
#[test]
fn odd_inputs_do_not_panic() {
    let inputs = [
        quote!(
            async fn f() -> impl Iterator<Item = u8> {
                std::iter::empty()
            }
        ),
        quote!(
            async fn f(self) {}
        ),
        quote!(
            async fn f<'a, T: 'a, const N: usize>(x: &'a [T; N])
            where
                T: Clone,
            {
                x.len();
            }
        ),
        quote!(
            async fn f() {
                fn inner() -> u8 {
                    return 1;
                }
                let c = || return 2;
            }
        ),
        quote!(
            async fn f() -> u8 {
                loop {
                    break 1;
                }
            }
        ),
        quote!(
            async fn f() -> u8 {
                'a: {
                    break 'a 1;
                }
            }
        ),
        quote!(
            async fn f() -> u8 {
                return 'a: { break 'a g().await };
            }
        ),
        quote!(
            async fn f() -> ! {
                loop {}
            }
        ),
        quote!(
            async fn f() -> u8 {
                todo!()
            }
        ),
        quote!(
            async fn f() -> Result<u8, ()> {
                let x = async { 1 }.await;
                Ok(x?)
            }
        ),
        quote!(
            async fn f(x: Option<u8>) -> Option<u8> {
                let Some(y) = x else { return None };
                g(y).await
            }
        ),
        quote!(
            async fn f() {
                if let Some(x) = g().await {
                    h(x).await
                }
            }
        ),
        quote!(
            async fn f() -> u8 {
                match () {
                    _ if g().await => 1,
                    _ => 2,
                }
            }
        ),
        quote!(
            async fn f() -> u8 {
                unsafe { g().await }
            }
        ),
        quote!(
            async fn f(#[cfg(any())] x: u8) {}
        ),
        quote!(
            async fn f(_: u8, _: u8) {
                g().await
            }
        ),
        quote!(
            mod m {}
        ),
        quote!(
            struct S;
        ),
        quote!(
            const X: u8 = 1;
        ),
        quote!(
            fn f() {}
        ),
        quote!(async fn),
        quote!(),
        quote!(impl S { fn f() {} const C: u8 = 1; }),
        quote!(
            trait T {
                type A;
                const B: u8;
                fn c();
            }
        ),
        quote!(
            unsafe extern "C" fn f() {}
        ),
    ];
    let args = [
        quote!(),
        quote!(dyn),
        quote!(?Send),
        quote!(dyn, ?Send),
        quote!(?),
        quote!(x = 1),
        quote!(,),
    ];
    for input in &inputs {
        for args in &args {
            let output = fast_async(args.clone(), input.clone());
            assert!(
                !output.is_empty() || input.is_empty(),
                "no output for #[fast_async({args})] {input}"
            );
        }
    }
}

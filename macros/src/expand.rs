//! Puts the pipeline together for a function, an impl block or a trait.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::punctuated::Punctuated;
use syn::{
    parse_quote, Attribute, Block, Error, FnArg, GenericParam, ImplItem, Lifetime, Signature,
    TraitItem, Type, TypeParamBound,
};

use crate::analysis;
use crate::arguments;
use crate::attr::Args;
use crate::emit::{self, BodyContext};
use crate::instrument::{self, Instrument};
use crate::lifetimes;
use crate::output::{Form, Output};
use crate::plan;
use crate::propagation;
use crate::rewrite;
use crate::scan::mentions;
use crate::signature::{self, Captured, SelfBound};
use crate::target::{self, Target};

/// The attribute's entry point.
///
/// A mistake in one function or one argument is reported beside the
/// expanded item, expanded as if the mistake were not there (the bad
/// argument or `const` left out), so that it does not cascade into errors
/// on the other methods of an impl or trait, or on the callers. Only an
/// item the macro cannot rewrite at all (not an `async fn`, impl or trait)
/// is emitted unchanged beside its error.
pub(crate) fn fast_async(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Vec::new();
    let output = expand(args, input.clone(), &mut errors).unwrap_or(input);
    let errors = errors.iter().map(Error::to_compile_error);
    quote!(#(#errors)* #output)
}

/// `None` when the item is left unchanged (its error is in `errors`).
fn expand(args: TokenStream, input: TokenStream, errors: &mut Vec<Error>) -> Option<TokenStream> {
    let target = target::parse(input)
        .map_err(|error| errors.push(error))
        .ok()?;
    let args = parse_args(args, errors);
    match target {
        Target::Fn(mut item) => {
            if !validate(&mut item.sig, errors) {
                return None;
            }
            let form = fn_form(args, errors);
            let cx = Context {
                form,
                outer_lifetimes: &[],
                trait_default: None,
                owner: None,
            };
            expand_fn(
                &mut item.sig,
                Some(&mut item.block),
                &mut item.attrs,
                &cx,
                errors,
            );
            if form == Form::Opaque && item.sig.receiver().is_some() {
                // Alone, a method may be in an impl of a native async trait,
                // whose `impl Future + Send` this `impl MaybeReady` refines.
                item.attrs.push(parse_quote!(#[allow(refining_impl_trait)]));
            }
            Some(item.into_token_stream())
        }
        Target::Declaration(mut item) => {
            if args.dyn_form.is_none() {
                errors.push(Error::new_spanned(
                    &item.sig,
                    "#[fast_async] needs a body to rewrite: in a trait, put #[fast_async] on the \
                     trait (or write #[fast_async(dyn)] on the method); elsewhere, give the method a body",
                ));
                return None;
            }
            if !validate(&mut item.sig, errors) {
                return None;
            }
            let form = Form::Dyn {
                local: args.local.is_some(),
            };
            let cx = Context {
                form,
                outer_lifetimes: &[],
                trait_default: None,
                owner: None,
            };
            let mut block = item.default.take();
            expand_fn(&mut item.sig, block.as_mut(), &mut item.attrs, &cx, errors);
            item.default = block;
            Some(item.into_token_stream())
        }
        Target::Impl(mut item) => {
            let is_trait_impl = item.trait_.is_some();
            let (form, outer_lifetimes) = if is_trait_impl {
                (
                    Form::Dyn {
                        local: args.local.is_some(),
                    },
                    Vec::new(),
                )
            } else {
                let form = fn_form(args, errors);
                (form, generic_lifetimes(&item.generics.params))
            };
            let self_ty = &item.self_ty;
            let owner = match &item.trait_ {
                Some((path, _)) => format!(
                    "<{} as {}>",
                    compact(quote!(#self_ty)),
                    compact(quote!(#path))
                ),
                None => compact(quote!(#self_ty)),
            };
            for impl_item in &mut item.items {
                let ImplItem::Fn(method) = impl_item else {
                    continue;
                };
                if method.sig.asyncness.is_none() || !validate(&mut method.sig, errors) {
                    continue;
                }
                let form = match take_inner_args(&mut method.attrs, errors) {
                    Some(inner) => merged_form(form, args.merge(inner), errors),
                    None => form,
                };
                let cx = Context {
                    form,
                    outer_lifetimes: &outer_lifetimes,
                    trait_default: None,
                    owner: Some(owner.clone()),
                };
                expand_fn(
                    &mut method.sig,
                    Some(&mut method.block),
                    &mut method.attrs,
                    &cx,
                    errors,
                );
            }
            Some(item.into_token_stream())
        }
        Target::Trait(mut item) => {
            let form = Form::Dyn {
                local: args.local.is_some(),
            };
            let supertraits = item.supertraits.clone();
            for trait_item in &mut item.items {
                let TraitItem::Fn(method) = trait_item else {
                    continue;
                };
                if method.sig.asyncness.is_none() || !validate(&mut method.sig, errors) {
                    continue;
                }
                let form = match take_inner_args(&mut method.attrs, errors) {
                    Some(inner) => Form::Dyn {
                        local: args.merge(inner).local.is_some(),
                    },
                    None => form,
                };
                let cx = Context {
                    form,
                    outer_lifetimes: &[],
                    trait_default: method.default.is_some().then_some(&supertraits),
                    owner: Some(item.ident.to_string()),
                };
                expand_fn(
                    &mut method.sig,
                    method.default.as_mut(),
                    &mut method.attrs,
                    &cx,
                    errors,
                );
            }
            Some(item.into_token_stream())
        }
    }
}

/// The attribute's arguments. When they do not parse, the error is
/// reported and the arguments that do parse on their own (between commas)
/// are used: `#[fast_async(?Send, foo)]` on a trait still gives the local
/// dyn form its impls expect.
fn parse_args(tokens: TokenStream, errors: &mut Vec<Error>) -> Args {
    match syn::parse2::<Args>(tokens.clone()) {
        Ok(args) => args,
        Err(error) => {
            errors.push(error);
            let mut args = Args::default();
            let mut item = TokenStream::new();
            for token in tokens.into_iter().chain(quote!(,)) {
                match &token {
                    TokenTree::Punct(punct) if punct.as_char() == ',' => {
                        if let Ok(parsed) = syn::parse2::<Args>(std::mem::take(&mut item)) {
                            args = parsed.merge(args);
                        }
                    }
                    _ => item.extend([token]),
                }
            }
            args
        }
    }
}

/// Where the function is and which form it gets.
struct Context<'a> {
    form: Form,
    /// Lifetimes of an annotated inherent impl: the opaque future may
    /// capture them.
    outer_lifetimes: &'a [Lifetime],
    /// In a trait, for a method with a default body: the supertraits (a
    /// `Send` future may need `Self: Sync`).
    trait_default: Option<&'a Punctuated<TypeParamBound, syn::Token![+]>>,
    /// What the function belongs to, for its name in `fast_async::stats`:
    /// `Type`, `<Type as Trait>` or `Trait`.
    owner: Option<String>,
}

fn fn_form(args: Args, errors: &mut Vec<Error>) -> Form {
    if args.dyn_form.is_some() {
        return Form::Dyn {
            local: args.local.is_some(),
        };
    }
    reject_local(args, errors);
    Form::Opaque
}

fn merged_form(outer: Form, args: Args, errors: &mut Vec<Error>) -> Form {
    match outer {
        Form::Dyn { .. } => Form::Dyn {
            local: args.local.is_some(),
        },
        Form::Opaque => fn_form(args, errors),
    }
}

/// `?Send` on the opaque form: reported (the form stays opaque).
fn reject_local(args: Args, errors: &mut Vec<Error>) {
    if let Some(span) = args.local {
        errors.push(Error::new(
            span,
            "`?Send` is for the dyn form (traits and `#[fast_async(dyn)]`); this function returns \
             the opaque form, which is already `Send` exactly when its contents are, like a plain \
             `async fn`: remove `?Send`",
        ));
    }
}

/// A `#[fast_async(..)]` on a method inside an annotated impl or trait:
/// removed, its arguments returned to be merged with the block's (on an
/// error, those that parse).
fn take_inner_args(attrs: &mut Vec<Attribute>, errors: &mut Vec<Error>) -> Option<Args> {
    let position = attrs
        .iter()
        .position(|attr| attr.path().is_ident("fast_async"))?;
    let attr = attrs.remove(position);
    match attr.meta {
        syn::Meta::Path(_) => Some(Args::default()),
        syn::Meta::List(list) => Some(parse_args(list.tokens, errors)),
        syn::Meta::NameValue(meta) => {
            errors.push(Error::new_spanned(
                meta,
                "expected #[fast_async] or #[fast_async(..)]",
            ));
            None
        }
    }
}

fn generic_lifetimes(params: &Punctuated<GenericParam, syn::Token![,]>) -> Vec<Lifetime> {
    params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Lifetime(param) => Some(param.lifetime.clone()),
            _ => None,
        })
        .collect()
}

/// Input:  `async fn get(&self, key: &str) -> R { body }`
/// Output: `fn get<'life0, 'life1>(&'life0 self, key: &'life1 str) -> <future of R> { new body }`
fn expand_fn(
    sig: &mut Signature,
    block: Option<&mut Block>,
    attrs: &mut Vec<Attribute>,
    cx: &Context<'_>,
    errors: &mut Vec<Error>,
) {
    let instrument = instrument::find(attrs, sig, errors);
    let before = instrument.as_ref().map(|_| sig.clone());
    let span = sig.asyncness.map_or(sig.fn_token.span, |token| token.span);
    let inputs = lifetimes::name_elided(sig);
    let output_ty: Type = match &sig.output {
        syn::ReturnType::Default => parse_quote!(()),
        syn::ReturnType::Type(_, ty) => (**ty).clone(),
    };
    let mut output = Output::new(
        cx.form,
        &output_ty,
        instrument.as_ref().map(Instrument::span),
    );
    let has_self = sig.receiver().is_some()
        || mentions(&sig.inputs.to_token_stream(), "Self")
        || block
            .as_ref()
            .is_some_and(|block| mentions(&block.to_token_stream(), "Self"));

    let has_body = block.is_some();
    if takes_a_box(sig) {
        // The `async fn` took the box into its future, so clippy did not
        // flag it; the plain fn clippy now sees may keep it only in a branch.
        attrs.push(parse_quote!(#[allow(clippy::boxed_local)]));
    }
    if has_body && takes_by_value(sig) {
        // The `async fn` moves its arguments into its future, so clippy
        // never says `needless_pass_by_value` of it; the plain fn may only
        // borrow one on a ready path.
        attrs.push(parse_quote!(#[allow(clippy::needless_pass_by_value)]));
    }
    if let Some(block) = block {
        if cfg!(feature = "stats") {
            let name = match &cx.owner {
                Some(owner) => format!("{owner}::{}", sig.ident),
                None => sig.ident.to_string(),
            };
            let site = Ident::new("__FAST_ASYNC_STATS", Span::mixed_site().located_at(span));
            output.stats = Some((site, name));
        }
        let boxed_whole = arguments::destructure_ref_patterns(sig, block);
        let bindings = arguments::bindings(sig);
        rewrite::normalize_tails(block);
        let env = propagation::Env::new(sig, block, cx.form == Form::Opaque);
        let plan = if boxed_whole {
            plan::Plan::Split { prefix_len: 0 }
        } else {
            analysis::plan(&block.stmts, &env)
        };
        output.never_boxed = plan.boxed_branches() == 0;
        let names: Vec<String> = bindings
            .iter()
            .map(|binding| binding.ident.to_string())
            .collect();
        let mentioned_anywhere = plan::mentioned_at_call(&block.stmts, &plan, &names);
        arguments::strip_moved_mut(sig, &mentioned_anywhere);
        let body_cx = BodyContext {
            output: &output,
            bindings: &bindings,
            mentioned_anywhere: &mentioned_anywhere,
            span,
        };
        let taken = std::mem::replace(
            block,
            Block {
                brace_token: block.brace_token,
                stmts: Vec::new(),
            },
        );
        let (new_block, emitted) = emit::emit(taken, &plan, &body_cx);
        *block = new_block;
        if emitted.caught {
            arguments::strip_caught_mut(sig);
        }
    }

    if !has_body {
        arguments::plain_declaration_patterns(sig);
    }
    match cx.form {
        Form::Opaque => {
            let captured = Captured::new(sig, &inputs, cx.outer_lifetimes);
            signature::opaque(sig, &output_ty, &captured);
        }
        Form::Dyn { local } => {
            let self_bound = if cx.trait_default.is_some() {
                SelfBound::SendFuture
            } else {
                SelfBound::Outlives
            };
            signature::dyn_form(
                sig,
                &output_ty,
                local,
                &inputs,
                has_self,
                self_bound,
                cx.trait_default,
            );
        }
    }
    let async_token = sig.asyncness.take();
    if let Some(async_token) = async_token {
        sig.fn_token.span = async_token.span;
    }
    if let (Some(instrument), Some(before)) = (instrument, before) {
        instrument.match_fields(attrs, &before, sig, errors);
    }
}

/// Whether an argument is taken by value (not a reference).
fn takes_by_value(sig: &Signature) -> bool {
    sig.inputs.iter().any(|input| match input {
        FnArg::Typed(arg) => !matches!(&*arg.ty, Type::Reference(_)),
        FnArg::Receiver(_) => false,
    })
}

/// Whether an argument is a `Box<..>` by value.
fn takes_a_box(sig: &Signature) -> bool {
    sig.inputs.iter().any(|input| match input {
        FnArg::Typed(arg) => matches!(&*arg.ty, Type::Path(path)
            if path.path.segments.last().is_some_and(|last| last.ident == "Box")),
        FnArg::Receiver(_) => false,
    })
}

/// What cannot be an `async fn` the macro rewrites. `const`, an ABI and
/// variadics are reported and removed, so the function is still expanded;
/// `false` when it is not an `async fn` at all (left as it is).
fn validate(sig: &mut Signature, errors: &mut Vec<Error>) -> bool {
    let found = errors.len();
    if let Some(constness) = sig.constness.take() {
        errors.push(Error::new_spanned(
            constness,
            "#[fast_async] cannot rewrite a `const fn`: remove `const` (and write `async fn`)",
        ));
    }
    if let Some(abi) = sig.abi.take() {
        errors.push(Error::new_spanned(
            abi,
            "#[fast_async] cannot rewrite an `extern` fn: remove the ABI, or call a Rust `async fn` from it",
        ));
    }
    if let Some(variadic) = sig.variadic.take() {
        errors.push(Error::new_spanned(
            variadic,
            "#[fast_async] cannot rewrite a variadic fn: variadics are for foreign functions",
        ));
    }
    if sig.asyncness.is_none() {
        if errors.len() == found {
            errors.push(Error::new_spanned(
                sig.fn_token,
                "#[fast_async] rewrites an `async fn`: add `async`, or remove the attribute",
            ));
        }
        return false;
    }
    true
}

/// Tokens as a short string: `Selector<'a, K>`, `<Memory as Store>`.
fn compact(tokens: TokenStream) -> String {
    let mut text = tokens.to_string();
    for (from, to) in [
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        (" ,", ","),
        (" :: ", "::"),
        (":: ", "::"),
        ("& ", "&"),
        ("' ", "'"),
    ] {
        text = text.replace(from, to);
    }
    text
}

#[cfg(test)]
mod tests {
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
}

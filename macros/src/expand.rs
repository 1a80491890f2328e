//! Puts the pipeline together for a function, an impl block or a trait.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};
use syn::punctuated::Punctuated;
use syn::{
    parse_quote, Attribute, Block, Error, FnArg, GenericParam, ImplItem, Lifetime, Signature,
    TraitItem, Type, TypeParamBound,
};

use crate::analysis;
use crate::args::Args;
use crate::arguments;
use crate::body::{self, BodyContext, Form, Output};
use crate::lifetimes;
use crate::propagation;
use crate::rewrite;
use crate::scan::mentions;
use crate::signature::{self, Captured, SelfBound};
use crate::target::{self, Target};

/// The attribute's entry point. On an error, the user's item is emitted
/// unchanged beside it, so that one mistake does not cascade.
pub(crate) fn fast_async(args: TokenStream, input: TokenStream) -> TokenStream {
    match expand(args, input.clone()) {
        Ok(output) => output,
        Err(error) => {
            let error = error.to_compile_error();
            quote!(#error #input)
        }
    }
}

fn expand(args: TokenStream, input: TokenStream) -> syn::Result<TokenStream> {
    let args: Args = syn::parse2(args)?;
    match target::parse(input)? {
        Target::Fn(mut item) => {
            let form = fn_form(args)?;
            let cx = Context {
                form,
                outer_lifetimes: &[],
                trait_default: None,
                owner: None,
            };
            expand_fn(&mut item.sig, Some(&mut item.block), &mut item.attrs, &cx)?;
            if form == Form::Opaque && item.sig.receiver().is_some() {
                // Alone, a method may be in an impl of a native async trait,
                // whose `impl Future + Send` this `impl MaybeReady` refines.
                item.attrs.push(parse_quote!(#[allow(refining_impl_trait)]));
            }
            Ok(item.into_token_stream())
        }
        Target::Declaration(mut item) => {
            if args.dyn_form.is_none() {
                return Err(Error::new_spanned(
                    &item.sig,
                    "#[fast_async] needs a body to rewrite: in a trait, put #[fast_async] on the \
                     trait (or write #[fast_async(dyn)] on the method); elsewhere, give the method a body",
                ));
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
            expand_fn(&mut item.sig, block.as_mut(), &mut item.attrs, &cx)?;
            item.default = block;
            Ok(item.into_token_stream())
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
                let form = fn_form(args)?;
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
            let mut errors = Errors::default();
            for impl_item in &mut item.items {
                let ImplItem::Fn(method) = impl_item else {
                    continue;
                };
                if method.sig.asyncness.is_none() {
                    continue;
                }
                let form = match take_inner_args(&mut method.attrs) {
                    Ok(Some(inner)) => merged_form(form, args.merge(inner)),
                    Ok(None) => Ok(form),
                    Err(error) => Err(error),
                };
                let result = form.and_then(|form| {
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
                    )
                });
                errors.push(result);
            }
            errors.finish()?;
            Ok(item.into_token_stream())
        }
        Target::Trait(mut item) => {
            let form = Form::Dyn {
                local: args.local.is_some(),
            };
            let mut errors = Errors::default();
            let supertraits = item.supertraits.clone();
            for trait_item in &mut item.items {
                let TraitItem::Fn(method) = trait_item else {
                    continue;
                };
                if method.sig.asyncness.is_none() {
                    continue;
                }
                let form = match take_inner_args(&mut method.attrs) {
                    Ok(Some(inner)) => Ok(Form::Dyn {
                        local: args.merge(inner).local.is_some(),
                    }),
                    Ok(None) => Ok(form),
                    Err(error) => Err(error),
                };
                let result = form.and_then(|form| {
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
                    )
                });
                errors.push(result);
            }
            errors.finish()?;
            Ok(item.into_token_stream())
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

fn fn_form(args: Args) -> syn::Result<Form> {
    if args.dyn_form.is_some() {
        return Ok(Form::Dyn {
            local: args.local.is_some(),
        });
    }
    reject_local(args)?;
    Ok(Form::Opaque)
}

fn merged_form(outer: Form, args: Args) -> syn::Result<Form> {
    match outer {
        Form::Dyn { .. } => Ok(Form::Dyn {
            local: args.local.is_some(),
        }),
        Form::Opaque => fn_form(args),
    }
}

fn reject_local(args: Args) -> syn::Result<()> {
    match args.local {
        Some(span) => Err(Error::new(
            span,
            "`?Send` is for the dyn form (traits and `#[fast_async(dyn)]`); this function returns \
             the opaque form, which is already `Send` exactly when its contents are, like a plain \
             `async fn`: remove `?Send`",
        )),
        None => Ok(()),
    }
}

/// A `#[fast_async(..)]` on a method inside an annotated impl or trait:
/// removed, its arguments returned to be merged with the block's.
fn take_inner_args(attrs: &mut Vec<Attribute>) -> syn::Result<Option<Args>> {
    let Some(position) = attrs
        .iter()
        .position(|attr| attr.path().is_ident("fast_async"))
    else {
        return Ok(None);
    };
    let attr = attrs.remove(position);
    match attr.meta {
        syn::Meta::Path(_) => Ok(Some(Args::default())),
        syn::Meta::List(list) => syn::parse2(list.tokens).map(Some),
        syn::Meta::NameValue(meta) => Err(Error::new_spanned(
            meta,
            "expected #[fast_async] or #[fast_async(..)]",
        )),
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
) -> syn::Result<()> {
    validate(sig)?;
    let span = sig.asyncness.map_or(sig.fn_token.span, |token| token.span);
    let inputs = lifetimes::name_elided(sig);
    let output_ty: Type = match &sig.output {
        syn::ReturnType::Default => parse_quote!(()),
        syn::ReturnType::Type(_, ty) => (**ty).clone(),
    };
    let mut output = Output {
        form: cx.form,
        ty: (!mentions(&output_ty.to_token_stream(), "impl")).then(|| output_ty.clone()),
        is_unit: matches!(&output_ty, Type::Tuple(tuple) if tuple.elems.is_empty()),
        never_boxed: false,
        stats: None,
    };
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
        rewrite::tail_macros_as_exprs(block);
        let env = propagation::Env::new(sig, block, cx.form == Form::Opaque);
        let plan = if boxed_whole {
            analysis::Plan::Split { prefix_len: 0 }
        } else {
            analysis::plan(&block.stmts, &env)
        };
        output.never_boxed = plan.boxed_branches() == 0;
        let names: Vec<String> = bindings
            .iter()
            .map(|binding| binding.ident.to_string())
            .collect();
        let mentioned_anywhere = analysis::mentioned_at_call(&block.stmts, &plan, &names);
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
        let (new_block, emitted) = body::emit(taken, &plan, &body_cx);
        *block = new_block;
        if emitted.diverging_ready_value {
            attrs.push(parse_quote!(#[allow(unreachable_code)]));
        }
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
    Ok(())
}

/// Whether an argument is a `Box<..>` by value.
fn takes_a_box(sig: &Signature) -> bool {
    sig.inputs.iter().any(|input| match input {
        FnArg::Typed(arg) => matches!(&*arg.ty, Type::Path(path)
            if path.path.segments.last().is_some_and(|last| last.ident == "Box")),
        FnArg::Receiver(_) => false,
    })
}

/// What cannot be an `async fn` the macro rewrites.
fn validate(sig: &Signature) -> syn::Result<()> {
    if let Some(constness) = &sig.constness {
        return Err(Error::new_spanned(
            constness,
            "#[fast_async] cannot rewrite a `const fn`: remove `const` (and write `async fn`)",
        ));
    }
    if let Some(abi) = &sig.abi {
        return Err(Error::new_spanned(
            abi,
            "#[fast_async] cannot rewrite an `extern` fn: remove the ABI, or call a Rust `async fn` from it",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        return Err(Error::new_spanned(
            variadic,
            "#[fast_async] cannot rewrite a variadic fn: variadics are for foreign functions",
        ));
    }
    if sig.asyncness.is_none() {
        return Err(Error::new_spanned(
            sig.fn_token,
            "#[fast_async] rewrites an `async fn`: add `async`, or remove the attribute",
        ));
    }
    Ok(())
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

/// Errors of several methods, reported together.
#[derive(Default)]
struct Errors(Option<Error>);

impl Errors {
    fn push(&mut self, result: syn::Result<()>) {
        if let Err(error) = result {
            match &mut self.0 {
                Some(errors) => errors.combine(error),
                None => self.0 = Some(error),
            }
        }
    }

    fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::fast_async;
    use quote::quote;

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

//! Puts the pipeline together for a function, an impl block or a trait.
//!
//! Imports every stage, in order: `target` and `attr` (parse),
//! `normalize`, `bindings` and `propagation` (analyse), `planner` and
//! `plan` (plan), then `output`, `emit`, `patterns`, `lifetimes`,
//! `signature` and `instrument` (emit).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};
use syn::punctuated::Punctuated;
use syn::{
    parse_quote, Attribute, Block, Error, FnArg, GenericParam, ImplItem, Lifetime, Signature,
    TraitItem, Type, TypeParamBound,
};

use crate::attr::Form;
use crate::attr::{fn_form, merged_form, parse_args, take_inner_args, Args};
use crate::bindings;
use crate::emit::{self, BodyContext};
use crate::instrument::{self, Instrument};
use crate::lifetimes;
use crate::normalize;
use crate::output::Output;
use crate::patterns;
use crate::plan;
use crate::planner;
use crate::propagation;
use crate::scan::{self, mentions};
use crate::signature::{self, Captured, SelfBound};
use crate::target::{self, validate, Target};
use crate::types;

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
                owner: Owner::Free,
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
                owner: Owner::Free,
            };
            let mut block = item.default.take();
            expand_fn(&mut item.sig, block.as_mut(), &mut item.attrs, &cx, errors);
            item.default = block;
            Some(item.into_token_stream())
        }
        Target::Impl(mut item) => {
            let (form, outer_lifetimes) = if item.trait_.is_some() {
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
            let cx = Context {
                form,
                outer_lifetimes: &outer_lifetimes,
                trait_default: None,
                owner: Owner::Impl {
                    self_ty: &item.self_ty,
                    trait_: item.trait_.as_ref().map(|(path, _)| path),
                },
            };
            let methods = item.items.iter_mut().filter_map(|item| match item {
                ImplItem::Fn(method) => Some(Method {
                    sig: &mut method.sig,
                    block: Some(&mut method.block),
                    attrs: &mut method.attrs,
                }),
                _ => None,
            });
            expand_methods(methods, args, &cx, None, errors);
            Some(item.into_token_stream())
        }
        Target::Trait(mut item) => {
            let cx = Context {
                form: Form::Dyn {
                    local: args.local.is_some(),
                },
                outer_lifetimes: &[],
                trait_default: None,
                owner: Owner::Trait(&item.ident),
            };
            let methods = item.items.iter_mut().filter_map(|item| match item {
                TraitItem::Fn(method) => Some(Method {
                    sig: &mut method.sig,
                    block: method.default.as_mut(),
                    attrs: &mut method.attrs,
                }),
                _ => None,
            });
            expand_methods(methods, args, &cx, Some(&item.supertraits), errors);
            Some(item.into_token_stream())
        }
    }
}

/// A method of an annotated impl block or trait.
struct Method<'a> {
    sig: &'a mut Signature,
    block: Option<&'a mut Block>,
    attrs: &'a mut Vec<Attribute>,
}

/// Input: the methods of an annotated impl block or trait, in the block's
/// context `cx` (`supertraits`: in a trait).
/// Output: each `async fn` among them expanded as by [`expand_fn`], in the
/// block's form merged with its own `#[fast_async(..)]` (removed).
fn expand_methods<'a>(
    methods: impl Iterator<Item = Method<'a>>,
    args: Args,
    cx: &Context<'_>,
    supertraits: Option<&Punctuated<TypeParamBound, syn::Token![+]>>,
    errors: &mut Vec<Error>,
) {
    for method in methods {
        if method.sig.asyncness.is_none() || !validate(method.sig, errors) {
            continue;
        }
        let form = match take_inner_args(method.attrs, errors) {
            Some(inner) => merged_form(cx.form, args.merge(inner), errors),
            None => cx.form,
        };
        let cx = Context {
            form,
            // A method with a default body: its `Send` future may need
            // `Self: Sync`.
            trait_default: supertraits.filter(|_| method.block.is_some()),
            ..*cx
        };
        expand_fn(method.sig, method.block, method.attrs, &cx, errors);
    }
}

/// Where the function is and which form it gets.
#[derive(Clone, Copy)]
struct Context<'a> {
    form: Form,
    /// Lifetimes of an annotated inherent impl: the opaque future may
    /// capture them.
    outer_lifetimes: &'a [Lifetime],
    /// In a trait, for a method with a default body: the supertraits (a
    /// `Send` future may need `Self: Sync`).
    trait_default: Option<&'a Punctuated<TypeParamBound, syn::Token![+]>>,
    /// What the function belongs to, for its name in `fast_async::stats`.
    owner: Owner<'a>,
}

/// What a function belongs to.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Free,
    Impl {
        self_ty: &'a Type,
        trait_: Option<&'a syn::Path>,
    },
    Trait(&'a Ident),
}

impl Owner<'_> {
    /// The function's name in `fast_async::stats`: `f`, `Type::f`,
    /// `<Type as Trait>::f` or `Trait::f` (built with the `stats` feature
    /// only).
    fn name(self, ident: &Ident) -> String {
        match self {
            Owner::Free => ident.to_string(),
            Owner::Impl {
                self_ty,
                trait_: None,
            } => format!("{}::{ident}", compact(quote!(#self_ty))),
            Owner::Impl {
                self_ty,
                trait_: Some(path),
            } => format!(
                "<{} as {}>::{ident}",
                compact(quote!(#self_ty)),
                compact(quote!(#path))
            ),
            Owner::Trait(name) => format!("{name}::{ident}"),
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
///
/// The steps, in order: the signature's elided lifetimes are named (the
/// body's analysis reads the names), the lints the plain fn would give and
/// the `async fn` does not are allowed, the body is rewritten
/// ([`expand_body`]), then the signature ([`new_signature`]).
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
    let has_self = sig.receiver().is_some()
        || mentions(&sig.inputs.to_token_stream(), "Self")
        || block
            .as_ref()
            .is_some_and(|block| mentions(&block.to_token_stream(), "Self"));
    allow_lints(sig, attrs, block.is_some());
    match block {
        Some(block) => {
            let mut output = Output::new(
                cx.form,
                &output_ty,
                instrument.as_ref().map(Instrument::span),
            );
            if cfg!(feature = "stats") {
                let name = cx.owner.name(&sig.ident);
                let site = Ident::new("__FAST_ASYNC_STATS", Span::mixed_site().located_at(span));
                output.stats = Some((site, name));
            }
            expand_body(sig, block, output, cx.form, span);
        }
        None => patterns::plain_declaration_patterns(sig),
    }
    new_signature(sig, &output_ty, &inputs, has_self, cx);
    if let (Some(instrument), Some(before)) = (instrument, before) {
        instrument.match_fields(attrs, &before, sig, errors);
    }
}

/// Lints the plain fn would get and the `async fn` does not.
fn allow_lints(sig: &Signature, attrs: &mut Vec<Attribute>, has_body: bool) {
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
}

/// Input: the body of the `async fn` and its signature (lifetimes named).
/// Output: the new body, which returns the future built by `output`; the
/// signature's argument patterns as the new body needs them.
///
/// The stages run one way: normalize (one shape), analyse (the names),
/// plan, emit (the body, then the patterns it binds).
fn expand_body(sig: &mut Signature, block: &mut Block, mut output: Output, form: Form, span: Span) {
    // `bail!` / `ensure!` are early exits where their exit has the
    // function's output type (`scan::exit_macro`), for every stage below.
    let _exit_macros =
        scan::ExitMacros::recognise(output.ty.as_ref().is_some_and(types::is_result_or_option));
    // Normalize.
    let boxed_whole = normalize::destructure_ref_patterns(sig, block);
    normalize::name_wild_arguments(sig);
    normalize::normalize_tails(block);
    // Analyse.
    let bindings = bindings::bindings(sig);
    let env = propagation::Env::new(sig, block, form == Form::Opaque);
    // Plan.
    let plan = if boxed_whole {
        plan::Plan::Split { prefix_len: 0 }
    } else {
        planner::plan(&block.stmts, &env)
    };
    output.never_boxed = plan.boxed_branches() == 0;
    let names: Vec<String> = bindings
        .iter()
        .map(|binding| binding.ident.to_string())
        .collect();
    let mentioned_anywhere = plan::mentioned_at_call(&block.stmts, &plan, &names);
    // Emit.
    patterns::strip_moved_mut(sig, &mentioned_anywhere);
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
        patterns::strip_caught_mut(sig);
    }
}

/// Input: the signature of the `async fn` (its body done).
/// Output: a plain `fn` returning the future of the function's form.
fn new_signature(
    sig: &mut Signature,
    output_ty: &Type,
    inputs: &lifetimes::InputLifetimes,
    has_self: bool,
    cx: &Context<'_>,
) {
    match cx.form {
        Form::Opaque => {
            let captured = Captured::new(sig, inputs, cx.outer_lifetimes);
            signature::opaque(sig, output_ty, &captured);
        }
        Form::Dyn { local } => {
            let self_bound = if cx.trait_default.is_some() {
                SelfBound::SendFuture
            } else {
                SelfBound::Outlives
            };
            signature::dyn_form(
                sig,
                output_ty,
                local,
                inputs,
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
mod tests;

//! The emitted signature: the opaque form's `impl MaybeReady` or the dyn
//! form's `FastFuture<'fast_async, R>`, with the bounds each needs.
//!
//! Emit stage. Imports `lifetimes` and `scan`.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::punctuated::Punctuated;
use syn::{
    parse_quote, parse_quote_spanned, FnArg, GenericParam, Lifetime, ReceiverKind, Signature, Type,
    TypeParamBound, WherePredicate,
};

use crate::lifetimes::{self, InputLifetimes};
use crate::scan::mentions;

/// Input:  `async fn get(&self, key: &str) -> R` (lifetimes already named)
/// Output: `fn get<'life0, 'life1>(&'life0 self, key: &'life1 str)
///              -> impl ::fast_async::MaybeReady<Output = R>
///                  + ::fast_async::__private::Captures<(&'life0 (), &'life1 (), Self)>`
///
/// `Captures` names every lifetime the future may hold, so it compiles in
/// edition 2021 (where `impl Trait` captures no lifetime it does not name)
/// and inside generic impls, where `use<..>` would have to list the impl's
/// parameters; `Self` brings the impl's lifetimes along.
pub(crate) fn opaque(sig: &mut Signature, output: &Type, captures: &Captured) {
    let span = async_span(sig);
    let lifetimes = &captures.lifetimes;
    let self_ty = captures.self_ty.then(|| quote!(Self,));
    let captures = if lifetimes.is_empty() && self_ty.is_none() {
        TokenStream::new()
    } else {
        quote_spanned!(span=> + ::fast_async::__private::Captures<(#(&#lifetimes (),)* #self_ty)>)
    };
    sig.output = parse_quote_spanned! {span=>
        -> impl ::fast_async::MaybeReady<Output = #output> #captures
    };
}

/// What an opaque future captures beyond the type parameters (which it
/// always does).
pub(crate) struct Captured {
    pub(crate) lifetimes: Vec<Lifetime>,
    pub(crate) self_ty: bool,
}

impl Captured {
    pub(crate) fn new(sig: &Signature, inputs: &InputLifetimes, outer: &[Lifetime]) -> Self {
        let mut lifetimes: Vec<Lifetime> = Vec::new();
        let declared = sig.generics.params.iter().filter_map(|param| match param {
            GenericParam::Lifetime(param) => Some(&param.lifetime),
            _ => None,
        });
        for lifetime in declared.chain(&inputs.explicit).chain(outer) {
            if !lifetimes.contains(lifetime) {
                lifetimes.push(lifetime.clone());
            }
        }
        Captured {
            lifetimes,
            // `Self` names the impl's lifetimes, which the future holds if
            // it holds a `Self` (a receiver, `Vec<Self>`, ...).
            self_ty: sig.receiver().is_some()
                || mentions(&sig.inputs.to_token_stream(), "Self")
                || mentions(&sig.output.to_token_stream(), "Self"),
        }
    }
}

/// How a dyn-form method's `Self` must be bounded for its future to be
/// `Send`: a trait's default body needs `Self: Sync` for `&self` and
/// `Self: Send` for an owned `self` (as `#[async_trait]` does).
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum SelfBound {
    /// Only `Self: 'fast_async`.
    Outlives,
    /// `Self: Send/Sync + 'fast_async`, as the receiver needs.
    SendFuture,
}

/// Input:  `async fn get<T>(&self, key: &str, x: T) -> R` (lifetimes named)
/// Output: `fn get<'life0, 'life1, 'fast_async, T>(&'life0 self, key: &'life1 str, x: T)
///              -> ::fast_async::FastFuture<'fast_async, R>
///          where 'life0: 'fast_async, 'life1: 'fast_async, T: 'fast_async, Self: 'fast_async`
pub(crate) fn dyn_form(
    sig: &mut Signature,
    output: &Type,
    local: bool,
    inputs: &InputLifetimes,
    has_self: bool,
    self_bound: SelfBound,
    supertraits: Option<&Punctuated<TypeParamBound, syn::Token![+]>>,
) {
    let span = async_span(sig);
    let fast_async =
        lifetimes::generated_lifetime(&lifetimes::unused_name(sig, "'fast_async"), span);
    // A parameter with bounds of its own gets `'fast_async` among them (so
    // its bounds stay in one place: clippy's `multiple_bound_locations`);
    // the others in the where clause.
    let mut predicates: Vec<WherePredicate> = Vec::new();
    let mut bounded: Vec<Lifetime> = Vec::new();
    for param in &mut sig.generics.params {
        match param {
            GenericParam::Lifetime(param) if !param.bounds.is_empty() => {
                param.bounds.push(fast_async.clone());
            }
            GenericParam::Lifetime(param) => bounded.push(param.lifetime.clone()),
            GenericParam::Type(param) if !param.bounds.is_empty() => {
                param
                    .bounds
                    .push(TypeParamBound::Lifetime(fast_async.clone()));
            }
            GenericParam::Type(param) => {
                let ident = &param.ident;
                predicates.push(parse_quote!(#ident: #fast_async));
            }
            GenericParam::Const(_) => {}
        }
    }
    let declared: Vec<Lifetime> = sig
        .generics
        .lifetimes()
        .map(|param| param.lifetime.clone())
        .collect();
    for lifetime in &inputs.explicit {
        if !declared.contains(lifetime) && !bounded.contains(lifetime) {
            bounded.push(lifetime.clone());
        }
    }
    let mut lifetime_predicates: Vec<WherePredicate> = bounded
        .iter()
        .map(|lifetime| parse_quote!(#lifetime: #fast_async))
        .collect();
    lifetime_predicates.append(&mut predicates);
    let mut predicates = lifetime_predicates;
    if has_self {
        let bounds: Vec<&str> = match self_bound {
            SelfBound::SendFuture if !local => receiver_bounds(sig)
                .iter()
                .copied()
                .filter(|bound| {
                    !supertraits.is_some_and(|supertraits| has_bound(supertraits, bound))
                })
                .collect(),
            _ => Vec::new(),
        };
        let bounds = bounds.iter().map(|bound| syn::Ident::new(bound, span));
        predicates
            .push(parse_quote_spanned!(span=> Self: #(::core::marker::#bounds +)* #fast_async));
    }
    // `impl Trait` arguments, even nested (`Option<impl Display>`), are
    // captured too: they must outlive the future.
    struct ImplTraitOutlives<'a>(&'a Lifetime);
    impl syn::visit_mut::VisitMut for ImplTraitOutlives<'_> {
        fn visit_type_impl_trait_mut(&mut self, impl_trait: &mut syn::TypeImplTrait) {
            syn::visit_mut::visit_type_impl_trait_mut(self, impl_trait);
            impl_trait
                .bounds
                .push(TypeParamBound::Lifetime(self.0.clone()));
        }

        fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
            syn::visit_mut::visit_type_reference_mut(self, reference);
            // `&impl A + 'b` would be ambiguous: `&(impl A + 'b)`.
            if let Type::ImplTrait(impl_trait) = &*reference.elem {
                *reference.elem = parse_quote!((#impl_trait));
            }
        }

        fn visit_type_ptr_mut(&mut self, pointer: &mut syn::TypePtr) {
            syn::visit_mut::visit_type_ptr_mut(self, pointer);
            if let Type::ImplTrait(impl_trait) = &*pointer.elem {
                *pointer.elem = parse_quote!((#impl_trait));
            }
        }
    }
    for input in &mut sig.inputs {
        if let FnArg::Typed(arg) = input {
            syn::visit_mut::VisitMut::visit_type_mut(
                &mut ImplTraitOutlives(&fast_async),
                &mut arg.ty,
            );
        }
    }
    lifetimes::add_lifetime_params(&mut sig.generics, [fast_async.clone()]);
    sig.generics
        .make_where_clause()
        .predicates
        .extend(predicates);
    let future = if local {
        quote_spanned!(span=> ::fast_async::LocalFastFuture)
    } else {
        quote_spanned!(span=> ::fast_async::FastFuture)
    };
    sig.output = parse_quote_spanned!(span=> -> #future<#fast_async, #output>);
}

/// What `Self` must be for a future holding the receiver to be `Send`:
/// `Sync` for `&self`, `Send + Sync` for `self: Arc<Self>`, `Send` for
/// `&mut self`, `self`, `self: Box<Self>` and for a body that holds a
/// `Self` without a receiver.
fn receiver_bounds(sig: &Signature) -> &'static [&'static str] {
    let Some(receiver) = sig.receiver() else {
        return &["Send"];
    };
    match &receiver.kind {
        ReceiverKind::Reference(_, _, None) => &["Sync"],
        ReceiverKind::Typed(_, ty) => match &**ty {
            Type::Reference(reference) if reference.mutability.is_none() => &["Sync"],
            Type::Path(path)
                if path
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| last.ident == "Arc") =>
            {
                &["Send", "Sync"]
            }
            _ => &["Send"],
        },
        _ => &["Send"],
    }
}

fn has_bound(supertraits: &Punctuated<TypeParamBound, syn::Token![+]>, marker: &str) -> bool {
    supertraits.iter().any(|bound| match bound {
        TypeParamBound::Trait(bound) => bound
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == marker),
        _ => false,
    })
}

/// Generated tokens are blamed on the `async` keyword.
fn async_span(sig: &Signature) -> Span {
    sig.asyncness
        .map_or(sig.fn_token.span, |asyncness| asyncness.span)
}

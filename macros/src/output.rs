//! The function's future (DESIGN.md rules 1-3): the two forms it takes,
//! and how a ready value, a boxed block or a coerced return is spelled in
//! each.
//!
//! Emit stage: every emitting module builds its futures through
//! [`Output`]. Imports `attr` ([`Form`]), `scan` and `types`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote_spanned, ToTokens};
use syn::{Expr, Type};

use crate::attr::Form;
use crate::scan::mentions;
use crate::types;

/// How to build the function's future from a ready value or an async block.
pub(crate) struct Output {
    pub(crate) form: Form,
    /// The output type, where the body can spell it (not when it holds an
    /// `impl Trait`).
    pub(crate) ty: Option<Type>,
    /// The output type is `()`.
    pub(crate) is_unit: bool,
    /// The output type may be `()` under another name: a path without
    /// generic arguments that is not a primitive (`type Unit = ();`), or a
    /// macro's `$ty`.
    pub(crate) may_be_unit: bool,
    /// No path of the body is boxed (DESIGN.md rule 6).
    pub(crate) never_boxed: bool,
    /// With the `stats` feature: the counters' static and the function's
    /// name. Every ready or boxed future is counted as it is made.
    pub(crate) stats: Option<(Ident, String)>,
    /// With `#[instrument]` on the function: the span every boxed future
    /// runs in (see `instrument`).
    pub(crate) instrument: Option<TokenStream>,
}

impl Output {
    /// Input: the form and the output type `R` of the `async fn`.
    /// Output: how to build its futures (no stats yet, see `expand`).
    pub(crate) fn new(form: Form, output_ty: &Type, instrument: Option<TokenStream>) -> Self {
        Output {
            form,
            ty: (!mentions(&output_ty.to_token_stream(), "impl")).then(|| output_ty.clone()),
            is_unit: types::is_unit(output_ty),
            may_be_unit: types::may_be_unit(output_ty),
            never_boxed: false,
            stats: None,
            instrument,
        }
    }

    /// Input: `value`, known at the call.
    /// Output: a ready future holding it (see `ready_uncounted`), counted
    /// with the `stats` feature: `Site::ready(&SITE, ..)`.
    pub(crate) fn ready(&self, value: Expr, span: Span) -> Expr {
        let ready = self.ready_uncounted(value, span);
        match &self.stats {
            Some((site, _)) => Expr::Verbatim(
                quote_spanned!(span=> ::fast_async::__private::Site::ready(&#site, #ready)),
            ),
            None => ready,
        }
    }

    /// Input: `value` (`R = u32`).
    /// Output: `::fast_async::__private::Value::<u32> { 0: value }.opaque()`
    /// (`.fast()`, `.local()` in the dyn form): a value of the wrong type is
    /// rustc's "expected `u32`, found ..." on the user's expression.
    fn ready_uncounted(&self, value: Expr, span: Span) -> Expr {
        let ty = self.ty.as_ref().map(|ty| quote_spanned!(span=> ::<#ty>));
        let method = match (self.form, &self.ty) {
            // Nothing is ever boxed: name a future type for the empty slot.
            (Form::Opaque, Some(ty)) if self.never_boxed => {
                quote_spanned!(span=> opaque::<::core::future::Ready<#ty>>)
            }
            (Form::Opaque, None) if self.never_boxed => {
                quote_spanned!(span=> opaque::<::core::future::Ready<_>>)
            }
            (Form::Opaque, _) => quote_spanned!(span=> opaque),
            (Form::Dyn { local: false }, _) => quote_spanned!(span=> fast),
            (Form::Dyn { local: true }, _) => quote_spanned!(span=> local),
        };
        let value = literal(ty, value, span);
        // A method call: an expression that needs no parentheses wherever
        // it goes, emitted as tokens (parsing it again, the user's value
        // included, was a third of the macro's time).
        Expr::Verbatim(quote_spanned!(span=> #value.#method()))
    }

    /// Input: `future`, an `async move` block.
    /// Output: `ReadyOrBoxed::<R, _>::boxed(future)` (`FastFuture::boxed`,
    /// `LocalFastFuture::boxed` in the dyn form), in the `#[instrument]`
    /// span if any, counted with the `stats` feature.
    pub(crate) fn boxed(&self, future: TokenStream, span: Span) -> TokenStream {
        let future = match &self.instrument {
            Some(in_span) => {
                quote_spanned!(span=> ::tracing::Instrument::instrument(#future, #in_span))
            }
            None => future,
        };
        let boxed = self.boxed_uncounted(future, span);
        match &self.stats {
            // A path call, not `#site.boxed(..)`: the expression's span is
            // then the user's, as without the feature (an error on the
            // returned future reads the same with and without `stats`).
            Some((site, _)) => {
                quote_spanned!(span=> ::fast_async::__private::Site::boxed(&#site, #boxed))
            }
            None => boxed,
        }
    }

    /// Input: `pending`, the future of a tail `x.await` point that turned
    /// out pending, and `continuation`, the `async move` block that awaits
    /// it and holds nothing else (dyn form, no `#[instrument]`, see
    /// `emit::point`).
    /// Output:
    /// ```text
    /// {
    ///     let tail = ::fast_async::__private::Tail::<R, _, _>::fast(pending);
    ///     (&tail).fast_async_tail().fast(tail, |pending| FastFuture::boxed(continuation))
    /// }
    /// ```
    /// `pending` itself as the function's future when it is `MaybeReady`
    /// with output `R` (and `Send` in the `Send` form; its box handed on: no
    /// allocation for a dyn-form future), else the boxed continuation, as
    /// before, with the same errors (see
    /// `fast_async::__private::Tail`); counted as boxed with `stats`.
    pub(crate) fn pass_on(
        &self,
        pending: &Ident,
        continuation: TokenStream,
        span: Span,
    ) -> Option<TokenStream> {
        let ty = self.ty.as_ref()?;
        let (Form::Dyn { local }, None) = (self.form, &self.instrument) else {
            return None;
        };
        let method = if local {
            quote_spanned!(span=> local)
        } else {
            quote_spanned!(span=> fast)
        };
        let tail = Ident::new("tail", Span::mixed_site().located_at(span));
        let boxed = self.boxed_uncounted(continuation, span);
        let pass_on = quote_spanned! {span=>
            {
                #[allow(unused_imports)]
                use ::fast_async::__private::{KeepContinuation as _, PassOn as _};
                let #tail = ::fast_async::__private::Tail::<#ty, _, _>::#method(#pending);
                (&#tail).fast_async_tail().#method(#tail, |#pending| #boxed)
            }
        };
        Some(match &self.stats {
            Some((site, _)) => {
                quote_spanned!(span=> ::fast_async::__private::Site::boxed(&#site, #pass_on))
            }
            None => pass_on,
        })
    }

    /// With the `stats` feature, the static that counts this function's
    /// calls (`fast_async::stats`).
    pub(crate) fn stats_site(&self, span: Span) -> Option<TokenStream> {
        let (site, name) = self.stats.as_ref()?;
        Some(quote_spanned! {span=>
            static #site: ::fast_async::__private::Site = ::fast_async::__private::Site::new(
                ::core::concat!(::core::module_path!(), "::", #name),
                ::core::file!(),
                ::core::line!(),
            );
        })
    }

    fn boxed_uncounted(&self, future: TokenStream, span: Span) -> TokenStream {
        match (self.form, &self.ty) {
            (Form::Opaque, Some(ty)) => {
                quote_spanned!(span=> ::fast_async::ReadyOrBoxed::<#ty, _>::boxed(#future))
            }
            (Form::Opaque, None) => {
                quote_spanned!(span=> ::fast_async::ReadyOrBoxed::boxed(#future))
            }
            (Form::Dyn { local: false }, _) => {
                quote_spanned!(span=> ::fast_async::FastFuture::boxed(#future))
            }
            (Form::Dyn { local: true }, _) => {
                quote_spanned!(span=> ::fast_async::LocalFastFuture::boxed(#future))
            }
        }
    }

    /// `value` coerced to the output type, as an `async fn` coerces its
    /// returns and its tail (an `async` block does not):
    /// `::fast_async::__private::Value::<R> { 0: value }.0`.
    pub(crate) fn coerce(&self, value: Expr) -> Expr {
        match &self.ty {
            Some(ty) if !self.is_unit => {
                // On the value's own span, so that `return value` spans
                // what the user wrote (an unreachable-code label lands on
                // it as on the `async fn`'s).
                let span = syn::spanned::Spanned::span(&value);
                let value = literal(Some(quote_spanned!(span=> ::<#ty>)), value, span);
                // A field access: as `ready`, tokens not parsed again.
                Expr::Verbatim(quote_spanned!(span=> #value.0))
            }
            _ => value,
        }
    }
}

/// `::fast_async::__private::Value::<R> { 0: value }`, the literal on the
/// macro's spans (clippy's `init_numbered_fields` is not the user's), the
/// value on its own.
fn literal(ty: Option<TokenStream>, value: Expr, span: Span) -> TokenStream {
    let span = Span::call_site().located_at(span);
    quote_spanned!(span=> ::fast_async::__private::Value #ty { 0: #value })
}

//! The attribute's arguments: `#[fast_async]`, `#[fast_async(?Send)]`,
//! `#[fast_async(dyn)]`, `#[fast_async(dyn, ?Send)]`.
//!
//! Parse stage. Imports nothing from the crate.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Error, Ident, Token};

/// Which future the function returns.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Form {
    /// `impl MaybeReady<Output = R>` over `ReadyOrBoxed<R, {async block}>`.
    Opaque,
    /// `FastFuture<'fast_async, R>`, or `LocalFastFuture` when `local`.
    Dyn { local: bool },
}

#[derive(Clone, Copy, Default)]
pub(crate) struct Args {
    /// `?Send`: the dyn form's future need not be `Send`.
    pub(crate) local: Option<Span>,
    /// `dyn`: the nameable dyn form even where the opaque form would do.
    pub(crate) dyn_form: Option<Span>,
}

const ACCEPTED: &str = "#[fast_async] accepts `dyn` and `?Send`, e.g. `#[fast_async(dyn, ?Send)]`";

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = Args::default();
        while !input.is_empty() {
            let lookahead = input.lookahead1();
            if lookahead.peek(Token![?]) {
                let question: Token![?] = input.parse()?;
                let send: Ident = input.parse().map_err(|_| {
                    Error::new(question.span, format!("expected `?Send`; {ACCEPTED}"))
                })?;
                if send != "Send" {
                    return Err(Error::new(
                        send.span(),
                        format!("unknown argument `?{send}`; {ACCEPTED}"),
                    ));
                }
                set_once(&mut args.local, send.span(), "?Send")?;
            } else if lookahead.peek(Token![dyn]) {
                let token: Token![dyn] = input.parse()?;
                set_once(&mut args.dyn_form, token.span, "dyn")?;
            } else if input.peek(Ident) || input.peek(syn::Lit) {
                let unknown: proc_macro2::TokenTree = input.parse()?;
                return Err(Error::new(
                    unknown.span(),
                    format!("unknown argument `{unknown}`; {ACCEPTED}"),
                ));
            } else {
                return Err(input.error(format!("unexpected argument; {ACCEPTED}")));
            }
            if input.is_empty() {
                break;
            }
            if !input.peek(Token![,]) {
                return Err(input.error(format!("expected `,` between arguments; {ACCEPTED}")));
            }
            input.parse::<Token![,]>()?;
        }
        Ok(args)
    }
}

fn set_once(slot: &mut Option<Span>, span: Span, name: &str) -> syn::Result<()> {
    if slot.replace(span).is_some() {
        return Err(Error::new(span, format!("`{name}` is given twice")));
    }
    Ok(())
}

impl Args {
    /// Arguments written on a method inside an annotated impl or trait add
    /// to the block's.
    pub(crate) fn merge(self, inner: Args) -> Args {
        Args {
            local: inner.local.or(self.local),
            dyn_form: inner.dyn_form.or(self.dyn_form),
        }
    }
}

/// The attribute's arguments. When they do not parse, the error is
/// reported and the arguments that do parse on their own (between commas)
/// are used: `#[fast_async(?Send, foo)]` on a trait still gives the local
/// dyn form its impls expect.
pub(crate) fn parse_args(tokens: TokenStream, errors: &mut Vec<Error>) -> Args {
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

pub(crate) fn fn_form(args: Args, errors: &mut Vec<Error>) -> Form {
    if args.dyn_form.is_some() {
        return Form::Dyn {
            local: args.local.is_some(),
        };
    }
    reject_local(args, errors);
    Form::Opaque
}

pub(crate) fn merged_form(outer: Form, args: Args, errors: &mut Vec<Error>) -> Form {
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
pub(crate) fn take_inner_args(attrs: &mut Vec<Attribute>, errors: &mut Vec<Error>) -> Option<Args> {
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

//! The attribute's arguments: `#[fast_async]`, `#[fast_async(?Send)]`,
//! `#[fast_async(dyn)]`, `#[fast_async(dyn, ?Send)]`.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::{Error, Ident, Token};

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

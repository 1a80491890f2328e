//! Naming the elided lifetimes of a signature's inputs, and collecting the
//! lifetimes the inputs mention, so that the returned future can capture
//! them (opaque form) or outlive `'fast_async` (dyn form).
//!
//! Emit stage (the signature). Imports nothing from the crate.

use proc_macro2::Span;
use syn::visit_mut::{self, VisitMut};
use syn::{
    FnArg, GenericParam, Lifetime, LifetimeParam, ParenthesizedGenericArguments, Receiver,
    ReceiverKind, ReturnType, Signature, TypeFnPtr, TypeReference,
};

/// The lifetimes of a signature's inputs after naming (the named elided
/// ones are now generic parameters of the signature).
pub(crate) struct InputLifetimes {
    /// Named lifetimes the inputs mention (the fn's or the impl's), except
    /// `'static`.
    pub(crate) explicit: Vec<Lifetime>,
}

/// Input:  `fn get(&self, key: &str, v: Foo<'_, 'a>)`
/// Output: `fn get<'life0, 'life1, 'life2>(&'life0 self, key: &'life1 str, v: Foo<'life2, 'a>)`
///
/// An elided lifetime in the output gets the name the elision rules give it
/// (the receiver's, or the only input lifetime).
pub(crate) fn name_elided(sig: &mut Signature) -> InputLifetimes {
    let mut taken = Vec::new();
    TakenNames(&mut taken).visit_signature_mut(sig);
    let mut namer = Namer {
        elided: Vec::new(),
        explicit: Vec::new(),
        taken,
        higher_ranked: Vec::new(),
    };
    let mut receiver_lifetime = None;
    for input in &mut sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                namer.visit_receiver_mut(receiver);
                receiver_lifetime = namer.elided.first().or(namer.explicit.first()).cloned();
            }
            FnArg::Typed(arg) => namer.visit_type_mut(&mut arg.ty),
        }
    }
    let for_output = receiver_lifetime.or_else(|| match (&*namer.elided, &*namer.explicit) {
        ([only], []) | ([], [only]) => Some(only.clone()),
        _ => None,
    });
    if let (Some(lifetime), ReturnType::Type(_, output)) = (&for_output, &mut sig.output) {
        OutputNamer { lifetime }.visit_type_mut(output);
    }
    add_lifetime_params(&mut sig.generics, namer.elided.iter().cloned());
    InputLifetimes {
        explicit: namer.explicit,
    }
}

struct Namer {
    elided: Vec<Lifetime>,
    explicit: Vec<Lifetime>,
    /// Lifetime names the signature already uses: never given again.
    taken: Vec<String>,
    /// Lifetimes bound by an enclosing `for<'a>`: not the function's.
    higher_ranked: Vec<Lifetime>,
}

impl Namer {
    fn next(&mut self, span: Span) -> Lifetime {
        let name = (self.elided.len()..)
            .map(|index| format!("'life{index}"))
            .find(|name| !self.taken.contains(name))
            .expect("an unused name");
        self.taken.push(name.clone());
        let lifetime = generated_lifetime(&name, span);
        self.elided.push(lifetime.clone());
        lifetime
    }
}

/// `name`, or `name_`, `name__`, ... if the signature already uses it (as
/// pin-project picks `'pin`, then `'pin_`).
pub(crate) fn unused_name(sig: &Signature, name: &str) -> String {
    let mut taken = Vec::new();
    TakenNames(&mut taken).visit_signature_mut(&mut sig.clone());
    let mut name = name.to_owned();
    while taken.contains(&name) {
        name.push('_');
    }
    name
}

/// Collects the lifetime names written in a signature.
struct TakenNames<'a>(&'a mut Vec<String>);

impl VisitMut for TakenNames<'_> {
    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        self.0.push(lifetime.to_string());
    }
}

impl VisitMut for Namer {
    fn visit_receiver_mut(&mut self, receiver: &mut Receiver) {
        match &mut receiver.kind {
            ReceiverKind::Reference(and, lifetime @ None, _) => {
                *lifetime = Some(self.next(and.span))
            }
            _ => visit_mut::visit_receiver_mut(self, receiver),
        }
    }

    fn visit_type_reference_mut(&mut self, reference: &mut TypeReference) {
        match reference.lifetime {
            None => {
                reference.lifetime = Some(self.next(reference.and_token.span));
                self.visit_type_mut(&mut reference.elem);
            }
            Some(_) => visit_mut::visit_type_reference_mut(self, reference),
        }
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.next(lifetime.apostrophe);
        } else if lifetime.ident != "static"
            && !self.explicit.contains(lifetime)
            && !self.higher_ranked.contains(lifetime)
        {
            self.explicit.push(lifetime.clone());
        }
    }

    /// `impl for<'a> Strategy<'a>`: `'a` is the bound's own.
    fn visit_trait_bound_mut(&mut self, bound: &mut syn::TraitBound) {
        let outer = self.higher_ranked.len();
        if let Some(lifetimes) = &bound.lifetimes {
            self.higher_ranked
                .extend(lifetimes.lifetimes.iter().filter_map(|param| match param {
                    GenericParam::Lifetime(param) => Some(param.lifetime.clone()),
                    _ => None,
                }));
        }
        visit_mut::visit_trait_bound_mut(self, bound);
        self.higher_ranked.truncate(outer);
    }

    // `fn(&str)` and `Fn(&str)` have elision scopes of their own.
    fn visit_type_fn_ptr_mut(&mut self, _: &mut TypeFnPtr) {}
    fn visit_parenthesized_generic_arguments_mut(&mut self, _: &mut ParenthesizedGenericArguments) {
    }
}

/// Input:  `<'a, T>` and `['life0]`.
/// Output: `<'a, 'life0, T>`: after the existing lifetime parameters, which
/// come before type and const parameters.
pub(crate) fn add_lifetime_params(
    generics: &mut syn::Generics,
    lifetimes: impl IntoIterator<Item = Lifetime>,
) {
    let position = generics
        .params
        .iter()
        .take_while(|param| matches!(param, GenericParam::Lifetime(_)))
        .count();
    for (offset, lifetime) in lifetimes.into_iter().enumerate() {
        let param = GenericParam::Lifetime(LifetimeParam::new(lifetime));
        generics.params.insert(position + offset, param);
    }
}

/// A lifetime the macro makes up (`'life0`, `'fast_async`): shown at the
/// user's token, on a mixed-site span, so lints about the user's own
/// lifetimes (clippy's `needless_lifetimes`) do not fire on it. Mixed-site
/// hygiene hides locals and labels, not lifetimes: user code could name it,
/// so the name is one the signature does not use (`Namer::next`,
/// [`unused_name`]).
pub(crate) fn generated_lifetime(name: &str, located_at: Span) -> Lifetime {
    let span = Span::mixed_site().located_at(located_at);
    Lifetime {
        apostrophe: span,
        ident: proc_macro2::Ident::new(&name[1..], span),
    }
}

/// Names the output's elided lifetimes as the elision rules would, so the
/// signature does not mix named inputs with elided outputs.
struct OutputNamer<'a> {
    lifetime: &'a Lifetime,
}

impl VisitMut for OutputNamer<'_> {
    fn visit_type_reference_mut(&mut self, reference: &mut TypeReference) {
        if reference.lifetime.is_none() {
            reference.lifetime = Some(self.lifetime.clone());
        }
        visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.lifetime.clone();
        }
    }

    fn visit_type_fn_ptr_mut(&mut self, _: &mut TypeFnPtr) {}
    fn visit_parenthesized_generic_arguments_mut(&mut self, _: &mut ParenthesizedGenericArguments) {
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{quote, ToTokens};
    use syn::parse_quote;

    #[test]
    fn generated_names_skip_the_users_own() {
        let mut sig: Signature = parse_quote! {
            async fn f<'life0>(x: &'life0 str, y: &str) -> usize
        };
        name_elided(&mut sig);
        assert_eq!(
            sig.to_token_stream().to_string(),
            quote!(async fn f<'life0, 'life1>(x: &'life0 str, y: &'life1 str) -> usize).to_string()
        );
    }

    #[test]
    fn names_elided_and_collects_explicit() {
        let mut sig: Signature = parse_quote! {
            async fn get<'a, T>(&self, key: &str, v: Foo<'_, 'a>, f: fn(&u8), s: &'static str) -> &str
        };
        let lifetimes = name_elided(&mut sig);
        assert_eq!(
            sig.to_token_stream().to_string(),
            quote! {
                async fn get<'a, 'life0, 'life1, 'life2, T>(
                    &'life0 self, key: &'life1 str, v: Foo<'life2, 'a>, f: fn(&u8), s: &'static str
                ) -> &'life0 str
            }
            .to_string()
        );
        assert_eq!(lifetimes.explicit, [Lifetime::new("'a", Span::call_site())]);
    }
}

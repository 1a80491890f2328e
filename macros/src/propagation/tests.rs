//! Unit tests of `propagation`.

use super::*;
use syn::parse_quote;

fn env() -> Env {
    let sig: Signature =
        parse_quote!(async fn f(&self, key: &str, owned: String, n: u64, node: &Node));
    let body: Block = parse_quote!({
        let local = 1;
        let local_closure = || 1;
        let borrowed = owned.trim();
    });
    Env::new(&sig, &body, false)
}

fn movable(expr: Expr) -> bool {
    is_movable(&expr, &env())
}

#[test]
fn moved_values_and_reads_through_shared_references_are_movable() {
    assert!(movable(parse_quote!(self.get(key))));
    assert!(movable(parse_quote!(self.inner.call(owned))));
    assert!(movable(parse_quote!(fib(n - 1))));
    assert!(movable(parse_quote!(sum(&node.left))));
    assert!(movable(parse_quote!(Self::helper(local, key))));
}

#[test]
fn borrows_of_the_frame_are_not() {
    assert!(!movable(parse_quote!(self.get(&owned))));
    assert!(!movable(parse_quote!(owned.len_async())));
    assert!(!movable(parse_quote!(self.get(&key))));
    assert!(!movable(parse_quote!(self.get(&key.to_string()))));
    assert!(!movable(parse_quote!(local.fetch())));
    assert!(!movable(parse_quote!(self.map.lock().unwrap().get(key))));
    assert!(!movable(parse_quote!(local_closure())));
    assert!(!movable(parse_quote!(slow(borrowed))));
    assert!(!movable(parse_quote!(self.get(format!("{}", key)))));
}

#[test]
fn a_rebound_shared_argument_is_a_local() {
    let sig: Signature = parse_quote!(async fn f(&self, key: &str));
    let body: Block = parse_quote!({
        let key = key.to_lowercase();
    });
    let env = Env::new(&sig, &body, false);
    assert!(!is_movable(&parse_quote!(self.get(key.as_str())), &env));
    assert!(is_movable(&parse_quote!(self.get(key)), &env));
}

#[test]
fn locals_bound_from_the_caller_are_movable() {
    let sig: Signature = parse_quote!(async fn f(&self, tree: &Tree, key: &str, owned: String));
    let body: Block = parse_quote!({
        let trimmed = key.trim();
        let lower = owned.to_lowercase();
        let view = owned.as_str();
        match tree {
            Tree::Node(l, r) => {}
            _ => {}
        }
        match owned {
            ref s => {}
        }
        if let Some(hit) = self.map.get(key) {}
        for item in items {}
    });
    let env = Env::new(&sig, &body, false);
    for name in ["trimmed", "l", "r", "hit"] {
        let call: Expr = syn::parse_str(&format!("slow({name})")).unwrap();
        assert!(is_movable(&call, &env), "{name}");
    }
    // `lower` is owned, but its initializer borrows `owned`: unknown.
    for name in ["view", "s", "item", "lower"] {
        let call: Expr = syn::parse_str(&format!("slow({name})")).unwrap();
        assert!(!is_movable(&call, &env), "{name}");
    }
}

#[test]
fn mutable_references_are_not_moved() {
    let sig: Signature = parse_quote!(async fn f(conn: &mut Conn, owned: Conn));
    let body: Block = parse_quote!({
        let c = &mut owned;
        match &mut pair {
            (a, b) => {}
        }
        let ref mut r = x;
    });
    let env = Env::new(&sig, &body, false);
    for name in ["conn", "c", "a", "b", "r"] {
        let call: Expr = syn::parse_str(&format!("write({name})")).unwrap();
        assert!(!is_movable(&call, &env), "{name}");
    }
    assert!(is_movable(&parse_quote!(write(owned)), &env));
}

#[test]
fn the_opaque_form_does_not_propagate_its_own_recursion() {
    let sig: Signature = parse_quote!(async fn sum(&self, node: &Node));
    let body: Block = parse_quote!({});
    let opaque = Env::new(&sig, &body, true);
    assert!(!is_movable(&parse_quote!(sum(&node.left)), &opaque));
    assert!(!is_movable(&parse_quote!(self.sum(&node.left)), &opaque));
    assert!(is_movable(&parse_quote!(other(&node.left)), &opaque));
    assert!(!is_movable(&parse_quote!(Self::sum(&node.left)), &opaque));
    assert!(is_movable(
        &parse_quote!(self.inner.sum(&node.left)),
        &opaque
    ));
    assert!(is_movable(&parse_quote!(Other::sum(&node.left)), &opaque));
    let dyn_form = Env::new(&sig, &body, false);
    assert!(is_movable(&parse_quote!(sum(&node.left)), &dyn_form));
}

#[test]
fn mut_self_is_not_shared() {
    let sig: Signature = parse_quote!(async fn f(&mut self));
    let env = Env::new(&sig, &parse_quote!({}), false);
    assert!(!is_movable(&parse_quote!(self.next()), &env));
}

#[test]
fn points_are_statements_lets_and_tails() {
    let env = env();
    let stmts: Block = parse_quote!({
        self.flush(key).await;
        let v = self.get(key).await?;
        self.get(key).await
    });
    assert!(is_point(&stmts.stmts[0], false, &env) && !point(&stmts.stmts[0], false).unwrap().1);
    assert!(is_point(&stmts.stmts[1], false, &env) && point(&stmts.stmts[1], false).unwrap().1);
    assert!(is_point(&stmts.stmts[2], true, &env));
    let nested: Block = parse_quote!({
        let v = self.get(key).await + 1;
    });
    assert!(!is_point(&nested.stmts[0], false, &env));
    let double: Block = parse_quote!({
        let v = self.get(self.k().await).await;
    });
    assert!(!is_point(&double.stmts[0], false, &env));
}

#[test]
fn scrutinee_points_are_whole_scrutinees_and_conditions() {
    let env = env();
    let is_scrutinee_point = |tail: Expr| {
        scrutinee(&tail)
            .and_then(awaited)
            .is_some_and(|(awaited, _)| is_probed(awaited, &env))
    };
    assert!(is_scrutinee_point(parse_quote!(
        match self.get(key).await {
            Some(v) => v,
            None => 0,
        }
    )));
    assert!(is_scrutinee_point(parse_quote!(
        match self.load(key).await? {
            _ => 0,
        }
    )));
    assert!(is_scrutinee_point(parse_quote!(
        if let Some(v) = self.get(key).await {
            v
        } else {
            0
        }
    )));
    assert!(is_scrutinee_point(parse_quote!(
        if self.allowed(owned).await? {
            1
        }
    )));
    let with_try: Expr = parse_quote!(match self.load(key).await? {
        _ => 0,
    });
    assert!(scrutinee(&with_try).and_then(awaited).unwrap().1);
    // Not the whole scrutinee, a let chain, an empty match, a borrow of
    // the frame, or no await at all.
    assert!(!is_scrutinee_point(parse_quote!(
        match self.get(key).await.unwrap() {
            _ => 0,
        }
    )));
    assert!(!is_scrutinee_point(
        parse_quote!(if let Some(v) = self.get(key).await && v > 1 {
            v
        })
    ));
    assert!(!is_scrutinee_point(parse_quote!(
        match self.get(key).await {}
    )));
    assert!(!is_scrutinee_point(parse_quote!(
        match self.get(&owned).await {
            _ => 0,
        }
    )));
    assert!(!is_scrutinee_point(parse_quote!(match self.get(key) {
        _ => 0,
    })));
    assert!(!is_scrutinee_point(parse_quote!(
        if !self.allowed(key).await {
            0
        }
    )));
}

#[test]
fn what_a_pattern_leaves_of_the_value() {
    let binds_of = |pat: Pat| binds(&pat);
    let pat = |tokens: proc_macro2::TokenStream| {
        syn::parse::Parser::parse2(Pat::parse_multi, tokens).unwrap()
    };
    use quote::quote;
    for all in [
        quote!(v),
        quote!(mut v),
        quote!(Some(v)),
        quote!(Ok((a, b))),
        quote!(Err(e)),
        quote!(None),
        quote!(Some(a) | Some(a)),
    ] {
        assert_eq!(binds_of(pat(all.clone())), Binds::All, "{all}");
    }
    for nothing in [
        quote!(_),
        quote!(Some(_)),
        quote!(Kind::A),
        quote!(Foo { .. }),
        quote!(Some(3)),
        quote!(1..=5),
        quote!(Val::Big(_) | Val::Nothing),
    ] {
        assert_eq!(binds_of(pat(nothing.clone())), Binds::Nothing, "{nothing}");
    }
    for part in [
        quote!(ref v),
        quote!(Some(ref v)),
        quote!(Foo { a, .. }),
        quote!((a, _)),
        quote!(v @ Some(_)),
        quote!(Val::Big(v)),
        quote!(Some(my_pattern!())),
    ] {
        assert_eq!(binds_of(pat(part.clone())), Binds::Part, "{part}");
    }
    assert!(refuses_only_none(&pat(quote!(Some(v)))));
    assert!(refuses_only_none(&pat(quote!(Some((a, _))))));
    assert!(!refuses_only_none(&pat(quote!(Some(3)))));
    assert!(!refuses_only_none(&pat(quote!(Ok(v)))));
    assert!(!refuses_only_none(&pat(quote!(Some(None)))));
}

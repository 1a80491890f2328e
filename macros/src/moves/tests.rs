//! Unit tests of `moves`.

use super::*;
use syn::parse_quote;

fn moves(stmt: Stmt) -> Vec<String> {
    let names = ["a", "b", "opt", "permit"].map(String::from);
    moved(&stmt, &names).into_iter().collect()
}

#[test]
fn borrows_are_not_moves() {
    assert!(moves(parse_quote!(let l = Noisy::new("local", &b.log);)).is_empty());
    assert!(moves(parse_quote!(if b.name.len() == 1 {
        return 1;
    }))
    .is_empty());
    assert!(moves(parse_quote!(println!("{}", a);)).is_empty());
    assert!(moves(parse_quote!(let x = a.clone();)).is_empty());
    assert!(moves(parse_quote!(let x = &mut a[b.len()];)).is_empty());
    assert!(moves(parse_quote!(if permit.num_permits() > 1 {
        return Ok(0);
    }))
    .is_empty());
    assert!(moves(parse_quote!(let n = b.count;)).is_empty());
    assert!(moves(parse_quote!(if a == b {
        return 0;
    }))
    .is_empty());
    assert!(moves(parse_quote!(a += 1;)).is_empty());
    assert!(moves(parse_quote!(a = 5;)).is_empty());
    assert!(moves(parse_quote!(let f = || a.len();)).is_empty());
    assert!(moves(parse_quote!(if let None = opt {
        return 0;
    }))
    .is_empty());
    assert!(moves(parse_quote!(match opt {
        Some(ref x) => {}
        None => return 0,
    }))
    .is_empty());
}

#[test]
fn values_are_moves() {
    assert_eq!(moves(parse_quote!(let v = opt.unwrap();)), ["opt"]);
    assert_eq!(moves(parse_quote!(let v = opt.into_inner();)), ["opt"]);
    assert_eq!(moves(parse_quote!(consume(a);)), ["a"]);
    assert_eq!(moves(parse_quote!(let f = || drop(a);)), ["a"]);
    assert_eq!(moves(parse_quote!(let f = move || a.len();)), ["a"]);
    assert_eq!(moves(parse_quote!(let v = vec![a];)), ["a"]);
    assert_eq!(moves(parse_quote!(let a = 5;)), ["a"]);
    assert_eq!(moves(parse_quote!(let x = a?;)), ["a"]);
    assert_eq!(moves(parse_quote!(let x = a + 1;)), ["a"]);
    assert_eq!(
        moves(parse_quote!(let Some(x) = opt else { return; };)),
        ["opt"]
    );
    assert_eq!(
        moves(parse_quote!(if let Some(x) = opt {
            return x;
        })),
        ["opt"]
    );
    assert_eq!(moves(parse_quote!(other_macro!(a);)), ["a"]);
}

fn borrows(init: Expr) -> bool {
    may_borrow_frame(&init, &["s".to_owned(), "v".to_owned()])
}

#[test]
fn locals_that_may_borrow_the_frame() {
    assert!(borrows(parse_quote!(&v)));
    assert!(borrows(parse_quote!(s.split_whitespace().next())));
    assert!(borrows(parse_quote!(v.iter())));
    assert!(borrows(parse_quote!(|| v.len())));
    assert!(borrows(parse_quote!(std::pin::pin!(fut))));
    assert!(borrows(parse_quote!(&v.field)));
    assert!(!borrows(parse_quote!((*v).checked_sub(1))));
    assert!(!borrows(parse_quote!(v.field)));
    assert!(!borrows(parse_quote!(s.into_iter().map(&v).sum())));
    assert!(!borrows(parse_quote!(format!("{s}"))));
    assert!(borrows(parse_quote!(first_word(&s))));
    assert!(borrows(parse_quote!(vec![&s])));
    assert!(!borrows(parse_quote!(s.clone().into_bytes())));
    assert!(!borrows(parse_quote!(v.len())));
    assert!(!borrows(parse_quote!(sem.clone().try_acquire_owned())));
    assert!(borrows(parse_quote!(s.auth())));
    assert!(!borrows(parse_quote!(*v.first()?)));
    assert!(!borrows(parse_quote!(v.first().copied())));
    assert!(!borrows(parse_quote!(s.trim().to_owned())));
    assert!(borrows(parse_quote!(v.iter().map(f).collect())));
    assert!(borrows(parse_quote!(&*v)));
    assert!(!borrows(parse_quote!(move || v.len())));
    assert!(!borrows(parse_quote!(make(s))));
    assert!(!borrows(parse_quote!(w.to_owned())));
}

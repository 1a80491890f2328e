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
    assert_eq!(
        moves(parse_quote!(let v = Args { reply: a.into() };)),
        ["a"]
    );
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

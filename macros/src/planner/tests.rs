//! The planner's unit tests.

use super::*;
use crate::plan::mentioned_at_call;
use syn::{parse_quote, Block};

/// Rules 1-7 alone: no await point propagates.
fn plan_of(block: Block) -> Plan {
    Planner {
        env: &Env::default(),
        budget: 0,
        held: Vec::new(),
    }
    .plan(&block.stmts)
}

#[test]
fn no_await_is_ready() {
    let block = parse_quote!({
        let x = f()?;
        if x {
            return 1;
        }
        2
    });
    assert_eq!(plan_of(block), Plan::Ready);
}

#[test]
fn prefix_ends_at_last_early_exit_before_first_await() {
    let block = parse_quote!({
        let key = normalize(key)?;
        if let Some(v) = cache.get(&key) {
            return Ok(v);
        }
        let log = 1;
        let v = db.fetch(&key).await?;
        Ok(v)
    });
    assert_eq!(plan_of(block), Plan::Split { prefix_len: 2 });
}

fn plan_with_args(args: &[&str], block: Block) -> Plan {
    Planner {
        env: &Env::default(),
        budget: 0,
        held: args.iter().map(|arg| arg.to_string()).collect(),
    }
    .plan(&block.stmts)
}

#[test]
fn prefix_ends_before_a_borrow_the_box_needs() {
    // `w` borrows `s`: it runs at the call, the box only sees the owned one.
    let block = parse_quote!({
        let Some(w) = s.split_whitespace().next() else {
            return None;
        };
        let w = w.to_owned();
        Some(slow(w).await)
    });
    assert_eq!(plan_with_args(&["s"], block), Plan::Split { prefix_len: 2 });
    // `r` borrows `v` and is used after the await: both are bound in
    // the box.
    let block = parse_quote!({
        if n == 0 {
            return 0;
        }
        let v = vec![n];
        let r = &v;
        let w = slow(n).await;
        r.len() + w
    });
    assert_eq!(plan_with_args(&["n"], block), Plan::Split { prefix_len: 1 });
    // A closure borrowing a local, used after the await.
    let block = parse_quote!({
        let v = vec![n];
        let f = || v.len();
        if f() == 0 {
            return 0;
        }
        slow(n).await + f()
    });
    assert_eq!(plan_with_args(&["n"], block), Plan::Split { prefix_len: 1 });
}

#[test]
fn prefix_ends_before_shadowing_a_held_value() {
    let block = parse_quote!({
        let a = D("a1");
        let a = D("a2");
        if a.0 == "" {
            return 0;
        }
        slow().await
    });
    assert_eq!(plan_with_args(&[], block), Plan::Split { prefix_len: 1 });
    // Moved by its own initializer: nothing left to hold.
    let block = parse_quote!({
        let key = normalize(key)?;
        slow(key).await
    });
    assert_eq!(
        plan_with_args(&["key"], block),
        Plan::Split { prefix_len: 1 }
    );
}

#[test]
fn a_tail_match_on_a_temporary_guard_is_not_split() {
    let block = parse_quote!({
        match self.state.lock().unwrap().phase {
            Phase::Idle => 0,
            Phase::Busy => slow().await,
        }
    });
    assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
    let block = parse_quote!({
        match self.map.get(&key) {
            Some(v) => *v,
            None => slow().await,
        }
    });
    assert!(matches!(plan_of(block), Plan::Tail(Tail::Match(_))));
}

#[test]
fn no_early_exit_boxes_whole() {
    let block = parse_quote!({
        let x = 1;
        g(x).await
    });
    assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
}

#[test]
fn early_exit_after_first_await_stays_boxed() {
    let block = parse_quote!({
        let x = g().await;
        if x {
            return 1;
        }
        2
    });
    assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
}

#[test]
fn closures_async_blocks_and_items_are_opaque() {
    let block = parse_quote!({
        let f = || {
            return 1;
        };
        let fut = async { x.await };
        fn inner() -> Option<u8> {
            None?
        }
        h(f, fut).await
    });
    assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
    let ready: Block = parse_quote!({
        let fut = async { x.await };
        fut
    });
    assert_eq!(plan_of(ready), Plan::Ready);
}

#[test]
fn awaiting_macros_are_await_points() {
    let block = parse_quote!({
        let x = y?;
        tokio::select! { a = f => a }
    });
    assert_eq!(plan_of(block), Plan::Split { prefix_len: 1 });
    let block = parse_quote!({
        let x = y?;
        println!("{}", g().await);
    });
    assert_eq!(plan_of(block), Plan::Split { prefix_len: 1 });
    let block = parse_quote!({
        let x = y?;
        println!("{}", g());
    });
    assert_eq!(plan_of(block), Plan::Ready);
}

#[test]
fn tail_if_is_split_per_branch() {
    let block = parse_quote!({
        let x = f()?;
        if x.is_hit() {
            x.value()
        } else {
            fetch(x).await
        }
    });
    assert_eq!(
        plan_of(block),
        Plan::Tail(Tail::If {
            then: Box::new(Plan::Ready),
            otherwise: Some(Box::new(Plan::Split { prefix_len: 0 })),
        })
    );
}

#[test]
fn tail_if_without_else_and_else_if_chain() {
    let block = parse_quote!({
        if a {
            g().await;
        }
    });
    assert_eq!(
        plan_of(block),
        Plan::Tail(Tail::If {
            then: Box::new(Plan::Split { prefix_len: 0 }),
            otherwise: None
        })
    );
    let block = parse_quote!({
        if a {
            1
        } else if b {
            g().await
        } else {
            3
        }
    });
    assert_eq!(
        plan_of(block),
        Plan::Tail(Tail::If {
            then: Box::new(Plan::Ready),
            otherwise: Some(Box::new(Plan::Tail(Tail::If {
                then: Box::new(Plan::Split { prefix_len: 0 }),
                otherwise: Some(Box::new(Plan::Ready)),
            }))),
        })
    );
}

#[test]
fn tail_match_arms_and_awaiting_scrutinee() {
    let block = parse_quote!({
        match cmd {
            Cmd::Get(k) => map.get(k),
            Cmd::Fetch(k) => {
                let k = k?;
                fetch(k).await
            }
            _ => return None,
        }
    });
    assert_eq!(
        plan_of(block),
        Plan::Tail(Tail::Match(vec![
            Plan::Ready,
            Plan::Split { prefix_len: 1 },
            Plan::Ready,
        ]))
    );
    let block = parse_quote!({
        match f().await {
            _ => 1,
        }
    });
    assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
    let block = parse_quote!({
        match x {
            _ if f().await => 1,
            _ => 2,
        }
    });
    assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
}

#[test]
fn tail_block_and_labeled_block() {
    let block = parse_quote!({
        {
            let a = 1;
            if a == 1 {
                2
            } else {
                g().await
            }
        }
    });
    assert!(matches!(plan_of(block), Plan::Tail(Tail::Block(_))));
    let block = parse_quote!({
        'l: {
            g().await
        }
    });
    assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
}

#[test]
fn boxed_branches_counts_every_boxed_leaf() {
    let block: Block = parse_quote!({
        match cmd {
            A => g().await,
            B => {
                if c {
                    1
                } else {
                    h().await
                }
            }
            C => 3,
        }
    });
    assert_eq!(plan_of(block).boxed_branches(), 2);
}

#[test]
fn mentions_cover_prefix_conditions_and_ready_branches() {
    let block: Block = parse_quote!({
        let k = key?;
        if flag {
            ready_value
        } else {
            fetch(guard).await
        }
    });
    let plan = Planner {
        env: &Env::default(),
        budget: 0,
        held: Vec::new(),
    }
    .plan(&block.stmts);
    let names: Vec<String> = ["key", "flag", "ready_value", "guard", "other"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mentioned = mentioned_at_call(&block.stmts, &plan, &names);
    assert_eq!(
        mentioned.into_iter().collect::<Vec<_>>(),
        ["flag", "key", "ready_value"]
    );
}

fn planned_with(sig: syn::Signature, block: Block) -> Plan {
    let env = Env::new(&sig, &block, false);
    plan(&block.stmts, &env)
}

#[test]
fn rule_8_propagates_movable_points_up_to_the_budget() {
    let sig = parse_quote!(async fn f(&self, key: &str) -> u64);
    let block = parse_quote!({
        let a = self.get(key).await?;
        if a == 0 {
            return 0;
        }
        self.put(key, a).await;
        let b = self.get(&key).await;
        b
    });
    assert_eq!(
        planned_with(sig, block),
        Plan::Propagate {
            index: 0,
            rest: Box::new(Plan::Propagate {
                index: 1,
                // `&key` borrows the frame: rules 1-7 from there on.
                rest: Box::new(Plan::Split { prefix_len: 0 }),
            }),
        }
    );
    let sig = parse_quote!(async fn f(n: u64) -> u64);
    let block: Block = parse_quote!({
        let a = f(n).await;
        let b = f(n).await;
        let c = f(n).await;
        let d = f(n).await;
        let e = f(n).await;
        a + b + c + d + e
    });
    let mut plan = &planned_with(sig, block);
    let mut points = 0;
    while let Plan::Propagate { rest, .. } = plan {
        points += 1;
        plan = rest;
    }
    assert_eq!(points, propagation::BUDGET);
    assert_eq!(*plan, Plan::Split { prefix_len: 0 });
}

#[test]
fn rule_8_in_tail_branches_and_tails() {
    let sig = parse_quote!(async fn f(&self, n: u64) -> u64);
    let block = parse_quote!({
        if n == 0 {
            0
        } else {
            self.get(n).await
        }
    });
    assert_eq!(
        planned_with(sig, block),
        Plan::Tail(Tail::If {
            then: Box::new(Plan::Ready),
            otherwise: Some(Box::new(Plan::Propagate {
                index: 0,
                rest: Box::new(Plan::Ready)
            })),
        })
    );
}

#[test]
fn rule_8_on_a_tail_scrutinee() {
    let point = |index| Plan::Propagate {
        index,
        rest: Box::new(Plan::Ready),
    };
    let sig: syn::Signature = parse_quote!(async fn f(&self, key: u64) -> u64);
    // A branch that binds nothing of the value and awaits takes the value
    // in its box if it has drop glue (`Rematch`); one that moves it all is
    // split as by rule 4, with rule 8 again inside.
    let block = parse_quote!({
        let base = key + 1;
        match self.get(key).await {
            Some(v) if v > 9 => v,
            Some(v) => {
                let w = self.load(v).await;
                w + base
            }
            None => self.load(base).await,
        }
    });
    assert_eq!(
        planned_with(sig.clone(), block),
        Plan::Scrutinee(Tail::Match(vec![Plan::Ready, point(0), point(0)]))
    );
    let block = parse_quote!({
        match self.load(key).await? {
            Kind::Cached => 1,
            _ => self.load(key).await,
        }
    });
    assert_eq!(
        planned_with(sig.clone(), block),
        Plan::Scrutinee(Tail::Match(vec![
            Plan::Ready,
            Plan::Rematch(Box::new(point(0)))
        ]))
    );
    // `if let`: the `else` holds the value unless it can only be `None`.
    let block = parse_quote!({
        if let Ok(v) = self.try_get(key).await {
            v
        } else {
            self.load(key).await
        }
    });
    assert_eq!(
        planned_with(sig.clone(), block),
        Plan::Scrutinee(Tail::If {
            then: Box::new(Plan::Ready),
            otherwise: Some(Box::new(Plan::Rematch(Box::new(point(0))))),
        })
    );
    let block = parse_quote!({
        if let Some(v) = self.get(key).await {
            v
        } else {
            self.load(key).await
        }
    });
    assert_eq!(
        planned_with(sig.clone(), block),
        Plan::Scrutinee(Tail::If {
            then: Box::new(Plan::Ready),
            otherwise: Some(Box::new(point(0))),
        })
    );
    // `if`: a `bool`, nothing to hold; no `else` is a ready `()`.
    let block = parse_quote!({
        if self.allowed(key).await? {
            self.load(key).await;
        }
    });
    assert_eq!(
        planned_with(sig.clone(), block),
        Plan::Scrutinee(Tail::If {
            then: Box::new(point(0)),
            otherwise: None,
        })
    );
}

#[test]
fn a_scrutinee_point_keeps_rule_8_guards() {
    let sig: syn::Signature = parse_quote!(async fn f(&self, key: u64, owned: String) -> u64);
    // A borrow into the value across an await, a part left behind, a
    // guard that a `Rematch` box would run again, an awaiting guard, a
    // borrow of the frame: rules 3-7 (the whole tail boxed).
    for block in [
        parse_quote!({
            match self.get(key).await {
                Some(ref v) => self.load(*v).await,
                None => 0,
            }
        }),
        parse_quote!({
            match self.pair(key).await {
                (a, _) => self.load(a).await,
            }
        }),
        parse_quote!({
            match self.get(key).await {
                Some(v) if v > 1 => v,
                _ => self.load(key).await,
            }
        }),
        parse_quote!({
            match self.get(key).await {
                Some(v) if self.check(v).await => v,
                _ => 0,
            }
        }),
        parse_quote!({
            match self.get_by(&owned).await {
                Some(v) => v,
                None => 0,
            }
        }),
    ] {
        assert_eq!(
            planned_with(sig.clone(), block),
            Plan::Split { prefix_len: 0 }
        );
    }
    // The budget counts scrutinee points like the others.
    let block: Block = parse_quote!({
        let a = self.get(key).await;
        let b = self.get(key).await;
        let c = self.get(key).await;
        let d = self.get(key).await;
        match self.get(key).await {
            Some(v) => v,
            None => 0,
        }
    });
    let mut plan = &planned_with(sig, block);
    let mut points = 0;
    while let Plan::Propagate { rest, .. } = plan {
        points += 1;
        plan = rest;
    }
    assert_eq!(points, propagation::BUDGET);
    assert_eq!(*plan, Plan::Split { prefix_len: 0 });
}

#[test]
fn a_boxed_arm_with_a_ref_binding_into_the_frame_is_not_split() {
    let plan = |block: Block| {
        Planner {
            env: &Env::default(),
            budget: 0,
            held: vec!["opt".to_owned()],
        }
        .plan(&block.stmts)
    };
    // The box would hold `v`, a borrow of `opt`, beside `opt`.
    let block = parse_quote!({
        match opt {
            Some(ref v) => {
                slow().await;
                v.len()
            }
            None => 0,
        }
    });
    assert_eq!(plan(block), Plan::Split { prefix_len: 0 });
    // By value, or `ref` into what the frame does not own: split.
    let block = parse_quote!({
        match opt {
            Some(v) => {
                slow().await;
                v.len()
            }
            None => 0,
        }
    });
    assert!(matches!(plan(block), Plan::Tail(Tail::Match(_))));
    let block = parse_quote!({
        match self.opt {
            Some(ref v) => {
                slow().await;
                v.len()
            }
            None => 0,
        }
    });
    assert!(matches!(plan(block), Plan::Tail(Tail::Match(_))));
}

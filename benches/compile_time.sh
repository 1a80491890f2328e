#!/usr/bin/env bash
# Compile time of #[fast_async] against #[async_trait]: generates one crate
# with TRAIT_METHODS annotated trait methods (dyn-called) and FREE_FNS free
# functions, builds its dependencies once, then times `cargo build` of that
# crate alone, RUNS times per variant (interleaved), and prints the times.
#
#   benches/compile_time.sh                 # 200 + 200, 5 runs, dev profile
#   RUNS=9 PROFILE=release benches/compile_time.sh
#
# Variants (same bodies, same call sites):
#   fast_async   #[fast_async] traits and impls, #[fast_async] free fns
#   async_trait  #[async_trait] traits and impls, plain `async fn` free fns
#                (async-trait has nothing for free fns)
#   plain        no macro: native `async fn` in traits (called on the
#                concrete type: not dyn-compatible), plain `async fn` free fns
#
# Works offline from the crates already in ~/.cargo (the workspace's own
# dependencies, pinned by its Cargo.lock). The build directory is a temporary
# directory (kept with KEEP=1); the target directory is
# $CARGO_TARGET_DIR/compile-time when CARGO_TARGET_DIR is set.
set -euo pipefail

TRAIT_METHODS=${TRAIT_METHODS:-200}
FREE_FNS=${FREE_FNS:-200}
RUNS=${RUNS:-5}
PROFILE=${PROFILE:-dev}
METHODS_PER_TRAIT=5
VARIANTS=(fast_async async_trait plain)

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d -t fast-async-compile-time.XXXXXX)
if [[ -z ${KEEP:-} ]]; then
    trap 'rm -rf "$work"' EXIT
fi
target=${CARGO_TARGET_DIR:+$CARGO_TARGET_DIR/compile-time}
target=${target:-$work/target}
crate=$work/crate
mkdir -p "$crate/src" "$work/sources"

cat >"$crate/Cargo.toml" <<EOF
[package]
name = "compile-time-probe"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
fast-async = { path = "$repo/runtime" }
async-trait = "0.1.89"

[profile.release]
debug = false

[workspace]
EOF
# The workspace's versions, so that the build resolves offline.
cp "$repo/Cargo.lock" "$crate/Cargo.lock"

traits=$(((TRAIT_METHODS + METHODS_PER_TRAIT - 1) / METHODS_PER_TRAIT))

# generate VARIANT > lib.rs
generate() {
    local variant=$1 t m f
    local trait_attr impl_attr free_attr
    case $variant in
        fast_async) trait_attr='#[fast_async]'; impl_attr='#[fast_async]'; free_attr='#[fast_async]' ;;
        async_trait) trait_attr='#[async_trait]'; impl_attr='#[async_trait]'; free_attr='' ;;
        plain) trait_attr='#[allow(async_fn_in_trait)]'; impl_attr=''; free_attr='' ;;
    esac
    cat <<'EOF'
#![allow(dead_code, unused_imports)]
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll};

use async_trait::async_trait;
use fast_async::fast_async;

#[derive(Debug)]
pub struct Error;

/// A slow store: pending once.
pub async fn fetch(key: u64) -> Result<u64, Error> {
    struct YieldOnce(bool);
    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                Poll::Ready(())
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
    YieldOnce(false).await;
    if key == u64::MAX { Err(Error) } else { Ok(key * 2) }
}

EOF
    for ((t = 0; t < traits; t++)); do
        echo "$trait_attr"
        echo "pub trait Service$t: Send + Sync {"
        for ((m = 0; m < METHODS_PER_TRAIT && t * METHODS_PER_TRAIT + m < TRAIT_METHODS; m++)); do
            echo "    async fn call$m(&self, key: u64) -> Result<u64, Error>;"
        done
        echo "}"
        echo "pub struct Impl$t { base: u64 }"
        echo "$impl_attr"
        echo "impl Service$t for Impl$t {"
        for ((m = 0; m < METHODS_PER_TRAIT && t * METHODS_PER_TRAIT + m < TRAIT_METHODS; m++)); do
            cat <<EOF
    async fn call$m(&self, key: u64) -> Result<u64, Error> {
        if key == $m {
            return Ok(self.base);
        }
        let value = fetch(key).await?;
        Ok(value + self.base + $t)
    }
EOF
        done
        echo "}"
        if [[ $variant == plain ]]; then
            echo "pub fn poll_service$t(service: &Impl$t, cx: &mut Context<'_>) -> Poll<Result<u64, Error>> {"
        else
            echo "pub fn poll_service$t(service: &dyn Service$t, cx: &mut Context<'_>) -> Poll<Result<u64, Error>> {"
        fi
        echo "    pin!(service.call0(1)).poll(cx)"
        echo "}"
    done
    for ((f = 0; f < FREE_FNS; f++)); do
        cat <<EOF
$free_attr
pub async fn free$f(key: u64, base: u64) -> Result<u64, Error> {
    if key == $f {
        return Ok(base);
    }
    let value = fetch(key).await?;
    Ok(value + base)
}
pub fn poll_free$f(cx: &mut Context<'_>) -> Poll<Result<u64, Error>> {
    pin!(free$f(1, 2)).poll(cx)
}
EOF
    done
}

for variant in "${VARIANTS[@]}"; do
    generate "$variant" >"$work/sources/$variant.rs"
done

# Every timed build compiles the whole crate: no incremental state reused
# from the previous variant (or from the same source).
build() {
    CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$target cargo build --offline --quiet --profile "$PROFILE" \
        --manifest-path "$crate/Cargo.toml"
}

echo "compile time of a crate with $TRAIT_METHODS trait methods ($traits traits) and $FREE_FNS free fns"
echo "profile $PROFILE, $RUNS runs per variant, $(rustc --version)"
echo "building dependencies once..."
cp "$work/sources/fast_async.rs" "$crate/src/lib.rs"
build

declare -A times
# Run 0 warms the caches and is not counted.
for ((run = 0; run <= RUNS; run++)); do
    for variant in "${VARIANTS[@]}"; do
        cp "$work/sources/$variant.rs" "$crate/src/lib.rs"
        touch "$crate/src/lib.rs"
        start=$(date +%s%N)
        build
        end=$(date +%s%N)
        if ((run > 0)); then
            times[$variant]+="$(((end - start) / 1000000)) "
        fi
    done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
minimum() { tr ' ' '\n' | grep . | sort -n | head -1; }

printf '\n%-12s %10s %10s   %s\n' variant "median ms" "min ms" "all runs (ms)"
for variant in "${VARIANTS[@]}"; do
    printf '%-12s %10s %10s   %s\n' "$variant" \
        "$(echo "${times[$variant]}" | median)" "$(echo "${times[$variant]}" | minimum)" "${times[$variant]}"
done
fast=$(echo "${times[fast_async]}" | median)
at=$(echo "${times[async_trait]}" | median)
echo
echo "fast_async / async_trait (medians): $(awk -v a="$fast" -v b="$at" 'BEGIN {printf "%.2f", a / b}')"

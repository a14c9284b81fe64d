//! Issue #9 item 5, side by side: the three routers of the `typed_routes`
//! bench (bare, typed routes, `ScopeLayer`) timed in interleaved blocks,
//! so that the machine's drift (criterion times one router after the
//! other; the bare router moved by 5 % between criterion runs) falls on
//! all three alike.
//!
//! Each round times one block of `SCOPES_AB_BLOCK` iterations (default
//! 2,000) of the five requests per router, the routers' order rotating
//! from round to round; `SCOPES_AB_ROUNDS` rounds (default 300) per grant
//! form. Printed per grant form: each router's median time per iteration,
//! and the median over rounds of the round's ratios, with a 95 %
//! confidence interval of that median from the order statistics
//! (distribution-free: the binomial bounds around the middle rank).
//!
//! ```sh
//! cargo bench -p scopes-bench --bench typed_routes_ab
//! ```

use std::hint::black_box;
use std::time::Instant;

use axum::Router;
use scopes_bench::typed_routes::{Auth, GRANTED, REQUESTS, bare, call, foxy, scope_layer, typed};
use scopes_runtime::Granted;

/// `name`'s value from the environment, else `default`.
fn setting(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?}: not a count")),
        Err(_) => default,
    }
}

/// Nanoseconds per iteration of the five requests, over `block` iterations.
fn block(router: &Router, auth: Auth<'_>, block: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..block {
        for (m, p) in REQUESTS {
            black_box(call(router, black_box(m), black_box(p), auth));
        }
    }
    start.elapsed().as_nanos() as f64 / block as f64
}

/// The median of `v` (sorted in place).
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The 95 % confidence interval of the median of `v` (sorted in place):
/// the order statistics at n/2 ∓ 1.96·√n/2 (normal approximation of the
/// binomial, n ≥ 20).
fn median_interval(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let n = v.len() as f64;
    let half = 1.96 * n.sqrt() / 2.0;
    let lo = ((n / 2.0 - half).floor().max(0.0)) as usize;
    let hi = ((n / 2.0 + half).ceil() as usize).min(v.len() - 1);
    (v[lo], v[hi])
}

/// One grant form: `rounds` interleaved rounds; the summary printed.
fn compare(form: &str, routers: &[(&str, Router); 3], auth: Auth<'_>, rounds: usize, size: usize) {
    // Warm-up: every router, a few blocks.
    for _ in 0..3 {
        for (_, r) in routers {
            block(r, auth, size);
        }
    }
    let mut times: [Vec<f64>; 3] = Default::default();
    for round in 0..rounds {
        for k in 0..3 {
            let i = (round + k) % 3;
            times[i].push(block(&routers[i].1, auth, size));
        }
    }
    let ratio = |i: usize| -> Vec<f64> {
        (0..rounds)
            .map(|r| times[i][r] / times[0][r] - 1.0)
            .collect()
    };
    let (mut typed_adds, mut layer_adds) = (ratio(1), ratio(2));
    let mut share: Vec<f64> = (0..rounds)
        .map(|r| (times[1][r] - times[0][r]) / (times[2][r] - times[0][r]))
        .collect();
    println!("grant as {form}: {rounds} rounds of {size} iterations (5 requests each)");
    for (i, (name, _)) in routers.iter().enumerate() {
        println!(
            "  {name:<12} median {:>8.1} ns per iteration",
            median(&mut times[i].clone())
        );
    }
    let pct = |v: &mut Vec<f64>| {
        let m = median(v) * 100.0;
        let (lo, hi) = median_interval(v);
        format!(
            "{m:+.2} % (95 % CI {:+.2} .. {:+.2} %)",
            lo * 100.0,
            hi * 100.0
        )
    };
    println!("  typed adds        {}", pct(&mut typed_adds));
    println!("  ScopeLayer adds   {}", pct(&mut layer_adds));
    let (lo, hi) = median_interval(&mut share);
    println!(
        "  typed ÷ ScopeLayer added cost  {:.3} (95 % CI {lo:.3} .. {hi:.3})",
        median(&mut share)
    );
}

fn main() {
    // `cargo bench` passes `--bench`; without it (`cargo test --benches`
    // passes nothing), or with `--test`, a short smoke version runs.
    let has = |flag: &str| std::env::args().any(|a| a == flag);
    let smoke = !has("--bench") || has("--test");
    let rounds = if smoke {
        20
    } else {
        setting("SCOPES_AB_ROUNDS", 300)
    };
    let size = if smoke {
        10
    } else {
        setting("SCOPES_AB_BLOCK", 2000)
    };
    let routers = [
        ("bare", bare()),
        ("typed", typed()),
        ("scope_layer", scope_layer()),
    ];
    let granted = Granted::parse(foxy::TABLES, GRANTED).expect("valid scopes");
    compare(
        "parsed Granted",
        &routers,
        Auth::Granted(&granted),
        rounds,
        size,
    );
    compare("scope string", &routers, Auth::Token(GRANTED), rounds, size);
}

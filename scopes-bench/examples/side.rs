//! Interleaved wall-clock comparison of table 1's contenders on one mix:
//! each round times every contender once over the same 1,024 requests, in
//! turn, so a change of machine load hits all of them alike; the median
//! round of each is reported with its ratio to matchit. A diagnostic for a
//! loaded machine (criterion times contenders one after the other).
//!
//! ```sh
//! cargo run --release -p scopes-bench --example side -- <foxy|github> <mix> [rounds]
//! ```
//!
//! The example expands its own copies of the specs, so compiler options can
//! be varied for the generated matchers alone
//! (`cargo rustc --release -p scopes-bench --example side -- -C llvm-args=…`).
use std::hint::black_box;
use std::time::Instant;

use scopes_bench::{MatchitGuard, mixes};
use scopes_runtime::{ScopeEnum, ScopeSet};

mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}
mod github {
    scopes_runtime::include_spec!("data/github.yaml");
}

/// A contender: a name, and whether it allows (method, path).
type Contender<'a> = (&'static str, &'a dyn Fn(&str, &str) -> bool);

fn arg(i: usize, default: &str) -> String {
    std::env::args().nth(i).unwrap_or_else(|| default.into())
}

fn main() {
    let set = arg(1, "github");
    let mix = arg(2, "realistic");
    let rounds: usize = arg(3, "300").parse().expect("rounds");
    match set.as_str() {
        "foxy" => run::<foxy::Scope, 1>(
            concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/foxy.yaml"),
            &mix,
            rounds,
        ),
        _ => run::<github::Scope, 1>(
            concat!(env!("CARGO_MANIFEST_DIR"), "/data/github.yaml"),
            &mix,
            rounds,
        ),
    }
}

fn run<S: ScopeEnum, const W: usize>(spec_path: &str, mix: &str, rounds: usize) {
    let spec = scopes_spec::load_file(spec_path).expect("spec").spec;
    let all = mixes(&spec, 1024);
    let reqs = &all.iter().find(|(m, _)| *m == mix).expect("mix").1;
    let tables = S::tables();
    let names: Vec<&str> = (0..tables.scope_count())
        .map(|i| tables.scope_name(i))
        .collect();
    let granted = ScopeSet::<S, W>::parse(&names.join(" ")).expect("grant");
    let words = granted.words();
    let matchit = MatchitGuard::new(&spec);
    let contenders: [Contender<'_>; 4] = [
        ("harness", &|_, p| p.len() > 1),
        ("generated", &|m, p| granted.authorize(m, p).is_allowed()),
        ("tables", &|m, p| tables.authorize(m, p, words).is_allowed()),
        ("matchit+u64", &|m, p| matchit.allowed(m, p, words)),
    ];
    let mut times = vec![Vec::with_capacity(rounds); contenders.len()];
    for _ in 0..rounds {
        for (k, (_, f)) in contenders.iter().enumerate() {
            let t = Instant::now();
            let n = reqs
                .iter()
                .filter(|(m, p)| f(black_box(m), black_box(p)))
                .count();
            black_box(n);
            times[k].push(t.elapsed().as_nanos() as f64 / reqs.len() as f64);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let medians: Vec<f64> = times.iter_mut().map(median).collect();
    let matchit_ns = medians[3];
    for ((name, _), ns) in contenders.iter().zip(&medians) {
        println!(
            "{mix:10} {name:12} {ns:7.1} ns  matchit/this {:5.2}",
            matchit_ns / ns
        );
    }
}

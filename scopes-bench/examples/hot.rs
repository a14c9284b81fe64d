//! Decide one mix of table 1 many times, for callgrind (instruction and
//! branch-miss counts are deterministic where wall-clock time is noise):
//!
//! ```sh
//! cargo build --release -p scopes-bench --example hot
//! valgrind --tool=callgrind --branch-sim=yes target/release/examples/hot \
//!     <generated|tables|matchit|empty> <foxy|github> <realistic|worst|misses|repeated> <rounds>
//! ```
//!
//! Per request: (count at `rounds` − count at 0 rounds) ÷ (rounds × 1,024);
//! `scopes-bench/callgrind.sh` does the arithmetic for every combination.
//! `grant <1|6|20> <rounds>` parses table 3's grant strings instead
//! (`grant-fx`: `split_whitespace` + FxHashMap into the same bitset).
use std::hint::black_box;

use scopes_bench::{MatchitGuard, generated, mixes};
use scopes_runtime::{ScopeEnum, ScopeSet};

fn arg(i: usize, default: &str) -> String {
    std::env::args().nth(i).unwrap_or_else(|| default.into())
}

fn main() {
    let which = arg(1, "generated");
    if which.starts_with("grant") {
        let n = arg(2, "1").parse().expect("count");
        grant(n, arg(3, "0").parse().expect("rounds"), which == "grant-fx");
        return;
    }
    let set = arg(2, "github");
    let mix = arg(3, "realistic");
    let rounds: usize = arg(4, "200").parse().expect("rounds");
    let allowed = match set.as_str() {
        "foxy" => run::<generated::foxy::Scope, 1>(
            concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/foxy.yaml"),
            generated::foxy::TABLES,
            &which,
            &mix,
            rounds,
        ),
        _ => run::<generated::github::Scope, 1>(
            concat!(env!("CARGO_MANIFEST_DIR"), "/data/github.yaml"),
            generated::github::TABLES,
            &which,
            &mix,
            rounds,
        ),
    };
    println!("{allowed} allowed");
}

fn run<S: ScopeEnum, const W: usize>(
    spec_path: &str,
    tables: &scopes_runtime::Tables<'static>,
    which: &str,
    mix: &str,
    rounds: usize,
) -> usize {
    let spec = scopes_spec::load_file(spec_path).expect("spec").spec;
    let all = mixes(&spec, 1024);
    let reqs = &all.iter().find(|(m, _)| *m == mix).expect("mix").1;
    let names: Vec<&str> = (0..tables.scope_count())
        .map(|i| tables.scope_name(i))
        .collect();
    let granted = ScopeSet::<S, W>::parse(&names.join(" ")).expect("grant");
    let words = granted.words();
    let matchit = MatchitGuard::new(&spec);
    let mut allowed = 0;
    for _ in 0..rounds {
        for (m, p) in reqs {
            let (m, p) = (black_box(m.as_str()), black_box(p.as_str()));
            allowed += usize::from(match which {
                "tables" => tables.authorize(m, p, words).is_allowed(),
                "matchit" => matchit.allowed(m, p, words),
                "empty" => p.len() > 1,
                _ => granted.authorize(m, p).is_allowed(),
            });
        }
    }
    allowed
}

/// Table 3's strings: every 7th of Foxy's scope names, `n` of them.
fn grant(n: usize, rounds: usize, fx: bool) {
    let tables = generated::foxy::TABLES;
    let names: Vec<&str> = (0..tables.scope_count())
        .map(|i| tables.scope_name(i))
        .collect();
    let s = names
        .iter()
        .cycle()
        .step_by(7)
        .take(n)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let map: rustc_hash::FxHashMap<&str, usize> =
        names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut acc = 0u64;
    for _ in 0..rounds * 1024 {
        acc ^= if fx {
            let mut w = 0u64;
            for tok in black_box(&s).split_whitespace() {
                if let Some(&i) = map.get(tok) {
                    w |= tables.closure_of(i)[0];
                }
            }
            w
        } else {
            generated::foxy::Granted::parse(black_box(&s)).map_or(0, |g| g.words()[0])
        };
    }
    println!("{acc}");
}

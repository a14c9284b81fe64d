//! Decide the realistic GitHub mix many times, for callgrind:
//! `valgrind --tool=callgrind target/release/examples/hot generated`
//! (or `tables`, `matchit`, `misses`).
use std::hint::black_box;

use scopes_bench::{MatchitGuard, generated::github, mixes};

fn main() {
    let which = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "generated".into());
    let spec = scopes_spec::load_file(concat!(env!("CARGO_MANIFEST_DIR"), "/data/github.yaml"))
        .unwrap()
        .spec;
    let all = mixes(&spec, 1024);
    let mix = if which == "misses" {
        "misses"
    } else {
        "realistic"
    };
    let reqs = &all.iter().find(|(m, _)| *m == mix).unwrap().1;
    let granted =
        github::Granted::parse(&github::Scope::ALL.map(github::Scope::as_str).join(" ")).unwrap();
    let words = granted.words();
    let matchit = MatchitGuard::new(&spec);
    let mut allowed = 0;
    for _ in 0..200 {
        for (m, p) in reqs {
            let (m, p) = (black_box(m.as_str()), black_box(p.as_str()));
            allowed += usize::from(match which.as_str() {
                "tables" => github::TABLES.authorize(m, p, words).is_allowed(),
                "matchit" => matchit.allowed(m, p, words),
                _ => granted.authorize(m, p).is_allowed(),
            });
        }
    }
    println!("{allowed} of {}", reqs.len() * 200);
}

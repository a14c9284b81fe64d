//! Decide one mix many times, for callgrind:
//! `valgrind --tool=callgrind target/release/examples/hot generated [mix] [spec] [rounds]`
//! (contender `generated`, `tables` or `matchit`; mix `realistic` (default),
//! `worst`, `misses` or `repeated`; spec `github` (default) or `foxy`;
//! `hot misses` is `hot generated misses`; rounds: 200 by default, so a run
//! with fewer gives the setup to subtract).
use std::hint::black_box;

use scopes_bench::{MatchitGuard, generated, mixes};

macro_rules! run {
    ($spec:ident, $file:expr, $which:expr, $mix:expr, $rounds:expr) => {{
        use generated::$spec as s;
        let spec = scopes_spec::load_file(concat!(env!("CARGO_MANIFEST_DIR"), $file))
            .unwrap()
            .spec;
        let all = mixes(&spec, 1024);
        let reqs = &all.iter().find(|(m, _)| *m == $mix).unwrap().1;
        let granted = s::Granted::parse(&s::Scope::ALL.map(s::Scope::as_str).join(" ")).unwrap();
        let words = granted.words();
        let matchit = MatchitGuard::new(&spec);
        let mut allowed = 0;
        for _ in 0..$rounds {
            for (m, p) in reqs {
                let (m, p) = (black_box(m.as_str()), black_box(p.as_str()));
                allowed += usize::from(match $which {
                    "tables" => s::TABLES.authorize(m, p, words).is_allowed(),
                    "matchit" => matchit.allowed(m, p, words),
                    _ => granted.authorize(m, p).is_allowed(),
                });
            }
        }
        println!("{allowed} of {}", reqs.len() * $rounds);
    }};
}

fn main() {
    let arg = |i: usize, default: &str| std::env::args().nth(i).unwrap_or_else(|| default.into());
    let which = arg(1, "generated");
    let mix = arg(
        2,
        if which == "misses" {
            "misses"
        } else {
            "realistic"
        },
    );
    let rounds: usize = arg(4, "200").parse().expect("rounds: a number");
    match arg(3, "github").as_str() {
        "foxy" => run!(
            foxy,
            "/../spec/foxy.yaml",
            which.as_str(),
            mix.as_str(),
            rounds
        ),
        _ => run!(
            github,
            "/data/github.yaml",
            which.as_str(),
            mix.as_str(),
            rounds
        ),
    }
}

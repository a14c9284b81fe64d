//! Run `authorize` over the GitHub benchmark requests, for callgrind:
//! `valgrind --tool=callgrind target/release/examples/hot`.
use std::hint::black_box;

fn main() {
    let t = scopes_bench::generated::github::TABLES;
    let spec = scopes_spec::load_file(concat!(env!("CARGO_MANIFEST_DIR"), "/data/github.yaml"))
        .unwrap()
        .spec;
    let reqs = scopes_bench::requests(&spec);
    let words = vec![u64::MAX; t.words];
    let mut allowed = 0;
    for _ in 0..200 {
        for (m, p) in &reqs {
            allowed += usize::from(t.authorize(black_box(m), black_box(p), &words).is_allowed());
        }
    }
    println!("{allowed} of {}", reqs.len() * 200);
}

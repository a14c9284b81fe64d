//! Rough per-piece timings while optimizing (not a benchmark of record).
use std::hint::black_box;
use std::time::Instant;

fn time(label: &str, n: usize, mut f: impl FnMut()) {
    for _ in 0..n / 10 {
        f();
    }
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    println!(
        "{label:40} {:>8.1} ns",
        t.elapsed().as_nanos() as f64 / n as f64
    );
}

fn main() {
    calibrate();
    let t = scopes_bench::generated::foxy::TABLES;
    let path = "/transactions/12345/send_emails";
    let mut words = [0u64; 1];
    time("empty", 5_000_000, || {
        black_box(black_box(path).len());
    });
    time("sum bytes", 5_000_000, || {
        black_box(black_box(path).bytes().map(u32::from).sum::<u32>());
    });
    time("scan", 5_000_000, || {
        black_box(scopes_core::scan(black_box(path)).map(|s| s.len()).ok());
    });
    time("check_canonical", 5_000_000, || {
        black_box(scopes_core::check_canonical(black_box(path)).ok());
    });
    time("match_path", 5_000_000, || {
        black_box(t.match_path(black_box(path)));
    });
    time("method_index", 5_000_000, || {
        black_box(t.method_index(black_box("POST")));
    });
    time("authorize", 5_000_000, || {
        black_box(t.authorize(black_box("POST"), black_box(path), &words));
    });
    time("scope_index", 5_000_000, || {
        black_box(t.scope_index(black_box("transactions_read")));
    });
    time("hash_key", 5_000_000, || {
        black_box(scopes_core::hash::hash_key(
            black_box(7),
            0,
            black_box(b"transactions_read"),
        ));
    });
    time("grant 1", 5_000_000, || {
        black_box(t.grant(black_box("transactions_read"), &mut words).ok());
    });
}

#[allow(dead_code)]
fn calibrate() {
    let mut x = 1u64;
    time("10 dependent multiplies", 50_000_000, || {
        for _ in 0..10 {
            x = black_box(x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    });
}

//! Macro expansion time: what `include_spec!` does per build (read, check,
//! build tables, emit tokens), by spec size.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

/// (name, absolute spec path) for the benchmarked specs; synthetic ones are
/// written under target/.
#[must_use]
fn specs() -> Vec<(String, PathBuf)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("../target/scopes-bench/specs");
    std::fs::create_dir_all(&dir).expect("spec dir");
    let mut out = vec![
        ("foxy".to_owned(), root.join("../spec/foxy.yaml")),
        ("github".to_owned(), root.join("data/github.yaml")),
        ("gitlab".to_owned(), root.join("data/gitlab.yaml")),
    ];
    let quick = std::env::var_os("SCOPES_BENCH_QUICK").is_some();
    let sizes: &[usize] = if quick {
        &[100, 1000]
    } else {
        &[100, 1000, 10_000]
    };
    for &n in sizes {
        let p = dir.join(format!("synthetic_{n}.yaml"));
        std::fs::write(&p, scopes_bench::synthetic(n)).expect("write spec");
        out.push((format!("synthetic_{n}"), p));
    }
    out
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("expand");
    for (name, path) in specs() {
        let lit = proc_macro2::Literal::string(&path.display().to_string());
        let input: proc_macro2::TokenStream = proc_macro2::TokenTree::Literal(lit).into();
        // The expansion must be valid code, not an error.
        let out = scopes_codegen::include_spec(input.clone(), None).to_string();
        assert!(
            !out.contains("compile_error"),
            "{name}: {}",
            &out[..out.len().min(400)]
        );
        g.bench_function(&name, |b| {
            b.iter(|| scopes_codegen::include_spec(black_box(input.clone()), None))
        });
    }
    g.finish();
}

fn config() -> Criterion {
    let c = Criterion::default().configure_from_args().sample_size(10);
    if std::env::var_os("SCOPES_BENCH_QUICK").is_some() {
        c.warm_up_time(std::time::Duration::from_millis(200))
            .measurement_time(std::time::Duration::from_secs(2))
    } else {
        c
    }
}

criterion_group! { name = group; config = config(); targets = benches }
criterion_main!(group);

//! Per-request cost: route match plus scope check, exact template lookup,
//! and granted-scope parsing; each side by side with its alternatives.

use std::collections::{HashMap, HashSet};
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scopes_bench::{LinearScan, MatchitGuard, baselines, generated, requests, template_hashmap};
use scopes_runtime::Tables;

fn load(path: &str) -> scopes_spec::Spec {
    scopes_spec::load_file(path).expect("valid").spec
}

fn route_match(c: &mut Criterion, name: &str, spec_path: &str, tables: &'static Tables<'static>) {
    let spec = load(spec_path);
    let reqs = requests(&spec);
    // Every scope granted: the check runs in full on every hit.
    let names: Vec<&str> = (0..tables.scope_count())
        .map(|i| tables.scope_name(i))
        .collect();
    let granted_str = names.join(" ");
    let mut words = vec![0u64; tables.words];
    tables.grant(&granted_str, &mut words).unwrap();
    let granted_set: HashSet<String> = names.iter().map(|s| (*s).to_owned()).collect();
    let matchit = MatchitGuard::new(&spec);
    let linear = LinearScan::new(&spec);
    // The three must agree before they are timed.
    for (m, p) in &reqs {
        let ours = tables.authorize(m, p, &words).is_allowed();
        assert_eq!(ours, matchit.allowed(m, p, &granted_set), "{m} {p}");
        assert_eq!(ours, linear.allowed(m, p, &granted_set), "{m} {p}");
    }
    let mut g = c.benchmark_group(format!("route_match/{name}"));
    g.throughput(Throughput::Elements(reqs.len() as u64));
    g.bench_function("scopes", |b| {
        b.iter(|| {
            reqs.iter()
                .filter(|(m, p)| {
                    tables
                        .authorize(black_box(m), black_box(p), &words)
                        .is_allowed()
                })
                .count()
        });
    });
    g.bench_function("matchit+hashset", |b| {
        b.iter(|| {
            reqs.iter()
                .filter(|(m, p)| matchit.allowed(black_box(m), black_box(p), &granted_set))
                .count()
        });
    });
    g.bench_function("linear_scan", |b| {
        b.iter(|| {
            reqs.iter()
                .filter(|(m, p)| linear.allowed(black_box(m), black_box(p), &granted_set))
                .count()
        });
    });
    g.finish();
}

fn template_lookup(
    c: &mut Criterion,
    name: &str,
    spec_path: &str,
    tables: &'static Tables<'static>,
    matcher: fn(&str) -> Option<u32>,
    phf: &'static phf::Map<&'static str, u32>,
) {
    let spec = load(spec_path);
    let templates: Vec<String> = spec
        .routes
        .iter()
        .map(|r| r.template.text.clone())
        .collect();
    let map: HashMap<String, u32> = template_hashmap(&spec);
    for t in &templates {
        assert_eq!(tables.route_by_template(t), matcher(t));
        assert_eq!(phf.get(t.as_str()).copied(), map.get(t).copied());
    }
    let mut g = c.benchmark_group(format!("template_lookup/{name}"));
    g.throughput(Throughput::Elements(templates.len() as u64));
    g.bench_function("scopes_ptrhash", |b| {
        b.iter(|| {
            templates
                .iter()
                .filter_map(|t| tables.route_by_template(black_box(t)))
                .count()
        })
    });
    g.bench_function("phf_siphash", |b| {
        b.iter(|| {
            templates
                .iter()
                .filter_map(|t| phf.get(black_box(t.as_str())))
                .count()
        })
    });
    g.bench_function("std_hashmap", |b| {
        b.iter(|| {
            templates
                .iter()
                .filter_map(|t| map.get(black_box(t.as_str())))
                .count()
        })
    });
    g.bench_function("generated_match", |b| {
        b.iter(|| {
            templates
                .iter()
                .filter_map(|t| matcher(black_box(t)))
                .count()
        })
    });
    g.finish();
}

fn grant_parse(c: &mut Criterion) {
    let tables = generated::foxy::TABLES;
    let names: Vec<&str> = (0..tables.scope_count())
        .map(|i| tables.scope_name(i))
        .collect();
    let fx: rustc_hash::FxHashMap<&str, u32> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (*n, i as u32))
        .collect();
    let std_map: HashMap<&str, u32> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (*n, i as u32))
        .collect();
    for n in [1usize, 6, 20] {
        let s: String = names
            .iter()
            .cycle()
            .step_by(7)
            .take(n)
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let mut g = c.benchmark_group(format!("grant_parse/{n}_scopes"));
        g.throughput(Throughput::Elements(n as u64));
        let mut words = [0u64; 1];
        g.bench_function("scopes_ptrhash", |b| {
            b.iter(|| tables.grant(black_box(&s), &mut words).map(|st| st.known))
        });
        // The alternatives resolve names the same way, then set the bits.
        let by = |f: &dyn Fn(&str) -> Option<u32>| {
            let mut w = 0u64;
            for tok in s.split(' ') {
                if let Some(i) = f(tok) {
                    w |= tables.closure_of(i as usize)[0];
                }
            }
            w
        };
        g.bench_function("phf_siphash", |b| {
            b.iter(|| by(&|t| baselines::SCOPE_PHF_FOXY.get(black_box(t)).copied()))
        });
        g.bench_function("fxhashmap", |b| {
            b.iter(|| by(&|t| fx.get(black_box(t)).copied()))
        });
        g.bench_function("std_hashmap", |b| {
            b.iter(|| by(&|t| std_map.get(black_box(t)).copied()))
        });
        g.bench_function("generated_match", |b| {
            b.iter(|| by(&|t| baselines::scope_match_foxy(black_box(t))))
        });
        g.finish();
    }
}

fn benches(c: &mut Criterion) {
    route_match(c, "foxy", "../spec/foxy.yaml", generated::foxy::TABLES);
    route_match(c, "github", "data/github.yaml", generated::github::TABLES);
    template_lookup(
        c,
        "foxy",
        "../spec/foxy.yaml",
        generated::foxy::TABLES,
        baselines::template_match_foxy,
        &baselines::TEMPLATE_PHF_FOXY,
    );
    template_lookup(
        c,
        "github",
        "data/github.yaml",
        generated::github::TABLES,
        baselines::template_match_github,
        &baselines::TEMPLATE_PHF_GITHUB,
    );
    grant_parse(c);
}

fn config() -> Criterion {
    let quick = std::env::var_os("SCOPES_BENCH_QUICK").is_some();
    let c = Criterion::default().configure_from_args();
    if quick {
        c.warm_up_time(std::time::Duration::from_millis(300))
            .measurement_time(std::time::Duration::from_secs(1))
            .sample_size(20)
    } else {
        c
    }
}

criterion_group! { name = group; config = config(); targets = benches }
criterion_main!(group);

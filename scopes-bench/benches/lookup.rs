//! Per-request cost: route match plus scope check, exact template lookup,
//! and granted-scope parsing; each side by side with its alternatives.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scopes_bench::{
    MatchitGuard, PathTreeGuard, WayfindGuard, baselines, generated, mixes, template_hashmap,
};
use scopes_runtime::{LoadedSpec, ScopeEnum, ScopeSet, Tables};

fn load(path: &str) -> scopes_spec::Spec {
    scopes_spec::load_file(path).expect("valid").spec
}

/// Table 1: per request, path match plus scope check, every contender on
/// the same requests with every scope granted.
fn route_match<S: ScopeEnum, const W: usize>(c: &mut Criterion, name: &str, spec_path: &str) {
    let spec = load(spec_path);
    let loaded = LoadedSpec::load(spec_path).expect("valid");
    let tables: Tables<'_> = loaded.tables();
    let all: Vec<&str> = (0..tables.scope_count())
        .map(|i| tables.scope_name(i))
        .collect();
    let granted = ScopeSet::<S, W>::parse(&all.join(" ")).expect("grant");
    let words = granted.words().to_vec();
    let matchit = MatchitGuard::new(&spec);
    let wayfind = WayfindGuard::new(&spec);
    let path_tree = PathTreeGuard::new(&spec);
    for (mix, reqs) in mixes(&spec, 1024) {
        // Every contender must decide every request alike before it is timed.
        for (m, p) in &reqs {
            let ours = granted.authorize(m, p).is_allowed();
            assert_eq!(ours, tables.authorize(m, p, &words).is_allowed(), "{m} {p}");
            assert_eq!(ours, matchit.allowed(m, p, &words), "matchit: {m} {p}");
            assert_eq!(ours, wayfind.allowed(m, p, &words), "wayfind: {m} {p}");
            assert_eq!(ours, path_tree.allowed(m, p, &words), "path-tree: {m} {p}");
        }
        let mut g = c.benchmark_group(format!("route_match/{name}/{mix}"));
        g.throughput(Throughput::Elements(reqs.len() as u64));
        let count = |f: &dyn Fn(&str, &str) -> bool| {
            reqs.iter()
                .filter(|(m, p)| f(black_box(m), black_box(p)))
                .count()
        };
        // The harness alone: iterating the requests, `black_box` and the
        // call, with a decision that only reads the path's length.
        g.bench_function("harness", |b| {
            b.iter(|| count(&|_, p| p.len() > 1));
        });
        g.bench_function("generated", |b| {
            b.iter(|| count(&|m, p| granted.authorize(m, p).is_allowed()));
        });
        g.bench_function("tables", |b| {
            b.iter(|| count(&|m, p| tables.authorize(m, p, &words).is_allowed()));
        });
        g.bench_function("matchit+u64", |b| {
            b.iter(|| count(&|m, p| matchit.allowed(m, p, &words)));
        });
        g.bench_function("wayfind+u64", |b| {
            b.iter(|| count(&|m, p| wayfind.allowed(m, p, &words)));
        });
        g.bench_function("path-tree+u64", |b| {
            b.iter(|| count(&|m, p| path_tree.allowed(m, p, &words)));
        });
        g.finish();
    }
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

/// Table 3: granted-scope parsing into the same closed bitset.
fn grant_parse(c: &mut Criterion) {
    let tables = generated::foxy::TABLES;
    let names: Vec<&str> = (0..tables.scope_count())
        .map(|i| tables.scope_name(i))
        .collect();
    let fx: rustc_hash::FxHashMap<&str, usize> =
        names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let std_map: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    for n in [1usize, 6, 20] {
        let s: String = names
            .iter()
            .cycle()
            .step_by(7)
            .take(n)
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        // The map-based parsers split on whitespace, look each name up and
        // OR its closure into the same one-word set.
        let by_map = |f: &dyn Fn(&str) -> Option<usize>| {
            let mut w = 0u64;
            for tok in s.split_whitespace() {
                if let Some(i) = f(tok) {
                    w |= tables.closure_of(i)[0];
                }
            }
            w
        };
        let want = generated::foxy::Granted::parse(&s).expect("grant").words()[0];
        assert_eq!(by_map(&|t| fx.get(t).copied()), want);
        let mut g = c.benchmark_group(format!("grant_parse/{n}_scopes"));
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function("generated", |b| {
            b.iter(|| generated::foxy::Granted::parse(black_box(&s)).map(|g| g.words()[0]))
        });
        let mut words = [0u64; 1];
        g.bench_function("tables", |b| {
            b.iter(|| tables.grant(black_box(&s), &mut words).map(|st| st.known))
        });
        g.bench_function("fxhashmap", |b| {
            b.iter(|| by_map(&|t| fx.get(black_box(t)).copied()))
        });
        g.bench_function("std_hashmap", |b| {
            b.iter(|| by_map(&|t| std_map.get(black_box(t)).copied()))
        });
        g.bench_function("phf_siphash", |b| {
            b.iter(|| {
                by_map(&|t| {
                    baselines::SCOPE_PHF_FOXY
                        .get(black_box(t))
                        .map(|&i| i as usize)
                })
            })
        });
        g.finish();
    }
}

fn benches(c: &mut Criterion) {
    route_match::<generated::foxy::Scope, { generated::foxy::Scope::COUNT.div_ceil(64) }>(
        c,
        "foxy",
        "../spec/foxy.yaml",
    );
    route_match::<generated::github::Scope, { generated::github::Scope::COUNT.div_ceil(64) }>(
        c,
        "github",
        "data/github.yaml",
    );
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

//! Per-request cost of enforcement in a real axum `Router` holding every
//! Foxy route axum can hold, driven by `tower::ServiceExt::oneshot`: typed
//! routes (`handlers![…].enforce(…)`: each handler tests its own
//! requirement) vs the same
//! router with no enforcement vs `ScopeLayer`. Every timed request is
//! allowed, so each side runs its full check. The token's scopes arrive
//! as an authentication layer leaves them: as the `scope` string
//! (`TokenScopes`, parsed per request: group `token`) or already parsed
//! (`Granted`, an authentication layer caching per token: group `granted`).

use std::hint::black_box;

use axum::http::StatusCode;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scopes_bench::typed_routes::{Auth, GRANTED, REQUESTS, bare, call, foxy, scope_layer, typed};
use scopes_runtime::Granted;

fn benches(c: &mut Criterion) {
    let routers = [
        ("bare", bare()),
        ("typed", typed()),
        ("scope_layer", scope_layer()),
    ];
    let granted = Granted::parse(foxy::TABLES, GRANTED).expect("valid scopes");
    let write = Granted::parse(foxy::TABLES, "transactions_write").expect("valid scopes");
    // All three serve every timed request, and the enforced ones allow it
    // and deny it without the scope.
    for (name, router) in &routers {
        for (m, p) in REQUESTS {
            for auth in [Auth::Token(GRANTED), Auth::Granted(&granted)] {
                assert_eq!(call(router, m, p, auth), StatusCode::OK, "{name}: {m} {p}");
            }
        }
    }
    for (name, router) in &routers[1..] {
        for auth in [Auth::Token("transactions_write"), Auth::Granted(&write)] {
            let status = call(router, "POST", "/transactions/7/send_emails", auth);
            assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
        }
    }
    for (group, auth) in [
        ("token", Auth::Token(GRANTED)),
        ("granted", Auth::Granted(&granted)),
    ] {
        let mut g = c.benchmark_group(format!("typed_routes/foxy/{group}"));
        g.throughput(Throughput::Elements(REQUESTS.len() as u64));
        for (name, router) in &routers {
            g.bench_function(*name, |b| {
                b.iter(|| {
                    for (m, p) in REQUESTS {
                        black_box(call(router, black_box(m), black_box(p), auth));
                    }
                });
            });
        }
        g.finish();
    }
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

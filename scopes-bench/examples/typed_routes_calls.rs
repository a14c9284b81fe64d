//! Callgrind harness for the `typed_routes` bench: `N` rounds of the
//! bench's requests through one router.
//!
//! ```text
//! cargo build --release -p scopes-bench --example typed_routes_calls
//! valgrind --tool=callgrind target/release/examples/typed_routes_calls <bare|typed|scope_layer|bare_shared> <0|2000> <token|granted> [eager]
//! ```
//! (subtract a run with 0 rounds: setup). `bare_shared`: the bare router
//! with one handler function for every route (the earlier baseline). `eager`: the router's handlers
//! are turned into routes once (`Router::with_state`, as `axum::serve`
//! does through `into_make_service`) instead of per request.

use std::hint::black_box;

use scopes_bench::typed_routes::{
    Auth, GRANTED, REQUESTS, bare, bare_shared, call, foxy, scope_layer, typed,
};

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "typed".to_owned());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let parsed = args.next().as_deref() == Some("granted");
    let eager = args.next().as_deref() == Some("eager");
    let granted = scopes_runtime::Granted::parse(foxy::TABLES, GRANTED).expect("valid scopes");
    let auth = if parsed {
        Auth::Granted(&granted)
    } else {
        Auth::Token(GRANTED)
    };
    let router = match which.as_str() {
        "bare" => bare(),
        "bare_shared" => bare_shared(),
        "scope_layer" => scope_layer(),
        _ => typed(),
    };
    let router: axum::Router = if eager { router.with_state(()) } else { router };
    for _ in 0..rounds {
        for (m, p) in REQUESTS {
            black_box(call(&router, black_box(m), black_box(p), auth));
        }
    }
}

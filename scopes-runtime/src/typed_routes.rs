//! Typed routes (feature `axum`): a handler is registered by its own
//! declaration, so its path, method and scopes cannot disagree with the spec.
//!
//! ```
//! # mod foxy { scopes_runtime::include_spec!("../spec/foxy.yaml"); }
//! use scopes_runtime::axum::ScopeLayer;
//! use scopes_runtime::requires_scope;
//!
//! #[requires_scope(spec = "../spec/foxy.yaml", route = "GET /transactions/{id}")]
//! async fn show() -> &'static str {
//!     "a transaction"
//! }
//!
//! #[requires_scope(spec = "../spec/foxy.yaml", route = "POST /transactions/{id}/send_emails")]
//! async fn send_emails() -> &'static str {
//!     "sent"
//! }
//!
//! // The layer's authenticator (`.authenticate(jwt)`), metadata, realm and
//! // counts protect the typed routes: `.protect(layer)`.
//! let layer = ScopeLayer::new(foxy::TABLES).realm("foxy");
//! let app: axum::Router = scopes_runtime::handlers![show, send_emails].protect(layer);
//! ```
//!
//! Checked at compile time: the route exists and serves the method, the
//! handler's scopes meet the spec's requirement there (all three by
//! `#[requires_scope]`), the handler declares a route at all, and no
//! (method, route) is registered twice (by `handlers!`).
//! With `handlers![exhaustive foxy::routes::SERVED; …]`, also that every
//! (method, route) of the spec is served or listed as deliberately not
//! served.
//!
//! Per request, axum has already matched the route, and each handler is
//! registered wrapped in a [`Guarded`] that knows its requirement: no
//! tower layer per route, no second extractor, nothing inserted in the
//! request. It checks the path is canonical (axum matches
//! `/transactions//7` with an empty parameter: denied with 404; the fast
//! path walks the handler's own template, comparing its literals and
//! scanning only the parameters' bytes), finds the grant (a
//! [`Granted`](crate::Granted) an outer layer left, borrowed; its `scope`
//! string ([`TokenScopes::Scope`](crate::TokenScopes::Scope)) parsed once
//! per token on each thread, the last few strings kept per router and
//! found by their exact bytes; or the token verified by the layer's
//! authenticator) and tests its requirement's bits, then runs the handler.
//! Before that, the layer's own steps: 400 for a raw non-ASCII target or a
//! malformed bearer credential, RFC 9728 metadata (skipped when they
//! cannot apply: a plain path, no query string, no metadata, no
//! authenticator). A path or method the router does not serve gets the
//! layer's 404 or 405 (with `Allow`) from the router's fallbacks, logged
//! and counted like its other refusals.
//!
//! axum clones the matched handler per request, and boxes it unless it is
//! zero-sized: the handlers of the first typed router protected in a
//! process (`protect`, `enforce`) hold nothing, their layer's
//! configuration kept in a `static` for the life of the process; those of
//! later routers hold a pointer to theirs (one allocation per request
//! more).

mod canonical;
pub(crate) mod grant_cache;
mod guard;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, on};

use crate::authenticate::Authenticate;
use crate::axum::{Responses, ScopeLayer};
use crate::{Engine, RouteHandler, ScopeRequirement};

pub use guard::Guarded;
use guard::{Ext, First, Gate, Held};

/// Where the handlers of one typed router find their protection.
enum Protection {
    /// The request's extensions ([`TypedRoutes::into_router`]).
    Extensions,
    /// The process's first protected typed router: zero-sized handlers.
    First(First),
    /// Any later one: each handler holds a pointer.
    Held(Held),
}

/// One handler, added to the router once the protection is known.
type Registration<S> = Box<dyn FnOnce(Router<S>, &Protection) -> Router<S> + Send>;

/// A router whose routes come from the handlers' declarations. Built by
/// `scopes_runtime::handlers!`, which also checks at compile time that
/// no (method, route) is registered twice.
#[must_use]
pub struct TypedRoutes<S = ()> {
    routes: Vec<Registration<S>>,
    /// The (method, template) pairs registered, for `Allow`.
    served: Vec<(&'static str, &'static str)>,
}

impl<S: Clone + Send + Sync + 'static> Default for TypedRoutes<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Clone + Send + Sync + 'static> TypedRoutes<S> {
    /// No routes.
    pub fn new() -> Self {
        TypedRoutes {
            routes: Vec::new(),
            served: Vec::new(),
        }
    }

    /// Serve `handler` at the method and template its `#[requires_scope]`
    /// declared (`H` is the handler's requirement type, named like it).
    /// Prefer `handlers!`: it also rejects a (method,
    /// route) registered twice at compile time.
    pub fn route<H, T, F>(self, handler: F) -> Self
    where
        H: RouteHandler,
        F: Clone + Send + 'static,
        Guarded<H, F, Ext>: Handler<T, S>,
        Guarded<H, F, First>: Handler<T, S>,
        Guarded<H, F, Held>: Handler<T, S>,
        T: 'static,
    {
        self.__declared::<H, T, F>((H::METHOD, H::TEMPLATE), handler)
    }

    /// Serve `handler` at `declared`, a (method, template) that
    /// `handlers!` read from the handler's requirement type `H` (whose
    /// `RouteHandler` bound the `const` check there reports).
    #[doc(hidden)]
    pub fn __declared<H, T, F>(mut self, declared: (&'static str, &'static str), handler: F) -> Self
    where
        H: ScopeRequirement,
        F: Clone + Send + 'static,
        Guarded<H, F, Ext>: Handler<T, S>,
        Guarded<H, F, First>: Handler<T, S>,
        Guarded<H, F, Held>: Handler<T, S>,
        T: 'static,
    {
        self.routes.push(Box::new(
            move |router: Router<S>, protection: &Protection| {
                let (method, template) = declared;
                let served = match protection {
                    Protection::Extensions => {
                        method_router(method, Guarded::<H, F, _>::new(handler, Ext))
                    }
                    Protection::First(first) => {
                        method_router(method, Guarded::<H, F, _>::new(handler, *first))
                    }
                    Protection::Held(held) => {
                        method_router(method, Guarded::<H, F, _>::new(handler, held.clone()))
                    }
                };
                router.route(template, served)
            },
        ));
        self.served.push(declared);
        if declared.0 == "GET" {
            self.served.push(("HEAD", declared.1));
        }
        self
    }

    /// The router protected by `layer`'s configuration: its authenticator
    /// verifies tokens, its metadata is served, its responses, log level
    /// and counts apply to every refusal (each handler's 401 and 403, and
    /// the router's 404 and 405, whose `Allow` lists the methods registered
    /// here). The layer itself is not applied: each handler checks its own
    /// requirement ([`Guarded`]).
    pub fn protect<A>(self, layer: ScopeLayer<A>) -> Router<S>
    where
        A: Authenticate + Clone,
    {
        let layer = layer.served_by_router(self.served.iter().copied());
        let gate = Gate::layer(layer.clone());
        let protection = match First::claim(&gate) {
            Some(first) => Protection::First(first),
            None => Protection::Held(Held(Arc::new(gate))),
        };
        let router = self.build(&protection);
        let (missing, not_allowed) = (layer.clone(), layer);
        router
            .fallback(move |req: Request| async move {
                missing.unrouted(&req).map(axum::body::Body::from)
            })
            .method_not_allowed_fallback(move |req: Request| async move {
                not_allowed.unrouted(&req).map(axum::body::Body::from)
            })
    }

    /// [`TypedRoutes::protect`] with a `ScopeLayer` over `engine` (the
    /// spec's `TABLES`) answering as `responses` says (realm, body format,
    /// log level, counts), and tokens verified by an outer layer of yours that
    /// inserts [`TokenScopes`](crate::TokenScopes) (or a [`Granted`](crate::Granted)).
    pub fn enforce(self, engine: impl Into<Engine>, responses: Responses) -> Router<S> {
        self.protect(ScopeLayer::new(engine).answering(responses))
    }

    /// The router without a protection of its own: each handler decides
    /// as the `Require` extractor does, from the request's extensions (a
    /// [`Granted`](crate::Granted), or [`TokenScopes`](crate::TokenScopes)
    /// and the spec's [`Engine`]; the [`Responses`] an outer `ScopeLayer`
    /// leaves), after checking the path is canonical.
    pub fn into_router(self) -> Router<S> {
        self.build(&Protection::Extensions)
    }

    fn build(self, protection: &Protection) -> Router<S> {
        self.routes
            .into_iter()
            .fold(Router::new(), |router, register| {
                register(router, protection)
            })
    }
}

/// `handler` on `method`. A method axum's filter cannot express (not one
/// of the standard nine) gets a router that serves nothing: axum answers 405.
fn method_router<T, S, F>(method: &str, handler: F) -> axum::routing::MethodRouter<S>
where
    F: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    match Method::from_bytes(method.as_bytes()).map(MethodFilter::try_from) {
        Ok(Ok(filter)) => on(filter, handler),
        _ => axum::routing::MethodRouter::new(),
    }
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `H`'s declared (method, template); panics (a compile error in the
/// `const` that `handlers!` spans on `H`) when it is in `earlier`.
#[doc(hidden)]
#[must_use]
pub const fn __declared<H: RouteHandler>(earlier: &[(&str, &str)]) -> (&'static str, &'static str) {
    let mut i = 0;
    while i < earlier.len() {
        if same(earlier[i].1, H::TEMPLATE) {
            if same(earlier[i].0, H::METHOD) {
                panic!("{}", H::REGISTERED_TWICE);
            }
            let (a, b) = (earlier[i].0, H::METHOD);
            if (same(a, "GET") && same(b, "HEAD")) || (same(a, "HEAD") && same(b, "GET")) {
                panic!(
                    "axum answers HEAD with the route's GET handler: register the GET handler only"
                );
            }
        }
        i += 1;
    }
    if !axum_can_route(H::TEMPLATE) {
        panic!(
            "axum cannot route this handler's template: a path parameter must fill its segment \
             (`/{{id}}`, not `/{{type}}_templates`); serve it with `Router::fallback` and `ScopeLayer`"
        );
    }
    (H::METHOD, H::TEMPLATE)
}

/// Whether every `{param}` of `template` fills its segment, as axum's
/// router requires.
const fn axum_can_route(template: &str) -> bool {
    let t = template.as_bytes();
    let mut i = 0;
    let mut seg_start = 0;
    let mut braces = 0;
    while i <= t.len() {
        if i == t.len() || t[i] == b'/' {
            let whole = i > seg_start && t[seg_start] == b'{' && t[i - 1] == b'}';
            if braces > 1 || (braces == 1 && !whole) {
                return false;
            }
            seg_start = i + 1;
            braces = 0;
        } else if t[i] == b'{' {
            braces += 1;
        }
        i += 1;
    }
    true
}

const MISSING_MAX: usize = 8192;

/// Room kept at the end of the message for the count of routes not shown
/// and the help.
const MISSING_TAIL: usize = 160;

const MISSING_HELP: &str =
    "\n\nhelp: register a handler for each, or list it in `not_served [\"METHOD /path\", ...]`";

/// Panics (a compile error in a `const`) listing every `(method, route)` of
/// `all` (the spec's `routes::SERVED`) neither in `served` nor in
/// `not_served` (`"METHOD /template"`); past what a message holds, the
/// count of the routes not shown.
#[doc(hidden)]
pub const fn __exhaustive(all: &[(&str, &str)], not_served: &[&str], served: &[(&str, &str)]) {
    let mut out = [0u8; MISSING_MAX];
    let mut len = push(&mut out, 0, "not every route of the spec is served:");
    let (mut missing, mut hidden) = (0, 0);
    let mut i = 0;
    while i < all.len() {
        let (m, t) = all[i];
        if !listed(m, t, served) && !skipped(m, t, not_served) {
            missing += 1;
            // Past the first route that does not fit, only counted: the
            // list shown is a prefix of the spec's order.
            if hidden > 0 || len + 4 + m.len() + t.len() > MISSING_MAX - MISSING_TAIL {
                hidden += 1;
            } else {
                len = push(&mut out, len, "\n  ");
                len = push(&mut out, len, m);
                len = push(&mut out, len, " ");
                len = push(&mut out, len, t);
            }
        }
        i += 1;
    }
    if missing > 0 {
        if hidden > 0 {
            len = push(&mut out, len, "\n  \u{2026} and ");
            len = push_count(&mut out, len, hidden);
            len = push(&mut out, len, " more");
        }
        len = push(&mut out, len, MISSING_HELP);
        let (text, _) = out.split_at(len);
        match core::str::from_utf8(text) {
            Ok(s) => panic!("{}", s),
            Err(_) => panic!("not every route of the spec is served"),
        }
    }
}

const fn listed(m: &str, t: &str, served: &[(&str, &str)]) -> bool {
    let mut i = 0;
    while i < served.len() {
        // GET handlers also answer HEAD in axum.
        let method = same(served[i].0, m) || (same(m, "HEAD") && same(served[i].0, "GET"));
        if method && same(served[i].1, t) {
            return true;
        }
        i += 1;
    }
    false
}

const fn skipped(m: &str, t: &str, not_served: &[&str]) -> bool {
    let mut i = 0;
    while i < not_served.len() {
        let s = not_served[i].as_bytes();
        let (mb, tb) = (m.as_bytes(), t.as_bytes());
        if s.len() == mb.len() + 1 + tb.len() && s[mb.len()] == b' ' {
            let (head, rest) = s.split_at(mb.len());
            let (_, tail) = rest.split_at(1);
            if same_bytes(head, mb) && same_bytes(tail, tb) {
                return true;
            }
        }
        i += 1;
    }
    false
}

const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    match (core::str::from_utf8(a), core::str::from_utf8(b)) {
        (Ok(a), Ok(b)) => same(a, b),
        _ => false,
    }
}

/// Append `s` at `len` (what does not fit is dropped: never past the
/// buffer).
const fn push(out: &mut [u8; MISSING_MAX], len: usize, s: &str) -> usize {
    let s = s.as_bytes();
    let mut len = len;
    let mut i = 0;
    while i < s.len() && len < MISSING_MAX {
        out[len] = s[i];
        len += 1;
        i += 1;
    }
    len
}

/// Append `n` in decimal at `len`.
const fn push_count(out: &mut [u8; MISSING_MAX], len: usize, n: usize) -> usize {
    let mut digits = [0u8; 20];
    let (mut n, mut k) = (n, digits.len());
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let (_, digits) = digits.split_at(k);
    match core::str::from_utf8(digits) {
        Ok(s) => push(out, len, s),
        Err(_) => len,
    }
}

#[cfg(test)]
mod tests {
    use std::panic::{UnwindSafe, catch_unwind};

    use super::{
        __declared, __exhaustive, MISSING_HELP, MISSING_MAX, MISSING_TAIL, axum_can_route, same,
    };
    use crate::{RouteHandler, ScopeRequirement};

    /// The message of `f`'s panic (the compile error a `const` shows),
    /// `None` when it returns.
    fn panic_text(f: impl FnOnce() + UnwindSafe) -> Option<String> {
        let payload = catch_unwind(f).err()?;
        let text = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()));
        Some(text.expect("a text panic"))
    }

    /// The compile error `__declared` gives for `H` after `earlier`, `None`
    /// when it accepts.
    fn declared_refusal<H: RouteHandler>(earlier: &[(&str, &str)]) -> Option<String> {
        panic_text(|| {
            let _ = __declared::<H>(earlier);
        })
    }

    macro_rules! handler {
        ($name:ident, $method:literal, $template:literal) => {
            struct $name;
            impl ScopeRequirement for $name {
                const SPEC_ID: u64 = 0;
                const GROUPS: &'static [&'static [u64]] = &[];
                const NAMES: &'static [&'static [&'static str]] = &[];
                const ROUTE: Option<&'static str> = Some(concat!($method, " ", $template));
            }
            impl RouteHandler for $name {
                const METHOD: &'static str = $method;
                const TEMPLATE: &'static str = $template;
                const REGISTERED_TWICE: &'static str =
                    concat!($method, " ", $template, " is registered twice");
            }
        };
    }
    handler!(GetItem, "GET", "/items/{id}");
    handler!(PostItem, "POST", "/items/{id}");
    handler!(HeadItem, "HEAD", "/items/{id}");
    handler!(Unroutable, "GET", "/{type}_templates");

    #[test]
    fn same_compares_whole_strings() {
        assert!(same("GET", "GET"));
        assert!(same("", ""));
        for (a, b) in [("GET", "GE"), ("GE", "GET"), ("GET", "GEX"), ("GET", "PUT")] {
            assert!(!same(a, b), "{a} {b}");
        }
    }

    #[test]
    fn a_handler_is_declared_once_per_method_and_route() {
        assert_eq!(__declared::<GetItem>(&[]), ("GET", "/items/{id}"));
        // Another method of the route, another route with the method.
        let earlier = [("GET", "/items/{id}"), ("POST", "/items")];
        assert_eq!(__declared::<PostItem>(&earlier), ("POST", "/items/{id}"));
        let earlier = [("HEAD", "/items/{id}")];
        assert_eq!(__declared::<PostItem>(&earlier), ("POST", "/items/{id}"));
        let earlier = [("POST", "/items/{id}")];
        assert_eq!(__declared::<GetItem>(&earlier), ("GET", "/items/{id}"));
        assert_eq!(__declared::<HeadItem>(&earlier), ("HEAD", "/items/{id}"));
        let earlier = [("POST", "/items/{id}")];
        assert_eq!(
            declared_refusal::<PostItem>(&earlier).as_deref(),
            Some("POST /items/{id} is registered twice")
        );
        // axum serves HEAD with the route's GET handler (RFC 9110 §9.3.2),
        // in either order of registration.
        let head = "axum answers HEAD with the route's GET handler: register the GET handler only";
        let earlier = [("GET", "/items/{id}")];
        assert_eq!(
            declared_refusal::<HeadItem>(&earlier).as_deref(),
            Some(head)
        );
        let earlier = [("HEAD", "/items/{id}")];
        assert_eq!(declared_refusal::<GetItem>(&earlier).as_deref(), Some(head));
        let text = declared_refusal::<Unroutable>(&[]).expect("refused");
        assert!(
            text.starts_with("axum cannot route this handler's template"),
            "{text}"
        );
    }

    const HELP: &str =
        "\n\nhelp: register a handler for each, or list it in `not_served [\"METHOD /path\", ...]`";

    #[test]
    fn exhaustive_lists_every_route_neither_served_nor_listed() {
        let all = [
            ("GET", "/a"),
            ("HEAD", "/a"),
            ("PATCH", "/a"),
            ("POST", "/b"),
            ("GET", "/c/{id}"),
            ("HEAD", "/c/{id}"),
            ("DELETE", "/c/{id}"),
            ("PUT", "/c/{id}"),
        ];
        // GET serves HEAD as well (axum); HEAD does not serve GET.
        let served = [("GET", "/a"), ("PUT", "/c/{id}"), ("HEAD", "/c/{id}")];
        let text = panic_text(|| __exhaustive(&all, &["POST /b"], &served));
        let want = format!(
            "not every route of the spec is served:\n  PATCH /a\n  GET /c/{{id}}\n  DELETE /c/{{id}}{HELP}"
        );
        assert_eq!(text, Some(want));
        let everything = [("PATCH", "/a"), ("GET", "/c/{id}"), ("DELETE", "/c/{id}")];
        let served: Vec<_> = everything.into_iter().chain(served).collect();
        assert_eq!(
            panic_text(|| __exhaustive(&all, &["POST /b"], &served)),
            None
        );
    }

    #[test]
    fn not_served_names_a_method_a_space_and_the_whole_template() {
        let all = [("POST", "/b")];
        for near in [
            "POST /bb", "POST /", "POST/b", "POSTX/b", "POS /b", "POST  /b", "GET /b", "POST /B",
        ] {
            let text = panic_text(|| __exhaustive(&all, &[near], &[]));
            assert_eq!(
                text,
                Some(format!(
                    "not every route of the spec is served:\n  POST /b{HELP}"
                )),
                "{near}"
            );
        }
        assert_eq!(
            panic_text(|| __exhaustive(&all, &["GET /x", "POST /b"], &[])),
            None
        );
    }

    #[test]
    fn a_long_list_keeps_its_help_and_counts_what_it_does_not_show() {
        let routes: Vec<String> = (0..2000)
            .map(|i| format!("/resource_{i:04}/{{id}}"))
            .collect();
        let all: Vec<(&str, &str)> = routes.iter().map(|t| ("GET", t.as_str())).collect();
        let text = panic_text(|| __exhaustive(&all, &[], &[])).expect("refused");
        assert!(text.len() <= MISSING_MAX, "{}", text.len());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "not every route of the spec is served:");
        let shown: Vec<&str> = lines[1..]
            .iter()
            .take_while(|l| l.starts_with("  GET "))
            .copied()
            .collect();
        // The routes shown are the first ones, in order, as many as fit
        // before the room kept for the tail; the rest counted.
        let (head, line) = (lines[0].len(), "\n  GET /resource_0000/{id}".len());
        assert_eq!(shown.len(), (MISSING_MAX - MISSING_TAIL - head) / line);
        for (line, t) in shown.iter().zip(&routes) {
            assert_eq!(*line, format!("  GET {t}"));
        }
        let more = 2000 - shown.len();
        assert_eq!(
            lines[1 + shown.len()],
            format!("  \u{2026} and {more} more")
        );
        assert!(text.ends_with(HELP), "{text}");
    }

    /// The routes `__exhaustive` shows of `all` (none served), and the
    /// count of those it does not.
    fn shown_and_more(all: &[(&str, &str)]) -> (Vec<String>, Option<String>) {
        let text = panic_text(|| __exhaustive(all, &[], &[])).expect("refused");
        assert!(text.ends_with(HELP), "{text}");
        let lines: Vec<&str> = text.lines().skip(1).take_while(|l| !l.is_empty()).collect();
        let shown = lines
            .iter()
            .filter(|l| l.starts_with("  GET "))
            .map(|l| l[6..].to_owned());
        let more = lines
            .iter()
            .find(|l| l.starts_with("  \u{2026}"))
            .map(|l| (*l).to_owned());
        (shown.collect(), more)
    }

    #[test]
    fn the_room_kept_holds_the_longest_tail() {
        // So `push` never reaches the end of the buffer: a route line ends
        // before `MISSING_MAX - MISSING_TAIL`, and the tail fits after it.
        let count = format!("\n  \u{2026} and {} more", usize::MAX);
        assert!(count.len() + MISSING_HELP.len() <= MISSING_TAIL);
    }

    #[test]
    fn a_route_is_shown_when_its_line_fits_before_the_tail_exactly() {
        let head = "not every route of the spec is served:".len();
        // Lines of `\n  GET ` and a template: 14 of 571 bytes fill the
        // message up to the room kept for the tail, to the byte.
        let room = MISSING_MAX - MISSING_TAIL - head;
        assert_eq!(room % 14, 0);
        let line = room / 14;
        let t = |c: char, extra: usize| format!("/{}", c.to_string().repeat(line - 8 + extra));
        let (a, long, short) = (t('a', 0), t('b', 4), "/z".to_owned());
        let mut all: Vec<(&str, &str)> = vec![("GET", a.as_str()); 14];
        all.push(("GET", short.as_str()));
        let (shown, more) = shown_and_more(&all);
        assert_eq!(shown, vec![a.clone(); 14]);
        assert_eq!(more.as_deref(), Some("  \u{2026} and 1 more"));
        // Four bytes too long, the 14th is not shown; nor, after it, a
        // short one that would fit: what is shown is a prefix.
        let mut all: Vec<(&str, &str)> = vec![("GET", a.as_str()); 13];
        all.extend([("GET", long.as_str()), ("GET", short.as_str())]);
        let (shown, more) = shown_and_more(&all);
        assert_eq!(shown, vec![a; 13]);
        assert_eq!(more.as_deref(), Some("  \u{2026} and 2 more"));
    }

    #[test]
    fn axum_routable_templates() {
        for t in ["/", "/transactions/{id}", "/a/{b}/c/{d}", "/{id}"] {
            assert!(axum_can_route(t), "{t}");
        }
        for t in [
            "/{type}_templates/{id}/cache",
            "/a{b}",
            "/{a}{b}",
            "/x/{a}.json",
        ] {
            assert!(!axum_can_route(t), "{t}");
        }
    }
}

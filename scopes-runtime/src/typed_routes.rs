//! Typed routes (feature `axum`): a handler is registered by its own
//! declaration, so its path, method and scopes cannot disagree with the spec.
//!
//! ```
//! # mod foxy { scopes_runtime::include_spec!("../spec/foxy.yaml"); }
//! use scopes_runtime::axum::{BodyFormat, Responses};
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
//! let app: axum::Router = scopes_runtime::handlers![show, send_emails]
//!     .enforce(foxy::TABLES, Responses::new("foxy", BodyFormat::Text));
//! // Add your authentication layer (outermost): it inserts `TokenScopes`.
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
//! Per request, axum has already matched the route; [`TypedLayer`] checks
//! that the path is canonical (axum matches `/transactions//7` with an
//! empty parameter: denied with 404) and parses the token's scopes once
//! into a [`Granted`] in the request's extensions; the handler's
//! [`Require`](crate::Require) extractor then tests its requirement's bits.
//! A path the router does not have is axum's 404, a method the route does
//! not serve axum's 405 with `Allow`.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Router;
use axum::handler::Handler;
use axum::http::{Method, Request};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};

use crate::axum::{Refusal, Responses};
use crate::{Engine, Granted, RouteHandler, TokenScopes};

/// A router whose routes come from the handlers' declarations. Built by
/// `scopes_runtime::handlers!`, which also checks at compile time that
/// no (method, route) is registered twice.
#[must_use]
pub struct TypedRoutes<S = ()> {
    router: Router<S>,
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
            router: Router::new(),
        }
    }

    /// Serve `handler` at the method and template its `#[requires_scope]`
    /// declared (`H` is the handler's requirement type, named like it).
    /// Prefer `handlers!`: it also rejects a (method,
    /// route) registered twice at compile time.
    pub fn route<H, T, F>(mut self, handler: F) -> Self
    where
        H: RouteHandler,
        F: Handler<T, S>,
        T: 'static,
    {
        self.router = self
            .router
            .route(H::TEMPLATE, method_router(H::METHOD, handler));
        self
    }

    /// Serve `handler` at `declared`, a (method, template) that
    /// `handlers!` read from the handler's requirement type.
    #[doc(hidden)]
    pub fn __declared<T, F>(mut self, declared: (&'static str, &'static str), handler: F) -> Self
    where
        F: Handler<T, S>,
        T: 'static,
    {
        self.router = self
            .router
            .route(declared.1, method_router(declared.0, handler));
        self
    }

    /// The router, enforced by a [`TypedLayer`] over `engine` (the spec's
    /// `TABLES`): responses as `responses` says.
    pub fn enforce(self, engine: impl Into<Engine>, responses: Responses) -> Router<S> {
        self.router.layer(TypedLayer::new(engine, responses))
    }

    /// The router without enforcement layer: every handler still runs its
    /// `Require` extractor, which needs a [`Granted`] (or [`TokenScopes`]
    /// and the spec's [`Engine`]) in the request's extensions.
    pub fn into_router(self) -> Router<S> {
        self.router
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

/// Panics (a compile error in a `const`) listing every `(method, route)` of
/// `all` (the spec's `routes::SERVED`) neither in `served` nor in
/// `not_served` (`"METHOD /template"`).
#[doc(hidden)]
pub const fn __exhaustive(all: &[(&str, &str)], not_served: &[&str], served: &[(&str, &str)]) {
    let mut out = [0u8; MISSING_MAX];
    let mut len = push(&mut out, 0, "not every route of the spec is served:");
    let mut missing = 0;
    let mut i = 0;
    while i < all.len() {
        let (m, t) = all[i];
        if !listed(m, t, served) && !skipped(m, t, not_served) {
            missing += 1;
            len = push(&mut out, len, "\n  ");
            len = push(&mut out, len, m);
            len = push(&mut out, len, " ");
            len = push(&mut out, len, t);
        }
        i += 1;
    }
    if missing > 0 {
        len = push(
            &mut out,
            len,
            "\n\nhelp: register a handler for each, or list it in `not_served [\"METHOD /path\", ...]`",
        );
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

/// Append `s` at `len`, truncating with `…` when the buffer is full.
const fn push(out: &mut [u8; MISSING_MAX], len: usize, s: &str) -> usize {
    let s = s.as_bytes();
    let mut len = len;
    let mut i = 0;
    while i < s.len() {
        if len >= MISSING_MAX - 8 {
            return len;
        }
        out[len] = s[i];
        len += 1;
        i += 1;
    }
    len
}

#[doc(hidden)]
pub struct Shared {
    engine: Engine,
    responses: Responses,
}

/// What a typed router pays per request: a canonical-path check and the
/// token's scopes parsed once into a [`Granted`] (left in the extensions
/// for the handler's `Require` extractor); a refusal from the extractor is
/// answered in this layer's realm and format ([`Responses`]).
#[derive(Clone)]
pub struct TypedLayer {
    shared: Arc<Shared>,
}

impl TypedLayer {
    /// Over `engine` (the spec's `TABLES`), answering as `responses` says.
    #[must_use]
    pub fn new(engine: impl Into<Engine>, responses: Responses) -> Self {
        TypedLayer {
            shared: Arc::new(Shared {
                engine: engine.into(),
                responses,
            }),
        }
    }
}

impl<S> tower_layer::Layer<S> for TypedLayer {
    type Service = TypedService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        TypedService {
            inner,
            shared: self.shared.clone(),
        }
    }
}

/// The service [`TypedLayer`] wraps around a router.
#[derive(Clone)]
pub struct TypedService<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S, B> tower_service::Service<Request<B>> for TypedService<S>
where
    S: tower_service::Service<Request<B>, Response = Response, Error = Infallible> + Clone,
    S::Future: Unpin,
{
    type Response = Response;
    type Error = Infallible;
    type Future = TypedFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<B>) -> Self::Future {
        match prepare(&self.shared, &mut req) {
            // `poll_ready` was forwarded to `inner`: call it as is.
            Ok(()) => TypedFuture::Inner(self.inner.call(req), self.shared.clone()),
            Err(refusal) => TypedFuture::Refused(Some(self.shared.responses.respond(&refusal))),
        }
    }
}

/// The future of [`TypedService`]: the router's (a refusal from a
/// handler's `Require` extractor answered in this layer's realm and
/// format), or this layer's own refusal.
pub enum TypedFuture<F> {
    /// The router runs.
    Inner(F, Arc<Shared>),
    /// Refused before the router.
    Refused(Option<Response>),
}

impl<F: Future<Output = Result<Response, Infallible>> + Unpin> Future for TypedFuture<F> {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            TypedFuture::Inner(inner, shared) => {
                let Poll::Ready(Ok(response)) = Pin::new(inner).poll(cx) else {
                    return Poll::Pending;
                };
                Poll::Ready(Ok(match response.extensions().get::<Refusal>() {
                    Some(refusal) => shared.responses.respond(refusal),
                    None => response,
                }))
            }
            TypedFuture::Refused(response) => {
                Poll::Ready(Ok(response.take().unwrap_or_else(polled_after_completion)))
            }
        }
    }
}

/// Polled again after completion: a 500, never a panic.
fn polled_after_completion() -> Response {
    axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// The per-request work before the router: deny a non-canonical path,
/// parse the token's scopes once. A malformed scope string is left to the
/// handler's extractor (with the [`Engine`] to parse it), so a request the
/// router refuses (404, 405) is refused as such, as [`ScopeLayer`] does.
///
/// [`ScopeLayer`]: crate::axum::ScopeLayer
fn prepare<B>(shared: &Shared, req: &mut Request<B>) -> Result<(), Refusal> {
    if scopes_core::check_canonical(req.uri().path()).is_err() {
        return Err(Refusal::NotFound);
    }
    let tables = shared.engine.tables();
    let parsed = match req.extensions().get::<Granted>() {
        Some(g) if g.spec_id() == tables.spec_id => None,
        _ => req
            .extensions()
            .get::<TokenScopes>()
            .map(|t| t.grant(&tables)),
    };
    let ext = req.extensions_mut();
    match parsed {
        Some(Ok(granted)) => {
            ext.insert(granted);
        }
        Some(Err(_)) => {
            ext.insert(shared.engine.clone());
        }
        None => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::axum_can_route;

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

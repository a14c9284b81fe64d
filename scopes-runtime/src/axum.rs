//! axum 0.8 / tower 0.5 enforcement (feature `axum`).
//!
//! - [`ScopeLayer`] enforces the spec on every request: it finds the route
//!   by axum's `MatchedPath` when the router matched one, by the spec's own
//!   path matcher otherwise, and answers per RFC 6750 §3;
//! - [`Require`] is an extractor for `#[requires_scope]` handlers;
//! - [`SpecRouter`] registers routes and checks them against the spec
//!   before the server starts.
//!
//! Granted scopes come from your authentication layer: it verifies the
//! token and inserts [`TokenScopes`] (or a parsed [`Granted`]) as a request
//! extension. This crate never sees the token itself.
//!
//! | situation | response |
//! |---|---|
//! | route and method allowed | the handler's |
//! | public route | the handler's, credentials or not |
//! | no credentials | 401, `WWW-Authenticate: Bearer realm="..."` |
//! | malformed scope string | 401, `Bearer realm="...", error="invalid_token"` |
//! | insufficient scope | 403, `Bearer realm="...", error="insufficient_scope", scope="..."` |
//! | path not in the spec, or not canonical | 404 |
//! | method not served by the route | 405 with `Allow` |
//!
//! ```no_run
//! # mod foxy { scopes_runtime::include_spec!("../spec/foxy.yaml"); }
//! use scopes_runtime::axum::{ScopeLayer, SpecRouter};
//!
//! async fn show() -> &'static str { "ok" }
//!
//! let app: axum::Router = SpecRouter::new(ScopeLayer::new(foxy::TABLES).realm("foxy"))
//!     .get("/transactions/{id}", show)
//!     .post("/transactions/{id}/{transaction_action}", show)
//!     .finish(false) // true: every spec route must be served
//!     .expect("routes match the spec");
//! // Add your authentication layer (outermost): it inserts `TokenScopes`.
//! ```

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Router;
use axum::extract::{FromRequestParts, MatchedPath};
use axum::handler::Handler;
use axum::http::{HeaderValue, Method, Request, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use scopes_core::{Decision, PathMatch};

use crate::{Denied, Engine, Granted, Require, ScopeRequirement, TokenScopes};

/// The body of error responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyFormat {
    /// `text/plain`: one line saying what is wrong.
    #[default]
    Text,
    /// `application/problem+json` (RFC 9457).
    ProblemJson,
}

/// How error responses look.
#[derive(Debug, Clone)]
pub struct Responses {
    realm: String,
    body: BodyFormat,
}

impl Default for Responses {
    fn default() -> Self {
        Responses {
            realm: "api".to_owned(),
            body: BodyFormat::Text,
        }
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No credentials: 401.
    Unauthenticated,
    /// The scope string is malformed: 401 `invalid_token`.
    InvalidToken(String),
    /// The grant does not meet the requirement: 403. `scope` names scopes
    /// that would satisfy it.
    InsufficientScope {
        /// Space-separated scopes for the `scope` attribute.
        scope: String,
        /// Human detail.
        detail: String,
    },
    /// No route: 404.
    NotFound,
    /// Method not served: 405 with these methods in `Allow`.
    MethodNotAllowed(Vec<String>),
}

/// A quoted-string value for a challenge attribute. RFC 6750 §3 allows
/// only %x20-21 / %x23-5B / %x5D-7E in `error_description` and `scope`;
/// anything else becomes `?`.
fn quote(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ' ' | '!' | '#'..='[' | ']'..='~' => c,
            _ => '?',
        })
        .collect()
}

impl Responses {
    /// Challenges in `realm`, error bodies in `body` format.
    #[must_use]
    pub fn new(realm: impl Into<String>, body: BodyFormat) -> Self {
        Responses {
            realm: realm.into(),
            body,
        }
    }

    /// The response for a refusal.
    #[must_use]
    pub fn respond(&self, refusal: &Refusal) -> Response {
        let realm = quote(&self.realm);
        let (status, challenge, detail) = match refusal {
            Refusal::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                Some(format!("Bearer realm=\"{realm}\"")),
                "missing credentials".to_owned(),
            ),
            Refusal::InvalidToken(why) => (
                StatusCode::UNAUTHORIZED,
                Some(format!(
                    "Bearer realm=\"{realm}\", error=\"invalid_token\", error_description=\"{}\"",
                    quote(why)
                )),
                format!("invalid_token: {why}"),
            ),
            Refusal::InsufficientScope { scope, detail } => (
                StatusCode::FORBIDDEN,
                Some(format!(
                    "Bearer realm=\"{realm}\", error=\"insufficient_scope\", scope=\"{}\"",
                    quote(scope)
                )),
                format!("insufficient_scope: {detail}"),
            ),
            Refusal::NotFound => (StatusCode::NOT_FOUND, None, "not found".to_owned()),
            Refusal::MethodNotAllowed(_) => (
                StatusCode::METHOD_NOT_ALLOWED,
                None,
                "method not allowed".to_owned(),
            ),
        };
        let mut response = match self.body {
            BodyFormat::Text => (
                status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!("{detail}\n"),
            )
                .into_response(),
            BodyFormat::ProblemJson => {
                let body = serde_json::json!({
                    "type": "about:blank",
                    "title": status.canonical_reason().unwrap_or_default(),
                    "status": status.as_u16(),
                    "detail": detail,
                });
                (
                    status,
                    [(header::CONTENT_TYPE, "application/problem+json")],
                    body.to_string(),
                )
                    .into_response()
            }
        };
        if let Some(c) = challenge.and_then(|c| HeaderValue::from_str(&c).ok()) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, c);
        }
        if let Refusal::MethodNotAllowed(methods) = refusal
            && let Ok(v) = HeaderValue::from_str(&methods.join(", "))
        {
            response.headers_mut().insert(header::ALLOW, v);
        }
        response
    }
}

/// The spec's decision for an allowed request, left in the request's
/// extensions for handlers and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorized {
    /// The matched template.
    pub route: String,
}

struct Shared {
    engine: Engine,
    responses: Responses,
}

/// Enforces a spec on every request. See the [module docs](self).
#[derive(Clone)]
pub struct ScopeLayer {
    shared: Arc<Shared>,
}

impl ScopeLayer {
    /// Enforce the spec behind `engine` (`foxy::TABLES`, or a
    /// [`crate::LoadedSpec`]).
    #[must_use]
    pub fn new(engine: impl Into<Engine>) -> Self {
        ScopeLayer {
            shared: Arc::new(Shared {
                engine: engine.into(),
                responses: Responses::default(),
            }),
        }
    }

    fn with(self, f: impl FnOnce(&mut Responses)) -> Self {
        let mut responses = self.shared.responses.clone();
        f(&mut responses);
        ScopeLayer {
            shared: Arc::new(Shared {
                engine: self.shared.engine.clone(),
                responses,
            }),
        }
    }

    /// The `realm` of `WWW-Authenticate` challenges (default `api`).
    #[must_use]
    pub fn realm(self, realm: impl Into<String>) -> Self {
        let realm = realm.into();
        self.with(|r| r.realm = realm)
    }

    /// The body format of error responses (default plain text).
    #[must_use]
    pub fn body(self, body: BodyFormat) -> Self {
        self.with(|r| r.body = body)
    }
}

impl<S> tower_layer::Layer<S> for ScopeLayer {
    type Service = ScopeService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ScopeService {
            inner,
            shared: self.shared.clone(),
        }
    }
}

/// The service [`ScopeLayer`] wraps around the router.
#[derive(Clone)]
pub struct ScopeService<S> {
    inner: S,
    shared: Arc<Shared>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B> tower_service::Service<Request<B>> for ScopeService<S>
where
    S: tower_service::Service<Request<B>, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = BoxFuture<Result<Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<B>) -> Self::Future {
        match enforce(&self.shared.engine, &mut req) {
            Ok(()) => {
                let clone = self.inner.clone();
                let mut inner = std::mem::replace(&mut self.inner, clone);
                Box::pin(inner.call(req))
            }
            Err(refusal) => {
                let response = self.shared.responses.respond(&refusal);
                Box::pin(std::future::ready(Ok(response)))
            }
        }
    }
}

/// Decide one request; on success, leave [`Granted`] and [`Authorized`]
/// in its extensions.
fn enforce<B>(engine: &Engine, req: &mut Request<B>) -> Result<(), Refusal> {
    let tables = engine.tables();
    let method = req.method().as_str();
    // Deny by default: a non-canonical path matches nothing, even when the
    // router found a route for it (axum matches `/a//b` with an empty
    // parameter). Without `MatchedPath`, our matcher checks it in its scan.
    let path = req.uri().path();
    let route = match req.extensions().get::<MatchedPath>() {
        Some(mp) => match scopes_core::check_canonical(path) {
            Ok(()) => tables.route_by_template(mp.as_str()).ok_or("no_route"),
            Err(_) => Err("invalid_path"),
        },
        None => match tables.match_path(path) {
            PathMatch::Route(r) => Ok(r),
            PathMatch::NoRoute => Err("no_route"),
            PathMatch::Invalid(_) => Err("invalid_path"),
        },
    };
    let route = match route {
        Ok(r) => r,
        Err(reason) => {
            log_refusal(method, path, reason, &[]);
            return Err(Refusal::NotFound);
        }
    };
    let Some(requirement) = tables.requirement_for(route, method) else {
        let allow = tables
            .methods_of(route)
            .iter()
            .map(|m| tables.method_name(m.method).to_owned())
            .collect();
        log_refusal(method, tables.template(route), "method_not_allowed", &[]);
        return Err(Refusal::MethodNotAllowed(allow));
    };
    let granted = match req.extensions().get::<Granted>() {
        Some(g) if g.spec_id() == tables.spec_id => Some(g.clone()),
        _ => match req.extensions().get::<TokenScopes>() {
            Some(t) => Some(t.grant(&tables).map_err(|e| {
                log_refusal(method, tables.template(route), "invalid_token", &[]);
                Refusal::InvalidToken(e.to_string())
            })?),
            None => None,
        },
    };
    let public = tables.requirements[requirement as usize].len == 0;
    let granted = match granted {
        Some(g) => g,
        None if public => Granted::empty(&tables),
        None => {
            log_refusal(method, tables.template(route), "unauthenticated", &[]);
            return Err(Refusal::Unauthenticated);
        }
    };
    match tables.authorize_route(route, method, granted.words()) {
        Decision::Allow { .. } => {
            let template = tables.template(route).to_owned();
            req.extensions_mut().insert(granted);
            req.extensions_mut().insert(Authorized { route: template });
            Ok(())
        }
        _ => {
            let unmet: Vec<Vec<&str>> = tables
                .unmet_groups(requirement, granted.words())
                .map(|g| {
                    tables
                        .group_scopes(g)
                        .map(|s| tables.scope_name(s))
                        .collect()
                })
                .collect();
            log_refusal(method, tables.template(route), "insufficient_scope", &unmet);
            Err(insufficient(&unmet))
        }
    }
}

fn insufficient(unmet: &[Vec<&str>]) -> Refusal {
    let scope = unmet
        .iter()
        .filter_map(|g| g.first().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let detail = unmet
        .iter()
        .map(|g| g.join(" or "))
        .collect::<Vec<_>>()
        .join(" and ");
    Refusal::InsufficientScope {
        scope,
        detail: format!("requires {detail}"),
    }
}

/// One `tracing` event per refusal: method, route, reason, unmet groups;
/// never the token.
fn log_refusal(method: &str, route: &str, reason: &str, unmet: &[Vec<&str>]) {
    tracing::info!(target: "scopes::deny", method, route, reason, unmet = ?unmet, "request denied");
}

/// The rejection of the [`Require`] extractor.
#[derive(Debug)]
pub struct ScopeRejection {
    refusal: Refusal,
    responses: Responses,
}

impl IntoResponse for ScopeRejection {
    fn into_response(self) -> Response {
        let mut response = self.responses.respond(&self.refusal);
        // Lets an outer layer (`TypedLayer`) answer in its realm and format.
        response.extensions_mut().insert(self.refusal);
        response
    }
}

impl<S: Send + Sync, R: ScopeRequirement> FromRequestParts<S> for Require<R> {
    type Rejection = ScopeRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let reject = |refusal| ScopeRejection {
            refusal,
            responses: parts
                .extensions
                .get::<Responses>()
                .cloned()
                .unwrap_or_default(),
        };
        let granted = match parts.extensions.get::<Granted>() {
            Some(g) => g.clone(),
            None => {
                // No ScopeLayer ran: parse the token's scopes with an Engine
                // the app put in the extensions.
                let (Some(t), Some(engine)) = (
                    parts.extensions.get::<TokenScopes>(),
                    parts.extensions.get::<Engine>(),
                ) else {
                    // A public route's handler needs no credentials.
                    if R::GROUPS.is_empty() {
                        return Require::check_words(R::SPEC_ID, &[])
                            .map_err(|_| reject(Refusal::Unauthenticated));
                    }
                    return Err(reject(Refusal::Unauthenticated));
                };
                t.grant(&engine.tables())
                    .map_err(|e| reject(Refusal::InvalidToken(e.to_string())))?
            }
        };
        Require::check(&granted).map_err(|d: Denied| {
            let method = parts.method.as_str();
            let route = R::ROUTE
                .and_then(|r| r.split_once(' '))
                .map_or("handler", |(_, template)| template);
            tracing::info!(target: "scopes::deny", method, route, reason = "insufficient_scope", unmet = ?d.unmet, "request denied");
            reject(Refusal::InsufficientScope {
                scope: d.scope_hint(),
                detail: d.to_string(),
            })
        })
    }
}

/// What a [`SpecRouter`] found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteMismatch {
    /// Registered (method, path) pairs the spec does not have.
    pub not_in_spec: Vec<(String, String)>,
    /// Spec (method, template) pairs no route serves (strict mode).
    pub not_served: Vec<(String, String)>,
}

impl std::fmt::Display for RouteMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (m, p) in &self.not_in_spec {
            writeln!(f, "registered but not in the spec: {m} {p}")?;
        }
        for (m, p) in &self.not_served {
            writeln!(f, "in the spec but not served: {m} {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RouteMismatch {}

/// A router that records what it serves, so [`SpecRouter::finish`] can
/// check it against the spec before the server starts.
pub struct SpecRouter<S = ()> {
    router: Router<S>,
    layer: ScopeLayer,
    registered: Vec<(Method, String)>,
}

macro_rules! method_fns {
    ($($name:ident => $method:ident),*) => {$(
        #[doc = concat!("Serve `", stringify!($method), " path` with `handler`.")]
        #[must_use]
        pub fn $name<H, T>(self, path: &str, handler: H) -> Self
        where
            H: Handler<T, S>,
            T: 'static,
        {
            self.on(Method::$method, path, axum::routing::$name(handler))
        }
    )*};
}

impl<S: Clone + Send + Sync + 'static> SpecRouter<S> {
    /// A router enforced by `layer`.
    #[must_use]
    pub fn new(layer: ScopeLayer) -> Self {
        SpecRouter {
            router: Router::new(),
            layer,
            registered: Vec::new(),
        }
    }

    /// Serve `method path` with a method router.
    #[must_use]
    pub fn on(mut self, method: Method, path: &str, service: MethodRouter<S>) -> Self {
        self.router = self.router.route(path, service);
        self.registered.push((method, path.to_owned()));
        self
    }

    method_fns!(get => GET, post => POST, put => PUT, patch => PATCH, delete => DELETE, options => OPTIONS);

    /// Check the registered routes against the spec and return the router
    /// with the [`ScopeLayer`] applied. GET implies HEAD (axum serves HEAD
    /// with GET handlers). In `strict` mode every (method, route) of the
    /// spec must be served.
    ///
    /// # Errors
    /// [`RouteMismatch`] listing everything wrong.
    pub fn finish(self, strict: bool) -> Result<Router<S>, RouteMismatch> {
        let tables = self.layer.shared.engine.tables();
        let mut served: Vec<(String, String)> = Vec::new();
        let mut not_in_spec = Vec::new();
        for (m, path) in &self.registered {
            let method = m.as_str();
            let ok = tables
                .route_by_template(path)
                .is_some_and(|r| tables.requirement_for(r, method).is_some());
            if ok {
                served.push((method.to_owned(), path.clone()));
                if m == Method::GET {
                    served.push(("HEAD".to_owned(), path.clone()));
                }
            } else {
                not_in_spec.push((method.to_owned(), path.clone()));
            }
        }
        let mut not_served = Vec::new();
        if strict {
            for r in 0..u32::try_from(tables.routes.len()).unwrap_or(u32::MAX) {
                for m in tables.methods_of(r) {
                    let key = (
                        tables.method_name(m.method).to_owned(),
                        tables.template(r).to_owned(),
                    );
                    if !served.contains(&key) {
                        not_served.push(key);
                    }
                }
            }
        }
        if not_in_spec.is_empty() && not_served.is_empty() {
            let responses = self.layer.shared.responses.clone();
            Ok(self
                .router
                .layer(self.layer)
                .layer(axum::Extension(responses)))
        } else {
            Err(RouteMismatch {
                not_in_spec,
                not_served,
            })
        }
    }
}

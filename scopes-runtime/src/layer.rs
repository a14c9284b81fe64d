//! [`ScopeLayer`]: a spec enforced around any tower service (axum, hyper,
//! tonic), generic over request and response bodies, with its own
//! [`ResponseFuture`] (no boxed future per request).
//!
//! Per request, in this order:
//!
//! | step | refusal |
//! |---|---|
//! | raw non-ASCII byte in the request target | 400 |
//! | `GET /.well-known/oauth-protected-resource[/path]` | served here (RFC 9728) when configured |
//! | bearer extraction (RFC 6750 §2, see [`crate::bearer`]) | 400 `invalid_request` |
//! | route: path not in the spec, or not canonical | 404 |
//! | method not in the spec for the route, or not served by the router | 405, `Allow` = what is both |
//! | token verification ([`Authenticate`]) | 401 `invalid_token` |
//! | no token on a protected route (authenticated or scoped) | 401 |
//! | scopes do not meet the requirement (a token without scopes meets none; any valid token meets the authenticated level) | 403 `insufficient_scope` |
//!
//! 401 and 403 challenges carry `resource_metadata` when the layer has
//! [`ResourceMetadata`]. On a 403, `scope` names **every scope the request
//! needs**: one per OR-group of the requirement (the granted one for a
//! group the token meets, else the group's first named scope; superusers
//! are never suggested). A client that asks for exactly that set gets
//! through (RFC 6750 §3: "the scope necessary to access the requested
//! resource"; the MCP authorization spec asks servers to name all of it so
//! clients do not step up one scope at a time).
//!
//! An allowed request carries [`Granted`], [`Authorized`], [`Responses`]
//! and, when the layer verified the token, [`TokenInfo`] in its extensions.
//!
//! Typed routes (`scopes_runtime::handlers![…].protect(layer)`, feature
//! `axum`) use the same configuration without a tower layer: each
//! registered handler runs [`ScopeLayer`]'s steps before the route, a
//! canonical-path check and the verification itself, then tests its own
//! requirement; the router's fallbacks answer 404 and 405 (see
//! `typed_routes`).

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http::{
    Extensions, HeaderMap, HeaderValue, Method, Request, Response, StatusCode, Uri, header,
};
use http_body::Frame;
use scopes_core::requirement::{Style, describe};
use scopes_core::{PathMatch, Tables};

use crate::authenticate::{Authenticate, NoAuth, TokenError, TokenInfo};
use crate::bearer::{self, BearerMethods};
use crate::metadata::ResourceMetadata;
use crate::refusal::{BodyFormat, LogLevel, Refusal, RefusalCounts, Responses, lacks_credentials};
use crate::{Engine, Granted, TokenScopes};

/// The spec's decision for an allowed request, left in the request's
/// extensions for handlers and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorized {
    /// The matched template.
    pub route: String,
}

/// The metadata document, rendered once, and the paths it is served at.
#[derive(Clone)]
struct Metadata {
    doc: ResourceMetadata,
    json: Bytes,
    paths: Vec<String>,
}

impl Metadata {
    fn new(doc: ResourceMetadata) -> Self {
        Metadata {
            json: Bytes::from(doc.to_json()),
            paths: doc.paths(),
            doc,
        }
    }
}

#[derive(Clone)]
struct Shared<A> {
    engine: Engine,
    realm: String,
    body: BodyFormat,
    log: LogLevel,
    responses: Responses,
    auth: Option<A>,
    bearer: BearerMethods,
    metadata: Option<Metadata>,
    /// Per route index: the methods the router serves.
    served: Option<Arc<Vec<Vec<String>>>>,
}

/// Enforces a spec on every request. See the [module docs](self).
///
/// ```
/// # mod foxy { scopes_runtime::include_spec!("../spec/foxy.yaml"); }
/// use scopes_runtime::layer::ScopeLayer;
/// let layer = ScopeLayer::new(foxy::TABLES).realm("foxy");
/// // .authenticate(jwt_validator) to verify bearer tokens here;
/// // .metadata(ResourceMetadata::new(..)?) to serve RFC 9728.
/// # let _ = layer;
/// ```
#[derive(Clone)]
pub struct ScopeLayer<A = NoAuth> {
    shared: Arc<Shared<A>>,
}

impl ScopeLayer {
    /// Enforce the spec behind `engine` (`foxy::TABLES`, or a
    /// [`crate::LoadedSpec`]). Without [`ScopeLayer::authenticate`], an
    /// outer layer of yours verifies tokens and inserts [`TokenScopes`].
    #[must_use]
    pub fn new(engine: impl Into<Engine>) -> Self {
        let engine = engine.into();
        let responses = Responses::default().for_engine(engine.clone());
        ScopeLayer {
            shared: Arc::new(Shared {
                engine,
                realm: responses.realm().to_owned(),
                body: responses.body(),
                log: responses.log_level(),
                responses,
                auth: None,
                bearer: BearerMethods::default(),
                metadata: None,
                served: None,
            }),
        }
    }
}

impl<A: Clone> ScopeLayer<A> {
    fn with(mut self, f: impl FnOnce(&mut Shared<A>)) -> Self {
        let shared = Arc::make_mut(&mut self.shared);
        f(shared);
        shared.responses = shared
            .responses
            .reconfigured(
                shared.realm.clone(),
                shared.body,
                shared.metadata.as_ref().map(|m| m.doc.url()),
                shared.log,
            )
            .for_engine(shared.engine.clone());
        self
    }

    /// Verify bearer tokens in the layer with `auth` (a JWT validator,
    /// an [`crate::authenticate::Introspection`], your own).
    #[must_use]
    pub fn authenticate<B: Authenticate + Clone>(self, auth: B) -> ScopeLayer<B> {
        self.map_auth(|_| Some(auth))
    }

    /// The same configuration with the authenticator `f` makes of this one.
    pub(crate) fn map_auth<B>(self, f: impl FnOnce(Option<A>) -> Option<B>) -> ScopeLayer<B> {
        let s = Arc::unwrap_or_clone(self.shared);
        ScopeLayer {
            shared: Arc::new(Shared {
                engine: s.engine,
                realm: s.realm,
                body: s.body,
                log: s.log,
                responses: s.responses,
                auth: f(s.auth),
                bearer: s.bearer,
                metadata: s.metadata,
                served: s.served,
            }),
        }
    }

    /// The `realm` of `WWW-Authenticate` challenges (default `api`).
    #[must_use]
    pub fn realm(self, realm: impl Into<String>) -> Self {
        let realm = realm.into();
        self.with(|s| s.realm = realm)
    }

    /// The body format of error responses (default plain text;
    /// [`BodyFormat::Grpc`] for gRPC services).
    #[must_use]
    pub fn body(self, body: BodyFormat) -> Self {
        self.with(|s| s.body = body)
    }

    /// The level refusals are logged at (default DEBUG).
    #[must_use]
    pub fn log_level(self, level: LogLevel) -> Self {
        self.with(|s| s.log = level)
    }

    /// Where bearer tokens are accepted besides the header.
    #[must_use]
    pub fn bearer_methods(self, methods: BearerMethods) -> Self {
        self.with(|s| {
            s.bearer = methods;
            if let Some(m) = &mut s.metadata {
                *m = Metadata::new(m.doc.clone().bearer_methods(methods));
            }
        })
    }

    /// Serve RFC 9728 metadata and name it in challenges.
    #[must_use]
    pub fn metadata(self, metadata: ResourceMetadata) -> Self {
        self.with(|s| {
            s.metadata = Some(Metadata::new(metadata.bearer_methods(s.bearer)));
        })
    }

    /// The (method, template) pairs the wrapped router serves, so that a
    /// 405's `Allow` lists only those (`SpecRouter` calls this). Without
    /// it, `Allow` lists the spec's methods for the route. Templates the
    /// spec does not have are ignored (`SpecRouter::finish` reports them).
    #[must_use]
    pub fn served_by_router<'a>(
        self,
        served: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let served: Vec<_> = served.into_iter().collect();
        self.with(|s| {
            let tables = s.engine.tables();
            let mut by_route = vec![Vec::new(); tables.routes.len()];
            for (method, template) in served {
                if let Some(r) = tables.route_by_template(template) {
                    by_route[r as usize].push(method.to_owned());
                }
            }
            s.served = Some(Arc::new(by_route));
        })
    }
}

impl<A: Clone> ScopeLayer<A> {
    /// Answer as `responses` says (realm, body format, log level; its
    /// counts are the layer's).
    #[must_use]
    #[cfg(feature = "axum")]
    pub(crate) fn answering(self, responses: Responses) -> Self {
        self.with(|s| {
            s.realm = responses.realm().to_owned();
            s.body = responses.body();
            s.log = responses.log_level();
            s.responses = responses;
        })
    }
}

/// What the layer reads of a request before the route: a whole request
/// (the tower layer) or its head (typed routes, which keep the body apart).
pub(crate) trait Head {
    fn method(&self) -> &Method;
    fn uri(&self) -> &Uri;
    fn headers(&self) -> &HeaderMap;
    fn extensions(&self) -> &Extensions;
    fn extensions_mut(&mut self) -> &mut Extensions;
}

impl<B> Head for Request<B> {
    fn method(&self) -> &Method {
        self.method()
    }
    fn uri(&self) -> &Uri {
        self.uri()
    }
    fn headers(&self) -> &HeaderMap {
        self.headers()
    }
    fn extensions(&self) -> &Extensions {
        self.extensions()
    }
    fn extensions_mut(&mut self) -> &mut Extensions {
        self.extensions_mut()
    }
}

impl Head for http::request::Parts {
    fn method(&self) -> &Method {
        &self.method
    }
    fn uri(&self) -> &Uri {
        &self.uri
    }
    fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    fn extensions(&self) -> &Extensions {
        &self.extensions
    }
    fn extensions_mut(&mut self) -> &mut Extensions {
        &mut self.extensions
    }
}

/// Typed routes: what the layer found before a handler tests its own
/// requirement.
#[cfg(feature = "axum")]
pub(crate) enum Admission<F> {
    /// Verify this token (`authenticate`'s future), then
    /// [`ScopeLayer::verified`].
    Verify(F),
    /// No token to verify here: the grant is the one an outer layer left
    /// in the extensions ([`ScopeLayer::with_granted`]).
    Extensions,
}

#[cfg(feature = "axum")]
impl<A: Authenticate> ScopeLayer<A> {
    /// The answer for a request the router did not route (axum's fallback
    /// or method-not-allowed fallback under typed routes): the checks
    /// before the route (400s, metadata served), then 404, or 405 with
    /// `Allow` = what the spec and the router both serve; logged and
    /// counted as the layer's own.
    pub(crate) fn unrouted<B>(&self, req: &Request<B>) -> Response<Bytes> {
        if let Err(answer) = self.shared.before_route(req) {
            return *answer;
        }
        let (refusal, route) = self
            .shared
            .route(req)
            .err()
            .unwrap_or_else(|| (Refusal::NotFound, req.uri().path().to_owned()));
        self.shared
            .responses
            .refuse(&refusal, req.method().as_str(), &route)
    }

    /// Typed routes, for a request axum has routed to a handler: the
    /// checks before the route (400s, metadata served), a canonical path
    /// (axum matches `/transactions//7` with an empty parameter: 404),
    /// then the token to verify, if any.
    ///
    /// `plain` is the handler's fast canonical check (`true`: canonical,
    /// so ASCII; `false`: take the full check). A plain path with no query
    /// string, under a layer with neither metadata nor an authenticator,
    /// has nothing for the checks before the route to find: they are
    /// skipped.
    pub(crate) fn admit<H: Head>(
        &self,
        req: &H,
        plain: impl FnOnce(&[u8]) -> bool,
    ) -> Result<Admission<A::Future>, Answer> {
        let s = &*self.shared;
        let uri = req.uri();
        let path = uri.path();
        let plain = plain(path.as_bytes());
        let nothing_before = plain && uri.query().is_none() && s.metadata.is_none();
        let token = match &s.auth {
            None if nothing_before => None,
            _ => s.before_route(req)?,
        };
        if !plain && scopes_core::check_canonical(path).is_err() {
            let refusal = s
                .responses
                .refuse(&Refusal::NotFound, req.method().as_str(), path);
            return Err(Box::new(refusal));
        }
        Ok(match (token, &s.auth) {
            (Some(t), Some(auth)) => Admission::Verify(auth.authenticate(&t)),
            _ => Admission::Extensions,
        })
    }

    /// Typed routes, the allowed path: `then` applied to the grant an
    /// outer layer left (as [`Shared::granted`] finds it; `None`: no
    /// credentials), a [`TokenScopes::Scope`] string parsed once per token
    /// on each thread (`typed_routes::grant_cache`, by `owner`, which names
    /// this layer's engine; `spec_id`: the engine's). `None` also when the
    /// string or list does not parse: no `Result` on this path, the caller
    /// finds the refusal with [`ScopeLayer::grant_of`] off it.
    #[inline(always)]
    pub(crate) fn with_granted<H: Head, T>(
        &self,
        req: &H,
        (owner, spec_id): (u64, u64),
        then: impl Fn(Option<&Granted>) -> Option<T>,
    ) -> Option<T> {
        let s = &*self.shared;
        let ext = req.extensions();
        if let Some(g) = ext.get::<Granted>()
            && g.spec_id() == spec_id
        {
            return then(Some(g));
        }
        match ext.get::<TokenScopes>() {
            Some(TokenScopes::Scope(scope)) => crate::typed_routes::grant_cache::with_grant(
                owner,
                scope,
                |scope| Granted::parse(&s.engine.tables(), scope),
                |g| then(Some(g)),
            )
            .ok()
            .flatten(),
            Some(list) => then(Some(&list.grant(&s.engine.tables()).ok()?)),
            None => then(None),
        }
    }

    /// Typed routes, off the allowed path: the grant as this layer finds
    /// it, as [`ScopeLayer::with_granted`] does without the cache (an
    /// invalid scope string or list: the refusal).
    pub(crate) fn grant_of<'r, H: Head>(
        &self,
        req: &'r H,
    ) -> Result<Option<Cow<'r, Granted>>, Refusal> {
        self.shared.granted(req)
    }

    /// Typed routes: the grant of a verified token (left in the
    /// extensions as [`TokenInfo`]; no scope claim grants nothing).
    pub(crate) fn verified<H: Head>(
        &self,
        req: &mut H,
        verified: Result<TokenInfo, TokenError>,
    ) -> Result<Option<Granted>, Refusal> {
        self.shared.grant(req, Some(verified))
    }
}

impl<A> ScopeLayer<A> {
    /// The engine enforced.
    #[must_use]
    pub fn engine(&self) -> &Engine {
        &self.shared.engine
    }

    /// How refusals are answered (shared with the `Require` extractor).
    #[must_use]
    pub fn responses(&self) -> &Responses {
        &self.shared.responses
    }

    /// Refusals so far, by reason (for metrics).
    #[must_use]
    pub fn counts(&self) -> RefusalCounts {
        self.shared.responses.counts()
    }
}

impl<S, A> tower_layer::Layer<S> for ScopeLayer<A> {
    type Service = ScopeService<S, A>;

    fn layer(&self, inner: S) -> Self::Service {
        ScopeService {
            inner,
            shared: self.shared.clone(),
        }
    }
}

/// The service [`ScopeLayer`] wraps around another.
pub struct ScopeService<S, A = NoAuth> {
    inner: S,
    shared: Arc<Shared<A>>,
}

impl<S: Clone, A> Clone for ScopeService<S, A> {
    fn clone(&self) -> Self {
        ScopeService {
            inner: self.inner.clone(),
            shared: self.shared.clone(),
        }
    }
}

/// What the synchronous checks found: the route and its requirement.
#[derive(Clone, Copy)]
struct Checked {
    route: u32,
    requirement: u32,
}

impl<S, A, ReqBody, ResBody> tower_service::Service<Request<ReqBody>> for ScopeService<S, A>
where
    S: tower_service::Service<Request<ReqBody>, Response = Response<ResBody>> + Clone,
    A: Authenticate,
{
    type Response = Response<ResponseBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S, A, ReqBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<ReqBody>) -> Self::Future {
        let shared = &self.shared;
        let state = match shared.precheck(&req) {
            Err(response) => State::Answered {
                response: Some(response),
            },
            Ok(Pre::Verify(checked, auth)) => {
                let clone = self.inner.clone();
                State::Authenticating {
                    auth,
                    pending: Some(Pending {
                        inner: std::mem::replace(&mut self.inner, clone),
                        req,
                        shared: shared.clone(),
                        checked,
                    }),
                }
            }
            Ok(Pre::Decide(checked)) => match shared.decide(&mut req, checked, None) {
                Ok(()) => {
                    let clone = self.inner.clone();
                    let mut inner = std::mem::replace(&mut self.inner, clone);
                    State::Calling {
                        fut: inner.call(req),
                    }
                }
                Err(response) => State::Answered {
                    response: Some(response),
                },
            },
        };
        ResponseFuture { state }
    }
}

/// A response the layer answers itself: a refusal or the metadata document
/// (boxed: the path to the inner service stays small).
type Answer = Box<Response<Bytes>>;

enum Pre<F> {
    Verify(Checked, F),
    Decide(Checked),
}

impl<A: Authenticate> Shared<A> {
    /// Everything decided before the token is verified.
    fn precheck<B>(&self, req: &Request<B>) -> Result<Pre<A::Future>, Answer> {
        let token = self.before_route(req)?;
        let checked = self.route(req).map_err(|(refusal, route)| {
            Box::new(
                self.responses
                    .refuse(&refusal, req.method().as_str(), &route),
            )
        })?;
        Ok(match (token, &self.auth) {
            (Some(t), Some(auth)) => Pre::Verify(checked, auth.authenticate(&t)),
            _ => Pre::Decide(checked),
        })
    }

    /// The steps before the route: a raw non-ASCII target (400), the
    /// metadata document (served), bearer extraction (400). The token, when
    /// the layer verifies tokens.
    fn before_route<'r, H: Head>(&self, req: &'r H) -> Result<Option<Cow<'r, str>>, Answer> {
        let method = req.method().as_str();
        let refuse = |refusal: Refusal| Box::new(self.responses.refuse(&refusal, method, ""));
        // Raw non-ASCII in the target: two servers would read it differently.
        if req
            .uri()
            .path_and_query()
            .is_some_and(|pq| !pq.as_str().is_ascii())
        {
            return Err(refuse(Refusal::BadTarget));
        }
        if let Some(m) = &self.metadata
            && (req.method() == Method::GET || req.method() == Method::HEAD)
            && m.paths.iter().any(|p| p == req.uri().path())
        {
            return Err(Box::new(metadata_response(m.json.clone())));
        }
        match &self.auth {
            Some(_) => bearer::extract(req.headers(), req.uri().query(), self.bearer)
                .map_err(|e| refuse(Refusal::InvalidRequest(e.0))),
            None => Ok(None),
        }
    }

    /// The route and requirement of a request: 404 and 405 here.
    fn route<B>(&self, req: &Request<B>) -> Result<Checked, (Refusal, String)> {
        let tables = self.engine.tables();
        let method = req.method().as_str();
        let path = req.uri().path();
        let route = match matched_template(req) {
            Some(template) => match scopes_core::check_canonical(path) {
                Ok(()) => tables.route_by_template(template),
                Err(_) => None,
            },
            None => match self.engine.match_path(path) {
                PathMatch::Route(r) => Some(r),
                PathMatch::NoRoute | PathMatch::Invalid(_) => None,
            },
        };
        let Some(route) = route else {
            return Err((Refusal::NotFound, path.to_owned()));
        };
        let template = tables.template(route);
        let served = self.served.as_ref().map(|s| &s[route as usize]);
        let is_served = |m: &str| served.is_none_or(|list| list.iter().any(|s| s == m));
        match self.engine.requirement_for(route, method) {
            Some(requirement) if is_served(method) => Ok(Checked { route, requirement }),
            _ => {
                let allow: Vec<String> = tables
                    .methods_of(route)
                    .iter()
                    .map(|m| tables.method_name(m.method))
                    .filter(|m| is_served(m))
                    .map(str::to_owned)
                    .collect();
                if allow.is_empty() {
                    Err((Refusal::NotFound, template.to_owned()))
                } else {
                    Err((Refusal::MethodNotAllowed(allow), template.to_owned()))
                }
            }
        }
    }

    /// The scope decision, once the token (if any) is verified. On success
    /// the request carries the grant and the route.
    fn decide<B>(
        &self,
        req: &mut Request<B>,
        checked: Checked,
        verified: Option<Result<TokenInfo, TokenError>>,
    ) -> Result<(), Answer> {
        let tables = self.engine.tables();
        let granted = self.grant(req, verified);
        let template = tables.template(checked.route);
        let method = req.method().clone();
        let refuse = |r: Refusal| Box::new(self.responses.refuse(&r, method.as_str(), template));
        let public = tables.requirements[checked.requirement as usize].len == 0;
        let granted = granted.map_err(refuse)?;
        if lacks_credentials(granted.as_ref(), public) {
            return Err(refuse(Refusal::Unauthenticated));
        }
        let granted = granted.unwrap_or_else(|| Granted::empty(&tables));
        // A token meets the authenticated level whatever its scopes.
        if !tables.admits(checked.requirement, granted.token()) {
            let refusal = insufficient(&tables, checked.requirement, granted.words());
            return Err(refuse(refusal));
        }
        let ext = req.extensions_mut();
        ext.insert(granted);
        ext.insert(Authorized {
            route: template.to_owned(),
        });
        ext.insert(self.responses.clone());
        Ok(())
    }

    /// The granted scopes: of the verified token (left in the extensions
    /// as [`TokenInfo`]; no scope claim grants nothing), else of an outer
    /// layer's [`Granted`] or [`TokenScopes`]; `None` without credentials.
    fn grant<H: Head>(
        &self,
        req: &mut H,
        verified: Option<Result<TokenInfo, TokenError>>,
    ) -> Result<Option<Granted>, Refusal> {
        let tables = self.engine.tables();
        match verified {
            Some(Err(e)) => Err(Refusal::InvalidToken(e.0.into_owned())),
            Some(Ok(info)) => {
                let granted = match &info.scopes {
                    Some(s) => s.grant(&tables).map_err(invalid_token)?,
                    None => Granted::no_scopes(&tables),
                };
                req.extensions_mut().insert(info);
                Ok(Some(granted))
            }
            None => Ok(self.granted(req)?.map(Cow::into_owned)),
        }
    }

    /// The granted scopes an outer layer left: this spec's [`Granted`]
    /// (borrowed), else its [`TokenScopes`] parsed; `None` without either.
    fn granted<'r, H: Head>(&self, req: &'r H) -> Result<Option<Cow<'r, Granted>>, Refusal> {
        let tables = self.engine.tables();
        match req.extensions().get::<Granted>() {
            Some(g) if g.spec_id() == tables.spec_id => Ok(Some(Cow::Borrowed(g))),
            _ => match req.extensions().get::<TokenScopes>() {
                Some(t) => t
                    .grant(&tables)
                    .map(|g| Some(Cow::Owned(g)))
                    .map_err(invalid_token),
                None => Ok(None),
            },
        }
    }
}

fn invalid_token(e: scopes_core::GrantError) -> Refusal {
    Refusal::InvalidToken(e.to_string())
}

/// The route template axum matched, if the request went through an axum
/// router.
fn matched_template<B>(req: &Request<B>) -> Option<&str> {
    #[cfg(feature = "axum")]
    {
        req.extensions()
            .get::<axum::extract::MatchedPath>()
            .map(axum::extract::MatchedPath::as_str)
    }
    #[cfg(not(feature = "axum"))]
    {
        let _ = req;
        None
    }
}

/// The 403 for requirement `req` and a closed granted set: `scope` names
/// every scope the request needs (see the module docs), `detail` the
/// unmet groups.
pub(crate) fn insufficient(tables: &Tables<'_>, req: u32, granted: &[u64]) -> Refusal {
    let r = tables.requirements[req as usize];
    let has = |s: usize| {
        granted
            .get(s / 64)
            .is_some_and(|w| w & (1 << (s % 64)) != 0)
    };
    let mut needed: Vec<&str> = Vec::new();
    for g in r.start..r.start + r.len {
        let named: Vec<usize> = tables.group_scopes(g).collect();
        let pick = named
            .iter()
            .copied()
            .find(|&s| has(s))
            .or(named.first().copied());
        if let Some(s) = pick {
            let name = tables.scope_name(s);
            if !needed.contains(&name) {
                needed.push(name);
            }
        }
    }
    let unmet = tables
        .unmet_groups(req, granted)
        .map(|g| tables.group_scopes(g).map(|s| tables.scope_name(s)));
    Refusal::InsufficientScope {
        scope: needed.join(" "),
        detail: format!("requires {}", describe(unmet, Style::Plain)),
    }
}

fn metadata_response(json: Bytes) -> Response<Bytes> {
    let mut r = Response::new(json);
    *r.status_mut() = StatusCode::OK;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

struct Pending<S, A, B> {
    inner: S,
    req: Request<B>,
    shared: Arc<Shared<A>>,
    checked: Checked,
}

pin_project_lite::pin_project! {
    /// The response future of [`ScopeService`].
    pub struct ResponseFuture<S, A, B>
    where
        S: tower_service::Service<Request<B>>,
        A: Authenticate,
    {
        #[pin]
        state: State<S, A, B>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProj]
    enum State<S, A, B>
    where
        S: tower_service::Service<Request<B>>,
        A: Authenticate,
    {
        Authenticating {
            #[pin]
            auth: A::Future,
            pending: Option<Pending<S, A, B>>,
        },
        Calling {
            #[pin]
            fut: S::Future,
        },
        Answered {
            response: Option<Answer>,
        },
    }
}

impl<S, A, B, ResBody> Future for ResponseFuture<S, A, B>
where
    S: tower_service::Service<Request<B>, Response = Response<ResBody>>,
    A: Authenticate,
{
    type Output = Result<Response<ResponseBody<ResBody>>, S::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut state = self.project().state;
        loop {
            match state.as_mut().project() {
                StateProj::Authenticating { auth, pending } => {
                    let verified = ready!(auth.poll(cx));
                    let Some(Pending {
                        mut inner,
                        mut req,
                        shared,
                        checked,
                    }) = pending.take()
                    else {
                        panic!("ResponseFuture polled after completion");
                    };
                    let next = match shared.decide(&mut req, checked, Some(verified)) {
                        Ok(()) => State::Calling {
                            fut: inner.call(req),
                        },
                        Err(response) => State::Answered {
                            response: Some(response),
                        },
                    };
                    state.set(next);
                }
                StateProj::Calling { fut } => {
                    let response = ready!(fut.poll(cx))?;
                    return Poll::Ready(Ok(response.map(ResponseBody::inner)));
                }
                StateProj::Answered { response } => {
                    let response = response
                        .take()
                        .expect("ResponseFuture polled after completion");
                    return Poll::Ready(Ok((*response).map(ResponseBody::refusal)));
                }
            }
        }
    }
}

pin_project_lite::pin_project! {
    /// The response body of [`ScopeService`]: the inner service's, or a
    /// refusal's.
    pub struct ResponseBody<B> {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project_lite::pin_project! {
    #[project = KindProj]
    enum Kind<B> {
        Inner {
            #[pin]
            body: B,
        },
        Refusal {
            data: Option<Bytes>,
        },
    }
}

impl<B> ResponseBody<B> {
    fn inner(body: B) -> Self {
        ResponseBody {
            kind: Kind::Inner { body },
        }
    }

    fn refusal(data: Bytes) -> Self {
        ResponseBody {
            kind: Kind::Refusal {
                data: (!data.is_empty()).then_some(data),
            },
        }
    }
}

impl<B> http_body::Body for ResponseBody<B>
where
    B: http_body::Body<Data = Bytes>,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.project().kind.project() {
            KindProj::Inner { body } => body.poll_frame(cx),
            KindProj::Refusal { data } => Poll::Ready(data.take().map(|d| Ok(Frame::data(d)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Inner { body } => body.is_end_stream(),
            Kind::Refusal { data } => data.is_none(),
        }
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match &self.kind {
            Kind::Inner { body } => body.size_hint(),
            Kind::Refusal { data } => {
                http_body::SizeHint::with_exact(data.as_ref().map_or(0, |d| d.len() as u64))
            }
        }
    }
}

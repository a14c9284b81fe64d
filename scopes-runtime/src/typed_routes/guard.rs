//! [`Guarded`]: a `#[requires_scope]` handler that tests its own
//! requirement before axum runs its extractors. No tower layer per route,
//! no `Require` extractor, no extension inserted per request: the
//! handler's first argument, the proof, comes from the test itself.
//!
//! axum clones a route's handler for every request (and boxes it when it
//! is not zero-sized), so a guarded handler holds no data of its own when
//! it can: its protection is found through its [`Locate`] type, a
//! zero-sized [`Ext`] (the request's extensions decide) or [`First`] (the
//! process's first protected typed router, kept in a `static`), else a
//! [`Held`] pointer.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::canonical::{fits_route, is_canonical_for};
use super::grant_cache;
use crate::authenticate::{Authenticate, BoxFuture, TokenError, TokenInfo};
use crate::axum::{Responses, ScopeLayer, ScopeRejection, granted_of, proved, require, route_of};
use crate::layer::{Admission, Head};
use crate::refusal::Refusal;
use crate::{Engine, Require, ScopeRequirement};

/// What protects the handlers of one typed router.
#[derive(Clone)]
pub enum Gate {
    /// `protect` / `enforce`: the layer's configuration.
    Layer(LayerGate),
    /// `into_router`: the grant, spec and responses come from the request's
    /// extensions, as for the [`Require`] extractor.
    Extensions,
    /// Nothing to protect with (never registered): every protected
    /// request is refused.
    Closed,
}

/// A layer's configuration as typed routes use it.
#[derive(Clone)]
pub struct LayerGate {
    /// The layer, its authenticator type-erased so that registration
    /// need not know it.
    layer: ScopeLayer<DynAuth>,
    /// Names this gate (and so its engine) in the grant cache; no other
    /// gate of the process has it.
    owner: u64,
    /// The engine's spec.
    spec_id: u64,
    /// The layer has no authenticator and serves no metadata: for a plain
    /// path without query string its steps before the route find nothing
    /// (as `ScopeLayer::admit` skips them), so they are not called.
    bare: bool,
}

impl Gate {
    /// Protected by `layer`.
    pub(crate) fn layer<A: Authenticate + Clone>(layer: ScopeLayer<A>) -> Self {
        let spec_id = layer.engine().tables().spec_id;
        // A layer that serves metadata names it in its challenges.
        let mut bare = layer.responses().resource_metadata().is_none();
        let layer = layer.map_auth(|auth| {
            bare &= auth.is_none();
            auth.map(DynAuth::new)
        });
        Gate::Layer(LayerGate {
            layer,
            owner: grant_cache::new_owner(),
            spec_id,
            bare,
        })
    }
}

/// How a guarded handler finds its [`Gate`], per request.
pub trait Locate: Clone + Send + Sync + 'static {
    /// The gate.
    fn gate(&self) -> &Gate;
}

/// Zero-sized: [`Gate::Extensions`].
#[derive(Clone, Copy)]
pub struct Ext;

impl Locate for Ext {
    #[inline]
    fn gate(&self) -> &Gate {
        &Gate::Extensions
    }
}

/// The gate of the first typed router of the process protected by a
/// layer. Kept for the life of the process (one layer's configuration).
static FIRST: OnceLock<Gate> = OnceLock::new();

/// Zero-sized: the gate in [`FIRST`].
#[derive(Clone, Copy)]
pub struct First(());

impl First {
    /// `Some` when `gate` is (now) the one in [`FIRST`]: the first call of
    /// the process takes the slot, later calls get `None`.
    pub(crate) fn claim(gate: &Gate) -> Option<First> {
        let mut won = false;
        FIRST.get_or_init(|| {
            won = true;
            gate.clone()
        });
        won.then_some(First(()))
    }
}

impl Locate for First {
    #[inline]
    fn gate(&self) -> &Gate {
        // Set before any `First` exists; `Closed` denies all the same.
        FIRST.get().unwrap_or(&Gate::Closed)
    }
}

/// The gate behind a pointer: every typed router after the first.
#[derive(Clone)]
pub struct Held(pub(crate) Arc<Gate>);

impl Locate for Held {
    #[inline]
    fn gate(&self) -> &Gate {
        &self.0
    }
}

/// A token verification in progress.
type Verifying = BoxFuture<Result<TokenInfo, TokenError>>;

/// An authenticator behind a pointer: one type for every typed router.
#[derive(Clone)]
pub struct DynAuth(Arc<dyn Fn(&str) -> Verifying + Send + Sync>);

impl DynAuth {
    fn new<A: Authenticate>(auth: A) -> Self {
        DynAuth(Arc::new(move |token: &str| {
            Box::pin(auth.authenticate(token))
        }))
    }
}

impl Authenticate for DynAuth {
    type Future = Verifying;

    fn authenticate(&self, token: &str) -> Self::Future {
        (self.0)(token)
    }
}

/// A `#[requires_scope(route = "…")]` handler as `handlers!` registers it:
/// an axum [`Handler`] that, per request, checks the path is canonical,
/// finds the grant (verifying the token when the layer has an
/// authenticator) and tests the bits of `R`, then runs the handler's own
/// extractors and body with the proof, or answers the refusal (401, 403,
/// as the layer's responses say). The `Require` extractor is not run.
/// `L` says where its protection is kept (zero-sized unless several typed
/// routers are protected in one process).
pub struct Guarded<R, F, L> {
    handler: F,
    locate: L,
    requirement: PhantomData<fn() -> R>,
}

impl<R, F: Clone, L: Clone> Clone for Guarded<R, F, L> {
    fn clone(&self) -> Self {
        Guarded {
            handler: self.handler.clone(),
            locate: self.locate.clone(),
            requirement: PhantomData,
        }
    }
}

impl<R, F, L> Guarded<R, F, L> {
    pub(crate) fn new(handler: F, locate: L) -> Self {
        Guarded {
            handler,
            locate,
            requirement: PhantomData,
        }
    }
}

type Answer = Pin<Box<dyn Future<Output = Response> + Send>>;

/// The decision before the handler runs.
pub(crate) enum Checked<R: ScopeRequirement> {
    /// The proof of `R`.
    Allowed(Require<R>),
    /// The refusal (or the layer's answer: metadata, 400, 404).
    Refused(Response),
    /// Verify the token, then [`Gate::verified`].
    Verify(Verifying),
}

impl Gate {
    /// Everything decided without waiting, from the request's head.
    /// Inlined into each handler: the allowed path is the layer's
    /// admission, the grant and the bit test; every refusal is cold.
    #[inline(always)]
    pub(crate) fn check<R: ScopeRequirement, H: Head>(&self, req: &H) -> Checked<R> {
        let Gate::Layer(gate) = self else {
            return self.check_unlayered::<R, H>(req);
        };
        let layer = &gate.layer;
        let uri = req.uri();
        let plain = gate.bare && uri.query().is_none() && fits_route::<R>(uri.path().as_bytes());
        if !plain {
            match layer.admit(req, fits_route::<R>) {
                Ok(Admission::Extensions) => {}
                Ok(Admission::Verify(verifying)) => return Checked::Verify(verifying),
                Err(response) => return answered(*response),
            }
        }
        let key = (gate.owner, gate.spec_id);
        match layer.with_granted(req, key, proved::<R>) {
            Some(guard) => Checked::Allowed(guard),
            None => refused::<R, H>(layer, req),
        }
    }

    /// [`Gate::check`] for a gate without a layer.
    #[cold]
    #[inline(never)]
    fn check_unlayered<R: ScopeRequirement, H: Head>(&self, req: &H) -> Checked<R> {
        match self {
            Gate::Extensions => Self::check_extensions(req),
            Gate::Layer(_) | Gate::Closed => {
                let refusal = Refusal::Unauthenticated;
                Checked::Refused(refuse::<R, H>(refusal, Responses::default(), req))
            }
        }
    }

    /// After the layer's authenticator answered ([`Checked::Verify`]).
    pub(crate) fn verified<R: ScopeRequirement>(
        &self,
        req: &mut Parts,
        verified: Result<TokenInfo, TokenError>,
    ) -> Result<Require<R>, Box<Response>> {
        let Gate::Layer(gate) = self else {
            // Only a layer verifies tokens; deny by default all the same.
            let refusal = Refusal::Unauthenticated;
            return Err(Box::new(refuse::<R, Parts>(
                refusal,
                Responses::default(),
                req,
            )));
        };
        let layer = &gate.layer;
        layer
            .verified(req, verified)
            .and_then(|g| require::<R>(g.as_ref(), Some(layer.engine())))
            .map_err(|refusal| {
                Box::new(refuse::<R, Parts>(refusal, layer.responses().clone(), req))
            })
    }

    /// `into_router`: as the `Require` extractor decides, after the
    /// canonical-path check.
    fn check_extensions<R: ScopeRequirement, H: Head>(req: &H) -> Checked<R> {
        let ext = req.extensions();
        let responses = || ext.get::<Responses>().cloned().unwrap_or_default();
        let path = req.uri().path();
        if !is_canonical_for::<R>(path) {
            let response = responses().refuse(&Refusal::NotFound, req.method().as_str(), path);
            return Checked::Refused(response.map(Body::from));
        }
        let engine = ext
            .get::<Responses>()
            .and_then(Responses::engine)
            .or_else(|| ext.get::<Engine>());
        match granted_of(ext).and_then(|g| require::<R>(g.as_deref(), engine)) {
            Ok(guard) => Checked::Allowed(guard),
            Err(refusal) => Checked::Refused(refuse::<R, H>(refusal, responses(), req)),
        }
    }
}

/// The layer's own answer before the route (metadata, 400, 404).
#[cold]
#[inline(never)]
fn answered<R: ScopeRequirement>(response: axum::http::Response<bytes::Bytes>) -> Checked<R> {
    Checked::Refused(response.map(Body::from))
}

/// The layer's refusal of `R` for `req` (401, 403, 401 `invalid_token`
/// for a scope string that does not parse): the grant found again, as the
/// layer finds it, and its reason. (Were it met after all, the full check
/// decides: the proof.)
#[cold]
#[inline(never)]
fn refused<R: ScopeRequirement, H: Head>(layer: &ScopeLayer<DynAuth>, req: &H) -> Checked<R> {
    let decided = layer
        .grant_of(req)
        .and_then(|g| require::<R>(g.as_deref(), Some(layer.engine())));
    match decided {
        Ok(guard) => Checked::Allowed(guard),
        Err(refusal) => Checked::Refused(refuse::<R, H>(refusal, layer.responses().clone(), req)),
    }
}

/// The refusal of `R` for `req`, logged and counted.
fn refuse<R: ScopeRequirement, H: Head>(
    refusal: Refusal,
    responses: Responses,
    req: &H,
) -> Response {
    let method = req.method().as_str();
    ScopeRejection::logged(refusal, responses, method, route_of::<R>()).into_response()
}

/// The first step of a guarded handler, before its future: the proof,
/// the refusal, or the token to verify first (see [`verify`]). One
/// function per requirement, not inlined: the handler's `call` stays as
/// small as axum's own, so that axum inlines it as it does a plain
/// handler's (its request moved once into the future).
#[inline(never)]
fn admit<R: ScopeRequirement>(gate: &Gate, req: &Request) -> Result<Pending<R>, Box<Response>> {
    match gate.check::<R, Request>(req) {
        Checked::Allowed(guard) => Ok(Pending::Proved(guard)),
        Checked::Refused(response) => Err(Box::new(response)),
        Checked::Verify(verifying) => Ok(Pending::Verifying(verifying)),
    }
}

/// What [`admit`] left for the handler's future.
enum Pending<R: ScopeRequirement> {
    Proved(Require<R>),
    Verifying(Verifying),
}

/// The proof after the token's verification (the layer's authenticator
/// answered `verifying`), or the refusal; `parts` receive the token's
/// [`TokenInfo`].
async fn verify<R: ScopeRequirement>(
    gate: &Gate,
    verifying: Verifying,
    parts: &mut Parts,
) -> Result<Require<R>, Response> {
    gate.verified::<R>(parts, verifying.await)
        .map_err(|response| *response)
}

/// A proof bound into the handler handed to axum, which may clone it.
struct Proof<R: ScopeRequirement>(Require<R>);

impl<R: ScopeRequirement> Proof<R> {
    /// The proof (a method, so that a closure captures the whole `Proof`,
    /// which is `Clone`).
    #[inline]
    fn into_inner(self) -> Require<R> {
        self.0
    }
}

impl<R: ScopeRequirement> Clone for Proof<R> {
    #[inline]
    fn clone(&self) -> Self {
        Proof(self.0.again())
    }
}

/// `Handler` for a guarded handler with no argument but its proof.
impl<R, F, Fut, Res, S, L> Handler<((),), S> for Guarded<R, F, L>
where
    R: ScopeRequirement,
    F: FnOnce(Require<R>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Res> + Send,
    Res: IntoResponse,
    S: Send + Sync + 'static,
    L: Locate,
{
    type Future = Answer;

    #[inline]
    fn call(self, req: Request, state: S) -> Self::Future {
        let Guarded {
            handler, locate, ..
        } = self;
        // Proved, the handler with its proof bound is a plain axum
        // handler: axum's own future runs it.
        fn bound<R, F, Fut>(
            handler: F,
            proof: Proof<R>,
        ) -> impl FnOnce() -> Fut + Clone + Send + Sync + 'static
        where
            R: ScopeRequirement,
            F: FnOnce(Require<R>) -> Fut + Clone + Send + Sync + 'static,
        {
            move || handler(proof.into_inner())
        }
        let bind = move |proof: Proof<R>| bound(handler, proof);
        match admit::<R>(locate.gate(), &req) {
            Ok(Pending::Proved(guard)) => Handler::<((),), S>::call(bind(Proof(guard)), req, state),
            Err(response) => Box::pin(std::future::ready(*response)),
            Ok(Pending::Verifying(verifying)) => Box::pin(async move {
                let (mut parts, body) = req.into_parts();
                match verify(locate.gate(), verifying, &mut parts).await {
                    Ok(guard) => {
                        let req = Request::from_parts(parts, body);
                        Handler::<((),), S>::call(bind(Proof(guard)), req, state).await
                    }
                    Err(response) => response,
                }
            }),
        }
    }
}

/// `Handler` for a guarded handler with extractors `$ty…, $last` after
/// its proof, as axum implements it for plain functions.
macro_rules! guarded_handler {
    ([$($ty:ident),*], $last:ident) => {
        #[allow(non_snake_case, unused_mut)]
        impl<R, F, Fut, Res, S, L, M, $($ty,)* $last> Handler<(M, $($ty,)* $last,), S>
            for Guarded<R, F, L>
        where
            R: ScopeRequirement,
            F: FnOnce(Require<R>, $($ty,)* $last,) -> Fut + Clone + Send + Sync + 'static,
            Fut: Future<Output = Res> + Send,
            Res: IntoResponse,
            S: Send + Sync + 'static,
            L: Locate,
            $( $ty: FromRequestParts<S> + Send, )*
            $last: FromRequest<S, M> + Send,
        {
            type Future = Answer;

            #[inline]
            fn call(self, req: Request, state: S) -> Self::Future {
                let Guarded { handler, locate, .. } = self;
                // Proved, the handler with its proof bound is a plain axum
                // handler of the other extractors: axum's own future runs
                // it (the request taken apart and the extractors run as for
                // any axum handler).
                // One closure type per handler (not per `L`), so that the
                // handler's future has one caller and is inlined as a
                // plain handler's.
                fn bound<R, F, Fut, $($ty,)* $last>(
                    handler: F,
                    proof: Proof<R>,
                ) -> impl FnOnce($($ty,)* $last,) -> Fut + Clone + Send + Sync + 'static
                where
                    R: ScopeRequirement,
                    F: FnOnce(Require<R>, $($ty,)* $last,) -> Fut + Clone + Send + Sync + 'static,
                {
                    move |$($ty: $ty,)* $last: $last| handler(proof.into_inner(), $($ty,)* $last,)
                }
                let bind = move |proof: Proof<R>| bound(handler, proof);
                match admit::<R>(locate.gate(), &req) {
                    Ok(Pending::Proved(guard)) => Handler::<(M, $($ty,)* $last,), S>::call(
                        bind(Proof(guard)),
                        req,
                        state,
                    ),
                    Err(response) => Box::pin(std::future::ready(*response)),
                    Ok(Pending::Verifying(verifying)) => Box::pin(async move {
                        let (mut parts, body) = req.into_parts();
                        match verify(locate.gate(), verifying, &mut parts).await {
                            Ok(guard) => {
                                let req = Request::from_parts(parts, body);
                                Handler::<(M, $($ty,)* $last,), S>::call(
                                    bind(Proof(guard)),
                                    req,
                                    state,
                                )
                                .await
                            }
                            Err(response) => response,
                        }
                    }),
                }
            }
        }
    };
}

guarded_handler!([], T1);
guarded_handler!([T1], T2);
guarded_handler!([T1, T2], T3);
guarded_handler!([T1, T2, T3], T4);
guarded_handler!([T1, T2, T3, T4], T5);
guarded_handler!([T1, T2, T3, T4, T5], T6);
guarded_handler!([T1, T2, T3, T4, T5, T6], T7);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7], T8);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7, T8], T9);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7, T8, T9], T10);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7, T8, T9, T10], T11);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11], T12);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12], T13);
guarded_handler!(
    [T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13],
    T14
);
guarded_handler!(
    [T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14],
    T15
);

#[cfg(all(test, feature = "dynamic"))]
mod tests {
    use axum::body::Body;
    use axum::extract::Request;
    use axum::http::StatusCode;

    use super::{Checked, Gate};
    use crate::authenticate::{Authenticate, TokenError, TokenInfo};
    use crate::axum::ScopeLayer;
    use crate::metadata::ResourceMetadata;
    use crate::{LoadedSpec, ScopeRequirement};

    /// A spec whose route is the RFC 9728 metadata path of
    /// `https://api.example` (`/.well-known/oauth-protected-resource`).
    const SPEC: &str = "name: wk\nscopes:\n  a1: {description: a}\nroutes:\n  \
        - {path: /.well-known/oauth-protected-resource, methods: [GET], requires: a1}\n  \
        - {path: \"/x/{id}\", methods: [GET], requires: a1}\n";

    struct WellKnown;
    impl ScopeRequirement for WellKnown {
        const SPEC_ID: u64 = 0;
        const GROUPS: &'static [&'static [u64]] = &[&[1]];
        const NAMES: &'static [&'static [&'static str]] = &[&["a1"]];
        const ROUTE: Option<&'static str> = Some("GET /.well-known/oauth-protected-resource");
    }

    struct X;
    impl ScopeRequirement for X {
        const SPEC_ID: u64 = 0;
        const GROUPS: &'static [&'static [u64]] = &[&[1]];
        const NAMES: &'static [&'static [&'static str]] = &[&["a1"]];
        const ROUTE: Option<&'static str> = Some("GET /x/{id}");
    }

    /// Every token is valid and grants nothing.
    #[derive(Clone)]
    struct AnyToken;
    impl Authenticate for AnyToken {
        type Future = std::future::Ready<Result<TokenInfo, TokenError>>;
        fn authenticate(&self, _token: &str) -> Self::Future {
            std::future::ready(Ok(TokenInfo {
                scopes: None,
                subject: None,
                client_id: None,
            }))
        }
    }

    fn layer() -> ScopeLayer {
        ScopeLayer::new(LoadedSpec::from_str("wk.yaml", SPEC).expect("valid test spec"))
    }

    fn get(path: &str, bearer: Option<&str>) -> Request {
        let mut req = Request::get(path);
        if let Some(token) = bearer {
            req = req.header("authorization", format!("Bearer {token}"));
        }
        req.body(Body::empty()).expect("valid request")
    }

    /// The status of a refusal, or `None` for a proof or a token to verify.
    fn refused<R: ScopeRequirement>(checked: Checked<R>) -> Option<StatusCode> {
        match checked {
            Checked::Refused(response) => Some(response.status()),
            Checked::Allowed(_) | Checked::Verify(_) => None,
        }
    }

    #[test]
    fn a_layer_serving_metadata_serves_it_at_a_typed_route_of_that_path() {
        // RFC 9728 §3: the metadata document at the well-known path, before
        // any route's protection (as `ScopeLayer` itself answers).
        let metadata = ResourceMetadata::new("https://api.example", &layer().engine().tables())
            .expect("valid resource");
        let served = Gate::layer(layer().metadata(metadata));
        let req = get("/.well-known/oauth-protected-resource", None);
        assert_eq!(
            refused(served.check::<WellKnown, _>(&req)),
            Some(StatusCode::OK)
        );
        // Without metadata, the route's own protection: no token, 401.
        let plain = Gate::layer(layer());
        assert_eq!(
            refused(plain.check::<WellKnown, _>(&req)),
            Some(StatusCode::UNAUTHORIZED)
        );
    }

    #[test]
    fn a_layer_with_an_authenticator_verifies_the_token_of_a_plain_path() {
        let verifying = Gate::layer(layer().authenticate(AnyToken));
        let req = get("/x/7", Some("t"));
        assert!(matches!(verifying.check::<X, _>(&req), Checked::Verify(_)));
        // Without one, the token is not read: no grant in the extensions.
        let plain = Gate::layer(layer());
        assert_eq!(
            refused(plain.check::<X, _>(&req)),
            Some(StatusCode::UNAUTHORIZED)
        );
    }

    #[test]
    fn a_query_string_or_a_non_plain_path_takes_the_layers_steps() {
        let plain = Gate::layer(layer());
        // RFC 3986 §6.2.2: `%37` is `7` written the long way, `.` a dot
        // segment: not canonical, 404 (as `ScopeLayer` answers).
        for path in ["/x/%37", "/x/.", "/x/..", "/x//7"] {
            let req = get(path, None);
            assert_eq!(
                refused(plain.check::<X, _>(&req)),
                Some(StatusCode::NOT_FOUND),
                "{path}"
            );
        }
        // A query string does not change the route's answer.
        let req = get("/x/7?a=b", None);
        assert_eq!(
            refused(plain.check::<X, _>(&req)),
            Some(StatusCode::UNAUTHORIZED)
        );
    }
}

//! A gRPC service protected by `scopes_runtime`'s tower layer.
//!
//! Each method is a route of `spec/carts.yaml` (`POST
//! /foxy.store.v1.Carts/GetCart`), so the layer in front of tonic decides
//! per method, verifies JWTs, and answers refusals as gRPC statuses:
//! UNAUTHENTICATED (no or bad token) and PERMISSION_DENIED (insufficient
//! scope), with the RFC 6750 challenge in the `www-authenticate` metadata.
//!
//! No protoc: the messages of `proto/carts.proto` are written with prost's
//! derive below, and the service glue is what tonic-build would generate.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use scopes_runtime::TokenInfo;
use scopes_runtime::jwt::{Jwks, JwtValidator, Key};
use scopes_runtime::layer::ScopeLayer;
use scopes_runtime::refusal::BodyFormat;
use tonic::codegen::http;
use tonic::{Request, Response, Status};

/// The generated scope enum and tables of spec/carts.yaml.
pub mod carts {
    scopes_runtime::include_spec!();
}

/// `foxy.store.v1.GetCartRequest`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct GetCartRequest {
    /// Cart id.
    #[prost(string, tag = "1")]
    pub id: String,
}

/// `foxy.store.v1.UpdateCartRequest`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct UpdateCartRequest {
    /// Cart id.
    #[prost(string, tag = "1")]
    pub id: String,
    /// New note.
    #[prost(string, tag = "2")]
    pub note: String,
}

/// `foxy.store.v1.Cart`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Cart {
    /// Cart id.
    #[prost(string, tag = "1")]
    pub id: String,
    /// Note.
    #[prost(string, tag = "2")]
    pub note: String,
    /// Who asked (the token's `sub`).
    #[prost(string, tag = "3")]
    pub subject: String,
}

/// The gRPC service name.
pub const SERVICE: &str = "foxy.store.v1.Carts";
/// `GetCart`'s path.
pub const GET_CART: &str = "/foxy.store.v1.Carts/GetCart";
/// `UpdateCart`'s path.
pub const UPDATE_CART: &str = "/foxy.store.v1.Carts/UpdateCart";

fn subject<T>(req: &Request<T>) -> String {
    req.extensions()
        .get::<TokenInfo>()
        .and_then(|t| t.subject.clone())
        .unwrap_or_default()
}

/// The methods. The layer has already checked each call's scopes.
fn get_cart(req: Request<GetCartRequest>) -> Result<Cart, Status> {
    Ok(Cart {
        subject: subject(&req),
        id: req.into_inner().id,
        note: String::new(),
    })
}

fn update_cart(req: Request<UpdateCartRequest>) -> Result<Cart, Status> {
    let subject = subject(&req);
    let UpdateCartRequest { id, note } = req.into_inner();
    Ok(Cart { id, note, subject })
}

/// A unary method as a tonic `UnaryService`.
struct Unary<F>(F);

impl<Req, Resp, F> tonic::server::UnaryService<Req> for Unary<F>
where
    F: Fn(Request<Req>) -> Result<Resp, Status>,
{
    type Response = Resp;
    type Future = std::future::Ready<Result<Response<Resp>, Status>>;

    fn call(&mut self, request: Request<Req>) -> Self::Future {
        std::future::ready((self.0)(request).map(Response::new))
    }
}

/// The `Carts` service, as tonic-build would generate its server.
#[derive(Clone, Copy, Debug, Default)]
pub struct CartsServer;

impl tonic::server::NamedService for CartsServer {
    const NAME: &'static str = SERVICE;
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<B> tonic::codegen::Service<http::Request<B>> for CartsServer
where
    B: tonic::codegen::Body + Send + 'static,
    B::Error: Into<tonic::codegen::StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        match req.uri().path() {
            GET_CART => Box::pin(async move {
                let mut grpc = tonic::server::Grpc::new(tonic_prost::ProstCodec::default());
                Ok(grpc.unary(Unary(get_cart), req).await)
            }),
            UPDATE_CART => Box::pin(async move {
                let mut grpc = tonic::server::Grpc::new(tonic_prost::ProstCodec::default());
                Ok(grpc.unary(Unary(update_cart), req).await)
            }),
            _ => Box::pin(async { Ok(Status::unimplemented("no such method").into_http()) }),
        }
    }
}

/// The issuer and audience of this example's tokens.
pub const ISSUER: &str = "https://auth.foxy.example";
/// The resource identifier.
pub const RESOURCE: &str = "https://grpc.foxy.example";

/// The protection in front of tonic: JWT (HS256 here), the spec's
/// per-method scopes, gRPC statuses for refusals.
#[must_use]
pub fn protection(secret: &[u8]) -> ScopeLayer<JwtValidator> {
    let jwt = JwtValidator::new(Jwks::from_keys([Key::hmac(None, secret, Algorithm::HS256)]))
        .issuer(ISSUER)
        .audience(RESOURCE);
    ScopeLayer::new(carts::TABLES)
        .realm("carts")
        .body(BodyFormat::Grpc)
        .authenticate(jwt)
}

/// Serve the protected service on `listener` until the future is dropped.
///
/// # Errors
/// A transport error from tonic.
pub async fn serve(
    listener: tokio::net::TcpListener,
    secret: &[u8],
) -> Result<(), tonic::transport::Error> {
    tonic::transport::Server::builder()
        .layer(protection(secret))
        .add_service(CartsServer)
        .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener))
        .await
}

/// An HS256 token for `scope`, valid for ten minutes.
///
/// # Panics
/// Never for HS256 with a byte secret.
#[must_use]
pub fn token(secret: &[u8], scope: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let claims = serde_json::json!({
        "sub": "grpc-client", "iss": ISSUER, "aud": RESOURCE, "exp": now + 600, "scope": scope,
    });
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret),
    )
    .expect("HS256 encoding does not fail")
}

/// A minimal client: one unary call with an optional bearer token.
///
/// # Errors
/// The call's gRPC status.
pub async fn call<Req, Resp>(
    channel: tonic::transport::Channel,
    path: &'static str,
    bearer: Option<&str>,
    message: Req,
) -> Result<Response<Resp>, Status>
where
    Req: prost::Message + Send + Sync + 'static,
    Resp: prost::Message + Default + Send + Sync + 'static,
{
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready()
        .await
        .map_err(|e| Status::unavailable(e.to_string()))?;
    let mut request = Request::new(message);
    if let Some(t) = bearer {
        let value = format!("Bearer {t}")
            .parse()
            .map_err(|_| Status::invalid_argument("token is not a header value"))?;
        request.metadata_mut().insert("authorization", value);
    }
    let path = http::uri::PathAndQuery::from_static(path);
    grpc.unary(request, path, tonic_prost::ProstCodec::default())
        .await
}

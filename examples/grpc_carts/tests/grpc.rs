//! The protected gRPC service over real HTTP/2 on 127.0.0.1: each method
//! is a spec route; refusals are gRPC statuses carrying the RFC 6750
//! challenge in `www-authenticate` metadata.

use grpc_carts::{Cart, GET_CART, GetCartRequest, UPDATE_CART, UpdateCartRequest, call, token};
use tonic::Code;
use tonic::transport::Channel;

const SECRET: &[u8] = b"grpc-test-secret";

async fn start() -> Channel {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { grpc_carts::serve(listener, SECRET).await.unwrap() });
    Channel::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap()
}

fn get(id: &str) -> GetCartRequest {
    GetCartRequest { id: id.into() }
}

fn challenge(status: &tonic::Status) -> &str {
    status
        .metadata()
        .get("www-authenticate")
        .map_or("", |v| v.to_str().unwrap())
}

#[tokio::test]
async fn allowed_calls_reach_the_methods() {
    let ch = start().await;
    let read = token(SECRET, "carts_read");
    let cart: Cart = call(ch.clone(), GET_CART, Some(&read), get("c1"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (cart.id.as_str(), cart.subject.as_str()),
        ("c1", "grpc-client")
    );
    let write = token(SECRET, "carts_write");
    let update = UpdateCartRequest {
        id: "c1".into(),
        note: "gift".into(),
    };
    let cart: Cart = call(ch, UPDATE_CART, Some(&write), update)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(cart.note, "gift");
}

// RFC 6750 §3 mapped to gRPC: 401 is UNAUTHENTICATED, 403 is
// PERMISSION_DENIED.
#[tokio::test]
async fn refusals_are_grpc_statuses_with_the_challenge() {
    let ch = start().await;
    let status = call::<_, Cart>(ch.clone(), GET_CART, None, get("c1"))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    assert_eq!(challenge(&status), "Bearer realm=\"carts\"");

    let status = call::<_, Cart>(ch.clone(), GET_CART, Some("not.a.jwt"), get("c1"))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    assert!(challenge(&status).contains("error=\"invalid_token\""));

    let read = token(SECRET, "carts_read");
    let update = UpdateCartRequest {
        id: "c1".into(),
        note: "x".into(),
    };
    let status = call::<_, Cart>(ch.clone(), UPDATE_CART, Some(&read), update)
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);
    assert_eq!(
        challenge(&status),
        "Bearer realm=\"carts\", error=\"insufficient_scope\", scope=\"carts_write\""
    );
    assert!(
        status.message().contains("carts_write"),
        "{}",
        status.message()
    );

    // A method the spec does not have.
    let status = call::<_, Cart>(
        ch,
        "/foxy.store.v1.Carts/DeleteCart",
        Some(&read),
        get("c1"),
    )
    .await
    .unwrap_err();
    assert_eq!(status.code(), Code::Unimplemented);
}

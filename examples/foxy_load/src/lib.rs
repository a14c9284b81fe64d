//! A bounded loopback load test of `examples/foxy_store` (issue 14 item 3):
//! a request mix of allowed, denied, unauthenticated and malformed requests,
//! every answer checked against an oracle written from the spec and
//! RFC 6750, run against the protected service and against the same routes
//! without enforcement. `scripts/load.sh` drives it.

pub mod baseline;
pub mod client;
pub mod mix;
pub mod oracle;
pub mod report;

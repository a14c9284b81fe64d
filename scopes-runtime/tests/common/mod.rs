//! What the layer's HTTP tests share: a response read whole, the
//! headers a refusal is judged by, a table of test tokens and a `tracing`
//! subscriber that keeps events.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

#[cfg(feature = "http")]
pub mod capture;
#[cfg(feature = "http")]
pub mod tokens;

use std::collections::BTreeSet;
use std::fmt::Debug;

use axum::body::HttpBody;
use http::{HeaderMap, Response, StatusCode};
use http_body_util::BodyExt;

/// A response, its body read to the end as UTF-8.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    /// Reads `res` whole.
    pub async fn read<B>(res: Response<B>) -> Self
    where
        B: HttpBody,
        B::Error: Debug,
    {
        let (parts, body) = res.into_parts();
        let body = body.collect().await.unwrap().to_bytes();
        Answer {
            status: parts.status,
            headers: parts.headers,
            body: String::from_utf8(body.to_vec()).unwrap(),
        }
    }

    /// The `WWW-Authenticate` value, or "" without one.
    pub fn challenge(&self) -> &str {
        self.headers
            .get("www-authenticate")
            .map_or("", |v| v.to_str().unwrap())
    }

    /// The `Allow` methods, as a set (RFC 9110 §10.2.1: a list, no order).
    pub fn allow(&self) -> BTreeSet<String> {
        let allow = self.headers.get("allow").expect("405 without Allow");
        allow
            .to_str()
            .unwrap()
            .split(',')
            .map(|m| m.trim().to_owned())
            .collect()
    }
}

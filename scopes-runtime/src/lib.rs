//! Enforce an API's OAuth scopes from one spec.
//!
//! A service names its spec once and gets typed scopes and static lookup
//! tables, generated at compile time:
//!
//! ```
//! mod foxy {
//!     scopes_runtime::include_spec!("../spec/foxy.yaml");
//! }
//!
//! let granted = foxy::Granted::parse("transactions_write")?;
//! assert!(granted.contains(foxy::Scope::TransactionsRead)); // write implies read on Foxy
//! let decision = granted.authorize("POST", "/transactions/7/send_emails");
//! assert!(!decision.is_allowed()); // needs transactions_resend
//! assert_eq!(decision.reason(), "insufficient_scope");
//! assert!(granted.authorize("POST", "/transactions/7/capture").is_allowed());
//! # Ok::<(), scopes_runtime::GrantError>(())
//! ```
//!
//! Handlers declare what they need; a scope the spec does not have, or one
//! that does not meet the route's requirement, does not compile:
//!
//! ```
//! # mod foxy { scopes_runtime::include_spec!("../spec/foxy.yaml"); }
//! use scopes_runtime::{Require, requires_scope};
//!
//! #[requires_scope(spec = "../spec/foxy.yaml", transactions_resend,
//!                  route = "POST /transactions/{id}/send_emails")]
//! fn send_emails(id: u32) -> String {
//!     format!("sent receipts for {id}")
//! }
//!
//! let granted = foxy::Granted::parse("transactions_resend")?;
//! let guard = Require::check_set(&granted).expect("allowed");
//! assert_eq!(send_emails(guard, 7), "sent receipts for 7");
//! # Ok::<(), scopes_runtime::GrantError>(())
//! ```
//!
//! ```compile_fail
//! # use scopes_runtime::requires_scope;
//! // error: the handler's scopes do not meet what spec `foxy` requires for
//! // POST /transactions/{id}/send_emails
//! #[requires_scope(spec = "../spec/foxy.yaml", transactions_write,
//!                  route = "POST /transactions/{id}/send_emails")]
//! fn send_emails() {}
//! ```
//!
//! The same engine runs on tables built from a spec loaded at runtime
//! ([`LoadedSpec`], feature `dynamic`). Everything denies by default:
//! unknown routes, unknown methods, non-canonical paths and malformed
//! scope strings are never allowed.

mod engine;
mod granted;
mod require;
mod typed;

#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "axum")]
pub mod typed_routes;

// Resource-server modules (feature `http`; `jwt` adds JWT validation).
#[cfg(feature = "http")]
pub mod authenticate;
#[cfg(feature = "http")]
pub mod bearer;
#[cfg(feature = "jwt")]
pub mod jwt;
#[cfg(feature = "http")]
pub mod layer;
#[cfg(feature = "http")]
pub mod metadata;
#[cfg(feature = "http")]
pub mod refusal;
#[cfg(feature = "http")]
pub use authenticate::{Authenticate, NoAuth, TokenError, TokenInfo};

#[cfg(feature = "dynamic")]
mod dynamic;

pub use engine::{Engine, TokenScopes};
pub use granted::Granted;
pub use require::{Denied, Require, RouteHandler, ScopeRequirement};
pub use scopes_core::{
    Decision, GrantError, GrantStats, PathError, PathMatch, Tables, is_scope_token,
};
pub use typed::{MethodRequirement, RouteInfo, ScopeEnum, ScopeSet, UnknownScope};

#[cfg(feature = "dynamic")]
pub use dynamic::LoadedSpec;

#[cfg(feature = "macros")]
pub use scopes_macros::{include_spec, requires_scope};

/// Register `#[requires_scope(route = "...")]` handlers on an axum
/// router by their declarations (feature `axum`); see [`typed_routes`].
#[cfg(all(feature = "macros", feature = "axum"))]
pub use scopes_macros::handlers;

/// Items generated code names. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use scopes_core::{Decision, GrantError, GrantStats, PathMatch, grant, matching, path};
    pub use scopes_core::{
        Edge, Node, Pattern, PerfectHash, Requirement, Route, RouteMethod, Str, Tables,
    };
    #[cfg(feature = "serde")]
    pub use serde;
}

/// Serde for a generated `Scope` enum, as its wire name (feature `serde`).
#[doc(hidden)]
#[cfg(feature = "serde")]
#[macro_export]
macro_rules! __impl_scope_serde {
    ($ty:ident) => {
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                // `deserialize_str` with a visitor takes every string serde
                // hands out: borrowed from the input, transient (escaped
                // text, readers) or owned (`serde_json::Value`).
                struct Visitor;
                impl<'de> $crate::__private::serde::de::Visitor<'de> for Visitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str("a scope name")
                    }
                    fn visit_str<E: $crate::__private::serde::de::Error>(
                        self,
                        s: &str,
                    ) -> ::core::result::Result<$ty, E> {
                        $ty::from_name(s)
                            .ok_or_else(|| E::custom(::core::format_args!("unknown scope `{}`", s)))
                    }
                }
                d.deserialize_str(Visitor)
            }
        }
    };
}

/// Serde for a generated `Scope` enum: off (enable feature `serde`).
#[doc(hidden)]
#[cfg(not(feature = "serde"))]
#[macro_export]
macro_rules! __impl_scope_serde {
    ($ty:ident) => {};
}

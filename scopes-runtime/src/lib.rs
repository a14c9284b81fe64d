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

#[cfg(feature = "dynamic")]
mod dynamic;

pub use engine::{Engine, TokenScopes};
pub use granted::Granted;
pub use require::{Denied, Require, ScopeRequirement};
pub use scopes_core::{
    Decision, GrantError, GrantStats, PathError, PathMatch, Tables, is_scope_token,
};
pub use typed::{MethodRequirement, RouteInfo, ScopeEnum, ScopeSet, UnknownScope};

#[cfg(feature = "dynamic")]
pub use dynamic::LoadedSpec;

#[cfg(feature = "macros")]
pub use scopes_macros::{include_spec, requires_scope};

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
                let s = <&str as $crate::__private::serde::Deserialize<'de>>::deserialize(d)?;
                $ty::from_name(s).ok_or_else(|| {
                    <D::Error as $crate::__private::serde::de::Error>::custom(::core::format_args!(
                        "unknown scope `{}`",
                        s
                    ))
                })
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

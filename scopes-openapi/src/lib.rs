//! OpenAPI 3.0 and 3.1 in and out for scopes specs.
//!
//! - [`import()`]: a spec from a document's `securitySchemes` and each
//!   operation's `security`, exactly as OpenAPI defines them (OR over
//!   requirement objects, AND over schemes and scopes, the root `security`
//!   as default, `[]` and `{}` public), never silently public;
//! - [`export`]: a spec's requirements as `components.securitySchemes` and
//!   per-operation `security`, equal in meaning, as a new document or
//!   merged into an existing one without touching anything else
//!   ([`merge`]).
//!
//! The spec says requirements as an AND of OR-groups and OpenAPI as an OR
//! over AND-objects; [`logic`] converts between them exactly.

pub mod document;
pub mod export;
mod findings;
pub mod import;
pub mod logic;
pub mod merge;
pub mod security;
mod tree;
mod write_spec;
mod yaml;

pub use findings::{Finding, Level};
pub use import::{ImportError, ImportOptions, Imported, TokenOnly, Unsecured, import};

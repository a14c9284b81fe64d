//! The lookup engine behind `scopes`: the layout of the compiled tables and the
//! code that reads them.
//!
//! Tables are plain data borrowed for `'a`. Generated code (`include_spec!`)
//! builds them as `static` items, so they cost nothing at start-up; a spec loaded
//! at runtime builds the same layout in owned vectors (see `scopes-runtime`).
//! Both are read by exactly the same code, in this crate.
//!
//! This crate has no knowledge of YAML or of the spec format: `scopes-spec`
//! describes a spec plainly ([`build::Description`]) and [`build::build`]
//! (feature `build`) lays the tables out, so the layout is built and read
//! here only; `scopes-runtime` exposes them to services.

#[cfg(feature = "build")]
pub mod build;
pub mod grant;
pub mod hash;
pub mod matching;
pub mod owned;
pub mod path;
pub mod requirement;
pub mod table;
mod walk;

pub use grant::{GrantError, GrantStats, is_scope_token};
pub use hash::PerfectHash;
pub use matching::Walk;
pub use owned::{OwnedHash, OwnedTables};
pub use path::{
    MAX_SEGMENTS, PathError, PathRules, Scan, check_canonical, scan, split_canonical, strip_query,
};
pub use table::{
    Decision, Edge, NONE, Node, PathMatch, Pattern, Requirement, Route, RouteMethod, Str, Tables,
};

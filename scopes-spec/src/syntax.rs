//! The spec file as written: serde types for the YAML, every value with its
//! location. Nothing is checked here beyond YAML and shape (unknown keys,
//! wrong types); meaning is checked in `lower` and `check`.
//!
//! The doc comments on these types become the descriptions in
//! `spec/schema.json`, which YAML language servers show while editing.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// A value with the byte range it came from.
#[derive(Debug, Clone)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Bytes of the spec file.
    pub span: Range<usize>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let span = s.referenced.span();
        let start = span.byte_offset().unwrap_or(0) as usize;
        let len = span.byte_len().unwrap_or(0) as usize;
        Ok(Sp {
            value: s.value,
            span: start..start + len,
        })
    }
}

/// A boolean written `true` or `false`. In a file that decides access, the
/// YAML 1.1 spellings (`yes`, `no`, `on`, `off`, `y`, `n`) and quoted
/// strings (`"true"`) are type errors, not booleans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(serde::Serialize), serde(transparent))]
pub struct Flag(pub bool);

/// The YAML 1.1 boolean spellings, and what to write instead.
fn yaml11_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "yes" | "y" | "on" => Some(true),
        "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

/// The error for a value that is not a boolean at all.
fn not_a_flag<E: de::Error>(found: impl fmt::Display) -> E {
    E::custom(format!("expected `true` or `false`, found {found}"))
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis;
        impl<'de> Visitor<'de> for Vis {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`true` or `false`")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Flag, E> {
                Ok(Flag(b))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Flag, E> {
                // Plain `true`/`false` arrive as booleans (strict YAML 1.2
                // booleans are on); as a string they were quoted.
                Err(match (s, yaml11_bool(s)) {
                    ("true" | "false", _) => E::custom(format!(
                        "`\"{s}\"` is a string, not a boolean; help: write `{s}` without quotes"
                    )),
                    (_, Some(b)) => E::custom(format!(
                        "`{s}` is not a boolean in a spec (YAML 1.2); help: write `{b}`"
                    )),
                    ("", _) => not_a_flag("an empty string"),
                    _ => not_a_flag(format_args!("`{s}`")),
                })
            }
            // Every other shape is refused here too, with a custom error:
            // serde's `invalid_type` would be placed on the key, not the
            // value.
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Flag, E> {
                Err(not_a_flag(format_args!("`{v}`")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Flag, E> {
                Err(not_a_flag(format_args!("`{v}`")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Flag, E> {
                Err(not_a_flag(format_args!("`{v}`")))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Flag, E> {
                Err(not_a_flag("no value"))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Flag, A::Error> {
                Err(not_a_flag("a list"))
            }
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Flag, A::Error> {
                Err(not_a_flag("a mapping"))
            }
        }
        d.deserialize_any(Vis)
    }
}

/// A YAML mapping kept in file order, with the location of every key.
/// (Duplicate keys are already a YAML error.)
#[derive(Debug, Clone)]
pub struct Entries<V>(pub Vec<(Sp<String>, V)>);

impl<V> Default for Entries<V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Vis<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = m.next_key::<Sp<String>>()? {
                    v.push((k, m.next_value()?));
                }
                Ok(Entries(v))
            }
        }
        d.deserialize_map(Vis(PhantomData))
    }
}

/// A scopes spec: which OAuth scopes an API has and what each route needs.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawSpec {
    /// Short identifier of the API (`foxy`), used in generated docs.
    pub name: Sp<String>,
    /// Human title of the API.
    #[serde(default)]
    pub title: Option<Sp<String>>,
    /// Where the facts of this spec come from (a URL or document).
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// How granted `scope` strings are split.
    #[serde(default)]
    pub granted: RawGranted,
    /// Whether every route serving GET also serves HEAD with the same
    /// requirement (RFC 9110 §9.3.2). Default true.
    #[serde(default)]
    pub head_follows_get: Option<Sp<Flag>>,
    /// Naming and methods of the actions resources have (sugar for scopes).
    #[serde(default)]
    pub conventions: Option<RawConventions>,
    /// Scopes declared one by one (superusers, scopes outside resources).
    #[serde(default)]
    pub scopes: Entries<RawScope>,
    /// Resources: each gets one scope per action and lists its routes.
    #[serde(default)]
    pub resources: Entries<RawResource>,
    /// How `scopes export --format openapi` writes the security scheme:
    /// its name and flow URLs (flags override it).
    #[serde(default)]
    pub openapi: Option<Sp<RawOpenApi>>,
    /// Routes with an explicit requirement (or `public: true`, or
    /// `authenticated: true`).
    #[serde(default)]
    pub routes: Vec<Sp<RawRoute>>,
}

/// The `openapi:` section, in OpenAPI's own words: the security scheme's
/// name, and its OAuth 2.0 flows or its OpenID Connect discovery URL.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawOpenApi {
    /// Name of the scheme under `components.securitySchemes` (default
    /// `oauth2`).
    #[serde(default)]
    pub scheme: Option<Sp<String>>,
    /// The OAuth 2.0 flows (an `oauth2` scheme).
    #[serde(default)]
    pub flows: Option<Sp<RawFlows>>,
    /// OpenID Connect discovery URL (an `openIdConnect` scheme instead of
    /// `flows`).
    #[serde(default, rename = "openIdConnectUrl")]
    pub open_id_connect_url: Option<Sp<String>>,
}

/// OAuth 2.0 flows, as OpenAPI names them.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawFlows {
    /// Implicit flow: `authorizationUrl`.
    #[serde(default)]
    pub implicit: Option<Sp<RawFlow>>,
    /// Resource owner password flow: `tokenUrl`.
    #[serde(default)]
    pub password: Option<Sp<RawFlow>>,
    /// Client credentials flow: `tokenUrl`.
    #[serde(default, rename = "clientCredentials")]
    pub client_credentials: Option<Sp<RawFlow>>,
    /// Authorization code flow: `authorizationUrl` and `tokenUrl`.
    #[serde(default, rename = "authorizationCode")]
    pub authorization_code: Option<Sp<RawFlow>>,
}

/// The URLs of one OAuth 2.0 flow (absolute `https://` or `http://` URLs).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawFlow {
    /// Authorization endpoint (implicit, authorizationCode).
    #[serde(default, rename = "authorizationUrl")]
    pub authorization_url: Option<Sp<String>>,
    /// Token endpoint (password, clientCredentials, authorizationCode).
    #[serde(default, rename = "tokenUrl")]
    pub token_url: Option<Sp<String>>,
    /// Refresh endpoint (any flow).
    #[serde(default, rename = "refreshUrl")]
    pub refresh_url: Option<Sp<String>>,
}

/// How granted `scope` strings are split.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawGranted {
    /// Extra one-character delimiters accepted besides the space of
    /// RFC 6749 §3.3 (Fluveo's authorize URL sends `a,b`).
    #[serde(default)]
    pub delimiters: Vec<Sp<String>>,
}

/// Conventions that turn resources × actions into scopes and routes.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawConventions {
    /// Scope naming pattern with `{resource}` and `{action}`,
    /// e.g. `{resource}_{action}` (carts_read) or `{action}_{resource}`.
    pub naming: Sp<String>,
    /// The actions, in order.
    pub actions: Entries<RawAction>,
}

/// An action such as `read` or `write`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    /// HTTP methods this action covers on a resource's routes.
    pub methods: Sp<Vec<Sp<String>>>,
    /// Actions whose scope this action's scope implies (write → read).
    #[serde(default)]
    pub implies: Vec<Sp<String>>,
    /// Whether a resource's plain routes get this action. `false` for
    /// actions that only some routes name (Foxy's `resend`). Default true.
    #[serde(default)]
    pub default: Option<Flag>,
    /// What the action means, for docs.
    #[serde(default)]
    pub description: Option<String>,
}

/// A scope declared on its own.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawScope {
    /// What a grant of this scope allows; becomes the generated doc comment.
    pub description: Sp<String>,
    /// Scopes a grant of this one also grants.
    #[serde(default)]
    pub implies: Vec<Sp<String>>,
    /// Satisfies every requirement (Foxy's `store_full_access`).
    #[serde(default)]
    pub superuser: Flag,
    /// Rust identifier of the generated enum variant, when the derived one
    /// does not suit.
    #[serde(default)]
    pub ident: Option<Sp<String>>,
}

/// A resource: a group of routes with one scope per action.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawResource {
    /// Human name (`Gift Card`).
    #[serde(default)]
    pub title: Option<Sp<String>>,
    /// This resource's scopes: action name to description (or to a scope
    /// mapping with `description`, `implies`, `ident`).
    pub scopes: Entries<RawResourceScope>,
    /// Routes confirmed by the API's documentation: `/path` (every method
    /// of the resource's default actions), `METHOD /path`, or a mapping.
    #[serde(default)]
    pub routes: Vec<Sp<RawRoute>>,
    /// Routes reconstructed rather than confirmed by the documentation;
    /// same syntax as `routes`.
    #[serde(default)]
    pub reconstructed_routes: Vec<Sp<RawRoute>>,
}

/// A resource's scope for one action.
#[derive(Debug)]
pub enum RawResourceScope {
    /// Just the description. A YAML scalar that is not a string (`yes`,
    /// `42`) has an empty value here: its text is taken from the file.
    Description(Sp<String>),
    /// Full form.
    Full(RawScope),
}

/// A route entry.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // parsed once per route, then lowered
pub enum RawRoute {
    /// `/path` or `METHOD /path`.
    Short(String),
    /// The mapping form.
    Full(RawRouteMap),
}

/// The mapping form of a route entry.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawRouteMap {
    /// Path template: `/transactions/{id}`, `/{type}_templates/{id}/cache`.
    pub path: Sp<String>,
    /// Methods served. Under a resource: limits the methods its actions
    /// give; at top level: required.
    #[serde(default)]
    pub methods: Option<Vec<Sp<String>>>,
    /// Under a resource: the actions this route takes instead of the
    /// default ones (`[resend]`).
    #[serde(default)]
    pub actions: Option<Vec<Sp<String>>>,
    /// Explicit requirement, replacing what actions would give.
    #[serde(default)]
    pub requires: Option<Sp<RawReq>>,
    /// The route needs no scope. Must be said; never implied.
    #[serde(default)]
    pub public: Option<Sp<Flag>>,
    /// The route needs a valid token but no particular scope (OpenAPI's
    /// `security: [{oauth: []}]`). A request without a token gets 401.
    #[serde(default)]
    pub authenticated: Option<Sp<Flag>>,
    /// Reconstructed rather than confirmed by the documentation.
    #[serde(default)]
    pub reconstructed: Flag,
    /// Free text for readers and docs.
    #[serde(default)]
    pub note: Option<String>,
    /// The route's Rust name in generated code (`routes::CARTS_NESTED`), in
    /// SCREAMING_SNAKE_CASE. Needed only when the name derived from the
    /// path is another route's.
    #[serde(default)]
    pub name: Option<Sp<String>>,
}

/// A requirement: a scope name, `{any: [a, b]}`, or `{all: [a, {any: [b, c]}]}`.
#[derive(Debug)]
pub enum RawReq {
    /// One scope.
    Scope(String),
    /// Any of these scopes.
    Any(Vec<Sp<String>>),
    /// All of these requirements.
    All(Vec<Sp<RawReq>>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReqMap {
    #[serde(default)]
    any: Option<Vec<Sp<String>>>,
    #[serde(default)]
    all: Option<Vec<Sp<RawReq>>>,
}

/// Deserialize from a string (`visit_str`) or a mapping (`visit_map`).
macro_rules! string_or_map {
    ($ty:ty, $expecting:literal, |$s:ident| $from_str:expr, |$m:ident| $from_map:expr) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Vis;
                impl<'de> Visitor<'de> for Vis {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, $s: &str) -> Result<$ty, E> {
                        Ok($from_str)
                    }
                    fn visit_map<A: MapAccess<'de>>(self, $m: A) -> Result<$ty, A::Error> {
                        $from_map
                    }
                }
                d.deserialize_any(Vis)
            }
        }
    };
}

fn from_map<'de, T: Deserialize<'de>, A: MapAccess<'de>>(m: A) -> Result<T, A::Error> {
    T::deserialize(de::value::MapAccessDeserializer::new(m))
}

string_or_map!(
    RawRoute,
    "a route: `/path`, `METHOD /path`, or a mapping with `path`",
    |s| RawRoute::Short(s.to_owned()),
    |m| from_map(m).map(RawRoute::Full)
);

string_or_map!(
    RawReq,
    "a requirement: a scope name, `{any: [...]}` or `{all: [...]}`",
    |s| RawReq::Scope(s.to_owned()),
    |m| {
        let map: RawReqMap = from_map(m)?;
        match (map.any, map.all) {
            (Some(any), None) => Ok(RawReq::Any(any)),
            (None, Some(all)) => Ok(RawReq::All(all)),
            _ => Err(de::Error::custom(
                "a requirement mapping has exactly one key: `any` or `all`",
            )),
        }
    }
);

// A resource scope is a description string or a full scope mapping. A value
// seen through `visit_str` has no span, so the whole node is read as
// `Sp<ScopeForm>` and the string form takes the node's span.
impl<'de> Deserialize<'de> for RawResourceScope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let sp = Sp::<ScopeForm>::deserialize(d)?;
        Ok(match sp.value {
            ScopeForm::Description(s) => RawResourceScope::Description(Sp {
                value: s,
                span: sp.span,
            }),
            ScopeForm::Full(f) => RawResourceScope::Full(f),
        })
    }
}

enum ScopeForm {
    Description(String),
    Full(RawScope),
}

impl<'de> Deserialize<'de> for ScopeForm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis;
        impl<'de> Visitor<'de> for Vis {
            type Value = ScopeForm;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scope description, or a mapping with `description`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<ScopeForm, E> {
                Ok(ScopeForm::Description(s.to_owned()))
            }
            // `yes`, `y`, `42`: YAML reads them as other types; the
            // description is their source text (see `RawResourceScope`).
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<ScopeForm, E> {
                Ok(ScopeForm::Description(String::new()))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<ScopeForm, E> {
                Ok(ScopeForm::Description(String::new()))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<ScopeForm, E> {
                Ok(ScopeForm::Description(String::new()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<ScopeForm, E> {
                Ok(ScopeForm::Description(String::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<ScopeForm, A::Error> {
                from_map(m).map(ScopeForm::Full)
            }
        }
        d.deserialize_any(Vis)
    }
}

#[cfg(feature = "schema")]
mod schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

    use super::{Entries, Flag, RawReq, RawResourceScope, RawRoute, RawRouteMap, RawScope, Sp};

    impl JsonSchema for Flag {
        fn inline_schema() -> bool {
            true
        }
        fn schema_name() -> Cow<'static, str> {
            bool::schema_name()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            bool::json_schema(g)
        }
    }

    impl<T: JsonSchema> JsonSchema for Sp<T> {
        fn inline_schema() -> bool {
            true
        }
        fn schema_name() -> Cow<'static, str> {
            T::schema_name()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            T::json_schema(g)
        }
    }

    impl<V: JsonSchema> JsonSchema for Entries<V> {
        fn inline_schema() -> bool {
            true
        }
        fn schema_name() -> Cow<'static, str> {
            format!("Map_of_{}", V::schema_name()).into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let v = g.subschema_for::<V>();
            json_schema!({ "type": "object", "additionalProperties": v })
        }
    }

    impl JsonSchema for RawRoute {
        fn schema_name() -> Cow<'static, str> {
            "Route".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let full = g.subschema_for::<RawRouteMap>();
            json_schema!({
                "description": "`/path`, `METHOD /path`, or a mapping with `path`.",
                "anyOf": [
                    { "type": "string", "pattern": "^([A-Za-z!#$%&'*+.^_`|~0-9-]+ )?/" },
                    full
                ]
            })
        }
    }

    impl JsonSchema for RawResourceScope {
        fn schema_name() -> Cow<'static, str> {
            "ResourceScope".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let full = g.subschema_for::<RawScope>();
            json_schema!({
                "description": "The scope's description, or a scope mapping.",
                "anyOf": [ { "type": "string" }, full ]
            })
        }
    }

    impl JsonSchema for RawReq {
        fn schema_name() -> Cow<'static, str> {
            "Requirement".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let this = g.subschema_for::<RawReq>();
            json_schema!({
                "description": "A scope name, `{any: [scopes]}` (one of them), or `{all: [requirements]}` (every one).",
                "anyOf": [
                    { "type": "string" },
                    { "type": "object", "additionalProperties": false, "required": ["any"],
                      "properties": { "any": { "type": "array", "items": { "type": "string" } } } },
                    { "type": "object", "additionalProperties": false, "required": ["all"],
                      "properties": { "all": { "type": "array", "items": this } } }
                ]
            })
        }
    }
}

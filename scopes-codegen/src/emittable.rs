//! What of a spec model can be emitted as Rust items.
//!
//! `include_spec!` generates from a partial model when the spec has errors
//! (so one mistake is one compile error), and the model may hold what Rust
//! cannot: an `ident:` that is not an identifier, two scopes with one name,
//! two scopes with one identifier or one constant name. Emitting those would
//! panic (`format_ident!`), hang (a perfect hash over duplicate keys) or
//! add errors of their own (duplicate variants). This module keeps the
//! first of each and drops the rest, remapping every reference, and says
//! what it dropped. Dropping never widens access: a requirement group that
//! loses all its scopes removes the method (unknown methods are denied).

use std::collections::{BTreeMap, HashMap, HashSet};

use scopes_spec::{Diagnostic, ScopeId, Spec};
use syn::Ident;

use crate::naming;

/// Names the generated `impl Scope` block takes: a variant with one of
/// these names would shadow it.
const RESERVED: [&str; 2] = ["ALL", "COUNT"];

/// A spec cut down to what can be emitted, with the Rust names of its
/// scopes.
pub struct Emittable {
    /// The spec without the dropped scopes and routes.
    pub spec: Spec,
    /// Enum variant of each scope of `spec`.
    pub variants: Vec<Ident>,
    /// `scopes::` constant of each scope of `spec`.
    pub consts: Vec<Ident>,
    /// One error per dropped item, located in the spec.
    pub problems: Vec<Diagnostic>,
}

/// `text` as an identifier, if it is one (keywords and `_` are not).
#[must_use]
pub fn ident(text: &str) -> Option<Ident> {
    syn::parse_str::<Ident>(text).ok()
}

impl Emittable {
    /// Keep what can be emitted of `spec`.
    #[must_use]
    pub fn new(spec: &Spec) -> Self {
        let mut out = Emittable {
            spec: spec.clone(),
            variants: Vec::new(),
            consts: Vec::new(),
            problems: Vec::new(),
        };
        let map = out.keep_scopes(spec);
        out.remap(&map);
        out.keep_routes();
        out
    }

    /// Choose the scopes; `map[old]` is the new index of scope `old`, if kept.
    fn keep_scopes(&mut self, spec: &Spec) -> Vec<Option<ScopeId>> {
        let mut by_name: HashMap<&str, ScopeId> = HashMap::new();
        let mut variant_of: HashMap<String, &str> = HashMap::new();
        let mut const_of: HashMap<String, &str> = HashMap::new();
        let mut map = Vec::with_capacity(spec.scopes.len());
        let mut kept = Vec::new();
        for s in &spec.scopes {
            if let Some(&first) = by_name.get(s.name.as_str()) {
                // References by name already point at the first one.
                self.problems.push(
                    Diagnostic::error(s.span.clone(), format!("duplicate scope `{}`", s.name))
                        .label("declared again here")
                        .note(spec.scopes[first].span.clone(), "first declared here")
                        .help("each scope is declared once; remove one or rename it"),
                );
                map.push(map[first]);
                continue;
            }
            by_name.insert(&s.name, map.len());
            match self.names(s, &variant_of, &const_of) {
                Ok((variant, konst)) => {
                    variant_of.insert(variant.to_string(), &s.name);
                    const_of.insert(konst.to_string(), &s.name);
                    map.push(Some(kept.len()));
                    kept.push(s.clone());
                    self.variants.push(variant);
                    self.consts.push(konst);
                }
                Err(problem) => {
                    self.problems.push(problem);
                    map.push(None);
                }
            }
        }
        self.spec.scopes = kept;
        map
    }

    /// The variant and constant of scope `s`, or why it has none.
    fn names(
        &self,
        s: &scopes_spec::Scope,
        variant_of: &HashMap<String, &str>,
        const_of: &HashMap<String, &str>,
    ) -> Result<(Ident, Ident), Diagnostic> {
        let name = &s.name;
        let error = |message: String, label: &str, help: &str| {
            Diagnostic::error(s.span.clone(), message)
                .label(label)
                .help(help)
        };
        let Some(variant) = ident(&s.ident) else {
            return Err(error(
                format!("scope `{name}`: `{}` is not a Rust identifier", s.ident),
                "its enum variant",
                "give it `ident: UpperCamelCase` (letters, digits, `_`; not a keyword)",
            ));
        };
        let bare = s.ident.trim_start_matches("r#");
        if RESERVED.contains(&bare) {
            return Err(error(
                format!(
                    "scope `{name}`: the variant `Scope::{bare}` would hide the generated `Scope::{bare}`"
                ),
                "its enum variant",
                "give it another `ident:`",
            ));
        }
        if let Some(other) = variant_of.get(&variant.to_string()) {
            return Err(error(
                format!("scopes `{other}` and `{name}` both become the variant `Scope::{variant}`"),
                "same enum variant",
                "give one of them another `ident:`",
            ));
        }
        let konst_text = naming::scope_const(bare);
        let Some(konst) = ident(&konst_text) else {
            return Err(error(
                format!(
                    "scope `{name}`: its constant `scopes::{konst_text}` is not a Rust identifier"
                ),
                "its `scopes::` constant",
                "give it another `ident:`",
            ));
        };
        if let Some(other) = const_of.get(&konst.to_string()) {
            return Err(error(
                format!("scopes `{other}` and `{name}` both become the constant `scopes::{konst}`"),
                "same `scopes::` constant",
                "give one of them another `ident:` (the constant is the variant in SCREAMING_SNAKE_CASE)",
            ));
        }
        Ok((variant, konst))
    }

    /// Point every reference at the kept scopes.
    fn remap(&mut self, map: &[Option<ScopeId>]) {
        let ids = |old: &[ScopeId]| -> Vec<ScopeId> {
            let mut v: Vec<ScopeId> = old
                .iter()
                .filter_map(|&i| map.get(i).copied().flatten())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for s in &mut self.spec.scopes {
            s.implies = ids(&s.implies);
        }
        for r in &mut self.spec.resources {
            r.scopes
                .retain_mut(|(_, id)| match map.get(*id).copied().flatten() {
                    Some(new) => {
                        *id = new;
                        true
                    }
                    None => false,
                });
        }
        for route in &mut self.spec.routes {
            let methods = std::mem::take(&mut route.methods);
            route.methods = methods
                .into_iter()
                .filter_map(|(m, req)| {
                    let groups: Vec<Vec<ScopeId>> = req.iter().map(|g| ids(g)).collect();
                    // A group left empty could never be met: deny the
                    // method rather than drop the group (which would widen).
                    // (A group empty in the spec is the authenticated level.)
                    if req
                        .iter()
                        .zip(&groups)
                        .any(|(g, kept)| !g.is_empty() && kept.is_empty())
                    {
                        return None;
                    }
                    let mut groups = groups;
                    groups.sort();
                    groups.dedup();
                    Some((m, groups))
                })
                .collect::<BTreeMap<_, _>>();
        }
    }

    /// One route per template (the tables hash templates).
    fn keep_routes(&mut self) {
        let mut seen = HashSet::new();
        let mut dropped = Vec::new();
        self.spec.routes.retain(|r| {
            let first = seen.insert(r.template.text.clone());
            if !first {
                dropped.push(
                    Diagnostic::error(
                        r.span.clone(),
                        format!("route `{}` is declared twice", r.template.text),
                    )
                    .label("declared again here")
                    .help("declare each template once, with all its methods"),
                );
            }
            first
        });
        self.problems.extend(dropped);
    }
}

#[cfg(test)]
mod tests {
    use super::{Emittable, ident};

    fn spec(yaml: &str) -> scopes_spec::Spec {
        scopes_spec::check_str("t.yaml", yaml).0.expect("a model")
    }

    #[test]
    fn identifiers_are_checked_not_assumed() {
        assert!(ident("CartsRead").is_some());
        assert!(ident("r#match").is_some());
        for bad in ["foo-bar", "match", "Self", "_", "", "1a", "a b"] {
            assert!(ident(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn invalid_and_colliding_scopes_are_dropped_and_named() {
        let e = Emittable::new(&spec(
            "name: t
scopes:
  a: {description: A}
  b: {description: B, ident: foo-bar}
  c: {description: C, ident: A}
  d: {description: D, ident: ALL}
  e: {description: E, ident: E_x}
  f: {description: F, ident: EX}
routes:
  - {path: /x, methods: [GET], requires: {any: [a, b]}}
  - {path: /y, methods: [GET], requires: b}
  - {path: /y, methods: [POST], requires: {all: [a, f]}}
",
        ));
        let names: Vec<&str> = e.spec.scopes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["a", "e"]);
        let variants: Vec<String> = e.variants.iter().map(ToString::to_string).collect();
        assert_eq!(variants, ["A", "E_x"]);
        let problems: Vec<&str> = e.problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            problems,
            [
                "scope `b`: `foo-bar` is not a Rust identifier",
                "scopes `a` and `c` both become the variant `Scope::A`",
                "scope `d`: the variant `Scope::ALL` would hide the generated `Scope::ALL`",
                "scopes `e` and `f` both become the constant `scopes::E_X`",
            ]
        );
        // `any: [a, b]` keeps `a`; a group left empty denies the method.
        let x = e.spec.route("/x").expect("/x");
        assert_eq!(x.methods.values().next(), Some(&vec![vec![0]]));
        let y = e.spec.route("/y").expect("/y");
        assert!(y.methods.is_empty(), "{:?}", y.methods);
    }

    #[test]
    fn generated_code_from_a_hostile_model_parses_and_names_each_item_once() {
        // Today's main panicked on `foo-bar` and hung on the duplicate
        // name (a perfect hash over two equal keys).
        let model = spec(
            "name: t
conventions:
  naming: \"{resource}_{action}\"
  actions:
    read: {methods: [GET]}
scopes:
  pets_read: {description: Read pets}
  w: {description: W, ident: foo-bar}
  x: {description: X, ident: PetsRead}
resources:
  pets:
    scopes: {read: Read pets again}
    routes: [/pets/all, /all]
routes:
  - {path: /w, methods: [GET], requires: w}
",
        );
        let tokens = crate::expand_spec::generate(&model, std::path::Path::new("/t.yaml"));
        let file: syn::File = syn::parse2(tokens).expect("generated code parses");
        let syn::Item::Mod(module) = &file.items[0] else {
            panic!("the items live in one module")
        };
        let items = &module.content.as_ref().expect("inline module").1;
        let variants: Vec<String> = items
            .iter()
            .find_map(|i| match i {
                syn::Item::Enum(e) if e.ident == "Scope" => {
                    Some(e.variants.iter().map(|v| v.ident.to_string()).collect())
                }
                _ => None,
            })
            .expect("enum Scope");
        assert_eq!(variants, ["PetsRead"]);
        // Route constants: `/all` must not take the name of `routes::ALL`.
        let routes = items
            .iter()
            .find_map(|i| match i {
                syn::Item::Mod(m) if m.ident == "routes" => m.content.as_ref(),
                _ => None,
            })
            .expect("mod routes");
        let mut names: Vec<String> = routes
            .1
            .iter()
            .filter_map(|i| match i {
                syn::Item::Const(c) => Some(c.ident.to_string()),
                _ => None,
            })
            .collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n, "{names:?}");
        // `/all` is a spec error (`ALL` is reserved; the fix is a `name:`),
        // so the partial output leaves it out rather than renaming it.
        assert!(names.contains(&"ALL".to_owned()) && names.contains(&"PETS_ALL".to_owned()));
        assert!(!names.iter().any(|n| n.starts_with("ALL_")), "{names:?}");
    }
}

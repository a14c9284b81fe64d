//! Help for an unknown scope in `#[requires_scope]`, beyond edit distance.
//!
//! In order, the first that applies:
//! 1. a close spelling (`did you mean`);
//! 2. the same words in another order (`payouts_read` → `read_payouts`);
//! 3. a scope of another spec of the crate, with the `spec = "…"` to write.
//!    The other specs of a crate are its `[package.metadata.scopes] spec`
//!    (when the attribute names another with `spec =`) and every `.yaml` /
//!    `.yml` file beside the spec in use or the metadata spec that loads
//!    as a valid spec; only looked for when an error is being reported;
//! 4. with a route declared, the scopes that would meet it.

use std::path::{Path, PathBuf};

use scopes_spec::{Spec, did_you_mean};

use crate::locate::{self, Located};

/// Another spec of the crate, and how the attribute would name it.
pub struct OtherSpec {
    /// What to write in `spec = "…"`.
    pub rel: String,
    /// The spec.
    pub spec: Spec,
}

/// The help line for `name`, unknown in `spec`, or `None`.
pub fn help(
    name: &str,
    spec: &Spec,
    others: &mut dyn FnMut() -> Vec<OtherSpec>,
    meets_route: Option<&str>,
) -> Option<String> {
    let names = || spec.scopes.iter().map(|s| s.name.as_str());
    if let Some(h) = did_you_mean(name, names()) {
        return Some(h);
    }
    if let Some(s) = names().find(|s| same_words(s, name)) {
        return Some(format!(
            "did you mean `{s}`? (the same words in another order)"
        ));
    }
    for other in others() {
        if other.spec.scope_id(name).is_some() {
            return Some(format!(
                "`{name}` is a scope of spec `{}`: write `spec = \"{}\"` to check this handler against it",
                other.spec.name, other.rel
            ));
        }
    }
    meets_route.map(|r| format!("this route is met by {r}"))
}

/// Words of a scope name, lowercased and sorted.
fn words(s: &str) -> Vec<String> {
    let mut w: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    w.sort();
    w
}

fn same_words(a: &str, b: &str) -> bool {
    let wa = words(a);
    wa.len() > 1 && wa == words(b)
}

/// The other specs of the crate (see the module docs). `current` is the
/// spec in use, as written and as found.
#[must_use]
pub fn other_specs(current_rel: &str, current: &Path, call_site: Option<&Path>) -> Vec<OtherSpec> {
    let mut named: Vec<(String, PathBuf)> = Vec::new();
    let mut push = |rel: String, path: PathBuf| {
        if path != current && !named.iter().any(|(_, p)| *p == path) {
            named.push((rel, path));
        }
    };
    let metadata = locate::spec_from_metadata().ok();
    let mut bases = vec![(current_rel.to_owned(), current.to_path_buf())];
    if let Some(rel) = &metadata
        && let Located::Loaded { path, .. } = locate::locate(rel, call_site)
    {
        push(rel.clone(), path.clone());
        bases.push((rel.clone(), path));
    }
    for (rel, path) in bases {
        let Some(dir) = path.parent() else { continue };
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        files.sort();
        for file in files {
            let Some(file_name) = file.file_name().and_then(|f| f.to_str()) else {
                continue;
            };
            let sibling_rel = match rel.rsplit_once('/') {
                Some((head, _)) => format!("{head}/{file_name}"),
                None => file_name.to_owned(),
            };
            push(sibling_rel, file);
        }
    }
    named
        .into_iter()
        .filter_map(|(rel, path)| {
            let spec = scopes_spec::load_file(&path).ok()?.spec;
            Some(OtherSpec { rel, spec })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::same_words;

    #[test]
    fn word_order() {
        assert!(same_words("read_payouts", "payouts_read"));
        assert!(same_words("read:pets", "pets_read"));
        assert!(!same_words("read_payouts", "payouts_write"));
        assert!(!same_words("payouts", "payouts"));
    }
}

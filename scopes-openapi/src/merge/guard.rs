//! The last guard of a merge: the merged text, read back, equals the
//! original outside the security fields, and each operation's security
//! means what was written.

use serde_json::Value;

use super::meaning::meaning;
use crate::export::ExportError;

/// The merged text must read back as the same document outside the
/// security fields: a last guard against an edit that went astray.
pub(super) fn verify(
    file: &str,
    before: &Value,
    merged: &str,
    scheme: &str,
    written: &[(String, String, Value)],
) -> Result<(), ExportError> {
    let after = crate::document::parse(file, merged).map_err(|e| {
        ExportError(format!(
            "the merged document does not read back ({e}); nothing written: report this document to the scopes maintainers"
        ))
    })?;
    let mut schemes = crate::security::Schemes::read(&after);
    schemes
        .kinds
        .insert(scheme.to_owned(), crate::security::SchemeKind::OAuth);
    for (path, method, want) in written {
        let got = after["paths"][path][method].get("security");
        if got.and_then(|g| meaning(g, &schemes)) != meaning(want, &schemes) {
            return Err(ExportError(format!(
                "{file}: {} {path}: the merged security does not read back as written; nothing written: report this document to the scopes maintainers",
                method.to_ascii_uppercase()
            )));
        }
    }
    let added = before["components"]["securitySchemes"]
        .get(scheme)
        .is_none();
    if without_security(before.clone(), None) != without_security(after, added.then_some(scheme)) {
        return Err(ExportError(format!(
            "{file}: the merge would change more than the security fields; nothing written: report this document to the scopes maintainers"
        )));
    }
    Ok(())
}

/// `doc` without operations' `security`, flows' `scopes`, and the scheme
/// `added` (with the `components` it may have brought along).
fn without_security(mut doc: Value, added: Option<&str>) -> Value {
    for item in doc
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|p| p.values_mut())
    {
        for method in crate::document::METHODS {
            if let Some(Value::Object(op)) = item.get_mut(method) {
                op.remove("security");
            }
        }
    }
    let components = doc.get_mut("components").and_then(Value::as_object_mut);
    if let Some(components) = components {
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            if let Some(name) = added {
                schemes.remove(name);
            }
            for flow in schemes
                .values_mut()
                .filter_map(|s| s.get_mut("flows")?.as_object_mut())
                .flat_map(|f| f.values_mut())
            {
                if let Value::Object(flow) = flow {
                    flow.remove("scopes");
                }
            }
            if added.is_some() && schemes.is_empty() {
                components.remove("securitySchemes");
            }
        }
        if added.is_some() && components.is_empty() {
            doc.as_object_mut().map(|d| d.remove("components"));
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::verify;

    #[test]
    fn the_guard_refuses_changes_outside_security() {
        let before = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: {security: [{o: [z]}], summary: s}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {z: Z}}}}\n";
        let doc = crate::document::parse("d", before).unwrap();
        let ok = before
            .replace("[{o: [z]}]", "[{o: [a]}]")
            .replace("{z: Z}", "{a: A}");
        let written = [(
            "/x".to_owned(),
            "get".to_owned(),
            serde_json::json!([{"o": ["a"]}]),
        )];
        assert_eq!(verify("d", &doc, &ok, "o", &written), Ok(()));
        let stale = [(
            "/x".to_owned(),
            "get".to_owned(),
            serde_json::json!([{"o": ["b"]}]),
        )];
        assert!(verify("d", &doc, &ok, "o", &stale).is_err());
        let added = format!("{before}    n: {{type: oauth2, flows: {{}}}}\n");
        assert_eq!(verify("d", &doc, &added, "n", &[]), Ok(()));
        for bad in [
            before.replace("summary: s", "summary: t"),
            before.replace("get:", "put:"),
            before.replace("https://a", "https://b"),
            before
                .replace("    get:", "    get: &x")
                .replace("}\ncomponents", "}\n  /y: {get: *x}\ncomponents"),
            before.replace("version: '1'}", "version: '1'"),
        ] {
            assert!(verify("d", &doc, &bad, "o", &[]).is_err(), "{bad}");
        }
    }
}

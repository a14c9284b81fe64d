//! Reading an OpenAPI document: JSON or YAML (one parser: YAML 1.2 reads
//! JSON), into a [`serde_json::Value`], with the version checked.

use serde_json::Value;

/// HTTP methods an OpenAPI 3.0/3.1 path item can hold, in the order the
/// specification lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A document that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentError(pub String);

impl std::fmt::Display for DocumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DocumentError {}

/// Parse `text` (JSON or YAML); `name` locates errors (`file:line:column`).
///
/// # Errors
/// The text is not YAML/JSON, is not an object, or is not OpenAPI 3.0/3.1.
pub fn parse(name: &str, text: &str) -> Result<Value, DocumentError> {
    let doc: Value = serde_saphyr::from_str(text).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default();
        let message = e.without_snippet().to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |i| &message[..i])
            .to_owned();
        DocumentError(format!("{name}{at}: {message}"))
    })?;
    let version = doc.get("openapi").and_then(Value::as_str);
    match version {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(doc),
        Some(v) => Err(DocumentError(format!(
            "{name}: OpenAPI {v} is not supported: this reads OpenAPI 3.0 and 3.1"
        ))),
        None if doc.get("swagger").is_some() => Err(DocumentError(format!(
            "{name}: a Swagger 2.0 document; convert it to OpenAPI 3 first (e.g. with swagger2openapi)"
        ))),
        None => Err(DocumentError(format!(
            "{name}: not an OpenAPI document (no `openapi` version at the top)"
        ))),
    }
}

//! The Rust name of a route (`routes::TRANSACTIONS_ID_SEND_EMAILS` in
//! generated code): the route's `name:` key, or else derived from its
//! template. Two routes with the same name are a spec error at the second
//! one, so adding a route never moves a name that code already uses.

use std::collections::HashMap;
use std::ops::Range;

use crate::diag::{Ctxt, Diagnostic};
use crate::model::Route;
use crate::source::SourceFile;

/// `/transactions/{id}/send_emails` → `TRANSACTIONS_ID_SEND_EMAILS`;
/// `/` → `ROOT`; a segment of punctuation only is spelled out
/// (`/-/snippets` → `DASH_SNIPPETS`, distinct from `/snippets`); a leading
/// digit gets `_`.
#[must_use]
pub fn derive(template: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for segment in template.split('/').filter(|s| !s.is_empty()) {
        if segment.chars().any(|c| c.is_ascii_alphanumeric()) {
            words.extend(
                segment
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_ascii_uppercase),
            );
        } else {
            let spelled: Vec<&str> = segment.chars().map(punctuation_word).collect();
            words.push(spelled.join("_"));
        }
    }
    let mut out = words.join("_");
    if out.is_empty() {
        out.push_str("ROOT");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

fn punctuation_word(c: char) -> &'static str {
    match c {
        '-' => "DASH",
        '.' => "DOT",
        '~' => "TILDE",
        '_' => "UNDERSCORE",
        '@' => "AT",
        '+' => "PLUS",
        '!' => "BANG",
        '$' => "DOLLAR",
        '=' => "EQUALS",
        ':' => "COLON",
        _ => "SYMBOL",
    }
}

/// Whether `name` is a valid `name:` value: `SCREAMING_SNAKE_CASE`, a Rust
/// identifier that is not `_`.
#[must_use]
pub fn is_valid(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
        && name != "_"
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Report every route whose name another route, earlier in the file,
/// already has.
pub(crate) fn check_unique(routes: &[Route], file: &SourceFile, cx: &mut Ctxt) {
    let mut order: Vec<&Route> = routes.iter().collect();
    order.sort_by_key(|r| r.span.start);
    let mut seen: HashMap<String, &Route> = HashMap::new();
    for r in order {
        let name = r.rust_name();
        if RESERVED.contains(&name.as_str()) {
            cx.push(reserved(r, &name));
        } else if let Some(first) = seen.get(&name) {
            let (line, _) = file.line_col(first.span.start);
            cx.push(collision(
                r.span.clone(),
                &r.template.text,
                &name,
                first,
                line,
            ));
        } else {
            seen.insert(name, r);
        }
    }
}

/// Names the generated `routes` module uses for itself.
pub const RESERVED: [&str; 2] = ["ALL", "SERVED"];

fn reserved(r: &Route, name: &str) -> Diagnostic {
    Diagnostic::error(
        r.span.clone(),
        format!(
            "route `{}` gets the Rust name `{name}`, which the generated `routes` module uses for its own list",
            r.template.text
        ),
    )
    .label("reserved name")
    .help(format!(
        "give this route its own name: `{{path: {}, name: {name}_ROUTE, ...}}` (a `name:` key, in SCREAMING_SNAKE_CASE)",
        r.template.text
    ))
}

fn collision(
    span: Range<usize>,
    template: &str,
    name: &str,
    first: &Route,
    line: usize,
) -> Diagnostic {
    Diagnostic::error(
        span,
        format!(
            "route `{template}` gets the Rust name `{name}`, which route `{}` (line {line}) already has",
            first.template.text
        ),
    )
    .label("same generated name")
    .help(format!(
        "give this route its own name: `{{path: {template}, name: {name}_2, ...}}` (a `name:` key, in SCREAMING_SNAKE_CASE)"
    ))
}

#[cfg(test)]
mod tests {
    use super::{derive, is_valid};

    const TWO: &str = "name: t\nscopes:\n  r: {description: R.}\nroutes:\n  - {path: /a_b, methods: [GET], requires: r}\n";

    #[test]
    fn a_route_named_like_the_module_lists_is_an_error_and_name_fixes_it() {
        let all = "name: t\nscopes:\n  r: {description: R.}\nroutes:\n  - {path: /all, methods: [GET], requires: r}\n";
        let report = crate::load_str("t.yaml", all).expect_err("`/all` would be routes::ALL");
        let d = report.errors().next().expect("one error");
        assert!(d.message.contains("`ALL`"), "{}", d.message);
        assert_eq!(report.location(d), "t.yaml:5:12"); // the path value
        let fixed = all.replace("methods: [GET]", "name: ALL_ROUTE, methods: [GET]");
        assert!(crate::load_str("t.yaml", fixed).is_ok());
    }

    #[test]
    fn a_derived_name_taken_twice_is_an_error_at_the_second_route_and_name_fixes_it() {
        let clash = format!("{TWO}  - {{path: /a/b, methods: [GET], requires: r}}\n");
        let report = crate::load_str("t.yaml", clash).unwrap_err();
        let text = report.render_errors(false);
        assert!(text.contains("t.yaml:6:12"), "{text}");
        assert!(
            text.contains("route `/a/b` gets the Rust name `A_B`, which route `/a_b` (line 5)"),
            "{text}"
        );
        let named =
            format!("{TWO}  - {{path: /a/b, name: A_B_NESTED, methods: [GET], requires: r}}\n");
        let spec = crate::load_str("t.yaml", named).unwrap().spec;
        let names: Vec<String> = spec
            .routes
            .iter()
            .map(crate::model::Route::rust_name)
            .collect();
        assert_eq!(names, ["A_B_NESTED", "A_B"]);
        let bad = format!("{TWO}  - {{path: /c, name: c-d, methods: [GET], requires: r}}\n");
        let text = crate::load_str("t.yaml", bad)
            .unwrap_err()
            .render_errors(false);
        assert!(
            text.contains("route name `c-d` is not SCREAMING_SNAKE_CASE") && text.contains("`C_D`"),
            "{text}"
        );
    }

    #[test]
    fn names() {
        assert_eq!(
            derive("/transactions/{id}/send_emails"),
            "TRANSACTIONS_ID_SEND_EMAILS"
        );
        assert_eq!(
            derive("/{type}_templates/{id}/cache"),
            "TYPE_TEMPLATES_ID_CACHE"
        );
        assert_eq!(derive("/"), "ROOT");
        assert_eq!(derive("/2fa"), "_2FA");
        assert_eq!(derive("/-/snippets"), "DASH_SNIPPETS");
        assert_ne!(derive("/-/snippets"), derive("/snippets"));
        assert!(is_valid("CARTS_NESTED") && is_valid("_X1"));
        assert!(!is_valid("carts") && !is_valid("_") && !is_valid("A-B") && !is_valid(""));
    }
}

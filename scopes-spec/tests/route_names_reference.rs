//! Route names against the rules of `route_name`'s documentation (issue 14
//! item 2, mutation testing of `src/route_name.rs`): a valid `name:` is a
//! SCREAMING_SNAKE_CASE Rust identifier other than `_`; a derived name is
//! one, and segments of punctuation only are spelled so that different
//! punctuation never gives one name.

use scopes_spec::route_name::{derive, is_valid};

/// Every string over `alphabet` of at most `max` characters.
fn strings(alphabet: &[char], max: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..max {
        last = last
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        out.extend(last.iter().cloned());
    }
    out
}

/// The reference: first character an upper-case letter or `_`, the rest
/// upper-case letters, digits and `_`, and not `_` alone.
fn screaming_snake(name: &str) -> bool {
    let mut c = name.chars();
    c.next().is_some_and(|f| f.is_ascii_uppercase() || f == '_')
        && name != "_"
        && c.all(|x| x.is_ascii_uppercase() || x.is_ascii_digit() || x == '_')
}

#[test]
fn a_valid_name_is_screaming_snake_case_and_not_underscore() {
    for name in strings(&['A', 'z', '7', '_', '-'], 4) {
        assert_eq!(is_valid(&name), screaming_snake(&name), "{name:?}");
    }
}

/// Each spelled punctuation character gives its own name, different from
/// the catch-all for other punctuation and from the path without it.
#[test]
fn punctuation_segments_are_spelled_apart() {
    let spelled = ['-', '.', '~', '_', '@', '+', '!', '$', '=', ':'];
    let mut names: Vec<String> = spelled
        .iter()
        .map(|c| derive(&format!("/{c}/items")))
        .collect();
    names.push(derive("/&/items"));
    names.push(derive("/items"));
    for (i, a) in names.iter().enumerate() {
        assert!(screaming_snake(a), "{a}");
        assert!(a == "ITEMS" || a.ends_with("_ITEMS"), "{a}");
        for b in &names[..i] {
            assert_ne!(a, b);
        }
    }
    assert_eq!(derive("/-/items"), "DASH_ITEMS");
    // Two characters: two words.
    assert_eq!(derive("/-./x"), "DASH_DOT_X");
}

/// Alphanumeric runs of each segment become upper-case words joined by
/// `_`; a name never starts with a digit.
#[test]
fn derived_names_are_identifiers() {
    assert_eq!(derive("/carts/{id}/send-emails"), "CARTS_ID_SEND_EMAILS");
    assert_eq!(
        derive("/v1/reports/summary(start={start},end={end})"),
        "V1_REPORTS_SUMMARY_START_START_END_END"
    );
    assert_eq!(derive("/9lives/{x}"), "_9LIVES_X");
    assert_eq!(derive("/"), "ROOT");
    for t in strings(&['a', '1', '-', '/', '~'], 5) {
        let t = format!("/{t}");
        let name = derive(&t);
        assert!(screaming_snake(&name), "{t:?} → {name:?}");
    }
}

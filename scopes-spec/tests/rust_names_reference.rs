//! Derived Rust names against the rules `rust_names.rs` documents (issue 14
//! item 2, mutation testing): separators (`_ - : . /`) split words, every
//! other ASCII punctuation character is spelled as a word of its own (one
//! word per character, never a code point), a character outside ASCII is
//! spelled by its code point (`é` → `U00e9`), a name of separators only
//! spells them, a leading digit gets `S`, `Self` becomes `SelfScope`.

use std::collections::HashMap;

use scopes_spec::{derive_ident, is_rust_ident};

const SEPARATORS: &str = "_-:./";

/// The word a character is spelled as, read off `a{c}b` (the doc's own
/// examples: `a!b` → `ABangB`, `a#b` → `AHashB`).
fn word(c: char) -> String {
    let ident = derive_ident(&format!("a{c}b"));
    let inner = ident
        .strip_prefix('A')
        .and_then(|s| s.strip_suffix('B'))
        .unwrap_or_else(|| panic!("{c:?}: {ident}"));
    inner.to_owned()
}

#[test]
fn every_ascii_punctuation_character_is_one_word_of_its_own() {
    let mut words: HashMap<String, char> = HashMap::new();
    let punctuation = (0u8..128)
        .map(char::from)
        .filter(char::is_ascii_punctuation);
    assert_eq!(punctuation.clone().count(), 32);
    for c in punctuation {
        let w = word(c);
        if SEPARATORS.contains(c) {
            assert_eq!(w, "", "{c:?} only separates words");
            // Alone, a separator is spelled: the word is the same for
            // `c` and `cc` (`::` → `ColonColon`).
            let alone = derive_ident(&c.to_string());
            assert_eq!(derive_ident(&format!("{c}{c}")), format!("{alone}{alone}"));
            assert!(
                alone.chars().next().is_some_and(|f| f.is_ascii_uppercase()),
                "{c:?}: {alone}"
            );
            assert!(alone.chars().all(|x| x.is_ascii_alphabetic()), "{alone}");
            assert!(words.insert(alone, c).is_none(), "{c:?}: word taken");
            continue;
        }
        assert!(
            w.chars().next().is_some_and(|f| f.is_ascii_uppercase()),
            "{c:?} → {w:?}"
        );
        assert!(w.len() > 1, "{c:?} → {w:?}: a word, not a letter");
        assert!(w.chars().all(|x| x.is_ascii_alphabetic()), "{c:?} → {w:?}");
        assert!(
            !w.starts_with("U00"),
            "{c:?} → {w:?}: spelled, not a code point"
        );
        if let Some(other) = words.insert(w.clone(), c) {
            panic!("{c:?} and {other:?} are both {w}");
        }
    }
    assert_eq!(words.len(), 32);
    assert_eq!(word('!'), "Bang");
    assert_eq!(word('#'), "Hash");
    assert_eq!(derive_ident("::"), "ColonColon");
}

#[test]
fn characters_outside_ascii_are_code_points_and_words_keep_their_case() {
    assert_eq!(derive_ident("aéb"), "AU00e9B");
    assert_eq!(derive_ident("é"), "U00e9");
    assert_eq!(derive_ident("€"), "U20ac");
    assert_eq!(derive_ident("read_petsAll"), "ReadPetsAll");
    assert_eq!(derive_ident("2fa"), "S2fa");
    assert_eq!(derive_ident("_2fa"), "S2fa");
    assert_eq!(derive_ident("self"), "SelfScope");
    assert_eq!(derive_ident("Self"), "SelfScope");
    assert_eq!(derive_ident("selfish"), "Selfish");
    for name in ["a", "read:pets", "a!b", "2fa", "é", "::", "self", "x.y/z-w"] {
        assert!(is_rust_ident(&derive_ident(name)), "{name}");
    }
}

#[test]
fn rust_identifiers_are_ascii_words_that_are_not_keywords() {
    for ok in ["A", "a", "_a", "A_b2", "CartsRead", "Selfish", "r"] {
        assert!(is_rust_ident(ok), "{ok}");
    }
    for bad in [
        "", "_", "2a", "a-b", "a b", "é", "aé", "Self", "self", "fn", "match", "type", "async",
        "while",
    ] {
        assert!(!is_rust_ident(bad), "{bad}");
    }
}

#[test]
fn rust_name_findings_as_warnings_are_the_same_findings() {
    // `read_pets` and `read:pets` both derive `ReadPets`; `ident: fn` is a
    // keyword: two findings for generated code, none refuses the spec.
    let yaml = "name: t
scopes:
  read_pets: {description: x}
  \"read:pets\": {description: y}
  other: {description: z, ident: fn}
";
    let loaded = scopes_spec::load_str("t.yaml", yaml).expect("a valid spec");
    let errors = scopes_spec::rust_names(&loaded.spec);
    let warnings = scopes_spec::rust_name_warnings(&loaded.spec);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(warnings.len(), errors.len());
    for (e, w) in errors.iter().zip(&warnings) {
        assert_eq!(e.severity, scopes_spec::Severity::Error);
        assert_eq!(w.severity, scopes_spec::Severity::Warning);
        assert_eq!(
            w.message,
            format!("{} (an error in `include_spec!`)", e.message)
        );
        assert_eq!(
            (&w.span, &w.label, &w.help, &w.notes),
            (&e.span, &e.label, &e.help, &e.notes)
        );
    }
    assert!(
        errors[0].message.contains("`read_pets`") && errors[0].message.contains("`read:pets`"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[1].message, "`fn` is a Rust keyword");
}

//! Writing YAML scalars: plain when that is unambiguous, otherwise
//! double-quoted (a JSON string is a valid YAML double-quoted scalar).

/// `s` as a YAML scalar, plain in block and flow context when safe.
#[must_use]
pub fn scalar(s: &str) -> String {
    if is_plain(s) { s.to_owned() } else { quoted(s) }
}

/// `s` double-quoted.
#[must_use]
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// Letters, digits and `_ - . /` plus inner single spaces and `( ) ' ,`
/// is only safe in block context; the flow-safe set leaves out `,`.
fn is_plain(s: &str) -> bool {
    const SPECIAL: [&str; 12] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", "nan", "inf",
    ];
    let first_ok = s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '/');
    let chars_ok = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-./ ()':".contains(c));
    // `:` only inside a word (`read:pets`): `a: b` and `a:` are mappings.
    let colons_ok = !s.ends_with(':') && !s.contains(": ");
    first_ok
        && chars_ok
        && colons_ok
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !SPECIAL.contains(&s.to_ascii_lowercase().as_str())
        && s.parse::<f64>().is_err()
}

#[cfg(test)]
mod tests {
    use super::scalar;

    #[test]
    fn ambiguous_scalars_are_quoted_and_read_back() {
        for s in [
            "read:pets",
            "a:",
            "a: b",
            "https://auth.example/x",
            "yes",
            "Off",
            "12",
            "1e3",
            "a, b",
            "x: y",
            "#x",
            "- x",
            "line\nbreak",
            "quote \" and \\",
            "",
            "trailing ",
            "/albums/{id}",
            "Manage your public playlists.",
            "playlist-modify-public",
        ] {
            let yaml = format!("k: {}\nf: [{}]\n", scalar(s), scalar(s));
            let v: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
            assert_eq!(v["k"], serde_json::Value::String(s.to_owned()), "{yaml}");
            assert_eq!(v["f"][0], serde_json::Value::String(s.to_owned()), "{yaml}");
        }
        assert_eq!(scalar("playlist-modify-public"), "playlist-modify-public");
    }
}

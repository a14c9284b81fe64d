//! afl target: see [`scopes_fuzz::grant_parse`].

fn main() {
    afl::fuzz!(|data: &[u8]| scopes_fuzz::grant_parse(data));
}

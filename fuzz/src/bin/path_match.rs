//! afl target: see [`scopes_fuzz::path_match`].

fn main() {
    afl::fuzz!(|data: &[u8]| scopes_fuzz::path_match(data));
}

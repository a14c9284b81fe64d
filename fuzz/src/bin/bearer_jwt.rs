//! afl target: see [`scopes_fuzz::bearer_jwt`].

fn main() {
    afl::fuzz!(|data: &[u8]| scopes_fuzz::bearer_jwt(data));
}

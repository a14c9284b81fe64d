//! afl target: see [`scopes_fuzz::spec_check`].

fn main() {
    afl::fuzz!(|data: &[u8]| scopes_fuzz::spec_check(data));
}

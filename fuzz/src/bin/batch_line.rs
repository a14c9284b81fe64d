//! afl target: see [`scopes_fuzz::batch_line`].

fn main() {
    afl::fuzz!(|data: &[u8]| scopes_fuzz::batch_line(data));
}

//! Every seed and every saved crash (`regressions/<target>/`) through the
//! target's checks: a fixed crash stays fixed. Runs with
//! `cargo test --manifest-path fuzz/Cargo.toml` (scripts/fuzz.sh does).

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for e in entries {
            let path = e.expect("dir entry").path();
            if path.file_name().is_some_and(|f| f == ".gitkeep") {
                continue;
            }
            let data = std::fs::read(&path).expect("read input");
            eprintln!("{}", path.display());
            check(&data);
            n += 1;
        }
    }
    assert!(n > 0, "no inputs for {target}");
}

#[test]
fn spec_check() {
    replay("spec_check", scopes_fuzz::spec_check);
}

#[test]
fn grant_parse() {
    replay("grant_parse", scopes_fuzz::grant_parse);
}

#[test]
fn batch_line() {
    replay("batch_line", scopes_fuzz::batch_line);
}

#[test]
fn bearer_jwt() {
    replay("bearer_jwt", scopes_fuzz::bearer_jwt);
}

#[test]
fn path_match() {
    replay("path_match", scopes_fuzz::path_match);
}

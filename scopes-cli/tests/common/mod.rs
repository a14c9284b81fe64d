//! What the CLI's integration tests share: run the `scopes` binary from the
//! workspace root as a user would, and write temporary input files.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;

/// The workspace root, where the shipped specs are found by relative path.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The `scopes` binary, started in the workspace root.
pub fn scopes() -> Command {
    let mut c = Command::cargo_bin("scopes").unwrap();
    c.current_dir(root());
    c
}

/// What a run printed, and its exit code (-1 when killed by a signal).
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `scopes ARGS` with an empty standard input.
pub fn run(args: &[&str]) -> Run {
    run_stdin(args, "")
}

/// Runs `scopes ARGS` with `stdin` as standard input.
pub fn run_stdin(args: &[&str], stdin: &str) -> Run {
    let out = scopes().args(args).write_stdin(stdin).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Writes `text` to `target/tests/DIR/NAME` (one directory per test file, so
/// test binaries running at once never share a file) and returns its path.
pub fn temp_file(dir: &str, name: &str, text: &str) -> String {
    let dir = root().join("target/tests").join(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

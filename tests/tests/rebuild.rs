//! Editing a spec rebuilds the crate that includes it: build a small
//! crate, change its spec, build again, and see the change. (Stable Rust
//! has no tracked paths; `include_spec!` emits `include_bytes!` of the
//! spec so cargo sees the dependency.)

use std::path::Path;
use std::process::Command;

use scopes_tests::root;

fn run(dir: &Path, target: &Path) -> String {
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

#[test]
fn editing_the_spec_rebuilds_the_including_crate() {
    let root = root();
    let dir = root.join("target/tests/rebuild/app");
    let target = root.join("target/tests/rebuild/target");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let runtime = root.join("scopes-runtime");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"rebuild-app\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [package.metadata.scopes]\nspec = \"api.yaml\"\n\n\
             [dependencies]\nscopes-runtime = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "mod api {\n    scopes_runtime::include_spec!();\n}\n\nfn main() {\n    \
         let names: Vec<&str> = api::Scope::ALL.iter().map(|s| s.as_str()).collect();\n    \
         println!(\"{}\", names.join(\" \"));\n}\n",
    )
    .unwrap();
    let spec = |scopes: &[&str]| {
        let mut s = String::from("name: app\nscopes:\n");
        for n in scopes {
            s.push_str(&format!("  {n}: {{description: {n}}}\n"));
        }
        s.push_str("routes:\n");
        for n in scopes {
            s.push_str(&format!(
                "  - {{path: /{n}, methods: [GET], requires: {n}}}\n"
            ));
        }
        s
    };
    // Let the crate's first build (and the copied lock file) settle.
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, dir.join("Cargo.lock")).unwrap();
    }
    std::fs::write(dir.join("api.yaml"), spec(&["pets_read"])).unwrap();
    assert_eq!(run(&dir, &target).trim(), "pets_read");
    // File systems with coarse timestamps need the edit to be newer.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(dir.join("api.yaml"), spec(&["pets_read", "pets_write"])).unwrap();
    assert_eq!(run(&dir, &target).trim(), "pets_read pets_write");
}

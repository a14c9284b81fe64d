//! Build cost a service pays: the compile time of a crate whose only code
//! is `include_spec!` of a spec, by spec size, in debug and release (deps
//! already built: this is the cost of editing the spec); and a clean build
//! of a crate depending on scopes-runtime next to one depending only on
//! serde with derive. Results go to target/scopes-bench/build_cost.json for
//! `cargo run -p scopes-bench --bin report`.
//!
//! `SCOPES_BENCH_QUICK=1` keeps the small specs and skips clean builds.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn write_crate(dir: &Path, deps: &str, main: &str) {
    std::fs::create_dir_all(dir.join("src")).expect("crate dir");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"bench-app\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{deps}\n\n[workspace]\n"),
    )
    .expect("manifest");
    std::fs::write(dir.join("src/main.rs"), main).expect("main");
    let lock = root().join("Cargo.lock");
    if lock.exists() && !dir.join("Cargo.lock").exists() {
        std::fs::copy(lock, dir.join("Cargo.lock")).expect("lock");
    }
}

fn build(dir: &Path, target: &Path, release: bool) -> f64 {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(["build", "--quiet", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS");
    if release {
        cmd.arg("--release");
    }
    let t = Instant::now();
    let status = cmd.status().expect("cargo runs");
    assert!(status.success(), "build failed in {}", dir.display());
    t.elapsed().as_secs_f64()
}

fn main() {
    // `cargo bench` passes `--bench`; with a filter that is not ours, skip.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !args.is_empty() && !args.iter().any(|a| "build_cost".contains(a.as_str())) {
        return;
    }
    let quick = std::env::var_os("SCOPES_BENCH_QUICK").is_some();
    let base = root().join("target/scopes-bench/build");
    let target = base.join("target");
    let runtime = root().join("scopes-runtime").display().to_string();
    let dep = format!("scopes-runtime = {{ path = {runtime:?} }}");
    let specs_dir = root().join("target/scopes-bench/specs");
    std::fs::create_dir_all(&specs_dir).expect("specs");
    let mut specs: Vec<(String, String)> = vec![
        (
            "foxy".into(),
            std::fs::read_to_string(root().join("spec/foxy.yaml")).expect("foxy"),
        ),
        (
            "gitlab".into(),
            std::fs::read_to_string(root().join("scopes-bench/data/gitlab.yaml")).expect("gitlab"),
        ),
    ];
    let sizes: &[usize] = if quick {
        &[100, 1000]
    } else {
        &[100, 1000, 10_000]
    };
    for &n in sizes {
        specs.push((format!("synthetic_{n}"), scopes_bench::synthetic(n)));
    }
    let mut results = Vec::new();
    let app = base.join("app");
    // The crate uses the generated matcher and grant parser as a service
    // does: a crate that never calls them lets LLVM drop them before any
    // optimization, and its release build times only the tables.
    let main = "mod api {\n    scopes_runtime::include_spec!(\"spec.yaml\");\n}\n\nfn main() {\n    let mut args = std::env::args().skip(1);\n    let (scope, path) = (args.next().unwrap_or_default(), args.next().unwrap_or_default());\n    let decision = api::Granted::parse(&scope).map(|g| g.authorize_token(\"GET\", &path));\n    println!(\"{} {decision:?}\", api::TABLES.routes.len());\n}\n";
    write_crate(&app, &dep, main);
    for (name, text) in &specs {
        for release in [false, true] {
            std::fs::write(app.join("spec.yaml"), text).expect("spec");
            // Warm: dependencies and the previous spec.
            build(&app, &target, release);
            // Edit the spec (a new description) and rebuild: macro + codegen.
            std::fs::write(
                app.join("spec.yaml"),
                text.replacen("name:", "# edited\nname:", 1),
            )
            .expect("spec");
            let secs = build(&app, &target, release);
            let profile = if release { "release" } else { "debug" };
            println!("build_cost/{name}/{profile}: {secs:.2} s");
            results.push(format!(
                "{{\"spec\":{name:?},\"profile\":{profile:?},\"seconds\":{secs:.3}}}"
            ));
        }
    }
    let mut clean = Vec::new();
    if !quick {
        for (name, deps, main) in [
            ("scopes-runtime", dep.as_str(), main),
            (
                "serde-derive",
                "serde = { version = \"1\", features = [\"derive\"] }",
                "#[derive(serde::Serialize)]\nstruct S { a: u32 }\nfn main() { let _ = S { a: 1 }.a; }\n",
            ),
        ] {
            let dir = base.join(format!("clean-{name}"));
            write_crate(&dir, deps, main);
            if name == "scopes-runtime" {
                std::fs::write(dir.join("spec.yaml"), &specs[0].1).expect("spec");
            }
            let t = base.join(format!("clean-target-{name}"));
            let _ = std::fs::remove_dir_all(&t);
            let secs = build(&dir, &t, false);
            println!("clean_build/{name}: {secs:.2} s");
            clean.push(format!("{{\"crate\":{name:?},\"seconds\":{secs:.3}}}"));
        }
    }
    let json = format!(
        "{{\"quick\":{quick},\"rebuild\":[{}],\"clean\":[{}]}}\n",
        results.join(","),
        clean.join(",")
    );
    std::fs::write(root().join("target/scopes-bench/build_cost.json"), json).expect("results");
}

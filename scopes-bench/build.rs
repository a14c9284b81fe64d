//! Generate the baselines the perfect-hash tables are compared with: a
//! `match` on strings and `phf`'s own SipHash maps (`phf_codegen`), for
//! templates and scope names of spec/foxy.yaml and data/github.yaml.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let mut code = String::new();
    for (name, path) in [
        ("foxy", "../spec/foxy.yaml"),
        ("github", "data/github.yaml"),
    ] {
        println!("cargo:rerun-if-changed={path}");
        let loaded = scopes_spec::load_file(path).expect("valid spec");
        let spec = &loaded.spec;
        for (kind, keys) in [
            (
                "template",
                spec.routes
                    .iter()
                    .map(|r| r.template.text.clone())
                    .collect::<Vec<_>>(),
            ),
            (
                "scope",
                spec.scopes
                    .iter()
                    .map(|s| s.name.clone())
                    .collect::<Vec<_>>(),
            ),
        ] {
            let _ = writeln!(
                code,
                "/// `match` baseline.\n#[must_use]\npub fn {kind}_match_{name}(s: &str) -> Option<u32> {{\n    match s {{"
            );
            for (i, k) in keys.iter().enumerate() {
                let _ = writeln!(code, "        {k:?} => Some({i}),");
            }
            let _ = writeln!(code, "        _ => None,\n    }}\n}}");
            let mut map = phf_codegen::Map::new();
            let values: Vec<String> = (0..keys.len()).map(|i| i.to_string()).collect();
            for (k, v) in keys.iter().zip(&values) {
                map.entry(k.as_str(), v.as_str());
            }
            let _ = writeln!(
                code,
                "/// `phf` (SipHash-1-3) baseline.\npub static {}_PHF_{}: phf::Map<&'static str, u32> = {};",
                kind.to_uppercase(),
                name.to_uppercase(),
                map.build()
            );
        }
    }
    std::fs::write(Path::new(&out).join("baselines.rs"), code).expect("write baselines");
    println!("cargo:rerun-if-changed=build.rs");
}

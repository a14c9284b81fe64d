//! Property tests: parsers never panic; generated and runtime-loaded
//! tables agree; both agree with a naive reference matcher, including on
//! adversarial paths.

use proptest::prelude::*;
use scopes_runtime::{Decision, LoadedSpec, PathMatch};
use scopes_tests::{reference_match, root};

mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}

fn loaded() -> &'static LoadedSpec {
    static L: std::sync::OnceLock<LoadedSpec> = std::sync::OnceLock::new();
    L.get_or_init(|| LoadedSpec::load(root().join("spec/foxy.yaml")).unwrap())
}

fn templates() -> Vec<&'static str> {
    foxy::routes::ALL.iter().map(|r| r.template).collect()
}

/// A path built from a random template with random parameter values.
fn template_path() -> impl Strategy<Value = String> {
    let n = foxy::routes::ALL.len();
    (0..n, proptest::collection::vec("[a-z0-9_-]{1,8}", 4)).prop_map(|(i, values)| {
        let t = foxy::routes::ALL[i].template;
        let mut k = 0;
        t.split('/')
            .map(|seg| match (seg.find('{'), seg.find('}')) {
                (Some(o), Some(c)) => {
                    k += 1;
                    format!("{}{}{}", &seg[..o], values[k % values.len()], &seg[c + 1..])
                }
                _ => seg.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/")
    })
}

/// Ways to make a path non-canonical.
fn break_path(path: &str, how: usize) -> String {
    match how % 7 {
        0 => format!("{path}/"),
        1 => path.replacen('/', "//", 2),
        2 => format!("{path}/.."),
        3 => format!("{path}/./x"),
        4 => format!("{path}%2Fx"),
        5 => format!("{path}%00"),
        _ => format!("{path}/%2e%2E"),
    }
}

fn scope_string() -> impl Strategy<Value = String> {
    let names: Vec<&'static str> = foxy::Scope::ALL.iter().map(|s| s.as_str()).collect();
    proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(names).prop_map(str::to_owned),
            "[a-z_]{1,12}",
        ],
        0..5,
    )
    .prop_map(|v| v.join(" "))
}

const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "get",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn granted_parsing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let s = String::from_utf8_lossy(&bytes);
        let mut words = [0u64; 1];
        match foxy::TABLES.grant(&s, &mut words) {
            // Never a partial grant.
            Err(_) => prop_assert_eq!(words, [0]),
            Ok(_) => prop_assert!(s.bytes().all(|b| b == b' ' || (0x21..=0x7e).contains(&b) && b != b'"' && b != b'\\')),
        }
        let _ = foxy::Granted::parse(&s);
    }

    #[test]
    fn path_matching_never_panics(s in "\\PC{0,40}", bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
        let _ = foxy::TABLES.match_path(&s);
        let _ = foxy::TABLES.match_path(&String::from_utf8_lossy(&bytes));
        let _ = foxy::TABLES.route_by_template(&s);
    }

    #[test]
    fn generated_and_loaded_tables_agree(
        path in template_path(),
        how in 0usize..20,
        method in proptest::sample::select(METHODS.to_vec()),
        scope in scope_string(),
    ) {
        let dynamic = loaded().tables();
        // Adversarial half of the time.
        let path = if how < 10 { path } else { break_path(&path, how) };
        let g1 = foxy::Granted::parse(&scope).unwrap();
        let g2 = scopes_runtime::Granted::parse(&dynamic, &scope).unwrap();
        prop_assert_eq!(g1.words(), g2.words());
        let d1 = foxy::TABLES.authorize(method, &path, g1.words());
        let d2 = dynamic.authorize(method, &path, g2.words());
        prop_assert_eq!(d1, d2);
        if how >= 10 {
            prop_assert!(matches!(d1, Decision::InvalidPath(_)), "{} gave {:?}", path, d1);
        } else {
            let want = reference_match(&templates(), &path);
            let got = match foxy::TABLES.match_path(&path) {
                PathMatch::Route(r) => Some(foxy::TABLES.template(r)),
                _ => None,
            };
            prop_assert_eq!(got, want, "{}", path);
        }
    }
}

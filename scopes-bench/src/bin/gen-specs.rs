//! Write data/github.yaml and data/gitlab.yaml from the route sets, and
//! data/synthetic_10000.yaml.

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let (github, dropped_gh) = scopes_bench::valid_spec("github", scopes_bench::github_routes());
    std::fs::write(dir.join("github.yaml"), github).expect("write github.yaml");
    let (gitlab, dropped_gl) = scopes_bench::valid_spec("gitlab", scopes_bench::gitlab_routes());
    std::fs::write(dir.join("gitlab.yaml"), gitlab).expect("write gitlab.yaml");
    std::fs::write(
        dir.join("synthetic_10000.yaml"),
        scopes_bench::synthetic(10_000),
    )
    .expect("write synthetic_10000.yaml");
    println!("github.yaml: {dropped_gh} routes dropped; gitlab.yaml: {dropped_gl} routes dropped");
}

//! Check a spec and print its export: `cargo run -p scopes-spec --example check -- spec/foxy.yaml`.
fn main() {
    for path in std::env::args().skip(1) {
        match scopes_spec::load_file(&path) {
            Ok(l) => {
                print!("{}", l.report.render(false));
                println!("{}", scopes_spec::export::to_json(&l.spec));
            }
            Err(r) => print!("{}", r.render(false)),
        }
    }
}

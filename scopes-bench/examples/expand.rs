//! Expand one synthetic spec `rounds` times, for callgrind (where the
//! expansion time of table 4 goes as the spec grows):
//!
//! ```sh
//! cargo build --release -p scopes-bench --example expand
//! valgrind --tool=callgrind target/release/examples/expand <routes> <rounds>
//! ```
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(1000, |a| a.parse().expect("routes"));
    let rounds: usize = args.next().map_or(1, |a| a.parse().expect("rounds"));
    let dir = std::env::temp_dir().join("scopes-expand");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(format!("synthetic_{n}.yaml"));
    std::fs::write(&path, scopes_bench::synthetic(n)).expect("write spec");
    let lit = proc_macro2::Literal::string(&path.display().to_string());
    let input: proc_macro2::TokenStream = proc_macro2::TokenTree::Literal(lit).into();
    let mut len = 0;
    for _ in 0..rounds {
        len += scopes_codegen::include_spec(black_box(input.clone()), None)
            .into_iter()
            .count();
    }
    println!("{len} top-level tokens");
}

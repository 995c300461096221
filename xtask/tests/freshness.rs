//! `cargo test` catches a stale generated crate: this runs exactly what `cargo xtask generate --check` runs.

#[test]
fn generated_code_is_fresh() {
    let root = xtask::workspace_root().expect("the test runs inside the checkout");
    if let Some(report) = xtask::generate::check(&root).expect("the generator runs") {
        panic!("{report}");
    }
}

//! Tests of the generator: every bad spec gets its clear error (and never a panic), and the output is deterministic.

mod bad_specs;
mod determinism;
mod emulator_table;
mod type_names;
mod validation;

use std::path::PathBuf;

pub fn spec_text(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../spec")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
}

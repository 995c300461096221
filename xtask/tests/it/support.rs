//! Shared helpers: the five reference pages (copied under `pages/` from `../shared/api-docs/`, so the tests do not
//! depend on anything outside the repository), the real spec files, and scratch folders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The file names of the five pages, in order.
pub const PAGES: [&str; 5] = [
    "000_506fe8a84725eba1.txt",
    "001_1d5759f2a78fc295.txt",
    "002_53836e43b6993692.txt",
    "003_abe27f7cb803c111.txt",
    "004_0eee156584138b93.txt",
];

/// The folder of the page copies.
pub fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/pages")
}

/// A page's text.
pub fn page(name: &str) -> String {
    std::fs::read_to_string(pages_dir().join(name)).expect("the page copy exists")
}

/// The repository's `spec/` folder (read only).
pub fn spec_dir() -> PathBuf {
    xtask::workspace_root()
        .expect("the tests run inside the checkout")
        .join("spec")
}

/// A spec file's text from `spec/`.
pub fn spec(name: &str) -> String {
    std::fs::read_to_string(spec_dir().join(name)).expect("the spec file exists")
}

/// A fresh, empty scratch folder under cargo's temporary folder for tests; `label` must be unique among the tests.
pub fn scratch(label: &str) -> PathBuf {
    // One folder per label (each test uses its own labels): a rerun replaces the folders of the previous run
    // instead of piling up more.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("xtask-it-{label}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating a scratch folder");
    dir
}

/// A scratch copy of `spec/*.yaml`.
pub fn spec_copy(label: &str) -> PathBuf {
    let dir = scratch(label);
    for name in ["cas-2020-04-07.yaml", "vod-2017-03-21.yaml"] {
        std::fs::write(dir.join(name), spec(name)).expect("copying a spec file");
    }
    dir
}

/// Writes `text` as a page file in `dir` and returns its path.
pub fn write_page(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("writing a page");
    path
}

/// `text` with `from` replaced by `to`, which must occur exactly once (so a test edit cannot silently miss).
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "expected exactly one {from:?} in the page"
    );
    text.replacen(from, to, 1)
}

/// `text` without the `info.x-alicert-endpoints` block (the key and every line indented deeper under it), for tests
/// that write endpoints of their own.
pub fn without_endpoints(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        if line == "  x-alicert-endpoints:\n" {
            skipping = true;
            continue;
        }
        if skipping && line.starts_with("    ") {
            continue;
        }
        skipping = false;
        out.push_str(line);
    }
    out
}

/// What `cargo xtask generate` would write for the spec folder `dir` (a spec copy); panics naming the generator's
/// error.
pub fn generate(dir: &Path) -> Vec<codegen::GeneratedFile> {
    let sources = xtask::generate::folder_sources(dir).expect("the spec folder reads");
    codegen::generate(&sources)
        .unwrap_or_else(|error| panic!("the generator refuses {}: {error}", dir.display()))
}

/// The text of the generated file at `path` (`crates/alicert-api/src/products.rs`) among `files`.
pub fn generated<'f>(files: &'f [codegen::GeneratedFile], path: &str) -> &'f str {
    files
        .iter()
        .find(|file| file.path == path)
        .map(|file| file.contents.as_str())
        .unwrap_or_else(|| panic!("no generated {path}"))
}

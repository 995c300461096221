//! The library half of `cargo xtask`, so that tests can run exactly what the commands run (the freshness test calls
//! [`generate::check`], the same function as `cargo xtask generate --check`; the import and diff tests call
//! [`import::run`] and [`spec_diff::diff`]).
//!
//! - [`generate`]: `cargo xtask generate [--check]`.
//! - [`import`]: `cargo xtask import-doc PAGE...`, on top of [`docpage`] (the page reader), [`json`] (its sample
//!   reader), [`shared_titles`] (enums that share a title) and [`yaml_style`] (the spec files' house style).
//! - [`spec_diff`]: `cargo xtask spec-diff [OLD] [NEW]`, with [`rust_api`] for the summary of public Rust items.

pub mod bench;
pub mod docpage;
pub mod generate;
pub mod import;
pub mod json;
pub mod rust_api;
pub mod shared_titles;
pub mod spec_diff;
pub mod yaml_style;

use std::path::{Path, PathBuf};

/// The repository root: the parent of this crate's folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

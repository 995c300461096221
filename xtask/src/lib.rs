//! The library half of `cargo xtask`, so that tests can run exactly what the commands run (the freshness test calls
//! [`generate::check`], the same function as `cargo xtask generate --check`).

pub mod generate;

use std::path::{Path, PathBuf};

/// The repository root: the parent of this crate's folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

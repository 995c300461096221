//! The library half of `cargo xtask`, so that tests can run exactly what the commands run (the freshness test calls
//! [`generate::check`], the same function as `cargo xtask generate --check`; the import and diff tests call
//! [`import::run`] and [`spec_diff::diff`]).
//!
//! - [`generate`]: `cargo xtask generate [--check]`.
//! - [`import`]: `cargo xtask import-doc PAGE...`, on top of [`docpage`] (the page reader), [`json`] (its sample
//!   reader), [`shared_titles`] (enums that share a title) and [`yaml_style`] (the spec files' house style).
//! - [`spec_diff`]: `cargo xtask spec-diff [OLD] [NEW]`, the command line of the `specdiff` library.
//! - [`bench`]: `cargo xtask bench`, the side-by-side benchmark run and its report.
//! - [`read`]: how every file the commands are given is read (regular files only, capped).

pub mod bench;
pub mod docpage;
pub mod generate;
pub mod import;
pub mod json;
pub mod shared_titles;
pub mod spec_diff;
pub mod yaml_style;

pub mod read;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// The repository root of the checkout the command runs in, found at run time: the nearest folder with a
/// `Cargo.toml` that declares a `[workspace]`, going up from `CARGO_MANIFEST_DIR` (cargo sets it to xtask's folder
/// when `cargo xtask` runs the binary) or, when the binary runs on its own, from the current folder.
///
/// It is not fixed at compile time: with one `CARGO_TARGET_DIR` shared by two checkouts, the binary built in one
/// would otherwise read and write the other.
pub fn workspace_root() -> Result<PathBuf> {
    let start = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => std::env::current_dir()?,
    };
    find_workspace_root(&start)
}

/// The nearest folder at or above `start` whose `Cargo.toml` has a `[workspace]` table.
pub fn find_workspace_root(start: &Path) -> Result<PathBuf> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        if !manifest.is_file() {
            continue;
        }
        let text = read::text_file(&manifest, read::MANIFEST_CAP)?;
        if text.lines().any(|line| line.trim() == "[workspace]") {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no Cargo workspace at or above {}: run `cargo xtask` inside the alicert checkout",
        start.display()
    )
}

//! Reading the files the commands are given (pages, specs, manifests): regular files only, and no more than a cap.
//! A path may name a FIFO, a device or a folder; reading one would block forever or fill memory, so its kind is
//! checked before it is opened, it is opened without blocking, and the kind is checked again on the open file (the
//! path may have been replaced in between).

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};

/// An API reference page is a few tens of KB.
pub const PAGE_CAP: u64 = 4 << 20;
/// A spec file is a few hundred KB at most.
pub const SPEC_CAP: u64 = 16 << 20;
/// A `Cargo.toml`.
pub const MANIFEST_CAP: u64 = 1 << 20;

/// The text of the regular file at `path`, which must be UTF-8 and at most `cap` bytes.
pub fn text_file(path: &Path, cap: u64) -> Result<String> {
    let metadata =
        std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
    check_kind(path, &metadata, cap)?;
    let file =
        open_without_blocking(path).with_context(|| format!("opening {}", path.display()))?;
    let metadata = file
        .metadata()
        .with_context(|| format!("reading {}", path.display()))?;
    check_kind(path, &metadata, cap)?;
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {}", path.display()))?;
    if bytes.len() as u64 > cap {
        bail!("{} is larger than {cap} bytes", path.display());
    }
    String::from_utf8(bytes).map_err(|error| {
        anyhow::anyhow!(
            "{} is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            error.utf8_error().valid_up_to()
        )
    })
}

fn check_kind(path: &Path, metadata: &std::fs::Metadata, cap: u64) -> Result<()> {
    let kind = metadata.file_type();
    if kind.is_dir() {
        bail!("{} is a folder, not a file", path.display());
    }
    if !kind.is_file() {
        bail!(
            "{} is not a regular file (a FIFO, socket or device); only regular files are read",
            path.display()
        );
    }
    if metadata.len() > cap {
        bail!(
            "{} is {} bytes, more than the {cap} bytes such a file can be",
            path.display(),
            metadata.len()
        );
    }
    Ok(())
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // A FIFO swapped in after the check would block `open` itself until a writer comes; O_NONBLOCK returns at once.
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

//! The one way a credentials source reads a file from disk. Configuration files are small, but the paths come from
//! the environment and from users, so a path may name a FIFO (opening one waits for a writer forever), a device
//! (`/dev/zero` never ends), a directory or a file of gigabytes. Every such case is an error that names the path and
//! what it is, returned at once, and no more than [`MAX_FILE_BYTES`] + 1 bytes are ever read.
//!
//! On Unix the file is opened with `O_NONBLOCK` and then judged by the metadata of the open handle, so there is no
//! window between a check and the open in which the path could be swapped for a FIFO; the flag does nothing to the
//! reads of a regular file.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

use super::{CredentialsError, CredentialsErrorKind};

/// The largest file read: configuration and credentials files are a few kilobytes; a mebibyte is plenty.
pub(crate) const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// There is nothing at the path.
    NotFound,
    /// Something is there, but it is not a regular file: a directory, a FIFO, a device, a socket.
    NotRegular(&'static str),
    /// A regular file larger than the limit.
    TooLarge { limit: u64 },
    /// The operating system refused (permissions, I/O).
    Io(io::Error),
}

impl ReadError {
    /// What went wrong, for a message that already names the path: `is a FIFO, not a regular file`.
    pub(crate) fn describe(&self) -> String {
        match self {
            ReadError::NotFound => "does not exist".to_owned(),
            ReadError::NotRegular(what) => format!("is {what}, not a regular file"),
            ReadError::TooLarge { limit } => {
                format!("is larger than {limit} bytes, too large for a configuration file")
            }
            ReadError::Io(error) => format!("cannot be read: {error}"),
        }
    }

    /// The error `provider` reports for this failure to read `path`: a file that exists but cannot be used is a hard
    /// error (never "not found", which would let a chain move on to another identity).
    pub(crate) fn into_credentials_error(
        self,
        provider: &'static str,
        path: &Path,
    ) -> CredentialsError {
        let kind = match self {
            ReadError::NotFound => CredentialsErrorKind::NotFound,
            ReadError::TooLarge { .. } => CredentialsErrorKind::Malformed,
            ReadError::NotRegular(_) | ReadError::Io(_) => CredentialsErrorKind::Io,
        };
        let error = CredentialsError::new(
            kind,
            provider,
            format!("{} {}", path.display(), self.describe()),
        )
        .with_path(path);
        match self {
            ReadError::Io(cause) => error.with_source(cause),
            _ => error,
        }
    }
}

/// Reads the regular file at `path` (symbolic links followed), refusing anything else and anything larger than
/// `limit` bytes.
pub(crate) fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open(path)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular(kind(&metadata)));
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    // The file may grow between the metadata and the read: the read itself is bounded too.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

fn io_error(error: io::Error) -> ReadError {
    match error.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(error),
    }
}

#[cfg(unix)]
fn open(path: &Path) -> Result<File, ReadError> {
    use std::os::unix::fs::OpenOptionsExt as _;
    // Opening a FIFO without O_NONBLOCK blocks until a writer appears, before any metadata can be looked at.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(io_error)
}

#[cfg(not(unix))]
fn open(path: &Path) -> Result<File, ReadError> {
    // No O_NONBLOCK here: look first, so that at least a pipe or device put there beforehand is never opened.
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular(kind(&metadata)));
    }
    File::open(path).map_err(io_error)
}

/// What a non-regular file is, in words.
fn kind(metadata: &Metadata) -> &'static str {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "something other than a file"
}

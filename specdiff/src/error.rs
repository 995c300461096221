//! The one error of the comparison: a spec that cannot be compared (not YAML, not a mapping, a second file of the
//! same product). It names the file and the side it came from, so that a reviewer knows which of the two trees to
//! fix; the parser's own error, with its line, comes through `source()`.

use std::fmt;

/// A spec that cannot be compared.
#[derive(Debug)]
pub struct Error {
    file: String,
    side: String,
    message: String,
    source: Option<serde_yaml::Error>,
}

impl Error {
    pub(crate) fn new(file: &str, side: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            side: side.to_owned(),
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn yaml(file: &str, side: &str, source: serde_yaml::Error) -> Self {
        Self {
            source: Some(source),
            ..Self::new(file, side, "not valid YAML")
        }
    }

    /// The spec file's name (`cas-2020-04-07.yaml`), or the side's label when the problem is the set of files.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The side it belongs to, as the caller labelled it (`` `HEAD` ``, `the working tree`).
    pub fn side(&self) -> &str {
        &self.side
    }
}

impl fmt::Display for Error {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} ({}): {}", self.file, self.side, self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|error| error as &(dyn std::error::Error + 'static))
    }
}

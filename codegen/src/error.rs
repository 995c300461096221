//! The one error type of the generator. A spec problem must name the file and, where there is one, the operation and
//! the place inside it, because the person reading it is about to open that file.

use std::fmt;

/// Something wrong with a spec file, or a failure of the generator on a spec that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    file: String,
    operation: Option<String>,
    location: Option<(usize, usize)>,
    pointer: Option<Vec<String>>,
    message: String,
}

impl SpecError {
    pub(crate) fn new(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            operation: None,
            location: None,
            pointer: None,
            message: message.into(),
        }
    }

    pub(crate) fn in_operation(mut self, operation: impl Into<String>) -> Self {
        self.operation = Some(operation.into());
        self
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.location = Some((line, column));
        self
    }

    /// Marks the node the problem is at (unescaped JSON pointer segments); [`Self::located`] turns it into a line.
    pub(crate) fn at_node(mut self, pointer: Vec<String>) -> Self {
        self.pointer = Some(pointer);
        self
    }

    /// Fills in the line and column of the marked node from the spec's text, unless a position is already known.
    pub(crate) fn located(mut self, text: &str) -> Self {
        if self.location.is_none()
            && let Some(pointer) = &self.pointer
        {
            self.location = crate::locate::locate(text, pointer);
        }
        self
    }

    /// The spec file, as the caller named it (e.g. `spec/cas-2020-04-07.yaml`).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The operation (its Action) the problem is in, when it is in one.
    pub fn operation(&self) -> Option<&str> {
        self.operation.as_deref()
    }

    /// Line and column (1-based) in the file, when the YAML parser knows them.
    pub fn location(&self) -> Option<(usize, usize)> {
        self.location
    }

    /// The JSON pointer of the node the problem is at (`#/paths/~1?Action=X/post/parameters/0`), when known.
    pub fn pointer(&self) -> Option<String> {
        self.pointer.as_deref().map(crate::locate::pointer_text)
    }

    /// What is wrong, without the file and operation prefix.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(operation) = &self.operation {
            write!(f, ": operation {operation}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for SpecError {}

//! A string that cannot be printed by accident. AccessKey secrets and STS tokens travel through structs that get
//! logged, debug-printed and wrapped in errors; holding them in [`Secret`] makes every `{:?}` and `{}` of those
//! structs safe by construction, so redaction does not depend on each caller remembering to do it. The only way to
//! the value is the explicit, greppable [`Secret::expose`].

use std::fmt;

use zeroize::Zeroize as _;

/// What every formatting of a [`Secret`] prints.
pub(crate) const REDACTED: &str = "<redacted>";

/// A secret string (an AccessKey secret, an STS security token) whose `Debug` and `Display` print `<redacted>`.
///
/// It is deliberately not `Serialize`: writing a secret out should be a visible decision, made with
/// [`Secret::expose`]. On drop its whole buffer (spare capacity included) is overwritten with zeros by `zeroize`,
/// whose writes the optimiser cannot remove; copies the allocator made earlier (when the string grew) are out of
/// reach, so treat this as hygiene rather than a guarantee.
///
/// ```
/// use alicert_core::secret::Secret;
///
/// let secret = Secret::new("hunter2");
/// assert_eq!(format!("{secret:?} {secret}"), "<redacted> <redacted>");
/// assert_eq!(secret.expose(), "hunter2");
/// ```
#[derive(Clone, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value itself. Call this only where the value is used (signing, sending), never to print it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string (a common sign of a half-filled configuration).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl PartialEq for Secret {
    /// Compares without an early exit on the first differing byte, so the time taken does not tell how much of a
    /// guess was right. (The length still shows; secrets of a kind share one length anyway.)
    fn eq(&self, other: &Self) -> bool {
        let (left, right) = (self.0.as_bytes(), other.0.as_bytes());
        left.len() == right.len()
            && left
                .iter()
                .zip(right)
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_never_shows_the_value() {
        let secret = Secret::new("s3cr3t-value");
        for shown in [
            format!("{secret:?}"),
            format!("{secret}"),
            format!("{secret:#?}"),
            format!("{secret:>20}"),
        ] {
            assert!(!shown.contains("s3cr3t"), "{shown}");
        }
        assert_eq!(secret.expose(), "s3cr3t-value");
    }

    #[test]
    fn equality_compares_values() {
        assert_eq!(Secret::new("a"), Secret::from("a"));
        assert_ne!(Secret::new("a"), Secret::new("b"));
        assert_ne!(Secret::new("a"), Secret::new("ab"));
        assert!(Secret::default().is_empty());
    }
}

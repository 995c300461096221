//! The last line of defence for "a secret never appears": every AccessKey secret and STS token this process signs
//! with is remembered here, and every byte the CLI writes (results, errors, progress, log lines) passes through
//! [`scrub`] on its way out. The libraries already keep secrets out of their messages; this catches what they cannot
//! know about, such as the service echoing an STS token inside the string-to-sign of a `SignatureDoesNotMatch`
//! message, where it appears percent-encoded once or twice.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::{Arc, RwLock};

use alicert_core::credentials::{Credentials, CredentialsError, ProvideCredentials};
use futures::future::BoxFuture;

/// What a secret is replaced with.
pub const MASK: &str = "<redacted>";

/// Secrets shorter than this are not scrubbed: masking every `e` in the output protects nothing. Real AccessKey
/// secrets are 30 characters, STS tokens hundreds.
const MIN_LEN: usize = 4;

/// The forms of every secret seen: as is, percent-encoded, and percent-encoded twice (V1's string-to-sign).
static SEEN: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Remembers `secret` so that it is scrubbed from all later output.
pub fn remember(secret: &str) {
    if secret.len() < MIN_LEN {
        return;
    }
    let once = alicert_core::encode::percent_encoded(secret);
    let twice = alicert_core::encode::percent_encoded(&once);
    let mut seen = match SEEN.write() {
        Ok(seen) => seen,
        Err(poisoned) => poisoned.into_inner(),
    };
    for form in [secret.to_owned(), once, twice] {
        if !seen.contains(&form) {
            seen.push(form);
        }
    }
    // Longest first, so that a form containing another is replaced whole.
    seen.sort_by_key(|form| std::cmp::Reverse(form.len()));
}

/// Remembers the secret and the token of `credentials`.
pub fn remember_credentials(credentials: &Credentials) {
    remember(credentials.access_key_secret());
    if let Some(token) = credentials.security_token() {
        remember(token);
    }
}

/// `text` with every remembered secret replaced by [`MASK`].
pub fn scrub(text: &str) -> Cow<'_, str> {
    let seen = match SEEN.read() {
        Ok(seen) => seen,
        Err(poisoned) => poisoned.into_inner(),
    };
    if !seen.iter().any(|form| text.contains(form.as_str())) {
        return Cow::Borrowed(text);
    }
    let mut out = text.to_owned();
    for form in seen.iter() {
        if out.contains(form.as_str()) {
            out = out.replace(form.as_str(), MASK);
        }
    }
    Cow::Owned(out)
}

/// A credentials source that remembers what it hands out, so that a refreshed STS token is scrubbed too.
#[derive(Debug, Clone)]
pub struct Remembering(pub Arc<dyn ProvideCredentials>);

impl ProvideCredentials for Remembering {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let credentials = self.0.provide_credentials().await?;
            remember_credentials(&credentials);
            Ok(credentials)
        })
    }
}

/// A writer for log lines: it collects one event and writes it, scrubbed, to stderr when dropped (the `fmt` layer
/// asks for a fresh writer per event).
pub struct ScrubbingStderr {
    buffer: Vec<u8>,
}

impl ScrubbingStderr {
    /// A writer for one log event.
    pub fn new() -> Self {
        Self { buffer: Vec::new() }
    }
}

impl Write for ScrubbingStderr {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for ScrubbingStderr {
    fn drop(&mut self) {
        if self.buffer.is_empty() {
            return;
        }
        let text = String::from_utf8_lossy(&self.buffer);
        // A log line that cannot be written is dropped: logging must never fail the command.
        let _ = io::stderr().lock().write_all(scrub(&text).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_every_form() {
        remember("sts/token+with=reserved");
        let once = alicert_core::encode::percent_encoded("sts/token+with=reserved");
        let twice = alicert_core::encode::percent_encoded(&once);
        let text = format!("a sts/token+with=reserved b {once} c {twice} d");
        let scrubbed = scrub(&text);
        assert_eq!(scrubbed, format!("a {MASK} b {MASK} c {MASK} d"));
        assert!(matches!(scrub("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn short_values_are_not_scrubbed() {
        remember("e");
        assert_eq!(scrub("eee"), "eee");
    }
}

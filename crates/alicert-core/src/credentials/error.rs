//! Why no credentials came back, in words that point at the fix. The one distinction a caller acts on is
//! [`CredentialsError::is_not_found`]: "this source has nothing, try the next" versus "this source is broken, stop".
//! Everything else is for the person reading the message, so each error names its source and, where one is
//! involved, the file and the profile. No message ever contains a secret: values read from files, the environment or
//! the metadata server are never echoed, only the names of the places they came from.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong, broadly. More kinds may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source has no credentials (variables unset, file absent, feature not enabled). A chain moves on.
    NotFound,
    /// The file exists but has no profile of the chosen name. A chain moves on: the same profile name applies to
    /// the next file too.
    ProfileNotFound,
    /// A file or a response is not what it should be: invalid JSON or INI, a required field missing or empty.
    Malformed,
    /// The profile uses a mode or type that this crate does not implement.
    Unsupported,
    /// A setting is inconsistent: half of a key pair in the environment, an invalid role name.
    Misconfigured,
    /// A file exists but could not be read.
    Io,
    /// The ECS metadata server could not be reached or answered with an error.
    MetadataService,
    /// Security Token Service (or a credentials URI) could not be reached, refused to issue credentials, or
    /// answered with something that is not credentials.
    Sts,
    /// Every source of a chain had nothing; [`CredentialsError::looked_in`] lists them.
    NoneFound,
    /// An error from a provider outside this crate.
    Other,
}

/// Why a [`ProvideCredentials`](super::ProvideCredentials) source produced no credentials.
///
/// `Display` names the source, and the file and profile where there are some, on one line. The underlying I/O, JSON
/// or HTTP error, if any, comes through [`std::error::Error::source`].
#[derive(Debug)]
pub struct CredentialsError(Box<Inner>);

/// Boxed so that `Result<Credentials, CredentialsError>` stays small on the success path.
#[derive(Debug)]
struct Inner {
    kind: CredentialsErrorKind,
    provider: Cow<'static, str>,
    message: String,
    path: Option<PathBuf>,
    profile: Option<String>,
    looked_in: Vec<CredentialsError>,
    cause: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl CredentialsError {
    pub(crate) fn new(
        kind: CredentialsErrorKind,
        provider: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self(Box::new(Inner {
            kind,
            provider: Cow::Borrowed(provider),
            message: message.into(),
            path: None,
            profile: None,
            looked_in: Vec::new(),
            cause: None,
        }))
    }

    /// For providers outside this crate: the source has nothing to offer, and a chain should try the next one.
    /// `provider` names the source ("OIDC", "Vault"); `message` says where it looked. Never put a secret in either.
    pub fn not_found(provider: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        let mut error = Self::new(CredentialsErrorKind::NotFound, "", message);
        error.0.provider = provider.into();
        error
    }

    /// For providers outside this crate: the source failed and a chain should stop. Attach the cause with
    /// [`CredentialsError::with_source`]. Never put a secret in the message.
    pub fn other(provider: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        let mut error = Self::new(CredentialsErrorKind::Other, "", message);
        error.0.provider = provider.into();
        error
    }

    /// Attaches the underlying error, reported through [`std::error::Error::source`].
    pub fn with_source(
        mut self,
        cause: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        self.0.cause = Some(cause.into());
        self
    }

    pub(crate) fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.0.path = Some(path.into());
        self
    }

    pub(crate) fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.0.profile = Some(profile.into());
        self
    }

    /// Says where the failing configuration lives (`profile "ops" of /home/me/.aliyun/config.json`), before the
    /// message.
    pub(crate) fn in_place(mut self, place: &str) -> Self {
        self.0.message = format!("{place}: {}", self.0.message);
        self
    }

    /// The same kind, source, message, file and profile, without the cause (which cannot be cloned): for an error
    /// found when a chain was built and reported at every call.
    pub(crate) fn clone_message(&self) -> Self {
        Self(Box::new(Inner {
            kind: self.0.kind,
            provider: self.0.provider.clone(),
            message: self.0.message.clone(),
            path: self.0.path.clone(),
            profile: self.0.profile.clone(),
            looked_in: Vec::new(),
            cause: None,
        }))
    }

    pub(crate) fn none_found(provider: &'static str, looked_in: Vec<CredentialsError>) -> Self {
        let mut error = Self::new(
            CredentialsErrorKind::NoneFound,
            provider,
            "no credentials found",
        );
        error.0.looked_in = looked_in;
        error
    }

    /// What went wrong, broadly.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.0.kind
    }

    /// True when the source simply has nothing (unset variables, no file, no such profile, every source of a chain
    /// empty): try the next source. False for a hard error (a malformed file, an unsupported mode, an unreachable
    /// metadata server): stop and report it.
    pub fn is_not_found(&self) -> bool {
        matches!(
            self.0.kind,
            CredentialsErrorKind::NotFound
                | CredentialsErrorKind::ProfileNotFound
                | CredentialsErrorKind::NoneFound
        )
    }

    /// The source that failed: "environment", "aliyun CLI config", "credentials file", "ECS RAM role", "default
    /// chain", or a custom provider's name.
    pub fn provider(&self) -> &str {
        &self.0.provider
    }

    /// The file involved, if any.
    pub fn path(&self) -> Option<&Path> {
        self.0.path.as_deref()
    }

    /// The profile involved, if any.
    pub fn profile(&self) -> Option<&str> {
        self.0.profile.as_deref()
    }

    /// For a chain that found nothing: each source's own not-found error, in the order they were asked.
    pub fn looked_in(&self) -> &[CredentialsError] {
        &self.0.looked_in
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.provider, self.0.message)?;
        if !self.0.looked_in.is_empty() {
            f.write_str("; looked in: ")?;
            for (index, attempt) in self.0.looked_in.iter().enumerate() {
                if index > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "[{}] {attempt}", index + 1)?;
            }
        }
        Ok(())
    }
}

impl StdError for CredentialsError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0
            .cause
            .as_deref()
            .map(|cause| cause as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_lists_each_attempt() {
        let chain = CredentialsError::none_found(
            "default chain",
            vec![
                CredentialsError::not_found(
                    "environment",
                    "ALIBABA_CLOUD_ACCESS_KEY_ID is not set",
                ),
                CredentialsError::not_found(
                    "aliyun CLI config",
                    "/home/x/.aliyun/config.json does not exist",
                ),
            ],
        );
        assert_eq!(
            chain.to_string(),
            "default chain: no credentials found; looked in: [1] environment: ALIBABA_CLOUD_ACCESS_KEY_ID is not set; \
             [2] aliyun CLI config: /home/x/.aliyun/config.json does not exist"
        );
        assert!(chain.is_not_found());
        assert_eq!(chain.looked_in().len(), 2);
    }

    #[test]
    fn custom_provider_errors() {
        let io = std::io::Error::other("token file unreadable");
        let error =
            CredentialsError::other("OIDC", "could not read the token file").with_source(io);
        assert!(!error.is_not_found());
        assert_eq!(error.kind(), CredentialsErrorKind::Other);
        assert_eq!(error.provider(), "OIDC");
        assert!(error.source().is_some());
    }
}

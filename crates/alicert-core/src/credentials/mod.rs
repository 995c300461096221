//! Whose keys sign a request, and where they come from. A signer needs an AccessKey pair and, for STS credentials,
//! a security token; this module holds them in [`Credentials`] (whose `Debug` never shows a secret) and finds them
//! the way the official Alibaba Cloud SDKs do, so a machine already set up for the `aliyun` CLI or another SDK works
//! unchanged.
//!
//! [`DefaultChain`] looks, in order, at:
//!
//! 1. the environment ([`EnvProvider`]): `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`,
//!    `ALIBABA_CLOUD_SECURITY_TOKEN`;
//! 2. an OIDC role (RRSA, [`OidcRoleProvider`]) when `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
//!    `ALIBABA_CLOUD_OIDC_TOKEN_FILE` are all set: STS `AssumeRoleWithOIDC`, unsigned, with the token file's content;
//! 3. the `aliyun` CLI's `~/.aliyun/config.json` ([`CliProfileProvider`]), modes `AK`, `StsToken`, `RamRoleArn`,
//!    `ChainableRamRoleArn`, `EcsRamRole` and `OIDC`;
//! 4. `~/.alibabacloud/credentials` ([`CredentialsFileProvider`]), types `access_key`, `ram_role_arn`,
//!    `oidc_role_arn` and `ecs_ram_role`;
//! 5. the ECS instance's RAM role from the metadata server ([`EcsRamRoleProvider`]), only when
//!    `ALIBABA_CLOUD_ECS_METADATA` names the role, so that nothing waits on `100.100.100.200` off ECS;
//! 6. `ALIBABA_CLOUD_CREDENTIALS_URI` ([`CredentialsUriProvider`]).
//!
//! Roles are assumed through STS ([`RamRoleArnProvider`], [`OidcRoleProvider`]) at `sts.aliyuncs.com`, or the
//! endpoint `ALIBABA_CLOUD_STS_REGION` and `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED` choose as the official providers do,
//! or the full URL in `ALIBABA_CLOUD_STS_ENDPOINT` (ours; the emulator's, in tests). STS credentials are cached and
//! refreshed 15 minutes before they expire, with one refresh in flight however many callers wait.
//!
//! A source with nothing to offer says so ([`CredentialsError::is_not_found`]) and the chain moves on; a source that
//! is there but broken (a malformed file, an unsupported mode) stops the chain, because guessing past a broken
//! configuration could sign with somebody else's keys. A variable that is set but not to UTF-8 text is such a broken
//! source (named, its value never shown), not an unset one; paths (`HOME`, `ALIBABA_CLOUD_CREDENTIALS_FILE`) need not
//! be UTF-8 and are used as they are.
//!
//! ```
//! use alicert_core::credentials::{Credentials, ProvideCredentials};
//!
//! # futures::executor::block_on(async {
//! let static_keys = Credentials::new("LTAI5tExampleKeyId0001", "example-secret");
//! let found = static_keys.provide_credentials().await.unwrap();
//! assert_eq!(found.access_key_id(), "LTAI5tExampleKeyId0001");
//! assert!(!format!("{found:?}").contains("example-secret"));
//! # });
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;

use crate::secret::Secret;
use crate::sign::v1;

mod chain;
mod cli_modes;
mod cli_profile;
mod ecs;
mod env;
mod error;
mod file;
mod ini;
mod oidc;
mod plan;
mod read;
mod refresh;
mod role;
mod shown;
mod sts;
mod sts_endpoint;
mod uri;

pub use chain::{DefaultChain, ProviderChain};
pub use cli_profile::{CliProfile, CliProfileProvider, load_profile};
pub use ecs::EcsRamRoleProvider;
pub use env::EnvProvider;
pub use error::{CredentialsError, CredentialsErrorKind};
pub use file::CredentialsFileProvider;
pub use oidc::OidcRoleProvider;
pub use role::RamRoleArnProvider;
pub use sts_endpoint::StsEndpoint;
pub use uri::CredentialsUriProvider;

/// An AccessKey pair, optionally with an STS security token and the time it expires.
///
/// `Debug` shows the AccessKey ID masked to its first four and last two characters (as the `aliyun` CLI does) and
/// `<redacted>` for the secret and the token.
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: Secret,
    security_token: Option<Secret>,
    expiration: Option<SystemTime>,
    /// The V1 HMAC key state of `access_key_secret`, prepared once here rather than on every attempt.
    v1_key: v1::SigningKey,
}

impl PartialEq for Credentials {
    /// Equal when the AccessKey pair, token and expiration are; the prepared key follows from the secret.
    fn eq(&self, other: &Self) -> bool {
        self.access_key_id == other.access_key_id
            && self.access_key_secret == other.access_key_secret
            && self.security_token == other.security_token
            && self.expiration == other.expiration
    }
}

impl Eq for Credentials {}

impl Credentials {
    /// Long-lived AccessKey credentials.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<Secret>) -> Self {
        let access_key_secret = access_key_secret.into();
        Self {
            access_key_id: access_key_id.into(),
            v1_key: v1::SigningKey::new(access_key_secret.expose()),
            access_key_secret,
            security_token: None,
            expiration: None,
        }
    }

    /// Adds an STS security token, making these temporary (STS) credentials.
    pub fn with_security_token(mut self, security_token: impl Into<Secret>) -> Self {
        self.security_token = Some(security_token.into());
        self
    }

    /// Records when these credentials stop working.
    pub fn with_expiration(mut self, expiration: SystemTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// The AccessKey ID (sent in the clear with every request; not a secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The AccessKey secret, for signing.
    pub fn access_key_secret(&self) -> &str {
        self.access_key_secret.expose()
    }

    /// The secret's V1 signing key, prepared when these credentials were made.
    pub fn v1_signing_key(&self) -> &v1::SigningKey {
        &self.v1_key
    }

    /// The STS security token, sent as `SecurityToken` (V1) or `x-acs-security-token` (V3).
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_ref().map(Secret::expose)
    }

    /// When these credentials expire, if they do.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }

    /// Whether these are STS credentials (they carry a security token).
    pub fn is_sts(&self) -> bool {
        self.security_token.is_some()
    }

    /// Whether these credentials expire at or before `now + margin`. Credentials without an expiration never do.
    pub(crate) fn expires_within(&self, now: SystemTime, margin: Duration) -> bool {
        match self.expiration {
            None => false,
            // A deadline past the end of time cannot be represented: treat it as already due.
            Some(expiration) => now
                .checked_add(margin)
                .is_none_or(|deadline| expiration <= deadline),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &MaskedKeyId(&self.access_key_id))
            .field("access_key_secret", &self.access_key_secret)
            .field("security_token", &self.security_token)
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// An AccessKey ID shown as its first four and last two characters, `LTAI****ab`. IDs too short to mask that way
/// (not real ones: those are 16 to 30 characters) show as `****` so that nothing of a mistyped secret leaks.
struct MaskedKeyId<'a>(&'a str);

impl fmt::Debug for MaskedKeyId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let length = self.0.chars().count();
        if length < 12 {
            return f.write_str("\"****\"");
        }
        let head: String = self.0.chars().take(4).collect();
        let tail: String = self.0.chars().skip(length - 2).collect();
        write!(f, "\"{head}****{tail}\"")
    }
}

/// A source of credentials. The built-in sources are in this module; plug in your own (a secrets manager, say) by implementing this trait, and combine sources with [`ProviderChain`].
///
/// Implementations are called before every request, so cache whatever is costly to fetch, and return an error for
/// which [`CredentialsError::is_not_found`] holds when the source simply has nothing, so a chain can move on.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Finds (or fetches, or refreshes) the credentials to sign the next request with.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

/// Static credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(futures::future::ready(Ok(self.clone())))
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_masks_the_id_and_redacts_the_rest() {
        let credentials = Credentials::new("LTAI5tAbCdEfGhIjKlMnOpQr", "the-secret-value")
            .with_security_token("the-token-value")
            .with_expiration(SystemTime::UNIX_EPOCH);
        let shown = format!("{credentials:?}");
        assert!(shown.contains("\"LTAI****Qr\""), "{shown}");
        assert!(
            !shown.contains("the-secret-value") && !shown.contains("the-token-value"),
            "{shown}"
        );
        assert!(shown.contains("<redacted>"), "{shown}");
    }

    #[test]
    fn short_or_multibyte_ids_never_panic() {
        for id in [
            "",
            "a",
            "LTAI",
            "ключключключключ",
            "🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀",
        ] {
            let _ = format!("{:?}", Credentials::new(id, "x"));
        }
        assert!(format!("{:?}", Credentials::new("short", "x")).contains("\"****\""));
        assert!(
            format!("{:?}", Credentials::new("ключключключключ", "x")).contains("\"ключ****юч\"")
        );
    }

    #[test]
    fn expiry_margin() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let minute = Duration::from_secs(60);
        let soon = Credentials::new("id", "s").with_expiration(now + minute);
        assert!(soon.expires_within(now, 5 * minute));
        assert!(!soon.expires_within(now, Duration::ZERO));
        assert!(!Credentials::new("id", "s").expires_within(now, Duration::MAX));
        assert!(soon.expires_within(now, Duration::MAX));
        assert!(!Credentials::new("id", "s").is_sts());
    }
}

//! Credentials from environment variables, the first place every official SDK looks, and the one environment
//! lookup that every provider here reads through. Providers take the lookup as a value so that tests can hand them
//! a map instead of mutating the process environment, which is shared by every test thread.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use futures::future::BoxFuture;

use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};

pub(crate) const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
pub(crate) const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
pub(crate) const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
pub(crate) const PROFILE: &str = "ALIBABA_CLOUD_PROFILE";

const PROVIDER: &str = "environment";

/// A function from a variable name to its value.
type LookupFn = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Where environment variables are read from: the process, or a function given for tests.
#[derive(Clone, Default)]
pub(crate) struct Env(Option<Arc<LookupFn>>);

impl Env {
    pub(crate) fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(lookup)))
    }

    /// The variable's value; unset, empty and non-UTF-8 values all read as `None`, as the official SDKs treat an
    /// empty variable as an absent one.
    pub(crate) fn var(&self, name: &str) -> Option<String> {
        let value = match &self.0 {
            None => std::env::var(name).ok(),
            Some(lookup) => lookup(name),
        };
        value.filter(|value| !value.is_empty())
    }

    /// The user's home directory, as the official SDKs find it: `HOME`, else `USERPROFILE` (Windows), else
    /// `HOMEDRIVE` + `HOMEPATH`.
    pub(crate) fn home_dir(&self) -> Option<PathBuf> {
        if let Some(home) = self.var("HOME").or_else(|| self.var("USERPROFILE")) {
            return Some(PathBuf::from(home));
        }
        let path = self.var("HOMEPATH")?;
        Some(PathBuf::from(format!(
            "{}{path}",
            self.var("HOMEDRIVE").unwrap_or_default()
        )))
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the values: the environment is where the secrets are.
        f.write_str(if self.0.is_some() {
            "custom lookup"
        } else {
            "process environment"
        })
    }
}

/// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, for STS credentials,
/// `ALIBABA_CLOUD_SECURITY_TOKEN`, on every call (so a rotated token is picked up).
///
/// Not found when the ID and the secret are both unset (or empty); an error when only one of them is set, since that
/// is a half-done configuration rather than an absent one.
///
/// ```
/// use std::collections::HashMap;
/// use alicert_core::credentials::{EnvProvider, ProvideCredentials};
///
/// let vars = HashMap::from([
///     ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tExampleKeyId0001"),
///     ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "example-secret"),
/// ]);
/// let provider = EnvProvider::with_lookup(move |name| vars.get(name).map(|value| value.to_string()));
/// let credentials = futures::executor::block_on(provider.provide_credentials()).unwrap();
/// assert!(!credentials.is_sts());
/// ```
#[derive(Debug, Clone, Default)]
pub struct EnvProvider {
    env: Env,
}

impl EnvProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads variables through `lookup` instead of the process environment (for tests, or for configuration that
    /// lives elsewhere).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            env: Env::from_fn(lookup),
        }
    }

    pub(crate) fn from_env(env: Env) -> Self {
        Self { env }
    }

    /// The credentials, if the environment has them, now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let id = self.env.var(ACCESS_KEY_ID);
        let secret = self.env.var(ACCESS_KEY_SECRET);
        let credentials = match (id, secret) {
            (Some(id), Some(secret)) => Credentials::new(id, secret),
            (None, None) => {
                return Err(CredentialsError::new(
                    CredentialsErrorKind::NotFound,
                    PROVIDER,
                    format!("{ACCESS_KEY_ID} and {ACCESS_KEY_SECRET} are not set"),
                ));
            }
            (Some(_), None) => return Err(half_set(ACCESS_KEY_ID, ACCESS_KEY_SECRET)),
            (None, Some(_)) => return Err(half_set(ACCESS_KEY_SECRET, ACCESS_KEY_ID)),
        };
        Ok(match self.env.var(SECURITY_TOKEN) {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        })
    }
}

fn half_set(set: &str, unset: &str) -> CredentialsError {
    CredentialsError::new(
        CredentialsErrorKind::Misconfigured,
        PROVIDER,
        format!("{set} is set but {unset} is not; set both, or neither"),
    )
}

impl ProvideCredentials for EnvProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(futures::future::ready(self.load()))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn provider(vars: &[(&'static str, &'static str)]) -> EnvProvider {
        let vars: HashMap<_, _> = vars.iter().copied().collect();
        EnvProvider::with_lookup(move |name| vars.get(name).map(|value| value.to_string()))
    }

    #[test]
    fn reads_the_pair_and_the_token() {
        let credentials = provider(&[
            (ACCESS_KEY_ID, "LTAI-id"),
            (ACCESS_KEY_SECRET, "env-secret"),
            (SECURITY_TOKEN, "env-token"),
        ])
        .load()
        .unwrap();
        assert_eq!(credentials.access_key_id(), "LTAI-id");
        assert_eq!(credentials.access_key_secret(), "env-secret");
        assert_eq!(credentials.security_token(), Some("env-token"));
    }

    #[test]
    fn unset_and_empty_are_not_found() {
        assert!(provider(&[]).load().unwrap_err().is_not_found());
        let error = provider(&[(ACCESS_KEY_ID, ""), (ACCESS_KEY_SECRET, "")])
            .load()
            .unwrap_err();
        assert!(error.is_not_found());
        assert!(error.to_string().contains(ACCESS_KEY_ID), "{error}");
    }

    #[test]
    fn half_a_pair_is_a_hard_error() {
        let error = provider(&[(ACCESS_KEY_ID, "LTAI-id")]).load().unwrap_err();
        assert!(!error.is_not_found());
        assert_eq!(error.kind(), CredentialsErrorKind::Misconfigured);
        assert!(error.to_string().contains(ACCESS_KEY_SECRET), "{error}");
    }

    #[test]
    fn home_dir_fallbacks() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            Env::from_fn(move |name| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            })
        };
        assert_eq!(env(&[("HOME", "/h")]).home_dir(), Some(PathBuf::from("/h")));
        assert_eq!(
            env(&[("USERPROFILE", r"C:\u")]).home_dir(),
            Some(PathBuf::from(r"C:\u"))
        );
        assert_eq!(
            env(&[("HOMEDRIVE", "D:"), ("HOMEPATH", r"\u")]).home_dir(),
            Some(PathBuf::from(r"D:\u"))
        );
        assert_eq!(env(&[]).home_dir(), None);
    }
}

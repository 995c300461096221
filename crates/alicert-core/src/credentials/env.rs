//! Credentials from environment variables, the first place every official SDK looks, and the one environment
//! lookup that every provider here reads through. Providers take the lookup as a value so that tests can hand them
//! a map instead of mutating the process environment, which is shared by every test thread.

use std::ffi::OsString;
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
type LookupFn = dyn Fn(&str) -> Option<OsString> + Send + Sync;

/// Where environment variables are read from: the process, or a function given for tests.
#[derive(Clone, Default)]
pub(crate) struct Env(Option<Arc<LookupFn>>);

/// A variable that is set, but not to UTF-8 text, so that it cannot be used; never mistaken for an unset one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotUnicode(pub(crate) &'static str);

impl NotUnicode {
    /// The error `provider` reports: it names the variable, never its value.
    pub(crate) fn into_error(self, provider: &'static str) -> CredentialsError {
        CredentialsError::new(
            CredentialsErrorKind::Misconfigured,
            provider,
            format!(
                "{} is set, but its value is not valid UTF-8 (the value is not shown); fix or unset it",
                self.0
            ),
        )
    }
}

impl Env {
    pub(crate) fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(move |name| lookup(name).map(OsString::from))))
    }

    /// A lookup that can return what a `String` cannot hold (a value that is not UTF-8), for tests.
    #[cfg(test)]
    pub(crate) fn from_os_fn(
        lookup: impl Fn(&str) -> Option<OsString> + Send + Sync + 'static,
    ) -> Self {
        Self(Some(Arc::new(lookup)))
    }

    /// The variable's raw value; unset and empty both read as `None`, as the official SDKs treat an empty variable
    /// as an absent one.
    fn raw(&self, name: &str) -> Option<OsString> {
        let value = match &self.0 {
            None => std::env::var_os(name),
            Some(lookup) => lookup(name),
        };
        value.filter(|value| !value.is_empty())
    }

    /// The variable's value (`None` when unset or empty), or which variable holds something that is not UTF-8.
    pub(crate) fn var(&self, name: &'static str) -> Result<Option<String>, NotUnicode> {
        match self.raw(name) {
            None => Ok(None),
            Some(value) => value.into_string().map(Some).map_err(|_| NotUnicode(name)),
        }
    }

    /// Whether the variable is set to anything but the empty string, UTF-8 or not.
    pub(crate) fn is_set(&self, name: &str) -> bool {
        self.raw(name).is_some()
    }

    /// The variable as a path: any bytes the platform allows in a path, UTF-8 or not.
    pub(crate) fn path(&self, name: &str) -> Option<PathBuf> {
        self.raw(name).map(PathBuf::from)
    }

    /// The user's home directory, as the official SDKs find it: `HOME`, else `USERPROFILE` (Windows), else
    /// `HOMEDRIVE` + `HOMEPATH`. A path need not be UTF-8, so neither need these.
    pub(crate) fn home_dir(&self) -> Option<PathBuf> {
        if let Some(home) = self.path("HOME").or_else(|| self.path("USERPROFILE")) {
            return Some(home);
        }
        let path = self.raw("HOMEPATH")?;
        let mut home = self.raw("HOMEDRIVE").unwrap_or_default();
        home.push(path);
        Some(PathBuf::from(home))
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
        let unusable = |problem: NotUnicode| problem.into_error(PROVIDER);
        let id = self.env.var(ACCESS_KEY_ID).map_err(unusable)?;
        let secret = self.env.var(ACCESS_KEY_SECRET).map_err(unusable)?;
        let token = self.env.var(SECURITY_TOKEN).map_err(unusable)?;
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
        Ok(match token {
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

    /// On Unix a variable can hold any bytes but NUL; `\xff` is never UTF-8.
    #[cfg(unix)]
    fn bytes(value: &[u8]) -> OsString {
        use std::os::unix::ffi::OsStringExt as _;
        OsString::from_vec(value.to_vec())
    }

    #[cfg(unix)]
    #[test]
    fn a_value_that_is_not_utf8_is_not_called_unset() {
        let env = Env::from_os_fn(|name| match name {
            ACCESS_KEY_ID => Some(OsString::from("LTAI-id")),
            ACCESS_KEY_SECRET => Some(bytes(b"secret-\xff-bytes")),
            _ => None,
        });
        assert_eq!(
            env.var(ACCESS_KEY_SECRET),
            Err(NotUnicode(ACCESS_KEY_SECRET))
        );
        assert!(env.is_set(ACCESS_KEY_SECRET));
        let error = EnvProvider::from_env(env).load().unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Misconfigured);
        assert!(!error.is_not_found());
        let message = error.to_string();
        assert!(
            message.contains(
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set, but its value is not valid UTF-8"
            ),
            "{message}"
        );
        assert!(
            !message.contains("is not set") && !message.contains("secret-"),
            "{message}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_home_that_is_not_utf8_is_still_the_home() {
        let env = Env::from_os_fn(|name| (name == "HOME").then(|| bytes(b"/home/\xffuser")));
        assert_eq!(
            env.home_dir(),
            Some(PathBuf::from(bytes(b"/home/\xffuser")))
        );
    }
}

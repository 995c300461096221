//! Trying credential sources in order: the generic [`ProviderChain`] for users who assemble their own, and
//! [`DefaultChain`], the official SDKs' order. A chain moves past a source only when that
//! source has nothing; when all have nothing, its error lists every place it looked, which is the message a user
//! needs to fix a machine that "has no credentials".

use std::path::PathBuf;
use std::sync::Arc;

use futures::future::BoxFuture;

use super::ecs::{DISABLED_VARIABLE, ROLE_VARIABLE};
use super::env::Env;
use super::oidc::VARIABLES as OIDC_VARIABLES;
use super::uri::VARIABLE as URI_VARIABLE;
use super::{
    CliProfileProvider, Credentials, CredentialsError, CredentialsErrorKind,
    CredentialsFileProvider, CredentialsUriProvider, EcsRamRoleProvider, EnvProvider,
    OidcRoleProvider, ProvideCredentials,
};

/// Sources tried in order. The first that yields credentials wins; a source whose error is
/// [`not found`](CredentialsError::is_not_found) is passed over; any other error stops the chain and is returned as
/// it is. When every source has nothing the error's [`looked_in`](CredentialsError::looked_in) holds each one's
/// reason.
///
/// ```
/// use alicert_core::credentials::{CliProfileProvider, EnvProvider, ProviderChain};
///
/// // Environment first, then one named profile of the aliyun CLI (an OIDC provider of your own could go between).
/// let chain = ProviderChain::new()
///     .with(EnvProvider::new())
///     .with(CliProfileProvider::new().with_profile("deploy"));
/// # let _ = chain;
/// ```
#[derive(Debug, Clone, Default)]
pub struct ProviderChain {
    providers: Vec<Arc<dyn ProvideCredentials>>,
}

impl ProviderChain {
    /// An empty chain (which finds nothing).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a source after the ones already there.
    pub fn with(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.push(provider);
        self
    }

    /// Adds a source after the ones already there.
    pub fn push(&mut self, provider: impl ProvideCredentials + 'static) {
        self.providers.push(Arc::new(provider));
    }

    async fn provide(&self, label: &'static str) -> Result<Credentials, CredentialsError> {
        let mut looked_in = Vec::with_capacity(self.providers.len());
        for provider in &self.providers {
            match provider.provide_credentials().await {
                Ok(credentials) => return Ok(credentials),
                Err(error) if error.is_not_found() => looked_in.push(error),
                Err(error) => return Err(error),
            }
        }
        Err(CredentialsError::none_found(label, looked_in))
    }
}

impl ProvideCredentials for ProviderChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.provide("credentials chain"))
    }
}

/// The official Alibaba Cloud SDKs' order of sources, as described in the [module documentation](super):
/// environment, OIDC role, `~/.aliyun/config.json`, `~/.alibabacloud/credentials`, the ECS RAM role when
/// `ALIBABA_CLOUD_ECS_METADATA` names it, and `ALIBABA_CLOUD_CREDENTIALS_URI`.
///
/// The environment's keys are read on every call; which files to read, which profile to use, the OIDC role, the
/// STS endpoint and whether to ask the metadata server or a credentials URI are settled when the chain is built.
/// Keep one chain for the life of the program: the STS credentials it fetches are cached in it.
///
/// ```
/// use alicert_core::credentials::{DefaultChain, ProvideCredentials};
///
/// // An empty home and an empty environment: nothing anywhere, and the error says where it looked.
/// let chain = DefaultChain::with_home_and_env(std::env::temp_dir().join("no-such-home"), |_| None);
/// let error = futures::executor::block_on(chain.provide_credentials()).unwrap_err();
/// assert!(error.is_not_found());
/// assert!(error.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"));
/// ```
#[derive(Debug)]
pub struct DefaultChain {
    env: Env,
    cli_profile: CliProfileProvider,
    credentials_file: CredentialsFileProvider,
    /// `None` unless `ALIBABA_CLOUD_ECS_METADATA` was set.
    ecs: Option<EcsRamRoleProvider>,
    /// `None` unless the three OIDC variables were set; an error if one of them cannot be read.
    oidc: Option<Result<OidcRoleProvider, CredentialsError>>,
    /// `None` unless `ALIBABA_CLOUD_CREDENTIALS_URI` was set.
    uri: Option<Result<CredentialsUriProvider, CredentialsError>>,
}

impl Default for DefaultChain {
    fn default() -> Self {
        let env = Env::default();
        let home = env.home_dir();
        Self::build(env, home)
    }
}

impl DefaultChain {
    /// The chain over the process environment and the user's home directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// The chain with `home` as the home directory and variables read through `lookup` (for tests: nothing is read
    /// from the process environment).
    pub fn with_home_and_env(
        home: impl Into<PathBuf>,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        Self::build(Env::from_fn(lookup), Some(home.into()))
    }

    fn build(env: Env, home: Option<PathBuf>) -> Self {
        Self {
            cli_profile: CliProfileProvider::from_env_and_home(&env, home.clone()),
            credentials_file: CredentialsFileProvider::from_env_and_home(&env, home),
            ecs: EcsRamRoleProvider::from_env_lookup(&env),
            oidc: OidcRoleProvider::from_env_lookup(&env),
            uri: CredentialsUriProvider::from_env_lookup(&env),
            env,
        }
    }

    /// Points the ECS steps (the ECS RAM role step, and `EcsRamRole` / `ecs_ram_role` profiles) at another
    /// metadata server (a local one in tests). The ECS RAM role step still runs only when
    /// `ALIBABA_CLOUD_ECS_METADATA` is set.
    pub fn with_ecs_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        let endpoint = endpoint.into();
        self.ecs = self.ecs.map(|ecs| ecs.with_endpoint(endpoint.clone()));
        self.cli_profile = self.cli_profile.with_ecs_endpoint(endpoint.clone());
        self.credentials_file = self.credentials_file.with_ecs_endpoint(endpoint);
        self
    }

    async fn provide(&self) -> Result<Credentials, CredentialsError> {
        let mut looked_in = Vec::new();
        macro_rules! attempt {
            ($result:expr) => {
                match $result {
                    Ok(credentials) => return Ok(credentials),
                    Err(error) if error.is_not_found() => looked_in.push(error),
                    Err(error) => return Err(error),
                }
            };
        }
        attempt!(EnvProvider::from_env(self.env.clone()).load());
        match &self.oidc {
            Some(Ok(oidc)) => attempt!(oidc.provide_credentials().await),
            Some(Err(error)) => return Err(error.clone_message()),
            None => looked_in.push(CredentialsError::new(
                CredentialsErrorKind::NotFound,
                "OIDC role",
                format!("{} are not all set", OIDC_VARIABLES.join(", ")),
            )),
        }
        attempt!(self.cli_profile.provide_credentials().await);
        attempt!(self.credentials_file.provide_credentials().await);
        match &self.ecs {
            Some(ecs) => attempt!(ecs.provide_credentials().await),
            None => looked_in.push(CredentialsError::new(
                CredentialsErrorKind::NotFound,
                "ECS RAM role",
                if self.env.is_set(DISABLED_VARIABLE) && self.env.is_set(ROLE_VARIABLE) {
                    format!("turned off by {DISABLED_VARIABLE}")
                } else {
                    format!("{ROLE_VARIABLE} is not set, so the metadata server was not asked")
                },
            )),
        }
        match &self.uri {
            Some(Ok(uri)) => attempt!(uri.provide_credentials().await),
            Some(Err(error)) => return Err(error.clone_message()),
            None => looked_in.push(CredentialsError::new(
                CredentialsErrorKind::NotFound,
                "credentials URI",
                format!("{URI_VARIABLE} is not set"),
            )),
        }
        Err(CredentialsError::none_found("default chain", looked_in))
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.provide())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt as _;

    use super::*;

    /// The chain over exactly `vars`, with a home directory that does not exist.
    fn chain(vars: Vec<(&'static str, OsString)>) -> DefaultChain {
        let env = Env::from_os_fn(move |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        });
        DefaultChain::build(env, Some(PathBuf::from("/nonexistent/alicert-home")))
    }

    #[test]
    fn a_variable_that_is_not_utf8_stops_the_chain_and_is_named() {
        let not_utf8 = || OsString::from_vec(b"value-\xff".to_vec());
        let cases = [
            ("ALIBABA_CLOUD_PROFILE", vec![]),
            ("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", vec![]),
            ("ALIBABA_CLOUD_ECS_METADATA", vec![]),
            (
                "ALIBABA_CLOUD_ECS_METADATA_DISABLED",
                vec![("ALIBABA_CLOUD_ECS_METADATA", OsString::from("deployer"))],
            ),
        ];
        for (name, mut others) in cases {
            others.push((name, not_utf8()));
            let error = futures::executor::block_on(chain(others).provide()).unwrap_err();
            assert_eq!(
                error.kind(),
                CredentialsErrorKind::Misconfigured,
                "{name}: {error}"
            );
            let message = error.to_string();
            assert!(
                message.contains(&format!("{name} is set, but its value is not valid UTF-8")),
                "{message}"
            );
            assert!(!message.contains("value-"), "{message}");
        }
    }
}

//! Configuration from the environment, read the way the `alicert` CLI and Alibaba's own tools read it, so a machine
//! set up for `aliyun` or an official SDK works unchanged, and the CLI and a library user get the same answer.
//!
//! - **Credentials:** a named profile (from [`ConfigLoader::profile`]) is that profile of `~/.aliyun/config.json` or
//!   `~/.alibabacloud/credentials` and nothing else, as `aliyun --profile` does; otherwise Alibaba's default chain
//!   ([`DefaultChain`]), which reads `ALIBABA_CLOUD_PROFILE` itself.
//! - **Region:** the one given, else `ALIBABA_CLOUD_REGION_ID` (blank counts as unset), else the aliyun CLI
//!   profile's `region_id`, else [`DEFAULT_REGION`].
//! - **Endpoint:** the one given, else `ALICERT_ENDPOINT`, else each product's endpoint for the region.

use std::path::PathBuf;
use std::sync::Arc;

use alicert_core::credentials::{
    CliProfileProvider, CredentialsFileProvider, DefaultChain, ProvideCredentials, ProviderChain,
};

use crate::Error;
use crate::config::{Config, ConfigBuilder, DEFAULT_REGION};

/// The variable naming the region.
pub const REGION_VARIABLE: &str = "ALIBABA_CLOUD_REGION_ID";

/// The variable naming an endpoint for every product (the emulator's URL, say).
pub const ENDPOINT_VARIABLE: &str = "ALICERT_ENDPOINT";

type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Where the region came from.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionSource {
    /// Given to [`ConfigLoader::region`] (the CLI's `--region`).
    Given,
    /// `ALIBABA_CLOUD_REGION_ID`.
    Environment,
    /// The aliyun CLI profile's `region_id`.
    Profile,
    /// Nothing named one: `cn-hangzhou`, as the official CLI defaults.
    Default,
}

impl RegionSource {
    /// Whether a person chose this region (given or from the environment), rather than a profile or the default.
    pub fn is_chosen(self) -> bool {
        matches!(self, RegionSource::Given | RegionSource::Environment)
    }
}

/// Loads a [`Config`] from the environment; [`Config::from_env`] is `ConfigLoader::new().load()`.
///
/// Name a profile or override a part, then either [`load`](Self::load) the configuration or take a
/// [`builder`](Self::builder) for what the environment does not carry:
///
/// ```no_run
/// # async fn run() -> Result<(), alicert_api::Error> {
/// use alicert_api::{ConfigLoader, SignatureVersion};
///
/// // The "prod" profile of ~/.aliyun/config.json or ~/.alibabacloud/credentials, and nothing else.
/// let config = ConfigLoader::new()
///     .profile("prod")
///     .region("cn-shanghai")
///     .builder()
///     .signature_version(SignatureVersion::V3)
///     .build()?;
/// let cas = alicert_api::cas::Client::from_config(&config)?;
/// let job = cas.describe_deployment_job().job_id(123456).send().await?;
/// # Ok(()) }
/// ```
///
/// Where each part came from can be asked before anything is built; a test injects the variables and the home
/// directory:
///
/// ```
/// use alicert_api::{ConfigLoader, RegionSource};
///
/// let loader = ConfigLoader::new().with_home_and_env("/nonexistent", |name| match name {
///     "ALIBABA_CLOUD_REGION_ID" => Some("ap-southeast-1".to_owned()),
///     "ALICERT_ENDPOINT" => Some("http://127.0.0.1:8080".to_owned()),
///     _ => None,
/// });
/// assert_eq!(
///     loader.resolve_region(),
///     ("ap-southeast-1".to_owned(), RegionSource::Environment)
/// );
/// assert_eq!(loader.resolve_endpoint().as_deref(), Some("http://127.0.0.1:8080"));
/// let config = loader.load()?;
/// assert_eq!(config.region(), "ap-southeast-1");
/// # Ok::<(), alicert_api::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct ConfigLoader {
    profile: Option<String>,
    region: Option<String>,
    endpoint: Option<String>,
    /// For tests: variables and home directory from here instead of the process.
    env: Option<(PathBuf, Lookup)>,
}

impl std::fmt::Debug for ConfigLoader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfigLoader")
            .field("profile", &self.profile)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("injected_env", &self.env.is_some())
            .finish()
    }
}

impl ConfigLoader {
    /// A loader reading the process environment and the user's home directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Use this profile of the aliyun CLI's file or the credentials file, and nothing else.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Use this region, whatever the environment says.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Send every request here, whatever the environment says.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Read variables through `lookup` and files under `home` instead of the process's (for tests).
    pub fn with_home_and_env(
        mut self,
        home: impl Into<PathBuf>,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.env = Some((home.into(), Arc::new(lookup)));
        self
    }

    fn var(&self, name: &str) -> Option<String> {
        let value = match &self.env {
            Some((_, lookup)) => lookup(name),
            None => std::env::var(name).ok(),
        };
        value.filter(|value| !value.trim().is_empty())
    }

    /// A lookup that also answers `HOME` from the injected home directory.
    fn lookup(&self) -> Option<Lookup> {
        let (home, lookup) = self.env.clone()?;
        Some(Arc::new(move |name: &str| {
            if name == "HOME" {
                Some(home.to_string_lossy().into_owned())
            } else {
                lookup(name)
            }
        }))
    }

    fn cli_profile(&self) -> CliProfileProvider {
        let provider = match self.lookup() {
            Some(lookup) => CliProfileProvider::with_lookup(move |name| lookup(name)),
            None => CliProfileProvider::new(),
        };
        match &self.profile {
            Some(name) => provider.with_profile(name.clone()),
            None => provider,
        }
    }

    /// The credentials source: the named profile alone, or the default chain.
    pub fn credentials(&self) -> Arc<dyn ProvideCredentials> {
        match &self.profile {
            None => match &self.env {
                Some((home, lookup)) => {
                    let lookup = lookup.clone();
                    Arc::new(DefaultChain::with_home_and_env(home.clone(), move |name| {
                        lookup(name)
                    }))
                }
                None => Arc::new(DefaultChain::new()),
            },
            Some(name) => {
                let file = match self.lookup() {
                    Some(lookup) => CredentialsFileProvider::with_lookup(move |name| lookup(name)),
                    None => CredentialsFileProvider::new(),
                };
                Arc::new(
                    ProviderChain::new()
                        .with(self.cli_profile())
                        .with(file.with_profile(name.clone())),
                )
            }
        }
    }

    /// The region and where it came from.
    pub fn resolve_region(&self) -> (String, RegionSource) {
        if let Some(region) = &self.region {
            return (region.trim().to_owned(), RegionSource::Given);
        }
        if let Some(region) = self.var(REGION_VARIABLE) {
            return (region.trim().to_owned(), RegionSource::Environment);
        }
        match self.cli_profile().region() {
            Some(region) if !region.trim().is_empty() => {
                (region.trim().to_owned(), RegionSource::Profile)
            }
            _ => (DEFAULT_REGION.to_owned(), RegionSource::Default),
        }
    }

    /// The endpoint for every product, if one was given or `ALICERT_ENDPOINT` names one.
    pub fn resolve_endpoint(&self) -> Option<String> {
        self.endpoint
            .clone()
            .or_else(|| self.var(ENDPOINT_VARIABLE))
    }

    /// A builder with the credentials, region and endpoint filled in, for the settings the environment does not
    /// carry (signature version, retries, timeouts, an HTTP client of your own).
    pub fn builder(&self) -> ConfigBuilder {
        let (region, _) = self.resolve_region();
        let mut builder = Config::builder()
            .credentials_shared(self.credentials())
            .region(region);
        if let Some(endpoint) = self.resolve_endpoint() {
            builder = builder.endpoint(endpoint);
        }
        builder
    }

    /// The configuration.
    pub fn load(&self) -> Result<Config, Error> {
        self.builder().build()
    }
}

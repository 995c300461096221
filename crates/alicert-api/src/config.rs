//! One configuration for every client: where requests go (region or explicit endpoint), who signs them
//! (credentials), how (signature version) and how patiently (retries, timeouts). Building it resolves nothing over
//! the network; credentials are fetched on the first call.

use std::sync::Arc;

use alicert_core::credentials::{DefaultChain, ProvideCredentials};
use alicert_core::endpoint::{self, Endpoint};
use alicert_core::error::Error;
use alicert_core::runtime::{RateLimit, RetryPolicy, Runtime, Timeouts};
use alicert_core::sign::SignatureVersion;

/// The region used when neither the builder nor a profile names one, as the official CLI does.
pub const DEFAULT_REGION: &str = "cn-hangzhou";

/// Shared configuration for the generated clients. Cheap to clone; clients built from one share its connection pool.
#[derive(Clone, Debug)]
pub struct Config {
    runtime: Runtime,
    http: reqwest::Client,
    region: String,
    endpoint: Option<Endpoint>,
}

impl Config {
    /// A builder with the defaults: the default credentials chain, region `cn-hangzhou`, signature V1, 3 attempts.
    /// Building resolves nothing over the network.
    ///
    /// ```
    /// use std::time::Duration;
    /// use alicert_api::{Config, Credentials, RetryPolicy, SignatureVersion, Timeouts};
    ///
    /// let config = Config::builder()
    ///     .region("cn-shanghai")
    ///     .credentials(Credentials::new("LTAI...", "secret")) // default: Alibaba's chain, from the environment
    ///     .signature_version(SignatureVersion::V3)
    ///     .retry(RetryPolicy::default().with_max_attempts(5))
    ///     .timeouts(Timeouts {
    ///         connect: Duration::from_secs(3),
    ///         attempt: Duration::from_secs(10),
    ///         operation: Duration::from_secs(60),
    ///     })
    ///     .build()?;
    /// assert_eq!(config.endpoint_for("cas")?.url(), "https://cas.aliyuncs.com");
    ///
    /// // An emulator, or any endpoint of your own: plain HTTP only when given explicitly.
    /// let local = Config::builder().endpoint("http://127.0.0.1:8080").build()?;
    /// assert_eq!(local.endpoint_for("vod")?.url(), "http://127.0.0.1:8080");
    /// # Ok::<(), alicert_api::Error>(())
    /// ```
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The configuration the environment describes, as the `alicert` CLI reads it: credentials from Alibaba's
    /// default chain, the region from `ALIBABA_CLOUD_REGION_ID` or the aliyun CLI profile, the endpoint from
    /// `ALICERT_ENDPOINT` or the region. [`ConfigLoader`](crate::ConfigLoader) names a profile or overrides any of
    /// them, and gives a builder for the rest.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), alicert_api::Error> {
    /// let config = alicert_api::Config::from_env()?;
    /// let cas = alicert_api::cas::Client::from_config(&config)?;
    /// let job = cas.describe_deployment_job().job_id(8888).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<Config, Error> {
        crate::loader::ConfigLoader::new().load()
    }

    /// The runtime that signs and retries.
    pub fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// The pooled HTTP client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// The region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The endpoint for `product`: the explicit one if set, otherwise the region's.
    pub fn endpoint_for(&self, product: &str) -> Result<Endpoint, Error> {
        if let Some(endpoint) = &self.endpoint {
            return Ok(endpoint.clone());
        }
        let Some(found) = crate::products::find(product) else {
            let known: Vec<&str> = crate::products::PRODUCTS
                .iter()
                .map(|product| product.code)
                .collect();
            return Err(Error::invalid_request(format!(
                "no product {product:?} in the specs; the products are {}",
                known.join(", ")
            )));
        };
        found
            .endpoints
            .resolve(&self.region)
            .map_err(|error| Error::invalid_request(error.to_string()))
    }
}

/// Builds a [`Config`].
#[derive(Debug, Default)]
pub struct ConfigBuilder {
    credentials: Option<Arc<dyn ProvideCredentials>>,
    region: Option<String>,
    endpoint: Option<String>,
    signature_version: SignatureVersion,
    retry: Option<RetryPolicy>,
    timeouts: Option<Timeouts>,
    rate_limit: Option<RateLimit>,
    max_response_bytes: Option<usize>,
    http: Option<reqwest::Client>,
}

impl ConfigBuilder {
    /// The credentials: a static [`Credentials`](alicert_core::credentials::Credentials) pair or any provider.
    /// Default: [`DefaultChain`], Alibaba's default chain (environment, OIDC role, aliyun CLI profile, credentials
    /// file, ECS RAM role, `ALIBABA_CLOUD_CREDENTIALS_URI`).
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// As [`credentials`](Self::credentials), with a provider that is already shared.
    pub fn credentials_shared(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// The region (`cn-hangzhou`, `ap-southeast-1`, ...), mapped to each product's endpoint.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An explicit endpoint URL for every product, overriding the region map (`https://cas.aliyuncs.com`, or
    /// `http://127.0.0.1:PORT` for the emulator: plain HTTP only when given explicitly).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Signature V1 (default) or V3.
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = Some(timeouts);
        self
    }

    /// A client-side limit per Action, shared by every client built from this configuration, so large scans stay
    /// under the service's quotas instead of being throttled. Default: none.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// The largest response body read (default 32 MiB); a larger one fails the call instead of filling memory.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Your own HTTP client (proxies, private CAs, connection pools) instead of the one the runtime builds.
    ///
    /// What the runtime still enforces with it: each attempt's timeout and the operation's deadline (set on every
    /// request, overriding the client's own timeout), signing, retries, the response size cap, and refusing any
    /// 3xx answer as an error. What it cannot enforce: whether *your* client follows redirects before the runtime
    /// sees the answer. Build it with `.redirect(reqwest::redirect::Policy::none())` (and `.referer(false)`), or a
    /// redirect from the endpoint would carry the signed request, STS token included, to wherever it points; a call
    /// whose answer comes from another URL than the one sent to fails with a redirect error.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let http = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .referer(false)
    ///     // .proxy(reqwest::Proxy::https("http://proxy.internal:3128")?)
    ///     .connect_timeout(Duration::from_secs(3))
    ///     .build()?;
    /// let config = alicert_api::Config::builder()
    ///     .region("cn-hangzhou")
    ///     .http_client(http)
    ///     .build()?;
    /// let cas = alicert_api::cas::Client::from_config(&config)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// `crates/alicert-api/examples/custom_client.rs` makes calls through such a client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Validates the endpoint and builds the HTTP client.
    pub fn build(self) -> Result<Config, Error> {
        let endpoint = self
            .endpoint
            .map(|url| {
                endpoint::from_url(&url).map_err(|error| Error::invalid_request(error.to_string()))
            })
            .transpose()?;
        let credentials = self
            .credentials
            .unwrap_or_else(|| Arc::new(DefaultChain::new()));
        let mut runtime =
            Runtime::builder_shared(credentials).signature_version(self.signature_version);
        if let Some(retry) = self.retry {
            runtime = runtime.retry(retry);
        }
        if let Some(timeouts) = self.timeouts {
            runtime = runtime.timeouts(timeouts);
        }
        if let Some(limit) = self.rate_limit {
            runtime = runtime.rate_limit(limit);
        }
        if let Some(limit) = self.max_response_bytes {
            runtime = runtime.max_response_bytes(limit);
        }
        let runtime = runtime.build();
        let http = match self.http {
            Some(http) => http,
            None => runtime.http_client()?,
        };
        Ok(Config {
            runtime,
            http,
            region: self.region.unwrap_or_else(|| DEFAULT_REGION.to_owned()),
            endpoint,
        })
    }
}

//! From the global options to signed clients, one configuration per product of the generated table
//! ([`PRODUCTS`]). Credentials are resolved once before the first call, so that a machine without any gets the
//! full list of places looked in rather than a failed request; the source stays in the configuration (an STS token
//! refreshes), wrapped so that every secret it hands out is scrubbed from output. Each product goes to the region
//! chosen (`--region`, `ALIBABA_CLOUD_REGION_ID`), else to the region its spec says it answers in when none was
//! chosen (VOD: cn-shanghai), else to the profile's or the default region.

use std::collections::BTreeMap;
use std::sync::Arc;

use alicert_api::catalog::{Arguments, Product};
use alicert_api::products::PRODUCTS;
use alicert_api::{Config, Credentials, Error, RetryPolicy, SignatureVersion, Timeouts};
use alicert_core::credentials::ProvideCredentials;

use crate::credentials;
use crate::failure::Failure;
use crate::globals::Globals;
use crate::secrets::{self, Remembering};

/// A configuration per product, sharing credentials, signature, retries and time limits.
#[derive(Clone, Debug)]
pub struct Clients {
    /// By product code.
    configs: BTreeMap<&'static str, Config>,
    /// The explicit endpoint every product's requests go to, if one was given.
    endpoint: Option<String>,
}

impl Clients {
    /// The configuration of `product` (a code of [`PRODUCTS`]).
    pub fn config(&self, product: &str) -> Result<&Config, Failure> {
        self.configs.get(product).ok_or_else(|| {
            Failure::Internal(format!("no product {product} in the generated table"))
        })
    }

    /// A typed client of `product`, e.g. `clients.client("cas", cas::Client::from_config)`.
    pub fn client<C>(
        &self,
        product: &str,
        from_config: fn(&Config) -> Result<C, Error>,
    ) -> Result<C, Failure> {
        Ok(from_config(self.config(product)?)?)
    }

    /// Where the requests of `product` go (an endpoint, or an endpoint and its region); with no product, only an
    /// explicit endpoint, the one place they all go.
    pub fn sent_to(&self, product: Option<&str>) -> Option<String> {
        if let Some(endpoint) = &self.endpoint {
            return Some(endpoint.clone());
        }
        let config = self.configs.get(product?)?;
        let url = config.endpoint_for(product?).ok()?.url().to_owned();
        Some(format!("{url} (region {})", config.region()))
    }

    /// Calls `action` of `product` through the product's generated `invoke` (the typed builder), returning the
    /// response body as JSON.
    pub async fn invoke(
        &self,
        product: &Product,
        action: &str,
        arguments: &Arguments,
    ) -> Result<serde_json::Value, Failure> {
        let config = self.config(product.code)?;
        product
            .invoke(config, action, arguments)
            .await
            .map_err(|error| Failure::Api(error.with_operation(product.code, action)))
    }
}

/// The region a product's requests go to: the one chosen, else the product's own when it answers in one region
/// only, else `region` (the profile's or the default).
fn region_for(product: &Product, region: &str, chosen: bool) -> String {
    match product.endpoints.default_region {
        Some(own) if !chosen => own.to_owned(),
        _ => region.to_owned(),
    }
}

/// Clients for the options given: credentials from the chain (or `--profile`), region, endpoint, signature,
/// retries and timeouts.
pub async fn connect(globals: &Globals) -> Result<Clients, Failure> {
    let loader = credentials::loader(globals);
    let provider = loader.credentials();
    let found = provider.provide_credentials().await?;
    secrets::remember_credentials(&found);
    // Debug masks the AccessKey ID and redacts the rest.
    tracing::debug!(credentials = ?found, "credentials found");
    let (region, source) = loader.resolve_region();
    tracing::info!(region, source = ?source, endpoint = ?globals.endpoint, "where requests go");
    build(
        globals,
        Arc::new(Remembering(provider)),
        |product| region_for(product, &region, source.is_chosen()),
        globals.endpoint.as_deref(),
        globals.signature,
    )
}

/// Clients with fixed credentials against `endpoint` (the demo, which brings its own emulator).
pub fn with_credentials(
    globals: &Globals,
    credentials: Credentials,
    endpoint: &str,
    signature: SignatureVersion,
) -> Result<Clients, Failure> {
    secrets::remember_credentials(&credentials);
    build(
        globals,
        Arc::new(credentials),
        |product| region_for(product, credentials::DEFAULT_REGION, false),
        Some(endpoint),
        signature,
    )
}

/// Builds a configuration per product; products in the same region share one (and so its connection pool).
fn build(
    globals: &Globals,
    provider: Arc<dyn ProvideCredentials>,
    region_of: impl Fn(&Product) -> String,
    endpoint: Option<&str>,
    signature: SignatureVersion,
) -> Result<Clients, Failure> {
    let retry = if globals.retries == 0 {
        RetryPolicy::disabled()
    } else {
        RetryPolicy::default().with_max_attempts(globals.retries.saturating_add(1))
    };
    let timeouts = Timeouts {
        connect: globals.connect_timeout,
        attempt: globals.attempt_timeout,
        operation: globals.timeout,
    };
    let mut by_region: BTreeMap<String, Config> = BTreeMap::new();
    let mut configs = BTreeMap::new();
    for product in PRODUCTS {
        let region = region_of(product);
        let config = match by_region.get(&region) {
            Some(config) => config.clone(),
            None => {
                let mut builder = Config::builder()
                    .credentials_shared(provider.clone())
                    .region(region.clone())
                    .signature_version(signature)
                    .retry(retry.clone())
                    .timeouts(timeouts.clone());
                if let Some(endpoint) = endpoint {
                    builder = builder.endpoint(endpoint);
                }
                let config = builder.build()?;
                by_region.insert(region, config.clone());
                config
            }
        };
        tracing::debug!(
            product = product.code,
            region = config.region(),
            "configured"
        );
        configs.insert(product.code, config);
    }
    Ok(Clients {
        configs,
        endpoint: endpoint.map(str::to_owned),
    })
}

//! From the global options to signed clients. Credentials are resolved once before the first call, so that a
//! machine without any gets the full list of places looked in rather than a failed request; the source stays in the
//! configuration (an STS token refreshes), wrapped so that every secret it hands out is scrubbed from output.

use std::collections::BTreeMap;
use std::sync::Arc;

use alicert_api::catalog::Arguments;
use alicert_api::{Config, Credentials, Error, RetryPolicy, SignatureVersion, Timeouts, cas, vod};
use alicert_core::credentials::ProvideCredentials;

use crate::credentials;
use crate::failure::Failure;
use crate::globals::Globals;
use crate::secrets::{self, Remembering};

/// The clients of both products, sharing one configuration.
#[derive(Clone, Debug)]
pub struct Clients {
    /// Certificate Management Service.
    pub cas: cas::Client,
    /// ApsaraVideo VOD.
    pub vod: vod::Client,
    /// Where each product's requests go (an endpoint, or an endpoint and its region), for error messages.
    sent_to: BTreeMap<&'static str, String>,
}

impl Clients {
    /// Where the requests of `product` go (an endpoint, or an endpoint and its region); with no product, where they
    /// all go when that is one place.
    pub fn sent_to(&self, product: Option<&str>) -> Option<String> {
        match product {
            Some(product) => self.sent_to.get(product).cloned(),
            None => {
                let mut places = self.sent_to.values();
                let first = places.next()?;
                places.all(|place| place == first).then(|| first.clone())
            }
        }
    }

    /// Calls `action` of `product` through the generated typed `invoke`, returning the response body as JSON.
    pub async fn invoke(
        &self,
        product: &str,
        action: &str,
        arguments: &Arguments,
    ) -> Result<serde_json::Value, Failure> {
        let result = match product {
            "cas" => cas::operations::invoke(&self.cas, action, arguments).await,
            "vod" => vod::operations::invoke(&self.vod, action, arguments).await,
            other => Err(Error::invalid_request(format!("no product {other}"))),
        };
        result.map_err(|error| Failure::Api(error.with_operation(product, action)))
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
    // DescribeVodDomainCertificateInfo answers in China (Shanghai) only: there unless a region was chosen.
    let vod_region = if source.is_chosen() {
        region.clone()
    } else {
        credentials::VOD_REGION.to_owned()
    };
    tracing::info!(region, source = ?source, vod_region, endpoint = ?globals.endpoint, "where requests go");
    build(
        globals,
        Arc::new(Remembering(provider)),
        (&region, &vod_region),
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
        (credentials::DEFAULT_REGION, credentials::VOD_REGION),
        Some(endpoint),
        signature,
    )
}

/// Builds the clients; `regions` is (cas, vod).
fn build(
    globals: &Globals,
    provider: Arc<dyn ProvideCredentials>,
    regions: (&str, &str),
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
    let config = |region: &str| {
        let mut builder = Config::builder()
            .credentials_shared(provider.clone())
            .region(region)
            .signature_version(signature)
            .retry(retry.clone())
            .timeouts(timeouts.clone());
        if let Some(endpoint) = endpoint {
            builder = builder.endpoint(endpoint);
        }
        builder.build()
    };
    let (cas_config, vod_config) = (config(regions.0)?, config(regions.1)?);
    let sent_to = |product: &'static str, config: &Config| {
        let place = match endpoint {
            Some(endpoint) => endpoint.to_owned(),
            None => format!(
                "{} (region {})",
                config
                    .endpoint_for(product)
                    .map_or_else(|_| "-".to_owned(), |e| e.url().to_owned()),
                config.region()
            ),
        };
        (product, place)
    };
    Ok(Clients {
        cas: cas::Client::from_config(&cas_config)?,
        vod: vod::Client::from_config(&vod_config)?,
        sent_to: BTreeMap::from([sent_to("cas", &cas_config), sent_to("vod", &vod_config)]),
    })
}

//! From the global options to signed clients. Credentials are resolved once before the first call, so that a
//! machine without any gets the full list of places looked in rather than a failed request; the source stays in the
//! configuration (an STS token refreshes), wrapped so that every secret it hands out is scrubbed from output.

use std::sync::{Arc, OnceLock};

use alicert_api::{Config, Credentials, RetryPolicy, SignatureVersion, Timeouts, cas, vod};
use alicert_core::credentials::ProvideCredentials;

use crate::cli::Globals;
use crate::credentials;
use crate::errors::Failure;
use crate::secrets::{self, Remembering};

/// Where the first clients built send requests (an endpoint, or `region ID`), for error messages.
static TARGET: OnceLock<String> = OnceLock::new();

/// Where requests go, once clients have been built.
pub fn target() -> Option<&'static str> {
    TARGET.get().map(String::as_str)
}

/// The clients of both products, sharing one configuration.
#[derive(Clone, Debug)]
pub struct Clients {
    /// Certificate Management Service.
    pub cas: cas::Client,
    /// ApsaraVideo VOD.
    pub vod: vod::Client,
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
    let _ = TARGET.set(match endpoint {
        Some(endpoint) => endpoint.to_owned(),
        None => format!(
            "{} (region {})",
            cas_config
                .endpoint_for("cas")
                .map_or_else(|_| "-".to_owned(), |e| e.url().to_owned()),
            regions.0
        ),
    });
    Ok(Clients {
        cas: cas::Client::from_config(&cas_config)?,
        vod: vod::Client::from_config(&vod_config)?,
    })
}

//! The client seam: what a generated builder's `send()` calls. Codegen rewrites progenitor's `send()` (see
//! `codegen/src/seam.rs`) to take the builder apart, flatten its parameters into ordered pairs with [`push`], and hand
//! the operation to [`send`], which runs it through `alicert-core`'s runtime and returns the decoded answer or the one
//! [`Error`] type. The runtime knows nothing of the generated code; this file is the only place the two meet.

use alicert_core::runtime::Runtime;
use progenitor_client::ResponseValue;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub(crate) use alicert_core::params::Params;
pub(crate) use alicert_core::runtime::Operation;

use crate::Error;

/// A builder argument that could not be converted (progenitor's `TryInto` for a field), as an invalid request that
/// names the operation.
pub(crate) fn invalid_request(operation: &Operation, message: String) -> Error {
    Error::invalid_request(message).with_operation(operation.product, operation.action)
}

/// Adds one parameter to `params`.
pub(crate) fn push<T: Serialize + ?Sized>(
    params: &mut Params,
    operation: &Operation,
    name: &'static str,
    value: &T,
) -> Result<(), Error> {
    params
        .push(name, value)
        .map_err(|message| invalid_request(operation, message))
}

/// Runs `operation` with `params` through the runtime, at the client's endpoint with the client's HTTP pool.
pub(crate) async fn send<T: DeserializeOwned>(
    runtime: &Runtime,
    http: &reqwest::Client,
    endpoint: &str,
    operation: &Operation,
    params: &Params,
) -> Result<ResponseValue<T>, Error> {
    let response = runtime.call(http, endpoint, operation, params).await?;
    Ok(ResponseValue::new(
        response.value,
        response.status,
        response.headers,
    ))
}

/// The HTTP client a generated `Client::new(endpoint, runtime)` uses: the runtime's (no redirects, its connect
/// timeout), never progenitor's default, which follows redirects and cuts every call at 15 s.
///
/// # Panics
///
/// When no HTTP client can be built at all (the TLS backend failed to start), as progenitor's own `new` would.
/// [`Client::from_config`](crate::cas::Client::from_config) reports that as an error instead.
pub(crate) fn http_client(runtime: &Runtime) -> reqwest::Client {
    match runtime.http_client() {
        Ok(client) => client,
        Err(error) => panic!("cannot build the HTTP client: {error}"),
    }
}

/// `Client::from_config` for a generated `Client` of the product with code `$product`.
macro_rules! client_from_config {
    ($product:literal) => {
        impl Client {
            /// A client for this product, with the configuration's runtime, HTTP client and endpoint (the explicit
            /// endpoint if one was given, otherwise the region's, as the official SDK's map resolves it). Clients
            /// built from one configuration share its connection pool.
            ///
            /// ```
            /// # #[tokio::main(flavor = "current_thread")]
            /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
            /// use alicert_api::{Config, Credentials};
            #[doc = concat!("use alicert_api::", $product, "::ClientInfo as _; // baseurl()")]
            /// use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig};
            ///
            /// // An emulator on a free loopback port; for Alibaba Cloud, `Config::from_env()` or a region.
            /// let emulator = Emulator::spawn(EmulatorConfig::new()).await?;
            /// let config = Config::builder()
            ///     .endpoint(emulator.url())
            ///     .credentials(Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET))
            ///     .build()?;
            #[doc = concat!("let client = alicert_api::", $product, "::Client::from_config(&config)?;")]
            /// assert_eq!(client.baseurl(), emulator.url());
            /// # Ok(()) }
            /// ```
            pub fn from_config(config: &$crate::Config) -> Result<Self, $crate::Error> {
                let endpoint = config.endpoint_for($product)?;
                Ok(Self::new_with_client(
                    endpoint.url(),
                    config.http_client().clone(),
                    config.runtime().clone(),
                ))
            }
        }
    };
}

pub(crate) use client_from_config;

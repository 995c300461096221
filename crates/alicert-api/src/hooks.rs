//! The seam between progenitor and our runtime. The generated clients are built with `HooksMode::Expected`, so a
//! client without this impl does not compile; the impl hands every request to [`Runtime::execute`], which signs it
//! once per attempt.

/// Implements progenitor's `ClientHooks` for a generated `Client`, for the product with code `$product`.
macro_rules! sign_with_runtime {
    ($product:literal) => {
        impl progenitor_client::ClientHooks<$crate::Runtime> for Client {
            async fn exec(
                &self,
                request: reqwest::Request,
                _info: &progenitor_client::OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                let api = alicert_core::runtime::ApiInfo {
                    product: $product,
                    version:
                        <Client as progenitor_client::ClientInfo<$crate::Runtime>>::api_version(),
                };
                let client: &Client = self;
                let (runtime, http) = (
                    progenitor_client::ClientInfo::<$crate::Runtime>::inner(client),
                    progenitor_client::ClientInfo::<$crate::Runtime>::client(client),
                );
                runtime.execute(http, request, api).await
            }
        }

        impl Client {
            /// A client for this product, with the configuration's runtime, HTTP client and endpoint (the explicit
            /// endpoint if one was given, otherwise the region's, as the official SDK's map resolves it).
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

pub(crate) use sign_with_runtime;

//! Every generated method returns `progenitor_client::Error<ErrorResponse>`; this turns it into our one [`Error`],
//! so `?` works on any generated call. Generic over the error body type (anything `Serialize`), so this crate still
//! knows nothing of the generated code.

use std::time::Duration;

use serde::Serialize;

use crate::error::Error;
use crate::runtime::{ACTION_HEADER, LOCAL_ERROR_HEADER, ORIGINAL_STATUS_HEADER, PRODUCT_HEADER};

impl<E: Serialize> From<progenitor_client::Error<E>> for Error {
    fn from(error: progenitor_client::Error<E>) -> Self {
        use progenitor_client::Error as P;
        match error {
            P::ErrorResponse(response) => {
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = serde_json::to_vec(response.as_ref()).unwrap_or_default();
                let error = match headers
                    .get(LOCAL_ERROR_HEADER)
                    .and_then(|value| value.to_str().ok())
                {
                    Some("local") => local(status, &headers, &body),
                    // Not Alibaba's error object: the runtime put the body's sanitized excerpt in `Message`.
                    Some("non-json-body") => {
                        Error::service(status, &headers, json_str(&body, "Message").as_bytes())
                    }
                    _ => Error::service(status, &headers, &body),
                };
                let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
                match (header(PRODUCT_HEADER), header(ACTION_HEADER)) {
                    (Some(product), Some(action)) => error.with_operation(product, action),
                    _ => error,
                }
            }
            P::CommunicationError(error)
            | P::ResponseBodyError(error)
            | P::InvalidUpgrade(error) => Error::transport(error),
            P::InvalidResponsePayload(bytes, error) => {
                let excerpt: String = String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect();
                Error::decode(200, String::new(), error.to_string(), excerpt)
            }
            P::UnexpectedResponse(response) => {
                Error::service(response.status().as_u16(), response.headers(), b"")
            }
            P::InvalidRequest(message) | P::Custom(message) => Error::invalid_request(message),
        }
    }
}

/// The string field `name` of a JSON object body, or `""`.
fn json_str(body: &[u8], name: &str) -> String {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|value| value.get(name)?.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A failure the runtime found itself and carried through progenitor as a marked response.
fn local(status: u16, headers: &reqwest::header::HeaderMap, body: &[u8]) -> Error {
    let code = json_str(body, "Code");
    let message = json_str(body, "Message");
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    match code.as_str() {
        "Alicert.CredentialsUnavailable" => Error::credentials(message),
        "Alicert.InvalidRequest" => Error::invalid_request(message),
        "Alicert.ResponseTooLarge" => Error::decode(
            header(ORIGINAL_STATUS_HEADER)
                .and_then(|text| text.parse().ok())
                .unwrap_or(status),
            "$".to_owned(),
            message,
            header(crate::runtime::EXCERPT_HEADER)
                .unwrap_or("")
                .to_owned(),
        ),
        "Alicert.OperationTimeout" => {
            let millis = headers
                .get("x-alicert-timeout-ms")
                .and_then(|value| value.to_str().ok())
                .and_then(|text| text.parse().ok())
                .unwrap_or(0);
            Error::timeout("the operation", Duration::from_millis(millis))
        }
        _ => Error::service(status, headers, body),
    }
}

//! Every generated method returns `progenitor_client::Error<ErrorResponse>`; this turns it into our one [`Error`],
//! so `?` works on any generated call. Generic over the error body type (anything `Serialize`), so this crate still
//! knows nothing of the generated code.

use std::time::Duration;

use serde::Serialize;

use crate::error::Error;
use crate::runtime::LOCAL_ERROR_HEADER;

impl<E: Serialize> From<progenitor_client::Error<E>> for Error {
    fn from(error: progenitor_client::Error<E>) -> Self {
        use progenitor_client::Error as P;
        match error {
            P::ErrorResponse(response) => {
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = serde_json::to_vec(response.as_ref()).unwrap_or_default();
                if headers
                    .get(LOCAL_ERROR_HEADER)
                    .is_some_and(|value| value == "local")
                {
                    return local(status, &headers, &body);
                }
                Error::service(status, &headers, &body)
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

/// A failure the runtime found itself and carried through progenitor as a marked response.
fn local(status: u16, headers: &reqwest::header::HeaderMap, body: &[u8]) -> Error {
    let parsed: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let code = parsed
        .get("Code")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("");
    let message = parsed
        .get("Message")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
        .to_owned();
    match code {
        "Alicert.CredentialsUnavailable" => Error::credentials(message),
        "Alicert.InvalidRequest" => Error::invalid_request(message),
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

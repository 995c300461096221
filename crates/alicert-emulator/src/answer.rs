//! Which format an answer goes out in, and its bytes in that format. RPC APIs answer `Format=JSON` or `Format=XML`
//! (matched case-insensitively, as the SDKs send `json`, `JSON` or `XML`), and XML when `Format` is absent: the
//! documented default, which the classic SDKs rely on when told no format. V3 requests name no format in their
//! signed headers and the official V3 clients send none and expect JSON, so a V3 request gets JSON unless its
//! query says `Format=XML`. Errors go out in the same format as the success would have.

use alicert_core::sign::SignatureVersion;

use crate::error::{ApiError, ErrorBody};
use crate::request::Incoming;
use crate::xml;

/// The `Content-Type` of a JSON answer.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json;charset=utf-8";

/// The format of an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Xml,
}

impl Format {
    /// The format a request asks for.
    pub fn of(incoming: &Incoming) -> Self {
        match incoming.param("Format") {
            Some(value) if value.eq_ignore_ascii_case("xml") => Format::Xml,
            Some(value) if value.eq_ignore_ascii_case("json") => Format::Json,
            // Absent (or a format the service does not know): the default of the request's style.
            _ if incoming.signature_version() == Some(SignatureVersion::V3) => Format::Json,
            _ => Format::Xml,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => JSON_CONTENT_TYPE,
            Format::Xml => xml::CONTENT_TYPE,
        }
    }

    /// A successful answer of `action`, given as the operation's JSON bytes.
    pub fn success(self, action: &str, json: Vec<u8>) -> Result<Vec<u8>, ApiError> {
        match self {
            Format::Json => Ok(json),
            Format::Xml => xml::from_json(&format!("{action}Response"), &json)
                .map_err(|_| ApiError::internal()),
        }
    }

    /// An error answer: `{"RequestId","HostId","Code","Message","Recommend"}`, or the same fields under `<Error>`.
    pub fn error(self, body: &ErrorBody<'_>) -> Vec<u8> {
        let json = serde_json::to_vec(body).unwrap_or_default();
        match self {
            Format::Json => json,
            Format::Xml => xml::from_json("Error", &json).unwrap_or_default(),
        }
    }
}

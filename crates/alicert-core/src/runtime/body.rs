//! Response bodies as the runtime hands them back: read whole under a cap, rebuilt into a `reqwest::Response` for
//! the generated client, and, for an error, rewritten so that the generated `ErrorResponse` type always decodes it.
//! Without that rewrite a gateway's HTML page, an empty body, a `Code` sent as a number, a lowerCamel `code` or a
//! duplicated key would make progenitor report a decoding failure and lose the HTTP status.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};

use super::LOCAL_ERROR_HEADER;
use crate::error::Error;

/// On a `local` error for an oversized body: a sanitized ASCII excerpt of the start of the body.
pub(crate) const EXCERPT_HEADER: &str = "x-alicert-excerpt";

/// How much of an oversized body is kept for its excerpt.
const EXCERPT_PREFIX_BYTES: usize = 4096;

pub(super) enum Read {
    Complete {
        status: reqwest::StatusCode,
        version: reqwest::Version,
        headers: HeaderMap,
        body: Vec<u8>,
    },
    TooLarge {
        status: reqwest::StatusCode,
        /// Sanitized, ASCII only (a header value).
        excerpt: String,
    },
    /// A 3xx answer, whose body is not read: the runtime follows no redirect.
    Redirect {
        status: reqwest::StatusCode,
        /// `host[:port]` of an absolute `Location`: never its path or query, which could echo the signed query.
        location_host: Option<String>,
    },
}

/// Reads the whole body, or stops as soon as it is known to exceed `limit` (by `Content-Length` or by what arrived).
///
/// The body is read through `http_body` rather than `reqwest::Response::chunk`, which files a connection cut
/// mid-body under "decode" errors; read this way it is a body (transport) error, which is worth retrying.
pub(super) async fn read(response: reqwest::Response, limit: usize) -> reqwest::Result<Read> {
    use http_body_util::BodyExt as _;

    let status = response.status();
    if status.is_redirection() {
        return Ok(Read::Redirect {
            status,
            location_host: location_host(response.headers()),
        });
    }
    let version = response.version();
    let content_length = response.content_length();
    let (parts, mut body) = http::Response::<reqwest::Body>::from(response).into_parts();
    if content_length.is_some_and(|length| length > limit as u64) {
        // Read at most the first frame for the excerpt; the rest is never downloaded.
        let first = match body.frame().await {
            Some(Ok(frame)) => frame.into_data().unwrap_or_default(),
            _ => Default::default(),
        };
        return Ok(too_large(status, &parts.headers, &first));
    }
    let capacity = content_length.map_or(8 * 1024, |length| length as usize);
    let mut bytes = Vec::with_capacity(capacity.min(limit));
    while let Some(frame) = body.frame().await {
        let Ok(chunk) = frame?.into_data() else {
            continue; // trailers
        };
        if bytes.len() + chunk.len() > limit {
            bytes.extend_from_slice(&chunk[..chunk.len().min(EXCERPT_PREFIX_BYTES)]);
            return Ok(too_large(status, &parts.headers, &bytes));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Read::Complete {
        status,
        version,
        headers: parts.headers,
        body: bytes,
    })
}

/// `host[:port]` of the `Location` header when it is an absolute URL.
fn location_host(headers: &HeaderMap) -> Option<String> {
    let location = headers.get(reqwest::header::LOCATION)?.to_str().ok()?;
    let url = reqwest::Url::parse(location).ok()?;
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

fn too_large(status: reqwest::StatusCode, headers: &HeaderMap, start: &[u8]) -> Read {
    let start = &start[..start.len().min(EXCERPT_PREFIX_BYTES)];
    let excerpt = Error::service(status.as_u16(), headers, start)
        .body_excerpt()
        .unwrap_or("")
        .chars()
        .map(|c| {
            if c == ' ' || c.is_ascii_graphic() {
                c
            } else {
                '?'
            }
        })
        .collect();
    Read::TooLarge { status, excerpt }
}

/// The buffered response, handed back to the generated client. Its `url()` is the endpoint (`base`, no query): never
/// the signed URL, and no `Url::parse` per call, which reqwest would otherwise spend on a placeholder.
pub(super) fn rebuild(
    status: reqwest::StatusCode,
    version: reqwest::Version,
    headers: HeaderMap,
    body: Vec<u8>,
    base: &reqwest::Url,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt as _;
    let mut builder = http::Response::builder()
        .status(status)
        .version(version)
        .url(base.clone());
    if let Some(slot) = builder.headers_mut() {
        *slot = headers;
    }
    match builder.body(body) {
        Ok(response) => reqwest::Response::from(response),
        // The parts above cannot be invalid (a status and version that came from a response); should the builder
        // refuse anyway, say so in Alibaba's shape rather than panic.
        Err(error) => local_error(502, "Alicert.InvalidResponse", &error.to_string()),
    }
}

/// The error body a generated client is given for an error answer `status` with `body`: always a JSON object whose
/// fields are the strings of Alibaba's error shape, so the generated `ErrorResponse` types decode it whatever the
/// service or a gateway sent.
///
/// - Alibaba's JSON error (an object with `Code` or `Message`, in either PascalCase or lowerCamel spelling) becomes
///   `{Code, Message, RequestId, HostId, Recommend, AccessDeniedDetail}` with the fields it had, values that were not
///   strings written as their JSON text, `AccessDeniedDetail` kept only as an object of strings.
/// - Anything else (HTML, plain text, an empty or truncated body, a JSON array, an object with neither `Code` nor
///   `Message`) becomes `{Message, RequestId}`, the message being the short sanitized excerpt
///   [`Error::body_excerpt`] gives, and the request id that of the `x-acs-request-id` header if any.
///
/// Never panics, whatever the bytes.
pub fn normalize_error_body(status: u16, headers: &HeaderMap, body: &[u8]) -> Vec<u8> {
    let error = Error::service(status, headers, body);
    let mut object = serde_json::Map::new();
    let mut put = |name: &str, value: Option<&str>| {
        if let Some(value) = value {
            object.insert(
                name.to_owned(),
                serde_json::Value::from(redact_credentials(value)),
            );
        }
    };
    match error.body_excerpt() {
        Some(excerpt) => {
            put("Message", Some(excerpt));
            put("RequestId", error.request_id());
        }
        None => {
            put("Code", error.code());
            put("Message", error.message());
            put("RequestId", error.request_id());
            put("HostId", error.host_id());
            put("Recommend", error.recommend());
            if let Some(serde_json::Value::Object(detail)) = error.access_denied_detail() {
                let detail: serde_json::Map<String, serde_json::Value> = detail
                    .iter()
                    .filter_map(|(name, value)| match value {
                        serde_json::Value::Null => None,
                        serde_json::Value::String(text) => Some((
                            name.clone(),
                            serde_json::Value::from(redact_credentials(text)),
                        )),
                        other => Some((name.clone(), serde_json::Value::from(other.to_string()))),
                    })
                    .collect();
                object.insert(
                    "AccessDeniedDetail".to_owned(),
                    serde_json::Value::Object(detail),
                );
            }
        }
    }
    serde_json::to_vec(&serde_json::Value::Object(object)).unwrap_or_else(|_| b"{}".to_vec())
}

/// Where a value that proves identity starts, in the forms a service echoes it: a query (`SecurityToken=`), the
/// string-to-sign a `SignatureDoesNotMatch` message quotes (`SecurityToken%3D`, percent-encoded once more), or a V3
/// canonical request (`x-acs-security-token:`).
const CREDENTIAL_MARKERS: [&str; 6] = [
    "SecurityToken%3D",
    "SecurityToken=",
    "x-acs-security-token:",
    "Signature%3D",
    "Signature=",
    "BearerToken%3D",
];

/// `text` with the value after every [`CREDENTIAL_MARKERS`] entry replaced by `***`. Alibaba's
/// `SignatureDoesNotMatch` quotes the server's string-to-sign, which holds the STS token of the request.
fn redact_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((index, marker)) = CREDENTIAL_MARKERS
        .iter()
        .filter_map(|marker| rest.find(marker).map(|index| (index, *marker)))
        .min_by_key(|(index, _)| *index)
    {
        let value_start = index + marker.len();
        out.push_str(&rest[..value_start]);
        out.push_str("***");
        let value = &rest[value_start..];
        let mut end = value
            .find(|c: char| {
                matches!(c, '&' | ',' | ';' | '"' | '\'' | '<' | '>') || c.is_whitespace()
            })
            .unwrap_or(value.len());
        // An encoded `&` (`%26`) ends an encoded value.
        if let Some(encoded) = value[..end].find("%26") {
            end = encoded;
        }
        rest = &value[end..];
    }
    out.push_str(rest);
    out
}

/// An error response goes back to the generated client, which decodes its body as Alibaba's JSON error: the body is
/// replaced by [`normalize_error_body`]'s, and marked `non-json-body` when it was not Alibaba's error object (its
/// `Message` is then the excerpt, not the service's words).
pub(super) fn rebuild_error(
    status: reqwest::StatusCode,
    version: reqwest::Version,
    mut headers: HeaderMap,
    body: Vec<u8>,
    base: &reqwest::Url,
) -> reqwest::Response {
    let is_alibaba_error = Error::service(status.as_u16(), &headers, &body)
        .body_excerpt()
        .is_none();
    let normalized = normalize_error_body(status.as_u16(), &headers, &body);
    if !is_alibaba_error {
        headers.insert(
            LOCAL_ERROR_HEADER,
            HeaderValue::from_static("non-json-body"),
        );
    }
    headers.insert(
        reqwest::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.remove(reqwest::header::CONTENT_LENGTH);
    headers.remove(reqwest::header::CONTENT_ENCODING);
    rebuild(status, version, headers, normalized, base)
}

/// A response that carries a failure the runtime found itself, in Alibaba's error shape, marked as local.
pub(super) fn local_error(status: u16, code: &str, message: &str) -> reqwest::Response {
    let body = serde_json::json!({ "Code": code, "Message": message });
    let mut response = http::Response::new(serde_json::to_vec(&body).unwrap_or_default());
    *response.status_mut() =
        reqwest::StatusCode::from_u16(status).unwrap_or(reqwest::StatusCode::BAD_REQUEST);
    let headers = response.headers_mut();
    headers.insert(
        reqwest::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(LOCAL_ERROR_HEADER, HeaderValue::from_static("local"));
    reqwest::Response::from(response)
}

/// The operation's deadline passed: a local `Alicert.OperationTimeout` carrying the budget in milliseconds.
pub(super) fn operation_timeout(budget: Duration) -> reqwest::Response {
    let mut response = local_error(
        504,
        "Alicert.OperationTimeout",
        &format!("the operation did not finish within {budget:?}"),
    );
    response.headers_mut().insert(
        "x-alicert-timeout-ms",
        HeaderValue::from(u64::try_from(budget.as_millis()).unwrap_or(u64::MAX)),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(status: u16, body: &[u8]) -> serde_json::Value {
        serde_json::from_slice(&normalize_error_body(status, &HeaderMap::new(), body)).unwrap()
    }

    #[test]
    fn alibaba_errors_keep_their_fields_as_strings() {
        let body = br#"{"code":42,"Message":"m","RequestId":"r","HostId":null,"Extra":[1],
            "AccessDeniedDetail":{"AuthAction":"a","AuthPrincipalOwnerId":1234,"PolicyType":null}}"#;
        assert_eq!(
            normalized(403, body),
            serde_json::json!({"Code":"42","Message":"m","RequestId":"r",
                "AccessDeniedDetail":{"AuthAction":"a","AuthPrincipalOwnerId":"1234"}})
        );
        let duplicated = br#"{"Code":"A","Code":"B"}"#;
        assert_eq!(normalized(400, duplicated), serde_json::json!({"Code":"B"}));
        let odd_detail = br#"{"Code":"Forbidden.RAM","AccessDeniedDetail":"denied"}"#;
        assert_eq!(
            normalized(403, odd_detail),
            serde_json::json!({"Code":"Forbidden.RAM"})
        );
    }

    #[test]
    fn credentials_quoted_by_the_service_are_redacted() {
        let body = br#"{"Code":"SignatureDoesNotMatch","Message":"server string to sign is:POST&%2F&AccessKeyId%3DSTS.x%26SecurityToken%3DCAIS%252Btoken%26SignatureNonce%3Dn1"}"#;
        let message = normalized(400, body)["Message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            message,
            "server string to sign is:POST&%2F&AccessKeyId%3DSTS.x%26SecurityToken%3D***%26SignatureNonce%3Dn1"
        );
        assert_eq!(
            redact_credentials("a\nx-acs-security-token:CAIS\nhost:h Signature=abc&x=1"),
            "a\nx-acs-security-token:***\nhost:h Signature=***&x=1"
        );
        assert_eq!(redact_credentials("SecurityToken="), "SecurityToken=***");
        assert_eq!(redact_credentials("plain"), "plain");
    }

    #[test]
    fn anything_else_becomes_an_excerpt() {
        let mut headers = HeaderMap::new();
        headers.insert("x-acs-request-id", HeaderValue::from_static("REQ-1"));
        let page = b"<html>\n<title>502 Bad Gateway</title></html>";
        let body: serde_json::Value =
            serde_json::from_slice(&normalize_error_body(502, &headers, page)).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"Message":"<html> <title>502 Bad Gateway</title></html>","RequestId":"REQ-1"})
        );
        assert_eq!(normalized(503, b""), serde_json::json!({"Message":""}));
        assert_eq!(
            normalized(400, b"[1,2]"),
            serde_json::json!({"Message":"[1,2]"})
        );
        assert_eq!(
            normalized(400, br#"{"RequestId":"x"}"#),
            serde_json::json!({"Message":"{\"RequestId\":\"x\"}","RequestId":"x"})
        );
    }
}

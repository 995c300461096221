//! The one public error type for a failed call to Alibaba Cloud, whatever failed: the service said no (its JSON error
//! body, or a gateway's HTML page), the network failed, a deadline passed, credentials could not be found, or a
//! success body did not match its type. Callers ask it questions (status, code, request id, retry or not) instead of
//! matching on variants, so the runtime, the CLI and users share one classification.
//!
//! It never carries what could leak a credential: a transport error is stored without its URL (which holds the
//! signature, the AccessKey ID and the STS token), no request header is kept, body excerpts are shortened, stripped of
//! control characters and of anything that looks like a signed query parameter. `Debug` is written by hand to be as
//! safe as `Display`.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use crate::credentials::CredentialsError;
use crate::redact::{redact_credentials, redact_value};

/// How many characters of an unexpected body an error keeps.
const EXCERPT_CHARS: usize = 200;

/// At most this much of a body is looked at for an excerpt: enough for 200 characters after stripping markup noise.
const EXCERPT_SCAN_BYTES: usize = 4096;

/// A failed call.
pub struct Error {
    /// Boxed so `Result<T, Error>` stays one pointer wide on the happy path.
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    operation: Option<Operation>,
}

/// Which product and action failed, for messages.
#[derive(Clone)]
struct Operation {
    product: String,
    action: String,
}

enum ErrorKind {
    Service(ServiceError),
    Transport(reqwest::Error),
    /// The endpoint answered 3xx. Never followed: the signed request (signature, AccessKey ID, STS token) would go
    /// with it to wherever `Location` points.
    Redirect {
        status: u16,
        /// `host[:port]` of an absolute `Location`; never its path or query.
        location_host: Option<String>,
    },
    Timeout {
        what: &'static str,
        after: Duration,
    },
    Credentials {
        message: String,
        /// The provider's own error, when a provider failed (not when a caller described the problem in words).
        source: Option<CredentialsError>,
    },
    InvalidRequest {
        message: String,
    },
    Decode {
        status: u16,
        path: String,
        message: String,
        excerpt: String,
    },
}

/// What the service (or a gateway in front of it) answered with a 4xx/5xx status.
#[derive(Debug)]
struct ServiceError {
    status: u16,
    request_id: Option<String>,
    host_id: Option<String>,
    code: Option<String>,
    message: Option<String>,
    recommend: Option<String>,
    access_denied_detail: Option<serde_json::Value>,
    retry_after: Option<Duration>,
    server_date: Option<SystemTime>,
    /// A sanitized excerpt of the body when it was not Alibaba's JSON error object.
    excerpt: Option<String>,
}

/// The broad class of an [`Error`], for callers that branch on it.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCategory {
    /// The service or a gateway answered with an error status.
    Service,
    /// The request could not be sent or the response could not be read.
    Transport,
    /// A deadline passed.
    Timeout,
    /// No usable credentials.
    Credentials,
    /// The request could not be built: a missing required parameter, a value of the wrong type.
    InvalidRequest,
    /// A success response whose body does not match the expected type.
    Decode,
}

impl Error {
    /// An error response: `status` and the body Alibaba sends with it, `{RequestId, HostId, Code, Message, Recommend,
    /// AccessDeniedDetail}` (the lowerCamel spellings are read too). A body that is not such an object (a gateway's
    /// HTML 502, an empty or truncated body) still makes a service error with the status, no code, and a short
    /// sanitized excerpt. The request id falls back to the `x-acs-request-id` header; `x-acs-retry-after`
    /// (milliseconds) and `Date` are kept for [`retry_after`](Self::retry_after) and
    /// [`server_date`](Self::server_date). Never panics.
    pub fn service(status: u16, headers: &HeaderMap, body: &[u8]) -> Error {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
        };
        let retry_after = header("x-acs-retry-after")
            .and_then(|text| text.parse::<u64>().ok())
            .filter(|millis| *millis > 0)
            .map(Duration::from_millis);
        let server_date = header("date").and_then(|text| httpdate::parse_http_date(text).ok());

        let mut service = ServiceError {
            status,
            request_id: None,
            host_id: None,
            code: None,
            message: None,
            recommend: None,
            access_denied_detail: None,
            retry_after,
            server_date,
            excerpt: None,
        };
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(serde_json::Value::Object(object)) => {
                let field = |upper: &str, lower: &str| {
                    object
                        .get(upper)
                        .or_else(|| object.get(lower))
                        .and_then(|value| match value {
                            serde_json::Value::Null => None,
                            serde_json::Value::String(text) => Some(redact_credentials(text)),
                            other => Some(redact_credentials(&other.to_string())),
                        })
                };
                service.request_id = field("RequestId", "requestId");
                service.host_id = field("HostId", "hostId");
                service.code = field("Code", "code");
                service.message = field("Message", "message");
                service.recommend = field("Recommend", "recommend");
                service.access_denied_detail = object
                    .get("AccessDeniedDetail")
                    .or_else(|| object.get("accessDeniedDetail"))
                    .filter(|value| !value.is_null())
                    .map(redact_value);
                if service.code.is_none() && service.message.is_none() {
                    service.excerpt = Some(excerpt(body));
                }
            }
            _ => service.excerpt = Some(excerpt(body)),
        }
        if service.request_id.is_none() {
            service.request_id = header("x-acs-request-id")
                .filter(|id| !id.is_empty())
                .map(|id| sanitize(id, 100));
        }
        Error::from_kind(ErrorKind::Service(service))
    }

    /// The request could not be sent or the response not read. The error is stored with its URL removed
    /// ([`reqwest::Error::without_url`]): the signed URL never survives into a message.
    pub fn transport(err: reqwest::Error) -> Error {
        Error::from_kind(ErrorKind::Transport(err.without_url()))
    }

    /// The endpoint answered with the redirect `status` (3xx) towards `location_host` (`host[:port]` of the
    /// `Location` header, `None` when it was missing or relative). Redirects are never followed, because the signed
    /// request would travel with them; this error is not retried and is not a service answer
    /// ([`ErrorCategory::Transport`]).
    pub fn redirect(status: u16, location_host: Option<String>) -> Error {
        Error::from_kind(ErrorKind::Redirect {
            status,
            location_host: location_host.map(|host| sanitize(&host, 100)),
        })
    }

    /// `what` (e.g. `"request"`, `"credentials refresh"`) did not finish within `after`.
    pub fn timeout(what: &'static str, after: Duration) -> Error {
        Error::from_kind(ErrorKind::Timeout { what, after })
    }

    /// No usable credentials; `message` says which source and why (never the secret itself).
    pub fn credentials(message: impl Into<String>) -> Error {
        Error::from_kind(ErrorKind::Credentials {
            message: message.into(),
            source: None,
        })
    }

    /// No usable credentials, as the provider (or chain) reported it; the provider's error stays reachable through
    /// [`source`](std::error::Error::source) and [`credentials_error`](Self::credentials_error).
    pub fn from_credentials(error: CredentialsError) -> Error {
        Error::from_kind(ErrorKind::Credentials {
            message: error.to_string(),
            source: Some(error),
        })
    }

    /// A request that could not be built (a missing required parameter, a value of the wrong type): nothing was
    /// sent.
    pub fn invalid_request(message: impl Into<String>) -> Error {
        Error::from_kind(ErrorKind::InvalidRequest {
            message: message.into(),
        })
    }

    /// Whether a transport failure is worth another attempt: everything but a request that could not be built, a
    /// redirect loop or an undecodable body. The runtime asks before it gives the error back.
    pub fn is_retryable_transport(error: &reqwest::Error) -> bool {
        !(error.is_builder() || error.is_redirect() || error.is_decode())
    }

    /// A 2xx body that does not match the expected type: `path` is the JSON path of the offending value (e.g.
    /// `$.CertInfos.CertInfo[0].NotAfterTime`), `message` what was wrong, `excerpt` the start of the body (shortened
    /// and sanitized again here).
    pub fn decode(status: u16, path: String, message: String, excerpt: String) -> Error {
        Error::from_kind(ErrorKind::Decode {
            status,
            path,
            message,
            excerpt: excerpt_of_text(&excerpt),
        })
    }

    /// Names the product and action in messages: `cas DescribeDeploymentJob failed: …`.
    pub fn with_operation(
        mut self,
        product: impl Into<String>,
        action: impl Into<String>,
    ) -> Error {
        self.inner.operation = Some(Operation {
            product: product.into(),
            action: action.into(),
        });
        self
    }

    fn from_kind(kind: ErrorKind) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                operation: None,
            }),
        }
    }

    fn service_error(&self) -> Option<&ServiceError> {
        match &self.inner.kind {
            ErrorKind::Service(service) => Some(service),
            _ => None,
        }
    }

    /// The broad class of this error.
    pub fn category(&self) -> ErrorCategory {
        match self.inner.kind {
            ErrorKind::Service(_) => ErrorCategory::Service,
            ErrorKind::Transport(_) | ErrorKind::Redirect { .. } => ErrorCategory::Transport,
            ErrorKind::Timeout { .. } => ErrorCategory::Timeout,
            ErrorKind::Credentials { .. } => ErrorCategory::Credentials,
            ErrorKind::InvalidRequest { .. } => ErrorCategory::InvalidRequest,
            ErrorKind::Decode { .. } => ErrorCategory::Decode,
        }
    }

    /// The product named by [`with_operation`](Self::with_operation).
    pub fn product(&self) -> Option<&str> {
        self.inner
            .operation
            .as_ref()
            .map(|operation| operation.product.as_str())
    }

    /// The action named by [`with_operation`](Self::with_operation).
    pub fn action(&self) -> Option<&str> {
        self.inner
            .operation
            .as_ref()
            .map(|operation| operation.action.as_str())
    }

    /// The HTTP status, for a service error, a refused redirect or a body that did not decode.
    pub fn status(&self) -> Option<u16> {
        match &self.inner.kind {
            ErrorKind::Service(service) => Some(service.status),
            ErrorKind::Redirect { status, .. } => Some(*status),
            ErrorKind::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Alibaba's error code, e.g. `SignatureDoesNotMatch`, `Throttling.User`.
    pub fn code(&self) -> Option<&str> {
        self.service_error()?.code.as_deref()
    }

    /// The service's `Message`; for a credentials or decode error, what went wrong.
    pub fn message(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Service(service) => service.message.as_deref(),
            ErrorKind::Credentials { message, .. }
            | ErrorKind::InvalidRequest { message }
            | ErrorKind::Decode { message, .. } => Some(message),
            _ => None,
        }
    }

    /// The `RequestId` to quote to Alibaba support (from the body, else the `x-acs-request-id` header).
    pub fn request_id(&self) -> Option<&str> {
        self.service_error()?.request_id.as_deref()
    }

    /// The `HostId` (the endpoint host that answered).
    pub fn host_id(&self) -> Option<&str> {
        self.service_error()?.host_id.as_deref()
    }

    /// The `Recommend` link to Alibaba's diagnosis page.
    pub fn recommend(&self) -> Option<&str> {
        self.service_error()?.recommend.as_deref()
    }

    /// The credentials provider's error, when no usable credentials were found.
    pub fn credentials_error(&self) -> Option<&CredentialsError> {
        match &self.inner.kind {
            ErrorKind::Credentials { source, .. } => source.as_ref(),
            _ => None,
        }
    }

    /// The RAM `AccessDeniedDetail` object of a permission error, as sent.
    pub fn access_denied_detail(&self) -> Option<&serde_json::Value> {
        self.service_error()?.access_denied_detail.as_ref()
    }

    /// A short sanitized excerpt of a body that was not Alibaba's JSON error (or did not decode).
    pub fn body_excerpt(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Service(service) => service.excerpt.as_deref(),
            ErrorKind::Decode { excerpt, .. } => Some(excerpt),
            _ => None,
        }
    }

    /// The JSON path of the value that did not decode.
    pub fn json_path(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Decode { path, .. } => Some(path),
            _ => None,
        }
    }

    /// How long the service asked to wait, from `x-acs-retry-after` (milliseconds) when it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.service_error()?.retry_after
    }

    /// Whether trying again (re-signed, with a fresh nonce and time) may succeed.
    ///
    /// Yes: `Throttling*` codes, `ServiceUnavailable`, `InternalError`, HTTP 429, 500, 502, 503 and 504 whatever the
    /// body (gateway HTML included), transport errors (except a request that could not even be built, a redirect
    /// loop, or an undecodable body) and timeouts. No: signature, parameter and permission errors (the other 4xx),
    /// credentials and decode errors. A reused nonce ([`is_nonce_reused`](Self::is_nonce_reused)) and clock skew
    /// ([`is_clock_skew`](Self::is_clock_skew)) are reported as not retryable: they need the caller to act first.
    pub fn is_retryable(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::Service(service) => {
                let retryable_code = service.code.as_deref().is_some_and(|code| {
                    code.starts_with("Throttling")
                        || code == "ServiceUnavailable"
                        || code == "InternalError"
                });
                retryable_code || matches!(service.status, 429 | 500 | 502 | 503 | 504)
            }
            ErrorKind::Transport(error) => Error::is_retryable_transport(error),
            ErrorKind::Timeout { .. } => true,
            ErrorKind::Redirect { .. }
            | ErrorKind::Credentials { .. }
            | ErrorKind::InvalidRequest { .. }
            | ErrorKind::Decode { .. } => false,
        }
    }

    /// The service throttled the request: a `Throttling*` code or HTTP 429.
    pub fn is_throttling(&self) -> bool {
        self.service_error().is_some_and(|service| {
            service.status == 429
                || service
                    .code
                    .as_deref()
                    .is_some_and(|code| code.starts_with("Throttling"))
        })
    }

    /// The service rejected the request's time: `InvalidTimeStamp.Expired`, `InvalidTimeStamp.Format` and the rest
    /// of the `InvalidTimeStamp*` family (any case), or `RequestTimeTooSkewed`. Compare
    /// [`server_date`](Self::server_date) with the local clock to correct.
    pub fn is_clock_skew(&self) -> bool {
        self.code().is_some_and(|code| {
            code.get(..16)
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case("InvalidTimeStamp"))
                || code == "RequestTimeTooSkewed"
        })
    }

    /// The service saw this request's `SignatureNonce` before (`SignatureNonceUsed`): sign again with a fresh one.
    pub fn is_nonce_reused(&self) -> bool {
        self.code()
            .is_some_and(|code| code.starts_with("SignatureNonceUsed"))
    }

    /// The response's `Date` header, for clock-skew correction.
    pub fn server_date(&self) -> Option<SystemTime> {
        self.service_error()?.server_date
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.operation {
            Some(operation) => write!(
                f,
                "{} {} failed: ",
                one_line(&operation.product),
                one_line(&operation.action)
            )?,
            None => f.write_str("Alibaba Cloud request failed: ")?,
        }
        match &self.inner.kind {
            ErrorKind::Service(service) => {
                write!(f, "HTTP {}", service.status)?;
                if let Some(code) = &service.code {
                    write!(f, " {}", one_line(code))?;
                }
                match (&service.message, &service.excerpt) {
                    (Some(message), _) => write!(f, ": {}", one_line(message))?,
                    (None, Some(excerpt)) if excerpt.is_empty() => f.write_str(": empty body")?,
                    (None, Some(excerpt)) => write!(f, ": unexpected body: {excerpt}")?,
                    (None, None) => {}
                }
                if let Some(request_id) = &service.request_id {
                    write!(f, " (RequestId {})", one_line(request_id))?;
                }
                Ok(())
            }
            ErrorKind::Transport(error) => {
                let what = if error.is_connect() {
                    "could not connect"
                } else if error.is_timeout() {
                    "timed out in transport"
                } else if error.is_body() {
                    "could not read the response body"
                } else if error.is_builder() {
                    "could not build the request"
                } else if error.is_redirect() {
                    "redirect failed"
                } else {
                    "transport error"
                };
                f.write_str(what)
            }
            ErrorKind::Redirect {
                status,
                location_host,
            } => {
                if !(300..400).contains(status) {
                    // The caller's own HTTP client followed it before the runtime saw the answer.
                    let host = location_host.as_deref().unwrap_or("another host");
                    return write!(
                        f,
                        "the HTTP client followed a redirect to {host} (HTTP {status} came back from there); build \
                         it with redirect::Policy::none(): the signed request must not follow redirects"
                    );
                }
                write!(f, "the endpoint answered HTTP {status}, a redirect")?;
                match location_host {
                    Some(host) => write!(f, " to {host}")?,
                    None => f.write_str(" with no absolute Location")?,
                }
                f.write_str(
                    "; redirects are not followed, because the signed request would go with them: check the \
                     endpoint",
                )
            }
            ErrorKind::Timeout { what, after } => write!(f, "{what} timed out after {after:?}"),
            ErrorKind::Credentials { message, .. } => {
                write!(f, "credentials: {}", one_line(message))
            }
            ErrorKind::InvalidRequest { message } => {
                write!(f, "invalid request: {}", one_line(message))
            }
            ErrorKind::Decode {
                status,
                path,
                message,
                excerpt,
            } => write!(
                f,
                "HTTP {status} response does not match the expected type at {}: {} (body starts: {excerpt})",
                one_line(path),
                one_line(message)
            ),
        }
    }
}

/// Hand-written so that nothing a derive could reach (a URL, a header) is ever printed.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Error");
        if let Some(operation) = &self.inner.operation {
            debug.field("product", &operation.product);
            debug.field("action", &operation.action);
        }
        match &self.inner.kind {
            ErrorKind::Service(service) => debug.field("service", service),
            // reqwest's Debug would print a URL if one were left; its Display (URL removed) is enough.
            ErrorKind::Transport(error) => debug.field("transport", &format_args!("{error}")),
            ErrorKind::Redirect {
                status,
                location_host,
            } => debug
                .field("redirect", status)
                .field("location_host", location_host),
            ErrorKind::Timeout { what, after } => {
                debug.field("timeout", &format_args!("{what} after {after:?}"))
            }
            ErrorKind::Credentials { message, .. } => debug.field("credentials", message),
            ErrorKind::InvalidRequest { message } => debug.field("invalid_request", message),
            ErrorKind::Decode {
                status,
                path,
                message,
                excerpt,
            } => debug
                .field("status", status)
                .field("path", path)
                .field("decode", message)
                .field("excerpt", excerpt),
        };
        debug.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.kind {
            ErrorKind::Transport(error) => Some(error),
            ErrorKind::Credentials {
                source: Some(error),
                ..
            } => Some(error),
            _ => None,
        }
    }
}

/// Control characters escaped (`\n`), so a message from the service stays on one line of a log.
fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// An excerpt of a body: lossy UTF-8 of its start, sanitized.
fn excerpt(body: &[u8]) -> String {
    let scanned = &body[..body.len().min(EXCERPT_SCAN_BYTES)];
    excerpt_of_text(&String::from_utf8_lossy(scanned))
}

/// Whitespace runs (control whitespace included) collapsed to one space, other control characters dropped, signed
/// query values redacted, cut to [`EXCERPT_CHARS`] characters (the last one `…` when cut).
fn excerpt_of_text(text: &str) -> String {
    let redacted = redact_signed_values(text);
    sanitize(&redacted, EXCERPT_CHARS)
}

fn sanitize(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut chars = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = chars > 0;
            continue;
        }
        if c.is_control() {
            continue;
        }
        let needed = usize::from(pending_space) + 1;
        if chars + needed > max_chars {
            if chars >= max_chars {
                out.pop();
            }
            out.push('…');
            return out;
        }
        if pending_space {
            out.push(' ');
            chars += 1;
            pending_space = false;
        }
        out.push(c);
        chars += 1;
    }
    out
}

/// Values of parameters that carry credentials, should a gateway echo the signed URL into its error page.
fn redact_signed_values(text: &str) -> Cow<'_, str> {
    const NAMES: [&str; 5] = [
        "Signature=",
        "SecurityToken=",
        "AccessKeyId=",
        "Credential=",
        "BearerToken=",
    ];
    if !NAMES.iter().any(|name| text.contains(name)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((index, name)) = NAMES
        .iter()
        .filter_map(|name| rest.find(name).map(|index| (index, *name)))
        .min_by_key(|(index, _)| *index)
    {
        let value_start = index + name.len();
        out.push_str(&rest[..value_start]);
        out.push_str("***");
        let value_len = rest[value_start..]
            .find(|c: char| {
                matches!(c, '&' | ',' | ';' | '"' | '\'' | '<' | '>') || c.is_whitespace()
            })
            .unwrap_or(rest.len() - value_start);
        rest = &rest[value_start + value_len..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_quoted_by_the_service_are_redacted() {
        let body = br#"{"Code":"SignatureDoesNotMatch","Message":"server string to sign is:POST&%2F&AccessKeyId%3DSTS.x%26SecurityToken%3DCAIS%252Btoken%26SignatureNonce%3Dn1","AccessDeniedDetail":{"Echo":["x-acs-security-token:CAIS"]}}"#;
        let error = Error::service(400, &HeaderMap::new(), body);
        assert_eq!(
            error.message(),
            Some(
                "server string to sign is:POST&%2F&AccessKeyId%3DSTS.x%26SecurityToken%3D***%26SignatureNonce%3Dn1"
            )
        );
        assert_eq!(
            error.access_denied_detail().unwrap()["Echo"][0],
            "x-acs-security-token:***"
        );
    }

    #[test]
    fn sanitize_collapses_strips_and_cuts() {
        assert_eq!(sanitize("  a\n\n b\u{7}c\t", 200), "a bc");
        assert_eq!(sanitize("", 200), "");
        let long = "x".repeat(500);
        let cut = sanitize(&long, 200);
        assert_eq!(cut.chars().count(), 200);
        assert!(cut.ends_with('…'));
        assert_eq!(sanitize(&"y".repeat(200), 200), "y".repeat(200));
        let wide = "中".repeat(300);
        assert_eq!(sanitize(&wide, 200).chars().count(), 200);
    }

    #[test]
    fn redacts_signed_parameters() {
        let page =
            "<p>GET /?AccessKeyId=LTAIabc&Signature=Zm9v%3D&SecurityToken=CAIS+x Timestamp=1</p>";
        let redacted = redact_signed_values(page);
        for secret in ["LTAIabc", "Zm9v", "CAIS"] {
            assert!(!redacted.contains(secret), "{redacted}");
        }
        assert!(redacted.contains("Timestamp=1"), "{redacted}");
        assert_eq!(redact_signed_values("plain"), "plain");
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    const SIGNATURE_MISMATCH: &str = r#"{"RequestId":"7C5B5F7E-0F0A-4B5A-9D5E-0123456789AB","HostId":"cas.aliyuncs.com","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAI5tExampleKeyId01%26Action%3DDescribeDeploymentJob%26SignatureNonce%3Dabc","Recommend":"https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=cas"}"#;

    #[test]
    fn json_error_body() {
        let error = Error::service(
            400,
            &headers(&[
                ("date", "Tue, 15 Nov 1994 08:12:31 GMT"),
                ("authorization", "ACS3-HMAC-SHA256 x"),
            ]),
            SIGNATURE_MISMATCH.as_bytes(),
        )
        .with_operation("cas", "DescribeDeploymentJob");
        assert_eq!(error.category(), ErrorCategory::Service);
        assert_eq!(error.status(), Some(400));
        assert_eq!(error.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(
            error.request_id(),
            Some("7C5B5F7E-0F0A-4B5A-9D5E-0123456789AB")
        );
        assert_eq!(error.host_id(), Some("cas.aliyuncs.com"));
        assert!(
            error
                .message()
                .unwrap()
                .contains("server string to sign is:POST&%2F&")
        );
        assert!(
            error
                .recommend()
                .unwrap()
                .starts_with("https://api.aliyun.com/")
        );
        assert_eq!(error.body_excerpt(), None);
        assert_eq!(error.product(), Some("cas"));
        assert_eq!(error.action(), Some("DescribeDeploymentJob"));
        assert_eq!(
            error.server_date(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(784_887_151))
        );
        assert!(!error.is_retryable());
        let display = error.to_string();
        assert!(
            display.starts_with(
                "cas DescribeDeploymentJob failed: HTTP 400 SignatureDoesNotMatch: Specified signature is not matched"
            ),
            "{display}"
        );
        assert!(
            display.ends_with("(RequestId 7C5B5F7E-0F0A-4B5A-9D5E-0123456789AB)"),
            "{display}"
        );
        assert!(!display.contains('\n'));
        let debug = format!("{error:?}");
        assert!(debug.contains("SignatureDoesNotMatch"), "{debug}");
        for text in [&display, &debug] {
            assert!(!text.contains("ACS3-HMAC-SHA256 x"), "{text}");
        }
    }

    #[test]
    fn access_denied_detail_and_lower_camel_fields() {
        let body = br#"{"requestId":"r1","code":"Forbidden.RAM","message":"denied","AccessDeniedDetail":{"PolicyType":"AccountLevelIdentityBasedPolicy","AuthAction":"yundun-cert:DescribeDeploymentJob"}}"#;
        let error = Error::service(403, &HeaderMap::new(), body);
        assert_eq!(error.request_id(), Some("r1"));
        assert_eq!(error.code(), Some("Forbidden.RAM"));
        assert_eq!(error.message(), Some("denied"));
        assert_eq!(
            error
                .access_denied_detail()
                .and_then(|detail| detail.get("AuthAction"))
                .and_then(|v| v.as_str()),
            Some("yundun-cert:DescribeDeploymentJob")
        );
        assert!(!error.is_retryable());
        assert!(
            error
                .to_string()
                .starts_with("Alibaba Cloud request failed: HTTP 403 Forbidden.RAM: denied")
        );
    }

    #[test]
    fn html_gateway_page_keeps_a_short_clean_excerpt() {
        let mut page = String::from(
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>\t\u{1b}[0m",
        );
        page.push_str(&"<p>upstream unavailable</p>".repeat(40));
        page.push_str("</body></html>");
        let error = Error::service(
            502,
            &headers(&[("x-acs-request-id", "REQ-HEADER-1")]),
            page.as_bytes(),
        );
        assert_eq!(error.status(), Some(502));
        assert_eq!(error.code(), None);
        assert_eq!(error.request_id(), Some("REQ-HEADER-1"));
        let excerpt = error.body_excerpt().unwrap();
        assert!(
            excerpt.starts_with("<html> <head><title>502 Bad Gateway</title></head> <body> [0m"),
            "{excerpt}"
        );
        assert!(excerpt.chars().count() <= 200);
        assert!(!excerpt.chars().any(char::is_control), "{excerpt:?}");
        assert!(error.is_retryable());
        let display = error.to_string();
        assert!(
            display.contains("HTTP 502: unexpected body: <html>"),
            "{display}"
        );
    }

    #[test]
    fn empty_truncated_and_odd_bodies() {
        let empty = Error::service(503, &HeaderMap::new(), b"");
        assert_eq!(empty.code(), None);
        assert_eq!(empty.body_excerpt(), Some(""));
        assert!(
            empty.to_string().ends_with("HTTP 503: empty body"),
            "{empty}"
        );
        assert!(empty.is_retryable());

        let truncated = Error::service(
            400,
            &HeaderMap::new(),
            br#"{"RequestId":"x","Code":"Throttling.Us"#,
        );
        assert_eq!(truncated.code(), None);
        assert_eq!(
            truncated.body_excerpt(),
            Some(r#"{"RequestId":"x","Code":"Throttling.Us"#)
        );
        assert!(!truncated.is_retryable());

        let not_utf8 = Error::service(500, &HeaderMap::new(), &[0xff, 0xfe, b'o', b'k', 0x00]);
        assert_eq!(not_utf8.body_excerpt(), Some("\u{fffd}\u{fffd}ok"));

        let array = Error::service(400, &HeaderMap::new(), b"[1,2]");
        assert_eq!(array.code(), None);
        assert_eq!(array.body_excerpt(), Some("[1,2]"));

        let numeric_code = Error::service(400, &HeaderMap::new(), br#"{"Code":42,"Message":null}"#);
        assert_eq!(numeric_code.code(), Some("42"));
        assert_eq!(numeric_code.message(), None);
    }

    #[test]
    fn retry_after_and_throttling() {
        let body = br#"{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#;
        let error = Error::service(400, &headers(&[("x-acs-retry-after", "1500")]), body);
        assert!(error.is_throttling());
        assert!(error.is_retryable());
        assert_eq!(error.retry_after(), Some(Duration::from_millis(1500)));
        for bad in ["0", "-5", "soon", ""] {
            let error = Error::service(400, &headers(&[("x-acs-retry-after", bad)]), body);
            assert_eq!(error.retry_after(), None, "{bad:?}");
        }
    }

    #[test]
    fn retryable_classification_table() {
        let case = |status: u16, code: Option<&str>| {
            let body = match code {
                Some(code) => format!(r#"{{"Code":"{code}","Message":"m"}}"#),
                None => "<html>gateway</html>".to_owned(),
            };
            Error::service(status, &HeaderMap::new(), body.as_bytes())
        };
        let table: &[(u16, Option<&str>, bool)] = &[
            (400, Some("Throttling"), true),
            (400, Some("Throttling.User"), true),
            (400, Some("Throttling.Api"), true),
            (403, Some("Throttling.Concurrent"), true),
            (503, Some("ServiceUnavailable"), true),
            (500, Some("InternalError"), true),
            (500, Some("UnknownError"), true),
            (500, None, true),
            (502, None, true),
            (503, None, true),
            (504, None, true),
            (429, None, true),
            (501, None, false),
            (400, Some("SignatureDoesNotMatch"), false),
            (400, Some("IncompleteSignature"), false),
            (400, Some("InvalidParameter"), false),
            (400, Some("MissingParameter"), false),
            (400, Some("InvalidTimeStamp.Expired"), false),
            (400, Some("SignatureNonceUsed"), false),
            (404, Some("InvalidAccessKeyId.NotFound"), false),
            (403, Some("Forbidden.RAM"), false),
            (403, Some("NoPermission"), false),
            (400, None, false),
        ];
        for (status, code, retryable) in table {
            let error = case(*status, *code);
            assert_eq!(error.is_retryable(), *retryable, "HTTP {status} {code:?}");
        }
        assert!(Error::timeout("request", Duration::from_secs(15)).is_retryable());
        assert!(!Error::credentials("no credentials found").is_retryable());
        assert!(!Error::decode(200, "$.X".into(), "m".into(), "{}".into()).is_retryable());
    }

    #[test]
    fn clock_skew_and_nonce_codes() {
        let coded = |code: &str| {
            Error::service(
                400,
                &HeaderMap::new(),
                format!(r#"{{"Code":"{code}"}}"#).as_bytes(),
            )
        };
        assert!(coded("InvalidTimeStamp.Expired").is_clock_skew());
        assert!(coded("InvalidTimeStamp.Format").is_clock_skew());
        assert!(coded("InvalidTimestamp.Expired").is_clock_skew());
        assert!(!coded("InvalidParameter").is_clock_skew());
        assert!(coded("SignatureNonceUsed").is_nonce_reused());
        assert!(!coded("SignatureDoesNotMatch").is_nonce_reused());
        assert!(!coded("Throttling.User").is_clock_skew());
    }

    #[test]
    fn other_kinds_display_one_line() {
        let timeout = Error::timeout("request", Duration::from_secs(15))
            .with_operation("vod", "DescribeVodDomainCertificateInfo");
        assert_eq!(
            timeout.to_string(),
            "vod DescribeVodDomainCertificateInfo failed: request timed out after 15s"
        );
        assert_eq!(timeout.category(), ErrorCategory::Timeout);
        assert_eq!(timeout.status(), None);

        let credentials =
            Error::credentials("profile \"default\" in ~/.aliyun/config.json has no access_key_id");
        assert_eq!(credentials.category(), ErrorCategory::Credentials);
        assert!(credentials.to_string().contains("credentials: profile"));

        let invalid = Error::invalid_request("JobId is required");
        assert_eq!(invalid.category(), ErrorCategory::InvalidRequest);
        assert_eq!(invalid.message(), Some("JobId is required"));
        assert!(!invalid.is_retryable());
        assert!(
            invalid
                .to_string()
                .ends_with("invalid request: JobId is required"),
            "{invalid}"
        );

        let decode = Error::decode(
            200,
            "$.CertInfos.CertInfo[0].NotAfterTime".into(),
            "expected a number, found a string".into(),
            "{\"CertInfos\":\n{\"CertInfo\":[{\"NotAfterTime\":\"x\"}]}}".into(),
        );
        assert_eq!(decode.status(), Some(200));
        assert_eq!(
            decode.json_path(),
            Some("$.CertInfos.CertInfo[0].NotAfterTime")
        );
        let display = decode.to_string();
        assert!(
            display.contains("at $.CertInfos.CertInfo[0].NotAfterTime: expected a number"),
            "{display}"
        );
        assert!(!display.contains('\n'), "{display}");
    }

    #[test]
    fn one_line_escapes_control_characters() {
        assert_eq!(one_line("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(one_line("plain"), "plain");
    }
}

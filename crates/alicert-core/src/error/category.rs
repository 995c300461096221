//! How an error is classified for callers that branch on it: its broad [`ErrorCategory`], and the questions the
//! runtime's retry loop and the CLI ask (retry or not, throttled, clock skew, reused nonce). The answers follow
//! Alibaba's codes and statuses, so they live in one place rather than in every caller.

use super::{Error, ErrorKind};

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

    /// Whether a transport failure is worth another attempt: everything but a request that could not be built, a
    /// redirect loop or an undecodable body. The runtime asks before it gives the error back.
    pub fn is_retryable_transport(error: &reqwest::Error) -> bool {
        !(error.is_builder() || error.is_redirect() || error.is_decode())
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
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use reqwest::header::HeaderMap;

    use super::*;

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
}

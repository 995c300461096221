//! The errors found on this side of the wire, each typed from the moment it is found rather than dressed up as an
//! HTTP answer: a transport failure (kept without its signed URL), a refused redirect, a deadline, missing
//! credentials, a request that could not be built, a success body that did not match its type.

use std::time::Duration;

use super::excerpt::{excerpt_of_text, sanitize};
use super::{Error, ErrorKind};
use crate::credentials::CredentialsError;

impl Error {
    /// The request could not be sent or the response not read. The error is stored with its URL removed
    /// ([`reqwest::Error::without_url`]): the signed URL never survives into a message.
    pub fn transport(err: reqwest::Error) -> Error {
        Error::from_kind(ErrorKind::Transport(err.without_url()))
    }

    /// The endpoint answered with the redirect `status` (3xx) towards `location_host` (`host[:port]` of the
    /// `Location` header, `None` when it was missing or relative). Redirects are never followed, because the signed
    /// request would travel with them; this error is not retried and is not a service answer
    /// ([`ErrorCategory::Transport`](super::ErrorCategory::Transport)).
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
}

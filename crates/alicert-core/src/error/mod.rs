//! The one public error type for a failed call to Alibaba Cloud, whatever failed: the service said no (its JSON error
//! body, or a gateway's HTML page), the network failed, a deadline passed, credentials could not be found, or a
//! success body did not match its type. Callers ask it questions (status, code, request id, retry or not) instead of
//! matching on variants, so the runtime, the CLI and users share one classification.
//!
//! It never carries what could leak a credential: a transport error is stored without its URL (which holds the
//! signature, the AccessKey ID and the STS token), no request header is kept, body excerpts are shortened, stripped of
//! control characters and of anything that looks like a signed query parameter. `Debug` is written by hand to be as
//! safe as `Display`.
//!
//! This file holds the type, what each kind carries and the accessors; the rest is split by job: reading a service's
//! error answer (`service`), building the errors found locally (`local`), classifying them (`category`), printing
//! them (`display`) and cutting wire text down to a safe excerpt (`excerpt`).

use std::time::{Duration, SystemTime};

use crate::credentials::CredentialsError;

mod category;
mod display;
mod excerpt;
mod local;
mod service;

pub use category::ErrorCategory;

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

impl Error {
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

    /// The response's `Date` header, for clock-skew correction.
    pub fn server_date(&self) -> Option<SystemTime> {
        self.service_error()?.server_date
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

//! An incoming HTTP request reduced to what the service looks at: method, path, host, headers as text, and the
//! decoded parameters of the query and of an `application/x-www-form-urlencoded` body (which V1 signs along with
//! the query). Reading never fails outright: a request that cannot be decoded still yields what could be read (for
//! the request log and fault counting), plus the error it will be answered with.

use alicert_core::encode::parse_form;
use alicert_core::sign::SignatureVersion;
use axum::body::Bytes;
use axum::http::request::Parts;

use crate::error::ApiError;

/// A request as the service sees it.
#[derive(Debug)]
pub(crate) struct Incoming {
    pub method: String,
    /// The path as sent (still percent-encoded), `/` for RPC calls.
    pub path: String,
    /// The `Host` header (the error answer's `HostId`).
    pub host: String,
    /// Header names lowercased; values as text (bytes that are not UTF-8 replaced).
    pub headers: Vec<(String, String)>,
    /// Decoded query parameters in the order sent.
    pub query: Vec<(String, String)>,
    /// Decoded form-body parameters in the order sent (empty unless the body is a form).
    pub body_params: Vec<(String, String)>,
    /// The raw body (V3 hashes it).
    pub body: Bytes,
    /// Why the request cannot be served, if it could not be decoded.
    pub problem: Option<ApiError>,
}

impl Incoming {
    pub fn read(parts: &Parts, body: Bytes) -> Self {
        let headers: Vec<(String, String)> = parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let host = headers
            .iter()
            .find(|(name, _)| name == "host")
            .map(|(_, value)| value.clone())
            .or_else(|| parts.uri.authority().map(|authority| authority.to_string()))
            .unwrap_or_default();
        let mut problem = None;
        let query = match parse_form(parts.uri.query().unwrap_or("")) {
            Ok(pairs) => pairs,
            Err(error) => {
                problem = Some(ApiError::malformed(format_args!("query: {error}")));
                Vec::new()
            }
        };
        let is_form = headers.iter().any(|(name, value)| {
            name == "content-type"
                && value.split(';').next().is_some_and(|media| {
                    media
                        .trim()
                        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
                })
        });
        let body_params = if is_form && !body.is_empty() {
            match std::str::from_utf8(&body) {
                Ok(text) => match parse_form(text) {
                    Ok(pairs) => pairs,
                    Err(error) => {
                        problem
                            .get_or_insert(ApiError::malformed(format_args!("form body: {error}")));
                        Vec::new()
                    }
                },
                Err(error) => {
                    problem.get_or_insert(ApiError::malformed(format_args!(
                        "form body: invalid UTF-8 at byte {}",
                        error.valid_up_to()
                    )));
                    Vec::new()
                }
            }
        } else {
            Vec::new()
        };
        Self {
            method: parts.method.as_str().to_owned(),
            path: parts.uri.path().to_owned(),
            host,
            headers,
            query,
            body_params,
            body,
            problem,
        }
    }

    /// The first value of a header (name in lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of a header (name in lowercase), in the order sent.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(header, _)| header == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every parameter, query first then body.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query
            .iter()
            .chain(&self.body_params)
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// The first value of a parameter from the query or the body.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params()
            .find(|(param, _)| *param == name)
            .map(|(_, value)| value)
    }

    /// Which signature the request claims: an `Authorization` header means V3, a `Signature` parameter V1.
    pub fn signature_version(&self) -> Option<SignatureVersion> {
        if self.header("authorization").is_some() {
            Some(SignatureVersion::V3)
        } else if self.param("Signature").is_some() {
            Some(SignatureVersion::V1)
        } else {
            None
        }
    }

    /// The action: `x-acs-action` for V3, else the `Action` parameter.
    pub fn action(&self) -> Option<&str> {
        self.v3_header_or_param("x-acs-action", "Action")
    }

    /// The API version: `x-acs-version` for V3, else the `Version` parameter.
    pub fn version(&self) -> Option<&str> {
        self.v3_header_or_param("x-acs-version", "Version")
    }

    /// The nonce: `x-acs-signature-nonce` for V3, else `SignatureNonce`.
    pub fn nonce(&self) -> Option<&str> {
        self.v3_header_or_param("x-acs-signature-nonce", "SignatureNonce")
    }

    /// The AccessKey ID claimed by the signature.
    pub fn access_key_id(&self) -> Option<String> {
        match self.signature_version() {
            Some(SignatureVersion::V3) => self
                .header("authorization")
                .and_then(alicert_core::sign::v3::parse_authorization)
                .map(|parsed| parsed.access_key_id),
            _ => self.param("AccessKeyId").map(str::to_owned),
        }
    }

    fn v3_header_or_param(&self, header: &str, param: &str) -> Option<&str> {
        let from_header = if self.signature_version() == Some(SignatureVersion::V3) {
            self.header(header)
        } else {
            None
        };
        from_header
            .or_else(|| self.param(param))
            .filter(|value| !value.is_empty())
    }
}

//! Turns one call (Action, endpoint, business parameters) into the signed request that goes on the wire, the way the
//! official SDK sends it: `POST /`, every parameter in the query, empty body. V1 puts
//! the common parameters and `Signature` in the query; V3 moves Action and Version into `x-acs-*` headers and adds
//! `Authorization`.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderName, HeaderValue};

use crate::credentials::Credentials;
use crate::encode::percent_encode;
use crate::params::Params;
use crate::sign::{SignatureVersion, v1, v3};

/// The longest URL that can be sent: `http::Uri` (and so hyper, under reqwest) refuses a longer one, which would
/// otherwise surface as a transport failure that looks like the network's fault.
pub(super) const MAX_URL_BYTES: usize = u16::MAX as usize - 1;

/// One call, ready to be signed once per attempt: the Action, the endpoint and the business parameters.
pub(super) struct Unsigned<'a> {
    pub(super) action: &'a str,
    /// `scheme://host[:port]/`, no query.
    base: &'a reqwest::Url,
    /// Business parameters, decoded, in the order the client added them.
    params: &'a Params,
}

impl<'a> Unsigned<'a> {
    pub(super) fn new(action: &'a str, base: &'a reqwest::Url, params: &'a Params) -> Self {
        Self {
            action,
            base,
            params,
        }
    }

    /// Where every attempt is sent: scheme, host, port and path, no query.
    pub(super) fn base(&self) -> &reqwest::Url {
        self.base
    }

    /// One attempt's signed request.
    pub(super) fn sign(
        &self,
        version: SignatureVersion,
        credentials: &Credentials,
        api_version: &str,
        now: SystemTime,
        nonce: &str,
        timeout: Duration,
    ) -> Result<reqwest::Request, String> {
        let method = "POST";
        let mut url = self.base.clone();
        let mut request_headers = reqwest::header::HeaderMap::new();
        request_headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        match version {
            SignatureVersion::V1 => {
                let timestamp = crate::time::format_iso8601(now);
                let params: Vec<(&str, &str)> = self.params.iter().collect();
                let call = v1::Call {
                    method,
                    action: self.action,
                    version: api_version,
                    access_key_id: credentials.access_key_id(),
                    security_token: credentials.security_token(),
                    timestamp: &timestamp,
                    nonce,
                    params: &params,
                };
                let stages = v1::sign_call(&call, credentials.v1_signing_key());
                let mut query = stages.canonical_query;
                // Base64 needs at most three bytes per character once encoded (`+`, `/` and `=` are escaped).
                query.reserve("&Signature=".len() + stages.signature.len() * 3);
                query.push_str("&Signature=");
                percent_encode(&stages.signature, &mut query);
                url.set_query(Some(&query));
            }
            SignatureVersion::V3 => {
                let host = match url.port() {
                    Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
                    None => url.host_str().unwrap_or_default().to_owned(),
                };
                let date = crate::time::format_iso8601(now);
                let hashed_payload = v3::hash_payload(b"");
                let mut headers: Vec<(&str, &str)> = vec![
                    ("host", &host),
                    ("x-acs-action", self.action),
                    ("x-acs-version", api_version),
                    ("x-acs-date", &date),
                    ("x-acs-signature-nonce", nonce),
                    ("x-acs-content-sha256", &hashed_payload),
                ];
                if let Some(token) = credentials.security_token() {
                    headers.push(("x-acs-security-token", token));
                }
                let query: Vec<(&str, &str)> = self.params.iter().collect();
                let stages = v3::sign(
                    &v3::V3Input {
                        method,
                        canonical_uri: "/",
                        query: &query,
                        headers: &headers,
                        hashed_payload: &hashed_payload,
                    },
                    credentials.access_key_id(),
                    credentials.access_key_secret(),
                );
                let canonical_query = v3::canonical_query(&query);
                url.set_query(if canonical_query.is_empty() {
                    None
                } else {
                    Some(&canonical_query)
                });
                for (name, value) in headers.iter().filter(|(name, _)| *name != "host") {
                    request_headers.insert(header_name(name)?, header_value(name, value)?);
                }
                request_headers.insert(
                    reqwest::header::AUTHORIZATION,
                    header_value("authorization", &stages.authorization)?,
                );
            }
        }
        if url.as_str().len() > MAX_URL_BYTES {
            return Err(self.too_long(url.as_str().len()));
        }
        let mut request = reqwest::Request::new(reqwest::Method::POST, url);
        *request.headers_mut() = request_headers;
        *request.timeout_mut() = Some(timeout);
        Ok(request)
    }
}

impl Unsigned<'_> {
    /// Why a signed URL of `length` bytes cannot be sent, naming the parameter that takes the most room.
    fn too_long(&self, length: usize) -> String {
        let mut encoded = String::new();
        let longest = self
            .params
            .iter()
            .map(|(name, value)| {
                encoded.clear();
                percent_encode(value, &mut encoded);
                (name, value.chars().count(), encoded.len())
            })
            .max_by_key(|(_, _, encoded_bytes)| *encoded_bytes);
        let limit = MAX_URL_BYTES;
        match longest {
            Some((name, chars, encoded_bytes)) => format!(
                "parameter `{name}` is {chars} characters ({encoded_bytes} bytes once percent-encoded), which makes \
                 the signed URL {length} bytes, over the {limit}-byte limit of a URL; nothing was sent"
            ),
            None => format!(
                "the signed URL is {length} bytes, over the {limit}-byte limit of a URL; nothing was sent"
            ),
        }
    }
}

fn header_name(name: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a valid header name"))
}

/// A header value; the error names the header, never its value (a security token is one).
fn header_value(name: &str, value: &str) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| format!("the value of header `{name}` is not valid in HTTP"))?;
    if matches!(name, "authorization" | "x-acs-security-token") {
        value.set_sensitive(true);
    }
    Ok(value)
}

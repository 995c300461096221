//! Turns the request a generated client built (`POST {endpoint}/?Action=X&Param=...`) into the signed request that
//! goes on the wire, the way the official SDK sends it: `POST /`, every parameter in the query, empty body. V1 puts
//! the common parameters and `Signature` in the query; V3 moves Action and Version into `x-acs-*` headers and adds
//! `Authorization`.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderName, HeaderValue};

use crate::credentials::Credentials;
use crate::encode::percent_encode;
use crate::sign::{SignatureVersion, v1, v3};

/// The longest URL that can be sent: `http::Uri` (and so hyper, under reqwest) refuses a longer one, which would
/// otherwise surface as a transport failure that looks like the network's fault.
pub(super) const MAX_URL_BYTES: usize = u16::MAX as usize - 1;

/// The parts of a generated client's request that signing needs, borrowed from that request where they can be.
pub(super) struct Unsigned<'a> {
    pub(super) action: Cow<'a, str>,
    method: &'a reqwest::Method,
    /// `scheme://host[:port]/`, no query.
    base: reqwest::Url,
    /// Business parameters, decoded, in the order the client added them.
    params: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    accept: Option<&'a HeaderValue>,
}

impl<'a> Unsigned<'a> {
    pub(super) fn from_request(request: &'a reqwest::Request) -> Result<Self, String> {
        let url = request.url();
        let query = url.query().unwrap_or_default();
        let mut action = None;
        let mut params = Vec::new();
        let mut add = |name: Cow<'a, str>, value: Cow<'a, str>| {
            if name == "Action" {
                action = Some(value);
            } else {
                params.push((name, value));
            }
        };
        if query.bytes().any(|byte| matches!(byte, b'%' | b'+')) {
            for (name, value) in url.query_pairs() {
                add(name, value);
            }
        } else {
            // Nothing to decode (the usual case): the same split as `query_pairs`, borrowing instead of copying.
            for pair in query.split('&').filter(|pair| !pair.is_empty()) {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                add(Cow::Borrowed(name), Cow::Borrowed(value));
            }
        }
        let action = action.ok_or_else(|| "the request has no Action in its query".to_owned())?;
        let mut base = url.clone();
        base.set_query(None);
        base.set_fragment(None);
        Ok(Self {
            action,
            method: request.method(),
            base,
            params,
            accept: request.headers().get(reqwest::header::ACCEPT),
        })
    }

    /// The endpoint the request goes to: scheme, host, port and `/`, no query.
    pub(super) fn base(&self) -> &reqwest::Url {
        &self.base
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
        let method = self.method.as_str();
        let mut url = self.base.clone();
        let mut request_headers = reqwest::header::HeaderMap::new();
        if let Some(accept) = &self.accept {
            request_headers.insert(reqwest::header::ACCEPT, (*accept).clone());
        }
        match version {
            SignatureVersion::V1 => {
                let timestamp = crate::time::format_iso8601(now);
                let params: Vec<(&str, &str)> = self
                    .params
                    .iter()
                    .map(|(name, value)| (name.as_ref(), value.as_ref()))
                    .collect();
                let call = v1::Call {
                    method,
                    action: &self.action,
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
                    ("x-acs-action", self.action.as_ref()),
                    ("x-acs-version", api_version),
                    ("x-acs-date", &date),
                    ("x-acs-signature-nonce", nonce),
                    ("x-acs-content-sha256", &hashed_payload),
                ];
                if let Some(token) = credentials.security_token() {
                    headers.push(("x-acs-security-token", token));
                }
                let query: Vec<(&str, &str)> = self
                    .params
                    .iter()
                    .map(|(name, value)| (name.as_ref(), value.as_ref()))
                    .collect();
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
        let mut request = reqwest::Request::new(self.method.clone(), url);
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

//! Response bodies read whole under a cap, so one answer can never fill memory; a redirect is recognised before its
//! body is read, since the runtime follows none.

use reqwest::header::HeaderMap;

use crate::error::Error;

/// How much of an oversized body is kept for its excerpt.
const EXCERPT_PREFIX_BYTES: usize = 4096;

pub(super) enum Read {
    Complete {
        status: reqwest::StatusCode,
        headers: HeaderMap,
        body: Vec<u8>,
    },
    TooLarge {
        status: reqwest::StatusCode,
        /// Sanitized.
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
pub(super) async fn read(
    response: reqwest::Response,
    limit: usize,
    sent_to: &reqwest::Url,
) -> reqwest::Result<Read> {
    use http_body_util::BodyExt as _;

    let status = response.status();
    // A client of the caller's own (`ConfigBuilder::http_client`) may follow redirects before we see the answer;
    // an answer from elsewhere is refused all the same, if too late to keep the request from going there.
    let answered_from = response.url();
    if answered_from.host_str() != sent_to.host_str()
        || answered_from.port_or_known_default() != sent_to.port_or_known_default()
        || answered_from.path() != sent_to.path()
    {
        return Ok(Read::Redirect {
            status,
            location_host: Some(host_and_port(answered_from)),
        });
    }
    if status.is_redirection() {
        return Ok(Read::Redirect {
            status,
            location_host: location_host(response.headers()),
        });
    }
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
        headers: parts.headers,
        body: bytes,
    })
}

/// `host[:port]` of the `Location` header when it is an absolute URL.
fn location_host(headers: &HeaderMap) -> Option<String> {
    let location = headers.get(reqwest::header::LOCATION)?.to_str().ok()?;
    let url = reqwest::Url::parse(location).ok()?;
    url.host_str()?;
    Some(host_and_port(&url))
}

fn host_and_port(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

fn too_large(status: reqwest::StatusCode, headers: &HeaderMap, start: &[u8]) -> Read {
    let start = &start[..start.len().min(EXCERPT_PREFIX_BYTES)];
    let excerpt = Error::service(status.as_u16(), headers, start)
        .body_excerpt()
        .unwrap_or("")
        .to_owned();
    Read::TooLarge { status, excerpt }
}

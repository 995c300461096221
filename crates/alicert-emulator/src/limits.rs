//! How large a request may be, and who enforces it. hyper parses the request head; when it refuses one itself it
//! writes a bare status with an empty body (400, 414, 431) and closes, which no client can read as an Alibaba
//! error. So hyper is given limits well above ours ([`HYPER_HEAD_BUFFER`], [`HYPER_MAX_HEADERS`]) and ours are
//! checked here, in the handler, where the refusal is an [`ApiError`] answered in Alibaba's error shape, in the
//! format the request asked for, and logged like any request.
//!
//! What hyper still refuses on its own (a head that is not HTTP/1 at all, one larger than [`HYPER_HEAD_BUFFER`],
//! more than [`HYPER_MAX_HEADERS`] headers, a URI longer than the `http` crate's 65,534-byte maximum) is dressed on
//! its way out by [`crate::bare`]: the same status with an Alibaba error body, though not in the request log.

use axum::http::request::Parts;

use crate::error::ApiError;

/// The longest path and query served (414 `RequestURITooLong` beyond).
pub(crate) const MAX_URI_BYTES: usize = 32 * 1024;
/// The most header bytes served, names and values together (431 `RequestHeaderFieldsTooLarge` beyond).
pub(crate) const MAX_HEADER_BYTES: usize = 32 * 1024;
/// The most header fields served (431 beyond).
pub(crate) const MAX_HEADERS: usize = 100;
/// The largest request body read (413 `RequestEntityTooLarge` beyond).
pub(crate) const BODY_LIMIT: usize = 1 << 20;
/// hyper's read buffer, which must hold a whole head: far above [`MAX_URI_BYTES`] + [`MAX_HEADER_BYTES`].
pub(crate) const HYPER_HEAD_BUFFER: usize = 1 << 20;
/// The most headers hyper parses: far above [`MAX_HEADERS`].
pub(crate) const HYPER_MAX_HEADERS: usize = 1000;

/// Why a request's head is refused, if it is.
pub(crate) fn check_head(parts: &Parts) -> Option<ApiError> {
    let uri = parts
        .uri
        .path_and_query()
        .map_or(0, |path_and_query| path_and_query.as_str().len());
    if uri > MAX_URI_BYTES {
        return Some(ApiError::new(
            414,
            "RequestURITooLong",
            format!("The request URI is {uri} bytes long; at most {MAX_URI_BYTES} are accepted."),
        ));
    }
    let count = parts.headers.len();
    if count > MAX_HEADERS {
        return Some(headers_too_large(format_args!(
            "{count} header fields; at most {MAX_HEADERS} are accepted"
        )));
    }
    let bytes: usize = parts
        .headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if bytes > MAX_HEADER_BYTES {
        return Some(headers_too_large(format_args!(
            "{bytes} bytes of header fields; at most {MAX_HEADER_BYTES} are accepted"
        )));
    }
    None
}

fn headers_too_large(problem: std::fmt::Arguments<'_>) -> ApiError {
    ApiError::new(
        431,
        "RequestHeaderFieldsTooLarge",
        format!("The request has {problem}."),
    )
}

//! Error parsing under arbitrary bytes: the first two bytes pick a status (400-599) and whether a request-id header
//! is present, the rest is the body. `Error::service` never panics, its `Display` is one line, its excerpt short;
//! the runtime's normalised error body always decodes into both generated `ErrorResponse` types and keeps the code.
#![no_main]

use alicert_api::{Error, cas, vod};
use alicert_core::runtime::normalize_error_body;
use libfuzzer_sys::fuzz_target;
use reqwest::header::{HeaderMap, HeaderValue};

fuzz_target!(|data: &[u8]| {
    let (head, body) = data.split_at(data.len().min(2));
    let status = 400 + u16::from(head.first().copied().unwrap_or(0)) % 200;
    let mut headers = HeaderMap::new();
    if head.get(1).is_some_and(|b| b & 1 == 1) {
        headers.insert("x-acs-request-id", HeaderValue::from_static("FUZZ-REQUEST"));
        headers.insert("x-acs-retry-after", HeaderValue::from_static("250"));
    }
    let error = Error::service(status, &headers, body);
    let display = error.to_string();
    assert!(!display.contains('\n') && !display.contains('\r'), "{display}");
    let _ = format!("{error:?}");
    assert_eq!(error.status(), Some(status));
    if let Some(excerpt) = error.body_excerpt() {
        assert!(excerpt.chars().count() <= 200);
    }
    let normalized = normalize_error_body(status, &headers, body);
    let cas_error: cas::types::ErrorResponse =
        serde_json::from_slice(&normalized).expect("the normalised body decodes (cas)");
    let _: vod::types::ErrorResponse =
        serde_json::from_slice(&normalized).expect("the normalised body decodes (vod)");
    // The code is kept, unless it quotes a credential (then it is redacted like any other field).
    let quotes_credential = error
        .code()
        .is_some_and(|code| ["Signature", "SecurityToken", "BearerToken", "x-acs-security-token"].iter().any(|m| code.contains(m)));
    if error.body_excerpt().is_none() && !quotes_credential {
        assert_eq!(cas_error.code.as_deref(), error.code());
    }
});

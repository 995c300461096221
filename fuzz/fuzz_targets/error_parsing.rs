//! Error parsing under arbitrary bytes: the first two bytes pick a status (400-599) and whether a request-id header
//! is present, the rest is the body. `Error::service` (what the runtime builds, once, from every error answer) never
//! panics, its `Display` is one line, its excerpt short; a body that is Alibaba's JSON error object keeps its `Code`
//! as sent unless that quotes a credential, and a credential quoted after a marker never survives.
#![no_main]

use alicert_api::Error;
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
    let Ok(serde_json::Value::Object(object)) = serde_json::from_slice::<serde_json::Value>(body) else {
        return;
    };
    let sent = object.get("Code").or_else(|| object.get("code")).and_then(|code| match code {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    });
    if let Some(sent) = sent
        && error.body_excerpt().is_none()
    {
        let markers = ["Signature", "SecurityToken", "BearerToken", "x-acs-security-token"];
        if markers.iter().any(|marker| sent.contains(marker)) {
            assert!(error.code().is_some());
        } else {
            assert_eq!(error.code(), Some(sent.as_str()));
        }
    }
    for field in [error.code(), error.message(), error.recommend()].into_iter().flatten() {
        for marker in ["SecurityToken=", "SecurityToken%3D", "x-acs-security-token:"] {
            if let Some((_, after)) = field.split_once(marker) {
                assert!(after.is_empty() || after.starts_with("***"), "{field}");
            }
        }
    }
});

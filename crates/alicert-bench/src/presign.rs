//! Requests signed ahead of time, for the contenders that must not pay for signing inside the timed loop: the
//! bare-reqwest floor (which sends exactly the bytes our runtime would have sent, minus the work of producing them)
//! and the load generator. Each URL carries its own nonce, because the emulator, like the service, refuses a nonce
//! it has seen (`SignatureNonceUsed`).
//!
//! The URL is built as `alicert-core`'s runtime builds it for signature V1: the canonical query followed by
//! `&Signature=`, `POST /`, empty body.

use std::time::SystemTime;

use alicert_core::encode::percent_encoded;
use alicert_core::sign::{new_nonce, v1};

/// The emulator's default key pair, which the bench signs with.
pub const ACCESS_KEY_ID: &str = alicert_emulator::DEFAULT_ACCESS_KEY_ID;
/// The secret of [`ACCESS_KEY_ID`].
pub const ACCESS_KEY_SECRET: &str = alicert_emulator::DEFAULT_ACCESS_KEY_SECRET;

/// `count` V1-signed URLs for `action` of cas 2020-04-07 with `params`, each with a fresh nonce.
pub fn signed_urls(
    endpoint: &str,
    action: &str,
    params: &[(&str, &str)],
    count: usize,
) -> Vec<String> {
    let base = endpoint.trim_end_matches('/');
    let now = SystemTime::now();
    (0..count)
        .map(|_| {
            let nonce = new_nonce();
            let common = v1::common_params(action, "2020-04-07", ACCESS_KEY_ID, None, now, &nonce);
            let mut all: Vec<(&str, &str)> = common
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            all.extend_from_slice(params);
            let stages = v1::sign("POST", &all, ACCESS_KEY_SECRET);
            let mut url = String::with_capacity(base.len() + stages.canonical_query.len() + 48);
            url.push_str(base);
            url.push_str("/?");
            url.push_str(&stages.canonical_query);
            url.push_str("&Signature=");
            url.push_str(&percent_encoded(&stages.signature));
            url
        })
        .collect()
}

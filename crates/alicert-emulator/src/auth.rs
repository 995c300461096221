//! Authentication as the real gateway performs it, re-signing what arrived with alicert-core's own signers: V1
//! (`Signature` parameter, HMAC-SHA1 over every other parameter of the query and form body) and V3
//! (`Authorization: ACS3-HMAC-SHA256`, over the headers it names, the query and the body's hash). Then the checks
//! around the signature: the timestamp window, replayed nonces, unknown AccessKeys and STS tokens.
//!
//! The order of checks: the request's shape (missing pieces), the timestamp, the AccessKey, the STS token, the
//! signature, and last the nonce, so a request that fails earlier does not use up its nonce.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use alicert_core::sign::{v1, v3};
use alicert_core::time::parse_iso8601;

use crate::clock::lock;
use crate::error::{ApiError, quote};
use crate::keys::{AccessKey, KeyRing};
use crate::nonce::NonceCache;
use crate::request::Incoming;

/// How far a request's timestamp may be from the server's clock, either way.
pub const TIMESTAMP_WINDOW: Duration = Duration::from_secs(15 * 60);

/// What authentication needs from the server.
pub(crate) struct Verifier<'a> {
    pub keys: &'a KeyRing,
    pub nonces: &'a Mutex<NonceCache>,
    /// The server's (skewed) time, for the timestamp window.
    pub server_now: SystemTime,
    /// The clock's time, for nonce expiry.
    pub clock_now: SystemTime,
}

impl Verifier<'_> {
    /// Checks the request's signature and everything around it.
    pub fn verify(&self, incoming: &Incoming) -> Result<(), ApiError> {
        match incoming.header("authorization") {
            Some(authorization) => self.verify_v3(incoming, authorization),
            None => self.verify_v1(incoming),
        }
    }

    fn verify_v1(&self, incoming: &Incoming) -> Result<(), ApiError> {
        let required = |name: &str| -> Result<&str, ApiError> {
            incoming
                .param(name)
                .filter(|value| !value.is_empty())
                .ok_or_else(|| ApiError::missing(name))
        };
        let signature = required("Signature")?;
        let access_key_id = required("AccessKeyId")?;
        let method = required("SignatureMethod")?;
        if method != "HMAC-SHA1" {
            return Err(ApiError::new(
                400,
                "InvalidSignatureMethod",
                format!(
                    "Specified signature method {} is not supported; use HMAC-SHA1.",
                    quote(method)
                ),
            ));
        }
        if let Some(version) = incoming.param("SignatureVersion")
            && version != "1.0"
        {
            return Err(ApiError::new(
                400,
                "InvalidSignatureVersion",
                format!(
                    "Specified signature version {} is not supported; use 1.0.",
                    quote(version)
                ),
            ));
        }
        let timestamp = required("Timestamp")?;
        let nonce = required("SignatureNonce")?;
        self.check_time(timestamp)?;
        let key = self.key(access_key_id)?;
        self.keys
            .check_token(&key, incoming.param("SecurityToken"), self.server_now)?;

        let params: Vec<(&str, &str)> = incoming
            .params()
            .filter(|(name, _)| *name != "Signature")
            .collect();
        let stages = v1::sign(&incoming.method, &params, key.secret());
        if !constant_time_eq(stages.signature.as_bytes(), signature.as_bytes()) {
            return Err(ApiError::signature_mismatch(&stages.string_to_sign));
        }
        self.check_nonce(access_key_id, nonce)
    }

    fn verify_v3(&self, incoming: &Incoming, authorization: &str) -> Result<(), ApiError> {
        if !authorization.trim_start().starts_with(v3::ALGORITHM) {
            return Err(ApiError::incomplete_signature(
                "the Authorization header must use ACS3-HMAC-SHA256",
            ));
        }
        let parsed = v3::parse_authorization(authorization).ok_or_else(|| {
            ApiError::incomplete_signature(
                "the Authorization header must read ACS3-HMAC-SHA256 Credential=<AccessKeyId>,\
                 SignedHeaders=<names>,Signature=<hex>",
            )
        })?;
        let signed: Vec<String> = parsed
            .signed_headers
            .iter()
            .map(|name| name.to_ascii_lowercase())
            .collect();
        for name in [
            "host",
            "x-acs-action",
            "x-acs-version",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-content-sha256",
        ] {
            if incoming.header(name).is_none_or(str::is_empty) {
                return Err(ApiError::incomplete_signature(format_args!(
                    "the header {name} is required"
                )));
            }
        }
        // Every common header present must be signed ("all common request headers except Authorization").
        for (name, _) in &incoming.headers {
            if (name == "host" || name.starts_with("x-acs-"))
                && !signed.iter().any(|signed| signed == name)
            {
                return Err(ApiError::incomplete_signature(format_args!(
                    "the header {name} is present but not in SignedHeaders"
                )));
            }
        }
        let date = incoming.header("x-acs-date").unwrap_or_default();
        let nonce = incoming.header("x-acs-signature-nonce").unwrap_or_default();
        self.check_time(date)?;
        let key = self.key(&parsed.access_key_id)?;
        self.keys.check_token(
            &key,
            incoming.header("x-acs-security-token"),
            self.server_now,
        )?;

        // The headers it names, each name's values joined as the signer joins them.
        let mut headers: Vec<(&str, &str)> = Vec::with_capacity(signed.len());
        for name in &signed {
            let before = headers.len();
            headers.extend(
                incoming
                    .header_values(name)
                    .map(|value| (name.as_str(), value)),
            );
            if headers.len() == before {
                return Err(ApiError::incomplete_signature(format_args!(
                    "the signed header {} is not in the request",
                    quote(name)
                )));
            }
        }
        let query: Vec<(&str, &str)> = incoming
            .query
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        // The payload line is the hash of what arrived: a body that does not match its x-acs-content-sha256
        // header fails the signature, as it would on the real service.
        let hashed_payload = v3::hash_payload(&incoming.body);
        let input = v3::V3Input {
            method: &incoming.method,
            canonical_uri: &incoming.path,
            query: &query,
            headers: &headers,
            hashed_payload: &hashed_payload,
        };
        let stages = v3::sign(&input, &parsed.access_key_id, key.secret());
        let expected = stages.signature.as_bytes();
        let given = parsed.signature.to_ascii_lowercase();
        if !constant_time_eq(expected, given.as_bytes()) {
            return Err(ApiError::signature_mismatch_v3(
                &stages.canonical_request,
                &stages.string_to_sign,
            ));
        }
        self.check_nonce(&parsed.access_key_id, nonce)
    }

    fn check_time(&self, text: &str) -> Result<(), ApiError> {
        let time = parse_iso8601(text).ok_or_else(ApiError::timestamp_format)?;
        let distance = match self.server_now.duration_since(time) {
            Ok(behind) => behind,
            Err(ahead) => ahead.duration(),
        };
        if distance > TIMESTAMP_WINDOW {
            return Err(ApiError::timestamp_expired());
        }
        Ok(())
    }

    fn key(&self, access_key_id: &str) -> Result<Arc<AccessKey>, ApiError> {
        self.keys
            .get(access_key_id)
            .ok_or_else(ApiError::access_key_not_found)
    }

    fn check_nonce(&self, access_key_id: &str, nonce: &str) -> Result<(), ApiError> {
        let key = format!("{access_key_id}\n{nonce}");
        if lock(self.nonces).check_and_insert(&key, self.clock_now) {
            Ok(())
        } else {
            Err(ApiError::nonce_used())
        }
    }
}

/// Compares without an early exit, so timing does not reveal how much of a forged signature was right.
fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    left.iter()
        .zip(right)
        .fold(0_u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}

//! Signature version 1.0 (`HMAC-SHA1`) for Alibaba Cloud's RPC APIs: the parameters sorted and percent-encoded into
//! a canonical query, that query encoded once more into the string-to-sign, and the base64 HMAC-SHA1 of it keyed with
//! `secret + "&"`. This is what the official SDKs send when configured with `signature_algorithm='v2'` (their
//! `get_rpcsignature`), and what Alibaba's signature documentation publishes an example of.
//!
//! Pure: no clock, no randomness. The caller builds the common parameters with [`common_params`] from a time and a
//! nonce it chose, adds the business parameters, and signs them all.

use std::time::SystemTime;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::encode::percent_encode_once_and_twice;
use crate::sign::with_sorted_pairs;
use crate::time::format_iso8601;

/// Every stage of a V1 signature, so a failing comparison points at the stage that broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct V1Stages {
    /// `k=v` pairs, each name and value percent-encoded, sorted by name (then value) and joined with `&`.
    pub canonical_query: String,
    /// `METHOD&%2F&` followed by the canonical query percent-encoded once more.
    pub string_to_sign: String,
    /// base64(HMAC-SHA1(key = secret + `&`, string-to-sign)): the value of the `Signature` parameter.
    pub signature: String,
}

/// Signs a V1 request.
///
/// `params` is every parameter but `Signature` (the common ones included), as decoded UTF-8 text: the names and values
/// a server sees after form-decoding the query and body. They are sorted inside by the bytes of the name (then of the
/// value), so their order does not matter. `method` is used as given (`GET` or `POST`, uppercase).
pub fn sign(method: &str, params: &[(&str, &str)], access_key_secret: &str) -> V1Stages {
    let (canonical_query, string_to_sign) = canonicalize(method, params);
    let signature = signature_of(&string_to_sign, access_key_secret);
    V1Stages {
        canonical_query,
        string_to_sign,
        signature,
    }
}

/// The canonical query and the string-to-sign, built together in one pass over the sorted parameters.
fn canonicalize(method: &str, params: &[(&str, &str)]) -> (String, String) {
    // Encoding grows most plain parameters by little; the slack saves a reallocation for a few escapes.
    let raw_len: usize = params
        .iter()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum();
    let mut canonical_query = String::with_capacity(raw_len + raw_len / 4);
    let mut string_to_sign = String::with_capacity(method.len() + 5 + raw_len + raw_len / 2);
    string_to_sign.push_str(method);
    string_to_sign.push_str("&%2F&");
    with_sorted_pairs(params, |sorted| {
        for (index, (_, (name, value))) in sorted.iter().enumerate() {
            if index > 0 {
                canonical_query.push('&');
                string_to_sign.push_str("%26");
            }
            percent_encode_once_and_twice(name, &mut canonical_query, &mut string_to_sign);
            canonical_query.push('=');
            string_to_sign.push_str("%3D");
            percent_encode_once_and_twice(value, &mut canonical_query, &mut string_to_sign);
        }
    });
    (canonical_query, string_to_sign)
}

/// base64(HMAC-SHA1(secret + `&`, string-to-sign)).
fn signature_of(string_to_sign: &str, access_key_secret: &str) -> String {
    // Real secrets are 30 characters: build the key on the stack, fall back to the heap for long ones.
    let secret = access_key_secret.as_bytes();
    let mut stack = [0_u8; 64];
    let heap;
    let key: &[u8] = if secret.len() < stack.len() {
        stack[..secret.len()].copy_from_slice(secret);
        stack[secret.len()] = b'&';
        &stack[..=secret.len()]
    } else {
        heap = [secret, b"&"].concat();
        &heap
    };
    // HMAC accepts keys of any length; the error branch cannot happen but must not panic either.
    let mac = match Hmac::<Sha1>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(string_to_sign.as_bytes());
            mac.finalize().into_bytes()
        }
        Err(_) => Default::default(),
    };
    // 20 bytes of SHA-1 are 28 characters of base64: encode on the stack, allocate once for the result.
    let mut encoded = [0_u8; 28];
    match base64::engine::general_purpose::STANDARD.encode_slice(mac, &mut encoded) {
        Ok(len) => std::str::from_utf8(&encoded[..len])
            .map(str::to_owned)
            .unwrap_or_default(),
        Err(_) => base64::engine::general_purpose::STANDARD.encode(mac),
    }
}

/// The V1 common parameters for one attempt: `Action`, `Version`, `Format=JSON`, `AccessKeyId`,
/// `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`, `SignatureNonce`, `Timestamp` (from `timestamp`, formatted
/// with [`format_iso8601`]), and `SecurityToken` when `security_token` is `Some` and not empty (as the official SDK
/// omits an empty token).
///
/// A retry is a new attempt: call this again with a fresh nonce and the current time.
pub fn common_params(
    action: &str,
    version: &str,
    access_key_id: &str,
    security_token: Option<&str>,
    timestamp: SystemTime,
    nonce: &str,
) -> Vec<(&'static str, String)> {
    let mut params = Vec::with_capacity(9);
    params.push(("Action", action.to_owned()));
    params.push(("Version", version.to_owned()));
    params.push(("Format", "JSON".to_owned()));
    params.push(("AccessKeyId", access_key_id.to_owned()));
    params.push(("SignatureMethod", "HMAC-SHA1".to_owned()));
    params.push(("SignatureVersion", "1.0".to_owned()));
    params.push(("SignatureNonce", nonce.to_owned()));
    params.push(("Timestamp", format_iso8601(timestamp)));
    if let Some(token) = security_token.filter(|token| !token.is_empty()) {
        params.push(("SecurityToken", token.to_owned()));
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    /// Alibaba's published example (FIELD-NOTES); the full vector lives in `tests/vectors/v1/`.
    #[test]
    fn published_example() {
        let params = [
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("Format", "XML"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
            ("Version", "2014-05-26"),
        ];
        let stages = sign("GET", &params, "testsecret");
        assert_eq!(stages.signature, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
        assert!(
            stages
                .string_to_sign
                .starts_with("GET&%2F&AccessKeyId%3Dtestid%26Action%3D")
        );
    }

    #[test]
    fn empty_values_and_no_params() {
        let stages = sign("POST", &[("b", ""), ("a", "x y")], "s");
        assert_eq!(stages.canonical_query, "a=x%20y&b=");
        assert_eq!(stages.string_to_sign, "POST&%2F&a%3Dx%2520y%26b%3D");
        let empty = sign("GET", &[], "");
        assert_eq!(empty.canonical_query, "");
        assert_eq!(empty.string_to_sign, "GET&%2F&");
    }

    #[test]
    fn secrets_of_every_length_key_with_an_ampersand() {
        for len in [0, 1, 30, 62, 63, 64, 65, 200] {
            let secret = "k".repeat(len);
            let stages = sign("GET", &[("A", "1")], &secret);
            let mut mac = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
            mac.update(stages.string_to_sign.as_bytes());
            let expected =
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
            assert_eq!(stages.signature, expected, "secret of {len} bytes");
        }
    }

    #[test]
    fn common_params_cover_one_attempt() {
        let at = UNIX_EPOCH + Duration::from_secs(1_456_231_584);
        let params = common_params(
            "DescribeDeploymentJob",
            "2020-04-07",
            "id",
            Some("token"),
            at,
            "n1",
        );
        let names: Vec<&str> = params.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            names,
            [
                "Action",
                "Version",
                "Format",
                "AccessKeyId",
                "SignatureMethod",
                "SignatureVersion",
                "SignatureNonce",
                "Timestamp",
                "SecurityToken"
            ]
        );
        assert!(params.contains(&("Timestamp", "2016-02-23T12:46:24Z".to_owned())));
        assert!(params.contains(&("Format", "JSON".to_owned())));
        let without = common_params("A", "V", "id", Some(""), at, "n1");
        assert_eq!(without.len(), 8);
        assert_eq!(common_params("A", "V", "id", None, at, "n1").len(), 8);
    }
}

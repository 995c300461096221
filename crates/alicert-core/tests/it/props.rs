//! Property tests: what must hold for every input, not just the vectors. Encoding round-trips arbitrary Unicode,
//! canonicalisation does not depend on the order parameters and headers come in, and nothing that parses or signs
//! panics on arbitrary text or bytes.

use std::time::{Duration, UNIX_EPOCH};

use alicert_core::encode::{form_decode, parse_form, percent_encoded};
use alicert_core::error::Error;
use alicert_core::sign::{v1, v3};
use alicert_core::time::{format_iso8601, parse_iso8601};
use alicert_core::{encode, endpoint};
use proptest::collection::vec;
use proptest::prelude::*;

fn pair() -> impl Strategy<Value = (String, String)> {
    (any::<String>(), any::<String>())
}

fn as_refs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

proptest! {
    #[test]
    fn percent_encoding_round_trips(text in any::<String>()) {
        let encoded = percent_encoded(&text);
        prop_assert!(
            encoded.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"-_.~%".contains(&byte)),
            "{encoded}"
        );
        prop_assert_eq!(form_decode(&encoded).unwrap(), text);
    }

    #[test]
    fn escapes_use_uppercase_hex(text in any::<String>()) {
        let encoded = percent_encoded(&text);
        let bytes = encoded.as_bytes();
        for (index, &byte) in bytes.iter().enumerate() {
            if byte == b'%' {
                prop_assert!(bytes[index + 1..index + 3].iter().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b)));
            }
        }
    }

    #[test]
    fn unreserved_text_is_unchanged(text in "[A-Za-z0-9._~-]*") {
        prop_assert_eq!(percent_encoded(&text), text);
    }

    #[test]
    fn appending_equals_encoding_whole(first in any::<String>(), second in any::<String>()) {
        let mut out = String::new();
        encode::percent_encode(&first, &mut out);
        encode::percent_encode(&second, &mut out);
        prop_assert_eq!(out, percent_encoded(&(first + &second)));
    }

    #[test]
    fn forms_round_trip(pairs in vec(pair(), 0..12)) {
        let body: Vec<String> = pairs
            .iter()
            .map(|(name, value)| format!("{}={}", percent_encoded(name), percent_encoded(value)))
            .collect();
        let parsed = parse_form(&body.join("&")).unwrap();
        // Pairs whose name and value are both empty encode to "=", which is kept; only empty segments are skipped.
        prop_assert_eq!(parsed, pairs);
    }

    #[test]
    fn form_decoding_never_panics(text in any::<String>()) {
        let _ = form_decode(&text);
        let _ = parse_form(&text);
    }

    #[test]
    fn form_decoding_never_panics_on_escapes(text in "[%0-9a-fA-FgG+=&\u{e9}\u{4e2d}]{0,40}") {
        if let Err(error) = parse_form(&text) {
            prop_assert!(error.position() <= text.len());
            prop_assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn v1_does_not_depend_on_order(
        (pairs, shuffled) in vec(pair(), 0..16).prop_flat_map(|pairs| (Just(pairs.clone()), Just(pairs).prop_shuffle())),
        secret in any::<String>(),
    ) {
        prop_assert_eq!(v1::sign("GET", &as_refs(&pairs), &secret), v1::sign("GET", &as_refs(&shuffled), &secret));
    }

    /// The call-shaped signer is an optimisation of the general one, so it must agree byte for byte: business names
    /// drawn to collide with the common ones and to sort before, between and after them, any text as values, and
    /// common values that need encoding (a token with `/`, `+`, `=`).
    #[test]
    fn v1_sign_call_agrees_with_sign(
        business in vec((
            prop_oneof![
                Just("Action".to_owned()), Just("Format".to_owned()), Just("SecurityToken".to_owned()),
                Just("Signature".to_owned()), Just("A".to_owned()), Just("Zz".to_owned()), Just("a".to_owned()),
                "[A-Za-z.]{0,12}", any::<String>(),
            ],
            prop_oneof![Just("JSON".to_owned()), Just("".to_owned()), any::<String>()],
        ), 0..12),
        action in "[A-Za-z]{1,24}",
        access_key_id in any::<String>(),
        security_token in proptest::option::of(prop_oneof![Just(String::new()), "[A-Za-z0-9/+=]{0,40}", any::<String>()]),
        nonce in any::<String>(),
        seconds in 0_u64..4_102_444_800,
        secret in any::<String>(),
    ) {
        let at = UNIX_EPOCH + Duration::from_secs(seconds);
        let timestamp = format_iso8601(at);
        let business = as_refs(&business);
        let call = v1::Call {
            method: "POST",
            action: &action,
            version: "2020-04-07",
            access_key_id: &access_key_id,
            security_token: security_token.as_deref(),
            timestamp: &timestamp,
            nonce: &nonce,
            params: &business,
        };
        let common = v1::common_params(&action, "2020-04-07", &access_key_id, security_token.as_deref(), at, &nonce);
        let mut all: Vec<(&str, &str)> = common.iter().map(|(name, value)| (*name, value.as_str())).collect();
        all.extend_from_slice(&business);
        prop_assert_eq!(v1::sign_call(&call, &v1::SigningKey::new(&secret)), v1::sign("POST", &all, &secret));
    }

    #[test]
    fn v3_does_not_depend_on_order(
        (query, shuffled_query) in vec(pair(), 0..10).prop_flat_map(|q| (Just(q.clone()), Just(q).prop_shuffle())),
        (headers, shuffled_headers) in vec(("[A-Za-z-]{1,12}", any::<String>()), 0..10)
            .prop_flat_map(|h| (Just(h.clone()), Just(h).prop_shuffle())),
    ) {
        let sign = |query: &[(String, String)], headers: &[(String, String)]| {
            let query = as_refs(query);
            let headers = as_refs(headers);
            v3::sign(
                &v3::V3Input { method: "POST", canonical_uri: "/", query: &query, headers: &headers, hashed_payload: "x" },
                "id",
                "secret",
            )
        };
        prop_assert_eq!(sign(&query, &headers), sign(&shuffled_query, &shuffled_headers));
    }

    #[test]
    fn signing_never_panics(
        method in any::<String>(),
        uri in any::<String>(),
        query in vec(pair(), 0..8),
        headers in vec(pair(), 0..8),
        payload in any::<String>(),
        id in any::<String>(),
        secret in any::<String>(),
    ) {
        let stages = v1::sign(&method, &as_refs(&query), &secret);
        prop_assert_eq!(stages.signature.len(), 28);
        let query = as_refs(&query);
        let headers = as_refs(&headers);
        let input = v3::V3Input { method: &method, canonical_uri: &uri, query: &query, headers: &headers, hashed_payload: &payload };
        let stages = v3::sign(&input, &id, &secret);
        prop_assert_eq!(stages.signature.len(), 64);
        let _ = v3::parse_authorization(&stages.authorization);
    }

    #[test]
    fn parsers_never_panic(text in any::<String>()) {
        let _ = v3::parse_authorization(&text);
        let _ = parse_iso8601(&text);
        let _ = endpoint::from_url(&text);
        let rule = endpoint::EndpointRule {
            product: "cas",
            fallback: endpoint::Fallback::Regional,
            central: None,
            default_region: None,
            regions: &[("cn-hangzhou", "cas.aliyuncs.com")],
        };
        let _ = rule.resolve(&text);
        let _ = text.parse::<alicert_core::sign::SignatureVersion>();
    }

    #[test]
    fn authorization_round_trips(id in "[A-Za-z0-9.]{1,30}", headers in vec("[a-z0-9-]{1,20}", 1..8), signature in "[0-9a-f]{64}") {
        let value = format!("ACS3-HMAC-SHA256 Credential={id},SignedHeaders={},Signature={signature}", headers.join(";"));
        let parsed = v3::parse_authorization(&value).unwrap();
        prop_assert_eq!(parsed.access_key_id, id);
        prop_assert_eq!(parsed.signed_headers, headers);
        prop_assert_eq!(parsed.signature, signature);
    }

    #[test]
    fn service_errors_never_panic(status in any::<u16>(), body in vec(any::<u8>(), 0..600)) {
        let error = Error::service(status, &reqwest::header::HeaderMap::new(), &body);
        let display = error.to_string();
        prop_assert!(!display.contains('\n'));
        let _ = format!("{error:?}");
        if let Some(excerpt) = error.body_excerpt() {
            prop_assert!(excerpt.chars().count() <= 200);
            prop_assert!(!excerpt.chars().any(char::is_control));
        }
    }

    #[test]
    fn service_errors_from_json_never_panic(code in any::<String>(), message in any::<String>(), status in 400_u16..600) {
        let body = serde_json::json!({"Code": code, "Message": message, "RequestId": "r"}).to_string();
        let error = Error::service(status, &reqwest::header::HeaderMap::new(), body.as_bytes());
        prop_assert_eq!(error.code(), Some(code.as_str()));
        prop_assert!(!error.to_string().contains('\n'));
    }

    #[test]
    fn timestamps_round_trip(seconds in 0_u64..253_402_300_800) {
        let time = UNIX_EPOCH + Duration::from_secs(seconds);
        let text = format_iso8601(time);
        prop_assert_eq!(text.len(), 20);
        prop_assert_eq!(parse_iso8601(&text), Some(time));
    }
}

//! Canonicalisation under arbitrary input: the bytes become `(name, value)` pairs (split on NUL), which are
//! percent-encoded, signed with V1 and V3, and checked: encoding uses only unreserved characters and `%XX` and
//! decodes back to the input; the V1 canonical query parses back to exactly the pairs, sorted by name then value;
//! the V1 string-to-sign starts `POST&%2F&`; the V3 `Authorization` parses back to its signature and signed headers.
#![no_main]

use alicert_core::encode::{parse_form, percent_encoded};
use alicert_core::sign::{v1, v3};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parts: Vec<&str> = text.split('\0').collect();
    let pairs: Vec<(&str, &str)> = parts
        .chunks(2)
        .map(|chunk| (chunk[0], chunk.get(1).copied().unwrap_or("")))
        .collect();

    for part in &parts {
        let encoded = percent_encoded(part);
        assert!(
            encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)),
            "{encoded:?}"
        );
        assert_eq!(
            alicert_core::encode::form_decode(&encoded).as_deref(),
            Ok(*part)
        );
    }

    let stages = v1::sign("POST", &pairs, "fuzz-secret");
    assert!(stages.string_to_sign.starts_with("POST&%2F&"));
    let parsed = parse_form(&stages.canonical_query).expect("a canonical query parses");
    let mut expected: Vec<(String, String)> = pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    expected.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()).then(a.1.as_bytes().cmp(b.1.as_bytes())));
    // parse_form skips empty segments: the pair ("", "") is written as "=" and comes back; nothing is lost.
    assert_eq!(parsed, expected);

    let hashed = v3::hash_payload(data);
    let headers = [
        ("host", "cas.aliyuncs.com"),
        ("x-acs-action", parts[0]),
        ("x-acs-version", "2020-04-07"),
        ("x-acs-date", "2024-01-01T00:00:00Z"),
        ("x-acs-signature-nonce", parts.last().copied().unwrap_or("")),
        ("x-acs-content-sha256", hashed.as_str()),
    ];
    let input = v3::V3Input {
        method: "POST",
        canonical_uri: "/",
        query: &pairs,
        headers: &headers,
        hashed_payload: &hashed,
    };
    let stages = v3::sign(&input, "fuzz-id", "fuzz-secret");
    let authorization = v3::parse_authorization(&stages.authorization).expect("our own header parses");
    assert_eq!(authorization.signature, stages.signature);
    assert_eq!(authorization.signed_headers.join(";"), stages.signed_headers);
});

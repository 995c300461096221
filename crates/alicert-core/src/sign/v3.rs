//! `ACS3-HMAC-SHA256`, the signature the current official SDKs send by default: a canonical request (method, path,
//! sorted query, signed headers, payload hash) hashed with SHA-256, and that hash signed with HMAC-SHA256 keyed with
//! the plain secret. The result travels in `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
//!
//! Headers are canonicalised exactly as the official Python util (`alibabacloud_tea_openapi.utils`,
//! `get_canonicalized_headers`) does it: every header given is signed; names are lowercased; values are stripped of
//! leading and trailing whitespace (Python's notion, which includes U+001C..U+001F); repeated names are joined with
//! `,` after sorting their values; names are sorted.
//!
//! One deliberate difference: the Python util leaves query parameter *names* unencoded, while Alibaba's
//! documentation encodes names and values alike. We encode both. Real parameter names (`RegionId`, `Tag.1.Key`) use
//! only unreserved characters, for which the two agree.
//!
//! Pure: no clock, no randomness. The caller puts the date and nonce into the headers it passes.

use std::borrow::Cow;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::encode::percent_encode;
use crate::sign::{push_hex_lower, with_sorted_pairs};

/// The algorithm name, first line of the string-to-sign and first word of the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// What a V3 signature covers.
#[derive(Clone, Copy, Debug)]
pub struct V3Input<'a> {
    /// HTTP method as sent, e.g. `POST`.
    pub method: &'a str,
    /// The request path as it appears in the canonical request (`/` for RPC APIs); empty means `/`. Used as given:
    /// percent-encode a path with reserved characters before passing it.
    pub canonical_uri: &'a str,
    /// Query parameters as decoded text; sorted and percent-encoded inside.
    pub query: &'a [(&'a str, &'a str)],
    /// Every header to sign, in any order and case (host, `x-acs-action`, `x-acs-version`, `x-acs-date`,
    /// `x-acs-signature-nonce`, `x-acs-content-sha256`, and `x-acs-security-token` with STS credentials, at least).
    pub headers: &'a [(&'a str, &'a str)],
    /// The body's SHA-256 as lowercase hex, the same text as the `x-acs-content-sha256` header: see [`hash_payload`].
    pub hashed_payload: &'a str,
}

/// Every stage of a V3 signature, so a failing comparison points at the stage that broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct V3Stages {
    /// `METHOD\nURI\nQUERY\nHEADERS\nSIGNED_HEADERS\nPAYLOAD_HASH`, each header line ending in `\n`.
    pub canonical_request: String,
    /// SHA-256 of the canonical request, lowercase hex.
    pub hashed_canonical_request: String,
    /// `ACS3-HMAC-SHA256\n` followed by the hashed canonical request.
    pub string_to_sign: String,
    /// Lowercase header names, sorted, joined with `;`.
    pub signed_headers: String,
    /// HMAC-SHA256(key = secret, string-to-sign), lowercase hex.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

/// Signs a V3 request.
pub fn sign(input: &V3Input<'_>, access_key_id: &str, access_key_secret: &str) -> V3Stages {
    let canonical_query = canonical_query(input.query);
    let (canonical_headers, signed_headers) = canonical_headers(input.headers);
    let canonical_uri = if input.canonical_uri.is_empty() {
        "/"
    } else {
        input.canonical_uri
    };

    let mut canonical_request = String::with_capacity(
        input.method.len()
            + canonical_uri.len()
            + canonical_query.len()
            + canonical_headers.len()
            + signed_headers.len()
            + input.hashed_payload.len()
            + 5,
    );
    for (index, part) in [
        input.method,
        canonical_uri,
        &canonical_query,
        &canonical_headers,
        &signed_headers,
        input.hashed_payload,
    ]
    .into_iter()
    .enumerate()
    {
        if index > 0 {
            canonical_request.push('\n');
        }
        canonical_request.push_str(part);
    }

    let hashed_canonical_request = hex_lower(&Sha256::digest(canonical_request.as_bytes()));
    let mut string_to_sign =
        String::with_capacity(ALGORITHM.len() + 1 + hashed_canonical_request.len());
    string_to_sign.push_str(ALGORITHM);
    string_to_sign.push('\n');
    string_to_sign.push_str(&hashed_canonical_request);

    let signature = match Hmac::<Sha256>::new_from_slice(access_key_secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(string_to_sign.as_bytes());
            hex_lower(&mac.finalize().into_bytes())
        }
        // HMAC takes keys of any length; this branch cannot happen but must not panic either.
        Err(_) => String::new(),
    };
    let mut authorization = String::with_capacity(
        ALGORITHM.len() + 40 + access_key_id.len() + signed_headers.len() + signature.len(),
    );
    for part in [
        ALGORITHM,
        " Credential=",
        access_key_id,
        ",SignedHeaders=",
        &signed_headers,
        ",Signature=",
        &signature,
    ] {
        authorization.push_str(part);
    }
    V3Stages {
        canonical_request,
        hashed_canonical_request,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
    }
}

/// SHA-256 of a request body as lowercase hex: the `x-acs-content-sha256` header and the canonical request's last line.
pub fn hash_payload(body: &[u8]) -> String {
    hex_lower(&Sha256::digest(body))
}

fn hex_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex_lower(bytes, &mut out);
    out
}

pub(crate) fn canonical_query(query: &[(&str, &str)]) -> String {
    let raw_len: usize = query
        .iter()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum();
    let mut out = String::with_capacity(raw_len + raw_len / 4);
    with_sorted_pairs(query, |sorted| {
        for (index, (_, (name, value))) in sorted.iter().enumerate() {
            if index > 0 {
                out.push('&');
            }
            percent_encode(name, &mut out);
            out.push('=');
            percent_encode(value, &mut out);
        }
    });
    out
}

/// Python's `str.isspace()`: Unicode whitespace plus the information separators U+001C..U+001F.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn lowercase(name: &str) -> Cow<'_, str> {
    if name
        .bytes()
        .any(|byte| byte.is_ascii_uppercase() || !byte.is_ascii())
    {
        Cow::Owned(name.to_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Canonical header lines (each `name:value\n`) and the signed header list (`a;b;c`).
fn canonical_headers(headers: &[(&str, &str)]) -> (String, String) {
    let mut entries: Vec<(Cow<'_, str>, &str)> = headers
        .iter()
        .map(|(name, value)| (lowercase(name), value.trim_matches(is_python_space)))
        .collect();
    entries.sort_unstable_by(|left, right| {
        left.0
            .as_bytes()
            .cmp(right.0.as_bytes())
            .then_with(|| left.1.as_bytes().cmp(right.1.as_bytes()))
    });

    let lines_len: usize = entries
        .iter()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum();
    let mut lines = String::with_capacity(lines_len);
    let mut signed = String::with_capacity(lines_len / 2);
    let mut previous: Option<&str> = None;
    for (name, value) in &entries {
        if previous == Some(name.as_ref()) {
            // Python keeps the line open until all values of a name are in; sorted entries make them adjacent.
            lines.pop();
            lines.push(',');
        } else {
            if previous.is_some() {
                signed.push(';');
            }
            signed.push_str(name);
            lines.push_str(name);
            lines.push(':');
        }
        lines.push_str(value);
        lines.push('\n');
        previous = Some(name.as_ref());
    }
    (lines, signed)
}

/// The parts of an `Authorization: ACS3-HMAC-SHA256 …` header a verifier needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedAuthorization {
    /// The `Credential=` value: the AccessKey ID that signed.
    pub access_key_id: String,
    /// The `SignedHeaders=` list, split on `;`, in the order sent.
    pub signed_headers: Vec<String>,
    /// The `Signature=` value, lowercase or uppercase hex as sent.
    pub signature: String,
}

/// Parses an `Authorization` header value back into the AccessKey ID, the signed header names and the signature, for
/// verifiers; `None` if malformed.
///
/// Accepted: `ACS3-HMAC-SHA256` then whitespace, then `Credential=`, `SignedHeaders=` and `Signature=` each exactly
/// once, in any order, separated by `,` (spaces around them tolerated). The credential and every signed header name
/// must be non-empty and the signature non-empty hex.
pub fn parse_authorization(value: &str) -> Option<ParsedAuthorization> {
    let rest = value.trim().strip_prefix(ALGORITHM)?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (key, field) = part.trim().split_once('=')?;
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return None,
        };
        if slot.replace(field).is_some() {
            return None;
        }
    }
    let access_key_id = credential.filter(|credential| !credential.is_empty())?;
    let signature = signature.filter(|signature| {
        !signature.is_empty() && signature.bytes().all(|b| b.is_ascii_hexdigit())
    })?;
    let signed_headers: Vec<String> = signed_headers?.split(';').map(str::to_owned).collect();
    if signed_headers.iter().any(String::is_empty) {
        return None;
    }
    Some(ParsedAuthorization {
        access_key_id: access_key_id.to_owned(),
        signed_headers,
        signature: signature.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Alibaba's published example (FIELD-NOTES); the full vector lives in `tests/vectors/v3/`.
    #[test]
    fn published_example() {
        let hashed_payload = hash_payload(b"");
        let input = V3Input {
            method: "POST",
            canonical_uri: "/",
            query: &[
                (
                    "ImageId",
                    "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
                ),
                ("RegionId", "cn-shanghai"),
            ],
            headers: &[
                ("host", "ecs.cn-shanghai.aliyuncs.com"),
                ("x-acs-action", "RunInstances"),
                ("x-acs-version", "2014-05-26"),
                ("x-acs-date", "2023-10-26T10:22:32Z"),
                ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
                ("x-acs-content-sha256", &hashed_payload),
            ],
            hashed_payload: &hashed_payload,
        };
        let stages = sign(&input, "YourAccessKeyId", "YourAccessKeySecret");
        assert_eq!(
            stages.signed_headers,
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
        );
        assert_eq!(
            stages.signature,
            "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
        let parsed = parse_authorization(&stages.authorization).unwrap();
        assert_eq!(parsed.access_key_id, "YourAccessKeyId");
        assert_eq!(parsed.signature, stages.signature);
        assert_eq!(parsed.signed_headers.join(";"), stages.signed_headers);
    }

    #[test]
    fn headers_are_lowercased_trimmed_grouped_and_sorted() {
        let (lines, signed) = canonical_headers(&[
            ("X-Acs-B", " 2 "),
            ("x-acs-a", "\u{1c}1\t"),
            ("x-acs-b", "1"),
            ("Host", "h"),
        ]);
        assert_eq!(lines, "host:h\nx-acs-a:1\nx-acs-b:1,2\n");
        assert_eq!(signed, "host;x-acs-a;x-acs-b");
        assert_eq!(canonical_headers(&[]), (String::new(), String::new()));
    }

    #[test]
    fn empty_uri_means_root() {
        let input = V3Input {
            method: "GET",
            canonical_uri: "",
            query: &[("b", ""), ("a", "x y")],
            headers: &[],
            hashed_payload: "p",
        };
        let stages = sign(&input, "id", "secret");
        assert_eq!(stages.canonical_request, "GET\n/\na=x%20y&b=\n\n\np");
    }

    #[test]
    fn hashes_payloads() {
        assert_eq!(
            hash_payload(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn rejects_malformed_authorization() {
        for bad in [
            "",
            "ACS3-HMAC-SHA256",
            "ACS3-HMAC-SHA256Credential=a,SignedHeaders=host,Signature=00",
            "HMAC-SHA1 Credential=a,SignedHeaders=host,Signature=00",
            "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=00",
            "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=zz",
            "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host;;x,Signature=00",
            "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host",
            "ACS3-HMAC-SHA256 Credential=a,Credential=b,SignedHeaders=host,Signature=00",
            "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=00,Extra=1",
        ] {
            assert_eq!(parse_authorization(bad), None, "{bad:?}");
        }
        let parsed = parse_authorization(
            "ACS3-HMAC-SHA256 Signature=AB01, Credential=ak ,SignedHeaders=host;x-acs-date",
        )
        .unwrap();
        assert_eq!(parsed.access_key_id, "ak");
        assert_eq!(parsed.signed_headers, ["host", "x-acs-date"]);
        assert_eq!(parsed.signature, "AB01");
    }
}

//! The requests every signing measurement signs, ours and the official SDK's alike: a typical one (DescribeDeploymentJob,
//! as our runtime sends it) and a long one (ListWorkerResource with 8 tags, non-ASCII and reserved characters), for
//! V1 and V3. They are printed with the results, and `cargo xtask bench` hands exactly these to
//! `tools/python/bench_official.py`, so both sides sign the same bytes; each side's signature is printed too, so a
//! comparison of two different computations cannot pass unnoticed.
//!
//! The criterion benches in `crates/alicert-core/benches/sign.rs` include this file by path and sign the same
//! requests (a bench cannot depend on this crate, which sits above it), so the two cannot drift apart.

use serde::Serialize;

/// The AccessKey ID the cases are signed with (any value signs; this one looks like a real ID).
pub const ACCESS_KEY_ID: &str = "LTAI5tBenchExampleKeyId1";
/// The secret the cases are signed with.
pub const ACCESS_KEY_SECRET: &str = "bench-example-secret-0123456789ab";
const TIMESTAMP: &str = "2025-03-14T09:26:53Z";
const VERSION: &str = "2020-04-07";
const NONCE: &str = "5f1c0a8e2b7d4e96a3c1f0b2d4e6a8c0";
/// SHA-256 of the empty body, as lowercase hex: what an RPC call's `x-acs-content-sha256` carries.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// A V1 request to sign: every parameter but `Signature`, common ones included.
#[derive(Clone, Debug, Serialize)]
pub struct V1Case {
    /// `v1_typical` or `v1_long`.
    pub name: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// (name, value) pairs, decoded text: the common parameters, then the business ones.
    pub params: Vec<(String, String)>,
    /// The AccessKey secret.
    pub access_key_secret: &'static str,
    /// The `Action` among the common parameters.
    #[serde(skip)]
    pub action: &'static str,
    /// How many of `params` are common ones (the rest are business parameters).
    #[serde(skip)]
    pub common_len: usize,
}

impl V1Case {
    /// The parameters as borrowed pairs, the shape `alicert_core::sign::v1::sign` takes.
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        as_refs(&self.params)
    }

    /// The business parameters as borrowed pairs.
    pub fn business_pairs(&self) -> Vec<(&str, &str)> {
        as_refs(self.params.get(self.common_len..).unwrap_or_default())
    }

    /// The same request as our runtime signs it, with `alicert_core::sign::v1::sign_call`: the common parameters by
    /// role, `business` (from [`V1Case::business_pairs`]) as pairs.
    pub fn call<'a>(&self, business: &'a [(&'a str, &'a str)]) -> alicert_core::sign::v1::Call<'a> {
        alicert_core::sign::v1::Call {
            method: self.method,
            action: self.action,
            version: VERSION,
            access_key_id: ACCESS_KEY_ID,
            security_token: None,
            timestamp: TIMESTAMP,
            nonce: NONCE,
            params: business,
        }
    }
}

fn as_refs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

/// A V3 request to sign.
#[derive(Clone, Debug, Serialize)]
pub struct V3Case {
    /// `v3_typical` or `v3_long`.
    pub name: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// `/` for RPC calls.
    pub canonical_uri: &'static str,
    /// Query parameters, decoded text.
    pub query: Vec<(String, String)>,
    /// Headers to sign.
    pub headers: Vec<(String, String)>,
    /// SHA-256 of the body, lowercase hex.
    pub hashed_payload: &'static str,
    /// The AccessKey ID.
    pub access_key_id: &'static str,
    /// The AccessKey secret.
    pub access_key_secret: &'static str,
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

/// Business parameters of the long request: 20+ parameters once the common ones are added, with CJK, accents, an
/// emoji, spaces, `*`, `~`, `/` and `&` in the values.
fn long_business_params() -> Vec<(String, String)> {
    let mut params = owned(&[
        ("JobId", "8888"),
        ("CurrentPage", "3"),
        ("ShowSize", "1000"),
        ("Status", "editing"),
        ("CloudProduct", "SLB"),
        ("RegionId", "cn-hangzhou"),
    ]);
    let values = [
        "证书部署",
        "生产环境",
        "Équipe réseau",
        "ünïcødé ✓",
        "a b*c~d/e&f=g",
        "🔐 rotation",
        "東京リージョン",
        "weekly*2",
    ];
    for (index, value) in values.iter().enumerate() {
        params.push((
            format!("Tag.{}.Key", index + 1),
            format!("key-{}", index + 1),
        ));
        params.push((format!("Tag.{}.Value", index + 1), (*value).to_owned()));
    }
    params
}

fn v1_common(action: &str) -> Vec<(String, String)> {
    owned(&[
        ("Action", action),
        ("Version", VERSION),
        ("Format", "JSON"),
        ("AccessKeyId", ACCESS_KEY_ID),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", NONCE),
        ("Timestamp", TIMESTAMP),
    ])
}

/// DescribeDeploymentJob(JobId=8888), signed V1: the nine parameters our runtime sends.
pub fn v1_typical() -> V1Case {
    let mut params = v1_common("DescribeDeploymentJob");
    let common_len = params.len();
    params.push(("JobId".to_owned(), "8888".to_owned()));
    V1Case {
        name: "v1_typical",
        method: "POST",
        params,
        access_key_secret: ACCESS_KEY_SECRET,
        action: "DescribeDeploymentJob",
        common_len,
    }
}

/// ListWorkerResource with 8 tags, signed V1: 30 parameters.
pub fn v1_long() -> V1Case {
    let mut params = v1_common("ListWorkerResource");
    let common_len = params.len();
    params.extend(long_business_params());
    V1Case {
        name: "v1_long",
        method: "POST",
        params,
        access_key_secret: ACCESS_KEY_SECRET,
        action: "ListWorkerResource",
        common_len,
    }
}

fn v3_headers(action: &str) -> Vec<(String, String)> {
    owned(&[
        ("host", "cas.aliyuncs.com"),
        ("x-acs-action", action),
        ("x-acs-version", "2020-04-07"),
        ("x-acs-date", TIMESTAMP),
        ("x-acs-signature-nonce", NONCE),
        ("x-acs-content-sha256", EMPTY_BODY_SHA256),
    ])
}

/// DescribeDeploymentJob(JobId=8888), signed V3 with the six headers our runtime signs.
pub fn v3_typical() -> V3Case {
    V3Case {
        name: "v3_typical",
        method: "POST",
        canonical_uri: "/",
        query: owned(&[("JobId", "8888")]),
        headers: v3_headers("DescribeDeploymentJob"),
        hashed_payload: EMPTY_BODY_SHA256,
        access_key_id: ACCESS_KEY_ID,
        access_key_secret: ACCESS_KEY_SECRET,
    }
}

/// ListWorkerResource with 8 tags, signed V3: 22 query parameters and 6 headers.
pub fn v3_long() -> V3Case {
    V3Case {
        name: "v3_long",
        method: "POST",
        canonical_uri: "/",
        query: long_business_params(),
        headers: v3_headers("ListWorkerResource"),
        hashed_payload: EMPTY_BODY_SHA256,
        access_key_id: ACCESS_KEY_ID,
        access_key_secret: ACCESS_KEY_SECRET,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_long_cases_are_long_and_not_ascii() {
        assert!(v1_long().params.len() >= 20);
        assert!(v3_long().query.len() >= 20);
        assert!(v1_long().params.iter().any(|(_, value)| !value.is_ascii()));
        assert_eq!(v1_typical().params.len(), 9);
    }

    /// The runtime's signer and the general one sign each case alike, so measuring either measures the same
    /// signature.
    #[test]
    fn the_call_form_signs_what_the_pairs_sign() {
        use alicert_core::sign::v1;
        for case in [v1_typical(), v1_long()] {
            let business = case.business_pairs();
            let key = v1::SigningKey::new(case.access_key_secret);
            assert_eq!(
                v1::sign_call(&case.call(&business), &key),
                v1::sign(case.method, &case.pairs(), case.access_key_secret),
                "{}",
                case.name
            );
        }
    }

    #[test]
    fn the_empty_body_hash_is_right() {
        assert_eq!(alicert_core::sign::v3::hash_payload(b""), EMPTY_BODY_SHA256);
    }
}

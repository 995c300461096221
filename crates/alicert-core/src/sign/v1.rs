//! Signature version 1.0 (`HMAC-SHA1`) for Alibaba Cloud's RPC APIs: the parameters sorted and percent-encoded into
//! a canonical query, that query encoded once more into the string-to-sign, and the base64 HMAC-SHA1 of it keyed with
//! `secret + "&"`. This is what the official SDKs send when configured with `signature_algorithm='v2'` (their
//! `get_rpcsignature`), and what Alibaba's signature documentation publishes an example of.
//!
//! Pure: no clock, no randomness. Two ways in, with the same result:
//! - [`sign`] takes every parameter as a pair (the caller builds the common ones with [`common_params`] from a time
//!   and a nonce it chose): the general form, which a verifier uses to re-sign what it received.
//! - [`sign_call`] takes the common parameters by role and a [`SigningKey`] prepared once per secret: the runtime's
//!   form for every attempt, which skips what the general one must do for arbitrary input (encoding names known to be
//!   unreserved, sorting parameters whose order is fixed, the HMAC key schedule). A property test holds the two
//!   equal.

use std::time::SystemTime;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::encode::{all_unreserved, percent_encode_once_and_twice};
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
    let signature = SigningKey::new(access_key_secret).signature_of(&string_to_sign);
    V1Stages {
        canonical_query,
        string_to_sign,
        signature,
    }
}

/// One call's parameters as the runtime has them: the common parameters by role, the business parameters as pairs.
///
/// [`sign_call`] signs exactly what [`sign`] would over [`common_params`] plus `params`, but it knows which common
/// parameters are constants and that every common name is unreserved, so it encodes only what can need it and
/// merges the business parameters into the common ones' fixed order instead of sorting them all.
#[derive(Clone, Copy)]
pub struct Call<'a> {
    /// HTTP method, uppercase.
    pub method: &'a str,
    /// `Action`.
    pub action: &'a str,
    /// `Version`, the API version.
    pub version: &'a str,
    /// `AccessKeyId`.
    pub access_key_id: &'a str,
    /// `SecurityToken`; omitted when `None` or empty, as the official SDK does.
    pub security_token: Option<&'a str>,
    /// `Timestamp`, as [`format_iso8601`] writes it.
    pub timestamp: &'a str,
    /// `SignatureNonce`.
    pub nonce: &'a str,
    /// The business parameters, decoded text, in any order.
    pub params: &'a [(&'a str, &'a str)],
}

impl std::fmt::Debug for Call<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.method)
            .field("action", &self.action)
            .field("version", &self.version)
            .field("access_key_id", &self.access_key_id)
            .field(
                "security_token",
                &self.security_token.map(|_| crate::secret::REDACTED),
            )
            .field("timestamp", &self.timestamp)
            .field("nonce", &self.nonce)
            .field("params", &self.params)
            .finish()
    }
}

/// Signs one call: the same stages [`sign`] gives for [`common_params`] plus `call.params` with the secret `key` was
/// made from, faster.
pub fn sign_call(call: &Call<'_>, key: &SigningKey) -> V1Stages {
    let (canonical_query, string_to_sign) = canonicalize_call(call);
    let signature = key.signature_of(&string_to_sign);
    V1Stages {
        canonical_query,
        string_to_sign,
        signature,
    }
}

/// Whether pair `a` sorts before pair `b`, by the bytes of the name and then of the value, as [`sign`] orders them.
/// Names nearly always differ in their first byte, which decides without a call to `memcmp`.
fn sorts_before(a: (&str, &str), b: (&str, &str)) -> bool {
    match a.0.as_bytes().first().cmp(&b.0.as_bytes().first()) {
        std::cmp::Ordering::Equal => {
            (a.0.as_bytes(), a.1.as_bytes()) < (b.0.as_bytes(), b.1.as_bytes())
        }
        first => first.is_lt(),
    }
}

fn canonicalize_call(call: &Call<'_>) -> (String, String) {
    let token = call.security_token.filter(|token| !token.is_empty());
    let common_len = call.action.len()
        + call.version.len()
        + call.access_key_id.len()
        + token.map_or(0, str::len)
        + call.timestamp.len()
        + call.nonce.len()
        // The common names, the constant values and the separators.
        + 128;
    let raw_len: usize = call
        .params
        .iter()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum::<usize>()
        + common_len;
    let out = Canonical::with_capacity(call.method, raw_len);
    with_sorted_pairs(call.params, |sorted| {
        let mut merge = Merge {
            out,
            business: sorted.iter().map(|(_, pair)| *pair).peekable(),
        };
        // The common parameters in the order `sign` would sort them (by name; every name is unreserved), each written
        // out here so that its name and constants are fixed-size copies.
        merge.text(
            "AccessKeyId",
            "AccessKeyId=",
            "AccessKeyId%3D",
            call.access_key_id,
        );
        merge.text("Action", "Action=", "Action%3D", call.action);
        merge.fixed("Format", "JSON", "Format=JSON", "Format%3DJSON");
        if let Some(token) = token {
            merge.text("SecurityToken", "SecurityToken=", "SecurityToken%3D", token);
        }
        merge.fixed(
            "SignatureMethod",
            "HMAC-SHA1",
            "SignatureMethod=HMAC-SHA1",
            "SignatureMethod%3DHMAC-SHA1",
        );
        merge.text(
            "SignatureNonce",
            "SignatureNonce=",
            "SignatureNonce%3D",
            call.nonce,
        );
        merge.fixed(
            "SignatureVersion",
            "1.0",
            "SignatureVersion=1.0",
            "SignatureVersion%3D1.0",
        );
        merge.timestamp(call.timestamp);
        merge.text("Version", "Version=", "Version%3D", call.version);
        merge.finish()
    })
}

/// `YYYY-MM-DDThh`, `mm` and `ssZ` when `value` is those three runs of unreserved bytes joined by colons, the shape
/// [`format_iso8601`] writes; `None` for anything else, which is then encoded the general way.
fn iso8601_runs(value: &str) -> Option<(&str, &str, &str)> {
    let bytes = value.as_bytes();
    if bytes.len() != 20 || bytes.get(13) != Some(&b':') || bytes.get(16) != Some(&b':') {
        return None;
    }
    let runs = (value.get(..13)?, value.get(14..16)?, value.get(17..)?);
    let unreserved = [runs.0, runs.1, runs.2]
        .iter()
        .all(|run| all_unreserved(run.as_bytes()));
    unreserved.then_some(runs)
}

/// The business parameters, sorted, merged into the common ones as those are written in their fixed order.
struct Merge<'a, I: Iterator<Item = &'a (&'a str, &'a str)>> {
    out: Canonical,
    business: std::iter::Peekable<I>,
}

impl<'a, I: Iterator<Item = &'a (&'a str, &'a str)>> Merge<'a, I> {
    /// The business pairs that sort before the common pair (`name`, `value`), by name then value, as `sign` orders.
    #[inline(always)]
    fn business_before(&mut self, name: &str, value: &str) {
        while let Some((business_name, business_value)) = self
            .business
            .next_if(|business| sorts_before(**business, (name, value)))
        {
            self.out.pair(business_name, business_value);
        }
    }

    /// Everything of a common pair up to its value: the business pairs sorting before it, the separator, and
    /// `once_prefix` (`name=`) and `twice_prefix` (`name%3D`).
    #[inline(always)]
    fn begin(&mut self, name: &str, value: &str, once_prefix: &str, twice_prefix: &str) {
        self.business_before(name, value);
        self.out.separator();
        self.out.query.push_str(once_prefix);
        self.out.string_to_sign.push_str(twice_prefix);
    }

    /// A common parameter with the call's own value.
    #[inline(always)]
    fn text(&mut self, name: &str, once_prefix: &str, twice_prefix: &str, value: &str) {
        self.begin(name, value, once_prefix, twice_prefix);
        percent_encode_once_and_twice(value, &mut self.out.query, &mut self.out.string_to_sign);
    }

    /// `Timestamp`: as `text`, but the usual `YYYY-MM-DDThh:mm:ssZ` is written as its three unreserved runs and two
    /// escaped colons without looking for them, since every call has one.
    #[inline(always)]
    fn timestamp(&mut self, value: &str) {
        self.begin("Timestamp", value, "Timestamp=", "Timestamp%3D");
        match iso8601_runs(value) {
            Some((date_hour, minute, second)) => {
                for (escaped, out) in [
                    ("%3A", &mut self.out.query),
                    ("%253A", &mut self.out.string_to_sign),
                ] {
                    out.push_str(date_hour);
                    out.push_str(escaped);
                    out.push_str(minute);
                    out.push_str(escaped);
                    out.push_str(second);
                }
            }
            None => percent_encode_once_and_twice(
                value,
                &mut self.out.query,
                &mut self.out.string_to_sign,
            ),
        }
    }

    /// A constant common parameter, given in both encodings (an unreserved value encodes to itself).
    #[inline(always)]
    fn fixed(&mut self, name: &str, value: &str, once: &str, twice: &str) {
        self.business_before(name, value);
        self.out.separator();
        self.out.query.push_str(once);
        self.out.string_to_sign.push_str(twice);
    }

    /// The business pairs that sort after every common one, and the two strings.
    fn finish(mut self) -> (String, String) {
        for (name, value) in self.business {
            self.out.pair(name, value);
        }
        self.out.finish()
    }
}

/// The canonical query and the string-to-sign, built together in one pass over the sorted parameters.
fn canonicalize(method: &str, params: &[(&str, &str)]) -> (String, String) {
    let raw_len: usize = params
        .iter()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum();
    let mut out = Canonical::with_capacity(method, raw_len);
    with_sorted_pairs(params, |sorted| {
        for (_, (name, value)) in sorted {
            out.pair(name, value);
        }
    });
    out.finish()
}

/// The canonical query and the string-to-sign as they grow, pair by pair in sorted order.
struct Canonical {
    query: String,
    string_to_sign: String,
}

impl Canonical {
    /// Room for `raw_len` bytes of parameters: encoding grows most plain parameters by little, and the slack saves a
    /// reallocation for a few escapes.
    fn with_capacity(method: &str, raw_len: usize) -> Self {
        let mut string_to_sign = String::with_capacity(method.len() + 5 + raw_len + raw_len / 2);
        string_to_sign.push_str(method);
        string_to_sign.push_str("&%2F&");
        Self {
            query: String::with_capacity(raw_len + raw_len / 4),
            string_to_sign,
        }
    }

    /// The `&` before every pair but the first (a pair is never empty: it has at least its `=`).
    fn separator(&mut self) {
        if !self.query.is_empty() {
            self.query.push('&');
            self.string_to_sign.push_str("%26");
        }
    }

    /// A pair whose name and value are percent-encoded here.
    fn pair(&mut self, name: &str, value: &str) {
        self.separator();
        percent_encode_once_and_twice(name, &mut self.query, &mut self.string_to_sign);
        self.query.push('=');
        self.string_to_sign.push_str("%3D");
        percent_encode_once_and_twice(value, &mut self.query, &mut self.string_to_sign);
    }

    fn finish(self) -> (String, String) {
        (self.query, self.string_to_sign)
    }
}

/// The HMAC-SHA1 state keyed with `secret + "&"`, computed once per secret: every V1 signature with that secret
/// starts from it, so signing a call costs the hash of its string-to-sign and not the key schedule too.
///
/// Derived from the secret, so it is as secret as the secret: `Debug` shows nothing of it, and its hash states (and
/// each per-signature copy) are overwritten with zeros when dropped, the same best effort [`Secret`] makes.
///
/// [`Secret`]: crate::secret::Secret
#[derive(Clone)]
pub struct SigningKey {
    mac: Hmac<Sha1>,
}

impl SigningKey {
    /// The key for `access_key_secret`.
    pub fn new(access_key_secret: &str) -> Self {
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
        // HMAC accepts keys of any length, so the fallback (an all-zero key) is never taken; it is there so that this
        // cannot panic.
        let mac = Hmac::<Sha1>::new_from_slice(key)
            .unwrap_or_else(|_| <Hmac<Sha1> as KeyInit>::new(&Default::default()));
        Self { mac }
    }

    /// base64(HMAC-SHA1(secret + `&`, string-to-sign)).
    fn signature_of(&self, string_to_sign: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(string_to_sign.as_bytes());
        let digest = mac.finalize().into_bytes();
        // 20 bytes of SHA-1 are 28 characters of base64: encode on the stack, allocate once for the result.
        let mut encoded = [0_u8; 28];
        match base64::engine::general_purpose::STANDARD.encode_slice(digest, &mut encoded) {
            Ok(len) => std::str::from_utf8(&encoded[..len])
                .map(str::to_owned)
                .unwrap_or_default(),
            Err(_) => base64::engine::general_purpose::STANDARD.encode(digest),
        }
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(<redacted>)")
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
    fn debug_shows_neither_secret_nor_token() {
        let key = SigningKey::new("the-secret-value");
        assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
        let call = Call {
            method: "POST",
            action: "DescribeDeploymentJob",
            version: "2020-04-07",
            access_key_id: "id",
            security_token: Some("the-token-value"),
            timestamp: "2016-02-23T12:46:24Z",
            nonce: "n1",
            params: &[("JobId", "8888")],
        };
        let shown = format!("{call:?}");
        assert!(!shown.contains("the-token-value"), "{shown}");
        assert!(
            shown.contains("<redacted>") && shown.contains("JobId"),
            "{shown}"
        );
    }

    #[test]
    fn sign_call_signs_what_sign_signs_over_the_common_params() {
        let at = UNIX_EPOCH + Duration::from_secs(1_456_231_584);
        let business = [
            ("Zeta", "z"),
            ("JobId", "8888"),
            ("Action", "B"),
            ("A b", "*"),
        ];
        let usual = format_iso8601(at);
        // The usual shape, and others the fast path for it must leave to the general encoding.
        let timestamps = [
            usual.as_str(),
            "2016-02-23T12:46:24+08",
            "2016-02-23 12:46:24Z",
            "2016-02-23T12:4:624Z",
            "2016-02-23T1é:46:2Z",
            "",
        ];
        for (token, timestamp) in [None, Some(""), Some("tok/en+=")]
            .into_iter()
            .flat_map(|token| timestamps.map(|timestamp| (token, timestamp)))
        {
            let call = Call {
                method: "POST",
                action: "DescribeDeploymentJob",
                version: "2020-04-07",
                access_key_id: "LTAI5t",
                security_token: token,
                timestamp,
                nonce: "5f1c0a8e",
                params: &business,
            };
            let common = common_params(call.action, call.version, "LTAI5t", token, at, "5f1c0a8e");
            let mut all: Vec<(&str, &str)> = common
                .iter()
                .map(|(name, value)| {
                    (
                        *name,
                        if *name == "Timestamp" {
                            timestamp
                        } else {
                            value.as_str()
                        },
                    )
                })
                .collect();
            all.extend_from_slice(&business);
            assert_eq!(
                sign_call(&call, &SigningKey::new("secret")),
                sign("POST", &all, "secret"),
                "token {token:?}, timestamp {timestamp:?}"
            );
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

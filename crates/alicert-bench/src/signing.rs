//! `alicert-bench sign`: how long our signers take on the [`cases`](crate::cases), against the floor of the raw HMAC
//! over the same string-to-sign. The official SDK's figures come from `tools/python/bench_official.py`, run by
//! `cargo xtask bench` on the cases this prints.
//!
//! The floor is only the keyed hash (HMAC-SHA1 keyed with `secret&` for V1, HMAC-SHA256 keyed with the secret for
//! V3): what no signer can avoid. Everything above it (sorting, percent-encoding twice, base64, the SHA-256 of the
//! canonical request in V3) is the signer's own cost.
//!
//! For V1, "ours" is what the runtime signs every attempt with, `v1::sign_call` with a `SigningKey` prepared once per
//! secret; the general `v1::sign` (every parameter a pair, the key schedule each time) is measured beside it. Since
//! the prepared key skips the HMAC key schedule that the floor runs, the floor is also measured from a prepared key,
//! so a reader sees both comparisons.

use std::hint::black_box;

use alicert_core::sign::{v1, v3};
use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use serde_json::{Value, json};
use sha1::Sha1;
use sha2::Sha256;

use crate::cases::{self, V1Case, V3Case};
use crate::stats::{Budget, Summary, nanos_per_call, paired_ratios};

/// One case's results: our signer and its floor, in nanoseconds per signature, and their ratio round by round.
#[derive(Debug, Serialize)]
struct CaseResult {
    name: &'static str,
    signature: String,
    string_to_sign_bytes: usize,
    ours_ns: Summary,
    hmac_floor_ns: Summary,
    ours_over_floor: Summary,
    /// V1 only: the general `v1::sign`.
    #[serde(skip_serializing_if = "Option::is_none")]
    general_ns: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    general_over_floor: Option<Summary>,
    /// V1 only: the HMAC from a prepared key, as `sign_call` starts from.
    #[serde(skip_serializing_if = "Option::is_none")]
    prepared_floor_ns: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ours_over_prepared_floor: Option<Summary>,
}

impl CaseResult {
    /// Ours against the floor; the V1-only figures are left out.
    fn new(
        name: &'static str,
        signature: String,
        string_to_sign_bytes: usize,
        ours: Vec<f64>,
        floor: Vec<f64>,
    ) -> Self {
        Self {
            name,
            signature,
            string_to_sign_bytes,
            ours_over_floor: Summary::of(paired_ratios(&ours, &floor)),
            ours_ns: Summary::of(ours),
            hmac_floor_ns: Summary::of(floor),
            general_ns: None,
            general_over_floor: None,
            prepared_floor_ns: None,
            ours_over_prepared_floor: None,
        }
    }
}

fn hmac_sha1(key: &[u8], message: &[u8]) -> impl Sized {
    match Hmac::<Sha1>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            Some(mac.finalize().into_bytes())
        }
        Err(_) => None,
    }
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> impl Sized {
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            Some(mac.finalize().into_bytes())
        }
        Err(_) => None,
    }
}

fn measure_v1(case: &V1Case, budget: Budget) -> CaseResult {
    let pairs = case.pairs();
    let business = case.business_pairs();
    let call = case.call(&business);
    let signing_key = v1::SigningKey::new(case.access_key_secret);
    let stages = v1::sign_call(&call, &signing_key);
    let key = format!("{}&", case.access_key_secret);
    let prepared = Hmac::<Sha1>::new_from_slice(key.as_bytes()).ok();
    let string_to_sign = stages.string_to_sign.clone();
    let mut ours = || {
        black_box(v1::sign_call(black_box(&call), black_box(&signing_key)));
    };
    let mut general = || {
        black_box(v1::sign(
            black_box(case.method),
            black_box(&pairs),
            black_box(case.access_key_secret),
        ));
    };
    let mut floor = || {
        black_box(hmac_sha1(
            black_box(key.as_bytes()),
            black_box(string_to_sign.as_bytes()),
        ));
    };
    let mut prepared_floor = || {
        black_box(prepared.clone().map(|mut mac| {
            mac.update(black_box(string_to_sign.as_bytes()));
            mac.finalize().into_bytes()
        }));
    };
    let samples = nanos_per_call(
        budget,
        &mut [&mut ours, &mut floor, &mut general, &mut prepared_floor],
    );
    let [ours, floor, general, prepared_floor]: [Vec<f64>; 4] =
        samples.try_into().unwrap_or_default();
    CaseResult {
        general_over_floor: Some(Summary::of(paired_ratios(&general, &floor))),
        ours_over_prepared_floor: Some(Summary::of(paired_ratios(&ours, &prepared_floor))),
        general_ns: Some(Summary::of(general)),
        prepared_floor_ns: Some(Summary::of(prepared_floor)),
        ..CaseResult::new(
            case.name,
            stages.signature,
            string_to_sign.len(),
            ours,
            floor,
        )
    }
}

fn measure_v3(case: &V3Case, budget: Budget) -> CaseResult {
    let query: Vec<(&str, &str)> = case
        .query
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let headers: Vec<(&str, &str)> = case
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let input = v3::V3Input {
        method: case.method,
        canonical_uri: case.canonical_uri,
        query: &query,
        headers: &headers,
        hashed_payload: case.hashed_payload,
    };
    let stages = v3::sign(&input, case.access_key_id, case.access_key_secret);
    let string_to_sign = stages.string_to_sign.clone();
    let mut ours = || {
        black_box(v3::sign(
            black_box(&input),
            black_box(case.access_key_id),
            black_box(case.access_key_secret),
        ));
    };
    let mut floor = || {
        black_box(hmac_sha256(
            black_box(case.access_key_secret.as_bytes()),
            black_box(string_to_sign.as_bytes()),
        ));
    };
    let samples = nanos_per_call(budget, &mut [&mut ours, &mut floor]);
    let [ours, floor]: [Vec<f64>; 2] = samples.try_into().unwrap_or_default();
    CaseResult::new(
        case.name,
        stages.signature,
        string_to_sign.len(),
        ours,
        floor,
    )
}

/// Runs every case and returns the JSON report: the cases themselves (for the official side) and our figures.
pub fn run(budget: Budget) -> Value {
    let v1_cases = [cases::v1_typical(), cases::v1_long()];
    let v3_cases = [cases::v3_typical(), cases::v3_long()];
    let mut results = Vec::new();
    for case in &v1_cases {
        results.push(measure_v1(case, budget));
    }
    for case in &v3_cases {
        results.push(measure_v3(case, budget));
    }
    json!({
        "kind": "sign",
        "samples": budget.samples,
        "sample_ms": budget.sample_time.as_millis() as u64,
        "cases": { "v1": v1_cases, "v3": v3_cases },
        "results": results,
    })
}

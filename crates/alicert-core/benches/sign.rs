//! Criterion micro-benchmarks of signing, the part of every call that is ours alone: V1 and V3 over a typical request
//! (DescribeDeploymentJob) and a long one (30 parameters, non-ASCII), the raw HMAC over the same string-to-sign as
//! the floor no signer can go below, and building a whole signed request as the runtime does for each attempt.
//! V1 is measured both ways in: `sign_v1` is the runtime's `v1::sign_call` with a prepared `SigningKey`,
//! `sign_v1_general` the general `v1::sign`; `hmac_floor` has the HMAC with its key schedule and from a prepared key.
//!
//! They exist to catch regressions between commits (`cargo bench -p alicert-core -- --save-baseline main`, then
//! `--baseline main`; see `docs/benchmarks.md`); the side-by-side figures against the official SDK come from
//! `cargo xtask bench`. The requests are the harness's own (`crates/alicert-bench/src/cases.rs`, included by path:
//! this crate cannot depend on the harness, which sits above it, but both must sign the same bytes).

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use alicert_core::encode::percent_encoded;
use alicert_core::sign::{new_nonce, v1, v3};
use alicert_core::time::format_iso8601;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::Sha256;

#[path = "../../alicert-bench/src/cases.rs"]
#[allow(dead_code, unused_imports)]
mod cases;

use cases::{ACCESS_KEY_ID, ACCESS_KEY_SECRET as SECRET};

fn hmac_sha1(key: &[u8], message: &[u8]) -> impl Sized {
    Hmac::<Sha1>::new_from_slice(key).map(|mut mac| {
        mac.update(message);
        mac.finalize().into_bytes()
    })
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> impl Sized {
    Hmac::<Sha256>::new_from_slice(key).map(|mut mac| {
        mac.update(message);
        mac.finalize().into_bytes()
    })
}

fn signing(c: &mut Criterion) {
    let v1_key = format!("{SECRET}&");
    for (name, v1_case, v3_case) in [
        ("typical", cases::v1_typical(), cases::v3_typical()),
        ("long", cases::v1_long(), cases::v3_long()),
    ] {
        let params = v1_case.pairs();
        let query: Vec<(&str, &str)> = v3_case
            .query
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let headers: Vec<(&str, &str)> = v3_case
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let v3_input = v3::V3Input {
            method: v3_case.method,
            canonical_uri: v3_case.canonical_uri,
            query: &query,
            headers: &headers,
            hashed_payload: v3_case.hashed_payload,
        };
        let v1_string_to_sign = v1::sign("POST", &params, SECRET).string_to_sign;
        let v3_string_to_sign = v3::sign(&v3_input, ACCESS_KEY_ID, SECRET).string_to_sign;
        let business = v1_case.business_pairs();
        let call = v1_case.call(&business);
        let signing_key = v1::SigningKey::new(SECRET);
        let prepared = Hmac::<Sha1>::new_from_slice(v1_key.as_bytes()).ok();

        let mut group = c.benchmark_group("sign_v1");
        group.throughput(Throughput::Bytes(v1_string_to_sign.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| v1::sign_call(black_box(&call), black_box(&signing_key)))
        });
        group.finish();

        let mut group = c.benchmark_group("sign_v1_general");
        group.bench_function(name, |b| {
            b.iter(|| v1::sign(black_box("POST"), black_box(&params), black_box(SECRET)))
        });
        group.finish();

        let mut group = c.benchmark_group("sign_v3");
        group.bench_function(name, |b| {
            b.iter(|| {
                v3::sign(
                    black_box(&v3_input),
                    black_box(ACCESS_KEY_ID),
                    black_box(SECRET),
                )
            })
        });
        group.finish();

        let mut group = c.benchmark_group("hmac_floor");
        group.bench_function(format!("v1_{name}"), |b| {
            b.iter(|| {
                hmac_sha1(
                    black_box(v1_key.as_bytes()),
                    black_box(v1_string_to_sign.as_bytes()),
                )
            })
        });
        group.bench_function(format!("v1_{name}_prepared_key"), |b| {
            b.iter(|| {
                prepared.clone().map(|mut mac| {
                    mac.update(black_box(v1_string_to_sign.as_bytes()));
                    mac.finalize().into_bytes()
                })
            })
        });
        group.bench_function(format!("v3_{name}"), |b| {
            b.iter(|| {
                hmac_sha256(
                    black_box(SECRET.as_bytes()),
                    black_box(v3_string_to_sign.as_bytes()),
                )
            })
        });
        group.finish();
    }
}

/// One attempt's signed request, built as the runtime builds it for V1 (`runtime/signer.rs`): a fresh nonce, the
/// clock, the call signed with the credentials' prepared key, the URL with `&Signature=` appended, the
/// `reqwest::Request`.
fn build_and_sign_v1(
    base: &str,
    business: &[(&str, &str)],
    key: &v1::SigningKey,
) -> Option<reqwest::Request> {
    let nonce = new_nonce();
    let timestamp = format_iso8601(SystemTime::now());
    let call = v1::Call {
        method: "POST",
        action: "DescribeDeploymentJob",
        version: "2020-04-07",
        access_key_id: ACCESS_KEY_ID,
        security_token: None,
        timestamp: &timestamp,
        nonce: &nonce,
        params: business,
    };
    let stages = v1::sign_call(&call, key);
    let mut url = String::with_capacity(base.len() + stages.canonical_query.len() + 48);
    url.push_str(base);
    url.push('?');
    url.push_str(&stages.canonical_query);
    url.push_str("&Signature=");
    url.push_str(&percent_encoded(&stages.signature));
    let url = reqwest::Url::parse(&url).ok()?;
    Some(reqwest::Request::new(reqwest::Method::POST, url))
}

fn request_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("request_build_and_sign");
    // The part of building a request that asks the operating system: one fresh nonce per attempt.
    group.bench_function("nonce", |b| b.iter(new_nonce));
    let key = v1::SigningKey::new(SECRET);
    group.bench_function("v1_typical", |b| {
        b.iter(|| {
            build_and_sign_v1(
                black_box("https://cas.aliyuncs.com/"),
                black_box(&[("JobId", "8888")]),
                &key,
            )
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = signing, request_build
}
criterion_main!(benches);

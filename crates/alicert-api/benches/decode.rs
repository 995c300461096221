//! Criterion micro-benchmarks of decoding what the service sends back: a 100-worker ListWorkerResource page into the
//! generated types (the paging hot path), a DescribeDeploymentJob answer (what every end-to-end call in
//! `cargo xtask bench` decodes), and an error body, both as the generated `ErrorResponse` and as our
//! [`alicert_api::Error`] (what every failed call builds).
//!
//! The bodies are real: fetched once, before measuring, from an emulator spawned in this process (a V1-signed
//! request for the page, a request signed with the wrong secret for the error). They exist to catch regressions
//! between commits (`cargo bench -p alicert-api -- --save-baseline main`, then `--baseline main`; see
//! `docs/benchmarks.md`).

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use alicert_api::cas::types::{
    DescribeDeploymentJobResponse, ErrorResponse, ListWorkerResourceResponse,
};
use alicert_core::encode::percent_encoded;
use alicert_core::sign::{new_nonce, v1};
use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use reqwest::header::HeaderMap;

/// A V1-signed URL for cas `action` with `params`, signed with `secret`.
fn signed_url(endpoint: &str, action: &str, params: &[(&str, &str)], secret: &str) -> String {
    let nonce = new_nonce();
    let common = v1::common_params(
        action,
        "2020-04-07",
        DEFAULT_ACCESS_KEY_ID,
        None,
        SystemTime::now(),
        &nonce,
    );
    let mut all: Vec<(&str, &str)> = common
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    all.extend_from_slice(params);
    let stages = v1::sign("POST", &all, secret);
    format!(
        "{endpoint}/?{}&Signature={}",
        stages.canonical_query,
        percent_encoded(&stages.signature)
    )
}

/// What the benches decode.
struct Bodies {
    /// A 100-worker ListWorkerResource page.
    page: Vec<u8>,
    /// The answer to DescribeDeploymentJob(8888).
    job: Vec<u8>,
    /// The HTTP status of the error answer.
    status: u16,
    /// Its headers.
    headers: HeaderMap,
    /// Its body.
    error: Vec<u8>,
}

/// The bodies, fetched from a fresh emulator.
fn fetch_bodies() -> Result<Bodies, Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let emulator = Emulator::spawn(EmulatorConfig::new().with_workers(1000)).await?;
        let http = reqwest::Client::new();
        let page_url = signed_url(
            &emulator.url(),
            "ListWorkerResource",
            &[("JobId", "8888"), ("ShowSize", "100"), ("CurrentPage", "2")],
            DEFAULT_ACCESS_KEY_SECRET,
        );
        let page = http.post(page_url).send().await?.bytes().await?.to_vec();
        let job_url = signed_url(
            &emulator.url(),
            "DescribeDeploymentJob",
            &[("JobId", "8888")],
            DEFAULT_ACCESS_KEY_SECRET,
        );
        let job = http.post(job_url).send().await?.bytes().await?.to_vec();
        let error_url = signed_url(
            &emulator.url(),
            "DescribeDeploymentJob",
            &[("JobId", "8888")],
            "not-the-secret",
        );
        let response = http.post(error_url).send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let error = response.bytes().await?.to_vec();
        emulator.shutdown().await?;
        Ok(Bodies {
            page,
            job,
            status,
            headers,
            error,
        })
    })
}

fn decoding(c: &mut Criterion) {
    let Bodies {
        page,
        job,
        status,
        headers,
        error,
    } = match fetch_bodies() {
        Ok(bodies) => bodies,
        Err(error) => {
            eprintln!(
                "decode bench: could not fetch the bodies from an in-process emulator: {error}"
            );
            return;
        }
    };
    match serde_json::from_slice::<ListWorkerResourceResponse>(&page) {
        Ok(decoded) if decoded.data.len() == 100 => {}
        other => {
            eprintln!("decode bench: the page did not decode into 100 workers: {other:?}");
            return;
        }
    }

    match serde_json::from_slice::<DescribeDeploymentJobResponse>(&job) {
        Ok(decoded) if decoded.id == Some(8888) => {}
        other => {
            eprintln!("decode bench: the job answer did not decode into job 8888: {other:?}");
            return;
        }
    }

    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("list_worker_resource_100", |b| {
        b.iter(|| serde_json::from_slice::<ListWorkerResourceResponse>(black_box(&page)))
    });
    group.throughput(Throughput::Bytes(job.len() as u64));
    group.bench_function("describe_deployment_job", |b| {
        b.iter(|| serde_json::from_slice::<DescribeDeploymentJobResponse>(black_box(&job)))
    });
    group.throughput(Throughput::Bytes(error.len() as u64));
    group.bench_function("error_response", |b| {
        b.iter(|| serde_json::from_slice::<ErrorResponse>(black_box(&error)))
    });
    group.bench_function("error_into_alicert_error", |b| {
        b.iter(|| {
            alicert_api::Error::service(black_box(status), black_box(&headers), black_box(&error))
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = decoding
}
criterion_main!(benches);

//! Retries against the emulator's faults, counted at the emulator's request log: each retryable fault recovers
//! within the attempt budget and fails after exactly that many requests when it outlasts it; each non-retryable
//! failure costs exactly one request; `x-acs-retry-after` sets the delay; a clock the service disagrees with is
//! learned once from its `Date` header; a refused nonce gets exactly one re-sign; and no nonce is ever sent twice,
//! across attempts or across concurrent calls.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use alicert_api::cas::types::WorkerStatus;
use alicert_api::{Credentials, Error, ErrorCategory, RetryPolicy, Runtime, SignatureVersion, cas};
use alicert_emulator::{
    ClockSkew, DEFAULT_ACCESS_KEY_ID, EmulatorConfig, FaultSpec, RunningEmulator,
};

use crate::harness::{
    VERSIONS, cas_client, config, config_with, default_credentials, describe, emulator,
    quick_retry, requests_for,
};

fn fault(spec: &str) -> FaultSpec {
    spec.parse().expect("a valid fault")
}

const RETRYABLE: [&str; 6] = [
    "throttle",
    "throttle:retry-after=5ms",
    "http500",
    "http503",
    "gateway502",
    "drop",
];

#[tokio::test]
async fn retryable_faults_recover_within_the_attempt_budget() {
    let emulator = emulator(EmulatorConfig::new()).await;
    for version in VERSIONS {
        let cas = cas_client(&config(&emulator.url(), version));
        for kind in RETRYABLE {
            emulator.requests().clear();
            emulator.faults().set(fault(&format!("{kind}@first=2")));
            describe(&cas)
                .await
                .unwrap_or_else(|error| panic!("{kind} ({version}) did not recover: {error}"));
            let records = requests_for(&emulator, "DescribeDeploymentJob");
            assert_eq!(records.len(), 3, "{kind} ({version}): {records:#?}");
            assert!(records[..2].iter().all(|record| !record.faults.is_empty()));
            assert!(records[2].is_success() && records[2].faults.is_empty());
            let nonces: HashSet<_> = records.iter().map(|record| record.nonce.clone()).collect();
            assert_eq!(
                nonces.len(),
                3,
                "every attempt is signed with a fresh nonce"
            );
        }
    }
}

#[tokio::test]
async fn retryable_faults_fail_after_exactly_the_attempt_budget() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V1));
    for kind in RETRYABLE {
        emulator.requests().clear();
        emulator.faults().set(fault(&format!("{kind}@first=3")));
        let error = describe(&cas)
            .await
            .expect_err("three faults outlast three attempts");
        assert_eq!(
            requests_for(&emulator, "DescribeDeploymentJob").len(),
            3,
            "{kind}: {error}"
        );
        assert!(error.is_retryable(), "{kind}: {error}");
        match kind {
            "drop" => assert_eq!(error.category(), ErrorCategory::Transport, "{error}"),
            "gateway502" => {
                assert_eq!((error.status(), error.code()), (Some(502), None), "{error}");
                assert!(error.body_excerpt().unwrap().contains("502 Bad Gateway"));
            }
            "http500" => assert_eq!(error.code(), Some("InternalError")),
            "http503" => assert_eq!(error.code(), Some("ServiceUnavailable")),
            _ => assert!(error.is_throttling(), "{kind}: {error}"),
        }
    }

    // With retries off, one request.
    let once = cas_client(
        &alicert_api::Config::builder()
            .endpoint(emulator.url())
            .credentials(default_credentials())
            .retry(RetryPolicy::disabled())
            .build()
            .unwrap(),
    );
    emulator.requests().clear();
    emulator.faults().set(fault("http503@first=1"));
    describe(&once).await.expect_err("no retry");
    assert_eq!(emulator.requests().len(), 1);
}

#[tokio::test]
async fn non_retryable_failures_cost_exactly_one_request() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let url = emulator.url();
    let wrong_secret = cas_client(&config_with(
        &url,
        SignatureVersion::V1,
        Credentials::new(DEFAULT_ACCESS_KEY_ID, "not-the-secret"),
    ));
    let wrong_secret_v3 = cas_client(&config_with(
        &url,
        SignatureVersion::V3,
        Credentials::new(DEFAULT_ACCESS_KEY_ID, "not-the-secret"),
    ));
    let unknown_key = cas_client(&config_with(
        &url,
        SignatureVersion::V1,
        Credentials::new("LTAI-nobody", "whatever"),
    ));
    let good = cas_client(&config(&url, SignatureVersion::V1));

    let cases: Vec<(&str, Result<(), Error>, u16, &str)> = vec![
        (
            "wrong secret, V1",
            describe(&wrong_secret).await,
            400,
            "SignatureDoesNotMatch",
        ),
        (
            "wrong secret, V3",
            describe(&wrong_secret_v3).await,
            400,
            "SignatureDoesNotMatch",
        ),
        (
            "unknown AccessKey",
            describe(&unknown_key).await,
            404,
            "InvalidAccessKeyId.NotFound",
        ),
        (
            "unknown job",
            good.describe_deployment_job()
                .job_id(1)
                .send()
                .await
                .map(|_| ()),
            404,
            "NotFound.DeploymentJob",
        ),
        (
            "invalid filter",
            good.list_worker_resource()
                .job_id(8888)
                .status(WorkerStatus::from("not-a-status"))
                .send()
                .await
                .map(|_| ()),
            400,
            "InvalidParameter",
        ),
    ];
    let records = emulator.requests().snapshot();
    assert_eq!(
        records.len(),
        cases.len(),
        "one request per failure: {records:#?}"
    );
    for ((what, result, status, code), record) in cases.into_iter().zip(records) {
        let error = result.expect_err(what);
        assert_eq!(error.status(), Some(status), "{what}: {error}");
        assert!(
            error.code().is_some_and(|actual| actual.starts_with(code)),
            "{what}: {error}"
        );
        assert!(!error.is_retryable(), "{what}: {error}");
        assert_eq!(record.status, status, "{what}");
        assert_eq!(
            error.request_id(),
            Some(record.request_id.as_str()),
            "{what}"
        );
        assert!(
            error.to_string().starts_with("cas "),
            "the error names the product and action: {error}"
        );
    }

    // A request that cannot be built is never sent.
    let error = good
        .describe_deployment_job()
        .send()
        .await
        .expect_err("job_id is required");
    assert_eq!(error.category(), ErrorCategory::InvalidRequest, "{error}");
    assert_eq!(emulator.requests().len(), 5);
}

#[tokio::test]
async fn retry_after_sets_the_delay() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let policy = RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_secs(2));
    let build = |policy: RetryPolicy| {
        cas_client(
            &alicert_api::Config::builder()
                .endpoint(emulator.url())
                .credentials(default_credentials())
                .retry(policy)
                .build()
                .unwrap(),
        )
    };

    emulator
        .faults()
        .set(fault("throttle:retry-after=300ms@first=1"));
    let started = Instant::now();
    describe(&build(policy.clone())).await.expect("recovers");
    let honoured = started.elapsed();
    assert!(
        honoured >= Duration::from_millis(300),
        "waited only {honoured:?}"
    );
    assert!(
        honoured < Duration::from_millis(1500),
        "waited {honoured:?}"
    );

    emulator
        .faults()
        .set(fault("throttle:retry-after=300ms@first=1"));
    let started = Instant::now();
    describe(&build(policy.with_retry_after(false)))
        .await
        .expect("recovers");
    let ignored = started.elapsed();
    assert!(
        ignored < Duration::from_millis(250),
        "with retry-after off the 1 ms backoff applies, yet it waited {ignored:?}"
    );
}

async fn skew_is_learned_once(emulator: &RunningEmulator, version: SignatureVersion, skew_ms: i64) {
    let config = config(&emulator.url(), version);
    let cas = cas_client(&config);
    emulator.requests().clear();
    describe(&cas).await.expect("the skew is corrected");
    let records = emulator.requests().snapshot();
    assert_eq!(records.len(), 2, "{records:#?}");
    assert_eq!(records[0].code.as_deref(), Some("InvalidTimeStamp.Expired"));
    assert!(records[1].is_success());
    let learned = config.runtime().clock_offset();
    assert!(
        (learned - skew_ms).abs() < 3_000,
        "learned {learned} ms for a skew of {skew_ms} ms"
    );

    describe(&cas).await.expect("later calls are on time");
    assert_eq!(
        emulator.requests().len(),
        3,
        "a later call needs no correction"
    );
}

#[tokio::test]
async fn clock_skew_is_learned_from_the_date_header() {
    let ahead = emulator(
        EmulatorConfig::new().with_clock_skew(ClockSkew::ahead(Duration::from_secs(20 * 60))),
    )
    .await;
    let behind = emulator(
        EmulatorConfig::new().with_clock_skew(ClockSkew::behind(Duration::from_secs(40 * 60))),
    )
    .await;
    for version in VERSIONS {
        skew_is_learned_once(&ahead, version, 20 * 60 * 1000).await;
        skew_is_learned_once(&behind, version, -40 * 60 * 1000).await;
    }

    // The fault form of the same thing, on a default emulator; and with correction off, one failed request.
    let faulty = emulator(EmulatorConfig::new()).await;
    faulty.faults().set(fault("skew=+30m"));
    skew_is_learned_once(&faulty, SignatureVersion::V1, 30 * 60 * 1000).await;
    let strict = cas_client(
        &alicert_api::Config::builder()
            .endpoint(faulty.url())
            .credentials(default_credentials())
            .retry(quick_retry().with_clock_skew_correction(false))
            .build()
            .unwrap(),
    );
    faulty.requests().clear();
    let error = describe(&strict).await.expect_err("no correction");
    assert!(error.is_clock_skew(), "{error}");
    assert_eq!(faulty.requests().len(), 1);
}

/// A runtime whose nonces come from `source`, and a cas client on it.
fn client_with_nonces(
    url: &str,
    source: impl Fn() -> String + Send + Sync + 'static,
) -> cas::Client {
    let runtime = Runtime::builder(default_credentials())
        .retry(quick_retry())
        .nonce_source(source)
        .build();
    let http = runtime.http_client().expect("an HTTP client");
    cas::Client::new_with_client(url, http, runtime)
}

#[tokio::test]
async fn a_refused_nonce_gets_exactly_one_re_sign() {
    let emulator = emulator(EmulatorConfig::new()).await;
    // The first two draws repeat a nonce; every later one is fresh.
    let draws = Arc::new(AtomicUsize::new(0));
    let counter = draws.clone();
    let cas = client_with_nonces(&emulator.url(), move || {
        match counter.fetch_add(1, Ordering::SeqCst) {
            0 | 1 => "repeated-nonce-0001".to_owned(),
            n => format!("fresh-nonce-{n:04}"),
        }
    });
    describe(&cas)
        .await
        .expect("the first use of the nonce is fine");
    describe(&cas).await.expect("the repeat is re-signed once");
    let codes: Vec<_> = emulator
        .requests()
        .snapshot()
        .into_iter()
        .map(|record| (record.nonce.unwrap(), record.code))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("repeated-nonce-0001".to_owned(), None),
            (
                "repeated-nonce-0001".to_owned(),
                Some("SignatureNonceUsed".to_owned())
            ),
            ("fresh-nonce-0002".to_owned(), None),
        ]
    );

    // A source stuck on one nonce gets one re-sign, not a loop.
    let stuck = client_with_nonces(&emulator.url(), || "stuck-nonce".to_owned());
    describe(&stuck).await.expect("first use");
    emulator.requests().clear();
    let error = describe(&stuck)
        .await
        .expect_err("the re-sign repeats it too");
    assert!(error.is_nonce_reused(), "{error}");
    assert_eq!(emulator.requests().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_nonce_is_ever_sent_twice() {
    let emulator = emulator(EmulatorConfig::new()).await;
    // Every other request fails, so most calls retry at least once.
    emulator.faults().set(fault("http503@fraction=0.5"));
    let clients: Vec<Arc<cas::Client>> = VERSIONS
        .iter()
        .map(|version| Arc::new(cas_client(&config(&emulator.url(), *version))))
        .collect();
    let calls = (0..64).map(|index| {
        let cas = clients[index % 2].clone();
        tokio::spawn(async move { describe(&cas).await })
    });
    let results = futures::future::join_all(calls).await;
    let succeeded = results
        .into_iter()
        .filter(|result| result.as_ref().expect("no task panicked").is_ok())
        .count();
    let records = emulator.requests().snapshot();
    assert!(
        records.len() > 64,
        "retries happened: {} requests",
        records.len()
    );
    assert!(succeeded > 32, "only {succeeded} of 64 calls succeeded");
    let nonces: HashSet<String> = records
        .iter()
        .map(|record| record.nonce.clone().expect("every request has a nonce"))
        .collect();
    assert_eq!(nonces.len(), records.len(), "a nonce was sent twice");
    assert!(
        records
            .iter()
            .all(|record| record.code.as_deref() != Some("SignatureNonceUsed"))
    );
}

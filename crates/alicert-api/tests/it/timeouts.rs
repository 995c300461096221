//! Timeouts against real slowness: a slow answer is cut at the per-attempt timeout and retried; an answer slower
//! than the whole operation's budget ends in a timeout error at the deadline, not later; a port nobody listens on
//! gives a transport error after the attempt budget; none of it panics.

use std::time::{Duration, Instant};

use alicert_api::{Config, Error, ErrorCategory, SignatureVersion};
use alicert_emulator::EmulatorConfig;

use crate::harness::{
    cas_client, closed_port, default_credentials, emulator, quick_retry, requests_for, timeouts,
};

fn config_with_timeouts(url: &str, attempt_ms: u64, operation_ms: u64) -> Config {
    Config::builder()
        .endpoint(url)
        .credentials(default_credentials())
        .retry(quick_retry())
        .timeouts(timeouts(attempt_ms, operation_ms))
        .build()
        .unwrap()
}

async fn describe(config: &Config) -> Result<(), Error> {
    crate::harness::describe(&cas_client(config)).await
}

#[tokio::test]
async fn a_slow_attempt_is_cut_and_retried() {
    let emulator = emulator(EmulatorConfig::new()).await;
    emulator.faults().set("slow=2s@first=1".parse().unwrap());
    let started = Instant::now();
    describe(&config_with_timeouts(&emulator.url(), 200, 5_000))
        .await
        .expect("the second attempt is fast");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(200) && elapsed < Duration::from_millis(1500),
        "{elapsed:?}"
    );
    // The slow request is still being answered (the emulator logs it when it ends); the fast one is in the log.
    let records = requests_for(&emulator, "DescribeDeploymentJob");
    assert_eq!(records.len(), 1, "{records:#?}");
    assert!(records[0].is_success());
    assert_eq!(
        emulator.faults().snapshot()[0].seen,
        2,
        "two attempts reached the emulator"
    );
}

#[tokio::test]
async fn the_operation_deadline_ends_the_call() {
    let emulator = emulator(EmulatorConfig::new()).await;
    emulator.faults().set("slow=3s".parse().unwrap());
    let started = Instant::now();
    let error = describe(&config_with_timeouts(&emulator.url(), 150, 400))
        .await
        .expect_err("every attempt is slower than the budget");
    let elapsed = started.elapsed();
    assert_eq!(error.category(), ErrorCategory::Timeout, "{error}");
    assert!(
        elapsed >= Duration::from_millis(400) && elapsed < Duration::from_millis(1200),
        "the deadline is 400 ms, the call took {elapsed:?}"
    );
    assert!(
        error.to_string().contains("timed out after 400ms"),
        "{error}"
    );
    assert_eq!(error.action(), Some("DescribeDeploymentJob"), "{error}");
    assert!(
        emulator.faults().snapshot()[0].seen >= 2,
        "attempts were retried within the budget"
    );

    // An attempt timeout longer than the budget: the budget still wins.
    let started = Instant::now();
    let error = describe(&config_with_timeouts(&emulator.url(), 10_000, 300))
        .await
        .expect_err("slower than the budget");
    assert_eq!(error.category(), ErrorCategory::Timeout, "{error}");
    assert!(started.elapsed() < Duration::from_millis(1000));
}

#[tokio::test]
async fn every_attempt_timing_out_is_a_timeout_of_an_attempt() {
    let emulator = emulator(EmulatorConfig::new()).await;
    emulator.faults().set("slow=3s".parse().unwrap());
    let started = Instant::now();
    let error = describe(&config_with_timeouts(&emulator.url(), 100, 10_000))
        .await
        .expect_err("every attempt times out");
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert_eq!(error.category(), ErrorCategory::Timeout, "{error}");
    assert!(
        error
            .to_string()
            .contains("an attempt timed out after 100ms"),
        "{error}"
    );
    assert_eq!(error.action(), Some("DescribeDeploymentJob"), "{error}");
    assert!(error.is_retryable());
    assert_eq!(emulator.faults().snapshot()[0].seen, 3, "three attempts");
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let started = Instant::now();
    let error = describe(&config_with_timeouts(&url, 1_000, 5_000))
        .await
        .expect_err("nothing listens");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(error.category(), ErrorCategory::Transport, "{error}");
    assert!(error.is_retryable());
    assert!(error.to_string().contains("could not connect"), "{error}");
    let _ = SignatureVersion::V1;
}

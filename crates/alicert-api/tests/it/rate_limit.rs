//! The client-side rate limit against the emulator: a limited action is spaced to its rate after its burst, timed
//! from the client; another action on the same client is not slowed; a wait longer than the operation's budget is a
//! timeout, and the request is never sent.

use std::time::{Duration, Instant};

use alicert_api::rate_limit::{Quota, RateLimit};
use alicert_api::{Config, ErrorCategory, cas};
use alicert_emulator::EmulatorConfig;

use crate::harness::{default_credentials, describe, emulator, quick_retry, timeouts};

#[tokio::test]
async fn a_limited_action_is_spaced_and_others_are_not() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let config = Config::builder()
        .endpoint(emulator.url())
        .credentials(default_credentials())
        .retry(quick_retry())
        .rate_limit(RateLimit::new().action("DescribeDeploymentJob", Quota::per_second(20.0, 2)))
        .build()
        .unwrap();
    let cas = cas::Client::from_config(&config).unwrap();

    let started = Instant::now();
    for _ in 0..12 {
        describe(&cas).await.unwrap();
    }
    let limited = started.elapsed();
    // Two at once, then ten more at 20 per second: at least 500 ms.
    assert!(limited >= Duration::from_millis(480), "{limited:?}");
    assert!(limited < Duration::from_millis(1500), "{limited:?}");

    let started = Instant::now();
    for _ in 0..12 {
        cas.list_deployment_job_cert()
            .job_id(8888)
            .send()
            .await
            .unwrap();
    }
    let unlimited = started.elapsed();
    assert!(unlimited < Duration::from_millis(400), "{unlimited:?}");
    assert_eq!(emulator.requests().len(), 24);
    assert!(
        emulator
            .requests()
            .snapshot()
            .iter()
            .all(|record| record.is_success())
    );
}

#[tokio::test]
async fn a_wait_past_the_deadline_is_a_timeout() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let config = Config::builder()
        .endpoint(emulator.url())
        .credentials(default_credentials())
        .timeouts(timeouts(1_000, 200))
        .rate_limit(RateLimit::new().default_quota(Quota::per_second(1.0, 1)))
        .build()
        .unwrap();
    let cas = cas::Client::from_config(&config).unwrap();
    describe(&cas).await.expect("the burst allows one");
    let started = Instant::now();
    let error = describe(&cas)
        .await
        .expect_err("the next token is a second away");
    assert_eq!(error.category(), ErrorCategory::Timeout, "{error}");
    assert!(started.elapsed() < Duration::from_millis(100));
    assert_eq!(emulator.requests().len(), 1, "the request was never sent");
}

//! The emulator in a user's own test, exactly as the README's "The emulator in your own tests" section shows it:
//! the code between the `README` markers is that section's example, verbatim, and
//! `the_readme_shows_this_test` fails when the two part, so the README's test is one that compiles and passes.

// README: begin
use std::time::Duration;

use alicert_api::{Config, Credentials, RetryPolicy, cas};
use alicert_emulator::{Emulator, EmulatorConfig, FaultSpec};

#[tokio::test]
async fn throttling_is_retried_and_an_outage_is_reported() {
    // An emulator on a free loopback port that accepts this key pair and this STS key
    // (which must come with its security token), and throttles the first request it gets.
    let emulator = Emulator::spawn(
        EmulatorConfig::new()
            .with_only_access_key("test-id", "test-secret")
            .with_sts_key("STS.test-id", "sts-secret", "sts-token", None)
            .with_fault("throttle@first=1".parse().unwrap()),
    )
    .await
    .unwrap();

    // Retries as in production, with short delays so the test takes milliseconds.
    let quick_retries = RetryPolicy::default().with_initial_backoff(Duration::from_millis(10));
    let config = Config::builder()
        .endpoint(emulator.url())
        .credentials(Credentials::new("test-id", "test-secret"))
        .retry(quick_retries.clone())
        .build()
        .unwrap();
    let cas = cas::Client::from_config(&config).unwrap();

    // Job 8888 is the API reference page's own sample.
    let job = cas
        .describe_deployment_job()
        .job_id(8888)
        .send()
        .await
        .unwrap();
    assert_eq!(job.id, Some(8888));

    // The request log: the throttled attempt, then the retry, signed again with a fresh nonce.
    let attempts = emulator.requests().for_action("DescribeDeploymentJob");
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].code.as_deref(), Some("Throttling.User"));
    assert_eq!(attempts[0].faults, ["throttle"]);
    assert!(attempts[1].is_success());
    assert_ne!(attempts[0].nonce, attempts[1].nonce);

    // Faults can change while the emulator runs: three 503s outlast the three attempts.
    emulator.requests().clear();
    emulator
        .faults()
        .set("http503@first=3".parse::<FaultSpec>().unwrap());
    let sts = Config::builder()
        .endpoint(emulator.url())
        .credentials(Credentials::new("STS.test-id", "sts-secret").with_security_token("sts-token"))
        .retry(quick_retries)
        .build()
        .unwrap();
    let cas = cas::Client::from_config(&sts).unwrap();
    let error = cas
        .describe_deployment_job()
        .job_id(8888)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert!(error.is_retryable());
    let attempts = emulator.requests().snapshot();
    assert_eq!(attempts.len(), 3);
    assert!(
        attempts
            .iter()
            .all(|attempt| attempt.access_key_id.as_deref() == Some("STS.test-id"))
    );

    emulator.shutdown().await.unwrap();
}
// README: end

#[test]
fn the_readme_shows_this_test() {
    const BEGIN: &str = "// README: begin\n";
    const END: &str = "// README: end\n";
    let source = include_str!("user_test.rs");
    let begin = source.find(BEGIN).expect("the begin marker") + BEGIN.len();
    let end = source.find(END).expect("the end marker");
    let shown = format!("```rust\n{}```\n", &source[begin..end]);
    let readme = include_str!("../../../../README.md");
    assert!(
        readme.contains(&shown),
        "README.md's \"The emulator in your own tests\" must show, verbatim:\n{shown}"
    );
}

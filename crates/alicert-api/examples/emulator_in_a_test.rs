//! The emulator in your own tests: start it in-process on a free loopback port, give it the keys your code signs
//! with (long-term and STS), inject faults, move its clock, and read its request log to see what your code sent.
//! alicert-emulator verifies signatures as Alibaba Cloud does, so a test against it exercises the real client path:
//! signing, retries, decoding, errors.
//!
//! In your crate, add to `Cargo.toml`:
//!
//! ```toml
//! [dev-dependencies]
//! alicert-emulator = "0.1"
//! tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
//! ```
//!
//! and write `#[tokio::test]`s like the ones in `mod tests` below. They run with `cargo test`; this file also has a
//! `main` that runs the same checks, so it can be run as an example:
//!
//! ```text
//! cargo run -p alicert-api --example emulator_in_a_test
//! cargo test -p alicert-api --example emulator_in_a_test
//! ```
//!
//! Nothing here calls Alibaba Cloud: these checks are about what the emulator can make happen. The other examples
//! (`first_call`, `paging`, `waiter`, `custom_client`) take a job ID to call Alibaba Cloud instead.

use std::error::Error;
use std::time::{Duration, SystemTime};

use alicert_api::{Config, Credentials, RetryPolicy, cas};
use alicert_emulator::{Clock as _, Emulator, EmulatorConfig, ManualClock, RunningEmulator};

type Outcome = Result<(), Box<dyn Error>>;

/// An emulator with one long-term key pair and one STS key (which must come with its token) that expires
/// ten minutes after `clock`'s start, by `clock`.
async fn emulator(clock: &ManualClock) -> std::io::Result<RunningEmulator> {
    let expires = clock.now() + Duration::from_secs(600);
    Emulator::spawn(
        EmulatorConfig::new()
            // Only this pair: the default demo pair is refused from now on.
            .with_only_access_key("test-id", "test-secret")
            .with_sts_key("STS.test-id", "sts-secret", "sts-token", Some(expires))
            .with_clock(clock.clone())
            // The same seed gives the same dataset and the same RequestIds, run after run.
            .with_seed(7),
    )
    .await
}

/// A `cas` client for the emulator, signing with `credentials`; retries as in production but with short delays, so
/// tests take milliseconds.
fn client(
    emulator: &RunningEmulator,
    credentials: Credentials,
) -> Result<cas::Client, Box<dyn Error>> {
    let config = Config::builder()
        .endpoint(emulator.url())
        .credentials(credentials)
        .retry(RetryPolicy::default().with_initial_backoff(Duration::from_millis(10)))
        .build()?;
    Ok(cas::Client::from_config(&config)?)
}

fn sts_credentials() -> Credentials {
    Credentials::new("STS.test-id", "sts-secret").with_security_token("sts-token")
}

/// A throttled call is retried, re-signed with a fresh nonce, after the delay the service asks for.
async fn throttling_is_retried() -> Outcome {
    let clock = ManualClock::new(SystemTime::now());
    let emulator = emulator(&clock).await?;
    emulator
        .faults()
        .set("throttle:retry-after=50ms@first=2".parse()?);
    let cas = client(&emulator, Credentials::new("test-id", "test-secret"))?;

    let job = cas.describe_deployment_job().job_id(8888).send().await?;
    assert_eq!(job.id, Some(8888));

    let attempts = emulator.requests().for_action("DescribeDeploymentJob");
    let codes: Vec<_> = attempts
        .iter()
        .map(|attempt| attempt.code.as_deref())
        .collect();
    assert_eq!(
        codes,
        [Some("Throttling.User"), Some("Throttling.User"), None]
    );
    assert_ne!(attempts[0].nonce, attempts[1].nonce);
    assert_ne!(attempts[1].nonce, attempts[2].nonce);
    // The fault set reports what struck: two hits of three requests seen.
    let faults = emulator.faults().snapshot();
    assert_eq!((faults[0].seen, faults[0].hit), (3, 2));
    emulator.shutdown().await?;
    Ok(())
}

/// A wrong secret is refused as Alibaba Cloud refuses it, and is not retried: retrying cannot fix it.
async fn a_wrong_secret_is_refused_once() -> Outcome {
    let clock = ManualClock::new(SystemTime::now());
    let emulator = emulator(&clock).await?;
    let cas = client(&emulator, Credentials::new("test-id", "not-the-secret"))?;

    let error = cas
        .describe_deployment_job()
        .job_id(8888)
        .send()
        .await
        .expect_err("a wrong secret is refused");
    assert_eq!(error.code(), Some("SignatureDoesNotMatch"));
    assert!(!error.is_retryable());
    // The error names the call and never shows the secret.
    assert!(
        error.to_string().contains("DescribeDeploymentJob"),
        "{error}"
    );
    assert!(!error.to_string().contains("not-the-secret"), "{error}");
    assert_eq!(emulator.requests().len(), 1);
    emulator.shutdown().await?;
    Ok(())
}

/// An STS key works with its token, is refused without it, and expires by the emulator's clock, which the test moves.
async fn an_sts_key_expires_by_the_emulators_clock() -> Outcome {
    let clock = ManualClock::new(SystemTime::now());
    let emulator = emulator(&clock).await?;

    let cas = client(&emulator, sts_credentials())?;
    cas.describe_deployment_job_status()
        .job_id(8888)
        .send()
        .await?;

    let tokenless = client(&emulator, Credentials::new("STS.test-id", "sts-secret"))?;
    let error = tokenless
        .describe_deployment_job_status()
        .job_id(8888)
        .send()
        .await
        .expect_err("an STS key needs its token");
    assert_eq!(error.code(), Some("MissingSecurityToken"));

    // Eleven minutes later by the emulator's clock (still inside its 15-minute Timestamp window), the key has expired.
    clock.advance(Duration::from_secs(660));
    let error = cas
        .describe_deployment_job_status()
        .job_id(8888)
        .send()
        .await
        .expect_err("the STS key has expired");
    assert_eq!(error.code(), Some("InvalidSecurityToken.Expired"));

    let log = emulator.requests().snapshot();
    let seen: Vec<_> = log
        .iter()
        .map(|request| (request.access_key_id.as_deref(), request.code.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (Some("STS.test-id"), None),
            (Some("STS.test-id"), Some("MissingSecurityToken")),
            (Some("STS.test-id"), Some("InvalidSecurityToken.Expired")),
        ]
    );
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Outcome {
    throttling_is_retried().await?;
    println!("ok: throttling is retried");
    a_wrong_secret_is_refused_once().await?;
    println!("ok: a wrong secret is refused once");
    an_sts_key_expires_by_the_emulators_clock().await?;
    println!("ok: an STS key expires by the emulator's clock");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Outcome;

    #[tokio::test]
    async fn throttling_is_retried() -> Outcome {
        super::throttling_is_retried().await
    }

    #[tokio::test]
    async fn a_wrong_secret_is_refused_once() -> Outcome {
        super::a_wrong_secret_is_refused_once().await
    }

    #[tokio::test]
    async fn an_sts_key_expires_by_the_emulators_clock() -> Outcome {
        super::an_sts_key_expires_by_the_emulators_clock().await
    }
}

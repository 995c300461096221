//! The deployment-job waiter against the emulator: it follows job 9001 (moved by a manual clock the progress
//! callback advances, so no real waiting) to its end with rising counts; it reports success, failure and roll-back
//! distinctly; it times out cleanly at its deadline on a job that never ends, and on one whose status it does not
//! know (the emulator's newer-service fault); an unknown job fails at the first poll, and a draft (`editing`) ends the
//! wait at once.

use std::time::{Duration, Instant, SystemTime};

use alicert_api::cas::types::DeploymentJobStatus;
use alicert_api::waiter::{JobOutcome, JobState, WaitOptions};
use alicert_api::{ErrorCategory, SignatureVersion};
use alicert_emulator::{EmulatorConfig, ManualClock, Pace};
use futures::TryStreamExt as _;

use crate::harness::{cas_client, config, emulator};

fn quick(timeout_ms: u64) -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_millis(5))
        .max_interval(Duration::from_millis(20))
        .backoff(2.0)
        .timeout(Duration::from_millis(timeout_ms))
}

#[tokio::test]
async fn follows_a_progressing_job_to_its_end() {
    let clock = ManualClock::new(SystemTime::now());
    let emulator = emulator(
        EmulatorConfig::new()
            .with_clock(clock.clone())
            .with_pace(Pace::per_second(8.0)),
    )
    .await;
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V3));
    let mut seen = Vec::new();
    let end = cas
        .wait_for_deployment_job(9001, quick(10_000), |progress| {
            seen.push((progress.poll, progress.status.clone(), progress.counts));
            // One second of the job's life per poll.
            clock.advance(Duration::from_secs(1));
        })
        .await
        .expect("the job ends");
    assert!(seen.len() >= 5, "{} polls", seen.len());
    assert_eq!(seen[0].1, Some(DeploymentJobStatus::Processing));
    let finished: Vec<u64> = seen
        .iter()
        .map(|(_, _, counts)| counts.finished())
        .collect();
    assert!(
        finished.windows(2).all(|pair| pair[0] <= pair[1]),
        "{finished:?}"
    );
    assert!(finished[0] < 40);
    let last = &end.last;
    assert_eq!(last.counts.total, 40);
    assert_eq!(last.counts.finished(), 40);
    assert_eq!(last.poll as usize, seen.len());
    let expected = if last.counts.failed > 0 {
        JobOutcome::Failed
    } else {
        JobOutcome::Succeeded
    };
    assert_eq!(end.outcome, expected, "{last:?}");
    assert_eq!(
        emulator.requests().len(),
        2 * seen.len(),
        "two calls per poll"
    );
}

#[tokio::test]
async fn reports_how_finished_jobs_ended() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V1));
    for (job, outcome) in [
        (9004, JobOutcome::Succeeded),
        (9005, JobOutcome::Failed),
        (9006, JobOutcome::RolledBack),
        (9008, JobOutcome::Succeeded),
    ] {
        let polls: Vec<_> = cas
            .deployment_job_progress(job, quick(5_000))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(polls.len(), 1, "job {job} had already ended");
        assert_eq!(polls[0].state, JobState::Finished(outcome), "job {job}");
    }
}

#[tokio::test]
async fn a_job_that_never_ends_times_out_at_the_deadline() {
    let emulator = emulator(EmulatorConfig::new().with_pace(Pace::FROZEN)).await;
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V1));
    let started = Instant::now();
    let mut polls = 0;
    let error = cas
        .wait_for_deployment_job(9001, quick(300), |progress| {
            polls += 1;
            assert_eq!(progress.state, JobState::Running);
        })
        .await
        .expect_err("a frozen job never ends");
    let elapsed = started.elapsed();
    assert_eq!(error.category(), ErrorCategory::Timeout, "{error}");
    assert!(
        error.to_string().contains("timed out after 300ms"),
        "{error}"
    );
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_millis(800),
        "{elapsed:?}"
    );
    assert!(polls >= 5, "{polls} polls in 300 ms at 5-20 ms intervals");
    // Nothing is left polling in the background.
    let requests = emulator.requests().len();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(emulator.requests().len(), requests);
}

#[tokio::test]
async fn an_unknown_status_is_not_mistaken_for_an_end() {
    let emulator = emulator(EmulatorConfig::new()).await;
    emulator.faults().set("newer-service".parse().unwrap());
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V1));
    let mut statuses = Vec::new();
    let error = cas
        .wait_for_deployment_job(9004, quick(200), |progress| {
            statuses.push(progress.status.clone());
        })
        .await
        .expect_err("`paused` is not an end");
    assert_eq!(error.category(), ErrorCategory::Timeout);
    assert!(!statuses.is_empty());
    for status in statuses {
        let status = status.expect("a status");
        assert!(status.is_unknown());
        assert_eq!(status.as_str(), "paused");
    }
}

#[tokio::test]
async fn an_unknown_job_fails_at_the_first_poll() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V1));
    let started = Instant::now();
    let error = cas
        .wait_for_deployment_job(4242, quick(5_000), |_| panic!("no progress to report"))
        .await
        .expect_err("no such job");
    assert_eq!(error.code(), Some("NotFound.DeploymentJob"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn a_job_never_submitted_ends_the_wait_at_the_first_poll() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V1));
    let mut states = Vec::new();
    // A deadline far away: only the job's status may end this wait.
    let error = cas
        .wait_for_deployment_job(8888, quick(3_600_000), |progress| {
            states.push(progress.state)
        })
        .await
        .expect_err("a draft never ends");
    assert_eq!(states, [JobState::NotSubmitted], "one poll");
    assert_eq!(error.category(), ErrorCategory::InvalidRequest, "{error}");
    assert!(
        error.to_string().contains("has not been submitted"),
        "{error}"
    );
    let polled: Vec<_> = cas
        .deployment_job_progress(8888, quick(3_600_000))
        .try_collect()
        .await
        .expect("the stream ends without an error");
    assert_eq!(polled.len(), 1);
    assert_eq!(polled[0].state, JobState::NotSubmitted);
}

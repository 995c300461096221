//! Waiting for a deployment job to finish: [`cas::Client::wait_for_deployment_job`] polls the job and its worker
//! counts with a growing interval until it succeeds, fails or is rolled back, calls you back after every poll (for a
//! progress line), and gives up at a deadline. [`cas::Client::deployment_job_progress`] is the same as a stream.
//!
//! With no argument it starts an emulator in this process and follows its job 9001, whose 40 workers finish at 20 a
//! second:
//!
//! ```text
//! cargo run -p alicert-api --example waiter
//! ```
//!
//! Given a job ID it follows that job on Alibaba Cloud, configured by the environment ([`Config::from_env`]:
//! Alibaba's default credentials chain, `ALIBABA_CLOUD_REGION_ID`, `ALICERT_ENDPOINT`):
//!
//! ```text
//! export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI... ALIBABA_CLOUD_ACCESS_KEY_SECRET=...
//! cargo run -p alicert-api --example waiter -- 123456
//! ```

use std::time::Duration;

use alicert_api::waiter::{JobOutcome, WaitOptions};
use alicert_api::{Config, Credentials, ErrorCategory, cas};
use alicert_emulator::dataset::PROCESSING_JOB_ID;
use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig, Pace,
    RunningEmulator,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (config, job_id, _emulator) = target().await?;
    let cas = cas::Client::from_config(&config)?;

    // Poll after 500 ms, then 1.5 times longer each time up to 10 s, for at most 10 minutes.
    let options = WaitOptions::default()
        .interval(Duration::from_millis(500))
        .max_interval(Duration::from_secs(10))
        .backoff(1.5)
        .timeout(Duration::from_secs(600));
    let waited = cas
        .wait_for_deployment_job(job_id, options, |progress| {
            println!(
                "poll {} after {:.1?}: {:?}, {}/{} workers done ({} failed)",
                progress.poll,
                progress.elapsed,
                progress.status,
                progress.counts.finished(),
                progress.counts.total,
                progress.counts.failed,
            );
        })
        .await;

    match waited {
        Ok(end) => match end.outcome {
            JobOutcome::Succeeded => println!("job {job_id} succeeded"),
            JobOutcome::Failed => println!(
                "job {job_id} failed: {} of {} workers failed",
                end.last.counts.failed, end.last.counts.total
            ),
            JobOutcome::RolledBack => println!("job {job_id} was rolled back"),
            // The list of outcomes may grow.
            outcome => println!("job {job_id} ended: {outcome:?}"),
        },
        // The deadline passed with the job still running: the job goes on, only the wait ended.
        Err(error) if error.category() == ErrorCategory::Timeout => {
            println!("job {job_id} is still running: {error}");
        }
        // An unknown job, a draft that was never submitted, refused credentials: polling again would not help.
        Err(error) => return Err(error.into()),
    }
    Ok(())
}

/// Alibaba Cloud as the environment describes it when a job ID is given, otherwise an emulator started here with
/// its default key pair, and its progressing job.
async fn target() -> Result<(Config, i64, Option<RunningEmulator>), Box<dyn std::error::Error>> {
    if let Some(job) = std::env::args().nth(1) {
        let job_id = job
            .parse()
            .map_err(|_| format!("the job ID must be a number, not {job:?}"))?;
        return Ok((Config::from_env()?, job_id, None));
    }
    let emulator = Emulator::spawn(EmulatorConfig::new().with_pace(Pace::per_second(20.0))).await?;
    let config = Config::builder()
        .endpoint(emulator.url())
        .credentials(Credentials::new(
            DEFAULT_ACCESS_KEY_ID,
            DEFAULT_ACCESS_KEY_SECRET,
        ))
        .build()?;
    println!("calling an emulator at {}", emulator.url());
    Ok((config, PROCESSING_JOB_ID, Some(emulator)))
}

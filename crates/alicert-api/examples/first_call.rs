//! A first call: build a [`Config`], make a `cas` client from it, describe a deployment job, list its
//! certificates and worker counts, and handle a service error by its `Code`.
//!
//! With no argument it starts an emulator in this process and calls it, so it runs anywhere:
//!
//! ```text
//! cargo run -p alicert-api --example first_call
//! ```
//!
//! Given a job ID it calls Alibaba Cloud instead, configured by the environment as the `alicert` CLI and the
//! official SDKs are ([`Config::from_env`]: `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` or any
//! other source of Alibaba's default credentials chain, `ALIBABA_CLOUD_REGION_ID` for the region, `ALICERT_ENDPOINT`
//! for an endpoint of your own):
//!
//! ```text
//! export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI... ALIBABA_CLOUD_ACCESS_KEY_SECRET=...
//! cargo run -p alicert-api --example first_call -- 123456
//! ```

use std::error::Error as _;

use alicert_api::{Config, Credentials, cas};
use alicert_emulator::dataset::SAMPLE_JOB_ID;
use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig, RunningEmulator,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The emulator (when there is one) lives until the end of main; dropping it shuts it down.
    let (config, job_id, _emulator) = target().await?;
    let cas = cas::Client::from_config(&config)?;

    // Every send() returns Result<ResponseValue<T>, alicert_api::Error>; ResponseValue derefs to T.
    let job = cas.describe_deployment_job().job_id(job_id).send().await?;
    println!("job {job_id}: {:?}, status {:?}", job.name, job.status);

    let certificates = cas.list_deployment_job_cert().job_id(job_id).send().await?;
    for certificate in &certificates.data {
        // Times are milliseconds on the wire (as numbers or strings): UnixMillis reads both.
        let not_after = certificate
            .not_after_time
            .as_ref()
            .and_then(|time| time.to_datetime());
        println!(
            "  certificate {:?} ({:?}), not after {:?}",
            certificate.cert_name, certificate.common_name, not_after
        );
    }

    let counts = cas
        .describe_deployment_job_status()
        .job_id(job_id)
        .send()
        .await?;
    println!(
        "  {:?} of {:?} workers succeeded, {:?} failed",
        counts.success_count, counts.worker_count, counts.failed_count
    );

    // A service error is an alicert_api::Error with the service's Code, Message and RequestId.
    match cas.describe_deployment_job().job_id(4242).send().await {
        Ok(job) => println!("job 4242: {:?}", job.name),
        Err(error) if error.code() == Some("NotFound.DeploymentJob") => {
            println!("no job 4242 (RequestId {:?})", error.request_id());
        }
        Err(error) if error.is_retryable() => {
            // The runtime has already retried it; the cause, if any, comes through source().
            eprintln!("try again later: {error} (cause: {:?})", error.source());
        }
        Err(error) => return Err(error.into()),
    }
    Ok(())
}

/// Alibaba Cloud as the environment describes it when a job ID is given, otherwise an emulator started here with
/// its default key pair, and the pages' sample job.
async fn target() -> Result<(Config, i64, Option<RunningEmulator>), Box<dyn std::error::Error>> {
    if let Some(job) = std::env::args().nth(1) {
        let job_id = job
            .parse()
            .map_err(|_| format!("the job ID must be a number, not {job:?}"))?;
        return Ok((Config::from_env()?, job_id, None));
    }
    let emulator = Emulator::spawn(EmulatorConfig::new()).await?;
    let config = Config::builder()
        .endpoint(emulator.url())
        .credentials(Credentials::new(
            DEFAULT_ACCESS_KEY_ID,
            DEFAULT_ACCESS_KEY_SECRET,
        ))
        .build()?;
    println!("calling an emulator at {}", emulator.url());
    Ok((config, SAMPLE_JOB_ID, Some(emulator)))
}

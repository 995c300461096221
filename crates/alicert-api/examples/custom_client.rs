//! Your own `reqwest::Client` under the generated clients ([`ConfigBuilder::http_client`]): for a proxy, a private
//! CA, keep-alive settings or a shared connection pool.
//!
//! The runtime still signs and retries every call, caps the response size, sets each attempt's timeout and the
//! operation's deadline on every request (they override the client's own `timeout`), and refuses a 3xx answer. What
//! it cannot do is stop *your* client from following a redirect before it sees the answer, which would carry the
//! signed request (and any STS token) wherever the `Location` points: build it with
//! `redirect(Policy::none())` and `referer(false)`, as here.
//!
//! With no argument it starts an emulator in this process and calls it through that client:
//!
//! ```text
//! cargo run -p alicert-api --example custom_client
//! ```
//!
//! Given a job ID it calls Alibaba Cloud instead, with everything but the client read from the environment
//! ([`ConfigLoader`]: Alibaba's default credentials chain, `ALIBABA_CLOUD_REGION_ID`, `ALICERT_ENDPOINT`):
//!
//! ```text
//! export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI... ALIBABA_CLOUD_ACCESS_KEY_SECRET=...
//! cargo run -p alicert-api --example custom_client -- 123456
//! ```
//!
//! [`ConfigBuilder::http_client`]: alicert_api::ConfigBuilder::http_client

use std::time::Duration;

use alicert_api::{Config, ConfigBuilder, ConfigLoader, Credentials, Timeouts, cas};
use alicert_emulator::dataset::SAMPLE_JOB_ID;
use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig, RunningEmulator,
};
use reqwest::redirect::Policy;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let http = reqwest::Client::builder()
        // Never follow a redirect: the runtime then sees the 3xx and fails the call with a redirect error.
        .redirect(Policy::none())
        // And never send the signed URL on as a Referer.
        .referer(false)
        // Through a proxy (reqwest also honours HTTPS_PROXY / NO_PROXY unless told .no_proxy()):
        // .proxy(reqwest::Proxy::https("http://proxy.internal:3128")?)
        // With a private CA (reqwest's `rustls` feature, as alicert-api's default `rustls` feature enables):
        // .tls_certs_merge([reqwest::Certificate::from_pem(&std::fs::read("corp-ca.pem")?)?])
        .connect_timeout(Duration::from_secs(3))
        .pool_idle_timeout(Duration::from_secs(50))
        .tcp_keepalive(Duration::from_secs(30))
        .user_agent("my-deployer/1.0")
        .build()?;

    let (builder, job_id, _emulator) = target().await?;
    let config = builder
        .http_client(http)
        // Per attempt and for the whole call, retries included; these apply to every request of your client.
        .timeouts(Timeouts {
            connect: Duration::from_secs(3),
            attempt: Duration::from_secs(10),
            operation: Duration::from_secs(30),
        })
        .build()?;

    let cas = cas::Client::from_config(&config)?;
    let job = cas.describe_deployment_job().job_id(job_id).send().await?;
    println!("job {job_id}: {:?}, status {:?}", job.name, job.status);
    Ok(())
}

/// A builder for Alibaba Cloud as the environment describes it when a job ID is given, otherwise for an emulator
/// started here with its default key pair, and the pages' sample job.
async fn target()
-> Result<(ConfigBuilder, i64, Option<RunningEmulator>), Box<dyn std::error::Error>> {
    if let Some(job) = std::env::args().nth(1) {
        let job_id = job
            .parse()
            .map_err(|_| format!("the job ID must be a number, not {job:?}"))?;
        return Ok((ConfigLoader::new().builder(), job_id, None));
    }
    let emulator = Emulator::spawn(EmulatorConfig::new()).await?;
    let builder = Config::builder()
        .endpoint(emulator.url())
        .credentials(Credentials::new(
            DEFAULT_ACCESS_KEY_ID,
            DEFAULT_ACCESS_KEY_SECRET,
        ));
    println!("calling an emulator at {}", emulator.url());
    Ok((builder, SAMPLE_JOB_ID, Some(emulator)))
}

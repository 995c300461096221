//! `alicert-bench e2e`: whole calls per second against one emulator, for our generated client and for the floor, a
//! bare `reqwest` POST of the same request signed in advance (so the floor pays for HTTP and nothing else: no
//! signing, no typed decoding, no runtime). Sequential (one caller, one pooled connection) and concurrent (several
//! tasks sharing one client) rates are sampled in turn, ours and the floor's alternately, and each sample pair gives
//! a ratio, so the ratio's spread shows how much of the difference is noise.
//!
//! The call is DescribeDeploymentJob(8888) signed V1, our default; every answer is checked (status 200, and for our
//! client the decoded `Id`), so a fast stream of errors can never pass for speed. The CPU time this process spends
//! on each contender's calls is recorded too: unlike wall time it does not count waiting for a core, so it shows
//! what the client itself costs even when the machine is busy.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use alicert_api::{Config, Credentials, cas};
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::presign::{self, ACCESS_KEY_ID, ACCESS_KEY_SECRET};
use crate::stats::{self, Summary};

const JOB_ID: i64 = 8888;

/// How much to measure.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Samples per contender and mode.
    pub samples: usize,
    /// Calls in one sequential sample.
    pub sequential_calls: usize,
    /// Calls in one concurrent sample.
    pub concurrent_calls: usize,
    /// Tasks calling at once in the concurrent mode.
    pub concurrency: usize,
}

/// Our typed client for the emulator at `endpoint`, with the emulator's default key pair.
pub fn our_client(endpoint: &str) -> Result<cas::Client> {
    let config = Config::builder()
        .endpoint(endpoint)
        .credentials(Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET))
        .build()
        .context("building the client configuration")?;
    cas::Client::from_config(&config).context("building the cas client")
}

async fn our_call(client: &cas::Client) -> Result<()> {
    let job = client
        .describe_deployment_job()
        .job_id(JOB_ID)
        .send()
        .await
        .context("our client's DescribeDeploymentJob failed")?;
    if job.id != Some(JOB_ID) {
        bail!("our client decoded job {:?}, expected {JOB_ID}", job.id);
    }
    Ok(())
}

/// Sends one pre-signed request and reads the whole answer: the floor.
pub async fn floor_call(http: &reqwest::Client, url: &str) -> Result<()> {
    let response = http
        .post(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(reqwest::Error::without_url)
        .context("the floor's request failed")?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(reqwest::Error::without_url)
        .context("reading the floor's answer")?;
    if status != reqwest::StatusCode::OK {
        bail!(
            "the floor's request got HTTP {status}: {}",
            String::from_utf8_lossy(&body[..body.len().min(300)])
        );
    }
    Ok(())
}

fn job_params() -> [(&'static str, &'static str); 1] {
    [("JobId", "8888")]
}

/// Calls per second of `calls` sequential calls with our client.
async fn ours_sequential(client: &cas::Client, calls: usize) -> Result<f64> {
    let started = Instant::now();
    for _ in 0..calls {
        our_call(client).await?;
    }
    Ok(calls as f64 / started.elapsed().as_secs_f64())
}

/// Calls per second of sending `urls` one after another.
async fn floor_sequential(http: &reqwest::Client, urls: &[String]) -> Result<f64> {
    let started = Instant::now();
    for url in urls {
        floor_call(http, url).await?;
    }
    Ok(urls.len() as f64 / started.elapsed().as_secs_f64())
}

/// Calls per second of `calls` calls made by `concurrency` tasks sharing our client.
async fn ours_concurrent(client: &cas::Client, calls: usize, concurrency: usize) -> Result<f64> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let client = client.clone();
            let next = next.clone();
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < calls {
                    our_call(&client).await?;
                }
                Ok::<(), anyhow::Error>(())
            })
        })
        .collect();
    for task in tasks {
        task.await.context("a client task panicked")??;
    }
    Ok(calls as f64 / started.elapsed().as_secs_f64())
}

/// Calls per second of sending `urls` from `concurrency` tasks sharing one HTTP client.
pub async fn floor_concurrent(
    http: &reqwest::Client,
    urls: Vec<String>,
    concurrency: usize,
) -> Result<f64> {
    let calls = urls.len();
    let urls = Arc::new(urls);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (http, urls, next) = (http.clone(), urls.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(index) else {
                        break;
                    };
                    floor_call(&http, url).await?;
                }
                Ok::<(), anyhow::Error>(())
            })
        })
        .collect();
    for task in tasks {
        task.await.context("a floor task panicked")??;
    }
    Ok(calls as f64 / started.elapsed().as_secs_f64())
}

/// Our rates, the floor's, per-pair ratios (our time per call over the floor's), and the CPU time this process spent
/// on each contender's calls.
struct Mode {
    ours: Vec<f64>,
    floor: Vec<f64>,
    ours_cpu: Cpu,
    floor_cpu: Cpu,
}

/// CPU nanoseconds spent on a number of calls.
#[derive(Default)]
struct Cpu {
    nanos: u64,
    calls: u64,
}

impl Cpu {
    /// Runs `measure` (which makes `calls` calls) and adds the CPU time it took to the total.
    async fn add<F: std::future::Future<Output = Result<f64>>>(
        &mut self,
        calls: usize,
        measure: F,
    ) -> Result<f64> {
        let before = stats::cpu_nanos();
        let rate = measure.await?;
        if let (Some(before), Some(after)) = (before, stats::cpu_nanos()) {
            self.nanos += after.saturating_sub(before);
            self.calls += calls as u64;
        }
        Ok(rate)
    }

    fn micros_per_call(&self) -> Option<f64> {
        (self.calls > 0).then(|| self.nanos as f64 / 1000.0 / self.calls as f64)
    }

    fn report(&self) -> Value {
        json!({ "nanos": self.nanos, "calls": self.calls, "micros_per_call": self.micros_per_call() })
    }
}

impl Mode {
    fn new() -> Self {
        Self {
            ours: Vec::new(),
            floor: Vec::new(),
            ours_cpu: Cpu::default(),
            floor_cpu: Cpu::default(),
        }
    }

    fn report(self) -> Value {
        let ratios: Vec<f64> = self
            .ours
            .iter()
            .zip(&self.floor)
            .map(|(ours, floor)| floor / ours)
            .collect();
        json!({
            "ours_calls_per_s": Summary::of(self.ours),
            "floor_calls_per_s": Summary::of(self.floor),
            "ours_time_over_floor": Summary::of(ratios),
            "ours_cpu": self.ours_cpu.report(),
            "floor_cpu": self.floor_cpu.report(),
        })
    }
}

/// Which contender [`profile`] runs alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Contender {
    /// Our generated client.
    Ours,
    /// Bare reqwest with pre-signed requests.
    Floor,
}

/// `calls` calls by one contender alone, from `concurrency` tasks (one: the sequential loop), requests pre-signed
/// before the clock starts for the floor: for running under a profiler (`valgrind --tool=callgrind`, `perf`), with
/// nothing else happening in the process.
pub async fn profile(
    endpoint: &str,
    contender: Contender,
    calls: usize,
    concurrency: usize,
) -> Result<Value> {
    let rate = match contender {
        Contender::Ours => {
            let client = our_client(endpoint)?;
            if concurrency > 1 {
                ours_concurrent(&client, calls, concurrency).await?
            } else {
                ours_sequential(&client, calls).await?
            }
        }
        Contender::Floor => {
            let http = reqwest::Client::builder()
                .build()
                .context("building the floor's HTTP client")?;
            let urls =
                presign::signed_urls(endpoint, "DescribeDeploymentJob", &job_params(), calls);
            if concurrency > 1 {
                floor_concurrent(&http, urls, concurrency).await?
            } else {
                floor_sequential(&http, &urls).await?
            }
        }
    };
    Ok(json!({
        "kind": "e2e-profile",
        "contender": format!("{contender:?}").to_lowercase(),
        "calls": calls,
        "concurrency": concurrency,
        "calls_per_s": rate,
    }))
}

/// Runs both modes against `endpoint` and returns the JSON report.
pub async fn run(endpoint: &str, options: Options) -> Result<Value> {
    let client = our_client(endpoint)?;
    let http = reqwest::Client::builder()
        .build()
        .context("building the floor's HTTP client")?;
    // Warm up both: connections, the emulator's caches, the allocator.
    let warm = presign::signed_urls(endpoint, "DescribeDeploymentJob", &job_params(), 100);
    ours_concurrent(&client, 100, options.concurrency).await?;
    floor_concurrent(&http, warm, options.concurrency).await?;

    let mut sequential = Mode::new();
    let mut concurrent = Mode::new();
    for sample in 0..options.samples {
        // Alternate who goes first, so neither always follows the other's leftovers.
        let ours_first = sample % 2 == 0;
        let urls = presign::signed_urls(
            endpoint,
            "DescribeDeploymentJob",
            &job_params(),
            options.sequential_calls,
        );
        let sequential_calls = options.sequential_calls;
        if ours_first {
            let rate = sequential
                .ours_cpu
                .add(sequential_calls, ours_sequential(&client, sequential_calls))
                .await?;
            sequential.ours.push(rate);
            let rate = sequential
                .floor_cpu
                .add(sequential_calls, floor_sequential(&http, &urls))
                .await?;
            sequential.floor.push(rate);
        } else {
            let rate = sequential
                .floor_cpu
                .add(sequential_calls, floor_sequential(&http, &urls))
                .await?;
            sequential.floor.push(rate);
            let rate = sequential
                .ours_cpu
                .add(sequential_calls, ours_sequential(&client, sequential_calls))
                .await?;
            sequential.ours.push(rate);
        }
        let concurrent_calls = options.concurrent_calls;
        let urls = presign::signed_urls(
            endpoint,
            "DescribeDeploymentJob",
            &job_params(),
            concurrent_calls,
        );
        let ours = ours_concurrent(&client, concurrent_calls, options.concurrency);
        if ours_first {
            let rate = concurrent.ours_cpu.add(concurrent_calls, ours).await?;
            concurrent.ours.push(rate);
            let rate = concurrent
                .floor_cpu
                .add(
                    concurrent_calls,
                    floor_concurrent(&http, urls, options.concurrency),
                )
                .await?;
            concurrent.floor.push(rate);
        } else {
            let rate = concurrent
                .floor_cpu
                .add(
                    concurrent_calls,
                    floor_concurrent(&http, urls, options.concurrency),
                )
                .await?;
            concurrent.floor.push(rate);
            let rate = concurrent.ours_cpu.add(concurrent_calls, ours).await?;
            concurrent.ours.push(rate);
        }
    }
    Ok(json!({
        "kind": "e2e",
        "operation": "DescribeDeploymentJob",
        "signature": "v1",
        "samples": options.samples,
        "sequential_calls": options.sequential_calls,
        "concurrent_calls": options.concurrent_calls,
        "concurrency": options.concurrency,
        "sequential": sequential.report(),
        "concurrent": concurrent.report(),
    }))
}

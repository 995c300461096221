//! `alicert-bench load`: how many signed requests per second the emulator verifies and answers when many clients
//! call at once, against the same load on a bare hyper server answering the same bytes ([`crate::bare`]). The load comes from the cheapest client there is, bare `reqwest` sending requests signed in advance
//! (each with its own nonce, which the emulator checks and remembers), so that as much of the machine as possible is
//! left to the server. On a two-core machine the load generator still takes its share: the figure is a floor on what
//! the emulator can do, not a ceiling.

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::e2e::floor_concurrent;
use crate::presign;
use crate::stats::Summary;

/// How much load.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Samples.
    pub samples: usize,
    /// Requests per sample.
    pub requests: usize,
    /// Requests in flight at once.
    pub concurrency: usize,
}

/// Runs the load against the emulator at `endpoint` and, sample for sample, against the bare server at `bare` (the
/// same requests, answered with the same bytes), and returns the JSON report.
pub async fn run(endpoint: &str, bare: &str, options: Options) -> Result<Value> {
    let http = reqwest::Client::builder()
        .build()
        .context("building the load generator's HTTP client")?;
    let params = [("JobId", "8888")];
    let warm = presign::signed_urls(endpoint, "DescribeDeploymentJob", &params, 500);
    floor_concurrent(&http, warm, options.concurrency).await?;
    let warm = presign::signed_urls(bare, "DescribeDeploymentJob", &params, 500);
    floor_concurrent(&http, warm, options.concurrency).await?;
    let mut rates = Vec::with_capacity(options.samples);
    let mut bare_rates = Vec::with_capacity(options.samples);
    let mut ratios = Vec::with_capacity(options.samples);
    for _ in 0..options.samples {
        let urls =
            presign::signed_urls(endpoint, "DescribeDeploymentJob", &params, options.requests);
        let rate = floor_concurrent(&http, urls, options.concurrency).await?;
        let urls = presign::signed_urls(bare, "DescribeDeploymentJob", &params, options.requests);
        let bare_rate = floor_concurrent(&http, urls, options.concurrency).await?;
        rates.push(rate);
        bare_rates.push(bare_rate);
        ratios.push(rate / bare_rate);
    }
    Ok(json!({
        "kind": "load",
        "operation": "DescribeDeploymentJob",
        "signature": "v1",
        "samples": options.samples,
        "requests": options.requests,
        "concurrency": options.concurrency,
        "requests_per_s": Summary::of(rates),
        "bare_requests_per_s": Summary::of(bare_rates),
        "emulator_over_bare": Summary::of(ratios),
    }))
}

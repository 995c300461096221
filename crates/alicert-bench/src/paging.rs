//! `alicert-bench page`: every worker of a large job (100,000 by default), paged with [`alicert_api::paginate`] at the
//! largest page size the service allows (1,000), timed, and the process's peak resident memory read from
//! `/proc/self/status` afterwards. It runs in its own process, talking to an emulator in another one, so the peak is
//! the client's alone.
//!
//! By default each worker is looked at and dropped, as a stream is meant to be used; `--collect` keeps them all in a
//! `Vec` instead, to show what holding the whole listing costs.

use std::pin::pin;
use std::time::Instant;

use alicert_api::cas::types::WorkerResource;
use alicert_api::paginate::WorkerQuery;
use anyhow::{Context, Result, bail};
use futures::TryStreamExt as _;
use serde_json::{Value, json};

use crate::e2e::our_client;
use crate::stats::{Summary, memory};

/// The page size used: the emulator's (and the service's) maximum `ShowSize`.
pub const PAGE_SIZE: u32 = 1000;

/// What to page.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The job to list.
    pub job_id: i64,
    /// How many workers the job is expected to have (checked).
    pub expect_workers: u64,
    /// Full listings to time.
    pub runs: usize,
    /// Pages in flight at once (`WorkerQuery::prefetch`).
    pub prefetch: usize,
    /// Keep every worker in a `Vec` instead of dropping each after looking at it.
    pub collect: bool,
}

/// One full listing: (workers, pages, a checksum of the IDs so the decoding cannot be optimised away).
async fn list_all(client: &alicert_api::cas::Client, options: Options) -> Result<(u64, u64, i64)> {
    let query = WorkerQuery::new(options.job_id)
        .page_size(PAGE_SIZE)
        .prefetch(options.prefetch);
    let mut pages = pin!(client.worker_pages(query));
    let mut kept: Vec<WorkerResource> = Vec::new();
    let (mut workers, mut requests, mut checksum) = (0_u64, 0_u64, 0_i64);
    while let Some(page) = pages
        .try_next()
        .await
        .map_err(anyhow::Error::from)
        .context("paging ListWorkerResource")?
    {
        requests += 1;
        workers += page.workers.len() as u64;
        for worker in &page.workers {
            checksum = checksum.wrapping_add(worker.id.unwrap_or(0));
        }
        if options.collect {
            kept.extend(page.workers);
        }
    }
    if options.collect && kept.len() as u64 != workers {
        bail!("kept {} workers of {workers}", kept.len());
    }
    Ok((workers, requests, checksum))
}

/// Pages the job `options.runs` times and returns the JSON report.
pub async fn run(endpoint: &str, options: Options) -> Result<Value> {
    let client = our_client(endpoint)?;
    let (_, rss_before) = memory().unwrap_or((0, 0));
    let mut seconds = Vec::with_capacity(options.runs);
    let mut requests = 0;
    let mut checksum = None;
    for _ in 0..options.runs {
        let started = Instant::now();
        let (workers, pages, sum) = list_all(&client, options).await?;
        seconds.push(started.elapsed().as_secs_f64());
        if workers != options.expect_workers {
            bail!(
                "paged {workers} workers of job {}, expected {}",
                options.job_id,
                options.expect_workers
            );
        }
        if *checksum.get_or_insert(sum) != sum {
            bail!("two listings of the same job gave different workers");
        }
        requests = pages;
    }
    let (peak, rss_after) = memory().unwrap_or((0, 0));
    const MIB: f64 = 1024.0 * 1024.0;
    Ok(json!({
        "kind": "page",
        "job_id": options.job_id,
        "workers": options.expect_workers,
        "page_size": PAGE_SIZE,
        "prefetch": options.prefetch,
        "collect": options.collect,
        // What one decoded worker takes inline, before its strings: what a collected listing multiplies.
        "worker_inline_bytes": std::mem::size_of::<WorkerResource>(),
        "runs": options.runs,
        "requests_per_listing": requests,
        "seconds": Summary::of(seconds),
        "peak_rss_mib": peak as f64 / MIB,
        "rss_before_mib": rss_before as f64 / MIB,
        "rss_after_mib": rss_after as f64 / MIB,
    }))
}

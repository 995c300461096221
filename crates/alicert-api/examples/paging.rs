//! Paging through every worker of a deployment job (ListWorkerResource pages by `CurrentPage` / `ShowSize`): page
//! by page with [`cas::Client::worker_pages`], worker by worker with [`cas::Client::workers`], filtered by status, and
//! with pages fetched ahead. Both are streams: nothing is collected unless you collect it.
//!
//! With no argument it starts an emulator in this process whose sample job (8888) has 1,000 workers:
//!
//! ```text
//! cargo run -p alicert-api --example paging
//! ```
//!
//! Given a job ID it pages through that job on Alibaba Cloud, configured by the environment
//! ([`Config::from_env`]: Alibaba's default credentials chain, `ALIBABA_CLOUD_REGION_ID`, `ALICERT_ENDPOINT`):
//!
//! ```text
//! export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI... ALIBABA_CLOUD_ACCESS_KEY_SECRET=...
//! cargo run -p alicert-api --example paging -- 123456
//! ```

use std::collections::BTreeMap;

use alicert_api::cas::types::WorkerStatus;
use alicert_api::paginate::WorkerQuery;
use alicert_api::{Config, Credentials, cas};
use alicert_emulator::dataset::SAMPLE_JOB_ID;
use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig, RunningEmulator,
};
use futures::TryStreamExt as _;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (config, job_id, _emulator) = target().await?;
    let cas = cas::Client::from_config(&config)?;

    // Page by page: each page says which page it is, the Total it was served with and its RequestId.
    let mut pages = std::pin::pin!(cas.worker_pages(WorkerQuery::new(job_id).page_size(100)));
    while let Some(page) = pages.try_next().await? {
        println!(
            "page {}: {} workers of {:?} (RequestId {:?})",
            page.number,
            page.workers.len(),
            page.total,
            page.request_id
        );
    }

    // Worker by worker, four pages in flight at once once the first page has told the Total: a large job in a
    // fraction of the time, still in the service's order.
    let query = WorkerQuery::new(job_id).page_size(100).prefetch(4);
    let mut by_product = BTreeMap::<String, u64>::new();
    let mut workers = std::pin::pin!(cas.workers(query));
    while let Some(worker) = workers.try_next().await? {
        let product = worker
            .cloud_product
            .map_or_else(|| "?".to_owned(), |product| product.to_string());
        *by_product.entry(product).or_default() += 1;
    }
    println!("workers per product: {by_product:?}");

    // Filters go to the service: only the workers in status `error` travel.
    let failed: Vec<_> = cas
        .workers(WorkerQuery::new(job_id).status(WorkerStatus::Error))
        .try_collect()
        .await?;
    println!("{} workers in error", failed.len());
    for worker in failed.iter().take(5) {
        println!(
            "  {:?} {:?} {:?}",
            worker.id, worker.cloud_product, worker.resource_domain
        );
    }
    Ok(())
}

/// Alibaba Cloud as the environment describes it when a job ID is given, otherwise an emulator started here with
/// its default key pair and 1,000 workers in its sample job.
async fn target() -> Result<(Config, i64, Option<RunningEmulator>), Box<dyn std::error::Error>> {
    if let Some(job) = std::env::args().nth(1) {
        let job_id = job
            .parse()
            .map_err(|_| format!("the job ID must be a number, not {job:?}"))?;
        return Ok((Config::from_env()?, job_id, None));
    }
    let emulator = Emulator::spawn(EmulatorConfig::new().with_workers(1_000)).await?;
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

//! `alicert workers JOB_ID`: every worker of a job across all pages ([`crate::views::workers`]), one walk per status
//! asked for, as a table or as one streamed JSON object.

use std::time::Instant;

use alicert_api::cas;
use alicert_api::paginate::WorkerQuery;

use crate::context::Context;
use crate::exit;
use crate::failure::Failure;
use crate::human;
use crate::style;
use crate::views::workers::{self, Scan};

/// `alicert workers`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The deployment job's ID
    #[arg(value_name = "JOB_ID")]
    pub job_id: i64,
    /// Only workers in these statuses (repeatable, or comma-separated: error,rollback_error): rollback,
    /// rollback_error, success, rollback_success, pending, scheduling, processing, error, editing (others are sent
    /// as given)
    #[arg(long, value_name = "STATUS", value_delimiter = ',', value_parser = parse_status)]
    pub status: Vec<String>,
    /// Only workers of this cloud product (CDN, SLB, ALB, OSS, ...)
    #[arg(long, value_name = "PRODUCT")]
    pub product: Option<String>,
    /// Workers per request
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(i32).range(1..=1000))]
    pub page_size: i32,
    /// Stop after this many workers
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
}

/// A worker status for `--status`: any non-empty word (a newer service may add statuses).
fn parse_status(text: &str) -> Result<String, String> {
    let status = text.trim();
    if status.is_empty() {
        return Err("an empty status: name one, e.g. error".to_owned());
    }
    Ok(status.to_owned())
}

/// Runs `alicert workers`.
pub async fn run(context: &Context, args: &Args) -> Result<u8, Failure> {
    let ui = &context.ui;
    let clients = context.clients().await?;
    let cas = &clients.client("cas", cas::Client::from_config)?;
    let base = WorkerQuery::new(args.job_id)
        .page_size(u32::try_from(args.page_size).unwrap_or(50))
        .prefetch(4);
    let base = match &args.product {
        Some(product) => base.cloud_product(product.clone()),
        None => base,
    };
    let mut statuses: Vec<&str> = Vec::new();
    for status in &args.status {
        if !statuses.contains(&status.as_str()) {
            statuses.push(status);
        }
    }
    // ListWorkerResource filters on one status: one walk per status asked for.
    let queries: Vec<WorkerQuery> = if statuses.is_empty() {
        vec![base]
    } else {
        statuses
            .iter()
            .map(|status| base.clone().status((*status).into()))
            .collect()
    };
    if ui.json() {
        workers::write_json(ui, cas, queries, args.limit).await?;
        return Ok(exit::OK);
    }
    let started = Instant::now();
    let mut all = Scan::default();
    for query in queries {
        let left = args.limit.map(|limit| limit.saturating_sub(all.count));
        if left == Some(0) {
            break;
        }
        all.merge(workers::scan(ui, cas, query, left, true).await?);
    }
    all.elapsed = started.elapsed();
    let scan = all;
    workers::print_table(ui, &scan.workers)?;
    let status = statuses.join(" or ");
    let filters = match (statuses.is_empty(), &args.product) {
        (false, Some(product)) => format!(" with status {status} on {product}"),
        (false, None) => format!(" with status {status}"),
        (true, Some(product)) => format!(" on {product}"),
        (true, None) => String::new(),
    };
    let of_total = match scan.total.and_then(|total| u64::try_from(total).ok()) {
        Some(total) if total != scan.count => format!(" of {}", human::count(total)),
        _ => String::new(),
    };
    ui.line(
        style::dim()
            .apply_to(format!(
                "{}{of_total} of job {}{filters}, {} in {}",
                human::plural(scan.count, "worker"),
                args.job_id,
                human::plural(u64::from(scan.pages), "page"),
                human::duration(scan.elapsed)
            ))
            .to_string(),
    )?;
    Ok(exit::OK)
}

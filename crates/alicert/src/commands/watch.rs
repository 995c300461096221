//! `alicert watch JOB_ID`: follow a job until it ends ([`crate::views::watch`]); the exit code says how it ended.

use std::time::Duration;

use alicert_api::cas;
use serde_json::json;

use crate::context::Context;
use crate::durations::{parse_interval, parse_limit};
use crate::failure::Failure;
use crate::views::watch;

/// `alicert watch`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The deployment job's ID
    #[arg(value_name = "JOB_ID")]
    pub job_id: i64,
    /// Time between polls
    #[arg(long, value_name = "DURATION", default_value = "2s", value_parser = parse_interval)]
    pub interval: Duration,
    /// Give up (exit 3) if the job has not ended by then [default: wait until it ends or Ctrl-C]
    #[arg(long, value_name = "DURATION", value_parser = parse_limit)]
    pub deadline: Option<Duration>,
}

/// Runs `alicert watch`.
pub async fn run(context: &Context, args: &Args) -> Result<u8, Failure> {
    let ui = &context.ui;
    let clients = context.clients().await?;
    let cas = clients.client("cas", cas::Client::from_config)?;
    let watched = watch::watch(ui, &cas, args.job_id, args.interval, args.deadline).await?;
    if ui.json() {
        ui.json_value(&json!({
            "JobId": args.job_id,
            "Status": watched.status,
            "Outcome": watched.outcome,
            "ExitCode": watched.code,
            "WorkerCount": watched.counts.total,
            "SuccessCount": watched.counts.succeeded,
            "FailedCount": watched.counts.failed,
            "RollbackCount": watched.counts.rolled_back,
            "Remaining": watched.counts.remaining(),
            "ElapsedMillis": u64::try_from(watched.elapsed.as_millis()).unwrap_or(u64::MAX),
        }))?;
    } else {
        ui.line(watch::summary(args.job_id, &watched))?;
    }
    Ok(watched.code)
}

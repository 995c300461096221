//! `alicert job JOB_ID`: a deployment job at a glance ([`crate::views::job`]), for people or as one JSON object.

use alicert_api::cas;
use chrono::Utc;

use crate::context::Context;
use crate::exit;
use crate::failure::Failure;
use crate::views::job;

/// `alicert job`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The deployment job's ID
    #[arg(value_name = "JOB_ID")]
    pub job_id: i64,
    /// How many failing workers to list
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub failing: u32,
}

/// Runs `alicert job`.
pub async fn run(context: &Context, args: &Args) -> Result<u8, Failure> {
    let ui = &context.ui;
    let clients = context.clients().await?;
    let cas = clients.client("cas", cas::Client::from_config)?;
    let glance = job::fetch(&cas, args.job_id, args.failing).await?;
    let now = Utc::now();
    if ui.json() {
        ui.json_value(&job::to_json(&glance, now))?;
    } else {
        job::print(ui, args.job_id, &glance, now)?;
    }
    Ok(exit::OK)
}

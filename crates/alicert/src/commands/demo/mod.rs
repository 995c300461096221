//! `alicert demo`, the project's front door: everything the CLI does, against the embedded emulator on a free
//! loopback port, in a few seconds, with no account, no network and no set-up. It calls every operation of every
//! product of the generated table through the real clients with real V1 and V3 signatures (and one wrong secret,
//! refused as Alibaba Cloud refuses it; [`operations`]), shows job 8888 at a glance, watches job 9001 to its end,
//! pages through every worker of a 20,000-worker job, checks certificate expiry, and ends with the commands that do
//! the same against Alibaba Cloud. Each step runs the same code as the command it shows.

use std::time::{Duration, Instant};

mod operations;

use alicert_api::paginate::WorkerQuery;
use alicert_api::products::PRODUCTS;
use alicert_api::{Credentials, SignatureVersion, cas, vod};
use alicert_emulator::dataset::{
    ERROR_JOB_ID, PROCESSING_JOB_ID, ROLLED_BACK_JOB_ID, SAMPLE_JOB_ID, SUCCESS_JOB_ID, VOD_DOMAINS,
};
use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig, Pace,
};
use chrono::Utc;

use crate::client;
use crate::context::Context;
use crate::exit;
use crate::failure::Failure;
use crate::human;
use crate::output::Ui;
use crate::style::{self, status_style};
use crate::views::expiry::{self, Thresholds};
use crate::views::{DEFAULT_CRITICAL_DAYS, DEFAULT_WARNING_DAYS, job, watch, workers};

const STEPS: u32 = 6;

/// `alicert demo`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Workers of job 8888 to page through
    #[arg(long, value_name = "N", default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub workers: u64,
    /// How fast job 9001 progresses, in workers per second (its 40 workers take 5 s at 8)
    #[arg(long, value_name = "PER_SECOND", default_value = "8")]
    pub pace: Pace,
}

/// Runs the demo.
pub async fn run(context: &Context, args: &Args) -> Result<u8, Failure> {
    let globals = &context.globals;
    let ui = &context.ui.for_people();
    let started = Instant::now();
    let emulator = Emulator::spawn(
        EmulatorConfig::new()
            .with_workers(args.workers)
            .with_pace(args.pace),
    )
    .await
    .map_err(|error| Failure::Internal(format!("could not start the emulator: {error}")))?;
    let url = emulator.url();
    let demo_keys = Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET);
    let v1 = client::with_credentials(globals, demo_keys.clone(), &url, SignatureVersion::V1)?;
    let v3 = client::with_credentials(globals, demo_keys, &url, SignatureVersion::V3)?;
    // A failure then names the emulator as where requests went.
    context.adopt(&v1);

    ui.line(
        style::heading()
            .apply_to("alicert demo: the real client, real signatures, a local Alibaba Cloud")
            .to_string(),
    )?;
    let products: Vec<String> = PRODUCTS
        .iter()
        .map(|product| format!("{} {}", product.code, product.version))
        .collect();
    ui.line(format!(
        "Emulator on {} ({}), AccessKey ID {DEFAULT_ACCESS_KEY_ID}. No account, no network.",
        style::command().apply_to(&url),
        products.join(", ")
    ))?;

    step(
        ui,
        1,
        "Every operation through the real client, signed V1 and V3",
    )?;
    ui.line(
        style::dim()
            .apply_to("  V1 HMAC-SHA1, V3 ACS3-HMAC-SHA256; the emulator re-signs and compares.")
            .to_string(),
    )?;
    let table = operations::table(globals, &url, &v1, &v3).await?;
    for line in table.render(ui.width()) {
        ui.line(line)?;
    }
    let requests = emulator.requests().snapshot();
    let count = |version| {
        requests
            .iter()
            .filter(|record| record.signature_version == Some(version) && record.is_success())
            .count() as u64
    };
    let refused = requests
        .iter()
        .filter(|record| !record.is_success())
        .count() as u64;
    ui.line(format!(
        "The emulator verified {} signatures ({} V1, {} V3) and refused {}.",
        count(SignatureVersion::V1) + count(SignatureVersion::V3),
        count(SignatureVersion::V1),
        count(SignatureVersion::V3),
        refused
    ))?;

    step(
        ui,
        2,
        &format!("Job {SAMPLE_JOB_ID} at a glance (alicert job {SAMPLE_JOB_ID})"),
    )?;
    let cas = v1.client("cas", cas::Client::from_config)?;
    let glance = job::fetch(&cas, SAMPLE_JOB_ID, 5).await?;
    job::print(ui, SAMPLE_JOB_ID, &glance, Utc::now())?;

    step(
        ui,
        3,
        &format!(
            "Watching job {PROCESSING_JOB_ID} until it ends (alicert watch {PROCESSING_JOB_ID})"
        ),
    )?;
    let interval = if ui.terminal() {
        Duration::from_millis(400)
    } else {
        Duration::from_secs(1)
    };
    let watched = watch::watch(
        ui,
        &v3.client("cas", cas::Client::from_config)?,
        PROCESSING_JOB_ID,
        interval,
        Some(Duration::from_secs(40)),
    )
    .await?;
    ui.line(watch::summary(PROCESSING_JOB_ID, &watched))?;
    ui.line(
        style::dim()
            .apply_to(format!(
                "`alicert watch {PROCESSING_JOB_ID}` would exit {} ({}).",
                watched.code, watched.outcome
            ))
            .to_string(),
    )?;

    step(
        ui,
        4,
        &format!(
            "Paging through {} workers of job {SAMPLE_JOB_ID} (alicert workers {SAMPLE_JOB_ID})",
            human::count(args.workers)
        ),
    )?;
    scan(ui, &cas).await?;

    step(
        ui,
        5,
        "Certificate expiry, for monitoring (alicert expiry --job ID --domain NAME)",
    )?;
    let thresholds = Thresholds {
        warning: DEFAULT_WARNING_DAYS,
        critical: DEFAULT_CRITICAL_DAYS,
    };
    let jobs = [
        SAMPLE_JOB_ID,
        PROCESSING_JOB_ID,
        SUCCESS_JOB_ID,
        ERROR_JOB_ID,
        ROLLED_BACK_JOB_ID,
    ];
    let domains: Vec<String> = VOD_DOMAINS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    let vod = v1.client("vod", vod::Client::from_config)?;
    let checks = expiry::check(&cas, &vod, &jobs, &domains, thresholds, Utc::now()).await;
    ui.line(expiry::status_line(&checks, thresholds))?;
    for line in expiry::table(&checks, 2).render(ui.width()) {
        ui.line(line)?;
    }
    ui.line(
        style::dim()
            .apply_to(format!(
                "`alicert expiry` exits with the worst state, in the Nagios convention: here {} ({}).",
                expiry::overall(&checks).code(),
                expiry::overall(&checks).label()
            ))
            .to_string(),
    )?;

    step(ui, 6, "The same commands against Alibaba Cloud")?;
    let commands = [
        (
            "export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI... ALIBABA_CLOUD_ACCESS_KEY_SECRET=...",
            "or `aliyun configure`, then --profile NAME",
        ),
        (
            "alicert --region cn-hangzhou job 123456",
            "a job at a glance",
        ),
        (
            "alicert watch 123456",
            "exit 0 success, 1 error, 2 rolled back",
        ),
        (
            "alicert workers 123456 --status error",
            "every failing worker, all pages",
        ),
        (
            "alicert cas list-worker-resource --job-id 123456 --all -o json",
            "the API's own fields",
        ),
        (
            "alicert expiry --job 123456 --domain video.example.com -w 30 -c 7",
            "for Nagios/cron",
        ),
        (
            "alicert --signature v3 cas describe-deployment-job --job-id 123456",
            "V3 signing",
        ),
        (
            "alicert emulator --listen 127.0.0.1:8080",
            "this emulator, for your own code",
        ),
        (
            "alicert --endpoint http://127.0.0.1:8080 job 8888",
            "any command against it",
        ),
    ];
    let longest = commands
        .iter()
        .map(|(text, _)| text.len())
        .max()
        .unwrap_or(0);
    for (text, comment) in commands {
        ui.line(format!(
            "  {}  {}",
            style::command().apply_to(format!("{text:<longest$}")),
            style::dim().apply_to(format!("# {comment}"))
        ))?;
    }
    ui.line(
        style::dim()
            .apply_to("  Every command: alicert --help; exit codes and set-up: docs/cli.md")
            .to_string(),
    )?;

    emulator.shutdown().await.map_err(|error| {
        Failure::Internal(format!("the emulator did not stop cleanly: {error}"))
    })?;
    ui.blank()?;
    ui.line(format!(
        "{} in {}. The emulator has stopped; nothing is left running.",
        style::good().apply_to("Demo finished"),
        human::duration(started.elapsed())
    ))?;
    Ok(exit::OK)
}

fn step(ui: &Ui, number: u32, title: &str) -> Result<(), Failure> {
    ui.blank()?;
    ui.line(
        style::heading()
            .apply_to(format!("── {number}/{STEPS} {title}"))
            .to_string(),
    )
}

/// Step 4: every worker of job 8888, counted by status.
async fn scan(ui: &Ui, cas: &cas::Client) -> Result<(), Failure> {
    let page_size = 100;
    let in_flight = 4;
    let query = WorkerQuery::new(SAMPLE_JOB_ID)
        .page_size(page_size)
        .prefetch(in_flight);
    let scan = workers::scan(ui, cas, query, None, false).await?;
    let seconds = scan.elapsed.as_secs_f64().max(0.001);
    ui.line(format!(
        "{} in {} of {page_size} ({in_flight} in flight) in {}: {} workers/s, Total {}",
        style::heading().apply_to(human::plural(scan.count, "worker")),
        human::plural(u64::from(scan.pages), "page"),
        human::duration(scan.elapsed),
        human::count((scan.count as f64 / seconds) as u64),
        scan.total.map_or_else(|| "-".to_owned(), human::signed)
    ))?;
    let mut by_status: Vec<(&String, &u64)> = scan.by_status.iter().collect();
    by_status.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let parts: Vec<String> = by_status
        .iter()
        .map(|(status, count)| {
            format!(
                "{} {}",
                status_style(status).apply_to(status),
                human::count(**count)
            )
        })
        .collect();
    ui.line(format!("  by status: {}", parts.join(" · ")))?;
    ui.line(format!(
        "  over {} products; the pager streams pages, so memory stays flat however many there are.",
        scan.by_product.len()
    ))
}

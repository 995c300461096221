//! `alicert demo`, the project's front door: everything the CLI does, against the embedded emulator on a free
//! loopback port, in a few seconds, with no account, no network and no set-up. It calls all five operations through
//! the real clients with real V1 and V3 signatures (and one wrong secret, refused as Alibaba Cloud refuses it),
//! shows job 8888 at a glance, watches job 9001 to its end, pages through every worker of a 20,000-worker job,
//! checks certificate expiry, and ends with the commands that do the same against Alibaba Cloud. Each step runs the
//! same code as the command it shows.

use std::time::{Duration, Instant};

use alicert_api::catalog::Arguments;
use alicert_api::paginate::WorkerQuery;
use alicert_api::{Credentials, SignatureVersion, cas, vod};
use alicert_emulator::dataset::{
    ERROR_JOB_ID, PROCESSING_JOB_ID, ROLLED_BACK_JOB_ID, SAMPLE_JOB_ID, SAMPLE_VOD_DOMAIN,
    SUCCESS_JOB_ID, VOD_DOMAINS,
};
use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig, Pace,
};
use chrono::Utc;
use serde_json::Value;

use crate::client::{self, Clients};
use crate::context::Context;
use crate::exit;
use crate::failure::Failure;
use crate::globals::Globals;
use crate::human;
use crate::output::Ui;
use crate::report;
use crate::style::{self, status_style};
use crate::table::{Cell, Table};
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
    ui.line(format!(
        "Emulator on {} (cas 2020-04-07, vod 2017-03-21), AccessKey ID {DEFAULT_ACCESS_KEY_ID}. No account, no network.",
        style::command().apply_to(&url)
    ))?;

    operations(ui, globals, &url, &v1, &v3).await?;
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
    let glance = job::fetch(&v1.cas, SAMPLE_JOB_ID, 5).await?;
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
        &v3.cas,
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
    scan(ui, &v1).await?;

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
    let checks = expiry::check(&v1.cas, &v1.vod, &jobs, &domains, thresholds, Utc::now()).await;
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

/// Step 1: every operation of both catalogs, signed V1 then V3, and a wrong secret.
async fn operations(
    ui: &Ui,
    globals: &Globals,
    url: &str,
    v1: &Clients,
    v3: &Clients,
) -> Result<(), Failure> {
    step(
        ui,
        1,
        "All five operations through the real client, signed V1 and V3",
    )?;
    ui.line(
        style::dim()
            .apply_to("  V1 HMAC-SHA1, V3 ACS3-HMAC-SHA256; the emulator re-signs and compares.")
            .to_string(),
    )?;
    let mut table = Table::new(&["Sig", "Operation", "Answer", "RequestId", "Time"])
        .keep(0)
        .right(4)
        .indent(2);
    for (label, clients) in [("V1", v1), ("V3", v3)] {
        for (product, operations) in [
            ("cas", cas::operations::OPERATIONS),
            ("vod", vod::operations::OPERATIONS),
        ] {
            for operation in operations {
                let arguments = sample_arguments(operation);
                let started = Instant::now();
                let value = clients
                    .invoke(product, operation.action, &arguments)
                    .await?;
                let elapsed = started.elapsed();
                table.push(vec![
                    label.into(),
                    format!("{product} {}", operation.action).into(),
                    summarize(&value).into(),
                    value
                        .get("RequestId")
                        .and_then(Value::as_str)
                        .unwrap_or("-")
                        .into(),
                    human::duration(elapsed).into(),
                ]);
            }
        }
    }
    // A wrong secret: the emulator re-signs and refuses, as the service does.
    let wrong = client::with_credentials(
        globals,
        Credentials::new(DEFAULT_ACCESS_KEY_ID, "not-the-demo-secret"),
        url,
        SignatureVersion::V1,
    )?;
    let started = Instant::now();
    let mut arguments = Arguments::new();
    arguments.set("JobId", SAMPLE_JOB_ID.to_string());
    let refused = wrong
        .invoke("cas", "DescribeDeploymentJob", &arguments)
        .await;
    let (answer, request_id) = match &refused {
        Err(Failure::Api(error)) => (
            Cell::styled(
                format!(
                    "wrong secret, refused: {}",
                    error.code().unwrap_or("an error")
                ),
                status_style("error"),
            ),
            error.request_id().unwrap_or("-").to_owned(),
        ),
        Err(other) => (
            Cell::from(format!("refused: {}", report::text(other, None))),
            "-".to_owned(),
        ),
        Ok(_) => (
            Cell::styled("accepted a wrong secret!", style::bad()),
            "-".to_owned(),
        ),
    };
    table.push(vec![
        "V1".into(),
        "cas DescribeDeploymentJob".into(),
        answer,
        request_id.into(),
        human::duration(started.elapsed()).into(),
    ]);
    for line in table.render(ui.width()) {
        ui.line(line)?;
    }
    Ok(())
}

/// Arguments for a catalog operation from the dataset's samples: job 8888 and domain example.com.
fn sample_arguments(operation: &alicert_api::catalog::Operation) -> Arguments {
    let mut arguments = Arguments::new();
    for parameter in operation.parameters {
        match parameter.name {
            "JobId" => {
                arguments.set("JobId", SAMPLE_JOB_ID.to_string());
            }
            "DomainName" => {
                arguments.set("DomainName", SAMPLE_VOD_DOMAIN);
            }
            _ => {}
        }
    }
    arguments
}

/// One line about an answer, from its JSON alone.
fn summarize(value: &Value) -> String {
    let text = |key: &str| {
        value.get(key).map(|v| match v {
            Value::String(text) => text.clone(),
            Value::Number(n) => n.as_u64().map_or_else(|| n.to_string(), human::count),
            other => other.to_string(),
        })
    };
    if let (Some(name), Some(status)) = (text("Name"), text("Status")) {
        return format!("{name:?}, {status}");
    }
    if let Some(workers) = text("WorkerCount") {
        return format!(
            "{workers} workers: {} succeeded, {} failed",
            text("SuccessCount").unwrap_or_default(),
            text("FailedCount").unwrap_or_default()
        );
    }
    if let Some(Value::Array(data)) = value.get("Data") {
        if let Some(total) = value.get("Total").and_then(Value::as_u64) {
            return format!("{} of {} workers", data.len(), human::count(total));
        }
        let names: Vec<&str> = data
            .iter()
            .filter_map(|item| item.get("CertName").and_then(Value::as_str))
            .collect();
        return format!(
            "{}: {}",
            human::plural(data.len() as u64, "certificate"),
            names.join(", ")
        );
    }
    if let Some(Value::Array(infos)) = value.pointer("/CertInfos/CertInfo")
        && let Some(info) = infos.first()
    {
        let get = |key: &str| info.get(key).and_then(Value::as_str).unwrap_or("-");
        return format!("{} expires {}", get("CertName"), get("CertExpireTime"));
    }
    "ok".to_owned()
}

/// Step 4: every worker of job 8888, counted by status.
async fn scan(ui: &Ui, clients: &Clients) -> Result<(), Failure> {
    let page_size = 100;
    let in_flight = 4;
    let query = WorkerQuery::new(SAMPLE_JOB_ID)
        .page_size(page_size)
        .prefetch(in_flight);
    let scan = workers::scan(ui, &clients.cas, query, None, false).await?;
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

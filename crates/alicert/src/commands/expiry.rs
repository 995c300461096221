//! `alicert expiry --job ID --domain NAME`: certificate expiry as a monitoring check ([`crate::views::expiry`]), in
//! the Nagios convention: the exit code is the worst state, and a check that could not run at all is UNKNOWN.

use alicert_api::{cas, products, vod};
use chrono::Utc;

use crate::context::Context;
use crate::exit;
use crate::failure::Failure;
use crate::views::expiry::{self, Thresholds};

/// `alicert expiry`.
#[derive(clap::Args, Debug, Clone)]
#[command(group(clap::ArgGroup::new("targets").required(true).multiple(true).args(["jobs", "domains"])))]
pub struct Args {
    /// Check the certificates of this deployment job (repeatable)
    #[arg(long = "job", value_name = "JOB_ID")]
    pub jobs: Vec<i64>,
    /// Check the certificate of this VOD accelerated domain (repeatable)
    #[arg(long = "domain", value_name = "DOMAIN", help = domain_help())]
    pub domains: Vec<String>,
    /// WARNING (exit 1) when a certificate expires within this many days
    #[arg(short, long, value_name = "DAYS", default_value_t = 30, value_parser = clap::value_parser!(i64).range(0..=36500))]
    pub warning: i64,
    /// CRITICAL (exit 2) when a certificate has expired or expires within this many days
    #[arg(short, long, value_name = "DAYS", default_value_t = 7, value_parser = clap::value_parser!(i64).range(0..=36500))]
    pub critical: i64,
}

/// The help of `--domain`, with the region VOD's spec says it answers in, where it is asked unless one was chosen.
fn domain_help() -> String {
    let mut help = "Check the certificate of this VOD accelerated domain (repeatable".to_owned();
    if let Some(region) = products::find("vod").and_then(|vod| vod.endpoints.default_region) {
        help.push_str(&format!(
            "; asked in {region} unless --region says otherwise"
        ));
    }
    help.push(')');
    help
}

/// Runs `alicert expiry`.
pub async fn run(context: &Context, args: &Args) -> Result<u8, Failure> {
    let ui = &context.ui;
    if args.critical > args.warning {
        return Err(Failure::Usage(format!(
            "--critical ({}) must not exceed --warning ({}): a certificate is critical only after it is a warning",
            args.critical, args.warning
        )));
    }
    let thresholds = Thresholds {
        warning: args.warning,
        critical: args.critical,
    };
    let clients = context.clients().await?;
    let cas = clients.client("cas", cas::Client::from_config)?;
    let vod = clients.client("vod", vod::Client::from_config)?;
    let checks = expiry::check(
        &cas,
        &vod,
        &args.jobs,
        &args.domains,
        thresholds,
        Utc::now(),
    )
    .await;
    let state = expiry::overall(&checks);
    if ui.json() {
        ui.json_value(&serde_json::json!({
            "Status": state.label(),
            "ExitCode": state.code(),
            "WarningDays": thresholds.warning,
            "CriticalDays": thresholds.critical,
            "Checks": checks,
        }))?;
    } else {
        ui.line(expiry::status_line(&checks, thresholds))?;
        for line in expiry::table(&checks, 0).render(ui.width()) {
            ui.line(line)?;
        }
    }
    Ok(state.code())
}

/// A monitoring check that could not run is UNKNOWN, whatever stopped it (a bad argument stays a usage error, an
/// interruption an interruption, and a closed pipe a quiet end).
pub fn failure_code(failure: &Failure) -> u8 {
    match failure {
        Failure::Usage(_) | Failure::Interrupted | Failure::BrokenPipe => failure.exit_code(),
        _ => exit::UNKNOWN,
    }
}

//! The command line's shape: the global options every command shares, the handwritten commands (views for people,
//! `demo`, `emulator`) as clap derive structs, and the generated `cas`/`vod` trees from [`crate::ops`], assembled
//! with clap's builder so that the generated part needs no code per operation. Bad arguments are clap's to report
//! (it names the argument and says why); they exit with [`exit::USAGE`].

use std::net::SocketAddr;
use std::time::Duration;

use alicert_api::SignatureVersion;
use alicert_emulator::{ClockSkew, FaultSpec, Pace};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{ArgAction, Args, Command, FromArgMatches};

use crate::exit;
use crate::ops;
use crate::output::{ColorChoice, OutputMode};

/// Options every command accepts, before or after the command name.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Global options")]
pub struct Globals {
    /// Send every request to this URL instead of the region's endpoint (e.g. http://127.0.0.1:8080 for `alicert
    /// emulator`; plain HTTP only when given here)
    #[arg(long, global = true, value_name = "URL", env = "ALICERT_ENDPOINT")]
    pub endpoint: Option<String>,

    /// Region ID, e.g. cn-hangzhou or ap-southeast-1 [default: the aliyun CLI profile's region, else cn-hangzhou]
    #[arg(
        long,
        global = true,
        value_name = "ID",
        env = "ALIBABA_CLOUD_REGION_ID"
    )]
    pub region: Option<String>,

    /// Use this profile of ~/.aliyun/config.json (or ~/.alibabacloud/credentials) and nothing else [default: the
    /// SDKs' chain: environment, then the CLI's current profile, then the credentials file, then the ECS RAM role]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Signature version: v1 (HMAC-SHA1) or v3 (ACS3-HMAC-SHA256)
    #[arg(
        long,
        global = true,
        value_name = "VERSION",
        default_value = "v1",
        value_parser = PossibleValuesParser::new(["v1", "v3"]).try_map(|text: String| text.parse::<SignatureVersion>())
    )]
    pub signature: SignatureVersion,

    /// Output: table (for people) or json (the API's field names, for programs)
    #[arg(short, long, global = true, value_enum, default_value_t = OutputMode::Table)]
    pub output: OutputMode,

    /// Colour: auto (a terminal and no NO_COLOR), always, never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// How long to wait for a connection
    #[arg(long, global = true, value_name = "DURATION", default_value = "5s", value_parser = parse_limit)]
    pub connect_timeout: Duration,

    /// How long one attempt may take
    #[arg(long, global = true, value_name = "DURATION", default_value = "30s", value_parser = parse_limit)]
    pub attempt_timeout: Duration,

    /// How long a whole call may take, retries and backoff included
    #[arg(long, global = true, value_name = "DURATION", default_value = "120s", value_parser = parse_limit)]
    pub timeout: Duration,

    /// Retries after a throttled, failed or timed-out attempt (0: none)
    #[arg(long, global = true, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=20))]
    pub retries: u32,

    /// More diagnostics on stderr: -v info, -vv debug, -vvv trace (RUST_LOG refines; secrets never appear)
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,

    /// No progress, no hints: results and errors only
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// `alicert job`.
#[derive(Args, Debug, Clone)]
pub struct JobArgs {
    /// The deployment job's ID
    #[arg(value_name = "JOB_ID")]
    pub job_id: i64,
    /// How many failing workers to list
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub failing: u32,
}

/// `alicert watch`.
#[derive(Args, Debug, Clone)]
pub struct WatchArgs {
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

/// `alicert workers`.
#[derive(Args, Debug, Clone)]
pub struct WorkersArgs {
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

/// `alicert expiry`.
#[derive(Args, Debug, Clone)]
#[command(group(clap::ArgGroup::new("targets").required(true).multiple(true).args(["jobs", "domains"])))]
pub struct ExpiryArgs {
    /// Check the certificates of this deployment job (repeatable)
    #[arg(long = "job", value_name = "JOB_ID")]
    pub jobs: Vec<i64>,
    /// Check the certificate of this VOD accelerated domain (repeatable; asked in cn-shanghai unless --region says
    /// otherwise)
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
    /// WARNING (exit 1) when a certificate expires within this many days
    #[arg(short, long, value_name = "DAYS", default_value_t = 30, value_parser = clap::value_parser!(i64).range(0..=36500))]
    pub warning: i64,
    /// CRITICAL (exit 2) when a certificate has expired or expires within this many days
    #[arg(short, long, value_name = "DAYS", default_value_t = 7, value_parser = clap::value_parser!(i64).range(0..=36500))]
    pub critical: i64,
}

/// `alicert emulator`.
#[derive(Args, Debug, Clone)]
pub struct EmulatorArgs {
    /// Address to listen on (port 0 picks a free one)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Accept only this AccessKey ID (with --access-key-secret) [default: alicert-demo-id]
    #[arg(long, value_name = "ID", requires = "access_key_secret", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub access_key_id: Option<String>,
    /// The secret of --access-key-id [default: alicert-demo-secret, the documented demo pair]
    #[arg(
        long,
        value_name = "SECRET",
        requires = "access_key_id",
        hide_env_values = true,
        value_parser = clap::builder::NonEmptyStringValueParser::new()
    )]
    pub access_key_secret: Option<String>,
    /// Also accept this STS AccessKey ID, signed with --sts-access-key-secret and sent with --sts-security-token
    #[arg(long, value_name = "ID", requires_all = ["sts_access_key_secret", "sts_security_token"], value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub sts_access_key_id: Option<String>,
    /// The secret of --sts-access-key-id
    #[arg(long, value_name = "SECRET", requires = "sts_access_key_id", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub sts_access_key_secret: Option<String>,
    /// The security token requests signed with --sts-access-key-id must carry
    #[arg(long, value_name = "TOKEN", requires = "sts_access_key_id", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub sts_security_token: Option<String>,
    /// When the STS token expires: an RFC 3339 time (2026-12-05T18:00:00Z) or a duration from now (1h)
    /// [default: never]
    #[arg(long, value_name = "WHEN", requires = "sts_access_key_id")]
    pub sts_expiration: Option<alicert_emulator::StsExpiration>,
    /// Let STS AssumeRoleWithOIDC accept TOKEN for the OIDC provider PROVIDER_ARN (repeatable)
    #[arg(long, value_name = "PROVIDER_ARN=TOKEN", value_parser = parse_oidc_token)]
    pub oidc_token: Vec<(String, String)>,
    /// Accept only keys the emulator's STS issued (AssumeRole, AssumeRoleWithOIDC) for cas and vod calls: the
    /// long-term key may then only assume roles
    #[arg(long)]
    pub only_issued_keys: bool,
    /// Workers of job 8888 (they cost no memory: a million is fine; at most 1000000000)
    #[arg(
        long,
        value_name = "N",
        default_value_t = alicert_emulator::DEFAULT_WORKERS,
        value_parser = clap::value_parser!(u64).range(1..=alicert_emulator::MAX_WORKERS)
    )]
    pub workers: u64,
    /// How fast job 9001 progresses, in workers per second (0 freezes it)
    #[arg(long, value_name = "PER_SECOND", default_value = "8")]
    pub pace: Pace,
    /// How far the emulator's clock is off, e.g. +20m or -1h
    #[arg(long, value_name = "SKEW", allow_hyphen_values = true)]
    pub skew: Option<ClockSkew>,
    /// Seed of the generated dataset and of the RequestIds, for answers that repeat byte for byte [default: the
    /// dataset's usual seed and random RequestIds]
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Inject a fault (repeatable): throttle[:retry-after=200ms] | http500 | http503 | gateway502 | slow=800ms |
    /// drop | skew=+20m | newer-service, each optionally @first=K or @fraction=F
    #[arg(long, value_name = "SPEC")]
    pub fault: Vec<FaultSpec>,
}

/// `PROVIDER_ARN=TOKEN`, split at the first `=`; the message never repeats the token.
fn parse_oidc_token(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((arn, token)) if !arn.trim().is_empty() && !token.is_empty() => {
            Ok((arn.trim().to_owned(), token.to_owned()))
        }
        _ => Err("expected PROVIDER_ARN=TOKEN, both non-empty".to_owned()),
    }
}

/// `alicert demo`.
#[derive(Args, Debug, Clone)]
pub struct DemoArgs {
    /// Workers of job 8888 to page through
    #[arg(long, value_name = "N", default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub workers: u64,
    /// How fast job 9001 progresses, in workers per second (its 40 workers take 5 s at 8)
    #[arg(long, value_name = "PER_SECOND", default_value = "8")]
    pub pace: Pace,
}

/// `alicert completions`.
#[derive(Args, Debug, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `alicert man`.
#[derive(Args, Debug, Clone)]
pub struct ManArgs {
    /// Print this command's page instead, e.g. `job` or `cas describe-deployment-job` (the pages alicert(1) names)
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
}

const ABOUT: &str = "Alibaba Cloud certificate deployment from a terminal: deployment jobs, their workers, certificate \
                     expiry, and a local emulator of the APIs.";

const AFTER_HELP: &str = "Start here: `alicert demo` runs everything against a built-in emulator (no account, no \
                          network).\n\nCredentials are read as the aliyun CLI and the official SDKs read them: \
                          ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and \
                          ALIBABA_CLOUD_SECURITY_TOKEN), or `aliyun configure` and --profile NAME. More in \
                          docs/cli.md.";

/// The whole command tree.
pub fn command() -> Command {
    // Each derive's `augment_args` sets the command's about from the struct's doc comment: ours are set after it.
    let root = Globals::augment_args(Command::new("alicert"))
        .version(env!("CARGO_PKG_VERSION"))
        .about(ABOUT)
        .after_help(format!("{AFTER_HELP}\n\n{}", exit::HELP))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .max_term_width(110);
    let mut root = root
        .subcommand(DemoArgs::augment_args(Command::new("demo"))
                .about("Run every command against a built-in emulator: no account, no network, no set-up")
                .long_about(
                    "Starts the emulator on a free loopback port and runs all five operations through the real \
                     client with real V1 and V3 signatures; shows job 8888 at a glance, watches job 9001 to its \
                     end, pages through every worker of a large job, checks certificate expiry, and prints how \
                     to point the same commands at Alibaba Cloud.",
                )
                .display_order(1))
        .subcommand(JobArgs::augment_args(Command::new("job"))
                .about("A deployment job at a glance: details, worker counts per product, certificates with days \
                        to expiry, failing workers")
                .display_order(2))
        .subcommand(WatchArgs::augment_args(Command::new("watch"))
                .about("Follow a job until it ends, with a live progress bar; the exit code says how it ended \
                        (0 success, 1 error, 2 rolled back, 3 deadline, 7 not submitted)")
                .display_order(3))
        .subcommand(WorkersArgs::augment_args(Command::new("workers"))
                .about("Every worker of a job across all pages, as a table (filter by status or product)")
                .display_order(4))
        .subcommand(ExpiryArgs::augment_args(Command::new("expiry"))
                .about("Check certificate expiry for jobs and VOD domains: Nagios exit codes (0 OK, 1 WARNING, \
                        2 CRITICAL, 3 UNKNOWN), JSON with -o json")
                .display_order(5));
    for (order, product) in ops::commands().into_iter().enumerate() {
        root = root.subcommand(product.display_order(10 + order));
    }
    root.subcommand(EmulatorArgs::augment_args(Command::new("emulator"))
            .about("Run the local emulator of the cas and vod APIs until interrupted")
            .long_about(
                "Runs the emulator alicert's demo and tests use, for your own code, the official SDKs or the \
                 aliyun CLI: it verifies V1 and V3 signatures, serves a seeded account (jobs 8888 and 9001-9008, \
                 VOD domains example.com and *.alicert-demo.com) and injects faults on request.\n\nWithout \
                 --access-key-id it accepts the documented demo pair: alicert-demo-id / alicert-demo-secret.",
            )
            .display_order(20))
        .subcommand(CompletionsArgs::augment_args(Command::new("completions"))
            .about("Print a shell completion script: bash, zsh, fish, elvish or powershell")
            .display_order(21))
        .subcommand(ManArgs::augment_args(Command::new("man"))
            .about("Print the man page (roff): alicert man > alicert.1; alicert man job > alicert-job.1")
            .display_order(22))
}

/// Reads the globals out of the parsed matches.
pub fn globals(matches: &clap::ArgMatches) -> Result<Globals, clap::Error> {
    let mut globals = Globals::from_arg_matches(matches)?;
    if let Some(region) = &globals.region
        && region.trim().is_empty()
    {
        // The official SDKs read an empty variable as an unset one; an empty --region is a mistake to report.
        if region.is_empty() && matches.value_source("region") == Some(ValueSource::EnvVariable) {
            globals.region = None;
        } else {
            return Err(clap::Error::raw(
                ErrorKind::InvalidValue,
                format!(
                    "invalid value {region:?} for '--region <ID>': a region ID cannot be empty (e.g. cn-hangzhou); \
                     leave --region out for the default\n"
                ),
            ));
        }
    }
    Ok(globals)
}

/// A worker status for `--status`: any non-empty word (a newer service may add statuses).
fn parse_status(text: &str) -> Result<String, String> {
    let status = text.trim();
    if status.is_empty() {
        return Err("an empty status: name one, e.g. error".to_owned());
    }
    Ok(status.to_owned())
}

/// A time limit: a duration longer than zero (a zero limit would fail every call before it starts).
fn parse_limit(text: &str) -> Result<Duration, String> {
    let limit = parse_duration(text)?;
    if limit.is_zero() {
        return Err(format!(
            "`{text}` is zero: a time limit must be longer than that, e.g. 500ms or 30s"
        ));
    }
    Ok(limit)
}

/// A polling interval: a duration of at least 100 ms, so that a typo cannot hammer the service.
fn parse_interval(text: &str) -> Result<Duration, String> {
    let interval = parse_duration(text)?;
    if interval < Duration::from_millis(100) {
        return Err(format!("`{text}` is too short: poll at most every 100ms"));
    }
    Ok(interval)
}

/// A duration in the grammar every alicert command shares ([`alicert_core::duration`]: `500ms`, `2s`, `1.5m`, `1h`,
/// `1d`), at most a year: a longer limit is a typo, and the runtime adds it to instants.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let duration = alicert_core::duration::parse(text).map_err(|error| error.to_string())?;
    if duration > Duration::from_secs(365 * 86_400) {
        return Err(format!(
            "`{}` is out of range (at most a year)",
            text.trim()
        ));
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_valid() {
        command().debug_assert();
    }

    #[test]
    fn oidc_tokens() {
        assert_eq!(
            parse_oidc_token("acs:ram::1:oidc-provider/p=ab=c"),
            Ok(("acs:ram::1:oidc-provider/p".to_owned(), "ab=c".to_owned()))
        );
        for bad in [
            "",
            "=token",
            "acs:ram::1:oidc-provider/p=",
            "no-equals-secret",
        ] {
            let error = parse_oidc_token(bad).unwrap_err();
            assert!(
                !error.contains("secret") && !error.contains("token\""),
                "{error}"
            );
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5m"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration(" 1h "), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(172_800)));
        assert_eq!(
            parse_duration("365d"),
            Ok(Duration::from_secs(365 * 86_400))
        );
        for bad in [
            "", "s", "2", "2x", "-1s", "1e400", "9999999h", "366d", "1..2s",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_limit("1ms"), Ok(Duration::from_millis(1)));
        for zero in ["0", "0s", "0ms", "0.0m", "0.0000000001s"] {
            assert!(parse_limit(zero).is_err(), "{zero}");
        }
    }
}

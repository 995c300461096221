//! Runs the emulator from the command line for manual use (point the official SDK, the `aliyun` CLI or curl at it),
//! with the same options the `alicert emulator` subcommand offers. Logs one line per request at debug level.
//!
//! ```text
//! cargo run -p alicert-emulator --example serve -- --listen 127.0.0.1:8080 --fault throttle@first=2
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;

use alicert_emulator::{
    ClockSkew, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorConfig, FaultSpec, Pace,
    StsExpiration,
};

const USAGE: &str = "usage: serve [--listen ADDR] [--access-key-id ID --access-key-secret SECRET] \
                     [--sts-access-key-id ID --sts-access-key-secret SECRET --sts-security-token TOKEN \
                     [--sts-expiration WHEN]] [--oidc-token PROVIDER_ARN=TOKEN]... [--only-issued-keys] [--workers N] [--pace WORKERS_PER_SECOND] [--skew [+-]DURATION] \
                     [--seed N] [--fault SPEC]...\n\
                     fault SPEC: throttle[:retry-after=200ms] | http500 | http503 | gateway502 | slow=800ms | drop | \
                     skew=+20m | newer-service, each optionally @first=K or @fraction=F";

fn parse(arguments: &[String]) -> Result<(SocketAddr, EmulatorConfig), String> {
    let mut listen: SocketAddr = "127.0.0.1:8080"
        .parse()
        .map_err(|error| format!("{error}"))?;
    let mut config = EmulatorConfig::new();
    let (mut id, mut secret) = (None, None);
    let (mut sts_id, mut sts_secret, mut sts_token, mut sts_expiration) = (None, None, None, None);
    let mut iter = arguments.iter();
    while let Some(flag) = iter.next() {
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.to_owned());
        }
        if flag == "--only-issued-keys" {
            config = config.with_only_issued_keys();
            continue;
        }
        let value = iter
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let bad = |error: &dyn std::fmt::Display| format!("{flag} {value}: {error}");
        if value.is_empty() {
            return Err(format!("{flag} needs a non-empty value\n{USAGE}"));
        }
        match flag.as_str() {
            "--listen" => listen = value.parse().map_err(|error| bad(&error))?,
            "--access-key-id" => id = Some(value.clone()),
            "--access-key-secret" => secret = Some(value.clone()),
            "--sts-access-key-id" => sts_id = Some(value.clone()),
            "--sts-access-key-secret" => sts_secret = Some(value.clone()),
            "--sts-security-token" => sts_token = Some(value.clone()),
            "--sts-expiration" => {
                sts_expiration = Some(
                    value
                        .parse::<StsExpiration>()
                        .map_err(|error| bad(&error))?,
                )
            }
            "--oidc-token" => match value.split_once('=') {
                Some((arn, token)) if !arn.is_empty() && !token.is_empty() => {
                    config = config.with_oidc_token(arn, token);
                }
                // The value holds a token: not repeated.
                _ => return Err(format!("{flag} expects PROVIDER_ARN=TOKEN\n{USAGE}")),
            },
            "--workers" => {
                config = config.with_workers(value.parse().map_err(|error| bad(&error))?)
            }
            "--pace" => {
                config = config.with_pace(value.parse::<Pace>().map_err(|error| bad(&error))?)
            }
            "--skew" => {
                config =
                    config.with_clock_skew(value.parse::<ClockSkew>().map_err(|error| bad(&error))?)
            }
            "--seed" => config = config.with_seed(value.parse().map_err(|error| bad(&error))?),
            "--fault" => {
                config = config.with_fault(value.parse::<FaultSpec>().map_err(|error| bad(&error))?)
            }
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    match (id, secret) {
        (Some(id), Some(secret)) => config = config.with_only_access_key(id, secret),
        (None, None) => {}
        _ => return Err("--access-key-id and --access-key-secret go together".to_owned()),
    }
    match (sts_id, sts_secret, sts_token) {
        (Some(id), Some(secret), Some(token)) => {
            let expires_at = sts_expiration.map(|when| when.resolve(std::time::SystemTime::now()));
            config = config.with_sts_key(id, secret, token, expires_at);
        }
        (None, None, None) if sts_expiration.is_none() => {}
        _ => {
            return Err(
                "--sts-access-key-id, --sts-access-key-secret and --sts-security-token go together"
                    .to_owned(),
            );
        }
    }
    Ok((listen, config))
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("alicert_emulator=debug")),
        )
        .init();
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let (listen, config) = match parse(&arguments) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on {listen}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener
        .local_addr()
        .map_or_else(|_| listen.to_string(), |address| address.to_string());
    let keys: Vec<&str> = config.access_keys.iter().map(|key| key.id()).collect();
    eprintln!(
        "alicert emulator on http://{address} (cas 2020-04-07, vod 2017-03-21, sts 2015-04-01); AccessKey IDs: {keys:?}"
    );
    if keys == [DEFAULT_ACCESS_KEY_ID] {
        eprintln!("default key pair: {DEFAULT_ACCESS_KEY_ID} / {DEFAULT_ACCESS_KEY_SECRET}");
    }
    eprintln!("Ctrl-C stops it (requests in flight finish first)");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match alicert_emulator::serve(listener, config, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("server error: {error}");
            ExitCode::FAILURE
        }
    }
}

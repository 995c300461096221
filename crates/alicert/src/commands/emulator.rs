//! `alicert emulator`: the emulator as a process, for your own code, the official SDKs or the `aliyun` CLI. It
//! prints the URL it listens on as the first line of stdout (so a script can read it; `--listen 127.0.0.1:0` picks a
//! free port), serves until Ctrl-C or SIGTERM, then lets the requests in flight finish and exits 0.

use std::io::Write as _;
use std::net::SocketAddr;
use std::time::SystemTime;

use alicert_api::products::PRODUCTS;
use alicert_emulator::{ClockSkew, DEFAULT_ACCESS_KEY_ID, EmulatorConfig, FaultSpec, Pace};
use tokio::net::TcpListener;

use crate::context::Context;
use crate::exit;
use crate::failure::Failure;
use crate::secrets;
use crate::style;

/// `alicert emulator`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
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
    /// Accept only keys the emulator's STS issued (AssumeRole, AssumeRoleWithOIDC) for every product's calls: the
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

/// Runs the emulator until interrupted.
pub async fn run(context: &Context, args: &Args) -> Result<u8, Failure> {
    let ui = &context.ui;
    let mut config = EmulatorConfig::new()
        .with_workers(args.workers)
        .with_pace(args.pace);
    if let Some(seed) = args.seed {
        config = config.with_seed(seed);
    }
    if let Some(skew) = args.skew {
        config = config.with_clock_skew(skew);
    }
    for fault in &args.fault {
        config = config.with_fault(fault.clone());
    }
    let key_id = match (&args.access_key_id, &args.access_key_secret) {
        (Some(id), Some(secret)) => {
            secrets::remember(secret);
            config = config.with_only_access_key(id.clone(), secret.clone());
            id.clone()
        }
        _ => DEFAULT_ACCESS_KEY_ID.to_owned(),
    };
    // clap makes the three STS options come together.
    let sts = match (
        &args.sts_access_key_id,
        &args.sts_access_key_secret,
        &args.sts_security_token,
    ) {
        (Some(id), Some(secret), Some(token)) => {
            secrets::remember(secret);
            secrets::remember(token);
            let expires_at = args
                .sts_expiration
                .map(|expiration| expiration.resolve(SystemTime::now()));
            config = config.with_sts_key(id.clone(), secret.clone(), token.clone(), expires_at);
            Some((id.clone(), expires_at))
        }
        _ => None,
    };
    for (provider_arn, token) in &args.oidc_token {
        secrets::remember(token);
        config = config.with_oidc_token(provider_arn.clone(), token.clone());
    }
    if args.only_issued_keys {
        config = config.with_only_issued_keys();
    }
    let listener = TcpListener::bind(args.listen)
        .await
        .map_err(|error| Failure::Internal(format!("cannot listen on {}: {error}", args.listen)))?;
    let address = listener.local_addr().map_err(|error| {
        Failure::Internal(format!("cannot read the listening address: {error}"))
    })?;
    let url = format!("http://{address}");
    ui.line(&url)?;
    // The URL line must reach a script reading our stdout now, not when a buffer fills.
    let _ = std::io::stdout().flush();
    if !ui.quiet() {
        let mut err = std::io::stderr().lock();
        let products: Vec<String> = PRODUCTS
            .iter()
            .map(|product| format!("{} {}", product.code, product.version))
            .collect();
        let _ = writeln!(
            err,
            "{} serving {} and sts 2015-04-01 on {url}",
            style::heading().for_stderr().apply_to("alicert emulator"),
            products.join(", ")
        );
        let default_pair = if args.access_key_id.is_none() {
            " (the demo pair; its secret is in `alicert emulator --help`)"
        } else {
            ""
        };
        let _ = writeln!(err, "  AccessKey ID  {key_id}{default_pair}");
        if args.only_issued_keys {
            let _ = writeln!(
                err,
                "                (may only call sts AssumeRole: the products take only the keys it issues)"
            );
        }
        for (provider_arn, _) in &args.oidc_token {
            let _ = writeln!(
                err,
                "  OIDC provider {provider_arn} (AssumeRoleWithOIDC accepts its token)"
            );
        }
        if let Some((id, expires_at)) = &sts {
            let expiry = expires_at.map_or_else(
                || "never expires".to_owned(),
                |at| format!("expires {}", alicert_core::time::format_iso8601(at)),
            );
            let _ = writeln!(err, "  STS key ID    {id} (its token {expiry})");
        }
        let _ = writeln!(
            err,
            "  jobs          8888 ({} workers), 9001 (progresses at {}), 9002-9008",
            args.workers, args.pace
        );
        let _ = writeln!(err, "  VOD domains   example.com, *.alicert-demo.com");
        if !args.fault.is_empty() {
            let _ = writeln!(err, "  faults        {}", args.fault.len());
        }
        let _ = writeln!(
            err,
            "  try           {}",
            style::command()
                .for_stderr()
                .apply_to(format!("alicert --endpoint {url} job 8888"))
        );
        let _ = writeln!(err, "Ctrl-C stops it (requests in flight finish first).");
    }
    alicert_emulator::serve(listener, config, shutdown_signal())
        .await
        .map_err(|error| Failure::Internal(format!("the emulator stopped: {error}")))?;
    Ok(exit::OK)
}

/// Completes on Ctrl-C, or on SIGTERM where there is one.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

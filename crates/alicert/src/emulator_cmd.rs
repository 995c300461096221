//! `alicert emulator`: the emulator as a process, for your own code, the official SDKs or the `aliyun` CLI. It
//! prints the URL it listens on as the first line of stdout (so a script can read it; `--listen 127.0.0.1:0` picks a
//! free port), serves until Ctrl-C or SIGTERM, then lets the requests in flight finish and exits 0.

use std::io::Write as _;
use std::time::SystemTime;

use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, EmulatorConfig};
use tokio::net::TcpListener;

use crate::cli::EmulatorArgs;
use crate::errors::Failure;
use crate::exit;
use crate::output::{Ui, style};
use crate::secrets;

/// Runs the emulator until interrupted.
pub async fn run(ui: &Ui, args: &EmulatorArgs) -> Result<u8, Failure> {
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
        let _ = writeln!(
            err,
            "{} serving cas 2020-04-07, vod 2017-03-21 and sts 2015-04-01 on {url}",
            style::heading().for_stderr().apply_to("alicert emulator")
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
                "                (may only call sts AssumeRole: cas and vod take only the keys it issues)"
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

//! `alicert-bench serve`: the one emulator every contender of a run talks to (ours, the floor, the official Python
//! SDK, the pager and the load generator), spawned in this process on a free loopback port, and beside it the bare
//! HTTP server that is the emulator's floor ([`crate::bare`]). It prints `{"url": ..., "bare_url": ...}` on a line
//! as soon as both listen, serves until its standard input closes (so it cannot outlive the
//! `cargo xtask bench` that started it, even if that one is killed), then prints how many requests it answered and
//! how many of them failed, which the report checks.

use std::io::{BufRead as _, Write as _};

use alicert_emulator::{Emulator, EmulatorConfig, Pace};
use anyhow::{Context, Result};
use serde_json::json;

/// Serves with `workers` workers on job 8888 until standard input reaches its end.
pub async fn run(workers: u64) -> Result<()> {
    // The emulator remembers nonces and requests up to a capacity; the load runs send a few hundred thousand
    // requests, which the defaults already bound. The clock is frozen for job 9001 so that nothing moves mid-run.
    let config = EmulatorConfig::new()
        .with_workers(workers)
        .with_pace(Pace::FROZEN);
    let running = Emulator::spawn(config)
        .await
        .context("starting the emulator")?;
    // The emulator's floor, in this process like the emulator, so that both are loaded from the same distance.
    let bare_url = crate::bare::spawn_like(&running.url()).await?;
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(
            stdout,
            "{}",
            json!({ "url": running.url(), "bare_url": bare_url })
        )?;
        stdout.flush()?;
    }
    // Standard input is read on a plain thread: the runtime's workers stay free for serving.
    let (closed, wait) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        let mut sink = String::new();
        let mut stdin = std::io::stdin().lock();
        while matches!(stdin.read_line(&mut sink), Ok(read) if read > 0) {
            sink.clear();
        }
        let _ = closed.send(());
    });
    let _ = wait.await;
    let log = running.requests().snapshot();
    let failed: Vec<String> = log
        .iter()
        .filter(|record| !record.is_success())
        .take(5)
        .map(|record| {
            format!(
                "{} {}",
                record.status,
                record.code.as_deref().unwrap_or("(no code)")
            )
        })
        .collect();
    let failed_count = log.iter().filter(|record| !record.is_success()).count();
    running.shutdown().await.context("stopping the emulator")?;
    println!(
        "{}",
        json!({
            "kind": "serve",
            "requests_logged": log.len(),
            "failed": failed_count,
            "first_failures": failed,
        })
    );
    Ok(())
}

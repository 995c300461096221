//! One benchmark run from start to end: the context it ran in (machine, toolchain, commit, time), then every
//! contender in turn against the same emulator, then the report written and the summary line returned. The order
//! and sizes of the steps live here; starting processes is [`super::process`], reading their output
//! [`super::measure`], printing [`super::report`].

use std::path::Path;
use std::process::Command;
use std::time::{Instant, SystemTime};

use anyhow::{Context, Result};
use serde_json::json;

use super::measure::{Figures, RunContext, get, merge_rounds};
use super::process::{
    Server, build_harness, harness_json, measure_import, official, progress, python, time_generate,
};
use super::report::render;
use super::{CONCURRENCY, Options, WORKERS};

/// Runs everything, writes the report, and returns the summary line.
pub fn run(root: &Path, options: &Options) -> Result<String> {
    let started = Instant::now();
    let context = run_context(root);
    let quick = options.quick;
    let quick_flag: &[&str] = if quick { &["--quick"] } else { &[] };
    let python = python(root)?;
    let harness = build_harness(root)?;

    let mut sign_args = vec!["sign"];
    sign_args.extend_from_slice(quick_flag);
    let sign = harness_json(&harness, &sign_args, "timing our signers")?;

    let (sign_samples, sign_ms) = if quick { (21, 15) } else { (61, 25) };
    let official_sign = official(
        &python,
        root,
        &json!({
            "parts": ["sign"],
            "sign_cases": get(&sign, &["cases"])?,
            "sign": { "samples": sign_samples, "sample_ms": sign_ms },
        }),
        "timing the official Python SDK's signing functions",
    )?;

    let server = Server::start(&harness)?;
    let endpoint = server.url.clone();
    let concurrency = CONCURRENCY.to_string();
    // Rounds of ours-and-the-floor, then the official client: each round's figures are close in time, so the
    // per-round ratio to the official client survives the machine's load coming and going.
    let (rounds, our_samples, their_samples, sequential_calls, concurrent_calls) = if quick {
        (3, "3", 2, 150, 300)
    } else {
        (5, "4", 2, 300, 600)
    };
    let mut our_rounds = Vec::with_capacity(rounds);
    let mut their_rounds = Vec::with_capacity(rounds);
    for round in 1..=rounds {
        let mut e2e_args = vec![
            "e2e",
            "--endpoint",
            &endpoint,
            "--concurrency",
            &concurrency,
            "--samples",
            our_samples,
        ];
        e2e_args.extend_from_slice(quick_flag);
        our_rounds.push(harness_json(
            &harness,
            &e2e_args,
            &format!(
                "end to end, round {round} of {rounds}: our client and the bare-reqwest floor"
            ),
        )?);
        their_rounds.push(official(
            &python,
            root,
            &json!({
                "parts": ["e2e"],
                "endpoint": endpoint,
                "access_key_id": "alicert-demo-id",
                "access_key_secret": "alicert-demo-secret",
                "e2e": {
                    "samples": their_samples,
                    "sequential_calls": sequential_calls,
                    "concurrent_calls": concurrent_calls,
                    "concurrency": CONCURRENCY,
                },
            }),
            &format!("end to end, round {round} of {rounds}: the official Python client"),
        )?);
    }
    let (e2e, official_e2e) = merge_rounds(&our_rounds, &their_rounds)?;
    let mut official = official_sign;
    official["e2e"] = official_e2e;

    let workers = WORKERS.to_string();
    let mut page_variants: Vec<Vec<&str>> = vec![vec![], vec!["--prefetch", "4"]];
    if !quick {
        page_variants.push(vec!["--collect"]);
    }
    let mut pages = Vec::new();
    for variant in page_variants {
        let mut args = vec!["page", "--endpoint", &endpoint, "--workers", &workers];
        args.extend_from_slice(&variant);
        args.extend_from_slice(quick_flag);
        pages.push(harness_json(
            &harness,
            &args,
            &format!("paging {WORKERS} workers {}", variant.join(" ")),
        )?);
    }

    let bare = server.bare_url.clone();
    let mut load_args = vec!["load", "--endpoint", &endpoint, "--bare-endpoint", &bare];
    load_args.extend_from_slice(quick_flag);
    let load = harness_json(&harness, &load_args, "loading the emulator")?;
    let served = server.stop()?;

    let generate = time_generate(root, if quick { 3 } else { 5 })?;
    let import = measure_import(root, !quick)?;

    let figures = Figures {
        quick,
        sign,
        official,
        e2e,
        pages,
        load,
        served,
        generate,
        import,
        load_end: load_average(),
        seconds: started.elapsed().as_secs_f64(),
    };
    let (report, summary) = render(&context, &figures)?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("BENCHMARKS.md"));
    std::fs::write(&output, report).with_context(|| format!("writing {}", output.display()))?;
    progress(&format!(
        "wrote {} in {:.0} s",
        output.display(),
        started.elapsed().as_secs_f64()
    ));
    Ok(summary)
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_owned()
}

fn run_context(root: &Path) -> RunContext {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split_once(':'))
        .map_or_else(
            || "unknown CPU".to_owned(),
            |(_, name)| name.trim().to_owned(),
        );
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|line| line.starts_with("MemTotal:"))?;
            let kib: f64 = line["MemTotal:".len()..]
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .ok()?;
            Some(format!("{:.1} GiB RAM", kib / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown RAM".to_owned());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|text| format!("Linux {}", text.trim()))
        .unwrap_or_else(|_| std::env::consts::OS.to_owned());
    let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
        .arg("--version")
        .output()
        .map(|output| first_line(&String::from_utf8_lossy(&output.stdout)))
        .unwrap_or_else(|_| "rustc (unknown version)".to_owned());
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let commit = match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(hash) => {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|status| !status.is_empty());
            if dirty {
                format!("`{hash}` plus uncommitted changes in the working tree")
            } else {
                format!("`{hash}`")
            }
        }
        None => "unknown (not a git checkout)".to_owned(),
    };
    RunContext {
        date: utc_now(),
        commit,
        cpu,
        cpus: std::thread::available_parallelism().map_or(0, usize::from),
        memory,
        kernel,
        rustc,
        load_start: load_average(),
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// Now, as `YYYY-MM-DD hh:mm UTC`.
fn utc_now() -> String {
    let seconds = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    let of_day = seconds % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        of_day / 3600,
        of_day % 3600 / 60
    )
}

/// (year, month, day) of a count of days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub(super) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_797), (2024, 3, 15));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}

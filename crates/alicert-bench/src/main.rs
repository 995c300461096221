//! `alicert-bench`: the measuring half of `cargo xtask bench`. Each subcommand measures one thing and prints one JSON
//! object on standard output; `cargo xtask bench` builds this in release, runs the subcommands against one emulator
//! (`serve`), runs the official Python SDK against the same emulator, and writes `BENCHMARKS.md`. The subcommands can
//! be run by hand too (`cargo run --release -p alicert-bench -- e2e`); without `--endpoint` they spawn an emulator of
//! their own in this process.
//!
//! Benchmarks, not tests: nothing here asserts a timing. Failures (a refused call, a wrong count) are errors that
//! name what failed, with exit status 1.

mod bare;
mod cases;
mod e2e;
mod load;
mod paging;
mod presign;
mod serve;
mod signing;
mod stats;

use std::process::ExitCode;
use std::time::Duration;

use alicert_emulator::{Emulator, EmulatorConfig, Pace, RunningEmulator};
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use serde_json::Value;

/// The side-by-side benchmark harness behind `cargo xtask bench`.
#[derive(Debug, Parser)]
#[command(name = "alicert-bench", version)]
struct Cli {
    /// A shorter run: fewer and shorter samples (what `cargo xtask bench --quick` uses).
    #[arg(long, global = true)]
    quick: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve an emulator for the other subcommands and the Python side; print its URL, stop when stdin closes.
    Serve {
        /// Workers of job 8888.
        #[arg(long, default_value_t = 100_000)]
        workers: u64,
    },
    /// Time our V1 and V3 signers against the raw HMAC of the same string-to-sign.
    Sign,
    /// Calls per second of our client and of bare reqwest sending pre-signed requests, sequential and concurrent.
    E2e {
        /// The emulator to call; default: one spawned in this process.
        #[arg(long)]
        endpoint: Option<String>,
        /// Tasks calling at once in the concurrent mode.
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
        /// Samples per contender and mode (default 5 with `--quick`, 9 without).
        #[arg(long)]
        samples: Option<usize>,
        /// Only this contender, `--calls` calls from `--concurrency` tasks (1: sequential), nothing else: for
        /// running under a profiler.
        #[arg(long, value_enum)]
        only: Option<e2e::Contender>,
        /// Calls made with `--only`.
        #[arg(long, default_value_t = 2000)]
        calls: usize,
    },
    /// Page every worker of job 8888 and report the time and this process's peak RSS. Needs an emulator running
    /// elsewhere (`serve`), so that the peak is the client's alone.
    Page {
        /// The emulator to call (the `url` that `serve` printed).
        #[arg(long)]
        endpoint: String,
        /// Workers job 8888 has on that emulator (checked).
        #[arg(long, default_value_t = 100_000)]
        workers: u64,
        /// Pages in flight at once.
        #[arg(long, default_value_t = 1)]
        prefetch: usize,
        /// Keep every worker in memory instead of dropping each after looking at it.
        #[arg(long)]
        collect: bool,
    },
    /// Signed requests per second the emulator verifies and answers under concurrent load.
    Load {
        /// The emulator to load; default: one spawned in this process.
        #[arg(long)]
        endpoint: Option<String>,
        /// The bare server to load the same way (the `bare_url` that `serve` printed); default: one spawned in
        /// this process, answering what the emulator answers.
        #[arg(long)]
        bare_endpoint: Option<String>,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("alicert-bench: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(Some(report)) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("alicert-bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// An emulator in this process when no endpoint was given; kept alive for as long as it is in scope.
async fn endpoint_or_spawn(endpoint: Option<String>) -> Result<(String, Option<RunningEmulator>)> {
    match endpoint {
        Some(endpoint) => Ok((endpoint, None)),
        None => {
            let running = Emulator::spawn(EmulatorConfig::new().with_pace(Pace::FROZEN))
                .await
                .context("starting an emulator in this process")?;
            Ok((running.url(), Some(running)))
        }
    }
}

async fn run(cli: Cli) -> Result<Option<Value>> {
    let quick = cli.quick;
    match cli.command {
        Command::Serve { workers } => {
            serve::run(workers).await?;
            Ok(None)
        }
        Command::Sign => {
            // Many short samples: each round's pair (ours, floor) is close in time, so their ratio survives load
            // that comes and goes.
            let budget = if quick {
                stats::Budget {
                    samples: 21,
                    sample_time: Duration::from_millis(15),
                }
            } else {
                stats::Budget {
                    samples: 61,
                    sample_time: Duration::from_millis(25),
                }
            };
            Ok(Some(signing::run(budget)))
        }
        Command::E2e {
            endpoint,
            concurrency,
            samples,
            only,
            calls,
        } => {
            if concurrency == 0 {
                bail!("--concurrency must be at least 1");
            }
            let (endpoint, _emulator) = endpoint_or_spawn(endpoint).await?;
            if let Some(contender) = only {
                return Ok(Some(
                    e2e::profile(&endpoint, contender, calls, concurrency).await?,
                ));
            }
            let mut options = if quick {
                e2e::Options {
                    samples: 5,
                    sequential_calls: 500,
                    concurrent_calls: 2000,
                    concurrency,
                }
            } else {
                e2e::Options {
                    samples: 9,
                    sequential_calls: 1000,
                    concurrent_calls: 4000,
                    concurrency,
                }
            };
            if let Some(samples) = samples {
                options.samples = samples.max(1);
            }
            Ok(Some(e2e::run(&endpoint, options).await?))
        }
        Command::Page {
            endpoint,
            workers,
            prefetch,
            collect,
        } => {
            let options = paging::Options {
                job_id: 8888,
                expect_workers: workers,
                runs: if quick { 3 } else { 5 },
                prefetch: prefetch.max(1),
                collect,
            };
            Ok(Some(paging::run(&endpoint, options).await?))
        }
        Command::Load {
            endpoint,
            bare_endpoint,
            concurrency,
        } => {
            if concurrency == 0 {
                bail!("--concurrency must be at least 1");
            }
            let (endpoint, _emulator) = endpoint_or_spawn(endpoint).await?;
            let bare = match bare_endpoint {
                Some(bare) => bare,
                None => bare::spawn_like(&endpoint).await?,
            };
            let options = if quick {
                load::Options {
                    samples: 5,
                    requests: 5000,
                    concurrency,
                }
            } else {
                load::Options {
                    samples: 9,
                    requests: 20_000,
                    concurrency,
                }
            };
            Ok(Some(load::run(&endpoint, &bare, options).await?))
        }
    }
}

//! `cargo xtask bench [--quick]`: one side-by-side comparison, written to `BENCHMARKS.md`. "Fast" means nothing
//! without a baseline measured in the same run, and on a shared two-core machine only ratios hold, so every
//! contender runs here, against the same emulator, within minutes of the others:
//!
//! - signing: `alicert-bench sign` (ours and the raw HMAC floor) and the official Python SDK's own signing functions
//!   on the same cases (`tools/python/bench_official.py`);
//! - end to end: our client, bare reqwest sending pre-signed requests (the floor) and the official Python client,
//!   sequential and concurrent, against one `alicert-bench serve` emulator;
//! - paging every worker of a 100,000-worker job, in a process of its own so its peak RSS is the client's;
//! - the emulator's throughput under concurrent load;
//! - `cargo xtask generate`, and the clean build and dependency count of `alicert-api` imported as a user would.
//!
//! The harness is built in release and prints JSON; this module only orchestrates and writes the report. Its last
//! line on standard output is the one-line summary of `key=value` pairs the issue specifies.
//!
//! - [`run`]: the run, step by step, and the context it ran in;
//! - `process`: the processes it drives (harness, Python, emulator, cargo) and the figures it takes itself;
//! - `measure`: their JSON read into figures; `summary`: the headline figures and the summary line;
//! - `report`: `BENCHMARKS.md`, one function per section.

mod measure;
mod process;
mod report;
mod run;
mod summary;

use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};

pub use measure::Spread;
pub use run::run;

/// Workers of the paged job.
const WORKERS: u64 = 100_000;
/// Tasks calling at once in the concurrent end-to-end mode, for every contender.
const CONCURRENCY: u64 = 16;

/// What `cargo xtask bench` was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The shorter run (about two minutes): fewer samples, no clean build.
    pub quick: bool,
    /// Where the report goes (default `BENCHMARKS.md` at the root).
    pub output: Option<PathBuf>,
}

impl Options {
    /// Parses the arguments after `bench`: `--quick`, `--output PATH`.
    pub fn parse(args: &[&str]) -> Result<Self> {
        let mut options = Options {
            quick: false,
            output: None,
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            match *arg {
                "--quick" => options.quick = true,
                "--output" => {
                    let path = iter
                        .next()
                        .ok_or_else(|| anyhow!("--output needs a path"))?;
                    options.output = Some(PathBuf::from(path));
                }
                other => bail!("unknown argument to `cargo xtask bench`: {other}"),
            }
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_its_arguments() {
        assert_eq!(
            Options::parse(&["--quick"]).unwrap(),
            Options {
                quick: true,
                output: None
            }
        );
        assert_eq!(
            Options::parse(&["--output", "x.md"]).unwrap().output,
            Some(PathBuf::from("x.md"))
        );
        assert!(Options::parse(&["--fast"]).is_err());
        assert!(Options::parse(&["--output"]).is_err());
    }
}

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

use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};

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

/// min / median / max of one figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// Smallest sample.
    pub min: f64,
    /// Median sample.
    pub median: f64,
    /// Largest sample.
    pub max: f64,
}

impl Spread {
    fn from_json(value: &Value, what: &str) -> Result<Self> {
        let field = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_f64)
                .ok_or_else(|| anyhow!("{what}: no number `{name}` in {value}"))
        };
        Ok(Self {
            min: field("min")?,
            median: field("median")?,
            max: field("max")?,
        })
    }

    /// `min / median / max` with `decimals` decimals, thousands separated.
    fn show(self, decimals: usize) -> String {
        format!(
            "{} / **{}** / {}",
            number(self.min, decimals),
            number(self.median, decimals),
            number(self.max, decimals)
        )
    }
}

/// `value` with `decimals` decimals and thin groups of thousands (`12,345.6`).
fn number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let (integer, fraction) = match text.split_once('.') {
        Some((integer, fraction)) => (integer.to_owned(), format!(".{fraction}")),
        None => (text.clone(), String::new()),
    };
    let (sign, digits) = match integer.strip_prefix('-') {
        Some(digits) => ("-", digits),
        None => ("", integer.as_str()),
    };
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}{fraction}")
}

fn get<'a>(value: &'a Value, path: &[&str]) -> Result<&'a Value> {
    let mut current = value;
    for key in path {
        current = current
            .get(key)
            .ok_or_else(|| anyhow!("no `{}` in the harness output", path.join(".")))?;
    }
    Ok(current)
}

fn spread(value: &Value, path: &[&str]) -> Result<Spread> {
    Spread::from_json(get(value, path)?, &path.join("."))
}

fn progress(message: &str) {
    eprintln!("bench: {message}");
}

/// The program that runs cargo: the one running us when invoked as `cargo xtask`.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Runs `command`, returning its standard output; the error names `what` and quotes its standard error.
fn output_of(command: &mut Command, what: &str) -> Result<String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("starting {what}"))?;
    if !output.status.success() {
        bail!(
            "{what} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim_end()
        );
    }
    String::from_utf8(output.stdout)
        .with_context(|| format!("{what} printed text that is not UTF-8"))
}

/// Runs a harness subcommand and parses the one JSON object it prints.
fn harness_json(harness: &Path, args: &[&str], what: &str) -> Result<Value> {
    progress(what);
    let stdout = output_of(Command::new(harness).args(args), what)?;
    serde_json::from_str(stdout.trim()).with_context(|| format!("{what} printed no JSON object"))
}

/// The venv's python, creating the venv with `tools/python/setup.sh` when needed (it does nothing when the pins are
/// already installed).
fn python(root: &Path) -> Result<PathBuf> {
    let venv = std::env::var_os("ALICERT_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv"));
    let python = venv.join("bin").join("python");
    let setup = root.join("tools/python/setup.sh");
    progress("checking the official SDK's venv (tools/python/setup.sh)");
    let status = Command::new("bash")
        .arg(&setup)
        .stdin(Stdio::null())
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => bail!(
            "tools/python/setup.sh failed ({status}): the official Python SDK's venv is missing or incomplete. \
             Run tools/python/setup.sh yourself (it needs python3 with venv and access to PyPI) and try again."
        ),
        Err(error) => bail!(
            "cannot run tools/python/setup.sh ({error}): the official Python SDK's venv is needed. Run \
             tools/python/setup.sh yourself (it needs bash, python3 with venv and access to PyPI)."
        ),
    }
    if !python.is_file() {
        bail!(
            "{} does not exist after tools/python/setup.sh: run tools/python/setup.sh and check its output",
            python.display()
        );
    }
    Ok(python)
}

/// Builds the harness in release and returns the path of its executable.
fn build_harness(root: &Path) -> Result<PathBuf> {
    progress("building alicert-bench (release)");
    let output = Command::new(cargo())
        .current_dir(root)
        .args([
            "build",
            "--release",
            "--package",
            "alicert-bench",
            "--message-format=json-render-diagnostics",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("starting cargo build")?;
    if !output.status.success() {
        bail!("building alicert-bench failed (see the compiler output above)");
    }
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] == "compiler-artifact"
            && message["target"]["name"] == "alicert-bench"
            && let Some(executable) = message["executable"].as_str()
        {
            return Ok(PathBuf::from(executable));
        }
    }
    bail!("cargo build did not report the alicert-bench executable")
}

/// The emulator every contender calls: `alicert-bench serve`, stopped by closing its standard input.
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    url: String,
    /// The bare HTTP server beside the emulator that answers the same bytes: the emulator's floor.
    bare_url: String,
}

impl Server {
    fn start(harness: &Path) -> Result<Self> {
        progress(&format!(
            "starting the emulator ({WORKERS} workers on job 8888)"
        ));
        let mut child = Command::new(harness)
            .args(["serve", "--workers", &WORKERS.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting `alicert-bench serve`")?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            bail!("`alicert-bench serve` started without pipes");
        };
        let mut server = Self {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            url: String::new(),
            bare_url: String::new(),
        };
        let mut line = String::new();
        server
            .stdout
            .read_line(&mut line)
            .context("reading the emulator's address")?;
        let announced: Value = serde_json::from_str(line.trim())
            .with_context(|| format!("`alicert-bench serve` printed {line:?}, not its address"))?;
        server.url = announced["url"]
            .as_str()
            .ok_or_else(|| anyhow!("`alicert-bench serve` printed no url: {line:?}"))?
            .to_owned();
        server.bare_url = announced["bare_url"]
            .as_str()
            .ok_or_else(|| anyhow!("`alicert-bench serve` printed no bare_url: {line:?}"))?
            .to_owned();
        Ok(server)
    }

    /// Stops the emulator and returns what it reports about the requests it answered.
    fn stop(mut self) -> Result<Value> {
        drop(self.stdin.take());
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .context("reading the emulator's closing report")?;
        let status = self.child.wait().context("waiting for the emulator")?;
        if !status.success() {
            bail!("`alicert-bench serve` exited with {status}");
        }
        serde_json::from_str(line.trim())
            .with_context(|| format!("the emulator's closing report is not JSON: {line:?}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Only on an error path: `stop` has already waited. Closing stdin ends it; kill it if it lingers.
        drop(self.stdin.take());
        if let Ok(None) = self.child.try_wait() {
            std::thread::sleep(Duration::from_millis(200));
            if let Ok(None) = self.child.try_wait() {
                let _ = self.child.kill();
            }
            let _ = self.child.wait();
        }
    }
}

/// Runs the official SDK's side on the cases the harness signed and against the running emulator.
fn official(python: &Path, root: &Path, config: &Value, what: &str) -> Result<Value> {
    progress(what);
    let script = root.join("tools/python/bench_official.py");
    let mut child = Command::new(python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {}", script.display()))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(config.to_string().as_bytes())
            .context("writing the configuration to bench_official.py")?;
    }
    let output = child
        .wait_with_output()
        .context("waiting for bench_official.py")?;
    if !output.status.success() {
        bail!(
            "tools/python/bench_official.py failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim_end()
        );
    }
    serde_json::from_slice(&output.stdout).context("bench_official.py printed no JSON object")
}

/// The `samples` of the summary at `path`.
fn samples_at(value: &Value, path: &[&str]) -> Result<Vec<f64>> {
    get(value, path)?["samples"]
        .as_array()
        .ok_or_else(|| anyhow!("no samples at `{}`", path.join(".")))?
        .iter()
        .map(|sample| {
            sample
                .as_f64()
                .ok_or_else(|| anyhow!("a sample at `{}` is not a number", path.join(".")))
        })
        .collect()
}

/// Microseconds per call from (CPU nanoseconds, calls); null when nothing was measured.
fn micros_per_call((nanos, calls): (f64, f64)) -> Value {
    if calls > 0.0 {
        json!(nanos / 1000.0 / calls)
    } else {
        Value::Null
    }
}

/// A summary in the harness's JSON shape.
fn summary_json(samples: &[f64]) -> Value {
    let spread = spread_of(samples);
    json!({ "min": spread.min, "median": spread.median, "max": spread.max, "samples": samples })
}

/// Pools the rounds: every sample of ours, the floor's and the official client's, and, per round, our median rate
/// over the official client's (`ours_over_official`). Returns (ours, official) in the shapes the report reads.
fn merge_rounds(ours: &[Value], theirs: &[Value]) -> Result<(Value, Value)> {
    let first = ours
        .first()
        .ok_or_else(|| anyhow!("no end-to-end round ran"))?;
    let first_theirs = theirs
        .first()
        .ok_or_else(|| anyhow!("no official end-to-end round ran"))?;
    let mut merged = json!({
        "rounds": ours.len(),
        "samples": ours.iter().map(|round| round["samples"].as_u64().unwrap_or(0)).sum::<u64>(),
        "concurrency": first["concurrency"],
        "sequential_calls": first["sequential_calls"],
        "concurrent_calls": first["concurrent_calls"],
    });
    let mut official = json!({
        "rounds": theirs.len(),
        "samples": theirs.iter().map(|round| round["e2e"]["samples"].as_u64().unwrap_or(0)).sum::<u64>(),
        "sequential_calls": first_theirs["e2e"]["sequential_calls"],
        "concurrent_calls": first_theirs["e2e"]["concurrent_calls"],
    });
    for (mode, official_key) in [
        ("sequential", "sequential_calls_per_s"),
        ("concurrent", "concurrent_calls_per_s"),
    ] {
        let (mut ours_all, mut floor_all, mut ratio_all, mut theirs_all) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut versus, mut floor_versus) = (Vec::new(), Vec::new());
        // CPU nanoseconds and calls, (ours, floor), summed over the rounds.
        let (mut ours_cpu, mut floor_cpu) = ((0.0, 0.0), (0.0, 0.0));
        for (our_round, their_round) in ours.iter().zip(theirs) {
            let our_rates = samples_at(our_round, &[mode, "ours_calls_per_s"])?;
            let their_rates = samples_at(their_round, &["e2e", official_key])?;
            let floor_rates = samples_at(our_round, &[mode, "floor_calls_per_s"])?;
            let their_median = spread_of(&their_rates).median;
            versus.push(spread_of(&our_rates).median / their_median);
            floor_versus.push(spread_of(&floor_rates).median / their_median);
            floor_all.extend(floor_rates);
            ratio_all.extend(samples_at(our_round, &[mode, "ours_time_over_floor"])?);
            ours_all.extend(our_rates);
            theirs_all.extend(their_rates);
            for (total, key) in [(&mut ours_cpu, "ours_cpu"), (&mut floor_cpu, "floor_cpu")] {
                total.0 += our_round[mode][key]["nanos"].as_f64().unwrap_or(0.0);
                total.1 += our_round[mode][key]["calls"].as_f64().unwrap_or(0.0);
            }
        }
        merged[mode] = json!({
            "ours_calls_per_s": summary_json(&ours_all),
            "floor_calls_per_s": summary_json(&floor_all),
            "ours_time_over_floor": summary_json(&ratio_all),
            "ours_over_official": summary_json(&versus),
            "floor_over_official": summary_json(&floor_versus),
            "ours_cpu_us_per_call": micros_per_call(ours_cpu),
            "floor_cpu_us_per_call": micros_per_call(floor_cpu),
        });
        official[official_key] = summary_json(&theirs_all);
    }
    Ok((merged, official))
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Result<Self> {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .subsec_nanos();
        let path = std::env::temp_dir().join(format!(
            "alicert-bench-{label}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Self(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Seconds per `cargo xtask generate`: the generator over `spec/*.yaml` and the writing of its files, into a
/// scratch copy of the tree so the checked-in files are never touched, in this process (so in xtask's own build
/// profile, as `cargo xtask generate` runs it).
fn time_generate(root: &Path, runs: usize) -> Result<Spread> {
    progress("timing `cargo xtask generate`");
    let scratch = TempDir::new("generate")?;
    let spec = scratch.0.join("spec");
    std::fs::create_dir_all(&spec)?;
    for entry in std::fs::read_dir(root.join("spec")).context("reading spec/")? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().ends_with(".yaml") {
            std::fs::copy(entry.path(), spec.join(entry.file_name()))
                .context("copying a spec file")?;
        }
    }
    let mut seconds = Vec::with_capacity(runs);
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(scratch.0.join("crates"));
        let started = Instant::now();
        let written = crate::generate::write(&scratch.0)?;
        seconds.push(started.elapsed().as_secs_f64());
        if written.is_empty() {
            bail!("`cargo xtask generate` into a scratch tree wrote nothing");
        }
    }
    Ok(spread_of(&seconds))
}

fn spread_of(samples: &[f64]) -> Spread {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let count = sorted.len();
    if count == 0 {
        return Spread {
            min: 0.0,
            median: 0.0,
            max: 0.0,
        };
    }
    let median = if count % 2 == 1 {
        sorted[count / 2]
    } else {
        (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0
    };
    Spread {
        min: sorted[0],
        median,
        max: sorted[count - 1],
    }
}

/// What importing `alicert-api` costs a user: a scratch crate depending on it by path with default features.
struct Import {
    dependencies: usize,
    clean_build_seconds: Option<f64>,
}

fn measure_import(root: &Path, clean_build: bool) -> Result<Import> {
    progress(if clean_build {
        "counting alicert-api's dependencies and building it from clean (a few minutes)"
    } else {
        "counting alicert-api's dependencies"
    });
    let scratch = TempDir::new("import")?;
    let api = root.join("crates/alicert-api");
    std::fs::write(
        scratch.0.join("Cargo.toml"),
        format!(
            "[package]\nname = \"alicert-import\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nalicert-api = {{ path = {:?} }}\n\n[workspace]\n",
            api.display().to_string()
        ),
    )?;
    std::fs::create_dir_all(scratch.0.join("src"))?;
    std::fs::write(
        scratch.0.join("src/main.rs"),
        "fn main() {\n    let config = alicert_api::Config::builder().region(\"cn-hangzhou\").build();\n    \
         println!(\"{}\", config.is_ok());\n}\n",
    )?;
    // The workspace's lock file, so the scratch crate resolves to the versions the project is tested with.
    let _ = std::fs::copy(root.join("Cargo.lock"), scratch.0.join("Cargo.lock"));
    let target = scratch.0.join("target");

    let tree = output_of(
        Command::new(cargo())
            .current_dir(&scratch.0)
            .env("CARGO_TARGET_DIR", &target)
            .args(["tree", "--edges", "normal", "--prefix", "none"]),
        "cargo tree",
    )?;
    let mut crates: Vec<&str> = tree
        .lines()
        .map(|line| line.trim_end_matches(" (*)").trim())
        .filter(|line| !line.is_empty() && !line.starts_with("alicert-import "))
        .collect();
    crates.sort_unstable();
    crates.dedup();

    let clean_build_seconds = if clean_build {
        let started = Instant::now();
        output_of(
            Command::new(cargo())
                .current_dir(&scratch.0)
                .env("CARGO_TARGET_DIR", &target)
                .args(["build", "--quiet"]),
            "the clean build of alicert-api",
        )?;
        Some(started.elapsed().as_secs_f64())
    } else {
        None
    };
    Ok(Import {
        dependencies: crates.len(),
        clean_build_seconds,
    })
}

/// The machine, the toolchain and the moment, for the report's header.
struct RunContext {
    date: String,
    commit: String,
    cpu: String,
    cpus: usize,
    memory: String,
    kernel: String,
    rustc: String,
    load_start: String,
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
fn civil_from_days(days: i64) -> (i64, u32, u32) {
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

/// Everything measured, gathered from the harness, the Python side and this process.
struct Figures {
    quick: bool,
    sign: Value,
    official: Value,
    e2e: Value,
    pages: Vec<Value>,
    load: Value,
    served: Value,
    generate: Spread,
    import: Import,
    load_end: String,
    /// How long the whole run took, up to writing the report.
    seconds: f64,
}

/// One signing case: ours, the floor, and the official SDK.
struct SignRow {
    name: String,
    bytes: u64,
    ours: Spread,
    floor: Spread,
    /// Ours over the floor, round by round (their samples alternate).
    ours_over_floor: Spread,
    official: Spread,
    same_signature: bool,
    /// V1 only: the general signer, its ratio to the floor, the floor from a prepared key, and ours over that.
    v1_extra: Option<V1Extra>,
}

/// What the harness measures beside a V1 case's main figures.
struct V1Extra {
    general: Spread,
    general_over_floor: Spread,
    prepared_floor: Spread,
    ours_over_prepared_floor: Spread,
}

fn sign_rows(figures: &Figures) -> Result<Vec<SignRow>> {
    let ours = get(&figures.sign, &["results"])?
        .as_array()
        .ok_or_else(|| anyhow!("the harness's sign results are not a list"))?;
    let theirs = get(&figures.official, &["sign"])?
        .as_array()
        .ok_or_else(|| anyhow!("the official sign results are not a list"))?;
    ours.iter()
        .map(|result| {
            let name = get(result, &["name"])?
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let official = theirs
                .iter()
                .find(|entry| entry["name"] == name.as_str())
                .ok_or_else(|| anyhow!("the official side did not sign {name}"))?;
            Ok(SignRow {
                bytes: result["string_to_sign_bytes"].as_u64().unwrap_or(0),
                ours: spread(result, &["ours_ns"])?,
                floor: spread(result, &["hmac_floor_ns"])?,
                ours_over_floor: spread(result, &["ours_over_floor"])?,
                official: spread(official, &["ns"])?,
                same_signature: result["signature"] == official["signature"],
                v1_extra: match result.get("general_ns") {
                    Some(_) => Some(V1Extra {
                        general: spread(result, &["general_ns"])?,
                        general_over_floor: spread(result, &["general_over_floor"])?,
                        prepared_floor: spread(result, &["prepared_floor_ns"])?,
                        ours_over_prepared_floor: spread(result, &["ours_over_prepared_floor"])?,
                    }),
                    None => None,
                },
                name,
            })
        })
        .collect()
}

/// The figures the summary line and the goals are made of.
struct Headline {
    sign_v1_ns: f64,
    sign_v1_vs_hmac_floor: f64,
    sign_v1_vs_official: f64,
    sign_v3_vs_official: f64,
    e2e_vs_official: f64,
    e2e_concurrent_vs_official: f64,
    floor_vs_official: f64,
    floor_concurrent_vs_official: f64,
    /// Client CPU microseconds per call: (ours, floor), sequential then concurrent.
    cpu_sequential: (f64, f64),
    cpu_concurrent: (f64, f64),
    sdk_vs_raw_http: f64,
    sdk_vs_raw_http_concurrent: f64,
    pages_100k_s: f64,
    pages_100k_rss_mib: f64,
    pages_requests: u64,
    emulator_rps: f64,
    bare_http_rps: f64,
    emulator_vs_bare_http: f64,
}

fn headline(figures: &Figures, rows: &[SignRow]) -> Result<Headline> {
    let row = |name: &str| {
        rows.iter()
            .find(|row| row.name == name)
            .ok_or_else(|| anyhow!("no signing result for {name}"))
    };
    let v1 = row("v1_typical")?;
    let v3 = row("v3_typical")?;
    let page = figures
        .pages
        .first()
        .ok_or_else(|| anyhow!("no paging result"))?;
    Ok(Headline {
        sign_v1_ns: v1.ours.median,
        sign_v1_vs_hmac_floor: v1.ours_over_floor.median,
        sign_v1_vs_official: v1.official.median / v1.ours.median,
        sign_v3_vs_official: v3.official.median / v3.ours.median,
        e2e_vs_official: spread(&figures.e2e, &["sequential", "ours_over_official"])?.median,
        e2e_concurrent_vs_official: spread(&figures.e2e, &["concurrent", "ours_over_official"])?
            .median,
        floor_vs_official: spread(&figures.e2e, &["sequential", "floor_over_official"])?.median,
        floor_concurrent_vs_official: spread(&figures.e2e, &["concurrent", "floor_over_official"])?
            .median,
        cpu_sequential: (
            figures.e2e["sequential"]["ours_cpu_us_per_call"]
                .as_f64()
                .unwrap_or(f64::NAN),
            figures.e2e["sequential"]["floor_cpu_us_per_call"]
                .as_f64()
                .unwrap_or(f64::NAN),
        ),
        cpu_concurrent: (
            figures.e2e["concurrent"]["ours_cpu_us_per_call"]
                .as_f64()
                .unwrap_or(f64::NAN),
            figures.e2e["concurrent"]["floor_cpu_us_per_call"]
                .as_f64()
                .unwrap_or(f64::NAN),
        ),
        sdk_vs_raw_http: spread(&figures.e2e, &["sequential", "ours_time_over_floor"])?.median,
        sdk_vs_raw_http_concurrent: spread(&figures.e2e, &["concurrent", "ours_time_over_floor"])?
            .median,
        pages_100k_s: spread(page, &["seconds"])?.median,
        pages_100k_rss_mib: get(page, &["peak_rss_mib"])?.as_f64().unwrap_or(f64::NAN),
        pages_requests: page["requests_per_listing"].as_u64().unwrap_or(0),
        emulator_rps: spread(&figures.load, &["requests_per_s"])?.median,
        bare_http_rps: spread(&figures.load, &["bare_requests_per_s"])?.median,
        emulator_vs_bare_http: spread(&figures.load, &["emulator_over_bare"])?.median,
    })
}

/// What limits each goal that was missed, from this run's own figures, so the report explains itself.
fn notes(head: &Headline, rows: &[SignRow]) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(v1) = rows.iter().find(|row| row.name == "v1_typical")
        && head.sign_v1_vs_hmac_floor > 2.0
    {
        let prepared = v1
            .v1_extra
            .as_ref()
            .map(|extra| extra.prepared_floor.median)
            .unwrap_or(v1.floor.median);
        notes.push(format!(
            "V1 signing: the raw HMAC takes {:.0} ns of our {:.0} ns, and {:.0} ns from the prepared key we sign \
             with; the other {:.0} ns are canonicalisation (merging the business parameters into the common ones' \
             fixed order, percent-encoding the values once into the query and twice into the string-to-sign, \
             base64, the three strings `V1Stages` returns). This ratio depends on the moment more than its spread \
             shows: on this shared host the same binary has signed in 0.65 µs and in 0.95 µs minutes apart while \
             the floor, done by the CPU's SHA instructions, stayed at 0.37 to 0.39 µs.",
            v1.floor.median,
            v1.ours.median,
            prepared,
            v1.ours.median - prepared
        ));
    }
    if head.sdk_vs_raw_http > 1.15
        || head.sdk_vs_raw_http_concurrent > 1.25
        || head.client_cpu_vs_floor_concurrent() > 1.3
    {
        notes.push(format!(
            "Against the floor: our time per call is {:.2}× (sequential) and {:.2}× (16 tasks) the floor's, and \
             our client process spends {:.1} µs of CPU per call against the floor's {:.1} µs (sequential), {:.1} µs \
             against {:.1} µs (16 tasks). What we add per call is signing (V1, a fresh nonce), flattening the \
             parameters, the typed decoding of the answer, and the runtime's bookkeeping (credentials, rate limit, \
             spans); when the calls are many and the two cores are busy, that CPU is what limits the rate.",
            head.sdk_vs_raw_http,
            head.sdk_vs_raw_http_concurrent,
            head.cpu_sequential.0,
            head.cpu_sequential.1,
            head.cpu_concurrent.0,
            head.cpu_concurrent.1,
        ));
    }
    if head.pages_100k_s >= 2.0 || head.pages_100k_rss_mib >= 64.0 {
        notes.push(format!(
            "Paging: {:.3} s and {:.1} MiB peak for 100,000 workers in {} requests.",
            head.pages_100k_s, head.pages_100k_rss_mib, head.pages_requests
        ));
    }
    notes
}

impl Headline {
    /// Our client's CPU per call over the floor's, 16 tasks calling at once.
    fn client_cpu_vs_floor_concurrent(&self) -> f64 {
        self.cpu_concurrent.0 / self.cpu_concurrent.1
    }

    /// The one line of `key=value` pairs, exactly the keys the issues name, in their order.
    fn summary_line(&self) -> String {
        format!(
            "sign_v1_ns={:.0} sign_v1_vs_hmac_floor={:.2} sign_v1_vs_official={:.1} sign_v3_vs_official={:.1} \
             e2e_vs_official={:.1} sdk_vs_raw_http={:.2} sdk_vs_raw_http_concurrent={:.2} \
             client_cpu_vs_floor_concurrent={:.2} pages_100k_s={:.3} pages_100k_rss_mib={:.1} emulator_rps={:.0} \
             emulator_vs_bare_http={:.2}",
            self.sign_v1_ns,
            self.sign_v1_vs_hmac_floor,
            self.sign_v1_vs_official,
            self.sign_v3_vs_official,
            self.e2e_vs_official,
            self.sdk_vs_raw_http,
            self.sdk_vs_raw_http_concurrent,
            self.client_cpu_vs_floor_concurrent(),
            self.pages_100k_s,
            self.pages_100k_rss_mib,
            self.emulator_rps,
            self.emulator_vs_bare_http,
        )
    }
}

fn yes_no(met: bool) -> &'static str {
    if met { "yes" } else { "**no**" }
}

fn case_label(name: &str) -> &'static str {
    match name {
        "v1_typical" => "V1, typical (DescribeDeploymentJob, 9 parameters)",
        "v1_long" => "V1, long (30 parameters, non-ASCII)",
        "v3_typical" => "V3, typical (DescribeDeploymentJob, 6 signed headers)",
        "v3_long" => "V3, long (22 query parameters, non-ASCII)",
        _ => "other",
    }
}

fn render(context: &RunContext, figures: &Figures) -> Result<(String, String)> {
    let python = &figures.official["python"];
    let rows = sign_rows(figures)?;
    let head = headline(figures, &rows)?;
    let summary = head.summary_line();
    let mut out = String::new();
    let mode = if figures.quick {
        "cargo xtask bench --quick"
    } else {
        "cargo xtask bench"
    };
    let sdk = &figures.official["sdk"];
    let sdk_text = |name: &str| sdk[name].as_str().unwrap_or("?").to_owned();

    writeln!(out, "# Benchmarks")?;
    writeln!(out)?;
    writeln!(
        out,
        "Written by `{mode}` on {}, at commit {}. Do not edit by hand: rerun the command.",
        context.date, context.commit
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "- Machine: {}, {} logical CPUs, {}; {}; load average {} at the start, {} at the end (the machine is \
         shared: other builds run beside this one).",
        context.cpu,
        context.cpus,
        context.memory,
        context.kernel,
        context.load_start,
        figures.load_end
    )?;
    writeln!(
        out,
        "- Rust: {} (harness built with `--release`).",
        context.rustc
    )?;
    writeln!(
        out,
        "- Official SDK: Python {} with alibabacloud-tea-openapi {}, alibabacloud-cas20200407 {}, darabonba-core {}, \
         requests {}, aiohttp {}.",
        python.as_str().unwrap_or("?"),
        sdk_text("alibabacloud-tea-openapi"),
        sdk_text("alibabacloud-cas20200407"),
        sdk_text("darabonba-core"),
        sdk_text("requests"),
        sdk_text("aiohttp")
    )?;
    writeln!(
        out,
        "- Every figure is **min / median / max** over its samples. Contenders that are compared take their samples in \
         turn, and a ratio is given as the spread of the ratios of neighbouring samples (or rounds) where there are \
         such pairs, else as the ratio of medians. On this noisy machine only ratios measured in the same run mean \
         much."
    )?;
    writeln!(out)?;

    writeln!(out, "## Summary")?;
    writeln!(out)?;
    writeln!(out, "```text\n{summary}\n```")?;
    writeln!(out)?;
    writeln!(
        out,
        "`_vs_official` is how many times faster we are than the official Python SDK; `sdk_vs_raw_http` is our \
         time per call divided by the bare-reqwest floor's; both end-to-end keys are the sequential figures (the \
         concurrent ones are in the tables)."
    )?;
    writeln!(out)?;

    writeln!(out, "## Goals")?;
    writeln!(out)?;
    writeln!(
        out,
        "The floor is bare reqwest sending the same request signed in advance; the emulator's floor is a bare hyper \
         server answering the same bytes under the same load."
    )?;
    writeln!(out)?;
    writeln!(out, "| goal | measured (medians) | met |")?;
    writeln!(out, "|---|---|---|")?;
    writeln!(
        out,
        "| time per call ÷ floor, sequential, at most 1.15 | {:.2}× | {} |",
        head.sdk_vs_raw_http,
        yes_no(head.sdk_vs_raw_http <= 1.15)
    )?;
    writeln!(
        out,
        "| time per call ÷ floor, 16 tasks, at most 1.25 | {:.2}× | {} |",
        head.sdk_vs_raw_http_concurrent,
        yes_no(head.sdk_vs_raw_http_concurrent <= 1.25)
    )?;
    writeln!(
        out,
        "| client CPU per call ÷ floor, 16 tasks, at most 1.3 | {:.2}× ({:.1} µs against {:.1} µs) | {} |",
        head.client_cpu_vs_floor_concurrent(),
        head.cpu_concurrent.0,
        head.cpu_concurrent.1,
        yes_no(head.client_cpu_vs_floor_concurrent() <= 1.3)
    )?;
    writeln!(
        out,
        "| V1 signing ÷ raw HMAC floor, at most 1.5 | {:.2}× | {} |",
        head.sign_v1_vs_hmac_floor,
        yes_no(head.sign_v1_vs_hmac_floor <= 1.5)
    )?;
    writeln!(
        out,
        "| 100,000 workers paged, peak RSS at most 64 MiB | {:.1} MiB ({:.3} s in {} requests) | {} |",
        head.pages_100k_rss_mib,
        head.pages_100k_s,
        head.pages_requests,
        yes_no(head.pages_100k_rss_mib <= 64.0)
    )?;
    writeln!(
        out,
        "| (no goal) the emulator's verified requests per second ÷ the bare server's | {:.2}× ({:.0} against {:.0}) \
         | - |",
        head.emulator_vs_bare_http, head.emulator_rps, head.bare_http_rps
    )?;
    writeln!(
        out,
        "| (no goal) against the official Python client | sequential {:.1}×, 16 tasks {:.1}× (the floor: {:.1}×, \
         {:.1}×) | - |",
        head.e2e_vs_official,
        head.e2e_concurrent_vs_official,
        head.floor_vs_official,
        head.floor_concurrent_vs_official
    )?;
    writeln!(out)?;

    let notes = notes(&head, &rows);
    for note in &notes {
        writeln!(out, "- {note}")?;
    }
    if !notes.is_empty() {
        writeln!(out)?;
    }

    writeln!(out, "## Signing")?;
    writeln!(out)?;
    writeln!(
        out,
        "Nanoseconds per signature, same parameters, time and nonce on both sides. Ours: for V1 \
         `alicert_core::sign::v1::sign_call`, what the runtime signs every attempt with (common parameters by role, \
         a `SigningKey` prepared once per secret), and for V3 `v3::sign` (every stage returned). Floor: the bare HMAC \
         over our string-to-sign (HMAC-SHA1 keyed `secret&` for V1, HMAC-SHA256 for V3), which no signer avoids. \
         Official: `Utils.get_rpcsignature` (V1) and `Utils.get_authorization` (V3) from alibabacloud-tea-openapi. \
         \"Same signature\" checks both sides signed the same bytes."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| case | string-to-sign | ours (ns) | raw HMAC floor (ns) | ours ÷ floor | official Python (ns) | official ÷ ours | same signature |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|")?;
    for row in &rows {
        writeln!(
            out,
            "| {} | {} B | {} | {} | {} | {} | {:.1}× | {} |",
            case_label(&row.name),
            row.bytes,
            row.ours.show(0),
            row.floor.show(0),
            row.ours_over_floor.show(2),
            row.official.show(0),
            row.official.median / row.ours.median,
            if row.same_signature { "yes" } else { "**NO**" }
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "V1 both ways, in the same alternating samples: the general `v1::sign` (every parameter a pair, sorted and \
         encoded, the HMAC key schedule run each time), and the floor started from a prepared key, the way \
         `sign_call` starts (the key schedule is two of the HMAC's compressions)."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| case | general `sign` (ns) | general ÷ floor | prepared-key HMAC (ns) | ours ÷ prepared-key HMAC |"
    )?;
    writeln!(out, "|---|---|---|---|---|")?;
    for row in &rows {
        if let Some(extra) = &row.v1_extra {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                case_label(&row.name),
                extra.general.show(0),
                extra.general_over_floor.show(2),
                extra.prepared_floor.show(0),
                extra.ours_over_prepared_floor.show(2),
            )?;
        }
    }
    writeln!(out)?;

    let e2e = &figures.e2e;
    let official = &figures.official["e2e"];
    writeln!(out, "## End to end")?;
    writeln!(out)?;
    writeln!(
        out,
        "Calls per second of DescribeDeploymentJob(8888), signed V1, against one emulator (`alicert-bench serve`, \
         its own process) on loopback; every answer checked. Ours: the generated `cas::Client` (sign, send, read, \
         decode into the typed response). Floor: bare reqwest POSTing requests signed before the clock starts and \
         reading the body, nothing else. Official: the Python client with `signature_algorithm='v2'` (V1), \
         sequential with its sync client, concurrent with its async methods under asyncio. Concurrent: {} tasks \
         (or coroutines) sharing one client. {} rounds, each of our client and the floor ({} samples in all of {} \
         sequential and {} concurrent calls, the two alternating) followed by the official client ({} samples in \
         all of {} and {} calls). \"ours ÷ floor\" is per sample pair; \"ours ÷ official\" is per round (our \
         median rate over theirs), so both spreads show the noise. \"floor ÷ official\" is the same for the floor: \
         no client that sends HTTP through this emulator can beat it, so it bounds \"ours ÷ official\". \"Client \
         CPU per call\" is the CPU time (user and system, all threads, from `/proc/self/task/*/schedstat`) the \
         harness process spent on each contender's calls, over all rounds: unlike wall time it does not count \
         waiting for a core.",
        e2e["concurrency"],
        e2e["rounds"],
        e2e["samples"],
        e2e["sequential_calls"],
        e2e["concurrent_calls"],
        official["samples"],
        official["sequential_calls"],
        official["concurrent_calls"]
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| mode | ours (calls/s) | bare reqwest floor (calls/s) | official Python (calls/s) | ours time ÷ floor time | ours ÷ official | floor ÷ official (the ceiling) | client CPU per call, ours / floor (µs) |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|")?;
    for (mode, official_key) in [
        ("sequential", "sequential_calls_per_s"),
        ("concurrent", "concurrent_calls_per_s"),
    ] {
        let ours = spread(e2e, &[mode, "ours_calls_per_s"])?;
        let floor = spread(e2e, &[mode, "floor_calls_per_s"])?;
        let ratio = spread(e2e, &[mode, "ours_time_over_floor"])?;
        let versus = spread(e2e, &[mode, "ours_over_official"])?;
        let ceiling = spread(e2e, &[mode, "floor_over_official"])?;
        let theirs = spread(official, &[official_key])?;
        let cpu = |key: &str| {
            e2e[mode][key]
                .as_f64()
                .map_or_else(|| "n/a".to_owned(), |micros| format!("{micros:.1}"))
        };
        writeln!(
            out,
            "| {mode} | {} | {} | {} | {} | {} | {} | {} / {} |",
            ours.show(0),
            floor.show(0),
            theirs.show(0),
            ratio.show(2),
            versus.show(1),
            ceiling.show(1),
            cpu("ours_cpu_us_per_call"),
            cpu("floor_cpu_us_per_call"),
        )?;
    }
    writeln!(out)?;

    writeln!(out, "## Paging 100,000 workers")?;
    writeln!(out)?;
    writeln!(
        out,
        "`cas::Client::worker_pages` over job 8888 (100,000 workers) at ShowSize 1000, in a process of its own \
         (`alicert-bench page`), so the peak RSS (`VmHWM` from `/proc/self/status`, after all runs) is the client's \
         alone. Streamed: each worker is looked at and dropped; collected: all are kept in a `Vec`."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| variant | wall time (s) | requests per listing | runs | peak RSS (MiB) |"
    )?;
    writeln!(out, "|---|---|---|---|---|")?;
    for page in &figures.pages {
        let collect = page["collect"].as_bool().unwrap_or(false);
        let prefetch = page["prefetch"].as_u64().unwrap_or(1);
        let variant = format!(
            "{}, {}",
            if collect { "collected" } else { "streamed" },
            if prefetch > 1 {
                format!("{prefetch} pages in flight")
            } else {
                "one page at a time".to_owned()
            }
        );
        writeln!(
            out,
            "| {variant} | {} | {} | {} | {:.1} |",
            spread(page, &["seconds"])?.show(3),
            page["requests_per_listing"],
            page["runs"],
            page["peak_rss_mib"].as_f64().unwrap_or(f64::NAN)
        )?;
    }
    writeln!(out)?;

    if let Some(collected) = figures
        .pages
        .iter()
        .find(|page| page["collect"].as_bool() == Some(true))
    {
        writeln!(
            out,
            "Keeping every worker costs memory the stream does not: a decoded `WorkerResource` takes {} bytes \
             inline plus its strings, and the `Vec` that holds 100,000 of them grows by doubling, so the collected \
             listing peaks at {:.1} MiB where the streamed one stays at {:.1} MiB.",
            collected["worker_inline_bytes"],
            collected["peak_rss_mib"].as_f64().unwrap_or(f64::NAN),
            figures.pages[0]["peak_rss_mib"]
                .as_f64()
                .unwrap_or(f64::NAN),
        )?;
        writeln!(out)?;
    }

    writeln!(out, "## Emulator")?;
    writeln!(out)?;
    let load = &figures.load;
    writeln!(
        out,
        "Signed requests per second the emulator verifies (V1 signature, timestamp, nonce) and answers \
         (DescribeDeploymentJob), with {} requests in flight from bare reqwest sending pre-signed requests \
         ({} samples of {}). The load generator shares the two cores, so this is a floor on the emulator's \
         capacity.",
        load["concurrency"], load["samples"], load["requests"]
    )?;
    writeln!(out)?;
    writeln!(out, "| requests/s |")?;
    writeln!(out, "|---|")?;
    writeln!(out, "| {} |", spread(load, &["requests_per_s"])?.show(0))?;
    writeln!(out)?;
    let failed = figures.served["failed"].as_u64().unwrap_or(0);
    writeln!(
        out,
        "The emulator's request log (its last {} requests) holds {} failed answers{}.",
        figures.served["requests_logged"],
        failed,
        if failed == 0 {
            String::new()
        } else {
            format!(": {}", figures.served["first_failures"])
        }
    )?;
    writeln!(out)?;

    writeln!(out, "## Generating and building")?;
    writeln!(out)?;
    writeln!(out, "| what | figure |")?;
    writeln!(out, "|---|---|")?;
    writeln!(
        out,
        "| `cargo xtask generate` (generator and file writes into a scratch tree, in xtask's dev profile; s) | {} |",
        figures.generate.show(2)
    )?;
    match figures.import.clean_build_seconds {
        Some(seconds) => writeln!(
            out,
            "| clean `cargo build` of a crate depending on `alicert-api` (default features, dev profile, one run; s) | {seconds:.1} |"
        )?,
        None => writeln!(
            out,
            "| clean `cargo build` of a crate depending on `alicert-api` | not measured by `--quick`: run `cargo xtask bench` |"
        )?,
    }
    writeln!(
        out,
        "| crates in `alicert-api`'s normal dependency tree (default features, `cargo tree -e normal`, itself included) | {} |",
        figures.import.dependencies
    )?;
    writeln!(out)?;

    writeln!(out, "## Rerun")?;
    writeln!(out)?;
    writeln!(
        out,
        "`cargo xtask bench` (full, with the clean build) or `cargo xtask bench --quick` (shorter samples, no clean \
         build); this run took {:.0} s. Micro-benchmarks and regression checks against a saved baseline: see \
         `docs/benchmarks.md`.",
        figures.seconds
    )?;
    Ok((out, summary))
}

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

    #[test]
    fn formats_numbers_and_dates() {
        assert_eq!(number(1234567.891, 1), "1,234,567.9");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(number(-1234.0, 0), "-1,234");
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_797), (2024, 3, 15));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn spreads() {
        let spread = spread_of(&[3.0, 1.0, 2.0, 10.0]);
        assert_eq!((spread.min, spread.median, spread.max), (1.0, 2.5, 10.0));
    }

    /// A fixed set of measurements in the shapes the harness and the Python side print: `full` takes every branch
    /// the full run takes (the notes of missed goals, a collected listing, failed answers, the clean build), the
    /// other is a `--quick` run that meets its goals.
    fn fixture(full: bool) -> (RunContext, Figures) {
        let spread = |min: f64, median: f64, max: f64| json!({ "min": min, "median": median, "max": max });
        let sign_case = |name: &str, bytes: u64, ours: f64, floor: f64, v1: bool| {
            let mut case = json!({
                "name": name,
                "string_to_sign_bytes": bytes,
                "ours_ns": spread(ours * 0.9, ours, ours * 1.3),
                "hmac_floor_ns": spread(floor * 0.95, floor, floor * 1.1),
                "ours_over_floor": spread(ours / floor * 0.9, ours / floor, ours / floor * 1.2),
                "signature": format!("sig-{name}"),
            });
            if v1 {
                case["general_ns"] = spread(ours * 1.8, ours * 2.0, ours * 2.5);
                case["general_over_floor"] = spread(4.1, 4.5, 5.25);
                case["prepared_floor_ns"] = spread(floor * 0.6, floor * 0.7, floor * 0.8);
                case["ours_over_prepared_floor"] = spread(2.0, 2.25, 2.5);
            }
            case
        };
        let (v1_ours, v1_floor) = if full { (1234.5, 380.0) } else { (520.0, 375.0) };
        let sign = json!({ "results": [
            sign_case("v1_typical", 412, v1_ours, v1_floor, true),
            sign_case("v1_long", 1873, 4100.0, 900.0, true),
            sign_case("v3_typical", 530, 2200.0, 610.0, false),
            sign_case("v3_long", 2400, 5200.0, 1500.0, false),
            sign_case("v9_unknown", 10, 100.0, 50.0, false),
        ]});
        let official_sign = |name: &str, ns: f64, same: bool| {
            json!({
                "name": name,
                "ns": spread(ns * 0.9, ns, ns * 1.1),
                "signature": if same { format!("sig-{name}") } else { "other".to_owned() },
            })
        };
        let official = json!({
            "python": "3.12.3",
            "sdk": {
                "alibabacloud-tea-openapi": "0.3.16",
                "alibabacloud-cas20200407": "3.0.0",
                "darabonba-core": "1.0.3",
                "requests": "2.32.3",
            },
            "sign": [
                official_sign("v1_typical", 41_000.0, true),
                official_sign("v1_long", 120_000.0, true),
                official_sign("v3_typical", 65_432.1, true),
                official_sign("v3_long", 150_000.0, false),
                official_sign("v9_unknown", 1000.0, true),
            ],
            "e2e": {
                "samples": 10,
                "sequential_calls": 300,
                "concurrent_calls": 600,
                "sequential_calls_per_s": spread(180.0, 201.5, 220.0),
                "concurrent_calls_per_s": spread(350.0, 402.0, 430.0),
            },
        });
        let (ratio, cpu) = if full { (1.31, 61.25) } else { (1.05, 31.0) };
        let mode = |rate: f64| {
            json!({
                "ours_calls_per_s": spread(rate * 0.8, rate, rate * 1.1),
                "floor_calls_per_s": spread(rate * 1.1, rate * ratio, rate * 1.5),
                "ours_time_over_floor": spread(ratio * 0.9, ratio, ratio * 1.2),
                "ours_over_official": spread(40.0, 45.55, 50.0),
                "floor_over_official": spread(50.0, 55.0, 61.0),
                "ours_cpu_us_per_call": cpu,
                "floor_cpu_us_per_call": 30.0,
            })
        };
        let e2e = json!({
            "rounds": 5,
            "samples": 20,
            "concurrency": 16,
            "sequential_calls": 300,
            "concurrent_calls": 600,
            "sequential": mode(9_000.0),
            "concurrent": mode(14_250.75),
        });
        let page = |collect: bool, prefetch: u64, seconds: f64, rss: f64| {
            json!({
                "collect": collect,
                "prefetch": prefetch,
                "seconds": spread(seconds * 0.9, seconds, seconds * 1.2),
                "requests_per_listing": 100,
                "runs": 3,
                "peak_rss_mib": rss,
                "worker_inline_bytes": 184,
            })
        };
        let mut pages = vec![
            page(false, 1, if full { 2.5 } else { 0.75 }, 12.25),
            page(false, 4, 0.5, 13.0),
        ];
        if full {
            pages.push(page(true, 1, 1.1, 96.5));
        }
        let load = json!({
            "concurrency": 64,
            "samples": 5,
            "requests": 20_000,
            "requests_per_s": spread(11_000.0, 12_345.6, 13_000.0),
            "bare_requests_per_s": spread(18_000.0, 20_000.0, 21_000.0),
            "emulator_over_bare": spread(0.55, 0.62, 0.7),
        });
        let served = if full {
            json!({ "failed": 2, "requests_logged": 1000, "first_failures": ["SignatureDoesNotMatch"] })
        } else {
            json!({ "failed": 0, "requests_logged": 1000, "first_failures": [] })
        };
        let context = RunContext {
            date: "2026-01-02 03:04 UTC".to_owned(),
            commit: "`0123456789ab`".to_owned(),
            cpu: "Example CPU @ 2.00GHz".to_owned(),
            cpus: 2,
            memory: "7.8 GiB RAM".to_owned(),
            kernel: "Linux 6.1.0".to_owned(),
            rustc: "rustc 1.90.0 (fixed 2026-01-01)".to_owned(),
            load_start: "1.00 0.90 0.80".to_owned(),
        };
        let figures = Figures {
            quick: !full,
            sign,
            official,
            e2e,
            pages,
            load,
            served,
            generate: Spread {
                min: 1.5,
                median: 1.75,
                max: 2.0,
            },
            import: Import {
                dependencies: 123,
                clean_build_seconds: full.then_some(95.25),
            },
            load_end: "2.00 1.50 1.00".to_owned(),
            seconds: 612.4,
        };
        (context, figures)
    }

    /// The report and the summary line of the fixed measurements, byte for byte, against `report.golden.md` beside
    /// this module (`UPDATE_GOLDEN=1` rewrites it; review the diff).
    #[test]
    fn the_report_of_fixed_measurements_is_the_golden_text() {
        let mut actual = String::new();
        for full in [true, false] {
            let (context, figures) = fixture(full);
            let (report, summary) = render(&context, &figures).unwrap();
            actual.push_str(&format!(
                "<!-- full: {full} -->\n{report}<!-- summary -->\n{summary}\n"
            ));
        }
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bench/report.golden.md");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap();
        assert!(
            actual == expected,
            "the report differs from {} (UPDATE_GOLDEN=1 rewrites it):\n{}",
            path.display(),
            similar::TextDiff::from_lines(&expected, &actual).unified_diff()
        );
    }

    #[test]
    fn the_summary_line_has_the_issue_keys_in_order() {
        let line = Headline {
            sign_v1_ns: 1234.4,
            sign_v1_vs_hmac_floor: 1.5,
            sign_v1_vs_official: 30.0,
            sign_v3_vs_official: 25.0,
            e2e_vs_official: 40.0,
            e2e_concurrent_vs_official: 30.0,
            floor_vs_official: 45.0,
            floor_concurrent_vs_official: 35.0,
            cpu_sequential: (100.0, 80.0),
            cpu_concurrent: (50.0, 30.0),
            sdk_vs_raw_http: 1.2,
            sdk_vs_raw_http_concurrent: 1.3,
            pages_100k_s: 0.5,
            pages_100k_rss_mib: 20.0,
            pages_requests: 100,
            emulator_rps: 12345.6,
            bare_http_rps: 20000.0,
            emulator_vs_bare_http: 0.62,
        }
        .summary_line();
        let keys: Vec<&str> = line
            .split(' ')
            .map(|pair| pair.split('=').next().unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "sign_v1_ns",
                "sign_v1_vs_hmac_floor",
                "sign_v1_vs_official",
                "sign_v3_vs_official",
                "e2e_vs_official",
                "sdk_vs_raw_http",
                "sdk_vs_raw_http_concurrent",
                "client_cpu_vs_floor_concurrent",
                "pages_100k_s",
                "pages_100k_rss_mib",
                "emulator_rps",
                "emulator_vs_bare_http"
            ]
        );
        assert!(line.starts_with("sign_v1_ns=1234 "), "{line}");
        assert!(
            line.contains(" client_cpu_vs_floor_concurrent=1.67 "),
            "{line}"
        );
        assert!(line.ends_with(" emulator_vs_bare_http=0.62"), "{line}");
    }
}

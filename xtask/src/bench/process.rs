//! The processes a benchmark run drives and the figures it takes itself: the release build of the harness, the
//! harness's subcommands, the official SDK's venv and script, the emulator they all call, the timing of
//! `cargo xtask generate` and the cost of importing `alicert-api`. Everything here starts a process or touches the
//! file system; the figures leave as JSON or [`Spread`]s for the report.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;

use super::WORKERS;
use super::measure::{Import, Spread, spread_of};

/// A line on standard error saying what the run does now (the report goes to a file, the summary to stdout).
pub(super) fn progress(message: &str) {
    eprintln!("bench: {message}");
}

/// The program that runs cargo: the one running us when invoked as `cargo xtask`.
pub(super) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Runs `command`, returning its standard output; the error names `what` and quotes its standard error.
pub(super) fn output_of(command: &mut Command, what: &str) -> Result<String> {
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
pub(super) fn harness_json(harness: &Path, args: &[&str], what: &str) -> Result<Value> {
    progress(what);
    let stdout = output_of(Command::new(harness).args(args), what)?;
    serde_json::from_str(stdout.trim()).with_context(|| format!("{what} printed no JSON object"))
}

/// The venv's python, creating the venv with `tools/python/setup.sh` when needed (it does nothing when the pins are
/// already installed).
pub(super) fn python(root: &Path) -> Result<PathBuf> {
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
pub(super) fn build_harness(root: &Path) -> Result<PathBuf> {
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
pub(super) struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    pub(super) url: String,
    /// The bare HTTP server beside the emulator that answers the same bytes: the emulator's floor.
    pub(super) bare_url: String,
}

impl Server {
    pub(super) fn start(harness: &Path) -> Result<Self> {
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
    pub(super) fn stop(mut self) -> Result<Value> {
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
pub(super) fn official(python: &Path, root: &Path, config: &Value, what: &str) -> Result<Value> {
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

/// A directory removed when dropped.
pub(super) struct TempDir(PathBuf);

impl TempDir {
    pub(super) fn new(label: &str) -> Result<Self> {
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
pub(super) fn time_generate(root: &Path, runs: usize) -> Result<Spread> {
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

/// Counts `alicert-api`'s dependencies and, when asked, times its clean build, in a scratch crate.
pub(super) fn measure_import(root: &Path, clean_build: bool) -> Result<Import> {
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

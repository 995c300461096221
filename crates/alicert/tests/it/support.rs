//! What every CLI test needs: an emulator served from this test process on its own thread, and the real `alicert`
//! binary run against it as a child process with a clean environment (no variable of the machine running the
//! tests, an empty temporary HOME, credentials only as given), a time limit, and its output and exit code captured.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorConfig, RequestLog,
};

/// The longest any one run may take before the test fails (and the child is killed).
const RUN_LIMIT: Duration = Duration::from_secs(60);

/// An emulator serving on a thread of its own until dropped.
pub struct Emu {
    url: String,
    requests: RequestLog,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Emu {
    /// Starts an emulator with `config`.
    pub fn start(config: EmulatorConfig) -> Self {
        let (ready, started) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let emulator = alicert_emulator::Emulator::spawn(config)
                    .await
                    .expect("emulator");
                ready
                    .send((emulator.url(), emulator.requests()))
                    .expect("ready");
                let _ = stopped.await;
                let _ = emulator.shutdown().await;
            });
        });
        let (url, requests) = started.recv().expect("emulator started");
        Self {
            url,
            requests,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// One emulator with the default configuration, shared by the tests that only read from it (job 9001 has long
    /// finished in it by the time anyone looks).
    pub fn shared() -> &'static Emu {
        static SHARED: OnceLock<Emu> = OnceLock::new();
        SHARED.get_or_init(|| Emu::start(EmulatorConfig::new()))
    }

    /// Its base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Its request log.
    pub fn requests(&self) -> &RequestLog {
        &self.requests
    }

    /// `alicert --endpoint URL <args>`, with the demo key pair in the environment.
    pub fn alicert(&self, args: &[&str]) -> Cli {
        let mut cli = Cli::new();
        cli.arg("--endpoint").arg(&self.url).args(args);
        cli.keys(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET);
        cli
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A directory under the system's temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "alicert-cli-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("temp dir");
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One run of the binary, being set up.
pub struct Cli {
    command: Command,
    home: TempDir,
}

impl Cli {
    /// `alicert` with an empty environment but for HOME, a fresh empty directory.
    pub fn new() -> Self {
        let home = TempDir::new();
        let mut command = Command::new(env!("CARGO_BIN_EXE_alicert"));
        command.env_clear().env("HOME", home.path());
        Self { command, home }
    }

    pub fn arg(&mut self, arg: impl AsRef<std::ffi::OsStr>) -> &mut Self {
        self.command.arg(arg);
        self
    }

    pub fn args<S: AsRef<std::ffi::OsStr>>(
        &mut self,
        args: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        self.command.args(args);
        self
    }

    pub fn env(&mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> &mut Self {
        self.command.env(key, value);
        self
    }

    /// Credentials through the environment, as a user would give them.
    pub fn keys(&mut self, id: &str, secret: &str) -> &mut Self {
        self.env("ALIBABA_CLOUD_ACCESS_KEY_ID", id)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
    }

    /// The HOME the run sees.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Runs it to the end (or [`RUN_LIMIT`]).
    pub fn run(&mut self) -> Run {
        let started = Instant::now();
        let mut child = self
            .command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn alicert");
        let stdout = drain(child.stdout.take().expect("stdout"));
        let stderr = drain(child.stderr.take().expect("stderr"));
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if started.elapsed() > RUN_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "alicert ran longer than {RUN_LIMIT:?}: {:?}\nstdout:\n{}\nstderr:\n{}",
                    self.command,
                    stdout.join().unwrap_or_default(),
                    stderr.join().unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        Run {
            code: status.code().unwrap_or(-1),
            stdout: stdout.join().expect("stdout reader"),
            stderr: stderr.join().expect("stderr reader"),
            elapsed: started.elapsed(),
        }
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// A finished run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// Asserts the exit code, showing the output when it is not.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts stdout contains every one of `needles`.
    #[track_caller]
    pub fn stdout_has(&self, needles: &[&str]) -> &Self {
        for needle in needles {
            assert!(
                self.stdout.contains(needle),
                "stdout lacks {needle:?}\nstdout:\n{}\nstderr:\n{}",
                self.stdout,
                self.stderr
            );
        }
        self
    }

    /// Asserts stderr contains every one of `needles`.
    #[track_caller]
    pub fn stderr_has(&self, needles: &[&str]) -> &Self {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks {needle:?}\nstdout:\n{}\nstderr:\n{}",
                self.stdout,
                self.stderr
            );
        }
        self
    }

    /// Asserts neither stream contains `secret`.
    #[track_caller]
    pub fn never_shows(&self, secret: &str) -> &Self {
        assert!(
            !self.stdout.contains(secret) && !self.stderr.contains(secret),
            "{secret:?} appeared\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{}", self.stdout))
    }
}

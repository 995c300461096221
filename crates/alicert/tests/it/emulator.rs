//! `alicert emulator` as a process: it prints its URL first, serves the given key pair (and only that one), never
//! echoes the secret, and stops cleanly with exit 0 on SIGTERM.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::Cli;

#[test]
fn serves_until_terminated_then_exits_cleanly() {
    let secret = "emulator-secret-0123456789";
    let home = crate::support::TempDir::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_alicert"))
        .args([
            "emulator",
            "--listen",
            "127.0.0.1:0",
            "--access-key-id",
            "emu-test-id",
            "--access-key-secret",
            secret,
        ])
        .env_clear()
        .env("HOME", home.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the emulator");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut url = String::new();
    stdout.read_line(&mut url).expect("the URL line");
    let url = url.trim().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let ok = Cli::new()
        .args([
            "--endpoint",
            &url,
            "cas",
            "describe-deployment-job",
            "--job-id",
            "8888",
        ])
        .keys("emu-test-id", secret)
        .run();
    ok.code(0).stdout_has(&["auto-test-AXX"]);
    // The default pair was dropped for the one given.
    Cli::new()
        .args(["--endpoint", &url, "job", "8888"])
        .keys(
            alicert_emulator::DEFAULT_ACCESS_KEY_ID,
            alicert_emulator::DEFAULT_ACCESS_KEY_SECRET,
        )
        .run()
        .code(4)
        .stderr_has(&["InvalidAccessKeyId"]);

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("the emulator did not stop on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    let _ = child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr);
    assert_eq!(exit.code(), Some(0), "stderr:\n{stderr}");
    assert!(
        stderr.contains("emu-test-id") && !stderr.contains(secret),
        "{stderr}"
    );
}

#[test]
fn bad_emulator_options_are_usage_errors() {
    Cli::new()
        .args(["emulator", "--access-key-id", "only-the-id"])
        .run()
        .code(64)
        .stderr_has(&["--access-key-secret"]);
    Cli::new()
        .args(["emulator", "--fault", "sometimes"])
        .run()
        .code(64)
        .stderr_has(&["--fault", "sometimes"]);
    Cli::new()
        .args(["emulator", "--listen", "not-an-address"])
        .run()
        .code(64)
        .stderr_has(&["--listen"]);
}

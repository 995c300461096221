//! One duration grammar on both sides of the wire: the CLI's `--timeout` and the emulator's `--skew` and `--fault`
//! read `1.5m` and `2d` alike, refuse a bare `2` with a message asking for a unit, and turn negative or overflowing
//! values into usage errors (exit 64) rather than panics.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET};

use crate::support::{Cli, Emu};

#[test]
fn the_cli_reads_decimals_and_days_and_refuses_a_bare_number() {
    let emu = Emu::shared();
    for timeout in ["1.5m", "0.5d"] {
        emu.alicert(&[
            "--timeout",
            timeout,
            "--attempt-timeout",
            "2.5s",
            "job",
            "9004",
        ])
        .run()
        .code(0)
        .stdout_has(&["9004"]);
    }
    for (bad, why) in [
        ("2", "needs a unit"),
        ("1.5", "needs a unit"),
        ("-1s", "negative"),
        ("99999999999999999999999999999999999d", "too long"),
        ("366d", "at most a year"),
        ("1.5 m", "unknown unit"),
    ] {
        emu.alicert(&[&format!("--timeout={bad}"), "job", "9004"])
            .run()
            .code(64)
            .stderr_has(&["--timeout", why]);
    }
    emu.alicert(&["watch", "9004", "--interval", "2"])
        .run()
        .code(64)
        .stderr_has(&["--interval", "needs a unit"]);
}

#[test]
fn the_emulator_reads_the_same_grammar() {
    for (option, bad, why) in [
        ("--skew", "2", "needs a unit"),
        ("--skew", "+99999999999999999999999999d", "too long"),
        ("--skew", "3651d", "ten years"),
        ("--fault", "slow=2", "needs a unit"),
        ("--fault", "slow=-1s", "negative"),
        ("--fault", "throttle:retry-after=1.5", "needs a unit"),
    ] {
        Cli::new()
            .args(["emulator", option, bad])
            .run()
            .code(64)
            .stderr_has(&[option, why]);
    }

    // A server clock 1.5 days behind: our client's first attempt is refused as skewed, it learns the offset from
    // the answer's Date and succeeds; -v logs the offset it learned, which shows the emulator read `-1.5d` exactly.
    let home = crate::support::TempDir::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_alicert"))
        .args(["emulator", "--listen", "127.0.0.1:0", "--skew", "-1.5d"])
        .env_clear()
        .env("HOME", home.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the emulator");
    let mut url = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut url)
        .expect("the URL line");
    let run = Cli::new()
        .args(["-v", "--endpoint", url.trim(), "job", "9004"])
        .keys(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)
        .run();
    let _ = child.kill();
    let _ = child.wait();
    run.code(0)
        .stderr_has(&["learned the service's clock offset"]);
    let offset: i64 = run
        .stderr
        .split("offset_ms=")
        .nth(1)
        .and_then(|rest| {
            rest.split(|c: char| !(c == '-' || c.is_ascii_digit()))
                .next()
        })
        .and_then(|digits| digits.parse().ok())
        .unwrap_or_else(|| panic!("no offset_ms in\n{}", run.stderr));
    let expected = -36 * 3_600_000_i64;
    assert!(
        (offset - expected).abs() < 60_000,
        "offset {offset} ms, expected about {expected}"
    );
}

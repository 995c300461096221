//! What the CLI reads from the machine, when it is not what it should be: a secret variable or a HOME that is not
//! UTF-8, a huge `--profile` name with control characters, a credentials file that is a FIFO or a device, time
//! limits of zero and an empty region. Each gets a prompt, short, accurate message and its documented exit code.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt as _;

use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET};

use crate::support::{Cli, Emu, TempDir};

/// Bytes that are not UTF-8 (`\xff` never is), as an environment value or a file name.
fn not_utf8(prefix: &str) -> OsString {
    let mut bytes = prefix.as_bytes().to_vec();
    bytes.extend_from_slice(b"-\xff\xfe");
    OsString::from_vec(bytes)
}

#[test]
fn a_secret_that_is_not_utf8_is_not_called_unset() {
    let emu = Emu::shared();
    let run = Cli::new()
        .args(["--endpoint", emu.url(), "job", "9004"])
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", DEFAULT_ACCESS_KEY_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", not_utf8("secret-value"))
        .run();
    run.code(5)
        .stderr_has(&["ALIBABA_CLOUD_ACCESS_KEY_SECRET is set, but its value is not valid UTF-8"]);
    assert!(!run.stderr.contains("is not set"), "{}", run.stderr);
    run.never_shows("secret-value");
}

#[test]
fn a_home_that_is_not_utf8_is_still_searched() {
    let emu = Emu::shared();
    let temp = TempDir::new();
    let home = temp.path().join(not_utf8("home"));
    std::fs::create_dir_all(home.join(".aliyun")).expect("home");
    let config = serde_json::json!({
        "current": "default",
        "profiles": [{"name": "default", "mode": "AK", "access_key_id": DEFAULT_ACCESS_KEY_ID,
                      "access_key_secret": DEFAULT_ACCESS_KEY_SECRET}]
    });
    std::fs::write(home.join(".aliyun/config.json"), config.to_string()).expect("config");
    Cli::new()
        .args(["--endpoint", emu.url(), "job", "9004"])
        .env("HOME", &home)
        .run()
        .code(0)
        .stdout_has(&["Job 9004"]);
}

#[test]
fn a_huge_profile_name_is_cut_and_escaped() {
    let emu = Emu::shared();
    let name = format!("\u{1b}]0;pwned\u{7}{}", "p".repeat(100_000));
    let mut cli = Cli::new();
    // Both files exist, so both say that the profile is not in them.
    let home = cli.home().to_path_buf();
    std::fs::create_dir_all(home.join(".aliyun")).expect("folder");
    std::fs::write(
        home.join(".aliyun/config.json"),
        r#"{"profiles": [{"name": "other"}]}"#,
    )
    .expect("config");
    std::fs::create_dir_all(home.join(".alibabacloud")).expect("folder");
    std::fs::write(home.join(".alibabacloud/credentials"), "[other]\n").expect("credentials");
    let run = cli
        .args(["--endpoint", emu.url(), "--profile", &name, "job", "9004"])
        .run();
    run.code(5)
        .stderr_has(&["\\u{1b}]0;pwned\\u{7}ppp", "ppp..."]);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(
        run.stderr.len() < 2_000,
        "{} bytes of stderr",
        run.stderr.len()
    );
}

#[test]
fn a_fifo_or_a_device_for_a_credentials_file_fails_at_once() {
    let emu = Emu::shared();
    let mut cli = Cli::new();
    let folder = cli.home().join(".aliyun");
    std::fs::create_dir_all(&folder).expect("folder");
    let fifo = folder.join("config.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    // Without the fix this run hangs until the harness kills it.
    cli.args(["--endpoint", emu.url(), "job", "9004"])
        .run()
        .code(5)
        .stderr_has(&[&format!(
            "{} is a FIFO (named pipe), not a regular file",
            fifo.display()
        )]);

    Cli::new()
        .args(["--endpoint", emu.url(), "job", "9004"])
        .env("ALIBABA_CLOUD_CREDENTIALS_FILE", "/dev/zero")
        .run()
        .code(5)
        .stderr_has(&["/dev/zero is a character device, not a regular file"]);
}

#[test]
fn zero_time_limits_and_an_empty_region_are_bad_arguments() {
    let emu = Emu::shared();
    for flag in ["--timeout", "--attempt-timeout", "--connect-timeout"] {
        for zero in ["0", "0s", "0ms"] {
            let run = emu.alicert(&[flag, zero, "job", "9004"]).run();
            run.code(64).stderr_has(&[flag, "is zero"]);
            assert!(run.stdout.is_empty(), "{}", run.stdout);
        }
    }
    emu.alicert(&["watch", "9004", "--deadline", "0s"])
        .run()
        .code(64)
        .stderr_has(&["--deadline", "is zero"]);
    for empty in ["", "  "] {
        emu.alicert(&["--region", empty, "job", "9004"])
            .run()
            .code(64)
            .stderr_has(&["--region", "cannot be empty"]);
    }
    // As the official SDKs read it, an empty variable is an unset one.
    emu.alicert(&["job", "9004"])
        .env("ALIBABA_CLOUD_REGION_ID", "")
        .run()
        .code(0);
}

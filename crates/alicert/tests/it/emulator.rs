//! `alicert emulator` as a process: it prints its URL first, serves the given key pair (and only that one), never
//! echoes the secret, and stops cleanly with exit 0 on SIGTERM; its STS key works with our own client, V1 and V3,
//! until it expires; with `--only-issued-keys` it serves a client that assumes a role (OIDC, a `RamRoleArn` profile, a
//! `ram_role_arn` file profile) through its STS; `--seed` makes its RequestIds repeat; options it cannot honour are
//! usage errors.

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
    // Empty keys are no keys.
    Cli::new()
        .args([
            "emulator",
            "--access-key-id",
            "",
            "--access-key-secret",
            "s",
        ])
        .run()
        .code(64)
        .stderr_has(&["--access-key-id"]);
    Cli::new()
        .args([
            "emulator",
            "--access-key-id",
            "i",
            "--access-key-secret",
            "",
        ])
        .run()
        .code(64)
        .stderr_has(&["--access-key-secret"]);
    // More workers than the emulator serves (it used to print this and serve 1,000,000,000), or none.
    for workers in ["18446744073709551615", "1000000001", "0"] {
        Cli::new()
            .args(["emulator", "--workers", workers])
            .run()
            .code(64)
            .stderr_has(&["--workers", workers]);
    }
    // The STS options come together, none empty, with an expiry that parses.
    Cli::new()
        .args(["emulator", "--sts-access-key-id", "STS.x"])
        .run()
        .code(64)
        .stderr_has(&["--sts-access-key-secret", "--sts-security-token"]);
    Cli::new()
        .args([
            "emulator",
            "--sts-access-key-id",
            "STS.x",
            "--sts-access-key-secret",
            "s",
            "--sts-security-token",
            "",
        ])
        .run()
        .code(64)
        .stderr_has(&["--sts-security-token"]);
    Cli::new()
        .args([
            "emulator",
            "--sts-access-key-id",
            "STS.x",
            "--sts-access-key-secret",
            "s",
            "--sts-security-token",
            "t",
            "--sts-expiration",
            "soon",
        ])
        .run()
        .code(64)
        .stderr_has(&["--sts-expiration", "soon"]);
}

/// An `alicert emulator` child process, killed when dropped.
struct EmulatorProcess {
    child: std::process::Child,
    url: String,
}

impl EmulatorProcess {
    fn start(args: &[&str]) -> Self {
        let home = crate::support::TempDir::new();
        let mut child = Command::new(env!("CARGO_BIN_EXE_alicert"))
            .args(["emulator", "--listen", "127.0.0.1:0"])
            .args(args)
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
        let url = url.trim().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Self { child, url }
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const STS_ID: &str = "STS.cli-test-id";
const STS_SECRET: &str = "sts-cli-secret-0123456789";
const STS_TOKEN: &str = "CAIS+cli/sts-token==0123456789";

fn sts_args(expiration: &'static str) -> Vec<&'static str> {
    vec![
        "--sts-access-key-id",
        STS_ID,
        "--sts-access-key-secret",
        STS_SECRET,
        "--sts-security-token",
        STS_TOKEN,
        "--sts-expiration",
        expiration,
    ]
}

#[test]
fn our_client_calls_with_the_sts_key_until_it_expires() {
    let emulator = EmulatorProcess::start(&sts_args("1h"));
    for signature in ["v1", "v3"] {
        Cli::new()
            .args([
                "--endpoint",
                &emulator.url,
                "--signature",
                signature,
                "job",
                "8888",
            ])
            .keys(STS_ID, STS_SECRET)
            .env("ALIBABA_CLOUD_SECURITY_TOKEN", STS_TOKEN)
            .run()
            .code(0)
            .stdout_has(&["auto-test-AXX"])
            .never_shows(STS_TOKEN);
        Cli::new()
            .args([
                "--endpoint",
                &emulator.url,
                "--signature",
                signature,
                "job",
                "8888",
            ])
            .keys(STS_ID, STS_SECRET)
            .env("ALIBABA_CLOUD_SECURITY_TOKEN", "not-the-token")
            .run()
            .code(4)
            .stderr_has(&["InvalidSecurityToken.Malformed"]);
        // The demo pair is still served beside it.
        Cli::new()
            .args([
                "--endpoint",
                &emulator.url,
                "--signature",
                signature,
                "job",
                "8888",
            ])
            .keys(
                alicert_emulator::DEFAULT_ACCESS_KEY_ID,
                alicert_emulator::DEFAULT_ACCESS_KEY_SECRET,
            )
            .run()
            .code(0);
    }
    let expired = EmulatorProcess::start(&sts_args("2020-01-01T00:00:00Z"));
    for signature in ["v1", "v3"] {
        Cli::new()
            .args([
                "--endpoint",
                &expired.url,
                "--signature",
                signature,
                "job",
                "8888",
            ])
            .keys(STS_ID, STS_SECRET)
            .env("ALIBABA_CLOUD_SECURITY_TOKEN", STS_TOKEN)
            .run()
            .code(4)
            .stderr_has(&["InvalidSecurityToken.Expired"]);
    }
}

#[test]
fn request_ids_repeat_only_with_a_seed() {
    let first_request_id = |args: &[&str]| -> String {
        let emulator = EmulatorProcess::start(args);
        let run = Cli::new()
            .args([
                "--endpoint",
                &emulator.url,
                "-o",
                "json",
                "cas",
                "describe-deployment-job",
                "--job-id",
                "8888",
            ])
            .keys(
                alicert_emulator::DEFAULT_ACCESS_KEY_ID,
                alicert_emulator::DEFAULT_ACCESS_KEY_SECRET,
            )
            .run();
        run.code(0);
        run.json()["RequestId"]
            .as_str()
            .expect("a RequestId")
            .to_owned()
    };
    assert_ne!(first_request_id(&[]), first_request_id(&[]));
    assert_eq!(
        first_request_id(&["--seed", "42"]),
        first_request_id(&["--seed", "42"])
    );
}

#[test]
fn an_emulator_that_takes_only_issued_keys_serves_a_client_assuming_an_oidc_role() {
    const PROVIDER: &str = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1";
    const OIDC_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.cli-oidc-token-never-shown.sig";
    let emulator = EmulatorProcess::start(&[
        "--only-issued-keys",
        "--oidc-token",
        &format!("{PROVIDER}={OIDC_TOKEN}"),
    ]);
    let files = crate::support::TempDir::new();
    let token_file = files.path().join("token");
    std::fs::write(&token_file, OIDC_TOKEN).unwrap();
    Cli::new()
        .args(["--endpoint", &emulator.url, "job", "8888"])
        .env(
            "ALIBABA_CLOUD_ROLE_ARN",
            "acs:ram::1234567890123456:role/cert-deployer",
        )
        .env("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", PROVIDER)
        .env("ALIBABA_CLOUD_OIDC_TOKEN_FILE", &token_file)
        .env("ALIBABA_CLOUD_STS_ENDPOINT", &emulator.url)
        .run()
        .code(0)
        .stdout_has(&["auto-test-AXX"])
        .never_shows(OIDC_TOKEN);
    // The long-term pair itself may only assume roles.
    Cli::new()
        .args(["--endpoint", &emulator.url, "job", "8888"])
        .keys(
            alicert_emulator::DEFAULT_ACCESS_KEY_ID,
            alicert_emulator::DEFAULT_ACCESS_KEY_SECRET,
        )
        .run()
        .code(4)
        .stderr_has(&["Forbidden.RAM"]);
}

#[test]
fn a_ram_role_arn_profile_and_a_ram_role_arn_file_profile_reach_an_emulator_that_takes_only_issued_keys()
 {
    const ROLE: &str = "acs:ram::1234567890123456:role/cert-deployer";
    let emulator = EmulatorProcess::start(&["--only-issued-keys"]);
    let (id, secret) = (
        alicert_emulator::DEFAULT_ACCESS_KEY_ID,
        alicert_emulator::DEFAULT_ACCESS_KEY_SECRET,
    );

    let mut cli = Cli::new();
    let config = serde_json::json!({
        "current": "default",
        "profiles": [{"name": "deployer", "mode": "RamRoleArn", "access_key_id": id,
            "access_key_secret": secret, "ram_role_arn": ROLE, "ram_session_name": "cli-test",
            "expired_seconds": 0, "region_id": "cn-hangzhou"}],
    });
    let folder = cli.home().join(".aliyun");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("config.json"), config.to_string()).unwrap();
    cli.args([
        "--endpoint",
        &emulator.url,
        "--profile",
        "deployer",
        "job",
        "8888",
    ])
    .env("ALIBABA_CLOUD_STS_ENDPOINT", &emulator.url)
    .run()
    .code(0)
    .stdout_has(&["auto-test-AXX"])
    .never_shows(secret);

    let mut cli = Cli::new();
    let folder = cli.home().join(".alibabacloud");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("credentials"),
        format!(
            "[default]\ntype = ram_role_arn\naccess_key_id = {id}\naccess_key_secret = {secret}\nrole_arn = {ROLE}\n"
        ),
    )
    .unwrap();
    cli.args(["--endpoint", &emulator.url, "job", "8888"])
        .env("ALIBABA_CLOUD_STS_ENDPOINT", &emulator.url)
        .run()
        .code(0)
        .stdout_has(&["auto-test-AXX"]);
}

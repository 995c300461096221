//! Errors for people, and secrets never shown: a service error prints Code, Message, RequestId and Recommend with
//! exit 4 (even at -vvv with RUST_LOG=trace, the secret and STS token stay out of every byte); missing credentials
//! list every place looked in (exit 5); a named profile of the aliyun CLI's file is used, or its absence explained;
//! the network failing is exit 6.

use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorConfig};

use crate::support::{Cli, Emu};

const WRONG_SECRET: &str = "wrong-secret-Zq8v+/=7Kp";

#[test]
fn a_service_error_shows_code_message_request_id_and_recommend() {
    let emu = Emu::shared();
    let run = emu
        .alicert(&["-vvv", "cas", "describe-deployment-job", "--job-id", "8888"])
        .keys(DEFAULT_ACCESS_KEY_ID, WRONG_SECRET)
        .env(
            "RUST_LOG",
            "trace,reqwest=trace,hyper=trace,hyper_util=trace",
        )
        .run();
    run.code(4).stderr_has(&[
        "cas DescribeDeploymentJob failed",
        "Code       SignatureDoesNotMatch",
        "Message",
        "RequestId",
        "Recommend  https://",
        "hint:",
    ]);
    assert!(
        run.stderr.contains("DEBUG") || run.stderr.contains("TRACE"),
        "-vvv logs:\n{}",
        run.stderr
    );
    run.never_shows(WRONG_SECRET)
        .never_shows(DEFAULT_ACCESS_KEY_SECRET)
        .never_shows("Signature=")
        .never_shows("Authorization");
    let encoded = alicert_core::encode::percent_encoded(WRONG_SECRET);
    run.never_shows(&encoded);

    // V3 too, in JSON mode (errors stay on stderr, stdout stays empty for the parser).
    let v3 = emu
        .alicert(&["-vv", "--signature", "v3", "-o", "json", "job", "8888"])
        .keys(DEFAULT_ACCESS_KEY_ID, WRONG_SECRET)
        .env("RUST_LOG", "trace")
        .run();
    v3.code(4)
        .stderr_has(&["SignatureDoesNotMatch", "RequestId"])
        .never_shows(WRONG_SECRET);
    assert!(v3.stdout.is_empty(), "{}", v3.stdout);

    // Not found is a service error too.
    emu.alicert(&["job", "424242"])
        .run()
        .code(4)
        .stderr_has(&["NotFound.DeploymentJob", "424242"]);
}

#[test]
fn an_sts_token_never_shows_even_when_the_service_quotes_it() {
    let token = "CAIS+sts/Token==with-reserved&chars-0123456789";
    let emu = Emu::start(EmulatorConfig::new().with_sts_access_key(
        "STS.alicert-test-id",
        "sts-secret-abcdef",
        token,
    ));
    // The right keys: it works.
    emu.alicert(&["job", "9004"])
        .keys("STS.alicert-test-id", "sts-secret-abcdef")
        .env("ALIBABA_CLOUD_SECURITY_TOKEN", token)
        .run()
        .code(0)
        .never_shows(token)
        .never_shows("sts-secret-abcdef");
    // A wrong secret: the service's message quotes the string-to-sign, token included.
    let run = emu
        .alicert(&[
            "-vvv",
            "cas",
            "list-deployment-job-cert",
            "--job-id",
            "9004",
        ])
        .keys("STS.alicert-test-id", "sts-secret-WRONG")
        .env("ALIBABA_CLOUD_SECURITY_TOKEN", token)
        .env("RUST_LOG", "trace")
        .run();
    run.code(4).stderr_has(&["SignatureDoesNotMatch"]);
    let once = alicert_core::encode::percent_encoded(token);
    let twice = alicert_core::encode::percent_encoded(&once);
    for form in [token, once.as_str(), twice.as_str(), "sts-secret-WRONG"] {
        run.never_shows(form);
    }
}

#[test]
fn missing_credentials_list_every_place_looked_in() {
    let emu = Emu::shared();
    let mut cli = Cli::new();
    let home = cli.home().display().to_string();
    let run = cli.args(["--endpoint", emu.url(), "job", "8888"]).run();
    run.code(5).stderr_has(&[
        "no Alibaba Cloud credentials found",
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        &format!("{home}/.aliyun/config.json does not exist"),
        &format!("{home}/.alibabacloud/credentials"),
        "ECS RAM role",
        "aliyun configure",
    ]);
    assert!(run.stdout.is_empty());
    // Half a key pair is a mistake, not an absence.
    let half = Cli::new()
        .args(["--endpoint", emu.url(), "job", "8888"])
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", DEFAULT_ACCESS_KEY_ID)
        .run();
    half.code(5)
        .stderr_has(&["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]);
}

#[test]
fn a_named_profile_of_the_aliyun_cli_is_used_or_explained() {
    let emu = Emu::shared();
    let mut cli = Cli::new();
    let config = serde_json::json!({
        "current": "other",
        "profiles": [
            {"name": "other", "mode": "AK", "access_key_id": "LTAIotherotherother", "access_key_secret": "other-secret-value"},
            {"name": "deploy", "mode": "AK", "access_key_id": DEFAULT_ACCESS_KEY_ID,
             "access_key_secret": DEFAULT_ACCESS_KEY_SECRET, "region_id": "cn-shanghai"}
        ]
    });
    let folder = cli.home().join(".aliyun");
    std::fs::create_dir_all(&folder).expect("config folder");
    std::fs::write(folder.join("config.json"), config.to_string()).expect("config");

    cli.args([
        "--endpoint",
        emu.url(),
        "--profile",
        "deploy",
        "job",
        "8888",
    ])
    .run()
    .code(0)
    .stdout_has(&["auto-test-AXX"])
    .never_shows(DEFAULT_ACCESS_KEY_SECRET);

    // The file's current profile has keys the emulator does not know: the service says so.
    let mut current = Cli::new();
    let home = current.home().to_path_buf();
    std::fs::create_dir_all(home.join(".aliyun")).expect("folder");
    std::fs::write(home.join(".aliyun/config.json"), config.to_string()).expect("config");
    current
        .args(["--endpoint", emu.url(), "job", "8888"])
        .run()
        .code(4)
        .stderr_has(&["InvalidAccessKeyId"])
        .never_shows("other-secret-value");

    let mut missing = Cli::new();
    let home = missing.home().to_path_buf();
    std::fs::create_dir_all(home.join(".aliyun")).expect("folder");
    std::fs::write(home.join(".aliyun/config.json"), config.to_string()).expect("config");
    missing
        .args(["--endpoint", emu.url(), "--profile", "nope", "job", "8888"])
        .run()
        .code(5)
        .stderr_has(&["\"nope\"", "profiles there", "\"deploy\""])
        .never_shows("other-secret-value");
}

#[test]
fn network_and_endpoint_failures() {
    let run = Cli::new()
        .args([
            "--endpoint",
            "http://127.0.0.1:9",
            "--retries",
            "0",
            "--connect-timeout",
            "2s",
            "job",
            "8888",
        ])
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", DEFAULT_ACCESS_KEY_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", DEFAULT_ACCESS_KEY_SECRET)
        .run();
    run.code(6)
        .stderr_has(&["could not connect", "http://127.0.0.1:9"]);
    Cli::new()
        .args(["--endpoint", "ftp://example.com", "job", "8888"])
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", DEFAULT_ACCESS_KEY_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", DEFAULT_ACCESS_KEY_SECRET)
        .run()
        .code(64)
        .stderr_has(&["ftp://example.com"]);
}

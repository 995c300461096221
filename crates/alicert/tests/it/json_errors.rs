//! With `-o json` every failure is one JSON object on one line of stderr, `{"Error": {...}}`, whose `Kind` and
//! `ExitCode` match the exit code (docs/json-output.md): a service error carries the service's Code, Message,
//! HttpStatus, RequestId and Recommend; a usage error (clap's or ours) names the argument; missing credentials list
//! the places looked in (`expiry` reports them as UNKNOWN, 3); a network failure names the call. stdout stays empty
//! and no secret appears, not even an STS token the service quotes.

use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET};
use serde_json::Value;

use crate::support::{Cli, Emu, Run};

/// The error object of a run that printed nothing but it: stderr is exactly one line of JSON, stdout is empty.
#[track_caller]
fn only_error(run: &Run, exit_code: i32) -> Value {
    run.code(exit_code);
    assert!(run.stdout.is_empty(), "stdout:\n{}", run.stdout);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "stderr:\n{}", run.stderr);
    error_of(lines[0], exit_code)
}

#[track_caller]
fn error_of(line: &str, exit_code: i32) -> Value {
    let value: Value =
        serde_json::from_str(line).unwrap_or_else(|error| panic!("not JSON ({error}):\n{line}"));
    let object = value.as_object().expect("an object");
    assert_eq!(object.len(), 1, "{value}");
    let error = value["Error"].clone();
    assert_eq!(error["ExitCode"], exit_code, "{error}");
    assert!(
        error["Message"]
            .as_str()
            .is_some_and(|message| !message.is_empty()),
        "{error}"
    );
    error
}

#[test]
fn a_service_error_is_the_services_fields() {
    let emu = Emu::shared();
    let error = only_error(
        &emu.alicert(&[
            "-o",
            "json",
            "cas",
            "describe-deployment-job",
            "--job-id",
            "424242",
        ])
        .run(),
        4,
    );
    assert_eq!(error["Kind"], "service");
    assert_eq!(error["Code"], "NotFound.DeploymentJob");
    assert!(
        error["Message"].as_str().unwrap().contains("424242"),
        "{error}"
    );
    assert_eq!(error["HttpStatus"], 404);
    assert!(
        error["RequestId"].as_str().is_some_and(|id| id.len() > 8),
        "{error}"
    );
    assert_eq!(error["Product"], "cas");
    assert_eq!(error["Action"], "DescribeDeploymentJob");

    // A wrong secret: the service quotes the string-to-sign; at -vv the error is still stderr's last line.
    let secret = "json-wrong-secret-Zq8v+/=7\"Kp\\";
    let run = emu
        .alicert(&[
            "-vv",
            "-o",
            "json",
            "cas",
            "describe-deployment-job",
            "--job-id",
            "8888",
        ])
        .keys(DEFAULT_ACCESS_KEY_ID, secret)
        .env("RUST_LOG", "trace")
        .run();
    run.code(4)
        .never_shows(secret)
        .never_shows("json-wrong-secret");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let error = error_of(run.stderr.lines().last().unwrap_or_default(), 4);
    assert_eq!(error["Code"], "SignatureDoesNotMatch");
    assert!(
        error["Recommend"]
            .as_str()
            .is_some_and(|url| url.starts_with("https://")),
        "{error}"
    );
    assert!(error["Hint"].is_string(), "{error}");
}

#[test]
fn usage_errors_name_the_argument() {
    let emu = Emu::shared();
    // clap's, with -o before or after the bad argument.
    for args in [
        &["-o", "json", "--timeout", "2", "job", "9004"][..],
        &["job", "9004", "--output=json", "--timeout", "2"][..],
    ] {
        let error = only_error(&emu.alicert(args).run(), 64);
        assert_eq!(error["Kind"], "usage");
        assert_eq!(error["Argument"], "--timeout <DURATION>");
        assert!(
            error["Message"].as_str().unwrap().contains("needs a unit"),
            "{error}"
        );
    }
    let error = only_error(&emu.alicert(&["-o", "json", "job"]).run(), 64);
    assert_eq!(error["Argument"], "<JOB_ID>");
    // Ours, after clap: an endpoint alicert will not send to, a region that is empty.
    let error = only_error(
        &Cli::new()
            .args([
                "-o",
                "json",
                "--endpoint",
                "ftp://example.com",
                "job",
                "8888",
            ])
            .keys(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)
            .run(),
        64,
    );
    assert_eq!(error["Kind"], "usage");
    assert!(
        error["Message"]
            .as_str()
            .unwrap()
            .contains("ftp://example.com"),
        "{error}"
    );
    let error = only_error(
        &emu.alicert(&["-o", "json", "--region", "", "job", "1"])
            .run(),
        64,
    );
    assert!(
        error["Message"].as_str().unwrap().contains("--region"),
        "{error}"
    );
    // clap stops at the first bad argument: an `-o json` after it was never read, so the report is text.
    let run = emu.alicert(&["job", "x", "-o", "json"]).run();
    run.code(64).stderr_has(&["error: invalid value 'x'"]);
}

#[test]
fn missing_credentials_list_the_places_looked_in() {
    let run = Cli::new().args(["-o", "json", "job", "1"]).run();
    let error = only_error(&run, 5);
    assert_eq!(error["Kind"], "credentials");
    let looked_in = error["LookedIn"].as_array().expect("LookedIn");
    assert!(looked_in.len() >= 4, "{error}");
    assert!(
        looked_in[0]
            .as_str()
            .unwrap()
            .contains("ALIBABA_CLOUD_ACCESS_KEY_ID"),
        "{error}"
    );
    // expiry turns a failure into UNKNOWN (3), and the object says so.
    let error = only_error(
        &Cli::new()
            .args(["-o", "json", "expiry", "--job", "1"])
            .run(),
        3,
    );
    assert_eq!(error["Kind"], "credentials");
}

#[test]
fn a_network_failure_names_the_call() {
    let unreachable = |command: &[&str]| {
        Cli::new()
            .args([
                "-o",
                "json",
                "--endpoint",
                "http://127.0.0.1:9",
                "--retries",
                "0",
            ])
            .args(command)
            .keys(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)
            .run()
    };
    let error = only_error(&unreachable(&["job", "8888"]), 6);
    assert_eq!(error["Kind"], "network");
    assert_eq!(error["Product"], "cas");
    assert_eq!(error["Action"], "DescribeDeploymentJob");
    assert!(error.get("Code").is_none(), "{error}");
}

#[test]
fn an_sts_token_the_service_quotes_is_redacted_in_the_json() {
    let token = "CAIS+sts/Token==json-errors-0123456789";
    let emu = Emu::start(alicert_emulator::EmulatorConfig::new().with_sts_access_key(
        "STS.json-test-id",
        "sts-secret-abcdef",
        token,
    ));
    let run = emu
        .alicert(&[
            "-o",
            "json",
            "cas",
            "list-deployment-job-cert",
            "--job-id",
            "9004",
        ])
        .keys("STS.json-test-id", "sts-secret-WRONG")
        .env("ALIBABA_CLOUD_SECURITY_TOKEN", token)
        .run();
    let error = only_error(&run, 4);
    assert_eq!(error["Code"], "SignatureDoesNotMatch");
    // The service's Message quotes its string-to-sign, token included: the Message is kept, the token is not.
    let message = error["Message"].as_str().unwrap();
    assert!(message.contains("SecurityToken%3D"), "{error}");
    let once = alicert_core::encode::percent_encoded(token);
    let twice = alicert_core::encode::percent_encoded(&once);
    for form in [
        token,
        once.as_str(),
        twice.as_str(),
        "sts-secret-WRONG",
        "json-errors-0123456789",
    ] {
        run.never_shows(form);
    }
}

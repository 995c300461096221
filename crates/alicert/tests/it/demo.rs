//! `alicert demo`, end to end, exactly as a newcomer runs it: no account, no credentials, no network, an empty
//! HOME. It must exit 0 in well under a minute, show every step, and never print the key it signs with.

use alicert_emulator::DEFAULT_ACCESS_KEY_SECRET;

use crate::support::Cli;

#[test]
fn demo_runs_end_to_end_with_no_setup() {
    let run = Cli::new().arg("demo").run();
    run.code(0).stdout_has(&[
        "alicert demo",
        "Emulator on http://127.0.0.1:",
        // 1: the five operations, both signatures, and a refusal.
        "── 1/6",
        "V1 HMAC-SHA1",
        "V3 ACS3-HMAC-SHA256",
        "cas DescribeDeploymentJob",
        "cas DescribeDeploymentJobStatus",
        "cas ListDeploymentJobCert",
        "cas ListWorkerResource",
        "vod DescribeVodDomainCertificateInfo",
        "wrong secret, refused: SignatureDoesNotMatch",
        "verified 10 signatures (5 V1, 5 V3) and refused 1",
        // 2: the job at a glance.
        "── 2/6",
        "Job 8888 · auto-test-AXX",
        "Workers: 20,000",
        // 3: the watch, as plain lines into a pipe.
        "── 3/6",
        "job 9001: processing",
        "40/40 done",
        // 4: every worker of the big job.
        "── 4/6",
        "20,000 workers in 200 pages",
        // 5: expiry.
        "── 5/6",
        "EXPIRY CRITICAL",
        "expired 3 days ago",
        "expires in 400 days",
        // 6: the way to Alibaba Cloud.
        "── 6/6",
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "--profile",
        "alicert emulator --listen",
        "Demo finished",
    ]);
    run.never_shows(DEFAULT_ACCESS_KEY_SECRET)
        .never_shows("not-the-demo-secret");
    assert!(!run.stdout.contains('\u{1b}'), "no colour into a pipe");
    assert!(
        run.elapsed.as_secs() < 45,
        "the demo took {:?}",
        run.elapsed
    );
}

#[test]
fn demo_sizes_are_adjustable() {
    let run = Cli::new()
        .args(["demo", "--workers", "1234", "--pace", "80"])
        .run();
    run.code(0)
        .stdout_has(&["1,234 workers in 13 pages", "Demo finished"]);
    Cli::new()
        .args(["demo", "--workers", "0"])
        .run()
        .code(64)
        .stderr_has(&["--workers"]);
}

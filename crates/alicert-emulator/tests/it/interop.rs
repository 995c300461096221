//! Interoperability with Alibaba's official Python SDKs: `tools/python/interop.py` calls all five operations with
//! the tea-openapi SDK's default V3 signature and with V1 (`signature_algorithm='v2'`), then with the classic
//! `aliyun-python-sdk-core` (JSON, its default XML, Format=XML lists and errors, its own diagnosis of a wrong
//! secret), each also with STS credentials; it checks the typed results and the rejections, and exits non-zero on
//! any mismatch. It needs the project venv (`tools/python/setup.sh`); without it
//! this test fails and says so, because interop is part of what CI checks.

use std::path::PathBuf;
use std::process::Command;

use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig,
};

const STS_ID: &str = "STS.interop";
const STS_SECRET: &str = "interop-sts-secret";
const STS_TOKEN: &str = "CAIS+interop/sts-token==";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_talks_to_the_emulator() {
    let root = repo_root();
    let python = std::env::var_os("ALICERT_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv/bin/python"));
    assert!(
        python.exists(),
        "the Python interpreter {} does not exist: run tools/python/setup.sh to create the venv with the official \
         SDK (or set ALICERT_PYTHON)",
        python.display()
    );
    let config = EmulatorConfig::new().with_sts_access_key(STS_ID, STS_SECRET, STS_TOKEN);
    let emulator = Emulator::spawn(config).await.unwrap();
    let url = emulator.url();
    let script = root.join("tools/python/interop.py");
    let output = tokio::task::spawn_blocking(move || {
        Command::new(&python)
            .arg(&script)
            .args(["--endpoint", &url, "--access-key-id", DEFAULT_ACCESS_KEY_ID])
            .args(["--sts-access-key-id", STS_ID])
            .env("ALICERT_INTEROP_SECRET", DEFAULT_ACCESS_KEY_SECRET)
            .env("ALICERT_INTEROP_STS_SECRET", STS_SECRET)
            .env("ALICERT_INTEROP_STS_TOKEN", STS_TOKEN)
            .output()
    })
    .await
    .unwrap()
    .expect("the interop script runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "interop failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let summary: serde_json::Value = serde_json::from_str(stdout.trim()).expect("a JSON summary");
    assert_eq!(summary["ok"], true, "{summary}");
    let names: Vec<&str> = summary["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|check| check["name"].as_str())
        .collect();
    assert!(names.len() >= 27, "{summary}");
    for name in [
        "v3: STS credentials",
        "v1: STS credentials",
        "classic v1: no format: XML, the default",
        "classic v1: wrong secret",
        "classic v1: STS credentials",
    ] {
        assert!(names.contains(&name), "{name} was not checked: {summary}");
    }

    // The SDKs' requests were seen, signed both ways, each attempt with its own nonce, some with the STS key.
    let log = emulator.requests().snapshot();
    let versions: std::collections::HashSet<_> = log
        .iter()
        .filter_map(|record| record.signature_version)
        .collect();
    assert_eq!(versions.len(), 2, "V1 and V3 both used");
    let replays = log
        .iter()
        .filter(|record| record.code.as_deref() == Some("SignatureNonceUsed"))
        .count();
    assert_eq!(replays, 2, "one replay per signature version");
    assert!(
        log.iter()
            .any(|record| record.access_key_id.as_deref() == Some(STS_ID) && record.is_success())
    );
    emulator.shutdown().await.unwrap();
}

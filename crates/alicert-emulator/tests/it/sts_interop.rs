//! The official credential providers against the emulator's STS: alibabacloud-credentials' (1.0.12, the version
//! tools/python pins) `RamRoleArnCredentialsProvider` (a GET with every parameter in the query, signed V1) and
//! `OIDCRoleArnCredentialsProvider` (unsigned) get keys, and those keys then pass where only issued keys do. The
//! providers hard-code `https`; the script switches the one request they send to `http`, nothing else. Like the
//! other interop test it needs the project venv and fails, saying so, without it.

use std::path::PathBuf;
use std::process::Command;

use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorConfig};

use crate::support::{Call, Harness, Scheme};

const ROLE: &str = "acs:ram::1234567890123456:role/cert-deployer";
const PROVIDER: &str = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1";
const OIDC_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.python-interop.sig";

const SCRIPT: &str = r#"
import json, sys
from Tea.core import TeaCore
from alibabacloud_credentials.provider import (
    OIDCRoleArnCredentialsProvider, RamRoleArnCredentialsProvider, StaticAKCredentialsProvider)

host, key_id, secret, role, provider_arn, token_file = sys.argv[1:7]
original = TeaCore.do_action
def over_http(request, runtime=None):
    request.protocol = "http"
    return original(request, runtime)
TeaCore.do_action = over_http

def issued(provider):
    credentials = provider.get_credentials()
    return [credentials.get_access_key_id(), credentials.get_access_key_secret(),
            credentials.get_security_token()]

source = StaticAKCredentialsProvider(access_key_id=key_id, access_key_secret=secret)
print(json.dumps({
    "AssumeRole": issued(RamRoleArnCredentialsProvider(
        credentials_provider=source, role_arn=role, role_session_name="python-sdk",
        policy='{"Version":"1","Statement":[]}', external_id="abc-123", sts_endpoint=host)),
    "AssumeRoleWithOIDC": issued(OIDCRoleArnCredentialsProvider(
        role_arn=role, oidc_provider_arn=provider_arn, oidc_token_file_path=token_file,
        role_session_name="python-sdk", sts_endpoint=host)),
}))
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_credential_providers_get_keys_from_the_emulator() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = std::env::var_os("ALICERT_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv/bin/python"));
    assert!(
        python.exists(),
        "the Python interpreter {} does not exist: run tools/python/setup.sh to create the venv with the official \
         SDK (or set ALICERT_PYTHON)",
        python.display()
    );
    let harness = Harness::start(
        EmulatorConfig::new()
            .with_only_issued_keys()
            .with_oidc_token(PROVIDER, OIDC_TOKEN),
    )
    .await;
    let token_file =
        std::env::temp_dir().join(format!("alicert-sts-interop-{}", std::process::id()));
    std::fs::write(&token_file, OIDC_TOKEN).unwrap();
    let host = harness.url.trim_start_matches("http://").to_owned();
    let token_path = token_file.display().to_string();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(&python)
            .args([
                "-c",
                SCRIPT,
                &host,
                DEFAULT_ACCESS_KEY_ID,
                DEFAULT_ACCESS_KEY_SECRET,
            ])
            .args([ROLE, PROVIDER, &token_path])
            .output()
    })
    .await
    .unwrap()
    .expect("python runs");
    let _ = std::fs::remove_file(&token_file);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the official providers failed\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let issued: serde_json::Value = serde_json::from_str(stdout.trim()).expect("a JSON summary");
    for action in ["AssumeRole", "AssumeRoleWithOIDC"] {
        let keys = issued[action].as_array().expect("three strings");
        let text = |index: usize| keys[index].as_str().unwrap();
        assert!(text(0).starts_with("STS."), "{issued}");
        let call = Call::cas(Scheme::V1, "DescribeDeploymentJob")
            .param("JobId", 8888)
            .key(text(0), text(1))
            .token(text(2));
        harness.call(&call).await.expect_ok();
        let requests = harness.emulator.requests().for_action(action);
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].status, 200);
        assert_eq!(requests[0].method, "GET", "the Python providers send a GET");
    }
}

//! Shared by the tests of the providers that call STS: an emulator that issues STS credentials and accepts nothing
//! else for the certificate API (so a call that succeeds proves it was signed with assumed-role credentials), and a
//! signed call to check credentials with.

use std::time::SystemTime;

use alicert_core::credentials::Credentials;
use alicert_core::sign::{new_nonce, v1};
use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig, RunningEmulator,
};

pub const ROLE_ARN: &str = "acs:ram::1234567890123456:role/cert-deployer";
pub const OIDC_PROVIDER_ARN: &str = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1";
/// A distinctive OIDC token: tests assert it never shows up in an error.
pub const OIDC_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.OIDC-TOKEN-never-print-me.sig";
pub const SOURCE_ID: &str = DEFAULT_ACCESS_KEY_ID;
pub const SOURCE_SECRET: &str = DEFAULT_ACCESS_KEY_SECRET;

/// An emulator whose STS accepts the default long-term key for `AssumeRole` and [`OIDC_TOKEN`] for
/// `AssumeRoleWithOIDC`, and whose other operations accept only the keys it issued.
pub async fn sts_emulator() -> RunningEmulator {
    Emulator::spawn(
        EmulatorConfig::new()
            .with_only_issued_keys()
            .with_oidc_token(OIDC_PROVIDER_ARN, OIDC_TOKEN),
    )
    .await
    .expect("emulator starts")
}

/// Calls `DescribeDeploymentJob` signed V1 with `credentials`; returns the HTTP status and the body.
pub async fn signed_call(emulator: &RunningEmulator, credentials: &Credentials) -> (u16, String) {
    let nonce = new_nonce();
    let mut params: Vec<(&str, String)> = v1::common_params(
        "DescribeDeploymentJob",
        "2020-04-07",
        credentials.access_key_id(),
        credentials.security_token(),
        SystemTime::now(),
        &nonce,
    );
    params.push(("JobId", "8888".to_owned()));
    let pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let signature = v1::sign("GET", &pairs, credentials.access_key_secret()).signature;
    params.push(("Signature", signature));
    let response = reqwest::Client::new()
        .get(format!("{}/", emulator.url()))
        .query(&params)
        .send()
        .await
        .expect("request sent");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// Asserts that the emulator accepts a call signed with `credentials`, which must be STS ones.
#[track_caller]
pub fn assert_accepted((status, body): (u16, String)) {
    assert_eq!(status, 200, "{body}");
}

/// How many times the emulator was asked `action`, whatever the answer.
pub fn count(emulator: &RunningEmulator, action: &str) -> usize {
    emulator.requests().for_action(action).len()
}

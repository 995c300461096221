//! The emulator's STS: `AssumeRole` issues keys the emulator then accepts until they expire, `AssumeRoleWithOIDC`
//! issues them against a configured token without a signature, parameters are checked as the service checks them,
//! and with `only_issued_keys` nothing but issued keys may call the other products.

use std::time::{Duration, SystemTime};

use alicert_emulator::{EmulatorConfig, ManualClock};
use serde_json::Value;

use crate::support::{Call, Harness, SCHEMES, Scheme, encode_pairs};

const STS: &str = "2015-04-01";
const ROLE: &str = "acs:ram::1234567890123456:role/cert-deployer";
const PROVIDER: &str = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1";

fn assume_role(scheme: Scheme) -> Call {
    Call::new(scheme, "AssumeRole", STS)
        .param("RoleArn", ROLE)
        .param("RoleSessionName", "alicert-test")
}

/// The issued (id, secret, token, expiration) of a successful answer, after checking its shape.
fn issued(json: &Value) -> (String, String, String, String) {
    let credentials = &json["Credentials"];
    let text = |name: &str| credentials[name].as_str().unwrap_or_default().to_owned();
    let id = text("AccessKeyId");
    assert!(id.starts_with("STS."), "{json}");
    assert!(
        json["AssumedRoleUser"]["Arn"]
            .as_str()
            .unwrap()
            .starts_with("acs:ram::1234567890123456:assumed-role/cert-deployer/"),
        "{json}"
    );
    assert!(json["AssumedRoleUser"]["AssumedRoleId"].is_string());
    let expiration = text("Expiration");
    assert!(
        alicert_core::time::parse_iso8601(&expiration).is_some(),
        "{expiration}"
    );
    (
        id,
        text("AccessKeySecret"),
        text("SecurityToken"),
        expiration,
    )
}

#[tokio::test]
async fn assume_role_issues_keys_that_work_until_they_expire() {
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let clock = ManualClock::new(start);
    let harness = Harness::start(
        EmulatorConfig::new()
            .with_clock(clock.clone())
            .with_only_issued_keys(),
    )
    .await;
    // The long-term key may not call cas itself.
    let direct = Call::cas(Scheme::V1, "DescribeDeploymentJob")
        .param("JobId", 8888)
        .at(start);
    harness
        .call(&direct)
        .await
        .expect_error(403, "Forbidden.RAM");
    for scheme in SCHEMES {
        let answer = harness
            .call(&assume_role(scheme).param("DurationSeconds", 900).at(start))
            .await;
        let (id, secret, token, expiration) = issued(answer.expect_ok());
        assert_eq!(
            expiration,
            alicert_core::time::format_iso8601(start + Duration::from_secs(900))
        );
        let call = |at| {
            Call::cas(scheme, "DescribeDeploymentJob")
                .param("JobId", 8888)
                .key(&id, &secret)
                .token(&token)
                .at(at)
        };
        harness.call(&call(start)).await.expect_ok();
        // Chained: the issued key may assume a role itself.
        let chained = assume_role(scheme)
            .key(&id, &secret)
            .token(&token)
            .at(start);
        issued(harness.call(&chained).await.expect_ok());
        clock.set(start + Duration::from_secs(900));
        harness
            .call(&call(start + Duration::from_secs(900)))
            .await
            .expect_error(400, "InvalidSecurityToken.Expired");
        clock.set(start);
    }
}

#[tokio::test]
async fn assume_role_checks_its_parameters_and_signature() {
    let harness = Harness::default().await;
    let cases: Vec<(Call, u16, &str)> = vec![
        (
            Call::new(Scheme::V1, "AssumeRole", STS).param("RoleSessionName", "s1"),
            400,
            "MissingRoleArn",
        ),
        (
            assume_role(Scheme::V1).param("DurationSeconds", 899),
            400,
            "InvalidParameter.DurationSeconds",
        ),
        (
            assume_role(Scheme::V1).param("DurationSeconds", 43_201),
            400,
            "InvalidParameter.DurationSeconds",
        ),
        (
            Call::new(Scheme::V1, "AssumeRole", STS)
                .param("RoleArn", "acs:ram::x:role/r")
                .param("RoleSessionName", "s1"),
            400,
            "InvalidParameter.RoleArn",
        ),
        (
            Call::new(Scheme::V1, "AssumeRole", STS)
                .param("RoleArn", ROLE)
                .param("RoleSessionName", "a b"),
            400,
            "InvalidParameter.RoleSessionName",
        ),
        (
            assume_role(Scheme::V1).param("Policy", "{not json"),
            400,
            "InvalidParameter.PolicyGrammar",
        ),
        (
            assume_role(Scheme::V1).key("alicert-demo-id", "wrong-secret"),
            400,
            "SignatureDoesNotMatch",
        ),
        (
            assume_role(Scheme::V1).key("LTAI-unknown", "x"),
            404,
            "InvalidAccessKeyId.NotFound",
        ),
    ];
    for (call, status, code) in cases {
        harness.call(&call).await.expect_error(status, code);
    }
    let full = assume_role(Scheme::V1)
        .param("DurationSeconds", 43_200)
        .param("Policy", r#"{"Version":"1","Statement":[]}"#)
        .param("ExternalId", "abcd1234");
    issued(harness.call(&full).await.expect_ok());
    assert_eq!(
        harness.emulator.requests().for_action("AssumeRole").len(),
        9
    );
}

/// An unsigned `AssumeRoleWithOIDC`, its parameters in a POST form as the Go SDK sends them.
async fn with_oidc(harness: &Harness, params: &[(&str, &str)]) -> crate::support::Answer {
    let mut pairs: Vec<(String, String)> = vec![
        ("Action".into(), "AssumeRoleWithOIDC".into()),
        ("Version".into(), STS.into()),
        ("Format".into(), "JSON".into()),
        (
            "Timestamp".into(),
            alicert_core::time::format_iso8601(SystemTime::now()),
        ),
    ];
    pairs.extend(
        params
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string())),
    );
    harness
        .raw(
            reqwest::Method::POST,
            "/",
            encode_pairs(&pairs).into_bytes(),
        )
        .await
}

#[tokio::test]
async fn assume_role_with_oidc_needs_an_accepted_token_and_no_signature() {
    let harness =
        Harness::start(EmulatorConfig::new().with_oidc_token(PROVIDER, "oidc-token-1")).await;
    let good = [
        ("RoleArn", ROLE),
        ("OIDCProviderArn", PROVIDER),
        ("OIDCToken", "oidc-token-1"),
        ("RoleSessionName", "pod-session"),
    ];
    let answer = with_oidc(&harness, &good).await;
    let (id, secret, token, _) = issued(answer.expect_ok());
    let call = Call::cas(Scheme::V1, "DescribeDeploymentJob")
        .param("JobId", 8888)
        .key(&id, &secret)
        .token(&token);
    harness.call(&call).await.expect_ok();

    let mut wrong_token = good;
    wrong_token[2].1 = "oidc-token-2";
    let message = with_oidc(&harness, &wrong_token)
        .await
        .expect_error(400, "InvalidParameter.OIDCToken")
        .to_owned();
    assert!(!message.contains("oidc-token"), "{message}");
    let mut unknown = good;
    unknown[1].1 = "acs:ram::1234567890123456:oidc-provider/other";
    with_oidc(&harness, &unknown)
        .await
        .expect_error(404, "EntityNotExist.OIDCProvider");
    let mut long = good.to_vec();
    long.push(("DurationSeconds", "50000"));
    with_oidc(&harness, &long)
        .await
        .expect_error(400, "InvalidParameter.DurationSeconds");
    with_oidc(&harness, &good[..2])
        .await
        .expect_error(400, "MissingOIDCToken");
}

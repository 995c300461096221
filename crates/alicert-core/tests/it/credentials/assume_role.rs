//! `AssumeRole` through every way of asking for it: a `RamRoleArn` and a `ChainableRamRoleArn` profile of the
//! `aliyun` CLI, a `ram_role_arn` profile of the credentials file, and the provider itself; refreshes, one call to
//! STS however many callers wait, and errors that name the profile, file and endpoint without a secret.

use std::sync::Arc;
use std::time::Duration;

use alicert_core::credentials::{
    CliProfileProvider, Credentials, CredentialsErrorKind, CredentialsFileProvider, DefaultChain,
    ProvideCredentials, RamRoleArnProvider, StsEndpoint,
};

use super::sts_support::{
    ROLE_ARN, SOURCE_ID, SOURCE_SECRET, assert_accepted, count, signed_call, sts_emulator,
};
use super::support::{SECRET, TempHome, env_with_home};

fn ram_role_profile(name: &str, extra: &str) -> String {
    format!(
        r#"{{"name": "{name}", "mode": "RamRoleArn", "access_key_id": "{SOURCE_ID}",
            "access_key_secret": "{SOURCE_SECRET}", "ram_role_arn": "{ROLE_ARN}",
            "ram_session_name": "alicert-test", "expired_seconds": 0, "sts_region": "cn-hangzhou"{extra}}}"#
    )
}

#[tokio::test]
async fn a_ram_role_arn_profile_signs_with_the_role() {
    let emulator = sts_emulator().await;
    let home = TempHome::new("sts-cli-role");
    home.write_cli_config(&format!(
        r#"{{"current": "role", "profiles": [{}]}}"#,
        ram_role_profile("role", "")
    ));
    let chain = DefaultChain::with_home_and_env(
        home.path(),
        env_with_home(&home, &[("ALIBABA_CLOUD_STS_ENDPOINT", &emulator.url())]),
    );

    let credentials = chain.provide_credentials().await.unwrap();
    assert!(credentials.access_key_id().starts_with("STS."));
    assert_accepted(signed_call(&emulator, &credentials).await);
    // The long-term key itself is refused by this emulator: the call above was the role's.
    let source = Credentials::new(SOURCE_ID, SOURCE_SECRET);
    assert_eq!(signed_call(&emulator, &source).await.0, 403);
    // Cached: a second call asks STS nothing.
    assert_eq!(chain.provide_credentials().await.unwrap(), credentials);
    assert_eq!(count(&emulator, "AssumeRole"), 1);
}

#[tokio::test]
async fn a_chainable_profile_assumes_a_role_with_its_source_profile_credentials() {
    let emulator = sts_emulator().await;
    let home = TempHome::new("sts-cli-chain");
    home.write_cli_config(&format!(
        r#"{{"current": "second", "profiles": [{}, {{"name": "second", "mode": "ChainableRamRoleArn",
            "source_profile": "first", "ram_role_arn": "{ROLE_ARN}"}}]}}"#,
        ram_role_profile("first", "")
    ));
    let provider = CliProfileProvider::with_lookup(env_with_home(
        &home,
        &[("ALIBABA_CLOUD_STS_ENDPOINT", &emulator.url())],
    ));

    let credentials = provider.provide_credentials().await.unwrap();
    assert_accepted(signed_call(&emulator, &credentials).await);
    let calls = emulator.requests().for_action("AssumeRole");
    assert_eq!(calls.len(), 2);
    // The second AssumeRole was signed by the first one's STS key, not the long-term one.
    assert_eq!(calls[0].access_key_id.as_deref(), Some(SOURCE_ID));
    assert!(
        calls[1]
            .access_key_id
            .as_deref()
            .unwrap()
            .starts_with("STS.")
    );
    assert!(calls.iter().all(|call| call.status == 200));
}

#[tokio::test]
async fn a_source_profile_cycle_or_a_missing_source_is_an_error_naming_the_profiles() {
    let home = TempHome::new("sts-cli-cycle");
    let path = home.write_cli_config(&format!(
        r#"{{"current": "a", "profiles": [
            {{"name": "a", "mode": "ChainableRamRoleArn", "source_profile": "b", "ram_role_arn": "{ROLE_ARN}"}},
            {{"name": "b", "mode": "ChainableRamRoleArn", "source_profile": "a", "ram_role_arn": "{ROLE_ARN}"}}]}}"#
    ));
    let error = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Malformed);
    let message = error.to_string();
    assert!(message.contains(r#""a" -> "b" -> "a""#), "{message}");
    assert!(message.contains(&path.display().to_string()), "{message}");

    home.write_cli_config(&format!(
        r#"{{"current": "a", "profiles": [
            {{"name": "a", "mode": "ChainableRamRoleArn", "source_profile": "gone", "ram_role_arn": "{ROLE_ARN}"}}]}}"#
    ));
    let error = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        !error.is_not_found(),
        "a broken chain stops the default chain"
    );
    assert!(
        error
            .to_string()
            .contains(r#"profile "a" names source_profile "gone", which is not in"#),
        "{error}"
    );
}

#[tokio::test]
async fn a_ram_role_arn_credentials_file_profile_signs_with_the_role() {
    let emulator = sts_emulator().await;
    let home = TempHome::new("sts-file-role");
    home.write_credentials_file(&format!(
        "[default]\ntype = ram_role_arn\naccess_key_id = {SOURCE_ID}\naccess_key_secret = {SOURCE_SECRET}\n\
         role_arn = {ROLE_ARN}\nrole_session_name = from-file\npolicy = {{\"Version\":\"1\",\"Statement\":[]}}\n"
    ));
    let provider = CredentialsFileProvider::with_lookup(env_with_home(
        &home,
        &[("ALIBABA_CLOUD_STS_ENDPOINT", &emulator.url())],
    ));

    let credentials = provider.provide_credentials().await.unwrap();
    assert_accepted(signed_call(&emulator, &credentials).await);
    assert_eq!(count(&emulator, "AssumeRole"), 1);
}

#[tokio::test]
async fn credentials_are_refreshed_inside_the_stale_window() {
    let emulator = sts_emulator().await;
    // 900 seconds is inside the 15-minute stale window from the start: every call refreshes.
    let short = RamRoleArnProvider::new(Credentials::new(SOURCE_ID, SOURCE_SECRET), ROLE_ARN)
        .with_duration(Duration::from_secs(900))
        .with_endpoint(StsEndpoint::url(emulator.url()));
    let first = short.provide_credentials().await.unwrap();
    let second = short.provide_credentials().await.unwrap();
    assert_ne!(first.access_key_id(), second.access_key_id());
    assert_accepted(signed_call(&emulator, &second).await);
    assert_eq!(count(&emulator, "AssumeRole"), 2);

    // With a smaller margin the same session is fresh, and kept.
    let kept = RamRoleArnProvider::new(Credentials::new(SOURCE_ID, SOURCE_SECRET), ROLE_ARN)
        .with_duration(Duration::from_secs(900))
        .with_refresh_margin(Duration::from_secs(60))
        .with_endpoint(StsEndpoint::url(emulator.url()));
    let first = kept.provide_credentials().await.unwrap();
    assert_eq!(kept.provide_credentials().await.unwrap(), first);
    assert_eq!(count(&emulator, "AssumeRole"), 3);
}

#[tokio::test]
async fn concurrent_callers_share_one_assume_role() {
    let emulator = sts_emulator().await;
    let provider = Arc::new(
        RamRoleArnProvider::new(Credentials::new(SOURCE_ID, SOURCE_SECRET), ROLE_ARN)
            .with_endpoint(StsEndpoint::url(emulator.url())),
    );
    let callers: Vec<_> = (0..32)
        .map(|_| {
            let provider = provider.clone();
            tokio::spawn(async move { provider.provide_credentials().await })
        })
        .collect();
    let mut all = Vec::new();
    for caller in callers {
        all.push(caller.await.unwrap().unwrap());
    }
    assert!(all.iter().all(|credentials| *credentials == all[0]));
    assert_eq!(count(&emulator, "AssumeRole"), 1);
}

#[tokio::test]
async fn a_refusal_names_the_role_endpoint_and_code_and_no_secret() {
    let emulator = sts_emulator().await;
    let wrong_secret = RamRoleArnProvider::new(Credentials::new(SOURCE_ID, SECRET), ROLE_ARN)
        .with_endpoint(StsEndpoint::url(emulator.url()));
    let error = wrong_secret.provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Sts);
    let message = error.to_string();
    for expected in [
        "AssumeRole of role",
        ROLE_ARN,
        &emulator.url(),
        "HTTP 400",
        "SignatureDoesNotMatch",
        "RequestId",
    ] {
        assert!(message.contains(expected), "{expected:?} in {message}");
    }
    // The emulator's message quotes the string to sign: it is left out.
    assert!(
        !message.contains(SECRET) && !message.contains("Message"),
        "{message}"
    );

    let home = TempHome::new("sts-cli-bad-role");
    let path = home.write_cli_config(&format!(
        r#"{{"current": "role", "profiles": [{}]}}"#,
        ram_role_profile("role", "").replace(ROLE_ARN, "acs:ram::x:role/nope")
    ));
    let error = CliProfileProvider::with_lookup(env_with_home(
        &home,
        &[("ALIBABA_CLOUD_STS_ENDPOINT", &emulator.url())],
    ))
    .provide_credentials()
    .await
    .unwrap_err();
    let message = error.to_string();
    for expected in [
        "profile \"role\" (mode RamRoleArn) of",
        &path.display().to_string(),
        "InvalidParameter.RoleArn",
    ] {
        assert!(message.contains(expected), "{expected:?} in {message}");
    }
    assert!(!message.contains(SOURCE_SECRET), "{message}");

    let unreachable = RamRoleArnProvider::new(Credentials::new(SOURCE_ID, SOURCE_SECRET), ROLE_ARN)
        .with_endpoint(StsEndpoint::url("http://127.0.0.1:9"));
    let message = unreachable
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("at http://127.0.0.1:9: could not connect"),
        "{message}"
    );
}

//! `AssumeRoleWithOIDC` through the environment (RRSA), an `OIDC` profile of the `aliyun` CLI and an
//! `oidc_role_arn` profile of the credentials file: calls succeed with the role's keys, the token file is read at
//! every refresh, and errors name the file or variable without the token.

use std::time::Duration;

use alicert_core::credentials::{
    CliProfileProvider, CredentialsErrorKind, CredentialsFileProvider, DefaultChain,
    OidcRoleProvider, ProvideCredentials, StsEndpoint,
};

use super::sts_support::{
    OIDC_PROVIDER_ARN, OIDC_TOKEN, ROLE_ARN, assert_accepted, count, signed_call, sts_emulator,
};
use super::support::{TempHome, env_with_home};

#[tokio::test]
async fn rrsa_variables_assume_the_role_first_in_the_default_chain() {
    let emulator = sts_emulator().await;
    let home = TempHome::new("sts-oidc-env");
    let token_file = home.write("token", &format!("{OIDC_TOKEN}\n"));
    // A CLI profile further down is never reached.
    home.write_cli_config(
        r#"{"current": "x", "profiles": [{"name": "x", "mode": "AK", "access_key_id": "LTAI5tCli", "access_key_secret": "s"}]}"#,
    );
    let url = emulator.url();
    let chain = DefaultChain::with_home_and_env(
        home.path(),
        env_with_home(
            &home,
            &[
                ("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN),
                ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", OIDC_PROVIDER_ARN),
                (
                    "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
                    token_file.to_str().unwrap(),
                ),
                ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "pod-session"),
                ("ALIBABA_CLOUD_STS_ENDPOINT", &url),
            ],
        ),
    );

    let credentials = chain.provide_credentials().await.unwrap();
    assert_accepted(signed_call(&emulator, &credentials).await);
    assert_eq!(chain.provide_credentials().await.unwrap(), credentials);
    assert_eq!(count(&emulator, "AssumeRoleWithOIDC"), 1);
    let call = &emulator.requests().for_action("AssumeRoleWithOIDC")[0];
    assert_eq!(
        call.signature_version, None,
        "AssumeRoleWithOIDC is sent unsigned"
    );
    assert_eq!(call.status, 200);
}

#[tokio::test]
async fn the_token_file_is_read_again_at_every_refresh() {
    let emulator = sts_emulator().await;
    let home = TempHome::new("sts-oidc-rotate");
    let token_file = home.write("token", "an-old-token-the-emulator-refuses");
    // 900 seconds is inside the stale window: every call refreshes.
    let provider = OidcRoleProvider::new(ROLE_ARN, OIDC_PROVIDER_ARN, &token_file)
        .with_duration(Duration::from_secs(900))
        .with_endpoint(StsEndpoint::url(emulator.url()));

    let error = provider.provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Sts);
    let message = error.to_string();
    assert!(message.contains("InvalidParameter.OIDCToken"), "{message}");
    assert!(
        message.contains(&token_file.display().to_string()),
        "{message}"
    );
    assert!(!message.contains("an-old-token"), "{message}");

    home.write("token", OIDC_TOKEN);
    let credentials = provider.provide_credentials().await.unwrap();
    assert_accepted(signed_call(&emulator, &credentials).await);
}

#[tokio::test]
async fn an_oidc_cli_profile_and_an_oidc_role_arn_file_profile_assume_the_role() {
    let emulator = sts_emulator().await;
    let home = TempHome::new("sts-oidc-profiles");
    let token_file = home.write("token", OIDC_TOKEN);
    let token_file = token_file.to_str().unwrap();
    home.write_cli_config(&format!(
        r#"{{"current": "pod", "profiles": [{{"name": "pod", "mode": "OIDC", "ram_role_arn": "{ROLE_ARN}",
            "oidc_provider_arn": "{OIDC_PROVIDER_ARN}", "oidc_token_file": "{token_file}",
            "role_session_name": "cli-oidc", "expired_seconds": 3600}}]}}"#
    ));
    home.write_credentials_file(&format!(
        "[default]\ntype = oidc_role_arn\nrole_arn = {ROLE_ARN}\noidc_provider_arn = {OIDC_PROVIDER_ARN}\n\
         oidc_token_file_path = {token_file}\n"
    ));
    let url = emulator.url();
    let lookup = || env_with_home(&home, &[("ALIBABA_CLOUD_STS_ENDPOINT", &url)]);

    let from_cli = CliProfileProvider::with_lookup(lookup())
        .provide_credentials()
        .await
        .unwrap();
    assert_accepted(signed_call(&emulator, &from_cli).await);
    let from_file = CredentialsFileProvider::with_lookup(lookup())
        .provide_credentials()
        .await
        .unwrap();
    assert_accepted(signed_call(&emulator, &from_file).await);
    assert_ne!(from_cli, from_file);
    assert_eq!(count(&emulator, "AssumeRoleWithOIDC"), 2);
}

#[tokio::test]
async fn an_unusable_token_file_is_named() {
    let home = TempHome::new("sts-oidc-bad-file");
    let empty = home.write("empty-token", " \n");
    let provider = OidcRoleProvider::new(ROLE_ARN, OIDC_PROVIDER_ARN, &empty)
        .with_endpoint(StsEndpoint::url("http://127.0.0.1:9"));
    let error = provider.provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Malformed);
    assert!(
        error
            .to_string()
            .contains(&format!("the OIDC token file {} is empty", empty.display())),
        "{error}"
    );
    let folder = OidcRoleProvider::new(ROLE_ARN, OIDC_PROVIDER_ARN, home.path());
    let error = folder.provide_credentials().await.unwrap_err();
    assert!(error.to_string().contains("is a directory"), "{error}");
}

//! The default chain's order, its "looked in" listing when nothing is found, hard errors stopping it, the ECS step
//! only when asked for, and a user-assembled `ProviderChain` with a custom source.

use std::sync::atomic::Ordering;
use std::time::Duration;

use alicert_core::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, DefaultChain, ProvideCredentials,
    ProviderChain,
};
use futures::future::BoxFuture;

use super::imds::{Imds, ROLE};
use super::support::{SECRET, TOKEN, TempHome, env_with_home};

const ENV_KEYS: [(&str, &str); 2] = [
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFromEnv00000001"),
    ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
];

fn cli_config() -> String {
    format!(
        r#"{{"current": "default", "profiles": [{{"name": "default", "mode": "AK",
            "access_key_id": "LTAI5tFromCli00000001", "access_key_secret": "{SECRET}"}}]}}"#
    )
}

fn credentials_file() -> String {
    format!(
        "[default]\ntype = access_key\naccess_key_id = LTAI5tFromFile0000001\naccess_key_secret = {SECRET}\n"
    )
}

async fn id_from(chain: DefaultChain) -> String {
    chain
        .provide_credentials()
        .await
        .unwrap()
        .access_key_id()
        .to_owned()
}

#[tokio::test]
async fn order_is_env_then_cli_then_file() {
    let home = TempHome::new("chain-order");
    home.write_cli_config(&cli_config());
    home.write_credentials_file(&credentials_file());

    let everything = DefaultChain::with_home_and_env(home.path(), env_with_home(&home, &ENV_KEYS));
    assert_eq!(id_from(everything).await, "LTAI5tFromEnv00000001");

    let files_only = DefaultChain::with_home_and_env(home.path(), env_with_home(&home, &[]));
    assert_eq!(id_from(files_only).await, "LTAI5tFromCli00000001");

    std::fs::remove_file(home.path().join(".aliyun/config.json")).unwrap();
    let file_only = DefaultChain::with_home_and_env(home.path(), env_with_home(&home, &[]));
    assert_eq!(id_from(file_only).await, "LTAI5tFromFile0000001");
}

#[tokio::test]
async fn env_sts_token_is_carried() {
    let home = TempHome::new("chain-env-sts");
    let mut vars = ENV_KEYS.to_vec();
    vars.push(("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN));

    let credentials = DefaultChain::with_home_and_env(home.path(), env_with_home(&home, &vars))
        .provide_credentials()
        .await
        .unwrap();

    assert_eq!(credentials.security_token(), Some(TOKEN));
}

#[tokio::test]
async fn a_profile_missing_from_the_cli_config_falls_through_to_the_file() {
    let home = TempHome::new("chain-profile");
    home.write_cli_config(&cli_config());
    home.write_credentials_file(&credentials_file().replace("[default]", "[prod]"));
    let lookup = env_with_home(&home, &[("ALIBABA_CLOUD_PROFILE", "prod")]);

    assert_eq!(
        id_from(DefaultChain::with_home_and_env(home.path(), lookup)).await,
        "LTAI5tFromFile0000001"
    );
}

#[tokio::test]
async fn nothing_anywhere_lists_every_place_looked() {
    let home = TempHome::new("chain-empty");
    home.write_cli_config(&cli_config());
    let lookup = env_with_home(&home, &[("ALIBABA_CLOUD_PROFILE", "prod")]);

    let error = DefaultChain::with_home_and_env(home.path(), lookup)
        .provide_credentials()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::NoneFound);
    assert!(error.is_not_found());
    let providers: Vec<&str> = error
        .looked_in()
        .iter()
        .map(CredentialsError::provider)
        .collect();
    assert_eq!(
        providers,
        [
            "environment",
            "OIDC role",
            "aliyun CLI config",
            "credentials file",
            "ECS RAM role",
            "credentials URI"
        ]
    );
    let message = error.to_string();
    let home_shown = home.path().display().to_string();
    for expected in [
        "default chain: no credentials found; looked in: [1] environment: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set",
        "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
        "no profile \"prod\" (chosen by ALIBABA_CLOUD_PROFILE)",
        &format!("{home_shown}/.aliyun/config.json"),
        r#"profiles there: "default""#,
        &format!("{home_shown}/.alibabacloud/credentials does not exist"),
        "[5] ECS RAM role: ALIBABA_CLOUD_ECS_METADATA is not set",
        "[6] credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI is not set",
    ] {
        assert!(
            message.contains(expected),
            "missing {expected:?} in {message}"
        );
    }
}

#[tokio::test]
async fn a_malformed_file_stops_the_chain() {
    let home = TempHome::new("chain-malformed");
    let path = home.write_cli_config("{\"current\": \"default\",\n\"profiles\": [}");
    home.write_credentials_file(&credentials_file());

    let error = DefaultChain::with_home_and_env(home.path(), env_with_home(&home, &[]))
        .provide_credentials()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::Malformed);
    assert_eq!(error.path(), Some(path.as_path()));
    assert!(error.to_string().contains("line 2"), "{error}");
}

#[tokio::test]
async fn half_an_env_pair_stops_the_chain() {
    let home = TempHome::new("chain-half-env");
    home.write_credentials_file(&credentials_file());
    let lookup = env_with_home(&home, &[("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tHalf")]);

    let error = DefaultChain::with_home_and_env(home.path(), lookup)
        .provide_credentials()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::Misconfigured);
}

#[tokio::test]
async fn configured_oidc_without_its_token_stops_the_chain_rather_than_switching_identity() {
    let home = TempHome::new("chain-oidc");
    home.write_credentials_file(&credentials_file());
    let token_file = home.path().join("no-such-token");
    let token_file = token_file.to_str().unwrap();
    let lookup = env_with_home(
        &home,
        &[
            ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::123456789012:role/pod"),
            (
                "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
                "acs:ram::123456789012:oidc-provider/ack",
            ),
            ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token_file),
            ("ALIBABA_CLOUD_STS_ENDPOINT", "http://127.0.0.1:9"),
        ],
    );

    let error = DefaultChain::with_home_and_env(home.path(), lookup)
        .provide_credentials()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::Misconfigured);
    let message = error.to_string();
    assert!(
        message.contains(&format!("the OIDC token file {token_file} does not exist")),
        "{message}"
    );
    assert!(
        message.contains("ALIBABA_CLOUD_OIDC_TOKEN_FILE"),
        "{message}"
    );
}

#[tokio::test]
async fn ecs_is_asked_only_when_alibaba_cloud_ecs_metadata_is_set() {
    let imds = Imds::new(Duration::from_secs(3600));
    let endpoint = imds.start().await;
    let home = TempHome::new("chain-ecs");

    let without = DefaultChain::with_home_and_env(home.path(), env_with_home(&home, &[]))
        .with_ecs_endpoint(&endpoint);
    assert!(
        without
            .provide_credentials()
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(
        imds.tokens.load(Ordering::SeqCst),
        0,
        "the metadata server was not contacted"
    );

    let lookup = env_with_home(&home, &[("ALIBABA_CLOUD_ECS_METADATA", ROLE)]);
    let with = DefaultChain::with_home_and_env(home.path(), lookup).with_ecs_endpoint(&endpoint);
    let credentials = with.provide_credentials().await.unwrap();
    assert!(credentials.is_sts());
    assert_eq!(
        imds.role_lists.load(Ordering::SeqCst),
        0,
        "the role came from the variable"
    );

    // The chain keeps its ECS provider, and with it the cache.
    with.provide_credentials().await.unwrap();
    assert_eq!(imds.fetches(), 1);

    let lookup = env_with_home(
        &home,
        &[
            ("ALIBABA_CLOUD_ECS_METADATA", ROLE),
            ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
        ],
    );
    let disabled =
        DefaultChain::with_home_and_env(home.path(), lookup).with_ecs_endpoint(&endpoint);
    let error = disabled.provide_credentials().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("turned off by ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
        "{error}"
    );
    assert_eq!(imds.fetches(), 1);
}

#[tokio::test]
async fn an_ecs_failure_is_reported_as_is() {
    let imds = Imds::new(Duration::from_secs(3600));
    imds.set_behavior(super::imds::Behavior::ServerError);
    let endpoint = imds.start().await;
    let home = TempHome::new("chain-ecs-error");
    let lookup = env_with_home(&home, &[("ALIBABA_CLOUD_ECS_METADATA", ROLE)]);

    let error = DefaultChain::with_home_and_env(home.path(), lookup)
        .with_ecs_endpoint(&endpoint)
        .provide_credentials()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::MetadataService);
    assert!(error.to_string().contains("HTTP 500"), "{error}");
}

/// A user's own source, as an OIDC provider would be plugged in.
#[derive(Debug)]
struct Custom(Option<&'static str>);

impl ProvideCredentials for Custom {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            match self.0 {
                Some(id) => Ok(Credentials::new(id, SECRET)),
                None => Err(CredentialsError::not_found("custom", "nothing configured")),
            }
        })
    }
}

#[tokio::test]
async fn provider_chain_with_custom_sources() {
    let chain = ProviderChain::new()
        .with(Custom(None))
        .with(Custom(Some("LTAI5tCustom000000001")))
        .with(Credentials::new("LTAI5tNeverReached001", SECRET));
    assert_eq!(
        chain.provide_credentials().await.unwrap().access_key_id(),
        "LTAI5tCustom000000001"
    );

    let failing = ProviderChain::new()
        .with(Custom(None))
        .with(std::sync::Arc::new(FailingSource))
        .with(Credentials::new("LTAI5tNeverReached001", SECRET));
    let error = failing.provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Other);

    let empty = ProviderChain::new().with(Custom(None));
    let error = empty.provide_credentials().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "credentials chain: no credentials found; looked in: [1] custom: nothing configured"
    );
}

#[derive(Debug)]
struct FailingSource;

impl ProvideCredentials for FailingSource {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async { Err(CredentialsError::other("vault", "sealed")) })
    }
}

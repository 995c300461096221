//! The remaining sources of the chain that fetch STS credentials: `EcsRamRole` / `ecs_ram_role` profiles (the ECS
//! metadata server) and `ALIBABA_CLOUD_CREDENTIALS_URI`, each ending in a call the emulator accepts.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use alicert_core::credentials::{
    CliProfileProvider, CredentialsErrorKind, CredentialsFileProvider, DefaultChain,
    ProvideCredentials,
};
use alicert_emulator::{AccessKey, Emulator, EmulatorConfig};
use axum::Router;
use axum::routing::get;

use super::imds::{Imds, ROLE};
use super::sts_support::{assert_accepted, signed_call};
use super::support::{SECRET, TOKEN, TempHome, env_with_home, iso8601};

#[tokio::test]
async fn ecs_ram_role_profiles_use_the_metadata_server() {
    let imds = Imds::new(Duration::from_secs(6 * 3600));
    let metadata = imds.start().await;
    let emulator = Emulator::spawn(EmulatorConfig::new()).await.unwrap();
    let home = TempHome::new("sts-ecs-profiles");
    home.write_cli_config(&format!(
        r#"{{"current": "ecs", "profiles": [{{"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "{ROLE}"}}]}}"#
    ));
    home.write_credentials_file("[default]\ntype = ecs_ram_role\n");

    let from_cli = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
        .with_ecs_endpoint(&metadata)
        .provide_credentials()
        .await
        .unwrap();
    // The file's profile names no role: it is discovered.
    let from_file = CredentialsFileProvider::with_lookup(env_with_home(&home, &[]))
        .with_ecs_endpoint(&metadata)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(imds.role_lists.load(Ordering::SeqCst), 1);
    for credentials in [from_cli, from_file] {
        assert_eq!(credentials.security_token(), Some(TOKEN));
        emulator.emulator().add_access_key(AccessKey::sts(
            credentials.access_key_id(),
            SECRET,
            TOKEN,
        ));
        assert_accepted(signed_call(&emulator, &credentials).await);
    }
}

#[tokio::test]
async fn a_credentials_uri_is_the_last_step_of_the_chain() {
    let emulator = Emulator::spawn(EmulatorConfig::new()).await.unwrap();
    let expiration = iso8601(SystemTime::now() + Duration::from_secs(3600));
    emulator
        .emulator()
        .add_access_key(AccessKey::sts("STS.FromUri0001", SECRET, TOKEN));
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = asked.clone();
    let body = format!(
        r#"{{"Code":"Success","AccessKeyId":"STS.FromUri0001","AccessKeySecret":"{SECRET}",
            "SecurityToken":"{TOKEN}","Expiration":"{expiration}"}}"#
    );
    let app = Router::new()
        .route(
            "/credentials",
            get(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                let body = body.clone();
                async move { body }
            }),
        )
        .route("/broken", get(|| async { r#"{"Code":"Failed"}"# }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let home = TempHome::new("sts-uri");
    let uri = format!("{base}/credentials?agent-secret=do-not-show");
    let chain = DefaultChain::with_home_and_env(
        home.path(),
        env_with_home(&home, &[("ALIBABA_CLOUD_CREDENTIALS_URI", &uri)]),
    );
    let credentials = chain.provide_credentials().await.unwrap();
    assert_accepted(signed_call(&emulator, &credentials).await);
    assert_eq!(chain.provide_credentials().await.unwrap(), credentials);
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "cached until the stale window"
    );

    let broken = format!("{base}/broken?agent-secret=do-not-show");
    let error = DefaultChain::with_home_and_env(
        home.path(),
        env_with_home(&home, &[("ALIBABA_CLOUD_CREDENTIALS_URI", &broken)]),
    )
    .provide_credentials()
    .await
    .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Sts);
    let message = error.to_string();
    assert!(message.contains(&format!("{base}/broken")), "{message}");
    assert!(
        message.contains("ALIBABA_CLOUD_CREDENTIALS_URI"),
        "{message}"
    );
    assert!(message.contains("\"Failed\""), "{message}");
    assert!(!message.contains("do-not-show"), "{message}");
}

//! The ECS RAM role provider against the local metadata server: IMDSv2 first then IMDSv1, role discovery, caching,
//! refresh near expiry, one refresh for many callers, and clear errors when the server misbehaves.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use alicert_core::credentials::{
    CredentialsErrorKind, CredentialsFileProvider, EcsRamRoleProvider, ProvideCredentials,
};

use super::imds::{Behavior, Imds, ROLE};
use super::support::{SECRET, TOKEN, TempHome, env_with_home};

const HOUR: Duration = Duration::from_secs(3600);
const MINUTE: Duration = Duration::from_secs(60);

fn provider(endpoint: &str) -> EcsRamRoleProvider {
    EcsRamRoleProvider::new().with_endpoint(endpoint)
}

#[tokio::test]
async fn discovers_the_role_and_speaks_imdsv2() {
    let imds = Imds::new(HOUR);
    let endpoint = imds.start().await;

    let credentials = provider(&endpoint).provide_credentials().await.unwrap();

    assert_eq!(credentials.access_key_id(), "STS.NUkey0001");
    assert_eq!(credentials.access_key_secret(), SECRET);
    assert_eq!(credentials.security_token(), Some(TOKEN));
    assert!(credentials.is_sts());
    let expires_in = credentials
        .expiration()
        .unwrap()
        .duration_since(std::time::SystemTime::now());
    assert!(
        expires_in.as_ref().is_ok_and(|left| *left > HOUR - MINUTE),
        "{expires_in:?}"
    );
    assert_eq!(imds.tokens.load(Ordering::SeqCst), 1);
    assert_eq!(imds.role_lists.load(Ordering::SeqCst), 1);
    assert_eq!(imds.fetches(), 1);
    assert_eq!(
        imds.unauthorized.load(Ordering::SeqCst),
        0,
        "every request carried the token"
    );
    assert_eq!(imds.token_ttl.lock().unwrap().as_deref(), Some("21600"));
}

#[tokio::test]
async fn the_server_really_requires_the_token() {
    let imds = Imds::new(HOUR);
    let endpoint = imds.start().await;
    // A plain IMDSv1-style request is refused, so the provider's success above proves it sent the token.
    let url = format!("{endpoint}/latest/meta-data/ram/security-credentials/{ROLE}");
    let status = reqwest::get(&url).await.unwrap().status();
    assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_named_role_is_not_discovered() {
    let imds = Imds::new(HOUR);
    let endpoint = imds.start().await;
    provider(&endpoint)
        .with_role_name(ROLE)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(imds.role_lists.load(Ordering::SeqCst), 0);
    assert_eq!(imds.fetches(), 1);
}

#[tokio::test]
async fn far_expiration_is_served_from_the_cache() {
    let imds = Imds::new(HOUR);
    let endpoint = imds.start().await;
    let provider = provider(&endpoint);

    let first = provider.provide_credentials().await.unwrap();
    let second = provider.provide_credentials().await.unwrap();

    assert_eq!(first, second);
    assert_eq!(imds.fetches(), 1);
    assert_eq!(imds.tokens.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn expiration_within_the_margin_refreshes() {
    // One minute left is inside the default five-minute margin: every call fetches anew.
    let imds = Imds::new(MINUTE);
    let endpoint = imds.start().await;
    let provider = provider(&endpoint);

    let first = provider.provide_credentials().await.unwrap();
    let second = provider.provide_credentials().await.unwrap();

    assert_eq!(first.access_key_id(), "STS.NUkey0001");
    assert_eq!(second.access_key_id(), "STS.NUkey0002");
    assert_eq!(imds.fetches(), 2);
    assert_eq!(
        imds.role_lists.load(Ordering::SeqCst),
        1,
        "the discovered role is remembered"
    );
}

#[tokio::test]
async fn the_margin_is_configurable() {
    let imds = Imds::new(MINUTE);
    let endpoint = imds.start().await;
    let provider = provider(&endpoint).with_refresh_margin(Duration::from_secs(10));

    provider.provide_credentials().await.unwrap();
    provider.provide_credentials().await.unwrap();

    assert_eq!(imds.fetches(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_one_refresh() {
    // Credentials close to expiry, so every caller wants a refresh; a slow server makes them overlap. `join_all`
    // polls every caller once before any answer can arrive, so all of them are waiting while the first refreshes.
    let imds = Imds::new(MINUTE);
    imds.set_delay(Duration::from_millis(300));
    let endpoint = imds.start().await;
    let provider = Arc::new(provider(&endpoint));

    let callers = (0..16).map(|_| {
        let provider = Arc::clone(&provider);
        async move { provider.provide_credentials().await }
    });
    for result in futures::future::join_all(callers).await {
        assert_eq!(result.unwrap().access_key_id(), "STS.NUkey0001");
    }

    assert_eq!(imds.fetches(), 1);
    assert_eq!(imds.tokens.load(Ordering::SeqCst), 1);

    // Later callers, after that refresh, find the credentials within the margin again and refresh once more.
    provider.provide_credentials().await.unwrap();
    assert_eq!(imds.fetches(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_on_other_threads_share_one_refresh() {
    let imds = Imds::new(HOUR);
    imds.set_delay(Duration::from_millis(300));
    let endpoint = imds.start().await;
    let provider = Arc::new(provider(&endpoint));

    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let provider = Arc::clone(&provider);
            tokio::spawn(async move { provider.provide_credentials().await })
        })
        .collect();
    for task in tasks {
        assert_eq!(
            task.await.unwrap().unwrap().access_key_id(),
            "STS.NUkey0001"
        );
    }

    assert_eq!(imds.fetches(), 1);
}

#[tokio::test]
async fn server_error_is_reported_clearly() {
    let imds = Imds::new(HOUR);
    imds.set_behavior(Behavior::ServerError);
    let endpoint = imds.start().await;

    let error = provider(&endpoint).provide_credentials().await.unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::MetadataService);
    assert!(!error.is_not_found());
    let message = error.to_string();
    assert!(message.starts_with("ECS RAM role: "), "{message}");
    assert!(message.contains("HTTP 500"), "{message}");
    assert!(
        message.contains(&format!(
            "{endpoint}/latest/meta-data/ram/security-credentials/{ROLE}"
        )),
        "{message}"
    );
}

#[tokio::test]
async fn malformed_json_is_reported_clearly() {
    let imds = Imds::new(HOUR);
    imds.set_behavior(Behavior::MalformedJson);
    let endpoint = imds.start().await;

    let error = provider(&endpoint).provide_credentials().await.unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::Malformed);
    let message = error.to_string();
    assert!(message.contains("not valid JSON"), "{message}");
    assert!(message.contains("line 1 column"), "{message}");
    assert!(message.contains(ROLE), "{message}");
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn a_failure_code_is_reported() {
    let imds = Imds::new(HOUR);
    imds.set_behavior(Behavior::CodeFailed);
    let endpoint = imds.start().await;

    let error = provider(&endpoint).provide_credentials().await.unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::MetadataService);
    assert!(error.to_string().contains("Code \"Failed\""), "{error}");
}

#[tokio::test]
async fn no_attached_role_is_reported() {
    let imds = Imds::new(HOUR);
    imds.set_behavior(Behavior::NoRole);
    let endpoint = imds.start().await;

    let error = provider(&endpoint).provide_credentials().await.unwrap_err();

    assert!(
        error.to_string().contains("no RAM role is attached"),
        "{error}"
    );
    assert_eq!(imds.fetches(), 0);
}

#[tokio::test]
async fn an_unknown_role_is_reported() {
    let imds = Imds::new(HOUR);
    let endpoint = imds.start().await;

    let error = provider(&endpoint)
        .with_role_name("other-role")
        .provide_credentials()
        .await
        .unwrap_err();

    let message = error.to_string();
    assert!(
        message.contains("HTTP 404") && message.contains("\"other-role\""),
        "{message}"
    );
}

#[tokio::test]
async fn a_refused_token_is_reported_when_imdsv1_is_disabled() {
    let imds = Imds::new(HOUR);
    imds.set_behavior(Behavior::RefuseToken);
    let endpoint = imds.start().await;

    let error = provider(&endpoint)
        .with_imds_v1_disabled(true)
        .provide_credentials()
        .await
        .unwrap_err();

    let message = error.to_string();
    assert!(
        message.contains("IMDSv2 session token")
            && message.contains("HTTP 403")
            && message.contains("ALIBABA_CLOUD_IMDSV1_DISABLED"),
        "{message}"
    );
    assert_eq!(
        imds.role_lists.load(Ordering::SeqCst),
        0,
        "nothing is asked without a token"
    );
}

#[tokio::test]
async fn a_rejected_token_is_reported() {
    let imds = Imds::new(HOUR);
    imds.set_behavior(Behavior::RejectToken);
    let endpoint = imds.start().await;

    let error = provider(&endpoint)
        .with_role_name(ROLE)
        .provide_credentials()
        .await
        .unwrap_err();

    let message = error.to_string();
    assert!(
        message.contains("HTTP 401") && message.contains("refused the IMDSv2 token"),
        "{message}"
    );
}

#[tokio::test]
async fn cached_credentials_outlive_a_failed_refresh() {
    let imds = Imds::new(MINUTE);
    let endpoint = imds.start().await;
    let provider = provider(&endpoint);
    let first = provider.provide_credentials().await.unwrap();

    imds.set_behavior(Behavior::ServerError);
    let second = provider.provide_credentials().await.unwrap();

    assert_eq!(
        first, second,
        "still valid for a minute, so the cached ones are used"
    );
    assert_eq!(imds.fetches(), 2, "a refresh was attempted");
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let imds = Imds::new(HOUR);
    imds.set_behavior(Behavior::Hang);
    let endpoint = imds.start().await;
    let provider =
        provider(&endpoint).with_timeouts(Duration::from_secs(1), Duration::from_millis(300));

    let started = Instant::now();
    let error = provider.provide_credentials().await.unwrap_err();

    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.kind(), CredentialsErrorKind::MetadataService);
    assert!(error.to_string().contains("timed out"), "{error}");
}

#[tokio::test]
async fn an_absent_server_fails_fast() {
    // A port that was just free: nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);

    let started = Instant::now();
    let error = provider(&endpoint).provide_credentials().await.unwrap_err();

    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.kind(), CredentialsErrorKind::MetadataService);
    assert!(error.to_string().contains("could not connect"), "{error}");
}

#[tokio::test]
async fn a_role_name_that_would_bend_the_url_is_refused() {
    let imds = Imds::new(HOUR);
    let endpoint = imds.start().await;

    let error = provider(&endpoint)
        .with_role_name("../../admin")
        .provide_credentials()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::Misconfigured);
    assert_eq!(
        imds.tokens.load(Ordering::SeqCst),
        0,
        "refused before any request"
    );
}

#[tokio::test]
async fn imdsv2_first_then_imdsv1_when_the_server_issues_no_token() {
    let imds = Imds::new(HOUR);
    imds.set_behavior(Behavior::V1Only);
    let endpoint = imds.start().await;

    let credentials = provider(&endpoint).provide_credentials().await.unwrap();

    assert_eq!(credentials.security_token(), Some(TOKEN));
    assert_eq!(
        imds.tokens.load(Ordering::SeqCst),
        1,
        "IMDSv2 was tried first"
    );
    assert_eq!(imds.role_lists.load(Ordering::SeqCst), 1);
    assert_eq!(imds.unauthorized.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn alibaba_cloud_imdsv1_disabled_reaches_ecs_profiles() {
    let imds = Imds::new(HOUR);
    imds.set_behavior(Behavior::V1Only);
    let endpoint = imds.start().await;
    let home = TempHome::new("ecs-v1-disabled");
    home.write_credentials_file("[default]\ntype = ecs_ram_role\n");

    let lookup = |vars: &[(&str, &str)]| env_with_home(&home, vars);
    let allowed = CredentialsFileProvider::with_lookup(lookup(&[]))
        .with_ecs_endpoint(&endpoint)
        .provide_credentials()
        .await;
    assert!(allowed.is_ok(), "{allowed:?}");
    let error =
        CredentialsFileProvider::with_lookup(lookup(&[("ALIBABA_CLOUD_IMDSV1_DISABLED", "true")]))
            .with_ecs_endpoint(&endpoint)
            .provide_credentials()
            .await
            .unwrap_err();
    assert!(error.to_string().contains("HTTP 404"), "{error}");
}

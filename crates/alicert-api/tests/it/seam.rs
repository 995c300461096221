//! The client seam as a user meets it: a builder's `send()` returns `Result<_, alicert_api::Error>`, and every error,
//! whatever failed, knows its product and Action without the caller adding them; a local failure is typed from the
//! start (a credentials error keeps the provider's error as its source), and nothing in the two library crates
//! dresses a local failure up as an HTTP response (no `x-alicert-*` marker).

use std::error::Error as _;
use std::path::Path;

use alicert_api::{Config, Error, ErrorCategory, ProvideCredentials, SignatureVersion};
use alicert_core::credentials::{Credentials, CredentialsError};
use alicert_emulator::EmulatorConfig;
use futures::future::BoxFuture;

use crate::harness::{VERSIONS, cas_client, closed_port, config, emulator, quick_retry};

#[tokio::test]
async fn send_returns_our_error_with_its_code_category_and_operation() {
    let emulator = emulator(EmulatorConfig::new()).await;
    for version in VERSIONS {
        let cas = cas_client(&config(&emulator.url(), version));
        let answer: Result<_, alicert_api::Error> =
            cas.describe_deployment_job().job_id(4242).send().await;
        let error = answer.expect_err("no such job");
        assert_eq!(error.category(), ErrorCategory::Service);
        assert_eq!(error.code(), Some("NotFound.DeploymentJob"));
        assert!(
            error
                .status()
                .is_some_and(|status| (400..500).contains(&status))
        );
        assert!(error.request_id().is_some());
        assert_eq!(error.product(), Some("cas"));
        assert_eq!(error.action(), Some("DescribeDeploymentJob"));

        let job = cas
            .describe_deployment_job()
            .job_id(8888)
            .send()
            .await
            .expect("job 8888 exists");
        assert_eq!(job.status().as_u16(), 200);
        assert!(job.headers().contains_key("x-acs-request-id"));
        assert_eq!(job.into_inner().id, Some(8888));
    }
}

#[tokio::test]
async fn a_transport_error_names_the_operation() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let cas = cas_client(&config(&url, SignatureVersion::V1));
    let error = cas
        .list_deployment_job_cert()
        .job_id(1)
        .send()
        .await
        .expect_err("nobody listens");
    assert_eq!(error.category(), ErrorCategory::Transport, "{error}");
    assert_eq!(error.product(), Some("cas"));
    assert_eq!(error.action(), Some("ListDeploymentJobCert"));
    assert!(
        error
            .to_string()
            .starts_with("cas ListDeploymentJobCert failed"),
        "{error}"
    );
}

#[derive(Debug)]
struct Broken;

impl ProvideCredentials for Broken {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async {
            Err(CredentialsError::not_found(
                "test provider",
                "nothing configured",
            ))
        })
    }
}

#[tokio::test]
async fn a_credentials_error_keeps_the_providers_error_as_its_source() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let config = Config::builder()
        .endpoint(emulator.url())
        .credentials(Broken)
        .retry(quick_retry())
        .build()
        .unwrap();
    let cas = cas_client(&config);
    let error: Error = cas
        .describe_deployment_job_status()
        .job_id(8888)
        .send()
        .await
        .expect_err("no credentials");
    assert_eq!(error.category(), ErrorCategory::Credentials);
    assert_eq!(error.action(), Some("DescribeDeploymentJobStatus"));
    let source = error
        .source()
        .and_then(|source| source.downcast_ref::<CredentialsError>())
        .expect("the provider's error is the source");
    assert_eq!(source.provider(), "test provider");
    assert_eq!(
        error.credentials_error().map(CredentialsError::provider),
        Some("test provider")
    );
    assert!(emulator.requests().is_empty(), "nothing was sent");
}

#[test]
fn no_library_source_makes_up_responses_with_marker_headers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut offenders = Vec::new();
    for crate_dir in ["alicert-core/src", "alicert-api/src"] {
        visit(&root.join(crate_dir), &mut |path, text| {
            if text.contains("\"x-alicert-") {
                offenders.push(path.display().to_string());
            }
        });
    }
    assert!(offenders.is_empty(), "x-alicert- markers in {offenders:?}");
}

fn visit(dir: &Path, check: &mut dyn FnMut(&Path, &str)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, check);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            check(&path, &std::fs::read_to_string(&path).unwrap());
        }
    }
}

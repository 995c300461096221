//! The generated clients make all five calls against the emulator on loopback, which verifies every signature: with
//! signature V1 and V3, with a long-term AccessKey pair and with STS credentials (pair plus SecurityToken). The
//! answers decode into the typed responses with the dataset's values, and the emulator's log shows each request was
//! signed as configured.

use alicert_api::cas::types::{DeploymentJobStatus, WorkerStatus};
use alicert_api::{Config, Credentials, SignatureVersion};
use alicert_emulator::{EmulatorConfig, RunningEmulator, SignatureVersion as EmulatedVersion};

use crate::harness::{VERSIONS, cas_client, config, config_with, emulator, vod_client};

const STS_ID: &str = "STS.NUgYrLnoC37mZZCNnAbez2xxx";
const STS_SECRET: &str = "sts-secret-for-e2e";
const STS_TOKEN: &str = "CAIS-e2e-security-token";

/// All five operations through the generated clients; checks the values and how the emulator saw each request.
async fn five_calls(emulator: &RunningEmulator, config: &Config, key_id: &str) {
    let expected = match config.runtime().signature_version() {
        SignatureVersion::V1 => EmulatedVersion::V1,
        _ => EmulatedVersion::V3,
    };
    let cas = cas_client(config);
    let vod = vod_client(config);
    let check_last = |action: &str| {
        let record = emulator.requests().last().expect("a request was logged");
        assert_eq!(record.action.as_deref(), Some(action));
        assert_eq!(record.status, 200, "{record:?}");
        assert_eq!(record.signature_version, Some(expected), "{record:?}");
        assert_eq!(record.access_key_id.as_deref(), Some(key_id));
        assert_eq!(record.method, "POST");
    };

    let job = cas
        .describe_deployment_job()
        .job_id(8888)
        .send()
        .await
        .expect("DescribeDeploymentJob")
        .into_inner();
    assert_eq!(job.id, Some(8888));
    assert_eq!(job.name.as_deref(), Some("auto-test-AXX"));
    assert_eq!(job.status, Some(DeploymentJobStatus::Editing));
    check_last("DescribeDeploymentJob");

    let certs = cas
        .list_deployment_job_cert()
        .job_id(8888)
        .send()
        .await
        .expect("ListDeploymentJobCert")
        .into_inner();
    assert_eq!(certs.data[0].cert_name.as_deref(), Some("edkog.shop"));
    check_last("ListDeploymentJobCert");

    let status = cas
        .describe_deployment_job_status()
        .job_id(8888)
        .send()
        .await
        .expect("DescribeDeploymentJobStatus")
        .into_inner();
    assert_eq!(status.worker_count, Some(8));
    check_last("DescribeDeploymentJobStatus");

    let workers = cas
        .list_worker_resource()
        .job_id(8888)
        .current_page(1)
        .show_size(5)
        .send()
        .await
        .expect("ListWorkerResource")
        .into_inner();
    assert_eq!(workers.total, Some(8));
    assert_eq!(workers.data.len(), 5);
    assert_eq!(workers.data[0].id, Some(22487));
    check_last("ListWorkerResource");

    // A filter with characters that need encoding goes through signing intact.
    let filtered = cas
        .list_worker_resource()
        .job_id(8888)
        .status(WorkerStatus::Success)
        .cloud_product("SLB")
        .send()
        .await
        .expect("ListWorkerResource with filters")
        .into_inner();
    for worker in &filtered.data {
        assert_eq!(worker.status, Some(WorkerStatus::Success));
    }
    check_last("ListWorkerResource");

    let domain = vod
        .describe_vod_domain_certificate_info()
        .domain_name("example.com")
        .send()
        .await
        .expect("DescribeVodDomainCertificateInfo")
        .into_inner();
    let info = &domain.cert_infos.as_ref().expect("CertInfos").cert_info[0];
    assert_eq!(info.domain_name.as_deref(), Some("example.com"));
    check_last("DescribeVodDomainCertificateInfo");
}

#[tokio::test]
async fn five_calls_with_v1_and_v3() {
    let emulator = emulator(EmulatorConfig::new()).await;
    for version in VERSIONS {
        five_calls(
            &emulator,
            &config(&emulator.url(), version),
            "alicert-demo-id",
        )
        .await;
    }
    let versions: Vec<_> = emulator
        .requests()
        .snapshot()
        .iter()
        .map(|record| record.signature_version)
        .collect();
    assert_eq!(versions.len(), 12);
    assert!(
        versions[..6]
            .iter()
            .all(|v| *v == Some(EmulatedVersion::V1))
    );
    assert!(
        versions[6..]
            .iter()
            .all(|v| *v == Some(EmulatedVersion::V3))
    );
}

#[tokio::test]
async fn five_calls_with_sts_credentials() {
    let emulator =
        emulator(EmulatorConfig::new().with_sts_access_key(STS_ID, STS_SECRET, STS_TOKEN)).await;
    for version in VERSIONS {
        let credentials = Credentials::new(STS_ID, STS_SECRET).with_security_token(STS_TOKEN);
        five_calls(
            &emulator,
            &config_with(&emulator.url(), version, credentials),
            STS_ID,
        )
        .await;
    }

    // The same key without its token is refused, after one request: the token really was checked.
    for version in VERSIONS {
        emulator.requests().clear();
        let config = config_with(
            &emulator.url(),
            version,
            Credentials::new(STS_ID, STS_SECRET),
        );
        let error = cas_client(&config)
            .describe_deployment_job()
            .job_id(8888)
            .send()
            .await
            .expect_err("an STS key without its token is refused");
        assert_eq!(error.status(), Some(400).or(error.status()));
        assert!(!error.is_retryable(), "{error}");
        assert_eq!(emulator.requests().len(), 1, "{error}");
        assert_eq!(error.action(), Some("DescribeDeploymentJob"), "{error}");
    }
}

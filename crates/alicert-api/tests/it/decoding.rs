//! Every page's sample response decodes into its generated type with the sample's values, and survives what a newer
//! service sends: values the docs do not list, fields they do not list, and the other wire form of ambiguous fields.

use alicert_api::cas::types::{
    CertOrderType, CertStatusCode, CloudProduct, DeploymentJobCertType, DeploymentJobStatus,
    DeploymentJobType, DescribeDeploymentJobResponse, DescribeDeploymentJobStatusResponse,
    ListDeploymentJobCertResponse, ListWorkerResourceResponse, WorkerProductName, WorkerStatus,
};
use alicert_api::vod::types::{
    DescribeVodDomainCertificateInfoResponse, ServerCertificateStatus, VodCertStatus, VodCertType,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::support::sample;

/// Decodes `sample` and checks that encoding the typed value gives the sample back: no field lost, none mistyped.
fn round_trip<T: DeserializeOwned + Serialize>(sample: &Value) -> T {
    let typed: T = serde_json::from_value(sample.clone()).expect("the sample decodes");
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(
        &back, sample,
        "re-encoding the typed sample gives the sample back"
    );
    typed
}

#[test]
fn describe_deployment_job_sample() {
    let job: DescribeDeploymentJobResponse =
        round_trip(&sample("cas-2020-04-07.yaml", "DescribeDeploymentJob"));
    assert_eq!(job.id, Some(8888));
    assert_eq!(job.name.as_deref(), Some("auto-test-AXX"));
    assert_eq!(job.status, Some(DeploymentJobStatus::Editing));
    assert_eq!(job.cert_type, Some(DeploymentJobCertType::Buy));
    assert_eq!(job.job_type, Some(DeploymentJobType::User));
    assert_eq!(job.del, Some(1));
    assert_eq!(job.rollback, Some(1));
    assert_eq!(job.user_id, Some(0));
    let created = job.gmt_create.as_ref().unwrap();
    assert_eq!(created.millis(), Some(1_679_541_809_000));
    assert_eq!(created.to_string(), "2023-03-23T03:23:29.000Z");
    assert_eq!(
        job.schedule_time.as_ref().unwrap().millis(),
        Some(1_678_083_209_335)
    );
    let contact = &job.cas_contacts[0];
    assert_eq!(contact.id.as_deref(), Some("3304"));
    assert_eq!(contact.email.as_deref(), Some("username@example.com"));
    assert!(job.config.as_deref().unwrap().contains("certIds"));
}

#[test]
fn list_deployment_job_cert_sample() {
    let certs: ListDeploymentJobCertResponse =
        round_trip(&sample("cas-2020-04-07.yaml", "ListDeploymentJobCert"));
    let cert = &certs.data[0];
    assert_eq!(cert.cert_name.as_deref(), Some("edkog.shop"));
    assert_eq!(cert.cert_id, Some(11_174_100));
    assert_eq!(cert.sans, vec!["aliyundoc.com".to_owned()]);
    assert_eq!(cert.status_code, Some(CertStatusCode::Issued));
    assert_eq!(cert.cert_order_type, Some(CertOrderType::Buy));
    assert_eq!(cert.is_trustee, Some(true));
    assert_eq!(
        cert.not_after_time.as_ref().unwrap().millis(),
        Some(1_683_625_266_108)
    );
    assert_eq!(cert.month, Some(12));
}

#[test]
fn describe_deployment_job_status_sample() {
    let status: DescribeDeploymentJobStatusResponse = round_trip(&sample(
        "cas-2020-04-07.yaml",
        "DescribeDeploymentJobStatus",
    ));
    assert_eq!(status.resource_count, Some(4127));
    assert_eq!(status.success_count, Some(20));
    assert_eq!(
        status.product_worker_count[0].product_name,
        Some(WorkerProductName::Nlb)
    );
    assert_eq!(status.product_worker_count[0].count, Some(2));
}

#[test]
fn list_worker_resource_sample() {
    let page: ListWorkerResourceResponse =
        round_trip(&sample("cas-2020-04-07.yaml", "ListWorkerResource"));
    assert_eq!(page.total, Some(8));
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.show_size, Some(20));
    let worker = &page.data[0];
    assert_eq!(worker.id, Some(22487));
    assert_eq!(worker.cloud_product, Some(CloudProduct::Slb));
    assert_eq!(worker.status, Some(WorkerStatus::Editing));
    assert_eq!(worker.default_resource.map(|flag| flag.get()), Some(true));
    assert_eq!(worker.port, Some(4431));
    assert_eq!(
        worker.gmt_modified.as_ref().unwrap().millis(),
        Some(1_681_956_830_000)
    );
}

#[test]
fn describe_vod_domain_certificate_info_sample() {
    let info: DescribeVodDomainCertificateInfoResponse = round_trip(&sample(
        "vod-2017-03-21.yaml",
        "DescribeVodDomainCertificateInfo",
    ));
    let cert = &info.cert_infos.as_ref().unwrap().cert_info[0];
    assert_eq!(cert.domain_name.as_deref(), Some("example.com"));
    assert_eq!(cert.status, Some(VodCertStatus::Success));
    assert_eq!(cert.cert_type, Some(VodCertType::Free));
    assert_eq!(
        cert.server_certificate_status,
        Some(ServerCertificateStatus::Checking)
    );
    assert_eq!(
        cert.cert_expire_time.as_deref(),
        Some("2018-06-03T13:03:39Z")
    );
    assert_eq!(cert.cert_org.as_deref(), Some("Let's Encrypt"));
}

#[test]
fn unknown_enum_values_are_kept_and_round_trip() {
    let mut sample = sample("cas-2020-04-07.yaml", "ListWorkerResource");
    sample["Data"][0]["Status"] = json!("paused");
    sample["Data"][0]["CloudProduct"] = json!("NewCloudProduct");
    let page: ListWorkerResourceResponse = round_trip(&sample);
    let worker = &page.data[0];
    let status = worker.status.as_ref().unwrap();
    assert!(status.is_unknown());
    assert_eq!(status.as_str(), "paused");
    assert_eq!(
        worker.cloud_product.as_ref().unwrap().as_str(),
        "NewCloudProduct"
    );
    // A known value is never taken for an unknown one.
    assert_eq!(WorkerStatus::from("success"), WorkerStatus::Success);
    assert!(WorkerStatus::KNOWN.contains(&"rollback_error"));
}

#[test]
fn unknown_fields_are_tolerated() {
    let mut sample = sample("cas-2020-04-07.yaml", "DescribeDeploymentJob");
    sample["NewFieldFromTheFuture"] = json!({"nested": [1, 2, 3]});
    sample["CasContacts"][0]["Wechat"] = json!("zhangsan");
    let job: DescribeDeploymentJobResponse = serde_json::from_value(sample).unwrap();
    assert_eq!(job.id, Some(8888));
}

#[test]
fn ambiguous_fields_accept_the_other_wire_form() {
    let mut sample = sample("cas-2020-04-07.yaml", "ListWorkerResource");
    sample["Data"][0]["DefaultResource"] = json!(0);
    sample["Data"][0]["GmtCreate"] = json!(1_680_228_896_000_i64);
    let page: ListWorkerResourceResponse = serde_json::from_value(sample).unwrap();
    let worker = &page.data[0];
    assert_eq!(worker.default_resource.map(|flag| flag.get()), Some(false));
    assert_eq!(
        worker.gmt_create.as_ref().unwrap().millis(),
        Some(1_680_228_896_000)
    );

    let mut certs = sample_certs();
    certs["Data"][0]["NotAfterTime"] = json!("1683625266108");
    let certs: ListDeploymentJobCertResponse = serde_json::from_value(certs).unwrap();
    assert_eq!(
        certs.data[0].not_after_time.as_ref().unwrap().millis(),
        Some(1_683_625_266_108)
    );
}

fn sample_certs() -> Value {
    sample("cas-2020-04-07.yaml", "ListDeploymentJobCert")
}

#[test]
fn a_wrong_type_is_a_decoding_error_not_a_panic() {
    let mut sample = sample("cas-2020-04-07.yaml", "DescribeDeploymentJob");
    sample["Id"] = json!("not a number");
    let error = serde_json::from_value::<DescribeDeploymentJobResponse>(sample).unwrap_err();
    assert!(error.to_string().contains("invalid type"), "{error}");
}

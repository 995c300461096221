//! The API pages' own sample records, verbatim, so the docs' examples reproduce against the emulator: job 8888
//! (DescribeDeploymentJob), its certificate `edkog.shop` (ListDeploymentJobCert) and worker 22487, the job's first
//! worker (ListWorkerResource). The job's other workers are generated from their index like every job's.

use super::certs::Cert;
use super::constants::{ACCOUNT_USER_ID, SAMPLE_JOB_ID, SAMPLE_WORKER_ID};
use super::format::strings;
use super::job::Contact;
use super::workers::Worker;
use super::{Job, JobStatus, StatusPlan, WorkerPlan};

pub(super) fn sample_job(workers: u64) -> Job {
    Job {
        id: SAMPLE_JOB_ID,
        gmt_create: 1_679_541_809_000,
        gmt_modified: 1_679_541_809_000,
        user_id: 0,
        instance_id: "14dcc8afc7578e1f".into(),
        name: "auto-test-AXX".into(),
        cert_type: "buy",
        schedule_time: Some(1_678_083_209_335),
        start_time: Some(1_679_541_809_000),
        end_time: Some(1_679_541_809_000),
        status: JobStatus::Fixed("editing"),
        del: 1,
        rollback: 1,
        job_type: "user",
        cert_domain: "example.aliyundoc.com,demo.aliyundoc.com".into(),
        product_name: "CDN".into(),
        // The sample carries the backslashes literally (FIELD-NOTES: "escaped twice in the sample").
        config: r#"{\"shareCertIds\":[],\"certIds\":[12342649,12304338,12067351,9957285]}"#.into(),
        contacts: vec![Contact {
            id: "3304".into(),
            name: "zhangsan".into(),
            mobile: "139****0000".into(),
            email: "username@example.com".into(),
        }],
        certs: vec![sample_cert()],
        workers: WorkerPlan {
            stored: if workers == 0 {
                Vec::new()
            } else {
                vec![sample_worker()]
            },
            generated: workers.saturating_sub(1).min(crate::config::MAX_WORKERS),
            first_id: SAMPLE_WORKER_ID + 1,
            products: &[
                "CDN", "ALB", "NLB", "OSS", "WAF", "DCDN", "GA", "VOD", "SAE",
            ],
            statuses: StatusPlan::Cycle(&[
                "success",
                "rollback_success",
                "error",
                "success",
                "rollback_error",
                "rollback",
                "editing",
                "pending",
            ]),
        },
    }
}

/// The ListWorkerResource page's sample worker.
fn sample_worker() -> Worker {
    Worker {
        id: SAMPLE_WORKER_ID,
        gmt_create: "1680228896000".into(),
        gmt_modified: "1681956830000".into(),
        user_id: ACCOUNT_USER_ID,
        job_id: SAMPLE_JOB_ID,
        order_id: Some(9_349_278),
        cert_id: 12_073_663,
        cert_domain: "www.example.com".into(),
        cert_instance_id: "lsn-jzk2h0xz5dmynuphb8@1883".into(),
        cert_name: "testCertName".into(),
        resource_id: 1_286_999,
        cloud_product: "SLB".into(),
        resource_cert_id: Some(123),
        resource_domain: Some("www.example.com".into()),
        region_id: "cn-hangzhou".into(),
        cloud_region: "cn-hangzhou".into(),
        instance_id: Some("cas-cn-0pp118nuu40b".into()),
        listener_id: Some("lsn-lhl8y7s1e1ngc3m3zz@81".into()),
        port: Some(4431),
        default_resource: Some(true),
        cloud_name: Some("aliyun".into()),
        namespace_id: Some("32fed52a-4bf7-44f6-955f-e82ada68ef18".into()),
        status: "editing".into(),
        future: None,
    }
}

/// The ListDeploymentJobCert page's sample certificate.
fn sample_cert() -> Cert {
    Cert {
        cert_id: 11_174_100,
        order_id: Some(6_127_067),
        cert_instance_id: "cas-ivauto-2crxzi".into(),
        cert_name: "edkog.shop".into(),
        common_name: "vaultwebhook.vault-webhook.svc".into(),
        sans: strings(&["aliyundoc.com"]),
        algorithm: "RSA".into(),
        not_before_time: 1_683_625_266_108,
        not_after_time: 1_683_625_266_108,
        month: 12,
        status_code: "issued".into(),
        cert_type: "DV".into(),
        cert_order_type: "buy".into(),
        is_trustee: true,
        future: None,
    }
}

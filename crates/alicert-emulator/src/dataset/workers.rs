//! The workers ListWorkerResource returns: the record, and worker `index` of a job computed from its plan and the
//! seed (product, status, certificate, region, listener, IDs), so a job of a million workers costs no memory and a
//! worker reads the same on every call.

use std::time::SystemTime;

use serde::Serialize;

use super::constants::ACCOUNT_USER_ID;
use super::format::{base36, hex};
use super::{Dataset, Job, StatusPlan};
use crate::rng::{below, mix};

const REGIONS: [&str; 8] = [
    "cn-hangzhou",
    "cn-shanghai",
    "cn-beijing",
    "cn-shenzhen",
    "cn-hongkong",
    "ap-southeast-1",
    "eu-central-1",
    "us-west-1",
];
const TENCENT_REGIONS: [&str; 3] = ["ap-guangzhou", "ap-shanghai", "ap-singapore"];
const PORTS: [i64; 4] = [443, 8443, 4431, 9443];

/// A worker as ListWorkerResource returns it (field order as the page's sample).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Worker {
    pub id: i64,
    pub gmt_create: String,
    pub gmt_modified: String,
    pub user_id: i64,
    pub job_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<i64>,
    pub cert_id: i64,
    pub cert_domain: String,
    pub cert_instance_id: String,
    pub cert_name: String,
    pub resource_id: i64,
    pub cloud_product: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_cert_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_domain: Option<String>,
    pub region_id: String,
    pub cloud_region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listener_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_resource: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace_id: Option<String>,
    pub status: String,
    #[serde(
        rename = "NewFieldFromTheFuture",
        skip_serializing_if = "Option::is_none"
    )]
    pub future: Option<&'static str>,
}

impl Dataset {
    /// Generated worker `index` of `job`, as it stands at `now`.
    pub(super) fn generated_worker(&self, job: &Job, index: u64, now: SystemTime) -> Worker {
        let plan = &job.workers;
        let products = plan.products.len() as u64;
        let product = plan.products[(index % products) as usize];
        let (status, modified) = match plan.statuses {
            StatusPlan::Cycle(cycle) => (cycle[(index % cycle.len() as u64) as usize], None),
            StatusPlan::Progress => {
                let done = self.done(job, now);
                let status = self.progress_status(job, index, done);
                (status, (index < done).then(|| self.finish_time(index)))
            }
        };
        // Every job with workers has at least one certificate (the dataset tests check each job).
        let cert = &job.certs[((index / products) % job.certs.len() as u64) as usize];
        let hash = |tag: u64| mix(self.seed, &[job.id as u64, index, tag]);
        let created = job.gmt_create + (index % 3600) as i64 * 1000;
        let modified = modified.unwrap_or(created + 60_000 * (1 + below(hash(1), 600) as i64));
        let tencent = product == "TencentCDN";
        let regions: &[&str] = if tencent { &TENCENT_REGIONS } else { &REGIONS };
        let region = regions[below(hash(2), regions.len() as u64) as usize];
        let listener = matches!(product, "SLB" | "NLB" | "ALB" | "GA");
        let port = PORTS[below(hash(3), PORTS.len() as u64) as usize];
        let instance_prefix = match product {
            "SLB" => "lb-bp1",
            "NLB" => "nlb-",
            "ALB" => "alb-",
            _ => "ga-bp1",
        };
        let san = cert
            .sans
            .get((index % cert.sans.len().max(1) as u64) as usize)
            .unwrap_or(&cert.common_name);
        let resource_domain = if listener {
            san.clone()
        } else {
            format!("r{index}.{san}")
        };
        Worker {
            id: plan.first_id + index as i64,
            gmt_create: created.to_string(),
            gmt_modified: modified.to_string(),
            user_id: ACCOUNT_USER_ID,
            job_id: job.id,
            order_id: cert.order_id,
            cert_id: cert.cert_id,
            cert_domain: cert.common_name.clone(),
            cert_instance_id: cert.cert_instance_id.clone(),
            cert_name: cert.cert_name.clone(),
            resource_id: 1_000_000 + below(hash(4), 9_000_000) as i64,
            cloud_product: product.to_owned(),
            resource_cert_id: Some(10_000 + below(hash(5), 90_000) as i64),
            resource_domain: Some(resource_domain),
            region_id: if tencent {
                "cn-hangzhou".to_owned()
            } else {
                region.to_owned()
            },
            cloud_region: region.to_owned(),
            instance_id: listener.then(|| format!("{instance_prefix}{}", base36(hash(6), 16))),
            listener_id: listener.then(|| format!("lsn-{}@{port}", base36(hash(7), 18))),
            port: listener.then_some(port),
            default_resource: listener.then(|| hash(8) % 2 == 0),
            cloud_name: tencent.then(|| "Tencent".to_owned()),
            namespace_id: (product == "SAE").then(|| {
                let (high, low) = (hash(9), hash(10));
                format!(
                    "{}-{}-{}-{}-{}",
                    hex(high, 8),
                    &hex(high, 12)[8..],
                    &hex(high, 16)[12..],
                    hex(low, 4),
                    &hex(low, 16)[4..]
                )
            }),
            status: status.to_owned(),
            future: None,
        }
    }
}

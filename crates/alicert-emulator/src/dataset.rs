//! The emulator's account: deployment jobs in every state, their certificates and workers, and VOD domains whose
//! certificates expire at telling dates. It is built once from the seed and the anchor time and never mutated;
//! the one job that moves (9001) derives its workers' states from the clock, and job 8888's workers beyond the
//! sample one are computed from their index, so a million workers cost no memory and a page costs its own size.
//!
//! The pages' sample records are here verbatim, so the docs' examples reproduce: job 8888 (DescribeDeploymentJob),
//! its certificate `edkog.shop` (ListDeploymentJobCert), worker 22487 as its first worker (ListWorkerResource) and
//! the VOD domain `example.com` (DescribeVodDomainCertificateInfo).
//!
//! | job | status | what it is for |
//! |---|---|---|
//! | 8888 | editing | the pages' sample (`Del` 1, `Rollback` 1); [`EmulatorConfig::workers`](crate::EmulatorConfig::workers) workers (default 8) in mixed states over nine products |
//! | 9001 | processing | moves: 40 workers go from pending/processing to success or error at the configured pace |
//! | 9002 | pending | scheduled for tomorrow; 6 pending workers |
//! | 9003 | scheduling | 5 scheduling workers |
//! | 9004 | success | 34 successful workers over 17 products, 2 certificates |
//! | 9005 | error | 12 workers, a third failed; its certificate has expired |
//! | 9006 | success, rolled back | `Rollback` 1; 10 workers in rollback states |
//! | 9007 | editing | an empty job: no workers |
//! | 9008 | success | a multi-cloud job (`JobType` cloud): 4 TencentCDN workers |
//!
//! VOD domains: `example.com` (the sample, expired in 2018), and, relative to the anchor, `expired.alicert-demo.com`
//! (expired 3 days ago), `week.alicert-demo.com` (expires in 5 days), `month.alicert-demo.com` (20 days),
//! `far.alicert-demo.com` (400 days), `free.alicert-demo.com` (a free certificate, 60 days) and
//! `off.alicert-demo.com` (HTTPS off, no certificate).

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::rng::{below, mix};

/// The pages' sample deployment job (status editing, 8 workers by default, the first being sample worker 22487).
pub const SAMPLE_JOB_ID: i64 = 8888;
/// The ID of the ListWorkerResource page's sample worker, the first worker of job 8888.
pub const SAMPLE_WORKER_ID: i64 = 22487;
/// The job whose workers progress with the clock, ending in success or error.
pub const PROCESSING_JOB_ID: i64 = 9001;
/// A job waiting for its schedule.
pub const PENDING_JOB_ID: i64 = 9002;
/// A job being scheduled.
pub const SCHEDULING_JOB_ID: i64 = 9003;
/// A job that succeeded, over 17 products.
pub const SUCCESS_JOB_ID: i64 = 9004;
/// A job that failed for a third of its workers.
pub const ERROR_JOB_ID: i64 = 9005;
/// A job that was rolled back.
pub const ROLLED_BACK_JOB_ID: i64 = 9006;
/// A job still being edited, with no workers.
pub const EMPTY_JOB_ID: i64 = 9007;
/// A multi-cloud job (TencentCDN).
pub const MULTI_CLOUD_JOB_ID: i64 = 9008;
/// Every job in the dataset, in ID order.
pub const JOB_IDS: [i64; 9] = [
    SAMPLE_JOB_ID,
    PROCESSING_JOB_ID,
    PENDING_JOB_ID,
    SCHEDULING_JOB_ID,
    SUCCESS_JOB_ID,
    ERROR_JOB_ID,
    ROLLED_BACK_JOB_ID,
    EMPTY_JOB_ID,
    MULTI_CLOUD_JOB_ID,
];
/// Workers of job 9001.
pub const PROCESSING_JOB_WORKERS: u64 = 40;
/// The DescribeVodDomainCertificateInfo page's sample domain.
pub const SAMPLE_VOD_DOMAIN: &str = "example.com";
/// VOD domains and when their certificate expires relative to the anchor, in days (`None`: the sample's fixed date
/// or no certificate).
pub const VOD_DOMAINS: [(&str, Option<i64>); 7] = [
    (SAMPLE_VOD_DOMAIN, None),
    ("expired.alicert-demo.com", Some(-3)),
    ("week.alicert-demo.com", Some(5)),
    ("month.alicert-demo.com", Some(20)),
    ("far.alicert-demo.com", Some(400)),
    ("free.alicert-demo.com", Some(60)),
    ("off.alicert-demo.com", None),
];

/// The account that owns everything but the sample job (whose sample `UserId` is 0).
pub(crate) const ACCOUNT_USER_ID: i64 = 1_666_884_372_152_785;
/// The account's purchased deployment quota (the DescribeDeploymentJobStatus sample's `BuyCount`).
pub(crate) const BUY_COUNT: u64 = 500;
/// Workers of job 9001 shown as processing ahead of the finished ones.
const IN_FLIGHT: u64 = 4;
/// Chance, per mille, that a worker of job 9001 ends in error.
const ERROR_PER_MILLE: u64 = 40;
const DAY_MS: i64 = 86_400_000;
/// 9999-12-31T23:59:59Z, the last moment an HTTP date or ISO 8601 timestamp can show.
pub(crate) const LATEST_MILLIS: i64 = 253_402_300_799_000;

/// Every worker status the ListWorkerResource page lists, in its order; the `Status` filter accepts these.
pub(crate) const WORKER_STATUSES: [&str; 9] = [
    "rollback",
    "rollback_error",
    "success",
    "rollback_success",
    "pending",
    "scheduling",
    "processing",
    "error",
    "editing",
];

fn status_index(status: &str) -> Option<usize> {
    WORKER_STATUSES.iter().position(|known| *known == status)
}

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

/// A certificate as ListDeploymentJobCert returns it (field order as the page's sample).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Cert {
    pub cert_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<i64>,
    pub cert_instance_id: String,
    pub cert_name: String,
    pub common_name: String,
    pub sans: Vec<String>,
    pub algorithm: String,
    pub not_before_time: i64,
    pub not_after_time: i64,
    pub month: i64,
    pub status_code: String,
    pub cert_type: String,
    pub cert_order_type: String,
    pub is_trustee: bool,
    #[serde(
        rename = "NewFieldFromTheFuture",
        skip_serializing_if = "Option::is_none"
    )]
    pub future: Option<&'static str>,
}

/// A contact of a job.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Contact {
    pub id: String,
    pub name: String,
    pub mobile: String,
    pub email: String,
}

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

/// One certificate of a VOD domain (field order as the page's sample).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct VodCertInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_life: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_expire_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_type: Option<String>,
    pub server_certificate_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_domain_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_org: Option<String>,
    pub domain_name: String,
    #[serde(
        rename = "NewFieldFromTheFuture",
        skip_serializing_if = "Option::is_none"
    )]
    pub future: Option<&'static str>,
}

/// How a job's status is known.
#[derive(Clone, Copy, Debug)]
enum JobStatus {
    Fixed(&'static str),
    /// Derived from the progress of its workers.
    Progress,
}

/// How a job's generated workers get their status.
#[derive(Clone, Copy, Debug)]
enum StatusPlan {
    /// Worker `i` has `cycle[i % cycle.len()]`.
    Cycle(&'static [&'static str]),
    /// Worker `i` finishes at `start + (i + 1) / pace`.
    Progress,
}

/// A job's workers: a few stored ones first, then `generated` computed from their index `i`: product
/// `products[i % P]`, status per [`StatusPlan`], certificate `certs[(i / P) % C]`, ID `first_id + i`.
#[derive(Clone, Debug)]
struct WorkerPlan {
    stored: Vec<Worker>,
    generated: u64,
    first_id: i64,
    products: &'static [&'static str],
    statuses: StatusPlan,
}

/// A deployment job.
#[derive(Clone, Debug)]
pub(crate) struct Job {
    id: i64,
    gmt_create: i64,
    gmt_modified: i64,
    user_id: i64,
    instance_id: String,
    name: String,
    cert_type: &'static str,
    schedule_time: Option<i64>,
    start_time: Option<i64>,
    end_time: Option<i64>,
    status: JobStatus,
    del: i64,
    rollback: i64,
    job_type: &'static str,
    cert_domain: String,
    product_name: String,
    config: String,
    contacts: Vec<Contact>,
    certs: Vec<Cert>,
    workers: WorkerPlan,
}

/// DescribeDeploymentJob's answer (field order as the page's sample).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct JobView {
    pub request_id: String,
    pub id: i64,
    pub gmt_create: String,
    pub gmt_modified: String,
    pub user_id: i64,
    pub instance_id: String,
    pub name: String,
    pub cert_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    pub status: String,
    pub del: i64,
    pub rollback: i64,
    pub job_type: String,
    pub cert_domain: String,
    pub product_name: String,
    pub config: String,
    pub cas_contacts: Vec<Contact>,
    #[serde(
        rename = "NewFieldFromTheFuture",
        skip_serializing_if = "Option::is_none"
    )]
    pub future: Option<&'static str>,
}

/// Worker counts of a job or of the whole account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct WorkerCounts {
    /// Per status, indexed like [`WORKER_STATUSES`].
    pub by_status: [u64; 9],
    /// Per product, in first-seen order, counts above zero only.
    pub by_product: Vec<(String, u64)>,
    pub certs: u64,
}

impl WorkerCounts {
    pub fn total(&self) -> u64 {
        self.by_status.iter().sum()
    }

    pub fn status(&self, status: &str) -> u64 {
        status_index(status).map_or(0, |index| self.by_status[index])
    }

    fn add_product(&mut self, product: &str, count: u64) {
        if count == 0 {
            return;
        }
        match self.by_product.iter_mut().find(|(name, _)| name == product) {
            Some((_, total)) => *total += count,
            None => self.by_product.push((product.to_owned(), count)),
        }
    }

    fn merge(&mut self, other: &WorkerCounts) {
        for (mine, theirs) in self.by_status.iter_mut().zip(other.by_status) {
            *mine += theirs;
        }
        for (product, count) in &other.by_product {
            self.add_product(product, *count);
        }
        self.certs += other.certs;
    }
}

/// What ListWorkerResource filters on.
#[derive(Clone, Debug, Default)]
pub(crate) struct WorkerFilter<'a> {
    pub status: Option<&'a str>,
    pub product: Option<&'a str>,
}

impl WorkerFilter<'_> {
    fn matches(&self, product: &str, status: &str) -> bool {
        self.product.is_none_or(|wanted| wanted == product)
            && self.status.is_none_or(|wanted| wanted == status)
    }
}

/// The whole account.
#[derive(Debug)]
pub(crate) struct Dataset {
    seed: u64,
    jobs: BTreeMap<i64, Job>,
    domains: Vec<(String, Vec<VodCertInfo>)>,
    /// When job 9001 started, in Unix milliseconds.
    progress_start: i64,
    /// Workers of job 9001 finished per second.
    pace: f64,
}

pub(crate) fn unix_millis(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

fn millis_to_time(millis: i64) -> SystemTime {
    let magnitude = std::time::Duration::from_millis(millis.unsigned_abs());
    if millis >= 0 {
        UNIX_EPOCH.checked_add(magnitude).unwrap_or(UNIX_EPOCH)
    } else {
        UNIX_EPOCH.checked_sub(magnitude).unwrap_or(UNIX_EPOCH)
    }
}

/// Lowercase base-36 text of `hash`, `len` characters.
fn base36(mut hash: u64, len: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..len)
        .map(|_| {
            let digit = DIGITS[(hash % 36) as usize];
            hash /= 36;
            char::from(digit)
        })
        .collect()
}

fn hex(hash: u64, len: usize) -> String {
    let full = format!("{hash:016x}");
    full[..len.min(16)].to_owned()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
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

/// A generated certificate `days_left` days from expiry at `anchor`.
#[allow(clippy::too_many_arguments)]
fn cert(
    seed: u64,
    cert_id: i64,
    name: &str,
    sans: &[&str],
    anchor: i64,
    days_left: i64,
    months: i64,
    kind: (&str, &str, &str),
    trustee: bool,
) -> Cert {
    let (algorithm, cert_type, order_type) = kind;
    let not_after = anchor + days_left * DAY_MS;
    let not_before = not_after - months * 30 * DAY_MS;
    let status = if days_left < 0 {
        "expired"
    } else if days_left <= 30 {
        "willExpired"
    } else if trustee {
        "trustee"
    } else if order_type == "upload" {
        "upload"
    } else {
        "issued"
    };
    let hash = mix(seed, &[cert_id as u64, 0xCE27]);
    Cert {
        cert_id,
        order_id: (order_type != "upload").then(|| 6_000_000 + (hash % 1_000_000) as i64),
        cert_instance_id: format!(
            "cas-{}-{}",
            if order_type == "upload" {
                "upload"
            } else {
                "ivauto"
            },
            base36(hash, 6)
        ),
        cert_name: name.to_owned(),
        common_name: name.to_owned(),
        sans: strings(sans),
        algorithm: algorithm.to_owned(),
        not_before_time: not_before,
        not_after_time: not_after,
        month: months,
        status_code: status.to_owned(),
        cert_type: cert_type.to_owned(),
        cert_order_type: order_type.to_owned(),
        is_trustee: trustee,
        future: None,
    }
}

fn contact() -> Contact {
    Contact {
        id: "3305".into(),
        name: "alicert-ops".into(),
        mobile: "139****0001".into(),
        email: "ops@alicert-demo.com".into(),
    }
}

struct JobSeed {
    id: i64,
    name: &'static str,
    status: JobStatus,
    cert_type: &'static str,
    job_type: &'static str,
    rollback: i64,
    created_days_ago: i64,
    schedule: Option<i64>,
    start: Option<i64>,
    end: Option<i64>,
    certs: Vec<Cert>,
    generated: u64,
    products: &'static [&'static str],
    statuses: StatusPlan,
}

impl Dataset {
    /// Builds the account around `anchor`; job 9001 starts at `progress_start` and moves at `pace`.
    pub fn build(
        seed: u64,
        anchor: SystemTime,
        progress_start: SystemTime,
        workers: u64,
        pace: f64,
    ) -> Self {
        // Years 1970..=9999 keep every date in the dataset printable and its arithmetic far from overflow.
        let anchor = unix_millis(anchor).clamp(0, LATEST_MILLIS).div_euclid(1000) * 1000;
        let progress_start = unix_millis(progress_start).clamp(0, LATEST_MILLIS);
        let mut jobs = BTreeMap::new();
        jobs.insert(SAMPLE_JOB_ID, sample_job(workers));
        let a = anchor;
        let minute = 60_000;
        let seeds = [
            JobSeed {
                id: PROCESSING_JOB_ID,
                name: "alicert-demo-processing",
                status: JobStatus::Progress,
                cert_type: "buy",
                job_type: "user",
                rollback: 0,
                created_days_ago: 1,
                schedule: Some(progress_start),
                start: Some(progress_start),
                end: None,
                certs: vec![cert(
                    seed,
                    21_000_001,
                    "www.alicert-demo.com",
                    &["www.alicert-demo.com", "alicert-demo.com"],
                    a,
                    335,
                    12,
                    ("RSA", "DV", "buy"),
                    false,
                )],
                generated: PROCESSING_JOB_WORKERS,
                products: &["CDN", "SLB", "ALB", "NLB", "OSS", "WAF", "DCDN"],
                statuses: StatusPlan::Progress,
            },
            JobSeed {
                id: PENDING_JOB_ID,
                name: "alicert-demo-pending",
                status: JobStatus::Fixed("pending"),
                cert_type: "upload",
                job_type: "user",
                rollback: 0,
                created_days_ago: 2,
                schedule: Some(a + DAY_MS),
                start: None,
                end: None,
                certs: vec![cert(
                    seed,
                    21_000_002,
                    "pending.alicert-demo.com",
                    &["pending.alicert-demo.com"],
                    a,
                    5,
                    12,
                    ("RSA", "DV", "upload"),
                    false,
                )],
                generated: 6,
                products: &["CDN", "OSS", "WAF"],
                statuses: StatusPlan::Cycle(&["pending"]),
            },
            JobSeed {
                id: SCHEDULING_JOB_ID,
                name: "alicert-demo-scheduling",
                status: JobStatus::Fixed("scheduling"),
                cert_type: "free",
                job_type: "user",
                rollback: 0,
                created_days_ago: 1,
                schedule: Some(a - minute),
                start: None,
                end: None,
                certs: vec![cert(
                    seed,
                    21_000_003,
                    "api.scheduling.alicert-demo.com",
                    &["api.scheduling.alicert-demo.com"],
                    a,
                    20,
                    3,
                    ("ECC", "DV", "free"),
                    false,
                )],
                generated: 5,
                products: &["ALB", "NLB"],
                statuses: StatusPlan::Cycle(&["scheduling"]),
            },
            JobSeed {
                id: SUCCESS_JOB_ID,
                name: "alicert-demo-success",
                status: JobStatus::Fixed("success"),
                cert_type: "buy",
                job_type: "user",
                rollback: 0,
                created_days_ago: 11,
                schedule: Some(a - 10 * DAY_MS),
                start: Some(a - 10 * DAY_MS),
                end: Some(a - 10 * DAY_MS + 30 * minute),
                certs: vec![
                    cert(
                        seed,
                        21_000_004,
                        "shop.alicert-demo.com",
                        &["shop.alicert-demo.com", "cart.alicert-demo.com"],
                        a,
                        200,
                        12,
                        ("ECC", "OV", "buy"),
                        false,
                    ),
                    cert(
                        seed,
                        21_000_005,
                        "api.alicert-demo.com",
                        &["api.alicert-demo.com"],
                        a,
                        400,
                        24,
                        ("RSA", "EV", "buy"),
                        true,
                    ),
                ],
                generated: 34,
                products: &[
                    "CDN",
                    "SLB",
                    "ALB",
                    "NLB",
                    "OSS",
                    "WAF",
                    "DCDN",
                    "GA",
                    "VOD",
                    "LIVE",
                    "APIGateway",
                    "FC",
                    "MSE",
                    "SAE",
                    "DDOS",
                    "CR",
                    "webHosting",
                ],
                statuses: StatusPlan::Cycle(&["success"]),
            },
            JobSeed {
                id: ERROR_JOB_ID,
                name: "alicert-demo-error",
                status: JobStatus::Fixed("error"),
                cert_type: "upload",
                job_type: "user",
                rollback: 0,
                created_days_ago: 8,
                schedule: Some(a - 7 * DAY_MS),
                start: Some(a - 7 * DAY_MS),
                end: Some(a - 7 * DAY_MS + 12 * minute),
                certs: vec![cert(
                    seed,
                    21_000_006,
                    "legacy.alicert-demo.com",
                    &["legacy.alicert-demo.com"],
                    a,
                    -3,
                    12,
                    ("RSA", "DV", "upload"),
                    false,
                )],
                generated: 12,
                products: &["CDN", "SLB", "WAF", "OSS"],
                statuses: StatusPlan::Cycle(&["success", "error", "success"]),
            },
            JobSeed {
                id: ROLLED_BACK_JOB_ID,
                name: "alicert-demo-rolled-back",
                status: JobStatus::Fixed("success"),
                cert_type: "buy",
                job_type: "user",
                rollback: 1,
                created_days_ago: 6,
                schedule: Some(a - 5 * DAY_MS),
                start: Some(a - 5 * DAY_MS),
                end: Some(a - 5 * DAY_MS + 60 * minute),
                certs: vec![cert(
                    seed,
                    21_000_007,
                    "rollback.alicert-demo.com",
                    &["rollback.alicert-demo.com"],
                    a,
                    90,
                    12,
                    ("RSA", "OV", "buy"),
                    false,
                )],
                generated: 10,
                products: &["CDN", "ALB", "NLB", "GA", "SLB"],
                statuses: StatusPlan::Cycle(&[
                    "rollback_success",
                    "rollback_success",
                    "rollback",
                    "rollback_error",
                ]),
            },
            JobSeed {
                id: EMPTY_JOB_ID,
                name: "alicert-demo-draft",
                status: JobStatus::Fixed("editing"),
                cert_type: "buy",
                job_type: "user",
                rollback: 0,
                created_days_ago: 2,
                schedule: None,
                start: None,
                end: None,
                certs: vec![cert(
                    seed,
                    21_000_008,
                    "draft.alicert-demo.com",
                    &["draft.alicert-demo.com"],
                    a,
                    700,
                    24,
                    ("RSA", "DV", "buy"),
                    false,
                )],
                generated: 0,
                products: &["CDN"],
                statuses: StatusPlan::Cycle(&["editing"]),
            },
            JobSeed {
                id: MULTI_CLOUD_JOB_ID,
                name: "alicert-demo-multi-cloud",
                status: JobStatus::Fixed("success"),
                cert_type: "buy",
                job_type: "cloud",
                rollback: 0,
                created_days_ago: 1,
                schedule: Some(a - DAY_MS),
                start: Some(a - DAY_MS),
                end: Some(a - DAY_MS + 5 * minute),
                certs: vec![cert(
                    seed,
                    21_000_009,
                    "cdn.alicert-demo.com",
                    &["cdn.alicert-demo.com", "static.alicert-demo.com"],
                    a,
                    150,
                    12,
                    ("SM2", "OV", "buy"),
                    false,
                )],
                generated: 4,
                products: &["TencentCDN"],
                statuses: StatusPlan::Cycle(&["success"]),
            },
        ];
        for job_seed in seeds {
            jobs.insert(job_seed.id, generated_job(seed, a, job_seed));
        }
        Self {
            seed,
            jobs,
            domains: vod_domains(a),
            progress_start,
            pace,
        }
    }

    /// A job as DescribeDeploymentJob shows it at `now`.
    pub fn job_view(
        &self,
        id: i64,
        now: SystemTime,
        request_id: &str,
        newer_service: bool,
    ) -> Option<JobView> {
        let job = self.jobs.get(&id)?;
        let (status, end_time, modified) = match job.status {
            JobStatus::Fixed(status) => (status.to_owned(), job.end_time, job.gmt_modified),
            JobStatus::Progress => {
                if self.done(job, now) >= job.workers.generated {
                    let counts = self.job_counts(job, now);
                    let status = if counts.status("error") > 0 {
                        "error"
                    } else {
                        "success"
                    };
                    let end = self.progress_end(job);
                    (status.to_owned(), Some(end), end)
                } else {
                    (
                        "processing".to_owned(),
                        None,
                        job.gmt_modified.max(self.progress_start),
                    )
                }
            }
        };
        Some(JobView {
            request_id: request_id.to_owned(),
            id: job.id,
            gmt_create: job.gmt_create.to_string(),
            gmt_modified: modified.to_string(),
            user_id: job.user_id,
            instance_id: job.instance_id.clone(),
            name: job.name.clone(),
            cert_type: job.cert_type.to_owned(),
            schedule_time: job.schedule_time.map(|time| time.to_string()),
            start_time: job.start_time.map(|time| time.to_string()),
            end_time: end_time.map(|time| time.to_string()),
            status: if newer_service {
                "paused".to_owned()
            } else {
                status
            },
            del: job.del,
            rollback: job.rollback,
            job_type: job.job_type.to_owned(),
            cert_domain: job.cert_domain.clone(),
            product_name: job.product_name.clone(),
            config: job.config.clone(),
            cas_contacts: job.contacts.clone(),
            future: newer_service.then_some(FUTURE_VALUE),
        })
    }

    /// The certificates of a job.
    pub fn job_certs(&self, id: i64) -> Option<&[Cert]> {
        self.jobs.get(&id).map(|job| job.certs.as_slice())
    }

    /// Whether the job exists.
    pub fn has_job(&self, id: i64) -> bool {
        self.jobs.contains_key(&id)
    }

    /// Counts of one job's workers at `now`.
    pub fn counts(&self, id: i64, now: SystemTime) -> Option<WorkerCounts> {
        self.jobs.get(&id).map(|job| self.job_counts(job, now))
    }

    /// Counts over every job at `now`.
    pub fn account_counts(&self, now: SystemTime) -> WorkerCounts {
        let mut total = WorkerCounts::default();
        for job in self.jobs.values() {
            total.merge(&self.job_counts(job, now));
        }
        total
    }

    /// One page of a job's workers matching `filter`: the filtered total and the workers at `offset..offset+limit`.
    pub fn worker_page(
        &self,
        id: i64,
        filter: &WorkerFilter<'_>,
        offset: u64,
        limit: u64,
        now: SystemTime,
    ) -> Option<(u64, Vec<Worker>)> {
        let job = self.jobs.get(&id)?;
        let stored: Vec<&Worker> = job
            .workers
            .stored
            .iter()
            .filter(|worker| filter.matches(&worker.cloud_product, &worker.status))
            .collect();
        let stored_count = stored.len() as u64;
        let plan = &job.workers;
        let mut page = Vec::new();
        let total;
        match plan.statuses {
            StatusPlan::Cycle(cycle) => {
                let residues = Residues::new(plan.products, cycle, filter);
                let generated = residues.count_below(plan.generated);
                total = stored_count + generated;
                let end = offset.saturating_add(limit).min(total);
                let mut position = offset;
                while position < end {
                    if position < stored_count {
                        page.push(stored[position as usize].clone());
                    } else if let Some(index) = residues.nth(position - stored_count) {
                        page.push(self.generated_worker(job, index, now));
                    }
                    position += 1;
                }
            }
            StatusPlan::Progress => {
                // Job 9001 is small (its size is fixed), so scanning it is cheap; its statuses depend on the clock.
                let done = self.done(job, now);
                let matching: Vec<u64> = (0..plan.generated)
                    .filter(|&index| {
                        let product = plan.products[(index % plan.products.len() as u64) as usize];
                        filter.matches(product, self.progress_status(job, index, done))
                    })
                    .collect();
                total = stored_count + matching.len() as u64;
                let end = offset.saturating_add(limit).min(total);
                let mut position = offset;
                while position < end {
                    if position < stored_count {
                        page.push(stored[position as usize].clone());
                    } else {
                        page.push(self.generated_worker(
                            job,
                            matching[(position - stored_count) as usize],
                            now,
                        ));
                    }
                    position += 1;
                }
            }
        }
        Some((total, page))
    }

    /// The certificates of a VOD domain (case-insensitive).
    pub fn vod_domain(&self, name: &str) -> Option<&[VodCertInfo]> {
        self.domains
            .iter()
            .find(|(domain, _)| domain.eq_ignore_ascii_case(name))
            .map(|(_, certs)| certs.as_slice())
    }

    fn job_counts(&self, job: &Job, now: SystemTime) -> WorkerCounts {
        let mut counts = WorkerCounts {
            certs: job.certs.len() as u64,
            ..WorkerCounts::default()
        };
        for worker in &job.workers.stored {
            if let Some(index) = status_index(&worker.status) {
                counts.by_status[index] += 1;
            }
            counts.add_product(&worker.cloud_product, 1);
        }
        let plan = &job.workers;
        let products = plan.products.len() as u64;
        match plan.statuses {
            StatusPlan::Cycle(cycle) => {
                // Worker i's (product, status) repeats with period P*S: count each residue class once.
                let period = products * cycle.len() as u64;
                let (full, rest) = (plan.generated / period, plan.generated % period);
                let mut per_product = vec![0_u64; plan.products.len()];
                for residue in 0..period {
                    let count = full + u64::from(residue < rest);
                    let status = cycle[(residue % cycle.len() as u64) as usize];
                    if let Some(index) = status_index(status) {
                        counts.by_status[index] += count;
                    }
                    per_product[(residue % products) as usize] += count;
                }
                for (product, count) in plan.products.iter().zip(per_product) {
                    counts.add_product(product, count);
                }
            }
            StatusPlan::Progress => {
                let done = self.done(job, now);
                for index in 0..plan.generated {
                    if let Some(status) = status_index(self.progress_status(job, index, done)) {
                        counts.by_status[status] += 1;
                    }
                    counts.add_product(plan.products[(index % products) as usize], 1);
                }
            }
        }
        counts
    }

    /// Workers of a progressing job finished at `now`.
    fn done(&self, job: &Job, now: SystemTime) -> u64 {
        if self.pace <= 0.0 {
            return 0;
        }
        let elapsed = unix_millis(now).saturating_sub(self.progress_start).max(0) as f64 / 1000.0;
        let done = (elapsed * self.pace).floor();
        if done >= job.workers.generated as f64 {
            job.workers.generated
        } else {
            done as u64
        }
    }

    /// When a progressing job's last worker finishes (Unix milliseconds).
    fn progress_end(&self, job: &Job) -> i64 {
        self.finish_time(job.workers.generated.saturating_sub(1))
    }

    fn finish_time(&self, index: u64) -> i64 {
        if self.pace <= 0.0 {
            return self.progress_start;
        }
        // A float-to-int cast saturates, so an absurdly slow pace just means "never".
        let after = ((index as f64 + 1.0) / self.pace * 1000.0).ceil() as i64;
        self.progress_start.saturating_add(after)
    }

    fn progress_status(&self, job: &Job, index: u64, done: u64) -> &'static str {
        if index < done {
            if below(mix(self.seed, &[job.id as u64, index, 0xFA11]), 1000) < ERROR_PER_MILLE {
                "error"
            } else {
                "success"
            }
        } else if index < done + IN_FLIGHT {
            "processing"
        } else {
            "pending"
        }
    }

    /// Generated worker `index` of `job`, as it stands at `now`.
    fn generated_worker(&self, job: &Job, index: u64, now: SystemTime) -> Worker {
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

/// The value of `NewFieldFromTheFuture` in answers of a "newer" service.
pub(crate) const FUTURE_VALUE: &str = "added-by-a-newer-service";

/// The generated indices whose (product, status) match a filter, as residues modulo the plan's period.
struct Residues {
    period: u64,
    matching: Vec<u64>,
}

impl Residues {
    fn new(products: &[&str], cycle: &[&str], filter: &WorkerFilter<'_>) -> Self {
        let period = (products.len() * cycle.len()).max(1) as u64;
        let matching = (0..period)
            .filter(|&residue| {
                let product = products[(residue % products.len() as u64) as usize];
                let status = cycle[(residue % cycle.len() as u64) as usize];
                filter.matches(product, status)
            })
            .collect();
        Self { period, matching }
    }

    /// How many indices below `limit` match.
    fn count_below(&self, limit: u64) -> u64 {
        let (full, rest) = (limit / self.period, limit % self.period);
        full * self.matching.len() as u64
            + self
                .matching
                .iter()
                .filter(|&&residue| residue < rest)
                .count() as u64
    }

    /// The `n`-th matching index (from 0); the caller checks it against the count.
    fn nth(&self, n: u64) -> Option<u64> {
        let per_period = self.matching.len() as u64;
        if per_period == 0 {
            return None;
        }
        (n / per_period)
            .checked_mul(self.period)?
            .checked_add(self.matching[(n % per_period) as usize])
    }
}

fn sample_job(workers: u64) -> Job {
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

fn generated_job(seed: u64, anchor: i64, job: JobSeed) -> Job {
    let created = anchor - job.created_days_ago * DAY_MS;
    let cert_ids: Vec<String> = job
        .certs
        .iter()
        .map(|cert| cert.cert_id.to_string())
        .collect();
    let shown_products = (job.generated.min(job.products.len() as u64)) as usize;
    Job {
        id: job.id,
        gmt_create: created,
        gmt_modified: job.end_time_or(created + 3_600_000),
        user_id: ACCOUNT_USER_ID,
        instance_id: hex(mix(seed, &[job.id as u64, 0x1D]), 16),
        name: job.name.to_owned(),
        cert_type: job.cert_type,
        schedule_time: job.schedule,
        start_time: job.start,
        end_time: job.end,
        status: job.status,
        del: 0,
        rollback: job.rollback,
        job_type: job.job_type,
        cert_domain: job
            .certs
            .iter()
            .map(|cert| cert.common_name.as_str())
            .collect::<Vec<_>>()
            .join(","),
        product_name: job.products[..shown_products].join(","),
        config: format!(
            r#"{{"shareCertIds":[],"certIds":[{}]}}"#,
            cert_ids.join(",")
        ),
        contacts: vec![contact()],
        certs: job.certs,
        workers: WorkerPlan {
            stored: Vec::new(),
            generated: job.generated,
            first_id: job.id * 1_000_000 + 1,
            products: job.products,
            statuses: job.statuses,
        },
    }
}

impl JobSeed {
    fn end_time_or(&self, fallback: i64) -> i64 {
        self.end.unwrap_or(fallback)
    }
}

fn vod_domains(anchor: i64) -> Vec<(String, Vec<VodCertInfo>)> {
    let sample = VodCertInfo {
        status: Some("success".into()),
        cert_life: Some("3 months".into()),
        cert_expire_time: Some("2018-06-03T13:03:39Z".into()),
        cert_type: Some("free".into()),
        server_certificate_status: "checking".into(),
        cert_domain_name: Some("example.com".into()),
        cert_name: Some("cert-example.com".into()),
        cert_org: Some("Let's Encrypt".into()),
        domain_name: "example.com".into(),
        future: None,
    };
    let mut domains = vec![(SAMPLE_VOD_DOMAIN.to_owned(), vec![sample])];
    for (name, days) in VOD_DOMAINS.iter().skip(1) {
        let info = match days {
            None => VodCertInfo {
                status: None,
                cert_life: None,
                cert_expire_time: None,
                cert_type: None,
                server_certificate_status: "off".into(),
                cert_domain_name: None,
                cert_name: None,
                cert_org: None,
                domain_name: (*name).to_owned(),
                future: None,
            },
            Some(days) => {
                let free = name.starts_with("free.");
                let expires = millis_to_time(anchor + days * DAY_MS);
                VodCertInfo {
                    // The page: Status has a value only for free certificates.
                    status: free.then(|| "success".to_owned()),
                    cert_life: Some(if free { "3 months" } else { "1 year" }.to_owned()),
                    cert_expire_time: Some(alicert_core::time::format_iso8601(expires)),
                    cert_type: Some(if free { "free" } else { "cas" }.to_owned()),
                    server_certificate_status: "on".into(),
                    cert_domain_name: Some((*name).to_owned()),
                    cert_name: Some(format!("cert-{name}")),
                    cert_org: Some(
                        if free {
                            "Let's Encrypt"
                        } else {
                            "DigiCert Inc"
                        }
                        .to_owned(),
                    ),
                    domain_name: (*name).to_owned(),
                    future: None,
                }
            }
        };
        domains.push(((*name).to_owned(), vec![info]));
    }
    domains
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn dataset(workers: u64) -> (Dataset, SystemTime) {
        let anchor = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
        (Dataset::build(7, anchor, anchor, workers, 8.0), anchor)
    }

    fn all_workers(
        data: &Dataset,
        id: i64,
        filter: &WorkerFilter<'_>,
        now: SystemTime,
    ) -> Vec<Worker> {
        let (total, page) = data.worker_page(id, filter, 0, u64::MAX, now).unwrap();
        assert_eq!(total, page.len() as u64);
        page
    }

    #[test]
    fn residues_match_a_scan() {
        let products = ["A", "B", "C"];
        let cycle = ["x", "y", "x", "z"];
        for filter in [
            WorkerFilter::default(),
            WorkerFilter {
                product: Some("B"),
                status: None,
            },
            WorkerFilter {
                product: None,
                status: Some("x"),
            },
            WorkerFilter {
                product: Some("C"),
                status: Some("x"),
            },
            WorkerFilter {
                product: Some("Q"),
                status: None,
            },
        ] {
            let residues = Residues::new(&products, &cycle, &filter);
            let scan: Vec<u64> = (0..100)
                .filter(|&i| filter.matches(products[(i % 3) as usize], cycle[(i % 4) as usize]))
                .collect();
            for limit in [0, 1, 7, 12, 13, 100] {
                assert_eq!(
                    residues.count_below(limit),
                    scan.iter().filter(|&&i| i < limit).count() as u64
                );
            }
            for (n, index) in scan.iter().enumerate() {
                assert_eq!(residues.nth(n as u64), Some(*index));
            }
        }
    }

    #[test]
    fn counts_agree_with_the_workers_listed() {
        let (data, anchor) = dataset(1000);
        for now in [
            anchor,
            anchor + Duration::from_secs(2),
            anchor + Duration::from_secs(60),
        ] {
            for id in JOB_IDS {
                let counts = data.counts(id, now).unwrap();
                let workers = all_workers(&data, id, &WorkerFilter::default(), now);
                assert_eq!(counts.total(), workers.len() as u64, "job {id}");
                for (index, status) in WORKER_STATUSES.iter().enumerate() {
                    let listed = workers
                        .iter()
                        .filter(|worker| worker.status == *status)
                        .count() as u64;
                    assert_eq!(counts.by_status[index], listed, "job {id} status {status}");
                    let filtered = all_workers(
                        &data,
                        id,
                        &WorkerFilter {
                            status: Some(status),
                            product: None,
                        },
                        now,
                    );
                    assert_eq!(filtered.len() as u64, listed);
                }
                for (product, count) in &counts.by_product {
                    let listed = workers
                        .iter()
                        .filter(|worker| &worker.cloud_product == product)
                        .count() as u64;
                    assert_eq!(*count, listed, "job {id} product {product}");
                }
                assert_eq!(
                    counts
                        .by_product
                        .iter()
                        .map(|(_, count)| count)
                        .sum::<u64>(),
                    counts.total()
                );
                let ids: std::collections::HashSet<i64> =
                    workers.iter().map(|worker| worker.id).collect();
                assert_eq!(ids.len(), workers.len(), "worker ids unique in job {id}");
            }
        }
    }

    #[test]
    fn the_processing_job_finishes() {
        let (data, anchor) = dataset(8);
        let start = data
            .job_view(PROCESSING_JOB_ID, anchor, "r", false)
            .unwrap();
        assert_eq!(start.status, "processing");
        assert!(start.end_time.is_none());
        let counts = data.counts(PROCESSING_JOB_ID, anchor).unwrap();
        assert_eq!(
            counts.status("pending") + counts.status("processing"),
            PROCESSING_JOB_WORKERS
        );
        let later = anchor + Duration::from_secs(5);
        let end = data.job_view(PROCESSING_JOB_ID, later, "r", false).unwrap();
        let counts = data.counts(PROCESSING_JOB_ID, later).unwrap();
        assert_eq!(
            counts.status("success") + counts.status("error"),
            PROCESSING_JOB_WORKERS
        );
        let expected = if counts.status("error") > 0 {
            "error"
        } else {
            "success"
        };
        assert_eq!(end.status, expected);
        assert_eq!(end.end_time, Some((unix_millis(anchor) + 5000).to_string()));
    }

    #[test]
    fn frozen_pace_never_moves() {
        let anchor = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
        let data = Dataset::build(7, anchor, anchor, 8, 0.0);
        let later = anchor + Duration::from_secs(86_400);
        assert_eq!(
            data.job_view(PROCESSING_JOB_ID, later, "r", false)
                .unwrap()
                .status,
            "processing"
        );
    }

    #[test]
    fn a_page_of_a_huge_job_is_cheap_and_exact() {
        let (data, anchor) = dataset(crate::config::MAX_WORKERS);
        let counts = data.counts(SAMPLE_JOB_ID, anchor).unwrap();
        assert_eq!(counts.total(), crate::config::MAX_WORKERS);
        let (total, page) = data
            .worker_page(
                SAMPLE_JOB_ID,
                &WorkerFilter::default(),
                crate::config::MAX_WORKERS - 3,
                50,
                anchor,
            )
            .unwrap();
        assert_eq!(total, crate::config::MAX_WORKERS);
        assert_eq!(page.len(), 3);
        assert_eq!(
            page[2].id,
            SAMPLE_WORKER_ID + crate::config::MAX_WORKERS as i64 - 1
        );
        let filter = WorkerFilter {
            status: Some("error"),
            product: Some("NLB"),
        };
        let (total, page) = data
            .worker_page(SAMPLE_JOB_ID, &filter, 1000, 10, anchor)
            .unwrap();
        assert!(total > 1000);
        assert!(
            page.iter()
                .all(|worker| worker.status == "error" && worker.cloud_product == "NLB")
        );
    }

    #[test]
    fn extreme_clocks_and_paces_do_not_panic() {
        let far = UNIX_EPOCH + Duration::from_secs(400_000_000_000);
        for anchor in [UNIX_EPOCH, far] {
            for pace in [0.0, 1e-300, 8.0, 1e300] {
                let data = Dataset::build(u64::MAX, anchor, anchor, u64::MAX, pace);
                for now in [UNIX_EPOCH, anchor, far] {
                    for id in JOB_IDS {
                        data.job_view(id, now, "r", true).unwrap();
                        data.worker_page(id, &WorkerFilter::default(), u64::MAX - 1, 1000, now)
                            .unwrap();
                        data.worker_page(id, &WorkerFilter::default(), 0, 3, now)
                            .unwrap();
                    }
                    data.account_counts(now);
                }
            }
        }
    }

    #[test]
    fn domains_expire_relative_to_the_anchor() {
        let (data, _) = dataset(8);
        assert_eq!(
            data.vod_domain("EXAMPLE.com").unwrap()[0]
                .cert_expire_time
                .as_deref(),
            Some("2018-06-03T13:03:39Z")
        );
        let week = &data.vod_domain("week.alicert-demo.com").unwrap()[0];
        assert_eq!(
            week.cert_expire_time.as_deref(),
            Some("2025-06-20T15:06:40Z")
        );
        assert!(data.vod_domain("nope.example").is_none());
    }
}

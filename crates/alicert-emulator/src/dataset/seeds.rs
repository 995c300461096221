//! The seeded jobs other than the pages' sample, one per state a deployment job can be in (the table in the
//! module's doc), with dates relative to the anchor so expiry and schedules read the same whenever the emulator
//! starts. Each is declared as a `JobSeed` and expanded into a `Job` whose workers are computed on demand.

use super::certs::{Cert, cert};
use super::constants::{
    ACCOUNT_USER_ID, EMPTY_JOB_ID, ERROR_JOB_ID, MULTI_CLOUD_JOB_ID, PENDING_JOB_ID,
    PROCESSING_JOB_ID, PROCESSING_JOB_WORKERS, ROLLED_BACK_JOB_ID, SCHEDULING_JOB_ID,
    SUCCESS_JOB_ID,
};
use super::format::{DAY_MS, hex};
use super::job::Contact;
use super::{Job, JobStatus, StatusPlan, WorkerPlan};
use crate::rng::mix;

/// The jobs 9001 to 9008, built around `anchor` (Unix milliseconds); job 9001 starts at `progress_start`.
pub(super) fn seeded_jobs(
    seed: u64,
    anchor: i64,
    progress_start: i64,
) -> impl Iterator<Item = Job> {
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
    seeds
        .into_iter()
        .map(move |job_seed| generated_job(seed, a, job_seed))
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

impl JobSeed {
    fn end_time_or(&self, fallback: i64) -> i64 {
        self.end.unwrap_or(fallback)
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

fn contact() -> Contact {
    Contact {
        id: "3305".into(),
        name: "alicert-ops".into(),
        mobile: "139****0001".into(),
        email: "ops@alicert-demo.com".into(),
    }
}

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

mod certs;
mod constants;
mod counts;
mod format;
mod job;
mod paging;
mod progress;
mod sample;
mod seeds;
mod vod;
mod workers;

use std::collections::BTreeMap;
use std::time::SystemTime;

pub(crate) use certs::Cert;
pub(crate) use constants::{BUY_COUNT, FUTURE_VALUE};
pub use constants::{
    EMPTY_JOB_ID, ERROR_JOB_ID, JOB_IDS, MULTI_CLOUD_JOB_ID, PENDING_JOB_ID, PROCESSING_JOB_ID,
    PROCESSING_JOB_WORKERS, ROLLED_BACK_JOB_ID, SAMPLE_JOB_ID, SAMPLE_VOD_DOMAIN, SAMPLE_WORKER_ID,
    SCHEDULING_JOB_ID, SUCCESS_JOB_ID, VOD_DOMAINS,
};
pub(crate) use counts::{WORKER_STATUSES, WorkerCounts};
pub(crate) use format::LATEST_MILLIS;
use format::unix_millis;
use job::Contact;
pub(crate) use paging::WorkerFilter;
use sample::sample_job;
use seeds::seeded_jobs;
pub(crate) use vod::VodCertInfo;
use vod::vod_domains;
pub(crate) use workers::Worker;

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
        for job in seeded_jobs(seed, anchor, progress_start) {
            jobs.insert(job.id, job);
        }
        Self {
            seed,
            jobs,
            domains: vod_domains(anchor),
            progress_start,
            pace,
        }
    }

    /// The certificates of a job.
    pub fn job_certs(&self, id: i64) -> Option<&[Cert]> {
        self.jobs.get(&id).map(|job| job.certs.as_slice())
    }

    /// Whether the job exists.
    pub fn has_job(&self, id: i64) -> bool {
        self.jobs.contains_key(&id)
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    /// The dataset most unit tests share: seed 7, built and started at one fixed moment, 8 workers a second.
    pub(super) fn dataset(workers: u64) -> (Dataset, SystemTime) {
        let anchor = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
        (Dataset::build(7, anchor, anchor, workers, 8.0), anchor)
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
}

//! DescribeDeploymentJob's answer: a job as it stands at a moment, its status fixed or, for the job that moves,
//! derived from its workers' progress, with the fields a "newer" service adds or changes.

use std::time::SystemTime;

use serde::Serialize;

use super::constants::FUTURE_VALUE;
use super::{Dataset, JobStatus};

/// A contact of a job.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Contact {
    pub id: String,
    pub name: String,
    pub mobile: String,
    pub email: String,
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

impl Dataset {
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
}

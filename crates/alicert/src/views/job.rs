//! A deployment job at a glance, `alicert job 8888`: the four questions an operator has, answered from four calls
//! made at once. What is it (DescribeDeploymentJob)? How far did it get, per product (DescribeDeploymentJobStatus)?
//! Which certificates does it deploy, and when do they expire (ListDeploymentJobCert)? What failed
//! (ListWorkerResource filtered to `error` and `rollback_error`, first page only)? "Failing" means both statuses, a
//! deployment that failed and a rollback that failed: each needs someone to act. The count shown and the `alicert
//! workers` command suggested for the rest name the same statuses, so the command lists exactly that many.

use alicert_api::cas;
use alicert_api::cas::types::{
    DescribeDeploymentJobResponse, DescribeDeploymentJobStatusResponse, JobCert, WorkerResource,
};
use alicert_api::waiter::WorkerCounts;
use alicert_api::wire::UnixMillis;
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::failure::Failure;
use crate::human::{self, Remaining};
use crate::output::Ui;
use crate::style::{self, status_style};
use crate::table::{self, Cell, Table};
use crate::views::{expiry_style, workers};

/// Worker statuses that count as failing.
const FAILING: [&str; 2] = ["error", "rollback_error"];

/// Everything the view shows.
#[derive(Debug)]
pub struct Glance {
    /// DescribeDeploymentJob.
    pub job: DescribeDeploymentJobResponse,
    /// DescribeDeploymentJobStatus.
    pub status: DescribeDeploymentJobStatusResponse,
    /// ListDeploymentJobCert.
    pub certs: Vec<JobCert>,
    /// The first failing workers.
    pub failing: Vec<WorkerResource>,
    /// How many workers are failing in all.
    pub failing_total: u64,
    /// The failing statuses that have workers, which `failing_total` counts.
    pub failing_statuses: Vec<&'static str>,
}

/// Fetches the glance of `job_id`, listing at most `failing_limit` failing workers.
pub async fn fetch(cas: &cas::Client, job_id: i64, failing_limit: u32) -> Result<Glance, Failure> {
    let (job, status, certs) = futures::try_join!(
        async {
            cas.describe_deployment_job()
                .job_id(job_id)
                .send()
                .await
                .map_err(Failure::Api)
        },
        async {
            cas.describe_deployment_job_status()
                .job_id(job_id)
                .send()
                .await
                .map_err(Failure::Api)
        },
        async {
            cas.list_deployment_job_cert()
                .job_id(job_id)
                .send()
                .await
                .map_err(Failure::Api)
        },
    )?;
    let (job, status, certs) = (
        job.into_inner(),
        status.into_inner(),
        certs.into_inner().data,
    );

    let mut failing = Vec::new();
    let mut failing_total = 0_u64;
    let mut failing_statuses = Vec::new();
    let counts = [status.failed_count, status.rollback_failed_count];
    for (worker_status, count) in FAILING.iter().zip(counts) {
        if count.unwrap_or(0) <= 0 {
            continue;
        }
        let page_size = failing_limit.clamp(1, 1000);
        let page = cas
            .list_worker_resource()
            .job_id(job_id)
            .status(*worker_status)
            .current_page(1)
            .show_size(page_size as i32)
            .send()
            .await
            .map_err(Failure::Api)?
            .into_inner();
        let total = page
            .total
            .and_then(|total| u64::try_from(total).ok())
            .unwrap_or(page.data.len() as u64);
        if total > 0 {
            failing_statuses.push(*worker_status);
        }
        failing_total += total;
        failing.extend(page.data);
    }
    failing.truncate(failing_limit as usize);
    Ok(Glance {
        job,
        status,
        certs,
        failing,
        failing_total,
        failing_statuses,
    })
}

/// The glance as one JSON object: the API's answers under their own field names, plus `DaysLeft` per certificate.
pub fn to_json(glance: &Glance, now: DateTime<Utc>) -> serde_json::Value {
    let certs: Vec<serde_json::Value> = glance
        .certs
        .iter()
        .map(|cert| {
            let mut value = serde_json::to_value(cert).unwrap_or_default();
            if let (Some(left), Some(object)) = (
                days_left(cert.not_after_time.as_ref(), now),
                value.as_object_mut(),
            ) {
                object.insert("DaysLeft".to_owned(), json!(left.days));
            }
            value
        })
        .collect();
    json!({
        "Job": glance.job,
        "Status": glance.status,
        "Certificates": certs,
        "FailingWorkers": {
            "Statuses": glance.failing_statuses,
            "Total": glance.failing_total,
            "Data": glance.failing,
        },
    })
}

/// Time from `now` to a certificate's `NotAfterTime`.
pub fn days_left(not_after: Option<&UnixMillis>, now: DateTime<Utc>) -> Option<Remaining> {
    not_after
        .and_then(UnixMillis::to_datetime)
        .map(|until| Remaining::between(now, until))
}

/// Prints the glance for people.
pub fn print(ui: &Ui, job_id: i64, glance: &Glance, now: DateTime<Utc>) -> Result<(), Failure> {
    let job = &glance.job;
    let name = job.name.as_deref().unwrap_or("(no name)");
    ui.line(
        style::heading()
            .apply_to(format!("Job {} · {name}", job.id.unwrap_or(job_id)))
            .to_string(),
    )?;
    let status = job.status.as_ref().map_or("-", |status| status.as_str());
    let mut status_notes = Vec::new();
    if job.rollback == Some(1) {
        status_notes.push("includes rollback workers");
    }
    if job.del == Some(1) {
        status_notes.push("deleted");
    }
    let status_text = if status_notes.is_empty() {
        status.to_owned()
    } else {
        format!("{status} · {}", status_notes.join(" · "))
    };
    let mut pairs = vec![(
        "Status".to_owned(),
        Cell::styled(status_text, status_style(status)),
    )];
    let job_type = job.job_type.as_ref().map_or("-", |value| value.as_str());
    let cert_type = job.cert_type.as_ref().map_or("-", |value| value.as_str());
    pairs.push((
        "Type".to_owned(),
        format!("{job_type} job, {cert_type} certificate").into(),
    ));
    for (label, value) in [
        ("Products", job.product_name.as_deref()),
        ("Domains", job.cert_domain.as_deref()),
        ("Instance", job.instance_id.as_deref()),
    ] {
        if let Some(value) = value.filter(|value| !value.is_empty()) {
            pairs.push((label.to_owned(), value.into()));
        }
    }
    for (label, value) in [
        ("Created", job.gmt_create.as_ref()),
        ("Scheduled", job.schedule_time.as_ref()),
        ("Started", job.start_time.as_ref()),
        ("Ended", job.end_time.as_ref()),
    ] {
        if value.is_some() {
            pairs.push((label.to_owned(), human::timestamp(value).into()));
        }
    }
    for line in table::pairs(&pairs, ui.width(), 2) {
        ui.line(line)?;
    }

    // Workers and products.
    let counts = WorkerCounts::from_response(&glance.status);
    ui.blank()?;
    ui.line(workers_line(&counts))?;
    let mut products: Vec<(String, i64)> = glance
        .status
        .product_worker_count
        .iter()
        .map(|product| {
            (
                product
                    .product_name
                    .as_ref()
                    .map_or("-", |name| name.as_str())
                    .to_owned(),
                i64::from(product.count.unwrap_or(0)),
            )
        })
        .collect();
    products.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if !products.is_empty() {
        let mut table = Table::new(&["Product", "Workers"]).right(1).indent(2);
        for (name, count) in products {
            table.push(vec![name.into(), human::signed(count).into()]);
        }
        for line in table.render(ui.width()) {
            ui.line(line)?;
        }
    }

    // Certificates.
    ui.blank()?;
    ui.line(
        style::heading()
            .apply_to(format!("Certificates ({})", glance.certs.len()))
            .to_string(),
    )?;
    if glance.certs.is_empty() {
        ui.line("  none")?;
    } else {
        let mut table = Table::new(&[
            "Name",
            "Common name",
            "Type",
            "Algorithm",
            "Not after",
            "Expiry",
        ])
        .indent(2);
        for cert in &glance.certs {
            let expiry = match days_left(cert.not_after_time.as_ref(), now) {
                Some(left) => Cell::styled(left.phrase(), expiry_style(left)),
                None => "-".into(),
            };
            let kind = match (&cert.cert_order_type, &cert.cert_type) {
                (Some(order), Some(kind)) => format!("{order} {kind}"),
                (Some(order), None) => order.to_string(),
                (None, Some(kind)) => kind.clone(),
                (None, None) => "-".to_owned(),
            };
            table.push(vec![
                cert.cert_name.as_deref().unwrap_or("-").into(),
                cert.common_name.as_deref().unwrap_or("-").into(),
                kind.into(),
                cert.algorithm.as_deref().unwrap_or("-").into(),
                human::timestamp(cert.not_after_time.as_ref()).into(),
                expiry,
            ]);
        }
        for line in table.render(ui.width()) {
            ui.line(line)?;
        }
    }

    // Failing workers.
    ui.blank()?;
    if glance.failing_total == 0 {
        ui.line(format!(
            "{} {}",
            style::heading().apply_to("Failing workers:"),
            style::good().apply_to("none")
        ))?;
        return Ok(());
    }
    ui.line(
        style::heading()
            .apply_to(format!(
                "Failing workers ({} of {})",
                glance.failing.len(),
                human::count(glance.failing_total)
            ))
            .to_string(),
    )?;
    if !glance.failing.is_empty() {
        for line in workers::table(&glance.failing, 2).render(ui.width()) {
            ui.line(line)?;
        }
    }
    let more = glance
        .failing_total
        .saturating_sub(glance.failing.len() as u64);
    if more > 0 {
        ui.line(format!(
            "  … {} more: {}",
            human::count(more),
            style::command().apply_to(format!(
                "alicert workers {job_id} --status {}",
                glance.failing_statuses.join(",")
            ))
        ))?;
    }
    Ok(())
}

/// `Workers: 40 · 31 succeeded · 1 failed · 8 remaining`.
pub fn workers_line(counts: &WorkerCounts) -> String {
    let mut parts = vec![
        style::heading()
            .apply_to(format!("Workers: {}", human::count(counts.total)))
            .to_string(),
    ];
    parts.push(
        style::good()
            .apply_to(format!("{} succeeded", human::count(counts.succeeded)))
            .to_string(),
    );
    let failed = format!("{} failed", human::count(counts.failed));
    parts.push(if counts.failed > 0 {
        style::bad().apply_to(failed).to_string()
    } else {
        failed
    });
    if counts.rolled_back > 0 {
        parts.push(
            style::warn()
                .apply_to(format!(
                    "{} rolled back ({} ok, {} failed)",
                    human::count(counts.rolled_back),
                    human::count(counts.rollback_succeeded),
                    human::count(counts.rollback_failed)
                ))
                .to_string(),
        );
    }
    parts.push(format!("{} remaining", human::count(counts.remaining())));
    parts.join(" · ")
}

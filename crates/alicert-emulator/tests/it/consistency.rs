//! DescribeDeploymentJobStatus agrees with what ListWorkerResource pages through, for every job and for the
//! account; the processing job moves with the (injected) clock to its end; and the certificate count matches
//! ListDeploymentJobCert.

use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

use alicert_emulator::dataset::{JOB_IDS, PROCESSING_JOB_ID, PROCESSING_JOB_WORKERS};
use alicert_emulator::{EmulatorConfig, ManualClock, Pace};
use serde_json::Value;

use crate::support::{Call, Harness, Scheme};

fn status(job: Option<i64>) -> Call {
    let call = Call::cas(Scheme::V3, "DescribeDeploymentJobStatus");
    match job {
        Some(job) => call.param("JobId", job),
        None => call,
    }
}

/// Counts computed from paged workers, in DescribeDeploymentJobStatus's terms.
fn counted(workers: &[Value]) -> BTreeMap<&'static str, u64> {
    let with = |wanted: &[&str]| {
        workers
            .iter()
            .filter(|worker| wanted.iter().any(|status| worker["Status"] == *status))
            .count() as u64
    };
    BTreeMap::from([
        ("WorkerCount", workers.len() as u64),
        ("MatchWorkerCount", workers.len() as u64),
        ("SuccessCount", with(&["success"])),
        ("FailedCount", with(&["error"])),
        (
            "RollbackCount",
            with(&["rollback", "rollback_success", "rollback_error"]),
        ),
        ("RollbackSuccessCount", with(&["rollback_success"])),
        ("RollbackFailedCount", with(&["rollback_error"])),
        (
            "CostCount",
            with(&["success", "rollback", "rollback_success", "rollback_error"]),
        ),
    ])
}

fn reported(json: &Value) -> BTreeMap<&'static str, u64> {
    [
        "WorkerCount",
        "MatchWorkerCount",
        "SuccessCount",
        "FailedCount",
        "RollbackCount",
        "RollbackSuccessCount",
        "RollbackFailedCount",
        "CostCount",
    ]
    .into_iter()
    .map(|field| {
        (
            field,
            json[field]
                .as_u64()
                .unwrap_or_else(|| panic!("{field} in {json}")),
        )
    })
    .collect()
}

fn per_product(workers: &[Value]) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for worker in workers {
        *counts
            .entry(worker["CloudProduct"].as_str().unwrap().to_owned())
            .or_insert(0) += 1;
    }
    counts
}

fn reported_products(json: &Value) -> BTreeMap<String, u64> {
    json["ProductWorkerCount"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["ProductName"].as_str().unwrap().to_owned(),
                entry["Count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_jobs_counts_match_its_paged_workers_and_the_account_adds_up() {
    let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_750_000_000));
    let harness = Harness::start(
        EmulatorConfig::new()
            .with_clock(clock.clone())
            .with_workers(300),
    )
    .await;
    // Mid-progress, so job 9001 has every kind of worker.
    clock.advance(Duration::from_secs(2));
    let sign_time = alicert_emulator::Clock::now(&clock);
    let mut sum: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut certs = 0;
    let mut products: BTreeMap<String, u64> = BTreeMap::new();
    for job in JOB_IDS {
        let answer = harness.call(&status(Some(job)).at(sign_time)).await;
        let json = answer.expect_ok().clone();
        let mut workers = Vec::new();
        let mut page = 1;
        loop {
            let call = Call::cas(Scheme::V1, "ListWorkerResource")
                .param("JobId", job)
                .param("CurrentPage", page)
                .param("ShowSize", 17)
                .at(sign_time);
            let answer = harness.call(&call).await;
            let data = answer.expect_ok()["Data"].as_array().unwrap().clone();
            if data.is_empty() {
                break;
            }
            workers.extend(data);
            page += 1;
        }
        assert_eq!(reported(&json), counted(&workers), "job {job}");
        assert_eq!(reported_products(&json), per_product(&workers), "job {job}");
        let cert_answer = harness
            .call(
                &Call::cas(Scheme::V1, "ListDeploymentJobCert")
                    .param("JobId", job)
                    .at(sign_time),
            )
            .await;
        let cert_count = cert_answer.expect_ok()["Data"].as_array().unwrap().len() as u64;
        assert_eq!(json["CertCount"], cert_count, "job {job}");
        for (field, value) in counted(&workers) {
            *sum.entry(field).or_insert(0) += value;
        }
        for (product, count) in per_product(&workers) {
            *products.entry(product).or_insert(0) += count;
        }
        certs += cert_count;
        assert_eq!(json["BuyCount"], 500);
    }
    let account = harness.call(&status(None).at(sign_time)).await;
    let account = account.expect_ok();
    assert_eq!(reported(account), sum);
    assert_eq!(reported_products(account), products);
    assert_eq!(account["CertCount"], certs);
    assert_eq!(account["ResourceCount"], sum["WorkerCount"]);
    assert_eq!(account["UseCount"], sum["CostCount"]);
}

#[tokio::test]
async fn the_processing_job_reaches_its_end_on_the_injected_clock() {
    let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_750_000_000));
    let harness = Harness::start(
        EmulatorConfig::new()
            .with_clock(clock.clone())
            .with_pace(Pace::per_second(4.0)),
    )
    .await;
    let job = |harness: &Harness, clock: &ManualClock| {
        let call = Call::cas(Scheme::V1, "DescribeDeploymentJob")
            .param("JobId", PROCESSING_JOB_ID)
            .at(alicert_emulator::Clock::now(clock));
        let builder = call.build(&harness.client, &harness.url);
        async move { crate::support::send(builder).await.json }
    };
    let at_start = job(&harness, &clock).await;
    assert_eq!(at_start["Status"], "processing");
    assert!(at_start.get("EndTime").is_none());
    let mut finished_before = 0;
    for second in 1..=10 {
        clock.advance(Duration::from_secs(1));
        let call = status(Some(PROCESSING_JOB_ID)).at(alicert_emulator::Clock::now(&clock));
        let counts = harness.call(&call).await;
        let counts = counts.expect_ok();
        let finished =
            counts["SuccessCount"].as_u64().unwrap() + counts["FailedCount"].as_u64().unwrap();
        assert_eq!(
            finished,
            (second * 4).min(PROCESSING_JOB_WORKERS),
            "after {second}s"
        );
        assert!(finished >= finished_before);
        finished_before = finished;
        let view = job(&harness, &clock).await;
        if finished < PROCESSING_JOB_WORKERS {
            assert_eq!(view["Status"], "processing");
        } else {
            let expected = if counts["FailedCount"] == 0 {
                "success"
            } else {
                "error"
            };
            assert_eq!(view["Status"], expected);
            assert_eq!(
                view["EndTime"],
                (1_750_000_000_000_u64 + 10_000).to_string()
            );
        }
    }
}

#[tokio::test]
async fn the_processing_job_finishes_in_real_time_too() {
    let harness = Harness::start(EmulatorConfig::new().with_pace(Pace::per_second(80.0))).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    let answer = harness
        .call(&Call::cas(Scheme::V3, "DescribeDeploymentJob").param("JobId", PROCESSING_JOB_ID))
        .await;
    let status = answer.expect_ok()["Status"].as_str().unwrap().to_owned();
    assert!(status == "success" || status == "error", "{status}");
}

#[tokio::test]
async fn a_frozen_job_stays_processing() {
    let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_750_000_000));
    let harness = Harness::start(
        EmulatorConfig::new()
            .with_clock(clock.clone())
            .with_pace(Pace::FROZEN),
    )
    .await;
    clock.advance(Duration::from_secs(10 * 60));
    let call = Call::cas(Scheme::V3, "DescribeDeploymentJob")
        .param("JobId", PROCESSING_JOB_ID)
        .at(alicert_emulator::Clock::now(&clock));
    assert_eq!(
        harness.call(&call).await.expect_ok()["Status"],
        "processing"
    );
}

//! ListWorkerResource paging per the page: defaults (CurrentPage 1, ShowSize 50), the last page, a page past the
//! end, the ShowSize bounds, the Status and CloudProduct filters (Total is the filtered total), and a 100,000-worker
//! job whose pages cost their own size.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use alicert_emulator::EmulatorConfig;
use serde_json::Value;

use crate::support::{Call, Harness, SCHEMES, Scheme};

fn list(scheme: Scheme, job: i64) -> Call {
    Call::cas(scheme, "ListWorkerResource").param("JobId", job)
}

fn ids(workers: &[Value]) -> Vec<i64> {
    workers
        .iter()
        .map(|worker| worker["Id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn defaults_last_page_and_past_the_end() {
    let harness = Harness::start(EmulatorConfig::new().with_workers(120)).await;
    for scheme in SCHEMES {
        let answer = harness.call(&list(scheme, 8888)).await;
        let json = answer.expect_ok();
        assert_eq!(
            (
                json["Total"].as_u64(),
                json["CurrentPage"].as_i64(),
                json["ShowSize"].as_i64()
            ),
            (Some(120), Some(1), Some(50))
        );
        assert_eq!(json["Data"].as_array().unwrap().len(), 50);
        assert_eq!(json["Data"][0]["Id"], 22487);

        let last = harness
            .call(&list(scheme, 8888).param("CurrentPage", 3))
            .await;
        let last = last.expect_ok();
        assert_eq!(last["Data"].as_array().unwrap().len(), 20);
        assert_eq!(last["Data"][19]["Id"], 22487 + 119);

        // CurrentPage is an int32 (spec): its largest value is a page far past the end, one more is no page.
        for page in ["4", "1000", "2147483647"] {
            let past = harness
                .call(&list(scheme, 8888).param("CurrentPage", page))
                .await;
            let past = past.expect_ok();
            assert_eq!(past["Data"], Value::Array(Vec::new()));
            assert_eq!(past["Total"], 120);
            assert_eq!(past["CurrentPage"].to_string(), page);
        }
        let beyond = harness
            .call(&list(scheme, 8888).param("CurrentPage", "2147483648"))
            .await;
        let message = beyond.expect_error(400, "InvalidParameter");
        assert!(
            message.contains("CurrentPage") && message.contains("32-bit"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn show_size_bounds_and_pages_tile_the_list() {
    let harness = Harness::start(EmulatorConfig::new().with_workers(1500)).await;
    let one = harness
        .call(
            &list(Scheme::V1, 8888)
                .param("ShowSize", 1)
                .param("CurrentPage", 2),
        )
        .await;
    let one = one.expect_ok();
    assert_eq!(ids(one["Data"].as_array().unwrap()), [22488]);
    assert_eq!(one["ShowSize"], 1);

    let big = harness
        .call(&list(Scheme::V3, 8888).param("ShowSize", 1000))
        .await;
    let big = big.expect_ok()["Data"].as_array().unwrap().clone();
    assert_eq!(big.len(), 1000);
    let second = harness
        .call(
            &list(Scheme::V3, 8888)
                .param("ShowSize", 1000)
                .param("CurrentPage", 2),
        )
        .await;
    assert_eq!(second.expect_ok()["Data"].as_array().unwrap().len(), 500);

    let (total, tiled) = harness.all_workers(Scheme::V1, 8888, 7, &[]).await;
    assert_eq!(total, 1500);
    let tiled_ids = ids(&tiled);
    assert_eq!(&tiled_ids[..1000], ids(&big).as_slice());
    assert_eq!(tiled_ids.iter().collect::<HashSet<_>>().len(), 1500);
    assert_eq!(tiled_ids, (22487..22487 + 1500).collect::<Vec<i64>>());
}

#[tokio::test]
async fn filters_give_filtered_totals() {
    let harness = Harness::start(EmulatorConfig::new().with_workers(500)).await;
    let (_, everything) = harness.all_workers(Scheme::V1, 8888, 1000, &[]).await;
    for filters in [
        vec![("Status", "error")],
        vec![("Status", "editing")],
        vec![("CloudProduct", "NLB")],
        vec![("CloudProduct", "SLB")],
        vec![("Status", "rollback_success"), ("CloudProduct", "OSS")],
        vec![("Status", "scheduling")],
        vec![("CloudProduct", "NoSuchProduct")],
    ] {
        let (total, filtered) = harness.all_workers(Scheme::V3, 8888, 13, &filters).await;
        let expected: Vec<&Value> = everything
            .iter()
            .filter(|worker| {
                filters.iter().all(|(name, value)| {
                    let field = if *name == "Status" {
                        "Status"
                    } else {
                        "CloudProduct"
                    };
                    worker[field] == *value
                })
            })
            .collect();
        assert_eq!(total, expected.len() as u64, "{filters:?}");
        assert_eq!(
            ids(&filtered),
            expected
                .iter()
                .map(|worker| worker["Id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        );
    }
    // The sample worker is the only SLB one and the first editing one.
    let (total, slb) = harness
        .all_workers(Scheme::V1, 8888, 50, &[("CloudProduct", "SLB")])
        .await;
    assert_eq!((total, ids(&slb)), (1, vec![22487]));
}

#[tokio::test]
async fn an_empty_job_pages_to_nothing() {
    let harness = Harness::default().await;
    let answer = harness.call(&list(Scheme::V1, 9007)).await;
    let json = answer.expect_ok();
    assert_eq!(json["Total"], 0);
    assert_eq!(json["Data"], Value::Array(Vec::new()));
}

#[tokio::test]
async fn a_hundred_thousand_workers_page_cheaply() {
    let harness = Harness::start(EmulatorConfig::new().with_workers(100_000)).await;
    let started = Instant::now();
    let last = harness
        .call(&list(Scheme::V1, 8888).param("CurrentPage", 2000))
        .await;
    let last = last.expect_ok();
    assert_eq!(last["Total"], 100_000);
    let data = last["Data"].as_array().unwrap();
    assert_eq!(data.len(), 50);
    assert_eq!(data[49]["Id"], 22487 + 99_999);
    let filtered = harness
        .call(
            &list(Scheme::V1, 8888)
                .param("Status", "error")
                .param("CloudProduct", "GA")
                .param("CurrentPage", 100)
                .param("ShowSize", 10),
        )
        .await;
    let filtered = filtered.expect_ok();
    assert!(filtered["Total"].as_u64().unwrap() > 1000);
    assert!(
        filtered["Data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|worker| worker["Status"] == "error" && worker["CloudProduct"] == "GA")
    );
    let status = harness
        .call(&Call::cas(Scheme::V3, "DescribeDeploymentJobStatus").param("JobId", 8888))
        .await;
    assert_eq!(status.expect_ok()["WorkerCount"], 100_000);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

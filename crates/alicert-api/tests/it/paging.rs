//! The ListWorkerResource paginator against the emulator: 10,000 workers page through in full (no duplicates,
//! none missing) while the stream never runs more than its prefetch window ahead of the consumer (counted at the
//! emulator: a stream that collected would have asked for every page before handing out the first worker); it stops
//! at the end without asking for an empty page, on a short page, on an empty job, and when `Total` grows or shrinks
//! midway (the emulator's job 9001 moves with a manual clock); filters pass through; prefetch overlaps requests (seen
//! as connections opened at once, not timed, so a busy machine cannot fail it).

use std::collections::HashSet;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use alicert_api::cas::types::WorkerStatus;
use alicert_api::paginate::WorkerQuery;
use alicert_api::{Error, SignatureVersion};
use alicert_emulator::{EmulatorConfig, ManualClock, Pace};
use futures::{StreamExt as _, TryStreamExt as _};

use crate::harness::{cas_client, config, emulator};

async fn bounded_full_listing(prefetch: usize) {
    let emulator = emulator(EmulatorConfig::new().with_workers(10_000)).await;
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V1));
    let page_size = 100;
    let mut workers = pin!(
        cas.workers(
            WorkerQuery::new(8888)
                .page_size(page_size)
                .prefetch(prefetch)
        )
    );
    let mut ids = HashSet::new();
    let mut consumed = 0_usize;
    let mut furthest_ahead = 0_usize;
    while let Some(worker) = workers.try_next().await.expect("every page is served") {
        consumed += 1;
        assert!(
            ids.insert(worker.id.expect("every worker has an id")),
            "worker {:?} came twice",
            worker.id
        );
        // Pages asked for beyond the one this worker is on: the stream's read-ahead, i.e. what it can hold.
        let pages_held = (consumed - 1) / page_size as usize + 1;
        let requested = emulator.requests().len();
        let ahead = requested.saturating_sub(pages_held);
        furthest_ahead = furthest_ahead.max(ahead);
        assert!(
            ahead <= prefetch,
            "at worker {consumed} the stream had asked for {requested} pages, {ahead} ahead of the consumer"
        );
    }
    assert_eq!(consumed, 10_000);
    assert_eq!(
        ids.len(),
        10_000,
        "no duplicates and, with Total 10,000, none missing"
    );
    assert_eq!(
        emulator.requests().len(),
        100,
        "one request per page and none for an empty page after the last"
    );
    assert!(
        emulator
            .requests()
            .snapshot()
            .iter()
            .all(|record| record.is_success())
    );
    if prefetch == 1 {
        assert_eq!(
            furthest_ahead, 0,
            "without prefetch the stream never reads ahead"
        );
    }
}

#[tokio::test]
async fn ten_thousand_workers_one_page_at_a_time() {
    bounded_full_listing(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_workers_with_prefetch() {
    bounded_full_listing(4).await;
}

/// A loopback TCP proxy to `upstream` that counts the connections it accepts: a pooled HTTP client opens a second
/// connection only while the first is busy, so more than one connection means requests were in flight together.
async fn counting_proxy(upstream: String) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    let upstream = upstream.trim_start_matches("http://").to_owned();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let upstream = upstream.clone();
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(&upstream).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    (url, accepted)
}

#[tokio::test]
async fn prefetch_overlaps_requests_and_keeps_order() {
    let emulator = emulator(EmulatorConfig::new().with_workers(2_000)).await;
    // Slow answers, so that a stream that reads ahead has several requests out at once.
    emulator.faults().set("slow=40ms".parse().unwrap());
    let mut connections = Vec::new();
    for prefetch in [1, 5] {
        let (url, accepted) = counting_proxy(emulator.url()).await;
        let cas = cas_client(&config(&url, SignatureVersion::V1));
        let pages: Vec<_> = cas
            .worker_pages(WorkerQuery::new(8888).page_size(100).prefetch(prefetch))
            .try_collect()
            .await
            .unwrap();
        let numbers: Vec<u32> = pages.iter().map(|page| page.number).collect();
        assert_eq!(numbers, (1..=20).collect::<Vec<_>>(), "pages come in order");
        let workers: usize = pages.iter().map(|page| page.workers.len()).sum();
        assert_eq!(workers, 2_000);
        connections.push(accepted.load(Ordering::SeqCst));
    }
    assert_eq!(
        connections[0], 1,
        "one page at a time reuses one connection: {connections:?}"
    );
    assert!(
        connections[1] >= 2,
        "five pages in flight need more than one connection at once: {connections:?}"
    );
}

#[tokio::test]
async fn stops_at_the_end_on_a_short_page_and_on_an_empty_job() {
    for (workers, page_size, requests, last_page_len) in [
        (1_000_u64, 100_u32, 10, 100),
        (1_050, 100, 11, 50),
        (7, 50, 1, 7),
    ] {
        let emulator = emulator(EmulatorConfig::new().with_workers(workers)).await;
        let cas = cas_client(&config(&emulator.url(), SignatureVersion::V3));
        let pages: Vec<_> = cas
            .worker_pages(WorkerQuery::new(8888).page_size(page_size))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), requests, "{workers} workers");
        assert_eq!(pages.last().unwrap().workers.len(), last_page_len);
        assert!(pages.iter().all(|page| page.total == Some(workers as i64)));
        assert_eq!(emulator.requests().len(), requests, "{workers} workers");
    }

    let emulator = emulator(EmulatorConfig::new()).await;
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V1));
    let none: Vec<_> = cas
        .workers(WorkerQuery::new(9007).prefetch(3))
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(emulator.requests().len(), 1);

    let error = cas
        .workers(WorkerQuery::new(1))
        .try_collect::<Vec<_>>()
        .await
        .expect_err("no such job");
    assert_eq!(error.code(), Some("NotFound.DeploymentJob"), "{error}");
}

#[tokio::test]
async fn filters_pass_through() {
    let emulator = emulator(EmulatorConfig::new().with_workers(3_000)).await;
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V1));
    let by_status = WorkerQuery::new(8888).status(WorkerStatus::Success);
    let by_product = WorkerQuery::new(8888).cloud_product("SLB");
    for query in [by_status, by_product] {
        let query = query.page_size(37).prefetch(2);
        let pages: Vec<_> = cas.worker_pages(query.clone()).try_collect().await.unwrap();
        let total = pages[0].total.unwrap();
        assert!(
            total > 0 && total < 3_000,
            "the filter narrowed the listing: {total}"
        );
        let workers: Vec<_> = pages.into_iter().flat_map(|page| page.workers).collect();
        assert_eq!(workers.len() as i64, total);
        for worker in &workers {
            if query
                == WorkerQuery::new(8888)
                    .status(WorkerStatus::Success)
                    .page_size(37)
                    .prefetch(2)
            {
                assert_eq!(worker.status, Some(WorkerStatus::Success));
            } else {
                assert_eq!(
                    worker.cloud_product.as_ref().map(|p| p.as_str()),
                    Some("SLB")
                );
            }
        }
    }
}

/// An emulator whose job 9001 moves only when the test advances the clock.
async fn moving_job() -> (alicert_emulator::RunningEmulator, ManualClock) {
    let clock = ManualClock::new(SystemTime::now());
    let emulator = emulator(
        EmulatorConfig::new()
            .with_clock(clock.clone())
            .with_pace(Pace::per_second(8.0)),
    )
    .await;
    (emulator, clock)
}

#[tokio::test]
async fn a_growing_total_is_followed_to_its_new_end() {
    let (emulator, clock) = moving_job().await;
    clock.advance(Duration::from_secs(2));
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V1));
    let mut pages = pin!(
        cas.worker_pages(
            WorkerQuery::new(9001)
                .status(WorkerStatus::Success)
                .page_size(5)
        )
    );
    let first = pages
        .try_next()
        .await
        .unwrap()
        .expect("some workers succeeded");
    let first_total = first.total.unwrap();
    assert!(first_total >= 5, "{first_total}");
    // Every worker finishes: the listing of successes grows at its end.
    clock.advance(Duration::from_secs(10));
    let mut ids: HashSet<i64> = first.workers.iter().filter_map(|w| w.id).collect();
    let mut last_total = first_total;
    while let Some(page) = pages.try_next().await.unwrap() {
        last_total = page.total.unwrap();
        ids.extend(page.workers.iter().filter_map(|w| w.id));
    }
    assert!(last_total > first_total, "{first_total} -> {last_total}");
    assert_eq!(
        ids.len() as i64,
        last_total,
        "the stream went on to the new Total"
    );
}

#[tokio::test]
async fn a_shrinking_total_ends_the_listing() {
    let (emulator, clock) = moving_job().await;
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V1));
    let query = WorkerQuery::new(9001)
        .status(WorkerStatus::Pending)
        .page_size(5)
        .prefetch(3);
    let mut pages = pin!(cas.worker_pages(query));
    let first = pages
        .try_next()
        .await
        .unwrap()
        .expect("pending workers at the start");
    assert!(first.total.unwrap() > 10);
    // Every worker finishes: nothing is pending any more.
    clock.advance(Duration::from_secs(60));
    let rest: Vec<_> = pages
        .collect::<Vec<Result<_, Error>>>()
        .await
        .into_iter()
        .map(|page| page.unwrap())
        .collect();
    for page in &rest {
        assert!(page.workers.len() <= 5);
    }
    assert!(
        rest.iter().all(|page| page.total == Some(0)) || rest.is_empty(),
        "{rest:?}"
    );
    assert!(
        emulator.requests().len() <= 4,
        "the stream stopped instead of paging on"
    );
}

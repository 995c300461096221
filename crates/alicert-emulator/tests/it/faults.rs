//! Every fault mode, for the first K requests and for a fraction: what status, headers and body the client sees,
//! that the requests after the fault are served normally, and that the request log records what struck.

use std::time::{Duration, Instant, SystemTime};

use alicert_emulator::{ClockSkew, EmulatorConfig, FaultKind, FaultSpec};

use crate::support::{Call, Harness, Scheme};

fn describe() -> Call {
    Call::cas(Scheme::V3, "DescribeDeploymentJob").param("JobId", 8888)
}

fn spec(text: &str) -> FaultSpec {
    text.parse().unwrap()
}

#[tokio::test]
async fn throttling_for_the_first_k_with_and_without_retry_after() {
    let harness = Harness::default().await;
    harness.emulator.faults().set(spec("throttle@first=2"));
    for _ in 0..2 {
        let answer = harness.call(&describe()).await;
        let message = answer.expect_error(400, "Throttling.User");
        assert_eq!(message, "Request was denied due to user flow control.");
        assert_eq!(answer.header("x-acs-retry-after"), None);
    }
    harness.call(&describe()).await.expect_ok();

    harness
        .emulator
        .faults()
        .set(spec("throttle:retry-after=200ms@first=1"));
    let answer = harness.call(&describe()).await;
    answer.expect_error(400, "Throttling.User");
    assert_eq!(answer.header("x-acs-retry-after"), Some("200"));
    harness.call(&describe()).await.expect_ok();

    let log = harness.emulator.requests().snapshot();
    let codes: Vec<Option<&str>> = log.iter().map(|record| record.code.as_deref()).collect();
    assert_eq!(
        codes,
        [
            Some("Throttling.User"),
            Some("Throttling.User"),
            None,
            Some("Throttling.User"),
            None
        ]
    );
    assert_eq!(log[0].faults, ["throttle"]);
    assert_eq!(log[3].faults, ["throttle:retry-after=200ms"]);
    // Every attempt carried its own nonce.
    let nonces: std::collections::HashSet<_> = log
        .iter()
        .map(|record| record.nonce.clone().unwrap())
        .collect();
    assert_eq!(nonces.len(), log.len());
    let state = &harness.emulator.faults().snapshot()[0];
    assert_eq!((state.seen, state.hit), (2, 1));
}

#[tokio::test]
async fn server_errors_are_json_and_the_gateway_error_is_html() {
    let harness = Harness::default().await;
    harness.emulator.faults().set(spec("http500@first=1"));
    let answer = harness.call(&describe()).await;
    answer.expect_error(500, "InternalError");
    harness.call(&describe()).await.expect_ok();

    harness.emulator.faults().set(spec("http503@first=1"));
    harness
        .call(&describe())
        .await
        .expect_error(503, "ServiceUnavailable");
    harness.call(&describe()).await.expect_ok();

    harness.emulator.faults().set(spec("gateway502@first=1"));
    let answer = harness.call(&describe()).await;
    assert_eq!(answer.status, 502);
    assert_eq!(answer.header("content-type"), Some("text/html"));
    assert!(
        answer.text.contains("<title>502 Bad Gateway</title>"),
        "{}",
        answer.text
    );
    assert!(answer.json.is_null());
    harness.call(&describe()).await.expect_ok();
}

#[tokio::test]
async fn a_fraction_hits_evenly_by_count() {
    let harness =
        Harness::start(EmulatorConfig::new().with_fault(spec("http503@fraction=0.25"))).await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(harness.call(&describe()).await.status);
    }
    assert_eq!(statuses, [200, 200, 200, 503, 200, 200, 200, 503]);
    harness.emulator.faults().clear();
    for _ in 0..4 {
        harness.call(&describe()).await.expect_ok();
    }
}

#[tokio::test]
async fn slow_answers_arrive_late_but_whole() {
    let harness = Harness::default().await;
    harness.emulator.faults().set(FaultSpec::first(
        FaultKind::Slow(Duration::from_millis(300)),
        1,
    ));
    let started = Instant::now();
    harness.call(&describe()).await.expect_ok();
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    harness.call(&describe()).await.expect_ok();
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn a_dropped_connection_cuts_the_body_short() {
    let harness = Harness::default().await;
    harness.emulator.faults().set(spec("drop@first=1"));
    let response = describe()
        .build(&harness.client, &harness.url)
        .send()
        .await
        .expect("headers arrive");
    assert_eq!(response.status(), 200);
    let promised = response.content_length().expect("a Content-Length");
    let body = response.bytes().await;
    assert!(
        body.is_err(),
        "the body must fail; promised {promised} bytes"
    );
    harness.call(&describe()).await.expect_ok();
    assert_eq!(harness.emulator.requests().snapshot()[0].faults, ["drop"]);
}

#[tokio::test]
async fn a_skewed_server_clock_rejects_honest_timestamps_and_dates_its_answers() {
    let harness = Harness::default().await;
    harness.emulator.faults().set(spec("skew=+20m"));
    let answer = harness.call(&describe()).await;
    answer.expect_error(400, "InvalidTimeStamp.Expired");
    let date = httpdate::parse_http_date(answer.header("date").unwrap()).unwrap();
    let ahead = date
        .duration_since(SystemTime::now())
        .expect("the Date header is ahead");
    assert!(
        ahead > Duration::from_secs(19 * 60) && ahead < Duration::from_secs(21 * 60),
        "{ahead:?}"
    );
    // A client that corrects for the skew (as a client reading the Date header would) gets through.
    let corrected = SystemTime::now() + Duration::from_secs(20 * 60);
    harness.call(&describe().at(corrected)).await.expect_ok();

    let config =
        EmulatorConfig::new().with_clock_skew(ClockSkew::behind(Duration::from_secs(30 * 60)));
    let skewed = Harness::start(config).await;
    skewed
        .call(&describe())
        .await
        .expect_error(400, "InvalidTimeStamp.Expired");
    let answer = skewed
        .call(&describe().at(SystemTime::now() - Duration::from_secs(30 * 60)))
        .await;
    answer.expect_ok();
    let date = httpdate::parse_http_date(answer.header("date").unwrap()).unwrap();
    assert!(SystemTime::now().duration_since(date).unwrap() > Duration::from_secs(29 * 60));
}

#[tokio::test]
async fn the_date_header_is_the_servers_time_without_skew() {
    let harness = Harness::default().await;
    let answer = harness.call(&describe()).await;
    let date = httpdate::parse_http_date(answer.header("date").unwrap()).unwrap();
    let distance = match SystemTime::now().duration_since(date) {
        Ok(behind) => behind,
        Err(ahead) => ahead.duration(),
    };
    assert!(distance < Duration::from_secs(5));
}

#[tokio::test]
async fn a_newer_service_adds_fields_and_values_the_docs_do_not_list() {
    let harness = Harness::default().await;
    harness.emulator.faults().set(spec("newer-service"));
    let job = harness.call(&describe()).await;
    let job = job.expect_ok();
    assert_eq!(job["NewFieldFromTheFuture"], "added-by-a-newer-service");
    assert_eq!(job["Status"], "paused");
    let workers = harness
        .call(&Call::cas(Scheme::V1, "ListWorkerResource").param("JobId", 8888))
        .await;
    let workers = workers.expect_ok();
    assert_eq!(workers["NewFieldFromTheFuture"], "added-by-a-newer-service");
    for worker in workers["Data"].as_array().unwrap() {
        assert_eq!(worker["Status"], "paused");
        assert_eq!(worker["CloudProduct"], "NewCloudProduct");
        assert!(worker.get("NewFieldFromTheFuture").is_some());
    }
    let status = harness
        .call(&Call::cas(Scheme::V1, "DescribeDeploymentJobStatus").param("JobId", 8888))
        .await;
    let products = status.expect_ok()["ProductWorkerCount"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        products
            .iter()
            .any(|product| product["ProductName"] == "NewCloudProduct")
    );
    let certs = harness
        .call(&Call::cas(Scheme::V1, "ListDeploymentJobCert").param("JobId", 8888))
        .await;
    assert_eq!(certs.expect_ok()["Data"][0]["StatusCode"], "quantumSafe");
    let vod = Call::new(
        Scheme::V3,
        "DescribeVodDomainCertificateInfo",
        crate::support::VOD,
    )
    .param("DomainName", "example.com");
    let vod = harness.call(&vod).await;
    let info = &vod.expect_ok()["CertInfos"]["CertInfo"][0];
    assert_eq!(info["ServerCertificateStatus"], "paused");
    assert!(info.get("NewFieldFromTheFuture").is_some());

    harness.emulator.faults().clear();
    let job = harness.call(&describe()).await;
    assert!(job.expect_ok().get("NewFieldFromTheFuture").is_none());
}

#[tokio::test]
async fn faults_combine_and_strike_before_authentication() {
    // Throttling hits even a request with a bad signature: the gateway throttles before it verifies.
    let harness = Harness::default().await;
    harness.emulator.faults().set(spec("slow=100ms@first=1"));
    harness.emulator.faults().add(spec("throttle@first=1"));
    let mut bad = describe();
    bad.signing_secret = Some("wrong".into());
    let started = Instant::now();
    harness
        .call(&bad)
        .await
        .expect_error(400, "Throttling.User");
    assert!(started.elapsed() >= Duration::from_millis(100));
    harness
        .call(&bad)
        .await
        .expect_error(400, "SignatureDoesNotMatch");
    let log = harness.emulator.requests().snapshot();
    assert_eq!(log[0].faults, ["slow=100ms", "throttle"]);
}

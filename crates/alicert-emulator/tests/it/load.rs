//! Many clients at once get exactly their own answers, and a shutdown lets the request in flight finish before the
//! port closes.

use std::sync::Arc;
use std::time::Duration;

use alicert_emulator::dataset::JOB_IDS;
use alicert_emulator::{Emulator, EmulatorConfig};

use crate::support::{Call, Harness, Scheme, send};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clients_get_their_own_answers() {
    let harness = Arc::new(Harness::start(EmulatorConfig::new().with_workers(1000)).await);
    let mut tasks = Vec::new();
    for client in 0..64_usize {
        let harness = harness.clone();
        tasks.push(tokio::spawn(async move {
            let job = JOB_IDS[client % JOB_IDS.len()];
            for round in 0..20_usize {
                let scheme = if (client + round) % 2 == 0 {
                    Scheme::V1
                } else {
                    Scheme::V3
                };
                if round % 2 == 0 {
                    let answer = harness
                        .call(&Call::cas(scheme, "DescribeDeploymentJob").param("JobId", job))
                        .await;
                    assert_eq!(answer.expect_ok()["Id"], job);
                } else {
                    let page = round / 2 + 1;
                    let call = Call::cas(scheme, "ListWorkerResource")
                        .param("JobId", job)
                        .param("ShowSize", 3)
                        .param("CurrentPage", page);
                    let answer = harness.call(&call).await;
                    let json = answer.expect_ok();
                    assert_eq!(json["CurrentPage"], page);
                    for worker in json["Data"].as_array().unwrap() {
                        assert_eq!(worker["JobId"], job);
                    }
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("client task");
    }
    let log = harness.emulator.requests().snapshot();
    assert_eq!(log.len(), 64 * 20);
    assert!(log.iter().all(|record| record.is_success()));
    let ids: std::collections::HashSet<_> =
        log.iter().map(|record| record.request_id.clone()).collect();
    assert_eq!(ids.len(), log.len(), "request ids are unique");
}

#[tokio::test]
async fn shutdown_finishes_the_request_in_flight_then_closes_the_port() {
    let emulator = Emulator::spawn(EmulatorConfig::new()).await.unwrap();
    let url = emulator.url();
    let addr = emulator.local_addr();
    emulator.faults().set("slow=800ms@first=1".parse().unwrap());
    let client = reqwest::Client::new();
    let request = Call::cas(Scheme::V1, "DescribeDeploymentJob")
        .param("JobId", 8888)
        .build(&client, &url);
    let in_flight = tokio::spawn(send(request));
    // The slow fault counts the request as soon as the handler has it: from then on it is in flight.
    let faults = emulator.faults();
    while faults.snapshot()[0].seen == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let log = emulator.requests();
    emulator.shutdown().await.expect("clean shutdown");
    let answer = in_flight.await.unwrap();
    assert_eq!(answer.expect_ok()["Name"], "auto-test-AXX");
    assert_eq!(log.len(), 1);
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "the port is closed"
    );
}

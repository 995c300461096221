//! The transport under hostile or broken clients, spoken as raw TCP where a well-behaved HTTP client cannot make
//! the request: connections that never finish their headers are dropped within the bound while others are served,
//! the connection cap holds, and every refusal of the HTTP layer (413, 414, 431, a broken body) is an Alibaba
//! error with a body, not a bare status.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use alicert_emulator::EmulatorConfig;
use reqwest::Method;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{Call, Harness, Scheme};

fn describe() -> Call {
    Call::cas(Scheme::V1, "DescribeDeploymentJob").param("JobId", 8888)
}

/// Writes `request`, optionally closes our sending half, and reads the answer until the server closes or pauses;
/// returns the status and the body read as JSON.
async fn raw_exchange(
    address: SocketAddr,
    request: &[u8],
    half_close: bool,
) -> (u16, Value, String) {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(request).await.unwrap();
    if half_close {
        stream.shutdown().await.unwrap();
    }
    let mut received = Vec::new();
    let mut buffer = [0_u8; 8192];
    loop {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(read)) => {
                received.extend_from_slice(&buffer[..read]);
                let text = String::from_utf8_lossy(&received);
                // One whole answer (the emulator always sends a Content-Length) is enough.
                if let Some((head, body)) = text.split_once("\r\n\r\n")
                    && let Some(length) = head.lines().find_map(|line| {
                        line.to_ascii_lowercase()
                            .strip_prefix("content-length: ")
                            .map(str::to_owned)
                    })
                    && body.len() >= length.trim().parse::<usize>().unwrap_or(usize::MAX)
                {
                    break;
                }
            }
        }
    }
    let text = String::from_utf8_lossy(&received).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = if head.to_ascii_lowercase().contains("content-type: text/xml") {
        roxmltree::Document::parse(body)
            .map(|document| crate::support::xml_to_strings(document.root_element()))
            .unwrap_or(Value::Null)
    } else {
        serde_json::from_str(body).unwrap_or(Value::Null)
    };
    (status, body, text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_that_never_finish_their_headers_are_dropped_within_the_bound() {
    let bound = Duration::from_secs(1);
    let harness = Harness::start(EmulatorConfig::new().with_request_read_timeout(bound)).await;
    let address = harness.emulator.local_addr();
    let started = Instant::now();
    let mut slow = Vec::new();
    // 300: both ends live in this process, and 600 descriptors stay well under a 1024 default limit.
    for _ in 0..300 {
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream
            .write_all(b"POST /?Action=DescribeDepl")
            .await
            .unwrap();
        slow.push(stream);
    }
    // Meanwhile a real request is served at once.
    let served = Instant::now();
    harness.call(&describe()).await.expect_ok();
    assert!(served.elapsed() < bound, "served in {:?}", served.elapsed());
    // Each slow connection is closed by the server (end of file, or a reset) within the bound, plus slack for 300
    // connections on a busy machine.
    for stream in &mut slow {
        let mut buffer = [0_u8; 64];
        let read = tokio::time::timeout(bound * 6, stream.read(&mut buffer))
            .await
            .expect("the server closed the connection");
        assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    }
    assert!(
        started.elapsed() < bound * 6,
        "closed after {:?}",
        started.elapsed()
    );
    // Nothing reached the handler.
    assert_eq!(harness.emulator.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_wait_for_a_free_slot() {
    let bound = Duration::from_millis(1500);
    let config = EmulatorConfig::new()
        .with_request_read_timeout(bound)
        .with_max_connections(2);
    let harness = Harness::start(config).await;
    let address = harness.emulator.local_addr();
    let mut slow = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream.write_all(b"GET / HT").await.unwrap();
        slow.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Both slots are taken: the request waits until the header timer frees one, then succeeds.
    let started = Instant::now();
    harness.call(&describe()).await.expect_ok();
    let waited = started.elapsed();
    assert!(
        waited >= bound / 2 && waited < bound * 4,
        "waited {waited:?}"
    );
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_too() {
    // Otherwise connections that sent one request and then nothing would hold their slots for good.
    let bound = Duration::from_millis(500);
    let harness = Harness::start(EmulatorConfig::new().with_request_read_timeout(bound)).await;
    let mut stream = TcpStream::connect(harness.emulator.local_addr())
        .await
        .unwrap();
    stream
        .write_all(b"GET /?Format=JSON HTTP/1.1\r\nHost: emu\r\n\r\n")
        .await
        .unwrap();
    let mut buffer = [0_u8; 4096];
    let read = stream.read(&mut buffer).await.unwrap();
    assert!(buffer[..read].starts_with(b"HTTP/1.1 400"));
    let started = Instant::now();
    let closed = tokio::time::timeout(bound * 6, async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(_) => continue,
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "still open after {:?}", started.elapsed());
}

#[tokio::test]
async fn an_overlong_uri_or_head_is_an_alibaba_error() {
    let harness = Harness::default().await;
    let long = format!("/?Format=JSON&Pad={}", "a".repeat(40_000));
    let answer = harness.raw(Method::GET, &long, Vec::new()).await;
    assert!(
        answer
            .expect_error(414, "RequestURITooLong")
            .contains("32768"),
        "{}",
        answer.text
    );

    let mut many = harness.client.get(format!("{}/?Format=JSON", harness.url));
    for index in 0..150 {
        many = many.header(format!("x-pad-{index}"), "v");
    }
    let answer = crate::support::send(many).await;
    answer.expect_error(431, "RequestHeaderFieldsTooLarge");

    let big = harness
        .client
        .get(format!("{}/", harness.url))
        .header("x-pad", "b".repeat(40_000));
    let answer = crate::support::send(big).await;
    // No Format: the error is XML, read back by the support code.
    assert_eq!(
        answer.header("content-type"),
        Some("text/xml;charset=utf-8")
    );
    answer.expect_error(431, "RequestHeaderFieldsTooLarge");
    // Still serving.
    harness.call(&describe()).await.expect_ok();
}

#[tokio::test]
async fn what_hyper_refuses_itself_is_an_alibaba_error_too() {
    let harness = Harness::default().await;
    let address = harness.emulator.local_addr();
    let host = address.to_string();
    // Past the http crate's 65,534-byte URI: hyper refuses it before the handler; Format=JSON is still honoured.
    let uri = format!("/?Format=JSON&Pad={}", "a".repeat(70_000));
    let request = format!("GET {uri} HTTP/1.1\r\nHost: emu\r\n\r\n");
    let (status, body, text) = raw_exchange(address, request.as_bytes(), false).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (414, Some("RequestURITooLong")),
        "{}",
        &text[..text.len().min(300)]
    );
    assert_eq!(body["HostId"].as_str(), Some(host.as_str()));
    let request_id = body["RequestId"].as_str().unwrap();
    assert!(
        text.contains(&format!("x-acs-request-id: {request_id}\r\n")),
        "{text}"
    );
    assert!(
        text.contains("content-type: application/json;charset=utf-8\r\n"),
        "{text}"
    );

    // More headers than hyper parses; no Format, so XML.
    let mut request = String::from("GET / HTTP/1.1\r\nHost: emu\r\n");
    for index in 0..1200 {
        request.push_str(&format!("x-pad-{index}: v\r\n"));
    }
    request.push_str("\r\n");
    let (status, body, text) = raw_exchange(address, request.as_bytes(), false).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (431, Some("RequestHeaderFieldsTooLarge")),
        "{text}"
    );
    assert!(
        text.contains("content-type: text/xml;charset=utf-8\r\n"),
        "{text}"
    );

    // Not HTTP at all.
    let (status, body, text) = raw_exchange(address, b"HELLO THERE\r\n\r\n", false).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("BadRequest")),
        "{text}"
    );
    assert!(body["Recommend"].is_string(), "{text}");
    // Still serving.
    harness.call(&describe()).await.expect_ok();
}

#[tokio::test]
async fn a_broken_body_is_a_bad_request_and_a_large_one_too_large() {
    let harness = Harness::default().await;
    let address = harness.emulator.local_addr();
    let head = "POST /?Format=JSON&Action=DescribeDeploymentJob&Version=2020-04-07 HTTP/1.1\r\nHost: emu\r\n\
                Content-Type: application/x-www-form-urlencoded\r\n";

    let chunked = format!("{head}Transfer-Encoding: chunked\r\n\r\nzz\r\nJobId=8888\r\n0\r\n\r\n");
    let (status, body, text) = raw_exchange(address, chunked.as_bytes(), false).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("InvalidRequestBody")),
        "{text}"
    );
    assert!(
        body["RequestId"].is_string() && body["Recommend"].is_string(),
        "{text}"
    );

    let short = format!("{head}Content-Length: 100\r\n\r\nJobId=8888");
    let (status, body, text) = raw_exchange(address, short.as_bytes(), true).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("InvalidRequestBody")),
        "{text}"
    );
    assert!(
        body["Message"].as_str().unwrap().contains("after 10 bytes"),
        "{text}"
    );

    let large = format!("{head}Content-Length: 5000000\r\n\r\nJobId=8888");
    let (status, body, text) = raw_exchange(address, large.as_bytes(), false).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (413, Some("RequestEntityTooLarge")),
        "{text}"
    );
}

#[tokio::test]
async fn a_body_that_never_arrives_times_out_with_an_error() {
    let bound = Duration::from_millis(500);
    let harness = Harness::start(EmulatorConfig::new().with_request_read_timeout(bound)).await;
    let request = "POST /?Format=JSON HTTP/1.1\r\nHost: emu\r\nContent-Length: 50\r\n\r\nJobId=";
    let started = Instant::now();
    let (status, body, text) =
        raw_exchange(harness.emulator.local_addr(), request.as_bytes(), false).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (408, Some("RequestTimeout")),
        "{text}"
    );
    assert!(started.elapsed() < bound * 4);
}

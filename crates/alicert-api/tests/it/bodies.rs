//! Bodies no documentation promises, from a gateway or a broken connection: each gives a typed error with the HTTP
//! status and a short excerpt, never a panic or a decoding error that lost the status. A 502 HTML page comes from
//! the emulator's gateway fault; the rest (truncated, empty, huge, mistyped) from a raw loopback server that writes
//! exactly the bytes under test.

use std::time::Duration;

use alicert_api::{ErrorCategory, Runtime, SignatureVersion, cas};
use alicert_emulator::EmulatorConfig;

use crate::harness::{
    cas_client, config, default_credentials, describe, emulator, http_response, quick_retry,
    raw_server,
};

/// A client on `url` whose runtime reads at most `limit` bytes of a body.
fn client(url: &str, limit: usize) -> cas::Client {
    let runtime = Runtime::builder(default_credentials())
        .retry(quick_retry())
        .max_response_bytes(limit)
        .build();
    cas::Client::new_with_client(url, runtime.http_client().unwrap(), runtime)
}

#[tokio::test]
async fn a_gateway_html_502_is_a_service_error_with_an_excerpt() {
    let emulator = emulator(EmulatorConfig::new()).await;
    emulator.faults().set("gateway502".parse().unwrap());
    let cas = cas_client(&config(&emulator.url(), SignatureVersion::V3));
    let error = describe(&cas)
        .await
        .expect_err("every answer is a 502 page");
    assert_eq!(error.category(), ErrorCategory::Service);
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.code(), None);
    let excerpt = error.body_excerpt().expect("an excerpt of the page");
    assert!(
        excerpt.starts_with("<html> <head><title>502 Bad Gateway"),
        "{excerpt}"
    );
    assert!(!excerpt.contains('\r') && !excerpt.contains('\n'));
    let last = emulator.requests().last().unwrap();
    assert_eq!(error.request_id(), Some(last.request_id.as_str()));
    let display = error.to_string();
    assert!(
        display.starts_with("cas DescribeDeploymentJob failed: HTTP 502: unexpected body: <html>"),
        "{display}"
    );
}

#[tokio::test]
async fn odd_success_bodies_are_decode_errors_with_the_status() {
    for (what, body) in [
        ("truncated", &br#"{"Id": 8888, "Name": "auto-te"#[..]),
        ("empty", b""),
        ("not JSON", b"<html>ok</html>"),
        ("mistyped", br#"{"Id": "not a number"}"#),
    ] {
        let url = raw_server(http_response("200 OK", "application/json", body)).await;
        let error = describe(&client(&url, 1 << 20)).await.expect_err(what);
        assert_eq!(error.category(), ErrorCategory::Decode, "{what}: {error}");
        assert_eq!(error.status(), Some(200), "{what}");
        assert!(!error.is_retryable(), "{what}");
        assert!(!error.to_string().contains('\n'), "{what}: {error}");
        if what == "mistyped" {
            assert_eq!(error.json_path(), Some("$.Id"), "{error:?}");
            assert!(error.to_string().contains("$.Id"), "{error}");
        }
    }
}

#[tokio::test]
async fn a_huge_body_is_capped() {
    let huge = vec![b'x'; 64 * 1024];
    // With a Content-Length over the cap: refused before it is read.
    let url = raw_server(http_response("200 OK", "application/json", &huge)).await;
    let error = describe(&client(&url, 4096))
        .await
        .expect_err("over the cap");
    assert_eq!(error.category(), ErrorCategory::Decode, "{error}");
    assert_eq!(error.status(), Some(200));
    assert!(error.to_string().contains("4096 byte limit"), "{error}");
    assert!(
        error.body_excerpt().unwrap().starts_with("xxxx"),
        "{error:?}"
    );

    // Chunked, no length: cut once the cap is passed.
    let mut chunked =
        b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
            .to_vec();
    for _ in 0..16 {
        chunked.extend_from_slice(format!("{:x}\r\n", 4096).as_bytes());
        chunked.extend_from_slice(&[b'y'; 4096]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let url = raw_server(chunked).await;
    let error = describe(&client(&url, 10_000))
        .await
        .expect_err("over the cap");
    assert_eq!(error.category(), ErrorCategory::Decode, "{error}");
    assert_eq!(error.status(), Some(503));
}

#[tokio::test]
async fn odd_error_bodies_keep_their_status() {
    for (what, status_line, body, status, code) in [
        (
            "numeric code",
            "400 Bad Request",
            &br#"{"Code":42,"Message":"odd"}"#[..],
            400,
            Some("42"),
        ),
        (
            "lowerCamel fields",
            "403 Forbidden",
            br#"{"code":"Forbidden.RAM","message":"denied","requestId":"R-1"}"#,
            403,
            Some("Forbidden.RAM"),
        ),
        (
            "duplicated key",
            "400 Bad Request",
            br#"{"Code":"A","Code":"InvalidParameter"}"#,
            400,
            Some("InvalidParameter"),
        ),
        ("empty", "404 Not Found", b"", 404, None),
        (
            "truncated",
            "400 Bad Request",
            br#"{"Code":"Thrott"#,
            400,
            None,
        ),
        (
            "mistyped detail",
            "403 Forbidden",
            br#"{"Code":"NoPermission","AccessDeniedDetail":{"AuthPrincipalOwnerId":123}}"#,
            403,
            Some("NoPermission"),
        ),
    ] {
        let url = raw_server(http_response(status_line, "application/json", body)).await;
        let error = describe(&client(&url, 1 << 20)).await.expect_err(what);
        assert_eq!(error.category(), ErrorCategory::Service, "{what}: {error}");
        assert_eq!(error.status(), Some(status), "{what}: {error}");
        assert_eq!(error.code(), code, "{what}: {error}");
        assert!(error.request_id().is_some(), "{what}: {error}");
    }
    let url = raw_server(http_response(
        "403 Forbidden",
        "application/json",
        br#"{"code":"Forbidden.RAM","message":"denied","requestId":"R-1","AccessDeniedDetail":{"AuthPrincipalOwnerId":123}}"#,
    ))
    .await;
    let error = describe(&client(&url, 1 << 20)).await.unwrap_err();
    assert_eq!(error.message(), Some("denied"));
    assert_eq!(error.request_id(), Some("R-1"));
    let _ = Duration::ZERO;
}

//! Error behaviour that needs a real transport failure: a reqwest error carries the request URL (and with it the
//! signature, the AccessKey ID and the STS token) in its Display and Debug; ours must not.

use std::error::Error as _;

use alicert_core::error::{Error, ErrorCategory};

const SIGNED_QUERY: &str = "Action=DescribeDeploymentJob&AccessKeyId=LTAIleakcheck01&SecurityToken=CAISleaktoken&Signature=c2lnbmF0dXJlbGVhaw%3D%3D";

fn assert_no_request_details(text: &str) {
    // The host and port may show (a connect error names the socket address); the signed query never.
    for secret in [
        "LTAIleakcheck01",
        "CAISleaktoken",
        "c2lnbmF0dXJlbGVhaw",
        "Signature=",
        "Action=",
    ] {
        assert!(!text.contains(secret), "{secret:?} leaked into: {text}");
    }
}

/// A port nobody listens on: bind, note the port, close.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.local_addr().expect("local addr").port()
}

#[tokio::test]
async fn transport_errors_never_show_the_signed_url() {
    let url = format!("http://127.0.0.1:{}/?{SIGNED_QUERY}", closed_port());
    let client = reqwest::Client::new();
    let raw = client
        .post(&url)
        .send()
        .await
        .expect_err("nothing listens there");
    assert!(
        raw.to_string().contains("LTAIleakcheck01"),
        "reqwest itself shows the URL: {raw}"
    );

    let error = Error::transport(raw).with_operation("cas", "DescribeDeploymentJob");
    assert_eq!(error.category(), ErrorCategory::Transport);
    assert!(
        error.is_retryable(),
        "a refused connection is worth retrying: {error}"
    );
    let display = error.to_string();
    assert!(
        display.starts_with("cas DescribeDeploymentJob failed: could not connect"),
        "{display}"
    );
    assert_no_request_details(&display);
    assert_no_request_details(&format!("{error:?}"));
    assert_no_request_details(&format!("{error:#?}"));

    let mut source = error.source();
    assert!(source.is_some(), "the reqwest error is the source");
    while let Some(cause) = source {
        assert_no_request_details(&cause.to_string());
        assert_no_request_details(&format!("{cause:?}"));
        source = cause.source();
    }
}

#[test]
fn builder_errors_are_not_retryable() {
    let raw = reqwest::Client::new()
        .get(format!("http://[::1/?{SIGNED_QUERY}"))
        .build()
        .expect_err("an unclosed IPv6 bracket is not a URL");
    let error = Error::transport(raw);
    assert!(!error.is_retryable(), "{error}");
    assert_no_request_details(&error.to_string());
    assert_no_request_details(&format!("{error:?}"));
}

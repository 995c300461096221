//! A redirect from the endpoint must never carry the signed request anywhere. The endpoint here is a raw loopback
//! server answering every request with a 3xx whose `Location` points at a second loopback server standing for
//! another host; that second server records every byte it receives. Followed, the V1 request would take its whole
//! signed query (Signature, SecurityToken) there, and reqwest would add the signed URL as a `Referer`; the V3
//! request would take its `x-acs-security-token` header. The call must fail as a transport error naming the status
//! and the other host (never the Location's query), after one request: no retry, no service answer.

use std::sync::{Arc, Mutex};

use alicert_api::{Credentials, ErrorCategory};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::harness::{VERSIONS, cas_client, config_with, describe};

const KEY_ID: &str = "STS.redirect-key-id";
const SECRET: &str = "redirect-secret-5d1e";
const TOKEN: &str = "redirect-token-9c2b";

/// A loopback server that records every request head it receives and answers each with `response(own_url)`.
struct Recorder {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

async fn recorder(response: impl Fn() -> Vec<u8> + Send + Sync + 'static) -> Recorder {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    let response = Arc::new(response);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = seen.clone();
            let response = response.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0_u8; 4096];
                while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(read) => head.extend_from_slice(&buffer[..read]),
                    }
                }
                seen.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).into_owned());
                let _ = socket.write_all(&response()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    Recorder { url, heads }
}

fn redirect_to(status_line: &'static str, location: String) -> impl Fn() -> Vec<u8> {
    move || {
        format!(
            "HTTP/1.1 {status_line}\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        )
        .into_bytes()
    }
}

#[tokio::test]
async fn a_redirect_is_an_error_that_sends_nothing_to_the_other_host() {
    for status_line in [
        "307 Temporary Redirect",
        "301 Moved Permanently",
        "302 Found",
    ] {
        for version in VERSIONS {
            let other = recorder(|| {
                b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}".to_vec()
            })
            .await;
            let other_host = other.url.trim_start_matches("http://").to_owned();
            let endpoint = recorder(redirect_to(
                status_line,
                format!("{}/collect?where=elsewhere&keep=me", other.url),
            ))
            .await;
            let credentials = Credentials::new(KEY_ID, SECRET).with_security_token(TOKEN);
            let cas = cas_client(&config_with(&endpoint.url, version, credentials));

            let error = describe(&cas)
                .await
                .expect_err("a redirect is not a success");

            let status: u16 = status_line[..3].parse().unwrap();
            assert_eq!(error.category(), ErrorCategory::Transport, "{error}");
            assert_eq!(error.status(), Some(status));
            assert!(error.code().is_none(), "not a service answer: {error:?}");
            assert!(!error.is_retryable());
            let text = error.to_string();
            assert!(text.contains(&status.to_string()), "{text}");
            assert!(text.contains(&other_host), "names the other host: {text}");
            assert!(text.contains("DescribeDeploymentJob"), "{text}");
            for leaked in ["collect", "where=elsewhere", "keep=me"] {
                assert!(
                    !text.contains(leaked) && !format!("{error:?}").contains(leaked),
                    "{text}"
                );
            }
            assert_eq!(
                endpoint.heads.lock().unwrap().len(),
                1,
                "{status_line} {version:?}: sent once, never retried"
            );
            // Give a follow-up request, had there been one, time to arrive.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            assert!(
                other.heads.lock().unwrap().is_empty(),
                "{status_line} {version:?}: the other host received {:?}",
                other.heads.lock().unwrap()
            );
            for head in endpoint.heads.lock().unwrap().iter() {
                assert!(
                    !head.to_ascii_lowercase().contains("\r\nreferer:"),
                    "no Referer: {head}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_relative_redirect_is_refused_too() {
    let endpoint = recorder(redirect_to(
        "308 Permanent Redirect",
        "/elsewhere?x=1".into(),
    ))
    .await;
    let cas = cas_client(&config_with(
        &endpoint.url,
        VERSIONS[0],
        Credentials::new(KEY_ID, SECRET),
    ));
    let error = describe(&cas)
        .await
        .expect_err("a redirect is not a success");
    assert_eq!(error.category(), ErrorCategory::Transport);
    assert_eq!(error.status(), Some(308));
    assert!(!error.to_string().contains("elsewhere"), "{error}");
    assert_eq!(endpoint.heads.lock().unwrap().len(), 1);
}

//! The emulator's floor: a bare hyper server on loopback that answers every request with the bytes the emulator
//! answered to one real DescribeDeploymentJob call (status, content type and body), without parsing the query,
//! verifying a signature, remembering a nonce or logging. Loaded by the same generator as the emulator, its rate is
//! what plain HTTP on this machine allows, so `emulator_vs_bare_http` (the emulator's rate ÷ this one's) is what
//! the emulator's own work costs.

use std::convert::Infallible;

use anyhow::{Context, Result};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

use crate::presign;

/// What the emulator answered: the bytes the bare server repeats.
#[derive(Clone)]
struct Answer {
    status: u16,
    content_type: String,
    body: Bytes,
}

/// Captures the emulator's answer to one signed DescribeDeploymentJob(8888) and serves it from a new loopback port;
/// returns the bare server's URL. The server lives as long as this process's runtime.
pub async fn spawn_like(endpoint: &str) -> Result<String> {
    let url = presign::signed_urls(endpoint, "DescribeDeploymentJob", &[("JobId", "8888")], 1)
        .pop()
        .context("no signed URL")?;
    let response = reqwest::Client::new()
        .post(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(reqwest::Error::without_url)
        .context("asking the emulator for the answer to repeat")?;
    let answer = Answer {
        status: response.status().as_u16(),
        content_type: response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("application/json")
            .to_owned(),
        body: response
            .bytes()
            .await
            .map_err(reqwest::Error::without_url)
            .context("reading the emulator's answer")?,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("binding the bare server")?;
    let url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                let service = service_fn(move |_request| {
                    let answer = answer.clone();
                    async move {
                        let mut response = hyper::Response::new(Full::new(answer.body));
                        *response.status_mut() = hyper::StatusCode::from_u16(answer.status)
                            .unwrap_or(hyper::StatusCode::OK);
                        if let Ok(value) = answer.content_type.parse() {
                            response
                                .headers_mut()
                                .insert(hyper::header::CONTENT_TYPE, value);
                        }
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(url)
}

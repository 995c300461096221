//! What the end-to-end tests share: an emulator on loopback, configurations and clients pointed at it, a retry
//! policy with short delays (so retry tests take milliseconds, not seconds), and a raw HTTP server for bodies no
//! well-behaved service sends.

use std::time::Duration;

use alicert_api::{Config, Credentials, Error, RetryPolicy, SignatureVersion, Timeouts, cas, vod};
use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig, RequestRecord,
    RunningEmulator,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

pub const VERSIONS: [SignatureVersion; 2] = [SignatureVersion::V1, SignatureVersion::V3];

/// An emulator on `127.0.0.1:0`.
pub async fn emulator(config: EmulatorConfig) -> RunningEmulator {
    Emulator::spawn(config).await.expect("the emulator starts")
}

/// Retries as by default (3 attempts) but with delays of at most 20 ms.
pub fn quick_retry() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(2))
        .with_max_backoff(Duration::from_millis(20))
}

/// A configuration for `url` signed with `version` and `credentials`, quick retries, default timeouts.
pub fn config_with(url: &str, version: SignatureVersion, credentials: Credentials) -> Config {
    Config::builder()
        .endpoint(url)
        .credentials(credentials)
        .signature_version(version)
        .retry(quick_retry())
        .build()
        .expect("a valid configuration")
}

/// A configuration for `url` with the emulator's default key pair.
pub fn config(url: &str, version: SignatureVersion) -> Config {
    config_with(url, version, default_credentials())
}

pub fn default_credentials() -> Credentials {
    Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)
}

pub fn cas_client(config: &Config) -> cas::Client {
    cas::Client::from_config(config).expect("a cas client")
}

pub fn vod_client(config: &Config) -> vod::Client {
    vod::Client::from_config(config).expect("a vod client")
}

/// Short timeouts for tests that wait on purpose.
pub fn timeouts(attempt_ms: u64, operation_ms: u64) -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(2),
        attempt: Duration::from_millis(attempt_ms),
        operation: Duration::from_millis(operation_ms),
    }
}

/// The requests the emulator received for `action`.
pub fn requests_for(emulator: &RunningEmulator, action: &str) -> Vec<RequestRecord> {
    emulator.requests().for_action(action)
}

/// A port nobody listens on: bind, note the port, close.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.local_addr().expect("local addr").port()
}

/// A loopback HTTP/1.1 server that answers every request with `response` (raw bytes: status line, headers,
/// body) and then closes the connection. Returns its base URL; the server lives as long as the test's runtime.
pub async fn raw_server(response: Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                // Read the request head (the runtime sends no body), then answer.
                let mut head = Vec::new();
                let mut buffer = [0_u8; 4096];
                while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => head.extend_from_slice(&buffer[..read]),
                    }
                }
                let _ = socket.write_all(&response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

/// A raw HTTP response with a `Content-Length` matching `body`.
pub fn http_response(status_line: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut response = format!(
        "HTTP/1.1 {status_line}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nx-acs-request-id: RAW-REQUEST-1\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(body);
    response
}

/// DescribeDeploymentJob(8888) with the answer dropped: the call most runtime tests make.
pub async fn describe(cas: &cas::Client) -> Result<(), Error> {
    cas.describe_deployment_job()
        .job_id(8888)
        .send()
        .await
        .map(|_| ())
}

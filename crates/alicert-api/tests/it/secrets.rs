//! Secret hygiene, proven by capturing everything: a tracing subscriber at TRACE (the `log` records of the HTTP
//! stack bridged in) writes every event and span into a buffer, and a second layer keeps every span's fields, while
//! calls fail in each way: a wrong secret (`SignatureDoesNotMatch`, whose message quotes the string-to-sign with the
//! STS token in it), a closed port, a timeout, a gateway 502, a connection dropped mid-body, missing credentials,
//! and a success for contrast. `Debug` and `Display` of every error and its source chain, and `Debug` of the
//! configuration, runtime and clients, are captured too. A forwarding proxy between client and emulator records the
//! bytes really sent, so the test knows each request's signature and signed URL, and asserts that none of them,
//! nor the AccessKey secret or the SecurityToken, appears anywhere.
//!
//! The same capture checks observability: one span per operation and per attempt, with the Action, attempt
//! number, status, service error code, RequestId and duration.

use std::collections::BTreeMap;
use std::error::Error as _;
use std::fmt;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alicert_api::{
    Config, Credentials, Error, ProvideCredentials, RetryPolicy, SignatureVersion, cas,
};
use alicert_core::credentials::CredentialsError;
use alicert_emulator::{EmulatorConfig, RunningEmulator};
use futures::future::BoxFuture;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::harness::{VERSIONS, closed_port, emulator, timeouts};

const KEY_ID: &str = "STS.hygiene-key-id";
const SECRET: &str = "SeCrEt-hygiene-7f3a9c5e";
const WRONG_SECRET: &str = "WrOnG-hygiene-secret-0b1c";
const TOKEN: &str = "ToKeN-hygiene-b1d2e4+/=";
const TOKEN_ENCODED: &str = "ToKeN-hygiene-b1d2e4%2B%2F%3D";

/// Everything written, and every span closed with its fields.
#[derive(Clone, Default)]
struct Capture {
    text: Arc<Mutex<Vec<u8>>>,
    spans: Arc<Mutex<Vec<ClosedSpan>>>,
}

#[derive(Clone, Debug)]
struct ClosedSpan {
    name: String,
    fields: BTreeMap<String, String>,
}

struct TextWriter(Arc<Mutex<Vec<u8>>>);

impl Write for TextWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct Fields(BTreeMap<String, String>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// Keeps every span's fields (as recorded at creation and later) and hands them over when the span closes.
struct SpanFields(Arc<Mutex<Vec<ClosedSpan>>>);

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> Layer<S> for SpanFields {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields(BTreeMap::new());
        attrs.record(&mut fields);
        ctx.span(id).unwrap().extensions_mut().insert(fields);
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(fields) = ctx.span(id).unwrap().extensions_mut().get_mut::<Fields>() {
            values.record(fields);
        }
    }
    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let span = ctx.span(&id).unwrap();
        let fields = span
            .extensions()
            .get::<Fields>()
            .map(|fields| fields.0.clone())
            .unwrap_or_default();
        self.0.lock().unwrap().push(ClosedSpan {
            name: span.name().to_owned(),
            fields,
        });
    }
}

impl Capture {
    /// Captures everything on this thread (the test runs on a current-thread runtime) until the guard drops.
    fn install(&self) -> tracing::dispatcher::DefaultGuard {
        let text = self.text.clone();
        let fmt = tracing_subscriber::fmt::layer()
            .with_writer(move || TextWriter(text.clone()))
            .with_ansi(false)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
            .with_filter(tracing_subscriber::filter::LevelFilter::TRACE);
        tracing_subscriber::registry()
            .with(fmt)
            .with(SpanFields(self.spans.clone()))
            .set_default()
    }

    fn write(&self, label: &str, text: &str) {
        let mut buffer = self.text.lock().unwrap();
        writeln!(buffer, "--- {label}: {text}").unwrap();
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.text.lock().unwrap()).into_owned()
    }

    fn spans(&self) -> Vec<ClosedSpan> {
        self.spans.lock().unwrap().clone()
    }

    /// Display, Debug and alternate Debug of an error and of every error in its source chain.
    fn error(&self, label: &str, error: &Error) {
        self.write(label, &error.to_string());
        self.write(label, &format!("{error:?}"));
        self.write(label, &format!("{error:#?}"));
        let mut source = error.source();
        while let Some(cause) = source {
            self.write(label, &cause.to_string());
            self.write(label, &format!("{cause:?}"));
            source = cause.source();
        }
    }
}

/// A TCP proxy to `target` that records every byte clients send, so the test knows the signed requests.
async fn recording_proxy(target: std::net::SocketAddr) -> (String, Arc<Mutex<Vec<u8>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let sent = Arc::new(Mutex::new(Vec::new()));
    let record = sent.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let record = record.clone();
            tokio::spawn(async move {
                let Ok(mut server) = tokio::net::TcpStream::connect(target).await else {
                    return;
                };
                let (mut client_read, mut client_write) = client.split();
                let (mut server_read, mut server_write) = server.split();
                let upstream = async {
                    let mut buffer = [0_u8; 8192];
                    loop {
                        match client_read.read(&mut buffer).await {
                            Ok(0) | Err(_) => break,
                            Ok(read) => {
                                record.lock().unwrap().extend_from_slice(&buffer[..read]);
                                record.lock().unwrap().push(b'\n');
                                if server_write.write_all(&buffer[..read]).await.is_err() {
                                    break;
                                }
                            }
                        }
                    }
                    let _ = server_write.shutdown().await;
                };
                let downstream = async {
                    let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
                    let _ = client_write.shutdown().await;
                };
                tokio::join!(upstream, downstream);
            });
        }
    });
    (url, sent)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && index + 2 < bytes.len()
            && let Ok(value) = u8::from_str_radix(&text[index + 1..index + 3], 16)
        {
            out.push(value);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every signature and signed URL in the recorded requests.
fn signed_material(sent: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(sent);
    let mut found = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("POST ") {
            let target = rest.split(' ').next().unwrap_or("");
            if target.contains('?') {
                found.push(target.to_owned());
            }
            for pair in target.split(['?', '&']) {
                if let Some(signature) = pair.strip_prefix("Signature=") {
                    found.push(signature.to_owned());
                    found.push(percent_decode(signature));
                }
            }
        }
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("authorization:") {
            let value = line["authorization:".len()..].trim();
            found.push(value.to_owned());
            if let Some((_, signature)) = value.rsplit_once("Signature=") {
                found.push(signature.to_owned());
            }
        }
    }
    found.retain(|item| item.len() >= 16);
    found
}

/// A provider that never has credentials.
#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async {
            Err(CredentialsError::not_found(
                "test",
                "this test provides no credentials",
            ))
        })
    }
}

fn sts(secret: &str) -> Credentials {
    Credentials::new(KEY_ID, secret).with_security_token(TOKEN)
}

fn config(url: &str, version: SignatureVersion, secret: &str, attempt_ms: u64) -> Config {
    Config::builder()
        .endpoint(url)
        .credentials(sts(secret))
        .signature_version(version)
        .retry(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .timeouts(timeouts(attempt_ms, 2_000))
        .build()
        .unwrap()
}

async fn describe(capture: &Capture, label: &str, config: &Config) -> Result<(), Error> {
    let cas = cas::Client::from_config(config).unwrap();
    capture.write(label, &format!("{config:?}"));
    capture.write(label, &format!("{:?}", config.runtime()));
    capture.write(label, &format!("{cas:?}"));
    let result = cas
        .describe_deployment_job()
        .job_id(8888)
        .send()
        .await
        .map(|_| ());
    if let Err(error) = &result {
        capture.error(label, error);
    }
    result
}

async fn sts_emulator() -> RunningEmulator {
    emulator(EmulatorConfig::new().with_sts_access_key(KEY_ID, SECRET, TOKEN)).await
}

#[tokio::test]
async fn no_secret_token_signature_or_signed_url_in_any_output() {
    let capture = Capture::default();
    let _guard = capture.install();
    let emulator = sts_emulator().await;
    let (proxy, sent) = recording_proxy(emulator.local_addr()).await;
    let closed = format!("http://127.0.0.1:{}", closed_port());

    for version in VERSIONS {
        let label = |what: &str| format!("{what} ({version})");
        describe(
            &capture,
            &label("success"),
            &config(&proxy, version, SECRET, 2_000),
        )
        .await
        .expect("the right secret works");

        let error = describe(
            &capture,
            &label("wrong secret"),
            &config(&proxy, version, WRONG_SECRET, 2_000),
        )
        .await
        .expect_err("the wrong secret is refused");
        assert_eq!(error.code(), Some("SignatureDoesNotMatch"), "{error}");
        if version == SignatureVersion::V1 {
            assert!(
                error.message().unwrap().contains("SecurityToken%3D***"),
                "the service's string-to-sign is kept, its token redacted: {error}"
            );
        }

        let error = describe(
            &capture,
            &label("closed port"),
            &config(&closed, version, SECRET, 2_000),
        )
        .await
        .expect_err("nothing listens");
        assert_eq!(error.category(), alicert_api::ErrorCategory::Transport);

        emulator.faults().set("slow=1s".parse().unwrap());
        let error = describe(
            &capture,
            &label("timeout"),
            &config(&proxy, version, SECRET, 50),
        )
        .await
        .expect_err("too slow");
        assert!(error.to_string().contains("timed out"), "{error}");

        emulator.faults().set("gateway502".parse().unwrap());
        let error = describe(
            &capture,
            &label("gateway"),
            &config(&proxy, version, SECRET, 2_000),
        )
        .await
        .expect_err("502");
        assert_eq!(error.status(), Some(502));

        emulator.faults().set("drop".parse().unwrap());
        let error = describe(
            &capture,
            &label("dropped"),
            &config(&proxy, version, SECRET, 2_000),
        )
        .await
        .expect_err("cut mid-body");
        assert_eq!(error.category(), alicert_api::ErrorCategory::Transport);
        emulator.faults().clear();

        let missing = Config::builder()
            .endpoint(&proxy)
            .credentials(NoCredentials)
            .signature_version(version)
            .build()
            .unwrap();
        let error = describe(&capture, &label("no credentials"), &missing)
            .await
            .expect_err("no credentials");
        assert_eq!(
            error.category(),
            alicert_api::ErrorCategory::Credentials,
            "{error}"
        );
    }

    let material = signed_material(&sent.lock().unwrap());
    assert!(
        material.len() >= 20,
        "the proxy saw the signed requests: {material:?}"
    );
    let text = capture.text();
    assert!(text.contains("alicert.attempt"), "the trace was captured");
    assert!(text.contains("SignatureDoesNotMatch"));
    let mut forbidden = vec![
        SECRET.to_owned(),
        WRONG_SECRET.to_owned(),
        TOKEN.to_owned(),
        TOKEN_ENCODED.to_owned(),
        "ToKeN-hygiene".to_owned(),
    ];
    forbidden.extend(material);
    for secret in &forbidden {
        assert!(
            !text.contains(secret.as_str()),
            "{secret:?} leaked into the captured output:\n{}",
            excerpt_around(&text, secret)
        );
    }
    for span in capture.spans() {
        for value in span.fields.values() {
            for secret in &forbidden {
                assert!(
                    !value.contains(secret.as_str()),
                    "{secret:?} in span {span:?}"
                );
            }
        }
    }
}

fn excerpt_around(text: &str, needle: &str) -> String {
    let index = text.find(needle).unwrap_or(0);
    let before: String = text[..index].chars().rev().take(300).collect();
    let after: String = text[index..].chars().take(300).collect();
    format!("{}{after}", before.chars().rev().collect::<String>())
}

#[tokio::test]
async fn one_span_per_operation_and_per_attempt() {
    let capture = Capture::default();
    let _guard = capture.install();
    let emulator = sts_emulator().await;
    emulator.faults().set("throttle@first=2".parse().unwrap());
    describe(
        &capture,
        "retried",
        &config(&emulator.url(), SignatureVersion::V1, SECRET, 2_000),
    )
    .await
    .expect("recovers on the third attempt");
    let records = emulator.requests().snapshot();
    assert_eq!(records.len(), 3);

    let spans = capture.spans();
    let operations: Vec<_> = spans
        .iter()
        .filter(|span| span.name == "alicert.operation")
        .collect();
    assert_eq!(operations.len(), 1, "{spans:#?}");
    let operation = &operations[0].fields;
    assert_eq!(operation["product"], "cas");
    assert_eq!(operation["action"], "DescribeDeploymentJob");
    assert_eq!(operation["attempts"], "3");
    assert_eq!(operation["status"], "200");
    assert_eq!(operation["request_id"], records[2].request_id);
    assert!(
        operation["duration_ms"].parse::<u64>().is_ok(),
        "{operation:?}"
    );

    let attempts: Vec<_> = spans
        .iter()
        .filter(|span| span.name == "alicert.attempt")
        .collect();
    assert_eq!(attempts.len(), 3, "{spans:#?}");
    for (index, (attempt, record)) in attempts.iter().zip(&records).enumerate() {
        let fields = &attempt.fields;
        assert_eq!(fields["attempt"], (index + 1).to_string());
        assert_eq!(fields["action"], "DescribeDeploymentJob");
        assert_eq!(fields["status"], record.status.to_string());
        assert_eq!(fields["request_id"], record.request_id);
        assert!(fields["duration_ms"].parse::<u64>().is_ok(), "{fields:?}");
        match index {
            2 => assert!(!fields.contains_key("code"), "{fields:?}"),
            _ => assert_eq!(fields["code"], "Throttling.User"),
        }
    }

    // A failed operation records its code on the operation span.
    emulator.faults().set("http503".parse().unwrap());
    describe(
        &capture,
        "failed",
        &config(&emulator.url(), SignatureVersion::V3, SECRET, 2_000),
    )
    .await
    .expect_err("503 every time");
    let spans = capture.spans();
    let failed = spans
        .iter()
        .filter(|span| span.name == "alicert.operation")
        .nth(1)
        .expect("a second operation span");
    assert_eq!(failed.fields["code"], "ServiceUnavailable");
    assert_eq!(failed.fields["status"], "503");
    assert_eq!(failed.fields["attempts"], "3");
}

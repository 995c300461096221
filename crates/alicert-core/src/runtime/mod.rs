//! What turns an unsigned request from a generated client into a call Alibaba Cloud accepts, and keeps trying while
//! trying again can help. The generated clients hand every request to [`Runtime::execute`] from progenitor's `exec`
//! hook; it signs each attempt afresh (new nonce, current time), sends it, reads the whole body under a cap, and
//! decides: done, retry after a backoff, re-sign once (nonce reused), correct the clock once (timestamp rejected),
//! or give the failure back.
//!
//! Secrets stay inside: the signed URL never leaves this module (transport errors lose it through
//! `reqwest::Error::without_url`), and tracing records the Action, attempt, status, code, request id and duration,
//! never a parameter, header or URL.

mod retry;
mod signer;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue};
use tracing::Instrument;

pub use retry::RetryPolicy;

use crate::credentials::ProvideCredentials;
use crate::error::Error;
use crate::sign::SignatureVersion;

/// Marks a response the runtime made itself to carry a local failure (no credentials, an oversized body) through
/// progenitor's `exec` hook, whose error type is `reqwest::Error`. [`crate::error::Error`]'s conversion from a
/// progenitor error recognises it.
pub const LOCAL_ERROR_HEADER: &str = "x-alicert-local-error";

/// Timeouts for one call. Defaults: connect 5 s, each attempt 30 s, the whole operation (all attempts and backoff)
/// 120 s. They replace progenitor's blanket 15 s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// TCP (and TLS) connection set-up.
    pub connect: Duration,
    /// One attempt, from sending to the last byte of the body.
    pub attempt: Duration,
    /// The whole operation: every attempt and every backoff delay.
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            attempt: Duration::from_secs(30),
            operation: Duration::from_secs(120),
        }
    }
}

/// Signing, retries and timeouts shared by every client built from it. Cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    shared: Arc<Shared>,
}

struct Shared {
    credentials: Arc<dyn ProvideCredentials>,
    signature_version: SignatureVersion,
    retry: RetryPolicy,
    timeouts: Timeouts,
    max_response_bytes: usize,
    user_agent: String,
    /// Milliseconds to add to the local clock, learned from the service's `Date` header after a timestamp error.
    clock_offset_millis: AtomicI64,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("credentials", &self.shared.credentials)
            .field("signature_version", &self.shared.signature_version)
            .field("retry", &self.shared.retry)
            .field("timeouts", &self.shared.timeouts)
            .field("max_response_bytes", &self.shared.max_response_bytes)
            .field(
                "clock_offset_millis",
                &self.shared.clock_offset_millis.load(Ordering::Relaxed),
            )
            .finish()
    }
}

/// Builds a [`Runtime`].
#[derive(Debug)]
pub struct RuntimeBuilder {
    credentials: Arc<dyn ProvideCredentials>,
    signature_version: SignatureVersion,
    retry: RetryPolicy,
    timeouts: Timeouts,
    max_response_bytes: usize,
    user_agent: String,
}

impl RuntimeBuilder {
    /// Signature V1 (HMAC-SHA1, the default) or V3 (`ACS3-HMAC-SHA256`).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// The retry policy; [`RetryPolicy::disabled`] turns retries off.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Connect, attempt and operation timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The largest response body read (default 32 MiB); a larger one fails the call instead of filling memory.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Appended to the `User-Agent` header (`alicert/<version> <suffix>`).
    pub fn user_agent_suffix(mut self, suffix: &str) -> Self {
        self.user_agent = format!("alicert/{} {suffix}", env!("CARGO_PKG_VERSION"));
        self
    }

    /// The runtime.
    pub fn build(self) -> Runtime {
        Runtime {
            shared: Arc::new(Shared {
                credentials: self.credentials,
                signature_version: self.signature_version,
                retry: self.retry,
                timeouts: self.timeouts,
                max_response_bytes: self.max_response_bytes,
                user_agent: self.user_agent,
                clock_offset_millis: AtomicI64::new(0),
            }),
        }
    }
}

/// Which API a request belongs to, from the generated client.
#[derive(Clone, Copy, Debug)]
pub struct ApiInfo {
    /// The product code, `cas` or `vod`.
    pub product: &'static str,
    /// The API version, sent as `Version`.
    pub version: &'static str,
}

impl Runtime {
    /// A runtime that signs with `credentials` (a static pair, or any provider such as the default chain).
    pub fn builder(credentials: impl ProvideCredentials + 'static) -> RuntimeBuilder {
        Self::builder_shared(Arc::new(credentials))
    }

    /// As [`Runtime::builder`], with a provider that is already shared.
    pub fn builder_shared(credentials: Arc<dyn ProvideCredentials>) -> RuntimeBuilder {
        RuntimeBuilder {
            credentials,
            signature_version: SignatureVersion::default(),
            retry: RetryPolicy::default(),
            timeouts: Timeouts::default(),
            max_response_bytes: 32 << 20,
            user_agent: format!("alicert/{}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// The signature version requests are signed with.
    pub fn signature_version(&self) -> SignatureVersion {
        self.shared.signature_version
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.shared.retry
    }

    /// The timeouts.
    pub fn timeouts(&self) -> &Timeouts {
        &self.shared.timeouts
    }

    /// The credentials provider.
    pub fn credentials_provider(&self) -> &Arc<dyn ProvideCredentials> {
        &self.shared.credentials
    }

    /// The clock correction learned from the service so far (positive: the service's clock is ahead).
    pub fn clock_offset(&self) -> i64 {
        self.shared.clock_offset_millis.load(Ordering::Relaxed)
    }

    /// An HTTP client configured with this runtime's connect timeout and user agent, to build generated clients on.
    /// Share one per process: it pools connections.
    pub fn http_client(&self) -> Result<reqwest::Client, Error> {
        reqwest::Client::builder()
            .connect_timeout(self.shared.timeouts.connect)
            .user_agent(self.shared.user_agent.clone())
            .pool_idle_timeout(Duration::from_secs(50))
            .build()
            .map_err(Error::transport)
    }

    /// The time to sign with: the local clock corrected by what the service taught us.
    fn now(&self) -> SystemTime {
        let offset = self.shared.clock_offset_millis.load(Ordering::Relaxed);
        let now = SystemTime::now();
        if offset >= 0 {
            now + Duration::from_millis(offset.unsigned_abs())
        } else {
            now - Duration::from_millis(offset.unsigned_abs())
        }
    }

    /// Signs and sends `request` (as the generated client built it: the Action in the URL query with the business
    /// parameters), retrying as the policy allows. Returns the final response with its body buffered, or the last
    /// transport error with its URL stripped.
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        api: ApiInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let unsigned = match signer::Unsigned::from_request(&request) {
            Ok(unsigned) => unsigned,
            Err(message) => return Ok(local_error(400, "Alicert.InvalidRequest", &message)),
        };
        let span = tracing::info_span!(
            "alicert.operation",
            product = api.product,
            action = %unsigned.action,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            code = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.execute_attempts(http, unsigned, api)
            .instrument(span)
            .await
    }

    async fn execute_attempts(
        &self,
        http: &reqwest::Client,
        unsigned: signer::Unsigned,
        api: ApiInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let started = Instant::now();
        let deadline = started + self.shared.timeouts.operation;
        let policy = &self.shared.retry;
        let mut attempt: u32 = 0;
        let mut backoff_attempts: u32 = 0;
        let mut resigned_for_nonce = false;
        let mut corrected_clock = false;
        loop {
            attempt += 1;
            let credentials = match self.shared.credentials.provide_credentials().await {
                Ok(credentials) => credentials,
                Err(error) => {
                    return Ok(local_error(
                        401,
                        "Alicert.CredentialsUnavailable",
                        &error.to_string(),
                    ));
                }
            };
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                let mut response = local_error(
                    504,
                    "Alicert.OperationTimeout",
                    &format!("the operation deadline passed before attempt {attempt}"),
                );
                response.headers_mut().insert(
                    "x-alicert-timeout-ms",
                    HeaderValue::from(
                        u64::try_from(self.shared.timeouts.operation.as_millis())
                            .unwrap_or(u64::MAX),
                    ),
                );
                return Ok(response);
            }
            let signed = unsigned.sign(
                self.shared.signature_version,
                &credentials,
                api.version,
                self.now(),
                &crate::sign::new_nonce(),
                self.shared.timeouts.attempt.min(remaining),
            );
            let request = match signed {
                Ok(request) => request,
                Err(message) => return Ok(local_error(400, "Alicert.InvalidRequest", &message)),
            };

            let attempt_span = tracing::debug_span!(
                "alicert.attempt",
                attempt,
                status = tracing::field::Empty,
                code = tracing::field::Empty,
                request_id = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let attempt_started = Instant::now();
            let outcome = async {
                let response = http.execute(request).await?;
                read_body(response, self.shared.max_response_bytes).await
            }
            .instrument(attempt_span.clone())
            .await;
            attempt_span.record("duration_ms", attempt_started.elapsed().as_millis() as u64);
            tracing::Span::current().record("attempts", attempt);

            let (status, version, headers, body) = match outcome {
                Err(error) => {
                    let error = error.without_url();
                    tracing::debug!(parent: &attempt_span, error = %error, "attempt failed in transport");
                    let retryable = Error::is_retryable_transport(&error);
                    if retryable && attempt < policy.max_attempts() {
                        backoff_attempts += 1;
                        let delay = policy.delay(backoff_attempts + 1, retry::jitter_unit(), None);
                        if Instant::now() + delay < deadline {
                            tokio::time::sleep(delay).await;
                            continue;
                        }
                    }
                    return Err(error);
                }
                Ok(ResponseBody::TooLarge { status }) => {
                    return Ok(local_error(
                        502,
                        "Alicert.ResponseTooLarge",
                        &format!(
                            "the HTTP {status} response body exceeds the {} byte limit; it was not read",
                            self.shared.max_response_bytes
                        ),
                    ));
                }
                Ok(ResponseBody::Complete {
                    status,
                    version,
                    headers,
                    body,
                }) => (status, version, headers, body),
            };

            let request_id = headers
                .get("x-acs-request-id")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            attempt_span.record("status", status.as_u16());
            if let Some(request_id) = &request_id {
                attempt_span.record("request_id", request_id.as_str());
                tracing::Span::current().record("request_id", request_id.as_str());
            }
            tracing::Span::current().record("status", status.as_u16());
            if status.is_success() {
                tracing::debug!(parent: &attempt_span, "attempt succeeded");
                return Ok(rebuild(status, version, headers, body));
            }

            let error = Error::service(status.as_u16(), &headers, &body);
            if let Some(code) = error.code() {
                attempt_span.record("code", code);
                tracing::Span::current().record("code", code);
            }
            tracing::debug!(parent: &attempt_span, "attempt failed with a service error");

            if error.is_nonce_reused() && !resigned_for_nonce && policy.is_enabled() {
                resigned_for_nonce = true;
                continue;
            }
            if error.is_clock_skew()
                && !corrected_clock
                && policy.corrects_clock_skew()
                && let Some(server_date) = error.server_date()
            {
                corrected_clock = true;
                let offset = signed_millis_between(SystemTime::now(), server_date);
                self.shared
                    .clock_offset_millis
                    .store(offset, Ordering::Relaxed);
                tracing::info!(
                    offset_ms = offset,
                    "learned the service's clock offset; retrying once"
                );
                continue;
            }
            if error.is_retryable() && attempt < policy.max_attempts() {
                backoff_attempts += 1;
                let delay = policy.delay(
                    backoff_attempts + 1,
                    retry::jitter_unit(),
                    error.retry_after(),
                );
                if Instant::now() + delay < deadline {
                    tracing::debug!(
                        delay_ms = delay.as_millis() as u64,
                        "retrying after backoff"
                    );
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            return Ok(rebuild_error(status, version, headers, body));
        }
    }
}

/// `later - earlier` in milliseconds, negative when `later` is before `earlier`.
fn signed_millis_between(earlier: SystemTime, later: SystemTime) -> i64 {
    match later.duration_since(earlier) {
        Ok(ahead) => i64::try_from(ahead.as_millis()).unwrap_or(i64::MAX),
        Err(behind) => -i64::try_from(behind.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

enum ResponseBody {
    Complete {
        status: reqwest::StatusCode,
        version: reqwest::Version,
        headers: HeaderMap,
        body: Vec<u8>,
    },
    TooLarge {
        status: reqwest::StatusCode,
    },
}

async fn read_body(mut response: reqwest::Response, limit: usize) -> reqwest::Result<ResponseBody> {
    let status = response.status();
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Ok(ResponseBody::TooLarge { status });
    }
    let capacity = response
        .content_length()
        .map_or(8 * 1024, |length| length as usize);
    let mut body = Vec::with_capacity(capacity.min(limit));
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Ok(ResponseBody::TooLarge { status });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(ResponseBody::Complete {
        status,
        version: response.version(),
        headers: response.headers().clone(),
        body,
    })
}

fn rebuild(
    status: reqwest::StatusCode,
    version: reqwest::Version,
    headers: HeaderMap,
    body: Vec<u8>,
) -> reqwest::Response {
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    *response.version_mut() = version;
    *response.headers_mut() = headers;
    reqwest::Response::from(response)
}

/// An error response goes back to the generated client, which parses its body as Alibaba's JSON error. A body that
/// is not a JSON object (a gateway's HTML 502, an empty body) would fail that parse and lose the status, so it is
/// replaced by a JSON error carrying a short excerpt, marked so nobody mistakes it for the service's words.
fn rebuild_error(
    status: reqwest::StatusCode,
    version: reqwest::Version,
    mut headers: HeaderMap,
    body: Vec<u8>,
) -> reqwest::Response {
    let is_json_object =
        serde_json::from_slice::<serde_json::Value>(&body).is_ok_and(|value| value.is_object());
    if is_json_object {
        return rebuild(status, version, headers, body);
    }
    let error = Error::service(status.as_u16(), &headers, &body);
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("no content type")
        .to_owned();
    let excerpt = error.body_excerpt().unwrap_or("").to_owned();
    let message = if excerpt.is_empty() {
        format!("HTTP {status} with an empty or unreadable body ({content_type})")
    } else {
        format!("HTTP {status} with a non-JSON body ({content_type}): {excerpt}")
    };
    let replacement = serde_json::json!({
        "Message": message,
        "RequestId": error.request_id(),
    });
    headers.insert(
        LOCAL_ERROR_HEADER,
        HeaderValue::from_static("non-json-body"),
    );
    headers.insert(
        reqwest::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.remove(reqwest::header::CONTENT_LENGTH);
    rebuild(
        status,
        version,
        headers,
        serde_json::to_vec(&replacement).unwrap_or_default(),
    )
}

/// A response that carries a failure the runtime found itself, in Alibaba's error shape, marked as local.
fn local_error(status: u16, code: &str, message: &str) -> reqwest::Response {
    let body = serde_json::json!({ "Code": code, "Message": message });
    let mut response = http::Response::new(serde_json::to_vec(&body).unwrap_or_default());
    *response.status_mut() =
        reqwest::StatusCode::from_u16(status).unwrap_or(reqwest::StatusCode::BAD_REQUEST);
    let headers = response.headers_mut();
    headers.insert(
        reqwest::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(LOCAL_ERROR_HEADER, HeaderValue::from_static("local"));
    reqwest::Response::from(response)
}

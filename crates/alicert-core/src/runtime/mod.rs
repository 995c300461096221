//! What turns one call from a generated client into a call Alibaba Cloud accepts, and keeps trying while trying again
//! can help. A generated builder's `send()` hands [`Runtime::call`] the operation (product, version, Action) and its
//! parameters as ordered pairs; the runtime signs each attempt afresh (new nonce, current time), sends it, reads the
//! whole body under a cap, and decides: done (the body is decoded once into the response type), retry after a
//! backoff, re-sign once (nonce reused), correct the clock once (timestamp rejected), or fail. Every failure is a
//! typed [`Error`] from the moment it is found, and names the product and Action.
//!
//! Secrets stay inside: the signed URL never leaves this module (transport errors lose it through
//! `reqwest::Error::without_url`), and tracing records the Action, attempt, status, code, request id and duration,
//! never a parameter, header or URL.

mod body;
mod rate_limit;
mod retry;
mod signer;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use tracing::Instrument;

pub use rate_limit::{Quota, RateLimit};
pub use retry::RetryPolicy;

use crate::credentials::ProvideCredentials;
use crate::error::Error;
use crate::params::Params;
use crate::sign::SignatureVersion;

/// Looked up on every response: a ready-made name skips parsing and validating the text on each lookup.
const REQUEST_ID_HEADER: reqwest::header::HeaderName =
    reqwest::header::HeaderName::from_static("x-acs-request-id");

/// Draws the `SignatureNonce` of one attempt. The default is [`crate::sign::new_nonce`] (128 random bits).
pub type NonceSource = Arc<dyn Fn() -> String + Send + Sync>;

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
    nonce_source: NonceSource,
    rate_limit: RateLimit,
    /// Milliseconds to add to the local clock, learned from the service's `Date` header after a timestamp error.
    clock_offset_millis: AtomicI64,
    /// The endpoints called so far, parsed: parsing one costs more per call than the rest of the bookkeeping.
    endpoints: EndpointCache,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("credentials", &self.shared.credentials)
            .field("signature_version", &self.shared.signature_version)
            .field("retry", &self.shared.retry)
            .field("timeouts", &self.shared.timeouts)
            .field("max_response_bytes", &self.shared.max_response_bytes)
            .field("rate_limit", &self.shared.rate_limit)
            .field(
                "clock_offset_millis",
                &self.shared.clock_offset_millis.load(Ordering::Relaxed),
            )
            .finish()
    }
}

/// Builds a [`Runtime`].
pub struct RuntimeBuilder {
    credentials: Arc<dyn ProvideCredentials>,
    signature_version: SignatureVersion,
    retry: RetryPolicy,
    timeouts: Timeouts,
    max_response_bytes: usize,
    user_agent: String,
    nonce_source: NonceSource,
    rate_limit: RateLimit,
}

impl std::fmt::Debug for RuntimeBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuntimeBuilder")
            .field("credentials", &self.credentials)
            .field("signature_version", &self.signature_version)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent", &self.user_agent)
            .field("rate_limit", &self.rate_limit)
            .finish_non_exhaustive()
    }
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

    /// Where each attempt's `SignatureNonce` comes from (default: [`crate::sign::new_nonce`], 128 random bits). Meant
    /// for tests and replays that need known nonces: a source that repeats itself makes the service refuse the
    /// repeat with `SignatureNonceUsed` (which the runtime answers with one re-sign, drawing again).
    pub fn nonce_source(mut self, source: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.nonce_source = Arc::new(source);
        self
    }

    /// A client-side limit per `Action` (default: none). Every attempt waits for its action's token; a wait that
    /// would pass the operation's deadline ends the call with a timeout.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = limit;
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
                nonce_source: self.nonce_source,
                rate_limit: self.rate_limit,
                clock_offset_millis: AtomicI64::new(0),
                endpoints: EndpointCache::default(),
            }),
        }
    }
}

/// Which operation a call is: what the generated client knows of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The product code, `cas` or `vod`.
    pub product: &'static str,
    /// The API version, sent as `Version`.
    pub version: &'static str,
    /// The `Action`.
    pub action: &'static str,
}

/// A successful answer: the decoded body, with the status and headers it came with.
#[derive(Debug)]
pub struct Response<T> {
    /// The body, decoded once.
    pub value: T,
    /// The HTTP status (2xx).
    pub status: reqwest::StatusCode,
    /// The response headers (`x-acs-request-id` among them).
    pub headers: HeaderMap,
}

/// What one attempt's answer was read as, for the retry loop.
struct Answer {
    status: reqwest::StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
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
            nonce_source: Arc::new(crate::sign::new_nonce),
            rate_limit: RateLimit::default(),
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

    /// The client-side rate limit.
    pub fn rate_limit(&self) -> &RateLimit {
        &self.shared.rate_limit
    }

    /// The same runtime (credentials, signature, retries, timeouts, the clock offset learned so far) with `limit`
    /// as its client-side rate limit.
    pub fn with_rate_limit(&self, limit: RateLimit) -> Runtime {
        let shared = &self.shared;
        Runtime {
            shared: Arc::new(Shared {
                credentials: shared.credentials.clone(),
                signature_version: shared.signature_version,
                retry: shared.retry.clone(),
                timeouts: shared.timeouts.clone(),
                max_response_bytes: shared.max_response_bytes,
                user_agent: shared.user_agent.clone(),
                nonce_source: shared.nonce_source.clone(),
                rate_limit: limit,
                clock_offset_millis: AtomicI64::new(self.clock_offset()),
                endpoints: EndpointCache::default(),
            }),
        }
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
            // A redirect would carry the signed request (V1: the whole signed query, as a `Referer` too; V3: the
            // `x-acs-security-token` header) to another host. The runtime reports a 3xx instead.
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
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

    /// Calls `operation` at `endpoint` (`scheme://host[:port]`, as the generated client holds it) with `params`:
    /// signs each attempt, sends it with `http`, retries as the policy allows, and decodes the success body once
    /// into `T`. Every error names the product and Action.
    pub async fn call<T: DeserializeOwned>(
        &self,
        http: &reqwest::Client,
        endpoint: &str,
        operation: &Operation,
        params: &Params,
    ) -> Result<Response<T>, Error> {
        self.call_inner(http, endpoint, operation, params)
            .await
            .map_err(|error| error.with_operation(operation.product, operation.action))
    }

    async fn call_inner<T: DeserializeOwned>(
        &self,
        http: &reqwest::Client,
        endpoint: &str,
        operation: &Operation,
        params: &Params,
    ) -> Result<Response<T>, Error> {
        let base = self.shared.endpoints.get(endpoint)?;
        let unsigned = signer::Unsigned::new(operation.action, &base, params);
        let span = tracing::info_span!(
            "alicert.operation",
            product = operation.product,
            action = operation.action,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            code = tracing::field::Empty,
            request_id = tracing::field::Empty,
            error = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .execute_attempts(http, &unsigned, operation.version)
            .instrument(span.clone())
            .await;
        span.record("duration_ms", elapsed_millis(started));
        let answer = result?;
        let value = crate::decode::json(answer.status.as_u16(), &answer.body)?;
        Ok(Response {
            value,
            status: answer.status,
            headers: answer.headers,
        })
    }

    async fn execute_attempts(
        &self,
        http: &reqwest::Client,
        unsigned: &signer::Unsigned<'_>,
        api_version: &str,
    ) -> Result<Answer, Error> {
        let operation_span = tracing::Span::current();
        let started = Instant::now();
        let timeouts = &self.shared.timeouts;
        let deadline = started + timeouts.operation;
        let policy = &self.shared.retry;
        let fail = |kind: &'static str, error: Error| {
            operation_span.record("error", kind);
            error
        };
        let operation_timeout = || {
            operation_span.record("error", "timeout");
            Error::timeout("the operation", timeouts.operation)
        };
        let mut attempt: u32 = 0;
        let mut backoff_attempts: u32 = 0;
        let mut resigned_for_nonce = false;
        let mut corrected_clock = false;
        loop {
            attempt += 1;
            operation_span.record("attempts", attempt);
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(operation_timeout());
            }
            // A provider that talks to a metadata server must not outlive the operation's budget either.
            let credentials = match tokio::time::timeout(
                remaining,
                self.shared.credentials.provide_credentials(),
            )
            .await
            {
                Ok(Ok(credentials)) => credentials,
                Ok(Err(error)) => return Err(fail("credentials", Error::from_credentials(error))),
                Err(_) => return Err(operation_timeout()),
            };
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(operation_timeout());
            }
            let wait = self.shared.rate_limit.reserve(unsigned.action);
            if !wait.is_zero() {
                if wait >= remaining {
                    self.shared.rate_limit.release(unsigned.action);
                    return Err(operation_timeout());
                }
                tracing::trace!(
                    wait_ms = wait.as_millis() as u64,
                    "waiting for the action's rate limit"
                );
                tokio::time::sleep(wait).await;
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(operation_timeout());
            }
            let attempt_timeout = timeouts.attempt.min(remaining);
            let nonce = (self.shared.nonce_source)();
            let request = unsigned
                .sign(
                    self.shared.signature_version,
                    &credentials,
                    api_version,
                    self.now(),
                    &nonce,
                    attempt_timeout,
                )
                .map_err(|message| fail("invalid request", Error::invalid_request(message)))?;

            let attempt_span = tracing::debug_span!(
                "alicert.attempt",
                action = unsigned.action,
                attempt,
                status = tracing::field::Empty,
                code = tracing::field::Empty,
                request_id = tracing::field::Empty,
                error = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let attempt_started = Instant::now();
            let outcome = async {
                let response = http.execute(request).await?;
                body::read(response, self.shared.max_response_bytes, unsigned.base()).await
            }
            .instrument(attempt_span.clone())
            .await;
            attempt_span.record("duration_ms", elapsed_millis(attempt_started));

            let (status, headers, body) = match outcome {
                Err(error) => {
                    let error = error.without_url();
                    let kind = transport_kind(&error);
                    attempt_span.record("error", kind);
                    tracing::debug!(parent: &attempt_span, error = %error, "attempt failed in transport");
                    // The attempt was cut short by what was left of the operation's budget: that is the operation
                    // timing out, not the network.
                    if error.is_timeout() && attempt_timeout < timeouts.attempt {
                        return Err(operation_timeout());
                    }
                    let retryable = Error::is_retryable_transport(&error);
                    if retryable && attempt < policy.max_attempts() {
                        backoff_attempts += 1;
                        let delay = policy.delay(backoff_attempts + 1, retry::jitter_unit(), None);
                        if Instant::now() + delay < deadline {
                            tracing::debug!(
                                parent: &attempt_span,
                                delay_ms = delay.as_millis() as u64,
                                "retrying after backoff"
                            );
                            tokio::time::sleep(delay).await;
                            continue;
                        }
                    }
                    let error = if error.is_timeout() {
                        Error::timeout("an attempt", timeouts.attempt)
                    } else {
                        Error::transport(error)
                    };
                    return Err(fail(kind, error));
                }
                Ok(body::Read::TooLarge { status, excerpt }) => {
                    attempt_span.record("status", status.as_u16());
                    attempt_span.record("error", "response too large");
                    return Err(fail(
                        "response too large",
                        Error::decode(
                            status.as_u16(),
                            "$".to_owned(),
                            format!(
                                "the HTTP {status} response body exceeds the {} byte limit; it was not read whole",
                                self.shared.max_response_bytes
                            ),
                            excerpt,
                        ),
                    ));
                }
                Ok(body::Read::Redirect {
                    status,
                    location_host,
                }) => {
                    attempt_span.record("status", status.as_u16());
                    attempt_span.record("error", "redirect");
                    operation_span.record("status", status.as_u16());
                    return Err(fail(
                        "redirect",
                        Error::redirect(status.as_u16(), location_host),
                    ));
                }
                Ok(body::Read::Complete {
                    status,
                    headers,
                    body,
                }) => (status, headers, body),
            };

            let request_id = headers
                .get(&REQUEST_ID_HEADER)
                .and_then(|value| value.to_str().ok());
            attempt_span.record("status", status.as_u16());
            operation_span.record("status", status.as_u16());
            if let Some(request_id) = request_id {
                attempt_span.record("request_id", request_id);
                operation_span.record("request_id", request_id);
            }
            if status.is_success() {
                tracing::debug!(parent: &attempt_span, "attempt succeeded");
                return Ok(Answer {
                    status,
                    headers,
                    body,
                });
            }

            let error = Error::service(status.as_u16(), &headers, &body);
            if let Some(code) = error.code() {
                attempt_span.record("code", code);
                operation_span.record("code", code);
            }
            tracing::debug!(parent: &attempt_span, "attempt failed with a service error");

            if error.is_nonce_reused() && !resigned_for_nonce && policy.is_enabled() {
                resigned_for_nonce = true;
                tracing::debug!(parent: &attempt_span, "nonce refused as used; signing again");
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
                    parent: &attempt_span,
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
                        parent: &attempt_span,
                        delay_ms = delay.as_millis() as u64,
                        "retrying after backoff"
                    );
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            return Err(error);
        }
    }
}

/// Endpoints parsed once per runtime (a program calls a handful: one per product and region).
#[derive(Default)]
struct EndpointCache(std::sync::RwLock<Vec<(Box<str>, reqwest::Url)>>);

impl EndpointCache {
    /// More distinct endpoints than this are parsed on every call rather than remembered without bound.
    const CAPACITY: usize = 16;

    fn get(&self, endpoint: &str) -> Result<reqwest::Url, Error> {
        if let Ok(known) = self.0.read()
            && let Some((_, url)) = known.iter().find(|(text, _)| **text == *endpoint)
        {
            return Ok(url.clone());
        }
        let url = endpoint_url(endpoint)?;
        if let Ok(mut known) = self.0.write()
            && known.len() < Self::CAPACITY
            && !known.iter().any(|(text, _)| **text == *endpoint)
        {
            known.push((endpoint.into(), url.clone()));
        }
        Ok(url)
    }
}

/// `endpoint/` as a URL: the path every RPC call is sent to.
fn endpoint_url(endpoint: &str) -> Result<reqwest::Url, Error> {
    let mut text = String::with_capacity(endpoint.len() + 1);
    text.push_str(endpoint);
    if !text.ends_with('/') {
        text.push('/');
    }
    let url = reqwest::Url::parse(&text).map_err(|error| {
        Error::invalid_request(format!("the endpoint `{endpoint}` is not a URL: {error}"))
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::invalid_request(format!(
            "the endpoint `{endpoint}` is not an http:// or https:// URL with a host"
        )));
    }
    Ok(url)
}

fn elapsed_millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// A short name for a transport failure, for the span (never the error's text, which could carry more).
fn transport_kind(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connect"
    } else if error.is_body() {
        "body"
    } else if error.is_request() {
        "request"
    } else {
        "transport"
    }
}

/// `later - earlier` in milliseconds, negative when `later` is before `earlier`.
fn signed_millis_between(earlier: SystemTime, later: SystemTime) -> i64 {
    match later.duration_since(earlier) {
        Ok(ahead) => i64::try_from(ahead.as_millis()).unwrap_or(i64::MAX),
        Err(behind) => -i64::try_from(behind.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

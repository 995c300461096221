//! The HTTP face: one axum handler for every path and method that reads the request, lets the faults have their
//! say, authenticates, dispatches to the operation and writes the answer with the headers the real service sends
//! (`x-acs-request-id`, `Date`, `Content-Type: application/json;charset=utf-8`). State is shared behind an `Arc`;
//! the only locks (nonces, faults, request log) are held for a few statements and never across an `.await`.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use futures::StreamExt as _;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::api::{Call, Product};
use crate::auth::Verifier;
use crate::config::{AccessKey, EmulatorConfig};
use crate::dataset::Dataset;
use crate::error::{ApiError, BAD_GATEWAY_HTML, ErrorBody};
use crate::fault::{FaultAnswer, Faults};
use crate::log::{RequestLog, RequestRecord};
use crate::nonce::{NONCE_TTL, NonceCache};
use crate::request::Incoming;
use crate::rng::mix;

/// Largest request body read; larger ones are refused.
const BODY_LIMIT: usize = 1 << 20;
const JSON: &str = "application/json;charset=utf-8";

/// Everything the handler shares.
#[derive(Debug)]
struct Shared {
    config: EmulatorConfig,
    keys: HashMap<String, AccessKey>,
    dataset: Dataset,
    nonces: Mutex<NonceCache>,
    faults: Faults,
    log: RequestLog,
    requests: AtomicU64,
}

/// An emulator: its state, and a router to serve it with. Clones share the state.
///
/// Most callers want [`Emulator::spawn`]; [`Emulator::router`] is for mounting it in an axum server of one's own.
#[derive(Clone, Debug)]
pub struct Emulator {
    shared: Arc<Shared>,
}

impl Emulator {
    /// Builds the state (the dataset is anchored at the clock's time now, unless the config names an anchor).
    pub fn new(config: EmulatorConfig) -> Self {
        let started = config.clock.now();
        let anchor = config.anchor.unwrap_or(started);
        let dataset = Dataset::build(
            config.seed,
            anchor,
            started,
            config.workers.min(crate::config::MAX_WORKERS),
            config.pace.workers_per_second(),
        );
        let keys = config
            .access_keys
            .iter()
            .map(|key| (key.id().to_owned(), key.clone()))
            .collect();
        let shared = Shared {
            keys,
            dataset,
            nonces: Mutex::new(NonceCache::new(config.nonce_capacity, NONCE_TTL)),
            faults: Faults::new(&config.faults),
            log: RequestLog::new(config.request_log_capacity),
            requests: AtomicU64::new(0),
            config,
        };
        Self {
            shared: Arc::new(shared),
        }
    }

    /// Binds `config.addr` (default `127.0.0.1:0`) and serves in a background task until
    /// [`RunningEmulator::shutdown`] (or until it is dropped).
    pub async fn spawn(config: EmulatorConfig) -> io::Result<RunningEmulator> {
        let listener = TcpListener::bind(config.addr).await?;
        let local_addr = listener.local_addr()?;
        let emulator = Emulator::new(config);
        let (stop, stopped) = oneshot::channel::<()>();
        let router = emulator.router();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    // A dropped sender means the RunningEmulator is gone: shut down too.
                    let _ = stopped.await;
                })
                .await
        });
        Ok(RunningEmulator {
            emulator,
            local_addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// A router answering every path and method.
    pub fn router(&self) -> Router {
        Router::new().fallback(handle).with_state(self.clone())
    }

    /// The live fault set.
    pub fn faults(&self) -> Faults {
        self.shared.faults.clone()
    }

    /// The log of requests received.
    pub fn requests(&self) -> RequestLog {
        self.shared.log.clone()
    }
}

/// Serves an emulator on `listener` until `shutdown` completes, then finishes the requests in flight: what
/// `alicert emulator --listen ADDR ...` runs.
pub async fn serve(
    listener: TcpListener,
    config: EmulatorConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let emulator = Emulator::new(config);
    axum::serve(listener, emulator.router())
        .with_graceful_shutdown(shutdown)
        .await
}

/// An emulator serving in the background. Dropping it shuts the server down without waiting.
#[derive(Debug)]
pub struct RunningEmulator {
    emulator: Emulator,
    local_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl RunningEmulator {
    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// The address listened on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The live fault set.
    pub fn faults(&self) -> Faults {
        self.emulator.faults()
    }

    /// The log of requests received.
    pub fn requests(&self) -> RequestLog {
        self.emulator.requests()
    }

    /// The emulator's state.
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Stops accepting connections, lets the requests in flight finish, and returns when the server is down.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// What a request was answered with, before it becomes a response.
enum Outcome {
    Json(Vec<u8>),
    Error(ApiError),
    Html502,
}

async fn handle(State(emulator): State<Emulator>, request: Request) -> Response {
    let shared = &emulator.shared;
    let number = shared.requests.fetch_add(1, Ordering::Relaxed);
    let request_id = request_id(shared.config.seed, number);
    let (parts, body) = request.into_parts();
    let (body, too_large) = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => (bytes, false),
        Err(_) => (Bytes::new(), true),
    };
    let mut incoming = Incoming::read(&parts, body);
    if too_large {
        incoming.problem = Some(ApiError::new(
            413,
            "RequestEntityTooLarge",
            format!("The request body is larger than {BODY_LIMIT} bytes."),
        ));
    }

    let plan = shared.faults.evaluate();
    if !plan.delay.is_zero() {
        tokio::time::sleep(plan.delay).await;
    }
    let clock_now = shared.config.clock.now();
    let server_now = shared.config.clock_skew.plus(plan.skew).apply(clock_now);
    let product = incoming.version().and_then(Product::for_version);

    let outcome = match plan.answer {
        Some(FaultAnswer::Throttle(retry_after)) => {
            Outcome::Error(ApiError::throttled(retry_after))
        }
        Some(FaultAnswer::Http500) => Outcome::Error(ApiError::internal()),
        Some(FaultAnswer::Http503) => Outcome::Error(ApiError::unavailable()),
        Some(FaultAnswer::Gateway502) => Outcome::Html502,
        None => match serve_call(
            shared,
            &incoming,
            product,
            &request_id,
            clock_now,
            server_now,
            plan.newer_service,
        ) {
            Ok(body) => Outcome::Json(body),
            Err(error) => Outcome::Error(error),
        },
    };

    let (status, code, mut response) = match outcome {
        Outcome::Json(body) => (200, None, response(200, JSON, body)),
        Outcome::Html502 => (
            502,
            None,
            response(502, "text/html", BAD_GATEWAY_HTML.as_bytes().to_vec()),
        ),
        Outcome::Error(error) => {
            let product_code = product.map_or("", Product::code);
            let body = ErrorBody::new(&error, &request_id, &incoming.host, product_code);
            let bytes = serde_json::to_vec(&body).unwrap_or_default();
            let mut response = response(error.status, JSON, bytes);
            if let Some(after) = error.retry_after {
                insert(
                    response.headers_mut(),
                    "x-acs-retry-after",
                    &after.as_millis().to_string(),
                );
            }
            (error.status, Some(error.code), response)
        }
    };
    let headers = response.headers_mut();
    insert(headers, "x-acs-request-id", &request_id);
    let latest = SystemTime::UNIX_EPOCH
        + std::time::Duration::from_millis(crate::dataset::LATEST_MILLIS as u64);
    insert(
        headers,
        "date",
        &httpdate::fmt_http_date(server_now.min(latest)),
    );
    if plan.drop {
        response = cut_short(response).await;
    }

    let record = RequestRecord {
        request_id,
        method: incoming.method.clone(),
        action: incoming.action().map(str::to_owned),
        version: incoming.version().map(str::to_owned),
        signature_version: incoming.signature_version(),
        nonce: incoming.nonce().map(str::to_owned),
        access_key_id: incoming.access_key_id(),
        retry_attempts: incoming.header("x-acs-retry-attempts").map(str::to_owned),
        status,
        code,
        faults: plan.applied,
    };
    // Never the signature, the token or the Authorization header.
    tracing::debug!(
        request_id = %record.request_id,
        action = record.action.as_deref().unwrap_or("-"),
        version = record.version.as_deref().unwrap_or("-"),
        status = record.status,
        code = record.code.as_deref().unwrap_or("-"),
        faults = ?record.faults,
        "request"
    );
    shared.log.push(record);
    response
}

/// Routing, authentication and the operation itself: everything that is not transport or fault.
fn serve_call(
    shared: &Shared,
    incoming: &Incoming,
    product: Option<Product>,
    request_id: &str,
    clock_now: SystemTime,
    server_now: SystemTime,
    newer_service: bool,
) -> Result<Vec<u8>, ApiError> {
    if let Some(problem) = &incoming.problem {
        return Err(problem.clone());
    }
    if incoming.method != "GET" && incoming.method != "POST" {
        return Err(ApiError::new(
            405,
            "UnsupportedHTTPMethod",
            format!(
                "The HTTP method {} is not supported; use GET or POST.",
                incoming.method
            ),
        ));
    }
    let action = incoming
        .action()
        .ok_or_else(|| ApiError::missing("Action"))?;
    incoming
        .version()
        .ok_or_else(|| ApiError::missing("Version"))?;
    let product = product.ok_or_else(ApiError::invalid_version)?;
    if !product.serves(action) {
        return Err(ApiError::invalid_action());
    }
    Verifier {
        keys: &shared.keys,
        nonces: &shared.nonces,
        server_now,
        clock_now,
    }
    .verify(incoming)?;
    Call {
        dataset: &shared.dataset,
        incoming,
        now: clock_now,
        request_id,
        newer_service,
    }
    .answer(product, action)
}

fn response(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    insert(response.headers_mut(), "content-type", content_type);
    response
}

fn insert(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(HeaderName::from_static(name), value);
    }
}

/// The same status and headers, a `Content-Length` promising the whole body, half of it, then an error that makes
/// the server close the connection.
async fn cut_short(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    // The pause lets the server flush the headers and the first half before the error tears the connection down.
    let first_half = futures::stream::iter([Ok::<Bytes, io::Error>(half)]);
    let then_cut = futures::stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "drop fault: connection cut mid-body",
        ))
    });
    Response::from_parts(parts, Body::from_stream(first_half.chain(then_cut)))
}

/// A request ID shaped like the service's (`8-4-4-4-12` uppercase hex), derived from the seed and a counter.
fn request_id(seed: u64, number: u64) -> String {
    let high = mix(seed, &[number, 0x005E_ED1D]);
    let low = mix(seed, &[number, 0x005E_ED2D]);
    let hex = format!("{high:016X}{low:016X}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_look_real_and_differ() {
        let first = request_id(1, 0);
        assert_eq!(first.len(), 36);
        assert_eq!(first.matches('-').count(), 4);
        assert_ne!(first, request_id(1, 1));
        assert_eq!(first, request_id(1, 0));
    }
}

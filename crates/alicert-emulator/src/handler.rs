//! The one handler behind every path and method: it reads the request (within the size and time limits), lets the
//! faults have their say, routes it by `Version` and `Action` through the table of operations (STS aside),
//! authenticates, checks the parameters against the table, dispatches to the operation's stateful handler or its
//! spec example, and writes the answer in the format asked for
//! (JSON or XML) with the headers the real service sends (`x-acs-request-id`, `Date`, `Content-Type`). The locks it
//! takes (nonces, faults, request log, keys) are held for a few statements and never across an `.await`.

use std::io;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use futures::StreamExt as _;

use crate::answer::Format;
use crate::api::Call;
use crate::auth::Verifier;
use crate::error::{ApiError, BAD_GATEWAY_HTML, ErrorBody};
use crate::fault::FaultAnswer;
use crate::limits::{self, BODY_LIMIT};
use crate::log::RequestRecord;
use crate::request::Incoming;
use crate::server::{Emulator, Shared};
use crate::sts::{self, Sts};
use crate::table::{Product, Route};

/// What a request was answered with, before it becomes a response.
enum Outcome {
    Success(Vec<u8>),
    Error(ApiError),
    Html502,
}

pub(crate) async fn handle(State(emulator): State<Emulator>, request: Request) -> Response {
    let shared = &*emulator.shared;
    let request_id = shared.request_ids.next();
    let (parts, body) = request.into_parts();
    // The head is checked before the body is read: a request refused for its size is not read further.
    let head_problem = limits::check_head(&parts);
    let (body, body_problem) = match head_problem {
        Some(_) => (Bytes::new(), None),
        None => match read_body(&parts.headers, body, shared.config.request_read_timeout).await {
            Ok(bytes) => (bytes, None),
            Err(problem) => (Bytes::new(), Some(problem)),
        },
    };
    let mut incoming = Incoming::read(&parts, body);
    if let Some(problem) = head_problem.or(body_problem) {
        incoming.problem = Some(problem);
    }
    let format = Format::of(&incoming);

    let plan = shared.faults.evaluate();
    if !plan.delay.is_zero() {
        tokio::time::sleep(plan.delay).await;
    }
    let clock_now = shared.config.clock.now();
    let server_now = shared.config.clock_skew.plus(plan.skew).apply(clock_now);
    let product_code = incoming.version().map_or("", |version| {
        product_code(shared.config.products, version, incoming.action())
    });

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
            &request_id,
            clock_now,
            server_now,
            plan.newer_service,
        )
        .and_then(|(action, json)| format.success(action, json))
        {
            Ok(body) => Outcome::Success(body),
            Err(error) => Outcome::Error(error),
        },
    };

    let (status, code, mut response) = match outcome {
        Outcome::Success(body) => (200, None, response(200, format.content_type(), body)),
        Outcome::Html502 => (
            502,
            None,
            response(502, "text/html", BAD_GATEWAY_HTML.as_bytes().to_vec()),
        ),
        Outcome::Error(error) => {
            let body = ErrorBody::new(&error, &request_id, &incoming.host, product_code);
            let mut response = response(error.status, format.content_type(), format.error(&body));
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
    let latest =
        SystemTime::UNIX_EPOCH + Duration::from_millis(crate::dataset::LATEST_MILLIS as u64);
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

/// Reads the whole body within [`BODY_LIMIT`] and `timeout`. A body that is too large is refused before it is
/// read when its `Content-Length` says so; one that breaks off, or whose chunked framing is malformed, is a bad
/// request naming what went wrong, not a size problem.
async fn read_body(headers: &HeaderMap, body: Body, timeout: Duration) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > BODY_LIMIT as u64) {
        return Err(ApiError::body_too_large(BODY_LIMIT));
    }
    let collect = async {
        let mut stream = body.into_data_stream();
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|error| ApiError::unreadable_body(bytes.len(), &error))?;
            if bytes.len() + chunk.len() > BODY_LIMIT {
                return Err(ApiError::body_too_large(BODY_LIMIT));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(bytes))
    };
    tokio::time::timeout(timeout, collect)
        .await
        .unwrap_or_else(|_| Err(ApiError::body_timeout(timeout)))
}

/// Routing, authentication and the operation itself: everything that is not transport or fault. Returns the action
/// answered and its JSON.
fn serve_call<'a>(
    shared: &Shared,
    incoming: &'a Incoming,
    request_id: &str,
    clock_now: SystemTime,
    server_now: SystemTime,
    newer_service: bool,
) -> Result<(&'a str, Vec<u8>), ApiError> {
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
    let version = incoming
        .version()
        .ok_or_else(|| ApiError::missing("Version"))?;
    // STS is in no spec: it is routed by its own version and Actions, after the table.
    let served = match crate::table::route(shared.config.products, version, action) {
        Route::Operation(product, operation) => Some((product, operation)),
        _ if version == sts::VERSION && sts::ACTIONS.contains(&action) => None,
        Route::UnknownVersion if version != sts::VERSION => {
            return Err(ApiError::invalid_version());
        }
        _ => return Err(ApiError::invalid_action()),
    };
    let sts = Sts {
        incoming,
        keys: &shared.keys,
        oidc_tokens: &shared.config.oidc_tokens,
        now: server_now,
        request_id,
    };
    // The one unsigned operation: its OIDC token is its authentication.
    if served.is_none() && action == "AssumeRoleWithOIDC" {
        return Ok((action, sts.assume_role_with_oidc()?));
    }
    Verifier {
        keys: &shared.keys,
        nonces: &shared.nonces,
        server_now,
        clock_now,
    }
    .verify(incoming)?;
    let Some((product, operation)) = served else {
        return Ok((action, sts.assume_role()?));
    };
    if shared.config.only_issued_keys
        && !incoming
            .access_key_id()
            .and_then(|id| shared.keys.get(&id))
            .is_some_and(|key| key.is_issued())
    {
        return Err(ApiError::new(
            403,
            "Forbidden.RAM",
            "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
        ));
    }
    crate::validate::check(operation, incoming)?;
    let json = match crate::api::handler(product.code, operation.action) {
        Some(handler) => handler(&Call {
            dataset: &shared.dataset,
            incoming,
            now: clock_now,
            request_id,
            newer_service,
        })?,
        None => crate::example::answer(operation, incoming, request_id, newer_service)?,
    };
    Ok((action, json))
}

/// The product an error answer's `Recommend` link names: of the products of the table with the request's version,
/// the one with its Action, else the first; STS by its version.
fn product_code(products: &'static [Product], version: &str, action: Option<&str>) -> &'static str {
    let same_version = || products.iter().filter(|product| product.version == version);
    let with_action = same_version()
        .find(|product| action.is_some_and(|action| product.operation(action).is_some()));
    match with_action.or_else(|| same_version().next()) {
        Some(product) => product.code,
        None if version == sts::VERSION => "sts",
        None => "",
    }
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
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "drop fault: connection cut mid-body",
        ))
    });
    Response::from_parts(parts, Body::from_stream(first_half.chain(then_cut)))
}

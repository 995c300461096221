//! A stand-in for the ECS instance metadata service on 127.0.0.1: IMDSv2 session tokens, role discovery and role
//! credentials, with switchable misbehaviour and request counters, so the provider is tested over real HTTP.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};

use super::support::{SECRET, TOKEN, iso8601};

pub const ROLE: &str = "cert-deployer";
const SESSION_TOKEN: &str = "imds-session-token-0001";

/// What the server does for the next requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behavior {
    /// Answers like the real service.
    Normal,
    /// 500 for the credentials.
    ServerError,
    /// Credentials body that is not JSON (and holds the secret, to check it is not echoed).
    MalformedJson,
    /// `Code` other than `Success`.
    CodeFailed,
    /// The role list is empty: no role attached.
    NoRole,
    /// 403 for the token request (IMDSv2 turned off).
    RefuseToken,
    /// Issues tokens, then rejects them with 401.
    RejectToken,
    /// Takes ten seconds to answer the credentials.
    Hang,
    /// An IMDSv1-only server: the token request is 404, and requests without a token are answered.
    V1Only,
}

/// The server's state: behaviour, counters, and when credentials it hands out expire.
pub struct Imds {
    behavior: Mutex<Behavior>,
    expires_in: Mutex<Duration>,
    /// Delay before answering credentials, to make concurrent callers overlap.
    delay: Mutex<Duration>,
    pub tokens: AtomicUsize,
    pub role_lists: AtomicUsize,
    pub fetches: AtomicUsize,
    /// Requests refused for a missing or wrong token.
    pub unauthorized: AtomicUsize,
    pub token_ttl: Mutex<Option<String>>,
}

impl Imds {
    pub fn new(expires_in: Duration) -> Arc<Self> {
        Arc::new(Self {
            behavior: Mutex::new(Behavior::Normal),
            expires_in: Mutex::new(expires_in),
            delay: Mutex::new(Duration::ZERO),
            tokens: AtomicUsize::new(0),
            role_lists: AtomicUsize::new(0),
            fetches: AtomicUsize::new(0),
            unauthorized: AtomicUsize::new(0),
            token_ttl: Mutex::new(None),
        })
    }

    pub fn set_behavior(&self, behavior: Behavior) {
        *self.behavior.lock().unwrap() = behavior;
    }

    pub fn set_delay(&self, delay: Duration) {
        *self.delay.lock().unwrap() = delay;
    }

    pub fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }

    fn behavior(&self) -> Behavior {
        *self.behavior.lock().unwrap()
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        if self.behavior() == Behavior::V1Only {
            return !headers.contains_key("x-aliyun-ecs-metadata-token");
        }
        let ok = self.behavior() != Behavior::RejectToken
            && headers
                .get("x-aliyun-ecs-metadata-token")
                .and_then(|v| v.to_str().ok())
                == Some(SESSION_TOKEN);
        if !ok {
            self.unauthorized.fetch_add(1, Ordering::SeqCst);
        }
        ok
    }

    /// Serves on a fresh loopback port until the test's runtime ends; returns the base URL.
    pub async fn start(self: &Arc<Self>) -> String {
        let app = Router::new()
            .route("/latest/api/token", put(token))
            .route(
                "/latest/meta-data/ram/security-credentials/",
                get(list_roles),
            )
            .route(
                "/latest/meta-data/ram/security-credentials/{role}",
                get(credentials),
            )
            .with_state(Arc::clone(self));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{address}")
    }
}

async fn token(State(imds): State<Arc<Imds>>, headers: HeaderMap) -> Response {
    imds.tokens.fetch_add(1, Ordering::SeqCst);
    match imds.behavior() {
        Behavior::RefuseToken => return StatusCode::FORBIDDEN.into_response(),
        Behavior::V1Only => return StatusCode::NOT_FOUND.into_response(),
        _ => {}
    }
    let Some(ttl) = headers.get("x-aliyun-ecs-metadata-token-ttl-seconds") else {
        return (StatusCode::BAD_REQUEST, "missing TTL header").into_response();
    };
    *imds.token_ttl.lock().unwrap() = ttl.to_str().ok().map(str::to_owned);
    SESSION_TOKEN.into_response()
}

async fn list_roles(State(imds): State<Arc<Imds>>, headers: HeaderMap) -> Response {
    if !imds.authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    imds.role_lists.fetch_add(1, Ordering::SeqCst);
    if imds.behavior() == Behavior::NoRole {
        return "".into_response();
    }
    format!("{ROLE}\n").into_response()
}

async fn credentials(
    State(imds): State<Arc<Imds>>,
    Path(role): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !imds.authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let number = imds.fetches.fetch_add(1, Ordering::SeqCst) + 1;
    let delay = *imds.delay.lock().unwrap();
    tokio::time::sleep(delay).await;
    if role != ROLE {
        return StatusCode::NOT_FOUND.into_response();
    }
    let expiration = iso8601(SystemTime::now() + *imds.expires_in.lock().unwrap());
    let json = |body: String| ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    match imds.behavior() {
        Behavior::ServerError => {
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
        Behavior::MalformedJson => json(format!("{{\"AccessKeySecret\": \"{SECRET}\",, oops")),
        Behavior::CodeFailed => json(format!(
            r#"{{"Code":"Failed","AccessKeyId":"STS.x","AccessKeySecret":"{SECRET}"}}"#
        )),
        Behavior::Hang => {
            tokio::time::sleep(Duration::from_secs(10)).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        _ => json(format!(
            r#"{{"AccessKeyId":"STS.NUkey{number:04}","AccessKeySecret":"{SECRET}","SecurityToken":"{TOKEN}","Expiration":"{expiration}","LastUpdated":"2024-01-01T00:00:00Z","Code":"Success"}}"#
        )),
    }
}

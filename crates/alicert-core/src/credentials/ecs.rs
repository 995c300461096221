//! Temporary credentials for the RAM role attached to an ECS instance, from the instance metadata server. This is
//! how a program on ECS signs without any key on disk. The credentials expire (typically after an hour or six), so
//! the provider caches them, refreshes shortly before they expire, and makes concurrent callers share one refresh
//! rather than each hitting the metadata server.
//!
//! It speaks IMDSv2 first (a session token from `PUT /latest/api/token`, sent back as
//! `X-aliyun-ecs-metadata-token`) and, as the official SDKs do, falls back to IMDSv1 (no token) when the server
//! answers the token request with an error status, unless `ALIBABA_CLOUD_IMDSV1_DISABLED=true` (or
//! [`EcsRamRoleProvider::with_imds_v1_disabled`]) asks for the hardened mode. A server that cannot be reached is
//! not asked again without a token: that would only double the wait.
//! The short timeouts exist so that a misconfigured machine off ECS fails in about a second instead of hanging.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;
use reqwest::header::HeaderValue;
use serde_json::Value;

use super::env::{Env, NotUnicode};
use super::shown::shorten;
use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};
use crate::time::parse_iso8601;

const PROVIDER: &str = "ECS RAM role";
pub(crate) const ROLE_VARIABLE: &str = "ALIBABA_CLOUD_ECS_METADATA";
pub(crate) const DISABLED_VARIABLE: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
pub(crate) const IMDSV1_DISABLED_VARIABLE: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";

const DEFAULT_ENDPOINT: &str = "http://100.100.100.200";
const TOKEN_PATH: &str = "/latest/api/token";
const ROLES_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";
/// Six hours, the official SDKs' choice; a token is fetched per refresh anyway.
const TOKEN_TTL_SECONDS: &str = "21600";
/// Metadata answers are a few hundred bytes; anything this large is not one.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// Credentials of the ECS instance's RAM role, from the metadata server.
///
/// The role is the one given to [`EcsRamRoleProvider::with_role_name`], else discovered by listing
/// `/latest/meta-data/ram/security-credentials/`. Credentials are cached until they are within the refresh margin
/// (5 minutes by default) of their `Expiration`. If a refresh fails while the cached credentials have not yet
/// expired, those are returned (and a warning logged) so that a metadata hiccup does not fail requests.
///
/// The [`DefaultChain`](super::DefaultChain) asks the metadata server only when `ALIBABA_CLOUD_ECS_METADATA` names
/// the role; construct this provider yourself to use it unconditionally.
///
/// ```no_run
/// use alicert_core::credentials::{EcsRamRoleProvider, ProvideCredentials};
///
/// # async fn run() -> Result<(), alicert_core::credentials::CredentialsError> {
/// let provider = EcsRamRoleProvider::new().with_role_name("cert-deployer");
/// let credentials = provider.provide_credentials().await?;
/// assert!(credentials.is_sts());
/// # Ok(()) }
/// ```
pub struct EcsRamRoleProvider {
    endpoint: String,
    role_name: Option<String>,
    refresh_margin: Duration,
    connect_timeout: Duration,
    timeout: Duration,
    state: tokio::sync::Mutex<State>,
    /// Counts successful refreshes, so that a caller who waited for the lock can tell that someone else refreshed.
    refreshes: AtomicU64,
    /// A variable that enabled this source is set but cannot be read: reported instead of asking the server.
    unusable: Option<NotUnicode>,
    /// Whether a refused IMDSv2 token request is an error rather than a fall back to IMDSv1.
    imds_v1_disabled: bool,
}

#[derive(Default)]
struct State {
    client: Option<reqwest::Client>,
    discovered_role: Option<String>,
    cached: Option<Credentials>,
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        Self {
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            role_name: None,
            refresh_margin: Duration::from_secs(5 * 60),
            connect_timeout: Duration::from_secs(1),
            timeout: Duration::from_secs(5),
            state: tokio::sync::Mutex::new(State::default()),
            refreshes: AtomicU64::new(0),
            unusable: None,
            imds_v1_disabled: false,
        }
    }
}

impl fmt::Debug for EcsRamRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcsRamRoleProvider")
            .field("endpoint", &self.endpoint)
            .field("role_name", &self.role_name)
            .field("refresh_margin", &self.refresh_margin)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("imds_v1_disabled", &self.imds_v1_disabled)
            .finish_non_exhaustive()
    }
}

impl EcsRamRoleProvider {
    /// Asks `http://100.100.100.200` and discovers the role; see the builder methods to change either.
    pub fn new() -> Self {
        Self::default()
    }

    /// The provider the official SDKs would enable from the process environment: `Some` when
    /// `ALIBABA_CLOUD_ECS_METADATA` names a role and `ALIBABA_CLOUD_ECS_METADATA_DISABLED` is not `true`.
    pub fn from_env() -> Option<Self> {
        Self::from_env_lookup(&Env::default())
    }

    pub(crate) fn from_env_lookup(env: &Env) -> Option<Self> {
        let disabled = env.var(DISABLED_VARIABLE);
        match (disabled, env.var(ROLE_VARIABLE)) {
            (Ok(Some(disabled)), _) if disabled.eq_ignore_ascii_case("true") => None,
            (_, Ok(None)) => None,
            (Ok(_), Ok(Some(role))) => match imds_v1_disabled(env) {
                Ok(v1_disabled) => Some(
                    Self::new()
                        .with_role_name(role)
                        .with_imds_v1_disabled(v1_disabled),
                ),
                Err(problem) => Some(Self {
                    unusable: Some(problem),
                    ..Self::new()
                }),
            },
            // Set, but unreadable: the step runs and says so, rather than being skipped as if unset.
            (Err(problem), _) | (_, Err(problem)) => Some(Self {
                unusable: Some(problem),
                ..Self::new()
            }),
        }
    }

    /// The metadata server's base URL (`http://100.100.100.200` by default; a local server in tests).
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into().trim_end_matches('/').to_owned();
        self
    }

    /// With `true`, a refused IMDSv2 token request is an error instead of a fall back to IMDSv1 (what
    /// `ALIBABA_CLOUD_IMDSV1_DISABLED=true` asks for).
    pub fn with_imds_v1_disabled(mut self, disabled: bool) -> Self {
        self.imds_v1_disabled = disabled;
        self
    }

    /// The RAM role to ask for, instead of discovering it.
    pub fn with_role_name(mut self, role_name: impl Into<String>) -> Self {
        self.role_name = Some(role_name.into());
        self
    }

    /// Refresh once the cached credentials are this close to their expiration (5 minutes by default).
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Time limits for one request to the metadata server: to connect (1 s by default) and in all (5 s).
    pub fn with_timeouts(mut self, connect: Duration, total: Duration) -> Self {
        self.connect_timeout = connect;
        self.timeout = total;
        self
    }

    async fn provide(&self) -> Result<Credentials, CredentialsError> {
        if let Some(problem) = self.unusable {
            return Err(problem.into_error(PROVIDER));
        }
        let refreshes_before = self.refreshes.load(Ordering::Acquire);
        let mut state = self.state.lock().await;
        let now = SystemTime::now();
        if let Some(cached) = &state.cached {
            let refreshed_meanwhile = self.refreshes.load(Ordering::Acquire) != refreshes_before;
            // Someone refreshed while this caller waited for the lock: share that result (unless the server handed
            // out credentials that are already dead), even when they expire within the margin.
            if !cached.expires_within(now, self.refresh_margin)
                || (refreshed_meanwhile && !cached.expires_within(now, Duration::ZERO))
            {
                return Ok(cached.clone());
            }
        }
        match self.fetch(&mut state).await {
            Ok(fresh) => {
                state.cached = Some(fresh.clone());
                self.refreshes.fetch_add(1, Ordering::Release);
                Ok(fresh)
            }
            Err(error) => match &state.cached {
                Some(cached) if !cached.expires_within(now, Duration::ZERO) => {
                    tracing::warn!(%error, "refreshing ECS RAM role credentials failed; using the cached ones until they expire");
                    Ok(cached.clone())
                }
                _ => Err(error),
            },
        }
    }

    async fn fetch(&self, state: &mut State) -> Result<Credentials, CredentialsError> {
        let client = match &state.client {
            Some(client) => client.clone(),
            None => {
                let client = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    // The metadata server is link-local to the instance: a proxy could not reach it, and must not
                    // see the token.
                    .no_proxy()
                    // Nor may a redirect take the session token (or the role's credentials) anywhere else.
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|error| {
                        CredentialsError::new(
                            CredentialsErrorKind::Misconfigured,
                            PROVIDER,
                            "cannot build the HTTP client for the metadata server",
                        )
                        .with_source(error)
                    })?;
                state.client = Some(client.clone());
                client
            }
        };

        if let Some(role) = &self.role_name {
            check_role_name(role).map_err(|problem| {
                CredentialsError::new(
                    CredentialsErrorKind::Misconfigured,
                    PROVIDER,
                    format!("the configured role name {} {problem}", shorten(role)),
                )
            })?;
        }
        let token = self.metadata_token(&client).await?;
        let role = match (&self.role_name, &state.discovered_role) {
            (Some(role), _) => role.clone(),
            (None, Some(role)) => role.clone(),
            (None, None) => {
                let role = self.discover_role(&client, token.as_ref()).await?;
                state.discovered_role = Some(role.clone());
                role
            }
        };

        tracing::debug!(endpoint = %self.endpoint, %role, "fetching ECS RAM role credentials");
        let url = format!("{}{ROLES_PATH}{role}", self.endpoint);
        let body = match self
            .send(with_token(client.get(&url), token.as_ref()), &url)
            .await
        {
            Ok(body) => body,
            Err(Failure::Status(status)) => {
                if status == reqwest::StatusCode::NOT_FOUND {
                    // A discovered role may have been detached or replaced: look again next time.
                    state.discovered_role = None;
                }
                return Err(status_error(
                    status,
                    &url,
                    &format!("the credentials of role {}", shorten(&role)),
                ));
            }
            Err(Failure::Other(error)) => return Err(error),
        };
        parse_credentials(&body, &role, &url)
    }

    /// An IMDSv2 session token, or `None` to go on with IMDSv1 when the server refuses to issue one and IMDSv1 is
    /// not disabled.
    async fn metadata_token(
        &self,
        client: &reqwest::Client,
    ) -> Result<Option<HeaderValue>, CredentialsError> {
        let url = format!("{}{TOKEN_PATH}", self.endpoint);
        let body = self
            .send(
                client.put(&url).header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS),
                &url,
            )
            .await;
        let body = match body {
            Ok(body) => body,
            Err(Failure::Status(status)) if !self.imds_v1_disabled => {
                tracing::debug!(%status, "the metadata server issued no IMDSv2 token; going on with IMDSv1");
                return Ok(None);
            }
            Err(Failure::Status(status)) => {
                return Err(service_error(format!(
                    "asking {url} for an IMDSv2 session token got HTTP {status} (the server would not issue \
                     one, and {IMDSV1_DISABLED_VARIABLE} forbids going on without)"
                )));
            }
            Err(Failure::Other(error)) => return Err(error),
        };
        let token = std::str::from_utf8(&body)
            .map(str::trim)
            .unwrap_or_default();
        let mut token = HeaderValue::from_str(token)
            .ok()
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                service_error(format!(
                    "{url} answered with an empty or unusable IMDSv2 token"
                ))
            })?;
        token.set_sensitive(true);
        Ok(Some(token))
    }

    async fn discover_role(
        &self,
        client: &reqwest::Client,
        token: Option<&HeaderValue>,
    ) -> Result<String, CredentialsError> {
        let url = format!("{}{ROLES_PATH}", self.endpoint);
        let body = self
            .send(with_token(client.get(&url), token), &url)
            .await
            .map_err(|failure| match failure {
                Failure::Status(reqwest::StatusCode::NOT_FOUND) => service_error(format!(
                    "no RAM role is attached to this instance ({url} answered HTTP 404)"
                )),
                failure => failure.into_error(&url, "the instance's RAM role name"),
            })?;
        let text = std::str::from_utf8(&body).unwrap_or_default();
        let Some(role) = text.lines().map(str::trim).find(|line| !line.is_empty()) else {
            return Err(service_error(format!(
                "no RAM role is attached to this instance ({url} listed none)"
            )));
        };
        check_role_name(role).map_err(|problem| {
            CredentialsError::new(
                CredentialsErrorKind::Malformed,
                PROVIDER,
                format!("{url} listed a role name that {problem}"),
            )
        })?;
        Ok(role.to_owned())
    }

    /// Sends a request and reads a successful answer's body (at most [`MAX_BODY_BYTES`]).
    async fn send(&self, request: reqwest::RequestBuilder, url: &str) -> Result<Vec<u8>, Failure> {
        let transport = |error: reqwest::Error| {
            if error.is_builder() {
                return Failure::Other(
                    CredentialsError::new(
                        CredentialsErrorKind::Misconfigured,
                        PROVIDER,
                        format!("{url} is not a usable metadata server URL"),
                    )
                    .with_source(error),
                );
            }
            let what = if error.is_timeout() {
                format!(
                    "timed out (limits: {:?} to connect, {:?} in all)",
                    self.connect_timeout, self.timeout
                )
            } else if error.is_connect() {
                "could not connect (is this an ECS instance?)".to_owned()
            } else {
                "the request failed".to_owned()
            };
            Failure::Other(
                service_error(format!("ECS metadata server at {url}: {what}")).with_source(error),
            )
        };
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status();
        if !status.is_success() {
            return Err(Failure::Status(status));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(Failure::Other(service_error(format!(
                    "{url} answered with more than {MAX_BODY_BYTES} bytes; that is not a metadata answer"
                ))));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.provide())
    }
}

/// `ALIBABA_CLOUD_IMDSV1_DISABLED=true`.
pub(crate) fn imds_v1_disabled(env: &Env) -> Result<bool, NotUnicode> {
    Ok(env
        .var(IMDSV1_DISABLED_VARIABLE)?
        .is_some_and(|value| value.eq_ignore_ascii_case("true")))
}

/// The request with the IMDSv2 session token, if there is one.
fn with_token(
    request: reqwest::RequestBuilder,
    token: Option<&HeaderValue>,
) -> reqwest::RequestBuilder {
    match token {
        Some(token) => request.header(TOKEN_HEADER, token.clone()),
        None => request,
    }
}

/// Why a metadata request failed: a status to interpret in context, or an error already described.
enum Failure {
    Status(reqwest::StatusCode),
    Other(CredentialsError),
}

impl Failure {
    fn into_error(self, url: &str, what: &str) -> CredentialsError {
        match self {
            Failure::Status(status) => status_error(status, url, what),
            Failure::Other(error) => error,
        }
    }
}

fn service_error(message: String) -> CredentialsError {
    CredentialsError::new(CredentialsErrorKind::MetadataService, PROVIDER, message)
}

fn status_error(status: reqwest::StatusCode, url: &str, what: &str) -> CredentialsError {
    let hint = match status.as_u16() {
        401 | 403 => " (the server refused the IMDSv2 token)",
        404 => " (no such role on this instance?)",
        _ => "",
    };
    service_error(format!("asking {url} for {what} got HTTP {status}{hint}"))
}

/// Role names go into the URL path, so anything that could change the URL's shape is refused.
fn check_role_name(role: &str) -> Result<(), &'static str> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_.@+=,".contains(c);
    if role.is_empty() || role == "." || role == ".." || !role.chars().all(allowed) {
        Err("is not a valid RAM role name (letters, digits and - _ . @ + = , only)")
    } else {
        Ok(())
    }
}

/// Reads `{"Code": "Success", "AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}`. Messages may quote
/// the server's `Code` and `Expiration`, never the key, the secret or the token.
fn parse_credentials(body: &[u8], role: &str, url: &str) -> Result<Credentials, CredentialsError> {
    let role = shorten(role);
    let malformed =
        |message: String| CredentialsError::new(CredentialsErrorKind::Malformed, PROVIDER, message);
    let value: Value = serde_json::from_slice(body).map_err(|error| {
        malformed(format!(
            "the credentials of role {role} from {url} are not valid JSON: {error}"
        ))
        .with_source(error)
    })?;
    let field = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .filter(|text| !text.is_empty())
    };
    match field("Code") {
        Some("Success") => {}
        Some(code) => {
            return Err(service_error(format!(
                "the metadata server answered Code {} for role {role} from {url}",
                shorten(code)
            )));
        }
        None => {
            return Err(malformed(format!(
                "the credentials of role {role} from {url} have no \"Code\""
            )));
        }
    }
    let required = |key: &str| {
        field(key).ok_or_else(|| {
            malformed(format!(
                "the credentials of role {role} from {url} have no \"{key}\""
            ))
        })
    };
    let (id, secret, token) = (
        required("AccessKeyId")?,
        required("AccessKeySecret")?,
        required("SecurityToken")?,
    );
    let expiration_text = required("Expiration")?;
    let expiration = parse_iso8601(expiration_text).ok_or_else(|| {
        malformed(format!(
            "the Expiration {} of role {role} from {url} is not a YYYY-MM-DDThh:mm:ssZ time",
            shorten(expiration_text)
        ))
    })?;
    Ok(Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiration(expiration))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names() {
        assert!(check_role_name("cert-deployer_1.prod").is_ok());
        for bad in [
            "", ".", "..", "a/b", "a?b", "a#b", "a b", "a%2F", "ключ", "a\n",
        ] {
            assert!(check_role_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn credentials_body() {
        let body = br#"{"Code":"Success","AccessKeyId":"STS.id","AccessKeySecret":"body-secret",
            "SecurityToken":"body-token","Expiration":"2030-01-01T00:00:00Z","LastUpdated":"2029-12-31T18:00:00Z"}"#;
        let credentials = parse_credentials(body, "role", "url").unwrap();
        assert_eq!(credentials.security_token(), Some("body-token"));
        assert!(credentials.expiration().is_some());

        let missing = parse_credentials(br#"{"Code":"Success","AccessKeyId":"x"}"#, "role", "url")
            .unwrap_err();
        assert_eq!(missing.kind(), CredentialsErrorKind::Malformed);
        assert!(
            missing.to_string().contains("\"AccessKeySecret\""),
            "{missing}"
        );

        let failed = parse_credentials(br#"{"Code":"Failed"}"#, "role", "url").unwrap_err();
        assert_eq!(failed.kind(), CredentialsErrorKind::MetadataService);

        for body in [&b""[..], b"[]", b"null", b"{\"Code\": 1}", b"\xff"] {
            assert!(parse_credentials(body, "role", "url").is_err());
        }
    }
}

//! A small client of Security Token Service (`sts`, 2015-04-01) for the providers that assume a RAM role:
//! `AssumeRole`, signed V1 with the source credentials, and `AssumeRoleWithOIDC`, sent without a signature. It stands
//! apart from the request runtime on purpose: the runtime asks a credentials provider before every call, so it
//! cannot be the way a provider gets its credentials.
//!
//! The requests are what the official providers send (alibabacloud-credentials 1.0.12 for Python,
//! `provider/ram_role_arn.py` and `provider/oidc.py`, and the Go SDK's split of them): a POST whose query carries
//! the protocol's parameters and whose form body carries the operation's, so a role session's policy or an OIDC
//! token never sits in a URL. The answer is read under a size cap; redirects are not followed (they could carry the
//! request elsewhere) and no `Referer` is sent. Errors name the endpoint and the role and quote the service's
//! `Code` and `RequestId`, never a key, secret or token (the service's own message is shown only when it quotes
//! none of them).

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::shown::shorten;
use super::{Credentials, CredentialsError, CredentialsErrorKind};

use super::sts_endpoint::misconfigured;
pub(crate) use super::sts_endpoint::{StsEndpoint, StsEnv, check_region};
use crate::encode::percent_encoded;
use crate::sign::{new_nonce, v1};
use crate::time::{format_iso8601, parse_iso8601};

const VERSION: &str = "2015-04-01";
/// STS answers are about 2 KiB; anything this large is not one.
const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// The official providers' defaults: 5 s to connect, 10 s to read.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const TIMEOUT: Duration = Duration::from_secs(15);

/// The role to assume and the session to ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RoleSession {
    pub role_arn: String,
    pub session_name: String,
    pub duration_seconds: u64,
    pub policy: Option<String>,
    pub external_id: Option<String>,
}

/// The default session length, as the official providers ask for.
pub(crate) const DEFAULT_DURATION_SECONDS: u64 = 3600;

/// A session name when nothing names one: `alicert-<unix seconds>`, as the official providers use
/// `credentials-python-<seconds>`. One per process, so that a profile read again is the same profile.
pub(crate) fn default_session_name() -> String {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let seconds = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        format!("alicert-{seconds}")
    })
    .clone()
}

/// A client of one STS endpoint, for one provider (whose name its errors carry).
#[derive(Debug)]
pub(crate) struct StsClient {
    pub endpoint: StsEndpoint,
    provider: &'static str,
    http: OnceLock<reqwest::Client>,
}

impl StsClient {
    pub(crate) fn new(endpoint: StsEndpoint, provider: &'static str) -> Self {
        Self {
            endpoint,
            provider,
            http: OnceLock::new(),
        }
    }

    fn http(&self) -> Result<reqwest::Client, CredentialsError> {
        if let Some(client) = self.http.get() {
            return Ok(client.clone());
        }
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .build()
            .map_err(|error| {
                misconfigured(self.provider, "cannot build the HTTP client for STS")
                    .with_source(error)
            })?;
        Ok(self.http.get_or_init(|| client).clone())
    }

    /// `AssumeRole`, signed V1 with `source`.
    pub(crate) async fn assume_role(
        &self,
        source: &Credentials,
        session: &RoleSession,
    ) -> Result<Credentials, CredentialsError> {
        let nonce = new_nonce();
        let mut query: Vec<(&str, String)> = v1::common_params(
            "AssumeRole",
            VERSION,
            source.access_key_id(),
            source.security_token(),
            SystemTime::now(),
            &nonce,
        );
        let body = session_params(session, &[]);
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .chain(body.iter().map(|(name, value)| (*name, value.as_str())))
            .collect();
        let signature = v1::sign("POST", &pairs, source.access_key_secret()).signature;
        query.push(("Signature", signature));
        let mut secrets = vec![source.access_key_secret()];
        secrets.extend(source.security_token());
        self.send("AssumeRole", &query, &body, session, &secrets)
            .await
    }

    /// `AssumeRoleWithOIDC`, unsigned: the OIDC token is the proof.
    pub(crate) async fn assume_role_with_oidc(
        &self,
        session: &RoleSession,
        provider_arn: &str,
        token: &str,
    ) -> Result<Credentials, CredentialsError> {
        let query = vec![
            ("Action", "AssumeRoleWithOIDC".to_owned()),
            ("Version", VERSION.to_owned()),
            ("Format", "JSON".to_owned()),
            ("Timestamp", format_iso8601(SystemTime::now())),
        ];
        let body = session_params(
            session,
            &[("OIDCProviderArn", provider_arn), ("OIDCToken", token)],
        );
        self.send("AssumeRoleWithOIDC", &query, &body, session, &[token])
            .await
    }

    async fn send(
        &self,
        action: &str,
        query: &[(&str, String)],
        body: &[(&'static str, String)],
        session: &RoleSession,
        secrets: &[&str],
    ) -> Result<Credentials, CredentialsError> {
        let http = self.http()?;
        let place = format!(
            "{action} of role {} at {}",
            shorten(&session.role_arn),
            self.endpoint
        );
        let url = format!("{}/?{}", self.endpoint, form(query));
        tracing::debug!(endpoint = %self.endpoint, action, "asking STS for credentials");
        let transport = |error: reqwest::Error| {
            let what = if error.is_timeout() {
                format!("timed out ({CONNECT_TIMEOUT:?} to connect, {TIMEOUT:?} in all)")
            } else if error.is_connect() {
                "could not connect".to_owned()
            } else if error.is_builder() {
                "the endpoint is not a usable URL".to_owned()
            } else {
                "the request failed".to_owned()
            };
            // The URL is dropped from the cause: its query holds the AccessKey ID and the signature.
            service(self.provider, format!("{place}: {what}")).with_source(error.without_url())
        };
        let mut response = http
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(form(body))
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let mut answer = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if answer.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(service(
                    self.provider,
                    format!(
                        "{place}: the answer is larger than {MAX_ANSWER_BYTES} bytes; not an STS answer"
                    ),
                ));
            }
            answer.extend_from_slice(&chunk);
        }
        let json: Option<Value> = serde_json::from_slice(&answer).ok();
        if !status.is_success() {
            return Err(refused(
                self.provider,
                &place,
                status,
                json.as_ref(),
                secrets,
            ));
        }
        let Some(json) = json else {
            return Err(malformed(
                self.provider,
                format!("{place}: HTTP {status} with an answer that is not JSON"),
            ));
        };
        parse_answer(&json).map_err(|missing| {
            malformed(
                self.provider,
                format!("{place}: the answer has no {missing}"),
            )
        })
    }
}

/// The operation's parameters, sent in the form body.
fn session_params(
    session: &RoleSession,
    extra: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    let mut body = vec![
        ("RoleArn", session.role_arn.clone()),
        ("RoleSessionName", session.session_name.clone()),
        ("DurationSeconds", session.duration_seconds.to_string()),
    ];
    body.extend(
        extra
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned())),
    );
    if let Some(policy) = &session.policy {
        body.push(("Policy", policy.clone()));
    }
    if let Some(external_id) = &session.external_id {
        body.push(("ExternalId", external_id.clone()));
    }
    body
}

fn form(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encoded(name), percent_encoded(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `Credentials.{AccessKeyId, AccessKeySecret, SecurityToken, Expiration}`, or the name of what is missing.
fn parse_answer(json: &Value) -> Result<Credentials, &'static str> {
    let credentials = json.get("Credentials").ok_or("\"Credentials\"")?;
    let field = |name: &'static str| {
        credentials
            .get(name)
            .and_then(Value::as_str)
            .filter(|value| !value.is_empty())
            .ok_or(name)
    };
    let expiration = parse_expiration(field("Expiration")?)
        .ok_or("\"Expiration\" in the form YYYY-MM-DDThh:mm:ssZ")?;
    Ok(
        Credentials::new(field("AccessKeyId")?, field("AccessKeySecret")?)
            .with_security_token(field("SecurityToken")?)
            .with_expiration(expiration),
    )
}

/// `YYYY-MM-DDThh:mm:ssZ`, as STS writes `Expiration`; fractional seconds (`...:ss.sssZ`), which other
/// implementations of the protocol write, are dropped rather than refused.
pub(crate) fn parse_expiration(text: &str) -> Option<SystemTime> {
    if let Some(time) = parse_iso8601(text) {
        return Some(time);
    }
    let (seconds, fraction) = text.split_at_checked(19)?;
    let digits = fraction.strip_prefix('.')?.strip_suffix(['Z', 'z'])?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    parse_iso8601(&format!("{seconds}Z"))
}

/// An error answer: its status, `Code` and `RequestId`, and its `Message` when that quotes nothing secret.
fn refused(
    provider: &'static str,
    place: &str,
    status: reqwest::StatusCode,
    json: Option<&Value>,
    secrets: &[&str],
) -> CredentialsError {
    let text = |name| json.and_then(|json| json.get(name)).and_then(Value::as_str);
    let mut message = format!("{place}: HTTP {status}");
    if let Some(code) = text("Code") {
        message.push_str(&format!(", Code {}", shorten(code)));
    }
    if let Some(said) = text("Message").filter(|said| is_safe(said, secrets)) {
        message.push_str(&format!(", Message {}", shorten_long(said)));
    }
    if let Some(request_id) = text("RequestId") {
        message.push_str(&format!(", RequestId {}", shorten(request_id)));
    }
    CredentialsError::new(CredentialsErrorKind::Sts, provider, message)
}

/// Whether a message from the service may be shown: it must not quote a secret (as it is or percent-encoded once or
/// twice, as a string-to-sign would) nor a string-to-sign at all, which carries the token.
fn is_safe(message: &str, secrets: &[&str]) -> bool {
    let lower = message.to_ascii_lowercase();
    if lower.contains("string to sign") || lower.contains("stringtosign") {
        return false;
    }
    secrets
        .iter()
        .filter(|secret| secret.len() >= 4)
        .all(|secret| {
            let once = percent_encoded(secret);
            let twice = percent_encoded(&once);
            !message.contains(*secret) && !message.contains(&once) && !message.contains(&twice)
        })
}

fn shorten_long(text: &str) -> String {
    const LIMIT: usize = 300;
    match text.char_indices().nth(LIMIT) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}...", &text[..cut]),
    }
}

fn malformed(provider: &'static str, message: String) -> CredentialsError {
    CredentialsError::new(CredentialsErrorKind::Malformed, provider, message)
}

fn service(provider: &'static str, message: String) -> CredentialsError {
    CredentialsError::new(CredentialsErrorKind::Sts, provider, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_quoting_secrets_are_not_shown() {
        assert!(is_safe("The specified Role not exists.", &["secret-value"]));
        assert!(!is_safe("bad token tok/en+1", &["tok/en+1"]));
        assert!(!is_safe("x SecurityToken%253Dtok%252Fen", &["tok/en"]));
        assert!(!is_safe("server string to sign is:POST&%2F&...", &[]));
    }

    #[test]
    fn answers_parse() {
        let json: Value = serde_json::from_str(
            r#"{"RequestId":"r","Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"s","SecurityToken":"t",
            "Expiration":"2030-01-01T00:00:00Z"}}"#,
        )
        .unwrap();
        let credentials = parse_answer(&json).unwrap();
        assert_eq!(credentials.security_token(), Some("t"));
        assert!(credentials.expiration().is_some());
        for bad in [
            r#"{}"#,
            r#"{"Credentials":{"AccessKeyId":"a"}}"#,
            r#"{"Credentials":1}"#,
        ] {
            assert!(
                parse_answer(&serde_json::from_str(bad).unwrap()).is_err(),
                "{bad}"
            );
        }
    }
}

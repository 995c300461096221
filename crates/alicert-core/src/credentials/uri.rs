//! Credentials from a URL, `ALIBABA_CLOUD_CREDENTIALS_URI`: the last step of the official chain, for a sidecar or a
//! local agent that hands out STS credentials. The answer is the metadata server's shape,
//! `{"Code": "Success", "AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}`
//! (alibabacloud-credentials 1.0.12, `provider/uri.py`); the credentials are cached and refreshed as
//! [`super::refresh`] describes.
//!
//! Errors show the URL without its query or user information, either of which may hold a secret of the agent's.

use std::fmt;
use std::sync::OnceLock;
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::Value;

use super::env::Env;
use super::refresh::{Fetch, Refreshing};
use super::shown::shorten;
use super::sts::parse_expiration;
use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};

const PROVIDER: &str = "credentials URI";
pub(crate) const VARIABLE: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Temporary credentials from a URL that answers in the metadata server's shape.
#[derive(Debug)]
pub struct CredentialsUriProvider {
    cache: Refreshing<FetchUri>,
}

struct FetchUri {
    url: String,
    /// The URL as errors show it.
    shown: String,
    http: OnceLock<reqwest::Client>,
}

impl fmt::Debug for FetchUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchUri")
            .field("url", &self.shown)
            .finish_non_exhaustive()
    }
}

impl CredentialsUriProvider {
    /// Asks `url` (`http://` or `https://`) for credentials.
    pub fn new(url: impl Into<String>) -> Self {
        let url = url.into();
        Self {
            cache: Refreshing::new(FetchUri {
                shown: without_secrets(&url),
                url,
                http: OnceLock::new(),
            }),
        }
    }

    /// The provider `ALIBABA_CLOUD_CREDENTIALS_URI` asks for, if it is set.
    pub fn from_env() -> Option<Result<Self, CredentialsError>> {
        Self::from_env_lookup(&Env::default())
    }

    pub(crate) fn from_env_lookup(env: &Env) -> Option<Result<Self, CredentialsError>> {
        match env.var(VARIABLE) {
            Ok(None) => None,
            Ok(Some(url)) => Some(Ok(Self::new(url))),
            Err(problem) => Some(Err(problem.into_error(PROVIDER))),
        }
    }

    /// Refresh once the credentials are this close to expiring (15 minutes by default).
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.cache.set_stale_window(margin);
        self
    }
}

/// `scheme://host[:port]/path`: no user information, no query, no fragment.
fn without_secrets(url: &str) -> String {
    let cut = url.find(['?', '#']).map_or(url, |end| &url[..end]);
    let shown = match cut.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((user, host)) if !user.contains('/') => format!("{scheme}://{host}"),
            _ => cut.to_owned(),
        },
        None => cut.to_owned(),
    };
    shorten(&shown)
}

impl FetchUri {
    async fn get(&self) -> Result<Credentials, CredentialsError> {
        let failed = |what: String| {
            CredentialsError::new(
                CredentialsErrorKind::Sts,
                PROVIDER,
                format!("{} ({VARIABLE}): {what}", self.shown),
            )
        };
        let http = match self.http.get() {
            Some(http) => http.clone(),
            None => {
                let http = reqwest::Client::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .timeout(Duration::from_secs(15))
                    .redirect(reqwest::redirect::Policy::none())
                    .referer(false)
                    .build()
                    .map_err(|error| {
                        failed("cannot build the HTTP client".into()).with_source(error)
                    })?;
                self.http.get_or_init(|| http).clone()
            }
        };
        let transport = |error: reqwest::Error| {
            let what = if error.is_timeout() {
                "timed out"
            } else if error.is_connect() {
                "could not connect"
            } else if error.is_builder() {
                "not a usable URL"
            } else {
                "the request failed"
            };
            failed(what.to_owned()).with_source(error.without_url())
        };
        let mut response = http.get(&self.url).send().await.map_err(transport)?;
        let status = response.status();
        if !status.is_success() {
            return Err(failed(format!("HTTP {status}")));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(failed(format!(
                    "the answer is larger than {MAX_ANSWER_BYTES} bytes"
                )));
            }
            body.extend_from_slice(&chunk);
        }
        let json: Value = serde_json::from_slice(&body)
            .map_err(|_| failed("the answer is not JSON".to_owned()))?;
        let field = |name: &str| {
            json.get(name)
                .and_then(Value::as_str)
                .filter(|text| !text.is_empty())
        };
        match field("Code") {
            Some("Success") => {}
            Some(code) => {
                return Err(failed(format!(
                    "the answer's Code is {}, not \"Success\"",
                    shorten(code)
                )));
            }
            None => return Err(failed("the answer has no \"Code\"".to_owned())),
        }
        let required = |name: &'static str| {
            field(name).ok_or_else(|| failed(format!("the answer has no \"{name}\"")))
        };
        let expiration_text = required("Expiration")?;
        let expiration = parse_expiration(expiration_text).ok_or_else(|| {
            failed(format!(
                "the answer's Expiration {} is not a YYYY-MM-DDThh:mm:ssZ time",
                shorten(expiration_text)
            ))
        })?;
        Ok(
            Credentials::new(required("AccessKeyId")?, required("AccessKeySecret")?)
                .with_security_token(required("SecurityToken")?)
                .with_expiration(expiration),
        )
    }
}

impl Fetch for FetchUri {
    fn fetch(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}

impl ProvideCredentials for CredentialsUriProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.cache.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_secrets() {
        assert_eq!(
            without_secrets("http://127.0.0.1:8080/creds?token=abc"),
            "\"http://127.0.0.1:8080/creds\""
        );
        assert_eq!(
            without_secrets("https://user:pass@agent/x#frag"),
            "\"https://agent/x\""
        );
        assert_eq!(without_secrets("not a url"), "\"not a url\"");
    }
}

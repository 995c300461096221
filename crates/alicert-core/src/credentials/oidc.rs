//! Assuming a RAM role with an OIDC token (`AssumeRoleWithOIDC`): how a pod on ACK with RRSA, or any workload with
//! an identity provider RAM trusts, gets credentials without a key anywhere. The token file is re-read at every
//! refresh, because the platform rotates it (ACK every hour or so); the call carries no signature, the token is the
//! proof. Configured by `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`
//! (and optionally `ALIBABA_CLOUD_ROLE_SESSION_NAME`), by an `OIDC` profile of the `aliyun` CLI, or by an
//! `oidc_role_arn` profile of the credentials file.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures::future::BoxFuture;

use super::env::Env;
use super::read::{MAX_FILE_BYTES, ReadError, read_regular_file};
use super::refresh::{Fetch, Refreshing};
use super::sts::{
    DEFAULT_DURATION_SECONDS, RoleSession, StsClient, StsEndpoint, StsEnv, default_session_name,
};
use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};

const PROVIDER: &str = "OIDC role";
pub(crate) const ROLE_ARN_VARIABLE: &str = "ALIBABA_CLOUD_ROLE_ARN";
pub(crate) const PROVIDER_ARN_VARIABLE: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
pub(crate) const TOKEN_FILE_VARIABLE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
/// The OIDC variables, all three needed for the environment's OIDC step to run.
pub(crate) const VARIABLES: [&str; 3] = [
    ROLE_ARN_VARIABLE,
    PROVIDER_ARN_VARIABLE,
    TOKEN_FILE_VARIABLE,
];

/// Temporary credentials of a RAM role, from STS `AssumeRoleWithOIDC` with the token in a file.
///
/// ```no_run
/// use alicert_core::credentials::{OidcRoleProvider, ProvideCredentials};
///
/// # async fn run() -> Result<(), alicert_core::credentials::CredentialsError> {
/// let role = OidcRoleProvider::new(
///     "acs:ram::1234567890123456:role/cert-deployer",
///     "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1",
///     "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token",
/// );
/// let credentials = role.provide_credentials().await?;
/// assert!(credentials.is_sts());
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct OidcRoleProvider {
    cache: Refreshing<AssumeRoleWithOidc>,
}

struct AssumeRoleWithOidc {
    session: RoleSession,
    provider_arn: String,
    token_file: PathBuf,
    client: StsClient,
    /// Where this was configured (the variables, or a profile of a file), for errors.
    place: String,
}

impl fmt::Debug for AssumeRoleWithOidc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleWithOidc")
            .field("role_arn", &self.session.role_arn)
            .field("provider_arn", &self.provider_arn)
            .field("token_file", &self.token_file)
            .field("endpoint", &self.client.endpoint)
            .finish_non_exhaustive()
    }
}

impl OidcRoleProvider {
    /// Assumes `role_arn` trusting the OIDC provider `provider_arn`, with the token read from `token_file`.
    pub fn new(
        role_arn: impl Into<String>,
        provider_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
    ) -> Self {
        let token_file = token_file.into();
        let place = format!("token file {}", token_file.display());
        Self::build(
            RoleSession {
                role_arn: role_arn.into(),
                session_name: default_session_name(),
                duration_seconds: DEFAULT_DURATION_SECONDS,
                policy: None,
                external_id: None,
            },
            provider_arn.into(),
            token_file,
            StsEndpoint::default(),
            place,
        )
    }

    pub(crate) fn build(
        session: RoleSession,
        provider_arn: String,
        token_file: PathBuf,
        endpoint: StsEndpoint,
        place: String,
    ) -> Self {
        Self {
            cache: Refreshing::new(AssumeRoleWithOidc {
                session,
                provider_arn,
                token_file,
                client: StsClient::new(endpoint, PROVIDER),
                place,
            }),
        }
    }

    /// The provider the official SDKs build from `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
    /// `ALIBABA_CLOUD_OIDC_TOKEN_FILE` (with `ALIBABA_CLOUD_ROLE_SESSION_NAME` and the STS endpoint variables):
    /// `None` unless all three are set.
    pub fn from_env() -> Option<Result<Self, CredentialsError>> {
        Self::from_env_lookup(&Env::default())
    }

    pub(crate) fn from_env_lookup(env: &Env) -> Option<Result<Self, CredentialsError>> {
        if !VARIABLES.iter().all(|name| env.is_set(name)) {
            return None;
        }
        let build = || {
            let var = |name: &'static str| {
                env.var(name)
                    .map_err(|problem| problem.into_error(PROVIDER))
                    .map(Option::unwrap_or_default)
            };
            let sts = StsEnv::read(env).map_err(|problem| problem.into_error(PROVIDER))?;
            let token_file = env.path(TOKEN_FILE_VARIABLE).unwrap_or_default();
            Ok(Self::build(
                RoleSession {
                    role_arn: var(ROLE_ARN_VARIABLE)?,
                    session_name: sts
                        .session_name
                        .clone()
                        .unwrap_or_else(default_session_name),
                    duration_seconds: DEFAULT_DURATION_SECONDS,
                    policy: None,
                    external_id: None,
                },
                var(PROVIDER_ARN_VARIABLE)?,
                token_file,
                sts.endpoint(None, None, PROVIDER)?,
                format!("the role of {}", VARIABLES.join(", ")),
            ))
        };
        Some(build())
    }

    /// The `RoleSessionName`.
    pub fn with_session_name(mut self, name: impl Into<String>) -> Self {
        self.cache.fetcher_mut().session.session_name = name.into();
        self
    }

    /// The `DurationSeconds` to ask for (900 up to the role's maximum, at most 43200).
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.cache.fetcher_mut().session.duration_seconds = duration.as_secs();
        self
    }

    /// A `Policy` (JSON) narrowing what the session may do.
    pub fn with_policy(mut self, policy: impl Into<String>) -> Self {
        self.cache.fetcher_mut().session.policy = Some(policy.into());
        self
    }

    /// Another STS endpoint (a region's, the VPC one, or a local emulator's).
    pub fn with_endpoint(mut self, endpoint: StsEndpoint) -> Self {
        self.cache.fetcher_mut().client = StsClient::new(endpoint, PROVIDER);
        self
    }

    /// Refresh once the credentials are this close to expiring (15 minutes by default).
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.cache.set_stale_window(margin);
        self
    }

    /// The token file read at every refresh.
    pub fn token_file(&self) -> &Path {
        &self.cache.fetcher().token_file
    }
}

impl AssumeRoleWithOidc {
    /// The token, read now: a rotated token is picked up at the next refresh.
    fn token(&self) -> Result<String, CredentialsError> {
        let path = &self.token_file;
        let bytes = read_regular_file(path, MAX_FILE_BYTES).map_err(|error| {
            let missing = matches!(error, ReadError::NotFound);
            let error = error.into_credentials_error(PROVIDER, path);
            // A role that is configured but cannot be assumed stops a chain: it is not "nothing here".
            let error = if missing {
                CredentialsError::new(
                    CredentialsErrorKind::Misconfigured,
                    PROVIDER,
                    format!("the OIDC token file {} does not exist", path.display()),
                )
                .with_path(path)
            } else {
                error
            };
            error.in_place(&self.place)
        })?;
        let malformed = |what: &str| {
            CredentialsError::new(
                CredentialsErrorKind::Malformed,
                PROVIDER,
                format!("the OIDC token file {} {what}", path.display()),
            )
            .with_path(path)
            .in_place(&self.place)
        };
        let text = String::from_utf8(bytes).map_err(|_| malformed("is not UTF-8 text"))?;
        let token = text.trim();
        if token.is_empty() {
            return Err(malformed("is empty"));
        }
        Ok(token.to_owned())
    }
}

impl Fetch for AssumeRoleWithOidc {
    fn fetch(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let token = self.token()?;
            self.client
                .assume_role_with_oidc(&self.session, &self.provider_arn, &token)
                .await
                .map_err(|error| error.in_place(&self.place))
        })
    }
}

impl ProvideCredentials for OidcRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.cache.get())
    }
}

//! Assuming a RAM role with `AssumeRole`: the source credentials (a long-term key, or for role chaining another
//! role's STS credentials) sign the call, and the role's temporary credentials sign everything after it. This is
//! what the `aliyun` CLI's `RamRoleArn` and `ChainableRamRoleArn` profiles and the credentials file's `ram_role_arn`
//! type ask for; the credentials are cached and refreshed as [`super::refresh`] describes.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;

use super::refresh::{Fetch, Refreshing};
use super::sts::{
    DEFAULT_DURATION_SECONDS, RoleSession, StsClient, StsEndpoint, default_session_name,
};
use super::{Credentials, CredentialsError, ProvideCredentials};

const PROVIDER: &str = "RAM role";

/// Temporary credentials of a RAM role, from STS `AssumeRole` signed with another provider's credentials.
///
/// The session name defaults to `alicert-<unix seconds>`, the duration to 3600 seconds, and the endpoint to
/// `https://sts.aliyuncs.com`.
///
/// ```no_run
/// use alicert_core::credentials::{Credentials, ProvideCredentials, RamRoleArnProvider, StsEndpoint};
///
/// # async fn run() -> Result<(), alicert_core::credentials::CredentialsError> {
/// let source = Credentials::new("LTAI5tExampleKeyId0001", "example-secret");
/// let role = RamRoleArnProvider::new(source, "acs:ram::1234567890123456:role/cert-deployer")
///     .with_session_name("nightly-renewal")
///     .with_endpoint(StsEndpoint::for_region(Some("cn-shanghai"), false));
/// let credentials = role.provide_credentials().await?;
/// assert!(credentials.is_sts());
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct RamRoleArnProvider {
    cache: Refreshing<AssumeRole>,
}

struct AssumeRole {
    source: Arc<dyn ProvideCredentials>,
    session: RoleSession,
    client: StsClient,
    /// Where the role was configured (a profile in a file), for errors.
    place: Option<String>,
}

impl fmt::Debug for AssumeRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRole")
            .field("source", &self.source)
            .field("role_arn", &self.session.role_arn)
            .field("session_name", &self.session.session_name)
            .field("duration_seconds", &self.session.duration_seconds)
            .field("endpoint", &self.client.endpoint)
            .finish_non_exhaustive()
    }
}

impl RamRoleArnProvider {
    /// Assumes `role_arn` (`acs:ram::<account>:role/<name>`) with credentials from `source`.
    pub fn new(source: impl ProvideCredentials + 'static, role_arn: impl Into<String>) -> Self {
        Self::from_source(Arc::new(source), role_arn.into())
    }

    pub(crate) fn from_source(source: Arc<dyn ProvideCredentials>, role_arn: String) -> Self {
        Self {
            cache: Refreshing::new(AssumeRole {
                source,
                session: RoleSession {
                    role_arn,
                    session_name: default_session_name(),
                    duration_seconds: DEFAULT_DURATION_SECONDS,
                    policy: None,
                    external_id: None,
                },
                client: StsClient::new(StsEndpoint::default(), PROVIDER),
                place: None,
            }),
        }
    }

    pub(crate) fn with_session(mut self, session: RoleSession, place: String) -> Self {
        let fetcher = self.cache.fetcher_mut();
        fetcher.session = session;
        fetcher.place = Some(place);
        self
    }

    /// The `RoleSessionName` (2 to 64 characters of letters, digits and `. @ _ -`).
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

    /// The `ExternalId` the role's trust policy asks for.
    pub fn with_external_id(mut self, external_id: impl Into<String>) -> Self {
        self.cache.fetcher_mut().session.external_id = Some(external_id.into());
        self
    }

    /// Another STS endpoint (a region's, the VPC one, or a local emulator's).
    pub fn with_endpoint(mut self, endpoint: StsEndpoint) -> Self {
        let fetcher = self.cache.fetcher_mut();
        fetcher.client = StsClient::new(endpoint, PROVIDER);
        self
    }

    /// Refresh once the credentials are this close to expiring (15 minutes by default, as the official providers).
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.cache.set_stale_window(margin);
        self
    }

    /// The role assumed.
    pub fn role_arn(&self) -> &str {
        &self.cache.fetcher().session.role_arn
    }
}

impl Fetch for AssumeRole {
    fn fetch(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let source = self.source.provide_credentials().await?;
            self.client
                .assume_role(&source, &self.session)
                .await
                .map_err(|error| match &self.place {
                    Some(place) => error.in_place(place),
                    None => error,
                })
        })
    }
}

impl ProvideCredentials for RamRoleArnProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.cache.get())
    }
}

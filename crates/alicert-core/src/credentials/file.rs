//! Credentials from the shared credentials file the official SDKs read, `~/.alibabacloud/credentials`: an INI file
//! (read by [`super::ini`]) with one section per profile, each of a `type` that holds keys or names a role to
//! assume.
//!
//! ```ini
//! [default]
//! type = access_key
//! access_key_id = LTAI5t...
//! access_key_secret = ...
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::future::BoxFuture;

use super::env::{Env, NotUnicode, PROFILE};
use super::ini::{Section, parse_ini};
use super::plan::{EcsSettings, Plan, PlanCache};
use super::read::{MAX_FILE_BYTES, ReadError, read_regular_file};
use super::shown::{bare, list as list_names, shorten};
use super::sts::{
    DEFAULT_DURATION_SECONDS, RoleSession, StsEndpoint, StsEnv, default_session_name,
};
use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};

const PROVIDER: &str = "credentials file";
const FILE_VARIABLE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
/// The types the official SDKs read; only these are ever quoted back in an error.
const KNOWN_TYPES: [&str; 8] = [
    "access_key",
    "sts",
    "ecs_ram_role",
    "ram_role_arn",
    "oidc_role_arn",
    "rsa_key_pair",
    "credentials_uri",
    "bearer",
];

/// Credentials from `~/.alibabacloud/credentials`.
///
/// The file is `ALIBABA_CLOUD_CREDENTIALS_FILE` if set, else `~/.alibabacloud/credentials`, else
/// `~/.alibabacloud/credentials.ini` (the name the Python SDK 1.x reads). The profile (section) is the one given to
/// [`CredentialsFileProvider::with_profile`], else `ALIBABA_CLOUD_PROFILE`, else `default`. The file is read on
/// every call.
///
/// Syntax: `[section]` headers, `key = value` lines (keys are case-insensitive), full-line comments starting with
/// `#` or `;`. As in the official SDKs, a `#` inside a value starts a comment. A value may be wrapped in matching
/// quotes.
///
/// Types, with the keys the official providers read (alibabacloud-credentials 1.0.12, `provider/profile.py`):
/// `access_key` (`access_key_id`, `access_key_secret`); `ram_role_arn` (those two, `role_arn`, optional
/// `role_session_name` and `policy`), which assumes the role with STS `AssumeRole`; `oidc_role_arn` (`role_arn`,
/// `oidc_provider_arn`, `oidc_token_file_path`, optional `role_session_name` and `policy`), with
/// `AssumeRoleWithOIDC`; `ecs_ram_role` (optional `role_name`), from the ECS metadata server. The STS endpoint
/// follows `ALIBABA_CLOUD_STS_ENDPOINT`, `ALIBABA_CLOUD_STS_REGION` and `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`.
/// Other types (`rsa_key_pair`, ...) are reported as unsupported rather than skipped.
#[derive(Debug, Clone)]
pub struct CredentialsFileProvider {
    /// The files to try, in order; empty when no home directory was found.
    candidates: Vec<PathBuf>,
    profile: String,
    chosen_by: &'static str,
    /// `ALIBABA_CLOUD_PROFILE`, when it is set but cannot be read: reported by [`CredentialsFileProvider::load`].
    unusable: Option<NotUnicode>,
    /// The STS variables, for the types that assume a role (a problem is reported only by those).
    sts: Result<StsEnv, NotUnicode>,
    /// How `ecs_ram_role` profiles reach the metadata server (a problem reading the variables is reported only
    /// by those).
    ecs: Result<EcsSettings, NotUnicode>,
    /// The provider of a profile that calls a service, kept while the profile is unchanged.
    cache: Arc<PlanCache>,
}

impl Default for CredentialsFileProvider {
    fn default() -> Self {
        Self::from_env(&Env::default())
    }
}

impl CredentialsFileProvider {
    /// The file and profile from the process environment, as described on the type.
    pub fn new() -> Self {
        Self::default()
    }

    /// As [`CredentialsFileProvider::new`], reading `HOME`, `ALIBABA_CLOUD_CREDENTIALS_FILE` and
    /// `ALIBABA_CLOUD_PROFILE` through `lookup` instead of the process environment.
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self::from_env(&Env::from_fn(lookup))
    }

    pub(crate) fn from_env(env: &Env) -> Self {
        Self::from_env_and_home(env, env.home_dir())
    }

    pub(crate) fn from_env_and_home(env: &Env, home: Option<PathBuf>) -> Self {
        let candidates = match env.path(FILE_VARIABLE) {
            Some(path) => vec![path],
            None => home
                .map(|home| {
                    let folder = home.join(".alibabacloud");
                    vec![folder.join("credentials"), folder.join("credentials.ini")]
                })
                .unwrap_or_default(),
        };
        let (profile, chosen_by, unusable) = match env.var(PROFILE) {
            Ok(Some(profile)) => (profile, " (chosen by ALIBABA_CLOUD_PROFILE)", None),
            Ok(None) => ("default".to_owned(), "", None),
            Err(problem) => ("default".to_owned(), "", Some(problem)),
        };
        Self {
            candidates,
            profile,
            chosen_by,
            unusable,
            sts: StsEnv::read(env),
            ecs: EcsSettings::from_env(env),
            cache: Arc::default(),
        }
    }

    /// Points `ecs_ram_role` profiles at another metadata server (a local one in tests).
    pub fn with_ecs_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        if let Ok(ecs) = &mut self.ecs {
            ecs.endpoint = Some(endpoint.into());
        }
        self
    }

    /// Reads this file instead.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.candidates = vec![path.into()];
        self
    }

    /// Uses this profile (section), whatever `ALIBABA_CLOUD_PROFILE` says.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = name.into();
        self.chosen_by = "";
        self.unusable = None;
        self
    }

    /// The files this provider tries, in order.
    pub fn paths(&self) -> &[PathBuf] {
        &self.candidates
    }

    /// Reads the file now and returns the profile's credentials, if its type keeps keys in the file
    /// (`access_key`); the types that call a service are served by [`ProvideCredentials::provide_credentials`]
    /// only.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let (place, plan) = self.resolve()?;
        match plan {
            Plan::Static(credentials) => Ok(credentials),
            _ => Err(CredentialsError::new(
                CredentialsErrorKind::Unsupported,
                PROVIDER,
                format!(
                    "{place} gets its credentials from a service (STS or the ECS metadata server), so it has no \
                     keys to load; use CredentialsFileProvider::provide_credentials"
                ),
            )
            .with_profile(&self.profile)),
        }
    }

    fn ecs_settings(&self) -> Result<EcsSettings, CredentialsError> {
        self.ecs
            .clone()
            .map_err(|problem| problem.into_error(PROVIDER))
    }

    async fn provide(&self) -> Result<Credentials, CredentialsError> {
        let (place, plan) = self.resolve()?;
        if let Plan::Static(credentials) = plan {
            return Ok(credentials);
        }
        self.cache
            .provide(plan, &place, &self.ecs_settings()?)
            .await
    }

    /// Reads the file now: where the profile is, and what it asks for.
    fn resolve(&self) -> Result<(String, Plan), CredentialsError> {
        if let Some(problem) = self.unusable {
            return Err(problem.into_error(PROVIDER));
        }
        for path in &self.candidates {
            match read_regular_file(path, MAX_FILE_BYTES) {
                Ok(bytes) => return self.load_from(path, &bytes),
                Err(ReadError::NotFound) => continue,
                Err(error) => return Err(error.into_credentials_error(PROVIDER, path)),
            }
        }
        let message = match self.candidates.as_slice() {
            [] => format!("no home directory (HOME is not set) and {FILE_VARIABLE} is not set"),
            [only] => format!("{} does not exist", only.display()),
            [first, rest @ ..] => {
                let rest: Vec<String> =
                    rest.iter().map(|path| path.display().to_string()).collect();
                format!(
                    "{} does not exist (nor {})",
                    first.display(),
                    rest.join(", ")
                )
            }
        };
        let error = CredentialsError::new(CredentialsErrorKind::NotFound, PROVIDER, message);
        Err(match self.candidates.first() {
            Some(path) => error.with_path(path),
            None => error,
        })
    }

    fn load_from(&self, path: &Path, bytes: &[u8]) -> Result<(String, Plan), CredentialsError> {
        let shown = path.display();
        let malformed = |message: String| {
            CredentialsError::new(CredentialsErrorKind::Malformed, PROVIDER, message)
                .with_path(path)
        };
        let sections = parse_ini(bytes).map_err(|error| malformed(format!("{shown}: {error}")))?;
        let name = &self.profile;
        let Some(section) = sections.iter().find(|section| &section.name == name) else {
            let existing = if sections.is_empty() {
                "the file has no profiles".to_owned()
            } else {
                let names = sections.iter().map(|section| section.name.as_str());
                format!("profiles there: {}", list_names(names, shorten))
            };
            return Err(CredentialsError::new(
                CredentialsErrorKind::ProfileNotFound,
                PROVIDER,
                format!(
                    "no profile [{}]{} in {shown} ({existing})",
                    bare(name),
                    self.chosen_by
                ),
            )
            .with_path(path)
            .with_profile(name));
        };
        let place = format!(
            "profile [{}] (line {}) of {shown}",
            bare(name),
            section.line
        );
        let required = |key: &str| {
            section
                .get(key)
                .ok_or_else(|| malformed(format!("{place} has no \"{key}\"")).with_profile(name))
        };
        let plan = match section.get("type") {
            Some("access_key") => Plan::Static(Credentials::new(
                required("access_key_id")?,
                required("access_key_secret")?,
            )),
            Some("ram_role_arn") => Plan::AssumeRole {
                source: Box::new(Plan::Static(Credentials::new(
                    required("access_key_id")?,
                    required("access_key_secret")?,
                ))),
                session: self.session(section, required("role_arn")?),
                endpoint: self.endpoint()?,
            },
            Some("oidc_role_arn") => Plan::Oidc {
                session: self.session(section, required("role_arn")?),
                provider_arn: required("oidc_provider_arn")?.to_owned(),
                token_file: PathBuf::from(required("oidc_token_file_path")?),
                endpoint: self.endpoint()?,
            },
            Some("ecs_ram_role") => Plan::EcsRole {
                role_name: section.get("role_name").map(str::to_owned),
            },
            None => {
                return Err(malformed(format!(
                    "{place} has no \"type\" (expected `type = access_key`)"
                ))
                .with_profile(name));
            }
            Some(other) => {
                return Err(CredentialsError::new(
                    CredentialsErrorKind::Unsupported,
                    PROVIDER,
                    format!(
                        "unsupported type {} in {place}; the supported types are access_key, ram_role_arn, \
                         oidc_role_arn and ecs_ram_role (for others, export credentials to the ALIBABA_CLOUD_* \
                         variables or implement ProvideCredentials)",
                        if KNOWN_TYPES.contains(&other) {
                            format!("{other:?}")
                        } else {
                            // Perhaps a secret pasted into the wrong line: not repeated.
                            "(an unrecognised value, not shown)".to_owned()
                        }
                    ),
                )
                .with_path(path)
                .with_profile(name));
            }
        };
        Ok((place, plan))
    }

    /// The session a role profile asks for: `role_session_name` (else `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else
    /// `alicert-<seconds>`) and `policy`; the official providers read no duration from this file.
    fn session(&self, section: &Section, role_arn: &str) -> RoleSession {
        let from_env = self
            .sts
            .as_ref()
            .ok()
            .and_then(|sts| sts.session_name.clone());
        RoleSession {
            role_arn: role_arn.to_owned(),
            session_name: section
                .get("role_session_name")
                .map(str::to_owned)
                .or(from_env)
                .unwrap_or_else(default_session_name),
            duration_seconds: DEFAULT_DURATION_SECONDS,
            policy: section.get("policy").map(str::to_owned),
            external_id: None,
        }
    }

    fn endpoint(&self) -> Result<StsEndpoint, CredentialsError> {
        let sts = self
            .sts
            .as_ref()
            .map_err(|problem| problem.into_error(PROVIDER))?;
        sts.endpoint(None, None, PROVIDER)
    }
}

impl ProvideCredentials for CredentialsFileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.provide())
    }
}

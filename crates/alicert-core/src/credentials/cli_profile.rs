//! Credentials from the `aliyun` CLI's configuration, `~/.aliyun/config.json`, so that a machine where someone ran
//! `aliyun configure` needs no further setup. The file is read on every call rather than once: `aliyun configure`
//! may rewrite it (a fresh STS token) while a long-running program uses it, and the file is small.
//!
//! The JSON is read as an untyped value and the few fields needed are picked out by hand, so that no message ever
//! echoes a value from the file (serde's "invalid type" errors quote the value they saw, and that value could be
//! a secret).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::future::BoxFuture;
use serde_json::Value;

use super::cli_modes::Modes;
use super::env::{Env, NotUnicode, PROFILE};
use super::plan::{EcsSettings, Plan, PlanCache};
use super::read::{MAX_FILE_BYTES, read_regular_file};
use super::shown::{list as list_names, shorten};
use super::sts::StsEnv;
use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};

const PROVIDER: &str = "aliyun CLI config";
const DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/// One profile of the `aliyun` CLI's configuration, as [`load_profile`] found it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CliProfile {
    /// The profile's `name`.
    pub name: String,
    /// The profile's `mode`: `AK` or `StsToken` (the only modes [`load_profile`] loads; the others call a service).
    pub mode: String,
    /// The profile's `region_id`, if set: the region the CLI sends requests to by default.
    pub region_id: Option<String>,
    /// The profile's keys (and STS token, for `StsToken`).
    pub credentials: Credentials,
}

/// How the profile name was chosen, to say so when it is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Choice {
    Explicit(String),
    Env(String),
    /// Whatever the file's `current` says.
    Current,
}

/// Loads one profile from an `aliyun` CLI configuration file: the profile called `name`, or the file's `current`
/// one (`default` if the file names none).
///
/// Errors name the file and the profile: not found (with [`CredentialsError::is_not_found`]) when the file does
/// not exist or has no such profile (the message then lists the profiles it has); a hard error when the file is not
/// valid JSON (with line and column), a required field is missing, or the profile's mode is not `AK` or `StsToken`.
pub fn load_profile(path: &Path, name: Option<&str>) -> Result<CliProfile, CredentialsError> {
    let choice = name.map_or(Choice::Current, |name| Choice::Explicit(name.to_owned()));
    load(path, &choice, &StsEnv::read(&Env::default()))
}

/// Credentials from the `aliyun` CLI's `~/.aliyun/config.json`.
///
/// The profile is the one given to [`CliProfileProvider::with_profile`], else the one `ALIBABA_CLOUD_PROFILE`
/// names, else the file's `current` one. Setting `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` turns this source off,
/// as it does for the official SDKs. Modes `AK` and `StsToken` hold keys; `RamRoleArn` assumes `ram_role_arn` with
/// the profile's keys, `ChainableRamRoleArn` with the credentials of its `source_profile` (a loop is an error
/// naming the profiles), `EcsRamRole` asks the ECS metadata server for `ram_role_name`, and `OIDC` assumes
/// `ram_role_arn` with the token in `oidc_token_file`. Other modes are reported as unsupported rather than skipped:
/// a profile that asks for a role must not silently sign with something else.
///
/// The file is read on every call; the credentials of a role are cached in this provider (and its clones) while
/// the profile stays the same.
#[derive(Debug, Clone)]
pub struct CliProfileProvider {
    /// `None` when no home directory could be found.
    path: Option<PathBuf>,
    choice: Choice,
    disabled: bool,
    /// A variable this source reads that is set but cannot be read: reported by [`CliProfileProvider::load`].
    unusable: Option<NotUnicode>,
    /// The STS variables, for the modes that assume a role (a problem is reported only by those).
    sts: Result<StsEnv, NotUnicode>,
    /// How `EcsRamRole` profiles reach the metadata server (a problem reading the variables is reported only
    /// by those).
    ecs: Result<EcsSettings, NotUnicode>,
    /// The provider of a profile that calls a service, kept while the profile is unchanged.
    cache: Arc<PlanCache>,
}

impl Default for CliProfileProvider {
    fn default() -> Self {
        Self::from_env(&Env::default())
    }
}

impl CliProfileProvider {
    /// `$HOME/.aliyun/config.json`, with the profile from `ALIBABA_CLOUD_PROFILE` or the file's `current`.
    pub fn new() -> Self {
        Self::default()
    }

    /// As [`CliProfileProvider::new`], reading `HOME`, `ALIBABA_CLOUD_PROFILE` and
    /// `ALIBABA_CLOUD_CLI_PROFILE_DISABLED` through `lookup` instead of the process environment.
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self::from_env(&Env::from_fn(lookup))
    }

    pub(crate) fn from_env(env: &Env) -> Self {
        Self::from_env_and_home(env, env.home_dir())
    }

    pub(crate) fn from_env_and_home(env: &Env, home: Option<PathBuf>) -> Self {
        let mut unusable = None;
        let choice = match env.var(PROFILE) {
            Ok(name) => name.map_or(Choice::Current, Choice::Env),
            Err(problem) => {
                unusable = Some(problem);
                Choice::Current
            }
        };
        let disabled = match env.var(DISABLED) {
            Ok(value) => value.is_some_and(|value| value.eq_ignore_ascii_case("true")),
            Err(problem) => {
                unusable = Some(problem);
                false
            }
        };
        Self {
            path: home.map(|home| home.join(".aliyun").join("config.json")),
            choice,
            disabled,
            unusable,
            sts: StsEnv::read(env),
            ecs: EcsSettings::from_env(env),
            cache: Arc::default(),
        }
    }

    /// Points `EcsRamRole` profiles at another metadata server (a local one in tests).
    pub fn with_ecs_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        if let Ok(ecs) = &mut self.ecs {
            ecs.endpoint = Some(endpoint.into());
        }
        self
    }

    /// Reads this file instead of `~/.aliyun/config.json`.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this profile, whatever `ALIBABA_CLOUD_PROFILE` and the file's `current` say.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.choice = Choice::Explicit(name.into());
        if self.unusable == Some(NotUnicode(PROFILE)) {
            self.unusable = None;
        }
        self
    }

    /// The file this provider reads, if a home directory was found.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Reads the file now and returns the chosen profile, if its mode keeps keys in the file (`AK`, `StsToken`);
    /// the modes that call a service are served by [`ProvideCredentials::provide_credentials`] only.
    pub fn load(&self) -> Result<CliProfile, CredentialsError> {
        load(self.usable_path()?, &self.choice, &self.sts)
    }

    /// The file to read, once this source is known to be on.
    fn usable_path(&self) -> Result<&Path, CredentialsError> {
        if let Some(problem) = self.unusable {
            return Err(problem.into_error(PROVIDER));
        }
        if self.disabled {
            return Err(not_found(format!("turned off by {DISABLED}=true")));
        }
        self.path.as_deref().ok_or_else(|| {
            not_found("no home directory (HOME is not set), so no ~/.aliyun/config.json")
        })
    }

    /// The chosen profile's `region_id`, whatever its mode, or `None` if it has none or cannot be read.
    pub fn region(&self) -> Option<String> {
        resolve(self.usable_path().ok()?, &self.choice, &self.sts)
            .ok()?
            .region_id
    }

    fn ecs_settings(&self) -> Result<EcsSettings, CredentialsError> {
        self.ecs
            .clone()
            .map_err(|problem| problem.into_error(PROVIDER))
    }

    async fn provide(&self) -> Result<Credentials, CredentialsError> {
        let resolved = resolve(self.usable_path()?, &self.choice, &self.sts)?;
        if let Plan::Static(credentials) = resolved.plan {
            return Ok(credentials);
        }
        self.cache
            .provide(resolved.plan, &resolved.place, &self.ecs_settings()?)
            .await
    }
}

impl ProvideCredentials for CliProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.provide())
    }
}

fn not_found(message: impl Into<String>) -> CredentialsError {
    CredentialsError::new(CredentialsErrorKind::NotFound, PROVIDER, message)
}

/// A profile read from the file, and what it asks for.
struct Resolved {
    name: String,
    mode: String,
    region_id: Option<String>,
    plan: Plan,
    /// `profile "x" (mode M) of FILE`, for errors of the providers the plan builds.
    place: String,
}

fn load(
    path: &Path,
    choice: &Choice,
    sts: &Result<StsEnv, NotUnicode>,
) -> Result<CliProfile, CredentialsError> {
    let resolved = resolve(path, choice, sts)?;
    match resolved.plan {
        Plan::Static(credentials) => Ok(CliProfile {
            name: resolved.name,
            mode: resolved.mode,
            region_id: resolved.region_id,
            credentials,
        }),
        _ => Err(CredentialsError::new(
            CredentialsErrorKind::Unsupported,
            PROVIDER,
            format!(
                "{}: mode {} gets its credentials from a service (STS or the ECS metadata server), so it has no \
                 keys to load; use CliProfileProvider::provide_credentials",
                resolved.place, resolved.mode
            ),
        )
        .with_path(path)
        .with_profile(resolved.name)),
    }
}

fn resolve(
    path: &Path,
    choice: &Choice,
    sts: &Result<StsEnv, NotUnicode>,
) -> Result<Resolved, CredentialsError> {
    let shown = path.display();
    let bytes = read_regular_file(path, MAX_FILE_BYTES)
        .map_err(|error| error.into_credentials_error(PROVIDER, path))?;
    let malformed = |message: String| {
        CredentialsError::new(CredentialsErrorKind::Malformed, PROVIDER, message).with_path(path)
    };
    let config: Value = serde_json::from_slice(&bytes).map_err(|error| {
        malformed(format!("{shown} is not valid JSON: {error}")).with_source(error)
    })?;
    let Value::Object(config) = config else {
        return Err(malformed(format!("{shown} is not a JSON object")));
    };

    let (name, chosen_by) = match choice {
        Choice::Explicit(name) => (name.clone(), String::new()),
        Choice::Env(name) => (name.clone(), format!(" (chosen by {PROFILE})")),
        Choice::Current => match config.get("current") {
            Some(Value::String(name)) if !name.is_empty() => {
                (name.clone(), " (the file's \"current\")".to_owned())
            }
            None | Some(Value::Null) | Some(Value::String(_)) => (
                "default".to_owned(),
                " (the file names no \"current\" profile)".to_owned(),
            ),
            Some(_) => return Err(malformed(format!("{shown}: \"current\" is not a string"))),
        },
    };
    let profiles: &[Value] = match config.get("profiles") {
        None | Some(Value::Null) => &[],
        Some(Value::Array(profiles)) => profiles,
        Some(_) => return Err(malformed(format!("{shown}: \"profiles\" is not an array"))),
    };
    let Some(profile) = find(profiles, &name) else {
        let existing: Vec<&str> = profiles.iter().filter_map(name_of).collect();
        let existing = if existing.is_empty() {
            "the file has no profiles".to_owned()
        } else {
            format!(
                "profiles there: {}",
                list_names(existing.into_iter(), shorten)
            )
        };
        return Err(CredentialsError::new(
            CredentialsErrorKind::ProfileNotFound,
            PROVIDER,
            format!(
                "no profile {}{chosen_by} in {shown} ({existing})",
                shorten(&name)
            ),
        )
        .with_path(path)
        .with_profile(name));
    };
    let modes = Modes {
        path,
        profiles,
        sts,
    };
    let mut visited = Vec::new();
    let (mode, plan) = modes.plan(&name, profile, &mut visited)?;
    let region_id = modes.fields(&name, profile)?.string("region_id")?;
    Ok(Resolved {
        place: format!("profile {} (mode {mode}) of {shown}", shorten(&name)),
        name,
        mode,
        region_id,
        plan,
    })
}

fn name_of(profile: &Value) -> Option<&str> {
    profile.get("name")?.as_str()
}

fn find<'a>(profiles: &'a [Value], name: &str) -> Option<&'a Value> {
    profiles
        .iter()
        .find(|profile| name_of(profile) == Some(name))
}

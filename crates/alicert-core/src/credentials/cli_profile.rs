//! Credentials from the `aliyun` CLI's configuration, `~/.aliyun/config.json`, so that a machine where someone ran
//! `aliyun configure` needs no further setup. The file is read on every call rather than once: `aliyun configure`
//! may rewrite it (a fresh STS token) while a long-running program uses it, and the file is small.
//!
//! The JSON is read as an untyped value and the few fields needed are picked out by hand, so that no message ever
//! echoes a value from the file (serde's "invalid type" errors quote the value they saw, and that value could be
//! a secret).

use std::path::{Path, PathBuf};

use futures::future::BoxFuture;
use serde_json::Value;

use super::env::{Env, NotUnicode, PROFILE};
use super::read::{MAX_FILE_BYTES, read_regular_file};
use super::shown::{list as list_names, shorten};
use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};

const PROVIDER: &str = "aliyun CLI config";
const DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";
/// The modes the `aliyun` CLI writes; only these are ever quoted back in an error.
const KNOWN_MODES: [&str; 12] = [
    "AK",
    "StsToken",
    "RamRoleArn",
    "EcsRamRole",
    "RsaKeyPair",
    "RamRoleArnWithRoleName",
    "ChainableRamRoleArn",
    "External",
    "CredentialsURI",
    "OIDC",
    "CloudSSO",
    "OAuth",
];

/// One profile of the `aliyun` CLI's configuration, as [`load_profile`] found it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CliProfile {
    /// The profile's `name`.
    pub name: String,
    /// The profile's `mode`: `AK` or `StsToken` (the only modes loaded).
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
    load(path, &choice)
}

/// Credentials from the `aliyun` CLI's `~/.aliyun/config.json`, in mode `AK` or `StsToken`.
///
/// The profile is the one given to [`CliProfileProvider::with_profile`], else the one `ALIBABA_CLOUD_PROFILE`
/// names, else the file's `current` one. Setting `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` turns this source off,
/// as it does for the official SDKs. Other modes (`RamRoleArn`, `EcsRamRole`, `OIDC`, ...) are reported as
/// unsupported rather than skipped: a profile that asks for a role must not silently sign with something else.
#[derive(Debug, Clone)]
pub struct CliProfileProvider {
    /// `None` when no home directory could be found.
    path: Option<PathBuf>,
    choice: Choice,
    disabled: bool,
    /// A variable this source reads that is set but cannot be read: reported by [`CliProfileProvider::load`].
    unusable: Option<NotUnicode>,
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
        }
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

    /// Reads the file now and returns the chosen profile.
    pub fn load(&self) -> Result<CliProfile, CredentialsError> {
        if let Some(problem) = self.unusable {
            return Err(problem.into_error(PROVIDER));
        }
        if self.disabled {
            return Err(not_found(format!("turned off by {DISABLED}=true")));
        }
        let Some(path) = &self.path else {
            return Err(not_found(
                "no home directory (HOME is not set), so no ~/.aliyun/config.json",
            ));
        };
        load(path, &self.choice)
    }

    /// The chosen profile's `region_id`, or `None` if it has none or cannot be loaded.
    pub fn region(&self) -> Option<String> {
        self.load().ok()?.region_id
    }
}

impl ProvideCredentials for CliProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(futures::future::ready(
            self.load().map(|profile| profile.credentials),
        ))
    }
}

fn not_found(message: impl Into<String>) -> CredentialsError {
    CredentialsError::new(CredentialsErrorKind::NotFound, PROVIDER, message)
}

fn load(path: &Path, choice: &Choice) -> Result<CliProfile, CredentialsError> {
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
    fn name_of(profile: &Value) -> Option<&str> {
        profile.get("name")?.as_str()
    }
    let Some(profile) = profiles
        .iter()
        .find(|profile| name_of(profile) == Some(name.as_str()))
    else {
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
    let Value::Object(profile) = profile else {
        return Err(malformed(format!(
            "{shown}: profile {} is not a JSON object",
            shorten(&name)
        )));
    };

    let field = |key: &str| -> Result<Option<String>, CredentialsError> {
        match profile.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(value)) => Ok(Some(value.clone()).filter(|value| !value.is_empty())),
            Some(_) => Err(malformed(format!(
                "\"{key}\" of profile {} in {shown} is not a string",
                shorten(&name)
            ))
            .with_profile(name.clone())),
        }
    };
    let required = |key: &str, mode: &str| -> Result<String, CredentialsError> {
        field(key)?.ok_or_else(|| {
            malformed(format!(
                "profile {} (mode {mode}) in {shown} has no \"{key}\"",
                shorten(&name)
            ))
            .with_profile(name.clone())
        })
    };

    let mode = field("mode")?.unwrap_or_default();
    let credentials = match mode.as_str() {
        "AK" => Credentials::new(
            required("access_key_id", &mode)?,
            required("access_key_secret", &mode)?,
        ),
        "StsToken" => Credentials::new(
            required("access_key_id", &mode)?,
            required("access_key_secret", &mode)?,
        )
        .with_security_token(required("sts_token", &mode)?),
        _ => {
            let mode = if mode.is_empty() {
                "(none)".to_owned()
            } else if KNOWN_MODES.contains(&mode.as_str()) {
                format!("{mode:?}")
            } else {
                // Not a mode at all: perhaps a secret pasted into the wrong field, so it is not repeated.
                "(an unrecognised value, not shown)".to_owned()
            };
            return Err(CredentialsError::new(
                CredentialsErrorKind::Unsupported,
                PROVIDER,
                format!(
                    "unsupported mode {mode} in profile {} of file {shown}; supported modes are AK and StsToken \
                     (for others, export credentials to the ALIBABA_CLOUD_* variables or implement \
                     ProvideCredentials)",
                    shorten(&name)
                ),
            )
            .with_path(path)
            .with_profile(name));
        }
    };
    Ok(CliProfile {
        region_id: field("region_id")?,
        name,
        mode,
        credentials,
    })
}

//! The modes of an `aliyun` CLI profile and the fields each reads, turned into a [`Plan`]: `AK`, `StsToken`,
//! `RamRoleArn`, `ChainableRamRoleArn` (whose `source_profile` signs the `AssumeRole`), `EcsRamRole` and `OIDC`.
//! The field names are the ones the `aliyun` CLI writes and alibabacloud-credentials 1.0.12 reads
//! (`provider/cli_profile.py`): `ram_role_arn`, `ram_session_name`, `expired_seconds`, `policy`, `external_id`,
//! `sts_region`, `enable_vpc`, `source_profile`, `ram_role_name`, `oidc_provider_arn`, `oidc_token_file`.
//!
//! Values are picked out of the untyped JSON by hand so that no message ever echoes one.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::env::NotUnicode;
use super::plan::Plan;
use super::shown::shorten;
use super::sts::{
    DEFAULT_DURATION_SECONDS, RoleSession, StsEndpoint, StsEnv, check_region, default_session_name,
};
use super::{Credentials, CredentialsError, CredentialsErrorKind};

const PROVIDER: &str = "aliyun CLI config";
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

/// What reading a profile's mode needs: the file (for errors and `source_profile`) and the STS variables.
pub(crate) struct Modes<'a> {
    pub path: &'a Path,
    pub profiles: &'a [Value],
    pub sts: &'a Result<StsEnv, NotUnicode>,
}

/// One profile's fields.
pub(crate) struct Fields<'a> {
    path: &'a Path,
    name: &'a str,
    profile: &'a Map<String, Value>,
}

impl Fields<'_> {
    fn malformed(&self, message: String) -> CredentialsError {
        CredentialsError::new(CredentialsErrorKind::Malformed, PROVIDER, message)
            .with_path(self.path)
            .with_profile(self.name)
    }

    fn at(&self, key: &str) -> String {
        format!(
            "\"{key}\" of profile {} in {}",
            shorten(self.name),
            self.path.display()
        )
    }

    /// A string field; absent, `null` and empty are `None`.
    pub(crate) fn string(&self, key: &str) -> Result<Option<String>, CredentialsError> {
        match self.profile.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(value)) => Ok(Some(value.clone()).filter(|value| !value.is_empty())),
            Some(_) => Err(self.malformed(format!("{} is not a string", self.at(key)))),
        }
    }

    fn required(&self, key: &str, mode: &str) -> Result<String, CredentialsError> {
        self.string(key)?.ok_or_else(|| {
            self.malformed(format!(
                "profile {} (mode {mode}) in {} has no \"{key}\"",
                shorten(self.name),
                self.path.display()
            ))
        })
    }

    /// `expired_seconds`: absent or 0 (what `aliyun configure` writes when unset) is the default.
    fn duration(&self) -> Result<u64, CredentialsError> {
        let seconds = match self.profile.get("expired_seconds") {
            None | Some(Value::Null) => 0,
            Some(Value::Number(number)) => number.as_u64().ok_or_else(|| {
                self.malformed(format!(
                    "{} is not a whole number of seconds",
                    self.at("expired_seconds")
                ))
            })?,
            Some(_) => {
                return Err(
                    self.malformed(format!("{} is not a number", self.at("expired_seconds")))
                );
            }
        };
        match seconds {
            0 => Ok(DEFAULT_DURATION_SECONDS),
            900.. => Ok(seconds),
            _ => Err(self.malformed(format!(
                "{} is {seconds}; a role session lasts at least 900 seconds",
                self.at("expired_seconds")
            ))),
        }
    }

    fn enable_vpc(&self) -> Result<Option<bool>, CredentialsError> {
        match self.profile.get("enable_vpc") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(vpc)) => Ok(Some(*vpc)),
            Some(Value::String(text)) => Ok(Some(text.eq_ignore_ascii_case("true"))),
            Some(_) => {
                Err(self.malformed(format!("{} is not true or false", self.at("enable_vpc"))))
            }
        }
    }
}

impl<'a> Modes<'a> {
    pub(crate) fn fields(
        &self,
        name: &'a str,
        profile: &'a Value,
    ) -> Result<Fields<'a>, CredentialsError> {
        let path = self.path;
        match profile {
            Value::Object(profile) => Ok(Fields {
                path,
                name,
                profile,
            }),
            _ => Err(CredentialsError::new(
                CredentialsErrorKind::Malformed,
                PROVIDER,
                format!(
                    "{}: profile {} is not a JSON object",
                    path.display(),
                    shorten(name)
                ),
            )
            .with_path(path)),
        }
    }

    /// The profile's mode and plan. `visited` holds the profiles already on a `source_profile` chain.
    pub(crate) fn plan(
        &self,
        name: &str,
        profile: &Value,
        visited: &mut Vec<String>,
    ) -> Result<(String, Plan), CredentialsError> {
        let fields = self.fields(name, profile)?;
        visited.push(name.to_owned());
        let mode = fields.string("mode")?.unwrap_or_default();
        let keys = || -> Result<Credentials, CredentialsError> {
            Ok(Credentials::new(
                fields.required("access_key_id", &mode)?,
                fields.required("access_key_secret", &mode)?,
            ))
        };
        let plan = match mode.as_str() {
            "AK" => Plan::Static(keys()?),
            "StsToken" => {
                Plan::Static(keys()?.with_security_token(fields.required("sts_token", &mode)?))
            }
            "RamRoleArn" => Plan::AssumeRole {
                source: Box::new(Plan::Static(keys()?)),
                session: self.session(&fields, &mode, &["ram_session_name"])?,
                endpoint: self.endpoint(&fields)?,
            },
            "ChainableRamRoleArn" => {
                let source_name = fields.required("source_profile", &mode)?;
                if let Some(start) = visited.iter().position(|seen| *seen == source_name) {
                    let mut cycle: Vec<String> =
                        visited[start..].iter().map(|name| shorten(name)).collect();
                    cycle.push(shorten(&source_name));
                    return Err(fields.malformed(format!(
                        "the source_profile chain of profile {} in {} loops: {}",
                        shorten(name),
                        self.path.display(),
                        cycle.join(" -> ")
                    )));
                }
                let Some(source) = self.profiles.iter().find(|profile| {
                    profile.get("name").and_then(Value::as_str) == Some(source_name.as_str())
                }) else {
                    return Err(fields.malformed(format!(
                        "profile {} names source_profile {}, which is not in {}",
                        shorten(name),
                        shorten(&source_name),
                        self.path.display()
                    )));
                };
                let (_, source) = self.plan(&source_name, source, visited)?;
                Plan::AssumeRole {
                    source: Box::new(source),
                    session: self.session(&fields, &mode, &["ram_session_name"])?,
                    endpoint: self.endpoint(&fields)?,
                }
            }
            "EcsRamRole" => Plan::EcsRole {
                role_name: fields.string("ram_role_name")?,
            },
            "OIDC" => Plan::Oidc {
                session: self.session(
                    &fields,
                    &mode,
                    &["role_session_name", "ram_session_name"],
                )?,
                provider_arn: fields.required("oidc_provider_arn", &mode)?,
                token_file: PathBuf::from(fields.required("oidc_token_file", &mode)?),
                endpoint: self.endpoint(&fields)?,
            },
            _ => {
                let shown = if mode.is_empty() {
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
                        "unsupported mode {shown} in profile {} of file {}; supported modes are AK, StsToken, \
                         RamRoleArn, ChainableRamRoleArn, EcsRamRole and OIDC (for others, export credentials to \
                         the ALIBABA_CLOUD_* variables or implement ProvideCredentials)",
                        shorten(name),
                        self.path.display()
                    ),
                )
                .with_path(self.path)
                .with_profile(name));
            }
        };
        Ok((mode, plan))
    }

    fn session(
        &self,
        fields: &Fields<'_>,
        mode: &str,
        session_keys: &[&str],
    ) -> Result<RoleSession, CredentialsError> {
        let mut session_name = None;
        for key in session_keys {
            if let Some(name) = fields.string(key)? {
                session_name = Some(name);
                break;
            }
        }
        let from_env = self
            .sts
            .as_ref()
            .ok()
            .and_then(|sts| sts.session_name.clone());
        Ok(RoleSession {
            role_arn: fields.required("ram_role_arn", mode)?,
            session_name: session_name
                .or(from_env)
                .unwrap_or_else(default_session_name),
            duration_seconds: fields.duration()?,
            policy: fields.string("policy")?,
            external_id: fields.string("external_id")?,
        })
    }

    fn endpoint(&self, fields: &Fields<'_>) -> Result<StsEndpoint, CredentialsError> {
        let sts = self
            .sts
            .as_ref()
            .map_err(|problem| problem.into_error(PROVIDER))?;
        let region = fields.string("sts_region")?;
        if let Some(region) = &region {
            check_region(region).map_err(|problem| {
                fields.malformed(format!("{} {problem}", fields.at("sts_region")))
            })?;
        }
        sts.endpoint(region.as_deref(), fields.enable_vpc()?, PROVIDER)
    }
}

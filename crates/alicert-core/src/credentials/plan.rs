//! What a profile asks for, whichever file it is in: static keys, a role to assume with other credentials, the ECS
//! instance's role, or a role to assume with an OIDC token. The `aliyun` CLI's `config.json` and the credentials
//! file are read again on every call (either may be rewritten while a program runs), but a provider that caches
//! STS credentials must outlive one call, so a [`PlanCache`] keeps the provider built for the plan last seen and
//! builds a new one only when the profile changes.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::ecs::{EcsRamRoleProvider, imds_v1_disabled};
use super::env::{Env, NotUnicode};
use super::oidc::OidcRoleProvider;
use super::role::RamRoleArnProvider;
use super::sts::{RoleSession, StsEndpoint};
use super::{Credentials, CredentialsError, ProvideCredentials};

/// How profiles that ask for the ECS RAM role reach the metadata server.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct EcsSettings {
    /// Another metadata server than `100.100.100.200` (a local one in tests).
    pub endpoint: Option<String>,
    /// `ALIBABA_CLOUD_IMDSV1_DISABLED=true`: no IMDSv1 fall back.
    pub imds_v1_disabled: bool,
}

impl EcsSettings {
    pub(crate) fn from_env(env: &Env) -> Result<Self, NotUnicode> {
        Ok(Self {
            endpoint: None,
            imds_v1_disabled: imds_v1_disabled(env)?,
        })
    }
}

/// What one profile asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Keys in the file (`AK`, `StsToken`, `access_key`).
    Static(Credentials),
    /// `AssumeRole` signed with what `source` gives (`RamRoleArn`, `ChainableRamRoleArn`, `ram_role_arn`).
    AssumeRole {
        source: Box<Plan>,
        session: RoleSession,
        endpoint: StsEndpoint,
    },
    /// The ECS instance's RAM role (`EcsRamRole`, `ecs_ram_role`); discovered when not named.
    EcsRole { role_name: Option<String> },
    /// `AssumeRoleWithOIDC` with the token in a file (`OIDC`, `oidc_role_arn`).
    Oidc {
        session: RoleSession,
        provider_arn: String,
        token_file: PathBuf,
        endpoint: StsEndpoint,
    },
}

impl Plan {
    /// The provider that carries the plan out. `place` names the profile and file for errors.
    fn provider(&self, place: &str, ecs: &EcsSettings) -> Arc<dyn ProvideCredentials> {
        match self {
            Plan::Static(credentials) => Arc::new(credentials.clone()),
            Plan::AssumeRole {
                source,
                session,
                endpoint,
            } => Arc::new(
                RamRoleArnProvider::from_source(
                    source.provider(place, ecs),
                    session.role_arn.clone(),
                )
                .with_endpoint(endpoint.clone())
                .with_session(session.clone(), place.to_owned()),
            ),
            Plan::EcsRole { role_name } => {
                let mut provider =
                    EcsRamRoleProvider::new().with_imds_v1_disabled(ecs.imds_v1_disabled);
                if let Some(role_name) = role_name {
                    provider = provider.with_role_name(role_name);
                }
                if let Some(endpoint) = &ecs.endpoint {
                    provider = provider.with_endpoint(endpoint);
                }
                Arc::new(provider)
            }
            Plan::Oidc {
                session,
                provider_arn,
                token_file,
                endpoint,
            } => Arc::new(OidcRoleProvider::build(
                session.clone(),
                provider_arn.clone(),
                token_file.clone(),
                endpoint.clone(),
                place.to_owned(),
            )),
        }
    }
}

/// The provider built for the plan last seen.
#[derive(Default)]
pub(crate) struct PlanCache(Mutex<Option<(Plan, Arc<dyn ProvideCredentials>)>>);

impl fmt::Debug for PlanCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PlanCache")
    }
}

impl PlanCache {
    /// Credentials for `plan`: static ones as they are, others from the provider kept for an unchanged plan.
    pub(crate) async fn provide(
        &self,
        plan: Plan,
        place: &str,
        ecs: &EcsSettings,
    ) -> Result<Credentials, CredentialsError> {
        if let Plan::Static(credentials) = plan {
            return Ok(credentials);
        }
        let provider = {
            let mut kept = self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match &*kept {
                Some((seen, provider)) if *seen == plan => provider.clone(),
                _ => {
                    let provider = plan.provider(place, ecs);
                    *kept = Some((plan, provider.clone()));
                    provider
                }
            }
        };
        provider.provide_credentials().await
    }
}

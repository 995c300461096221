//! Which STS endpoint a provider that assumes a role calls, chosen as the official providers choose it
//! (alibabacloud-credentials 1.0.12, `provider/ram_role_arn.py`): the profile's `sts_region` / `enable_vpc`, else
//! `ALIBABA_CLOUD_STS_REGION` / `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`, else the central `sts.aliyuncs.com`; and ours,
//! `ALIBABA_CLOUD_STS_ENDPOINT`, a full URL (the emulator's, in tests) that wins over all of them.

use std::fmt;

use super::env::{Env, NotUnicode};
use super::{CredentialsError, CredentialsErrorKind};

/// Ours: a full URL for STS (`http://127.0.0.1:8080` for the emulator), which wins over the two below.
pub(crate) const ENDPOINT_VARIABLE: &str = "ALIBABA_CLOUD_STS_ENDPOINT";
/// The official providers': the region whose STS endpoint to use, `sts.<region>.aliyuncs.com`.
pub(crate) const REGION_VARIABLE: &str = "ALIBABA_CLOUD_STS_REGION";
/// The official providers': `true` for the VPC endpoint, `sts-vpc.<region>.aliyuncs.com`.
pub(crate) const VPC_VARIABLE: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// The official providers': the session name when a profile names none.
pub(crate) const SESSION_NAME_VARIABLE: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";

/// Where STS is: a base URL such as `https://sts.aliyuncs.com`.
///
/// The official providers choose it from the profile's `sts_region` / `enable_vpc`, else
/// `ALIBABA_CLOUD_STS_REGION` / `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`, else the central `sts.aliyuncs.com`; ours,
/// `ALIBABA_CLOUD_STS_ENDPOINT`, takes a full URL and wins over all of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StsEndpoint(String);

impl Default for StsEndpoint {
    fn default() -> Self {
        Self("https://sts.aliyuncs.com".to_owned())
    }
}

impl StsEndpoint {
    /// A full base URL (scheme, host and port; any trailing `/` is dropped). A bare host, the form the official
    /// providers' `sts_endpoint` takes (`sts.cn-hangzhou.aliyuncs.com`), gets `https://`.
    pub fn url(url: impl Into<String>) -> Self {
        let url = url.into();
        let url = url.trim().trim_end_matches('/');
        if url.contains("://") {
            Self(url.to_owned())
        } else {
            Self(format!("https://{url}"))
        }
    }

    /// `https://sts.<region>.aliyuncs.com`, or `https://sts-vpc.<region>.aliyuncs.com` with `vpc`; the central
    /// endpoint when `region` is `None` (the official providers ignore `vpc` then too).
    pub fn for_region(region: Option<&str>, vpc: bool) -> Self {
        match region {
            None => Self::default(),
            Some(region) => {
                let prefix = if vpc { "sts-vpc" } else { "sts" };
                Self(format!("https://{prefix}.{region}.aliyuncs.com"))
            }
        }
    }

    /// The base URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StsEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the environment says about STS, read once when a provider is built.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct StsEnv {
    endpoint: Option<String>,
    region: Option<String>,
    vpc: bool,
    pub(crate) session_name: Option<String>,
}

impl StsEnv {
    /// The variables as they are; a region is checked when an endpoint is made from it.
    pub(crate) fn read(env: &Env) -> Result<Self, NotUnicode> {
        Ok(Self {
            endpoint: env.var(ENDPOINT_VARIABLE)?,
            region: env.var(REGION_VARIABLE)?,
            vpc: env
                .var(VPC_VARIABLE)?
                .is_some_and(|value| value.eq_ignore_ascii_case("true")),
            session_name: env.var(SESSION_NAME_VARIABLE)?,
        })
    }

    /// The endpoint for a profile that may name its own region (already checked) and VPC choice.
    pub(crate) fn endpoint(
        &self,
        region: Option<&str>,
        vpc: Option<bool>,
        provider: &'static str,
    ) -> Result<StsEndpoint, CredentialsError> {
        if let Some(url) = &self.endpoint {
            return Ok(StsEndpoint::url(url.clone()));
        }
        let region = match region {
            Some(region) => Some(region),
            None => match &self.region {
                Some(region) => {
                    check_region(region).map_err(|problem| {
                        misconfigured(provider, format!("{REGION_VARIABLE} {problem}"))
                    })?;
                    Some(region.as_str())
                }
                None => None,
            },
        };
        Ok(StsEndpoint::for_region(region, vpc.unwrap_or(self.vpc)))
    }
}

/// A region goes into a host name: letters, digits and `-` only.
pub(crate) fn check_region(region: &str) -> Result<(), &'static str> {
    if !region.is_empty()
        && region.len() <= 64
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Ok(())
    } else {
        Err("is not a region ID (lower-case letters, digits and - only)")
    }
}

pub(crate) fn misconfigured(
    provider: &'static str,
    message: impl Into<String>,
) -> CredentialsError {
    CredentialsError::new(CredentialsErrorKind::Misconfigured, provider, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_follow_the_official_rules() {
        assert_eq!(
            StsEndpoint::for_region(None, true).as_str(),
            "https://sts.aliyuncs.com"
        );
        assert_eq!(
            StsEndpoint::for_region(Some("cn-shanghai"), false).as_str(),
            "https://sts.cn-shanghai.aliyuncs.com"
        );
        assert_eq!(
            StsEndpoint::for_region(Some("cn-shanghai"), true).as_str(),
            "https://sts-vpc.cn-shanghai.aliyuncs.com"
        );
        let env = |vars: &'static [(&'static str, &'static str)]| {
            let env = Env::from_fn(move |name| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, v)| v.to_string())
            });
            StsEnv::read(&env).unwrap()
        };
        let vpc = env(&[(REGION_VARIABLE, "cn-beijing"), (VPC_VARIABLE, "TRUE")]);
        let endpoint = |sts: &StsEnv, region, vpc| sts.endpoint(region, vpc, "test").unwrap();
        assert_eq!(
            endpoint(&vpc, None, None).as_str(),
            "https://sts-vpc.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            endpoint(&vpc, Some("cn-hangzhou"), Some(false)).as_str(),
            "https://sts.cn-hangzhou.aliyuncs.com"
        );
        let ours = env(&[
            (ENDPOINT_VARIABLE, "http://127.0.0.1:1/"),
            (REGION_VARIABLE, "cn-beijing"),
        ]);
        assert_eq!(
            endpoint(&ours, Some("cn-hangzhou"), None).as_str(),
            "http://127.0.0.1:1"
        );
        assert_eq!(
            StsEndpoint::url("sts.cn-hangzhou.aliyuncs.com").as_str(),
            "https://sts.cn-hangzhou.aliyuncs.com"
        );
        let bad = env(&[(REGION_VARIABLE, "evil.com/x")])
            .endpoint(None, None, "test")
            .unwrap_err();
        assert!(bad.to_string().contains(REGION_VARIABLE), "{bad}");
    }
}

//! Security Token Service (`sts`, 2015-04-01): `AssumeRole` and `AssumeRoleWithOIDC`, so that credential providers
//! that assume a RAM role can be tested end to end. The keys issued join the emulator's key registry with their
//! expiry, so a client signs its next calls with them and is refused once they expire, as on the real service.
//!
//! `AssumeRole` arrives signed (the handler has verified it before it gets here, with a long-term key or, for role
//! chaining, with STS credentials); `AssumeRoleWithOIDC` arrives unsigned and is authenticated by its `OIDCToken`,
//! which must be one the emulator was told to accept for that OIDC provider
//! ([`EmulatorConfig::with_oidc_token`](crate::EmulatorConfig::with_oidc_token)). Parameters are checked as the
//! service checks them: an `acs:ram::<account>:role/<name>` ARN, a session name of 2 to 64 characters from
//! `[A-Za-z0-9.@_-]`, `DurationSeconds` from 900 to 43200.

use std::time::{Duration, SystemTime};

use alicert_core::time::format_iso8601;
use serde::Serialize;

use crate::error::{ApiError, quote};
use crate::keys::{AccessKey, KeyRing};
use crate::request::Incoming;

/// The API version STS is called with; STS is in no spec, so the handler routes it by this.
pub(crate) const VERSION: &str = "2015-04-01";
/// The Actions the emulator's STS serves.
pub(crate) const ACTIONS: [&str; 2] = ["AssumeRole", "AssumeRoleWithOIDC"];

/// The shortest and longest sessions the service grants, in seconds.
const DURATION_RANGE: std::ops::RangeInclusive<u64> = 900..=43_200;
/// What the service grants when `DurationSeconds` is absent.
const DEFAULT_DURATION: u64 = 3600;

/// An OIDC token `AssumeRoleWithOIDC` accepts for one OIDC provider. `Debug` never shows the token.
#[derive(Clone, PartialEq, Eq)]
pub struct OidcToken {
    provider_arn: String,
    token: String,
}

impl OidcToken {
    /// `token`, accepted for the provider `provider_arn` (`acs:ram::<account>:oidc-provider/<name>`).
    pub fn new(provider_arn: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            provider_arn: provider_arn.into(),
            token: token.into(),
        }
    }

    /// The OIDC provider's ARN.
    pub fn provider_arn(&self) -> &str {
        &self.provider_arn
    }
}

impl std::fmt::Debug for OidcToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcToken")
            .field("provider_arn", &self.provider_arn)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// What an STS operation needs from the server.
pub(crate) struct Sts<'a> {
    pub incoming: &'a Incoming,
    pub keys: &'a KeyRing,
    pub oidc_tokens: &'a [OidcToken],
    /// The server's time: issued keys expire by it, as the key check reads it.
    pub now: SystemTime,
    pub request_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Answer<'a> {
    request_id: &'a str,
    assumed_role_user: AssumedRoleUser,
    credentials: IssuedCredentials,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AssumedRoleUser {
    arn: String,
    assumed_role_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct IssuedCredentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: String,
    expiration: String,
}

impl Sts<'_> {
    /// `AssumeRole`, already authenticated.
    pub fn assume_role(&self) -> Result<Vec<u8>, ApiError> {
        let role = self.role_arn()?;
        let session = self.session_name()?;
        let duration = self.duration()?;
        self.check_policy()?;
        self.issue(role, session, duration)
    }

    /// `AssumeRoleWithOIDC`, authenticated here by its token.
    pub fn assume_role_with_oidc(&self) -> Result<Vec<u8>, ApiError> {
        let provider = self.required("OIDCProviderArn")?;
        if !is_arn(provider, "oidc-provider/") {
            return Err(ApiError::new(
                400,
                "InvalidParameter.OIDCProviderArn",
                format!(
                    "The parameter OIDCProviderArn {} is not valid.",
                    quote(provider)
                ),
            ));
        }
        let token = self.required("OIDCToken")?;
        let role = self.role_arn()?;
        let session = self.session_name()?;
        let duration = self.duration()?;
        self.check_policy()?;
        if !self
            .oidc_tokens
            .iter()
            .any(|known| known.provider_arn == provider)
        {
            return Err(ApiError::new(
                404,
                "EntityNotExist.OIDCProvider",
                format!("The OIDC provider {} does not exist.", quote(provider)),
            ));
        }
        // The token is never quoted back: it is a credential.
        if !self
            .oidc_tokens
            .iter()
            .any(|known| known.provider_arn == provider && known.token == token)
        {
            return Err(ApiError::new(
                400,
                "InvalidParameter.OIDCToken",
                "The specified OIDCToken is not valid for the OIDC provider.",
            ));
        }
        self.issue(role, session, duration)
    }

    fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.incoming
            .param(name)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| ApiError::missing(name))
    }

    fn role_arn(&self) -> Result<&str, ApiError> {
        let arn = self.required("RoleArn")?;
        if is_arn(arn, "role/") {
            Ok(arn)
        } else {
            Err(ApiError::new(
                400,
                "InvalidParameter.RoleArn",
                format!(
                    "The parameter RoleArn {} is not valid: expected acs:ram::<account>:role/<name>.",
                    quote(arn)
                ),
            ))
        }
    }

    fn session_name(&self) -> Result<&str, ApiError> {
        let name = self.required("RoleSessionName")?;
        let allowed = |c: char| c.is_ascii_alphanumeric() || ".@_-".contains(c);
        if (2..=64).contains(&name.len()) && name.chars().all(allowed) {
            Ok(name)
        } else {
            Err(ApiError::new(
                400,
                "InvalidParameter.RoleSessionName",
                format!(
                    "The parameter RoleSessionName {} is not valid: 2 to 64 characters of letters, digits and . @ _ -.",
                    quote(name)
                ),
            ))
        }
    }

    fn duration(&self) -> Result<u64, ApiError> {
        let Some(text) = self
            .incoming
            .param("DurationSeconds")
            .filter(|v| !v.is_empty())
        else {
            return Ok(DEFAULT_DURATION);
        };
        text.trim()
            .parse::<u64>()
            .ok()
            .filter(|seconds| DURATION_RANGE.contains(seconds))
            .ok_or_else(|| {
                ApiError::new(
                    400,
                    "InvalidParameter.DurationSeconds",
                    format!(
                        "The parameter DurationSeconds {} is not valid: it must be from {} to {}.",
                        quote(text),
                        DURATION_RANGE.start(),
                        DURATION_RANGE.end()
                    ),
                )
            })
    }

    fn check_policy(&self) -> Result<(), ApiError> {
        match self.incoming.param("Policy").filter(|v| !v.is_empty()) {
            Some(policy) if serde_json::from_str::<serde_json::Value>(policy).is_err() => {
                Err(ApiError::new(
                    400,
                    "InvalidParameter.PolicyGrammar",
                    "The parameter Policy has a syntax error: it is not JSON.",
                ))
            }
            _ => Ok(()),
        }
    }

    /// Mints a key pair and token for `role`, registers it until it expires, and writes the answer.
    fn issue(&self, role: &str, session: &str, duration: u64) -> Result<Vec<u8>, ApiError> {
        let expires_at = self.now + Duration::from_secs(duration);
        // To the second, as `Expiration` is written: the key dies exactly when the answer says.
        let expiration = format_iso8601(expires_at);
        let expires_at = alicert_core::time::parse_iso8601(&expiration).unwrap_or(expires_at);
        let id = format!("STS.{}", random_text(25));
        let secret = random_text(44);
        let token = format!("CAIS{}", random_text(400));
        self.keys.insert(
            AccessKey::sts(id.clone(), secret.clone(), token.clone())
                .expiring_at(expires_at)
                .issued(),
        );
        let (account, role_name) = role
            .strip_prefix("acs:ram::")
            .and_then(|rest| rest.split_once(":role/"))
            .unwrap_or(("0", role));
        let answer = Answer {
            request_id: self.request_id,
            assumed_role_user: AssumedRoleUser {
                arn: format!(
                    "acs:ram::{account}:assumed-role/{}/{session}",
                    role_name.to_ascii_lowercase()
                ),
                assumed_role_id: format!("3{}:{session}", random_digits(17)),
            },
            credentials: IssuedCredentials {
                access_key_id: id,
                access_key_secret: secret,
                security_token: token,
                expiration,
            },
        };
        serde_json::to_vec(&answer).map_err(|_| ApiError::internal())
    }
}

/// `acs:ram::<digits>:<kind><name>`, as the service writes role and OIDC provider ARNs.
fn is_arn(arn: &str, kind: &str) -> bool {
    let Some((account, name)) = arn
        .strip_prefix("acs:ram::")
        .and_then(|rest| rest.split_once(':'))
    else {
        return false;
    };
    let Some(name) = name.strip_prefix(kind) else {
        return false;
    };
    !account.is_empty()
        && account.bytes().all(|b| b.is_ascii_digit())
        && !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.@+=,".contains(c))
}

/// Letters and digits from the OS's randomness (issued keys must not be guessable from one another).
fn random_text(length: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz123456789";
    random_from(ALPHABET, length)
}

fn random_digits(length: usize) -> String {
    random_from(b"0123456789", length)
}

fn random_from(alphabet: &[u8], length: usize) -> String {
    let mut bytes = vec![0_u8; length];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: fall back to the clock, which still differs between keys issued apart in time.
        let seed = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos() as u64);
        for (index, byte) in bytes.iter_mut().enumerate() {
            *byte = crate::rng::mix(seed, &[index as u64]) as u8;
        }
    }
    bytes
        .iter()
        .map(|byte| char::from(alphabet[usize::from(*byte) % alphabet.len()]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns() {
        assert!(is_arn("acs:ram::1234567890123456:role/deployer", "role/"));
        assert!(is_arn(
            "acs:ram::123:oidc-provider/ack-rrsa-c1",
            "oidc-provider/"
        ));
        for bad in [
            "",
            "acs:ram::role/x",
            "acs:ram::12a:role/x",
            "acs:ram::1:role/",
            "acs:ram::1:user/x",
            "acs:ram::1:role/a b",
            "acs:ecs::1:role/x",
        ] {
            assert!(!is_arn(bad, "role/"), "{bad}");
        }
    }

    #[test]
    fn random_text_differs() {
        assert_eq!(random_text(25).len(), 25);
        assert_ne!(random_text(25), random_text(25));
    }
}

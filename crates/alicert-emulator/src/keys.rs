//! The AccessKeys an emulator accepts and the STS check the gateway makes on them. Long-term pairs sign alone; an
//! STS pair must come with its security token and stops working when the token expires. The keys live in a
//! registry that can grow while the emulator runs (keys issued at run time, as `AssumeRole` issues them, join the
//! ones configured at start), and a token is looked up on its own first, so a token the emulator never issued is
//! told apart from one that belongs to another key, as the real gateway tells `Malformed` from
//! `MismatchWithAccessKey`.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use crate::clock::parse_duration;
use crate::error::ApiError;

/// One AccessKey pair the emulator accepts, optionally an STS one that must come with its security token.
#[derive(Clone)]
pub struct AccessKey {
    id: String,
    secret: String,
    security_token: Option<String>,
    expires_at: Option<SystemTime>,
    /// Issued by the emulator's STS (`AssumeRole`, `AssumeRoleWithOIDC`) rather than configured.
    issued: bool,
}

impl AccessKey {
    /// A long-term AccessKey pair.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            secret: secret.into(),
            security_token: None,
            expires_at: None,
            issued: false,
        }
    }

    /// An STS pair: requests signed with it must carry `security_token` (`SecurityToken` in V1,
    /// `x-acs-security-token` in V3). It does not expire unless [`AccessKey::expiring_at`] says when.
    pub fn sts(
        id: impl Into<String>,
        secret: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        Self {
            security_token: Some(security_token.into()),
            ..Self::new(id, secret)
        }
    }

    /// The same key, refused with `InvalidSecurityToken.Expired` from `expires_at` on (by the server's clock,
    /// skew included). Only STS keys expire; on a long-term key this is ignored.
    pub fn expiring_at(mut self, expires_at: SystemTime) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// Marks the key as issued by the emulator's STS.
    pub(crate) fn issued(mut self) -> Self {
        self.issued = true;
        self
    }

    /// Whether the emulator's STS issued this key (through `AssumeRole` or `AssumeRoleWithOIDC`).
    pub fn is_issued(&self) -> bool {
        self.issued
    }

    /// The AccessKey ID.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The secret (for signing test requests; never printed by `Debug`).
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The STS token this key requires, if it is an STS key.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// When an STS key's token expires, if it does.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.security_token.as_ref().and(self.expires_at)
    }

    fn expired(&self, now: SystemTime) -> bool {
        self.expires_at()
            .is_some_and(|expires_at| now >= expires_at)
    }
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKey")
            .field("id", &self.id)
            .field("secret", &"<redacted>")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_at", &self.expires_at())
            .field("issued", &self.issued)
            .finish()
    }
}

/// When an STS token expires, in the text `alicert emulator --sts-expiration` takes: an RFC 3339 time (the form the
/// service writes `Expiration` in, `2026-12-05T18:00:00Z`, or with fractional seconds or an offset,
/// `2026-12-06T02:00:00.5+08:00`), or a duration from when the emulator starts (`1h`, `90m`, `3600s`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StsExpiration {
    /// At this time.
    At(SystemTime),
    /// This long after the emulator starts.
    After(Duration),
}

impl StsExpiration {
    /// The moment, for an emulator starting at `now`.
    pub fn resolve(self, now: SystemTime) -> SystemTime {
        match self {
            StsExpiration::At(at) => at,
            StsExpiration::After(after) => now.checked_add(after).unwrap_or(now),
        }
    }
}

/// An expiry that is neither an RFC 3339 time nor a duration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseStsExpirationError(String);

impl fmt::Display for ParseStsExpirationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid expiry `{}`: expected an RFC 3339 time like 2026-12-05T18:00:00Z or a duration like 1h",
            self.0
        )
    }
}

impl std::error::Error for ParseStsExpirationError {}

impl FromStr for StsExpiration {
    type Err = ParseStsExpirationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let parsed = if text.contains(['T', 't']) {
            parse_rfc3339(text).map(StsExpiration::At)
        } else {
            parse_duration(text).ok().map(StsExpiration::After)
        };
        parsed.ok_or_else(|| ParseStsExpirationError(s.chars().take(60).collect()))
    }
}

/// `YYYY-MM-DDThh:mm:ss`, optional `.fraction` (dropped: expiry is to the second), then `Z` or `±hh:mm`.
fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let (date_time, rest) = text.split_at_checked(19)?;
    let utc = alicert_core::time::parse_iso8601(&format!("{}Z", date_time.to_ascii_uppercase()))?;
    let rest = match rest.strip_prefix('.') {
        Some(fraction) => {
            let after = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
            if after.len() == fraction.len() {
                return None; // a point with no digits
            }
            after
        }
        None => rest,
    };
    if rest.eq_ignore_ascii_case("z") {
        return Some(utc);
    }
    let (sign, offset) = rest.split_at_checked(1)?;
    let (hours, minutes) = offset.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u64 = hours.parse().ok().filter(|hours| *hours < 24)?;
    let minutes: u64 = minutes.parse().ok().filter(|minutes| *minutes < 60)?;
    let offset = Duration::from_secs(hours * 3600 + minutes * 60);
    // Local time = UTC + offset, so UTC = local time - offset.
    match sign {
        "+" => utc.checked_sub(offset),
        "-" => utc.checked_add(offset),
        _ => None,
    }
}

/// The registry: keys by ID, and STS tokens to the ID they were issued with.
#[derive(Debug, Default)]
pub(crate) struct KeyRing {
    inner: RwLock<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    by_id: HashMap<String, Arc<AccessKey>>,
    token_owner: HashMap<String, String>,
}

impl KeyRing {
    pub fn new(keys: &[AccessKey]) -> Self {
        let ring = Self::default();
        for key in keys {
            ring.insert(key.clone());
        }
        ring
    }

    /// Adds a key, replacing one with the same ID (and forgetting that one's token).
    pub fn insert(&self, key: AccessKey) {
        let mut inner = self
            .inner
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(old) = inner.by_id.remove(&key.id)
            && let Some(token) = &old.security_token
        {
            inner.token_owner.remove(token);
        }
        if let Some(token) = &key.security_token {
            inner.token_owner.insert(token.clone(), key.id.clone());
        }
        inner.by_id.insert(key.id.clone(), Arc::new(key));
    }

    pub fn get(&self, id: &str) -> Option<Arc<AccessKey>> {
        self.read().by_id.get(id).cloned()
    }

    /// The gateway's STS check for a request signed with `key` that carried `sent` (empty counts as absent): an
    /// STS key needs its own token, unexpired; a long-term key takes none. A token is first looked up on its own:
    /// one never issued is `Malformed`, an expired one `Expired`, and one issued with another key
    /// `MismatchWithAccessKey`.
    pub fn check_token(
        &self,
        key: &AccessKey,
        sent: Option<&str>,
        now: SystemTime,
    ) -> Result<(), ApiError> {
        let Some(sent) = sent.filter(|token| !token.is_empty()) else {
            return match key.security_token {
                Some(_) => Err(ApiError::missing("SecurityToken")),
                None => Ok(()),
            };
        };
        let inner = self.read();
        let owner = inner
            .token_owner
            .get(sent)
            .and_then(|id| inner.by_id.get(id))
            .ok_or_else(ApiError::security_token_malformed)?;
        if owner.expired(now) {
            return Err(ApiError::security_token_expired());
        }
        if owner.id != key.id {
            return Err(ApiError::security_token_mismatch());
        }
        Ok(())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn tokens_are_checked_as_the_gateway_checks_them() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let plain = AccessKey::new("id", "secret");
        let sts = AccessKey::sts("STS.id", "secret", "token");
        let other = AccessKey::sts("STS.other", "secret", "other-token");
        let old = AccessKey::sts("STS.old", "secret", "old-token").expiring_at(now);
        let ring = KeyRing::new(&[plain.clone(), sts.clone(), other, old.clone()]);
        let code = |key: &AccessKey, sent| ring.check_token(key, sent, now).map_err(|e| e.code);
        assert_eq!(code(&plain, None), Ok(()));
        assert_eq!(code(&plain, Some("")), Ok(()));
        assert_eq!(code(&sts, Some("token")), Ok(()));
        assert_eq!(
            code(&plain, Some("x")),
            Err("InvalidSecurityToken.Malformed".into())
        );
        assert_eq!(
            code(&plain, Some("token")),
            Err("InvalidSecurityToken.MismatchWithAccessKey".into())
        );
        assert_eq!(code(&sts, None), Err("MissingSecurityToken".into()));
        assert_eq!(
            code(&sts, Some("other-token")),
            Err("InvalidSecurityToken.MismatchWithAccessKey".into())
        );
        assert_eq!(
            code(&old, Some("old-token")),
            Err("InvalidSecurityToken.Expired".into())
        );
        let before = now - Duration::from_secs(1);
        assert!(ring.check_token(&old, Some("old-token"), before).is_ok());
    }

    #[test]
    fn a_key_added_later_replaces_its_namesake() {
        let ring = KeyRing::new(&[AccessKey::sts("STS.id", "one", "first")]);
        ring.insert(AccessKey::sts("STS.id", "two", "second"));
        let key = ring.get("STS.id").unwrap();
        assert_eq!(key.secret(), "two");
        let now = SystemTime::now();
        assert!(ring.check_token(&key, Some("second"), now).is_ok());
        assert_eq!(
            ring.check_token(&key, Some("first"), now).unwrap_err().code,
            "InvalidSecurityToken.Malformed"
        );
    }

    #[test]
    fn expiries_parse() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_957_600);
        assert_eq!("2025-12-05T18:00:00Z".parse(), Ok(StsExpiration::At(at)));
        assert_eq!(
            "1h".parse::<StsExpiration>().unwrap().resolve(at),
            at + Duration::from_secs(3600)
        );
        for same in [
            "2025-12-05T18:00:00.250Z",
            "2025-12-06T02:00:00+08:00",
            "2025-12-05t13:30:00-04:30",
        ] {
            assert_eq!(same.parse(), Ok(StsExpiration::At(at)), "{same}");
        }
        for bad in [
            "",
            "soon",
            "2025-12-05 18:00:00",
            "2025-12-05T18:00:00",
            "2025-12-05T18:00:00+8",
            "2025-12-05T18:00:00+24:00",
            "2025-12-05T18:00:00.5",
            "2025-12-05T18:00:00.Z",
            "-1h",
        ] {
            assert!(bad.parse::<StsExpiration>().is_err(), "{bad}");
        }
    }

    #[test]
    fn debug_never_shows_secrets() {
        let printed = format!("{:?}", AccessKey::sts("STS.id", "sts-secret", "sts-token"));
        assert!(printed.contains("STS.id"));
        assert!(!printed.contains("sts-secret") && !printed.contains("sts-token"));
    }
}

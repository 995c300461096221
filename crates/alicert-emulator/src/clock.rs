//! Where the emulator's "now" comes from. Timestamp windows, nonce expiry, certificate expiry dates and the pace of
//! the progressing job all read one injectable [`Clock`], so a test can freeze time with a [`ManualClock`] and move
//! it forward by minutes without sleeping. A [`ClockSkew`] then shifts the server's idea of now (as a real server
//! whose clock is off would), which is what the `Timestamp` check and the `Date` header see.

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of the current time.
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The operating system's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that only moves when told to; clones share one time.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use alicert_emulator::{Clock, ManualClock};
///
/// let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
/// clock.advance(Duration::from_secs(60));
/// assert_eq!(clock.now(), UNIX_EPOCH + Duration::from_secs(1_700_000_060));
/// ```
#[derive(Clone, Debug)]
pub struct ManualClock {
    now: Arc<Mutex<SystemTime>>,
}

impl ManualClock {
    /// A clock stopped at `start`.
    pub fn new(start: SystemTime) -> Self {
        Self {
            now: Arc::new(Mutex::new(start)),
        }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = lock(&self.now);
        *now = now.checked_add(by).unwrap_or(*now);
    }

    /// Sets the clock to `to` (which may be earlier than now).
    pub fn set(&self, to: SystemTime) {
        *lock(&self.now) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *lock(&self.now)
    }
}

/// Locks a mutex, recovering the data if a panicking thread poisoned it (the data here is always consistent).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The largest skew accepted: far beyond any real clock error, small enough that no date arithmetic can overflow.
pub const MAX_SKEW: Duration = Duration::from_secs(10 * 365 * 24 * 3600);

/// A signed offset added to the clock to get the server's time: `+20m` means the server's clock runs 20 minutes
/// ahead of the client's.
///
/// Text form (as `--fault skew=...` and the config take it): an optional sign and a duration in the grammar every
/// alicert command shares ([`alicert_core::duration`]), e.g. `+20m`, `-90s`, `1.5h`, `0`. At most [`MAX_SKEW`] either way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ClockSkew {
    ahead: bool,
    by: Duration,
}

impl ClockSkew {
    /// No skew.
    pub const ZERO: ClockSkew = ClockSkew {
        ahead: true,
        by: Duration::ZERO,
    };

    /// The server's clock runs `by` ahead (capped at [`MAX_SKEW`]).
    pub fn ahead(by: Duration) -> Self {
        Self {
            ahead: true,
            by: by.min(MAX_SKEW),
        }
    }

    /// The server's clock runs `by` behind (capped at [`MAX_SKEW`]).
    pub fn behind(by: Duration) -> Self {
        Self {
            ahead: by.is_zero(),
            by: by.min(MAX_SKEW),
        }
    }

    /// Whether this is no skew at all.
    pub fn is_zero(&self) -> bool {
        self.by.is_zero()
    }

    /// The offset in milliseconds, negative when behind.
    pub fn as_millis(&self) -> i64 {
        let millis = i64::try_from(self.by.as_millis()).unwrap_or(i64::MAX);
        if self.ahead { millis } else { -millis }
    }

    /// The sum of two skews, capped at [`MAX_SKEW`] either way.
    pub fn plus(self, other: ClockSkew) -> ClockSkew {
        let millis = self.as_millis().saturating_add(other.as_millis());
        let by = Duration::from_millis(millis.unsigned_abs());
        if millis >= 0 {
            Self::ahead(by)
        } else {
            Self::behind(by)
        }
    }

    /// `time` shifted by this skew; never before the Unix epoch.
    pub fn apply(&self, time: SystemTime) -> SystemTime {
        let shifted = if self.ahead {
            time.checked_add(self.by)
        } else {
            time.checked_sub(self.by)
        };
        shifted.unwrap_or(time).max(UNIX_EPOCH)
    }
}

impl fmt::Display for ClockSkew {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.ahead { '+' } else { '-' };
        write!(f, "{sign}{}", format_duration(self.by))
    }
}

/// Why a skew or duration could not be parsed; names the offending text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDurationError {
    input: String,
    reason: &'static str,
}

impl ParseDurationError {
    pub(crate) fn new(input: &str, reason: &'static str) -> Self {
        Self {
            input: input.chars().take(60).collect(),
            reason,
        }
    }
}

impl fmt::Display for ParseDurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid duration `{}`: {}", self.input, self.reason)
    }
}

impl std::error::Error for ParseDurationError {}

impl FromStr for ClockSkew {
    type Err = ParseDurationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let (ahead, magnitude) = match text.as_bytes().first() {
            Some(b'+') => (true, &text[1..]),
            Some(b'-') => (false, &text[1..]),
            _ => (true, text),
        };
        let by =
            parse_duration(magnitude).map_err(|error| ParseDurationError::new(s, error.reason))?;
        if by > MAX_SKEW {
            return Err(ParseDurationError::new(
                s,
                "a skew may be at most 3650 days",
            ));
        }
        Ok(if ahead {
            Self::ahead(by)
        } else {
            Self::behind(by)
        })
    }
}

/// Parses a duration in the grammar every alicert command shares ([`alicert_core::duration`]: `800ms`, `2s`, `1.5m`,
/// `1h`, `3d` or a bare `0`), at most ten years ([`MAX_SKEW`]).
pub fn parse_duration(text: &str) -> Result<Duration, ParseDurationError> {
    let duration = alicert_core::duration::parse(text)
        .map_err(|error| ParseDurationError::new(text, error.reason()))?;
    if duration > MAX_SKEW {
        return Err(ParseDurationError::new(text, "longer than ten years"));
    }
    Ok(duration)
}

/// Writes a duration in the largest unit that divides it exactly (`800ms`, `20m`).
pub(crate) fn format_duration(duration: Duration) -> String {
    let millis = duration.as_millis();
    if duration.is_zero() {
        return "0".to_owned();
    }
    let whole_millis = duration.subsec_nanos().is_multiple_of(1_000_000);
    for (unit, size) in [
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
        ("ms", 1),
    ] {
        if whole_millis && millis.is_multiple_of(size) {
            return format!("{}{unit}", millis / size);
        }
    }
    // A fraction of a millisecond, written so that it parses back exactly.
    let nanos = format!("{:06}", duration.subsec_nanos() % 1_000_000);
    format!("{millis}.{}ms", nanos.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(parse_duration("800ms"), Ok(Duration::from_millis(800)));
        assert_eq!(parse_duration("20m"), Ok(Duration::from_secs(1200)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert!(parse_duration("ms").is_err());
        assert!(parse_duration("5").is_err());
        assert_eq!(parse_duration("1.5m"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(172_800)));
        assert!(parse_duration("3651d").is_err());
        assert!(parse_duration("-5s").is_err());
        assert_eq!(format_duration(Duration::from_micros(1500)), "1.5ms");
        assert_eq!(format_duration(Duration::from_nanos(1)), "0.000001ms");
        for text in ["1.5ms", "0.25s", "1.5m", "2d", "0.000001ms"] {
            let duration = parse_duration(text).unwrap();
            assert_eq!(
                parse_duration(&format_duration(duration)),
                Ok(duration),
                "{text}"
            );
        }
        assert!(parse_duration("5y").is_err());
        assert!(parse_duration("99999999999999999999s").is_err());
        assert!(parse_duration("99999d").is_err());
        assert_eq!(format_duration(Duration::from_millis(800)), "800ms");
        assert_eq!(format_duration(Duration::from_secs(1200)), "20m");
    }

    #[test]
    fn skews_parse_apply_and_add() {
        let ahead: ClockSkew = "+20m".parse().unwrap();
        let behind: ClockSkew = "-90s".parse().unwrap();
        assert_eq!(ahead.as_millis(), 1_200_000);
        assert_eq!(behind.as_millis(), -90_000);
        assert_eq!(ahead.to_string(), "+20m");
        assert_eq!(behind.to_string(), "-90s");
        assert_eq!(
            "5m".parse::<ClockSkew>().unwrap(),
            ClockSkew::ahead(Duration::from_secs(300))
        );
        assert_eq!(ahead.plus(behind).as_millis(), 1_110_000);
        let t = UNIX_EPOCH + Duration::from_secs(1000);
        assert_eq!(behind.apply(t), UNIX_EPOCH + Duration::from_secs(910));
        assert_eq!(
            ClockSkew::behind(Duration::from_secs(5000)).apply(t),
            UNIX_EPOCH
        );
        assert!("+".parse::<ClockSkew>().is_err());
        assert!("+20x".parse::<ClockSkew>().is_err());
        assert!(ClockSkew::behind(Duration::ZERO).is_zero());
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(UNIX_EPOCH);
        let other = clock.clone();
        clock.advance(Duration::from_secs(5));
        assert_eq!(other.now(), UNIX_EPOCH + Duration::from_secs(5));
        other.set(UNIX_EPOCH);
        assert_eq!(clock.now(), UNIX_EPOCH);
    }
}

//! Numbers, times and durations the way people read them: `20,000`, `2023-03-23 03:23 UTC`, `1.3 s`, `expires in
//! 5 days`. JSON output never goes through here; it keeps the API's own values.

use std::time::Duration;

use alicert_api::wire::UnixMillis;
use chrono::{DateTime, Utc};

/// One day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

/// `20000` as `20,000`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A signed count with separators.
pub fn signed(n: i64) -> String {
    if n < 0 {
        format!("-{}", count(n.unsigned_abs()))
    } else {
        count(n.unsigned_abs())
    }
}

/// An instant as `2023-03-23 03:23 UTC`.
pub fn datetime(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A wire timestamp as [`datetime`], or its raw text when it is not a timestamp, or `-`.
pub fn timestamp(value: Option<&UnixMillis>) -> String {
    match value {
        None => "-".to_owned(),
        Some(value) => match value.to_datetime() {
            Some(time) => datetime(time),
            None => value.raw().into_owned(),
        },
    }
}

/// Time left until an expiry, in days rounded to the nearest (so an expiry 19.99 days away reads "20 days", as
/// people count), and whether it has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Remaining {
    /// Days left, rounded; negative or zero once expired.
    pub days: i64,
    /// Whether the moment has passed.
    pub expired: bool,
}

impl Remaining {
    /// From `now` to `until`.
    pub fn between(now: DateTime<Utc>, until: DateTime<Utc>) -> Self {
        let millis = until
            .timestamp_millis()
            .saturating_sub(now.timestamp_millis());
        let days = (millis as f64 / DAY_MS as f64).round();
        Self {
            // A float-to-int cast saturates: no overflow for absurd dates.
            days: days as i64,
            expired: millis <= 0,
        }
    }

    /// `expired 3 days ago`, `expired today`, `expires today`, `expires in 20 days`.
    pub fn phrase(&self) -> String {
        match (self.expired, self.days) {
            (true, 0) => "expired today".to_owned(),
            (true, -1) => "expired yesterday".to_owned(),
            (true, days) => format!("expired {} days ago", count(days.unsigned_abs())),
            (false, 0) => "expires today".to_owned(),
            (false, 1) => "expires tomorrow".to_owned(),
            (false, days) => format!("expires in {} days", signed(days)),
        }
    }
}

/// A duration as `820 ms`, `5.1 s` or `2 min 5 s`.
pub fn duration(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1000 {
        format!("{millis} ms")
    } else if millis < 60_000 {
        format!("{:.1} s", duration.as_secs_f64())
    } else {
        let seconds = duration.as_secs();
        format!("{} min {} s", seconds / 60, seconds % 60)
    }
}

/// `n thing` or `n things`.
pub fn plural(n: u64, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{} {thing}s", count(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(20_000), "20,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(signed(-1_000), "-1,000");
        assert_eq!(signed(i64::MIN), "-9,223,372,036,854,775,808");
        assert_eq!(plural(1, "worker"), "1 worker");
        assert_eq!(plural(2, "worker"), "2 workers");
    }

    #[test]
    fn days() {
        let base = 1_700_000_000_000;
        let now = DateTime::from_timestamp_millis(base).unwrap();
        let left = |offset: i64| {
            Remaining::between(now, DateTime::from_timestamp_millis(base + offset).unwrap())
        };
        assert_eq!(left(20 * DAY_MS - 5_000).days, 20);
        assert_eq!(left(20 * DAY_MS - 5_000).phrase(), "expires in 20 days");
        assert_eq!(left(23 * 3_600_000).phrase(), "expires tomorrow");
        assert_eq!(left(3_600_000).phrase(), "expires today");
        assert_eq!(left(-3_600_000).phrase(), "expired today");
        assert_eq!(left(-3 * DAY_MS - 5_000).phrase(), "expired 3 days ago");
        assert!(left(0).expired);
        let far = Remaining::between(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        assert!(!far.expired && far.days > 0);
        let _ = Remaining {
            days: i64::MIN,
            expired: true,
        }
        .phrase();
    }

    #[test]
    fn durations_and_times() {
        assert_eq!(duration(Duration::from_millis(820)), "820 ms");
        assert_eq!(duration(Duration::from_millis(5_140)), "5.1 s");
        assert_eq!(duration(Duration::from_secs(125)), "2 min 5 s");
        assert_eq!(
            timestamp(Some(&UnixMillis::from_millis_text(1_679_541_809_000))),
            "2023-03-23 03:23 UTC"
        );
        assert_eq!(timestamp(None), "-");
    }
}

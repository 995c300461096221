//! The duration grammar every alicert option shares ([`alicert_core::duration`]: `500ms`, `2s`, `1.5m`, `1h`, `1d`),
//! as clap value parsers with the bounds the CLI puts on them: a time limit is longer than zero and at most a year,
//! a polling interval at least 100 ms.

use std::time::Duration;

/// A time limit: a duration longer than zero (a zero limit would fail every call before it starts).
pub fn parse_limit(text: &str) -> Result<Duration, String> {
    let limit = parse_duration(text)?;
    if limit.is_zero() {
        return Err(format!(
            "`{text}` is zero: a time limit must be longer than that, e.g. 500ms or 30s"
        ));
    }
    Ok(limit)
}

/// A polling interval: a duration of at least 100 ms, so that a typo cannot hammer the service.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let interval = parse_duration(text)?;
    if interval < Duration::from_millis(100) {
        return Err(format!("`{text}` is too short: poll at most every 100ms"));
    }
    Ok(interval)
}

/// A duration, at most a year: a longer limit is a typo, and the runtime adds it to instants.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let duration = alicert_core::duration::parse(text).map_err(|error| error.to_string())?;
    if duration > Duration::from_secs(365 * 86_400) {
        return Err(format!(
            "`{}` is out of range (at most a year)",
            text.trim()
        ));
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5m"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration(" 1h "), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(172_800)));
        assert_eq!(
            parse_duration("365d"),
            Ok(Duration::from_secs(365 * 86_400))
        );
        for bad in [
            "", "s", "2", "2x", "-1s", "1e400", "9999999h", "366d", "1..2s",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_limit("1ms"), Ok(Duration::from_millis(1)));
        for zero in ["0", "0s", "0ms", "0.0m", "0.0000000001s"] {
            assert!(parse_limit(zero).is_err(), "{zero}");
        }
        assert!(parse_interval("99ms").is_err());
        assert_eq!(parse_interval("100ms"), Ok(Duration::from_millis(100)));
    }
}

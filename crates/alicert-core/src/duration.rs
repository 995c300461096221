//! The one duration grammar people type into alicert: the CLI's time limits and polling interval, and the emulator's
//! skew, faults and STS expiry all read durations through [`parse`], so `1.5m`, `2d` or a bare `2` mean the same (or
//! fail the same way) wherever they are typed. The arithmetic is exact integer arithmetic on nanoseconds (no float
//! rounding, `0.1s` is exactly 100 ms), and every failure is an error naming the text, never a panic.
//!
//! ```text
//! DURATION = "0" | NUMBER UNIT
//! NUMBER   = DIGITS [ "." DIGITS ]           decimal, no sign, no exponent
//! UNIT     = "ms" | "s" | "m" | "h" | "d"    milliseconds, seconds, minutes, hours, days (24 h)
//! ```
//!
//! A number without a unit is refused (is `2` two seconds or two milliseconds?), except `0`, which is the same in
//! every unit. Surrounding whitespace is ignored; none is allowed inside. Digits past nanosecond precision are
//! dropped. Callers set their own upper bound; [`parse`] itself refuses only what a [`Duration`] cannot hold.
//!
//! ```
//! use std::time::Duration;
//! use alicert_core::duration;
//!
//! assert_eq!(duration::parse("1.5m"), Ok(Duration::from_secs(90)));
//! assert_eq!(duration::parse("2d"), Ok(Duration::from_secs(2 * 86_400)));
//! assert!(duration::parse("2").is_err());
//! ```

use std::fmt;
use std::time::Duration;

const NANOS_PER_SECOND: u128 = 1_000_000_000;

/// Decimal places kept in the fraction's arithmetic; more are precision no unit here can use (a day's nanoseconds
/// need 14), and fewer digits keep the products far from overflow.
const MAX_FRACTION_DIGITS: usize = 18;

/// Why a duration could not be read: the text (cut to 60 characters) and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDurationError {
    input: String,
    reason: &'static str,
}

impl ParseDurationError {
    fn new(input: &str, reason: &'static str) -> Self {
        Self {
            input: input.chars().take(60).collect(),
            reason,
        }
    }

    /// The text that failed to parse (at most 60 characters of it).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Why, in a few words that name the fix (`a number needs a unit: ms, s, m, h or d`).
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

impl fmt::Display for ParseDurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid duration `{}`: {}", self.input, self.reason)
    }
}

impl std::error::Error for ParseDurationError {}

/// Reads a duration in the grammar of this module: `500ms`, `2s`, `1.5m`, `1h`, `3d`, `0`.
pub fn parse(text: &str) -> Result<Duration, ParseDurationError> {
    let error = |reason| ParseDurationError::new(text, reason);
    let trimmed = text.trim();
    if trimmed == "0" {
        return Ok(Duration::ZERO);
    }
    match trimmed.as_bytes().first() {
        None => return Err(error("empty: expected e.g. 500ms, 2s, 1.5m, 1h or 3d")),
        Some(b'-') => return Err(error("a duration cannot be negative")),
        Some(b'+') => return Err(error("a duration takes no sign")),
        Some(_) => {}
    }
    let number_end = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(number_end);
    let unit_nanos: u128 = match unit {
        "ms" => 1_000_000,
        "s" => NANOS_PER_SECOND,
        "m" => 60 * NANOS_PER_SECOND,
        "h" => 3_600 * NANOS_PER_SECOND,
        "d" => 86_400 * NANOS_PER_SECOND,
        "" => return Err(error("a number needs a unit: ms, s, m, h or d (e.g. 2s)")),
        _ => return Err(error("unknown unit: use ms, s, m, h or d")),
    };
    let (whole, fraction) = match number.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (number, ""),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    if !digits(whole) || (number.contains('.') && !digits(fraction)) {
        return Err(error(
            "expected a number (digits, optionally a decimal point and more digits) before the unit",
        ));
    }
    let too_long = || error("too long: a duration must fit in 584 years");
    // Leading zeros carry no value; what remains must fit in u128 arithmetic.
    let whole = whole.trim_start_matches('0');
    let whole: u128 = if whole.is_empty() {
        0
    } else if whole.len() > 30 {
        return Err(too_long());
    } else {
        whole.parse().map_err(|_| too_long())?
    };
    let fraction = &fraction[..fraction.len().min(MAX_FRACTION_DIGITS)];
    let fraction_nanos = if fraction.is_empty() {
        0
    } else {
        let numerator: u128 = fraction.parse().map_err(|_| too_long())?;
        let scale = 10u128.pow(u32::try_from(fraction.len()).unwrap_or(0));
        numerator * unit_nanos / scale
    };
    let nanos = whole
        .checked_mul(unit_nanos)
        .and_then(|nanos| nanos.checked_add(fraction_nanos))
        .ok_or_else(too_long)?;
    let seconds = u64::try_from(nanos / NANOS_PER_SECOND).map_err(|_| too_long())?;
    let subsec = u32::try_from(nanos % NANOS_PER_SECOND).unwrap_or(0);
    Ok(Duration::new(seconds, subsec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_and_decimals() {
        assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse("1.5m"), Ok(Duration::from_secs(90)));
        assert_eq!(parse(" 1h "), Ok(Duration::from_secs(3600)));
        assert_eq!(parse("2d"), Ok(Duration::from_secs(172_800)));
        assert_eq!(parse("0.1s"), Ok(Duration::from_millis(100)));
        assert_eq!(parse("1.25ms"), Ok(Duration::from_micros(1250)));
        assert_eq!(parse("0.5d"), Ok(Duration::from_secs(43_200)));
        assert_eq!(parse("007s"), Ok(Duration::from_secs(7)));
        assert_eq!(parse("0"), Ok(Duration::ZERO));
        assert_eq!(parse("0s"), Ok(Duration::ZERO));
        assert_eq!(parse("0.0m"), Ok(Duration::ZERO));
        // Past nanosecond precision, digits are dropped rather than refused.
        assert_eq!(parse("0.0000000001s"), Ok(Duration::ZERO));
        assert_eq!(
            parse("1.0000000000000000000000001s"),
            Ok(Duration::from_secs(1))
        );
    }

    #[test]
    fn a_bare_number_needs_a_unit() {
        for bare in ["2", "1.5", "60"] {
            let error = parse(bare).unwrap_err();
            assert!(error.reason().contains("needs a unit"), "{bare}: {error}");
            assert!(error.to_string().contains(&format!("`{bare}`")), "{error}");
        }
    }

    #[test]
    fn bad_text_is_an_error_naming_it() {
        for (bad, reason) in [
            ("", "empty"),
            ("   ", "empty"),
            ("-1s", "negative"),
            ("-0.5m", "negative"),
            ("+1s", "sign"),
            ("s", "expected a number"),
            (".5s", "expected a number"),
            ("5.s", "expected a number"),
            ("1..2s", "expected a number"),
            ("1.2.3s", "expected a number"),
            ("2x", "unknown unit"),
            ("2 s", "unknown unit"),
            ("2S", "unknown unit"),
            ("1e3s", "unknown unit"),
            ("2sec", "unknown unit"),
            ("2µs", "unknown unit"),
        ] {
            let error = parse(bad).unwrap_err();
            assert!(error.reason().contains(reason), "{bad:?}: {error}");
        }
    }

    #[test]
    fn overflow_is_an_error_never_a_panic() {
        for huge in [
            "18446744073709551616s",
            "213503982334602d",
            "99999999999999999999999999999999999999999999d",
            "340282366920938463463374607431768211456ms",
            "9999999999999999999999999999.999999999999999999999999d",
        ] {
            let error = parse(huge).unwrap_err();
            assert!(error.reason().contains("too long"), "{huge}: {error}");
        }
        // The largest whole number of seconds a Duration holds still parses.
        assert_eq!(
            parse("18446744073709551615s"),
            Ok(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse(&"9".repeat(10_000)).unwrap_err().reason(),
            "a number needs a unit: ms, s, m, h or d (e.g. 2s)"
        );
    }

    #[test]
    fn the_error_quotes_at_most_60_characters() {
        let long = format!("{}x", "1".repeat(500));
        let error = parse(&long).unwrap_err();
        assert_eq!(error.input().chars().count(), 60);
    }
}

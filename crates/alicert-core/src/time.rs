//! The one timestamp format Alibaba Cloud's RPC signatures carry (`YYYY-MM-DDThh:mm:ssZ`, UTC), written and read
//! without a date-time crate. The signer takes the time as an argument, so formatting must be exact and total: the
//! V1 `Timestamp` parameter and the V3 `x-acs-date` header are both part of what is signed, and a verifier reads them
//! back to check the clock window.
//!
//! The day arithmetic is Howard Hinnant's `days_from_civil` / `civil_from_days` (proleptic Gregorian calendar).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SECONDS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 for a proleptic Gregorian date. `month` is 1..=12.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// (year, month 1..=12, day 1..=31) for a count of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap_year(year) => 29,
        _ => 28,
    }
}

/// Whole seconds since the epoch, negative before it. Sub-second parts are truncated towards the past, as a clock
/// reading of 12:00:00.9 is still 12:00:00.
fn unix_seconds(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => {
            let before = before.duration();
            let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
            if before.subsec_nanos() > 0 {
                whole.saturating_add(1).saturating_neg()
            } else {
                whole.saturating_neg()
            }
        }
    }
}

/// `"YYYY-MM-DDThh:mm:ssZ"` in UTC, as both the V1 `Timestamp` parameter and the V3 `x-acs-date` header use.
///
/// Fractions of a second are dropped. Years outside 0..=9999 (which no real clock produces) are written with as many
/// digits as they need and a sign when negative; [`parse_iso8601`] does not read those back.
pub fn format_iso8601(t: SystemTime) -> String {
    let seconds = unix_seconds(t);
    let days = seconds.div_euclid(SECONDS_PER_DAY);
    let second_of_day = seconds.rem_euclid(SECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
    );
    if !(0..=9999).contains(&year) {
        return format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z");
    }
    // Every attempt signs a timestamp: written digit by digit into a fixed buffer rather than through `format!`'s
    // formatting machinery, which cost more than the rest of building the common parameters.
    let mut text = *b"0000-00-00T00:00:00Z";
    let mut put = |at: usize, width: usize, mut value: i64| {
        for slot in text[at..at + width].iter_mut().rev() {
            // `value` is in 0..10^width here, so the digit is in 0..=9.
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, 4, year);
    put(5, 2, month);
    put(8, 2, day);
    put(11, 2, hour);
    put(14, 2, minute);
    put(17, 2, second);
    // Only ASCII digits and separators were written, so this never falls back.
    std::str::from_utf8(&text)
        .map(str::to_owned)
        .unwrap_or_default()
}

/// Reads exactly `"YYYY-MM-DDThh:mm:ssZ"` (UTC, the format [`format_iso8601`] writes) back into a time.
///
/// Returns `None` for anything else: another length or separator, a lowercase `t`/`z`, fractional seconds, an offset,
/// or a field out of range (month 13, 30 February, hour 24, second 60).
pub fn parse_iso8601(s: &str) -> Option<SystemTime> {
    let bytes = s.as_bytes();
    if bytes.len() != 20
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || bytes[10] != b'T'
        || bytes[13] != b':'
        || bytes[16] != b':'
        || bytes[19] != b'Z'
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        bytes[range].iter().try_fold(0_i64, |value, &byte| {
            byte.is_ascii_digit()
                .then(|| value * 10 + i64::from(byte - b'0'))
        })
    };
    let year = number(0..4)?;
    let month = number(5..7)?;
    let day = number(8..10)?;
    let hour = number(11..13)?;
    let minute = number(14..16)?;
    let second = number(17..19)?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let seconds =
        days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
    let magnitude = Duration::from_secs(seconds.unsigned_abs());
    if seconds >= 0 {
        UNIX_EPOCH.checked_add(magnitude)
    } else {
        UNIX_EPOCH.checked_sub(magnitude)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> SystemTime {
        if seconds >= 0 {
            UNIX_EPOCH + Duration::from_secs(seconds.unsigned_abs())
        } else {
            UNIX_EPOCH - Duration::from_secs(seconds.unsigned_abs())
        }
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_iso8601(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        // The published V1 example's timestamp.
        assert_eq!(format_iso8601(at(1_456_231_584)), "2016-02-23T12:46:24Z");
        // The published V3 example's x-acs-date.
        assert_eq!(format_iso8601(at(1_698_315_752)), "2023-10-26T10:22:32Z");
        assert_eq!(format_iso8601(at(951_782_400)), "2000-02-29T00:00:00Z");
        assert_eq!(format_iso8601(at(-1)), "1969-12-31T23:59:59Z");
        assert_eq!(format_iso8601(at(253_402_300_799)), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn the_fixed_buffer_writes_what_format_would() {
        let reference = |seconds: i64| {
            let (year, month, day) = civil_from_days(seconds.div_euclid(SECONDS_PER_DAY));
            let second_of_day = seconds.rem_euclid(SECONDS_PER_DAY);
            format!(
                "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
                second_of_day / 3600,
                second_of_day / 60 % 60,
                second_of_day % 60
            )
        };
        // From year 0 to past year 10000, in steps that land on every field's digits; the ends use `format!` itself.
        let mut seconds = -62_167_219_200 - 86_400;
        while seconds < 253_402_300_800 + 86_400 {
            assert_eq!(format_iso8601(at(seconds)), reference(seconds), "{seconds}");
            seconds += 7_777_777;
        }
        for seconds in [
            -62_167_219_201,
            -62_167_219_200,
            253_402_300_799,
            253_402_300_800,
        ] {
            assert_eq!(format_iso8601(at(seconds)), reference(seconds), "{seconds}");
        }
    }

    #[test]
    fn truncates_fractions_towards_the_past() {
        assert_eq!(
            format_iso8601(UNIX_EPOCH + Duration::from_millis(999)),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            format_iso8601(UNIX_EPOCH - Duration::from_millis(1)),
            "1969-12-31T23:59:59Z"
        );
    }

    #[test]
    fn parses_what_it_formats() {
        for seconds in [
            0,
            1,
            -1,
            951_782_400,
            1_456_231_584,
            4_102_444_800,
            -62_135_596_800,
            253_402_300_799,
        ] {
            let text = format_iso8601(at(seconds));
            assert_eq!(parse_iso8601(&text), Some(at(seconds)), "{text}");
        }
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        let mut days = days_from_civil(1900, 1, 1);
        let end = days_from_civil(2300, 1, 1);
        while days < end {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
            assert!(day <= days_in_month(year, month));
            days += 1;
        }
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "",
            "2016-02-23T12:46:24",
            "2016-02-23t12:46:24Z",
            "2016-02-23T12:46:24z",
            "2016-02-23 12:46:24Z",
            "2016-02-23T12:46:24.5Z",
            "2016-02-23T12:46:24+00:00",
            "2016-13-01T00:00:00Z",
            "2016-00-01T00:00:00Z",
            "2015-02-29T00:00:00Z",
            "2016-02-30T00:00:00Z",
            "2016-02-23T24:00:00Z",
            "2016-02-23T12:60:00Z",
            "2016-02-23T12:46:60Z",
            "+016-02-23T12:46:24Z",
            "2016-0２-23T12:46Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad:?}");
        }
        assert!(parse_iso8601("2016-02-29T00:00:00Z").is_some());
    }

    #[test]
    fn extreme_times_do_not_panic() {
        let far = UNIX_EPOCH + Duration::from_secs(u64::MAX / 4);
        let _ = format_iso8601(far);
        let _ = format_iso8601(UNIX_EPOCH - Duration::from_secs(1 << 40));
    }
}

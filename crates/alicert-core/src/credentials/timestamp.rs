//! Reads the `Expiration` the ECS metadata server puts on temporary credentials (`2024-05-01T12:00:00Z`, UTC), so
//! the provider knows when to refresh. A few lines of calendar arithmetic rather than a date-time crate: this is the
//! only date this module reads.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `YYYY-MM-DDThh:mm:ssZ` (an optional fraction of a second before the `Z` is accepted and dropped) to a time.
/// `None` for anything else, including dates before 1970.
pub(crate) fn parse_expiration(text: &str) -> Option<SystemTime> {
    let text = text.strip_suffix('Z')?;
    let (date, time) = text.split_once('T')?;
    let time = time.split_once('.').map_or(time, |(whole, fraction)| {
        if !fraction.is_empty() && fraction.bytes().all(|byte| byte.is_ascii_digit()) {
            whole
        } else {
            ""
        }
    });
    let [year, month, day] = fields::<3>(date, '-', &[4, 2, 2])?;
    let [hour, minute, second] = fields::<3>(time, ':', &[2, 2, 2])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    // 60 allows a leap second, which then reads as the next minute's first.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days.checked_mul(86_400)? + hour * 3600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(seconds).ok()?))
}

/// Splits `text` at `separator` into exactly `N` all-digit fields of the given widths.
fn fields<const N: usize>(text: &str, separator: char, widths: &[usize; N]) -> Option<[i64; N]> {
    let mut values = [0i64; N];
    let mut parts = text.split(separator);
    for (value, width) in values.iter_mut().zip(widths) {
        let part = parts.next()?;
        if part.len() != *width || !part.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        *value = part.parse().ok()?;
    }
    parts.next().is_none().then_some(values)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`, proleptic Gregorian).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> Option<SystemTime> {
        Some(UNIX_EPOCH + Duration::from_secs(seconds))
    }

    #[test]
    fn known_instants() {
        assert_eq!(parse_expiration("1970-01-01T00:00:00Z"), at(0));
        // `date -u -d 2024-02-29T12:34:56Z +%s`
        assert_eq!(parse_expiration("2024-02-29T12:34:56Z"), at(1_709_210_096));
        assert_eq!(
            parse_expiration("2024-02-29T12:34:56.789Z"),
            at(1_709_210_096)
        );
        assert_eq!(parse_expiration("2016-02-23T12:46:24Z"), at(1_456_231_584));
        assert_eq!(
            parse_expiration("9999-12-31T23:59:59Z"),
            at(253_402_300_799)
        );
    }

    #[test]
    fn rejects_everything_else() {
        for text in [
            "",
            "Z",
            "2024-02-29 12:34:56Z",
            "2024-02-29T12:34:56",
            "2024-02-29T12:34:56+08:00",
            "2023-02-29T12:34:56Z",
            "2024-13-01T00:00:00Z",
            "2024-00-01T00:00:00Z",
            "2024-01-00T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "1969-12-31T23:59:59Z",
            "+024-01-01T00:00:00Z",
            "2024-1-01T00:00:00Z",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00.1aZ",
            "2024-01-01T00:00:00:00Z",
            "２０２４-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_expiration(text), None, "{text}");
        }
    }
}

//! Conversions the generated records share: a `SystemTime` to and from the Unix milliseconds the records carry,
//! the range of dates they can show, and the base-36 and hex spellings that turn a hash into an identifier, so
//! every record spells them alike.

use std::time::{SystemTime, UNIX_EPOCH};

pub(super) const DAY_MS: i64 = 86_400_000;
/// 9999-12-31T23:59:59Z, the last moment an HTTP date or ISO 8601 timestamp can show.
pub(crate) const LATEST_MILLIS: i64 = 253_402_300_799_000;

pub(super) fn unix_millis(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

pub(super) fn millis_to_time(millis: i64) -> SystemTime {
    let magnitude = std::time::Duration::from_millis(millis.unsigned_abs());
    if millis >= 0 {
        UNIX_EPOCH.checked_add(magnitude).unwrap_or(UNIX_EPOCH)
    } else {
        UNIX_EPOCH.checked_sub(magnitude).unwrap_or(UNIX_EPOCH)
    }
}

/// Lowercase base-36 text of `hash`, `len` characters.
pub(super) fn base36(mut hash: u64, len: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..len)
        .map(|_| {
            let digit = DIGITS[(hash % 36) as usize];
            hash /= 36;
            char::from(digit)
        })
        .collect()
}

pub(super) fn hex(hash: u64, len: usize) -> String {
    let full = format!("{hash:016x}");
    full[..len.min(16)].to_owned()
}

pub(super) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

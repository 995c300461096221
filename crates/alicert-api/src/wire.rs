//! Types for what the wire really carries where the API pages contradict themselves or stay silent (see the spec's
//! `x-alicert-wire` and FIELD-NOTES). The generator points fields at these instead of at the type the page claims,
//! so a response decodes whichever of the forms the service sends, and serializes back in the form it came in.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Below this, a timestamp is read as seconds rather than milliseconds: 10^11 ms is March 1973, 10^11 s the year
/// 5138. The pages say "seconds" and the samples send milliseconds; both decode to the same instant.
const SECONDS_BELOW: i64 = 100_000_000_000;

/// A Unix timestamp in milliseconds, as the pages' samples send it: a JSON string (`"1679541809000"`) for
/// `GmtCreate` and friends, a JSON number for `NotAfterTime`. Either form decodes; the form is kept, so a response
/// re-serializes as it came. A text that is not a number is kept as well (and [`millis`](Self::millis) is `None`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnixMillis {
    repr: Repr,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Repr {
    Number(i64),
    /// A JSON string that is exactly an integer's decimal text (`"1679541809000"`, no sign but `-`, no leading
    /// zero, no space): the integer alone gives the text back, so nothing is allocated for the common form.
    Digits(i64),
    /// Any other JSON string, kept as it came.
    Text(String),
}

/// The integer whose decimal text `text` is exactly (what `i64::to_string` writes), if it is one. One pass, digits
/// accumulated as they are checked: this runs for every timestamp of every decoded response.
fn canonical_integer(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    match digits {
        [] => return None,
        [b'0'] => return (!negative).then_some(0), // "0", never "-0"
        [b'0', ..] => return None,
        _ => {}
    }
    // Accumulated as a negative number, whose range reaches i64::MIN.
    let mut value: i64 = 0;
    for &byte in digits {
        let digit = i64::from(byte.wrapping_sub(b'0'));
        if digit > 9 {
            return None;
        }
        value = value.checked_mul(10)?.checked_sub(digit)?;
    }
    if negative {
        Some(value)
    } else {
        value.checked_neg()
    }
}

impl UnixMillis {
    /// A timestamp sent as a JSON number.
    pub fn from_millis(millis: i64) -> Self {
        Self {
            repr: Repr::Number(millis),
        }
    }

    /// A timestamp sent as a JSON string of digits.
    pub fn from_millis_text(millis: i64) -> Self {
        Self {
            repr: Repr::Digits(millis),
        }
    }

    /// Milliseconds since the Unix epoch. A value small enough to be seconds (before 1973 as milliseconds) is read
    /// as seconds, since that is what the pages document. `None` when the wire text is not an integer.
    pub fn millis(&self) -> Option<i64> {
        let raw = match &self.repr {
            Repr::Number(millis) | Repr::Digits(millis) => *millis,
            Repr::Text(text) => text.trim().parse().ok()?,
        };
        if raw.unsigned_abs() < SECONDS_BELOW.unsigned_abs() {
            raw.checked_mul(1000)
        } else {
            Some(raw)
        }
    }

    /// The instant, if the value is a timestamp.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let millis = self.millis()?;
        if millis >= 0 {
            UNIX_EPOCH.checked_add(Duration::from_millis(millis.unsigned_abs()))
        } else {
            UNIX_EPOCH.checked_sub(Duration::from_millis(millis.unsigned_abs()))
        }
    }

    /// The instant in UTC, if the value is a timestamp.
    pub fn to_datetime(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::from_timestamp_millis(self.millis()?)
    }

    /// The value exactly as the wire carried it.
    pub fn raw(&self) -> Cow<'_, str> {
        match &self.repr {
            Repr::Number(millis) | Repr::Digits(millis) => Cow::Owned(millis.to_string()),
            Repr::Text(text) => Cow::Borrowed(text),
        }
    }
}

impl fmt::Display for UnixMillis {
    /// RFC 3339 in UTC when the value is a timestamp, the raw wire text otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_datetime() {
            Some(time) => write!(
                f,
                "{}",
                time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            ),
            None => f.write_str(&self.raw()),
        }
    }
}

impl Serialize for UnixMillis {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.repr {
            Repr::Number(millis) => serializer.serialize_i64(*millis),
            Repr::Digits(millis) => serializer.collect_str(millis),
            Repr::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for UnixMillis {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MillisVisitor;
        impl Visitor<'_> for MillisVisitor {
            type Value = UnixMillis;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Unix timestamp in milliseconds, as a number or a string")
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<UnixMillis, E> {
                Ok(UnixMillis::from_millis(value))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<UnixMillis, E> {
                i64::try_from(value)
                    .map(UnixMillis::from_millis)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<UnixMillis, E> {
                if value.fract() == 0.0 && value.abs() < 9.0e15 {
                    Ok(UnixMillis::from_millis(value as i64))
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(value), &self))
                }
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<UnixMillis, E> {
                let repr = match canonical_integer(value) {
                    Some(millis) => Repr::Digits(millis),
                    None => Repr::Text(value.to_owned()),
                };
                Ok(UnixMillis { repr })
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<UnixMillis, E> {
                let repr = match canonical_integer(&value) {
                    Some(millis) => Repr::Digits(millis),
                    None => Repr::Text(value),
                };
                Ok(UnixMillis { repr })
            }
        }
        deserializer.deserialize_any(MillisVisitor)
    }
}

/// A boolean the service may send as `true`/`false`, `1`/`0`, or those as strings (`DefaultResource`: the page's
/// table says `0`, its sample `true`). Serializes as a JSON boolean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct LenientBool(pub bool);

impl LenientBool {
    /// The value.
    pub fn get(self) -> bool {
        self.0
    }
}

impl From<bool> for LenientBool {
    fn from(value: bool) -> Self {
        Self(value)
    }
}

impl From<LenientBool> for bool {
    fn from(value: LenientBool) -> Self {
        value.0
    }
}

impl fmt::Display for LenientBool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for LenientBool {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(self.0)
    }
}

impl<'de> Deserialize<'de> for LenientBool {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BoolVisitor;
        impl Visitor<'_> for BoolVisitor {
            type Value = LenientBool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean: true/false, 1/0, or one of those as a string")
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<LenientBool, E> {
                Ok(LenientBool(value))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<LenientBool, E> {
                match value {
                    0 => Ok(LenientBool(false)),
                    1 => Ok(LenientBool(true)),
                    _ => Err(E::invalid_value(de::Unexpected::Signed(value), &self)),
                }
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<LenientBool, E> {
                match value {
                    0 => Ok(LenientBool(false)),
                    1 => Ok(LenientBool(true)),
                    _ => Err(E::invalid_value(de::Unexpected::Unsigned(value), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<LenientBool, E> {
                match value.trim() {
                    "true" | "True" | "TRUE" | "1" => Ok(LenientBool(true)),
                    "false" | "False" | "FALSE" | "0" => Ok(LenientBool(false)),
                    _ => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
                }
            }
        }
        deserializer.deserialize_any(BoolVisitor)
    }
}

/// A value of an open enum that the spec does not list. Only decoding makes one, so it never shadows a known
/// variant: `DeploymentJobStatus::from("success")` is always `Success`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub(crate) fn new(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The value as the wire carried it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads an open enum's wire value: a string, or (from a service that changed its mind) a number or boolean, kept
/// as text.
#[doc(hidden)]
pub fn deserialize_open_enum<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Cow<'de, str>, D::Error> {
    struct TextVisitor;
    impl<'de> Visitor<'de> for TextVisitor {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(value))
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(value.to_owned()))
        }
        fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
            Ok(Cow::Owned(value))
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Cow::Owned(value.to_string()))
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
            Ok(Cow::Owned(value.to_string()))
        }
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
            Ok(Cow::Owned(value.to_string()))
        }
    }
    deserializer.deserialize_any(TextVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_accepts_both_forms_and_keeps_them() {
        let text: UnixMillis = serde_json::from_str("\"1679541809000\"").unwrap();
        let number: UnixMillis = serde_json::from_str("1679541809000").unwrap();
        assert_eq!(text.millis(), Some(1_679_541_809_000));
        assert_eq!(number.millis(), text.millis());
        assert_eq!(serde_json::to_string(&text).unwrap(), "\"1679541809000\"");
        assert_eq!(serde_json::to_string(&number).unwrap(), "1679541809000");
        assert_eq!(text.to_string(), "2023-03-23T03:23:29.000Z");
    }

    #[test]
    fn seconds_as_documented_are_read_as_seconds() {
        let seconds: UnixMillis = serde_json::from_str("1679541809").unwrap();
        assert_eq!(seconds.millis(), Some(1_679_541_809_000));
    }

    #[test]
    fn a_non_numeric_timestamp_is_kept_not_lost() {
        let odd: UnixMillis = serde_json::from_str("\"soon\"").unwrap();
        assert_eq!(odd.millis(), None);
        assert_eq!(odd.raw(), "soon");
        assert_eq!(serde_json::to_string(&odd).unwrap(), "\"soon\"");
    }

    /// Every string form comes back byte for byte, whether it was kept as an integer or as text; only exact integer
    /// text is held as an integer.
    #[test]
    fn string_timestamps_round_trip_exactly() {
        for wire in [
            "0",
            "-0",
            "7",
            "-12",
            "007",
            "+5",
            " 5",
            "5 ",
            "1e3",
            "",
            "-",
            "1679541809000",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "١٢٣",
        ] {
            let json = serde_json::to_string(wire).unwrap();
            let decoded: UnixMillis = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&decoded).unwrap(), json, "{wire:?}");
            assert_eq!(decoded.raw(), wire, "{wire:?}");
            let held_as_integer = matches!(decoded.repr, Repr::Digits(_));
            assert_eq!(
                held_as_integer,
                wire.parse::<i64>().is_ok_and(|n| n.to_string() == wire),
                "{wire:?}"
            );
        }
        // The extremes decode without overflowing (a debug build would panic on `i64::MIN.abs()`).
        let lowest: UnixMillis = serde_json::from_str("\"-9223372036854775808\"").unwrap();
        assert_eq!(lowest.millis(), Some(i64::MIN));
        let lowest: UnixMillis = serde_json::from_str("-9223372036854775808").unwrap();
        assert_eq!(lowest.millis(), Some(i64::MIN));
        assert_eq!(UnixMillis::from_millis_text(42).raw(), "42");
        assert_eq!(
            serde_json::to_string(&UnixMillis::from_millis_text(42)).unwrap(),
            "\"42\""
        );
    }

    #[test]
    fn lenient_bool_accepts_every_form() {
        for (wire, expected) in [
            ("true", true),
            ("false", false),
            ("1", true),
            ("0", false),
            ("\"1\"", true),
            ("\"false\"", false),
        ] {
            let value: LenientBool = serde_json::from_str(wire).unwrap();
            assert_eq!(value.get(), expected, "{wire}");
        }
        let error = serde_json::from_str::<LenientBool>("2")
            .unwrap_err()
            .to_string();
        assert!(error.contains("a boolean"), "{error}");
    }
}

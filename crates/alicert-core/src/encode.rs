//! Percent-encoding as Alibaba Cloud canonicalises it, and the form decoding a server needs to undo what went over the
//! wire. Both signatures (V1 and V3) hash text built with [`percent_encode`], so one byte of difference here breaks
//! every request; a verifier (the emulator) decodes the query and form body with [`parse_form`] before re-signing.
//!
//! The encoder is the hot path of V1 signing: it copies runs of unreserved bytes in one `push_str`, looks every byte
//! up in a table, and never allocates per byte.

use std::fmt;

/// 1 for the bytes RFC 3986 calls unreserved (`A-Z a-z 0-9 - _ . ~`), 0 for everything else, which is escaped.
/// Integers rather than booleans so eight lookups can be combined without a branch each.
const UNRESERVED: [u8; 256] = {
    let mut table = [0_u8; 256];
    let mut byte = 0;
    while byte < 256 {
        let c = byte as u8;
        if c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.' || c == b'~' {
            table[byte] = 1;
        }
        byte += 1;
    }
    table
};

/// One bit per byte of `chunk`, set when the byte is unreserved.
#[inline]
fn unreserved_mask(chunk: &[u8; 8]) -> u32 {
    let mut mask = 0_u32;
    for (bit, &byte) in chunk.iter().enumerate() {
        mask |= u32::from(UNRESERVED[usize::from(byte)]) << bit;
    }
    mask
}

/// Whether every byte of `bytes` is unreserved: one table lookup and one `and` per byte, no branch until the end,
/// which for the short texts of parameters is cheaper than finding where a run ends.
#[inline]
pub(crate) fn all_unreserved(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .fold(1, |all, &byte| all & UNRESERVED[usize::from(byte)])
        == 1
}

/// Length of the run of unreserved bytes at the start of `bytes`.
///
/// Eight bytes at a time without a branch per byte: the run ends at the first zero bit of the chunk's mask. The last
/// partial chunk is read as the input's last eight bytes (overlapping what was already checked) rather than copied
/// into a padded buffer, whose byte stores and wide reload stalled the pipeline. Parameter values are short, and these
/// stalls and per-byte branches were most of the encoder's time.
#[inline]
fn unreserved_run(bytes: &[u8]) -> usize {
    let mut run = 0;
    while let Some(chunk) = bytes.get(run..).and_then(<[u8]>::first_chunk::<8>) {
        let mask = unreserved_mask(chunk);
        if mask != 0xff {
            return run + (!mask).trailing_zeros() as usize;
        }
        run += 8;
    }
    let rest = bytes.get(run..).unwrap_or_default();
    if let Some(window) = bytes.last_chunk::<8>() {
        // Bits of the bytes before `rest` are shifted out; the bits above `rest` become zero, ending the run there.
        let mask = unreserved_mask(window) >> (8 - rest.len());
        return run + (!mask).trailing_zeros() as usize;
    }
    let mut mask = 0_u32;
    for (bit, &byte) in rest.iter().enumerate() {
        mask |= u32::from(UNRESERVED[usize::from(byte)]) << bit;
    }
    run + (!mask).trailing_zeros() as usize
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// The two uppercase hex digits of `byte`, as its escape writes them after the `%`. Escapes are pushed a character
/// at a time: a push of a known ASCII character is a capacity check and a store, where a slice of a table is a
/// `memcpy` call.
#[inline]
fn hex_digits(byte: u8) -> (char, char) {
    (
        char::from(HEX_UPPER[usize::from(byte >> 4)]),
        char::from(HEX_UPPER[usize::from(byte & 0x0f)]),
    )
}

/// RFC 3986 percent-encoding of UTF-8 as Alibaba canonicalises: only `A-Z a-z 0-9 - _ . ~` stay; space → `%20`,
/// `*` → `%2A`; uppercase hex. Appends to `out`, so callers can build a canonical string without temporaries.
pub fn percent_encode(input: &str, out: &mut String) {
    let bytes = input.as_bytes();
    // Most parameter names and values are plain ASCII: reserve for that, growth handles the rest.
    out.reserve(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let run = unreserved_run(bytes.get(index..).unwrap_or_default());
        if run > 0 {
            // A non-empty run of unreserved bytes is ASCII, so its ends are char boundaries. (An empty one may sit
            // inside a multi-byte character whose earlier bytes were just escaped, where even `[i..i]` would panic.)
            out.push_str(&input[index..index + run]);
            index += run;
        }
        // Reserved bytes come in runs too (a CJK character is three): escape them without rescanning in eights.
        while let Some(&byte) = bytes.get(index) {
            if UNRESERVED[usize::from(byte)] == 1 {
                break;
            }
            let (high, low) = hex_digits(byte);
            out.push('%');
            out.push(high);
            out.push(low);
            index += 1;
        }
    }
}

/// Appends `input` percent-encoded once to `once` and twice to `twice`, in one pass: V1 needs the canonical query
/// and, in its string-to-sign, that query encoded again. Equivalent to `percent_encode(input, once)` followed by
/// `percent_encode(<what was appended>, twice)`.
#[inline]
pub(crate) fn percent_encode_once_and_twice(input: &str, once: &mut String, twice: &mut String) {
    // The caller reserved for the whole query; growth handles what escapes add.
    let bytes = input.as_bytes();
    if all_unreserved(bytes) {
        // Most names and values: nothing to escape, the text is its own encoding once and twice.
        once.push_str(input);
        twice.push_str(input);
        return;
    }
    let mut index = 0;
    while index < bytes.len() {
        let run = unreserved_run(bytes.get(index..).unwrap_or_default());
        if run > 0 {
            // A non-empty run of unreserved bytes is ASCII, so its ends are char boundaries.
            let text = &input[index..index + run];
            once.push_str(text);
            twice.push_str(text);
            index += run;
        }
        if index < bytes.len() {
            // The run stopped at a reserved byte.
            index = escape_run(bytes, index, once, twice);
        }
    }
}

/// Escapes the run of reserved bytes at `bytes[index..]` into `once` and `twice`, and returns where it ends.
#[inline]
fn escape_run(bytes: &[u8], mut index: usize, once: &mut String, twice: &mut String) -> usize {
    while let Some(&byte) = bytes.get(index) {
        if UNRESERVED[usize::from(byte)] == 1 {
            break;
        }
        let (high, low) = hex_digits(byte);
        once.push('%');
        once.push(high);
        once.push(low);
        twice.push_str("%25");
        twice.push(high);
        twice.push(low);
        index += 1;
    }
    index
}

/// [`percent_encode`] into a new string.
pub fn percent_encoded(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 2);
    percent_encode(input, &mut out);
    out
}

/// Why a form component could not be decoded, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    position: usize,
    kind: DecodeErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum DecodeErrorKind {
    /// A `%` not followed by two hex digits.
    BadEscape,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

impl DecodeError {
    /// Byte offset in the input (the whole query string or body for [`parse_form`]) where the problem starts.
    pub fn position(&self) -> usize {
        self.position
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            DecodeErrorKind::BadEscape => write!(
                f,
                "invalid percent-escape at byte {}: '%' must be followed by two hex digits",
                self.position
            ),
            DecodeErrorKind::NotUtf8 => write!(
                f,
                "invalid UTF-8 in percent-decoded text at byte {} of the input",
                self.position
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Decodes one `application/x-www-form-urlencoded` component (`+` → space, `%XX` → byte), UTF-8 checked.
pub fn form_decode(input: &str) -> Result<String, DecodeError> {
    decode_component(input, 0)
}

/// Decodes `input`, reporting positions shifted by `base` (the component's offset in a larger string).
fn decode_component(input: &str, base: usize) -> Result<String, DecodeError> {
    let bytes = input.as_bytes();
    if !bytes.iter().any(|&byte| byte == b'%' || byte == b'+') {
        return Ok(input.to_owned());
    }
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => {
                decoded.push(b' ');
                index += 1;
            }
            b'%' => {
                let high = bytes.get(index + 1).copied().and_then(hex_value);
                let low = bytes.get(index + 2).copied().and_then(hex_value);
                match (high, low) {
                    (Some(high), Some(low)) => decoded.push(high << 4 | low),
                    _ => {
                        return Err(DecodeError {
                            position: base + index,
                            kind: DecodeErrorKind::BadEscape,
                        });
                    }
                }
                index += 3;
            }
            byte => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).map_err(|error| {
        let bad_output = error.utf8_error().valid_up_to();
        DecodeError {
            position: base + input_offset_of_output(bytes, bad_output),
            kind: DecodeErrorKind::NotUtf8,
        }
    })
}

/// Maps an offset in the decoded bytes back to the input byte that produced it (error path only).
fn input_offset_of_output(input: &[u8], output_offset: usize) -> usize {
    let mut produced = 0;
    let mut index = 0;
    while index < input.len() && produced < output_offset {
        index += if input[index] == b'%' { 3 } else { 1 };
        produced += 1;
    }
    index.min(input.len())
}

/// Splits and decodes a whole query string or form body into ordered (name, value) pairs.
///
/// Pairs are separated by `&`; empty segments (`a=1&&b=2`, a trailing `&`) are skipped; a segment without `=` is a
/// name with an empty value. Order and duplicates are kept as they came, because the signature covers all of them.
pub fn parse_form(input: &str) -> Result<Vec<(String, String)>, DecodeError> {
    let mut pairs = Vec::with_capacity(input.bytes().filter(|&byte| byte == b'&').count() + 1);
    let mut offset = 0;
    for segment in input.split('&') {
        let segment_offset = offset;
        offset += segment.len() + 1;
        if segment.is_empty() {
            continue;
        }
        let (name, value, value_offset) = match segment.find('=') {
            Some(equals) => (
                &segment[..equals],
                &segment[equals + 1..],
                segment_offset + equals + 1,
            ),
            None => (segment, "", segment_offset + segment.len()),
        };
        pairs.push((
            decode_component(name, segment_offset)?,
            decode_component(value, value_offset)?,
        ));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_alibaba() {
        assert_eq!(
            percent_encoded("a b*c~d/e+f=g&h%"),
            "a%20b%2Ac~d%2Fe%2Bf%3Dg%26h%25"
        );
        assert_eq!(percent_encoded("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(percent_encoded("中"), "%E4%B8%AD");
        assert_eq!(percent_encoded("😀"), "%F0%9F%98%80");
        assert_eq!(percent_encoded("\n\t"), "%0A%09");
        assert_eq!(percent_encoded(""), "");
    }

    #[test]
    fn once_and_twice_agree_with_encoding_twice() {
        let every_ascii: String = (0..128_u8).map(char::from).collect();
        let fixed = [
            "",
            "plain",
            "a b*c~d/e+f=g&h%",
            "中😀\n",
            "%",
            "~~",
            "Équipe réseau ✓",
        ];
        for input in fixed.iter().copied().chain([every_ascii.as_str()]) {
            let mut once = String::from("x");
            let mut twice = String::from("y");
            percent_encode_once_and_twice(input, &mut once, &mut twice);
            assert_eq!(once, format!("x{}", percent_encoded(input)));
            assert_eq!(
                twice,
                format!("y{}", percent_encoded(&percent_encoded(input)))
            );
        }
    }

    #[test]
    fn unreserved_runs_of_every_length_and_position() {
        for len in 0..40 {
            for stop in 0..=len {
                let mut text: Vec<u8> = (0..len).map(|index| b"aZ09-_.~"[index % 8]).collect();
                if stop < len {
                    text[stop] = b' ';
                }
                assert_eq!(
                    unreserved_run(&text),
                    stop,
                    "len {len}, reserved byte at {stop}"
                );
            }
        }
        assert_eq!(unreserved_run("abc中".as_bytes()), 3);
        assert_eq!(unreserved_run("abcdefghij中".as_bytes()), 10);
    }

    #[test]
    fn appends_to_existing_text() {
        let mut out = String::from("x=");
        percent_encode("1 2", &mut out);
        assert_eq!(out, "x=1%202");
    }

    #[test]
    fn decodes_plus_and_escapes() {
        assert_eq!(form_decode("a+b%20c%2a%E4%B8%AD").unwrap(), "a b c*中");
        assert_eq!(form_decode("%2B").unwrap(), "+");
        assert_eq!(form_decode("plain").unwrap(), "plain");
    }

    #[test]
    fn decode_errors_name_the_position() {
        let error = form_decode("ab%4").unwrap_err();
        assert_eq!(error.position(), 2);
        assert!(error.to_string().contains("byte 2"), "{error}");
        assert_eq!(form_decode("%zz").unwrap_err().position(), 0);
        assert_eq!(form_decode("%").unwrap_err().position(), 0);
        let error = form_decode("ok%C3%28").unwrap_err();
        assert_eq!(error.position(), 2);
        assert!(error.to_string().contains("UTF-8"), "{error}");
    }

    #[test]
    fn parses_forms_in_order() {
        let pairs = parse_form("b=2&a=1&&flag&a=%20&x=y=z&").unwrap();
        let expected: Vec<(String, String)> = [
            ("b", "2"),
            ("a", "1"),
            ("flag", ""),
            ("a", " "),
            ("x", "y=z"),
        ]
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
        assert_eq!(pairs, expected);
        assert!(parse_form("").unwrap().is_empty());
    }

    #[test]
    fn parse_form_positions_are_absolute() {
        let error = parse_form("a=1&b=%G0").unwrap_err();
        assert_eq!(error.position(), 6);
        let error = parse_form("a=1&%ZZ=1").unwrap_err();
        assert_eq!(error.position(), 4);
    }
}

//! Percent-encoding as Alibaba Cloud canonicalises it, and the form decoding a server needs to undo what went over the
//! wire. Both signatures (V1 and V3) hash text built with [`percent_encode`], so one byte of difference here breaks
//! every request; a verifier (the emulator) decodes the query and form body with [`parse_form`] before re-signing.
//!
//! The encoder is the hot path of V1 signing: it copies runs of unreserved bytes in one `push_str`, looks every byte
//! up in a table, and never allocates per byte.

use std::fmt;

/// `true` for the bytes RFC 3986 calls unreserved: `A-Z a-z 0-9 - _ . ~`. Everything else is escaped.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let c = byte as u8;
        table[byte] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.' || c == b'~';
        byte += 1;
    }
    table
};

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// RFC 3986 percent-encoding of UTF-8 as Alibaba canonicalises: only `A-Z a-z 0-9 - _ . ~` stay; space → `%20`,
/// `*` → `%2A`; uppercase hex. Appends to `out`, so callers can build a canonical string without temporaries.
pub fn percent_encode(input: &str, out: &mut String) {
    let bytes = input.as_bytes();
    // Most parameter names and values are plain ASCII: reserve for that, growth handles the rest.
    out.reserve(bytes.len());
    let mut run_start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if UNRESERVED[usize::from(byte)] {
            continue;
        }
        // `index` is either at a char boundary or inside a multi-byte char whose earlier bytes were already escaped;
        // a run of unreserved bytes is ASCII only, so slicing at run boundaries is always valid.
        if run_start < index {
            out.push_str(&input[run_start..index]);
        }
        out.push('%');
        out.push(char::from(HEX_UPPER[usize::from(byte >> 4)]));
        out.push(char::from(HEX_UPPER[usize::from(byte & 0x0f)]));
        run_start = index + 1;
    }
    if run_start < bytes.len() {
        out.push_str(&input[run_start..]);
    }
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

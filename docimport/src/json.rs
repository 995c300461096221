//! A small JSON reader for the sample responses on API reference pages. It exists because the page importer needs
//! three things a general JSON library does not give together: objects that keep the page's key order (the sample
//! becomes the spec's `example`, key by key), numbers kept as the page wrote them (a 16-digit ID must not pass
//! through a float), and errors that name the line of the page, not of the JSON text.

use std::fmt;

/// A JSON value with its object keys in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, exactly as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, keys in document order (a repeated key is an error).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value of `key` when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// A short name of the value's kind, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(text) if text.contains(['.', 'e', 'E']) => "a number",
            Json::Number(_) => "an integer",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// Where reading stopped and what it expected there. `line` counts from the first line of the text given to
/// [`parse`]; callers add the line the text starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Zero-based line within the parsed text.
    pub line: usize,
    /// What the reader expected.
    pub expected: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "expected {}", self.expected)
    }
}

/// Reads one JSON value from the start of `text` (leading whitespace allowed). Returns the value and the byte
/// offset just past it, so the caller can check what follows.
pub fn parse(text: &str) -> Result<(Json, usize), JsonError> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        position: 0,
        depth: 0,
    };
    reader.skip_whitespace();
    let value = reader.value()?;
    Ok((value, reader.position))
}

/// Zero-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
}

/// Nesting deeper than this is refused rather than risking the stack on a hostile page.
const MAX_DEPTH: usize = 128;

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    position: usize,
    depth: usize,
}

impl Reader<'_> {
    fn error(&self, expected: impl Into<String>) -> JsonError {
        JsonError {
            line: line_of(self.text, self.position),
            expected: expected.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.position += 1;
        }
    }

    fn value(&mut self) -> Result<Json, JsonError> {
        match self.peek() {
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => Ok(Json::String(self.string()?)),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => {
                Err(self.error("a JSON value (object, array, string, number, true, false or null)"))
            }
        }
    }

    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Json, JsonError>,
    ) -> Result<Json, JsonError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("at most {MAX_DEPTH} levels of nesting")));
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.bytes[self.position..].starts_with(word.as_bytes()) {
            self.position += word.len();
            Ok(value)
        } else {
            Err(self.error(format!("`{word}`")))
        }
    }

    fn object(&mut self) -> Result<Json, JsonError> {
        self.position += 1;
        let mut entries: Vec<(String, Json)> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.position += 1;
            return Ok(Json::Object(entries));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("a quoted object key"));
            }
            let key = self.string()?;
            if entries.iter().any(|(name, _)| *name == key) {
                return Err(self.error(format!("no second `{key}` key in the same object")));
            }
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error(format!("`:` after the key `{key}`")));
            }
            self.position += 1;
            self.skip_whitespace();
            let value = self.value()?;
            entries.push((key, value));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.position += 1,
                Some(b'}') => {
                    self.position += 1;
                    return Ok(Json::Object(entries));
                }
                _ => return Err(self.error("`,` or `}` in an object")),
            }
        }
    }

    fn array(&mut self) -> Result<Json, JsonError> {
        self.position += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.position += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.position += 1,
                Some(b']') => {
                    self.position += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.error("`,` or `]` in an array")),
            }
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.position;
        if self.peek() == Some(b'-') {
            self.position += 1;
        }
        let digits = |reader: &mut Self| {
            let from = reader.position;
            while matches!(reader.peek(), Some(b'0'..=b'9')) {
                reader.position += 1;
            }
            reader.position - from
        };
        let integer_digits = digits(self);
        if integer_digits == 0 {
            return Err(self.error("digits in a number"));
        }
        if integer_digits > 1 && self.bytes[self.position - integer_digits] == b'0' {
            return Err(self.error("a number without a leading zero"));
        }
        if self.peek() == Some(b'.') {
            self.position += 1;
            if digits(self) == 0 {
                return Err(self.error("digits after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.position += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.position += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("digits in the exponent"));
            }
        }
        Ok(Json::Number(self.text[start..self.position].to_owned()))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.position += 1;
        let mut out = String::new();
        loop {
            let Some(byte) = self.peek() else {
                return Err(self.error("a closing `\"`"));
            };
            match byte {
                b'"' => {
                    self.position += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.position += 1;
                    let escaped = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.position += 1;
                            let unit = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&unit) {
                                if !self.bytes[self.position..].starts_with(b"\\u") {
                                    return Err(self.error("a low surrogate `\\uDC00`-`\\uDFFF`"));
                                }
                                self.position += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(self.error("a low surrogate `\\uDC00`-`\\uDFFF`"));
                                }
                                0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                unit
                            };
                            let character = char::from_u32(code)
                                .ok_or_else(|| self.error("a valid Unicode escape"))?;
                            out.push(character);
                            continue;
                        }
                        _ => {
                            return Err(self.error(
                                "a JSON escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                            ));
                        }
                    };
                    out.push(escaped);
                    self.position += 1;
                }
                0x00..=0x1f => return Err(self.error("no raw control character inside a string")),
                _ => {
                    // Copy one whole UTF-8 character; `text` is a `str`, so the boundaries are valid.
                    let rest = &self.text[self.position..];
                    let Some(character) = rest.chars().next() else {
                        return Err(self.error("a closing `\"`"));
                    };
                    out.push(character);
                    self.position += character.len_utf8();
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .bytes
            .get(self.position..self.position + 4)
            .and_then(|slice| std::str::from_utf8(slice).ok())
            .and_then(|slice| u32::from_str_radix(slice, 16).ok());
        match digits {
            Some(value) => {
                self.position += 4;
                Ok(value)
            }
            None => Err(self.error("four hex digits after `\\u`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_numbers_and_escapes() {
        let (value, end) =
            parse(" {\"b\": 1666884372152785, \"a\": [1.50, \"x\\\\\\\"y\"]} tail").unwrap();
        assert_eq!(
            value,
            Json::Object(vec![
                ("b".into(), Json::Number("1666884372152785".into())),
                (
                    "a".into(),
                    Json::Array(vec![
                        Json::Number("1.50".into()),
                        Json::String("x\\\"y".into())
                    ])
                ),
            ])
        );
        assert_eq!(
            &" {\"b\": 1666884372152785, \"a\": [1.50, \"x\\\\\\\"y\"]} tail"[end..],
            " tail"
        );
    }

    #[test]
    fn errors_name_the_line() {
        let error = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.expected.contains("`:`"));
        assert!(parse("{\"a\": 1, \"a\": 2}").is_err());
        assert!(parse("[01]").is_err());
        assert!(parse(&"[".repeat(1000)).is_err());
    }
}

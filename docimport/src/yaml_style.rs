//! The house style of `spec/*.yaml`, as code: an emitter that writes a YAML value exactly the way the spec files are
//! written by hand, and a locator (`locate.rs`) that finds one entry's lines in such a file. It exists because the
//! page importer rewrites one operation in place and must leave every other byte alone; a general YAML serializer
//! picks its own quoting and layout and would rewrite the whole file.
//!
//! The style (spec/README.md, "Layout and order"; `emit(parse(spec)) == spec` is a test):
//! - block mappings and sequences only, two spaces per level, a sequence indented under its key, `{}` and `[]` when
//!   empty;
//! - keys plain when they are simple names (`JobId`, `x-enum-descriptions`, `$ref`, `application/json`), otherwise
//!   double-quoted (`"/?Action=..."`, `"200"`, `"4XX"`, `"on"`);
//! - prose (`description`, `summary`, `title`) plain when YAML allows it, double-quoted when it does not (a `: `, a
//!   trailing colon), and a `|-` block when it has several paragraphs or runs past [`PROSE_INLINE_MAX`] characters;
//!   an operation's `description` and every `x-alicert-correction` are always blocks;
//! - data copied from a page is always quoted, so that a reader never wonders whether YAML turned it into a number, a
//!   boolean or a date: every string inside an `example`, `x-alicert-page-example`, the meanings in
//!   `x-enum-descriptions`, a `$ref`, and the `title` and `lastUpdated` of `x-alicert-source`;
//! - names and codes (types, formats, enum values, file names) plain unless YAML 1.1 would read them as something
//!   else (`"on"`, `"2020-04-07"`);
//! - double quotes, or single quotes when the text holds `"` or `\` (a JSON document inside a string reads better).

use std::fmt::Write as _;

use anyhow::{Result, bail};
use serde_yaml::Value;

mod locate;

pub use locate::{Entry, body, entries};

/// Prose longer than this many characters goes in a `|-` block even when it is one paragraph. The hand-written
/// specs put every one-paragraph description of up to 141 characters on its key's line and every one of 147 or more
/// in a block; 144 sits between.
pub const PROSE_INLINE_MAX: usize = 144;

/// How one string is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Plain when YAML reads it back as the same string, else quoted.
    Name,
    /// Plain, quoted or block by content (see the module docs).
    Prose,
    /// Always quoted.
    Quoted,
    /// Always a `|-` block (quoted when the text cannot be one).
    Block,
}

/// The whole document, in house style.
pub fn emit_document(value: &Value) -> Result<String> {
    let mut out = String::new();
    let mut path = Vec::new();
    match value {
        Value::Mapping(map) if !map.is_empty() => emit_entries(&mut out, &mut path, map, 0)?,
        _ => bail!("a spec document must be a non-empty mapping"),
    }
    Ok(out)
}

/// One mapping entry (`key:` and its value) at `indent`, as it appears under the keys `parents` (from the root;
/// a sequence item counts as `-`). Used to rewrite one operation or schema of a file in place.
pub fn emit_entry(parents: &[&str], key: &Value, value: &Value, indent: usize) -> Result<String> {
    let mut out = String::new();
    let mut path: Vec<String> = parents.iter().map(|part| (*part).to_owned()).collect();
    emit_one_entry(&mut out, &mut path, key, value, indent)?;
    Ok(out)
}

fn emit_entries(
    out: &mut String,
    path: &mut Vec<String>,
    map: &serde_yaml::Mapping,
    indent: usize,
) -> Result<()> {
    for (key, value) in map {
        emit_one_entry(out, path, key, value, indent)?;
    }
    Ok(())
}

fn emit_one_entry(
    out: &mut String,
    path: &mut Vec<String>,
    key: &Value,
    value: &Value,
    indent: usize,
) -> Result<()> {
    push_indent(out, indent);
    emit_key_and_value(out, path, key, value, indent)
}

/// Writes `key:` and the value, the cursor being already at the key's column (`indent`).
fn emit_key_and_value(
    out: &mut String,
    path: &mut Vec<String>,
    key: &Value,
    value: &Value,
    indent: usize,
) -> Result<()> {
    let key_text = key_string(key)?;
    out.push_str(&emit_key(&key_text));
    out.push(':');
    path.push(key_text);
    let result = emit_value_after_key(out, path, value, indent);
    path.pop();
    result
}

fn emit_value_after_key(
    out: &mut String,
    path: &mut Vec<String>,
    value: &Value,
    indent: usize,
) -> Result<()> {
    match value {
        Value::Mapping(map) if map.is_empty() => out.push_str(" {}\n"),
        Value::Mapping(map) => {
            out.push('\n');
            emit_entries(out, path, map, indent + 2)?;
        }
        Value::Sequence(items) if items.is_empty() => out.push_str(" []\n"),
        Value::Sequence(items) => {
            out.push('\n');
            emit_sequence(out, path, items, indent + 2)?;
        }
        scalar => {
            out.push(' ');
            emit_scalar(out, path, scalar, indent)?;
        }
    }
    Ok(())
}

fn emit_sequence(
    out: &mut String,
    path: &mut Vec<String>,
    items: &[Value],
    indent: usize,
) -> Result<()> {
    path.push("-".to_owned());
    for item in items {
        push_indent(out, indent);
        out.push('-');
        match item {
            Value::Mapping(map) if map.is_empty() => out.push_str(" {}\n"),
            Value::Mapping(map) => {
                out.push(' ');
                let mut entries = map.iter();
                if let Some((key, value)) = entries.next() {
                    emit_key_and_value(out, path, key, value, indent + 2)?;
                }
                for (key, value) in entries {
                    emit_one_entry(out, path, key, value, indent + 2)?;
                }
            }
            Value::Sequence(inner) if inner.is_empty() => out.push_str(" []\n"),
            Value::Sequence(inner) => {
                out.push('\n');
                emit_sequence(out, path, inner, indent + 2)?;
            }
            scalar => {
                out.push(' ');
                emit_scalar(out, path, scalar, indent)?;
            }
        }
    }
    path.pop();
    Ok(())
}

/// Writes a scalar after `key: ` (or `- `) and ends the line. `indent` is the column of the key, so that a block's
/// lines sit two columns further in.
fn emit_scalar(out: &mut String, path: &[String], value: &Value, indent: usize) -> Result<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => {
            let _ = write!(out, "{number}");
        }
        Value::String(text) => match style_for(path) {
            Style::Block => {
                emit_block_or_quoted(out, text, indent);
                return Ok(());
            }
            Style::Prose if text.contains('\n') || text.chars().count() > PROSE_INLINE_MAX => {
                emit_block_or_quoted(out, text, indent);
                return Ok(());
            }
            Style::Prose | Style::Name if is_plain_safe(text) => out.push_str(text),
            Style::Prose | Style::Name | Style::Quoted => out.push_str(&quote(text)),
        },
        Value::Tagged(tagged) => bail!(
            "at `{}`: YAML tags (`{}`) are not part of the spec's house style",
            path.join("."),
            tagged.tag
        ),
        Value::Mapping(_) | Value::Sequence(_) => {
            bail!("internal: a collection reached the scalar writer")
        }
    }
    out.push('\n');
    Ok(())
}

/// Writes a `|-` block (or, when the text cannot be one, a quoted string) and ends the line.
fn emit_block_or_quoted(out: &mut String, text: &str, indent: usize) {
    if !can_be_block(text) {
        out.push_str(&quote(text));
        out.push('\n');
        return;
    }
    out.push_str("|-\n");
    for line in text.split('\n') {
        if !line.is_empty() {
            push_indent(out, indent + 2);
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// A `|-` block keeps the text exactly when it does not start with a space (that would need an indentation
/// indicator), does not end with a line break (`|-` strips it) and holds only printable characters and tabs.
fn can_be_block(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with([' ', '\t'])
        && !text.ends_with('\n')
        && !text.split('\n').any(|line| line.ends_with([' ', '\t']))
        && text
            .chars()
            .all(|c| c == '\n' || c == '\t' || is_printable(c))
}

/// The style for the string at `path` (the keys from the root, `-` for a sequence item).
fn style_for(path: &[String]) -> Style {
    if path.is_empty() {
        return Style::Name;
    }
    // A key is a keyword unless it names a property (the entries of `properties`) or a value in a map of meanings.
    let keyword_at = |index: usize| -> Option<&str> {
        let key = path.get(index)?.as_str();
        let parent = index
            .checked_sub(1)
            .and_then(|i| path.get(i))
            .map(String::as_str);
        match parent {
            Some("properties") | Some("x-enum-descriptions") => None,
            _ => Some(key),
        }
    };
    let inside_example = (0..path.len()).any(|index| {
        matches!(
            keyword_at(index),
            Some("example") | Some("x-alicert-page-example")
        )
    });
    if inside_example {
        return Style::Quoted;
    }
    let parent = path.len().checked_sub(2).and_then(&keyword_at);
    if parent == Some("x-enum-descriptions") && path.len() >= 2 {
        // `x-enum-descriptions` itself is a keyword, so its entries are meanings.
        return Style::Quoted;
    }
    let last_keyword = keyword_at(path.len() - 1);
    match (parent, last_keyword) {
        (_, Some("$ref")) => Style::Quoted,
        (Some("x-alicert-source"), Some("title" | "lastUpdated")) => Style::Quoted,
        (_, Some("x-alicert-correction")) => Style::Block,
        (_, Some("description"))
            if path.len() == 4 && path[0] == "paths" && is_http_method(&path[2]) =>
        {
            Style::Block
        }
        (_, Some("description" | "summary" | "title")) => Style::Prose,
        _ => Style::Name,
    }
}

fn is_http_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

fn key_string(key: &Value) -> Result<String> {
    match key {
        Value::String(text) => Ok(text.clone()),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        Value::Null => Ok("null".to_owned()),
        _ => bail!("a mapping key must be a scalar in the spec's house style"),
    }
}

/// A key as written: plain when it is a simple name, else quoted.
pub fn emit_key(key: &str) -> String {
    let simple = key
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_' || first == '$')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '$'))
        && !is_reserved_word(key);
    if simple { key.to_owned() } else { quote(key) }
}

/// Double quotes, or single quotes when the text holds `"` or `\` but nothing that needs an escape.
pub fn quote(text: &str) -> String {
    let needs_escape = text.chars().any(|c| !is_printable(c));
    if !needs_escape && (text.contains('"') || text.contains('\\')) {
        return format!("'{}'", text.replace('\'', "''"));
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if is_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c if (c as u32) <= 0xffff => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08X}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Characters YAML allows unescaped (c-printable, minus the byte-order mark and the line and paragraph separators,
/// which readers treat as line breaks).
fn is_printable(c: char) -> bool {
    match c {
        ' '..='~' => true,
        '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => false,
        '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}' => true,
        _ => false,
    }
}

/// Whether `text` can be written plain as a value and read back, by YAML 1.1 and 1.2 readers alike, as the same
/// string (in block context).
pub fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.starts_with([' ', '\t'])
        || text.ends_with([' ', '\t', ':'])
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || text.contains(": ")
        || text.contains(" #")
        || text.contains('\t')
        || text.starts_with("---")
        || text.starts_with("...")
        || text.chars().any(|c| !is_printable(c))
    {
        return false;
    }
    !is_reserved_word(text) && !looks_like_number(text) && !looks_like_date(text)
}

/// Words some YAML version reads as a null, a boolean or a merge/value key.
fn is_reserved_word(text: &str) -> bool {
    matches!(
        text,
        "~" | "null"
            | "Null"
            | "NULL"
            | "y"
            | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
            | "<<"
            | "="
    )
}

/// Integers and floats in any YAML 1.1 or 1.2 spelling (decimal, `0x`, `0o`, `0b`, leading-zero octal, `_`
/// separators, sexagesimal `1:30`, `.inf`, `.nan`).
fn looks_like_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if matches!(
        unsigned,
        ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
    ) {
        return true;
    }
    let all = |body: &str, allowed: fn(char) -> bool| !body.is_empty() && body.chars().all(allowed);
    if let Some(body) = unsigned.strip_prefix("0x") {
        return all(body, |c| c.is_ascii_hexdigit() || c == '_');
    }
    if let Some(body) = unsigned.strip_prefix("0o") {
        return all(body, |c| matches!(c, '0'..='7' | '_'));
    }
    if let Some(body) = unsigned.strip_prefix("0b") {
        return all(body, |c| matches!(c, '0' | '1' | '_'));
    }
    if !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return false;
    }
    // Sexagesimal (1.1): digits and colons, optionally a fraction.
    if unsigned.contains(':') {
        return unsigned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '_' | '.'));
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(index) => (&unsigned[..index], Some(&unsigned[index + 1..])),
        None => (unsigned, None),
    };
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if !all(digits, |c| c.is_ascii_digit()) {
            return false;
        }
    }
    let dots = mantissa.matches('.').count();
    dots <= 1
        && mantissa.chars().any(|c| c.is_ascii_digit())
        && mantissa
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '_' | '.'))
}

/// `YYYY-M-D...`: a YAML 1.1 timestamp.
fn looks_like_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 8
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5].is_ascii_digit()
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_safety_follows_yaml_1_1() {
        for unsafe_text in [
            "on",
            "Off",
            "yes",
            "~",
            "8888",
            "0x1F",
            "1_000",
            "1.5",
            ".5",
            "1e5",
            "1:30",
            "2020-04-07",
            "a: b",
            "ends:",
            "#x",
            "- x",
            "",
            " x",
            "'x",
            "x #y",
        ] {
            assert!(
                !is_plain_safe(unsafe_text),
                "{unsafe_text:?} must be quoted"
            );
        }
        for safe in [
            "3.0.3",
            "checking",
            "rollback_error",
            "https://cas.aliyuncs.com",
            "OpenApiDefaultResponse<List>.",
            "The time is in the yyyy-MM-ddTHH:mm:ssZ format.",
            "Alibaba Cloud's error body.",
        ] {
            assert!(is_plain_safe(safe), "{safe:?} can be plain");
        }
    }

    #[test]
    fn keys_and_quotes() {
        assert_eq!(emit_key("JobId"), "JobId");
        assert_eq!(emit_key("$ref"), "$ref");
        assert_eq!(emit_key("application/json"), "application/json");
        assert_eq!(emit_key("/?Action=X"), "\"/?Action=X\"");
        assert_eq!(emit_key("200"), "\"200\"");
        assert_eq!(emit_key("on"), "\"on\"");
        assert_eq!(quote("a\"b"), "'a\"b'");
        assert_eq!(quote("it's"), "\"it's\"");
        assert_eq!(quote("a\nb"), "\"a\\nb\"");
    }
}

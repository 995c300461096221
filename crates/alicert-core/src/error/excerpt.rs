//! Cutting text from the wire down to what an error may keep: the start of a body, lossy UTF-8, whitespace collapsed,
//! control characters dropped, the values of signed query parameters (should a gateway echo the signed URL into its
//! error page) redacted, and at most a few hundred characters. Every body excerpt and header value an error holds
//! passes through here.

use std::borrow::Cow;

/// How many characters of an unexpected body an error keeps.
const EXCERPT_CHARS: usize = 200;

/// At most this much of a body is looked at for an excerpt: enough for 200 characters after stripping markup noise.
const EXCERPT_SCAN_BYTES: usize = 4096;

/// An excerpt of a body: lossy UTF-8 of its start, sanitized.
pub(super) fn excerpt(body: &[u8]) -> String {
    let scanned = &body[..body.len().min(EXCERPT_SCAN_BYTES)];
    excerpt_of_text(&String::from_utf8_lossy(scanned))
}

/// Whitespace runs (control whitespace included) collapsed to one space, other control characters dropped, signed
/// query values redacted, cut to [`EXCERPT_CHARS`] characters (the last one `…` when cut).
pub(super) fn excerpt_of_text(text: &str) -> String {
    let redacted = redact_signed_values(text);
    sanitize(&redacted, EXCERPT_CHARS)
}

pub(super) fn sanitize(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut chars = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = chars > 0;
            continue;
        }
        if c.is_control() {
            continue;
        }
        let needed = usize::from(pending_space) + 1;
        if chars + needed > max_chars {
            if chars >= max_chars {
                out.pop();
            }
            out.push('…');
            return out;
        }
        if pending_space {
            out.push(' ');
            chars += 1;
            pending_space = false;
        }
        out.push(c);
        chars += 1;
    }
    out
}

/// Values of parameters that carry credentials, should a gateway echo the signed URL into its error page.
fn redact_signed_values(text: &str) -> Cow<'_, str> {
    const NAMES: [&str; 5] = [
        "Signature=",
        "SecurityToken=",
        "AccessKeyId=",
        "Credential=",
        "BearerToken=",
    ];
    if !NAMES.iter().any(|name| text.contains(name)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((index, name)) = NAMES
        .iter()
        .filter_map(|name| rest.find(name).map(|index| (index, *name)))
        .min_by_key(|(index, _)| *index)
    {
        let value_start = index + name.len();
        out.push_str(&rest[..value_start]);
        out.push_str("***");
        let value_len = rest[value_start..]
            .find(|c: char| {
                matches!(c, '&' | ',' | ';' | '"' | '\'' | '<' | '>') || c.is_whitespace()
            })
            .unwrap_or(rest.len() - value_start);
        rest = &rest[value_start + value_len..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_collapses_strips_and_cuts() {
        assert_eq!(sanitize("  a\n\n b\u{7}c\t", 200), "a bc");
        assert_eq!(sanitize("", 200), "");
        let long = "x".repeat(500);
        let cut = sanitize(&long, 200);
        assert_eq!(cut.chars().count(), 200);
        assert!(cut.ends_with('…'));
        assert_eq!(sanitize(&"y".repeat(200), 200), "y".repeat(200));
        let wide = "中".repeat(300);
        assert_eq!(sanitize(&wide, 200).chars().count(), 200);
    }

    #[test]
    fn redacts_signed_parameters() {
        let page =
            "<p>GET /?AccessKeyId=LTAIabc&Signature=Zm9v%3D&SecurityToken=CAIS+x Timestamp=1</p>";
        let redacted = redact_signed_values(page);
        for secret in ["LTAIabc", "Zm9v", "CAIS"] {
            assert!(!redacted.contains(secret), "{redacted}");
        }
        assert!(redacted.contains("Timestamp=1"), "{redacted}");
        assert_eq!(redact_signed_values("plain"), "plain");
    }
}

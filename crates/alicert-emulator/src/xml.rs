//! The XML form of an answer, for `Format=XML` (the default of RPC APIs when `Format` is absent). Alibaba's layout:
//! a root element named after the response (`<DescribeDeploymentJobResponse>`, `<Error>`), one element per field in
//! the JSON answer's order, a list as its member element repeated under the list's name (`"Data": [a, b]` is
//! `<Data>a</Data><Data>b</Data>`, and the wrapper style `{"CertInfos": {"CertInfo": [..]}}` is
//! `<CertInfos><CertInfo>..</CertInfo>..</CertInfos>`), `null` left out.
//!
//! It is written from the JSON answer's bytes with a streaming serde visitor rather than from a parsed
//! `serde_json::Value`, whose map sorts keys (the workspace does not enable `preserve_order`): the order the
//! operations write their fields in is the order they appear in the XML.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// What every XML answer starts with (the service's own declaration, single quotes included).
pub(crate) const DECLARATION: &str = "<?xml version='1.0' encoding='UTF-8'?>";

/// The `Content-Type` of an XML answer.
pub(crate) const CONTENT_TYPE: &str = "text/xml;charset=utf-8";

/// Rewrites a JSON answer as XML under a root element `root`.
pub(crate) fn from_json(root: &str, json: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = String::with_capacity(DECLARATION.len() + json.len() * 2);
    out.push_str(DECLARATION);
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    Element {
        name: root,
        out: &mut out,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(out.into_bytes())
}

/// One JSON value to write as an element (or, for an array, as one element per member) called `name`.
struct Element<'a> {
    name: &'a str,
    out: &'a mut String,
}

impl Element<'_> {
    fn text(self, text: &str) {
        open(self.out, self.name);
        escape_into(self.out, text);
        close(self.out, self.name);
    }
}

impl<'de> DeserializeSeed<'de> for Element<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Element<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        self.text(if value { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        self.text(&value.to_string());
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        self.text(&value.to_string());
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        self.text(&value.to_string());
        Ok(())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.text(value);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        let Element { name, out } = self;
        while members
            .next_element_seed(Element {
                name,
                out: &mut *out,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut fields: A) -> Result<(), A::Error> {
        let Element { name, out } = self;
        open(out, name);
        while let Some(field) = fields.next_key::<String>()? {
            fields.next_value_seed(Element {
                name: &field,
                out: &mut *out,
            })?;
        }
        close(out, name);
        Ok(())
    }
}

fn open(out: &mut String, name: &str) {
    out.push('<');
    push_name(out, name);
    out.push('>');
}

fn close(out: &mut String, name: &str) {
    out.push_str("</");
    push_name(out, name);
    out.push('>');
}

/// Field names are the operations' own PascalCase names; anything else that is not a valid XML name (a leading
/// digit, a space) is mended with `_` rather than producing a document no parser accepts.
fn push_name(out: &mut String, name: &str) {
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') {
        out.push('_');
    }
    out.extend(name.chars().map(|c| {
        if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
            c
        } else {
            '_'
        }
    }));
}

/// Escapes text content. The five markup characters become entities, a carriage return a character reference
/// (so a parser's line-end normalisation keeps it), and the control characters XML 1.0 cannot carry at all
/// become U+FFFD.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml(root: &str, json: &str) -> String {
        String::from_utf8(from_json(root, json.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn fields_keep_their_order_and_lists_repeat() {
        assert_eq!(
            xml(
                "ListWorkerResourceResponse",
                r#"{"Total":2,"Data":[{"Id":1,"Ok":true},{"Id":2,"Gone":null}],"RequestId":"R"}"#
            ),
            "<?xml version='1.0' encoding='UTF-8'?><ListWorkerResourceResponse><Total>2</Total>\
             <Data><Id>1</Id><Ok>true</Ok></Data><Data><Id>2</Id></Data><RequestId>R</RequestId>\
             </ListWorkerResourceResponse>"
        );
    }

    #[test]
    fn wrapper_lists_and_scalar_lists() {
        assert_eq!(
            xml(
                "R",
                r#"{"CertInfos":{"CertInfo":[{"A":"x"},{"A":"y"}]},"Sans":["a","b"],"Empty":[],"F":1.5}"#
            ),
            "<?xml version='1.0' encoding='UTF-8'?><R><CertInfos><CertInfo><A>x</A></CertInfo><CertInfo><A>y</A>\
             </CertInfo></CertInfos><Sans>a</Sans><Sans>b</Sans><F>1.5</F></R>"
        );
    }

    #[test]
    fn text_is_escaped() {
        let mut out = String::new();
        escape_into(&mut out, "a<b>&\"c'\r\n\t\u{1}é");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c&apos;&#13;\n\t\u{FFFD}é");
        assert!(xml("R", r#"{"M":"</M><X>"}"#).contains("<M>&lt;/M&gt;&lt;X&gt;</M>"));
    }

    #[test]
    fn odd_names_are_mended() {
        assert!(xml("R", r#"{"1a b":"x"}"#).contains("<_1a_b>x</_1a_b>"));
    }

    #[test]
    fn bad_json_is_an_error() {
        assert!(from_json("R", b"{\"A\":").is_err());
        assert!(from_json("R", b"{} x").is_err());
    }
}

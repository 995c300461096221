//! What proves identity, cut out of text a service echoes back: Alibaba's `SignatureDoesNotMatch` quotes the
//! server's string-to-sign, which holds the request's STS token, and other answers may echo a signed query. Every
//! field of a service error passes through here before anything can print it.

/// Where a value that proves identity starts, in the forms a service echoes it: a query (`SecurityToken=`), the
/// string-to-sign a `SignatureDoesNotMatch` message quotes (`SecurityToken%3D`, percent-encoded once more), or a V3
/// canonical request (`x-acs-security-token:`).
const CREDENTIAL_MARKERS: [&str; 6] = [
    "SecurityToken%3D",
    "SecurityToken=",
    "x-acs-security-token:",
    "Signature%3D",
    "Signature=",
    "BearerToken%3D",
];

/// `text` with the value after every [`CREDENTIAL_MARKERS`] entry replaced by `***`. Alibaba's
/// `SignatureDoesNotMatch` quotes the server's string-to-sign, which holds the STS token of the request.
pub(crate) fn redact_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((index, marker)) = CREDENTIAL_MARKERS
        .iter()
        .filter_map(|marker| rest.find(marker).map(|index| (index, *marker)))
        .min_by_key(|(index, _)| *index)
    {
        let value_start = index + marker.len();
        out.push_str(&rest[..value_start]);
        out.push_str("***");
        let value = &rest[value_start..];
        let mut end = value
            .find(|c: char| {
                matches!(c, '&' | ',' | ';' | '"' | '\'' | '<' | '>') || c.is_whitespace()
            })
            .unwrap_or(value.len());
        // An encoded `&` (`%26`) ends an encoded value.
        if let Some(encoded) = value[..end].find("%26") {
            end = encoded;
        }
        rest = &value[end..];
    }
    out.push_str(rest);
    out
}

/// A copy of `value` with every string in it passed through [`redact_credentials`].
pub(crate) fn redact_value(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::String(text) => serde_json::Value::String(redact_credentials(text)),
        serde_json::Value::Array(items) => items.iter().map(redact_value).collect(),
        serde_json::Value::Object(fields) => fields
            .iter()
            .map(|(name, value)| (name.clone(), redact_value(value)))
            .collect(),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_after_a_marker_are_replaced() {
        assert_eq!(
            redact_credentials("a\nx-acs-security-token:CAIS\nhost:h Signature=abc&x=1"),
            "a\nx-acs-security-token:***\nhost:h Signature=***&x=1"
        );
        assert_eq!(redact_credentials("SecurityToken="), "SecurityToken=***");
        assert_eq!(redact_credentials("plain"), "plain");
        assert_eq!(
            redact_value(&serde_json::json!({"a": ["Signature=x", 1]})),
            serde_json::json!({"a": ["Signature=***", 1]})
        );
    }
}

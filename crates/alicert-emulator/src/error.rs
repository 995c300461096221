//! The service's error answers, with the codes, HTTP statuses and messages the real gateway uses, so a client's
//! error handling meets here what it will meet in production. Every way a request can fail ends in one
//! [`ApiError`]; the server turns it into `{"RequestId","HostId","Code","Message","Recommend"}`.

use std::time::Duration;

use serde::Serialize;

/// The longest piece of client input quoted back in a message.
const QUOTE_LIMIT: usize = 64;

/// Quotes client input for a message, shortened so a huge value cannot blow up the answer.
pub(crate) fn quote(value: &str) -> String {
    let mut quoted: String = value.chars().take(QUOTE_LIMIT).collect();
    if quoted.len() < value.len() {
        quoted.push_str("...");
    }
    format!("{quoted:?}")
}

/// An error answer before it has a request ID and host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// Sent as `x-acs-retry-after` (milliseconds) with throttling.
    pub retry_after: Option<Duration>,
}

impl ApiError {
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            retry_after: None,
        }
    }

    /// `Missing<Name>`: a required parameter is absent (or empty).
    pub fn missing(name: &str) -> Self {
        Self::new(
            400,
            format!("Missing{name}"),
            format!("{name} is mandatory for this action."),
        )
    }

    /// `InvalidParameter` naming the parameter and what is wrong with it.
    pub fn invalid_parameter(name: &str, problem: impl std::fmt::Display) -> Self {
        Self::new(
            400,
            "InvalidParameter",
            format!("The specified parameter {name} is not valid: {problem}."),
        )
    }

    /// A malformed request: bad percent-encoding, bad UTF-8, unreadable body.
    pub fn malformed(problem: impl std::fmt::Display) -> Self {
        Self::new(
            400,
            "InvalidParameter",
            format!("The request could not be read: {problem}."),
        )
    }

    /// 413: the body is larger than `limit` bytes.
    pub fn body_too_large(limit: usize) -> Self {
        Self::new(
            413,
            "RequestEntityTooLarge",
            format!("The request body is larger than {limit} bytes."),
        )
    }

    /// 400: the body broke off before its `Content-Length`, or its chunked framing is malformed. The message
    /// carries the transport's reasons, innermost last.
    pub fn unreadable_body(read: usize, error: &(dyn std::error::Error + 'static)) -> Self {
        let mut reasons = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            reasons.push_str(": ");
            reasons.push_str(&cause.to_string());
            source = cause.source();
        }
        Self::new(
            400,
            "InvalidRequestBody",
            format!("The request body could not be read after {read} bytes ({reasons})."),
        )
    }

    /// 408: the body did not arrive within `timeout`.
    pub fn body_timeout(timeout: Duration) -> Self {
        Self::new(
            408,
            "RequestTimeout",
            format!(
                "The request body did not arrive within {} seconds.",
                timeout.as_secs_f64()
            ),
        )
    }

    pub fn incomplete_signature(problem: impl std::fmt::Display) -> Self {
        Self::new(
            400,
            "IncompleteSignature",
            format!("The request signature does not conform to Aliyun standards: {problem}."),
        )
    }

    pub fn signature_mismatch(server_string_to_sign: &str) -> Self {
        Self::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature does not match our calculation. server string to sign is:{server_string_to_sign}"
            ),
        )
    }

    /// The V3 answer: the string-to-sign alone is the algorithm and a hash, which says nothing about what
    /// differed, so the canonical request the hash was taken of comes first. The message still ends with the
    /// string-to-sign, where clients look for it.
    pub fn signature_mismatch_v3(canonical_request: &str, server_string_to_sign: &str) -> Self {
        Self::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature does not match our calculation. server canonical request is:\n\
                 {canonical_request}\nserver string to sign is:{server_string_to_sign}"
            ),
        )
    }

    pub fn access_key_not_found() -> Self {
        Self::new(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        )
    }

    pub fn timestamp_expired() -> Self {
        Self::new(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        )
    }

    pub fn timestamp_format() -> Self {
        Self::new(
            400,
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted.",
        )
    }

    pub fn nonce_used() -> Self {
        Self::new(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        )
    }

    pub fn security_token_mismatch() -> Self {
        Self::new(
            400,
            "InvalidSecurityToken.MismatchWithAccessKey",
            "Specified SecurityToken mismatch with the AccessKey.",
        )
    }

    pub fn security_token_malformed() -> Self {
        Self::new(
            400,
            "InvalidSecurityToken.Malformed",
            "Specified SecurityToken is malformed.",
        )
    }

    pub fn security_token_expired() -> Self {
        Self::new(
            400,
            "InvalidSecurityToken.Expired",
            "Specified SecurityToken is expired.",
        )
    }

    pub fn invalid_action() -> Self {
        Self::new(
            404,
            "InvalidAction.NotFound",
            "Specified api is not found, please check your url and method.",
        )
    }

    pub fn invalid_version() -> Self {
        Self::new(
            400,
            "InvalidVersion",
            "Specified parameter Version is not valid.",
        )
    }

    pub fn throttled(retry_after: Option<Duration>) -> Self {
        Self {
            retry_after,
            ..Self::new(
                400,
                "Throttling.User",
                "Request was denied due to user flow control.",
            )
        }
    }

    pub fn internal() -> Self {
        Self::new(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error, exception or failure.",
        )
    }

    pub fn unavailable() -> Self {
        Self::new(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        )
    }
}

/// The JSON body of an error answer.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ErrorBody<'a> {
    pub request_id: &'a str,
    pub host_id: &'a str,
    pub code: &'a str,
    pub message: &'a str,
    pub recommend: String,
}

impl<'a> ErrorBody<'a> {
    pub fn new(error: &'a ApiError, request_id: &'a str, host_id: &'a str, product: &str) -> Self {
        Self {
            request_id,
            host_id,
            code: &error.code,
            message: &error.message,
            recommend: format!(
                "https://api.aliyun.com/troubleshoot?q={}&product={}&requestId={}",
                alicert_core::encode::percent_encoded(&error.code),
                product,
                request_id
            ),
        }
    }
}

/// The page a gateway in front of the service sends with a 502 (nginx's stock page).
pub(crate) const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_bounded() {
        assert_eq!(quote("abc"), "\"abc\"");
        let long = "x".repeat(10_000);
        assert!(quote(&long).len() < 80);
    }

    #[test]
    fn recommend_names_code_product_and_request() {
        let error = ApiError::nonce_used();
        let body = ErrorBody::new(&error, "REQ", "127.0.0.1:1", "cas");
        assert_eq!(
            body.recommend,
            "https://api.aliyun.com/troubleshoot?q=SignatureNonceUsed&product=cas&requestId=REQ"
        );
    }
}

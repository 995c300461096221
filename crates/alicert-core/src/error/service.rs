//! Reading what the service (or a gateway in front of it) answered with an error status: Alibaba's JSON error object
//! in either spelling, the `x-acs-request-id`, `x-acs-retry-after` and `Date` headers, and, for anything else (a
//! gateway's HTML page, an empty or truncated body), a short sanitized excerpt. It is the one place a service error is
//! parsed, so credentials the service quotes back are redacted here, before any accessor or message can see them.

use std::time::Duration;

use reqwest::header::HeaderMap;

use super::excerpt::{excerpt, sanitize};
use super::{Error, ErrorKind, ServiceError};
use crate::redact::{redact_credentials, redact_value};

impl Error {
    /// An error response: `status` and the body Alibaba sends with it, `{RequestId, HostId, Code, Message, Recommend,
    /// AccessDeniedDetail}` (the lowerCamel spellings are read too). A body that is not such an object (a gateway's
    /// HTML 502, an empty or truncated body) still makes a service error with the status, no code, and a short
    /// sanitized excerpt. The request id falls back to the `x-acs-request-id` header; `x-acs-retry-after`
    /// (milliseconds) and `Date` are kept for [`retry_after`](Self::retry_after) and
    /// [`server_date`](Self::server_date). Never panics.
    pub fn service(status: u16, headers: &HeaderMap, body: &[u8]) -> Error {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
        };
        let retry_after = header("x-acs-retry-after")
            .and_then(|text| text.parse::<u64>().ok())
            .filter(|millis| *millis > 0)
            .map(Duration::from_millis);
        let server_date = header("date").and_then(|text| httpdate::parse_http_date(text).ok());

        let mut service = ServiceError {
            status,
            request_id: None,
            host_id: None,
            code: None,
            message: None,
            recommend: None,
            access_denied_detail: None,
            retry_after,
            server_date,
            excerpt: None,
        };
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(serde_json::Value::Object(object)) => {
                let field = |upper: &str, lower: &str| {
                    object
                        .get(upper)
                        .or_else(|| object.get(lower))
                        .and_then(|value| match value {
                            serde_json::Value::Null => None,
                            serde_json::Value::String(text) => Some(redact_credentials(text)),
                            other => Some(redact_credentials(&other.to_string())),
                        })
                };
                service.request_id = field("RequestId", "requestId");
                service.host_id = field("HostId", "hostId");
                service.code = field("Code", "code");
                service.message = field("Message", "message");
                service.recommend = field("Recommend", "recommend");
                service.access_denied_detail = object
                    .get("AccessDeniedDetail")
                    .or_else(|| object.get("accessDeniedDetail"))
                    .filter(|value| !value.is_null())
                    .map(redact_value);
                if service.code.is_none() && service.message.is_none() {
                    service.excerpt = Some(excerpt(body));
                }
            }
            _ => service.excerpt = Some(excerpt(body)),
        }
        if service.request_id.is_none() {
            service.request_id = header("x-acs-request-id")
                .filter(|id| !id.is_empty())
                .map(|id| sanitize(id, 100));
        }
        Error::from_kind(ErrorKind::Service(service))
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;
    use crate::error::ErrorCategory;

    #[test]
    fn credentials_quoted_by_the_service_are_redacted() {
        let body = br#"{"Code":"SignatureDoesNotMatch","Message":"server string to sign is:POST&%2F&AccessKeyId%3DSTS.x%26SecurityToken%3DCAIS%252Btoken%26SignatureNonce%3Dn1","AccessDeniedDetail":{"Echo":["x-acs-security-token:CAIS"]}}"#;
        let error = Error::service(400, &HeaderMap::new(), body);
        assert_eq!(
            error.message(),
            Some(
                "server string to sign is:POST&%2F&AccessKeyId%3DSTS.x%26SecurityToken%3D***%26SignatureNonce%3Dn1"
            )
        );
        assert_eq!(
            error.access_denied_detail().unwrap()["Echo"][0],
            "x-acs-security-token:***"
        );
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    const SIGNATURE_MISMATCH: &str = r#"{"RequestId":"7C5B5F7E-0F0A-4B5A-9D5E-0123456789AB","HostId":"cas.aliyuncs.com","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAI5tExampleKeyId01%26Action%3DDescribeDeploymentJob%26SignatureNonce%3Dabc","Recommend":"https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=cas"}"#;

    #[test]
    fn json_error_body() {
        let error = Error::service(
            400,
            &headers(&[
                ("date", "Tue, 15 Nov 1994 08:12:31 GMT"),
                ("authorization", "ACS3-HMAC-SHA256 x"),
            ]),
            SIGNATURE_MISMATCH.as_bytes(),
        )
        .with_operation("cas", "DescribeDeploymentJob");
        assert_eq!(error.category(), ErrorCategory::Service);
        assert_eq!(error.status(), Some(400));
        assert_eq!(error.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(
            error.request_id(),
            Some("7C5B5F7E-0F0A-4B5A-9D5E-0123456789AB")
        );
        assert_eq!(error.host_id(), Some("cas.aliyuncs.com"));
        assert!(
            error
                .message()
                .unwrap()
                .contains("server string to sign is:POST&%2F&")
        );
        assert!(
            error
                .recommend()
                .unwrap()
                .starts_with("https://api.aliyun.com/")
        );
        assert_eq!(error.body_excerpt(), None);
        assert_eq!(error.product(), Some("cas"));
        assert_eq!(error.action(), Some("DescribeDeploymentJob"));
        assert_eq!(
            error.server_date(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(784_887_151))
        );
        assert!(!error.is_retryable());
        let display = error.to_string();
        assert!(
            display.starts_with(
                "cas DescribeDeploymentJob failed: HTTP 400 SignatureDoesNotMatch: Specified signature is not matched"
            ),
            "{display}"
        );
        assert!(
            display.ends_with("(RequestId 7C5B5F7E-0F0A-4B5A-9D5E-0123456789AB)"),
            "{display}"
        );
        assert!(!display.contains('\n'));
        let debug = format!("{error:?}");
        assert!(debug.contains("SignatureDoesNotMatch"), "{debug}");
        for text in [&display, &debug] {
            assert!(!text.contains("ACS3-HMAC-SHA256 x"), "{text}");
        }
    }

    #[test]
    fn access_denied_detail_and_lower_camel_fields() {
        let body = br#"{"requestId":"r1","code":"Forbidden.RAM","message":"denied","AccessDeniedDetail":{"PolicyType":"AccountLevelIdentityBasedPolicy","AuthAction":"yundun-cert:DescribeDeploymentJob"}}"#;
        let error = Error::service(403, &HeaderMap::new(), body);
        assert_eq!(error.request_id(), Some("r1"));
        assert_eq!(error.code(), Some("Forbidden.RAM"));
        assert_eq!(error.message(), Some("denied"));
        assert_eq!(
            error
                .access_denied_detail()
                .and_then(|detail| detail.get("AuthAction"))
                .and_then(|v| v.as_str()),
            Some("yundun-cert:DescribeDeploymentJob")
        );
        assert!(!error.is_retryable());
        assert!(
            error
                .to_string()
                .starts_with("Alibaba Cloud request failed: HTTP 403 Forbidden.RAM: denied")
        );
    }

    #[test]
    fn html_gateway_page_keeps_a_short_clean_excerpt() {
        let mut page = String::from(
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>\t\u{1b}[0m",
        );
        page.push_str(&"<p>upstream unavailable</p>".repeat(40));
        page.push_str("</body></html>");
        let error = Error::service(
            502,
            &headers(&[("x-acs-request-id", "REQ-HEADER-1")]),
            page.as_bytes(),
        );
        assert_eq!(error.status(), Some(502));
        assert_eq!(error.code(), None);
        assert_eq!(error.request_id(), Some("REQ-HEADER-1"));
        let excerpt = error.body_excerpt().unwrap();
        assert!(
            excerpt.starts_with("<html> <head><title>502 Bad Gateway</title></head> <body> [0m"),
            "{excerpt}"
        );
        assert!(excerpt.chars().count() <= 200);
        assert!(!excerpt.chars().any(char::is_control), "{excerpt:?}");
        assert!(error.is_retryable());
        let display = error.to_string();
        assert!(
            display.contains("HTTP 502: unexpected body: <html>"),
            "{display}"
        );
    }

    #[test]
    fn empty_truncated_and_odd_bodies() {
        let empty = Error::service(503, &HeaderMap::new(), b"");
        assert_eq!(empty.code(), None);
        assert_eq!(empty.body_excerpt(), Some(""));
        assert!(
            empty.to_string().ends_with("HTTP 503: empty body"),
            "{empty}"
        );
        assert!(empty.is_retryable());

        let truncated = Error::service(
            400,
            &HeaderMap::new(),
            br#"{"RequestId":"x","Code":"Throttling.Us"#,
        );
        assert_eq!(truncated.code(), None);
        assert_eq!(
            truncated.body_excerpt(),
            Some(r#"{"RequestId":"x","Code":"Throttling.Us"#)
        );
        assert!(!truncated.is_retryable());

        let not_utf8 = Error::service(500, &HeaderMap::new(), &[0xff, 0xfe, b'o', b'k', 0x00]);
        assert_eq!(not_utf8.body_excerpt(), Some("\u{fffd}\u{fffd}ok"));

        let array = Error::service(400, &HeaderMap::new(), b"[1,2]");
        assert_eq!(array.code(), None);
        assert_eq!(array.body_excerpt(), Some("[1,2]"));

        let numeric_code = Error::service(400, &HeaderMap::new(), br#"{"Code":42,"Message":null}"#);
        assert_eq!(numeric_code.code(), Some("42"));
        assert_eq!(numeric_code.message(), None);
    }

    #[test]
    fn retry_after_and_throttling() {
        let body = br#"{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#;
        let error = Error::service(400, &headers(&[("x-acs-retry-after", "1500")]), body);
        assert!(error.is_throttling());
        assert!(error.is_retryable());
        assert_eq!(error.retry_after(), Some(Duration::from_millis(1500)));
        for bad in ["0", "-5", "soon", ""] {
            let error = Error::service(400, &headers(&[("x-acs-retry-after", bad)]), body);
            assert_eq!(error.retry_after(), None, "{bad:?}");
        }
    }
}

//! How an error prints: `Display` as one line naming the product, the Action and what failed, and a hand-written
//! `Debug` that is as safe as `Display` (no URL, no header, nothing a derive could reach). Text from the service is
//! printed with its control characters escaped, so a message never breaks a log line.

use std::borrow::Cow;
use std::fmt;

use super::{Error, ErrorKind};

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.operation {
            Some(operation) => write!(
                f,
                "{} {} failed: ",
                one_line(&operation.product),
                one_line(&operation.action)
            )?,
            None => f.write_str("Alibaba Cloud request failed: ")?,
        }
        match &self.inner.kind {
            ErrorKind::Service(service) => {
                write!(f, "HTTP {}", service.status)?;
                if let Some(code) = &service.code {
                    write!(f, " {}", one_line(code))?;
                }
                match (&service.message, &service.excerpt) {
                    (Some(message), _) => write!(f, ": {}", one_line(message))?,
                    (None, Some(excerpt)) if excerpt.is_empty() => f.write_str(": empty body")?,
                    (None, Some(excerpt)) => write!(f, ": unexpected body: {excerpt}")?,
                    (None, None) => {}
                }
                if let Some(request_id) = &service.request_id {
                    write!(f, " (RequestId {})", one_line(request_id))?;
                }
                Ok(())
            }
            ErrorKind::Transport(error) => {
                let what = if error.is_connect() {
                    "could not connect"
                } else if error.is_timeout() {
                    "timed out in transport"
                } else if error.is_body() {
                    "could not read the response body"
                } else if error.is_builder() {
                    "could not build the request"
                } else if error.is_redirect() {
                    "redirect failed"
                } else {
                    "transport error"
                };
                f.write_str(what)
            }
            ErrorKind::Redirect {
                status,
                location_host,
            } => {
                if !(300..400).contains(status) {
                    // The caller's own HTTP client followed it before the runtime saw the answer.
                    let host = location_host.as_deref().unwrap_or("another host");
                    return write!(
                        f,
                        "the HTTP client followed a redirect to {host} (HTTP {status} came back from there); build \
                         it with redirect::Policy::none(): the signed request must not follow redirects"
                    );
                }
                write!(f, "the endpoint answered HTTP {status}, a redirect")?;
                match location_host {
                    Some(host) => write!(f, " to {host}")?,
                    None => f.write_str(" with no absolute Location")?,
                }
                f.write_str(
                    "; redirects are not followed, because the signed request would go with them: check the \
                     endpoint",
                )
            }
            ErrorKind::Timeout { what, after } => write!(f, "{what} timed out after {after:?}"),
            ErrorKind::Credentials { message, .. } => {
                write!(f, "credentials: {}", one_line(message))
            }
            ErrorKind::InvalidRequest { message } => {
                write!(f, "invalid request: {}", one_line(message))
            }
            ErrorKind::Decode {
                status,
                path,
                message,
                excerpt,
            } => write!(
                f,
                "HTTP {status} response does not match the expected type at {}: {} (body starts: {excerpt})",
                one_line(path),
                one_line(message)
            ),
        }
    }
}

/// Hand-written so that nothing a derive could reach (a URL, a header) is ever printed.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Error");
        if let Some(operation) = &self.inner.operation {
            debug.field("product", &operation.product);
            debug.field("action", &operation.action);
        }
        match &self.inner.kind {
            ErrorKind::Service(service) => debug.field("service", service),
            // reqwest's Debug would print a URL if one were left; its Display (URL removed) is enough.
            ErrorKind::Transport(error) => debug.field("transport", &format_args!("{error}")),
            ErrorKind::Redirect {
                status,
                location_host,
            } => debug
                .field("redirect", status)
                .field("location_host", location_host),
            ErrorKind::Timeout { what, after } => {
                debug.field("timeout", &format_args!("{what} after {after:?}"))
            }
            ErrorKind::Credentials { message, .. } => debug.field("credentials", message),
            ErrorKind::InvalidRequest { message } => debug.field("invalid_request", message),
            ErrorKind::Decode {
                status,
                path,
                message,
                excerpt,
            } => debug
                .field("status", status)
                .field("path", path)
                .field("decode", message)
                .field("excerpt", excerpt),
        };
        debug.finish()
    }
}

/// Control characters escaped (`\n`), so a message from the service stays on one line of a log.
fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::error::ErrorCategory;

    #[test]
    fn other_kinds_display_one_line() {
        let timeout = Error::timeout("request", Duration::from_secs(15))
            .with_operation("vod", "DescribeVodDomainCertificateInfo");
        assert_eq!(
            timeout.to_string(),
            "vod DescribeVodDomainCertificateInfo failed: request timed out after 15s"
        );
        assert_eq!(timeout.category(), ErrorCategory::Timeout);
        assert_eq!(timeout.status(), None);

        let credentials =
            Error::credentials("profile \"default\" in ~/.aliyun/config.json has no access_key_id");
        assert_eq!(credentials.category(), ErrorCategory::Credentials);
        assert!(credentials.to_string().contains("credentials: profile"));

        let invalid = Error::invalid_request("JobId is required");
        assert_eq!(invalid.category(), ErrorCategory::InvalidRequest);
        assert_eq!(invalid.message(), Some("JobId is required"));
        assert!(!invalid.is_retryable());
        assert!(
            invalid
                .to_string()
                .ends_with("invalid request: JobId is required"),
            "{invalid}"
        );

        let decode = Error::decode(
            200,
            "$.CertInfos.CertInfo[0].NotAfterTime".into(),
            "expected a number, found a string".into(),
            "{\"CertInfos\":\n{\"CertInfo\":[{\"NotAfterTime\":\"x\"}]}}".into(),
        );
        assert_eq!(decode.status(), Some(200));
        assert_eq!(
            decode.json_path(),
            Some("$.CertInfos.CertInfo[0].NotAfterTime")
        );
        let display = decode.to_string();
        assert!(
            display.contains("at $.CertInfos.CertInfo[0].NotAfterTime: expected a number"),
            "{display}"
        );
        assert!(!display.contains('\n'), "{display}");
    }

    #[test]
    fn one_line_escapes_control_characters() {
        assert_eq!(one_line("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(one_line("plain"), "plain");
    }
}

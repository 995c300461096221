//! Errors for programs: with `-o json` a failure is one JSON object on one line of stderr, `{"Error": {...}}`, so a
//! script can parse why a command failed as it parses what a command printed. The fields use the API's PascalCase and,
//! where the service has a name for them, the service's own (`Code`, `Message`, `RequestId`, `HostId`, `Recommend`,
//! `AccessDeniedDetail`); `Kind` and `ExitCode` say which of the documented failures it was. docs/json-output.md is
//! the contract. Every string is scrubbed of remembered secrets before it is encoded, so a secret that JSON escapes
//! (one with a `"` or `\`) cannot slip past the scrubber.

use alicert_api::{Error, ErrorCategory};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use serde::Serialize;
use serde_json::Value;

use crate::exit;
use crate::failure::{self, Failure};
use crate::secrets;

/// The object under `"Error"`. Absent fields are omitted, never `null`.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorObject {
    /// `service`, `credentials`, `network`, `usage`, `internal` or `interrupted`: the exit code's class.
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    host_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recommend: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    access_denied_detail: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    argument: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    looked_in: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
    exit_code: u8,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Envelope {
    error: ErrorObject,
}

/// The JSON line for `failure`, reporting `exit_code` (which `expiry` turns into UNKNOWN); empty for a closed pipe.
pub fn line(failure: &Failure, exit_code: u8, sent_to: Option<&str>) -> String {
    let object = match failure {
        Failure::BrokenPipe => return String::new(),
        Failure::Api(error) => api(error, sent_to),
        Failure::Credentials(error) => {
            let looked_in: Vec<String> =
                error.looked_in().iter().map(ToString::to_string).collect();
            ErrorObject {
                kind: "credentials",
                message: if looked_in.is_empty() {
                    error.to_string()
                } else {
                    "no Alibaba Cloud credentials found".to_owned()
                },
                looked_in,
                hint: Some(failure::CREDENTIALS_HINT.to_owned()),
                ..ErrorObject::default()
            }
        }
        Failure::Usage(message) => ErrorObject {
            kind: "usage",
            message: clap_message(message),
            ..ErrorObject::default()
        },
        Failure::Internal(message) => ErrorObject {
            kind: "internal",
            message: message.clone(),
            ..ErrorObject::default()
        },
        Failure::Interrupted => ErrorObject {
            kind: "interrupted",
            message: "interrupted".to_owned(),
            ..ErrorObject::default()
        },
    };
    encode(ErrorObject {
        exit_code,
        ..object
    })
}

/// The JSON line for a bad command line that clap found (help and version are not failures: not for this).
pub fn clap_line(error: &clap::Error) -> String {
    let message = if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        // clap's "message" is then the whole help text.
        "name a command: alicert --help lists them".to_owned()
    } else {
        clap_message(&error.to_string())
    };
    let argument = match error.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(argument)) => Some(argument.clone()),
        Some(ContextValue::Strings(arguments)) => Some(arguments.join(", ")),
        _ => None,
    };
    encode(ErrorObject {
        kind: "usage",
        message,
        argument,
        exit_code: exit::USAGE,
        ..ErrorObject::default()
    })
}

fn api(error: &Error, sent_to: Option<&str>) -> ErrorObject {
    let kind = match error.category() {
        ErrorCategory::Service => "service",
        ErrorCategory::Credentials => "credentials",
        ErrorCategory::Transport | ErrorCategory::Timeout => "network",
        ErrorCategory::InvalidRequest => "usage",
        _ => "internal",
    };
    let service = error.category() == ErrorCategory::Service;
    let service_message = error.message().filter(|_| service);
    ErrorObject {
        kind,
        code: error.code().map(str::to_owned),
        message: service_message.map_or_else(|| failure::headline(error), str::to_owned),
        http_status: error.status(),
        request_id: error.request_id().map(str::to_owned),
        host_id: error.host_id().map(str::to_owned),
        recommend: error.recommend().map(str::to_owned),
        access_denied_detail: error.access_denied_detail().cloned(),
        body: if service && service_message.is_none() {
            error.body_excerpt().map(str::to_owned)
        } else {
            None
        },
        product: error.product().map(str::to_owned),
        action: error.action().map(str::to_owned),
        looked_in: error
            .credentials_error()
            .map(|credentials| {
                credentials
                    .looked_in()
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        hint: failure::advice(error, sent_to),
        ..ErrorObject::default()
    }
}

/// clap's rendering (`error: invalid value ...\n\nUsage: ...\n\nFor more information, try '--help'.`) cut to its
/// first paragraph, on one line, without the `error: ` that the JSON's shape already says.
fn clap_message(text: &str) -> String {
    let first = text.split("\n\n").next().unwrap_or(text).trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    first
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line of JSON, every string scrubbed of remembered secrets first.
fn encode(object: ErrorObject) -> String {
    let mut value = serde_json::to_value(Envelope { error: object }).unwrap_or(Value::Null);
    scrub(&mut value);
    serde_json::to_string(&value).unwrap_or_else(|_| {
        r#"{"Error":{"Kind":"internal","Message":"could not encode the error","ExitCode":70}}"#
            .to_owned()
    })
}

fn scrub(value: &mut Value) {
    match value {
        Value::String(text) => {
            if let std::borrow::Cow::Owned(clean) = secrets::scrub(text) {
                *text = clean;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub),
        Value::Object(fields) => fields.values_mut().for_each(scrub),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_messages_lose_the_prefix_and_the_usage() {
        assert_eq!(
            clap_message(
                "error: invalid value '2' for '--timeout <DURATION>': needs a unit\n\nFor more information, try \
                 '--help'.\n"
            ),
            "invalid value '2' for '--timeout <DURATION>': needs a unit"
        );
        assert_eq!(clap_message("no product x"), "no product x");
        assert_eq!(
            clap_message(
                "error: the following required arguments were not provided:\n  <JOB_ID>\n\nUsage: alicert job \
                 <JOB_ID>\n"
            ),
            "the following required arguments were not provided: <JOB_ID>"
        );
    }

    #[test]
    fn a_secret_json_would_escape_is_still_scrubbed() {
        let secret = "se\"cr\\et-0123456789";
        secrets::remember(secret);
        let line = line(
            &Failure::Internal(format!("failed near {secret}")),
            exit::INTERNAL,
            None,
        );
        assert!(!line.contains("0123456789"), "{line}");
        let value: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            value["Error"]["Message"],
            format!("failed near {}", secrets::MASK)
        );
        assert_eq!(value["Error"]["ExitCode"], 70);
        assert!(!line.contains('\n'));
    }
}

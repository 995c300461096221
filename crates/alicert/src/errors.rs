//! Errors for people: what failed, in the terms of the place it failed, and what to do next. A service error shows
//! the service's own `Code`, `Message`, `RequestId` (what Alibaba Cloud support asks for) and `Recommend` link;
//! missing credentials list every place that was looked in; every failure maps to one documented exit code
//! ([`crate::exit`]). All of it is written through the secret scrubber. With `-o json` the same failure is written
//! as one JSON object instead ([`crate::error_json`]).

use std::fmt::Write as _;
use std::io::{self, Write};

use alicert_api::{Error, ErrorCategory};
use alicert_core::credentials::CredentialsError;

use crate::exit;
use crate::output::style;
use crate::secrets;

/// Why a command could not do its work.
#[derive(Debug)]
pub enum Failure {
    /// A call failed (service error, network, timeout, a response that did not decode).
    Api(Error),
    /// No usable credentials, with the places looked in.
    Credentials(CredentialsError),
    /// A bad argument, found after clap (a value clap cannot judge alone).
    Usage(String),
    /// Something local went wrong.
    Internal(String),
    /// stdout was closed (`| head`): stop quietly.
    BrokenPipe,
    /// Ctrl-C or SIGTERM.
    Interrupted,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Api(error)
    }
}

impl From<CredentialsError> for Failure {
    fn from(error: CredentialsError) -> Self {
        Failure::Credentials(error)
    }
}

impl Failure {
    /// A failed write to stdout.
    pub fn from_stdout(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Internal(format!("could not write to stdout: {error}"))
        }
    }

    /// The exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Api(error) => match error.category() {
                ErrorCategory::Service => exit::SERVICE,
                ErrorCategory::Credentials => exit::CREDENTIALS,
                ErrorCategory::Transport | ErrorCategory::Timeout => exit::NETWORK,
                ErrorCategory::InvalidRequest => exit::USAGE,
                _ => exit::INTERNAL,
            },
            Failure::Credentials(_) => exit::CREDENTIALS,
            Failure::Usage(_) => exit::USAGE,
            Failure::Internal(_) => exit::INTERNAL,
            Failure::BrokenPipe => exit::OK,
            Failure::Interrupted => exit::INTERRUPTED,
        }
    }

    /// The report for people, several lines, no trailing newline; empty for a closed pipe.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let error = style::bad().for_stderr().apply_to("error:");
        let hint = style::warn().for_stderr().apply_to("hint:");
        match self {
            Failure::Api(api) => {
                let _ = write!(out, "{error} {}", headline(api));
                for (label, value) in details(api) {
                    let _ = write!(
                        out,
                        "\n  {:<10} {value}",
                        style::dim().for_stderr().apply_to(label)
                    );
                }
                if let Some(text) = advice(api) {
                    let _ = write!(out, "\n{hint} {text}");
                }
            }
            Failure::Credentials(credentials) => {
                out.push_str(&credentials_report(credentials));
            }
            Failure::Usage(message) => {
                let _ = write!(out, "{error} {message}");
            }
            Failure::Internal(message) => {
                let _ = write!(out, "{error} {message}");
            }
            Failure::BrokenPipe => {}
            Failure::Interrupted => {
                let _ = write!(out, "{error} interrupted");
            }
        }
        out
    }

    /// Prints the report on stderr (one JSON line when `json`) and returns the exit code.
    pub fn print(&self, json: bool) -> u8 {
        let code = self.exit_code();
        self.print_as(json, code);
        code
    }

    /// Prints the report on stderr for a command that exits with `exit_code` (`expiry`'s UNKNOWN) rather than
    /// [`exit_code`](Self::exit_code).
    pub fn print_as(&self, json: bool, exit_code: u8) {
        let text = if json {
            crate::error_json::line(self, exit_code)
        } else {
            secrets::scrub(&self.report()).into_owned()
        };
        if !text.is_empty() {
            let _ = writeln!(io::stderr().lock(), "{text}");
        }
    }
}

/// The first line: which call, and what kind of failure.
pub(crate) fn headline(error: &Error) -> String {
    let call = match (error.product(), error.action()) {
        (Some(product), Some(action)) => format!("{product} {action}"),
        _ => "the call".to_owned(),
    };
    match error.category() {
        ErrorCategory::Service => match error.code() {
            Some(code) => format!("{call} failed: the service answered {code}"),
            None => format!(
                "{call} failed: the service answered HTTP {}",
                error.status().unwrap_or_default()
            ),
        },
        ErrorCategory::Credentials => format!(
            "{call} failed: no usable credentials: {}",
            error.message().unwrap_or("(no detail)")
        ),
        ErrorCategory::InvalidRequest => match (error.action(), error.message()) {
            (Some(_), Some(message)) => format!("{call} was not sent: {message}"),
            (None, Some(message)) => message.to_owned(),
            _ => error.to_string(),
        },
        // The library's own message is written to be safe and specific for everything else.
        _ => error.to_string(),
    }
}

/// The service's fields, in the order support asks for them.
fn details(error: &Error) -> Vec<(&'static str, String)> {
    let mut details = Vec::new();
    if error.category() != ErrorCategory::Service {
        return details;
    }
    if let Some(code) = error.code() {
        details.push(("Code", code.to_owned()));
    }
    if let Some(message) = error.message() {
        details.push(("Message", message.to_owned()));
    } else if let Some(excerpt) = error.body_excerpt() {
        details.push(("Body", excerpt.to_owned()));
    }
    if let Some(status) = error.status() {
        details.push(("HTTP", status.to_string()));
    }
    if let Some(request_id) = error.request_id() {
        details.push(("RequestId", request_id.to_owned()));
    }
    if let Some(recommend) = error.recommend() {
        details.push(("Recommend", recommend.to_owned()));
    }
    if let Some(detail) = error.access_denied_detail() {
        details.push(("Denied", detail.to_string()));
    }
    details
}

/// What to try, for the failures people hit most.
pub(crate) fn advice(error: &Error) -> Option<String> {
    match error.category() {
        ErrorCategory::Service => {
            let code = error.code().unwrap_or("");
            let text = if code == "SignatureDoesNotMatch" {
                "the AccessKey secret does not belong to this AccessKey ID: check ALIBABA_CLOUD_ACCESS_KEY_SECRET \
                 or the profile (`aliyun configure list`)"
            } else if code.starts_with("InvalidAccessKeyId") {
                "the AccessKey ID is unknown or disabled: check ALIBABA_CLOUD_ACCESS_KEY_ID or the profile, and \
                 that --endpoint points where you think"
            } else if code.starts_with("InvalidSecurityToken") {
                "the STS token is missing, wrong or expired: refresh it (ALIBABA_CLOUD_SECURITY_TOKEN)"
            } else if code.starts_with("InvalidTimeStamp") {
                "this machine's clock is off: sync it (the service allows 15 minutes)"
            } else if code.starts_with("Forbidden") || code.starts_with("NoPermission") {
                "the RAM user lacks a permission for this action: grant it (see Recommend)"
            } else if code.starts_with("Throttling") {
                "the service is throttling: wait and try again, or raise --retries"
            } else if code.starts_with("NotFound") || code.contains("NotFound") {
                "check the ID or name, and the --region"
            } else {
                return None;
            };
            Some(text.to_owned())
        }
        ErrorCategory::Transport | ErrorCategory::Timeout => Some(format!(
            "requests went to {}: check the network and --endpoint/--region; --timeout and --retries give slow \
             links more room",
            crate::client::target().unwrap_or("the region's endpoint")
        )),
        _ => None,
    }
}

/// Missing or broken credentials: the chain's own words, one place per line.
fn credentials_report(error: &CredentialsError) -> String {
    let mut out = String::new();
    let heading = style::bad().for_stderr().apply_to("error:");
    if error.looked_in().is_empty() {
        let _ = write!(out, "{heading} credentials: {error}");
    } else {
        let _ = write!(
            out,
            "{heading} no Alibaba Cloud credentials found. Looked in, in order:"
        );
        for (index, place) in error.looked_in().iter().enumerate() {
            let _ = write!(out, "\n  {}. {place}", index + 1);
        }
    }
    let _ = write!(
        out,
        "\n{} {CREDENTIALS_HINT}",
        style::warn().for_stderr().apply_to("hint:")
    );
    out
}

/// What to do when no credentials were found.
pub(crate) const CREDENTIALS_HINT: &str = "set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or run \
                                           `aliyun configure` and pass --profile NAME; `alicert demo` needs no \
                                           account at all";

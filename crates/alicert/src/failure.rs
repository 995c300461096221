//! Why a command could not do its work, as one type every command returns, with the exit code each failure maps to
//! ([`crate::exit`]) and what to say about it: the first line naming the call, the advice for the failures people
//! hit most. Both renderings read it, the text for people ([`crate::report`]) and the JSON line for programs
//! ([`crate::error_json`]), so they cannot disagree.

use std::io;

use alicert_api::{Error, ErrorCategory};
use alicert_core::credentials::CredentialsError;

use crate::exit;

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

    /// The product whose call failed, for an API failure that names one.
    pub fn product(&self) -> Option<&str> {
        match self {
            Failure::Api(error) => error.product(),
            _ => None,
        }
    }
}

/// The first line: which call, and what kind of failure.
pub fn headline(error: &Error) -> String {
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

/// What to try, for the failures people hit most. `sent_to` says where the failed call's requests went (an
/// endpoint, or an endpoint and its region), when that is known.
pub fn advice(error: &Error, sent_to: Option<&str>) -> Option<String> {
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
            sent_to.unwrap_or("the region's endpoint")
        )),
        _ => None,
    }
}

/// What to do when no credentials were found.
pub const CREDENTIALS_HINT: &str = "set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or run \
                                    `aliyun configure` and pass --profile NAME; `alicert demo` needs no account at \
                                    all";

//! Failures for people, on stderr: what failed, in the terms of the place it failed, and what to do next. A service
//! error shows the service's own `Code`, `Message`, `RequestId` (what Alibaba Cloud support asks for) and
//! `Recommend` link; missing credentials list every place that was looked in. All of it is written through the
//! secret scrubber. With `-o json` the same failure is written as one JSON object instead ([`crate::error_json`]).

use std::fmt::Write as _;
use std::io::{self, Write};

use alicert_api::{Error, ErrorCategory};
use alicert_core::credentials::CredentialsError;

use crate::error_json;
use crate::failure::{self, CREDENTIALS_HINT, Failure};
use crate::secrets;
use crate::style;

/// Prints the report of `failure` on stderr (one JSON line when `json`) for a command that exits with `exit_code`
/// (`expiry` makes every failure UNKNOWN). `sent_to` says where the failed call's requests went, when known.
pub fn print(failure: &Failure, json: bool, exit_code: u8, sent_to: Option<&str>) {
    let text = if json {
        error_json::line(failure, exit_code, sent_to)
    } else {
        secrets::scrub(&text(failure, sent_to)).into_owned()
    };
    if !text.is_empty() {
        let _ = writeln!(io::stderr().lock(), "{text}");
    }
}

/// The report for people, several lines, no trailing newline; empty for a closed pipe.
pub fn text(failure: &Failure, sent_to: Option<&str>) -> String {
    let mut out = String::new();
    let error = style::bad().for_stderr().apply_to("error:");
    let hint = style::warn().for_stderr().apply_to("hint:");
    match failure {
        Failure::Api(api) => {
            let _ = write!(out, "{error} {}", failure::headline(api));
            for (label, value) in details(api) {
                let _ = write!(
                    out,
                    "\n  {:<10} {value}",
                    style::dim().for_stderr().apply_to(label)
                );
            }
            if let Some(text) = failure::advice(api, sent_to) {
                let _ = write!(out, "\n{hint} {text}");
            }
        }
        Failure::Credentials(credentials) => {
            out.push_str(&credentials_report(credentials));
        }
        Failure::Usage(message) | Failure::Internal(message) => {
            let _ = write!(out, "{error} {message}");
        }
        Failure::BrokenPipe => {}
        Failure::Interrupted => {
            let _ = write!(out, "{error} interrupted");
        }
    }
    out
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

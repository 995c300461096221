//! `alicert expiry --job 9005 --domain example.com`: certificate expiry as a monitoring check. Each job's
//! certificates (ListDeploymentJobCert `NotAfterTime`) and each VOD domain's certificate
//! (DescribeVodDomainCertificateInfo `CertExpireTime`) get a state in the Nagios convention, and the command exits
//! with the worst: 0 OK, 1 WARNING (within `--warning` days), 2 CRITICAL (expired or within `--critical` days),
//! 3 UNKNOWN (could not be checked: a failed call, a domain without a certificate). The first line of table output
//! is the Nagios status line; `-o json` is for other machines.

use alicert_api::{Error, cas, vod};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::exit;
use crate::human::{self, Remaining};
use crate::style::status_style;
use crate::table::{Cell, Table};

/// A check's state, in the Nagios order of codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum State {
    /// Not within either threshold.
    Ok,
    /// Within `--warning` days.
    Warning,
    /// Expired, or within `--critical` days.
    Critical,
    /// Could not be checked.
    Unknown,
}

impl State {
    /// `OK`, `WARNING`, `CRITICAL`, `UNKNOWN`.
    pub fn label(self) -> &'static str {
        match self {
            State::Ok => "OK",
            State::Warning => "WARNING",
            State::Critical => "CRITICAL",
            State::Unknown => "UNKNOWN",
        }
    }

    /// The exit code.
    pub fn code(self) -> u8 {
        match self {
            State::Ok => exit::OK,
            State::Warning => exit::WARNING,
            State::Critical => exit::CRITICAL,
            State::Unknown => exit::UNKNOWN,
        }
    }

    /// Severity for the overall state: CRITICAL over WARNING over UNKNOWN over OK.
    fn severity(self) -> u8 {
        match self {
            State::Ok => 0,
            State::Unknown => 1,
            State::Warning => 2,
            State::Critical => 3,
        }
    }
}

/// The thresholds, in days.
#[derive(Clone, Copy, Debug)]
pub struct Thresholds {
    /// WARNING at or below this many days.
    pub warning: i64,
    /// CRITICAL at or below this many days (and once expired).
    pub critical: i64,
}

impl Thresholds {
    fn state(&self, left: Remaining) -> State {
        if left.expired || left.days <= self.critical {
            State::Critical
        } else if left.days <= self.warning {
            State::Warning
        } else {
            State::Ok
        }
    }
}

/// One certificate checked.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Check {
    /// `job 9005` or `vod`.
    pub source: String,
    /// The job, for job certificates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_id: Option<i64>,
    /// The certificate's name.
    pub cert_name: Option<String>,
    /// The domain: the certificate's common name, or the VOD domain.
    pub domain: String,
    /// When it expires (RFC 3339, UTC).
    pub not_after: Option<String>,
    /// Days left, rounded (negative once expired).
    pub days_left: Option<i64>,
    /// Its state.
    pub state: State,
    /// Why, for UNKNOWN; what, otherwise.
    pub note: String,
    #[serde(skip)]
    until: Option<DateTime<Utc>>,
}

/// Checks every job and domain of `args`; a failed call makes an UNKNOWN check rather than stopping the rest.
pub async fn check(
    cas: &cas::Client,
    vod: &vod::Client,
    jobs: &[i64],
    domains: &[String],
    thresholds: Thresholds,
    now: DateTime<Utc>,
) -> Vec<Check> {
    let job_checks = futures::future::join_all(
        jobs.iter()
            .map(|job_id| check_job(cas, *job_id, thresholds, now)),
    );
    let domain_checks = futures::future::join_all(
        domains
            .iter()
            .map(|domain| check_domain(vod, domain, thresholds, now)),
    );
    let (jobs, domains) = futures::join!(job_checks, domain_checks);
    jobs.into_iter().chain(domains).flatten().collect()
}

fn unknown(source: String, job_id: Option<i64>, domain: &str, note: String) -> Check {
    Check {
        source,
        job_id,
        cert_name: None,
        domain: domain.to_owned(),
        not_after: None,
        days_left: None,
        state: State::Unknown,
        note,
        until: None,
    }
}

fn dated(
    source: String,
    job_id: Option<i64>,
    cert_name: Option<String>,
    domain: String,
    until: Option<DateTime<Utc>>,
    thresholds: Thresholds,
    now: DateTime<Utc>,
) -> Check {
    match until {
        Some(until) => {
            let remaining = Remaining::between(now, until);
            Check {
                source,
                job_id,
                cert_name,
                domain,
                not_after: Some(until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                days_left: Some(remaining.days),
                state: thresholds.state(remaining),
                note: remaining.phrase(),
                until: Some(until),
            }
        }
        None => Check {
            cert_name,
            ..unknown(
                source,
                job_id,
                &domain,
                "no expiry date in the answer".to_owned(),
            )
        },
    }
}

/// `Code: Message (RequestId ...)` for a check's note.
fn why(error: &Error) -> String {
    match (error.code(), error.message()) {
        (Some(code), Some(message)) => match error.request_id() {
            Some(request_id) => format!("{code}: {message} (RequestId {request_id})"),
            None => format!("{code}: {message}"),
        },
        _ => error.to_string(),
    }
}

async fn check_job(
    cas: &cas::Client,
    job_id: i64,
    thresholds: Thresholds,
    now: DateTime<Utc>,
) -> Vec<Check> {
    let source = format!("job {job_id}");
    let answer = cas.list_deployment_job_cert().job_id(job_id).send().await;
    let certs = match answer {
        Ok(answer) => answer.into_inner().data,
        Err(error) => return vec![unknown(source, Some(job_id), "-", why(&error))],
    };
    if certs.is_empty() {
        return vec![unknown(
            source,
            Some(job_id),
            "-",
            "the job has no certificates".to_owned(),
        )];
    }
    certs
        .into_iter()
        .map(|cert| {
            dated(
                source.clone(),
                Some(job_id),
                cert.cert_name.clone(),
                cert.common_name.clone().unwrap_or_else(|| "-".to_owned()),
                cert.not_after_time
                    .as_ref()
                    .and_then(|time| time.to_datetime()),
                thresholds,
                now,
            )
        })
        .collect()
}

async fn check_domain(
    vod: &vod::Client,
    domain: &str,
    thresholds: Thresholds,
    now: DateTime<Utc>,
) -> Vec<Check> {
    let source = "vod".to_owned();
    let answer = vod
        .describe_vod_domain_certificate_info()
        .domain_name(domain)
        .send()
        .await;
    let infos = match answer {
        Ok(answer) => answer
            .into_inner()
            .cert_infos
            .map(|infos| infos.cert_info)
            .unwrap_or_default(),
        Err(error) => return vec![unknown(source, None, domain, why(&error))],
    };
    let dated_infos: Vec<_> = infos
        .iter()
        .filter(|info| {
            info.cert_expire_time
                .as_deref()
                .is_some_and(|time| !time.is_empty())
        })
        .collect();
    if dated_infos.is_empty() {
        let https = infos
            .iter()
            .find_map(|info| info.server_certificate_status.as_ref())
            .map_or_else(String::new, |status| format!(" (HTTPS {status})"));
        return vec![unknown(
            source,
            None,
            domain,
            format!("no certificate on the domain{https}"),
        )];
    }
    dated_infos
        .into_iter()
        .map(|info| {
            let text = info.cert_expire_time.as_deref().unwrap_or_default();
            let until = DateTime::parse_from_rfc3339(text.trim())
                .ok()
                .map(|time| time.with_timezone(&Utc));
            let mut check = dated(
                source.clone(),
                None,
                info.cert_name.clone(),
                info.domain_name
                    .clone()
                    .unwrap_or_else(|| domain.to_owned()),
                until,
                thresholds,
                now,
            );
            if until.is_none() {
                check.note = format!("CertExpireTime {text:?} is not a date");
            }
            check
        })
        .collect()
}

/// The worst state of `checks` (OK when there are none).
pub fn overall(checks: &[Check]) -> State {
    checks
        .iter()
        .map(|check| check.state)
        .max_by_key(|state| state.severity())
        .unwrap_or(State::Ok)
}

/// `EXPIRY CRITICAL - 1 critical, 1 warning, 4 ok (warning 30 days, critical 7 days)`.
pub fn status_line(checks: &[Check], thresholds: Thresholds) -> String {
    let state = overall(checks);
    let count = |wanted: State| checks.iter().filter(|check| check.state == wanted).count() as u64;
    let mut parts = Vec::new();
    for (wanted, word) in [
        (State::Critical, "critical"),
        (State::Warning, "warning"),
        (State::Unknown, "unknown"),
        (State::Ok, "ok"),
    ] {
        let n = count(wanted);
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    format!(
        "EXPIRY {} - {} of {} (warning {} days, critical {} days)",
        status_style(state.label()).apply_to(state.label()),
        parts.join(", "),
        human::plural(checks.len() as u64, "certificate"),
        thresholds.warning,
        thresholds.critical
    )
}

/// The checks as a table, worst first.
pub fn table(checks: &[Check], indent: usize) -> Table {
    let mut sorted: Vec<&Check> = checks.iter().collect();
    sorted.sort_by_key(|check| {
        (
            std::cmp::Reverse(check.state.severity()),
            check.days_left.unwrap_or(i64::MAX),
        )
    });
    let mut table = Table::new(&[
        "State",
        "Source",
        "Certificate",
        "Domain",
        "Not after",
        "Expiry",
    ])
    .keep(0)
    .indent(indent);
    for check in sorted {
        let label = check.state.label();
        table.push(vec![
            Cell::styled(label, status_style(label)),
            check.source.as_str().into(),
            check.cert_name.as_deref().unwrap_or("-").into(),
            check.domain.as_str().into(),
            check
                .until
                .map_or_else(|| "-".to_owned(), human::datetime)
                .into(),
            check.note.as_str().into(),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_by_threshold() {
        let thresholds = Thresholds {
            warning: 30,
            critical: 7,
        };
        let left = |days, expired| Remaining { days, expired };
        assert_eq!(thresholds.state(left(400, false)), State::Ok);
        assert_eq!(thresholds.state(left(30, false)), State::Warning);
        assert_eq!(thresholds.state(left(7, false)), State::Critical);
        assert_eq!(thresholds.state(left(0, true)), State::Critical);
        let checks: Vec<Check> = [State::Ok, State::Unknown, State::Warning]
            .into_iter()
            .map(|state| Check {
                state,
                ..unknown("s".into(), None, "d", String::new())
            })
            .collect();
        assert_eq!(overall(&checks), State::Warning);
        assert_eq!(overall(&checks[..2]), State::Unknown);
        assert_eq!(overall(&[]), State::Ok);
    }
}

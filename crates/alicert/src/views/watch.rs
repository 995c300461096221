//! `alicert watch 9001`: follow a job until it ends. On a terminal a live indicatif bar shows succeeded, failed and
//! remaining workers; into a pipe or a file, one plain line per change, so logs stay readable. Polling is
//! alicert-api's job waiter (DescribeDeploymentJob and DescribeDeploymentJobStatus together); the exit code says how
//! the job ended: 0 succeeded, 1 failed, 2 rolled back, 3 still running at `--deadline`. A job in `editing` has not
//! been submitted: it will not run until someone submits it, so rather than wait for it (without `--deadline`, for up
//! to a year), `watch` says so and exits 7. A `pending` job has been submitted and waits for its scheduled time: that
//! is watched like a running one.

use std::time::{Duration, Instant};

use alicert_api::cas;
use alicert_api::waiter::{JobOutcome, JobProgress, JobState, WaitOptions, WorkerCounts};
use futures::TryStreamExt as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::exit;
use crate::failure::Failure;
use crate::human;
use crate::output::Ui;
use crate::style::{self, status_style};

/// How a watch ended.
#[derive(Debug, Clone)]
pub struct Watched {
    /// The exit code: [`exit::OK`], [`exit::WARNING`] (failed), [`exit::CRITICAL`] (rolled back),
    /// [`exit::UNKNOWN`] (deadline) or [`exit::NOT_SUBMITTED`].
    pub code: u8,
    /// `succeeded`, `failed`, `rolled back`, `still running` or [`NOT_SUBMITTED`].
    pub outcome: &'static str,
    /// The job's last status.
    pub status: String,
    /// The last counts.
    pub counts: WorkerCounts,
    /// How long the watch took.
    pub elapsed: Duration,
    /// Polls made.
    pub polls: u32,
}

/// The outcome of a job that has not been submitted.
pub const NOT_SUBMITTED: &str = "has not been submitted";

/// Watches `job_id`, polling every `interval`, until it ends or `deadline` passes, showing progress as the UI
/// allows.
pub async fn watch(
    ui: &Ui,
    cas: &cas::Client,
    job_id: i64,
    interval: Duration,
    deadline: Option<Duration>,
) -> Result<Watched, Failure> {
    let started = Instant::now();
    // The waiter's own deadline is only a backstop: ours decides, so that running out of time is an outcome (exit 3)
    // and not an error.
    let options = WaitOptions::default()
        .interval(interval)
        .max_interval(interval)
        .backoff(1.0)
        .timeout(deadline.map_or(Duration::from_secs(365 * 86_400), |d| {
            d + Duration::from_secs(60)
        }));
    let display = Display::new(ui, job_id);
    let mut polls = std::pin::pin!(cas.deployment_job_progress(job_id, options));
    let mut last: Option<JobProgress> = None;
    let until = deadline.map(|deadline| tokio::time::Instant::now() + deadline);
    loop {
        let next = match until {
            Some(until) => match tokio::time::timeout_at(until, polls.try_next()).await {
                Ok(next) => next,
                Err(_) => break,
            },
            None => polls.try_next().await,
        };
        let progress = match next {
            Ok(Some(progress)) => progress,
            Ok(None) => break,
            Err(error) => {
                display.abandon();
                return Err(Failure::Api(error));
            }
        };
        display.update(&progress)?;
        let finished = progress.state != JobState::Running;
        last = Some(progress);
        if finished {
            break;
        }
    }
    let Some(last) = last else {
        display.abandon();
        return Ok(Watched {
            code: exit::UNKNOWN,
            outcome: "still running",
            status: "-".to_owned(),
            counts: WorkerCounts::default(),
            elapsed: started.elapsed(),
            polls: 0,
        });
    };
    let (code, outcome) = match last.state {
        JobState::NotSubmitted => (exit::NOT_SUBMITTED, NOT_SUBMITTED),
        JobState::Finished(JobOutcome::Succeeded) => (exit::OK, "succeeded"),
        JobState::Finished(JobOutcome::Failed) => (exit::WARNING, "failed"),
        JobState::Finished(JobOutcome::RolledBack) => (exit::CRITICAL, "rolled back"),
        // A newer service may add outcomes; it is finished, but not a success we know of.
        JobState::Finished(_) => (exit::WARNING, "ended"),
        JobState::Running => (exit::UNKNOWN, "still running"),
    };
    let watched = Watched {
        code,
        outcome,
        status: last
            .status
            .as_ref()
            .map_or("-", |status| status.as_str())
            .to_owned(),
        counts: last.counts,
        elapsed: started.elapsed(),
        polls: last.poll,
    };
    display.finish();
    Ok(watched)
}

/// `job 9001 succeeded: status success, 40 workers: 38 succeeded, 2 failed (5.1 s, 12 polls)`.
pub fn summary(job_id: i64, watched: &Watched) -> String {
    let outcome_style = match watched.code {
        exit::OK => style::good(),
        exit::UNKNOWN | exit::NOT_SUBMITTED => style::warn(),
        _ => style::bad(),
    };
    let counts = &watched.counts;
    let mut parts = vec![
        format!("{} succeeded", human::count(counts.succeeded)),
        format!("{} failed", human::count(counts.failed)),
    ];
    if counts.rolled_back > 0 {
        parts.push(format!("{} rolled back", human::count(counts.rolled_back)));
    }
    if counts.remaining() > 0 {
        parts.push(format!("{} remaining", human::count(counts.remaining())));
    }
    let advice = if watched.code == exit::NOT_SUBMITTED {
        "; it will not run until it is submitted, so there is nothing to wait for"
    } else {
        ""
    };
    format!(
        "job {job_id} {}: status {}, {}: {} ({}, {}){advice}",
        outcome_style.apply_to(watched.outcome),
        status_style(&watched.status).apply_to(&watched.status),
        human::plural(counts.total, "worker"),
        parts.join(", "),
        human::duration(watched.elapsed),
        human::plural(u64::from(watched.polls), "poll"),
    )
}

/// Live bar, plain lines, or nothing.
enum Display {
    Bar(ProgressBar),
    Lines {
        ui: Ui,
        job_id: i64,
        last: std::cell::RefCell<Option<(String, WorkerCounts)>>,
    },
    Quiet,
}

impl Display {
    fn new(ui: &Ui, job_id: i64) -> Self {
        match ui.progress() {
            Some(true) => {
                // Hidden until the first answer gives it a length: no full bar of 0/0.
                let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
                bar.set_style(
                    ProgressStyle::with_template(
                        "{spinner} job {prefix} [{bar:30}] {pos}/{len} {msg} · {elapsed}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                bar.set_prefix(job_id.to_string());
                Display::Bar(bar)
            }
            Some(false) => Display::Lines {
                ui: ui.clone(),
                job_id,
                last: std::cell::RefCell::new(None),
            },
            None => Display::Quiet,
        }
    }

    fn update(&self, progress: &JobProgress) -> Result<(), Failure> {
        let status = progress
            .status
            .as_ref()
            .map_or("-", |status| status.as_str())
            .to_owned();
        let counts = progress.counts;
        match self {
            Display::Bar(bar) => {
                bar.set_length(counts.total);
                bar.set_position(counts.finished());
                if bar.is_hidden() {
                    bar.set_draw_target(ProgressDrawTarget::stdout());
                    bar.enable_steady_tick(Duration::from_millis(120));
                }
                let failed = format!("{} failed", counts.failed);
                let failed = if counts.failed > 0 {
                    style::bad().apply_to(failed).to_string()
                } else {
                    failed
                };
                bar.set_message(format!(
                    "{} · {} · {failed} · {} left",
                    status_style(&status).apply_to(&status),
                    style::good().apply_to(format!("{} ok", counts.succeeded)),
                    counts.remaining()
                ));
                Ok(())
            }
            Display::Lines { ui, job_id, last } => {
                let current = (status.clone(), counts);
                if last.borrow().as_ref() == Some(&current) {
                    return Ok(());
                }
                *last.borrow_mut() = Some(current);
                let rolled_back = if counts.rolled_back > 0 {
                    format!(", {} rolled back", counts.rolled_back)
                } else {
                    String::new()
                };
                ui.line(format!(
                    "job {job_id}: {status:<10} {}/{} done ({} succeeded, {} failed{rolled_back}, {} remaining)",
                    counts.finished(),
                    counts.total,
                    counts.succeeded,
                    counts.failed,
                    counts.remaining()
                ))
            }
            Display::Quiet => Ok(()),
        }
    }

    fn finish(&self) {
        if let Display::Bar(bar) = self {
            bar.finish();
        }
    }

    fn abandon(&self) {
        if let Display::Bar(bar) = self {
            bar.abandon();
        }
    }
}

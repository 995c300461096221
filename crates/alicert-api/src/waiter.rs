//! Waiting for a deployment job to finish: poll DescribeDeploymentJob (the job's status) and
//! DescribeDeploymentJobStatus (its worker counts) until the job ends, with a growing interval and a deadline, and
//! report every poll for progress bars, either as a [`Stream`] ([`cas::Client::deployment_job_progress`]) or through
//! a callback ([`cas::Client::wait_for_deployment_job`]).
//!
//! How a job ended is [`JobOutcome`]: succeeded, failed, or rolled back (a finished job whose `Rollback` flag is set or
//! whose workers were rolled back). The status list is open: a status this crate does not know
//! ([`DeploymentJobStatus::Unknown`]) counts as still running, so a newer service can never make the waiter stop
//! early; the deadline bounds the wait whatever the service says.
//!
//! ```no_run
//! # async fn run(cas: &alicert_api::cas::Client) -> Result<(), alicert_api::Error> {
//! use std::time::Duration;
//! use alicert_api::waiter::{JobOutcome, WaitOptions};
//!
//! let options = WaitOptions::default().timeout(Duration::from_secs(600));
//! let end = cas
//!     .wait_for_deployment_job(8888, options, |progress| {
//!         eprintln!("{}/{} workers done", progress.counts.finished(), progress.counts.total);
//!     })
//!     .await?;
//! assert_eq!(end.outcome, JobOutcome::Succeeded);
//! # Ok(())
//! # }
//! ```

use std::time::Duration;

use futures::{Stream, StreamExt as _, stream};
use tokio::time::Instant;

use crate::Error;
use crate::cas;
use crate::cas::types::{
    DeploymentJobStatus, DescribeDeploymentJobResponse, DescribeDeploymentJobStatusResponse,
};

/// How often to poll and for how long. Default: first interval 2 s, growing 1.5× per poll up to 30 s, for at most
/// 30 minutes.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitOptions {
    interval: Duration,
    max_interval: Duration,
    backoff: f64,
    timeout: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(2),
            max_interval: Duration::from_secs(30),
            backoff: 1.5,
            timeout: Duration::from_secs(30 * 60),
        }
    }
}

impl WaitOptions {
    /// The wait between the first and the second poll.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest wait between two polls.
    pub fn max_interval(mut self, max: Duration) -> Self {
        self.max_interval = max;
        self
    }

    /// The factor the wait grows by after each poll (at least 1: 1 polls at a fixed interval).
    pub fn backoff(mut self, factor: f64) -> Self {
        self.backoff = if factor.is_finite() {
            factor.max(1.0)
        } else {
            1.0
        };
        self
    }

    /// The deadline for the whole wait, polls included; an unfinished job then gives a timeout error.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The wait after a poll that waited `previous`.
    fn next_interval(&self, previous: Duration) -> Duration {
        previous.mul_f64(self.backoff).min(self.max_interval)
    }
}

/// How a deployment job ended.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobOutcome {
    /// Status `success`, nothing rolled back.
    Succeeded,
    /// Status `error`, nothing rolled back.
    Failed,
    /// The job finished (`success` or `error`) and was rolled back: its `Rollback` flag is 1 or some of its workers
    /// are in a rollback state.
    RolledBack,
}

/// Whether a job is still going.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobState {
    /// Status `editing`: a draft that was never submitted. It will not run until someone submits it, so a wait on
    /// it would never end.
    NotSubmitted,
    /// Pending, scheduling, processing, or a status this crate does not know.
    Running,
    /// Finished, this way.
    Finished(JobOutcome),
}

/// Classifies a job from one poll's answers. `editing` is [`JobState::NotSubmitted`]; unknown statuses (and a missing
/// one) are [`JobState::Running`].
pub fn classify(
    job: &DescribeDeploymentJobResponse,
    counts: &DescribeDeploymentJobStatusResponse,
) -> JobState {
    let rolled_back = job.rollback == Some(1)
        || counts.rollback_count.unwrap_or(0) > 0
        || counts.rollback_success_count.unwrap_or(0) > 0
        || counts.rollback_failed_count.unwrap_or(0) > 0;
    let finished = match job.status.as_ref() {
        Some(DeploymentJobStatus::Success) => JobOutcome::Succeeded,
        Some(DeploymentJobStatus::Error) => JobOutcome::Failed,
        Some(DeploymentJobStatus::Editing) => return JobState::NotSubmitted,
        _ => return JobState::Running,
    };
    JobState::Finished(if rolled_back {
        JobOutcome::RolledBack
    } else {
        finished
    })
}

/// A job's worker counts, for a progress bar (absent counts read as 0, negative ones as 0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct WorkerCounts {
    /// Worker tasks of the job (`WorkerCount`).
    pub total: u64,
    /// Succeeded (`SuccessCount`).
    pub succeeded: u64,
    /// Failed (`FailedCount`).
    pub failed: u64,
    /// In any rollback state (`RollbackCount`).
    pub rolled_back: u64,
    /// Rolled back successfully (`RollbackSuccessCount`).
    pub rollback_succeeded: u64,
    /// Failed to roll back (`RollbackFailedCount`).
    pub rollback_failed: u64,
}

impl WorkerCounts {
    /// The counts of one DescribeDeploymentJobStatus answer.
    pub fn from_response(response: &DescribeDeploymentJobStatusResponse) -> Self {
        let count = |value: Option<i32>| u64::try_from(value.unwrap_or(0)).unwrap_or(0);
        Self {
            total: count(response.worker_count),
            succeeded: count(response.success_count),
            failed: count(response.failed_count),
            rolled_back: count(response.rollback_count),
            rollback_succeeded: count(response.rollback_success_count),
            rollback_failed: count(response.rollback_failed_count),
        }
    }

    /// Workers that reached an end: succeeded, failed or rolled back (at most `total`).
    pub fn finished(&self) -> u64 {
        (self.succeeded + self.failed + self.rolled_back).min(self.total)
    }

    /// Workers not finished yet.
    pub fn remaining(&self) -> u64 {
        self.total - self.finished()
    }
}

/// One poll of a deployment job.
#[derive(Clone, Debug, PartialEq)]
pub struct JobProgress {
    /// Which poll this is, from 1.
    pub poll: u32,
    /// Time since the wait began.
    pub elapsed: Duration,
    /// The job's status (`None` if the answer had none).
    pub status: Option<DeploymentJobStatus>,
    /// Running or finished, by [`classify`].
    pub state: JobState,
    /// The worker counts.
    pub counts: WorkerCounts,
    /// DescribeDeploymentJob's whole answer.
    pub job: DescribeDeploymentJobResponse,
    /// DescribeDeploymentJobStatus's whole answer.
    pub job_status: DescribeDeploymentJobStatusResponse,
}

/// How a waited-for job ended.
#[derive(Clone, Debug, PartialEq)]
pub struct JobEnd {
    /// Succeeded, failed or rolled back.
    pub outcome: JobOutcome,
    /// The poll that saw the end.
    pub last: JobProgress,
}

struct Poller<'a> {
    client: &'a cas::Client,
    job_id: i64,
    options: WaitOptions,
    started: Instant,
    deadline: Instant,
    interval: Duration,
    poll: u32,
    done: bool,
}

impl Poller<'_> {
    fn timeout(&self) -> Error {
        Error::timeout(
            "waiting for the deployment job to finish",
            self.options.timeout,
        )
        .with_operation("cas", "DescribeDeploymentJob")
    }

    async fn poll_once(&self) -> Result<JobProgress, Error> {
        let job = self
            .client
            .describe_deployment_job()
            .job_id(self.job_id)
            .send();
        let status = self
            .client
            .describe_deployment_job_status()
            .job_id(self.job_id)
            .send();
        let (job, job_status) = futures::future::try_join(job, status).await?;
        let (job, job_status) = (job.into_inner(), job_status.into_inner());
        Ok(JobProgress {
            poll: self.poll,
            elapsed: self.started.elapsed(),
            status: job.status.clone(),
            state: classify(&job, &job_status),
            counts: WorkerCounts::from_response(&job_status),
            job,
            job_status,
        })
    }

    /// The next poll's progress, waiting first if it is not the first poll; `None` once finished.
    async fn next(&mut self) -> Option<Result<JobProgress, Error>> {
        if self.done {
            return None;
        }
        loop {
            if self.poll > 0 {
                let wake = (Instant::now() + self.interval).min(self.deadline);
                tokio::time::sleep_until(wake).await;
                self.interval = self.options.next_interval(self.interval);
            }
            if Instant::now() >= self.deadline {
                self.done = true;
                return Some(Err(self.timeout()));
            }
            self.poll += 1;
            let outcome = tokio::time::timeout_at(self.deadline, self.poll_once()).await;
            match outcome {
                Err(_) => {
                    self.done = true;
                    return Some(Err(self.timeout()));
                }
                Ok(Ok(progress)) => {
                    self.done = progress.state != JobState::Running;
                    return Some(Ok(progress));
                }
                // The runtime has already retried this poll; a later poll may still get through.
                Ok(Err(error)) if error.is_retryable() => {
                    tracing::warn!(
                        job_id = self.job_id,
                        poll = self.poll,
                        error = %error,
                        "a poll of the deployment job failed; polling on"
                    );
                }
                Ok(Err(error)) => {
                    self.done = true;
                    return Some(Err(error));
                }
            }
        }
    }
}

impl cas::Client {
    /// Polls deployment job `job_id` until it finishes, yielding each poll's [`JobProgress`]; the last item is the
    /// finished job's, or the error that ended the wait (a timeout at the deadline, or a failure retrying cannot
    /// fix, such as an unknown job). A poll that fails in a way worth retrying is logged and polled again.
    pub fn deployment_job_progress(
        &self,
        job_id: i64,
        options: WaitOptions,
    ) -> impl Stream<Item = Result<JobProgress, Error>> + Send + '_ {
        let started = Instant::now();
        let poller = Poller {
            client: self,
            job_id,
            deadline: started + options.timeout,
            interval: options.interval,
            options,
            started,
            poll: 0,
            done: false,
        };
        stream::unfold(poller, |mut poller| async move {
            let item = poller.next().await?;
            Some((item, poller))
        })
    }

    /// Waits for deployment job `job_id` to finish, calling `on_progress` after every poll, and says how it ended.
    /// Errors as [`deployment_job_progress`](Self::deployment_job_progress) ends: a timeout at the deadline
    /// ([`ErrorCategory::Timeout`](crate::ErrorCategory::Timeout); the job goes on), or a failure polling again
    /// cannot fix (an unknown job, refused credentials, a draft that was never submitted).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig};
    /// # let emulator = Emulator::spawn(EmulatorConfig::new().with_pace(alicert_emulator::Pace::per_second(400.0))).await?;
    /// # let config = alicert_api::Config::builder()
    /// #     .endpoint(emulator.url())
    /// #     .credentials(alicert_api::Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET))
    /// #     .build()?;
    /// # let cas = alicert_api::cas::Client::from_config(&config)?;
    /// use std::time::Duration;
    /// use alicert_api::waiter::{JobOutcome, WaitOptions};
    ///
    /// // `cas` calls an emulator here, whose job 9001 has 40 workers that finish at 400 a second.
    /// let options = WaitOptions::default()
    ///     .interval(Duration::from_millis(50))
    ///     .timeout(Duration::from_secs(60));
    /// let mut polls = 0;
    /// let end = cas
    ///     .wait_for_deployment_job(9001, options, |progress| {
    ///         polls += 1;
    ///         println!("{}/{} workers done", progress.counts.finished(), progress.counts.total);
    ///     })
    ///     .await?;
    /// assert_eq!(end.last.counts.finished(), 40);
    /// assert!(matches!(end.outcome, JobOutcome::Succeeded | JobOutcome::Failed));
    /// assert_eq!(end.last.poll, polls);
    /// # Ok(()) }
    /// ```
    pub async fn wait_for_deployment_job(
        &self,
        job_id: i64,
        options: WaitOptions,
        mut on_progress: impl FnMut(&JobProgress),
    ) -> Result<JobEnd, Error> {
        let mut polls = std::pin::pin!(self.deployment_job_progress(job_id, options));
        while let Some(progress) = polls.next().await {
            let progress = progress?;
            on_progress(&progress);
            match progress.state {
                JobState::Finished(outcome) => {
                    return Ok(JobEnd {
                        outcome,
                        last: progress,
                    });
                }
                JobState::NotSubmitted => {
                    return Err(Error::invalid_request(format!(
                        "deployment job {job_id} has not been submitted (status editing): it will not run until it \
                         is, so there is nothing to wait for"
                    ))
                    .with_operation("cas", "DescribeDeploymentJob"));
                }
                JobState::Running => {}
            }
        }
        // The stream only ends after a finished job or an error; should it ever end otherwise, that is the deadline.
        Err(
            Error::timeout("waiting for the deployment job to finish", Duration::ZERO)
                .with_operation("cas", "DescribeDeploymentJob"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(status: &str, rollback: Option<i32>) -> DescribeDeploymentJobResponse {
        DescribeDeploymentJobResponse {
            status: Some(DeploymentJobStatus::from(status)),
            rollback,
            ..Default::default()
        }
    }

    #[test]
    fn classifies_every_status() {
        let quiet = DescribeDeploymentJobStatusResponse::default();
        assert_eq!(
            classify(&job("editing", None), &quiet),
            JobState::NotSubmitted
        );
        for running in ["pending", "scheduling", "processing", "paused", ""] {
            assert_eq!(
                classify(&job(running, None), &quiet),
                JobState::Running,
                "{running}"
            );
        }
        assert_eq!(
            classify(&DescribeDeploymentJobResponse::default(), &quiet),
            JobState::Running
        );
        assert_eq!(
            classify(&job("success", Some(0)), &quiet),
            JobState::Finished(JobOutcome::Succeeded)
        );
        assert_eq!(
            classify(&job("error", None), &quiet),
            JobState::Finished(JobOutcome::Failed)
        );
        assert_eq!(
            classify(&job("success", Some(1)), &quiet),
            JobState::Finished(JobOutcome::RolledBack)
        );
        let rolled = DescribeDeploymentJobStatusResponse {
            rollback_success_count: Some(2),
            ..Default::default()
        };
        assert_eq!(
            classify(&job("error", Some(0)), &rolled),
            JobState::Finished(JobOutcome::RolledBack)
        );
    }

    #[test]
    fn counts_tolerate_odd_values() {
        let counts = WorkerCounts::from_response(&DescribeDeploymentJobStatusResponse {
            worker_count: Some(10),
            success_count: Some(7),
            failed_count: Some(-3),
            rollback_count: Some(9),
            ..Default::default()
        });
        assert_eq!(counts.failed, 0);
        assert_eq!(counts.finished(), 10);
        assert_eq!(counts.remaining(), 0);
    }

    #[test]
    fn interval_grows_to_its_cap() {
        let options = WaitOptions::default()
            .interval(Duration::from_millis(100))
            .max_interval(Duration::from_millis(250))
            .backoff(2.0);
        assert_eq!(
            options.next_interval(Duration::from_millis(100)),
            Duration::from_millis(200)
        );
        assert_eq!(
            options.next_interval(Duration::from_millis(200)),
            Duration::from_millis(250)
        );
        assert_eq!(WaitOptions::default().backoff(f64::NAN).backoff, 1.0);
        assert_eq!(WaitOptions::default().backoff(0.5).backoff, 1.0);
    }
}

//! Job 9001, the one that moves: how many of its workers have finished at a moment, when each finishes, and the
//! status each shows (finished ones end in success or, for a seeded few, error), all derived from the clock and
//! the configured pace rather than stored, so the dataset is never mutated.

use std::time::SystemTime;

use super::format::unix_millis;
use super::{Dataset, Job};
use crate::rng::{below, mix};

/// Workers of job 9001 shown as processing ahead of the finished ones.
const IN_FLIGHT: u64 = 4;
/// Chance, per mille, that a worker of job 9001 ends in error.
const ERROR_PER_MILLE: u64 = 40;

impl Dataset {
    /// Workers of a progressing job finished at `now`.
    pub(super) fn done(&self, job: &Job, now: SystemTime) -> u64 {
        if self.pace <= 0.0 {
            return 0;
        }
        let elapsed = unix_millis(now).saturating_sub(self.progress_start).max(0) as f64 / 1000.0;
        let done = (elapsed * self.pace).floor();
        if done >= job.workers.generated as f64 {
            job.workers.generated
        } else {
            done as u64
        }
    }

    /// When a progressing job's last worker finishes (Unix milliseconds).
    pub(super) fn progress_end(&self, job: &Job) -> i64 {
        self.finish_time(job.workers.generated.saturating_sub(1))
    }

    pub(super) fn finish_time(&self, index: u64) -> i64 {
        if self.pace <= 0.0 {
            return self.progress_start;
        }
        // A float-to-int cast saturates, so an absurdly slow pace just means "never".
        let after = ((index as f64 + 1.0) / self.pace * 1000.0).ceil() as i64;
        self.progress_start.saturating_add(after)
    }

    pub(super) fn progress_status(&self, job: &Job, index: u64, done: u64) -> &'static str {
        if index < done {
            if below(mix(self.seed, &[job.id as u64, index, 0xFA11]), 1000) < ERROR_PER_MILLE {
                "error"
            } else {
                "success"
            }
        } else if index < done + IN_FLIGHT {
            "processing"
        } else {
            "pending"
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::dataset::constants::{PROCESSING_JOB_ID, PROCESSING_JOB_WORKERS};
    use crate::dataset::tests::dataset;

    #[test]
    fn the_processing_job_finishes() {
        let (data, anchor) = dataset(8);
        let start = data
            .job_view(PROCESSING_JOB_ID, anchor, "r", false)
            .unwrap();
        assert_eq!(start.status, "processing");
        assert!(start.end_time.is_none());
        let counts = data.counts(PROCESSING_JOB_ID, anchor).unwrap();
        assert_eq!(
            counts.status("pending") + counts.status("processing"),
            PROCESSING_JOB_WORKERS
        );
        let later = anchor + Duration::from_secs(5);
        let end = data.job_view(PROCESSING_JOB_ID, later, "r", false).unwrap();
        let counts = data.counts(PROCESSING_JOB_ID, later).unwrap();
        assert_eq!(
            counts.status("success") + counts.status("error"),
            PROCESSING_JOB_WORKERS
        );
        let expected = if counts.status("error") > 0 {
            "error"
        } else {
            "success"
        };
        assert_eq!(end.status, expected);
        assert_eq!(end.end_time, Some((unix_millis(anchor) + 5000).to_string()));
    }

    #[test]
    fn frozen_pace_never_moves() {
        let anchor = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
        let data = Dataset::build(7, anchor, anchor, 8, 0.0);
        let later = anchor + Duration::from_secs(86_400);
        assert_eq!(
            data.job_view(PROCESSING_JOB_ID, later, "r", false)
                .unwrap()
                .status,
            "processing"
        );
    }
}

//! Worker counts by status and by product, for one job or the whole account (DescribeDeploymentJobStatus), in
//! closed form for a cycling job so a million workers count as fast as eight; and the worker statuses the
//! ListWorkerResource page lists, which the counts are indexed by and the `Status` filter accepts.

use std::time::SystemTime;

use super::{Dataset, Job, StatusPlan};

/// Every worker status the ListWorkerResource page lists, in its order; the `Status` filter accepts these.
pub(crate) const WORKER_STATUSES: [&str; 9] = [
    "rollback",
    "rollback_error",
    "success",
    "rollback_success",
    "pending",
    "scheduling",
    "processing",
    "error",
    "editing",
];

fn status_index(status: &str) -> Option<usize> {
    WORKER_STATUSES.iter().position(|known| *known == status)
}

/// Worker counts of a job or of the whole account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct WorkerCounts {
    /// Per status, indexed like [`WORKER_STATUSES`].
    pub by_status: [u64; 9],
    /// Per product, in first-seen order, counts above zero only.
    pub by_product: Vec<(String, u64)>,
    pub certs: u64,
}

impl WorkerCounts {
    pub fn total(&self) -> u64 {
        self.by_status.iter().sum()
    }

    pub fn status(&self, status: &str) -> u64 {
        status_index(status).map_or(0, |index| self.by_status[index])
    }

    fn add_product(&mut self, product: &str, count: u64) {
        if count == 0 {
            return;
        }
        match self.by_product.iter_mut().find(|(name, _)| name == product) {
            Some((_, total)) => *total += count,
            None => self.by_product.push((product.to_owned(), count)),
        }
    }

    fn merge(&mut self, other: &WorkerCounts) {
        for (mine, theirs) in self.by_status.iter_mut().zip(other.by_status) {
            *mine += theirs;
        }
        for (product, count) in &other.by_product {
            self.add_product(product, *count);
        }
        self.certs += other.certs;
    }
}

impl Dataset {
    /// Counts of one job's workers at `now`.
    pub fn counts(&self, id: i64, now: SystemTime) -> Option<WorkerCounts> {
        self.jobs.get(&id).map(|job| self.job_counts(job, now))
    }

    /// Counts over every job at `now`.
    pub fn account_counts(&self, now: SystemTime) -> WorkerCounts {
        let mut total = WorkerCounts::default();
        for job in self.jobs.values() {
            total.merge(&self.job_counts(job, now));
        }
        total
    }

    pub(super) fn job_counts(&self, job: &Job, now: SystemTime) -> WorkerCounts {
        let mut counts = WorkerCounts {
            certs: job.certs.len() as u64,
            ..WorkerCounts::default()
        };
        for worker in &job.workers.stored {
            if let Some(index) = status_index(&worker.status) {
                counts.by_status[index] += 1;
            }
            counts.add_product(&worker.cloud_product, 1);
        }
        let plan = &job.workers;
        let products = plan.products.len() as u64;
        match plan.statuses {
            StatusPlan::Cycle(cycle) => {
                // Worker i's (product, status) repeats with period P*S: count each residue class once.
                let period = products * cycle.len() as u64;
                let (full, rest) = (plan.generated / period, plan.generated % period);
                let mut per_product = vec![0_u64; plan.products.len()];
                for residue in 0..period {
                    let count = full + u64::from(residue < rest);
                    let status = cycle[(residue % cycle.len() as u64) as usize];
                    if let Some(index) = status_index(status) {
                        counts.by_status[index] += count;
                    }
                    per_product[(residue % products) as usize] += count;
                }
                for (product, count) in plan.products.iter().zip(per_product) {
                    counts.add_product(product, count);
                }
            }
            StatusPlan::Progress => {
                let done = self.done(job, now);
                for index in 0..plan.generated {
                    if let Some(status) = status_index(self.progress_status(job, index, done)) {
                        counts.by_status[status] += 1;
                    }
                    counts.add_product(plan.products[(index % products) as usize], 1);
                }
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::dataset::constants::JOB_IDS;
    use crate::dataset::paging::WorkerFilter;
    use crate::dataset::tests::dataset;
    use crate::dataset::workers::Worker;

    fn all_workers(
        data: &Dataset,
        id: i64,
        filter: &WorkerFilter<'_>,
        now: SystemTime,
    ) -> Vec<Worker> {
        let (total, page) = data.worker_page(id, filter, 0, u64::MAX, now).unwrap();
        assert_eq!(total, page.len() as u64);
        page
    }

    #[test]
    fn counts_agree_with_the_workers_listed() {
        let (data, anchor) = dataset(1000);
        for now in [
            anchor,
            anchor + Duration::from_secs(2),
            anchor + Duration::from_secs(60),
        ] {
            for id in JOB_IDS {
                let counts = data.counts(id, now).unwrap();
                let workers = all_workers(&data, id, &WorkerFilter::default(), now);
                assert_eq!(counts.total(), workers.len() as u64, "job {id}");
                for (index, status) in WORKER_STATUSES.iter().enumerate() {
                    let listed = workers
                        .iter()
                        .filter(|worker| worker.status == *status)
                        .count() as u64;
                    assert_eq!(counts.by_status[index], listed, "job {id} status {status}");
                    let filtered = all_workers(
                        &data,
                        id,
                        &WorkerFilter {
                            status: Some(status),
                            product: None,
                        },
                        now,
                    );
                    assert_eq!(filtered.len() as u64, listed);
                }
                for (product, count) in &counts.by_product {
                    let listed = workers
                        .iter()
                        .filter(|worker| &worker.cloud_product == product)
                        .count() as u64;
                    assert_eq!(*count, listed, "job {id} product {product}");
                }
                assert_eq!(
                    counts
                        .by_product
                        .iter()
                        .map(|(_, count)| count)
                        .sum::<u64>(),
                    counts.total()
                );
                let ids: std::collections::HashSet<i64> =
                    workers.iter().map(|worker| worker.id).collect();
                assert_eq!(ids.len(), workers.len(), "worker ids unique in job {id}");
            }
        }
    }
}

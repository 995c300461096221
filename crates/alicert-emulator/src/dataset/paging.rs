//! ListWorkerResource's paging and filters: one page of a job's workers matching a status and a product, found
//! without listing the job. A cycling job's (product, status) repeats with a fixed period, so the matches are
//! counted and indexed per period and a page costs its own size even at the end of a million workers.

use std::time::SystemTime;

use super::workers::Worker;
use super::{Dataset, StatusPlan};

/// What ListWorkerResource filters on.
#[derive(Clone, Debug, Default)]
pub(crate) struct WorkerFilter<'a> {
    pub status: Option<&'a str>,
    pub product: Option<&'a str>,
}

impl WorkerFilter<'_> {
    fn matches(&self, product: &str, status: &str) -> bool {
        self.product.is_none_or(|wanted| wanted == product)
            && self.status.is_none_or(|wanted| wanted == status)
    }
}

/// The generated indices whose (product, status) match a filter, as residues modulo the plan's period.
struct Residues {
    period: u64,
    matching: Vec<u64>,
}

impl Residues {
    fn new(products: &[&str], cycle: &[&str], filter: &WorkerFilter<'_>) -> Self {
        let period = (products.len() * cycle.len()).max(1) as u64;
        let matching = (0..period)
            .filter(|&residue| {
                let product = products[(residue % products.len() as u64) as usize];
                let status = cycle[(residue % cycle.len() as u64) as usize];
                filter.matches(product, status)
            })
            .collect();
        Self { period, matching }
    }

    /// How many indices below `limit` match.
    fn count_below(&self, limit: u64) -> u64 {
        let (full, rest) = (limit / self.period, limit % self.period);
        full * self.matching.len() as u64
            + self
                .matching
                .iter()
                .filter(|&&residue| residue < rest)
                .count() as u64
    }

    /// The `n`-th matching index (from 0); the caller checks it against the count.
    fn nth(&self, n: u64) -> Option<u64> {
        let per_period = self.matching.len() as u64;
        if per_period == 0 {
            return None;
        }
        (n / per_period)
            .checked_mul(self.period)?
            .checked_add(self.matching[(n % per_period) as usize])
    }
}

impl Dataset {
    /// One page of a job's workers matching `filter`: the filtered total and the workers at `offset..offset+limit`.
    pub fn worker_page(
        &self,
        id: i64,
        filter: &WorkerFilter<'_>,
        offset: u64,
        limit: u64,
        now: SystemTime,
    ) -> Option<(u64, Vec<Worker>)> {
        let job = self.jobs.get(&id)?;
        let stored: Vec<&Worker> = job
            .workers
            .stored
            .iter()
            .filter(|worker| filter.matches(&worker.cloud_product, &worker.status))
            .collect();
        let stored_count = stored.len() as u64;
        let plan = &job.workers;
        let mut page = Vec::new();
        let total;
        match plan.statuses {
            StatusPlan::Cycle(cycle) => {
                let residues = Residues::new(plan.products, cycle, filter);
                let generated = residues.count_below(plan.generated);
                total = stored_count + generated;
                let end = offset.saturating_add(limit).min(total);
                let mut position = offset;
                while position < end {
                    if position < stored_count {
                        page.push(stored[position as usize].clone());
                    } else if let Some(index) = residues.nth(position - stored_count) {
                        page.push(self.generated_worker(job, index, now));
                    }
                    position += 1;
                }
            }
            StatusPlan::Progress => {
                // Job 9001 is small (its size is fixed), so scanning it is cheap; its statuses depend on the clock.
                let done = self.done(job, now);
                let matching: Vec<u64> = (0..plan.generated)
                    .filter(|&index| {
                        let product = plan.products[(index % plan.products.len() as u64) as usize];
                        filter.matches(product, self.progress_status(job, index, done))
                    })
                    .collect();
                total = stored_count + matching.len() as u64;
                let end = offset.saturating_add(limit).min(total);
                let mut position = offset;
                while position < end {
                    if position < stored_count {
                        page.push(stored[position as usize].clone());
                    } else {
                        page.push(self.generated_worker(
                            job,
                            matching[(position - stored_count) as usize],
                            now,
                        ));
                    }
                    position += 1;
                }
            }
        }
        Some((total, page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::constants::{SAMPLE_JOB_ID, SAMPLE_WORKER_ID};
    use crate::dataset::tests::dataset;

    #[test]
    fn residues_match_a_scan() {
        let products = ["A", "B", "C"];
        let cycle = ["x", "y", "x", "z"];
        for filter in [
            WorkerFilter::default(),
            WorkerFilter {
                product: Some("B"),
                status: None,
            },
            WorkerFilter {
                product: None,
                status: Some("x"),
            },
            WorkerFilter {
                product: Some("C"),
                status: Some("x"),
            },
            WorkerFilter {
                product: Some("Q"),
                status: None,
            },
        ] {
            let residues = Residues::new(&products, &cycle, &filter);
            let scan: Vec<u64> = (0..100)
                .filter(|&i| filter.matches(products[(i % 3) as usize], cycle[(i % 4) as usize]))
                .collect();
            for limit in [0, 1, 7, 12, 13, 100] {
                assert_eq!(
                    residues.count_below(limit),
                    scan.iter().filter(|&&i| i < limit).count() as u64
                );
            }
            for (n, index) in scan.iter().enumerate() {
                assert_eq!(residues.nth(n as u64), Some(*index));
            }
        }
    }

    #[test]
    fn a_page_of_a_huge_job_is_cheap_and_exact() {
        let (data, anchor) = dataset(crate::config::MAX_WORKERS);
        let counts = data.counts(SAMPLE_JOB_ID, anchor).unwrap();
        assert_eq!(counts.total(), crate::config::MAX_WORKERS);
        let (total, page) = data
            .worker_page(
                SAMPLE_JOB_ID,
                &WorkerFilter::default(),
                crate::config::MAX_WORKERS - 3,
                50,
                anchor,
            )
            .unwrap();
        assert_eq!(total, crate::config::MAX_WORKERS);
        assert_eq!(page.len(), 3);
        assert_eq!(
            page[2].id,
            SAMPLE_WORKER_ID + crate::config::MAX_WORKERS as i64 - 1
        );
        let filter = WorkerFilter {
            status: Some("error"),
            product: Some("NLB"),
        };
        let (total, page) = data
            .worker_page(SAMPLE_JOB_ID, &filter, 1000, 10, anchor)
            .unwrap();
        assert!(total > 1000);
        assert!(
            page.iter()
                .all(|worker| worker.status == "error" && worker.cloud_product == "NLB")
        );
    }
}

//! A client-side rate limit per `Action`, so that a large scan (thousands of ListWorkerResource pages, a fleet of
//! waiters) stays under the service's quotas instead of being throttled. Each action has a token bucket: `rate`
//! requests per second on average, up to `burst` at once. Every attempt takes a token, retries included, since the
//! service counts them too; a caller without one waits (asynchronously) for the next.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// A sustained rate and a burst.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quota {
    per_second: f64,
    burst: u32,
}

impl Quota {
    /// `per_second` requests per second on average (a positive, finite number; anything else means no limit), up to
    /// `burst` back to back (at least 1).
    pub fn per_second(per_second: f64, burst: u32) -> Self {
        Self {
            per_second,
            burst: burst.max(1),
        }
    }

    fn limits(&self) -> bool {
        self.per_second.is_finite() && self.per_second > 0.0
    }
}

/// Per-action quotas, with an optional default for actions not named. Cheap to clone; clones share the buckets,
/// so one limit can cover several runtimes.
#[derive(Clone, Debug, Default)]
pub struct RateLimit {
    quotas: HashMap<String, Quota>,
    default: Option<Quota>,
    buckets: Arc<Mutex<HashMap<String, Bucket>>>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimit {
    /// No limit for any action until one is set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Limits `action` (e.g. `ListWorkerResource`) to `quota`.
    pub fn action(mut self, action: impl Into<String>, quota: Quota) -> Self {
        self.quotas.insert(action.into(), quota);
        self
    }

    /// Limits every action without a quota of its own to `quota` (each action has its own bucket).
    pub fn default_quota(mut self, quota: Quota) -> Self {
        self.default = Some(quota);
        self
    }

    /// The quota that applies to `action`, if any.
    pub fn quota_for(&self, action: &str) -> Option<Quota> {
        self.quotas
            .get(action)
            .copied()
            .or(self.default)
            .filter(Quota::limits)
    }

    /// How long a request for `action` made now must wait for its token; the token is taken (so the caller must
    /// then wait that long and send). Zero when there is no limit or a token is free.
    pub(crate) fn reserve(&self, action: &str) -> Duration {
        self.reserve_at(action, Instant::now())
    }

    /// Gives back a token [`reserve`](Self::reserve) took for a request that will not be sent.
    pub(crate) fn release(&self, action: &str) {
        if self.quota_for(action).is_none() {
            return;
        }
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(bucket) = buckets.get_mut(action) {
            bucket.tokens += 1.0;
        }
    }

    fn reserve_at(&self, action: &str, now: Instant) -> Duration {
        let Some(quota) = self.quota_for(action) else {
            return Duration::ZERO;
        };
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let bucket = buckets.entry(action.to_owned()).or_insert(Bucket {
            tokens: f64::from(quota.burst),
            updated: now,
        });
        let refill = now.saturating_duration_since(bucket.updated).as_secs_f64() * quota.per_second;
        bucket.tokens = (bucket.tokens + refill).min(f64::from(quota.burst));
        bucket.updated = now;
        // Taking the token may leave the bucket in debt: the debt is the wait, and later callers queue behind it.
        bucket.tokens -= 1.0;
        if bucket.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64((-bucket.tokens / quota.per_second).min(86_400.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_its_burst_then_spaces_requests() {
        let limit = RateLimit::new().action("ListWorkerResource", Quota::per_second(10.0, 3));
        let start = Instant::now();
        let waits: Vec<Duration> = (0..5)
            .map(|_| limit.reserve_at("ListWorkerResource", start))
            .collect();
        assert_eq!(&waits[..3], &[Duration::ZERO; 3]);
        assert_eq!(waits[3], Duration::from_millis(100));
        assert_eq!(waits[4], Duration::from_millis(200));
        assert_eq!(
            limit.reserve_at("DescribeDeploymentJob", start),
            Duration::ZERO
        );
        // A second later the debt is paid and the bucket has refilled by 10, capped at the burst of 3.
        let later = start + Duration::from_secs(1);
        let waits: Vec<Duration> = (0..4)
            .map(|_| limit.reserve_at("ListWorkerResource", later))
            .collect();
        assert_eq!(&waits[..3], &[Duration::ZERO; 3]);
        assert_eq!(waits[3], Duration::from_millis(100));
        limit.release("ListWorkerResource");
        assert_eq!(
            limit.reserve_at("ListWorkerResource", later),
            Duration::from_millis(100),
            "the released token went to the next caller"
        );
    }

    #[test]
    fn odd_quotas_mean_no_limit() {
        let limit = RateLimit::new()
            .default_quota(Quota::per_second(f64::NAN, 1))
            .action("A", Quota::per_second(0.0, 0));
        assert_eq!(limit.quota_for("A"), None);
        assert_eq!(limit.quota_for("B"), None);
        assert_eq!(limit.reserve("A"), Duration::ZERO);
    }
}

//! Replay protection: a signature nonce may be used once per AccessKey within 15 minutes, as the real service
//! enforces (`SignatureNonceUsed`). The memory is bounded: past its capacity the oldest nonce is forgotten first,
//! so a flood of requests cannot grow the emulator without limit (a replay of a forgotten nonce then passes, which
//! is the trade every bounded cache makes).

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, SystemTime};

/// How long a nonce is remembered.
pub const NONCE_TTL: Duration = Duration::from_secs(15 * 60);

/// Nonces seen, with when they were first seen.
#[derive(Debug)]
pub(crate) struct NonceCache {
    capacity: usize,
    ttl: Duration,
    /// Insertion order, for eviction; an entry is stale when `seen` holds a later time for its key.
    order: VecDeque<(String, SystemTime)>,
    seen: HashMap<String, SystemTime>,
}

impl NonceCache {
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        Self {
            capacity: capacity.max(1),
            ttl,
            order: VecDeque::new(),
            seen: HashMap::new(),
        }
    }

    /// Records `key` (AccessKey ID and nonce) at `now`; `false` if it was already used within the TTL.
    pub fn check_and_insert(&mut self, key: &str, now: SystemTime) -> bool {
        self.expire(now);
        if let Some(&first_seen) = self.seen.get(key)
            && !self.expired(first_seen, now)
        {
            return false;
        }
        self.seen.remove(key);
        while self.seen.len() >= self.capacity {
            let Some((oldest, at)) = self.order.pop_front() else {
                break;
            };
            if self.seen.get(&oldest) == Some(&at) {
                self.seen.remove(&oldest);
            }
        }
        self.seen.insert(key.to_owned(), now);
        self.order.push_back((key.to_owned(), now));
        if self.order.len() > self.capacity.saturating_mul(2) {
            // Stale entries (keys re-inserted after expiring out of order) would otherwise accumulate.
            let seen = &self.seen;
            self.order.retain(|(key, at)| seen.get(key) == Some(at));
        }
        true
    }

    /// Nonces currently remembered.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    fn expired(&self, first_seen: SystemTime, now: SystemTime) -> bool {
        now.duration_since(first_seen)
            .is_ok_and(|age| age >= self.ttl)
    }

    /// Drops expired entries from the front (the order is by insertion, which is time order unless the clock was
    /// set back; a later-expiring entry in front only delays the ones behind it).
    fn expire(&mut self, now: SystemTime) {
        while let Some((key, at)) = self.order.front() {
            if !self.expired(*at, now) {
                break;
            }
            if self.seen.get(key) == Some(at) {
                self.seen.remove(key);
            }
            self.order.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn rejects_reuse_within_the_window_and_forgets_after() {
        let start = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let mut cache = NonceCache::new(10, NONCE_TTL);
        assert!(cache.check_and_insert("a", start));
        assert!(!cache.check_and_insert("a", start + Duration::from_secs(14 * 60)));
        assert!(cache.check_and_insert("b", start + Duration::from_secs(60)));
        assert!(cache.check_and_insert("a", start + NONCE_TTL));
        assert!(!cache.check_and_insert("b", start + NONCE_TTL));
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn capacity_bounds_memory_and_evicts_the_oldest() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let mut cache = NonceCache::new(2, NONCE_TTL);
        assert!(cache.check_and_insert("a", now));
        assert!(cache.check_and_insert("b", now));
        assert!(cache.check_and_insert("c", now));
        assert_eq!(cache.len(), 2);
        assert!(!cache.check_and_insert("c", now));
        assert!(!cache.check_and_insert("b", now));
        // "a" was evicted to make room for "c", so its replay is no longer caught.
        assert!(cache.check_and_insert("a", now));
        assert_eq!(cache.len(), 2);
        for index in 0..10_000 {
            cache.check_and_insert(&index.to_string(), now);
        }
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn survives_a_clock_set_back() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let mut cache = NonceCache::new(10, NONCE_TTL);
        assert!(cache.check_and_insert("a", now));
        let earlier = now - Duration::from_secs(3600);
        assert!(!cache.check_and_insert("a", earlier));
        assert!(cache.check_and_insert("b", earlier));
        assert!(!cache.check_and_insert("b", earlier + Duration::from_secs(60)));
        assert!(cache.check_and_insert("a", now + NONCE_TTL));
        assert!(cache.check_and_insert("b", now + NONCE_TTL));
    }
}

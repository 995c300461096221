//! When to try again and how long to wait: exponential backoff with full jitter, a cap on one delay, a maximum
//! number of attempts and a budget for the whole operation. Every operation alicert covers is a read, so retrying
//! one is always safe; what is retried is decided by [`crate::error::Error::is_retryable`].

use std::time::Duration;

/// How a client retries a failed attempt. [`RetryPolicy::default`] is on: 3 attempts, 200 ms base, 5 s cap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    honour_retry_after: bool,
    correct_clock_skew: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            honour_retry_after: true,
            correct_clock_skew: true,
        }
    }
}

impl RetryPolicy {
    /// No retries at all: one attempt, no nonce re-sign, no skew correction.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            correct_clock_skew: false,
            ..Self::default()
        }
    }

    /// At most this many attempts for a retryable failure (at least 1; 1 turns backoff retries off).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The base of the exponential backoff: attempt *n* waits a random time in `[0, min(cap, base * 2^(n-1))]`.
    pub fn with_initial_backoff(mut self, base: Duration) -> Self {
        self.initial_backoff = base;
        self
    }

    /// The cap on one delay, `x-acs-retry-after` included.
    pub fn with_max_backoff(mut self, cap: Duration) -> Self {
        self.max_backoff = cap;
        self
    }

    /// Whether a throttled response's `x-acs-retry-after` sets the delay (default: yes).
    pub fn with_retry_after(mut self, honour: bool) -> Self {
        self.honour_retry_after = honour;
        self
    }

    /// Whether an `InvalidTimeStamp` answer teaches the client the server's clock (from the response's `Date`
    /// header) and retries once with the corrected time (default: yes).
    pub fn with_clock_skew_correction(mut self, correct: bool) -> Self {
        self.correct_clock_skew = correct;
        self
    }

    /// The maximum number of attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether clock-skew correction is on.
    pub fn corrects_clock_skew(&self) -> bool {
        self.correct_clock_skew
    }

    /// Whether retries of any kind are on.
    pub fn is_enabled(&self) -> bool {
        self.max_attempts > 1 || self.correct_clock_skew
    }

    /// The delay before attempt `next_attempt` (2 for the first retry), given a uniform random `unit` in `[0, 1)` and
    /// the service's `retry_after` if it sent one. Pure, so tests can check the bounds.
    pub fn delay(&self, next_attempt: u32, unit: f64, retry_after: Option<Duration>) -> Duration {
        if self.honour_retry_after
            && let Some(wait) = retry_after
        {
            return wait.min(self.max_backoff);
        }
        let exponent = next_attempt.saturating_sub(2).min(30);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1_u32 << exponent)
            .min(self.max_backoff);
        ceiling.mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// A uniform random number in `[0, 1)` for jitter. Jitter needs no cryptographic quality, only independence between
/// concurrent clients, which the operating system's generator gives.
pub(crate) fn jitter_unit() -> f64 {
    let mut bytes = [0_u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        return 0.5;
    }
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1_u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_exponentially_and_is_capped() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        assert_eq!(policy.delay(2, 0.999_999, None).as_millis(), 99);
        assert_eq!(policy.delay(3, 0.999_999, None).as_millis(), 199);
        assert_eq!(policy.delay(4, 0.999_999, None).as_millis(), 349);
        assert_eq!(policy.delay(40, 0.999_999, None).as_millis(), 349);
        assert_eq!(policy.delay(3, 0.0, None), Duration::ZERO);
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let policy = RetryPolicy::default().with_max_backoff(Duration::from_secs(1));
        assert_eq!(
            policy.delay(2, 0.0, Some(Duration::from_millis(300))),
            Duration::from_millis(300)
        );
        assert_eq!(
            policy.delay(2, 0.0, Some(Duration::from_secs(9))),
            Duration::from_secs(1)
        );
        let ignoring = policy.with_retry_after(false);
        assert_eq!(
            ignoring.delay(2, 0.0, Some(Duration::from_millis(300))),
            Duration::ZERO
        );
    }

    #[test]
    fn jitter_is_in_range() {
        for _ in 0..1000 {
            let unit = jitter_unit();
            assert!((0.0..1.0).contains(&unit), "{unit}");
        }
    }
}

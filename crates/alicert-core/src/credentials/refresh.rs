//! The cache every provider of expiring credentials shares (assumed roles, OIDC roles, a credentials URI): it keeps
//! the last credentials, fetches new ones once they are within the stale window of their `Expiration` (15 minutes,
//! as the official providers do), and makes every caller that arrives during a fetch wait for that one fetch rather
//! than start its own, so a hundred concurrent requests cost one call to STS.
//!
//! If a fetch fails while the cached credentials still work, those are returned (and a warning logged), so that a
//! brief outage of STS does not fail requests that could still be signed.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;

use super::{Credentials, CredentialsError};

/// The official providers refresh STS credentials 15 minutes before they expire.
pub(crate) const STALE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// What fetches fresh credentials.
pub(crate) trait Fetch: Send + Sync + fmt::Debug {
    fn fetch(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

/// A [`Fetch`] behind a single-flight cache.
pub(crate) struct Refreshing<F> {
    fetcher: F,
    stale_window: Duration,
    cached: tokio::sync::Mutex<Option<Credentials>>,
    /// Counts successful fetches, so that a caller who waited for the lock can tell that someone else fetched.
    fetches: AtomicU64,
}

impl<F: fmt::Debug> fmt::Debug for Refreshing<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Refreshing")
            .field("fetcher", &self.fetcher)
            .field("stale_window", &self.stale_window)
            .finish_non_exhaustive()
    }
}

impl<F: Fetch> Refreshing<F> {
    pub(crate) fn new(fetcher: F) -> Self {
        Self {
            fetcher,
            stale_window: STALE_WINDOW,
            cached: tokio::sync::Mutex::new(None),
            fetches: AtomicU64::new(0),
        }
    }

    pub(crate) fn fetcher(&self) -> &F {
        &self.fetcher
    }

    pub(crate) fn fetcher_mut(&mut self) -> &mut F {
        &mut self.fetcher
    }

    pub(crate) fn set_stale_window(&mut self, window: Duration) {
        self.stale_window = window;
    }

    /// The cached credentials while they are fresh, else the result of one fetch shared by every waiting caller.
    pub(crate) async fn get(&self) -> Result<Credentials, CredentialsError> {
        let fetches_before = self.fetches.load(Ordering::Acquire);
        let mut cached = self.cached.lock().await;
        let now = SystemTime::now();
        if let Some(credentials) = &*cached {
            let fetched_meanwhile = self.fetches.load(Ordering::Acquire) != fetches_before;
            // Someone fetched while this caller waited: share that result even inside the stale window (a session
            // shorter than the window is stale from the start), unless it is already dead.
            if !credentials.expires_within(now, self.stale_window)
                || (fetched_meanwhile && !credentials.expires_within(now, Duration::ZERO))
            {
                return Ok(credentials.clone());
            }
        }
        match self.fetcher.fetch().await {
            Ok(fresh) => {
                *cached = Some(fresh.clone());
                self.fetches.fetch_add(1, Ordering::Release);
                Ok(fresh)
            }
            Err(error) => match &*cached {
                Some(credentials)
                    if !credentials.expires_within(SystemTime::now(), Duration::ZERO) =>
                {
                    tracing::warn!(%error, "refreshing credentials failed; using the cached ones until they expire");
                    Ok(credentials.clone())
                }
                _ => Err(error),
            },
        }
    }
}

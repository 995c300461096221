//! A client-side rate limit per `Action`, so that large scans stay under the service's quotas instead of being
//! throttled: [`RateLimit`] holds a token bucket per action ([`Quota`]: a sustained rate and a burst), and every
//! attempt (retries included, as the service counts them) waits for its action's token inside the runtime. A wait
//! that would pass the operation's deadline ends the call with a timeout.
//!
//! ```no_run
//! # fn run(config: &alicert_api::Config) -> Result<(), alicert_api::Error> {
//! use alicert_api::cas;
//! use alicert_api::rate_limit::{Quota, RateLimit};
//!
//! let limit = RateLimit::new()
//!     .action("ListWorkerResource", Quota::per_second(10.0, 5))
//!     .default_quota(Quota::per_second(50.0, 10));
//! let cas = cas::Client::from_config_with_rate_limit(config, limit)?;
//! # Ok(())
//! # }
//! ```

pub use alicert_core::runtime::{Quota, RateLimit};

use crate::{Config, Error, cas, vod};

impl cas::Client {
    /// As [`from_config`](Self::from_config), every call limited by `limit`. Clients built with clones of one
    /// [`RateLimit`] share its buckets.
    pub fn from_config_with_rate_limit(config: &Config, limit: RateLimit) -> Result<Self, Error> {
        let endpoint = config.endpoint_for("cas")?;
        Ok(Self::new_with_client(
            endpoint.url(),
            config.http_client().clone(),
            config.runtime().with_rate_limit(limit),
        ))
    }
}

impl vod::Client {
    /// As [`from_config`](Self::from_config), every call limited by `limit`. Clients built with clones of one
    /// [`RateLimit`] share its buckets.
    pub fn from_config_with_rate_limit(config: &Config, limit: RateLimit) -> Result<Self, Error> {
        let endpoint = config.endpoint_for("vod")?;
        Ok(Self::new_with_client(
            endpoint.url(),
            config.http_client().clone(),
            config.runtime().with_rate_limit(limit),
        ))
    }
}

//! A client-side rate limit per `Action`, so that large scans stay under the service's quotas instead of being
//! throttled: [`RateLimit`] holds a token bucket per action ([`Quota`]: a sustained rate and a burst), and every
//! attempt (retries included, as the service counts them) waits for its action's token inside the runtime. A wait
//! that would pass the operation's deadline ends the call with a timeout.
//!
//! ```no_run
//! # fn run() -> Result<(), alicert_api::Error> {
//! use alicert_api::rate_limit::{Quota, RateLimit};
//! use alicert_api::{Config, cas};
//!
//! let limit = RateLimit::new()
//!     .action("ListWorkerResource", Quota::per_second(10.0, 5))
//!     .default_quota(Quota::per_second(50.0, 10));
//! let config = Config::builder().rate_limit(limit).build()?;
//! let cas = cas::Client::from_config(&config)?;
//! # Ok(())
//! # }
//! ```

pub use alicert_core::runtime::{Quota, RateLimit};

//! Everything an emulator can be told before it starts, in one struct with chainable setters. The CLI
//! (`alicert emulator`) maps each of its flags onto one field; fields parsed from a flag have a `FromStr` type
//! ([`FaultSpec`], [`ClockSkew`], [`Pace`]) so flag parsing and library use accept the same text.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::clock::{Clock, ClockSkew, SystemClock};
use crate::fault::FaultSpec;
use crate::keys::AccessKey;
use crate::sts::OidcToken;
use crate::table::Product;

/// The AccessKey ID a default emulator accepts. Not a secret: it only opens the local emulator.
pub const DEFAULT_ACCESS_KEY_ID: &str = "alicert-demo-id";
/// The AccessKey secret paired with [`DEFAULT_ACCESS_KEY_ID`].
pub const DEFAULT_ACCESS_KEY_SECRET: &str = "alicert-demo-secret";
/// The dataset seed used unless another is configured.
pub const DEFAULT_SEED: u64 = 20_200_407;
/// Workers of job 8888 by default: the `Total` of the ListWorkerResource page's sample.
pub const DEFAULT_WORKERS: u64 = 8;
/// The most workers job 8888 can be given; they are computed on demand, so this bounds arithmetic, not memory.
pub const MAX_WORKERS: u64 = 1_000_000_000;
/// Nonces remembered by default (each for 15 minutes).
pub const DEFAULT_NONCE_CAPACITY: usize = 100_000;
/// Requests kept in the request log by default (oldest dropped first).
pub const DEFAULT_REQUEST_LOG_CAPACITY: usize = 100_000;
/// How long a connection may take to send a request's headers (and then its body) before it is dropped. Real
/// clients send both in milliseconds; a connection that trickles them ties up a slot.
pub const DEFAULT_REQUEST_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once by default; more wait in the listen backlog until one closes.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// How fast the progressing job (9001) moves: workers finished per second; `0` freezes it.
///
/// Text form: a non-negative number (`8`, `0.5`, `0`), optionally followed by `/s`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace(f64);

impl Pace {
    /// The default: the 40 workers of job 9001 finish in five seconds.
    pub const DEFAULT: Pace = Pace(8.0);
    /// Nothing moves.
    pub const FROZEN: Pace = Pace(0.0);

    /// `workers_per_second`, or frozen when it is negative or not a number.
    pub fn per_second(workers_per_second: f64) -> Self {
        if workers_per_second.is_finite() && workers_per_second > 0.0 {
            Pace(workers_per_second)
        } else {
            Pace::FROZEN
        }
    }

    /// Workers finished per second.
    pub fn workers_per_second(&self) -> f64 {
        self.0
    }
}

impl Default for Pace {
    fn default() -> Self {
        Pace::DEFAULT
    }
}

impl fmt::Display for Pace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/s", self.0)
    }
}

/// A pace that is not a non-negative number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsePaceError(String);

impl fmt::Display for ParsePaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid pace `{}`: expected workers per second, a number >= 0 (e.g. 8 or 0.5/s)",
            self.0
        )
    }
}

impl std::error::Error for ParsePaceError {}

impl FromStr for Pace {
    type Err = ParsePaceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let number = text.strip_suffix("/s").unwrap_or(text);
        match number.parse::<f64>() {
            Ok(value) if value.is_finite() && value >= 0.0 => Ok(Pace::per_second(value)),
            _ => Err(ParsePaceError(s.chars().take(60).collect())),
        }
    }
}

/// Configuration of an emulator. Start from [`EmulatorConfig::new`] (or `default()`) and chain setters.
///
/// ```
/// use alicert_emulator::{EmulatorConfig, Pace};
///
/// let config = EmulatorConfig::new()
///     .with_access_key("my-id", "my-secret")
///     .with_workers(100_000)
///     .with_pace(Pace::FROZEN)
///     .with_fault("throttle@first=1".parse().unwrap());
/// assert_eq!(config.access_keys.len(), 2);
/// ```
#[non_exhaustive]
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// Where [`Emulator::spawn`](crate::Emulator::spawn) listens; default `127.0.0.1:0` (any free port).
    pub addr: SocketAddr,
    /// Accepted AccessKey pairs; default the pair [`DEFAULT_ACCESS_KEY_ID`] / [`DEFAULT_ACCESS_KEY_SECRET`].
    pub access_keys: Vec<AccessKey>,
    /// Number of workers of job 8888 (default [`DEFAULT_WORKERS`], at most [`MAX_WORKERS`]). The first is the
    /// page's sample worker 22487; the rest are computed from their index on demand.
    pub workers: u64,
    /// How fast job 9001 progresses.
    pub pace: Pace,
    /// Faults active from the start.
    pub faults: Vec<FaultSpec>,
    /// How far the server's clock is off (affects the `Timestamp` window and the `Date` header).
    pub clock_skew: ClockSkew,
    /// Seed of every generated value in the dataset.
    pub seed: u64,
    /// Seed of the `RequestId` sequence; `None` (the default) draws a random one, so every emulator's IDs are
    /// unique, as the service's are. [`EmulatorConfig::with_seed`] sets it to the dataset seed.
    pub request_id_seed: Option<u64>,
    /// How long a connection may take to deliver a request's headers, and again its body; past it the connection
    /// is dropped (headers) or answered `RequestTimeout` (body). Default [`DEFAULT_REQUEST_READ_TIMEOUT`].
    pub request_read_timeout: Duration,
    /// Connections served at once (at least 1); further ones wait, unaccepted, until one closes. Default
    /// [`DEFAULT_MAX_CONNECTIONS`].
    pub max_connections: usize,
    /// How many nonces are remembered (each for 15 minutes); when full the oldest is forgotten. At least 1.
    pub nonce_capacity: usize,
    /// How many requests the request log keeps (oldest dropped first).
    pub request_log_capacity: usize,
    /// The clock every time-dependent behaviour reads.
    pub clock: Arc<dyn Clock>,
    /// The moment the dataset is built around (certificate and domain expiry dates are relative to it); default
    /// the clock's time when the emulator is created, truncated to the second.
    pub anchor: Option<SystemTime>,
    /// The OIDC tokens `AssumeRoleWithOIDC` accepts; none by default.
    pub oidc_tokens: Vec<OidcToken>,
    /// The products and operations served (routing, parameter checks, the answers of operations without a stateful
    /// handler); default [`table::PRODUCTS`](crate::table::PRODUCTS), generated from `spec/`.
    pub products: &'static [Product],
    /// When set, every call but STS's must be signed with a key the emulator's STS issued: the long-term keys
    /// configured may only call `AssumeRole`. Off by default.
    pub only_issued_keys: bool,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            access_keys: vec![AccessKey::new(
                DEFAULT_ACCESS_KEY_ID,
                DEFAULT_ACCESS_KEY_SECRET,
            )],
            workers: DEFAULT_WORKERS,
            pace: Pace::DEFAULT,
            faults: Vec::new(),
            clock_skew: ClockSkew::ZERO,
            seed: DEFAULT_SEED,
            request_id_seed: None,
            request_read_timeout: DEFAULT_REQUEST_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            nonce_capacity: DEFAULT_NONCE_CAPACITY,
            request_log_capacity: DEFAULT_REQUEST_LOG_CAPACITY,
            clock: Arc::new(SystemClock),
            anchor: None,
            oidc_tokens: Vec::new(),
            products: crate::table::PRODUCTS,
            only_issued_keys: false,
        }
    }
}

impl EmulatorConfig {
    /// The defaults: the demo key pair, 8 workers for job 8888, default pace, no faults, no skew.
    pub fn new() -> Self {
        Self::default()
    }

    /// Listen on `addr` instead of `127.0.0.1:0`.
    pub fn with_addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Also accept this AccessKey pair.
    pub fn with_access_key(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.access_keys.push(AccessKey::new(id, secret));
        self
    }

    /// Also accept this STS pair, which must come with `security_token`, and which never expires.
    pub fn with_sts_access_key(
        mut self,
        id: impl Into<String>,
        secret: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        self.access_keys
            .push(AccessKey::sts(id, secret, security_token));
        self
    }

    /// Also accept this STS pair, which must come with `security_token`, until `expires_at` (if given; by the
    /// server's clock) and from then on is refused with `InvalidSecurityToken.Expired`.
    pub fn with_sts_key(
        self,
        id: impl Into<String>,
        secret: impl Into<String>,
        security_token: impl Into<String>,
        expires_at: Option<SystemTime>,
    ) -> Self {
        let key = AccessKey::sts(id, secret, security_token);
        self.with_key(match expires_at {
            Some(at) => key.expiring_at(at),
            None => key,
        })
    }

    /// Also accept `key` (long-term or STS).
    pub fn with_key(mut self, key: AccessKey) -> Self {
        self.access_keys.push(key);
        self
    }

    /// Accept only this pair (drops the default one): what `--access-key-id` / `--access-key-secret` do.
    pub fn with_only_access_key(
        mut self,
        id: impl Into<String>,
        secret: impl Into<String>,
    ) -> Self {
        self.access_keys = vec![AccessKey::new(id, secret)];
        self
    }

    /// Give job 8888 this many workers (capped at [`MAX_WORKERS`]; at least the sample worker).
    pub fn with_workers(mut self, workers: u64) -> Self {
        self.workers = workers;
        self
    }

    /// Set the pace of job 9001.
    pub fn with_pace(mut self, pace: Pace) -> Self {
        self.pace = pace;
        self
    }

    /// Add a fault active from the start.
    pub fn with_fault(mut self, fault: FaultSpec) -> Self {
        self.faults.push(fault);
        self
    }

    /// Set the server clock's skew.
    pub fn with_clock_skew(mut self, skew: ClockSkew) -> Self {
        self.clock_skew = skew;
        self
    }

    /// Set the dataset seed, and seed the `RequestId` sequence with it too, so two emulators given the same seed
    /// answer the same bytes (tests that compare whole answers want this).
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self.request_id_seed = Some(seed);
        self
    }

    /// Set how long a connection may take to send a request's headers, and again its body.
    pub fn with_request_read_timeout(mut self, timeout: Duration) -> Self {
        self.request_read_timeout = timeout;
        self
    }

    /// Set how many connections are served at once.
    pub fn with_max_connections(mut self, max_connections: usize) -> Self {
        self.max_connections = max_connections;
        self
    }

    /// Set how many nonces are remembered.
    pub fn with_nonce_capacity(mut self, capacity: usize) -> Self {
        self.nonce_capacity = capacity;
        self
    }

    /// Set how many requests the request log keeps.
    pub fn with_request_log_capacity(mut self, capacity: usize) -> Self {
        self.request_log_capacity = capacity;
        self
    }

    /// Read time from `clock` (e.g. a [`ManualClock`](crate::ManualClock)).
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Lets `AssumeRoleWithOIDC` accept `token` for the OIDC provider `provider_arn`
    /// (`acs:ram::<account>:oidc-provider/<name>`). Other tokens are refused with `InvalidParameter.OIDCToken`.
    pub fn with_oidc_token(
        mut self,
        provider_arn: impl Into<String>,
        token: impl Into<String>,
    ) -> Self {
        self.oidc_tokens.push(OidcToken::new(provider_arn, token));
        self
    }

    /// Accepts only keys issued by the emulator's STS for every call but STS's own: a configured long-term key can
    /// then do nothing but `AssumeRole`, so a client that works proves it signed with assumed-role credentials.
    pub fn with_only_issued_keys(mut self) -> Self {
        self.only_issued_keys = true;
        self
    }

    /// Serve `products` instead of the table generated from `spec/`: a test can serve an operation of its own,
    /// which answers its example. The stateful handlers still answer the operations they know (by product code and
    /// Action) when `products` has them. STS is served whatever the table.
    pub fn with_products(mut self, products: &'static [Product]) -> Self {
        self.products = products;
        self
    }

    /// Build the dataset around `anchor` instead of the clock's time at start.
    pub fn with_anchor(mut self, anchor: SystemTime) -> Self {
        self.anchor = Some(anchor);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        let config = EmulatorConfig::new().with_sts_access_key("STS.id", "sts-secret", "sts-token");
        let config = config.with_oidc_token("acs:ram::1:oidc-provider/p", "oidc-token-value");
        let printed = format!("{config:?}");
        assert!(!printed.contains("oidc-token-value"));
        assert!(printed.contains("alicert-demo-id"));
        assert!(!printed.contains(DEFAULT_ACCESS_KEY_SECRET));
        assert!(!printed.contains("sts-secret"));
        assert!(!printed.contains("sts-token"));
    }

    #[test]
    fn pace_parses() {
        assert_eq!("8".parse::<Pace>(), Ok(Pace::per_second(8.0)));
        assert_eq!("0.5/s".parse::<Pace>(), Ok(Pace::per_second(0.5)));
        assert_eq!("0".parse::<Pace>(), Ok(Pace::FROZEN));
        assert!("-1".parse::<Pace>().is_err());
        assert!("inf".parse::<Pace>().is_err());
        assert!("fast".parse::<Pace>().is_err());
    }
}

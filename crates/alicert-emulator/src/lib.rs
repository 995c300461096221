//! A local Alibaba Cloud endpoint for the APIs alicert covers, so clients can be tested end to end without an
//! account: "LocalStack for these Alibaba APIs". One HTTP port serves every operation of every product in alicert's
//! `spec/` (today Certificate Management Service, `cas` 2020-04-07, and ApsaraVideo VOD, `vod` 2017-03-21), and
//! STS.
//!
//! It is spec-driven: `cargo xtask generate` emits a table of the specs' operations ([`table::PRODUCTS`]) and the
//! emulator reads only that table, never the specs or `alicert-api`:
//! - **Routing** by `Version`, then `Action`: an unknown version is `InvalidVersion`, an Action the version does not
//!   have `InvalidAction.NotFound`.
//! - **Parameter checks** before any handler, in the gateway's wording: a required parameter absent or empty is
//!   `Missing<Name>`; a value that is not of its type (an integer, in range for `int32`; `true`/`false`; a number)
//!   or not one of the values the page lists is `InvalidParameter`, naming it. Parameters the spec does not know
//!   are ignored, as the service ignores them.
//! - **Answers**: the five operations of the API pages (DescribeDeploymentJob, ListDeploymentJobCert,
//!   DescribeDeploymentJobStatus, ListWorkerResource, DescribeVodDomainCertificateInfo) have stateful handlers over
//!   the seeded [`dataset`], keyed by product code and Action. Any other operation answers its spec example with a
//!   fresh `RequestId`, and with the request's own value in each top-level field named like a parameter it sent
//!   (`DomainName`), where the value fits the example's JSON type.
//!
//! [`EmulatorConfig::with_products`] serves a table of one's own instead (the types of [`table`] are built in
//! `const` context), so a test can serve an operation no spec has yet.
//!
//! It behaves like the real service where a client can tell the difference:
//! - **Authentication**: V1 (`Signature` parameter, HMAC-SHA1) and V3 (`Authorization: ACS3-HMAC-SHA256`) are
//!   verified by re-signing with alicert-core's signers; wrong signatures, unknown AccessKeys, stale timestamps,
//!   replayed nonces and wrong, malformed or expired STS tokens are refused with the real codes and messages.
//!   STS keys can be configured ([`EmulatorConfig::with_sts_key`]) or added while running
//!   ([`Emulator::add_access_key`]).
//! - **STS**: `AssumeRole` (signed) and `AssumeRoleWithOIDC` (unsigned, with a token the emulator was told to
//!   accept, [`EmulatorConfig::with_oidc_token`]) of `sts` 2015-04-01 issue keys that the emulator then accepts
//!   until they expire; [`EmulatorConfig::with_only_issued_keys`] makes every other call require such a key.
//! - **Formats**: JSON or XML as `Format` asks (XML when a V1 request names none), errors included, in Alibaba's
//!   layouts; `RequestId`s are random upper-case UUIDs, reproducible with [`EmulatorConfig::with_seed`].
//! - **Transport**: a request's headers must arrive within [`EmulatorConfig::request_read_timeout`] and at most
//!   [`EmulatorConfig::max_connections`] connections are served at once; oversized or broken requests get Alibaba's
//!   error shape (413, 414, 431, 400), not a bare status.
//! - **State**: a seeded, deterministic account (see [`dataset`]) that includes the API pages' own sample records,
//!   so the docs' examples reproduce, plus a job (9001) that progresses with the clock.
//! - **Faults**: throttling, 5xx, gateway HTML, slow answers, dropped connections, clock skew and a "newer" service
//!   with undocumented fields, each for the first K requests or a fraction (see [`FaultSpec`] for the grammar).
//! - **Observation**: [`RequestLog`] records every request (action, nonce, AccessKey ID, outcome) for assertions.
//!
//! The default AccessKey pair is [`DEFAULT_ACCESS_KEY_ID`] / [`DEFAULT_ACCESS_KEY_SECRET`].
//!
//! ```
//! use alicert_emulator::{Emulator, EmulatorConfig, FaultSpec};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let emulator = Emulator::spawn(EmulatorConfig::new()).await?;
//! assert!(emulator.url().starts_with("http://127.0.0.1:"));
//! // Throttle the next two requests, whatever they are.
//! emulator.faults().set("throttle:retry-after=200ms@first=2".parse::<FaultSpec>().unwrap());
//! // ... point a client at emulator.url() with the default key pair, then inspect emulator.requests() ...
//! assert!(emulator.requests().is_empty());
//! emulator.shutdown().await
//! # }
//! ```
//!
//! # In your own tests
//!
//! Add `alicert-emulator` to your `[dev-dependencies]` (with `tokio`'s `macros` and `rt-multi-thread`), start it
//! in a `#[tokio::test]` with the keys your code signs with, and point your code at [`RunningEmulator::url`]. The
//! repository's README ("The emulator in your own tests") and alicert-api's `emulator_in_a_test` example show
//! complete tests through alicert-api's clients; any HTTP client reaches it too:
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use alicert_emulator::{Clock as _, Emulator, EmulatorConfig, ManualClock};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // A clock the test moves, a key pair and an STS key that expires in 15 minutes by that clock, the same
//! // RequestIds on every run, and the first request throttled.
//! let clock = ManualClock::new(SystemTime::now());
//! let emulator = Emulator::spawn(
//!     EmulatorConfig::new()
//!         .with_only_access_key("test-id", "test-secret")
//!         .with_sts_key("STS.test-id", "sts-secret", "sts-token", Some(clock.now() + Duration::from_secs(900)))
//!         .with_clock(clock.clone())
//!         .with_seed(7)
//!         .with_fault("throttle@first=1".parse()?),
//! )
//! .await?;
//!
//! // An unsigned request: throttled first, then refused as Alibaba Cloud refuses it.
//! let url = format!("{}/?Action=DescribeDeploymentJob&Version=2020-04-07&Format=JSON&JobId=8888", emulator.url());
//! for _ in 0..2 {
//!     assert_eq!(reqwest::get(&url).await?.status(), 400);
//! }
//! let log = emulator.requests().snapshot();
//! assert_eq!(log[0].code.as_deref(), Some("Throttling.User"));
//! assert_eq!(log[0].faults, ["throttle"]);
//! assert_eq!(log[1].code.as_deref(), Some("MissingSignature"));
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

mod answer;
mod api;
mod auth;
mod bare;
mod clock;
mod config;
pub mod dataset;
mod error;
mod example;
mod fault;
mod handler;
mod keys;
mod limits;
mod listen;
mod log;
mod nonce;
mod request;
mod rng;
mod server;
mod sts;
pub mod table;
mod validate;
mod xml;

/// Files `cargo xtask generate` writes; never edited by hand.
#[rustfmt::skip]
#[allow(clippy::all)]
mod generated {
    pub(crate) mod operations;
}

pub use alicert_core::sign::SignatureVersion;
pub use auth::TIMESTAMP_WINDOW;
pub use clock::{
    Clock, ClockSkew, MAX_SKEW, ManualClock, ParseDurationError, SystemClock, parse_duration,
};
pub use config::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_MAX_CONNECTIONS,
    DEFAULT_NONCE_CAPACITY, DEFAULT_REQUEST_LOG_CAPACITY, DEFAULT_REQUEST_READ_TIMEOUT,
    DEFAULT_SEED, DEFAULT_WORKERS, EmulatorConfig, MAX_WORKERS, Pace, ParsePaceError,
};
pub use fault::{FaultKind, FaultParseError, FaultSpec, FaultState, Faults, Trigger};
pub use keys::{AccessKey, ParseStsExpirationError, StsExpiration};
pub use log::{RequestLog, RequestRecord};
pub use nonce::NONCE_TTL;
pub use server::{Emulator, RunningEmulator, serve};
pub use sts::OidcToken;

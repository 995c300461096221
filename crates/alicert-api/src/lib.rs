//! Typed Rust clients for Alibaba Cloud's certificate-deployment APIs: Certificate Management Service
//! ([`cas`], 2020-04-07) and ApsaraVideo VOD ([`vod`], 2017-03-21), and whatever else `spec/` holds: every product
//! is a module here and an entry of [`products::PRODUCTS`].
//!
//! The clients are generated from `spec/*.yaml` by `cargo xtask generate` (progenitor's builder interface); every
//! request they build goes through [`alicert_core`]'s runtime, which signs it (V1 by default, V3 on request), retries
//! what is safe to retry and keeps secrets out of every error and log line. Responses are forward-compatible: enums
//! keep values the docs never listed, unknown fields are ignored, and fields whose docs contradict the wire accept
//! both forms ([`wire`]).
//!
//! ```no_run
//! # async fn run() -> Result<(), alicert_api::Error> {
//! use alicert_api::{Config, Credentials};
//!
//! let config = Config::builder()
//!     .region("cn-hangzhou")
//!     .credentials(Credentials::new("LTAI...", "secret"))
//!     .build()?;
//! let cas = alicert_api::cas::Client::from_config(&config)?;
//! let job = cas.describe_deployment_job().job_id(8888).send().await?;
//! println!("{:?} is {:?}", job.name, job.status);
//! # Ok(())
//! # }
//! ```
//!
//! Where to go next:
//! - [`Config::builder`] and [`Config::from_env`] / [`ConfigLoader`] (the environment, read as the `alicert` CLI
//!   and Alibaba's own tools read it), [`ConfigBuilder::http_client`] for a `reqwest::Client` of your own;
//! - [`cas::Client::from_config`], [`cas::Client::workers`] ([`paginate`]) and
//!   [`cas::Client::wait_for_deployment_job`] ([`waiter`]);
//! - the examples in `crates/alicert-api/examples/` (`first_call`, `paging`, `waiter`, `custom_client`,
//!   `emulator_in_a_test`), each of which runs against an in-process emulator with no argument:
//!   `cargo run -p alicert-api --example first_call`;
//! - for your own tests, the `alicert-emulator` crate as a dev-dependency: the README's "The emulator in your own
//!   tests" has a complete `#[tokio::test]`.
#![warn(missing_docs)]

// The generator names our own types by absolute path (typify's `x-rust-type`), so the crate must answer to its name.
extern crate self as alicert_api;

pub mod catalog;
mod config;
mod loader;
pub mod paginate;
#[rustfmt::skip]
pub mod products;
pub mod rate_limit;
mod seam;
// One module per product of `spec/` (`cas`, `vod`, ...), generated, re-exported here.
#[rustfmt::skip]
mod services;
pub use services::*;
pub mod waiter;
pub mod wire;

pub use alicert_core::credentials::{Credentials, DefaultChain, ProvideCredentials};
pub use alicert_core::error::{Error, ErrorCategory};
pub use alicert_core::runtime::{RetryPolicy, Runtime, Timeouts};
pub use alicert_core::sign::SignatureVersion;
pub use config::{Config, ConfigBuilder};
pub use loader::{ConfigLoader, RegionSource};

// The README's example compiles as a doctest, so it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

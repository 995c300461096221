//! ApsaraVideo VOD (`vod`, API version 2017-03-21): the certificate on an accelerated domain. Generated from
//! `spec/vod-2017-03-21.yaml`; start with [`Client::from_config`]. The service answers in China (Shanghai) only.

#[rustfmt::skip]
#[allow(missing_docs, unused_imports, clippy::all, rustdoc::all)]
mod generated;

pub use generated::*;

crate::seam::client_from_config!("vod");

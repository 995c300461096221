//! Certificate Management Service (`cas`, API version 2020-04-07): deployment jobs, their certificates, their
//! progress counts and their worker tasks. Generated from `spec/cas-2020-04-07.yaml`; start with
//! [`Client::from_config`].

#[rustfmt::skip]
#[allow(missing_docs, unused_imports, clippy::all, rustdoc::all)]
mod generated;

pub use generated::*;

crate::seam::client_from_config!("cas");

//! The emulator's integration tests, in one binary (faster to build on two cores): each module speaks real HTTP on
//! loopback to a spawned emulator, signing with alicert-core's signers through [`support`].

mod auth;
mod consistency;
mod faults;
mod formats;
mod interop;
mod load;
mod paging;
mod samples;
mod spec_driven;
mod sts;
mod sts_interop;
mod support;
mod transport;

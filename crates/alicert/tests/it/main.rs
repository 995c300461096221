//! The `alicert` command line, tested as people and scripts use it: the real binary, run as a child process against
//! an emulator this test process serves, with a clean environment. One test binary (this one) keeps linking cheap.

mod completions;
mod demo;
mod docs;
mod durations;
mod emulator;
#[cfg(unix)]
mod environment;
mod errors;
mod json_errors;
mod layering;
mod ops;
mod regions;
mod support;
mod tidy;
mod views;

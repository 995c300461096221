//! Integration tests of the generated clients, in one binary (faster to build on two cores).

mod bodies;
mod decoding;
mod e2e;
mod harness;
mod limits;
mod loader;
mod official_endpoints;
mod paging;
mod props;
mod rate_limit;
mod redirects;
mod retries;
mod seam;
mod secrets;
mod support;
mod timeouts;
mod user_test;
mod waiting;

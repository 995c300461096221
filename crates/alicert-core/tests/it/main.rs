//! alicert-core's integration tests, in one binary so the two-core machine links once: the signature known-answer
//! vectors (`tests/vectors/`), a live comparison with the official Python SDK, property tests, and error behaviour
//! that needs a real transport failure, and the credential providers.

mod credentials;
mod errors;
mod live_python;
mod props;
mod vectors;

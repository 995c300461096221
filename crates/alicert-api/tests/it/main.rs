//! Integration tests of the generated clients, in one binary (faster to build on two cores).

mod decoding;
mod support;

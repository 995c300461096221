//! Integration tests of the credential providers, against real files in a temporary directory and a real HTTP
//! server on loopback playing the ECS metadata service. They live in their own test binary, next to the crate's
//! main one, so that the two halves of alicert-core could be written side by side; nothing here touches the process
//! environment (every provider gets an injected lookup) or the user's home directory.

mod support;

mod chain;
mod cli_profile;
mod credentials_file;
mod ecs;
mod imds;
mod redaction;

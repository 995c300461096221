//! Integration tests of the credential providers, against real files in a temporary directory and a real HTTP
//! server on loopback playing the ECS metadata service, and the emulator's STS for the providers that assume roles. Nothing here touches the process environment (every
//! provider gets an injected lookup) or the user's home directory.

mod sts_support;
mod support;

mod assume_role;
mod chain;
mod cli_profile;
mod credentials_file;
mod ecs;
mod ecs_and_uri;
mod hostile_files;
mod imds;
mod oidc;
mod redaction;

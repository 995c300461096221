//! Integration tests of the credential providers, against real files in a temporary directory and a real HTTP
//! server on loopback playing the ECS metadata service. Nothing here touches the process environment (every
//! provider gets an injected lookup) or the user's home directory.

mod support;

mod chain;
mod cli_profile;
mod credentials_file;
mod ecs;
mod hostile_files;
mod imds;
mod redaction;

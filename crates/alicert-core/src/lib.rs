//! The handwritten heart of alicert: how a request to Alibaba Cloud's RPC APIs is signed, whose credentials sign it,
//! where it goes and what a failure means. It knows nothing of the generated clients; they plug it in through
//! progenitor's `ClientHooks`.
//!
//! - [`sign`]: signature V1 (HMAC-SHA1, the default) and V3 (`ACS3-HMAC-SHA256`), as pure functions of the request,
//!   the secret, the time and the nonce.
//! - [`encode`]: the RFC 3986 percent-encoding both signatures canonicalise with.
//! - [`credentials`]: AccessKey pairs, STS tokens, and the providers that find them.
//! - [`endpoint`]: region to endpoint, as the official SDK's maps resolve it.
//! - [`error`]: the one public error type for a failed call.
#![warn(missing_docs)]

pub mod credentials;
pub mod encode;
pub mod endpoint;
pub mod error;
mod progenitor;
pub mod runtime;
pub mod secret;
pub mod sign;
pub mod time;

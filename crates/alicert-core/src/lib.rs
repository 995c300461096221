//! The handwritten heart of alicert: how a request to Alibaba Cloud's RPC APIs is signed, whose credentials sign it,
//! where it goes and what a failure means. It knows nothing of the generated clients: their builders hand
//! [`runtime::Runtime::call`] an operation and its [`params::Params`], and get a decoded answer or an [`error::Error`].
//!
//! - [`sign`]: signature V1 (HMAC-SHA1, the default) and V3 (`ACS3-HMAC-SHA256`), as pure functions of the request,
//!   the secret, the time and the nonce.
//! - [`encode`]: the RFC 3986 percent-encoding both signatures canonicalise with.
//! - [`credentials`]: AccessKey pairs, STS tokens, and the providers that find them.
//! - [`endpoint`]: region to endpoint, as the official SDK's maps resolve it.
//! - [`error`]: the one public error type for a failed call.
//! - [`params`]: a call's business parameters as ordered pairs, flattened from typed values as RPC spells them.
//! - [`runtime`]: what every generated call goes through: sign each attempt, send, retry what is safe, time out.
//! - [`decode`]: a success body decoded once, an error naming the JSON path that did not match.
//! - [`secret`] and [`time`]: a string that never prints, and the ISO 8601 timestamps both signatures carry.
//!
//! Alibaba's published V1 example, signed by the pure function:
//!
//! ```
//! use alicert_core::sign::v1;
//!
//! let params = [
//!     ("AccessKeyId", "testid"),
//!     ("Action", "DescribeRegions"),
//!     ("Format", "XML"),
//!     ("SignatureMethod", "HMAC-SHA1"),
//!     ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
//!     ("SignatureVersion", "1.0"),
//!     ("Timestamp", "2016-02-23T12:46:24Z"),
//!     ("Version", "2014-05-26"),
//! ];
//! let stages = v1::sign("GET", &params, "testsecret");
//! assert!(stages.string_to_sign.starts_with("GET&%2F&AccessKeyId%3Dtestid"));
//! assert_eq!(stages.signature, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
//! ```
#![warn(missing_docs)]

pub mod credentials;
pub mod decode;
pub mod duration;
pub mod encode;
pub mod endpoint;
pub mod error;
pub mod params;
mod redact;
pub mod runtime;
pub mod secret;
pub mod sign;
pub mod time;

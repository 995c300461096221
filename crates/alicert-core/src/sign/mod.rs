//! Request signing for Alibaba Cloud's RPC APIs, as pure functions: the caller supplies the method, the parameters or
//! headers, the secret, the time and the nonce, and gets back every intermediate stage as well as the signature.
//! Nothing here reads the clock, and only [`new_nonce`] draws randomness, so every known-answer vector reproduces
//! exactly and a verifier (the emulator) can re-sign what it received with the same code.
//!
//! - [`v1`]: signature version 1.0, `HMAC-SHA1` over the sorted, percent-encoded parameters (the official SDKs'
//!   `signature_algorithm='v2'`).
//! - [`v3`]: `ACS3-HMAC-SHA256` over a canonical request with signed headers (the official SDKs' default).

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

pub mod v1;
pub mod v3;

/// Which of Alibaba Cloud's RPC signature schemes a request is signed with.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SignatureVersion {
    /// Signature version 1.0: `HMAC-SHA1` over the sorted query, signature in the `Signature` parameter.
    #[default]
    V1,
    /// `ACS3-HMAC-SHA256`: canonical request with signed headers, signature in the `Authorization` header.
    V3,
}

impl SignatureVersion {
    /// The lowercase name, `"v1"` or `"v3"`, as [`Display`](fmt::Display) writes and [`FromStr`] reads it.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureVersion::V1 => "v1",
            SignatureVersion::V3 => "v3",
        }
    }
}

impl fmt::Display for SignatureVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text given to [`SignatureVersion::from_str`] was neither `v1` nor `v3`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseSignatureVersionError {
    input: String,
}

impl fmt::Display for ParseSignatureVersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown signature version {:?}: expected \"v1\" or \"v3\"",
            self.input
        )
    }
}

impl std::error::Error for ParseSignatureVersionError {}

impl FromStr for SignatureVersion {
    type Err = ParseSignatureVersionError;

    /// Reads `"v1"` or `"v3"`, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("v1") {
            Ok(SignatureVersion::V1)
        } else if s.eq_ignore_ascii_case("v3") {
            Ok(SignatureVersion::V3)
        } else {
            Err(ParseSignatureVersionError {
                input: s.chars().take(40).collect(),
            })
        }
    }
}

/// A fresh nonce: 32 lowercase hex characters (128 random bits) from the operating system's generator.
///
/// This is the only place the signing layer draws randomness; the signers take the nonce as an argument. Each thread
/// reads the generator once per 32 nonces rather than making a system call per nonce, and hands every
/// byte it read out once. The clock (in nanoseconds) is folded in as well, so that a process forked with part of a
/// pool still unused does not give its child's requests the parent's next nonces. Should the operating system's
/// generator fail (it does not on supported platforms), the nonce falls back to a hash of the clock, the process id
/// and a counter: a nonce needs to be unique within 15 minutes, not secret.
pub fn new_nonce() -> String {
    let mut bytes = pooled_random_bytes()
        .or_else(|| {
            let mut bytes = [0_u8; NONCE_BYTES];
            getrandom::fill(&mut bytes).ok().map(|()| bytes)
        })
        .unwrap_or_else(fallback_nonce_bytes);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    // Random bytes XOR anything independent of them are still uniformly random: this costs no unpredictability.
    for (byte, clock) in bytes.iter_mut().zip(nanos.to_le_bytes()) {
        *byte ^= clock;
    }
    let mut out = String::with_capacity(2 * NONCE_BYTES);
    push_hex_lower(&bytes, &mut out);
    out
}

const NONCE_BYTES: usize = 16;

/// How many nonces one read of the operating system's generator provides, per thread.
const POOL_NONCES: usize = 32;

/// Random bytes read ahead from the operating system; `next` is where the unused ones start.
struct NoncePool {
    bytes: [u8; NONCE_BYTES * POOL_NONCES],
    next: usize,
}

thread_local! {
    static NONCE_POOL: std::cell::RefCell<NoncePool> = const {
        std::cell::RefCell::new(NoncePool {
            bytes: [0; NONCE_BYTES * POOL_NONCES],
            next: NONCE_BYTES * POOL_NONCES,
        })
    };
}

/// The next unused 16 bytes of this thread's pool, refilling it when it is spent; `None` when the generator fails
/// (or the thread is being torn down).
fn pooled_random_bytes() -> Option<[u8; NONCE_BYTES]> {
    NONCE_POOL
        .try_with(|pool| {
            let mut pool = pool.try_borrow_mut().ok()?;
            if pool.next + NONCE_BYTES > pool.bytes.len() {
                getrandom::fill(&mut pool.bytes).ok()?;
                pool.next = 0;
            }
            let start = pool.next;
            let taken = pool.bytes.get_mut(start..start + NONCE_BYTES)?;
            let mut bytes = [0_u8; NONCE_BYTES];
            bytes.copy_from_slice(taken);
            // A nonce once handed out is not kept around.
            taken.fill(0);
            pool.next = start + NONCE_BYTES;
            Some(bytes)
        })
        .ok()
        .flatten()
}

fn fallback_nonce_bytes() -> [u8; 16] {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = Sha256::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    hasher.update(now.as_nanos().to_le_bytes());
    hasher.update(std::process::id().to_le_bytes());
    hasher.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    hasher.update(format!("{:?}", std::thread::current().id()).as_bytes());
    let digest = hasher.finalize();
    let mut bytes = [0_u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes
}

/// Appends `bytes` as lowercase hex.
pub(crate) fn push_hex_lower(bytes: &[u8], out: &mut String) {
    const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for &byte in bytes {
        out.push(char::from(HEX_LOWER[usize::from(byte >> 4)]));
        out.push(char::from(HEX_LOWER[usize::from(byte & 0x0f)]));
    }
}

/// How many pairs are sorted on the stack; longer requests use the heap.
const STACK_PAIRS: usize = 32;

static EMPTY_PAIR: (&str, &str) = ("", "");

/// A pair with the first 8 bytes of its name, big-endian, zero-padded: when two keys differ they order the names as
/// their bytes do, so most comparisons are one integer compare instead of a `memcmp`.
pub(crate) type Keyed<'a> = (u64, &'a (&'a str, &'a str));

fn name_prefix(name: &str) -> u64 {
    let bytes = name.as_bytes();
    if let Some(first) = bytes.first_chunk::<8>() {
        return u64::from_be_bytes(*first);
    }
    // Shifted in register by register: a byte-wise copy into a buffer compiles to `memcpy` followed by a wide reload
    // that stalls, which cost more than the whole sort.
    bytes.iter().enumerate().fold(0, |prefix, (index, &byte)| {
        prefix | u64::from(byte) << (56 - 8 * index)
    })
}

fn compare_keyed(left: &Keyed<'_>, right: &Keyed<'_>) -> std::cmp::Ordering {
    let ((left_name, left_value), (right_name, right_value)) = (left.1, right.1);
    left.0.cmp(&right.0).then_with(|| {
        left_name
            .as_bytes()
            .cmp(right_name.as_bytes())
            .then_with(|| left_value.as_bytes().cmp(right_value.as_bytes()))
    })
}

/// Calls `visit` with the (name, value) pairs ordered by the bytes of the name, then of the value, as both signatures
/// canonicalise.
///
/// Byte order of UTF-8 is code point order, which is what the official SDKs' sort gives: uppercase before lowercase,
/// `Tag.10` before `Tag.2`. Sorting by value too makes the result independent of the input order even when a name
/// repeats. Signing is a hot path, so typical requests are sorted on the stack.
pub(crate) fn with_sorted_pairs<'a, R>(
    pairs: &'a [(&'a str, &'a str)],
    visit: impl FnOnce(&[Keyed<'a>]) -> R,
) -> R {
    let key = |pair: &'a (&'a str, &'a str)| (name_prefix(pair.0), pair);
    if pairs.len() <= 1 {
        // Nothing to sort (a typical call has one business parameter): no buffer to fill either.
        return visit(pairs.first().map(key).as_slice());
    }
    if pairs.len() <= STACK_PAIRS {
        let mut keyed: [Keyed<'a>; STACK_PAIRS] = [(0, &EMPTY_PAIR); STACK_PAIRS];
        for (slot, pair) in keyed.iter_mut().zip(pairs) {
            *slot = key(pair);
        }
        let keyed = &mut keyed[..pairs.len()];
        keyed.sort_unstable_by(compare_keyed);
        visit(keyed)
    } else {
        let mut keyed: Vec<Keyed<'a>> = pairs.iter().map(key).collect();
        keyed.sort_unstable_by(compare_keyed);
        visit(&keyed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_version_round_trips() {
        for version in [SignatureVersion::V1, SignatureVersion::V3] {
            assert_eq!(version.to_string().parse::<SignatureVersion>(), Ok(version));
        }
        assert_eq!("V3".parse::<SignatureVersion>(), Ok(SignatureVersion::V3));
        assert_eq!(SignatureVersion::default(), SignatureVersion::V1);
        let error = "v2".parse::<SignatureVersion>().unwrap_err();
        assert!(error.to_string().contains("\"v2\""), "{error}");
    }

    #[test]
    fn nonces_are_32_lowercase_hex_and_differ() {
        let first = new_nonce();
        let second = new_nonce();
        assert_eq!(first.len(), 32);
        assert!(
            first
                .bytes()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f')),
            "{first}"
        );
        assert_ne!(first, second);
        let fallback = fallback_nonce_bytes();
        assert_ne!(fallback, fallback_nonce_bytes());
    }

    #[test]
    fn nonces_stay_unique_across_pool_refills_and_threads() {
        let threads: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    (0..10 * POOL_NONCES)
                        .map(|_| new_nonce())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all = std::collections::HashSet::new();
        for thread in threads {
            for nonce in thread.join().unwrap() {
                assert_eq!(nonce.len(), 32);
                assert!(all.insert(nonce), "a nonce repeated");
            }
        }
        assert_eq!(all.len(), 4 * 10 * POOL_NONCES);
    }

    fn sorted<'a>(pairs: &'a [(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        with_sorted_pairs(pairs, |keyed| {
            keyed.iter().map(|(_, pair)| **pair).collect()
        })
    }

    #[test]
    fn sorts_by_bytes_then_value() {
        let pairs = [
            ("a", "1"),
            ("Tag.2", "x"),
            ("B", "2"),
            ("Tag.10", "y"),
            ("a", "0"),
        ];
        assert_eq!(
            sorted(&pairs),
            [
                ("B", "2"),
                ("Tag.10", "y"),
                ("Tag.2", "x"),
                ("a", "0"),
                ("a", "1")
            ]
        );
    }

    #[test]
    fn long_shared_prefixes_and_nul_bytes_sort_by_bytes() {
        let pairs = [
            ("SignatureVersion", ""),
            ("SignatureNonce", ""),
            ("Signature", ""),
            ("Signatur", ""),
            ("a\0", ""),
            ("a", ""),
            ("a\0\0\0\0\0\0\0\0", ""),
            ("\u{10ffff}", ""),
            ("é", ""),
        ];
        let mut expected: Vec<(&str, &str)> = pairs.to_vec();
        expected.sort_by(|left, right| left.0.as_bytes().cmp(right.0.as_bytes()));
        assert_eq!(sorted(&pairs), expected);
    }

    #[test]
    fn many_pairs_sort_on_the_heap_the_same_way() {
        let names: Vec<String> = (0..100)
            .rev()
            .map(|index| format!("Tag.{index}.Key"))
            .collect();
        let pairs: Vec<(&str, &str)> = names.iter().map(|name| (name.as_str(), "v")).collect();
        let mut expected = pairs.clone();
        expected.sort();
        assert_eq!(sorted(&pairs), expected);
        assert_eq!(sorted(&pairs[..STACK_PAIRS]).len(), STACK_PAIRS);
    }
}

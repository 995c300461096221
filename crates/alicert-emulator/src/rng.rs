//! The emulator's only source of variety: splitmix64, a tiny, well-mixed hash of a 64-bit state. Everything that
//! looks random in the dataset (regions, resource ids, which workers of the progressing job fail) is a pure function
//! of the configured seed and the record's coordinates, so two emulators with the same seed serve the same bytes and
//! a worker can be generated on demand from its index without storing it. `RequestId`s come from the same hash
//! over a counter, keyed by a random draw unless a seed is configured: unique like the service's, reproducible
//! when a test asks.

use std::sync::atomic::{AtomicU64, Ordering};

/// One splitmix64 step: a bijective, well-mixed hash of `state`.
pub(crate) fn splitmix64(state: u64) -> u64 {
    let mut z = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes the seed together with a record's coordinates (job id, worker index, a field tag...).
pub(crate) fn mix(seed: u64, parts: &[u64]) -> u64 {
    parts.iter().fold(splitmix64(seed), |state, part| {
        splitmix64(state ^ part.wrapping_mul(0xA24B_AED4_963E_E407))
    })
}

/// A value in `0..bound` (`0` when `bound` is 0) drawn from `hash`.
pub(crate) fn below(hash: u64, bound: u64) -> u64 {
    if bound == 0 { 0 } else { hash % bound }
}

/// The `RequestId` sequence of one emulator.
#[derive(Debug)]
pub(crate) struct RequestIds {
    key: u64,
    next: AtomicU64,
}

impl RequestIds {
    /// Keyed by `seed`, or by 64 random bits when there is none (a clock-derived key if the OS has no randomness
    /// to give, which still differs between runs).
    pub fn new(seed: Option<u64>) -> Self {
        let key = seed.unwrap_or_else(|| {
            let mut bytes = [0_u8; 8];
            match getrandom::fill(&mut bytes) {
                Ok(()) => u64::from_le_bytes(bytes),
                Err(_) => std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |since| since.as_nanos() as u64),
            }
        });
        Self {
            key,
            next: AtomicU64::new(0),
        }
    }

    /// The next ID, shaped like the service's: an upper-case version-4 UUID (`F2ACDE38-1A2B-4C3D-9E8F-...`).
    /// Both halves hash the counter under the key: 122 bits that do not repeat in practice, within a run or
    /// across runs.
    pub fn next(&self) -> String {
        let number = self.next.fetch_add(1, Ordering::Relaxed);
        let high = mix(self.key, &[number]);
        let low = mix(self.key, &[number, 0x005E_ED2D]);
        let high = (high & !0xF000) | 0x4000;
        let low = (low & !(0b11 << 62)) | (0b10 << 62);
        let hex = format!("{high:016X}{low:016X}");
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_known_values() {
        // First outputs of the reference generator seeded with 0 (state advanced by the golden gamma each step).
        assert_eq!(splitmix64(0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix64(0x9E37_79B9_7F4A_7C15), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn mix_depends_on_every_part_and_the_seed() {
        let base = mix(1, &[2, 3]);
        assert_ne!(base, mix(2, &[2, 3]));
        assert_ne!(base, mix(1, &[3, 2]));
        assert_ne!(base, mix(1, &[2, 3, 0]));
        assert_eq!(base, mix(1, &[2, 3]));
        assert_eq!(below(base, 0), 0);
        assert!(below(base, 7) < 7);
    }

    #[test]
    fn request_ids_are_uuids_unique_per_run_and_reproducible_with_a_seed() {
        let ids = RequestIds::new(Some(1));
        let first = ids.next();
        assert_eq!(first.len(), 36);
        assert_eq!(first.matches('-').count(), 4);
        assert_eq!(&first[14..15], "4", "{first}");
        assert!(matches!(&first[19..20], "8" | "9" | "A" | "B"), "{first}");
        assert_eq!(first, first.to_ascii_uppercase());
        assert_ne!(first, ids.next());
        assert_eq!(first, RequestIds::new(Some(1)).next());
        assert_ne!(RequestIds::new(None).next(), RequestIds::new(None).next());
    }
}

//! The emulator's only source of variety: splitmix64, a tiny, well-mixed hash of a 64-bit state. Everything that
//! looks random in the dataset (regions, resource ids, which workers of the progressing job fail) is a pure function
//! of the configured seed and the record's coordinates, so two emulators with the same seed serve the same bytes and
//! a worker can be generated on demand from its index without storing it.

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
}

//! The hash of the name indexes (`ACTION_HASH`, `SERVICE_HASH`): parsing
//! `chime:CreateMeeting` is one hash and a probe or two, where two binary
//! searches compare a dozen names.
//!
//! This file is the one definition: the generator compiles it too
//! (`#[path]` in `xtask/src/codegen/hash.rs`), so the tables it writes and
//! the lookups here cannot disagree. It uses nothing of the crate.

/// The empty slot.
pub(crate) const EMPTY: u16 = u16::MAX;

/// A hash that ignores ASCII case: 8 bytes at a time, each byte with bit
/// 5 set (which folds `A`–`Z` onto `a`–`z`; it also folds a few
/// punctuation pairs together, harmless since a probe compares the whole
/// name). Multiplicative (the FxHash constant), so the table index is the
/// top bits.
#[inline]
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ (word | FOLD)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut tail = [0u8; 8];
        tail[..rest.len()].copy_from_slice(rest);
        let word = u64::from_le_bytes(tail) | (FOLD >> (8 * (8 - rest.len())));
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    h
}

/// The first slot of a probe sequence (linear probing: then the next, and
/// so on, wrapping) in a table of `1 << bits` slots; slot 0 of a table of
/// one.
#[inline]
pub(crate) fn first_slot(hash: u64, bits: u32) -> usize {
    hash.checked_shr(64 - bits).unwrap_or(0) as usize
}

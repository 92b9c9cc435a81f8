//! The name indexes of the crate: open-addressed tables of row numbers,
//! built with the crate's own hash (its source file, compiled here too, so
//! the generator and the lookups cannot disagree).

use anyhow::{Result, bail};

#[path = "../../../src/name_hash.rs"]
mod name_hash;

use name_hash::{EMPTY, first_slot, hash};

/// The number of slots' bits: at least twice as many slots as names.
fn slot_bits(names: usize) -> u32 {
    let mut bits = 4;
    while (1usize << bits) < names * 2 {
        bits += 1;
    }
    bits
}

/// The table for `names` (row `i` is `names[i]`): each row in the first
/// empty slot of its probe sequence, rows in order, so the same names give
/// the same bytes.
pub fn index(what: &str, names: &[String]) -> Result<Vec<u16>> {
    if names.len() >= EMPTY as usize {
        bail!(
            "{} {what}: the name index needs a row number below {EMPTY}; widen it in src/name_hash.rs",
            names.len()
        );
    }
    let bits = slot_bits(names.len());
    let mask = (1usize << bits) - 1;
    let mut slots = vec![EMPTY; 1 << bits];
    for (row, name) in names.iter().enumerate() {
        let mut slot = first_slot(hash(name.as_bytes()), bits);
        while slots[slot] != EMPTY {
            slot = (slot + 1) & mask;
        }
        slots[slot] = row as u16;
    }
    Ok(slots)
}

//! Injected randomness: key material, IVs, ids and tokens all come from a [`RandomSource`], so a
//! seeded source makes the whole reference replay bit for bit.

use std::convert::Infallible;
use std::fmt;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// A source of cryptographically strong random bytes.
pub trait RandomSource: Send + Sync + fmt::Debug {
    /// Fills `buf` with random bytes.
    fn fill(&self, buf: &mut [u8]);
}

/// The operating system's generator.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&self, buf: &mut [u8]) {
        if getrandom::fill(buf).is_err() {
            // Without an entropy source no key, IV or token can be made safely; continuing
            // would hand out predictable secrets. Stopping is the only safe answer.
            std::process::abort();
        }
    }
}

/// A deterministic generator for tests, scenarios and fuzzing: SHA-256 in counter mode over a
/// seed. Not for production secrets.
#[derive(Debug)]
pub struct SeededRandom {
    state: Mutex<(u64, [u8; 32])>,
}

impl SeededRandom {
    /// A generator whose whole output is determined by `seed`.
    pub fn new(seed: u64) -> SeededRandom {
        let key: [u8; 32] = Sha256::digest(seed.to_le_bytes()).into();
        SeededRandom {
            state: Mutex::new((0, key)),
        }
    }
}

impl RandomSource for SeededRandom {
    fn fill(&self, buf: &mut [u8]) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        for chunk in buf.chunks_mut(32) {
            let (counter, key) = &mut *state;
            let mut h = Sha256::new();
            h.update(*key);
            h.update(counter.to_le_bytes());
            *counter = counter.wrapping_add(1);
            let block: [u8; 32] = h.finalize().into();
            for (dst, src) in chunk.iter_mut().zip(block.iter()) {
                *dst = *src;
            }
        }
    }
}

/// Random bytes as a fixed-size array.
pub(crate) fn random_array<const N: usize>(rng: &dyn RandomSource) -> [u8; N] {
    let mut out = [0u8; N];
    rng.fill(&mut out);
    out
}

/// A lowercase UUIDv4 (the form of KeyId, KeyVersionId and RequestId).
pub(crate) fn uuid_v4(rng: &dyn RandomSource) -> String {
    let mut b: [u8; 16] = random_array(rng);
    if let Some(v) = b.get_mut(6) {
        *v = (*v & 0x0f) | 0x40;
    }
    if let Some(v) = b.get_mut(8) {
        *v = (*v & 0x3f) | 0x80;
    }
    let mut out = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        // Two table look-ups: `write!` with a format costs ten times as much per call.
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for nibble in [x >> 4, x & 0x0f] {
            out.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

/// Adapts a [`RandomSource`] to the `rand_core` traits that the `rsa` crate needs.
pub(crate) struct RngAdapter<'a>(pub(crate) &'a dyn RandomSource);

impl rand_core::TryRng for RngAdapter<'_> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(u32::from_le_bytes(random_array(self.0)))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(u64::from_le_bytes(random_array(self.0)))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.0.fill(dst);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for RngAdapter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_source_replays() {
        let a = SeededRandom::new(7);
        let b = SeededRandom::new(7);
        let (mut x, mut y) = ([0u8; 70], [0u8; 70]);
        a.fill(&mut x);
        b.fill(&mut y);
        assert_eq!(x, y);
        let c = SeededRandom::new(8);
        c.fill(&mut y);
        assert_ne!(x, y);
    }

    #[test]
    fn uuids_are_version_4() {
        let id = uuid_v4(&SeededRandom::new(1));
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
        assert!(matches!(id.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
        assert_eq!(id, id.to_lowercase());
    }
}

//! Journal entries at rest: AES-256-GCM under the master key, bound to their sequence number
//! so an entry cannot be moved to another place in the journal unnoticed.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use kms_reference::{OsRandom, RandomSource as _};

use super::master_key::MasterKey;

/// Length of the random nonce that starts a sealed entry.
const NONCE_LEN: usize = 12;

/// What the authentication covers besides the entry: the format and the entry's place.
fn aad(seq: u64) -> Vec<u8> {
    let mut aad = b"kmsconf journal v1 ".to_vec();
    aad.extend_from_slice(&seq.to_be_bytes());
    aad
}

/// `nonce || ciphertext || tag` of `plain`, entry number `seq`.
pub(super) fn seal(key: &MasterKey, seq: u64, plain: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    OsRandom.fill(&mut nonce);
    let cipher = Aes256Gcm::new(&(*key.bytes()).into());
    let aad = aad(seq);
    // Encryption fails only for inputs over 64 GiB, which no entry comes near.
    let sealed = cipher
        .encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: plain,
                aad: &aad,
            },
        )
        .unwrap_or_default();
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    out
}

/// The entry sealed as number `seq`, or why it cannot be read.
pub(super) fn open(key: &MasterKey, seq: u64, sealed: &[u8]) -> Result<Vec<u8>, &'static str> {
    if sealed.len() < NONCE_LEN {
        return Err("truncated");
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| "truncated")?;
    let cipher = Aes256Gcm::new(&(*key.bytes()).into());
    cipher
        .decrypt(
            &Nonce::from(nonce),
            Payload {
                msg: body,
                aad: &aad(seq),
            },
        )
        .map_err(|_| "it does not authenticate under this store's master key (another key, or a changed entry)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_opens_only_at_its_place_and_unchanged() {
        let key = MasterKey::from_bytes([7; 32]);
        let sealed = seal(&key, 3, b"entry");
        assert_eq!(open(&key, 3, &sealed).as_deref(), Ok(&b"entry"[..]));
        assert!(open(&key, 4, &sealed).is_err(), "moved");
        let mut changed = sealed.clone();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        assert!(open(&key, 3, &changed).is_err(), "changed");
        assert!(
            open(&MasterKey::from_bytes([8; 32]), 3, &sealed).is_err(),
            "other key"
        );
        assert!(open(&key, 3, &sealed[..5]).is_err(), "truncated");
        assert!(
            !sealed.windows(5).any(|w| w == b"entry"),
            "sealed, not copied"
        );
    }
}

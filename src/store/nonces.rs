//! The signature nonces a durable server accepted (docs/spec/decisions.md D-506): queued, and
//! written in the journal's next commit, the one that makes the entry of the call they carry
//! durable before that call is answered.

use redb::{
    ReadableDatabase as _, ReadableTable as _, ReadableTableMetadata as _, TableDefinition,
};

use kms_reference::gateway::{AcceptedNonce, NonceLog};

use super::{DurableStore, StoreError};

/// (AccessKeyId, nonce) → (signed at, accepted at), seconds since the epoch. Neither is a
/// secret, so they are not sealed.
const NONCES: TableDefinition<(&str, &str), (i64, i64)> = TableDefinition::new("nonces");

impl DurableStore {
    /// The nonces accepted at or after `since`, after removing the older ones for good.
    pub fn accepted_nonces(&self, since: i64) -> Result<Vec<AcceptedNonce>, StoreError> {
        let write = self.db.begin_write().map_err(|e| self.err(e))?;
        let mut kept = Vec::new();
        {
            let mut table = write.open_table(NONCES).map_err(|e| self.err(e))?;
            table
                .retain(|_, (_, accepted_at)| accepted_at >= since)
                .map_err(|e| self.err(e))?;
            for row in table.iter().map_err(|e| self.err(e))? {
                let (key, value) = row.map_err(|e| self.err(e))?;
                let (access_key_id, nonce) = key.value();
                let (signed_at, accepted_at) = value.value();
                kept.push(AcceptedNonce {
                    access_key_id: access_key_id.to_owned(),
                    nonce: nonce.to_owned(),
                    signed_at,
                    accepted_at,
                });
            }
        }
        write.commit().map_err(|e| self.err(e))?;
        Ok(kept)
    }

    /// How many nonces the store holds (for tests).
    pub fn nonce_count(&self) -> Result<u64, StoreError> {
        let read = self.db.begin_read().map_err(|e| self.err(e))?;
        match read.open_table(NONCES) {
            Ok(table) => table.len().map_err(|e| self.err(e)),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(0),
            Err(e) => Err(self.err(e)),
        }
    }
}

/// Writes `nonces` in the transaction `write` (the journal's next commit).
pub(super) fn insert(
    write: &redb::WriteTransaction,
    nonces: &[AcceptedNonce],
) -> Result<(), redb::Error> {
    if nonces.is_empty() {
        return Ok(());
    }
    let mut table = write.open_table(NONCES)?;
    for nonce in nonces {
        table.insert(
            (nonce.access_key_id.as_str(), nonce.nonce.as_str()),
            (nonce.signed_at, nonce.accepted_at),
        )?;
    }
    Ok(())
}

impl NonceLog for DurableStore {
    /// Queued for the journal's next commit: the one that makes the entry of the call this
    /// nonce carries durable, before that call is answered.
    fn record(&self, nonce: &AcceptedNonce) {
        self.lock_queue().nonces.push(nonce.clone());
    }
}

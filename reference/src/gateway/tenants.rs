//! Accounts ("tenants") behind one gateway, found by the AccessKey a request is signed with.
//! Test isolation gives every scenario an account of its own, so there may be thousands: an
//! index from AccessKeyId to account keeps the lookup from asking every one.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use crate::error::{ErrorCode, KmsError};
use crate::service::{Credential, Kms};

/// The default account and the accounts added for isolation.
#[derive(Debug)]
pub(crate) struct Tenants {
    default: Arc<Kms>,
    added: RwLock<Vec<Arc<Kms>>>,
    /// AccessKeyId → index into `default` (0) and `added` (1..). A cache: AccessKeys are made
    /// and deleted inside the accounts, so a hit is confirmed with the account and a miss
    /// falls back to asking every account.
    index: RwLock<BTreeMap<String, usize>>,
}

impl Tenants {
    pub(crate) fn new(default: Arc<Kms>) -> Tenants {
        Tenants {
            default,
            added: RwLock::new(Vec::new()),
            index: RwLock::new(BTreeMap::new()),
        }
    }

    pub(crate) fn default_account(&self) -> &Arc<Kms> {
        &self.default
    }

    pub(crate) fn add(&self, kms: Arc<Kms>) {
        self.added
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .push(kms);
    }

    pub(crate) fn count(&self) -> usize {
        1 + self.added.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    fn at(&self, index: usize) -> Option<Arc<Kms>> {
        match index {
            0 => Some(Arc::clone(&self.default)),
            i => self
                .added
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .get(i - 1)
                .cloned(),
        }
    }

    /// The account that owns `access_key_id`, with the key's credential;
    /// `InvalidAccessKeyId.NotFound` when no account has it, or the owning account's refusal
    /// (`Forbidden.AccessKey` for a disabled key).
    pub(crate) fn find(&self, access_key_id: &str) -> Result<(Arc<Kms>, Credential), KmsError> {
        let cached = self
            .index
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(access_key_id)
            .copied();
        if let Some(kms) = cached.and_then(|i| self.at(i)) {
            match kms.credential(access_key_id) {
                Err(e) if e.code() == ErrorCode::InvalidAccessKeyIdNotFound => {}
                found => return found.map(|c| (kms, c)),
            }
        }
        let mut refusal = KmsError::new(ErrorCode::InvalidAccessKeyIdNotFound);
        for i in 0..self.count() {
            let Some(kms) = self.at(i) else { break };
            match kms.credential(access_key_id) {
                Ok(credential) => {
                    self.index
                        .write()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(access_key_id.to_owned(), i);
                    return Ok((kms, credential));
                }
                Err(e) if e.code() == ErrorCode::InvalidAccessKeyIdNotFound => {}
                Err(e) => refusal = e,
            }
        }
        Err(refusal)
    }
}

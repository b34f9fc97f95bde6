//! Fixtures at start (`kmsconf serve --seed`): a key with a fixed id, version id and, for a
//! symmetric key, material; and a RAM user's AccessKey with a fixed id and secret. No API lets
//! a caller choose these, so reproducible fixtures need them; everything else a seed holds goes
//! through the APIs (src/seed.rs). Seeding is the operator's act at start, not a call: it is
//! not authorized and records no audit event (docs/seed.md).

use std::collections::BTreeMap;

use sha2::{Digest as _, Sha256};

use crate::crypto::MATERIAL_LEN;
use crate::error::{ErrorCode, KmsError};
use crate::identity::{AccessKey, KeyOwner, MAX_ACCESS_KEYS_PER_USER};
use crate::keystore::{Material, VersionMaterial};
use crate::request::{Origin, Request};
use crate::secret::Secret;
use crate::service::Kms;
use crate::service::durable::CallCtx;
use crate::service::journal::JournalCall;
use crate::service::keys::Pinned;
use crate::wire::decode_request;

/// A key to create with a fixed id.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct KeySeed {
    /// The KeyId: a lowercase UUID.
    pub id: String,
    /// The initial version's id; by default derived from `id`, so it is fixed too.
    pub version_id: Option<String>,
    /// CreateKey's wire parameters (KeySpec, KeyUsage, Origin, Description, Tags, ...).
    pub params: BTreeMap<String, String>,
    /// 32 bytes of AES-256 material for a symmetric `Aliyun_KMS` key.
    pub material: Option<Vec<u8>>,
}

/// What seeding one item did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seeded {
    /// Made now.
    Created,
    /// Already there, as the seed says (seeding again changes nothing).
    AlreadyPresent,
}

/// `KeyId` must be a lowercase UUID, as the reference's own ids are.
fn is_uuid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| {
            g.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

/// The version id a seeded key gets when the seed names none: a UUID derived from the key id.
pub fn derived_version_id(key_id: &str) -> String {
    let digest = Sha256::digest(format!("kmsconf seed version of {key_id}").as_bytes());
    let mut b = [0u8; 16];
    for (dst, src) in b.iter_mut().zip(digest.iter()) {
        *dst = *src;
    }
    // The version and variant bits of a version 4 UUID, as the reference's own ids have.
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut id = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        id.push_str(&format!("{byte:02x}"));
    }
    id
}

impl Kms {
    /// Creates the key of `seed` unless a key with its id exists. CreateKey's parameters are
    /// decoded and checked as for the API; an id that is no UUID, a version id in use, or
    /// material that is not 32 bytes for a symmetric `Aliyun_KMS` key is `InvalidParameter`.
    pub fn seed_key(&self, seed: &KeySeed) -> Result<Seeded, KmsError> {
        self.seed_key_in(&self.live(), seed)
    }

    pub(super) fn seed_key_in(
        &self,
        ctx: &CallCtx<'_>,
        seed: &KeySeed,
    ) -> Result<Seeded, KmsError> {
        if !is_uuid(&seed.id) {
            return Err(KmsError::invalid_parameter("KeyId", "a lowercase UUID"));
        }
        let version_id = seed
            .version_id
            .clone()
            .unwrap_or_else(|| derived_version_id(&seed.id));
        if !is_uuid(&version_id) {
            return Err(KmsError::invalid_parameter(
                "KeyVersionId",
                "a lowercase UUID",
            ));
        }
        let Request::CreateKey(request) = decode_request("CreateKey", &seed.params)? else {
            return Err(KmsError::new(ErrorCode::InternalFailure));
        };
        let material = match &seed.material {
            None => None,
            Some(bytes) => {
                let symmetric = request.key_spec.is_none_or(|s| s.is_symmetric());
                let generated = request.origin.is_none_or(|o| o == Origin::AliyunKms);
                let array: Option<[u8; MATERIAL_LEN]> = bytes.as_slice().try_into().ok();
                match array {
                    Some(a) if symmetric && generated => {
                        Some(VersionMaterial::Symmetric(Material(a)))
                    }
                    _ => {
                        return Err(KmsError::invalid_parameter(
                            "Material",
                            "32 bytes, for a symmetric Aliyun_KMS key",
                        ));
                    }
                }
            }
        };
        let entry = ctx.entry(|| JournalCall::SeedKey { seed: seed.clone() });
        self.with_call(ctx, entry, |call| {
            if call.store.key(&seed.id).is_some() {
                return Ok(Seeded::AlreadyPresent);
            }
            if call.store.key_id_for_version(&version_id).is_some() {
                return Err(KmsError::invalid_parameter(
                    "KeyVersionId",
                    "a version id no other key holds",
                ));
            }
            let pinned = Pinned {
                id: seed.id.clone(),
                version_id,
                material,
            };
            call.create_key_pinned(request, Some(pinned))
                .map(|_| Seeded::Created)
        })
    }

    /// Gives RAM user `user` the AccessKey `id` with `secret`, unless the user holds it
    /// already. An id another identity holds is `InvalidParameter`; a user with its two
    /// AccessKeys is `LimitExceeded.User.AccessKey`, as for CreateAccessKey.
    pub fn seed_user_access_key(
        &self,
        user: &str,
        id: &str,
        secret: Secret,
    ) -> Result<Seeded, KmsError> {
        self.seed_user_access_key_in(&self.live(), user, id, secret)
    }

    pub(super) fn seed_user_access_key_in(
        &self,
        ctx: &CallCtx<'_>,
        user: &str,
        id: &str,
        secret: Secret,
    ) -> Result<Seeded, KmsError> {
        let entry = ctx.entry(|| JournalCall::SeedUserKey {
            user: user.to_owned(),
            id: id.to_owned(),
            secret: secret.expose().to_owned(),
        });
        self.with_call(ctx, entry, |call| {
            match call.identities.access_key(id) {
                Some((KeyOwner::User(owner), _)) if owner == user => {
                    return Ok(Seeded::AlreadyPresent);
                }
                Some(_) => {
                    return Err(KmsError::invalid_parameter(
                        "AccessKeyId",
                        "an id no other identity holds",
                    ));
                }
                None if call.identities.access_key_exists(id) => {
                    return Err(KmsError::invalid_parameter(
                        "AccessKeyId",
                        "an id no other identity holds",
                    ));
                }
                None => {}
            }
            let now = call.now;
            let holder = call.identities.user_mut(user)?;
            if holder.access_keys.len() >= MAX_ACCESS_KEYS_PER_USER {
                return Err(ErrorCode::LimitExceededUserAccessKey.into());
            }
            holder.access_keys.push(AccessKey {
                id: id.to_owned(),
                secret,
                active: true,
                create_date: now,
                retire_at: None,
            });
            Ok(Seeded::Created)
        })
    }
}

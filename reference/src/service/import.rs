//! Key import (BYOK): GetParametersForImport, ImportKeyMaterial, DeleteKeyMaterial (§4).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::api::Api;
use crate::clock::Timestamp;
use crate::crypto::{MATERIAL_LEN, WrappingKey};
use crate::error::{ErrorCode, KmsError};
use crate::keystore::{ImportToken, KeyState, Material};
use crate::random::random_array;
use crate::request::{Origin, WrappingAlgorithm, WrappingKeySpec};
use crate::response::Response;
use crate::secret::Secret;
use crate::service::Call;
use crate::service::validate::require;

/// An import token is valid for 24 hours.
const TOKEN_LIFETIME_SECONDS: i64 = 86_400;

impl Call<'_> {
    pub(super) fn get_parameters_for_import(
        &mut self,
        key_id: &str,
        algorithm: WrappingAlgorithm,
        spec: WrappingKeySpec,
    ) -> Result<Response, KmsError> {
        if spec != WrappingKeySpec::Rsa2048 {
            return Err(KmsError::invalid_parameter(
                "WrappingKeySpec",
                "only `RSA_2048` is offered (EC_SM2 needs an SM2 HSM key)",
            ));
        }
        if algorithm == WrappingAlgorithm::Sm2Pke {
            return Err(KmsError::invalid_parameter(
                "WrappingAlgorithm",
                "`SM2PKE` needs an EC_SM2 wrapping key",
            ));
        }
        let key = self.key_for(Api::GetParametersForImport, key_id)?;
        if key.origin != Origin::External {
            return Err(ErrorCode::UnsupportedOrigin.into());
        }
        let key_id = key.id.clone();
        // Generated before the lock (D-414); in place only when the call was not prepared
        // (a journal entry of an earlier version).
        let wrapping_key = match self.take_wrapping() {
            Some(private) => Some(WrappingKey::from_private(private, algorithm)),
            None => WrappingKey::generate(self.rng, algorithm),
        }
        .ok_or(KmsError::new(ErrorCode::InternalFailure))?;
        let public_key = wrapping_key
            .public_key_base64()
            .ok_or(KmsError::new(ErrorCode::InternalFailure))?;
        let token = STANDARD.encode(random_array::<48>(self.rng));
        let expires = self.now.plus_seconds(TOKEN_LIFETIME_SECONDS);
        let issued_seq = self.store.next_seq();
        self.store.insert_token(
            token.clone(),
            ImportToken {
                key_id: key_id.clone(),
                wrapping_key,
                expires,
                issued_seq,
            },
        );
        Ok(Response::ImportParameters {
            key_id,
            import_token: Secret::new(token),
            public_key,
            token_expire_time: expires.to_string(),
        })
    }

    pub(super) fn import_key_material(
        &mut self,
        key_ref: &str,
        encrypted_key_material: &Secret,
        import_token: &Secret,
        expire_unix: Option<i64>,
    ) -> Result<Response, KmsError> {
        require("EncryptedKeyMaterial", encrypted_key_material.expose())?;
        require("ImportToken", import_token.expose())?;
        let expiry = match expire_unix {
            None | Some(0) => None,
            Some(t) if t > self.now.unix() => Some(Timestamp::from_unix(t)),
            Some(_) => {
                return Err(KmsError::invalid_parameter(
                    "KeyMaterialExpireUnix",
                    "must be 0 or a time in the future",
                ));
            }
        };
        let key_id = self.resolve_key_id(Api::ImportKeyMaterial, key_ref)?;
        let key = self.key_by_id_for(Api::ImportKeyMaterial, &key_id)?;
        if key.origin != Origin::External {
            return Err(ErrorCode::UnsupportedOrigin.into());
        }
        let previous_digest = key.imported_digest;
        let token = self
            .store
            .token(import_token.expose())
            .filter(|t| t.key_id == key_id)
            .ok_or(KmsError::new(ErrorCode::InvalidImportToken))?;
        if token.expires <= self.now {
            return Err(ErrorCode::ExpiredImportToken.into());
        }
        let wrapped = STANDARD
            .decode(encrypted_key_material.expose().as_bytes())
            .map_err(|_| KmsError::invalid_parameter("EncryptedKeyMaterial", "must be base64"))?;
        let material = token
            .wrapping_key
            .unwrap(&wrapped)
            .ok_or(KmsError::new(ErrorCode::InvalidKeyMaterial))?;
        let material: [u8; MATERIAL_LEN] = material
            .try_into()
            .map_err(|_| KmsError::new(ErrorCode::InvalidKeyMaterial))?;
        let digest: [u8; 32] = Sha256::digest(material).into();
        if previous_digest.is_some_and(|d| d != digest) {
            return Err(KmsError::with_message(
                ErrorCode::InvalidKeyMaterial,
                "key material differs from the material imported before",
            ));
        }
        let key = self.key_by_id_for(Api::ImportKeyMaterial, &key_id)?;
        key.set_imported(Material(material));
        key.imported_digest = Some(digest);
        key.material_expire = expiry;
        if key.state == KeyState::PendingImport {
            key.state = KeyState::Enabled;
        }
        Ok(Response::Empty)
    }

    pub(super) fn delete_key_material(&mut self, key_id: &str) -> Result<Response, KmsError> {
        let key = self.key_for(Api::DeleteKeyMaterial, key_id)?;
        if key.origin != Origin::External {
            return Err(ErrorCode::UnsupportedOrigin.into());
        }
        key.drop_material();
        Ok(Response::Empty)
    }
}

//! The public OpenAPI metadata as a test: reference/tests/contract/kms-2016-01-20.json (a
//! verbatim extraction of Alibaba Cloud's metadata for the APIs the reference serves, see its README.md) is walked
//! against the reference in process. Required parameters, documented bounds, response fields,
//! error codes and the reference's own API descriptions are all checked.
//!
//! Where the reference differs from the metadata today, the difference is one row of
//! [`KNOWN_GAPS`] (a gap of docs/spec/fidelity.md, or a decision or note that chose otherwise):
//! the test passes with the difference, and fails once it is gone, so the table is the to-do
//! list of the fidelity work and cannot go stale. [`EXPLAINED`] holds the points where the
//! metadata cannot be followed literally (it contradicts itself, or a field only appears in
//! some states); it is checked the same way.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use kms_reference::asymmetric::KeyPair;
use kms_reference::{
    Api, Caller, DETERMINISTIC_START, ErrorCode, KeySpec, Kms, KmsError, ManualClock, Presence,
    SeededRandom,
};
use rsa::pkcs8::DecodePublicKey as _;
use serde_json::{Map, Value, json};

const CONTRACT: &str = include_str!("contract/kms-2016-01-20.json");

/// Differences between the reference and the metadata: (api, the check that finds it, the gap,
/// decision or note that covers it). Every row must match a failing check.
const KNOWN_GAPS: &[(&str, &str, &str)] = &[
    // Bounds.
    ("CreateKey", "Policy length_bytes 32768 accepted", "D-062"),
    (
        "CreateSecret",
        "Policy length_bytes 32768 accepted",
        "D-222",
    ),
    ("CreateAlias", "AliasName length_chars 256 refused", "N-17"),
    ("UpdateAlias", "AliasName length_chars 256 refused", "N-17"),
    ("DeleteAlias", "AliasName length_chars 256 refused", "N-17"),
    // Presence.
    (
        "ImportKeyMaterial",
        "missing KeyMaterialExpireUnix gives MissingParameter",
        "D-038",
    ),
    (
        "ImportKeyMaterial",
        "description: KeyMaterialExpireUnix required in the metadata, Optional",
        "D-038",
    ),
    // Statuses.
    (
        "CreateKey",
        "status: Forbidden.NoPermission documented 400, the reference 403",
        "N-01",
    ),
    (
        "GetKeyPolicy",
        "status: Forbidden.NoPermission documented 400, the reference 403",
        "N-01",
    ),
    (
        "SetKeyPolicy",
        "status: Forbidden.NoPermission documented 400, the reference 403",
        "N-01",
    ),
    // RSAES-OAEP under an RSA_2048 key carries at most 214 bytes (D-132).
    (
        "GenerateAndExportDataKey",
        "NumberOfBytes value 1024 accepted",
        "D-132",
    ),
    (
        "GetSecretPolicy",
        "status: Forbidden.NoPermission documented 400, the reference 403",
        "N-01",
    ),
    (
        "SetSecretPolicy",
        "status: Forbidden.NoPermission documented 400, the reference 403",
        "N-01",
    ),
    // RegionId travels as a common parameter (D-119).
    (
        "TagResources",
        "missing RegionId gives MissingParameter",
        "D-119",
    ),
    (
        "UntagResources",
        "missing RegionId gives MissingParameter",
        "D-119",
    ),
    (
        "ListTagResources",
        "missing RegionId gives MissingParameter",
        "D-119",
    ),
    (
        "TagResources",
        "description: RegionId of the metadata is not described",
        "D-119",
    ),
    (
        "UntagResources",
        "description: RegionId of the metadata is not described",
        "D-119",
    ),
    (
        "ListTagResources",
        "description: RegionId of the metadata is not described",
        "D-119",
    ),
];

/// Where the metadata cannot be followed literally: (api, the check, why).
const EXPLAINED: &[(&str, &str, &str)] = &[
    (
        "SetDeletionProtection",
        "description: KeyId is not in the metadata",
        "newer than META24: META25 and SDK331 add KeyId, which Terraform sends \
         (docs/spec/keys-v2.md §5.5, docs/spec/decisions.md D-124)",
    ),
    (
        "SetDeletionProtection",
        "description: KmsInstanceId is not in the metadata",
        "newer than META24: an SDK331 parameter, accepted (docs/spec/decisions.md D-124)",
    ),
    (
        "SetDeletionProtection",
        "description: ProtectedResourceArn required in the metadata, Optional",
        "META25 and SDK331 make it optional beside KeyId; one of the two is required \
         (docs/spec/decisions.md D-124)",
    ),
    (
        "CreateKey",
        "description: KeyStorageMechanism is not in the metadata",
        "newer than META24: a CreateKey parameter of SDK331 (docs/spec/kms-api.md §2.3 \
         CreateKey, docs/spec/decisions.md D-063)",
    ),
    (
        "Decrypt",
        "description: Recipient is not in the metadata",
        "newer than META24: SDK331's attestation parameter, refused (docs/spec/decisions.md D-065)",
    ),
    (
        "AsymmetricDecrypt",
        "description: Recipient is not in the metadata",
        "newer than META24: SDK331's attestation parameter, refused (docs/spec/decisions.md D-065)",
    ),
    (
        "GenerateDataKey",
        "description: Recipient is not in the metadata",
        "newer than META24: SDK331's attestation parameter, refused (docs/spec/decisions.md D-065)",
    ),
    (
        "GetSecretValue",
        "description: Recipient is not in the metadata",
        "newer than META24: SDK331's attestation parameter, refused (docs/spec/secrets.md §1.1, \
         docs/spec/decisions.md D-065)",
    ),
    (
        "GenerateDataKey",
        "NumberOfBytes value 0 accepted",
        "the structured minimum 0 contradicts the description's 1~1024; the reference follows \
         the description (docs/spec/fidelity.md, Confirmed consistent)",
    ),
    (
        "GenerateDataKeyWithoutPlaintext",
        "NumberOfBytes value 0 accepted",
        "the structured minimum 0 contradicts the description's 1~1024; the reference follows \
         the description (docs/spec/fidelity.md, Confirmed consistent)",
    ),
    (
        "GenerateAndExportDataKey",
        "NumberOfBytes value 0 accepted",
        "the structured minimum 0 contradicts the description's 1~1024; the reference follows \
         the description, as for GenerateDataKey",
    ),
    (
        "TagResource",
        "description: KeyId Required, optional in the metadata",
        "the metadata wants exactly one of KeyId, SecretName, CertificateId; the reference holds \
         keys only and refuses the other two (docs/spec/fidelity.md, Confirmed consistent)",
    ),
    (
        "UntagResource",
        "description: KeyId Required, optional in the metadata",
        "the metadata wants exactly one of KeyId, SecretName, CertificateId; the reference holds \
         keys only and refuses the other two (docs/spec/fidelity.md, Confirmed consistent)",
    ),
    (
        "CreateKey",
        "response: KeyMetadata.RotationInterval in the schema, not emitted",
        "only for a key with automatic rotation; the typical key has none",
    ),
    (
        "CreateKey",
        "response: KeyMetadata.NextRotationDate in the schema, not emitted",
        "only for a key with automatic rotation; the typical key has none",
    ),
    (
        "DescribeKey",
        "response: KeyMetadata.RotationInterval in the schema, not emitted",
        "only for a key with automatic rotation (the schema: when AutomaticRotation is \
         Enabled or Suspended); the typical key has none",
    ),
    (
        "DescribeKey",
        "response: KeyMetadata.NextRotationDate in the schema, not emitted",
        "only for a key with automatic rotation (the schema: when AutomaticRotation is \
         Enabled or Suspended); the typical key has none",
    ),
    (
        "CreateSecret",
        "response: AutomaticRotation in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "CreateSecret",
        "response: DKMSInstanceId in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "CreateSecret",
        "response: ExtendedConfig in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "CreateSecret",
        "response: NextRotationDate in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "CreateSecret",
        "response: RotationInterval in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "DescribeSecret",
        "response: AutomaticRotation in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "DescribeSecret",
        "response: DKMSInstanceId in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "DescribeSecret",
        "response: ExtendedConfig in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "DescribeSecret",
        "response: LastRotationDate in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "DescribeSecret",
        "response: NextRotationDate in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "DescribeSecret",
        "response: RotationInterval in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "DescribeSecret",
        "response: EncryptionKeyId in the schema, not emitted",
        "omitted under the hidden service key, which the typical secret uses (docs/spec/decisions.md D-202)",
    ),
    (
        "DescribeSecret",
        "response: PlannedDeleteTime in the schema, not emitted",
        "only while deletion is pending (docs/spec/decisions.md D-220)",
    ),
    (
        "GetSecretValue",
        "response: AutomaticRotation in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "GetSecretValue",
        "response: ExtendedConfig in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "GetSecretValue",
        "response: LastRotationDate in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "GetSecretValue",
        "response: NextRotationDate in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "GetSecretValue",
        "response: RotationInterval in the schema, not emitted",
        "omitted for a Generic secret (docs/spec/decisions.md D-220)",
    ),
    (
        "ListSecrets",
        "response: SecretList.Secret[].PlannedDeleteTime in the schema, not emitted",
        "only while deletion is pending (docs/spec/decisions.md D-220)",
    ),
];

/// Codes the scenarios expect of an API that its metadata `errorCodes` do not list:
/// (api or `*` for every API, code, the decision, gap or table that covers it).
const CODE_COVER: &[(&str, &str, &str)] = &[
    ("*", "MissingParameter", "docs/spec/kms-api.md §1.7"),
    ("*", "InvalidParameter", "docs/spec/kms-api.md §1.7"),
    ("*", "Forbidden.NoPermission", "D-048"),
    ("*", "Forbidden.KeyNotFound", "docs/spec/kms-api.md §1.7"),
    ("*", "Forbidden.AliasNotFound", "D-023"),
    ("*", "Unsupported.Alias", "D-018"),
    ("*", "DryRunOperationError", "D-035"),
    ("*", "Rejected.Disabled", "docs/spec/kms-api.md §1.7"),
    ("*", "Rejected.PendingDeletion", "docs/spec/kms-api.md §1.7"),
    ("*", "Rejected.PendingImport", "docs/spec/kms-api.md §1.7"),
    (
        "*",
        "Rejected.StateModifiedFailed",
        "docs/spec/kms-api.md §1.7",
    ),
    ("*", "UnsupportedOperation", "D-034"),
    ("CreateKey", "Unsupported.ProtectionLevel", "D-015"),
    (
        "CreateAlias",
        "AliasAlreadyExists",
        "docs/spec/kms-api.md §1.7",
    ),
    // The alias quota of the Limits page (PAGE-LIM), listed on the 2021 CreateAlias page.
    (
        "CreateAlias",
        "Rejected.LimitExceeded",
        "docs/spec/kms-api.md §8",
    ),
    ("DeleteKeyMaterial", "Unsupported.Origin", "D-036"),
    // The scenario's failing call is the ImportKeyMaterial after DeleteKeyMaterial.
    ("DeleteKeyMaterial", "InvalidKeyMaterial", "D-037"),
    ("*", "ValidationError", "D-035"),
    ("*", "AccessDeniedError", "D-035"),
    // The newer tag APIs, deletion protection, key policies (docs/spec/keys-v2.md §5).
    ("UntagResources", "InvalidParameter.TagKey", "D-122"),
    // An asymmetric destination or key (the part of D-109 in force for these APIs), and a
    // SourceKeyVersionId the asymmetric source key does not hold.
    ("ReEncrypt", "Rejected.UnsupportedOperation", "D-109"),
    ("ReEncrypt", "Forbidden.KeyVersionNotFound", "D-115"),
    (
        "GenerateAndExportDataKey",
        "Rejected.UnsupportedOperation",
        "D-109",
    ),
    // Key versions: the quota code of PAGE-LIM (docs/spec/keys-v2.md §2.10), and the common
    // code for a version the key does not hold.
    ("CreateKeyVersion", "Rejected.LimitExceeded", "D-102"),
    (
        "DescribeKeyVersion",
        "Forbidden.KeyVersionNotFound",
        "D-129",
    ),
    // Asymmetric keys (docs/spec/keys-v2.md §3.7): a version the key does not hold, and a key
    // of the wrong type or usage where META24 lists only InvalidParameter.
    ("AsymmetricEncrypt", "Forbidden.KeyVersionNotFound", "D-110"),
    ("AsymmetricDecrypt", "Forbidden.KeyVersionNotFound", "D-110"),
    ("AsymmetricSign", "Forbidden.KeyVersionNotFound", "D-110"),
    ("AsymmetricVerify", "Forbidden.KeyVersionNotFound", "D-110"),
    ("GetPublicKey", "Forbidden.KeyVersionNotFound", "D-110"),
    ("AsymmetricSign", "Rejected.UnsupportedOperation", "D-109"),
    ("AsymmetricVerify", "Rejected.UnsupportedOperation", "D-109"),
    ("GetPublicKey", "Rejected.UnsupportedOperation", "D-109"),
    // Secrets Manager: the calls a secret pending deletion refuses beyond the documented ones
    // (docs/spec/secrets.md §5).
    ("GetSecretValue", "Rejected.ResourceInDeleteWindow", "D-204"),
    ("PutSecretValue", "Rejected.ResourceInDeleteWindow", "D-204"),
    ("RotateSecret", "Rejected.ResourceInDeleteWindow", "D-204"),
    (
        "UpdateSecretRotationPolicy",
        "Rejected.ResourceInDeleteWindow",
        "D-204",
    ),
    ("TagResources", "Rejected.ResourceInDeleteWindow", "D-204"),
    // RAM secrets: a rotation needs room under the RAM limit of 2 AccessKeys and a user that
    // still exists; META24 lists only InvalidParameter (docs/spec/secrets.md §3, §4.12).
    ("RotateSecret", "Rejected.LimitExceeded", "D-230"),
    ("RotateSecret", "Forbidden.ResourceNotFound", "D-230"),
];

/// Codes of the scenarios that belong to ActionTrail LookupEvents, which the scenarios call
/// after a KMS API (docs/spec/decisions.md D-056).
const LOOKUP_CODES: &[&str] = &[
    "InvalidQueryParameter",
    "InvalidParameterStartTime",
    "InvalidParameterEndTime",
];

/// The bound kinds of the contract this test does not probe, with why.
const UNPROBED: &[(&str, &str, &str)] = &[
    (
        "*",
        "AliasName length_chars min",
        "a name must start with `alias/`, so no 1-character name is valid",
    ),
    (
        "SetKeyPolicy",
        "Policy length_bytes max",
        "no reference key takes a policy (D-126), so no length is accepted; the refusal of \
         32 769 bytes is a scenario of features/api/key_policy.feature",
    ),
    (
        "SetSecretPolicy",
        "Policy length_bytes max",
        "no reference secret takes a policy (D-222), so no length is accepted",
    ),
];

/// APIs whose every call fails on a reference key, with the code their typical call gets.
const NEVER_SUCCEED: &[(&str, &str, &str)] = &[
    (
        "GetKeyPolicy",
        "Forbidden.KeyPolicyUnSupported",
        "D-126: key policies are for keys in KMS instances only",
    ),
    (
        "SetKeyPolicy",
        "Forbidden.KeyPolicyUnSupported",
        "D-126: key policies are for keys in KMS instances only",
    ),
    (
        "GetSecretPolicy",
        "Forbidden.KeyPolicyUnSupported",
        "D-222: secret policies are for secrets in KMS instances only",
    ),
    (
        "SetSecretPolicy",
        "Forbidden.KeyPolicyUnSupported",
        "D-222: secret policies are for secrets in KMS instances only",
    ),
    (
        "RotateSecret",
        "UnsupportedOperation",
        "D-213: a Generic secret rotates by PutSecretValue",
    ),
    (
        "UpdateSecretRotationPolicy",
        "UnsupportedOperation",
        "D-213: a Generic secret does not rotate automatically",
    ),
];

// ---------------------------------------------------------------------------------------------
// The contract.

fn contract() -> Value {
    serde_json::from_str(CONTRACT).unwrap()
}

/// The served APIs the metadata does not describe: BatchGetSecretValue exists only in the
/// current Python SDK (docs/spec/secrets.md §4.3; D-215).
const NOT_IN_CONTRACT: &[Api] = &[Api::BatchGetSecretValue];

/// The served APIs the contract describes.
fn contract_apis() -> impl Iterator<Item = Api> {
    Api::ALL
        .iter()
        .copied()
        .filter(|a| !NOT_IN_CONTRACT.contains(a))
}

fn api_contract(c: &Value, api: Api) -> &Value {
    c["apis"]
        .get(api.name())
        .unwrap_or_else(|| panic!("{api} is not in the contract"))
}

fn params_of(c: &Value, api: Api) -> Vec<&Value> {
    api_contract(c, api)["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The reference, with a key, an alias and a ciphertext made by root.

/// The secret every World holds (a Generic secret under the service key).
const SECRET: &str = "meta/secret";

struct World {
    kms: Kms,
    key: String,
    alias: String,
    blob: String,
}

type Params = BTreeMap<String, String>;

fn params(pairs: &[(&str, &str)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

impl World {
    fn new() -> World {
        let clock = ManualClock::new(DETERMINISTIC_START);
        let kms = Kms::builder().deterministic(7, &clock).build_service();
        let mut w = World {
            kms,
            key: String::new(),
            alias: "alias/meta".to_owned(),
            blob: String::new(),
        };
        w.key = w.create_key(&[]);
        let alias = w.alias.clone();
        let key = w.key.clone();
        w.ok(
            Api::CreateAlias,
            &params(&[("AliasName", &alias), ("KeyId", &key)]),
        );
        let out = w.ok(
            Api::Encrypt,
            &params(&[("KeyId", &key), ("Plaintext", "aGVsbG8=")]),
        );
        w.blob = out["CiphertextBlob"].as_str().unwrap().to_owned();
        w.ok(
            Api::CreateSecret,
            &params(&[
                ("SecretName", SECRET),
                ("VersionId", "v1"),
                ("SecretData", "meta-value"),
                ("Tags", r#"[{"TagKey":"team","TagValue":"meta"}]"#),
            ]),
        );
        w
    }

    fn call(&self, api: Api, p: &Params) -> Result<Map<String, Value>, KmsError> {
        self.kms
            .handle_params(&Caller::root(), api.name(), p)
            .result
    }

    fn ok(&self, api: Api, p: &Params) -> Map<String, Value> {
        self.call(api, p)
            .unwrap_or_else(|e| panic!("{api} {p:?}: {} {}", e.code().as_str(), e.message()))
    }

    fn create_key(&self, extra: &[(&str, &str)]) -> String {
        let out = self.ok(Api::CreateKey, &params(extra));
        out["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned()
    }

    /// A fresh asymmetric key of `spec` and `usage` and its one version: (key, version).
    fn asymmetric(&self, spec: &str, usage: &str) -> (String, String) {
        let key = self.create_key(&[("KeySpec", spec), ("KeyUsage", usage)]);
        let out = self.ok(Api::ListKeyVersions, &params(&[("KeyId", &key)]));
        let version = out["KeyVersions"]["KeyVersion"][0]["KeyVersionId"]
            .as_str()
            .unwrap()
            .to_owned();
        (key, version)
    }

    /// An EXTERNAL key with its import parameters: (key, token, wrapped material).
    fn external(&self) -> (String, String, String) {
        let key = self.create_key(&[("Origin", "EXTERNAL")]);
        let out = self.ok(
            Api::GetParametersForImport,
            &params(&[
                ("KeyId", &key),
                ("WrappingAlgorithm", "RSAES_PKCS1_V1_5"),
                ("WrappingKeySpec", "RSA_2048"),
            ]),
        );
        let der = STANDARD.decode(out["PublicKey"].as_str().unwrap()).unwrap();
        let public = rsa::PublicKey::from_public_key_der(&der).unwrap();
        let wrapped = public.pkcs1v15_encrypt(&[7u8; 32]).unwrap();
        (
            key,
            out["ImportToken"].as_str().unwrap().to_owned(),
            STANDARD.encode(wrapped),
        )
    }

    /// A call of `api` that succeeds, after whatever set-up it needs.
    fn valid(&self, api: Api) -> Params {
        let k = self.key.as_str();
        match api {
            Api::DescribeRegions => params(&[]),
            Api::ListKeys | Api::ListAliases => params(&[("PageNumber", "1"), ("PageSize", "10")]),
            Api::CreateKey => params(&[("Description", "meta")]),
            Api::DescribeKey
            | Api::EnableKey
            | Api::DisableKey
            | Api::ListResourceTags
            | Api::CancelKeyDeletion => {
                if api == Api::CancelKeyDeletion {
                    self.ok(
                        Api::ScheduleKeyDeletion,
                        &params(&[("KeyId", k), ("PendingWindowInDays", "7")]),
                    );
                }
                if api == Api::ListResourceTags {
                    self.ok(Api::TagResource, &self.valid(Api::TagResource));
                }
                params(&[("KeyId", k)])
            }
            Api::UpdateKeyDescription => params(&[("KeyId", k), ("Description", "meta")]),
            Api::ScheduleKeyDeletion => params(&[("KeyId", k), ("PendingWindowInDays", "7")]),
            Api::GetParametersForImport => {
                let key = self.create_key(&[("Origin", "EXTERNAL")]);
                params(&[
                    ("KeyId", &key),
                    ("WrappingAlgorithm", "RSAES_PKCS1_V1_5"),
                    ("WrappingKeySpec", "RSA_2048"),
                ])
            }
            Api::ImportKeyMaterial | Api::DeleteKeyMaterial => {
                let (key, token, material) = self.external();
                let import = params(&[
                    ("KeyId", &key),
                    ("EncryptedKeyMaterial", &material),
                    ("ImportToken", &token),
                    ("KeyMaterialExpireUnix", "0"),
                ]);
                if api == Api::ImportKeyMaterial {
                    import
                } else {
                    self.ok(Api::ImportKeyMaterial, &import);
                    params(&[("KeyId", &key)])
                }
            }
            Api::Encrypt => params(&[("KeyId", k), ("Plaintext", "aGVsbG8=")]),
            Api::GenerateDataKey | Api::GenerateDataKeyWithoutPlaintext => {
                params(&[("KeyId", k), ("NumberOfBytes", "32")])
            }
            Api::Decrypt => params(&[("CiphertextBlob", &self.blob)]),
            Api::CreateAlias => params(&[("AliasName", "alias/meta-new"), ("KeyId", k)]),
            Api::UpdateAlias => params(&[("AliasName", &self.alias), ("KeyId", k)]),
            Api::DeleteAlias => params(&[("AliasName", &self.alias)]),
            Api::ListAliasesByKeyId => {
                params(&[("KeyId", k), ("PageNumber", "1"), ("PageSize", "10")])
            }
            Api::TagResource => params(&[
                ("KeyId", k),
                ("Tags", r#"[{"TagKey":"team","TagValue":"meta"}]"#),
            ]),
            Api::UntagResource => params(&[("KeyId", k), ("TagKeys", r#"["team"]"#)]),
            Api::TagResources => params(&[
                ("ResourceType", "key"),
                ("ResourceId.1", k),
                ("Tag.1.Key", "team"),
                ("Tag.1.Value", "meta"),
            ]),
            Api::UntagResources => params(&[
                ("ResourceType", "key"),
                ("ResourceId.1", k),
                ("TagKey.1", "team"),
            ]),
            Api::ListTagResources => {
                self.ok(Api::TagResources, &self.valid(Api::TagResources));
                params(&[("ResourceType", "key"), ("ResourceId.1", k)])
            }
            Api::SetDeletionProtection => {
                let config = self.kms.config();
                let arn = kms_reference::key_arn(&config.region, &config.account_id, k);
                params(&[
                    ("ProtectedResourceArn", &arn),
                    ("EnableDeletionProtection", "false"),
                ])
            }
            // Never succeed on a reference key (D-126): the valid call is the one that gets
            // as far as the policy.
            Api::GetKeyPolicy => params(&[("KeyId", k), ("PolicyName", "default")]),
            Api::SetKeyPolicy => params(&[
                ("KeyId", k),
                ("PolicyName", "default"),
                ("Policy", r#"{"Version":"1","Statement":[]}"#),
            ]),
            // A fresh key per call, so that repeated checks stay below the version limit.
            Api::CreateKeyVersion => params(&[("KeyId", &self.create_key(&[]))]),
            Api::DescribeKeyVersion => {
                let out = self.ok(Api::DescribeKey, &params(&[("KeyId", k)]));
                let version = out["KeyMetadata"]["PrimaryKeyVersion"].as_str().unwrap();
                params(&[("KeyId", k), ("KeyVersionId", version)])
            }
            Api::ListKeyVersions => {
                params(&[("KeyId", k), ("PageNumber", "1"), ("PageSize", "10")])
            }
            Api::UpdateRotationPolicy => params(&[
                ("KeyId", k),
                ("EnableAutomaticRotation", "true"),
                ("RotationInterval", "365d"),
            ]),
            // Asymmetric keys (docs/spec/keys-v2.md §3.7): a fresh key per call; a SHA-256
            // digest is 32 bytes, the EC key signs fastest in a debug build.
            Api::AsymmetricEncrypt | Api::AsymmetricDecrypt => {
                let (key, version) = self.asymmetric("RSA_2048", "ENCRYPT/DECRYPT");
                let mut call = params(&[
                    ("KeyId", &key),
                    ("KeyVersionId", &version),
                    ("Algorithm", "RSAES_OAEP_SHA_256"),
                    ("Plaintext", "aGVsbG8="),
                ]);
                if api == Api::AsymmetricDecrypt {
                    let out = self.ok(Api::AsymmetricEncrypt, &call);
                    call.remove("Plaintext");
                    let blob = out["CiphertextBlob"].as_str().unwrap().to_owned();
                    call.insert("CiphertextBlob".into(), blob);
                }
                call
            }
            Api::AsymmetricSign | Api::AsymmetricVerify => {
                let (key, version) = self.asymmetric("EC_P256", "SIGN/VERIFY");
                let digest = STANDARD.encode([7u8; 32]);
                let mut call = params(&[
                    ("KeyId", &key),
                    ("KeyVersionId", &version),
                    ("Algorithm", "ECDSA_SHA_256"),
                    ("Digest", &digest),
                ]);
                if api == Api::AsymmetricVerify {
                    let out = self.ok(Api::AsymmetricSign, &call);
                    let value = out["Value"].as_str().unwrap().to_owned();
                    call.insert("Value".into(), value);
                }
                call
            }
            Api::GetPublicKey => {
                let (key, version) = self.asymmetric("EC_P256", "SIGN/VERIFY");
                params(&[("KeyId", &key), ("KeyVersionId", &version)])
            }
            // ReEncrypt and data-key export (docs/spec/keys-v2.md §4).
            Api::ReEncrypt => params(&[("CiphertextBlob", &self.blob), ("DestinationKeyId", k)]),
            Api::ExportDataKey => {
                let out = self.ok(
                    Api::GenerateDataKeyWithoutPlaintext,
                    &params(&[("KeyId", k)]),
                );
                let blob = out["CiphertextBlob"].as_str().unwrap();
                params(&[
                    ("CiphertextBlob", blob),
                    ("PublicKeyBlob", public_key_blob()),
                    ("WrappingKeySpec", "RSA_2048"),
                    ("WrappingAlgorithm", "RSAES_OAEP_SHA_256"),
                ])
            }
            Api::GenerateAndExportDataKey => params(&[
                ("KeyId", k),
                ("NumberOfBytes", "32"),
                ("PublicKeyBlob", public_key_blob()),
                ("WrappingKeySpec", "RSA_2048"),
                ("WrappingAlgorithm", "RSAES_OAEP_SHA_256"),
            ]),
            // Secrets Manager (docs/spec/secrets.md §4), on the World's secret.
            Api::CreateSecret => params(&[
                ("SecretName", "meta/new"),
                ("VersionId", "v1"),
                ("SecretData", "value"),
            ]),
            Api::GetSecretValue => {
                params(&[("SecretName", SECRET), ("VersionStage", "ACSCurrent")])
            }
            Api::PutSecretValue => params(&[
                ("SecretName", SECRET),
                ("VersionId", "v2"),
                ("SecretData", "value-2"),
            ]),
            Api::UpdateSecretVersionStage => params(&[
                ("SecretName", SECRET),
                ("VersionStage", "Custom"),
                ("MoveToVersion", "v1"),
            ]),
            Api::ListSecretVersionIds => params(&[
                ("SecretName", SECRET),
                ("PageNumber", "1"),
                ("PageSize", "10"),
            ]),
            Api::DescribeSecret => params(&[("SecretName", SECRET), ("FetchTags", "true")]),
            Api::ListSecrets => params(&[
                ("FetchTags", "true"),
                ("PageNumber", "1"),
                ("PageSize", "10"),
            ]),
            Api::UpdateSecret => params(&[("SecretName", SECRET), ("Description", "meta")]),
            Api::DeleteSecret => params(&[("SecretName", SECRET), ("RecoveryWindowInDays", "7")]),
            Api::RestoreSecret => {
                self.ok(Api::DeleteSecret, &params(&[("SecretName", SECRET)]));
                params(&[("SecretName", SECRET)])
            }
            Api::GetRandomPassword => params(&[("PasswordLength", "32")]),
            // Never succeed on a Generic reference secret (D-213, D-222): the valid call is the
            // one that gets as far as the type or the policy.
            Api::RotateSecret => params(&[("SecretName", SECRET), ("VersionId", "v2")]),
            Api::UpdateSecretRotationPolicy => params(&[
                ("SecretName", SECRET),
                ("EnableAutomaticRotation", "true"),
                ("RotationInterval", "30d"),
            ]),
            Api::GetSecretPolicy => params(&[("SecretName", SECRET), ("PolicyName", "default")]),
            Api::SetSecretPolicy => params(&[
                ("SecretName", SECRET),
                ("PolicyName", "default"),
                ("Policy", r#"{"Version":"1","Statement":[]}"#),
            ]),
            other => panic!("no valid call of {other}"),
        }
    }
}

/// A caller's RSA_2048 public key as a `PublicKeyBlob` (Base64 DER SPKI, D-118), made once.
fn public_key_blob() -> &'static str {
    static BLOB: OnceLock<String> = OnceLock::new();
    BLOB.get_or_init(|| {
        let pair = KeyPair::generate(KeySpec::Rsa2048, &SeededRandom::new(11)).unwrap();
        STANDARD.encode(pair.public_key().to_spki_der().unwrap())
    })
}

// ---------------------------------------------------------------------------------------------
// The ledger: every check's outcome, matched against KNOWN_GAPS and EXPLAINED.

#[derive(Default)]
struct Ledger {
    /// (api, check) of every check that found a difference.
    differs: BTreeSet<(String, String)>,
    /// (api, check) of every check that agreed.
    agrees: BTreeSet<(String, String)>,
    /// What a difference looked like, for the failure message.
    detail: BTreeMap<(String, String), String>,
    counts: BTreeMap<&'static str, usize>,
}

impl Ledger {
    fn check(&mut self, family: &'static str, api: Api, what: String, ok: bool, detail: String) {
        *self.counts.entry(family).or_default() += 1;
        if std::env::var_os("METADATA_TRACE").is_some() {
            eprintln!(
                "{family} {api} {what}: {}",
                if ok { "agrees" } else { "differs" }
            );
        }
        let key = (api.name().to_owned(), what);
        if ok {
            self.agrees.insert(key);
        } else {
            self.detail.insert(key.clone(), detail);
            self.differs.insert(key);
        }
    }

    /// Fails on a difference no row covers, and on a row whose difference is gone.
    fn settle(&self, families: &[&str]) {
        let listed: BTreeMap<(String, String), String> = KNOWN_GAPS
            .iter()
            .map(|(a, w, id)| (((*a).to_owned(), (*w).to_owned()), format!("gap {id}")))
            .chain(EXPLAINED.iter().map(|(a, w, why)| {
                (
                    ((*a).to_owned(), (*w).to_owned()),
                    format!("explained ({why})"),
                )
            }))
            .collect();
        let mut problems = Vec::new();
        for key in &self.differs {
            if !listed.contains_key(key) {
                problems.push(format!(
                    "{} differs from the metadata: {} ({})",
                    key.0, key.1, self.detail[key]
                ));
            }
        }
        for (key, row) in &listed {
            if !families.iter().any(|f| key.1.starts_with(f)) {
                continue;
            }
            if self.agrees.contains(key) {
                problems.push(format!(
                    "{row} is fixed: {} `{}` now agrees with the metadata; remove it from \
                     KNOWN_GAPS / EXPLAINED",
                    key.0, key.1
                ));
            } else if !self.differs.contains(key) {
                problems.push(format!(
                    "{row}: {} `{}` matches no check; remove or correct the row",
                    key.0, key.1
                ));
            }
        }
        eprintln!("checks: {:?}", self.counts);
        assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    }
}

fn describe(r: &Result<Map<String, Value>, KmsError>) -> String {
    match r {
        Ok(_) => "accepted".to_owned(),
        Err(e) => format!(
            "{} {} ({})",
            e.code().as_str(),
            e.http_status(),
            e.message()
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// The checks.

#[test]
fn the_contract_covers_exactly_the_served_apis_and_every_row_names_a_real_id() {
    let c = contract();
    let names: BTreeSet<&str> = c["apis"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let ours: BTreeSet<&str> = contract_apis().map(|a| a.name()).collect();
    assert_eq!(names, ours);
    assert_eq!(
        c["source"]["commit"],
        "2da261e490af93414113673cdeb6bb7305b3212d"
    );
    let specs = [
        include_str!("../../docs/spec/fidelity.md"),
        include_str!("../../docs/spec/decisions.md"),
    ]
    .concat();
    let partly = partly_in_force(include_str!("../../docs/spec/decisions-next.md"));
    for id in KNOWN_GAPS
        .iter()
        .map(|r| r.2)
        .chain(CODE_COVER.iter().map(|r| r.2))
    {
        if id.starts_with("docs/spec/kms-api.md") {
            continue;
        }
        let anchor = if id.starts_with("D-") {
            format!("### {id}:")
        } else {
            format!("| {id} |")
        };
        assert!(
            specs.contains(&anchor) || partly.contains(id),
            "{id} is not in docs/spec"
        );
    }
}

/// The proposed decisions of which some part is in force: their entry in decisions-next.md
/// carries a `Parts in force:` paragraph saying which.
fn partly_in_force(next: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut current = None;
    for line in next.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            current = heading.split(':').next();
        } else if line.starts_with("Parts in force:")
            && let Some(id) = current
        {
            out.insert(id);
        }
    }
    out
}

#[test]
fn every_required_parameter_missing_is_missing_parameter_naming_it() {
    let c = contract();
    let mut ledger = Ledger::default();
    for api in contract_apis() {
        for p in params_of(&c, api) {
            if p["required"] != json!(true) {
                continue;
            }
            let name = p["name"].as_str().unwrap();
            let w = World::new();
            let mut call = w.valid(api);
            let items: Vec<String> = call
                .keys()
                .filter(|k| k.starts_with(&format!("{name}.")))
                .cloned()
                .collect();
            let repeat = p["style"] == json!("repeatList") && !items.is_empty();
            for item in &items {
                call.remove(item);
            }
            // RegionId is a common parameter the gateway takes out of every call (D-119).
            assert!(
                repeat || call.remove(name).is_some() || name == "RegionId",
                "{api}: no {name} in the valid call"
            );
            let r = w.call(api, &call);
            let ok = matches!(&r, Err(e) if e.code() == ErrorCode::MissingParameter
                && e.http_status() == 400
                && e.message().contains(&format!("\"{name}\"")));
            ledger.check(
                "missing",
                api,
                format!("missing {name} gives MissingParameter"),
                ok,
                describe(&r),
            );
        }
    }
    ledger.settle(&["missing"]);
}

/// One bound of the contract: (api, parameter, kind, min, max).
type Bound = (Api, String, String, Option<i64>, Option<i64>);

fn bounds(c: &Value) -> Vec<Bound> {
    let mut out = Vec::new();
    for api in contract_apis() {
        let a = api_contract(c, api);
        for p in params_of(c, api) {
            let name = p["name"].as_str().unwrap().to_owned();
            let (lo, hi) = (p["minimum"].as_i64(), p["maximum"].as_i64());
            if lo.is_some() || hi.is_some() {
                out.push((api, name.clone(), "value".to_owned(), lo, hi));
            }
            for b in p["description_bounds"].as_array().into_iter().flatten() {
                out.push((
                    api,
                    name.clone(),
                    b["kind"].as_str().unwrap().to_owned(),
                    b["min"].as_i64(),
                    b["max"].as_i64(),
                ));
            }
        }
        // The API-level bound is about the tags a resource may carry.
        for b in a["description_bounds"].as_array().into_iter().flatten() {
            out.push((
                api,
                "Tags".to_owned(),
                b["kind"].as_str().unwrap().to_owned(),
                b["min"].as_i64(),
                b["max"].as_i64(),
            ));
        }
    }
    out
}

fn repeat_json(n: i64, item: impl Fn(i64) -> Value) -> String {
    Value::Array((0..n).map(item).collect()).to_string()
}

/// The call that gives `param` the size `n` for the bound `kind` (`wide`: of 2-byte
/// characters), after any set-up it needs in `w`.
fn sized_call(w: &World, api: Api, param: &str, kind: &str, n: i64, wide: bool) -> Params {
    let text = |n: i64| {
        if wide {
            "é".repeat(usize::try_from(n / 2).unwrap())
        } else {
            "a".repeat(usize::try_from(n).unwrap())
        }
    };
    let mut call = w.valid(api);
    let mut set = |v: String| {
        call.insert(param.to_owned(), v);
    };
    match (api, param, kind) {
        (_, _, "value") => set(n.to_string()),
        (Api::CreateKey, "RotationInterval", "value_days") => {
            set(format!("{n}d"));
            call.insert("EnableAutomaticRotation".into(), "true".into());
        }
        (Api::CreateKey, "Description" | "Policy", _) => set(text(n)),
        (Api::CreateKey, "Tags", "items") | (Api::TagResource, "Tags", "tags_per_resource") => {
            set(repeat_json(
                n,
                |i| json!({"TagKey": format!("k{i}"), "TagValue": "v"}),
            ));
        }
        (Api::CreateKey, "Tags", "tag_text_chars") => {
            set(json!([{"TagKey": text(n), "TagValue": text(n)}]).to_string());
        }
        (Api::CreateAlias | Api::UpdateAlias | Api::DeleteAlias, "AliasName", _) => {
            let name = format!("alias/{}", text(n - 6));
            if api != Api::CreateAlias {
                let _ = w.call(
                    Api::CreateAlias,
                    &params(&[("AliasName", &name), ("KeyId", &w.key)]),
                );
            }
            set(name);
        }
        (Api::ListKeys, "Filters", "items") => {
            set(repeat_json(
                n,
                |_| json!({"Key": "KeyState", "Values": ["Enabled"]}),
            ));
        }
        (Api::ListKeys, "Filters", "items_of_values") => {
            let values: Vec<Value> = (0..n).map(|_| json!("Enabled")).collect();
            set(json!([{"Key": "KeyState", "Values": values}]).to_string());
        }
        (Api::UntagResource, "TagKeys", "length_bytes") => set(json!([text(n)]).to_string()),
        (Api::CreateSecret, "Policy", _) => set(text(n)),
        (Api::CreateSecret, "Tags", "tag_text_chars") => {
            set(json!([{"TagKey": text(n), "TagValue": text(n)}]).to_string());
        }
        // ListSecrets: a SecretName value has 1 to 192 characters, a Description, TagKey or
        // TagValue value 1 to 256 (docs/spec/secrets.md §4.8).
        (Api::ListSecrets, "Filters", "length_chars") => {
            let key = if n <= 193 {
                "SecretName"
            } else {
                "Description"
            };
            set(json!([{"Key": key, "Values": [text(n)]}]).to_string());
        }
        (Api::ListSecrets, "Filters", "items") => {
            set(repeat_json(
                n,
                |_| json!({"Key": "SecretName", "Values": ["x"]}),
            ));
        }
        (Api::ListSecrets, "Filters", "items_of_values") => {
            let values: Vec<Value> = (0..n).map(|_| json!("x")).collect();
            set(json!([{"Key": "SecretName", "Values": values}]).to_string());
        }
        other => panic!("no probe for the bound {other:?}; add one or list it in UNPROBED"),
    }
    call
}

#[test]
fn every_documented_bound_is_accepted_and_the_next_value_refused() {
    let c = contract();
    let mut ledger = Ledger::default();
    let mut seen = BTreeSet::new();
    for (api, param, kind, lo, hi) in bounds(&c) {
        let unprobed = |end: &str| {
            UNPROBED.iter().any(|(a, w, _)| {
                (*a == "*" || *a == api.name()) && *w == format!("{param} {kind} {end}")
            })
        };
        let lengthy = kind != "value" && kind != "value_days";
        let mut probes: Vec<(i64, bool, bool)> = Vec::new(); // (n, accepted?, wide)
        if let Some(lo) = lo.filter(|_| !unprobed("min")) {
            probes.push((lo, true, false));
            if !(lengthy && lo == 0) {
                probes.push((lo - 1, false, false));
            }
        }
        if let Some(hi) = hi.filter(|_| !unprobed("max")) {
            probes.push((hi, true, false));
            probes.push((hi + 1, false, false));
            if kind == "length_bytes" {
                probes.push((hi + 2, false, true));
            }
        }
        for (n, accepted, wide) in probes {
            let what = format!(
                "{param} {kind} {n}{} {}",
                if wide { " (2-byte chars)" } else { "" },
                if accepted { "accepted" } else { "refused" }
            );
            if !seen.insert((api, what.clone())) {
                continue; // the same probe from the structured field and the description
            }
            let w = World::new();
            let call = sized_call(&w, api, &param, &kind, n, wide);
            let r = w.call(api, &call);
            let ok = match &r {
                Ok(_) => accepted,
                Err(e) => {
                    !accepted
                        && e.code() == ErrorCode::InvalidParameter
                        && e.message().contains(&format!("\"{param}\""))
                }
            };
            ledger.check("bound", api, what, ok, describe(&r));
        }
    }
    // RotationInterval is 7 to 365 days for CreateKey and UpdateRotationPolicy alike
    // (docs/spec/keys-v2.md §2.4, docs/spec/decisions.md D-104).
    for api in [Api::CreateKey, Api::UpdateRotationPolicy] {
        for (interval, accepted) in [("6d", false), ("7d", true), ("365d", true), ("366d", false)] {
            let w = World::new();
            let mut call = params(&[
                ("EnableAutomaticRotation", "true"),
                ("RotationInterval", interval),
            ]);
            if api == Api::UpdateRotationPolicy {
                call.insert("KeyId".into(), w.key.clone());
            }
            let r = w.call(api, &call);
            let ok = match &r {
                Ok(_) => accepted,
                Err(e) => !accepted && e.message().contains("RotationInterval"),
            };
            let what = format!(
                "RotationInterval {interval} {}",
                if accepted { "accepted" } else { "refused" }
            );
            ledger.check("bound", api, what, ok, describe(&r));
        }
    }
    ledger.settle(&[
        "Tags",
        "Policy",
        "RotationInterval",
        "AliasName",
        "TagKeys",
        "PageSize",
        "PageNumber",
        "NumberOfBytes",
        "PendingWindowInDays",
        "Description",
        "Filters",
    ]);
}

/// Every path in a schema: `A.B`, `A.B[].C`.
fn schema_paths(schema: &Value, prefix: &str, out: &mut BTreeMap<String, String>) {
    let ty = schema["type"].as_str().unwrap_or("").to_owned();
    if !prefix.is_empty() {
        out.insert(prefix.to_owned(), ty.clone());
    }
    if let Some(props) = schema["properties"].as_object() {
        for (k, v) in props {
            let p = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            schema_paths(v, &p, out);
        }
    }
    if schema.get("items").is_some() {
        schema_paths(&schema["items"], &format!("{prefix}[]"), out);
    }
}

fn value_paths(v: &Value, prefix: &str, out: &mut BTreeMap<String, String>) {
    let ty = match v {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Null => "null",
    };
    if !prefix.is_empty() {
        out.insert(prefix.to_owned(), ty.to_owned());
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                value_paths(x, &p, out);
            }
        }
        Value::Array(items) => {
            for x in items {
                value_paths(x, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_response_field_is_in_the_schema_and_every_omission_is_listed() {
    let c = contract();
    let mut ledger = Ledger::default();
    for api in contract_apis() {
        let w = World::new();
        let call = w.valid(api);
        let answer = w.kms.handle_params(&Caller::root(), api.name(), &call);
        if let Some((_, code, _)) = NEVER_SUCCEED.iter().find(|(a, ..)| *a == api.name()) {
            let got = answer.result.as_ref().err().map(|e| e.code().as_str());
            assert_eq!(got, Some(*code), "{api}: the typical call");
            continue;
        }
        let mut body = answer.result.unwrap_or_else(|e| {
            panic!(
                "{api}: the typical call failed: {} {}",
                e.code().as_str(),
                e.message()
            )
        });
        body.insert("RequestId".into(), Value::String(answer.request_id));
        let mut emitted = BTreeMap::new();
        value_paths(&Value::Object(body), "", &mut emitted);
        let mut documented = BTreeMap::new();
        schema_paths(&api_contract(&c, api)["response"], "", &mut documented);
        for (path, ty) in &emitted {
            let what = format!("response: {path} emitted, not in the schema");
            ledger.check(
                "response",
                api,
                what,
                documented.contains_key(path),
                String::new(),
            );
            if let Some(want) = documented.get(path) {
                ledger.check(
                    "response",
                    api,
                    format!("response: {path} is {want}"),
                    want == ty,
                    format!("emitted as {ty}"),
                );
            }
        }
        for path in documented.keys() {
            let what = format!("response: {path} in the schema, not emitted");
            ledger.check(
                "response",
                api,
                what,
                emitted.contains_key(path),
                String::new(),
            );
        }
    }
    ledger.settle(&["response"]);
}

/// (api, code) for every code a scenario tagged with the API expects.
fn codes_the_scenarios_expect() -> BTreeSet<(Api, String)> {
    let known: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../features");
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(root)];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "feature") {
                files.push(p);
            }
        }
    }
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let (mut feature_tags, mut pending, mut current) = (
            Vec::<String>::new(),
            Vec::<String>::new(),
            Vec::<Api>::new(),
        );
        for line in text.lines().map(str::trim) {
            if line.starts_with('@') {
                pending.extend(line.split_whitespace().map(str::to_owned));
            } else if line.starts_with("Feature:") {
                feature_tags = std::mem::take(&mut pending);
            } else if line.starts_with("Scenario") || line.starts_with("Background") {
                current = feature_tags
                    .iter()
                    .chain(&pending)
                    .filter_map(|t| Api::from_name(t.trim_start_matches('@')))
                    .collect();
                pending.clear();
            } else if line.contains("fails with")
                || line.contains("outcome is")
                || line.starts_with('|')
            {
                let words: Vec<&str> = line
                    .split(|ch: char| ch.is_whitespace() || ch == '|' || ch == '`')
                    .collect();
                // A table row naming APIs speaks of those APIs only.
                let named: Vec<Api> = words.iter().filter_map(|w| Api::from_name(w)).collect();
                let apis = if named.is_empty() { &current } else { &named };
                for word in words
                    .iter()
                    .filter(|w| known.contains(*w) && !LOOKUP_CODES.contains(w))
                {
                    for &api in apis {
                        out.insert((api, (*word).to_owned()));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_error_code_an_api_returns_is_documented_or_covered() {
    let c = contract();
    let mut problems = Vec::new();
    // BatchGetSecretValue has no documented codes to compare with (NOT_IN_CONTRACT).
    let mut codes: BTreeSet<(Api, String)> = codes_the_scenarios_expect()
        .into_iter()
        .filter(|(api, _)| !NOT_IN_CONTRACT.contains(api))
        .collect();
    // The calls of this test: MissingParameter and InvalidParameter everywhere it probes.
    for api in contract_apis() {
        if params_of(&c, api)
            .iter()
            .any(|p| p["required"] == json!(true))
        {
            codes.insert((api, "MissingParameter".into()));
        }
    }
    let mut used = BTreeSet::new();
    for (api, code) in &codes {
        let documented = api_contract(&c, *api)["errorCodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == json!(code));
        let cover = CODE_COVER
            .iter()
            .position(|(a, k, _)| (*a == "*" || *a == api.name()) && k == code);
        match (documented, cover) {
            (true, _) => {}
            (false, Some(i)) => {
                used.insert(i);
            }
            (false, None) => problems.push(format!(
                "{api} returns {code}, which its metadata does not document and CODE_COVER \
                 does not cover"
            )),
        }
    }
    for (i, row) in CODE_COVER.iter().enumerate() {
        if !used.contains(&i) {
            problems.push(format!("CODE_COVER row {row:?} covers nothing; remove it"));
        }
    }
    // Documented statuses against the reference's table, for the codes it knows.
    let mut ledger = Ledger::default();
    for api in contract_apis() {
        for e in api_contract(&c, api)["errorCodes"].as_array().unwrap() {
            let (code, status) = (
                e["code"].as_str().unwrap(),
                e["httpStatus"].as_i64().unwrap(),
            );
            if let Some(ours) = ErrorCode::ALL.iter().find(|k| k.as_str() == code) {
                ledger.check(
                    "status",
                    api,
                    format!(
                        "status: {code} documented {status}, the reference {}",
                        ours.http_status()
                    ),
                    i64::from(ours.http_status()) == status,
                    String::new(),
                );
            }
        }
    }
    eprintln!("codes checked: {} (api, code) pairs", codes.len());
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    ledger.settle(&["status"]);
}

#[test]
fn the_reference_descriptions_agree_with_the_metadata() {
    let c = contract();
    let mut ledger = Ledger::default();
    for api in contract_apis() {
        let ours = api.description().params;
        let theirs = params_of(&c, api);
        for p in &theirs {
            let name = p["name"].as_str().unwrap();
            let required = p["required"] == json!(true);
            match ours.iter().find(|q| q.name == name) {
                None => ledger.check(
                    "description",
                    api,
                    format!("description: {name} of the metadata is not described"),
                    false,
                    String::new(),
                ),
                Some(q) => {
                    let ours_required = q.presence != Presence::Optional;
                    let what = if required {
                        format!(
                            "description: {name} required in the metadata, {:?}",
                            q.presence
                        )
                    } else {
                        format!(
                            "description: {name} {:?}, optional in the metadata",
                            q.presence
                        )
                    };
                    ledger.check(
                        "description",
                        api,
                        what,
                        required == ours_required,
                        String::new(),
                    );
                }
            }
        }
        for q in ours {
            let known = theirs.iter().any(|p| p["name"] == json!(q.name));
            ledger.check(
                "description",
                api,
                format!("description: {} is not in the metadata", q.name),
                known,
                String::new(),
            );
        }
    }
    ledger.settle(&["description"]);
}

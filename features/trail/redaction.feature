@trail @needs-trail
Feature: Audit events never carry secrets
  `requestParameters` records what the caller sent, but never `Plaintext`, `CiphertextBlob`,
  `EncryptedKeyMaterial`, `ImportToken` or `PublicKey`, and an event has no `responseElements`,
  so no plaintext, data key, import token, key material or AccessKey secret reaches the trail
  (docs/spec/decisions.md D-049, D-050; docs/spec/kms-api.md §6.1: the documented KMS sample
  shows only `KeyId`). `referencedResources` names the keys a call acted on under `ACS::KMS::Key`
  (§6.1, inferred for KMS).

  @Encrypt @inferred @D-049 @D-050
  Scenario: The Encrypt event keeps KeyId and EncryptionContext but drops Plaintext
    Given a key k1
    When I encrypt "c2VjcmV0IHBsYWludGV4dA==" under k1 with context "{\"app\":\"kmsconf\"}"
    Then the call succeeds
    And I save the response field "CiphertextBlob" as blob1
    And the call left one audit event
    And the audit event field "requestParameters.KeyId" is "${k1}"
    And the audit event field "requestParameters.EncryptionContext" is not empty
    And the audit event has no field "requestParameters.Plaintext"
    And the audit event has no field "responseElements"
    And no audit event contains "${blob1}"
    And no audit event contains a secret of the scenario

  @Encrypt @documented
  Scenario: The Encrypt event names the key in requestParameters
    # §6.1: the documented KMS sample's requestParameters is {"KeyId": ...}.
    Given a key k1
    When I encrypt "aGVsbG8=" under k1
    Then the call left one audit event
    And the audit event field "requestParameters.KeyId" is "${k1}"

  @Encrypt @inferred @D-050
  Scenario: Encrypt through an alias records the alias as sent and references the resolved key
    Given a key k1
    And an alias a1 for k1
    When I encrypt "aGVsbG8gYWxpYXM=" under a1
    Then the call succeeds
    And the call left one audit event
    And the audit event field "requestParameters.KeyId" is "${a1}"
    And the audit event field "referencedResources.ACS::KMS::Key.0" is "${k1}"
    And the audit event has no field "requestParameters.Plaintext"

  @Encrypt @inferred @D-050
  Scenario: The Encrypt event references the key under ACS::KMS::Key
    Given a key k1
    When I encrypt "aGVsbG8=" under k1
    Then the call left one audit event
    And the audit event field "referencedResources.ACS::KMS::Key.0" is "${k1}"
    And the audit event has no field "referencedResources.ACS::KMS::Key.1"

  @Decrypt @inferred @D-049 @D-050
  Scenario: The Decrypt event drops CiphertextBlob and references the key found in the blob
    Given a key k1
    And the ciphertext blob1 of "ZGVjcnlwdCBtZQ==" under k1
    When I decrypt blob1
    Then the call succeeds
    And the response field "Plaintext" is "ZGVjcnlwdCBtZQ=="
    And the call left one audit event
    And the audit event field "eventName" is "Decrypt"
    And the audit event has no field "requestParameters.CiphertextBlob"
    And the audit event has no field "requestParameters.Plaintext"
    And the audit event has no field "responseElements"
    And the audit event field "referencedResources.ACS::KMS::Key.0" is "${k1}"
    And no audit event contains "${blob1}"
    And no audit event contains a secret of the scenario

  @Decrypt @inferred @D-049 @D-031
  Scenario: A Decrypt with the wrong EncryptionContext fails and still leaks neither blob nor plaintext
    Given a key k1
    And the ciphertext blob1 of "Y29udGV4dCBib3VuZA==" under k1 with context "{\"k\":\"v\"}"
    When I decrypt blob1 with context "{\"k\":\"other\"}"
    Then the call fails with InvalidParameter
    And the call left one audit event
    And the audit event field "errorCode" is "InvalidParameter"
    And the audit event has no field "requestParameters.CiphertextBlob"
    And no audit event contains "${blob1}"
    And no audit event contains a secret of the scenario

  @GenerateDataKey @inferred @D-049
  Scenario: The GenerateDataKey event holds neither the data key nor its blob
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId   | ${k1}  |
      | KeySpec | AES_256 |
    Then the call succeeds
    And I save the response field "CiphertextBlob" as data_key_blob
    And the call left one audit event
    And the audit event field "requestParameters.KeyId" is "${k1}"
    And the audit event field "requestParameters.KeySpec" is "AES_256"
    And the audit event has no field "responseElements"
    And the audit event field "referencedResources.ACS::KMS::Key.0" is "${k1}"
    And no audit event contains "${data_key_blob}"
    And no audit event contains a secret of the scenario

  @GenerateDataKey @Decrypt @inferred @D-049
  Scenario: Generating a data key and decrypting its blob leaves the data key out of every event
    Given a key k1
    When I call GenerateDataKey on k1
    Then the call succeeds
    And I save the response field "CiphertextBlob" as data_key_blob
    When I decrypt data_key_blob
    Then the call succeeds
    And the call left one audit event
    And the audit event has no field "requestParameters.CiphertextBlob"
    And no audit event contains a secret of the scenario

  @GenerateDataKeyWithoutPlaintext @inferred @D-049
  Scenario: The GenerateDataKeyWithoutPlaintext event does not hold the returned blob
    Given a key k1
    When I call GenerateDataKeyWithoutPlaintext on k1
    Then the call succeeds
    And I save the response field "CiphertextBlob" as data_key_blob
    And the call left one audit event
    And the audit event field "requestParameters.KeyId" is "${k1}"
    And the audit event has no field "responseElements"
    And no audit event contains "${data_key_blob}"

  @GetParametersForImport @inferred @D-049
  Scenario: The GetParametersForImport event carries neither the public key nor the import token
    Given an external key k1
    When I request import parameters for k1 with RSAES_OAEP_SHA_1
    Then the call succeeds
    And I save the response field "PublicKey" as public_key
    And the call left one audit event
    And the audit event field "eventName" is "GetParametersForImport"
    And the audit event field "requestParameters.KeyId" is "${k1}"
    And the audit event field "requestParameters.WrappingAlgorithm" is "RSAES_OAEP_SHA_1"
    And the audit event field "requestParameters.WrappingKeySpec" is "RSA_2048"
    And the audit event has no field "requestParameters.PublicKey"
    And the audit event has no field "responseElements"
    And no audit event contains "${public_key}"
    And no audit event contains a secret of the scenario

  @ImportKeyMaterial @inferred @D-049
  Scenario: The ImportKeyMaterial event carries neither the wrapped material nor the import token
    Given an external key k1
    When I request import parameters for k1
    And I save the response field "PublicKey" as public_key
    And I import key material m1 into k1
    Then the call succeeds
    And the call left one audit event
    And the audit event field "eventName" is "ImportKeyMaterial"
    And the audit event field "requestParameters.KeyId" is "${k1}"
    And the audit event has no field "requestParameters.EncryptedKeyMaterial"
    And the audit event has no field "requestParameters.ImportToken"
    And the audit event field "referencedResources.ACS::KMS::Key.0" is "${k1}"
    And no audit event contains "${public_key}"
    And no audit event contains a secret of the scenario

  @ImportKeyMaterial @inferred @D-049 @D-050
  Scenario: An import with an expiry records KeyMaterialExpireUnix but not the material
    Given an external key k1
    When I import key material m1 into k1 expiring in 2 days
    Then the call succeeds
    And the call left one audit event
    And the audit event field "requestParameters.KeyMaterialExpireUnix" is not empty
    And the audit event has no field "requestParameters.EncryptedKeyMaterial"
    And the audit event has no field "requestParameters.ImportToken"
    And no audit event contains a secret of the scenario

  @GetParametersForImport @ImportKeyMaterial @DeleteKeyMaterial @Encrypt @Decrypt @inferred @D-049
  Scenario: The whole import flow, a re-import of the same material and its use leak no secret
    Given an external key k1 in state Enabled
    When I call DeleteKeyMaterial on k1
    Then the call succeeds
    When I request import parameters for k1 with RSAES_PKCS1_V1_5
    And I save the response field "PublicKey" as public_key
    And I import key material k1.material into k1
    Then the call succeeds
    And key k1 is in state Enabled
    When I encrypt "aW1wb3J0ZWQga2V5IGRhdGE=" under k1
    Then I save the response field "CiphertextBlob" as blob1
    When I decrypt blob1
    Then the call succeeds
    And no audit event contains "${public_key}"
    And no audit event contains "${blob1}"
    And no audit event contains a secret of the scenario

  @ImportKeyMaterial @inferred @D-049
  Scenario: A rejected import of different material into an Enabled key leaks neither material
    Given an external key k1 in state Enabled
    When I import key material m1 into k1
    Then the call fails with InvalidKeyMaterial
    And the call left one audit event
    And the audit event field "errorCode" is "InvalidKeyMaterial"
    And the audit event has no field "requestParameters.EncryptedKeyMaterial"
    And the audit event has no field "requestParameters.ImportToken"
    And no audit event contains a secret of the scenario

  @Encrypt @authz @inferred @needs-ram @D-049
  Scenario: A RAM user's AccessKey secret and plaintexts appear in no event
    Given a key k1
    And a user alice
    When I save the response field "User.UserName" as alice_name
    Given user alice also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*"}]}
      """
    When I call RAM CreateAccessKey with:
      | UserName | ${alice_name} |
    Then the call succeeds
    And the response field "AccessKey.AccessKeySecret" is not empty
    When alice encrypts "dXNlciBzZWNyZXQ=" under k1
    Then the call succeeds
    And I save the response field "CiphertextBlob" as blob1
    When alice decrypts blob1
    Then the call succeeds
    And no audit event contains "${blob1}"
    And no audit event contains a secret of the scenario

  @Encrypt @authz @inferred @needs-ram @D-049
  Scenario: A Plaintext sent in a denied Encrypt appears in no event
    Given a key k1
    And a user alice
    When alice encrypts "ZGVuaWVkIHNlY3JldA==" under k1
    Then the call is denied
    And the call left one audit event
    And the audit event has no field "requestParameters.Plaintext"
    And no audit event contains a secret of the scenario

  @Encrypt @inferred @D-049
  Scenario: A Plaintext sent to a key that does not exist appears in no event
    Given a key k1
    When I call Encrypt with:
      | KeyId     | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
      | Plaintext | bWlzc2luZyBrZXkgc2VjcmV0             |
    Then the call fails with Forbidden.KeyNotFound
    And the call left one audit event
    And the audit event has no field "requestParameters.Plaintext"
    And no audit event contains a secret of the scenario

  # CreateKey's `DKMSInstanceId`, `Policy` and `KeyStorageMechanism` are decoded parameters like
  # the others (docs/spec/kms-api.md §2.3 CreateKey), so the event records them as sent (D-050).
  @CreateKey @inferred @D-050 @D-060 @D-062 @D-063
  Scenario: The CreateKey event records DKMSInstanceId, Policy and KeyStorageMechanism as sent
    When I call CreateKey with:
      | DKMSInstanceId | kst-hzz62d8f5e0sgtx8h0000 |
    Then the call fails with Forbidden.DKMSInstanceNotFound
    And the call left one audit event
    And the audit event field "errorCode" is "Forbidden.DKMSInstanceNotFound"
    And the audit event field "requestParameters.DKMSInstanceId" is "kst-hzz62d8f5e0sgtx8h0000"
    When I call CreateKey with:
      | Policy | {"Version":"1","Statement":[]} |
    Then the call fails with UnsupportedOperation
    And the call left one audit event
    And the audit event field "requestParameters.Policy" is "{\"Version\":\"1\",\"Statement\":[]}"
    When I call CreateKey with:
      | KeyStorageMechanism | HSM_KEY |
    Then the call succeeds
    And the call left one audit event
    And the audit event field "requestParameters.KeyStorageMechanism" is "HSM_KEY"

  # ReEncrypt and data-key export (docs/spec/keys-v2.md §7): the blobs, the caller's public key
  # and the exported key are payloads, dropped or never recorded (D-127, the part in force for
  # these APIs); names, ids, contexts and algorithms are kept.
  @ReEncrypt @inferred @D-049 @D-127
  Scenario: The ReEncrypt event drops both blobs and keeps the keys and contexts
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "cmVlbmNyeXB0IG1l" under k1 with context '{"from":"k1"}'
    When I call ReEncrypt with:
      | CiphertextBlob               | ${blob1}      |
      | SourceEncryptionContext      | {"from":"k1"} |
      | DestinationKeyId             | ${k2}         |
      | DestinationEncryptionContext | {"to":"k2"}   |
    Then the call succeeds
    And I save the response field "CiphertextBlob" as blob2
    And the call left one audit event
    And the audit event has no field "requestParameters.CiphertextBlob"
    And the audit event field "requestParameters.DestinationKeyId" is "${k2}"
    And the audit event field "requestParameters.SourceEncryptionContext" is not empty
    And the audit event field "requestParameters.DestinationEncryptionContext" is not empty
    And the audit event field "referencedResources.ACS::KMS::Key.0" is "${k1}"
    And the audit event field "referencedResources.ACS::KMS::Key.1" is "${k2}"
    And no audit event contains "${blob1}"
    And no audit event contains "${blob2}"
    And no audit event contains a secret of the scenario

  @ExportDataKey @inferred @D-049 @D-127
  Scenario: The ExportDataKey event drops the blob and the PublicKeyBlob, and never holds the exported key
    Given a key k1
    And a client key pair w1
    When I call GenerateDataKey on k1
    And I save the response field "CiphertextBlob" as blob1
    And I call ExportDataKey with:
      | CiphertextBlob    | ${blob1}           |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call succeeds
    And I save the response field "ExportedDataKey" as x1
    And the call left one audit event
    And the audit event has no field "requestParameters.CiphertextBlob"
    And the audit event has no field "requestParameters.PublicKeyBlob"
    And the audit event field "requestParameters.WrappingAlgorithm" is "RSAES_OAEP_SHA_256"
    And the audit event field "requestParameters.WrappingKeySpec" is "RSA_2048"
    And the audit event field "referencedResources.ACS::KMS::Key.0" is "${k1}"
    And the audit event has no field "responseElements"
    And no audit event contains "${blob1}"
    And no audit event contains "${w1.blob}"
    And no audit event contains "${x1}"
    And no audit event contains a secret of the scenario

  @GenerateAndExportDataKey @inferred @D-049 @D-127
  Scenario: The GenerateAndExportDataKey event keeps the KeyId and drops the PublicKeyBlob
    Given a key k1
    And a client key pair w1
    When I call GenerateAndExportDataKey with:
      | KeyId             | ${k1}            |
      | PublicKeyBlob     | ${w1.blob}       |
      | WrappingKeySpec   | RSA_2048         |
      | WrappingAlgorithm | RSAES_OAEP_SHA_1 |
    Then the call succeeds
    And I save the response field "CiphertextBlob" as blob1
    And I save the response field "ExportedDataKey" as x1
    And the call left one audit event
    And the audit event field "requestParameters.KeyId" is "${k1}"
    And the audit event has no field "requestParameters.PublicKeyBlob"
    And no audit event contains "${w1.blob}"
    And no audit event contains "${blob1}"
    And no audit event contains "${x1}"
    And no audit event contains a secret of the scenario

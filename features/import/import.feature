@import
Feature: Import of key material (BYOK)
  An EXTERNAL key is created in PendingImport. GetParametersForImport hands out an RSA-2048
  public key and a token valid for 24 hours; ImportKeyMaterial takes the 32 bytes of material
  wrapped with that key and moves the key to Enabled; DeleteKeyMaterial takes it back to
  PendingImport, and only the same material can be imported again (docs/spec/kms-api.md §2.3, §4).

  @GetParametersForImport @ImportKeyMaterial @Encrypt @Decrypt @documented @D-040
  Scenario Outline: The whole import flow with <algorithm> ends in Enabled and a working key
    Given an external key k1
    When I request import parameters for k1 with <algorithm>
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "ImportToken" is not empty
    And the response field "PublicKey" matches "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A[A-Za-z0-9+/]{360}"
    And the response field "TokenExpireTime" matches "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
    When I import key material m1 into k1
    Then the call succeeds
    And key k1 is in state Enabled
    When I encrypt "aGVsbG8gYnlvaw==" under k1
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And I save the response field "CiphertextBlob" as blob1
    And blob1 decrypts to "aGVsbG8gYnlvaw=="

    Examples:
      | algorithm          |
      | RSAES_PKCS1_V1_5   |
      | RSAES_OAEP_SHA_1   |
      | RSAES_OAEP_SHA_256 |

  @GetParametersForImport @documented
  Scenario: The import token expires 24 hours after it is issued
    Given an external key k1
    When I request import parameters for k1
    Then the call succeeds
    And the response field "TokenExpireTime" is 24 hours from now

  @GetParametersForImport @documented
  Scenario: Each GetParametersForImport call returns a fresh token and public key
    Given an external key k1
    When I request import parameters for k1
    Then I save the response field "ImportToken" as token1
    And I save the response field "PublicKey" as publickey1
    When I request import parameters for k1
    Then the call succeeds
    And the response field "ImportToken" is not "${token1}"
    And the response field "PublicKey" is not "${publickey1}"

  @ImportKeyMaterial @DescribeKey @documented
  Scenario: After an import without expiry the key is EXTERNAL with an empty MaterialExpireTime
    Given an external key k1
    When I import key material m1 into k1
    Then the call succeeds
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.KeyState" is "Enabled"
    And the response field "KeyMetadata.Origin" is "EXTERNAL"
    And the response field "KeyMetadata.MaterialExpireTime" is empty

  @ImportKeyMaterial @DescribeKey @documented
  Scenario: MaterialExpireTime in DescribeKey shows the expiry given at import
    Given an external key k1
    When I import key material m1 into k1 expiring in 2 days
    Then the call succeeds
    When I call DescribeKey on k1
    Then the call succeeds
    And the response field "KeyMetadata.MaterialExpireTime" matches "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
    And the response field "KeyMetadata.MaterialExpireTime" is 48 hours from now
    And the response field "KeyMetadata.KeyState" is "Enabled"

  @GetParametersForImport @documented
  Scenario: GetParametersForImport on an Aliyun_KMS key is Unsupported.Origin
    Given a key k1
    When I request import parameters for k1
    Then the call fails with Unsupported.Origin

  @ImportKeyMaterial @documented
  Scenario: ImportKeyMaterial into an Aliyun_KMS key is Unsupported.Origin
    Given a key k1
    And an external key k2
    When I request import parameters for k2
    Then the call succeeds
    When I import key material m1 into k1 with the import parameters of k2
    Then the call fails with Unsupported.Origin

  @DeleteKeyMaterial @inferred @D-036
  Scenario: DeleteKeyMaterial on an Aliyun_KMS key is Unsupported.Origin
    Given a key k1
    When I call DeleteKeyMaterial on k1
    Then the call fails with Unsupported.Origin
    And key k1 is in state Enabled

  @GetParametersForImport @documented
  Scenario Outline: GetParametersForImport with <param> <value> is InvalidParameter
    Given an external key k1
    When I call GetParametersForImport with:
      | KeyId             | ${k1}         |
      | WrappingAlgorithm | <algorithm>   |
      | WrappingKeySpec   | <spec>        |
    Then the call fails with InvalidParameter
    And the error message mentions "<param>"

    Examples:
      | param             | value              | algorithm           | spec     |
      | WrappingAlgorithm | RSAES_OAEP_SHA_512 | RSAES_OAEP_SHA_512  | RSA_2048 |
      | WrappingAlgorithm | rsaes_pkcs1_v1_5   | rsaes_pkcs1_v1_5    | RSA_2048 |
      | WrappingKeySpec   | RSA_4096           | RSAES_OAEP_SHA_256  | RSA_4096 |
      | WrappingKeySpec   | RSA_1024           | RSAES_OAEP_SHA_256  | RSA_1024 |

  @GetParametersForImport @inferred @D-015
  Scenario Outline: GetParametersForImport with WrappingKeySpec EC_SM2 for a software key is InvalidParameter (<algorithm>)
    # EC_SM2 / SM2PKE apply only to HSM keys in mainland China (§4); the reference offers RSA_2048.
    Given an external key k1
    When I call GetParametersForImport with:
      | KeyId             | ${k1}       |
      | WrappingAlgorithm | <algorithm> |
      | WrappingKeySpec   | EC_SM2      |
    Then the call fails with InvalidParameter

    Examples:
      | algorithm          |
      | SM2PKE             |
      | RSAES_OAEP_SHA_256 |

  @GetParametersForImport @documented
  Scenario Outline: GetParametersForImport without <param> is MissingParameter
    Given an external key k1
    When I call GetParametersForImport with:
      | KeyId    | ${k1}   |
      | <other>  | <value> |
    Then the call fails with MissingParameter
    And the error message mentions "<param>"

    Examples:
      | param             | other             | value              |
      | WrappingAlgorithm | WrappingKeySpec   | RSA_2048           |
      | WrappingKeySpec   | WrappingAlgorithm | RSAES_OAEP_SHA_256 |

  @GetParametersForImport @documented
  Scenario: GetParametersForImport for a key that does not exist is Forbidden.KeyNotFound
    When I call GetParametersForImport with:
      | KeyId             | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256                   |
      | WrappingKeySpec   | RSA_2048                             |
    Then the call fails with Forbidden.KeyNotFound

  @ImportKeyMaterial @documented
  Scenario: ImportKeyMaterial with the token of another key is InvalidImportToken
    Given an external key k1
    And an external key k2
    When I request import parameters for k1
    Then the call succeeds
    When I request import parameters for k2
    Then the call succeeds
    When I import key material m1 into k1 with the import parameters of k2
    Then the call fails with InvalidImportToken
    And key k1 is in state PendingImport

  @ImportKeyMaterial @documented
  Scenario: ImportKeyMaterial with a token the service never issued is InvalidImportToken
    Given an external key k1
    When I request import parameters for k1
    Then the call succeeds
    When I import key material m1 into k1 with the import token "bm90LWFuLWlzc3VlZC10b2tlbi1ieS10aGUta21zLXNlcnZpY2U="
    Then the call fails with InvalidImportToken
    And key k1 is in state PendingImport

  @ImportKeyMaterial @documented @needs-clock
  Scenario: An import token still works 23 hours after it was issued
    Given an external key k1
    When I request import parameters for k1
    Then the call succeeds
    Given the clock advances 23 hours
    When I import key material m1 into k1
    Then the call succeeds
    And key k1 is in state Enabled

  @ImportKeyMaterial @documented @needs-clock
  Scenario: An import token used 25 hours after it was issued is ExpiredImportToken
    Given an external key k1
    When I request import parameters for k1
    Then the call succeeds
    Given the clock advances 25 hours
    When I import key material m1 into k1
    Then the call fails with ExpiredImportToken
    And key k1 is in state PendingImport

  @ImportKeyMaterial @documented
  Scenario Outline: Material wrapped with <used> under a token for <requested> is InvalidKeyMaterial
    Given an external key k1
    When I request import parameters for k1 with <requested>
    Then the call succeeds
    When I import key material m1 into k1 wrapped with <used>
    Then the call fails with InvalidKeyMaterial
    And key k1 is in state PendingImport

    Examples:
      | requested          | used               |
      | RSAES_OAEP_SHA_256 | RSAES_PKCS1_V1_5   |
      | RSAES_OAEP_SHA_1   | RSAES_OAEP_SHA_256 |
      | RSAES_PKCS1_V1_5   | RSAES_OAEP_SHA_1   |

  @ImportKeyMaterial @documented
  Scenario: 16 bytes of material for an Aliyun_AES_256 key is InvalidKeyMaterial
    Given an external key k1
    When I import 16 bytes of key material into k1
    Then the call fails with InvalidKeyMaterial
    And key k1 is in state PendingImport

  @ImportKeyMaterial @DeleteKeyMaterial @Decrypt @documented
  Scenario: The same material imported again after DeleteKeyMaterial brings old ciphertexts back
    Given an external key k1
    When I import key material m1 into k1
    Then the call succeeds
    When I encrypt "aGVsbG8=" under k1
    Then I save the response field "CiphertextBlob" as blob1
    When I call DeleteKeyMaterial on k1
    Then the call succeeds
    And key k1 is in state PendingImport
    When I import key material m1 into k1
    Then the call succeeds
    And key k1 is in state Enabled
    And blob1 decrypts to "aGVsbG8="

  @ImportKeyMaterial @DeleteKeyMaterial @documented
  Scenario: Different material after DeleteKeyMaterial is InvalidKeyMaterial
    Given an external key k1
    When I import key material m1 into k1
    Then the call succeeds
    When I call DeleteKeyMaterial on k1
    Then the call succeeds
    When I import key material m2 into k1
    Then the call fails with InvalidKeyMaterial
    And key k1 is in state PendingImport

  @ImportKeyMaterial @documented
  Scenario: Different material into a key that already holds material is InvalidKeyMaterial
    Given an external key k1
    When I import key material m1 into k1
    Then the call succeeds
    When I encrypt "aGVsbG8=" under k1
    Then I save the response field "CiphertextBlob" as blob1
    When I import key material m2 into k1
    Then the call fails with InvalidKeyMaterial
    And key k1 is in state Enabled
    And blob1 decrypts to "aGVsbG8="

  @ImportKeyMaterial @inferred @D-037 @D-038
  Scenario: Importing the same material into an Enabled key succeeds and keeps it Enabled
    Given an external key k1
    When I import key material m1 into k1
    Then the call succeeds
    When I import key material m1 into k1 expiring in 2 days
    Then the call succeeds
    And key k1 is in state Enabled
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.MaterialExpireTime" is 48 hours from now

  @ImportKeyMaterial @inferred @D-037
  Scenario: Importing the same material into a Disabled key keeps it Disabled
    Given an external key k1 in state Disabled
    When I import key material k1.material into k1
    Then the call succeeds
    And key k1 is in state Disabled

  @ImportKeyMaterial @documented
  Scenario: ImportKeyMaterial with KeyMaterialExpireUnix in the past is InvalidParameter
    Given an external key k1
    When I import key material m1 into k1 expiring in -1 hours
    Then the call fails with InvalidParameter
    And the error message mentions "KeyMaterialExpireUnix"
    And key k1 is in state PendingImport

  @ImportKeyMaterial @Encrypt @inferred @needs-clock @D-039
  Scenario: Material past its expiry leaves the key PendingImport and Encrypt is Rejected.PendingImport
    Given an external key k1
    When I import key material m1 into k1 expiring in 1 hours
    Then the call succeeds
    Given the clock advances 2 hours
    Then key k1 is in state PendingImport
    When I encrypt "aGVsbG8=" under k1
    Then the call fails with Rejected.PendingImport

  @ImportKeyMaterial @Encrypt @documented @needs-clock
  Scenario: Material before its expiry still encrypts
    Given an external key k1
    When I import key material m1 into k1 expiring in 2 hours
    Then the call succeeds
    Given the clock advances 1 hours
    When I encrypt "aGVsbG8=" under k1
    Then the call succeeds

  @ImportKeyMaterial @Decrypt @inferred @needs-clock @D-039
  Scenario: Re-importing the same material after it expired restores the key and its ciphertexts
    Given an external key k1
    When I import key material m1 into k1 expiring in 1 hours
    Then the call succeeds
    When I encrypt "aGVsbG8=" under k1
    Then I save the response field "CiphertextBlob" as blob1
    Given the clock advances 2 hours
    When I request import parameters for k1
    Then the call succeeds
    When I import key material m1 into k1
    Then the call succeeds
    And key k1 is in state Enabled
    And blob1 decrypts to "aGVsbG8="

  @DeleteKeyMaterial @documented
  Scenario: DeleteKeyMaterial takes an Enabled key to PendingImport and clears MaterialExpireTime
    Given an external key k1
    When I import key material m1 into k1 expiring in 2 days
    Then the call succeeds
    When I call DeleteKeyMaterial on k1
    Then the call succeeds
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.KeyState" is "PendingImport"
    And the response field "KeyMetadata.MaterialExpireTime" is empty

  @DeleteKeyMaterial @documented
  Scenario: DeleteKeyMaterial takes a Disabled key to PendingImport
    Given an external key k1 in state Disabled
    When I call DeleteKeyMaterial on k1
    Then the call succeeds
    And key k1 is in state PendingImport

  @DeleteKeyMaterial @documented
  Scenario: DeleteKeyMaterial on a PendingDeletion key keeps PendingDeletion and its DeleteDate
    Given an external key k1 in state PendingDeletion
    When I call DescribeKey on k1
    Then I save the response field "KeyMetadata.DeleteDate" as deletedate
    When I call DeleteKeyMaterial on k1
    Then the call succeeds
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.KeyState" is "PendingDeletion"
    And the response field "KeyMetadata.DeleteDate" is "${deletedate}"

  @DeleteKeyMaterial @documented
  Scenario: DeleteKeyMaterial for a key that does not exist is Forbidden.KeyNotFound
    When I call DeleteKeyMaterial with:
      | KeyId | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
    Then the call fails with Forbidden.KeyNotFound

  @ImportKeyMaterial @documented
  Scenario: ImportKeyMaterial into a PendingDeletion key is Rejected.StateModifiedFailed
    Given an external key k1 in state PendingDeletion
    When I import key material k1.material into k1
    Then the call fails with Rejected.StateModifiedFailed
    And key k1 is in state PendingDeletion

  @ImportKeyMaterial @documented
  Scenario Outline: ImportKeyMaterial without <param> is MissingParameter
    Given an external key k1
    When I request import parameters for k1
    Then the call succeeds
    When I call ImportKeyMaterial with:
      | KeyId   | ${k1}   |
      | <other> | <value> |
    Then the call fails with MissingParameter
    And the error message mentions "<param>"

    Examples:
      | param                | other                | value              |
      | EncryptedKeyMaterial | ImportToken          | ${k1.token}        |
      | ImportToken          | EncryptedKeyMaterial | AAAAAAAAAAAAAAAA   |

  # The order of the checks (docs/spec/decisions.md D-079): each scenario below breaks two
  # things at once, and the error is that of the earlier check.

  @ImportKeyMaterial @inferred @D-079
  Scenario: A past KeyMaterialExpireUnix for a key that does not exist is InvalidParameter
    When I call ImportKeyMaterial with:
      | KeyId                 | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
      | EncryptedKeyMaterial  | bm90IHdyYXBwZWQ=                     |
      | ImportToken           | bm90LWEtdG9rZW4=                     |
      | KeyMaterialExpireUnix | 1                                    |
    Then the call fails with InvalidParameter
    And the error message mentions "KeyMaterialExpireUnix"

  @ImportKeyMaterial @inferred @D-079
  Scenario: An Aliyun_KMS key in PendingDeletion is Rejected.StateModifiedFailed before Unsupported.Origin
    Given a key k1 in state PendingDeletion
    When I call ImportKeyMaterial with:
      | KeyId                | ${k1}            |
      | EncryptedKeyMaterial | bm90IHdyYXBwZWQ= |
      | ImportToken          | bm90LWEtdG9rZW4= |
    Then the call fails with Rejected.StateModifiedFailed
    And key k1 is in state PendingDeletion

  @ImportKeyMaterial @inferred @D-079
  Scenario: Another key's token on an Aliyun_KMS key is Unsupported.Origin, not InvalidImportToken
    Given a key k1
    And an external key k2
    When I request import parameters for k2
    Then the call succeeds
    When I import key material m1 into k1 with the import parameters of k2
    Then the call fails with Unsupported.Origin
    And key k1 is in state Enabled

  @ImportKeyMaterial @inferred @D-079
  Scenario: Another key's token with material that does not unwrap under it is InvalidImportToken
    # Wrapped with k1's public key, presented with k2's token: neither the token nor the
    # material fits, and the token is checked first.
    Given an external key k1
    And an external key k2
    When I request import parameters for k1
    Then the call succeeds
    When I request import parameters for k2
    Then the call succeeds
    When I import key material m1 into k1 with the import token "${k2.token}"
    Then the call fails with InvalidImportToken
    And key k1 is in state PendingImport

  @ImportKeyMaterial @inferred @D-079
  Scenario: Another key's token with EncryptedKeyMaterial that is not Base64 is InvalidImportToken
    Given an external key k1
    And an external key k2
    When I request import parameters for k2
    Then the call succeeds
    When I call ImportKeyMaterial with:
      | KeyId                | ${k1}          |
      | EncryptedKeyMaterial | not base64 !!! |
      | ImportToken          | ${k2.token}    |
    Then the call fails with InvalidImportToken
    And key k1 is in state PendingImport

  @ImportKeyMaterial @inferred @needs-clock @D-079
  Scenario: An expired token with material wrapped by the wrong algorithm is ExpiredImportToken
    Given an external key k1
    When I request import parameters for k1 with RSAES_OAEP_SHA_256
    Then the call succeeds
    Given the clock advances 25 hours
    When I import key material m1 into k1 wrapped with RSAES_PKCS1_V1_5
    Then the call fails with ExpiredImportToken
    And key k1 is in state PendingImport

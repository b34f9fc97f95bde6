@api @crypto
Feature: GenerateDataKey and GenerateDataKeyWithoutPlaintext
  A random data key of NumberOfBytes (1..=1024; default 32; KeySpec AES_128 is 16 and AES_256 is
  32), returned as Base64 in Plaintext and sealed as that Base64 text in CiphertextBlob
  (docs/spec/kms-api.md §2.3 GenerateDataKey, §3).

  @GenerateDataKey @documented
  Scenario: GenerateDataKey by default returns a 32-byte data key as 44 Base64 characters
    Given a key k1
    When I call GenerateDataKey on k1
    Then the call succeeds
    And the response field "Plaintext" matches "[A-Za-z0-9+/]{43}="
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"
    And the response field "CiphertextBlob" is not empty
    And the response field "RequestId" is not empty

  @GenerateDataKey @documented
  Scenario Outline: GenerateDataKey with KeySpec <spec> returns <chars> Base64 characters
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId   | ${k1}  |
      | KeySpec | <spec> |
    Then the call succeeds
    And the response field "Plaintext" matches "<pattern>"

    Examples:
      | spec    | chars | pattern              |
      | AES_128 | 24    | [A-Za-z0-9+/]{22}==  |
      | AES_256 | 44    | [A-Za-z0-9+/]{43}=   |

  @GenerateDataKey @documented
  Scenario Outline: GenerateDataKey with NumberOfBytes <n> returns <chars> Base64 characters
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId         | ${k1} |
      | NumberOfBytes | <n>   |
    Then the call succeeds
    And the response field "Plaintext" matches "<pattern>"

    Examples:
      | n    | chars | pattern                |
      | 1    | 4     | [A-Za-z0-9+/]{2}==     |
      | 16   | 24    | [A-Za-z0-9+/]{22}==    |
      | 64   | 88    | [A-Za-z0-9+/]{86}==    |
      | 1024 | 1368  | [A-Za-z0-9+/]{1366}==  |

  @GenerateDataKey @documented
  Scenario Outline: GenerateDataKey with NumberOfBytes <n> is InvalidParameter
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId         | ${k1} |
      | NumberOfBytes | <n>   |
    Then the call fails with InvalidParameter
    And the error message mentions "NumberOfBytes"

    Examples:
      | n    |
      | 0    |
      | 1025 |
      | -1   |
      | ten  |

  @GenerateDataKey @documented
  Scenario: NumberOfBytes overrides KeySpec
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId         | ${k1}   |
      | KeySpec       | AES_128 |
      | NumberOfBytes | 32      |
    Then the call succeeds
    And the response field "Plaintext" matches "[A-Za-z0-9+/]{43}="

  @GenerateDataKey @documented
  Scenario Outline: GenerateDataKey with KeySpec <spec> is InvalidParameter
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId   | ${k1}  |
      | KeySpec | <spec> |
    Then the call fails with InvalidParameter
    And the error message mentions "KeySpec"

    Examples:
      | spec           |
      | AES_512        |
      | Aliyun_AES_256 |

  @GenerateDataKey @GenerateDataKeyWithoutPlaintext @inferred @D-076
  Scenario Outline: <api> with NumberOfBytes and the invalid KeySpec <spec> is InvalidParameter
    # "If both are specified, KMS ignores KeySpec" speaks of the length; a value outside the
    # declared ones is refused all the same.
    Given a key k1
    When I call <api> with:
      | KeyId         | ${k1}  |
      | KeySpec       | <spec> |
      | NumberOfBytes | 16     |
    Then the call fails with InvalidParameter
    And the error message mentions "KeySpec"

    Examples:
      | api                             | spec    |
      | GenerateDataKey                 | BOGUS   |
      | GenerateDataKey                 | AES_512 |
      | GenerateDataKeyWithoutPlaintext | BOGUS   |

  @GenerateDataKey @inferred @D-076
  Scenario: A valid KeySpec beside NumberOfBytes plays no part in the length
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId         | ${k1}   |
      | KeySpec       | AES_256 |
      | NumberOfBytes | 16      |
    Then the call succeeds
    And the response field "Plaintext" matches "[A-Za-z0-9+/]{22}=="

  @GenerateDataKey @documented
  Scenario: The GenerateDataKey CiphertextBlob decrypts to the Base64 Plaintext it returned
    Given a key k1
    When I call GenerateDataKey on k1
    Then I save the response field "Plaintext" as datakey
    And I save the response field "CiphertextBlob" as dkblob
    And dkblob decrypts to "${datakey}"
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"

  @GenerateDataKey @inferred @D-028 @D-030
  Scenario: The GenerateDataKey CiphertextBlob seals the 44 Base64 characters of a 32-byte key
    # §3: a real 108-byte blob is 36 + 12 + 44 + 16; the layout is inferred from SDK code.
    Given a key k1
    When I call GenerateDataKey on k1
    Then the call succeeds
    And the response field "CiphertextBlob" is a blob of key version "${k1.version}" sealing 44 bytes

  @GenerateDataKey @documented
  Scenario: Two data keys from the same key differ
    Given a key k1
    When I call GenerateDataKey on k1
    Then I save the response field "Plaintext" as first
    When I call GenerateDataKey on k1
    Then the call succeeds
    And the response field "Plaintext" is not "${first}"

  @GenerateDataKey @documented
  Scenario: GenerateDataKey with an EncryptionContext gives a blob that decrypts with that context
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId             | ${k1}              |
      | EncryptionContext | {"purpose":"test"} |
    Then I save the response field "Plaintext" as datakey
    And I save the response field "CiphertextBlob" as dkblob
    And dkblob decrypts to "${datakey}" with context '{"purpose":"test"}'

  @GenerateDataKey @inferred @D-031
  Scenario: A GenerateDataKey blob made with a context does not decrypt without it
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId             | ${k1}              |
      | EncryptionContext | {"purpose":"test"} |
    Then I save the response field "CiphertextBlob" as dkblob
    When I decrypt dkblob
    Then the call fails with InvalidParameter

  @GenerateDataKey @documented
  Scenario: GenerateDataKey with an EncryptionContext that is not a JSON object is InvalidParameter
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId             | ${k1}        |
      | EncryptionContext | purpose=test |
    Then the call fails with InvalidParameter
    And the error message mentions "EncryptionContext"

  @GenerateDataKey @documented
  Scenario: GenerateDataKey through an alias answers with the resolved key id
    Given a key k1
    And an alias a1 for k1
    When I call GenerateDataKey with:
      | KeyId | ${a1} |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"

  @GenerateDataKey @documented
  Scenario: GenerateDataKey by key ARN answers with the resolved key id
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId | ${k1.arn} |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"

  @GenerateDataKey @inferred @D-034
  Scenario: GenerateDataKey with an asymmetric key is UnsupportedOperation
    Given an asymmetric key k1
    When I call GenerateDataKey on k1
    Then the call fails with UnsupportedOperation

  @GenerateDataKey @documented
  Scenario: GenerateDataKey without KeyId is MissingParameter
    When I call GenerateDataKey
    Then the call fails with MissingParameter
    And the error message mentions "KeyId"

  @GenerateDataKey @documented
  Scenario: GenerateDataKey under a key that does not exist is Forbidden.KeyNotFound
    When I call GenerateDataKey with:
      | KeyId | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
    Then the call fails with Forbidden.KeyNotFound

  @GenerateDataKey @documented
  Scenario: GenerateDataKey through an alias that does not exist is Forbidden.AliasNotFound
    When I call GenerateDataKey with:
      | KeyId | alias/kmsconf-no-such-alias |
    Then the call fails with Forbidden.AliasNotFound

  @GenerateDataKeyWithoutPlaintext @documented
  Scenario: GenerateDataKeyWithoutPlaintext returns no Plaintext and a blob that decrypts to a 32-byte key
    Given a key k1
    When I call GenerateDataKeyWithoutPlaintext on k1
    Then the call succeeds
    And the response field "Plaintext" is absent
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"
    And I save the response field "CiphertextBlob" as dkblob
    When I decrypt dkblob
    Then the call succeeds
    And the response field "Plaintext" matches "[A-Za-z0-9+/]{43}="
    And the response field "KeyId" is "${k1}"

  @GenerateDataKeyWithoutPlaintext @documented
  Scenario: GenerateDataKeyWithoutPlaintext honours KeySpec AES_128
    Given a key k1
    When I call GenerateDataKeyWithoutPlaintext with:
      | KeyId   | ${k1}   |
      | KeySpec | AES_128 |
    Then the call succeeds
    And the response field "Plaintext" is absent
    And I save the response field "CiphertextBlob" as dkblob
    When I decrypt dkblob
    Then the call succeeds
    And the response field "Plaintext" matches "[A-Za-z0-9+/]{22}=="

  @GenerateDataKeyWithoutPlaintext @documented
  Scenario: GenerateDataKeyWithoutPlaintext with NumberOfBytes 1025 is InvalidParameter
    Given a key k1
    When I call GenerateDataKeyWithoutPlaintext with:
      | KeyId         | ${k1} |
      | NumberOfBytes | 1025  |
    Then the call fails with InvalidParameter

  @GenerateDataKeyWithoutPlaintext @documented
  Scenario: GenerateDataKeyWithoutPlaintext with an EncryptionContext gives a blob that decrypts with it
    Given a key k1
    When I call GenerateDataKeyWithoutPlaintext with:
      | KeyId             | ${k1}              |
      | EncryptionContext | {"purpose":"test"} |
    Then the call succeeds
    And I save the response field "CiphertextBlob" as dkblob
    When I decrypt dkblob with context '{"purpose":"test"}'
    Then the call succeeds
    And the response field "Plaintext" matches "[A-Za-z0-9+/]{43}="

  @GenerateDataKeyWithoutPlaintext @documented
  Scenario: GenerateDataKeyWithoutPlaintext through an alias answers with the resolved key id
    Given a key k1
    And an alias a1 for k1
    When I call GenerateDataKeyWithoutPlaintext with:
      | KeyId | ${a1} |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"

  @GenerateDataKeyWithoutPlaintext @inferred @D-034
  Scenario: GenerateDataKeyWithoutPlaintext with an asymmetric key is UnsupportedOperation
    Given an asymmetric key k1
    When I call GenerateDataKeyWithoutPlaintext on k1
    Then the call fails with UnsupportedOperation

  @GenerateDataKeyWithoutPlaintext @documented
  Scenario: GenerateDataKeyWithoutPlaintext under a key that does not exist is Forbidden.KeyNotFound
    When I call GenerateDataKeyWithoutPlaintext with:
      | KeyId | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
    Then the call fails with Forbidden.KeyNotFound

  # SDK331 has `Recipient` on Decrypt and GenerateDataKey, answered with `CiphertextForRecipient`
  # (docs/spec/kms-api.md §3): attestation of a trusted execution environment, which the
  # reference does not have, so it refuses the parameter (D-065).
  @GenerateDataKey @Decrypt @inferred @D-065
  Scenario: GenerateDataKey and Decrypt refuse a Recipient with InvalidParameter
    Given a key k1
    And the ciphertext blob1 of "aGk=" under k1
    When I call GenerateDataKey with:
      | KeyId     | ${k1}                                                   |
      | Recipient | {"AttestationDocument":"bm90LWFuLWF0dGVzdGF0aW9u","KeyEncryptionAlgorithm":"RSAES_OAEP_SHA_256"} |
    Then the call fails with InvalidParameter
    And the error message mentions "Recipient"
    And the response field "Plaintext" is absent
    When I call Decrypt with:
      | CiphertextBlob | ${blob1}                                              |
      | Recipient      | {"AttestationDocument":"bm90LWFuLWF0dGVzdGF0aW9u","KeyEncryptionAlgorithm":"RSAES_OAEP_SHA_256"} |
    Then the call fails with InvalidParameter
    And the error message mentions "Recipient"
    And the response field "Plaintext" is absent

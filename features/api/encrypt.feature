@api @crypto @Encrypt
Feature: Encrypt
  Encrypt seals a Plaintext under the primary version of a symmetric key named by id, alias
  or ARN (docs/spec/kms-api.md §2.3 Encrypt, §3).

  @documented
  Scenario: Encrypt by key id names the key and its primary version
    Given a key k1
    When I encrypt "aGVsbG8=" under k1
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"
    And the response field "CiphertextBlob" is not empty
    And the response field "RequestId" is not empty

  @documented
  Scenario: Encrypt by alias answers with the resolved key id
    Given a key k1
    And an alias a1 for k1
    When I encrypt "aGVsbG8=" under a1
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"

  @documented
  Scenario: Encrypt by key ARN answers with the resolved key id
    Given a key k1
    When I call Encrypt with:
      | KeyId     | ${k1.arn} |
      | Plaintext | aGVsbG8=  |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"

  @documented
  Scenario: Encrypt with an EncryptionContext succeeds
    Given a key k1
    When I encrypt "aGVsbG8=" under k1 with context '{"purpose":"test","app":"kmsconf"}'
    Then the call succeeds
    And the response field "KeyId" is "${k1}"

  @inferred @D-028 @D-029
  Scenario: The CiphertextBlob is Base64 of version id, IV, ciphertext and tag
    # §3 layout: 36 + 12 + 5 + 16 = 69 bytes, which is 92 Base64 characters without padding.
    Given a key k1
    When I encrypt "hello" under k1
    Then the call succeeds
    And the response field "CiphertextBlob" matches "[A-Za-z0-9+/]{92}"
    And the response field "CiphertextBlob" is a blob of key version "${k1.version}" sealing 5 bytes

  @inferred @D-028
  Scenario: Two encryptions of the same plaintext give different blobs
    # A fresh random IV per call (§3 layout); the docs say nothing about determinism.
    Given a key k1
    When I encrypt "aGVsbG8=" under k1
    Then I save the response field "CiphertextBlob" as first
    When I encrypt "aGVsbG8=" under k1
    Then the call succeeds
    And the response field "CiphertextBlob" is not "${first}"

  @inferred @D-029
  Scenario: A Plaintext of exactly 6144 bytes is accepted and decrypts
    Given a key k1
    When I encrypt "${repeat:6144:a}" under k1
    Then the call succeeds
    And I save the response field "CiphertextBlob" as big
    And big decrypts to "${repeat:6144:a}"

  @inferred @D-029
  Scenario: A Plaintext of 6145 bytes is rejected as InvalidParameter
    Given a key k1
    When I encrypt "${repeat:6145:a}" under k1
    Then the call fails with InvalidParameter
    And the error message mentions "Plaintext"

  @documented
  Scenario: Encrypt without Plaintext is MissingParameter
    Given a key k1
    When I call Encrypt with:
      | KeyId | ${k1} |
    Then the call fails with MissingParameter
    And the error message mentions "Plaintext"

  @documented
  Scenario: Encrypt without KeyId is MissingParameter
    When I call Encrypt with:
      | Plaintext | aGVsbG8= |
    Then the call fails with MissingParameter
    And the error message mentions "KeyId"

  @documented
  Scenario Outline: An EncryptionContext that is not a JSON object of strings is InvalidParameter (<case>)
    Given a key k1
    When I call Encrypt with:
      | KeyId             | ${k1}     |
      | Plaintext         | aGVsbG8=  |
      | EncryptionContext | <context> |
    Then the call fails with InvalidParameter
    And the error message mentions "EncryptionContext"

    Examples:
      | case              | context               |
      | not JSON          | purpose=test          |
      | truncated JSON    | {"purpose":"test"     |
      | a JSON array      | ["purpose","test"]    |
      | a JSON string     | "purpose"             |
      | a number value    | {"count":1}           |
      | a boolean value   | {"ok":true}           |
      | a nested object   | {"a":{"b":"c"}}       |
      | an array value    | {"a":["b"]}           |
      | a null value      | {"a":null}            |

  @documented
  Scenario: An EncryptionContext of exactly 8192 characters is accepted
    # {"k":"…"} is 8 characters around the value.
    Given a key k1
    When I call Encrypt with:
      | KeyId             | ${k1}                       |
      | Plaintext         | aGVsbG8=                    |
      | EncryptionContext | {"k":"${repeat:8184:v}"}    |
    Then the call succeeds

  @documented
  Scenario: An EncryptionContext of 8193 characters is InvalidParameter
    Given a key k1
    When I call Encrypt with:
      | KeyId             | ${k1}                       |
      | Plaintext         | aGVsbG8=                    |
      | EncryptionContext | {"k":"${repeat:8185:v}"}    |
    Then the call fails with InvalidParameter
    And the error message mentions "EncryptionContext"

  @inferred @D-034
  Scenario: Encrypt with an asymmetric key is UnsupportedOperation
    Given an asymmetric key k1
    When I encrypt "aGVsbG8=" under k1
    Then the call fails with UnsupportedOperation

  @documented
  Scenario: Encrypt through an alias that does not exist is Forbidden.AliasNotFound
    When I call Encrypt with:
      | KeyId     | alias/kmsconf-no-such-alias |
      | Plaintext | aGVsbG8=                    |
    Then the call fails with Forbidden.AliasNotFound

  @documented
  Scenario: Encrypt under a key id that does not exist is Forbidden.KeyNotFound
    When I call Encrypt with:
      | KeyId     | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
      | Plaintext | aGVsbG8=                             |
    Then the call fails with Forbidden.KeyNotFound

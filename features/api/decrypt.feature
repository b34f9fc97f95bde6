@api @crypto @Decrypt
Feature: Decrypt
  Decrypt takes no KeyId: the key is found through the version id at the head of the blob, and
  the EncryptionContext acts as AAD that must be an equivalent map (docs/spec/kms-api.md §2.3 Decrypt, §3).
  JSON arguments are single-quoted so that their double quotes need no escaping.

  @documented
  Scenario: Decrypt returns the original plaintext, the key id and the key version
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8gd29ybGQ=" under k1
    When I decrypt blob1
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8gd29ybGQ="
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"
    And the response field "RequestId" is not empty

  @documented
  Scenario: Decrypt of a blob made through an alias names the key, not the alias
    Given a key k1
    And an alias a1 for k1
    And the ciphertext blob1 of "aGVsbG8=" under a1
    When I decrypt blob1
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "Plaintext" is "aGVsbG8="

  @documented
  Scenario: Decrypt with the same EncryptionContext as at encryption succeeds
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1 with context '{"purpose":"test"}'
    When I decrypt blob1 with context '{"purpose":"test"}'
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8="
    And the response field "KeyId" is "${k1}"

  @documented
  Scenario: Decrypt with the EncryptionContext entries in another order succeeds
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1 with context '{"a":"1","b":"2","c":"3"}'
    When I decrypt blob1 with context '{"c":"3","a":"1","b":"2"}'
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8="

  @documented
  Scenario: Decrypt with the EncryptionContext spaced differently succeeds
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1 with context '{"a":"1","b":"2"}'
    When I decrypt blob1 with context '{ "b" : "2", "a" : "1" }'
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8="

  @inferred @D-031
  Scenario: Decrypt without the EncryptionContext used at encryption is InvalidParameter
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1 with context '{"purpose":"test"}'
    When I decrypt blob1
    Then the call fails with InvalidParameter

  @inferred @D-031
  Scenario: Decrypt with a different EncryptionContext value is InvalidParameter
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1 with context '{"purpose":"test"}'
    When I decrypt blob1 with context '{"purpose":"prod"}'
    Then the call fails with InvalidParameter

  @inferred @D-031
  Scenario: Decrypt with an extra EncryptionContext entry is InvalidParameter
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1 with context '{"purpose":"test"}'
    When I decrypt blob1 with context '{"purpose":"test","extra":"x"}'
    Then the call fails with InvalidParameter

  @inferred @D-031
  Scenario: Decrypt with a context for a blob made without one is InvalidParameter
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I decrypt blob1 with context '{"purpose":"test"}'
    Then the call fails with InvalidParameter

  @inferred @D-032
  Scenario: A blob made without a context decrypts with the empty context {}
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I decrypt blob1 with context '{}'
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8="

  @inferred @D-032
  Scenario: A blob made with the empty context {} decrypts without a context
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1 with context '{}'
    When I decrypt blob1
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8="

  @documented
  Scenario: Decrypt with an EncryptionContext that is not a JSON object is InvalidParameter
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I decrypt blob1 with context '["purpose","test"]'
    Then the call fails with InvalidParameter
    And the error message mentions "EncryptionContext"

  @documented
  Scenario: Decrypt without CiphertextBlob is MissingParameter
    When I call Decrypt
    Then the call fails with MissingParameter
    And the error message mentions "CiphertextBlob"

  @inferred @D-031
  Scenario: Decrypt of a CiphertextBlob that is not Base64 is InvalidParameter
    When I call Decrypt with:
      | CiphertextBlob | not*base64!text |
    Then the call fails with InvalidParameter
    And the error message mentions "CiphertextBlob"

  @inferred @D-031
  Scenario: Decrypt of a CiphertextBlob too short to hold a version id, IV and tag is InvalidParameter
    When I call Decrypt with:
      | CiphertextBlob | AAAAAAAAAAAAAAAAAAAAAAAA |
    Then the call fails with InvalidParameter
    And the error message mentions "CiphertextBlob"

  @inferred @D-031
  Scenario: Decrypt of a tampered CiphertextBlob is InvalidParameter
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I tamper with blob1 as blob2
    And I decrypt blob2
    Then the call fails with InvalidParameter
    And the error message mentions "CiphertextBlob"

  @documented @needs-clock
  Scenario: Decrypt of a blob whose key has been deleted is Forbidden.KeyNotFound
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I schedule deletion of k1 in 7 days
    Then the call succeeds
    Given the clock advances 8 days
    When I decrypt blob1
    Then the call fails with Forbidden.KeyNotFound

  @documented
  Scenario: A blob decrypts under its own key even when another key holds the same material
    Given an external key k1
    And an external key k2
    When I import key material m1 into k1
    Then the call succeeds
    When I import key material m1 into k2
    Then the call succeeds
    When I encrypt "aGVsbG8=" under k1
    Then I save the response field "CiphertextBlob" as blob1
    When I decrypt blob1
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"
    And the response field "KeyVersionId" is not "${k2.version}"

  @inferred @D-031 @D-033
  Scenario: A blob pointed at the version of a key with the same material does not decrypt
    # §3: the same material imported into two keys never cross-decrypts; the code for a blob that
    # fails authentication is the reference's decision (InvalidParameter).
    Given an external key k1
    And an external key k2
    When I import key material m1 into k1
    Then the call succeeds
    When I import key material m1 into k2
    Then the call succeeds
    When I encrypt "aGVsbG8=" under k1
    Then I save the response field "CiphertextBlob" as blob1
    When I point blob1 at the key version of k2 as blob2
    And I decrypt blob2
    Then the call fails with InvalidParameter

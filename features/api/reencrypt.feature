@api @crypto @ReEncrypt
Feature: ReEncrypt
  ReEncrypt decrypts a ciphertext and encrypts it again under a symmetric destination key,
  without the plaintext leaving KMS (docs/spec/keys-v2.md §4.1): to move data to another key,
  to the newest version after a rotation, or to change only the EncryptionContext. A symmetric
  source blob is found through the version at its head and opened under
  `SourceEncryptionContext`, as Decrypt does; `SourceKeyId` and `SourceKeyVersionId` are then
  optional but must agree with the blob, and `SourceEncryptionAlgorithm` marks an asymmetric
  source, which needs both ids (D-115). `KeyId` and `KeyVersionId` answer the source (D-116);
  the new blob begins with the destination's primary version. Both keys must be Enabled
  (§4.4, D-133) and the destination symmetric (D-109). JSON arguments are single-quoted.

  @documented
  Scenario: ReEncrypt moves a blob to another key, which alone decrypts the new blob
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the call succeeds
    And the response field "CiphertextBlob" is a blob of key version "${k2.version}" sealing 8 bytes
    And the response field "RequestId" is not empty
    And I save the response field "CiphertextBlob" as blob2
    And blob2 decrypts to "aGVsbG8="
    When I decrypt blob2
    Then the response field "KeyId" is "${k2}"

  @inferred @D-116
  Scenario: ReEncrypt answers the source key and version as KeyId and KeyVersionId
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"

  @documented @CreateKeyVersion
  Scenario: After a new version, ReEncrypt to the same key seals under the new primary version
    Given a key k1
    And the ciphertext blob1 of "b2xkZXI=" under k1
    When I call CreateKeyVersion on k1
    And I save the response field "KeyVersion.KeyVersionId" as v2
    And I call ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k1}    |
    Then the call succeeds
    And the response field "CiphertextBlob" is a blob of key version "${v2}" sealing 8 bytes
    And I save the response field "CiphertextBlob" as blob2
    And blob2 decrypts to "b2xkZXI="
    And blob1 decrypts to "b2xkZXI="

  @documented @CreateKeyVersion
  Scenario: A blob of an older version of the source key re-encrypts to another key
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "b2xkZXI=" under k1
    When I call CreateKeyVersion on k1
    And I call CreateKeyVersion on k2
    And I save the response field "KeyVersion.KeyVersionId" as k2v2
    And I call ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the call succeeds
    And the response field "KeyVersionId" is "${k1.version}"
    And the response field "CiphertextBlob" is a blob of key version "${k2v2}" sealing 8 bytes

  @documented
  Scenario: ReEncrypt changes only the EncryptionContext
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1 with context '{"stage":"old"}'
    When I call ReEncrypt with:
      | CiphertextBlob               | ${blob1}          |
      | SourceEncryptionContext      | {"stage":"old"}   |
      | DestinationKeyId             | ${k1}             |
      | DestinationEncryptionContext | { "stage": "new" } |
    Then the call succeeds
    And I save the response field "CiphertextBlob" as blob2
    And blob2 decrypts to "aGVsbG8=" with context '{"stage":"new"}'
    When I decrypt blob2 with context '{"stage":"old"}'
    Then the call fails with InvalidParameter

  @inferred @D-103
  Scenario: ReEncrypt through an alias of the destination seals under the key behind it
    # D-103 lets every key parameter take an alias; DestinationKeyId is documented as a key id.
    Given a key k1
    And a key k2
    And an alias a2 for k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${a2}    |
    Then the call succeeds
    And the response field "CiphertextBlob" is a blob of key version "${k2.version}" sealing 8 bytes

  @inferred @D-115
  Scenario Outline: ReEncrypt of a blob made with a context needs that context (<case>)
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1 with context '{"purpose":"test"}'
    When I call ReEncrypt with:
      | CiphertextBlob          | ${blob1}  |
      | DestinationKeyId        | ${k1}     |
      | SourceEncryptionContext | <context> |
    Then the call fails with InvalidParameter
    And the error message mentions "CiphertextBlob"

    Examples:
      | case           | context                         |
      | another value  | {"purpose":"prod"}              |
      | an extra entry | {"purpose":"test","extra":"x"}  |
      | no context     |                                 |

  @inferred @D-115
  Scenario: SourceKeyId and SourceKeyVersionId that agree with a symmetric blob are accepted
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call ReEncrypt with:
      | CiphertextBlob     | ${blob1}       |
      | SourceKeyId        | ${k1.arn}      |
      | SourceKeyVersionId | ${k1.version}  |
      | DestinationKeyId   | ${k2}          |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"

  @inferred @D-115
  Scenario Outline: A SourceKeyId or SourceKeyVersionId that contradicts the blob is InvalidParameter (<param>)
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | <param>          | <value>  |
      | DestinationKeyId | ${k2}    |
    Then the call fails with InvalidParameter
    And the error message mentions "<param>"

    Examples:
      | param              | value         |
      | SourceKeyId        | ${k2}         |
      | SourceKeyVersionId | ${k2.version} |

  @inferred @D-115
  Scenario Outline: An asymmetric source without <missing> is MissingParameter
    Given a key k1
    And an asymmetric key k2
    When I call ListKeyVersions on k2
    And I save the response field "KeyVersions.KeyVersion.0.KeyVersionId" as k2v
    And I call ReEncrypt with:
      | CiphertextBlob            | AAAA               |
      | SourceEncryptionAlgorithm | RSAES_OAEP_SHA_256 |
      | <given>                   | <value>            |
      | DestinationKeyId          | ${k1}              |
    Then the call fails with MissingParameter
    And the error message mentions "<missing>"

    Examples:
      | missing            | given              | value  |
      | SourceKeyId        | SourceKeyVersionId | ${k2v} |
      | SourceKeyVersionId | SourceKeyId        | ${k2}  |

  @documented
  Scenario: A SourceEncryptionAlgorithm that is not an encryption algorithm is InvalidParameter
    Given a key k1
    And an asymmetric key k2
    When I call ListKeyVersions on k2
    And I save the response field "KeyVersions.KeyVersion.0.KeyVersionId" as k2v
    And I call ReEncrypt with:
      | CiphertextBlob            | AAAA            |
      | SourceKeyId               | ${k2}           |
      | SourceKeyVersionId        | ${k2v}          |
      | SourceEncryptionAlgorithm | RSA_PSS_SHA_256 |
      | DestinationKeyId          | ${k1}           |
    Then the call fails with InvalidParameter
    And the error message mentions "SourceEncryptionAlgorithm"

  @inferred @D-115
  Scenario Outline: An asymmetric source whose <case> is refused with <code>
    # A ciphertext that opens needs the key's public half (GetPublicKey); these refusals do not.
    Given a key k1
    And an asymmetric key k2
    When I call ListKeyVersions on k2
    And I save the response field "KeyVersions.KeyVersion.0.KeyVersionId" as k2v
    And I call ReEncrypt with:
      | CiphertextBlob            | <blob>             |
      | SourceKeyId               | <key>              |
      | SourceKeyVersionId        | <version>          |
      | SourceEncryptionAlgorithm | <algorithm>        |
      | DestinationKeyId          | ${k1}              |
    Then the call fails with <code>
    And the error message mentions "<mentions>"

    Examples:
      | case                                  | blob                          | key   | version                              | algorithm          | code                         | mentions                  |
      | ciphertext is not Base64              | not*base64!                   | ${k2} | ${k2v}                               | RSAES_OAEP_SHA_256 | InvalidParameter             | CiphertextBlob            |
      | ciphertext is not 256 bytes long      | AAAA                          | ${k2} | ${k2v}                               | RSAES_OAEP_SHA_256 | InvalidParameter             | CiphertextBlob            |
      | ciphertext does not decrypt           | ${repeat:340:A}AA==           | ${k2} | ${k2v}                               | RSAES_OAEP_SHA_1   | InvalidParameter             | CiphertextBlob            |
      | version is not one of the key's       | AAAA                          | ${k2} | 00000000-0000-4000-8000-000000000000 | RSAES_OAEP_SHA_256 | Forbidden.KeyVersionNotFound | version                   |

  @inferred @D-109 @D-115
  Scenario: An asymmetric source naming a symmetric key is Rejected.UnsupportedOperation
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call ReEncrypt with:
      | CiphertextBlob            | ${blob1}           |
      | SourceKeyId               | ${k1}              |
      | SourceKeyVersionId        | ${k1.version}      |
      | SourceEncryptionAlgorithm | RSAES_OAEP_SHA_256 |
      | DestinationKeyId          | ${k1}              |
    Then the call fails with Rejected.UnsupportedOperation and status 400

  @documented
  Scenario Outline: ReEncrypt without <param> is MissingParameter
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call ReEncrypt with:
      | <given> | <value> |
    Then the call fails with MissingParameter
    And the error message mentions "<param>"

    Examples:
      | param            | given            | value    |
      | CiphertextBlob   | DestinationKeyId | ${k1}    |
      | DestinationKeyId | CiphertextBlob   | ${blob1} |

  @inferred @D-031 @D-115
  Scenario: ReEncrypt of a CiphertextBlob that is not Base64 is InvalidParameter
    Given a key k1
    When I call ReEncrypt with:
      | CiphertextBlob   | not*base64!text |
      | DestinationKeyId | ${k1}           |
    Then the call fails with InvalidParameter
    And the error message mentions "CiphertextBlob"

  @inferred @D-031 @D-115
  Scenario: ReEncrypt of a tampered blob is InvalidParameter
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I tamper with blob1 as blob2
    And I call ReEncrypt with:
      | CiphertextBlob   | ${blob2} |
      | DestinationKeyId | ${k1}    |
    Then the call fails with InvalidParameter
    And the error message mentions "CiphertextBlob"

  @documented
  Scenario: ReEncrypt to a key that does not exist is Forbidden.KeyNotFound
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call ReEncrypt with:
      | CiphertextBlob   | ${blob1}                             |
      | DestinationKeyId | 00000000-0000-4000-8000-000000000000 |
    Then the call fails with Forbidden.KeyNotFound

  @inferred @D-109
  Scenario: ReEncrypt to an asymmetric key is Rejected.UnsupportedOperation
    # keys-v2.md §4.1: the destination is a symmetric key ("对称主密钥ID").
    Given a key k1
    And an asymmetric key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the call fails with Rejected.UnsupportedOperation and status 400

  @inferred @D-035
  Scenario: A ReEncrypt dry run that would succeed is DryRunOperationError
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k1}    |
      | DryRun           | true     |
    Then the call fails with DryRunOperationError and status 412

  @matrix @inferred @D-133
  Scenario Outline: Matrix: ReEncrypt needs the source key Enabled (<state> -> <outcome>)
    # keys-v2.md §4.4 [inferred]: the Decrypt row, for the key of the blob.
    Given an external key k1 in state Enabled
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And key k1 is moved to state <state>
    When I call ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Rejected.PendingImport   |

  @matrix @inferred @D-133
  Scenario Outline: Matrix: ReEncrypt needs the destination key Enabled (<state> -> <outcome>)
    # keys-v2.md §4.4 [inferred]: the Encrypt row, for the destination key.
    Given a key k1
    And an external key k2 in state <state>
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Rejected.PendingImport   |

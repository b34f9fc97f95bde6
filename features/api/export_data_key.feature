@api @crypto
Feature: Data keys exported under the caller's public key
  ExportDataKey decrypts a data-key blob and wraps the data key under a public key the caller
  sends (docs/spec/keys-v2.md §4.2); GenerateAndExportDataKey makes a data key and returns it
  twice, sealed under the key's primary version and wrapped under the public key (§4.3).
  `PublicKeyBlob` is Base64 of a DER SubjectPublicKeyInfo of an RSA_2048 key, without PEM
  armour (§3.5, D-118); `WrappingAlgorithm` is RSAES-OAEP with SHA-256 or SHA-1 (§3.3). The
  exported key wraps the raw data key, whose Base64 is what GenerateDataKey and Decrypt answer
  (D-117), and must fit the algorithm (D-132). The keys must be Enabled (D-133) and symmetric
  (D-109). The client key pairs `w1`, `w2` are made by the scenario, as a client would.

  @ExportDataKey @inferred @D-117
  Scenario Outline: ExportDataKey wraps the data key of a blob under the caller's key with <algorithm>
    Given a key k1
    And a client key pair w1
    When I call GenerateDataKey on k1
    And I save the response field "Plaintext" as dk
    And I save the response field "CiphertextBlob" as blob1
    And I call ExportDataKey with:
      | CiphertextBlob    | ${blob1}    |
      | PublicKeyBlob     | ${w1.blob}  |
      | WrappingKeySpec   | RSA_2048    |
      | WrappingAlgorithm | <algorithm> |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"
    And the response field "RequestId" is not empty
    And I save the response field "ExportedDataKey" as x1
    And the exported key "${x1}" opens with w1 under <algorithm> to "${dk}"

    Examples:
      | algorithm          |
      | RSAES_OAEP_SHA_256 |
      | RSAES_OAEP_SHA_1   |

  @ExportDataKey @inferred @D-117
  Scenario: An exported data key opens with no other private key and no other algorithm
    Given a key k1
    And a client key pair w1
    And a client key pair w2
    When I call GenerateDataKeyWithoutPlaintext on k1
    And I save the response field "CiphertextBlob" as blob1
    And I call ExportDataKey with:
      | CiphertextBlob    | ${blob1}           |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call succeeds
    And I save the response field "ExportedDataKey" as x1
    And the exported key "${x1}" does not open with w2 under RSAES_OAEP_SHA_256
    And the exported key "${x1}" does not open with w1 under RSAES_OAEP_SHA_1
    When I decrypt blob1
    Then I save the response field "Plaintext" as dk
    And the exported key "${x1}" opens with w1 under RSAES_OAEP_SHA_256 to "${dk}"

  @ExportDataKey @CreateKeyVersion @documented
  Scenario: ExportDataKey names the version that decrypted the blob, not the newest one
    Given a key k1
    And a client key pair w1
    When I call GenerateDataKeyWithoutPlaintext on k1
    And I save the response field "CiphertextBlob" as blob1
    And I call CreateKeyVersion on k1
    And I call ExportDataKey with:
      | CiphertextBlob    | ${blob1}           |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call succeeds
    And the response field "KeyVersionId" is "${k1.version}"

  @ExportDataKey @documented
  Scenario: ExportDataKey of a blob made with a context needs that context
    Given a key k1
    And a client key pair w1
    When I call GenerateDataKeyWithoutPlaintext with:
      | KeyId             | ${k1}           |
      | EncryptionContext | {"app":"export"} |
    And I save the response field "CiphertextBlob" as blob1
    And I call ExportDataKey with:
      | CiphertextBlob    | ${blob1}             |
      | EncryptionContext | { "app" : "export" } |
      | PublicKeyBlob     | ${w1.blob}           |
      | WrappingKeySpec   | RSA_2048             |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256   |
    Then the call succeeds

  @ExportDataKey @inferred @D-031
  Scenario: ExportDataKey with another EncryptionContext than the blob's is InvalidParameter
    Given a key k1
    And a client key pair w1
    When I call GenerateDataKeyWithoutPlaintext with:
      | KeyId             | ${k1}            |
      | EncryptionContext | {"app":"export"} |
    And I save the response field "CiphertextBlob" as blob1
    And I call ExportDataKey with:
      | CiphertextBlob    | ${blob1}           |
      | EncryptionContext | {"app":"other"}    |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call fails with InvalidParameter
    And the error message mentions "CiphertextBlob"

  @ExportDataKey @inferred @D-117
  Scenario: ExportDataKey of a blob that holds no data key is InvalidParameter
    Given a key k1
    And a client key pair w1
    And the ciphertext blob1 of "not a data key!" under k1
    When I call ExportDataKey with:
      | CiphertextBlob    | ${blob1}           |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call fails with InvalidParameter
    And the error message mentions "CiphertextBlob"

  @ExportDataKey @inferred @D-132
  Scenario Outline: ExportDataKey of a <bytes>-byte data key under <algorithm> -> <outcome>
    Given a key k1
    And a client key pair w1
    When I call GenerateDataKeyWithoutPlaintext with:
      | KeyId         | ${k1}   |
      | NumberOfBytes | <bytes> |
    And I save the response field "CiphertextBlob" as blob1
    And I call ExportDataKey with:
      | CiphertextBlob    | ${blob1}    |
      | PublicKeyBlob     | ${w1.blob}  |
      | WrappingKeySpec   | RSA_2048    |
      | WrappingAlgorithm | <algorithm> |
    Then the outcome is <outcome>

    Examples:
      | bytes | algorithm          | outcome          |
      | 190   | RSAES_OAEP_SHA_256 | Success          |
      | 191   | RSAES_OAEP_SHA_256 | InvalidParameter |
      | 214   | RSAES_OAEP_SHA_1   | Success          |
      | 215   | RSAES_OAEP_SHA_1   | InvalidParameter |

  @ExportDataKey @GenerateAndExportDataKey @inferred @D-118
  Scenario Outline: A PublicKeyBlob that is <case> is InvalidParameter for <api>
    Given a key k1
    And a client key pair w1
    When I call GenerateDataKeyWithoutPlaintext on k1
    And I save the response field "CiphertextBlob" as blob1
    And I call <api> with:
      | <key param>       | <key value>        |
      | PublicKeyBlob     | <blob>             |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call fails with InvalidParameter
    And the error message mentions "PublicKeyBlob"

    Examples:
      | case         | api                      | key param      | key value | blob             |
      | PEM-armoured | ExportDataKey            | CiphertextBlob | ${blob1}  | ${w1.pem}        |
      | not Base64   | ExportDataKey            | CiphertextBlob | ${blob1}  | not*base64!      |
      | not an SPKI  | ExportDataKey            | CiphertextBlob | ${blob1}  | AAECAwQFBgcICQ== |
      | PEM-armoured | GenerateAndExportDataKey | KeyId          | ${k1}     | ${w1.pem}        |

  @ExportDataKey @GenerateAndExportDataKey @inferred @D-118
  Scenario Outline: A PublicKeyBlob of a <spec> key is InvalidParameter for <api> with WrappingKeySpec RSA_2048
    Given a key k1
    And a client key pair w2 of <spec>
    When I call GenerateDataKeyWithoutPlaintext on k1
    And I save the response field "CiphertextBlob" as blob1
    And I call <api> with:
      | <key param>       | <key value>        |
      | PublicKeyBlob     | ${w2.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call fails with InvalidParameter
    And the error message mentions "PublicKeyBlob"

    Examples:
      | spec     | api                      | key param      | key value |
      | RSA_3072 | ExportDataKey            | CiphertextBlob | ${blob1}  |
      | EC_P256  | GenerateAndExportDataKey | KeyId          | ${k1}     |

  @ExportDataKey @GenerateAndExportDataKey @documented
  Scenario Outline: <param> = <value> is not a documented value for <api>: InvalidParameter
    Given a key k1
    And a client key pair w1
    When I call GenerateDataKeyWithoutPlaintext on k1
    And I save the response field "CiphertextBlob" as blob1
    And I call <api> with:
      | <key param>       | <key value>        |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
      | <param>           | <value>            |
    Then the call fails with InvalidParameter
    And the error message mentions "<param>"

    Examples:
      | api                      | key param      | key value | param             | value            |
      | ExportDataKey            | CiphertextBlob | ${blob1}  | WrappingAlgorithm | RSAES_PKCS1_V1_5 |
      | ExportDataKey            | CiphertextBlob | ${blob1}  | WrappingAlgorithm | RSA_PSS_SHA_256  |
      | ExportDataKey            | CiphertextBlob | ${blob1}  | WrappingKeySpec   | RSA_3072         |
      | GenerateAndExportDataKey | KeyId          | ${k1}     | WrappingAlgorithm | rsaes_oaep_sha_256 |
      | GenerateAndExportDataKey | KeyId          | ${k1}     | WrappingKeySpec   | RSA_4096         |
      | GenerateAndExportDataKey | KeyId          | ${k1}     | KeySpec           | AES_512          |

  @ExportDataKey @GenerateAndExportDataKey @documented
  Scenario Outline: <api> without <missing> is MissingParameter
    Given a key k1
    And a client key pair w1
    When I call GenerateDataKeyWithoutPlaintext on k1
    And I save the response field "CiphertextBlob" as blob1
    And I call <api> with:
      | <key param>       | <key value>        |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
      | <missing>         |                    |
    Then the call fails with MissingParameter
    And the error message mentions "<missing>"

    Examples:
      | api                      | key param      | key value | missing           |
      | ExportDataKey            | CiphertextBlob | ${blob1}  | CiphertextBlob    |
      | ExportDataKey            | CiphertextBlob | ${blob1}  | PublicKeyBlob     |
      | ExportDataKey            | CiphertextBlob | ${blob1}  | WrappingKeySpec   |
      | ExportDataKey            | CiphertextBlob | ${blob1}  | WrappingAlgorithm |
      | GenerateAndExportDataKey | KeyId          | ${k1}     | KeyId             |
      | GenerateAndExportDataKey | KeyId          | ${k1}     | PublicKeyBlob     |
      | GenerateAndExportDataKey | KeyId          | ${k1}     | WrappingKeySpec   |
      | GenerateAndExportDataKey | KeyId          | ${k1}     | WrappingAlgorithm |

  @GenerateAndExportDataKey @inferred @D-117
  Scenario: GenerateAndExportDataKey returns one data key sealed and wrapped
    Given a key k1
    And a client key pair w1
    When I call GenerateAndExportDataKey with:
      | KeyId             | ${k1}              |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"
    And the response field "Plaintext" is absent
    And the response field "CiphertextBlob" is a blob of key version "${k1.version}" sealing 44 bytes
    And I save the response field "CiphertextBlob" as blob1
    And I save the response field "ExportedDataKey" as x1
    When I decrypt blob1
    Then I save the response field "Plaintext" as dk
    And the exported key "${x1}" opens with w1 under RSAES_OAEP_SHA_256 to "${dk}"

  @GenerateAndExportDataKey @documented
  Scenario Outline: GenerateAndExportDataKey with <param> <value> seals a data key of <bytes> bytes
    # keys-v2.md §4.3: NumberOfBytes wins over KeySpec; the blob holds the Base64 text (D-030).
    Given a key k1
    And a client key pair w1
    When I call GenerateAndExportDataKey with:
      | KeyId             | ${k1}            |
      | <param>           | <value>          |
      | PublicKeyBlob     | ${w1.blob}       |
      | WrappingKeySpec   | RSA_2048         |
      | WrappingAlgorithm | RSAES_OAEP_SHA_1 |
    Then the call succeeds
    And the response field "CiphertextBlob" is a blob of key version "${k1.version}" sealing <sealed> bytes

    Examples:
      | param         | value   | bytes | sealed |
      | KeySpec       | AES_128 | 16    | 24     |
      | KeySpec       | AES_256 | 32    | 44     |
      | NumberOfBytes | 1       | 1     | 4      |
      | NumberOfBytes | 64      | 64    | 88     |

  @GenerateAndExportDataKey @documented
  Scenario Outline: GenerateAndExportDataKey takes the key as <form>
    Given a key k1
    And an alias a1 for k1
    And a client key pair w1
    When I call GenerateAndExportDataKey with:
      | KeyId             | <ref>              |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"

    Examples:
      | form     | ref       |
      | an id    | ${k1}     |
      | an alias | ${a1}     |
      | an ARN   | ${k1.arn} |

  @GenerateAndExportDataKey @documented
  Scenario Outline: GenerateAndExportDataKey with NumberOfBytes <bytes> is InvalidParameter
    Given a key k1
    And a client key pair w1
    When I call GenerateAndExportDataKey with:
      | KeyId             | ${k1}              |
      | NumberOfBytes     | <bytes>            |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call fails with InvalidParameter
    And the error message mentions "NumberOfBytes"

    Examples:
      | bytes |
      | 0     |
      | 1025  |
      | many  |

  @GenerateAndExportDataKey @inferred @D-132
  Scenario Outline: GenerateAndExportDataKey of <bytes> bytes under <algorithm> -> <outcome>
    Given a key k1
    And a client key pair w1
    When I call GenerateAndExportDataKey with:
      | KeyId             | ${k1}       |
      | NumberOfBytes     | <bytes>     |
      | PublicKeyBlob     | ${w1.blob}  |
      | WrappingKeySpec   | RSA_2048    |
      | WrappingAlgorithm | <algorithm> |
    Then the outcome is <outcome>

    Examples:
      | bytes | algorithm          | outcome          |
      | 190   | RSAES_OAEP_SHA_256 | Success          |
      | 191   | RSAES_OAEP_SHA_256 | InvalidParameter |
      | 214   | RSAES_OAEP_SHA_1   | Success          |
      | 1024  | RSAES_OAEP_SHA_1   | InvalidParameter |

  @GenerateAndExportDataKey @documented
  Scenario: GenerateAndExportDataKey under a key that does not exist is Forbidden.KeyNotFound
    Given a client key pair w1
    When I call GenerateAndExportDataKey with:
      | KeyId             | 00000000-0000-4000-8000-000000000000 |
      | PublicKeyBlob     | ${w1.blob}                           |
      | WrappingKeySpec   | RSA_2048                             |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256                   |
    Then the call fails with Forbidden.KeyNotFound

  @GenerateAndExportDataKey @inferred @D-109
  Scenario: GenerateAndExportDataKey under an asymmetric key is Rejected.UnsupportedOperation
    Given an asymmetric key k1
    And a client key pair w1
    When I call GenerateAndExportDataKey with:
      | KeyId             | ${k1}              |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call fails with Rejected.UnsupportedOperation and status 400

  @ExportDataKey @GenerateAndExportDataKey @inferred @D-035
  Scenario Outline: A <api> dry run that would succeed is DryRunOperationError
    Given a key k1
    And a client key pair w1
    When I call GenerateDataKeyWithoutPlaintext on k1
    And I save the response field "CiphertextBlob" as blob1
    And I call <api> with:
      | <key param>       | <key value>        |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
      | DryRun            | true               |
    Then the call fails with DryRunOperationError and status 412

    Examples:
      | api                      | key param      | key value |
      | ExportDataKey            | CiphertextBlob | ${blob1}  |
      | GenerateAndExportDataKey | KeyId          | ${k1}     |

  @matrix @ExportDataKey @inferred @D-133
  Scenario Outline: Matrix: ExportDataKey needs the key of the blob Enabled (<state> -> <outcome>)
    Given an external key k1 in state Enabled
    And a client key pair w1
    When I call GenerateDataKeyWithoutPlaintext on k1
    And I save the response field "CiphertextBlob" as blob1
    Given key k1 is moved to state <state>
    When I call ExportDataKey with:
      | CiphertextBlob    | ${blob1}           |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Rejected.PendingImport   |

  @matrix @GenerateAndExportDataKey @inferred @D-133
  Scenario Outline: Matrix: GenerateAndExportDataKey needs an Enabled key (<state> -> <outcome>)
    Given an external key k1 in state <state>
    And a client key pair w1
    When I call GenerateAndExportDataKey with:
      | KeyId             | ${k1}              |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Rejected.PendingImport   |

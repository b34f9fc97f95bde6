@api @asymmetric
Feature: AsymmetricEncrypt and AsymmetricDecrypt
  An RSA key of usage ENCRYPT/DECRYPT encrypts the Base64 of at most the algorithm's maximum of
  bytes with one version's public key (RSAES-OAEP, empty label, MGF1 over the OAEP hash) and
  answers the bare ciphertext of the modulus length in Base64; AsymmetricDecrypt names the same
  KeyId, KeyVersionId and Algorithm (docs/spec/keys-v2.md §3.1, §3.2, §3.3, §3.6, §3.7.1,
  §3.7.2). "aGVsbG8gYXN5bW1ldHJpYw==" is "hello asymmetric"; "QUFB" is "AAA".

  @AsymmetricEncrypt @AsymmetricDecrypt @documented
  Scenario Outline: A <spec> key encrypts with <algorithm> and decrypts what it encrypted
    Given an asymmetric key k1 of spec <spec> for ENCRYPT/DECRYPT
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}                    |
      | KeyVersionId | ${k1.version}            |
      | Algorithm    | <algorithm>              |
      | Plaintext    | aGVsbG8gYXN5bW1ldHJpYw== |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"
    And the response field "CiphertextBlob" matches "<ciphertext>"
    And I save the response field "CiphertextBlob" as blob1
    When I call AsymmetricDecrypt with:
      | KeyId          | ${k1}         |
      | KeyVersionId   | ${k1.version} |
      | Algorithm      | <algorithm>   |
      | CiphertextBlob | ${blob1}      |
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8gYXN5bW1ldHJpYw=="
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"

    # The bare OAEP output: 256 bytes for RSA_2048, 384 for RSA_3072 (§3.2, §3.3).
    Examples:
      | spec     | algorithm          | ciphertext           |
      | RSA_2048 | RSAES_OAEP_SHA_256 | [A-Za-z0-9+/]{342}== |
      | RSA_2048 | RSAES_OAEP_SHA_1   | [A-Za-z0-9+/]{342}== |
      | RSA_3072 | RSAES_OAEP_SHA_256 | [A-Za-z0-9+/]{512}   |
      | RSA_3072 | RSAES_OAEP_SHA_1   | [A-Za-z0-9+/]{512}   |

  @AsymmetricEncrypt @AsymmetricDecrypt @documented
  Scenario Outline: A <spec> key encrypts the largest plaintext of <algorithm>, <max> bytes
    Given an asymmetric key k1 of spec <spec> for ENCRYPT/DECRYPT
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
      | Algorithm    | <algorithm>   |
      | Plaintext    | <plaintext>   |
    Then the call succeeds
    And I save the response field "CiphertextBlob" as blob1
    When I call AsymmetricDecrypt with:
      | KeyId          | ${k1}         |
      | KeyVersionId   | ${k1.version} |
      | Algorithm      | <algorithm>   |
      | CiphertextBlob | ${blob1}      |
    Then the response field "Plaintext" is "<plaintext>"

    Examples:
      | spec     | algorithm          | max | plaintext               |
      | RSA_2048 | RSAES_OAEP_SHA_256 | 190 | ${repeat:63:QUFB}QQ==   |
      | RSA_2048 | RSAES_OAEP_SHA_1   | 214 | ${repeat:71:QUFB}QQ==   |
      | RSA_3072 | RSAES_OAEP_SHA_256 | 318 | ${repeat:106:QUFB}      |
      | RSA_3072 | RSAES_OAEP_SHA_1   | 342 | ${repeat:114:QUFB}      |

  @AsymmetricEncrypt @inferred @D-110
  Scenario Outline: A <spec> key refuses <size> bytes with <algorithm> as InvalidParameter
    Given an asymmetric key k1 of spec <spec> for ENCRYPT/DECRYPT
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
      | Algorithm    | <algorithm>   |
      | Plaintext    | <plaintext>   |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "Plaintext"

    Examples:
      | spec     | algorithm          | size | plaintext               |
      | RSA_2048 | RSAES_OAEP_SHA_256 | 191  | ${repeat:63:QUFB}QUE=   |
      | RSA_2048 | RSAES_OAEP_SHA_1   | 215  | ${repeat:71:QUFB}QUE=   |
      | RSA_3072 | RSAES_OAEP_SHA_256 | 319  | ${repeat:106:QUFB}QQ==  |
      | RSA_3072 | RSAES_OAEP_SHA_1   | 343  | ${repeat:114:QUFB}QQ==  |

  @AsymmetricEncrypt @documented
  Scenario: AsymmetricEncrypt is randomised: the same plaintext twice gives two ciphertexts
    # RSAES-OAEP draws a fresh seed for every encryption (§3.3).
    Given an asymmetric key k1 of spec RSA_2048 for ENCRYPT/DECRYPT
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}              |
      | KeyVersionId | ${k1.version}      |
      | Algorithm    | RSAES_OAEP_SHA_256 |
      | Plaintext    | aGVsbG8=           |
    And I save the response field "CiphertextBlob" as blob1
    And I call AsymmetricEncrypt with:
      | KeyId        | ${k1}              |
      | KeyVersionId | ${k1.version}      |
      | Algorithm    | RSAES_OAEP_SHA_256 |
      | Plaintext    | aGVsbG8=           |
    Then the call succeeds
    And the response field "CiphertextBlob" is not "${blob1}"

  @AsymmetricEncrypt @AsymmetricDecrypt @documented
  Scenario: AsymmetricEncrypt and AsymmetricDecrypt take an alias and an ARN as KeyId
    # docs/spec/keys-v2.md §1.4: id, alias or ARN.
    Given an asymmetric key k1
    And an alias a1 for k1
    When I call AsymmetricEncrypt with:
      | KeyId        | ${a1}              |
      | KeyVersionId | ${k1.version}      |
      | Algorithm    | RSAES_OAEP_SHA_256 |
      | Plaintext    | aGVsbG8=           |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And I save the response field "CiphertextBlob" as blob1
    When I call AsymmetricDecrypt with:
      | KeyId          | ${k1.arn}          |
      | KeyVersionId   | ${k1.version}      |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | CiphertextBlob | ${blob1}           |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "Plaintext" is "aGVsbG8="

  @AsymmetricDecrypt @AsymmetricEncrypt @CreateKeyVersion @inferred @D-101
  Scenario: Each version of a key decrypts its own ciphertexts and no other version's
    Given an asymmetric key k1
    When I call CreateKeyVersion on k1
    And I save the response field "KeyVersion.KeyVersionId" as v2
    And I call AsymmetricEncrypt with:
      | KeyId        | ${k1}              |
      | KeyVersionId | ${v2}              |
      | Algorithm    | RSAES_OAEP_SHA_256 |
      | Plaintext    | dmVyc2lvbiAy       |
    Then the call succeeds
    And the response field "KeyVersionId" is "${v2}"
    And I save the response field "CiphertextBlob" as blob2
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}              |
      | KeyVersionId | ${k1.version}      |
      | Algorithm    | RSAES_OAEP_SHA_256 |
      | Plaintext    | dmVyc2lvbiAx       |
    And I save the response field "CiphertextBlob" as blob1
    And I call AsymmetricDecrypt with:
      | KeyId          | ${k1}              |
      | KeyVersionId   | ${v2}              |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | CiphertextBlob | ${blob2}           |
    Then the response field "Plaintext" is "dmVyc2lvbiAy"
    When I call AsymmetricDecrypt with:
      | KeyId          | ${k1}              |
      | KeyVersionId   | ${k1.version}      |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | CiphertextBlob | ${blob1}           |
    Then the response field "Plaintext" is "dmVyc2lvbiAx"
    When I call AsymmetricDecrypt with:
      | KeyId          | ${k1}              |
      | KeyVersionId   | ${k1.version}      |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | CiphertextBlob | ${blob2}           |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "CiphertextBlob"

  @AsymmetricDecrypt @inferred @D-110
  Scenario: AsymmetricDecrypt of a tampered ciphertext fails with InvalidParameter
    Given an asymmetric key k1
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}              |
      | KeyVersionId | ${k1.version}      |
      | Algorithm    | RSAES_OAEP_SHA_256 |
      | Plaintext    | aGVsbG8=           |
    And I save the response field "CiphertextBlob" as blob1
    And I tamper with blob1 as blob2
    And I call AsymmetricDecrypt with:
      | KeyId          | ${k1}              |
      | KeyVersionId   | ${k1.version}      |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | CiphertextBlob | ${blob2}           |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "CiphertextBlob"
    And the response field "Plaintext" is absent

  @AsymmetricDecrypt @inferred @D-110
  Scenario: AsymmetricDecrypt under the other OAEP hash than the one that encrypted fails with InvalidParameter
    Given an asymmetric key k1
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}              |
      | KeyVersionId | ${k1.version}      |
      | Algorithm    | RSAES_OAEP_SHA_256 |
      | Plaintext    | aGVsbG8=           |
    And I save the response field "CiphertextBlob" as blob1
    And I call AsymmetricDecrypt with:
      | KeyId          | ${k1}            |
      | KeyVersionId   | ${k1.version}    |
      | Algorithm      | RSAES_OAEP_SHA_1 |
      | CiphertextBlob | ${blob1}         |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "CiphertextBlob"

  @AsymmetricDecrypt @inferred @D-110
  Scenario Outline: AsymmetricDecrypt of a CiphertextBlob that is <what> fails with InvalidParameter
    Given an asymmetric key k1
    When I call AsymmetricDecrypt with:
      | KeyId          | ${k1}              |
      | KeyVersionId   | ${k1.version}      |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | CiphertextBlob | <blob>             |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "CiphertextBlob"

    Examples:
      | what                             | blob                  |
      | not Base64                       | not*base64            |
      | 3 bytes, not the modulus length  | AAAA                  |
      | 255 bytes                        | ${repeat:85:QUFB}     |
      | 256 zero bytes                   | ${repeat:85:AAAA}AA== |

  @AsymmetricEncrypt @inferred @D-110
  Scenario: AsymmetricEncrypt of a Plaintext that is not Base64 fails with InvalidParameter
    Given an asymmetric key k1
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}              |
      | KeyVersionId | ${k1.version}      |
      | Algorithm    | RSAES_OAEP_SHA_256 |
      | Plaintext    | hello world        |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "Plaintext"

  @AsymmetricEncrypt @AsymmetricDecrypt @inferred @D-110
  Scenario Outline: <api> with Algorithm <algorithm> fails with InvalidParameter
    Given an asymmetric key k1
    When I call <api> with:
      | KeyId          | ${k1}         |
      | KeyVersionId   | ${k1.version} |
      | Algorithm      | <algorithm>   |
      | Plaintext      | aGVsbG8=      |
      | CiphertextBlob | AAAA          |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "Algorithm"

    Examples:
      | api               | algorithm         |
      | AsymmetricEncrypt | RSA_PSS_SHA_256   |
      | AsymmetricEncrypt | ECDSA_SHA_256     |
      | AsymmetricDecrypt | RSA_PKCS1_SHA_256 |
      | AsymmetricEncrypt | RSAES_PKCS1_V1_5  |

  @AsymmetricEncrypt @AsymmetricDecrypt @inferred @D-114
  Scenario Outline: <api> with Algorithm SM2PKE fails with UnsupportedOperation
    Given an asymmetric key k1
    When I call <api> with:
      | KeyId          | ${k1}         |
      | KeyVersionId   | ${k1.version} |
      | Algorithm      | SM2PKE        |
      | Plaintext      | aGVsbG8=      |
      | CiphertextBlob | AAAA          |
    Then the call fails with UnsupportedOperation and status 400

    Examples:
      | api               |
      | AsymmetricEncrypt |
      | AsymmetricDecrypt |

  @AsymmetricEncrypt @AsymmetricDecrypt @documented @D-109
  Scenario Outline: <api> on a <kind> key fails with Rejected.UnsupportedOperation
    # docs/spec/keys-v2.md §3.7.1, §3.7.2 (META24 errorCodes): only ENCRYPT/DECRYPT keys qualify.
    Given <given>
    When I call <api> with:
      | KeyId          | ${k1}              |
      | KeyVersionId   | ${k1.version}      |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | Plaintext      | aGVsbG8=           |
      | CiphertextBlob | AAAA               |
    Then the call fails with Rejected.UnsupportedOperation and status 400
    And the error message mentions "Unsupported operation"

    Examples:
      | api               | kind             | given                                                 |
      | AsymmetricEncrypt | symmetric        | a key k1                                              |
      | AsymmetricDecrypt | symmetric        | a key k1                                              |
      | AsymmetricEncrypt | RSA SIGN/VERIFY  | an asymmetric key k1 of spec RSA_2048 for SIGN/VERIFY |
      | AsymmetricDecrypt | RSA SIGN/VERIFY  | an asymmetric key k1 of spec RSA_3072 for SIGN/VERIFY |
      | AsymmetricEncrypt | EC_P256          | an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY  |
      | AsymmetricDecrypt | EC_P256K         | an asymmetric key k1 of spec EC_P256K for SIGN/VERIFY |

  @AsymmetricEncrypt @AsymmetricDecrypt @inferred @D-110
  Scenario Outline: <api> with a KeyVersionId the key does not hold fails with Forbidden.KeyVersionNotFound
    Given an asymmetric key k1
    And an asymmetric key k2
    When I call <api> with:
      | KeyId          | ${k1}              |
      | KeyVersionId   | <version>          |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | Plaintext      | aGVsbG8=           |
      | CiphertextBlob | AAAA               |
    Then the call fails with Forbidden.KeyVersionNotFound and status 404

    Examples:
      | api               | version                              |
      | AsymmetricEncrypt | 00000000-0000-4000-8000-000000000000 |
      | AsymmetricEncrypt | ${k2.version}                        |
      | AsymmetricDecrypt | ${k2.version}                        |

  @AsymmetricEncrypt @AsymmetricDecrypt @documented
  Scenario Outline: <api> of a key that does not exist fails with <code>
    # docs/spec/keys-v2.md §3.7.1, §3.7.2 (META24 errorCodes).
    When I call <api> with:
      | KeyId          | <key>                                |
      | KeyVersionId   | 00000000-0000-4000-8000-000000000000 |
      | Algorithm      | RSAES_OAEP_SHA_256                   |
      | Plaintext      | aGVsbG8=                             |
      | CiphertextBlob | AAAA                                 |
    Then the call fails with <code> and status 404

    Examples:
      | api               | key                                  | code                    |
      | AsymmetricEncrypt | 00000000-0000-4000-8000-000000000000 | Forbidden.KeyNotFound   |
      | AsymmetricEncrypt | alias/no-such-alias-anywhere         | Forbidden.AliasNotFound |
      | AsymmetricDecrypt | 00000000-0000-4000-8000-000000000000 | Forbidden.KeyNotFound   |
      | AsymmetricDecrypt | alias/no-such-alias-anywhere         | Forbidden.AliasNotFound |

  @AsymmetricEncrypt @AsymmetricDecrypt @documented
  Scenario Outline: <api> without <param> fails with MissingParameter
    # docs/spec/keys-v2.md §3.6, §3.7.1, §3.7.2: every parameter is required.
    Given an asymmetric key k1
    When I call <api> with:
      | KeyId          | ${k1}         |
      | KeyVersionId   | <version>     |
      | Algorithm      | <algorithm>   |
      | Plaintext      | <payload>     |
      | CiphertextBlob | <payload>     |
    Then the call fails with MissingParameter and status 400
    And the error message mentions "<param>"

    Examples:
      | api               | param        | version       | algorithm          | payload  |
      | AsymmetricEncrypt | KeyVersionId |               | RSAES_OAEP_SHA_256 | aGVsbG8= |
      | AsymmetricEncrypt | Algorithm    | ${k1.version} |                    | aGVsbG8= |
      | AsymmetricEncrypt | Plaintext    | ${k1.version} | RSAES_OAEP_SHA_256 |          |
      | AsymmetricDecrypt | KeyVersionId |               | RSAES_OAEP_SHA_256 | AAAA     |
      | AsymmetricDecrypt | CiphertextBlob | ${k1.version} | RSAES_OAEP_SHA_256 |        |

  @AsymmetricDecrypt @inferred @D-065
  Scenario: AsymmetricDecrypt with a Recipient fails with InvalidParameter
    Given an asymmetric key k1
    When I call AsymmetricDecrypt with:
      | KeyId          | ${k1}              |
      | KeyVersionId   | ${k1.version}      |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | CiphertextBlob | AAAA               |
      | Recipient      | attestation        |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "Recipient"

  @AsymmetricEncrypt @inferred @D-035
  Scenario: AsymmetricEncrypt with DryRun true fails with DryRunOperationError and encrypts nothing
    Given an asymmetric key k1
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}              |
      | KeyVersionId | ${k1.version}      |
      | Algorithm    | RSAES_OAEP_SHA_256 |
      | Plaintext    | aGVsbG8=           |
      | DryRun       | true               |
    Then the call fails with DryRunOperationError
    And the response field "CiphertextBlob" is absent

  @AsymmetricEncrypt @inferred @D-035
  Scenario: AsymmetricEncrypt with DryRun true and too long a plaintext fails with ValidationError
    Given an asymmetric key k1
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}                 |
      | KeyVersionId | ${k1.version}         |
      | Algorithm    | RSAES_OAEP_SHA_256    |
      | Plaintext    | ${repeat:63:QUFB}QUE= |
      | DryRun       | true                  |
    Then the call fails with ValidationError
    And the error message mentions "Plaintext"

@api @asymmetric
Feature: AsymmetricSign and AsymmetricVerify
  A SIGN/VERIFY key signs the Base64 of a 32-byte SHA-256 digest with one version's private key
  and verifies a Base64 signature with its public key; both calls name KeyId, KeyVersionId and
  an Algorithm of the key's spec (docs/spec/keys-v2.md §3.1, §3.2, §3.4, §3.6, §3.7.3, §3.7.4).
  The digests below are SHA-256("hello world") and SHA-256("hello world!").

  @AsymmetricSign @AsymmetricVerify @documented
  Scenario Outline: A <spec> key signs with <algorithm> and verifies its own signature
    Given an asymmetric key k1 of spec <spec> for SIGN/VERIFY
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | <algorithm>                                  |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"
    And the response field "Value" matches "<signature>"
    And I save the response field "Value" as sig
    When I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | <algorithm>                                  |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | ${sig}                                       |
    Then the call succeeds
    And the response field "Value" is "true"
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"

    # An RSA signature has the modulus length (256 or 384 bytes); ECDSA answers DER
    # SEQUENCE {r, s}, 0x30 and a length of 64 to 79 bytes (docs/spec/keys-v2.md §3.4).
    Examples:
      | spec     | algorithm         | signature                 |
      | RSA_2048 | RSA_PSS_SHA_256   | [A-Za-z0-9+/]{342}==      |
      | RSA_2048 | RSA_PKCS1_SHA_256 | [A-Za-z0-9+/]{342}==      |
      | RSA_3072 | RSA_PSS_SHA_256   | [A-Za-z0-9+/]{512}        |
      | RSA_3072 | RSA_PKCS1_SHA_256 | [A-Za-z0-9+/]{512}        |
      | EC_P256  | ECDSA_SHA_256     | ME[A-Za-z0-9+/]{90,102}=* |
      | EC_P256K | ECDSA_SHA_256     | ME[A-Za-z0-9+/]{90,102}=* |

  @AsymmetricSign @AsymmetricVerify @documented
  Scenario: AsymmetricSign and AsymmetricVerify take an alias as KeyId and answer the key id
    # docs/spec/keys-v2.md §1.4: id or alias.
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    And an alias a1 for k1
    When I call AsymmetricSign with:
      | KeyId        | ${a1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And I save the response field "Value" as sig
    When I call AsymmetricVerify with:
      | KeyId        | ${a1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | ${sig}                                       |
    Then the response field "Value" is "true"
    And the response field "KeyId" is "${k1}"

  @AsymmetricVerify @inferred @D-111
  Scenario Outline: AsymmetricVerify of a <spec> signature over another digest answers Value false
    Given an asymmetric key k1 of spec <spec> for SIGN/VERIFY
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | <algorithm>                                  |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    And I save the response field "Value" as sig
    And I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | <algorithm>                                  |
      | Digest       | dQnlvaDHYtK6x/kNdYtbImP6Acy8VCq1498WO+CObKk= |
      | Value        | ${sig}                                       |
    Then the call succeeds
    And the response field "Value" is "false"

    Examples:
      | spec     | algorithm         |
      | RSA_2048 | RSA_PSS_SHA_256   |
      | RSA_2048 | RSA_PKCS1_SHA_256 |
      | EC_P256  | ECDSA_SHA_256     |
      | EC_P256K | ECDSA_SHA_256     |

  @AsymmetricVerify @inferred @D-111
  Scenario Outline: AsymmetricVerify of a tampered <spec> signature answers Value false
    Given an asymmetric key k1 of spec <spec> for SIGN/VERIFY
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | <algorithm>                                  |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    And I save the response field "Value" as sig
    And I tamper with sig as sig2
    And I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | <algorithm>                                  |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | ${sig2}                                      |
    Then the call succeeds
    And the response field "Value" is "false"

    Examples:
      | spec     | algorithm         |
      | RSA_2048 | RSA_PSS_SHA_256   |
      | RSA_3072 | RSA_PKCS1_SHA_256 |
      | EC_P256  | ECDSA_SHA_256     |
      | EC_P256K | ECDSA_SHA_256     |

  @AsymmetricVerify @inferred @D-111
  Scenario Outline: AsymmetricVerify of a Value that is Base64 but no signature answers Value false
    # "AAAA" is three zero bytes: no RSA signature of the modulus length, no DER SEQUENCE.
    Given an asymmetric key k1 of spec <spec> for SIGN/VERIFY
    When I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | <algorithm>                                  |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | AAAA                                         |
    Then the call succeeds
    And the response field "Value" is "false"

    Examples:
      | spec     | algorithm       |
      | RSA_2048 | RSA_PSS_SHA_256 |
      | EC_P256  | ECDSA_SHA_256   |

  @AsymmetricVerify @inferred @D-111
  Scenario: A signature verifies under the algorithm that made it only
    Given an asymmetric key k1 of spec RSA_2048 for SIGN/VERIFY
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | RSA_PSS_SHA_256                              |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    And I save the response field "Value" as sig
    And I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | RSA_PKCS1_SHA_256                            |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | ${sig}                                       |
    Then the call succeeds
    And the response field "Value" is "false"

  @AsymmetricSign @inferred @D-112
  Scenario Outline: <algorithm> signs the same digest to the same signature every time
    # RSA-PKCS1 is deterministic by construction; ECDSA uses RFC 6979 nonces.
    Given an asymmetric key k1 of spec <spec> for SIGN/VERIFY
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | <algorithm>                                  |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    And I save the response field "Value" as sig
    And I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | <algorithm>                                  |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    Then the call succeeds
    And the response field "Value" is "${sig}"

    Examples:
      | spec     | algorithm         |
      | RSA_2048 | RSA_PKCS1_SHA_256 |
      | EC_P256  | ECDSA_SHA_256     |
      | EC_P256K | ECDSA_SHA_256     |

  @AsymmetricSign @AsymmetricVerify @inferred @D-112
  Scenario: RSA_PSS_SHA_256 draws a fresh salt: two signatures of one digest differ and both verify
    Given an asymmetric key k1 of spec RSA_2048 for SIGN/VERIFY
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | RSA_PSS_SHA_256                              |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    And I save the response field "Value" as sig1
    And I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | RSA_PSS_SHA_256                              |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    Then the response field "Value" is not "${sig1}"
    And I save the response field "Value" as sig2
    When I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | RSA_PSS_SHA_256                              |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | ${sig1}                                      |
    Then the response field "Value" is "true"
    When I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | RSA_PSS_SHA_256                              |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | ${sig2}                                      |
    Then the response field "Value" is "true"

  @AsymmetricSign @AsymmetricVerify @CreateKeyVersion @inferred @D-101
  Scenario: Each version of a key signs with its own key pair, and only it verifies the signature
    # docs/spec/keys-v2.md §2.1: the versions of a key are unrelated keys.
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    When I call CreateKeyVersion on k1
    Then the call succeeds
    And I save the response field "KeyVersion.KeyVersionId" as v2
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${v2}                                        |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    Then the call succeeds
    And the response field "KeyVersionId" is "${v2}"
    And I save the response field "Value" as sig2
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    Then the response field "Value" is not "${sig2}"
    And I save the response field "Value" as sig1
    When I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${v2}                                        |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | ${sig2}                                      |
    Then the response field "Value" is "true"
    When I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${v2}                                        |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | ${sig1}                                      |
    Then the response field "Value" is "false"
    When I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | ${sig1}                                      |
    Then the response field "Value" is "true"

  @AsymmetricSign @inferred @D-110
  Scenario Outline: AsymmetricSign with a Digest of <length> fails with InvalidParameter
    Given an asymmetric key k1 of spec <spec> for SIGN/VERIFY
    When I call AsymmetricSign with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
      | Algorithm    | <algorithm>   |
      | Digest       | <digest>      |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "Digest"

    Examples:
      | spec     | algorithm       | length                     | digest                                                           |
      | EC_P256  | ECDSA_SHA_256   | 20 bytes (SHA-1)           | Kq5sNclPz7QV2+lfQIuc6R7oRu0=                                     |
      | EC_P256K | ECDSA_SHA_256   | 48 bytes (SHA-384)         | /b2OdaZ/KfcBpOBAOF4uI5hjA+oQI5IRr5B/y7g1eLPkF8txzmRu/QgZ3YwIjeG9 |
      | RSA_2048 | RSA_PSS_SHA_256 | 31 bytes                   | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzQ==                     |
      | RSA_3072 | RSA_PSS_SHA_256 | 33 bytes                   | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzekA                     |
      | RSA_2048 | RSA_PSS_SHA_256 | text that is not Base64    | not*base64                                                       |
      | EC_P256  | ECDSA_SHA_256   | Base64 without its padding | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek                      |

  @AsymmetricVerify @inferred @D-110
  Scenario Outline: AsymmetricVerify with a malformed <param> fails with InvalidParameter
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    When I call AsymmetricVerify with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
      | Algorithm    | ECDSA_SHA_256 |
      | Digest       | <digest>      |
      | Value        | <value>       |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "<param>"

    Examples:
      | param  | digest                                       | value      |
      | Digest | Kq5sNclPz7QV2+lfQIuc6R7oRu0=                 | AAAA       |
      | Digest | ***                                          | AAAA       |
      | Value  | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= | not*base64 |

  @AsymmetricSign @AsymmetricVerify @inferred @D-110
  Scenario Outline: <api> with Algorithm <algorithm> on a <spec> key fails with InvalidParameter
    Given an asymmetric key k1 of spec <spec> for SIGN/VERIFY
    When I call <api> with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | <algorithm>                                  |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | AAAA                                         |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "Algorithm"

    Examples:
      | api              | spec     | algorithm          |
      | AsymmetricSign   | RSA_2048 | ECDSA_SHA_256      |
      | AsymmetricSign   | EC_P256  | RSA_PSS_SHA_256    |
      | AsymmetricSign   | EC_P256K | RSA_PKCS1_SHA_256  |
      | AsymmetricSign   | RSA_3072 | RSAES_OAEP_SHA_256 |
      | AsymmetricVerify | RSA_2048 | ECDSA_SHA_256      |
      | AsymmetricVerify | EC_P256  | RSAES_OAEP_SHA_1   |
      | AsymmetricSign   | EC_P256  | SHA256withECDSA    |

  @AsymmetricSign @AsymmetricVerify @inferred @D-114
  Scenario Outline: <api> with Algorithm SM2DSA fails with UnsupportedOperation
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    When I call <api> with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | SM2DSA                                       |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | AAAA                                         |
    Then the call fails with UnsupportedOperation and status 400

    Examples:
      | api              |
      | AsymmetricSign   |
      | AsymmetricVerify |

  @AsymmetricSign @AsymmetricVerify @inferred @D-109
  Scenario Outline: <api> on a <kind> key fails with Rejected.UnsupportedOperation
    Given <given>
    When I call <api> with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | RSA_PSS_SHA_256                              |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | AAAA                                         |
    Then the call fails with Rejected.UnsupportedOperation and status 400
    And the error message mentions "Unsupported operation"

    Examples:
      | api              | kind                   | given                                               |
      | AsymmetricSign   | symmetric              | a key k1                                            |
      | AsymmetricVerify | symmetric              | a key k1                                            |
      | AsymmetricSign   | RSA ENCRYPT/DECRYPT    | an asymmetric key k1 of spec RSA_2048 for ENCRYPT/DECRYPT |
      | AsymmetricVerify | RSA ENCRYPT/DECRYPT    | an asymmetric key k1 of spec RSA_2048 for ENCRYPT/DECRYPT |

  @AsymmetricSign @AsymmetricVerify @inferred @D-110
  Scenario Outline: <api> with a KeyVersionId the key does not hold fails with Forbidden.KeyVersionNotFound
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    And an asymmetric key k2 of spec EC_P256 for SIGN/VERIFY
    When I call <api> with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | <version>                                    |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | AAAA                                         |
    Then the call fails with Forbidden.KeyVersionNotFound and status 404

    Examples:
      | api              | version                              |
      | AsymmetricSign   | 00000000-0000-4000-8000-000000000000 |
      | AsymmetricSign   | ${k2.version}                        |
      | AsymmetricVerify | ${k2.version}                        |

  @AsymmetricSign @AsymmetricVerify @documented
  Scenario Outline: <api> of a key that does not exist fails with <code>
    # docs/spec/keys-v2.md §3.7.3, §3.7.4 (META24 errorCodes).
    When I call <api> with:
      | KeyId        | <key>                                        |
      | KeyVersionId | 00000000-0000-4000-8000-000000000000         |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | AAAA                                         |
    Then the call fails with <code> and status 404

    Examples:
      | api              | key                                  | code                    |
      | AsymmetricSign   | 00000000-0000-4000-8000-000000000000 | Forbidden.KeyNotFound   |
      | AsymmetricSign   | alias/no-such-alias-anywhere         | Forbidden.AliasNotFound |
      | AsymmetricVerify | 00000000-0000-4000-8000-000000000000 | Forbidden.KeyNotFound   |
      | AsymmetricVerify | alias/no-such-alias-anywhere         | Forbidden.AliasNotFound |

  @AsymmetricSign @AsymmetricVerify @documented
  Scenario Outline: <api> without <param> fails with MissingParameter
    # docs/spec/keys-v2.md §3.6, §3.7.3, §3.7.4: all four (five) parameters are required.
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    When I call <api> with:
      | KeyId        | <key>         |
      | KeyVersionId | <version>     |
      | Algorithm    | ECDSA_SHA_256 |
      | Digest       | <digest>      |
      | Value        | AAAA          |
    Then the call fails with MissingParameter and status 400
    And the error message mentions "<param>"

    Examples:
      | api              | param        | key   | version       | digest                                       |
      | AsymmetricSign   | KeyVersionId | ${k1} |               | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | AsymmetricSign   | KeyId        |       | ${k1.version} | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | AsymmetricSign   | Digest       | ${k1} | ${k1.version} |                                              |
      | AsymmetricVerify | KeyVersionId | ${k1} |               | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |

  @AsymmetricSign @inferred @D-035
  Scenario: AsymmetricSign with DryRun true fails with DryRunOperationError and signs nothing
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | DryRun       | true                                         |
    Then the call fails with DryRunOperationError
    And the response field "Value" is absent

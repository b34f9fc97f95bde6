@api @asymmetric
Feature: GetPublicKey
  GetPublicKey answers the public key of one version of an asymmetric key as PEM: a DER
  SubjectPublicKeyInfo in Base64 lines of 64 characters between `-----BEGIN PUBLIC KEY-----` and
  `-----END PUBLIC KEY-----`, with a final newline (docs/spec/keys-v2.md §3.5, §3.6, §3.7.5).
  An RSA SubjectPublicKeyInfo opens with rsaEncryption and NULL parameters
  (`MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A` for 2048 bits, as the META24 example) and ends with the
  exponent 65537 (`IDAQAB`; `AgMBAAE=` for 3072 bits, D-113); an EC one names id-ecPublicKey,
  the curve and an uncompressed point (docs/spec/keys-v2.md §3.5, inferred there).

  @GetPublicKey @documented @D-113
  Scenario Outline: GetPublicKey of a <spec> key answers its PEM SubjectPublicKeyInfo
    Given an asymmetric key k1 of spec <spec> for <usage>
    When I call GetPublicKey with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And the response field "KeyVersionId" is "${k1.version}"
    And the response field "PublicKey" matches "-----BEGIN PUBLIC KEY-----\n<body>\n-----END PUBLIC KEY-----\n"

    # Lines: RSA_2048 294 DER bytes = 6 × 64 + 8 characters; RSA_3072 422 bytes = 8 × 64 + 52;
    # P-256 91 bytes = 64 + 60; secp256k1 88 bytes = 64 + 56.
    Examples:
      | spec     | usage           | body                                                                                                  |
      | RSA_2048 | ENCRYPT/DECRYPT | MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA[A-Za-z0-9+/]{20}(\n[A-Za-z0-9+/]{64}){5}\n[A-Za-z0-9+/]{2}IDAQAB |
      | RSA_2048 | SIGN/VERIFY     | MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA[A-Za-z0-9+/]{20}(\n[A-Za-z0-9+/]{64}){5}\n[A-Za-z0-9+/]{2}IDAQAB |
      | RSA_3072 | SIGN/VERIFY     | MIIBojANBgkqhkiG9w0BAQEFAAOCAY8AMIIBigKCAYEA[A-Za-z0-9+/]{20}(\n[A-Za-z0-9+/]{64}){7}\n[A-Za-z0-9+/]{44}AgMBAAE= |
      | EC_P256  | SIGN/VERIFY     | MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE[A-Za-z0-9+/]{28}\n[A-Za-z0-9+/]{58}==                            |
      | EC_P256K | SIGN/VERIFY     | MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAE[A-Za-z0-9+/]{32}\n[A-Za-z0-9+/]{54}==                                |

  @GetPublicKey @documented
  Scenario: GetPublicKey takes an alias as KeyId and answers the key id
    # docs/spec/keys-v2.md §1.4: id or alias.
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    And an alias a1 for k1
    When I call GetPublicKey with:
      | KeyId        | ${a1}         |
      | KeyVersionId | ${k1.version} |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"

  @GetPublicKey @CreateKeyVersion @inferred @D-101
  Scenario: Each version of a key has its own public key, the same at every call
    Given an asymmetric key k1 of spec EC_P256K for SIGN/VERIFY
    When I call GetPublicKey with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
    And I save the response field "PublicKey" as pk1
    And I call CreateKeyVersion on k1
    And I save the response field "KeyVersion.KeyVersionId" as v2
    And I call GetPublicKey with:
      | KeyId        | ${k1} |
      | KeyVersionId | ${v2} |
    Then the call succeeds
    And the response field "PublicKey" is not "${pk1}"
    When I call GetPublicKey with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
    Then the response field "PublicKey" is "${pk1}"

  @GetPublicKey @inferred @D-109
  Scenario: GetPublicKey of a symmetric key fails with Rejected.UnsupportedOperation
    Given a key k1
    When I call GetPublicKey with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
    Then the call fails with Rejected.UnsupportedOperation and status 400
    And the error message mentions "Unsupported operation"

  @GetPublicKey @inferred @D-110
  Scenario Outline: GetPublicKey with a KeyVersionId the key does not hold fails with Forbidden.KeyVersionNotFound
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    And an asymmetric key k2 of spec EC_P256 for SIGN/VERIFY
    When I call GetPublicKey with:
      | KeyId        | ${k1}     |
      | KeyVersionId | <version> |
    Then the call fails with Forbidden.KeyVersionNotFound and status 404

    Examples:
      | version                              |
      | 00000000-0000-4000-8000-000000000000 |
      | ${k2.version}                        |

  @GetPublicKey @documented
  Scenario: GetPublicKey of a key that does not exist fails with Forbidden.KeyNotFound
    # docs/spec/keys-v2.md §3.7.5 (META24 errorCodes).
    When I call GetPublicKey with:
      | KeyId        | 00000000-0000-4000-8000-000000000000 |
      | KeyVersionId | 00000000-0000-4000-8000-000000000000 |
    Then the call fails with Forbidden.KeyNotFound and status 404

  @GetPublicKey @documented
  Scenario Outline: GetPublicKey without <param> fails with MissingParameter
    # docs/spec/keys-v2.md §3.6, §3.7.5: both are required.
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    When I call GetPublicKey with:
      | KeyId        | <key>     |
      | KeyVersionId | <version> |
    Then the call fails with MissingParameter and status 400
    And the error message mentions "<param>"

    Examples:
      | param        | key   | version       |
      | KeyId        |       | ${k1.version} |
      | KeyVersionId | ${k1} |               |

  @GetPublicKey @inferred @D-035
  Scenario: GetPublicKey with DryRun true fails with DryRunOperationError
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    When I call GetPublicKey with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
      | DryRun       | true          |
    Then the call fails with DryRunOperationError
    And the response field "PublicKey" is absent

@api @asymmetric @lifecycle
Feature: Key state × the asymmetric APIs
  The cells of the state × API matrix for AsymmetricEncrypt, AsymmetricDecrypt, AsymmetricSign,
  AsymmetricVerify and GetPublicKey: an Enabled key is needed, as for Encrypt
  (docs/spec/keys-v2.md §3.8; docs/spec/decisions.md D-130, and D-107 for GetPublicKey). An
  asymmetric key is never PendingImport, so that column uses an EXTERNAL key, whose state is
  checked before its type and before the payload. Every Rejected code is HTTP 409.

  @matrix @AsymmetricEncrypt @inferred @D-130
  Scenario Outline: Matrix: AsymmetricEncrypt needs an Enabled key (<state> -> <outcome>)
    Given <given>
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}              |
      | KeyVersionId | ${k1.version}      |
      | Algorithm    | RSAES_OAEP_SHA_256 |
      | Plaintext    | aGVsbG8=           |
    Then the outcome is <outcome>

    Examples:
      | state           | given                                                                              | outcome                  |
      | Enabled         | an asymmetric key k1 of spec RSA_2048 for ENCRYPT/DECRYPT in state Enabled         | Success                  |
      | Disabled        | an asymmetric key k1 of spec RSA_2048 for ENCRYPT/DECRYPT in state Disabled        | Rejected.Disabled        |
      | PendingDeletion | an asymmetric key k1 of spec RSA_2048 for ENCRYPT/DECRYPT in state PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | an external key k1 in state PendingImport                                          | Rejected.PendingImport   |

  @matrix @AsymmetricSign @inferred @D-130
  Scenario Outline: Matrix: AsymmetricSign needs an Enabled key (<state> -> <outcome>)
    Given <given>
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    Then the outcome is <outcome>

    Examples:
      | state           | given                                                                         | outcome                  |
      | Enabled         | an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY in state Enabled         | Success                  |
      | Disabled        | an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY in state Disabled        | Rejected.Disabled        |
      | PendingDeletion | an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY in state PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | an external key k1 in state PendingImport                                     | Rejected.PendingImport   |

  @matrix @AsymmetricVerify @inferred @D-130
  Scenario Outline: Matrix: AsymmetricVerify needs an Enabled key (<state> -> <outcome>)
    Given <given>
    When I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | AAAA                                         |
    Then the outcome is <outcome>

    Examples:
      | state           | given                                                                          | outcome                  |
      | Enabled         | an asymmetric key k1 of spec EC_P256K for SIGN/VERIFY in state Enabled         | Success                  |
      | Disabled        | an asymmetric key k1 of spec EC_P256K for SIGN/VERIFY in state Disabled        | Rejected.Disabled        |
      | PendingDeletion | an asymmetric key k1 of spec EC_P256K for SIGN/VERIFY in state PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | an external key k1 in state PendingImport                                      | Rejected.PendingImport   |

  @matrix @GetPublicKey @inferred @D-107
  Scenario Outline: Matrix: GetPublicKey needs an Enabled key (<state> -> <outcome>)
    Given <given>
    When I call GetPublicKey with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
    Then the outcome is <outcome>

    Examples:
      | state           | given                                                                          | outcome                  |
      | Enabled         | an asymmetric key k1 of spec RSA_2048 for SIGN/VERIFY in state Enabled         | Success                  |
      | Disabled        | an asymmetric key k1 of spec RSA_2048 for SIGN/VERIFY in state Disabled        | Rejected.Disabled        |
      | PendingDeletion | an asymmetric key k1 of spec RSA_2048 for SIGN/VERIFY in state PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | an external key k1 in state PendingImport                                      | Rejected.PendingImport   |

  @matrix @AsymmetricDecrypt @inferred @D-130
  Scenario Outline: Matrix: AsymmetricDecrypt of a ciphertext made while Enabled needs the key Enabled (<state> -> <outcome>)
    Given an asymmetric key k1
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}              |
      | KeyVersionId | ${k1.version}      |
      | Algorithm    | RSAES_OAEP_SHA_256 |
      | Plaintext    | aGVsbG8=           |
    And I save the response field "CiphertextBlob" as blob1
    And key k1 is moved to state <state>
    And I call AsymmetricDecrypt with:
      | KeyId          | ${k1}              |
      | KeyVersionId   | ${k1.version}      |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | CiphertextBlob | ${blob1}           |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |

  @matrix @AsymmetricDecrypt @inferred @D-130
  Scenario Outline: Matrix: AsymmetricDecrypt on an EXTERNAL key without material (<state> -> <outcome>)
    # The state answers before the key's type and the ciphertext are looked at.
    Given an external key k1 in state <state>
    When I call AsymmetricDecrypt with:
      | KeyId          | ${k1}              |
      | KeyVersionId   | ${k1.version}      |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | CiphertextBlob | AAAA               |
    Then the outcome is <outcome>

    Examples:
      | state         | outcome                |
      | PendingImport | Rejected.PendingImport |

  @AsymmetricSign @GetPublicKey @EnableKey @inferred @D-130 @D-107
  Scenario: A key that is enabled again signs and answers its public key again
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY in state Disabled
    When I call GetPublicKey with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
    Then the call fails with Rejected.Disabled and status 409
    When I call EnableKey on k1
    And I call GetPublicKey with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
    Then the call succeeds
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    Then the call succeeds

  @AsymmetricSign @inferred @D-130
  Scenario: A Disabled key's state answers before a wrong Algorithm or a malformed Digest
    Given an asymmetric key k1 of spec RSA_2048 for SIGN/VERIFY in state Disabled
    When I call AsymmetricSign with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
      | Algorithm    | ECDSA_SHA_256 |
      | Digest       | not*base64    |
    Then the call fails with Rejected.Disabled and status 409

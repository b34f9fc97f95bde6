@trail @needs-trail @asymmetric
Feature: Audit events of the asymmetric APIs carry no payload
  The events of AsymmetricEncrypt, AsymmetricDecrypt, AsymmetricSign, AsymmetricVerify and
  GetPublicKey keep `KeyId`, `KeyVersionId` and `Algorithm` but drop `Plaintext`,
  `CiphertextBlob`, `Digest` and `Value`, and no event has `responseElements`, so neither a
  ciphertext, a plaintext, a digest, a signature nor a public key reaches the trail
  (docs/spec/keys-v2.md §7; docs/spec/decisions.md D-127).

  @AsymmetricEncrypt @AsymmetricDecrypt @inferred @D-127
  Scenario: The AsymmetricEncrypt and AsymmetricDecrypt events keep the ids and the algorithm only
    Given an asymmetric key k1
    When I call AsymmetricEncrypt with:
      | KeyId        | ${k1}                            |
      | KeyVersionId | ${k1.version}                    |
      | Algorithm    | RSAES_OAEP_SHA_256               |
      | Plaintext    | YXN5bW1ldHJpYyBzZWNyZXQ=         |
    Then the call succeeds
    And I save the response field "CiphertextBlob" as blob1
    And the call left one audit event
    And the audit event field "requestParameters.KeyId" is "${k1}"
    And the audit event field "requestParameters.KeyVersionId" is "${k1.version}"
    And the audit event field "requestParameters.Algorithm" is "RSAES_OAEP_SHA_256"
    And the audit event has no field "requestParameters.Plaintext"
    And the audit event has no field "responseElements"
    And the audit event field "referencedResources.ACS::KMS::Key.0" is "${k1}"
    When I call AsymmetricDecrypt with:
      | KeyId          | ${k1}              |
      | KeyVersionId   | ${k1.version}      |
      | Algorithm      | RSAES_OAEP_SHA_256 |
      | CiphertextBlob | ${blob1}           |
    Then the call succeeds
    And the call left one audit event
    And the audit event field "requestParameters.Algorithm" is "RSAES_OAEP_SHA_256"
    And the audit event has no field "requestParameters.CiphertextBlob"
    And the audit event has no field "responseElements"
    And no audit event contains "${blob1}"
    And no audit event contains "YXN5bW1ldHJpYyBzZWNyZXQ="
    And no audit event contains a secret of the scenario

  @AsymmetricSign @AsymmetricVerify @inferred @D-127
  Scenario: The AsymmetricSign and AsymmetricVerify events drop the Digest and the Value
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    Then the call succeeds
    And I save the response field "Value" as sig
    And the call left one audit event
    And the audit event field "requestParameters.Algorithm" is "ECDSA_SHA_256"
    And the audit event field "requestParameters.KeyVersionId" is "${k1.version}"
    And the audit event has no field "requestParameters.Digest"
    And the audit event has no field "responseElements"
    When I call AsymmetricVerify with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
      | Value        | ${sig}                                       |
    Then the call succeeds
    And the call left one audit event
    And the audit event has no field "requestParameters.Digest"
    And the audit event has no field "requestParameters.Value"
    And no audit event contains "${sig}"
    And no audit event contains "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="

  @GetPublicKey @inferred @D-127
  Scenario: The GetPublicKey event has no public key
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    When I call GetPublicKey with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
    Then the call succeeds
    And the call left one audit event
    And the audit event field "requestParameters.KeyVersionId" is "${k1.version}"
    And the audit event has no field "responseElements"
    And no audit event contains "BEGIN PUBLIC KEY"

  @AsymmetricSign @inferred @D-127 @D-052
  Scenario: A refused AsymmetricSign is recorded with its error and without the Digest
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    When I call AsymmetricSign with:
      | KeyId        | ${k1}                        |
      | KeyVersionId | ${k1.version}                |
      | Algorithm    | ECDSA_SHA_256                |
      | Digest       | Kq5sNclPz7QV2+lfQIuc6R7oRu0= |
    Then the call fails with InvalidParameter
    And the call left one audit event
    And the audit event field "errorCode" is "InvalidParameter"
    And the audit event has no field "requestParameters.Digest"
    And no audit event contains "Kq5sNclPz7QV2+lfQIuc6R7oRu0="

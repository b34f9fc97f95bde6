@authz @asymmetric
Feature: RAM authorization of the asymmetric APIs
  Each asymmetric API is authorized as `kms:<Api>` on the key's ARN, and the encryption calls
  carry their `Algorithm` as the condition key `kms:EncryptionAlgorithm`; the signing calls and
  GetPublicKey carry none (docs/spec/keys-v2.md §6; docs/spec/kms-api.md §5.3). A condition key the
  request does not carry makes the condition false (docs/spec/decisions.md D-045).

  @AsymmetricEncrypt @documented @needs-ram
  Scenario Outline: StringEquals kms:EncryptionAlgorithm = RSAES_OAEP_SHA_256 and AsymmetricEncrypt with <algorithm> -> <outcome>
    Given an asymmetric key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:AsymmetricEncrypt","Resource":"*",
        "Condition":{"StringEquals":{"kms:EncryptionAlgorithm":"RSAES_OAEP_SHA_256"}}}]}
      """
    When alice calls AsymmetricEncrypt with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
      | Algorithm    | <algorithm>   |
      | Plaintext    | aGVsbG8=      |
    Then the outcome is <outcome>

    Examples:
      | algorithm          | outcome               |
      | RSAES_OAEP_SHA_256 | Success               |
      | RSAES_OAEP_SHA_1   | Forbidden.NoPermission |

  @AsymmetricSign @inferred @needs-ram @D-045
  Scenario: A kms:EncryptionAlgorithm condition never matches AsymmetricSign, which carries no such key
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:AsymmetricSign","Resource":"*",
        "Condition":{"StringEquals":{"kms:EncryptionAlgorithm":"ECDSA_SHA_256"}}}]}
      """
    When alice calls AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    Then the call is denied

  @AsymmetricSign @GetPublicKey @documented @needs-ram
  Scenario: An Allow of kms:AsymmetricSign on one key's ARN allows signing with it, not reading its public key
    Given an asymmetric key k1 of spec EC_P256 for SIGN/VERIFY
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:AsymmetricSign","Resource":"${k1.arn}"}]}
      """
    When alice calls AsymmetricSign with:
      | KeyId        | ${k1}                                        |
      | KeyVersionId | ${k1.version}                                |
      | Algorithm    | ECDSA_SHA_256                                |
      | Digest       | uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= |
    Then the call succeeds
    When alice calls GetPublicKey with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
    Then the call is denied
    And the error message mentions "${k1.arn}"

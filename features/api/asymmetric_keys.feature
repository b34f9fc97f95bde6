@api @asymmetric
Feature: Asymmetric keys: creation and KeyMetadata
  An asymmetric key (RSA_2048, RSA_3072, EC_P256, EC_P256K) holds one key pair per version and
  has no primary version: every asymmetric call names a KeyVersionId (docs/spec/keys-v2.md §2.1,
  §3.1, §3.6). The KeyMetadata of such a key follows docs/spec/decisions.md D-108.

  @CreateKey @inferred @D-108
  Scenario Outline: CreateKey with KeySpec <spec> answers KeyMetadata without a primary version
    When I call CreateKey with:
      | KeySpec | <spec> |
    Then the call succeeds
    And the response field "KeyMetadata.KeySpec" is "<spec>"
    And the response field "KeyMetadata.PrimaryKeyVersion" is absent
    And the response field "KeyMetadata.AutomaticRotation" is "Disabled"
    And the response field "KeyMetadata.RotationInterval" is absent
    And the response field "KeyMetadata.NextRotationDate" is absent
    And I save the response field "KeyMetadata.CreationDate" as created
    And the response field "KeyMetadata.LastRotationDate" is "${created}"

    Examples:
      | spec     |
      | RSA_2048 |
      | RSA_3072 |
      | EC_P256  |
      | EC_P256K |

  @DescribeKey @inferred @D-108
  Scenario: DescribeKey of an asymmetric key answers no PrimaryKeyVersion
    Given an asymmetric key k1
    When I call DescribeKey on k1
    Then the call succeeds
    And the response field "KeyMetadata.KeySpec" is "RSA_2048"
    And the response field "KeyMetadata.PrimaryKeyVersion" is absent
    And the response field "KeyMetadata.AutomaticRotation" is "Disabled"

  @CreateKeyVersion @DescribeKey @needs-clock @inferred @D-108
  Scenario: LastRotationDate of an asymmetric key is the CreationDate of its newest version
    When I call CreateKey with:
      | KeySpec | EC_P256 |
    And I save the response field "KeyMetadata.KeyId" as id
    And I save the response field "KeyMetadata.CreationDate" as created
    And the clock advances 1 days
    And I call CreateKeyVersion with:
      | KeyId | ${id} |
    And I save the response field "KeyVersion.CreationDate" as newest
    And I call DescribeKey with:
      | KeyId | ${id} |
    Then the call succeeds
    And the response field "KeyMetadata.LastRotationDate" is "${newest}"
    And the response field "KeyMetadata.LastRotationDate" is not "${created}"
    And the response field "KeyMetadata.CreationDate" is "${created}"
    And the response field "KeyMetadata.PrimaryKeyVersion" is absent

  @CreateKey @inferred @D-108
  Scenario Outline: CreateKey with KeySpec <spec> and automatic rotation fails with UnsupportedOperation
    When I call CreateKey with:
      | KeySpec                 | <spec> |
      | EnableAutomaticRotation | true   |
      | RotationInterval        | 365d   |
    Then the call fails with UnsupportedOperation and status 400

    Examples:
      | spec     |
      | RSA_2048 |
      | EC_P256K |

  @CreateKey @inferred @D-108 @D-014
  Scenario Outline: CreateKey with KeySpec <spec> and KeyUsage ENCRYPT/DECRYPT fails with InvalidParameter
    When I call CreateKey with:
      | KeySpec  | <spec>          |
      | KeyUsage | ENCRYPT/DECRYPT |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "KeyUsage"

    Examples:
      | spec     |
      | EC_P256  |
      | EC_P256K |

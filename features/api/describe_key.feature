@api
Feature: DescribeKey
  DescribeKey answers the KeyMetadata of a key named by its id, an alias or its ARN
  (docs/spec/kms-api.md §2.3 DescribeKey, §2 common conventions).

  @DescribeKey @documented
  Scenario: DescribeKey by key id answers the key's metadata
    Given a key k1 described as "payments key"
    When I call DescribeKey on k1
    Then the call succeeds
    And the response field "KeyMetadata.KeyId" is "${k1}"
    And the response field "KeyMetadata.Arn" is "${k1.arn}"
    And the response field "KeyMetadata.KeyState" is "Enabled"
    And the response field "KeyMetadata.Description" is "payments key"
    And the response field "KeyMetadata.KeySpec" is "Aliyun_AES_256"
    And the response field "KeyMetadata.KeyUsage" is "ENCRYPT/DECRYPT"
    And the response field "KeyMetadata.Origin" is "Aliyun_KMS"
    And the response field "KeyMetadata.ProtectionLevel" is "SOFTWARE"
    And the response field "KeyMetadata.PrimaryKeyVersion" is "${k1.version}"
    And the response field "KeyMetadata.CreationDate" matches "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
    And the response field "KeyMetadata.Creator" is not empty
    And the response field "KeyMetadata.AutomaticRotation" is "Disabled"

  @DescribeKey @documented
  Scenario: DescribeKey answers DeletionProtection Disabled for a new key
    Given a key k1
    When I call DescribeKey on k1
    Then the call succeeds
    And the response field "KeyMetadata.DeletionProtection" is "Disabled"

  # DescribeKey response schema (docs/spec/kms-api.md §2.1; META24, SDK331, Terraform reads
  # `DeletionProtectionDescription`): both fields are DescribeKey's; their values for a default
  # key without protection are the reference's (D-061).
  @DescribeKey @documented @D-061
  Scenario: DescribeKey answers an empty DeletionProtectionDescription and DKMSInstanceId for a default key
    Given a key k1
    When I call DescribeKey on k1
    Then the call succeeds
    And the response field "KeyMetadata.DeletionProtectionDescription" is empty
    And the response field "KeyMetadata.DKMSInstanceId" is empty

  @DescribeKey @inferred @D-011
  Scenario: DescribeKey answers DeleteDate and MaterialExpireTime as empty strings for an Enabled key
    Given a key k1
    When I call DescribeKey on k1
    Then the call succeeds
    And the response field "KeyMetadata.DeleteDate" is empty
    And the response field "KeyMetadata.MaterialExpireTime" is empty

  @DescribeKey @documented
  Scenario: DescribeKey by alias answers the metadata of the key the alias points at
    Given a key k1
    And an alias a1 for k1
    When I call DescribeKey with:
      | KeyId | ${a1} |
    Then the call succeeds
    And the response field "KeyMetadata.KeyId" is "${k1}"
    And the response field "KeyMetadata.Arn" is "${k1.arn}"

  @DescribeKey @documented
  Scenario: DescribeKey by ARN answers the key's metadata
    Given a key k1
    When I call DescribeKey with:
      | KeyId | ${k1.arn} |
    Then the call succeeds
    And the response field "KeyMetadata.KeyId" is "${k1}"

  @DescribeKey @documented
  Scenario: DescribeKey of an external key answers Origin EXTERNAL and state PendingImport
    Given an external key k1
    When I call DescribeKey on k1
    Then the call succeeds
    And the response field "KeyMetadata.Origin" is "EXTERNAL"
    And the response field "KeyMetadata.KeyState" is "PendingImport"

  @DescribeKey @documented
  Scenario: DescribeKey of an unknown key id fails with Forbidden.KeyNotFound
    When I call DescribeKey with:
      | KeyId | 0b1e9d52-7c1f-4d2a-9f3e-5a6b7c8d9e0f |
    Then the call fails with Forbidden.KeyNotFound
    And the call fails with Forbidden.KeyNotFound and status 404

  @DescribeKey @documented
  Scenario: DescribeKey of an unknown alias fails with Forbidden.AliasNotFound
    Given a key k1
    When I call DescribeKey with:
      | KeyId | alias/kmsconf-missing-${k1} |
    Then the call fails with Forbidden.AliasNotFound
    And the call fails with Forbidden.AliasNotFound and status 404

  @DescribeKey @documented
  Scenario: DescribeKey by an alias that was deleted fails with Forbidden.AliasNotFound
    Given a key k1
    And an alias a1 for k1
    When I call DeleteAlias with:
      | AliasName | ${a1} |
    Then the call succeeds
    When I call DescribeKey with:
      | KeyId | ${a1} |
    Then the call fails with Forbidden.AliasNotFound

  @DescribeKey @documented
  Scenario: DescribeKey by the ARN of the key in another region fails with Forbidden.KeyNotFound
    Given a key k1
    When I call DescribeKey on k1
    Then I save the response field "KeyMetadata.Creator" as uid
    When I call DescribeKey with:
      | KeyId | acs:kms:cn-beijing:${uid}:key/${k1} |
    Then the call fails with Forbidden.KeyNotFound

  @DescribeKey @inferred @D-012
  Scenario: DescribeKey by the ARN of the key under another account fails with Forbidden.KeyNotFound
    Given a key k1
    When I call DescribeKey with:
      | KeyId | acs:kms:cn-hangzhou:9999999999999999:key/${k1} |
    Then the call fails with Forbidden.KeyNotFound

  @DescribeKey @documented
  Scenario: DescribeKey without KeyId fails with MissingParameter
    When I call DescribeKey
    Then the call fails with MissingParameter
    And the error message mentions "KeyId"

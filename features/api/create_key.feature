@api
Feature: CreateKey
  CreateKey makes a customer master key and answers its KeyMetadata (docs/spec/kms-api.md §2.1, §2.3
  CreateKey). A new key is Enabled, or PendingImport when its Origin is EXTERNAL.

  @CreateKey @documented
  Scenario: CreateKey without parameters makes an Enabled symmetric software key
    When I call CreateKey
    Then the call succeeds
    And the response field "KeyMetadata.KeyState" is "Enabled"
    And the response field "KeyMetadata.KeySpec" is "Aliyun_AES_256"
    And the response field "KeyMetadata.KeyUsage" is "ENCRYPT/DECRYPT"
    And the response field "KeyMetadata.Origin" is "Aliyun_KMS"
    And the response field "KeyMetadata.ProtectionLevel" is "SOFTWARE"
    And the response field "KeyMetadata.AutomaticRotation" is "Disabled"
    And the response field "KeyMetadata.Description" is empty
    And the response field "RequestId" is not empty

  @CreateKey @documented
  Scenario: CreateKey answers every KeyMetadata field with a value
    When I call CreateKey with:
      | Description | my first key |
    Then the call succeeds
    And the response field "KeyMetadata.KeyId" is not empty
    And the response field "KeyMetadata.Arn" matches "acs:kms:[a-z0-9-]+:[0-9]+:key/[0-9a-z-]+"
    And the response field "KeyMetadata.Description" is "my first key"
    And the response field "KeyMetadata.CreationDate" matches "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
    And the response field "KeyMetadata.Creator" is not empty
    And the response field "KeyMetadata.PrimaryKeyVersion" is not empty
    And the response field "KeyMetadata.LastRotationDate" matches "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
    And the response field "KeyMetadata.AutomaticRotation" is "Disabled"

  @CreateKey @inferred @D-011
  Scenario: CreateKey answers DeleteDate and MaterialExpireTime as empty strings for a new key
    When I call CreateKey
    Then the call succeeds
    And the response field "KeyMetadata.DeleteDate" is empty
    And the response field "KeyMetadata.MaterialExpireTime" is empty

  @CreateKey @inferred @D-010
  Scenario: CreateKey gives lowercase UUIDv4 ids and a 16-digit Creator uid in the Arn
    When I call CreateKey
    Then the call succeeds
    And the response field "KeyMetadata.KeyId" matches "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
    And the response field "KeyMetadata.PrimaryKeyVersion" matches "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
    And the response field "KeyMetadata.Creator" matches "[0-9]{16}"
    And I save the response field "KeyMetadata.KeyId" as k1
    And I save the response field "KeyMetadata.Creator" as uid
    And the response field "KeyMetadata.Arn" contains ":${uid}:key/${k1}"

  @CreateKey @documented
  Scenario: CreateKey keeps a Description of exactly 8192 characters
    When I call CreateKey with:
      | Description | ${repeat:8192:a} |
    Then the call succeeds
    And the response field "KeyMetadata.Description" is "${repeat:8192:a}"

  @CreateKey @documented
  Scenario: CreateKey rejects a Description of 8193 characters with InvalidParameter
    When I call CreateKey with:
      | Description | ${repeat:8193:a} |
    Then the call fails with InvalidParameter

  @CreateKey @documented
  Scenario Outline: CreateKey with KeySpec <spec> and KeyUsage <usage> makes that key
    When I call CreateKey with:
      | KeySpec  | <spec>  |
      | KeyUsage | <usage> |
    Then the call succeeds
    And the response field "KeyMetadata.KeySpec" is "<spec>"
    And the response field "KeyMetadata.KeyUsage" is "<usage>"
    And the response field "KeyMetadata.KeyState" is "Enabled"
    And the response field "KeyMetadata.Origin" is "Aliyun_KMS"

    Examples:
      | spec           | usage           |
      | Aliyun_AES_256 | ENCRYPT/DECRYPT |
      | RSA_2048       | ENCRYPT/DECRYPT |
      | RSA_2048       | SIGN/VERIFY     |
      | RSA_3072       | ENCRYPT/DECRYPT |
      | RSA_3072       | SIGN/VERIFY     |
      | EC_P256        | SIGN/VERIFY     |
      | EC_P256K       | SIGN/VERIFY     |

  # CreateKey `KeyUsage` (docs/spec/kms-api.md §2.3 CreateKey; PAGE-CK, SDK331): "if the key
  # supports signing and verification, the default value is SIGN/VERIFY".
  @CreateKey @documented
  Scenario Outline: CreateKey without KeyUsage gives the <spec> key the default usage <usage>
    When I call CreateKey with:
      | KeySpec | <spec> |
    Then the call succeeds
    And the response field "KeyMetadata.KeyUsage" is "<usage>"

    Examples:
      | spec           | usage           |
      | Aliyun_AES_256 | ENCRYPT/DECRYPT |
      | RSA_2048       | SIGN/VERIFY     |
      | RSA_3072       | SIGN/VERIFY     |
      | EC_P256        | SIGN/VERIFY     |
      | EC_P256K       | SIGN/VERIFY     |

  @CreateKey @inferred @D-014
  Scenario Outline: CreateKey rejects KeyUsage <usage> with KeySpec <spec> as InvalidParameter
    When I call CreateKey with:
      | KeySpec  | <spec>  |
      | KeyUsage | <usage> |
    Then the call fails with InvalidParameter

    Examples:
      | spec           | usage           |
      | Aliyun_AES_256 | SIGN/VERIFY     |
      | EC_P256        | ENCRYPT/DECRYPT |

  @CreateKey @documented
  Scenario: CreateKey with ProtectionLevel SOFTWARE makes a software key
    When I call CreateKey with:
      | ProtectionLevel | SOFTWARE |
    Then the call succeeds
    And the response field "KeyMetadata.ProtectionLevel" is "SOFTWARE"

  @CreateKey @documented
  Scenario: CreateKey with Origin EXTERNAL makes a PendingImport key
    When I call CreateKey with:
      | Origin | EXTERNAL |
    Then the call succeeds
    And the response field "KeyMetadata.Origin" is "EXTERNAL"
    And the response field "KeyMetadata.KeyState" is "PendingImport"
    And the response field "KeyMetadata.KeySpec" is "Aliyun_AES_256"
    And the response field "KeyMetadata.MaterialExpireTime" is empty

  @CreateKey @documented
  Scenario: CreateKey with Origin Aliyun_KMS makes an Enabled key
    When I call CreateKey with:
      | Origin | Aliyun_KMS |
    Then the call succeeds
    And the response field "KeyMetadata.Origin" is "Aliyun_KMS"
    And the response field "KeyMetadata.KeyState" is "Enabled"

  @CreateKey @documented
  Scenario Outline: CreateKey rejects <param> "<value>" as InvalidParameter
    When I call CreateKey with:
      | <param> | <value> |
    Then the call fails with InvalidParameter
    And the error message mentions "<param>"

    Examples:
      | param           | value          |
      | KeySpec         | AES_256        |
      | KeySpec         | aliyun_aes_256 |
      | KeyUsage        | ENCRYPT        |
      | KeyUsage        | encrypt/decrypt |
      | Origin          | external       |
      | Origin          | AWS_KMS        |
      | ProtectionLevel | software       |
      | ProtectionLevel | CLOUD_HSM      |

  @CreateKey @inferred @D-015
  Scenario: CreateKey with ProtectionLevel HSM fails with Unsupported.ProtectionLevel
    When I call CreateKey with:
      | ProtectionLevel | HSM |
    Then the call fails with Unsupported.ProtectionLevel

  @CreateKey @documented
  Scenario Outline: CreateKey rejects Origin EXTERNAL with the asymmetric KeySpec <spec> as UnsupportedOperation
    When I call CreateKey with:
      | Origin   | EXTERNAL |
      | KeySpec  | <spec>   |
      | KeyUsage | <usage>  |
    Then the call fails with UnsupportedOperation

    Examples:
      | spec     | usage           |
      | RSA_2048 | ENCRYPT/DECRYPT |
      | EC_P256  | SIGN/VERIFY     |

  @CreateKey @inferred @D-015
  Scenario: CreateKey with KeySpec Aliyun_SM4 fails with UnsupportedOperation
    When I call CreateKey with:
      | KeySpec | Aliyun_SM4 |
    Then the call fails with UnsupportedOperation

  @CreateKey @documented
  Scenario: CreateKey with EnableAutomaticRotation true and no RotationInterval fails with MissingParameter
    When I call CreateKey with:
      | EnableAutomaticRotation | true |
    Then the call fails with MissingParameter
    And the error message mentions "RotationInterval"

  # CreateKey `RotationInterval` (docs/spec/kms-api.md §2.3 CreateKey; docs/spec/keys-v2.md §2.4):
  # `integer[unit]`, 7 to 365 days for software keys (the range of D-104).
  @CreateKey @documented
  Scenario Outline: CreateKey rejects the RotationInterval "<interval>" with InvalidParameter
    When I call CreateKey with:
      | EnableAutomaticRotation | true       |
      | RotationInterval        | <interval> |
    Then the call fails with InvalidParameter
    And the error message mentions "RotationInterval"

    Examples:
      | interval  |
      | 6d        |
      | 366d      |
      | 31536001s |
      | 30        |
      | 30x       |
      | thirty    |

  @CreateKey @documented
  Scenario Outline: CreateKey with a RotationInterval of 365 days written <interval> enables automatic rotation
    When I call CreateKey with:
      | EnableAutomaticRotation | true       |
      | RotationInterval        | <interval> |
    Then the call succeeds
    And the response field "KeyMetadata.AutomaticRotation" is "Enabled"
    And the response field "KeyMetadata.RotationInterval" is "31536000s"
    And the response field "KeyMetadata.NextRotationDate" is not empty

    Examples:
      | interval  |
      | 365d      |
      | 31536000s |
      | 8760h     |
      | 525600m   |

  @CreateKey @inferred @D-104
  Scenario Outline: CreateKey takes any RotationInterval of 7 to 365 days, <interval>, answered in seconds
    When I call CreateKey with:
      | EnableAutomaticRotation | true       |
      | RotationInterval        | <interval> |
    Then the call succeeds
    And the response field "KeyMetadata.AutomaticRotation" is "Enabled"
    And the response field "KeyMetadata.RotationInterval" is "<seconds>"
    And the response field "KeyMetadata.NextRotationDate" is <days> days from now

    Examples:
      | interval | seconds   | days |
      | 7d       | 604800s   | 7    |
      | 30d      | 2592000s  | 30   |
      | 168h     | 604800s   | 7    |
      | 364d     | 31449600s | 364  |

  @CreateKey @documented
  Scenario: CreateKey with EnableAutomaticRotation false needs no RotationInterval
    When I call CreateKey with:
      | EnableAutomaticRotation | false |
    Then the call succeeds
    And the response field "KeyMetadata.AutomaticRotation" is "Disabled"
    And the response field "KeyMetadata.RotationInterval" is absent
    And the response field "KeyMetadata.NextRotationDate" is absent

  @CreateKey @documented
  Scenario: CreateKey refuses automatic rotation for an EXTERNAL key with UnsupportedOperation
    When I call CreateKey with:
      | Origin                  | EXTERNAL |
      | EnableAutomaticRotation | true     |
      | RotationInterval        | 365d     |
    Then the call fails with UnsupportedOperation

  @CreateKey @inferred @D-009
  Scenario: CreateKey rejects an EnableAutomaticRotation that is not a boolean with InvalidParameter
    When I call CreateKey with:
      | EnableAutomaticRotation | yes |
      | RotationInterval        | 30d |
    Then the call fails with InvalidParameter

  @CreateKey @ListResourceTags @documented
  Scenario: CreateKey attaches the Tags given at creation
    When I call CreateKey with:
      | Tags | [{"TagKey":"env","TagValue":"prod"},{"TagKey":"team","TagValue":"payments"}] |
    Then the call succeeds
    And I save the response field "KeyMetadata.KeyId" as k1
    When I call ListResourceTags on k1
    Then the call succeeds
    And the response field "Tags.Tag" has 2 items
    And the response field "Tags.Tag" contains "env"
    And the response field "Tags.Tag" contains "prod"
    And the response field "Tags.Tag" contains "team"
    And the response field "Tags.Tag" contains "payments"

  @CreateKey @documented
  Scenario Outline: CreateKey rejects the malformed Tags <tags> with InvalidParameter
    When I call CreateKey with:
      | Tags | <tags> |
    Then the call fails with InvalidParameter
    And the error message mentions "Tags"

    Examples:
      | tags                                  |
      | [{"TagKey":"env","TagValue":"prod"}   |
      | env=prod                              |
      | {"TagKey":"env","TagValue":"prod"}    |
      | [{"Key":"env","Value":"prod"}]        |
      | [{"TagKey":"env","TagValue":1}]       |

  @CreateKey @inferred @D-026
  Scenario: CreateKey rejects a tag key in the reserved aliyun namespace with InvalidParameter
    When I call CreateKey with:
      | Tags | [{"TagKey":"aliyun:owner","TagValue":"me"}] |
    Then the call fails with InvalidParameter

  # CreateKey `Tags` (docs/spec/kms-api.md §2.3 CreateKey; META24): "you can enter up to 20 tags".
  @CreateKey @ListResourceTags @documented @D-025
  Scenario: CreateKey accepts 20 tags in one call
    When I call CreateKey with:
      | Tags | [{"TagKey":"t1","TagValue":"v"},{"TagKey":"t2","TagValue":"v"},{"TagKey":"t3","TagValue":"v"},{"TagKey":"t4","TagValue":"v"},{"TagKey":"t5","TagValue":"v"},{"TagKey":"t6","TagValue":"v"},{"TagKey":"t7","TagValue":"v"},{"TagKey":"t8","TagValue":"v"},{"TagKey":"t9","TagValue":"v"},{"TagKey":"t10","TagValue":"v"},{"TagKey":"t11","TagValue":"v"},{"TagKey":"t12","TagValue":"v"},{"TagKey":"t13","TagValue":"v"},{"TagKey":"t14","TagValue":"v"},{"TagKey":"t15","TagValue":"v"},{"TagKey":"t16","TagValue":"v"},{"TagKey":"t17","TagValue":"v"},{"TagKey":"t18","TagValue":"v"},{"TagKey":"t19","TagValue":"v"},{"TagKey":"t20","TagValue":"v"}] |
    Then the call succeeds
    And I save the response field "KeyMetadata.KeyId" as k1
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 20 items

  @CreateKey @documented
  Scenario: CreateKey rejects 21 tags with InvalidParameter
    When I call CreateKey with:
      | Tags | [{"TagKey":"t1","TagValue":"v"},{"TagKey":"t2","TagValue":"v"},{"TagKey":"t3","TagValue":"v"},{"TagKey":"t4","TagValue":"v"},{"TagKey":"t5","TagValue":"v"},{"TagKey":"t6","TagValue":"v"},{"TagKey":"t7","TagValue":"v"},{"TagKey":"t8","TagValue":"v"},{"TagKey":"t9","TagValue":"v"},{"TagKey":"t10","TagValue":"v"},{"TagKey":"t11","TagValue":"v"},{"TagKey":"t12","TagValue":"v"},{"TagKey":"t13","TagValue":"v"},{"TagKey":"t14","TagValue":"v"},{"TagKey":"t15","TagValue":"v"},{"TagKey":"t16","TagValue":"v"},{"TagKey":"t17","TagValue":"v"},{"TagKey":"t18","TagValue":"v"},{"TagKey":"t19","TagValue":"v"},{"TagKey":"t20","TagValue":"v"},{"TagKey":"t21","TagValue":"v"}] |
    Then the call fails with InvalidParameter

  # CreateKey `Tags` (docs/spec/kms-api.md §2.3 CreateKey, TagResource; META24): "English
  # letters, digits, /, \, _, -, ., +, =, :, @".
  @CreateKey @documented
  Scenario: CreateKey accepts a tag of every allowed punctuation mark
    When I call CreateKey with:
      | Tags | [{"TagKey":"a/b\\\\c_d-e.f+g=h:i@j","TagValue":"Z9/\\\\_-.+=:@"}] |
    Then the call succeeds

  @CreateKey @documented
  Scenario Outline: CreateKey rejects the tag text <text> outside English letters, digits and / \ _ - . + = : @
    When I call CreateKey with:
      | Tags | <tags> |
    Then the call fails with InvalidParameter
    And the error message mentions "Tags"

    Examples:
      | text              | tags                                         |
      | a key with é      | [{"TagKey":"café","TagValue":"v"}]           |
      | a CJK value       | [{"TagKey":"env","TagValue":"生产"}]          |
      | a key with a space | [{"TagKey":"my env","TagValue":"v"}]         |
      | a value with #    | [{"TagKey":"env","TagValue":"a#b"}]          |

  # CreateKey response schema (docs/spec/kms-api.md §2.1; META24, SDK331): `DeletionProtection`
  # is DescribeKey's only; `DKMSInstanceId` is in both schemas.
  @CreateKey @documented @D-061
  Scenario: CreateKey answers DKMSInstanceId empty for a default key and no DeletionProtection
    When I call CreateKey
    Then the call succeeds
    And the response field "KeyMetadata.DKMSInstanceId" is empty
    And the response field "KeyMetadata.DeletionProtection" is absent
    And the response field "KeyMetadata.DeletionProtectionDescription" is absent

  # CreateKey `DKMSInstanceId` and its documented error `Forbidden.DKMSInstanceNotFound` (403;
  # docs/spec/kms-api.md §2.3 CreateKey; META24 errorCodes).
  @CreateKey @inferred @D-060
  Scenario: CreateKey in a KMS instance the account does not have fails with Forbidden.DKMSInstanceNotFound
    When I call CreateKey with:
      | DKMSInstanceId | kst-hzz62d8f5e0sgtx8h0000 |
    Then the call fails with Forbidden.DKMSInstanceNotFound and status 403

  @CreateKey @inferred @D-060 @D-063
  Scenario: An empty DKMSInstanceId makes a default key, and KeyStorageMechanism is ignored for it
    When I call CreateKey with:
      | DKMSInstanceId      |         |
      | KeyStorageMechanism | HSM_KEY |
    Then the call succeeds
    And the response field "KeyMetadata.DKMSInstanceId" is empty
    And the response field "KeyMetadata.ProtectionLevel" is "SOFTWARE"

  # CreateKey `Policy` (docs/spec/kms-api.md §2.3 CreateKey; META24): "at most 32768 bytes".
  @CreateKey @documented
  Scenario: CreateKey rejects a Policy of 32769 bytes with InvalidParameter
    When I call CreateKey with:
      | Policy | ${repeat:32769:a} |
    Then the call fails with InvalidParameter
    And the error message mentions "Policy"

  @CreateKey @inferred @D-062
  Scenario: CreateKey refuses a key policy for a default key with UnsupportedOperation
    When I call CreateKey with:
      | Policy | {"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":["acs:ram::1234567890123456:root"]},"Action":["kms:*"],"Resource":["*"]}]} |
    Then the call fails with UnsupportedOperation
    And the error message mentions "Policy"

  # Limits (docs/spec/kms-api.md §8; PAGE-LIM): 200 keys per account and region, then
  # `Rejected.LimitExceeded` (400, CreateKey's documented list).
  @CreateKey @documented @needs-fresh-account
  Scenario: The 201st key of an account is Rejected.LimitExceeded
    Given keys until the account holds 200
    When I call CreateKey
    Then the call fails with Rejected.LimitExceeded and status 400

@trail @needs-trail
@ListKeys @CreateKey @DescribeKey @UpdateKeyDescription @EnableKey @DisableKey
@ScheduleKeyDeletion @CancelKeyDeletion @GetParametersForImport @ImportKeyMaterial
@DeleteKeyMaterial @Encrypt @GenerateDataKey @GenerateDataKeyWithoutPlaintext @Decrypt
@ListAliases @CreateAlias @UpdateAlias @DeleteAlias @ListAliasesByKeyId @TagResource
@UntagResource @ListResourceTags
@TagResources @UntagResources @ListTagResources @SetDeletionProtection @GetKeyPolicy
@SetKeyPolicy
@CreateKeyVersion @DescribeKeyVersion @ListKeyVersions @UpdateRotationPolicy
@AsymmetricEncrypt @AsymmetricDecrypt @AsymmetricSign @AsymmetricVerify @GetPublicKey @ReEncrypt
@ExportDataKey @GenerateAndExportDataKey
@CreateSecret @GetSecretValue @BatchGetSecretValue @PutSecretValue
@UpdateSecretVersionStage @ListSecretVersionIds @DescribeSecret @ListSecrets @UpdateSecret
@DeleteSecret @RestoreSecret @RotateSecret @UpdateSecretRotationPolicy @GetSecretPolicy
@SetSecretPolicy @GetRandomPassword
Feature: Every recorded API leaves one audit event
  ActionTrail records every KMS call except DescribeRegions, whatever its outcome
  (docs/spec/kms-api.md §6.1 "Coverage"). Each of the 57 recorded APIs, called as the account's root
  identity with `typical parameters` on an Enabled key k1, leaves exactly one management event
  of service `Kms`, API version 2016-01-20, whose `requestId` is the response's RequestId and
  whose `userIdentity` is the root account. On a key of origin Aliyun_KMS some typical calls
  fail (CancelKeyDeletion outside PendingDeletion, the three import APIs,
  GetKeyPolicy and SetKeyPolicy on every reference key, D-126); they are recorded
  all the same, with their `errorCode`.

  @documented
  Scenario Outline: Root's <api> call leaves one audit event of service Kms naming the API and the caller
    Given a key k1
    When I call <api> on k1 with typical parameters
    And I save the response field "RequestId" as rid
    Then the call left one audit event
    And the audit event field "eventName" is "<api>"
    And the audit event field "serviceName" is "Kms"
    And the audit event field "eventType" is "ApiCall"
    And the audit event field "eventCategory" is "Management"
    And the audit event field "apiVersion" is "2016-01-20"
    And the audit event field "requestId" is "${rid}"
    And the audit event field "isGlobal" is "false"
    And the audit event field "acsRegion" matches "[a-z]+(-[a-z0-9]+)+"
    And I save the audit event field "acsRegion" as region
    And the audit event field "eventSource" matches "kms(-intranet|-vpc)?\.${region}\.aliyuncs\.com"
    And the audit event field "eventTime" matches "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
    And the audit event field "userIdentity.type" is "root-account"
    And the audit event field "userIdentity.userName" is "root"
    And the audit event field "userIdentity.accountId" is not empty
    And I save the audit event field "userIdentity.accountId" as uid
    And the audit event field "userIdentity.principalId" is "${uid}"

    Examples:
      | api                             |
      | ListKeys                        |
      | CreateKey                       |
      | DescribeKey                     |
      | UpdateKeyDescription            |
      | EnableKey                       |
      | DisableKey                      |
      | ScheduleKeyDeletion             |
      | CancelKeyDeletion               |
      | GetParametersForImport          |
      | ImportKeyMaterial               |
      | DeleteKeyMaterial               |
      | Encrypt                         |
      | GenerateDataKey                 |
      | GenerateDataKeyWithoutPlaintext |
      | Decrypt                         |
      | ListAliases                     |
      | CreateAlias                     |
      | UpdateAlias                     |
      | DeleteAlias                     |
      | ListAliasesByKeyId              |
      | TagResource                     |
      | UntagResource                   |
      | ListResourceTags                |
      | TagResources                    |
      | UntagResources                  |
      | ListTagResources                |
      | SetDeletionProtection           |
      | GetKeyPolicy                    |
      | SetKeyPolicy                    |

    Examples: key versions and rotation
      | api                             |
      | CreateKeyVersion                |
      | DescribeKeyVersion              |
      | ListKeyVersions                 |
      | UpdateRotationPolicy            |

    Examples: asymmetric keys (typical parameters name a fitting asymmetric key)
      | api                             |
      | AsymmetricEncrypt               |
      | AsymmetricDecrypt               |
      | AsymmetricSign                  |
      | AsymmetricVerify                |
      | GetPublicKey                    |

    Examples: ReEncrypt and data-key export
      | api                             |
      | ReEncrypt                       |
      | ExportDataKey                   |
      | GenerateAndExportDataKey        |

    Examples: Secrets Manager
      | api                             |
      | CreateSecret                    |
      | GetSecretValue                  |
      | BatchGetSecretValue             |
      | PutSecretValue                  |
      | UpdateSecretVersionStage        |
      | ListSecretVersionIds            |
      | DescribeSecret                  |
      | ListSecrets                     |
      | UpdateSecret                    |
      | DeleteSecret                    |
      | RestoreSecret                   |
      | RotateSecret                    |
      | UpdateSecretRotationPolicy      |
      | GetSecretPolicy                 |
      | SetSecretPolicy                 |
      | GetRandomPassword               |

  @inferred @D-051
  Scenario Outline: The audit event of <api> is classed <rw>
    # docs/spec/kms-api.md §6.1 names the field (`Read` or `Write`) but lists no class per API; the
    # reference classes the APIs that change nothing (the cryptographic ones included) as Read.
    Given a key k1
    When I call <api> on k1 with typical parameters
    Then the call left one audit event
    And the audit event field "eventName" is "<api>"
    And the audit event field "eventRW" is "<rw>"

    Examples:
      | api                             | rw    |
      | ListKeys                        | Read  |
      | CreateKey                       | Write |
      | DescribeKey                     | Read  |
      | UpdateKeyDescription            | Write |
      | EnableKey                       | Write |
      | DisableKey                      | Write |
      | ScheduleKeyDeletion             | Write |
      | CancelKeyDeletion               | Write |
      | GetParametersForImport          | Read  |
      | ImportKeyMaterial               | Write |
      | DeleteKeyMaterial               | Write |
      | Encrypt                         | Read  |
      | GenerateDataKey                 | Read  |
      | GenerateDataKeyWithoutPlaintext | Read  |
      | Decrypt                         | Read  |
      | ListAliases                     | Read  |
      | CreateAlias                     | Write |
      | UpdateAlias                     | Write |
      | DeleteAlias                     | Write |
      | ListAliasesByKeyId              | Read  |
      | TagResource                     | Write |
      | UntagResource                   | Write |
      | ListResourceTags                | Read  |

    # The newer key APIs; META24 says readAndWrite for four of them (docs/spec/keys-v2.md §7).
    @D-128
    Examples:
      | api                             | rw    |
      | TagResources                    | Write |
      | UntagResources                  | Write |
      | ListTagResources                | Read  |
      | SetDeletionProtection           | Write |
      | GetKeyPolicy                    | Read  |
      | SetKeyPolicy                    | Write |

    Examples: key versions and rotation
      | api                             | rw                              |
      | CreateKeyVersion                | Write                           |
      | DescribeKeyVersion              | Read                            |
      | ListKeyVersions                 | Read                            |
      | UpdateRotationPolicy            | Write                           |

    Examples: asymmetric keys (typical parameters name a fitting asymmetric key)
      | api                             | rw                              |
      | AsymmetricEncrypt               | Read                            |
      | AsymmetricDecrypt               | Read                            |
      | AsymmetricSign                  | Read                            |
      | AsymmetricVerify                | Read                            |
      | GetPublicKey                    | Read                            |

    Examples: ReEncrypt and data-key export
      | api                             | rw                              |
      | ReEncrypt                       | Read                            |
      | ExportDataKey                   | Read                            |
      | GenerateAndExportDataKey        | Read                            |

    @D-224
    Examples: Secrets Manager
      | api                             | rw                              |
      | CreateSecret                    | Write                           |
      | GetSecretValue                  | Read                            |
      | BatchGetSecretValue             | Read                            |
      | PutSecretValue                  | Write                           |
      | UpdateSecretVersionStage        | Write                           |
      | ListSecretVersionIds            | Read                            |
      | DescribeSecret                  | Read                            |
      | ListSecrets                     | Read                            |
      | UpdateSecret                    | Write                           |
      | DeleteSecret                    | Write                           |
      | RestoreSecret                   | Write                           |
      | RotateSecret                    | Write                           |
      | UpdateSecretRotationPolicy      | Write                           |
      | GetSecretPolicy                 | Read                            |
      | SetSecretPolicy                 | Write                           |
      | GetRandomPassword               | Read                            |

  @inferred @D-053
  Scenario Outline: A successful <api> leaves an event without errorCode or errorMessage
    # §6.1: errorCode and errorMessage are "set on failure; present as \"\" in some successful
    # samples, absent in others". The reference leaves them out.
    Given a key k1
    When I call <api> on k1 with typical parameters
    Then the call succeeds
    And the call left one audit event
    And the audit event field "eventName" is "<api>"
    And the audit event has no field "errorCode"
    And the audit event has no field "errorMessage"

    Examples:
      | api                             |
      | ListKeys                        |
      | CreateKey                       |
      | DescribeKey                     |
      | UpdateKeyDescription            |
      | EnableKey                       |
      | DisableKey                      |
      | ScheduleKeyDeletion             |
      | Encrypt                         |
      | GenerateDataKey                 |
      | GenerateDataKeyWithoutPlaintext |
      | Decrypt                         |
      | ListAliases                     |
      | CreateAlias                     |
      | UpdateAlias                     |
      | DeleteAlias                     |
      | ListAliasesByKeyId              |
      | TagResource                     |
      | UntagResource                   |
      | ListResourceTags                |
      | TagResources                    |
      | UntagResources                  |
      | ListTagResources                |
      | SetDeletionProtection           |

    Examples: key versions and rotation
      | api                             |
      | CreateKeyVersion                |
      | DescribeKeyVersion              |
      | ListKeyVersions                 |
      | UpdateRotationPolicy            |

    Examples: asymmetric keys (typical parameters name a fitting asymmetric key)
      | api                             |
      | AsymmetricEncrypt               |
      | AsymmetricDecrypt               |
      | AsymmetricSign                  |
      | AsymmetricVerify                |
      | GetPublicKey                    |

    Examples: ReEncrypt and data-key export
      | api                             |
      | ReEncrypt                       |
      | ExportDataKey                   |
      | GenerateAndExportDataKey        |

    Examples: Secrets Manager
      | api                             |
      | CreateSecret                    |
      | GetSecretValue                  |
      | BatchGetSecretValue             |
      | PutSecretValue                  |
      | UpdateSecretVersionStage        |
      | ListSecretVersionIds            |
      | DescribeSecret                  |
      | ListSecrets                     |
      | UpdateSecret                    |
      | DeleteSecret                    |
      | GetRandomPassword               |

  @inferred @D-052
  Scenario Outline: A failed <api> leaves an event with the error's code <code> and message
    # §6.1: "Whether denied and failed calls are recorded with errorCode is [inferred yes]".
    Given a key k1
    When I call <api> on k1 with typical parameters
    Then the outcome is <code>
    And I save the response field "Message" as message
    And the call left one audit event
    And the audit event field "eventName" is "<api>"
    And the audit event field "errorCode" is "<code>"
    And the audit event field "errorMessage" is "${message}"
    And the audit event field "requestParameters.KeyId" is "${k1}"

    Examples:
      | api                    | code                         |
      | CancelKeyDeletion      | Rejected.StateModifiedFailed |
      | GetParametersForImport | Unsupported.Origin           |
      | ImportKeyMaterial      | Unsupported.Origin           |
      | DeleteKeyMaterial      | Unsupported.Origin           |
      | GetKeyPolicy           | Forbidden.KeyPolicyUnSupported |
      | SetKeyPolicy           | Forbidden.KeyPolicyUnSupported |

@authz
@DescribeRegions @ListKeys @CreateKey @DescribeKey @UpdateKeyDescription @EnableKey @DisableKey
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
Feature: Every API under no policy, an Allow of that API, and an explicit Deny of it
  Each of the 58 APIs as a RAM user: with no policy (default deny), with a policy that allows
  exactly `kms:<Api>` on every resource, and with `kms:*` allowed but `kms:<Api>` explicitly
  denied (docs/spec/kms-api.md §5.2, §5.4). `typical parameters` make the call valid, so only
  authorization and the key's own rules decide. DescribeRegions needs no authorization.
  CreateAlias, UpdateAlias and DeleteAlias are checked on the alias and the key: Resource "*"
  covers both. ReEncrypt has no action of its own: it is authorized as `kms:ReEncryptFrom` and
  `kms:ReEncryptTo` (docs/spec/keys-v2.md §6), which `kms:ReEncrypt*` covers.

  @documented @needs-ram
  Scenario Outline: A user with no policy is denied <api>
    Given a key k1
    And a user alice
    When alice calls <api> on k1 with typical parameters
    Then the call is denied
    And the error message mentions "acs:kms:"

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

  @documented @needs-ram
  Scenario: A user with no policy may call DescribeRegions, which needs no authorization
    Given a key k1
    And a user alice
    When alice calls DescribeRegions on k1 with typical parameters
    Then the call succeeds
    And the response field "Regions.Region" is not empty

  @documented @needs-ram
  Scenario Outline: A policy allowing only kms:<api> on every resource lets a user call <api>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:<api>","Resource":"*"}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call is not denied

    Examples:
      | api                             |
      | DescribeRegions                 |
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
      | ExportDataKey                   |
      | GenerateAndExportDataKey        |

  @documented @needs-ram
  Scenario: A policy allowing kms:ReEncrypt* on every resource lets a user call ReEncrypt
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ReEncrypt*","Resource":"*"}]}
      """
    When alice calls ReEncrypt on k1 with typical parameters
    Then the call is not denied

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

  @documented @needs-ram
  Scenario Outline: An explicit Deny of kms:<api> beats an Allow of kms:*
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Effect":"Allow","Action":"kms:*","Resource":"*"},
        {"Effect":"Deny","Action":"kms:<api>","Resource":"*"}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call is denied

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
      | ExportDataKey                   |
      | GenerateAndExportDataKey        |

  @documented @needs-ram
  Scenario: An explicit Deny of kms:ReEncrypt* beats an Allow of kms:*
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Effect":"Allow","Action":"kms:*","Resource":"*"},
        {"Effect":"Deny","Action":"kms:ReEncrypt*","Resource":"*"}]}
      """
    When alice calls ReEncrypt on k1 with typical parameters
    Then the call is denied

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

  @inferred @needs-ram @D-047
  Scenario: An explicit Deny of kms:DescribeRegions does not stop DescribeRegions, which is not authorized
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Deny","Action":"kms:*","Resource":"*"}]}
      """
    When alice calls DescribeRegions on k1 with typical parameters
    Then the call succeeds

  @documented @needs-ram
  Scenario Outline: A policy allowing another API than <api> still denies <api>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:<other>","Resource":"*"}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call is denied

    Examples:
      | api                             | other                           |
      | ListKeys                        | CreateKey                       |
      | CreateKey                       | DescribeKey                     |
      | DescribeKey                     | UpdateKeyDescription            |
      | UpdateKeyDescription            | EnableKey                       |
      | EnableKey                       | DisableKey                      |
      | DisableKey                      | ScheduleKeyDeletion             |
      | ScheduleKeyDeletion             | CancelKeyDeletion               |
      | CancelKeyDeletion               | GetParametersForImport          |
      | GetParametersForImport          | ImportKeyMaterial               |
      | ImportKeyMaterial               | DeleteKeyMaterial               |
      | DeleteKeyMaterial               | Encrypt                         |
      | Encrypt                         | GenerateDataKey                 |
      | GenerateDataKey                 | GenerateDataKeyWithoutPlaintext |
      | GenerateDataKeyWithoutPlaintext | Decrypt                         |
      | Decrypt                         | ListAliases                     |
      | ListAliases                     | CreateAlias                     |
      | CreateAlias                     | UpdateAlias                     |
      | UpdateAlias                     | DeleteAlias                     |
      | DeleteAlias                     | ListAliasesByKeyId              |
      | ListAliasesByKeyId              | TagResource                     |
      | TagResource                     | UntagResource                   |
      | UntagResource                   | ListResourceTags                |
      | ListResourceTags                | ListKeys                        |

    Examples: key versions and rotation
      | api                             | other                           |
      | CreateKeyVersion                | DescribeKeyVersion              |
      | DescribeKeyVersion              | ListKeyVersions                 |
      | ListKeyVersions                 | UpdateRotationPolicy            |
      | UpdateRotationPolicy            | CreateKeyVersion                |
      | TagResources                    | TagResource                     |
      | UntagResources                  | UntagResource                   |
      | ListTagResources                | ListResourceTags                |
      | SetDeletionProtection           | DescribeKey                     |
      | GetKeyPolicy                    | SetKeyPolicy                    |
      | SetKeyPolicy                    | GetKeyPolicy                    |
      | ReEncrypt                       | Decrypt                         |
      | ExportDataKey                   | Decrypt                         |
      | GenerateAndExportDataKey        | GenerateDataKey                 |

    Examples: asymmetric keys (typical parameters name a fitting asymmetric key)
      | api                             | other                           |
      | AsymmetricEncrypt               | AsymmetricDecrypt               |
      | AsymmetricDecrypt               | AsymmetricSign                  |
      | AsymmetricSign                  | AsymmetricVerify                |
      | AsymmetricVerify                | GetPublicKey                    |
      | GetPublicKey                    | AsymmetricEncrypt               |

    Examples: Secrets Manager
      | api                             | other                           |
      | CreateSecret                    | GetSecretValue                  |
      | GetSecretValue                  | BatchGetSecretValue             |
      | BatchGetSecretValue             | PutSecretValue                  |
      | PutSecretValue                  | UpdateSecretVersionStage        |
      | UpdateSecretVersionStage        | ListSecretVersionIds            |
      | ListSecretVersionIds            | DescribeSecret                  |
      | DescribeSecret                  | ListSecrets                     |
      | ListSecrets                     | UpdateSecret                    |
      | UpdateSecret                    | DeleteSecret                    |
      | DeleteSecret                    | RestoreSecret                   |
      | RestoreSecret                   | RotateSecret                    |
      | RotateSecret                    | UpdateSecretRotationPolicy      |
      | UpdateSecretRotationPolicy      | GetSecretPolicy                 |
      | GetSecretPolicy                 | SetSecretPolicy                 |
      | SetSecretPolicy                 | GetRandomPassword               |
      | GetRandomPassword               | CreateSecret                    |

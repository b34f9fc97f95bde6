@api @secrets @needs-ram
Feature: Secrets Manager: RAM secrets, which hold AccessKeys of a RAM user
  A secret of type RAMCredentials is created with the name `$Auto` for a RAM user of the account
  and holds an AccessKey of that user as `{"AccessKeyId","AccessKeySecret","GenerateTimestamp"}`;
  RotateSecret gives the user a new AccessKey and the one it replaces stops after the rotation's
  window (docs/spec/secrets.md §3, §4.1, §4.2, §4.12). The reference names the secret after the
  user (D-227), makes a new AccessKey at creation (D-228), answers the fields of D-229, retires
  the replaced AccessKey after 2 days (D-230), rotates only when asked (D-231) and refuses the
  calls that do not fit the type (D-232).

  @CreateSecret @inferred @D-227 @D-229
  Scenario: A RAM secret is created as $Auto and named after its user
    Given a user app
    When I call CreateSecret with:
      | SecretName     | $Auto                                                       |
      | VersionId      | v1                                                          |
      | SecretData     | {"AccessKeys":[]}                                           |
      | SecretType     | RAMCredentials                                              |
      | ExtendedConfig | {"SecretSubType":"RamUserAccessKey","UserName":"${app.name}"} |
    Then the call succeeds
    And the response field "SecretName" is "acs/ram/user/${app.name}"
    And the response field "SecretType" is "RAMCredentials"
    And the response field "VersionId" is "v1"
    And the response field "AutomaticRotation" is "Disabled"
    And the response field "ExtendedConfig" matches ".*\"SecretSubType\":\"RamUserAccessKey\".*"
    And the response field "Arn" matches "acs:kms:[a-z0-9-]+:[0-9]+:secret/acs/ram/user/${app.name}"

  @GetSecretValue @inferred @D-228 @D-229
  Scenario: The value of a RAM secret is a new AccessKey of its user, which signs as that user
    Given a RAM secret s1 of user app
    When I call GetSecretValue with:
      | SecretName          | ${s1} |
      | FetchExtendedConfig | true  |
    Then the call succeeds
    And the response field "SecretType" is "RAMCredentials"
    And the response field "VersionId" is "v1"
    And the response field "VersionStages.VersionStage" contains "ACSCurrent"
    And the response field "AutomaticRotation" is "Disabled"
    And the response field "ExtendedConfig" matches ".*\"UserName\":\"${app.name}\".*"
    And the secret value is an AccessKey, saved as k1
    When k1 calls STS GetCallerIdentity
    Then the call succeeds
    And the response field "Arn" matches "acs:ram::[0-9]+:user/${app.name}"

  @GetSecretValue @inferred @D-228
  Scenario: The AccessKey of a RAM secret calls KMS with its user's permissions
    Given a user app with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:List*"],"Resource":"*"}]}
      """
    And a RAM secret s1 of user app
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the secret value is an AccessKey, saved as k1
    When k1 calls ListKeys
    Then the call succeeds
    When k1 calls ListSecrets
    Then the call succeeds
    When k1 calls CreateKey
    Then the call fails with Forbidden.NoPermission and status 403

  @RotateSecret @GetSecretValue @inferred @D-230
  Scenario: RotateSecret makes a new AccessKey the ACSCurrent version and keeps the old one as ACSPrevious
    Given a RAM secret s1 of user app
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the secret value is an AccessKey, saved as old
    When I call RotateSecret with:
      | SecretName | ${s1} |
      | VersionId  | v2    |
    Then the call succeeds
    And the response field "VersionId" is "v2"
    And the response field "SecretName" is "${s1}"
    And the response field "Arn" is "${s1.arn}"
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the call succeeds
    And the response field "VersionId" is "v2"
    And the response field "LastRotationDate" is not empty
    And the secret value is an AccessKey, saved as new
    And the response field "SecretData" does not contain "${old.id}"
    When I call GetSecretValue with:
      | SecretName   | ${s1}       |
      | VersionStage | ACSPrevious |
    Then the call succeeds
    And the response field "VersionId" is "v1"
    And the response field "SecretData" contains "${old.id}"
    When new calls STS GetCallerIdentity
    Then the call succeeds
    When old calls STS GetCallerIdentity
    Then the call succeeds

  @RotateSecret @needs-clock @inferred @D-230
  Scenario: The AccessKey a rotation replaced stops working 2 days later, and its version goes
    Given a RAM secret s1 of user app
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the secret value is an AccessKey, saved as old
    When I call RotateSecret with:
      | SecretName | ${s1} |
      | VersionId  | v2    |
    Then the call succeeds
    When the clock advances 47 hours
    And old calls STS GetCallerIdentity
    Then the call succeeds
    When the clock advances 1 hour
    And old calls STS GetCallerIdentity
    Then the call fails with InvalidAccessKeyId.NotFound and status 404
    When I call GetSecretValue with:
      | SecretName   | ${s1}       |
      | VersionStage | ACSPrevious |
    Then the call fails with Forbidden.ResourceNotFound and status 404
    When I call RotateSecret with:
      | SecretName | ${s1} |
      | VersionId  | v3    |
    Then the call succeeds

  @RotateSecret @inferred @D-230
  Scenario: A rotation inside the window of the last one is Rejected.LimitExceeded; the same VersionId succeeds
    Given a RAM secret s1 of user app
    When I call RotateSecret with:
      | SecretName | ${s1} |
      | VersionId  | v2    |
    Then the call succeeds
    When I call RotateSecret with:
      | SecretName | ${s1} |
      | VersionId  | v3    |
    Then the call fails with Rejected.LimitExceeded and status 400
    When I call RotateSecret with:
      | SecretName | ${s1} |
      | VersionId  | v2    |
    Then the call succeeds
    And the response field "VersionId" is "v2"

  @CreateSecret @inferred @D-228
  Scenario: A RAM secret for a user that does not exist is Forbidden.ResourceNotFound
    When I call CreateSecret with:
      | SecretName     | $Auto                                                           |
      | VersionId      | v1                                                              |
      | SecretData     | {"AccessKeys":[]}                                               |
      | SecretType     | RAMCredentials                                                  |
      | ExtendedConfig | {"SecretSubType":"RamUserAccessKey","UserName":"${prefix}-none"} |
    Then the call fails with Forbidden.ResourceNotFound and status 404

  @CreateSecret @inferred @D-228
  Scenario: A RAM secret for a user with 2 AccessKeys, the RAM limit, is Rejected.LimitExceeded
    Given user app has 2 AccessKeys of its own
    When I call CreateSecret with:
      | SecretName     | $Auto                                                         |
      | VersionId      | v1                                                            |
      | SecretData     | {"AccessKeys":[]}                                             |
      | SecretType     | RAMCredentials                                                |
      | ExtendedConfig | {"SecretSubType":"RamUserAccessKey","UserName":"${app.name}"} |
    Then the call fails with Rejected.LimitExceeded and status 400
    When I call DescribeSecret with:
      | SecretName | acs/ram/user/${app.name} |
    Then the call fails with Forbidden.ResourceNotFound

  @RotateSecret @inferred @D-230
  Scenario: A rotation for a user who holds an AccessKey of its own besides the secret's is Rejected.LimitExceeded
    Given user app has 1 AccessKey of its own
    And a RAM secret s1 of user app
    When I call RotateSecret with:
      | SecretName | ${s1} |
      | VersionId  | v2    |
    Then the call fails with Rejected.LimitExceeded and status 400

  @CreateSecret @inferred @D-227 @D-228
  Scenario Outline: CreateSecret of a RAM secret refuses <what>
    Given a user app
    When I call CreateSecret with:
      | SecretName     | <name>            |
      | VersionId      | v1                |
      | SecretData     | <data>            |
      | SecretType     | RAMCredentials    |
      | ExtendedConfig | <config>          |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "<param>"

    Examples:
      | what                              | param          | name             | data                                                        | config                                                        |
      | a name other than $Auto           | SecretName     | acs/ram/user/x   | {"AccessKeys":[]}                                           | {"SecretSubType":"RamUserAccessKey","UserName":"${app.name}"} |
      | another SecretSubType             | ExtendedConfig | $Auto            | {"AccessKeys":[]}                                           | {"SecretSubType":"SingleUser","UserName":"${app.name}"}       |
      | an ExtendedConfig without a user  | ExtendedConfig | $Auto            | {"AccessKeys":[]}                                           | {"SecretSubType":"RamUserAccessKey"}                          |
      | SecretData of another shape       | SecretData     | $Auto            | not-json                                                    | {"SecretSubType":"RamUserAccessKey","UserName":"${app.name}"} |
      | an AccessKey that is not the user's | SecretData   | $Auto            | {"AccessKeys":[{"AccessKeyId":"LTAIx","AccessKeySecret":"y"}]} | {"SecretSubType":"RamUserAccessKey","UserName":"${app.name}"} |

  @CreateSecret @inferred @D-227
  Scenario: A RAM secret without ExtendedConfig is MissingParameter
    When I call CreateSecret with:
      | SecretName | $Auto             |
      | VersionId  | v1                |
      | SecretData | {"AccessKeys":[]} |
      | SecretType | RAMCredentials    |
    Then the call fails with MissingParameter
    And the error message mentions "ExtendedConfig"

  @CreateSecret @inferred @D-227
  Scenario: A second RAM secret of the same user is Rejected.ResourceExist
    Given a RAM secret s1 of user app
    When I call CreateSecret with:
      | SecretName     | $Auto                                                         |
      | VersionId      | v1                                                            |
      | SecretData     | {"AccessKeys":[]}                                             |
      | SecretType     | RAMCredentials                                                |
      | ExtendedConfig | {"SecretSubType":"RamUserAccessKey","UserName":"${app.name}"} |
    Then the call fails with Rejected.ResourceExist and status 409

  @PutSecretValue @UpdateSecretVersionStage @UpdateSecretRotationPolicy @inferred @D-231 @D-232
  Scenario Outline: <api> of a RAM secret is UnsupportedOperation
    Given a RAM secret s1 of user app
    When I call <api> with:
      | SecretName              | ${s1}      |
      | VersionId               | v9         |
      | SecretData              | x          |
      | VersionStage            | ACSCurrent |
      | MoveToVersion           | v1         |
      | EnableAutomaticRotation | true       |
      | RotationInterval        | 7d         |
    Then the call fails with UnsupportedOperation and status 400

    Examples:
      | api                        |
      | PutSecretValue             |
      | UpdateSecretVersionStage   |
      | UpdateSecretRotationPolicy |

  @CreateSecret @inferred @D-231
  Scenario: A RAM secret with automatic rotation is UnsupportedOperation
    Given a user app
    When I call CreateSecret with:
      | SecretName              | $Auto                                                         |
      | VersionId               | v1                                                            |
      | SecretData              | {"AccessKeys":[]}                                             |
      | SecretType              | RAMCredentials                                                |
      | ExtendedConfig          | {"SecretSubType":"RamUserAccessKey","UserName":"${app.name}"} |
      | EnableAutomaticRotation | true                                                          |
      | RotationInterval        | 7d                                                            |
    Then the call fails with UnsupportedOperation and status 400

  @UpdateSecret @DescribeSecret @inferred @D-229 @D-232
  Scenario: UpdateSecret replaces the CustomData of a RAM secret
    Given a RAM secret s1 of user app
    When I call UpdateSecret with:
      | SecretName                | ${s1}          |
      | ExtendedConfig.CustomData | {"team":"ops"} |
    Then the call succeeds
    When I call DescribeSecret with:
      | SecretName | ${s1} |
    Then the call succeeds
    And the response field "SecretType" is "RAMCredentials"
    And the response field "AutomaticRotation" is "Disabled"
    And the response field "ExtendedConfig" matches ".*\"CustomData\":\{\"team\":\"ops\"\}.*"

  @ListSecrets @inferred @D-227
  Scenario: ListSecrets finds RAM secrets by their type
    Given a RAM secret s1 of user app
    And a secret s2 with value "generic"
    When I call ListSecrets with:
      | Filters | [{"Key":"SecretType","Values":["RAMCredentials"]}] |
    Then the call succeeds
    And the response field "SecretList.Secret" contains "${s1}"
    And the response field "SecretList.Secret" does not contain "${s2}"

  @DeleteSecret @documented
  Scenario: Deleting a RAM secret leaves its AccessKey working
    Given a RAM secret s1 of user app
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the secret value is an AccessKey, saved as k1
    When I call DeleteSecret with:
      | SecretName                 | ${s1} |
      | ForceDeleteWithoutRecovery | true  |
    Then the call succeeds
    When k1 calls STS GetCallerIdentity
    Then the call succeeds

  @DeleteSecret @RestoreSecret @GetSecretValue @inferred @D-232
  Scenario: A RAM secret scheduled for deletion is restored with its AccessKey
    Given a RAM secret s1 of user app
    When I call DeleteSecret with:
      | SecretName           | ${s1} |
      | RecoveryWindowInDays | 7     |
    Then the call succeeds
    When I call RestoreSecret with:
      | SecretName | ${s1} |
    Then the call succeeds
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the call succeeds
    And the secret value is an AccessKey, saved as k1
    When k1 calls STS GetCallerIdentity
    Then the call succeeds

  @CreateSecret @RotateSecret @GetSecretValue @needs-trail @inferred @D-223
  Scenario: No AccessKeySecret of a RAM secret reaches the trail
    Given a RAM secret s1 of user app
    When I call RotateSecret with:
      | SecretName | ${s1} |
      | VersionId  | v2    |
    Then the call succeeds
    When I call GetSecretValue with:
      | SecretName   | ${s1}       |
      | VersionStage | ACSPrevious |
    Then the secret value is an AccessKey, saved as old
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the secret value is an AccessKey, saved as new
    When new calls STS GetCallerIdentity
    Then the call succeeds
    And no audit event contains a secret of the scenario

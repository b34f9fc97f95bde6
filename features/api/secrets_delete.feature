@api @secrets
Feature: Secrets Manager: deletion, the recovery window and restoring
  DeleteSecret schedules a deletion (7 to 30 days, default 30) or, forced, deletes at once;
  while pending only the metadata is served and RestoreSecret brings the secret back
  (docs/spec/secrets.md §4.10, §4.11, §5; D-204 to D-206).

  @DeleteSecret @DescribeSecret @documented
  Scenario: A scheduled deletion shows as PlannedDeleteTime
    Given a secret s1 with value "v"
    When I call DeleteSecret with:
      | SecretName           | ${s1} |
      | RecoveryWindowInDays | 7     |
    Then the call succeeds
    And the response field "SecretName" is "${s1}"
    And the response field "PlannedDeleteTime" matches "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
    And I save the response field "PlannedDeleteTime" as planned
    When I call DescribeSecret with:
      | SecretName | ${s1} |
    Then the response field "PlannedDeleteTime" is "${planned}"
    When I call ListSecrets with:
      | Filters | [{"Key":"SecretName","Values":["${s1}"]}] |
    Then the response field "SecretList.Secret.0.PlannedDeleteTime" is "${planned}"

  @GetSecretValue @PutSecretValue @UpdateSecret @UpdateSecretVersionStage @RotateSecret
  @UpdateSecretRotationPolicy @DeleteSecret @CreateSecret @TagResources @BatchGetSecretValue
  @DescribeSecret @ListSecretVersionIds @GetSecretPolicy @inferred @D-204
  Scenario Outline: While deletion is pending, <api> is <outcome>
    Given a secret s1 with value "v"
    When I call DeleteSecret with:
      | SecretName | ${s1} |
    Then the call succeeds
    When I call <api> with:
      | SecretName   | ${s1}            |
      | VersionId    | v2               |
      | SecretData   | v2               |
      | VersionStage | Pending          |
      | MoveToVersion | v1              |
      | Description  | d                |
      | EnableAutomaticRotation | false |
      | ResourceType | secret           |
      | ResourceId.1 | ${s1}            |
      | Tag.1.Key    | team             |
      | Tag.1.Value  | blue             |
    Then the outcome is <outcome>

    Examples:
      | api                        | outcome                          |
      | GetSecretValue             | Rejected.ResourceInDeleteWindow  |
      | PutSecretValue             | Rejected.ResourceInDeleteWindow  |
      | UpdateSecret               | Rejected.ResourceInDeleteWindow  |
      | UpdateSecretVersionStage   | Rejected.ResourceInDeleteWindow  |
      | RotateSecret               | Rejected.ResourceInDeleteWindow  |
      | UpdateSecretRotationPolicy | Rejected.ResourceInDeleteWindow  |
      | DeleteSecret               | Rejected.ResourceInDeleteWindow  |
      | CreateSecret               | Rejected.ResourceInDeleteWindow  |
      | TagResources               | Rejected.ResourceInDeleteWindow  |
      | DescribeSecret             | Success                          |
      | ListSecretVersionIds       | Success                          |
      | GetSecretPolicy            | Forbidden.KeyPolicyUnSupported   |

  @BatchGetSecretValue @inferred @D-204 @D-215
  Scenario: While deletion is pending, a BatchGetSecretValue entry fails
    Given a secret s1 with value "v"
    When I call DeleteSecret with:
      | SecretName | ${s1} |
    And I call BatchGetSecretValue with:
      | SecretsList | [{"SecretName":"${s1}"}] |
    Then the call succeeds
    And the response field "Errors.0.Code" is "Rejected.ResourceInDeleteWindow"
    And the response field "Errors.0.HttpStatus" is "409"

  @RestoreSecret @DeleteSecret @GetSecretValue @documented
  Scenario: RestoreSecret ends a pending deletion
    Given a secret s1 with value "kept"
    When I call DeleteSecret with:
      | SecretName | ${s1} |
    And I call RestoreSecret with:
      | SecretName | ${s1} |
    Then the call succeeds
    And the response field "SecretName" is "${s1}"
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the response field "SecretData" is "kept"
    When I call DescribeSecret with:
      | SecretName | ${s1} |
    Then the response field "PlannedDeleteTime" is absent

  @RestoreSecret @documented
  Scenario: RestoreSecret of a secret not pending deletion is Rejected.ResourceInUse
    Given a secret s1 with value "v"
    When I call RestoreSecret with:
      | SecretName | ${s1} |
    Then the call fails with Rejected.ResourceInUse and status 409

  @RestoreSecret @documented
  Scenario: RestoreSecret of a secret that does not exist is Forbidden.ResourceNotFound
    When I call RestoreSecret with:
      | SecretName | ${prefix}/absent |
    Then the call fails with Forbidden.ResourceNotFound

  @DeleteSecret @CreateSecret @GetSecretValue @inferred @D-204 @D-206 @needs-clock
  Scenario: When the window ends the secret is gone and its name is free
    Given a secret s1 with value "v"
    When I call DeleteSecret with:
      | SecretName           | ${s1} |
      | RecoveryWindowInDays | 7     |
    And the clock advances 7 days
    And the clock advances 1 seconds
    And I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the call fails with Forbidden.ResourceNotFound
    When I call CreateSecret with:
      | SecretName | ${s1} |
      | VersionId  | v1    |
      | SecretData | again |
    Then the call succeeds

  @DeleteSecret @GetSecretValue @inferred @D-204 @needs-clock
  Scenario: Just before the window ends the secret is still pending
    Given a secret s1 with value "v"
    When I call DeleteSecret with:
      | SecretName           | ${s1} |
      | RecoveryWindowInDays | 7     |
    And the clock advances 6 days
    And I call DescribeSecret with:
      | SecretName | ${s1} |
    Then the call succeeds
    And the response field "PlannedDeleteTime" is not empty

  @DeleteSecret @CreateSecret @inferred @D-205 @D-206
  Scenario: A forced deletion ignores RecoveryWindowInDays and frees the name at once
    Given a secret s1 with value "v"
    When I call DeleteSecret with:
      | SecretName                 | ${s1} |
      | ForceDeleteWithoutRecovery | true  |
      | RecoveryWindowInDays       | 30    |
    Then the call succeeds
    When I call DescribeSecret with:
      | SecretName | ${s1} |
    Then the call fails with Forbidden.ResourceNotFound
    When I call RestoreSecret with:
      | SecretName | ${s1} |
    Then the call fails with Forbidden.ResourceNotFound
    When I call CreateSecret with:
      | SecretName | ${s1} |
      | VersionId  | v1    |
      | SecretData | again |
    Then the call succeeds

  @DeleteSecret @inferred @D-204 @D-205
  Scenario: A forced deletion also works while a deletion is pending
    Given a secret s1 with value "v"
    When I call DeleteSecret with:
      | SecretName | ${s1} |
    And I call DeleteSecret with:
      | SecretName                 | ${s1} |
      | ForceDeleteWithoutRecovery | true  |
    Then the call succeeds
    When I call DescribeSecret with:
      | SecretName | ${s1} |
    Then the call fails with Forbidden.ResourceNotFound

  @DeleteSecret @inferred @D-205
  Scenario Outline: RecoveryWindowInDays <days> is InvalidParameter
    Given a secret s1 with value "v"
    When I call DeleteSecret with:
      | SecretName           | ${s1}  |
      | RecoveryWindowInDays | <days> |
    Then the call fails with InvalidParameter
    And the error message mentions "RecoveryWindowInDays"

    Examples:
      | days  |
      | 6     |
      | 31    |
      | seven |

  @DeleteSecret @documented
  Scenario: DeleteSecret of a secret that does not exist is Forbidden.ResourceNotFound
    When I call DeleteSecret with:
      | SecretName | ${prefix}/absent |
    Then the call fails with Forbidden.ResourceNotFound

@trail @needs-trail @secrets
Feature: Audit events of the Secrets Manager APIs
  Secret values and generated passwords never reach the trail: `SecretData` is dropped from the
  request parameters and responses are not recorded; names and version ids are kept
  (docs/spec/secrets.md §9; D-223). RotateSecret is a Write, DescribeSecret and GetSecretPolicy
  Reads (D-224). A call on a secret references it under `ACS::KMS::Secret` (D-226).

  @CreateSecret @inferred @D-223
  Scenario: The CreateSecret event keeps the name and version but drops SecretData
    When I call CreateSecret with:
      | SecretName  | ${prefix}/audited         |
      | VersionId   | v1                        |
      | SecretData  | very-secret-value-1       |
      | Description | audited                   |
    Then the call succeeds
    And the call left one audit event
    And the audit event field "eventRW" is "Write"
    And the audit event field "requestParameters.SecretName" is "${prefix}/audited"
    And the audit event field "requestParameters.VersionId" is "v1"
    And the audit event has no field "requestParameters.SecretData"
    And the audit event has no field "responseElements"
    And no audit event contains "very-secret-value-1"

  @PutSecretValue @GetSecretValue @BatchGetSecretValue @inferred @D-223
  Scenario: Neither writing nor reading a value leaves it in the trail
    Given a secret s1 with value "first-hidden-value"
    When I call PutSecretValue with:
      | SecretName | ${s1}               |
      | VersionId  | v2                  |
      | SecretData | second-hidden-value |
    Then the call left one audit event
    And the audit event has no field "requestParameters.SecretData"
    And the audit event field "requestParameters.VersionId" is "v2"
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the response field "SecretData" is "second-hidden-value"
    And the call left one audit event
    And the audit event field "eventRW" is "Read"
    When I call BatchGetSecretValue with:
      | SecretsList | [{"SecretName":"${s1}","VersionId":"v1"}] |
    Then the response field "SecretValues.0.SecretData" is "first-hidden-value"
    And the call left one audit event
    And the audit event field "requestParameters.SecretsList" is not empty
    And no audit event contains "first-hidden-value"
    And no audit event contains "second-hidden-value"
    And no audit event contains a secret of the scenario

  @GetRandomPassword @inferred @D-223
  Scenario: The generated password is not in the trail
    When I call GetRandomPassword with:
      | PasswordLength | 40 |
    Then the call succeeds
    And I save the response field "RandomPassword" as password
    And the call left one audit event
    And the audit event field "requestParameters.PasswordLength" is "40"
    And no audit event contains "${password}"
    And no audit event contains a secret of the scenario

  @RotateSecret @DescribeSecret @GetSecretPolicy @inferred @D-224
  Scenario Outline: <api> is recorded as <rw>
    Given a secret s1 with value "v"
    When I call <api> on s1 with typical parameters
    Then the call left one audit event
    And the audit event field "eventRW" is "<rw>"

    Examples:
      | api             | rw    |
      | RotateSecret    | Write |
      | DescribeSecret  | Read  |
      | GetSecretPolicy | Read  |

  @GetSecretValue @inferred @D-226
  Scenario: A call on a secret references it under ACS::KMS::Secret
    Given a secret s1 with value "referenced-value"
    When I call GetSecretValue with:
      | SecretName | ${s1.arn} |
    Then the call succeeds
    And the call left one audit event
    And the audit event field "referencedResources.ACS::KMS::Secret.0" is "${s1}"
    And the audit event has no field "referencedResources.ACS::KMS::Key"

  @GetSecretValue @DescribeSecret @inferred @D-226
  Scenario: LookupEvents finds a secret's events by ResourceName and ResourceType
    Given a secret s1 with value "looked-up"
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    And I save the response field "RequestId" as first
    And I call DescribeSecret with:
      | SecretName | ${s1} |
    And I save the response field "RequestId" as second
    And I look up events with:
      | LookupAttribute.1.Key   | ResourceName     |
      | LookupAttribute.1.Value | ${s1}            |
      | LookupAttribute.2.Key   | ResourceType     |
      | LookupAttribute.2.Value | ACS::KMS::Secret |
    Then the call succeeds
    And the response field "Events" has 2 items
    And the response field "Events.0.eventId" is "${second}"
    And the response field "Events.1.eventId" is "${first}"

@api @secrets
Feature: Secrets Manager: versions and stage labels
  A secret's versions are written once by PutSecretValue; stage labels mark one version each and
  move; ACSCurrent moving gives its former holder ACSPrevious; a secret keeps at most 10
  versions, dropping the oldest unlabelled one, and carries at most 8 labels
  (docs/spec/secrets.md §2, §4.4-§4.6; D-207 to D-209, D-218).

  @PutSecretValue @GetSecretValue @documented
  Scenario: A new version takes ACSCurrent and the old one becomes ACSPrevious
    Given a secret s1 with value "one"
    When I call PutSecretValue with:
      | SecretName | ${s1} |
      | VersionId  | v2    |
      | SecretData | two   |
    Then the call succeeds
    And the response field "VersionStages.VersionStage" contains "ACSCurrent"
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the response field "SecretData" is "two"
    When I call GetSecretValue with:
      | SecretName   | ${s1}       |
      | VersionStage | ACSPrevious |
    Then the response field "SecretData" is "one"
    And the response field "VersionId" is "v1"

  @PutSecretValue @GetSecretValue @inferred @D-207
  Scenario Outline: VersionStages as <form> puts only those labels on the new version
    Given a secret s1 with value "one"
    When I call PutSecretValue with:
      | SecretName    | ${s1}    |
      | VersionId     | v2       |
      | SecretData    | two      |
      | VersionStages | <stages> |
    Then the call succeeds
    And the response field "VersionStages.VersionStage" contains "MyPendingLabel"
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the response field "SecretData" is "one"
    When I call GetSecretValue with:
      | SecretName   | ${s1}          |
      | VersionStage | MyPendingLabel |
    Then the response field "SecretData" is "two"

    Examples:
      | form       | stages                             |
      | an array   | ["MyPendingLabel"]                 |
      | an object  | {"VersionStage":["MyPendingLabel"]} |

  @PutSecretValue @inferred @D-207
  Scenario Outline: VersionStages <what> is InvalidParameter
    Given a secret s1 with value "one"
    When I call PutSecretValue with:
      | SecretName    | ${s1}    |
      | VersionId     | v2       |
      | SecretData    | two      |
      | VersionStages | <stages> |
    Then the call fails with InvalidParameter
    And the error message mentions "VersionStages"

    Examples:
      | what                   | stages                  |
      | that is not JSON       | ACSCurrent              |
      | of numbers             | [1]                     |
      | with a bad label       | ["has space"]           |
      | as another object      | {"Stages":["X"]}        |

  @PutSecretValue @inferred @D-208
  Scenario: The same VersionId with the same value is accepted again, another value refused
    Given a secret s1 with value "one"
    When I call PutSecretValue with:
      | SecretName | ${s1} |
      | VersionId  | v1    |
      | SecretData | one   |
    Then the call succeeds
    And the response field "VersionStages.VersionStage" contains "ACSCurrent"
    When I call PutSecretValue with:
      | SecretName | ${s1}     |
      | VersionId  | v1        |
      | SecretData | different |
    Then the call fails with Rejected.ResourceExist and status 409

  @PutSecretValue @ListSecretVersionIds @documented
  Scenario: The eleventh version drops the oldest version without a label
    Given a secret s1 with value "one"
    And secret s1 gets 10 new versions
    When I call ListSecretVersionIds with:
      | SecretName        | ${s1} |
      | IncludeDeprecated | true  |
    Then the response field "TotalCount" is "10"
    And the response field "VersionIds.VersionId.0.VersionId" is "n2"
    When I call GetSecretValue with:
      | SecretName | ${s1} |
      | VersionId  | v1    |
    Then the call fails with Forbidden.ResourceNotFound

  @PutSecretValue @UpdateSecretVersionStage @documented
  Scenario: A labelled version survives the roll-off
    Given a secret s1 with value "one"
    When I call UpdateSecretVersionStage with:
      | SecretName    | ${s1} |
      | VersionStage  | Keep  |
      | MoveToVersion | v1    |
    And secret s1 gets 10 new versions
    And I call GetSecretValue with:
      | SecretName | ${s1} |
      | VersionId  | v1    |
    Then the call succeeds
    And the response field "SecretData" is "one"

  @UpdateSecretVersionStage @GetSecretValue @documented
  Scenario: A custom label is put on a version, moved, and taken off
    Given a secret s1 with value "one"
    And secret s1 gets 1 new versions
    When I call UpdateSecretVersionStage with:
      | SecretName    | ${s1}   |
      | VersionStage  | Pending |
      | MoveToVersion | v1      |
    Then the call succeeds
    And the response field "SecretName" is "${s1}"
    When I call UpdateSecretVersionStage with:
      | SecretName        | ${s1}   |
      | VersionStage      | Pending |
      | RemoveFromVersion | v1      |
      | MoveToVersion     | n2      |
    And I call GetSecretValue with:
      | SecretName   | ${s1}   |
      | VersionStage | Pending |
    Then the response field "VersionId" is "n2"
    When I call UpdateSecretVersionStage with:
      | SecretName        | ${s1}   |
      | VersionStage      | Pending |
      | RemoveFromVersion | n2      |
    And I call GetSecretValue with:
      | SecretName   | ${s1}   |
      | VersionStage | Pending |
    Then the call fails with Forbidden.ResourceNotFound

  @UpdateSecretVersionStage @GetSecretValue @inferred @D-208
  Scenario: Moving ACSCurrent back gives its holder ACSPrevious
    Given a secret s1 with value "one"
    And secret s1 gets 1 new versions
    When I call UpdateSecretVersionStage with:
      | SecretName    | ${s1}      |
      | VersionStage  | ACSCurrent |
      | MoveToVersion | v1         |
    Then the call succeeds
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the response field "VersionId" is "v1"
    When I call GetSecretValue with:
      | SecretName   | ${s1}       |
      | VersionStage | ACSPrevious |
    Then the response field "VersionId" is "n2"

  @UpdateSecretVersionStage @inferred @D-209
  Scenario Outline: UpdateSecretVersionStage <mistake>
    Given a secret s1 with value "one"
    And secret s1 gets 1 new versions
    When I call UpdateSecretVersionStage with:
      | SecretName        | ${s1}   |
      | VersionStage      | <stage> |
      | RemoveFromVersion | <from>  |
      | MoveToVersion     | <to>    |
    Then the call fails with <code> and status <status>

    Examples:
      | mistake                                   | stage       | from | to   | code                       | status |
      | names neither version                     | Pending     |      |      | InvalidParameter           | 400    |
      | takes ACSCurrent off without moving it    | ACSCurrent  | n2   |      | InvalidParameter           | 400    |
      | takes ACSPrevious off without moving it   | ACSPrevious | v1   |      | InvalidParameter           | 400    |
      | removes a label the version lacks         | ACSCurrent  | v1   | v1   | Rejected.InvalidRequest    | 400    |
      | moves to a version that does not exist    | Pending     |      | v9   | Forbidden.ResourceNotFound | 404    |
      | removes from a version that does not exist | Pending    | v9   |      | Forbidden.ResourceNotFound | 404    |
      | uses a bad label                          | bad label   |      | v1   | InvalidParameter           | 400    |

  @UpdateSecretVersionStage @inferred @D-208
  Scenario: A ninth label is Rejected.LimitExceeded
    Given a secret s1 with value "one"
    And secret s1 gets 1 new versions
    When I call UpdateSecretVersionStage with:
      | SecretName    | ${s1} |
      | VersionStage  | L1    |
      | MoveToVersion | v1    |
    And I call UpdateSecretVersionStage with:
      | SecretName    | ${s1} |
      | VersionStage  | L2    |
      | MoveToVersion | v1    |
    And I call UpdateSecretVersionStage with:
      | SecretName    | ${s1} |
      | VersionStage  | L3    |
      | MoveToVersion | v1    |
    And I call UpdateSecretVersionStage with:
      | SecretName    | ${s1} |
      | VersionStage  | L4    |
      | MoveToVersion | v1    |
    And I call UpdateSecretVersionStage with:
      | SecretName    | ${s1} |
      | VersionStage  | L5    |
      | MoveToVersion | v1    |
    And I call UpdateSecretVersionStage with:
      | SecretName    | ${s1} |
      | VersionStage  | L6    |
      | MoveToVersion | v1    |
    Then the call succeeds
    When I call UpdateSecretVersionStage with:
      | SecretName    | ${s1} |
      | VersionStage  | L7    |
      | MoveToVersion | v1    |
    Then the call fails with Rejected.LimitExceeded and status 400
    When I call PutSecretValue with:
      | SecretName    | ${s1}  |
      | VersionId     | v3     |
      | SecretData    | three  |
      | VersionStages | ["L8"] |
    Then the call fails with Rejected.LimitExceeded

  @ListSecretVersionIds @inferred @D-218
  Scenario: ListSecretVersionIds lists labelled versions, all with IncludeDeprecated
    Given a secret s1 with value "one"
    And secret s1 gets 2 new versions
    When I call ListSecretVersionIds with:
      | SecretName | ${s1} |
    Then the call succeeds
    And the response field "TotalCount" is "2"
    And the response field "PageSize" is "20"
    And the response field "VersionIds.VersionId.0.VersionId" is "n2"
    And the response field "VersionIds.VersionId.0.VersionStages.VersionStage" contains "ACSPrevious"
    And the response field "VersionIds.VersionId.1.VersionStages.VersionStage" contains "ACSCurrent"
    And the response field "VersionIds.VersionId.0.SecretData" is absent
    When I call ListSecretVersionIds with:
      | SecretName        | ${s1} |
      | IncludeDeprecated | true  |
      | PageSize          | 2     |
      | PageNumber        | 2     |
    Then the response field "TotalCount" is "3"
    And the response field "VersionIds.VersionId" has 1 item
    And the response field "VersionIds.VersionId.0.VersionId" is "n3"

  @ListSecretVersionIds @inferred @D-218
  Scenario Outline: ListSecretVersionIds refuses PageSize <size>
    Given a secret s1 with value "one"
    When I call ListSecretVersionIds with:
      | SecretName | ${s1}  |
      | PageSize   | <size> |
    Then the call fails with InvalidParameter
    And the error message mentions "PageSize"

    Examples:
      | size |
      | 0    |
      | 101  |

@api @lifecycle
Feature: Deletion protection
  SetDeletionProtection switches a key's deletion protection on or off; the key is named by the
  documented `ProtectedResourceArn` or by `KeyId`, which the newest SDK and Terraform send.
  DescribeKey answers `DeletionProtection` and `DeletionProtectionDescription`; a protected key
  cannot be scheduled for deletion (docs/spec/keys-v2.md §5.5; D-124, D-125).

  @SetDeletionProtection @DescribeKey @documented
  Scenario: SetDeletionProtection by ProtectedResourceArn switches the protection on, with its description
    Given a key k1
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.DeletionProtection" is "Disabled"
    When I call SetDeletionProtection with:
      | ProtectedResourceArn          | ${k1.arn}  |
      | EnableDeletionProtection      | true       |
      | DeletionProtectionDescription | keep-it    |
    Then the call succeeds
    And the response field "RequestId" is not empty
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.DeletionProtection" is "Enabled"
    And the response field "KeyMetadata.DeletionProtectionDescription" is "keep-it"

  @SetDeletionProtection @DescribeKey @inferred @D-124
  Scenario Outline: SetDeletionProtection by KeyId as <form>, and off again, which clears the description
    Given a key k1
    And an alias a1 for k1
    When I call SetDeletionProtection with:
      | KeyId                         | <keyid> |
      | EnableDeletionProtection      | True    |
      | DeletionProtectionDescription | prod    |
    Then the call succeeds
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.DeletionProtection" is "Enabled"
    When I call SetDeletionProtection with:
      | KeyId                    | <keyid> |
      | EnableDeletionProtection | FALSE   |
    Then the call succeeds
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.DeletionProtection" is "Disabled"
    And the response field "KeyMetadata.DeletionProtectionDescription" is empty

    Examples:
      | form   | keyid     |
      | id     | ${k1}     |
      | alias  | ${a1}     |
      | ARN    | ${k1.arn} |

  @SetDeletionProtection @inferred @D-124
  Scenario: SetDeletionProtection accepts KmsInstanceId, which changes nothing
    Given a key k1
    When I call SetDeletionProtection with:
      | KeyId                    | ${k1}                 |
      | EnableDeletionProtection | true                  |
      | KmsInstanceId            | kst-hzz62f1cb66fa42qo |
    Then the call succeeds

  @SetDeletionProtection @ScheduleKeyDeletion @DescribeKey @inferred @D-125
  Scenario: A protected key cannot be scheduled for deletion until the protection is off
    Given a key k1
    When I call SetDeletionProtection with:
      | KeyId                    | ${k1} |
      | EnableDeletionProtection | true  |
    Then the call succeeds
    When I call ScheduleKeyDeletion with:
      | KeyId               | ${k1} |
      | PendingWindowInDays | 7     |
    Then the call fails with Rejected.StateModifiedFailed and status 409
    And the error message mentions "deletion protection"
    And key k1 is in state Enabled
    When I call SetDeletionProtection with:
      | KeyId                    | ${k1} |
      | EnableDeletionProtection | false |
    Then the call succeeds
    When I call ScheduleKeyDeletion with:
      | KeyId               | ${k1} |
      | PendingWindowInDays | 7     |
    Then the call succeeds

  @SetDeletionProtection @DisableKey @inferred @D-125
  Scenario: A protected key can still be disabled
    Given a key k1
    When I call SetDeletionProtection with:
      | KeyId                    | ${k1} |
      | EnableDeletionProtection | true  |
    Then the call succeeds
    When I call DisableKey on k1
    Then the call succeeds

  @SetDeletionProtection @inferred @D-124
  Scenario: SetDeletionProtection naming two different keys is InvalidParameter
    Given a key k1
    And a key k2
    When I call SetDeletionProtection with:
      | ProtectedResourceArn     | ${k1.arn} |
      | KeyId                    | ${k2}     |
      | EnableDeletionProtection | true      |
    Then the call fails with InvalidParameter
    When I call SetDeletionProtection with:
      | ProtectedResourceArn     | ${k1.arn} |
      | KeyId                    | ${k1}     |
      | EnableDeletionProtection | true      |
    Then the call succeeds

  @SetDeletionProtection @inferred @D-124
  Scenario Outline: SetDeletionProtection with <case> is <code>
    Given a key k1
    When I call SetDeletionProtection with:
      | <param>                  | <value> |
      | EnableDeletionProtection | <flag>  |
    Then the call fails with <code>
    And the error message mentions "<mentions>"

    Examples:
      | case                            | param                | value     | flag  | code             | mentions                 |
      | neither ARN nor KeyId           | Description          | x         | true  | MissingParameter | ProtectedResourceArn     |
      | a key id as ProtectedResourceArn | ProtectedResourceArn | ${k1}     | true  | InvalidParameter | ProtectedResourceArn     |
      | a flag that is not a boolean    | KeyId                | ${k1}     | yes   | InvalidParameter | EnableDeletionProtection |
      | no flag                         | KeyId                | ${k1}     |       | MissingParameter | EnableDeletionProtection |

  @SetDeletionProtection @documented
  Scenario: SetDeletionProtection on a key that does not exist is Forbidden.KeyNotFound
    When I call SetDeletionProtection with:
      | KeyId                    | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
      | EnableDeletionProtection | true                                 |
    Then the call fails with Forbidden.KeyNotFound

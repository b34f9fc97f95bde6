@api @lifecycle
Feature: ScheduleKeyDeletion and CancelKeyDeletion
  ScheduleKeyDeletion moves a key to PendingDeletion with DeleteDate = now + PendingWindowInDays
  (required, 7..=366); CancelKeyDeletion brings it back; when the window ends the key, its
  aliases and its ciphertexts are gone for good (docs/spec/kms-api.md §2.2, §2.3;
  docs/spec/decisions.md D-016, D-017, D-019).

  @ScheduleKeyDeletion @inferred @D-016
  Scenario: ScheduleKeyDeletion rejects a window of 6 days with InvalidParameter
    Given a key k1
    When I schedule deletion of k1 in 6 days
    Then the call fails with InvalidParameter
    And the error message mentions "PendingWindowInDays"
    And key k1 is in state Enabled

  @ScheduleKeyDeletion @documented
  Scenario: ScheduleKeyDeletion accepts a window of 7 days, the shortest
    Given a key k1
    When I schedule deletion of k1 in 7 days
    Then the call succeeds
    And the response field "RequestId" is not empty
    And key k1 is in state PendingDeletion

  @ScheduleKeyDeletion @inferred @D-016
  Scenario: ScheduleKeyDeletion accepts a window of 366 days, the longest
    Given a key k1
    When I schedule deletion of k1 in 366 days
    Then the call succeeds
    And key k1 is in state PendingDeletion

  @ScheduleKeyDeletion @inferred @D-016
  Scenario: ScheduleKeyDeletion rejects a window of 367 days with InvalidParameter
    Given a key k1
    When I schedule deletion of k1 in 367 days
    Then the call fails with InvalidParameter
    And the error message mentions "PendingWindowInDays"
    And key k1 is in state Enabled

  @ScheduleKeyDeletion @inferred @D-016
  Scenario: ScheduleKeyDeletion without PendingWindowInDays fails with MissingParameter
    Given a key k1
    When I call ScheduleKeyDeletion on k1
    Then the call fails with MissingParameter
    And the error message mentions "PendingWindowInDays"
    And key k1 is in state Enabled

  @ScheduleKeyDeletion @documented
  Scenario: ScheduleKeyDeletion rejects a PendingWindowInDays that is not an integer
    Given a key k1
    When I call ScheduleKeyDeletion with:
      | KeyId               | ${k1} |
      | PendingWindowInDays | seven |
    Then the call fails with InvalidParameter
    And the error message mentions "PendingWindowInDays"

  @ScheduleKeyDeletion @documented
  Scenario: ScheduleKeyDeletion without KeyId fails with MissingParameter
    When I call ScheduleKeyDeletion with:
      | PendingWindowInDays | 7 |
    Then the call fails with MissingParameter
    And the error message mentions "KeyId"

  @ScheduleKeyDeletion @documented
  Scenario: ScheduleKeyDeletion of an unknown key fails with Forbidden.KeyNotFound
    When I call ScheduleKeyDeletion with:
      | KeyId               | 0b1e9d52-7c1f-4d2a-9f3e-5a6b7c8d9e0f |
      | PendingWindowInDays | 7                                    |
    Then the call fails with Forbidden.KeyNotFound

  @ScheduleKeyDeletion @inferred @D-018
  Scenario: ScheduleKeyDeletion addressed by alias fails with Unsupported.Alias
    Given a key k1
    And an alias a1 for k1
    When I call ScheduleKeyDeletion with:
      | KeyId               | ${a1} |
      | PendingWindowInDays | 7     |
    Then the call fails with Unsupported.Alias
    And key k1 is in state Enabled

  @ScheduleKeyDeletion @DescribeKey @documented
  Scenario: ScheduleKeyDeletion sets DeleteDate to now plus the window
    Given a key k1
    When I schedule deletion of k1 in 30 days
    Then the call succeeds
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.KeyState" is "PendingDeletion"
    And the response field "KeyMetadata.DeleteDate" is 30 days from now

  @ScheduleKeyDeletion @DescribeKey @documented
  Scenario: ScheduleKeyDeletion with the shortest window sets DeleteDate 7 days ahead
    Given a key k1
    When I schedule deletion of k1 in 7 days
    And I call DescribeKey on k1
    Then the response field "KeyMetadata.DeleteDate" is 7 days from now

  @ScheduleKeyDeletion @documented
  Scenario: ScheduleKeyDeletion of a Disabled key moves it to PendingDeletion
    Given a key k1 in state Disabled
    When I schedule deletion of k1 in 7 days
    Then the call succeeds
    And key k1 is in state PendingDeletion

  @ScheduleKeyDeletion @documented
  Scenario: ScheduleKeyDeletion of a PendingImport key moves it to PendingDeletion
    Given an external key k1
    When I schedule deletion of k1 in 7 days
    Then the call succeeds
    And key k1 is in state PendingDeletion

  @ScheduleKeyDeletion @documented
  Scenario: ScheduleKeyDeletion of a key already PendingDeletion fails with Rejected.StateModifiedFailed
    Given a key k1
    When I schedule deletion of k1 in 30 days
    And I schedule deletion of k1 in 7 days
    Then the call fails with Rejected.StateModifiedFailed and status 409
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.DeleteDate" is 30 days from now

  @CancelKeyDeletion @documented
  Scenario: CancelKeyDeletion brings a PendingDeletion key back to Enabled and clears DeleteDate
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I schedule deletion of k1 in 7 days
    And I call CancelKeyDeletion on k1
    Then the call succeeds
    And key k1 is in state Enabled
    And the response field "KeyMetadata.DeleteDate" is empty
    And blob1 decrypts to "aGVsbG8="

  @CancelKeyDeletion @inferred @D-017
  Scenario: CancelKeyDeletion of a key that was Disabled before brings it to Enabled
    Given a key k1 in state Disabled
    When I schedule deletion of k1 in 7 days
    And I call CancelKeyDeletion on k1
    Then the call succeeds
    And key k1 is in state Enabled

  @CancelKeyDeletion @documented
  Scenario: CancelKeyDeletion of an external key with material brings it back to Enabled
    Given an external key k1 in state PendingDeletion
    When I call CancelKeyDeletion on k1
    Then the call succeeds
    And key k1 is in state Enabled

  @CancelKeyDeletion @inferred @D-017
  Scenario: CancelKeyDeletion of an external key without material brings it back to PendingImport
    Given an external key k1
    When I schedule deletion of k1 in 7 days
    And I call CancelKeyDeletion on k1
    Then the call succeeds
    And key k1 is in state PendingImport

  @CancelKeyDeletion @inferred @D-017
  Scenario: CancelKeyDeletion of an external key whose material was deleted while pending brings it back to PendingImport
    Given an external key k1 in state PendingDeletion
    When I call DeleteKeyMaterial on k1
    Then the call succeeds
    And key k1 is in state PendingDeletion
    When I call CancelKeyDeletion on k1
    Then the call succeeds
    And key k1 is in state PendingImport

  @CancelKeyDeletion @documented
  Scenario: CancelKeyDeletion of an Enabled key fails with Rejected.StateModifiedFailed
    Given a key k1
    When I call CancelKeyDeletion on k1
    Then the call fails with Rejected.StateModifiedFailed and status 409

  @CancelKeyDeletion @documented
  Scenario: CancelKeyDeletion of an unknown key fails with Forbidden.KeyNotFound
    When I call CancelKeyDeletion with:
      | KeyId | 0b1e9d52-7c1f-4d2a-9f3e-5a6b7c8d9e0f |
    Then the call fails with Forbidden.KeyNotFound

  @CancelKeyDeletion @documented
  Scenario: CancelKeyDeletion without KeyId fails with MissingParameter
    When I call CancelKeyDeletion
    Then the call fails with MissingParameter

  @CancelKeyDeletion @inferred @D-018
  Scenario: CancelKeyDeletion addressed by alias fails with Unsupported.Alias
    Given a key k1
    And an alias a1 for k1
    And key k1 is moved to state PendingDeletion
    When I call CancelKeyDeletion with:
      | KeyId | ${a1} |
    Then the call fails with Unsupported.Alias
    And key k1 is in state PendingDeletion

  @ScheduleKeyDeletion @needs-clock @documented
  Scenario: A key still exists one day before its deletion window ends
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I schedule deletion of k1 in 7 days
    Given the clock advances 6 days
    Then key k1 is in state PendingDeletion
    When I call CancelKeyDeletion on k1
    Then the call succeeds
    And blob1 decrypts to "aGVsbG8="

  @ScheduleKeyDeletion @needs-clock @documented
  Scenario: A key is deleted when its deletion window has passed
    Given a key k1
    When I schedule deletion of k1 in 7 days
    Given the clock advances 8 days
    Then key k1 does not exist
    When I call ListKeys with:
      | PageSize | 100 |
    Then the call succeeds
    And the response field "Keys.Key" does not contain "${k1}"

  @ScheduleKeyDeletion @needs-clock @documented
  Scenario: A deleted key refuses CancelKeyDeletion and Encrypt with Forbidden.KeyNotFound
    Given a key k1
    When I schedule deletion of k1 in 7 days
    Given the clock advances 8 days
    When I call CancelKeyDeletion on k1
    Then the call fails with Forbidden.KeyNotFound
    When I encrypt "aGVsbG8=" under k1
    Then the call fails with Forbidden.KeyNotFound

  @ScheduleKeyDeletion @ListAliases @needs-clock @inferred @D-019
  Scenario: The aliases of a key are deleted with the key
    Given a key k1
    And an alias a1 for k1
    When I schedule deletion of k1 in 7 days
    Given the clock advances 8 days
    When I call ListAliases with:
      | PageSize | 100 |
    Then the call succeeds
    And the response field "Aliases.Alias" does not contain "${a1}"
    When I call DescribeKey with:
      | KeyId | ${a1} |
    Then the call fails with Forbidden.AliasNotFound

  @ScheduleKeyDeletion @Decrypt @needs-clock @documented
  Scenario: A ciphertext of a deleted key fails to decrypt with Forbidden.KeyNotFound
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I schedule deletion of k1 in 7 days
    Given the clock advances 8 days
    When I decrypt blob1
    Then the call fails with Forbidden.KeyNotFound

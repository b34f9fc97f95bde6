@api @lifecycle
Feature: EnableKey and DisableKey
  DisableKey moves an Enabled key to Disabled and EnableKey moves it back; both are idempotent,
  and both refuse PendingDeletion and PendingImport keys with Rejected.StateModifiedFailed
  (docs/spec/kms-api.md §2.2, §2.3 EnableKey / DisableKey).

  @DisableKey @documented
  Scenario: DisableKey moves an Enabled key to Disabled
    Given a key k1
    When I call DisableKey on k1
    Then the call succeeds
    And the response field "RequestId" is not empty
    And key k1 is in state Disabled

  @DisableKey @Encrypt @documented
  Scenario: A key disabled by DisableKey refuses Encrypt with Rejected.Disabled
    Given a key k1
    When I call DisableKey on k1
    And I encrypt "aGVsbG8=" under k1
    Then the call fails with Rejected.Disabled

  @DisableKey @Decrypt @documented
  Scenario: A ciphertext made before DisableKey cannot be decrypted while the key is Disabled
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call DisableKey on k1
    And I decrypt blob1
    Then the call fails with Rejected.Disabled

  @EnableKey @documented
  Scenario: EnableKey moves a Disabled key back to Enabled
    Given a key k1 in state Disabled
    When I call EnableKey on k1
    Then the call succeeds
    And key k1 is in state Enabled

  @EnableKey @DisableKey @Decrypt @documented
  Scenario: A ciphertext made before DisableKey decrypts again after EnableKey
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call DisableKey on k1
    And I call EnableKey on k1
    Then the call succeeds
    And blob1 decrypts to "aGVsbG8="

  @EnableKey @documented
  Scenario: EnableKey of an Enabled key succeeds and leaves it Enabled
    Given a key k1
    When I call EnableKey on k1
    Then the call succeeds
    And key k1 is in state Enabled

  @DisableKey @documented
  Scenario: DisableKey of a Disabled key succeeds and leaves it Disabled
    Given a key k1 in state Disabled
    When I call DisableKey on k1
    Then the call succeeds
    And key k1 is in state Disabled

  @EnableKey @documented
  Scenario: EnableKey of a PendingDeletion key fails with Rejected.StateModifiedFailed
    Given a key k1 in state PendingDeletion
    When I call EnableKey on k1
    Then the call fails with Rejected.StateModifiedFailed and status 409
    And key k1 is in state PendingDeletion

  @DisableKey @documented
  Scenario: DisableKey of a PendingDeletion key fails with Rejected.StateModifiedFailed
    Given a key k1 in state PendingDeletion
    When I call DisableKey on k1
    Then the call fails with Rejected.StateModifiedFailed and status 409
    And key k1 is in state PendingDeletion

  @EnableKey @documented
  Scenario: EnableKey of a PendingImport key fails with Rejected.StateModifiedFailed
    Given an external key k1
    When I call EnableKey on k1
    Then the call fails with Rejected.StateModifiedFailed
    And key k1 is in state PendingImport

  @DisableKey @documented
  Scenario: DisableKey of a PendingImport key fails with Rejected.StateModifiedFailed
    Given an external key k1
    When I call DisableKey on k1
    Then the call fails with Rejected.StateModifiedFailed
    And key k1 is in state PendingImport

  @DisableKey @EnableKey @documented
  Scenario: An external key with imported material can be disabled and enabled again
    Given an external key k1 in state Enabled
    When I call DisableKey on k1
    Then the call succeeds
    And key k1 is in state Disabled
    When I call EnableKey on k1
    Then the call succeeds
    And key k1 is in state Enabled

  @EnableKey @inferred @D-018
  Scenario: EnableKey addressed by alias fails with Unsupported.Alias
    Given a key k1 in state Disabled
    And an alias a1 for k1
    When I call EnableKey with:
      | KeyId | ${a1} |
    Then the call fails with Unsupported.Alias
    And key k1 is in state Disabled

  @DisableKey @inferred @D-018
  Scenario: DisableKey addressed by alias fails with Unsupported.Alias
    Given a key k1
    And an alias a1 for k1
    When I call DisableKey with:
      | KeyId | ${a1} |
    Then the call fails with Unsupported.Alias
    And key k1 is in state Enabled

  @DisableKey @documented
  Scenario: DisableKey of an unknown key fails with Forbidden.KeyNotFound
    When I call DisableKey with:
      | KeyId | 0b1e9d52-7c1f-4d2a-9f3e-5a6b7c8d9e0f |
    Then the call fails with Forbidden.KeyNotFound

  @EnableKey @documented
  Scenario: EnableKey of an unknown key fails with Forbidden.KeyNotFound
    When I call EnableKey with:
      | KeyId | 0b1e9d52-7c1f-4d2a-9f3e-5a6b7c8d9e0f |
    Then the call fails with Forbidden.KeyNotFound

  @EnableKey @documented
  Scenario: EnableKey without KeyId fails with MissingParameter
    When I call EnableKey
    Then the call fails with MissingParameter
    And the error message mentions "KeyId"

  @DisableKey @documented
  Scenario: DisableKey without KeyId fails with MissingParameter
    When I call DisableKey
    Then the call fails with MissingParameter
    And the error message mentions "KeyId"

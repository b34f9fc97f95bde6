@api
Feature: UpdateKeyDescription
  UpdateKeyDescription replaces the Description of a key; KeyId and Description are required,
  and a PendingDeletion key refuses it (docs/spec/kms-api.md §2.2, §2.3).

  @UpdateKeyDescription @documented
  Scenario: UpdateKeyDescription replaces the description shown by DescribeKey
    Given a key k1 described as "old text"
    When I call UpdateKeyDescription with:
      | KeyId       | ${k1}    |
      | Description | new text |
    Then the call succeeds
    And the response field "RequestId" is not empty
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.Description" is "new text"

  @UpdateKeyDescription @inferred @D-020
  Scenario: UpdateKeyDescription with an empty Description clears the description
    Given a key k1 described as "old text"
    When I call UpdateKeyDescription with:
      | KeyId       | ${k1} |
      | Description |       |
    Then the call succeeds
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.Description" is empty

  @UpdateKeyDescription @documented
  Scenario: UpdateKeyDescription keeps a Description of exactly 8192 characters
    Given a key k1
    When I call UpdateKeyDescription with:
      | KeyId       | ${k1}            |
      | Description | ${repeat:8192:d} |
    Then the call succeeds
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.Description" is "${repeat:8192:d}"

  @UpdateKeyDescription @documented
  Scenario: UpdateKeyDescription rejects a Description of 8193 characters and keeps the old one
    Given a key k1 described as "old text"
    When I call UpdateKeyDescription with:
      | KeyId       | ${k1}            |
      | Description | ${repeat:8193:d} |
    Then the call fails with InvalidParameter
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.Description" is "old text"

  @UpdateKeyDescription @documented
  Scenario: UpdateKeyDescription without Description fails with MissingParameter
    Given a key k1
    When I call UpdateKeyDescription on k1
    Then the call fails with MissingParameter
    And the error message mentions "Description"

  @UpdateKeyDescription @documented
  Scenario: UpdateKeyDescription without KeyId fails with MissingParameter
    When I call UpdateKeyDescription with:
      | Description | text |
    Then the call fails with MissingParameter
    And the error message mentions "KeyId"

  @UpdateKeyDescription @documented
  Scenario: UpdateKeyDescription of an unknown key fails with Forbidden.KeyNotFound
    When I call UpdateKeyDescription with:
      | KeyId       | 0b1e9d52-7c1f-4d2a-9f3e-5a6b7c8d9e0f |
      | Description | text                                 |
    Then the call fails with Forbidden.KeyNotFound

  @UpdateKeyDescription @lifecycle @documented
  Scenario: UpdateKeyDescription works on a Disabled key
    Given a key k1 in state Disabled
    When I call UpdateKeyDescription with:
      | KeyId       | ${k1}          |
      | Description | while disabled |
    Then the call succeeds
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.Description" is "while disabled"

  @UpdateKeyDescription @lifecycle @documented
  Scenario: UpdateKeyDescription of a PendingDeletion key fails with Rejected.PendingDeletion
    Given a key k1 described as "old text"
    And key k1 is moved to state PendingDeletion
    When I call UpdateKeyDescription with:
      | KeyId       | ${k1}    |
      | Description | new text |
    Then the call fails with Rejected.PendingDeletion
    And the call fails with Rejected.PendingDeletion and status 409
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.Description" is "old text"

  @UpdateKeyDescription @inferred @D-018
  Scenario: UpdateKeyDescription addressed by alias fails with Unsupported.Alias
    Given a key k1
    And an alias a1 for k1
    When I call UpdateKeyDescription with:
      | KeyId       | ${a1}    |
      | Description | new text |
    Then the call fails with Unsupported.Alias

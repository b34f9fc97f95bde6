@api @secrets
Feature: Secrets Manager: the encryption key and its state
  A secret's values are encrypted under a hidden service key, or under the symmetric key named
  by EncryptionKeyId, whose state applies whenever a value is written or read
  (docs/spec/secrets.md §2, §4.1, §4.2; D-202, D-203).

  @CreateSecret @DescribeSecret @GetSecretValue @inferred @D-202
  Scenario: A secret under a user key names it; one under the service key names none
    Given a key k1
    And a secret s1 with value "under-k1" under k1
    And a secret s2 with value "under-service"
    When I call DescribeSecret with:
      | SecretName | ${s1} |
    Then the response field "EncryptionKeyId" is "${k1}"
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the response field "SecretData" is "under-k1"
    When I call DescribeSecret with:
      | SecretName | ${s2} |
    Then the response field "EncryptionKeyId" is absent

  @CreateSecret @inferred @D-202
  Scenario Outline: CreateSecret under a key <which> is <code>
    Given <key>
    When I call CreateSecret with:
      | SecretName      | ${prefix}/keyed |
      | VersionId       | v1              |
      | SecretData      | value           |
      | EncryptionKeyId | <key_id>        |
    Then the call fails with <code>

    Examples:
      | which                | key                                 | key_id                               | code                 |
      | that does not exist  | a key k1                            | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a | Forbidden.KeyNotFound |
      | that is asymmetric   | an asymmetric key k1                | ${k1}                                | UnsupportedOperation |
      | Disabled             | a key k1 in state Disabled          | ${k1}                                | Rejected.Disabled    |
      | PendingDeletion      | a key k1 in state PendingDeletion   | ${k1}                                | Rejected.PendingDeletion |
      | PendingImport        | a key k1 in state PendingImport     | ${k1}                                | Rejected.PendingImport |

  @CreateSecret @GetSecretValue @inferred @D-202
  Scenario: EncryptionKeyId also takes an alias of the key
    Given a key k1
    And an alias a1 for k1
    When I call CreateSecret with:
      | SecretName      | ${prefix}/aliased |
      | VersionId       | v1                |
      | SecretData      | value             |
      | EncryptionKeyId | ${a1}             |
    Then the call succeeds
    When I call DescribeSecret with:
      | SecretName | ${prefix}/aliased |
    Then the response field "EncryptionKeyId" is "${k1}"

  @GetSecretValue @PutSecretValue @BatchGetSecretValue @inferred @D-203
  Scenario Outline: A <state> key stops reads and writes of its secrets
    Given a key k1
    And a secret s1 with value "v" under k1
    And key k1 is moved to state <state>
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the call fails with <code> and status 409
    When I call PutSecretValue with:
      | SecretName | ${s1} |
      | VersionId  | v2    |
      | SecretData | v2    |
    Then the call fails with <code>
    When I call BatchGetSecretValue with:
      | SecretsList | [{"SecretName":"${s1}"}] |
    Then the response field "Errors.0.Code" is "<code>"

    Examples:
      | state           | code                     |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |

  @GetSecretValue @inferred @D-203
  Scenario: Enabling the key again makes the value readable
    Given a key k1
    And a secret s1 with value "back" under k1
    And key k1 is moved to state Disabled
    When I call EnableKey on k1
    And I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the call succeeds
    And the response field "SecretData" is "back"

  @GetSecretValue @inferred @D-203 @needs-clock
  Scenario: Once the key is deleted its secrets' values are Forbidden.KeyNotFound
    Given a key k1
    And a secret s1 with value "lost" under k1
    When I schedule deletion of k1 in 7 days
    And the clock advances 8 days
    And I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the call fails with Forbidden.KeyNotFound and status 404

  @GetSecretValue @PutSecretValue @CreateKeyVersion @inferred @D-202
  Scenario: Values written before a key rotation are still read after it
    Given a key k1
    And a secret s1 with value "before" under k1
    When I call CreateKeyVersion on k1
    And I call PutSecretValue with:
      | SecretName | ${s1} |
      | VersionId  | v2    |
      | SecretData | after |
    And I call GetSecretValue with:
      | SecretName | ${s1} |
      | VersionId  | v1    |
    Then the response field "SecretData" is "before"
    When I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the response field "SecretData" is "after"

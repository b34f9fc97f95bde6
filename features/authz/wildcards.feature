@authz
Feature: Wildcards, NotAction, explicit Deny and the policy grammar's shorthands
  `*` matches any run of characters (also an empty one) and `?` exactly one, in Action and in
  Resource. Actions compare case-insensitively, resources case-sensitively (docs/spec/decisions.md D-044).
  NotAction matches every action but those listed. Any matching Deny wins over any Allow, across
  all the user's policies. A single string stands where a list is expected (docs/spec/kms-api.md §5.1,
  §5.2).

  # ---- Action wildcards ----

  @ListKeys @ListAliases @ListAliasesByKeyId @ListResourceTags @documented @needs-ram
  Scenario Outline: kms:List* allows <api>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:List*","Resource":"*"}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call succeeds

    Examples:
      | api                |
      | ListKeys           |
      | ListAliases        |
      | ListAliasesByKeyId |
      | ListResourceTags   |

  @DescribeKey @Encrypt @CreateKey @documented @needs-ram
  Scenario Outline: kms:List* does not allow <api>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:List*","Resource":"*"}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call is denied

    Examples:
      | api         |
      | DescribeKey |
      | Encrypt     |
      | CreateKey   |

  @CreateKey @ScheduleKeyDeletion @DeleteAlias @documented @needs-ram
  Scenario Outline: kms:* allows <api>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call succeeds

    Examples:
      | api                 |
      | CreateKey           |
      | ScheduleKeyDeletion |
      | DeleteAlias         |

  @Encrypt @documented @needs-ram
  Scenario: A bare * as the Action allows every KMS API
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @Encrypt @Decrypt @documented @needs-ram
  Scenario: kms:?ncrypt allows Encrypt but not Decrypt (? is exactly one character)
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:?ncrypt","Resource":"*"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds
    When alice decrypts blob1
    Then the call is denied

  @Encrypt @documented @needs-ram
  Scenario: ? does not match an empty run of characters
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:?Encrypt","Resource":"*"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  @GenerateDataKey @GenerateDataKeyWithoutPlaintext @documented @needs-ram
  Scenario: * matches an empty run: kms:GenerateDataKey* allows GenerateDataKey and GenerateDataKeyWithoutPlaintext
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:GenerateDataKey*","Resource":"*"}]}
      """
    When alice calls GenerateDataKey on k1
    Then the call succeeds
    When alice calls GenerateDataKeyWithoutPlaintext on k1
    Then the call succeeds

  @GenerateDataKey @GenerateDataKeyWithoutPlaintext @documented @needs-ram
  Scenario: An action without a wildcard matches only that action: kms:GenerateDataKey does not allow GenerateDataKeyWithoutPlaintext
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"*"}]}
      """
    When alice calls GenerateDataKey on k1
    Then the call succeeds
    When alice calls GenerateDataKeyWithoutPlaintext on k1
    Then the call is denied

  @Encrypt @documented @needs-ram
  Scenario: An action of another service does not allow a KMS API
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  @Encrypt @inferred @needs-ram @D-044
  Scenario: Actions compare case-insensitively: KMS:ENCRYPT allows Encrypt
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"KMS:ENCRYPT","Resource":"*"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @DescribeKey @inferred @needs-ram @D-044
  Scenario: Action wildcards compare case-insensitively too: kms:describe* allows DescribeKey
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:describe*","Resource":"*"}]}
      """
    When alice calls DescribeKey on k1
    Then the call succeeds

  # ---- Resource wildcards and case ----

  @DescribeKey @documented @needs-ram
  Scenario: The resource acs:kms:*:*:key/* allows every key
    Given a key k1
    And a key k2
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"acs:kms:*:*:key/*"}]}
      """
    When alice calls DescribeKey on k1
    Then the call succeeds
    When alice calls DescribeKey on k2
    Then the call succeeds

  @DescribeKey @documented @needs-ram
  Scenario: The resource acs:kms:*:*:key/<id> with wildcard region and account allows that key
    Given a key k1
    And a key k2
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"acs:kms:*:*:key/${k1}"}]}
      """
    When alice calls DescribeKey on k1
    Then the call succeeds
    When alice calls DescribeKey on k2
    Then the call is denied

  @DescribeKey @documented @needs-ram
  Scenario: A resource pattern of another service does not match a key
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"acs:ecs:*:*:*"}]}
      """
    When alice calls DescribeKey on k1
    Then the call is denied

  @DescribeKey @inferred @needs-ram @D-044
  Scenario: Resources compare case-sensitively: acs:kms:*:*:KEY/<id> does not match the key
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"acs:kms:*:*:KEY/${k1}"}]}
      """
    When alice calls DescribeKey on k1
    Then the call is denied

  @DescribeKey @inferred @needs-ram @D-044
  Scenario: Resources compare case-sensitively: an upper-cased ARN prefix does not match the key
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"ACS:KMS:*:*:key/${k1}"}]}
      """
    When alice calls DescribeKey on k1
    Then the call is denied

  # ---- NotAction ----

  @Encrypt @Decrypt @documented @needs-ram
  Scenario: Allow with NotAction kms:Decrypt allows Encrypt and denies Decrypt
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","NotAction":"kms:Decrypt","Resource":"*"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds
    When alice decrypts blob1
    Then the call is denied

  @Encrypt @Decrypt @DescribeKey @documented @needs-ram
  Scenario: Deny with NotAction denies everything but the listed actions
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Effect":"Allow","Action":"kms:*","Resource":"*"},
        {"Effect":"Deny","NotAction":["kms:Decrypt","kms:DescribeKey"],"Resource":"*"}]}
      """
    When alice decrypts blob1
    Then the call succeeds
    When alice calls DescribeKey on k1
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  # ---- Explicit Deny ----

  @Encrypt @documented @needs-ram
  Scenario: An explicit Deny in a second policy beats an Allow in the first
    Given a key k1
    And a key k2
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}
      """
    And user alice also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Deny","Action":"kms:Encrypt","Resource":"${k1.arn}"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied
    When alice encrypts "aGVsbG8=" under k2
    Then the call succeeds

  @Encrypt @documented @needs-ram
  Scenario: An explicit Deny in the first policy beats an Allow in a later one
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Deny","Action":"kms:*","Resource":"*"}]}
      """
    And user alice also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"${k1.arn}"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  @Encrypt @documented @needs-ram
  Scenario: Allows from two policies add up
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}
      """
    And user alice also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds
    When alice decrypts blob1
    Then the call succeeds

  @Encrypt @documented @needs-ram
  Scenario: A Deny whose resource does not match the key does not deny it
    Given a key k1
    And a key k2
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"},
        {"Effect":"Deny","Action":"kms:Encrypt","Resource":"${k2.arn}"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  # ---- Shorthands ----

  @Encrypt @inferred @needs-ram @D-042
  Scenario: A Statement given as a single object instead of an array applies
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @Encrypt @Decrypt @documented @needs-ram
  Scenario: Action and Resource as single strings mean the same as one-element lists
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"${k1.arn}"}]}
      """
    And user alice also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":["${k1.arn}"]}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds
    When alice decrypts blob1
    Then the call succeeds

  @Encrypt @documented @needs-ram
  Scenario: A condition value as a single string means the same as a one-element list
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"StringEquals":{"kms:EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}}}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @Encrypt @Decrypt @documented @needs-ram
  Scenario: Several actions and resources in lists each match
    Given a key k1
    And a key k2
    And the ciphertext blob2 of "aGVsbG8=" under k2
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt"],
        "Resource":["${k1.arn}","${k2.arn}"]}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds
    When alice decrypts blob2
    Then the call succeeds

  @Encrypt @inferred @needs-ram @D-041
  Scenario: A Sid in a statement is tolerated
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Sid":"AllowEncrypt","Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

@authz
Feature: The three example policies of the KMS user guide
  The product documentation ("Use RAM to authorize KMS resources") gives three identity policies:
  full access, view-and-use, and use of keys tagged Project=Apollo. Each is used here verbatim
  (docs/spec/kms-api.md §5.6), on the APIs it names (allowed) and on the APIs it does not (denied,
  Forbidden.NoPermission 403). Tags are set by the account (root), which is always allowed.

  # ---- Full access: {"Effect":"Allow","Action":["kms:*"],"Resource":["*"]} ----

  @DescribeRegions @ListKeys @CreateKey @DescribeKey @UpdateKeyDescription @EnableKey @DisableKey
  @ScheduleKeyDeletion @CancelKeyDeletion @GetParametersForImport @ImportKeyMaterial
  @DeleteKeyMaterial @Encrypt @GenerateDataKey @GenerateDataKeyWithoutPlaintext @Decrypt
  @ListAliases @CreateAlias @UpdateAlias @DeleteAlias @ListAliasesByKeyId @TagResource
  @UntagResource @ListResourceTags @documented @needs-ram
  Scenario Outline: The full-access policy lets a user call <api>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["kms:*"], "Resource": ["*"]}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call is not denied

    Examples:
      | api                             |
      | DescribeRegions                 |
      | ListKeys                        |
      | CreateKey                       |
      | DescribeKey                     |
      | UpdateKeyDescription            |
      | EnableKey                       |
      | DisableKey                      |
      | ScheduleKeyDeletion             |
      | CancelKeyDeletion               |
      | GetParametersForImport          |
      | ImportKeyMaterial               |
      | DeleteKeyMaterial               |
      | Encrypt                         |
      | GenerateDataKey                 |
      | GenerateDataKeyWithoutPlaintext |
      | Decrypt                         |
      | ListAliases                     |
      | CreateAlias                     |
      | UpdateAlias                     |
      | DeleteAlias                     |
      | ListAliasesByKeyId              |
      | TagResource                     |
      | UntagResource                   |
      | ListResourceTags                |

  @CreateKey @Encrypt @Decrypt @documented @needs-ram
  Scenario: With the full-access policy a user creates a key and round-trips data through it
    Given a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["kms:*"], "Resource": ["*"]}]}
      """
    When alice calls CreateKey
    Then the call succeeds
    When I save the response field "KeyMetadata.KeyId" as k9
    And alice encrypts "aGVsbG8=" under k9
    Then the call succeeds
    When I save the response field "CiphertextBlob" as blob9
    And alice decrypts blob9
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8="

  @CreateAlias @ScheduleKeyDeletion @documented @needs-ram
  Scenario: With the full-access policy a user manages aliases and schedules deletion
    Given a key k1
    And a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["kms:*"], "Resource": ["*"]}]}
      """
    When alice calls CreateAlias with:
      | AliasName | alias/kmsconf-full-access |
      | KeyId     | ${k1}                     |
    Then the call succeeds
    When alice calls ScheduleKeyDeletion with:
      | KeyId               | ${k1} |
      | PendingWindowInDays | 7     |
    Then the call succeeds
    And key k1 is in state PendingDeletion

  # ---- View and use: kms:List*, kms:Describe*, Encrypt, Decrypt, GenerateDataKey on * ----

  @ListKeys @DescribeKey @Encrypt @GenerateDataKey @Decrypt @ListAliases @ListAliasesByKeyId
  @ListResourceTags @documented @needs-ram
  Scenario Outline: The view-and-use policy lets a user call <api>, which it names
    Given a key k1
    And a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow",
        "Action": ["kms:List*", "kms:Describe*", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
        "Resource": ["*"]}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call succeeds

    Examples:
      | api                |
      | ListKeys           |
      | DescribeKey        |
      | Encrypt            |
      | GenerateDataKey    |
      | Decrypt            |
      | ListAliases        |
      | ListAliasesByKeyId |
      | ListResourceTags   |

  @CreateKey @UpdateKeyDescription @EnableKey @DisableKey @ScheduleKeyDeletion
  @CancelKeyDeletion @GetParametersForImport @ImportKeyMaterial @DeleteKeyMaterial
  @GenerateDataKeyWithoutPlaintext @CreateAlias @UpdateAlias @DeleteAlias @TagResource
  @UntagResource @documented @needs-ram
  Scenario Outline: The view-and-use policy denies <api>, which it does not name
    Given a key k1
    And a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow",
        "Action": ["kms:List*", "kms:Describe*", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
        "Resource": ["*"]}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call is denied

    Examples:
      | api                             |
      | CreateKey                       |
      | UpdateKeyDescription            |
      | EnableKey                       |
      | DisableKey                      |
      | ScheduleKeyDeletion             |
      | CancelKeyDeletion               |
      | GetParametersForImport          |
      | ImportKeyMaterial               |
      | DeleteKeyMaterial               |
      | GenerateDataKeyWithoutPlaintext |
      | CreateAlias                     |
      | UpdateAlias                     |
      | DeleteAlias                     |
      | TagResource                     |
      | UntagResource                   |

  @Encrypt @Decrypt @documented @needs-ram
  Scenario: With the view-and-use policy a user encrypts and decrypts under a key the account made
    Given a key k1
    And a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow",
        "Action": ["kms:List*", "kms:Describe*", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
        "Resource": ["*"]}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds
    When I save the response field "CiphertextBlob" as blob1
    And alice decrypts blob1
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8="

  # ---- Tag condition: StringEqualsIgnoreCase kms:tag/Project = Apollo ----

  @TagResource @Encrypt @GenerateDataKey @Decrypt @documented @needs-ram
  Scenario: The tag policy lets a user use a key tagged Project=apollo (the operator ignores case)
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow",
        "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
        "Resource": ["*"],
        "Condition": {"StringEqualsIgnoreCase": {"kms:tag/Project": ["Apollo"]}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                                      |
      | Tags  | [{"TagKey":"Project","TagValue":"apollo"}] |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds
    When alice calls GenerateDataKey on k1
    Then the call succeeds
    When alice decrypts blob1
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8="

  @TagResource @Encrypt @GenerateDataKey @Decrypt @documented @needs-ram
  Scenario: The tag policy denies a key tagged Project=Gemini
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow",
        "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
        "Resource": ["*"],
        "Condition": {"StringEqualsIgnoreCase": {"kms:tag/Project": ["Apollo"]}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                                      |
      | Tags  | [{"TagKey":"Project","TagValue":"Gemini"}] |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied
    When alice calls GenerateDataKey on k1
    Then the call is denied
    When alice decrypts blob1
    Then the call is denied

  @Encrypt @GenerateDataKey @Decrypt @documented @needs-ram
  Scenario: The tag policy denies an untagged key
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow",
        "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
        "Resource": ["*"],
        "Condition": {"StringEqualsIgnoreCase": {"kms:tag/Project": ["Apollo"]}}}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied
    When alice calls GenerateDataKey on k1
    Then the call is denied
    When alice decrypts blob1
    Then the call is denied

  @TagResource @Encrypt @documented @needs-ram
  Scenario: The tag policy applies per key: the Apollo key is usable, the untagged one is not
    Given a key k1
    And a key k2
    And a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow",
        "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
        "Resource": ["*"],
        "Condition": {"StringEqualsIgnoreCase": {"kms:tag/Project": ["Apollo"]}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                                      |
      | Tags  | [{"TagKey":"Project","TagValue":"Apollo"}] |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k2
    Then the call is denied

  @TagResource @DescribeKey @ListKeys @GenerateDataKeyWithoutPlaintext @documented @needs-ram
  Scenario Outline: The tag policy does not extend to <api>, which it does not name, even on an Apollo key
    Given a key k1
    And a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow",
        "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
        "Resource": ["*"],
        "Condition": {"StringEqualsIgnoreCase": {"kms:tag/Project": ["Apollo"]}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                                      |
      | Tags  | [{"TagKey":"Project","TagValue":"Apollo"}] |
    Then the call succeeds
    When alice calls <api> on k1 with typical parameters
    Then the call is denied

    Examples:
      | api                             |
      | DescribeKey                     |
      | ListKeys                        |
      | GenerateDataKeyWithoutPlaintext |

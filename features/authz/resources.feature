@authz
Feature: The resource each API is authorized on
  Key-scoped calls are checked on the key's ARN `acs:kms:<region>:<account>:key/<id>`, also when
  the key is named by an alias or ARN; Decrypt on the key inside the blob; ListKeys and
  CreateKey on the key container `...:key`; ListAliases on the alias container `...:alias`;
  CreateAlias, UpdateAlias and DeleteAlias on both the alias `...:alias/<name>` and the key
  (docs/spec/kms-api.md §5.4). The denial is Forbidden.NoPermission (403) naming the ARN. Authorization
  comes before any existence check, so a caller without permission cannot learn whether a key
  exists (the reference's order, service/authorize.rs).

  # ---- Keys addressed by alias or ARN are checked on the key ----

  @Encrypt @documented @needs-ram
  Scenario: Encrypt through an alias is allowed by a policy on the key's ARN alone
    Given a key k1
    And an alias a1 for k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"${k1.arn}"}]}
      """
    When alice encrypts "aGVsbG8=" under a1
    Then the call succeeds

  @DescribeKey @documented @needs-ram
  Scenario: DescribeKey through an alias is allowed by a policy on the key's ARN alone
    Given a key k1
    And an alias a1 for k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"${k1.arn}"}]}
      """
    When alice calls DescribeKey on a1
    Then the call succeeds
    And the response field "KeyMetadata.KeyId" is "${k1}"

  @Encrypt @documented @needs-ram
  Scenario: Encrypt through an alias is denied when only the alias is allowed, not its key
    Given a key k1
    And an alias a1 for k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"acs:kms:*:*:alias/*"}]}
      """
    When alice encrypts "aGVsbG8=" under a1
    Then the call is denied
    And the error message mentions "${k1.arn}"

  @Encrypt @documented @needs-ram
  Scenario: Encrypt with the key's ARN as KeyId is checked on that key
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"${k1.arn}"}]}
      """
    When alice calls Encrypt with:
      | KeyId     | ${k1.arn} |
      | Plaintext | aGVsbG8=  |
    Then the call succeeds

  @Encrypt @documented @needs-ram
  Scenario: A policy on one key's ARN does not allow another key
    Given a key k1
    And a key k2
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"${k2.arn}"}]}
      """
    When alice encrypts "aGVsbG8=" under k2
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  @Encrypt @documented @needs-ram
  Scenario: The Forbidden.NoPermission message names the ARN of the refused key
    Given a key k1
    And a key k2
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"${k2.arn}"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call fails with Forbidden.NoPermission and status 403
    And the error message mentions "${k1.arn}"

  # ---- Decrypt: the key inside the blob ----

  @Decrypt @documented @needs-ram
  Scenario: Decrypt is checked on the key inside the ciphertext blob
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And the ciphertext blob2 of "aGVsbG8=" under k2
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"${k1.arn}"}]}
      """
    When alice decrypts blob1
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8="
    When alice decrypts blob2
    Then the call is denied
    And the error message mentions "${k2.arn}"

  # ---- Containers ----

  @ListKeys @CreateKey @documented @needs-ram
  Scenario Outline: <api> is allowed by a policy on the key container acs:kms:*:*:key
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:<api>","Resource":"acs:kms:*:*:key"}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call succeeds

    Examples:
      | api       |
      | ListKeys  |
      | CreateKey |

  @ListKeys @CreateKey @documented @needs-ram
  Scenario Outline: <api> is denied by a policy on keys acs:kms:*:*:key/* only (not the container)
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:<api>","Resource":"acs:kms:*:*:key/*"}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call is denied

    Examples:
      | api       |
      | ListKeys  |
      | CreateKey |

  @DescribeKey @documented @needs-ram
  Scenario: A key-scoped call is denied by a policy on the key container only
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"acs:kms:*:*:key"}]}
      """
    When alice calls DescribeKey on k1
    Then the call is denied

  @ListAliases @documented @needs-ram
  Scenario: ListAliases is allowed by a policy on the alias container acs:kms:*:*:alias
    Given a key k1
    And an alias a1 for k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListAliases","Resource":"acs:kms:*:*:alias"}]}
      """
    When alice calls ListAliases
    Then the call succeeds
    And the response field "Aliases.Alias" contains "${a1}"

  @ListAliases @documented @needs-ram
  Scenario: ListAliases is denied by a policy on aliases acs:kms:*:*:alias/* only (not the container)
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListAliases","Resource":"acs:kms:*:*:alias/*"}]}
      """
    When alice calls ListAliases
    Then the call is denied

  @ListAliases @documented @needs-ram
  Scenario: ListAliases is denied by a policy on the key container
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListAliases","Resource":"acs:kms:*:*:key"}]}
      """
    When alice calls ListAliases
    Then the call is denied

  @ListAliasesByKeyId @documented @needs-ram
  Scenario: ListAliasesByKeyId is checked on the key, not the alias container
    Given a key k1
    And an alias a1 for k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListAliasesByKeyId","Resource":"${k1.arn}"}]}
      """
    When alice calls ListAliasesByKeyId on k1
    Then the call succeeds
    And the response field "Aliases.Alias" contains "${a1}"

  @ListAliasesByKeyId @documented @needs-ram
  Scenario: ListAliasesByKeyId is denied by a policy on the alias container only
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListAliasesByKeyId","Resource":"acs:kms:*:*:alias"}]}
      """
    When alice calls ListAliasesByKeyId on k1
    Then the call is denied

  @TagResource @ListResourceTags @documented @needs-ram
  Scenario: TagResource and ListResourceTags are checked on the key
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:TagResource","kms:ListResourceTags"],"Resource":"${k1.arn}"}]}
      """
    When alice calls TagResource with:
      | KeyId | ${k1}                                |
      | Tags  | [{"TagKey":"env","TagValue":"prod"}] |
    Then the call succeeds
    When alice calls ListResourceTags on k1
    Then the call succeeds
    And the response field "Tags.Tag.0.TagValue" is "prod"

  # ---- Aliases: both the alias and the key ----

  @CreateAlias @documented @needs-ram
  Scenario: CreateAlias allowed on the alias only is denied
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:CreateAlias","Resource":"acs:kms:*:*:alias/*"}]}
      """
    When alice calls CreateAlias with:
      | AliasName | alias/kmsconf-authz-a |
      | KeyId     | ${k1}                 |
    Then the call is denied
    And the error message mentions "${k1.arn}"

  @CreateAlias @documented @needs-ram
  Scenario: CreateAlias allowed on the key only is denied
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:CreateAlias","Resource":"${k1.arn}"}]}
      """
    When alice calls CreateAlias with:
      | AliasName | alias/kmsconf-authz-b |
      | KeyId     | ${k1}                 |
    Then the call is denied
    And the error message mentions "alias/kmsconf-authz-b"

  @CreateAlias @ListAliasesByKeyId @documented @needs-ram
  Scenario: CreateAlias allowed on both the alias and the key succeeds
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:CreateAlias",
        "Resource":["acs:kms:*:*:alias/*","${k1.arn}"]}]}
      """
    When alice calls CreateAlias with:
      | AliasName | alias/kmsconf-authz-c |
      | KeyId     | ${k1}                 |
    Then the call succeeds
    When I call ListAliasesByKeyId on k1
    Then the response field "Aliases.Alias" contains "alias/kmsconf-authz-c"

  @CreateAlias @documented @needs-ram
  Scenario: CreateAlias allowed on one alias name and the key is denied for another alias name
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:CreateAlias",
        "Resource":["acs:kms:*:*:alias/kmsconf-authz-ok","${k1.arn}"]}]}
      """
    When alice calls CreateAlias with:
      | AliasName | alias/kmsconf-authz-other |
      | KeyId     | ${k1}                     |
    Then the call is denied
    When alice calls CreateAlias with:
      | AliasName | alias/kmsconf-authz-ok |
      | KeyId     | ${k1}                  |
    Then the call succeeds

  @UpdateAlias @documented @needs-ram
  Scenario: UpdateAlias allowed on the alias only is denied, on the alias and the new key succeeds
    Given a key k1
    And a key k2
    And an alias a1 for k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:UpdateAlias","Resource":"acs:kms:*:*:alias/*"}]}
      """
    When alice calls UpdateAlias with:
      | AliasName | ${a1} |
      | KeyId     | ${k2} |
    Then the call is denied
    Given user alice also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:UpdateAlias","Resource":"${k2.arn}"}]}
      """
    When alice calls UpdateAlias with:
      | AliasName | ${a1} |
      | KeyId     | ${k2} |
    Then the call succeeds
    When I call DescribeKey on a1
    Then the response field "KeyMetadata.KeyId" is "${k2}"

  @DeleteAlias @documented @needs-ram
  Scenario: DeleteAlias allowed on the alias only is denied, on the alias and its key succeeds
    Given a key k1
    And an alias a1 for k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DeleteAlias","Resource":"acs:kms:*:*:alias/*"}]}
      """
    When alice calls DeleteAlias with:
      | AliasName | ${a1} |
    Then the call is denied
    And the error message mentions "${k1.arn}"
    Given user alice also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DeleteAlias","Resource":"${k1.arn}"}]}
      """
    When alice calls DeleteAlias with:
      | AliasName | ${a1} |
    Then the call succeeds

  @DeleteAlias @documented @needs-ram
  Scenario: DeleteAlias allowed on the key only is denied
    Given a key k1
    And an alias a1 for k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DeleteAlias","Resource":"${k1.arn}"}]}
      """
    When alice calls DeleteAlias with:
      | AliasName | ${a1} |
    Then the call is denied
    And the error message mentions ":alias/"

  # ---- No existence leak ----

  @DescribeKey @inferred @needs-ram @D-048
  Scenario: A caller not allowed on a key that does not exist gets Forbidden.NoPermission, not Forbidden.KeyNotFound
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"${k1.arn}"}]}
      """
    When alice calls DescribeKey with:
      | KeyId | 0b7c5f3e-1d2a-4c6b-9e8f-7a6b5c4d3e2f |
    Then the call fails with Forbidden.NoPermission and status 403
    And the error message mentions "key/0b7c5f3e-1d2a-4c6b-9e8f-7a6b5c4d3e2f"

  @DescribeKey @inferred @needs-ram @D-048
  Scenario: A caller allowed on every key gets Forbidden.KeyNotFound for a key that does not exist
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"acs:kms:*:*:key/*"}]}
      """
    When alice calls DescribeKey with:
      | KeyId | 0b7c5f3e-1d2a-4c6b-9e8f-7a6b5c4d3e2f |
    Then the call fails with Forbidden.KeyNotFound and status 404

  @Encrypt @inferred @needs-ram @D-048
  Scenario: A user with no policy learns nothing from Encrypt under a key that does not exist
    Given a user alice
    When alice calls Encrypt with:
      | KeyId     | 0b7c5f3e-1d2a-4c6b-9e8f-7a6b5c4d3e2f |
      | Plaintext | aGVsbG8=                             |
    Then the call is denied

  @Encrypt @inferred @needs-ram @D-048
  Scenario: A caller not allowed on aliases gets Forbidden.NoPermission for an alias that does not exist
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"acs:kms:*:*:key/*"}]}
      """
    When alice calls Encrypt with:
      | KeyId     | alias/kmsconf-authz-missing |
      | Plaintext | aGVsbG8=                    |
    Then the call is denied

  @Encrypt @inferred @needs-ram @D-048
  Scenario: A caller allowed on everything gets Forbidden.AliasNotFound for an alias that does not exist
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}
      """
    When alice calls Encrypt with:
      | KeyId     | alias/kmsconf-authz-missing |
      | Plaintext | aGVsbG8=                    |
    Then the call fails with Forbidden.AliasNotFound and status 404

  @DisableKey @Encrypt @inferred @needs-ram @D-048
  Scenario: Authorization comes before the key-state check
    Given a key k1 in state Disabled
    And a user alice
    When alice calls DisableKey on k1
    Then the call is denied
    When alice calls Encrypt with:
      | KeyId     | ${k1}    |
      | Plaintext | aGVsbG8= |
    Then the call is denied

@authz
Feature: The account's root identity, and policy management through the RAM API
  The Alibaba Cloud account (root) has full permissions on its own resources and no policy
  restricts it; DescribeRegions needs no access control (docs/spec/kms-api.md §5.2, §5.6). Custom policies
  are created and attached through the RAM API: a document must follow the grammar of §5.1
  (else MalformedPolicyDocument, 400) and have 1..=6144 characters (else
  InvalidParameter.PolicyDocument.Length, 400); a second policy of the same name is
  EntityAlreadyExists.Policy, 409 (docs/spec/kms-api.md §5.5; docs/spec/decisions.md D-041,
  D-043). Permissions follow attachment.

  # ---- Root ----

  @DescribeRegions @ListKeys @CreateKey @DescribeKey @UpdateKeyDescription @EnableKey @DisableKey
  @ScheduleKeyDeletion @CancelKeyDeletion @GetParametersForImport @ImportKeyMaterial
  @DeleteKeyMaterial @Encrypt @GenerateDataKey @GenerateDataKeyWithoutPlaintext @Decrypt
  @ListAliases @CreateAlias @UpdateAlias @DeleteAlias @ListAliasesByKeyId @TagResource
  @UntagResource @ListResourceTags @documented
  Scenario Outline: The account (root) is never denied <api>
    Given a key k1
    When I call <api> on k1 with typical parameters
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

  @Encrypt @Decrypt @documented @needs-ram
  Scenario: The account (root) encrypts and decrypts while a RAM user with a Deny-all policy exists
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}
      """
    When I encrypt "aGVsbG8=" under k1
    Then the call succeeds
    When I save the response field "CiphertextBlob" as blob1
    And I decrypt blob1
    Then the call succeeds
    And the response field "Plaintext" is "aGVsbG8="
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  @CreateKey @ScheduleKeyDeletion @documented
  Scenario: The account (root) creates and schedules the deletion of a key without any policy
    When I call CreateKey
    Then the call succeeds
    When I save the response field "KeyMetadata.KeyId" as k9
    And I schedule deletion of k9 in 7 days
    Then the call succeeds

  @DescribeRegions @documented @needs-ram
  Scenario: DescribeRegions needs no policy
    Given a user alice
    When alice calls DescribeRegions
    Then the call succeeds
    And the response field "Regions.Region" contains "cn-hangzhou"

  @DescribeRegions @inferred @needs-ram @D-047
  Scenario: DescribeRegions is not stopped by an explicit Deny of kms:DescribeRegions
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Deny","Action":"kms:DescribeRegions","Resource":"*"}]}
      """
    When alice calls DescribeRegions
    Then the call succeeds

  # ---- Malformed documents ----

  @documented @needs-ram
  Scenario Outline: CreatePolicy rejects a document that breaks the grammar: <problem>
    When I call RAM CreatePolicy with:
      | PolicyName     | kmsconf-malformed |
      | PolicyDocument | <document>        |
    Then the call fails with MalformedPolicyDocument and status 400

    Examples:
      | problem                      | document                                                                                                         |
      | Effect misspelt              | {"Version":"1","Statement":[{"Effect":"Alow","Action":"kms:Encrypt","Resource":"*"}]}                            |
      | Effect in lower case         | {"Version":"1","Statement":[{"Effect":"allow","Action":"kms:Encrypt","Resource":"*"}]}                           |
      | both Action and NotAction    | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","NotAction":"kms:Decrypt","Resource":"*"}]} |
      | neither Action nor NotAction | {"Version":"1","Statement":[{"Effect":"Allow","Resource":"*"}]}                                                  |
      | no Effect                    | {"Version":"1","Statement":[{"Action":"kms:Encrypt","Resource":"*"}]}                                            |
      | no Resource                  | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt"}]}                                          |
      | Version other than 1         | {"Version":"2","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}                           |
      | no Statement                 | {"Version":"1"}                                                                                                  |
      | bad JSON: a missing comma    | {"Version":"1" "Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}                           |
      | bad JSON: unclosed           | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]                            |
      | bad JSON: not a document     | Allow kms:Encrypt on *                                                                                           |
      | the document is a JSON array | [{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]                                                       |

  @inferred @needs-ram @D-041
  Scenario Outline: CreatePolicy rejects a statement element RAM identity policies do not have: <problem>
    When I call RAM CreatePolicy with:
      | PolicyName     | kmsconf-malformed |
      | PolicyDocument | <document>        |
    Then the call fails with MalformedPolicyDocument and status 400

    Examples:
      | problem                  | document                                                                                                                                                 |
      | NotResource              | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","NotResource":"acs:kms:*:*:key/x"}]}                                                |
      | Principal                | {"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":["*"]},"Action":"kms:Encrypt","Resource":"*"}]}                                         |
      | an unknown operator      | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*","Condition":{"StringEqualsIfExists":{"kms:tag/Project":"Apollo"}}}]} |
      | an unknown statement key | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*","Actions":"kms:Decrypt"}]}                                           |

  @documented @needs-ram
  Scenario: A malformed document is not stored: the name stays free for a valid one
    When I call RAM CreatePolicy with:
      | PolicyName     | kmsconf-retry                                                                         |
      | PolicyDocument | {"Version":"1","Statement":[{"Effect":"Alow","Action":"kms:Encrypt","Resource":"*"}]} |
    Then the call fails with MalformedPolicyDocument
    When I call RAM CreatePolicy with:
      | PolicyName     | kmsconf-retry                                                                          |
      | PolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]} |
    Then the call succeeds

  # ---- Length ----

  @Encrypt @documented @needs-ram
  Scenario: A document of 6144 characters is accepted and applies
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1",${repeat:6058: }"Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @documented @needs-ram
  Scenario: A document of 6145 characters is InvalidParameter.PolicyDocument.Length
    When I call RAM CreatePolicy with:
      | PolicyName     | kmsconf-too-long                                                                                       |
      | PolicyDocument | {"Version":"1",${repeat:6059: }"Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]} |
    Then the call fails with InvalidParameter.PolicyDocument.Length and status 400

  @inferred @needs-ram @D-043
  Scenario: An empty document is InvalidParameter.PolicyDocument.Length
    When I call RAM CreatePolicy with:
      | PolicyName     | kmsconf-empty |
      | PolicyDocument |               |
    Then the call fails with InvalidParameter.PolicyDocument.Length and status 400

  @inferred @needs-ram @D-043
  Scenario: A document of only whitespace has 1..=6144 characters, so it is malformed rather than too short
    When I call RAM CreatePolicy with:
      | PolicyName     | kmsconf-blank |
      | PolicyDocument | ${repeat:3: } |
    Then the call fails with MalformedPolicyDocument and status 400

  @inferred @needs-ram @D-043
  Scenario: The length is checked before the grammar: an over-long malformed document is a length error
    When I call RAM CreatePolicy with:
      | PolicyName     | kmsconf-too-long-bad                            |
      | PolicyDocument | {"Version":"1",${repeat:6200: }"Statement":oops |
    Then the call fails with InvalidParameter.PolicyDocument.Length

  # ---- Names, attachment, detachment ----

  @documented @needs-ram
  Scenario: A second custom policy with the same name is EntityAlreadyExists.Policy
    Given a user alice
    When I save the response field "User.UserName" as alice_name
    And I call RAM CreatePolicy with:
      | PolicyName     | ${alice_name}-dup                                                                      |
      | PolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]} |
    Then the call succeeds
    When I call RAM CreatePolicy with:
      | PolicyName     | ${alice_name}-dup                                                                      |
      | PolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]} |
    Then the call fails with EntityAlreadyExists.Policy and status 409

  @Encrypt @documented @needs-ram
  Scenario: A policy created but not attached grants nothing; attaching it grants its actions
    Given a key k1
    And a user alice
    When I save the response field "User.UserName" as alice_name
    And I call RAM CreatePolicy with:
      | PolicyName     | ${alice_name}-enc                                                                      |
      | PolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]} |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied
    When I call RAM AttachPolicyToUser with:
      | PolicyType | Custom            |
      | PolicyName | ${alice_name}-enc |
      | UserName   | ${alice_name}     |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @Encrypt @documented @needs-ram
  Scenario: Detaching the policy removes the permission
    Given a key k1
    And a user alice
    When I save the response field "User.UserName" as alice_name
    And I call RAM CreatePolicy with:
      | PolicyName     | ${alice_name}-enc                                                                      |
      | PolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]} |
    Then the call succeeds
    When I call RAM AttachPolicyToUser with:
      | PolicyType | Custom            |
      | PolicyName | ${alice_name}-enc |
      | UserName   | ${alice_name}     |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds
    When I call RAM DetachPolicyFromUser with:
      | PolicyType | Custom            |
      | PolicyName | ${alice_name}-enc |
      | UserName   | ${alice_name}     |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  @Encrypt @documented @needs-ram
  Scenario: Detaching a Deny policy restores the permission of the remaining Allow
    Given a key k1
    And a user alice
    When I save the response field "User.UserName" as alice_name
    And I call RAM CreatePolicy with:
      | PolicyName     | ${alice_name}-allow                                                                    |
      | PolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]} |
    And I call RAM AttachPolicyToUser with:
      | PolicyType | Custom              |
      | PolicyName | ${alice_name}-allow |
      | UserName   | ${alice_name}       |
    And I call RAM CreatePolicy with:
      | PolicyName     | ${alice_name}-deny                                                                    |
      | PolicyDocument | {"Version":"1","Statement":[{"Effect":"Deny","Action":"kms:Encrypt","Resource":"*"}]} |
    And I call RAM AttachPolicyToUser with:
      | PolicyType | Custom             |
      | PolicyName | ${alice_name}-deny |
      | UserName   | ${alice_name}      |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied
    When I call RAM DetachPolicyFromUser with:
      | PolicyType | Custom             |
      | PolicyName | ${alice_name}-deny |
      | UserName   | ${alice_name}      |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @CreateKey @Encrypt @inferred @needs-ram @D-074
  Scenario: A refused CreateKey is Forbidden.NoPermission with 403, as a refused Encrypt is
    # META24 lists Forbidden.NoPermission under 400 for CreateKey; the common table says 403.
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}
      """
    When alice calls CreateKey
    Then the call fails with Forbidden.NoPermission and status 403
    When alice encrypts "aGVsbG8=" under k1
    Then the call fails with Forbidden.NoPermission and status 403

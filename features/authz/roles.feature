@authz
Feature: RAM roles and their trust policies (RAM 2015-05-01 on the reference's gateway)

  # docs/spec/ram-sts.md §1 and §2. Role names are unique per scenario: on a target whose
  # scenarios share one account, each scenario deletes the roles it created.

  @inferred @needs-ram @D-301
  Scenario: A role's ARN carries its name in lower case, and role names match without regard to case
    When I call RAM CreateRole with:
      | RoleName                 | KmsconfCaseRole                                                                                                        |
      | AssumeRolePolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1234567890123456:root"}}]} |
    Then the call succeeds
    And the response field "Role.RoleName" is "KmsconfCaseRole"
    And the response field "Role.Arn" matches "^acs:ram::[0-9]+:role/kmsconfcaserole$"
    When I call RAM GetRole with:
      | RoleName | KMSCONFCASEROLE |
    Then the response field "Role.RoleName" is "KmsconfCaseRole"
    When I call RAM CreateRole with:
      | RoleName                 | kmsconfcaserole                                                                                                        |
      | AssumeRolePolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1234567890123456:root"}}]} |
    Then the call fails with EntityAlreadyExists.Role and status 409
    When I call RAM DeleteRole with:
      | RoleName | kmsconfCaseRole |
    Then the call succeeds

  @inferred @needs-ram @D-302
  Scenario Outline: A RoleName outside 1–64 of letters, digits, "." and "-" is refused: <problem>
    When I call RAM CreateRole with:
      | RoleName                 | <name>                                                                                                                 |
      | AssumeRolePolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1234567890123456:root"}}]} |
    Then the call fails with <code> and status 400

    Examples:
      | problem       | name                                                              | code                                   |
      | an underscore | kmsconf_role                                                      | InvalidParameter.RoleName.InvalidChars |
      | an at sign    | kmsconf@role                                                      | InvalidParameter.RoleName.InvalidChars |
      | 65 characters | kmsconf-role-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | InvalidParameter.RoleName.Length       |

  @inferred @needs-ram @D-304
  Scenario Outline: Role lengths and durations the docs leave open: <problem>
    When I call RAM CreateRole with:
      | RoleName                 | kmsconf-bounds-role |
      | AssumeRolePolicyDocument | <document>          |
      | MaxSessionDuration       | <duration>          |
    Then the call fails with <code> and status 400

    Examples:
      | problem                    | document                                                                                                               | duration | code                                              |
      | an empty trust policy      |                                                                                                                        | 3600     | InvalidParameter.AssumeRolePolicyDocument.Length |
      | a duration below 3600      | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1234567890123456:root"}}]} | 3599     | InvalidParameter.MaxSessionDuration               |
      | a duration above 43200     | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1234567890123456:root"}}]} | 43201    | InvalidParameter.MaxSessionDuration               |
      | a duration that is no number | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1234567890123456:root"}}]} | 1h       | InvalidParameter.MaxSessionDuration               |

  @inferred @needs-ram @D-305
  Scenario Outline: A trust policy that breaks the trust grammar is MalformedPolicyDocument: <problem>
    When I call RAM CreateRole with:
      | RoleName                 | kmsconf-trust-role |
      | AssumeRolePolicyDocument | <document>         |
    Then the call fails with MalformedPolicyDocument and status 400

    Examples:
      | problem                 | document                                                                                                                        |
      | no Principal            | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}                                                      |
      | a Resource              | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Principal":{"RAM":"acs:ram::1:root"}}]} |
      | another action          | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Principal":{"RAM":"acs:ram::1:root"}}]}                   |
      | a wildcard principal    | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"*"}}]}                              |
      | an unknown principal    | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"acs:ram::1:root"}}]}                |
      | NotAction               | {"Version":"1","Statement":[{"Effect":"Allow","NotAction":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1:root"}}]}             |

  @inferred @needs-ram @D-309
  Scenario: Attaching, detaching and deleting have the codes RAM clients handle
    When I call RAM CreateRole with:
      | RoleName                 | kmsconf-attach-role                                                                                                    |
      | AssumeRolePolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1234567890123456:root"}}]} |
    Then the call succeeds
    When I call RAM CreatePolicy with:
      | PolicyName     | kmsconf-attach-policy                                                           |
      | PolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:List*","Resource":"*"}]} |
    Then the call succeeds
    When I call RAM AttachPolicyToRole with:
      | PolicyType | Custom                |
      | PolicyName | kmsconf-attach-policy |
      | RoleName   | kmsconf-attach-role   |
    Then the call succeeds
    When I call RAM AttachPolicyToRole with:
      | PolicyType | Custom                |
      | PolicyName | kmsconf-attach-policy |
      | RoleName   | kmsconf-attach-role   |
    Then the call fails with EntityAlreadyExists.Role.Policy and status 409
    When I call RAM DeleteRole with:
      | RoleName | kmsconf-attach-role |
    Then the call fails with DeleteConflict.Role.Policy and status 409
    When I call RAM DeletePolicy with:
      | PolicyName | kmsconf-attach-policy |
    Then the call fails with DeleteConflict.Role.Policy and status 409
    When I call RAM DetachPolicyFromRole with:
      | PolicyType | Custom                |
      | PolicyName | kmsconf-attach-policy |
      | RoleName   | kmsconf-attach-role   |
    Then the call succeeds
    When I call RAM DetachPolicyFromRole with:
      | PolicyType | Custom                |
      | PolicyName | kmsconf-attach-policy |
      | RoleName   | kmsconf-attach-role   |
    Then the call fails with EntityNotExist.Role.Policy and status 404
    When I call RAM DeleteRole with:
      | RoleName | kmsconf-attach-role |
    Then the call succeeds

  @inferred @needs-ram @D-328
  Scenario Outline: ListRoles refuses a MaxItems of <max>
    When I call RAM ListRoles with:
      | MaxItems | <max> |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "MaxItems"

    Examples:
      | max  |
      | 0    |
      | 1001 |
      | ten  |

  @inferred @needs-ram @needs-sts @D-328
  Scenario: ListRoles pages with an opaque Marker, answered only while the list is truncated
    Given a role r1 trusting account
    And a role r2 trusting account
    When I call RAM ListRoles with:
      | MaxItems | 1 |
    Then the call succeeds
    And the response field "Roles.Role" has 1 item
    And the response field "IsTruncated" is "true"
    And the response field "Marker" is not empty
    When I save the response field "Marker" as next
    And I call RAM ListRoles with:
      | MaxItems | 1000    |
      | Marker   | ${next} |
    Then the call succeeds
    And the response field "Roles.Role" is not empty
    And the response field "IsTruncated" is "false"
    And the response field "Marker" is absent

  @inferred @needs-ram @needs-sts @D-304 @D-305 @D-318
  Scenario: UpdateRole changes the trust policy, the description and the session limit
    Given a role r1 trusting alice
    And user alice may assume roles
    When alice assumes r1 as session s1 with:
      | DurationSeconds | 7200 |
    Then the call fails with InvalidParameter.DurationSeconds and status 400
    When I call RAM UpdateRole with:
      | RoleName              | ${r1.name}    |
      | NewDescription        | for reading   |
      | NewMaxSessionDuration | 7200          |
    Then the call succeeds
    And the response field "Role.Description" is "for reading"
    And the response field "Role.MaxSessionDuration" is "7200"
    When alice assumes r1 as session s1 with:
      | DurationSeconds | 7200 |
    Then the call succeeds
    When I call RAM UpdateRole with:
      | RoleName                    | ${r1.name} |
      | NewAssumeRolePolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]} |
    Then the call succeeds
    When I call RAM GetRole with:
      | RoleName | ${r1.name} |
    Then the response field "Role.AssumeRolePolicyDocument" contains "ecs.aliyuncs.com"
    When alice assumes r1 as session s2
    Then the call fails with NoPermission and status 403

  @inferred @needs-ram @needs-sts @D-304 @D-305
  Scenario Outline: UpdateRole refuses <problem>
    Given a role r1 trusting account
    When I call RAM UpdateRole with:
      | RoleName | ${r1.name} |
      | <name>   | <value>    |
    Then the call fails with <code> and status 400

    Examples:
      | problem                     | name                        | value                                                                      | code                                                 |
      | an empty trust policy       | NewAssumeRolePolicyDocument |                                                                            | InvalidParameter.NewAssumeRolePolicyDocument.Length |
      | a trust policy of 4097 characters | NewAssumeRolePolicyDocument | ${repeat:4097:x}                                                     | InvalidParameter.NewAssumeRolePolicyDocument.Length |
      | a trust policy without Principal | NewAssumeRolePolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]} | MalformedPolicyDocument                          |
      | a description of 1025 characters | NewDescription         | ${repeat:1025:d}                                                           | InvalidParameter.Description.Length                 |
      | a session limit of 3599     | NewMaxSessionDuration       | 3599                                                                       | InvalidParameter.MaxSessionDuration                 |

  @inferred @needs-ram @D-304
  Scenario: CreateRole refuses a description of 1025 characters
    When I call RAM CreateRole with:
      | RoleName                 | kmsconf-described-role |
      | AssumeRolePolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1234567890123456:root"}}]} |
      | Description              | ${repeat:1025:d}       |
    Then the call fails with InvalidParameter.Description.Length and status 400

  @documented @needs-ram
  Scenario Outline: The role APIs answer EntityNotExist.Role for a role that does not exist: <action>
    When I call RAM <action> with:
      | RoleName | kmsconf-no-such-role |
    Then the call fails with EntityNotExist.Role and status 404

    Examples:
      | action              |
      | GetRole             |
      | UpdateRole          |
      | DeleteRole          |
      | ListPoliciesForRole |

  @inferred @needs-ram @needs-sts @D-309
  Scenario: ListPoliciesForRole lists what is attached; a sixth custom policy is over the limit
    Given a role r1 trusting account
    And role r1 also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}
      """
    When I call RAM ListPoliciesForRole with:
      | RoleName | ${r1.name} |
    Then the call succeeds
    And the response field "Policies.Policy" has 1 item
    And the response field "Policies.Policy[0].PolicyName" is "${r1.policy}"
    And the response field "Policies.Policy[0].PolicyType" is "Custom"
    Given role r1 also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListAliases","Resource":"*"}]}
      """
    And role r1 also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"*"}]}
      """
    And role r1 also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}
      """
    And role r1 also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}
      """
    When I call RAM ListPoliciesForRole with:
      | RoleName | ${r1.name} |
    Then the response field "Policies.Policy" has 5 items
    When I call RAM CreatePolicy with:
      | PolicyName     | ${r1.name}-sixth                                                                      |
      | PolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]} |
    Then the call succeeds
    When I call RAM AttachPolicyToRole with:
      | PolicyType | Custom           |
      | PolicyName | ${r1.name}-sixth |
      | RoleName   | ${r1.name}       |
    Then the call fails with LimitExceeded.Role.Policy and status 409

  @inferred @needs-ram @needs-sts @needs-fresh-account @D-310
  Scenario: An account holds at most 1000 roles
    Given roles until the account holds 1000
    When I call RAM CreateRole with:
      | RoleName                 | kmsconf-one-too-many                                                                                                   |
      | AssumeRolePolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1234567890123456:root"}}]} |
    Then the call fails with LimitExceeded.Role and status 409

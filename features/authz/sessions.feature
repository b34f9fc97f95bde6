@authz @needs-ram @needs-sts
Feature: Role sessions: STS AssumeRole, temporary credentials, and what a session may do

  # docs/spec/ram-sts.md §2 to §6. A RAM user assumes a role the account made; the session's
  # temporary credentials (an `STS.` AccessKeyId, a secret and a SecurityToken) sign its calls
  # on every product, V1 with the SecurityToken parameter, V3 with x-acs-security-token.
  # Roles, users and policies are unique to the scenario and deleted after it on a shared
  # account; `${account}` is the account's uid.

  @inferred @D-317 @D-301 @D-311
  Scenario: AssumeRole answers temporary credentials of the documented shape and the assumed role
    Given a role r1 trusting alice
    And user alice may assume roles
    When alice assumes r1 as session s1 with:
      | DurationSeconds | 900 |
    Then the call succeeds
    And the response field "Credentials.AccessKeyId" matches "^STS\.[A-Za-z0-9]{25}$"
    And the response field "Credentials.AccessKeySecret" matches "^[A-Za-z0-9]{44}$"
    And the response field "Credentials.SecurityToken" matches "^[A-Za-z0-9+/=_-]{64,}$"
    And the response field "Credentials.Expiration" matches "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
    And the response field "Credentials.Expiration" is 15 minutes from now
    And the response field "AssumedRoleUser.Arn" is "acs:ram::${account}:role/${r1.lowercase}/s1"
    And the response field "AssumedRoleUser.AssumedRoleId" is "${r1.id}:s1"
    When I call RAM GetRole with:
      | RoleName | ${r1.name} |
    Then the response field "Role.RoleId" matches "^3[0-9]{17}$"
    And the response field "Role.CreateDate" matches "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"

  @documented
  Scenario: A session may do what its role's policies allow, on every product, and nothing else
    Given a key k1
    And a role r1 trusting alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:ListKeys","kms:Encrypt","kms:Decrypt"],"Resource":"*"}]}
      """
    And user alice may assume roles
    And alice assumes r1 as session s1
    When s1 calls ListKeys
    Then the call succeeds
    When s1 encrypts "aGVsbG8=" under k1
    Then the call succeeds
    When s1 calls CreateKey
    Then the call fails with Forbidden.NoPermission and status 403
    When s1 calls RAM GetRole with:
      | RoleName | ${r1.name} |
    Then the call fails with NoPermission and status 403
    When alice calls ListKeys
    Then the call fails with Forbidden.NoPermission and status 403

  @inferred @D-008 @D-320
  Scenario Outline: A session's token travels where the official clients put it, signed <signature>
    Given a role r1 trusting alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}
      """
    And user alice may assume roles
    And alice assumes r1 as session s1
    When s1 sends ListKeys signed with <signature>
    Then the call succeeds

    Examples:
      | signature |
      | V1        |
      | V3        |

  @documented
  Scenario: A session policy narrows the session to what both it and the role allow
    Given a role r1 trusting alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:ListKeys","kms:CreateKey"],"Resource":"*"}]}
      """
    And user alice may assume roles
    And alice assumes r1 as session s1 with:
      | Policy | {"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:ListKeys","kms:ListAliases"],"Resource":"*"}]} |
    When s1 calls ListKeys
    Then the call succeeds
    When s1 calls CreateKey
    Then the call fails with Forbidden.NoPermission and status 403
    When s1 calls ListAliases
    Then the call fails with Forbidden.NoPermission and status 403

  @documented
  Scenario: A deny in the role's policies dominates an allow of the session policy
    Given a role r1 trusting alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"},{"Effect":"Deny","Action":"kms:ListAliases","Resource":"*"}]}
      """
    And user alice may assume roles
    And alice assumes r1 as session s1 with:
      | Policy | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]} |
    When s1 calls ListKeys
    Then the call succeeds
    When s1 calls ListAliases
    Then the call fails with Forbidden.NoPermission and status 403

  @inferred @D-318
  Scenario: Detaching a policy from the role takes effect on the session's next call
    Given a role r1 trusting alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}
      """
    And user alice may assume roles
    And alice assumes r1 as session s1
    When I call RAM DetachPolicyFromRole with:
      | PolicyType | Custom        |
      | PolicyName | ${r1.policy}  |
      | RoleName   | ${r1.name}    |
    Then the call succeeds
    When s1 calls ListKeys
    Then the call fails with Forbidden.NoPermission and status 403
    When I call RAM AttachPolicyToRole with:
      | PolicyType | Custom        |
      | PolicyName | ${r1.policy}  |
      | RoleName   | ${r1.name}    |
    Then the call succeeds
    When s1 calls ListKeys
    Then the call succeeds

  @inferred @needs-clock @D-008 @D-318
  Scenario: A token is valid until its Expiration on the account's clock
    Given a role r1 trusting alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}
      """
    And user alice may assume roles
    And alice assumes r1 as session s1 with:
      | DurationSeconds | 900 |
    # 898 + 2 rather than 899 + 1: over a server the clock is real time plus an offset, and a
    # real second may pass between AssumeRole and the first ListKeys on a loaded machine.
    When the clock advances 898 seconds
    And s1 calls ListKeys
    Then the call succeeds
    When the clock advances 2 seconds
    And s1 calls ListKeys
    Then the call fails with InvalidSecurityToken.Expired and status 400

  @inferred @D-008 @D-318
  Scenario: Deleting the role ends its sessions: their AccessKeyId no longer exists
    Given a role r1 trusting alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}
      """
    And user alice may assume roles
    And alice assumes r1 as session s1
    When role r1 is deleted
    And s1 calls ListKeys
    Then the call fails with InvalidAccessKeyId.NotFound and status 404

  @inferred @D-008 @D-319
  Scenario: A token that is missing, made up, or not the AccessKey's own has its code
    Given a role r1 trusting alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}
      """
    And user alice may assume roles
    And alice assumes r1 as session s1
    And alice assumes r1 as session s2
    When session s1 calls ListKeys without its token
    Then the call fails with MissingSecurityToken and status 400
    When session s1 calls ListKeys with a made-up token
    Then the call fails with InvalidSecurityToken.Malformed and status 400
    When session s1 calls ListKeys with the token of session s2
    Then the call fails with InvalidSecurityToken.MismatchWithAccessKey and status 400
    When user alice calls ListKeys with the token of session s1
    Then the call fails with InvalidSecurityToken.MismatchWithAccessKey and status 400
    When I call ListKeys with the token of session s1
    Then the call fails with InvalidSecurityToken.MismatchWithAccessKey and status 400
    When s2 calls ListKeys
    Then the call succeeds

  @inferred @D-324
  Scenario: GetCallerIdentity tells the account, a RAM user and a session apart, without authorization
    Given a role r1 trusting alice
    And user alice may assume roles
    And alice assumes r1 as session s1
    When I call STS GetCallerIdentity
    Then the call succeeds
    And the response field "IdentityType" is "Account"
    And the response field "Arn" is "acs:ram::${account}:root"
    And the response field "AccountId" is "${account}"
    And the response field "UserId" is "${account}"
    When alice calls STS GetCallerIdentity
    Then the call succeeds
    And the response field "IdentityType" is "RAMUser"
    And the response field "Arn" is "acs:ram::${account}:user/${alice.name}"
    And the response field "AccountId" is "${account}"
    When s1 calls STS GetCallerIdentity
    Then the call succeeds
    And the response field "IdentityType" is "AssumedRoleUser"
    And the response field "Arn" is "acs:ram::${account}:assumed-role/${r1.lowercase}/s1"
    And the response field "PrincipalId" is "${r1.id}:s1"
    And the response field "RoleId" is "${r1.id}"
    And the response field "AccountId" is "${account}"
    And the response field "UserId" is absent

  @inferred @D-323
  Scenario: A session never has MFA: a role policy that requires it does not allow the session
    Given a role r1 trusting alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*","Condition":{"Bool":{"acs:MFAPresent":"true"}}},{"Effect":"Allow","Action":"kms:ListAliases","Resource":"*","Condition":{"Bool":{"acs:MFAPresent":"false"}}}]}
      """
    And user alice may assume roles
    And alice assumes r1 as session s1
    When s1 calls ListKeys
    Then the call fails with Forbidden.NoPermission and status 403
    When s1 calls ListAliases
    Then the call succeeds

  # ---- Who may assume a role: the caller's own policies (decision A) and the trust policy
  # ---- (decision B), in the order of D-308.

  @inferred @D-308 @D-307
  Scenario: A user the trust policy does not name may not assume the role
    Given a role r1 trusting alice
    And user bob may assume roles
    When bob assumes r1 as session s1
    Then the call fails with NoPermission and status 403

  @inferred @D-308
  Scenario: A user whose own policies do not allow sts:AssumeRole learns nothing, not even whether the role exists
    Given a role r1 trusting alice
    When alice assumes r1 as session s1
    Then the call fails with NoPermission and status 403
    When alice calls STS AssumeRole with:
      | RoleArn         | acs:ram::${account}:role/kmsconf-no-such-role |
      | RoleSessionName | s1                                          |
    Then the call fails with NoPermission and status 403

  @inferred @D-308
  Scenario: A user who may assume roles learns that a role does not exist
    Given a user alice
    And user alice may assume roles
    When alice calls STS AssumeRole with:
      | RoleArn         | acs:ram::${account}:role/kmsconf-no-such-role |
      | RoleSessionName | s1                                          |
    Then the call fails with EntityNotExist.Role and status 404

  @inferred @D-308 @D-313
  Scenario: DurationSeconds may not pass the role's MaxSessionDuration, 3600 by default
    Given a role r1 trusting alice
    And user alice may assume roles
    When alice assumes r1 as session s1 with:
      | DurationSeconds | 3601 |
    Then the call fails with InvalidParameter.DurationSeconds and status 400
    When alice assumes r1 as session s1 with:
      | DurationSeconds | 3600 |
    Then the call succeeds
    And the response field "Credentials.Expiration" is 1 hour from now

  @inferred @D-307
  Scenario: A trust policy naming the account's root lets any of its RAM users assume the role
    Given a role r1 trusting account
    And user alice may assume roles
    When alice assumes r1 as session s1
    Then the call succeeds

  @inferred @D-307
  Scenario: A Service principal never matches an AssumeRole caller
    Given a user alice
    And user alice may assume roles
    And a role r1 with the trust policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}
      """
    When alice assumes r1 as session s1
    Then the call fails with NoPermission and status 403

  @inferred @D-308
  Scenario: A Deny in the trust policy dominates its Allow
    Given a user alice
    And user alice may assume roles
    And a role r1 with the trust policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::${account}:root"]}},{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::${account}:user/${alice.name}"]}}]}
      """
    When alice assumes r1 as session s1
    Then the call fails with NoPermission and status 403

  @inferred @D-306 @D-316
  Scenario: A trust policy can require an ExternalId
    Given a user alice
    And user alice may assume roles
    And a role r1 with the trust policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::${account}:user/${alice.name}"]},"Condition":{"StringEquals":{"sts:ExternalId":"ext-1"}}}]}
      """
    When alice assumes r1 as session s1
    Then the call fails with NoPermission and status 403
    When alice assumes r1 as session s1 with:
      | ExternalId | ext-2 |
    Then the call fails with NoPermission and status 403
    When alice assumes r1 as session s1 with:
      | ExternalId | x |
    Then the call fails with InvalidParameter.ExternalId and status 400
    When alice assumes r1 as session s1 with:
      | ExternalId | ext-1 |
    Then the call succeeds

  @inferred @D-312
  Scenario: A session may assume a role that trusts its role (role chaining)
    Given a role r0 trusting alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}
      """
    And a role r1 trusting r0 with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}
      """
    And user alice may assume roles
    And alice assumes r0 as session s0
    When alice assumes r1 as session s1
    Then the call fails with NoPermission and status 403
    When s0 calls ListKeys
    Then the call fails with Forbidden.NoPermission and status 403
    When s0 assumes r1 as session s1 with:
      | DurationSeconds | 3600 |
    Then the call succeeds
    And the response field "AssumedRoleUser.Arn" is "acs:ram::${account}:role/${r1.lowercase}/s1"
    When s1 calls ListKeys
    Then the call succeeds

  @inferred @D-303 @D-316
  Scenario Outline: AssumeRole refuses <problem> before it looks at the caller
    When I call STS AssumeRole with:
      | <name>  | <value> |
      | <name2> | <value2> |
    Then the call fails with <code> and status 400
    And the error message mentions "<mentions>"

    Examples:
      | problem                 | name            | value | name2           | value2                                | code                     | mentions        |
      | a RoleArn of no ARN form | RoleArn         | arn:x | RoleSessionName | kmsconf-s                             | InvalidParameter.RoleArn | RoleArn         |
      | no RoleArn              | DurationSeconds | 900   | RoleSessionName | kmsconf-s                             | MissingParameter         | RoleArn         |
      | no RoleSessionName      | DurationSeconds | 900   | RoleArn         | acs:ram::1234567890123456:role/nobody | MissingParameter         | RoleSessionName |

  @inferred @D-303
  Scenario Outline: The role APIs name their missing required parameter: <action> without <missing>
    When I call RAM <action> with:
      | <given> | <value> |
    Then the call fails with MissingParameter and status 400
    And the error message mentions "<missing>"

    Examples:
      | action             | given                    | value                                                                                                               | missing                  |
      | CreateRole         | RoleName                 | kmsconf-missing                                                                                                     | AssumeRolePolicyDocument |
      | CreateRole         | AssumeRolePolicyDocument | {"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1:root"}}]} | RoleName                 |
      | AttachPolicyToRole | RoleName                 | kmsconf-missing                                                                                                     | PolicyName               |
      | AttachPolicyToRole | PolicyName               | kmsconf-missing                                                                                                     | RoleName                 |

  # ---- The trail: a session's calls carry the assumed-role identity (D-325); AssumeRole is
  # ---- an event of the STS product in the caller's trail (D-326). No secret in either.

  @inferred @needs-trail @D-325
  Scenario: A session's call is recorded with the assumed-role identity
    Given a role r1 trusting alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}
      """
    And user alice may assume roles
    And alice assumes r1 as session s1
    When s1 calls ListKeys
    Then the call succeeds
    And the call left one audit event
    And the audit event field "userIdentity.type" is "assumed-role"
    And the audit event field "userIdentity.principalId" is "${r1.id}:s1"
    And the audit event field "userIdentity.accountId" is "${account}"
    And the audit event field "userIdentity.userName" is "${r1.name}:s1"
    And the audit event field "userIdentity.accessKeyId" is "${s1.akid}"
    And the audit event field "userIdentity.sessionContext.attributes.mfaAuthenticated" is "false"
    And the audit event field "userIdentity.sessionContext.attributes.creationDate" matches "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
    And the audit event has no field "userIdentity.arn"
    And the audit event has no field "userIdentity.sessionIssuer"
    And no audit event contains a secret of the scenario

  @inferred @needs-trail @D-326
  Scenario: AssumeRole is an STS event in the caller's trail, without the secret or the token
    Given a role r1 trusting alice
    And user alice may assume roles
    When alice assumes r1 as session s1 with:
      | DurationSeconds | 1000 |
    Then the call succeeds
    And the call left one audit event
    And the audit event field "serviceName" is "Sts"
    And the audit event field "eventSource" is "sts.aliyuncs.com"
    And the audit event field "apiVersion" is "2015-04-01"
    And the audit event field "eventRW" is "Read"
    And the audit event field "userIdentity.type" is "ram-user"
    And the audit event field "userIdentity.userName" is "${alice.name}"
    And the audit event field "requestParameters.RoleArn" is "${r1.arn}"
    And the audit event field "requestParameters.DurationSeconds" is "1000"
    And the audit event field "responseElements.Credentials.AccessKeyId" is "${s1.akid}"
    And the audit event field "responseElements.AssumedRoleUser.Arn" is "${s1.arn}"
    And the audit event field "referencedResources.ACS::RAM::AccessKey[0]" is "${s1.akid}"
    And the audit event has no field "responseElements.Credentials.AccessKeySecret"
    And the audit event has no field "responseElements.Credentials.SecurityToken"
    And no audit event contains a secret of the scenario
    When alice assumes r1 as session s2 with:
      | RoleSessionName | a |
    Then the call fails with InvalidParameter.RoleSessionName and status 400
    And the call left one audit event
    And the audit event field "errorCode" is "InvalidParameter.RoleSessionName"

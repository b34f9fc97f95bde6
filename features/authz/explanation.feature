@authz
Feature: A refusal explains itself
  A Forbidden.NoPermission answer says which kind of decision refused the call, as Alibaba
  Cloud's AccessDeniedDetail does: ExplicitDeny when a statement denies it (and which
  statements), ImplicitDeny when no statement allows it. KMS, RAM and ActionTrail calls are
  decided by the same evaluation over the same request context (docs/spec/decisions.md D-057).

  @Encrypt @inferred @D-057 @needs-ram
  Scenario: An explicit deny says so, with the action and the deciding statement
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"},
        {"Sid":"NoEncrypt","Effect":"Deny","Action":"kms:Encrypt","Resource":"*"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied
    And the response field "AccessDeniedDetail.NoPermissionType" is "ExplicitDeny"
    And the response field "AccessDeniedDetail.AuthAction" is "kms:Encrypt"
    And the error message mentions "ExplicitDeny"
    And the error message mentions "NoEncrypt"

  @Encrypt @inferred @D-057 @needs-ram
  Scenario: No allowing statement is an implicit deny
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"*"}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied
    And the response field "AccessDeniedDetail.NoPermissionType" is "ImplicitDeny"
    And the response field "AccessDeniedDetail.AuthAction" is "kms:Encrypt"
    And the error message mentions "ImplicitDeny"

  @Encrypt @inferred @D-057 @needs-ram
  Scenario: An explicit deny on one of two resources dominates an implicit one
    Given a key k1
    And a key k2
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Sid":"DenyAliases","Effect":"Deny","Action":"kms:CreateAlias","Resource":"acs:kms:*:*:alias/*"}]}
      """
    When alice calls CreateAlias with:
      | AliasName | alias/kc-explain-${k1} |
      | KeyId     | ${k1}                  |
    Then the call is denied
    And the response field "AccessDeniedDetail.NoPermissionType" is "ExplicitDeny"
    And the error message mentions "DenyAliases"

  @DescribeKey @inferred @D-057 @needs-ram
  Scenario: An allowed call carries no AccessDeniedDetail
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"*"}]}
      """
    When alice calls DescribeKey on k1
    Then the call succeeds
    And the response field "AccessDeniedDetail" is absent

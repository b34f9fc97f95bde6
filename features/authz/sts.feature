@authz
Feature: STS 2015-04-01 on the reference's gateway, called by the account

  # docs/spec/ram-sts.md §3. AssumeRole checks its parameters before it looks at the caller, so
  # the account sees every parameter code; then it is refused, as only RAM users and role
  # sessions may assume a role.

  @inferred @needs-ram @needs-sts @D-313 @D-314
  Scenario Outline: AssumeRole refuses <problem>
    When I call STS AssumeRole with:
      | RoleArn         | <arn>      |
      | RoleSessionName | <session>  |
      | DurationSeconds | <duration> |
      | ExternalId      | <external> |
    Then the call fails with <code> and status 400

    Examples:
      | problem                         | arn                                   | session       | duration | external | code                             |
      | a one-character session name    | acs:ram::1234567890123456:role/nobody | a             | 900      | ext-1    | InvalidParameter.RoleSessionName |
      | a session name with a space     | acs:ram::1234567890123456:role/nobody | kmsconf s     | 900      | ext-1    | InvalidParameter.RoleSessionName |
      | a duration below 900            | acs:ram::1234567890123456:role/nobody | kmsconf-s     | 899      | ext-1    | InvalidParameter.DurationSeconds |
      | a duration that is no number    | acs:ram::1234567890123456:role/nobody | kmsconf-s     | 15m      | ext-1    | InvalidParameter.DurationSeconds |

  @inferred @needs-ram @needs-sts @D-315
  Scenario Outline: AssumeRole checks the session policy: <problem>
    When I call STS AssumeRole with:
      | RoleArn         | acs:ram::1234567890123456:role/nobody |
      | RoleSessionName | kmsconf-s                             |
      | Policy          | <policy>                              |
    Then the call fails with <code> and status 400

    Examples:
      | problem          | policy                                                                   | code                          |
      | an empty policy  |                                                                          | InvalidParameter.PolicySize    |
      | no Statement     | {"Version":"1"}                                                          | InvalidParameter.PolicyGrammar |
      | a Principal      | {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*","Principal":{"RAM":"acs:ram::1:root"}}]} | InvalidParameter.PolicyGrammar |

  @documented @needs-ram @needs-sts
  Scenario: The account cannot assume a role
    When I call STS AssumeRole with:
      | RoleArn         | acs:ram::1234567890123456:role/nobody |
      | RoleSessionName | kmsconf-s                             |
    Then the call fails with NoPermission and status 403

@trail @needs-trail
Feature: Who called, and how the call ended, as the audit event records it
  `userIdentity` names the caller: the account's root identity (`root-account`, user name
  `root`, principal id the account uid) or a RAM user (`ram-user`, its user name and user id),
  with `accountId` the owning account in both cases (docs/spec/kms-api.md §6.1). A denied or failed call
  is recorded too, with the error's code and message; a successful one carries neither.
  DescribeRegions is the one KMS call that leaves no event, and RAM calls are not KMS events.

  @DescribeKey @authz @documented @needs-ram
  Scenario: A RAM user's call is recorded as ram-user with the user's name, its id and the owning account
    Given a key k1
    And a user alice
    When I save the response field "User.UserName" as alice_name
    And I save the response field "User.UserId" as alice_id
    Given user alice also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}
      """
    When I call DescribeKey on k1
    Then the call left one audit event
    And I save the audit event field "userIdentity.accountId" as uid
    And I save the audit event field "acsRegion" as region
    When alice calls DescribeKey on k1
    Then the call succeeds
    And the response field "KeyMetadata.Arn" is "acs:kms:${region}:${uid}:key/${k1}"
    And the call left one audit event
    And the audit event field "eventName" is "DescribeKey"
    And the audit event field "userIdentity.type" is "ram-user"
    And the audit event field "userIdentity.userName" is "${alice_name}"
    And the audit event field "userIdentity.principalId" is "${alice_id}"
    And the audit event field "userIdentity.accountId" is "${uid}"
    And the audit event field "requestParameters.KeyId" is "${k1}"

  @DescribeKey @authz @documented @needs-ram
  Scenario: A RAM user's principalId is not the account uid, and its userName is not root
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"*"}]}
      """
    When I call DescribeKey on k1
    Then the call left one audit event
    And I save the audit event field "userIdentity.principalId" as root_principal
    When alice calls DescribeKey on k1
    Then the call succeeds
    And the call left one audit event
    And the audit event field "userIdentity.type" is "ram-user"
    And the audit event field "userIdentity.principalId" is not empty
    And the audit event field "userIdentity.principalId" is not "${root_principal}"
    And the audit event field "userIdentity.userName" is not "root"

  @DescribeKey @authz @needs-context @documented @needs-ram
  Scenario: A RAM user's call from a known address records it as sourceIpAddress
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"*"}]}
      """
    And user alice calls from 192.168.1.10
    When alice calls DescribeKey on k1
    Then the call succeeds
    And the call left one audit event
    And the audit event field "sourceIpAddress" is "192.168.1.10"
    And the audit event field "userIdentity.type" is "ram-user"

  @Encrypt @authz @inferred @needs-ram @D-052
  Scenario: A call denied by RAM is recorded with errorCode Forbidden.NoPermission
    # §6.1: whether denied calls are recorded is [inferred yes].
    Given a key k1
    And a user alice
    When I save the response field "User.UserName" as alice_name
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied
    And I save the response field "Message" as message
    And the call left one audit event
    And the audit event field "eventName" is "Encrypt"
    And the audit event field "userIdentity.type" is "ram-user"
    And the audit event field "userIdentity.userName" is "${alice_name}"
    And the audit event field "errorCode" is "Forbidden.NoPermission"
    And the audit event field "errorMessage" is "${message}"
    And the audit event field "requestParameters.KeyId" is "${k1}"
    And the audit event has no field "requestParameters.Plaintext"

  @CreateKey @authz @inferred @needs-ram @D-052
  Scenario: A denied CreateKey by a user with a policy for another API is recorded with its errorCode
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}
      """
    When alice calls CreateKey
    Then the call is denied
    And the call left one audit event
    And the audit event field "eventName" is "CreateKey"
    And the audit event field "eventRW" is "Write"
    And the audit event field "errorCode" is "Forbidden.NoPermission"
    And the audit event field "userIdentity.type" is "ram-user"

  @Encrypt @inferred @D-052
  Scenario: Encrypt without Plaintext is recorded with errorCode MissingParameter and its message
    Given a key k1
    When I call Encrypt on k1
    Then the call fails with MissingParameter
    And I save the response field "Message" as message
    And the call left one audit event
    And the audit event field "eventName" is "Encrypt"
    And the audit event field "errorCode" is "MissingParameter"
    And the audit event field "errorMessage" is "${message}"
    And the audit event field "requestParameters.KeyId" is "${k1}"
    And the audit event field "userIdentity.type" is "root-account"

  @DescribeKey @inferred @D-052
  Scenario: DescribeKey of a key that does not exist is recorded with errorCode Forbidden.KeyNotFound
    When I call DescribeKey with:
      | KeyId | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
    Then the call fails with Forbidden.KeyNotFound
    And I save the response field "Message" as message
    And the call left one audit event
    And the audit event field "eventName" is "DescribeKey"
    And the audit event field "errorCode" is "Forbidden.KeyNotFound"
    And the audit event field "errorMessage" is "${message}"
    And the audit event field "requestParameters.KeyId" is "0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a"

  @Encrypt @inferred @D-052
  Scenario: Encrypt under an alias that does not exist is recorded with errorCode Forbidden.AliasNotFound
    Given a key k1
    When I call Encrypt with:
      | KeyId     | alias/kmsconf-no-such-alias |
      | Plaintext | bm8gc3VjaCBhbGlhcw==        |
    Then the call fails with Forbidden.AliasNotFound
    And the call left one audit event
    And the audit event field "errorCode" is "Forbidden.AliasNotFound"
    And the audit event field "requestParameters.KeyId" is "alias/kmsconf-no-such-alias"
    And the audit event has no field "referencedResources"
    And no audit event contains a secret of the scenario

  @Encrypt @inferred @D-052
  Scenario: Encrypt under a Disabled key is recorded with errorCode Rejected.Disabled
    Given a key k1 in state Disabled
    When I encrypt "aGVsbG8=" under k1
    Then the call fails with Rejected.Disabled
    And I save the response field "Message" as message
    And the call left one audit event
    And the audit event field "eventName" is "Encrypt"
    And the audit event field "errorCode" is "Rejected.Disabled"
    And the audit event field "errorMessage" is "${message}"
    And the audit event has no field "requestParameters.Plaintext"

  @ScheduleKeyDeletion @inferred @D-052 @D-016
  Scenario: ScheduleKeyDeletion outside the window is recorded with errorCode InvalidParameter
    Given a key k1
    When I schedule deletion of k1 in 6 days
    Then the call fails with InvalidParameter
    And the call left one audit event
    And the audit event field "eventName" is "ScheduleKeyDeletion"
    And the audit event field "errorCode" is "InvalidParameter"
    And the audit event field "requestParameters.PendingWindowInDays" is "6"
    And key k1 is in state Enabled

  @Encrypt @inferred @D-053
  Scenario: A successful Encrypt leaves an event with neither errorCode nor errorMessage
    Given a key k1
    When I encrypt "aGVsbG8=" under k1
    Then the call succeeds
    And the call left one audit event
    And the audit event has no field "errorCode"
    And the audit event has no field "errorMessage"
    And the audit event has no field "responseElements"

  @DescribeRegions @documented @needs-fresh-account
  Scenario: DescribeRegions leaves no audit event
    Given a key k1
    When I call DescribeRegions
    Then the call succeeds
    And the call left no audit event
    And the trail holds 1 event

  @DescribeRegions @authz @documented @needs-ram
  Scenario: DescribeRegions by a RAM user leaves no audit event either
    Given a key k1
    And a user alice
    When alice calls DescribeRegions
    Then the call succeeds
    And the call left no audit event

  @inferred @needs-fresh-account @D-054 @D-004
  Scenario: A call of an action KMS does not have leaves no audit event
    # §6.1 records the calls of KMS APIs; an unknown Action is refused before it is one.
    Given a key k1
    When I call FrobnicateKey on k1
    Then the call fails with InvalidAction.NotFound and status 404
    And the error message mentions "FrobnicateKey"
    And the call left no audit event
    And the trail holds 1 event

  @CreateKey @Encrypt @Decrypt @DescribeKey @DescribeRegions @documented @needs-fresh-account
  Scenario: Each KMS call but DescribeRegions leaves exactly one event, failed calls included
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    When I call DescribeRegions
    And I decrypt blob1
    And I call DescribeKey on k1
    And I call Encrypt on k1
    And I call DescribeRegions
    Then the trail holds 5 events

  @CreateKey @DescribeKey @ListKeys @authz @documented @needs-ram
  Scenario: A RAM user's KMS calls are the only new Kms events; setting up the user leaves none
    # The user, its policy and the attachment are RAM calls: ActionTrail would file them under
    # service Ram, so the count asks for service Kms only.
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}
      """
    When alice calls DescribeKey on k1
    And alice calls ListKeys
    And alice calls DescribeRegions
    And I look up events with:
      | StartTime               | ${lookup.yesterday} |
      | EndTime                 | ${lookup.tomorrow}  |
      | LookupAttribute.1.Key   | ServiceName         |
      | LookupAttribute.1.Value | Kms                 |
    Then the call succeeds
    And the response field "Events" has 3 items
    And the response field "Events.0.eventName" is "ListKeys"
    And the response field "Events.1.eventName" is "DescribeKey"
    And the response field "Events.2.eventName" is "CreateKey"

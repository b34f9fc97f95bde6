@trail @needs-trail
Feature: LookupEvents: filters, pages and invalid queries
  ActionTrail LookupEvents (2020-07-06, docs/spec/kms-api.md §6.2) returns the events of a time window,
  newest first unless `Direction` is `FORWARD`, at most `MaxResults` (1–50) per page with a
  `NextToken` that is absent on the last page, filtered by up to two `LookupAttribute`
  conditions (ServiceName, EventName, User, EventId, EventRW, ResourceName, ...). Malformed
  times, an end before the start and other invalid queries are refused with ActionTrail's own
  error codes. Filtering on the scenario's key keeps the pages to the scenario's own events.

  Background:
    Given a key k1

  @DescribeKey @documented
  Scenario: Seven events come back newest first in pages of 3, 3 and 1
    When I call DescribeKey on k1
    And I save the response field "RequestId" as first
    And I call DescribeKey on k1
    And I save the response field "RequestId" as second
    And I call DescribeKey on k1
    And I call DescribeKey on k1
    And I save the response field "RequestId" as fourth
    And I call DescribeKey on k1
    And I save the response field "RequestId" as fifth
    And I call DescribeKey on k1
    And I call DescribeKey on k1
    And I save the response field "RequestId" as last
    And I look up events with:
      | MaxResults              | 3            |
      | LookupAttribute.1.Key   | ResourceName |
      | LookupAttribute.1.Value | ${k1}        |
      | LookupAttribute.2.Key   | EventName    |
      | LookupAttribute.2.Value | DescribeKey  |
    Then the call succeeds
    And the response field "Events" has 3 items
    And the response field "Events.0.eventId" is "${last}"
    And the response field "Events.2.eventId" is "${fifth}"
    And the response field "NextToken" is not empty
    And I save the response field "NextToken" as t1
    When I look up events with:
      | MaxResults              | 3            |
      | NextToken               | ${t1}        |
      | LookupAttribute.1.Key   | ResourceName |
      | LookupAttribute.1.Value | ${k1}        |
      | LookupAttribute.2.Key   | EventName    |
      | LookupAttribute.2.Value | DescribeKey  |
    Then the call succeeds
    And the response field "Events" has 3 items
    And the response field "Events.0.eventId" is "${fourth}"
    And the response field "Events.2.eventId" is "${second}"
    And the response field "NextToken" is not empty
    And I save the response field "NextToken" as t2
    When I look up events with:
      | MaxResults              | 3            |
      | NextToken               | ${t2}        |
      | LookupAttribute.1.Key   | ResourceName |
      | LookupAttribute.1.Value | ${k1}        |
      | LookupAttribute.2.Key   | EventName    |
      | LookupAttribute.2.Value | DescribeKey  |
    Then the call succeeds
    And the response field "Events" has 1 item
    And the response field "Events.0.eventId" is "${first}"
    And the response field "NextToken" is absent

  @DescribeKey @Encrypt @documented
  Scenario: FORWARD pages run oldest first across different APIs
    When I call DescribeKey on k1
    And I save the response field "RequestId" as first
    And I encrypt "aGVsbG8=" under k1
    And I save the response field "RequestId" as second
    And I call ListResourceTags on k1
    And I save the response field "RequestId" as third
    And I look up events with:
      | Direction               | FORWARD      |
      | MaxResults              | 2            |
      | LookupAttribute.1.Key   | ResourceName |
      | LookupAttribute.1.Value | ${k1}        |
    Then the call succeeds
    And the response field "Events" has 2 items
    And the response field "Events.0.eventId" is "${first}"
    And the response field "Events.1.eventId" is "${second}"
    And I save the response field "NextToken" as t1
    When I look up events with:
      | Direction               | FORWARD      |
      | MaxResults              | 2            |
      | NextToken               | ${t1}        |
      | LookupAttribute.1.Key   | ResourceName |
      | LookupAttribute.1.Value | ${k1}        |
    Then the call succeeds
    And the response field "Events" has 1 item
    And the response field "Events.0.eventId" is "${third}"
    And the response field "NextToken" is absent

  @DescribeKey @inferred @D-055
  Scenario: A call made between two pages neither shifts nor repeats the BACKWARD pages
    # §6.2 only says the token is opaque; the reference anchors it on the last event returned.
    When I call DescribeKey on k1
    And I save the response field "RequestId" as first
    And I call DescribeKey on k1
    And I save the response field "RequestId" as second
    And I call DescribeKey on k1
    And I save the response field "RequestId" as third
    And I look up events with:
      | MaxResults              | 2            |
      | LookupAttribute.1.Key   | ResourceName |
      | LookupAttribute.1.Value | ${k1}        |
    Then the response field "Events.0.eventId" is "${third}"
    And the response field "Events.1.eventId" is "${second}"
    And I save the response field "NextToken" as t1
    When I call DescribeKey on k1
    And I look up events with:
      | MaxResults              | 2            |
      | NextToken               | ${t1}        |
      | LookupAttribute.1.Key   | ResourceName |
      | LookupAttribute.1.Value | ${k1}        |
    Then the call succeeds
    And the response field "Events" has 1 item
    And the response field "Events.0.eventId" is "${first}"
    And the response field "NextToken" is absent

  @DescribeKey @documented
  Scenario: A page that holds every match has no NextToken
    When I call DescribeKey on k1
    And I call DescribeKey on k1
    And I look up events with:
      | MaxResults              | 50           |
      | LookupAttribute.1.Key   | ResourceName |
      | LookupAttribute.1.Value | ${k1}        |
    Then the call succeeds
    And the response field "Events" has 2 items
    And the response field "NextToken" is absent
    And the response field "StartTime" is not empty
    And the response field "EndTime" is not empty

  @DescribeKey @documented
  Scenario: A lookup by EventId finds exactly that call
    When I call DescribeKey on k1
    And I call DescribeKey on k1
    And I save the response field "RequestId" as rid
    And I call DescribeKey on k1
    And I look up events with:
      | StartTime               | ${lookup.yesterday} |
      | EndTime                 | ${lookup.tomorrow}  |
      | LookupAttribute.1.Key   | EventId             |
      | LookupAttribute.1.Value | ${rid}              |
    Then the call succeeds
    And the response field "Events" has 1 item
    And the response field "Events.0.requestId" is "${rid}"
    And the response field "Events.0.eventName" is "DescribeKey"

  @Encrypt @DescribeKey @documented
  Scenario: EventName and ResourceName together keep only the events matching both
    Given a key k2
    When I encrypt "aGVsbG8=" under k1
    And I save the response field "RequestId" as wanted
    And I encrypt "aGVsbG8=" under k2
    And I call DescribeKey on k1
    And I look up events with:
      | LookupAttribute.1.Key   | EventName    |
      | LookupAttribute.1.Value | Encrypt      |
      | LookupAttribute.2.Key   | ResourceName |
      | LookupAttribute.2.Value | ${k1}        |
    Then the call succeeds
    And the response field "Events" has 1 item
    And the response field "Events.0.eventId" is "${wanted}"

  @DisableKey @EnableKey @DescribeKey @documented
  Scenario: EventRW Write keeps the writes to the key and leaves out the reads
    When I call DescribeKey on k1
    And I call DisableKey on k1
    And I save the response field "RequestId" as disable
    And I call DescribeKey on k1
    And I call EnableKey on k1
    And I save the response field "RequestId" as enable
    And I look up events with:
      | LookupAttribute.1.Key   | EventRW      |
      | LookupAttribute.1.Value | Write        |
      | LookupAttribute.2.Key   | ResourceName |
      | LookupAttribute.2.Value | ${k1}        |
    Then the call succeeds
    And the response field "Events" has 2 items
    And the response field "Events.0.eventId" is "${enable}"
    And the response field "Events.1.eventId" is "${disable}"

  @DescribeKey @authz @documented @needs-ram
  Scenario: User keeps the events of one RAM user
    Given a user alice
    When I save the response field "User.UserName" as alice_name
    Given user alice also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"*"}]}
      """
    When I call DescribeKey on k1
    And alice calls DescribeKey on k1
    And I save the response field "RequestId" as allowed
    And alice calls ListKeys
    And I save the response field "RequestId" as denied
    And I look up events with:
      | StartTime               | ${lookup.yesterday} |
      | EndTime                 | ${lookup.tomorrow}  |
      | LookupAttribute.1.Key   | User                |
      | LookupAttribute.1.Value | ${alice_name}       |
    Then the call succeeds
    And the response field "Events" has 2 items
    And the response field "Events.0.eventId" is "${denied}"
    And the response field "Events.0.errorCode" is "Forbidden.NoPermission"
    And the response field "Events.1.eventId" is "${allowed}"
    And the response field "Events.1.userIdentity.userName" is "${alice_name}"

  @DescribeKey @documented
  Scenario: A time window that ends before the scenario's calls finds none of them
    When I call DescribeKey on k1
    And I look up events with:
      | StartTime               | 2000-01-01T00:00:00Z |
      | EndTime                 | 2000-01-02T00:00:00Z |
      | LookupAttribute.1.Key   | ResourceName         |
      | LookupAttribute.1.Value | ${k1}                |
    Then the call succeeds
    And the response field "Events" has 0 items
    And the response field "NextToken" is absent

  @DescribeKey @needs-clock @documented
  Scenario: Without StartTime and EndTime the lookup covers the last 7 days only
    When I call DescribeKey on k1
    And the clock advances 8 days
    And I call DescribeKey on k1
    And I save the response field "RequestId" as recent
    And I look up events with:
      | LookupAttribute.1.Key   | ResourceName |
      | LookupAttribute.1.Value | ${k1}        |
    Then the call succeeds
    And the response field "Events" has 1 item
    And the response field "Events.0.eventId" is "${recent}"

  @DescribeKey @documented
  Scenario: ServiceName of another service finds none of the KMS events
    When I call DescribeKey on k1
    And I look up events with:
      | LookupAttribute.1.Key   | ServiceName  |
      | LookupAttribute.1.Value | Ecs          |
      | LookupAttribute.2.Key   | ResourceName |
      | LookupAttribute.2.Value | ${k1}        |
    Then the call succeeds
    And the response field "Events" has 0 items

  @DescribeKey @documented
  Scenario: ServiceName Kms finds the KMS events
    When I call DescribeKey on k1
    And I look up events with:
      | LookupAttribute.1.Key   | ServiceName  |
      | LookupAttribute.1.Value | Kms          |
      | LookupAttribute.2.Key   | ResourceName |
      | LookupAttribute.2.Value | ${k1}        |
    Then the call succeeds
    And the response field "Events" has 1 item
    And the response field "Events.0.serviceName" is "Kms"

  @documented
  Scenario: An EndTime before the StartTime is InvalidParameterCombination
    When I look up events with:
      | StartTime | ${lookup.tomorrow}  |
      | EndTime   | ${lookup.yesterday} |
    Then the call fails with InvalidParameterCombination

  @inferred @D-056
  Scenario: A StartTime that is not an ISO 8601 time is InvalidParameterStartTime
    When I look up events with:
      | StartTime | yesterday          |
      | EndTime   | ${lookup.tomorrow} |
    Then the call fails with InvalidParameterStartTime

  @inferred @D-056
  Scenario: An EndTime that is not an ISO 8601 time is InvalidParameterEndTime
    When I look up events with:
      | StartTime | ${lookup.yesterday} |
      | EndTime   | 2026-13-45T99:00:00Z |
    Then the call fails with InvalidParameterEndTime

  @inferred @D-056
  Scenario Outline: MaxResults <max> outside 1 to 50 is InvalidQueryParameter
    When I look up events with:
      | MaxResults | <max> |
    Then the call fails with InvalidQueryParameter

    Examples:
      | max |
      | 51  |
      | 100 |
      | -1  |
      | ten |

  @inferred @D-056
  Scenario: MaxResults 50 is accepted
    When I look up events with:
      | MaxResults | 50 |
    Then the call succeeds

  @inferred @D-056
  Scenario: A LookupAttribute key ActionTrail does not know is InvalidQueryParameter
    When I look up events with:
      | LookupAttribute.1.Key   | KeyColour |
      | LookupAttribute.1.Value | blue      |
    Then the call fails with InvalidQueryParameter

  @inferred @D-056
  Scenario: A LookupAttribute key without a value is InvalidQueryParameter
    When I look up events with:
      | LookupAttribute.1.Key | EventName |
    Then the call fails with InvalidQueryParameter

  @inferred @D-056
  Scenario: Three LookupAttribute conditions are InvalidQueryParameter
    # The API metadata gives LookupAttribute maxItems 2 (§6.2).
    When I look up events with:
      | LookupAttribute.1.Key   | EventName    |
      | LookupAttribute.1.Value | DescribeKey  |
      | LookupAttribute.2.Key   | EventRW      |
      | LookupAttribute.2.Value | Read         |
      | LookupAttribute.3.Key   | ResourceName |
      | LookupAttribute.3.Value | ${k1}        |
    Then the call fails with InvalidQueryParameter

  @inferred @D-056
  Scenario: A Direction other than FORWARD or BACKWARD is InvalidQueryParameter
    When I look up events with:
      | Direction | SIDEWAYS |
    Then the call fails with InvalidQueryParameter

  @DescribeKey @inferred @D-055
  Scenario: A NextToken used with a different MaxResults is InvalidQueryParameter
    # §6.2: "the other parameters must stay identical across pages".
    When I call DescribeKey on k1
    And I call DescribeKey on k1
    And I call DescribeKey on k1
    And I look up events with:
      | MaxResults              | 2            |
      | LookupAttribute.1.Key   | ResourceName |
      | LookupAttribute.1.Value | ${k1}        |
    Then I save the response field "NextToken" as t1
    When I look up events with:
      | MaxResults              | 3            |
      | NextToken               | ${t1}        |
      | LookupAttribute.1.Key   | ResourceName |
      | LookupAttribute.1.Value | ${k1}        |
    Then the call fails with InvalidQueryParameter

  @inferred @D-055
  Scenario: A NextToken that no lookup issued is InvalidQueryParameter
    When I look up events with:
      | NextToken | bm90IGEgdG9rZW4 |
    Then the call fails with InvalidQueryParameter

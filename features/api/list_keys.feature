@api
Feature: ListKeys
  ListKeys pages through the caller's keys in every state; Filters select by attribute, values
  ORed within a filter and filters ANDed (docs/spec/kms-api.md §2.3
  ListKeys; docs/spec/decisions.md D-021, D-022).
  Totals assume the account holds only the keys the scenario makes.

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys pages 3 keys two at a time with TotalCount 3
    Given a key k1
    And a key k2
    And a key k3
    When I call ListKeys with:
      | PageNumber | 1 |
      | PageSize   | 2 |
    Then the call succeeds
    And the response field "Keys.Key" has 2 items
    And the response field "TotalCount" is "3"
    And the response field "PageNumber" is "1"
    And the response field "PageSize" is "2"
    When I call ListKeys with:
      | PageNumber | 2 |
      | PageSize   | 2 |
    Then the call succeeds
    And the response field "Keys.Key" has 1 item
    And the response field "TotalCount" is "3"
    And the response field "PageNumber" is "2"

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys pages together hold every key exactly once
    Given a key k1
    And a key k2
    And a key k3
    When I call ListKeys with:
      | PageNumber | 1 |
      | PageSize   | 2 |
    Then I save the response field "Keys.Key.0.KeyId" as first
    And I save the response field "Keys.Key.1.KeyId" as second
    When I call ListKeys with:
      | PageNumber | 2 |
      | PageSize   | 2 |
    Then the response field "Keys.Key" does not contain "${first}"
    And the response field "Keys.Key" does not contain "${second}"
    When I call ListKeys
    Then the response field "Keys.Key" contains "${k1}"
    And the response field "Keys.Key" contains "${k2}"
    And the response field "Keys.Key" contains "${k3}"

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys answers an empty page past the end
    Given a key k1
    And a key k2
    And a key k3
    When I call ListKeys with:
      | PageNumber | 3 |
      | PageSize   | 2 |
    Then the call succeeds
    And the response field "Keys.Key" has 0 items
    And the response field "TotalCount" is "3"
    And the response field "PageNumber" is "3"

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys without paging parameters answers page 1 of size 10
    Given a key k1
    When I call ListKeys
    Then the call succeeds
    And the response field "PageNumber" is "1"
    And the response field "PageSize" is "10"
    And the response field "TotalCount" is "1"

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys gives each key its KeyId and KeyArn
    Given a key k1
    When I call ListKeys
    Then the call succeeds
    And the response field "Keys.Key.0.KeyId" is "${k1}"
    And the response field "Keys.Key.0.KeyArn" is "${k1.arn}"

  @ListKeys @inferred @D-021
  Scenario: ListKeys accepts a PageSize of 100, the largest
    Given a key k1
    When I call ListKeys with:
      | PageSize | 100 |
    Then the call succeeds
    And the response field "PageSize" is "100"

  @ListKeys @inferred @D-021
  Scenario Outline: ListKeys rejects <param> <value> with InvalidParameter
    When I call ListKeys with:
      | <param> | <value> |
    Then the call fails with InvalidParameter
    And the error message mentions "<param>"

    Examples:
      | param      | value |
      | PageSize   | 0     |
      | PageSize   | 101   |
      | PageSize   | -1    |
      | PageNumber | 0     |
      | PageNumber | -3    |

  @ListKeys @documented
  Scenario Outline: ListKeys rejects the non-integer <param> "<value>" with InvalidParameter
    When I call ListKeys with:
      | <param> | <value> |
    Then the call fails with InvalidParameter
    And the error message mentions "<param>"

    Examples:
      | param      | value |
      | PageSize   | ten   |
      | PageSize   | 2.5   |
      | PageNumber | one   |

  @ListKeys @lifecycle @documented @needs-fresh-account
  Scenario: ListKeys lists keys in every state
    Given a key k1 in state Enabled
    And a key k2 in state Disabled
    And a key k3 in state PendingDeletion
    And a key k4 in state PendingImport
    When I call ListKeys
    Then the call succeeds
    And the response field "TotalCount" is "4"
    And the response field "Keys.Key" contains "${k1}"
    And the response field "Keys.Key" contains "${k2}"
    And the response field "Keys.Key" contains "${k3}"
    And the response field "Keys.Key" contains "${k4}"

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys with a KeyState filter lists only keys in that state
    Given a key k1 in state Enabled
    And a key k2 in state Disabled
    And a key k3 in state PendingDeletion
    When I call ListKeys with:
      | Filters | [{"Key":"KeyState","Values":["Disabled"]}] |
    Then the call succeeds
    And the response field "TotalCount" is "1"
    And the response field "Keys.Key" contains "${k2}"
    And the response field "Keys.Key" does not contain "${k1}"
    And the response field "Keys.Key" does not contain "${k3}"

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys with a KeySpec filter lists only keys of that spec
    Given a key k1
    And an asymmetric key k2
    When I call ListKeys with:
      | Filters | [{"Key":"KeySpec","Values":["RSA_2048"]}] |
    Then the call succeeds
    And the response field "TotalCount" is "1"
    And the response field "Keys.Key" contains "${k2}"
    And the response field "Keys.Key" does not contain "${k1}"

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys ORs the values of one filter
    Given a key k1 in state Enabled
    And a key k2 in state Disabled
    And a key k3 in state PendingDeletion
    When I call ListKeys with:
      | Filters | [{"Key":"KeyState","Values":["Enabled","Disabled"]}] |
    Then the call succeeds
    And the response field "TotalCount" is "2"
    And the response field "Keys.Key" contains "${k1}"
    And the response field "Keys.Key" contains "${k2}"
    And the response field "Keys.Key" does not contain "${k3}"

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys ANDs two different filters
    Given a key k1 in state Enabled
    And an asymmetric key k2
    And a key k3 in state Disabled
    When I call ListKeys with:
      | Filters | [{"Key":"KeyState","Values":["Enabled"]},{"Key":"KeySpec","Values":["Aliyun_AES_256"]}] |
    Then the call succeeds
    And the response field "TotalCount" is "1"
    And the response field "Keys.Key" contains "${k1}"
    And the response field "Keys.Key" does not contain "${k2}"
    And the response field "Keys.Key" does not contain "${k3}"

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys unions the values of a filter key given twice
    Given a key k1 in state Enabled
    And a key k2 in state Disabled
    And a key k3 in state PendingDeletion
    When I call ListKeys with:
      | Filters | [{"Key":"KeyState","Values":["Enabled"]},{"Key":"KeyState","Values":["PendingDeletion"]}] |
    Then the call succeeds
    And the response field "TotalCount" is "2"
    And the response field "Keys.Key" contains "${k1}"
    And the response field "Keys.Key" contains "${k3}"
    And the response field "Keys.Key" does not contain "${k2}"

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys with a filter no key matches answers an empty list
    Given a key k1
    When I call ListKeys with:
      | Filters | [{"Key":"KeyState","Values":["PendingImport"]}] |
    Then the call succeeds
    And the response field "TotalCount" is "0"
    And the response field "Keys.Key" has 0 items

  @ListKeys @documented @needs-fresh-account
  Scenario: ListKeys pages over the filtered keys
    Given a key k1
    And a key k2
    And a key k3
    And an asymmetric key k4
    When I call ListKeys with:
      | Filters    | [{"Key":"KeySpec","Values":["Aliyun_AES_256"]}] |
      | PageSize   | 2                                               |
      | PageNumber | 2                                               |
    Then the call succeeds
    And the response field "TotalCount" is "3"
    And the response field "Keys.Key" has 1 item
    And the response field "Keys.Key" does not contain "${k4}"

  @ListKeys @documented @needs-fresh-account
  Scenario Outline: ListKeys accepts the documented filter key <key>
    Given a key k1
    When I call ListKeys with:
      | Filters | [{"Key":"<key>","Values":["<value>"]}] |
    Then the call succeeds
    And the response field "TotalCount" is "<count>"

    Examples:
      | key             | value           | count |
      | KeyUsage        | ENCRYPT/DECRYPT | 1     |
      | ProtectionLevel | SOFTWARE        | 1     |
      | CreatorType     | User            | 1     |
      | DKMSInstanceId  | kst-hzz00000000 | 0     |

  @ListKeys @inferred @D-022
  Scenario: ListKeys rejects an unknown filter key with InvalidParameter
    Given a key k1
    When I call ListKeys with:
      | Filters | [{"Key":"Colour","Values":["blue"]}] |
    Then the call fails with InvalidParameter
    And the error message mentions "Filters"

  @ListKeys @documented
  Scenario Outline: ListKeys rejects the malformed Filters <filters> with InvalidParameter
    When I call ListKeys with:
      | Filters | <filters> |
    Then the call fails with InvalidParameter
    And the error message mentions "Filters"

    Examples:
      | filters                                   |
      | [{"Key":"KeyState","Values":["Enabled"]}  |
      | KeyState=Enabled                          |
      | {"Key":"KeyState","Values":["Enabled"]}   |
      | [{"Key":"KeyState","Values":"Enabled"}]   |
      | [{"Values":["Enabled"]}]                  |

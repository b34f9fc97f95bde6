@api @tags
Feature: The newer tag APIs: TagResources, UntagResources, ListTagResources
  Several resources and several tags in one call, addressed by `ResourceType` (`key` or
  `secret`) and the repeat list `ResourceId.N`; tags travel as `Tag.N.Key` / `Tag.N.Value`, tag
  keys to remove as `TagKey.N` (docs/spec/keys-v2.md §1.2, §5.1-§5.4). At most 50 ids and 20 tags
  per call; ListTagResources answers one row per (resource, tag), 200 rows a page, with an opaque
  NextToken (D-119, D-120). The older and the newer APIs share one tag set per key (§5.4).

  @TagResources @ListTagResources @documented
  Scenario: TagResources tags several keys at once and ListTagResources lists one row per tag
    Given a key k1
    And a key k2
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
      | Tag.2.Key    | team |
      | Tag.2.Value  | core |
    Then the call succeeds
    And the response field "RequestId" is not empty
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
    Then the call succeeds
    And the response field "TagResources.TagResource" has 4 items
    And the response field "TagResources.TagResource.0.ResourceType" is "key"
    And the response field "TagResources.TagResource" contains "${k1}"
    And the response field "TagResources.TagResource" contains "${k2}"
    And the response field "TagResources.TagResource" contains "core"
    And the response field "NextToken" is empty

  @TagResources @ListTagResources @inferred @D-119
  Scenario: A key ARN is a resource id, and the rows name the key id
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1.arn} |
      | Tag.1.Key    | env       |
      | Tag.1.Value  | prod      |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1.arn} |
    Then the response field "TagResources.TagResource" has 1 item
    And the response field "TagResources.TagResource.0.ResourceId" is "${k1}"
    And the response field "TagResources.TagResource.0.TagKey" is "env"
    And the response field "TagResources.TagResource.0.TagValue" is "prod"

  @TagResources @ListResourceTags @TagResource @ListTagResources @inferred @D-119
  Scenario: A tag written by TagResources is read by ListResourceTags, and one written by TagResource by ListTagResources
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | new  |
      | Tag.1.Value  | gen2 |
    Then the call succeeds
    When I call TagResource with:
      | KeyId | ${k1}                               |
      | Tags  | [{"TagKey":"old","TagValue":"gen1"}] |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 2 items
    And the response field "Tags.Tag" contains "gen2"
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the response field "TagResources.TagResource" has 2 items
    And the response field "TagResources.TagResource" contains "gen1"

  @UntagResources @UntagResource @ListTagResources @TagResource @inferred @D-119
  Scenario: UntagResources removes a tag TagResource wrote, and UntagResource one TagResources wrote
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}                                                    |
      | Tags  | [{"TagKey":"a","TagValue":"1"},{"TagKey":"b","TagValue":"2"}] |
    Then the call succeeds
    When I call UntagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | TagKey.1     | a |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the response field "TagResources.TagResource" has 1 item
    When I call UntagResource with:
      | KeyId   | ${k1} |
      | TagKeys | ["b"] |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the response field "TagResources.TagResource" has 0 items

  @TagResources @ListTagResources @inferred @D-027
  Scenario: TagResources overwrites the value of a tag key the key already has
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
    Then the call succeeds
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | env |
      | Tag.1.Value  | dev |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the response field "TagResources.TagResource" has 1 item
    And the response field "TagResources.TagResource.0.TagValue" is "dev"

  # docs/spec/keys-v2.md §5.2 (META24): keys only some resources carry are removed from those.
  @UntagResources @ListTagResources @documented
  Scenario: UntagResources removes the named keys from every listed key and ignores absent ones
    Given a key k1
    And a key k2
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
      | Tag.2.Key    | team |
      | Tag.2.Value  | core |
    Then the call succeeds
    When I call UntagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
      | TagKey.1     | env     |
      | TagKey.2     | no-such |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
    Then the response field "TagResources.TagResource" has 2 items
    And the response field "TagResources.TagResource" does not contain "prod"

  # docs/spec/keys-v2.md §5.2 (META24): All takes effect only when no TagKey is given.
  @UntagResources @ListTagResources @documented @D-122
  Scenario: UntagResources with All=true removes every tag, but only without TagKey
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
      | Tag.2.Key    | team |
      | Tag.2.Value  | core |
    Then the call succeeds
    When I call UntagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | TagKey.1     | env  |
      | All          | True |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the response field "TagResources.TagResource" has 1 item
    When I call UntagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | All          | TRUE |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the response field "TagResources.TagResource" has 0 items

  @UntagResources @inferred @D-122
  Scenario: UntagResources with neither TagKey nor All=true is MissingParameter naming TagKey
    Given a key k1
    When I call UntagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the call fails with MissingParameter
    And the error message mentions "TagKey"
    When I call UntagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | All          | false |
    Then the call fails with MissingParameter
    And the error message mentions "TagKey"

  @UntagResources @inferred @D-122
  Scenario Outline: UntagResources of a tag key starting with <prefix> is InvalidParameter.TagKey
    Given a key k1
    When I call UntagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | TagKey.1     | <key> |
    Then the call fails with InvalidParameter.TagKey and status 400

    Examples:
      | prefix | key         |
      | aliyun | aliyunOwner |
      | acs:   | acs:project |

  @TagResources @documented
  Scenario Outline: TagResources with <case> is InvalidParameter.TagKey
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | <key> |
      | Tag.1.Value  | v     |
    Then the call fails with InvalidParameter.TagKey and status 400

    Examples:
      | case                | key             |
      | the prefix aliyun   | aliyunOwner     |
      | the prefix acs:     | acs:project     |
      | a 129-character key | ${repeat:129:k} |
      | a key with a space  | my env          |

  @TagResources @documented
  Scenario Outline: TagResources with <case> is InvalidParameter.TagValue
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | env     |
      | Tag.1.Value  | <value> |
    Then the call fails with InvalidParameter.TagValue and status 400

    Examples:
      | case                  | value           |
      | a 129-character value | ${repeat:129:v} |
      | a value with a #      | a#b             |

  @TagResources @ListTagResources @documented
  Scenario: TagResources accepts a tag key and value of 128 characters
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | ${repeat:128:k} |
      | Tag.1.Value  | ${repeat:128:v} |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the response field "TagResources.TagResource.0.TagValue" is "${repeat:128:v}"

  @TagResources @ListTagResources @documented
  Scenario: A tag key given twice is Duplicate.TagKey, and nothing is tagged
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
      | Tag.2.Key    | env  |
      | Tag.2.Value  | dev  |
    Then the call fails with Duplicate.TagKey and status 400
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | env |
      | Tag.2.Key    | env |
    Then the call fails with Duplicate.TagKey and status 400
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the response field "TagResources.TagResource" has 0 items

  @TagResources @ListTagResources @documented @D-119
  Scenario: TagResources takes 20 tags in one call; 21 is InvalidParameter
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key   | t01 |
      | Tag.1.Value | v01 |
      | Tag.2.Key   | t02 |
      | Tag.2.Value | v02 |
      | Tag.3.Key   | t03 |
      | Tag.3.Value | v03 |
      | Tag.4.Key   | t04 |
      | Tag.4.Value | v04 |
      | Tag.5.Key   | t05 |
      | Tag.5.Value | v05 |
      | Tag.6.Key   | t06 |
      | Tag.6.Value | v06 |
      | Tag.7.Key   | t07 |
      | Tag.7.Value | v07 |
      | Tag.8.Key   | t08 |
      | Tag.8.Value | v08 |
      | Tag.9.Key   | t09 |
      | Tag.9.Value | v09 |
      | Tag.10.Key   | t10 |
      | Tag.10.Value | v10 |
      | Tag.11.Key   | t11 |
      | Tag.11.Value | v11 |
      | Tag.12.Key   | t12 |
      | Tag.12.Value | v12 |
      | Tag.13.Key   | t13 |
      | Tag.13.Value | v13 |
      | Tag.14.Key   | t14 |
      | Tag.14.Value | v14 |
      | Tag.15.Key   | t15 |
      | Tag.15.Value | v15 |
      | Tag.16.Key   | t16 |
      | Tag.16.Value | v16 |
      | Tag.17.Key   | t17 |
      | Tag.17.Value | v17 |
      | Tag.18.Key   | t18 |
      | Tag.18.Value | v18 |
      | Tag.19.Key   | t19 |
      | Tag.19.Value | v19 |
      | Tag.20.Key   | t20 |
      | Tag.20.Value | v20 |
      | Tag.21.Key   | t21 |
      | Tag.21.Value | v21 |
    Then the call fails with InvalidParameter
    And the error message mentions "20 tags"
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key   | t01 |
      | Tag.1.Value | v01 |
      | Tag.2.Key   | t02 |
      | Tag.2.Value | v02 |
      | Tag.3.Key   | t03 |
      | Tag.3.Value | v03 |
      | Tag.4.Key   | t04 |
      | Tag.4.Value | v04 |
      | Tag.5.Key   | t05 |
      | Tag.5.Value | v05 |
      | Tag.6.Key   | t06 |
      | Tag.6.Value | v06 |
      | Tag.7.Key   | t07 |
      | Tag.7.Value | v07 |
      | Tag.8.Key   | t08 |
      | Tag.8.Value | v08 |
      | Tag.9.Key   | t09 |
      | Tag.9.Value | v09 |
      | Tag.10.Key   | t10 |
      | Tag.10.Value | v10 |
      | Tag.11.Key   | t11 |
      | Tag.11.Value | v11 |
      | Tag.12.Key   | t12 |
      | Tag.12.Value | v12 |
      | Tag.13.Key   | t13 |
      | Tag.13.Value | v13 |
      | Tag.14.Key   | t14 |
      | Tag.14.Value | v14 |
      | Tag.15.Key   | t15 |
      | Tag.15.Value | v15 |
      | Tag.16.Key   | t16 |
      | Tag.16.Value | v16 |
      | Tag.17.Key   | t17 |
      | Tag.17.Value | v17 |
      | Tag.18.Key   | t18 |
      | Tag.18.Value | v18 |
      | Tag.19.Key   | t19 |
      | Tag.19.Value | v19 |
      | Tag.20.Key   | t20 |
      | Tag.20.Value | v20 |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the response field "TagResources.TagResource" has 20 items

  @TagResources @ListTagResources @inferred @D-121
  Scenario: TagResources leaves a key at most 20 tags, but re-tags one that has 20
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key   | t01 |
      | Tag.1.Value | v01 |
      | Tag.2.Key   | t02 |
      | Tag.2.Value | v02 |
      | Tag.3.Key   | t03 |
      | Tag.3.Value | v03 |
      | Tag.4.Key   | t04 |
      | Tag.4.Value | v04 |
      | Tag.5.Key   | t05 |
      | Tag.5.Value | v05 |
      | Tag.6.Key   | t06 |
      | Tag.6.Value | v06 |
      | Tag.7.Key   | t07 |
      | Tag.7.Value | v07 |
      | Tag.8.Key   | t08 |
      | Tag.8.Value | v08 |
      | Tag.9.Key   | t09 |
      | Tag.9.Value | v09 |
      | Tag.10.Key   | t10 |
      | Tag.10.Value | v10 |
      | Tag.11.Key   | t11 |
      | Tag.11.Value | v11 |
      | Tag.12.Key   | t12 |
      | Tag.12.Value | v12 |
      | Tag.13.Key   | t13 |
      | Tag.13.Value | v13 |
      | Tag.14.Key   | t14 |
      | Tag.14.Value | v14 |
      | Tag.15.Key   | t15 |
      | Tag.15.Value | v15 |
      | Tag.16.Key   | t16 |
      | Tag.16.Value | v16 |
      | Tag.17.Key   | t17 |
      | Tag.17.Value | v17 |
      | Tag.18.Key   | t18 |
      | Tag.18.Value | v18 |
      | Tag.19.Key   | t19 |
      | Tag.19.Value | v19 |
      | Tag.20.Key   | t20 |
      | Tag.20.Value | v20 |
    Then the call succeeds
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | extra |
      | Tag.1.Value  | v     |
    Then the call fails with InvalidParameter
    And the error message mentions "20 tags"
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | t01 |
      | Tag.1.Value  | new |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | t01 |
      | Tag.1.Value  | new |
    Then the response field "TagResources.TagResource" has 20 items

  @TagResources @inferred @D-119
  Scenario: TagResources takes 50 resource ids; 51 is InvalidParameter
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k1} |
      | ResourceId.3 | ${k1} |
      | ResourceId.4 | ${k1} |
      | ResourceId.5 | ${k1} |
      | ResourceId.6 | ${k1} |
      | ResourceId.7 | ${k1} |
      | ResourceId.8 | ${k1} |
      | ResourceId.9 | ${k1} |
      | ResourceId.10 | ${k1} |
      | ResourceId.11 | ${k1} |
      | ResourceId.12 | ${k1} |
      | ResourceId.13 | ${k1} |
      | ResourceId.14 | ${k1} |
      | ResourceId.15 | ${k1} |
      | ResourceId.16 | ${k1} |
      | ResourceId.17 | ${k1} |
      | ResourceId.18 | ${k1} |
      | ResourceId.19 | ${k1} |
      | ResourceId.20 | ${k1} |
      | ResourceId.21 | ${k1} |
      | ResourceId.22 | ${k1} |
      | ResourceId.23 | ${k1} |
      | ResourceId.24 | ${k1} |
      | ResourceId.25 | ${k1} |
      | ResourceId.26 | ${k1} |
      | ResourceId.27 | ${k1} |
      | ResourceId.28 | ${k1} |
      | ResourceId.29 | ${k1} |
      | ResourceId.30 | ${k1} |
      | ResourceId.31 | ${k1} |
      | ResourceId.32 | ${k1} |
      | ResourceId.33 | ${k1} |
      | ResourceId.34 | ${k1} |
      | ResourceId.35 | ${k1} |
      | ResourceId.36 | ${k1} |
      | ResourceId.37 | ${k1} |
      | ResourceId.38 | ${k1} |
      | ResourceId.39 | ${k1} |
      | ResourceId.40 | ${k1} |
      | ResourceId.41 | ${k1} |
      | ResourceId.42 | ${k1} |
      | ResourceId.43 | ${k1} |
      | ResourceId.44 | ${k1} |
      | ResourceId.45 | ${k1} |
      | ResourceId.46 | ${k1} |
      | ResourceId.47 | ${k1} |
      | ResourceId.48 | ${k1} |
      | ResourceId.49 | ${k1} |
      | ResourceId.50 | ${k1} |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
    Then the call succeeds
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k1} |
      | ResourceId.3 | ${k1} |
      | ResourceId.4 | ${k1} |
      | ResourceId.5 | ${k1} |
      | ResourceId.6 | ${k1} |
      | ResourceId.7 | ${k1} |
      | ResourceId.8 | ${k1} |
      | ResourceId.9 | ${k1} |
      | ResourceId.10 | ${k1} |
      | ResourceId.11 | ${k1} |
      | ResourceId.12 | ${k1} |
      | ResourceId.13 | ${k1} |
      | ResourceId.14 | ${k1} |
      | ResourceId.15 | ${k1} |
      | ResourceId.16 | ${k1} |
      | ResourceId.17 | ${k1} |
      | ResourceId.18 | ${k1} |
      | ResourceId.19 | ${k1} |
      | ResourceId.20 | ${k1} |
      | ResourceId.21 | ${k1} |
      | ResourceId.22 | ${k1} |
      | ResourceId.23 | ${k1} |
      | ResourceId.24 | ${k1} |
      | ResourceId.25 | ${k1} |
      | ResourceId.26 | ${k1} |
      | ResourceId.27 | ${k1} |
      | ResourceId.28 | ${k1} |
      | ResourceId.29 | ${k1} |
      | ResourceId.30 | ${k1} |
      | ResourceId.31 | ${k1} |
      | ResourceId.32 | ${k1} |
      | ResourceId.33 | ${k1} |
      | ResourceId.34 | ${k1} |
      | ResourceId.35 | ${k1} |
      | ResourceId.36 | ${k1} |
      | ResourceId.37 | ${k1} |
      | ResourceId.38 | ${k1} |
      | ResourceId.39 | ${k1} |
      | ResourceId.40 | ${k1} |
      | ResourceId.41 | ${k1} |
      | ResourceId.42 | ${k1} |
      | ResourceId.43 | ${k1} |
      | ResourceId.44 | ${k1} |
      | ResourceId.45 | ${k1} |
      | ResourceId.46 | ${k1} |
      | ResourceId.47 | ${k1} |
      | ResourceId.48 | ${k1} |
      | ResourceId.49 | ${k1} |
      | ResourceId.50 | ${k1} |
      | ResourceId.51 | ${k1} |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
    Then the call fails with InvalidParameter
    And the error message mentions "50"

  # docs/spec/keys-v2.md §5.3: 200 rows per call; NextToken "" means no further page.
  # 11 keys x 20 tags = 220 rows.
  @ListTagResources @TagResources @documented @D-120
  Scenario: ListTagResources pages 200 rows, and NextToken brings the rest
    Given a key k1
    And a key k2
    And a key k3
    And a key k4
    And a key k5
    And a key k6
    And a key k7
    And a key k8
    And a key k9
    And a key k10
    And a key k11
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
      | ResourceId.3 | ${k3} |
      | ResourceId.4 | ${k4} |
      | ResourceId.5 | ${k5} |
      | ResourceId.6 | ${k6} |
      | ResourceId.7 | ${k7} |
      | ResourceId.8 | ${k8} |
      | ResourceId.9 | ${k9} |
      | ResourceId.10 | ${k10} |
      | ResourceId.11 | ${k11} |
      | Tag.1.Key   | t01 |
      | Tag.1.Value | v01 |
      | Tag.2.Key   | t02 |
      | Tag.2.Value | v02 |
      | Tag.3.Key   | t03 |
      | Tag.3.Value | v03 |
      | Tag.4.Key   | t04 |
      | Tag.4.Value | v04 |
      | Tag.5.Key   | t05 |
      | Tag.5.Value | v05 |
      | Tag.6.Key   | t06 |
      | Tag.6.Value | v06 |
      | Tag.7.Key   | t07 |
      | Tag.7.Value | v07 |
      | Tag.8.Key   | t08 |
      | Tag.8.Value | v08 |
      | Tag.9.Key   | t09 |
      | Tag.9.Value | v09 |
      | Tag.10.Key   | t10 |
      | Tag.10.Value | v10 |
      | Tag.11.Key   | t11 |
      | Tag.11.Value | v11 |
      | Tag.12.Key   | t12 |
      | Tag.12.Value | v12 |
      | Tag.13.Key   | t13 |
      | Tag.13.Value | v13 |
      | Tag.14.Key   | t14 |
      | Tag.14.Value | v14 |
      | Tag.15.Key   | t15 |
      | Tag.15.Value | v15 |
      | Tag.16.Key   | t16 |
      | Tag.16.Value | v16 |
      | Tag.17.Key   | t17 |
      | Tag.17.Value | v17 |
      | Tag.18.Key   | t18 |
      | Tag.18.Value | v18 |
      | Tag.19.Key   | t19 |
      | Tag.19.Value | v19 |
      | Tag.20.Key   | t20 |
      | Tag.20.Value | v20 |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
      | ResourceId.3 | ${k3} |
      | ResourceId.4 | ${k4} |
      | ResourceId.5 | ${k5} |
      | ResourceId.6 | ${k6} |
      | ResourceId.7 | ${k7} |
      | ResourceId.8 | ${k8} |
      | ResourceId.9 | ${k9} |
      | ResourceId.10 | ${k10} |
      | ResourceId.11 | ${k11} |
    Then the call succeeds
    And the response field "TagResources.TagResource" has 200 items
    And the response field "NextToken" is not empty
    And I save the response field "NextToken" as token
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
      | ResourceId.3 | ${k3} |
      | ResourceId.4 | ${k4} |
      | ResourceId.5 | ${k5} |
      | ResourceId.6 | ${k6} |
      | ResourceId.7 | ${k7} |
      | ResourceId.8 | ${k8} |
      | ResourceId.9 | ${k9} |
      | ResourceId.10 | ${k10} |
      | ResourceId.11 | ${k11} |
      | NextToken    | ${token} |
    Then the call succeeds
    And the response field "TagResources.TagResource" has 20 items
    And the response field "NextToken" is empty

  @ListTagResources @inferred @D-120
  Scenario: A NextToken the service did not issue is InvalidParameter
    Given a key k1
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | NextToken    | not-a-token! |
    Then the call fails with InvalidParameter
    And the error message mentions "NextToken"

  @ListTagResources @TagResources @inferred @D-120
  Scenario: Tag filters are ANDed, a filter without a value matches any value, and all tags of a match are listed
    Given a key k1
    And a key k2
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
    Then the call succeeds
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | team |
      | Tag.1.Value  | core |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
      | Tag.2.Key    | team |
    Then the response field "TagResources.TagResource" has 2 items
    And the response field "TagResources.TagResource" does not contain "${k2}"
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
      | Tag.1.Key    | env |
      | Tag.1.Value  | dev |
    Then the response field "TagResources.TagResource" has 0 items

  @TagResources @UntagResources @ListTagResources @documented @D-119
  Scenario Outline: <api> of a key that does not exist is InvalidResourceId.NotFound
    When I call <api> with:
      | ResourceType | key |
      | ResourceId.1 | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
      | Tag.1.Key    | env                                  |
      | Tag.1.Value  | prod                                 |
      | TagKey.1     | env                                  |
    Then the call fails with InvalidResourceId.NotFound and status 404

    Examples:
      | api              |
      | TagResources     |
      | UntagResources   |
      | ListTagResources |

  @TagResources @inferred @D-119
  Scenario Outline: TagResources naming <case> is InvalidResourceId.NotFound
    Given a key k1
    And an alias a1 for k1
    When I call TagResources with:
      | ResourceType | <type> |
      | ResourceId.1 | <id>   |
      | Tag.1.Key    | env    |
      | Tag.1.Value  | prod   |
    Then the call fails with InvalidResourceId.NotFound

    Examples:
      | case                                | type   | id                |
      | an alias                            | key    | ${a1}             |
      | a secret (the reference holds none) | secret | kmsconf-no-secret |

  @TagResources @ListTagResources @inferred @D-123
  Scenario: TagResources naming a PendingDeletion key changes no key of the call
    Given a key k1
    And a key k2 in state PendingDeletion
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
      | ResourceId.2 | ${k2} |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
    Then the call fails with Rejected.PendingDeletion and status 409
    When I call ListTagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the response field "TagResources.TagResource" has 0 items

  @TagResources @UntagResources @ListTagResources @documented @D-119
  Scenario Outline: <api> with ResourceType <type> is InvalidParameter
    Given a key k1
    When I call <api> with:
      | ResourceType | <type> |
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | env    |
      | Tag.1.Value  | prod   |
      | TagKey.1     | env    |
    Then the call fails with InvalidParameter
    And the error message mentions "ResourceType"

    Examples:
      | api              | type  |
      | TagResources     | alias |
      | UntagResources   | Key   |
      | ListTagResources | keys  |

  @TagResources @UntagResources @ListTagResources @documented @D-119
  Scenario Outline: <api> without ResourceType is MissingParameter
    Given a key k1
    When I call <api> with:
      | ResourceId.1 | ${k1} |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
      | TagKey.1     | env  |
    Then the call fails with MissingParameter
    And the error message mentions "ResourceType"

    Examples:
      | api              |
      | TagResources     |
      | UntagResources   |
      | ListTagResources |

  @TagResources @UntagResources @documented @D-119
  Scenario Outline: <api> without ResourceId is MissingParameter
    When I call <api> with:
      | ResourceType | key |
      | Tag.1.Key    | env  |
      | Tag.1.Value  | prod |
      | TagKey.1     | env  |
    Then the call fails with MissingParameter
    And the error message mentions "ResourceId"

    Examples:
      | api            |
      | TagResources   |
      | UntagResources |

  @TagResources @documented @D-119
  Scenario: TagResources without Tag is MissingParameter
    Given a key k1
    When I call TagResources with:
      | ResourceType | key |
      | ResourceId.1 | ${k1} |
    Then the call fails with MissingParameter
    And the error message mentions "Tag"

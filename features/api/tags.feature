@api @tags
Feature: Tags on keys
  TagResource, UntagResource and ListResourceTags on a key named by id, alias or ARN. Tags is a
  JSON array of {"TagKey","TagValue"}; TagKeys a JSON array of strings; a key and a value are
  1..=128 English letters, digits or `/ \ _ - . + = : @`, a key must not start with `aliyun` or
  `acs:`, and TagResource leaves a key at most 10 tags (docs/spec/kms-api.md §2.3 TagResource,
  UntagResource, ListResourceTags; docs/spec/decisions.md D-025 to D-027).

  @TagResource @ListResourceTags @documented
  Scenario: A tag set by TagResource is listed with TagKey, TagValue and KeyId
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}                                   |
      | Tags  | [{"TagKey":"env","TagValue":"prod"}]     |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the call succeeds
    And the response field "Tags.Tag" has 1 item
    And the response field "Tags.Tag.0.TagKey" is "env"
    And the response field "Tags.Tag.0.TagValue" is "prod"
    And the response field "Tags.Tag.0.KeyId" is "${k1}"
    And the response field "RequestId" is not empty

  @TagResource @ListResourceTags @documented
  Scenario: TagResource adds several tags in one call and keeps earlier ones
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}                                                                    |
      | Tags  | [{"TagKey":"env","TagValue":"prod"},{"TagKey":"team","TagValue":"core"}] |
    Then the call succeeds
    When I call TagResource with:
      | KeyId | ${k1}                                   |
      | Tags  | [{"TagKey":"cost","TagValue":"c-42"}]    |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 3 items
    And the response field "Tags.Tag" contains "env"
    And the response field "Tags.Tag" contains "core"
    And the response field "Tags.Tag" contains "c-42"

  @ListResourceTags @documented
  Scenario: ListResourceTags of an untagged key is an empty list
    Given a key k1
    When I call ListResourceTags on k1
    Then the call succeeds
    And the response field "Tags.Tag" has 0 items

  @TagResource @ListResourceTags @inferred @D-027
  Scenario: Tagging an existing tag key overwrites its value
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}                                 |
      | Tags  | [{"TagKey":"env","TagValue":"prod"}]   |
    Then the call succeeds
    When I call TagResource with:
      | KeyId | ${k1}                                 |
      | Tags  | [{"TagKey":"env","TagValue":"dev"}]    |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 1 item
    And the response field "Tags.Tag.0.TagKey" is "env"
    And the response field "Tags.Tag.0.TagValue" is "dev"

  @UntagResource @ListResourceTags @documented
  Scenario: UntagResource removes the named tags and keeps the others
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}                                                                    |
      | Tags  | [{"TagKey":"env","TagValue":"prod"},{"TagKey":"team","TagValue":"core"}] |
    Then the call succeeds
    When I call UntagResource with:
      | KeyId   | ${k1}    |
      | TagKeys | ["env"]  |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 1 item
    And the response field "Tags.Tag.0.TagKey" is "team"
    And the response field "Tags.Tag" does not contain "env"

  @UntagResource @ListResourceTags @documented
  Scenario: UntagResource removes several tags in one call
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}                                                                    |
      | Tags  | [{"TagKey":"env","TagValue":"prod"},{"TagKey":"team","TagValue":"core"}] |
    Then the call succeeds
    When I call UntagResource with:
      | KeyId   | ${k1}           |
      | TagKeys | ["env","team"]  |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 0 items

  @UntagResource @ListResourceTags @inferred @D-027
  Scenario: UntagResource of a tag key the key does not carry is ignored
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}                                 |
      | Tags  | [{"TagKey":"env","TagValue":"prod"}]   |
    Then the call succeeds
    When I call UntagResource with:
      | KeyId   | ${k1}         |
      | TagKeys | ["no-such"]   |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 1 item
    And the response field "Tags.Tag.0.TagKey" is "env"

  # TagResource (docs/spec/kms-api.md §2.3 TagResource; PAGE-TAG, META24): "you can add up to 10
  # tags to a CMK".
  @TagResource @ListResourceTags @documented
  Scenario: A key accepts 10 tags through TagResource
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1} |
      | Tags  | [{"TagKey":"k01","TagValue":"v1"},{"TagKey":"k02","TagValue":"v2"},{"TagKey":"k03","TagValue":"v3"},{"TagKey":"k04","TagValue":"v4"},{"TagKey":"k05","TagValue":"v5"},{"TagKey":"k06","TagValue":"v6"},{"TagKey":"k07","TagValue":"v7"},{"TagKey":"k08","TagValue":"v8"},{"TagKey":"k09","TagValue":"v9"},{"TagKey":"k10","TagValue":"v10"}] |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 10 items

  @TagResource @ListResourceTags @documented
  Scenario: TagResource with 11 tags is InvalidParameter
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1} |
      | Tags  | [{"TagKey":"k01","TagValue":"v1"},{"TagKey":"k02","TagValue":"v2"},{"TagKey":"k03","TagValue":"v3"},{"TagKey":"k04","TagValue":"v4"},{"TagKey":"k05","TagValue":"v5"},{"TagKey":"k06","TagValue":"v6"},{"TagKey":"k07","TagValue":"v7"},{"TagKey":"k08","TagValue":"v8"},{"TagKey":"k09","TagValue":"v9"},{"TagKey":"k10","TagValue":"v10"},{"TagKey":"k11","TagValue":"v11"}] |
    Then the call fails with InvalidParameter
    And the error message mentions "10 tags"
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 0 items

  @TagResource @ListResourceTags @documented
  Scenario: An 11th tag on a key that carries 10 is InvalidParameter
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1} |
      | Tags  | [{"TagKey":"k01","TagValue":"v1"},{"TagKey":"k02","TagValue":"v2"},{"TagKey":"k03","TagValue":"v3"},{"TagKey":"k04","TagValue":"v4"},{"TagKey":"k05","TagValue":"v5"},{"TagKey":"k06","TagValue":"v6"},{"TagKey":"k07","TagValue":"v7"},{"TagKey":"k08","TagValue":"v8"},{"TagKey":"k09","TagValue":"v9"},{"TagKey":"k10","TagValue":"v10"}] |
    Then the call succeeds
    When I call TagResource with:
      | KeyId | ${k1}                                 |
      | Tags  | [{"TagKey":"k11","TagValue":"v11"}]    |
    Then the call fails with InvalidParameter
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 10 items

  @TagResource @inferred @D-025
  Scenario: Re-tagging one of 10 tags is not an 11th tag
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1} |
      | Tags  | [{"TagKey":"k01","TagValue":"v1"},{"TagKey":"k02","TagValue":"v2"},{"TagKey":"k03","TagValue":"v3"},{"TagKey":"k04","TagValue":"v4"},{"TagKey":"k05","TagValue":"v5"},{"TagKey":"k06","TagValue":"v6"},{"TagKey":"k07","TagValue":"v7"},{"TagKey":"k08","TagValue":"v8"},{"TagKey":"k09","TagValue":"v9"},{"TagKey":"k10","TagValue":"v10"}] |
    Then the call succeeds
    When I call TagResource with:
      | KeyId | ${k1}                                 |
      | Tags  | [{"TagKey":"k01","TagValue":"new"}]    |
    Then the call succeeds

  # CreateKey takes 20 tags in one call (docs/spec/kms-api.md §2.3 CreateKey); TagResource counts
  # the tags the key already has (D-025).
  @CreateKey @TagResource @ListResourceTags @inferred @D-025
  Scenario: A key created with 20 tags keeps them, may be re-tagged, but takes no new tag
    When I call CreateKey with:
      | Tags | [{"TagKey":"k01","TagValue":"v1"},{"TagKey":"k02","TagValue":"v2"},{"TagKey":"k03","TagValue":"v3"},{"TagKey":"k04","TagValue":"v4"},{"TagKey":"k05","TagValue":"v5"},{"TagKey":"k06","TagValue":"v6"},{"TagKey":"k07","TagValue":"v7"},{"TagKey":"k08","TagValue":"v8"},{"TagKey":"k09","TagValue":"v9"},{"TagKey":"k10","TagValue":"v10"},{"TagKey":"k11","TagValue":"v11"},{"TagKey":"k12","TagValue":"v12"},{"TagKey":"k13","TagValue":"v13"},{"TagKey":"k14","TagValue":"v14"},{"TagKey":"k15","TagValue":"v15"},{"TagKey":"k16","TagValue":"v16"},{"TagKey":"k17","TagValue":"v17"},{"TagKey":"k18","TagValue":"v18"},{"TagKey":"k19","TagValue":"v19"},{"TagKey":"k20","TagValue":"v20"}] |
    Then the call succeeds
    And I save the response field "KeyMetadata.KeyId" as k1
    When I call TagResource with:
      | KeyId | ${k1}                                 |
      | Tags  | [{"TagKey":"k21","TagValue":"v21"}]    |
    Then the call fails with InvalidParameter
    When I call TagResource with:
      | KeyId | ${k1}                                 |
      | Tags  | [{"TagKey":"k20","TagValue":"new"}]    |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 20 items
    When I call UntagResource with:
      | KeyId   | ${k1} |
      | TagKeys | ["k01","k02","k03","k04","k05","k06","k07","k08","k09","k10","k11"] |
    Then the call succeeds
    When I call TagResource with:
      | KeyId | ${k1}                                 |
      | Tags  | [{"TagKey":"k21","TagValue":"v21"}]    |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 10 items

  @TagResource @documented
  Scenario Outline: TagResource with a tag key starting with <prefix> is InvalidParameter
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}                                   |
      | Tags  | [{"TagKey":"<key>","TagValue":"v"}]     |
    Then the call fails with InvalidParameter

    Examples:
      | prefix | key          |
      | aliyun | aliyun       |
      | aliyun | aliyunOwner  |
      | acs:   | acs:project  |

  @TagResource @documented
  Scenario: TagResource accepts a tag key and value of 128 characters
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}                                                            |
      | Tags  | [{"TagKey":"${repeat:128:k}","TagValue":"${repeat:128:v}"}]      |
    Then the call succeeds

  @TagResource @documented
  Scenario Outline: TagResource with <case> is InvalidParameter
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}  |
      | Tags  | <tags> |
    Then the call fails with InvalidParameter
    And the error message mentions "Tags"

    Examples:
      | case                        | tags                                                  |
      | a 129-character tag key     | [{"TagKey":"${repeat:129:k}","TagValue":"v"}]         |
      | a 129-character tag value   | [{"TagKey":"env","TagValue":"${repeat:129:v}"}]       |
      | a tag key with a # sign     | [{"TagKey":"env#1","TagValue":"v"}]                   |
      | a tag key with a space      | [{"TagKey":"my env","TagValue":"v"}]                  |
      | a tag value with a space    | [{"TagKey":"env","TagValue":"my prod"}]               |
      | a tag key with a letter é   | [{"TagKey":"clé","TagValue":"v"}]                     |
      | a tag value in Chinese      | [{"TagKey":"env","TagValue":"生产"}]                   |
      | a tag key of Arabic digits  | [{"TagKey":"٣٤","TagValue":"v"}]                      |
      | Tags that are not JSON      | env=prod                                              |
      | Tags that are a JSON object | {"TagKey":"env","TagValue":"prod"}                    |
      | a tag without TagValue      | [{"TagKey":"env"}]                                    |

  @TagResource @inferred @D-026
  Scenario Outline: TagResource with an empty <case> is InvalidParameter
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}  |
      | Tags  | <tags> |
    Then the call fails with InvalidParameter

    Examples:
      | case                        | tags                                                  |
      | tag value                   | [{"TagKey":"env","TagValue":""}]                      |
      | tag key                     | [{"TagKey":"","TagValue":"v"}]                        |
      | tag list                    | []                                                    |

  @TagResource @documented
  Scenario: TagResource without Tags is MissingParameter
    Given a key k1
    When I call TagResource on k1
    Then the call fails with MissingParameter
    And the error message mentions "Tags"

  @UntagResource @documented
  Scenario Outline: UntagResource with TagKeys <case> is InvalidParameter
    Given a key k1
    When I call UntagResource with:
      | KeyId   | ${k1}      |
      | TagKeys | <tagkeys>  |
    Then the call fails with InvalidParameter
    And the error message mentions "TagKeys"

    Examples:
      | case                   | tagkeys             |
      | that are a JSON object | {"TagKey":"env"}    |
      | that are not JSON      | ["env"              |
      | with a number          | [1]                 |

  @UntagResource @ListResourceTags @inferred @D-078
  Scenario Outline: UntagResource with TagKeys <case> is InvalidParameter and untags nothing
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1}                                                                  |
      | Tags  | [{"TagKey":"env","TagValue":"prod"},{"TagKey":"team","TagValue":"core"}] |
    Then the call succeeds
    When I call UntagResource with:
      | KeyId   | ${k1}     |
      | TagKeys | <tagkeys> |
    Then the call fails with InvalidParameter
    And the error message mentions "TagKeys"
    When I call ListResourceTags on k1
    Then the call succeeds
    And the response field "Tags.Tag" has 2 items

    Examples:
      | case                         | tagkeys  |
      | separated by commas          | env,team |
      | as one bare key              | env      |
      | separated by a comma, spaced | env, team |

  # UntagResource `TagKeys` (docs/spec/kms-api.md §2.3 UntagResource; DOCS21, SDK331): "each tag
  # key must be 1 to 128 bytes in length".
  @UntagResource @documented
  Scenario: UntagResource counts a tag key's length in bytes
    Given a key k1
    When I call UntagResource with:
      | KeyId   | ${k1}                |
      | TagKeys | ["${repeat:128:k}"]  |
    Then the call succeeds
    When I call UntagResource with:
      | KeyId   | ${k1}                |
      | TagKeys | ["${repeat:65:é}"]   |
    Then the call fails with InvalidParameter
    And the error message mentions "bytes"

  @UntagResource @documented
  Scenario: UntagResource without TagKeys is MissingParameter
    Given a key k1
    When I call UntagResource on k1
    Then the call fails with MissingParameter
    And the error message mentions "TagKeys"

  @TagResource @UntagResource @ListResourceTags @documented
  Scenario: The tag APIs accept an alias as KeyId
    Given a key k1
    And an alias a1 for k1
    When I call TagResource with:
      | KeyId | ${a1}                                   |
      | Tags  | [{"TagKey":"env","TagValue":"prod"}]    |
    Then the call succeeds
    When I call ListResourceTags with:
      | KeyId | ${a1} |
    Then the call succeeds
    And the response field "Tags.Tag.0.TagKey" is "env"
    And the response field "Tags.Tag.0.KeyId" is "${k1}"
    When I call UntagResource with:
      | KeyId   | ${a1}    |
      | TagKeys | ["env"]  |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag" has 0 items

  @TagResource @ListResourceTags @documented
  Scenario: The tag APIs accept the key ARN as KeyId
    Given a key k1
    When I call TagResource with:
      | KeyId | ${k1.arn}                               |
      | Tags  | [{"TagKey":"env","TagValue":"prod"}]    |
    Then the call succeeds
    When I call ListResourceTags on k1
    Then the response field "Tags.Tag.0.TagValue" is "prod"

  @TagResource @documented
  Scenario: TagResource on a key that does not exist is Forbidden.KeyNotFound
    When I call TagResource with:
      | KeyId | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a   |
      | Tags  | [{"TagKey":"env","TagValue":"prod"}]   |
    Then the call fails with Forbidden.KeyNotFound

  @UntagResource @documented
  Scenario: UntagResource on a key that does not exist is Forbidden.KeyNotFound
    When I call UntagResource with:
      | KeyId   | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
      | TagKeys | ["env"]                              |
    Then the call fails with Forbidden.KeyNotFound

  @ListResourceTags @documented
  Scenario: ListResourceTags on a key that does not exist is Forbidden.KeyNotFound
    When I call ListResourceTags with:
      | KeyId | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
    Then the call fails with Forbidden.KeyNotFound

  @TagResource @documented
  Scenario: TagResource through an alias that does not exist is Forbidden.AliasNotFound
    When I call TagResource with:
      | KeyId | alias/kmsconf-no-such-alias            |
      | Tags  | [{"TagKey":"env","TagValue":"prod"}]   |
    Then the call fails with Forbidden.AliasNotFound

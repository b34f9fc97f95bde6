@api @secrets
Feature: Secrets Manager: describing, listing, updating and tagging secrets
  DescribeSecret and ListSecrets answer a secret's metadata, never its value; ListSecrets
  filters (D-217) and pages; UpdateSecret changes the description; secrets are tagged with the
  tag APIs of keys, ResourceType secret (docs/spec/secrets.md §4.7-§4.9, keys-v2.md §5.1;
  D-220).

  @DescribeSecret @documented
  Scenario: DescribeSecret answers the secret's metadata
    Given a secret s1 with value "hidden-value"
    When I call DescribeSecret with:
      | SecretName | ${s1} |
    Then the call succeeds
    And the response field "SecretName" is "${s1}"
    And the response field "Arn" is "${s1.arn}"
    And the response field "SecretType" is "Generic"
    And the response field "CreateTime" matches "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
    And the response field "UpdateTime" is not empty
    And the response field "SecretData" is absent

  @DescribeSecret @inferred @D-220
  Scenario: A Generic secret's optional fields are omitted; Tags only with FetchTags
    Given a secret s1 with value "v"
    When I call DescribeSecret with:
      | SecretName | ${s1} |
    Then the response field "AutomaticRotation" is absent
    And the response field "RotationInterval" is absent
    And the response field "ExtendedConfig" is absent
    And the response field "PlannedDeleteTime" is absent
    And the response field "DKMSInstanceId" is absent
    And the response field "Tags" is absent
    When I call TagResources with:
      | ResourceType | secret |
      | ResourceId.1 | ${s1}  |
      | Tag.1.Key    | team   |
      | Tag.1.Value  | blue   |
    And I call DescribeSecret with:
      | SecretName | ${s1} |
      | FetchTags  | true  |
    Then the response field "Tags.Tag.0.TagKey" is "team"
    And the response field "Tags.Tag.0.TagValue" is "blue"

  @DescribeSecret @documented
  Scenario: DescribeSecret of a secret that does not exist is Forbidden.ResourceNotFound
    When I call DescribeSecret with:
      | SecretName | ${prefix}/absent |
    Then the call fails with Forbidden.ResourceNotFound and status 404

  @ListSecrets @inferred @D-217
  Scenario Outline: ListSecrets filtered by <key>
    Given a secret s1 with value "v"
    And a secret s2 with value "v"
    When I call UpdateSecret with:
      | SecretName  | ${s1}              |
      | Description | the payments db    |
    And I call TagResources with:
      | ResourceType | secret       |
      | ResourceId.1 | ${s1}        |
      | Tag.1.Key    | ${prefix}-t  |
      | Tag.1.Value  | ${prefix}-v  |
    And I call ListSecrets with:
      | Filters  | [{"Key":"SecretName","Values":["${s1}","${s2}"]},{"Key":"<key>","Values":["<value>"]}] |
      | FetchTags | true |
    Then the call succeeds
    And the response field "TotalCount" is "<count>"

    Examples:
      | key         | value        | count |
      | SecretName  | ${s2}        | 1     |
      | Description | payments     | 1     |
      | TagKey      | ${prefix}-t  | 1     |
      | TagValue    | ${prefix}-v  | 1     |
      | SecretType  | generic      | 2     |
      | SecretType  | Rds          | 0     |

  @ListSecrets @documented
  Scenario: ListSecrets pages in creation order and never shows a value
    Given a secret s1 with value "v1-secret-value"
    And a secret s2 with value "v2-secret-value"
    When I call ListSecrets with:
      | Filters    | [{"Key":"SecretName","Values":["${s1}","${s2}"]}] |
      | PageSize   | 1                                                 |
      | PageNumber | 2                                                 |
    Then the call succeeds
    And the response field "TotalCount" is "2"
    And the response field "PageNumber" is "2"
    And the response field "SecretList.Secret" has 1 item
    And the response field "SecretList.Secret.0.SecretName" is "${s2}"
    And the response field "SecretList.Secret.0.SecretType" is "Generic"
    And the response field "SecretList.Secret.0.SecretData" is absent

  @ListSecrets @inferred @D-217
  Scenario Outline: ListSecrets refuses <what>
    When I call ListSecrets with:
      | Filters  | <filters> |
      | PageSize | <size>    |
    Then the call fails with InvalidParameter

    Examples:
      | what                      | filters                                      | size |
      | an unknown filter key     | [{"Key":"Colour","Values":["red"]}]          | 10   |
      | an empty filter value     | [{"Key":"SecretName","Values":[""]}]         | 10   |
      | a PageSize of 101         | []                                           | 101  |
      | a PageSize of 0           | []                                           | 0    |

  @UpdateSecret @DescribeSecret @documented
  Scenario: UpdateSecret changes the description
    Given a secret s1 with value "v"
    When I call UpdateSecret with:
      | SecretName  | ${s1}   |
      | Description | renamed |
    Then the call succeeds
    And the response field "SecretName" is "${s1}"
    When I call DescribeSecret with:
      | SecretName | ${s1} |
    Then the response field "Description" is "renamed"

  @UpdateSecret @inferred @D-213
  Scenario Outline: UpdateSecret's custom data (<encoding>) does not apply to a Generic secret
    Given a secret s1 with value "v"
    When I call UpdateSecret with:
      | SecretName | ${s1}   |
      | <param>    | <value> |
    Then the call fails with UnsupportedOperation

    Examples:
      | encoding       | param                            | value              |
      | one JSON value | ExtendedConfig.CustomData        | {"DBName":"app1"}  |
      | flattened      | ExtendedConfig.CustomData.DBName | app1               |

  @UpdateSecret @documented
  Scenario: UpdateSecret of a secret that does not exist is Forbidden.ResourceNotFound
    When I call UpdateSecret with:
      | SecretName  | ${prefix}/absent |
      | Description | x                |
    Then the call fails with Forbidden.ResourceNotFound

  @TagResources @ListTagResources @UntagResources @documented
  Scenario: Secrets are tagged, listed and untagged with ResourceType secret
    Given a secret s1 with value "v"
    When I call TagResources with:
      | ResourceType | secret    |
      | ResourceId.1 | ${s1.arn} |
      | Tag.1.Key    | team      |
      | Tag.1.Value  | green     |
    Then the call succeeds
    When I call ListTagResources with:
      | ResourceType | secret |
      | ResourceId.1 | ${s1}  |
    Then the response field "TagResources.TagResource" has 1 item
    And the response field "TagResources.TagResource.0.ResourceId" is "${s1}"
    And the response field "TagResources.TagResource.0.ResourceType" is "secret"
    And the response field "TagResources.TagResource.0.TagValue" is "green"
    When I call UntagResources with:
      | ResourceType | secret |
      | ResourceId.1 | ${s1}  |
      | TagKey.1     | team   |
    And I call ListTagResources with:
      | ResourceType | secret |
      | ResourceId.1 | ${s1}  |
    Then the response field "TagResources.TagResource" has 0 items

  @TagResources @documented
  Scenario: Tagging a secret that does not exist is InvalidResourceId.NotFound
    When I call TagResources with:
      | ResourceType | secret           |
      | ResourceId.1 | ${prefix}/absent |
      | Tag.1.Key    | team             |
      | Tag.1.Value  | green            |
    Then the call fails with InvalidResourceId.NotFound

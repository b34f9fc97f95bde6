@api @aliases
Feature: Aliases
  An alias `alias/<1..255 of [A-Za-z0-9_/-]>` names one key; a key may have many aliases, and
  `alias/acs…` is reserved (docs/spec/kms-api.md §2.3 CreateAlias, UpdateAlias, DeleteAlias, ListAliases,
  ListAliasesByKeyId). Literal alias names are unique within each scenario.

  @CreateAlias @ListAliases @documented
  Scenario: A created alias is listed by ListAliases with its key id
    Given a key k1
    When I call CreateAlias with:
      | AliasName | alias/kmsconf-app |
      | KeyId     | ${k1}             |
    Then the call succeeds
    When I call ListAliases with:
      | PageSize | 100 |
    Then the call succeeds
    And the response field "Aliases.Alias" contains "alias/kmsconf-app"
    And the response field "Aliases.Alias" contains "${k1}"

  @CreateAlias @ListAliasesByKeyId @documented
  Scenario: A listed alias carries AliasName, KeyId and an AliasArn of acs:kms:<region>:<account>:alias/<name>
    Given a key k1
    When I call CreateAlias with:
      | AliasName | alias/kmsconf-arn |
      | KeyId     | ${k1}             |
    Then the call succeeds
    When I call ListAliasesByKeyId on k1
    Then the call succeeds
    And the response field "Aliases.Alias" has 1 item
    And the response field "Aliases.Alias.0.AliasName" is "alias/kmsconf-arn"
    And the response field "Aliases.Alias.0.KeyId" is "${k1}"
    And the response field "Aliases.Alias.0.AliasArn" matches "acs:kms:[a-z0-9-]+:[0-9]{16}:alias/kmsconf-arn"
    And the response field "TotalCount" is "1"

  @CreateAlias @ListAliasesByKeyId @documented
  Scenario: A key may have several aliases
    Given a key k1
    And an alias a1 for k1
    And an alias a2 for k1
    When I call ListAliasesByKeyId on k1
    Then the call succeeds
    And the response field "Aliases.Alias" has 2 items
    And the response field "Aliases.Alias" contains "${a1}"
    And the response field "Aliases.Alias" contains "${a2}"
    And the response field "TotalCount" is "2"

  @ListAliasesByKeyId @documented
  Scenario: ListAliasesByKeyId lists only the aliases of that key
    Given a key k1
    And a key k2
    And an alias a1 for k1
    And an alias a2 for k2
    When I call ListAliasesByKeyId on k2
    Then the call succeeds
    And the response field "Aliases.Alias" has 1 item
    And the response field "Aliases.Alias" contains "${a2}"
    And the response field "Aliases.Alias" does not contain "${a1}"

  @ListAliasesByKeyId @documented
  Scenario: ListAliasesByKeyId of a key without aliases is an empty list
    Given a key k1
    When I call ListAliasesByKeyId on k1
    Then the call succeeds
    And the response field "Aliases.Alias" has 0 items
    And the response field "TotalCount" is "0"

  @CreateAlias @documented
  Scenario Outline: CreateAlias accepts the valid name <name>
    Given a key k1
    When I call CreateAlias with:
      | AliasName | <name> |
      | KeyId     | ${k1}  |
    Then the call succeeds

    Examples:
      | name                       |
      | alias/a                    |
      | alias/My_Key-1/prod        |
      | alias/0123456789           |

  @CreateAlias @documented
  Scenario Outline: CreateAlias rejects the alias name <case> as InvalidParameter
    Given a key k1
    When I call CreateAlias with:
      | AliasName | <name> |
      | KeyId     | ${k1}  |
    Then the call fails with InvalidParameter
    And the error message mentions "AliasName"

    Examples:
      | case                       | name                  |
      | without the alias/ prefix  | kmsconf-app           |
      | with another prefix        | aliases/kmsconf-app   |
      | with an empty suffix       | alias/                |
      | with a space               | alias/kmsconf app     |
      | with a dot                 | alias/kmsconf.app     |
      | with an asterisk           | alias/kmsconf*        |
      | with a colon               | alias/kmsconf:app     |
      | alias/acs (reserved)       | alias/acs             |
      | alias/acs/x (reserved)     | alias/acs/x           |
      | alias/acs-app (reserved)   | alias/acs-app         |

  @CreateAlias @UpdateAlias @Encrypt @DeleteAlias @inferred @D-077
  Scenario: An alias name of alias/ and 255 characters (261 in all) works with every alias API
    Given a key k1
    And a key k2
    When I call CreateAlias with:
      | AliasName | alias/${repeat:255:b} |
      | KeyId     | ${k1}                 |
    Then the call succeeds
    When I call Encrypt with:
      | KeyId     | alias/${repeat:255:b} |
      | Plaintext | bG9uZyBhbGlhcw==      |
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    When I call UpdateAlias with:
      | AliasName | alias/${repeat:255:b} |
      | KeyId     | ${k2}                 |
    Then the call succeeds
    When I call DeleteAlias with:
      | AliasName | alias/${repeat:255:b} |
    Then the call succeeds

  @CreateAlias @UpdateAlias @DeleteAlias @inferred @D-077
  Scenario Outline: <api> with alias/ and 256 characters is InvalidParameter
    Given a key k1
    When I call <api> with:
      | AliasName | alias/${repeat:256:c} |
      | KeyId     | ${k1}                 |
    Then the call fails with InvalidParameter
    And the error message mentions "AliasName"

    Examples:
      | api         |
      | CreateAlias |
      | UpdateAlias |

  @DeleteAlias @inferred @D-077
  Scenario: DeleteAlias with alias/ and 256 characters is InvalidParameter
    When I call DeleteAlias with:
      | AliasName | alias/${repeat:256:c} |
    Then the call fails with InvalidParameter
    And the error message mentions "AliasName"

  @CreateAlias @documented
  Scenario: CreateAlias with a name already in use is AliasAlreadyExists
    Given a key k1
    And a key k2
    When I call CreateAlias with:
      | AliasName | alias/kmsconf-dup |
      | KeyId     | ${k1}             |
    Then the call succeeds
    When I call CreateAlias with:
      | AliasName | alias/kmsconf-dup |
      | KeyId     | ${k2}             |
    Then the call fails with AliasAlreadyExists
    When I call DescribeKey with:
      | KeyId | alias/kmsconf-dup |
    Then the response field "KeyMetadata.KeyId" is "${k1}"

  @CreateAlias @documented
  Scenario: CreateAlias with the same name for the same key again is AliasAlreadyExists
    Given a key k1
    And an alias a1 for k1
    When I call CreateAlias with:
      | AliasName | ${a1} |
      | KeyId     | ${k1} |
    Then the call fails with AliasAlreadyExists

  @CreateAlias @documented
  Scenario: CreateAlias for a key that does not exist is Forbidden.KeyNotFound
    When I call CreateAlias with:
      | AliasName | alias/kmsconf-orphan                 |
      | KeyId     | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
    Then the call fails with Forbidden.KeyNotFound

  @CreateAlias @inferred @D-018
  Scenario: CreateAlias with an alias as KeyId is Unsupported.Alias
    Given a key k1
    And an alias a1 for k1
    When I call CreateAlias with:
      | AliasName | alias/kmsconf-second |
      | KeyId     | ${a1}                |
    Then the call fails with Unsupported.Alias

  @CreateAlias @documented
  Scenario: CreateAlias without AliasName is MissingParameter
    Given a key k1
    When I call CreateAlias with:
      | KeyId | ${k1} |
    Then the call fails with MissingParameter
    And the error message mentions "AliasName"

  @CreateAlias @documented
  Scenario: CreateAlias without KeyId is MissingParameter
    When I call CreateAlias with:
      | AliasName | alias/kmsconf-nokey |
    Then the call fails with MissingParameter
    And the error message mentions "KeyId"

  @CreateAlias @Encrypt @Decrypt @documented
  Scenario: Encrypt through an alias uses the key it names
    Given a key k1
    And an alias a1 for k1
    When I encrypt "aGVsbG8=" under a1
    Then the call succeeds
    And the response field "KeyId" is "${k1}"
    And I save the response field "CiphertextBlob" as blob1
    And blob1 decrypts to "aGVsbG8="

  @UpdateAlias @documented
  Scenario: UpdateAlias rebinds the alias to another key
    Given a key k1
    And a key k2
    And an alias a1 for k1
    When I call UpdateAlias with:
      | AliasName | ${a1} |
      | KeyId     | ${k2} |
    Then the call succeeds
    When I call DescribeKey with:
      | KeyId | ${a1} |
    Then the call succeeds
    And the response field "KeyMetadata.KeyId" is "${k2}"
    When I call ListAliasesByKeyId on k1
    Then the response field "Aliases.Alias" has 0 items
    When I call ListAliasesByKeyId on k2
    Then the response field "Aliases.Alias" contains "${a1}"

  @UpdateAlias @Encrypt @documented
  Scenario: After UpdateAlias, Encrypt through the alias uses the new key
    Given a key k1
    And a key k2
    And an alias a1 for k1
    When I call UpdateAlias with:
      | AliasName | ${a1} |
      | KeyId     | ${k2} |
    Then the call succeeds
    When I encrypt "aGVsbG8=" under a1
    Then the call succeeds
    And the response field "KeyId" is "${k2}"
    And the response field "KeyVersionId" is "${k2.version}"

  @UpdateAlias @inferred @D-023
  Scenario: UpdateAlias of an alias that does not exist is Forbidden.AliasNotFound
    Given a key k1
    When I call UpdateAlias with:
      | AliasName | alias/kmsconf-never-made |
      | KeyId     | ${k1}                    |
    Then the call fails with Forbidden.AliasNotFound

  @UpdateAlias @documented
  Scenario: UpdateAlias to a key that does not exist is Forbidden.KeyNotFound
    Given a key k1
    And an alias a1 for k1
    When I call UpdateAlias with:
      | AliasName | ${a1}                                |
      | KeyId     | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
    Then the call fails with Forbidden.KeyNotFound
    When I call DescribeKey with:
      | KeyId | ${a1} |
    Then the response field "KeyMetadata.KeyId" is "${k1}"

  @UpdateAlias @documented
  Scenario: UpdateAlias with a malformed alias name is InvalidParameter
    Given a key k1
    When I call UpdateAlias with:
      | AliasName | kmsconf-no-prefix |
      | KeyId     | ${k1}             |
    Then the call fails with InvalidParameter
    And the error message mentions "AliasName"

  @DeleteAlias @documented
  Scenario: DeleteAlias removes the alias and leaves the key alone
    Given a key k1
    And an alias a1 for k1
    When I call DeleteAlias with:
      | AliasName | ${a1} |
    Then the call succeeds
    When I call DescribeKey with:
      | KeyId | ${a1} |
    Then the call fails with Forbidden.AliasNotFound
    And key k1 is in state Enabled
    When I call ListAliasesByKeyId on k1
    Then the response field "Aliases.Alias" has 0 items

  @DeleteAlias @documented
  Scenario: After DeleteAlias the key still encrypts by id and the alias name can be reused
    Given a key k1
    And a key k2
    And an alias a1 for k1
    When I call DeleteAlias with:
      | AliasName | ${a1} |
    Then the call succeeds
    When I encrypt "aGVsbG8=" under k1
    Then the call succeeds
    When I call CreateAlias with:
      | AliasName | ${a1} |
      | KeyId     | ${k2} |
    Then the call succeeds

  @DeleteAlias @documented
  Scenario: DeleteAlias keeps the other aliases of the key
    Given a key k1
    And an alias a1 for k1
    And an alias a2 for k1
    When I call DeleteAlias with:
      | AliasName | ${a1} |
    Then the call succeeds
    When I call ListAliasesByKeyId on k1
    Then the response field "Aliases.Alias" has 1 item
    And the response field "Aliases.Alias" contains "${a2}"

  @DeleteAlias @inferred @D-023
  Scenario: DeleteAlias of an alias that does not exist is Forbidden.AliasNotFound
    When I call DeleteAlias with:
      | AliasName | alias/kmsconf-never-made |
    Then the call fails with Forbidden.AliasNotFound

  @DeleteAlias @documented
  Scenario: DeleteAlias without AliasName is MissingParameter
    When I call DeleteAlias
    Then the call fails with MissingParameter
    And the error message mentions "AliasName"

  @ListAliases @documented
  Scenario: ListAliases pages with PageSize and PageNumber
    Given a key k1
    And an alias a1 for k1
    And an alias a2 for k1
    And an alias a3 for k1
    When I call ListAliases with:
      | PageSize   | 2 |
      | PageNumber | 1 |
    Then the call succeeds
    And the response field "Aliases.Alias" has 2 items
    And the response field "PageNumber" is "1"
    And the response field "PageSize" is "2"
    When I call ListAliases with:
      | PageSize   | 100 |
    Then the call succeeds
    And the response field "Aliases.Alias" contains "${a1}"
    And the response field "Aliases.Alias" contains "${a2}"
    And the response field "Aliases.Alias" contains "${a3}"

  @ListAliases @documented @needs-fresh-account
  Scenario: ListAliases of a fresh account reports TotalCount and the last partial page
    # Exact counts assume no other aliases in the account, which holds for a fresh reference.
    Given a key k1
    And an alias a1 for k1
    And an alias a2 for k1
    And an alias a3 for k1
    When I call ListAliases with:
      | PageSize   | 2 |
      | PageNumber | 2 |
    Then the call succeeds
    And the response field "Aliases.Alias" has 1 item
    And the response field "TotalCount" is "3"
    And the response field "PageNumber" is "2"

  @ListAliases @documented
  Scenario: ListAliases defaults to PageNumber 1 and PageSize 10
    Given a key k1
    And an alias a1 for k1
    When I call ListAliases
    Then the call succeeds
    And the response field "PageNumber" is "1"
    And the response field "PageSize" is "10"

  @ListAliasesByKeyId @documented
  Scenario: ListAliasesByKeyId pages with PageSize and PageNumber
    Given a key k1
    And an alias a1 for k1
    And an alias a2 for k1
    And an alias a3 for k1
    When I call ListAliasesByKeyId with:
      | KeyId      | ${k1} |
      | PageSize   | 2     |
      | PageNumber | 2     |
    Then the call succeeds
    And the response field "Aliases.Alias" has 1 item
    And the response field "TotalCount" is "3"
    And the response field "PageNumber" is "2"
    And the response field "PageSize" is "2"

  # ListAliases `PageSize` 0 to 100, ListAliasesByKeyId 0 to 101 (docs/spec/kms-api.md §2.3
  # ListAliases, ListAliasesByKeyId; META24, SDK331).
  @ListAliases @documented
  Scenario Outline: ListAliases with PageSize <size> is <outcome>
    When I call ListAliases with:
      | PageSize | <size> |
    Then the outcome is <outcome>

    Examples:
      | size | outcome          |
      | 100  | Success          |
      | 101  | InvalidParameter |
      | -1   | InvalidParameter |

  @ListAliasesByKeyId @documented
  Scenario Outline: ListAliasesByKeyId with PageSize <size> is <outcome>
    Given a key k1
    When I call ListAliasesByKeyId with:
      | KeyId    | ${k1}  |
      | PageSize | <size> |
    Then the outcome is <outcome>

    Examples:
      | size | outcome          |
      | 101  | Success          |
      | 102  | InvalidParameter |
      | -1   | InvalidParameter |

  @ListAliases @ListAliasesByKeyId @inferred @D-021
  Scenario: PageSize 0 of ListAliases and ListAliasesByKeyId answers pages of the default size 10
    Given a key k1
    And an alias a1 for k1
    When I call ListAliases with:
      | PageSize | 0 |
    Then the call succeeds
    And the response field "PageSize" is "10"
    And the response field "Aliases.Alias" is not empty
    When I call ListAliasesByKeyId with:
      | KeyId    | ${k1} |
      | PageSize | 0     |
    Then the call succeeds
    And the response field "PageSize" is "10"
    And the response field "Aliases.Alias" contains "${a1}"

  @ListAliases @inferred @D-021
  Scenario Outline: ListAliases with <param> <value> is InvalidParameter
    When I call ListAliases with:
      | <param> | <value> |
    Then the call fails with InvalidParameter
    And the error message mentions "<param>"

    Examples:
      | param      | value |
      | PageNumber | 0     |
      | PageSize   | many  |

  @ListAliasesByKeyId @inferred @D-023
  Scenario: ListAliasesByKeyId of a key that does not exist is Forbidden.KeyNotFound
    When I call ListAliasesByKeyId with:
      | KeyId | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
    Then the call fails with Forbidden.KeyNotFound

  @ListAliasesByKeyId @documented
  Scenario: ListAliasesByKeyId accepts the key ARN
    Given a key k1
    And an alias a1 for k1
    When I call ListAliasesByKeyId with:
      | KeyId | ${k1.arn} |
    Then the call succeeds
    And the response field "Aliases.Alias" contains "${a1}"

  @ListAliasesByKeyId @documented
  Scenario: ListAliasesByKeyId without KeyId is MissingParameter
    When I call ListAliasesByKeyId
    Then the call fails with MissingParameter
    And the error message mentions "KeyId"

  # Limits (docs/spec/kms-api.md §8; PAGE-LIM): 300 aliases per account and region, then
  # `Rejected.LimitExceeded` (400, CreateAlias's documented list).
  @CreateAlias @documented @needs-fresh-account
  Scenario: The 301st alias of an account is Rejected.LimitExceeded
    Given a key k1
    And aliases of k1 until the account holds 300
    When I call CreateAlias with:
      | AliasName | alias/one-too-many |
      | KeyId     | ${k1}              |
    Then the call fails with Rejected.LimitExceeded and status 400

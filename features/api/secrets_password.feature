@api @secrets
Feature: Secrets Manager: GetRandomPassword
  GetRandomPassword draws a password of 8 to 128 characters (default 32) from lowercase,
  uppercase, digits and 31 punctuation marks, minus the excluded classes and characters, with at
  least one of each included class unless RequireEachIncludedType is false
  (docs/spec/secrets.md §4.15; D-214).

  @GetRandomPassword @inferred @D-214
  Scenario: The default password has 32 characters of every class
    When I call GetRandomPassword
    Then the call succeeds
    And the response field "RandomPassword" matches "[^` ]{32}"
    And the response field "RandomPassword" matches ".*[a-z].*"
    And the response field "RandomPassword" matches ".*[A-Z].*"
    And the response field "RandomPassword" matches ".*[0-9].*"
    And the response field "RandomPassword" matches ".*[^0-9a-zA-Z].*"

  @GetRandomPassword @inferred @D-214
  Scenario Outline: GetRandomPassword with <options>
    When I call GetRandomPassword with:
      | PasswordLength     | <length>  |
      | ExcludeUppercase   | <upper>   |
      | ExcludePunctuation | <punct>   |
      | ExcludeNumbers     | <numbers> |
      | ExcludeCharacters  | <chars>   |
    Then the call succeeds
    And the response field "RandomPassword" matches "<pattern>"

    Examples:
      | options                            | length | upper | punct | numbers | chars | pattern       |
      | the shortest length                | 8      | false | false | false   |       | .{8}          |
      | the longest length                 | 128    | false | false | false   |       | .{128}        |
      | no punctuation (the walk-through)  | 20     | false | true  | false   |       | [0-9a-zA-Z]{20} |
      | lowercase and digits               | 64     | true  | true  | false   |       | [0-9a-z]{64}  |
      | lowercase only, no vowels          | 64     | true  | true  | true    | aeiou | [b-df-hj-np-tv-z]{64} |

  @GetRandomPassword @inferred @D-214
  Scenario Outline: GetRandomPassword refuses <what>
    When I call GetRandomPassword with:
      | PasswordLength     | <length> |
      | ExcludeLowercase   | <lower>  |
      | ExcludeUppercase   | true     |
      | ExcludeNumbers     | true     |
      | ExcludePunctuation | <punct>  |
    Then the call fails with InvalidParameter and status 400

    Examples:
      | what                        | length | lower | punct |
      | a length of 7               | 7      | false | false |
      | a length of 129             | 129    | false | false |
      | a length that is not a number | ten  | false | false |
      | every class excluded        | 16     | true  | true  |
      | a flag that is not boolean  | 16     | maybe | false |

  @GetRandomPassword @inferred @D-214
  Scenario: Without RequireEachIncludedType a password need not mix classes
    When I call GetRandomPassword with:
      | PasswordLength          | 8     |
      | RequireEachIncludedType | false |
    Then the call succeeds
    And the response field "RandomPassword" matches ".{8}"

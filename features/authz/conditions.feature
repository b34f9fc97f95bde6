@authz
Feature: Policy conditions
  A statement matches only when its whole Condition block is true. Values under one key are
  ORed; several keys under one operator, and several operators, are ANDed. The operator
  families are String*, Numeric*, Date*, Bool and IpAddress/NotIpAddress, on the global keys
  acs:CurrentTime, acs:SecureTransport, acs:SourceIp, acs:MFAPresent and the KMS keys
  kms:tag/<TagKey> and kms:EncryptionAlgorithm (docs/spec/kms-api.md §5.2, §5.3). Tags are set by the
  account (root). A condition key the request does not carry makes the condition false, negated
  operators included (docs/spec/decisions.md D-045, D-046).

  # ---- String operators on kms:tag/Project = Apollo ----

  @TagResource @Encrypt @documented @needs-ram
  Scenario Outline: <operator> on kms:tag/Project = Apollo against <value> -> <outcome>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"<operator>":{"kms:tag/Project":"<value>"}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                                      |
      | Tags  | [{"TagKey":"Project","TagValue":"Apollo"}] |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the outcome is <outcome>

    Examples:
      | operator                  | value  | outcome                |
      | StringEquals              | Apollo | Success                |
      | StringEquals              | apollo | Forbidden.NoPermission |
      | StringEquals              | Gemini | Forbidden.NoPermission |
      | StringNotEquals           | Gemini | Success                |
      | StringNotEquals           | apollo | Success                |
      | StringNotEquals           | Apollo | Forbidden.NoPermission |
      | StringEqualsIgnoreCase    | APOLLO | Success                |
      | StringEqualsIgnoreCase    | Gemini | Forbidden.NoPermission |
      | StringNotEqualsIgnoreCase | GEMINI | Success                |
      | StringNotEqualsIgnoreCase | aPoLLo | Forbidden.NoPermission |
      | StringLike                | Apo*   | Success                |
      | StringLike                | Apol?o | Success                |
      | StringLike                | *      | Success                |
      | StringLike                | apo*   | Forbidden.NoPermission |
      | StringLike                | Gem*   | Forbidden.NoPermission |
      | StringLike                | Apo?   | Forbidden.NoPermission |
      | StringNotLike             | Gem*   | Success                |
      | StringNotLike             | apo*   | Success                |
      | StringNotLike             | A*o    | Forbidden.NoPermission |
      | StringNotLike             | Apoll? | Forbidden.NoPermission |

  # ---- Numeric operators on kms:tag/Level = 5 ----

  @TagResource @Encrypt @documented @needs-ram
  Scenario Outline: <operator> on kms:tag/Level = 5 against <value> -> <outcome>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"<operator>":{"kms:tag/Level":"<value>"}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                               |
      | Tags  | [{"TagKey":"Level","TagValue":"5"}] |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the outcome is <outcome>

    Examples:
      | operator                 | value | outcome                |
      | NumericEquals            | 5     | Success                |
      | NumericEquals            | 6     | Forbidden.NoPermission |
      | NumericNotEquals         | 6     | Success                |
      | NumericNotEquals         | 5     | Forbidden.NoPermission |
      | NumericLessThan          | 6     | Success                |
      | NumericLessThan          | 5     | Forbidden.NoPermission |
      | NumericLessThanEquals    | 5     | Success                |
      | NumericLessThanEquals    | 4     | Forbidden.NoPermission |
      | NumericGreaterThan       | 4     | Success                |
      | NumericGreaterThan       | 5     | Forbidden.NoPermission |
      | NumericGreaterThanEquals | 5     | Success                |
      | NumericGreaterThanEquals | 6     | Forbidden.NoPermission |

  @TagResource @Encrypt @documented @needs-ram
  Scenario: Numeric operators compare numbers, not strings: 10 is greater than 9
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"NumericGreaterThan":{"kms:tag/Level":"9"}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                                |
      | Tags  | [{"TagKey":"Level","TagValue":"10"}] |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  # ---- Date operators on acs:CurrentTime ----

  @Encrypt @documented @needs-ram
  Scenario Outline: <operator> on acs:CurrentTime against <value> -> <outcome>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"<operator>":{"acs:CurrentTime":"<value>"}}}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the outcome is <outcome>

    Examples:
      | operator              | value                     | outcome                |
      | DateGreaterThan       | 2000-01-01T00:00:00Z      | Success                |
      | DateGreaterThan       | 2999-01-01T00:00:00Z      | Forbidden.NoPermission |
      | DateGreaterThanEquals | 2000-01-01T00:00:00+08:00 | Success                |
      | DateGreaterThanEquals | 2999-01-01T00:00:00+08:00 | Forbidden.NoPermission |
      | DateLessThan          | 2999-01-01T00:00:00Z      | Success                |
      | DateLessThan          | 2000-01-01T00:00:00Z      | Forbidden.NoPermission |
      | DateLessThanEquals    | 2999-01-01T00:00:00+08:00 | Success                |
      | DateLessThanEquals    | 2000-01-01T00:00:00+08:00 | Forbidden.NoPermission |
      | DateNotEquals         | 2000-01-01T00:00:00Z      | Success                |
      | DateEquals            | 2000-01-01T00:00:00Z      | Forbidden.NoPermission |

  @Encrypt @documented @needs-ram
  Scenario: A time window from the far past to the far future (two Date operators ANDed) allows the call
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"DateGreaterThan":{"acs:CurrentTime":"2000-01-01T00:00:00Z"},
                     "DateLessThan":{"acs:CurrentTime":"2999-01-01T00:00:00Z"}}}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @Encrypt @documented @needs-ram
  Scenario: A time window that ended in the past (two Date operators ANDed) denies the call
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"DateGreaterThan":{"acs:CurrentTime":"2000-01-01T00:00:00Z"},
                     "DateLessThan":{"acs:CurrentTime":"2001-01-01T00:00:00Z"}}}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  # ---- Bool: acs:SecureTransport and acs:MFAPresent ----

  @Encrypt @needs-context @documented @needs-ram
  Scenario Outline: Bool acs:SecureTransport = <value> for a call over <transport> -> <outcome>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"Bool":{"acs:SecureTransport":"<value>"}}}]}
      """
    And user alice calls over <transport>
    When alice encrypts "aGVsbG8=" under k1
    Then the outcome is <outcome>

    Examples:
      | transport | value | outcome                |
      | HTTPS     | true  | Success                |
      | HTTP      | true  | Forbidden.NoPermission |
      | HTTP      | false | Success                |
      | HTTPS     | false | Forbidden.NoPermission |

  @Encrypt @needs-context @documented @needs-ram
  Scenario: A Deny of calls over plain HTTP stops them and lets HTTPS through
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Effect":"Allow","Action":"kms:*","Resource":"*"},
        {"Effect":"Deny","Action":"kms:*","Resource":"*","Condition":{"Bool":{"acs:SecureTransport":"false"}}}]}
      """
    And user alice calls over HTTP
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied
    Given user alice calls over HTTPS
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @Encrypt @needs-context @documented @needs-ram
  Scenario: Bool acs:MFAPresent = true allows a user who signed in with MFA
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"Bool":{"acs:MFAPresent":"true"}}}]}
      """
    And user alice signed in with MFA
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @Encrypt @documented @needs-ram
  Scenario: Bool acs:MFAPresent = true denies a user who did not sign in with MFA
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"Bool":{"acs:MFAPresent":"true"}}}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  # ---- IpAddress / NotIpAddress on acs:SourceIp ----

  @Encrypt @needs-context @documented @needs-ram
  Scenario Outline: <operator> <range> for a call from 10.1.2.3 -> <outcome>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"<operator>":{"acs:SourceIp":"<range>"}}}]}
      """
    And user alice calls from 10.1.2.3
    When alice encrypts "aGVsbG8=" under k1
    Then the outcome is <outcome>

    Examples:
      | operator     | range          | outcome                |
      | IpAddress    | 10.1.2.3       | Success                |
      | IpAddress    | 10.1.2.4       | Forbidden.NoPermission |
      | IpAddress    | 10.1.0.0/16    | Success                |
      | IpAddress    | 10.1.2.3/32    | Success                |
      | IpAddress    | 10.2.0.0/16    | Forbidden.NoPermission |
      | IpAddress    | 10.1.2.0/30    | Success                |
      | IpAddress    | 10.1.2.4/30    | Forbidden.NoPermission |
      | NotIpAddress | 192.168.0.0/16 | Success                |
      | NotIpAddress | 10.1.2.4       | Success                |
      | NotIpAddress | 10.0.0.0/8     | Forbidden.NoPermission |
      | NotIpAddress | 10.1.2.3       | Forbidden.NoPermission |

  @Encrypt @needs-context @documented @needs-ram
  Scenario: IpAddress values are ORed: a list of a foreign CIDR and the caller's address allows
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"IpAddress":{"acs:SourceIp":["192.168.0.0/16","10.1.2.3"]}}}]}
      """
    And user alice calls from 10.1.2.3
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @Encrypt @needs-context @documented @needs-ram
  Scenario: NotIpAddress with a list is true only when the address is in none of the ranges
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"NotIpAddress":{"acs:SourceIp":["192.168.0.0/16","10.1.0.0/16"]}}}]}
      """
    And user alice calls from 10.1.2.3
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  # ---- kms:EncryptionAlgorithm ----

  @Encrypt @documented @needs-ram
  Scenario: StringEquals kms:EncryptionAlgorithm = SYMMETRIC_DEFAULT allows Encrypt under a symmetric key
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"StringEquals":{"kms:EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}}}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @Encrypt @documented @needs-ram
  Scenario: StringEquals kms:EncryptionAlgorithm = RSAES_OAEP_SHA_256 denies Encrypt under a symmetric key
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"StringEquals":{"kms:EncryptionAlgorithm":"RSAES_OAEP_SHA_256"}}}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  @Decrypt @GenerateDataKey @documented @needs-ram
  Scenario: kms:EncryptionAlgorithm = SYMMETRIC_DEFAULT also holds for Decrypt and GenerateDataKey
    Given a key k1
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"*",
        "Condition":{"StringEquals":{"kms:EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}}}]}
      """
    When alice decrypts blob1
    Then the call succeeds
    When alice calls GenerateDataKey on k1
    Then the call succeeds

  @DescribeKey @inferred @needs-ram @D-045 @D-046
  Scenario: kms:EncryptionAlgorithm is absent from DescribeKey, so a condition on it is false there
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"*",
        "Condition":{"StringEquals":{"kms:EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}}}]}
      """
    When alice calls DescribeKey on k1
    Then the call is denied

  # ---- Combination logic ----

  @TagResource @Encrypt @documented @needs-ram
  Scenario Outline: Values under one key are ORed: kms:tag/Project in [Gemini, Apollo] with the key tagged <value> -> <outcome>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"StringEquals":{"kms:tag/Project":["Gemini","Apollo"]}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                                       |
      | Tags  | [{"TagKey":"Project","TagValue":"<value>"}] |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the outcome is <outcome>

    Examples:
      | value   | outcome                |
      | Apollo  | Success                |
      | Gemini  | Success                |
      | Mercury | Forbidden.NoPermission |

  @TagResource @Encrypt @documented @needs-ram
  Scenario Outline: A negated operator with several values is true only when none matches: StringNotEquals [Gemini, Apollo] with <value> -> <outcome>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"StringNotEquals":{"kms:tag/Project":["Gemini","Apollo"]}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                                       |
      | Tags  | [{"TagKey":"Project","TagValue":"<value>"}] |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the outcome is <outcome>

    Examples:
      | value   | outcome                |
      | Mercury | Success                |
      | Apollo  | Forbidden.NoPermission |
      | Gemini  | Forbidden.NoPermission |

  @TagResource @Encrypt @documented @needs-ram
  Scenario Outline: Two keys under one operator are ANDed: Project=Apollo and Env=prod with tags <tags> -> <outcome>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"StringEquals":{"kms:tag/Project":"Apollo","kms:tag/Env":"prod"}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}  |
      | Tags  | <tags> |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the outcome is <outcome>

    Examples:
      | tags                                                                          | outcome                |
      | [{"TagKey":"Project","TagValue":"Apollo"},{"TagKey":"Env","TagValue":"prod"}] | Success                |
      | [{"TagKey":"Project","TagValue":"Apollo"}]                                    | Forbidden.NoPermission |
      | [{"TagKey":"Env","TagValue":"prod"}]                                          | Forbidden.NoPermission |
      | [{"TagKey":"Project","TagValue":"Apollo"},{"TagKey":"Env","TagValue":"dev"}]  | Forbidden.NoPermission |

  @TagResource @Encrypt @documented @needs-ram
  Scenario Outline: Two operators are ANDed: StringEquals Project=Apollo and NumericGreaterThan Level>3 with Level=<level> -> <outcome>
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"StringEquals":{"kms:tag/Project":"Apollo"},
                     "NumericGreaterThan":{"kms:tag/Level":"3"}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                                                                              |
      | Tags  | [{"TagKey":"Project","TagValue":"Apollo"},{"TagKey":"Level","TagValue":"<level>"}] |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the outcome is <outcome>

    Examples:
      | level | outcome                |
      | 5     | Success                |
      | 2     | Forbidden.NoPermission |

  @TagResource @Encrypt @documented @needs-ram
  Scenario: A conditional Deny applies only when its condition holds
    Given a key k1
    And a key k2
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"},
        {"Effect":"Deny","Action":"kms:Encrypt","Resource":"*",
         "Condition":{"StringEquals":{"kms:tag/Env":"prod"}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                                |
      | Tags  | [{"TagKey":"Env","TagValue":"prod"}] |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied
    When alice encrypts "aGVsbG8=" under k2
    Then the call succeeds

  # ---- Absent condition keys ----

  @Encrypt @inferred @needs-ram @D-045
  Scenario Outline: An absent condition key makes <operator> false: an untagged key with kms:tag/Project -> denied
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"<operator>":{"kms:tag/Project":"<value>"}}}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

    Examples:
      | operator                  | value  |
      | StringEquals              | Apollo |
      | StringNotEquals           | Gemini |
      | StringNotEqualsIgnoreCase | Gemini |
      | StringNotLike             | Gem*   |
      | StringLike                | *      |
      | NumericNotEquals          | 5      |

  @TagResource @Encrypt @inferred @needs-ram @D-045
  Scenario: A key tagged otherwise still lacks kms:tag/Project, so StringNotEquals on it is false
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
        "Condition":{"StringNotEquals":{"kms:tag/Project":"Gemini"}}}]}
      """
    When I call TagResource with:
      | KeyId | ${k1}                                |
      | Tags  | [{"TagKey":"Env","TagValue":"prod"}] |
    Then the call succeeds
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied

  @TagResource @Encrypt @inferred @needs-ram @D-045
  Scenario: A Deny whose condition key is absent does not apply
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"},
        {"Effect":"Deny","Action":"kms:Encrypt","Resource":"*",
         "Condition":{"StringNotEquals":{"kms:tag/Project":"Apollo"}}}]}
      """
    When alice encrypts "aGVsbG8=" under k1
    Then the call succeeds

  @CreateKey @ListKeys @inferred @needs-ram @D-045 @D-046
  Scenario Outline: <api> on the key container carries no kms:tag keys, so a tag condition denies it
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:<api>","Resource":"*",
        "Condition":{"StringNotEquals":{"kms:tag/Project":"Gemini"}}}]}
      """
    When alice calls <api> on k1 with typical parameters
    Then the call is denied

    Examples:
      | api       |
      | CreateKey |
      | ListKeys  |

@api
Feature: Key policies
  GetKeyPolicy and SetKeyPolicy are for keys in KMS instances; every reference key is a default
  key, so once the key is found the answer is Forbidden.KeyPolicyUnSupported (400), and a policy
  name other than `default` is Forbidden.ResourceNotFound (404) (docs/spec/keys-v2.md §5.6,
  Appendix A; D-126).

  @GetKeyPolicy @SetKeyPolicy @inferred @D-126
  Scenario Outline: <api> of a default key is Forbidden.KeyPolicyUnSupported
    Given a key k1
    When I call <api> with:
      | KeyId      | <keyid>                        |
      | PolicyName | default                        |
      | Policy     | {"Version":"1","Statement":[]} |
    Then the call fails with Forbidden.KeyPolicyUnSupported and status 400
    And the error message mentions "does not support key policy"

    Examples:
      | api          | keyid     |
      | GetKeyPolicy | ${k1}     |
      | GetKeyPolicy | ${k1.arn} |
      | SetKeyPolicy | ${k1}     |
      | SetKeyPolicy | ${k1.arn} |

  @GetKeyPolicy @SetKeyPolicy @inferred @D-126
  Scenario Outline: <api> of a policy other than default is Forbidden.ResourceNotFound
    Given a key k1
    When I call <api> with:
      | KeyId      | ${k1}                          |
      | PolicyName | other                          |
      | Policy     | {"Version":"1","Statement":[]} |
    Then the call fails with Forbidden.ResourceNotFound and status 404
    And the error message mentions "Policy not found"

    Examples:
      | api          |
      | GetKeyPolicy |
      | SetKeyPolicy |

  @GetKeyPolicy @SetKeyPolicy @documented
  Scenario Outline: <api> of a key that does not exist is Forbidden.KeyNotFound
    When I call <api> with:
      | KeyId  | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
      | Policy | {"Version":"1","Statement":[]}       |
    Then the call fails with Forbidden.KeyNotFound and status 404

    Examples:
      | api          |
      | GetKeyPolicy |
      | SetKeyPolicy |

  @GetKeyPolicy @inferred @D-126
  Scenario: GetKeyPolicy through an alias is Unsupported.Alias
    Given a key k1
    And an alias a1 for k1
    When I call GetKeyPolicy with:
      | KeyId | ${a1} |
    Then the call fails with Unsupported.Alias

  @SetKeyPolicy @documented
  Scenario: SetKeyPolicy without Policy is MissingParameter
    Given a key k1
    When I call SetKeyPolicy on k1
    Then the call fails with MissingParameter
    And the error message mentions "Policy"

  # docs/spec/keys-v2.md §5.6: a policy document is JSON of at most 32 768 bytes.
  @SetKeyPolicy @documented @D-126
  Scenario Outline: SetKeyPolicy with <case> is InvalidParameter
    Given a key k1
    When I call SetKeyPolicy with:
      | KeyId  | ${k1}    |
      | Policy | <policy> |
    Then the call fails with InvalidParameter
    And the error message mentions "Policy"

    Examples:
      | case                      | policy                                 |
      | a policy of 32 769 bytes  | {"Version":"1","Sid":"${repeat:32745:a}"} |
      | a policy that is not JSON | not json                               |

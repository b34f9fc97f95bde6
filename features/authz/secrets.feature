@authz @secrets
Feature: RAM authorization of the Secrets Manager APIs
  The secrets APIs are authorized on the secret `acs:kms:<region>:<account>:secret/<name>`, or
  on the secret container for CreateSecret and ListSecrets; reading or writing a value under a
  user key also needs kms:Decrypt or kms:GenerateDataKey on that key (docs/spec/secrets.md §8).
  BatchGetSecretValue is decided on the container and then entry by entry (D-215); kms:tag
  conditions see a secret's tags (D-225).

  @GetSecretValue @documented @needs-ram
  Scenario: A policy on one secret's ARN allows that secret only
    Given a secret s1 with value "mine"
    And a secret s2 with value "not-mine"
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:GetSecretValue",
        "Resource":"acs:kms:*:*:secret/${s1}"}]}
      """
    When alice calls GetSecretValue with:
      | SecretName | ${s1} |
    Then the call succeeds
    And the response field "SecretData" is "mine"
    When alice calls GetSecretValue with:
      | SecretName | ${s2} |
    Then the call is denied
    And the error message mentions "secret/${s2}"

  @CreateSecret @ListSecrets @documented @needs-ram
  Scenario Outline: <api> is authorized on the secret container
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:<api>",
        "Resource":"acs:kms:*:*:secret"}]}
      """
    When alice calls <api> with:
      | SecretName | ${prefix}/by-alice |
      | VersionId  | v1                 |
      | SecretData | value              |
    Then the call succeeds

    Examples:
      | api          |
      | CreateSecret |
      | ListSecrets  |

  @GetSecretValue @PutSecretValue @documented @needs-ram
  Scenario: Under a user key, reading needs kms:Decrypt and writing kms:GenerateDataKey on it
    Given a key k1
    And a secret s1 with value "keyed" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow",
        "Action":["kms:GetSecretValue","kms:PutSecretValue"],"Resource":"*"}]}
      """
    When alice calls GetSecretValue with:
      | SecretName | ${s1} |
    Then the call is denied
    And the error message mentions "key/${k1}"
    When alice calls PutSecretValue with:
      | SecretName | ${s1} |
      | VersionId  | v2    |
      | SecretData | v2    |
    Then the call is denied
    And the error message mentions "key/${k1}"
    Given user alice also has the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow",
        "Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"acs:kms:*:*:key/${k1}"}]}
      """
    When alice calls GetSecretValue with:
      | SecretName | ${s1} |
    Then the call succeeds
    And the response field "SecretData" is "keyed"

  @GetSecretValue @documented @needs-ram
  Scenario: A secret under the service key needs no key permission
    Given a secret s1 with value "service"
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:GetSecretValue","Resource":"*"}]}
      """
    When alice calls GetSecretValue with:
      | SecretName | ${s1} |
    Then the call succeeds

  @BatchGetSecretValue @GetSecretValue @inferred @D-215 @needs-ram
  Scenario: BatchGetSecretValue reports an entry alice may not read in Errors
    Given a secret s1 with value "readable"
    And a secret s2 with value "unreadable"
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Effect":"Allow","Action":"kms:BatchGetSecretValue","Resource":"*"},
        {"Effect":"Allow","Action":"kms:GetSecretValue","Resource":"acs:kms:*:*:secret/${s1}"}]}
      """
    When alice calls BatchGetSecretValue with:
      | SecretsList | [{"SecretName":"${s1}"},{"SecretName":"${s2}"}] |
    Then the call succeeds
    And the response field "SecretValues.0.SecretData" is "readable"
    And the response field "Errors.0.SecretName" is "${s2}"
    And the response field "Errors.0.Code" is "Forbidden.NoPermission"
    And the response field "Errors.0.HttpStatus" is "403"

  @BatchGetSecretValue @inferred @D-215 @needs-ram
  Scenario: Without kms:BatchGetSecretValue the whole call is denied
    Given a secret s1 with value "v"
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:GetSecretValue","Resource":"*"}]}
      """
    When alice calls BatchGetSecretValue with:
      | SecretsList | [{"SecretName":"${s1}"}] |
    Then the call is denied
    And the error message mentions ":secret"

  @GetSecretValue @TagResources @inferred @D-225 @needs-ram
  Scenario Outline: A kms:tag condition on a secret tagged team=<tag> -> <outcome>
    Given a secret s1 with value "tagged"
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:GetSecretValue","Resource":"*",
        "Condition":{"StringEquals":{"kms:tag/team":"blue"}}}]}
      """
    When I call TagResources with:
      | ResourceType | secret |
      | ResourceId.1 | ${s1}  |
      | Tag.1.Key    | team   |
      | Tag.1.Value  | <tag>  |
    Then the call succeeds
    When alice calls GetSecretValue with:
      | SecretName | ${s1} |
    Then the outcome is <outcome>

    Examples:
      | tag  | outcome                |
      | blue | Success                |
      | red  | Forbidden.NoPermission |

  @GetRandomPassword @documented @needs-ram
  Scenario: GetRandomPassword has no resource: an Allow on "*" lets a user call it
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:GetRandomPassword","Resource":"*"}]}
      """
    When alice calls GetRandomPassword with:
      | PasswordLength | 12 |
    Then the call succeeds
    And the response field "RandomPassword" matches ".{12}"

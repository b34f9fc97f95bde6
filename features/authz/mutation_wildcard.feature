@authz @secrets
Feature: Wildcards count characters, not bytes
  `?` matches exactly one character and `*` any run of them (docs/spec/kms-api.md §5.2), also
  where the text is not ASCII: a secret's name may hold Chinese characters (docs/spec/decisions.md
  D-212), each one character however many bytes UTF-8 gives it. Written against the mutants
  of the wildcard matcher that a pure-ASCII suite cannot see (docs/mutation.md).

  @CreateSecret @GetSecretValue @documented @D-212 @needs-ram
  Scenario: `?` in a Resource matches one Chinese character of a secret's name, and only one
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:GetSecretValue",
        "Resource":"acs:kms:*:*:secret/${prefix}/?"}]}
      """
    When I call CreateSecret with:
      | SecretName | ${prefix}/密 |
      | VersionId  | v1           |
      | SecretData | one          |
    Then the call succeeds
    When I call CreateSecret with:
      | SecretName | ${prefix}/密钥 |
      | VersionId  | v1             |
      | SecretData | two            |
    Then the call succeeds
    When alice calls GetSecretValue with:
      | SecretName | ${prefix}/密 |
    Then the call succeeds
    And the response field "SecretData" is "one"
    When alice calls GetSecretValue with:
      | SecretName | ${prefix}/密钥 |
    Then the call is denied

  @CreateSecret @GetSecretValue @documented @D-212 @needs-ram
  Scenario: A Resource naming a Chinese secret name literally matches that name only
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:GetSecretValue",
        "Resource":"acs:kms:*:*:secret/${prefix}/密钥*"}]}
      """
    When I call CreateSecret with:
      | SecretName | ${prefix}/密钥-a |
      | VersionId  | v1               |
      | SecretData | mine             |
    Then the call succeeds
    When I call CreateSecret with:
      | SecretName | ${prefix}/密码-a |
      | VersionId  | v1               |
      | SecretData | not-mine         |
    Then the call succeeds
    When alice calls GetSecretValue with:
      | SecretName | ${prefix}/密钥-a |
    Then the call succeeds
    When alice calls GetSecretValue with:
      | SecretName | ${prefix}/密码-a |
    Then the call is denied

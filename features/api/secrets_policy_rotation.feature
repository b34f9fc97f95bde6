@api @secrets
Feature: Secrets Manager: secret policies and rotation, which Generic secrets do not have
  Secret policies exist only for secrets of KMS instances (docs/spec/secrets.md §4.14; D-222);
  RotateSecret and UpdateSecretRotationPolicy are for types that rotate automatically, which a
  Generic secret is not (§3, §4.12, §4.13; D-213).

  @GetSecretPolicy @SetSecretPolicy @inferred @D-222
  Scenario Outline: <api> of a reference secret is Forbidden.KeyPolicyUnSupported
    Given a secret s1 with value "v"
    When I call <api> with:
      | SecretName | <name>                         |
      | PolicyName | default                        |
      | Policy     | {"Version":"1","Statement":[]} |
    Then the call fails with Forbidden.KeyPolicyUnSupported and status 400

    Examples:
      | api             | name      |
      | GetSecretPolicy | ${s1}     |
      | GetSecretPolicy | ${s1.arn} |
      | SetSecretPolicy | ${s1}     |

  @GetSecretPolicy @SetSecretPolicy @inferred @D-222
  Scenario Outline: <api> of <what> is Forbidden.ResourceNotFound
    Given a secret s1 with value "v"
    When I call <api> with:
      | SecretName | <name>                         |
      | PolicyName | <policy>                       |
      | Policy     | {"Version":"1","Statement":[]} |
    Then the call fails with Forbidden.ResourceNotFound and status 404

    Examples:
      | api             | what                      | name             | policy  |
      | GetSecretPolicy | a policy other than default | ${s1}          | other   |
      | SetSecretPolicy | a policy other than default | ${s1}          | other   |
      | GetSecretPolicy | a secret that does not exist | ${prefix}/absent | default |

  @SetSecretPolicy @documented
  Scenario: SetSecretPolicy without Policy is MissingParameter
    Given a secret s1 with value "v"
    When I call SetSecretPolicy with:
      | SecretName | ${s1} |
    Then the call fails with MissingParameter
    And the error message mentions "Policy"

  @RotateSecret @UpdateSecretRotationPolicy @inferred @D-213
  Scenario Outline: <api> of a Generic secret is UnsupportedOperation
    Given a secret s1 with value "v"
    When I call <api> with:
      | SecretName              | ${s1} |
      | VersionId               | v2    |
      | EnableAutomaticRotation | true  |
      | RotationInterval        | 7d    |
    Then the call fails with UnsupportedOperation and status 400
    And the error message mentions "PutSecretValue"

    Examples:
      | api                        |
      | RotateSecret               |
      | UpdateSecretRotationPolicy |

  @RotateSecret @UpdateSecretRotationPolicy @documented
  Scenario Outline: <api> without <param> is MissingParameter
    Given a secret s1 with value "v"
    When I call <api> with:
      | SecretName | ${s1} |
    Then the call fails with MissingParameter
    And the error message mentions "<param>"

    Examples:
      | api                        | param                   |
      | RotateSecret               | VersionId               |
      | UpdateSecretRotationPolicy | EnableAutomaticRotation |

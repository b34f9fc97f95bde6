@api @secrets
Feature: Secrets Manager: creating a secret and reading its value
  CreateSecret stores a Generic secret whose first version carries ACSCurrent; GetSecretValue
  answers a version by stage (default ACSCurrent) or id, and BatchGetSecretValue answers several
  (docs/spec/secrets.md §2, §4.1-§4.3). Names, version ids and values are bounded (D-212); only
  Generic secrets are stored here (D-201); RAM secrets are in secrets_ram.feature.

  @CreateSecret @GetSecretValue @documented
  Scenario: A new secret's value is its ACSCurrent version
    When I call CreateSecret with:
      | SecretName | ${prefix}/db        |
      | VersionId  | v1                  |
      | SecretData | correct-horse-42    |
    Then the call succeeds
    And the response field "SecretName" is "${prefix}/db"
    And the response field "VersionId" is "v1"
    And the response field "SecretType" is "Generic"
    And the response field "Arn" matches "acs:kms:[a-z0-9-]+:[0-9]+:secret/${prefix}/db"
    When I call GetSecretValue with:
      | SecretName | ${prefix}/db |
    Then the call succeeds
    And the response field "SecretData" is "correct-horse-42"
    And the response field "SecretDataType" is "text"
    And the response field "VersionId" is "v1"
    And the response field "VersionStages.VersionStage" contains "ACSCurrent"
    And the response field "CreateTime" matches "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"

  @GetSecretValue @documented
  Scenario: SecretName also takes the secret's ARN
    Given a secret s1 with value "by-arn"
    When I call GetSecretValue with:
      | SecretName | ${s1.arn} |
    Then the call succeeds
    And the response field "SecretData" is "by-arn"
    And the response field "SecretName" is "${s1}"

  @GetSecretValue @documented
  Scenario: A secret that does not exist is Forbidden.ResourceNotFound
    When I call GetSecretValue with:
      | SecretName | ${prefix}/never-made |
    Then the call fails with Forbidden.ResourceNotFound and status 404

  @CreateSecret @documented
  Scenario: A name in use is Rejected.ResourceExist
    Given a secret s1 with value "first"
    When I call CreateSecret with:
      | SecretName | ${s1}  |
      | VersionId  | v9     |
      | SecretData | second |
    Then the call fails with Rejected.ResourceExist and status 409

  @CreateSecret @documented
  Scenario Outline: CreateSecret without <param> is MissingParameter
    When I call CreateSecret with:
      | SecretName | <name>    |
      | VersionId  | <version> |
      | SecretData | <data>    |
    Then the call fails with MissingParameter
    And the error message mentions "<param>"

    Examples:
      | param      | name           | version | data  |
      | SecretName |                | v1      | value |
      | VersionId  | ${prefix}/miss |         | value |
      | SecretData | ${prefix}/miss | v1      |       |

  @CreateSecret @inferred @D-212
  Scenario Outline: CreateSecret refuses <what>
    When I call CreateSecret with:
      | SecretName | <name>    |
      | VersionId  | <version> |
      | SecretData | <data>    |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "<param>"

    Examples:
      | what                         | param      | name                  | version          | data                    |
      | a name beginning acs/        | SecretName | acs/${prefix}         | v1               | value                   |
      | a name with a space          | SecretName | ${prefix}/with space  | v1               | value                   |
      | a name of 193 characters     | SecretName | ${repeat:193:n}       | v1               | value                   |
      | a version id of 65 chars     | VersionId  | ${prefix}/long-version | ${repeat:65:v}  | value                   |
      | a value of 30 721 bytes      | SecretData | ${prefix}/big         | v1               | ${repeat:30721:x}       |

  @CreateSecret @GetSecretValue @inferred @D-212
  Scenario: Version ids of 64 characters and values of 30 720 bytes are accepted
    When I call CreateSecret with:
      | SecretName | ${prefix}/long            |
      | VersionId  | ${repeat:64:v}            |
      | SecretData | ${repeat:30720:x}         |
    Then the call succeeds

  @CreateSecret @inferred @D-201
  Scenario Outline: SecretType <type> is UnsupportedOperation and nothing is stored
    When I call CreateSecret with:
      | SecretName     | ${prefix}/typed                    |
      | VersionId      | v1                                 |
      | SecretData     | {"Accounts":[]}                    |
      | SecretType     | <type>                             |
      | ExtendedConfig | {"SecretSubType":"SingleUser"}     |
    Then the call fails with UnsupportedOperation and status 400
    And the error message mentions "<type>"
    When I call DescribeSecret with:
      | SecretName | ${prefix}/typed |
    Then the call fails with Forbidden.ResourceNotFound

    Examples:
      | type           |
      | Rds            |
      | Redis          |
      | PolarDB        |
      | ECS            |

  @CreateSecret @documented
  Scenario: An undocumented SecretType is InvalidParameter
    When I call CreateSecret with:
      | SecretName | ${prefix}/odd |
      | VersionId  | v1            |
      | SecretData | value         |
      | SecretType | Vault         |
    Then the call fails with InvalidParameter
    And the error message mentions "SecretType"

  @CreateSecret @inferred @D-213
  Scenario: A Generic secret cannot rotate automatically
    When I call CreateSecret with:
      | SecretName              | ${prefix}/auto |
      | VersionId               | v1             |
      | SecretData              | value          |
      | EnableAutomaticRotation | true           |
      | RotationInterval        | 7d             |
    Then the call fails with UnsupportedOperation

  @CreateSecret @inferred @D-222
  Scenario Outline: CreateSecret with <param> is answered as CreateKey's is
    When I call CreateSecret with:
      | SecretName | ${prefix}/instance |
      | VersionId  | v1                 |
      | SecretData | value              |
      | <param>    | <value>            |
    Then the call fails with <code>

    Examples:
      | param          | value                          | code                           |
      | DKMSInstanceId | kst-hzz0000000000000000        | Forbidden.DKMSInstanceNotFound |
      | Policy         | {"Version":"1","Statement":[]} | UnsupportedOperation           |

  @CreateSecret @GetSecretValue @inferred @D-211
  Scenario: A binary secret is stored and answered verbatim, Base64 or not
    When I call CreateSecret with:
      | SecretName     | ${prefix}/bin      |
      | VersionId      | v1                 |
      | SecretData     | not base64 at all! |
      | SecretDataType | binary             |
    Then the call succeeds
    When I call GetSecretValue with:
      | SecretName | ${prefix}/bin |
    Then the response field "SecretData" is "not base64 at all!"
    And the response field "SecretDataType" is "binary"

  @GetSecretValue @inferred @D-210
  Scenario Outline: GetSecretValue by <how>
    Given a secret s1 with value "one"
    And secret s1 gets 1 new versions
    When I call GetSecretValue with:
      | SecretName   | ${s1}     |
      | VersionId    | <version> |
      | VersionStage | <stage>   |
    Then the outcome is <outcome>

    Examples:
      | how                          | version | stage       | outcome                    |
      | id alone                     | v1      |             | Success                    |
      | stage alone                  |         | ACSPrevious | Success                    |
      | id and its own stage         | n2      | ACSCurrent  | Success                    |
      | id and another's stage       | v1      | ACSCurrent  | Forbidden.ResourceNotFound |
      | an unknown id                | v7      |             | Forbidden.ResourceNotFound |
      | a stage no version carries   |         | Nobody      | Forbidden.ResourceNotFound |

  @GetSecretValue @PutSecretValue @DescribeSecret @inferred @D-221 @needs-clock
  Scenario: GetSecretValue's CreateTime is the returned version's
    Given a secret s1 with value "old"
    When I call DescribeSecret with:
      | SecretName | ${s1} |
    And I save the response field "CreateTime" as created
    And the clock advances 2 hours
    And I call PutSecretValue with:
      | SecretName | ${s1} |
      | VersionId  | v2    |
      | SecretData | new   |
    And I call GetSecretValue with:
      | SecretName | ${s1} |
    Then the response field "VersionId" is "v2"
    And the response field "CreateTime" is not "${created}"
    When I call GetSecretValue with:
      | SecretName | ${s1} |
      | VersionId  | v1    |
    Then the response field "CreateTime" is "${created}"

  @GetSecretValue @inferred @D-035
  Scenario: GetSecretValue with DryRun=true would have succeeded
    Given a secret s1 with value "dry"
    When I call GetSecretValue with:
      | SecretName | ${s1} |
      | DryRun     | true  |
    Then the call fails with DryRunOperationError

  @BatchGetSecretValue @inferred @D-215
  Scenario: BatchGetSecretValue answers each entry, failures in Errors
    Given a secret s1 with value "first-value"
    And a secret s2 with value "second-value"
    When I call BatchGetSecretValue with:
      | SecretsList | [{"SecretName":"${s1}"},{"SecretName":"${s2}","VersionStage":"ACSCurrent"},{"SecretName":"${prefix}/absent"}] |
    Then the call succeeds
    And the response field "SecretValues" has 2 items
    And the response field "SecretValues.0.SecretData" is "first-value"
    And the response field "SecretValues.1.SecretData" is "second-value"
    And the response field "SecretValues.1.VersionStages.VersionStage" contains "ACSCurrent"
    And the response field "Errors" has 1 item
    And the response field "Errors.0.SecretName" is "${prefix}/absent"
    And the response field "Errors.0.Code" is "Forbidden.ResourceNotFound"
    And the response field "Errors.0.HttpStatus" is "404"

  @BatchGetSecretValue @inferred @D-215
  Scenario Outline: BatchGetSecretValue takes 1 to 20 entries
    When I call BatchGetSecretValue with:
      | SecretsList | <list> |
    Then the call fails with InvalidParameter
    And the error message mentions "SecretsList"

    Examples:
      | list                                                                                                       |
      | []                                                                                                         |
      | [{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"},{"SecretName":"x"}] |
      | {"SecretName":"x"}                                                                                         |

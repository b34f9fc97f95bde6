@api @lifecycle
Feature: Key state × API matrix
  Every cell of the state × API matrix of docs/spec/kms-api.md §2.2: the outcome of each API on a key in
  each state. Every row uses an EXTERNAL key so that all four states are reached the same way
  (material imported, then DisableKey, ScheduleKeyDeletion or DeleteKeyMaterial). Where the
  call needs something made while the key was Enabled (a ciphertext, an alias), the key is
  made Enabled first and then moved to the state.

  @matrix @GenerateDataKey @documented
  Scenario Outline: Matrix: GenerateDataKey needs an Enabled key (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call GenerateDataKey on k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Rejected.PendingImport   |

  @matrix @GenerateDataKeyWithoutPlaintext @documented
  Scenario Outline: Matrix: GenerateDataKeyWithoutPlaintext needs an Enabled key (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call GenerateDataKeyWithoutPlaintext on k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Rejected.PendingImport   |

  @matrix @Encrypt @documented
  Scenario Outline: Matrix: Encrypt needs an Enabled key (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I encrypt "aGVsbG8=" under k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Rejected.PendingImport   |

  @matrix @Decrypt @documented
  Scenario Outline: Matrix: Decrypt of a ciphertext made while Enabled needs the key Enabled (<state> -> <outcome>)
    Given an external key k1 in state Enabled
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And key k1 is moved to state <state>
    When I decrypt blob1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Rejected.PendingImport   |

  @matrix @ListKeys @documented @needs-fresh-account
  Scenario Outline: Matrix: ListKeys lists the key in every state (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call ListKeys
    Then the outcome is <outcome>
    And the response field "Keys.Key" contains "${k1}"

    Examples:
      | state           | outcome |
      | Enabled         | Success |
      | Disabled        | Success |
      | PendingDeletion | Success |
      | PendingImport   | Success |

  @matrix @DescribeKey @documented
  Scenario Outline: Matrix: DescribeKey works in every state (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call DescribeKey on k1
    Then the outcome is <outcome>
    And the response field "KeyMetadata.KeyState" is "<state>"

    Examples:
      | state           | outcome |
      | Enabled         | Success |
      | Disabled        | Success |
      | PendingDeletion | Success |
      | PendingImport   | Success |

  @matrix @ListAliases @documented
  Scenario Outline: Matrix: ListAliases lists the alias of a key in every state (<state> -> <outcome>)
    Given an external key k1 in state Enabled
    And an alias a1 for k1
    And key k1 is moved to state <state>
    When I call ListAliases
    Then the outcome is <outcome>
    And the response field "Aliases.Alias" contains "${a1}"

    Examples:
      | state           | outcome |
      | Enabled         | Success |
      | Disabled        | Success |
      | PendingDeletion | Success |
      | PendingImport   | Success |

  @matrix @DeleteAlias @documented
  Scenario Outline: Matrix: DeleteAlias removes the alias of a key in every state (<state> -> <outcome>)
    Given an external key k1 in state Enabled
    And an alias a1 for k1
    And key k1 is moved to state <state>
    When I call DeleteAlias with:
      | AliasName | ${a1} |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome |
      | Enabled         | Success |
      | Disabled        | Success |
      | PendingDeletion | Success |
      | PendingImport   | Success |

  @matrix @ListResourceTags @documented
  Scenario Outline: Matrix: ListResourceTags works in every state (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call ListResourceTags on k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome |
      | Enabled         | Success |
      | Disabled        | Success |
      | PendingDeletion | Success |
      | PendingImport   | Success |

  @matrix @UpdateKeyDescription @documented
  Scenario Outline: Matrix: UpdateKeyDescription is refused only in PendingDeletion (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call UpdateKeyDescription with:
      | KeyId       | ${k1} |
      | Description | matrix |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Success                  |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Success                  |

  @matrix @EnableKey @documented
  Scenario Outline: Matrix: EnableKey is refused in PendingDeletion and PendingImport (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call EnableKey on k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                      |
      | Enabled         | Success                      |
      | Disabled        | Success                      |
      | PendingDeletion | Rejected.StateModifiedFailed |
      | PendingImport   | Rejected.StateModifiedFailed |

  @matrix @DisableKey @documented
  Scenario Outline: Matrix: DisableKey is refused in PendingDeletion and PendingImport (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call DisableKey on k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                      |
      | Enabled         | Success                      |
      | Disabled        | Success                      |
      | PendingDeletion | Rejected.StateModifiedFailed |
      | PendingImport   | Rejected.StateModifiedFailed |

  @matrix @ScheduleKeyDeletion @documented
  Scenario Outline: Matrix: ScheduleKeyDeletion is refused only in PendingDeletion (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I schedule deletion of k1 in 7 days
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                      |
      | Enabled         | Success                      |
      | Disabled        | Success                      |
      | PendingDeletion | Rejected.StateModifiedFailed |
      | PendingImport   | Success                      |

  @matrix @CancelKeyDeletion @documented
  Scenario Outline: Matrix: CancelKeyDeletion works only in PendingDeletion (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call CancelKeyDeletion on k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                      |
      | Enabled         | Rejected.StateModifiedFailed |
      | Disabled        | Rejected.StateModifiedFailed |
      | PendingDeletion | Success                      |
      | PendingImport   | Rejected.StateModifiedFailed |

  @matrix @CreateAlias @documented
  Scenario Outline: Matrix: CreateAlias is refused only for a PendingDeletion key (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call CreateAlias with:
      | AliasName | alias/matrix-${k1} |
      | KeyId     | ${k1} |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                      |
      | Enabled         | Success                      |
      | Disabled        | Success                      |
      | PendingDeletion | Rejected.StateModifiedFailed |
      | PendingImport   | Success                      |

  @matrix @TagResource @documented
  Scenario Outline: Matrix: TagResource is refused only in PendingDeletion (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call TagResource with:
      | KeyId | ${k1} |
      | Tags  | [{"TagKey":"env","TagValue":"matrix"}] |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Success                  |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Success                  |

  @matrix @UntagResource @documented
  Scenario Outline: Matrix: UntagResource is refused only in PendingDeletion (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call UntagResource with:
      | KeyId   | ${k1} |
      | TagKeys | ["env"] |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Success                  |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Success                  |

  @matrix @GetParametersForImport @documented
  Scenario Outline: Matrix: GetParametersForImport works in every state (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I request import parameters for k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome |
      | Enabled         | Success |
      | Disabled        | Success |
      | PendingDeletion | Success |
      | PendingImport   | Success |

  @matrix @ImportKeyMaterial @documented
  Scenario Outline: Matrix: ImportKeyMaterial of the key's own material is refused only in PendingDeletion (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I import key material k1.material into k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                      |
      | Enabled         | Success                      |
      | Disabled        | Success                      |
      | PendingDeletion | Rejected.StateModifiedFailed |
      | PendingImport   | Success                      |

  @matrix @DeleteKeyMaterial @documented
  Scenario Outline: Matrix: DeleteKeyMaterial works in every state (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call DeleteKeyMaterial on k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome |
      | Enabled         | Success |
      | Disabled        | Success |
      | PendingDeletion | Success |
      | PendingImport   | Success |

  @matrix @UpdateAlias @documented
  Scenario Outline: Matrix: UpdateAlias is refused only when the target key is PendingDeletion (<state> -> <outcome>)
    Given a key k2
    And an alias a1 for k2
    And an external key k1 in state <state>
    When I call UpdateAlias with:
      | AliasName | ${a1} |
      | KeyId     | ${k1} |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Success                  |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Success                  |

  @matrix @ListAliasesByKeyId @inferred @D-024
  Scenario Outline: Matrix: ListAliasesByKeyId works in every state (<state> -> <outcome>)
    Given an external key k1 in state Enabled
    And an alias a1 for k1
    And key k1 is moved to state <state>
    When I call ListAliasesByKeyId on k1
    Then the outcome is <outcome>
    And the response field "Aliases.Alias" contains "${a1}"

    Examples:
      | state           | outcome |
      | Enabled         | Success |
      | Disabled        | Success |
      | PendingDeletion | Success |
      | PendingImport   | Success |

  # The newer key APIs (docs/spec/keys-v2.md §5; D-123, D-124, D-126).
  @matrix @TagResources @inferred @D-123
  Scenario Outline: Matrix: TagResources is refused only in PendingDeletion (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call TagResources with:
      | ResourceType | key    |
      | ResourceId.1 | ${k1}  |
      | Tag.1.Key    | env    |
      | Tag.1.Value  | matrix |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Success                  |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Success                  |

  @matrix @UntagResources @inferred @D-123
  Scenario Outline: Matrix: UntagResources is refused only in PendingDeletion (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call UntagResources with:
      | ResourceType | key   |
      | ResourceId.1 | ${k1} |
      | TagKey.1     | env   |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Success                  |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Success                  |

  @matrix @ListTagResources @inferred @D-123
  Scenario Outline: Matrix: ListTagResources works in every state (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call ListTagResources with:
      | ResourceType | key   |
      | ResourceId.1 | ${k1} |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome |
      | Enabled         | Success |
      | Disabled        | Success |
      | PendingDeletion | Success |
      | PendingImport   | Success |

  @matrix @SetDeletionProtection @documented @D-124
  Scenario Outline: Matrix: SetDeletionProtection is refused only in PendingDeletion (<state> -> <outcome>)
    # docs/spec/keys-v2.md §5.5: the key must not be PendingDeletion; the code is D-124's.
    Given an external key k1 in state <state>
    When I call SetDeletionProtection with:
      | KeyId                    | ${k1} |
      | EnableDeletionProtection | true  |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Success                  |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Success                  |

  @matrix @GetKeyPolicy @inferred @D-126
  Scenario Outline: Matrix: GetKeyPolicy finds no policy on a key in any state (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call GetKeyPolicy on k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                        |
      | Enabled         | Forbidden.KeyPolicyUnSupported |
      | Disabled        | Forbidden.KeyPolicyUnSupported |
      | PendingDeletion | Forbidden.KeyPolicyUnSupported |
      | PendingImport   | Forbidden.KeyPolicyUnSupported |

  @matrix @SetKeyPolicy @inferred @D-126
  Scenario Outline: Matrix: SetKeyPolicy sets no policy on a key in any state (<state> -> <outcome>)
    Given an external key k1 in state <state>
    When I call SetKeyPolicy with:
      | KeyId  | ${k1}                          |
      | Policy | {"Version":"1","Statement":[]} |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                        |
      | Enabled         | Forbidden.KeyPolicyUnSupported |
      | Disabled        | Forbidden.KeyPolicyUnSupported |
      | PendingDeletion | Forbidden.KeyPolicyUnSupported |
      | PendingImport   | Forbidden.KeyPolicyUnSupported |

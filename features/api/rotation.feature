@api @rotation
Feature: Automatic rotation: UpdateRotationPolicy and rotation on the clock
  UpdateRotationPolicy switches automatic rotation on (with a RotationInterval) or off
  (docs/spec/keys-v2.md §2.8). While on, KeyMetadata shows RotationInterval in seconds and
  NextRotationDate = LastRotationDate + interval (§2.2); the interval is 7 to 365 days (§2.4,
  D-104). Rotation runs lazily on the reference clock, one version per evaluation, and is
  Suspended while the key is not Enabled (D-105).

  @UpdateRotationPolicy @DescribeKey @documented
  Scenario: UpdateRotationPolicy switches rotation on, and DescribeKey shows the interval in seconds
    # docs/spec/keys-v2.md §2.2, §2.8.
    Given a key k1
    When I call UpdateRotationPolicy with:
      | KeyId                   | ${k1} |
      | EnableAutomaticRotation | true  |
      | RotationInterval        | 30d   |
    Then the call succeeds
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.AutomaticRotation" is "Enabled"
    And the response field "KeyMetadata.RotationInterval" is "2592000s"
    And the response field "KeyMetadata.NextRotationDate" is 30 days from now

  @UpdateRotationPolicy @DescribeKey @documented
  Scenario: UpdateRotationPolicy switches rotation off; the interval and next date disappear
    # docs/spec/keys-v2.md §2.2: RotationInterval and NextRotationDate only while on.
    When I call CreateKey with:
      | EnableAutomaticRotation | true |
      | RotationInterval        | 365d |
    And I save the response field "KeyMetadata.KeyId" as id
    And I call UpdateRotationPolicy with:
      | KeyId                   | ${id} |
      | EnableAutomaticRotation | false |
    Then the call succeeds
    When I call DescribeKey with:
      | KeyId | ${id} |
    Then the response field "KeyMetadata.AutomaticRotation" is "Disabled"
    And the response field "KeyMetadata.RotationInterval" is absent
    And the response field "KeyMetadata.NextRotationDate" is absent

  @UpdateRotationPolicy @inferred @D-104
  Scenario Outline: UpdateRotationPolicy takes <interval> and answers it as <seconds>
    Given a key k1
    When I call UpdateRotationPolicy with:
      | KeyId                   | ${k1}      |
      | EnableAutomaticRotation | true       |
      | RotationInterval        | <interval> |
    And I call DescribeKey on k1
    Then the response field "KeyMetadata.RotationInterval" is "<seconds>"

    Examples:
      | interval  | seconds   |
      | 7d        | 604800s   |
      | 168h      | 604800s   |
      | 10080m    | 604800s   |
      | 31536000s | 31536000s |

  @UpdateRotationPolicy @inferred @D-104
  Scenario Outline: UpdateRotationPolicy refuses the RotationInterval "<interval>" with InvalidParameter
    Given a key k1
    When I call UpdateRotationPolicy with:
      | KeyId                   | ${k1}      |
      | EnableAutomaticRotation | true       |
      | RotationInterval        | <interval> |
    Then the call fails with InvalidParameter and status 400
    And the error message mentions "RotationInterval"

    Examples:
      | interval  |
      | 6d        |
      | 604799s   |
      | 366d      |
      | 7         |
      | 7w        |
      | seven     |

  @UpdateRotationPolicy @inferred @D-104
  Scenario: UpdateRotationPolicy switching rotation on without RotationInterval fails with InvalidParameter
    Given a key k1
    When I call UpdateRotationPolicy with:
      | KeyId                   | ${k1} |
      | EnableAutomaticRotation | true  |
    Then the call fails with InvalidParameter
    And the error message mentions "RotationInterval"

  @UpdateRotationPolicy @documented
  Scenario: UpdateRotationPolicy without EnableAutomaticRotation fails with MissingParameter
    # docs/spec/keys-v2.md §2.8: EnableAutomaticRotation is required.
    Given a key k1
    When I call UpdateRotationPolicy on k1
    Then the call fails with MissingParameter
    And the error message mentions "EnableAutomaticRotation"

  @UpdateRotationPolicy @documented
  Scenario: UpdateRotationPolicy on an EXTERNAL key fails with Rejected.UnsupportedOperation
    # docs/spec/keys-v2.md §2.8 ("only keys whose material KMS generated (never BYOK)") and its
    # META24 errorCodes.
    Given an external key k1 in state Enabled
    When I call UpdateRotationPolicy with:
      | KeyId                   | ${k1} |
      | EnableAutomaticRotation | true  |
      | RotationInterval        | 30d   |
    Then the call fails with Rejected.UnsupportedOperation and status 400

  @UpdateRotationPolicy @documented
  Scenario: UpdateRotationPolicy of a key that does not exist fails with Forbidden.KeyNotFound
    # docs/spec/keys-v2.md §2.8 (META24 errorCodes).
    When I call UpdateRotationPolicy with:
      | KeyId                   | 00000000-0000-4000-8000-000000000000 |
      | EnableAutomaticRotation | false                                |
    Then the call fails with Forbidden.KeyNotFound and status 404

  @matrix @UpdateRotationPolicy @documented
  Scenario Outline: Matrix: UpdateRotationPolicy needs an Enabled key (<state> -> <outcome>)
    # docs/spec/keys-v2.md §2.9.
    Given a key k1 in state <state>
    When I call UpdateRotationPolicy with:
      | KeyId                   | ${k1} |
      | EnableAutomaticRotation | false |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Rejected.PendingImport   |

  @UpdateRotationPolicy @Decrypt @needs-clock @inferred @D-105
  Scenario: A key rotates once NextRotationDate has passed, and a blob from before still decrypts
    Given a key k1
    And the ciphertext blob1 of "YmVmb3Jl" under k1
    When I call UpdateRotationPolicy with:
      | KeyId                   | ${k1} |
      | EnableAutomaticRotation | true  |
      | RotationInterval        | 7d    |
    And the clock advances 8 days
    And I call DescribeKey on k1
    Then the response field "KeyMetadata.PrimaryKeyVersion" is not "${k1.version}"
    And the response field "KeyMetadata.LastRotationDate" is 0 days from now
    And the response field "KeyMetadata.NextRotationDate" is 7 days from now
    And I save the response field "KeyMetadata.PrimaryKeyVersion" as v2
    And blob1 decrypts to "YmVmb3Jl"
    When I encrypt "YWZ0ZXI=" under k1
    Then the response field "KeyVersionId" is "${v2}"
    When I call ListKeyVersions on k1
    Then the response field "TotalCount" is "2"

  @UpdateRotationPolicy @needs-clock @inferred @D-105
  Scenario: Rotation is Suspended while the key is Disabled and resumes after EnableKey
    When I call CreateKey with:
      | EnableAutomaticRotation | true |
      | RotationInterval        | 7d   |
    And I save the response field "KeyMetadata.KeyId" as id
    And I save the response field "KeyMetadata.PrimaryKeyVersion" as v1
    And I call DisableKey with:
      | KeyId | ${id} |
    And the clock advances 10 days
    And I call DescribeKey with:
      | KeyId | ${id} |
    Then the response field "KeyMetadata.AutomaticRotation" is "Suspended"
    And the response field "KeyMetadata.PrimaryKeyVersion" is "${v1}"
    When I call EnableKey with:
      | KeyId | ${id} |
    And I call DescribeKey with:
      | KeyId | ${id} |
    Then the response field "KeyMetadata.AutomaticRotation" is "Enabled"
    And the response field "KeyMetadata.PrimaryKeyVersion" is not "${v1}"
    And the response field "KeyMetadata.NextRotationDate" is 7 days from now

  @UpdateRotationPolicy @needs-clock @inferred @D-105
  Scenario: A jump of many intervals makes one version, not one per missed interval
    When I call CreateKey with:
      | EnableAutomaticRotation | true |
      | RotationInterval        | 7d   |
    And I save the response field "KeyMetadata.KeyId" as id
    And the clock advances 70 days
    And I call ListKeyVersions with:
      | KeyId | ${id} |
    Then the response field "TotalCount" is "2"

  @UpdateRotationPolicy @needs-clock @inferred @D-105
  Scenario: An interval change that puts NextRotationDate in the past rotates at once
    Given a key k1
    And the clock advances 10 days
    When I call UpdateRotationPolicy with:
      | KeyId                   | ${k1} |
      | EnableAutomaticRotation | true  |
      | RotationInterval        | 7d    |
    And I call DescribeKey on k1
    Then the response field "KeyMetadata.PrimaryKeyVersion" is not "${k1.version}"
    And the response field "KeyMetadata.LastRotationDate" is 0 days from now

@api @versions
Feature: Key versions: CreateKeyVersion, DescribeKeyVersion, ListKeyVersions
  A key owns one or more versions; a symmetric key has one primary version, used by Encrypt,
  and Decrypt finds any older one from the KeyVersionId that opens the blob
  (docs/spec/keys-v2.md §2.1, §2.3). CreateKeyVersion makes a version (§2.5, D-101),
  DescribeKeyVersion answers one (§2.6), ListKeyVersions lists them (§2.7, D-106). Every KeyId
  takes an id, an alias or an ARN (D-103).

  @CreateKeyVersion @inferred @D-101
  Scenario: CreateKeyVersion on a symmetric key makes a new primary version
    Given a key k1
    When I call CreateKeyVersion on k1
    Then the call succeeds
    And the response field "KeyVersion.KeyId" is "${k1}"
    And the response field "KeyVersion.KeyVersionId" is not "${k1.version}"
    And the response field "KeyVersion.CreationDate" matches "^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"
    And I save the response field "KeyVersion.KeyVersionId" as v2
    And I save the response field "KeyVersion.CreationDate" as made
    When I call DescribeKey on k1
    Then the response field "KeyMetadata.PrimaryKeyVersion" is "${v2}"
    And the response field "KeyMetadata.LastRotationDate" is "${made}"

  @CreateKeyVersion @Encrypt @Decrypt @documented
  Scenario: A blob sealed before a new version still decrypts, and Encrypt uses the new primary
    # docs/spec/keys-v2.md §2.1 ("a decryption call uses the version that did the encryption"), §2.3.
    Given a key k1
    And the ciphertext blob1 of "b2xkZXI=" under k1
    When I call CreateKeyVersion on k1
    And I save the response field "KeyVersion.KeyVersionId" as v2
    Then blob1 decrypts to "b2xkZXI="
    When I encrypt "bmV3ZXI=" under k1
    Then the response field "KeyVersionId" is "${v2}"
    And the response field "CiphertextBlob" is a blob of key version "${v2}" sealing 8 bytes
    When I decrypt blob1
    Then the response field "KeyVersionId" is "${k1.version}"

  @CreateKeyVersion @inferred @D-103
  Scenario: CreateKeyVersion takes an alias of the key
    Given a key k1
    And an alias a1 for k1
    When I call CreateKeyVersion with:
      | KeyId | ${a1} |
    Then the call succeeds
    And the response field "KeyVersion.KeyId" is "${k1}"

  @CreateKeyVersion @inferred @D-101
  Scenario: CreateKeyVersion on an asymmetric key adds one more version
    Given an asymmetric key k1
    When I call CreateKeyVersion on k1
    Then the call succeeds
    When I call ListKeyVersions on k1
    Then the response field "KeyVersions.KeyVersion" has 2 items
    And the response field "TotalCount" is "2"

  @CreateKeyVersion @inferred @D-101
  Scenario: CreateKeyVersion on an EXTERNAL key fails with Rejected.UnsupportedOperation
    Given an external key k1 in state Enabled
    When I call CreateKeyVersion on k1
    Then the call fails with Rejected.UnsupportedOperation and status 400
    And the error message mentions "Unsupported operation"

  @CreateKeyVersion @documented
  Scenario: CreateKeyVersion of a key that does not exist fails with Forbidden.KeyNotFound
    # docs/spec/keys-v2.md §2.5 (META24 errorCodes).
    When I call CreateKeyVersion with:
      | KeyId | 00000000-0000-4000-8000-000000000000 |
    Then the call fails with Forbidden.KeyNotFound and status 404

  @CreateKeyVersion @documented
  Scenario: CreateKeyVersion of an alias that does not exist fails with Forbidden.AliasNotFound
    # docs/spec/keys-v2.md §2.5 (META24 errorCodes).
    When I call CreateKeyVersion with:
      | KeyId | alias/no-such-alias-for-versions |
    Then the call fails with Forbidden.AliasNotFound and status 404

  @CreateKeyVersion @inferred @D-102
  Scenario: A key holds at most 50 versions; one more fails with Rejected.LimitExceeded
    Given a key k1
    And versions of k1 until it holds 50
    When I call CreateKeyVersion on k1
    Then the call fails with Rejected.LimitExceeded and status 400
    When I call ListKeyVersions on k1
    Then the response field "TotalCount" is "50"

  @CreateKeyVersion @inferred @D-102
  Scenario: Two versions may follow each other at once: no 7-day spacing by default
    Given a key k1
    When I call CreateKeyVersion on k1
    And I call CreateKeyVersion on k1
    Then the call succeeds

  @matrix @CreateKeyVersion @documented
  Scenario Outline: Matrix: CreateKeyVersion needs an Enabled key (<state> -> <outcome>)
    # docs/spec/keys-v2.md §2.9.
    Given a key k1 in state <state>
    When I call CreateKeyVersion on k1
    Then the outcome is <outcome>

    Examples:
      | state           | outcome                  |
      | Enabled         | Success                  |
      | Disabled        | Rejected.Disabled        |
      | PendingDeletion | Rejected.PendingDeletion |
      | PendingImport   | Rejected.PendingImport   |

  @DescribeKeyVersion @documented
  Scenario: DescribeKeyVersion answers the version's key, id and creation date
    # docs/spec/keys-v2.md §2.6.
    Given a key k1
    When I call DescribeKeyVersion with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
    Then the call succeeds
    And the response field "KeyVersion.KeyId" is "${k1}"
    And the response field "KeyVersion.KeyVersionId" is "${k1.version}"
    And the response field "KeyVersion.CreationDate" is 0 days from now

  @DescribeKeyVersion @inferred @D-103
  Scenario: DescribeKeyVersion takes the key's ARN and answers the key id
    Given a key k1
    When I call DescribeKeyVersion with:
      | KeyId        | ${k1.arn}     |
      | KeyVersionId | ${k1.version} |
    Then the call succeeds
    And the response field "KeyVersion.KeyId" is "${k1}"

  @DescribeKeyVersion @inferred @D-129
  Scenario: DescribeKeyVersion of another key's version fails with Forbidden.KeyVersionNotFound
    Given a key k1
    And a key k2
    When I call DescribeKeyVersion with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k2.version} |
    Then the call fails with Forbidden.KeyVersionNotFound and status 404

  @DescribeKeyVersion @documented
  Scenario: DescribeKeyVersion without KeyVersionId fails with MissingParameter
    # docs/spec/keys-v2.md §2.6: KeyVersionId is required.
    Given a key k1
    When I call DescribeKeyVersion on k1
    Then the call fails with MissingParameter
    And the error message mentions "KeyVersionId"

  @matrix @DescribeKeyVersion @documented
  Scenario Outline: Matrix: DescribeKeyVersion works in every state (<state> -> <outcome>)
    # docs/spec/keys-v2.md §2.9.
    Given an external key k1 in state Enabled
    And key k1 is moved to state <state>
    When I call DescribeKeyVersion with:
      | KeyId        | ${k1}         |
      | KeyVersionId | ${k1.version} |
    Then the outcome is <outcome>

    Examples:
      | state           | outcome |
      | Enabled         | Success |
      | Disabled        | Success |
      | PendingDeletion | Success |
      | PendingImport   | Success |

  @ListKeyVersions @inferred @D-106
  Scenario: ListKeyVersions lists the versions in creation order, the initial one first
    Given a key k1
    When I call CreateKeyVersion on k1
    And I save the response field "KeyVersion.KeyVersionId" as v2
    And I call ListKeyVersions on k1
    Then the call succeeds
    And the response field "TotalCount" is "2"
    And the response field "KeyVersions.KeyVersion.0.KeyVersionId" is "${k1.version}"
    And the response field "KeyVersions.KeyVersion.1.KeyVersionId" is "${v2}"
    And the response field "KeyVersions.KeyVersion.1.KeyId" is "${k1}"

  @ListKeyVersions @documented
  Scenario: ListKeyVersions pages with PageNumber and PageSize
    # docs/spec/keys-v2.md §2.7 (DEMO pages with PageSize until PageNumber*PageSize >= TotalCount).
    Given a key k1
    And versions of k1 until it holds 3
    When I call ListKeyVersions with:
      | KeyId      | ${k1} |
      | PageNumber | 2     |
      | PageSize   | 2     |
    Then the call succeeds
    And the response field "KeyVersions.KeyVersion" has 1 items
    And the response field "TotalCount" is "3"
    And the response field "PageNumber" is "2"
    And the response field "PageSize" is "2"

  @ListKeyVersions @inferred @D-106
  Scenario: ListKeyVersions with PageSize 0 uses the default 10
    Given a key k1
    When I call ListKeyVersions with:
      | KeyId    | ${k1} |
      | PageSize | 0     |
    Then the call succeeds
    And the response field "PageSize" is "10"

  @ListKeyVersions @documented
  Scenario Outline: ListKeyVersions refuses <param> <value> with InvalidParameter
    # docs/spec/keys-v2.md §2.7: PageNumber > 0, PageSize 0 to 101.
    Given a key k1
    When I call ListKeyVersions with:
      | KeyId   | ${k1}   |
      | <param> | <value> |
    Then the call fails with InvalidParameter
    And the error message mentions "<param>"

    Examples:
      | param      | value |
      | PageNumber | 0     |
      | PageSize   | 102   |
      | PageSize   | -1    |

  @ListKeyVersions @documented
  Scenario: ListKeyVersions of a key that does not exist fails with Forbidden.KeyNotFound
    # docs/spec/keys-v2.md §2.7 (META24 errorCodes).
    When I call ListKeyVersions with:
      | KeyId | 00000000-0000-4000-8000-000000000000 |
    Then the call fails with Forbidden.KeyNotFound and status 404

  @matrix @ListKeyVersions @documented
  Scenario Outline: Matrix: ListKeyVersions works in every state (<state> -> <outcome>)
    # docs/spec/keys-v2.md §2.9.
    Given an external key k1 in state Enabled
    And key k1 is moved to state <state>
    When I call ListKeyVersions on k1
    Then the outcome is <outcome>
    And the response field "KeyVersions.KeyVersion.0.KeyVersionId" is "${k1.version}"

    Examples:
      | state           | outcome |
      | Enabled         | Success |
      | Disabled        | Success |
      | PendingDeletion | Success |
      | PendingImport   | Success |

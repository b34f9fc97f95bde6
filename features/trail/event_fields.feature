@trail @needs-trail
Feature: The fields of an audit event the sources leave open
  Where ActionTrail's pages and samples disagree or are silent, the reference's event follows
  docs/spec/decisions.md: `eventVersion` is the string "1" (D-070), `additionalEventData` names
  the scheme of the call (D-071), `requestParameters` holds the API's own parameters and no
  gateway or signature field (D-072), and `referencedResources` lists the ids of the keys the
  request named under `ACS::KMS::Key`, with no `resourceType` or `resourceName` (D-073)
  (docs/spec/kms-api.md §6.1).

  @inferred @D-070
  Scenario Outline: The <api> event's eventVersion is the JSON string "1"
    Given a key k1
    When I call <api> on k1 with typical parameters
    Then the call left one audit event
    And the audit event field "eventVersion" is "1"
    And the audit event field "eventVersion" is a JSON string

    Examples:
      | api                    |
      | ListKeys               |
      | CreateKey              |
      | DescribeKey            |
      | Encrypt                |
      | Decrypt                |
      | CancelKeyDeletion      |
      | ImportKeyMaterial      |
      | TagResource            |

  @Encrypt @authz @inferred @needs-ram @D-070
  Scenario: A denied call's eventVersion is the JSON string "1" too
    Given a key k1
    And a user alice
    When alice encrypts "aGVsbG8=" under k1
    Then the call is denied
    And the call left one audit event
    And the audit event field "eventVersion" is a JSON string
    And the audit event field "eventVersion" is "1"

  @inferred @D-071
  Scenario Outline: The <api> event has additionalEventData with the call's Scheme and nothing else
    Given a key k1
    When I call <api> on k1 with typical parameters
    Then the call left one audit event
    And the audit event field "additionalEventData" is a JSON object
    And the audit event field "additionalEventData.Scheme" matches "https?"
    And the audit event has no field "additionalEventData.CallerBid"

    Examples:
      | api                    |
      | ListKeys               |
      | CreateKey              |
      | Encrypt                |
      | Decrypt                |
      | GetParametersForImport |
      | DeleteAlias            |

  @Encrypt @authz @inferred @needs-ram @needs-context @D-071
  Scenario: A call over HTTPS is recorded with Scheme https
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}
      """
    And user alice calls over HTTPS
    When alice encrypts "b3ZlciBodHRwcw==" under k1
    Then the call succeeds
    And the call left one audit event
    And the audit event field "additionalEventData.Scheme" is "https"

  @Encrypt @authz @inferred @needs-ram @needs-context @D-071
  Scenario: A call over HTTP is recorded with Scheme http, a denied one too
    Given a key k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}
      """
    And user alice calls over HTTP
    When alice encrypts "b3ZlciBodHRw" under k1
    Then the call succeeds
    And the call left one audit event
    And the audit event field "additionalEventData.Scheme" is "http"
    When alice calls DescribeKey on k1
    Then the call is denied
    And the call left one audit event
    And the audit event field "additionalEventData.Scheme" is "http"

  @Encrypt @inferred @D-072 @D-049
  Scenario Outline: A <version>-signed Encrypt records its own parameters and no signature or gateway field
    Given a key k1
    When I send Encrypt signed with <version>
      | KeyId     | ${k1}            |
      | Plaintext | c2lnbmVkIHdpcmU= |
    Then the call succeeds
    And the call left one audit event
    And the audit event field "requestParameters.KeyId" is "${k1}"
    And the audit event has no field "requestParameters.Plaintext"
    And the audit event has no field "requestParameters.Action"
    And the audit event has no field "requestParameters.Version"
    And the audit event has no field "requestParameters.Format"
    And the audit event has no field "requestParameters.AccessKeyId"
    And the audit event has no field "requestParameters.Signature"
    And the audit event has no field "requestParameters.SignatureMethod"
    And the audit event has no field "requestParameters.SignatureVersion"
    And the audit event has no field "requestParameters.SignatureNonce"
    And the audit event has no field "requestParameters.Timestamp"
    And the audit event has no field "requestParameters.RegionId"
    And the audit event has no field "requestParameters.AcsHost"
    And the audit event has no field "requestParameters.AcsProduct"
    And the audit event has no field "requestParameters.HostId"
    And the audit event has no field "requestParameters.RequestId"

    Examples:
      | version |
      | V1      |
      | V3      |

  @DescribeKey @inferred @D-072
  Scenario: RegionId sent with DescribeKey is not recorded; the region is the event's acsRegion
    Given a key k1
    When I call DescribeKey on k1
    Then the call left one audit event
    And I save the audit event field "acsRegion" as region
    When I call DescribeKey with:
      | KeyId    | ${k1}     |
      | RegionId | ${region} |
    Then the call succeeds
    And the call left one audit event
    And the audit event field "requestParameters.KeyId" is "${k1}"
    And the audit event has no field "requestParameters.RegionId"
    And the audit event has no field "requestParameters.Region"
    And the audit event field "acsRegion" is "${region}"

  @Encrypt @inferred @D-073
  Scenario: Encrypt by ARN records the ARN as sent and references the bare key id
    Given a key k1
    When I call Encrypt with:
      | KeyId     | ${k1.arn}    |
      | Plaintext | YnkgYXJu     |
    Then the call succeeds
    And the call left one audit event
    And the audit event field "requestParameters.KeyId" is "${k1.arn}"
    And the audit event field "referencedResources.ACS::KMS::Key" is a JSON array
    And the audit event field "referencedResources.ACS::KMS::Key.0" is "${k1}"
    And the audit event has no field "referencedResources.ACS::KMS::Key.1"
    And the audit event has no field "resourceType"
    And the audit event has no field "resourceName"

  @DeleteAlias @inferred @D-073
  Scenario: DeleteAlias references the key of the alias, and no alias resource
    Given a key k1
    And an alias a1 for k1
    When I call DeleteAlias with:
      | AliasName | ${a1} |
    Then the call succeeds
    And the call left one audit event
    And the audit event field "requestParameters.AliasName" is "${a1}"
    And the audit event field "referencedResources.ACS::KMS::Key.0" is "${k1}"
    And the audit event has no field "referencedResources.ACS::KMS::Key.1"
    And the audit event has no field "referencedResources.ACS::KMS::Alias"

  @UpdateAlias @inferred @D-073
  Scenario: UpdateAlias references the key it names, not the key the alias pointed to
    Given a key k1
    And a key k2
    And an alias a1 for k1
    When I call UpdateAlias with:
      | AliasName | ${a1} |
      | KeyId     | ${k2} |
    Then the call succeeds
    And the call left one audit event
    And the audit event field "referencedResources.ACS::KMS::Key.0" is "${k2}"
    And the audit event has no field "referencedResources.ACS::KMS::Key.1"

  @CreateKey @ListKeys @inferred @D-073
  Scenario: CreateKey and ListKeys name no key, so their events reference none
    When I call CreateKey
    Then the call succeeds
    And the call left one audit event
    And the audit event has no field "referencedResources"
    And the audit event has no field "resourceName"
    When I call ListKeys
    Then the call succeeds
    And the call left one audit event
    And the audit event has no field "referencedResources"

  @DescribeKey @inferred @D-073 @D-052
  Scenario: A key that does not exist is not referenced
    When I call DescribeKey with:
      | KeyId | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
    Then the call fails with Forbidden.KeyNotFound
    And the call left one audit event
    And the audit event has no field "referencedResources"

@wire @api
Feature: XML answers and the HttpStatus of errors

  KMS answers in JSON by default and in XML when asked: the common parameter `Format=XML` (V1)
  or an `Accept: application/xml` header (V3). A success has the root `<ActionResponse>` with
  the JSON body's fields as elements; a KMS error has the root `<KMS>` and, like the JSON error,
  carries `HttpStatus` (docs/spec/kms-api.md §1.3, §1.6, §1.7). Requests here are signed by
  the scenario and sent as raw HTTP.

  @documented @Encrypt @D-094
  Scenario: V1 with Format=XML: Encrypt answers <EncryptResponse>
    Given a key k1
    When I send Encrypt signed with V1 with Format=XML
      | KeyId     | ${k1}    |
      | Plaintext | aGVsbG8= |
    Then the call succeeds
    And the response is XML with root "EncryptResponse"
    And the response content type is "text/xml;charset=utf-8"
    And the XML field "KeyId" is "${k1}"
    And the XML field "CiphertextBlob" is not empty
    And the XML field "KeyVersionId" is "${k1.version}"
    And the XML field "RequestId" is not empty

  @documented @DescribeKey @D-094
  Scenario: V3 with Accept: application/xml: DescribeKey answers <DescribeKeyResponse>
    Given a key k1 described as "for XML"
    When I send DescribeKey signed with V3 with Accept: application/xml
      | KeyId | ${k1} |
    Then the call succeeds
    And the response is XML with root "DescribeKeyResponse"
    And the response content type is "text/xml;charset=utf-8"
    And the XML field "KeyMetadata/KeyId" is "${k1}"
    And the XML field "KeyMetadata/Description" is "for XML"
    And the XML field "KeyMetadata/KeyState" is "Enabled"

  @documented @DescribeKey @D-092 @D-093
  Scenario: V1 with Format=XML: a KMS error has the root <KMS> and its HttpStatus
    When I send DescribeKey signed with V1 with Format=XML
      | KeyId | 0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a |
    Then the call fails with Forbidden.KeyNotFound and status 404
    And the response is XML with root "KMS"
    And the response content type is "text/xml;charset=utf-8"
    And the XML field "HttpStatus" is "404"
    And the XML field "Code" is "Forbidden.KeyNotFound"
    And the XML field "Message" is not empty
    And the XML field "RequestId" is not empty

  @documented @DescribeRegions @D-090 @D-092 @D-093
  Scenario: V3 with Accept: application/xml: a refusal of the gateway is XML too
    When I send DescribeRegions signed with V3 with Accept: application/xml with an unknown AccessKeyId
    Then the call fails with InvalidAccessKeyId.NotFound and status 404
    And the response is XML with root "KMS"
    And the XML field "HttpStatus" is "404"
    And the XML field "Code" is "InvalidAccessKeyId.NotFound"

  @documented @DescribeRegions @D-093
  Scenario Outline: A JSON error carries HttpStatus (<version>)
    When I send DescribeRegions signed with <version> with an unknown AccessKeyId
    Then the call fails with InvalidAccessKeyId.NotFound and status 404
    And the response is JSON
    And the response content type is "application/json;charset=utf-8"
    And the response field "HttpStatus" is "404"
    And the response field "Code" is "InvalidAccessKeyId.NotFound"

    Examples:
      | version |
      | V1      |
      | V3      |

  @documented @Encrypt
  Scenario: A JSON error of the service carries HttpStatus
    Given a key k1 in state Disabled
    When I send Encrypt signed with V3
      | KeyId     | ${k1}    |
      | Plaintext | aGVsbG8= |
    Then the call fails with Rejected.Disabled and status 409
    And the response field "HttpStatus" is "409"

  @inferred @D-093 @needs-ram
  Scenario: A RAM error has no HttpStatus
    When I call RAM CreatePolicy with:
      | PolicyName     | kmsconf-xml-malformed |
      | PolicyDocument | {"Version":"1"        |
    Then the call fails with MalformedPolicyDocument and status 400
    And the response field "HttpStatus" is absent
    And the response field "HostId" is not empty

  @inferred @D-090 @ListKeys
  Scenario Outline: The format asked for: <asking> with <version>
    When I send ListKeys signed with <version> <asking>
    Then the call succeeds
    And the response content type is "<type>"

    Examples: answered in XML
      | version | asking                                | type                   |
      | V1      | with Format=xml                       | text/xml;charset=utf-8 |
      | V3      | with Format=XML                       | text/xml;charset=utf-8 |
      | V3      | with Accept: text/xml                 | text/xml;charset=utf-8 |

    Examples: answered in JSON
      | version | asking                                | type                            |
      | V1      | with Format=JSON                      | application/json;charset=utf-8  |
      | V1      | with Format=yaml                      | application/json;charset=utf-8  |
      | V3      | with Accept: application/json         | application/json;charset=utf-8  |
      | V3      | with Accept: text/html                | application/json;charset=utf-8  |

  @inferred @D-090 @ListKeys
  Scenario: Format decides over Accept
    When I send ListKeys signed with V1 with Accept: application/xml
    Then the call succeeds
    And the response is JSON

  @inferred @D-091 @D-094 @DescribeRegions
  Scenario: DescribeRegions in XML: <DescribeRegionsResponse> with one <Region> per region
    When I send DescribeRegions signed with V1 with Format=XML
    Then the call succeeds
    And the response is XML with root "DescribeRegionsResponse"
    And the XML field "Regions/Region/0/RegionId" is not empty
    And the XML field "Regions/Region/1/RegionId" is not empty

  @inferred @D-091 @EnableKey
  Scenario: EnableKey in XML: <EnableKeyResponse>, not the <KMS> of its demo
    Given a key k1 in state Disabled
    When I send EnableKey signed with V3 with Accept: application/xml
      | KeyId | ${k1} |
    Then the call succeeds
    And the response is XML with root "EnableKeyResponse"
    And the XML field "RequestId" is not empty

  @inferred @D-094 @ListAliasesByKeyId
  Scenario: A list in XML is one element per item inside the collection
    Given a key k1
    And an alias a1 for k1
    And an alias a2 for k1
    When I send ListAliasesByKeyId signed with V1 with Format=XML
      | KeyId | ${k1} |
    Then the call succeeds
    And the response is XML with root "ListAliasesByKeyIdResponse"
    And the XML field "Aliases/Alias" has 2 items
    And the XML field "Aliases/Alias/0/KeyId" is "${k1}"
    And the XML field "TotalCount" is "2"

  @inferred @D-094 @CreateKey
  Scenario: Text that XML must escape comes back as it was sent
    When I send CreateKey signed with V3 with Accept: application/xml
      | Description | a<b & c > 'd' ü |
    Then the call succeeds
    And the response is XML with root "CreateKeyResponse"
    And the XML field "KeyMetadata/Description" is "a<b & c > 'd' ü"

@wire @api
Feature: The RPC wire protocol: signatures, timestamps, nonces and AccessKeys

  Requests here are signed by the scenario itself and sent as raw HTTP, so each one can be
  broken in exactly one way. In process they go through the same gateway the server uses.

  @documented @ListKeys
  Scenario Outline: A request signed with <version> is accepted
    When I send ListKeys signed with <version>
    Then the call succeeds
    And the response field "RequestId" is not empty
    And the response field "PageNumber" is "1"

    Examples:
      | version |
      | V1      |
      | V3      |

  @documented @CreateKey
  Scenario Outline: GET works like POST (<version>)
    When I send CreateKey signed with <version> as GET
      | Description | sent with GET |
    Then the call succeeds
    And the response field "KeyMetadata.Description" is "sent with GET"

    Examples:
      | version |
      | V1      |
      | V3      |

  @documented @CreateKey
  Scenario: V1 parameters may travel in a form body
    When I send CreateKey signed with V1 with the parameters in a form body
      | Description | from the form body |
    Then the call succeeds
    And the response field "KeyMetadata.Description" is "from the form body"

  @documented @Encrypt @Decrypt
  Scenario Outline: Values that need escaping survive signing (<version>)
    Given a key k1
    When I send Encrypt signed with <version>
      | KeyId             | ${k1}                    |
      | Plaintext         | a+b/c=d e~f*g            |
      | EncryptionContext | {"k":"v w","ü":"~*'()"} |
    Then the call succeeds
    And I save the response field "CiphertextBlob" as blob
    When I send Decrypt signed with <version>
      | CiphertextBlob    | ${blob}                  |
      | EncryptionContext | {"ü":"~*'()","k":"v w"} |
    Then the response field "Plaintext" is "a+b/c=d e~f*g"

    Examples:
      | version |
      | V1      |
      | V3      |

  @inferred @D-004
  Scenario Outline: An unknown action is InvalidAction.NotFound, 404 (<version>)
    When I send Encrypt2 signed with <version>
    Then the call fails with InvalidAction.NotFound and status 404
    And the error message mentions "Encrypt2"

    Examples:
      | version |
      | V1      |
      | V3      |

  @inferred @D-004
  Scenario Outline: A version other than 2016-01-20 is InvalidVersion (<version>)
    When I send ListKeys signed with <version> for version 2014-01-01
    Then the call fails with InvalidVersion and status 400
    And the error message mentions "Version"

    Examples:
      | version |
      | V1      |
      | V3      |

  @inferred @D-002
  Scenario Outline: A missing signature is IncompleteSignature (<version>)
    When I send ListKeys signed with <version> without a signature
    Then the call fails with IncompleteSignature and status 400

    Examples:
      | version |
      | V1      |
      | V3      |

  @inferred @D-001
  Scenario Outline: A wrong signature is SignatureDoesNotMatch (<version>)
    When I send ListKeys signed with <version> using a wrong secret
    Then the call fails with SignatureDoesNotMatch and status 400
    And the error message mentions "server string to sign is:"

    Examples:
      | version |
      | V1      |
      | V3      |

  @inferred @D-001
  Scenario Outline: A parameter added after signing breaks the signature (<version>)
    When I send ListKeys signed with <version> with a tampered parameter
    Then the call fails with SignatureDoesNotMatch

    Examples:
      | version |
      | V1      |
      | V3      |

  @documented
  Scenario: V3 refuses an x-acs-* header that is not signed
    When I send ListKeys signed with V3 with an unsigned header x-acs-extra
    Then the call fails with IncompleteSignature and status 400
    And the error message mentions "x-acs-extra"

  @inferred @D-005
  Scenario Outline: A timestamp more than 15 minutes from server time is InvalidTimeStamp.Expired (<version>, <when>)
    When I send ListKeys signed with <version> dated 16 minutes <when>
    Then the call fails with InvalidTimeStamp.Expired and status 400

    Examples:
      | version | when  |
      | V1      | ago   |
      | V1      | ahead |
      | V3      | ago   |
      | V3      | ahead |

  @documented
  Scenario Outline: A timestamp 14 minutes old is still accepted (<version>)
    When I send ListKeys signed with <version> dated 14 minutes ago
    Then the call succeeds

    Examples:
      | version |
      | V1      |
      | V3      |

  @documented
  Scenario Outline: A missing timestamp is IllegalTimestamp (<version>)
    When I send ListKeys signed with <version> without a timestamp
    Then the call fails with IllegalTimestamp

    Examples:
      | version |
      | V1      |
      | V3      |

  @inferred @D-003
  Scenario Outline: A nonce is used once (<version>)
    When I send ListKeys signed with <version> twice with the same nonce
    Then the call fails with SignatureNonceUsed and status 400

    Examples:
      | version |
      | V1      |
      | V3      |

  @inferred @D-002 @D-003
  Scenario Outline: A request without a nonce is IncompleteSignature (<version>)
    When I send ListKeys signed with <version> without a nonce
    Then the call fails with IncompleteSignature

    Examples:
      | version |
      | V1      |
      | V3      |

  @documented
  Scenario Outline: An unknown AccessKeyId is InvalidAccessKeyId.NotFound (<version>)
    When I send ListKeys signed with <version> with an unknown AccessKeyId
    Then the call fails with InvalidAccessKeyId.NotFound and status 404

    Examples:
      | version |
      | V1      |
      | V3      |

  @documented @authz @needs-ram
  Scenario Outline: A disabled AccessKey is Forbidden.AccessKey (<version>)
    Given a user alice with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}
      """
    When alice sends ListKeys signed with <version>
    Then the call succeeds
    Given user alice's AccessKey is disabled
    When alice sends ListKeys signed with <version>
    Then the call fails with Forbidden.AccessKey and status 403

    Examples:
      | version |
      | V1      |
      | V3      |

  @documented @authz @needs-ram
  Scenario: A RAM user's signed call is authorized by the user's policies
    Given a user bob with the policy:
      """
      {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"}]}
      """
    When bob sends ListKeys signed with V1
    Then the call succeeds
    When bob sends ListAliases signed with V3
    Then the call fails with Forbidden.NoPermission and status 403

  @inferred @D-007
  Scenario: A body larger than the limit is refused with 413
    When I send ListKeys signed with V1 with a body of 2 MiB
    Then the call fails with RequestEntityTooLarge and status 413

  @documented
  Scenario: Methods other than GET and POST are UnsupportedHTTPMethod
    When I send ListKeys signed with V1 with method PUT
    Then the call fails with UnsupportedHTTPMethod and status 403

  @inferred @D-008
  Scenario: A security token beside a long-term AccessKey is refused (V1)
    When I send ListKeys signed with V1 with a security token
    Then the call fails with InvalidSecurityToken.MismatchWithAccessKey and status 400

  @inferred @D-008
  Scenario: An unsigned x-acs-security-token header is refused (V3)
    When I send ListKeys signed with V3 with a security token
    Then the call fails with IncompleteSignature and status 400

  @documented
  Scenario: An error envelope carries HttpStatus, RequestId, HostId, Code, Message and Recommend
    When I send ListKeys signed with V3 with an unknown AccessKeyId
    Then the response field "HttpStatus" is "404"
    And the response field "RequestId" is not empty
    And the response field "HostId" is not empty
    And the response field "Code" is "InvalidAccessKeyId.NotFound"
    And the response field "Message" is not empty
    And the response field "Recommend" matches "https://api.aliyun.com/troubleshoot\?q=InvalidAccessKeyId.NotFound&product=Kms"

@authz
Feature: ReEncrypt needs ReEncryptFrom on the source and ReEncryptTo on the destination
  ReEncrypt is authorized twice: `kms:ReEncryptFrom` on the source key (the key of the blob)
  and `kms:ReEncryptTo` on the destination key; `kms:ReEncrypt*` grants both
  (docs/spec/keys-v2.md §4.1, §6). ExportDataKey is authorized on the key that decrypts the
  blob, GenerateAndExportDataKey on its key (§6). A denial is Forbidden.NoPermission (403)
  naming the refused ARN and action.

  @ReEncrypt @documented @needs-ram
  Scenario: ReEncryptFrom on the source and ReEncryptTo on the destination allow ReEncrypt
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Effect":"Allow","Action":"kms:ReEncryptFrom","Resource":"${k1.arn}"},
        {"Effect":"Allow","Action":"kms:ReEncryptTo","Resource":"${k2.arn}"}]}
      """
    When alice calls ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the call succeeds

  @ReEncrypt @documented @needs-ram
  Scenario: A user allowed only ReEncryptFrom is denied ReEncrypt, naming ReEncryptTo and the destination
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ReEncryptFrom","Resource":"*"}]}
      """
    When alice calls ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the call is denied
    And the error message mentions "kms:ReEncryptTo"
    And the error message mentions "${k2.arn}"

  @ReEncrypt @documented @needs-ram
  Scenario: A user allowed only ReEncryptTo is denied ReEncrypt, naming ReEncryptFrom and the source
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ReEncryptTo","Resource":"*"}]}
      """
    When alice calls ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the call is denied
    And the error message mentions "kms:ReEncryptFrom"
    And the error message mentions "${k1.arn}"

  @ReEncrypt @documented @needs-ram
  Scenario: ReEncryptFrom and ReEncryptTo on the wrong keys deny ReEncrypt
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Effect":"Allow","Action":"kms:ReEncryptFrom","Resource":"${k2.arn}"},
        {"Effect":"Allow","Action":"kms:ReEncryptTo","Resource":"${k1.arn}"}]}
      """
    When alice calls ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the call is denied
    And the error message mentions "${k1.arn}"

  @ReEncrypt @documented @needs-ram
  Scenario: kms:ReEncrypt* grants both ReEncryptFrom and ReEncryptTo
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ReEncrypt*","Resource":"*"}]}
      """
    When alice calls ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the call succeeds
    And I save the response field "CiphertextBlob" as blob2
    And blob2 decrypts to "aGVsbG8="

  @ReEncrypt @documented @needs-ram
  Scenario: An explicit Deny of ReEncryptTo on the destination beats an Allow of kms:*
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[
        {"Effect":"Allow","Action":"kms:*","Resource":"*"},
        {"Effect":"Deny","Action":"kms:ReEncryptTo","Resource":"${k2.arn}"}]}
      """
    When alice calls ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k1}    |
    Then the call succeeds
    When alice calls ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the call is denied
    And the error message mentions "ExplicitDeny"

  @ReEncrypt @Decrypt @documented @needs-ram
  Scenario: kms:Decrypt and kms:Encrypt do not allow ReEncrypt
    Given a key k1
    And a key k2
    And the ciphertext blob1 of "aGVsbG8=" under k1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*"}]}
      """
    When alice calls ReEncrypt with:
      | CiphertextBlob   | ${blob1} |
      | DestinationKeyId | ${k2}    |
    Then the call is denied

  @ExportDataKey @documented @needs-ram
  Scenario: ExportDataKey is authorized on the key that decrypts the blob
    Given a key k1
    And a key k2
    And a client key pair w1
    When I call GenerateDataKeyWithoutPlaintext on k1
    And I save the response field "CiphertextBlob" as blob1
    Given a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ExportDataKey","Resource":"${k1.arn}"}]}
      """
    And a user bob with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ExportDataKey","Resource":"${k2.arn}"}]}
      """
    When alice calls ExportDataKey with:
      | CiphertextBlob    | ${blob1}           |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call succeeds
    When bob calls ExportDataKey with:
      | CiphertextBlob    | ${blob1}           |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call is denied
    And the error message mentions "${k1.arn}"

  @GenerateAndExportDataKey @GenerateDataKey @documented @needs-ram
  Scenario: kms:GenerateDataKey does not allow GenerateAndExportDataKey
    Given a key k1
    And a client key pair w1
    And a user alice with the policy:
      """
      {"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"*"}]}
      """
    When alice calls GenerateAndExportDataKey with:
      | KeyId             | ${k1}              |
      | PublicKeyBlob     | ${w1.blob}         |
      | WrappingKeySpec   | RSA_2048           |
      | WrappingAlgorithm | RSAES_OAEP_SHA_256 |
    Then the call is denied
    And the error message mentions "kms:GenerateAndExportDataKey"

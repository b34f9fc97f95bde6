@api @crypto
Feature: DryRun on Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext and Decrypt

  With DryRun=true (Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, Decrypt) the service checks the call and always answers with an error:
  DryRunOperationError when the call would succeed, ValidationError for bad parameters,
  AccessDeniedError without permission (docs/spec/kms-api.md §1.7). The HTTP statuses are not documented.

  @Encrypt @documented @D-035
  Scenario: A dry-run Encrypt that would succeed is DryRunOperationError
    Given a key k1
    When I call Encrypt with:
      | KeyId     | ${k1}    |
      | Plaintext | aGVsbG8= |
      | DryRun    | true     |
    Then the call fails with DryRunOperationError and status 412

  @GenerateDataKey @documented
  Scenario: A dry-run GenerateDataKey with a bad NumberOfBytes is ValidationError
    Given a key k1
    When I call GenerateDataKey with:
      | KeyId         | ${k1} |
      | NumberOfBytes | 0     |
      | DryRun        | true  |
    Then the call fails with ValidationError
    And the error message mentions "NumberOfBytes"

  # GenerateDataKeyWithoutPlaintext takes DryRun like the other three (docs/spec/kms-api.md §1.7;
  # META25, SDK331 `_generate_data_key_without_plaintext_request.py`, OSDK).
  @GenerateDataKeyWithoutPlaintext @documented @D-035
  Scenario: A dry-run GenerateDataKeyWithoutPlaintext that would succeed is DryRunOperationError
    Given a key k1
    When I call GenerateDataKeyWithoutPlaintext with:
      | KeyId  | ${k1} |
      | DryRun | true  |
    Then the call fails with DryRunOperationError
    And the response field "CiphertextBlob" is absent

  @GenerateDataKeyWithoutPlaintext @documented
  Scenario: A dry-run GenerateDataKeyWithoutPlaintext with a bad NumberOfBytes is ValidationError
    Given a key k1
    When I call GenerateDataKeyWithoutPlaintext with:
      | KeyId         | ${k1} |
      | NumberOfBytes | 1025  |
      | DryRun        | true  |
    Then the call fails with ValidationError
    And the error message mentions "NumberOfBytes"

  @GenerateDataKeyWithoutPlaintext @inferred @D-035
  Scenario: A dry-run GenerateDataKeyWithoutPlaintext on a Disabled key answers the key state
    Given a key k1 in state Disabled
    When I call GenerateDataKeyWithoutPlaintext with:
      | KeyId  | ${k1} |
      | DryRun | true  |
    Then the call fails with Rejected.Disabled

  @GenerateDataKeyWithoutPlaintext @documented @authz @needs-ram
  Scenario: A dry-run GenerateDataKeyWithoutPlaintext without permission is AccessDeniedError
    Given a key k1
    And a user alice
    When alice calls GenerateDataKeyWithoutPlaintext with:
      | KeyId  | ${k1} |
      | DryRun | true  |
    Then the call fails with AccessDeniedError

  @Decrypt @documented
  Scenario: A dry-run Decrypt of a good blob is DryRunOperationError, and a bad blob ValidationError
    Given a key k1
    And the ciphertext blob of "aGk=" under k1
    When I call Decrypt with:
      | CiphertextBlob | ${blob} |
      | DryRun         | true    |
    Then the call fails with DryRunOperationError
    When I call Decrypt with:
      | CiphertextBlob | not-a-blob |
      | DryRun         | true       |
    Then the call fails with ValidationError

  @Encrypt @documented @authz @needs-ram
  Scenario: A dry-run Encrypt without permission is AccessDeniedError
    Given a key k1
    And a user alice
    When alice calls Encrypt with:
      | KeyId     | ${k1}    |
      | Plaintext | aGVsbG8= |
      | DryRun    | true     |
    Then the call fails with AccessDeniedError

  @Encrypt @inferred @D-035
  Scenario: A dry run on a Disabled key answers the key state
    Given a key k1 in state Disabled
    When I call Encrypt with:
      | KeyId     | ${k1}    |
      | Plaintext | aGVsbG8= |
      | DryRun    | true     |
    Then the call fails with Rejected.Disabled

  @Encrypt @inferred @D-009
  Scenario: DryRun=false encrypts, and a DryRun that is not a boolean is InvalidParameter
    Given a key k1
    When I call Encrypt with:
      | KeyId     | ${k1}    |
      | Plaintext | aGVsbG8= |
      | DryRun    | false    |
    Then the call succeeds
    When I call Encrypt with:
      | KeyId     | ${k1}    |
      | Plaintext | aGVsbG8= |
      | DryRun    | maybe    |
    Then the call fails with InvalidParameter

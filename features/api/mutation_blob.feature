@api @crypto @Decrypt
Feature: Decrypt of a blob whose head is not a key version id
  A CiphertextBlob begins with the 36-character key version id (docs/spec/decisions.md D-028).
  A blob long enough for a version id, an IV and a tag whose first 36 bytes are not printable
  text names no version at all: it is a blob the service cannot use, `InvalidParameter`
  (D-031), not the `Forbidden.KeyNotFound` of a well-formed version id that no key has.
  Written against the mutants of the blob decoder that the other Decrypt scenarios cannot
  see (docs/mutation.md).

  @inferred @D-028 @D-031
  Scenario: Decrypt of 64 zero bytes (a blob's length, no version id at its head) is InvalidParameter
    When I call Decrypt with:
      | CiphertextBlob | ${repeat:86:A}== |
    Then the call fails with InvalidParameter
    And the error message mentions "CiphertextBlob"

"""Keys, second generation, through both official KMS SDKs, checked by an independent library.

The same sections run twice: once through the core SDK (aliyun-python-sdk-kms, signature V1)
and once through the current SDK (alibabacloud-kms20160120, signature V3). What the server
answers is checked with the Python `cryptography` package, never with the reference's own code:
  - key versions: a blob made before CreateKeyVersion, and before a rotation on the clock,
    still decrypts after it;
  - AsymmetricSign: the signature verifies with `cryptography` over the GetPublicKey PEM, and a
    signature `cryptography` makes with a key of its own fails AsymmetricVerify;
  - AsymmetricDecrypt opens a ciphertext `cryptography` made with the public key;
  - ExportDataKey and GenerateAndExportDataKey: the ExportedDataKey unwraps with the client's
    private key to the data key that Decrypt of the same blob returns;
  - ReEncrypt from a symmetric and from an asymmetric source;
  - the newer tag APIs and deletion protection.
Run last by tests/sdk/run.sh (it moves the server's clock forward), which starts the server with
--allow-clock-control and sets KMSCONF_PORT and the root credentials.
"""

import base64
import hashlib
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cryptography.exceptions import InvalidSignature  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils  # noqa: E402

from both_sdks import Calls, advance_clock, both, follow_the_server_clock  # noqa: E402
from common import Abort, Checker, b64, is_uuid, settings  # noqa: E402

S = settings()
C = Checker("keys_v2", S["verbose"])
call, fails = Calls(C).call, Calls(C).fails
RUN = uuid.uuid4().hex[:8]
DAY = 86400

SIGNING = (
    ("RSA_2048", "RSA_PSS_SHA_256"),
    ("RSA_2048", "RSA_PKCS1_SHA_256"),
    ("RSA_3072", "RSA_PSS_SHA_256"),
    ("EC_P256", "ECDSA_SHA_256"),
    ("EC_P256K", "ECDSA_SHA_256"),
)
OAEP = {
    "RSAES_OAEP_SHA_256": hashes.SHA256,
    "RSAES_OAEP_SHA_1": hashes.SHA1,
}


def new_key(sdk, **params):
    key = call(sdk, "CreateKey", Description=f"sdk keys_v2 {sdk.name} {RUN}",
               **params)["KeyMetadata"]["KeyId"]
    if not C.check(f"{sdk.name} CreateKey: KeyId is a UUID", is_uuid(key), key):
        raise Abort()
    return key


def versions_of(sdk, key):
    body = call(sdk, "ListKeyVersions", KeyId=key, PageSize=100)
    return [v["KeyVersionId"] for v in body["KeyVersions"]["KeyVersion"]]


def versions(sdk):
    key = new_key(sdk)
    plain = f"before CreateKeyVersion {RUN}"
    before = call(sdk, "Encrypt", KeyId=key, Plaintext=plain)
    first = before["KeyVersionId"]
    made = call(sdk, "CreateKeyVersion", KeyId=key)["KeyVersion"]
    second = made["KeyVersionId"]
    C.check(f"{sdk.name} CreateKeyVersion: a new version id", is_uuid(second) and second != first,
            made)
    C.equal(f"{sdk.name} DescribeKey: PrimaryKeyVersion is the new version",
            call(sdk, "DescribeKey", KeyId=key)["KeyMetadata"]["PrimaryKeyVersion"], second)
    C.equal(f"{sdk.name} ListKeyVersions: both versions", sorted(versions_of(sdk, key)),
            sorted([first, second]))
    described = call(sdk, "DescribeKeyVersion", KeyId=key, KeyVersionId=first)["KeyVersion"]
    C.equal(f"{sdk.name} DescribeKeyVersion: KeyVersionId", described["KeyVersionId"], first)
    opened = call(sdk, "Decrypt", CiphertextBlob=before["CiphertextBlob"])
    C.equal(f"{sdk.name} Decrypt of a blob from before: Plaintext", opened["Plaintext"], plain)
    C.equal(f"{sdk.name} Decrypt of a blob from before: its own version", opened["KeyVersionId"],
            first)
    C.equal(f"{sdk.name} Encrypt after CreateKeyVersion uses the new version",
            call(sdk, "Encrypt", KeyId=key, Plaintext=plain)["KeyVersionId"], second)
    fails(sdk, "DescribeKeyVersion", "Forbidden.KeyVersionNotFound", 404, KeyId=key,
          KeyVersionId=str(uuid.uuid4()))


def rotation(sdk):
    key = new_key(sdk)
    call(sdk, "UpdateRotationPolicy", KeyId=key, EnableAutomaticRotation=True,
         RotationInterval=f"{7 * DAY}s")
    meta = call(sdk, "DescribeKey", KeyId=key)["KeyMetadata"]
    C.equal(f"{sdk.name} UpdateRotationPolicy: AutomaticRotation", meta["AutomaticRotation"],
            "Enabled")
    C.equal(f"{sdk.name} UpdateRotationPolicy: RotationInterval", meta["RotationInterval"],
            f"{7 * DAY}s")
    primary = meta["PrimaryKeyVersion"]
    plain = f"before the rotation {RUN}"
    blob = call(sdk, "Encrypt", KeyId=key, Plaintext=plain)["CiphertextBlob"]
    advance_clock(8 * DAY)
    after = call(sdk, "DescribeKey", KeyId=key)["KeyMetadata"]
    C.check(f"{sdk.name} after 8 days: a new primary version",
            is_uuid(after["PrimaryKeyVersion"]) and after["PrimaryKeyVersion"] != primary, after)
    C.check(f"{sdk.name} after 8 days: LastRotationDate is set", bool(after.get("LastRotationDate")),
            after)
    C.equal(f"{sdk.name} after 8 days: two versions", len(versions_of(sdk, key)), 2)
    C.equal(f"{sdk.name} Decrypt of a blob from before the rotation",
            call(sdk, "Decrypt", CiphertextBlob=blob)["Plaintext"], plain)
    fails(sdk, "UpdateRotationPolicy", "InvalidParameter", 400, KeyId=key,
          EnableAutomaticRotation=True, RotationInterval=f"{6 * DAY}s")


def public_key_of(sdk, key, version):
    body = call(sdk, "GetPublicKey", KeyId=key, KeyVersionId=version)
    pem = body["PublicKey"]
    C.check(f"{sdk.name} GetPublicKey: PEM armour",
            pem.startswith("-----BEGIN PUBLIC KEY-----\n")
            and pem.rstrip("\n").endswith("-----END PUBLIC KEY-----"), pem[:40])
    return serialization.load_pem_public_key(pem.encode("ascii"))


def verify_locally(public, algorithm, digest, signature):
    """True when `cryptography` accepts the signature over the SHA-256 digest."""
    prehashed = utils.Prehashed(hashes.SHA256())
    try:
        if algorithm == "RSA_PSS_SHA_256":
            public.verify(signature, digest,
                          padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                          prehashed)
        elif algorithm == "RSA_PKCS1_SHA_256":
            public.verify(signature, digest, padding.PKCS1v15(), prehashed)
        else:
            public.verify(signature, digest, ec.ECDSA(prehashed))
        return True
    except InvalidSignature:
        return False


def foreign_signature(spec, algorithm, digest):
    """A signature `cryptography` makes over the digest with a key of its own."""
    prehashed = utils.Prehashed(hashes.SHA256())
    if spec.startswith("RSA_"):
        own = rsa.generate_private_key(public_exponent=65537, key_size=int(spec[4:]))
        pad = (padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
               if algorithm == "RSA_PSS_SHA_256" else padding.PKCS1v15())
        return own.sign(digest, pad, prehashed)
    curve = ec.SECP256R1() if spec == "EC_P256" else ec.SECP256K1()
    return ec.generate_private_key(curve).sign(digest, ec.ECDSA(prehashed))


def signatures(sdk):
    for spec, algorithm in SIGNING:
        what = f"{sdk.name} {spec} {algorithm}"
        key = new_key(sdk, KeySpec=spec, KeyUsage="SIGN/VERIFY")
        (version,) = versions_of(sdk, key)
        public = public_key_of(sdk, key, version)
        digest = hashlib.sha256(f"message {RUN} {spec} {algorithm}".encode()).digest()
        signed = call(sdk, "AsymmetricSign", KeyId=key, KeyVersionId=version,
                      Algorithm=algorithm, Digest=b64(digest))
        signature = base64.b64decode(signed["Value"])
        C.check(f"{what}: the signature verifies with cryptography over the PEM",
                verify_locally(public, algorithm, digest, signature))
        ok = call(sdk, "AsymmetricVerify", KeyId=key, KeyVersionId=version, Algorithm=algorithm,
                  Digest=b64(digest), Value=signed["Value"])
        C.equal(f"{what}: AsymmetricVerify of its own signature", ok["Value"], True)
        other = foreign_signature(spec, algorithm, digest)
        bad = call(sdk, "AsymmetricVerify", KeyId=key, KeyVersionId=version, Algorithm=algorithm,
                   Digest=b64(digest), Value=b64(other))
        C.equal(f"{what}: a signature by cryptography's own key fails AsymmetricVerify",
                bad["Value"], False)
        changed = bytes([digest[0] ^ 1]) + digest[1:]
        bad = call(sdk, "AsymmetricVerify", KeyId=key, KeyVersionId=version, Algorithm=algorithm,
                   Digest=b64(changed), Value=signed["Value"])
        C.equal(f"{what}: the signature over another digest fails", bad["Value"], False)
    key = new_key(sdk)
    fails(sdk, "AsymmetricSign", "Rejected.UnsupportedOperation", 400, KeyId=key,
          KeyVersionId=versions_of(sdk, key)[0], Algorithm="RSA_PSS_SHA_256",
          Digest=b64(hashlib.sha256(b"x").digest()))


def asymmetric_decrypt(sdk):
    for spec in ("RSA_2048", "RSA_3072"):
        key = new_key(sdk, KeySpec=spec, KeyUsage="ENCRYPT/DECRYPT")
        (version,) = versions_of(sdk, key)
        public = public_key_of(sdk, key, version)
        for algorithm, digest in OAEP.items():
            what = f"{sdk.name} {spec} {algorithm}"
            message = f"secret {RUN} {spec}".encode()
            pad = padding.OAEP(mgf=padding.MGF1(digest()), algorithm=digest(), label=None)
            blob = public.encrypt(message, pad)
            opened = call(sdk, "AsymmetricDecrypt", KeyId=key, KeyVersionId=version,
                          Algorithm=algorithm, CiphertextBlob=b64(blob))
            C.equal(f"{what}: AsymmetricDecrypt of a cryptography ciphertext",
                    base64.b64decode(opened["Plaintext"]), message)
            sealed = call(sdk, "AsymmetricEncrypt", KeyId=key, KeyVersionId=version,
                          Algorithm=algorithm, Plaintext=b64(message))
            opened = call(sdk, "AsymmetricDecrypt", KeyId=key, KeyVersionId=version,
                          Algorithm=algorithm, CiphertextBlob=sealed["CiphertextBlob"])
            C.equal(f"{what}: AsymmetricEncrypt then AsymmetricDecrypt",
                    base64.b64decode(opened["Plaintext"]), message)
        fails(sdk, "AsymmetricDecrypt", "InvalidParameter", 400, KeyId=key, KeyVersionId=version,
              Algorithm="RSAES_OAEP_SHA_256", CiphertextBlob=b64(b"\x01" * (int(spec[4:]) // 8)))


def client_key_pair():
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    spki = private.public_key().public_bytes(serialization.Encoding.DER,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, b64(spki)


def unwrap(private, exported, algorithm):
    digest = OAEP[algorithm]
    return private.decrypt(base64.b64decode(exported),
                           padding.OAEP(mgf=padding.MGF1(digest()), algorithm=digest(),
                                        label=None))


def exported_keys(sdk):
    key = new_key(sdk)
    private, spki = client_key_pair()
    context = {"purpose": "export", "run": RUN}
    made = call(sdk, "GenerateDataKey", KeyId=key, EncryptionContext=context)
    for algorithm in OAEP:
        what = f"{sdk.name} ExportDataKey {algorithm}"
        exported = call(sdk, "ExportDataKey", CiphertextBlob=made["CiphertextBlob"],
                        PublicKeyBlob=spki, WrappingAlgorithm=algorithm,
                        WrappingKeySpec="RSA_2048", EncryptionContext=context)
        raw = unwrap(private, exported["ExportedDataKey"], algorithm)
        opened = call(sdk, "Decrypt", CiphertextBlob=made["CiphertextBlob"],
                      EncryptionContext=context)
        C.equal(f"{what}: unwraps to the data key Decrypt returns", raw,
                base64.b64decode(opened["Plaintext"]))
    fails(sdk, "ExportDataKey", "InvalidParameter", 400, CiphertextBlob=made["CiphertextBlob"],
          PublicKeyBlob=b64(b"not a key"), WrappingAlgorithm="RSAES_OAEP_SHA_256",
          WrappingKeySpec="RSA_2048", EncryptionContext=context)

    both = call(sdk, "GenerateAndExportDataKey", KeyId=key, PublicKeyBlob=spki,
                WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048",
                NumberOfBytes=32)
    raw = unwrap(private, both["ExportedDataKey"], "RSAES_OAEP_SHA_256")
    opened = call(sdk, "Decrypt", CiphertextBlob=both["CiphertextBlob"])
    C.equal(f"{sdk.name} GenerateAndExportDataKey: 32 bytes", len(raw), 32)
    C.equal(f"{sdk.name} GenerateAndExportDataKey: unwraps to the key Decrypt returns", raw,
            base64.b64decode(opened["Plaintext"]))


def reencrypt(sdk):
    source, destination = new_key(sdk), new_key(sdk)
    plain = f"moved between keys {RUN}"
    blob = call(sdk, "Encrypt", KeyId=source, Plaintext=plain,
                EncryptionContext={"from": RUN})["CiphertextBlob"]
    moved = call(sdk, "ReEncrypt", CiphertextBlob=blob, DestinationKeyId=destination,
                 SourceEncryptionContext={"from": RUN},
                 DestinationEncryptionContext={"to": RUN})
    C.equal(f"{sdk.name} ReEncrypt: KeyId is the source key", moved["KeyId"], source)
    opened = call(sdk, "Decrypt", CiphertextBlob=moved["CiphertextBlob"],
                  EncryptionContext={"to": RUN})
    C.equal(f"{sdk.name} Decrypt of the re-encrypted blob: Plaintext", opened["Plaintext"], plain)
    C.equal(f"{sdk.name} Decrypt of the re-encrypted blob: KeyId", opened["KeyId"], destination)

    asym = new_key(sdk, KeySpec="RSA_2048", KeyUsage="ENCRYPT/DECRYPT")
    (version,) = versions_of(sdk, asym)
    public = public_key_of(sdk, asym, version)
    raw = os.urandom(32)
    sealed = public.encrypt(raw, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()),
                                              algorithm=hashes.SHA256(), label=None))
    moved = call(sdk, "ReEncrypt", CiphertextBlob=b64(sealed), DestinationKeyId=destination,
                 SourceEncryptionAlgorithm="RSAES_OAEP_SHA_256", SourceKeyId=asym,
                 SourceKeyVersionId=version)
    opened = call(sdk, "Decrypt", CiphertextBlob=moved["CiphertextBlob"])
    C.equal(f"{sdk.name} ReEncrypt from an RSA source: Decrypt answers Base64 of the bytes",
            opened["Plaintext"], b64(raw))
    fails(sdk, "ReEncrypt", "Rejected.UnsupportedOperation", 400, CiphertextBlob=blob,
          DestinationKeyId=asym, SourceEncryptionContext={"from": RUN})


def tags(sdk):
    k1, k2 = new_key(sdk), new_key(sdk)
    tag = f"sdk-{sdk.name}-{RUN}"
    call(sdk, "TagResources", RegionId=S["region"], ResourceType="key", ResourceId=[k1, k2],
         Tag=[{"Key": tag, "Value": "one"}, {"Key": f"{tag}-b", "Value": "two"}])
    rows = call(sdk, "ListTagResources", RegionId=S["region"], ResourceType="key",
                ResourceId=[k1])["TagResources"]["TagResource"]
    C.equal(f"{sdk.name} ListTagResources: the key's tags",
            sorted((r["ResourceId"], r["TagKey"], r["TagValue"]) for r in rows),
            [(k1, tag, "one"), (k1, f"{tag}-b", "two")])
    call(sdk, "UntagResources", RegionId=S["region"], ResourceType="key", ResourceId=[k1, k2],
         TagKey=[tag])
    rows = call(sdk, "ListTagResources", RegionId=S["region"], ResourceType="key",
                ResourceId=[k1, k2])["TagResources"]["TagResource"]
    C.equal(f"{sdk.name} UntagResources: the other tag stays",
            sorted((r["ResourceId"], r["TagKey"]) for r in rows),
            sorted([(k1, f"{tag}-b"), (k2, f"{tag}-b")]))
    fails(sdk, "TagResources", "InvalidParameter.TagKey", 400, RegionId=S["region"], ResourceType="key",
          ResourceId=[k1], Tag=[{"Key": "", "Value": "x"}])


def deletion_protection(sdk):
    key = new_key(sdk)
    arn = call(sdk, "DescribeKey", KeyId=key)["KeyMetadata"]["Arn"]
    call(sdk, "SetDeletionProtection", ProtectedResourceArn=arn, EnableDeletionProtection=True,
         DeletionProtectionDescription="kept by the SDK check")
    meta = call(sdk, "DescribeKey", KeyId=key)["KeyMetadata"]
    C.equal(f"{sdk.name} DeletionProtection after SetDeletionProtection",
            meta["DeletionProtection"], "Enabled")
    fails(sdk, "ScheduleKeyDeletion", "Rejected.StateModifiedFailed", 409, KeyId=key,
          PendingWindowInDays=7)
    call(sdk, "SetDeletionProtection", ProtectedResourceArn=arn, EnableDeletionProtection=False)
    call(sdk, "ScheduleKeyDeletion", KeyId=key, PendingWindowInDays=7)
    C.equal(f"{sdk.name} ScheduleKeyDeletion once unprotected",
            call(sdk, "DescribeKey", KeyId=key)["KeyMetadata"]["KeyState"], "PendingDeletion")
    fails(sdk, "GetKeyPolicy", "Forbidden.KeyPolicyUnSupported", 400, KeyId=key,
          PolicyName="default")


def main():
    follow_the_server_clock()
    sections = (versions, signatures, asymmetric_decrypt, exported_keys, reencrypt, tags,
                deletion_protection, rotation)
    for sdk in both():
        for section in sections:
            C.run(f"{sdk.name} {section.__name__}", section, sdk)
    C.finish()


if __name__ == "__main__":
    main()

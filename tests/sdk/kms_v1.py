"""KMS through the old core SDK: aliyun-python-sdk-kms on aliyun-python-sdk-core.

RPC style, signature V1 (HMAC-SHA1), every parameter in the query string, POST, JSON answers.
Run by tests/sdk/run.sh, which sets KMSCONF_PORT and the root credentials.
"""

import base64
import json
import os
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from aliyunsdkcore.acs_exception.exceptions import ServerException  # noqa: E402
from aliyunsdkcore.client import AcsClient  # noqa: E402
from aliyunsdkkms.request.v20160120 import (  # noqa: E402
    CancelKeyDeletionRequest,
    CreateAliasRequest,
    CreateKeyRequest,
    DecryptRequest,
    DeleteAliasRequest,
    DescribeKeyRequest,
    EncryptRequest,
    GenerateDataKeyRequest,
    GetParametersForImportRequest,
    ImportKeyMaterialRequest,
    ListAliasesByKeyIdRequest,
    ListAliasesRequest,
    ListKeysRequest,
    ListResourceTagsRequest,
    ScheduleKeyDeletionRequest,
    TagResourceRequest,
    UntagResourceRequest,
    UpdateAliasRequest,
)

from common import (  # noqa: E402
    WRAPPING_ALGORITHMS,
    Checker,
    b64,
    is_iso_utc,
    is_uuid,
    settings,
    wrap_material,
)

S = settings()
C = Checker("kms_v1", S["verbose"])
CLIENT = AcsClient(S["ak"], S["sk"], S["region"])
RUN = uuid.uuid4().hex[:8]

MODULES = {
    "CancelKeyDeletion": CancelKeyDeletionRequest,
    "CreateAlias": CreateAliasRequest,
    "CreateKey": CreateKeyRequest,
    "Decrypt": DecryptRequest,
    "DeleteAlias": DeleteAliasRequest,
    "DescribeKey": DescribeKeyRequest,
    "Encrypt": EncryptRequest,
    "GenerateDataKey": GenerateDataKeyRequest,
    "GetParametersForImport": GetParametersForImportRequest,
    "ImportKeyMaterial": ImportKeyMaterialRequest,
    "ListAliasesByKeyId": ListAliasesByKeyIdRequest,
    "ListAliases": ListAliasesRequest,
    "ListKeys": ListKeysRequest,
    "ListResourceTags": ListResourceTagsRequest,
    "ScheduleKeyDeletion": ScheduleKeyDeletionRequest,
    "TagResource": TagResourceRequest,
    "UntagResource": UntagResourceRequest,
    "UpdateAlias": UpdateAliasRequest,
}


def build(action, **params):
    """The SDK's request class for ``action``, pointed at the local endpoint over HTTP, with
    each parameter set through its generated ``set_<Name>`` setter."""
    module = MODULES[action]
    request = getattr(module, action + "Request")()
    request.set_endpoint(S["endpoint"])
    request.set_protocol_type("http")
    request.set_accept_format("JSON")
    for name, value in params.items():
        getattr(request, "set_" + name)(value)
    return request


def send(request):
    return json.loads(CLIENT.do_action_with_exception(request))


def call(action, **params):
    """A call that must succeed; returns the parsed JSON body or None."""
    return C.call(action, lambda: send(build(action, **params)))


def server_error(e):
    if isinstance(e, ServerException):
        return e.get_error_code(), e.get_http_status()
    return None


def fails(what, action, code, status, **params):
    return C.expect_error(what, lambda: send(build(action, **params)), code, status, server_error)


def meta(body):
    return (body or {}).get("KeyMetadata") or {}


def describe(key):
    return meta(call("DescribeKey", KeyId=key))


def new_key(**params):
    body = call("CreateKey", **params)
    return meta(body).get("KeyId")


# --- create and describe -------------------------------------------------------------------

C.begin("CreateKey / DescribeKey")
description = f"sdk v1 {RUN}"
created = call("CreateKey", Description=description)
m = meta(created)
k1 = m.get("KeyId")
C.check("CreateKey: RequestId present", bool((created or {}).get("RequestId")))
C.check("CreateKey: KeyId is a lowercase UUIDv4", is_uuid(k1), repr(k1))
C.equal("CreateKey: KeyState", m.get("KeyState"), "Enabled")
C.equal("CreateKey: Origin", m.get("Origin"), "Aliyun_KMS")
C.equal("CreateKey: KeySpec", m.get("KeySpec"), "Aliyun_AES_256")
C.equal("CreateKey: KeyUsage", m.get("KeyUsage"), "ENCRYPT/DECRYPT")
C.equal("CreateKey: Description", m.get("Description"), description)
C.check("CreateKey: Arn names the key", str(m.get("Arn", "")).startswith(
    f"acs:kms:{S['region']}:") and str(m.get("Arn", "")).endswith(f":key/{k1}"), m.get("Arn"))
arn = m.get("Arn")

d = describe(k1)
C.equal("DescribeKey: KeyId", d.get("KeyId"), k1)
C.equal("DescribeKey: KeyState", d.get("KeyState"), "Enabled")
C.equal("DescribeKey: Description", d.get("Description"), description)
C.equal("DescribeKey: Arn", d.get("Arn"), arn)
C.check("DescribeKey: CreationDate is ISO UTC", is_iso_utc(d.get("CreationDate")),
        d.get("CreationDate"))
C.check("DescribeKey: DeleteDate empty", not d.get("DeleteDate"), d.get("DeleteDate"))
C.equal("DescribeKey by ARN: KeyId", describe(arn).get("KeyId"), k1)
fails("DescribeKey of an unknown key", "DescribeKey", "Forbidden.KeyNotFound", 404,
      KeyId=str(uuid.uuid4()))

# --- encrypt / decrypt ---------------------------------------------------------------------

C.begin("Encrypt / Decrypt")
plain = b64(f"hello from the v1 sdk {RUN}".encode())
enc = call("Encrypt", KeyId=k1, Plaintext=plain) or {}
C.equal("Encrypt: KeyId", enc.get("KeyId"), k1)
C.check("Encrypt: KeyVersionId is a UUID", is_uuid(enc.get("KeyVersionId")),
        enc.get("KeyVersionId"))
blob = enc.get("CiphertextBlob") or ""
C.check("Encrypt: CiphertextBlob starts with the KeyVersionId",
        base64.b64decode(blob)[:36].decode("ascii", "replace") == enc.get("KeyVersionId"),
        blob[:60])
dec = call("Decrypt", CiphertextBlob=blob) or {}
C.equal("Decrypt: Plaintext", dec.get("Plaintext"), plain)
C.equal("Decrypt: KeyId", dec.get("KeyId"), k1)
C.equal("Decrypt: KeyVersionId", dec.get("KeyVersionId"), enc.get("KeyVersionId"))

context = json.dumps({"purpose": "sdk-test", "run": RUN}, separators=(",", ":"))
reordered = json.dumps({"run": RUN, "purpose": "sdk-test"}, separators=(",", ":"))
enc = call("Encrypt", KeyId=k1, Plaintext=plain, EncryptionContext=context) or {}
ctx_blob = enc.get("CiphertextBlob") or ""
dec = call("Decrypt", CiphertextBlob=ctx_blob, EncryptionContext=context) or {}
C.equal("Decrypt with the same EncryptionContext: Plaintext", dec.get("Plaintext"), plain)
dec = call("Decrypt", CiphertextBlob=ctx_blob, EncryptionContext=reordered) or {}
C.equal("Decrypt with the context keys reordered: Plaintext", dec.get("Plaintext"), plain)
fails("Decrypt with a wrong EncryptionContext", "Decrypt", "InvalidParameter", 400,
      CiphertextBlob=ctx_blob,
      EncryptionContext=json.dumps({"purpose": "other", "run": RUN}))
fails("Decrypt without the EncryptionContext", "Decrypt", "InvalidParameter", 400,
      CiphertextBlob=ctx_blob)

# --- data keys -----------------------------------------------------------------------------

C.begin("GenerateDataKey")
gdk = call("GenerateDataKey", KeyId=k1) or {}
data_key = gdk.get("Plaintext") or ""
C.equal("GenerateDataKey: KeyId", gdk.get("KeyId"), k1)
C.equal("GenerateDataKey: Plaintext decodes to 32 bytes", len(base64.b64decode(data_key)), 32)
dec = call("Decrypt", CiphertextBlob=gdk.get("CiphertextBlob", "")) or {}
C.equal("Decrypt of the data key blob: Plaintext", dec.get("Plaintext"), data_key)
gdk = call("GenerateDataKey", KeyId=k1, NumberOfBytes=16, EncryptionContext=context) or {}
data_key = gdk.get("Plaintext") or ""
C.equal("GenerateDataKey NumberOfBytes=16: 16 bytes", len(base64.b64decode(data_key)), 16)
dec = call("Decrypt", CiphertextBlob=gdk.get("CiphertextBlob", ""),
           EncryptionContext=context) or {}
C.equal("Decrypt of the 16-byte data key with its context", dec.get("Plaintext"), data_key)

# --- aliases -------------------------------------------------------------------------------

C.begin("aliases")
k2 = new_key(Description=f"sdk v1 alias target {RUN}")
alias = f"alias/sdk-v1-{RUN}"
call("CreateAlias", AliasName=alias, KeyId=k1)
C.equal("DescribeKey by alias: KeyId", describe(alias).get("KeyId"), k1)
enc = call("Encrypt", KeyId=alias, Plaintext=plain) or {}
C.equal("Encrypt by alias: KeyId", enc.get("KeyId"), k1)
fails("CreateAlias twice", "CreateAlias", "AliasAlreadyExists", 400, AliasName=alias, KeyId=k2)


def all_aliases():
    found, page = {}, 1
    while page < 50:
        body = call("ListAliases", PageNumber=page, PageSize=100) or {}
        items = (body.get("Aliases") or {}).get("Alias") or []
        for a in items:
            found[a.get("AliasName")] = a
        if not items or len(found) >= int(body.get("TotalCount") or 0):
            return found, body
        page += 1
    return found, {}


found, body = all_aliases()
C.check("ListAliases: lists the alias", alias in found, sorted(found))
C.equal("ListAliases: KeyId of the alias", found.get(alias, {}).get("KeyId"), k1)
C.check("ListAliases: AliasArn", str(found.get(alias, {}).get("AliasArn", "")).endswith(
    ":" + alias), found.get(alias))
C.check("ListAliases: TotalCount is a number", isinstance(body.get("TotalCount"), int),
        body.get("TotalCount"))
body = call("ListAliasesByKeyId", KeyId=k1) or {}
names = [a.get("AliasName") for a in (body.get("Aliases") or {}).get("Alias") or []]
C.equal("ListAliasesByKeyId: the key's aliases", names, [alias])
call("UpdateAlias", AliasName=alias, KeyId=k2)
C.equal("DescribeKey by alias after UpdateAlias: KeyId", describe(alias).get("KeyId"), k2)
body = call("ListAliasesByKeyId", KeyId=k1) or {}
C.equal("ListAliasesByKeyId of the old key after UpdateAlias",
        (body.get("Aliases") or {}).get("Alias") or [], [])
call("DeleteAlias", AliasName=alias)
fails("DescribeKey by a deleted alias", "DescribeKey", "Forbidden.AliasNotFound", 404,
      KeyId=alias)
found, _ = all_aliases()
C.check("ListAliases no longer lists the deleted alias", alias not in found)

# --- tags ----------------------------------------------------------------------------------

C.begin("tags")
tags = [{"TagKey": "env", "TagValue": "prod"}, {"TagKey": "team", "TagValue": "sdk-v1"}]
call("TagResource", KeyId=k1, Tags=json.dumps(tags))


def tag_map(key):
    body = call("ListResourceTags", KeyId=key) or {}
    items = (body.get("Tags") or {}).get("Tag") or []
    C.check("ListResourceTags: each tag names the key",
            all(t.get("KeyId") == k1 for t in items), items)
    return {t.get("TagKey"): t.get("TagValue") for t in items}


C.equal("ListResourceTags after TagResource", tag_map(k1), {"env": "prod", "team": "sdk-v1"})
call("UntagResource", KeyId=k1, TagKeys=json.dumps(["env"]))
C.equal("ListResourceTags after UntagResource", tag_map(k1), {"team": "sdk-v1"})
fails("TagResource with a reserved tag key", "TagResource", "InvalidParameter", 400,
      KeyId=k1, Tags=json.dumps([{"TagKey": "aliyun-x", "TagValue": "v"}]))

# --- ListKeys pages ------------------------------------------------------------------------

C.begin("ListKeys pages")
before = call("ListKeys", PageNumber=1, PageSize=2) or {}
base_total = before.get("TotalCount")
C.check("ListKeys: TotalCount is a number", isinstance(base_total, int), base_total)
fresh = [new_key(Description=f"sdk v1 page {RUN} {i}") for i in range(3)]
seen, page, total = [], 1, None
while page <= 200:
    body = call("ListKeys", PageNumber=page, PageSize=2)
    if body is None:
        break
    items = (body.get("Keys") or {}).get("Key") or []
    total = body.get("TotalCount")
    C.equal(f"ListKeys page {page}: PageNumber", body.get("PageNumber"), page)
    C.equal(f"ListKeys page {page}: PageSize", body.get("PageSize"), 2)
    C.check(f"ListKeys page {page}: at most 2 keys", len(items) <= 2, len(items))
    C.check(f"ListKeys page {page}: each key has its KeyArn", all(
        str(k.get("KeyArn", "")).endswith(":key/" + str(k.get("KeyId"))) for k in items), items)
    seen.extend(k.get("KeyId") for k in items)
    if not items or len(seen) >= (total or 0):
        break
    page += 1
if isinstance(base_total, int):
    C.equal("ListKeys: TotalCount grew by the 3 new keys", total, base_total + 3)
C.equal("ListKeys: pages hold TotalCount keys", len(seen), total)
C.equal("ListKeys: no key listed twice", len(seen), len(set(seen)))
C.check("ListKeys: every new key listed", all(k in seen for k in fresh + [k1, k2]),
        f"missing {[k for k in fresh + [k1, k2] if k not in seen]}")

# --- deletion ------------------------------------------------------------------------------

C.begin("ScheduleKeyDeletion / CancelKeyDeletion")
k3 = fresh[0]
scheduled_at = time.time()
call("ScheduleKeyDeletion", KeyId=k3, PendingWindowInDays=7)
d = describe(k3)
C.equal("after ScheduleKeyDeletion: KeyState", d.get("KeyState"), "PendingDeletion")
delete_date = d.get("DeleteDate")
C.check("after ScheduleKeyDeletion: DeleteDate is ISO UTC", is_iso_utc(delete_date), delete_date)
if is_iso_utc(delete_date):
    at = time.mktime(time.strptime(delete_date, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    C.check("DeleteDate is 7 days ahead", abs(at - (scheduled_at + 7 * 86400)) < 600,
            f"{delete_date}, {at - scheduled_at:.0f} s ahead")
fails("Encrypt under a key pending deletion", "Encrypt", "Rejected.PendingDeletion", 409,
      KeyId=k3, Plaintext=plain)
call("CancelKeyDeletion", KeyId=k3)
d = describe(k3)
C.equal("after CancelKeyDeletion: KeyState", d.get("KeyState"), "Enabled")
C.check("after CancelKeyDeletion: DeleteDate empty", not d.get("DeleteDate"), d.get("DeleteDate"))
enc = call("Encrypt", KeyId=k3, Plaintext=plain) or {}
C.equal("Encrypt after CancelKeyDeletion: KeyId", enc.get("KeyId"), k3)

# --- import (BYOK) -------------------------------------------------------------------------

for algorithm in WRAPPING_ALGORITHMS:
    C.begin(f"import with {algorithm}")
    created = call("CreateKey", Origin="EXTERNAL", Description=f"sdk v1 byok {RUN}")
    m = meta(created)
    kx = m.get("KeyId")
    if not C.check("CreateKey Origin=EXTERNAL: a key", kx is not None):
        continue
    C.equal("CreateKey Origin=EXTERNAL: KeyState", m.get("KeyState"), "PendingImport")
    C.equal("CreateKey Origin=EXTERNAL: Origin", m.get("Origin"), "EXTERNAL")
    fails("Encrypt before the import", "Encrypt", "Rejected.PendingImport", 409,
          KeyId=kx, Plaintext=plain)
    params = call("GetParametersForImport", KeyId=kx, WrappingAlgorithm=algorithm,
                  WrappingKeySpec="RSA_2048") or {}
    C.equal("GetParametersForImport: KeyId", params.get("KeyId"), kx)
    C.check("GetParametersForImport: ImportToken", bool(params.get("ImportToken")))
    C.check("GetParametersForImport: TokenExpireTime is ISO UTC",
            is_iso_utc(params.get("TokenExpireTime")), params.get("TokenExpireTime"))
    material = os.urandom(32)
    try:
        wrapped, bits = wrap_material(params.get("PublicKey", ""), material, algorithm)
    except Exception as e:  # noqa: BLE001
        C.check("PublicKey loads as DER SubjectPublicKeyInfo", False, repr(e))
        continue
    C.equal("PublicKey is RSA 2048", bits, 2048)
    call("ImportKeyMaterial", KeyId=kx, EncryptedKeyMaterial=wrapped,
         ImportToken=params.get("ImportToken", ""))
    d = describe(kx)
    C.equal("after ImportKeyMaterial: KeyState", d.get("KeyState"), "Enabled")
    C.check("after ImportKeyMaterial: MaterialExpireTime empty", not d.get("MaterialExpireTime"),
            d.get("MaterialExpireTime"))
    text = b64(f"byok {algorithm} {RUN}".encode())
    enc = call("Encrypt", KeyId=kx, Plaintext=text, EncryptionContext=context) or {}
    C.equal("Encrypt under the imported key: KeyId", enc.get("KeyId"), kx)
    dec = call("Decrypt", CiphertextBlob=enc.get("CiphertextBlob", ""),
               EncryptionContext=context) or {}
    C.equal("Decrypt under the imported key: Plaintext", dec.get("Plaintext"), text)
    C.equal("Decrypt under the imported key: KeyId", dec.get("KeyId"), kx)

C.finish()

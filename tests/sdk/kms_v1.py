"""KMS through the old core SDK: aliyun-python-sdk-kms on aliyun-python-sdk-core.

RPC style, signature V1 (HMAC-SHA1), every parameter in the query string, POST, JSON answers.
Run by tests/sdk/run.sh, which sets KMSCONF_PORT and the root credentials.
"""

import base64
import calendar
import json
import os
import sys
import time
import types
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
    Abort,
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
    """A call that must succeed; returns the parsed JSON body (a failure ends the section)."""
    return C.call(action, lambda: send(build(action, **params)))


def server_error(e):
    if isinstance(e, ServerException):
        return e.get_error_code(), e.get_http_status()
    return None


def fails(what, action, code, status, **params):
    return C.expect_error(what, lambda: send(build(action, **params)), code, status, server_error)


def meta(body):
    return body.get("KeyMetadata") or {}


def describe(key):
    return meta(call("DescribeKey", KeyId=key))


def new_key(**params):
    key = meta(call("CreateKey", **params)).get("KeyId")
    if not C.check("CreateKey: KeyId", is_uuid(key), key):
        raise Abort()
    return key


ST = types.SimpleNamespace(k1=None, k2=None, arn=None, plain=None, context=None, fresh=[])


def create_and_describe():
    description = f"sdk v1 {RUN}"
    created = call("CreateKey", Description=description)
    m = meta(created)
    k1 = m.get("KeyId")
    C.check("CreateKey: RequestId present", bool(created.get("RequestId")), created)
    if not C.check("CreateKey: KeyId is a lowercase UUIDv4", is_uuid(k1), repr(k1)):
        raise Abort()
    ST.k1 = k1
    C.equal("CreateKey: KeyState", m.get("KeyState"), "Enabled")
    C.equal("CreateKey: Origin", m.get("Origin"), "Aliyun_KMS")
    C.equal("CreateKey: KeySpec", m.get("KeySpec"), "Aliyun_AES_256")
    C.equal("CreateKey: KeyUsage", m.get("KeyUsage"), "ENCRYPT/DECRYPT")
    C.equal("CreateKey: Description", m.get("Description"), description)
    arn = str(m.get("Arn", ""))
    C.check("CreateKey: Arn names the key",
            arn.startswith(f"acs:kms:{S['region']}:") and arn.endswith(f":key/{k1}"), arn)
    ST.arn = arn

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


def encrypt_decrypt():
    k1 = ST.k1
    plain = ST.plain = b64(f"hello from the v1 sdk {RUN}".encode())
    enc = call("Encrypt", KeyId=k1, Plaintext=plain)
    C.equal("Encrypt: KeyId", enc.get("KeyId"), k1)
    C.check("Encrypt: KeyVersionId is a UUID", is_uuid(enc.get("KeyVersionId")),
            enc.get("KeyVersionId"))
    blob = enc.get("CiphertextBlob") or ""
    C.check("Encrypt: CiphertextBlob starts with the KeyVersionId",
            base64.b64decode(blob)[:36].decode("ascii", "replace") == enc.get("KeyVersionId"),
            blob[:60])
    dec = call("Decrypt", CiphertextBlob=blob)
    C.equal("Decrypt: Plaintext", dec.get("Plaintext"), plain)
    C.equal("Decrypt: KeyId", dec.get("KeyId"), k1)
    C.equal("Decrypt: KeyVersionId", dec.get("KeyVersionId"), enc.get("KeyVersionId"))

    # The old SDK takes the context as the JSON text of the query parameter.
    context = ST.context = json.dumps({"purpose": "sdk-test", "run": RUN}, separators=(",", ":"))
    reordered = json.dumps({"run": RUN, "purpose": "sdk-test"})
    ctx_blob = call("Encrypt", KeyId=k1, Plaintext=plain, EncryptionContext=context).get(
        "CiphertextBlob", "")
    dec = call("Decrypt", CiphertextBlob=ctx_blob, EncryptionContext=context)
    C.equal("Decrypt with the same EncryptionContext: Plaintext", dec.get("Plaintext"), plain)
    dec = call("Decrypt", CiphertextBlob=ctx_blob, EncryptionContext=reordered)
    C.equal("Decrypt with the context keys reordered: Plaintext", dec.get("Plaintext"), plain)
    fails("Decrypt with a wrong EncryptionContext", "Decrypt", "InvalidParameter", 400,
          CiphertextBlob=ctx_blob,
          EncryptionContext=json.dumps({"purpose": "other", "run": RUN}))
    fails("Decrypt without the EncryptionContext", "Decrypt", "InvalidParameter", 400,
          CiphertextBlob=ctx_blob)


def data_keys():
    k1, context = ST.k1, ST.context
    gdk = call("GenerateDataKey", KeyId=k1)
    data_key = gdk.get("Plaintext") or ""
    C.equal("GenerateDataKey: KeyId", gdk.get("KeyId"), k1)
    C.check("GenerateDataKey: KeyVersionId is a UUID", is_uuid(gdk.get("KeyVersionId")),
            gdk.get("KeyVersionId"))
    C.equal("GenerateDataKey: Plaintext decodes to 32 bytes",
            len(base64.b64decode(data_key)), 32)
    dec = call("Decrypt", CiphertextBlob=gdk.get("CiphertextBlob", ""))
    C.equal("Decrypt of the data key blob: Plaintext", dec.get("Plaintext"), data_key)
    gdk = call("GenerateDataKey", KeyId=k1, NumberOfBytes=16, EncryptionContext=context)
    data_key = gdk.get("Plaintext") or ""
    C.equal("GenerateDataKey NumberOfBytes=16: 16 bytes", len(base64.b64decode(data_key)), 16)
    dec = call("Decrypt", CiphertextBlob=gdk.get("CiphertextBlob", ""),
               EncryptionContext=context)
    C.equal("Decrypt of the 16-byte data key with its context", dec.get("Plaintext"), data_key)


def all_aliases():
    found, page = {}, 1
    while True:
        body = call("ListAliases", PageNumber=page, PageSize=100)
        items = (body.get("Aliases") or {}).get("Alias") or []
        for a in items:
            found[a.get("AliasName")] = a
        if not items or len(found) >= int(body.get("TotalCount") or 0) or page >= 50:
            return found, body
        page += 1


def aliases_of(key):
    body = call("ListAliasesByKeyId", KeyId=key)
    return [a.get("AliasName") for a in (body.get("Aliases") or {}).get("Alias") or []]


def aliases():
    k1 = ST.k1
    k2 = ST.k2 = new_key(Description=f"sdk v1 alias target {RUN}")
    alias = f"alias/sdk-v1-{RUN}"
    call("CreateAlias", AliasName=alias, KeyId=k1)
    C.equal("DescribeKey by alias: KeyId", describe(alias).get("KeyId"), k1)
    enc = call("Encrypt", KeyId=alias, Plaintext=ST.plain)
    C.equal("Encrypt by alias: KeyId", enc.get("KeyId"), k1)
    fails("CreateAlias twice", "CreateAlias", "AliasAlreadyExists", 400, AliasName=alias,
          KeyId=k2)
    found, body = all_aliases()
    C.check("ListAliases: lists the alias", alias in found, sorted(found))
    entry = found.get(alias) or {}
    C.equal("ListAliases: KeyId of the alias", entry.get("KeyId"), k1)
    C.check("ListAliases: AliasArn", str(entry.get("AliasArn", "")).endswith(":" + alias), entry)
    C.check("ListAliases: TotalCount is a number", isinstance(body.get("TotalCount"), int),
            body.get("TotalCount"))
    C.equal("ListAliasesByKeyId: the key's aliases", aliases_of(k1), [alias])
    call("UpdateAlias", AliasName=alias, KeyId=k2)
    C.equal("DescribeKey by alias after UpdateAlias: KeyId", describe(alias).get("KeyId"), k2)
    C.equal("ListAliasesByKeyId of the old key after UpdateAlias", aliases_of(k1), [])
    C.equal("ListAliasesByKeyId of the new key after UpdateAlias", aliases_of(k2), [alias])
    call("DeleteAlias", AliasName=alias)
    fails("DescribeKey by a deleted alias", "DescribeKey", "Forbidden.AliasNotFound", 404,
          KeyId=alias)
    found, _ = all_aliases()
    C.check("ListAliases no longer lists the deleted alias", alias not in found)


def tag_map(key):
    body = call("ListResourceTags", KeyId=key)
    items = (body.get("Tags") or {}).get("Tag") or []
    C.check("ListResourceTags: each tag names the key",
            all(t.get("KeyId") == key for t in items), items)
    return {t.get("TagKey"): t.get("TagValue") for t in items}


def tags():
    k1 = ST.k1
    tag_list = [{"TagKey": "env", "TagValue": "prod"}, {"TagKey": "team", "TagValue": "sdk-v1"}]
    call("TagResource", KeyId=k1, Tags=json.dumps(tag_list))
    C.equal("ListResourceTags after TagResource", tag_map(k1), {"env": "prod", "team": "sdk-v1"})
    call("UntagResource", KeyId=k1, TagKeys=json.dumps(["env"]))
    C.equal("ListResourceTags after UntagResource", tag_map(k1), {"team": "sdk-v1"})
    fails("TagResource with a reserved tag key", "TagResource", "InvalidParameter", 400,
          KeyId=k1, Tags=json.dumps([{"TagKey": "aliyun-x", "TagValue": "v"}]))


def list_keys_pages():
    # The server is shared with the other drivers, which run one after another: the new keys
    # are the only change between the two ListKeys totals.
    base_total = call("ListKeys", PageNumber=1, PageSize=2).get("TotalCount")
    C.check("ListKeys: TotalCount is a number", isinstance(base_total, int), base_total)
    fresh = [new_key(Description=f"sdk v1 page {RUN} {i}") for i in range(3)]
    ST.fresh = fresh
    seen, page, total = [], 1, None
    while True:
        body = call("ListKeys", PageNumber=page, PageSize=2)
        items = (body.get("Keys") or {}).get("Key") or []
        total = body.get("TotalCount")
        C.equal(f"ListKeys page {page}: PageNumber", body.get("PageNumber"), page)
        C.equal(f"ListKeys page {page}: PageSize", body.get("PageSize"), 2)
        last = page * 2 >= (total or 0)
        C.equal(f"ListKeys page {page}: number of keys", len(items),
                (total or 0) - 2 * (page - 1) if last else 2)
        C.check(f"ListKeys page {page}: each key has its KeyArn", all(
            str(k.get("KeyArn", "")).endswith(":key/" + str(k.get("KeyId"))) for k in items),
            items)
        seen.extend(k.get("KeyId") for k in items)
        if last or not items or page >= 200:
            break
        page += 1
    if isinstance(base_total, int):
        C.equal("ListKeys: TotalCount grew by the 3 new keys", total, base_total + 3)
    C.equal("ListKeys: pages hold TotalCount keys", len(seen), total)
    C.equal("ListKeys: no key listed twice", len(seen), len(set(seen)))
    wanted = [k for k in fresh + [ST.k1, ST.k2] if k]
    C.check("ListKeys: every key of this run listed", all(k in seen for k in wanted),
            f"missing {[k for k in wanted if k not in seen]}")


def deletion():
    k3 = new_key(Description=f"sdk v1 deletion {RUN}")
    scheduled_at = time.time()
    call("ScheduleKeyDeletion", KeyId=k3, PendingWindowInDays=7)
    d = describe(k3)
    C.equal("after ScheduleKeyDeletion: KeyState", d.get("KeyState"), "PendingDeletion")
    delete_date = d.get("DeleteDate")
    if C.check("after ScheduleKeyDeletion: DeleteDate is ISO UTC", is_iso_utc(delete_date),
               delete_date):
        at = calendar.timegm(time.strptime(delete_date, "%Y-%m-%dT%H:%M:%SZ"))
        C.check("DeleteDate is 7 days ahead", abs(at - (scheduled_at + 7 * 86400)) < 600,
                f"{delete_date}, {at - scheduled_at:.0f} s ahead")
    fails("Encrypt under a key pending deletion", "Encrypt", "Rejected.PendingDeletion", 409,
          KeyId=k3, Plaintext=ST.plain)
    call("CancelKeyDeletion", KeyId=k3)
    d = describe(k3)
    C.equal("after CancelKeyDeletion: KeyState", d.get("KeyState"), "Enabled")
    C.check("after CancelKeyDeletion: DeleteDate empty", not d.get("DeleteDate"),
            d.get("DeleteDate"))
    enc = call("Encrypt", KeyId=k3, Plaintext=ST.plain)
    C.equal("Encrypt after CancelKeyDeletion: KeyId", enc.get("KeyId"), k3)


def byok(algorithm):
    m = meta(call("CreateKey", Origin="EXTERNAL", Description=f"sdk v1 byok {RUN}"))
    kx = m.get("KeyId")
    if not C.check("CreateKey Origin=EXTERNAL: KeyId", is_uuid(kx), kx):
        raise Abort()
    C.equal("CreateKey Origin=EXTERNAL: KeyState", m.get("KeyState"), "PendingImport")
    C.equal("CreateKey Origin=EXTERNAL: Origin", m.get("Origin"), "EXTERNAL")
    fails("Encrypt before the import", "Encrypt", "Rejected.PendingImport", 409,
          KeyId=kx, Plaintext=ST.plain)
    params = call("GetParametersForImport", KeyId=kx, WrappingAlgorithm=algorithm,
                  WrappingKeySpec="RSA_2048")
    C.equal("GetParametersForImport: KeyId", params.get("KeyId"), kx)
    C.check("GetParametersForImport: ImportToken", bool(params.get("ImportToken")))
    C.check("GetParametersForImport: TokenExpireTime is ISO UTC",
            is_iso_utc(params.get("TokenExpireTime")), params.get("TokenExpireTime"))
    try:
        wrapped, bits = wrap_material(params.get("PublicKey", ""), os.urandom(32), algorithm)
    except Exception as e:  # noqa: BLE001
        C.check("PublicKey loads as Base64 DER SubjectPublicKeyInfo", False, repr(e))
        raise Abort() from e
    C.equal("PublicKey is RSA 2048", bits, 2048)
    call("ImportKeyMaterial", KeyId=kx, EncryptedKeyMaterial=wrapped,
         ImportToken=params.get("ImportToken", ""))
    d = describe(kx)
    C.equal("after ImportKeyMaterial: KeyState", d.get("KeyState"), "Enabled")
    C.check("after ImportKeyMaterial: MaterialExpireTime empty", not d.get("MaterialExpireTime"),
            d.get("MaterialExpireTime"))
    text = b64(f"byok {algorithm} {RUN}".encode())
    enc = call("Encrypt", KeyId=kx, Plaintext=text, EncryptionContext=ST.context)
    C.equal("Encrypt under the imported key: KeyId", enc.get("KeyId"), kx)
    dec = call("Decrypt", CiphertextBlob=enc.get("CiphertextBlob", ""),
               EncryptionContext=ST.context)
    C.equal("Decrypt under the imported key: Plaintext", dec.get("Plaintext"), text)
    C.equal("Decrypt under the imported key: KeyId", dec.get("KeyId"), kx)


def signatures():
    # On SignatureDoesNotMatch the old SDK compares the server's StringToSign (the text after
    # the message's colon) with its own, and only when they are equal reports
    # InvalidAccessKeySecret: that code proves the server canonicalised the request as the SDK
    # did.
    wrong = AcsClient(S["ak"], S["sk"] + "-wrong", S["region"])
    C.expect_error("DescribeKey signed with a wrong secret",
                   lambda: json.loads(wrong.do_action_with_exception(
                       build("DescribeKey", KeyId=ST.k1))),
                   "InvalidAccessKeySecret", 400, server_error)
    unknown = AcsClient("no-such-access-key", S["sk"], S["region"])
    C.expect_error("DescribeKey with an unknown AccessKeyId",
                   lambda: json.loads(unknown.do_action_with_exception(
                       build("DescribeKey", KeyId=ST.k1))),
                   "InvalidAccessKeyId.NotFound", 404, server_error)


ST.plain = b64(f"hello from the v1 sdk {RUN}".encode())
ST.context = json.dumps({"purpose": "sdk-test", "run": RUN}, separators=(",", ":"))
if C.run("CreateKey / DescribeKey", create_and_describe):
    C.run("Encrypt / Decrypt", encrypt_decrypt)
    C.run("GenerateDataKey", data_keys)
    C.run("aliases", aliases)
    C.run("tags", tags)
    C.run("ListKeys pages", list_keys_pages)
    C.run("signature errors", signatures)
C.run("ScheduleKeyDeletion / CancelKeyDeletion", deletion)
for alg in WRAPPING_ALGORITHMS:
    C.run(f"import with {alg}", byok, alg)
C.finish()

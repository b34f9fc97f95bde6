"""KMS through the current SDK: alibabacloud-kms20160120 on alibabacloud-tea-openapi.

Its default signature is V3 (ACS3-HMAC-SHA256, Authorization header, x-acs-* headers); business
parameters go in the query string, the body is empty, answers are parsed into typed models.
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

from alibabacloud_kms20160120 import models as km  # noqa: E402
from alibabacloud_kms20160120.client import Client  # noqa: E402
from alibabacloud_tea_openapi import models as open_api_models  # noqa: E402

from common import (  # noqa: E402
    WRAPPING_ALGORITHMS,
    Abort,
    Checker,
    b64,
    is_iso_utc,
    is_uuid,
    settings,
    tea_error,
    wrap_material,
)

S = settings()
C = Checker("kms_v3", S["verbose"])
CLIENT = Client(open_api_models.Config(
    access_key_id=S["ak"], access_key_secret=S["sk"], endpoint=S["endpoint"],
    protocol="http", region_id=S["region"]))
RUN = uuid.uuid4().hex[:8]


def call(what, method, request):
    """A call that must succeed; returns the typed response body (a failure ends the
    section)."""
    response = C.call(what, lambda: getattr(CLIENT, method)(request))
    C.check(f"{what}: HTTP 200", response.status_code == 200, response.status_code)
    return response.body


def fails(what, method, request, code, status):
    return C.expect_error(what, lambda: getattr(CLIENT, method)(request), code, status, tea_error)


def describe(key):
    return call("DescribeKey", "describe_key", km.DescribeKeyRequest(key_id=key)).key_metadata


def new_key(**kwargs):
    key = call("CreateKey", "create_key", km.CreateKeyRequest(**kwargs)).key_metadata.key_id
    if not C.check("CreateKey: KeyId", is_uuid(key), key):
        raise Abort()
    return key


def encrypt(key, text, context=None):
    return call("Encrypt", "encrypt",
                km.EncryptRequest(key_id=key, plaintext=text, encryption_context=context))


def decrypt(blob, context=None):
    return call("Decrypt", "decrypt",
                km.DecryptRequest(ciphertext_blob=blob, encryption_context=context))


ST = types.SimpleNamespace(k1=None, k2=None, plain=None, context=None)


def create_and_describe():
    description = f"sdk v3 {RUN}"
    created = call("CreateKey", "create_key", km.CreateKeyRequest(description=description))
    m = created.key_metadata
    k1 = m.key_id
    C.check("CreateKey: RequestId present", bool(created.request_id))
    if not C.check("CreateKey: KeyId is a lowercase UUIDv4", is_uuid(k1), repr(k1)):
        raise Abort()
    ST.k1 = k1
    C.equal("CreateKey: KeyState", m.key_state, "Enabled")
    C.equal("CreateKey: Origin", m.origin, "Aliyun_KMS")
    C.equal("CreateKey: KeySpec", m.key_spec, "Aliyun_AES_256")
    C.equal("CreateKey: KeyUsage", m.key_usage, "ENCRYPT/DECRYPT")
    C.equal("CreateKey: Description", m.description, description)
    arn = m.arn or ""
    C.check("CreateKey: Arn names the key",
            arn.startswith(f"acs:kms:{S['region']}:") and arn.endswith(f":key/{k1}"), arn)

    d = describe(k1)
    C.equal("DescribeKey: KeyId", d.key_id, k1)
    C.equal("DescribeKey: KeyState", d.key_state, "Enabled")
    C.equal("DescribeKey: Description", d.description, description)
    C.equal("DescribeKey: Arn", d.arn, arn)
    C.check("DescribeKey: CreationDate is ISO UTC", is_iso_utc(d.creation_date), d.creation_date)
    C.check("DescribeKey: DeleteDate empty", not d.delete_date, d.delete_date)
    C.equal("DescribeKey by ARN: KeyId", describe(arn).key_id, k1)
    fails("DescribeKey of an unknown key", "describe_key",
          km.DescribeKeyRequest(key_id=str(uuid.uuid4())), "Forbidden.KeyNotFound", 404)


def encrypt_decrypt():
    k1, plain, context = ST.k1, ST.plain, ST.context
    enc = encrypt(k1, plain)
    C.equal("Encrypt: KeyId", enc.key_id, k1)
    C.check("Encrypt: KeyVersionId is a UUID", is_uuid(enc.key_version_id), enc.key_version_id)
    blob = enc.ciphertext_blob or ""
    C.check("Encrypt: CiphertextBlob starts with the KeyVersionId",
            base64.b64decode(blob)[:36].decode("ascii", "replace") == enc.key_version_id,
            blob[:60])
    dec = decrypt(blob)
    C.equal("Decrypt: Plaintext", dec.plaintext, plain)
    C.equal("Decrypt: KeyId", dec.key_id, k1)
    C.equal("Decrypt: KeyVersionId", dec.key_version_id, enc.key_version_id)

    # The model takes the context as a dict and sends it as one JSON query value.
    reordered = {"run": RUN, "purpose": "sdk-test"}
    ctx_blob = encrypt(k1, plain, context).ciphertext_blob or ""
    C.equal("Decrypt with the same EncryptionContext: Plaintext",
            decrypt(ctx_blob, context).plaintext, plain)
    C.equal("Decrypt with the context keys reordered: Plaintext",
            decrypt(ctx_blob, reordered).plaintext, plain)
    fails("Decrypt with a wrong EncryptionContext", "decrypt",
          km.DecryptRequest(ciphertext_blob=ctx_blob,
                            encryption_context={"purpose": "other", "run": RUN}),
          "InvalidParameter", 400)
    fails("Decrypt without the EncryptionContext", "decrypt",
          km.DecryptRequest(ciphertext_blob=ctx_blob), "InvalidParameter", 400)


def data_keys():
    k1, context = ST.k1, ST.context
    gdk = call("GenerateDataKey", "generate_data_key", km.GenerateDataKeyRequest(key_id=k1))
    data_key = gdk.plaintext or ""
    C.equal("GenerateDataKey: KeyId", gdk.key_id, k1)
    C.check("GenerateDataKey: KeyVersionId is a UUID", is_uuid(gdk.key_version_id),
            gdk.key_version_id)
    C.equal("GenerateDataKey: Plaintext decodes to 32 bytes",
            len(base64.b64decode(data_key)), 32)
    C.equal("Decrypt of the data key blob: Plaintext",
            decrypt(gdk.ciphertext_blob or "").plaintext, data_key)
    gdk = call("GenerateDataKey", "generate_data_key", km.GenerateDataKeyRequest(
        key_id=k1, number_of_bytes=16, encryption_context=context))
    data_key = gdk.plaintext or ""
    C.equal("GenerateDataKey NumberOfBytes=16: 16 bytes", len(base64.b64decode(data_key)), 16)
    C.equal("Decrypt of the 16-byte data key with its context",
            decrypt(gdk.ciphertext_blob or "", context).plaintext, data_key)


def all_aliases():
    found, page = {}, 1
    while True:
        body = call("ListAliases", "list_aliases",
                    km.ListAliasesRequest(page_number=page, page_size=100))
        items = body.aliases.alias if body.aliases and body.aliases.alias else []
        for a in items:
            found[a.alias_name] = a
        if not items or len(found) >= (body.total_count or 0) or page >= 50:
            return found, body
        page += 1


def aliases_of(key):
    body = call("ListAliasesByKeyId", "list_aliases_by_key_id",
                km.ListAliasesByKeyIdRequest(key_id=key))
    items = body.aliases.alias if body.aliases and body.aliases.alias else []
    return [a.alias_name for a in items]


def aliases():
    k1 = ST.k1
    k2 = ST.k2 = new_key(description=f"sdk v3 alias target {RUN}")
    alias = f"alias/sdk-v3-{RUN}"
    call("CreateAlias", "create_alias", km.CreateAliasRequest(alias_name=alias, key_id=k1))
    C.equal("DescribeKey by alias: KeyId", describe(alias).key_id, k1)
    C.equal("Encrypt by alias: KeyId", encrypt(alias, ST.plain).key_id, k1)
    fails("CreateAlias twice", "create_alias", km.CreateAliasRequest(alias_name=alias, key_id=k2),
          "AliasAlreadyExists", 400)
    found, body = all_aliases()
    C.check("ListAliases: lists the alias", alias in found, sorted(found))
    entry = found.get(alias) or km.ListAliasesResponseBodyAliasesAlias()
    C.equal("ListAliases: KeyId of the alias", entry.key_id, k1)
    C.check("ListAliases: AliasArn", str(entry.alias_arn or "").endswith(":" + alias),
            entry.alias_arn)
    C.check("ListAliases: TotalCount is a number", isinstance(body.total_count, int),
            body.total_count)
    C.equal("ListAliasesByKeyId: the key's aliases", aliases_of(k1), [alias])
    call("UpdateAlias", "update_alias", km.UpdateAliasRequest(alias_name=alias, key_id=k2))
    C.equal("DescribeKey by alias after UpdateAlias: KeyId", describe(alias).key_id, k2)
    C.equal("ListAliasesByKeyId of the old key after UpdateAlias", aliases_of(k1), [])
    C.equal("ListAliasesByKeyId of the new key after UpdateAlias", aliases_of(k2), [alias])
    call("DeleteAlias", "delete_alias", km.DeleteAliasRequest(alias_name=alias))
    fails("DescribeKey by a deleted alias", "describe_key", km.DescribeKeyRequest(key_id=alias),
          "Forbidden.AliasNotFound", 404)
    found, _ = all_aliases()
    C.check("ListAliases no longer lists the deleted alias", alias not in found)


def tag_map(key):
    body = call("ListResourceTags", "list_resource_tags", km.ListResourceTagsRequest(key_id=key))
    items = body.tags.tag if body.tags and body.tags.tag else []
    C.check("ListResourceTags: each tag names the key", all(t.key_id == key for t in items),
            [t.to_map() for t in items])
    return {t.tag_key: t.tag_value for t in items}


def tags():
    k1 = ST.k1
    tag_list = [{"TagKey": "env", "TagValue": "prod"}, {"TagKey": "team", "TagValue": "sdk-v3"}]
    call("TagResource", "tag_resource",
         km.TagResourceRequest(key_id=k1, tags=json.dumps(tag_list)))
    C.equal("ListResourceTags after TagResource", tag_map(k1), {"env": "prod", "team": "sdk-v3"})
    call("UntagResource", "untag_resource",
         km.UntagResourceRequest(key_id=k1, tag_keys=json.dumps(["env"])))
    C.equal("ListResourceTags after UntagResource", tag_map(k1), {"team": "sdk-v3"})
    fails("TagResource with a reserved tag key", "tag_resource", km.TagResourceRequest(
        key_id=k1, tags=json.dumps([{"TagKey": "aliyun-x", "TagValue": "v"}])),
        "InvalidParameter", 400)


def list_keys_pages():
    # The server is shared with the other drivers, which run one after another: the new keys
    # are the only change between the two ListKeys totals.
    base_total = call("ListKeys", "list_keys",
                      km.ListKeysRequest(page_number=1, page_size=2)).total_count
    C.check("ListKeys: TotalCount is a number", isinstance(base_total, int), base_total)
    fresh = [new_key(description=f"sdk v3 page {RUN} {i}") for i in range(3)]
    seen, page, total = [], 1, None
    while True:
        body = call("ListKeys", "list_keys", km.ListKeysRequest(page_number=page, page_size=2))
        items = body.keys.key if body.keys and body.keys.key else []
        total = body.total_count
        C.equal(f"ListKeys page {page}: PageNumber", body.page_number, page)
        C.equal(f"ListKeys page {page}: PageSize", body.page_size, 2)
        last = page * 2 >= (total or 0)
        C.equal(f"ListKeys page {page}: number of keys", len(items),
                (total or 0) - 2 * (page - 1) if last else 2)
        C.check(f"ListKeys page {page}: each key has its KeyArn",
                all(str(k.key_arn or "").endswith(":key/" + str(k.key_id)) for k in items),
                [k.to_map() for k in items])
        seen.extend(k.key_id for k in items)
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
    k3 = new_key(description=f"sdk v3 deletion {RUN}")
    scheduled_at = time.time()
    call("ScheduleKeyDeletion", "schedule_key_deletion",
         km.ScheduleKeyDeletionRequest(key_id=k3, pending_window_in_days=7))
    d = describe(k3)
    C.equal("after ScheduleKeyDeletion: KeyState", d.key_state, "PendingDeletion")
    if C.check("after ScheduleKeyDeletion: DeleteDate is ISO UTC", is_iso_utc(d.delete_date),
               d.delete_date):
        at = calendar.timegm(time.strptime(d.delete_date, "%Y-%m-%dT%H:%M:%SZ"))
        C.check("DeleteDate is 7 days ahead", abs(at - (scheduled_at + 7 * 86400)) < 600,
                f"{d.delete_date}, {at - scheduled_at:.0f} s ahead")
    fails("Encrypt under a key pending deletion", "encrypt",
          km.EncryptRequest(key_id=k3, plaintext=ST.plain), "Rejected.PendingDeletion", 409)
    call("CancelKeyDeletion", "cancel_key_deletion", km.CancelKeyDeletionRequest(key_id=k3))
    d = describe(k3)
    C.equal("after CancelKeyDeletion: KeyState", d.key_state, "Enabled")
    C.check("after CancelKeyDeletion: DeleteDate empty", not d.delete_date, d.delete_date)
    C.equal("Encrypt after CancelKeyDeletion: KeyId", encrypt(k3, ST.plain).key_id, k3)


def byok(algorithm):
    m = call("CreateKey", "create_key", km.CreateKeyRequest(
        origin="EXTERNAL", description=f"sdk v3 byok {RUN}")).key_metadata
    kx = m.key_id
    if not C.check("CreateKey Origin=EXTERNAL: KeyId", is_uuid(kx), kx):
        raise Abort()
    C.equal("CreateKey Origin=EXTERNAL: KeyState", m.key_state, "PendingImport")
    C.equal("CreateKey Origin=EXTERNAL: Origin", m.origin, "EXTERNAL")
    fails("Encrypt before the import", "encrypt",
          km.EncryptRequest(key_id=kx, plaintext=ST.plain), "Rejected.PendingImport", 409)
    params = call("GetParametersForImport", "get_parameters_for_import",
                  km.GetParametersForImportRequest(key_id=kx, wrapping_algorithm=algorithm,
                                                   wrapping_key_spec="RSA_2048"))
    C.equal("GetParametersForImport: KeyId", params.key_id, kx)
    C.check("GetParametersForImport: ImportToken", bool(params.import_token))
    C.check("GetParametersForImport: TokenExpireTime is ISO UTC",
            is_iso_utc(params.token_expire_time), params.token_expire_time)
    try:
        wrapped, bits = wrap_material(params.public_key or "", os.urandom(32), algorithm)
    except Exception as e:  # noqa: BLE001
        C.check("PublicKey loads as Base64 DER SubjectPublicKeyInfo", False, repr(e))
        raise Abort() from e
    C.equal("PublicKey is RSA 2048", bits, 2048)
    call("ImportKeyMaterial", "import_key_material", km.ImportKeyMaterialRequest(
        key_id=kx, encrypted_key_material=wrapped, import_token=params.import_token))
    d = describe(kx)
    C.equal("after ImportKeyMaterial: KeyState", d.key_state, "Enabled")
    C.check("after ImportKeyMaterial: MaterialExpireTime empty", not d.material_expire_time,
            d.material_expire_time)
    text = b64(f"byok {algorithm} {RUN}".encode())
    enc = encrypt(kx, text, ST.context)
    C.equal("Encrypt under the imported key: KeyId", enc.key_id, kx)
    dec = decrypt(enc.ciphertext_blob or "", ST.context)
    C.equal("Decrypt under the imported key: Plaintext", dec.plaintext, text)
    C.equal("Decrypt under the imported key: KeyId", dec.key_id, kx)


def signatures():
    request = km.DescribeKeyRequest(key_id=ST.k1)
    wrong = Client(open_api_models.Config(
        access_key_id=S["ak"], access_key_secret=S["sk"] + "-wrong", endpoint=S["endpoint"],
        protocol="http", region_id=S["region"]))
    C.expect_error("DescribeKey signed with a wrong secret", lambda: wrong.describe_key(request),
                   "SignatureDoesNotMatch", 400, tea_error)
    unknown = Client(open_api_models.Config(
        access_key_id="no-such-access-key", access_key_secret=S["sk"], endpoint=S["endpoint"],
        protocol="http", region_id=S["region"]))
    C.expect_error("DescribeKey with an unknown AccessKeyId",
                   lambda: unknown.describe_key(request), "InvalidAccessKeyId.NotFound", 404,
                   tea_error)


ST.plain = b64(f"hello from the v3 sdk {RUN}".encode())
ST.context = {"purpose": "sdk-test", "run": RUN}
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

"""KMS through the old core SDK in XML mode: aliyun-python-sdk-kms with set_accept_format('XML').

The SDK then signs and sends ``Format=XML`` (signature V1, every parameter in the query, POST).
It never parses a success body and reads error bodies as JSON only, and
``do_action_with_exception`` forces JSON before sending, so this driver sends through the
client's ``_implementation_of_do_action`` (what the deprecated ``do_action`` calls), which keeps
the format and returns the status, headers and raw body. Each body is parsed here with
xml.etree. Every one of the 24 APIs makes one XML round trip at least; errors are checked for
the ``<KMS>`` root, ``HttpStatus`` and how the SDK itself reports them.
Run by tests/sdk/run.sh, which sets KMSCONF_PORT and the root credentials.
"""

import base64
import json
import os
import sys
import types
import uuid
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from aliyunsdkcore.acs_exception.exceptions import ServerException  # noqa: E402
from aliyunsdkcore.client import AcsClient  # noqa: E402
from aliyunsdkkms.request.v20160120 import (  # noqa: E402
    CancelKeyDeletionRequest,
    CreateAliasRequest,
    CreateKeyRequest,
    DecryptRequest,
    DeleteAliasRequest,
    DeleteKeyMaterialRequest,
    DescribeKeyRequest,
    DescribeRegionsRequest,
    DisableKeyRequest,
    EnableKeyRequest,
    EncryptRequest,
    GenerateDataKeyRequest,
    GenerateDataKeyWithoutPlaintextRequest,
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
    UpdateKeyDescriptionRequest,
)

from common import (  # noqa: E402
    Abort,
    Checker,
    b64,
    is_iso_utc,
    is_uuid,
    settings,
    wrap_material,
)

S = settings()
C = Checker("kms_v1_xml", S["verbose"])
CLIENT = AcsClient(S["ak"], S["sk"], S["region"])
RUN = uuid.uuid4().hex[:8]
XML_CONTENT_TYPE = "text/xml;charset=utf-8"

MODULES = {
    "CancelKeyDeletion": CancelKeyDeletionRequest,
    "CreateAlias": CreateAliasRequest,
    "CreateKey": CreateKeyRequest,
    "Decrypt": DecryptRequest,
    "DeleteAlias": DeleteAliasRequest,
    "DeleteKeyMaterial": DeleteKeyMaterialRequest,
    "DescribeKey": DescribeKeyRequest,
    "DescribeRegions": DescribeRegionsRequest,
    "DisableKey": DisableKeyRequest,
    "EnableKey": EnableKeyRequest,
    "Encrypt": EncryptRequest,
    "GenerateDataKey": GenerateDataKeyRequest,
    "GenerateDataKeyWithoutPlaintext": GenerateDataKeyWithoutPlaintextRequest,
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
    "UpdateKeyDescription": UpdateKeyDescriptionRequest,
}

# The APIs that made a successful XML round trip; all 24 must be here at the end.
ROUND_TRIPS = set()


def build(action, accept_format="XML", **params):
    module = MODULES[action]
    request = getattr(module, action + "Request")()
    request.set_endpoint(S["endpoint"])
    request.set_protocol_type("http")
    request.set_accept_format(accept_format)
    for name, value in params.items():
        getattr(request, "set_" + name)(value)
    return request


def header(headers, name):
    for k, v in (headers or {}).items():
        if k.lower() == name.lower():
            return v
    return None


def send(request, client=CLIENT):
    """Status, content type, raw body and the SDK's own exception (None on success)."""
    status, headers, body, exception = client._implementation_of_do_action(request)
    return status, header(headers, "content-type"), body, exception


def parse(what, body):
    """The XML root of ``body``; a body that is not XML fails the check and the section."""
    try:
        return ET.fromstring(body)
    except ET.ParseError as e:
        C.check(f"{what}: the body is XML", False, f"{e}: {body[:300]!r}")
        raise Abort() from e


def text(root, path):
    node = root.find(path)
    return None if node is None else (node.text or "")


def call(action, **params):
    """One XML call that must succeed: checks status 200, the content type, the root
    `<{action}Response>` and a RequestId equal to the header's; returns the root element."""
    C.calls += 1
    status, content_type, body, exception = send(build(action, **params))
    if not C.check(f"{action}: HTTP 200", status == 200 and exception is None,
                   f"HTTP {status} {body[:300]!r}"):
        raise Abort()
    root = parse(action, body)
    C.equal(f"{action}: content type", content_type, XML_CONTENT_TYPE)
    C.equal(f"{action}: root element", root.tag, action + "Response")
    C.check(f"{action}: RequestId", is_uuid(text(root, "RequestId")), text(root, "RequestId"))
    ROUND_TRIPS.add(action)
    return root


def fails(what, action, code, status, client=CLIENT, **params):
    """One XML call that must fail with ``code`` and ``status``: the body is `<KMS>` with
    HttpStatus, Code, Message, RequestId and HostId; the old SDK, which parses error bodies as
    JSON only, reports SDK.UnknownServerError with the HTTP status and the XML in its message."""
    C.calls += 1
    got_status, content_type, body, exception = send(build(action, **params), client)
    C.equal(f"{what}: HTTP status", got_status, status)
    root = parse(what, body)
    C.equal(f"{what}: content type", content_type, XML_CONTENT_TYPE)
    C.equal(f"{what}: root element", root.tag, "KMS")
    C.equal(f"{what}: HttpStatus", text(root, "HttpStatus"), str(status))
    C.equal(f"{what}: first element", root[0].tag if len(root) else None, "HttpStatus")
    C.equal(f"{what}: Code", text(root, "Code"), code)
    C.check(f"{what}: Message", bool(text(root, "Message")), body[:300])
    C.check(f"{what}: RequestId", is_uuid(text(root, "RequestId")), body[:300])
    C.check(f"{what}: HostId", bool(text(root, "HostId")), body[:300])
    if C.check(f"{what}: the SDK raises its ServerException", isinstance(exception,
                                                                          ServerException),
               repr(exception)):
        C.equal(f"{what}: the SDK's code (it reads error bodies as JSON only)",
                exception.get_error_code(), "SDK.UnknownServerError")
        C.equal(f"{what}: the SDK's HTTP status", exception.get_http_status(), status)
        C.check(f"{what}: the SDK's message holds the XML body",
                "<Code>" + code + "</Code>" in exception.get_error_msg(),
                exception.get_error_msg()[:300])
    return root


def new_key(what, **params):
    root = call("CreateKey", **params)
    key = text(root, "KeyMetadata/KeyId")
    if not C.check(f"{what}: KeyMetadata/KeyId is a UUID", is_uuid(key), key):
        raise Abort()
    return key, root


def state(key):
    return text(call("DescribeKey", KeyId=key), "KeyMetadata/KeyState")


ST = types.SimpleNamespace(k1=None, k2=None, plain=b64(f"xml plaintext {RUN}".encode()))


def the_request_says_xml():
    request = build("ListKeys")
    url = request.get_url(S["region"], S["ak"], S["sk"])
    C.check("the SDK signs Format=XML into the request", "Format=XML" in url, url)


def regions():
    root = call("DescribeRegions")
    items = root.findall("Regions/Region")
    C.check("DescribeRegions: one <Region> per region", len(items) > 1, len(items))
    ids = [text(r, "RegionId") for r in items]
    C.check("DescribeRegions: cn-hangzhou listed", "cn-hangzhou" in ids, ids)


def keys():
    description = f"sdk xml {RUN} <&> \"q\" 'a' ü"
    ST.k1, root = new_key("CreateKey", Description=description)
    C.equal("CreateKey: escaped Description round trip",
            text(root, "KeyMetadata/Description"), description)
    C.equal("CreateKey: KeyState", text(root, "KeyMetadata/KeyState"), "Enabled")
    C.check("CreateKey: CreationDate", is_iso_utc(text(root, "KeyMetadata/CreationDate")),
            text(root, "KeyMetadata/CreationDate"))
    root = call("DescribeKey", KeyId=ST.k1)
    C.equal("DescribeKey: KeyId", text(root, "KeyMetadata/KeyId"), ST.k1)
    C.check("DescribeKey: Arn", (text(root, "KeyMetadata/Arn") or "").endswith("key/" + ST.k1),
            text(root, "KeyMetadata/Arn"))
    call("UpdateKeyDescription", KeyId=ST.k1, Description=f"updated {RUN}")
    C.equal("UpdateKeyDescription: took effect",
            text(call("DescribeKey", KeyId=ST.k1), "KeyMetadata/Description"), f"updated {RUN}")
    found = set()
    page = 1
    while True:
        root = call("ListKeys", PageNumber=page, PageSize=100)
        items = root.findall("Keys/Key")
        found.update(text(k, "KeyId") for k in items)
        total = int(text(root, "TotalCount") or "0")
        C.equal(f"ListKeys page {page}: PageNumber", text(root, "PageNumber"), str(page))
        if page * 100 >= total or not items:
            break
        page += 1
    C.check("ListKeys: lists the key in <Keys><Key>", ST.k1 in found, len(found))
    if items:
        C.check("ListKeys: KeyArn in each <Key>", bool(text(items[0], "KeyArn")), items[0])


def enable_disable():
    call("DisableKey", KeyId=ST.k1)
    C.equal("DisableKey: took effect", state(ST.k1), "Disabled")
    fails("Encrypt under a disabled key", "Encrypt", "Rejected.Disabled", 409, KeyId=ST.k1,
          Plaintext=ST.plain)
    call("EnableKey", KeyId=ST.k1)
    C.equal("EnableKey: took effect", state(ST.k1), "Enabled")


def crypto():
    context = json.dumps({"purpose": "xml", "run": RUN})
    root = call("Encrypt", KeyId=ST.k1, Plaintext=ST.plain, EncryptionContext=context)
    C.equal("Encrypt: KeyId", text(root, "KeyId"), ST.k1)
    C.check("Encrypt: KeyVersionId", is_uuid(text(root, "KeyVersionId")),
            text(root, "KeyVersionId"))
    blob = text(root, "CiphertextBlob")
    root = call("Decrypt", CiphertextBlob=blob, EncryptionContext=context)
    C.equal("Decrypt: Plaintext", text(root, "Plaintext"), ST.plain)
    C.equal("Decrypt: KeyId", text(root, "KeyId"), ST.k1)
    root = call("GenerateDataKey", KeyId=ST.k1, NumberOfBytes=16)
    plain = text(root, "Plaintext")
    C.equal("GenerateDataKey: 16 bytes", len(base64.b64decode(plain or "")), 16)
    root = call("Decrypt", CiphertextBlob=text(root, "CiphertextBlob"))
    C.equal("Decrypt of the data key", text(root, "Plaintext"), plain)
    root = call("GenerateDataKeyWithoutPlaintext", KeyId=ST.k1)
    C.check("GenerateDataKeyWithoutPlaintext: no Plaintext", root.find("Plaintext") is None,
            ET.tostring(root)[:300])
    C.check("GenerateDataKeyWithoutPlaintext: CiphertextBlob",
            bool(text(root, "CiphertextBlob")), ET.tostring(root)[:300])
    fails("Decrypt with a wrong EncryptionContext", "Decrypt", "InvalidParameter", 400,
          CiphertextBlob=blob, EncryptionContext=json.dumps({"purpose": "other"}))


def aliases_of(key):
    root = call("ListAliasesByKeyId", KeyId=key)
    return [text(a, "AliasName") for a in root.findall("Aliases/Alias")]


def aliases():
    ST.k2, _ = new_key("CreateKey (alias target)", Description=f"sdk xml alias {RUN}")
    alias = f"alias/sdk-xml-{RUN}"
    call("CreateAlias", AliasName=alias, KeyId=ST.k1)
    found = {}
    page = 1
    while True:
        root = call("ListAliases", PageNumber=page, PageSize=100)
        items = root.findall("Aliases/Alias")
        for a in items:
            found[text(a, "AliasName")] = (text(a, "KeyId"), text(a, "AliasArn"))
        if page * 100 >= int(text(root, "TotalCount") or "0") or not items:
            break
        page += 1
    C.equal("ListAliases: <Aliases><Alias> of the alias", (found.get(alias) or (None,))[0],
            ST.k1)
    C.equal("ListAliasesByKeyId: the key's aliases", aliases_of(ST.k1), [alias])
    call("UpdateAlias", AliasName=alias, KeyId=ST.k2)
    C.equal("UpdateAlias: the new key's aliases", aliases_of(ST.k2), [alias])
    call("DeleteAlias", AliasName=alias)
    C.equal("DeleteAlias: the key has none", aliases_of(ST.k2), [])
    fails("DescribeKey by a deleted alias", "DescribeKey", "Forbidden.AliasNotFound", 404,
          KeyId=alias)


def tags():
    tag_list = [{"TagKey": "env", "TagValue": "a/b+c=d"}, {"TagKey": "team", "TagValue": "kms"}]
    call("TagResource", KeyId=ST.k1, Tags=json.dumps(tag_list))
    root = call("ListResourceTags", KeyId=ST.k1)
    pairs = {text(t, "TagKey"): text(t, "TagValue") for t in root.findall("Tags/Tag")}
    C.equal("ListResourceTags: <Tags><Tag> pairs", pairs, {"env": "a/b+c=d", "team": "kms"})
    call("UntagResource", KeyId=ST.k1, TagKeys=json.dumps(["env", "team"]))
    root = call("ListResourceTags", KeyId=ST.k1)
    C.equal("ListResourceTags after UntagResource: no <Tag>", len(root.findall("Tags/Tag")), 0)
    C.check("ListResourceTags: an empty <Tags> is still there", root.find("Tags") is not None,
            ET.tostring(root)[:300])


def deletion():
    key, _ = new_key("CreateKey (deletion)", Description=f"sdk xml deletion {RUN}")
    call("ScheduleKeyDeletion", KeyId=key, PendingWindowInDays=7)
    root = call("DescribeKey", KeyId=key)
    C.equal("ScheduleKeyDeletion: PendingDeletion", text(root, "KeyMetadata/KeyState"),
            "PendingDeletion")
    C.check("ScheduleKeyDeletion: DeleteDate", is_iso_utc(text(root, "KeyMetadata/DeleteDate")),
            text(root, "KeyMetadata/DeleteDate"))
    call("CancelKeyDeletion", KeyId=key)
    C.equal("CancelKeyDeletion: Enabled", state(key), "Enabled")


def byok():
    key, root = new_key("CreateKey EXTERNAL", Origin="EXTERNAL", Description=f"sdk xml byok {RUN}")
    C.equal("CreateKey EXTERNAL: PendingImport", text(root, "KeyMetadata/KeyState"),
            "PendingImport")
    root = call("GetParametersForImport", KeyId=key, WrappingAlgorithm="RSAES_OAEP_SHA_256",
                WrappingKeySpec="RSA_2048")
    C.equal("GetParametersForImport: KeyId", text(root, "KeyId"), key)
    C.check("GetParametersForImport: TokenExpireTime", is_iso_utc(text(root, "TokenExpireTime")),
            text(root, "TokenExpireTime"))
    wrapped, bits = wrap_material(text(root, "PublicKey"), os.urandom(32), "RSAES_OAEP_SHA_256")
    C.equal("GetParametersForImport: an RSA 2048 public key", bits, 2048)
    call("ImportKeyMaterial", KeyId=key, EncryptedKeyMaterial=wrapped,
         ImportToken=text(root, "ImportToken"))
    C.equal("ImportKeyMaterial: Enabled", state(key), "Enabled")
    blob = text(call("Encrypt", KeyId=key, Plaintext=ST.plain), "CiphertextBlob")
    C.equal("Decrypt under imported material",
            text(call("Decrypt", CiphertextBlob=blob), "Plaintext"), ST.plain)
    call("DeleteKeyMaterial", KeyId=key)
    C.equal("DeleteKeyMaterial: PendingImport", state(key), "PendingImport")


def errors():
    fails("DescribeKey of an unknown key", "DescribeKey", "Forbidden.KeyNotFound", 404,
          KeyId="0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a")
    # A refusal of the gateway, before the service, in XML too. The SDK's wrong-secret
    # detection needs a JSON body, so in XML mode it cannot say InvalidAccessKeySecret.
    wrong = AcsClient(S["ak"], S["sk"] + "x", S["region"])
    fails("ListKeys with a wrong secret", "ListKeys", "SignatureDoesNotMatch", 400, client=wrong)
    # Format is compared without case; JSON stays JSON, with HttpStatus in the error.
    C.calls += 1
    status, content_type, body, _ = send(build("DescribeRegions", accept_format="xml"))
    C.equal("Format=xml: XML too", (status, content_type), (200, XML_CONTENT_TYPE))
    C.calls += 1
    status, content_type, body, exception = send(
        build("DescribeKey", accept_format="JSON", KeyId="0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a"))
    C.equal("Format=JSON error: content type", content_type, "application/json;charset=utf-8")
    error = json.loads(body)
    C.equal("Format=JSON error: HttpStatus", error.get("HttpStatus"), 404)
    C.equal("Format=JSON error: the SDK's code", exception.get_error_code()
            if isinstance(exception, ServerException) else None, "Forbidden.KeyNotFound")


C.run("the SDK sends Format=XML", the_request_says_xml)
C.run("DescribeRegions", regions)
C.run("keys", keys)
if ST.k1:
    C.run("EnableKey and DisableKey", enable_disable)
    C.run("crypto", crypto)
    C.run("aliases", aliases)
    C.run("tags", tags)
C.run("deletion", deletion)
C.run("import (BYOK)", byok)
C.run("errors", errors)
C.begin("coverage")
C.equal("every one of the 24 APIs made an XML round trip", sorted(set(MODULES) - ROUND_TRIPS), [])
C.finish()

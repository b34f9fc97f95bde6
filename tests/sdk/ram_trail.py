"""RAM authorization and the ActionTrail audit trail, through the official SDKs.

As root, with aliyun-python-sdk-ram (old core SDK, signature V1): a user, a custom policy that
allows only kms:Encrypt on *, attached to the user, and an AccessKey for the user. With that
AccessKey, through both KMS SDKs (V1 and V3 signatures): Encrypt succeeds and DescribeKey is
denied with Forbidden.NoPermission (403). Then, with alibabacloud-actiontrail20200706
(LookupEvents 2020-07-06, V3): the denied DescribeKey and the user's Encrypt are found through
LookupAttribute filters, and no event holds the plaintext or the user's secret.
Run by tests/sdk/run.sh, which sets KMSCONF_PORT and the root credentials.
"""

import json
import os
import sys
import types
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from alibabacloud_actiontrail20200706 import models as tm  # noqa: E402
from alibabacloud_actiontrail20200706.client import Client as TrailClient  # noqa: E402
from alibabacloud_kms20160120 import models as km  # noqa: E402
from alibabacloud_kms20160120.client import Client as KmsClient  # noqa: E402
from aliyunsdkcore.client import AcsClient  # noqa: E402
from aliyunsdkkms.request.v20160120 import DescribeKeyRequest, EncryptRequest  # noqa: E402
from aliyunsdkram.request.v20150501 import (  # noqa: E402
    AttachPolicyToUserRequest,
    CreateAccessKeyRequest,
    CreatePolicyRequest,
    CreateUserRequest,
    DeleteAccessKeyRequest,
    DeletePolicyRequest,
    DeleteUserRequest,
    DetachPolicyFromUserRequest,
    GetUserRequest,
    ListPoliciesForUserRequest,
)

from common import (  # noqa: E402
    Abort,
    Checker,
    b64,
    settings,
    tea_config,
    tea_error,
    v1_error,
    v1_send,
)

S = settings()
C = Checker("ram_trail", S["verbose"])
RUN = uuid.uuid4().hex[:8]


ROOT_V1 = AcsClient(S["ak"], S["sk"], S["region"])
ROOT_KMS = KmsClient(tea_config(S["ak"], S["sk"]))
TRAIL = TrailClient(tea_config(S["ak"], S["sk"]))


def ram(action, module, **params):
    """A RAM call as root that must succeed; returns the parsed JSON body (a failure ends the
    section)."""
    request = getattr(module, action + "Request")()
    return C.call(action, lambda: v1_send(ROOT_V1, request, **params))


ST = types.SimpleNamespace(user=f"sdk-user-{RUN}", policy=f"sdk-encrypt-only-{RUN}",
                           user_ak=None, user_sk=None, key=None, encrypt_ids=[], denied_ids=[],
                           secret_text=f"top secret of the sdk ram test {RUN}")
ST.plaintext = b64(ST.secret_text.encode())


def ram_setup():
    user, policy = ST.user, ST.policy
    document = json.dumps({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]})
    created = ram("CreateUser", CreateUserRequest, UserName=user, DisplayName="SDK test user")
    C.equal("CreateUser: User.UserName", (created.get("User") or {}).get("UserName"), user)
    user_id = (created.get("User") or {}).get("UserId")
    C.check("CreateUser: User.UserId", bool(user_id), created)
    got = ram("GetUser", GetUserRequest, UserName=user)
    C.equal("GetUser: User.UserName", (got.get("User") or {}).get("UserName"), user)
    C.equal("GetUser: User.UserId", (got.get("User") or {}).get("UserId"), user_id)

    body = ram("CreatePolicy", CreatePolicyRequest, PolicyName=policy, PolicyDocument=document,
               Description="only kms:Encrypt")
    C.equal("CreatePolicy: Policy.PolicyName", (body.get("Policy") or {}).get("PolicyName"),
            policy)
    C.equal("CreatePolicy: Policy.PolicyType", (body.get("Policy") or {}).get("PolicyType"),
            "Custom")
    ram("AttachPolicyToUser", AttachPolicyToUserRequest, PolicyType="Custom", PolicyName=policy,
        UserName=user)
    body = ram("ListPoliciesForUser", ListPoliciesForUserRequest, UserName=user)
    names = [p.get("PolicyName") for p in (body.get("Policies") or {}).get("Policy") or []]
    C.equal("ListPoliciesForUser: the attached policy", names, [policy])

    body = ram("CreateAccessKey", CreateAccessKeyRequest, UserName=user)
    access_key = body.get("AccessKey") or {}
    ST.user_ak, ST.user_sk = access_key.get("AccessKeyId"), access_key.get("AccessKeySecret")
    C.check("CreateAccessKey: AccessKeyId", bool(ST.user_ak), access_key)
    C.check("CreateAccessKey: AccessKeySecret", bool(ST.user_sk))
    C.equal("CreateAccessKey: Status", access_key.get("Status"), "Active")
    if not (ST.user_ak and ST.user_sk):
        raise Abort()


def user_calls():
    created = C.call("CreateKey (root, V3 SDK)", lambda: ROOT_KMS.create_key(
        km.CreateKeyRequest(description=f"sdk ram {RUN}")))
    key = ST.key = created.body.key_metadata.key_id
    plaintext = ST.plaintext
    user_v3 = KmsClient(tea_config(ST.user_ak, ST.user_sk))
    user_v1 = AcsClient(ST.user_ak, ST.user_sk, S["region"])

    resp = C.call("Encrypt as the user (V3 SDK)", lambda: user_v3.encrypt(
        km.EncryptRequest(key_id=key, plaintext=plaintext)))
    C.equal("user Encrypt (V3): KeyId", resp.body.key_id, key)
    ST.encrypt_ids.append(resp.body.request_id)
    blob = resp.body.ciphertext_blob
    dec = C.call("Decrypt as root", lambda: ROOT_KMS.decrypt(
        km.DecryptRequest(ciphertext_blob=blob)))
    C.equal("root decrypts the user's ciphertext", dec.body.plaintext, plaintext)

    body = C.call("Encrypt as the user (V1 SDK)", lambda: v1_send(
        user_v1, EncryptRequest.EncryptRequest(), KeyId=key, Plaintext=plaintext))
    C.equal("user Encrypt (V1): KeyId", body.get("KeyId"), key)
    ST.encrypt_ids.append(body.get("RequestId"))

    def denied(what, fn, extract, request_id_of):
        C.calls += 1
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            got = extract(e)
            if not C.check(f"{what} fails with the SDK's server error", got is not None, repr(e)):
                return
            C.equal(f"{what}: error code", got[0], "Forbidden.NoPermission")
            C.equal(f"{what}: HTTP status", got[1], 403)
            ST.denied_ids.append(request_id_of(e))
            return
        C.check(f"{what} is denied", False, "it succeeded")

    denied("DescribeKey as the user (V3 SDK)",
           lambda: user_v3.describe_key(km.DescribeKeyRequest(key_id=key)), tea_error,
           lambda e: getattr(e, "request_id", None) or (getattr(e, "data", None) or {}).get(
               "RequestId"))
    denied("DescribeKey as the user (V1 SDK)",
           lambda: v1_send(user_v1, DescribeKeyRequest.DescribeKeyRequest(), KeyId=key),
           v1_error, lambda e: e.get_request_id())
    C.check("the denials carry RequestIds", len(ST.denied_ids) == 2 and all(ST.denied_ids),
            ST.denied_ids)


def lookup(what, attributes, next_token=None):
    request = tm.LookupEventsRequest(
        lookup_attribute=[tm.LookupEventsRequestLookupAttribute(key=k, value=v)
                          for k, v in attributes],
        max_results="50", next_token=next_token)
    resp = C.call(what, lambda: TRAIL.lookup_events(request))
    C.check(f"{what}: RequestId", bool(resp.body.request_id))
    return resp.body


def lookup_all(what, attributes):
    events, token = [], None
    for _ in range(100):
        body = lookup(what, attributes, next_token=token)
        events.extend(body.events or [])
        token = body.next_token
        if not token:
            break
    return events


def field(event, path):
    for part in path.split("."):
        event = event.get(part) if isinstance(event, dict) else None
    return event


def trail():
    user, key, user_ak = ST.user, ST.key, ST.user_ak
    by_user = lookup_all("LookupEvents User=<user>", [("User", user)])
    C.check("User filter: only the user's events",
            all(field(e, "userIdentity.userName") == user for e in by_user),
            [field(e, "userIdentity.userName") for e in by_user])
    C.equal("User filter: the user's two Encrypts and two DescribeKeys",
            sorted(e.get("eventName") for e in by_user),
            ["DescribeKey", "DescribeKey", "Encrypt", "Encrypt"])

    denials = lookup_all("LookupEvents EventName=DescribeKey, User=<user>",
                         [("EventName", "DescribeKey"), ("User", user)])
    C.equal("denied DescribeKey: two events", len(denials), 2)
    for rid in ST.denied_ids:
        found = lookup_all("LookupEvents EventId=<denied RequestId>", [("EventId", rid)])
        C.equal("EventId filter: the denied call's one event",
                [(e.get("eventId"), e.get("eventName")) for e in found], [(rid, "DescribeKey")])
    for e in denials:
        rid = e.get("requestId")
        C.equal("denied DescribeKey: eventId is the RequestId", e.get("eventId"), rid)
        C.check("denied DescribeKey: userIdentity.accountId is a 16-digit uid",
                str(field(e, "userIdentity.accountId") or "").isdigit()
                and len(str(field(e, "userIdentity.accountId"))) == 16,
                field(e, "userIdentity.accountId"))
        C.check("denied DescribeKey: requestId is a denied call's RequestId",
                rid in ST.denied_ids, f"{rid} not in {ST.denied_ids}")
        C.equal("denied DescribeKey: eventName", e.get("eventName"), "DescribeKey")
        C.equal("denied DescribeKey: errorCode", e.get("errorCode"), "Forbidden.NoPermission")
        C.check("denied DescribeKey: errorMessage", bool(e.get("errorMessage")),
                e.get("errorMessage"))
        C.equal("denied DescribeKey: userIdentity.userName",
                field(e, "userIdentity.userName"), user)
        C.equal("denied DescribeKey: userIdentity.type", field(e, "userIdentity.type"),
                "ram-user")
        C.equal("denied DescribeKey: userIdentity.accessKeyId",
                field(e, "userIdentity.accessKeyId"), user_ak)
        C.equal("denied DescribeKey: serviceName", e.get("serviceName"), "Kms")
        C.equal("denied DescribeKey: requestParameters.KeyId",
                field(e, "requestParameters.KeyId"), key)

    encrypts = lookup_all("LookupEvents EventName=Encrypt", [("EventName", "Encrypt")])
    C.check("EventName filter: only Encrypt events",
            all(e.get("eventName") == "Encrypt" for e in encrypts),
            sorted({e.get("eventName") for e in encrypts}))
    mine = [e for e in encrypts if field(e, "userIdentity.userName") == user]
    C.equal("EventName filter: the user's two Encrypt events", len(mine), 2)
    for e in mine:
        C.check("user Encrypt: requestId is an Encrypt's RequestId",
                e.get("requestId") in ST.encrypt_ids,
                f"{e.get('requestId')} not in {ST.encrypt_ids}")
        C.check("user Encrypt: no errorCode", not e.get("errorCode"), e.get("errorCode"))
        C.equal("user Encrypt: userIdentity.type", field(e, "userIdentity.type"), "ram-user")
        C.equal("user Encrypt: userIdentity.accessKeyId", field(e, "userIdentity.accessKeyId"),
                user_ak)
        C.equal("user Encrypt: requestParameters.KeyId", field(e, "requestParameters.KeyId"), key)
        C.check("user Encrypt: no Plaintext parameter",
                "Plaintext" not in (e.get("requestParameters") or {}),
                e.get("requestParameters"))

    kms_events = lookup_all("LookupEvents ServiceName=Kms", [("ServiceName", "Kms")])
    C.check("ServiceName filter: events found", len(kms_events) >= 5, len(kms_events))
    everything = json.dumps(by_user + denials + encrypts + kms_events, ensure_ascii=False)
    for label, secret in (("the Base64 plaintext", ST.plaintext),
                          ("the plaintext text", ST.secret_text),
                          ("the user's AccessKeySecret", ST.user_sk)):
        C.check(f"no event contains {label}", secret not in everything)


def cleanup():
    user, policy = ST.user, ST.policy
    if ST.user_ak:
        ram("DeleteAccessKey", DeleteAccessKeyRequest, UserName=user, UserAccessKeyId=ST.user_ak)
        user_v3 = KmsClient(tea_config(ST.user_ak, ST.user_sk))
        C.expect_error("Encrypt with the deleted AccessKey", lambda: user_v3.encrypt(
            km.EncryptRequest(key_id=ST.key or "x", plaintext=ST.plaintext)),
            "InvalidAccessKeyId.NotFound", 404, tea_error)
    ram("DetachPolicyFromUser", DetachPolicyFromUserRequest, PolicyType="Custom",
        PolicyName=policy, UserName=user)
    body = ram("ListPoliciesForUser", ListPoliciesForUserRequest, UserName=user)
    C.equal("ListPoliciesForUser after the detach",
            (body.get("Policies") or {}).get("Policy") or [], [])
    ram("DeletePolicy", DeletePolicyRequest, PolicyName=policy)
    ram("DeleteUser", DeleteUserRequest, UserName=user)
    C.expect_error("GetUser of the deleted user", lambda: v1_send(
        ROOT_V1, GetUserRequest.GetUserRequest(), UserName=user), "EntityNotExist.User", 404,
        v1_error)


if C.run("RAM setup (V1 SDK)", ram_setup):
    if C.run("the user's KMS calls", user_calls):
        C.run("LookupEvents", trail)
    C.run("RAM clean-up", cleanup)
C.finish()

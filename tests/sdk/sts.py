"""STS temporary credentials (STS 2015-04-01) through the official SDKs and credential provider.

As root, with aliyun-python-sdk-ram (V1): two RAM users, each with an AccessKey and a custom
policy allowing sts:AssumeRole on *, and a role trusting only the first user, with a custom policy
allowing kms:* on * attached (AttachPolicyToRole); the account id comes from root's
GetCallerIdentity. Then, as the first user: AssumeRole through alibabacloud-sts20150401 (V3) and
aliyun-python-sdk-sts (V1), the credentials' shape and the assumed role; GetCallerIdentity of the
session; KMS with the session through alibabacloud-kms20160120 (security_token, V3) and
aliyun-python-sdk-kms (StsTokenCredential, V1); a session policy narrowing the role to
kms:ListKeys; the alibabacloud-credentials `ram_role_arn` provider pointed at the local STS and
given to a KMS client as `credential`; a forged token (InvalidSecurityToken.Malformed), a session
AccessKey without its token (MissingSecurityToken); the second user, not named by the trust
policy, refused (NoPermission 403); and the session's AccessKey gone once the role is deleted.
No AccessKeySecret or SecurityToken is ever printed: only codes, lengths and prefixes.
Run by tests/sdk/run.sh, which sets KMSCONF_PORT and the root credentials.
"""

import base64
import calendar
import json
import os
import secrets
import sys
import time
import types
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from alibabacloud_credentials.client import Client as CredentialClient  # noqa: E402
from alibabacloud_credentials.models import Config as CredentialConfig  # noqa: E402
from alibabacloud_kms20160120 import models as km  # noqa: E402
from alibabacloud_kms20160120.client import Client as KmsClient  # noqa: E402
from alibabacloud_sts20150401 import models as sm  # noqa: E402
from alibabacloud_sts20150401.client import Client as StsClient  # noqa: E402
from aliyunsdkcore.auth.credentials import StsTokenCredential  # noqa: E402
from aliyunsdkcore.client import AcsClient  # noqa: E402
from aliyunsdkkms.request.v20160120 import (  # noqa: E402
    DecryptRequest,
    EncryptRequest,
    ListKeysRequest,
)
from aliyunsdkram.request.v20150501 import (  # noqa: E402
    AttachPolicyToRoleRequest,
    AttachPolicyToUserRequest,
    CreateAccessKeyRequest,
    CreatePolicyRequest,
    CreateRoleRequest,
    CreateUserRequest,
    DeleteAccessKeyRequest,
    DeletePolicyRequest,
    DeleteRoleRequest,
    DeleteUserRequest,
    DetachPolicyFromRoleRequest,
    DetachPolicyFromUserRequest,
    GetRoleRequest,
    ListPoliciesForRoleRequest,
)
from aliyunsdksts.request.v20150401 import AssumeRoleRequest  # noqa: E402

from common import (  # noqa: E402
    Abort,
    Checker,
    b64,
    is_iso_utc,
    settings,
    tea_config,
    tea_error,
    v1_error,
    v1_send,
)

S = settings()
C = Checker("sts", S["verbose"])
RUN = uuid.uuid4().hex[:8]

ROOT_V1 = AcsClient(S["ak"], S["sk"], S["region"])
ROOT_STS = StsClient(tea_config(S["ak"], S["sk"]))

ST = types.SimpleNamespace(
    uid=None, users={}, role=f"SdkStsRole-{RUN}", role_arn=None, role_id=None,
    assume_policy=f"sdk-sts-assume-{RUN}", kms_policy=f"sdk-sts-kms-all-{RUN}",
    session=None, v1_session=None, key=None,
    plaintext=b64(f"sts sdk plaintext {RUN}".encode()))
ST.users = {"trusted": f"sdk-sts-trusted-{RUN}", "other": f"sdk-sts-other-{RUN}"}
ST.keys = {}  # user kind -> (AccessKeyId, AccessKeySecret)


def ram(action, module, **params):
    """A RAM call as root that must succeed; returns the parsed JSON body (a failure ends the
    section)."""
    request = getattr(module, action + "Request")()
    return C.call(action, lambda: v1_send(ROOT_V1, request, **params))


def allow(actions, resource="*"):
    return json.dumps({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": actions, "Resource": resource}]})


def user_sts(kind):
    ak, sk = ST.keys[kind]
    return StsClient(tea_config(ak, sk))


def session_of(what, credentials):
    """(AccessKeyId, AccessKeySecret, SecurityToken) of an AssumeRole answer's Credentials (a
    dict), registered as secrets; checks the shape of D-317 without printing the secrets."""
    ak = credentials.get("AccessKeyId")
    sk = credentials.get("AccessKeySecret")
    token = credentials.get("SecurityToken")
    C.hide(sk, token)
    C.check(f"{what}: AccessKeyId starts with STS.", isinstance(ak, str) and ak.startswith("STS."),
            f"prefix {str(ak)[:4]!r}, {len(str(ak))} chars")
    C.check(f"{what}: AccessKeySecret is non-empty", isinstance(sk, str) and len(sk) > 0,
            f"{len(sk or '')} chars")
    C.check(f"{what}: SecurityToken is non-empty", isinstance(token, str) and len(token) > 0,
            f"{len(token or '')} chars")
    expiration = credentials.get("Expiration")
    C.check(f"{what}: Expiration is YYYY-MM-DDThh:mm:ssZ", is_iso_utc(expiration), expiration)
    if not (ak and sk and token):
        raise Abort()
    return ak, sk, token, expiration


def check_assumed_role_user(what, user, session_name):
    arn = f"acs:ram::{ST.uid}:role/{ST.role.lower()}/{session_name}"
    C.equal(f"{what}: AssumedRoleUser.Arn", user.get("Arn"), arn)
    assumed_id = user.get("AssumedRoleId") or ""
    C.check(f"{what}: AssumedRoleId ends with :<session>",
            assumed_id.endswith(f":{session_name}"), assumed_id)
    C.equal(f"{what}: AssumedRoleId is <RoleId>:<session>", assumed_id,
            f"{ST.role_id}:{session_name}")


def setup():
    body = C.call("GetCallerIdentity as root (V3 STS SDK)", ROOT_STS.get_caller_identity).body
    C.equal("root GetCallerIdentity: IdentityType", body.identity_type, "Account")
    ST.uid = body.account_id
    if not C.check("root GetCallerIdentity: AccountId is digits",
                   str(ST.uid or "").isdigit(), ST.uid):
        raise Abort()
    C.equal("root GetCallerIdentity: Arn", body.arn, f"acs:ram::{ST.uid}:root")

    ram("CreatePolicy", CreatePolicyRequest, PolicyName=ST.assume_policy,
        PolicyDocument=allow("sts:AssumeRole"), Description="sts:AssumeRole on *")
    for kind, user in ST.users.items():
        created = ram("CreateUser", CreateUserRequest, UserName=user)
        C.equal(f"CreateUser ({kind}): User.UserName", (created.get("User") or {}).get("UserName"),
                user)
        ram("AttachPolicyToUser", AttachPolicyToUserRequest, PolicyType="Custom",
            PolicyName=ST.assume_policy, UserName=user)
        access_key = ram("CreateAccessKey", CreateAccessKeyRequest, UserName=user).get(
            "AccessKey") or {}
        ak, sk = access_key.get("AccessKeyId"), access_key.get("AccessKeySecret")
        C.hide(sk)
        if not C.check(f"CreateAccessKey ({kind}): AccessKeyId and AccessKeySecret",
                       bool(ak and sk), f"AccessKeyId {ak!r}, secret {len(sk or '')} chars"):
            raise Abort()
        ST.keys[kind] = (ak, sk)

    trust = json.dumps({"Version": "1", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"RAM": [f"acs:ram::{ST.uid}:user/{ST.users['trusted']}"]}}]})
    role = ram("CreateRole", CreateRoleRequest, RoleName=ST.role, AssumeRolePolicyDocument=trust,
               Description="sdk sts test role").get("Role") or {}
    ST.role_arn = role.get("Arn")
    C.equal("CreateRole: Role.Arn (lowercase name)", ST.role_arn,
            f"acs:ram::{ST.uid}:role/{ST.role.lower()}")
    C.equal("CreateRole: Role.RoleName", role.get("RoleName"), ST.role)
    ST.role_id = (ram("GetRole", GetRoleRequest, RoleName=ST.role).get("Role") or {}).get("RoleId")
    C.check("GetRole: RoleId", bool(ST.role_id), ST.role_id)
    if not ST.role_arn:
        raise Abort()

    ram("CreatePolicy", CreatePolicyRequest, PolicyName=ST.kms_policy,
        PolicyDocument=allow("kms:*"), Description="kms:* on *")
    ram("AttachPolicyToRole", AttachPolicyToRoleRequest, PolicyType="Custom",
        PolicyName=ST.kms_policy, RoleName=ST.role)
    body = ram("ListPoliciesForRole", ListPoliciesForRoleRequest, RoleName=ST.role)
    names = [p.get("PolicyName") for p in (body.get("Policies") or {}).get("Policy") or []]
    C.equal("ListPoliciesForRole: the attached policy", names, [ST.kms_policy])


def assume_v3():
    name = f"sdk-v3-{RUN}"
    resp = C.call("AssumeRole as the trusted user (V3 STS SDK)", lambda: user_sts(
        "trusted").assume_role(sm.AssumeRoleRequest(
            role_arn=ST.role_arn, role_session_name=name, duration_seconds=900)))
    C.equal("AssumeRole (V3): HTTP 200", resp.status_code, 200)
    body = resp.body
    c = body.credentials
    ak, sk, token, expiration = session_of("AssumeRole (V3)", {
        "AccessKeyId": c.access_key_id, "AccessKeySecret": c.access_key_secret,
        "SecurityToken": c.security_token, "Expiration": c.expiration})
    if is_iso_utc(expiration):
        lifetime = calendar.timegm(time.strptime(expiration, "%Y-%m-%dT%H:%M:%SZ")) - time.time()
        C.check("AssumeRole (V3): Expiration is about 900 s ahead", 600 <= lifetime <= 1200,
                f"{lifetime:.0f} s")
    check_assumed_role_user("AssumeRole (V3)", {
        "Arn": body.assumed_role_user.arn, "AssumedRoleId": body.assumed_role_user.assumed_role_id},
        name)
    C.check("AssumeRole (V3): RequestId", bool(body.request_id), body.request_id)
    ST.session = types.SimpleNamespace(name=name, ak=ak, sk=sk, token=token,
                                       assumed_id=body.assumed_role_user.assumed_role_id)


def caller_identity():
    s = ST.session
    client = StsClient(tea_config(s.ak, s.sk, security_token=s.token))
    body = C.call("GetCallerIdentity with the session (V3 STS SDK)",
                  client.get_caller_identity).body
    C.equal("session GetCallerIdentity: IdentityType", body.identity_type, "AssumedRoleUser")
    # D-324 and reference/tests/sts.rs: GetCallerIdentity names the session
    # `assumed-role/<role>/<session>`, where AssumeRole's AssumedRoleUser.Arn says `role/...`.
    C.equal("session GetCallerIdentity: Arn", body.arn,
            f"acs:ram::{ST.uid}:assumed-role/{ST.role.lower()}/{s.name}")
    C.equal("session GetCallerIdentity: AccountId", body.account_id, ST.uid)
    C.equal("session GetCallerIdentity: PrincipalId is the AssumedRoleId", body.principal_id,
            s.assumed_id)
    C.equal("session GetCallerIdentity: RoleId", body.role_id, ST.role_id)
    C.check("session GetCallerIdentity: no UserId", not body.user_id, body.user_id)

    body = C.call("GetCallerIdentity as the trusted user (V3 STS SDK)",
                  user_sts("trusted").get_caller_identity).body
    C.equal("user GetCallerIdentity: IdentityType", body.identity_type, "RAMUser")
    C.equal("user GetCallerIdentity: Arn", body.arn,
            f"acs:ram::{ST.uid}:user/{ST.users['trusted']}")


def assume_v1():
    name = f"sdk-v1-{RUN}"
    ak, sk = ST.keys["trusted"]
    client = AcsClient(ak, sk, S["region"])
    body = C.call("AssumeRole as the trusted user (V1 STS SDK)", lambda: v1_send(
        client, AssumeRoleRequest.AssumeRoleRequest(), RoleArn=ST.role_arn,
        RoleSessionName=name, DurationSeconds=900))
    sak, ssk, token, _ = session_of("AssumeRole (V1)", body.get("Credentials") or {})
    check_assumed_role_user("AssumeRole (V1)", body.get("AssumedRoleUser") or {}, name)
    C.check("AssumeRole (V1): a new session AccessKeyId", sak != ST.session.ak)
    ST.v1_session = types.SimpleNamespace(name=name, ak=sak, sk=ssk, token=token)


def kms_v3():
    s = ST.session
    client = KmsClient(tea_config(s.ak, s.sk, security_token=s.token))
    created = C.call("CreateKey with the session (V3 KMS SDK)", lambda: client.create_key(
        km.CreateKeyRequest(description=f"sdk sts {RUN}")))
    ST.key = created.body.key_metadata.key_id
    C.check("CreateKey (session, V3): KeyId", bool(ST.key), ST.key)
    enc = C.call("Encrypt with the session (V3 KMS SDK)", lambda: client.encrypt(
        km.EncryptRequest(key_id=ST.key, plaintext=ST.plaintext)))
    C.equal("Encrypt (session, V3): KeyId", enc.body.key_id, ST.key)
    blob = enc.body.ciphertext_blob
    dec = C.call("Decrypt with the session (V3 KMS SDK)", lambda: client.decrypt(
        km.DecryptRequest(ciphertext_blob=blob)))
    C.equal("Decrypt (session, V3): the plaintext", dec.body.plaintext, ST.plaintext)
    C.equal("Decrypt (session, V3): KeyId", dec.body.key_id, ST.key)


def kms_v1():
    s = ST.v1_session or ST.session
    client = AcsClient(region_id=S["region"], credential=StsTokenCredential(s.ak, s.sk, s.token))
    body = C.call("ListKeys with StsTokenCredential (V1 KMS SDK)", lambda: v1_send(
        client, ListKeysRequest.ListKeysRequest(), PageSize=100))
    ids = [k.get("KeyId") for k in (body.get("Keys") or {}).get("Key") or []]
    C.check("ListKeys (session, V1): the session's key is listed", ST.key in ids, ids)
    body = C.call("Encrypt with StsTokenCredential (V1 KMS SDK)", lambda: v1_send(
        client, EncryptRequest.EncryptRequest(), KeyId=ST.key, Plaintext=ST.plaintext))
    C.equal("Encrypt (session, V1): KeyId", body.get("KeyId"), ST.key)
    blob = body.get("CiphertextBlob")
    body = C.call("Decrypt with StsTokenCredential (V1 KMS SDK)", lambda: v1_send(
        client, DecryptRequest.DecryptRequest(), CiphertextBlob=blob))
    C.equal("Decrypt (session, V1): the plaintext", body.get("Plaintext"), ST.plaintext)


def session_policy():
    name = f"sdk-narrow-{RUN}"
    resp = C.call("AssumeRole with a session Policy of kms:ListKeys (V3 STS SDK)",
                  lambda: user_sts("trusted").assume_role(sm.AssumeRoleRequest(
                      role_arn=ST.role_arn, role_session_name=name, duration_seconds=900,
                      policy=allow("kms:ListKeys"))))
    c = resp.body.credentials
    ak, sk, token, _ = session_of("AssumeRole (session Policy)", {
        "AccessKeyId": c.access_key_id, "AccessKeySecret": c.access_key_secret,
        "SecurityToken": c.security_token, "Expiration": c.expiration})
    v3 = KmsClient(tea_config(ak, sk, security_token=token))
    listed = C.call("ListKeys with the narrowed session (V3 KMS SDK)", lambda: v3.list_keys(
        km.ListKeysRequest(page_size=100)))
    C.equal("ListKeys (narrowed, V3): HTTP 200", listed.status_code, 200)
    C.expect_error("Encrypt with the narrowed session (V3 KMS SDK)", lambda: v3.encrypt(
        km.EncryptRequest(key_id=ST.key, plaintext=ST.plaintext)),
        "Forbidden.NoPermission", 403, tea_error)
    v1 = AcsClient(region_id=S["region"], credential=StsTokenCredential(ak, sk, token))
    C.call("ListKeys with the narrowed session (V1 KMS SDK)", lambda: v1_send(
        v1, ListKeysRequest.ListKeysRequest()))
    C.expect_error("Encrypt with the narrowed session (V1 KMS SDK)", lambda: v1_send(
        v1, EncryptRequest.EncryptRequest(), KeyId=ST.key, Plaintext=ST.plaintext),
        "Forbidden.NoPermission", 403, v1_error)


def credentials_provider():
    # alibabacloud-credentials 1.0.12 (provider/ram_role_arn.py) forces protocol 'https' and puts
    # `sts_endpoint` in the Host header; Tea's compose_url drops its own scheme when the host
    # already starts with http:// (docs/spec/ram-sts.md §7.1), so a full URL reaches plain HTTP.
    ak, sk = ST.keys["trusted"]
    provider = CredentialClient(CredentialConfig(
        type="ram_role_arn", access_key_id=ak, access_key_secret=sk, role_arn=ST.role_arn,
        role_session_name=f"sdk-provider-{RUN}", sts_endpoint="http://" + S["endpoint"]))
    got = C.call("ram_role_arn provider: get_credential (AssumeRole over http)",
                 provider.get_credential)
    C.hide(got.get_access_key_secret(), got.get_security_token())
    C.check("ram_role_arn provider: an STS. AccessKeyId",
            str(got.get_access_key_id() or "").startswith("STS."),
            f"prefix {str(got.get_access_key_id())[:4]!r}")
    C.check("ram_role_arn provider: a SecurityToken", bool(got.get_security_token()),
            f"{len(got.get_security_token() or '')} chars")
    client = KmsClient(tea_config(None, None, credential=provider))
    enc = C.call("Encrypt with credential=ram_role_arn provider (V3 KMS SDK)",
                 lambda: client.encrypt(km.EncryptRequest(key_id=ST.key, plaintext=ST.plaintext)))
    C.equal("Encrypt (provider): KeyId", enc.body.key_id, ST.key)
    listed = C.call("ListKeys with credential=ram_role_arn provider (V3 KMS SDK)",
                    lambda: client.list_keys(km.ListKeysRequest(page_size=100)))
    C.equal("ListKeys (provider): HTTP 200", listed.status_code, 200)


def token_errors():
    s = ST.session
    forged = "CAIS" + base64.b64encode(secrets.token_bytes(96)).decode()
    C.hide(forged)
    v3 = KmsClient(tea_config(s.ak, s.sk, security_token=forged))
    C.expect_error("ListKeys with a made-up SecurityToken (V3 KMS SDK)", lambda: v3.list_keys(
        km.ListKeysRequest()), "InvalidSecurityToken.Malformed", 400, tea_error)
    v1 = AcsClient(region_id=S["region"], credential=StsTokenCredential(s.ak, s.sk, forged))
    C.expect_error("ListKeys with a made-up SecurityToken (V1 KMS SDK)", lambda: v1_send(
        v1, ListKeysRequest.ListKeysRequest()), "InvalidSecurityToken.Malformed", 400, v1_error)
    sts = StsClient(tea_config(s.ak, s.sk, security_token=forged))
    C.expect_error("GetCallerIdentity with a made-up SecurityToken (V3 STS SDK)",
                   sts.get_caller_identity, "InvalidSecurityToken.Malformed", 400, tea_error)
    bare = KmsClient(tea_config(s.ak, s.sk))
    C.expect_error("ListKeys with the session AccessKey and no token (V3 KMS SDK)",
                   lambda: bare.list_keys(km.ListKeysRequest()), "MissingSecurityToken", 400,
                   tea_error)


def untrusted_user():
    C.expect_error("AssumeRole by a user the trust policy does not name (V3 STS SDK)",
                   lambda: user_sts("other").assume_role(sm.AssumeRoleRequest(
                       role_arn=ST.role_arn, role_session_name=f"sdk-other-{RUN}",
                       duration_seconds=900)), "NoPermission", 403, tea_error)
    ak, sk = ST.keys["other"]
    C.expect_error("AssumeRole by a user the trust policy does not name (V1 STS SDK)",
                   lambda: v1_send(AcsClient(ak, sk, S["region"]),
                                   AssumeRoleRequest.AssumeRoleRequest(), RoleArn=ST.role_arn,
                                   RoleSessionName=f"sdk-other-{RUN}"),
                   "NoPermission", 403, v1_error)


def cleanup():
    if ST.role_arn:
        ram("DetachPolicyFromRole", DetachPolicyFromRoleRequest, PolicyType="Custom",
            PolicyName=ST.kms_policy, RoleName=ST.role)
        ram("DeleteRole", DeleteRoleRequest, RoleName=ST.role)
        if ST.session:
            s = ST.session
            v3 = KmsClient(tea_config(s.ak, s.sk, security_token=s.token))
            C.expect_error("ListKeys with a session of the deleted role (V3 KMS SDK)",
                           lambda: v3.list_keys(km.ListKeysRequest()),
                           "InvalidAccessKeyId.NotFound", 404, tea_error)
    for kind, user in ST.users.items():
        if kind in ST.keys:
            ram("DeleteAccessKey", DeleteAccessKeyRequest, UserName=user,
                UserAccessKeyId=ST.keys[kind][0])
        ram("DetachPolicyFromUser", DetachPolicyFromUserRequest, PolicyType="Custom",
            PolicyName=ST.assume_policy, UserName=user)
        ram("DeleteUser", DeleteUserRequest, UserName=user)
    ram("DeletePolicy", DeletePolicyRequest, PolicyName=ST.assume_policy)
    ram("DeletePolicy", DeletePolicyRequest, PolicyName=ST.kms_policy)


if C.run("RAM setup (root, V1 RAM SDK; V3 STS GetCallerIdentity)", setup):
    if C.run("AssumeRole (V3 STS SDK)", assume_v3):
        C.run("GetCallerIdentity of the session (V3 STS SDK)", caller_identity)
        C.run("AssumeRole (V1 STS SDK)", assume_v1)
        if C.run("KMS with the session (V3 KMS SDK, security_token)", kms_v3):
            C.run("KMS with the session (V1 KMS SDK, StsTokenCredential)", kms_v1)
            C.run("a session Policy narrows the role", session_policy)
            C.run("alibabacloud-credentials ram_role_arn provider", credentials_provider)
        C.run("token errors", token_errors)
    C.run("the trust policy refuses another user", untrusted_user)
    C.run("RAM clean-up", cleanup)
C.finish()

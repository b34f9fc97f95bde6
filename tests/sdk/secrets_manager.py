"""Secrets Manager through both official KMS SDKs (V1 core SDK and V3), against kmsconf serve.

Every value read back is compared with what this driver wrote, kept on the client side:
create and read by stage and by version id, PutSecretValue and the ACSCurrent/ACSPrevious
movement, custom stages and UpdateSecretVersionStage, binary values, describe and list with
filters and tags, a secret under a user key that is disabled and enabled again, deletion with a
recovery window on the clock, restore, forced deletion, GetRandomPassword's options, the
secret types the reference refuses, and (V3 SDK only) a RAM secret: a RAM user made through the
RAM SDK, a RAMCredentials secret of it, its AccessKey read from the secret and used to sign
ListKeys, RotateSecret, the new AccessKey signing and the replaced one refused once its 2-day
window has passed on the clock (docs/spec/decisions.md D-227 to D-230). Run by
tests/sdk/run.sh after keys_v2 (both move the server's clock forward).
"""

import base64
import json
import os
import string
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from both_sdks import Calls, advance_clock, both, follow_the_server_clock  # noqa: E402
from common import Checker, is_iso_utc, settings  # noqa: E402

S = settings()
C = Checker("secrets_manager", S["verbose"])
call, fails = Calls(C).call, Calls(C).fails
RUN = uuid.uuid4().hex[:8]
DAY = 86400


def name(sdk, what):
    return f"sdk-{sdk.name}-{what}-{RUN}"


def value(sdk, secret, **params):
    return call(sdk, "GetSecretValue", SecretName=secret, **params)


def stages_of(answer):
    return sorted(answer["VersionStages"]["VersionStage"])


def create_and_read(sdk):
    secret = name(sdk, "db")
    data = json.dumps({"user": "app", "password": f"p@ss-{RUN}-密码"}, ensure_ascii=False)
    made = call(sdk, "CreateSecret", SecretName=secret, VersionId="v1", SecretData=data,
                Description="kept by the SDK check")
    C.equal(f"{sdk.name} CreateSecret: SecretName", made["SecretName"], secret)
    C.equal(f"{sdk.name} CreateSecret: VersionId", made["VersionId"], "v1")
    C.equal(f"{sdk.name} CreateSecret: SecretType", made["SecretType"], "Generic")
    C.check(f"{sdk.name} CreateSecret: Arn names the secret",
            str(made["Arn"]).startswith(f"acs:kms:{S['region']}:")
            and made["Arn"].endswith(f":secret/{secret}"), made["Arn"])
    read = value(sdk, secret)
    C.equal(f"{sdk.name} GetSecretValue: SecretData", read["SecretData"], data)
    C.equal(f"{sdk.name} GetSecretValue: SecretDataType", read["SecretDataType"], "text")
    C.equal(f"{sdk.name} GetSecretValue: VersionId", read["VersionId"], "v1")
    C.equal(f"{sdk.name} GetSecretValue: VersionStages", stages_of(read), ["ACSCurrent"])
    C.check(f"{sdk.name} GetSecretValue: CreateTime is ISO UTC", is_iso_utc(read["CreateTime"]),
            read["CreateTime"])
    C.equal(f"{sdk.name} GetSecretValue by VersionId",
            value(sdk, secret, VersionId="v1")["SecretData"], data)
    C.equal(f"{sdk.name} GetSecretValue by ARN", value(sdk, made["Arn"])["SecretData"], data)
    fails(sdk, "CreateSecret", "Rejected.ResourceExist", 409, SecretName=secret, VersionId="v1",
          SecretData="other")
    fails(sdk, "GetSecretValue", "Forbidden.ResourceNotFound", 404,
          SecretName=name(sdk, "missing"))
    fails(sdk, "GetSecretValue", "Forbidden.ResourceNotFound", 404, SecretName=secret,
          VersionId="v9")


def versions_and_stages(sdk):
    secret = name(sdk, "stages")
    written = {"v1": f"one {RUN}", "v2": f"two {RUN}", "v3": f"three {RUN}"}
    call(sdk, "CreateSecret", SecretName=secret, VersionId="v1", SecretData=written["v1"])
    put = call(sdk, "PutSecretValue", SecretName=secret, VersionId="v2", SecretData=written["v2"])
    C.equal(f"{sdk.name} PutSecretValue: VersionStages", stages_of(put), ["ACSCurrent"])
    C.equal(f"{sdk.name} after PutSecretValue: ACSCurrent", value(sdk, secret)["SecretData"],
            written["v2"])
    previous = value(sdk, secret, VersionStage="ACSPrevious")
    C.equal(f"{sdk.name} after PutSecretValue: ACSPrevious is the old version",
            (previous["VersionId"], previous["SecretData"]), ("v1", written["v1"]))
    call(sdk, "PutSecretValue", SecretName=secret, VersionId="v3", SecretData=written["v3"],
         VersionStages=json.dumps(["MyPendingLabel"]))
    C.equal(f"{sdk.name} a custom stage leaves ACSCurrent", value(sdk, secret)["VersionId"], "v2")
    C.equal(f"{sdk.name} GetSecretValue by the custom stage",
            value(sdk, secret, VersionStage="MyPendingLabel")["SecretData"], written["v3"])
    call(sdk, "UpdateSecretVersionStage", SecretName=secret, VersionStage="ACSCurrent",
         MoveToVersion="v3", RemoveFromVersion="v2")
    current = value(sdk, secret)
    C.equal(f"{sdk.name} UpdateSecretVersionStage moved ACSCurrent",
            (current["VersionId"], current["SecretData"]), ("v3", written["v3"]))
    C.equal(f"{sdk.name} UpdateSecretVersionStage: ACSPrevious follows",
            value(sdk, secret, VersionStage="ACSPrevious")["VersionId"], "v2")
    listed = call(sdk, "ListSecretVersionIds", SecretName=secret, IncludeDeprecated="true")
    stages = {v["VersionId"]: sorted(v["VersionStages"]["VersionStage"])
              for v in listed["VersionIds"]["VersionId"]}
    C.equal(f"{sdk.name} ListSecretVersionIds: every version and its stages", stages,
            {"v1": [], "v2": ["ACSPrevious"], "v3": ["ACSCurrent", "MyPendingLabel"]})
    C.check(f"{sdk.name} ListSecretVersionIds: no values",
            all("SecretData" not in v for v in listed["VersionIds"]["VersionId"]), listed)
    for version, data in written.items():
        C.equal(f"{sdk.name} GetSecretValue of {version} still reads its value",
                value(sdk, secret, VersionId=version)["SecretData"], data)
    fails(sdk, "PutSecretValue", "Rejected.ResourceExist", 409, SecretName=secret,
          VersionId="v1", SecretData="a different value")
    fails(sdk, "UpdateSecretVersionStage", "InvalidParameter", 400, SecretName=secret,
          VersionStage="ACSCurrent", RemoveFromVersion="v3")


def binary(sdk):
    secret = name(sdk, "bin")
    data = base64.b64encode(os.urandom(48)).decode("ascii")
    call(sdk, "CreateSecret", SecretName=secret, VersionId="b1", SecretData=data,
         SecretDataType="binary")
    read = value(sdk, secret)
    C.equal(f"{sdk.name} binary: SecretDataType", read["SecretDataType"], "binary")
    C.equal(f"{sdk.name} binary: SecretData verbatim", read["SecretData"], data)


def describe_and_list(sdk):
    secret = name(sdk, "listed")
    call(sdk, "CreateSecret", SecretName=secret, VersionId="v1", SecretData="x",
         Description=f"listed {RUN}", Tags=json.dumps([{"TagKey": "run", "TagValue": RUN}]))
    described = call(sdk, "DescribeSecret", SecretName=secret, FetchTags="true")
    C.equal(f"{sdk.name} DescribeSecret: Description", described["Description"], f"listed {RUN}")
    C.equal(f"{sdk.name} DescribeSecret: Tags",
            [(t["TagKey"], t["TagValue"]) for t in described["Tags"]["Tag"]], [("run", RUN)])
    C.check(f"{sdk.name} DescribeSecret: no PlannedDeleteTime",
            not described.get("PlannedDeleteTime"), described)
    C.check(f"{sdk.name} DescribeSecret: no value", "SecretData" not in described, described)
    filters = json.dumps([{"Key": "SecretName", "Values": [secret]}])
    listed = call(sdk, "ListSecrets", Filters=filters, FetchTags="true")
    names = [s["SecretName"] for s in listed["SecretList"]["Secret"]]
    C.equal(f"{sdk.name} ListSecrets with a SecretName filter", names, [secret])
    C.equal(f"{sdk.name} ListSecrets: TotalCount", listed["TotalCount"], 1)
    fails(sdk, "ListSecrets", "InvalidParameter", 400, PageSize=101)


def under_a_user_key(sdk):
    key = call(sdk, "CreateKey", Description=f"secrets {RUN}")["KeyMetadata"]["KeyId"]
    secret = name(sdk, "keyed")
    call(sdk, "CreateSecret", SecretName=secret, VersionId="v1", SecretData="under a user key",
         EncryptionKeyId=key)
    C.equal(f"{sdk.name} DescribeSecret: EncryptionKeyId",
            call(sdk, "DescribeSecret", SecretName=secret)["EncryptionKeyId"], key)
    call(sdk, "DisableKey", KeyId=key)
    fails(sdk, "GetSecretValue", "Rejected.Disabled", 409, SecretName=secret)
    fails(sdk, "PutSecretValue", "Rejected.Disabled", 409, SecretName=secret, VersionId="v2",
          SecretData="refused")
    call(sdk, "EnableKey", KeyId=key)
    C.equal(f"{sdk.name} GetSecretValue once the key is enabled again",
            value(sdk, secret)["SecretData"], "under a user key")
    fails(sdk, "CreateSecret", "Forbidden.KeyNotFound", 404, SecretName=name(sdk, "nokey"),
          VersionId="v1", SecretData="x", EncryptionKeyId=str(uuid.uuid4()))


def delete_and_restore(sdk):
    secret = name(sdk, "deleted")
    call(sdk, "CreateSecret", SecretName=secret, VersionId="v1", SecretData="kept")
    deleted = call(sdk, "DeleteSecret", SecretName=secret, RecoveryWindowInDays="7")
    C.check(f"{sdk.name} DeleteSecret: PlannedDeleteTime is ISO UTC",
            is_iso_utc(deleted["PlannedDeleteTime"]), deleted)
    C.equal(f"{sdk.name} DescribeSecret shows PlannedDeleteTime",
            call(sdk, "DescribeSecret", SecretName=secret).get("PlannedDeleteTime"),
            deleted["PlannedDeleteTime"])
    fails(sdk, "GetSecretValue", "Rejected.ResourceInDeleteWindow", 409, SecretName=secret)
    fails(sdk, "DeleteSecret", "Rejected.ResourceInDeleteWindow", 409, SecretName=secret)
    call(sdk, "RestoreSecret", SecretName=secret)
    C.equal(f"{sdk.name} GetSecretValue after RestoreSecret", value(sdk, secret)["SecretData"],
            "kept")
    fails(sdk, "RestoreSecret", "Rejected.ResourceInUse", 409, SecretName=secret)
    call(sdk, "DeleteSecret", SecretName=secret, RecoveryWindowInDays="7")
    advance_clock(8 * DAY)
    fails(sdk, "DescribeSecret", "Forbidden.ResourceNotFound", 404, SecretName=secret)

    forced = name(sdk, "forced")
    call(sdk, "CreateSecret", SecretName=forced, VersionId="v1", SecretData="gone")
    call(sdk, "DeleteSecret", SecretName=forced, ForceDeleteWithoutRecovery="true",
         RecoveryWindowInDays="30")
    fails(sdk, "GetSecretValue", "Forbidden.ResourceNotFound", 404, SecretName=forced)
    call(sdk, "CreateSecret", SecretName=forced, VersionId="v1", SecretData="again")
    C.equal(f"{sdk.name} the name is free after a forced deletion",
            value(sdk, forced)["SecretData"], "again")
    fails(sdk, "DeleteSecret", "InvalidParameter", 400, SecretName=forced,
          RecoveryWindowInDays="6")


def random_passwords(sdk):
    password = call(sdk, "GetRandomPassword", PasswordLength="20",
                    ExcludePunctuation="true")["RandomPassword"]
    C.equal(f"{sdk.name} GetRandomPassword: PasswordLength", len(password), 20)
    C.check(f"{sdk.name} GetRandomPassword: ExcludePunctuation",
            all(c in string.ascii_letters + string.digits for c in password), password)
    password = call(sdk, "GetRandomPassword", PasswordLength="64", ExcludeLowercase="true",
                    ExcludeUppercase="true", ExcludeCharacters="0123")["RandomPassword"]
    C.check(f"{sdk.name} GetRandomPassword: excluded characters are absent",
            not any(c in string.ascii_letters + "0123" for c in password), password)
    password = call(sdk, "GetRandomPassword", PasswordLength="8",
                    RequireEachIncludedType="true")["RandomPassword"]
    C.check(f"{sdk.name} GetRandomPassword: one of each type",
            any(c.islower() for c in password) and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
            and any(c in string.punctuation for c in password), password)
    C.equal(f"{sdk.name} GetRandomPassword: default length",
            len(call(sdk, "GetRandomPassword")["RandomPassword"]), 32)
    fails(sdk, "GetRandomPassword", "InvalidParameter", 400, PasswordLength="7")


def refused_types(sdk):
    for secret_type in ("Rds", "Redis", "PolarDB", "ECS"):
        fails(sdk, "CreateSecret", "UnsupportedOperation", 400,
              SecretName=name(sdk, secret_type.lower()), VersionId="v1", SecretData="x",
              SecretType=secret_type, ExtendedConfig=json.dumps({"SecretSubType": "SingleUser"}))
        fails(sdk, "DescribeSecret", "Forbidden.ResourceNotFound", 404,
              SecretName=name(sdk, secret_type.lower()))


def ram_user(user):
    """The RAM user `user`, allowed kms:List*, made as root through the RAM SDK (V1)."""
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkram.request.v20150501 import (AttachPolicyToUserRequest, CreatePolicyRequest,
                                                CreateUserRequest)
    from common import v1_send
    root = AcsClient(S["ak"], S["sk"], S["region"])
    policy = f"{user}-list"
    document = json.dumps({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": ["kms:List*"], "Resource": "*"}]})
    C.call("RAM CreateUser", lambda: v1_send(
        root, CreateUserRequest.CreateUserRequest(), UserName=user))
    C.call("RAM CreatePolicy", lambda: v1_send(
        root, CreatePolicyRequest.CreatePolicyRequest(), PolicyName=policy,
        PolicyDocument=document))
    C.call("RAM AttachPolicyToUser", lambda: v1_send(
        root, AttachPolicyToUserRequest.AttachPolicyToUserRequest(), PolicyType="Custom",
        PolicyName=policy, UserName=user))


def access_key_of(sdk, secret, what, **params):
    """The AccessKey a RAM secret's value holds: (id, secret)."""
    read = value(sdk, secret, **params)
    C.equal(f"{what}: SecretType", read.get("SecretType"), "RAMCredentials")
    data = json.loads(read["SecretData"])
    C.check(f"{what}: the documented value fields",
            sorted(data) == ["AccessKeyId", "AccessKeySecret", "GenerateTimestamp"], sorted(data))
    C.check(f"{what}: GenerateTimestamp is ISO UTC", is_iso_utc(data.get("GenerateTimestamp")),
            data.get("GenerateTimestamp"))
    C.hide(data["AccessKeySecret"])
    return data["AccessKeyId"], data["AccessKeySecret"]


def list_keys_with(keys, what):
    """ListKeys through the V3 SDK signed with the AccessKey `keys`, which must succeed."""
    from alibabacloud_kms20160120 import models
    from alibabacloud_kms20160120.client import Client
    from common import tea_config
    client = Client(tea_config(*keys))
    answer = C.call(what, lambda: client.list_keys(models.ListKeysRequest()))
    C.equal(f"{what}: HTTP 200", answer.status_code, 200)
    return client


def ram_secret(sdk):
    if sdk.name != "v3":
        return
    user = f"sdk-ram-{RUN}"
    ram_user(user)
    created = call(sdk, "CreateSecret", SecretName="$Auto", VersionId="v1",
                   SecretData=json.dumps({"AccessKeys": []}), SecretType="RAMCredentials",
                   ExtendedConfig={"SecretSubType": "RamUserAccessKey", "UserName": user})
    secret = created.get("SecretName")
    C.equal("v3 CreateSecret RAMCredentials: SecretName", secret, f"acs/ram/user/{user}")
    C.equal("v3 CreateSecret RAMCredentials: SecretType", created.get("SecretType"),
            "RAMCredentials")
    first = access_key_of(sdk, secret, "v3 GetSecretValue of the RAM secret",
                          FetchExtendedConfig=True)
    config = json.loads(value(sdk, secret, FetchExtendedConfig=True).get("ExtendedConfig", "{}"))
    C.equal("v3 GetSecretValue: ExtendedConfig.SecretSubType", config.get("SecretSubType"),
            "RamUserAccessKey")
    C.equal("v3 GetSecretValue: ExtendedConfig.UserName", config.get("UserName"), user)
    list_keys_with(first, "v3 ListKeys signed with the secret's AccessKey")

    rotated = call(sdk, "RotateSecret", SecretName=secret, VersionId="v2")
    C.equal("v3 RotateSecret: VersionId", rotated.get("VersionId"), "v2")
    new = access_key_of(sdk, secret, "v3 GetSecretValue after RotateSecret")
    C.check("v3 RotateSecret: a new AccessKey", new[0] != first[0], new[0])
    C.equal("v3 GetSecretValue after RotateSecret: VersionId", value(sdk, secret)["VersionId"],
            "v2")
    previous = access_key_of(sdk, secret, "v3 GetSecretValue ACSPrevious",
                             VersionStage="ACSPrevious")
    C.equal("v3 ACSPrevious holds the replaced AccessKey", previous[0], first[0])
    list_keys_with(new, "v3 ListKeys signed with the NEW AccessKey")
    old_client = list_keys_with(first, "v3 ListKeys with the replaced AccessKey in its window")

    advance_clock(2 * DAY)
    from alibabacloud_kms20160120 import models
    C.expect_error("v3 ListKeys with the replaced AccessKey after its window",
                   lambda: old_client.list_keys(models.ListKeysRequest()),
                   "InvalidAccessKeyId.NotFound", 404, sdk.error)
    list_keys_with(new, "v3 ListKeys with the NEW AccessKey after the window")
    call(sdk, "DeleteSecret", SecretName=secret, ForceDeleteWithoutRecovery="true")


def main():
    follow_the_server_clock()
    sections = (create_and_read, versions_and_stages, binary, describe_and_list,
                under_a_user_key, random_passwords, refused_types, ram_secret,
                delete_and_restore)
    for sdk in both():
        for section in sections:
            C.run(f"{sdk.name} {section.__name__}", section, sdk)
    C.finish()


if __name__ == "__main__":
    main()

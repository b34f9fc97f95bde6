#!/usr/bin/env python3
"""Extracts the contract of the reference's APIs (the 57 in the metadata) from Alibaba Cloud's OpenAPI metadata.

Usage (see README.md):
    git -C <mirror> show <commit>:data/kms/2016-01-20/api-docs.json > /tmp/kms-api-docs.json
    python3 extract.py /tmp/kms-api-docs.json <commit> <commit-date> <extracted-date> \
        > kms-2016-01-20.json

Only facts are taken: names, types, presence, bounds, enums, response field names and types,
error codes with their HTTP status and message, and the few bounds that the metadata states only
in a parameter's (Chinese) description, each with the verbatim phrase it was read from.
"""
import json
import re
import sys

APIS = """DescribeRegions ListKeys CreateKey DescribeKey UpdateKeyDescription EnableKey DisableKey
ScheduleKeyDeletion CancelKeyDeletion GetParametersForImport ImportKeyMaterial DeleteKeyMaterial
Encrypt GenerateDataKey GenerateDataKeyWithoutPlaintext Decrypt ListAliases CreateAlias
UpdateAlias DeleteAlias ListAliasesByKeyId TagResource UntagResource ListResourceTags
TagResources UntagResources ListTagResources SetDeletionProtection GetKeyPolicy SetKeyPolicy
CreateKeyVersion DescribeKeyVersion ListKeyVersions UpdateRotationPolicy AsymmetricEncrypt
AsymmetricDecrypt AsymmetricSign AsymmetricVerify GetPublicKey
ReEncrypt ExportDataKey GenerateAndExportDataKey
CreateSecret GetSecretValue PutSecretValue UpdateSecretVersionStage ListSecretVersionIds
DescribeSecret ListSecrets UpdateSecret DeleteSecret RestoreSecret RotateSecret
UpdateSecretRotationPolicy GetSecretPolicy SetSecretPolicy GetRandomPassword""".split()

# (regex over a description, kind, which groups are min / max; a fixed min when given as int)
PATTERNS = [
    (r"取值范围：\s*(\d+)\s*~\s*(\d+)", "value", 1, 2),
    (r"取值：\s*(\d+)\s*~\s*(\d+)", "value", 1, 2),
    (r"取值范围：\s*大于0", "value", "1", None),
    (r"取值为(\d+)~(\d+)天", "value_days", 1, 2),
    (r"长度为(\d+)~(\d+)个字符", "length_chars", 1, 2),
    (r"长度为(\d+)~(\d+)个字节", "length_bytes", 1, 2),
    (r"最大长度为(\d+)个字节", "length_bytes", None, 1),
    (r"长度为(\d+)~(\d+)。", "items", 1, 2),
    (r"长度：(\d+)~(\d+)", "items_of_values", 1, 2),
    (r"最多输入(\d+)个标签", "items", None, 1),
    (r"分别绑定(\d+)个标签", "tags_per_resource", None, 1),
    (r"最多支持(\d+)个字符", "tag_text_chars", None, 1),
]


def bounds_in(text):
    found = []
    for pattern, kind, lo, hi in PATTERNS:
        for m in re.finditer(pattern, text or ""):
            b = {"kind": kind, "text": m.group(0)}
            if isinstance(lo, int):
                b["min"] = int(m.group(lo))
            elif isinstance(lo, str):
                b["min"] = int(lo)
            if hi is not None:
                b["max"] = int(m.group(hi))
            found.append(b)
    return found


def number(v):
    return int(v) if isinstance(v, str) and re.fullmatch(r"-?\d+", v) else v


def schema(s):
    out = {"type": s.get("type")}
    for k in ("format", "enum"):
        if k in s:
            out[k] = s[k]
    if "properties" in s:
        out["properties"] = {k: schema(v) for k, v in s["properties"].items()}
    if "items" in s:
        out["items"] = schema(s["items"])
    return out


def parameter(p):
    s = p["schema"]
    out = {"name": p["name"], "in": p["in"], "type": s.get("type"), "required": s.get("required", False)}
    if "docRequired" in s:
        out["docRequired"] = s["docRequired"]
    for k in ("format", "enum", "default"):
        if k in s:
            out[k] = s[k]
    for k in ("minimum", "maximum", "minLength", "maxLength", "maxItems", "minItems"):
        if k in s:
            out[k] = number(s[k])
    for k in ("style", "allowEmptyValue"):
        if k in p:
            out[k] = p[k]
    b = bounds_in(s.get("description"))
    if b:
        out["description_bounds"] = b
    return out


def main():
    path, commit, commit_date, extracted = sys.argv[1:5]
    docs = json.load(open(path, encoding="utf-8"))
    apis = {}
    for name in APIS:
        a = docs["apis"][name]
        entry = {
            "methods": a.get("methods", []),
            "parameters": [parameter(p) for p in a.get("parameters", [])],
            "response": schema(a["responses"]["200"]["schema"]),
            "errorCodes": [
                {"httpStatus": int(status), "code": e["errorCode"], "message": e.get("errorMessage")}
                for status, errors in sorted(a.get("errorCodes", {}).items())
                for e in errors
            ],
        }
        b = bounds_in(a.get("description"))
        if b:
            entry["description_bounds"] = b
        apis[name] = entry
    out = {
        "source": {
            "repository": "https://github.com/dew-serverless/acs-sdk-php",
            "path": "data/kms/2016-01-20/api-docs.json",
            "commit": commit,
            "commit_date": commit_date,
            "extracted": extracted,
            "product": docs["info"],
            "note": (
                "A verbatim extraction of facts from Alibaba Cloud's public OpenAPI metadata as "
                "mirrored in that repository: parameter names, location, type, presence, bounds "
                "and enums; response field names, nesting and types; documented error codes with "
                "HTTP status and message. Descriptions and examples are left out, except the "
                "short phrases in description_bounds that state a bound the structured fields do "
                "not. No code is copied. Regenerate with extract.py (see README.md)."
            ),
        },
        "apis": apis,
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")


main()

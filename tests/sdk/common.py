"""Shared helpers of the SDK interoperability drivers (tests/sdk/*.py).

Every driver counts the calls it sends through an SDK and the checks it makes, and ends with the
single line ``sdk <name>: N calls, N checks passed, N checks failed``. A failed check prints one
``FAIL`` line with what was expected and what came back; the driver then goes on, so one run
shows every failure.
"""

import base64
import os
import sys
import traceback

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import load_der_public_key

WRAPPING_ALGORITHMS = ("RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1", "RSAES_PKCS1_V1_5")


def settings():
    """Endpoint and root credentials, from the environment run.sh sets."""
    port = os.environ.get("KMSCONF_PORT")
    if not port:
        sys.exit("KMSCONF_PORT is not set (run tests/sdk/run.sh)")
    return {
        "endpoint": "127.0.0.1:" + port,
        "ak": os.environ.get("KMSCONF_AK", "AK"),
        "sk": os.environ.get("KMSCONF_SK", "SK"),
        "region": os.environ.get("KMSCONF_REGION", "cn-hangzhou"),
        "verbose": os.environ.get("SDK_VERBOSE") == "1",
    }


class Abort(Exception):
    """A call that the rest of a section depends on failed (already counted as a failed check);
    the section stops so that no check passes vacuously on a missing answer."""


class Checker:
    """Counts SDK calls and checks; prints failures as they happen."""

    def __init__(self, name, verbose=False):
        self.name = name
        self.calls = 0
        self.passed = 0
        self.failed = 0
        self.verbose = verbose
        self.section = ""
        self.secrets = []

    def hide(self, *values):
        """Registers secrets (AccessKeySecrets, SecurityTokens) that no printed line may hold:
        failure details and tracebacks show ``<hidden, N chars>`` in their place."""
        self.secrets.extend(v for v in values if isinstance(v, str) and v)

    def scrub(self, text):
        text = str(text)
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, f"<hidden, {len(secret)} chars>")
        return text

    def begin(self, section):
        self.section = section
        if self.verbose:
            print(f"-- {self.name}: {section}", flush=True)

    def run(self, section, fn, *args):
        """Runs one section. A failed call aborts it (the failure is counted once); any other
        exception is a bug of the driver or an answer of the wrong shape, counted as one failed
        check with its traceback."""
        self.begin(section)
        try:
            fn(*args)
            return True
        except Abort:
            print(f"     {self.name} [{section}] stopped after the failed call", flush=True)
        except Exception as e:  # noqa: BLE001
            self.check("section runs to the end", False,
                       f"{type(e).__name__}: {e}\n{traceback.format_exc()}")
        return False

    def check(self, what, ok, detail=""):
        """Records one check. Returns ``ok`` so callers can skip dependent steps."""
        if ok:
            self.passed += 1
            if self.verbose:
                print(f"   ok   {what}", flush=True)
        else:
            self.failed += 1
            extra = f": {detail}" if detail else ""
            print(self.scrub(f"FAIL {self.name} [{self.section}] {what}{extra}"), flush=True)
        return bool(ok)

    def equal(self, what, got, want):
        return self.check(what, got == want, f"expected {want!r}, got {got!r}")

    def call(self, what, fn, *args, **kwargs):
        """Sends one SDK call that must succeed and returns the SDK's result. A failure counts
        as one failed check and raises Abort, which ends the current section."""
        self.calls += 1
        try:
            return fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - any SDK error is a failure of this call
            self.check(f"{what} succeeds", False, describe_error(e))
            if self.verbose:
                print(self.scrub(traceback.format_exc()), file=sys.stderr, flush=True)
            raise Abort() from e

    def expect_error(self, what, fn, code, status, extract):
        """Sends one SDK call that must fail with ``code`` and HTTP ``status``.
        ``extract(exc)`` returns (code, status) from the SDK's exception or None when the
        exception is not the SDK's server error type."""
        self.calls += 1
        try:
            result = fn()
        except Exception as e:  # noqa: BLE001
            got = extract(e)
            if got is None:
                return self.check(f"{what} fails with {code}", False, describe_error(e))
            ok_code = self.equal(f"{what}: error code", got[0], code)
            ok_status = self.equal(f"{what}: HTTP status", got[1], status)
            return ok_code and ok_status
        return self.check(f"{what} fails with {code}", False, f"it succeeded: {result!r}")

    def finish(self):
        print(
            f"sdk {self.name}: {self.calls} calls, {self.passed} checks passed, "
            f"{self.failed} checks failed",
            flush=True,
        )
        sys.exit(1 if self.failed else 0)


def describe_error(e):
    """The SDK error as the driver saw it: type, code, HTTP status, message, RequestId."""
    if hasattr(e, "get_error_code"):  # aliyunsdkcore ServerException / ClientException
        status = e.get_http_status() if hasattr(e, "get_http_status") else None
        rid = e.get_request_id() if hasattr(e, "get_request_id") else None
        return (f"{type(e).__name__} code={e.get_error_code()!r} status={status!r} "
                f"message={e.get_error_msg()!r} request_id={rid!r}")
    parts = [type(e).__name__]
    for attr in ("code", "status_code", "message", "request_id"):
        v = getattr(e, attr, None)
        if v is not None:
            parts.append(f"{attr}={v!r}")
    if len(parts) == 1:
        parts.append(repr(e))
    return " ".join(parts)


def tea_config(ak, sk, security_token=None, credential=None):
    """A tea-openapi Config for the local endpoint over HTTP: an AccessKey (with the
    ``security_token`` of an STS session, if any), or an alibabacloud-credentials
    ``credential`` client instead of keys."""
    from alibabacloud_tea_openapi import models as open_api_models
    s = settings()
    return open_api_models.Config(access_key_id=ak, access_key_secret=sk,
                                  security_token=security_token, credential=credential,
                                  endpoint=s["endpoint"], protocol="http", region_id=s["region"])


def v1_send(client, request, **params):
    """Sends a core-SDK (V1) request to the local endpoint over HTTP with JSON answers; the
    ``params`` are set through the request's ``set_<Name>`` methods. Returns the parsed body."""
    import json
    request.set_endpoint(settings()["endpoint"])
    request.set_protocol_type("http")
    request.set_accept_format("JSON")
    for name, value in params.items():
        getattr(request, "set_" + name)(value)
    return json.loads(client.do_action_with_exception(request))


def v1_error(e):
    """(code, HTTP status) of a core-SDK server error, else None."""
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    if isinstance(e, ServerException):
        return e.get_error_code(), e.get_http_status()
    return None


def tea_error(e):
    """(code, HTTP status) of a tea-openapi / darabonba server error, else None."""
    from Tea.exceptions import TeaException
    if isinstance(e, TeaException):
        status = getattr(e, "status_code", None)
        if status is None and isinstance(getattr(e, "data", None), dict):
            status = e.data.get("statusCode")
        return e.code, status
    return None


def b64(data):
    return base64.b64encode(data).decode("ascii")


def wrap_material(public_key_b64, material, algorithm):
    """Wraps raw key material with the Base64 DER SubjectPublicKeyInfo from
    GetParametersForImport, as a BYOK client does; returns Base64 text."""
    key = load_der_public_key(base64.b64decode(public_key_b64))
    if algorithm == "RSAES_PKCS1_V1_5":
        pad = padding.PKCS1v15()
    elif algorithm == "RSAES_OAEP_SHA_1":
        pad = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)
    elif algorithm == "RSAES_OAEP_SHA_256":
        pad = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(),
                           label=None)
    else:
        raise ValueError(algorithm)
    return b64(key.encrypt(material, pad)), key.key_size


def is_iso_utc(text):
    import re
    return isinstance(text, str) and re.fullmatch(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", text) is not None


def is_uuid(text):
    import re
    return isinstance(text, str) and re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", text) is not None

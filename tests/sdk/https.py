"""Both KMS SDKs over HTTPS against `kmsconf serve --tls`, with each SDK's default protocol.

The V3 SDK (alibabacloud-kms20160120 on tea-openapi) speaks HTTPS unless told otherwise; it builds
its TLS context with ``ssl.create_default_context()``, which honours ``SSL_CERT_FILE``, so run.sh
hands it the server's generated ``ca.pem`` that way. The V1 SDK (aliyun-python-sdk-core) takes
the CA file as ``AcsClient(verify=...)``. The driver also checks, with Python's own ``ssl``, that
the server's certificate chains to that CA and to nothing else (a client without the CA refuses
the connection), so that a pass cannot come from verification being off.
Run by tests/sdk/run.sh, which sets KMSCONF_TLS_PORT, KMSCONF_CA_FILE and the root credentials.
"""

import base64
import json
import os
import socket
import ssl
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from alibabacloud_kms20160120 import models as km  # noqa: E402
from alibabacloud_kms20160120.client import Client  # noqa: E402
from alibabacloud_tea_openapi import models as open_api_models  # noqa: E402
from aliyunsdkcore.client import AcsClient  # noqa: E402
from aliyunsdkkms.request.v20160120 import DecryptRequest, DescribeRegionsRequest  # noqa: E402

from common import Checker, b64  # noqa: E402

PORT = os.environ.get("KMSCONF_TLS_PORT") or sys.exit("KMSCONF_TLS_PORT is not set (run run.sh)")
CA_FILE = os.environ.get("KMSCONF_CA_FILE") or sys.exit("KMSCONF_CA_FILE is not set")
ENDPOINT = "127.0.0.1:" + PORT
AK = os.environ.get("KMSCONF_AK", "AK")
SK = os.environ.get("KMSCONF_SK", "SK")
REGION = os.environ.get("KMSCONF_REGION", "cn-hangzhou")
C = Checker("https", os.environ.get("SDK_VERBOSE") == "1")
C.hide(SK)


def handshake(context, host="127.0.0.1"):
    """The peer certificate's subject after a TLS handshake with ``context``."""
    with socket.create_connection(("127.0.0.1", int(PORT)), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=host) as tls:
            return tls.version(), dict(x[0] for x in tls.getpeercert()["subject"])


def certificates():
    strict = ssl.create_default_context(cafile=CA_FILE)
    strict.verify_flags |= ssl.VERIFY_X509_STRICT
    version, subject = handshake(strict)
    C.check("the certificate chains to ca.pem under X509 strict checks", subject.get("commonName"),
            subject)
    C.check("TLS 1.2 or newer", version in ("TLSv1.2", "TLSv1.3"), version)
    handshake(strict, host="localhost")
    C.check("the certificate also names localhost", True)
    try:
        # The system's roots only (not SSL_CERT_FILE, which run.sh points at ca.pem).
        bare = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        bare.load_verify_locations(cafile=ssl.get_default_verify_paths().openssl_cafile)
        handshake(bare)
        C.check("a client without the CA refuses the certificate", False, "the handshake passed")
    except ssl.SSLCertVerificationError as e:
        C.check("a client without the CA refuses the certificate", "certificate" in str(e), e)


def v3_default_protocol():
    config = open_api_models.Config(access_key_id=AK, access_key_secret=SK, endpoint=ENDPOINT,
                                    region_id=REGION)
    C.check("the V3 SDK's protocol is left at its default", config.protocol is None,
            config.protocol)
    client = Client(config)
    key = C.call("CreateKey over HTTPS (V3)", client.create_key, km.CreateKeyRequest())
    key_id = key.body.key_metadata.key_id
    plain = b64(b"over https, by the v3 sdk")
    blob = C.call("Encrypt over HTTPS (V3)", client.encrypt,
                  km.EncryptRequest(key_id=key_id, plaintext=plain)).body.ciphertext_blob
    back = C.call("Decrypt over HTTPS (V3)", client.decrypt,
                  km.DecryptRequest(ciphertext_blob=blob)).body
    C.equal("Decrypt returns the plaintext", back.plaintext, plain)
    C.equal("Decrypt names the key", back.key_id, key_id)
    return blob


def v3_without_ca():
    """The same V3 call in a fresh process without SSL_CERT_FILE must fail on the certificate:
    the SDK verifies, and the pass above came from the CA."""
    import subprocess
    env = {k: v for k, v in os.environ.items() if k != "SSL_CERT_FILE"}
    code = (
        "from alibabacloud_kms20160120.client import Client\n"
        "from alibabacloud_kms20160120 import models as km\n"
        "from alibabacloud_tea_openapi import models as m\n"
        f"c = Client(m.Config(access_key_id={AK!r}, access_key_secret='x', "
        f"endpoint={ENDPOINT!r}, region_id={REGION!r}))\n"
        "c.describe_regions()\n"
    )
    C.calls += 1
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120)
    C.check("without the CA the V3 SDK fails on certificate verification",
            done.returncode != 0 and "CERTIFICATE_VERIFY_FAILED" in done.stderr,
            f"exit {done.returncode}: {done.stderr[-400:]}")


def v1_with_ca(blob):
    client = AcsClient(AK, SK, REGION, verify=CA_FILE)
    request = DescribeRegionsRequest.DescribeRegionsRequest()
    request.set_endpoint(ENDPOINT)
    request.set_protocol_type("https")
    request.set_accept_format("JSON")
    regions = json.loads(C.call("DescribeRegions over HTTPS (V1)",
                                client.do_action_with_exception, request))
    ids = [r["RegionId"] for r in regions["Regions"]["Region"]]
    C.check("DescribeRegions lists the server's region", REGION in ids, ids)
    request = DecryptRequest.DecryptRequest()
    request.set_endpoint(ENDPOINT)
    request.set_protocol_type("https")
    request.set_accept_format("JSON")
    request.set_CiphertextBlob(blob)
    back = json.loads(C.call("Decrypt over HTTPS (V1) of the V3 blob",
                             client.do_action_with_exception, request))
    C.equal("the V1 SDK reads the V3 SDK's plaintext",
            base64.b64decode(back["Plaintext"]), b"over https, by the v3 sdk")


C.run("the certificate", certificates)
state = {}
if C.run("V3 SDK with its default protocol", lambda: state.update(blob=v3_default_protocol())):
    C.run("V1 SDK with verify=ca.pem", v1_with_ca, state["blob"])
C.run("V3 SDK without the CA", v3_without_ca)
C.finish()

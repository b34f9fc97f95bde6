"""One call interface over both official KMS SDKs, for the drivers that run every check twice.

`V1` sends through the core SDK (aliyun-python-sdk-kms: one request class per action, signature
V1); `V3` through the current SDK (alibabacloud-kms20160120: typed models, signature V3). Both
take the wire's parameter names and answer the wire's JSON object, so one check reads the same
field names from both. `follow_the_server_clock` and `advance_clock` let a driver move the
server's test clock with the SDKs' request dates moving along.
"""

import json
import re
import time
import urllib.request

from common import settings, tea_error, v1_error

S = settings()


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class V1:
    """The core SDK: parameters set through set_<Name>; lists through the plural RepeatList
    setters where the request class has them; objects (EncryptionContext, ExtendedConfig) as one
    JSON string, as that SDK documents."""

    name = "v1"

    def __init__(self):
        from aliyunsdkcore.client import AcsClient
        self.client = AcsClient(S["ak"], S["sk"], S["region"])

    def _request(self, action, params):
        module = __import__(f"aliyunsdkkms.request.v20160120.{action}Request",
                            fromlist=[f"{action}Request"])
        request = getattr(module, f"{action}Request")()
        request.set_endpoint(S["endpoint"])
        request.set_protocol_type("http")
        request.set_accept_format("JSON")
        for key, value in params.items():
            if key == "RegionId" and not hasattr(request, "set_RegionId"):
                continue  # the core SDK sends the client's region itself
            setter = f"set_{key}"
            if isinstance(value, list) and hasattr(request, f"set_{key}s"):
                setter = f"set_{key}s"
            elif isinstance(value, (dict, list)):
                value = json.dumps(value)
            getattr(request, setter)(value)
        return request

    def send(self, action, params):
        return json.loads(self.client.do_action_with_exception(self._request(action, params)))

    error = staticmethod(v1_error)


class V3:
    """The current SDK: typed request models (a list of objects becomes the action's nested
    model, `<Action>Request<Param>`); answers turned back into the wire's JSON with to_map()."""

    name = "v3"

    def __init__(self):
        from alibabacloud_kms20160120 import models
        from alibabacloud_kms20160120.client import Client
        from alibabacloud_tea_openapi import models as open_api_models
        self.models = models
        self.client = Client(open_api_models.Config(
            access_key_id=S["ak"], access_key_secret=S["sk"], endpoint=S["endpoint"],
            protocol="http", region_id=S["region"]))

    def _nested(self, action, key, item):
        model = getattr(self.models, f"{action}Request{key}")
        return model(**{snake(k): v for k, v in item.items()})

    def send(self, action, params):
        fields = {}
        for key, value in params.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                value = [self._nested(action, key, item) for item in value]
            fields[snake(key)] = value
        request = getattr(self.models, f"{action}Request")(**fields)
        response = getattr(self.client, snake(action))(request)
        if response.status_code != 200:
            raise RuntimeError(f"{action}: HTTP {response.status_code}")
        return response.body.to_map()

    error = staticmethod(tea_error)


class Calls:
    """A driver's Checker bound to the two interfaces: `call` must succeed and answers the
    wire's JSON; `fails` must fail with the code and HTTP status."""

    def __init__(self, checker):
        self.checker = checker

    def call(self, sdk, action, **params):
        return self.checker.call(f"{sdk.name} {action}", lambda: sdk.send(action, params))

    def fails(self, sdk, action, code, status, **params):
        return self.checker.expect_error(f"{sdk.name} {action}", lambda: sdk.send(action, params),
                                         code, status, sdk.error)


CLOCK_OFFSET = [0]


def _sdk_now():
    return time.gmtime(time.time() + CLOCK_OFFSET[0])


def follow_the_server_clock():
    """Both SDKs date every request (V1 Timestamp, V3 x-acs-date), and the server refuses a date
    more than 15 minutes from its own clock. Once the test clock has moved, the clients' clocks
    move with it, as the harness's remote target does: the SDKs' date functions add the offset
    the server reports (read once here, since an earlier driver may have moved it). Nothing else
    of the SDKs is changed."""
    url = f"http://{S['endpoint']}/__kmsconf/clock"
    with urllib.request.urlopen(url, timeout=10) as r:
        CLOCK_OFFSET[0] = json.loads(r.read())["offset"]
    from aliyunsdkcore.utils import parameter_helper
    from alibabacloud_tea_openapi.utils import Utils

    parameter_helper.get_iso_8061_date = lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", _sdk_now())
    parameter_helper.get_rfc_2616_date = (
        lambda: time.strftime("%a, %d %b %Y %H:%M:%S GMT", _sdk_now()))
    Utils.get_timestamp = staticmethod(lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", _sdk_now()))


def advance_clock(seconds):
    """Moves the server's clock (the --allow-clock-control endpoint; not an SDK call) and the
    SDKs' dates with it."""
    url = f"http://{S['endpoint']}/__kmsconf/clock?seconds={seconds}"
    with urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=10) as r:
        state = json.loads(r.read())
    CLOCK_OFFSET[0] = state["offset"]
    return state


def both():
    return (V1(), V3())

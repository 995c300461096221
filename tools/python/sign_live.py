#!/usr/bin/env python3
"""Signs with the official Alibaba Cloud Python SDK, so our Rust signer can be compared with it live.

Why it exists: `crates/alicert-core/tests/it/live_python.rs` feeds this script the same cases our known-answer vectors
hold, plus randomly generated awkward ones, and compares every stage with what `alicert_core::sign` computes. The
script only calls the SDK's own functions (`alibabacloud_tea_openapi.utils`), never a re-implementation:

- V1 (`signature_algorithm='v2'` in the SDK): `Utils.get_rpcsignature(signed_params, method, secret)`. The SDK does
  not return its intermediate strings, so the HMAC it calls is observed: `hmac.new` inside the utils module is wrapped
  for the duration of the call and records the key and message it is given. The message is the string-to-sign; the
  canonical query is its third `&`-separated part, percent-decoded once (`urllib.parse.unquote`, which inverts the
  SDK's `quote_plus` exactly because the canonical query holds no space or `+`).
- V3 (`ACS3-HMAC-SHA256`): `Utils.get_authorization(request, 'ACS3-HMAC-SHA256', payload, ak, secret)` gives the
  Authorization header. Its stages come from the same module's lower-level helpers: `get_canonical_query_string`,
  `get_canonicalized_headers`, `Utils.hash` + `Utils.hex_encode`, and `signature_method`, assembled the way
  `get_authorization` assembles them; the script checks the assembled Authorization equals the SDK's, and that the
  recorded HMAC message equals the assembled string-to-sign, so a stage can never silently differ from what was signed.
- Endpoints: the official product clients' `_endpoint` for a region (`alibabacloud_cas20200407`,
  `alibabacloud_vod20170321`), with no credentials configured.

Input on stdin: a JSON array of cases, each an object with "id" and "kind":
  {"kind": "v1", "method", "params": [[name, value], ...], "access_key_secret"}
  {"kind": "v3", "method", "canonical_uri", "query": [[n, v], ...], "headers": [[n, v], ...], "hashed_payload",
   "access_key_id", "access_key_secret"}
  {"kind": "endpoint", "product": "cas" | "vod", "region"}
  {"kind": "endpoint_map", "product": "cas" | "vod"}
Output on stdout: a JSON array, one object per case in the same order, with "id" and the stages (V1: canonical_query,
string_to_sign, signature; V3: canonical_request, hashed_canonical_request, string_to_sign, signed_headers, signature,
authorization; endpoint: host; endpoint_map: map, region to host), or "error" when the SDK raised. Names must be unique within a case (the SDK takes
dicts).
"""

from __future__ import annotations

import contextlib
import hmac as std_hmac
import importlib.metadata
import json
import sys
import urllib.parse

import alibabacloud_tea_openapi.utils as openapi_utils
from alibabacloud_tea_openapi.utils import Utils
from darabonba.request import DaraRequest

SIGN_TYPE = "ACS3-HMAC-SHA256"

# The packages whose code produces the signatures, recorded in every vector.
SDK_PACKAGES = ("alibabacloud-tea-openapi", "darabonba-core", "alibabacloud-cas20200407", "alibabacloud-vod20170321")


def sdk_versions() -> dict:
    return {name: importlib.metadata.version(name) for name in SDK_PACKAGES}


@contextlib.contextmanager
def recording_hmac():
    """Records (key, message) of every HMAC the utils module computes while active."""
    calls = []
    original = openapi_utils.hmac

    class Recorder:
        def __getattr__(self, name):
            return getattr(std_hmac, name)

        @staticmethod
        def new(key, msg=None, digestmod=None):
            calls.append((bytes(key), bytes(msg) if msg is not None else b""))
            return std_hmac.new(key, msg, digestmod)

    openapi_utils.hmac = Recorder()
    try:
        yield calls
    finally:
        openapi_utils.hmac = original


def unique_dict(pairs, what):
    result = {}
    for name, value in pairs:
        if name in result:
            raise ValueError(f"duplicate {what} name {name!r}: the SDK takes a dict")
        result[name] = value
    return result


def official_v1(method: str, params, secret: str) -> dict:
    signed_params = unique_dict(params, "parameter")
    with recording_hmac() as calls:
        signature = Utils.get_rpcsignature(signed_params, method, secret)
    if len(calls) != 1:
        raise RuntimeError(f"expected one HMAC call inside get_rpcsignature, saw {len(calls)}")
    key, message = calls[0]
    if key != (secret + "&").encode("utf-8"):
        raise RuntimeError("get_rpcsignature keyed its HMAC with something other than secret + '&'")
    string_to_sign = message.decode("utf-8")
    prefix = f"{method}&%2F&"
    if not string_to_sign.startswith(prefix):
        raise RuntimeError(f"unexpected string-to-sign prefix: {string_to_sign[:40]!r}")
    canonical_query = urllib.parse.unquote(string_to_sign[len(prefix):], encoding="utf-8", errors="strict")
    return {"canonical_query": canonical_query, "string_to_sign": string_to_sign, "signature": signature}


def official_v3(method, canonical_uri, query, headers, hashed_payload, access_key_id, secret) -> dict:
    request = DaraRequest()
    request.method = method
    request.pathname = canonical_uri
    request.query = unique_dict(query, "query")
    request.headers = unique_dict(headers, "header")

    with recording_hmac() as calls:
        authorization = Utils.get_authorization(request, SIGN_TYPE, hashed_payload, access_key_id, secret)

    # The stages, from the helpers get_authorization itself calls, assembled as it assembles them.
    uri = request.pathname if request.pathname else "/"
    canonical_query = openapi_utils.get_canonical_query_string(request.query)
    canonical_headers, signed_headers = openapi_utils.get_canonicalized_headers(request.headers)
    canonical_request = f"{method}\n{uri}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{hashed_payload}"
    hashed_canonical_request = Utils.hex_encode(Utils.hash(canonical_request.encode("utf-8"), SIGN_TYPE))
    string_to_sign = f"{SIGN_TYPE}\n{hashed_canonical_request}"
    signature = Utils.hex_encode(openapi_utils.signature_method(secret, string_to_sign, SIGN_TYPE))
    assembled = f"{SIGN_TYPE} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}"

    if assembled != authorization:
        raise RuntimeError("stages assembled from the SDK helpers do not give the SDK's Authorization")
    if len(calls) != 1 or calls[0] != (secret.encode("utf-8"), string_to_sign.encode("utf-8")):
        raise RuntimeError("get_authorization signed something other than the assembled string-to-sign")
    return {
        "canonical_request": canonical_request,
        "hashed_canonical_request": hashed_canonical_request,
        "string_to_sign": string_to_sign,
        "signed_headers": signed_headers,
        "signature": signature,
        "authorization": authorization,
    }


def product_client(product: str, region: str):
    from alibabacloud_tea_openapi.utils_models import Config

    if product == "cas":
        from alibabacloud_cas20200407.client import Client
    elif product == "vod":
        from alibabacloud_vod20170321.client import Client
    else:
        raise ValueError(f"unknown product {product!r}")
    return Client(Config(region_id=region))


def official_endpoint(product: str, region: str) -> dict:
    return {"host": product_client(product, region)._endpoint}


def official_endpoint_map(product: str) -> dict:
    return {"map": dict(sorted(product_client(product, "cn-hangzhou")._endpoint_map.items()))}


def run_case(case: dict) -> dict:
    kind = case["kind"]
    if kind == "v1":
        return official_v1(case["method"], case["params"], case["access_key_secret"])
    if kind == "v3":
        return official_v3(
            case["method"],
            case["canonical_uri"],
            case["query"],
            case["headers"],
            case["hashed_payload"],
            case["access_key_id"],
            case["access_key_secret"],
        )
    if kind == "endpoint":
        return official_endpoint(case["product"], case["region"])
    if kind == "endpoint_map":
        return official_endpoint_map(case["product"])
    raise ValueError(f"unknown case kind {kind!r}")


def main() -> int:
    # Bytes in, ASCII out: independent of the locale's encoding.
    cases = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    results = []
    for case in cases:
        try:
            result = run_case(case)
        except Exception as error:  # reported per case, so one bad case names itself
            result = {"error": f"{type(error).__name__}: {error}"}
        results.append({"id": case.get("id"), **result})
    json.dump({"sdk": sdk_versions(), "results": results}, sys.stdout, ensure_ascii=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

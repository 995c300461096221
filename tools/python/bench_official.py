#!/usr/bin/env python3
"""The official Alibaba Cloud Python SDK's side of `cargo xtask bench`.

Why it exists: "fast" needs a baseline measured in the same run, and the official SDK is what users would otherwise
use. This script times, with the pinned SDK (alibabacloud-tea-openapi 0.4.6, alibabacloud-cas20200407 3.9.4):

- its own signing functions on the very cases our harness signs (`alicert-bench sign` prints them):
  V1 `Utils.get_rpcsignature(signed_params, method, secret)` (the SDK's `signature_algorithm='v2'`) and
  V3 `Utils.get_authorization(request, 'ACS3-HMAC-SHA256', payload_hash, ak, secret)`; each signature is returned
  so the caller can check both sides signed the same thing;
- its client against the same emulator our client is measured against: DescribeDeploymentJob(8888) with
  `signature_algorithm='v2'` (V1, as our client signs by default), sequentially with the sync client and
  concurrently with the SDK's async methods under asyncio (`describe_deployment_job_async`), every answer checked.

Input on stdin, one JSON object:
  {"parts": ["sign", "e2e"],                   # which measurements to run (default both)
   "endpoint": "http://127.0.0.1:PORT", "access_key_id", "access_key_secret",   # for "e2e"
   "sign_cases": {"v1": [...], "v3": [...]},   # for "sign", as `alicert-bench sign` prints them
   "sign": {"samples", "sample_ms"},
   "e2e": {"samples", "sequential_calls", "concurrent_calls", "concurrency"}}
Output on stdout: one JSON object with "sdk" (package versions), "python", and "sign" and/or "e2e". Figures are
min/median/max over the samples. Exit status 1 with a message on stderr when anything fails.
`cargo xtask bench` runs "sign" once and "e2e" in several rounds, alternating with our client's rounds, so that
each round of ours has a round of theirs close in time.

Usage (the venv comes from tools/python/setup.sh; `cargo xtask bench` runs this for you):
    .venv/bin/python tools/python/bench_official.py < config.json
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import json
import platform
import statistics
import sys
import time
from typing import Any, Callable

try:
    from alibabacloud_cas20200407 import models as cas_models
    from alibabacloud_cas20200407.client import Client as CasClient
    from alibabacloud_tea_openapi import utils_models as openapi_models
    from alibabacloud_tea_openapi.utils import Utils
    from darabonba.request import DaraRequest
except ImportError as error:  # the venv is missing or incomplete
    sys.stderr.write(
        f"bench_official.py: the official SDK is not importable ({error}); run tools/python/setup.sh and use "
        "the venv's python (.venv/bin/python)\n"
    )
    sys.exit(1)

SIGN_TYPE = "ACS3-HMAC-SHA256"
SDK_PACKAGES = ("alibabacloud-tea-openapi", "alibabacloud-cas20200407", "darabonba-core", "requests", "aiohttp")
JOB_ID = 8888


def summary(samples: list[float]) -> dict[str, Any]:
    return {
        "min": min(samples),
        "median": statistics.median(samples),
        "max": max(samples),
        "samples": samples,
    }


def calibrate(operation: Callable[[], Any], target_s: float) -> int:
    """Iterations of `operation` that take about `target_s`, found by doubling (which also warms it up)."""
    iterations = 1
    while True:
        started = time.perf_counter()
        for _ in range(iterations):
            operation()
        elapsed = time.perf_counter() - started
        if elapsed >= target_s / 8 or iterations >= 1 << 24:
            return max(1, int(target_s / max(elapsed / iterations, 1e-12)))
        iterations *= 2


def nanos_per_call(operation: Callable[[], Any], samples: int, sample_ms: float) -> dict[str, Any]:
    iterations = calibrate(operation, sample_ms / 1000)
    results = []
    for _ in range(samples):
        started = time.perf_counter_ns()
        for _ in range(iterations):
            operation()
        results.append((time.perf_counter_ns() - started) / iterations)
    return summary(results)


def unique_dict(pairs: list[list[str]], what: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for name, value in pairs:
        if name in result:
            raise ValueError(f"duplicate {what} name {name!r}: the SDK takes a dict")
        result[name] = value
    return result


def sign_v1(case: dict[str, Any], samples: int, sample_ms: float) -> dict[str, Any]:
    params = unique_dict(case["params"], "parameter")
    method, secret = case["method"], case["access_key_secret"]
    signature = Utils.get_rpcsignature(params, method, secret)
    timing = nanos_per_call(lambda: Utils.get_rpcsignature(params, method, secret), samples, sample_ms)
    return {"name": case["name"], "function": "Utils.get_rpcsignature", "signature": signature, "ns": timing}


def sign_v3(case: dict[str, Any], samples: int, sample_ms: float) -> dict[str, Any]:
    request = DaraRequest()
    request.method = case["method"]
    request.pathname = case["canonical_uri"]
    request.query = unique_dict(case["query"], "query")
    request.headers = unique_dict(case["headers"], "header")
    payload, key_id, secret = case["hashed_payload"], case["access_key_id"], case["access_key_secret"]

    def sign() -> str:
        return Utils.get_authorization(request, SIGN_TYPE, payload, key_id, secret)

    authorization = sign()
    signature = authorization.rsplit("Signature=", 1)[-1]
    timing = nanos_per_call(sign, samples, sample_ms)
    return {"name": case["name"], "function": "Utils.get_authorization", "signature": signature, "ns": timing}


def client(endpoint: str, key_id: str, secret: str) -> CasClient:
    host = endpoint.removeprefix("http://").rstrip("/")
    return CasClient(
        openapi_models.Config(
            access_key_id=key_id,
            access_key_secret=secret,
            endpoint=host,
            protocol="HTTP",
            region_id="cn-hangzhou",
            signature_algorithm="v2",
            read_timeout=10000,
            connect_timeout=5000,
        )
    )


def check(body: Any) -> None:
    if body.id != JOB_ID:
        raise RuntimeError(f"the official client decoded job {body.id!r}, expected {JOB_ID}")


def sequential(cas: CasClient, calls: int) -> float:
    request = cas_models.DescribeDeploymentJobRequest(job_id=JOB_ID)
    started = time.perf_counter()
    for _ in range(calls):
        check(cas.describe_deployment_job(request).body)
    return calls / (time.perf_counter() - started)


async def concurrent(cas: CasClient, calls: int, concurrency: int) -> float:
    request = cas_models.DescribeDeploymentJobRequest(job_id=JOB_ID)
    remaining = calls

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            check((await cas.describe_deployment_job_async(request)).body)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return calls / (time.perf_counter() - started)


def e2e(config: dict[str, Any]) -> dict[str, Any]:
    options = config["e2e"]
    cas = client(config["endpoint"], config["access_key_id"], config["access_key_secret"])
    samples, concurrency = options["samples"], options["concurrency"]
    # Warm up: connection pools, imports done lazily on first use.
    sequential(cas, 20)
    asyncio.run(concurrent(cas, 20, concurrency))
    sequential_rates, concurrent_rates = [], []
    for _ in range(samples):
        sequential_rates.append(sequential(cas, options["sequential_calls"]))
        concurrent_rates.append(asyncio.run(concurrent(cas, options["concurrent_calls"], concurrency)))
    return {
        "operation": "DescribeDeploymentJob",
        "signature": "v1 (signature_algorithm='v2')",
        "sequential_client": "sync (requests)",
        "concurrent_client": f"async (asyncio, {concurrency} tasks)",
        "samples": samples,
        "sequential_calls": options["sequential_calls"],
        "concurrent_calls": options["concurrent_calls"],
        "concurrency": concurrency,
        "sequential_calls_per_s": summary(sequential_rates),
        "concurrent_calls_per_s": summary(concurrent_rates),
    }


def versions() -> dict[str, str]:
    found = {}
    for name in SDK_PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def main() -> int:
    if len(sys.argv) > 1:
        sys.stdout.write(__doc__)
        return 0 if sys.argv[1] in ("-h", "--help") else 2
    try:
        config = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        parts = config.get("parts", ["sign", "e2e"])
        result: dict[str, Any] = {"kind": "official", "python": platform.python_version(), "sdk": versions()}
        if "sign" in parts:
            sign_options = config["sign"]
            samples, sample_ms = sign_options["samples"], sign_options["sample_ms"]
            signing = [sign_v1(case, samples, sample_ms) for case in config["sign_cases"]["v1"]]
            signing += [sign_v3(case, samples, sample_ms) for case in config["sign_cases"]["v3"]]
            result["sign"] = signing
        if "e2e" in parts:
            result["e2e"] = e2e(config)
    except KeyError as error:
        sys.stderr.write(f"bench_official.py: the JSON configuration on stdin lacks the key {error} (see --help)\n")
        return 2
    except Exception as error:  # one message naming what failed, for the report
        sys.stderr.write(f"bench_official.py: {type(error).__name__}: {error}\n")
        return 1
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

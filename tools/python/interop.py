#!/usr/bin/env python3
"""Interop check: Alibaba Cloud's official Python SDK against the alicert emulator.

Why it exists: the emulator verifies signatures by re-signing with alicert-core; agreeing with ourselves proves
little. This script drives the emulator with the official SDK (alibabacloud-cas20200407 3.9.4,
alibabacloud-vod20170321 3.12.1, alibabacloud-tea-openapi 0.4.6) exactly as an Alibaba Cloud user would, with the
SDK's default V3 signature (ACS3-HMAC-SHA256) and again with V1 (signature_algorithm='v2'), and checks:

- all five operations succeed and their typed results hold the dataset's values (job 8888 is "auto-test-AXX", its
  certificate is edkog.shop, its 8 workers page correctly, example.com's CertInfos parse);
- a wrong secret gives SignatureDoesNotMatch, a missing JobId gives MissingJobId, and a replayed request (the SDK's
  nonce function patched to return a constant) gives SignatureNonceUsed;
- with --sts-access-key-id (secret and token from $ALICERT_INTEROP_STS_SECRET / $ALICERT_INTEROP_STS_TOKEN), a call
  with the STS credentials succeeds, both signatures.

Then the classic SDK (aliyun-python-sdk-core 2.16.1, interop_classic.py): JSON, its default format (XML), Format=XML
lists and errors, its own InvalidAccessKeySecret diagnosis of a wrong secret, MissingJobId, and STS credentials.

It prints one JSON summary on stdout and exits 1 on any mismatch (2 on bad usage).

Usage (run with the project venv, created by tools/python/setup.sh):
    .venv/bin/python tools/python/interop.py --endpoint http://127.0.0.1:PORT --access-key-id ID
The secret comes from $ALICERT_INTEROP_SECRET (or --access-key-secret), so it stays out of process listings.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from typing import Any, Callable, Optional

from alibabacloud_cas20200407 import models as cas_models
from alibabacloud_cas20200407.client import Client as CasClient
from alibabacloud_tea_openapi import utils as openapi_utils
from alibabacloud_tea_openapi import utils_models as openapi_models
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_vod20170321 import models as vod_models
from alibabacloud_vod20170321.client import Client as VodClient

from interop_classic import check_classic

MODES = {"v3": None, "v1": "v2"}  # our name -> the SDK's signature_algorithm


class Checks:
    def __init__(self) -> None:
        self.results: list[dict[str, Any]] = []

    def run(self, name: str, body: Callable[[], Any]) -> None:
        try:
            detail = body()
            self.results.append({"name": name, "ok": True, "detail": detail})
        except Exception as error:  # noqa: BLE001 - every failure becomes a reported check
            self.results.append(
                {
                    "name": name,
                    "ok": False,
                    "detail": f"{type(error).__name__}: {error}",
                    "trace": traceback.format_exc(limit=3),
                }
            )

    @property
    def ok(self) -> bool:
        return all(result["ok"] for result in self.results)


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)


def config(
    endpoint: str, key_id: str, secret: str, mode: str, token: Optional[str] = None
) -> openapi_models.Config:
    host = endpoint.removeprefix("http://").rstrip("/")
    return openapi_models.Config(
        access_key_id=key_id,
        access_key_secret=secret,
        security_token=token,
        endpoint=host,
        protocol="HTTP",
        region_id="cn-hangzhou",
        signature_algorithm=MODES[mode],
        read_timeout=10000,
        connect_timeout=5000,
    )


def expect_error(call: Callable[[], Any], status: int, code: str) -> str:
    try:
        call()
    except AlibabaCloudException as error:
        expect(error.code == code, f"code {error.code!r}, wanted {code!r} ({error.message})")
        expect(error.status_code == status, f"HTTP {error.status_code}, wanted {status}")
        expect(bool(error.request_id), "the error carries a RequestId")
        return f"{error.status_code} {error.code}"
    raise AssertionError(f"the call succeeded; wanted {status} {code}")


def check_mode(
    checks: Checks, endpoint: str, key_id: str, secret: str, mode: str, sts: Optional[tuple[str, str, str]]
) -> None:
    cas = CasClient(config(endpoint, key_id, secret, mode))
    vod = VodClient(config(endpoint, key_id, secret, mode))

    def describe_job() -> str:
        body = cas.describe_deployment_job(cas_models.DescribeDeploymentJobRequest(job_id=8888)).body
        expect(body.id == 8888, f"Id {body.id!r}")
        expect(body.name == "auto-test-AXX", f"Name {body.name!r}")
        expect(body.status == "editing", f"Status {body.status!r}")
        expect(body.gmt_create == "1679541809000", f"GmtCreate {body.gmt_create!r}")
        expect(body.del_ == 1 and body.rollback == 1, f"Del {body.del_!r}, Rollback {body.rollback!r}")
        expect(body.cas_contacts[0].name == "zhangsan", "CasContacts[0].Name")
        return body.name

    def list_certs() -> str:
        body = cas.list_deployment_job_cert(cas_models.ListDeploymentJobCertRequest(job_id=8888)).body
        expect(len(body.data) == 1, f"{len(body.data)} certificates")
        cert = body.data[0]
        expect(cert.cert_name == "edkog.shop", f"CertName {cert.cert_name!r}")
        expect(cert.cert_id == 11174100, f"CertId {cert.cert_id!r}")
        expect(cert.sans == ["aliyundoc.com"], f"Sans {cert.sans!r}")
        expect(cert.is_trustee is True, f"IsTrustee {cert.is_trustee!r}")
        return cert.cert_name

    def job_status() -> str:
        body = cas.describe_deployment_job_status(cas_models.DescribeDeploymentJobStatusRequest(job_id=8888)).body
        expect(body.worker_count == 8, f"WorkerCount {body.worker_count!r}")
        per_product = sum(entry.count for entry in body.product_worker_count)
        expect(per_product == body.worker_count, f"ProductWorkerCount adds up to {per_product}")
        account = cas.describe_deployment_job_status(cas_models.DescribeDeploymentJobStatusRequest()).body
        expect(account.worker_count > body.worker_count, f"account WorkerCount {account.worker_count!r}")
        return f"job 8888: {body.worker_count} workers; account: {account.worker_count}"

    def list_workers() -> str:
        request = cas_models.ListWorkerResourceRequest(job_id=8888, current_page=1, show_size=20)
        body = cas.list_worker_resource(request).body
        expect(body.total == 8, f"Total {body.total!r}")
        expect(len(body.data) == 8, f"{len(body.data)} workers")
        first = body.data[0]
        expect(first.id == 22487, f"first worker {first.id!r}")
        expect(first.default_resource is True, f"DefaultResource {first.default_resource!r}")
        expect(first.cloud_product == "SLB", f"CloudProduct {first.cloud_product!r}")
        page = cas.list_worker_resource(cas_models.ListWorkerResourceRequest(job_id=8888, current_page=3, show_size=3))
        expect(len(page.body.data) == 2, f"last page of 3 holds {len(page.body.data)}")
        filtered = cas.list_worker_resource(
            cas_models.ListWorkerResourceRequest(job_id=8888, status="editing", cloud_product="SLB")
        )
        expect(filtered.body.total == 1, f"filtered Total {filtered.body.total!r}")
        return f"Total {body.total}, first {first.id}"

    def vod_domain() -> str:
        request = vod_models.DescribeVodDomainCertificateInfoRequest(domain_name="example.com")
        body = vod.describe_vod_domain_certificate_info(request).body
        infos = body.cert_infos.cert_info
        expect(len(infos) == 1, f"{len(infos)} CertInfo")
        expect(infos[0].cert_name == "cert-example.com", f"CertName {infos[0].cert_name!r}")
        expect(infos[0].cert_expire_time == "2018-06-03T13:03:39Z", f"CertExpireTime {infos[0].cert_expire_time!r}")
        expect(infos[0].domain_name == "example.com", "DomainName")
        return infos[0].cert_name

    def wrong_secret() -> str:
        bad = CasClient(config(endpoint, key_id, secret + "-wrong", mode))
        return expect_error(
            lambda: bad.describe_deployment_job(cas_models.DescribeDeploymentJobRequest(job_id=8888)),
            400,
            "SignatureDoesNotMatch",
        )

    def missing_job_id() -> str:
        return expect_error(
            lambda: cas.describe_deployment_job(cas_models.DescribeDeploymentJobRequest()), 400, "MissingJobId"
        )

    def replay() -> str:
        original = openapi_utils.Utils.get_nonce
        constant = f"alicert-interop-replay-{mode}"
        openapi_utils.Utils.get_nonce = staticmethod(lambda: constant)
        try:
            request = cas_models.DescribeDeploymentJobRequest(job_id=8888)
            first = cas.describe_deployment_job(request).body
            expect(first.id == 8888, "the first use of the nonce succeeds")
            return expect_error(lambda: cas.describe_deployment_job(request), 400, "SignatureNonceUsed")
        finally:
            openapi_utils.Utils.get_nonce = original

    def sts_call() -> str:
        assert sts is not None
        sts_cas = CasClient(config(endpoint, sts[0], sts[1], mode, token=sts[2]))
        body = sts_cas.describe_deployment_job(cas_models.DescribeDeploymentJobRequest(job_id=8888)).body
        expect(body.name == "auto-test-AXX", f"Name {body.name!r}")
        return body.name

    sts_checks = [("STS credentials", sts_call)] if sts is not None else []
    for name, body in sts_checks + [
        ("DescribeDeploymentJob", describe_job),
        ("ListDeploymentJobCert", list_certs),
        ("DescribeDeploymentJobStatus", job_status),
        ("ListWorkerResource", list_workers),
        ("DescribeVodDomainCertificateInfo", vod_domain),
        ("wrong secret", wrong_secret),
        ("missing JobId", missing_job_id),
        ("replayed nonce", replay),
    ]:
        checks.run(f"{mode}: {name}", body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True, help="the emulator's URL, http://127.0.0.1:PORT")
    parser.add_argument("--access-key-id", default="alicert-demo-id")
    parser.add_argument("--access-key-secret", help="default: $ALICERT_INTEROP_SECRET, else alicert-demo-secret")
    parser.add_argument(
        "--sts-access-key-id",
        help="also call with this STS key; its secret and token come from $ALICERT_INTEROP_STS_SECRET and "
        "$ALICERT_INTEROP_STS_TOKEN",
    )
    arguments = parser.parse_args()
    if not arguments.endpoint.startswith("http://"):
        parser.error("--endpoint must be an http:// URL (the emulator speaks plain HTTP)")
        return 2
    secret = arguments.access_key_secret or os.environ.get("ALICERT_INTEROP_SECRET") or "alicert-demo-secret"

    sts = None
    if arguments.sts_access_key_id:
        sts_secret = os.environ.get("ALICERT_INTEROP_STS_SECRET")
        sts_token = os.environ.get("ALICERT_INTEROP_STS_TOKEN")
        if not sts_secret or not sts_token:
            parser.error("--sts-access-key-id needs $ALICERT_INTEROP_STS_SECRET and $ALICERT_INTEROP_STS_TOKEN")
            return 2
        sts = (arguments.sts_access_key_id, sts_secret, sts_token)

    checks = Checks()
    for mode in MODES:
        check_mode(checks, arguments.endpoint, arguments.access_key_id, secret, mode, sts)
    check_classic(checks.run, arguments.endpoint, arguments.access_key_id, secret, sts)
    summary = {
        "ok": checks.ok,
        "endpoint": arguments.endpoint,
        "sdk": {
            "alibabacloud-tea-openapi": "0.4.6",
            "alibabacloud-cas20200407": "3.9.4",
            "alibabacloud-vod20170321": "3.12.1",
            "aliyun-python-sdk-core": "2.16.1",
        },
        "passed": sum(result["ok"] for result in checks.results),
        "failed": sum(not result["ok"] for result in checks.results),
        "checks": checks.results,
    }
    print(json.dumps(summary, indent=2))
    return 0 if checks.ok else 1


if __name__ == "__main__":
    sys.exit(main())

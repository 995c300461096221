"""Interop checks with the classic Alibaba Cloud Python SDK (aliyun-python-sdk-core 2.16.1), called by interop.py.

Why it exists: the classic SDK is a second, independent RPC client (V1 only, its own signer, its own error parsing)
that many users still run. It differs from the tea-openapi SDK where the emulator could be wrong for one and right
for the other:

- its requests are RpcRequests as the product SDKs (aliyun-python-sdk-cas, ...) build them;
- do_action_with_exception() sends Format=JSON, but a request left without a format goes out with `Format=None`,
  which the service answers in its default format, XML; set_accept_format('XML') asks for XML;
- on SignatureDoesNotMatch it compares `Message.split(':')[1]` with its own string-to-sign and, when they are equal,
  reports InvalidAccessKeySecret: that only happens when the emulator's message quotes the string-to-sign exactly
  as the service does;
- STS credentials go as StsTokenCredential, sent as the SecurityToken parameter.
"""

from __future__ import annotations

import json
import warnings
import xml.etree.ElementTree as ElementTree
from typing import Any, Callable, Optional

from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
from aliyunsdkcore.auth.credentials import StsTokenCredential
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import RpcRequest

CAS = ("cas", "2020-04-07")
VOD = ("vod", "2017-03-21")


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)


def _request(host: str, product: tuple[str, str], action: str, **params: Any) -> RpcRequest:
    request = RpcRequest(product[0], product[1], action)
    request.set_endpoint(host)
    request.set_protocol_type("http")
    request.set_method("POST")
    for name, value in params.items():
        request.add_query_param(name, str(value))
    return request


def _client(key_id: str, secret: str) -> AcsClient:
    return AcsClient(key_id, secret, "cn-hangzhou", auto_retry=False, timeout=10, connect_timeout=5)


def _raw(client: AcsClient, request: RpcRequest) -> bytes:
    """The answer's bytes in whatever format the request named (do_action keeps it; it is only deprecated)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return client.do_action(request)


def _xml(body: bytes, root: str) -> ElementTree.Element:
    _expect(body.startswith(b"<?xml"), f"an XML answer, got {body[:60]!r}")
    element = ElementTree.fromstring(body)
    _expect(element.tag == root, f"root <{element.tag}>, wanted <{root}>")
    return element


def check_classic(
    run: Callable[[str, Callable[[], Any]], None],
    endpoint: str,
    key_id: str,
    secret: str,
    sts: Optional[tuple[str, str, str]],
) -> None:
    host = endpoint.removeprefix("http://").rstrip("/")
    client = _client(key_id, secret)

    def describe_json() -> str:
        body = json.loads(client.do_action_with_exception(_request(host, CAS, "DescribeDeploymentJob", JobId=8888)))
        _expect(body["Name"] == "auto-test-AXX", f"Name {body.get('Name')!r}")
        _expect(body["Id"] == 8888, f"Id {body.get('Id')!r}")
        return body["Name"]

    def workers_json() -> str:
        request = _request(host, CAS, "ListWorkerResource", JobId=8888, CurrentPage=1, ShowSize=20)
        body = json.loads(client.do_action_with_exception(request))
        _expect(body["Total"] == 8 and len(body["Data"]) == 8, f"Total {body.get('Total')!r}")
        return f"Total {body['Total']}"

    def vod_json() -> str:
        request = _request(host, VOD, "DescribeVodDomainCertificateInfo", DomainName="example.com")
        body = json.loads(client.do_action_with_exception(request))
        infos = body["CertInfos"]["CertInfo"]
        _expect(infos[0]["CertName"] == "cert-example.com", f"CertInfos {infos!r}")
        return infos[0]["CertName"]

    def default_format_is_xml() -> str:
        root = _xml(
            _raw(client, _request(host, CAS, "DescribeDeploymentJob", JobId=8888)),
            "DescribeDeploymentJobResponse",
        )
        _expect(root.findtext("Name") == "auto-test-AXX", f"Name {root.findtext('Name')!r}")
        _expect(bool(root.findtext("RequestId")), "a RequestId")
        contacts = root.findall("CasContacts")
        _expect(contacts and contacts[0].findtext("Name") == "zhangsan", "CasContacts repeated, Name zhangsan")
        return "DescribeDeploymentJobResponse"

    def xml_lists() -> str:
        request = _request(host, CAS, "ListWorkerResource", JobId=8888, ShowSize=20)
        request.set_accept_format("XML")
        root = _xml(_raw(client, request), "ListWorkerResourceResponse")
        data = root.findall("Data")
        _expect(root.findtext("Total") == "8" and len(data) == 8, f"Total {root.findtext('Total')!r}, {len(data)} Data")
        _expect(data[0].findtext("Id") == "22487", f"first worker {data[0].findtext('Id')!r}")
        vod = _request(host, VOD, "DescribeVodDomainCertificateInfo", DomainName="example.com")
        vod.set_accept_format("xml")
        infos = _xml(_raw(client, vod), "DescribeVodDomainCertificateInfoResponse").findall("CertInfos/CertInfo")
        _expect(len(infos) == 1 and infos[0].findtext("CertName") == "cert-example.com", "CertInfos/CertInfo")
        return f"{len(data)} <Data>, {len(infos)} <CertInfo>"

    def xml_error() -> str:
        request = _request(host, CAS, "DescribeDeploymentJob")
        request.set_accept_format("XML")
        root = _xml(_raw(client, request), "Error")
        _expect(root.findtext("Code") == "MissingJobId", f"Code {root.findtext('Code')!r}")
        fields = [child.tag for child in root]
        _expect(fields == ["RequestId", "HostId", "Code", "Message", "Recommend"], f"fields {fields}")
        return root.findtext("Code")

    def wrong_secret() -> str:
        # The SDK turns SignatureDoesNotMatch into InvalidAccessKeySecret only when the server's quoted
        # string-to-sign equals its own: the emulator's message must quote it exactly.
        try:
            _client(key_id, secret + "-wrong").do_action_with_exception(
                _request(host, CAS, "DescribeDeploymentJob", JobId=8888)
            )
        except (ServerException, ClientException) as error:
            _expect(error.get_error_code() == "InvalidAccessKeySecret", f"code {error.get_error_code()!r}")
            return error.get_error_code()
        raise AssertionError("the call succeeded")

    def missing_job_id() -> str:
        try:
            client.do_action_with_exception(_request(host, CAS, "DescribeDeploymentJob"))
        except ServerException as error:
            _expect(error.get_error_code() == "MissingJobId", f"code {error.get_error_code()!r}")
            _expect(error.get_http_status() == 400, f"HTTP {error.get_http_status()}")
            _expect(bool(error.get_request_id()), "a RequestId")
            return f"{error.get_http_status()} {error.get_error_code()}"
        raise AssertionError("the call succeeded")

    checks = [
        ("DescribeDeploymentJob (JSON)", describe_json),
        ("ListWorkerResource (JSON)", workers_json),
        ("DescribeVodDomainCertificateInfo (JSON)", vod_json),
        ("no format: XML, the default", default_format_is_xml),
        ("Format=XML: lists repeat", xml_lists),
        ("Format=XML: the error", xml_error),
        ("wrong secret", wrong_secret),
        ("missing JobId", missing_job_id),
    ]

    if sts is not None:
        sts_id, sts_secret, sts_token = sts

        def sts_call() -> str:
            sts_client = AcsClient(
                region_id="cn-hangzhou",
                credential=StsTokenCredential(sts_id, sts_secret, sts_token),
                auto_retry=False,
            )
            body = json.loads(
                sts_client.do_action_with_exception(_request(host, CAS, "DescribeDeploymentJob", JobId=8888))
            )
            _expect(body["Name"] == "auto-test-AXX", f"Name {body.get('Name')!r}")
            bad = AcsClient(
                region_id="cn-hangzhou",
                credential=StsTokenCredential(sts_id, sts_secret, sts_token + "-forged"),
                auto_retry=False,
            )
            try:
                bad.do_action_with_exception(_request(host, CAS, "DescribeDeploymentJob", JobId=8888))
            except ServerException as error:
                code = error.get_error_code()
                _expect(code == "InvalidSecurityToken.Malformed", f"forged token: {code!r}")
                return f"ok; forged token: {code}"
            raise AssertionError("a forged token was accepted")

        checks.append(("STS credentials", sts_call))

    for name, body in checks:
        run(f"classic v1: {name}", body)

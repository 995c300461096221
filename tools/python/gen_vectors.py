#!/usr/bin/env python3
"""Writes the signature known-answer vectors in crates/alicert-core/tests/vectors/{v1,v3}/ from the official SDK.

Why it exists: our signer must agree byte for byte with Alibaba's. Every expected stage in the vectors is computed
here by the official Python SDK's own signing functions (see sign_live.py for exactly which, and how the stages the
SDK does not return are observed), with fixed timestamps and nonces so the files are deterministic; each file records
where its numbers came from and the SDK versions. The two published examples from Alibaba's documentation are
written too, and the script refuses to write anything unless the SDK reproduces their published signatures.

Usage (from the repository root, after tools/python/setup.sh):
    .venv/bin/python tools/python/gen_vectors.py           # (re)write the vector files
    .venv/bin/python tools/python/gen_vectors.py --check   # write nothing; exit 1 and name stale files if any

The script owns tests/vectors/v1 and tests/vectors/v3: files it no longer generates are deleted when writing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import sign_live  # noqa: E402  (the shared calls into the official SDK)

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "crates" / "alicert-core" / "tests" / "vectors"

OPENAPI = f"alibabacloud-tea-openapi=={sign_live.sdk_versions()['alibabacloud-tea-openapi']}"

V1_STAGES_FROM = {
    "signature": "return value of Utils.get_rpcsignature",
    "string_to_sign": "message passed to hmac.new inside Utils.get_rpcsignature (recorded)",
    "canonical_query": "string_to_sign after 'METHOD&%2F&', percent-decoded once (urllib.parse.unquote)",
}
V3_STAGES_FROM = {
    "authorization": "return value of Utils.get_authorization",
    "canonical_request": "get_canonical_query_string + get_canonicalized_headers, assembled as get_authorization does",
    "hashed_canonical_request": "Utils.hex_encode(Utils.hash(canonical_request, 'ACS3-HMAC-SHA256'))",
    "string_to_sign": "'ACS3-HMAC-SHA256\\n' + hashed_canonical_request; equals the recorded hmac.new message",
    "signed_headers": "second value of get_canonicalized_headers",
    "signature": "Utils.hex_encode(signature_method(secret, string_to_sign, 'ACS3-HMAC-SHA256'))",
}

# Fixed inputs shared by many cases.
AK_ID = "LTAI5tExampleKeyId01"
SECRET = "ExampleSecret0123456789abcdefXYZ"
TIMESTAMP = "2025-03-14T09:26:53Z"
NONCE = "5f1c0a8e2b7d4e96a3c1f0b2d4e6a8c0"
STS_TOKEN = (
    "CAIS9AF1q6Ft5B2yfSjIr5bSGNKGnu1E0KenWXSDjWxuWvdmqbXGtDz2IHhMeXVvA+0XtPQ+lG5W7PkZlqFvRoRZXVPFacZ3tqFsYd7l"
    "LqhJ9MShEeY/s6BRrUgjrKqP1EPtC4qJdt/Uzj+D+z8dbnVhg6j9UD4nE5e03ENa7y5vx9ogIpNLlNq0/7ff+ZHxXRFQz0iyQ+PuJE/"
    "ZVmAE5MWZGj+gQqxB/Gt0J9qgkbZ6t1dOT4C/uIEA8/Hjv8pGnW/Z+1XHSI6ZnZRhvzr3FGM/z5ArbNTPpUQ5Y/1s6BCWKa4gKT+4Jk="
)

SDK_RPC_HEADERS_NOTE = "headers as the SDK's do_request sets them for an RPC call"


def pairs(mapping_or_pairs):
    if isinstance(mapping_or_pairs, dict):
        return [[name, value] for name, value in mapping_or_pairs.items()]
    return [list(pair) for pair in mapping_or_pairs]


def v1_common(action, version, access_key_id=AK_ID, security_token=None, timestamp=TIMESTAMP, nonce=NONCE):
    """The common parameters in the order alicert_core::sign::v1::common_params returns them."""
    common = {
        "action": action,
        "version": version,
        "access_key_id": access_key_id,
        "security_token": security_token,
        "timestamp": timestamp,
        "nonce": nonce,
    }
    params = [
        ["Action", action],
        ["Version", version],
        ["Format", "JSON"],
        ["AccessKeyId", access_key_id],
        ["SignatureMethod", "HMAC-SHA1"],
        ["SignatureVersion", "1.0"],
        ["SignatureNonce", nonce],
        ["Timestamp", timestamp],
    ]
    if security_token:
        params.append(["SecurityToken", security_token])
    return common, params


def v1_case(name, description, business, method="GET", action="DescribeDeploymentJob", version="2020-04-07",
            secret=SECRET, security_token=None, access_key_id=AK_ID):
    common, params = v1_common(action, version, access_key_id=access_key_id, security_token=security_token)
    return {
        "name": name,
        "description": description,
        "method": method,
        "common": common,
        "params": params + pairs(business),
        "access_key_id": access_key_id,
        "secret": secret,
    }


def v1_cases():
    long_business = [["CurrentPage", "1"], ["ShowSize", "50"]]
    for index in range(1, 13):
        long_business.append([f"Tag.{index}.Key", f"env-{index}"])
        long_business.append([f"Tag.{index}.Value", f"value {index}/{index * 7}"])
    printable = "".join(chr(code) for code in range(0x20, 0x7F))
    return [
        v1_case("basic-get", "DescribeDeploymentJob over GET with only the common parameters and JobId",
                {"JobId": "12345"}),
        v1_case("basic-post", "the same call over POST (the official SDK's default method)",
                {"JobId": "12345"}, method="POST"),
        v1_case("space", "a space is %20 (never +) in the canonical query, %2520 in the string-to-sign",
                {"Keyword": "my cert name"}, action="ListWorkerResource"),
        v1_case("asterisk", "* is escaped as %2A (Python's quote would keep it only if it were in safe)",
                {"Keyword": "*.example.com"}, action="ListWorkerResource"),
        v1_case("tilde", "~ is unreserved and stays as it is", {"Keyword": "~user~"}, action="ListWorkerResource"),
        v1_case("slash", "/ is escaped as %2F (the SDK passes safe='~', not the default '/')",
                {"Keyword": "a/b/c"}, action="ListWorkerResource"),
        v1_case("plus", "a literal + is %2B", {"Keyword": "a+b"}, action="ListWorkerResource"),
        v1_case("equals", "= in a value is %3D", {"Keyword": "a=b==c"}, action="ListWorkerResource"),
        v1_case("ampersand", "& in a value is %26 and must not split the canonical query",
                {"Keyword": "a&b&&c"}, action="ListWorkerResource"),
        v1_case("percent", "a literal % and something that looks escaped are encoded again",
                {"Keyword": "100% %20 %E4%B8%AD"}, action="ListWorkerResource"),
        v1_case("cjk", "CJK text is UTF-8 percent-encoded with uppercase hex",
                {"Keyword": "证书部署任务", "Remark": "日本語テキスト 한국어"}, action="ListWorkerResource"),
        v1_case("emoji", "characters outside the BMP (4-byte UTF-8), a ZWJ sequence and a flag",
                {"Keyword": "🔐👩‍💻🇨🇳"}, action="ListWorkerResource"),
        v1_case("empty-values", "empty values stay as Name= and sort by name like any other",
                {"Keyword": "", "Status": "", "CertId": "0"}, action="ListWorkerResource"),
        v1_case("newline", "newline and carriage return are %0A and %0D",
                {"Keyword": "line one\nline two\r\nend"}, action="ListWorkerResource"),
        v1_case("tab", "tab is %09", {"Keyword": "col1\tcol2"}, action="ListWorkerResource"),
        v1_case("sort-tag-numbers", "names sort by bytes: Tag.10 before Tag.2, Tag.1.Key before Tag.1.Value",
                [["Tag.2.Key", "b"], ["Tag.10.Key", "c"], ["Tag.1.Value", "x"], ["Tag.1.Key", "a"],
                 ["Tag.1", "plain"]], action="ListWorkerResource"),
        v1_case("sort-case", "names sort by bytes: uppercase before lowercase (B before a), _ between",
                [["a", "1"], ["B", "2"], ["b", "3"], ["A", "4"], ["_x", "5"], ["Z", "6"]],
                action="ListWorkerResource"),
        v1_case("secret-reserved", "a secret with & = + / (the key is secret + '&', never encoded)",
                {"JobId": "42"}, secret="s3cr&t=+/key&"),
        v1_case("sts-token", "STS credentials: SecurityToken (with + / =) is signed like any parameter",
                {"JobId": "42"}, security_token=STS_TOKEN, access_key_id="STS.NUexampleSTSKeyId0001"),
        v1_case("long-request", "26 business parameters plus the common ones", long_business,
                action="ListWorkerResource"),
        v1_case("printable-ascii", "every printable ASCII character in one value", {"Keyword": printable},
                action="ListWorkerResource"),
        v1_case("encoded-names", "names with reserved and non-ASCII characters are encoded like values",
                [["Filter key", "v1"], ["名前", "v2"], ["a*b", "v3"], ["x=y", "v4"]], action="ListWorkerResource"),
        v1_case("post-form-body", "POST whose business parameters travel in a form body: signed together",
                {"WorkerType": "cloud", "CertIds": "1,2,3", "CurrentPage": "2", "ShowSize": "20"},
                method="POST", action="ListWorkerResource"),
        v1_case("control-characters", "NUL, other C0 controls and DEL are percent-encoded",
                {"Keyword": "a\u0000b\u0001c\u001fd\u007fe"}, action="ListWorkerResource"),
        v1_case("latin-and-combining", "Latin-1 letters, a combining accent and a non-breaking space",
                {"Keyword": "café e\u0301 Straße\u00a0x"}, action="ListWorkerResource"),
        v1_case("empty-secret", "an empty secret still keys HMAC with '&'", {"JobId": "1"}, secret=""),
        v1_case("vod-domain", "VOD DescribeVodDomainCertificateInfo with a wildcard-like domain",
                {"DomainName": "*.video.example.com"}, action="DescribeVodDomainCertificateInfo",
                version="2017-03-21"),
    ]


def v1_published():
    return {
        "name": "published-describe-regions",
        "description": "Alibaba's published V1 example: GET DescribeRegions with Format=XML",
        "method": "GET",
        "params": [
            ["AccessKeyId", "testid"],
            ["Action", "DescribeRegions"],
            ["Format", "XML"],
            ["SignatureMethod", "HMAC-SHA1"],
            ["SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"],
            ["SignatureVersion", "1.0"],
            ["Timestamp", "2016-02-23T12:46:24Z"],
            ["Version", "2014-05-26"],
        ],
        "access_key_id": "testid",
        "secret": "testsecret",
        "published_signature": "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
    }


def sha256_hex(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


EMPTY_SHA256 = sha256_hex("")


def v3_case(name, description, query, method="POST", action="DescribeDeploymentJob", version="2020-04-07",
            host="cas.aliyuncs.com", body="", extra_headers=(), secret=SECRET, access_key_id=AK_ID,
            canonical_uri="/", sdk_headers=True):
    hashed = sha256_hex(body)
    headers = []
    if sdk_headers:
        headers = [
            ["host", host],
            ["x-acs-version", version],
            ["x-acs-action", action],
            ["user-agent", "AlibabaCloud (Linux; x86_64) Python/3.11.2 Core/1.0.9 TeaDSL/2"],
            ["x-acs-date", TIMESTAMP],
            ["x-acs-signature-nonce", NONCE],
            ["accept", "application/json"],
            ["x-acs-content-sha256", hashed],
        ]
    headers += pairs(list(extra_headers))
    return {
        "name": name,
        "description": description,
        "method": method,
        "canonical_uri": canonical_uri,
        "query": pairs(query),
        "headers": headers,
        "body": body,
        "hashed_payload": hashed,
        "access_key_id": access_key_id,
        "secret": secret,
    }


def v3_cases():
    long_query = [["RegionId", "cn-hangzhou"], ["CurrentPage", "1"], ["ShowSize", "50"]]
    for index in range(1, 13):
        long_query.append([f"Tag.{index}.Key", f"env-{index}"])
        long_query.append([f"Tag.{index}.Value", f"value {index}/{index * 7}"])
    printable = "".join(chr(code) for code in range(0x20, 0x7F))
    form_body = "WorkerType=cloud&CertIds=1%2C2%2C3&CurrentPage=2&ShowSize=20"
    return [
        v3_case("basic-post", "DescribeDeploymentJob as the SDK sends it: POST /, JobId in the query, empty body",
                {"JobId": "12345"}),
        v3_case("basic-get", "the same over GET", {"JobId": "12345"}, method="GET"),
        v3_case("space", "a space is %20 in the canonical query", {"Keyword": "my cert name"},
                action="ListWorkerResource"),
        v3_case("asterisk", "* is %2A", {"Keyword": "*.example.com"}, action="ListWorkerResource"),
        v3_case("tilde", "~ stays", {"Keyword": "~user~"}, action="ListWorkerResource"),
        v3_case("slash", "/ is %2F in a query value", {"Keyword": "a/b/c"}, action="ListWorkerResource"),
        v3_case("plus", "+ is %2B", {"Keyword": "a+b"}, action="ListWorkerResource"),
        v3_case("equals", "= is %3D", {"Keyword": "a=b==c"}, action="ListWorkerResource"),
        v3_case("ampersand", "& is %26", {"Keyword": "a&b&&c"}, action="ListWorkerResource"),
        v3_case("percent", "% and escape look-alikes are encoded again", {"Keyword": "100% %20 %E4%B8%AD"},
                action="ListWorkerResource"),
        v3_case("cjk", "CJK query values", {"Keyword": "证书部署任务", "Remark": "日本語テキスト 한국어"},
                action="ListWorkerResource"),
        v3_case("emoji", "4-byte UTF-8, a ZWJ sequence and a flag", {"Keyword": "🔐👩‍💻🇨🇳"},
                action="ListWorkerResource"),
        v3_case("empty-values", "empty query values stay as Name=", {"Keyword": "", "Status": "", "CertId": "0"},
                action="ListWorkerResource"),
        v3_case("newline-tab", "newline, CR and tab in query values", {"Keyword": "a\nb\r\nc\td"},
                action="ListWorkerResource"),
        v3_case("sort-tag-numbers", "query names sort by bytes: Tag.10 before Tag.2",
                [["Tag.2.Key", "b"], ["Tag.10.Key", "c"], ["Tag.1.Value", "x"], ["Tag.1.Key", "a"]],
                action="ListWorkerResource"),
        v3_case("sort-case", "query names sort by bytes: B before a", [["a", "1"], ["B", "2"], ["b", "3"], ["A", "4"]],
                action="ListWorkerResource"),
        v3_case("secret-reserved", "a secret with & = + / (the HMAC key is the plain secret)", {"JobId": "42"},
                secret="s3cr&t=+/key&"),
        v3_case("sts-token", "STS credentials: x-acs-accesskey-id and x-acs-security-token are signed headers",
                {"JobId": "42"}, access_key_id="STS.NUexampleSTSKeyId0001",
                extra_headers=[["x-acs-accesskey-id", "STS.NUexampleSTSKeyId0001"],
                               ["x-acs-security-token", STS_TOKEN]]),
        v3_case("long-request", "27 query parameters", long_query, action="ListWorkerResource"),
        v3_case("printable-ascii", "every printable ASCII character in one query value", {"Keyword": printable},
                action="ListWorkerResource"),
        v3_case("post-form-body", "business parameters in a form body: its SHA-256 is the payload hash",
                {}, body=form_body, action="ListWorkerResource",
                extra_headers=[["content-type", "application/x-www-form-urlencoded"]]),
        v3_case("json-body", "a JSON body with non-ASCII text", {"RegionId": "cn-hangzhou"},
                body='{"Name":"证书","Tags":[{"Key":"a b","Value":"*"}]}',
                extra_headers=[["content-type", "application/json; charset=utf-8"]]),
        v3_case("header-case-and-spaces", "header names are lowercased and values trimmed (outer whitespace only)",
                {"JobId": "1"}, sdk_headers=False,
                extra_headers=[["Host", "cas.aliyuncs.com"], ["X-Acs-Action", " DescribeDeploymentJob\t"],
                               ["X-ACS-Version", "2020-04-07"], ["x-acs-date", TIMESTAMP],
                               ["x-acs-signature-nonce", NONCE], ["x-acs-content-sha256", EMPTY_SHA256],
                               ["X-Custom", "  inner  spaces kept  "]]),
        v3_case("header-repeated-name", "names equal after lowercasing are joined with ',' after sorting values",
                {"JobId": "1"}, extra_headers=[["X-Acs-Extra", "b-value"], ["x-acs-extra", "a-value"]]),
        v3_case("header-python-whitespace", "values are stripped as Python strips: U+001C..U+001F and U+3000 too",
                {"JobId": "1"}, extra_headers=[["x-acs-note", "\u001c\u3000note\u00a0\u001f"]]),
        v3_case("header-unicode-value", "a non-ASCII header value is signed as UTF-8",
                {"JobId": "1"}, extra_headers=[["x-acs-remark", "证书 ✓"]]),
        v3_case("no-query", "no query at all: an empty canonical query line", {}, method="POST"),
        v3_case("vod-domain", "VOD DescribeVodDomainCertificateInfo on the Shanghai endpoint",
                {"DomainName": "*.video.example.com"}, action="DescribeVodDomainCertificateInfo",
                version="2017-03-21", host="vod.cn-shanghai.aliyuncs.com"),
        v3_case("path-uri", "a canonical URI other than / is used as given", {"a": "1"},
                canonical_uri="/v1/certs/abc~1", method="GET"),
    ]


def v3_published():
    hashed = EMPTY_SHA256
    return {
        "name": "published-run-instances",
        "description": "Alibaba's published V3 example: POST / to ECS RunInstances with an empty body",
        "method": "POST",
        "canonical_uri": "/",
        "query": [["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"], ["RegionId", "cn-shanghai"]],
        "headers": [
            ["host", "ecs.cn-shanghai.aliyuncs.com"],
            ["x-acs-action", "RunInstances"],
            ["x-acs-version", "2014-05-26"],
            ["x-acs-date", "2023-10-26T10:22:32Z"],
            ["x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"],
            ["x-acs-content-sha256", hashed],
        ],
        "body": "",
        "hashed_payload": hashed,
        "access_key_id": "YourAccessKeyId",
        "secret": "YourAccessKeySecret",
        "published_signature": "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
    }


UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def v1_vector(case, published):
    expected = sign_live.official_v1(case["method"], case["params"], case["secret"])
    inputs = {"params": case["params"], "access_key_id": case["access_key_id"], "access_key_secret": case["secret"]}
    if "common" in case:
        inputs["common"] = case["common"]
    vector = {
        "source": published or f"{OPENAPI} Utils.get_rpcsignature",
        "description": case["description"],
        "method": case["method"],
        "inputs": inputs,
        "expected": expected,
        "stages_from": dict(V1_STAGES_FROM),
        "sdk": sign_live.sdk_versions(),
    }
    if published:
        if expected["signature"] != case["published_signature"]:
            raise SystemExit(f"the SDK does not reproduce the published V1 signature: {expected['signature']}")
        vector["stages_from"]["signature"] = "published; the SDK's Utils.get_rpcsignature reproduces it"
    return vector


def v3_vector(case, published):
    for name, _ in case["query"]:
        # The SDK leaves query names unencoded where Alibaba's docs (and alicert) encode them: vectors stay where the
        # two agree.
        if not set(name) <= UNRESERVED:
            raise SystemExit(f"V3 case {case['name']}: query name {name!r} needs encoding; see sign/v3.rs")
    if sha256_hex(case["body"]) != case["hashed_payload"]:
        raise SystemExit(f"V3 case {case['name']}: hashed_payload is not the body's SHA-256")
    expected = sign_live.official_v3(
        case["method"], case["canonical_uri"], case["query"], case["headers"], case["hashed_payload"],
        case["access_key_id"], case["secret"],
    )
    vector = {
        "source": published or f"{OPENAPI} Utils.get_authorization",
        "description": case["description"],
        "method": case["method"],
        "inputs": {
            "canonical_uri": case["canonical_uri"],
            "query": case["query"],
            "headers": case["headers"],
            "body": case["body"],
            "hashed_payload": case["hashed_payload"],
            "access_key_id": case["access_key_id"],
            "access_key_secret": case["secret"],
        },
        "expected": expected,
        "stages_from": dict(V3_STAGES_FROM),
        "sdk": sign_live.sdk_versions(),
    }
    if published:
        if expected["signature"] != case["published_signature"]:
            raise SystemExit(f"the SDK does not reproduce the published V3 signature: {expected['signature']}")
        vector["stages_from"]["signature"] = "published; the SDK's Utils.get_authorization reproduces it"
    return vector


# A two-string array (a name/value pair) as json.dumps(indent=2) spreads it over four lines. JSON strings hold no raw
# newline, so the pattern cannot match across strings.
_PAIR = re.compile(r'\[\n\s+("(?:[^"\\]|\\.)*"),\n\s+("(?:[^"\\]|\\.)*")\n\s+\]')


def render(vector) -> str:
    """Pretty JSON with each name/value pair on one line; the same bytes on every run."""
    text = json.dumps(vector, ensure_ascii=False, indent=2)
    text = _PAIR.sub(lambda match: f"[{match.group(1)}, {match.group(2)}]", text)
    if json.loads(text) != vector:
        raise SystemExit("internal error: compacting the JSON changed its meaning")
    return text + "\n"


def all_files() -> dict:
    files = {}
    published_v1 = "published: Alibaba Cloud API reference, signature method for RPC APIs (V1), signature example"
    published_v3 = "published: Alibaba Cloud API reference, v3-request-structure-and-signature, signature example"
    for folder, published_case, cases, make, published_source in (
        ("v1", v1_published(), v1_cases(), v1_vector, published_v1),
        ("v3", v3_published(), v3_cases(), v3_vector, published_v3),
    ):
        files[f"{folder}/00-{published_case['name']}.json"] = render(make(published_case, published_source))
        for number, case in enumerate(cases, start=1):
            files[f"{folder}/{number:02d}-{case['name']}.json"] = render(make(case, None))
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if any file is stale")
    args = parser.parse_args()

    files = all_files()
    existing = {
        str(path.relative_to(VECTORS)): path
        for folder in ("v1", "v3")
        for path in sorted((VECTORS / folder).glob("*.json"))
    }
    stale = sorted(name for name, text in files.items()
                   if name not in existing or existing[name].read_text(encoding="utf-8") != text)
    extra = sorted(set(existing) - set(files))
    if args.check:
        for name in stale:
            print(f"stale or missing: tests/vectors/{name}", file=sys.stderr)
        for name in extra:
            print(f"not generated any more: tests/vectors/{name}", file=sys.stderr)
        if stale or extra:
            print("run: .venv/bin/python tools/python/gen_vectors.py", file=sys.stderr)
            return 1
        return 0
    for name in extra:
        existing[name].unlink()
    for name, text in files.items():
        path = VECTORS / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name in stale:
            path.write_text(text, encoding="utf-8")
    counts = {folder: sum(1 for name in files if name.startswith(folder + "/")) for folder in ("v1", "v3")}
    print(f"vectors: {counts['v1']} v1, {counts['v3']} v3; {len(stale)} written, {len(extra)} removed",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

//! The endpoint rules of the specs (`info.x-alicert-endpoints`, generated into `products::PRODUCTS`) against the
//! official Python product clients, live: `tools/python/sign_live.py` asks `alibabacloud_cas20200407` and
//! `alibabacloud_vod20170321` for their `_endpoint_map` and for the endpoint of sample regions, and every answer must
//! be ours. A spec whose map was mistyped, or an SDK release that moved a region, fails here. The venv is required:
//! without it this test fails and says how to create it.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use alicert_api::products;
use serde_json::{Value, json};

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the official SDK over `requests`; panics with what to do when the venv is missing or the script fails.
fn run_python(requests: &[Value]) -> Vec<Value> {
    let python = std::env::var_os("ALICERT_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository().join(".venv/bin/python"));
    assert!(
        python.exists(),
        "the official Python SDK is needed for this test but {} does not exist: run tools/python/setup.sh from the \
         repository root (or set ALICERT_PYTHON)",
        python.display()
    );
    let mut child = Command::new(&python)
        .arg(repository().join("tools/python/sign_live.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", python.display()));
    let input = serde_json::to_vec(requests).expect("cases serialize");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("sign_live.py runs");
    writer.join().expect("stdin writer").expect("write cases");
    assert!(
        output.status.success(),
        "sign_live.py failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_slice(&output.stdout).expect("sign_live.py prints JSON");
    answer["results"]
        .as_array()
        .expect("a results array")
        .clone()
}

/// The products the official Python packages of `tools/python/requirements.txt` cover.
const OFFICIAL: [&str; 2] = ["cas", "vod"];

#[test]
fn the_specs_maps_are_the_official_clients_maps() {
    let requests: Vec<Value> = OFFICIAL
        .iter()
        .map(|code| json!({"id": code, "kind": "endpoint_map", "product": code}))
        .collect();
    let mut checked = 0;
    for (code, result) in OFFICIAL.iter().zip(run_python(&requests)) {
        let product = products::find(code).expect("the product has a spec");
        let official = result["map"]
            .as_object()
            .unwrap_or_else(|| panic!("no map for {code}: {result}"));
        let ours: Vec<(&str, &str)> = product.endpoints.regions.to_vec();
        let theirs: Vec<(&str, &str)> = official
            .iter()
            .map(|(region, host)| (region.as_str(), host.as_str().unwrap_or("")))
            .collect();
        assert_eq!(
            ours, theirs,
            "{code}: the spec's x-alicert-endpoints.regions differ from the official client's _endpoint_map"
        );
        checked += ours.len();
    }
    assert!(checked > 100, "only {checked} regions checked");
}

#[test]
fn regions_resolve_as_the_official_clients_resolve_them() {
    let regions = [
        "cn-hangzhou",
        "cn-shanghai",
        "cn-beijing",
        "cn-hongkong",
        "ap-southeast-1",
        "ap-southeast-3",
        "ap-southeast-5",
        "eu-central-1",
        "eu-west-1",
        "us-west-1",
        "me-central-1",
        "cn-shanghai-finance-1",
        "xx-nowhere-9",
    ];
    let mut requests = Vec::new();
    for code in OFFICIAL {
        for region in regions {
            requests.push(json!({"id": format!("{code} {region}"), "kind": "endpoint", "product": code, "region": region}));
        }
    }
    let results = run_python(&requests);
    assert_eq!(results.len(), requests.len());
    for (request, official) in requests.iter().zip(results) {
        let code = request["product"].as_str().unwrap();
        let region = request["region"].as_str().unwrap();
        let ours = products::find(code)
            .unwrap()
            .endpoints
            .resolve(region)
            .unwrap_or_else(|error| panic!("{code} {region}: {error}"));
        assert_eq!(
            Some(ours.host()),
            official["host"].as_str(),
            "{code} {region}: {official}"
        );
    }
}

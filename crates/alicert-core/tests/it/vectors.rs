//! Known-answer vectors, one JSON file per case in `tests/vectors/v1/` and `tests/vectors/v3/`, written by
//! `tools/python/gen_vectors.py` from the official SDK (and two published examples). Every stage is compared on its
//! own, so a failure names the file and the stage that broke; all failures are collected before the test fails.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use alicert_core::sign::{v1, v3};
use alicert_core::time::parse_iso8601;
use serde::Deserialize;

/// Fewer files than this means the directory was lost, not that the cases shrank on purpose.
const MIN_VECTORS_PER_VERSION: usize = 23;

#[derive(Debug, Deserialize)]
pub struct V1Vector {
    pub source: String,
    pub description: String,
    pub method: String,
    pub inputs: V1Inputs,
    pub expected: V1Expected,
}

#[derive(Debug, Deserialize)]
pub struct V1Inputs {
    pub params: Vec<(String, String)>,
    pub access_key_id: String,
    pub access_key_secret: String,
    pub common: Option<V1Common>,
}

/// What `v1::common_params` was called with to produce the first parameters.
#[derive(Debug, Deserialize)]
pub struct V1Common {
    pub action: String,
    pub version: String,
    pub access_key_id: String,
    pub security_token: Option<String>,
    pub timestamp: String,
    pub nonce: String,
}

#[derive(Debug, Deserialize)]
pub struct V1Expected {
    pub canonical_query: String,
    pub string_to_sign: String,
    pub signature: String,
}

#[derive(Debug, Deserialize)]
pub struct V3Vector {
    pub source: String,
    pub description: String,
    pub method: String,
    pub inputs: V3Inputs,
    pub expected: V3Expected,
}

#[derive(Debug, Deserialize)]
pub struct V3Inputs {
    pub canonical_uri: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub hashed_payload: String,
    pub access_key_id: String,
    pub access_key_secret: String,
}

#[derive(Debug, Deserialize)]
pub struct V3Expected {
    pub canonical_request: String,
    pub hashed_canonical_request: String,
    pub string_to_sign: String,
    pub signed_headers: String,
    pub signature: String,
    pub authorization: String,
}

fn vector_dir(version: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(version)
}

/// Every `*.json` in `tests/vectors/<version>/`, sorted, parsed; panics naming the file that does not parse.
pub fn load<T: for<'de> Deserialize<'de>>(version: &str) -> Vec<(String, T)> {
    let dir = vector_dir(version);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = format!("{version}/{}", path.file_name().unwrap().to_string_lossy());
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("cannot read {name}: {error}"));
            let vector = serde_json::from_str(&text)
                .unwrap_or_else(|error| panic!("{name} does not parse: {error}"));
            (name, vector)
        })
        .collect()
}

pub fn pairs(owned: &[(String, String)]) -> Vec<(&str, &str)> {
    owned
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

/// Collects stage mismatches; `finish` fails with all of them.
#[derive(Default)]
struct Failures(String, usize);

impl Failures {
    fn stage(&mut self, file: &str, stage: &str, actual: &str, expected: &str) {
        if actual != expected {
            self.1 += 1;
            let _ = writeln!(
                self.0,
                "{file}: stage {stage} differs\n  ours:     {actual:?}\n  expected: {expected:?}"
            );
        }
    }

    fn fact(&mut self, file: &str, what: &str, holds: bool) {
        if !holds {
            self.1 += 1;
            let _ = writeln!(self.0, "{file}: {what}");
        }
    }

    fn finish(self, checked: usize) {
        assert!(
            self.1 == 0,
            "{} failure(s) in {checked} vector file(s):\n{}",
            self.1,
            self.0
        );
    }
}

fn check_source(failures: &mut Failures, file: &str, source: &str, description: &str) {
    failures.fact(
        file,
        "source must start with \"published: \" or \"alibabacloud-tea-openapi==\"",
        source.starts_with("published: ") || source.starts_with("alibabacloud-tea-openapi=="),
    );
    failures.fact(file, "description is empty", !description.trim().is_empty());
}

#[test]
fn v1_vectors() {
    let vectors = load::<V1Vector>("v1");
    assert!(
        vectors.len() >= MIN_VECTORS_PER_VERSION,
        "only {} V1 vectors in {}; regenerate with tools/python/gen_vectors.py",
        vectors.len(),
        vector_dir("v1").display()
    );
    assert!(
        vectors
            .iter()
            .any(|(_, vector)| vector.source.starts_with("published: ")),
        "the published V1 example is missing"
    );
    let mut failures = Failures::default();
    for (file, vector) in &vectors {
        check_source(&mut failures, file, &vector.source, &vector.description);
        let inputs = &vector.inputs;
        let stages = v1::sign(
            &vector.method,
            &pairs(&inputs.params),
            &inputs.access_key_secret,
        );
        failures.stage(
            file,
            "canonical_query",
            &stages.canonical_query,
            &vector.expected.canonical_query,
        );
        failures.stage(
            file,
            "string_to_sign",
            &stages.string_to_sign,
            &vector.expected.string_to_sign,
        );
        failures.stage(
            file,
            "signature",
            &stages.signature,
            &vector.expected.signature,
        );
        failures.fact(
            file,
            "inputs.access_key_id is not the AccessKeyId parameter",
            inputs
                .params
                .iter()
                .any(|(name, value)| name == "AccessKeyId" && *value == inputs.access_key_id),
        );

        if let Some(common) = &inputs.common {
            let Some(timestamp) = parse_iso8601(&common.timestamp) else {
                failures.fact(file, "common.timestamp does not parse", false);
                continue;
            };
            let built = v1::common_params(
                &common.action,
                &common.version,
                &common.access_key_id,
                common.security_token.as_deref(),
                timestamp,
                &common.nonce,
            );
            let built: Vec<(String, String)> = built
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect();
            let prefix = inputs.params.get(..built.len()).unwrap_or_default();
            failures.fact(
                file,
                &format!(
                    "stage common_params differs\n  ours:     {built:?}\n  expected: {prefix:?}"
                ),
                built == prefix,
            );
        }
    }
    failures.finish(vectors.len());
}

#[test]
fn v3_vectors() {
    let vectors = load::<V3Vector>("v3");
    assert!(
        vectors.len() >= MIN_VECTORS_PER_VERSION,
        "only {} V3 vectors in {}; regenerate with tools/python/gen_vectors.py",
        vectors.len(),
        vector_dir("v3").display()
    );
    assert!(
        vectors
            .iter()
            .any(|(_, vector)| vector.source.starts_with("published: ")),
        "the published V3 example is missing"
    );
    let mut failures = Failures::default();
    for (file, vector) in &vectors {
        check_source(&mut failures, file, &vector.source, &vector.description);
        let inputs = &vector.inputs;
        failures.stage(
            file,
            "hash_payload(body)",
            &v3::hash_payload(inputs.body.as_bytes()),
            &inputs.hashed_payload,
        );
        let query = pairs(&inputs.query);
        let headers = pairs(&inputs.headers);
        let input = v3::V3Input {
            method: &vector.method,
            canonical_uri: &inputs.canonical_uri,
            query: &query,
            headers: &headers,
            hashed_payload: &inputs.hashed_payload,
        };
        let stages = v3::sign(&input, &inputs.access_key_id, &inputs.access_key_secret);
        let expected = &vector.expected;
        failures.stage(
            file,
            "canonical_request",
            &stages.canonical_request,
            &expected.canonical_request,
        );
        failures.stage(
            file,
            "hashed_canonical_request",
            &stages.hashed_canonical_request,
            &expected.hashed_canonical_request,
        );
        failures.stage(
            file,
            "string_to_sign",
            &stages.string_to_sign,
            &expected.string_to_sign,
        );
        failures.stage(
            file,
            "signed_headers",
            &stages.signed_headers,
            &expected.signed_headers,
        );
        failures.stage(file, "signature", &stages.signature, &expected.signature);
        failures.stage(
            file,
            "authorization",
            &stages.authorization,
            &expected.authorization,
        );

        match v3::parse_authorization(&expected.authorization) {
            Some(parsed) => {
                failures.stage(
                    file,
                    "parse_authorization access_key_id",
                    &parsed.access_key_id,
                    &inputs.access_key_id,
                );
                failures.stage(
                    file,
                    "parse_authorization signed_headers",
                    &parsed.signed_headers.join(";"),
                    &expected.signed_headers,
                );
                failures.stage(
                    file,
                    "parse_authorization signature",
                    &parsed.signature,
                    &expected.signature,
                );
            }
            None => failures.fact(
                file,
                "parse_authorization rejects the expected Authorization",
                false,
            ),
        }
    }
    failures.finish(vectors.len());
}

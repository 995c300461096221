//! Our signer against the official Python SDK, live: `tools/python/sign_live.py` signs the same cases with the SDK's
//! own functions and prints every stage. The cases are every known-answer vector's inputs plus a few hundred random
//! awkward ones from a fixed seed (so a failure reproduces). The endpoint maps, which are spec data, are checked
//! against the official clients in `alicert-api`'s `official_endpoints`. The venv is required: without it this
//! test fails and says how to create it.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use alicert_core::sign::{v1, v3};
use serde_json::{Value, json};

use crate::vectors::{V1Vector, V3Vector, load, pairs};

const SEED: u64 = 0x5eed_a11c_e270_0001;
const RANDOM_V1_CASES: usize = 150;
const RANDOM_V3_CASES: usize = 150;

fn python() -> PathBuf {
    if let Some(explicit) = std::env::var_os("ALICERT_PYTHON") {
        return PathBuf::from(explicit);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python")
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tools/python/sign_live.py")
}

/// SplitMix64: a tiny deterministic generator, enough to pick awkward characters reproducibly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Characters that have broken signers: reserved and unreserved ASCII, controls, Python-only whitespace, non-BMP.
const AWKWARD: &[char] = &[
    'a',
    'Z',
    '0',
    '9',
    '-',
    '_',
    '.',
    '~',
    ' ',
    '!',
    '"',
    '#',
    '$',
    '%',
    '&',
    '\'',
    '(',
    ')',
    '*',
    '+',
    ',',
    '/',
    ':',
    ';',
    '<',
    '=',
    '>',
    '?',
    '@',
    '[',
    '\\',
    ']',
    '^',
    '`',
    '{',
    '|',
    '}',
    '\0',
    '\t',
    '\n',
    '\r',
    '\u{b}',
    '\u{1c}',
    '\u{1f}',
    '\u{7f}',
    '\u{85}',
    '\u{a0}',
    'é',
    'ß',
    '\u{301}',
    '中',
    '証',
    '한',
    '\u{200d}',
    '\u{2028}',
    '\u{3000}',
    '\u{feff}',
    '😀',
    '🇨',
    '\u{10ffff}',
];
const UNRESERVED: &[char] = &[
    'a', 'b', 'B', 'Z', '0', '1', '2', '9', '-', '_', '.', '~', 'T', 'g',
];
const TOKEN: &[char] = &['a', 'c', 's', 'x', 'A', 'C', 'S', 'X', '-', '0', '7'];

fn text(rng: &mut Rng, alphabet: &[char], max_len: usize) -> String {
    let len = rng.below(max_len + 1);
    (0..len).map(|_| *rng.pick(alphabet)).collect()
}

/// Names unique within a case (the SDK takes dicts).
fn unique_pairs(
    rng: &mut Rng,
    count: usize,
    name_alphabet: &[char],
    name_len: usize,
    min_name_len: usize,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(count);
    while out.len() < count {
        let mut name = text(rng, name_alphabet, name_len);
        while name.chars().count() < min_name_len {
            name.push(*rng.pick(name_alphabet));
        }
        if out.iter().any(|(existing, _)| *existing == name) {
            continue;
        }
        let value = text(rng, AWKWARD, 24);
        out.push((name, value));
    }
    out
}

struct Case {
    id: String,
    request: Value,
    /// Our stages in pipeline order, so the first difference reported is the earliest stage that broke.
    ours: Vec<(&'static str, String)>,
}

fn v1_case(id: String, method: &str, params: &[(String, String)], secret: &str) -> Case {
    let stages = v1::sign(method, &pairs(params), secret);
    Case {
        request: json!({"id": id, "kind": "v1", "method": method, "params": params, "access_key_secret": secret}),
        ours: vec![
            ("canonical_query", stages.canonical_query),
            ("string_to_sign", stages.string_to_sign),
            ("signature", stages.signature),
        ],
        id,
    }
}

#[allow(clippy::too_many_arguments)]
fn v3_case(
    id: String,
    method: &str,
    canonical_uri: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    hashed_payload: &str,
    access_key_id: &str,
    secret: &str,
) -> Case {
    let query_refs = pairs(query);
    let header_refs = pairs(headers);
    let input = v3::V3Input {
        method,
        canonical_uri,
        query: &query_refs,
        headers: &header_refs,
        hashed_payload,
    };
    let stages = v3::sign(&input, access_key_id, secret);
    Case {
        request: json!({
            "id": id, "kind": "v3", "method": method, "canonical_uri": canonical_uri, "query": query,
            "headers": headers, "hashed_payload": hashed_payload, "access_key_id": access_key_id,
            "access_key_secret": secret,
        }),
        ours: vec![
            ("canonical_request", stages.canonical_request),
            ("signed_headers", stages.signed_headers),
            ("hashed_canonical_request", stages.hashed_canonical_request),
            ("string_to_sign", stages.string_to_sign),
            ("signature", stages.signature),
            ("authorization", stages.authorization),
        ],
        id,
    }
}

fn all_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (file, vector) in load::<V1Vector>("v1") {
        cases.push(v1_case(
            file,
            &vector.method,
            &vector.inputs.params,
            &vector.inputs.access_key_secret,
        ));
    }
    for (file, vector) in load::<V3Vector>("v3") {
        let inputs = &vector.inputs;
        cases.push(v3_case(
            file,
            &vector.method,
            &inputs.canonical_uri,
            &inputs.query,
            &inputs.headers,
            &inputs.hashed_payload,
            &inputs.access_key_id,
            &inputs.access_key_secret,
        ));
    }

    let mut rng = Rng(SEED);
    for index in 0..RANDOM_V1_CASES {
        let count = rng.below(31);
        // V1 encodes names like values in the SDK too, so names may be anything (even empty).
        let params = unique_pairs(&mut rng, count, AWKWARD, 8, 0);
        let method = *rng.pick(&["GET", "POST"]);
        let secret = text(&mut rng, AWKWARD, 40);
        cases.push(v1_case(
            format!("random v1 #{index} (seed {SEED:#x})"),
            method,
            &params,
            &secret,
        ));
    }
    for index in 0..RANDOM_V3_CASES {
        let count = rng.below(12);
        // The SDK leaves V3 query names unencoded where we (and Alibaba's docs) encode them: stay where both agree.
        let query = unique_pairs(&mut rng, count, UNRESERVED, 8, 1);
        let header_count = rng.below(10);
        // Header names are ASCII tokens; repeats that differ only in case are grouped by both sides.
        let headers = unique_pairs(&mut rng, header_count, TOKEN, 6, 1);
        let body = text(&mut rng, AWKWARD, 64);
        let hashed_payload = v3::hash_payload(body.as_bytes());
        let method = *rng.pick(&["GET", "POST"]);
        let uri = *rng.pick(&["/", "/", "", "/v1/x~y"]);
        let secret = text(&mut rng, AWKWARD, 40);
        let access_key_id = text(&mut rng, UNRESERVED, 24);
        cases.push(v3_case(
            format!("random v3 #{index} (seed {SEED:#x})"),
            method,
            uri,
            &query,
            &headers,
            &hashed_payload,
            &access_key_id,
            &secret,
        ));
    }

    cases
}

/// Runs the official SDK over `requests`; panics with what to do when the venv is missing or the script fails.
fn run_python(requests: &[Value]) -> Value {
    let python = python();
    assert!(
        python.exists(),
        "the official Python SDK is needed for this test but {} does not exist: run tools/python/setup.sh from the \
         repository root (or set ALICERT_PYTHON to a python with tools/python/requirements.txt installed)",
        python.display()
    );
    let mut child = Command::new(&python)
        .arg(script())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| {
            panic!(
                "cannot start {}: {error}; run tools/python/setup.sh",
                python.display()
            )
        });
    let input = serde_json::to_vec(requests).expect("cases serialize");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("sign_live.py runs");
    writer
        .join()
        .expect("stdin writer")
        .expect("write cases to sign_live.py");
    assert!(
        output.status.success(),
        "sign_live.py failed ({}); if the SDK is missing, run tools/python/setup.sh\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "sign_live.py printed something that is not JSON: {error}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn signatures_match_the_official_python_sdk() {
    let cases = all_cases();
    let requests: Vec<Value> = cases.iter().map(|case| case.request.clone()).collect();
    let answer = run_python(&requests);
    let results = answer["results"].as_array().expect("a results array");
    assert_eq!(
        results.len(),
        cases.len(),
        "sign_live.py answered a different number of cases"
    );

    let mut failures = Vec::new();
    for (case, official) in cases.iter().zip(results) {
        assert_eq!(
            official["id"].as_str(),
            Some(case.id.as_str()),
            "answers out of order"
        );
        if let Some(error) = official.get("error") {
            failures.push(format!("{}: the SDK raised {error}", case.id));
            continue;
        }
        let differing: Vec<&str> = case
            .ours
            .iter()
            .filter(|(stage, ours)| {
                official.get(*stage).and_then(Value::as_str) != Some(ours.as_str())
            })
            .map(|(stage, _)| *stage)
            .collect();
        if let Some(first) = differing.first() {
            let ours = &case
                .ours
                .iter()
                .find(|(stage, _)| stage == first)
                .expect("stage")
                .1;
            failures.push(format!(
                "{}: stages {} differ; first {first}\n  ours:     {ours:?}\n  official: {}\n  case:     {}",
                case.id,
                differing.join(", "),
                official.get(*first).unwrap_or(&Value::Null),
                case.request
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from the official SDK ({}):\n{}",
        failures.len(),
        cases.len(),
        answer["sdk"],
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The vector files are exactly what `gen_vectors.py` writes today (it writes nothing with `--check`).
#[test]
fn vectors_are_fresh() {
    let python = python();
    assert!(
        python.exists(),
        "the official Python SDK is needed for this test but {} does not exist: run tools/python/setup.sh",
        python.display()
    );
    let generator =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tools/python/gen_vectors.py");
    let output = Command::new(&python)
        .arg(generator)
        .arg("--check")
        .output()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", python.display()));
    assert!(
        output.status.success(),
        "tests/vectors is out of date with tools/python/gen_vectors.py ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

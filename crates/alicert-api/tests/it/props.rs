//! Property tests of decoding, run in CI: arbitrary JSON (objects keyed mostly by the spec's own field names, so the
//! generator reaches nested types, with values of every JSON type and the enum and timestamp forms the service
//! uses) decodes into every generated response type or fails with an error, never a panic, and what decodes
//! re-encodes and decodes to the same value. Error parsing: any bytes with any status give an `Error` whose
//! `Display` is one line and whose excerpt is short, and the runtime's normalised error body always decodes into
//! both generated `ErrorResponse` types and converts back to an `Error` with the status and code intact.

use std::collections::BTreeSet;

use alicert_api::{Error, cas, vod};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::header::{HeaderMap, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::support::spec;

/// Every property name the two specs use anywhere.
fn field_names() -> Vec<String> {
    fn collect(value: &Value, names: &mut BTreeSet<String>) {
        match value {
            Value::Object(object) => {
                if let Some(Value::Object(properties)) = object.get("properties") {
                    names.extend(properties.keys().cloned());
                }
                object.values().for_each(|value| collect(value, names));
            }
            Value::Array(items) => items.iter().for_each(|value| collect(value, names)),
            _ => {}
        }
    }
    let mut names = BTreeSet::new();
    for file in ["cas-2020-04-07.yaml", "vod-2017-03-21.yaml"] {
        collect(&spec(file), &mut names);
    }
    assert!(names.len() > 40, "the specs name their fields: {names:?}");
    names.into_iter().collect()
}

fn json(names: Vec<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        "[0-9]{0,20}".prop_map(Value::from),
        prop::sample::select(vec![
            "success",
            "error",
            "processing",
            "paused",
            "rollback_success",
            "SLB",
            "CDN",
            "buy",
            "upload",
            "free",
            "on",
            "off",
            "1679541809000",
            "-1",
            "1e3",
            "true",
            "",
        ])
        .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    let key = prop_oneof![
        4 => prop::sample::select(names),
        1 => "[A-Za-z]{1,8}",
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..10)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Values shaped by a spec schema: mostly of the right type (so decoding reaches nested types and enums), now and
/// then of a wrong one or left out, with an unknown field here and there. `$ref`s resolve against `root`.
fn from_schema(root: &Value, schema: &Value, depth: u32) -> BoxedStrategy<Value> {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap_or_default();
            &root["components"]["schemas"][name]
        }
        None => schema,
    };
    let any_leaf = || {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "\\PC{0,8}".prop_map(Value::from),
        ]
    };
    let typed: BoxedStrategy<Value> = match schema.get("type").and_then(Value::as_str) {
        Some("object") if depth < 4 => {
            let mut fields: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
            if let Some(Value::Object(properties)) = schema.get("properties") {
                for (name, property) in properties {
                    let name = name.clone();
                    fields.push(
                        prop::option::weighted(0.8, from_schema(root, property, depth + 1))
                            .prop_map(move |value| value.map(|value| (name.clone(), value)))
                            .boxed(),
                    );
                }
            }
            fields.push(prop::option::weighted(0.2, ("NewField[A-Z]{0,3}", any_leaf())).boxed());
            fields
                .prop_map(|fields| Value::Object(fields.into_iter().flatten().collect()))
                .boxed()
        }
        Some("array") if depth < 4 => {
            prop::collection::vec(from_schema(root, &schema["items"], depth + 1), 0..4)
                .prop_map(Value::Array)
                .boxed()
        }
        Some("string") => match schema.get("enum").and_then(Value::as_array) {
            Some(values) => {
                let mut values: Vec<Value> = values.clone();
                values.push(Value::from("value-from-the-future"));
                prop::sample::select(values).boxed()
            }
            None if schema.get("x-alicert-wire").is_some() => prop_oneof![
                "-?[0-9]{1,14}".prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                "\\PC{0,6}".prop_map(Value::from),
            ]
            .boxed(),
            None => "\\PC{0,16}".prop_map(Value::from).boxed(),
        },
        Some("integer") => prop_oneof![
            any::<i32>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "-?[0-9]{1,12}".prop_map(Value::from),
        ]
        .boxed(),
        Some("boolean") => prop_oneof![
            any::<bool>().prop_map(Value::from),
            prop::sample::select(vec!["true", "false", "1", "0"]).prop_map(Value::from),
        ]
        .boxed(),
        Some("number") => any::<i32>().prop_map(Value::from).boxed(),
        _ => any_leaf().boxed(),
    };
    prop_oneof![9 => typed, 1 => any_leaf()].boxed()
}

/// One schema-shaped strategy per response type of both specs (200 answers and the error body).
fn response_values() -> BoxedStrategy<Value> {
    let mut strategies = Vec::new();
    for file in ["cas-2020-04-07.yaml", "vod-2017-03-21.yaml"] {
        let root = spec(file);
        let mut schemas = vec![root["components"]["schemas"]["ErrorResponse"].clone()];
        for path in root["paths"].as_object().expect("paths").values() {
            schemas.push(
                path["post"]["responses"]["200"]["content"]["application/json"]["schema"].clone(),
            );
        }
        for schema in schemas {
            assert!(!schema.is_null(), "{file}: a response without a schema");
            strategies.push(from_schema(&root, &schema, 0));
        }
    }
    proptest::strategy::Union::new(strategies).boxed()
}

/// Decoding `value` as `T` never panics; a decoded value re-encodes to JSON that decodes to the same value.
fn decodes_or_fails<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    value: &Value,
) -> Result<(), TestCaseError> {
    let text = value.to_string();
    let from_text = serde_json::from_str::<T>(&text);
    let from_value = serde_json::from_value::<T>(value.clone());
    prop_assert_eq!(
        from_text.is_ok(),
        from_value.is_ok(),
        "text and value decode alike"
    );
    if let Ok(typed) = from_text {
        let again: T =
            serde_json::from_value(serde_json::to_value(&typed).unwrap()).map_err(|error| {
                TestCaseError::fail(format!("re-encoded value does not decode: {error}"))
            })?;
        prop_assert_eq!(again, typed);
    }
    Ok(())
}

const CASES: u32 = 1500;

#[test]
fn every_response_type_decodes_arbitrary_json_without_panicking() {
    let names = field_names();
    let mut runner = TestRunner::new(Config::with_cases(CASES));
    // The generator must reach past the top level: count decoded listings that carry a worker.
    let workers_decoded = std::sync::atomic::AtomicUsize::new(0);
    let values = prop_oneof![3 => response_values(), 1 => json(names).boxed()];
    runner
        .run(&values, |value| {
            if serde_json::from_value::<cas::types::ListWorkerResourceResponse>(value.clone())
                .is_ok_and(|listing| !listing.data.is_empty())
            {
                workers_decoded.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            decodes_or_fails::<cas::types::DescribeDeploymentJobResponse>(&value)?;
            decodes_or_fails::<cas::types::DescribeDeploymentJobStatusResponse>(&value)?;
            decodes_or_fails::<cas::types::ListDeploymentJobCertResponse>(&value)?;
            decodes_or_fails::<cas::types::ListWorkerResourceResponse>(&value)?;
            decodes_or_fails::<cas::types::ErrorResponse>(&value)?;
            decodes_or_fails::<vod::types::DescribeVodDomainCertificateInfoResponse>(&value)?;
            decodes_or_fails::<vod::types::ErrorResponse>(&value)?;
            Ok(())
        })
        .unwrap();
    assert!(
        workers_decoded.into_inner() > 0,
        "no generated value decoded into a listing with workers: the generator is too shallow"
    );
}

fn headers(request_id: &str, retry_after: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-acs-request-id", value);
    }
    if let Ok(value) = HeaderValue::from_str(retry_after) {
        headers.insert("x-acs-retry-after", value);
    }
    headers
}

/// The error is parsed once, from the bytes: each field of Alibaba's shape comes through as sent (a string as it is,
/// any other value as its JSON text), except that what quotes a credential is redacted.
fn fields_as_sent(status: u16, headers: &HeaderMap, body: &[u8]) -> Result<(), TestCaseError> {
    let error = Error::service(status, headers, body);
    prop_assert_eq!(error.status(), Some(status));
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return Ok(());
    };
    let quotes_credential = |text: &str| {
        [
            "Signature",
            "SecurityToken",
            "BearerToken",
            "x-acs-security-token",
        ]
        .iter()
        .any(|marker| text.contains(marker))
    };
    let sent = |upper: &str, lower: &str| {
        object
            .get(upper)
            .or_else(|| object.get(lower))
            .and_then(|value| match value {
                Value::Null => None,
                Value::String(text) => Some(text.clone()),
                other => Some(other.to_string()),
            })
    };
    if error.body_excerpt().is_some() {
        return Ok(());
    }
    for (parsed, upper, lower) in [
        (error.code(), "Code", "code"),
        (error.message(), "Message", "message"),
        (error.recommend(), "Recommend", "recommend"),
    ] {
        match sent(upper, lower) {
            Some(text) if !quotes_credential(&text) => {
                prop_assert_eq!(parsed, Some(text.as_str()), "{}", upper)
            }
            // Redacted or not, depending on the exact marker: the unit tests of error/service.rs and redact.rs pin that down.
            Some(_) => prop_assert!(parsed.is_some(), "{}", upper),
            None => prop_assert_eq!(parsed, None, "{}", upper),
        }
    }
    Ok(())
}

fn check_error(status: u16, headers: &HeaderMap, body: &[u8]) -> Result<(), TestCaseError> {
    let error = Error::service(status, headers, body);
    let display = error.to_string();
    prop_assert!(
        !display.contains('\n') && !display.contains('\r'),
        "{}",
        display
    );
    let _ = format!("{error:?}");
    if let Some(excerpt) = error.body_excerpt() {
        prop_assert!(excerpt.chars().count() <= 200);
        prop_assert!(!excerpt.chars().any(char::is_control));
    }
    prop_assert_eq!(error.status(), Some(status));
    fields_as_sent(status, headers, body)?;
    Ok(())
}

#[test]
fn error_bodies_of_any_bytes_parse_and_normalise() {
    let strategy = (
        400_u16..600,
        "\\PC{0,40}",
        "[0-9a-z-]{0,6}",
        prop::collection::vec(any::<u8>(), 0..600),
    );
    TestRunner::new(Config::with_cases(CASES))
        .run(&strategy, |(status, request_id, retry_after, body)| {
            check_error(status, &headers(&request_id, &retry_after), &body)
        })
        .unwrap();
}

#[test]
fn error_bodies_of_any_json_parse_and_normalise() {
    let mut names = field_names();
    names.extend(
        [
            "Code",
            "Message",
            "RequestId",
            "HostId",
            "Recommend",
            "AccessDeniedDetail",
            "code",
            "message",
            "requestId",
        ]
        .map(String::from),
    );
    let strategy = (400_u16..600, json(names));
    TestRunner::new(Config::with_cases(CASES))
        .run(&strategy, |(status, value)| {
            check_error(status, &HeaderMap::new(), value.to_string().as_bytes())
        })
        .unwrap();
}

proptest! {
    /// A timestamp the service sends as a string comes back as the same string, whether it is an integer's exact
    /// text (held as that integer, with nothing allocated) or anything else (held as text).
    #[test]
    fn string_timestamps_round_trip(
        text in prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            "-?0*[0-9]{0,20}",
            any::<String>(),
        ]
    ) {
        let json = serde_json::to_string(&text).unwrap();
        let decoded: alicert_api::wire::UnixMillis = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(serde_json::to_string(&decoded).unwrap(), json);
        prop_assert_eq!(decoded.raw(), text.as_str());
        if let Ok(integer) = text.trim().parse::<i64>() {
            let expected = if integer.unsigned_abs() < 100_000_000_000 { integer.checked_mul(1000) } else { Some(integer) };
            prop_assert_eq!(decoded.millis(), expected);
        }
    }
}

//! Building the spec's entries from a page: an operation (summary, description, provenance, parameters,
//! responses) and its response schema, merged with what the spec already says. The page is authoritative for what
//! it states; the spec keeps what a person decided (titles, corrections, keys the importer does not own; see the
//! [`crate::import`] module docs). One file per part: [`operation`] (the operation and its request parameters),
//! [`response`] (the response schema's objects, arrays and wrappers) and [`scalar`] (a scalar's type, valid values
//! and examples, and the titles of its enum). This file holds what they share.

mod operation;
mod response;
mod scalar;

use std::collections::BTreeSet;

use serde_yaml::{Mapping, Value};

use crate::docpage::{Field, Kind, Page, Row};
use crate::json::Json;

pub(crate) fn get<'v>(value: Option<&'v Value>, key: &str) -> Option<&'v Value> {
    value?.as_mapping()?.get(key)
}

fn get_map<'v>(map: Option<&'v Mapping>, key: &str) -> Option<&'v Mapping> {
    map?.get(key)?.as_mapping()
}

fn string(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// Keys of an operation the importer writes; any other key of the existing operation is kept.
const OPERATION_KEYS: [&str; 6] = [
    "summary",
    "description",
    "x-alicert-source",
    "operationId",
    "parameters",
    "responses",
];

/// Keys of a parameter the importer writes.
const PARAMETER_KEYS: [&str; 9] = [
    "name",
    "in",
    "description",
    "required",
    "style",
    "explode",
    "schema",
    "example",
    "x-alicert-page-example",
];

/// Keys of a schema the importer writes (`title` is kept from the spec when it has one).
const SCHEMA_KEYS: [&str; 10] = [
    "title",
    "description",
    "type",
    "format",
    "enum",
    "x-enum-descriptions",
    "example",
    "x-alicert-page-example",
    "properties",
    "items",
];

/// A node the spec corrects: its wire facts stay as the spec says.
fn is_corrected(map: Option<&Mapping>) -> bool {
    map.is_some_and(|map| {
        map.contains_key("x-alicert-correction") || map.contains_key("x-alicert-wire")
    })
}

/// The keys of `existing` the importer does not own, in their order.
fn kept_keys(existing: Option<&Mapping>, owned: &[&str]) -> Vec<(Value, Value)> {
    existing
        .map(|map| {
            map.iter()
                .filter(|(key, _)| !key.as_str().is_some_and(|key| owned.contains(&key)))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The type facts and examples of a scalar row.
#[derive(Debug, Default)]
struct Scalar {
    /// The type as the page writes it, for notes.
    type_name: String,
    schema_type: &'static str,
    format: Option<&'static str>,
    values: Option<Vec<Value>>,
    meanings: Option<Mapping>,
    example: Option<Value>,
    page_example: Option<String>,
    correction: Option<String>,
    /// Values the importer added to the page's list (an example or sample value the list lacks).
    values_added: Vec<String>,
    /// What to tell the reviewer about `correction` when the spec does not carry one yet.
    correction_note: Option<String>,
}

/// Builds one page's entries; collects the titles in use (so that an invented one is new) and notes for the
/// reviewer.
pub(crate) struct Builder<'a> {
    pub(crate) page: &'a Page,
    pub(crate) spec_name: &'a str,
    pub(crate) titles: BTreeSet<String>,
    pub(crate) notes: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum ObjectRole {
    Field,
    Items,
}

/// The first sentence of the description: the operation's summary.
fn summary(description: &[String]) -> String {
    let first = description
        .first()
        .and_then(|paragraph| paragraph.lines().next())
        .unwrap_or_default();
    let bytes = first.as_bytes();
    for (index, _) in first.match_indices(". ") {
        if bytes
            .get(index + 2)
            .is_some_and(|next| next.is_ascii_uppercase())
        {
            return first[..=index].to_owned();
        }
    }
    first.to_owned()
}

/// `a`, `a and b`, `a, b and c`.
fn human_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `CasContacts` → `CasContact`; names that are not plurals get `Item`.
fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies")
        && !stem.is_empty()
    {
        return format!("{stem}y");
    }
    match name.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with('s') => stem.to_owned(),
        _ => format!("{name}Item"),
    }
}

fn join_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// The page's text as a value of the row's type, when it is one.
fn typed(kind: &Kind, text: &str) -> Option<Value> {
    match kind {
        Kind::Integer { .. } => text
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| text.parse::<u64>().map(Value::from).ok()),
        Kind::Number { .. } => text
            .parse::<f64>()
            .ok()
            .filter(|number| number.is_finite())
            .map(Value::from),
        Kind::Boolean => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Kind::String => Some(string(text)),
        Kind::Object | Kind::Array(_) => None,
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Null => "null".to_owned(),
        _ => String::new(),
    }
}

fn json_scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::String(text) | Json::Number(text) => Some(text.clone()),
        Json::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// The sample response as YAML, keys in the page's order; numbers as integers when they are.
pub(crate) fn json_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(flag) => Value::Bool(*flag),
        Json::Number(text) => {
            if let Ok(integer) = text.parse::<i64>() {
                Value::from(integer)
            } else if let Ok(integer) = text.parse::<u64>() {
                Value::from(integer)
            } else {
                match text.parse::<f64>() {
                    Ok(number) if number.is_finite() => Value::from(number),
                    _ => Value::String(text.clone()),
                }
            }
        }
        Json::String(text) => Value::String(text.clone()),
        Json::Array(items) => Value::Sequence(items.iter().map(json_value).collect()),
        Json::Object(entries) => {
            let mut map = Mapping::new();
            for (key, value) in entries {
                map.insert(Value::String(key.clone()), json_value(value));
            }
            Value::Mapping(map)
        }
    }
}

/// The field's page description, when it has one, as the schema's `description`.
fn insert_description(out: &mut Mapping, field: &Field) {
    let description = field
        .row
        .as_ref()
        .map(Row::description_text)
        .unwrap_or_default();
    if !description.is_empty() {
        out.insert(string("description"), string(&description));
    }
}

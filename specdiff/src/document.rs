//! One spec document flattened into the facts the comparison looks at: per operation its texts, provenance,
//! parameters and response fields by path (`Data[].CertId`), each field's type, title, valid values, wire form and
//! requiredness; the document's `info`, endpoints, `servers` and the schemas no operation's answer refers to. YAML
//! keeps nesting and `$ref`s; flattening them once here lets the comparison match fields by path and see a field
//! that moved as a nesting change rather than as unrelated lines.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use crate::SpecSet;
use crate::error::Error;

/// The key of `info` that holds the product's endpoint rule and region map.
pub(crate) const ENDPOINTS_KEY: &str = "x-alicert-endpoints";

/// One spec document, flattened for comparison.
#[derive(Debug)]
pub(crate) struct Document {
    pub(crate) file: String,
    /// `info` but its endpoints, each value as text.
    pub(crate) info: BTreeMap<String, String>,
    /// `info.x-alicert-endpoints`: where requests go, compared by [`crate::endpoints`].
    pub(crate) endpoints: Option<Value>,
    pub(crate) servers: String,
    /// Operations by Action, in document order.
    pub(crate) operations: BTreeMap<String, Operation>,
    pub(crate) order: Vec<String>,
    /// Schemas no operation's `200` refers to (ErrorResponse), flattened.
    pub(crate) shared: BTreeMap<String, Vec<(String, Node)>>,
    /// `components.responses` and anything else under `components` but `schemas`, as text.
    pub(crate) other_components: BTreeMap<String, String>,
}

#[derive(Debug)]
pub(crate) struct Operation {
    pub(crate) summary: String,
    pub(crate) description: String,
    /// `x-alicert-source`: page, title, lastUpdated.
    pub(crate) source: BTreeMap<String, String>,
    pub(crate) ok_description: String,
    pub(crate) example: String,
    /// Parameters (and array items, `Name[]`) in order.
    pub(crate) parameters: Vec<(String, Node)>,
    /// Response fields by path (`Data[].CertId`; the root is ``), in order.
    pub(crate) response: Vec<(String, Node)>,
    /// Other responses (`4XX`) and other keys, as text.
    pub(crate) other: BTreeMap<String, String>,
}

/// The facts of one parameter or field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) kind: String,
    pub(crate) title: Option<String>,
    pub(crate) values: Vec<String>,
    pub(crate) string_enum: bool,
    pub(crate) meanings: Vec<(String, String)>,
    pub(crate) description: String,
    pub(crate) example: Option<String>,
    pub(crate) wire: Option<String>,
    pub(crate) correction: Option<String>,
    pub(crate) required: Option<bool>,
    pub(crate) other: BTreeMap<String, String>,
}

pub(crate) const NODE_KEYS: [&str; 17] = [
    "type",
    "format",
    "title",
    "enum",
    "x-enum-descriptions",
    "description",
    "example",
    "x-alicert-page-example",
    "x-alicert-wire",
    "x-alicert-correction",
    "properties",
    "items",
    "required",
    "name",
    "in",
    "style",
    "explode",
];

/// Every document of a side, by product code (`info.x-alicert-product`, else the file name).
pub(crate) fn documents(set: &SpecSet) -> Result<BTreeMap<String, Document>, Error> {
    let mut out = BTreeMap::new();
    for file in &set.files {
        let value: Value = serde_yaml::from_str(&file.text)
            .map_err(|error| Error::yaml(&file.name, &set.label, error))?;
        let document = document(&file.name, &value)
            .ok_or_else(|| Error::new(&file.name, &set.label, "the document is not a mapping"))?;
        let product = document
            .info
            .get("x-alicert-product")
            .cloned()
            .unwrap_or_else(|| file.name.trim_end_matches(".yaml").to_owned());
        if out.contains_key(&product) {
            return Err(Error::new(
                &file.name,
                &set.label,
                format!("a second spec file for the product `{product}`"),
            ));
        }
        out.insert(product, document);
    }
    Ok(out)
}

/// The facts of one document; `None` when it is not a mapping.
fn document(file: &str, value: &Value) -> Option<Document> {
    let root = value.as_mapping()?;
    let mut info = BTreeMap::new();
    let mut endpoints = None;
    if let Some(map) = root.get("info").and_then(Value::as_mapping) {
        for (key, value) in map {
            let key = key_text(key);
            if key == ENDPOINTS_KEY {
                endpoints = Some(value.clone());
            } else {
                info.insert(key, scalar_text(value));
            }
        }
    }
    let servers = root.get("servers").map(scalar_text).unwrap_or_default();
    let schemas = root
        .get("components")
        .and_then(|components| components.get("schemas"))
        .and_then(Value::as_mapping);
    let mut operations = BTreeMap::new();
    let mut order = Vec::new();
    let mut referenced = BTreeSet::new();
    if let Some(paths) = root.get("paths").and_then(Value::as_mapping) {
        for (path, item) in paths {
            let Some(item) = item.as_mapping() else {
                continue;
            };
            for method in ["post", "get"] {
                let Some(operation) = item.get(method).and_then(Value::as_mapping) else {
                    continue;
                };
                let name = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| key_text(path));
                let parsed = self::operation(operation, schemas, &mut referenced);
                order.push(name.clone());
                operations.insert(name, parsed);
            }
        }
    }
    let mut shared = BTreeMap::new();
    if let Some(schemas) = schemas {
        for (name, schema) in schemas {
            let name = key_text(name);
            if !referenced.contains(&name) {
                let mut nodes = Vec::new();
                flatten(schema, "", schemas, &mut nodes, &mut BTreeSet::new());
                shared.insert(name, nodes);
            }
        }
    }
    let mut other_components = BTreeMap::new();
    if let Some(components) = root.get("components").and_then(Value::as_mapping) {
        for (key, value) in components {
            if key.as_str() != Some("schemas") {
                other_components.insert(key_text(key), scalar_text(value));
            }
        }
    }
    Some(Document {
        file: file.to_owned(),
        info,
        endpoints,
        servers,
        operations,
        order,
        shared,
        other_components,
    })
}

fn operation(
    operation: &Mapping,
    schemas: Option<&Mapping>,
    referenced: &mut BTreeSet<String>,
) -> Operation {
    let text = |key: &str| operation.get(key).map(scalar_text).unwrap_or_default();
    let mut parameters = Vec::new();
    if let Some(list) = operation.get("parameters").and_then(Value::as_sequence) {
        for parameter in list.iter().filter_map(Value::as_mapping) {
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            let schema = parameter.get("schema").and_then(Value::as_mapping);
            let empty = Mapping::new();
            let mut node = node(schema.unwrap_or(&empty));
            node.description = parameter
                .get("description")
                .map(scalar_text)
                .unwrap_or_default();
            node.required = Some(
                parameter
                    .get("required")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            );
            node.example = parameter
                .get("example")
                .or_else(|| parameter.get("x-alicert-page-example"))
                .map(scalar_text);
            for (key, value) in parameter {
                let key = key_text(key);
                if !NODE_KEYS.contains(&key.as_str()) && key != "schema" {
                    node.other.insert(key, scalar_text(value));
                }
            }
            for (key, value) in [("in", "query"), ("style", "form"), ("explode", "true")] {
                let actual = parameter
                    .get(key)
                    .map(scalar_text)
                    .unwrap_or_else(|| value.to_owned());
                if actual != value {
                    node.other.insert(key.to_owned(), actual);
                }
            }
            parameters.push((name.clone(), node));
            if let Some(items) = schema.and_then(|schema| schema.get("items")) {
                let mut nested = Vec::new();
                flatten(
                    items,
                    &format!("{name}[]"),
                    schemas.unwrap_or(&empty),
                    &mut nested,
                    &mut BTreeSet::new(),
                );
                parameters.extend(nested);
            }
        }
    }
    let responses = operation.get("responses").and_then(Value::as_mapping);
    let ok = responses
        .and_then(|responses| responses.get("200"))
        .and_then(Value::as_mapping);
    let json = ok
        .and_then(|ok| ok.get("content"))
        .and_then(|content| content.get("application/json"))
        .and_then(Value::as_mapping);
    let mut response = Vec::new();
    if let Some(schema) = json.and_then(|json| json.get("schema")) {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str)
            && let Some(name) = reference.strip_prefix("#/components/schemas/")
        {
            referenced.insert(name.to_owned());
        }
        let empty = Mapping::new();
        flatten(
            schema,
            "",
            schemas.unwrap_or(&empty),
            &mut response,
            &mut BTreeSet::new(),
        );
    }
    let mut other = BTreeMap::new();
    if let Some(responses) = responses {
        for (code, value) in responses {
            if code.as_str() != Some("200") {
                other.insert(
                    format!("responses `{}`", key_text(code)),
                    scalar_text(value),
                );
            }
        }
    }
    for (key, value) in operation {
        let key = key_text(key);
        if ![
            "summary",
            "description",
            "x-alicert-source",
            "operationId",
            "parameters",
            "responses",
        ]
        .contains(&key.as_str())
        {
            other.insert(format!("`{key}`"), scalar_text(value));
        }
    }
    Operation {
        summary: text("summary"),
        description: text("description"),
        source: operation
            .get("x-alicert-source")
            .and_then(Value::as_mapping)
            .map(|source| {
                source
                    .iter()
                    .map(|(key, value)| (key_text(key), scalar_text(value)))
                    .collect()
            })
            .unwrap_or_default(),
        ok_description: ok
            .and_then(|ok| ok.get("description"))
            .map(scalar_text)
            .unwrap_or_default(),
        example: json
            .and_then(|json| json.get("example"))
            .map(scalar_text)
            .unwrap_or_default(),
        parameters,
        response,
        other,
    }
}

/// The facts of one schema, without its children.
fn node(schema: &Mapping) -> Node {
    let text = |key: &str| schema.get(key).map(scalar_text);
    let schema_type = text("type").unwrap_or_default();
    let kind = match (schema_type.as_str(), text("format")) {
        ("", _) if schema.contains_key("$ref") => "object".to_owned(),
        ("", _) => "any".to_owned(),
        (schema_type, Some(format)) => format!("{schema_type}/{format}"),
        (schema_type, None) => schema_type.to_owned(),
    };
    let values: Vec<String> = schema
        .get("enum")
        .and_then(Value::as_sequence)
        .map(|values| values.iter().map(scalar_text).collect())
        .unwrap_or_default();
    let meanings = schema
        .get("x-enum-descriptions")
        .and_then(Value::as_mapping)
        .map(|map| {
            map.iter()
                .map(|(key, value)| (key_text(key), scalar_text(value)))
                .collect()
        })
        .unwrap_or_default();
    let mut other = BTreeMap::new();
    for (key, value) in schema {
        let key = key_text(key);
        if !NODE_KEYS.contains(&key.as_str()) && key != "$ref" {
            other.insert(key, scalar_text(value));
        }
    }
    Node {
        string_enum: schema_type == "string" && !values.is_empty(),
        kind,
        title: text("title"),
        values,
        meanings,
        description: text("description").unwrap_or_default(),
        example: text("example").or_else(|| text("x-alicert-page-example")),
        wire: text("x-alicert-wire"),
        correction: text("x-alicert-correction"),
        required: None,
        other,
    }
}

/// Every node of a schema with its path (`Data[].CertId`), following local `$ref`s once per path.
fn flatten(
    schema: &Value,
    path: &str,
    schemas: &Mapping,
    out: &mut Vec<(String, Node)>,
    seen: &mut BTreeSet<String>,
) {
    let Some(map) = schema.as_mapping() else {
        return;
    };
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        let name = reference
            .trim_start_matches("#/components/schemas/")
            .to_owned();
        if let Some(target) = schemas.get(name.as_str())
            && seen.insert(name.clone())
        {
            flatten(target, path, schemas, out, seen);
            seen.remove(&name);
        }
        return;
    }
    out.push((path.to_owned(), node(map)));
    if let Some(properties) = map.get("properties").and_then(Value::as_mapping) {
        for (name, property) in properties {
            let name = key_text(name);
            let child = if path.is_empty() {
                name
            } else {
                format!("{path}.{name}")
            };
            flatten(property, &child, schemas, out, seen);
        }
    }
    if let Some(items) = map.get("items") {
        flatten(items, &format!("{path}[]"), schemas, out, seen);
    }
}

fn key_text(key: &Value) -> String {
    scalar_text(key)
}

/// A value as text: scalars as themselves, collections as compact YAML.
pub(crate) fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Null => "null".to_owned(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim_end()
            .to_owned(),
    }
}

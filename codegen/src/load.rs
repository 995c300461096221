//! Loading and validating one spec file. Everything progenitor would panic on, and everything YAML would silently
//! drop, is caught here and turned into a [`SpecError`] that names the file and the operation.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::SpecError;

/// A spec file that passed validation: its identity, and the document as JSON, ready for [`crate::transform`].
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file name as the caller gave it (`spec/cas-2020-04-07.yaml`).
    pub file: String,
    /// Lowercase hex SHA-256 of the file's bytes, recorded in the generated file's header.
    pub sha256: String,
    /// The product code (`cas`), from `info.x-alicert-product`.
    pub product: String,
    /// The API version (`2020-04-07`), from `info.version`.
    pub version: String,
    /// The product's name (`Certificate Management Service`): `info.title` without the ` (cas) 2020-04-07` the
    /// specs end it with.
    pub title: String,
    /// `info.description`, trimmed.
    pub description: String,
    /// Where the product's requests go (`info.x-alicert-endpoints`).
    pub endpoints: crate::endpoints::Endpoints,
    /// Actions in document order.
    pub actions: Vec<String>,
    /// The whole document.
    pub document: Value,
    /// The file's text, for the line numbers of errors found after loading.
    pub text: String,
}

/// Parses and validates one spec file's text.
pub fn load(file: &str, text: &str) -> Result<Spec, SpecError> {
    load_unlocated(file, text).map_err(|error| error.located(text))
}

fn load_unlocated(file: &str, text: &str) -> Result<Spec, SpecError> {
    // Parsing into serde_yaml's own Value first rejects duplicate keys with a position; a typed parse would keep the
    // last of two equal path keys and lose an operation without a word.
    if let Err(error) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        return Err(yaml_error(file, &error));
    }
    let document: Value = serde_yaml::from_str(text).map_err(|error| yaml_error(file, &error))?;
    let root = document
        .as_object()
        .ok_or_else(|| SpecError::new(file, "the document is not a YAML mapping"))?;

    let openapi = match root.get("openapi") {
        Some(Value::String(text)) => text.clone(),
        // `openapi: 2.0` or `openapi: 3.1` unquoted is a YAML number; it is still a version to report.
        Some(Value::Number(number)) => number.to_string(),
        _ => {
            return Err(SpecError::new(
                file,
                "missing `openapi` version string (expected 3.0.x)",
            ));
        }
    };
    if !openapi.trim().starts_with("3.0.") {
        return Err(SpecError::new(
            file,
            format!(
                "`openapi: {openapi}` is not supported: progenitor generates from OpenAPI 3.0.x only"
            ),
        ));
    }

    let info = root
        .get("info")
        .and_then(Value::as_object)
        .ok_or_else(|| SpecError::new(file, "missing `info` mapping"))?;
    let version = info
        .get("version")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            SpecError::new(
                file,
                "missing `info.version` (the API version, e.g. 2020-04-07)",
            )
        })?
        .to_owned();
    let product = info
        .get("x-alicert-product")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            SpecError::new(
                file,
                "missing `info.x-alicert-product` (the product code, e.g. cas)",
            )
        })?
        .to_owned();
    if product.is_empty()
        || !product
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
        || product.starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(SpecError::new(
            file,
            format!(
                "`info.x-alicert-product: {product}` must be a lowercase product code such as `cas`"
            ),
        ));
    }

    let endpoints = crate::endpoints::read(file, info)?;
    let title = product_title(
        info.get("title").and_then(Value::as_str).unwrap_or(""),
        &product,
        &version,
    );
    let description = info
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_owned();

    let paths = root
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| SpecError::new(file, "missing `paths` mapping"))?;
    let mut actions = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in paths {
        let action = validate_path(file, path, item)?;
        // Keyed by the client method's name: `ListABC` and `ListAbc` would both be `list_abc`.
        if let Some(previous) = seen.insert(action.to_snake_case(), action.clone()) {
            let message = if previous == action {
                format!("Action {action} is defined twice")
            } else {
                format!(
                    "Actions {previous} and {action} both become the client method `{}`",
                    action.to_snake_case()
                )
            };
            return Err(SpecError::new(file, message)
                .in_operation(action)
                .at_node(vec!["paths".to_owned(), path.clone()]));
        }
        actions.push(action);
    }
    if actions.is_empty() {
        return Err(SpecError::new(file, "`paths` defines no operation"));
    }

    let spec = Spec {
        file: file.to_owned(),
        sha256: hex(&Sha256::digest(text.as_bytes())),
        product,
        version,
        title,
        description,
        endpoints,
        actions,
        document,
        text: text.to_owned(),
    };
    crate::validate::check(&spec)?;
    Ok(spec)
}

/// `Certificate Management Service (cas) 2020-04-07` → `Certificate Management Service`; the product code when the
/// title is empty.
fn product_title(title: &str, product: &str, version: &str) -> String {
    let title = title.trim();
    let title = title.strip_suffix(version).unwrap_or(title).trim_end();
    let title = title
        .strip_suffix(&format!("({product})"))
        .unwrap_or(title)
        .trim_end();
    if title.is_empty() {
        product.to_owned()
    } else {
        title.to_owned()
    }
}

fn yaml_error(file: &str, error: &serde_yaml::Error) -> SpecError {
    let mut message = error.to_string();
    // serde_yaml appends " at line L column C"; the location goes in its own place.
    if let Some(index) = message.find(" at line ") {
        message.truncate(index);
    }
    if message.contains("duplicate entry") {
        message.push_str(" (a YAML parser would silently keep only the last one)");
    }
    let spec_error = SpecError::new(file, format!("invalid YAML: {message}"));
    match error.location() {
        Some(location) => spec_error.at(location.line(), location.column()),
        None => spec_error,
    }
}

/// Checks one path item and returns its Action.
fn validate_path(file: &str, path: &str, item: &Value) -> Result<String, SpecError> {
    let node = |segments: &[&str]| {
        let mut pointer = vec!["paths".to_owned(), path.to_owned()];
        pointer.extend(segments.iter().map(|segment| (*segment).to_owned()));
        pointer
    };
    let item = item.as_object().ok_or_else(|| {
        SpecError::new(file, format!("path `{path}` is not a mapping")).at_node(node(&[]))
    })?;
    if item.contains_key("$ref") {
        return Err(SpecError::new(
            file,
            format!("path `{path}` is a `$ref`; path references are not supported"),
        )
        .at_node(node(&["$ref"])));
    }
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let operations: Vec<(&str, &Value)> = METHODS
        .iter()
        .filter_map(|method| item.get(*method).map(|operation| (*method, operation)))
        .collect();
    let [(method, operation)] = operations.as_slice() else {
        return Err(SpecError::new(
            file,
            format!(
                "path `{path}` must hold exactly one operation (RPC style: one Action per path), found {}",
                operations.len()
            ),
        )
        .at_node(node(&[])));
    };
    let operation = operation.as_object().ok_or_else(|| {
        SpecError::new(file, format!("`{method} {path}` is not a mapping")).at_node(node(&[method]))
    })?;
    let Some(action) = operation.get("operationId").and_then(Value::as_str) else {
        return Err(SpecError::new(
            file,
            format!(
                "`{method} {path}` has no operationId (it must be the Action name, e.g. DescribeDeploymentJob)"
            ),
        )
        .at_node(node(&[method])));
    };
    let error = |message: String, segments: &[&str]| {
        let mut pointer = vec![*method];
        pointer.extend_from_slice(segments);
        SpecError::new(file, message)
            .in_operation(action)
            .at_node(node(&pointer))
    };
    if *method != "post" {
        return Err(error(
            format!(
                "method `{method}` is not supported: an RPC operation is `post` on `/?Action=<Action>`, as the \
                 official SDK sends it (`POST /` with the parameters in the query)"
            ),
            &[],
        ));
    }
    if !action.starts_with(|c: char| c.is_ascii_uppercase())
        || !action.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Err(error(
            format!("operationId `{action}` is not an Action name in PascalCase"),
            &["operationId"],
        ));
    }
    let expected_path = format!("/?Action={action}");
    if path != expected_path {
        return Err(error(
            format!("path `{path}` does not match its operationId: expected `{expected_path}`"),
            &["operationId"],
        ));
    }

    let parameters = match operation.get("parameters") {
        None => &Vec::new(),
        Some(Value::Array(parameters)) => parameters,
        Some(_) => {
            return Err(error(
                "`parameters` is not a list".to_owned(),
                &["parameters"],
            ));
        }
    };
    let mut setters: BTreeMap<String, String> = BTreeMap::new();
    for (index, parameter) in parameters.iter().enumerate() {
        let index_text = index.to_string();
        let at = ["parameters", index_text.as_str()];
        let name = validate_parameter(parameter, index).map_err(|message| error(message, &at))?;
        // Two names that differ only in case or separators become one builder method.
        let setter = name.to_snake_case();
        if let Some(previous) = setters.insert(setter.clone(), name.to_owned()) {
            return Err(error(
                format!(
                    "parameters {previous} and {name} both become the builder method `{setter}`; rename one"
                ),
                &at,
            ));
        }
    }
    if item.contains_key("parameters") {
        return Err(SpecError::new(
            file,
            "path-level `parameters` are not supported; declare them on the operation",
        )
        .in_operation(action)
        .at_node(node(&["parameters"])));
    }
    if operation.contains_key("requestBody") {
        return Err(error(
            "a `requestBody` is not supported: RPC parameters travel in the query".to_owned(),
            &["requestBody"],
        ));
    }

    let responses = operation
        .get("responses")
        .and_then(Value::as_object)
        .ok_or_else(|| error("missing `responses`".to_owned(), &[]))?;
    if responses.contains_key("default") {
        return Err(error(
            "a `default` response is not supported (progenitor panics on 200 plus default); \
             model Alibaba's error body as `4XX` and `5XX`"
                .to_owned(),
            &["responses", "default"],
        ));
    }
    if !responses.contains_key("200") {
        return Err(error(
            "missing the `200` response".to_owned(),
            &["responses"],
        ));
    }
    for code in responses.keys() {
        let valid = code.len() == 3
            && (code.bytes().all(|b| b.is_ascii_digit())
                || (code.as_bytes()[0].is_ascii_digit() && &code[1..] == "XX"));
        if !valid {
            return Err(error(
                format!("response key `{code}` is not an HTTP status or range such as `4XX`"),
                &["responses", code],
            ));
        }
        // Alibaba answers a success with 200; progenitor gives an operation one success type, so a second success
        // (or a redirect or informational) response could only be a different type it refuses.
        if code != "200" && !code.starts_with(['4', '5']) {
            return Err(error(
                format!(
                    "response `{code}` is not supported: an operation has its `200` success and error \
                     responses (`4XX`, `5XX` or 4xx/5xx statuses)"
                ),
                &["responses", code],
            ));
        }
    }
    Ok(action.to_owned())
}

/// Checks one parameter and returns its name.
fn validate_parameter(parameter: &Value, index: usize) -> Result<&str, String> {
    let parameter = parameter
        .as_object()
        .ok_or_else(|| format!("parameter #{} is not a mapping", index + 1))?;
    if parameter.contains_key("$ref") {
        return Err(format!(
            "parameter #{} is a `$ref`; parameter references are not supported",
            index + 1
        ));
    }
    let name = parameter
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("parameter #{} has no `name`", index + 1))?;
    // The name travels on the wire as it is and names a builder method: Alibaba's are PascalCase words, with `.`
    // in the flattened forms of lists (`Tag.1.Key`).
    let valid_name = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    if !valid_name {
        return Err(format!(
            "parameter #{}: name `{name}` is not a parameter name (a letter, then letters, digits, `_` or `.`)",
            index + 1
        ));
    }
    let location = parameter
        .get("in")
        .and_then(Value::as_str)
        .unwrap_or("(missing)");
    if location != "query" {
        return Err(format!(
            "parameter {name}: `in: {location}` is not supported; RPC parameters are `in: query`"
        ));
    }
    if let Some(style) = parameter.get("style")
        && style.as_str() != Some("form")
    {
        return Err(format!(
            "parameter {name}: style `{}` is not supported; only `form` (the default) encodes as Alibaba expects",
            display_value(style)
        ));
    }
    if let Some(explode) = parameter.get("explode")
        && explode.as_bool() != Some(true)
    {
        return Err(format!(
            "parameter {name}: `explode: {}` is not supported; only `explode: true` (the default)",
            display_value(explode)
        ));
    }
    if parameter.contains_key("content") || !parameter.contains_key("schema") {
        return Err(format!(
            "parameter {name}: needs a `schema` (a `content` map is not supported)"
        ));
    }
    Ok(name)
}

fn display_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0x0f)] as char);
    }
    out
}

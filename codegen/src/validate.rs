//! Validation of every schema in a spec before progenitor sees it: types, formats, references and type names.
//! Progenitor and typify panic on a `type` they do not know and on a `$ref` that leads nowhere, accept formats they
//! then ignore, and give two different schemas that share a `title` one Rust type (the second's fields are lost or
//! the generated crate fails to compile). Each of these is refused here with the file, the operation, the node's
//! JSON pointer and its line. The formats each type accepts are in [`formats`], the one-name-one-type rule in
//! [`names`].

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;
use serde_json::Value;

use crate::error::SpecError;
use crate::load::Spec;
use crate::locate::pointer_text;

mod formats;
mod names;

use formats::{check_format, check_parameter_format};

/// The types of OpenAPI 3.0 (`null` is not one: 3.0 has `nullable`).
const TYPES: [&str; 6] = ["string", "integer", "number", "boolean", "array", "object"];

/// The schema keywords the generator handles: plain typed schemas, as the pages describe them. Composition
/// (`allOf`, `oneOf`, ...), validation keywords (`pattern`, `minimum`, ...), `default` and `additionalProperties`
/// would each need typify features the generated crate was never built or tested with, and several of them make
/// typify panic; `x-rust-type` is the generator's own, set by `transform`.
const KEYWORDS: [&str; 15] = [
    "type",
    "format",
    "title",
    "description",
    "example",
    "properties",
    "required",
    "items",
    "enum",
    "nullable",
    "x-enum-descriptions",
    "x-alicert-wire",
    "x-alicert-correction",
    "x-alicert-page-example",
    // The importer's record of enum values a field holds because it shares a title (spec/README.md, "Shared
    // titles"); the values themselves are in `enum`.
    "x-alicert-shared-values",
];

/// Where a schema is: the operation it belongs to, if any, and its JSON pointer.
#[derive(Clone)]
struct Site {
    operation: Option<String>,
    pointer: Vec<String>,
}

impl Site {
    fn child(&self, segments: &[&str]) -> Site {
        let mut pointer = self.pointer.clone();
        pointer.extend(segments.iter().map(|segment| (*segment).to_owned()));
        Site {
            operation: self.operation.clone(),
            pointer,
        }
    }
}

struct Checker<'a> {
    spec: &'a Spec,
    /// Rust type name → where it was first defined and its definition without documentation.
    names: BTreeMap<String, (Site, Value)>,
}

/// Checks every schema of the spec: operation parameters and responses, `components.schemas` and
/// `components.responses`.
pub(crate) fn check(spec: &Spec) -> Result<(), SpecError> {
    let mut checker = Checker {
        spec,
        names: BTreeMap::new(),
    };
    let document = &spec.document;
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, operation) in item {
                let site = Site {
                    operation: operation
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    pointer: vec!["paths".to_owned(), path.clone(), method.clone()],
                };
                checker.operation(&site, operation)?;
            }
        }
    }
    let root = Site {
        operation: None,
        pointer: vec!["components".to_owned()],
    };
    if let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            let site = root.child(&["schemas", name]);
            // An entry that is only a `$ref` is an alias progenitor follows without end when it names itself.
            if schema.get("$ref").is_some() {
                return Err(checker.error(
                    &site.child(&["$ref"]),
                    "a `components.schemas` entry must be a schema, not a `$ref`",
                ));
            }
            // typify names a component schema by its key.
            checker.name(&name.to_upper_camel_case(), &site, schema)?;
            checker.schema(&site, schema)?;
        }
    }
    if let Some(responses) = document
        .pointer("/components/responses")
        .and_then(Value::as_object)
    {
        for (name, response) in responses {
            let site = root.child(&["responses", name]);
            if response.get("$ref").is_some() {
                return Err(checker.error(
                    &site.child(&["$ref"]),
                    "a `components.responses` entry must be a response, not a `$ref`",
                ));
            }
            checker.response(&site, response)?;
        }
    }
    Ok(())
}

impl Checker<'_> {
    fn error(&self, site: &Site, message: impl Into<String>) -> SpecError {
        let error = SpecError::new(
            &self.spec.file,
            format!("at {}: {}", pointer_text(&site.pointer), message.into()),
        )
        .at_node(site.pointer.clone());
        match &site.operation {
            Some(operation) => error.in_operation(operation.clone()),
            None => error,
        }
    }

    fn operation(&mut self, site: &Site, operation: &Value) -> Result<(), SpecError> {
        if let Some(parameters) = operation.get("parameters").and_then(Value::as_array) {
            for (index, parameter) in parameters.iter().enumerate() {
                if let Some(schema) = parameter.get("schema") {
                    let index = index.to_string();
                    let site = site.child(&["parameters", &index, "schema"]);
                    self.schema(&site, schema)?;
                    check_parameter_format(schema).map_err(|message| self.error(&site, message))?;
                }
            }
        }
        if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
            let mut error_body: Option<(&str, &Value)> = None;
            for (code, response) in responses {
                let at = site.child(&["responses", code]);
                self.response(&at, response)?;
                if code == "200" {
                    continue;
                }
                // Progenitor gives an operation one error type: every error response carries the same body.
                let body = resolved(&self.spec.document, response)
                    .get("content")
                    .unwrap_or(&Value::Null);
                match error_body {
                    None => error_body = Some((code, body)),
                    Some((first, first_body)) if first_body != body => {
                        return Err(self.error(
                            &at,
                            format!(
                                "the `{code}` response's body differs from the `{first}` response's; the error \
                                 responses of an operation share one body (Alibaba's error body, \
                                 `$ref: \"#/components/responses/Error\"`)"
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
        }
        Ok(())
    }

    fn response(&mut self, site: &Site, response: &Value) -> Result<(), SpecError> {
        if let Some(reference) = response.get("$ref") {
            return self.reference(&site.child(&["$ref"]), reference, "responses");
        }
        let Some(content) = response.get("content") else {
            return Ok(());
        };
        let Some(content) = content.as_object() else {
            return Err(self.error(&site.child(&["content"]), "`content` must be a mapping"));
        };
        for (media, body) in content {
            let at = site.child(&["content", media]);
            // The runtime asks for Format=JSON; progenitor has no decoder for a body without a schema.
            if media != "application/json" {
                return Err(self.error(
                    &at,
                    format!("media type `{media}` is not supported: Alibaba's RPC answers are `application/json`"),
                ));
            }
            let Some(schema) = body.get("schema") else {
                return Err(self.error(&at, "a response body needs a `schema`"));
            };
            if let Some(key) = body.as_object().and_then(|body| {
                body.keys()
                    .find(|key| !["schema", "example", "examples"].contains(&key.as_str()))
            }) {
                return Err(self.error(
                    &at.child(&[key]),
                    format!(
                        "`{key}` is not supported in a response body (`schema` and `example` are)"
                    ),
                ));
            }
            self.schema(&at.child(&["schema"]), schema)?;
        }
        Ok(())
    }

    fn schema(&mut self, site: &Site, schema: &Value) -> Result<(), SpecError> {
        let Some(object) = schema.as_object() else {
            return Err(self.error(site, "a schema must be a mapping"));
        };
        if let Some(reference) = object.get("$ref") {
            return self.reference(&site.child(&["$ref"]), reference, "schemas");
        }
        if let Some(key) = object.keys().find(|key| !KEYWORDS.contains(&key.as_str())) {
            return Err(self.error(
                &site.child(&[key]),
                format!(
                    "`{key}` is not supported in a schema; the generator handles {} (spec/README.md, Types)",
                    KEYWORDS.join(", ")
                ),
            ));
        }
        let schema_type = match object.get("type") {
            None => None,
            Some(Value::String(name)) if TYPES.contains(&name.as_str()) => Some(name.as_str()),
            Some(Value::String(name)) if name == "null" => {
                return Err(self.error(
                    &site.child(&["type"]),
                    "`type: null` is not an OpenAPI 3.0 type (3.0 says `nullable: true`; response fields are \
                     optional anyway)",
                ));
            }
            Some(other) => {
                return Err(self.error(
                    &site.child(&["type"]),
                    format!(
                        "`type: {}` is not an OpenAPI 3.0 type (expected one of {})",
                        display(other),
                        TYPES.join(", ")
                    ),
                ));
            }
        };
        if let Some(format) = object.get("format") {
            check_format(schema_type, format)
                .map_err(|message| self.error(&site.child(&["format"]), message))?;
        }
        if let Some(title) = object.get("title") {
            // Typify would mangle any other text into a name nobody chose (or one that shadows another type).
            let is_type_name = |title: &str| {
                title.starts_with(|c: char| c.is_ascii_uppercase())
                    && title.bytes().all(|b| b.is_ascii_alphanumeric())
            };
            let Some(title) = title.as_str().filter(|title| is_type_name(title)) else {
                return Err(self.error(
                    &site.child(&["title"]),
                    format!(
                        "title {} is not a Rust type name in PascalCase (it names the generated type)",
                        title
                    ),
                ));
            };
            self.name(
                &title.to_upper_camel_case(),
                &site.child(&["title"]),
                schema,
            )?;
        }
        if let Some(properties) = object.get("properties") {
            let Some(properties) = properties.as_object() else {
                return Err(self.error(
                    &site.child(&["properties"]),
                    "`properties` must be a mapping",
                ));
            };
            for (name, property) in properties {
                self.schema(&site.child(&["properties", name]), property)?;
            }
        }
        if let Some(items) = object.get("items") {
            self.schema(&site.child(&["items"]), items)?;
        }
        if let Some(required) = object.get("required") {
            let properties = object.get("properties").and_then(Value::as_object);
            let names = required.as_array().into_iter().flatten();
            let valid = required.is_array()
                && names.clone().all(|name| {
                    name.as_str()
                        .is_some_and(|name| properties.is_some_and(|p| p.contains_key(name)))
                });
            if !valid {
                return Err(self.error(
                    &site.child(&["required"]),
                    "`required` must list names of this schema's `properties`",
                ));
            }
        }
        if let Some(nullable) = object.get("nullable")
            && !nullable.is_boolean()
        {
            return Err(self.error(
                &site.child(&["nullable"]),
                "`nullable` must be true or false",
            ));
        }
        Ok(())
    }

    /// A `$ref` must stay in this file and lead to a `components.<kind>` entry that exists.
    fn reference(&self, site: &Site, reference: &Value, kind: &str) -> Result<(), SpecError> {
        let Some(reference) = reference.as_str() else {
            return Err(self.error(site, "a `$ref` must be a string"));
        };
        let prefix = format!("#/components/{kind}/");
        if !reference.starts_with('#') {
            return Err(self.error(
                site,
                format!(
                    "`$ref: {reference}` points outside this file; external references are not supported: \
                     copy the schema under `components.{kind}` and refer to `{prefix}<name>`"
                ),
            ));
        }
        let Some(name) = reference.strip_prefix(&prefix) else {
            return Err(self.error(
                site,
                format!("`$ref: {reference}` must point at `{prefix}<name>` here"),
            ));
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        let exists = self
            .spec
            .document
            .get("components")
            .and_then(|components| components.get(kind))
            .and_then(|entries| entries.get(&name))
            .is_some();
        if !exists {
            return Err(self.error(
                site,
                format!("`$ref: {reference}` leads nowhere: `components.{kind}` has no `{name}`"),
            ));
        }
        Ok(())
    }
}

/// A response, or the `components.responses` entry its `$ref` names (checked to exist before).
fn resolved<'v>(document: &'v Value, response: &'v Value) -> &'v Value {
    response
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/components/responses/"))
        .and_then(|name| {
            document
                .pointer("/components/responses")
                .and_then(|responses| responses.get(name.replace("~1", "/").replace("~0", "~")))
        })
        .unwrap_or(response)
}

fn display(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

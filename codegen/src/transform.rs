//! What progenitor does not give, done to the document before progenitor sees it.
//!
//! - Open enums: typify turns a string `enum` into a closed Rust enum, and the service adds values the docs never
//!   listed. Every titled string enum is collected here (to be emitted by [`crate::enums`] with an `Unknown` variant)
//!   and its schema is pointed at that type through typify's `x-rust-type` extension, which keeps the field's docs.
//! - Wire forms (`x-alicert-wire`): fields whose page contradicts itself map to lenient handwritten types in
//!   `alicert_api::wire` that accept both forms.
//! - Docs: each description gains its valid values, its wire correction and its example, so rustdoc says what the
//!   page says.
//!
//! The spec file itself is never changed; only the in-memory copy progenitor reads.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::error::SpecError;
use crate::load::Spec;

/// The crate the generated code lives in, as typify's `x-rust-type` names it.
pub(crate) const API_CRATE: &str = "alicert-api";

/// A string enum the generator emits itself, open to values the spec does not list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenEnum {
    /// The Rust type name (the schema's `title`).
    pub name: String,
    /// Rustdoc for the type.
    pub doc: String,
    /// Known values in the page's order, each with its meaning ("" when the page gives none).
    pub values: Vec<(String, String)>,
    /// Where it was first seen, for error messages.
    pub first_seen: String,
}

/// The document ready for progenitor, and the enums to emit beside its types.
#[derive(Debug)]
pub struct Prepared {
    /// The transformed document.
    pub openapi: openapiv3::OpenAPI,
    /// Open enums by name (ordered, so output is deterministic).
    pub enums: BTreeMap<String, OpenEnum>,
}

struct Context<'a> {
    spec: &'a Spec,
    operation: Option<String>,
    enums: BTreeMap<String, OpenEnum>,
}

impl Context<'_> {
    fn error(&self, at: &str, message: impl std::fmt::Display) -> SpecError {
        let error = SpecError::new(&self.spec.file, format!("{at}: {message}"));
        match &self.operation {
            Some(operation) => error.in_operation(operation.clone()),
            None => error,
        }
    }
}

/// Applies every transformation and parses the result with openapiv3.
pub fn prepare(spec: &Spec) -> Result<Prepared, SpecError> {
    let mut document = spec.document.clone();
    let mut context = Context {
        spec,
        operation: None,
        enums: BTreeMap::new(),
    };

    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (_, operation) in item.iter_mut() {
                let Some(operation) = operation.as_object_mut() else {
                    continue;
                };
                context.operation = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                prepare_operation(&mut context, path, operation)?;
            }
        }
    }
    context.operation = None;
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            walk_schema(&mut context, &format!("components.schemas.{name}"), schema)?;
        }
    }
    if let Some(responses) = document
        .pointer_mut("/components/responses")
        .and_then(Value::as_object_mut)
    {
        for (name, response) in responses.iter_mut() {
            walk_content(
                &mut context,
                &format!("components.responses.{name}"),
                response,
            )?;
        }
    }

    let openapi: openapiv3::OpenAPI = serde_json::from_value(document).map_err(|error| {
        SpecError::new(
            &spec.file,
            format!("not a valid OpenAPI 3.0 document: {error}"),
        )
    })?;
    Ok(Prepared {
        openapi,
        enums: context.enums,
    })
}

fn prepare_operation(
    context: &mut Context<'_>,
    path: &str,
    operation: &mut Map<String, Value>,
) -> Result<(), SpecError> {
    // Progenitor builds method docs from summary + description; append the page provenance so rustdoc shows it.
    if let Some(source) = operation.get("x-alicert-source").and_then(Value::as_object) {
        let page = source.get("page").and_then(Value::as_str).unwrap_or("?");
        let updated = source
            .get("lastUpdated")
            .and_then(value_text)
            .unwrap_or_default();
        let title = source.get("title").and_then(Value::as_str).unwrap_or("?");
        let note = format!(
            "Transcribed from the API reference page \"{title}\" ({page}), last updated {updated}."
        );
        let description = match operation.get("description").and_then(Value::as_str) {
            Some(text) => format!("{text}\n\n{note}"),
            None => note,
        };
        operation.insert("description".to_owned(), Value::String(description));
    }
    if let Some(Value::Array(parameters)) = operation.get_mut("parameters") {
        for parameter in parameters {
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            let at = format!("{path} parameter {name}");
            // The parameter's own description documents the builder method; render its valid values there too.
            if let Some(schema) = parameter.get("schema").cloned()
                && let Some(parameter) = parameter.as_object_mut()
            {
                let description = parameter
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let rendered = render_doc(description, &schema, parameter.get("example"));
                parameter.insert("description".to_owned(), Value::String(rendered));
            }
            if let Some(schema) = parameter.get_mut("schema") {
                walk_schema(context, &at, schema)?;
            }
        }
    }
    if let Some(Value::Object(responses)) = operation.get_mut("responses") {
        for (code, response) in responses.iter_mut() {
            walk_content(context, &format!("{path} response {code}"), response)?;
        }
    }
    Ok(())
}

fn walk_content(
    context: &mut Context<'_>,
    at: &str,
    response: &mut Value,
) -> Result<(), SpecError> {
    if let Some(Value::Object(content)) = response.get_mut("content") {
        for (media, body) in content.iter_mut() {
            if let Some(schema) = body.get_mut("schema") {
                walk_schema(context, &format!("{at} {media}"), schema)?;
            }
        }
    }
    Ok(())
}

fn walk_schema(context: &mut Context<'_>, at: &str, schema: &mut Value) -> Result<(), SpecError> {
    let Some(object) = schema.as_object_mut() else {
        return Err(context.error(at, "a schema must be a mapping"));
    };
    if object.contains_key("$ref") {
        return Ok(());
    }

    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            walk_schema(context, &format!("{at}.{name}"), property)?;
        }
    }
    if let Some(items) = object.get_mut("items") {
        walk_schema(context, &format!("{at}[]"), items)?;
    }

    let schema_type = object
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let original = Value::Object(object.clone());
    let description = object
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();

    if let Some(wire) = object.get("x-alicert-wire") {
        let (expected_type, rust_type) = match wire.as_str() {
            Some("millis-string") => ("string", "wire::UnixMillis"),
            Some("millis") => ("integer", "wire::UnixMillis"),
            Some("bool-or-01") => ("boolean", "wire::LenientBool"),
            _ => {
                return Err(context.error(
                    at,
                    format!(
                        "unknown `x-alicert-wire: {}` (expected millis-string, millis or bool-or-01)",
                        wire
                    ),
                ));
            }
        };
        if schema_type.as_deref() != Some(expected_type) {
            return Err(context.error(
                at,
                format!(
                    "`x-alicert-wire: {}` needs `type: {expected_type}`",
                    wire.as_str().unwrap_or("")
                ),
            ));
        }
        object.insert("x-rust-type".to_owned(), rust_type_extension(rust_type));
    } else if let Some(values) = object.get("enum") {
        let Some(values) = values.as_array() else {
            return Err(context.error(at, "`enum` must be a list"));
        };
        match schema_type.as_deref() {
            Some("string") => {
                let open_enum = collect_enum(context, at, object, values)?;
                let path = format!("{}::types::{}", context.spec.product, open_enum.name);
                merge_enum(context, at, open_enum)?;
                object.insert("x-rust-type".to_owned(), rust_type_extension(&path));
            }
            Some("integer") => {
                // Integer flags (`Del`, `Rollback`) stay integers: their meanings go to the docs, and a value the
                // page does not list still decodes.
                object.remove("enum");
            }
            other => {
                return Err(context.error(
                    at,
                    format!(
                        "`enum` on `type: {}` is not supported (string or integer only)",
                        other.unwrap_or("(none)")
                    ),
                ));
            }
        }
    }

    let rendered = render_doc(&description, &original, object.get("example"));
    if !rendered.is_empty() {
        object.insert("description".to_owned(), Value::String(rendered));
    }
    Ok(())
}

fn collect_enum(
    context: &Context<'_>,
    at: &str,
    object: &Map<String, Value>,
    values: &[Value],
) -> Result<OpenEnum, SpecError> {
    let Some(name) = object.get("title").and_then(Value::as_str) else {
        return Err(context.error(
            at,
            "a string `enum` needs a `title`: it names the generated Rust type (spec/README.md, Valid values)",
        ));
    };
    if !is_type_name(name) {
        return Err(context.error(
            at,
            format!("title `{name}` is not a Rust type name in PascalCase"),
        ));
    }
    let meanings = object.get("x-enum-descriptions").and_then(Value::as_object);
    let mut known = Vec::with_capacity(values.len());
    for value in values {
        let Some(text) = value.as_str() else {
            return Err(context.error(at, format!("enum value {value} is not a string")));
        };
        if known
            .iter()
            .any(|(seen, _): &(String, String)| seen == text)
        {
            return Err(context.error(at, format!("enum value `{text}` is listed twice")));
        }
        let meaning = meanings
            .and_then(|meanings| meanings.get(text))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        known.push((text.to_owned(), meaning));
    }
    if let Some(meanings) = meanings {
        for key in meanings.keys() {
            if !known.iter().any(|(value, _)| value == key) {
                return Err(context.error(
                    at,
                    format!("`x-enum-descriptions` describes `{key}`, which `enum` does not list"),
                ));
            }
        }
    }
    let doc = object
        .get("description")
        .and_then(Value::as_str)
        .map(|text| text.trim_end_matches("Valid values:").trim_end().to_owned())
        .unwrap_or_default();
    let where_seen = match &context.operation {
        Some(operation) => format!("{operation} {at}"),
        None => at.to_owned(),
    };
    Ok(OpenEnum {
        name: name.to_owned(),
        doc,
        values: known,
        first_seen: where_seen,
    })
}

/// One title may name the same enum in several places (a request filter and the response field it filters).
/// They must list the same values; meanings and order come from the first place that gives them.
fn merge_enum(context: &mut Context<'_>, at: &str, incoming: OpenEnum) -> Result<(), SpecError> {
    let Some(existing) = context.enums.get_mut(&incoming.name) else {
        context.enums.insert(incoming.name.clone(), incoming);
        return Ok(());
    };
    let mut left: Vec<&str> = existing
        .values
        .iter()
        .map(|(value, _)| value.as_str())
        .collect();
    let mut right: Vec<&str> = incoming
        .values
        .iter()
        .map(|(value, _)| value.as_str())
        .collect();
    left.sort_unstable();
    right.sort_unstable();
    if left != right {
        let message = format!(
            "title `{}` names two enums with different values (first at {}: {left:?}; here: {right:?})",
            incoming.name, existing.first_seen
        );
        return Err(context.error(at, message));
    }
    for (value, meaning) in incoming.values {
        if let Some(slot) = existing
            .values
            .iter_mut()
            .find(|(known, _)| *known == value)
            && slot.1.is_empty()
        {
            slot.1 = meaning;
        }
    }
    if existing.doc.is_empty() {
        existing.doc = incoming.doc;
    }
    Ok(())
}

fn rust_type_extension(path: &str) -> Value {
    json!({
        "crate": API_CRATE,
        "version": "*",
        "path": format!("{}::{path}", API_CRATE.replace('-', "_")),
    })
}

/// The description rustdoc shows: the page's prose, its valid values, the wire correction and the example.
fn render_doc(description: &str, schema: &Value, example: Option<&Value>) -> String {
    let mut doc = description.trim_end().to_owned();
    let paragraph = |doc: &mut String, text: &str| {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(text);
    };
    if let Some(meanings) = schema.get("x-enum-descriptions").and_then(Value::as_object) {
        let order: Vec<String> = match schema.get("enum").and_then(Value::as_array) {
            Some(values) => values.iter().filter_map(value_text).collect(),
            None => meanings.keys().cloned().collect(),
        };
        let mut list = String::new();
        if !doc.trim_end().ends_with("Valid values:") {
            list.push_str("Valid values:\n");
        }
        for value in order {
            let meaning = meanings.get(&value).and_then(Value::as_str).unwrap_or("");
            if meaning.is_empty() {
                list.push_str(&format!("- `{value}`\n"));
            } else {
                list.push_str(&format!("- `{value}`: {meaning}\n"));
            }
        }
        if doc.trim_end().ends_with("Valid values:") {
            doc.push('\n');
            doc.push('\n');
            doc.push_str(list.trim_end());
        } else {
            paragraph(&mut doc, list.trim_end());
        }
    } else if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let list: Vec<String> = values
            .iter()
            .filter_map(value_text)
            .map(|v| format!("`{v}`"))
            .collect();
        paragraph(&mut doc, &format!("Valid values: {}.", list.join(", ")));
    }
    if let Some(correction) = schema.get("x-alicert-correction").and_then(Value::as_str) {
        paragraph(&mut doc, &format!("**Wire format:** {}", correction.trim()));
    }
    if let Some(example) = example.filter(|example| !example.is_object() && !example.is_array()) {
        let text = value_text(example).unwrap_or_default();
        paragraph(&mut doc, &format!("Example: `{text}`"));
    } else if let Some(example) = schema.get("x-alicert-page-example").and_then(value_text) {
        paragraph(
            &mut doc,
            &format!("Example (as the page shows it): `{example}`"),
        );
    }
    doc
}

fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.bytes().all(|b| b.is_ascii_alphanumeric())
}

//! The operation's entry: summary, description, provenance (`x-alicert-source`), request parameters (each a
//! query parameter in form style) and responses (`200` with the sample, `4XX`/`5XX` the shared `Error`).

use anyhow::{Result, bail};
use serde_yaml::{Mapping, Value};

use super::{
    Builder, OPERATION_KEYS, PARAMETER_KEYS, SCHEMA_KEYS, get_map, is_corrected, json_value,
    kept_keys, string, summary,
};
use crate::docpage::{Kind, Parameter, Row};

impl Builder<'_> {
    pub(crate) fn operation(
        &mut self,
        existing: Option<&Mapping>,
        schema_name: &str,
        has_error_response: bool,
    ) -> Result<Mapping> {
        let page = self.page;
        let mut operation = Mapping::new();
        let description = page.description.join("\n\n");
        operation.insert(string("summary"), string(&summary(&page.description)));
        operation.insert(string("description"), string(&description));
        let mut source = Mapping::new();
        source.insert(string("page"), string(&page.name));
        source.insert(string("title"), string(&page.title));
        source.insert(string("lastUpdated"), string(&page.last_updated));
        operation.insert(string("x-alicert-source"), Value::Mapping(source));
        operation.insert(string("operationId"), string(&page.action));
        for (key, value) in kept_keys(existing, &OPERATION_KEYS) {
            operation.insert(key, value);
        }

        let existing_parameters: Vec<&Mapping> = existing
            .and_then(|operation| operation.get("parameters"))
            .and_then(Value::as_sequence)
            .map(|list| list.iter().filter_map(Value::as_mapping).collect())
            .unwrap_or_default();
        let mut parameters = Vec::new();
        for parameter in &page.parameters {
            let name = parameter.row.name.as_deref().unwrap_or_default();
            let previous = existing_parameters
                .iter()
                .copied()
                .find(|existing| existing.get("name").and_then(Value::as_str) == Some(name));
            parameters.push(Value::Mapping(self.parameter(parameter, previous)));
        }
        if !parameters.is_empty() {
            operation.insert(string("parameters"), Value::Sequence(parameters));
        }

        let existing_responses =
            existing.and_then(|operation| get_map(Some(operation), "responses"));
        let existing_ok = get_map(existing_responses, "200");
        let mut ok = Mapping::new();
        let ok_description = existing_ok
            .and_then(|ok| ok.get("description"))
            .cloned()
            .unwrap_or_else(|| string(&format!("The {} response.", page.action)));
        ok.insert(string("description"), ok_description);
        let mut json = Mapping::new();
        let mut reference = Mapping::new();
        reference.insert(
            string("$ref"),
            string(&format!("#/components/schemas/{schema_name}")),
        );
        json.insert(string("schema"), Value::Mapping(reference));
        if let Some(sample) = &page.sample {
            json.insert(string("example"), json_value(sample));
        }
        for (key, value) in kept_keys(
            get_map(get_map(existing_ok, "content"), "application/json"),
            &["schema", "example"],
        ) {
            json.insert(key, value);
        }
        let mut content = Mapping::new();
        content.insert(string("application/json"), Value::Mapping(json));
        ok.insert(string("content"), Value::Mapping(content));
        for (key, value) in kept_keys(existing_ok, &["description", "content"]) {
            ok.insert(key, value);
        }
        let mut responses = Mapping::new();
        responses.insert(string("200"), Value::Mapping(ok));
        match existing_responses {
            Some(existing) => {
                for (code, response) in existing {
                    if code.as_str() != Some("200") {
                        responses.insert(code.clone(), response.clone());
                    }
                }
            }
            None => {
                if !has_error_response {
                    bail!(
                        "{}: the spec has no `components.responses.Error` for the new operation's 4XX and 5XX \
                         responses; expected one (spec/README.md, Errors)",
                        self.spec_name
                    );
                }
                for code in ["4XX", "5XX"] {
                    let mut error = Mapping::new();
                    error.insert(string("$ref"), string("#/components/responses/Error"));
                    responses.insert(string(code), Value::Mapping(error));
                }
            }
        }
        operation.insert(string("responses"), Value::Mapping(responses));
        Ok(operation)
    }

    pub(super) fn parameter(
        &mut self,
        parameter: &Parameter,
        existing: Option<&Mapping>,
    ) -> Mapping {
        let row = &parameter.row;
        let name = row.name.clone().unwrap_or_default();
        let existing_schema = get_map(existing, "schema");
        let corrected = is_corrected(existing) || is_corrected(existing_schema);
        let mut out = Mapping::new();
        out.insert(string("name"), string(&name));
        out.insert(string("in"), string("query"));
        let description = row.description_text();
        if !description.is_empty() {
            out.insert(string("description"), string(&description));
        }
        out.insert(
            string("required"),
            Value::Bool(row.required.unwrap_or(false)),
        );
        out.insert(string("style"), string("form"));
        out.insert(string("explode"), Value::Bool(true));

        let mut schema = Mapping::new();
        let mut example = None;
        let mut page_example = None;
        if !parameter.fields.is_empty() {
            // An object, or a list of objects: its fields from the rows indented under it.
            let path = format!("parameter {name}");
            if let Kind::Array(_) = &row.kind {
                schema.insert(string("type"), string("array"));
                let object = self.request_object(
                    &parameter.fields,
                    get_map(existing_schema, "items"),
                    &format!("{path}[]"),
                    &format!("{name}Item"),
                );
                schema.insert(string("items"), Value::Mapping(object));
            } else {
                schema = self.request_object(&parameter.fields, existing_schema, &path, &name);
            }
            if let Some((_, text)) = &row.example {
                page_example = Some(text.clone());
            }
        } else if let Kind::Array(inner) = &row.kind {
            let item_kind = parameter
                .items
                .as_ref()
                .map(|items| items.kind.clone())
                .or_else(|| inner.as_deref().cloned())
                .unwrap_or(Kind::String);
            if let Some(title) = existing_schema.and_then(|schema| schema.get("title")) {
                schema.insert(string("title"), title.clone());
            }
            schema.insert(string("type"), string("array"));
            let item_row = parameter.items.clone().unwrap_or_else(|| Row {
                line: row.line,
                name: None,
                type_name: String::new(),
                kind: item_kind,
                required: None,
                description: Vec::new(),
                valid_values: None,
                example: None,
                depth: None,
            });
            let path = format!("parameter {name}[]");
            let items = self.scalar_schema(
                &item_row,
                &[],
                get_map(existing_schema, "items"),
                &path,
                &format!("{name}Item"),
            );
            schema.insert(string("items"), Value::Mapping(items));
            for (key, value) in kept_keys(existing_schema, &SCHEMA_KEYS) {
                schema.insert(key, value);
            }
            if let Some((_, text)) = &row.example {
                page_example = Some(text.clone());
            }
        } else {
            let path = format!("parameter {name}");
            let parts = self.scalar(row, &[], &path);
            example = parts.example.clone();
            page_example = parts.page_example.clone();
            let title = self.enum_title(existing_schema, &parts, &path, &name);
            if let Some(title) = title {
                schema.insert(string("title"), title);
            }
            self.write_scalar_schema(
                &mut schema,
                &parts,
                existing_schema,
                existing,
                corrected,
                &path,
                false,
            );
            if !corrected {
                self.note_page_example(&path, &row.type_name, &parts, existing);
            } else {
                example = existing
                    .and_then(|existing| existing.get("example"))
                    .cloned();
                page_example = existing
                    .and_then(|existing| existing.get("x-alicert-page-example"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                self.note_kept_example(&path, &parts, example.as_ref(), page_example.as_deref());
            }
        }
        out.insert(string("schema"), Value::Mapping(schema));
        if let Some(example) = example {
            out.insert(string("example"), example);
        }
        if let Some(page_example) = page_example {
            out.insert(string("x-alicert-page-example"), string(&page_example));
        }
        for (key, value) in kept_keys(existing, &PARAMETER_KEYS) {
            out.insert(key, value);
        }
        out
    }

    /// The schema of a request object: a title (kept, or named from the Action and the parameter) and the fields.
    fn request_object(
        &mut self,
        fields: &[Row],
        existing: Option<&Mapping>,
        path: &str,
        name: &str,
    ) -> Mapping {
        let mut object = Mapping::new();
        let title = match existing.and_then(|existing| existing.get("title")) {
            Some(title) => title.clone(),
            None => {
                let candidate = format!("{}{name}", self.page.action);
                string(&self.invent_title(&candidate, path))
            }
        };
        object.insert(string("title"), title);
        object.insert(string("type"), string("object"));
        let existing_properties = get_map(existing, "properties");
        let mut properties = Mapping::new();
        for field in fields {
            let field_name = field.name.clone().unwrap_or_default();
            let schema = self.scalar_schema(
                field,
                &[],
                get_map(existing_properties, &field_name),
                &format!("{path}.{field_name}"),
                &field_name,
            );
            properties.insert(string(&field_name), Value::Mapping(schema));
        }
        object.insert(string("properties"), Value::Mapping(properties));
        object
    }
}

//! The operations of a spec as data, emitted beside the client: names, help text and parameters, plus an `invoke`
//! function that calls the typed builder for an Action given its arguments as text. Tools built on the crate (the
//! `alicert` CLI) derive their commands from it, so an operation added to the spec shows up in them without
//! handwritten code.

use heck::{ToKebabCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::error::SpecError;
use crate::load::Spec;

pub(crate) struct Parameter {
    pub name: String,
    pub required: bool,
    pub kind: &'static str,
    pub description: String,
    pub values: Vec<String>,
    /// The spec's example, as text (empty when none).
    pub example: String,
}

pub(crate) struct Operation {
    pub action: String,
    pub summary: String,
    pub description: String,
    pub parameters: Vec<Parameter>,
}

fn text(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_owned()
}

pub(crate) fn operations(spec: &Spec) -> Result<Vec<Operation>, SpecError> {
    let mut operations = Vec::new();
    let paths = spec.document.get("paths").and_then(Value::as_object);
    for item in paths.into_iter().flat_map(|paths| paths.values()) {
        let Some((_, operation)) = item
            .as_object()
            .and_then(|item| item.iter().find(|(method, _)| method.as_str() == "post"))
        else {
            continue;
        };
        let action = text(operation.get("operationId"));
        let mut parameters = Vec::new();
        for parameter in operation
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = text(parameter.get("name"));
            let schema = parameter.get("schema").cloned().unwrap_or_default();
            let kind = match (
                schema.get("type").and_then(Value::as_str),
                schema.get("format").and_then(Value::as_str),
            ) {
                (Some("integer"), Some("int32")) => "Int32",
                (Some("integer"), _) => "Int64",
                (Some("string"), _) => "String",
                (Some("boolean"), _) => "Boolean",
                (other, _) => {
                    return Err(SpecError::new(
                        &spec.file,
                        format!(
                            "parameter {name} has type `{}`; tools can pass integer, string and boolean parameters",
                            other.unwrap_or("(none)")
                        ),
                    )
                    .in_operation(action));
                }
            };
            let values = schema
                .get("enum")
                .and_then(Value::as_array)
                .map(|values| {
                    values
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            parameters.push(Parameter {
                name,
                required: parameter
                    .get("required")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                kind,
                description: text(parameter.get("description")),
                values,
                example: example_text(parameter.get("example").or_else(|| schema.get("example"))),
            });
        }
        operations.push(Operation {
            summary: text(operation.get("summary")),
            description: text(operation.get("description")),
            action,
            parameters,
        });
    }
    Ok(operations)
}

/// An example as a command line would give it: text as is, numbers and booleans as written, nothing for the rest.
fn example_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        Some(Value::Bool(flag)) => flag.to_string(),
        _ => String::new(),
    }
}

/// The builder method progenitor gives a parameter: its snake_case name, with `_` after a Rust keyword (`Type` is
/// `type_`). Validation has made sure the name is a parameter name.
fn builder_method(name: &str) -> proc_macro2::Ident {
    let snake = name.to_snake_case();
    if syn::parse_str::<syn::Ident>(&snake).is_ok() {
        format_ident!("{snake}")
    } else {
        format_ident!("{snake}_")
    }
}

/// The `operations` module for one spec.
pub(crate) fn emit(spec: &Spec) -> Result<TokenStream, SpecError> {
    let operations = operations(spec)?;
    let entries = operations.iter().map(|operation| {
        let action = &operation.action;
        let command = operation.action.to_kebab_case();
        let summary = &operation.summary;
        let description = &operation.description;
        let parameters = operation.parameters.iter().map(|parameter| {
            let name = &parameter.name;
            let flag = parameter.name.to_kebab_case();
            let required = parameter.required;
            let kind = format_ident!("{}", parameter.kind);
            let description = &parameter.description;
            let values = &parameter.values;
            let example = &parameter.example;
            quote! {
                ::alicert_api::catalog::Parameter {
                    name: #name,
                    flag: #flag,
                    required: #required,
                    kind: ::alicert_api::catalog::ParameterKind::#kind,
                    description: #description,
                    values: &[#(#values),*],
                    example: #example,
                }
            }
        });
        quote! {
            ::alicert_api::catalog::Operation {
                action: #action,
                command: #command,
                summary: #summary,
                description: #description,
                parameters: &[#(#parameters),*],
            }
        }
    });
    let arms = operations.iter().map(|operation| {
        let action = &operation.action;
        let method = format_ident!("{}", operation.action.to_snake_case());
        let setters = operation.parameters.iter().map(|parameter| {
            let name = &parameter.name;
            let setter = builder_method(&parameter.name);
            let getter = format_ident!(
                "{}",
                match parameter.kind {
                    "Int32" => "int32",
                    "Int64" => "int64",
                    "Boolean" => "boolean",
                    _ => "string",
                }
            );
            quote! {
                if let Some(value) = arguments.#getter(#name)? {
                    request = request.#setter(value);
                }
            }
        });
        quote! {
            #action => {
                let mut request = client.#method();
                #(#setters)*
                let response = request.send().await?;
                ::alicert_api::catalog::to_json(&response.into_inner())
            }
        }
    });
    let product = &spec.product;
    Ok(quote! {
        /// This API's operations as data, for tools that derive their commands from the spec.
        pub mod operations {
            /// Every operation of the spec, in the spec's order.
            pub static OPERATIONS: &[::alicert_api::catalog::Operation] = &[#(#entries),*];

            /// Calls `action` through the typed client with `arguments` (parameter name to text), and returns the
            /// response body as JSON with the API's own field names.
            pub async fn invoke(
                client: &super::Client,
                action: &str,
                arguments: &::alicert_api::catalog::Arguments,
            ) -> ::std::result::Result<::serde_json::Value, ::alicert_api::Error> {
                match action {
                    #(#arms)*
                    other => Err(::alicert_api::Error::invalid_request(format!(
                        "{} has no operation {other}", #product
                    ))),
                }
            }
        }
    })
}

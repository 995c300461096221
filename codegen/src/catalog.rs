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
    /// For a `List`: the kind of its items.
    pub items: Option<&'static str>,
    /// For a `List` or `Json` parameter: the Rust type its JSON text is read as (the builder's own type).
    pub rust_type: Option<TokenStream>,
    /// A `number` of format `float` (progenitor's `f32`).
    pub float32: bool,
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
            let (kind, items, rust_type) = kind_of(&schema).map_err(|message| {
                SpecError::new(&spec.file, format!("parameter {name}: {message}"))
                    .in_operation(action.clone())
            })?;
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
                items,
                rust_type,
                float32: schema.get("format").and_then(Value::as_str) == Some("float"),
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

/// The kind of a scalar schema, as `catalog::ParameterKind` names it.
fn scalar_kind(schema: &Value) -> Option<&'static str> {
    match (
        schema.get("type").and_then(Value::as_str),
        schema.get("format").and_then(Value::as_str),
    ) {
        (Some("integer"), Some("int32")) => Some("Int32"),
        (Some("integer"), _) => Some("Int64"),
        (Some("string"), _) => Some("String"),
        (Some("boolean"), _) => Some("Boolean"),
        (Some("number"), _) => Some("Number"),
        _ => None,
    }
}

/// A parameter's kind; for a list its items' kind; for a list or an object the Rust type the builder takes.
#[allow(clippy::type_complexity)]
fn kind_of(
    schema: &Value,
) -> Result<(&'static str, Option<&'static str>, Option<TokenStream>), String> {
    if let Some(kind) = scalar_kind(schema) {
        return Ok((kind, None, None));
    }
    // `rust_type` refuses every type but lists and objects here (the scalars are handled above).
    let rust_type = Some(rust_type(schema)?);
    let items = schema.get("items").unwrap_or(&Value::Null);
    match (
        schema.get("type").and_then(Value::as_str),
        scalar_kind(items),
    ) {
        (Some("array"), Some(kind)) => Ok(("List", Some(kind), rust_type)),
        _ => Ok(("Json", None, rust_type)),
    }
}

/// The Rust type progenitor gives a parameter's schema: a titled schema is the type of that name in `types`.
fn rust_type(schema: &Value) -> Result<TokenStream, String> {
    let title = schema.get("title").and_then(Value::as_str);
    let format = schema.get("format").and_then(Value::as_str);
    Ok(match (schema.get("type").and_then(Value::as_str), title) {
        (Some("string" | "object"), Some(title)) => {
            let title = syn::parse_str::<syn::Ident>(title)
                .map_err(|_| format!("title `{title}` is not a Rust type name"))?;
            quote!(super::types::#title)
        }
        (Some("string"), None) => quote!(::std::string::String),
        (Some("integer"), _) if format == Some("int32") => quote!(i32),
        (Some("integer"), _) => quote!(i64),
        (Some("number"), _) if format == Some("float") => quote!(f32),
        (Some("number"), _) => quote!(f64),
        (Some("boolean"), _) => quote!(bool),
        (Some("array"), _) => {
            let items = rust_type(schema.get("items").unwrap_or(&Value::Null))?;
            quote!(::std::vec::Vec<#items>)
        }
        (Some("object"), None) => {
            return Err(
                "an object needs a `title`: it names the Rust type a tool passes (spec/README.md, Named objects)"
                    .to_owned(),
            );
        }
        (other, _) => {
            return Err(format!(
                "type `{}` cannot be passed; parameters are integers, numbers, strings, booleans, lists or objects",
                other.unwrap_or("(none)")
            ));
        }
    })
}

/// An example as a tool would give it: text as is, numbers and booleans as written, a list or an object as JSON.
fn example_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        Some(Value::Bool(flag)) => flag.to_string(),
        Some(value @ (Value::Array(_) | Value::Object(_))) => value.to_string(),
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
            let items = match parameter.items {
                Some(items) => {
                    let items = format_ident!("{items}");
                    quote!(Some(::alicert_api::catalog::ParameterKind::#items))
                }
                None => quote!(None),
            };
            let description = &parameter.description;
            let values = &parameter.values;
            let example = &parameter.example;
            quote! {
                ::alicert_api::catalog::Parameter {
                    name: #name,
                    flag: #flag,
                    required: #required,
                    kind: ::alicert_api::catalog::ParameterKind::#kind,
                    items: #items,
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
            match (parameter.kind, &parameter.rust_type) {
                (_, Some(rust_type)) => quote! {
                    if let Some(value) = arguments.json::<#rust_type>(#name)? {
                        request = request.#setter(value);
                    }
                },
                ("Number", _) => {
                    let value = if parameter.float32 {
                        quote!(value as f32)
                    } else {
                        quote!(value)
                    };
                    quote! {
                        if let Some(value) = arguments.number(#name)? {
                            request = request.#setter(#value);
                        }
                    }
                }
                (kind, _) => {
                    let getter = format_ident!(
                        "{}",
                        match kind {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(yaml: &str) -> Result<(&'static str, Option<&'static str>, String), String> {
        let schema: Value = serde_yaml::from_str(yaml).unwrap();
        kind_of(&schema).map(|(kind, items, rust_type)| {
            (
                kind,
                items,
                rust_type
                    .map(|tokens| tokens.to_string())
                    .unwrap_or_default(),
            )
        })
    }

    #[test]
    fn every_parameter_type_a_page_gives_has_a_kind_and_the_builders_type() {
        assert_eq!(kind("{type: number, format: double}").unwrap().0, "Number");
        let (list, items, rust_type) =
            kind("{type: array, items: {type: integer, format: int64}}").unwrap();
        assert_eq!((list, items), ("List", Some("Int64")));
        assert_eq!(rust_type.replace(' ', ""), "::std::vec::Vec<i64>");
        let (_, _, enums) =
            kind("{type: array, items: {type: string, title: WorkerStatus, enum: [a]}}").unwrap();
        assert_eq!(
            enums.replace(' ', ""),
            "::std::vec::Vec<super::types::WorkerStatus>"
        );
        let (json, _, tags) =
            kind("{type: array, items: {type: object, title: Tag, properties: {}}}").unwrap();
        assert_eq!(json, "Json");
        assert_eq!(tags.replace(' ', ""), "::std::vec::Vec<super::types::Tag>");
        let floats = kind("{type: array, items: {type: number, format: float}}")
            .unwrap()
            .2;
        assert_eq!(floats.replace(' ', ""), "::std::vec::Vec<f32>");
    }

    #[test]
    fn an_object_without_a_title_says_it_needs_one() {
        let error = kind("{type: object, properties: {Key: {type: string}}}").unwrap_err();
        assert!(error.contains("needs a `title`"), "{error}");
        let error = kind("{type: array, items: {type: object}}").unwrap_err();
        assert!(error.contains("needs a `title`"), "{error}");
    }
}

//! The gateway's parameter checks, read from the table before any handler runs: a required parameter that is absent
//! or empty is `Missing<Name>`, a value that is not of its type (or not one of its listed values) is
//! `InvalidParameter` naming the parameter, both HTTP 400, in the gateway's wording. Parameters the table does not
//! know are ignored, as the service ignores them. Handlers then only make the checks of their business (a job that
//! does not exist, a page size out of range).
//!
//! Values are read as the gateway's Java conversions read them: no surrounding whitespace, an optional sign,
//! `true`/`false` in any case for booleans, a finite decimal (exponent allowed) for numbers.

use crate::error::{ApiError, quote};
use crate::request::Incoming;
use crate::table::{Operation, Parameter, ParameterType};

/// Checks every parameter `operation` declares against what `incoming` sent.
pub(crate) fn check(operation: &Operation, incoming: &Incoming) -> Result<(), ApiError> {
    for parameter in operation.parameters {
        check_one(parameter, incoming)?;
    }
    Ok(())
}

fn check_one(parameter: &Parameter, incoming: &Incoming) -> Result<(), ApiError> {
    let name = parameter.name;
    let value = incoming.param(name).filter(|value| !value.is_empty());
    if matches!(parameter.kind, ParameterType::Array | ParameterType::Object) {
        // A list or map travels flattened (`Name.1`, `Name.Key`) or as one JSON value under its own name.
        let flattened = incoming.params().any(|(sent, value)| {
            !value.is_empty()
                && sent
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('.'))
        });
        if value.is_none() && !flattened && parameter.required {
            return Err(ApiError::missing(name));
        }
        return Ok(());
    }
    let Some(value) = value else {
        return if parameter.required {
            Err(ApiError::missing(name))
        } else {
            Ok(())
        };
    };
    let invalid = |problem: std::fmt::Arguments<'_>| ApiError::invalid_parameter(name, problem);
    match parameter.kind {
        ParameterType::Int32 => match value.parse::<i64>() {
            Ok(number) if i32::try_from(number).is_err() => {
                return Err(invalid(format_args!(
                    "{number} is out of range for a 32-bit integer"
                )));
            }
            Ok(_) => {}
            Err(_) => {
                return Err(invalid(format_args!(
                    "{} is not a 32-bit integer",
                    quote(value)
                )));
            }
        },
        ParameterType::Int64 => {
            if value.parse::<i64>().is_err() {
                return Err(invalid(format_args!(
                    "{} is not a 64-bit integer",
                    quote(value)
                )));
            }
        }
        ParameterType::Number => {
            if !value.parse::<f64>().is_ok_and(f64::is_finite) {
                return Err(invalid(format_args!("{} is not a number", quote(value))));
            }
        }
        ParameterType::Boolean => {
            if !value.eq_ignore_ascii_case("true") && !value.eq_ignore_ascii_case("false") {
                return Err(invalid(format_args!(
                    "{} is not true or false",
                    quote(value)
                )));
            }
        }
        ParameterType::String | ParameterType::Array | ParameterType::Object => {}
    }
    if !parameter.values.is_empty() && !is_listed(parameter, value) {
        return Err(invalid(format_args!(
            "{} is not one of {}",
            quote(value),
            parameter.values.join(", ")
        )));
    }
    Ok(())
}

/// Whether `value` is one of the parameter's valid values: as text, or as the same number (`01` is `1`).
fn is_listed(parameter: &Parameter, value: &str) -> bool {
    let number = |text: &str| text.parse::<f64>().ok();
    let numeric = matches!(
        parameter.kind,
        ParameterType::Int32 | ParameterType::Int64 | ParameterType::Number
    );
    parameter.values.iter().any(|listed| {
        *listed == value
            || (numeric && number(listed).is_some() && number(listed) == number(value))
            || (parameter.kind == ParameterType::Boolean && listed.eq_ignore_ascii_case(value))
    })
}

//! The answer of an operation that has no stateful handler: its spec example, field by field in the page's order,
//! with a fresh `RequestId` (drawn from the emulator's sequence, so reproducible with a seed) and the request's own
//! value in every top-level field named like a parameter the request sent (`DomainName` answers the `DomainName`
//! asked for), as the handlers answer for the records they serve. Only same-name top-level fields are echoed, and
//! only where the value fits the example's JSON type (a number where the example has a number); everything else is
//! the example as the page gives it. The handler turns it into XML when the request asks for XML.

use serde::de::IgnoredAny;

use crate::dataset::FUTURE_VALUE;
use crate::error::ApiError;
use crate::request::Incoming;
use crate::table::Operation;

/// The example of `operation` as JSON, answering `incoming` under `request_id`.
pub(crate) fn answer(
    operation: &Operation,
    incoming: &Incoming,
    request_id: &str,
    newer_service: bool,
) -> Result<Vec<u8>, ApiError> {
    let mut fields: Vec<(&str, String)> = operation
        .example
        .iter()
        .map(|field| {
            let value = if field.name == "RequestId" {
                json_string(request_id)
            } else {
                echoed(operation, incoming, field.name, field.json)
                    .unwrap_or_else(|| field.json.to_owned())
            };
            (field.name, value)
        })
        .collect();
    if !fields.iter().any(|(name, _)| *name == "RequestId") {
        fields.insert(0, ("RequestId", json_string(request_id)));
    }
    if newer_service {
        fields.push(("NewFieldFromTheFuture", json_string(FUTURE_VALUE)));
    }
    let mut body = String::from("{");
    for (index, (name, value)) in fields.iter().enumerate() {
        if index > 0 {
            body.push(',');
        }
        body.push_str(&json_string(name));
        body.push(':');
        body.push_str(value);
    }
    body.push('}');
    // A table given in a test may carry text that is not JSON: say so rather than send it.
    if let Err(error) = serde_json::from_str::<IgnoredAny>(&body) {
        return Err(ApiError::new(
            500,
            "InternalError",
            format!(
                "The emulator's example answer of {} is not JSON: {error}.",
                operation.action
            ),
        ));
    }
    Ok(body.into_bytes())
}

/// The request's value for the field `name`, as JSON of the example's type, when the operation has a parameter of
/// that name and the request sent it (validation has checked its type already).
fn echoed(operation: &Operation, incoming: &Incoming, name: &str, example: &str) -> Option<String> {
    operation
        .parameters
        .iter()
        .find(|parameter| parameter.name == name)?;
    let value = incoming.param(name).filter(|value| !value.is_empty())?;
    match example.trim_start().as_bytes().first()? {
        b'"' => Some(json_string(value)),
        b'-' | b'0'..=b'9' => {
            if let Ok(integer) = value.parse::<i64>() {
                Some(integer.to_string())
            } else {
                let number = value.parse::<f64>().ok()?;
                serde_json::Number::from_f64(number).map(|number| number.to_string())
            }
        }
        b't' | b'f' => {
            let flag = ["true", "false"]
                .into_iter()
                .find(|flag| value.eq_ignore_ascii_case(flag))?;
            Some(flag.to_owned())
        }
        _ => None,
    }
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

//! The formats the generator maps, per type. OpenAPI lets a `format` say anything and typify ignores the ones it does
//! not know, so an `int128` or a `uuid` would compile to a plain type and mean nothing; each type accepts only the
//! formats that change the generated type in a way the crate supports.

use serde_json::Value;

use super::display;

/// The formats the generator maps, per type: OpenAPI 3.0's own for numbers, and the string formats typify turns
/// into a type the generated crate can name (chrono's dates and std's addresses).
pub(super) fn check_format(schema_type: Option<&str>, format: &Value) -> Result<(), String> {
    let Some(format) = format.as_str() else {
        return Err(format!("`format: {}` must be a string", display(format)));
    };
    let known: &[&str] = match schema_type {
        Some("integer") => &["int32", "int64"],
        Some("number") => &["float", "double"],
        Some("string") => &["date", "date-time", "ip", "ipv4", "ipv6"],
        _ => &[],
    };
    if known.contains(&format) {
        return Ok(());
    }
    let type_name = schema_type.unwrap_or("(no type)");
    if known.is_empty() {
        Err(format!(
            "`format: {format}` means nothing on `type: {type_name}`; remove it"
        ))
    } else {
        Err(format!(
            "`format: {format}` is not supported on `type: {type_name}` (supported: {})",
            known.join(", ")
        ))
    }
}

/// A request parameter is set from text by tools (the operation catalog), so its string has no format.
pub(super) fn check_parameter_format(schema: &Value) -> Result<(), String> {
    match (
        schema.get("type").and_then(Value::as_str),
        schema.get("format").and_then(Value::as_str),
    ) {
        (Some("string"), Some(format)) => Err(format!(
            "`format: {format}` is not supported on a string parameter: parameters are passed as text"
        )),
        _ => Ok(()),
    }
}

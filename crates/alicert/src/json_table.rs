//! Table output for the generated operation commands, from the response's JSON alone, so that a new operation prints
//! sensibly with no code of its own: an object's plain fields become label/value lines, each list of objects a table
//! (or, when its columns cannot fit the terminal, one label/value block per entry, like psql's expanded mode), and
//! nested objects a section of their own. Timestamps the API sends as Unix milliseconds (`GmtCreate`, `*Time`) are
//! shown as dates; `-o json` shows them as sent.

use serde_json::{Map, Value};

use crate::failure::Failure;
use crate::output::Ui;
use crate::style;
use crate::table::{self, Cell, Table};

/// A list whose columns cannot fit keeps the table form up to this many columns, truncated; beyond, it is expanded.
const MAX_SQUEEZED_COLUMNS: usize = 7;

/// Prints `value` for people.
pub fn print(ui: &Ui, value: &Value) -> Result<(), Failure> {
    for line in render(value, ui.width()) {
        ui.line(line)?;
    }
    Ok(())
}

/// The lines for `value`, fitted to `width`.
pub fn render(value: &Value, width: Option<usize>) -> Vec<String> {
    let mut lines = Vec::new();
    match value {
        Value::Object(map) => object(map, "", width, &mut lines),
        Value::Array(items) => array(items, "", width, &mut lines),
        scalar => lines.push(text("", scalar)),
    }
    lines
}

fn object(map: &Map<String, Value>, path: &str, width: Option<usize>, lines: &mut Vec<String>) {
    let mut plain = Vec::new();
    let mut sections = Vec::new();
    for (key, value) in map {
        match value {
            Value::Object(_) => sections.push((key, value)),
            Value::Array(items) if items.iter().any(|item| item.is_object()) => {
                sections.push((key, value))
            }
            _ => plain.push((key.clone(), Cell::from(text(key, value)))),
        }
    }
    if !plain.is_empty() {
        lines.extend(table::pairs(&plain, width, 0));
    }
    for (key, value) in sections {
        let path = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match value {
            Value::Object(inner) => {
                // `{"CertInfos": {"CertInfo": [...]}}`: one heading for the wrapper and its list.
                if let [(only, Value::Array(items))] = inner.iter().collect::<Vec<_>>().as_slice() {
                    let path = format!("{path}.{only}");
                    heading(&path, Some(items.len()), lines);
                    array(items, &path, width, lines);
                } else {
                    heading(&path, None, lines);
                    object(inner, &path, width, lines);
                }
            }
            Value::Array(items) => {
                heading(&path, Some(items.len()), lines);
                array(items, &path, width, lines);
            }
            _ => {}
        }
    }
}

fn heading(path: &str, count: Option<usize>, lines: &mut Vec<String>) {
    if !lines.is_empty() {
        lines.push(String::new());
    }
    let title = match count {
        Some(count) => format!("{path} ({count})"),
        None => path.to_owned(),
    };
    lines.push(style::heading().apply_to(title).to_string());
}

fn array(items: &[Value], path: &str, width: Option<usize>, lines: &mut Vec<String>) {
    if items.is_empty() {
        lines.push(style::dim().apply_to("(none)").to_string());
        return;
    }
    if !items.iter().all(Value::is_object) {
        for item in items {
            lines.push(text("", item));
        }
        return;
    }
    let mut columns: Vec<&str> = Vec::new();
    for item in items {
        if let Value::Object(map) = item {
            for key in map.keys() {
                if !columns.contains(&key.as_str()) {
                    columns.push(key);
                }
            }
        }
    }
    let mut table = Table::new(&columns);
    for item in items {
        let row = columns
            .iter()
            .map(|column| {
                Cell::from(
                    item.get(*column)
                        .map_or_else(String::new, |value| text(column, value)),
                )
            })
            .collect();
        table.push(row);
    }
    let natural: usize =
        table.natural_widths().iter().sum::<usize>() + 2 * columns.len().saturating_sub(1);
    let fits = width.is_none_or(|width| natural <= width);
    if fits || columns.len() <= MAX_SQUEEZED_COLUMNS {
        lines.extend(table.render(width));
        return;
    }
    for (index, item) in items.iter().enumerate() {
        lines.push(
            style::dim()
                .apply_to(format!("── {path}[{}] ──", index + 1))
                .to_string(),
        );
        if let Value::Object(map) = item {
            let pairs: Vec<(String, Cell)> = map
                .iter()
                .map(|(key, value)| (key.clone(), Cell::from(text(key, value))))
                .collect();
            lines.extend(table::pairs(&pairs, width, 2));
        }
    }
}

/// One value as text: strings as they are, timestamps as dates, nested values as compact JSON.
fn text(key: &str, value: &Value) -> String {
    if let Some(date) = timestamp(key, value) {
        return date;
    }
    match value {
        Value::Null => "-".to_owned(),
        Value::String(text) => text.clone(),
        Value::Array(items)
            if items
                .iter()
                .all(|item| !item.is_object() && !item.is_array()) =>
        {
            items
                .iter()
                .map(text_of_scalar)
                .collect::<Vec<_>>()
                .join(", ")
        }
        other => other.to_string(),
    }
}

fn text_of_scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// `GmtCreate: "1679541809000"` as `2023-03-23 03:23 UTC`: only for timestamp-named fields holding 13 digits (or
/// 10, seconds), so an ID never turns into a date.
fn timestamp(key: &str, value: &Value) -> Option<String> {
    if !(key.starts_with("Gmt") || key.ends_with("Time")) {
        return None;
    }
    let digits = match value {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(number) => number.to_string(),
        _ => return None,
    };
    if !(digits.len() == 13 || digits.len() == 10) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: i64 = digits.parse().ok()?;
    let millis = if digits.len() == 10 {
        number.checked_mul(1000)?
    } else {
        number
    };
    chrono::DateTime::from_timestamp_millis(millis).map(crate::human::datetime)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_lists_and_wrappers() {
        console::set_colors_enabled(false);
        let value = json!({
            "RequestId": "R1",
            "GmtCreate": "1679541809000",
            "Id": 1679541809000_i64,
            "Sans": ["a", "b"],
            "CertInfos": {"CertInfo": [{"DomainName": "example.com", "CertExpireTime": "2018-06-03T13:03:39Z"}]},
            "Empty": [],
        });
        let lines = render(&value, Some(80));
        let text = lines.join("\n");
        assert!(text.contains("GmtCreate  2023-03-23 03:23 UTC"), "{text}");
        assert!(text.contains("Id         1679541809000"), "{text}");
        assert!(text.contains("Sans       a, b"), "{text}");
        assert!(text.contains("CertInfos.CertInfo (1)"), "{text}");
        assert!(text.contains("example.com"), "{text}");
    }

    #[test]
    fn wide_lists_expand_and_everything_fits() {
        console::set_colors_enabled(false);
        let item: Map<String, Value> = (0..12)
            .map(|i| (format!("Field{i}"), json!("x".repeat(20))))
            .collect();
        let value = json!({"Data": [item.clone(), item]});
        let lines = render(&value, Some(60));
        assert!(
            lines.iter().any(|line| line.contains("Data[2]")),
            "{lines:?}"
        );
        for line in &lines {
            assert!(crate::table::measure(line) <= 60, "{line}");
        }
        // Without a width limit it stays a table.
        assert!(
            !render(&value, None)
                .iter()
                .any(|line| line.contains("Data[2]"))
        );
        // Odd shapes never panic.
        for odd in [
            json!(null),
            json!([1, [2]]),
            json!({"a": {"b": {}}}),
            json!("s"),
        ] {
            let _ = render(&odd, Some(1));
        }
    }
}

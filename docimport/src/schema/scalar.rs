//! A scalar's schema: its type and format from the page's type name, valid values (as an enum with their
//! meanings), examples checked against both, the titles of enums (kept from the spec, else invented from the
//! place), and the notes a reviewer needs where the page and the spec's corrections disagree.

use serde_yaml::{Mapping, Value};

use super::*;

impl Builder<'_> {
    /// The schema of a scalar response field or array item: description and examples included.
    pub(super) fn scalar_schema(
        &mut self,
        row: &Row,
        samples: &[Json],
        existing: Option<&Mapping>,
        path: &str,
        name: &str,
    ) -> Mapping {
        let parts = self.scalar(row, samples, path);
        let corrected = is_corrected(existing);
        let mut out = Mapping::new();
        if let Some(title) = self.enum_title(existing, &parts, path, name) {
            out.insert(string("title"), title);
        }
        let description = row.description_text();
        if !description.is_empty() {
            out.insert(string("description"), string(&description));
        }
        self.write_scalar_schema(&mut out, &parts, existing, existing, corrected, path, true);
        out
    }

    /// Writes type, format, enum, meanings, (examples when `with_examples`) and the kept keys, in house order.
    /// `example_home` is where the existing example lives (the schema for a field, the parameter for a parameter).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn write_scalar_schema(
        &mut self,
        out: &mut Mapping,
        parts: &Scalar,
        existing: Option<&Mapping>,
        example_home: Option<&Mapping>,
        corrected: bool,
        path: &str,
        with_examples: bool,
    ) {
        let mut schema_type = Value::from(parts.schema_type);
        let mut format = parts.format.map(Value::from);
        let mut values = parts.values.clone();
        let mut meanings = parts.meanings.clone();
        if corrected && let Some(existing) = existing {
            // The correction decided the wire type and any values the page leaves out.
            if let Some(kept_type) = existing.get("type") {
                if kept_type != &schema_type {
                    self.notes.push(format!(
                        "`{path}`: the page says type {}, the spec keeps {} (x-alicert-correction)",
                        parts.schema_type,
                        kept_type.as_str().unwrap_or("?")
                    ));
                }
                schema_type = kept_type.clone();
            }
            format = existing.get("format").cloned();
            if let Some(existing_values) = existing.get("enum").and_then(Value::as_sequence) {
                let mut merged = values.clone().unwrap_or_default();
                let mut merged_meanings = meanings.clone().unwrap_or_default();
                let existing_meanings = existing
                    .get("x-enum-descriptions")
                    .and_then(Value::as_mapping);
                for value in existing_values {
                    if !merged.contains(value) {
                        merged.push(value.clone());
                    }
                    let text = value_text(value);
                    let page_lists = parts
                        .values
                        .as_ref()
                        .is_some_and(|page_values| page_values.contains(value))
                        && !parts.values_added.contains(&text);
                    if !page_lists
                        && let Some(meaning) =
                            existing_meanings.and_then(|meanings| meanings.get(text.as_str()))
                    {
                        merged_meanings.insert(string(&text), meaning.clone());
                    }
                }
                values = Some(merged);
                meanings = Some(merged_meanings);
            }
        }
        out.insert(string("type"), schema_type);
        if let Some(format) = format {
            out.insert(string("format"), format);
        }
        if let Some(values) = values
            && parts.schema_type != "boolean"
        {
            out.insert(string("enum"), Value::Sequence(values));
        }
        if let Some(meanings) = meanings {
            out.insert(string("x-enum-descriptions"), Value::Mapping(meanings));
        }
        if with_examples {
            let (example, page_example) = if corrected {
                let example = example_home.and_then(|home| home.get("example")).cloned();
                let page_example = example_home
                    .and_then(|home| home.get("x-alicert-page-example"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                self.note_kept_example(path, parts, example.as_ref(), page_example.as_deref());
                (example, page_example)
            } else {
                self.note_page_example(path, &parts.type_name, parts, example_home);
                (parts.example.clone(), parts.page_example.clone())
            };
            if let Some(example) = example {
                out.insert(string("example"), example);
            }
            if let Some(page_example) = page_example {
                out.insert(string("x-alicert-page-example"), string(&page_example));
            }
        }
        let kept = kept_keys(existing, &SCHEMA_KEYS);
        let has_correction = kept
            .iter()
            .any(|(key, _)| key.as_str() == Some("x-alicert-correction"));
        for (key, value) in kept {
            out.insert(key, value);
        }
        if !has_correction && let Some(correction) = &parts.correction {
            out.insert(string("x-alicert-correction"), string(correction));
            if let Some(note) = &parts.correction_note {
                self.notes.push(note.clone());
            }
        }
    }

    /// Tells the reviewer about a table example that is not of the row's type, unless the spec already records it.
    pub(super) fn note_page_example(
        &mut self,
        path: &str,
        type_name: &str,
        parts: &Scalar,
        home: Option<&Mapping>,
    ) {
        let Some(text) = &parts.page_example else {
            return;
        };
        let recorded = home
            .and_then(|home| home.get("x-alicert-page-example"))
            .and_then(Value::as_str)
            == Some(text.as_str());
        if !recorded {
            self.notes.push(format!(
                "`{path}`: the table's example `{text}` is not a {type_name}; it goes to x-alicert-page-example"
            ));
        }
    }

    pub(super) fn note_kept_example(
        &mut self,
        path: &str,
        parts: &Scalar,
        kept: Option<&Value>,
        kept_page: Option<&str>,
    ) {
        let page_says = parts
            .example
            .as_ref()
            .map(value_text)
            .or_else(|| parts.page_example.clone());
        let spec_says = kept
            .map(value_text)
            .or_else(|| kept_page.map(str::to_owned));
        if page_says != spec_says
            && let Some(page_says) = page_says
        {
            self.notes.push(format!(
                "`{path}`: kept the spec's example {} (x-alicert-correction); the page's table says {page_says}",
                spec_says.unwrap_or_else(|| "(none)".to_owned())
            ));
        }
    }

    /// The title of a string enum: the spec's, or a new one.
    pub(super) fn enum_title(
        &mut self,
        existing: Option<&Mapping>,
        parts: &Scalar,
        path: &str,
        name: &str,
    ) -> Option<Value> {
        if let Some(title) = existing.and_then(|existing| existing.get("title")) {
            return Some(title.clone());
        }
        if parts.schema_type == "string" && parts.values.is_some() {
            let candidate = format!("{}{name}", self.page.action);
            return Some(Value::String(self.invent_title(&candidate, path)));
        }
        None
    }

    /// A new title for the place at `path`: `candidate` (the Action and the field's name) when it is free, else
    /// one named from the location ([`location_title`]).
    pub(super) fn invent_title(&mut self, candidate: &str, path: &str) -> String {
        let mut base: String = candidate
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if !base.starts_with(|c: char| c.is_ascii_uppercase()) {
            base.insert(0, 'T');
        }
        // A name taken by another place (the request's `Status` and the response's `Data[].Status`) gives way to
        // one derived from the location, which a reader can place; a number is the last resort.
        if self.titles.contains(&base) {
            base = location_title(&self.page.action, path);
        }
        let mut title = base.clone();
        let mut counter = 2;
        while self.titles.contains(&title) {
            title = format!("{base}{counter}");
            counter += 1;
        }
        self.titles.insert(title.clone());
        self.notes.push(format!(
            "`{path}`: named its new Rust type `{title}` (its `title`); rename it in the spec if you like, a re-import \
             keeps titles"
        ));
        title
    }

    /// Type, valid values and examples of a scalar row; extends the valid values with an example or sample value
    /// the page shows but does not list.
    pub(super) fn scalar(&mut self, row: &Row, samples: &[Json], path: &str) -> Scalar {
        let (schema_type, format) = match &row.kind {
            Kind::Integer { format } => ("integer", Some(*format)),
            Kind::Number { format } => ("number", *format),
            Kind::Boolean => ("boolean", None),
            Kind::String => ("string", None),
            Kind::Object => ("object", None),
            Kind::Array(_) => ("array", None),
        };
        let mut parts = Scalar {
            type_name: row.type_name.clone(),
            schema_type,
            format,
            ..Scalar::default()
        };
        if let Some((_, text)) = &row.example {
            match typed(&row.kind, text) {
                Some(value) => parts.example = Some(value),
                None => parts.page_example = Some(text.clone()),
            }
        }
        let Some(valid) = &row.valid_values else {
            return parts;
        };
        let mut values: Vec<Value> = Vec::new();
        let mut meanings = Mapping::new();
        for (value, meaning) in &valid.values {
            if let Some(typed_value) = typed(&row.kind, value) {
                values.push(typed_value);
            }
            meanings.insert(string(value), string(meaning));
        }
        if matches!(
            row.kind,
            Kind::String | Kind::Integer { .. } | Kind::Number { .. }
        ) {
            let listed: Vec<String> = valid
                .values
                .iter()
                .map(|(value, _)| value.clone())
                .collect();
            let mut added: Vec<(String, bool, bool)> = Vec::new();
            let mut consider = |text: String, in_sample: bool, in_table: bool| {
                if listed.contains(&text) {
                    return;
                }
                match added.iter_mut().find(|(known, _, _)| *known == text) {
                    Some(entry) => {
                        entry.1 |= in_sample;
                        entry.2 |= in_table;
                    }
                    None => added.push((text, in_sample, in_table)),
                }
            };
            for sample in samples {
                if let Some(text) = json_scalar_text(sample) {
                    consider(text, true, false);
                }
            }
            if let Some(example) = &parts.example {
                consider(value_text(example), false, true);
            }
            // Table first, as a reader meets it.
            for (text, in_sample, in_table) in &added {
                let Some(typed_value) = typed(&row.kind, text) else {
                    continue;
                };
                let place = match (in_sample, in_table) {
                    (true, true) => "in the page's sample response and as the table's example",
                    (true, false) => "in the page's sample response",
                    _ => "as the table's example",
                };
                values.push(typed_value);
                meanings.insert(
                    string(text),
                    string(&format!(
                        "Not in the page's list of valid values ({}): it appears {place}.",
                        listed.join(", ")
                    )),
                );
                parts.values_added.push(text.clone());
            }
            if !added.is_empty() {
                let shown: Vec<String> = added
                    .iter()
                    .map(|(text, _, _)| format!("\"{text}\""))
                    .collect();
                let (subject, verb) = match (added.iter().any(|a| a.1), added.iter().any(|a| a.2)) {
                    (true, true) => ("its table example and its sample response", "carry"),
                    (true, false) => ("its sample response", "carries"),
                    _ => ("its table example", "carries"),
                };
                parts.correction = Some(format!(
                    "The page lists the valid values {}, but {subject} {verb} {}, which the list does not include. The \
                     schema follows the wire: it keeps the page's values first, in the page's order, and adds the \
                     value{} the page shows, so that a value the page itself shows is a known variant rather than an \
                     unknown one (the list is not closed either way).",
                    human_list(&listed),
                    human_list(&shown),
                    if added.len() == 1 { "" } else { "s" }
                ));
                parts.correction_note = Some(format!(
                    "`{path}`: the page shows {} but does not list {} among the valid values; added to the enum with \
                     an x-alicert-correction",
                    human_list(&shown),
                    if added.len() == 1 { "it" } else { "them" }
                ));
            }
        }
        parts.values = Some(values);
        parts.meanings = Some(meanings);
        parts
    }
}

/// The title named from a place: the Action, then `Request` and the parameter's name for a request parameter, or
/// the response path in PascalCase with `Item` for array items (`parameter Status` →
/// `ListDeploymentJobRequestStatus`, `Data[].Status` → `ListDeploymentJobDataItemStatus`), as `shared_titles` names
/// a place it splits off.
fn location_title(action: &str, path: &str) -> String {
    let (prefix, rest) = match path.strip_prefix("parameter ") {
        Some(rest) => ("Request", rest),
        None => ("", path),
    };
    let mut out = format!("{action}{prefix}");
    for segment in rest.split('.') {
        let (name, items) = match segment.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        let mut upper = true;
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(if upper { c.to_ascii_uppercase() } else { c });
                upper = false;
            } else {
                upper = true;
            }
        }
        if items {
            out.push_str("Item");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::location_title;

    #[test]
    fn titles_named_from_the_location() {
        assert_eq!(
            location_title("ListDeploymentJob", "parameter Status"),
            "ListDeploymentJobRequestStatus"
        );
        assert_eq!(
            location_title("ListDeploymentJob", "Data[].Status"),
            "ListDeploymentJobDataItemStatus"
        );
        assert_eq!(
            location_title("ListThing", "parameter Tags[]"),
            "ListThingRequestTagsItem"
        );
        assert_eq!(
            location_title("ListThing", "Result.items[].sub_kind"),
            "ListThingResultItemsItemSubKind"
        );
    }
}
